//! `fieldvault audit report`.

use std::path::PathBuf;

use fieldvault::audit::report;
use fieldvault::{Error, Result, fsutil};

use super::verify_bundle::open_and_verify;
use crate::cli::GlobalArgs;

/// Verify an audit bundle and write the ethics report (auditors).
///
/// html is one self-contained page (no scripts, no external files) with the study
/// header, the verification result, the participant by scope consent matrix, a
/// timeline of consents, imports, exports and withdrawals, and the findings.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault audit report kepk.bundle.age --identity kepk.key --format html -o report.html")]
pub struct Args {
    /// The bundle file.
    file: PathBuf,

    /// html, md or json.
    #[arg(long, default_value = "html", value_parser = ["html", "md", "json"])]
    format: String,

    /// Where to write the report.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Your earlier checkpoint, as for verify-bundle.
    #[arg(long, value_name = "CHECKPOINT_FILE")]
    since: Option<PathBuf>,

    /// The checkpoint verifier key the committee received (repeatable).
    #[arg(long = "trusted-key", value_name = "PUBKEY")]
    trusted_keys: Vec<String>,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let (bundle, verification) = open_and_verify(&args.file, args.since.as_deref(), &args.trusted_keys, global)?;
    let ok = verification.ok;
    let report = report::build(&bundle, verification);
    let text = match args.format.as_str() {
        "md" => report::markdown(&report),
        "json" => serde_json::to_string_pretty(&report).expect("reports always serialise") + "\n",
        _ => report::html(&report),
    };
    fsutil::write_atomic(&args.output, text.as_bytes())?;
    println!(
        "Wrote {} ({}): {}",
        args.output.display(),
        args.format,
        if ok {
            "the bundle verified"
        } else {
            "the bundle did NOT verify; see the findings"
        }
    );
    if ok {
        Ok(())
    } else {
        Err(Error::AuditFindings {
            errors: report.verification.error_count(),
        })
    }
}
