//! A GET query string: `referenceName=1&start=5&alternateBases=T&filters=HP:1,HP:2`.

use serde_json::Value;

use super::{Filter, Granularity, Include, Request};
use crate::BeaconError;

/// Parameters whose values are lists of integers (`start=5,7`).
const INTEGER_LISTS: &[&str] = &["start", "end"];
/// Parameters whose values are one integer.
const INTEGERS: &[&str] = &["variantMinLength", "variantMaxLength"];

fn bad(message: String) -> BeaconError {
    BeaconError::BadRequest(message)
}

fn integer(name: &str, text: &str) -> Result<i64, BeaconError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| bad(format!("`{name}` must be an integer, not `{text}`")))
}

pub(super) fn parse(query: &str) -> Result<Request, BeaconError> {
    let mut r = Request::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = crate::percent::decode(k, true)?;
        let value = crate::percent::decode(v, true)?;
        match key.as_str() {
            "requestedGranularity" => {
                r.granularity = Granularity::parse(&value).ok_or_else(|| {
                    bad(format!(
                        "`requestedGranularity` `{value}` is not one of boolean, count, record"
                    ))
                })?
            }
            "includeResultsetResponses" => {
                r.include = Include::parse(&value).ok_or_else(|| {
                    bad(format!(
                        "`includeResultsetResponses` `{value}` is not one of ALL, HIT, MISS, NONE"
                    ))
                })?
            }
            "skip" | "limit" => {
                let n = value.trim().parse::<u64>().map_err(|_| {
                    bad(format!(
                        "`{key}` must be a non-negative integer, not `{value}`"
                    ))
                })?;
                if key == "skip" {
                    r.skip = n;
                } else {
                    r.limit = n;
                }
            }
            "testMode" => {
                r.test_mode = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(bad(format!(
                            "`testMode` must be true or false, not `{value}`"
                        )));
                    }
                }
            }
            "apiVersion" => r.api_version = value,
            "requestedSchema" => r
                .requested_schemas
                .push(serde_json::json!({ "schema": value })),
            "filters" => r.filters.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Filter::from_id),
            ),
            name if INTEGER_LISTS.contains(&name) => {
                let list = value
                    .split(',')
                    .map(|t| integer(name, t).map(Value::from))
                    .collect::<Result<Vec<_>, _>>()?;
                r.parameters.insert(key, Value::Array(list));
            }
            name if INTEGERS.contains(&name) => {
                let n = integer(name, &value)?;
                r.parameters.insert(key, Value::from(n));
            }
            // The model's GET names for `geneId` and `genomicAlleleShortForm`.
            "geneid" => {
                r.parameters.insert("geneId".into(), Value::String(value));
            }
            "allele" => {
                r.parameters
                    .insert("genomicAlleleShortForm".into(), Value::String(value));
            }
            _ => {
                r.parameters.insert(key, Value::String(value));
            }
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_and_post_agree() {
        let get = Request::from_query(
            "referenceName=chr1&start=99,200&alternateBases=T&requestedGranularity=count&filters=HP:0001250",
        )
        .unwrap();
        let post = Request::from_body(
            br#"{"meta":{"apiVersion":"v2.1.1"},"query":{"requestedGranularity":"count",
                "filters":[{"id":"HP:0001250"}],
                "requestParameters":{"g_variant":{"referenceName":"chr1","start":[99,200],"alternateBases":"T"}}}}"#,
        )
        .unwrap();
        assert_eq!(get.parameters, post.parameters);
        assert_eq!(get.granularity, Granularity::Count);
        assert_eq!(get.filters, post.filters);
    }

    #[test]
    fn bad_values_name_the_field() {
        let e = Request::from_query("start=abc").unwrap_err();
        assert!(e.to_string().contains("`start`"), "{e}");
        let e = Request::from_body(br#"{"query":{"pagination":{"skip":-1}}}"#).unwrap_err();
        assert!(e.to_string().contains("query.pagination.skip"), "{e}");
        let e = Request::from_body(b"{\"query\":").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = Request::from_body(br#"{"query":{"requestedGranularity":"COUNT"}}"#).unwrap_err();
        assert_eq!(e.status(), 400);
    }
}
