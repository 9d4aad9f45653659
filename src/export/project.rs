//! The vault's coded data as a REFI-QDA project: coders as users (their pseudonymous
//! codes), the codebook, participants as cases with their attributes as variables,
//! the selected items' pseudonymised texts as sources, segments as selections with
//! codings, memos as notes. GUIDs are derived from the vault id and row ids, so that
//! exporting twice gives the same GUIDs and a QDA tool can recognise what it has seen.

use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;

use super::Selection;
use super::leak::LeakScanner;
use super::qdpx::{self, Case, Coding, Note, Project, Selection as QdaSelection, TextSource, User, Variable};
use crate::coding::{self, Code};
use crate::consent::{Kind, participant};
use crate::error::{Error, Result};
use crate::items::{Encoding, Stream};
use crate::keys::EpochKey;
use crate::vault::Write;

fn guid(vault_id: &str, what: &str) -> String {
    qdpx::guid(format!("{vault_id}/{what}").as_bytes())
}

/// The codebook as the REFI-QDA code tree.
pub fn code_tree(vault_id: &str, codes: &[Code], parent: Option<&str>) -> Vec<qdpx::Code> {
    codes
        .iter()
        .filter(|c| c.parent.as_deref() == parent)
        .map(|c| qdpx::Code {
            guid: guid(vault_id, &format!("code/{}", c.id)),
            name: c.name.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            children: code_tree(vault_id, codes, Some(&c.name)),
        })
        .collect()
}

/// Builds the project of `selection`, every part through the leak scan.
pub fn build(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    selection: &Selection,
    scanner: &LeakScanner,
) -> Result<Project> {
    let title = crate::store::meta_require(conn, "title")?;
    scanner.check("the study title (the project's name)", &title)?;
    let codes = coding::codes(conn)?;
    for c in &codes {
        scanner.check(&format!("the name of code {}", c.id), &c.name)?;
        if let Some(description) = &c.description {
            scanner.check(&format!("the description of code {}", c.id), description)?;
        }
    }
    let attribute_names: BTreeSet<&String> = selection
        .included
        .iter()
        .flat_map(|i| i.participant.attributes.keys())
        .collect();
    let variables: Vec<Variable> = attribute_names
        .iter()
        .map(|name| Variable {
            guid: guid(vault_id, &format!("variable/{name}")),
            name: name.to_string(),
        })
        .collect();
    let mut coders = BTreeSet::new();
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    let mut cases: Vec<Case> = Vec::new();
    for included in &selection.included {
        let item = &included.item;
        let participant = &included.participant;
        scanner.check_approved(&format!("the text of item {}", item.id), &included.text)?;
        let source_guid = guid(vault_id, &format!("item/{}", item.id));
        let filter = coding::Filter {
            item: Some(item.id),
            ..Default::default()
        };
        let mut selections = Vec::new();
        for segment in coding::segments(conn, &filter)? {
            coders.insert(segment.coder.clone());
            let creator = guid(vault_id, &format!("coder/{}", segment.coder));
            let code = codes
                .iter()
                .find(|c| c.name == segment.code)
                .expect("segments name codes");
            let note = match super::tables::memo_checked(conn, vault_id, content_key, &segment, scanner)? {
                Some(text) => {
                    let note_guid = guid(vault_id, &format!("memo/{}", segment.id));
                    notes.push(Note {
                        guid: note_guid.clone(),
                        name: format!("Memo on segment {}", segment.id),
                        text,
                        creator: creator.clone(),
                    });
                    Some(note_guid)
                }
                None => None,
            };
            selections.push(QdaSelection {
                guid: guid(vault_id, &format!("segment/{}", segment.id)),
                start: segment.start,
                end: segment.end,
                creator: creator.clone(),
                created: segment.created_at.clone(),
                codings: vec![Coding {
                    guid: guid(vault_id, &format!("coding/{}", segment.id)),
                    code: guid(vault_id, &format!("code/{}", code.id)),
                    creator,
                }],
                note,
            });
        }
        sources.push(TextSource {
            guid: source_guid.clone(),
            name: format!("{} {} {}", participant.code, item.kind, item.id),
            text: included.text.to_string(),
            selections,
        });
        match cases.iter_mut().find(|c| c.name == participant.code) {
            Some(case) => case.sources.push(source_guid),
            None => {
                let mut values = Vec::new();
                for (name, value) in &participant.attributes {
                    let place = format!("attribute {name} of {}", participant.code);
                    scanner.check(&place, name)?;
                    scanner.check(&place, value)?;
                    values.push((guid(vault_id, &format!("variable/{name}")), value.clone()));
                }
                cases.push(Case {
                    guid: guid(vault_id, &format!("participant/{}", participant.id)),
                    name: participant.code.clone(),
                    values,
                    sources: vec![source_guid],
                });
            }
        }
    }
    Ok(Project {
        name: title,
        created: crate::clock::now_rfc3339(),
        users: coders
            .into_iter()
            .map(|coder| User {
                guid: guid(vault_id, &format!("coder/{coder}")),
                name: coder,
            })
            .collect(),
        codes: code_tree(vault_id, &codes, None),
        variables,
        cases,
        sources,
        notes,
    })
}

/// The project as .qdpx bytes.
pub fn to_bytes(project: &Project) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    qdpx::write_qdpx(project, &mut out)?;
    Ok(out.into_inner())
}

/// What importing a project did.
#[derive(Debug, Default, serde::Serialize)]
pub struct ImportSummary {
    pub codes_added: usize,
    pub codes_kept: usize,
    pub items: usize,
    pub segments: usize,
}

/// Imports a REFI-QDA project into this vault: its codebook, and each text source
/// as an item of the participant its case names, with the selections as segments.
///
/// A source is stored only if the consent gate allows it and the pseudonymisation
/// engine finds nothing in it (a project from another vault was pseudonymised there;
/// one from elsewhere must be pseudonymised first). Imported items are pending
/// review like any other: their segments are kept, but nothing is analysed or
/// exported before approval. Coders whose names are not coder codes get U1, U2 ….
pub fn import(
    write: &crate::vault::Write<'_>,
    vault_id: &str,
    content_key: &EpochKey,
    project: &Project,
) -> Result<ImportSummary> {
    let conn = write.conn();
    let mut summary = ImportSummary::default();
    let mut code_of: HashMap<&str, Code> = HashMap::new();
    add_codes(write, &project.codes, None, &mut code_of, &mut summary)?;

    let mut coder_of: HashMap<&str, String> = HashMap::new();
    for (n, user) in project.users.iter().enumerate() {
        let coder = match coding::check_coder(&user.name) {
            Ok(()) => user.name.clone(),
            Err(_) => format!("U{}", n + 1),
        };
        coder_of.insert(&user.guid, coder);
    }
    let case_of: HashMap<&str, &str> = project
        .cases
        .iter()
        .flat_map(|c| c.sources.iter().map(move |s| (s.as_str(), c.name.as_str())))
        .collect();
    let notes: HashMap<&str, &str> = project
        .notes
        .iter()
        .map(|n| (n.guid.as_str(), n.text.as_str()))
        .collect();
    let keys = crate::pseudonyms::keys(conn)?;
    let engine = crate::pseudonyms::engine(conn, &keys)?;
    let today = crate::consent::today();
    for source in &project.sources {
        let Some(code) = case_of.get(source.guid.as_str()) else {
            return Err(Error::invalid(
                // Named by GUID: another tool names a source after its file, and a
                // case after a person.
                format!("source {} belongs to no case", source.guid),
                "fieldvault keeps every text under a participant: make each source part of a case named by the participant's code",
            ));
        };
        let participant = participant::get(conn, code)?;
        // "P01 chat 12", as fieldvault names sources; a transcript otherwise.
        let kind = source
            .name
            .split_whitespace()
            .nth(1)
            .and_then(|k| k.parse::<Kind>().ok())
            .unwrap_or(Kind::Transcript);
        if let Some(span) = engine.detect(&source.text).first() {
            return Err(Error::invalid(
                format!(
                    "source {} holds what looks like an identifier ({}) at character {}",
                    source.guid,
                    span.category,
                    source.text[..span.start].chars().count()
                ),
                "pseudonymise the text first (`fieldvault pseudonymise`, then import it with `fieldvault import`)",
            ));
        }
        let new_item = crate::items::begin(write, vault_id, content_key, &participant, kind, "qdpx", None, today)?;
        let mut writer = new_item.writer(conn, vault_id, Stream::Content, Encoding::Lz4);
        writer.push(source.text.as_bytes())?;
        let written = writer.finish()?;
        let item = new_item.finish(write, written)?;
        summary.items += 1;
        for selection in &source.selections {
            for coding_ in &selection.codings {
                let code = code_of.get(coding_.code.as_str()).ok_or_else(|| {
                    Error::invalid(
                        format!(
                            "a coding in source {} names a code that is not in the codebook",
                            source.guid
                        ),
                        "export the project again with its codebook",
                    )
                })?;
                let coder = coder_of
                    .get(coding_.creator.as_str())
                    .or_else(|| coder_of.get(selection.creator.as_str()))
                    .cloned()
                    .unwrap_or_else(|| "U0".to_string());
                let memo = selection.note.as_deref().and_then(|g| notes.get(g).copied());
                let new = coding::NewSegment {
                    item: &item,
                    code,
                    start: selection.start,
                    end: selection.end,
                    coder: &coder,
                    memo,
                };
                if coding::apply(write, vault_id, content_key, &source.text, &new)?.is_some() {
                    summary.segments += 1;
                }
            }
        }
    }
    Ok(summary)
}

/// Adds the codes of a REFI-QDA tree that the codebook does not have yet, and maps
/// every code's GUID to the stored code.
fn add_codes<'p>(
    write: &Write<'_>,
    codes: &'p [qdpx::Code],
    parent: Option<&str>,
    code_of: &mut HashMap<&'p str, Code>,
    summary: &mut ImportSummary,
) -> Result<()> {
    for code in codes {
        let stored = match coding::find(write.conn(), &code.name)? {
            Some(existing) => {
                summary.codes_kept += 1;
                existing
            }
            None => {
                summary.codes_added += 1;
                coding::add_code(
                    write,
                    &coding::NewCode {
                        name: &code.name,
                        parent,
                        description: code.description.as_deref(),
                        color: code.color.as_deref(),
                    },
                )?
            }
        };
        code_of.insert(&code.guid, stored);
        add_codes(write, &code.children, Some(&code.name), code_of, summary)?;
    }
    Ok(())
}

/// Imports only a codebook (.qdc).
pub fn import_codebook(write: &Write<'_>, codes: &[qdpx::Code]) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    add_codes(write, codes, None, &mut HashMap::new(), &mut summary)?;
    Ok(summary)
}
