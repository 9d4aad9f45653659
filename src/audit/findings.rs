//! Verifying an audit bundle without the vault: the signature and the Merkle root,
//! consistency with the auditor's earlier checkpoint, consent coverage of every item
//! when it was stored and now, exports, withdrawals, retention, and whether the log
//! tells the same story as the state. Every problem is a finding that names the
//! participant, the item and the log index; `docs/auditor-guide.md` explains each.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::audit::bundle::Bundle;
use crate::audit::checkpoint;
use crate::audit::log::LogEntry;
use crate::audit::tree::Tree;
use crate::consent::gate::{Denial, decide};
use crate::consent::protocol::Protocol;
use crate::consent::record::{ConsentRecord, State};
use crate::consent::{Kind, Use, date_of, format_date, join_scopes};
use crate::digest::sha256_hex;
use crate::items::Item;

/// How bad a finding is: errors fail the verification, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    /// A stable code, explained in docs/auditor-guide.md.
    pub code: String,
    pub severity: Severity,
    pub participant: Option<String>,
    pub item: Option<i64>,
    pub log_index: Option<u64>,
    pub message: String,
}

/// What the auditor gives besides the bundle.
pub struct Options<'a> {
    /// The verifier keys the committee received; without any, the bundle's own keys
    /// are used and a warning says so.
    pub trusted_keys: &'a [String],
    /// The checkpoint the auditor kept from an earlier bundle.
    pub since: Option<&'a [u8]>,
}

/// The auditor's earlier checkpoint, as checked.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Since {
    pub size: u64,
    pub root_hash: String,
}

/// The result of verifying a bundle.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Verification {
    /// True when there is no error finding.
    pub ok: bool,
    pub vault_id: String,
    pub title: String,
    pub bundle_created_at: String,
    /// The date the state is judged at: the bundle's date.
    pub as_of: String,
    pub log_size: u64,
    pub root_hash: String,
    /// The size the signed checkpoint covers, if its signature verified.
    pub checkpoint_size: Option<u64>,
    pub signed_by_trusted_key: bool,
    pub since: Option<Since>,
    pub participants: usize,
    pub consent_records: usize,
    pub items: usize,
    pub erasures: usize,
    pub findings: Vec<Finding>,
}

impl Verification {
    /// The number of error findings: the bundle verifies when there are none.
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }
}

struct Context<'a> {
    bundle: &'a Bundle,
    entries: Vec<LogEntry>,
    protocols: Vec<(u64, &'a Protocol)>,
    records: HashMap<&'a str, Vec<&'a ConsentRecord>>,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    /// Records an error finding.
    fn find(
        &mut self,
        code: &str,
        participant: Option<&str>,
        item: Option<i64>,
        log_index: Option<u64>,
        message: String,
    ) {
        self.find_as(Severity::Error, code, participant, item, log_index, message);
    }

    fn find_as(
        &mut self,
        severity: Severity,
        code: &str,
        participant: Option<&str>,
        item: Option<i64>,
        log_index: Option<u64>,
        message: String,
    ) {
        self.findings.push(Finding {
            code: code.to_string(),
            severity,
            participant: participant.map(str::to_string),
            item,
            log_index,
            message,
        });
    }

    /// The log entry with index `index`.
    fn entry(&self, index: u64) -> Option<&LogEntry> {
        match self.entries.get(index as usize) {
            Some(e) if e.index == index => Some(e),
            _ => self
                .entries
                .binary_search_by_key(&index, |e| e.index)
                .ok()
                .map(|i| &self.entries[i]),
        }
    }

    /// The protocol in force just before log index `index`.
    fn protocol_at(&self, index: u64) -> Option<&'a Protocol> {
        let n = self.protocols.partition_point(|(at, _)| *at < index);
        n.checked_sub(1).map(|i| self.protocols[i].1)
    }

    /// A participant's consent state just before log index `index`.
    fn state_at(&self, participant: &str, index: u64) -> State {
        let records: Vec<ConsentRecord> = self
            .records
            .get(participant)
            .map(|rs| {
                rs.iter()
                    .filter(|r| r.log_index < index)
                    .map(|r| (*r).clone())
                    .collect()
            })
            .unwrap_or_default();
        State::of(&records)
    }

    /// Whether the gate would have allowed `purpose` of `kind` at log index `index` on `on`.
    fn allowed_at(&self, participant: &str, kind: &str, purpose: Use, index: u64, on: Date) -> Result<(), String> {
        let kind: Kind = kind.parse().map_err(|_| format!("unknown kind {kind}"))?;
        let state = self.state_at(participant, index);
        decide(self.protocol_at(index), &state, kind, purpose, on)
            .1
            .map(|_| ())
            .map_err(|d| d.explain())
    }
}

fn date_or(text: &str, fallback: Date) -> Date {
    date_of(text).unwrap_or(fallback)
}

/// Verifies a bundle. Never fails: every problem is a finding.
pub fn verify(bundle: &Bundle, options: &Options<'_>) -> Verification {
    let as_of = date_or(&bundle.created_at, Date::MIN);
    let mut ctx = Context {
        bundle,
        entries: Vec::with_capacity(bundle.log.len()),
        protocols: bundle.protocols.iter().map(|p| (p.log_index, &p.protocol)).collect(),
        records: HashMap::new(),
        findings: Vec::new(),
    };
    ctx.protocols.sort_by_key(|(at, _)| *at);
    for r in &bundle.consent_records {
        ctx.records.entry(r.participant.as_str()).or_default().push(r);
    }
    for rs in ctx.records.values_mut() {
        rs.sort_by_key(|r| r.log_index);
    }

    // 1. The log: every entry hashed into the tree, indexes contiguous.
    let mut tree = Tree::new();
    for (position, raw) in bundle.log.iter().enumerate() {
        tree.push(tlog_tiles::record_hash(raw.as_bytes()));
        match serde_json::from_str::<LogEntry>(raw) {
            Ok(entry) => {
                let expected = ctx.entries.last().map_or(0, |e| e.index + 1);
                if entry.index != expected {
                    let message = format!(
                        "the log jumps from entry {} to entry {}: entries were deleted",
                        expected.saturating_sub(1),
                        entry.index
                    );
                    ctx.find("log-entry-missing", None, None, Some(expected), message);
                }
                ctx.entries.push(entry);
            }
            Err(e) => ctx.find(
                "log-entry-malformed",
                None,
                None,
                Some(position as u64),
                format!("entry at position {position} is not a log entry ({e})"),
            ),
        }
    }
    let size = tree.size();
    let root = tree.root().map(|h| BASE64_STANDARD.encode(h.0)).unwrap_or_default();

    // 2. The signed checkpoint.
    let origin = checkpoint::origin(&bundle.vault_id);
    let trusted = !options.trusted_keys.is_empty();
    let keys: &[String] = if trusted {
        options.trusted_keys
    } else {
        &bundle.verifier_keys
    };
    if !trusted {
        ctx.findings.push(Finding {
            code: "no-trusted-key".into(),
            severity: Severity::Warning,
            participant: None,
            item: None,
            log_index: None,
            message: "the checkpoint was checked against the verifier keys inside the bundle; \
                      give --trusted-key with the key the committee received to rule out a forged bundle"
                .into(),
        });
    }
    let mut checkpoint_size = None;
    match checkpoint::parse_verified(bundle.checkpoint.as_bytes(), keys, &origin) {
        Err(why) => ctx.find(
            "checkpoint-signature-invalid",
            None,
            None,
            None,
            format!("the bundle's checkpoint does not verify: {why}"),
        ),
        Ok(cp) => {
            checkpoint_size = Some(cp.size());
            if cp.size() != size {
                ctx.find(
                    "checkpoint-size-mismatch",
                    None,
                    None,
                    Some(cp.size()),
                    format!(
                        "the checkpoint covers {} entries but the bundle holds {size}",
                        cp.size()
                    ),
                );
            }
            match tree.root_at(cp.size()) {
                Ok(h) if h == *cp.hash() => {}
                _ => ctx.find(
                    "checkpoint-root-mismatch",
                    None,
                    None,
                    Some(cp.size()),
                    "the log does not hash to the signed root: entries were deleted, added or altered".into(),
                ),
            }
        }
    }

    // 3. The auditor's earlier checkpoint.
    let mut since = None;
    if let Some(old) = options.since {
        match checkpoint::parse_verified(old, keys, &origin) {
            Err(why) => ctx.find(
                "since-checkpoint-invalid",
                None,
                None,
                None,
                format!("your earlier checkpoint does not verify: {why}"),
            ),
            Ok(cp) => {
                since = Some(Since {
                    size: cp.size(),
                    root_hash: BASE64_STANDARD.encode(cp.hash().0),
                });
                if cp.size() > size {
                    ctx.find(
                        "bundle-older-than-checkpoint",
                        None,
                        None,
                        Some(cp.size()),
                        format!(
                            "the bundle's log has {size} entries, fewer than the {} of your earlier checkpoint: \
                             the bundle is stale or the log was truncated",
                            cp.size()
                        ),
                    );
                } else if tree.root_at(cp.size()).ok().as_ref() != Some(cp.hash()) {
                    ctx.find(
                        "history-rewritten",
                        None,
                        None,
                        Some(cp.size()),
                        "the first entries of the log no longer hash to your earlier checkpoint: history was rewritten"
                            .into(),
                    );
                }
            }
        }
    }

    check_protocols_and_forms(&mut ctx);
    check_records(&mut ctx);
    check_items(&mut ctx, as_of);
    check_log_against_state(&mut ctx);
    check_retention_purges(&mut ctx);

    let mut verification = Verification {
        ok: false,
        vault_id: bundle.vault_id.clone(),
        title: bundle.title.clone(),
        bundle_created_at: bundle.created_at.clone(),
        as_of: format_date(as_of),
        log_size: size,
        root_hash: root,
        checkpoint_size,
        signed_by_trusted_key: trusted && checkpoint_size.is_some(),
        since,
        participants: bundle.participants.len(),
        consent_records: bundle.consent_records.len(),
        items: bundle.items.len(),
        erasures: bundle.erasures.len(),
        findings: ctx.findings,
    };
    verification.ok = verification.error_count() == 0;
    verification
}

fn check_protocols_and_forms(ctx: &mut Context<'_>) {
    let bundle = ctx.bundle;
    for p in &bundle.protocols {
        let version = format!("version {}", p.version);
        let logged = ctx.entry(p.log_index).is_some_and(|e| {
            e.action == "protocol.apply" && e.objects.first() == Some(&version) && e.objects.get(2) == Some(&p.sha256)
        });
        if !logged || sha256_hex(p.source.as_bytes()) != p.sha256 {
            ctx.find(
                "protocol-altered",
                None,
                None,
                Some(p.log_index),
                format!("protocol {version} does not match its log entry or its hash"),
            );
        }
    }
    for f in &bundle.forms {
        if sha256_hex(f.text.as_bytes()) != f.sha256 {
            ctx.find(
                "form-altered",
                None,
                None,
                None,
                format!("the text of form {} does not match its hash", f.version),
            );
        }
    }
}

fn check_records(ctx: &mut Context<'_>) {
    let bundle = ctx.bundle;
    let receipts: HashSet<u64> = bundle.erasures.iter().map(|r| r.log_index).collect();
    // Records whose consent evidence is still held: the bundle names its hash, or
    // carries the evidence itself (--with-evidence).
    let mut with_evidence: Vec<&ConsentRecord> = bundle
        .consent_records
        .iter()
        .filter(|r| r.evidence_sha256.is_some())
        .collect();
    for e in &bundle.evidence {
        if let Some(r) = bundle.consent_records.iter().find(|r| r.id == e.record) {
            if r.evidence_sha256.is_none() {
                with_evidence.push(r);
            }
        }
    }
    for r in &bundle.consent_records {
        let expected: Vec<String> = if r.is_grant() {
            vec![
                r.participant.clone(),
                join_scopes(&r.scopes),
                r.form_version.clone().unwrap_or_default(),
            ]
        } else {
            let what = if r.whole {
                "whole".to_string()
            } else {
                join_scopes(&r.scopes)
            };
            vec![r.participant.clone(), what]
        };
        let action = if r.is_grant() {
            "consent.record"
        } else {
            "consent.withdraw"
        };
        let matches = ctx.entry(r.log_index).is_some_and(|e| {
            e.action == action && e.objects.len() >= expected.len() && e.objects[..expected.len()] == expected[..]
        });
        if !matches {
            ctx.find(
                "consent-record-altered",
                Some(&r.participant),
                None,
                Some(r.log_index),
                format!(
                    "consent record {} does not match what the log recorded when it was made",
                    r.id
                ),
            );
        }
        if !r.is_grant() {
            if !receipts.contains(&r.log_index) {
                ctx.find(
                    "withdrawal-without-receipt",
                    Some(&r.participant),
                    None,
                    Some(r.log_index),
                    format!("withdrawal record {} has no erasure receipt", r.id),
                );
            }
            if r.whole {
                for kept in with_evidence
                    .iter()
                    .filter(|g| g.participant == r.participant && g.log_index < r.log_index)
                {
                    ctx.find(
                        "withdrawal-evidence-kept",
                        Some(&r.participant),
                        None,
                        Some(r.log_index),
                        format!(
                            "the consent evidence of record {} should have been erased by withdrawal record {} but is still held",
                            kept.id, r.id
                        ),
                    );
                }
            }
            for item in bundle.items.iter().filter(|i| {
                i.participant == r.participant
                    && i.log_index < r.log_index
                    && (r.whole || r.scopes.iter().any(|s| s.as_str() == i.scope))
            }) {
                ctx.find(
                    "withdrawal-not-carried-out",
                    Some(&r.participant),
                    Some(item.id),
                    Some(r.log_index),
                    format!(
                        "item {} ({}) should have been erased by withdrawal record {} but is still held",
                        item.id, item.kind, r.id
                    ),
                );
            }
        }
    }
}

fn check_items(ctx: &mut Context<'_>, as_of: Date) {
    let bundle = ctx.bundle;
    let by_id: HashMap<i64, &ConsentRecord> = bundle.consent_records.iter().map(|r| (r.id, r)).collect();
    let current = ctx.protocols.last().map(|(_, p)| *p);
    for item in &bundle.items {
        let who = Some(item.participant.as_str());
        let logged = ctx.entry(item.log_index).is_some_and(|e| {
            e.action == "item.store" && e.objects == [item.participant.clone(), item.kind.clone(), item.id.to_string()]
        });
        if !logged {
            ctx.find(
                "item-log-mismatch",
                who,
                Some(item.id),
                Some(item.log_index),
                format!(
                    "item {} does not match the log entry that should record its import",
                    item.id
                ),
            );
        }
        let imported = date_or(&item.imported_at, as_of);
        match by_id.get(&item.consent_record) {
            None => ctx.find(
                "item-without-consent",
                who,
                Some(item.id),
                Some(item.log_index),
                format!(
                    "item {} names consent record {}, which does not exist",
                    item.id, item.consent_record
                ),
            ),
            Some(r) if r.participant != item.participant => ctx.find(
                "item-without-consent",
                who,
                Some(item.id),
                Some(item.log_index),
                format!(
                    "item {} names consent record {} of participant {}",
                    item.id, r.id, r.participant
                ),
            ),
            Some(r) if r.log_index > item.log_index => ctx.find(
                "item-before-consent",
                who,
                Some(item.id),
                Some(item.log_index),
                format!(
                    "item {} was stored at log index {}, before the consent record {} it names (log index {})",
                    item.id, item.log_index, r.id, r.log_index
                ),
            ),
            Some(_) => {
                if let Err(why) = ctx.allowed_at(&item.participant, &item.kind, Use::Store, item.log_index, imported) {
                    ctx.find(
                        "item-not-covered-at-import",
                        who,
                        Some(item.id),
                        Some(item.log_index),
                        format!("when item {} ({}) was stored: {why}", item.id, item.kind),
                    );
                }
            }
        }
        // Still covered now? A withdrawal is reported by its own check, and an
        // approval that has ended governs new use, not holding: retention does that.
        // A consent that expired, or a protocol amendment that dropped the scope or
        // kind, leaves the item held but unusable: the gate refuses every use, and
        // nothing was done wrong (a warning). Held with no consent at all is an error.
        if let Ok(kind) = item.kind.parse::<Kind>() {
            let state = ctx.state_at(&item.participant, u64::MAX);
            if let Err(denial) = decide(current, &state, kind, Use::Store, as_of).1 {
                let severity = match denial {
                    Denial::Withdrawn { .. } | Denial::ProtocolExpired { .. } => None,
                    Denial::Expired { .. }
                    | Denial::ScopeNotApproved { .. }
                    | Denial::KindNotApproved { .. }
                    | Denial::ScopeMissing { .. } => Some(Severity::Warning),
                    Denial::NoProtocol | Denial::NoConsent => Some(Severity::Error),
                };
                if let Some(severity) = severity {
                    ctx.find_as(
                        severity,
                        "item-no-longer-covered",
                        who,
                        Some(item.id),
                        None,
                        format!(
                            "item {} ({}) is still held, but {}",
                            item.id,
                            item.kind,
                            denial.explain()
                        ),
                    );
                }
            }
        }
        if let Some(deadline) = deadline_of(current, &item.kind, imported) {
            if deadline < as_of {
                ctx.find(
                    "retention-overdue",
                    who,
                    Some(item.id),
                    Some(item.log_index),
                    format!(
                        "item {} ({}) was due for destruction on {} and is still held",
                        item.id,
                        item.kind,
                        format_date(deadline)
                    ),
                );
            }
        }
    }
}

fn deadline_of(protocol: Option<&Protocol>, kind: &str, imported: Date) -> Option<Date> {
    protocol?.deadline_for(kind.parse().ok()?, imported)
}

/// The log's own account: every consent, import, protocol and purge entry must
/// match something in the state, or an erasure that explains its absence.
fn check_log_against_state(ctx: &mut Context<'_>) {
    let bundle = ctx.bundle;
    let record_indexes: HashSet<u64> = bundle.consent_records.iter().map(|r| r.log_index).collect();
    let protocol_indexes: HashSet<u64> = bundle.protocols.iter().map(|p| p.log_index).collect();
    let receipt_indexes: HashSet<u64> = bundle.erasures.iter().map(|r| r.log_index).collect();
    let held: HashMap<i64, &Item> = bundle.items.iter().map(|i| (i.id, i)).collect();
    let erased: HashMap<i64, (&str, &str)> = bundle
        .erasures
        .iter()
        .flat_map(|r| {
            r.items
                .iter()
                .map(|i| (i.id, (i.participant.as_str(), i.kind.as_str())))
        })
        .collect();
    let mut problems = Vec::new();
    for e in &ctx.entries {
        let participant = e.objects.first().cloned();
        match e.action.as_str() {
            "consent.record" | "consent.withdraw" if !record_indexes.contains(&e.index) => problems.push((
                "consent-record-missing",
                participant,
                None,
                e.index,
                "the log records a consent decision that is not among the consent records".to_string(),
            )),
            "protocol.apply" if !protocol_indexes.contains(&e.index) => problems.push((
                "protocol-version-missing",
                None,
                None,
                e.index,
                "the log records a protocol version that the bundle does not hold".to_string(),
            )),
            "retention.purge" if !receipt_indexes.contains(&e.index) => problems.push((
                "purge-without-receipt",
                None,
                None,
                e.index,
                "the log records a retention purge without a receipt".to_string(),
            )),
            "item.store" => {
                let id = e.objects.get(2).and_then(|s| s.parse::<i64>().ok());
                if let Some(id) = id.filter(|id| !held.contains_key(id) && !erased.contains_key(id)) {
                    problems.push((
                        "item-deleted-without-erasure",
                        participant,
                        Some(id),
                        e.index,
                        format!("item {id} was stored but is neither held nor in any erasure receipt"),
                    ));
                }
            }
            action if action.starts_with("export.") => {
                // Export entries: [use, item:ID, item:ID, …]. An item must have been
                // allowed for that use when it was exported.
                let purpose = e.objects.first().and_then(|u| u.parse::<Use>().ok());
                let on = date_or(&e.time, Date::MIN);
                for id in e
                    .objects
                    .iter()
                    .filter_map(|o| o.strip_prefix("item:")?.parse::<i64>().ok())
                {
                    let found = held
                        .get(&id)
                        .map(|i| (i.participant.as_str(), i.kind.as_str()))
                        .or_else(|| erased.get(&id).copied());
                    let verdict = match (purpose, found) {
                        (Some(purpose), Some((p, kind))) => ctx.allowed_at(p, kind, purpose, e.index, on),
                        (None, _) => Err("the export does not name its use".into()),
                        (_, None) => Err("the exported item is unknown".into()),
                    };
                    if let Err(why) = verdict {
                        problems.push((
                            "export-not-allowed",
                            found.map(|(p, _)| p.to_string()),
                            Some(id),
                            e.index,
                            format!("item {id} was exported ({}): {why}", e.action),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (code, participant, item, index, message) in problems {
        ctx.find(code, participant.as_deref(), item, Some(index), message);
    }
}

/// Each purge must have come no later than the deadlines of the items it erased.
fn check_retention_purges(ctx: &mut Context<'_>) {
    let bundle = ctx.bundle;
    let stored_on: HashMap<i64, Date> = ctx
        .entries
        .iter()
        .filter(|e| e.action == "item.store")
        .filter_map(|e| Some((e.objects.get(2)?.parse::<i64>().ok()?, date_of(&e.time).ok()?)))
        .collect();
    let mut late = Vec::new();
    for receipt in bundle.erasures.iter().filter(|r| r.cause == "retention") {
        let erased_on = date_or(&receipt.erased_at, Date::MIN);
        // The deadline the purge worked to: the protocol in force when it ran, not
        // a later amendment.
        let in_force = ctx.protocol_at(receipt.log_index);
        for erased in &receipt.items {
            let Some(&imported) = stored_on.get(&erased.id) else {
                continue;
            };
            if let Some(deadline) = deadline_of(in_force, &erased.kind, imported) {
                if erased_on > deadline {
                    late.push((
                        erased.participant.clone(),
                        erased.id,
                        receipt.log_index,
                        deadline,
                        erased_on,
                    ));
                }
            }
        }
    }
    for (participant, id, index, deadline, erased_on) in late {
        ctx.find(
            "retention-purged-late",
            Some(&participant),
            Some(id),
            Some(index),
            format!(
                "item {id} was due on {} but erased on {}",
                format_date(deadline),
                format_date(erased_on)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            code: "x".into(),
            severity,
            participant: None,
            item: None,
            log_index: None,
            message: String::new(),
        }
    }

    #[test]
    fn only_error_findings_count_as_errors() {
        let mut v = Verification {
            ok: true,
            vault_id: String::new(),
            title: String::new(),
            bundle_created_at: String::new(),
            as_of: String::new(),
            log_size: 0,
            root_hash: String::new(),
            checkpoint_size: None,
            signed_by_trusted_key: false,
            since: None,
            participants: 0,
            consent_records: 0,
            items: 0,
            erasures: 0,
            findings: vec![finding(Severity::Warning)],
        };
        assert_eq!(v.error_count(), 0);
        v.findings.extend([finding(Severity::Error), finding(Severity::Error)]);
        assert_eq!(v.error_count(), 2);
    }
}
