//! `fieldvault items list` and `fieldvault show`.

use std::io::Write;

use fieldvault::consent::participant;
use fieldvault::items;
use fieldvault::{Error, Result};

use super::{GlobalArgs, output};

/// The items of the study: metadata only, never content.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    List(ListArgs),
}

/// List items with their kind, format, review status, size and ciphertext hash.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault items list --participant P01")]
pub struct ListArgs {
    /// Only this participant's items.
    #[arg(long, value_name = "CODE")]
    participant: Option<String>,

    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::List(args) => list(args, global),
    }
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let participant_id = match &args.participant {
        Some(code) => Some(participant::get(conn, code)?.id),
        None => None,
    };
    let listed = items::list(conn, participant_id)?;
    if args.json {
        output::json(&listed);
        return Ok(());
    }
    let mut table = output::table(&[
        "item",
        "participant",
        "kind",
        "format",
        "date",
        "bytes",
        "review",
        "imported",
    ]);
    for i in &listed {
        table.add_row(vec![
            i.id.to_string(),
            i.participant.clone(),
            i.kind.clone(),
            i.format.clone(),
            i.item_date.clone().unwrap_or_default(),
            i.size.to_string(),
            i.review_status.clone(),
            i.imported_at.clone(),
        ]);
    }
    println!("{table}");
    Ok(())
}

/// Print an item's pseudonymised content (logged as a decryption).
///
/// Text items print their pseudonymised text; images and audio are written to a
/// file you name with -o (0600), never to the terminal.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault show 3")]
pub struct ShowArgs {
    /// The item's id (see `fieldvault items list`).
    item: i64,

    /// Write the content to FILE instead of the terminal (required for images and audio).
    #[arg(short, long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,

    /// Print one JSON object: the item's metadata ("item", as `items list --json`
    /// gives it) and its pseudonymised text ("text"), or with -o the file written
    /// ("output").
    #[arg(long)]
    json: bool,
}

/// `show --json` of a text item.
#[derive(serde::Serialize)]
struct ShownText<'a> {
    item: &'a items::Item,
    text: &'a str,
}

/// `show -o FILE --json`.
#[derive(serde::Serialize)]
struct Written<'a> {
    item: &'a items::Item,
    output: &'a std::path::Path,
}

pub fn show(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("show")?.clone();
    let write = session.begin()?;
    let item = items::get(write.conn(), args.item)?;
    if !item.is_text() && args.output.is_none() {
        return Err(Error::invalid(
            format!("item {} is {} ({}), not text", item.id, item.kind, item.format),
            format!("write it to a file: fieldvault show {} -o FILE", item.id),
        ));
    }
    // Recorded first: content is shown only once the log says it was.
    write.log("item.show", &[&item.participant, &item.id.to_string()])?;
    write.commit()?;
    let conn = session.conn();
    match &args.output {
        Some(path) => {
            let dir = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => std::path::Path::new("."),
            };
            let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("create a file in", dir, e))?;
            items::decrypt_to(conn, &vault_id, &content_key, item.id, &mut file)?;
            file.persist(path).map_err(|e| Error::io("write", path, e.error))?;
            if args.json {
                output::json(&Written {
                    item: &item,
                    output: path,
                });
            }
        }
        None if args.json => {
            let text = items::text(conn, &vault_id, &content_key, item.id)?;
            // Written straight to the terminal: no second copy of the text in memory.
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(
                &mut out,
                &ShownText {
                    item: &item,
                    text: &text,
                },
            )
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("write", "standard output", e))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            items::decrypt_to(conn, &vault_id, &content_key, item.id, &mut out)?;
            out.flush().map_err(|e| Error::io("write", "standard output", e))?;
        }
    }
    Ok(())
}
