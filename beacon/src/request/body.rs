//! A POST body (`beaconRequestBody`).

use serde_json::{Map, Value};

use super::{Filter, Granularity, Include, Request};
use crate::BeaconError;

fn bad(message: String) -> BeaconError {
    BeaconError::BadRequest(message)
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, BeaconError> {
    v.as_object()
        .ok_or_else(|| bad(format!("`{at}` must be an object")))
}

fn string<'a>(v: &'a Value, at: &str) -> Result<&'a str, BeaconError> {
    v.as_str()
        .ok_or_else(|| bad(format!("`{at}` must be a string")))
}

fn count(v: &Value, at: &str) -> Result<u64, BeaconError> {
    v.as_u64()
        .ok_or_else(|| bad(format!("`{at}` must be a non-negative integer, not `{v}`")))
}

pub(super) fn parse(body: &[u8]) -> Result<Request, BeaconError> {
    let mut r = Request::default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(r);
    }
    let root: Value = serde_json::from_slice(body).map_err(|e| {
        bad(format!(
            "the request body is not JSON: {e} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let root = object(&root, "body")?;
    if let Some(meta) = root.get("meta") {
        let meta = object(meta, "meta")?;
        if let Some(v) = meta.get("apiVersion") {
            r.api_version = string(v, "meta.apiVersion")?.to_string();
        }
        if let Some(v) = meta.get("requestedSchemas") {
            let list = v
                .as_array()
                .ok_or_else(|| bad("`meta.requestedSchemas` must be an array".into()))?;
            for (i, s) in list.iter().enumerate() {
                object(s, &format!("meta.requestedSchemas[{i}]"))?;
            }
            r.requested_schemas = list.clone();
        }
    }
    let Some(query) = root.get("query") else {
        return Ok(r);
    };
    let query = object(query, "query")?;
    if let Some(v) = query.get("requestedGranularity") {
        let g = string(v, "query.requestedGranularity")?;
        r.granularity = Granularity::parse(g).ok_or_else(|| {
            bad(format!(
                "`query.requestedGranularity` `{g}` is not one of boolean, count, record"
            ))
        })?;
    }
    if let Some(v) = query.get("includeResultsetResponses") {
        let i = string(v, "query.includeResultsetResponses")?;
        r.include = Include::parse(i).ok_or_else(|| {
            bad(format!(
                "`query.includeResultsetResponses` `{i}` is not one of ALL, HIT, MISS, NONE"
            ))
        })?;
    }
    if let Some(v) = query.get("testMode") {
        r.test_mode = v
            .as_bool()
            .ok_or_else(|| bad("`query.testMode` must be a boolean".into()))?;
    }
    if let Some(p) = query.get("pagination") {
        let p = object(p, "query.pagination")?;
        if let Some(v) = p.get("skip") {
            r.skip = count(v, "query.pagination.skip")?;
        }
        if let Some(v) = p.get("limit") {
            r.limit = count(v, "query.pagination.limit")?;
        }
    }
    if let Some(f) = query.get("filters") {
        let list = f
            .as_array()
            .ok_or_else(|| bad("`query.filters` must be an array".into()))?;
        for (i, f) in list.iter().enumerate() {
            r.filters.push(Filter::from_json(f, i)?);
        }
    }
    if let Some(p) = query.get("requestParameters") {
        let p = object(p, "query.requestParameters")?;
        for (k, v) in p {
            match (k.as_str(), v) {
                // The schema's form: one object per entry type.
                ("g_variant" | "genomicVariant" | "g_variants", Value::Object(inner)) => {
                    for (k, v) in inner {
                        r.parameters.insert(k.clone(), v.clone());
                    }
                }
                _ => {
                    r.parameters.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Ok(r)
}
