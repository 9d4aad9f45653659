//! `fieldvault participant add|list|show`.

use std::collections::BTreeMap;

use serde::Serialize;

use fieldvault::Result;
use fieldvault::consent::participant::{self, Participant};
use fieldvault::consent::{Scope, record, today};
use fieldvault::items;

use super::{GlobalArgs, output};

/// Participants, by pseudonymous code only.
///
/// A code looks like P01 (1-4 capital letters, 1-5 digits, optionally -W2). Coarse
/// attributes (age band, platform, site, wave) allow comparisons across groups and
/// waves. A code or value that looks like a name, phone number or email is refused:
/// real identities belong in the identity registry (`fieldvault identity`).
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    List(ListArgs),
    Show(ShowArgs),
}

/// Add a participant.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault participant add P01 --attr age_band=20-24 --attr platform=michat --attr wave=1")]
pub struct AddArgs {
    /// The participant's code, such as P01.
    code: String,

    /// A coarse attribute NAME=VALUE (repeatable).
    #[arg(long = "attr", value_name = "NAME=VALUE")]
    attributes: Vec<String>,

    /// Print the participant as JSON.
    #[arg(long)]
    json: bool,
}

/// List the participants with their status, attributes and scopes in force.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// Show one participant: status, attributes, consent in force, items by kind.
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
        Command::Add(args) => add(args, global),
        Command::List(args) => list(args, global),
        Command::Show(args) => show(args, global),
    }
}

fn add(args: AddArgs, global: &GlobalArgs) -> Result<()> {
    participant::validate_code(&args.code)?;
    let attributes = args
        .attributes
        .iter()
        .map(|a| participant::parse_attribute(a))
        .collect::<Result<Vec<_>>>()?;
    let mut session = global.unlock()?;
    let write = session.begin()?;
    let added = participant::add(&write, &args.code, &attributes)?;
    write.commit()?;
    if args.json {
        output::json(&added);
    } else {
        println!("Added participant {}", added.code);
    }
    Ok(())
}

#[derive(Serialize)]
struct Summary {
    #[serde(flatten)]
    participant: Participant,
    scopes_in_force: Vec<Scope>,
    items_by_kind: BTreeMap<String, usize>,
}

fn summarise(conn: &rusqlite::Connection, p: Participant) -> Result<Summary> {
    let state = record::state(conn, p.id)?;
    let mut items_by_kind = BTreeMap::new();
    for item in items::list(conn, Some(p.id))? {
        *items_by_kind.entry(item.kind).or_insert(0) += 1;
    }
    Ok(Summary {
        // As the gate sees them today: an expired grant holds none.
        scopes_in_force: state.scopes_in_force(today()),
        participant: p,
        items_by_kind,
    })
}

fn attributes_text(p: &Participant) -> String {
    p.attributes
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let all = participant::list(conn)?
        .into_iter()
        .map(|p| summarise(conn, p))
        .collect::<Result<Vec<_>>>()?;
    if args.json {
        output::json(&all);
        return Ok(());
    }
    let mut table = output::table(&["code", "status", "attributes", "scopes in force", "items"]);
    for s in &all {
        table.add_row(vec![
            s.participant.code.clone(),
            s.participant.status.clone(),
            attributes_text(&s.participant),
            fieldvault::consent::join_scopes(&s.scopes_in_force).replace(',', ", "),
            s.items_by_kind.values().sum::<usize>().to_string(),
        ]);
    }
    println!("{table}");
    Ok(())
}

fn show(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let summary = summarise(conn, participant::get(conn, &args.code)?)?;
    if args.json {
        output::json(&summary);
        return Ok(());
    }
    let p = &summary.participant;
    println!("participant {}", p.code);
    println!("status:      {}", p.status);
    println!("added:       {}", p.created_at);
    println!("attributes:  {}", attributes_text(p));
    println!(
        "in force:    {}",
        fieldvault::consent::join_scopes(&summary.scopes_in_force).replace(',', ", ")
    );
    let items: Vec<String> = summary.items_by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!(
        "items:       {}",
        if items.is_empty() {
            "none".into()
        } else {
            items.join(", ")
        }
    );
    Ok(())
}
