//! `fieldvault status`.

use serde::Serialize;

use fieldvault::Result;
use fieldvault::audit;
use fieldvault::members;
use fieldvault::store::meta_require;

use super::{GlobalArgs, output};

/// Show the vault: id, title, format, members and roles, counts, schema version, log
/// size and the last checkpoint.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the status as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Status {
    vault_id: String,
    title: String,
    you: MemberRole,
    members: Vec<MemberRole>,
    participants: u64,
    /// The vault format of `vault.json`, which decides the database page layout.
    vault_format: u32,
    schema_version: u32,
    key_generation: u32,
    content_key_epoch: u32,
    log_size: u64,
    last_checkpoint: Option<LastCheckpoint>,
}

#[derive(Serialize)]
struct MemberRole {
    name: String,
    role: String,
}

#[derive(Serialize)]
struct LastCheckpoint {
    size: u64,
    root_hash: String,
    created_at: String,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let member_roles = |m: &members::Member| MemberRole {
        name: m.name.clone(),
        role: m.role.to_string(),
    };
    let status = Status {
        vault_id: session.vault_id().to_string(),
        title: meta_require(conn, "title")?,
        you: member_roles(session.member()),
        members: members::list(conn, false)?.iter().map(member_roles).collect(),
        participants: conn.query_row("SELECT count(*) FROM participants", [], |r| r.get(0))?,
        vault_format: session.dir().header().version,
        schema_version: session.store().schema_version()?,
        key_generation: session.dir().header().generation,
        content_key_epoch: meta_require(conn, "content_epoch")?.parse().unwrap_or(0),
        log_size: audit::log::size(conn)?,
        last_checkpoint: audit::checkpoint::latest(conn)?.map(|c| LastCheckpoint {
            size: c.size,
            root_hash: c.root_hash,
            created_at: c.created_at,
        }),
    };
    if args.json {
        output::json(&status);
        return Ok(());
    }
    println!("Vault:           {}", status.vault_id);
    println!("Title:           {}", status.title);
    println!("You:             {} ({})", status.you.name, status.you.role);
    println!(
        "Vault format:    {} ({})",
        status.vault_format,
        session.dir().header().page_format().description()
    );
    println!("Schema version:  {}", status.schema_version);
    println!(
        "Key generation:  {} (content key epoch {})",
        status.key_generation, status.content_key_epoch
    );
    println!("Participants:    {}", status.participants);
    println!("Audit log:       {} entries", status.log_size);
    match &status.last_checkpoint {
        Some(c) => println!("Last checkpoint: size {} at {}", c.size, c.created_at),
        None => println!("Last checkpoint: none yet (an owner runs `fieldvault audit checkpoint`)"),
    }
    let mut table = output::table(&["member", "role"]);
    for m in &status.members {
        table.add_row(vec![m.name.clone(), m.role.clone()]);
    }
    println!("{table}");
    Ok(())
}
