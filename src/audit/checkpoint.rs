//! Signed checkpoints: a C2SP tlog-checkpoint body (origin, tree size, base64 root
//! hash) inside a C2SP signed note, signed with the vault's Ed25519 key. Built on
//! the `signed_note` and `tlog_tiles` crates.

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use rusqlite::{Connection, OptionalExtension, params};
use signed_note::{Note, StandardSigner, StandardVerifier, Verifier, VerifierList};
use tlog_tiles::{Checkpoint, Hash};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The log's origin line: unique per vault, so a checkpoint of one vault never
/// verifies against another.
pub fn origin(vault_id: &str) -> String {
    format!("fieldvault.local/vault/{vault_id}")
}

/// The Ed25519 key inside a signer key (`PRIVATE+KEY+name+id+base64`), and the key name.
pub fn ed25519_key_of(signer_key: &str) -> Result<(String, ed25519_dalek::SigningKey)> {
    let bad = || Error::Corrupt {
        path: "the signing key".into(),
        why: "the signing key is malformed".into(),
    };
    StandardSigner::new(signer_key).map_err(|_| bad())?;
    let parts: Vec<&str> = signer_key.splitn(5, '+').collect();
    let (name, key64) = match parts.as_slice() {
        [_, _, name, _, key64] => (*name, *key64),
        _ => return Err(bad()),
    };
    let raw = Zeroizing::new(BASE64_STANDARD.decode(key64).map_err(|_| bad())?);
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(raw.get(1..33).and_then(|s| s.try_into().ok()).ok_or_else(bad)?);
    Ok((name.to_string(), ed25519_dalek::SigningKey::from_bytes(&seed)))
}

/// The public verifier key (`name+id+base64`) that matches a signer key
/// (`PRIVATE+KEY+name+id+base64`). This is what goes to the ethics committee.
pub fn verifier_key_for(signer_key: &str) -> Result<String> {
    let (name, signing) = ed25519_key_of(signer_key)?;
    Ok(signed_note::new_ed25519_verifier_key(&name, &signing.verifying_key()))
}

/// Signs a checkpoint for a tree of `size` leaves with root `root`; returns the note text.
pub fn sign(signer_key: &str, origin: &str, size: u64, root: Hash) -> Result<String> {
    let signer = StandardSigner::new(signer_key).map_err(|_| Error::Corrupt {
        path: "the signing key".into(),
        why: "the signing key is malformed".into(),
    })?;
    let body = Checkpoint::new(origin, size, root, "")
        .map_err(|_| Error::invalid("cannot form a checkpoint", "the vault id is malformed"))?;
    let mut note = Note::new(&body.to_bytes(), &[])
        .map_err(|e| Error::invalid(format!("cannot form a signed note: {e}"), "report this as a bug"))?;
    note.add_sigs(&[&signer])
        .map_err(|e| Error::invalid(format!("cannot sign the checkpoint: {e}"), "report this as a bug"))?;
    Ok(String::from_utf8(note.to_bytes()).expect("signed notes are UTF-8"))
}

/// Parses a signed checkpoint and verifies it against any of `verifier_keys` and the
/// expected `origin`. The error says why in words for the user.
pub fn parse_verified(note_bytes: &[u8], verifier_keys: &[String], origin: &str) -> Result<Checkpoint, String> {
    let note = Note::from_bytes(note_bytes).map_err(|_| "it is not a signed note".to_string())?;
    let verifiers: Vec<Box<dyn Verifier>> = verifier_keys
        .iter()
        .filter_map(|k| StandardVerifier::new(k).ok())
        .map(|v| Box::new(v) as Box<dyn Verifier>)
        .collect();
    note.verify(&VerifierList::new(verifiers)).map_err(|e| match e {
        signed_note::NoteError::InvalidSignature { .. } => {
            "its signature is invalid: the checkpoint was forged or altered".to_string()
        }
        signed_note::NoteError::UnverifiedNote => "it is not signed by this vault's signing key".to_string(),
        other => format!("its signature does not verify ({other})"),
    })?;
    let checkpoint =
        Checkpoint::from_bytes(note.text()).map_err(|_| "its body is not a tlog checkpoint".to_string())?;
    if checkpoint.origin() != origin {
        return Err(format!("it belongs to another log ({})", checkpoint.origin()));
    }
    Ok(checkpoint)
}

/// A checkpoint as stored in the vault.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root_hash: String,
    pub created_at: String,
    pub note: String,
}

/// Records a signed checkpoint.
pub fn store(conn: &Connection, size: u64, root: Hash, note: &str) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO checkpoints (size, root_hash, note, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![size, root.0.as_slice(), note, crate::clock::now_rfc3339()],
    )?;
    Ok(())
}

impl StoredCheckpoint {
    const COLUMNS: &'static str = "size, root_hash, created_at, note";

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(StoredCheckpoint {
            size: r.get(0)?,
            root_hash: BASE64_STANDARD.encode(r.get::<_, Vec<u8>>(1)?),
            created_at: r.get(2)?,
            note: r.get(3)?,
        })
    }
}

/// Every stored checkpoint, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<StoredCheckpoint>> {
    let sql = format!("SELECT {} FROM checkpoints ORDER BY size", StoredCheckpoint::COLUMNS);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], StoredCheckpoint::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest stored checkpoint.
pub fn latest(conn: &Connection) -> Result<Option<StoredCheckpoint>> {
    let sql = format!(
        "SELECT {} FROM checkpoints ORDER BY size DESC LIMIT 1",
        StoredCheckpoint::COLUMNS
    );
    Ok(conn.query_row(&sql, [], StoredCheckpoint::from_row).optional()?)
}

/// Every verifier key the vault has signed with (current and retired).
pub fn verifier_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT verifier_key FROM signing_keys ORDER BY created_at")?;
    let keys = stmt.query_map([], |r| r.get(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
}

/// Records a new verifier key (and retires the previous ones).
pub fn add_verifier_key(conn: &Connection, verifier_key: &str) -> Result<()> {
    let now = crate::clock::now_rfc3339();
    conn.execute(
        "UPDATE signing_keys SET retired_at = ?1 WHERE retired_at IS NULL",
        [&now],
    )?;
    conn.execute(
        "INSERT INTO signing_keys (verifier_key, created_at) VALUES (?1, ?2)",
        [verifier_key, &now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_checkpoint_verifies_and_forgeries_do_not() {
        let origin = origin("abc");
        let (skey, vkey) = signed_note::generate_key(&mut rand::rngs::OsRng, &origin);
        assert_eq!(verifier_key_for(&skey).unwrap(), vkey);
        let root = tlog_tiles::record_hash(b"x");
        let note = sign(&skey, &origin, 5, root).unwrap();
        let cp = parse_verified(note.as_bytes(), std::slice::from_ref(&vkey), &origin).unwrap();
        assert_eq!((cp.size(), *cp.hash()), (5, root));

        let forged = note.replacen("\n5\n", "\n6\n", 1);
        assert!(
            parse_verified(forged.as_bytes(), std::slice::from_ref(&vkey), &origin)
                .unwrap_err()
                .contains("forged")
        );
        let (_, other) = signed_note::generate_key(&mut rand::rngs::OsRng, &origin);
        assert!(parse_verified(note.as_bytes(), &[other], &origin).is_err());
        assert!(parse_verified(note.as_bytes(), &[vkey], "fieldvault.local/vault/other").is_err());
    }
}
