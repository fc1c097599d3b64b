//! `genofed sql --connect`: statements sent to a node's Flight SQL endpoint.

use std::io::Write;

use arrow::datatypes::Schema;
use genofed_flight_server::headers::{PARTIAL, declaration_headers};
use genofed_flight_server::{Client, channel, collect};

use super::sql::SqlArgs;
use super::{CliError, output};

pub async fn run(args: &SqlArgs, url: &str) -> Result<(), CliError> {
    let token = match &args.passport {
        Some(path) => super::passport::read_token(path)?,
        None => {
            return Err(CliError::Usage(
                "`--connect` sends a GA4GH Passport: add `--passport TOKEN_FILE` and `--purpose`"
                    .into(),
            ));
        }
    };
    if args.commands.is_empty() {
        return Err(CliError::Usage(
            "`--connect` runs the statements given with `-c`".into(),
        ));
    }
    let declaration = args.request.declaration()?;
    let timeout = std::time::Duration::from_secs(args.timeout);
    let mut client = Client::new(channel(url, args.ca.as_deref(), timeout)?);
    client.authorize(&token, &declaration_headers(&declaration));
    if args.partial {
        client.set_header(PARTIAL, "true");
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for sql in &args.commands {
        let answer = client.query(sql).await?;
        let schema: Schema = answer.schema.as_ref().clone();
        let batches = collect(answer.batches).await?;
        output::write(&mut out, args.format, &batches, &schema)?;
        out.flush()?;
        for report in answer
            .app_metadata
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            eprintln!("nodes: {}", String::from_utf8_lossy(report));
        }
    }
    Ok(())
}
