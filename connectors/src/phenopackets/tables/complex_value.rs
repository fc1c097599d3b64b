//! Complex measurement values as JSON text, in the protobuf JSON mapping (lowerCamelCase
//! names, absent fields omitted, non-finite numbers as `null`).

use std::fmt::Write;

use crate::phenopackets::model::{ComplexValue, OntologyClass, Quantity};

/// `{"typedQuantities":[{"type":{...},"quantity":{...}}, ...]}`.
pub(crate) fn to_json(value: &ComplexValue) -> String {
    let mut out = String::from("{\"typedQuantities\":[");
    for (i, typed) in value.typed_quantities.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut object = Object::new(&mut out);
        if let Some(kind) = &typed.kind {
            object.field("type", |out| ontology_class(out, kind));
        }
        if let Some(quantity) = &typed.quantity {
            object.field("quantity", |out| self::quantity(out, quantity));
        }
        object.end();
    }
    out.push_str("]}");
    out
}

fn quantity(out: &mut String, q: &Quantity) {
    let mut object = Object::new(out);
    if let Some(unit) = &q.unit {
        object.field("unit", |out| ontology_class(out, unit));
    }
    if let Some(value) = q.value {
        object.field("value", |out| number(out, value));
    }
    if let Some(range) = &q.reference_range {
        object.field("referenceRange", |out| {
            let mut object = Object::new(out);
            if let Some(unit) = &range.unit {
                object.field("unit", |out| ontology_class(out, unit));
            }
            if let Some(low) = range.low {
                object.field("low", |out| number(out, low));
            }
            if let Some(high) = range.high {
                object.field("high", |out| number(out, high));
            }
            object.end();
        });
    }
    object.end();
}

fn ontology_class(out: &mut String, class: &OntologyClass) {
    let mut object = Object::new(out);
    if let Some(id) = &class.id {
        object.field("id", |out| string(out, id));
    }
    if let Some(label) = &class.label {
        object.field("label", |out| string(out, label));
    }
    object.end();
}

/// A JSON object being written.
struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, empty: true }
    }

    fn field(&mut self, name: &str, value: impl FnOnce(&mut String)) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        string(self.out, name);
        self.out.push(':');
        value(self.out);
    }

    fn end(self) {
        self.out.push('}');
    }
}

fn number(out: &mut String, value: f64) {
    if value.is_finite() {
        let _ = write!(out, "{value:?}");
    } else {
        out.push_str("null");
    }
}

fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
