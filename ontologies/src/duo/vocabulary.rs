//! The DUO terms genofed reasons about, written from the standard (DUO release
//! 2021-02-23); a test checks every id, label, shorthand and parent against `duo.owl`.

/// One DUO term as embedded in genofed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuoTerm {
    pub id: &'static str,
    pub shorthand: Option<&'static str>,
    pub label: &'static str,
    /// The asserted parent class.
    pub parent: &'static str,
}

impl DuoTerm {
    const fn new(
        id: &'static str,
        shorthand: Option<&'static str>,
        label: &'static str,
        parent: &'static str,
    ) -> Self {
        Self {
            id,
            shorthand,
            label,
            parent,
        }
    }

    /// `GRU (DUO:0000042 general research use)`, or `DUO:0000037 biomedical research`.
    pub fn name(&self) -> String {
        match self.shorthand {
            Some(s) => format!("{s} ({} {})", self.id, self.label),
            None => format!("{} {}", self.id, self.label),
        }
    }
}

/// IAO:0000027, the parent of DUO's two roots.
pub const DATA_ITEM: &str = "IAO:0000027";
/// OBI:0000066, the parent of DUO's research purpose terms.
pub const INVESTIGATION: &str = "OBI:0000066";

pub const DATA_USE_PERMISSION: DuoTerm =
    DuoTerm::new("DUO:0000001", None, "data use permission", DATA_ITEM);
pub const DATA_USE_MODIFIER: DuoTerm =
    DuoTerm::new("DUO:0000017", None, "data use modifier", DATA_ITEM);

// Permissions.
pub const NRES: DuoTerm =
    DuoTerm::new("DUO:0000004", Some("NRES"), "no restriction", "DUO:0000001");
pub const GRU: DuoTerm = DuoTerm::new(
    "DUO:0000042",
    Some("GRU"),
    "general research use",
    "DUO:0000001",
);
pub const HMB: DuoTerm = DuoTerm::new(
    "DUO:0000006",
    Some("HMB"),
    "health or medical or biomedical research",
    "DUO:0000042",
);
pub const DS: DuoTerm = DuoTerm::new(
    "DUO:0000007",
    Some("DS"),
    "disease specific research",
    "DUO:0000006",
);
pub const POA: DuoTerm = DuoTerm::new(
    "DUO:0000011",
    Some("POA"),
    "population origins or ancestry research only",
    "DUO:0000001",
);

// Modifiers.
pub const RS: DuoTerm = DuoTerm::new(
    "DUO:0000012",
    Some("RS"),
    "research specific restrictions",
    "DUO:0000017",
);
pub const NMDS: DuoTerm = DuoTerm::new(
    "DUO:0000015",
    Some("NMDS"),
    "no general methods research",
    "DUO:0000017",
);
pub const GSO: DuoTerm = DuoTerm::new(
    "DUO:0000016",
    Some("GSO"),
    "genetic studies only",
    "DUO:0000017",
);
pub const NPUNCU: DuoTerm = DuoTerm::new(
    "DUO:0000018",
    Some("NPUNCU"),
    "not for profit, non commercial use only",
    "DUO:0000017",
);
pub const NPU: DuoTerm = DuoTerm::new(
    "DUO:0000045",
    Some("NPU"),
    "not for profit organisation use only",
    "DUO:0000018",
);
pub const NCU: DuoTerm = DuoTerm::new(
    "DUO:0000046",
    Some("NCU"),
    "non-commercial use only",
    "DUO:0000018",
);
pub const PUB: DuoTerm = DuoTerm::new(
    "DUO:0000019",
    Some("PUB"),
    "publication required",
    "DUO:0000017",
);
pub const COL: DuoTerm = DuoTerm::new(
    "DUO:0000020",
    Some("COL"),
    "collaboration required",
    "DUO:0000017",
);
pub const IRB: DuoTerm = DuoTerm::new(
    "DUO:0000021",
    Some("IRB"),
    "ethics approval required",
    "DUO:0000017",
);
pub const GS: DuoTerm = DuoTerm::new(
    "DUO:0000022",
    Some("GS"),
    "geographical restriction",
    "DUO:0000017",
);
pub const MOR: DuoTerm = DuoTerm::new(
    "DUO:0000024",
    Some("MOR"),
    "publication moratorium",
    "DUO:0000017",
);
pub const TS: DuoTerm = DuoTerm::new(
    "DUO:0000025",
    Some("TS"),
    "time limit on use",
    "DUO:0000017",
);
pub const US: DuoTerm = DuoTerm::new(
    "DUO:0000026",
    Some("US"),
    "user specific restriction",
    "DUO:0000017",
);
pub const PS: DuoTerm = DuoTerm::new(
    "DUO:0000027",
    Some("PS"),
    "project specific restriction",
    "DUO:0000017",
);
pub const IS: DuoTerm = DuoTerm::new(
    "DUO:0000028",
    Some("IS"),
    "institution specific restriction",
    "DUO:0000017",
);
pub const RTN: DuoTerm = DuoTerm::new(
    "DUO:0000029",
    Some("RTN"),
    "return to database or resource",
    "DUO:0000017",
);
pub const CC: DuoTerm = DuoTerm::new(
    "DUO:0000043",
    Some("CC"),
    "clinical care use",
    "DUO:0000017",
);
pub const NPOA: DuoTerm = DuoTerm::new(
    "DUO:0000044",
    Some("NPOA"),
    "population origins or ancestry research prohibited",
    "DUO:0000017",
);

// Research purposes.
pub const METHOD_DEVELOPMENT: DuoTerm =
    DuoTerm::new("DUO:0000031", None, "method development", INVESTIGATION);
pub const POPULATION_RESEARCH: DuoTerm =
    DuoTerm::new("DUO:0000032", None, "population research", INVESTIGATION);
pub const ANCESTRY_RESEARCH: DuoTerm =
    DuoTerm::new("DUO:0000033", None, "ancestry research", INVESTIGATION);
pub const AGE_CATEGORY_RESEARCH: DuoTerm =
    DuoTerm::new("DUO:0000034", None, "age category research", INVESTIGATION);
pub const GENDER_CATEGORY_RESEARCH: DuoTerm = DuoTerm::new(
    "DUO:0000035",
    None,
    "gender category research",
    INVESTIGATION,
);
pub const RESEARCH_CONTROL: DuoTerm =
    DuoTerm::new("DUO:0000036", None, "research control", INVESTIGATION);
pub const BIOMEDICAL_RESEARCH: DuoTerm =
    DuoTerm::new("DUO:0000037", None, "biomedical research", INVESTIGATION);
pub const GENETIC_RESEARCH: DuoTerm =
    DuoTerm::new("DUO:0000038", None, "genetic research", "DUO:0000037");
pub const DRUG_DEVELOPMENT_RESEARCH: DuoTerm = DuoTerm::new(
    "DUO:0000039",
    None,
    "drug development research",
    "DUO:0000037",
);
pub const DISEASE_CATEGORY_RESEARCH: DuoTerm = DuoTerm::new(
    "DUO:0000040",
    None,
    "disease category research",
    "DUO:0000037",
);

/// Every embedded DUO term.
pub const ALL: &[DuoTerm] = &[
    DATA_USE_PERMISSION,
    DATA_USE_MODIFIER,
    NRES,
    GRU,
    HMB,
    DS,
    POA,
    RS,
    NMDS,
    GSO,
    NPUNCU,
    NPU,
    NCU,
    PUB,
    COL,
    IRB,
    GS,
    MOR,
    TS,
    US,
    PS,
    IS,
    RTN,
    CC,
    NPOA,
    METHOD_DEVELOPMENT,
    POPULATION_RESEARCH,
    ANCESTRY_RESEARCH,
    AGE_CATEGORY_RESEARCH,
    GENDER_CATEGORY_RESEARCH,
    RESEARCH_CONTROL,
    BIOMEDICAL_RESEARCH,
    GENETIC_RESEARCH,
    DRUG_DEVELOPMENT_RESEARCH,
    DISEASE_CATEGORY_RESEARCH,
];

/// The embedded term with this id or shorthand (`DUO:0000007` or `DS`, case-insensitive
/// for shorthands).
pub fn find(code: &str) -> Option<&'static DuoTerm> {
    ALL.iter()
        .find(|t| t.id == code || t.shorthand.is_some_and(|s| s.eq_ignore_ascii_case(code)))
}
