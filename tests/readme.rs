//! The README's quick start, run as it stands: every command in it succeeds, in
//! order, in a fresh directory holding a copy of `examples/`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Sandbox, copy_private_tree};

/// The lines of the quick start's shell block.
fn quick_start() -> Vec<&'static str> {
    let readme = include_str!("../README.md");
    let section = readme.split("## Quick start").nth(1).expect("a Quick start section");
    let block = section.split("```sh\n").nth(1).expect("a shell block in it");
    block.split("```").next().unwrap().lines().collect()
}

#[test]
fn the_quick_start_runs() {
    let sb = Sandbox::new();
    copy_private_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &sb.path("examples"),
    );
    // RA1 and the auditor make their identities and send the PI their recipients.
    let ra1 = sb.keygen("ra1");
    let auditor = sb.keygen("kepk");
    // What a reader pastes in is filled in: the recipients, and the verifier key that
    // `init` printed. The binary under test is the one on the PATH.
    let mut script = String::from("set -euo pipefail\n");
    let mut filled = 0;
    for line in quick_start() {
        let line = match line.split_once('=').map(|(name, _)| name) {
            _ if line.starts_with("cargo install") => continue,
            Some("RA1") => format!("RA1={}", ra1.recipient),
            Some("KEPK") => format!("KEPK={}", auditor.recipient),
            Some("VERIFIER") => "VERIFIER=$(grep -o 'fieldvault.local/vault/[^ ]*' init.out)".to_owned(),
            _ if line.starts_with("fieldvault init ") => format!("{line} | tee init.out"),
            _ => {
                script.push_str(line);
                script.push('\n');
                continue;
            }
        };
        filled += 1;
        script.push_str(&line);
        script.push('\n');
    }
    assert_eq!(
        filled, 4,
        "the quick start no longer has the lines this test fills in:\n{script}"
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_fieldvault")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(sb.dir.path())
        .env("PATH", path)
        .env_remove("FIELDVAULT_VAULT")
        .env_remove("FIELDVAULT_IDENTITY")
        .env_remove("FIELDVAULT_PASSPHRASE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the quick start stopped ({}):\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for made in [
        "study.qdpx.age",
        "quotes.md.age",
        "kepk-checkpoint.txt",
        "report.html",
        "restored-study",
    ] {
        assert!(sb.path(made).exists(), "{made} was not written");
    }
}
