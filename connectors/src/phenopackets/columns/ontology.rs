//! Ontology classes, external references and evidence.

use crate::phenopackets::columns::{Utf8, struct_column};
use crate::phenopackets::model::{Evidence, ExternalReference, OntologyClass};

struct_column! {
    /// `Struct{id, label}`, the type of every ontology class.
    OntologyColumn for OntologyClass {
        id: Utf8 => |c| c.id.as_deref(),
        label: Utf8 => |c| c.label.as_deref(),
    }
}

struct_column! {
    /// `Struct{id, reference, description}`.
    ExternalReferenceColumn for ExternalReference {
        id: Utf8 => |r| r.id.as_deref(),
        reference: Utf8 => |r| r.reference.as_deref(),
        description: Utf8 => |r| r.description.as_deref(),
    }
}

struct_column! {
    /// `Struct{evidence_code, reference}`.
    EvidenceColumn for Evidence {
        evidence_code: OntologyColumn => |e| e.evidence_code.as_ref(),
        reference: ExternalReferenceColumn => |e| e.reference.as_ref(),
    }
}
