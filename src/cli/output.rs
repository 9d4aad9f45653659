//! Printing: JSON for machines (`--json`), tables and short lines for people.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("output types always serialise")
    );
}

/// A table with a header row, in the project's one style.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_header(header.to_vec());
    t
}

/// Prints an erasure receipt (text, or JSON with `--json`) and, with `--receipt DIR`,
/// writes both forms to DIR as `erasure-<log index>.json` and `.txt`.
pub fn receipt(
    receipt: &fieldvault::consent::erase::Receipt,
    dir: Option<&std::path::Path>,
    as_json: bool,
) -> fieldvault::Result<()> {
    if as_json {
        json(receipt);
    } else {
        print!("{}", receipt.to_text());
    }
    if let Some(dir) = dir {
        if !dir.exists() {
            fieldvault::fsutil::create_private_dir(dir)?;
        }
        let base = dir.join(format!("erasure-{}", receipt.log_index));
        let mut text = serde_json::to_string_pretty(receipt).expect("receipts always serialise");
        text.push('\n');
        fieldvault::fsutil::write_atomic(&base.with_extension("json"), text.as_bytes())?;
        fieldvault::fsutil::write_atomic(&base.with_extension("txt"), receipt.to_text().as_bytes())?;
        eprintln!("Receipt written to {}.json and .txt", base.display());
    }
    Ok(())
}

/// Asks the user to type `word` before an irreversible erasure, unless `yes`.
/// Without a terminal to ask on, `--yes` is required.
pub fn confirm_erasure(word: &str, what: &str, yes: bool) -> fieldvault::Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(fieldvault::Error::invalid(
            format!("{what} cannot be undone and needs confirmation"),
            "run it in a terminal to confirm, or add --yes",
        ));
    }
    eprint!("{what} cannot be undone. Type {word} to go ahead: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| fieldvault::Error::io("read", "the terminal", e))?;
    if line.trim() == word {
        Ok(())
    } else {
        Err(fieldvault::Error::invalid(
            "not confirmed; nothing was erased",
            "type the word exactly to go ahead",
        ))
    }
}
