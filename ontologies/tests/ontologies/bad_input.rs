//! Malformed files, cycles, unknown prefixes, missing files: clear errors, no panics.

use genofed_ontologies::{Error, OboErrorKind, Store};

fn obo_error(text: &str) -> (usize, OboErrorKind) {
    match Store::builder().obo_text("bad.obo", text) {
        Err(Error::Obo { path, line, kind }) => {
            assert_eq!(path.to_str(), Some("bad.obo"));
            (line, kind)
        }
        Err(other) => panic!("expected an OBO error for {text:?}, got {other}"),
        Ok(_) => panic!("expected an OBO error for {text:?}"),
    }
}

#[test]
fn malformed_obo_names_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "[Term]\nid: X:1\nthis line has no tag\n",
            3,
            "expected `tag: value`",
        ),
        ("[Term\nid: X:1\n", 1, "unterminated stanza header"),
        ("[Term]\nname: nameless\n", 1, "without an `id`"),
        ("[Term]\nid: X:1\nid: X:2\n", 3, "a second `id`"),
        ("[Term]\nid: nocolon\n", 2, "`id` needs a prefixed id"),
        (
            "[Term]\nid: X:1\nis_a: just words\n",
            3,
            "`is_a` needs a prefixed id",
        ),
        (
            "[Term]\nid: X:1\ndef: unquoted []\n",
            3,
            "must start with a quoted string",
        ),
        (
            "[Term]\nid: X:1\ndef: \"never closed []\n",
            3,
            "unterminated quoted string",
        ),
        (
            "[Term]\nid: X:1\nsynonym: \"s\" SIMILAR []\n",
            3,
            "unknown synonym scope `SIMILAR`",
        ),
        (
            "[Term]\nid: X:1\nis_obsolete: maybe\n",
            3,
            "must be `true` or `false`",
        ),
    ];
    for (text, line, message) in cases {
        let (got_line, kind) = obo_error(text);
        assert_eq!(got_line, *line, "{text:?}");
        assert!(kind.to_string().contains(message), "{text:?}: {kind}");
    }
    // Unknown stanzas are skipped (OBO 1.2 §2), not read as terms.
    let store = Store::builder().obo_text("f.obo", "[Frame]\nid: X:1\n\n[Term]\nid: X:2\nsynonym: \"two\" []\nexact_synonym: \"deux\" []\n").unwrap().build().unwrap();
    assert!(store.lookup("X:1").is_none());
    let two = store.term("X:2").unwrap();
    assert_eq!(
        two.synonyms.len(),
        2,
        "OBO 1.2 synonyms: {:?}",
        two.synonyms
    );
    assert_eq!(
        two.synonyms[0].scope,
        genofed_ontologies::SynonymScope::Related
    );
    assert_eq!(
        two.synonyms[1].scope,
        genofed_ontologies::SynonymScope::Exact
    );
    // Not UTF-8, on line 2.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.obo");
    std::fs::write(&path, b"[Term]\nid: X:1\xff\n").unwrap();
    let e = Store::builder().load(&path).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Obo {
                line: 2,
                kind: OboErrorKind::NotUtf8,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("latin1.obo` line 2"), "{e}");
}

#[test]
fn cycles_are_named() {
    let text = "[Term]\nid: X:1\nis_a: X:3\n\n[Term]\nid: X:2\nis_a: X:1\n\n[Term]\nid: X:3\nis_a: X:2\n\n[Term]\nid: X:4\nis_a: X:1\n";
    let e = Store::builder()
        .obo_text("cycle.obo", text)
        .unwrap()
        .build()
        .unwrap_err();
    let Error::Cycle { cycle } = &e else {
        panic!("expected a cycle, got {e}")
    };
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{e}");
    for id in ["X:1", "X:2", "X:3"] {
        assert!(cycle.iter().any(|c| c == id), "{e}");
    }
    assert!(
        e.to_string()
            .starts_with("the is_a hierarchy has a cycle: "),
        "{e}"
    );
    // A term that is its own parent, and a cycle across two files.
    let e = Store::builder()
        .obo_text(
            "self.obo",
            "[Term]\nid: X:1\nis_a: X:2\n\n[Term]\nid: X:2\nis_a: X:1\n",
        )
        .unwrap()
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Cycle { .. }));
    let e = Store::builder()
        .obo_text("a.obo", "[Term]\nid: X:1\nis_a: Y:1\n")
        .unwrap()
        .obo_text("b.obo", "[Term]\nid: Y:1\nis_a: X:1\n")
        .unwrap()
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Cycle { .. }), "{e}");
}

#[test]
fn malformed_owl_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    // Truncated RDF/XML.
    let duo = std::fs::read_to_string(crate::support::shared("duo.owl")).unwrap();
    let cut = write("cut.owl", &duo[..duo.len() / 2]);
    let e = Store::builder().load(&cut).unwrap_err();
    assert!(matches!(e, Error::Owl { .. }), "{e}");
    assert!(e.to_string().contains("cut.owl"), "{e}");
    // Mismatched tags.
    let bad = write(
        "tags.owl",
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<owl:Class></rdf:RDF>\n",
    );
    let e = Store::builder().load(&bad).unwrap_err();
    assert!(matches!(e, Error::Owl { .. }), "{e}");
    // Functional syntax with a prefix that is never declared.
    let ofn = write(
        "undeclared.ofn",
        "Prefix(obo:=<http://purl.obolibrary.org/obo/>)\nOntology(<http://example.org/x>\nDeclaration(Class(hp:HP_1))\n)\n",
    );
    let e = Store::builder().load(&ofn).unwrap_err();
    assert!(matches!(e, Error::Owl { .. }), "{e}");
    assert!(e.to_string().contains("undeclared.ofn"), "{e}");
    // Functional syntax that stops mid-way.
    let ofn = write(
        "short.ofn",
        "Prefix(obo:=<http://purl.obolibrary.org/obo/>)\nOntology(<http://example.org/x>\nSubClassOf(obo:X_1\n",
    );
    let e = Store::builder().load(&ofn).unwrap_err();
    assert!(matches!(e, Error::Owl { .. }), "{e}");
    // OWL/XML that is not closed.
    let owx = write(
        "open.owx",
        "<?xml version=\"1.0\"?>\n<Ontology xmlns=\"http://www.w3.org/2002/07/owl#\">\n<Declaration><Class IRI=\"http://purl.obolibrary.org/obo/X_1\"/>\n",
    );
    let e = Store::builder().load(&owx).unwrap_err();
    assert!(matches!(e, Error::Owl { .. }), "{e}");
}

#[test]
fn unknown_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.owl");
    let e = Store::builder().load(&missing).unwrap_err();
    assert!(
        matches!(e, Error::Io { .. }) && e.to_string().contains("missing.owl"),
        "{e}"
    );
    let json = dir.path().join("terms.json");
    std::fs::write(&json, "{\"terms\": []}").unwrap();
    let e = Store::builder().load(&json).unwrap_err();
    assert!(matches!(e, Error::UnknownFormat { .. }), "{e}");
    let empty = dir.path().join("empty.obo");
    std::fs::write(&empty, "format-version: 1.4\n").unwrap();
    let e = Store::builder().load(&empty).unwrap_err();
    assert!(matches!(e, Error::Empty { .. }), "{e}");
}

#[test]
fn unknown_prefixes_and_terms() {
    let store = Store::builtin().unwrap();
    let e = store.resolve("DOID:9351").unwrap_err();
    assert!(
        matches!(&e, Error::UnknownPrefix { prefix, .. } if prefix == "DOID"),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("loaded prefixes: DUO, IAO, MONDO, OBI"),
        "{e}"
    );
    assert!(matches!(
        store.resolve("MONDO:1234567"),
        Err(Error::UnknownTerm(_))
    ));
    assert!(matches!(
        store.resolve("type 2 diabetes"),
        Err(Error::NotACurie(_))
    ));
    assert!(matches!(
        store.is_a_curie("MONDO:0005148", "DOID:9351"),
        Err(Error::UnknownPrefix { .. })
    ));
}
