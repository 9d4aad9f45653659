//! `fieldvault audit verify-bundle`.

use std::path::{Path, PathBuf};

use fieldvault::audit::bundle::{self, Bundle};
use fieldvault::audit::findings::{self, Verification};
use fieldvault::{Error, Result, fsutil};

use crate::cli::{GlobalArgs, output};

/// Verify an audit bundle, with no vault at hand (auditors).
///
/// Checks the checkpoint's signature and the Merkle root of the log, consistency
/// with your earlier checkpoint, that every item was covered by a consent allowing
/// its kind when it was stored and still is, that every export held only allowed
/// items, that withdrawals erased what they had to, that retention deadlines were
/// met, and that the log tells the same story as the state. Exits 0 only when all
/// hold, 4 otherwise; each finding names the participant, the item and the log index.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault audit verify-bundle kepk.bundle.age --identity kepk.key \\
      --trusted-key \"fieldvault.local/vault/…+…+…\" --since last-checkpoint.txt")]
pub struct Args {
    /// The bundle file.
    file: PathBuf,

    /// The checkpoint you kept from the last bundle (see --save-checkpoint).
    #[arg(long, value_name = "CHECKPOINT_FILE")]
    since: Option<PathBuf>,

    /// The checkpoint verifier key the committee received (repeatable). Without it the
    /// bundle's own keys are used, which cannot rule out a forged bundle.
    #[arg(long = "trusted-key", value_name = "PUBKEY")]
    trusted_keys: Vec<String>,

    /// Write the bundle's checkpoint to FILE, to give as --since next time.
    #[arg(long, value_name = "FILE")]
    save_checkpoint: Option<PathBuf>,

    /// Print the verification as JSON.
    #[arg(long)]
    json: bool,
}

/// Decrypts the bundle with the caller's identity and verifies it.
pub fn open_and_verify(
    file: &Path,
    since: Option<&Path>,
    trusted_keys: &[String],
    global: &GlobalArgs,
) -> Result<(Bundle, Verification)> {
    let identity = global.load_identity(None)?;
    let bundle = bundle::open(&fsutil::read(file)?, &identity)?;
    let since = since.map(fsutil::read).transpose()?;
    let verification = findings::verify(
        &bundle,
        &findings::Options {
            trusted_keys,
            since: since.as_deref(),
        },
    );
    Ok((bundle, verification))
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let (bundle, v) = open_and_verify(&args.file, args.since.as_deref(), &args.trusted_keys, global)?;
    if let Some(path) = &args.save_checkpoint {
        if v.ok {
            fsutil::write_atomic(path, bundle.checkpoint.as_bytes())?;
        } else {
            eprintln!("note: the checkpoint was not saved, because the bundle did not verify");
        }
    }
    if args.json {
        output::json(&v);
    } else {
        println!("Bundle of {} ({}), made {}", v.title, v.vault_id, v.bundle_created_at);
        println!(
            "Log: {} entries, root {}; checkpoint {}",
            v.log_size,
            v.root_hash,
            match (v.checkpoint_size, v.signed_by_trusted_key) {
                (Some(size), true) => format!("of {size} entries signed by your trusted key"),
                (Some(size), false) => format!("of {size} entries signed by a key from the bundle itself"),
                (None, _) => "NOT verified".into(),
            }
        );
        if let Some(since) = &v.since {
            println!("Your earlier checkpoint: {} entries", since.size);
        }
        println!(
            "Checked {} participants, {} consent records, {} items, {} erasures",
            v.participants, v.consent_records, v.items, v.erasures
        );
        if v.findings.is_empty() {
            println!("No findings.");
        } else {
            let mut table = output::table(&["severity", "code", "participant", "item", "log", "finding"]);
            for f in &v.findings {
                table.add_row(vec![
                    format!("{:?}", f.severity).to_lowercase(),
                    f.code.clone(),
                    f.participant.clone().unwrap_or_default(),
                    f.item.map(|i| i.to_string()).unwrap_or_default(),
                    f.log_index.map(|i| i.to_string()).unwrap_or_default(),
                    f.message.clone(),
                ]);
            }
            println!("{table}");
        }
    }
    let errors = v.error_count();
    if errors == 0 {
        Ok(())
    } else {
        Err(Error::AuditFindings { errors })
    }
}
