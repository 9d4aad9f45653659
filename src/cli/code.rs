//! `fieldvault code add|list|apply|import|export`.

use std::path::PathBuf;

use fieldvault::coding::{self, NewCode, NewSegment};
use fieldvault::export::{project, qdpx};
use fieldvault::{Error, Result, items};

use super::{GlobalArgs, output};

/// The codebook, and coding segments of approved items.
///
/// Codes form a tree (impression-management strategies and their sub-codes, for
/// example). A segment is a range of an item's pseudonymised text, in characters,
/// coded by a pseudonymous coder code (C1, C2 …) so that agreement can be computed.
/// Only items approved in review, and allowed for analysis by consent, can be coded.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    List(ListArgs),
    Apply(ApplyArgs),
    Import(ImportArgs),
    Export(ExportArgs),
}

/// Add a code to the codebook.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault code add \"Self-promotion\" --parent \"Impression management\" --color #ff7f0e")]
pub struct AddArgs {
    /// The code's name, unique in the study.
    name: String,

    /// The parent code, for a sub-code.
    #[arg(long)]
    parent: Option<String>,

    /// Its definition: when to apply it, and when not.
    #[arg(long)]
    description: Option<String>,

    /// A colour for QDA tools, #RRGGBB.
    #[arg(long)]
    color: Option<String>,

    /// Print the code as JSON.
    #[arg(long)]
    json: bool,
}

/// List the codebook.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Indent sub-codes under their parents.
    #[arg(long)]
    tree: bool,

    /// Print a JSON array (parents before children).
    #[arg(long)]
    json: bool,
}

/// Code a segment of an approved item (logged).
///
/// Give the range in characters of the pseudonymised text (as `fieldvault show ITEM`
/// prints it; an emoji counts as one), or --match TEXT to code every occurrence.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fieldvault code apply 1 --code Ingratiation --start 120 --end 164 --coder C1
  fieldvault code apply 1 --code Ingratiation --match \"ramah, sopan\" --coder C2 \\
      --memo \"status text\"")]
pub struct ApplyArgs {
    /// The item's id (see `fieldvault items list`).
    item: i64,

    /// The code to apply.
    #[arg(long)]
    code: String,

    /// First character of the segment (0-based).
    #[arg(long, requires = "end", conflicts_with = "match_text")]
    start: Option<usize>,

    /// One past the last character.
    #[arg(long, requires = "start")]
    end: Option<usize>,

    /// Code every occurrence of this text instead of a range.
    #[arg(long = "match", value_name = "TEXT", required_unless_present = "start")]
    match_text: Option<String>,

    /// The coder's pseudonymous code (capital letters and digits).
    #[arg(long, default_value = "C1")]
    coder: String,

    /// A memo on the segment (sealed under the participant's key).
    #[arg(long)]
    memo: Option<String>,

    /// Print the new segments as JSON.
    #[arg(long)]
    json: bool,
}

/// Import a REFI-QDA codebook (.qdc), or a whole project (.qdpx) with its texts and codings.
///
/// Codes whose names the codebook already has are kept as they are. From a .qdpx,
/// each text source becomes an item of the participant its case names (the
/// participant must exist and consent must allow the item), checked by the
/// pseudonymisation engine, pending review; its selections become segments.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fieldvault code import examples/michat-codebook.qdc
  fieldvault code import study.qdpx")]
pub struct ImportArgs {
    /// The .qdc or .qdpx file.
    file: PathBuf,

    /// Print what was imported as JSON.
    #[arg(long)]
    json: bool,
}

/// Export the codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA or QualCoder.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault code export -o codebook.qdc")]
pub struct ExportArgs {
    /// Where to write it.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Add(args) => add(args, global),
        Command::List(args) => list(args, global),
        Command::Apply(args) => apply(args, global),
        Command::Import(args) => import(args, global),
        Command::Export(args) => export(args, global),
    }
}

fn add(args: AddArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let write = session.begin()?;
    let code = coding::add_code(
        &write,
        &NewCode {
            name: &args.name,
            parent: args.parent.as_deref(),
            description: args.description.as_deref(),
            color: args.color.as_deref(),
        },
    )?;
    write.commit()?;
    if args.json {
        output::json(&code);
    } else {
        println!("Added code {:?}", code.name);
    }
    Ok(())
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let codes = coding::codes(session.conn())?;
    if args.json {
        output::json(&codes);
        return Ok(());
    }
    if codes.is_empty() {
        println!("The codebook is empty. Add codes with `fieldvault code add NAME`, or import a .qdc.");
        return Ok(());
    }
    if args.tree {
        for code in &codes {
            let indent = "  ".repeat(coding::depth(&codes, code));
            match &code.description {
                Some(d) => println!("{indent}{} — {d}", code.name),
                None => println!("{indent}{}", code.name),
            }
        }
        return Ok(());
    }
    let mut table = output::table(&["code", "parent", "colour", "description"]);
    for code in &codes {
        table.add_row(vec![
            code.name.clone(),
            code.parent.clone().unwrap_or_default(),
            code.color.clone().unwrap_or_default(),
            code.description.clone().unwrap_or_default(),
        ]);
    }
    println!("{table}");
    Ok(())
}

fn apply(args: ApplyArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("code apply")?.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let item = items::get(conn, args.item)?;
    let code = coding::require(conn, &args.code)?;
    coding::check_coder(&args.coder)?;
    let text = coding::analysable_text(conn, &vault_id, &content_key, &item)?;
    let ranges = match (&args.match_text, args.start, args.end) {
        (Some(needle), _, _) => {
            let found = coding::occurrences(&text, needle);
            if found.is_empty() {
                return Err(Error::invalid(
                    format!("the text of item {} does not contain the --match text", item.id),
                    "copy the words exactly as `fieldvault show ITEM` prints them (tags included)",
                ));
            }
            found
        }
        (None, Some(start), Some(end)) => vec![(start, end)],
        _ => unreachable!("clap requires --match or --start and --end"),
    };
    let mut added = Vec::new();
    for (start, end) in ranges {
        let new = NewSegment {
            item: &item,
            code: &code,
            start,
            end,
            coder: &args.coder,
            memo: args.memo.as_deref(),
        };
        if let Some(id) = coding::apply(&write, &vault_id, &content_key, &text, &new)? {
            added.push(id);
        }
    }
    write.commit()?;
    let filter = coding::Filter {
        item: Some(item.id),
        ..Default::default()
    };
    let segments: Vec<coding::Segment> = coding::segments(session.conn(), &filter)?
        .into_iter()
        .filter(|s| added.contains(&s.id))
        .collect();
    if args.json {
        output::json(&segments);
    } else {
        for s in &segments {
            println!(
                "Segment {}: item {} [{}..{}) coded {:?} by {}",
                s.id, s.item, s.start, s.end, s.code, s.coder
            );
        }
        if segments.is_empty() {
            println!("Nothing new: {} already coded this with {:?}.", args.coder, code.name);
        }
    }
    Ok(())
}

fn import(args: ImportArgs, global: &GlobalArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io("read", &args.file, e))?;
    let project = if bytes.starts_with(b"PK") {
        qdpx::read_qdpx(std::io::Cursor::new(&bytes)).map_err(|e| in_file(e, &args.file))?
    } else {
        let codes = fieldvault::export::qdc::read_qdc(&bytes).map_err(|e| in_file(e, &args.file))?;
        qdpx::Project {
            codes,
            ..Default::default()
        }
    };
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = match project.sources.is_empty() {
        true => None,
        false => Some(session.content_key("code import")?.clone()),
    };
    let write = session.begin()?;
    let summary = match &content_key {
        Some(key) => project::import(&write, &vault_id, key, &project)?,
        None => project::import_codebook(&write, &project.codes)?,
    };
    write.commit()?;
    if args.json {
        output::json(&summary);
    } else {
        println!(
            "Imported {} code(s) ({} already in the codebook were kept), {} item(s) pending review, {} segment(s).",
            summary.codes_added, summary.codes_kept, summary.items, summary.segments
        );
    }
    Ok(())
}

/// Names the user's file in an error about its content (a project's inner
/// `project.qde` becomes `study.qdpx!project.qde`).
fn in_file(error: Error, file: &std::path::Path) -> Error {
    match error {
        Error::Invalid { what, hint } => Error::invalid(format!("{}: {what}", file.display()), hint),
        Error::Malformed { path, line, what, hint } => Error::Malformed {
            path: match path.to_str() {
                Some("codebook.qdc") => file.to_path_buf(),
                _ => format!("{}!{}", file.display(), path.display()).into(),
            },
            line,
            what,
            hint,
        },
        other => other,
    }
}

fn export(args: ExportArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let codes = coding::codes(session.conn())?;
    let tree = project::code_tree(session.vault_id(), &codes, None);
    let bytes = fieldvault::export::qdc::write_qdc(&tree);
    fieldvault::fsutil::write_atomic(&args.output, &bytes)?;
    println!("Wrote {} code(s) to {}", codes.len(), args.output.display());
    Ok(())
}
