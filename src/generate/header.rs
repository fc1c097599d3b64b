//! The VCF header: meta-information lines, the `#CHROM` line and the BCF
//! string dictionary implied by them.

use super::GenerateOptions;

/// INFO keys the generator emits, covering every VCF type and `Number`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InfoKey {
    /// Integer, Number=A.
    Ac,
    /// Integer, Number=1.
    An,
    /// Float, Number=A.
    Af,
    /// Integer, Number=1.
    Dp,
    /// Flag.
    Db,
    /// Flag.
    H2,
    /// String, Number=1.
    Aa,
    /// Character, Number=1.
    Strand,
    /// Integer, Number=R.
    Rpa,
    /// Float, Number=G.
    Glx,
    /// String, Number=. (comma-separated list).
    Csq,
    /// String, Number=1.
    Svtype,
    /// Integer, Number=. (VCF 4.3 reserved definition).
    Svlen,
    /// Integer, Number=1.
    End,
    /// Integer, Number=2.
    Cipos,
}

/// One `##INFO` / `##FORMAT` definition.
struct Def {
    id: &'static str,
    number: &'static str,
    ty: &'static str,
    description: &'static str,
}

const fn def(
    id: &'static str,
    number: &'static str,
    ty: &'static str,
    description: &'static str,
) -> Def {
    Def {
        id,
        number,
        ty,
        description,
    }
}

/// INFO definitions, indexed by `InfoKey as usize`. Reserved keys use the
/// exact VCF 4.3 Number/Type so strict readers (noodles) accept them.
const INFO_DEFS: [Def; 15] = [
    def(
        "AC",
        "A",
        "Integer",
        "Allele count in genotypes, for each ALT allele, in the same order as listed",
    ),
    def(
        "AN",
        "1",
        "Integer",
        "Total number of alleles in called genotypes",
    ),
    def(
        "AF",
        "A",
        "Float",
        "Allele frequency for each ALT allele in the same order as listed",
    ),
    def("DP", "1", "Integer", "Combined depth across samples"),
    def("DB", "0", "Flag", "dbSNP membership"),
    def("H2", "0", "Flag", "HapMap2 membership"),
    def("AA", "1", "String", "Ancestral allele"),
    def(
        "STRAND",
        "1",
        "Character",
        "Strand of the overlapping transcript (+ or -)",
    ),
    def(
        "RPA",
        "R",
        "Integer",
        "Number of times the tandem repeat unit occurs, for each allele",
    ),
    def(
        "GLX",
        "G",
        "Float",
        "Site-level genotype log10-likelihoods, one per possible genotype",
    ),
    def(
        "CSQ",
        ".",
        "String",
        "Predicted consequences. Format: Gene|Effect",
    ),
    def("SVTYPE", "1", "String", "Type of structural variant"),
    def(
        "SVLEN",
        ".",
        "Integer",
        "Difference in length between REF and ALT alleles",
    ),
    def(
        "END",
        "1",
        "Integer",
        "End position of the variant described in this record",
    ),
    def(
        "CIPOS",
        "2",
        "Integer",
        "Confidence interval around POS for imprecise variants",
    ),
];

/// FORMAT keys, in the order they appear in the FORMAT column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatKey {
    /// Genotype.
    Gt,
    /// Conditional genotype quality, Integer Number=1.
    Gq,
    /// Read depth, Integer Number=1.
    Dp,
    /// Allelic depths, Integer Number=R.
    Ad,
    /// Phred-scaled likelihoods, Integer Number=G.
    Pl,
    /// Haplotype qualities, Integer Number=2.
    Hq,
    /// Per-sample filter, String Number=1.
    Ft,
}

const FORMAT_DEFS: [Def; 7] = [
    def("GT", "1", "String", "Genotype"),
    def("GQ", "1", "Integer", "Conditional genotype quality"),
    def("DP", "1", "Integer", "Read depth"),
    def("AD", "R", "Integer", "Read depth for each allele"),
    def(
        "PL",
        "G",
        "Integer",
        "Phred-scaled genotype likelihoods rounded to the closest integer",
    ),
    def("HQ", "2", "Integer", "Haplotype quality"),
    def(
        "FT",
        "1",
        "String",
        "Filter indicating if this genotype was called",
    ),
];

/// Full FORMAT layout used for small cohorts.
pub const FULL_FORMAT: [FormatKey; 7] = [
    FormatKey::Gt,
    FormatKey::Gq,
    FormatKey::Dp,
    FormatKey::Ad,
    FormatKey::Pl,
    FormatKey::Hq,
    FormatKey::Ft,
];

/// Genotype-only FORMAT layout used for large cohorts.
pub const GT_ONLY_FORMAT: [FormatKey; 1] = [FormatKey::Gt];

/// FILTER identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterId {
    /// `PASS` (always dictionary index 0).
    Pass,
    /// `q10`.
    Q10,
    /// `LowQual`.
    LowQual,
}

/// FILTER lines from this index on are only used by per-sample FT values.
const FT_ONLY_FILTERS: usize = 3;

const FILTER_DEFS: [(&str, &str); 5] = [
    ("PASS", "All filters passed"),
    ("q10", "Quality below 10"),
    ("LowQual", "Low quality call"),
    ("LowGQ", "Genotype quality below 20"),
    ("LowDP", "Sample read depth below 8"),
];

/// Indices into the BCF string dictionary (PASS first, then FILTER, INFO
/// and FORMAT IDs in header order, shared IDs such as `DP` counted once).
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    filter: Vec<u32>,
    info: Vec<u32>,
    format: Vec<u32>,
}

impl Dictionary {
    /// Dictionary index of a FILTER.
    pub fn filter(&self, id: FilterId) -> u32 {
        self.filter[id as usize]
    }

    /// Dictionary index of an INFO key.
    pub fn info(&self, key: InfoKey) -> u32 {
        self.info[key as usize]
    }

    /// Dictionary index of a FORMAT key.
    pub fn format(&self, key: FormatKey) -> u32 {
        self.format[key as usize]
    }
}

/// A rendered header plus the dictionary a BCF encoder needs.
#[derive(Clone, Debug)]
pub struct Header {
    /// Complete header text, ending with the `#CHROM` line and a newline.
    pub text: Vec<u8>,
    /// BCF string dictionary.
    pub dictionary: Dictionary,
    /// FORMAT keys written for every record (empty when sites-only).
    pub format: &'static [FormatKey],
}

/// Sample name for 0-based sample index `i` (`S00001`, `S00002`, ...).
pub fn sample_name(i: usize) -> String {
    format!("S{:05}", i + 1)
}

/// Renders the header for `opts` with the given FORMAT layout.
pub fn build(opts: &GenerateOptions, format: &'static [FormatKey]) -> Header {
    let mut text = String::with_capacity(4096 + opts.samples * 7);
    let mut names: Vec<&'static str> = Vec::new();

    text.push_str("##fileformat=VCFv4.3\n");
    let with_ft = format.contains(&FormatKey::Ft);
    let mut filter = vec![0u32; FILTER_DEFS.len()];
    for (i, (id, description)) in FILTER_DEFS.iter().enumerate() {
        if i >= FT_ONLY_FILTERS && !with_ft {
            continue;
        }
        filter[i] = intern(&mut names, id);
        text.push_str(&format!(
            "##FILTER=<ID={id},Description=\"{description}\">\n"
        ));
    }
    text.push_str(&format!(
        "##source=genofed-generate\n##genofed_generateCommand=seed={} records={} samples={}\n",
        opts.seed, opts.records, opts.samples
    ));
    text.push_str("##reference=synthetic\n");
    for (name, len) in &opts.contigs {
        text.push_str(&format!("##contig=<ID={name},length={len}>\n"));
    }
    text.push_str("##ALT=<ID=DEL,Description=\"Deletion relative to the reference\">\n");

    let mut info = vec![0u32; INFO_DEFS.len()];
    for (i, d) in INFO_DEFS.iter().enumerate() {
        info[i] = intern(&mut names, d.id);
        push_def(&mut text, "INFO", d);
    }
    let mut format_idx = vec![0u32; FORMAT_DEFS.len()];
    for &key in format {
        let d = &FORMAT_DEFS[key as usize];
        format_idx[key as usize] = intern(&mut names, d.id);
        push_def(&mut text, "FORMAT", d);
    }

    text.push_str("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
    if opts.samples > 0 {
        text.push_str("\tFORMAT");
        for i in 0..opts.samples {
            text.push('\t');
            text.push_str(&sample_name(i));
        }
    }
    text.push('\n');

    Header {
        text: text.into_bytes(),
        dictionary: Dictionary {
            filter,
            info,
            format: format_idx,
        },
        format,
    }
}

/// Dictionary index of `id`, adding it on first sight.
fn intern(names: &mut Vec<&'static str>, id: &'static str) -> u32 {
    match names.iter().position(|&n| n == id) {
        Some(i) => i as u32,
        None => {
            names.push(id);
            (names.len() - 1) as u32
        }
    }
}

fn push_def(text: &mut String, kind: &str, d: &Def) {
    text.push_str(&format!(
        "##{kind}=<ID={},Number={},Type={},Description=\"{}\">\n",
        d.id, d.number, d.ty, d.description
    ));
}

/// FORMAT key text as it appears in the FORMAT column.
pub fn format_id(key: FormatKey) -> &'static str {
    FORMAT_DEFS[key as usize].id
}

/// INFO key text.
pub fn info_id(key: InfoKey) -> &'static str {
    INFO_DEFS[key as usize].id
}

/// FILTER text.
pub fn filter_id(id: FilterId) -> &'static str {
    FILTER_DEFS[id as usize].0
}

/// Whether `name` is a valid VCF 4.3 contig ID.
pub fn valid_contig_name(name: &str) -> bool {
    const EXTRA: &[u8] = b"!#$%&+./:;?@^_|~-";
    let bytes = name.as_bytes();
    match bytes.split_first() {
        None => false,
        Some((&first, rest)) => {
            (first.is_ascii_alphanumeric() || EXTRA.contains(&first))
                && rest.iter().all(|&b| {
                    b.is_ascii_alphanumeric() || EXTRA.contains(&b) || b == b'*' || b == b'='
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_shares_dp() {
        let opts = GenerateOptions::default();
        let h = build(&opts, &FULL_FORMAT);
        assert_eq!(h.dictionary.filter(FilterId::Pass), 0);
        assert_eq!(
            h.dictionary.info(InfoKey::Dp),
            h.dictionary.format(FormatKey::Dp)
        );
        let text = String::from_utf8(h.text).unwrap_or_default();
        assert!(text.starts_with("##fileformat=VCFv4.3\n"));
        assert!(text.contains("\tFORMAT\tS00001\t"));
        assert!(text.ends_with("S00050\n"));
    }

    #[test]
    fn contig_names() {
        assert!(valid_contig_name("chr1"));
        assert!(valid_contig_name("HLA-A*01:01"));
        assert!(!valid_contig_name("*chr"));
        assert!(!valid_contig_name("chr 1"));
        assert!(!valid_contig_name(""));
        assert!(!valid_contig_name("a,b"));
    }
}
