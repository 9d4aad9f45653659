-- 0002: the consent engine. Shipped migrations are never edited; add a new file instead.

-- Applied ethics protocols. Each apply that changes the content is a new version;
-- `source` is the TOML as applied, `definition` the parsed form as canonical JSON.
CREATE TABLE protocols (
    version    INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL,
    source     TEXT NOT NULL,
    definition TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    applied_by TEXT NOT NULL,
    log_index  INTEGER NOT NULL
) STRICT;

-- Consent form and information sheet texts, by version; kept for as long as any
-- record names them, so a later protocol may drop a form without losing its text.
CREATE TABLE consent_forms (
    version          TEXT PRIMARY KEY,
    language         TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    text             TEXT NOT NULL,
    protocol_version INTEGER NOT NULL REFERENCES protocols (version)
) STRICT;

-- Coarse participant attributes (age band, platform, site, wave) for comparisons.
CREATE TABLE participant_attributes (
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    name           TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (participant_id, name)
) STRICT;

-- Consent records, append-only: a grant (its scopes replace earlier grants) or a
-- withdrawal (of the listed scopes, or of everything when `whole` is 1).
CREATE TABLE consent_records (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES participants (id),
    kind             TEXT NOT NULL CHECK (kind IN ('grant', 'withdrawal')),
    whole            INTEGER NOT NULL DEFAULT 0,
    scopes           TEXT NOT NULL,
    given_on         TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL,
    protocol_version INTEGER NOT NULL REFERENCES protocols (version),
    form_version     TEXT REFERENCES consent_forms (version),
    form_sha256      TEXT,
    language         TEXT,
    method           TEXT,
    taken_by         TEXT,
    witness          TEXT,
    adult_confirmed  INTEGER NOT NULL DEFAULT 0,
    expires_on       TEXT,
    condition        TEXT,
    reason           TEXT,
    log_index        INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_records_participant ON consent_records (participant_id, id);
CREATE TRIGGER consent_records_append_only_update BEFORE UPDATE ON consent_records
BEGIN
    SELECT RAISE(ABORT, 'consent records are append-only');
END;
CREATE TRIGGER consent_records_append_only_delete BEFORE DELETE ON consent_records
BEGIN
    SELECT RAISE(ABORT, 'consent records are append-only');
END;

-- Consent evidence (a scanned form, a recording, a chat screenshot), sealed under
-- the participant's data key; erased with the participant's data.
CREATE TABLE consent_evidence (
    record_id      INTEGER PRIMARY KEY REFERENCES consent_records (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    key_version    INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    sealed         BLOB NOT NULL
) STRICT;

-- Items of data. `scope` is the consent scope that allowed storing it, so that a
-- partial withdrawal erases exactly the items that needed a withdrawn scope. The content is in `item_chunks`, each chunk sealed under the
-- participant's data key; `ciphertext_sha256` is over the sealed chunks in order,
-- so an auditor can compare it without reading the content.
CREATE TABLE items (
    id                INTEGER PRIMARY KEY,
    participant_id    INTEGER NOT NULL REFERENCES participants (id),
    kind              TEXT NOT NULL,
    scope             TEXT NOT NULL,
    consent_record_id INTEGER NOT NULL REFERENCES consent_records (id),
    item_date         TEXT,
    imported_at       TEXT NOT NULL,
    imported_by       TEXT NOT NULL,
    review_status     TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved')),
    size              INTEGER NOT NULL,
    ciphertext_sha256 TEXT NOT NULL,
    log_index         INTEGER NOT NULL
) STRICT;
CREATE INDEX items_participant ON items (participant_id, kind);

CREATE TABLE item_chunks (
    item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    key_version INTEGER NOT NULL,
    sealed      BLOB NOT NULL,
    PRIMARY KEY (item_id, seq)
) WITHOUT ROWID, STRICT;

-- Erasures (withdrawals and retention purges): the receipt as JSON. What was
-- erased is described by ids, kinds and counts only, never by content.
CREATE TABLE erasures (
    id             INTEGER PRIMARY KEY,
    cause          TEXT NOT NULL CHECK (cause IN ('withdrawal', 'retention')),
    participant_id INTEGER REFERENCES participants (id),
    erased_at      TEXT NOT NULL,
    erased_by      TEXT NOT NULL,
    log_index      INTEGER NOT NULL,
    receipt        TEXT NOT NULL
) STRICT;
