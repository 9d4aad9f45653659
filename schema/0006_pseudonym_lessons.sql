-- Words that an item's text showed to be a person's name or a place, where no lexicon
-- holds the word ("pindah ke Sikakap", "Bang Ronggur"): the study's later items are
-- searched for them in any case ("kalau sikakap rame" in a diary typed in lower case),
-- as for the deny list, by the keyed hash of the lower-cased word (SipHash-1-3 under
-- the matcher key of `pseudonym_keys`), never the word itself. Like a registered
-- identifier's fingerprints, a lesson outlives a withdrawal: a participant's town
-- stays replaced in the others' items.
CREATE TABLE pseudonym_lessons (
    hash     INTEGER NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('person', 'place')),
    PRIMARY KEY (hash, category)
) STRICT, WITHOUT ROWID;
