//! `fieldvault keygen`: a new age X25519 identity file.

use std::path::PathBuf;

use fieldvault::Result;
use fieldvault::identity;

use super::GlobalArgs;

/// Write a new age identity (X25519) and print its recipient (age1…).
///
/// Give the recipient to an owner so they can add you with `fieldvault member add`.
/// Keep the identity file private: it opens the vault. With --passphrase the file is
/// encrypted with a passphrase (as `age -p` would), read from a prompt,
/// --passphrase-file or FIELDVAULT_PASSPHRASE. Identities from age-keygen or
/// rage-keygen, and plugin identities such as age-plugin-yubikey, work as well.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the identity; an existing file is never overwritten.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Protect the identity file with a passphrase.
    #[arg(long)]
    passphrase: bool,

    /// Print {"recipient": …, "path": …} as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let secret = if args.passphrase {
        Some(
            global
                .passphrase()
                .obtain(&format!("the new identity {}", args.output.display()), true)?,
        )
    } else {
        None
    };
    let recipient = identity::generate(&args.output, secret)?;
    if args.json {
        super::output::json(&serde_json::json!({ "recipient": recipient, "path": args.output }));
    } else {
        println!("{recipient}");
    }
    Ok(())
}
