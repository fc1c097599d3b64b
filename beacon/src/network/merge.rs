//! One response from the coordinator's own answer and its peers'.

use serde_json::{Value, json};

use super::{Answer, Outcome};
use crate::response::query_meta;
use crate::service::Reply;
use crate::{EntryType, Granularity, Request};

/// An answer with a body to merge: the node it came from and its `beaconId`.
struct Part<'a> {
    beacon_id: String,
    body: &'a Value,
}

fn array<'a>(body: &'a Value, pointer: &str) -> impl Iterator<Item = &'a Value> {
    body.pointer(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Merges `local` (this node's reply, by `beacon_id`) and the peers' `answers` to a
/// query of `entry`. An error of this node other than 404 is the answer (the request
/// itself is wrong); a 404 anywhere means "not here"; a peer's failure is reported in
/// `info.nodes` and `info.warnings`.
pub fn merge(
    beacon_id: &str,
    entry: EntryType,
    request: &Request,
    local: Reply,
    answers: &[Answer],
) -> Reply {
    if local.status != 200 && local.status != 404 {
        return local;
    }
    let mut parts = Vec::new();
    let mut nodes = Vec::new();
    let mut warnings: Vec<Value> = array(&local.body, "/info/warnings").cloned().collect();
    let mut failed = false;
    if local.status == 200 {
        parts.push(Part {
            beacon_id: beacon_id.to_string(),
            body: &local.body,
        });
    }
    for a in answers {
        let mut node = json!({ "node": a.node, "milliseconds": a.millis });
        match &a.outcome {
            Outcome::Replied { status: 200, body } => {
                let id = body
                    .pointer("/meta/beaconId")
                    .and_then(Value::as_str)
                    .unwrap_or(&a.node)
                    .to_string();
                node["status"] = json!("answered");
                node["beaconId"] = json!(id);
                node["exists"] = body
                    .pointer("/responseSummary/exists")
                    .cloned()
                    .unwrap_or(Value::Bool(false));
                for w in array(body, "/info/warnings") {
                    if let Some(w) = w.as_str() {
                        warnings.push(json!(format!("node `{}`: {w}", a.node)));
                    }
                }
                parts.push(Part {
                    beacon_id: id,
                    body,
                });
            }
            Outcome::Replied { status: 404, .. } => {
                node["status"] = json!("not found");
            }
            Outcome::Replied { status, body } => {
                failed = true;
                let message = body
                    .pointer("/error/errorMessage")
                    .and_then(Value::as_str)
                    .unwrap_or("no message");
                node["status"] = json!("failed");
                node["error"] = json!(format!("HTTP {status}: {message}"));
                warnings.push(json!(format!(
                    "node `{}` did not answer: HTTP {status}: {message}",
                    a.node
                )));
            }
            Outcome::Failed { reason, timed_out } => {
                failed = true;
                node["status"] = json!(if *timed_out { "timed out" } else { "failed" });
                node["error"] = json!(reason);
                warnings.push(json!(format!("node `{}` did not answer: {reason}", a.node)));
            }
        }
        nodes.push(node);
    }
    if parts.is_empty() && !failed {
        // Nowhere: this node's 404 says what was not found.
        return local;
    }
    let collections = parts
        .iter()
        .any(|p| p.body.pointer("/response/collections").is_some());
    // The most any node answered with (nodes that only say whether are in `info.nodes`).
    let granularity = parts
        .iter()
        .filter_map(|p| {
            p.body
                .pointer("/meta/returnedGranularity")
                .and_then(Value::as_str)
                .and_then(Granularity::parse)
        })
        .max()
        .unwrap_or(Granularity::Boolean)
        .min(request.granularity);
    let meta = match parts.iter().find_map(|p| p.body.get("meta")) {
        Some(m) => {
            let mut m = m.clone();
            m["beaconId"] = json!(beacon_id);
            m["returnedGranularity"] = json!(granularity.name());
            m
        }
        None => query_meta(beacon_id, &[entry], granularity, request),
    };
    let exists = parts.iter().any(|p| {
        p.body
            .pointer("/responseSummary/exists")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    let total: u64 = parts
        .iter()
        .filter_map(|p| {
            p.body
                .pointer("/responseSummary/numTotalResults")
                .and_then(Value::as_u64)
        })
        .sum();
    let mut body = json!({ "meta": meta, "responseSummary": { "exists": exists } });
    let tagged = |pointer: &str| -> Vec<Value> {
        parts
            .iter()
            .flat_map(|p| {
                array(p.body, pointer).map(|item| {
                    let mut item = item.clone();
                    item["beaconId"] = json!(p.beacon_id);
                    item
                })
            })
            .collect()
    };
    if collections {
        body["responseSummary"]["numTotalResults"] = json!(total);
        body["response"] = json!({ "collections": tagged("/response/collections") });
    } else if granularity >= Granularity::Count {
        body["responseSummary"]["numTotalResults"] = json!(total);
        if parts
            .iter()
            .any(|p| p.body.pointer("/response/resultSets").is_some())
        {
            body["response"] = json!({ "resultSets": tagged("/response/resultSets") });
        }
    }
    body["info"] = json!({ "nodes": nodes });
    if !warnings.is_empty() {
        body["info"]["warnings"] = Value::Array(warnings);
    }
    Reply { status: 200, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(node: &str, outcome: Outcome) -> Answer {
        Answer {
            node: node.into(),
            millis: 3,
            outcome,
        }
    }

    fn counted(id: &str, dataset: &str, n: u64) -> Value {
        json!({
            "meta": {"beaconId": id, "returnedGranularity": "count"},
            "responseSummary": {"exists": n > 0, "numTotalResults": n},
            "response": {"resultSets": [{"id": dataset, "setType": "dataset", "exists": n > 0, "resultsCount": n, "results": []}]},
        })
    }

    #[test]
    fn sets_are_tagged_and_failures_reported() {
        let request = Request {
            granularity: Granularity::Count,
            ..Request::default()
        };
        let local = Reply {
            status: 200,
            body: counted("org.a", "one", 4),
        };
        let answers = [
            answer(
                "b",
                Outcome::Replied {
                    status: 200,
                    body: counted("org.b", "two", 6),
                },
            ),
            answer(
                "c",
                Outcome::Failed {
                    reason: "no answer within 1s".into(),
                    timed_out: true,
                },
            ),
            answer(
                "d",
                Outcome::Replied {
                    status: 404,
                    body: json!({}),
                },
            ),
        ];
        let r = merge("org.a", EntryType::Individual, &request, local, &answers);
        assert_eq!(r.status, 200);
        assert_eq!(r.body["responseSummary"]["numTotalResults"], 10);
        let sets = r.body["response"]["resultSets"].as_array().unwrap();
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[1]["beaconId"], "org.b");
        assert_eq!(sets[1]["id"], "two");
        let nodes = r.body["info"]["nodes"].as_array().unwrap();
        assert_eq!(nodes[1]["status"], "timed out");
        assert_eq!(nodes[2]["status"], "not found");
        assert!(
            r.body["info"]["warnings"][0]
                .as_str()
                .unwrap()
                .contains("`c`")
        );
    }

    #[test]
    fn errors_of_the_request_stay_and_404_everywhere_is_404() {
        let request = Request::default();
        let bad = Reply {
            status: 400,
            body: json!({"error": {"errorCode": 400}}),
        };
        let r = merge("a", EntryType::Individual, &request, bad, &[]);
        assert_eq!(r.status, 400);
        let missing = Reply {
            status: 404,
            body: json!({"error": {"errorCode": 404}}),
        };
        let peer = answer(
            "b",
            Outcome::Replied {
                status: 404,
                body: json!({}),
            },
        );
        let r = merge("a", EntryType::Individual, &request, missing, &[peer]);
        assert_eq!(r.status, 404);
    }
}
