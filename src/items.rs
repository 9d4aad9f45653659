//! Items of data (transcripts, chats, profile material, audio, field notes): stored
//! only through the consent gate, in chunks sealed under the participant's data key,
//! so that content of any size streams in bounded memory.

use std::io::Read;

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use zeroize::Zeroizing;

use crate::consent::participant::Participant;
use crate::consent::{Kind, Use, format_date, gate};
use crate::error::{Error, Result};
use crate::keys::EpochKey;
use crate::store::field::{self, FieldPlace};
use crate::vault::Write;

/// Plaintext bytes per sealed chunk.
pub const CHUNK_SIZE: usize = 1 << 20;

/// An item's metadata: everything but the content.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub participant: String,
    pub kind: String,
    /// The consent scope that allowed storing it.
    pub scope: String,
    /// The consent record the gate named when it was stored.
    pub consent_record: i64,
    pub item_date: Option<String>,
    pub imported_at: String,
    pub imported_by: String,
    pub review_status: String,
    /// Plaintext size in bytes.
    pub size: u64,
    /// SHA-256 over the sealed chunks in order.
    pub ciphertext_sha256: String,
    pub log_index: u64,
}

fn chunk_column(seq: u32) -> String {
    format!("sealed#{seq}")
}

fn chunk_place<'a>(
    vault_id: &'a str,
    item_id: i64,
    column: &'a str,
    code: &'a str,
    key_version: u32,
) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "item_chunks",
        column,
        row_id: item_id,
        participant: code,
        key_version,
    }
}

/// Stores `content` as an item of `kind` for `participant`, if the consent gate
/// allows storing it today; refused with the gate's reason otherwise.
#[allow(clippy::too_many_arguments)] // each argument is a separate fact of the import
pub fn store(
    write: &Write<'_>,
    vault_id: &str,
    content_key: &EpochKey,
    participant: &Participant,
    kind: Kind,
    item_date: Option<Date>,
    today: Date,
    mut content: impl Read,
) -> Result<Item> {
    let conn = write.conn();
    let decision = gate::check(conn, participant, kind, Use::Store, today)?;
    let scope = decision.needs.first().copied();
    let record = decision.require()?;
    let scope = scope.expect("an allowed decision names the scope the kind needs");
    let key = field::participant_key_or_create(conn, vault_id, content_key, participant.id)?;
    conn.execute(
        "INSERT INTO items (participant_id, kind, scope, consent_record_id, item_date, imported_at, imported_by,
            size, ciphertext_sha256, log_index)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, '', 0)",
        params![
            participant.id,
            kind.as_str(),
            scope.as_str(),
            record.id,
            item_date.map(format_date),
            crate::clock::now_rfc3339(),
            write.member()
        ],
    )?;
    let item_id = conn.last_insert_rowid();
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = Zeroizing::new(vec![0u8; CHUNK_SIZE]);
    let mut insert =
        conn.prepare("INSERT INTO item_chunks (item_id, seq, key_version, sealed) VALUES (?1, ?2, ?3, ?4)")?;
    for seq in 0u32.. {
        let filled = fill(&mut content, &mut buffer)?;
        if filled == 0 && seq > 0 {
            break;
        }
        let column = chunk_column(seq);
        let sealed = field::seal(
            &key.key,
            &chunk_place(vault_id, item_id, &column, &participant.code, key.version),
            &buffer[..filled],
        );
        hasher.update(&sealed);
        insert.execute(params![item_id, seq, key.version, sealed])?;
        size += filled as u64;
        if filled < CHUNK_SIZE {
            break;
        }
    }
    let item_text = item_id.to_string();
    let log_index = write.log("item.store", &[&participant.code, kind.as_str(), &item_text])?;
    let hash = hex::encode(hasher.finalize());
    conn.execute(
        "UPDATE items SET size = ?1, ciphertext_sha256 = ?2, log_index = ?3 WHERE id = ?4",
        params![size, hash, log_index, item_id],
    )?;
    get(conn, item_id)
}

/// Reads until `buffer` is full or the input ends; returns how much was read.
fn fill(input: &mut impl Read, buffer: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io("read", "the item's content", e)),
        }
    }
    Ok(filled)
}

/// Decrypts an item's content into `out`, chunk by chunk. The caller logs the
/// decryption.
pub fn decrypt_to(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    item_id: i64,
    out: &mut impl std::io::Write,
) -> Result<()> {
    let item = get(conn, item_id)?;
    let participant_id: i64 = conn.query_row("SELECT participant_id FROM items WHERE id = ?1", [item_id], |r| {
        r.get(0)
    })?;
    let key = field::participant_key(conn, vault_id, content_key, participant_id)?;
    let mut stmt = conn.prepare("SELECT seq, key_version, sealed FROM item_chunks WHERE item_id = ?1 ORDER BY seq")?;
    let mut rows = stmt.query([item_id])?;
    while let Some(row) = rows.next()? {
        let (seq, key_version, sealed): (u32, u32, Vec<u8>) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let column = chunk_column(seq);
        let plain = field::open(
            &key.key,
            &chunk_place(vault_id, item_id, &column, &item.participant, key_version),
            &sealed,
        )?;
        out.write_all(&plain)
            .map_err(|e| Error::io("write", "the item's output", e))?;
    }
    Ok(())
}

/// Recomputes the SHA-256 over an item's sealed chunks, in order, from the store:
/// what `audit spot-check` shows an auditor on site.
pub fn recompute_ciphertext_sha256(conn: &Connection, item_id: i64) -> Result<String> {
    let mut stmt = conn.prepare("SELECT sealed FROM item_chunks WHERE item_id = ?1 ORDER BY seq")?;
    let mut rows = stmt.query([item_id])?;
    let mut hasher = Sha256::new();
    while let Some(row) = rows.next()? {
        hasher.update(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    Ok(hex::encode(hasher.finalize()))
}

const SELECT: &str = "SELECT i.id, p.code, i.kind, i.scope, i.consent_record_id, i.item_date, i.imported_at,
        i.imported_by, i.review_status, i.size, i.ciphertext_sha256, i.log_index
    FROM items i JOIN participants p ON p.id = i.participant_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get(0)?,
        participant: r.get(1)?,
        kind: r.get(2)?,
        scope: r.get(3)?,
        consent_record: r.get(4)?,
        item_date: r.get(5)?,
        imported_at: r.get(6)?,
        imported_by: r.get(7)?,
        review_status: r.get(8)?,
        size: r.get(9)?,
        ciphertext_sha256: r.get(10)?,
        log_index: r.get(11)?,
    })
}

/// One item's metadata.
pub fn get(conn: &Connection, item_id: i64) -> Result<Item> {
    conn.query_row(&format!("{SELECT} WHERE i.id = ?1"), [item_id], from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::invalid(
                format!("no item {item_id}"),
                "list the items with `fieldvault items list`",
            ),
            other => other.into(),
        })
}

/// Every item, or a participant's, by id.
pub fn list(conn: &Connection, participant_id: Option<i64>) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR i.participant_id = ?1 ORDER BY i.id"
    ))?;
    let rows = stmt
        .query_map([participant_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Deletes items and their chunks (secure_delete overwrites the freed pages).
pub fn delete(conn: &Connection, ids: &[i64]) -> Result<()> {
    let mut chunks = conn.prepare("DELETE FROM item_chunks WHERE item_id = ?1")?;
    let mut items = conn.prepare("DELETE FROM items WHERE id = ?1")?;
    for id in ids {
        chunks.execute([id])?;
        items.execute([id])?;
    }
    Ok(())
}
