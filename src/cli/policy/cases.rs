//! `genofed policy test FILE`: a DAC's regression tests, each a request and the decision
//! it must get.
//!
//! ```toml
//! [[case]]
//! name = "alice counts type 2 diabetes participants"
//! principal = "alice.toml"            # relative to this file
//! purpose = "DS"
//! diseases = ["MONDO:0005148"]
//! attest = ["irb"]
//! table = "cohort.individuals"
//! expect = "read"                     # read | filtered | count | denied
//!
//! [[case]]
//! name = "no purpose reads genotypes for population research"
//! principal = "alice.toml"
//! purpose = "POA"
//! query = "SELECT count(*) FROM cohort.genotypes"
//! expect = "denied"                   # allowed | denied (with `query`)
//! rows = 1                            # optional, with `allowed`
//! ```

use std::path::Path;

use clap::ValueEnum;
use genofed_engine::Node;
use genofed_engine::access::{AccessDenied, Mode};
use genofed_ontologies::Date;
use serde::Deserialize;

use crate::cli::CliError;
use crate::cli::request::{AttestationArg, PurposeArgs};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    principal: String,
    purpose: String,
    #[serde(default)]
    diseases: Vec<String>,
    #[serde(default)]
    attest: Vec<String>,
    project: Option<String>,
    commercial: Option<bool>,
    today: Option<Date>,
    table: Option<String>,
    query: Option<String>,
    expect: String,
    rows: Option<usize>,
}

/// Runs every case; returns (passed, failed).
pub async fn run(
    node: &Node,
    file: &Path,
    out: &mut impl std::io::Write,
) -> Result<(usize, usize), CliError> {
    let text = std::fs::read_to_string(file)?;
    let cases: File =
        toml::from_str(&text).map_err(|e| CliError::Usage(format!("`{}`: {e}", file.display())))?;
    let base = file.parent().unwrap_or(Path::new("."));
    let (mut passed, mut failed) = (0, 0);
    for case in cases.case {
        let got = decide(node, base, &case).await;
        match got {
            Ok(got) if got == case.expect => {
                passed += 1;
                writeln!(out, "ok      {}", case.name)?;
            }
            Ok(got) => {
                failed += 1;
                writeln!(
                    out,
                    "FAILED  {}: expected {}, got {got}",
                    case.name, case.expect
                )?;
            }
            Err(e) => {
                failed += 1;
                writeln!(out, "FAILED  {}: {e}", case.name)?;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    Ok((passed, failed))
}

async fn decide(node: &Node, base: &Path, case: &Case) -> Result<String, CliError> {
    let attestations = case
        .attest
        .iter()
        .map(|a| AttestationArg::from_str(a, true).map_err(CliError::Usage))
        .collect::<Result<Vec<_>, _>>()?;
    let args = PurposeArgs {
        purpose: Some(case.purpose.clone()),
        diseases: case.diseases.clone(),
        methods: false,
        genetic: false,
        ancestry: false,
        project: case.project.clone(),
        commercial: case.commercial,
        access_granted: None,
        attestations,
        today: case.today,
    };
    let requester = args.requester(&base.join(&case.principal), node.ontologies())?;
    match (&case.table, &case.query) {
        (Some(table), None) => {
            let access = node.access(requester)?;
            let (dataset, table) = table.split_once('.').ok_or_else(|| {
                CliError::Usage(format!("`table = \"{table}\"` is not `dataset.table`"))
            })?;
            let t = access
                .table(dataset, table)
                .ok_or_else(|| CliError::Usage(format!("no table `{dataset}.{table}`")))?;
            Ok(match (&t.mode, &t.excluded) {
                (Mode::Denied { .. }, _) => "denied",
                (Mode::CountOnly { .. }, _) => "count",
                (Mode::Read, Some(_)) => "filtered",
                (Mode::Read, None) => "read",
            }
            .to_string())
        }
        (None, Some(query)) => {
            let session = node.remote_session(requester)?;
            match session.collect(query).await {
                Ok(batches) => {
                    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
                    match case.rows {
                        Some(want) if want != rows => {
                            Ok(format!("allowed with {rows} rows, not {want}"))
                        }
                        _ => Ok("allowed".to_string()),
                    }
                }
                Err(e) if AccessDenied::find(&e).is_some() => Ok("denied".to_string()),
                Err(e) => Err(e.into()),
            }
        }
        _ => Err(CliError::Usage(format!(
            "case `{}`: give either `table` or `query`",
            case.name
        ))),
    }
}
