//! The plan of a `g_variants` query over one dataset's `variants` table, built with the
//! DataFrame API: site filters the VCF scan turns into index lookups, then one row per
//! alternate allele, then the allele filters. With carriers (samples), the plan reads
//! `genotypes` instead: the alleles some carrier's genotype holds, each once.

use datafusion::common::{JoinType, ScalarValue, TableReference};
use datafusion::datasource::provider_as_source;
use datafusion::error::Result;
use datafusion::functions::expr_fn::{abs, character_length, regexp_like};
use datafusion::functions_nested::expr_fn::{array_has, array_position};
use std::sync::Arc;

use datafusion::arrow::datatypes::Field;
use datafusion::logical_expr::expr::Placeholder;
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, col, lit, when};
use datafusion::prelude::SessionContext;

use super::params::{Shape, VariantQuery};
use super::record::VariantId;
use crate::contigs;

/// The values of a plan's placeholders, `$1`, `$2`... in order: the request's values,
/// so that every request of one shape makes the same plan (prepared once per session).
#[derive(Debug, Default)]
pub struct Params(Vec<ScalarValue>);

impl Params {
    /// A typed placeholder standing for `value`.
    pub fn bind(&mut self, value: impl Into<ScalarValue>) -> Expr {
        let value = value.into();
        let field = Field::new("", value.data_type(), true);
        self.0.push(value);
        Expr::Placeholder(Placeholder::new_with_field(
            format!("${}", self.0.len()),
            Some(Arc::new(field)),
        ))
    }

    pub fn into_values(self) -> Vec<ScalarValue> {
        self.0
    }
}

/// The variants of `dataset` matching `query` (and `id`, if given): one row per
/// alternate allele, with its `variant_type` and `variant_length`. With `carriers` (a
/// frame of `carrier_sample_id`), only the alleles one of those samples carries. The
/// request's values are placeholders, their values in `params`.
pub async fn plan(
    ctx: &SessionContext,
    dataset: &str,
    query: &VariantQuery,
    id: Option<&VariantId>,
    carriers: Option<LogicalPlan>,
    params: &mut Params,
) -> Result<LogicalPlan> {
    let p = params;
    let name = if carriers.is_some() {
        "genotypes"
    } else {
        "variants"
    };
    // The scan as `ctx.table` makes it, without the copy of the session's state a
    // DataFrame carries.
    let table = TableReference::partial(dataset, name);
    let provider = ctx.table_provider(table.clone()).await?;
    let table = LogicalPlanBuilder::scan(table, provider_as_source(provider), None)?;
    let mut site = Vec::new();
    if let Some(name) = &query.reference_name {
        let names = contigs::candidates(name)
            .into_iter()
            .map(|n| p.bind(n))
            .collect();
        site.push(col("chrom").in_list(names, false));
    }
    match query.shape {
        Shape::Any => {}
        Shape::Sequence { start } => site.push(col("pos").eq(p.bind(start + 1))),
        Shape::Range { start, end } => {
            site.push(col("pos").lt_eq(p.bind(end)));
            site.push(col("end").gt_eq(p.bind(start + 1)));
        }
        Shape::Bracket { start, end } => {
            site.push(col("pos").between(p.bind(start.0 + 1), p.bind(start.1 + 1)));
            site.push(col("end").between(p.bind(end.0), p.bind(end.1)));
        }
    }
    if let Some(v) = id {
        site.push(col("chrom").eq(p.bind(v.chrom.clone())));
        site.push(col("pos").eq(p.bind(v.pos)));
        site.push(col("ref").eq(p.bind(v.reference.clone())));
    }
    let mut df = table;
    if let Some(f) = site.into_iter().reduce(Expr::and) {
        df = df.filter(f)?;
    }
    let df = match carriers {
        None => df.project(site_columns())?.unnest_column("alt")?,
        Some(samples) => carried(df, samples)?,
    };
    let mut columns = site_columns();
    columns.push(variant_type().alias("variant_type"));
    columns.push(variant_length().alias("variant_length"));
    let df = df.project(columns)?;
    let mut allele = Vec::new();
    if let Some(b) = &query.reference_bases {
        allele.push(matches(col("ref"), b, p));
    }
    if let Some(b) = &query.alternate_bases {
        allele.push(matches(col("alt"), b, p));
    }
    if let Some(v) = id {
        allele.push(col("alt").eq(p.bind(v.alternate.clone())));
    }
    if let Some(t) = &query.variant_type {
        allele.push(match t.as_str() {
            "INDEL" => col("variant_type").in_list(vec![lit("INS"), lit("DEL")], false),
            "SNV" => col("variant_type").eq(lit("SNP")),
            t => col("variant_type").eq(p.bind(t.to_string())),
        });
    }
    if let Some(n) = query.min_length {
        allele.push(col("variant_length").gt_eq(p.bind(n)));
    }
    if let Some(n) = query.max_length {
        allele.push(col("variant_length").lt_eq(p.bind(n)));
    }
    match allele.into_iter().reduce(Expr::and) {
        Some(f) => df.filter(f)?.build(),
        None => df.build(),
    }
}

/// The alleles of `genotypes` rows that a sample of `samples` carries (its genotype holds
/// the allele's index), each allele once.
fn carried(genotypes: LogicalPlanBuilder, samples: LogicalPlan) -> Result<LogicalPlanBuilder> {
    let index = datafusion::logical_expr::cast(
        array_position(col("alts"), col("alt"), lit(1i64)),
        datafusion::arrow::datatypes::DataType::Int32,
    );
    genotypes
        .join(
            samples,
            JoinType::LeftSemi,
            (vec!["sample_id"], vec!["carrier_sample_id"]),
            None,
        )?
        .project(vec![
            col("chrom"),
            col("pos"),
            col("end"),
            lit(ScalarValue::Utf8(None)).alias("id"),
            col("ref"),
            col("alt").alias("alts"),
            col("alt"),
            col("gt"),
        ])?
        .unnest_column("alt")?
        .filter(array_has(col("gt"), index))?
        .project(site_columns())?
        .distinct()
}

/// A variant's columns, one allele (or the list of them) in `alt`.
fn site_columns() -> Vec<Expr> {
    ["chrom", "pos", "end", "id", "ref", "alt"]
        .into_iter()
        .map(col)
        .collect()
}

/// `SNP`, `MNP`, `INS`, `DEL`, or a symbolic allele's type (`<DUP:TANDEM>` → `DUP`).
fn variant_type() -> Expr {
    let (r, a) = (character_length(col("ref")), character_length(col("alt")));
    when(
        col("alt").like(lit("<%>")),
        datafusion::functions::expr_fn::split_part(
            datafusion::functions::expr_fn::btrim(vec![col("alt"), lit("<>")]),
            lit(":"),
            lit(1),
        ),
    )
    .when(r.clone().eq(lit(1)).and(a.clone().eq(lit(1))), lit("SNP"))
    .when(r.clone().eq(a.clone()), lit("MNP"))
    .when(a.gt(r), lit("INS"))
    .otherwise(lit("DEL"))
    .unwrap_or_else(|_| lit("DEL"))
}

/// Bases inserted or deleted (an indel), bases changed (SNP, MNP), or the reference
/// span after the padding base (a symbolic allele).
fn variant_length() -> Expr {
    let (r, a) = (
        character_length(col("ref")).cast_to_i64(),
        character_length(col("alt")).cast_to_i64(),
    );
    when(col("alt").like(lit("<%>")), col("end") - col("pos"))
        .when(r.clone().eq(a.clone()), r.clone())
        .otherwise(abs(a - r))
        .unwrap_or_else(|_| lit(0i64))
}

trait CastI64 {
    fn cast_to_i64(self) -> Expr;
}

impl CastI64 for Expr {
    fn cast_to_i64(self) -> Expr {
        datafusion::logical_expr::cast(self, datafusion::arrow::datatypes::DataType::Int64)
    }
}

/// `column` equals `bases`, where IUPAC ambiguity codes (`N`, `R`, `Y`...) match any of
/// their bases.
fn matches(column: Expr, bases: &str, p: &mut Params) -> Expr {
    if bases.chars().all(|c| "ACGT".contains(c)) {
        return column.eq(p.bind(bases.to_string()));
    }
    let mut pattern = String::from("^");
    for c in bases.chars() {
        pattern.push_str(match c {
            'A' => "A",
            'C' => "C",
            'G' => "G",
            'T' => "T",
            'U' => "T",
            'R' => "[AG]",
            'Y' => "[CT]",
            'S' => "[CG]",
            'W' => "[AT]",
            'K' => "[GT]",
            'M' => "[AC]",
            'B' => "[CGT]",
            'D' => "[AGT]",
            'H' => "[ACT]",
            'V' => "[ACG]",
            'N' => "[ACGTN]",
            // `-` and `.`: no bases.
            _ => "",
        });
    }
    pattern.push('$');
    regexp_like(column, p.bind(pattern), None)
}
