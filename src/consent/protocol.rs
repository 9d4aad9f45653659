//! The ethics protocol: a readable TOML file (see `examples/michat-protocol.toml`),
//! parsed, checked and applied to the vault as a new version whenever its content
//! changes. The vault enforces the latest version.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::Date;

use super::{Kind, Scope, format_date, parse_date};
use crate::digest::sha256_hex;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::vault::Write;

/// How long items of a kind are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retain {
    /// Destroyed N days after import (raw audio, for example).
    DaysAfterImport(u32),
    /// Destroyed N days after the study ends.
    DaysAfterStudyEnd(u32),
    /// Destroyed N years after the study ends (pseudonymised transcripts, for example).
    YearsAfterStudyEnd(u32),
}

impl Retain {
    /// The deadline for an item imported on `imported`, under a study ending on `study_end`.
    pub fn deadline(self, imported: Date, study_end: Date) -> Date {
        let add_days = |d: Date, n: u32| d.saturating_add(time::Duration::days(i64::from(n)));
        match self {
            Retain::DaysAfterImport(n) => add_days(imported, n),
            Retain::DaysAfterStudyEnd(n) => add_days(study_end, n),
            Retain::YearsAfterStudyEnd(n) => {
                let year = study_end.year() + n as i32;
                // 29 February becomes 28 February in a year that has none.
                Date::from_calendar_date(year, study_end.month(), study_end.day())
                    .or_else(|_| Date::from_calendar_date(year, study_end.month(), study_end.day() - 1))
                    .unwrap_or(Date::MAX)
            }
        }
    }

    pub fn describe(self) -> String {
        match self {
            Retain::DaysAfterImport(n) => format!("destroy {n} days after import"),
            Retain::DaysAfterStudyEnd(n) => format!("destroy {n} days after the study ends"),
            Retain::YearsAfterStudyEnd(n) => format!("destroy {n} years after the study ends"),
        }
    }
}

/// What the protocol says about one item kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    /// The consent scope an item of this kind needs.
    pub scope: Scope,
    /// How long items of this kind are kept; absent means until the vault is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retain: Option<Retain>,
}

/// A consent form or information sheet named by the protocol.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRef {
    pub version: String,
    pub language: String,
    pub sha256: String,
}

/// An applied protocol, as the vault stores and enforces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protocol {
    pub title: String,
    pub approval_number: String,
    pub committee: String,
    pub valid_from: String,
    pub valid_until: String,
    pub study_end: String,
    pub identity_registry: bool,
    /// Whether consent evidence may go to the auditor in an audit bundle.
    #[serde(default)]
    pub evidence_to_auditor: bool,
    pub scopes: Vec<Scope>,
    pub kinds: BTreeMap<Kind, KindRule>,
    pub forms: Vec<FormRef>,
}

impl Protocol {
    pub fn valid_from(&self) -> Date {
        parse_date(&self.valid_from).expect("stored protocols hold valid dates")
    }

    pub fn valid_until(&self) -> Date {
        parse_date(&self.valid_until).expect("stored protocols hold valid dates")
    }

    pub fn study_end(&self) -> Date {
        parse_date(&self.study_end).expect("stored protocols hold valid dates")
    }

    pub fn approves_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    pub fn form(&self, version: &str) -> Option<&FormRef> {
        self.forms.iter().find(|f| f.version == version)
    }

    /// The retention rule for items of `kind`, if the protocol sets one.
    pub fn retain_for(&self, kind: Kind) -> Option<Retain> {
        self.kinds.get(&kind)?.retain
    }

    /// When an item of `kind` imported on `imported` must be destroyed under this
    /// protocol; `None` when its kind has no retention rule (or is not approved).
    pub fn deadline_for(&self, kind: Kind, imported: Date) -> Option<Date> {
        Some(self.retain_for(kind)?.deadline(imported, self.study_end()))
    }
}

// The file as written by people. Dates are TOML dates (unquoted).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProtocolFile {
    study: StudyFile,
    kinds: BTreeMap<Kind, KindRule>,
    forms: Vec<FormFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StudyFile {
    title: String,
    approval_number: String,
    committee: String,
    valid_from: toml::value::Datetime,
    valid_until: toml::value::Datetime,
    study_end: toml::value::Datetime,
    #[serde(default)]
    identity_registry: bool,
    #[serde(default)]
    evidence_to_auditor: bool,
    scopes: Vec<Scope>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormFile {
    version: String,
    language: String,
    text: Option<String>,
    file: Option<PathBuf>,
}

/// A form's text, read from the protocol file or the file it names.
pub struct FormText {
    pub form: FormRef,
    pub text: String,
}

/// A protocol file, parsed and checked, ready to apply.
pub struct Loaded {
    pub protocol: Protocol,
    pub forms: Vec<FormText>,
    pub source: String,
    pub sha256: String,
}

/// The 1-based line of the first line of `source` containing `needle` (1 if none).
fn line_of(source: &str, needle: &str) -> usize {
    source.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
}

/// Checks that a language is a BCP 47-like tag: `id`, `en`, `jv`, `id-ID`.
pub fn validate_language(language: &str) -> bool {
    let mut parts = language.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads and checks a protocol file. Errors name the file and the line.
pub fn load(path: &Path) -> Result<Loaded> {
    let bytes = fsutil::read(path)?;
    let source = String::from_utf8(bytes).map_err(|e| Error::Malformed {
        path: path.to_path_buf(),
        line: 1,
        what: format!("the file is not UTF-8 text ({e})"),
        hint: "save the protocol as UTF-8 text".into(),
    })?;
    let malformed = |line: usize, what: String, hint: &str| Error::Malformed {
        path: path.to_path_buf(),
        line,
        what,
        hint: hint.to_string(),
    };
    let file: ProtocolFile = toml::from_str(&source).map_err(|e| {
        let line = e.span().map_or(1, |s| source[..s.start].lines().count().max(1));
        malformed(
            line,
            e.message().to_string(),
            "see examples/michat-protocol.toml for the shape of a protocol; dates are written unquoted (2026-03-01)",
        )
    })?;

    let date = |value: &toml::value::Datetime, key: &str| -> Result<Date> {
        let text = value.to_string();
        if value.time.is_some() || value.offset.is_some() {
            return Err(malformed(
                line_of(&source, key),
                format!("`{key}` must be a date without a time, not {text}"),
                "write the date alone, for example 2026-03-01",
            ));
        }
        parse_date(&text).map_err(|e| malformed(line_of(&source, key), e.to_string(), &e.hint()))
    };
    let study = &file.study;
    let valid_from = date(&study.valid_from, "valid_from")?;
    let valid_until = date(&study.valid_until, "valid_until")?;
    let study_end = date(&study.study_end, "study_end")?;
    for (key, value) in [
        ("title", &study.title),
        ("approval_number", &study.approval_number),
        ("committee", &study.committee),
    ] {
        if value.trim().is_empty() {
            return Err(malformed(
                line_of(&source, key),
                format!("`{key}` is empty"),
                "copy it from the ethics approval letter",
            ));
        }
    }
    if valid_until < valid_from {
        return Err(malformed(
            line_of(&source, "valid_until"),
            format!(
                "the approval ends ({}) before it begins ({})",
                format_date(valid_until),
                format_date(valid_from)
            ),
            "check valid_from and valid_until against the approval letter",
        ));
    }
    if study_end < valid_from {
        return Err(malformed(
            line_of(&source, "study_end"),
            "the study ends before the approval begins".into(),
            "check study_end",
        ));
    }
    if study.scopes.is_empty() {
        return Err(malformed(
            line_of(&source, "scopes"),
            "the protocol approves no consent scope".into(),
            "list the approved scopes, for example scopes = [\"interview\", \"chat_content\"]",
        ));
    }
    let mut scopes = study.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if file.kinds.is_empty() {
        return Err(malformed(
            1,
            "the protocol approves no item kind".into(),
            "add a [kinds.transcript] table (or another kind) with the scope it needs",
        ));
    }
    for (kind, rule) in &file.kinds {
        if !scopes.contains(&rule.scope) {
            return Err(malformed(
                line_of(&source, &format!("[kinds.{kind}]")),
                format!(
                    "kind {kind} needs scope {}, which the protocol does not approve",
                    rule.scope
                ),
                "add the scope to `scopes` in [study], or name an approved scope",
            ));
        }
    }
    if file.forms.is_empty() {
        return Err(malformed(
            1,
            "the protocol names no consent form".into(),
            "add a [[forms]] entry with version, language and text or file",
        ));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let mut forms: Vec<FormText> = Vec::new();
    for form in &file.forms {
        let line = line_of(&source, &format!("\"{}\"", form.version));
        if form.version.is_empty()
            || form.version.len() > 32
            || !form
                .version
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(malformed(
                line,
                format!("form version `{}` is not usable", form.version),
                "use a short version such as v2 or v2-id (letters, digits, '.', '_', '-')",
            ));
        }
        if forms.iter().any(|f| f.form.version == form.version) {
            return Err(malformed(
                line,
                format!("form version {} is listed twice", form.version),
                "give every form a version of its own",
            ));
        }
        if !validate_language(&form.language) {
            return Err(malformed(
                line,
                format!("`{}` is not a language tag", form.language),
                "use a language tag such as id, en or jv",
            ));
        }
        let text = match (&form.text, &form.file) {
            (Some(text), None) => text.clone(),
            (None, Some(file)) => {
                let form_path = base.join(file);
                let bytes = fsutil::read(&form_path)?;
                String::from_utf8(bytes).map_err(|_| Error::Malformed {
                    path: form_path.clone(),
                    line: 1,
                    what: "the form is not UTF-8 text".into(),
                    hint: "save the form as UTF-8 text (export it from the word processor as .txt or .md)".into(),
                })?
            }
            _ => {
                return Err(malformed(
                    line,
                    format!("form {} needs exactly one of `text` and `file`", form.version),
                    "give the form's text inline with text = \"\"\"…\"\"\" or name a file with file = \"forms/…\"",
                ));
            }
        };
        if text.trim().is_empty() {
            return Err(malformed(
                line,
                format!("form {} is empty", form.version),
                "the form's text is what participants agreed to; it must be stored",
            ));
        }
        forms.push(FormText {
            form: FormRef {
                version: form.version.clone(),
                language: form.language.clone(),
                sha256: sha256_hex(text.as_bytes()),
            },
            text,
        });
    }
    let protocol = Protocol {
        title: study.title.trim().to_string(),
        approval_number: study.approval_number.trim().to_string(),
        committee: study.committee.trim().to_string(),
        valid_from: format_date(valid_from),
        valid_until: format_date(valid_until),
        study_end: format_date(study_end),
        identity_registry: study.identity_registry,
        evidence_to_auditor: study.evidence_to_auditor,
        scopes,
        kinds: file.kinds,
        forms: forms.iter().map(|f| f.form.clone()).collect(),
    };
    let sha256 = sha256_hex(source.as_bytes());
    Ok(Loaded {
        protocol,
        forms,
        source,
        sha256,
    })
}

/// One applied version.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub version: u32,
    pub sha256: String,
    pub applied_at: String,
    pub applied_by: String,
    pub log_index: u64,
}

/// What `apply` did.
#[derive(Debug, Serialize)]
pub struct ApplyReport {
    pub version: u32,
    pub sha256: String,
    /// False when the file matched the current version and nothing was written.
    pub changed: bool,
}

/// Applies a loaded protocol as a new version, unless it equals the current one.
pub fn apply(write: &Write<'_>, loaded: &Loaded, member: &str) -> Result<ApplyReport> {
    let conn = write.conn();
    if let Some((version, current)) = current(conn)? {
        if current == loaded.protocol {
            return Ok(ApplyReport {
                version,
                sha256: loaded.sha256.clone(),
                changed: false,
            });
        }
    }
    for form in &loaded.forms {
        let stored: Option<String> = conn
            .query_row(
                "SELECT sha256 FROM consent_forms WHERE version = ?1",
                [&form.form.version],
                |r| r.get(0),
            )
            .optional()?;
        if stored.as_ref().is_some_and(|s| *s != form.form.sha256) {
            return Err(Error::invalid(
                format!("form {} is already stored with a different text", form.form.version),
                "a form that participants have seen cannot change; give the revised form a new version (v3)",
            ));
        }
    }
    let version: u32 = conn.query_row("SELECT coalesce(max(version), 0) + 1 FROM protocols", [], |r| r.get(0))?;
    let version_text = format!("version {version}");
    let log_index = write.log(
        "protocol.apply",
        &[&version_text, &loaded.protocol.approval_number, &loaded.sha256],
    )?;
    let definition = serde_json::to_string(&loaded.protocol).expect("protocols always serialise");
    conn.execute(
        "INSERT INTO protocols (version, sha256, source, definition, applied_at, applied_by, log_index)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            version,
            loaded.sha256,
            loaded.source,
            definition,
            crate::clock::now_rfc3339(),
            member,
            log_index
        ],
    )?;
    for form in &loaded.forms {
        conn.execute(
            "INSERT OR IGNORE INTO consent_forms (version, language, sha256, text, protocol_version)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                form.form.version,
                form.form.language,
                form.form.sha256,
                form.text,
                version
            ],
        )?;
    }
    Ok(ApplyReport {
        version,
        sha256: loaded.sha256.clone(),
        changed: true,
    })
}

/// The current protocol and its version, if one was applied.
pub fn current(conn: &Connection) -> Result<Option<(u32, Protocol)>> {
    let row: Option<(u32, String)> = conn
        .query_row(
            "SELECT version, definition FROM protocols ORDER BY version DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(version, definition)| {
        serde_json::from_str(&definition)
            .map(|p| (version, p))
            .map_err(|e| Error::Corrupt {
                path: "the vault database".into(),
                why: format!("protocol version {version} does not parse ({e})"),
            })
    })
    .transpose()
}

/// The current protocol, or an error that says how to apply one.
pub fn require(conn: &Connection) -> Result<(u32, Protocol)> {
    current(conn)?.ok_or_else(|| {
        Error::invalid(
            "no ethics protocol has been applied to this vault",
            "apply the approved protocol first: fieldvault protocol apply protocol.toml (see examples/michat-protocol.toml)",
        )
    })
}

/// Every applied version, oldest first.
pub fn versions(conn: &Connection) -> Result<Vec<Version>> {
    let mut stmt =
        conn.prepare("SELECT version, sha256, applied_at, applied_by, log_index FROM protocols ORDER BY version")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Version {
                version: r.get(0)?,
                sha256: r.get(1)?,
                applied_at: r.get(2)?,
                applied_by: r.get(3)?,
                log_index: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn retention_deadlines() {
        let end = date("2027-06-30");
        assert_eq!(
            Retain::DaysAfterImport(30).deadline(date("2026-05-01"), end),
            date("2026-05-31")
        );
        assert_eq!(
            Retain::DaysAfterStudyEnd(10).deadline(date("2026-05-01"), end),
            date("2027-07-10")
        );
        assert_eq!(
            Retain::YearsAfterStudyEnd(5).deadline(date("2026-05-01"), end),
            date("2032-06-30")
        );
        assert_eq!(
            Retain::YearsAfterStudyEnd(1).deadline(date("2026-05-01"), date("2028-02-29")),
            date("2029-02-28")
        );
    }

    #[test]
    fn deadlines_follow_the_kind_rule() {
        let protocol = Protocol {
            title: "t".into(),
            approval_number: "a".into(),
            committee: "c".into(),
            valid_from: "2026-01-01".into(),
            valid_until: "2027-12-31".into(),
            study_end: "2027-06-30".into(),
            identity_registry: false,
            evidence_to_auditor: false,
            scopes: vec![Scope::Interview, Scope::AudioRecording],
            kinds: BTreeMap::from([
                (
                    Kind::Audio,
                    KindRule {
                        scope: Scope::AudioRecording,
                        retain: Some(Retain::DaysAfterImport(30)),
                    },
                ),
                (
                    Kind::Transcript,
                    KindRule {
                        scope: Scope::Interview,
                        retain: None,
                    },
                ),
            ]),
            forms: Vec::new(),
        };
        assert_eq!(
            protocol.deadline_for(Kind::Audio, date("2026-05-01")),
            Some(date("2026-05-31"))
        );
        assert_eq!(protocol.deadline_for(Kind::Transcript, date("2026-05-01")), None);
        assert_eq!(protocol.deadline_for(Kind::Chat, date("2026-05-01")), None);
    }

    #[test]
    fn language_tags() {
        for ok in ["id", "en", "jv", "id-ID", "ace"] {
            assert!(validate_language(ok), "{ok}");
        }
        for bad in ["", "Indonesian", "ID", "i", "id_ID"] {
            assert!(!validate_language(bad), "{bad}");
        }
    }
}
