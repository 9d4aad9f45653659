//! `fieldvault retention status|purge`.

use std::path::PathBuf;

use fieldvault::Result;
use fieldvault::consent::{erase, retention, today};

use super::{GlobalArgs, output};

/// Retention: each item's deadline comes from the protocol's rule for its kind
/// (for example raw audio 30 days after import, transcripts 5 years after the study
/// ends). Every command warns when something is overdue.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Status(StatusArgs),
    Purge(PurgeArgs),
}

/// List items whose deadline is overdue, due today, or within 30 days.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// Erase every item that is due or overdue, the way a withdrawal erases (owners only).
#[derive(Debug, clap::Args)]
pub struct PurgeArgs {
    /// Erase the items that are due or overdue (required: says what is erased).
    #[arg(long, required = true)]
    due: bool,

    /// Also write the receipt to DIR as erasure-<log index>.json and .txt.
    #[arg(long, value_name = "DIR")]
    receipt: Option<PathBuf>,

    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,

    /// Print the receipt as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Status(args) => status(args, global),
        Command::Purge(args) => purge(args, global),
    }
}

fn status(args: StatusArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let deadlines = retention::status(session.conn(), today())?;
    if args.json {
        output::json(&deadlines);
        return Ok(());
    }
    if deadlines.is_empty() {
        println!(
            "Nothing is due: no item reaches its retention deadline in the next {} days",
            retention::UPCOMING_DAYS
        );
        return Ok(());
    }
    let mut table = output::table(&["item", "participant", "kind", "rule", "deadline", "state"]);
    for d in &deadlines {
        table.add_row(vec![
            d.item.to_string(),
            d.participant.clone(),
            d.kind.clone(),
            d.rule.clone(),
            d.deadline.clone(),
            format!("{:?}", d.state).to_lowercase(),
        ]);
    }
    println!("{table}");
    Ok(())
}

fn purge(args: PurgeArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    session.require_owner("retention purge")?;
    output::confirm_erasure("purge", "Erasing every item past its retention deadline", args.yes)?;
    match erase::purge_due(&mut session, today())? {
        Some(receipt) => output::receipt(&receipt, args.receipt.as_deref(), args.json),
        None => {
            if args.json {
                output::json(&serde_json::json!({ "items_erased": 0 }));
            } else {
                println!("Nothing is due; nothing was erased");
            }
            Ok(())
        }
    }
}
