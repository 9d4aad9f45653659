//! `fieldvault pseudonyms list|add|allow`.

use std::io::BufRead;

use fieldvault::import::{self, Pipeline};
use fieldvault::pseudo::Category;
use fieldvault::pseudonyms::{self, Mapper, Source};
use fieldvault::{Error, Result};

use super::{GlobalArgs, output};

/// The study's pseudonym mapping and its lists.
///
/// The same original gets the same tag in every item ([PERSON_3] is the same person
/// everywhere). Researchers pseudonymise through a keyed-hash table and cannot list
/// the originals; custodians and owners can (`list`, logged). The deny list (`add`)
/// and allow list (`allow`) apply to every import and are re-applied at once: items
/// under review are rendered again, and deny-list entries are replaced in approved
/// items too (their coded segments move with the text).
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    List(ListArgs),
    Add(AddArgs),
    Allow(AllowArgs),
}

/// List every tag with its original (custodians and owners; logged).
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// Add identifiers that must always be replaced (the deny list).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example (type one name per line, then Ctrl-D; nothing lands in your shell history):
  fieldvault pseudonyms add - --category person")]
pub struct AddArgs {
    /// The identifier as it is written. `-` reads one per line from standard input,
    /// which keeps it out of your shell history (recommended).
    #[arg(required = true, value_name = "ORIGINAL")]
    originals: Vec<String>,

    /// What it is: person, place, phone, email, link, handle, michat-id, id-number,
    /// account, plate, address, venue or organisation.
    #[arg(long, value_parser = str::parse::<Category>)]
    category: Category,

    /// Print what changed as one JSON object: {"denied": N, "allowed": 0,
    /// "rewritten_items": [ids]}.
    #[arg(long)]
    json: bool,
}

/// Add words that name, place and venue detection must leave alone (the allow list).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault pseudonyms allow Melati Mawar")]
pub struct AllowArgs {
    /// The words, as they appear in the text.
    #[arg(required = true, value_name = "WORD")]
    words: Vec<String>,

    /// Print what changed as one JSON object: {"denied": 0, "allowed": N,
    /// "rewritten_items": [ids]}.
    #[arg(long)]
    json: bool,
}

/// What `add` or `allow` changed.
#[derive(serde::Serialize)]
struct Changed {
    /// Identifiers new to the deny list.
    denied: usize,
    /// Words new to the allow list.
    allowed: usize,
    /// Items whose text was rendered again or rewritten.
    rewritten_items: Vec<i64>,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::List(args) => list(args, global),
        Command::Add(args) => change(
            global,
            words_from_args(&args.originals)?,
            Vec::new(),
            args.category,
            args.json,
        ),
        Command::Allow(args) => change(global, Vec::new(), args.words, Category::Person, args.json),
    }
}

/// The words of `--add`/`add`: `-` stands for the lines of standard input.
pub fn words_from_args(args: &[String]) -> Result<Vec<String>> {
    let mut words = Vec::new();
    for arg in args {
        if arg == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| Error::io("read", "standard input", e))?;
                if !line.trim().is_empty() {
                    words.push(line.trim().to_string());
                }
            }
        } else {
            words.push(arg.clone());
        }
    }
    Ok(words)
}

fn change(global: &GlobalArgs, deny: Vec<String>, allow: Vec<String>, category: Category, json: bool) -> Result<()> {
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("pseudonyms add|allow")?.clone();
    let member = session.member().name.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let keys = pseudonyms::keys(conn)?;
    let mut denied = 0;
    for word in &deny {
        denied += usize::from(pseudonyms::add_known(conn, &keys, word, category, Source::Deny, None)?);
    }
    let mut allowed = 0;
    for word in &allow {
        allowed += usize::from(pseudonyms::allow(conn, word, &member)?);
    }
    write.log(
        "pseudonyms.lists",
        &[&format!("deny+{denied}"), &format!("allow+{allowed}")],
    )?;
    let mut pipeline = Pipeline {
        vault_id: &vault_id,
        content_key: &content_key,
        engine: pseudonyms::engine(conn, &keys)?,
        mapper: Mapper::new(keys, &vault_id, &member),
    };
    let reapplied = import::reapply_lists(&write, &mut pipeline)?;
    write.commit()?;
    if json {
        output::json(&Changed {
            denied,
            allowed,
            rewritten_items: reapplied,
        });
    } else {
        println!(
            "{denied} added to the deny list, {allowed} to the allow list; {} item(s) rewritten",
            reapplied.len()
        );
    }
    Ok(())
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let identity_key = session.identity_key("pseudonyms list")?.clone();
    let write = session.begin()?;
    pseudonyms::ensure_keys(write.conn(), &vault_id, &identity_key)?;
    let originals = pseudonyms::originals(write.conn(), &vault_id, &identity_key)?;
    write.log("pseudonyms.list", &[&originals.len().to_string()])?;
    write.commit()?;
    if args.json {
        output::json(&originals);
        return Ok(());
    }
    let mut table = output::table(&["tag", "category", "original", "created", "by"]);
    for o in &originals {
        table.add_row(vec![
            o.tag.clone(),
            o.category.clone(),
            o.original.to_string(),
            o.created_at.clone(),
            o.created_by.clone(),
        ]);
    }
    println!("{table}");
    Ok(())
}
