//! `fieldvault audit spot-check`.

use serde::Serialize;

use fieldvault::{Error, Result, items};

use crate::cli::{GlobalArgs, output};

/// Print an item's ciphertext hash, for an auditor on site to compare with the bundle.
///
/// The hash is recomputed from the stored chunks (no decryption) and compared with
/// the one recorded at import. The check is logged.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault audit spot-check 17")]
pub struct Args {
    /// The item id.
    item: i64,

    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct SpotCheck {
    item: i64,
    participant: String,
    kind: String,
    ciphertext_sha256: String,
    matches_recorded: bool,
    log_index: u64,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let write = session.begin()?;
    let item = items::get(write.conn(), args.item).map_err(|e| match e {
        // The auditor picks the id from the bundle; point there, not at a listing.
        Error::Invalid { what, .. } => Error::Invalid {
            what,
            hint: "give the id of an item in the audit bundle's `items` (the auditor chooses it); \
                   an id in the bundle but not in the vault means the item is gone"
                .into(),
        },
        other => other,
    })?;
    let hash = items::recompute_ciphertext_sha256(write.conn(), item.id)?;
    let matches = hash == item.ciphertext_sha256;
    let log_index = write.log(
        "audit.spot-check",
        &[&item.id.to_string(), if matches { "match" } else { "MISMATCH" }],
    )?;
    write.commit()?;
    let check = SpotCheck {
        item: item.id,
        participant: item.participant,
        kind: item.kind,
        ciphertext_sha256: hash,
        matches_recorded: matches,
        log_index,
    };
    if args.json {
        output::json(&check);
    } else {
        println!(
            "item {} ({}, {}): ciphertext sha256 {}",
            check.item, check.participant, check.kind, check.ciphertext_sha256
        );
        println!(
            "{}",
            if matches {
                "matches the hash recorded at import"
            } else {
                "DOES NOT match the hash recorded at import"
            }
        );
    }
    if matches {
        Ok(())
    } else {
        Err(Error::Corrupt {
            path: "the vault database".into(),
            why: format!(
                "the chunks of item {} no longer hash to the value recorded at import",
                check.item
            ),
        })
    }
}
