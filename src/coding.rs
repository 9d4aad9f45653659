//! The codebook and coding: a tree of codes, and coded segments on the pseudonymised
//! text of approved items, with offsets in Unicode scalar values (what REFI-QDA and
//! most QDA tools count). A coder is a pseudonymous code (C1, C2 …), so that agreement
//! can be computed and exported without naming anyone. Memos are sealed under the
//! participant's data key: a memo can quote the participant, and erasing the
//! participant must erase it.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::consent::participant::{self, Participant};
use crate::consent::{Kind, Use, gate};
use crate::error::{Error, Result};
use crate::items::{self, Item};
use crate::keys::EpochKey;
use crate::store::field::{self, FieldPlace};
use crate::vault::Write;

/// One code of the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Code {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A new code, as given on the command line or read from a codebook file.
pub struct NewCode<'a> {
    pub name: &'a str,
    pub parent: Option<&'a str>,
    pub description: Option<&'a str>,
    pub color: Option<&'a str>,
}

/// Checks a code name: one line, 1 to 100 characters.
fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.trim() != name || name.chars().count() > 100 || name.chars().any(char::is_control)
    {
        return Err(Error::invalid(
            format!("the code name {name:?} is empty, too long, or has surrounding spaces or control characters"),
            "give a name of 1 to 100 characters on one line, e.g. `fieldvault code add Ingratiation`",
        ));
    }
    Ok(())
}

/// Checks a colour: `#RRGGBB`.
fn check_color(color: &str) -> Result<()> {
    let hex = color.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            format!("the colour {color:?} is not #RRGGBB"),
            "give six hexadecimal digits after '#', e.g. --color #1f77b4",
        ));
    }
    Ok(())
}

/// Adds a code to the codebook. Logged as `code.add` with the code's id (names can
/// carry more than they should; the log never holds free text).
pub fn add_code(write: &Write<'_>, code: &NewCode<'_>) -> Result<Code> {
    let conn = write.conn();
    check_name(code.name)?;
    if let Some(color) = code.color {
        check_color(color)?;
    }
    if let Some(description) = code.description
        && description.chars().count() > 4000
    {
        return Err(Error::invalid(
            "the description is longer than 4,000 characters",
            "keep the definition short; long notes belong in a memo",
        ));
    }
    if find(conn, code.name)?.is_some() {
        return Err(Error::invalid(
            format!("the codebook already has a code {:?}", code.name),
            "code names are unique in a study; choose another name (see `fieldvault code list --tree`)",
        ));
    }
    let parent = code.parent.map(|p| require(conn, p)).transpose()?;
    conn.execute(
        "INSERT INTO codes (name, parent_id, description, color, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            code.name,
            parent.as_ref().map(|p| p.id),
            code.description,
            code.color.map(str::to_ascii_lowercase),
            crate::clock::now_rfc3339(),
            write.member()
        ],
    )?;
    let id = conn.last_insert_rowid();
    write.log("code.add", &[&id.to_string()])?;
    require(conn, code.name)
}

/// The code called `name`, if there is one.
pub fn find(conn: &Connection, name: &str) -> Result<Option<Code>> {
    Ok(conn
        .query_row(
            "SELECT c.id, c.name, p.name, c.description, c.color FROM codes c LEFT JOIN codes p ON p.id = c.parent_id
             WHERE c.name = ?1",
            [name],
            code_row,
        )
        .optional()?)
}

/// The code called `name`, or an error that says how to find the right name.
pub fn require(conn: &Connection, name: &str) -> Result<Code> {
    find(conn, name)?.ok_or_else(|| {
        Error::invalid(
            format!("no code {name:?} in the codebook"),
            "see the codes with `fieldvault code list --tree`, or add it with `fieldvault code add`",
        )
    })
}

fn code_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        name: r.get(1)?,
        parent: r.get(2)?,
        description: r.get(3)?,
        color: r.get(4)?,
    })
}

/// The whole codebook, parents before their children, siblings by name.
pub fn codes(conn: &Connection) -> Result<Vec<Code>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, p.name, c.description, c.color FROM codes c LEFT JOIN codes p ON p.id = c.parent_id
         ORDER BY c.name",
    )?;
    let all: Vec<Code> = stmt.query_map([], code_row)?.collect::<rusqlite::Result<_>>()?;
    let mut ordered = Vec::with_capacity(all.len());
    fn visit(all: &[Code], parent: Option<&str>, out: &mut Vec<Code>) {
        for code in all.iter().filter(|c| c.parent.as_deref() == parent) {
            out.push(code.clone());
            visit(all, Some(&code.name), out);
        }
    }
    visit(&all, None, &mut ordered);
    Ok(ordered)
}

/// How deep a code sits in the tree (0 for a top-level code).
pub fn depth(codes: &[Code], code: &Code) -> usize {
    let mut depth = 0;
    let mut parent = code.parent.as_deref();
    while let Some(name) = parent {
        depth += 1;
        parent = codes.iter().find(|c| c.name == name).and_then(|c| c.parent.as_deref());
    }
    depth
}

/// A coded segment.
#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    pub id: i64,
    pub item: i64,
    pub participant: String,
    pub kind: String,
    pub code: String,
    /// Offsets into the item's pseudonymised text, in Unicode scalar values, end exclusive.
    pub start: usize,
    pub end: usize,
    pub coder: String,
    pub has_memo: bool,
    pub created_at: String,
}

/// Checks a coder code: a short pseudonymous code (C1, R2, A), never a name.
pub fn check_coder(coder: &str) -> Result<()> {
    let ok = (1..=8).contains(&coder.len())
        && coder.starts_with(|c: char| c.is_ascii_uppercase())
        && coder.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ok {
        return Err(Error::invalid(
            format!("the coder {coder:?} is not a coder code"),
            "give a short pseudonymous code of capital letters and digits, e.g. --coder C1",
        ));
    }
    Ok(())
}

/// The decrypted, pseudonymised text of an approved text item that may be analysed
/// today. The caller logs the decryption.
pub fn analysable_text(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    item: &Item,
) -> Result<Zeroizing<String>> {
    require_analysable(conn, item)?;
    items::text(conn, vault_id, content_key, item.id)
}

/// Whether an item may be coded: a text kind, approved in review, and allowed for
/// analysis by the participant's consent today.
pub fn require_analysable(conn: &Connection, item: &Item) -> Result<()> {
    let kind: Kind = item.kind.parse()?;
    if !kind.is_text() {
        return Err(Error::invalid(
            format!("item {} is {}, not text", item.id, item.kind),
            "only text items (transcripts, chats, status texts, field notes) are coded",
        ));
    }
    if item.review_status != "approved" {
        return Err(Error::invalid(
            format!("item {} is still pending review", item.id),
            format!(
                "review it first: `fieldvault review {}`, then `fieldvault review {} --approve`",
                item.id, item.id
            ),
        ));
    }
    let participant = participant::get(conn, &item.participant)?;
    gate::check(conn, &participant, kind, Use::Analysis, crate::consent::today())?.require()?;
    Ok(())
}

/// A new coded segment.
pub struct NewSegment<'a> {
    pub item: &'a Item,
    pub code: &'a Code,
    pub start: usize,
    pub end: usize,
    pub coder: &'a str,
    pub memo: Option<&'a str>,
}

/// Codes a segment of an item whose text (`text`, from [`analysable_text`]) the
/// caller has read. Logged as `segment.add` (participant, item, code id, segment id).
/// Returns None when that coder already coded exactly this range with this code.
pub fn apply(
    write: &Write<'_>,
    vault_id: &str,
    content_key: &EpochKey,
    text: &str,
    new: &NewSegment<'_>,
) -> Result<Option<i64>> {
    let conn = write.conn();
    check_coder(new.coder)?;
    let length = text.chars().count();
    if new.start >= new.end || new.end > length {
        return Err(Error::invalid(
            format!(
                "the range {}..{} is not inside item {} (its text has {length} characters)",
                new.start, new.end, new.item.id
            ),
            "give --start and --end in characters of the pseudonymised text (`fieldvault show ITEM`), \
             start before end, or use --match TEXT",
        ));
    }
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO segments (item_id, code_id, start, end, coder, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            new.item.id,
            new.code.id,
            new.start as i64,
            new.end as i64,
            new.coder,
            crate::clock::now_rfc3339(),
            write.member()
        ],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    let id = conn.last_insert_rowid();
    if let Some(memo) = new.memo {
        set_memo(conn, vault_id, content_key, id, memo)?;
    }
    write.log(
        "segment.add",
        &[
            &new.item.participant,
            &new.item.id.to_string(),
            &new.code.id.to_string(),
            &id.to_string(),
        ],
    )?;
    Ok(Some(id))
}

fn memo_place<'a>(vault_id: &'a str, segment: i64, participant: &'a str, version: u32) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "segments",
        column: "memo",
        row_id: segment,
        participant,
        key_version: version,
    }
}

fn set_memo(conn: &Connection, vault_id: &str, content_key: &EpochKey, segment: i64, memo: &str) -> Result<()> {
    if memo.trim().is_empty() || memo.chars().count() > 10_000 {
        return Err(Error::invalid(
            "the memo is empty or longer than 10,000 characters",
            "write a memo of one paragraph or a few",
        ));
    }
    let (participant_id, code): (i64, String) = conn.query_row(
        "SELECT i.participant_id, p.code FROM segments s JOIN items i ON i.id = s.item_id
         JOIN participants p ON p.id = i.participant_id WHERE s.id = ?1",
        [segment],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let key = field::participant_key(conn, vault_id, content_key, participant_id)?;
    let sealed = field::seal(
        &key.key,
        &memo_place(vault_id, segment, &code, key.version),
        memo.as_bytes(),
    );
    conn.execute(
        "UPDATE segments SET memo = ?1, key_version = ?2 WHERE id = ?3",
        params![sealed, key.version, segment],
    )?;
    Ok(())
}

/// A segment's memo, decrypted. The caller logs the decryption.
pub fn memo(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    segment: &Segment,
) -> Result<Option<Zeroizing<String>>> {
    let row: Option<(Option<Vec<u8>>, Option<u32>, i64)> = conn
        .query_row(
            "SELECT s.memo, s.key_version, i.participant_id FROM segments s JOIN items i ON i.id = s.item_id WHERE s.id = ?1",
            [segment.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((Some(sealed), Some(version), participant_id)) = row else {
        return Ok(None);
    };
    let key = field::participant_key(conn, vault_id, content_key, participant_id)?;
    let plain = field::open(
        &key.key,
        &memo_place(vault_id, segment.id, &segment.participant, version),
        &sealed,
    )?;
    Ok(Some(Zeroizing::new(String::from_utf8_lossy(&plain).into_owned())))
}

/// Which segments to list.
#[derive(Default)]
pub struct Filter<'a> {
    pub code: Option<&'a Code>,
    pub participant: Option<&'a Participant>,
    pub item: Option<i64>,
    pub coder: Option<&'a str>,
}

/// Segments, by item and position.
pub fn segments(conn: &Connection, filter: &Filter<'_>) -> Result<Vec<Segment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.item_id, p.code, i.kind, c.name, s.start, s.end, s.coder, s.memo IS NOT NULL, s.created_at
         FROM segments s JOIN items i ON i.id = s.item_id JOIN participants p ON p.id = i.participant_id
         JOIN codes c ON c.id = s.code_id
         WHERE (?1 IS NULL OR s.code_id = ?1) AND (?2 IS NULL OR i.participant_id = ?2)
           AND (?3 IS NULL OR s.item_id = ?3) AND (?4 IS NULL OR s.coder = ?4)
         ORDER BY s.item_id, s.start, s.end, c.name, s.coder",
    )?;
    let rows = stmt.query_map(
        params![
            filter.code.map(|c| c.id),
            filter.participant.map(|p| p.id),
            filter.item,
            filter.coder
        ],
        |r| {
            Ok(Segment {
                id: r.get(0)?,
                item: r.get(1)?,
                participant: r.get(2)?,
                kind: r.get(3)?,
                code: r.get(4)?,
                start: r.get::<_, i64>(5)? as usize,
                end: r.get::<_, i64>(6)? as usize,
                coder: r.get(7)?,
                has_memo: r.get(8)?,
                created_at: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves an item's coded segments with its text after replacements (character
/// offsets, as `pseudo::pseudonymise` reports them): a boundary after a replacement
/// shifts by the difference in length, one inside a replaced span moves to the tag's
/// edge, so that a segment still covers what it covered.
pub fn shift_segments(conn: &Connection, item_id: i64, replaced: &[crate::pseudo::Replaced]) -> Result<()> {
    let moved = |position: usize, is_end: bool| -> usize {
        let mut shift: isize = 0;
        for r in replaced {
            if position >= r.end {
                shift += (r.out_end - r.out_start) as isize - (r.end - r.start) as isize;
            } else if position > r.start {
                return if is_end { r.out_end } else { r.out_start };
            } else {
                break;
            }
        }
        (position as isize + shift) as usize
    };
    let rows: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT id, start, end FROM segments WHERE item_id = ?1")?
        .query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, start, end) in rows {
        let (start, end) = (moved(start as usize, false), moved(end as usize, true));
        conn.execute(
            "UPDATE segments SET start = ?1, end = ?2 WHERE id = ?3",
            params![start as i64, end as i64, id],
        )?;
    }
    Ok(())
}

/// Every occurrence of `needle` in `text`, as character ranges (non-overlapping, left
/// to right).
pub fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let needle_chars = needle.chars().count();
    let mut out = Vec::new();
    let mut chars_before = 0;
    let mut last = 0;
    for (byte, _) in text.match_indices(needle) {
        chars_before += text[last..byte].chars().count();
        out.push((chars_before, chars_before + needle_chars));
        chars_before += needle_chars;
        last = byte + needle.len();
    }
    out
}

/// The text of a character range.
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let from = indices.nth(start).unwrap_or(text.len());
    let to = if end > start {
        indices.nth(end - start - 1).unwrap_or(text.len())
    } else {
        from
    };
    &text[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_characters_not_bytes() {
        let text = "😊 ramah, sopan 🙏🏽 ramah";
        assert_eq!(occurrences(text, "ramah"), vec![(2, 7), (18, 23)]);
        for (s, e) in occurrences(text, "ramah") {
            assert_eq!(slice_chars(text, s, e), "ramah");
        }
        assert_eq!(occurrences(text, "x"), vec![]);
        assert_eq!(slice_chars("abc", 1, 3), "bc");
        assert_eq!(slice_chars("abc", 3, 3), "");
    }

    #[test]
    fn names_colours_and_coders_are_checked() {
        assert!(check_name("Ingratiation").is_ok());
        assert!(check_name(" padded").is_err());
        assert!(check_name("").is_err());
        assert!(check_name("two\nlines").is_err());
        assert!(check_color("#1F77b4").is_ok());
        assert!(check_color("1f77b4").is_err());
        assert!(check_color("#12345").is_err());
        assert!(check_coder("C1").is_ok());
        assert!(check_coder("Rina").is_err());
        assert!(check_coder("C1234567X").is_err());
    }
}
