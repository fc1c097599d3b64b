//! Column builders for one batch of either shape; the text and BCF decoders both fill it.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Float32Builder, Int32Builder, Int64Builder, ListBuilder, RecordBatch,
    RecordBatchOptions, StringBuilder,
};
use arrow::datatypes::SchemaRef;

use super::header::Header;
use super::schema::{Col, format_fields, info_fields};
use super::values::FieldSet;

/// Which columns a scan must produce.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Needs {
    pub chrom: bool,
    pub pos: bool,
    pub end: bool,
    pub id: bool,
    pub ref_: bool,
    pub alt: bool,
    pub qual: bool,
    pub filter: bool,
    pub info: bool,
    pub sample_id: bool,
    pub gt: bool,
    pub phased: bool,
    pub format: bool,
}

impl Needs {
    pub fn from_columns(cols: &[Col]) -> Self {
        let mut n = Needs::default();
        for c in cols {
            match c {
                Col::Chrom => n.chrom = true,
                Col::Pos => n.pos = true,
                Col::End => n.end = true,
                Col::Id => n.id = true,
                Col::Ref => n.ref_ = true,
                Col::Alt => n.alt = true,
                Col::Qual => n.qual = true,
                Col::Filter => n.filter = true,
                Col::Info => n.info = true,
                Col::SampleId => n.sample_id = true,
                Col::Gt => n.gt = true,
                Col::Phased => n.phased = true,
                Col::Format | Col::FormatKey(_) => n.format = true,
                Col::InfoKey(_) => n.info = true,
            }
        }
        n
    }
}

/// Builders for one output batch.
pub(crate) struct BatchBuilder {
    pub needs: Needs,
    cols: Vec<Col>,
    schema: SchemaRef,
    pub rows: usize,
    /// Samples (by header index) whose rows are left out.
    pub skip: Option<std::sync::Arc<[bool]>>,
    pub chrom: StringBuilder,
    pub pos: Int64Builder,
    pub end: Int64Builder,
    pub id: StringBuilder,
    pub ref_: StringBuilder,
    pub alt: ListBuilder<StringBuilder>,
    pub qual: Float32Builder,
    pub filter: ListBuilder<StringBuilder>,
    pub info: FieldSet,
    pub sample_id: StringBuilder,
    pub gt: ListBuilder<Int32Builder>,
    pub phased: BooleanBuilder,
    pub format: FieldSet,
}

impl BatchBuilder {
    /// Whether sample `s`'s rows are left out.
    #[inline]
    pub fn skips(&self, s: usize) -> bool {
        self.skip
            .as_ref()
            .is_some_and(|k| k.get(s).copied().unwrap_or(false))
    }

    /// `cols` are the projected columns in output order and `schema` their schema.
    pub fn new(header: &Header, cols: Vec<Col>, schema: SchemaRef) -> Self {
        let needs = Needs::from_columns(&cols);
        let formats: Vec<_> = header
            .formats
            .iter()
            .filter(|d| d.id != "GT")
            .cloned()
            .collect();
        let mut info = FieldSet::new(header.infos.clone(), info_fields(&header.infos), 0);
        if !cols.contains(&Col::Info) {
            info.restrict(
                (0..header.infos.len())
                    .map(|i| cols.contains(&Col::InfoKey(i)))
                    .collect(),
            );
        }
        let mut format = FieldSet::new(formats.clone(), format_fields(&formats), 0);
        if !cols.contains(&Col::Format) {
            format.restrict(
                (0..formats.len())
                    .map(|i| cols.contains(&Col::FormatKey(i)))
                    .collect(),
            );
        }
        Self {
            needs,
            cols,
            schema,
            rows: 0,
            skip: None,
            chrom: StringBuilder::new(),
            pos: Int64Builder::new(),
            end: Int64Builder::new(),
            id: StringBuilder::new(),
            ref_: StringBuilder::new(),
            alt: ListBuilder::new(StringBuilder::new()),
            qual: Float32Builder::new(),
            filter: ListBuilder::new(StringBuilder::new()),
            info,
            sample_id: StringBuilder::new(),
            gt: ListBuilder::new(Int32Builder::new()),
            phased: BooleanBuilder::new(),
            format,
        }
    }

    /// Finishes the batch and resets the builders.
    pub fn finish(&mut self) -> arrow::error::Result<RecordBatch> {
        let rows = std::mem::take(&mut self.rows);
        let info = self.needs.info.then(|| self.info.finish_parts());
        let format = self.needs.format.then(|| self.format.finish_parts());
        let part = |set: &Option<(usize, Vec<Option<ArrayRef>>)>, i: usize| -> ArrayRef {
            match set.as_ref().and_then(|(_, p)| p[i].clone()) {
                Some(a) => a,
                None => arrow::array::new_null_array(&arrow::datatypes::DataType::Null, rows),
            }
        };
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.cols.len());
        for c in &self.cols {
            arrays.push(match c {
                Col::Chrom => Arc::new(self.chrom.finish()),
                Col::Pos => Arc::new(self.pos.finish()),
                Col::End => Arc::new(self.end.finish()),
                Col::Id => Arc::new(self.id.finish()),
                Col::Ref => Arc::new(self.ref_.finish()),
                Col::Alt => Arc::new(self.alt.finish()),
                Col::Qual => Arc::new(self.qual.finish()),
                Col::Filter => Arc::new(self.filter.finish()),
                Col::Info => match &info {
                    Some((n, parts)) => self.info.assemble(*n, parts),
                    None => self.info.assemble(rows, &[]),
                },
                Col::SampleId => Arc::new(self.sample_id.finish()),
                Col::Gt => Arc::new(self.gt.finish()),
                Col::Phased => Arc::new(self.phased.finish()),
                Col::Format => match &format {
                    Some((n, parts)) => self.format.assemble(*n, parts),
                    None => self.format.assemble(rows, &[]),
                },
                Col::InfoKey(i) => part(&info, *i),
                Col::FormatKey(i) => part(&format, *i),
            });
        }
        RecordBatch::try_new_with_options(
            self.schema.clone(),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(rows)),
        )
    }
}
