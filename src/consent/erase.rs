//! Erasure: a participant's withdrawal (whole or of some scopes) and retention
//! purges. Each is one transaction that deletes with `secure_delete` on, records a
//! receipt and logs it; the WAL is truncated after the commit. A whole withdrawal
//! also destroys the participant's data key and renews the content key.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use time::Date;

use super::participant::{self, Participant};
use super::record::{self, State};
use super::registry::Purpose;
use super::{Scope, join_scopes, refuse_identifying, retention};
use crate::error::{Error, Result};
use crate::items::{self, Item};
use crate::store::field;
use crate::vault::{Session, Write};

pub const RECEIPT_FORMAT: &str = "fieldvault-erasure-receipt v1";

/// One erased item, by metadata only.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErasedItem {
    pub id: i64,
    pub participant: String,
    pub kind: String,
    pub size: u64,
}

/// A copy made before the erasure that the vault cannot reach: a backup or an export.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutsideCopy {
    pub log_index: u64,
    pub time: String,
    pub member: String,
    pub action: String,
}

/// What an erasure did: stored in the vault, printed, and optionally written out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receipt {
    pub format: String,
    pub vault_id: String,
    /// withdrawal or retention.
    pub cause: String,
    pub participant: Option<String>,
    /// A withdrawal from everything.
    pub whole: bool,
    pub scopes_withdrawn: Vec<Scope>,
    pub reason: Option<String>,
    pub erased_at: String,
    pub erased_by: String,
    /// The audit-log entry of the erasure.
    pub log_index: u64,
    /// The withdrawal's consent record.
    pub consent_record: Option<i64>,
    pub items: Vec<ErasedItem>,
    pub items_by_kind: BTreeMap<String, usize>,
    pub bytes_erased: u64,
    pub evidence_files_erased: usize,
    pub identity_values_erased: usize,
    pub attributes_erased: usize,
    pub data_key_destroyed: bool,
    /// The content-key epoch after the erasure, when the content key was renewed.
    pub new_content_key_epoch: Option<u32>,
    /// Backups and exports made earlier, which may still hold the erased data.
    pub copies_outside_vault: Vec<OutsideCopy>,
}

impl Receipt {
    /// The receipt for people.
    pub fn to_text(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "fieldvault erasure receipt");
        let _ = writeln!(t, "vault:        {}", self.vault_id);
        match (&self.participant, self.cause.as_str()) {
            (Some(p), _) if self.whole => {
                let _ = writeln!(t, "what:         whole withdrawal of participant {p}");
            }
            (Some(p), _) => {
                let _ = writeln!(
                    t,
                    "what:         withdrawal of {} by participant {p}",
                    join_scopes(&self.scopes_withdrawn)
                );
            }
            (None, _) => {
                let _ = writeln!(t, "what:         retention purge of items past their deadline");
            }
        }
        if let Some(reason) = &self.reason {
            let _ = writeln!(t, "reason:       {reason}");
        }
        let _ = writeln!(t, "when:         {}", self.erased_at);
        let _ = writeln!(t, "by:           {}", self.erased_by);
        let _ = writeln!(t, "log index:    {}", self.log_index);
        let by_kind: Vec<String> = self.items_by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(
            t,
            "items erased: {} ({} bytes){}",
            self.items.len(),
            self.bytes_erased,
            if by_kind.is_empty() {
                String::new()
            } else {
                format!(": {}", by_kind.join(", "))
            }
        );
        if !self.items.is_empty() {
            let ids: Vec<String> = self.items.iter().map(|i| i.id.to_string()).collect();
            let _ = writeln!(t, "item ids:     {}", ids.join(", "));
        }
        if self.whole {
            let _ = writeln!(t, "evidence:     {} file(s) erased", self.evidence_files_erased);
            let _ = writeln!(
                t,
                "identity:     {} registry value(s) erased",
                self.identity_values_erased
            );
            let _ = writeln!(t, "attributes:   {} erased", self.attributes_erased);
            let _ = writeln!(
                t,
                "data key:     {}",
                if self.data_key_destroyed {
                    "destroyed"
                } else {
                    "none existed"
                }
            );
        }
        if !self.whole && self.scopes_withdrawn.contains(&Scope::Recontact) {
            let _ = writeln!(
                t,
                "identity:     {} contact value(s) erased from the registry",
                self.identity_values_erased
            );
        }
        if let Some(epoch) = self.new_content_key_epoch {
            let _ = writeln!(
                t,
                "content key:  renewed (epoch {epoch}); older key files no longer open the vault's data keys"
            );
        }
        let _ = writeln!(t, "database:     deleted with secure_delete; write-ahead log truncated");
        if self.copies_outside_vault.is_empty() {
            let _ = writeln!(t, "copies:       no backup or export was made before this erasure");
        } else {
            let _ = writeln!(
                t,
                "copies:       these earlier copies may still hold the erased data and must be destroyed by their holders:"
            );
            for c in &self.copies_outside_vault {
                let _ = writeln!(t, "  log {:>6}  {}  {}  by {}", c.log_index, c.time, c.action, c.member);
            }
        }
        t
    }
}

/// Backups and exports in the log before `before`.
fn outside_copies(conn: &Connection, before: u64) -> Result<Vec<OutsideCopy>> {
    let mut stmt = conn.prepare(
        "SELECT idx, json_extract(entry, '$.time'), json_extract(entry, '$.member'), json_extract(entry, '$.action')
         FROM audit_log
         WHERE idx < ?1 AND (json_extract(entry, '$.action') = 'vault.backup'
                             OR json_extract(entry, '$.action') LIKE 'export.%')
         ORDER BY idx",
    )?;
    let rows = stmt
        .query_map([before], |r| {
            Ok(OutsideCopy {
                log_index: r.get(0)?,
                time: r.get(1)?,
                member: r.get(2)?,
                action: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn erased(items: &[Item]) -> (Vec<ErasedItem>, BTreeMap<String, usize>, u64) {
    let mut by_kind = BTreeMap::new();
    for item in items {
        *by_kind.entry(item.kind.clone()).or_insert(0) += 1;
    }
    let list = items
        .iter()
        .map(|i| ErasedItem {
            id: i.id,
            participant: i.participant.clone(),
            kind: i.kind.clone(),
            size: i.size,
        })
        .collect();
    (list, by_kind, items.iter().map(|i| i.size).sum())
}

fn store_receipt(conn: &Connection, participant: Option<i64>, receipt: &Receipt) -> Result<()> {
    conn.execute(
        "INSERT INTO erasures (cause, participant_id, erased_at, erased_by, log_index, receipt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            receipt.cause,
            participant,
            receipt.erased_at,
            receipt.erased_by,
            receipt.log_index,
            serde_json::to_string(receipt).expect("receipts always serialise")
        ],
    )?;
    Ok(())
}

/// Every stored receipt, oldest first; for one participant if `participant` is given.
pub fn receipts(conn: &Connection, participant: Option<i64>) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare("SELECT receipt FROM erasures WHERE ?1 IS NULL OR participant_id = ?1 ORDER BY id")?;
    let texts: Vec<String> = stmt
        .query_map([participant], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    texts
        .iter()
        .map(|t| {
            serde_json::from_str(t).map_err(|e| Error::Corrupt {
                path: "the vault database".into(),
                why: format!("a stored erasure receipt does not parse ({e})"),
            })
        })
        .collect()
}

/// Whether the vault holds anything of the participant that a whole withdrawal
/// erases besides items: registry values, attributes, a data key.
fn holds_personal_data(conn: &Connection, participant_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM identity_sealed WHERE participant_id = ?1)
             OR EXISTS (SELECT 1 FROM participant_attributes WHERE participant_id = ?1)
             OR EXISTS (SELECT 1 FROM participant_keys WHERE participant_id = ?1)",
        [participant_id],
        |r| r.get(0),
    )?)
}

fn check_withdrawal(
    conn: &Connection,
    participant: &Participant,
    state: &State,
    scopes: Option<&[Scope]>,
    reason: &str,
) -> Result<()> {
    if reason.trim().is_empty() || reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        return Err(Error::invalid(
            "the reason is empty, too long or has control characters",
            "give the reason in one line of at most 500 characters, without names or contacts",
        ));
    }
    refuse_identifying("reason", reason)?;
    if state.whole_withdrawal.is_some() {
        return Err(Error::invalid(
            format!("{} has already withdrawn from the study", participant.code),
            format!("see the receipt with `fieldvault consent history {}`", participant.code),
        ));
    }
    // A participant who never consented may still have attributes or registry
    // values (entered before consent was required); a whole withdrawal erases them.
    if state.grant.is_none() && (scopes.is_some() || !holds_personal_data(conn, participant.id)?) {
        return Err(Error::invalid(
            format!("{} has no consent on record to withdraw", participant.code),
            "a participant who never consented and has no attributes or registry values has nothing to erase",
        ));
    }
    if let Some(scopes) = scopes {
        let in_force = state.effective_scopes();
        if let Some(scope) = scopes.iter().find(|s| !in_force.contains(s)) {
            return Err(Error::invalid(
                format!("{} has no consent in force for {scope}", participant.code),
                format!("scopes in force: {}", join_scopes(&in_force)),
            ));
        }
    }
    Ok(())
}

/// The participant of a withdrawal request, after checking the request against
/// their records.
fn checked_participant(conn: &Connection, code: &str, scopes: Option<&[Scope]>, reason: &str) -> Result<Participant> {
    let participant = participant::get(conn, code)?;
    let state = record::state(conn, participant.id)?;
    check_withdrawal(conn, &participant, &state, scopes, reason)?;
    Ok(participant)
}

/// Checks a withdrawal request without erasing anything: that the member is an
/// owner, the participant exists and the request fits their consent. For an early
/// answer before asking for confirmation; [`withdraw`] checks again inside the
/// transaction that erases.
pub fn check_request(session: &Session, code: &str, scopes: Option<&[Scope]>, reason: &str) -> Result<()> {
    session.require_owner("consent withdraw")?;
    checked_participant(session.conn(), code, scopes, reason).map(|_| ())
}

/// Withdraws `participant`'s consent: of `scopes`, or wholly when `scopes` is
/// `None`. Owners only: erasure cannot be undone.
pub fn withdraw(
    session: &mut Session,
    code: &str,
    scopes: Option<Vec<Scope>>,
    reason: &str,
    today: Date,
) -> Result<Receipt> {
    session.require_owner("consent withdraw")?;
    let vault_id = session.vault_id().to_string();
    let work = |write: &Write<'_>, new_epoch: Option<u32>| -> Result<Receipt> {
        let conn = write.conn();
        // Checked inside the transaction that erases, so that a withdrawal or
        // grant committed meanwhile by another command is seen.
        let participant = checked_participant(conn, code, scopes.as_deref(), reason)?;
        let doomed: Vec<Item> = items::list(conn, Some(participant.id))?
            .into_iter()
            .filter(|item| match &scopes {
                None => true,
                Some(scopes) => scopes.iter().any(|s| s.as_str() == item.scope),
            })
            .collect();
        items::delete(conn, &doomed.iter().map(|i| i.id).collect::<Vec<_>>())?;
        let (mut evidence, mut identity, mut attributes, mut key_destroyed) = (0, 0, 0, false);
        if scopes.is_none() {
            evidence = conn.execute(
                "DELETE FROM consent_evidence WHERE participant_id = ?1",
                [participant.id],
            )?;
            identity = conn.execute(
                "DELETE FROM identity_sealed WHERE participant_id = ?1",
                [participant.id],
            )?;
            attributes = conn.execute(
                "DELETE FROM participant_attributes WHERE participant_id = ?1",
                [participant.id],
            )?;
            key_destroyed = field::shred_participant_key(conn, participant.id)?;
            participant::set_status(conn, participant.id, "withdrawn")?;
        } else if scopes.as_deref().is_some_and(|s| s.contains(&Scope::Recontact)) {
            // Contact details are kept only to recontact: without that consent they go.
            identity = conn.execute(
                "DELETE FROM identity_sealed WHERE participant_id = ?1 AND purpose = ?2",
                params![participant.id, Purpose::Contact.as_str()],
            )?;
        }
        let what = scopes.as_deref().map_or_else(|| "whole".to_string(), join_scopes);
        let count = format!("{} items erased", doomed.len());
        let log_index = write.log("consent.withdraw", &[&participant.code, &what, &count])?;
        let record_id = record::record_withdrawal(write, &participant, scopes.as_deref(), reason, today, log_index)?;
        let (items, items_by_kind, bytes_erased) = erased(&doomed);
        let receipt = Receipt {
            format: RECEIPT_FORMAT.into(),
            vault_id: vault_id.clone(),
            cause: "withdrawal".into(),
            participant: Some(participant.code.clone()),
            whole: scopes.is_none(),
            scopes_withdrawn: scopes.clone().unwrap_or_default(),
            reason: Some(reason.to_string()),
            erased_at: crate::clock::now_rfc3339(),
            erased_by: write.member().to_string(),
            log_index,
            consent_record: Some(record_id),
            items,
            items_by_kind,
            bytes_erased,
            evidence_files_erased: evidence,
            identity_values_erased: identity,
            attributes_erased: attributes,
            data_key_destroyed: key_destroyed,
            new_content_key_epoch: new_epoch,
            copies_outside_vault: outside_copies(conn, log_index)?,
        };
        store_receipt(conn, Some(participant.id), &receipt)?;
        Ok(receipt)
    };
    if scopes.is_none() {
        session.write_renewing_content_key("consent withdraw", |write, epoch| work(write, Some(epoch)))
    } else {
        let write = session.begin()?;
        let receipt = work(&write, None)?;
        write.commit()?;
        session.store().truncate_wal()?;
        Ok(receipt)
    }
}

/// Erases every item whose retention deadline is today or past; `None` when nothing
/// is due (and nothing is written). Owners only.
pub fn purge_due(session: &mut Session, today: Date) -> Result<Option<Receipt>> {
    session.require_owner("retention purge")?;
    let vault_id = session.vault_id().to_string();
    let write = session.begin()?;
    let conn = write.conn();
    let due: Vec<i64> = retention::status(conn, today)?
        .into_iter()
        .filter(|d| d.state != retention::State::Upcoming)
        .map(|d| d.item)
        .collect();
    if due.is_empty() {
        return Ok(None);
    }
    let doomed: Vec<Item> = due.iter().map(|&id| items::get(conn, id)).collect::<Result<_>>()?;
    items::delete(conn, &due)?;
    let ids: Vec<String> = due.iter().map(i64::to_string).collect();
    let ids = ids.join(",");
    let log_index = write.log("retention.purge", &[&format!("{} items", due.len()), &ids])?;
    let (items, items_by_kind, bytes_erased) = erased(&doomed);
    let receipt = Receipt {
        format: RECEIPT_FORMAT.into(),
        vault_id,
        cause: "retention".into(),
        participant: None,
        whole: false,
        scopes_withdrawn: Vec::new(),
        reason: None,
        erased_at: crate::clock::now_rfc3339(),
        erased_by: write.member().to_string(),
        log_index,
        consent_record: None,
        items,
        items_by_kind,
        bytes_erased,
        evidence_files_erased: 0,
        identity_values_erased: 0,
        attributes_erased: 0,
        data_key_destroyed: false,
        new_content_key_epoch: None,
        copies_outside_vault: outside_copies(conn, log_index)?,
    };
    store_receipt(conn, None, &receipt)?;
    write.commit()?;
    session.store().truncate_wal()?;
    Ok(Some(receipt))
}
