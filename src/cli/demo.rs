//! `fieldvault demo`: the main job on a bundled sample study, printed step by step
//! as a researcher would type it. Each step runs the real command in-process.

use std::path::{Path, PathBuf};

use clap::Parser;

use fieldvault::identity::Identity;
use fieldvault::secret::PassphraseSource;
use fieldvault::{Error, Result, fsutil};

/// Run a whole sample study session: identities, a vault, members and roles, a
/// signed checkpoint for the auditor, a member leaving (key rotation), the ethics
/// protocol, participants and their consent, the consent gate, a partial and a whole
/// withdrawal, retention, verification against the auditor's checkpoint, backup and
/// restore, and the auditor's bundle, its verification and the ethics report.
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
    let pi_recipient = keygen("pi.key")?;
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

    consent_session(&as_pi)?;
    ingest_session()?;
    analysis_session(&as_pi, &pi_recipient)?;

    say("The auditor's check: the log still extends the checkpoint they kept.");
    step(&[&as_pi[..], &["audit", "verify", "--since", "kepk-checkpoint.txt"]].concat())?;
    step(&[&as_pi[..], &["audit", "log", "--last", "6"]].concat())?;

    say("A backup, encrypted to the owners, and a restore that verifies itself.");
    step(&[&as_pi[..], &["backup", "-o", "study-backup.age"]].concat())?;
    step(&["--identity", "pi.key", "restore", "study-backup.age", "restored"])?;
    step(&["--vault", "restored", "--identity", "pi.key", "status"])?;

    auditor_session(&as_pi, &kepk)?;

    println!();
    if scratch_is_temporary(&root) {
        println!("# The demo ran in a temporary directory, now deleted. Run `fieldvault demo DIR` to keep its files.");
    } else {
        println!("# The demo's files are in {}.", root.display());
    }
    Ok(())
}

/// The example protocol of the MiChat study and its forms, as shipped in examples/.
const PROTOCOL: &str = include_str!("../../examples/michat-protocol.toml");
const FORMS: [(&str, &str); 3] = [
    (
        "consent-v1-id.txt",
        include_str!("../../examples/forms/consent-v1-id.txt"),
    ),
    (
        "consent-v2-id.txt",
        include_str!("../../examples/forms/consent-v2-id.txt"),
    ),
    (
        "consent-v2-en.txt",
        include_str!("../../examples/forms/consent-v2-en.txt"),
    ),
];

/// Writes the example protocol with its approval moved around today, so that the
/// demo runs on any date: approved since 9 months, for 21 months more.
fn write_protocol() -> Result<()> {
    use fieldvault::consent::{format_date, today};
    let day = |offset: i64| format_date(today() + time::Duration::days(offset));
    let mut text = String::new();
    for line in PROTOCOL.lines() {
        let replaced = match line.split_once(" = ").map(|(key, _)| key) {
            Some("valid_from") => format!("valid_from = {}", day(-270)),
            Some("valid_until") => format!("valid_until = {}", day(640)),
            Some("study_end") => format!("study_end = {}", day(580)),
            _ => line.to_string(),
        };
        text.push_str(&replaced);
        text.push('\n');
    }
    fsutil::write_atomic(Path::new("protocol.toml"), text.as_bytes())?;
    fsutil::create_private_dir(Path::new("forms"))?;
    for (name, form) in FORMS {
        fsutil::write_atomic(&Path::new("forms").join(name), form.as_bytes())?;
    }
    Ok(())
}

/// Runs a step that is meant to fail and prints its error the way the binary does.
fn refused(args: &[&str]) -> Result<()> {
    match step(args) {
        Ok(()) => Err(Error::invalid(
            "a demo step that should have been refused went through",
            "report this as a bug",
        )),
        Err(e) => {
            println!("error: {e}\nhint: {}", e.hint());
            Ok(())
        }
    }
}

/// The consent part of the demo: protocol, participants, consent, the gate,
/// a partial and a whole withdrawal, retention.
fn consent_session(as_pi: &[&str]) -> Result<()> {
    let pi = |args: &[&str]| step(&[as_pi, args].concat());
    say("The PI applies the ethics protocol the committee approved: kinds, scopes, forms, retention.");
    write_protocol()?;
    pi(&["protocol", "apply", "protocol.toml"])?;
    pi(&["protocol", "show"])?;

    say("Participants are codes with coarse attributes for comparisons; a name is refused.");
    for (code, age, platform) in [
        ("P01", "20-24", "michat"),
        ("P02", "25-29", "michat"),
        ("P03", "30-34", "whatsapp"),
    ] {
        pi(&[
            "participant",
            "add",
            code,
            "--attr",
            &format!("age_band={age}"),
            "--attr",
            &format!("platform={platform}"),
            "--attr",
            "wave=1",
        ])?;
    }
    refused(&[as_pi, &["participant", "add", "P04", "--attr", "nickname=Mbak Sari"]].concat())?;

    say("Each participant's consent, scope by scope, as they chose it.");
    let record = |code: &str, form: &str, method: &str, scopes: &str, extra: &[&str]| {
        pi(&[
            &[
                "consent",
                "record",
                code,
                "--form",
                form,
                "--language",
                "id",
                "--method",
                method,
                "--taken-by",
                "RA1",
            ][..],
            &["--adult-confirmed", "--scopes", scopes],
            extra,
        ]
        .concat())
    };
    record(
        "P01",
        "v2",
        "chat-text",
        "interview,audio_recording,verbatim_quotes,chat_content,profile_content,archiving",
        &[],
    )?;
    record(
        "P02",
        "v2",
        "verbal-recorded",
        "interview,verbatim_quotes,chat_content",
        &[],
    )?;
    record(
        "P03",
        "v1",
        "verbal-attested",
        "interview,chat_content,recontact",
        &["--witness", "CUST"],
    )?;
    pi(&["consent", "list"])?;

    say(
        "The consent gate, which every import and export will ask: allowed, with the record; or refused, with the reason.",
    );
    pi(&["consent", "check", "P02", "--kind", "chat", "--use", "quotation"])?;
    refused(&[as_pi, &["consent", "check", "P02", "--kind", "audio", "--use", "store"]].concat())?;

    say("P02 withdraws consent to quotes only (partial); P03 withdraws entirely (everything erased, receipt issued).");
    pi(&[
        "consent",
        "withdraw",
        "P02",
        "--scopes",
        "verbatim_quotes",
        "--reason",
        "changed mind about quotes",
        "--yes",
    ])?;
    refused(
        &[
            as_pi,
            &["consent", "check", "P02", "--kind", "chat", "--use", "quotation"],
        ]
        .concat(),
    )?;
    pi(&[
        "consent",
        "withdraw",
        "P03",
        "--reason",
        "no longer wishes to take part",
        "--yes",
        "--receipt",
        "receipts",
    ])?;
    pi(&["consent", "history", "P03"])?;
    pi(&["consent", "list"])?;

    say("The content key was renewed by the whole withdrawal; the research assistant still opens the vault.");
    step(&["--vault", "study", "--identity", "ra1.key", "status"])?;

    say("Retention: what is due under the protocol's rules.");
    pi(&["retention", "status"])
}

/// The sample field data of P01, as shipped in examples/samples (fictional).
const SAMPLES: [(&str, &[u8]); 4] = [
    (
        "interview-P01.txt",
        include_bytes!("../../examples/samples/interview-P01.txt"),
    ),
    (
        "Chat WhatsApp dengan Mbak Rina.txt",
        include_bytes!("../../examples/samples/Chat WhatsApp dengan Mbak Rina.txt"),
    ),
    (
        "profile-P01.jpg",
        include_bytes!("../../examples/samples/profile-P01.jpg"),
    ),
    (
        "interview-P02.txt",
        include_bytes!("../../examples/samples/interview-P02.txt"),
    ),
];

/// The codebook of the MiChat study (examples/michat-codebook.qdc).
const CODEBOOK: &[u8] = include_bytes!("../../examples/michat-codebook.qdc");

/// The ingest part of the demo: the research assistant imports P01's interview,
/// a WhatsApp export and a profile screenshot, reviews and approves them; the
/// custodian reads the pseudonym table.
fn ingest_session() -> Result<()> {
    for (name, bytes) in SAMPLES {
        fsutil::write_atomic(Path::new(name), bytes)?;
    }
    let ra1 = |args: &[&str]| step(&[&["--vault", "study", "--identity", "ra1.key"][..], args].concat());
    say("Preview, with no vault: what pseudonymisation would replace in the interview.");
    step(&["pseudonymise", "interview-P01.txt"])?;
    say(
        "The research assistant imports P01's interview, a WhatsApp export and a profile screenshot. \
         Each passes the consent gate, is pseudonymised (text) or stripped of metadata (image), encrypted and logged.",
    );
    ra1(&[
        "import",
        "P01",
        "interview-P01.txt",
        "--kind",
        "transcript",
        "--date",
        "2026-03-02",
    ])?;
    ra1(&["import", "P01", "Chat WhatsApp dengan Mbak Rina.txt", "--kind", "chat"])?;
    ra1(&["import", "P01", "profile-P01.jpg", "--kind", "profile-image"])?;
    say("P02 did not consent to profile content: the gate refuses before anything is stored.");
    refused(&[
        "--vault",
        "study",
        "--identity",
        "ra1.key",
        "import",
        "P02",
        "profile-P01.jpg",
        "--kind",
        "profile-image",
    ])?;
    ra1(&["items", "list"])?;
    say("Review: each replacement in context, and the tokens no detector claimed.");
    ra1(&["review", "1"])?;
    ra1(&["review", "2", "--add", "Kenanga", "--category", "venue", "--approve"])?;
    ra1(&["review", "1", "--approve"])?;
    ra1(&["review", "3", "--approve"])?;
    say("The pseudonymised chat: the same people have the same tags as in the interview.");
    ra1(&["show", "2"])?;
    say("The custodian, who holds the identity key, can read the pseudonym table; the research assistant cannot.");
    step(&["--vault", "study", "--identity", "custodian.key", "pseudonyms", "list"])?;
    refused(&["--vault", "study", "--identity", "ra1.key", "pseudonyms", "list"])
}

/// The analysis part of the demo: the codebook, two coders, counts, agreement, and
/// exports behind the consent gate and the leak scan.
fn analysis_session(as_pi: &[&str], pi_recipient: &str) -> Result<()> {
    fsutil::write_atomic(Path::new("michat-codebook.qdc"), CODEBOOK)?;
    let ra1 = |args: &[&str]| step(&[&["--vault", "study", "--identity", "ra1.key"][..], args].concat());
    let pi = |args: &[&str]| step(&[as_pi, args].concat());
    say("P02's interview is imported and approved too.");
    ra1(&[
        "import",
        "P02",
        "interview-P02.txt",
        "--kind",
        "transcript",
        "--date",
        "2026-03-05",
    ])?;
    ra1(&["review", "4", "--approve"])?;
    say("The PI imports the study's codebook: impression-management strategies and their sub-codes.");
    pi(&["code", "import", "michat-codebook.qdc"])?;
    pi(&["code", "list", "--tree"])?;
    say("The research assistant codes, as coder C1, by matching text (or by --start/--end in characters).");
    let code = |who: &dyn Fn(&[&str]) -> Result<()>, coder: &str, item: &str, code: &str, text: &str| {
        who(&["code", "apply", item, "--code", code, "--match", text, "--coder", coder])
    };
    code(&ra1, "C1", "1", "Physical attributes", "foto dari leher ke bawah")?;
    code(&ra1, "C1", "1", "Service claims", "ramah, sopan, no drama")?;
    code(&ra1, "C1", "2", "Rules and boundaries", "DP 150 ribu")?;
    code(&ra1, "C1", "4", "Honesty and reliability", "foto asli, no tipu-tipu")?;
    code(
        &ra1,
        "C1",
        "4",
        "Rules and boundaries",
        "DP dulu, no nego, wajib pakai pengaman",
    )?;
    ra1(&[
        "code",
        "apply",
        "4",
        "--code",
        "Financial need",
        "--match",
        "Anak saya dua, masih sekolah",
        "--coder",
        "C1",
        "--memo",
        "Need framed as a mother's duty; compare with wave 2.",
    ])?;
    say("The PI codes the same items as a second coder, C2, for agreement.");
    code(&pi, "C2", "1", "Physical attributes", "Paling foto dari leher ke bawah")?;
    code(&pi, "C2", "1", "Service claims", "ramah, sopan")?;
    code(&pi, "C2", "2", "Rules and boundaries", "DP 150 ribu ke DANA")?;
    code(&pi, "C2", "4", "Honesty and reliability", "foto asli, no tipu-tipu")?;
    code(&pi, "C2", "4", "Rules and boundaries", "no nego, wajib pakai pengaman")?;
    code(
        &pi,
        "C2",
        "4",
        "Financial need",
        "Anak saya dua, masih sekolah, jadi saya bilang lagi perlu buat bayar kontrakan",
    )?;
    ra1(&["segments", "list", "--coder", "C1", "--text"])?;
    say("Which strategies dominate, per participant; and how far the two coders agree.");
    ra1(&["analyze", "frequencies"])?;
    ra1(&["analyze", "frequencies", "--by", "participant"])?;
    ra1(&["analyze", "agreement", "--coders", "C1,C2"])?;
    ra1(&["analyze", "cooccurrence"])?;
    say("Exports: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder, encrypted to the PI.");
    ra1(&["export", "qdpx", "-o", "michat.qdpx.age", "--to", pi_recipient])?;
    say("Quotes for publication: P02 withdrew consent to quotes, so P02 is listed as excluded.");
    ra1(&[
        "export",
        "quotes",
        "--code",
        "Rules and boundaries",
        "-o",
        "quotes.md.age",
        "--to",
        pi_recipient,
    ])?;
    say("The PI decrypts the quotes file (any age tool does: age -d -i pi.key quotes.md.age).");
    let identity = Identity::load(Path::new("pi.key"), &PassphraseSource::default())?;
    let quotes = identity
        .decrypt(&fsutil::read(Path::new("quotes.md.age"))?)
        .map_err(|e| Error::invalid(format!("the quotes file does not decrypt: {e}"), "report this as a bug"))?
        .ok_or_else(|| Error::invalid("the quotes file is not for the PI", "report this as a bug"))?;
    println!("{}", String::from_utf8_lossy(&quotes));
    say("A memo that names someone stops the export before a byte is written.");
    ra1(&[
        "code",
        "apply",
        "1",
        "--code",
        "Discretion and safety",
        "--match",
        "plat motor tamunya juga saya foto",
        "--coder",
        "C1",
        "--memo",
        "Sama seperti cerita Mbak Rina di grup",
    ])?;
    refused(&[
        "--vault",
        "study",
        "--identity",
        "ra1.key",
        "export",
        "csv",
        "--memos",
        "-o",
        "segments.csv.age",
        "--to",
        pi_recipient,
    ])?;
    ra1(&["export", "csv", "-o", "segments.csv.age", "--to", pi_recipient])
}

/// The end of the demo: the auditor's bundle, verified on their side with the key
/// the committee received, and the report.
fn auditor_session(as_pi: &[&str], kepk: &str) -> Result<()> {
    // The verifier key the committee received with the approval (`init` printed it).
    let verifier_key = {
        let identity = Identity::load(Path::new("pi.key"), &PassphraseSource::default())?;
        let session = fieldvault::vault::Session::unlock(Path::new("study"), &identity)?;
        fieldvault::audit::checkpoint::verifier_keys(session.conn())?.remove(0)
    };
    say("The PI makes an audit bundle for the ethics committee, encrypted to the auditor KEPK.");
    step(&[as_pi, &["audit", "bundle", "--to", kepk, "-o", "kepk.bundle.age"]].concat())?;
    say(
        "The auditor verifies it with no vault at hand, against the key the committee received, and keeps the checkpoint.",
    );
    let as_kepk = ["--identity", "kepk.key"];
    step(
        &[
            &as_kepk[..],
            &[
                "audit",
                "verify-bundle",
                "kepk.bundle.age",
                "--trusted-key",
                &verifier_key,
            ],
            &["--save-checkpoint", "kepk-bundle-checkpoint.txt"],
        ]
        .concat(),
    )?;
    say("The auditor's report for the committee: one self-contained HTML page (and Markdown).");
    for (format, file) in [("html", "kepk-report.html"), ("md", "kepk-report.md")] {
        step(
            &[
                &as_kepk[..],
                &["audit", "report", "kepk.bundle.age", "--trusted-key", &verifier_key],
                &["--format", format, "-o", file],
            ]
            .concat(),
        )?;
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
