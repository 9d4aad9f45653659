//! Analysis and export through the binary: the codebook, coding of approved items,
//! counts, exports behind the consent gate, the leak scan, age encryption, and a
//! REFI-QDA project that validates against the schema and comes back the same.

mod common;

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use common::{Member, Sandbox, assert_clean_failure, contains};

const P01_TEXT: &str = "Peneliti: Profilnya seperti apa?\n\
P01: Saya tulis ramah, sopan, no drama 😊. Kalau mau ketemu, DP dulu ke 0812-7391-4482 ya.\n\
P01: Temanku Rina juga gitu, kami sering ketemu sama Kenanga.\n";

const P02_TEXT: &str = "Peneliti: Ada aturan untuk tamu?\n\
P02: Ada 🙏🏽. DP dulu, no nego, wajib pakai pengaman.\n";

struct Study {
    sb: Sandbox,
    owner: Member,
    researcher: Member,
}

impl Study {
    /// P01 consented to interviews and quotes, P02 to interviews only; both have an
    /// approved transcript; the codebook has two codes.
    fn new() -> Study {
        let sb = Sandbox::new();
        let owner = sb.study();
        let researcher = sb.add_member(&owner, "RA1", "researcher");
        sb.consenting(&owner, "P01", "interview,verbatim_quotes");
        sb.consenting(&owner, "P02", "interview");
        let s = Study { sb, owner, researcher };
        s.sb.write("p01.txt", P01_TEXT);
        s.sb.write("p02.txt", P02_TEXT);
        s.ok(&["import", "P01", &s.path("p01.txt"), "--kind", "transcript"]);
        s.ok(&["import", "P02", &s.path("p02.txt"), "--kind", "transcript"]);
        s.ok(&["code", "add", "Impression management"]);
        s.ok(&[
            "code",
            "add",
            "Rules",
            "--parent",
            "Impression management",
            "--color",
            "#d62728",
        ]);
        s.ok(&["code", "add", "Warmth", "--parent", "Impression management"]);
        s
    }

    fn path(&self, name: &str) -> String {
        self.sb.path(name).to_str().unwrap().to_string()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.sb.as_member(&self.researcher.key).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn fails(&self, args: &[&str], code: i32) -> String {
        assert_clean_failure(self.sb.as_member(&self.researcher.key).args(args), code)
    }

    /// Each listed segment of `item` covers, in characters of `show ITEM`, the text
    /// `segments list --text` gives for it.
    fn assert_segments_cover_their_text(&self, segments: &[Value], item: i64) {
        let text = self.ok(&["show", &item.to_string()]);
        for seg in segments.iter().filter(|v| v["item"] == item) {
            let (start, end) = (
                seg["start"].as_u64().unwrap() as usize,
                seg["end"].as_u64().unwrap() as usize,
            );
            let chars: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(chars, seg["text"].as_str().unwrap());
        }
    }

    /// Codes every occurrence of `text` in `item` (`code apply --match`).
    fn code(&self, item: &str, code: &str, text: &str, coder: &str, memo: Option<&str>) {
        let mut args = vec!["code", "apply", item, "--code", code, "--match", text, "--coder", coder];
        if let Some(memo) = memo {
            args.extend(["--memo", memo]);
        }
        self.ok(&args);
    }

    fn approve_and_code(&self) {
        self.ok(&["review", "1", "--approve"]);
        self.ok(&["review", "2", "--approve"]);
        self.code("1", "Warmth", "ramah, sopan", "C1", None);
        self.code("1", "Rules", "DP dulu", "C1", None);
        self.code("2", "Rules", "DP dulu, no nego", "C1", None);
        self.code("2", "Rules", "DP dulu", "C2", None);
    }
}

/// The project.qde inside a .qdpx.
fn project_qde(qdpx: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(qdpx).unwrap()).unwrap();
    let mut qde = String::new();
    archive
        .by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    qde
}

/// The plaintext of an export encrypted to `member`.
fn decrypt(member: &Member, file: &Path) -> Vec<u8> {
    let identity = fieldvault::identity::Identity::load(&member.key, &Default::default()).unwrap();
    identity
        .decrypt(&std::fs::read(file).unwrap())
        .unwrap()
        .unwrap()
        .to_vec()
}

#[test]
fn pending_items_cannot_be_coded_and_offsets_count_characters() {
    let s = Study::new();
    let err = s.fails(
        &["code", "apply", "1", "--code", "Rules", "--start", "0", "--end", "5"],
        1,
    );
    assert!(err.contains("pending review"), "{err}");
    s.approve_and_code();
    let segments: Vec<Value> = serde_json::from_str(&s.ok(&["segments", "list", "--text", "--json"])).unwrap();
    assert_eq!(segments.len(), 4);
    s.assert_segments_cover_their_text(&segments, 1);
    // Beyond the end of the text, and a coder given as a name: refused.
    s.fails(
        &[
            "code", "apply", "1", "--code", "Rules", "--start", "0", "--end", "100000",
        ],
        1,
    );
    s.fails(
        &[
            "code", "apply", "1", "--code", "Rules", "--match", "DP", "--coder", "Rina",
        ],
        1,
    );

    let freq: Vec<Value> = serde_json::from_str(&s.ok(&["analyze", "frequencies", "--json"])).unwrap();
    let rules = freq.iter().find(|r| r["code"] == "Rules").unwrap();
    assert_eq!(
        (rules["segments"].as_u64(), rules["participants"].as_u64()),
        (Some(3), Some(2))
    );
    let by: Vec<Value> =
        serde_json::from_str(&s.ok(&["analyze", "frequencies", "--by", "participant", "--json"])).unwrap();
    assert_eq!(by.iter().filter(|r| r["group"] == "P02").count(), 1);
    let agreement: Value =
        serde_json::from_str(&s.ok(&["analyze", "agreement", "--coders", "C1,C2", "--json"])).unwrap();
    assert_eq!(agreement["items"], serde_json::json!([2]));
    let rules = &agreement["codes"][0];
    assert_eq!(rules["code"], "Rules");
    // C1 coded "DP dulu, no nego" (16 characters), C2 "DP dulu" (7): 7 both, 9 only A.
    assert_eq!(
        (
            rules["both"].as_u64(),
            rules["only_a"].as_u64(),
            rules["only_b"].as_u64()
        ),
        (Some(7), Some(9), Some(0))
    );
}

#[test]
fn exports_need_a_recipient_are_age_files_and_hold_only_allowed_items() {
    let s = Study::new();
    s.approve_and_code();
    let owner_recipient = s.owner.recipient.clone();
    let err = s.fails(&["export", "csv", "-o", &s.path("out.csv")], 1);
    assert!(err.contains("--to") && !s.sb.path("out.csv").exists(), "{err}");

    let report: Value = serde_json::from_str(&s.ok(&[
        "export",
        "quotes",
        "--code",
        "Rules",
        "-o",
        &s.path("quotes.md.age"),
        "--to",
        &owner_recipient,
        "--json",
    ]))
    .unwrap();
    assert_eq!(report["items"], serde_json::json!([1]));
    assert_eq!(report["excluded"][0]["participant"], "P02");
    let quotes = String::from_utf8(decrypt(&s.owner, &s.sb.path("quotes.md.age"))).unwrap();
    // The standard age CLI decrypts it too.
    let age = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&s.owner.key)
        .arg(s.sb.path("quotes.md.age"))
        .output()
        .expect("install age (Debian: apt-get install age)");
    assert!(age.status.success(), "{}", String::from_utf8_lossy(&age.stderr));
    assert_eq!(String::from_utf8(age.stdout).unwrap(), quotes);
    assert!(quotes.contains("DP dulu") && quotes.contains("— P01"), "{quotes}");
    assert!(!quotes.contains("— P02"), "{quotes}");
    assert!(
        quotes.contains("P02 item 2") && quotes.contains("verbatim_quotes"),
        "{quotes}"
    );
    // The quoted number was pseudonymised before anyone coded it.
    assert!(!quotes.contains("7391"), "{quotes}");

    // The log names the use and every item of each export, for the auditor.
    let log: Vec<Value> = serde_json::from_str(&s.ok(&["audit", "log", "--json"])).unwrap();
    let exports: Vec<&Value> = log.iter().filter(|e| e["action"] == "export.quotes").collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(
        exports[0]["objects"],
        serde_json::json!(["quotation", "item:1", "recipients:1"])
    );

    // A withdrawn participant appears in no export.
    s.sb.as_member(&s.owner.key)
        .args(["consent", "withdraw", "P02", "--reason", "asked", "--yes"])
        .assert()
        .success();
    s.ok(&["export", "json", "-o", &s.path("all.json"), "--plaintext"]);
    let rows: Vec<Value> = serde_json::from_slice(&std::fs::read(s.sb.path("all.json")).unwrap()).unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["participant"] == "P01"));
    s.ok(&["export", "csv", "-o", &s.path("all.csv"), "--plaintext"]);
    assert!(!contains(&std::fs::read(s.sb.path("all.csv")).unwrap(), b"P02"));
    let report: Value =
        serde_json::from_str(&s.ok(&["export", "qdpx", "-o", &s.path("all.qdpx"), "--plaintext", "--json"])).unwrap();
    assert_eq!(report["items"], serde_json::json!([1]));
    let qde = project_qde(&s.sb.path("all.qdpx"));
    assert!(qde.contains("P01") && !qde.contains("P02"), "{qde}");
}

#[test]
fn planted_originals_abort_the_export_and_say_where() {
    let s = Study::new();
    s.approve_and_code();
    let export =
        |name: &str| -> String { s.fails(&["export", "csv", "--memos", "-o", &s.path(name), "--plaintext"], 6) };
    // A clean export goes through first.
    s.ok(&["export", "csv", "--memos", "-o", &s.path("clean.csv"), "--plaintext"]);

    // The file name the export creates is checked ("Rina" was replaced in item 1), not
    // the folder it goes into, which is the user's and there already (a temporary
    // folder's random name can look like a plate).
    let err = export("Rina.csv");
    assert!(err.contains("output file name") && !err.contains("Rina"), "{err}");
    assert!(!s.sb.path("Rina.csv").exists());
    std::fs::create_dir(s.sb.path("Rina")).unwrap();
    s.ok(&[
        "export",
        "csv",
        "--memos",
        "-o",
        &s.path("Rina/clean.csv"),
        "--plaintext",
    ]);

    // A memo naming a person the pseudonym table holds ("Rina" was replaced in item 1).
    s.code("1", "Warmth", "no drama", "C1", Some("Seperti Rina"));
    let err = export("memo.csv");
    assert!(err.contains("memo of segment") && !err.contains("Rina"), "{err}");
    assert!(!s.sb.path("memo.csv").exists());

    // A code description with a phone number.
    let s = Study::new();
    s.approve_and_code();
    s.ok(&["code", "add", "Contact", "--description", "nomor 0812-7391-4482"]);
    s.code("1", "Contact", "ramah", "C1", None);
    let err = s.fails(&["export", "qdpx", "-o", &s.path("d.qdpx"), "--plaintext"], 6);
    assert!(err.contains("description of code") && !err.contains("7391"), "{err}");

    // An attribute holding a place.
    let s = Study::new();
    s.sb.as_member(&s.owner.key)
        .args(["participant", "add", "P03", "--attr", "site=Bekasi"])
        .assert()
        .success();
    s.sb.record_consent(&s.owner, "P03", "interview");
    s.sb.write("p03.txt", "P03: DP dulu ya.\n");
    s.ok(&["import", "P03", &s.path("p03.txt"), "--kind", "transcript"]);
    s.ok(&["review", "3", "--approve"]);
    s.code("3", "Rules", "DP dulu", "C1", None);
    let err = s.fails(&["export", "json", "-o", &s.path("a.json"), "--plaintext"], 6);
    assert!(
        err.contains("attribute site of P03") && !err.contains("Bekasi"),
        "{err}"
    );

    // A segment of an approved item holding a name that another item made an
    // original of the pseudonym table ("Mbak Kenanga"), which no detector sees here.
    let s = Study::new();
    s.approve_and_code();
    s.code("1", "Warmth", "sama Kenanga", "C1", None);
    s.sb.write("p01-later.txt", "P01: Tadi ketemu Mbak Kenanga di pasar.\n");
    s.ok(&["import", "P01", &s.path("p01-later.txt"), "--kind", "transcript"]);
    let err = s.fails(&["export", "csv", "-o", &s.path("s.csv"), "--plaintext"], 6);
    assert!(
        err.contains("segment") && err.contains("pseudonym table") && !err.contains("Kenanga"),
        "{err}"
    );

    // The remedy: the deny list, which now rewrites approved items too, and moves their
    // segments with the text.
    s.ok(&["pseudonyms", "add", "Kenanga", "--category", "person"]);
    s.ok(&["export", "csv", "-o", &s.path("s.csv"), "--plaintext"]);
    let csv = std::fs::read_to_string(s.sb.path("s.csv")).unwrap();
    assert!(!csv.contains("Kenanga") && csv.contains("sama [PERSON_"), "{csv}");
    let segments: Vec<Value> = serde_json::from_str(&s.ok(&["segments", "list", "--text", "--json"])).unwrap();
    s.assert_segments_cover_their_text(&segments, 1);
    assert!(
        segments
            .iter()
            .any(|v| v["text"].as_str().unwrap().starts_with("sama [PERSON_"))
    );
    assert!(
        segments.iter().any(|v| v["text"] == "DP dulu"),
        "segments before the change keep their text"
    );
}

#[test]
fn the_qdpx_validates_against_the_schema_and_round_trips() {
    let s = Study::new();
    s.approve_and_code();
    s.code("1", "Warmth", "no drama", "C1", Some("status text 😊"));
    s.ok(&["export", "qdpx", "-o", &s.path("study.qdpx"), "--plaintext"]);
    let qde = project_qde(&s.sb.path("study.qdpx"));
    let qde_path = s.sb.write("project.qde", &qde);
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/data/refi-qda/Project.xsd");
    let xmllint = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", schema])
        .arg(&qde_path)
        .output()
        .expect("install libxml2-utils (xmllint)");
    assert!(xmllint.status.success(), "{}", String::from_utf8_lossy(&xmllint.stderr));

    // Into a fresh vault with the same participants: same codes, segments and offsets.
    let fresh = Sandbox::new();
    let owner = fresh.study();
    fresh.consenting(&owner, "P01", "interview");
    fresh.consenting(&owner, "P02", "interview");
    let imported: Value = fresh.json_as(
        &owner.key,
        &["code", "import", s.sb.path("study.qdpx").to_str().unwrap()],
    );
    assert_eq!(imported["items"].as_u64(), Some(2), "{imported}");
    let original: Vec<Value> = serde_json::from_str(&s.ok(&["segments", "list", "--text", "--json"])).unwrap();
    let copied: Vec<Value> = fresh.json_as(&owner.key, &["segments", "list", "--text"]);
    let key = |v: &Value| {
        (
            v["participant"].as_str().unwrap().to_string(),
            v["code"].as_str().unwrap().to_string(),
            v["start"].as_u64().unwrap(),
            v["end"].as_u64().unwrap(),
            v["coder"].as_str().unwrap().to_string(),
            v["text"].as_str().unwrap().to_string(),
        )
    };
    let mut a: Vec<_> = original.iter().map(key).collect();
    let mut b: Vec<_> = copied.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let codes: Vec<Value> = fresh.json_as(&owner.key, &["code", "list"]);
    assert_eq!(codes.len(), 3);
}

#[test]
fn a_project_with_an_identifier_in_a_source_is_refused_and_nothing_is_stored() {
    use fieldvault::export::qdpx;
    let sb = Sandbox::new();
    let owner = sb.study();
    sb.consenting(&owner, "P01", "interview");
    // Another tool names a source after its file: the error names it by GUID.
    let source = qdpx::TextSource {
        guid: qdpx::guid(b"source"),
        name: "WhatsApp Chat with Sitinurbaya Canary".into(),
        text: "P01: nomor saya 0812-7391-4482 ya".into(),
        selections: Vec::new(),
    };
    let project = qdpx::Project {
        name: "from elsewhere".into(),
        created: "2026-11-28T10:00:00Z".into(),
        cases: vec![qdpx::Case {
            guid: qdpx::guid(b"case"),
            name: "P01".into(),
            values: Vec::new(),
            sources: vec![source.guid.clone()],
        }],
        sources: vec![source],
        ..Default::default()
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    qdpx::write_qdpx(&project, &mut bytes).unwrap();
    std::fs::write(sb.path("elsewhere.qdpx"), bytes.into_inner()).unwrap();
    let before = sb.fingerprint(&owner);
    let err = assert_clean_failure(
        sb.as_member(&owner.key)
            .args(["code", "import"])
            .arg(sb.path("elsewhere.qdpx")),
        1,
    );
    let guid = qdpx::guid(b"source");
    assert!(
        err.contains(&format!("source {guid}")) && err.contains("phone"),
        "{err}"
    );
    assert!(!err.contains("7391") && !err.contains("Sitinurbaya"), "{err}");
    assert_eq!(sb.fingerprint(&owner), before);
}
