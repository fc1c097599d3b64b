//! A Beacon request, from a POST body (`beaconRequestBody`) or a GET query string: the
//! same [`Request`] either way, checked field by field with messages naming the field.

mod body;
mod filter;
mod query;

use serde_json::{Map, Value};

pub use self::filter::{Filter, Operator};

/// How much a response says: whether, how many, or which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Granularity {
    Boolean,
    Count,
    Record,
}

impl Granularity {
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Boolean => "boolean",
            Granularity::Count => "count",
            Granularity::Record => "record",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "boolean" => Some(Granularity::Boolean),
            "count" => Some(Granularity::Count),
            "record" => Some(Granularity::Record),
            _ => None,
        }
    }
}

/// Which result sets a response includes (`includeResultsetResponses`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Include {
    All,
    Hit,
    Miss,
    None,
}

impl Include {
    pub fn name(self) -> &'static str {
        match self {
            Include::All => "ALL",
            Include::Hit => "HIT",
            Include::Miss => "MISS",
            Include::None => "NONE",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "ALL" => Some(Include::All),
            "HIT" => Some(Include::Hit),
            "MISS" => Some(Include::Miss),
            "NONE" => Some(Include::None),
            _ => None,
        }
    }

    /// Whether a result set that `exists` is included.
    pub fn keeps(self, exists: bool) -> bool {
        match self {
            Include::All => true,
            Include::Hit => exists,
            Include::Miss => !exists,
            Include::None => false,
        }
    }
}

/// A Beacon request.
#[derive(Debug, Clone)]
pub struct Request {
    pub api_version: String,
    /// `meta.requestedSchemas`, echoed in the response.
    pub requested_schemas: Vec<Value>,
    pub granularity: Granularity,
    pub include: Include,
    /// Pages of `limit` records to skip.
    pub skip: u64,
    /// Records per page.
    pub limit: u64,
    pub test_mode: bool,
    pub filters: Vec<Filter>,
    /// `requestParameters`, flattened (`{"g_variant": {...}}` and `{...}` alike).
    pub parameters: Map<String, Value>,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            api_version: crate::API_VERSION.to_string(),
            requested_schemas: Vec::new(),
            granularity: Granularity::Boolean,
            include: Include::Hit,
            skip: 0,
            limit: 10,
            test_mode: false,
            filters: Vec::new(),
            parameters: Map::new(),
        }
    }
}

impl Request {
    /// The request a POST body describes.
    pub fn from_body(body: &[u8]) -> Result<Self, crate::BeaconError> {
        body::parse(body)
    }

    /// The request a GET query string describes (`referenceName=1&start=5,7&...`).
    pub fn from_query(query: &str) -> Result<Self, crate::BeaconError> {
        query::parse(query)
    }

    /// The request's summary, as `receivedRequestSummary`.
    pub fn summary(&self) -> Value {
        let mut s = serde_json::json!({
            "apiVersion": self.api_version,
            "requestedSchemas": self.requested_schemas,
            "pagination": {"skip": self.skip, "limit": self.limit},
            "requestedGranularity": self.granularity.name(),
            "includeResultsetResponses": self.include.name(),
            "testMode": self.test_mode,
        });
        if !self.filters.is_empty() {
            s["filters"] = self.filters.iter().map(|f| Value::from(f.id())).collect();
        }
        if !self.parameters.is_empty() {
            // The schema wants every parameter group to be an object.
            s["requestParameters"] = serde_json::json!({ "g_variant": self.parameters });
        }
        s
    }
}
