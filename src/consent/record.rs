//! Consent records: append-only grants and withdrawals, and the consent state they
//! add up to.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use time::Date;

use super::participant::{self, Participant};
use super::protocol::{self, validate_language};
use super::{Method, Scope, format_date, join_scopes, parse_date, refuse_identifying, stored_scopes};
use crate::error::{Error, Result};
use crate::store::field::{self, FieldPlace};
use crate::vault::Write;

/// One stored record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub id: i64,
    pub participant: String,
    /// grant or withdrawal.
    pub kind: String,
    /// For a withdrawal: true when the participant withdrew from everything.
    pub whole: bool,
    /// Granted scopes (grant) or withdrawn scopes (withdrawal).
    pub scopes: Vec<Scope>,
    /// The date consent was given or withdrawn.
    pub given_on: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub protocol_version: u32,
    pub form_version: Option<String>,
    pub form_sha256: Option<String>,
    pub language: Option<String>,
    pub method: Option<String>,
    pub taken_by: Option<String>,
    pub witness: Option<String>,
    pub adult_confirmed: bool,
    pub expires_on: Option<String>,
    pub condition: Option<String>,
    pub reason: Option<String>,
    /// SHA-256 of the evidence file, if one was stored (and not yet erased).
    pub evidence_sha256: Option<String>,
    pub log_index: u64,
}

impl ConsentRecord {
    pub fn is_grant(&self) -> bool {
        self.kind == "grant"
    }

    pub fn expires(&self) -> Option<Date> {
        self.expires_on.as_deref().and_then(|d| parse_date(d).ok())
    }
}

/// A new grant, as given on the command line.
pub struct Grant<'a> {
    pub form: &'a str,
    pub language: &'a str,
    pub method: Method,
    pub taken_by: &'a str,
    pub witness: Option<&'a str>,
    pub adult_confirmed: bool,
    pub scopes: Vec<Scope>,
    pub given_on: Date,
    pub expires_on: Option<Date>,
    pub condition: Option<&'a str>,
    /// Evidence file bytes and the file's name for messages.
    pub evidence: Option<Vec<u8>>,
}

/// The consent state of a participant: what the records add up to.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The latest grant, which supersedes every earlier one.
    pub grant: Option<ConsentRecord>,
    /// Scopes withdrawn since that grant, with the withdrawal record.
    pub withdrawn: BTreeMap<Scope, ConsentRecord>,
    /// The whole withdrawal since that grant, if any.
    pub whole_withdrawal: Option<ConsentRecord>,
    /// Form versions the participant signed before their latest withdrawal.
    pub forms_before_withdrawal: BTreeSet<String>,
    /// Whether a withdrawal came after the latest grant.
    pub withdrawn_since_grant: bool,
}

impl State {
    /// Folds records, oldest first.
    pub fn of(records: &[ConsentRecord]) -> State {
        let mut state = State::default();
        let mut forms_signed = BTreeSet::new();
        for record in records {
            if record.is_grant() {
                state.grant = Some(record.clone());
                state.withdrawn.clear();
                state.whole_withdrawal = None;
                state.withdrawn_since_grant = false;
                forms_signed.extend(record.form_version.clone());
            } else {
                state.withdrawn_since_grant = true;
                state.forms_before_withdrawal = forms_signed.clone();
                if record.whole {
                    state.whole_withdrawal = Some(record.clone());
                } else {
                    for scope in &record.scopes {
                        state.withdrawn.entry(*scope).or_insert_with(|| record.clone());
                    }
                }
            }
        }
        state
    }

    /// One cell of the participant by scope matrix on date `on`: `granted`,
    /// `withdrawn`, `expired`, or `-` when the participant was never asked.
    pub fn scope_status(&self, scope: Scope, on: Date) -> &'static str {
        let granted = self.grant.as_ref().is_some_and(|g| g.scopes.contains(&scope));
        let expired = self.grant.as_ref().and_then(|g| g.expires()).is_some_and(|e| e < on);
        if granted && self.whole_withdrawal.is_some() || self.withdrawn.contains_key(&scope) {
            "withdrawn"
        } else if granted && expired {
            "expired"
        } else if granted {
            "granted"
        } else {
            "-"
        }
    }

    /// The latest grant if it is in force on `on`: given by then, not withdrawn
    /// wholly, not expired, and with at least one scope not withdrawn.
    pub fn grant_in_force(&self, on: Date) -> Option<&ConsentRecord> {
        let grant = self.grant.as_ref()?;
        let given = parse_date(&grant.given_on).ok()?;
        let lapsed = grant.expires().is_some_and(|expires| expires < on);
        if given > on || lapsed || self.effective_scopes().is_empty() {
            None
        } else {
            Some(grant)
        }
    }

    /// The scopes in force on `on`: those of the grant in force, less the withdrawn
    /// ones; none when no grant is in force.
    pub fn scopes_in_force(&self, on: Date) -> Vec<Scope> {
        match self.grant_in_force(on) {
            Some(_) => self.effective_scopes(),
            None => Vec::new(),
        }
    }

    /// The scopes in force: granted, not withdrawn (expiry is the gate's business).
    pub fn effective_scopes(&self) -> Vec<Scope> {
        match (&self.grant, &self.whole_withdrawal) {
            (Some(grant), None) => grant
                .scopes
                .iter()
                .filter(|s| !self.withdrawn.contains_key(s))
                .copied()
                .collect(),
            _ => Vec::new(),
        }
    }
}

const SELECT: &str = "SELECT r.id, p.code, r.kind, r.whole, r.scopes, r.given_on, r.recorded_at, r.recorded_by,
        r.protocol_version, r.form_version, r.form_sha256, r.language, r.method, r.taken_by, r.witness,
        r.adult_confirmed, r.expires_on, r.condition, r.reason, e.sha256, r.log_index
    FROM consent_records r JOIN participants p ON p.id = r.participant_id
    LEFT JOIN consent_evidence e ON e.record_id = r.id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentRecord> {
    Ok(ConsentRecord {
        id: r.get(0)?,
        participant: r.get(1)?,
        kind: r.get(2)?,
        whole: r.get(3)?,
        scopes: stored_scopes(&r.get::<_, String>(4)?),
        given_on: r.get(5)?,
        recorded_at: r.get(6)?,
        recorded_by: r.get(7)?,
        protocol_version: r.get(8)?,
        form_version: r.get(9)?,
        form_sha256: r.get(10)?,
        language: r.get(11)?,
        method: r.get(12)?,
        taken_by: r.get(13)?,
        witness: r.get(14)?,
        adult_confirmed: r.get(15)?,
        expires_on: r.get(16)?,
        condition: r.get(17)?,
        reason: r.get(18)?,
        evidence_sha256: r.get(19)?,
        log_index: r.get(20)?,
    })
}

/// A participant's records, oldest first.
pub fn history(conn: &Connection, participant_id: i64) -> Result<Vec<ConsentRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE r.participant_id = ?1 ORDER BY r.id"))?;
    let rows = stmt
        .query_map([participant_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every record of the vault, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<ConsentRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY r.id"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A participant's consent state.
pub fn state(conn: &Connection, participant_id: i64) -> Result<State> {
    Ok(State::of(&history(conn, participant_id)?))
}

fn check_person_code(option: &str, code: &str) -> Result<()> {
    crate::members::validate_name(code)?;
    if code.chars().count() > 16 || code.contains(char::is_whitespace) {
        return Err(Error::invalid(
            format!("the {option} value is not a staff code"),
            format!("give {option} the short code of the team member (RA1, KK), not their full name"),
        ));
    }
    refuse_identifying(option, code)
}

/// Records a grant after checking it against the protocol and the participant's
/// history. Evidence, if any, is sealed under the participant's data key, which
/// needs the content key (`content`).
pub fn record_grant(
    write: &Write<'_>,
    participant: &Participant,
    grant: &Grant<'_>,
    today: Date,
    content: Option<(&str, &crate::keys::EpochKey)>,
) -> Result<ConsentRecord> {
    let conn = write.conn();
    let (protocol_version, protocol) = protocol::require(conn)?;
    let form = protocol.form(grant.form).ok_or_else(|| {
        Error::invalid(
            format!("the protocol names no consent form {}", grant.form),
            format!(
                "use one of the forms of protocol version {protocol_version}: {}",
                protocol
                    .forms
                    .iter()
                    .map(|f| f.version.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    for scope in &grant.scopes {
        if !protocol.approves_scope(*scope) {
            return Err(Error::invalid(
                format!("the protocol does not approve the scope {scope}"),
                format!(
                    "consent can only be recorded for approved scopes: {}",
                    join_scopes(&protocol.scopes)
                ),
            ));
        }
    }
    if !validate_language(grant.language) {
        return Err(Error::invalid(
            format!("`{}` is not a language tag", grant.language),
            "give the language the consent was taken in as a tag such as id, en or jv",
        ));
    }
    if !grant.adult_confirmed {
        return Err(Error::invalid(
            "the participant's adulthood is not confirmed",
            "this study enrols adults only; confirm with --adult-confirmed once you have checked",
        ));
    }
    check_person_code("--taken-by", grant.taken_by)?;
    if let Some(witness) = grant.witness {
        check_person_code("--witness", witness)?;
        if witness == grant.taken_by {
            return Err(Error::invalid(
                "the witness is the person who took consent",
                "a witness must be a second team member",
            ));
        }
    }
    if grant.method == Method::VerbalAttested && grant.witness.is_none() {
        return Err(Error::invalid(
            "verbal-attested consent needs a witness",
            "name the team member who witnessed it with --witness CODE, or use --method verbal-recorded",
        ));
    }
    if grant.given_on > today {
        return Err(Error::invalid(
            format!("the consent date {} is in the future", format_date(grant.given_on)),
            "give the date the consent was actually given with --date YYYY-MM-DD",
        ));
    }
    if grant.given_on < protocol.valid_from() || grant.given_on > protocol.valid_until() {
        return Err(Error::invalid(
            format!(
                "the consent date {} is outside the approval ({} to {})",
                format_date(grant.given_on),
                protocol.valid_from,
                protocol.valid_until
            ),
            "consent only counts while the ethics approval is valid; check --date and the protocol",
        ));
    }
    if let Some(expires) = grant.expires_on {
        if expires < grant.given_on {
            return Err(Error::invalid(
                format!(
                    "the consent expires ({}) before it was given ({})",
                    format_date(expires),
                    format_date(grant.given_on)
                ),
                "check --expires and --date",
            ));
        }
    }
    if let Some(condition) = grant.condition {
        if condition.trim().is_empty() || condition.chars().count() > 500 || condition.chars().any(char::is_control) {
            return Err(Error::invalid(
                "the condition is empty, too long or has control characters",
                "state the condition in one line of at most 500 characters",
            ));
        }
        refuse_identifying("condition", condition)?;
    }
    let state = state(conn, participant.id)?;
    if state.withdrawn_since_grant && state.forms_before_withdrawal.contains(grant.form) {
        return Err(Error::invalid(
            format!(
                "{} withdrew after signing form {}; consent after a withdrawal needs a new form",
                participant.code, grant.form
            ),
            "re-consent must be informed anew: add a new form version to the protocol, apply it, and record with --form NEW",
        ));
    }

    let log_index = write.log(
        "consent.record",
        &[&participant.code, &join_scopes(&grant.scopes), grant.form],
    )?;
    conn.execute(
        "INSERT INTO consent_records (participant_id, kind, scopes, given_on, recorded_at, recorded_by,
            protocol_version, form_version, form_sha256, language, method, taken_by, witness,
            adult_confirmed, expires_on, condition, log_index)
         VALUES (?1, 'grant', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15)",
        params![
            participant.id,
            join_scopes(&grant.scopes),
            format_date(grant.given_on),
            crate::clock::now_rfc3339(),
            write.member(),
            protocol_version,
            form.version,
            form.sha256,
            grant.language,
            grant.method.as_str(),
            grant.taken_by,
            grant.witness,
            grant.expires_on.map(format_date),
            grant.condition,
            log_index
        ],
    )?;
    let record_id = conn.last_insert_rowid();
    if participant.status == "withdrawn" {
        participant::set_status(conn, participant.id, "active")?;
    }
    if let Some(evidence) = &grant.evidence {
        let (vault_id, content) = content.ok_or_else(|| Error::RoleRequired {
            command: "consent record --evidence".into(),
            needed: crate::keys::KeyKind::Content.needed_role(),
            name: write.member().to_string(),
            role: "a member without the content key".into(),
        })?;
        let key = field::participant_key_or_create(conn, vault_id, content, participant.id)?;
        let sealed = field::seal(
            &key.key,
            &evidence_place(vault_id, record_id, &participant.code, key.version),
            evidence,
        );
        conn.execute(
            "INSERT INTO consent_evidence (record_id, participant_id, key_version, sha256, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                record_id,
                participant.id,
                key.version,
                crate::digest::sha256_hex(evidence),
                sealed
            ],
        )?;
    }
    history(conn, participant.id)?
        .into_iter()
        .find(|r| r.id == record_id)
        .ok_or_else(|| Error::Corrupt {
            path: "the vault database".into(),
            why: "a consent record vanished inside its own transaction".into(),
        })
}

/// Where a consent record's evidence is sealed.
pub fn evidence_place<'a>(vault_id: &'a str, record_id: i64, code: &'a str, key_version: u32) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "consent_evidence",
        column: "sealed",
        row_id: record_id,
        participant: code,
        key_version,
    }
}

/// Appends a withdrawal record; the erasure is the caller's ([`super::erase`]).
pub fn record_withdrawal(
    write: &Write<'_>,
    participant: &Participant,
    scopes: Option<&[Scope]>,
    reason: &str,
    today: Date,
    log_index: u64,
) -> Result<i64> {
    let conn = write.conn();
    let (protocol_version, _) = protocol::require(conn)?;
    conn.execute(
        "INSERT INTO consent_records (participant_id, kind, whole, scopes, given_on, recorded_at, recorded_by,
            protocol_version, reason, log_index)
         VALUES (?1, 'withdrawal', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            participant.id,
            scopes.is_none(),
            scopes.map(join_scopes).unwrap_or_default(),
            format_date(today),
            crate::clock::now_rfc3339(),
            write.member(),
            protocol_version,
            reason,
            log_index
        ],
    )?;
    Ok(conn.last_insert_rowid())
}
