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
    /// Whether any record matches (all a boolean set says).
    pub exists: bool,
    /// How many records match (0 in a boolean set, and in a count withheld below `k`).
    pub count: u64,
    /// Records (empty unless the dataset answers with records).
    pub results: Vec<Value>,
    /// What the dataset answers with.
    pub granularity: Granularity,
    /// A count the node's policies withheld: it is below this `k` (possibly 0).
    pub withheld_below: Option<u32>,
}

impl ResultSet {
    pub fn new(dataset: &str, granularity: Granularity) -> Self {
        Self {
            dataset: dataset.to_string(),
            exists: false,
            count: 0,
            results: Vec::new(),
            granularity,
            withheld_below: None,
        }
    }

    fn info(&self) -> Value {
        let mut info = json!({"returnedGranularity": self.granularity.name()});
        if self.granularity >= Granularity::Count {
            info["countPrecision"] = Value::from("exact");
        }
        if let Some(k) = self.withheld_below {
            // The policy rule releases no count below k: 0 stands for "0 to k - 1".
            info["countPrecision"] = Value::from("imprecise");
            info["countAdjustedTo"] = json!([0]);
            info["countBelow"] = Value::from(k);
        }
        info
    }

    /// The `resultSets` item.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.dataset,
            "setType": "dataset",
            "exists": self.exists,
            "resultsCount": self.count,
            "results": self.results,
            "info": self.info(),
        })
    }
}

/// The response to a query of `entry`: boolean, count or records, as `granularity`
/// says (each set says what it answers with); `notes` go to `info`.
pub fn query(
    beacon_id: &str,
    entry: EntryType,
    granularity: Granularity,
    request: &Request,
    sets: &[ResultSet],
    notes: &[String],
) -> Value {
    // Boolean sets say nothing of how many.
    let total: u64 = sets
        .iter()
        .filter(|s| s.granularity >= Granularity::Count)
        .map(|s| s.count)
        .sum();
    let exists = sets.iter().any(|s| s.exists);
    let mut body = json!({
        "meta": query_meta(beacon_id, &[entry], granularity, request),
        "responseSummary": {"exists": exists},
    });
    if granularity >= Granularity::Count {
        body["responseSummary"]["numTotalResults"] = Value::from(total);
    }
    let counted = sets.iter().any(|s| s.granularity >= Granularity::Count);
    if counted && request.include != crate::Include::None {
        let result_sets: Vec<Value> = sets
            .iter()
            .filter(|s| request.include.keeps(s.exists))
            .map(ResultSet::to_json)
            .collect();
        body["response"] = json!({ "resultSets": result_sets });
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
