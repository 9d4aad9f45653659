//! The consent engine through the binary: protocol, participants, consent records,
//! the gate, withdrawal, the identity registry and retention.

mod common;

use serde_json::Value;

use common::{Member, Sandbox, TEST_PROTOCOL, assert_clean_failure, copy_private_tree, library};
use fieldvault::consent::{Kind, Scope, today};
use fieldvault::items;

fn grant_args<'a>(code: &'a str, form: &'a str, scopes: &'a str) -> Vec<&'a str> {
    vec![
        "consent",
        "record",
        code,
        "--form",
        form,
        "--language",
        "id",
        "--method",
        "chat-text",
        "--taken-by",
        "RA1",
        "--adult-confirmed",
        "--scopes",
        scopes,
    ]
}

fn check(sb: &Sandbox, who: &Member, code: &str, kind: &str, purpose: &str) -> (Option<i32>, Value) {
    let out = sb
        .as_member(&who.key)
        .args(["consent", "check", code, "--kind", kind, "--use", purpose, "--json"])
        .output()
        .unwrap();
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn protocol_versions_forms_and_malformed_files() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let protocol = sb.path("protocol.toml");
    let again: Value = sb.json_as(&owner.key, &["protocol", "apply", protocol.to_str().unwrap()]);
    assert_eq!(again["changed"], false);
    assert_eq!(again["version"], 1);

    let amended = sb.write("amended.toml", &TEST_PROTOCOL.replace("2099-12-31", "2099-06-30"));
    let applied: Value = sb.json_as(&owner.key, &["protocol", "apply", amended.to_str().unwrap()]);
    assert_eq!(applied["version"], 2);
    let shown: Value = sb.json_as(&owner.key, &["protocol", "show"]);
    assert_eq!(shown["protocol"]["valid_until"], "2099-06-30");
    assert_eq!(shown["versions"].as_array().unwrap().len(), 2);
    assert_eq!(shown["protocol"]["kinds"]["audio"]["retain"]["days_after_import"], 30);

    // A stored form cannot change its text under the same version.
    let reworded = sb.write(
        "reworded.toml",
        &TEST_PROTOCOL.replace("persetujuan versi 1", "persetujuan versi 1b"),
    );
    let before = sb.fingerprint(&owner);
    let err = assert_clean_failure(sb.as_member(&owner.key).args(["protocol", "apply"]).arg(&reworded), 1);
    assert!(err.contains("form v1 is already stored with a different text"), "{err}");

    // Malformed files name the file and the line.
    let cases = [
        (
            TEST_PROTOCOL.replace("valid_from = 2020-01-01", "valid_from = 2020-02-30"),
            ":6:",
            "invalid date",
        ),
        (
            TEST_PROTOCOL.replace(
                "[kinds.chat]\nscope = \"chat_content\"",
                "[kinds.chat]\nscope = \"faces_unblurred\"",
            ),
            ":23:",
            "kind chat needs scope faces_unblurred, which the protocol does not approve",
        ),
        (
            TEST_PROTOCOL.replace("[kinds.chat]", "[kinds.sms]"),
            ":23:",
            "unknown item kind `sms`",
        ),
        (
            TEST_PROTOCOL.replace("valid_until = 2099-12-31", "valid_until = 2019-12-31"),
            ":7:",
            "ends",
        ),
        (TEST_PROTOCOL.replace("title = \"Test study\"", "title = "), ":3:", ""),
    ];
    for (i, (text, line, message)) in cases.iter().enumerate() {
        let bad = sb.write(&format!("bad-{i}.toml"), text);
        let err = assert_clean_failure(sb.as_member(&owner.key).args(["protocol", "apply"]).arg(&bad), 1);
        assert!(err.contains(&format!("bad-{i}.toml")), "case {i}: {err}");
        assert!(err.contains(line), "case {i} line {line}: {err}");
        assert!(err.contains(message), "case {i}: {err}");
    }
    assert_eq!(sb.fingerprint(&owner), before, "failed applies changed the vault");

    // Only owners apply protocols.
    let ra = sb.add_member(&owner, "RA1", "researcher");
    assert_clean_failure(sb.as_member(&ra.key).args(["protocol", "apply"]).arg(&amended), 3);
}

#[test]
fn participants_are_codes_not_names() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let added: Value = sb.json_as(
        &owner.key,
        &[
            "participant",
            "add",
            "P01",
            "--attr",
            "age_band=20-24",
            "--attr",
            "platform=michat",
            "--attr",
            "wave=1",
        ],
    );
    assert_eq!(added["attributes"]["platform"], "michat");
    let before = sb.fingerprint(&owner);
    for args in [
        &["participant", "add", "Siti"][..],
        &["participant", "add", "081234567890"],
        &["participant", "add", "P02", "--attr", "nickname=Mbak Dewi"],
        &["participant", "add", "P02", "--attr", "phone=0812-3456-7890"],
        &["participant", "add", "P02", "--attr", "contact=dewi@example.com"],
        &["participant", "add", "P01"],
    ] {
        let err = assert_clean_failure(sb.as_member(&owner.key).args(args), 1);
        assert!(
            !err.contains("Dewi") && !err.contains("0812") && !err.contains("Siti"),
            "echoes the value: {err}"
        );
    }
    assert_eq!(sb.fingerprint(&owner), before);
    let list: Vec<Value> = sb.json_as(&owner.key, &["participant", "list"]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["code"], "P01");
}

#[test]
fn bad_consent_input_is_refused_and_changes_nothing() {
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.consenting(&owner, "P01", "interview,chat_content");
    sb.withdraw_scopes(&owner, "P01", "chat_content", "no chats");
    let before = sb.fingerprint(&owner);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            grant_args("P01", "v2", "interview,selfies"),
            "unknown consent scope `selfies`",
        ),
        (
            grant_args("P01", "v2", "interview,faces_unblurred"),
            "does not approve the scope faces_unblurred",
        ),
        (grant_args("P09", "v2", "interview"), "no participant P09"),
        (grant_args("P01", "v9", "interview"), "no consent form v9"),
        (
            [grant_args("P01", "v2", "interview"), vec!["--date", "2026/03/01"]].concat(),
            "is not a date",
        ),
        (
            [grant_args("P01", "v2", "interview"), vec!["--expires", "2027-02-30"]].concat(),
            "is not a date",
        ),
        (
            [grant_args("P01", "v2", "interview"), vec!["--date", "2099-01-01"]].concat(),
            "in the future",
        ),
        (
            [grant_args("P01", "v2", "interview"), vec!["--date", "2019-06-01"]].concat(),
            "outside the approval",
        ),
        (
            [
                grant_args("P01", "v2", "interview"),
                vec!["--date", "2024-05-01", "--expires", "2024-04-01"],
            ]
            .concat(),
            "expires (2024-04-01) before it was given",
        ),
        (
            grant_args("P01", "v1", "interview,chat_content"),
            "consent after a withdrawal needs a new form",
        ),
        (
            [
                grant_args("P01", "v2", "interview"),
                vec!["--condition", "call Siti Rahayu first"],
            ]
            .concat(),
            "the condition was refused",
        ),
    ];
    for (args, message) in &cases {
        let err = assert_clean_failure(sb.as_member(&owner.key).args(args), 1);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // Adulthood must be confirmed; verbal-attested needs a witness.
    let no_adult: Vec<&str> = grant_args("P01", "v2", "interview")
        .into_iter()
        .filter(|a| *a != "--adult-confirmed")
        .collect();
    assert!(assert_clean_failure(sb.as_member(&owner.key).args(&no_adult), 1).contains("adulthood"));
    let attested: Vec<&str> = grant_args("P01", "v2", "interview")
        .into_iter()
        .map(|a| if a == "chat-text" { "verbal-attested" } else { a })
        .collect();
    assert!(assert_clean_failure(sb.as_member(&owner.key).args(&attested), 1).contains("witness"));
    assert_eq!(sb.fingerprint(&owner), before, "refused records changed the vault");

    // With a new form, consent after the withdrawal is recorded.
    sb.as_member(&owner.key)
        .args(grant_args("P01", "v2", "interview,chat_content"))
        .assert()
        .success();
    let history: Vec<Value> = sb.json_as(&owner.key, &["consent", "history", "P01"]);
    let kinds: Vec<&str> = history.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["grant", "withdrawal", "grant"]);
}

/// Consent given in a chat has that chat as its evidence: it is sealed (nothing of it
/// is in the vault's files), and an export's file name, which names the contact, is
/// never printed.
#[test]
fn evidence_is_sealed_and_an_exports_name_withheld() {
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.add_participant(&owner, "P01");
    let chat = "WhatsApp Chat with Sitinurbaya Canary.txt";
    let record = || {
        let mut cmd = sb.as_member(&owner.key);
        cmd.args(grant_args("P01", "v1", "interview"))
            .arg("--evidence")
            .arg(sb.path(chat));
        cmd
    };
    let err = assert_clean_failure(&mut record(), 1);
    assert!(
        err.contains("file 1 (a WhatsApp export") && !err.contains("Sitinurbaya"),
        "{err}"
    );
    sb.write(
        chat,
        "12/03/24 21.30 - Sitinurbaya Canary: iya kak, aku setuju ikut wawancara\n",
    );
    record().assert().success();
    let shown: Value = sb.json_as(&owner.key, &["consent", "show", "P01"]);
    assert!(shown["grant"]["evidence_sha256"].is_string(), "{shown}");
    assert!(common::files_containing(&sb.vault(), "Sitinurbaya").is_empty());
}

#[test]
fn the_gate_answers_with_the_record_or_the_reason() {
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.consenting(&owner, "P01", "interview,chat_content,verbatim_quotes");
    sb.add_participant(&owner, "P02");
    sb.add_participant(&owner, "P03");
    sb.as_member(&owner.key)
        .args(grant_args("P03", "v1", "interview"))
        .args(["--date", "2021-01-01", "--expires", "2021-06-30"])
        .assert()
        .success();

    let (code, yes) = check(&sb, &owner, "P01", "chat", "quotation");
    assert_eq!(code, Some(0));
    assert_eq!(yes["allowed"], true);
    assert_eq!(yes["record"]["form_version"], "v1");
    assert_eq!(yes["needs"], serde_json::json!(["chat_content", "verbatim_quotes"]));

    let cases = [
        ("P01", "audio", "analysis", "scope-missing"),
        ("P01", "chat", "archiving", "scope-missing"),
        ("P02", "transcript", "analysis", "no-consent"),
        ("P03", "transcript", "analysis", "expired"),
    ];
    for (code_, kind, purpose, reason) in cases {
        let (code, no) = check(&sb, &owner, code_, kind, purpose);
        assert_eq!(code, Some(6), "{code_} {kind} {purpose}");
        assert_eq!(no["allowed"], false);
        assert_eq!(no["denial"]["reason"], reason, "{code_} {kind} {purpose}: {no}");
    }
    // What `consent show` and `participant list` call in force is what the gate
    // allows: nothing of the expired grant, all of P01's.
    let shown: Value = sb.json_as(&owner.key, &["consent", "show", "P03"]);
    assert_eq!(shown["scopes_in_force"], serde_json::json!([]), "{shown}");
    let said = String::from_utf8(
        sb.as_member(&owner.key)
            .args(["consent", "show", "P03"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(said.contains("expires:    2021-06-30 (expired)"), "{said}");
    let listed: Value = sb.json_as(&owner.key, &["participant", "list"]);
    let in_force = |code: &str| -> Vec<String> {
        let p = listed.as_array().unwrap().iter().find(|p| p["code"] == code).unwrap();
        let mut scopes: Vec<String> = serde_json::from_value(p["scopes_in_force"].clone()).unwrap();
        scopes.sort();
        scopes
    };
    assert!(in_force("P03").is_empty(), "{listed}");
    assert_eq!(
        in_force("P01"),
        ["chat_content", "interview", "verbatim_quotes"],
        "{listed}"
    );

    sb.withdraw_scopes(&owner, "P01", "verbatim_quotes", "changed mind");
    let (_, no) = check(&sb, &owner, "P01", "chat", "quotation");
    assert_eq!(no["denial"]["reason"], "withdrawn");
    assert_eq!(no["denial"]["scope"], "verbatim_quotes");
    let (code, _) = check(&sb, &owner, "P01", "chat", "analysis");
    assert_eq!(code, Some(0), "a partial withdrawal leaves the other scopes");

    // A protocol amendment that drops a kind or has lapsed refuses everything it covers.
    let no_chat = TEST_PROTOCOL.replace("[kinds.chat]\nscope = \"chat_content\"\n", "");
    sb.apply_protocol(&owner, "no-chat.toml", &no_chat);
    assert_eq!(
        check(&sb, &owner, "P01", "chat", "analysis").1["denial"]["reason"],
        "kind-not-approved"
    );
    let lapsed = TEST_PROTOCOL.replace("valid_until = 2099-12-31", "valid_until = 2021-12-31");
    sb.apply_protocol(&owner, "lapsed.toml", &lapsed);
    assert_eq!(
        check(&sb, &owner, "P01", "transcript", "analysis").1["denial"]["reason"],
        "protocol-expired"
    );

    let human = assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["consent", "check", "P01", "--kind", "transcript"]),
        6,
    );
    assert!(
        human.contains("the ethics approval is valid from 2020-01-01 to 2021-12-31"),
        "{human}"
    );
}

#[test]
fn withdrawal_erases_renews_the_content_key_and_leaves_the_history() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let ra = sb.add_member(&owner, "RA1", "researcher");
    let custodian = sb.add_member(&owner, "KK", "custodian");
    sb.consenting(&owner, "P01", "interview,chat_content");
    sb.consenting(&owner, "P02", "interview,chat_content,recontact");
    sb.as_member(&owner.key)
        .args(["backup", "-o"])
        .arg(sb.path("before.age"))
        .assert()
        .success();

    // Researchers may not erase; nothing happens without confirmation.
    assert_clean_failure(
        sb.as_member(&ra.key)
            .args(["consent", "withdraw", "P02", "--reason", "asked", "--yes"]),
        3,
    );
    let unconfirmed = assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["consent", "withdraw", "P02", "--reason", "asked"]),
        1,
    );
    assert!(unconfirmed.contains("--yes"), "{unconfirmed}");
    let stale_key_files = sb.path("stale-keys");
    copy_private_tree(&sb.vault().join("keys-1"), &stale_key_files);

    let receipts = sb.path("receipts");
    let receipt: Value = sb.json_as(
        &owner.key,
        &[
            "consent",
            "withdraw",
            "P02",
            "--reason",
            "asked by chat",
            "--yes",
            "--receipt",
            receipts.to_str().unwrap(),
        ],
    );
    assert_eq!(receipt["format"], "fieldvault-erasure-receipt v1");
    assert_eq!(receipt["whole"], true);
    assert_eq!(receipt["participant"], "P02");
    assert_eq!(receipt["new_content_key_epoch"], 2);
    let copies = receipt["copies_outside_vault"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "the backup made before is named");
    assert_eq!(copies[0]["action"], "vault.backup");
    let index = receipt["log_index"].as_u64().unwrap();
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(receipts.join(format!("erasure-{index}.json"))).unwrap()).unwrap();
    assert_eq!(on_disk, receipt);
    let text = std::fs::read_to_string(receipts.join(format!("erasure-{index}.txt"))).unwrap();
    assert!(
        text.contains("whole withdrawal of participant P02") && text.contains("vault.backup"),
        "{text}"
    );

    // The code and the history remain, with the receipt; the participant is withdrawn.
    let shown: Value = sb.json_as(&owner.key, &["consent", "show", "P02"]);
    assert_eq!(shown["status"], "withdrawn");
    assert_eq!(shown["scopes_in_force"], serde_json::json!([]));
    assert_eq!(shown["receipts"][0]["log_index"], index);
    let log: Vec<Value> = sb.json_as(&owner.key, &["audit", "log"]);
    let withdraw = log.iter().find(|e| e["action"] == "consent.withdraw").unwrap();
    assert_eq!(withdraw["index"], index);
    assert!(log.iter().any(|e| e["action"] == "content-key.renew"));
    assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["consent", "withdraw", "P02", "--reason", "again", "--yes"]),
        1,
    );

    // Every member still opens the vault with the renewed keys; status shows the epoch.
    let status: Value = sb.json_as(&ra.key, &["status"]);
    assert_eq!(status["content_key_epoch"], 2);
    sb.as_member(&custodian.key).args(["status"]).assert().success();
    sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();

    // A key file copied before the renewal no longer opens the vault's data keys.
    let stale = sb.path("stale-vault");
    copy_private_tree(&sb.vault(), &stale);
    std::fs::remove_dir_all(stale.join("keys-1")).unwrap();
    copy_private_tree(&stale_key_files, &stale.join("keys-1"));
    let err = assert_clean_failure(
        sb.cmd()
            .arg("--vault")
            .arg(&stale)
            .arg("--identity")
            .arg(&ra.key)
            .arg("status"),
        4,
    );
    assert!(err.contains("content key"), "{err}");
}

/// A crash between the commit of a content-key renewal and the move of the new key
/// files: unlock falls back to the staged files and the next write finishes the move.
#[test]
fn a_renewal_interrupted_after_its_commit_is_finished_by_the_next_write() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let ra = sb.add_member(&owner, "RA1", "researcher");
    sb.consenting(&owner, "P01", "interview");
    let old_keys = sb.path("old-keys");
    copy_private_tree(&sb.vault().join("keys-1"), &old_keys);
    sb.as_member(&owner.key)
        .args(["consent", "withdraw", "P01", "--reason", "asked", "--yes"])
        .assert()
        .success();
    // Put the vault in the state a crash right after the commit leaves.
    let staged = sb.vault().join("keys-1.content-2");
    std::fs::rename(sb.vault().join("keys-1"), &staged).unwrap();
    copy_private_tree(&old_keys, &sb.vault().join("keys-1"));

    let status: Value = sb.json_as(&ra.key, &["status"]);
    assert_eq!(status["content_key_epoch"], 2);
    sb.add_participant(&ra, "P02");
    assert!(!staged.exists(), "the write finished the move");
    sb.as_member(&owner.key).args(["status"]).assert().success();
    sb.as_member(&ra.key).args(["status"]).assert().success();
}

#[test]
fn the_identity_registry_is_for_custodians_and_logged() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let ra = sb.add_member(&owner, "RA1", "researcher");
    let kk = sb.add_member(&owner, "KK", "custodian");
    sb.consenting(&owner, "P01", "interview,recontact");
    sb.consenting(&owner, "P02", "interview");
    let name = "Sekar Ayu Wulandari";
    let phone = "+62 813 9876 5432";

    assert_clean_failure(
        sb.as_member(&ra.key)
            .args(["identity", "set", "P01", "--name", "-"])
            .write_stdin(format!("{name}\n")),
        3,
    );
    sb.as_member(&kk.key)
        .args(["identity", "set", "P01", "--name", "-", "--contact", "-"])
        .write_stdin(format!("{name}\n{phone}\n"))
        .assert()
        .success();
    let refused = assert_clean_failure(
        sb.as_member(&kk.key)
            .args(["identity", "set", "P02", "--contact", "-"])
            .write_stdin(format!("{phone}\n")),
        6,
    );
    assert!(refused.contains("recontact") && !refused.contains("9876"), "{refused}");
    assert_clean_failure(sb.as_member(&ra.key).args(["identity", "show", "P01"]), 3);

    let shown: Vec<Value> = sb.json_as(&kk.key, &["identity", "show", "P01"]);
    assert_eq!(shown[0]["purpose"], "name");
    assert_eq!(shown[0]["value"], name);
    assert_eq!(shown[1]["value"], phone);
    let log: Vec<Value> = sb.json_as(&owner.key, &["audit", "log"]);
    let show = log.iter().find(|e| e["action"] == "identity.show").unwrap();
    assert_eq!(show["member"], "KK");
    let log_text = serde_json::to_string(&log).unwrap();
    assert!(!log_text.contains("Sekar") && !log_text.contains("9876"));
    assert!(common::files_containing(&sb.vault(), "Wulandari").is_empty());
    assert!(common::files_containing(&sb.vault(), "9876 5432").is_empty());

    // A protocol without a registry refuses it.
    sb.apply_protocol(
        &owner,
        "no-registry.toml",
        &TEST_PROTOCOL.replace("identity_registry = true", "identity_registry = false"),
    );
    assert_clean_failure(
        sb.as_member(&kk.key)
            .args(["identity", "set", "P02", "--name", "-"])
            .write_stdin("Nama\n"),
        1,
    );
}

#[test]
fn retention_warns_lists_and_purges_overdue_items() {
    let sb = Sandbox::new();
    // A study that ended long ago: transcripts were due five years after 2020-06-30.
    let protocol = TEST_PROTOCOL.replace("study_end = 2098-12-31", "study_end = 2020-06-30");
    {
        let mut session = library::vault(&sb.vault(), &protocol);
        let p = library::participant(&mut session, "P01");
        library::grant(&mut session, &p, "v1", &[Scope::Interview, Scope::ChatContent], None).unwrap();
        let vault_id = session.vault_id().to_string();
        let content = session.content_key("test").unwrap().clone();
        let write = session.begin().unwrap();
        for (kind, text) in [(Kind::Transcript, "P01: lama"), (Kind::Chat, "kept: no rule for chats")] {
            items::store(&write, &vault_id, &content, &p, kind, None, today(), text.as_bytes()).unwrap();
        }
        write.commit().unwrap();
    }
    let owner = Member {
        key: sb.path("lib-owner.key"),
        recipient: String::new(),
    };
    let out = sb
        .as_member(&owner.key)
        .args(["retention", "status", "--json"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.matches("past their retention deadline").count(),
        1,
        "warns once: {stderr}"
    );
    let due: Vec<Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["kind"], "transcript");
    assert_eq!(due[0]["state"], "overdue");
    assert_eq!(due[0]["deadline"], "2025-06-30");

    let receipt: Value = sb.json_as(&owner.key, &["retention", "purge", "--due", "--yes"]);
    assert_eq!(receipt["cause"], "retention");
    assert_eq!(receipt["items"].as_array().unwrap().len(), 1);
    let out = sb
        .as_member(&owner.key)
        .args(["retention", "status", "--json"])
        .assert()
        .success();
    assert!(out.get_output().stderr.is_empty(), "no warning once purged");
    let after: Vec<Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(after.is_empty());
    let p01: Value = sb.json_as(&owner.key, &["participant", "show", "P01"]);
    assert_eq!(p01["items_by_kind"], serde_json::json!({"chat": 1}));
    let log: Vec<Value> = sb.json_as(&owner.key, &["audit", "log"]);
    assert!(log.iter().any(|e| e["action"] == "retention.purge"));
}

/// Withdrawing `recontact` alone erases the contact details kept for it, and the
/// receipt counts them; the name, kept for other purposes, stays.
#[test]
fn withdrawing_recontact_erases_the_contact_details() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let kk = sb.add_member(&owner, "KK", "custodian");
    sb.consenting(&owner, "P01", "interview,recontact");
    sb.as_member(&kk.key)
        .args(["identity", "set", "P01", "--name", "-", "--contact", "-"])
        .write_stdin("Sekar Ayu Wulandari\n+62 813 9876 5432\n")
        .assert()
        .success();

    let receipt: Value = sb.json_as(
        &owner.key,
        &[
            "consent",
            "withdraw",
            "P01",
            "--scopes",
            "recontact",
            "--reason",
            "asked",
            "--yes",
        ],
    );
    assert_eq!(receipt["whole"], false);
    assert_eq!(receipt["identity_values_erased"], 1, "{receipt}");
    let shown: Vec<Value> = sb.json_as(&kk.key, &["identity", "show", "P01"]);
    let purposes: Vec<&str> = shown.iter().map(|e| e["purpose"].as_str().unwrap()).collect();
    assert_eq!(purposes, ["name"], "the contact is gone, the name stays");
    let text = sb
        .as_member(&owner.key)
        .args(["consent", "show", "P01"])
        .assert()
        .success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.contains("withdrawn:  recontact"), "{text}");
}

/// The registry keeps identities of consenting participants only: no consent, or a
/// consent that expired, refuses (exit 6) without repeating the value. What a
/// participant who never consented left in the vault can still be erased.
#[test]
fn the_registry_needs_a_consent_in_force_and_never_consented_data_can_be_erased() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let kk = sb.add_member(&owner, "KK", "custodian");
    let name = "Sekar Ayu Wulandari";
    sb.as_member(&owner.key)
        .args(["participant", "add", "P03", "--attr", "platform=michat"])
        .assert()
        .success();
    let refused = assert_clean_failure(
        sb.as_member(&kk.key)
            .args(["identity", "set", "P03", "--name", "-"])
            .write_stdin(format!("{name}\n")),
        6,
    );
    assert!(refused.contains("consent") && !refused.contains("Sekar"), "{refused}");

    sb.add_participant(&owner, "P04");
    let mut expired = grant_args("P04", "v1", "interview,recontact");
    expired.extend(["--date", "2021-01-04", "--expires", "2021-06-30"]);
    sb.as_member(&owner.key).args(&expired).assert().success();
    let refused = assert_clean_failure(
        sb.as_member(&kk.key)
            .args(["identity", "set", "P04", "--name", "-", "--contact", "-"])
            .write_stdin(format!("{name}\n+62 813 9876 5432\n")),
        6,
    );
    assert!(refused.contains("expired") && !refused.contains("9876"), "{refused}");
    let shown: Vec<Value> = sb.json_as(&kk.key, &["identity", "show", "P04"]);
    assert!(shown.is_empty());

    // P03 never consented, but their attribute is erased by a whole withdrawal.
    let receipt: Value = sb.json_as(
        &owner.key,
        &["consent", "withdraw", "P03", "--reason", "asked", "--yes"],
    );
    assert_eq!(receipt["attributes_erased"], 1, "{receipt}");
    let p03: Value = sb.json_as(&owner.key, &["participant", "show", "P03"]);
    assert_eq!(p03["attributes"], serde_json::json!({}));
    assert_eq!(p03["status"], "withdrawn");
    // With nothing held, there is nothing to withdraw.
    sb.add_participant(&owner, "P05");
    assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["consent", "withdraw", "P05", "--reason", "asked", "--yes"]),
        1,
    );
}

/// A name or contact written on the command line would stay in the shell history
/// and the process list: `identity set` refuses it without repeating it.
#[test]
fn identity_values_on_the_command_line_are_refused() {
    let sb = Sandbox::new();
    let owner = sb.study();
    let kk = sb.add_member(&owner, "KK", "custodian");
    sb.consenting(&owner, "P01", "interview,recontact");
    for args in [
        &["identity", "set", "P01", "--name", "Sekar Ayu Wulandari"][..],
        &[
            "identity",
            "set",
            "P01",
            "--name",
            "-",
            "--contact",
            "+62 813 9876 5432",
        ],
    ] {
        let refused = assert_clean_failure(sb.as_member(&kk.key).args(args).write_stdin("Sekar Ayu Wulandari\n"), 1);
        assert!(
            !refused.contains("Sekar") && !refused.contains("9876") && refused.contains("-"),
            "{refused}"
        );
    }
    let shown: Vec<Value> = sb.json_as(&kk.key, &["identity", "show", "P01"]);
    assert!(shown.is_empty(), "nothing was stored");
}

/// Asked about a day before the participant consented, the gate answers no-consent.
#[test]
fn the_gate_refuses_a_date_before_the_consent_was_given() {
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.add_participant(&owner, "P01");
    let mut grant = grant_args("P01", "v1", "interview");
    grant.extend(["--date", "2021-05-01"]);
    sb.as_member(&owner.key).args(&grant).assert().success();
    let on = |date: &str| {
        let out = sb
            .as_member(&owner.key)
            .args([
                "consent",
                "check",
                "P01",
                "--kind",
                "transcript",
                "--on",
                date,
                "--json",
            ])
            .output()
            .unwrap();
        let decision: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), decision)
    };
    let (code, before) = on("2021-04-30");
    assert_eq!(code, Some(6), "{before}");
    assert_eq!(before["denial"]["reason"], "no-consent", "{before}");
    let (code, after) = on("2021-05-01");
    assert_eq!(code, Some(0), "{after}");
}

/// Two owners withdraw the same scope at the same time. The second withdrawal
/// checks the consent inside its own transaction, so it sees the first and is
/// refused instead of recording the withdrawal twice.
#[test]
fn a_withdrawal_checks_the_consent_inside_its_transaction() {
    use fieldvault::consent::{erase, participant, record};
    use fieldvault::identity::Identity;
    use fieldvault::vault::Session;

    let sb = Sandbox::new();
    let root = sb.vault();
    let mut session = library::vault(&root, TEST_PROTOCOL);
    let p = library::participant(&mut session, "P01");
    library::grant(&mut session, &p, "v1", &[Scope::Interview, Scope::Recontact], None).unwrap();

    let key = sb.path("lib-owner.key");
    let (locked, wait_for_lock) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let identity = Identity::load(&key, &Default::default()).unwrap();
        let mut other = Session::unlock(&root, &identity).unwrap();
        let p = participant::get(other.conn(), "P01").unwrap();
        let write = other.begin().unwrap();
        let index = write
            .log("consent.withdraw", &["P01", "recontact", "0 items erased"])
            .unwrap();
        record::record_withdrawal(&write, &p, Some(&[Scope::Recontact]), "asked", today(), index).unwrap();
        locked.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(700));
        write.commit().unwrap();
    });
    wait_for_lock.recv().unwrap();
    let second = erase::withdraw(&mut session, "P01", Some(vec![Scope::Recontact]), "asked", today());
    other.join().unwrap();
    let err = second.expect_err("the scope was already withdrawn when the second withdrawal ran");
    assert!(err.to_string().contains("no consent in force for recontact"), "{err}");
    let withdrawals = record::history(session.conn(), p.id)
        .unwrap()
        .iter()
        .filter(|r| !r.is_grant())
        .count();
    assert_eq!(withdrawals, 1);
}

/// A withdrawal that would be refused is refused before the confirmation is asked
/// for: the request is checked once, by the library, before and inside the erasure.
#[test]
fn a_doomed_withdrawal_is_refused_before_confirmation() {
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.consenting(&owner, "P01", "interview");
    let refused = assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["consent", "withdraw", "P01", "--reason", "Budi asked"]),
        1,
    );
    assert!(
        refused.contains("reason was refused") && !refused.contains("confirmation"),
        "{refused}"
    );
    let refused = assert_clean_failure(
        sb.as_member(&owner.key).args([
            "consent",
            "withdraw",
            "P01",
            "--scopes",
            "chat_content",
            "--reason",
            "asked",
        ]),
        1,
    );
    assert!(refused.contains("no consent in force for chat_content"), "{refused}");
}
