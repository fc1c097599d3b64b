//! Framework envelopes: `meta` sections and the boolean, count, result set, collection
//! and error responses.

use serde_json::{Value, json};

use crate::{API_VERSION, EntryType, Granularity, Request};

/// `meta` of an informational response (`/info`, `/map`...).
pub fn informational_meta(beacon_id: &str, returned: &[EntryType]) -> Value {
    json!({
        "beaconId": beacon_id,
        "apiVersion": API_VERSION,
        "returnedSchemas": schemas(returned),
    })
}

fn schemas(returned: &[EntryType]) -> Vec<Value> {
    returned
        .iter()
        .map(|e| json!({"entityType": e.id(), "schema": e.schema()}))
        .collect()
}

/// `meta` of a query response (and of an error).
pub fn query_meta(
    beacon_id: &str,
    returned: &[EntryType],
    granularity: Granularity,
    request: &Request,
) -> Value {
    json!({
        "beaconId": beacon_id,
        "apiVersion": API_VERSION,
        "returnedSchemas": schemas(returned),
        "returnedGranularity": granularity.name(),
        "receivedRequestSummary": request.summary(),
        "testMode": request.test_mode,
    })
}

/// One dataset's answer.
#[derive(Debug, Clone)]
pub struct ResultSet {
    pub dataset: String,
    pub count: u64,
    /// Records (empty unless the dataset answers with records).
    pub results: Vec<Value>,
    /// What the dataset answers with.
    pub granularity: Granularity,
}

/// The response to a query of `entry`: boolean, count or records, as `granularity`
/// says; `notes` go to `info`.
pub fn query(
    beacon_id: &str,
    entry: EntryType,
    granularity: Granularity,
    request: &Request,
    sets: &[ResultSet],
    notes: &[String],
) -> Value {
    let total: u64 = sets.iter().map(|s| s.count).sum();
    let exists = total > 0;
    let mut body = json!({
        "meta": query_meta(beacon_id, &[entry], granularity, request),
        "responseSummary": {"exists": exists},
    });
    if granularity >= Granularity::Count {
        body["responseSummary"]["numTotalResults"] = Value::from(total);
        if request.include != crate::Include::None {
            let result_sets: Vec<Value> = sets
                .iter()
                .filter(|s| request.include.keeps(s.count > 0))
                .map(|s| {
                    json!({
                        "id": s.dataset,
                        "setType": "dataset",
                        "exists": s.count > 0,
                        "resultsCount": s.count,
                        "results": s.results,
                        "info": {"returnedGranularity": s.granularity.name()},
                    })
                })
                .collect();
            body["response"] = json!({ "resultSets": result_sets });
        }
    }
    if !notes.is_empty() {
        body["info"] = json!({ "warnings": notes });
    }
    body
}

/// A collections response (`/datasets`).
pub fn collections(
    beacon_id: &str,
    entry: EntryType,
    request: &Request,
    collections: Vec<Value>,
) -> Value {
    let n = collections.len();
    json!({
        "meta": query_meta(beacon_id, &[entry], Granularity::Record, request),
        "responseSummary": {"exists": n > 0, "numTotalResults": n},
        "response": {"collections": collections},
    })
}

/// An error response.
pub fn error(beacon_id: &str, request: &Request, status: u16, message: &str) -> Value {
    json!({
        "meta": query_meta(beacon_id, &[], request.granularity, request),
        "error": {"errorCode": status, "errorMessage": message},
    })
}
