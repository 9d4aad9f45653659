//! The vault core through the real binary and the real store.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Sandbox, all_files, assert_clean_failure, copy_private_tree, files_containing};
use serde_json::Value;

fn open_session(vault: &Path, key: &Path) -> fieldvault::vault::Session {
    let identity = fieldvault::identity::Identity::load(key, &Default::default()).unwrap();
    fieldvault::vault::Session::unlock(vault, &identity).unwrap()
}

#[test]
fn title_and_member_names_never_reach_the_disk_in_clear() {
    let sb = Sandbox::new();
    let title_canary = "CANARY-TITLE-7f3a9c Kajian MiChat";
    let owner = sb.init(title_canary);
    let member_canary = "CanaryMember-Q4xZ81";
    let removed_canary = "CanaryLeaver-Pm20vB";
    sb.add_member(&owner, member_canary, "researcher");
    sb.add_member(&owner, removed_canary, "researcher");
    sb.as_member(&owner.key)
        .args(["audit", "checkpoint"])
        .assert()
        .success();
    sb.as_member(&owner.key)
        .args(["member", "remove", removed_canary])
        .assert()
        .success();

    // The values are really stored: the status shows them to a member.
    let status: Value = sb.json_as(&owner.key, &["status"]);
    assert_eq!(status["title"], title_canary);
    assert!(
        status["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == member_canary)
    );

    let files = all_files(&sb.vault());
    assert!(
        files
            .iter()
            .any(|f| f.file_name().unwrap().to_string_lossy().ends_with(".db"))
    );
    for canary in [title_canary, member_canary, removed_canary, "Kajian MiChat"] {
        assert_eq!(
            files_containing(&sb.vault(), canary),
            Vec::<std::path::PathBuf>::new(),
            "{canary} found in clear"
        );
    }
}

#[test]
fn vault_files_are_private() {
    let sb = Sandbox::new();
    let owner = sb.init("perm study");
    sb.add_member(&owner, "RA1", "researcher");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&sb.vault()), 0o700);
    assert_eq!(mode(&owner.key), 0o600);
    for file in all_files(&sb.vault()) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        assert_eq!(mode(file.parent().unwrap()), 0o700, "{}", file.display());
    }
}

#[test]
fn key_files_are_standard_age_files() {
    use std::io::Read;
    use std::str::FromStr;
    let sb = Sandbox::new();
    let owner = sb.init("age study");
    let ra = sb.add_member(&owner, "RA1", "researcher");
    let keys_dir = sb.vault().join("keys-1");
    let files = all_files(&keys_dir);
    assert_eq!(files.len(), 2, "one key file per key-holding member");

    // Decrypt with the age crate directly, as `age -d -i ra.key` would.
    let secret_line = std::fs::read_to_string(&ra.key)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    let identity = age::x25519::Identity::from_str(&secret_line).unwrap();
    let mut opened = 0;
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
        let decryptor = age::Decryptor::new(&bytes[..]).unwrap();
        if let Ok(mut reader) = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
            let mut text = String::new();
            reader.read_to_string(&mut text).unwrap();
            assert!(text.starts_with("fieldvault-member-keys v1\n"));
            assert!(text.contains("database-key: ") && text.contains("content-key: "));
            assert!(
                !text.contains("identity-key: ") && !text.contains("signing-key: "),
                "a researcher holds neither"
            );
            opened += 1;
        }
    }
    assert_eq!(opened, 1, "the researcher's identity opens exactly their own key file");
}

#[test]
fn wrong_identity_is_refused_as_not_a_member() {
    let sb = Sandbox::new();
    sb.init("study");
    let stranger = sb.keygen("stranger");
    let stderr = assert_clean_failure(sb.as_member(&stranger.key).arg("status"), 3);
    assert!(stderr.contains("is not a member of this vault"), "{stderr}");
}

#[test]
fn removed_member_is_refused_and_keys_are_rotated() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let ra = sb.add_member(&owner, "RA1", "researcher");
    sb.as_member(&ra.key).arg("status").assert().success();
    let old_key_file = std::fs::read(all_files(&sb.vault().join("keys-1"))[0].clone()).unwrap();

    let report: Value = sb.json_as(&owner.key, &["member", "remove", "RA1"]);
    assert_eq!(report["keys_rotated"], true);
    assert_eq!(report["generation"], 2);
    assert!(
        !sb.vault().join("keys-1").exists() && !sb.vault().join("vault-1.db").exists(),
        "old generation deleted"
    );

    let stderr = assert_clean_failure(sb.as_member(&ra.key).arg("status"), 3);
    assert!(stderr.contains("belonged to a member who was removed"), "{stderr}");
    // The owner still opens it, and the log records the removal.
    let log: Vec<Value> = sb.json_as(&owner.key, &["audit", "log"]);
    assert!(
        log.iter()
            .any(|e| e["action"] == "member.remove" && e["objects"][0] == "RA1")
    );
    assert!(
        !all_files(&sb.vault())
            .iter()
            .any(|f| std::fs::read(f).unwrap() == old_key_file)
    );
}

#[test]
fn role_without_the_needed_key_gets_an_error_naming_the_role() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let ra = sb.add_member(&owner, "RA1", "researcher");
    let custodian = sb.add_member(&owner, "CUST", "custodian");
    let stderr = assert_clean_failure(
        sb.as_member(&ra.key).args([
            "member",
            "add",
            "X",
            "--role",
            "owner",
            "--recipient",
            &custodian.recipient,
        ]),
        3,
    );
    assert!(stderr.contains("needs the role owner"), "{stderr}");
    let stderr = assert_clean_failure(sb.as_member(&custodian.key).args(["audit", "checkpoint"]), 3);
    assert!(
        stderr.contains("needs the role owner") && stderr.contains("custodian"),
        "{stderr}"
    );
    // An auditor holds no key file at all, so cannot open the vault.
    let auditor = sb.add_member(&owner, "KEPK", "auditor");
    assert_clean_failure(sb.as_member(&auditor.key).arg("status"), 3);
}

#[test]
fn corrupted_database_pages_are_reported_as_damage() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    for i in 0..5 {
        sb.add_member(&owner, &format!("RA{i}"), "researcher");
    }
    let db = sb.vault().join("vault-1.db");
    assert!(
        !sb.vault().join("vault-1.db-wal").exists()
            || std::fs::metadata(sb.vault().join("vault-1.db-wal")).unwrap().len() == 0
    );
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages >= 2);
    for page in 1..pages {
        bytes[page * 4096 + 200] ^= 0xff;
    }
    std::fs::write(&db, &bytes).unwrap();
    let stderr = assert_clean_failure(sb.as_member(&owner.key).args(["audit", "verify"]), 4);
    assert!(stderr.contains("is damaged"), "{stderr}");

    // Page 1 too: the error comes at open, and is still "damaged", not "wrong key".
    bytes[300] ^= 0xff;
    std::fs::write(&db, &bytes).unwrap();
    let stderr = assert_clean_failure(sb.as_member(&owner.key).arg("status"), 4);
    assert!(stderr.contains("is damaged"), "{stderr}");
}

#[test]
fn key_file_from_another_vault_is_detected() {
    let sb = Sandbox::new();
    let owner = sb.init("study A");
    // A second vault owned by the same identity.
    let other = sb.path("other");
    sb.cmd()
        .arg("init")
        .arg(&other)
        .args(["--title", "study B", "--identity"])
        .arg(&owner.key)
        .assert()
        .success();
    let mine = all_files(&sb.vault().join("keys-1")).remove(0);
    let theirs = all_files(&other.join("keys-1")).remove(0);
    std::fs::copy(&theirs, &mine).unwrap();
    let stderr = assert_clean_failure(sb.as_member(&owner.key).arg("status"), 4);
    assert!(stderr.contains("does not belong to this vault"), "{stderr}");
}

#[test]
fn planted_key_file_with_the_right_ids_fails_the_key_check() {
    use fieldvault::keys::{KeyBundle, Role, VaultKeys};
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let header: Value = serde_json::from_slice(&std::fs::read(sb.vault().join("vault.json")).unwrap()).unwrap();
    let vault_id = header["vault_id"].as_str().unwrap();
    let key_file = all_files(&sb.vault().join("keys-1")).remove(0);
    let member_id = key_file.file_stem().unwrap().to_str().unwrap();
    // An attacker who can write the directory encrypts keys of their own to the owner.
    let forged = KeyBundle::for_role(vault_id, member_id, Role::Owner, &VaultKeys::generate("x"));
    let sealed =
        fieldvault::identity::encrypt(std::slice::from_ref(&owner.recipient), forged.encode().as_bytes()).unwrap();
    std::fs::write(&key_file, sealed).unwrap();
    let stderr = assert_clean_failure(sb.as_member(&owner.key).arg("status"), 4);
    assert!(
        stderr.contains("database key that does not belong to this vault"),
        "{stderr}"
    );
}

#[test]
fn edited_log_entry_is_found_and_named() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    sb.add_member(&owner, "RA1", "researcher");
    sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();
    {
        let session = open_session(&sb.vault(), &owner.key);
        let changed = session
            .conn()
            .execute(
                "UPDATE audit_log SET entry = replace(entry, 'RA1', 'RA9') WHERE idx = 2",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }
    let stderr = assert_clean_failure(sb.as_member(&owner.key).args(["audit", "verify"]), 4);
    assert!(stderr.contains("entry 2 was altered"), "{stderr}");
}

#[test]
fn consistent_rewrite_and_truncation_are_caught_by_checkpoints() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    sb.add_member(&owner, "RA1", "researcher");
    let kept = sb.path("auditor-checkpoint.txt");
    sb.checkpoint_to(&owner, &kept);
    sb.add_member(&owner, "RA2", "researcher");
    let ok: Value = sb.json({
        let mut c = sb.as_member(&owner.key);
        c.args(["audit", "verify", "--since"]).arg(&kept);
        c
    });
    assert_eq!(ok["since"]["size"], 4);

    // Rewrite entry 2 and its leaf hash, so the entry alone looks fine.
    {
        let session = open_session(&sb.vault(), &owner.key);
        let entry: String = session
            .conn()
            .query_row("SELECT entry FROM audit_log WHERE idx = 2", [], |r| r.get(0))
            .unwrap();
        let forged = entry.replace("RA1", "RA7");
        let hash = tlog_tiles::record_hash(forged.as_bytes());
        session
            .conn()
            .execute(
                "UPDATE audit_log SET entry = ?1, leaf_hash = ?2 WHERE idx = 2",
                rusqlite::params![forged, hash.0.as_slice()],
            )
            .unwrap();
    }
    let stderr = assert_clean_failure(sb.as_member(&owner.key).args(["audit", "verify"]), 4);
    assert!(stderr.contains("history was rewritten"), "{stderr}");

    // Truncation, with the stored checkpoints removed too: only the auditor's copy catches it.
    let sb = Sandbox::new();
    let owner = sb.init("study");
    sb.add_member(&owner, "RA1", "researcher");
    let kept = sb.path("auditor-checkpoint.txt");
    sb.checkpoint_to(&owner, &kept);
    {
        let session = open_session(&sb.vault(), &owner.key);
        session
            .conn()
            .execute_batch("DELETE FROM audit_log WHERE idx >= 2; DELETE FROM checkpoints;")
            .unwrap();
    }
    sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();
    let stderr = assert_clean_failure(
        sb.as_member(&owner.key).args(["audit", "verify", "--since"]).arg(&kept),
        4,
    );
    assert!(stderr.contains("removed or the vault was rolled back"), "{stderr}");
}

#[test]
fn forged_checkpoint_file_is_rejected() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let kept = sb.path("cp.txt");
    sb.checkpoint_to(&owner, &kept);
    let text = std::fs::read_to_string(&kept).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "3");
    lines[1] = "2";
    std::fs::write(&kept, lines.join("\n") + "\n").unwrap();
    let stderr = assert_clean_failure(
        sb.as_member(&owner.key).args(["audit", "verify", "--since"]).arg(&kept),
        4,
    );
    assert!(stderr.contains("forged or altered"), "{stderr}");
}

#[test]
fn json_outputs_deserialise() {
    let sb = Sandbox::new();
    let owner = sb.init("json study");
    sb.add_member(&owner, "RA1", "researcher");
    let run = |args: &[&str]| -> Value { sb.json_as(&owner.key, args) };
    let status = run(&["status"]);
    assert_eq!(status["schema_version"], fieldvault::store::migrate::latest_version());
    assert_eq!(status["you"]["role"], "owner");
    assert_eq!(status["log_size"], 3);
    let members = run(&["member", "list"]);
    assert_eq!(members.as_array().unwrap().len(), 2);
    assert_eq!(members[1]["role"], "researcher");
    let cp = run(&["audit", "checkpoint"]);
    assert_eq!(cp["size"], 4);
    let verify = run(&["audit", "verify"]);
    assert_eq!(verify["size"], 4);
    assert_eq!(verify["checkpoints_checked"], 1);
    let log = run(&["audit", "log", "--last", "2"]);
    assert_eq!(
        log.as_array()
            .unwrap()
            .iter()
            .map(|e| e["index"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn passphrase_vault_opens_with_the_recovery_identity() {
    let sb = Sandbox::new();
    let pass_file = sb.path("pass.txt");
    std::fs::write(&pass_file, "correct horse battery staple\n").unwrap();
    sb.cmd()
        .arg("init")
        .arg(sb.vault())
        .args(["--title", "passphrase study", "--passphrase", "--passphrase-file"])
        .arg(&pass_file)
        .assert()
        .success();
    let recovery = std::fs::read_to_string(sb.vault().join("recovery-identity.age")).unwrap();
    assert!(recovery.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    sb.cmd()
        .arg("--vault")
        .arg(sb.vault())
        .arg("status")
        .env("FIELDVAULT_PASSPHRASE", "correct horse battery staple")
        .assert()
        .success();
    let stderr = assert_clean_failure(
        sb.cmd()
            .arg("--vault")
            .arg(sb.vault())
            .arg("status")
            .env("FIELDVAULT_PASSPHRASE", "wrong"),
        3,
    );
    assert!(stderr.contains("wrong passphrase"), "{stderr}");
    assert!(!stderr.contains("wrong\n") && !stderr.contains("correct horse"));
}

#[test]
fn passphrase_protected_identity_file_works() {
    let sb = Sandbox::new();
    let pass_file = sb.path("pass.txt");
    std::fs::write(&pass_file, "s3cret words\n").unwrap();
    let key = sb.path("me.key");
    let out = sb
        .cmd()
        .arg("keygen")
        .arg("-o")
        .arg(&key)
        .arg("--passphrase")
        .arg("--passphrase-file")
        .arg(&pass_file)
        .assert()
        .success();
    let recipient = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!std::fs::read_to_string(&key).unwrap().contains("AGE-SECRET-KEY"));
    sb.cmd()
        .arg("init")
        .arg(sb.vault())
        .args(["--title", "t", "--identity"])
        .arg(&key)
        .arg("--passphrase-file")
        .arg(&pass_file)
        .assert()
        .success();
    let members: Value = sb.json({
        let mut c = sb.as_member(&key);
        c.args(["member", "list"]).arg("--passphrase-file").arg(&pass_file);
        c
    });
    assert_eq!(members[0]["recipients"][0], recipient.trim());
    // keygen never overwrites.
    assert_clean_failure(sb.cmd().arg("keygen").arg("-o").arg(&key), 1);
}

#[test]
fn backup_restores_into_a_verified_vault() {
    let sb = Sandbox::new();
    let canary = "CANARY-BACKUP-TITLE-55e1";
    let owner = sb.init(canary);
    let ra = sb.add_member(&owner, "RA1", "researcher");
    sb.as_member(&owner.key)
        .args(["audit", "checkpoint"])
        .assert()
        .success();
    let backup = sb.path("study.age");
    sb.as_member(&owner.key)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    assert!(std::fs::read(&backup).unwrap().starts_with(b"age-encryption.org/v1\n"));
    assert!(files_containing(sb.dir.path(), canary).is_empty());

    // A researcher cannot open an owners' backup.
    let stderr = assert_clean_failure(
        sb.cmd()
            .arg("--identity")
            .arg(&ra.key)
            .arg("restore")
            .arg(&backup)
            .arg(sb.path("r1")),
        1,
    );
    assert!(stderr.contains("not encrypted to this identity"), "{stderr}");
    assert!(!sb.path("r1").exists(), "a failed restore leaves nothing behind");

    let restored = sb.path("restored");
    let report: Value = sb.json({
        let mut c = sb.cmd();
        c.arg("--identity")
            .arg(&owner.key)
            .arg("restore")
            .arg(&backup)
            .arg(&restored);
        c
    });
    assert_eq!(report["checkpoints_checked"], 1);
    let status: Value = sb.json({
        let mut c = sb.cmd();
        c.arg("--vault")
            .arg(&restored)
            .arg("--identity")
            .arg(&ra.key)
            .arg("status");
        c
    });
    assert_eq!(status["title"], canary);
    let last: Value = sb.json({
        let mut c = sb.cmd();
        c.arg("--vault")
            .arg(&restored)
            .arg("--identity")
            .arg(&owner.key)
            .args(["audit", "log", "--last", "2"]);
        c
    });
    assert_eq!(last[0]["action"], "vault.backup");
    assert_eq!(last[1]["action"], "vault.restore");
    // Restoring over an existing directory is refused.
    assert_clean_failure(
        sb.cmd()
            .arg("--identity")
            .arg(&owner.key)
            .arg("restore")
            .arg(&backup)
            .arg(&restored),
        1,
    );
}

#[test]
fn bad_input_gets_clear_errors_and_changes_nothing() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let size = |sb: &Sandbox| -> u64 {
        let s: Value = sb.json_as(&owner.key, &["status"]);
        s["log_size"].as_u64().unwrap()
    };
    let before = size(&sb);
    let stderr = assert_clean_failure(
        sb.as_member(&owner.key).args([
            "member",
            "add",
            "RA1",
            "--role",
            "researcher",
            "--recipient",
            "age1notakey",
        ]),
        1,
    );
    assert!(stderr.contains("is not an age recipient"), "{stderr}");
    let bad_file = sb.path("recipients.txt");
    std::fs::write(&bad_file, "# team\nage1bogus\n").unwrap();
    let stderr = assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["member", "add", "RA1", "--role", "researcher", "--recipients-file"])
            .arg(&bad_file),
        1,
    );
    assert!(stderr.contains("recipients.txt:2:"), "{stderr}");
    let stderr = assert_clean_failure(sb.as_member(&owner.key).args(["member", "remove", "nobody"]), 1);
    assert!(stderr.contains("no member named nobody"), "{stderr}");
    assert_clean_failure(sb.as_member(&owner.key).args(["member", "remove", "PI"]), 1);
    assert_clean_failure(sb.cmd().arg("status"), 1);
    let stderr = assert_clean_failure(
        sb.cmd()
            .arg("--vault")
            .arg(sb.dir.path())
            .arg("--identity")
            .arg(&owner.key)
            .arg("status"),
        1,
    );
    assert!(stderr.contains("is not a fieldvault vault"), "{stderr}");
    let stderr = assert_clean_failure(
        sb.cmd()
            .arg("init")
            .arg(sb.vault())
            .args(["--title", "again", "--identity"])
            .arg(&owner.key),
        1,
    );
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(size(&sb), before, "nothing was logged or changed");
}

#[test]
fn concurrent_writers_wait_for_each_other() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let recipients: Vec<String> = (0..8).map(|i| sb.keygen(&format!("c{i}")).recipient).collect();
    let children: Vec<std::process::Child> = recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            std::process::Command::new(env!("CARGO_BIN_EXE_fieldvault"))
                .arg("--vault")
                .arg(sb.vault())
                .arg("--identity")
                .arg(&owner.key)
                .args([
                    "member",
                    "add",
                    &format!("C{i}"),
                    "--role",
                    "researcher",
                    "--recipient",
                    r,
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => succeeded += 1,
            Some(5) => assert!(stderr.contains("busy"), "{stderr}"),
            other => panic!("unexpected exit {other:?}: {stderr}"),
        }
    }
    assert!(succeeded >= 1);
    let members: Value = sb.json_as(&owner.key, &["member", "list"]);
    assert_eq!(members.as_array().unwrap().len(), 1 + succeeded);
    sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();
    assert_eq!(all_files(&sb.vault().join("keys-1")).len(), 1 + succeeded);
}

#[test]
fn killed_rotation_leaves_a_vault_that_opens() {
    for delay_ms in [0u64, 5, 15, 30, 60, 120] {
        let sb = Sandbox::new();
        let owner = sb.init("study");
        let ra = sb.add_member(&owner, "RA1", "researcher");
        sb.add_member(&owner, "RA2", "researcher");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fieldvault"))
            .arg("--vault")
            .arg(sb.vault())
            .arg("--identity")
            .arg(&owner.key)
            .args(["member", "remove", "RA2"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment of death: the vault opens, the log verifies, and RA2
        // is either still a member (old generation) or removed (new generation).
        sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();
        sb.as_member(&ra.key).arg("status").assert().success();
        let members: Value = sb.json_as(&owner.key, &["member", "list"]);
        let names: Vec<&str> = members
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        let header: Value = serde_json::from_slice(&std::fs::read(sb.vault().join("vault.json")).unwrap()).unwrap();
        let generation = header["generation"].as_u64().unwrap();
        assert_eq!(
            names.contains(&"RA2"),
            generation == 1,
            "delay {delay_ms} ms: {names:?} at generation {generation}"
        );
        // A later rotation works on whatever was left.
        sb.as_member(&owner.key)
            .args(["member", "remove", "RA1"])
            .assert()
            .success();
        sb.as_member(&owner.key).args(["audit", "verify"]).assert().success();
    }
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(["completions", "bash"]).assert().success();
    let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(script.contains("fieldvault") && script.contains("checkpoint"));
    let out = sb.cmd().arg("man").assert().success();
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(page.contains(".TH fieldvault"));
    let dir = sb.path("man");
    sb.cmd().arg("man").arg("-o").arg(&dir).assert().success();
    assert!(dir.join("fieldvault-member-add.1").exists());
}

#[test]
fn demo_runs_end_to_end() {
    let sb = Sandbox::new();
    let dir = sb.path("demo");
    let out = sb.cmd().arg("demo").arg(&dir).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("$ fieldvault --vault study --identity pi.key audit verify --since kepk-checkpoint.txt"));
    assert!(stdout.contains("Extends your checkpoint"));
    assert!(stdout.contains("belonged to a member who was removed"));
    assert!(dir.join("restored").join("vault.json").exists());
}

#[test]
fn a_researcher_who_promotes_themselves_is_caught_before_getting_keys() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    let ra = sb.add_member(&owner, "RA1", "researcher");
    sb.add_member(&owner, "RA2", "researcher");
    // RA1 holds the database key and edits the members table directly.
    {
        let session = open_session(&sb.vault(), &ra.key);
        session
            .conn()
            .execute("UPDATE members SET role = 'owner' WHERE name = 'RA1'", [])
            .unwrap();
    }
    // The owner's next command refuses the vault instead of rotating keys to RA1.
    let stderr = assert_clean_failure(sb.as_member(&owner.key).args(["member", "remove", "RA2"]), 4);
    assert!(
        stderr.contains("member list was changed outside fieldvault"),
        "{stderr}"
    );
    let stderr = assert_clean_failure(sb.as_member(&ra.key).args(["backup", "-o", "b.age"]), 3);
    assert!(stderr.contains("needs the role owner"), "{stderr}");
}

fn header_version(vault: &Path) -> u64 {
    let header: Value = serde_json::from_slice(&std::fs::read(vault.join("vault.json")).unwrap()).unwrap();
    header["version"].as_u64().unwrap()
}

/// `tests/fixtures/vault-format-1` was written by fieldvault before format 2 (commit
/// 88eb29e): SQLCipher's default 4 KiB pages with HMAC-SHA512. It holds participant
/// P01 with a consent and one pending transcript ("Sari Wulandari", "0812-3456-7890").
#[test]
fn a_format_1_vault_from_an_earlier_fieldvault_opens_and_keeps_its_format() {
    let sb = Sandbox::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-format-1");
    copy_private_tree(&fixture.join("vault"), &sb.vault());
    let owner = common::Member {
        key: sb.path("owner.key"),
        recipient: "age1fj3a64v6dquk2nse05f7hzss0dzemdtldpxztv0wdgc605agwf2qr4mzte".into(),
    };
    std::fs::copy(fixture.join("owner.key"), &owner.key).unwrap();

    let status: Value = sb.json_as(&owner.key, &["status"]);
    assert_eq!(status["vault_format"], 1);
    let items: Vec<Value> = sb.json_as(&owner.key, &["items", "list"]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["review_status"], "pending");
    sb.as_member(&owner.key)
        .args(["review", "1", "--approve"])
        .assert()
        .success();
    let shown = sb.as_member(&owner.key).args(["show", "1"]).assert().success();
    let text = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(text.contains("[PERSON_1]") && text.contains("[PHONE_1]"), "{text}");
    assert!(!text.contains("Sari") && !text.contains("3456"), "{text}");
    let transcript = sb.write("t2.txt", "P01: Saya tinggal di kost dekat stasiun.\n");
    sb.as_member(&owner.key)
        .args(["import", "P01"])
        .arg(&transcript)
        .args(["--kind", "transcript"])
        .assert()
        .success();

    // A key rotation writes the next generation in the vault's own format.
    sb.add_member(&owner, "RA1", "researcher");
    sb.as_member(&owner.key)
        .args(["member", "remove", "RA1"])
        .assert()
        .success();
    assert_eq!(header_version(&sb.vault()), 1);
    let items: Vec<Value> = sb.json_as(&owner.key, &["items", "list"]);
    assert_eq!(items.len(), 2);

    // So does a backup, restored.
    let backup = sb.path("v1.age");
    sb.as_member(&owner.key)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let restored = sb.path("restored");
    sb.cmd()
        .arg("--identity")
        .arg(&owner.key)
        .arg("restore")
        .arg(&backup)
        .arg(&restored)
        .assert()
        .success();
    assert_eq!(header_version(&restored), 1);
    let shown = sb
        .cmd()
        .arg("--vault")
        .arg(&restored)
        .arg("--identity")
        .arg(&owner.key)
        .args(["show", "1"])
        .assert()
        .success();
    assert_eq!(String::from_utf8(shown.get_output().stdout.clone()).unwrap(), text);
}

#[test]
fn new_vaults_are_format_2_and_a_newer_format_is_refused_with_a_hint() {
    let sb = Sandbox::new();
    let owner = sb.init("study");
    assert_eq!(header_version(&sb.vault()), 2);
    let status = sb.as_member(&owner.key).arg("status").assert().success();
    let status = String::from_utf8(status.get_output().stdout.clone()).unwrap();
    assert!(
        status.contains("Vault format:    2 (SQLCipher 4 pages of 16 KiB, HMAC-SHA256)"),
        "{status}"
    );
    // Format 2 pages are 16 KiB: the database grows by whole pages.
    let db_len = std::fs::metadata(sb.vault().join("vault-1.db")).unwrap().len();
    assert_eq!(db_len % 16384, 0, "{db_len} bytes");

    let header_path = sb.vault().join("vault.json");
    let header = std::fs::read_to_string(&header_path).unwrap();
    std::fs::write(&header_path, header.replace("\"version\": 2", "\"version\": 3")).unwrap();
    let stderr = assert_clean_failure(sb.as_member(&owner.key).arg("status"), 1);
    assert!(
        stderr.contains("vault format version 3") && stderr.contains("upgrade fieldvault"),
        "{stderr}"
    );
}
