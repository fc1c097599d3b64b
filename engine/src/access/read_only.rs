//! A dataset as a remote session sees it: its tables, and no way to add or drop one
//! (the node's own schema is shared by every session).

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{SchemaProvider, TableProvider};
use datafusion::error::DataFusionError;

/// A read-only view of a node's dataset schema.
#[derive(Debug)]
pub struct ReadOnlySchema(pub Arc<dyn SchemaProvider>);

#[async_trait]
impl SchemaProvider for ReadOnlySchema {
    fn table_names(&self) -> Vec<String> {
        self.0.table_names()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>, DataFusionError> {
        self.0.table(name).await
    }

    fn table_exist(&self, name: &str) -> bool {
        self.0.table_exist(name)
    }
}
