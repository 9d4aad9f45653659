//! Coded segments as a table for R and pandas (CSV, JSON), and quotes for
//! publication. Both are built from a [`Selection`](super::Selection) and pass every
//! cell through the leak scan.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use super::leak::LeakScanner;
use super::{Excluded, Selection};
use crate::coding::{self, Code, Segment};
use crate::error::{Error, Result};
use crate::keys::EpochKey;

/// One coded segment with its context: one line of the CSV, one object of the JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub segment: i64,
    pub item: i64,
    pub participant: String,
    pub kind: String,
    pub code: String,
    /// The code and its ancestors, "Impression management/Ingratiation".
    pub code_path: String,
    pub coder: String,
    /// Character offsets into the item's pseudonymised text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The participant's attributes (platform, age band, wave …).
    pub attributes: BTreeMap<String, String>,
}

/// The path of a code in the tree.
pub fn code_path(codes: &[Code], name: &str) -> String {
    let mut path = vec![name.to_string()];
    let mut current = codes.iter().find(|c| c.name == name);
    while let Some(parent) = current.and_then(|c| c.parent.as_deref()) {
        path.push(parent.to_string());
        current = codes.iter().find(|c| c.name == parent);
    }
    path.reverse();
    path.join("/")
}

/// The segments of the selected items (of `code` only, when given), checked by the
/// leak scan: segment texts, memos, code names, attribute names and values.
pub fn rows(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    selection: &Selection,
    code: Option<&Code>,
    with_memos: bool,
    scanner: &LeakScanner,
) -> Result<Vec<Row>> {
    let codes = coding::codes(conn)?;
    for c in &codes {
        scanner.check(&format!("the name of code {}", c.id), &c.name)?;
    }
    let mut rows = Vec::new();
    for included in &selection.included {
        for (name, value) in &included.participant.attributes {
            let place = format!("attribute {name} of {}", included.participant.code);
            scanner.check(&place, name)?;
            scanner.check(&place, value)?;
        }
        let filter = coding::Filter {
            item: Some(included.item.id),
            code,
            ..Default::default()
        };
        for segment in coding::segments(conn, &filter)? {
            let text = coding::slice_chars(&included.text, segment.start, segment.end).to_string();
            scanner.check_approved(&format!("segment {} (item {})", segment.id, segment.item), &text)?;
            let memo = match with_memos {
                true => memo_checked(conn, vault_id, content_key, &segment, scanner)?,
                false => None,
            };
            rows.push(Row {
                code_path: code_path(&codes, &segment.code),
                segment: segment.id,
                item: segment.item,
                participant: segment.participant,
                kind: segment.kind,
                code: segment.code,
                coder: segment.coder,
                start: segment.start,
                end: segment.end,
                text,
                memo,
                attributes: included.participant.attributes.clone(),
            });
        }
    }
    Ok(rows)
}

/// A segment's memo, after the leak scan.
pub fn memo_checked(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    segment: &Segment,
    scanner: &LeakScanner,
) -> Result<Option<String>> {
    let Some(memo) = coding::memo(conn, vault_id, content_key, segment)? else {
        return Ok(None);
    };
    scanner.check(&format!("the memo of segment {}", segment.id), &memo)?;
    Ok(Some(memo.to_string()))
}

/// The rows as CSV: one column per attribute (`attr:NAME`), sorted by name.
pub fn csv(rows: &[Row]) -> Result<Vec<u8>> {
    let mut attribute_names: Vec<&String> = rows.iter().flat_map(|r| r.attributes.keys()).collect();
    attribute_names.sort();
    attribute_names.dedup();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "segment",
        "item",
        "participant",
        "kind",
        "code",
        "code_path",
        "coder",
        "start",
        "end",
        "text",
        "memo",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(attribute_names.iter().map(|n| format!("attr:{n}")));
    let failed = |e: csv::Error| Error::invalid(format!("the CSV could not be written: {e}"), "report this as a bug");
    out.write_record(&header).map_err(failed)?;
    for row in rows {
        let mut record = vec![
            row.segment.to_string(),
            row.item.to_string(),
            row.participant.clone(),
            row.kind.clone(),
            row.code.clone(),
            row.code_path.clone(),
            row.coder.clone(),
            row.start.to_string(),
            row.end.to_string(),
            row.text.clone(),
            row.memo.clone().unwrap_or_default(),
        ];
        record.extend(
            attribute_names
                .iter()
                .map(|n| row.attributes.get(*n).cloned().unwrap_or_default()),
        );
        out.write_record(&record).map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| Error::invalid(format!("the CSV could not be written: {e}"), "report this as a bug"))
}

/// One quote: the union of the overlapping segments of one code in one item, so that
/// two coders' versions of a passage are quoted once.
#[derive(Clone, Debug, Serialize)]
pub struct Quote {
    pub participant: String,
    pub kind: String,
    pub item: i64,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The quotes of `rows` (segments of one code), overlapping segments merged.
pub fn quotes(rows: &[Row], selection: &Selection) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.item, r.start, r.end));
    for row in sorted {
        match quotes.last_mut() {
            Some(last) if last.item == row.item && row.start <= last.end => last.end = last.end.max(row.end),
            _ => quotes.push(Quote {
                participant: row.participant.clone(),
                kind: row.kind.clone(),
                item: row.item,
                start: row.start,
                end: row.end,
                text: String::new(),
            }),
        }
    }
    for quote in &mut quotes {
        if let Some(included) = selection.included.iter().find(|i| i.item.id == quote.item) {
            quote.text = coding::slice_chars(&included.text, quote.start, quote.end).to_string();
        }
    }
    quotes
}

/// The quotes of one code, for publication: each passage with its participant code
/// and item, and the items left out with the reason.
pub fn quotes_markdown(code: &Code, quotes: &[Quote], excluded: &[Excluded]) -> String {
    let mut out = format!("# Quotes coded \"{}\"\n\n", code.name);
    if let Some(description) = &code.description {
        out.push_str(&format!("{description}\n\n"));
    }
    for quote in quotes {
        let text = quote.text.replace('\n', " ");
        out.push_str(&format!(
            "> {}\n>\n> — {}, {} (item {})\n\n",
            text.trim(),
            quote.participant,
            quote.kind,
            quote.item
        ));
    }
    if quotes.is_empty() {
        out.push_str("No quotable segment.\n\n");
    }
    if !excluded.is_empty() {
        out.push_str("## Excluded\n\n");
        for e in excluded {
            out.push_str(&format!("- {} item {}: {}\n", e.participant, e.item, e.reason));
        }
    }
    out
}
