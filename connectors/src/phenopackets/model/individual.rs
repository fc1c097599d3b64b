//! The subject of a phenopacket (`individual.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{OntologyClass, TimeElement};
use crate::phenopackets::proto::{self, proto_enum};
use crate::phenopackets::timestamp::Timestamp;

/// An individual (subject), typically a human.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Individual {
    pub id: Option<String>,
    #[serde(default, alias = "alternate_ids", deserialize_with = "proto::repeated")]
    pub alternate_ids: Vec<String>,
    #[serde(alias = "date_of_birth")]
    pub date_of_birth: Option<Timestamp>,
    #[serde(alias = "time_at_last_encounter")]
    pub time_at_last_encounter: Option<TimeElement>,
    #[serde(alias = "vital_status")]
    pub vital_status: Option<VitalStatus>,
    pub sex: Option<Sex>,
    #[serde(alias = "karyotypic_sex")]
    pub karyotypic_sex: Option<KaryotypicSex>,
    pub gender: Option<OntologyClass>,
    pub taxonomy: Option<OntologyClass>,
}

/// Whether the individual is alive, and if not when and of what they died.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct VitalStatus {
    pub status: Option<VitalStatusStatus>,
    #[serde(alias = "time_of_death")]
    pub time_of_death: Option<TimeElement>,
    #[serde(alias = "cause_of_death")]
    pub cause_of_death: Option<OntologyClass>,
    #[serde(
        default,
        alias = "survival_time_in_days",
        deserialize_with = "proto::integer"
    )]
    pub survival_time_in_days: Option<u32>,
}

proto_enum! {
    /// `VitalStatus.Status`.
    VitalStatusStatus("vital status") {
        UnknownStatus = 0 => "UNKNOWN_STATUS",
        Alive = 1 => "ALIVE",
        Deceased = 2 => "DECEASED",
    }
}

proto_enum! {
    /// Phenotypic sex.
    Sex("sex") {
        UnknownSex = 0 => "UNKNOWN_SEX",
        Female = 1 => "FEMALE",
        Male = 2 => "MALE",
        OtherSex = 3 => "OTHER_SEX",
    }
}

proto_enum! {
    /// Karyotypic sex.
    KaryotypicSex("karyotypic sex") {
        UnknownKaryotype = 0 => "UNKNOWN_KARYOTYPE",
        Xx = 1 => "XX",
        Xy = 2 => "XY",
        Xo = 3 => "XO",
        Xxy = 4 => "XXY",
        Xxx = 5 => "XXX",
        Xxyy = 6 => "XXYY",
        Xxxy = 7 => "XXXY",
        Xxxx = 8 => "XXXX",
        Xyy = 9 => "XYY",
        OtherKaryotype = 10 => "OTHER_KARYOTYPE",
    }
}

crate::phenopackets::proto::messages!(Individual, VitalStatus);
