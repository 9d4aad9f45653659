//! `fieldvault import`.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use fieldvault::Result;
use fieldvault::consent::{Kind, parse_date, participant, today};
use fieldvault::import::{self, Imported, Pipeline, Progress, Source};
use fieldvault::pseudonyms::{self, Mapper};

use super::{GlobalArgs, output, parse_word};

/// Import files as items of one participant.
///
/// Every file passes the consent gate first (refused with the gate's reason when the
/// participant's consent does not cover the kind), is pseudonymised (text kinds:
/// names, phone numbers, NIK, accounts, links, addresses … become tags such as
/// [PERSON_3] that are the same in every item of the study), encrypted under the
/// participant's key, stored and logged. All files of one command are one
/// transaction: if one fails, none is stored.
///
/// Text items wait for review (`fieldvault review ITEM`) before they can be coded or
/// exported; their raw original is kept, encrypted, until approval.
///
/// Formats: .txt/.md transcripts with speaker turns, .vtt/.srt subtitles, .docx,
/// WhatsApp "Export chat" .txt or .zip, JPEG/PNG/WebP images (every metadata block
/// removed), audio of any format (stored as is). See docs/formats.md.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault import P01 interview-1.docx --kind transcript --date 2026-03-02")]
pub struct Args {
    /// The participant's code, such as P01.
    code: String,

    /// The files to import.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// What the files are: transcript, chat, profile-image, profile-status, audio or field-note.
    #[arg(long, value_parser = parse_word::<Kind>)]
    kind: Kind,

    /// The date the data was collected (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,

    /// Print the imported items as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let item_date = args.date.as_deref().map(parse_date).transpose()?;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("import")?.clone();
    let member = session.member().name.clone();
    let participant = participant::get(session.conn(), &args.code)?;
    let keys = pseudonyms::keys(session.conn())?;
    let mut pipeline = Pipeline {
        vault_id: &vault_id,
        content_key: &content_key,
        engine: pseudonyms::engine(session.conn(), &keys)?,
        mapper: Mapper::new(keys, &vault_id, &member),
    };
    let sizes: Vec<u64> = args
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    let bar = progress_bar(sizes.iter().sum());
    // An import mostly writes new pages; 40 MiB of page cache (not the 64 MiB that
    // erasure needs) keeps the pseudonym index warm and the peak memory under 100 MB
    // (docs/performance.md).
    session.conn().execute_batch("PRAGMA cache_size = -40960")?;
    let write = session.begin()?;
    let sources: Vec<Source<'_>> = args
        .files
        .iter()
        .enumerate()
        .map(|(i, path)| Source { path, position: i + 1 })
        .collect();
    let imported = import::import_files(
        &write,
        &mut pipeline,
        &participant,
        &sources,
        args.kind,
        item_date,
        today(),
        &mut |progress| match progress {
            Progress::Bytes(n) => bar.inc(n),
            // A compressed export's text runs past its file's size: the bar is set
            // right at each file's end.
            Progress::FileDone(position) => bar.set_position(sizes[..position].iter().sum()),
        },
    )?;
    bar.set_message("committing");
    write.commit()?;
    bar.finish_and_clear();
    if args.json {
        output::json(&imported);
    } else {
        print_table(&imported);
    }
    Ok(())
}

/// A progress bar on stderr for long imports; hidden when stderr is not a terminal.
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{spinner} importing [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar
}

fn print_table(imported: &[Imported]) {
    let mut table = output::table(&["item", "kind", "format", "bytes", "replaced", "to review", "status"]);
    for i in imported {
        let to_review = if i.item.review_status == "pending" {
            format!("{} suspicious", i.suspicious)
        } else {
            "-".into()
        };
        table.add_row(vec![
            i.item.id.to_string(),
            i.item.kind.clone(),
            i.item.format.clone(),
            i.item.size.to_string(),
            i.replaced.to_string(),
            to_review,
            i.item.review_status.clone(),
        ]);
    }
    println!("{table}");
    for i in imported {
        if !i.metadata_removed.is_empty() {
            println!(
                "item {}: removed image metadata: {}",
                i.item.id,
                i.metadata_removed.join(", ")
            );
        }
        if i.media_skipped > 0 {
            println!(
                "item {}: {} media attachment(s) were not imported",
                i.item.id, i.media_skipped
            );
        }
    }
    println!("Review each text item before analysis: fieldvault review ITEM");
}
