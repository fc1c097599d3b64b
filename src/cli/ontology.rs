//! `genofed ontology`: the node's ontology store from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand, ValueEnum};
use genofed_engine::{NodeConfig, load_ontologies};
use genofed_ontologies::duo::{self, DataUseSpec, Organisation};
use genofed_ontologies::{Store, TermId};

use super::CliError;
use super::request::PurposeArgs;

#[derive(Debug, Args)]
pub struct OntologyArgs {
    /// Use the `[ontologies]` of this node config (files, cache).
    #[arg(long, conflicts_with = "load")]
    pub config: Option<PathBuf>,
    /// Load these ontology files (OBO, RDF/XML, OWL/XML, OFN) beside the built-in terms.
    #[arg(long)]
    pub load: Vec<PathBuf>,
    /// Leave out the built-in DUO vocabulary and MONDO fragment (with --load).
    #[arg(long)]
    pub no_builtin: bool,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Terms, their labels, parents, synonyms and status.
    Show { terms: Vec<String> },
    /// Every ancestor of a term (id, label).
    Ancestors { term: String },
    /// The term and every descendant (id, label), as a descendant-expanding filter uses.
    Descendants { term: String },
    /// Whether SUB is SUP or a descendant of it.
    IsA { sub: String, sup: String },
    /// Counts, sources and load time of the store.
    Stats,
    /// Write the store to a cache file.
    Cache {
        #[arg(long)]
        out: PathBuf,
    },
    /// Decide DUO data use conditions (a TOML file) against a research purpose.
    Match(MatchArgs),
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Data use conditions as TOML (`permission`, `diseases`, `modifiers`, parameters).
    #[arg(long)]
    pub data_use: PathBuf,
    #[command(flatten)]
    pub request: PurposeArgs,
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long)]
    pub institution: Option<String>,
    #[arg(long, value_enum)]
    pub organisation: Option<OrganisationArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OrganisationArg {
    NotForProfit,
    ForProfit,
}

pub fn run(args: OntologyArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let store = match &args.config {
        Some(path) => load_ontologies(&NodeConfig::from_file(path)?)?,
        None => {
            let mut b = Store::builder();
            if !args.no_builtin {
                b = b.builtin()?;
            }
            for f in &args.load {
                b = b.load(f)?;
            }
            b.build()?
        }
    };
    let loaded = started.elapsed();
    let mut out = std::io::stdout().lock();
    match args.action {
        Action::Show { terms } => {
            for id in terms {
                show(&mut out, &store, store.resolve(&id)?)?;
            }
        }
        Action::Ancestors { term } => {
            let t = store.resolve(&term)?;
            list(&mut out, &store, store.ancestors(t).iter().copied())?;
        }
        Action::Descendants { term } => {
            let t = store.resolve(&term)?;
            list(
                &mut out,
                &store,
                std::iter::once(t).chain(store.descendants(t).iter().copied()),
            )?;
        }
        Action::IsA { sub, sup } => writeln!(out, "{}", store.is_a_curie(&sub, &sup)?)?,
        Action::Stats => {
            writeln!(out, "terms\t{}", store.len())?;
            writeln!(out, "ancestor entries\t{}", store.closure_len())?;
            writeln!(
                out,
                "prefixes\t{}",
                store.prefixes().collect::<Vec<_>>().join(", ")
            )?;
            for s in store.sources() {
                writeln!(out, "source\t{}\t{} bytes", s.name, s.len)?;
            }
            writeln!(out, "load time\t{:.1} ms", loaded.as_secs_f64() * 1e3)?;
        }
        Action::Cache { out: path } => {
            store.write_cache(&path)?;
            writeln!(out, "wrote {} terms to {}", store.len(), path.display())?;
        }
        Action::Match(m) => {
            let text = std::fs::read_to_string(&m.data_use)?;
            let spec: DataUseSpec = toml::from_str(&text)
                .map_err(|e| CliError::Usage(format!("`{}`: {e}", m.data_use.display())))?;
            let conditions = spec.resolve(&store)?;
            let (purpose, mut facts) = m.request.resolve(&store)?;
            facts.country = m.country;
            facts.user = m.user;
            facts.institution = m.institution;
            facts.organisation = m.organisation.map(|o| match o {
                OrganisationArg::NotForProfit => Organisation::NotForProfit,
                OrganisationArg::ForProfit => Organisation::ForProfit,
            });
            writeln!(
                out,
                "{}",
                duo::decide(&store, &conditions, &purpose, &facts)
            )?;
        }
    }
    Ok(())
}

fn list(
    out: &mut impl Write,
    store: &Store,
    ids: impl Iterator<Item = TermId>,
) -> Result<(), CliError> {
    for id in ids {
        let t = store.get(id);
        writeln!(out, "{}\t{}", t.id, t.label.as_deref().unwrap_or(""))?;
    }
    Ok(())
}

fn show(out: &mut impl Write, store: &Store, id: TermId) -> Result<(), CliError> {
    let t = store.get(id);
    writeln!(out, "id: {}", t.id)?;
    if let Some(l) = &t.label {
        writeln!(out, "label: {l}")?;
    }
    if let Some(s) = &t.shorthand {
        writeln!(out, "shorthand: {s}")?;
    }
    if let Some(d) = &t.definition {
        writeln!(out, "definition: {d}")?;
    }
    for s in &t.synonyms {
        writeln!(out, "synonym: {} ({:?})", s.text, s.scope)?;
    }
    for a in &t.alt_ids {
        writeln!(out, "alt_id: {a}")?;
    }
    for e in &t.equivalents {
        writeln!(out, "equivalent: {e}")?;
    }
    for &p in &t.parents {
        writeln!(out, "is_a: {}", store.get(p).display_name())?;
    }
    if t.obsolete {
        writeln!(out, "obsolete: true")?;
    }
    for r in &t.replaced_by {
        writeln!(out, "replaced_by: {r}")?;
    }
    writeln!(out, "descendants: {}", store.descendants(id).len())?;
    writeln!(out)?;
    Ok(())
}
