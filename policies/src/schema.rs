//! The Cedar schema genofed ships (`policies/schema/genofed.cedarschema`).

use cedar_policy::Schema;

use crate::PolicyError;

/// The schema text, for `genofed policy schema` and Cedar's own tools.
pub const SCHEMA: &str = include_str!("../schema/genofed.cedarschema");

/// The parsed schema.
pub fn schema() -> Result<Schema, PolicyError> {
    Schema::from_cedarschema_str(SCHEMA)
        .map(|(schema, _warnings)| schema)
        .map_err(|e| PolicyError::Schema(Box::new(e)))
}
