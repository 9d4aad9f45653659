//! `fieldvault init`: create a vault.

use std::path::PathBuf;

use fieldvault::identity::Identity;
use fieldvault::vault::{self, Ownership};
use fieldvault::{Error, Result};

use super::GlobalArgs;

/// Create a new vault in DIR, owned by your identity.
///
/// The vault is a directory (mode 0700) holding the SQLCipher database and, beside
/// it, one age file per member with their share of the keys. The owner is the
/// identity given with --identity (or FIELDVAULT_IDENTITY). With --passphrase the
/// vault instead creates a recovery identity, DIR/recovery-identity.age, protected by
/// a passphrase; keep a copy of that file with your backups.
///
/// Prints the checkpoint verifier key: give it to the ethics committee with the
/// approval, so that auditors can check the vault's signed audit log.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new vault directory (must not exist, or be empty).
    dir: PathBuf,

    /// The study title (stored encrypted).
    #[arg(long)]
    title: String,

    /// Your member name in the vault.
    #[arg(long, default_value = "owner", value_name = "NAME")]
    owner: String,

    /// Own the vault with a passphrase-protected recovery identity instead of --identity.
    #[arg(long)]
    passphrase: bool,

    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let ownership = if args.passphrase {
        Ownership::Passphrase(global.passphrase().obtain("the new vault's recovery identity", true)?)
    } else {
        let path = global.identity.as_ref().ok_or(Error::NoIdentity)?;
        let identity = Identity::load(path, &global.passphrase())?;
        if identity.x25519_recipients().is_empty() {
            return Err(Error::invalid(
                format!("{} holds no X25519 identity", path.display()),
                "for a hardware key, init with `fieldvault keygen` identity first and add the plugin recipient with `member add`",
            ));
        }
        Ownership::Recipients(identity.x25519_recipients().to_vec())
    };
    let report = vault::init(&args.dir, &args.title, &args.owner, ownership)?;
    if args.json {
        super::output::json(&report);
    } else {
        println!("Created vault {} in {}", report.vault_id, report.path.display());
        println!("Owner: {}", report.owner);
        if let Some(recovery) = &report.recovery_identity {
            println!(
                "Recovery identity: {} (passphrase-protected; keep a copy with your backups)",
                recovery.display()
            );
        }
        println!("Checkpoint verifier key (give it to the ethics committee):");
        println!("  {}", report.verifier_key);
    }
    Ok(())
}
