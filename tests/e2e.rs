//! End-to-end tests: genofed against bcftools on generated and third-party files, bad
//! input, and the CLI.

mod e2e {
    pub mod access_plans;
    pub mod access_support;
    pub mod alignments;
    pub mod bad_input;
    pub mod bcftools;
    pub mod beacon;
    pub mod bypass;
    pub mod cli;
    pub mod crypt4gh;
    pub mod crypt4gh_interop;
    pub mod flight;
    pub mod ontology;
    pub mod passport;
    pub mod phenotypes;
    pub mod plan;
    pub mod policy;
    pub mod prepared;
    pub mod pushdown;
    pub mod soundness;
    pub mod support;
}
