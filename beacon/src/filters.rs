//! Beacon filters over a dataset's phenotypic tables, built with the DataFrame API.
//!
//! Every filter selects individuals; an entry type's rows are kept when their
//! `individual_id` is selected by every filter (filters are ANDed, as the framework says).
//! Where a term is looked for:
//!
//! | filter | rows selected |
//! | --- | --- |
//! | `NCIT:C16576` female, `NCIT:C20197` male, `NCIT:C17998` unknown sex, `NCIT:C45908` other sex (ontology) | `individuals.sex` |
//! | any other ontology term, with its descendants unless `includeDescendantTerms` is false | observed `phenotypic_features.type`, present `diseases.term`, `biosamples.sampled_tissue`, `biosamples.histological_diagnosis` (where the dataset has the term or one of its descendants) |
//! | alphanumeric `age` (ISO 8601 duration, compared in days) | `individuals.time_at_last_encounter` |
//! | alphanumeric `individualId`, `cohortId`, `familyId`, `affectedStatus`, `vitalStatus` (`=`, `!`, `%` patterns) | those `individuals` columns |
//! | custom `<column>:<value>` for the columns above (`affectedStatus:AFFECTED`) | those `individuals` columns |
//!
//! A filter that names nothing the node knows (no column, a term neither in its
//! ontologies nor in its data) is left out of the query with a warning, as the Beacon
//! framework asks; a known term that is not in a dataset selects no one there.

mod alphanumeric;
mod ontology;
mod terms;

pub use self::alphanumeric::{AGE, CATEGORICAL, FIELDS};
pub use self::ontology::{SEXES, sex_term};

use datafusion::common::{JoinType, TableReference};
use datafusion::dataframe::DataFrame;
use datafusion::error::Result;
use datafusion::logical_expr::col;
use datafusion::prelude::SessionContext;
use genofed_engine::genofed_ontologies::Store;

pub use self::terms::{Terms, Where, present, utf8 as terms_utf8};
use crate::{BeaconError, Filter};

/// What a filter selects, once resolved against the node's ontologies and data.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Predicates on the `individuals` table.
    Individuals(datafusion::logical_expr::Expr),
    /// Individuals with any of `ids` in one of the term columns ([`Where`]).
    Terms { ids: Vec<String> },
    /// Filtered out of the query (with a warning).
    Ignored(String),
}

/// Resolves `filters` for a caller who may discover `datasets`: their selections, and
/// warnings for those ignored.
pub fn resolve(
    filters: &[Filter],
    store: &Store,
    terms: &Terms,
    datasets: &[&str],
) -> Result<(Vec<Selection>, Vec<String>), BeaconError> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for f in filters {
        let s = match f {
            // `affectedStatus:AFFECTED` looks like a CURIE but is a custom filter.
            Filter::Ontology { id, .. } if alphanumeric::is_custom(id) => alphanumeric::custom(id),
            Filter::Ontology {
                id,
                include_descendants,
                ..
            } => ontology::resolve(id, *include_descendants, store, terms, datasets),
            Filter::Alphanumeric {
                id,
                operator,
                value,
                ..
            } => alphanumeric::resolve(id, *operator, value)?,
            Filter::Custom { id, .. } => alphanumeric::custom(id),
        };
        match s {
            Selection::Ignored(why) => warnings.push(why),
            s => out.push(s),
        }
    }
    Ok((out, warnings))
}

/// How a filter's rows join the entry type's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Keep rows with a match (records: each row once).
    Semi,
    /// Join the matches (counts: a count of distinct ids, which count-only tables need,
    /// since they may only be joined, not semi-joined).
    Inner,
}

/// `base` (rows with `individual_id`) restricted to the individuals of `dataset` that
/// every selection selects.
pub async fn apply(
    ctx: &SessionContext,
    dataset: &str,
    base: DataFrame,
    selections: &[Selection],
    terms: &Terms,
    join: Join,
) -> Result<DataFrame> {
    let mut df = base;
    for (i, s) in selections.iter().enumerate() {
        let matches = match s {
            Selection::Individuals(predicate) => ctx
                .table(TableReference::partial(dataset, "individuals"))
                .await?
                .filter(predicate.clone())?,
            Selection::Terms { ids } => terms.individuals(ctx, dataset, ids).await?,
            Selection::Ignored(_) => continue,
        };
        let key = format!("filter_{i}_individual_id");
        let matches = matches.select(vec![col("individual_id").alias(&key)])?;
        let kind = match join {
            Join::Semi => JoinType::LeftSemi,
            Join::Inner => JoinType::Inner,
        };
        df = df.join(matches, kind, &["individual_id"], &[key.as_str()], None)?;
    }
    Ok(df)
}
