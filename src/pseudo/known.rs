//! Registered identifiers (a participant's real name, nickname, phone) and per-study
//! deny-list entries, held only as keyed 64-bit hashes so that whoever holds the
//! table cannot list the originals; and the allow-list of words the heuristic
//! detectors must leave alone.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use siphasher::sip::SipHasher13;

use super::Category;
use super::lexicon::word_end;
use super::normalize::Normalized;
use super::phone::{canonical_phone, loose_canonical_phone};

/// The keyed hash of one registered identifier. `tokens` is the number of word tokens
/// hashed (1 to 255), or 0 for a phone number, which is hashed by its canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub hash: u64,
    pub tokens: u8,
}

/// The low bits of a multi-token fingerprint are those of its first token's hash: the
/// engine then computes a window's full hash only where the first token could start an
/// entry. (It tells that two entries share a first word, nothing about the word.)
const TAG_BITS: u64 = 0xFFFF;

/// The hashes are already uniform: a map keyed by them needs no second hash.
#[derive(Default)]
pub(crate) struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of small numbers, one bit each: asking it costs one load, before any map
/// lookup or hash (the engine asks one for nearly every token).
pub(crate) struct BitSet(Vec<u64>);

impl BitSet {
    /// Room for the numbers below `len`.
    pub fn new(len: usize) -> Self {
        BitSet(vec![0; len.div_ceil(64)])
    }
    pub fn insert(&mut self, n: usize) {
        self.0[n >> 6] |= 1 << (n & 63);
    }
    pub fn contains(&self, n: usize) -> bool {
        self.0.get(n >> 6).is_some_and(|w| w & (1 << (n & 63)) != 0)
    }
}

/// The 16-bit tag of a hash: what the tag sets below hold.
fn tag_of(hash: u64) -> usize {
    (hash & TAG_BITS) as usize
}

/// Registered identifiers and deny-list entries, as keyed hashes.
pub struct Known {
    sip: SipHasher13,
    entries: HashMap<u64, (u8, Category), BuildHasherDefault<Passthrough>>,
    /// Tags of one-token entries.
    singles: BitSet,
    /// Tags of the first tokens of multi-token entries.
    starts: BitSet,
    max_tokens: u8,
    phones: bool,
}

impl Known {
    /// An empty set keyed by the caller's 128-bit key (SipHash-1-3).
    pub fn new(key: [u8; 16]) -> Self {
        Known {
            sip: SipHasher13::new_with_key(&key),
            entries: HashMap::default(),
            singles: BitSet::new(1 << 16),
            starts: BitSet::new(1 << 16),
            max_tokens: 0,
            phones: false,
        }
    }

    /// The fingerprint of `original`: its canonical form if it is a phone number, else its
    /// normalised, lower-cased word tokens. `None` if it has no word token (or more than 255).
    pub fn fingerprint(&self, original: &str) -> Option<Fingerprint> {
        let norm = Normalized::new(original);
        if let Some(phone) = canonical_phone(&norm.text).or_else(|| loose_canonical_phone(&norm.text)) {
            return Some(Fingerprint {
                hash: self.sip.hash(phone.as_bytes()),
                tokens: 0,
            });
        }
        let words = lower_words(&norm.text);
        self.sequence_fingerprint(&words)
    }

    /// The fingerprints `insert` stores for `original`: its own, and for a person's
    /// multi-word name also each word of three or more letters (over-redaction is safe,
    /// a missed "Santoso" on its own is not). The vault keeps them all.
    pub fn fingerprints(&self, original: &str, category: Category) -> Vec<Fingerprint> {
        let Some(whole) = self.fingerprint(original) else {
            return Vec::new();
        };
        let mut all = vec![whole];
        if category == Category::Person && whole.tokens > 1 {
            let norm = Normalized::new(original);
            for word in lower_words(&norm.text) {
                if word.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    all.extend(self.sequence_fingerprint(std::slice::from_ref(&word)));
                }
            }
        }
        all
    }

    fn sequence_fingerprint(&self, words: &[String]) -> Option<Fingerprint> {
        let tokens = u8::try_from(words.len()).ok().filter(|&n| n > 0)?;
        let first = self.token_hash(words[0].as_bytes());
        if tokens == 1 {
            return Some(Fingerprint { hash: first, tokens });
        }
        let joined = words.join(" ");
        Some(Fingerprint {
            hash: self.window_hash(joined.as_bytes(), first),
            tokens,
        })
    }

    /// Adds a fingerprint (from `fingerprint`, or as the vault stored it).
    pub fn insert_fingerprint(&mut self, fp: Fingerprint, category: Category) {
        match fp.tokens {
            0 => self.phones = true,
            1 => self.singles.insert(tag_of(fp.hash)),
            _ => self.starts.insert(tag_of(fp.hash)),
        }
        self.max_tokens = self.max_tokens.max(fp.tokens);
        self.entries.insert(fp.hash, (fp.tokens, category));
    }

    /// Fingerprints `original` and adds it (see [`Known::fingerprints`]).
    pub fn insert(&mut self, original: &str, category: Category) {
        for fp in self.fingerprints(original, category) {
            self.insert_fingerprint(fp, category);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn has_phones(&self) -> bool {
        self.phones
    }

    pub(crate) fn max_tokens(&self) -> usize {
        usize::from(self.max_tokens)
    }

    /// The hash of one lower-cased token.
    pub(crate) fn token_hash(&self, lower: &[u8]) -> u64 {
        self.sip.hash(lower)
    }

    /// The hash of a window of two or more tokens, given its joined lower-cased text and
    /// its first token's hash.
    pub(crate) fn window_hash(&self, joined: &[u8], first: u64) -> u64 {
        (self.sip.hash(joined) & !TAG_BITS) | (first & TAG_BITS)
    }

    /// A hasher to be fed a window's joined text piece by piece (`window_hash_of`), so
    /// that growing windows are not hashed again from their start.
    pub(crate) fn window_hasher(&self) -> SipHasher13 {
        self.sip
    }

    /// `window_hash` of the text written so far into `hasher`.
    pub(crate) fn window_hash_of(&self, hasher: &SipHasher13, first: u64) -> u64 {
        (hasher.finish() & !TAG_BITS) | (first & TAG_BITS)
    }

    /// The category of a one-token entry with this hash.
    pub(crate) fn single(&self, hash: u64) -> Option<Category> {
        if !self.singles.contains(tag_of(hash)) {
            return None;
        }
        self.lookup(hash, 1)
    }

    /// Whether a token with this hash may start a multi-token entry.
    pub(crate) fn may_start(&self, hash: u64) -> bool {
        self.max_tokens > 1 && self.starts.contains(tag_of(hash))
    }

    pub(crate) fn lookup(&self, hash: u64, tokens: u8) -> Option<Category> {
        self.entries.get(&hash).filter(|(t, _)| *t == tokens).map(|&(_, c)| c)
    }

    /// Whether the phone "+62" + `national` is registered (hashed from the stack: digit
    /// runs are checked often).
    pub(crate) fn phone_national(&self, national: &[u8]) -> bool {
        let mut buf = [0u8; 24];
        let Some(digits) = buf.get_mut(3..3 + national.len()) else {
            return false;
        };
        digits.copy_from_slice(national);
        buf[..3].copy_from_slice(b"+62");
        self.phones && self.lookup(self.sip.hash(&buf[..3 + national.len()]), 0).is_some()
    }
}

/// The lower-cased word tokens (runs of letters and digits) of a normalised text.
fn lower_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let end = word_end(text, i);
        if end > i {
            words.push(text[i..end].to_lowercase());
            i = end;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    words
}

/// Words that the lexical and heuristic detectors (names, places, venues, handles,
/// suspicious tokens) leave alone, e.g. a study's own vocabulary. Phones, e-mails,
/// ID numbers and links are detected whatever it says.
#[derive(Clone, Debug, Default)]
pub struct AllowList {
    words: HashSet<String>,
}

impl AllowList {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut set = HashSet::new();
        for w in words {
            let norm = Normalized::new(w);
            // Both "bunga_cantik" (a handle) and "bunga cantik" (its words).
            set.insert(norm.text.trim().trim_start_matches('@').to_lowercase());
            set.insert(lower_words(&norm.text).join(" "));
        }
        set.remove("");
        AllowList { words: set }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the lower-cased, single-spaced `canonical` is allowed.
    pub(crate) fn contains(&self, canonical: &str) -> bool {
        !self.words.is_empty() && self.words.contains(canonical.trim_start_matches('@'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 16] = *b"0123456789abcdef";

    #[test]
    fn phone_fingerprints_ignore_spelling() {
        let k = Known::new(KEY);
        let a = k.fingerprint("0812-3456-7890");
        assert_eq!(a, k.fingerprint("+62 812 3456 7890"));
        assert_eq!(a.map(|f| f.tokens), Some(0));
    }

    #[test]
    fn names_are_case_and_space_insensitive() {
        let k = Known::new(KEY);
        let a = k.fingerprint("Budi  Santoso");
        assert_eq!(a, k.fingerprint("budi santoso"));
        assert_eq!(a.map(|f| f.tokens), Some(2));
        assert_ne!(a, k.fingerprint("budi"));
        assert_eq!(k.fingerprint("  ,, "), None);
    }

    #[test]
    fn keys_matter() {
        let a = Known::new(KEY).fingerprint("budi");
        let b = Known::new([7; 16]).fingerprint("budi");
        assert_ne!(a, b);
    }

    #[test]
    fn person_words_are_inserted_on_their_own() {
        let k = Known::new(KEY);
        let fps = k.fingerprints("Budi Al Santoso", Category::Person);
        assert_eq!(fps.len(), 3, "whole name, budi, santoso (al is too short)");
        assert_eq!(k.fingerprints("Hotel Melati", Category::Venue).len(), 1);
    }

    #[test]
    fn multi_token_hash_carries_first_token_tag() {
        let mut k = Known::new(KEY);
        k.insert("Budi Santoso", Category::Person);
        let first = k.token_hash(b"budi");
        assert!(k.may_start(first));
        let h = k.window_hash(b"budi santoso", first);
        assert_eq!(k.lookup(h, 2), Some(Category::Person));
        let mut pieces = k.window_hasher();
        pieces.write(b"budi");
        pieces.write(b" santoso");
        assert_eq!(k.window_hash_of(&pieces, first), h);
    }

    #[test]
    fn allow_list_normalises() {
        let a = AllowList::new(["Melati", " Bunga  Desa "]);
        assert!(a.contains("melati"));
        assert!(a.contains("bunga desa"));
        assert!(a.contains("@melati"));
        assert!(!a.contains("budi"));
    }
}
