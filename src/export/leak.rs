//! The leak scan every export passes before it writes a byte: no original from the
//! pseudonym table, no registered identifier or deny-list entry, and no detector hit
//! may appear in anything the export carries (texts, memos, code names and
//! descriptions, attributes, file names). A hit aborts the export and says where
//! (which part, which character), never what.
//!
//! Researchers cannot read the pseudonym table's originals, so the scan does not
//! decrypt them: it asks the same keyed-hash lookup the mapping uses whether a word
//! sequence of the output is an original.
//!
//! Two strictnesses. Free text that was never pseudonymised (memos, code names and
//! descriptions, attributes, titles, file names) must pass every detector. The text
//! of an approved item was pseudonymised and then read by a person; running the
//! name and place heuristics on it again is not idempotent (in "norek permata
//! [PHONE_78]" the bank's name no longer follows a number and looks like the given
//! name Permata), so there a name, place, venue or address counts only when it is a
//! registered identifier or on the deny list; the structured detectors (phones,
//! e-mails, links, numbers, handles, IDs, plates) and the table lookup count always.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::pseudo::{Category, Engine};
use crate::pseudonyms::{self, KnownSet, Lookup, StudyKeys};

/// Word sequences up to this long are looked up as originals (an address or a venue
/// name is longer, but its first words are then a place or a name of their own).
const MAX_WORDS: usize = 4;

/// The categories whose originals are word sequences (the structured ones, phones,
/// e-mails, links, numbers, are found by the engine itself).
const WORD_CATEGORIES: [Category; 6] = [
    Category::Person,
    Category::Place,
    Category::Venue,
    Category::Organisation,
    Category::MichatId,
    Category::Handle,
];

/// Where an export would have leaked.
#[derive(Clone, Debug)]
pub struct Leak {
    /// The part of the export ("text of item 3", "memo of segment 12", …).
    pub place: String,
    /// Character offset in that part.
    pub offset: usize,
    pub category: Category,
    /// Which check found it: "detector" (the engine, registered identifiers and the
    /// deny list) or "pseudonym table".
    pub found_by: &'static str,
}

/// The scanner of one export.
pub struct LeakScanner {
    engine: Engine,
    keys: StudyKeys,
    known: KnownSet,
    originals: HashSet<Lookup>,
    /// The study's allow list: words a person declared to identify nobody.
    allowed: HashSet<String>,
}

/// Categories that only the name, place and address heuristics (or a registration)
/// produce.
fn heuristic(category: Category) -> bool {
    matches!(
        category,
        Category::Person | Category::Place | Category::Venue | Category::Organisation | Category::Address
    )
}

impl LeakScanner {
    pub fn new(conn: &Connection) -> Result<Self> {
        let keys = pseudonyms::keys(conn)?;
        let engine = pseudonyms::engine(conn, &keys)?;
        let mut stmt = conn.prepare("SELECT lookup FROM pseudonyms")?;
        let originals = stmt
            .query_map([], |r| r.get::<_, Vec<u8>>(0))?
            // A lookup of another length matches nothing, as it would in the table.
            .filter_map(|lookup| lookup.map(|l| Lookup::try_from(l.as_slice()).ok()).transpose())
            .collect::<rusqlite::Result<HashSet<_>>>()?;
        let known = KnownSet::load(conn, &keys)?;
        let mut stmt = conn.prepare("SELECT word FROM pseudonym_allow")?;
        let allowed = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<HashSet<_>>>()?;
        Ok(LeakScanner {
            engine,
            keys,
            known,
            originals,
            allowed,
        })
    }

    /// The first leak in `text`, if any; `approved` for an approved item's text.
    fn find_in(&self, place: &str, text: &str, approved: bool) -> Option<Leak> {
        let char_offset = |byte: usize| text[..byte].chars().count();
        let hit =
            self.engine.detect(text).into_iter().find(|span| {
                !approved || !heuristic(span.category) || self.known.contains(&text[span.start..span.end])
            });
        if let Some(span) = hit {
            return Some(Leak {
                place: place.to_string(),
                offset: char_offset(span.start),
                category: span.category,
                found_by: "detector",
            });
        }
        let words = words(text);
        // Natural text repeats itself: each word sequence is looked up once.
        let mut checked: HashSet<String> = HashSet::new();
        for first in 0..words.len() {
            for last in first..words.len().min(first + MAX_WORDS) {
                let (start, _) = words[first];
                let (_, end) = words[last];
                // One word alone counts only when capitalised: "indah" (beautiful) is
                // a word, "Indah" in a memo may be the person.
                if first == last && !text[start..end].starts_with(char::is_uppercase) {
                    continue;
                }
                let canonical = words[first..=last]
                    .iter()
                    .map(|&(s, e)| text[s..e].to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                if self.allowed.contains(&canonical) || !checked.insert(canonical.clone()) {
                    continue;
                }
                for category in WORD_CATEGORIES {
                    // A name or place has no digits; a detector's mistake ("Rp950" after
                    // "kak") in the table must not stop every export that mentions a price.
                    if heuristic(category) && canonical.bytes().any(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    if self.originals.contains(&self.keys.lookup(category, &canonical)) {
                        return Some(Leak {
                            place: place.to_string(),
                            offset: char_offset(start),
                            category,
                            found_by: "pseudonym table",
                        });
                    }
                }
            }
        }
        None
    }

    /// Aborts with an error naming the place when free text leaks.
    pub fn check(&self, place: &str, text: &str) -> Result<()> {
        match self.find_in(place, text, false) {
            None => Ok(()),
            Some(leak) => Err(leak_error(&leak)),
        }
    }

    /// Aborts with an error naming the place when the text of an approved item (or a
    /// part of it) leaks.
    pub fn check_approved(&self, place: &str, text: &str) -> Result<()> {
        match self.find_in(place, text, true) {
            None => Ok(()),
            Some(leak) => Err(leak_error(&leak)),
        }
    }
}

/// The error for a leak: where and what kind, never the text.
pub fn leak_error(leak: &Leak) -> Error {
    Error::Refused {
        what: "export aborted by the leak scan; nothing was written".into(),
        reason: format!(
            "{} holds what looks like an identifier ({}, found by the {}) at character {}",
            leak.place, leak.category, leak.found_by, leak.offset
        ),
        hint: "look at that place (`fieldvault show ITEM`, `fieldvault segments list --memos`, \
               `fieldvault code list`, `fieldvault participant show`) and replace the identifier there, \
               or leave that part out of the export; if the word there identifies nobody (a detector's \
               mistake), allow it with `fieldvault pseudonyms allow WORD`"
            .into(),
    }
}

/// Word tokens (letters, digits, '_' and inner '.'/'-'), as byte ranges, skipping the
/// tags the pseudonymiser wrote ([PERSON_3]).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_tag = false;
    for (i, c) in text.char_indices() {
        if c == '[' {
            in_tag = true;
        }
        let word_char = c.is_alphanumeric() || c == '_';
        match (start, word_char && !in_tag) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        if c == ']' {
            in_tag = false;
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_skip_tags() {
        let text = "Mbak [PERSON_3] bilang ok_88";
        let found: Vec<&str> = words(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["Mbak", "bilang", "ok_88"]);
    }
}
