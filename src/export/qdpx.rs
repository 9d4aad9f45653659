//! REFI-QDA project exchange (QDA-XML 1.0, `.qdpx`), the one format that NVivo, ATLAS.ti,
//! MAXQDA, QualCoder and others all import, so that coded data can leave fieldvault for
//! the analysis tool a team already uses, and come back.
//!
//! Pure data in, bytes out: what goes into a [`Project`] (which items, after the consent
//! gate and the leak scan) is decided by the caller, never here. A `.qdpx` is a zip of
//! `project.qde` (XML in the namespace `urn:QDA-XML:project:1.0`; the tests validate it
//! against `data/refi-qda/Project.xsd`) and one `Sources/<guid>.txt` per text source.
//! Selection positions count Unicode scalar values (Rust `char`s), not bytes: texts with
//! emoji and accented letters keep their codings in tools written in other languages.
//!
//! The reader checks what the schema cannot (selections inside their text, codings that
//! name a code of the codebook, references that resolve) and refuses with the element
//! and its line, so that a damaged or hand-edited file never becomes half-imported data.

use std::collections::HashSet;
use std::io::{Read, Seek, Write};
use std::path::PathBuf;
use std::sync::LazyLock;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use regex::Regex;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const QDE: &str = "project.qde";
const PROJECT_NAMESPACE: &str = "urn:QDA-XML:project:1.0";
/// Where QDA-XML puts the texts of sources stored inside the archive.
const INTERNAL: &str = "internal://";
/// What the entries read from one archive may inflate to in all: a crafted archive (a zip
/// bomb) then fails with an error instead of exhausting memory. Transcripts are far smaller.
const MAX_INFLATED: u64 = 512 << 20;
/// How deep elements may nest. Real code trees are a few levels deep; the bound keeps the
/// recursive walk over a crafted document from exhausting the stack.
const MAX_DEPTH: usize = 128;
const SOURCE_KINDS: [&str; 4] = ["PictureSource", "PDFSource", "AudioSource", "VideoSource"];
const VALUE_KINDS: [&str; 6] = [
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
];

/// A REFI-QDA project: everything a QDA tool needs to continue the analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// RFC 3339 (an `xsd:dateTime`), or empty when unknown.
    pub created: String,
    pub users: Vec<User>,
    /// The code tree: top-level codes with their children.
    pub codes: Vec<Code>,
    pub variables: Vec<Variable>,
    pub cases: Vec<Case>,
    pub sources: Vec<TextSource>,
    pub notes: Vec<Note>,
}

/// A coder, named by a pseudonymous coder code ("C1") so that no identity leaves the vault.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct User {
    pub guid: String,
    pub name: String,
}

/// A code of the codebook, with its sub-codes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Code {
    pub guid: String,
    pub name: String,
    pub description: Option<String>,
    /// `#RRGGBB`. Reading expands `#RGB` and drops colours QDA-XML does not allow, as a
    /// colour is not worth refusing a project for.
    pub color: Option<String>,
    pub children: Vec<Code>,
}

/// A case attribute (a participant attribute); every value is text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variable {
    pub guid: String,
    pub name: String,
}

/// A case: one participant, with attribute values and the sources that belong to them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Case {
    pub guid: String,
    /// The participant code.
    pub name: String,
    /// (variable GUID, value).
    pub values: Vec<(String, String)>,
    /// Source GUIDs.
    pub sources: Vec<String>,
}

/// A plain text and the selections made in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextSource {
    pub guid: String,
    pub name: String,
    pub text: String,
    pub selections: Vec<Selection>,
}

/// A stretch of a source's text, `[start, end)` in characters, with its codings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub guid: String,
    pub start: usize,
    pub end: usize,
    /// User GUID, or empty when the file does not say.
    pub creator: String,
    /// RFC 3339, or empty when the file does not say.
    pub created: String,
    pub codings: Vec<Coding>,
    /// The GUID of the note (memo) on this selection.
    pub note: Option<String>,
}

/// One code applied to a selection by one user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coding {
    pub guid: String,
    /// Code GUID.
    pub code: String,
    /// User GUID, or empty when the file does not say.
    pub creator: String,
}

/// A memo, referenced by the selections it comments on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    pub guid: String,
    pub name: String,
    pub text: String,
    /// User GUID, or empty when the file does not say.
    pub creator: String,
}

/// A GUID derived from `seed` (SHA-256, shaped as an RFC 9562 version 8 UUID), so that
/// exporting the same data twice gives the same GUIDs and a QDA tool recognises what it
/// has imported before. The fixed prefix keeps these hashes apart from any other hash
/// fieldvault takes of the same seed.
pub fn guid(seed: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(b"fieldvault REFI-QDA GUID\0")
        .chain_update(seed)
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode_upper(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Writes the project as a `.qdpx` archive, after checking everything the schema and the
/// importing tools rely on, so that a file fieldvault writes always imports.
pub fn write_qdpx(project: &Project, out: impl Write + Seek) -> Result<()> {
    check(project)?;
    let failed = |e: &dyn std::fmt::Display| {
        Error::invalid(
            format!("cannot write the .qdpx archive: {e}"),
            "check that the destination has room and can be written",
        )
    };
    // Fixed time stamps: the same project gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(out);
    zip.start_file(QDE, options).map_err(|e| failed(&e))?;
    zip.write_all(&project_xml(project)).map_err(|e| failed(&e))?;
    for source in &project.sources {
        zip.start_file(format!("Sources/{}.txt", source.guid), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(source.text.as_bytes()).map_err(|e| failed(&e))?;
    }
    zip.finish().map_err(|e| failed(&e))?;
    Ok(())
}

/// The `project.qde` document. It writes what it is given; [`write_qdpx`] checks first.
pub fn project_xml(project: &Project) -> Vec<u8> {
    let mut x = XmlOut::new();
    let origin = origin();
    let mut attributes = vec![
        ("xmlns", PROJECT_NAMESPACE),
        ("name", project.name.as_str()),
        ("origin", origin.as_str()),
    ];
    optional(&mut attributes, "creationDateTime", &project.created);
    x.open("Project", &attributes);
    if !project.users.is_empty() {
        x.open("Users", &[]);
        for user in &project.users {
            x.empty("User", &[("guid", &user.guid), ("name", &user.name)]);
        }
        x.close("Users");
    }
    if !project.codes.is_empty() {
        x.open("CodeBook", &[]);
        write_codes(&mut x, &project.codes);
        x.close("CodeBook");
    }
    if !project.variables.is_empty() {
        x.open("Variables", &[]);
        for variable in &project.variables {
            x.empty(
                "Variable",
                &[
                    ("guid", &variable.guid),
                    ("name", &variable.name),
                    ("typeOfVariable", "Text"),
                ],
            );
        }
        x.close("Variables");
    }
    if !project.cases.is_empty() {
        x.open("Cases", &[]);
        for case in &project.cases {
            write_case(&mut x, case);
        }
        x.close("Cases");
    }
    if !project.sources.is_empty() {
        x.open("Sources", &[]);
        for source in &project.sources {
            write_source(&mut x, source);
        }
        x.close("Sources");
    }
    if !project.notes.is_empty() {
        x.open("Notes", &[]);
        for note in &project.notes {
            let mut attributes = vec![("guid", note.guid.as_str()), ("name", note.name.as_str())];
            optional(&mut attributes, "creatingUser", &note.creator);
            x.open("Note", &attributes);
            x.text("PlainTextContent", &note.text);
            x.close("Note");
        }
        x.close("Notes");
    }
    x.close("Project");
    x.finish()
}

fn write_case(x: &mut XmlOut, case: &Case) {
    let attributes = [("guid", case.guid.as_str()), ("name", case.name.as_str())];
    if case.values.is_empty() && case.sources.is_empty() {
        x.empty("Case", &attributes);
        return;
    }
    x.open("Case", &attributes);
    for (variable, value) in &case.values {
        x.open("VariableValue", &[]);
        x.empty("VariableRef", &[("targetGUID", variable)]);
        x.text("TextValue", value);
        x.close("VariableValue");
    }
    for source in &case.sources {
        x.empty("SourceRef", &[("targetGUID", source)]);
    }
    x.close("Case");
}

fn write_source(x: &mut XmlOut, source: &TextSource) {
    let path = format!("{INTERNAL}{}.txt", source.guid);
    let attributes = [
        ("guid", source.guid.as_str()),
        ("name", source.name.as_str()),
        ("plainTextPath", path.as_str()),
    ];
    if source.selections.is_empty() {
        x.empty("TextSource", &attributes);
        return;
    }
    x.open("TextSource", &attributes);
    for selection in &source.selections {
        let (start, end) = (selection.start.to_string(), selection.end.to_string());
        let mut attributes = vec![
            ("guid", selection.guid.as_str()),
            ("startPosition", start.as_str()),
            ("endPosition", end.as_str()),
        ];
        optional(&mut attributes, "creatingUser", &selection.creator);
        optional(&mut attributes, "creationDateTime", &selection.created);
        if selection.codings.is_empty() && selection.note.is_none() {
            x.empty("PlainTextSelection", &attributes);
            continue;
        }
        x.open("PlainTextSelection", &attributes);
        for coding in &selection.codings {
            let mut attributes = vec![("guid", coding.guid.as_str())];
            optional(&mut attributes, "creatingUser", &coding.creator);
            optional(&mut attributes, "creationDateTime", &selection.created);
            x.open("Coding", &attributes);
            x.empty("CodeRef", &[("targetGUID", &coding.code)]);
            x.close("Coding");
        }
        if let Some(note) = &selection.note {
            x.empty("NoteRef", &[("targetGUID", note)]);
        }
        x.close("PlainTextSelection");
    }
    x.close("TextSource");
}

/// Writes `<Codes>` with the code tree; the codebook (.qdc) has the same structure.
pub(super) fn write_codes(x: &mut XmlOut, codes: &[Code]) {
    x.open("Codes", &[]);
    for code in codes {
        write_code(x, code);
    }
    x.close("Codes");
}

fn write_code(x: &mut XmlOut, code: &Code) {
    let mut attributes = vec![
        ("guid", code.guid.as_str()),
        ("name", code.name.as_str()),
        ("isCodable", "true"),
    ];
    if let Some(color) = &code.color {
        attributes.push(("color", color));
    }
    if code.description.is_none() && code.children.is_empty() {
        x.empty("Code", &attributes);
        return;
    }
    x.open("Code", &attributes);
    if let Some(description) = &code.description {
        x.text("Description", description);
    }
    for child in &code.children {
        write_code(x, child);
    }
    x.close("Code");
}

/// The `origin` attribute: which program wrote the file, for whoever has to debug an import.
pub(super) fn origin() -> String {
    format!("fieldvault {}", env!("CARGO_PKG_VERSION"))
}

/// Adds an attribute the schema makes optional only when there is something to say.
fn optional<'a>(attributes: &mut Vec<(&'a str, &'a str)>, key: &'a str, value: &'a str) {
    if !value.is_empty() {
        attributes.push((key, value));
    }
}

/// An indented XML document being written; every value passes through [`escape`].
pub(super) struct XmlOut(quick_xml::Writer<Vec<u8>>);

impl XmlOut {
    pub(super) fn new() -> XmlOut {
        let mut x = XmlOut(quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2));
        x.put(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        x
    }

    fn put(&mut self, event: Event<'_>) {
        self.0.write_event(event).expect("writing to a Vec cannot fail");
    }

    fn tag<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
        let mut tag = BytesStart::new(name);
        for (key, value) in attributes {
            tag.push_attribute(Attribute {
                key: QName(key.as_bytes()),
                value: escape(value, true).into_bytes().into(),
            });
        }
        tag
    }

    pub(super) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.put(Event::Start(Self::tag(name, attributes)));
    }

    pub(super) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.put(Event::Empty(Self::tag(name, attributes)));
    }

    pub(super) fn close(&mut self, name: &str) {
        self.put(Event::End(quick_xml::events::BytesEnd::new(name)));
    }

    /// `<name>text</name>`.
    fn text(&mut self, name: &str, text: &str) {
        self.open(name, &[]);
        self.put(Event::Text(BytesText::from_escaped(escape(text, false))));
        self.close(name);
    }

    pub(super) fn finish(self) -> Vec<u8> {
        let mut bytes = self.0.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

/// Escapes text for XML. Beyond the markup characters it writes carriage returns (and, in
/// attributes, tabs and newlines) as character references, because a conforming parser
/// turns the literal characters into a newline or a space and the text would come back
/// changed. Characters XML 1.0 cannot carry at all become U+FFFD, so the output is always
/// well-formed; [`write_qdpx`] refuses them before this can happen.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if !xml_char(c) => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 can carry the character (production `Char`).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

fn is_guid(s: &str) -> bool {
    let bare = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(s);
    let groups: Vec<&str> = bare.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_hex_color(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An `xsd:dateTime` as RFC 3339 writes it (xmllint checks the ranges, so this does too).
fn is_datetime(s: &str) -> bool {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?",
            r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)?$",
        ))
        .expect("the pattern is valid")
    });
    let Some(parts) = SHAPE.captures(s) else {
        return false;
    };
    let number = |i: usize| parts[i].parse::<u16>().unwrap_or(0);
    let month = time::Month::try_from(number(2) as u8);
    month.is_ok_and(|m| time::Date::from_calendar_date(i32::from(number(1)), m, number(3) as u8).is_ok())
}

/// Checks a project before writing: GUIDs, colours, dates and characters the schema
/// accepts, every GUID used once, every reference resolving, every selection inside its text.
fn check(project: &Project) -> Result<()> {
    let mut checker = Checker::default();
    checker.text("the project's name", &project.name)?;
    checker.datetime("the project's creation time", &project.created)?;
    for user in &project.users {
        checker.identity("User", &user.guid, &user.name)?;
        checker.users.insert(user.guid.clone());
    }
    checker.code_tree(&project.codes)?;
    for note in &project.notes {
        checker.identity("Note", &note.guid, &note.name)?;
        checker.text(&format!("Note {}", note.guid), &note.text)?;
        checker.reference(&format!("Note {}", note.guid), &note.creator)?;
    }
    let notes: HashSet<&str> = project.notes.iter().map(|n| n.guid.as_str()).collect();
    for variable in &project.variables {
        checker.identity("Variable", &variable.guid, &variable.name)?;
    }
    for source in &project.sources {
        checker.identity("TextSource", &source.guid, &source.name)?;
        let length = source.text.chars().count();
        for selection in &source.selections {
            let place = format!("PlainTextSelection {} in TextSource {:?}", selection.guid, source.name);
            checker.identity("PlainTextSelection", &selection.guid, &source.name)?;
            checker.reference(&place, &selection.creator)?;
            checker.datetime(&place, &selection.created)?;
            if selection.start > selection.end || selection.end > length {
                return Err(bug(format!(
                    "{place} spans characters {}..{}, outside the text's {length} characters",
                    selection.start, selection.end
                )));
            }
            for coding in &selection.codings {
                checker.identity("Coding", &coding.guid, &source.name)?;
                checker.reference(&place, &coding.creator)?;
                if !checker.codes.contains(coding.code.as_str()) {
                    return Err(bug(format!(
                        "Coding {} in {place} names code {}, which is not in the codebook",
                        coding.guid, coding.code
                    )));
                }
            }
            if let Some(note) = &selection.note
                && !notes.contains(note.as_str())
            {
                return Err(bug(format!(
                    "{place} refers to note {note}, which is not in the project"
                )));
            }
        }
    }
    let variables: HashSet<&str> = project.variables.iter().map(|v| v.guid.as_str()).collect();
    let sources: HashSet<&str> = project.sources.iter().map(|s| s.guid.as_str()).collect();
    for case in &project.cases {
        checker.identity("Case", &case.guid, &case.name)?;
        let place = format!("Case {:?}", case.name);
        for (variable, value) in &case.values {
            checker.text(&place, value)?;
            if !variables.contains(variable.as_str()) {
                return Err(bug(format!(
                    "{place} has a value for variable {variable}, which is not in the project"
                )));
            }
        }
        if let Some(source) = case.sources.iter().find(|s| !sources.contains(s.as_str())) {
            return Err(bug(format!(
                "{place} refers to source {source}, which is not in the project"
            )));
        }
    }
    Ok(())
}

/// A project that cannot be written: the data came from fieldvault, so it is a bug there
/// unless a person typed the offending text.
fn bug(what: String) -> Error {
    Error::invalid(
        what,
        "correct the named element (a memo, name or description) and export again; \
         if it was not typed by a person, report this as a bug in fieldvault",
    )
}

#[derive(Default)]
struct Checker {
    guids: HashSet<String>,
    users: HashSet<String>,
    codes: HashSet<String>,
}

impl Checker {
    /// An element with a GUID of its own: well-formed, not used before, and a name XML can
    /// carry. `name` is the element's name, or that of the source it belongs to.
    fn identity(&mut self, kind: &str, guid: &str, name: &str) -> Result<()> {
        if !is_guid(guid) {
            return Err(bug(format!(
                "a {kind} of {name:?} has the GUID {guid:?}, which is not a GUID"
            )));
        }
        if !self.guids.insert(guid.to_ascii_uppercase()) {
            return Err(bug(format!(
                "{kind} {guid} of {name:?} reuses the GUID of another element"
            )));
        }
        self.text(&format!("{kind} {guid}"), name)
    }

    /// A reference to a user: optional, but one of the project's users when present, as
    /// importing tools look the user up.
    fn reference(&self, place: &str, guid: &str) -> Result<()> {
        match guid.is_empty() || self.users.contains(guid) {
            true => Ok(()),
            false => Err(bug(format!(
                "{place} names the user {guid:?}, which is not in the project"
            ))),
        }
    }

    fn text(&self, place: &str, text: &str) -> Result<()> {
        match text.chars().find(|c| !xml_char(*c)) {
            None => Ok(()),
            Some(c) => Err(bug(format!(
                "{place} holds the control character U+{:04X}, which XML cannot carry",
                u32::from(c)
            ))),
        }
    }

    fn datetime(&self, place: &str, value: &str) -> Result<()> {
        match value.is_empty() || is_datetime(value) {
            true => Ok(()),
            false => Err(bug(format!("{place} has the time {value:?}, which is not RFC 3339"))),
        }
    }

    fn code_tree(&mut self, codes: &[Code]) -> Result<()> {
        for code in codes {
            self.identity("Code", &code.guid, &code.name)?;
            self.codes.insert(code.guid.clone());
            if let Some(description) = &code.description {
                self.text(&format!("the description of code {:?}", code.name), description)?;
            }
            if let Some(color) = &code.color
                && !is_hex_color(color)
            {
                return Err(bug(format!(
                    "code {:?} has the colour {color:?}, not #RRGGBB",
                    code.name
                )));
            }
            self.code_tree(&code.children)?;
        }
        Ok(())
    }
}

/// Reads a `.qdpx` archive: the one [`write_qdpx`] writes, and those of other QDA tools.
/// Text sources may hold their text inline or in the archive; picture, PDF, audio and
/// video sources are skipped (fieldvault holds text only), and so are links, sets and
/// graphs. A whole-source coding becomes a selection of the whole text.
pub fn read_qdpx(input: impl Read + Seek) -> Result<Project> {
    let mut archive = zip::ZipArchive::new(input).map_err(|e| {
        Error::invalid(
            format!("not a REFI-QDA project (.qdpx): {e}"),
            "give a .qdpx file as a QDA program exported it, unchanged (and decrypted, if it was encrypted)",
        )
    })?;
    let entry = find_entry(&archive, QDE)
        .or_else(|| {
            let mut qde = archive
                .file_names()
                .filter(|n| n.to_ascii_lowercase().ends_with(".qde"));
            match (qde.next(), qde.next()) {
                (Some(only), None) => Some(only.to_string()),
                _ => None,
            }
        })
        .ok_or_else(|| {
            Error::invalid(
                "the .qdpx archive holds no project.qde",
                "export the project again from the QDA program; a .qdpx is a zip with project.qde at its root",
            )
        })?;
    let mut budget = MAX_INFLATED;
    let xml = read_entry(&mut archive, &entry, &mut budget)?;
    let doc = Doc {
        path: QDE,
        hint: "the project is damaged or inconsistent: export it again from the QDA program",
    };
    let root = parse(&xml, &doc)?;
    ProjectReader {
        doc,
        archive: &mut archive,
        budget,
    }
    .project(&root)
}

/// The archive entry of that name, also when another tool wrote it in another case.
fn find_entry<R: Read + Seek>(archive: &zip::ZipArchive<R>, name: &str) -> Option<String> {
    if archive.index_for_name(name).is_some() {
        return Some(name.to_string());
    }
    archive
        .file_names()
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(str::to_string)
}

/// Reads an entry, counting what it inflates to against `budget` (see [`MAX_INFLATED`]).
fn read_entry<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, name: &str, budget: &mut u64) -> Result<Vec<u8>> {
    let damaged = |e: &dyn std::fmt::Display| {
        Error::invalid(
            format!("cannot read {name} from the .qdpx archive: {e}"),
            "the archive is damaged: export the project again from the QDA program",
        )
    };
    let entry = archive.by_name(name).map_err(|e| damaged(&e))?;
    let mut bytes = Vec::new();
    entry
        .take(*budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(&e))?;
    *budget = budget.checked_sub(bytes.len() as u64).ok_or_else(|| {
        damaged(&format_args!(
            "the project inflates to more than {} MiB",
            MAX_INFLATED >> 20
        ))
    })?;
    Ok(bytes)
}

/// Reads the project element by element, against the archive it came from.
struct ProjectReader<'a, R> {
    doc: Doc,
    archive: &'a mut zip::ZipArchive<R>,
    /// What the archive's entries may still inflate to.
    budget: u64,
}

impl<R: Read + Seek> ProjectReader<'_, R> {
    fn project(&mut self, root: &Element) -> Result<Project> {
        let doc = &self.doc;
        if root.name != "Project" {
            return Err(doc.error(
                root,
                format!(
                    "the root element is <{}>, not <Project>: this is not a REFI-QDA project",
                    root.name
                ),
            ));
        }
        let mut users = Vec::new();
        for user in root.path(&["Users", "User"]) {
            users.push(User {
                guid: doc.required(user, "guid")?,
                name: user.attr_or_empty("name"),
            });
        }
        let codes = match root.path(&["CodeBook", "Codes"]).next() {
            Some(codes) => read_codes(doc, codes)?,
            None => Vec::new(),
        };
        let mut code_guids = HashSet::new();
        collect_guids(&codes, &mut code_guids);
        let mut notes = Vec::new();
        for note in root.path(&["Notes", "Note"]) {
            notes.push(Note {
                guid: self.doc.required(note, "guid")?,
                name: note.attr_or_empty("name"),
                text: self.text_of(note)?,
                creator: note.attr_or_empty("creatingUser"),
            });
        }
        let note_guids: HashSet<String> = notes.iter().map(|n| n.guid.clone()).collect();
        let mut variables = Vec::new();
        for variable in root.path(&["Variables", "Variable"]) {
            variables.push(Variable {
                guid: self.doc.required(variable, "guid")?,
                name: variable.attr_or_empty("name"),
            });
        }
        let mut sources = Vec::new();
        let mut skipped = HashSet::new();
        for source in root.path(&["Sources"]).flat_map(|s| &s.children) {
            if source.name == "TextSource" {
                sources.push(self.source(source, &code_guids, &note_guids)?);
            } else if SOURCE_KINDS.contains(&source.name.as_str()) {
                skipped.insert(source.attr_or_empty("guid"));
            }
        }
        let cases = self.cases(root, &variables, &sources, &skipped)?;
        Ok(Project {
            name: root.attr_or_empty("name"),
            created: root.attr_or_empty("creationDateTime"),
            users,
            codes,
            variables,
            cases,
            sources,
            notes,
        })
    }

    fn cases(
        &self,
        root: &Element,
        variables: &[Variable],
        sources: &[TextSource],
        skipped: &HashSet<String>,
    ) -> Result<Vec<Case>> {
        let doc = &self.doc;
        let variables: HashSet<&str> = variables.iter().map(|v| v.guid.as_str()).collect();
        let sources: HashSet<&str> = sources.iter().map(|s| s.guid.as_str()).collect();
        let mut cases = Vec::new();
        for case in root.path(&["Cases", "Case"]) {
            let guid = doc.required(case, "guid")?;
            let name = case.attr_or_empty("name");
            let mut values = Vec::new();
            for value in case.children("VariableValue") {
                let Some(reference) = value.children("VariableRef").next() else {
                    return Err(doc.error(value, format!("a VariableValue of Case {guid} has no VariableRef")));
                };
                let variable = doc.required(reference, "targetGUID")?;
                if !variables.contains(variable.as_str()) {
                    return Err(doc.error(
                        reference,
                        format!("Case {guid} has a value for variable {variable}, which is not in <Variables>"),
                    ));
                }
                let text = value
                    .children
                    .iter()
                    .find(|c| VALUE_KINDS.contains(&c.name.as_str()))
                    .map(|c| c.text.clone())
                    .unwrap_or_default();
                values.push((variable, text));
            }
            let mut refs = Vec::new();
            for reference in case.children("SourceRef") {
                let source = doc.required(reference, "targetGUID")?;
                if sources.contains(source.as_str()) {
                    refs.push(source);
                } else if !skipped.contains(&source) {
                    return Err(doc.error(
                        reference,
                        format!("Case {guid} refers to source {source}, which is not in <Sources>"),
                    ));
                }
            }
            cases.push(Case {
                guid,
                name,
                values,
                sources: refs,
            });
        }
        Ok(cases)
    }

    fn source(&mut self, el: &Element, codes: &HashSet<String>, notes: &HashSet<String>) -> Result<TextSource> {
        let guid = self.doc.required(el, "guid")?;
        let name = el.attr_or_empty("name");
        let text = self.text_of(el)?;
        let length = text.chars().count();
        let doc = &self.doc;
        let mut selections = Vec::new();
        for sel in el.children("PlainTextSelection") {
            let sel_guid = doc.required(sel, "guid")?;
            let place = format!("PlainTextSelection {sel_guid} in TextSource {guid}");
            let position = |key: &str| -> Result<usize> {
                let value = doc.required(sel, key)?;
                value.trim().parse().map_err(|_| {
                    doc.error(
                        sel,
                        format!("{place} has {key}={value:?}, which is not a character position"),
                    )
                })
            };
            let (start, end) = (position("startPosition")?, position("endPosition")?);
            if start > end || end > length {
                return Err(doc.error(
                    sel,
                    format!("{place} spans characters {start}..{end}, outside the source's {length} characters"),
                ));
            }
            let mut codings = Vec::new();
            for coding in sel.children("Coding") {
                codings.push(read_coding(doc, coding, &place, codes)?);
            }
            let note = match sel.children("NoteRef").next() {
                Some(reference) => {
                    let note = doc.required(reference, "targetGUID")?;
                    if !notes.contains(&note) {
                        return Err(doc.error(
                            reference,
                            format!("{place} refers to note {note}, which is not in <Notes>"),
                        ));
                    }
                    Some(note)
                }
                None => None,
            };
            selections.push(Selection {
                guid: sel_guid,
                start,
                end,
                creator: sel.attr_or_empty("creatingUser"),
                created: sel.attr_or_empty("creationDateTime"),
                codings,
                note,
            });
        }
        for el in el.children("Coding") {
            let coding = read_coding(doc, el, &format!("TextSource {guid}"), codes)?;
            selections.push(Selection {
                guid: self::guid(format!("{guid}/{}", coding.guid).as_bytes()),
                start: 0,
                end: length,
                creator: coding.creator.clone(),
                created: el.attr_or_empty("creationDateTime"),
                codings: vec![coding],
                note: None,
            });
        }
        Ok(TextSource {
            guid,
            name,
            text,
            selections,
        })
    }

    /// The text of a source or note: inline, or an entry of the archive.
    fn text_of(&mut self, el: &Element) -> Result<String> {
        if let Some(content) = el.children("PlainTextContent").next() {
            return Ok(content.text.clone());
        }
        let doc = &self.doc;
        let what = format!("{} {}", el.name, el.attr_or_empty("guid"));
        let Some(path) = el.attr("plainTextPath") else {
            return match el.attr("richTextPath") {
                Some(_) => Err(doc.error(
                    el,
                    format!("{what} has only a rich text (richTextPath); fieldvault reads plain text"),
                )),
                None => Ok(String::new()),
            };
        };
        let Some(file) = path.strip_prefix(INTERNAL) else {
            return Err(doc.error(
                el,
                format!(
                    "the text of {what} is outside the archive ({path}); fieldvault reads only texts inside the .qdpx"
                ),
            ));
        };
        let name = format!("Sources/{file}");
        let Some(entry) = find_entry(self.archive, &name) else {
            return Err(doc.error(el, format!("{what} refers to {name}, which is not in the archive")));
        };
        let bytes = read_entry(self.archive, &entry, &mut self.budget)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| doc.error(el, format!("the text of {what} ({name}) is not UTF-8: {e}")))?;
        Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        })
    }
}

fn read_coding(doc: &Doc, el: &Element, place: &str, codes: &HashSet<String>) -> Result<Coding> {
    let guid = doc.required(el, "guid")?;
    let Some(reference) = el.children("CodeRef").next() else {
        return Err(doc.error(el, format!("Coding {guid} in {place} has no CodeRef")));
    };
    let code = doc.required(reference, "targetGUID")?;
    if !codes.contains(&code) {
        return Err(doc.error(
            reference,
            format!("Coding {guid} in {place} names code {code}, which is not in the codebook"),
        ));
    }
    Ok(Coding {
        guid,
        code,
        creator: el.attr_or_empty("creatingUser"),
    })
}

fn collect_guids(codes: &[Code], into: &mut HashSet<String>) {
    for code in codes {
        into.insert(code.guid.clone());
        collect_guids(&code.children, into);
    }
}

/// Reads the code tree under a `<Codes>` element (of a project or a codebook).
pub(super) fn read_codes(doc: &Doc, codes: &Element) -> Result<Vec<Code>> {
    codes.children("Code").map(|code| read_code(doc, code)).collect()
}

fn read_code(doc: &Doc, el: &Element) -> Result<Code> {
    let color = el
        .attr("color")
        .map(str::trim)
        .filter(|c| is_hex_color(c))
        .map(|c| match c.len() {
            4 => format!("#{}", c[1..].chars().flat_map(|h| [h, h]).collect::<String>()),
            _ => c.to_string(),
        });
    Ok(Code {
        guid: doc.required(el, "guid")?,
        name: el.attr_or_empty("name"),
        description: el.children("Description").next().map(|d| d.text.clone()),
        color,
        children: el.children("Code").map(|c| read_code(doc, c)).collect::<Result<_>>()?,
    })
}

/// The document being read, to name it and say what to do in errors.
pub(super) struct Doc {
    pub(super) path: &'static str,
    pub(super) hint: &'static str,
}

impl Doc {
    fn malformed(&self, line: usize, what: String) -> Error {
        Error::Malformed {
            path: PathBuf::from(self.path),
            line,
            what,
            hint: self.hint.to_string(),
        }
    }

    pub(super) fn error(&self, el: &Element, what: String) -> Error {
        self.malformed(el.line, what)
    }

    fn required(&self, el: &Element, key: &str) -> Result<String> {
        match el.attr(key) {
            Some(value) => Ok(value.to_string()),
            None => Err(self.error(el, format!("<{}> has no {key} attribute", el.name))),
        }
    }
}

/// One element of a parsed document. A tree is small for QDA-XML (archives are bounded by
/// [`MAX_INFLATED`]) and lets the reader resolve references whatever the element order.
pub(super) struct Element {
    /// The local name: tools differ in namespace prefixes, not in element names.
    pub(super) name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    line: usize,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn attr_or_empty(&self, key: &str) -> String {
        self.attr(key).unwrap_or_default().to_string()
    }

    pub(super) fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The descendants reached by following `names` from this element.
    fn path<'a>(&'a self, names: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a Element> + 'a> {
        match names.split_first() {
            None => Box::new(std::iter::once(self)),
            Some((first, rest)) => Box::new(self.children(first).flat_map(move |c| c.path(rest))),
        }
    }
}

/// Counts lines up to byte positions, moving forward through the document.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            (self.pos, self.line) = (0, 1);
        }
        self.line += self.text[self.pos..pos].iter().filter(|b| **b == b'\n').count();
        self.pos = pos;
        self.line
    }
}

/// Parses an XML document into a tree, refusing anything that is not well-formed.
pub(super) fn parse(bytes: &[u8], doc: &Doc) -> Result<Element> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        doc.malformed(line, format!("the XML is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Lines {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let line = lines.at(reader.buffer_position() as usize);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position() as usize);
                return Err(doc.malformed(line, format!("the XML is malformed: {e}")));
            }
        };
        let bad = |what: String| doc.malformed(line, what);
        match event {
            Event::Start(tag) => {
                let el = element(&tag, line, doc)?;
                check_place(&stack, root.is_some(), &el, doc)?;
                stack.push(el);
            }
            Event::Empty(tag) => {
                let el = element(&tag, line, doc)?;
                check_place(&stack, root.is_some(), &el, doc)?;
                attach(&mut stack, &mut root, el);
            }
            Event::End(_) => match stack.pop() {
                Some(el) => attach(&mut stack, &mut root, el),
                None => return Err(bad("an end tag closes no element".into())),
            },
            Event::Text(t) => {
                let t = t
                    .xml10_content()
                    .map_err(|e| bad(format!("the XML is malformed: {e}")))?;
                push_text(&mut stack, &t, &bad)?;
            }
            Event::CData(t) => {
                let t = t
                    .xml10_content()
                    .map_err(|e| bad(format!("the XML is malformed: {e}")))?;
                push_text(&mut stack, &t, &bad)?;
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(format!("the XML is malformed: {e}")))?;
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(c) => c.to_string(),
                        None => return Err(bad(format!("the XML uses the undefined entity &{name};"))),
                    },
                    Err(e) => return Err(bad(format!("the XML has a bad character reference &{name};: {e}"))),
                };
                push_text(&mut stack, &c, &bad)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(doc.error(open, format!("<{}> is never closed", open.name)));
    }
    root.ok_or_else(|| doc.malformed(1, "the document has no root element".into()))
}

fn element(tag: &BytesStart<'_>, line: usize, doc: &Doc) -> Result<Element> {
    let name = String::from_utf8_lossy(tag.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute =
            attribute.map_err(|e| doc.malformed(line, format!("<{name}> has a malformed attribute: {e}")))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| doc.malformed(line, format!("<{name}> has a malformed attribute {key}: {e}")))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        text: String::new(),
        line,
    })
}

/// Refuses a second root element and nesting deeper than [`MAX_DEPTH`].
fn check_place(stack: &[Element], has_root: bool, el: &Element, doc: &Doc) -> Result<()> {
    if stack.is_empty() && has_root {
        return Err(doc.error(el, format!("<{}> follows the root element", el.name)));
    }
    if stack.len() >= MAX_DEPTH {
        return Err(doc.error(el, format!("elements nest deeper than {MAX_DEPTH} levels")));
    }
    Ok(())
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

fn push_text(stack: &mut [Element], text: &str, bad: &dyn Fn(String) -> Error) -> Result<()> {
    match stack.last_mut() {
        Some(el) => el.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => return Err(bad("the XML has text outside its root element".into())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    const TEXT: &str = "Halo kak 😊 café & \"teh\" <manis>\r\nTerserah kakak ya 🙏🏽, no drama.";

    fn id(seed: &str) -> String {
        guid(seed.as_bytes())
    }

    /// Where `part` starts and ends in `text`, in characters.
    fn span(text: &str, part: &str) -> (usize, usize) {
        let at = text.find(part).expect("part of the text");
        let start = text[..at].chars().count();
        (start, start + part.chars().count())
    }

    fn sample() -> Project {
        let (start, end) = span(TEXT, "Terserah kakak");
        Project {
            name: "Studi <MiChat> & \"ramah\" 'kak'".into(),
            created: "2024-05-01T10:00:00Z".into(),
            users: vec![User {
                guid: id("user/C1"),
                name: "C1".into(),
            }],
            codes: vec![Code {
                guid: id("code/1"),
                name: "Ingratiation\t(A & B)\nline".into(),
                description: Some("Warmth ]]> 'terserah' <b>\r\n😊".into()),
                color: Some("#1f77b4".into()),
                children: vec![Code {
                    guid: id("code/2"),
                    name: "Opinion conformity".into(),
                    description: None,
                    color: None,
                    children: Vec::new(),
                }],
            }],
            variables: vec![Variable {
                guid: id("variable/city"),
                name: "kota".into(),
            }],
            cases: vec![Case {
                guid: id("case/P01"),
                name: "P01".into(),
                values: vec![(id("variable/city"), "Jakarta Selatan & sekitarnya".into())],
                sources: vec![id("source/1")],
            }],
            sources: vec![TextSource {
                guid: id("source/1"),
                name: "P01 chat 1".into(),
                text: TEXT.into(),
                selections: vec![Selection {
                    guid: id("selection/1"),
                    start,
                    end,
                    creator: id("user/C1"),
                    created: "2024-05-02T08:30:00Z".into(),
                    codings: vec![Coding {
                        guid: id("coding/1"),
                        code: id("code/2"),
                        creator: id("user/C1"),
                    }],
                    note: Some(id("note/1")),
                }],
            }],
            notes: vec![Note {
                guid: id("note/1"),
                name: "Memo 1".into(),
                text: "  she says <\"bebas\"> & means it 🙏🏽\r\n\ttwice  ".into(),
                creator: id("user/C1"),
            }],
        }
    }

    fn qdpx(project: &Project) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        write_qdpx(project, &mut out).expect("the project is valid");
        out.into_inner()
    }

    /// A zip of the given entries, stored as given (for crafting archives).
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// The sample's archive with project.qde replaced.
    fn with_qde(qde: &[u8]) -> Vec<u8> {
        let project = sample();
        let name = format!("Sources/{}.txt", project.sources[0].guid);
        zip_of(&[(QDE, qde), (&name, TEXT.as_bytes())])
    }

    fn message(result: Result<Project>) -> String {
        match result {
            Ok(p) => panic!("accepted: {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn guids_are_reproducible_and_schema_shaped() {
        let a = guid(b"vault/item/1");
        assert_eq!(a, guid(b"vault/item/1"));
        assert_ne!(a, guid(b"vault/item/2"));
        assert!(is_guid(&a), "{a}");
        assert_eq!(&a[14..15], "8", "version 8: {a}");
        assert!(matches!(&a[19..20], "8" | "9" | "A" | "B"), "RFC variant: {a}");
    }

    #[test]
    fn awkward_text_survives_the_round_trip() {
        let project = sample();
        let bytes = qdpx(&project);
        assert_eq!(read_qdpx(Cursor::new(&bytes)).unwrap(), project);
        // Reproducible: the same project gives the same archive.
        assert_eq!(qdpx(&project), bytes);
        let xml = String::from_utf8(project_xml(&project)).unwrap();
        assert!(
            xml.contains("name=\"Studi &lt;MiChat&gt; &amp; &quot;ramah&quot; 'kak'\""),
            "{xml}"
        );
        assert!(xml.contains("&#9;(A &amp; B)&#10;line"), "{xml}");
        assert!(xml.contains("plainTextPath=\"internal://"), "{xml}");
        assert!(!xml.contains(TEXT), "the text is in Sources/, not in the XML");
    }

    #[test]
    fn selections_count_characters_not_bytes() {
        let project = sample();
        let selection = &project.sources[0].selections[0];
        let xml = String::from_utf8(project_xml(&project)).unwrap();
        assert!(xml.contains(&format!("startPosition=\"{}\"", selection.start)));
        let text: String = TEXT
            .chars()
            .skip(selection.start)
            .take(selection.end - selection.start)
            .collect();
        assert_eq!(text, "Terserah kakak");
        assert_ne!(selection.start, TEXT.find("Terserah").unwrap());
    }

    #[test]
    fn writing_refuses_what_would_not_import() {
        let refused = |change: &dyn Fn(&mut Project), expect: &str| {
            let mut project = sample();
            change(&mut project);
            let err = write_qdpx(&project, Cursor::new(Vec::new())).unwrap_err().to_string();
            assert!(err.contains(expect), "{expect:?} not in {err:?}");
        };
        let selection = id("selection/1");
        refused(
            &|p| p.sources[0].selections[0].end = TEXT.chars().count() + 1,
            &selection,
        );
        refused(&|p| p.sources[0].selections[0].start = 60, "outside the text");
        refused(
            &|p| p.sources[0].selections[0].codings[0].code = id("code/9"),
            "not in the codebook",
        );
        refused(
            &|p| p.sources[0].selections[0].note = Some(id("note/9")),
            "which is not in the project",
        );
        refused(
            &|p| p.sources[0].selections[0].created = "2024-13-01T00:00:00Z".into(),
            "RFC 3339",
        );
        refused(
            &|p| p.sources[0].selections[0].created = "2024-02-30T00:00:00Z".into(),
            "RFC 3339",
        );
        refused(&|p| p.codes[0].color = Some("red".into()), "#RRGGBB");
        refused(&|p| p.codes[0].children[0].guid = "P01".into(), "not a GUID");
        refused(&|p| p.users[0].guid = id("code/1"), "reuses the GUID");
        refused(&|p| p.notes[0].text = "bell \u{7}".into(), "U+0007");
        refused(&|p| p.cases[0].values[0].0 = id("variable/x"), "variable");
        refused(&|p| p.cases[0].sources[0] = id("source/x"), "source");
        refused(&|p| p.sources[0].selections[0].creator = id("user/C9"), "user");
        // A selection may end exactly at the end of the text.
        let mut project = sample();
        project.sources[0].selections[0].end = TEXT.chars().count();
        assert_eq!(read_qdpx(Cursor::new(qdpx(&project))).unwrap(), project);
    }

    #[test]
    fn reading_refuses_malformed_archives() {
        assert!(message(read_qdpx(Cursor::new(b"not a zip".to_vec()))).contains("not a REFI-QDA project"));
        let empty = zip_of(&[("readme.txt", b"hello")]);
        assert!(message(read_qdpx(Cursor::new(empty))).contains("no project.qde"));
        let qde = project_xml(&sample());
        let missing_text = zip_of(&[(QDE, &qde)]);
        assert!(message(read_qdpx(Cursor::new(missing_text))).contains("not in the archive"));
    }

    #[test]
    fn reading_stops_at_the_inflation_budget() {
        let bytes = zip_of(&[("a.txt", &[b'a'; 100]), ("b.txt", &[b'b'; 100])]);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut budget = 150;
        assert_eq!(read_entry(&mut archive, "a.txt", &mut budget).unwrap().len(), 100);
        assert_eq!(budget, 50);
        let err = read_entry(&mut archive, "b.txt", &mut budget).unwrap_err().to_string();
        assert!(err.contains("cannot read b.txt") && err.contains("more than"), "{err}");
    }

    #[test]
    fn reading_refuses_malformed_xml_with_its_line() {
        let qde = String::from_utf8(project_xml(&sample())).unwrap();
        let broken = qde.replacen("<Users>", "<Users><Oops>", 1);
        let err = read_qdpx(Cursor::new(with_qde(broken.as_bytes()))).unwrap_err();
        match &err {
            Error::Malformed { path, line, .. } => {
                assert_eq!(path, &PathBuf::from(QDE));
                assert!(*line > 1, "{err}");
            }
            other => panic!("{other:?}"),
        }
        let unclosed = qde.replacen("</Project>", "", 1);
        assert!(message(read_qdpx(Cursor::new(with_qde(unclosed.as_bytes())))).contains("<Project> is never closed"));
        let entity = qde.replacen("Memo 1", "Memo &nbsp;", 1);
        let err = message(read_qdpx(Cursor::new(with_qde(entity.as_bytes()))));
        assert!(err.contains("nbsp"), "{err}");
        let in_text = qde.replacen("</PlainTextContent>", "&nbsp;</PlainTextContent>", 1);
        let err = message(read_qdpx(Cursor::new(with_qde(in_text.as_bytes()))));
        assert!(err.contains("&nbsp;"), "{err}");
        let mut not_utf8 = qde.into_bytes();
        not_utf8.extend_from_slice(b"<!-- \xe9 -->");
        assert!(message(read_qdpx(Cursor::new(with_qde(&not_utf8)))).contains("not UTF-8"));
    }

    #[test]
    fn reading_refuses_inconsistent_projects_naming_the_element() {
        let project = sample();
        let selection = &project.sources[0].selections[0];
        let qde = String::from_utf8(project_xml(&project)).unwrap();
        let past_end = qde.replacen(
            &format!("endPosition=\"{}\"", selection.end),
            &format!("endPosition=\"{}\"", TEXT.chars().count() + 1),
            1,
        );
        let err = message(read_qdpx(Cursor::new(with_qde(past_end.as_bytes()))));
        assert!(
            err.contains(&selection.guid) && err.contains("outside the source"),
            "{err}"
        );
        assert!(err.starts_with("project.qde:"), "{err}");
        let negative = qde.replacen(
            &format!("startPosition=\"{}\"", selection.start),
            "startPosition=\"-1\"",
            1,
        );
        assert!(message(read_qdpx(Cursor::new(with_qde(negative.as_bytes())))).contains("not a character position"));
        let unknown_code = qde.replacen(
            &format!("<CodeRef targetGUID=\"{}\"", id("code/2")),
            &format!("<CodeRef targetGUID=\"{}\"", id("code/9")),
            1,
        );
        let err = message(read_qdpx(Cursor::new(with_qde(unknown_code.as_bytes()))));
        assert!(
            err.contains(&id("code/9")) && err.contains("Coding") && err.contains("not in the codebook"),
            "{err}"
        );
        let unknown_note = qde.replacen(
            &format!("<NoteRef targetGUID=\"{}\"", id("note/1")),
            &format!("<NoteRef targetGUID=\"{}\"", id("note/9")),
            1,
        );
        assert!(message(read_qdpx(Cursor::new(with_qde(unknown_note.as_bytes())))).contains("not in <Notes>"));
        let no_guid = qde.replacen(&format!("<User guid=\"{}\"", id("user/C1")), "<User", 1);
        assert!(message(read_qdpx(Cursor::new(with_qde(no_guid.as_bytes())))).contains("<User> has no guid attribute"));
        let codebook = String::from_utf8(super::super::qdc::write_qdc(&project.codes)).unwrap();
        assert!(message(read_qdpx(Cursor::new(with_qde(codebook.as_bytes())))).contains("not <Project>"));
    }

    #[test]
    fn reading_accepts_other_tools_conventions() {
        // Prefixed namespace, single quotes, CRLF, inline text, #RGB, a PDF source, a coding
        // of the whole source, a case value of another type, a BOM in a source file.
        let qde = "\u{feff}<?xml version='1.0' encoding='UTF-8'?>\r\n\
<q:Project xmlns:q='urn:QDA-XML:project:1.0' name='Other tool'>\r\n\
<q:CodeBook><q:Codes><q:Code guid='{11111111-2222-3333-4444-555555555555}' name='A' isCodable='true' color='#0aF'/></q:Codes></q:CodeBook>\r\n\
<q:Variables><q:Variable guid='21111111-2222-3333-4444-555555555555' name='age' typeOfVariable='Integer'/></q:Variables>\r\n\
<q:Cases><q:Case guid='31111111-2222-3333-4444-555555555555' name='P09'>\
<q:VariableValue><q:VariableRef targetGUID='21111111-2222-3333-4444-555555555555'/><q:IntegerValue>31</q:IntegerValue></q:VariableValue>\
<q:SourceRef targetGUID='41111111-2222-3333-4444-555555555555'/><q:SourceRef targetGUID='51111111-2222-3333-4444-555555555555'/>\
<q:SourceRef targetGUID='61111111-2222-3333-4444-555555555555'/></q:Case></q:Cases>\r\n\
<q:Sources>\
<q:PDFSource guid='41111111-2222-3333-4444-555555555555' path='internal://x.pdf'/>\
<q:TextSource guid='51111111-2222-3333-4444-555555555555' name='inline'><q:PlainTextContent>a&#13;\r\nb 😊</q:PlainTextContent>\
<q:PlainTextSelection guid='71111111-2222-3333-4444-555555555555' startPosition='2' endPosition='+5'/></q:TextSource>\
<q:TextSource guid='61111111-2222-3333-4444-555555555555' name='file' plainTextPath='internal://f.txt'>\
<q:Coding guid='81111111-2222-3333-4444-555555555555'><q:CodeRef targetGUID='{11111111-2222-3333-4444-555555555555}'/></q:Coding></q:TextSource>\
</q:Sources></q:Project>";
        let bytes = zip_of(&[
            ("PROJECT.QDE", qde.as_bytes()),
            ("Sources/f.txt", "\u{feff}ñé 🙏🏽".as_bytes()),
        ]);
        let project = read_qdpx(Cursor::new(bytes)).unwrap();
        assert_eq!(project.name, "Other tool");
        assert_eq!(project.codes[0].color.as_deref(), Some("#00aaFF"));
        assert_eq!(
            project.cases[0].values,
            vec![("21111111-2222-3333-4444-555555555555".to_string(), "31".to_string())]
        );
        assert_eq!(project.cases[0].sources.len(), 2, "the PDF source is skipped");
        assert_eq!(project.sources[0].text, "a\r\nb 😊");
        assert_eq!(
            (
                project.sources[0].selections[0].start,
                project.sources[0].selections[0].end
            ),
            (2, 5)
        );
        let whole = &project.sources[1];
        assert_eq!(whole.text, "ñé 🙏🏽");
        assert_eq!((whole.selections[0].start, whole.selections[0].end), (0, 5));
        assert_eq!(
            whole.selections[0].codings[0].code,
            "{11111111-2222-3333-4444-555555555555}"
        );
    }

    static SAMPLE_QDPX: LazyLock<Vec<u8>> = LazyLock::new(|| qdpx(&sample()));
    static SAMPLE_QDE: LazyLock<Vec<u8>> = LazyLock::new(|| project_xml(&sample()));

    /// Byte changes, biased towards the characters that carry XML's structure.
    fn mutations() -> impl Strategy<Value = Vec<(prop::sample::Index, u8)>> {
        let byte = prop_oneof![any::<u8>(), prop::sample::select(b"<>/\"'&;#=0123456789-x ".to_vec())];
        prop::collection::vec((any::<prop::sample::Index>(), byte), 1..6)
    }

    fn mutate(bytes: &[u8], changes: &[(prop::sample::Index, u8)], cut: Option<prop::sample::Index>) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        for (at, byte) in changes {
            let at = at.index(bytes.len());
            bytes[at] = *byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn damaged_archives_are_refused_without_panicking(
            changes in mutations(),
            cut in any::<Option<prop::sample::Index>>(),
        ) {
            let _ = read_qdpx(Cursor::new(mutate(&SAMPLE_QDPX, &changes, cut)));
        }

        #[test]
        fn damaged_project_xml_is_refused_without_panicking(
            changes in mutations(),
            cut in any::<Option<prop::sample::Index>>(),
        ) {
            let qde = mutate(&SAMPLE_QDE, &changes, cut);
            if let Ok(project) = read_qdpx(Cursor::new(with_qde(&qde))) {
                // What is accepted is consistent: every selection lies inside its text.
                for source in &project.sources {
                    for s in &source.selections {
                        prop_assert!(s.start <= s.end && s.end <= source.text.chars().count());
                    }
                }
            }
        }
    }
}
