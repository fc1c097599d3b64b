//! Aggregate-only access: the rows of a count-only table may reach the output only
//! through `count`, `sum`, `avg` or `approx_distinct`, and each output group must count at
//! least `k` distinct individuals of every count-only table it aggregates. The
//! participant column is carried from each scan to the aggregate through projections,
//! filters, aliases, joins, sorts and limits; anything else between them is refused. On
//! that path every expression must be one that cannot fail (a failure on a row tells that
//! the row exists), projections only pass columns on, and aggregate arguments are
//! columns: so no expression singles out one participant's value. A seal above the
//! aggregate keeps the query's later predicates from being pushed down onto the rows.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, Result, TableReference};
use datafusion::functions_aggregate::expr_fn::count_distinct;
use datafusion::logical_expr::{
    Aggregate, BinaryExpr, Expr, Extension, Filter, JoinType, LogicalPlan, Operator, Projection,
    SubqueryAlias, lit,
};

use super::barrier::ConsentBarrier;
use super::denied::AccessDenied;
use super::text_udf::text_udf;

/// Aggregate functions a count-only principal may apply.
const ALLOWED: &[&str] = &["count", "sum", "avg", "mean", "approx_distinct"];

/// Scalar functions that cannot fail (on any input of the types they were planned for).
const INFALLIBLE: &[&str] = &[
    "gt_alt_count",
    "get_field",
    "array_element",
    "cardinality",
    "array_length",
    "length",
    "character_length",
    "char_length",
    "octet_length",
    "lower",
    "upper",
    "coalesce",
    "starts_with",
];

/// One count-only scan.
#[derive(Debug, Clone)]
pub struct Scan {
    /// `<dataset>.<table>`.
    pub table: String,
    /// Its participant column.
    pub key: String,
    pub k: u32,
    /// Sample id → individual id, when the participant column holds sample ids.
    pub individuals: Option<Arc<HashMap<String, String>>>,
}

/// The count-only scans of a plan.
#[derive(Debug, Default)]
pub struct CountOnly {
    scans: HashMap<TableReference, Scan>,
    next: Cell<usize>,
}

impl CountOnly {
    pub fn insert(&mut self, table: TableReference, scan: Scan) {
        self.scans.insert(table, scan);
    }

    pub fn is_empty(&self) -> bool {
        self.scans.is_empty()
    }

    fn get(&self, plan: &LogicalPlan) -> Option<(&TableReference, &Scan)> {
        match plan {
            LogicalPlan::TableScan(s) => self.scans.get_key_value(&s.table_name),
            _ => None,
        }
    }

    fn fresh(&self, what: &str) -> String {
        let n = self.next.get() + 1;
        self.next.set(n);
        format!("__genofed_{what}_{n}")
    }

    fn names(&self) -> String {
        let mut v: Vec<String> = self
            .scans
            .values()
            .map(|s| format!("`{}`", s.table))
            .collect();
        v.sort();
        v.dedup();
        v.join(", ")
    }
}

fn denied(message: String) -> datafusion::error::DataFusionError {
    AccessDenied::new(message).into_datafusion()
}

/// Checks and rewrites `plan`: every count-only scan under an allowed aggregate, with
/// the `k` filters added.
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

/// An expression that cannot fail, whatever the row.
fn infallible(expr: &Expr) -> bool {
    match expr {
        // A prepared plan's parameter is a literal when the plan runs.
        Expr::Column(_) | Expr::Literal(..) | Expr::Placeholder(_) => true,
        Expr::Alias(a) => infallible(&a.expr),
        Expr::Not(e)
        | Expr::IsNull(e)
        | Expr::IsNotNull(e)
        | Expr::IsTrue(e)
        | Expr::IsFalse(e)
        | Expr::IsNotTrue(e)
        | Expr::IsNotFalse(e)
        | Expr::IsUnknown(e)
        | Expr::IsNotUnknown(e) => infallible(e),
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            matches!(
                op,
                Operator::Eq
                    | Operator::NotEq
                    | Operator::Lt
                    | Operator::LtEq
                    | Operator::Gt
                    | Operator::GtEq
                    | Operator::And
                    | Operator::Or
                    | Operator::IsDistinctFrom
                    | Operator::IsNotDistinctFrom
            ) && infallible(left)
                && infallible(right)
        }
        Expr::Between(b) => infallible(&b.expr) && infallible(&b.low) && infallible(&b.high),
        Expr::InList(l) => infallible(&l.expr) && l.list.iter().all(infallible),
        Expr::Like(l) => {
            l.escape_char.is_none()
                && infallible(&l.expr)
                && matches!(*l.pattern, Expr::Literal(..))
        }
        Expr::ScalarFunction(f) => {
            INFALLIBLE.contains(&f.func.name()) && f.args.iter().all(infallible)
        }
        Expr::TryCast(c) => infallible(&c.expr),
        // A literal's failing cast fails at planning, whatever the rows; a parameter's
        // would fail (or not) at execution, as rows reach it.
        Expr::Cast(c) => matches!(*c.expr, Expr::Literal(..)),
        _ => false,
    }
}

/// A plain column or a constant (possibly aliased): the policy's own masks project
/// constants (`NULL AS source_path`), which say nothing about any row.
fn column(expr: &Expr) -> bool {
    match expr {
        Expr::Column(_) | Expr::Literal(..) => true,
        Expr::Alias(a) => column(&a.expr),
        _ => false,
    }
}

/// An aggregate argument: a column, a literal, or an infallible function of columns
/// (no conditions that could single out a participant).
fn argument(expr: &Expr) -> bool {
    match expr {
        Expr::Column(_) | Expr::Literal(..) => true,
        Expr::Alias(a) => argument(&a.expr),
        Expr::ScalarFunction(f) => {
            INFALLIBLE.contains(&f.func.name()) && f.args.iter().all(argument)
        }
        _ => false,
    }
}

fn check_aggregate(expr: &Expr, scans: &CountOnly) -> Result<()> {
    let refuse = |why: String| {
        Err(denied(format!(
            "{} may only be counted: {why}",
            scans.names()
        )))
    };
    match expr {
        Expr::Alias(a) => check_aggregate(&a.expr, scans),
        Expr::AggregateFunction(f) => {
            let name = f.func.name();
            if !ALLOWED.contains(&name) {
                return refuse(format!(
                    "`{name}` can reveal a single row's value (allowed: count, sum, avg)"
                ));
            }
            if f.params.filter.is_some() {
                return refuse("an aggregate's FILTER clause can single out rows".into());
            }
            if let Some(arg) = f.params.args.iter().find(|a| !argument(a)) {
                return refuse(format!(
                    "aggregate arguments must be columns, not `{arg}` (conditions inside an \
                     aggregate can single out rows)"
                ));
            }
            Ok(())
        }
        e => refuse(format!("unsupported aggregate `{e}`")),
    }
}

/// `participant(sample_id)`: the individual of a sample (a sample without a link is its
/// own participant), so that `k` counts people, not samples.
fn participant(column: Expr, individuals: Arc<HashMap<String, String>>) -> Expr {
    text_udf("participant", move |v, out| {
        out.append_value(individuals.get(v).map_or(v, String::as_str));
    })
    .call(vec![column])
}

fn aggregate(agg: Aggregate, scans: &CountOnly) -> Result<LogicalPlan> {
    for e in &agg.aggr_expr {
        check_aggregate(e, scans)?;
    }
    let group_exprs = grouping_exprs(&agg.group_expr);
    if let Some(g) = group_exprs.iter().find(|g| !infallible(g)) {
        return Err(denied(format!(
            "{} may only be counted: `GROUP BY {g}` can fail on a row",
            scans.names()
        )));
    }
    let (input, keys) = carry(Arc::unwrap_or_clone(agg.input), scans)?;
    let mut aggr_expr = agg.aggr_expr.clone();
    let mut thresholds = Vec::new();
    for (column, scan) in &keys {
        let key = Expr::Column(column.clone());
        let people = match &scan.individuals {
            Some(map) => participant(key, map.clone()),
            None => key,
        };
        let name = scans.fresh("contributors");
        aggr_expr.push(count_distinct(people).alias(&name));
        thresholds.push(Expr::Column(Column::from_name(name)).gt_eq(lit(i64::from(scan.k))));
    }
    let counted = Aggregate::try_new(Arc::new(input), agg.group_expr.clone(), aggr_expr)?;
    let tables: Vec<&str> = keys.iter().map(|(_, s)| s.table.as_str()).collect();
    let sealed = LogicalPlan::Extension(Extension {
        node: Arc::new(ConsentBarrier::seal(
            LogicalPlan::Aggregate(counted),
            tables.join(", "),
        )),
    });
    let predicate = thresholds
        .into_iter()
        .reduce(Expr::and)
        .ok_or_else(|| denied("an aggregate of count-only rows without a participant".into()))?;
    let filtered = Filter::try_new(predicate, Arc::new(sealed))?;
    // Sealed again, so that a HAVING of the query is not merged into the threshold's
    // filter (and evaluated on the groups it withholds).
    let resealed = LogicalPlan::Extension(Extension {
        node: Arc::new(ConsentBarrier::seal(
            LogicalPlan::Filter(filtered),
            tables.join(", "),
        )),
    });
    let columns = agg.schema.columns().into_iter().map(Expr::Column).collect();
    Ok(LogicalPlan::Projection(Projection::try_new(
        columns,
        Arc::new(resealed),
    )?))
}

/// The expressions of a GROUP BY, grouping sets included.
fn grouping_exprs(group: &[Expr]) -> Vec<Expr> {
    let mut out = Vec::new();
    for g in group {
        match g {
            Expr::GroupingSet(set) => out.extend(set.distinct_expr().into_iter().cloned()),
            e => out.push(e.clone()),
        }
    }
    out
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

type Carried = (LogicalPlan, Vec<(Column, Scan)>);

fn refuse_node(scans: &CountOnly, what: &str) -> datafusion::error::DataFusionError {
    denied(format!(
        "{} may only be counted: {what} between its rows and the aggregate",
        scans.names()
    ))
}

/// Carries the participant column of every count-only scan in `plan` up to its output,
/// checking the expressions on the way.
fn carry(plan: LogicalPlan, scans: &CountOnly) -> Result<Carried> {
    if !is_raw(&plan, scans) {
        return Ok((plan, Vec::new()));
    }
    if let Some((table, scan)) = scans.get(&plan) {
        let key = Column::new(Some(table.clone()), &scan.key);
        return Ok((plan, vec![(key, scan.clone())]));
    }
    if plan.expressions().iter().any(|e| !infallible(e)) {
        let bad = plan
            .expressions()
            .into_iter()
            .find(|e| !infallible(e))
            .map(|e| e.to_string())
            .unwrap_or_default();
        return Err(refuse_node(
            scans,
            &format!("`{bad}` (an expression that can fail, or compute a value)"),
        ));
    }
    match plan {
        LogicalPlan::Projection(p) => {
            if let Some(e) = p.expr.iter().find(|e| !column(e)) {
                return Err(refuse_node(
                    scans,
                    &format!("a computed column `{e}` (aggregate columns directly)"),
                ));
            }
            let (input, keys) = carry(Arc::unwrap_or_clone(p.input), scans)?;
            let mut expr = p.expr;
            let mut carried = Vec::new();
            for (c, scan) in keys {
                let name = scans.fresh("participant");
                expr.push(Expr::Column(c).alias(&name));
                carried.push((Column::from_name(name), scan));
            }
            let projected = Projection::try_new(expr, Arc::new(input))?;
            Ok((LogicalPlan::Projection(projected), carried))
        }
        LogicalPlan::SubqueryAlias(s) => {
            let (input, keys) = carry(Arc::unwrap_or_clone(s.input), scans)?;
            let keys = keys
                .into_iter()
                .map(|(c, scan)| (Column::new(Some(s.alias.clone()), c.name), scan))
                .collect();
            let aliased = SubqueryAlias::try_new(Arc::new(input), s.alias)?;
            Ok((LogicalPlan::SubqueryAlias(aliased), keys))
        }
        LogicalPlan::Join(ref j) => {
            let join_type = j.join_type;
            let kept_left = matches!(
                join_type,
                JoinType::Inner | JoinType::Left | JoinType::Right | JoinType::Full
            );
            let kept_right = kept_left;
            if (is_raw(&j.left, scans) && !kept_left) || (is_raw(&j.right, scans) && !kept_right) {
                return Err(refuse_node(scans, &format!("a {join_type} join")));
            }
            let exprs = plan.expressions();
            let mut inputs = plan.inputs().into_iter().cloned();
            let (Some(left), Some(right)) = (inputs.next(), inputs.next()) else {
                return Err(denied("a join without two inputs".into()));
            };
            let (left, mut keys) = carry(left, scans)?;
            let (right, more) = carry(right, scans)?;
            keys.extend(more);
            Ok((plan.with_new_exprs(exprs, vec![left, right])?, keys))
        }
        LogicalPlan::Extension(ref e) if e.node.as_any().is::<ConsentBarrier>() => {
            carry_one(plan, scans)
        }
        LogicalPlan::Filter(_) | LogicalPlan::Sort(_) | LogicalPlan::Limit(_) => {
            carry_one(plan, scans)
        }
        other => Err(refuse_node(scans, &format!("a {}", other.display()))),
    }
}

/// Carries through a node with one input that passes its columns on.
fn carry_one(plan: LogicalPlan, scans: &CountOnly) -> Result<Carried> {
    let exprs = plan.expressions();
    let Some(input) = plan.inputs().into_iter().next().cloned() else {
        return Err(denied("a plan node without input".into()));
    };
    let (input, keys) = carry(input, scans)?;
    Ok((plan.with_new_exprs(exprs, vec![input])?, keys))
}
