//! The study's consistent pseudonym mapping: the same original gets the same tag
//! ([PERSON_3], [PHONE_1]) in every item, through an HMAC lookup table, so that a
//! researcher can pseudonymise consistently without being able to list originals.
//! The originals are age-encrypted to a recipient whose identity only holders of the
//! identity key (custodians and owners) can unseal.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use compact_str::CompactString;
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::EpochKey;
use crate::pseudo::{AllowList, Category, Engine, Fingerprint, Known};
use crate::secret::Key32;
use crate::store::field;

/// The identity_sealed purpose of the age identity that decrypts originals.
const ORIGINALS_PURPOSE: &str = "pseudonym-originals";

/// The study's pseudonymisation keys.
pub struct StudyKeys {
    lookups: Lookups,
    matcher: Zeroizing<[u8; 16]>,
    recipient: String,
}

/// An original's key in the pseudonym table: the first 16 bytes of
/// HMAC-SHA256(lookup key, category || 0x00 || canonical original). 128 bits tell
/// originals apart as well as 256 and halve the index.
pub type Lookup = [u8; 16];

/// Computes [`Lookup`]s. Holds the HMAC keyed once (its inner and outer hash states),
/// so that each lookup costs two SHA-256 blocks instead of four: an import computes
/// one for every identifier it meets. Cloned onto an import's reading thread.
#[derive(Clone)]
pub struct Lookups {
    keyed: Hmac<Sha256>,
}

impl Lookups {
    pub(crate) fn new(key: &Key32) -> Self {
        Lookups {
            keyed: Hmac::<Sha256>::new_from_slice(key.expose()).expect("HMAC takes any key length"),
        }
    }

    /// The lookup of `canonical` in `category`.
    pub fn of(&self, category: Category, canonical: &str) -> Lookup {
        let mut mac = self.keyed.clone();
        mac.update(category.label().as_bytes());
        mac.update(&[0]);
        mac.update(canonical.as_bytes());
        let mut lookup = [0u8; 16];
        lookup.copy_from_slice(&mac.finalize().into_bytes()[..16]);
        lookup
    }
}

/// Creates the study's pseudonymisation keys unless they exist (at vault creation, or
/// for a vault made before pseudonymisation, by the first custodian or owner command
/// that holds the identity key): the lookup and matcher keys, and an age identity for
/// originals sealed under the identity key.
pub fn ensure_keys(conn: &Connection, vault_id: &str, identity_key: &EpochKey) -> Result<()> {
    let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM pseudonym_keys WHERE id = 1)", [], |r| {
        r.get(0)
    })?;
    if exists {
        return Ok(());
    }
    let originals = age::x25519::Identity::generate();
    let recipient = originals.to_public().to_string();
    let mut matcher = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut matcher);
    let lookup = Key32::random();
    conn.execute(
        "INSERT INTO pseudonym_keys (id, lookup_key, matcher_key, recipient) VALUES (1, ?1, ?2, ?3)",
        params![lookup.expose().as_slice(), matcher.as_slice(), recipient],
    )?;
    matcher.fill(0);
    conn.execute(
        "INSERT INTO identity_sealed (participant_id, purpose, identity_epoch, sealed) VALUES (NULL, ?1, ?2, x'')",
        params![ORIGINALS_PURPOSE, identity_key.epoch],
    )?;
    let row = conn.last_insert_rowid();
    let secret = originals.to_string();
    let sealed = field::seal(
        &identity_key.key,
        &field::identity_place(vault_id, row, "", identity_key.epoch),
        secret.expose_secret().as_bytes(),
    );
    conn.execute(
        "UPDATE identity_sealed SET sealed = ?1 WHERE id = ?2",
        params![sealed, row],
    )?;
    Ok(())
}

/// The study's keys, as any member who opens the database reads them.
pub fn keys(conn: &Connection) -> Result<StudyKeys> {
    let row: Option<(Vec<u8>, Vec<u8>, String)> = conn
        .query_row(
            "SELECT lookup_key, matcher_key, recipient FROM pseudonym_keys WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (lookup, matcher, recipient) = row.ok_or_else(|| {
        Error::invalid(
            "this vault was made before pseudonymisation and has no pseudonym keys yet",
            "a custodian or owner creates them by running `fieldvault pseudonyms list` once",
        )
    })?;
    let corrupt = || Error::Corrupt {
        path: "the vault database".into(),
        why: "the study's pseudonymisation keys have the wrong length".into(),
    };
    let lookup: [u8; 32] = lookup.as_slice().try_into().map_err(|_| corrupt())?;
    let matcher: [u8; 16] = matcher.as_slice().try_into().map_err(|_| corrupt())?;
    Ok(StudyKeys {
        lookups: Lookups::new(&Key32::from_bytes(lookup)),
        matcher: Zeroizing::new(matcher),
        recipient,
    })
}

impl StudyKeys {
    /// An empty matcher of registered identifiers under this study's key.
    pub fn known(&self) -> Known {
        Known::new(*self.matcher)
    }

    /// The lookup of `canonical` in `category`.
    pub fn lookup(&self, category: Category, canonical: &str) -> Lookup {
        self.lookups.of(category, canonical)
    }

    /// The lookup computer, to run on another thread.
    pub fn lookups(&self) -> Lookups {
        self.lookups.clone()
    }
}

/// The detection engine of this study: its registered identifiers, deny list and
/// allow list applied.
pub fn engine(conn: &Connection, keys: &StudyKeys) -> Result<Engine> {
    let mut known = keys.known();
    let words: Vec<String> = conn
        .prepare("SELECT word FROM pseudonym_allow")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The study's lessons first, so that a registered identifier or the deny list
    // decides the category of a word that is both; none that the allow list holds
    // (a lesson is a heuristic's find, which a reviewer may overrule).
    let allowed: HashSet<u64> = words
        .iter()
        .filter_map(|word| known.fingerprint(word))
        .filter(|f| f.tokens == 1)
        .map(|f| f.hash)
        .collect();
    let mut lessons = conn.prepare("SELECT hash, category FROM pseudonym_lessons")?;
    let rows = lessons.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (hash, category) = row?;
        if !allowed.contains(&(hash as u64)) {
            known.insert_fingerprint(
                Fingerprint {
                    hash: hash as u64,
                    tokens: 1,
                },
                category_from_db(&category)?,
            );
        }
    }
    let mut stmt = conn.prepare("SELECT hash, tokens, category FROM pseudonym_known")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
    })?;
    for row in rows {
        let (hash, tokens, category) = row?;
        known.insert_fingerprint(
            Fingerprint {
                hash: hash as u64,
                tokens: tokens as u8,
            },
            category_from_db(&category)?,
        );
    }
    Ok(Engine::new(known, AllowList::new(words.iter().map(String::as_str))))
}

/// Records what an item's text taught its study (`Learned::lessons`): the keyed hash
/// of each word (`matcher`, from `StudyKeys::known`), found in the study's later items
/// in any case (`engine`).
pub fn add_lessons<'w>(
    conn: &Connection,
    matcher: &Known,
    lessons: impl Iterator<Item = (&'w str, Category)>,
) -> Result<()> {
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO pseudonym_lessons (hash, category) VALUES (?1, ?2)")?;
    for (word, category) in lessons {
        if let Some(fingerprint) = matcher.fingerprint(word) {
            insert.execute(params![fingerprint.hash as i64, category.name()])?;
        }
    }
    Ok(())
}

fn category_from_db(name: &str) -> Result<Category> {
    Category::from_str(name).map_err(|_| Error::Corrupt {
        path: "the vault database".into(),
        why: format!("unknown pseudonym category `{name}`"),
    })
}

/// Hands out tags, consistently across the whole study: an original seen before gets
/// its old tag, a new one the next number of its category, recorded with the
/// original sealed for custodians.
pub struct Mapper {
    keys: StudyKeys,
    vault_id: String,
    member: String,
    /// Numbers already resolved in this command, by lookup, so that a long import
    /// does not query the table for every occurrence. Emptied when it reaches
    /// `cache_capacity` entries, so that memory stays bounded whatever the input.
    resolved: HashMap<Lookup, i64, LookupHashing>,
    /// RESOLVED_CACHE (smaller in tests, which reach the paths past it).
    cache_capacity: usize,
    /// Whether `resolved` holds every row of the table, so that a lookup it does not
    /// hold is new without asking the table. Read at the first lookup when the table
    /// is no larger than the cache; false again once the cache is emptied.
    resolved_all: bool,
    /// Whether the table was considered for reading whole.
    preloaded: bool,
    /// The next number of each category, once read from the table in this command
    /// (the command's transaction holds the write lock, so nobody else adds one).
    next_number: HashMap<Category, i64>,
    /// The key that seals this command's new originals, made (and wrapped to the
    /// originals recipient) at the first new original.
    batch: Option<(i64, Key32)>,
    created_at: String,
    created: u64,
}

/// Resolved numbers kept in memory by one command: about 6 MB with the map's
/// overhead. A study's recurring people and places fit many times over.
const RESOLVED_CACHE: usize = 1 << 17;

/// Hashes a [`Lookup`] by its first eight bytes: it is already the output of a keyed
/// hash nobody outside the vault can steer, so hashing it again only costs time.
#[derive(Clone, Copy, Default)]
struct LookupHashing;

impl std::hash::BuildHasher for LookupHashing {
    type Hasher = LookupHasher;
    fn build_hasher(&self) -> LookupHasher {
        LookupHasher(0)
    }
}

struct LookupHasher(u64);

impl std::hash::Hasher for LookupHasher {
    fn write(&mut self, bytes: &[u8]) {
        // A [u8; 16] hashes as its bytes; keep the first eight (HMAC output bits).
        for &b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Mapper {
    pub fn new(keys: StudyKeys, vault_id: &str, member: &str) -> Self {
        Mapper {
            keys,
            vault_id: vault_id.to_string(),
            member: member.to_string(),
            resolved: HashMap::default(),
            cache_capacity: RESOLVED_CACHE,
            resolved_all: false,
            preloaded: false,
            next_number: HashMap::new(),
            batch: None,
            created_at: crate::clock::now_rfc3339(),
            created: 0,
        }
    }

    /// The tag of `canonical` in `category`, created if new.
    pub fn tag(&mut self, conn: &Connection, category: Category, canonical: &str) -> Result<CompactString> {
        let lookup = self.keys.lookup(category, canonical);
        let number = self.number(conn, category, canonical, &lookup)?;
        Ok(tag(category, number))
    }

    /// The number of `canonical` in `category`, whose lookup the caller computed
    /// (with [`StudyKeys::lookups`], on another thread), created if new.
    pub fn number(&mut self, conn: &Connection, category: Category, canonical: &str, lookup: &Lookup) -> Result<i64> {
        if !self.preloaded {
            self.preload(conn)?;
        }
        if let Some(&number) = self.resolved.get(lookup) {
            return Ok(number);
        }
        // Looked up before anything is sealed: in a real study most originals a
        // command meets are already in the table (the same few people and places).
        let existing: Option<i64> = if self.resolved_all {
            None
        } else {
            conn.prepare_cached("SELECT number FROM pseudonyms WHERE lookup = ?1")?
                .query_row([lookup.as_slice()], |r| r.get(0))
                .optional()?
        };
        let number = match existing {
            Some(number) => number,
            None => self.create(conn, category, canonical, lookup)?,
        };
        if self.resolved.len() >= self.cache_capacity {
            self.resolved.clear();
            self.resolved_all = false;
        }
        self.resolved.insert(*lookup, number);
        Ok(number)
    }

    /// Reads the whole table into the cache when it fits: one scan costs less than a
    /// query for each original a command meets, and then an original not in the
    /// cache is known to be new. (Rows are never deleted, so the largest id bounds
    /// their number.)
    fn preload(&mut self, conn: &Connection) -> Result<()> {
        self.preloaded = true;
        let rows: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM pseudonyms", [], |r| r.get(0))?;
        if rows >= self.cache_capacity as i64 {
            return Ok(());
        }
        let mut stmt = conn.prepare("SELECT lookup, number FROM pseudonyms")?;
        let mut all = stmt.query([])?;
        while let Some(row) = all.next()? {
            let lookup: Vec<u8> = row.get(0)?;
            // A lookup of another length matches nothing, as in the table.
            if let Ok(lookup) = Lookup::try_from(lookup.as_slice()) {
                self.resolved.insert(lookup, row.get(1)?);
            }
        }
        self.resolved_all = true;
        Ok(())
    }

    /// Records `canonical`, new to the study, under its category's next number.
    fn create(&mut self, conn: &Connection, category: Category, canonical: &str, lookup: &Lookup) -> Result<i64> {
        if self.batch.is_none() {
            let key = Key32::random();
            let wrapped = crate::identity::encrypt(std::slice::from_ref(&self.keys.recipient), key.expose())?;
            conn.execute("INSERT INTO pseudonym_batches (wrapped) VALUES (?1)", [wrapped])?;
            self.batch = Some((conn.last_insert_rowid(), key));
        }
        let (batch, key) = self.batch.as_ref().expect("made above");
        let number = match self.next_number.get(&category) {
            Some(&n) => n,
            None => conn
                .prepare_cached("SELECT coalesce(max(number), 0) + 1 FROM pseudonyms WHERE category = ?1")?
                .query_row([category.name()], |r| r.get(0))?,
        };
        let sealed = field::seal(
            key,
            &original_place(&self.vault_id, category, number, *batch),
            canonical.as_bytes(),
        );
        conn.prepare_cached(
            "INSERT INTO pseudonyms (lookup, category, number, batch, original, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            lookup.as_slice(),
            category.name(),
            number,
            batch,
            sealed,
            self.created_at,
            self.member
        ])?;
        self.next_number.insert(category, number + 1);
        self.created += 1;
        Ok(number)
    }

    /// The study's keys this mapper uses.
    pub fn keys(&self) -> &StudyKeys {
        &self.keys
    }

    /// How many new pseudonyms this mapper created.
    pub fn created(&self) -> u64 {
        self.created
    }
}

/// The tag of number `number` in `category`: "[PERSON_3]". Held inline (tags of
/// real studies are under 24 bytes): an import writes one for every identifier.
pub fn tag(category: Category, number: i64) -> CompactString {
    // Written backwards into a buffer, then made a string at once: `format!`, and
    // then pushing piece by piece, showed in the import's profile.
    let label = category.label().as_bytes();
    let mut buf = [0u8; 64];
    let mut at = buf.len();
    let mut put = |bytes: &[u8]| {
        at -= bytes.len();
        buf[at..at + bytes.len()].copy_from_slice(bytes);
    };
    put(b"]");
    let mut rest = number.unsigned_abs();
    loop {
        put(&[b'0' + (rest % 10) as u8]);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if number < 0 {
        put(b"-");
    }
    put(b"_");
    put(label);
    put(b"[");
    CompactString::from(std::str::from_utf8(&buf[at..]).unwrap_or_default())
}

/// Where an original is sealed: under its batch's key, bound to its category and
/// number (unique together), so that no sealed original can be moved to another tag.
fn original_place(vault_id: &str, category: Category, number: i64, batch: i64) -> field::FieldPlace<'_> {
    field::FieldPlace {
        vault_id,
        table: "pseudonyms",
        column: category.name(),
        row_id: number,
        participant: "",
        key_version: u32::try_from(batch).unwrap_or(u32::MAX),
    }
}

/// Where a matched identifier comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A participant's registered name or contact.
    Registry,
    /// The study's deny list.
    Deny,
}

/// Adds an identifier to be matched in every text: the deny list, or a participant's
/// registered identifiers. Only its keyed hash is stored. Returns false when it was
/// already there.
pub fn add_known(
    conn: &Connection,
    keys: &StudyKeys,
    original: &str,
    category: Category,
    source: Source,
    participant_id: Option<i64>,
) -> Result<bool> {
    let fingerprints = keys.known().fingerprints(original, category);
    if fingerprints.is_empty() {
        return Err(Error::invalid(
            "the value has no letters or digits to match",
            "give the name, nickname, phone number or other identifier as it is written",
        ));
    }
    let source = match source {
        Source::Registry => "registry",
        Source::Deny => "deny",
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO pseudonym_known (hash, tokens, category, source, participant_id)
         SELECT ?1, ?2, ?3, ?4, ?5
         WHERE NOT EXISTS (SELECT 1 FROM pseudonym_known WHERE hash = ?1 AND tokens = ?2 AND category = ?3
                           AND source = ?4 AND participant_id IS ?5)",
    )?;
    // The first fingerprint is the whole value: whether it was new says whether the
    // identifier was; the single words of a name ride along.
    let mut added = false;
    for (n, fingerprint) in fingerprints.iter().enumerate() {
        let inserted = insert.execute(params![
            fingerprint.hash as i64,
            fingerprint.tokens as i64,
            category.name(),
            source,
            participant_id
        ])?;
        if n == 0 {
            added = inserted == 1;
        }
    }
    Ok(added)
}

/// The study's registered identifiers and deny list, as a set of fingerprints: to ask
/// whether a piece of text is one of them, whatever the detectors would say.
pub struct KnownSet {
    matcher: Known,
    fingerprints: std::collections::HashSet<(u64, u8)>,
}

impl KnownSet {
    pub fn load(conn: &Connection, keys: &StudyKeys) -> Result<Self> {
        let mut stmt = conn.prepare("SELECT DISTINCT hash, tokens FROM pseudonym_known")?;
        let fingerprints = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u8)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(KnownSet {
            matcher: keys.known(),
            fingerprints,
        })
    }

    /// Whether `original` is a registered identifier or on the deny list.
    pub fn contains(&self, original: &str) -> bool {
        self.matcher
            .fingerprint(original)
            .is_some_and(|f| self.fingerprints.contains(&(f.hash, f.tokens)))
    }
}

/// Adds a word to the study's allow list. Returns false when it was already there.
pub fn allow(conn: &Connection, word: &str, member: &str) -> Result<bool> {
    let word = word.trim();
    if word.is_empty() || word.split_whitespace().count() > 4 || word.chars().any(char::is_control) {
        return Err(Error::invalid(
            "an allowed word must be one to four words on one line",
            "give the word as it appears in the text, e.g. `fieldvault pseudonyms allow Melati`",
        ));
    }
    Ok(conn.execute(
        "INSERT OR IGNORE INTO pseudonym_allow (word, added_at, added_by) VALUES (?1, ?2, ?3)",
        params![word.to_lowercase(), crate::clock::now_rfc3339(), member],
    )? == 1)
}

/// One mapping entry as a custodian sees it.
#[derive(Serialize)]
pub struct Original {
    pub tag: String,
    pub category: String,
    #[serde(serialize_with = "serialize_secret")]
    pub original: Zeroizing<String>,
    pub created_at: String,
    pub created_by: String,
}

fn serialize_secret<S: serde::Serializer>(value: &Zeroizing<String>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(value.as_str())
}

impl std::fmt::Debug for Original {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Original({}, <redacted>)", self.tag)
    }
}

/// Decrypts the mapping's originals with the identity key. The caller logs it.
pub fn originals(conn: &Connection, vault_id: &str, identity_key: &EpochKey) -> Result<Vec<Original>> {
    let (row, epoch, sealed): (i64, u32, Vec<u8>) = conn
        .query_row(
            "SELECT id, identity_epoch, sealed FROM identity_sealed WHERE purpose = ?1",
            [ORIGINALS_PURPOSE],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| Error::Corrupt {
            path: "the vault database".into(),
            why: "the identity that decrypts pseudonym originals is missing".into(),
        })?;
    let secret = field::open(
        &identity_key.key,
        &field::identity_place(vault_id, row, "", epoch),
        &sealed,
    )?;
    let secret = std::str::from_utf8(&secret).map_err(|_| Error::Corrupt {
        path: "the vault database".into(),
        why: "the pseudonym originals identity is not text".into(),
    })?;
    let identity = age::x25519::Identity::from_str(secret).map_err(|_| Error::Corrupt {
        path: "the vault database".into(),
        why: "the pseudonym originals identity is not an age identity".into(),
    })?;
    let corrupt = |why: String| Error::Corrupt {
        path: "the vault database".into(),
        why,
    };
    let mut batch_keys: HashMap<i64, Key32> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, wrapped FROM pseudonym_batches")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (id, wrapped) = row?;
        let plain = Zeroizing::new(
            age::decrypt(&identity, &wrapped)
                .map_err(|e| corrupt(format!("pseudonym batch key {id} does not decrypt: {e}")))?,
        );
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| corrupt(format!("pseudonym batch key {id} has the wrong length")))?;
        batch_keys.insert(id, Key32::from_bytes(bytes));
    }
    let mut stmt = conn.prepare(
        "SELECT category, number, batch, original, created_at, created_by FROM pseudonyms
         ORDER BY category, number",
    )?;
    let rows: Vec<(String, i64, i64, Vec<u8>, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(category, number, batch, sealed, created_at, created_by)| {
            let key = batch_keys
                .get(&batch)
                .ok_or_else(|| corrupt(format!("pseudonym {category} {number} names a missing batch key")))?;
            let parsed = category_from_db(&category)?;
            let plain = field::open(key, &original_place(vault_id, parsed, number, batch), &sealed)?;
            let original = Zeroizing::new(String::from_utf8_lossy(&plain).into_owned());
            Ok(Original {
                tag: tag(parsed, number).into(),
                category,
                original,
                created_at,
                created_by,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mapper on an in-memory database with the vault's schema, whose cache holds
    /// `capacity` numbers.
    fn mapper(capacity: usize) -> (Connection, Mapper) {
        let mut conn = Connection::open_in_memory().expect("an in-memory database opens");
        crate::store::migrate::migrate(&mut conn).expect("the schema applies");
        let keys = StudyKeys {
            lookups: Lookups::new(&Key32::random()),
            matcher: Zeroizing::new([7; 16]),
            recipient: age::x25519::Identity::generate().to_public().to_string(),
        };
        let mut mapper = Mapper::new(keys, "vault-id", "RA1");
        mapper.cache_capacity = capacity;
        (conn, mapper)
    }

    fn number(conn: &Connection, mapper: &mut Mapper, category: Category, canonical: &str) -> i64 {
        let lookup = mapper.keys().lookup(category, canonical);
        mapper
            .number(conn, category, canonical, &lookup)
            .expect("a number is given")
    }

    #[test]
    fn numbers_stay_consistent_past_the_cache() {
        let names: Vec<String> = (0..10).map(|i| format!("nama {i}")).collect();
        // The cache (4) fills and is emptied twice while the ten names are numbered:
        // from then on the table answers for the names it no longer holds.
        let (conn, mut first) = mapper(4);
        let given: Vec<i64> = names
            .iter()
            .map(|n| number(&conn, &mut first, Category::Person, n))
            .collect();
        assert_eq!(given, (1..=10).collect::<Vec<_>>());
        for (name, &n) in names.iter().zip(&given).rev() {
            assert_eq!(number(&conn, &mut first, Category::Person, name), n, "{name}");
        }
        assert_eq!(
            number(&conn, &mut first, Category::Place, "bandung"),
            1,
            "numbers are per category"
        );
        assert_eq!(first.created(), 11);

        // A later command whose cache the table does not fit (11 rows, room for 4)
        // asks the table, and numbers a new name after the last one.
        let mut later = Mapper::new(
            StudyKeys {
                lookups: first.keys.lookups.clone(),
                matcher: Zeroizing::new([7; 16]),
                recipient: first.keys.recipient.clone(),
            },
            "vault-id",
            "RA1",
        );
        later.cache_capacity = 4;
        assert_eq!(number(&conn, &mut later, Category::Person, "nama 3"), 4);
        assert_eq!(number(&conn, &mut later, Category::Person, "nama baru"), 11);
        assert_eq!(later.created(), 1);
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM pseudonyms", [], |r| r.get(0))
            .expect("rows are counted");
        assert_eq!(rows, 12);
    }

    #[test]
    fn tags_read_like_category_and_number() {
        assert_eq!(tag(Category::Person, 3), "[PERSON_3]");
        for number in [0, 7, 10, 99, 100, 65_536, i64::MAX, -12, i64::MIN] {
            // Every label: the tag is written into a fixed buffer.
            for category in Category::ALL {
                assert_eq!(tag(category, number), format!("[{}_{number}]", category.label()));
            }
        }
    }
}
