//! The interactive SQL shell, with history in `~/.genofed_history`.

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::{CliError, OutputFormat, sql};

pub async fn run(runner: &sql::Runner, format: OutputFormat) -> Result<(), CliError> {
    let mut editor = DefaultEditor::new().map_err(|e| CliError::Shell(e.to_string()))?;
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".genofed_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    eprintln!("genofed SQL shell: end statements with `;`, `\\q` quits.");
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() {
            "genofed> "
        } else {
            "     ..> "
        };
        match editor.readline(prompt) {
            Ok(line) => {
                let trimmed = line.trim();
                if pending.is_empty() && matches!(trimmed, "\\q" | "quit" | "exit") {
                    break;
                }
                pending.push_str(&line);
                pending.push('\n');
                if !trimmed.ends_with(';') {
                    continue;
                }
                let statement = std::mem::take(&mut pending);
                let _ = editor.add_history_entry(statement.trim());
                let mut out = std::io::stdout().lock();
                if let Err(e) = sql::execute(runner, &statement, format, &mut out).await {
                    eprintln!("error: {e}");
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(CliError::Shell(e.to_string())),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(())
}
