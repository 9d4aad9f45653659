//! `fieldvault identity set|show`: the identity registry, custodians only.

use std::io::{BufRead, IsTerminal};

use zeroize::Zeroizing;

use fieldvault::consent::participant;
use fieldvault::consent::registry::{self, Purpose};
use fieldvault::{Error, Result};

use super::{GlobalArgs, output};

/// The identity registry: real names and contacts for re-contact, only where the
/// protocol allows a registry. Encrypted under the identity key, which custodians
/// and owners hold and researchers never do.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Set(SetArgs),
    Show(ShowArgs),
}

/// Set a participant's name and/or contact (replaces earlier values).
///
/// Give `-` as the value to type it at a prompt or pipe it on standard input (one
/// line per value, name first), so it stays out of your shell history. Contact
/// details need the participant's recontact consent.
///
/// Example: fieldvault identity set P01 --name - --contact -
#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The participant's code.
    code: String,

    /// The participant's name, or `-` to read it from standard input.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// How to reach the participant (phone, chat handle), or `-` to read it from standard input.
    #[arg(long, value_name = "CONTACT")]
    contact: Option<String>,
}

/// Show a participant's registry entry. The decryption is written to the audit log.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The participant's code.
    code: String,

    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Set(args) => set(args, global),
        Command::Show(args) => show(args, global),
    }
}

/// The value itself, or a line from standard input for `-`.
fn value_of(given: String, label: &str) -> Result<Zeroizing<String>> {
    if given != "-" {
        eprintln!("note: the {label} is in your shell history now; next time give `-` and type it");
        return Ok(Zeroizing::new(given));
    }
    if std::io::stdin().is_terminal() {
        eprint!("{label}: ");
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("read", "standard input", e))?;
    Ok(Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string()))
}

fn set(args: SetArgs, global: &GlobalArgs) -> Result<()> {
    if args.name.is_none() && args.contact.is_none() {
        return Err(Error::invalid(
            "nothing to set",
            "give --name and/or --contact (use `-` to type the value)",
        ));
    }
    let name = args.name.map(|v| value_of(v, "name")).transpose()?;
    let contact = args.contact.map(|v| value_of(v, "contact")).transpose()?;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let key = session.identity_key("identity set")?.clone();
    let p = participant::get(session.conn(), &args.code)?;
    let mut values = Vec::new();
    if let Some(n) = &name {
        values.push((Purpose::Name, n.as_str()));
    }
    if let Some(c) = &contact {
        values.push((Purpose::Contact, c.as_str()));
    }
    let write = session.begin()?;
    registry::set(&write, &vault_id, &key, &p, &values)?;
    write.commit()?;
    println!("Stored the identity of {} under the identity key", p.code);
    Ok(())
}

fn show(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let key = session.identity_key("identity show")?.clone();
    let p = participant::get(session.conn(), &args.code)?;
    let write = session.begin()?;
    let entries = registry::show(write.conn(), &vault_id, &key, &p)?;
    write.log(
        "identity.show",
        &[&p.code, &format!("{} values decrypted", entries.len())],
    )?;
    write.commit()?;
    if args.json {
        output::json(&entries);
    } else if entries.is_empty() {
        println!("{} has no registry entry", p.code);
    } else {
        for e in &entries {
            println!("{:<8} {}", e.purpose, e.value.as_str());
        }
    }
    Ok(())
}
