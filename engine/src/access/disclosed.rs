//! Errors a remote principal may read as they are: a peer node's own answer, which that
//! node already sanitized, and which names the node.

use std::error::Error;

use datafusion::error::DataFusionError;

/// An error shown to remote principals unchanged by [`super::sanitize`].
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Disclosed(pub Box<dyn Error + Send + Sync>);

impl Disclosed {
    /// Wraps `error` for DataFusion.
    pub fn wrap(error: impl Error + Send + Sync + 'static) -> DataFusionError {
        DataFusionError::External(Box::new(Self(Box::new(error))))
    }

    /// The disclosed error inside `error`, through DataFusion's wrappers.
    pub fn find(error: &DataFusionError) -> Option<&(dyn Error + Send + Sync + 'static)> {
        let mut current: &(dyn Error + 'static) = error;
        loop {
            if let Some(d) = current.downcast_ref::<Self>() {
                return Some(d.0.as_ref());
            }
            if let Some(DataFusionError::Context(_, inner)) = current.downcast_ref() {
                current = inner.as_ref();
                continue;
            }
            if let Some(DataFusionError::Shared(inner)) = current.downcast_ref() {
                current = inner.as_ref();
                continue;
            }
            current = current.source()?;
        }
    }
}
