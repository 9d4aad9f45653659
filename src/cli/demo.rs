//! `fieldvault demo`: the main job on a bundled sample study, printed step by step
//! as a researcher would type it. Each step runs the real command in-process.

use std::path::{Path, PathBuf};

use clap::Parser;

use fieldvault::identity::Identity;
use fieldvault::secret::PassphraseSource;
use fieldvault::{Error, Result, fsutil};

/// Run a whole sample study session: identities, a vault, members and roles, a
/// signed checkpoint for the auditor, a member leaving (key rotation), verification
/// against the auditor's checkpoint, backup and restore.
///
/// Without DIR the demo works in a temporary directory that is deleted at the end.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep the demo's files in DIR (must not exist, or be empty).
    dir: Option<PathBuf>,
}

/// The sample study of DESIGN.md: interviews with online sex workers in Indonesia
/// about impression management on MiChat.
const STUDY_TITLE: &str = "Impression management on MiChat: online sex work in Indonesia (sample study)";

pub fn run(args: Args) -> Result<()> {
    let scratch;
    let root = match args.dir {
        Some(dir) => dir,
        None => {
            scratch = tempfile::Builder::new()
                .prefix("fieldvault-demo-")
                .tempdir()
                .map_err(|e| Error::io("create a temporary directory in", std::env::temp_dir(), e))?;
            scratch.path().to_path_buf()
        }
    };
    if root.exists()
        && std::fs::read_dir(&root)
            .map_err(|e| Error::io("list", &root, e))?
            .next()
            .is_some()
    {
        return Err(Error::invalid(
            format!("{} is not empty", root.display()),
            "give the demo a new directory",
        ));
    }
    fsutil::create_private_dir(&root)?;
    std::env::set_current_dir(&root).map_err(|e| Error::io("enter", &root, e))?;
    println!("# fieldvault demo in {}", root.display());

    say("Each member makes an age identity; the recipient (age1…) is their public key.");
    step(&["keygen", "-o", "pi.key"])?;
    let ra1 = keygen("ra1.key")?;
    let custodian = keygen("custodian.key")?;
    let kepk = keygen("kepk.key")?;
    let ra2 = keygen("ra2.key")?;

    say("The principal investigator (PI) creates the vault and owns it.");
    step(&[
        "init",
        "study",
        "--title",
        STUDY_TITLE,
        "--identity",
        "pi.key",
        "--owner",
        "PI",
    ])?;

    let as_pi = ["--vault", "study", "--identity", "pi.key"];
    say("The PI adds a research assistant, the data custodian and the ethics committee's auditor.");
    step(
        &[
            &as_pi[..],
            &["member", "add", "RA1", "--role", "researcher", "--recipient", &ra1],
        ]
        .concat(),
    )?;
    step(
        &[
            &as_pi[..],
            &[
                "member",
                "add",
                "CUST",
                "--role",
                "custodian",
                "--recipient",
                &custodian,
            ],
        ]
        .concat(),
    )?;
    step(
        &[
            &as_pi[..],
            &["member", "add", "KEPK", "--role", "auditor", "--recipient", &kepk],
        ]
        .concat(),
    )?;
    step(&[&as_pi[..], &["member", "list"]].concat())?;

    say("The research assistant opens the vault with their own identity.");
    step(&["--vault", "study", "--identity", "ra1.key", "status"])?;

    say("A researcher cannot sign checkpoints: that needs the owner's signing key.");
    if let Err(e) = step(&["--vault", "study", "--identity", "ra1.key", "audit", "checkpoint"]) {
        println!("error: {e}\nhint: {}", e.hint());
    }

    say("The PI signs a checkpoint of the audit log; the auditor keeps it.");
    step(&[&as_pi[..], &["audit", "checkpoint", "-o", "kepk-checkpoint.txt"]].concat())?;

    say("A second research assistant joins, then leaves the project: removal rotates every key they held.");
    step(
        &[
            &as_pi[..],
            &["member", "add", "RA2", "--role", "researcher", "--recipient", &ra2],
        ]
        .concat(),
    )?;
    step(&[&as_pi[..], &["member", "remove", "RA2"]].concat())?;
    say("RA2's identity no longer opens the vault.");
    if let Err(e) = step(&["--vault", "study", "--identity", "ra2.key", "status"]) {
        println!("error: {e}\nhint: {}", e.hint());
    }

    say("The auditor's check: the log still extends the checkpoint they kept.");
    step(&[&as_pi[..], &["audit", "verify", "--since", "kepk-checkpoint.txt"]].concat())?;
    step(&[&as_pi[..], &["audit", "log", "--last", "6"]].concat())?;

    say("A backup, encrypted to the owners, and a restore that verifies itself.");
    step(&[&as_pi[..], &["backup", "-o", "study-backup.age"]].concat())?;
    step(&["--identity", "pi.key", "restore", "study-backup.age", "restored"])?;
    step(&["--vault", "restored", "--identity", "pi.key", "status"])?;

    println!();
    if scratch_is_temporary(&root) {
        println!("# The demo ran in a temporary directory, now deleted. Run `fieldvault demo DIR` to keep its files.");
    } else {
        println!("# The demo's files are in {}.", root.display());
    }
    Ok(())
}

fn scratch_is_temporary(root: &Path) -> bool {
    root.starts_with(std::env::temp_dir())
        && root
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("fieldvault-demo-"))
}

fn say(text: &str) {
    println!("\n# {text}");
}

/// Makes an identity with the real command and returns its recipient.
fn keygen(file: &str) -> Result<String> {
    step(&["keygen", "-o", file])?;
    let identity = Identity::load(Path::new(file), &PassphraseSource::default())?;
    Ok(identity.x25519_recipients()[0].clone())
}

/// Prints a command line, then runs it in-process.
fn step(args: &[&str]) -> Result<()> {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    println!("$ fieldvault {}", shown.join(" "));
    let cli = super::Cli::try_parse_from(std::iter::once("fieldvault").chain(args.iter().copied())).map_err(|e| {
        Error::invalid(
            format!("the demo built a bad command line: {e}"),
            "report this as a bug",
        )
    })?;
    super::run(cli)
}
