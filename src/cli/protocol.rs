//! `fieldvault protocol apply|show`.

use std::path::PathBuf;

use serde::Serialize;

use fieldvault::Result;
use fieldvault::consent::protocol::{self, Protocol, Version};

use super::{GlobalArgs, output};

/// The ethics protocol the vault enforces: approval, item kinds and the consent
/// scope each needs, approved scopes, consent forms, retention rules.
///
/// The protocol is a TOML file; examples/michat-protocol.toml shows every field.
/// Applying a changed file makes a new version; the latest version is enforced.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Apply(ApplyArgs),
    Show(ShowArgs),
}

/// Check a protocol file and apply it as the next version (owners only).
///
/// The consent forms it names (inline `text` or a `file` beside it) are stored in
/// the vault and hashed. A form version that is already stored cannot change text.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault protocol apply examples/michat-protocol.toml")]
pub struct ApplyArgs {
    /// The protocol file (TOML).
    file: PathBuf,

    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Show the protocol in force and every applied version.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Apply(args) => apply(args, global),
        Command::Show(args) => show(args, global),
    }
}

fn apply(args: ApplyArgs, global: &GlobalArgs) -> Result<()> {
    let loaded = protocol::load(&args.file)?;
    let mut session = global.unlock()?;
    session.require_owner("protocol apply")?;
    let member = session.member().name.clone();
    let write = session.begin()?;
    let report = protocol::apply(&write, &loaded, &member)?;
    write.commit()?;
    if args.json {
        output::json(&report);
    } else if report.changed {
        println!(
            "Applied protocol version {} ({}, approval {}), sha256 {}",
            report.version, loaded.protocol.title, loaded.protocol.approval_number, report.sha256
        );
    } else {
        println!(
            "The protocol is unchanged: version {} is already in force",
            report.version
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct Shown {
    version: u32,
    protocol: Protocol,
    versions: Vec<Version>,
}

fn show(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let (version, protocol) = protocol::require(session.conn())?;
    let versions = protocol::versions(session.conn())?;
    if args.json {
        output::json(&Shown {
            version,
            protocol,
            versions,
        });
        return Ok(());
    }
    let p = &protocol;
    println!("{} (protocol version {version})", p.title);
    println!("approval:   {} by {}", p.approval_number, p.committee);
    println!("valid:      {} to {}", p.valid_from, p.valid_until);
    println!("study end:  {}", p.study_end);
    println!(
        "registry:   {}",
        if p.identity_registry {
            "an identity registry is allowed (custodians only)"
        } else {
            "no identity registry"
        }
    );
    println!(
        "scopes:     {}",
        fieldvault::consent::join_scopes(&p.scopes).replace(',', ", ")
    );
    let mut kinds = output::table(&["kind", "needs scope", "retention"]);
    for (kind, rule) in &p.kinds {
        kinds.add_row(vec![
            kind.to_string(),
            rule.scope.to_string(),
            rule.retain
                .map_or("kept until the vault is closed".into(), |r| r.describe()),
        ]);
    }
    println!("{kinds}");
    let mut forms = output::table(&["form", "language", "sha256"]);
    for f in &p.forms {
        forms.add_row(vec![f.version.clone(), f.language.clone(), f.sha256.clone()]);
    }
    println!("{forms}");
    let mut history = output::table(&["version", "applied", "by", "log", "file sha256"]);
    for v in &versions {
        history.add_row(vec![
            v.version.to_string(),
            v.applied_at.clone(),
            v.applied_by.clone(),
            v.log_index.to_string(),
            v.sha256.clone(),
        ]);
    }
    println!("{history}");
    Ok(())
}
