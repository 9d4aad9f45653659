//! Property tests of the consent engine on a real store: over random sequences of
//! protocol amendments, consent records, withdrawals, the passing of time, store
//! attempts and uses, nothing is stored or used unless a record allows it at that
//! moment (and everything a record allows goes through), and a withdrawal leaves
//! nothing it covers.
//!
//! The oracle is written here from the raw rows (the protocol's JSON and the
//! consent records), independently of the library's own rules.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use rusqlite::Connection;
use serde_json::Value;
use time::{Date, Duration};

use common::{TEST_PROTOCOL, library};
use fieldvault::consent::participant::{self, Participant};
use fieldvault::consent::{Kind, Scope, Use, erase, format_date, gate, parse_date};
use fieldvault::items;
use fieldvault::vault::Session;

const PARTICIPANTS: [&str; 3] = ["P01", "P02", "P03"];
const FORMS: [&str; 3] = ["v1", "v2", "v3"];
const DROPPABLE_SCOPES: [Scope; 3] = [Scope::VerbatimQuotes, Scope::Archiving, Scope::SecondaryUse];

#[derive(Clone, Debug)]
enum Op {
    Amend {
        drop_kind: Option<Kind>,
        drop_scope: Option<Scope>,
        lapsed: bool,
    },
    Grant {
        p: usize,
        scopes: Vec<Scope>,
        form: usize,
        days_ago: i64,
        expires_in: Option<i64>,
    },
    Withdraw {
        p: usize,
        scopes: Option<Vec<Scope>>,
    },
    Advance {
        days: i64,
    },
    Store {
        p: usize,
        kind: Kind,
    },
    UseItem {
        p: usize,
        kind: Kind,
        purpose: Use,
    },
}

fn scope_set(size: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<Scope>> {
    proptest::sample::subsequence(
        vec![
            Scope::Interview,
            Scope::ChatContent,
            Scope::AudioRecording,
            Scope::ProfileContent,
            Scope::VerbatimQuotes,
            Scope::Archiving,
            Scope::SecondaryUse,
        ],
        size,
    )
}

fn kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(Kind::ALL.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (proptest::option::of(kind()), proptest::option::of(proptest::sample::select(DROPPABLE_SCOPES.to_vec())), proptest::bool::weighted(0.15))
            .prop_map(|(drop_kind, drop_scope, lapsed)| Op::Amend { drop_kind, drop_scope, lapsed }),
        4 => (0..3usize, scope_set(2..=6), 0..3usize, 0..60i64, proptest::option::of(-30..200i64))
            .prop_map(|(p, scopes, form, days_ago, expires_in)| Op::Grant { p, scopes, form, days_ago, expires_in }),
        2 => (0..3usize, proptest::option::of(scope_set(1..=2)))
            .prop_map(|(p, scopes)| Op::Withdraw { p, scopes }),
        1 => (1..120i64).prop_map(|days| Op::Advance { days }),
        5 => (0..3usize, kind()).prop_map(|(p, kind)| Op::Store { p, kind }),
        3 => (0..3usize, kind(), proptest::sample::select(Use::ALL.to_vec()))
            .prop_map(|(p, kind, purpose)| Op::UseItem { p, kind, purpose }),
    ]
}

fn protocol_text(drop_kind: Option<Kind>, drop_scope: Option<Scope>, lapsed: bool) -> String {
    let mut text = TEST_PROTOCOL.to_string();
    if let Some(kind) = drop_kind {
        let header = format!("[kinds.{kind}]\n");
        let start = text.find(&header).unwrap();
        let end = text[start + header.len()..]
            .find("\n[")
            .map_or(text.len(), |e| start + header.len() + e + 1);
        text.replace_range(start..end, "");
    }
    if let Some(scope) = drop_scope {
        text = text.replace(&format!("\"{scope}\", "), "");
    }
    if lapsed {
        text = text.replace("valid_until = 2099-12-31", "valid_until = 2026-01-31");
    }
    text
}

/// The oracle: may `kind` of participant `pid` be used for `purpose` on `today`?
/// Returns the id of the allowing grant.
fn oracle(conn: &Connection, pid: i64, kind: Kind, purpose: Use, today: Date) -> Option<i64> {
    let definition: String = conn
        .query_row(
            "SELECT definition FROM protocols ORDER BY version DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok()?;
    let protocol: Value = serde_json::from_str(&definition).unwrap();
    let from = parse_date(protocol["valid_from"].as_str().unwrap()).unwrap();
    let until = parse_date(protocol["valid_until"].as_str().unwrap()).unwrap();
    if today < from || today > until {
        return None;
    }
    let kind_scope = protocol["kinds"][kind.as_str()]["scope"].as_str()?.to_string();
    let mut needed = vec![kind_scope];
    match purpose {
        Use::Quotation => needed.push("verbatim_quotes".into()),
        Use::Archiving => needed.push("archiving".into()),
        Use::SecondaryUse => needed.push("secondary_use".into()),
        Use::Store | Use::Analysis => {}
    }
    let approved: BTreeSet<String> = protocol["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    if !needed.iter().all(|s| approved.contains(s)) {
        return None;
    }
    let mut stmt = conn
        .prepare(
            "SELECT id, kind, whole, scopes, expires_on FROM consent_records WHERE participant_id = ?1 ORDER BY id",
        )
        .unwrap();
    let records: Vec<(i64, String, bool, String, Option<String>)> = stmt
        .query_map([pid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let last_grant = records.iter().rposition(|r| r.1 == "grant")?;
    let (grant_id, _, _, granted, expires) = &records[last_grant];
    for (_, _, whole, scopes, _) in &records[last_grant + 1..] {
        if *whole || needed.iter().any(|n| scopes.split(',').any(|s| s == n)) {
            return None;
        }
    }
    if !needed.iter().all(|n| granted.split(',').any(|s| s == n)) {
        return None;
    }
    if expires.as_deref().is_some_and(|e| parse_date(e).unwrap() < today) {
        return None;
    }
    Some(*grant_id)
}

fn count(conn: &Connection, sql: &str, pid: i64) -> i64 {
    conn.query_row(sql, [pid], |r| r.get(0)).unwrap()
}

fn participant(session: &Session, code: &str) -> Participant {
    participant::get(session.conn(), code).unwrap()
}

fn run(ops: Vec<Op>) {
    let sandbox = common::Sandbox::new();
    let mut session = library::vault(&sandbox.vault(), TEST_PROTOCOL);
    for code in PARTICIPANTS {
        library::participant(&mut session, code);
    }
    let vault_id = session.vault_id().to_string();
    let mut today = parse_date("2026-02-01").unwrap();
    for op in ops {
        match op {
            Op::Amend {
                drop_kind,
                drop_scope,
                lapsed,
            } => {
                let file = sandbox.write("amend.toml", &protocol_text(drop_kind, drop_scope, lapsed));
                let loaded = fieldvault::consent::protocol::load(&file).unwrap();
                let write = session.begin().unwrap();
                fieldvault::consent::protocol::apply(&write, &loaded, "PI").unwrap();
                write.commit().unwrap();
            }
            Op::Grant {
                p,
                scopes,
                form,
                days_ago,
                expires_in,
            } => {
                let p = participant(&session, PARTICIPANTS[p]);
                let before = count(
                    session.conn(),
                    "SELECT count(*) FROM consent_records WHERE participant_id = ?1",
                    p.id,
                );
                let content = session.content_key("t").unwrap().clone();
                let grant = fieldvault::consent::record::Grant {
                    form: FORMS[form],
                    language: "id",
                    method: fieldvault::consent::Method::ChatText,
                    taken_by: "RA1",
                    witness: None,
                    adult_confirmed: true,
                    scopes,
                    given_on: today - Duration::days(days_ago),
                    expires_on: expires_in.map(|d| today + Duration::days(d)),
                    condition: None,
                    evidence: Some(b"evidence".to_vec()),
                };
                let write = session.begin().unwrap();
                let result =
                    fieldvault::consent::record::record_grant(&write, &p, &grant, today, Some((&vault_id, &content)));
                if result.is_ok() {
                    write.commit().unwrap();
                } else {
                    drop(write);
                    let after = count(
                        session.conn(),
                        "SELECT count(*) FROM consent_records WHERE participant_id = ?1",
                        p.id,
                    );
                    assert_eq!(before, after, "a refused grant left a record");
                }
            }
            Op::Withdraw { p, scopes } => {
                let p = participant(&session, PARTICIPANTS[p]);
                let conn = session.conn();
                let chunks: Vec<Vec<u8>> = conn
                    .prepare("SELECT c.sealed FROM item_chunks c JOIN items i ON i.id = c.item_id WHERE i.participant_id = ?1")
                    .unwrap()
                    .query_map([p.id], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                let sealed_key: Option<Vec<u8>> = conn
                    .query_row(
                        "SELECT sealed_key FROM participant_keys WHERE participant_id = ?1",
                        [p.id],
                        |r| r.get(0),
                    )
                    .ok();
                let whole = scopes.is_none();
                let Ok(receipt) = erase::withdraw(&mut session, &p.code, scopes.clone(), "asked", today) else {
                    continue;
                };
                let conn = session.conn();
                if whole {
                    for table in [
                        "items",
                        "participant_keys",
                        "consent_evidence",
                        "identity_sealed",
                        "participant_attributes",
                    ] {
                        let n = count(
                            conn,
                            &format!("SELECT count(*) FROM {table} WHERE participant_id = ?1"),
                            p.id,
                        );
                        assert_eq!(n, 0, "{table} still holds rows of {} after a whole withdrawal", p.code);
                    }
                    let remaining: Vec<Vec<u8>> = conn
                        .prepare("SELECT sealed FROM item_chunks UNION ALL SELECT sealed_key FROM participant_keys")
                        .unwrap()
                        .query_map([], |r| r.get(0))
                        .unwrap()
                        .collect::<rusqlite::Result<_>>()
                        .unwrap();
                    for c in chunks.iter().chain(sealed_key.iter()) {
                        assert!(!remaining.contains(c), "a ciphertext of {} remains", p.code);
                    }
                    assert_eq!(receipt.items.len(), receipt.items_by_kind.values().sum::<usize>());
                } else {
                    let withdrawn: Vec<String> = scopes.unwrap().iter().map(|s| s.to_string()).collect();
                    for item in items::list(conn, Some(p.id)).unwrap() {
                        assert!(
                            !withdrawn.contains(&item.scope),
                            "item {} needs a withdrawn scope",
                            item.id
                        );
                    }
                }
            }
            Op::Advance { days } => today += Duration::days(days),
            Op::Store { p, kind } => {
                let p = participant(&session, PARTICIPANTS[p]);
                let expected = oracle(session.conn(), p.id, kind, Use::Store, today);
                let content = session.content_key("t").unwrap().clone();
                let write = session.begin().unwrap();
                let text = format!("{} {kind} on {}", p.code, format_date(today));
                let stored = items::store(&write, &vault_id, &content, &p, kind, None, today, text.as_bytes());
                match (&stored, expected) {
                    (Ok(item), Some(grant)) => assert_eq!(item.consent_record, grant),
                    (Err(fieldvault::Error::Refused { .. }), None) => {}
                    (stored, expected) => panic!("store of {kind} by {}: {stored:?}, oracle {expected:?}", p.code),
                }
                if stored.is_ok() {
                    write.commit().unwrap();
                }
            }
            Op::UseItem { p, kind, purpose } => {
                let p = participant(&session, PARTICIPANTS[p]);
                let decision = gate::check(session.conn(), &p, kind, purpose, today).unwrap();
                let expected = oracle(session.conn(), p.id, kind, purpose, today);
                assert_eq!(
                    decision.record.as_ref().map(|r| r.id),
                    expected,
                    "{purpose} of {kind} by {}",
                    p.code
                );
                assert_eq!(decision.allowed, decision.denial.is_none());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn nothing_is_stored_or_used_without_a_record_that_allows_it(ops in proptest::collection::vec(op(), 1..40)) {
        run(ops);
    }
}
