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
/// The values are read from standard input only: give `--name -` and/or
/// `--contact -`, then type each at its prompt or pipe them in (one line per value,
/// name first). A value written on the command line is refused, because it would
/// stay in the shell history and be visible to other users in the process list.
/// The participant's consent must be in force; contact details need the recontact
/// scope.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault identity set P01 --name - --contact -")]
pub struct SetArgs {
    /// The participant's code.
    code: String,

    /// Set the participant's name: give `-` and type it (or pipe it) on standard input.
    #[arg(long, value_name = "-")]
    name: Option<String>,

    /// Set how to reach the participant (phone, chat handle): give `-` and type it on standard input.
    #[arg(long, value_name = "-")]
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

/// Refuses a value given on the command line: only `-` (read it from standard input)
/// is accepted. The refused value is not repeated.
fn require_stdin(given: Option<&str>, label: &str) -> Result<()> {
    match given {
        Some(value) if value != "-" => Err(Error::invalid(
            format!(
                "the {label} was given on the command line, where it stays in the shell history and the process list"
            ),
            format!(
                "give `--{label} -` and type the value at the prompt or pipe it on standard input; \
                 consider removing the command from your shell history"
            ),
        )),
        _ => Ok(()),
    }
}

/// A line from standard input, with a prompt on a terminal.
fn value_of(label: &str) -> Result<Zeroizing<String>> {
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
    require_stdin(args.name.as_deref(), "name")?;
    require_stdin(args.contact.as_deref(), "contact")?;
    let name = args.name.map(|_| value_of("name")).transpose()?;
    let contact = args.contact.map(|_| value_of("contact")).transpose()?;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let key = session.identity_key("identity set")?.clone();
    let mut values = Vec::new();
    if let Some(n) = &name {
        values.push((Purpose::Name, n.as_str()));
    }
    if let Some(c) = &contact {
        values.push((Purpose::Contact, c.as_str()));
    }
    let write = session.begin()?;
    // Read inside the transaction, so that a withdrawal committed meanwhile is seen.
    let p = participant::get(write.conn(), &args.code)?;
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
