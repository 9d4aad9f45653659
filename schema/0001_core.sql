-- 0001: the vault core. Shipped migrations are never edited; add a new file instead.

-- Vault-wide settings: vault id, title, key-check values, key epochs.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Members and their roles. `recipients` holds the member's age recipients, one per line.
CREATE TABLE members (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'researcher', 'custodian', 'auditor')),
    recipients TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    removed_at TEXT
) STRICT;
CREATE UNIQUE INDEX members_active_name ON members (name) WHERE removed_at IS NULL;

-- Participants by pseudonymous code only; never a name.
CREATE TABLE participants (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'completed')),
    created_at TEXT NOT NULL
) STRICT;

-- Per-participant data keys, sealed under the content key of `content_epoch`.
-- Deleting the row (with secure_delete on) crypto-shreds the participant's data.
CREATE TABLE participant_keys (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    key_version    INTEGER NOT NULL,
    content_epoch  INTEGER NOT NULL,
    sealed_key     BLOB NOT NULL
) STRICT;

-- Values sealed under the identity key (identity registry, pseudonym originals),
-- resealed when the identity key rotates.
CREATE TABLE identity_sealed (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER REFERENCES participants (id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL,
    identity_epoch INTEGER NOT NULL,
    sealed         BLOB NOT NULL
) STRICT;

-- The audit log: entry `idx` is leaf `idx` of an RFC 6962 Merkle tree.
-- `entry` is the exact leaf data (canonical JSON); `leaf_hash` = SHA-256(0x00 || entry).
CREATE TABLE audit_log (
    idx       INTEGER PRIMARY KEY,
    entry     TEXT NOT NULL,
    leaf_hash BLOB NOT NULL
) STRICT;

-- Signed checkpoints (C2SP signed notes) over a prefix of the log.
CREATE TABLE checkpoints (
    size       INTEGER PRIMARY KEY,
    root_hash  BLOB NOT NULL,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- Every checkpoint verifier key the vault has used, so old checkpoints stay checkable
-- after the signing key is rotated.
CREATE TABLE signing_keys (
    verifier_key TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    retired_at   TEXT
) STRICT;
