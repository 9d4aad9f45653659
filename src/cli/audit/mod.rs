//! `fieldvault audit checkpoint|verify|log` here; `bundle`, `verify-bundle`,
//! `report` and `spot-check` in their own files.

mod bundle;
mod report;
mod spot_check;
mod verify_bundle;

use std::path::PathBuf;

use fieldvault::audit::{self, tree::Tree};
use fieldvault::{Result, fsutil};

use super::{GlobalArgs, output};

/// The signed, append-only audit log.
///
/// Every state-changing command and every decryption of content appends an entry
/// (time, member, action, object ids; never content). The entries are the leaves of
/// an RFC 6962 Merkle tree. An owner signs checkpoints of the tree; an auditor keeps
/// one and later runs `audit verify --since FILE` to prove that the log still
/// extends it, so history cannot be rewritten or truncated unnoticed.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Checkpoint(CheckpointArgs),
    Verify(VerifyArgs),
    Log(LogArgs),
    Bundle(bundle::Args),
    VerifyBundle(verify_bundle::Args),
    Report(report::Args),
    SpotCheck(spot_check::Args),
}

/// Sign a checkpoint of the log (owners) and print it as a C2SP signed note.
///
/// The log is verified before it is signed. Give the checkpoint to the auditor.
#[derive(Debug, clap::Args)]
pub struct CheckpointArgs {
    /// Also write the checkpoint to FILE.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print {"size", "root_hash", "note"} as JSON.
    #[arg(long)]
    json: bool,
}

/// Recompute the Merkle tree from every entry, check every stored checkpoint's
/// signature and root, and, with --since, prove that the log extends an older
/// checkpoint. Exits 4 with a clear error if the log was altered, truncated or
/// rewritten.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// A checkpoint you kept from earlier (`audit checkpoint -o FILE`).
    #[arg(long, value_name = "CHECKPOINT_FILE")]
    since: Option<PathBuf>,

    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// List log entries, oldest first.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Only the last N entries.
    #[arg(long, value_name = "N")]
    last: Option<u64>,

    /// Print a JSON array of entries.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Checkpoint(args) => checkpoint(args, global),
        Command::Verify(args) => verify(args, global),
        Command::Log(args) => log(args, global),
        Command::Bundle(args) => bundle::run(args, global),
        Command::VerifyBundle(args) => verify_bundle::run(args, global),
        Command::Report(args) => report::run(args, global),
        Command::SpotCheck(args) => spot_check::run(args, global),
    }
}

fn checkpoint(args: CheckpointArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let signer = zeroize::Zeroizing::new(session.signing_key("audit checkpoint")?.to_string());
    let origin = session.origin();
    let write = session.begin()?;
    write.log("audit.checkpoint", &[])?;
    let tree = Tree::from_log(write.conn())?;
    let root = tree.root()?;
    let note = audit::checkpoint::sign(&signer, &origin, tree.size(), root)?;
    audit::checkpoint::store(write.conn(), tree.size(), root, &note)?;
    if let Some(path) = &args.output {
        fsutil::write_atomic(path, note.as_bytes())?;
    }
    write.commit()?;
    if args.json {
        let stored = audit::checkpoint::latest(session.conn())?;
        output::json(&stored);
    } else {
        print!("{note}");
    }
    Ok(())
}

fn verify(args: VerifyArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let since = match &args.since {
        Some(path) => Some((path.as_path(), fsutil::read(path)?)),
        None => None,
    };
    let (_, report) = audit::verify::verify_log(
        session.conn(),
        &session.origin(),
        since.as_ref().map(|(p, b)| (*p, b.as_slice())),
    )?;
    if args.json {
        output::json(&report);
        return Ok(());
    }
    println!("Audit log OK: {} entries, root {}", report.size, report.root_hash);
    println!("Stored checkpoints checked: {}", report.checkpoints_checked);
    if let Some(since) = &report.since {
        println!(
            "Extends your checkpoint of size {} (consistency proof of {} hashes checked)",
            since.size, since.proof_hashes
        );
    }
    Ok(())
}

fn log(args: LogArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let entries = audit::log::entries(session.conn(), args.last)?;
    if args.json {
        output::json(&entries);
        return Ok(());
    }
    let mut table = output::table(&["#", "time", "member", "action", "objects"]);
    for e in &entries {
        table.add_row(vec![
            e.index.to_string(),
            e.time.clone(),
            e.member.clone(),
            e.action.clone(),
            e.objects.join(", "),
        ]);
    }
    println!("{table}");
    Ok(())
}
