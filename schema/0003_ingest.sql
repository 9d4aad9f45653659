-- Ingest and pseudonymisation.

-- Item ids are never reused, even after the highest item is erased: the audit log
-- names items by id, and a reused id would make two items one in the auditor's eyes.
CREATE TABLE item_id_high_water (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
) STRICT;
INSERT INTO item_id_high_water (id, last) VALUES (1, coalesce((SELECT max(id) FROM items), 0));
CREATE TRIGGER items_high_water AFTER INSERT ON items
BEGIN
    UPDATE item_id_high_water SET last = max(last, NEW.id) WHERE id = 1;
END;

-- The importer that read the item (plain, markdown, webvtt, srt, docx, whatsapp-txt,
-- whatsapp-zip, jpeg, png, webp, binary).
ALTER TABLE items ADD COLUMN format TEXT NOT NULL DEFAULT 'binary';

-- The raw original of a text item (its segments before pseudonymisation, as JSON
-- lines), sealed under the participant's data key like the content, kept only until
-- review approves the item.
CREATE TABLE item_raw_chunks (
    item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    key_version INTEGER NOT NULL,
    sealed      BLOB NOT NULL,
    PRIMARY KEY (item_id, seq)
) WITHOUT ROWID, STRICT;

-- Who approved an item in review, and when.
CREATE TABLE item_approvals (
    item_id     INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    approved_at TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    log_index   INTEGER NOT NULL
) STRICT;

-- The study's pseudonymisation keys. They live inside the encrypted database because
-- every member who can open it may pseudonymise: `lookup_key` keys the HMAC that maps
-- an original to its pseudonym, `matcher_key` keys the 64-bit hashes of registered
-- identifiers and deny-list entries. `recipient` is the age recipient that originals
-- are encrypted to; its identity is sealed under the identity key (identity_sealed,
-- purpose 'pseudonym-originals'), so only custodians and owners can read originals.
CREATE TABLE pseudonym_keys (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    lookup_key  BLOB NOT NULL,
    matcher_key BLOB NOT NULL,
    recipient   TEXT NOT NULL
) STRICT;

-- The keys that seal originals: one random 256-bit key per command that created
-- pseudonyms, age-encrypted to pseudonym_keys.recipient. (One X25519 operation per
-- command instead of one per original: an import creates thousands.)
CREATE TABLE pseudonym_batches (
    id      INTEGER PRIMARY KEY,
    wrapped BLOB NOT NULL
) STRICT;

-- The consistent mapping: one row per original, study-wide. `lookup` is
-- HMAC-SHA256(lookup_key, category || 0x00 || canonical original), its first 16 bytes;
-- `original` is the canonical original, sealed (XChaCha20-Poly1305, bound to its
-- category and number) under its batch's key. Rows go in rowid order and only the
-- narrow index on `lookup` takes random inserts: an import adds thousands of rows.
CREATE TABLE pseudonyms (
    id         INTEGER PRIMARY KEY,
    lookup     BLOB NOT NULL UNIQUE,
    category   TEXT NOT NULL,
    number     INTEGER NOT NULL,
    batch      INTEGER NOT NULL REFERENCES pseudonym_batches (id),
    original   BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (category, number)
) STRICT;

-- Identifiers matched in text by keyed hash: a participant's registered name and
-- contacts (source 'registry', erased with the participant's identity) and the
-- study's deny list (source 'deny').
CREATE TABLE pseudonym_known (
    id             INTEGER PRIMARY KEY,
    hash           INTEGER NOT NULL,
    tokens         INTEGER NOT NULL,
    category       TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('registry', 'deny')),
    participant_id INTEGER REFERENCES participants (id) ON DELETE CASCADE,
    UNIQUE (hash, tokens, category, source, participant_id)
) STRICT;

-- Words the name, place and venue detectors must leave alone in this study.
CREATE TABLE pseudonym_allow (
    word     TEXT PRIMARY KEY,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
) STRICT;
