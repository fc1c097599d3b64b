//! The research purpose and facts of a request, from the command line (shared by
//! `genofed sql --as`, `genofed policy explain` and `genofed ontology match`).

use std::path::Path;

use clap::{Args, ValueEnum};
use genofed_engine::access::{Declaration, PrincipalFile, Requester};
use genofed_ontologies::duo::{Attestation, RequestFacts, ResearchPurpose};
use genofed_ontologies::{Date, Store};

use super::CliError;

#[derive(Debug, Clone, Args)]
pub struct PurposeArgs {
    /// Research purpose: GRU, HMB, DS, POA, CC or a DUO research purpose id.
    #[arg(long)]
    pub purpose: Option<String>,
    /// Disease of the purpose (repeatable).
    #[arg(long = "disease")]
    pub diseases: Vec<String>,
    /// The study develops methods.
    #[arg(long)]
    pub methods: bool,
    /// The study includes genetic research.
    #[arg(long)]
    pub genetic: bool,
    /// The study includes population origins or ancestry research.
    #[arg(long)]
    pub ancestry: bool,
    /// The project the request is made for.
    #[arg(long)]
    pub project: Option<String>,
    /// Whether the use is commercial.
    #[arg(long)]
    pub commercial: Option<bool>,
    /// When access was granted (YYYY-MM-DD), for TS.
    #[arg(long)]
    pub access_granted: Option<Date>,
    /// Attestations made with the request (repeatable).
    #[arg(long = "attest", value_enum)]
    pub attestations: Vec<AttestationArg>,
    /// The day of the request (default: today, UTC).
    #[arg(long)]
    pub today: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AttestationArg {
    Irb,
    Col,
    Pub,
    Rtn,
    Mor,
    Rs,
}

impl PurposeArgs {
    /// The declaration these flags make (`--purpose` is required).
    pub fn declaration(&self) -> Result<Declaration, CliError> {
        let code = self
            .purpose
            .as_deref()
            .ok_or_else(|| CliError::Usage("a request needs `--purpose`".into()))?;
        Ok(Declaration {
            purpose: code.to_string(),
            diseases: self.diseases.clone(),
            methods: self.methods,
            genetic: self.genetic,
            ancestry: self.ancestry,
            project: self.project.clone(),
            commercial: self.commercial,
            access_granted: self.access_granted,
            attestations: self
                .attestations
                .iter()
                .map(|a| match a {
                    AttestationArg::Irb => Attestation::EthicsApproval,
                    AttestationArg::Col => Attestation::Collaboration,
                    AttestationArg::Pub => Attestation::Publication,
                    AttestationArg::Rtn => Attestation::ReturnResults,
                    AttestationArg::Mor => Attestation::Moratorium,
                    AttestationArg::Rs => Attestation::ResearchType,
                })
                .collect(),
            today: self.today,
        })
    }

    /// The purpose and the facts given (identity facts come from the principal).
    pub fn resolve(&self, store: &Store) -> Result<(ResearchPurpose, RequestFacts), CliError> {
        Ok(self.declaration()?.resolve(store)?)
    }

    /// The requester: the principal of `file`, with this purpose.
    pub fn requester(&self, file: &Path, store: &Store) -> Result<Requester, CliError> {
        let principal = PrincipalFile::from_file(file)?.principal()?;
        let (purpose, facts) = self.resolve(store)?;
        Ok(Requester::new(principal, purpose, facts))
    }
}
