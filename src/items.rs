//! Items of data (transcripts, chats, profile material, audio, field notes): stored
//! only through the consent gate, in chunks sealed under the participant's data key,
//! so that content of any size streams in bounded memory.

use std::io::Read;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use zeroize::Zeroizing;

use crate::consent::participant::Participant;
use crate::consent::{Kind, Use, format_date, gate};
use crate::error::{Error, Result};
use crate::keys::EpochKey;
use crate::store::field::{self, FieldPlace, ParticipantKey};
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
    /// The importer that read it (plain, docx, whatsapp-txt, jpeg, binary …).
    #[serde(default)]
    pub format: String,
    /// Plaintext size in bytes.
    pub size: u64,
    /// SHA-256 over the sealed chunks in order.
    pub ciphertext_sha256: String,
    pub log_index: u64,
}

impl Item {
    /// Whether the item is text (pseudonymised, reviewed, coded and exported).
    pub fn is_text(&self) -> bool {
        self.kind.parse::<Kind>().is_ok_and(Kind::is_text)
    }
}

/// The two sealed streams an item can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// What the item is: pseudonymised text, a stripped image, audio bytes. Its
    /// ciphertext hash is what the auditor sees.
    Content,
    /// A text item's raw original (its segments before pseudonymisation), kept only
    /// until review approves the item.
    Raw,
}

impl Stream {
    fn table(self) -> &'static str {
        match self {
            Stream::Content => "item_chunks",
            Stream::Raw => "item_raw_chunks",
        }
    }

    /// The AAD column of chunk `seq`: a chunk moved to another stream or position, or
    /// given another encoding, fails to open.
    fn column(self, seq: u32, encoding: Encoding) -> String {
        let stream = match self {
            Stream::Content => "sealed",
            Stream::Raw => "raw",
        };
        match encoding {
            Encoding::Plain => format!("{stream}#{seq}"),
            Encoding::Lz4 => format!("{stream}-lz4#{seq}"),
        }
    }
}

/// How a chunk's plaintext is encoded before it is sealed (schema/0005).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// As it is: images and audio, which are compressed already.
    Plain,
    /// An LZ4 block after its decoded length (4 bytes, little-endian): text, which
    /// LZ4 halves at several hundred MB/s, so that an import writes half the bytes.
    Lz4,
}

impl Encoding {
    fn as_str(self) -> &'static str {
        match self {
            Encoding::Plain => "plain",
            Encoding::Lz4 => "lz4",
        }
    }

    fn parse(name: &str) -> Result<Self> {
        match name {
            "plain" => Ok(Encoding::Plain),
            "lz4" => Ok(Encoding::Lz4),
            other => Err(Error::Corrupt {
                path: "the vault database".into(),
                why: format!("a chunk has the unknown encoding `{other}`"),
            }),
        }
    }
}

/// LZ4-compresses `plain` into `out`, after its length, and returns that part of
/// `out`. `out` keeps its size from one chunk to the next: growing it anew for every
/// chunk zeroed a megabyte each time.
fn compress<'o>(plain: &[u8], out: &'o mut Vec<u8>) -> &'o [u8] {
    let room = 4 + lz4_flex::block::get_maximum_output_size(plain.len());
    if out.len() < room {
        out.resize(room, 0);
    }
    out[..4].copy_from_slice(&(plain.len() as u32).to_le_bytes());
    let written = lz4_flex::block::compress_into(plain, &mut out[4..]).expect("the output has the room LZ4 asks for");
    &out[..4 + written]
}

/// Decodes an LZ4 chunk written by [`compress`]; None if it is not one (it opened, so
/// only a bug writes such a chunk).
fn decompress(encoded: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (length, block) = encoded.split_first_chunk::<4>()?;
    let length = u32::from_le_bytes(*length) as usize;
    if length > CHUNK_SIZE {
        return None;
    }
    let mut plain = Zeroizing::new(vec![0u8; length]);
    let decoded = lz4_flex::block::decompress_into(block, &mut plain).ok()?;
    (decoded == length).then_some(plain)
}

fn chunk_place<'a>(
    vault_id: &'a str,
    item_id: i64,
    stream: Stream,
    column: &'a str,
    code: &'a str,
    key_version: u32,
) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: stream.table(),
        column,
        row_id: item_id,
        participant: code,
        key_version,
    }
}

/// An item whose row exists but whose content is still being written, inside the
/// caller's transaction. Created by [`begin`], completed by [`NewItem::finish`].
pub struct NewItem {
    pub id: i64,
    kind: Kind,
    participant_code: String,
    key: ParticipantKey,
}

/// Creates an item of `kind` for `participant`, if the consent gate allows storing
/// it today; refused with the gate's reason otherwise. The content is written with
/// [`NewItem::writer`] and the item completed with [`NewItem::finish`].
// Each argument is a separate fact the gate or the item row needs; a struct for them
// would only move the list.
#[allow(clippy::too_many_arguments)]
pub fn begin(
    write: &Write<'_>,
    vault_id: &str,
    content_key: &EpochKey,
    participant: &Participant,
    kind: Kind,
    format: &str,
    item_date: Option<Date>,
    today: Date,
) -> Result<NewItem> {
    let conn = write.conn();
    let decision = gate::check(conn, participant, kind, Use::Store, today)?;
    let scope = decision.needs.first().copied();
    let record = decision.require()?;
    let scope = scope.expect("an allowed decision names the scope the kind needs");
    let key = field::participant_key_or_create(conn, vault_id, content_key, participant.id)?;
    conn.execute(
        "INSERT INTO items (id, participant_id, kind, scope, consent_record_id, item_date, imported_at, imported_by,
            size, ciphertext_sha256, log_index, format)
         VALUES ((SELECT max(last, coalesce((SELECT max(id) FROM items), 0)) + 1 FROM item_id_high_water),
            ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, '', 0, ?8)",
        params![
            participant.id,
            kind.as_str(),
            scope.as_str(),
            record.id,
            item_date.map(format_date),
            crate::clock::now_rfc3339(),
            write.member(),
            format
        ],
    )?;
    Ok(NewItem {
        id: conn.last_insert_rowid(),
        kind,
        participant_code: participant.code.clone(),
        key,
    })
}

impl NewItem {
    /// A writer of one of the item's streams.
    pub fn writer<'c>(
        &'c self,
        conn: &'c Connection,
        vault_id: &'c str,
        stream: Stream,
        encoding: Encoding,
    ) -> ChunkWriter<'c> {
        ChunkWriter {
            conn,
            vault_id,
            item_id: self.id,
            participant_code: &self.participant_code,
            key: &self.key,
            stream,
            encoding,
            // Sized once: growing it would leave copies of compressed plaintext behind.
            encoded: Zeroizing::new(match encoding {
                Encoding::Plain => Vec::new(),
                Encoding::Lz4 => Vec::with_capacity(4 + lz4_flex::block::get_maximum_output_size(CHUNK_SIZE)),
            }),
            buffer: Zeroizing::new(Vec::with_capacity(CHUNK_SIZE)),
            seq: 0,
            size: 0,
            hasher: Sha256::new(),
        }
    }

    /// Records the content's size and ciphertext hash and logs the import.
    pub fn finish(self, write: &Write<'_>, content: Written) -> Result<Item> {
        let conn = write.conn();
        let item_text = self.id.to_string();
        let log_index = write.log("item.store", &[&self.participant_code, self.kind.as_str(), &item_text])?;
        conn.execute(
            "UPDATE items SET size = ?1, ciphertext_sha256 = ?2, log_index = ?3 WHERE id = ?4",
            params![content.size, content.ciphertext_sha256, log_index, self.id],
        )?;
        get(conn, self.id)
    }
}

/// What a [`ChunkWriter`] wrote.
pub struct Written {
    /// Plaintext bytes.
    pub size: u64,
    /// SHA-256 over the sealed chunks in order.
    pub ciphertext_sha256: String,
}

/// Seals a stream into chunks of [`CHUNK_SIZE`] bytes as it arrives and stores each,
/// so that content of any size is written in bounded memory.
pub struct ChunkWriter<'c> {
    conn: &'c Connection,
    vault_id: &'c str,
    item_id: i64,
    participant_code: &'c str,
    key: &'c ParticipantKey,
    stream: Stream,
    encoding: Encoding,
    buffer: Zeroizing<Vec<u8>>,
    /// The compressed chunk, when the encoding compresses (it is plaintext too).
    encoded: Zeroizing<Vec<u8>>,
    seq: u32,
    size: u64,
    hasher: Sha256,
}

impl<'c> ChunkWriter<'c> {
    /// Appends plaintext, sealing and storing every full chunk.
    pub fn push(&mut self, mut bytes: &[u8]) -> Result<()> {
        while !bytes.is_empty() {
            let room = CHUNK_SIZE - self.buffer.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() == CHUNK_SIZE {
                self.seal_buffer()?;
            }
        }
        Ok(())
    }

    /// Copies `input` to the end, in bounded memory.
    pub fn push_from(&mut self, mut input: impl Read) -> Result<()> {
        let mut buffer = Zeroizing::new(vec![0u8; 64 * 1024]);
        loop {
            let n = match input.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io("read", "the item's content", e)),
            };
            self.push(&buffer[..n])?;
        }
    }

    /// Seals and stores what remains (an empty stream is one empty chunk) and reports
    /// the totals.
    pub fn finish(mut self) -> Result<Written> {
        if !self.buffer.is_empty() || self.seq == 0 {
            self.seal_buffer()?;
        }
        Ok(Written {
            size: self.size,
            ciphertext_sha256: hex::encode(self.hasher.finalize()),
        })
    }

    /// Seals the buffered plaintext as the next chunk and stores it.
    fn seal_buffer(&mut self) -> Result<()> {
        let column = self.stream.column(self.seq, self.encoding);
        let plain: &[u8] = match self.encoding {
            Encoding::Plain => &self.buffer,
            Encoding::Lz4 => compress(&self.buffer, &mut self.encoded),
        };
        let sealed = field::seal(
            &self.key.key,
            &chunk_place(
                self.vault_id,
                self.item_id,
                self.stream,
                &column,
                self.participant_code,
                self.key.version,
            ),
            plain,
        );
        self.hasher.update(&sealed);
        self.size += self.buffer.len() as u64;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO {} (item_id, seq, key_version, encoding, sealed) VALUES (?1, ?2, ?3, ?4, ?5)",
                self.stream.table()
            ))?
            .execute(params![
                self.item_id,
                self.seq,
                self.key.version,
                self.encoding.as_str(),
                sealed
            ])?;
        self.seq += 1;
        self.buffer.clear();
        Ok(())
    }
}

/// Stores `content` as an item of `kind` for `participant` in one go, if the consent
/// gate allows storing it today; refused with the gate's reason otherwise.
#[allow(clippy::too_many_arguments)] // each argument is a separate fact of the import
pub fn store(
    write: &Write<'_>,
    vault_id: &str,
    content_key: &EpochKey,
    participant: &Participant,
    kind: Kind,
    item_date: Option<Date>,
    today: Date,
    content: impl Read,
) -> Result<Item> {
    let item = begin(
        write,
        vault_id,
        content_key,
        participant,
        kind,
        "binary",
        item_date,
        today,
    )?;
    let mut writer = item.writer(write.conn(), vault_id, Stream::Content, Encoding::Plain);
    writer.push_from(content)?;
    let written = writer.finish()?;
    item.finish(write, written)
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
    decrypt_stream(conn, vault_id, content_key, item_id, Stream::Content, |plain| {
        out.write_all(plain)
            .map_err(|e| Error::io("write", "the item's output", e))
    })
}

/// An item's content as text (pseudonymised text for text items). The caller logs
/// the decryption.
pub fn text(conn: &Connection, vault_id: &str, content_key: &EpochKey, item_id: i64) -> Result<Zeroizing<String>> {
    let mut bytes = read_stream(conn, vault_id, content_key, item_id, Stream::Content)?;
    // The text takes the bytes' buffer over, without a copy.
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(Error::Corrupt {
                path: "the vault database".into(),
                why: format!("the text of item {item_id} is not UTF-8"),
            })
        }
    }
}

/// One of an item's streams, decrypted whole, in a buffer sized at once from its
/// number of chunks: a vector that grows leaves copies of what it held behind,
/// unzeroed.
pub fn read_stream(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    item_id: i64,
    stream: Stream,
) -> Result<Zeroizing<Vec<u8>>> {
    let chunks: usize = conn.query_row(
        &format!("SELECT count(*) FROM {} WHERE item_id = ?1", stream.table()),
        [item_id],
        |r| r.get(0),
    )?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(chunks * CHUNK_SIZE));
    decrypt_stream(conn, vault_id, content_key, item_id, stream, |plain| {
        bytes.extend_from_slice(plain);
        Ok(())
    })?;
    Ok(bytes)
}

/// Decrypts one of an item's streams, handing each chunk's plaintext to `each`.
pub fn decrypt_stream(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    item_id: i64,
    stream: Stream,
    mut each: impl FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let (participant_id, code): (i64, String) = conn
        .query_row(
            "SELECT i.participant_id, p.code FROM items i JOIN participants p ON p.id = i.participant_id
             WHERE i.id = ?1",
            [item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| no_item(item_id))?;
    let key = field::participant_key(conn, vault_id, content_key, participant_id)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, key_version, encoding, sealed FROM {} WHERE item_id = ?1 ORDER BY seq",
        stream.table()
    ))?;
    let mut rows = stmt.query([item_id])?;
    while let Some(row) = rows.next()? {
        let (seq, key_version, encoding, sealed): (u32, u32, String, Vec<u8>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let encoding = Encoding::parse(&encoding)?;
        let column = stream.column(seq, encoding);
        let opened = field::open(
            &key.key,
            &chunk_place(vault_id, item_id, stream, &column, &code, key_version),
            &sealed,
        )?;
        match encoding {
            Encoding::Plain => each(&opened)?,
            Encoding::Lz4 => each(&decompress(&opened).ok_or_else(|| Error::Corrupt {
                path: "the vault database".into(),
                why: format!("chunk {seq} of item {item_id} opened but does not decompress"),
            })?)?,
        }
    }
    Ok(())
}

/// Deletes one of an item's streams (secure_delete overwrites the freed pages).
pub fn delete_stream(conn: &Connection, item_id: i64, stream: Stream) -> Result<usize> {
    Ok(conn.execute(&format!("DELETE FROM {} WHERE item_id = ?1", stream.table()), [item_id])?)
}

/// The content-writing handle of an existing item whose content is replaced (review
/// re-applies the pseudonym lists): the old content chunks are deleted first.
pub fn rewrite(conn: &Connection, vault_id: &str, content_key: &EpochKey, item_id: i64) -> Result<NewItem> {
    let item = get(conn, item_id)?;
    let participant_id: i64 = conn.query_row("SELECT participant_id FROM items WHERE id = ?1", [item_id], |r| {
        r.get(0)
    })?;
    let key = field::participant_key(conn, vault_id, content_key, participant_id)?;
    delete_stream(conn, item_id, Stream::Content)?;
    Ok(NewItem {
        id: item_id,
        kind: item.kind.parse()?,
        participant_code: item.participant,
        key,
    })
}

/// Records replaced content's size and hash (no new log entry: the caller logs why).
pub fn record_rewritten(conn: &Connection, item_id: i64, content: &Written) -> Result<()> {
    conn.execute(
        "UPDATE items SET size = ?1, ciphertext_sha256 = ?2 WHERE id = ?3",
        params![content.size, content.ciphertext_sha256, item_id],
    )?;
    Ok(())
}

fn no_item(item_id: i64) -> Error {
    Error::invalid(
        format!("no item {item_id}"),
        "list the items with `fieldvault items list`",
    )
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
        i.imported_by, i.review_status, i.size, i.ciphertext_sha256, i.log_index, i.format
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
        format: r.get(12)?,
    })
}

/// One item's metadata.
pub fn get(conn: &Connection, item_id: i64) -> Result<Item> {
    conn.query_row(&format!("{SELECT} WHERE i.id = ?1"), [item_id], from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => no_item(item_id),
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
    let mut items = conn.prepare("DELETE FROM items WHERE id = ?1")?;
    for &id in ids {
        delete_stream(conn, id, Stream::Content)?;
        delete_stream(conn, id, Stream::Raw)?;
        items.execute([id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lz4_chunks_decode_to_what_was_written() {
        let text =
            "Peneliti: Mbak biasanya pakai MiChat jam berapa?\nP01: [PERSON_3] bilang malam aja 😊\n".repeat(13_000);
        let mut buffer = Vec::new();
        // A chunk holds at most CHUNK_SIZE bytes; one buffer serves chunks of every
        // size, shorter after longer too.
        let sizes = [0, 1, 5000, CHUNK_SIZE, 5000, 1, 0];
        for plain in sizes.map(|n| &text.as_bytes()[..n]) {
            let encoded = compress(plain, &mut buffer);
            assert_eq!(decompress(encoded).as_deref().map(Vec::as_slice), Some(plain));
        }
        let encoded = compress(&text.as_bytes()[..CHUNK_SIZE], &mut buffer);
        assert!(encoded.len() < CHUNK_SIZE / 4, "repetitive text compresses");
    }

    #[test]
    fn a_chunk_that_is_not_lz4_or_claims_too_much_is_refused() {
        let mut buffer = Vec::new();
        let encoded = compress(b"Mbak Rina di Kost Melati", &mut buffer).to_vec();
        // A wrong length, a cut block, a length above the chunk size, nothing at all.
        let mut longer = encoded.clone();
        longer[0] += 1;
        assert!(decompress(&longer).is_none());
        assert!(decompress(&encoded[..encoded.len() - 3]).is_none());
        let mut huge = encoded.clone();
        huge[..4].copy_from_slice(&(CHUNK_SIZE as u32 + 1).to_le_bytes());
        assert!(decompress(&huge).is_none());
        assert!(decompress(&[]).is_none());
    }

    #[test]
    fn the_encoding_is_part_of_the_chunk_place() {
        assert_ne!(
            Stream::Content.column(0, Encoding::Plain),
            Stream::Content.column(0, Encoding::Lz4)
        );
        assert_ne!(
            Stream::Raw.column(3, Encoding::Lz4),
            Stream::Content.column(3, Encoding::Lz4)
        );
        assert_eq!(
            Stream::Content.column(2, Encoding::Plain),
            "sealed#2",
            "chunks stored before 0005 still open"
        );
    }
}
