//! The forensic test of a whole withdrawal: after it, no canary, ciphertext or key
//! byte of the participant remains in any file of the vault, not even inside the
//! database pages once they are decrypted with the database key; and the captured
//! ciphertext opens with no key the vault still holds.
//!
//! SQLCipher encrypts every page, so a scan of the raw files alone would pass even
//! if the deleted rows were still in the database. This test therefore decrypts
//! every page itself (SQLCipher 4 layout: AES-256-CBC, raw key, a 16-byte IV and the
//! HMAC reserved at the end of each page, the salt in front of page 1; the page size
//! and HMAC by the vault's format) and first proves, before the withdrawal, that it
//! finds the participant's ciphertext.

mod common;

use aes::Aes256;
use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
use fieldvault::consent::{Kind, Scope, erase, today};
use fieldvault::items;
use fieldvault::keys::KeyBundle;
use fieldvault::store::PageFormat;
use fieldvault::store::field::{self, FieldPlace};
use fieldvault::vault::Session;

use common::library;
use common::{Sandbox, TEST_PROTOCOL, all_files, contains, files_containing};

/// The page size and the bytes reserved at the end of each page (the IV, then the
/// HMAC, rounded up to the AES block) of a vault database in `format`.
fn page_layout(format: PageFormat) -> (usize, usize) {
    match format {
        PageFormat::Sqlcipher4 => (4096, 16 + 64),
        PageFormat::Pages16kHmacSha256 => (16384, 16 + 32),
    }
}

/// Decrypts every page of a SQLCipher 4 database file in `format` with the raw key;
/// checks that page 1 decrypts to a SQLite header, so a wrong layout fails loudly.
fn decrypted_pages(db: &[u8], key: &[u8; 32], format: PageFormat) -> Vec<u8> {
    let (page_size, reserve) = page_layout(format);
    assert_eq!(db.len() % page_size, 0, "the database is whole pages");
    let cipher = Aes256::new(GenericArray::from_slice(key));
    let mut out = Vec::with_capacity(db.len());
    for (n, page) in db.chunks(page_size).enumerate() {
        let start = if n == 0 { 16 } else { 0 };
        let iv = &page[page_size - reserve..page_size - reserve + 16];
        let mut previous: [u8; 16] = iv.try_into().unwrap();
        let mut plain = vec![0u8; start];
        for block in page[start..page_size - reserve].chunks(16) {
            let mut b = GenericArray::clone_from_slice(block);
            cipher.decrypt_block(&mut b);
            for (p, c) in b.iter_mut().zip(previous) {
                *p ^= c;
            }
            previous = block.try_into().unwrap();
            plain.extend_from_slice(&b);
        }
        if n == 0 {
            // Bytes 16-17 of the SQLite header: the page size, big-endian.
            assert_eq!(
                plain[16..18],
                u16::try_from(page_size).unwrap().to_be_bytes(),
                "page 1 does not decrypt to a SQLite header"
            );
        }
        out.extend_from_slice(&plain);
    }
    out
}

struct Captured {
    canary: String,
    chunks: Vec<Vec<u8>>,
    sealed_key: Vec<u8>,
    data_key: [u8; 32],
    evidence: Vec<u8>,
    identity_value: Vec<u8>,
}

fn blob(session: &Session, sql: &str) -> Vec<Vec<u8>> {
    let mut stmt = session.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn db_plaintext(sb: &Sandbox, session: &Session) -> Vec<u8> {
    assert!(session.dir().db_path().starts_with(sb.vault()));
    let db = std::fs::read(session.dir().db_path()).unwrap();
    decrypted_pages(
        &db,
        session.database_key().expose(),
        session.dir().header().page_format(),
    )
}

#[test]
fn a_whole_withdrawal_leaves_nothing_of_the_participant() {
    let sb = Sandbox::new();
    let mut session = library::vault(&sb.vault(), TEST_PROTOCOL);
    let all = [
        Scope::Interview,
        Scope::ChatContent,
        Scope::AudioRecording,
        Scope::Recontact,
    ];
    let p01 = library::participant(&mut session, "P01");
    let p02 = library::participant(&mut session, "P02");
    library::grant(&mut session, &p01, "v1", &all, None).unwrap();
    let canary = "CANARY-P02-7f3a9c-Budi-0812";
    library::grant(
        &mut session,
        &p02,
        "v1",
        &all,
        Some(format!("evidence {canary}").into_bytes()),
    )
    .unwrap();

    let vault_id = session.vault_id().to_string();
    let content = session.content_key("test").unwrap().clone();
    let identity_key = session.identity_key("test").unwrap().clone();
    let write = session.begin().unwrap();
    // A transcript, a chat, and an audio file larger than one chunk, each with the canary.
    let big = format!("{canary} ").repeat(items::CHUNK_SIZE / 20);
    for (kind, text) in [
        (Kind::Transcript, format!("Peneliti: halo\nP02: {canary}\n")),
        (Kind::Chat, format!("[21.30] P02: {canary}")),
        (Kind::Audio, big),
    ] {
        items::store(&write, &vault_id, &content, &p02, kind, None, today(), text.as_bytes()).unwrap();
    }
    items::store(
        &write,
        &vault_id,
        &content,
        &p01,
        Kind::Transcript,
        None,
        today(),
        &b"P01: biasa saja"[..],
    )
    .unwrap();
    fieldvault::consent::registry::set(
        &write,
        &vault_id,
        &identity_key,
        &p02,
        &[(fieldvault::consent::registry::Purpose::Contact, canary)],
    )
    .unwrap();
    write.commit().unwrap();

    let data_key = field::participant_key(session.conn(), &vault_id, &content, p02.id).unwrap();
    let captured = Captured {
        canary: canary.to_string(),
        chunks: blob(
            &session,
            &format!(
                "SELECT c.sealed FROM item_chunks c JOIN items i ON i.id = c.item_id WHERE i.participant_id = {}",
                p02.id
            ),
        ),
        sealed_key: blob(
            &session,
            &format!(
                "SELECT sealed_key FROM participant_keys WHERE participant_id = {}",
                p02.id
            ),
        )
        .remove(0),
        data_key: *data_key.key.expose(),
        evidence: blob(
            &session,
            &format!("SELECT sealed FROM consent_evidence WHERE participant_id = {}", p02.id),
        )
        .remove(0),
        identity_value: blob(
            &session,
            &format!("SELECT sealed FROM identity_sealed WHERE participant_id = {}", p02.id),
        )
        .remove(0),
    };
    assert_eq!(captured.chunks.len(), 4, "three items, the audio in two chunks");

    // Control: before the withdrawal, the decrypted pages hold every captured value.
    session.store().truncate_wal().unwrap();
    let before = db_plaintext(&sb, &session);
    let needles = |c: &Captured| -> Vec<(&'static str, Vec<u8>)> {
        let mut n: Vec<(&'static str, Vec<u8>)> = c
            .chunks
            .iter()
            .map(|ch| ("item ciphertext", ch[..64].to_vec()))
            .collect();
        n.push(("sealed data key", c.sealed_key.clone()));
        n.push(("data key", c.data_key.to_vec()));
        n.push(("evidence ciphertext", c.evidence[..48].to_vec()));
        n.push(("registry ciphertext", c.identity_value.clone()));
        n
    };
    for (what, needle) in needles(&captured) {
        if what != "data key" {
            assert!(
                contains(&before, &needle),
                "control: {what} should be in the pages before"
            );
        }
    }

    let receipt = erase::withdraw(&mut session, "P02", None, "participant asked", today()).unwrap();
    assert!(receipt.whole && receipt.data_key_destroyed);
    assert_eq!(receipt.items.len(), 3);
    assert_eq!(receipt.evidence_files_erased, 1);
    assert_eq!(receipt.identity_values_erased, 1);

    // 1. The raw files: no canary in any encoding, no captured byte string.
    assert!(files_containing(&sb.vault(), &captured.canary).is_empty());
    for path in all_files(&sb.vault()) {
        let bytes = std::fs::read(&path).unwrap();
        for (what, needle) in needles(&captured) {
            assert!(!contains(&bytes, &needle), "{what} found in {}", path.display());
        }
        if path.to_string_lossy().ends_with("-wal") {
            assert!(bytes.is_empty(), "the WAL was truncated");
        }
    }
    // 2. The database pages, decrypted: the rows and the freed space are gone too.
    let after = db_plaintext(&sb, &session);
    assert!(
        !contains(&after, captured.canary.as_bytes()),
        "canary in the decrypted pages"
    );
    for (what, needle) in needles(&captured) {
        assert!(!contains(&after, &needle), "{what} found in the decrypted pages");
    }
    // 3. No key the vault still holds opens the captured ciphertext.
    let remaining_keys: Vec<[u8; 32]> = {
        let mut keys = Vec::new();
        let identity = fieldvault::identity::Identity::load(&sb.path("lib-owner.key"), &Default::default()).unwrap();
        for file in all_files(&session.dir().keys_dir()) {
            let plain = identity.decrypt(&std::fs::read(&file).unwrap()).unwrap().unwrap();
            let bundle = KeyBundle::decode(&plain).unwrap();
            keys.extend(bundle.database.map(|k| *k.expose()));
            keys.extend(bundle.content.map(|k| *k.key.expose()));
            keys.extend(bundle.identity.map(|k| *k.key.expose()));
        }
        let p01_key =
            field::participant_key(session.conn(), &vault_id, session.content_key("t").unwrap(), p01.id).unwrap();
        keys.push(*p01_key.key.expose());
        keys
    };
    assert!(!remaining_keys.contains(&captured.data_key));
    assert!(field::participant_key(session.conn(), &vault_id, session.content_key("t").unwrap(), p02.id).is_err());
    for key in &remaining_keys {
        let key = fieldvault::secret::Key32::from_bytes(*key);
        for epoch in 1..=3 {
            let place = FieldPlace {
                vault_id: &vault_id,
                table: "participant_keys",
                column: "sealed_key",
                row_id: p02.id,
                participant: "P02",
                key_version: epoch,
            };
            assert!(field::open(&key, &place, &captured.sealed_key).is_err());
        }
        let chunk_place = FieldPlace {
            vault_id: &vault_id,
            table: "item_chunks",
            column: "sealed#0",
            row_id: 1,
            participant: "P02",
            key_version: 1,
        };
        assert!(field::open(&key, &chunk_place, &captured.chunks[0]).is_err());
    }
    // The control participant's data is intact and still decrypts.
    let p01_items = items::list(session.conn(), Some(p01.id)).unwrap();
    let mut text = Vec::new();
    items::decrypt_to(
        session.conn(),
        &vault_id,
        session.content_key("t").unwrap(),
        p01_items[0].id,
        &mut text,
    )
    .unwrap();
    assert_eq!(text, b"P01: biasa saja");
}
