//! `genofed passport`: a test issuer (key pairs, JWKS, signed passports and visas) for
//! tests and demos, and verification of a passport as a node would do it.

mod spec;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use genofed_engine::NodeConfig;
use genofed_engine::identity::Identities;
use genofed_policies::passport::{IssuerKey, SigningAlgorithm};

use super::CliError;

#[derive(Debug, Args)]
pub struct PassportArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Alg {
    Es256,
    Rs256,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// FOR TESTS AND DEMOS: make an issuer key pair: `NAME.pem` (private, PKCS#8) and
    /// `NAME.jwks.json` (public, for a node's `[[passports.issuers]] jwks_file`).
    Keygen {
        /// Directory to write the files in.
        #[arg(long)]
        out: PathBuf,
        /// File name stem.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "es256")]
        alg: Alg,
    },
    /// FOR TESTS AND DEMOS: sign a passport and its visas described by a TOML spec
    /// (see docs/operators/passports.md); prints the token, or writes it to `--out`.
    Mint {
        spec: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Verify a passport (a file holding the token) against a node's `[passports]`, and
    /// show the researcher it describes: status, grants, the visas set aside and why.
    Verify {
        #[arg(long)]
        config: PathBuf,
        token: PathBuf,
    },
}

pub async fn run(args: PassportArgs) -> Result<(), CliError> {
    match args.action {
        Action::Keygen { out, name, alg } => keygen(&out, &name, alg),
        Action::Mint { spec, out } => {
            let token = spec::mint(&spec)?;
            match out {
                Some(path) => std::fs::write(path, format!("{token}\n"))?,
                None => println!("{token}"),
            }
            Ok(())
        }
        Action::Verify { config, token } => verify(&config, &token),
    }
}

fn keygen(out: &Path, name: &str, alg: Alg) -> Result<(), CliError> {
    let alg = match alg {
        Alg::Es256 => SigningAlgorithm::Es256,
        Alg::Rs256 => SigningAlgorithm::Rs256,
    };
    // The issuer URL is not part of a key: `mint` names it.
    let key = IssuerKey::generate("", alg)?;
    std::fs::create_dir_all(out)?;
    let pem = out.join(format!("{name}.pem"));
    write_private(&pem, key.private_pem())?;
    let jwks = out.join(format!("{name}.jwks.json"));
    std::fs::write(&jwks, key.jwks_json())?;
    println!(
        "wrote {} (private) and {} (key id {})",
        pem.display(),
        jwks.display(),
        key.kid()
    );
    Ok(())
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())?;
    Ok(())
}

/// Reads a token file (`-`: standard input).
pub fn read_token(path: &Path) -> Result<String, CliError> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(path)?
    };
    Ok(text.trim().to_string())
}

fn verify(config: &Path, token: &Path) -> Result<(), CliError> {
    let config = NodeConfig::from_file(config)?;
    let identities = Identities::new(&config)?;
    let token = read_token(token)?;
    let (_, passport) = identities.principal(Some(&token))?;
    let Some(p) = passport else {
        return Ok(());
    };
    let id = p.identity();
    println!("subject:      {}", p.subject);
    println!("issuer:       {}", p.issuer);
    println!("expires:      {}", p.expires);
    println!("bona fide:    {}", id.bona_fide);
    println!("affiliations: {}", id.affiliations.join(", "));
    println!("terms:        {}", id.accepted_terms.join(", "));
    for g in &id.grants {
        let datasets = identities.datasets(g);
        let opens = if datasets.is_empty() {
            "no dataset of this node".to_string()
        } else {
            datasets.join(", ")
        };
        println!(
            "grant:        `{}` from `{}` until {} -> {opens}",
            g.value, g.source, g.expires
        );
    }
    for v in &p.ignored {
        println!(
            "set aside:    visa #{} ({}): {}",
            v.position, v.issuer, v.reason
        );
    }
    Ok(())
}
