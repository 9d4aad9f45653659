-- Codebook and coding.

-- The study's codebook: a tree of codes. Names are unique study-wide, so that a
-- command line can name a code without its path.
CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES codes (id),
    description TEXT,
    color       TEXT,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;

-- Coded segments on an item's pseudonymised text: [start, end) in Unicode scalar
-- values. `coder` is a pseudonymous coder code (C1, C2 …) for agreement; `memo` is
-- the coder's note, sealed under the participant's data key (it can quote the
-- participant), so that erasing the participant erases it.
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    code_id     INTEGER NOT NULL REFERENCES codes (id),
    start       INTEGER NOT NULL CHECK (start >= 0),
    end         INTEGER NOT NULL CHECK (end > start),
    coder       TEXT NOT NULL,
    key_version INTEGER,
    memo        BLOB,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (item_id, code_id, start, end, coder)
) STRICT;
CREATE INDEX segments_code ON segments (code_id);
