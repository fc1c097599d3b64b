//! Beacon filters: ontology terms, alphanumeric comparisons, custom filters.

use serde_json::Value;

use crate::BeaconError;

/// An alphanumeric filter's comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Lt,
    Gt,
    Not,
    GtEq,
    LtEq,
}

impl Operator {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "=" => Operator::Eq,
            "<" => Operator::Lt,
            ">" => Operator::Gt,
            "!" => Operator::Not,
            ">=" => Operator::GtEq,
            "<=" => Operator::LtEq,
            _ => return None,
        })
    }
}

/// One filter of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Ontology {
        id: String,
        include_descendants: bool,
        scope: Option<String>,
    },
    Alphanumeric {
        id: String,
        operator: Operator,
        value: String,
        scope: Option<String>,
    },
    Custom {
        id: String,
        scope: Option<String>,
    },
}

impl Filter {
    pub fn id(&self) -> &str {
        match self {
            Filter::Ontology { id, .. }
            | Filter::Alphanumeric { id, .. }
            | Filter::Custom { id, .. } => id,
        }
    }

    /// A filter given by id alone (GET `filters=HP:0001250,...`).
    pub fn from_id(id: &str) -> Self {
        if is_curie(id) {
            Filter::Ontology {
                id: id.to_string(),
                include_descendants: true,
                scope: None,
            }
        } else {
            Filter::Custom {
                id: id.to_string(),
                scope: None,
            }
        }
    }

    /// A filter object of a POST body (`query.filters[i]`).
    pub fn from_json(value: &Value, at: usize) -> Result<Self, BeaconError> {
        let where_ = format!("query.filters[{at}]");
        let obj = match value {
            Value::Object(o) => o,
            Value::String(s) => return Ok(Filter::from_id(s)),
            _ => return Err(BeaconError::bad(format!("`{where_}` must be an object"))),
        };
        let text = |key: &str| -> Result<Option<String>, BeaconError> {
            match obj.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(BeaconError::bad(format!(
                    "`{where_}.{key}` must be a string"
                ))),
            }
        };
        let id =
            text("id")?.ok_or_else(|| BeaconError::bad(format!("`{where_}.id` is missing")))?;
        let scope = text("scope")?;
        let operator = text("operator")?;
        let value = text("value")?;
        if operator.is_some() || value.is_some() {
            let op = operator.unwrap_or_else(|| "=".to_string());
            let operator = Operator::parse(&op).ok_or_else(|| {
                BeaconError::bad(format!(
                    "`{where_}.operator` `{op}` is not one of =, <, >, !, >=, <="
                ))
            })?;
            let value =
                value.ok_or_else(|| BeaconError::bad(format!("`{where_}.value` is missing")))?;
            return Ok(Filter::Alphanumeric {
                id,
                operator,
                value,
                scope,
            });
        }
        let include_descendants = match obj.get("includeDescendantTerms") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(BeaconError::bad(format!(
                    "`{where_}.includeDescendantTerms` must be a boolean"
                )));
            }
        };
        if let Some(s) = text("similarity")?
            && !matches!(s.as_str(), "exact" | "high" | "medium" | "low")
        {
            return Err(BeaconError::bad(format!(
                "`{where_}.similarity` `{s}` is not one of exact, high, medium, low"
            )));
        }
        if is_curie(&id) {
            Ok(Filter::Ontology {
                id,
                include_descendants,
                scope,
            })
        } else {
            Ok(Filter::Custom { id, scope })
        }
    }
}

/// `PREFIX:local`, as the framework's CURIE pattern has it (`^\w[^:]+:.+$`).
fn is_curie(id: &str) -> bool {
    match id.split_once(':') {
        Some((prefix, local)) => {
            prefix.len() >= 2
                && prefix
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
                && !local.is_empty()
        }
        None => false,
    }
}
