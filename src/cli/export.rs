//! `fieldvault export qdpx|csv|json|quotes`.

use std::path::PathBuf;

use fieldvault::consent::Use;
use fieldvault::export::leak::LeakScanner;
use fieldvault::export::{self, Destination, Excluded, tables};
use fieldvault::{Result, coding, identity};

use super::{GlobalArgs, output};

/// Export coded data for analysis or publication, behind the consent gate.
///
/// Every export takes only items approved in review whose participants' consent
/// allows the use (the others are listed as excluded, with the reason), passes a
/// leak scan (no original from the pseudonym table, no registered identifier, no
/// detector hit, in any text, memo, code or attribute) before a byte is written, is
/// logged with every item it holds, and is age-encrypted to the recipients you
/// name (decrypt with `age -d -i KEY FILE` or rage). Writing in clear needs
/// --plaintext.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Qdpx(Args),
    Csv(Args),
    Json(Args),
    Quotes(QuotesArgs),
}

/// Where the export goes and who can read it.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Encrypt to this age recipient (age1…, or an age plugin recipient); repeatable.
    #[arg(long = "to", value_name = "RECIPIENT")]
    to: Vec<String>,

    /// Encrypt to every recipient in this file (one per line, # comments).
    #[arg(long, value_name = "FILE")]
    recipients_file: Option<PathBuf>,

    /// Write in clear, unencrypted (not recommended: the file then holds participants'
    /// words in clear wherever it is copied).
    #[arg(long)]
    plaintext: bool,

    /// Print what was exported and excluded as JSON.
    #[arg(long)]
    json: bool,
}

/// Export for analysis tools.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fieldvault export qdpx -o study.qdpx --to age1…
  fieldvault export csv -o segments.csv.age --recipients-file team.txt --use secondary-use")]
pub struct Args {
    #[command(flatten)]
    target: Target,

    /// What the export is for: analysis, archiving or secondary-use. The participant's
    /// consent must allow it.
    #[arg(long = "use", value_name = "USE", default_value = "analysis")]
    purpose: String,

    /// Include segment memos (CSV, JSON; a .qdpx always carries them as notes).
    #[arg(long)]
    memos: bool,
}

/// Export the quotes of one code for publication.
///
/// Only participants whose consent includes verbatim_quotes are quoted; the others
/// are listed at the end as excluded, with the reason.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault export quotes --code Ingratiation -o quotes.md.age --to age1…")]
pub struct QuotesArgs {
    /// The code whose segments are quoted.
    #[arg(long)]
    code: String,

    #[command(flatten)]
    target: Target,
}

/// What an export reports.
#[derive(serde::Serialize)]
struct Report<'a> {
    file: String,
    format: &'a str,
    #[serde(rename = "use")]
    purpose: Use,
    encrypted_to: usize,
    bytes: usize,
    items: Vec<i64>,
    segments: usize,
    excluded: &'a [Excluded],
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Qdpx(args) => tabular(args, "qdpx", global),
        Command::Csv(args) => tabular(args, "csv", global),
        Command::Json(args) => tabular(args, "json", global),
        Command::Quotes(args) => quotes(args, global),
    }
}

impl Target {
    /// The recipients, checked together with the destination before the vault is
    /// opened: a mistake in them costs nothing.
    fn recipients(&self) -> Result<Vec<String>> {
        let mut recipients = self.to.clone();
        if let Some(file) = &self.recipients_file {
            recipients.extend(identity::read_recipients_file(file)?);
        }
        self.destination(&recipients).check()?;
        Ok(recipients)
    }

    fn destination<'a>(&'a self, recipients: &'a [String]) -> Destination<'a> {
        Destination {
            path: &self.output,
            recipients,
            plaintext: self.plaintext,
        }
    }

    /// The leak scanner of this export; the output's file name is its first check.
    /// Only the name the export creates: the folder it goes into is the user's and
    /// there already (a temporary folder's random name can look like a plate).
    fn scanner(&self, conn: &rusqlite::Connection) -> Result<LeakScanner> {
        let scanner = LeakScanner::new(conn)?;
        let name = self.output.file_name().unwrap_or(self.output.as_os_str());
        scanner.check("the output file name", &name.to_string_lossy())?;
        Ok(scanner)
    }
}

fn tabular(args: Args, format: &str, global: &GlobalArgs) -> Result<()> {
    let purpose: Use = args.purpose.parse()?;
    if matches!(purpose, Use::Store | Use::Quotation) {
        return Err(fieldvault::Error::invalid(
            format!("--use {purpose} is not a use of this export"),
            "give analysis, archiving or secondary-use; quotes for publication come from `fieldvault export quotes`",
        ));
    }
    let recipients = args.target.recipients()?;
    let to = args.target.destination(&recipients);
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("export")?.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let scanner = args.target.scanner(conn)?;
    let selection = export::select(conn, &vault_id, &content_key, purpose, None)?;
    let (bytes, segments) = match format {
        "qdpx" => {
            let project = export::project::build(conn, &vault_id, &content_key, &selection, &scanner)?;
            let segments = project.sources.iter().map(|s| s.selections.len()).sum();
            (export::project::to_bytes(&project)?, segments)
        }
        _ => {
            let rows = tables::rows(conn, &vault_id, &content_key, &selection, None, args.memos, &scanner)?;
            let bytes = match format {
                "csv" => tables::csv(&rows)?,
                _ => serde_json::to_vec_pretty(&rows).expect("rows serialise"),
            };
            (bytes, rows.len())
        }
    };
    let items: Vec<i64> = selection.included.iter().map(|i| i.item.id).collect();
    let written = export::finish(write, format, purpose, &items, &bytes, &to)?;
    report(
        &Report {
            file: args.target.output.display().to_string(),
            format,
            purpose,
            encrypted_to: recipients.len(),
            bytes: written,
            items,
            segments,
            excluded: &selection.excluded,
        },
        args.target.json,
    );
    Ok(())
}

fn quotes(args: QuotesArgs, global: &GlobalArgs) -> Result<()> {
    let recipients = args.target.recipients()?;
    let to = args.target.destination(&recipients);
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("export quotes")?.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let code = coding::require(conn, &args.code)?;
    let scanner = args.target.scanner(conn)?;
    if let Some(description) = &code.description {
        scanner.check(&format!("the description of code {}", code.id), description)?;
    }
    let selection = export::select(conn, &vault_id, &content_key, Use::Quotation, None)?;
    let rows = tables::rows(conn, &vault_id, &content_key, &selection, Some(&code), false, &scanner)?;
    // Only the excluded items that hold segments of this code are worth naming.
    let coded_items: Vec<i64> = coding::segments(
        conn,
        &coding::Filter {
            code: Some(&code),
            ..Default::default()
        },
    )?
    .iter()
    .map(|s| s.item)
    .collect();
    let excluded: Vec<Excluded> = selection
        .excluded
        .iter()
        .filter(|e| coded_items.contains(&e.item))
        .cloned()
        .collect();
    let quotes = tables::quotes(&rows, &selection);
    // The merged passages are new text: they pass the scan too.
    for q in &quotes {
        scanner.check_approved(&format!("the quote from item {}", q.item), &q.text)?;
    }
    let text = tables::quotes_markdown(&code, &quotes, &excluded);
    let mut items: Vec<i64> = quotes.iter().map(|q| q.item).collect();
    items.dedup();
    let written = export::finish(write, "quotes", Use::Quotation, &items, text.as_bytes(), &to)?;
    report(
        &Report {
            file: args.target.output.display().to_string(),
            format: "quotes",
            purpose: Use::Quotation,
            encrypted_to: recipients.len(),
            bytes: written,
            items,
            segments: quotes.len(),
            excluded: &excluded,
        },
        args.target.json,
    );
    Ok(())
}

fn report(report: &Report<'_>, json: bool) {
    if report.encrypted_to == 0 {
        eprintln!(
            "warning: {} is NOT encrypted; it holds participants' words in clear. Keep it off shared and synced disks, and delete it when done.",
            report.file
        );
    }
    if json {
        output::json(report);
        return;
    }
    let protection = match report.encrypted_to {
        0 => "in clear".to_string(),
        n => format!("encrypted to {n} recipient(s)"),
    };
    println!(
        "Wrote {} ({} bytes, {protection}): {} segment(s) from {} item(s), for {}",
        report.file,
        report.bytes,
        report.segments,
        report.items.len(),
        report.purpose
    );
    for e in report.excluded {
        println!("  excluded: {} item {}: {}", e.participant, e.item, e.reason);
    }
}
