//! The error of a refused query: what was refused and why, never row values.

/// A query refused by policy. Front ends map it to `PermissionDenied` / HTTP 403.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("access denied: {message}")]
pub struct AccessDenied {
    pub message: String,
}

impl AccessDenied {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// As a DataFusion error, so that it crosses planning unchanged.
    pub fn into_datafusion(self) -> datafusion::error::DataFusionError {
        datafusion::error::DataFusionError::External(Box::new(self))
    }

    /// The access denial inside `error`, if there is one.
    pub fn find(error: &datafusion::error::DataFusionError) -> Option<&AccessDenied> {
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = current {
            if let Some(d) = e.downcast_ref::<AccessDenied>() {
                return Some(d);
            }
            if let Some(datafusion::error::DataFusionError::External(inner)) =
                e.downcast_ref::<datafusion::error::DataFusionError>()
                && let Some(d) = inner.downcast_ref::<AccessDenied>()
            {
                return Some(d);
            }
            current = e.source();
        }
        None
    }
}
