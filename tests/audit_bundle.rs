//! Audit bundles through the binary: what the auditor receives, what their
//! identity can and cannot decrypt, verification without the vault, each kind of
//! tampering with its own finding, the report, and the on-site spot check.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{Member, Sandbox, TEST_PROTOCOL, assert_clean_failure, contains, library};
use fieldvault::consent::registry::{self, Purpose};
use fieldvault::consent::{Kind, Scope, today};
use fieldvault::identity::{self, Identity};
use fieldvault::items;

const CONTENT_CANARY: &str = "CANARY-content-Mawar-0813";
const EVIDENCE_CANARY: &str = "CANARY-evidence-ttd-4471";
const REGISTRY_CANARY: &str = "CANARY-registry-Kenanga";

struct Study {
    sb: Sandbox,
    owner: Member,
    auditor: Member,
    researcher: Member,
    verifier_key: String,
}

/// A vault with three participants, items holding canaries, consent evidence and a
/// registry entry, a whole withdrawal of P02, and an auditor and a researcher.
fn study(protocol: &str) -> Study {
    let sb = Sandbox::new();
    let verifier_key;
    {
        let mut session = library::vault(&sb.vault(), protocol);
        let scopes = [Scope::Interview, Scope::ChatContent, Scope::Recontact];
        let vault_id = session.vault_id().to_string();
        for code in ["P01", "P02", "P03"] {
            let p = library::participant(&mut session, code);
            let evidence = format!("{EVIDENCE_CANARY} {code}").into_bytes();
            library::grant(&mut session, &p, "v1", &scopes, Some(evidence)).unwrap();
            let content = session.content_key("t").unwrap().clone();
            let identity_key = session.identity_key("t").unwrap().clone();
            let write = session.begin().unwrap();
            for kind in [Kind::Transcript, Kind::Chat] {
                let text = format!("{code}: {CONTENT_CANARY} {kind}");
                items::store(&write, &vault_id, &content, &p, kind, None, today(), text.as_bytes()).unwrap();
            }
            registry::set(
                &write,
                &vault_id,
                &identity_key,
                &p,
                &[(Purpose::Contact, REGISTRY_CANARY)],
            )
            .unwrap();
            write.commit().unwrap();
        }
        fieldvault::consent::erase::withdraw(&mut session, "P02", None, "asked", today()).unwrap();
        verifier_key = fieldvault::audit::checkpoint::verifier_keys(session.conn())
            .unwrap()
            .remove(0);
    }
    let owner = Member {
        key: sb.path("lib-owner.key"),
        recipient: String::new(),
    };
    let auditor = sb.add_member(&owner, "KEPK", "auditor");
    let researcher = sb.add_member(&owner, "RA1", "researcher");
    Study {
        sb,
        owner,
        auditor,
        researcher,
        verifier_key,
    }
}

impl Study {
    fn bundle(&self, name: &str) -> PathBuf {
        let out = self.sb.path(name);
        self.sb
            .as_member(&self.owner.key)
            .args(["audit", "bundle", "--to", &self.auditor.recipient, "-o"])
            .arg(&out)
            .assert()
            .success();
        out
    }

    /// `audit verify-bundle` as the auditor, with the trusted key; returns the exit
    /// code and the parsed verification.
    fn verify(&self, bundle: &Path, extra: &[&str]) -> (Option<i32>, Value) {
        let out = self
            .sb
            .cmd()
            .args(["audit", "verify-bundle"])
            .arg(bundle)
            .arg("--identity")
            .arg(&self.auditor.key)
            .args(["--trusted-key", &self.verifier_key, "--json"])
            .args(extra)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), v)
    }

    /// The bundle's plaintext, decrypted with the auditor's identity.
    fn plaintext(&self, bundle: &Path) -> Vec<u8> {
        let identity = Identity::load(&self.auditor.key, &Default::default()).unwrap();
        identity
            .decrypt(&std::fs::read(bundle).unwrap())
            .unwrap()
            .unwrap()
            .to_vec()
    }

    /// Decrypts a bundle, lets `edit` change it, and encrypts it to the auditor again,
    /// as anyone who intercepts a bundle could.
    fn tampered(&self, bundle: &Path, name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
        let mut value: Value = serde_json::from_slice(&self.plaintext(bundle)).unwrap();
        edit(&mut value);
        let bytes = serde_json::to_vec(&value).unwrap();
        let out = self.sb.path(name);
        std::fs::write(
            &out,
            identity::encrypt(std::slice::from_ref(&self.auditor.recipient), &bytes).unwrap(),
        )
        .unwrap();
        out
    }
}

fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_clean_bundle_verifies_and_extends_the_last_checkpoint() {
    let s = study(TEST_PROTOCOL);
    let first = s.bundle("first.age");
    let kept = s.sb.path("kept-checkpoint.txt");
    let (code, v) = s.verify(&first, &["--save-checkpoint", kept.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["signed_by_trusted_key"], true);
    assert_eq!(v["items"], 4, "P02's two items were erased");
    assert!(kept.exists());
    let first_size = v["checkpoint_size"].clone();

    s.sb.add_participant(&s.owner, "P04");
    let second = s.bundle("second.age");
    let (code, v) = s.verify(&second, &["--since", kept.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["since"]["size"], first_size);
    assert_eq!(
        v["checkpoint_size"],
        first_size.as_u64().unwrap() + 2,
        "participant.add and audit.bundle"
    );

    // Without the committee's key the bundle verifies against its own keys, with a warning.
    let out =
        s.sb.cmd()
            .args(["audit", "verify-bundle"])
            .arg(&second)
            .arg("--identity")
            .arg(&s.auditor.key)
            .arg("--json")
            .output()
            .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(codes(&v), ["no-trusted-key"]);
    assert_eq!(v["findings"][0]["severity"], "warning");
}

#[test]
fn the_auditor_decrypts_no_content_evidence_or_identity() {
    let s = study(TEST_PROTOCOL);
    let bundle = s.bundle("bundle.age");
    let plain = s.plaintext(&bundle);
    for canary in [CONTENT_CANARY, EVIDENCE_CANARY, REGISTRY_CANARY] {
        assert!(!contains(&plain, canary.as_bytes()), "{canary} is in the bundle");
    }
    let parsed: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(parsed["evidence"], serde_json::json!([]));
    assert!(parsed["items"][0]["ciphertext_sha256"].as_str().unwrap().len() == 64);

    // In the vault: the auditor is not a key holder, and opens no key file, no
    // backup and no sealed value.
    assert_clean_failure(s.sb.as_member(&s.auditor.key).args(["status"]), 3);
    let identity = Identity::load(&s.auditor.key, &Default::default()).unwrap();
    for file in common::all_files(&s.sb.vault().join("keys-1")) {
        assert!(
            identity.decrypt(&std::fs::read(&file).unwrap()).unwrap().is_none(),
            "{}",
            file.display()
        );
    }
    let backup = s.sb.path("backup.age");
    s.sb.as_member(&s.owner.key)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    assert!(identity.decrypt(&std::fs::read(&backup).unwrap()).unwrap().is_none());
    assert_clean_failure(
        s.sb.cmd()
            .args(["restore"])
            .arg(&backup)
            .arg(s.sb.path("r"))
            .arg("--identity")
            .arg(&s.auditor.key),
        1,
    );

    // Evidence goes to the auditor only where the protocol allows it.
    let refused = assert_clean_failure(
        s.sb.as_member(&s.owner.key)
            .args(["audit", "bundle", "--with-evidence", "--to", &s.auditor.recipient, "-o"])
            .arg(s.sb.path("evidence.age")),
        1,
    );
    assert!(refused.contains("evidence_to_auditor"), "{refused}");
}

#[test]
fn evidence_goes_to_the_auditor_only_when_allowed() {
    let protocol = TEST_PROTOCOL.replace(
        "identity_registry = true",
        "identity_registry = true\nevidence_to_auditor = true",
    );
    let s = study(&protocol);
    let out = s.sb.path("with-evidence.age");
    s.sb.as_member(&s.owner.key)
        .args(["audit", "bundle", "--with-evidence", "--to", &s.auditor.recipient, "-o"])
        .arg(&out)
        .assert()
        .success();
    let parsed: Value = serde_json::from_slice(&s.plaintext(&out)).unwrap();
    let evidence = parsed["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2, "P02's evidence was erased with the withdrawal");
    assert!(!contains(&s.plaintext(&out), CONTENT_CANARY.as_bytes()));

    // The log says whose evidence was decrypted into the bundle.
    let log: Vec<Value> = s.sb.json_as(&s.owner.key, &["audit", "log"]);
    let entry = log.iter().rev().find(|e| e["action"] == "audit.bundle").unwrap();
    let objects: Vec<&str> = entry["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    let mut expected = vec!["with evidence".to_string(), "1 recipient(s)".to_string()];
    for e in evidence {
        expected.push(format!("{} record {}", e["participant"].as_str().unwrap(), e["record"]));
    }
    assert_eq!(objects, expected);
    assert_eq!(&expected[2][..3], "P01");
    assert_eq!(&expected[3][..3], "P03");
}

#[test]
fn each_kind_of_tampering_has_its_own_finding() {
    let s = study(TEST_PROTOCOL);
    let bundle = s.bundle("bundle.age");

    // A deleted log entry.
    let deleted = s.tampered(&bundle, "deleted.age", |b| {
        b["log"].as_array_mut().unwrap().remove(5);
    });
    let (code, v) = s.verify(&deleted, &[]);
    assert_eq!(code, Some(4));
    assert!(codes(&v).contains(&"log-entry-missing".to_string()), "{v}");
    assert!(codes(&v).contains(&"checkpoint-root-mismatch".to_string()), "{v}");

    // An edited consent record: scopes widened after the fact.
    let edited = s.tampered(&bundle, "edited.age", |b| {
        b["consent_records"][0]["scopes"]
            .as_array_mut()
            .unwrap()
            .push("archiving".into());
    });
    let (code, v) = s.verify(&edited, &[]);
    assert_eq!(code, Some(4));
    assert_eq!(codes(&v), ["consent-record-altered"], "{v}");
    assert_eq!(v["findings"][0]["participant"], "P01");

    // A forged checkpoint: the root changed, the signature kept.
    let forged = s.tampered(&bundle, "forged.age", |b| {
        let note = b["checkpoint"].as_str().unwrap().to_string();
        let mut lines: Vec<String> = note.lines().map(str::to_string).collect();
        lines[1] = (lines[1].parse::<u64>().unwrap() - 1).to_string();
        b["checkpoint"] = Value::String(lines.join("\n") + "\n");
    });
    let (code, v) = s.verify(&forged, &[]);
    assert_eq!(code, Some(4));
    assert_eq!(codes(&v), ["checkpoint-signature-invalid"], "{v}");

    // A bundle older than the checkpoint the auditor kept.
    let kept = s.sb.path("kept.txt");
    s.sb.add_participant(&s.owner, "P05");
    let newer = s.bundle("newer.age");
    let (code, _) = s.verify(&newer, &["--save-checkpoint", kept.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (code, v) = s.verify(&bundle, &["--since", kept.to_str().unwrap()]);
    assert_eq!(code, Some(4));
    assert_eq!(codes(&v), ["bundle-older-than-checkpoint"], "{v}");
}

/// Someone with the database key stores an item and backdates it before the consent
/// it names: the log and the state disagree about the order.
#[test]
fn an_item_stored_before_its_consent_is_found() {
    let s = study(TEST_PROTOCOL);
    {
        let identity = Identity::load(&s.owner.key, &Default::default()).unwrap();
        let mut session = fieldvault::vault::Session::unlock(&s.sb.vault(), &identity).unwrap();
        let p = library::participant(&mut session, "P07");
        let write = session.begin().unwrap();
        let early = write.log("item.store", &["P07", "transcript", "999"]).unwrap();
        write.commit().unwrap();
        let grant = library::grant(&mut session, &p, "v1", &[Scope::Interview], None).unwrap();
        session
            .conn()
            .execute(
                "INSERT INTO items (id, participant_id, kind, scope, consent_record_id, imported_at, imported_by,
                    size, ciphertext_sha256, log_index)
                 VALUES (999, ?1, 'transcript', 'interview', ?2, '2026-01-01T00:00:00Z', 'PI', 0, '', ?3)",
                rusqlite::params![p.id, grant.id, early],
            )
            .unwrap();
    }
    let bundle = s.bundle("backdated.age");
    let (code, v) = s.verify(&bundle, &[]);
    assert_eq!(code, Some(4));
    assert_eq!(codes(&v), ["item-before-consent"], "{v}");
    assert_eq!(v["findings"][0]["item"], 999);
    assert_eq!(v["findings"][0]["participant"], "P07");
}

/// A withdrawal recorded by hand without erasing: the items it covers are still held.
#[test]
fn a_withdrawal_that_was_not_carried_out_is_found() {
    let s = study(TEST_PROTOCOL);
    {
        let identity = Identity::load(&s.owner.key, &Default::default()).unwrap();
        let mut session = fieldvault::vault::Session::unlock(&s.sb.vault(), &identity).unwrap();
        let p = fieldvault::consent::participant::get(session.conn(), "P03").unwrap();
        let write = session.begin().unwrap();
        let index = write
            .log("consent.withdraw", &["P03", "chat_content", "0 items erased"])
            .unwrap();
        fieldvault::consent::record::record_withdrawal(
            &write,
            &p,
            Some(&[Scope::ChatContent]),
            "asked",
            today(),
            index,
        )
        .unwrap();
        write.commit().unwrap();
    }
    let (code, v) = s.verify(&s.bundle("unerased.age"), &[]);
    assert_eq!(code, Some(4));
    let found = codes(&v);
    assert!(found.contains(&"withdrawal-not-carried-out".to_string()), "{v}");
    assert!(found.contains(&"withdrawal-without-receipt".to_string()), "{v}");
}

#[test]
fn the_report_is_self_contained_and_the_spot_check_matches_the_bundle() {
    let s = study(TEST_PROTOCOL);
    let bundle = s.bundle("bundle.age");
    for format in ["html", "md", "json"] {
        let out = s.sb.path(&format!("report.{format}"));
        s.sb.cmd()
            .args(["audit", "report"])
            .arg(&bundle)
            .arg("--identity")
            .arg(&s.auditor.key)
            .args(["--trusted-key", &s.verifier_key, "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.contains(CONTENT_CANARY));
        if format == "html" {
            assert!(text.starts_with("<!DOCTYPE html>") && text.contains("VERIFIED"));
            assert!(
                text.contains("<td class=\"withdrawn\">withdrawn</td>"),
                "the matrix shows P02's withdrawal"
            );
            for external in ["<script", "src=", "href=", "http://", "https://", "@import", "url("] {
                assert!(!text.contains(external), "the page loads something: {external}");
            }
        }
        if format == "json" {
            let report: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(report["verification"]["ok"], true);
            assert_eq!(report["matrix"][1]["participant"], "P02");
            assert_eq!(report["matrix"][1]["scopes"]["interview"], "withdrawn");
            assert_eq!(report["withdrawals"][0]["participant"], "P02");
            assert_eq!(report["timeline"][0]["imports"], 6);
        }
    }

    let parsed: Value = serde_json::from_slice(&s.plaintext(&bundle)).unwrap();
    let item = &parsed["items"][0];
    let id = item["id"].as_i64().unwrap().to_string();
    let check: Value = s.sb.json_as(&s.researcher.key, &["audit", "spot-check", &id]);
    assert_eq!(check["ciphertext_sha256"], item["ciphertext_sha256"]);
    assert_eq!(check["matches_recorded"], true);
}

/// Exports are logged as `export.*` entries naming the use and the items: an item
/// exported for a use its participant did not consent to is a finding.
#[test]
fn an_export_beyond_consent_is_found() {
    let s = study(TEST_PROTOCOL);
    {
        let identity = Identity::load(&s.owner.key, &Default::default()).unwrap();
        let mut session = fieldvault::vault::Session::unlock(&s.sb.vault(), &identity).unwrap();
        let write = session.begin().unwrap();
        write.log("export.csv", &["analysis", "item:1", "item:2"]).unwrap();
        write.log("export.quotes", &["quotation", "item:2"]).unwrap();
        write.commit().unwrap();
    }
    let (code, v) = s.verify(&s.bundle("exports.age"), &[]);
    assert_eq!(code, Some(4));
    assert_eq!(codes(&v), ["export-not-allowed"], "{v}");
    assert_eq!(v["findings"][0]["item"], 2);
    assert_eq!(v["findings"][0]["participant"], "P01");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("verbatim_quotes"),
        "{v}"
    );
}

/// A consent that expired after the items were stored, or an amendment that no
/// longer approves their scope, leaves items held but unusable: a warning for the
/// auditor, not a violation, so the bundle still verifies.
#[test]
fn items_no_longer_covered_by_an_expired_consent_or_an_amendment_are_warnings() {
    let s = study(TEST_PROTOCOL);
    let bundle = s.bundle("bundle.age");
    // A consent that expired after import, seen by a bundle made years later. (The
    // expiry date and the bundle's date are not in the log, auditor guide section 7,
    // so this edit is what such a bundle would hold.)
    let expired = s.tampered(&bundle, "expired.age", |b| {
        b["consent_records"][0]["expires_on"] = "2098-06-30".into();
        b["created_at"] = "2099-01-04T00:00:00Z".into();
    });
    let (code, v) = s.verify(&expired, &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(codes(&v), ["item-no-longer-covered", "item-no-longer-covered"], "{v}");
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["severity"], "warning", "{f}");
        assert_eq!(f["participant"], "P01");
        assert!(f["message"].as_str().unwrap().contains("expired"), "{f}");
    }

    // The committee no longer approves chats: the chats held are warnings.
    s.sb.apply_protocol(
        &s.owner,
        "no-chats.toml",
        &TEST_PROTOCOL.replace("[kinds.chat]\nscope = \"chat_content\"\n", ""),
    );
    let (code, v) = s.verify(&s.bundle("amended.age"), &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(codes(&v), ["item-no-longer-covered", "item-no-longer-covered"], "{v}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "warning")
    );
}

/// A purge on time under the protocol in force then is not late because a later
/// amendment would have set an earlier deadline.
#[test]
fn a_purge_is_judged_by_the_protocol_in_force_when_it_ran() {
    let sb = Sandbox::new();
    // Only audio has a retention rule: destroyed on the day of import.
    let v1 = TEST_PROTOCOL
        .replace("retain = { years_after_study_end = 5 }\n", "")
        .replace(
            "retain = { days_after_import = 30 }",
            "retain = { days_after_import = 0 }",
        );
    let verifier_key;
    {
        let mut session = library::vault(&sb.vault(), &v1);
        let p = library::participant(&mut session, "P01");
        library::grant(&mut session, &p, "v1", &[Scope::AudioRecording], None).unwrap();
        let vault_id = session.vault_id().to_string();
        let content = session.content_key("t").unwrap().clone();
        let write = session.begin().unwrap();
        items::store(
            &write,
            &vault_id,
            &content,
            &p,
            Kind::Audio,
            None,
            today(),
            &b"audio"[..],
        )
        .unwrap();
        write.commit().unwrap();
        let receipt = fieldvault::consent::erase::purge_due(&mut session, today())
            .unwrap()
            .unwrap();
        assert_eq!(receipt.items.len(), 1, "purged on its deadline");
        verifier_key = fieldvault::audit::checkpoint::verifier_keys(session.conn())
            .unwrap()
            .remove(0);
    }
    let owner = Member {
        key: sb.path("lib-owner.key"),
        recipient: String::new(),
    };
    // Amended afterwards: audio is now due on the (past) end of the study.
    sb.apply_protocol(
        &owner,
        "v2.toml",
        &v1.replace("study_end = 2098-12-31", "study_end = 2020-06-30").replace(
            "retain = { days_after_import = 0 }",
            "retain = { days_after_study_end = 0 }",
        ),
    );
    let auditor = sb.add_member(&owner, "KEPK", "auditor");
    let s = Study {
        researcher: Member {
            key: owner.key.clone(),
            recipient: String::new(),
        },
        sb,
        owner,
        auditor,
        verifier_key,
    };
    let (code, v) = s.verify(&s.bundle("bundle.age"), &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["findings"], serde_json::json!([]), "{v}");
}

/// Consent evidence still held after a whole withdrawal is found; the registry
/// values and attributes are not in the bundle (auditor guide, section 4.3).
#[test]
fn evidence_left_after_a_whole_withdrawal_is_found() {
    let s = study(TEST_PROTOCOL);
    {
        let identity = Identity::load(&s.owner.key, &Default::default()).unwrap();
        let session = fieldvault::vault::Session::unlock(&s.sb.vault(), &identity).unwrap();
        let p = fieldvault::consent::participant::get(session.conn(), "P02").unwrap();
        let grant = fieldvault::consent::record::history(session.conn(), p.id)
            .unwrap()
            .into_iter()
            .find(|r| r.is_grant())
            .unwrap();
        // Put back what the withdrawal erased, as a restore of an old copy might.
        session
            .conn()
            .execute(
                "INSERT INTO consent_evidence (record_id, participant_id, key_version, sha256, sealed)
                 VALUES (?1, ?2, 1, ?3, x'00')",
                rusqlite::params![grant.id, p.id, "0".repeat(64)],
            )
            .unwrap();
    }
    let (code, v) = s.verify(&s.bundle("kept.age"), &[]);
    assert_eq!(code, Some(4), "{v}");
    assert_eq!(codes(&v), ["withdrawal-evidence-kept"], "{v}");
    assert_eq!(v["findings"][0]["participant"], "P02");
}

/// An unknown item id: the hint points to the bundle the auditor chose it from.
#[test]
fn a_spot_check_of_an_unknown_item_points_to_the_bundle() {
    let s = study(TEST_PROTOCOL);
    let err = assert_clean_failure(
        s.sb.as_member(&s.researcher.key).args(["audit", "spot-check", "4242"]),
        1,
    );
    assert!(err.contains("no item 4242"), "{err}");
    let hint = err.split("\nhint: ").nth(1).unwrap();
    assert!(hint.contains("audit bundle"), "{hint}");
    assert!(!hint.contains("items list"), "{hint}");
}
