//! The kecamatan (districts) of Indonesia that the lexicon's places lack, about 5,600
//! (`data/lexicon/districts-id.txt`): a participant's district places her among a few
//! tens of thousands of people. Kept out of the lexicon's table: as its entries they
//! doubled the table past the second-level cache and made every command's start half
//! as long again (performance.md, nineteenth session). Only a capitalised word is
//! asked, by the hash the engine already has, and a bit set turns nearly all away.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use super::known::{BitSet, Passthrough};
use super::lexicon::{entries, is_capitalised, is_sentence_initial, next_word, word_hash, words_canonical};
use super::place::after_place_preposition;
use super::{Category, Span};

const DISTRICTS: &str = include_str!("../../data/lexicon/districts-id.txt");

/// Places whose name is also a common word: found only after a word of place.
const ALSO_WORDS: &str = include_str!("../../data/lexicon/places-also-words-id.txt");

/// The most words a district's name has ("Buay Pematang Ribu Ranau Tengah").
const MAX_WORDS: usize = 5;

/// The bits of a first word's hash that `Districts::first_words` holds.
const FIRST_WORD_BITS: u64 = 0xFFFF;

struct Districts {
    /// The `word_hash` of every name, lower case and single-spaced.
    names: HashSet<u64, BuildHasherDefault<Passthrough>>,
    /// The `word_hash` of places whose name is a common word too (`ALSO_WORDS`).
    also_words: HashSet<u64, BuildHasherDefault<Passthrough>>,
    /// The low bits of the `word_hash` of every name's first word, of both lists.
    first_words: BitSet,
}

static DISTRICT_NAMES: LazyLock<Districts> = LazyLock::new(|| {
    let mut names = HashSet::default();
    let mut first_words = BitSet::new(1 << 16);
    for name in entries(DISTRICTS) {
        names.insert(word_hash(name.as_bytes()));
        let first = name.split(' ').next().unwrap_or(name);
        first_words.insert((word_hash(first.as_bytes()) & FIRST_WORD_BITS) as usize);
    }
    let mut also_words = HashSet::default();
    for name in entries(ALSO_WORDS) {
        let hash = word_hash(name.as_bytes());
        also_words.insert(hash);
        first_words.insert((hash & FIRST_WORD_BITS) as usize);
    }
    Districts {
        names,
        also_words,
        first_words,
    }
});

/// The district named from the capitalised word `start..end` (ASCII, whose `word_hash`
/// is `hash`) over up to four more capitalised words, one space apart: the longest
/// name the list holds ("Banda Sakti", "Kluet Utara", "Natar"). A name of one word
/// that opens a sentence is none: many are words too ("Sawo", "Kubu"); one that is a
/// common word too only after a word of place ("ke Tahunan") or after an address, a
/// venue or an organisation (`previous`, the engine's last find) and a comma, as a
/// form gives the town ("Blok G No. 21, Sumber").
pub(crate) fn district_at(text: &str, start: usize, end: usize, hash: u64, previous: Option<&Span>) -> Option<Span> {
    if !DISTRICT_NAMES.first_words.contains((hash & FIRST_WORD_BITS) as usize) {
        return None;
    }
    district_from(text, start, end, hash, previous)
}

/// Whether the word at `start` follows a word of place, or `previous` and a comma.
fn place_follows(text: &str, start: usize, previous: Option<&Span>) -> bool {
    after_place_preposition(text, start, &["asal", "asli", "sekitar", "wilayah", "kawasan"])
        || previous.is_some_and(|p| {
            matches!(p.category, Category::Address | Category::Venue | Category::Organisation)
                && text.get(p.end..start) == Some(", ")
        })
}

/// `district_at` past its bit set. Out of line: few words come here, and inlined into
/// the engine's pass it cost every word (performance.md, nineteenth session).
#[inline(never)]
fn district_from(text: &str, start: usize, end: usize, hash: u64, previous: Option<&Span>) -> Option<Span> {
    let districts = &*DISTRICT_NAMES;
    let b = text.as_bytes();
    let mut found = (districts.names.contains(&hash)
        || (districts.also_words.contains(&hash) && place_follows(text, start, previous)))
    .then_some(end);
    let mut e = end;
    for _ in 1..MAX_WORDS {
        match next_word(text, e, 1) {
            Some((s, next_end)) if s == e + 1 && is_capitalised(text, s) => e = next_end,
            _ => break,
        }
        if b[start..e].is_ascii() && districts.names.contains(&word_hash(&b[start..e])) {
            found = Some(e);
        }
    }
    let end = found.filter(|&e| e > end || !is_sentence_initial(text, start))?;
    Some(Span {
        start,
        end,
        category: Category::Place,
        canonical: words_canonical(&text[start..end]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn district(text: &str) -> Option<&str> {
        let start = text.find(|c: char| c.is_ascii_uppercase())?;
        let end = start
            + text[start..]
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(text.len() - start);
        district_at(text, start, end, word_hash(&text.as_bytes()[start..end]), None).map(|s| &text[s.start..s.end])
    }

    #[test]
    fn the_longest_district_from_a_capitalised_word() {
        assert_eq!(district("pindah ke Banda Sakti ikut kawan"), Some("Banda Sakti"));
        assert_eq!(district("tinggal di Natar, dekat bandara"), Some("Natar"));
        assert_eq!(district("orang Kluet Utara semua"), Some("Kluet Utara"));
        // The common name of a district split by the compass.
        assert_eq!(district("nyanda tulis Langowan. Orang"), Some("Langowan"));
        // Not in lower case, nor a one-word name that opens a sentence.
        assert_eq!(district("tinggal di natar dulu"), None);
        assert_eq!(district("Natar itu jauh"), None);
        assert_eq!(district("ke Jakarta dulu"), None);
    }

    #[test]
    fn a_place_that_is_also_a_word_only_after_a_word_of_place() {
        assert_eq!(district("siang ke Tahunan - sentra mebel"), Some("Tahunan"));
        assert_eq!(district("sopir truk dari Perdagangan dan"), Some("Perdagangan"));
        assert_eq!(district("jadwal ke Sabu. Beta"), Some("Sabu"));
        assert_eq!(district("asal Raya, Simalungun"), Some("Raya"));
        assert_eq!(district("wilayah Taman dan Kartoharjo"), Some("Taman"));
        assert_eq!(district("pabrik kopi di Panjang. Sortir"), Some("Panjang"));
        // Elsewhere the word.
        assert_eq!(district("beli Tempe goreng"), None);
        assert_eq!(district("Sumber dana dari"), None);
        assert_eq!(district("pesta Sabu semalam"), None);
    }

    #[test]
    fn the_list_is_lower_case_and_single_spaced() {
        for name in entries(DISTRICTS).chain(entries(ALSO_WORDS)) {
            assert!(
                name == name.to_lowercase() && name.split(' ').all(|w| !w.is_empty()),
                "{name:?}"
            );
            assert!(name.split(' ').count() <= MAX_WORDS, "{name:?}");
        }
        // Sorted, each once: a name added by hand goes where a reader looks for it.
        let names: Vec<&str> = entries(DISTRICTS).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }
}
