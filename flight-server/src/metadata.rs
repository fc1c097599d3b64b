//! Catalogs, schemas and tables of a caller's session, as Flight SQL lists them: only
//! what the caller may discover (the session's catalog holds nothing else).

use arrow::record_batch::RecordBatch;
use arrow_flight::sql::{CommandGetCatalogs, CommandGetDbSchemas, CommandGetTables};
use tonic::Status;

use crate::sessions::Session;
use crate::status;

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

pub fn catalogs(session: &Session, query: CommandGetCatalogs) -> Result<RecordBatch, Status> {
    let mut builder = query.into_builder();
    for name in sorted(session.remote.context().catalog_names()) {
        builder.append(name);
    }
    builder.build().map_err(status::arrow)
}

pub fn schemas(session: &Session, query: CommandGetDbSchemas) -> Result<RecordBatch, Status> {
    let ctx = session.remote.context();
    let mut builder = query.into_builder();
    for catalog in sorted(ctx.catalog_names()) {
        if let Some(c) = ctx.catalog(&catalog) {
            for schema in sorted(c.schema_names()) {
                builder.append(&catalog, schema);
            }
        }
    }
    builder.build().map_err(status::arrow)
}

pub async fn tables(session: &Session, query: CommandGetTables) -> Result<RecordBatch, Status> {
    let ctx = session.remote.context();
    let mut builder = query.into_builder();
    for catalog in sorted(ctx.catalog_names()) {
        let Some(c) = ctx.catalog(&catalog) else {
            continue;
        };
        for schema in sorted(c.schema_names()) {
            let Some(s) = c.schema(&schema) else {
                continue;
            };
            for table in sorted(s.table_names()) {
                let Some(provider) = s.table(&table).await.map_err(status::query)? else {
                    continue;
                };
                let kind = match provider.table_type() {
                    datafusion::datasource::TableType::View => "VIEW",
                    _ => "TABLE",
                };
                builder
                    .append(&catalog, &schema, &table, kind, &provider.schema())
                    .map_err(status::arrow)?;
            }
        }
    }
    builder.build().map_err(status::arrow)
}
