//! Field encryption: XChaCha20-Poly1305 under a participant's data key (or the
//! identity key), with associated data that binds the ciphertext to its place —
//! vault, table, column, row, participant and key version — so a ciphertext copied
//! to another row or participant fails to decrypt.
//!
//! Sealed format: `0x01 || nonce (24 bytes) || ciphertext || tag (16 bytes)`.
//!
//! Also here: the per-participant data keys (sealed under the content key) and the
//! crypto-shred primitive that destroys one.

use chacha20poly1305::aead::{Aead, AeadInPlace, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::EpochKey;
use crate::secret::Key32;

const FORMAT_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Where a sealed value lives; every field goes into the associated data.
#[derive(Clone, Copy, Debug)]
pub struct FieldPlace<'a> {
    pub vault_id: &'a str,
    pub table: &'a str,
    pub column: &'a str,
    pub row_id: i64,
    pub participant: &'a str,
    pub key_version: u32,
}

impl FieldPlace<'_> {
    fn associated_data(&self) -> Vec<u8> {
        const PREFIX: &[u8] = b"fieldvault field v1";
        let parts = [self.vault_id, self.table, self.column, self.participant];
        // Sized at once: an import seals one value for every new original.
        let mut aad = Vec::with_capacity(PREFIX.len() + parts.iter().map(|p| 4 + p.len()).sum::<usize>() + 8 + 4);
        aad.extend_from_slice(PREFIX);
        for part in parts {
            aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
            aad.extend_from_slice(part.as_bytes());
        }
        aad.extend_from_slice(&self.row_id.to_be_bytes());
        aad.extend_from_slice(&self.key_version.to_be_bytes());
        aad
    }
}

/// Why a sealed value did not open. Deliberately vague: it must not help an attacker.
#[derive(Debug, thiserror::Error)]
#[error("sealed value at {table}.{column} row {row_id} does not decrypt: wrong key, wrong place, or tampered")]
pub struct OpenError {
    pub table: String,
    pub column: String,
    pub row_id: i64,
}

impl From<OpenError> for Error {
    fn from(e: OpenError) -> Self {
        Error::Corrupt {
            path: "the vault database".into(),
            why: e.to_string(),
        }
    }
}

/// Encrypts `plaintext` for `place`.
pub fn seal(key: &Key32, place: &FieldPlace<'_>, plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let mut nonce = [0u8; NONCE_LEN];
    // A nonce needs uniqueness, not a system call per value: the thread's CSPRNG
    // (ChaCha, seeded and reseeded from the OS) gives it, and an import seals
    // hundreds of thousands of small values.
    rand::thread_rng().fill_bytes(&mut nonce);
    let aad = place.associated_data();
    // Encrypted in place in the output: one allocation and one copy, where
    // `Aead::encrypt` makes two of each (1 MiB per chunk of an import).
    let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.push(FORMAT_VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(plaintext);
    let tag = cipher
        .encrypt_in_place_detached(XNonce::from_slice(&nonce), &aad, &mut out[1 + NONCE_LEN..])
        .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
    out.extend_from_slice(&tag);
    out
}

/// Decrypts a value sealed for `place`; fails if it was sealed for any other place.
pub fn open(key: &Key32, place: &FieldPlace<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let fail = || OpenError {
        table: place.table.to_string(),
        column: place.column.to_string(),
        row_id: place.row_id,
    };
    if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != FORMAT_VERSION {
        return Err(fail());
    }
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let aad = place.associated_data();
    cipher
        .decrypt(
            XNonce::from_slice(&sealed[1..1 + NONCE_LEN]),
            Payload {
                msg: &sealed[1 + NONCE_LEN..],
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| fail())
}

fn participant_key_place<'a>(
    vault_id: &'a str,
    participant_id: i64,
    code: &'a str,
    content_epoch: u32,
) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "participant_keys",
        column: "sealed_key",
        row_id: participant_id,
        participant: code,
        key_version: content_epoch,
    }
}

fn participant_code(conn: &Connection, participant_id: i64) -> Result<String> {
    conn.query_row("SELECT code FROM participants WHERE id = ?1", [participant_id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| {
        Error::invalid(
            format!("no participant with id {participant_id}"),
            "list participants with `fieldvault participant list`",
        )
    })
}

/// A participant's data key and its version.
pub struct ParticipantKey {
    pub key: Key32,
    pub version: u32,
}

/// Creates the data key of a new participant, sealed under the content key.
pub fn create_participant_key(
    conn: &Connection,
    vault_id: &str,
    content: &EpochKey,
    participant_id: i64,
) -> Result<ParticipantKey> {
    let code = participant_code(conn, participant_id)?;
    let key = Key32::random();
    let sealed = seal(
        &content.key,
        &participant_key_place(vault_id, participant_id, &code, content.epoch),
        key.expose(),
    );
    conn.execute(
        "INSERT INTO participant_keys (participant_id, key_version, content_epoch, sealed_key) VALUES (?1, 1, ?2, ?3)",
        params![participant_id, content.epoch, sealed],
    )?;
    Ok(ParticipantKey { key, version: 1 })
}

/// The participant's data key, created on first use (and again after a whole
/// withdrawal destroyed the old one and the participant consented anew).
pub fn participant_key_or_create(
    conn: &Connection,
    vault_id: &str,
    content: &EpochKey,
    participant_id: i64,
) -> Result<ParticipantKey> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM participant_keys WHERE participant_id = ?1)",
        [participant_id],
        |r| r.get(0),
    )?;
    if exists {
        participant_key(conn, vault_id, content, participant_id)
    } else {
        create_participant_key(conn, vault_id, content, participant_id)
    }
}

/// Unseals a participant's data key with the content key.
pub fn participant_key(
    conn: &Connection,
    vault_id: &str,
    content: &EpochKey,
    participant_id: i64,
) -> Result<ParticipantKey> {
    let code = participant_code(conn, participant_id)?;
    let (version, epoch, sealed): (u32, u32, Vec<u8>) = conn
        .query_row(
            "SELECT key_version, content_epoch, sealed_key FROM participant_keys WHERE participant_id = ?1",
            [participant_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| {
            Error::invalid(
                format!("participant {code} has no data key (it was destroyed)"),
                "the participant's data was erased; nothing can be decrypted",
            )
        })?;
    if epoch != content.epoch {
        return Err(Error::Corrupt {
            path: "the vault database".into(),
            why: format!(
                "the data key of {code} is sealed under content-key epoch {epoch}, not the current {}",
                content.epoch
            ),
        });
    }
    let raw = open(
        &content.key,
        &participant_key_place(vault_id, participant_id, &code, epoch),
        &sealed,
    )?;
    let bytes: [u8; 32] = raw.as_slice().try_into().map_err(|_| Error::Corrupt {
        path: "the vault database".into(),
        why: format!("the data key of {code} has the wrong length"),
    })?;
    Ok(ParticipantKey {
        key: Key32::from_bytes(bytes),
        version,
    })
}

/// Reseals every participant data key from the `old` to the `new` content key
/// (content-key rotation). Returns how many keys were resealed.
pub fn reseal_participant_keys(conn: &Connection, vault_id: &str, old: &EpochKey, new: &EpochKey) -> Result<usize> {
    let ids: Vec<i64> = conn
        .prepare("SELECT participant_id FROM participant_keys ORDER BY participant_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &id in &ids {
        let pk = participant_key(conn, vault_id, old, id)?;
        let code = participant_code(conn, id)?;
        let sealed = seal(
            &new.key,
            &participant_key_place(vault_id, id, &code, new.epoch),
            pk.key.expose(),
        );
        conn.execute(
            "UPDATE participant_keys SET content_epoch = ?1, sealed_key = ?2 WHERE participant_id = ?3",
            params![new.epoch, sealed, id],
        )?;
    }
    Ok(ids.len())
}

/// Where a value sealed under the identity key lives.
pub fn identity_place<'a>(vault_id: &'a str, row_id: i64, participant: &'a str, epoch: u32) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "identity_sealed",
        column: "sealed",
        row_id,
        participant,
        key_version: epoch,
    }
}

/// Reseals every value under the identity key from `old` to `new` (identity-key rotation).
pub fn reseal_identity_values(conn: &Connection, vault_id: &str, old: &EpochKey, new: &EpochKey) -> Result<usize> {
    let rows: Vec<(i64, String, Vec<u8>)> = conn
        .prepare(
            "SELECT s.id, coalesce(p.code, ''), s.sealed FROM identity_sealed s
             LEFT JOIN participants p ON p.id = s.participant_id ORDER BY s.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, code, sealed) in &rows {
        let plain = open(&old.key, &identity_place(vault_id, *id, code, old.epoch), sealed)?;
        let resealed = seal(&new.key, &identity_place(vault_id, *id, code, new.epoch), &plain);
        conn.execute(
            "UPDATE identity_sealed SET identity_epoch = ?1, sealed = ?2 WHERE id = ?3",
            params![new.epoch, resealed, id],
        )?;
    }
    Ok(rows.len())
}

/// Crypto-shred: deletes a participant's data key. With `secure_delete` on, SQLite
/// overwrites the freed bytes; the caller truncates the WAL after committing
/// ([`crate::store::Store::truncate_wal`]) so no copy survives in the -wal file.
/// Every ciphertext under that key becomes undecryptable.
pub fn shred_participant_key(conn: &Connection, participant_id: i64) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM participant_keys WHERE participant_id = ?1",
        [participant_id],
    )? == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(row_id: i64, participant: &str) -> FieldPlace<'_> {
        FieldPlace {
            vault_id: "v",
            table: "items",
            column: "body",
            row_id,
            participant,
            key_version: 1,
        }
    }

    #[test]
    fn seal_then_open_round_trips() {
        let key = Key32::random();
        let sealed = seal(&key, &place(7, "P01"), b"transcript");
        assert_eq!(open(&key, &place(7, "P01"), &sealed).unwrap().as_slice(), b"transcript");
    }

    #[test]
    fn ciphertext_moved_to_another_place_fails() {
        let key = Key32::random();
        let sealed = seal(&key, &place(7, "P01"), b"transcript");
        assert!(open(&key, &place(8, "P01"), &sealed).is_err(), "other row");
        assert!(open(&key, &place(7, "P02"), &sealed).is_err(), "other participant");
        let mut other_column = place(7, "P01");
        other_column.column = "title";
        assert!(open(&key, &other_column, &sealed).is_err(), "other column");
        let mut other_version = place(7, "P01");
        other_version.key_version = 2;
        assert!(open(&key, &other_version, &sealed).is_err(), "other key version");
        let mut other_vault = place(7, "P01");
        other_vault.vault_id = "w";
        assert!(open(&key, &other_vault, &sealed).is_err(), "other vault");
        assert!(open(&Key32::random(), &place(7, "P01"), &sealed).is_err(), "other key");
    }

    #[test]
    fn tampered_or_truncated_ciphertext_fails() {
        let key = Key32::random();
        let mut sealed = seal(&key, &place(1, "P01"), b"abc");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(open(&key, &place(1, "P01"), &sealed).is_err());
        assert!(open(&key, &place(1, "P01"), &sealed[..10]).is_err());
        assert!(open(&key, &place(1, "P01"), &[]).is_err());
    }

    #[test]
    fn same_plaintext_seals_differently() {
        let key = Key32::random();
        assert_ne!(seal(&key, &place(1, "P01"), b"x"), seal(&key, &place(1, "P01"), b"x"));
    }
}
