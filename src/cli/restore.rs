//! `fieldvault restore`.

use std::path::PathBuf;

use fieldvault::Error;
use fieldvault::Result;
use fieldvault::backup;
use fieldvault::identity::Identity;

use super::{GlobalArgs, output};

/// Restore a backup into a new directory, then verify it: the keys against their
/// key-check values, SQLite's integrity check, and the audit log with its checkpoints.
///
/// Needs the identity of an owner of the backed-up vault (for a passphrase vault, a
/// copy of its recovery-identity.age).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file written by `fieldvault backup`.
    file: PathBuf,

    /// The new vault directory (must not exist).
    dir: PathBuf,

    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let path = global.identity.as_ref().ok_or(Error::NoIdentity)?;
    let identity = Identity::load(path, &global.passphrase())?;
    let report = backup::restore(&args.file, &args.dir, &identity)?;
    if args.json {
        output::json(&report);
    } else {
        println!(
            "Restored vault {} into {}: integrity OK, audit log of {} entries verified ({} checkpoints)",
            report.vault_id,
            report.path.display(),
            report.log_size,
            report.checkpoints_checked
        );
    }
    Ok(())
}
