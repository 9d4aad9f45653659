//! The test harness: runs the real `fieldvault` binary on temporary vaults.
//!
//! * [`Sandbox`] is a private temporary directory with helpers to make identities
//!   and a vault in it; every command runs with a clean environment (no
//!   FIELDVAULT_* variables leak in from the developer's shell).
//! * [`files_containing`] scans every file under a directory for a needle in
//!   UTF-8, UTF-16LE and UTF-16BE: the canary check.
//! * [`assert_clean_failure`] checks that a failing command exited with the expected
//!   code, printed an error and a hint, and no panic or backtrace.
#![allow(dead_code)] // each test binary uses a different part of the harness

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::de::DeserializeOwned;

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

pub struct Member {
    pub key: PathBuf,
    pub recipient: String,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::Builder::new().prefix("fv-test-").tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The default vault directory of the sandbox.
    pub fn vault(&self) -> PathBuf {
        self.path("vault")
    }

    /// A `fieldvault` command with a clean environment, run in the sandbox.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldvault"));
        cmd.current_dir(self.dir.path())
            .env_remove("FIELDVAULT_VAULT")
            .env_remove("FIELDVAULT_IDENTITY")
            .env_remove("FIELDVAULT_PASSPHRASE")
            .env_remove("RUST_BACKTRACE");
        cmd
    }

    /// A command on the sandbox vault as the member with identity `key`.
    pub fn as_member(&self, key: &Path) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("--vault").arg(self.vault()).arg("--identity").arg(key);
        cmd
    }

    /// Makes an identity with `fieldvault keygen`.
    pub fn keygen(&self, name: &str) -> Member {
        let key = self.path(&format!("{name}.key"));
        let out = self.cmd().arg("keygen").arg("-o").arg(&key).assert().success();
        let recipient = String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .trim()
            .to_string();
        assert!(recipient.starts_with("age1"), "keygen printed {recipient}");
        Member { key, recipient }
    }

    /// Makes an owner identity and a vault titled `title`; returns the owner.
    pub fn init(&self, title: &str) -> Member {
        let owner = self.keygen("owner");
        self.cmd()
            .arg("init")
            .arg(self.vault())
            .args(["--title", title, "--owner", "PI", "--identity"])
            .arg(&owner.key)
            .assert()
            .success();
        owner
    }

    /// Adds a member (as `owner`) and returns their identity.
    pub fn add_member(&self, owner: &Member, name: &str, role: &str) -> Member {
        let member = self.keygen(&format!("member-{name}"));
        self.as_member(&owner.key)
            .args(["member", "add", name, "--role", role, "--recipient", &member.recipient])
            .assert()
            .success();
        member
    }

    /// Signs a checkpoint as `owner` and writes it to `out`, as an auditor would keep it.
    pub fn checkpoint_to(&self, owner: &Member, out: &Path) {
        self.as_member(&owner.key)
            .args(["audit", "checkpoint", "-o"])
            .arg(out)
            .assert()
            .success();
    }

    /// Runs `args` on the sandbox vault as the member with identity `key`, with
    /// `--json`, and parses its stdout.
    pub fn json_as<T: DeserializeOwned>(&self, key: &Path, args: &[&str]) -> T {
        let mut cmd = self.as_member(key);
        cmd.args(args);
        self.json(cmd)
    }

    /// Runs a command that must succeed with `--json` and parses its stdout.
    pub fn json<T: DeserializeOwned>(&self, mut cmd: Command) -> T {
        let out = cmd.arg("--json").assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not the expected JSON ({e}): {}",
                String::from_utf8_lossy(&out.get_output().stdout)
            )
        })
    }
}

/// Every file under `root` whose bytes contain `needle` as UTF-8, UTF-16LE or UTF-16BE.
pub fn files_containing(root: &Path, needle: &str) -> Vec<PathBuf> {
    let utf16le: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let patterns = [needle.as_bytes().to_vec(), utf16le, utf16be];
    all_files(root)
        .into_iter()
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap();
            patterns.iter().any(|p| contains(&bytes, p))
        })
        .collect()
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Copies the directory tree `from` into `to` (made if missing; files there are
/// overwritten) with a vault's permissions, directories 0700 and files 0600, which a
/// git checkout does not keep.
pub fn copy_private_tree(from: &Path, to: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(to).unwrap();
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_private_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}

/// Every regular file under `root`, recursively.
pub fn all_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Checks a failed command: the exit code, an `error:` and a `hint:` line, no panic,
/// no backtrace. Returns stderr.
pub fn assert_clean_failure(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().failure();
    let output = out.get_output();
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(output.status.code(), Some(code), "exit code; stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "stderr: {stderr}");
    assert!(stderr.contains("\nhint: "), "stderr: {stderr}");
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "AGE-SECRET-KEY",
        "PRIVATE+KEY",
    ] {
        assert!(!stderr.contains(bad), "stderr leaks {bad}: {stderr}");
    }
    stderr
}

/// A protocol for tests: valid 2020 to 2099, every scope but faces_unblurred
/// approved, every kind approved, three forms. `{study_end}` and `{audio_retain}`
/// can be replaced to test retention.
pub const TEST_PROTOCOL: &str = r#"
[study]
title = "Test study"
approval_number = "TEST/001"
committee = "Test committee"
valid_from = 2020-01-01
valid_until = 2099-12-31
study_end = 2098-12-31
identity_registry = true
scopes = ["interview", "audio_recording", "verbatim_quotes", "profile_content", "chat_content", "archiving", "secondary_use", "recontact"]

[kinds.transcript]
scope = "interview"
retain = { years_after_study_end = 5 }

[kinds.field-note]
scope = "interview"

[kinds.audio]
scope = "audio_recording"
retain = { days_after_import = 30 }

[kinds.chat]
scope = "chat_content"

[kinds.profile-image]
scope = "profile_content"

[kinds.profile-status]
scope = "profile_content"

[[forms]]
version = "v1"
language = "id"
text = "Lembar persetujuan versi 1"

[[forms]]
version = "v2"
language = "id"
text = "Lembar persetujuan versi 2"

[[forms]]
version = "v3"
language = "en"
text = "Consent form version 3"
"#;

impl Sandbox {
    /// Writes `text` to a file in the sandbox and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A vault with the test protocol applied; returns the owner.
    pub fn study(&self) -> Member {
        let owner = self.init("Test study");
        self.apply_protocol(&owner, "protocol.toml", TEST_PROTOCOL);
        owner
    }

    /// Writes `text` to the file `name` and applies it as the next protocol version.
    pub fn apply_protocol(&self, owner: &Member, name: &str, text: &str) {
        self.as_member(&owner.key)
            .args(["protocol", "apply"])
            .arg(self.write(name, text))
            .assert()
            .success();
    }

    /// Adds participant `code` and records a consent for `scopes` on form v1.
    pub fn consenting(&self, owner: &Member, code: &str, scopes: &str) {
        self.add_participant(owner, code);
        self.record_consent(owner, code, scopes);
    }

    /// Withdraws participant `code`'s consent to `scopes` (comma-separated), confirmed.
    pub fn withdraw_scopes(&self, owner: &Member, code: &str, scopes: &str, reason: &str) {
        self.as_member(&owner.key)
            .args([
                "consent", "withdraw", code, "--scopes", scopes, "--reason", reason, "--yes",
            ])
            .assert()
            .success();
    }

    /// Adds participant `code`, with no consent yet.
    pub fn add_participant(&self, owner: &Member, code: &str) {
        self.as_member(&owner.key)
            .args(["participant", "add", code])
            .assert()
            .success();
    }

    /// Records a consent of participant `code` for `scopes` on form v1.
    pub fn record_consent(&self, owner: &Member, code: &str, scopes: &str) {
        self.as_member(&owner.key)
            .args([
                "consent",
                "record",
                code,
                "--form",
                "v1",
                "--language",
                "id",
                "--method",
                "chat-text",
            ])
            .args(["--taken-by", "RA1", "--adult-confirmed", "--scopes", scopes])
            .assert()
            .success();
    }

    /// What a failed command must leave untouched: the audit log, the consent
    /// matrix, the participants and every consent history, as JSON text.
    pub fn fingerprint(&self, owner: &Member) -> String {
        let mut out = String::new();
        for args in [
            &["audit", "log", "--json"][..],
            &["consent", "list", "--json"],
            &["participant", "list", "--json"],
        ] {
            let o = self.as_member(&owner.key).args(args).assert().success();
            out.push_str(&String::from_utf8_lossy(&o.get_output().stdout));
        }
        out
    }
}

/// A vault made and unlocked through the library, for tests that store items
/// (the importers come later) or look inside the store.
pub mod library {
    use std::path::Path;

    use fieldvault::consent::participant::{self, Participant};
    use fieldvault::consent::record::{self, Grant};
    use fieldvault::consent::{Method, Scope, protocol, today};
    use fieldvault::identity::{self, Identity};
    use fieldvault::vault::{self, Ownership, Session};

    /// Creates a vault in `root` owned by a new identity, applies `protocol_text`,
    /// and returns the owner's session.
    pub fn vault(root: &Path, protocol_text: &str) -> Session {
        let dir = root.parent().unwrap();
        let key = dir.join("lib-owner.key");
        let recipient = identity::generate(&key, None).unwrap();
        vault::init(root, "Library study", "PI", Ownership::Recipients(vec![recipient])).unwrap();
        let identity = Identity::load(&key, &Default::default()).unwrap();
        let mut session = Session::unlock(root, &identity).unwrap();
        let file = dir.join("lib-protocol.toml");
        std::fs::write(&file, protocol_text).unwrap();
        let loaded = protocol::load(&file).unwrap();
        let write = session.begin().unwrap();
        protocol::apply(&write, &loaded, "PI").unwrap();
        write.commit().unwrap();
        session
    }

    /// Adds a participant.
    pub fn participant(session: &mut Session, code: &str) -> Participant {
        let write = session.begin().unwrap();
        let p = participant::add(&write, code, &[]).unwrap();
        write.commit().unwrap();
        p
    }

    /// Records a grant of `scopes` on `form`, with optional evidence.
    pub fn grant(
        session: &mut Session,
        p: &Participant,
        form: &str,
        scopes: &[Scope],
        evidence: Option<Vec<u8>>,
    ) -> fieldvault::Result<record::ConsentRecord> {
        let vault_id = session.vault_id().to_string();
        let content = session.content_key("test").unwrap().clone();
        let p = participant::get(session.conn(), &p.code).unwrap();
        let grant = Grant {
            form,
            language: "id",
            method: Method::ChatText,
            taken_by: "RA1",
            witness: None,
            adult_confirmed: true,
            scopes: scopes.to_vec(),
            given_on: today(),
            expires_on: None,
            condition: None,
            evidence,
        };
        let write = session.begin()?;
        let record = record::record_grant(&write, &p, &grant, today(), Some((&vault_id, &content)))?;
        write.commit()?;
        Ok(record)
    }
}
