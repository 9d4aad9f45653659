//! The REFI-QDA export through the library alone: a project with everything fieldvault
//! exports validates against the QDA-XML 1.0 schema (data/refi-qda/Project.xsd, checked
//! by xmllint), reads back equal, and its selections still cover the same text when the
//! text has emoji outside the BMP and accented letters before them. The codebook (.qdc)
//! is well-formed and reads back equal.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use fieldvault::export::qdc;
use fieldvault::export::qdpx::{self, Case, Code, Coding, Note, Project, Selection, TextSource, User, Variable};

const P01: &str = "Peneliti: Profilnya seperti apa?\n\
P01: Saya tulis ramah 😊, sopan, café dekat stasiun, no drama. \"Terserah kakak\" <bebas> & santai.\n\
P01: Dulu señor itu bilang aku paling jujur 🙏🏽.\n";

const P02: &str = "Peneliti: Ada aturan untuk tamu?\n\
P02: Ada 🙏🏽🙏🏽. DP dulu, no nego, wajib pakai pengaman — kata mbak Ñoña.\n\
P02: Kalau melanggar, aku blokir 😤.\n";

fn id(seed: &str) -> String {
    qdpx::guid(format!("test-vault/{seed}").as_bytes())
}

/// A selection of `part` of `text`, in characters, coded by each (code, coder) pair.
fn select(text: &str, part: &str, n: u32, creator: &str, codings: &[(&str, &str)], note: Option<&str>) -> Selection {
    let at = text.find(part).unwrap_or_else(|| panic!("{part:?} is in the text"));
    let start = text[..at].chars().count();
    Selection {
        guid: id(&format!("segment/{n}")),
        start,
        end: start + part.chars().count(),
        creator: id(creator),
        created: "2024-06-03T09:15:00Z".into(),
        codings: codings
            .iter()
            .enumerate()
            .map(|(i, (code, coder))| Coding {
                guid: id(&format!("coding/{n}/{i}")),
                code: id(code),
                creator: id(coder),
            })
            .collect(),
        note: note.map(id),
    }
}

fn code(seed: &str, name: &str, description: Option<&str>, color: Option<&str>, children: Vec<Code>) -> Code {
    Code {
        guid: id(seed),
        name: name.into(),
        description: description.map(str::to_string),
        color: color.map(str::to_string),
        children,
    }
}

/// Each selection of the project with the text it must cover.
fn project() -> (Project, Vec<(String, &'static str)>) {
    let codes = vec![
        code(
            "code/1",
            "Ingratiation",
            Some("Making oneself likeable: warmth, \"terserah\", <agreeing> & praise"),
            Some("#1F77B4"),
            vec![code(
                "code/2",
                "Warmth & friendliness",
                Some("Greetings, emoji 😊, a friendly tone"),
                Some("#aec7e8"),
                vec![code("code/3", "Emoji", None, Some("#17becf"), Vec::new())],
            )],
        ),
        code(
            "code/4",
            "Intimidation",
            None,
            Some("#d62728"),
            vec![code(
                "code/5",
                "Rules and boundaries",
                Some("DP dulu, no nego"),
                None,
                Vec::new(),
            )],
        ),
    ];
    let expected: Vec<(&str, &str, &'static str)> = vec![
        ("source/1", "segment/1", "no drama"),
        ("source/1", "segment/2", "\"Terserah kakak\" <bebas> & santai"),
        ("source/1", "segment/3", "paling jujur 🙏🏽"),
        ("source/2", "segment/4", "DP dulu, no nego"),
        ("source/2", "segment/5", "aku blokir 😤"),
    ];
    let sources = vec![
        TextSource {
            guid: id("source/1"),
            name: "P01 transcript 1".into(),
            text: P01.into(),
            selections: vec![
                select(
                    P01,
                    "no drama",
                    1,
                    "coder/C1",
                    &[("code/5", "coder/C1"), ("code/2", "coder/C2")],
                    Some("memo/1"),
                ),
                select(
                    P01,
                    "\"Terserah kakak\" <bebas> & santai",
                    2,
                    "coder/C2",
                    &[("code/1", "coder/C2")],
                    None,
                ),
                select(
                    P01,
                    "paling jujur 🙏🏽",
                    3,
                    "coder/C1",
                    &[("code/3", "coder/C1")],
                    Some("memo/2"),
                ),
            ],
        },
        TextSource {
            guid: id("source/2"),
            name: "P02 transcript 2".into(),
            text: P02.into(),
            selections: vec![
                select(
                    P02,
                    "DP dulu, no nego",
                    4,
                    "coder/C2",
                    &[("code/5", "coder/C2"), ("code/5", "coder/C1")],
                    None,
                ),
                select(P02, "aku blokir 😤", 5, "coder/C1", &[("code/4", "coder/C1")], None),
            ],
        },
    ];
    let project = Project {
        name: "MiChat study: impression management & \"self-presentation\"".into(),
        created: "2024-06-03T10:00:00Z".into(),
        users: vec![
            User {
                guid: id("coder/C1"),
                name: "C1".into(),
            },
            User {
                guid: id("coder/C2"),
                name: "C2".into(),
            },
        ],
        codes,
        variables: vec![
            Variable {
                guid: id("variable/age group"),
                name: "age group".into(),
            },
            Variable {
                guid: id("variable/city"),
                name: "city".into(),
            },
        ],
        cases: vec![
            Case {
                guid: id("participant/1"),
                name: "P01".into(),
                values: vec![
                    (id("variable/age group"), "25–34".into()),
                    (id("variable/city"), "Jakarta <Selatan> & sekitarnya".into()),
                ],
                sources: vec![id("source/1")],
            },
            Case {
                guid: id("participant/2"),
                name: "P02".into(),
                values: vec![(id("variable/age group"), "18–24".into())],
                sources: vec![id("source/2")],
            },
        ],
        sources,
        notes: vec![
            Note {
                guid: id("memo/1"),
                name: "Memo on segment 1".into(),
                text: "Said twice, <\"firmly\"> & with a smile 😊\nSee also P02.".into(),
                creator: id("coder/C1"),
            },
            Note {
                guid: id("memo/2"),
                name: "Memo on segment 3".into(),
                text: "Religious framing? 🙏🏽 — ask C2".into(),
                creator: id("coder/C1"),
            },
        ],
    };
    let expected = expected
        .into_iter()
        .map(|(_, segment, text)| (id(segment), text))
        .collect();
    (project, expected)
}

/// Runs xmllint on `file`, with the schema when given; fails the test if it does not pass.
fn xmllint(file: &Path, schema: Option<&str>) {
    let mut command = Command::new("xmllint");
    command.arg("--noout");
    if let Some(schema) = schema {
        command.args(["--schema", schema]);
    }
    let output = match command.arg(file).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!("install libxml2-utils (xmllint)"),
        Err(e) => panic!("cannot run xmllint: {e}"),
    };
    assert!(
        output.status.success(),
        "xmllint refuses {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn entry(archive: &mut zip::ZipArchive<File>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[test]
fn the_project_validates_against_the_schema_and_reads_back_equal() {
    let (project, expected) = project();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.qdpx");
    qdpx::write_qdpx(&project, File::create(&path).unwrap()).unwrap();

    let mut archive = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, entry(&mut archive, "project.qde")).unwrap();
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/data/refi-qda/Project.xsd");
    xmllint(&qde, Some(schema));
    for source in &project.sources {
        let text = entry(&mut archive, &format!("Sources/{}.txt", source.guid));
        assert_eq!(String::from_utf8(text).unwrap(), source.text);
    }

    let read = qdpx::read_qdpx(File::open(&path).unwrap()).unwrap();
    assert_eq!(read, project);

    // Every selection still covers its text, counted in characters.
    let mut checked = 0;
    for source in &read.sources {
        for selection in &source.selections {
            let (_, want) = expected.iter().find(|(g, _)| *g == selection.guid).unwrap();
            let got: String = source
                .text
                .chars()
                .skip(selection.start)
                .take(selection.end - selection.start)
                .collect();
            assert_eq!(&got, want);
            checked += 1;
        }
    }
    assert_eq!(checked, expected.len());
    // Emoji and accented letters come before the selections, so characters and bytes differ.
    let last = &read.sources[1].selections[1];
    assert_ne!(last.start, P02.find("aku blokir").unwrap());
}

#[test]
fn a_selection_past_the_end_of_its_text_is_refused() {
    let (project, _) = project();
    let mut bytes = std::io::Cursor::new(Vec::new());
    qdpx::write_qdpx(&project, &mut bytes).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.into_inner())).unwrap();
    let mut qde = String::new();
    archive
        .by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    let last = &project.sources[1].selections[1];
    let past = P02.chars().count() + 3;
    let qde = qde.replacen(
        &format!("endPosition=\"{}\"", last.end),
        &format!("endPosition=\"{past}\""),
        1,
    );
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == "project.qde" {
            content = qde.clone().into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &content).unwrap();
    }
    let damaged = out.finish().unwrap().into_inner();
    let err = qdpx::read_qdpx(std::io::Cursor::new(damaged)).unwrap_err().to_string();
    assert!(err.contains(&last.guid), "{err}");
    assert!(err.contains(&past.to_string()), "{err}");
}

#[test]
fn the_codebook_is_well_formed_and_reads_back_equal() {
    let (project, _) = project();
    let bytes = qdc::write_qdc(&project.codes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codebook.qdc");
    std::fs::write(&path, &bytes).unwrap();
    xmllint(&path, None);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""), "{text}");
    assert_eq!(qdc::read_qdc(&bytes).unwrap(), project.codes);
    assert_eq!(qdc::read_qdc(&qdc::write_qdc(&[])).unwrap(), Vec::<Code>::new());
}
