//! The store: closure against a naive walk, merging, formats agreeing, the cache.

use genofed_ontologies::{Format, Store};

use crate::support::{naive_ancestors, shared, synthetic_obo};

#[test]
fn closure_matches_a_naive_walk() {
    let synthetic = Store::builder()
        .obo_text("synthetic.obo", &synthetic_obo(3000, 7))
        .unwrap()
        .build()
        .unwrap();
    let hp = Store::builder()
        .load(shared("hp_subset.obo"))
        .unwrap()
        .build()
        .unwrap();
    for store in [&synthetic, &hp] {
        for (id, _) in store.terms() {
            assert_eq!(
                store.ancestors(id),
                naive_ancestors(store, id).as_slice(),
                "ancestors of {}",
                store.get(id).id
            );
            for &a in store.ancestors(id) {
                assert!(store.descendants(a).binary_search(&id).is_ok());
                assert!(store.is_a(id, a));
                assert!(!store.is_a(a, id));
            }
        }
        let total: usize = store
            .terms()
            .map(|(id, _)| store.descendants(id).len())
            .sum();
        assert_eq!(total, store.closure_len());
    }
}

#[test]
fn children_are_direct() {
    let store = Store::builtin().unwrap();
    let lung = store.resolve("MONDO:0005275").unwrap();
    let mut children: Vec<&str> = store
        .children(lung)
        .iter()
        .map(|&c| store.get(c).id.as_str())
        .collect();
    children.sort();
    assert_eq!(
        children,
        ["MONDO:0004979", "MONDO:0008903", "MONDO:0009061"]
    );
}

#[test]
fn same_ids_merge_and_equivalents_fold() {
    let a = "[Term]\nid: A:1\nname: one\n\n[Term]\nid: A:2\nis_a: A:1\nsynonym: \"two\" EXACT []\n";
    let b = "[Term]\nid: A:2\nname: two\nis_a: B:9\n\n[Term]\nid: B:9\nname: nine\nequivalent_to: C:9\n\n[Term]\nid: C:9\nname: nine again\nis_a: A:1\nalt_id: C:8\n";
    let store = Store::builder()
        .obo_text("a.obo", a)
        .unwrap()
        .obo_text("b.obo", b)
        .unwrap()
        .build()
        .unwrap();
    let two = store.term("A:2").unwrap();
    assert_eq!(two.label.as_deref(), Some("two"));
    assert_eq!(two.synonyms.len(), 1);
    let parents: Vec<&str> = two
        .parents
        .iter()
        .map(|&p| store.get(p).id.as_str())
        .collect();
    assert_eq!(parents, ["A:1", "B:9"]);
    // B:9 ≡ C:9: one term, both ids (and C:9's alt id) resolve to it, parents unioned.
    let nine = store.resolve("B:9").unwrap();
    assert_eq!(store.resolve("C:9").unwrap(), nine);
    assert_eq!(store.resolve("C:8").unwrap(), nine);
    assert_eq!(store.get(nine).label.as_deref(), Some("nine"));
    assert_eq!(store.get(nine).equivalents, ["C:9"]);
    assert!(store.is_a_curie("A:2", "A:1").unwrap());
    assert!(store.is_a_curie("C:9", "A:1").unwrap());
    // A parent no source describes becomes an undefined placeholder.
    let store = Store::builder()
        .obo_text("x.obo", "[Term]\nid: X:1\nis_a: Y:1\n")
        .unwrap()
        .build()
        .unwrap();
    assert!(!store.term("Y:1").unwrap().defined);
    assert!(store.term("X:1").unwrap().defined);
}

const OBO: &str = "format-version: 1.4
[Term]
id: X:1
name: one

[Term]
id: X:2
name: two
is_a: X:1

[Term]
id: X:3
name: three
is_a: X:1

[Term]
id: X:4
name: four
is_a: X:2
is_a: X:3

[Term]
id: X:5
name: five
intersection_of: X:4
intersection_of: part_of X:1
equivalent_to: Y:5
";

const OFN: &str = "Prefix(obo:=<http://purl.obolibrary.org/obo/>)
Prefix(rdfs:=<http://www.w3.org/2000/01/rdf-schema#>)
Ontology(<http://example.org/x>
Declaration(Class(obo:X_1))
Declaration(Class(obo:X_2))
Declaration(Class(obo:X_3))
Declaration(Class(obo:X_4))
Declaration(Class(obo:X_5))
Declaration(ObjectProperty(obo:BFO_0000050))
AnnotationAssertion(rdfs:label obo:X_1 \"one\")
AnnotationAssertion(rdfs:label obo:X_2 \"two\")
AnnotationAssertion(rdfs:label obo:X_3 \"three\")
AnnotationAssertion(rdfs:label obo:X_4 \"four\")
AnnotationAssertion(rdfs:label obo:X_5 \"five\")
SubClassOf(obo:X_2 obo:X_1)
SubClassOf(obo:X_3 obo:X_1)
SubClassOf(obo:X_4 obo:X_2)
SubClassOf(obo:X_4 obo:X_3)
EquivalentClasses(obo:X_5 ObjectIntersectionOf(obo:X_4 ObjectSomeValuesFrom(obo:BFO_0000050 obo:X_1)))
EquivalentClasses(obo:X_5 obo:Y_5)
)
";

const OWX: &str = r#"<?xml version="1.0"?>
<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://example.org/x">
  <Declaration><Class IRI="http://purl.obolibrary.org/obo/X_1"/></Declaration>
  <Declaration><Class IRI="http://purl.obolibrary.org/obo/X_5"/></Declaration>
  <SubClassOf><Class IRI="http://purl.obolibrary.org/obo/X_2"/><Class IRI="http://purl.obolibrary.org/obo/X_1"/></SubClassOf>
  <SubClassOf><Class IRI="http://purl.obolibrary.org/obo/X_3"/><Class IRI="http://purl.obolibrary.org/obo/X_1"/></SubClassOf>
  <SubClassOf><Class IRI="http://purl.obolibrary.org/obo/X_4"/><Class IRI="http://purl.obolibrary.org/obo/X_2"/></SubClassOf>
  <SubClassOf><Class IRI="http://purl.obolibrary.org/obo/X_4"/><Class IRI="http://purl.obolibrary.org/obo/X_3"/></SubClassOf>
  <EquivalentClasses>
    <Class IRI="http://purl.obolibrary.org/obo/X_5"/>
    <ObjectIntersectionOf>
      <Class IRI="http://purl.obolibrary.org/obo/X_4"/>
      <ObjectSomeValuesFrom><ObjectProperty IRI="http://purl.obolibrary.org/obo/BFO_0000050"/><Class IRI="http://purl.obolibrary.org/obo/X_1"/></ObjectSomeValuesFrom>
    </ObjectIntersectionOf>
  </EquivalentClasses>
  <EquivalentClasses><Class IRI="http://purl.obolibrary.org/obo/X_5"/><Class IRI="http://purl.obolibrary.org/obo/Y_5"/></EquivalentClasses>
  <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://purl.obolibrary.org/obo/X_1</IRI><Literal>one</Literal></AnnotationAssertion>
  <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://purl.obolibrary.org/obo/X_2</IRI><Literal>two</Literal></AnnotationAssertion>
  <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://purl.obolibrary.org/obo/X_3</IRI><Literal>three</Literal></AnnotationAssertion>
  <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://purl.obolibrary.org/obo/X_4</IRI><Literal>four</Literal></AnnotationAssertion>
  <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://purl.obolibrary.org/obo/X_5</IRI><Literal>five</Literal></AnnotationAssertion>
</Ontology>
"#;

const RDF: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:owl="http://www.w3.org/2002/07/owl#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <owl:Ontology rdf:about="http://example.org/x"/>
  <owl:ObjectProperty rdf:about="http://purl.obolibrary.org/obo/BFO_0000050"/>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/X_1"><rdfs:label>one</rdfs:label></owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/X_2"><rdfs:label>two</rdfs:label><rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/X_1"/></owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/X_3"><rdfs:label>three</rdfs:label><rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/X_1"/></owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/X_4"><rdfs:label>four</rdfs:label>
    <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/X_2"/>
    <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/X_3"/>
  </owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/Y_5"/>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/X_5"><rdfs:label>five</rdfs:label>
    <owl:equivalentClass rdf:resource="http://purl.obolibrary.org/obo/Y_5"/>
    <owl:equivalentClass>
      <owl:Class>
        <owl:intersectionOf rdf:parseType="Collection">
          <rdf:Description rdf:about="http://purl.obolibrary.org/obo/X_4"/>
          <owl:Restriction>
            <owl:onProperty rdf:resource="http://purl.obolibrary.org/obo/BFO_0000050"/>
            <owl:someValuesFrom rdf:resource="http://purl.obolibrary.org/obo/X_1"/>
          </owl:Restriction>
        </owl:intersectionOf>
      </owl:Class>
    </owl:equivalentClass>
  </owl:Class>
</rdf:RDF>
"#;

#[test]
fn every_format_gives_the_same_hierarchy() {
    let dir = tempfile::tempdir().unwrap();
    let mut shapes = Vec::new();
    for (name, text, format) in [
        ("x.obo", OBO, Format::Obo),
        ("x.ofn", OFN, Format::Functional),
        ("x.owx", OWX, Format::OwlXml),
        ("x.owl", RDF, Format::RdfXml),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        assert_eq!(
            Format::detect(&path, text.as_bytes()),
            Some(format),
            "{name}"
        );
        let store = Store::builder()
            .load(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .build()
            .unwrap();
        let mut shape: Vec<(String, Option<String>, Vec<String>)> = store
            .terms()
            .filter(|(_, t)| t.id.starts_with("X:"))
            .map(|(id, t)| {
                (
                    t.id.clone(),
                    t.label.clone(),
                    store
                        .ancestors(id)
                        .iter()
                        .map(|&a| store.get(a).id.clone())
                        .collect(),
                )
            })
            .collect();
        shape.sort();
        assert_eq!(
            store.resolve("Y:5").unwrap(),
            store.resolve("X:5").unwrap(),
            "{name}: X:5 ≡ Y:5"
        );
        shapes.push((name, shape));
    }
    let (first_name, first) = &shapes[0];
    assert_eq!(first.len(), 5);
    assert_eq!(
        first[4].2,
        ["X:1", "X:2", "X:3", "X:4"],
        "X:5 sits under X:4 through its genus"
    );
    for (name, shape) in &shapes[1..] {
        assert_eq!(shape, first, "{name} differs from {first_name}");
    }
}

#[test]
fn cache_round_trips_and_detects_damage() {
    let dir = tempfile::tempdir().unwrap();
    let obo = dir.path().join("syn.obo");
    std::fs::write(&obo, synthetic_obo(2000, 3)).unwrap();
    let store = Store::builder()
        .builtin()
        .unwrap()
        .load(&obo)
        .unwrap()
        .load(shared("duo.owl"))
        .unwrap()
        .build()
        .unwrap();
    let cache = dir.path().join("store.cache");
    store.write_cache(&cache).unwrap();
    let back = Store::read_cache(&cache).unwrap();
    assert_eq!(back.len(), store.len());
    assert_eq!(back.sources(), store.sources());
    for (id, t) in store.terms() {
        assert_eq!(back.get(id), t);
        assert_eq!(back.ancestors(id), store.ancestors(id));
        assert_eq!(back.descendants(id), store.descendants(id));
    }
    assert_eq!(
        back.resolve("DUO:0000044").unwrap(),
        store.resolve("DUO:0000044").unwrap()
    );
    assert!(back.sources_current(&genofed_ontologies::builtin::sources()));

    // A touched source makes the cache stale.
    std::fs::write(&obo, synthetic_obo(2001, 3)).unwrap();
    assert!(!back.sources_current(&genofed_ontologies::builtin::sources()));

    // Damage: one flipped byte, truncation, another file.
    let bytes = std::fs::read(&cache).unwrap();
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    std::fs::write(&cache, &flipped).unwrap();
    assert!(
        Store::read_cache(&cache)
            .unwrap_err()
            .to_string()
            .contains("checksum mismatch")
    );
    std::fs::write(&cache, &bytes[..bytes.len() - 10]).unwrap();
    assert!(
        Store::read_cache(&cache)
            .unwrap_err()
            .to_string()
            .contains("payload is")
    );
    std::fs::write(&cache, b"format-version: 1.4\n").unwrap();
    let e = Store::read_cache(&cache).unwrap_err().to_string();
    assert!(
        e.contains("not a genofed ontology cache") || e.contains("truncated"),
        "{e}"
    );
}
