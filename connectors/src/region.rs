//! The genomic region a scan is restricted to, derived from pushed-down filters.
//!
//! Shared by the VCF (`chrom`, `pos`, `end`) and alignment (`rname`, `pos`, `end`) tables.

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::logical_expr::expr::Placeholder;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator};
use datafusion::scalar::ScalarValue;

/// The names of the contig, start and end columns a region is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionColumns {
    pub contig: &'static str,
    pub start: &'static str,
    pub end: &'static str,
}

impl RegionColumns {
    /// `chrom`, `pos`, `end` (VCF tables).
    pub const VCF: Self = Self {
        contig: "chrom",
        start: "pos",
        end: "end",
    };
    /// `rname`, `pos`, `end` (alignment tables).
    pub const SAM: Self = Self {
        contig: "rname",
        start: "pos",
        end: "end",
    };
}

/// Records on one of `contigs` (all when `None`) overlapping `[start, end]` (1-based,
/// inclusive; unbounded sides are `i64::MIN`/`i64::MAX`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub contigs: Option<Vec<String>>,
    pub start: i64,
    pub end: i64,
    /// Records must start at or after this position. Not derived from filters: it cuts a
    /// contig into windows that split a scan without reading any record twice.
    pub min_pos: i64,
}

impl Default for Region {
    fn default() -> Self {
        Self {
            contigs: None,
            start: i64::MIN,
            end: i64::MAX,
            min_pos: i64::MIN,
        }
    }
}

impl Region {
    /// Whether the region restricts anything.
    pub fn is_restricted(&self) -> bool {
        self.contigs.is_some() || self.start != i64::MIN || self.end != i64::MAX
    }

    /// This region restricted to records starting in `[from, to]`.
    pub fn window(&self, from: i64, to: i64) -> Self {
        Self {
            min_pos: self.min_pos.max(from),
            end: self.end.min(to),
            ..self.clone()
        }
    }

    /// Whether `pos` is excluded by the region's bounds on the start position.
    pub fn excludes_pos(&self, pos: i64) -> bool {
        pos > self.end || pos < self.min_pos
    }

    /// Whether a record `[pos, end]` on `chrom` may match.
    pub fn contains_contig(&self, chrom: &[u8]) -> bool {
        match &self.contigs {
            None => true,
            Some(c) => c.iter().any(|c| c.as_bytes() == chrom),
        }
    }

    /// Narrows the region with every filter it understands; returns which filters were used.
    pub fn from_filters(filters: &[Expr]) -> (Self, Vec<bool>) {
        Self::from_filters_on(filters, &RegionColumns::VCF)
    }

    /// Like [`Region::from_filters`], for a table whose region columns are `cols`.
    pub fn from_filters_on(filters: &[Expr], cols: &RegionColumns) -> (Self, Vec<bool>) {
        let mut region = Region::default();
        let used = filters.iter().map(|f| region.apply(f, cols)).collect();
        (region, used)
    }

    /// Whether `expr` can narrow a region (used to answer filter pushdown).
    pub fn understands(expr: &Expr) -> bool {
        Self::understands_on(expr, &RegionColumns::VCF)
    }

    /// Like [`Region::understands`], for a table whose region columns are `cols`.
    /// A typed placeholder (a parameter of a prepared plan) counts as the literal it will
    /// be when the plan runs: the filter is pushed, and read when the scan is planned.
    pub fn understands_on(expr: &Expr, cols: &RegionColumns) -> bool {
        match with_parameters_filled(expr) {
            Some(filled) => Region::default().apply(&filled, cols),
            None => Region::default().apply(expr, cols),
        }
    }

    fn apply(&mut self, expr: &Expr, cols: &RegionColumns) -> bool {
        match expr {
            Expr::BinaryExpr(BinaryExpr {
                left,
                op: Operator::And,
                right,
            }) => {
                let l = self.apply(left, cols);
                let r = self.apply(right, cols);
                l || r
            }
            Expr::BinaryExpr(BinaryExpr {
                op: Operator::Or, ..
            }) => match contig_set(expr, cols) {
                // The optimizer turns short IN lists into ORs of equalities.
                Some(names) => {
                    self.restrict_contigs(names);
                    true
                }
                None => false,
            },
            Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
                if let (Some(col), Some(v)) = (column(left), literal(right)) {
                    self.compare(col, *op, v, cols)
                } else if let (Some(v), Some(col)) = (literal(left), column(right)) {
                    match op.swap() {
                        Some(op) => self.compare(col, op, v, cols),
                        None => false,
                    }
                } else {
                    false
                }
            }
            Expr::Between(Between {
                expr,
                negated: false,
                low,
                high,
            }) => match (column(expr), literal(low), literal(high)) {
                (Some(col), Some(lo), Some(hi)) => {
                    self.compare(col, Operator::GtEq, lo, cols)
                        & self.compare(col, Operator::LtEq, hi, cols)
                }
                _ => false,
            },
            Expr::InList(list) if !list.negated => {
                if column(&list.expr) != Some(cols.contig) {
                    return false;
                }
                let names: Option<Vec<String>> = list
                    .list
                    .iter()
                    .map(|e| literal(e).and_then(string))
                    .collect();
                match names {
                    Some(names) => {
                        self.restrict_contigs(names);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// Keeps the contigs also in `names` (each once, in first-seen order: a repeated name
    /// must not make a scan read a contig twice).
    fn restrict_contigs(&mut self, names: Vec<String>) {
        let mut unique: Vec<String> = Vec::with_capacity(names.len());
        for n in names {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        self.contigs = Some(match self.contigs.take() {
            None => unique,
            Some(old) => old.into_iter().filter(|c| unique.contains(c)).collect(),
        });
    }

    fn compare(&mut self, col: &str, op: Operator, v: &ScalarValue, cols: &RegionColumns) -> bool {
        if col == cols.contig {
            if op != Operator::Eq {
                return false;
            }
            return match string(v) {
                Some(s) => {
                    self.restrict_contigs(vec![s]);
                    true
                }
                None => false,
            };
        }
        if col == cols.start || col == cols.end {
            let Some(n) = integer(v) else { return false };
            // Any record with pos >= n or end >= n has end >= n; pos <= n or end <= n
            // implies pos <= n. So both columns bound the overlap interval.
            match op {
                Operator::Eq => {
                    self.start = self.start.max(n);
                    self.end = self.end.min(n);
                }
                Operator::Gt => self.start = self.start.max(n.saturating_add(1)),
                Operator::GtEq => self.start = self.start.max(n),
                Operator::Lt => self.end = self.end.min(n.saturating_sub(1)),
                Operator::LtEq => self.end = self.end.min(n),
                _ => return false,
            }
            return true;
        }
        false
    }
}

/// The contig names of `chrom = 'a' OR chrom = 'b' OR chrom IN (...)` (for the contig
/// column of `cols`).
fn contig_set(expr: &Expr, cols: &RegionColumns) -> Option<Vec<String>> {
    match expr {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Or,
            right,
        }) => {
            let mut names = contig_set(left, cols)?;
            names.extend(contig_set(right, cols)?);
            Some(names)
        }
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Eq,
            right,
        }) => {
            let (c, v) = match (column(left), literal(right)) {
                (Some(c), Some(v)) => (c, v),
                _ => (column(right)?, literal(left)?),
            };
            (c == cols.contig)
                .then(|| string(v))
                .flatten()
                .map(|s| vec![s])
        }
        Expr::InList(list) if !list.negated && column(&list.expr) == Some(cols.contig) => list
            .list
            .iter()
            .map(|e| literal(e).and_then(string))
            .collect(),
        _ => None,
    }
}

fn column(e: &Expr) -> Option<&str> {
    match e {
        Expr::Column(c) => Some(c.name.as_str()),
        Expr::Cast(c) => column(&c.expr),
        _ => None,
    }
}

/// `expr` with each typed placeholder replaced by a non-null value of its type; `None`
/// when it has no placeholder (or one whose type is unknown, which stays unreadable).
fn with_parameters_filled(expr: &Expr) -> Option<Expr> {
    let mut found = false;
    let filled = expr
        .clone()
        .transform(|e| match e {
            Expr::Placeholder(Placeholder { field: Some(f), .. }) => {
                found = true;
                let v = ScalarValue::new_default(f.data_type())?;
                Ok(Transformed::yes(Expr::Literal(v, None)))
            }
            e => Ok(Transformed::no(e)),
        })
        .ok()?
        .data;
    found.then_some(filled)
}

fn literal(e: &Expr) -> Option<&ScalarValue> {
    match e {
        Expr::Literal(v, _) => Some(v),
        _ => None,
    }
}

fn string(v: &ScalarValue) -> Option<String> {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
        _ => None,
    }
}

fn integer(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int64(Some(n)) => Some(*n),
        ScalarValue::Int32(Some(n)) => Some(*n as i64),
        ScalarValue::Int16(Some(n)) => Some(*n as i64),
        ScalarValue::Int8(Some(n)) => Some(*n as i64),
        ScalarValue::UInt32(Some(n)) => Some(*n as i64),
        ScalarValue::UInt64(Some(n)) => i64::try_from(*n).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use datafusion::prelude::{col, lit};

    use super::*;

    #[test]
    fn narrows_to_an_overlap_interval() {
        let f = [
            col("chrom").eq(lit("chr1")),
            col("pos").lt_eq(lit(200i64)),
            col("end").gt_eq(lit(100i64)),
            col("qual").gt(lit(3.0)),
        ];
        let (r, used) = Region::from_filters(&f);
        assert_eq!(
            r,
            Region {
                contigs: Some(vec!["chr1".into()]),
                start: 100,
                end: 200,
                min_pos: i64::MIN
            }
        );
        assert_eq!(used, [true, true, true, false]);
        let (r, _) = Region::from_filters(&[col("chrom")
            .in_list(vec![lit("a"), lit("b")], false)
            .and(col("pos").between(lit(5), lit(9)))]);
        assert_eq!(
            r,
            Region {
                contigs: Some(vec!["a".into(), "b".into()]),
                start: 5,
                end: 9,
                min_pos: i64::MIN
            }
        );
    }

    #[test]
    fn repeated_contig_names_count_once() {
        let (r, _) = Region::from_filters(&[col("chrom").in_list(
            vec![lit("a"), lit("a"), lit("b"), lit("a"), lit("c")],
            false,
        )]);
        assert_eq!(r.contigs, Some(vec!["a".into(), "b".into(), "c".into()]));
    }

    #[test]
    fn ors_of_contig_equalities_are_a_contig_set() {
        let (r, used) =
            Region::from_filters(&[col("chrom").eq(lit("a")).or(col("chrom").eq(lit("b")))]);
        assert_eq!(
            (r.contigs, used),
            (Some(vec!["a".into(), "b".into()]), vec![true])
        );
        let (r, used) =
            Region::from_filters(&[col("chrom").eq(lit("a")).or(col("pos").eq(lit(3)))]);
        assert_eq!((r, used), (Region::default(), vec![false]));
    }
}
