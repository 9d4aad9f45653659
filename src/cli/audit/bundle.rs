//! `fieldvault audit bundle`.

use std::path::PathBuf;

use fieldvault::audit::bundle;
use fieldvault::{Result, fsutil, identity};

use crate::cli::{GlobalArgs, output};

/// Make an audit bundle for the ethics auditor, encrypted to them (owners only).
///
/// The bundle holds the protocol versions and forms, participant codes, consent
/// records, item metadata with the SHA-256 of each item's ciphertext, erasure
/// receipts, the whole audit log and a fresh signed checkpoint, and the vault's
/// checkpoint verifier keys. It holds no content, no pseudonym table and no identity.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault audit bundle --to age1… -o kepk-2026-11.bundle.age")]
pub struct Args {
    /// The auditor's age recipient (repeatable).
    #[arg(long = "to", value_name = "RECIPIENT", required_unless_present = "recipients_file")]
    to: Vec<String>,

    /// A file with recipients, one per line.
    #[arg(long, value_name = "FILE")]
    recipients_file: Option<PathBuf>,

    /// Where to write the bundle.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Include consent evidence files (only if the protocol sets evidence_to_auditor).
    #[arg(long)]
    with_evidence: bool,

    /// Print a summary as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let mut recipients = args.to;
    if let Some(file) = &args.recipients_file {
        recipients.extend(identity::read_recipients_file(file)?);
    }
    let mut session = global.unlock()?;
    let (sealed, summary) = bundle::build(&mut session, &recipients, args.with_evidence)?;
    fsutil::write_atomic(&args.output, &sealed)?;
    if args.json {
        output::json(&summary);
    } else {
        println!(
            "Wrote {} ({} bytes): {} participants, {} consent records, {} items, {} erasures, {} log entries{}",
            args.output.display(),
            summary.bytes,
            summary.participants,
            summary.consent_records,
            summary.items,
            summary.erasures,
            summary.log_size,
            if summary.evidence_files > 0 {
                format!(", {} evidence files", summary.evidence_files)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
