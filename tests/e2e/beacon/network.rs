//! A coordinator's Beacon network: three `genofed serve` processes (a coordinator with
//! its own datasets and two peers), a peer that never answers and one that is down.

use std::net::TcpListener;

use serde_json::Value;

use super::{RESPONSES, Served, curl, serve_node, validate};

/// `(beaconId, dataset)` → `(exists, resultsCount, number of records)` of a response.
fn sets(doc: &Value, beacon: Option<&str>) -> Vec<(String, String, bool, u64, usize)> {
    let mut out: Vec<_> = doc["response"]["resultSets"]
        .as_array()
        .unwrap_or_else(|| panic!("no result sets: {doc:#}"))
        .iter()
        .map(|s| {
            let id = match beacon {
                Some(b) => b.to_string(),
                None => s["beaconId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no beaconId: {s:#}"))
                    .to_string(),
            };
            (
                id,
                s["id"].as_str().expect("id").to_string(),
                s["exists"].as_bool().expect("exists"),
                s["resultsCount"].as_u64().expect("count"),
                s["results"].as_array().expect("results").len(),
            )
        })
        .collect();
    out.sort();
    out
}

fn peer(name: &str, beacon: &str, timeout: Option<u64>) -> String {
    let timeout = timeout.map_or(String::new(), |t| format!("timeout_seconds = {t}\n"));
    format!(
        "\n[[federation.peers]]\nname = \"{name}\"\nurl = \"grpc://127.0.0.1:9\"\n\
         beacon = \"{beacon}\"\n{timeout}"
    )
}

#[test]
fn a_coordinator_merges_its_peers_answers_and_reports_the_failing_ones() {
    let p1 = serve_node("org.genofed.p1", "");
    let p2 = serve_node("org.genofed.p2", "");
    // Accepts connections (the kernel's backlog) and never answers.
    let slow = TcpListener::bind("127.0.0.1:0").expect("bind");
    let slow_url = format!("http://{}/api", slow.local_addr().expect("addr"));
    let down_url = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/api", l.local_addr().expect("addr"))
    };
    let extra = format!(
        "\n[federation]\ntimeout_seconds = 30\n{}{}{}{}",
        peer("p1", &p1.api, None),
        peer("p2", &p2.api, None),
        peer("slow", &slow_url, Some(1)),
        peer("down", &down_url, None),
    );
    let hub = serve_node("org.genofed.hub", &extra);

    let query = "/individuals?requestedGranularity=record&includeResultsetResponses=ALL&limit=3";
    let (status, doc) = curl(&hub, query, &[]);
    assert_eq!(status, 200, "{doc:#}");
    validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
    assert_eq!(doc["meta"]["beaconId"], "org.genofed.hub");

    // Each node's result sets are what it answers when asked directly.
    let mut want = Vec::new();
    let mut total = 0;
    for (served, id) in [
        (&hub, "org.genofed.hub"),
        (&p1, "org.genofed.p1"),
        (&p2, "org.genofed.p2"),
    ] {
        let (status, alone) = curl(served, query, &["-H", "x-genofed-beacon-hop: 1"]);
        assert_eq!(status, 200, "{alone:#}");
        assert!(
            alone["info"]["nodes"].is_null(),
            "{id} asked its peers: {alone:#}"
        );
        total += alone["responseSummary"]["numTotalResults"]
            .as_u64()
            .expect("total");
        want.extend(sets(&alone, Some(id)));
    }
    want.sort();
    let got = sets(&doc, None);
    assert_eq!(got, want);
    assert_eq!(got.len(), 9, "3 datasets on each of 3 nodes");
    assert!(got.iter().any(|s| s.1 == "cohort" && s.4 == 3), "{got:?}");
    assert_eq!(doc["responseSummary"]["numTotalResults"], total);

    // Slow and failing peers are reported, not fatal.
    let nodes: Vec<(String, String)> = doc["info"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            (
                n["node"].as_str().expect("node").to_string(),
                n["status"].as_str().expect("status").to_string(),
            )
        })
        .collect();
    let expected = [
        ("p1", "answered"),
        ("p2", "answered"),
        ("slow", "timed out"),
        ("down", "failed"),
    ]
    .map(|(n, s)| (n.to_string(), s.to_string()));
    assert_eq!(nodes, expected);
    let warnings = doc["info"]["warnings"].to_string();
    assert!(
        warnings.contains("node `slow` did not answer") && warnings.contains("node `down`"),
        "{warnings}"
    );

    // Collections too: every node's datasets, with their node's beaconId.
    let (status, doc) = curl(&hub, "/datasets", &[]);
    assert_eq!(status, 200, "{doc:#}");
    validate(&format!("{RESPONSES}beaconCollectionsResponse.json"), &doc);
    let mut tagged: Vec<String> = doc["response"]["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| {
            format!(
                "{}/{}",
                c["beaconId"].as_str().expect("beaconId"),
                c["id"].as_str().expect("id")
            )
        })
        .collect();
    tagged.sort();
    assert_eq!(tagged.len(), 9, "{tagged:?}");
    assert!(tagged.contains(&"org.genofed.p2/counted".to_string()));

    // A bad request is the coordinator's own error, whatever the peers say.
    let (status, _) = curl(&hub, "/g_variants?start=abc", &[]);
    assert_eq!(status, 400);
    drop::<(Served, Served, Served)>((hub, p1, p2));
    drop(slow);
}
