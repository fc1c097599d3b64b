//! Reference names: Beacon clients say `1`, `chr1`, `NC_000001.11` or
//! `refseq:NC_000001.11`; VCF files say `1` or `chr1`. A request's name becomes every
//! contig name it may be in the files, and a record's contig a CURIE for `sequence_id`.

/// GRCh38 RefSeq accessions of chromosomes 1..22, X, Y.
const GRCH38: [&str; 24] = [
    "NC_000001.11",
    "NC_000002.12",
    "NC_000003.12",
    "NC_000004.12",
    "NC_000005.10",
    "NC_000006.12",
    "NC_000007.14",
    "NC_000008.11",
    "NC_000009.12",
    "NC_000010.11",
    "NC_000011.10",
    "NC_000012.12",
    "NC_000013.11",
    "NC_000014.9",
    "NC_000015.10",
    "NC_000016.10",
    "NC_000017.11",
    "NC_000018.10",
    "NC_000019.10",
    "NC_000020.11",
    "NC_000021.9",
    "NC_000022.11",
    "NC_000023.11",
    "NC_000024.10",
];
const MITO: &str = "NC_012920.1";

fn chromosome_name(n: usize) -> String {
    match n {
        23 => "X".to_string(),
        24 => "Y".to_string(),
        n => n.to_string(),
    }
}

/// The contig names `name` may have in the node's files.
pub fn candidates(name: &str) -> Vec<String> {
    let name = name.strip_prefix("refseq:").unwrap_or(name);
    let accession = name.split('.').next().unwrap_or(name);
    let bare = if accession == MITO.split('.').next().unwrap_or_default() {
        "M".to_string()
    } else if let Some(n) = accession
        .strip_prefix("NC_0000")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=24).contains(n))
    {
        chromosome_name(n)
    } else {
        name.strip_prefix("chr").unwrap_or(name).to_string()
    };
    let mut out = vec![bare.clone(), format!("chr{bare}")];
    if bare == "M" || bare == "MT" {
        out = ["M", "MT", "chrM", "chrMT"].map(String::from).to_vec();
    }
    out
}

/// A CURIE for the contig `chrom` of `assembly` (`refseq:NC_000001.11` for GRCh38's
/// chromosomes, `GRCh37:chr1` otherwise).
pub fn sequence_id(chrom: &str, assembly: &str) -> String {
    let bare = chrom.strip_prefix("chr").unwrap_or(chrom);
    let grch38 = matches!(assembly.to_ascii_lowercase().as_str(), "grch38" | "hg38");
    if grch38 {
        if matches!(bare, "M" | "MT") {
            return format!("refseq:{MITO}");
        }
        let n = match bare {
            "X" => Some(23),
            "Y" => Some(24),
            n => n.parse::<usize>().ok().filter(|n| (1..=22).contains(n)),
        };
        if let Some(n) = n {
            return format!("refseq:{}", GRCH38[n - 1]);
        }
    }
    format!("{assembly}:{chrom}")
}

/// Whether the request's `assemblyId` names the node's assembly.
pub fn same_assembly(requested: &str, ours: &str) -> bool {
    let norm = |a: &str| {
        let a = a.to_ascii_lowercase();
        match a.split('.').next().unwrap_or(&a) {
            "hg38" | "grch38" | "gcf_000001405" => "grch38".to_string(),
            "hg19" | "grch37" => "grch37".to_string(),
            other => other.to_string(),
        }
    };
    // GCF_000001405.26+ are GRCh38 patches; .25 and below GRCh37.
    let patch = |a: &str| {
        a.to_ascii_uppercase()
            .strip_prefix("GCF_000001405.")
            .and_then(|v| v.parse::<u32>().ok())
            .map(|v| if v >= 26 { "grch38" } else { "grch37" }.to_string())
    };
    let r = patch(requested).unwrap_or_else(|| norm(requested));
    r == patch(ours).unwrap_or_else(|| norm(ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(candidates("1"), ["1", "chr1"]);
        assert_eq!(candidates("chrX"), ["X", "chrX"]);
        assert_eq!(candidates("refseq:NC_000001.11"), ["1", "chr1"]);
        assert_eq!(candidates("NC_000023.11"), ["X", "chrX"]);
        assert!(candidates("MT").contains(&"chrM".to_string()));
        assert_eq!(sequence_id("chr2", "GRCh38"), "refseq:NC_000002.12");
        assert_eq!(sequence_id("chr2", "GRCh37"), "GRCh37:chr2");
        assert!(same_assembly("hg38", "GRCh38"));
        assert!(same_assembly("GRCh38.p13", "GRCh38"));
        assert!(same_assembly("GCF_000001405.39", "GRCh38"));
        assert!(!same_assembly("GRCh37", "GRCh38"));
    }
}
