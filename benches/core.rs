//! Benchmarks of the vault core (figures in docs/performance.md):
//!
//! * `open_vault_x25519`: load an X25519 identity file, find and decrypt the member's
//!   key file, check the key-check values and open the SQLCipher database.
//! * `audit_verify_1m`: `audit verify` over a log of 1,000,000 entries: read every
//!   entry, rehash it, rebuild the RFC 6962 tree and check the stored checkpoint.
//! * `withdraw_1000_items_50mb`: a whole withdrawal of a participant with 1,000
//!   items and 50 MB of content (beside another participant's 100 items): delete
//!   with secure_delete, destroy the data key, renew the content key and rewrite
//!   the key files, commit, truncate the WAL.
//!
//! * `verify_bundle_10k_100k_1m`: `audit verify-bundle` on a bundle of 10,000
//!   participants, 100,000 items and 1,000,000 log entries: decrypt with the
//!   auditor's X25519 identity, parse, rehash the log and rebuild the tree, check
//!   the signed checkpoint, and check every item, record and entry.
//!
//! Run: `cargo bench --bench core`

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use fieldvault::audit;
use fieldvault::identity::{self, Identity};
use fieldvault::secret::PassphraseSource;
use fieldvault::vault::{self, Ownership, Session};

fn make_vault(dir: &Path) -> std::path::PathBuf {
    let key = dir.join("owner.key");
    let recipient = identity::generate(&key, None).unwrap();
    vault::init(
        &dir.join("vault"),
        "benchmark study",
        "PI",
        Ownership::Recipients(vec![recipient]),
    )
    .unwrap();
    key
}

fn open_vault(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let key = make_vault(dir.path());
    // A realistic team: the owner's key file is one of several.
    {
        let identity = Identity::load(&key, &PassphraseSource::default()).unwrap();
        let mut session = Session::unlock(&dir.path().join("vault"), &identity).unwrap();
        for i in 0..6 {
            let other = identity::generate(&dir.path().join(format!("m{i}.key")), None).unwrap();
            session
                .add_member(&format!("RA{i}"), fieldvault::keys::Role::Researcher, vec![other])
                .unwrap();
        }
    }
    let root = dir.path().join("vault");
    c.bench_function("open_vault_x25519", |b| {
        b.iter(|| {
            let identity = Identity::load(&key, &PassphraseSource::default()).unwrap();
            Session::unlock(&root, &identity).unwrap()
        })
    });
}

fn audit_verify(c: &mut Criterion) {
    const ENTRIES: u64 = 1_000_000;
    let dir = tempfile::tempdir().unwrap();
    let key = make_vault(dir.path());
    let root = dir.path().join("vault");
    let identity = Identity::load(&key, &PassphraseSource::default()).unwrap();
    {
        let mut session = Session::unlock(&root, &identity).unwrap();
        let write = session.begin().unwrap();
        let existing = audit::log::size(write.conn()).unwrap();
        for i in existing..ENTRIES - 1 {
            let object = format!("P{:05}", i % 10_000);
            write.log("item.import", &[&object, "transcript"]).unwrap();
        }
        write.commit().unwrap();
    }
    {
        // A signed checkpoint over the whole log, as an owner would make.
        let mut session = Session::unlock(&root, &identity).unwrap();
        let signer = session.signing_key("bench").unwrap().to_string();
        let origin = session.origin();
        let write = session.begin().unwrap();
        write.log("audit.checkpoint", &[]).unwrap();
        let tree = audit::tree::Tree::from_log(write.conn()).unwrap();
        let note = audit::checkpoint::sign(&signer, &origin, tree.size(), tree.root().unwrap()).unwrap();
        audit::checkpoint::store(write.conn(), tree.size(), tree.root().unwrap(), &note).unwrap();
        write.commit().unwrap();
    }
    let session = Session::unlock(&root, &identity).unwrap();
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("audit_verify_1m", |b| {
        b.iter(|| {
            let (_, report) = audit::verify::verify_log(session.conn(), &session.origin(), None).unwrap();
            assert_eq!(report.size, ENTRIES);
        })
    });
    group.finish();
}

const PROTOCOL: &str = r#"
[study]
title = "benchmark"
approval_number = "B/1"
committee = "bench"
valid_from = 2020-01-01
valid_until = 2099-12-31
study_end = 2098-12-31
scopes = ["interview"]

[kinds.transcript]
scope = "interview"

[[forms]]
version = "v1"
language = "en"
text = "bench form"
"#;

/// A vault with a protocol, P01 holding `items` items of `size` bytes, and P02
/// holding 100 items of the same size.
fn study_with_items(items: usize, size: usize) -> (tempfile::TempDir, Session) {
    use fieldvault::consent::{Kind, Method, Scope, participant, protocol, record, today};
    let dir = tempfile::tempdir().unwrap();
    let key = make_vault(dir.path());
    let identity = Identity::load(&key, &PassphraseSource::default()).unwrap();
    let mut session = Session::unlock(&dir.path().join("vault"), &identity).unwrap();
    let file = dir.path().join("protocol.toml");
    std::fs::write(&file, PROTOCOL).unwrap();
    let loaded = protocol::load(&file).unwrap();
    let vault_id = session.vault_id().to_string();
    let content = session.content_key("bench").unwrap().clone();
    let write = session.begin().unwrap();
    protocol::apply(&write, &loaded, "PI").unwrap();
    let body: Vec<u8> = (0..size).map(|i| b"abcdefghij klmnopqrstuvwxyz\n"[i % 28]).collect();
    for (code, count) in [("P01", items), ("P02", 100)] {
        let p = participant::add(&write, code, &[]).unwrap();
        let grant = record::Grant {
            form: "v1",
            language: "en",
            method: Method::Written,
            taken_by: "RA1",
            witness: None,
            adult_confirmed: true,
            scopes: vec![Scope::Interview],
            given_on: today(),
            expires_on: None,
            condition: None,
            evidence: None,
        };
        record::record_grant(&write, &p, &grant, today(), None).unwrap();
        for _ in 0..count {
            fieldvault::items::store(
                &write,
                &vault_id,
                &content,
                &p,
                Kind::Transcript,
                None,
                today(),
                &body[..],
            )
            .unwrap();
        }
    }
    write.commit().unwrap();
    session.store().truncate_wal().unwrap();
    (dir, session)
}

fn withdraw(c: &mut Criterion) {
    let mut group = c.benchmark_group("consent");
    group.sample_size(10);
    group.bench_function("withdraw_1000_items_50mb", |b| {
        b.iter_batched(
            || study_with_items(1_000, 50_000),
            |(dir, mut session)| {
                let receipt = fieldvault::consent::erase::withdraw(
                    &mut session,
                    "P01",
                    None,
                    "benchmark",
                    fieldvault::consent::today(),
                )
                .unwrap();
                assert_eq!(receipt.items.len(), 1_000);
                (dir, session, receipt)
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A consistent bundle of `participants` participants with 10 items each, padded
/// with spot-check entries to `log_size` entries, signed, encrypted to `recipient`.
fn synthetic_bundle(dir: &Path, recipient: &str, participants: usize, log_size: usize) -> (Vec<u8>, String) {
    use fieldvault::audit::bundle::{Bundle, Form, ParticipantEntry, ProtocolVersion};
    use fieldvault::audit::log::LogEntry;
    use fieldvault::consent::record::ConsentRecord;
    use fieldvault::consent::{Scope, protocol};
    use fieldvault::items::Item;

    let vault_id = "0123456789abcdef0123456789abcdef";
    let origin = audit::checkpoint::origin(vault_id);
    let signer = fieldvault::keys::VaultKeys::generate(&origin).signing;
    let file = dir.join("protocol.toml");
    std::fs::write(&file, PROTOCOL).unwrap();
    let loaded = protocol::load(&file).unwrap();
    let time = "2026-11-28T00:00:00Z".to_string();
    let mut log = Vec::with_capacity(log_size);
    let append = |log: &mut Vec<String>, action: &str, objects: Vec<String>| -> u64 {
        let index = log.len() as u64;
        let entry = LogEntry {
            index,
            time: time.clone(),
            member: "PI".into(),
            action: action.into(),
            objects,
        };
        log.push(serde_json::to_string(&entry).unwrap());
        index
    };
    let protocol_index = append(
        &mut log,
        "protocol.apply",
        vec![
            "version 1".into(),
            loaded.protocol.approval_number.clone(),
            loaded.sha256.clone(),
        ],
    );
    let (mut people, mut records, mut items) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..participants {
        let code = format!("P{:05}", n + 1);
        append(&mut log, "participant.add", vec![code.clone(), String::new()]);
        let record_index = append(
            &mut log,
            "consent.record",
            vec![code.clone(), "interview".into(), "v1".into()],
        );
        records.push(ConsentRecord {
            id: n as i64 + 1,
            participant: code.clone(),
            kind: "grant".into(),
            whole: false,
            scopes: vec![Scope::Interview],
            given_on: "2026-11-28".into(),
            recorded_at: time.clone(),
            recorded_by: "PI".into(),
            protocol_version: 1,
            form_version: Some("v1".into()),
            form_sha256: Some(loaded.forms[0].form.sha256.clone()),
            language: Some("en".into()),
            method: Some("written".into()),
            taken_by: Some("RA1".into()),
            witness: None,
            adult_confirmed: true,
            expires_on: None,
            condition: None,
            reason: None,
            evidence_sha256: None,
            log_index: record_index,
        });
        for _ in 0..10 {
            let id = items.len() as i64 + 1;
            let index = append(
                &mut log,
                "item.store",
                vec![code.clone(), "transcript".into(), id.to_string()],
            );
            items.push(Item {
                id,
                participant: code.clone(),
                kind: "transcript".into(),
                scope: "interview".into(),
                consent_record: n as i64 + 1,
                item_date: None,
                imported_at: time.clone(),
                imported_by: "PI".into(),
                review_status: "pending".into(),
                format: "plain".into(),
                size: 50_000,
                ciphertext_sha256: format!("{id:064x}"),
                log_index: index,
            });
        }
        people.push(ParticipantEntry {
            code,
            status: "active".into(),
            created_at: time.clone(),
        });
    }
    while log.len() < log_size {
        let id = (log.len() % items.len().max(1) + 1).to_string();
        append(&mut log, "audit.spot-check", vec![id, "match".into()]);
    }
    let mut tree = audit::tree::Tree::new();
    for raw in &log {
        tree.push(tlog_tiles::record_hash(raw.as_bytes()));
    }
    let checkpoint = audit::checkpoint::sign(&signer, &origin, tree.size(), tree.root().unwrap()).unwrap();
    let verifier = audit::checkpoint::verifier_key_for(&signer).unwrap();
    let bundle = Bundle {
        format: fieldvault::audit::bundle::FORMAT.into(),
        vault_id: vault_id.into(),
        title: "benchmark".into(),
        created_at: time.clone(),
        created_by: "PI".into(),
        checkpoint,
        verifier_keys: vec![verifier.clone()],
        protocols: vec![ProtocolVersion {
            version: 1,
            sha256: loaded.sha256.clone(),
            applied_at: time.clone(),
            applied_by: "PI".into(),
            log_index: protocol_index,
            source: loaded.source.clone(),
            protocol: loaded.protocol.clone(),
        }],
        forms: loaded
            .forms
            .iter()
            .map(|f| Form {
                version: f.form.version.clone(),
                language: f.form.language.clone(),
                sha256: f.form.sha256.clone(),
                text: f.text.clone(),
            })
            .collect(),
        participants: people,
        consent_records: records,
        evidence: Vec::new(),
        items,
        erasures: Vec::new(),
        log,
    };
    let json = serde_json::to_vec(&bundle).unwrap();
    (identity::encrypt(&[recipient.to_string()], &json).unwrap(), verifier)
}

fn verify_bundle(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("auditor.key");
    let recipient = identity::generate(&key, None).unwrap();
    let (sealed, verifier) = synthetic_bundle(dir.path(), &recipient, 10_000, 1_000_000);
    let identity = Identity::load(&key, &PassphraseSource::default()).unwrap();
    let trusted = [verifier];
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("verify_bundle_10k_100k_1m", |b| {
        b.iter(|| {
            let bundle = fieldvault::audit::bundle::open(&sealed, &identity).unwrap();
            let options = fieldvault::audit::findings::Options {
                trusted_keys: &trusted,
                since: None,
            };
            let verification = fieldvault::audit::findings::verify(&bundle, &options);
            assert!(
                verification.ok,
                "{:?}",
                &verification.findings[..verification.findings.len().min(3)]
            );
            assert_eq!(verification.items, 100_000);
        })
    });
    group.finish();
}

criterion_group!(benches, open_vault, audit_verify, withdraw, verify_bundle);
criterion_main!(benches);
