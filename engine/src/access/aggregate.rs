//! Aggregate-only access: the rows of a count-only table may reach the output only
//! through `count`, `sum` or `avg`, and each output group must count at least `k`
//! distinct participants (`count(DISTINCT <participant column>)`, carried from the scan
//! to the aggregate through projections, filters, aliases, joins, sorts and limits;
//! anything else between them is refused).

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, DFSchema, Result, TableReference};
use datafusion::functions_aggregate::expr_fn::{count, count_distinct};
use datafusion::logical_expr::{
    Aggregate, Expr, Filter, JoinType, LogicalPlan, Projection, SubqueryAlias, lit,
};

use super::denied::AccessDenied;

/// Aggregate functions a count-only principal may apply.
const ALLOWED: &[&str] = &["count", "sum", "avg", "mean", "approx_distinct"];

/// The output column counting each group's participants.
const CONTRIBUTORS: &str = "__genofed_contributors";

/// The count-only scans of a plan: their participant column and `k`.
#[derive(Debug, Default)]
pub struct CountOnly {
    scans: HashMap<TableReference, (Option<String>, u32)>,
    next: Cell<usize>,
}

impl CountOnly {
    pub fn insert(&mut self, table: TableReference, key: Option<String>, k: u32) {
        self.scans.insert(table, (key, k));
    }

    pub fn is_empty(&self) -> bool {
        self.scans.is_empty()
    }

    fn get(&self, plan: &LogicalPlan) -> Option<(&TableReference, &(Option<String>, u32))> {
        match plan {
            LogicalPlan::TableScan(s) => self.scans.get_key_value(&s.table_name),
            _ => None,
        }
    }

    fn fresh(&self) -> String {
        let n = self.next.get() + 1;
        self.next.set(n);
        format!("__genofed_participant_{n}")
    }

    fn names(&self) -> String {
        let mut v: Vec<String> = self.scans.keys().map(|t| format!("`{t}`")).collect();
        v.sort();
        v.join(", ")
    }
}

fn denied(message: String) -> datafusion::error::DataFusionError {
    AccessDenied::new(message).into_datafusion()
}

/// Checks and rewrites `plan`: every count-only scan under an allowed aggregate, with
/// the `k` filter added.
pub fn enforce(plan: LogicalPlan, scans: &CountOnly) -> Result<LogicalPlan> {
    let (plan, raw) = walk(plan, scans)?;
    if raw {
        return Err(denied(format!(
            "{} may only be counted: aggregate its rows with count, sum or avg",
            scans.names()
        )));
    }
    Ok(plan)
}

/// Rewrites aggregates bottom-up; `true` when rows of a count-only table reach the
/// output of `plan` unaggregated.
fn walk(plan: LogicalPlan, scans: &CountOnly) -> Result<(LogicalPlan, bool)> {
    if scans.get(&plan).is_some() {
        return Ok((plan, true));
    }
    // Subqueries in expressions must not return raw rows.
    let plan = plan
        .map_subqueries(|sub| {
            let (sub, raw) = walk(sub, scans)?;
            if raw {
                return Err(denied(format!(
                    "{} may only be counted: a subquery returns its rows",
                    scans.names()
                )));
            }
            Ok(Transformed::yes(sub))
        })?
        .data;
    let mut raw = false;
    let plan = plan
        .map_children(|child| {
            let (child, r) = walk(child, scans)?;
            raw |= r;
            Ok(Transformed::yes(child))
        })?
        .data;
    match plan {
        LogicalPlan::Aggregate(agg) if raw => Ok((aggregate(agg, scans)?, false)),
        plan => Ok((plan, raw)),
    }
}

fn function_name(expr: &Expr) -> Option<(&str, bool)> {
    match expr {
        Expr::Alias(a) => function_name(&a.expr),
        Expr::AggregateFunction(f) => Some((f.func.name(), f.params.distinct)),
        _ => None,
    }
}

fn aggregate(agg: Aggregate, scans: &CountOnly) -> Result<LogicalPlan> {
    for e in &agg.aggr_expr {
        match function_name(e) {
            Some((name, _)) if ALLOWED.contains(&name) => {}
            Some((name, _)) => {
                return Err(denied(format!(
                    "{} may only be counted: `{name}` can reveal a single row's value \
                     (allowed: count, sum, avg)",
                    scans.names()
                )));
            }
            None => {
                return Err(denied(format!(
                    "{} may only be counted: unsupported aggregate `{e}`",
                    scans.names()
                )));
            }
        }
    }
    let (input, key, k) = carry(Arc::unwrap_or_clone(agg.input), scans)?;
    let contributors = match key {
        Some(c) => count_distinct(Expr::Column(c)),
        None => count(lit(1i64)),
    }
    .alias(CONTRIBUTORS);
    let mut aggr_expr = agg.aggr_expr.clone();
    aggr_expr.push(contributors);
    let counted = Aggregate::try_new(Arc::new(input), agg.group_expr.clone(), aggr_expr)?;
    let filtered = Filter::try_new(
        Expr::Column(Column::from_name(CONTRIBUTORS)).gt_eq(lit(i64::from(k))),
        Arc::new(LogicalPlan::Aggregate(counted)),
    )?;
    let columns = agg.schema.columns().into_iter().map(Expr::Column).collect();
    Ok(LogicalPlan::Projection(Projection::try_new(
        columns,
        Arc::new(LogicalPlan::Filter(filtered)),
    )?))
}

/// Whether rows of a count-only scan reach `plan`'s output unaggregated (aggregates
/// below were rewritten already).
fn is_raw(plan: &LogicalPlan, scans: &CountOnly) -> bool {
    if scans.get(plan).is_some() {
        return true;
    }
    if matches!(plan, LogicalPlan::Aggregate(_)) {
        return false;
    }
    plan.inputs().into_iter().any(|p| is_raw(p, scans))
}

type Carried = (LogicalPlan, Option<Column>, u32);

/// Carries the participant column of the count-only scans in `plan` up to its output.
fn carry(plan: LogicalPlan, scans: &CountOnly) -> Result<Carried> {
    if !is_raw(&plan, scans) {
        return Ok((plan, None, 0));
    }
    if let Some((table, (key, k))) = scans.get(&plan) {
        let key = key.as_ref().map(|c| Column::new(Some(table.clone()), c));
        return Ok((plan, key, *k));
    }
    match plan {
        LogicalPlan::Projection(p) => {
            let (input, key, k) = carry(Arc::unwrap_or_clone(p.input), scans)?;
            let mut expr = p.expr;
            let key = key.map(|c| {
                let name = scans.fresh();
                expr.push(Expr::Column(c).alias(&name));
                Column::from_name(name)
            });
            let mut projected = Projection::try_new(expr, Arc::new(input))?;
            let metadata = p.schema.metadata();
            if !metadata.is_empty() {
                // Keep the guard's mark, so a second analysis does not guard again.
                let fields = projected
                    .schema
                    .iter()
                    .map(|(q, f)| (q.cloned(), f.clone()))
                    .collect();
                let schema = DFSchema::new_with_metadata(fields, metadata.clone())?;
                projected = Projection::try_new_with_schema(
                    projected.expr,
                    projected.input,
                    Arc::new(schema),
                )?;
            }
            Ok((LogicalPlan::Projection(projected), key, k))
        }
        LogicalPlan::SubqueryAlias(s) => {
            let (input, key, k) = carry(Arc::unwrap_or_clone(s.input), scans)?;
            let key = key.map(|c| Column::new(Some(s.alias.clone()), c.name));
            let aliased = SubqueryAlias::try_new(Arc::new(input), s.alias)?;
            Ok((LogicalPlan::SubqueryAlias(aliased), key, k))
        }
        LogicalPlan::Join(ref j) => {
            let join_type = j.join_type;
            let kept_left = matches!(
                join_type,
                JoinType::Inner
                    | JoinType::Left
                    | JoinType::Right
                    | JoinType::Full
                    | JoinType::LeftSemi
                    | JoinType::LeftAnti
            );
            let kept_right = matches!(
                join_type,
                JoinType::Inner
                    | JoinType::Left
                    | JoinType::Right
                    | JoinType::Full
                    | JoinType::RightSemi
                    | JoinType::RightAnti
            );
            let left_raw = is_raw(&j.left, scans);
            let right_raw = is_raw(&j.right, scans);
            if (left_raw && !kept_left) || (right_raw && !kept_right) {
                return Err(denied(format!(
                    "{} may only be counted: a {join_type} join hides its rows from the \
                     aggregate",
                    scans.names()
                )));
            }
            let exprs = plan.expressions();
            let mut inputs = plan.inputs().into_iter().cloned();
            let (left, right) = (inputs.next(), inputs.next());
            let (Some(left), Some(right)) = (left, right) else {
                return Err(denied("a join without two inputs".into()));
            };
            let (left, kl, k1) = carry(left, scans)?;
            let (right, kr, k2) = carry(right, scans)?;
            let rebuilt = plan.with_new_exprs(exprs, vec![left, right])?;
            Ok((rebuilt, kl.or(kr), k1.max(k2)))
        }
        LogicalPlan::Filter(_)
        | LogicalPlan::Sort(_)
        | LogicalPlan::Limit(_)
        | LogicalPlan::Repartition(_) => {
            let exprs = plan.expressions();
            let input = plan.inputs().into_iter().next().cloned();
            let Some(input) = input else {
                return Err(denied("a plan node without input".into()));
            };
            let (input, key, k) = carry(input, scans)?;
            Ok((plan.with_new_exprs(exprs, vec![input])?, key, k))
        }
        other => Err(denied(format!(
            "{} may only be counted: its rows pass through a {} before the aggregate",
            scans.names(),
            other.display()
        ))),
    }
}
