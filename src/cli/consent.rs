//! `fieldvault consent record|show|history|list|check|withdraw`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use fieldvault::consent::erase;
use fieldvault::consent::gate;
use fieldvault::consent::participant;
use fieldvault::consent::record::{self, ConsentRecord, Grant};
use fieldvault::consent::{Kind, Method, Scope, Use, join_scopes, parse_date, parse_scopes, today};
use fieldvault::{Error, Result, import};

use super::{GlobalArgs, output};

/// Consent records: append-only grants and withdrawals, the consent gate, and
/// withdrawal that erases.
///
/// A later grant supersedes the earlier one entirely. A withdrawal is a record too;
/// the participant's code and consent history stay so an auditor can see it.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Record(RecordArgs),
    Show(ShowArgs),
    History(ShowArgs),
    List(ListArgs),
    Check(CheckArgs),
    Withdraw(WithdrawArgs),
}

/// Record the consent a participant gave.
///
/// Every scope must be approved by the protocol, the form must be one it names, and
/// after a withdrawal a new consent needs a form version the participant has not
/// signed before. Evidence (a scan, a recording, a chat screenshot) is encrypted
/// under the participant's own data key.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault consent record P01 --form v2 --language id --method chat-text --taken-by RA1 \\
      --adult-confirmed --scopes interview,chat_content,verbatim_quotes")]
pub struct RecordArgs {
    /// The participant's code.
    code: String,

    /// The consent form version (as named in the protocol).
    #[arg(long)]
    form: String,

    /// The language consent was taken in (id, en, jv …).
    #[arg(long)]
    language: String,

    /// verbal-attested, verbal-recorded, written, electronic or chat-text.
    #[arg(long, value_parser = super::parse_word::<Method>)]
    method: Method,

    /// The code of the team member who took consent.
    #[arg(long, value_name = "CODE")]
    taken_by: String,

    /// The code of a second team member who witnessed it (needed for verbal-attested).
    #[arg(long, value_name = "CODE")]
    witness: Option<String>,

    /// Confirms that the participant is an adult. Required: the study enrols adults only.
    #[arg(long)]
    adult_confirmed: bool,

    /// The scopes granted, comma-separated: interview, audio_recording, verbatim_quotes,
    /// profile_content, chat_content, faces_unblurred, archiving, secondary_use, recontact.
    #[arg(long, value_name = "LIST")]
    scopes: String,

    /// The date consent was given (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,

    /// The last day the consent is valid (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    expires: Option<String>,

    /// A condition the participant set, in one line (no names or contacts).
    #[arg(long, value_name = "TEXT")]
    condition: Option<String>,

    /// An evidence file, stored encrypted under the participant's data key.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,

    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

/// `show`: the consent in force. `history`: every record, oldest first.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The participant's code.
    code: String,

    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// The participant by scope matrix: granted, withdrawn, expired or not asked.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// Ask the consent gate: may this kind of item of this participant be used so today?
///
/// Exits 0 when allowed and 6 when refused, with the reason.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault consent check P01 --kind chat --use analysis")]
pub struct CheckArgs {
    /// The participant's code.
    code: String,

    /// transcript, chat, profile-image, profile-status, audio or field-note.
    #[arg(long, value_parser = super::parse_word::<Kind>)]
    kind: Kind,

    /// store, analysis, quotation, archiving or secondary-use.
    #[arg(long = "use", value_parser = super::parse_word::<Use>, default_value = "analysis")]
    purpose: Use,

    /// Ask for another date than today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,

    /// Print the decision as JSON.
    #[arg(long)]
    json: bool,
}

/// Withdraw a participant's consent and erase what it covered (owners only).
///
/// Without --scopes, the withdrawal is whole: every item, consent evidence, registry
/// entry and attribute of the participant is deleted and their data key destroyed in
/// one transaction; the write-ahead log is truncated and the content key renewed.
/// With --scopes, only items whose kind needs a withdrawn scope are erased. A
/// receipt says what was erased and which earlier backups and exports still hold data.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault consent withdraw P02 --reason \"asked by phone\" --receipt receipts/")]
pub struct WithdrawArgs {
    /// The participant's code.
    code: String,

    /// Withdraw only these scopes (comma-separated).
    #[arg(long, value_name = "LIST")]
    scopes: Option<String>,

    /// Why, in one line (no names or contacts).
    #[arg(long)]
    reason: String,

    /// Also write the receipt to DIR as erasure-<log index>.json and .txt.
    #[arg(long, value_name = "DIR")]
    receipt: Option<PathBuf>,

    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,

    /// Print the receipt as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Record(args) => record(args, global),
        Command::Show(args) => show(args, global),
        Command::History(args) => history(args, global),
        Command::List(args) => list(args, global),
        Command::Check(args) => check(args, global),
        Command::Withdraw(args) => withdraw(args, global),
    }
}

/// Evidence files are kept whole in memory to seal them; this bounds that.
const MAX_EVIDENCE_BYTES: u64 = 64 << 20;

fn record(args: RecordArgs, global: &GlobalArgs) -> Result<()> {
    let scopes = parse_scopes(&args.scopes)?;
    let given_on = args.date.as_deref().map(parse_date).transpose()?.unwrap_or_else(today);
    let expires_on = args.expires.as_deref().map(parse_date).transpose()?;
    let evidence = match &args.evidence {
        Some(path) => {
            // Consent given in a chat has that chat as its evidence, and an export's
            // name names the contact: messages call such a file by its position.
            let shown = import::file_in_messages(path, 1);
            let size = std::fs::metadata(path).map_err(|e| Error::io("read", &shown, e))?.len();
            if size > MAX_EVIDENCE_BYTES {
                return Err(Error::invalid(
                    format!("{} is larger than 64 MiB", shown.display()),
                    "store a smaller scan or an excerpt as evidence; recordings belong in the items",
                ));
            }
            Some(std::fs::read(path).map_err(|e| Error::io("read", &shown, e))?)
        }
        None => None,
    };
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content = session.content_key("consent record --evidence").ok().cloned();
    let grant = Grant {
        form: &args.form,
        language: &args.language,
        method: args.method,
        taken_by: &args.taken_by,
        witness: args.witness.as_deref(),
        adult_confirmed: args.adult_confirmed,
        scopes,
        given_on,
        expires_on,
        condition: args.condition.as_deref(),
        evidence,
    };
    let write = session.begin()?;
    let participant = participant::get(write.conn(), &args.code)?;
    let stored = record::record_grant(
        &write,
        &participant,
        &grant,
        today(),
        content.as_ref().map(|c| (vault_id.as_str(), c)),
    )?;
    write.commit()?;
    if args.json {
        output::json(&stored);
    } else {
        println!(
            "Recorded consent {} for {}: {} (form {}, log {})",
            stored.id,
            stored.participant,
            join_scopes(&stored.scopes).replace(',', ", "),
            stored.form_version.as_deref().unwrap_or("-"),
            stored.log_index
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct InForce {
    participant: String,
    status: String,
    scopes_in_force: Vec<Scope>,
    withdrawn_scopes: Vec<Scope>,
    grant: Option<ConsentRecord>,
    whole_withdrawal: Option<ConsentRecord>,
    receipts: Vec<erase::Receipt>,
}

fn show(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let p = participant::get(conn, &args.code)?;
    let state = record::state(conn, p.id)?;
    let on = today();
    let shown = InForce {
        participant: p.code.clone(),
        status: p.status.clone(),
        // As the gate sees them today: an expired grant holds none.
        scopes_in_force: state.scopes_in_force(on),
        withdrawn_scopes: state.withdrawn.keys().copied().collect(),
        grant: state.grant.clone(),
        whole_withdrawal: state.whole_withdrawal.clone(),
        receipts: erase::receipts(conn, Some(p.id))?,
    };
    if args.json {
        output::json(&shown);
        return Ok(());
    }
    println!("participant {} ({})", shown.participant, shown.status);
    match &shown.grant {
        None => println!("no consent recorded"),
        Some(g) => {
            println!(
                "consent:    record {} given {} on form {} ({}, {}), taken by {}{}",
                g.id,
                g.given_on,
                g.form_version.as_deref().unwrap_or("-"),
                g.language.as_deref().unwrap_or("-"),
                g.method.as_deref().unwrap_or("-"),
                g.taken_by.as_deref().unwrap_or("-"),
                g.witness
                    .as_deref()
                    .map(|w| format!(", witness {w}"))
                    .unwrap_or_default()
            );
            println!("granted:    {}", join_scopes(&g.scopes).replace(',', ", "));
            if let Some(expires) = &g.expires_on {
                let lapsed = g.expires().is_some_and(|date| date < on);
                println!("expires:    {expires}{}", if lapsed { " (expired)" } else { "" });
            }
            if let Some(condition) = &g.condition {
                println!("condition:  {condition}");
            }
        }
    }
    if let Some(w) = &shown.whole_withdrawal {
        println!(
            "withdrawn:  entirely on {} (record {}, log {})",
            w.given_on, w.id, w.log_index
        );
    } else if !shown.withdrawn_scopes.is_empty() {
        println!(
            "withdrawn:  {}",
            join_scopes(&shown.withdrawn_scopes).replace(',', ", ")
        );
    }
    println!("in force:   {}", join_scopes(&shown.scopes_in_force).replace(',', ", "));
    Ok(())
}

fn history(args: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let p = participant::get(session.conn(), &args.code)?;
    let records = record::history(session.conn(), p.id)?;
    if args.json {
        output::json(&records);
        return Ok(());
    }
    let mut table = output::table(&[
        "record", "kind", "date", "scopes", "form", "method", "by", "log", "note",
    ]);
    for r in &records {
        let note = if r.is_grant() {
            [
                r.expires_on.as_ref().map(|e| format!("expires {e}")),
                r.evidence_sha256.as_ref().map(|_| "evidence stored".to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ")
        } else {
            r.reason.clone().unwrap_or_default()
        };
        table.add_row(vec![
            r.id.to_string(),
            if r.whole {
                "withdrawal (whole)".into()
            } else {
                r.kind.clone()
            },
            r.given_on.clone(),
            join_scopes(&r.scopes).replace(',', ", "),
            r.form_version.clone().unwrap_or_default(),
            r.method.clone().unwrap_or_default(),
            r.taken_by.clone().unwrap_or_else(|| r.recorded_by.clone()),
            r.log_index.to_string(),
            note,
        ]);
    }
    println!("{table}");
    Ok(())
}

#[derive(Serialize)]
struct MatrixRow {
    participant: String,
    status: String,
    scopes: BTreeMap<Scope, &'static str>,
}

fn list(args: ListArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let conn = session.conn();
    let on = today();
    let mut rows = Vec::new();
    for p in participant::list(conn)? {
        let state = record::state(conn, p.id)?;
        let scopes = Scope::ALL.iter().map(|&s| (s, state.scope_status(s, on))).collect();
        rows.push(MatrixRow {
            participant: p.code,
            status: p.status,
            scopes,
        });
    }
    if args.json {
        output::json(&rows);
        return Ok(());
    }
    let mut header = vec!["participant", "status"];
    header.extend(Scope::ALL.iter().map(|s| s.as_str()));
    let mut table = output::table(&header);
    for row in &rows {
        let mut cells = vec![row.participant.clone(), row.status.clone()];
        cells.extend(row.scopes.values().map(|c| c.to_string()));
        table.add_row(cells);
    }
    println!("{table}");
    Ok(())
}

fn check(args: CheckArgs, global: &GlobalArgs) -> Result<()> {
    let on = args.on.as_deref().map(parse_date).transpose()?.unwrap_or_else(today);
    let session = global.unlock()?;
    let p = participant::get(session.conn(), &args.code)?;
    let decision = gate::check(session.conn(), &p, args.kind, args.purpose, on)?;
    if args.json {
        output::json(&decision);
    } else if let Some(record) = &decision.record {
        println!(
            "allowed: {} of {} by {} on {}, under consent record {} (given {}, form {})",
            decision.purpose,
            decision.kind,
            decision.participant,
            decision.date,
            record.id,
            record.given_on,
            record.form_version.as_deref().unwrap_or("-")
        );
    }
    decision.require().map(|_| ())
}

fn withdraw(args: WithdrawArgs, global: &GlobalArgs) -> Result<()> {
    let scopes = args.scopes.as_deref().map(parse_scopes).transpose()?;
    let mut session = global.unlock()?;
    erase::check_request(&session, &args.code, scopes.as_deref(), &args.reason)?;
    let what = match &scopes {
        None => format!("Withdrawing {} entirely erases all of their data and", args.code),
        Some(s) => format!(
            "Withdrawing {} from {} erases the items that need it and",
            args.code,
            join_scopes(s)
        ),
    };
    output::confirm_erasure(&args.code, &what, args.yes)?;
    let receipt = erase::withdraw(&mut session, &args.code, scopes, &args.reason, today())?;
    output::receipt(&receipt, args.receipt.as_deref(), args.json)
}
