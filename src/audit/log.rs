//! Appending to and reading the audit log.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One log entry. Its canonical JSON (fields in this order) is the Merkle leaf.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct LogEntry {
    /// Position in the log, from 0.
    pub index: u64,
    /// RFC 3339 UTC time.
    pub time: String,
    /// The member who acted (their member name).
    pub member: String,
    /// What happened, `noun.verb` (for example `member.add`).
    pub action: String,
    /// The objects acted on: ids and codes, never content.
    pub objects: Vec<String>,
}

/// Appends an entry inside the caller's transaction and returns its index.
pub fn append(conn: &Connection, member: &str, action: &str, objects: &[&str]) -> Result<u64> {
    let index: u64 = conn.query_row("SELECT coalesce(max(idx) + 1, 0) FROM audit_log", [], |r| r.get(0))?;
    let entry = LogEntry {
        index,
        time: crate::clock::now_rfc3339(),
        member: member.to_string(),
        action: action.to_string(),
        objects: objects.iter().map(|s| s.to_string()).collect(),
    };
    let leaf = serde_json::to_string(&entry).expect("a log entry always serialises");
    let hash = tlog_tiles::record_hash(leaf.as_bytes());
    conn.execute(
        "INSERT INTO audit_log (idx, entry, leaf_hash) VALUES (?1, ?2, ?3)",
        params![index, leaf, hash.0.as_slice()],
    )?;
    Ok(index)
}

/// The number of entries.
pub fn size(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

/// The last `limit` entries (all when `None`), oldest first.
pub fn entries(conn: &Connection, limit: Option<u64>) -> Result<Vec<LogEntry>> {
    let mut stmt = conn
        .prepare("SELECT idx, entry FROM (SELECT idx, entry FROM audit_log ORDER BY idx DESC LIMIT ?1) ORDER BY idx")?;
    let limit = limit.map_or(-1, |l| l as i64);
    let rows = stmt.query_map([limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (idx, text) = row?;
        let entry: LogEntry = serde_json::from_str(&text)
            .map_err(|_| Error::LogTampered(format!("entry {idx} is not a well-formed log entry")))?;
        out.push(entry);
    }
    Ok(out)
}
