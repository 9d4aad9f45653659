//! The field-encryption API and the crypto-shred primitive on a real vault.

mod common;

use common::{Sandbox, all_files, contains, files_containing};
use fieldvault::identity::Identity;
use fieldvault::store::field::{self, FieldPlace};
use fieldvault::vault::Session;

fn unlock(sb: &Sandbox, key: &std::path::Path) -> Session {
    let identity = Identity::load(key, &Default::default()).unwrap();
    Session::unlock(&sb.vault(), &identity).unwrap()
}

fn place<'a>(vault_id: &'a str, row_id: i64, participant: &'a str) -> FieldPlace<'a> {
    FieldPlace {
        vault_id,
        table: "scratch_items",
        column: "body",
        row_id,
        participant,
        key_version: 1,
    }
}

/// Stores `content` for a new participant `code` through the field API; returns the
/// participant id and the stored ciphertext.
fn store_content(session: &mut Session, code: &str, content: &str) -> (i64, Vec<u8>) {
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("test").unwrap().clone();
    let write = session.begin().unwrap();
    let conn = write.conn();
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS scratch_items (id INTEGER PRIMARY KEY, participant_id INTEGER, body BLOB)",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO participants (code, created_at) VALUES (?1, '2026-11-28T00:00:00Z')",
        [code],
    )
    .unwrap();
    let pid = conn.last_insert_rowid();
    let pk = field::create_participant_key(conn, &vault_id, &content_key, pid).unwrap();
    conn.execute("INSERT INTO scratch_items (participant_id) VALUES (?1)", [pid])
        .unwrap();
    let row = conn.last_insert_rowid();
    let sealed = field::seal(&pk.key, &place(&vault_id, row, code), content.as_bytes());
    conn.execute(
        "UPDATE scratch_items SET body = ?1 WHERE id = ?2",
        rusqlite::params![sealed, row],
    )
    .unwrap();
    write.log("test.store", &[code]).unwrap();
    write.commit().unwrap();
    (pid, sealed)
}

#[test]
fn content_through_the_field_api_never_reaches_the_disk_in_clear() {
    let sb = Sandbox::new();
    let owner = sb.init("field study");
    let canary = "CANARY-TRANSCRIPT-0b9d Budi nomor 0812-3456-7890";
    {
        let mut session = unlock(&sb, &owner.key);
        store_content(&mut session, "P01", canary);
        // While the connection is still open, the WAL holds the newest pages.
        assert!(files_containing(&sb.vault(), canary).is_empty());
        assert!(files_containing(&sb.vault(), "0812-3456-7890").is_empty());
    }
    // Readable back through the API, with the right place only.
    let session = unlock(&sb, &owner.key);
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("test").unwrap().clone();
    let pid: i64 = session
        .conn()
        .query_row("SELECT id FROM participants WHERE code = 'P01'", [], |r| r.get(0))
        .unwrap();
    let (row, sealed): (i64, Vec<u8>) = session
        .conn()
        .query_row("SELECT id, body FROM scratch_items", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let pk = field::participant_key(session.conn(), &vault_id, &content_key, pid).unwrap();
    assert_eq!(
        field::open(&pk.key, &place(&vault_id, row, "P01"), &sealed)
            .unwrap()
            .as_slice(),
        canary.as_bytes()
    );
    assert!(
        field::open(&pk.key, &place(&vault_id, row + 1, "P01"), &sealed).is_err(),
        "copied to another row"
    );
    assert!(
        field::open(&pk.key, &place(&vault_id, row, "P02"), &sealed).is_err(),
        "copied to another participant"
    );
    drop(session);
    assert!(files_containing(&sb.vault(), canary).is_empty());
}

#[test]
fn participant_keys_survive_member_removal_rotation() {
    let sb = Sandbox::new();
    let owner = sb.init("rotation study");
    let ra = sb.add_member(&owner, "RA1", "researcher");
    sb.add_member(&owner, "RA2", "researcher");
    let canary = "CANARY-ROTATION-41aa";
    {
        let mut session = unlock(&sb, &ra.key);
        store_content(&mut session, "P01", canary);
    }
    sb.as_member(&owner.key)
        .args(["member", "remove", "RA2"])
        .assert()
        .success();
    let session = unlock(&sb, &ra.key);
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("test").unwrap().clone();
    assert_eq!(content_key.epoch, 2, "the content key was rotated");
    let (row, sealed): (i64, Vec<u8>) = session
        .conn()
        .query_row("SELECT id, body FROM scratch_items", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let pk = field::participant_key(session.conn(), &vault_id, &content_key, 1).unwrap();
    assert_eq!(
        field::open(&pk.key, &place(&vault_id, row, "P01"), &sealed)
            .unwrap()
            .as_slice(),
        canary.as_bytes()
    );
}

#[test]
fn crypto_shred_leaves_no_key_bytes_and_nothing_decryptable() {
    let sb = Sandbox::new();
    let owner = sb.init("shred study");
    let canary = "CANARY-SHRED-77c2";
    let (pid, ciphertext, sealed_key) = {
        let mut session = unlock(&sb, &owner.key);
        store_content(&mut session, "P01", "another participant stays");
        let (pid, ciphertext) = store_content(&mut session, "P02", canary);
        let sealed_key: Vec<u8> = session
            .conn()
            .query_row(
                "SELECT sealed_key FROM participant_keys WHERE participant_id = ?1",
                [pid],
                |r| r.get(0),
            )
            .unwrap();
        (pid, ciphertext, sealed_key)
    };
    let mut session = unlock(&sb, &owner.key);
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("test").unwrap().clone();
    let data_key = field::participant_key(session.conn(), &vault_id, &content_key, pid).unwrap();
    {
        let write = session.begin().unwrap();
        assert!(field::shred_participant_key(write.conn(), pid).unwrap());
        write
            .conn()
            .execute("DELETE FROM scratch_items WHERE participant_id = ?1", [pid])
            .unwrap();
        write.log("test.shred", &["P02"]).unwrap();
        write.commit().unwrap();
    }
    session.store().truncate_wal().unwrap();
    assert!(field::participant_key(session.conn(), &vault_id, &content_key, pid).is_err());
    drop(session);
    // No file holds the key, the sealed key or the ciphertext in any form that can be
    // matched: SQLCipher encrypts every page, secure_delete zeroed the freed cells and
    // the WAL was truncated, so not even an old page image survives…
    for file in all_files(&sb.vault()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains(&bytes, &sealed_key[1..]),
            "sealed key survives in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, data_key.key.expose()),
            "raw key in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, &ciphertext[1..]),
            "ciphertext survives in {}",
            file.display()
        );
    }
    // …and the captured ciphertext opens with no key the vault still holds.
    let session = unlock(&sb, &owner.key);
    let remaining: Vec<i64> = session
        .conn()
        .prepare("SELECT participant_id FROM participant_keys")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(remaining.len(), 1);
    for other in remaining {
        let pk = field::participant_key(session.conn(), &vault_id, &content_key, other).unwrap();
        for row in 0..10 {
            assert!(field::open(&pk.key, &place(&vault_id, row, "P02"), &ciphertext).is_err());
        }
    }
}
