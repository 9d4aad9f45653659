//! `fieldvault backup`.

use std::path::PathBuf;

use fieldvault::Result;
use fieldvault::backup;

use super::{GlobalArgs, output};

/// Write a consistent snapshot of the whole vault as one age file, encrypted to the
/// vault's owners.
///
/// The snapshot is taken with SQLite's online backup API, so other commands may run
/// meanwhile. Restore it with `fieldvault restore FILE DIR`. A backup made before a
/// participant withdraws still holds their data: see docs/threat-model.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let report = backup::backup(session, &args.output)?;
    if args.json {
        output::json(&report);
    } else {
        println!(
            "Wrote {} ({} bytes), encrypted to the owners {}; logged as entry {}",
            report.path.display(),
            report.bytes,
            report.owners.join(", "),
            report.log_index
        );
    }
    Ok(())
}
