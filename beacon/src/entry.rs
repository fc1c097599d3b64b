//! The Beacon v2 default model's entry types: their paths, ids and schemas.

/// An entry type of the Beacon v2 default model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryType {
    GenomicVariant,
    Individual,
    Biosample,
    Run,
    Analysis,
    Cohort,
    Dataset,
}

impl EntryType {
    pub const ALL: [EntryType; 7] = [
        EntryType::GenomicVariant,
        EntryType::Individual,
        EntryType::Biosample,
        EntryType::Run,
        EntryType::Analysis,
        EntryType::Cohort,
        EntryType::Dataset,
    ];

    /// The entry types this node answers queries for (all of them).
    pub const SERVED: [EntryType; 7] = Self::ALL;

    /// The path segment (`g_variants`).
    pub fn path(self) -> &'static str {
        match self {
            EntryType::GenomicVariant => "g_variants",
            EntryType::Individual => "individuals",
            EntryType::Biosample => "biosamples",
            EntryType::Run => "runs",
            EntryType::Analysis => "analyses",
            EntryType::Cohort => "cohorts",
            EntryType::Dataset => "datasets",
        }
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.path() == segment)
    }

    /// The entry type's id (`genomicVariant`).
    pub fn id(self) -> &'static str {
        match self {
            EntryType::GenomicVariant => "genomicVariant",
            EntryType::Individual => "individual",
            EntryType::Biosample => "biosample",
            EntryType::Run => "run",
            EntryType::Analysis => "analysis",
            EntryType::Cohort => "cohort",
            EntryType::Dataset => "dataset",
        }
    }

    /// The model's folder name (`genomicVariations`; the others are their paths).
    pub fn entity(self) -> &'static str {
        match self {
            EntryType::GenomicVariant => "genomicVariations",
            e => e.path(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EntryType::GenomicVariant => "Genomic Variants",
            EntryType::Individual => "Individuals",
            EntryType::Biosample => "Biosamples",
            EntryType::Run => "Sequencing runs",
            EntryType::Analysis => "Bioinformatics analyses",
            EntryType::Cohort => "Cohorts",
            EntryType::Dataset => "Datasets",
        }
    }

    /// The ontology term for the type (as in the default model's configuration).
    pub fn ontology_term(self) -> (&'static str, &'static str) {
        match self {
            EntryType::GenomicVariant => ("ENSGLOSSARY:0000092", "Variant"),
            EntryType::Individual => ("NCIT:C25190", "Person"),
            EntryType::Biosample => ("NCIT:C70699", "Biospecimen"),
            EntryType::Run => ("NCIT:C148088", "Sequencing run"),
            EntryType::Analysis => ("edam:operation_2945", "Analysis"),
            EntryType::Cohort => ("NCIT:C61512", "Cohort"),
            EntryType::Dataset => ("NCIT:C47824", "Data set"),
        }
    }

    /// The id of the default schema records follow (`beacon-g_variant-v2.1.1`).
    pub fn schema(self) -> String {
        let short = match self {
            EntryType::GenomicVariant => "g_variant",
            e => e.id(),
        };
        format!("beacon-{short}-{}", crate::API_VERSION)
    }

    /// Where that schema is published.
    pub fn schema_url(self) -> String {
        format!(
            "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/models/json/beacon-v2-default-model/{}/defaultSchema.json",
            self.entity()
        )
    }

    /// Whether the type is a collection (`datasets`, `cohorts`).
    pub fn is_collection(self) -> bool {
        matches!(self, EntryType::Cohort | EntryType::Dataset)
    }
}
