//! What a request declares about its use: the research purpose and the facts around
//! it. Front ends fill it from their own syntax (command-line flags, Flight headers) and
//! resolve it the same way.

use genofed_ontologies::duo::{Attestation, DuoError, RequestFacts, ResearchPurpose};
use genofed_ontologies::{Date, Store};

/// A request's declared purpose and facts, before resolution against the ontologies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declaration {
    /// A DUO research purpose: `GRU`, `HMB`, `DS`, `POA`, `CC` or a DUO term id.
    pub purpose: String,
    /// Diseases of the purpose (CURIEs), for DS.
    pub diseases: Vec<String>,
    /// The study develops methods.
    pub methods: bool,
    /// The study includes genetic research.
    pub genetic: bool,
    /// The study includes population origins or ancestry research.
    pub ancestry: bool,
    pub project: Option<String>,
    pub commercial: Option<bool>,
    /// When access was granted, for DUO's TS.
    pub access_granted: Option<Date>,
    pub attestations: Vec<Attestation>,
    /// The day of the request (default: today, UTC).
    pub today: Option<Date>,
}

/// Short names of the attestations, as the command line and headers spell them.
pub const ATTESTATIONS: &[(&str, Attestation)] = &[
    ("irb", Attestation::EthicsApproval),
    ("col", Attestation::Collaboration),
    ("pub", Attestation::Publication),
    ("rtn", Attestation::ReturnResults),
    ("mor", Attestation::Moratorium),
    ("rs", Attestation::ResearchType),
];

impl Declaration {
    /// A declaration of `purpose` alone.
    pub fn new(purpose: impl Into<String>) -> Self {
        Self {
            purpose: purpose.into(),
            ..Self::default()
        }
    }

    /// The attestation a short name (`irb`, `col`, …; any case) stands for.
    pub fn attestation(name: &str) -> Option<Attestation> {
        ATTESTATIONS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, a)| *a)
    }

    /// The short name of an attestation.
    pub fn attestation_name(attestation: Attestation) -> &'static str {
        ATTESTATIONS
            .iter()
            .find(|(_, a)| *a == attestation)
            .map_or("?", |(n, _)| n)
    }

    /// The research purpose and the request's facts (identity facts come from the
    /// principal later).
    pub fn resolve(&self, store: &Store) -> Result<(ResearchPurpose, RequestFacts), DuoError> {
        let diseases: Vec<&str> = self.diseases.iter().map(String::as_str).collect();
        let purpose = ResearchPurpose::parse(&self.purpose, &diseases, store)?;
        let purpose = ResearchPurpose {
            methods_development: purpose.methods_development || self.methods,
            genetic: purpose.genetic || self.genetic,
            population_ancestry: purpose.population_ancestry || self.ancestry,
            ..purpose
        };
        let mut facts = RequestFacts::new(self.today.unwrap_or_else(Date::today));
        facts.project.clone_from(&self.project);
        facts.commercial = self.commercial;
        facts.access_granted = self.access_granted;
        facts.attestations = self.attestations.iter().copied().collect();
        Ok((purpose, facts))
    }
}
