//! `fieldvault member add|list|remove`.

use std::path::PathBuf;

use fieldvault::identity;
use fieldvault::keys::Role;
use fieldvault::members;
use fieldvault::{Error, Result};

use super::{GlobalArgs, output};

/// Manage who may open the vault and which keys they hold.
///
/// Roles: owner (every key: manages members, signs checkpoints, makes backups),
/// researcher (database and content keys: reads pseudonymised data), custodian
/// (database and identity keys: re-identification registry), auditor (no vault keys:
/// receives audit bundles). Only owners manage members.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    List(ListArgs),
    Remove(RemoveArgs),
}

/// Add a member and write their key file, encrypted to their age recipient.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault member add RA2 --role researcher --recipient age1…")]
pub struct AddArgs {
    /// The member's name in the vault (a staff code or a first name).
    name: String,

    /// owner, researcher, custodian or auditor.
    #[arg(long, value_parser = super::parse_word::<Role>)]
    role: Role,

    /// The member's age recipient (age1…), as `fieldvault keygen` printed it. Repeatable.
    #[arg(
        long = "recipient",
        value_name = "RECIPIENT",
        required_unless_present = "recipients_file"
    )]
    recipients: Vec<String>,

    /// A file with the member's recipients, one per line (# comments allowed).
    #[arg(long, value_name = "FILE")]
    recipients_file: Option<PathBuf>,

    /// Print the new member as JSON.
    #[arg(long)]
    json: bool,
}

/// List the members and their roles.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Include removed members.
    #[arg(long)]
    all: bool,

    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// Remove a member. If they held keys, every key they held is rotated: the database
/// is re-encrypted under a new key, new content and identity keys are made and the
/// participant keys resealed, and their identity no longer opens the vault.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The member's name.
    name: String,

    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Add(args) => add(args, global),
        Command::List(args) => list(args, global),
        Command::Remove(args) => remove(args, global),
    }
}

fn add(args: AddArgs, global: &GlobalArgs) -> Result<()> {
    let mut recipients = args.recipients;
    if let Some(file) = &args.recipients_file {
        recipients.extend(identity::read_recipients_file(file)?);
    }
    let mut session = global.unlock()?;
    let member = session.add_member(&args.name, args.role, recipients)?;
    if args.json {
        output::json(&member);
    } else {
        println!("Added {} as {}", member.name, member.role);
        if member.role == Role::Auditor {
            println!("Auditors hold no vault keys; they receive audit bundles.");
        }
    }
    Ok(())
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let all = members::list(session.conn(), args.all)?;
    if args.json {
        output::json(&all);
        return Ok(());
    }
    let mut table = output::table(&["name", "role", "added", "removed", "recipients"]);
    for m in &all {
        table.add_row(vec![
            m.name.clone(),
            m.role.to_string(),
            m.added_at.clone(),
            m.removed_at.clone().unwrap_or_default(),
            m.recipients.len().to_string(),
        ]);
    }
    println!("{table}");
    Ok(())
}

fn remove(args: RemoveArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    if args.name.is_empty() {
        return Err(Error::invalid("no member name given", "name the member to remove"));
    }
    let report = session.remove_member(&args.name)?;
    if args.json {
        output::json(&report);
    } else if report.keys_rotated {
        println!(
            "Removed {} ({}); keys rotated to generation {}, {} participant keys resealed",
            report.member, report.role, report.generation, report.participant_keys_resealed
        );
        if let Some(vkey) = &report.new_verifier_key {
            println!("The signing key was rotated too. New checkpoint verifier key (give it to the ethics committee):");
            println!("  {vkey}");
        }
    } else {
        println!(
            "Removed {} ({}); they held no vault keys, so none were rotated",
            report.member, report.role
        );
    }
    Ok(())
}
