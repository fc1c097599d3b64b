//! The Beacon v2 API of `genofed serve`, asked with curl: every response validates
//! against the official Beacon v2.1.1 JSON Schemas in `../shared/beacon-v2`, variant
//! queries agree with bcftools on the same file (0-based half-open requests, 1-based
//! VCF), the datasets' policies decide which datasets answer, and bad requests get
//! Beacon error responses with 4xx statuses.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use genofed::generate::{CohortFiles, FormatSet, GenerateOptions, generate, write_phenopackets};
use serde_json::{Value, json};

use super::support::{run, serve_process};

mod carriers;
mod files;
mod individuals;
mod network;

const RAW: &str = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/";

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/beacon-v2")
}

/// Resolves the schemas' references to the local copy.
struct Local;

impl jsonschema::Retrieve for Local {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let path = if let Some(rest) = text.strip_prefix(RAW) {
            schemas().join(rest)
        } else if let Some(p) = text.strip_prefix("file://") {
            PathBuf::from(p)
        } else {
            return Err(format!("no local copy of `{text}`").into());
        };
        let path = PathBuf::from(path.to_string_lossy().split('#').next().unwrap_or_default());
        let mut doc = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        annotations_fixed(&mut doc);
        Ok(doc)
    }
}

/// The dereferenced genomicVariations schema has `deprecated` annotations holding
/// schemas instead of booleans (an annotation validators ignore, which the meta-schema
/// check of the `jsonschema` crate refuses): they are dropped.
fn annotations_fixed(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("deprecated").is_some_and(|d| !d.is_boolean()) {
                map.remove("deprecated");
            }
            map.values_mut().for_each(annotations_fixed);
        }
        Value::Array(list) => list.iter_mut().for_each(annotations_fixed),
        _ => {}
    }
}

/// Validates `doc` against the schema at `rel` (under `../shared/beacon-v2`).
fn validate(rel: &str, doc: &Value) {
    let path = std::fs::canonicalize(schemas().join(rel)).expect("schema file");
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("schema")).expect("json");
    annotations_fixed(&mut schema);
    schema["$id"] = Value::from(format!("file://{}", path.display()));
    let validator = jsonschema::options()
        .with_retriever(Local)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema `{rel}`: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not a valid `{rel}`:\n{}\n{doc:#}",
        errors.join("\n")
    );
}

const RESPONSES: &str = "framework/json/responses/";

fn record_schema(entity: &str) -> String {
    format!("bin/deref_schemas/{entity}/defaultSchema.json")
}

/// A `genofed serve` process with a Beacon, killed when dropped.
struct Served {
    child: Child,
    api: String,
    dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A node with datasets `cohort` (GRU), `restricted` (the same files, consented to
/// diabetes research only) and `counted` (the same files, GRU, individuals' tables
/// count-only with k = 3), HPO loaded, and a Beacon.
fn serve() -> Served {
    serve_node("org.genofed.test", "")
}

/// [`serve`] with Beacon id `id` and `extra` config.
fn serve_node(id: &str, extra: &str) -> Served {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        seed: 31,
        name: "cohort".into(),
        records: 3_000,
        samples: 8,
        formats: FormatSet {
            vcf_gz_tbi: true,
            ..FormatSet::NONE
        },
        ..Default::default()
    };
    generate(&opts, dir.path(), &|_| {}).expect("generate");
    let files = CohortFiles {
        vcf: "file://cohort.vcf.gz",
        reads: Some("file://cohort.sam"),
    };
    write_phenopackets(&opts, files, dir.path()).expect("phenopackets");
    std::fs::create_dir_all(dir.path().join("policies")).expect("policies dir");
    std::fs::write(
        dir.path().join("policies/counted.cedar"),
        "@id(\"counted.count_only\")\nforbid (principal, action == Genofed::Action::\"read\", \
         resource in Genofed::Dataset::\"counted\");\n",
    )
    .expect("policies");
    // A hand-written gene table: one made-up gene on chr2.
    std::fs::write(
        dir.path().join("genes.bed"),
        "chr2\t1000000\t1500000\tDEMOGENE1\n",
    )
    .expect("genes");
    let hpo = schemas().join("../ontologies/hp_subset.obo");
    let config = dir.path().join("node.toml");
    std::fs::write(
        &config,
        format!("[node]\nname = \"beacon-test\"\n\n\
         [ontologies]\nfiles = [\"{}\"]\n\n[policies]\ndir = \"policies\"\n\n\
         [datasets.cohort]\ndescription = \"A generated cohort\"\nvcf = [\"cohort.vcf.gz\"]\n\
         phenopackets = [\"cohort.phenopackets\"]\nconsent = {{ permission = \"GRU\" }}\n\n\
         [datasets.restricted]\nvcf = [\"cohort.vcf.gz\"]\nphenopackets = [\"cohort.phenopackets\"]\n\
         consent = {{ permission = \"DS\", diseases = [\"MONDO:0005015\"] }}\n\n\
         [datasets.counted]\nphenopackets = [\"cohort.phenopackets\"]\nk = 3\n\
         consent = {{ permission = \"GRU\" }}\n\n\
         [beacon]\nid = \"{id}\"\nname = \"genofed test beacon\"\n\
         environment = \"test\"\nmax_body_bytes = 4096\n\
         organization = {{ id = \"GENOFED\", name = \"genofed\", url = \"https://genofed.example\" }}\n\
         budget = {{ queries = 200, window_seconds = 3600 }}\ngenes = \"genes.bed\"\n{extra}",
        hpo.display()),
    )
    .expect("config");
    let (child, api) = serve_process(
        &["--flight", "127.0.0.1:0", "--beacon", "127.0.0.1:0"],
        &config,
        &dir.path().join("serve.log"),
        "http://",
    );
    Served { child, api, dir }
}

/// `curl` a path (with extra arguments); the status and the JSON body.
fn curl(served: &Served, path: &str, extra: &[&str]) -> (u16, Value) {
    let url = format!("{}{path}", served.api);
    let out = Command::new("curl")
        .args(["-sS", "-w", "\n%{http_code}"])
        .args(extra)
        .arg(&url)
        .output()
        .expect("curl");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, code) = text
        .rsplit_once('\n')
        .unwrap_or_else(|| panic!("curl `{url}`: `{text}`"));
    let status: u16 = code
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("status of `{url}`: `{text}`"));
    let json = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("`{url}` answered non-JSON ({e}): `{body}`"));
    (status, json)
}

fn post(served: &Served, path: &str, body: &Value) -> (u16, Value) {
    let text = body.to_string();
    curl(
        served,
        path,
        &[
            "-X",
            "POST",
            "-H",
            "content-type: application/json",
            "--data-binary",
            &text,
        ],
    )
}

fn count_body(params: Value, granularity: &str) -> Value {
    json!({
        "meta": {"apiVersion": "v2.1.1"},
        "query": {
            "requestParameters": {"g_variant": params},
            "requestedGranularity": granularity,
            "includeResultsetResponses": "ALL",
        }
    })
}

/// The result set of `dataset`.
fn set<'a>(doc: &'a Value, dataset: &str) -> &'a Value {
    doc["response"]["resultSets"]
        .as_array()
        .unwrap_or_else(|| panic!("no result sets: {doc:#}"))
        .iter()
        .find(|s| s["id"] == dataset)
        .unwrap_or_else(|| panic!("no `{dataset}` result set: {doc:#}"))
}

/// `numTotalResults` of `cohort` alone.
fn cohort_count(doc: &Value) -> u64 {
    doc["response"]["resultSets"]
        .as_array()
        .expect("result sets")
        .iter()
        .find(|s| s["id"] == "cohort")
        .map(|s| s["resultsCount"].as_u64().expect("count"))
        .unwrap_or_else(|| panic!("no cohort result set: {doc:#}"))
}

/// Alleles (`CHROM POS REF ALT` rows, split at commas) bcftools reports for `region`.
fn bcftools_alleles(vcf: &Path, region: Option<&str>) -> Vec<(String, i64, String, String)> {
    let mut cmd = Command::new("bcftools");
    cmd.args(["query", "-f", "%CHROM\t%POS\t%REF\t%ALT\n"]);
    if let Some(r) = region {
        cmd.args(["-r", r]);
    }
    let out = run(cmd.arg(vcf));
    let mut alleles = Vec::new();
    for line in out.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        for alt in f[3].split(',').filter(|a| *a != ".") {
            alleles.push((
                f[0].to_string(),
                f[1].parse().expect("pos"),
                f[2].to_string(),
                alt.to_string(),
            ));
        }
    }
    alleles
}

#[test]
fn framework_endpoints_validate_against_the_official_schemas() {
    let served = serve();
    for (path, schema) in [
        ("", "beaconInfoResponse.json"),
        ("/info", "beaconInfoResponse.json"),
        ("/configuration", "beaconConfigurationResponse.json"),
        ("/map", "beaconMapResponse.json"),
        ("/entry_types", "beaconEntryTypesResponse.json"),
        ("/filtering_terms", "beaconFilteringTermsResponse.json"),
        ("/service-info", "ga4gh-service-info-1-0-0-schema.json"),
    ] {
        let (status, doc) = curl(&served, path, &[]);
        assert_eq!(status, 200, "{path}: {doc}");
        validate(&format!("{RESPONSES}{schema}"), &doc);
    }
    let (_, map) = curl(&served, "/map", &[]);
    let root = map["response"]["endpointSets"]["genomicVariantEndpoints"]["rootUrl"]
        .as_str()
        .expect("rootUrl");
    assert_eq!(root, format!("{}/g_variants", served.api));
    let (_, info) = curl(&served, "/info", &[]);
    assert_eq!(info["response"]["id"], "org.genofed.test");
    assert_eq!(info["response"]["environment"], "test");
}

#[test]
fn variant_queries_agree_with_bcftools_at_the_coordinate_edges() {
    let served = serve();
    let vcf = served.dir.path().join("cohort.vcf.gz");
    let all = bcftools_alleles(&vcf, None);
    assert!(all.len() > 2_000, "{} alleles", all.len());

    // Sequence queries: 0-based `start` is VCF POS - 1.
    for (chrom, pos, reference, alt) in all.iter().step_by(401).take(6) {
        let params = json!({"referenceName": chrom, "start": [pos - 1], "alternateBases": alt});
        let (status, doc) = post(&served, "/g_variants", &count_body(params.clone(), "count"));
        assert_eq!(status, 200, "{doc}");
        validate(&format!("{RESPONSES}beaconCountResponse.json"), &doc);
        let expected = all
            .iter()
            .filter(|(c, p, _, a)| c == chrom && p == pos && a == alt)
            .count() as u64;
        assert_eq!(cohort_count(&doc), expected, "{params}");
        // One base later or earlier: not this variant.
        for shifted in [pos - 2, *pos] {
            let p = json!({"referenceName": chrom, "start": [shifted], "alternateBases": alt, "referenceBases": reference});
            let (_, doc) = post(&served, "/g_variants", &count_body(p, "count"));
            let there = all
                .iter()
                .filter(|(c, q, r, a)| {
                    c == chrom && *q == shifted + 1 && a == alt && r == reference
                })
                .count() as u64;
            assert_eq!(cohort_count(&doc), there);
        }
    }

    // Range queries: [start, end) overlaps VCF [POS, POS + len(REF) - 1], as bcftools -r
    // chrom:start+1-end counts overlaps. GET and POST agree.
    let (chrom, pos, _, _) = &all[all.len() / 2];
    for (start, end) in [
        (pos - 1, *pos),
        (*pos, pos + 1),
        (pos - 2, pos - 1),
        (pos - 5000, pos + 5000),
    ] {
        let region = format!("{chrom}:{}-{end}", start + 1);
        let expected = bcftools_alleles(&vcf, Some(&region)).len() as u64;
        let (_, doc) = post(
            &served,
            "/g_variants",
            &count_body(
                json!({"referenceName": chrom, "start": [start], "end": [end]}),
                "count",
            ),
        );
        assert_eq!(cohort_count(&doc), expected, "range [{start}, {end})");
        let (status, get) = curl(
            &served,
            &format!(
                "/g_variants?referenceName={chrom}&start={start}&end={end}&requestedGranularity=count&includeResultsetResponses=ALL"
            ),
            &[],
        );
        assert_eq!(status, 200, "{get}");
        assert_eq!(cohort_count(&get), expected, "GET range [{start}, {end})");
    }
    // The variant at POS is in [POS - 1, POS) and not in [POS, POS + 1) unless longer.
    let in_first = cohort_count(
        &post(
            &served,
            "/g_variants",
            &count_body(
                json!({"referenceName": chrom, "start": [pos - 1], "end": [*pos]}),
                "count",
            ),
        )
        .1,
    );
    assert!(in_first >= 1);

    // Records: valid result sets, each record valid against the model, stable pages.
    let window = json!({"referenceName": chrom, "start": [pos - 20000], "end": [pos + 20000]});
    let page = |skip: u64, limit: u64| {
        let mut body = count_body(window.clone(), "record");
        body["query"]["pagination"] = json!({"skip": skip, "limit": limit});
        let (status, doc) = post(&served, "/g_variants", &body);
        assert_eq!(status, 200, "{doc}");
        validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
        let set = doc["response"]["resultSets"]
            .as_array()
            .expect("sets")
            .iter()
            .find(|s| s["id"] == "cohort")
            .cloned()
            .expect("cohort set");
        let records = set["results"].as_array().cloned().unwrap_or_default();
        for r in &records {
            validate(&record_schema("genomicVariations"), r);
        }
        records
    };
    let four = page(0, 4);
    assert_eq!(four.len(), 4);
    let (first, second) = (page(0, 2), page(1, 2));
    assert_eq!([first, second].concat(), four);
    // A record's coordinates: 0-based start, and its id finds it again.
    let r = &four[0];
    let id = r["variantInternalId"].as_str().expect("id");
    let (status, one) = curl(
        &served,
        &format!("/g_variants/{id}?requestedGranularity=record"),
        &[],
    );
    assert_eq!(status, 200, "{one}");
    validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &one);
    let again = &one["response"]["resultSets"][0]["results"][0];
    assert_eq!(again["variantInternalId"], id);
    let vcf_pos: i64 = id.rsplit('-').nth(2).expect("pos").parse().expect("pos");
    assert_eq!(
        again["variation"]["location"]["interval"]["start"]["value"],
        vcf_pos - 1
    );
    let (status, missing) = curl(&served, "/g_variants/chr1-1-A-T", &[]);
    assert_eq!(status, 404, "{missing}");
    validate(&format!("{RESPONSES}beaconErrorResponse.json"), &missing);
}

#[test]
fn datasets_answer_as_their_consents_allow() {
    let served = serve();
    let vcf = served.dir.path().join("cohort.vcf.gz");
    let n = bcftools_alleles(&vcf, Some("chr2")).len() as u64;
    let body = count_body(
        json!({"referenceName": "chr2", "start": [0], "end": [100000000]}),
        "count",
    );
    // Anonymous, the Beacon's default purpose (GRU): `restricted` (diabetes research
    // only) does not answer, and the response says why.
    let (status, doc) = post(&served, "/g_variants", &body);
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["responseSummary"]["numTotalResults"], n);
    let sets = doc["response"]["resultSets"].as_array().expect("sets");
    assert_eq!(sets.len(), 1, "{doc:#}");
    let warnings = doc["info"]["warnings"].to_string();
    assert!(warnings.contains("restricted"), "{warnings}");
    // Declaring diabetes research: both datasets answer.
    let text = body.to_string();
    let (_, doc) = curl(
        &served,
        "/g_variants",
        &[
            "-X",
            "POST",
            "--data-binary",
            &text,
            "-H",
            "x-genofed-purpose: DS",
            "-H",
            "x-genofed-disease: MONDO:0005015",
        ],
    );
    assert_eq!(doc["responseSummary"]["numTotalResults"], 2 * n, "{doc:#}");
    // The datasets a caller may discover.
    let (status, datasets) = curl(&served, "/datasets", &[]);
    assert_eq!(status, 200, "{datasets}");
    validate(
        &format!("{RESPONSES}beaconCollectionsResponse.json"),
        &datasets,
    );
    let (status, nested) = curl(
        &served,
        "/datasets/cohort/g_variants?referenceName=chr2&start=0&end=100000000&requestedGranularity=count&includeResultsetResponses=ALL",
        &[],
    );
    assert_eq!(status, 200, "{nested}");
    assert_eq!(cohort_count(&nested), n);
    // A boolean answer says only whether.
    let (_, boolean) = post(
        &served,
        "/g_variants",
        &count_body(
            json!({"referenceName": "chr2", "start": [0], "end": [100000000]}),
            "boolean",
        ),
    );
    validate(&format!("{RESPONSES}beaconBooleanResponse.json"), &boolean);
    assert_eq!(boolean["responseSummary"], json!({"exists": true}));

    // geneId: the gene's span (BED, 0-based half-open) as a range query, and as bcftools
    // (1-based closed) sees it.
    let in_gene = bcftools_alleles(&vcf, Some("chr2:1000001-1500000")).len() as u64;
    assert!(in_gene > 0);
    let (status, gene) = post(
        &served,
        "/g_variants",
        &count_body(json!({"geneId": "demogene1"}), "count"),
    );
    assert_eq!(status, 200, "{gene}");
    assert_eq!(cohort_count(&gene), in_gene, "{gene:#}");
    let (_, range) = post(
        &served,
        "/g_variants",
        &count_body(
            json!({"referenceName": "chr2", "start": [1000000], "end": [1500000]}),
            "count",
        ),
    );
    assert_eq!(cohort_count(&range), in_gene);
    let (status, missing) = curl(
        &served,
        "/g_variants?geneId=NOSUCHGENE&requestedGranularity=count",
        &[],
    );
    assert_eq!(status, 200, "{missing}");
    assert_eq!(missing["responseSummary"]["numTotalResults"], 0);
    assert!(
        missing["info"]["warnings"]
            .to_string()
            .contains("NOSUCHGENE"),
        "{missing}"
    );
}

#[test]
fn bad_requests_get_beacon_errors_never_500() {
    let served = serve();
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(10_000));
    let cases: Vec<(&str, Vec<String>, u16)> = vec![
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":".into()], 400),
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), "[1, 2]".into()], 400),
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"requestedGranularity\":7}}".into()], 400),
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"requestParameters\":{\"start\":[-5],\"end\":[3],\"referenceName\":\"chr1\"}}}".into()], 400),
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"requestParameters\":{\"start\":[1],\"end\":[99999999999999],\"referenceName\":\"chr1\"}}}".into()], 400),
        ("/g_variants", vec!["-X".into(), "POST".into(), "--data-binary".into(), big.clone()], 413),
        ("/g_variants?start=abc", vec![], 400),
        ("/g_variants?referenceName=chr1&start=10", vec![], 400),
        ("/g_variants?colour=blue", vec![], 400),
        ("/g_variants?limit=100000", vec![], 400),
        ("/g_variants/not-a-variant", vec![], 400),
        ("/unknown_things", vec![], 404),
        ("/individuals/x/g_variants/y/z", vec![], 404),
        ("/g_variants", vec!["-X".into(), "PUT".into()], 405),
        ("/g_variants?geneId=DEMOGENE1&referenceName=chr2", vec![], 400),
        ("/individuals", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"filters\":[{\"id\":\"age\",\"operator\":\">\",\"value\":\"forty\"}]}}".into()], 400),
        ("/individuals", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"filters\":[{\"id\":\"familyId\",\"operator\":\"<\",\"value\":\"F1\"}]}}".into()], 400),
        ("/individuals", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"filters\":[{\"id\":\"HP:0000707\",\"includeDescendantTerms\":\"yes\"}]}}".into()], 400),
        ("/individuals", vec!["-X".into(), "POST".into(), "--data-binary".into(), "{\"query\":{\"filters\":[7]}}".into()], 400),
        ("/runs/x/individuals", vec![], 404),
        ("/biosamples/S00001/g_variants", vec![], 404),
    ];
    for (path, args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (status, doc) = curl(&served, path, &args);
        assert_eq!(status, expected, "{path} {args:?}: {doc}");
        validate(&format!("{RESPONSES}beaconErrorResponse.json"), &doc);
        assert_eq!(doc["error"]["errorCode"], expected);
    }
}
