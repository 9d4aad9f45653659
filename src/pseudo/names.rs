//! Person names: a word from the given-names lexicon, or any name-like word after an
//! honorific ("Mas Budi", "om hendra", "Cik Mei Ling"), extended over the capitalised
//! surnames that follow.

use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, BANK, COMMON, DECOY, HONORIFIC, LEXICON, NAME, PLACE, VENUE, is_capitalised,
    is_function_word, is_sentence_initial, next_word, words_canonical,
};
use super::{Category, Span};

const CUES: u16 = HONORIFIC | ADDRESS | ADDRESS_NUMBER | VENUE | BANK;

fn flags(text: &str, start: usize, end: usize) -> u16 {
    LEXICON.exact(text, start, end)
}

/// Whether the word `start..end` has a letter first and no other kind of character
/// than letters, digits, an apostrophe or hyphen would bring, and is no amount.
fn is_name_shaped(text: &str, start: usize, end: usize) -> bool {
    let w = &text[start..end];
    w.chars().next().is_some_and(char::is_alphabetic)
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !is_amount(text, start, end)
}

/// Whether the word `start..end` is a decoy glued to a number: a currency and its
/// amount ("kak Rp450.000" is a price, not Kak Rp450), a month and its year.
fn is_amount(text: &str, start: usize, end: usize) -> bool {
    let w = &text.as_bytes()[start..end];
    let letters = w.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    w.get(letters).is_some_and(u8::is_ascii_digit) && flags(text, start, start + letters) & DECOY != 0
}

/// A capitalised word that may be (part of) a name after a cue or a given name.
fn capitalised_name_word(text: &str, start: usize, end: usize) -> bool {
    if !is_capitalised(text, start) || !is_name_shaped(text, start, end) || is_function_word(&text[start..end]) {
        return false;
    }
    let f = flags(text, start, end);
    // A given name that is also a cue or a common word ("Mega", "Permata", "Indah") is a name here.
    f & NAME != 0 || f & (DECOY | CUES | COMMON) == 0
}

/// A lower-case word after an honorific in a chat written in lower case: a known name,
/// or a word of three or more letters that is not a common word.
fn lowercase_name_word(text: &str, start: usize, end: usize) -> bool {
    let w = &text[start..end];
    if !w.chars().all(char::is_alphabetic) || !w.chars().any(|c| "aiueoy".contains(c)) {
        return false;
    }
    let f = flags(text, start, end);
    f & (COMMON | DECOY | CUES | PLACE) == 0 && (f & NAME != 0 || w.chars().count() >= 3)
}

/// Extends a name ending at `end` over up to two following capitalised surnames.
fn extend_surnames(text: &str, mut end: usize) -> usize {
    for _ in 0..2 {
        match next_word(text, end, 1) {
            Some((s, e)) if s > end && capitalised_name_word(text, s, e) && flags(text, s, e) & PLACE == 0 => end = e,
            _ => break,
        }
    }
    end
}

/// Extends a lower-case name ending at `end` over up to two lower-case surnames
/// ("nisa sinaga", "sumiati sihombing"): words that are no common word.
fn extend_lowercase(text: &str, mut end: usize) -> usize {
    for _ in 0..2 {
        match next_word(text, end, 1) {
            Some((s, e)) if s > end && !is_capitalised(text, s) && lowercase_name_word(text, s, e) => end = e,
            _ => break,
        }
    }
    end
}

/// Extends a capitalised name starting at `start` back over one capitalised first name
/// that is in no lexicon ("Albert Sembiring"), unless that word opens a sentence.
fn extend_first_name(text: &str, start: usize) -> usize {
    let before = &text[..start];
    let Some(gap) = before.strip_suffix(' ') else {
        return start;
    };
    let s = gap.len()
        - gap
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum::<usize>();
    let e = gap.len();
    let unknown = s < e && LEXICON.exact(text, s, e) == 0;
    if unknown && is_capitalised(text, s) && is_name_shaped(text, s, e) && !is_sentence_initial(text, s) {
        s
    } else {
        start
    }
}

pub(crate) fn person(text: &str, start: usize, end: usize) -> Span {
    Span {
        start,
        end,
        category: Category::Person,
        canonical: words_canonical(&text[start..end]),
    }
}

/// The name after an honorific ending at `cue_end`.
pub(crate) fn after_honorific(text: &str, cue_end: usize) -> Option<Span> {
    let mut p = cue_end;
    if text.as_bytes().get(p) == Some(&b'.') {
        p += 1;
    }
    let (s, e) = next_word(text, p, 2).filter(|&(s, _)| s > p || p > cue_end)?;
    if is_capitalised(text, s) && is_name_shaped(text, s, e) {
        // `capitalised_name_word`, asking the lexicon once; and after a cue a given
        // name that is also a month or a function word is a name ("Bu Mei Ling").
        let f = flags(text, s, e);
        if f & NAME != 0 || (f & (DECOY | CUES | COMMON) == 0 && !is_function_word(&text[s..e])) {
            return Some(person(text, s, extend_surnames(text, e)));
        }
    }
    (!is_capitalised(text, s) && lowercase_name_word(text, s, e)).then(|| person(text, s, extend_lowercase(text, e)))
}

/// Where the given name from the lexicon at `start..end` (with the lexicon `flags`)
/// starts and ends, with its first name and surnames. One that is also a common word
/// ("Indah", "Bunga") must be capitalised and not open a sentence, unless a capitalised
/// surname follows. The extent alone: the engine builds the span (see [`person`]) only
/// if no earlier find covers it, as the one after an honorific mostly does.
pub(crate) fn lexicon_name(text: &str, start: usize, end: usize, flags: u16) -> Option<(usize, usize)> {
    if flags & NAME == 0 || flags & DECOY != 0 {
        return None;
    }
    let capitalised = is_capitalised(text, start);
    if flags & (COMMON | PLACE) != 0 {
        if !capitalised {
            return None;
        }
        let extended = extend_surnames(text, end);
        if is_sentence_initial(text, start) && extended == end {
            return None;
        }
        return Some((start, extended));
    }
    Some(if capitalised {
        (extend_first_name(text, start), extend_surnames(text, end))
    } else {
        (start, extend_lowercase(text, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(t: &str, cue: &str) -> Option<(String, String)> {
        let end = t.find(cue)? + cue.len();
        after_honorific(t, end).map(|s| (t[s.start..s.end].to_owned(), s.canonical.into()))
    }

    #[test]
    fn honorific_then_name() {
        assert_eq!(
            after("tadi Mas Budi datang", "Mas"),
            Some(("Budi".into(), "budi".into()))
        );
        assert_eq!(
            after("ketemu Om Hendra Wijaya kemarin", "Om"),
            Some(("Hendra Wijaya".into(), "hendra wijaya".into()))
        );
        assert_eq!(
            after("ketemu om hendra kemarin", "om"),
            Some(("hendra".into(), "hendra".into()))
        );
        assert_eq!(
            after("Cik Mei Ling", "Cik").map(|n| n.1),
            Some("mei ling".into()),
            "a name after a cue"
        );
        assert_eq!(
            after("aq Cik sumiati sihombing", "Cik").map(|n| n.1),
            Some("sumiati sihombing".into())
        );
        assert_eq!(after("Cik Ling", "Cik").map(|n| n.1), Some("ling".into()));
        assert_eq!(after("Pak. Darmo", "Pak").map(|n| n.1), Some("darmo".into()));
        assert_eq!(after("kak Tasya", "kak").map(|n| n.1), Some("tasya".into()));
    }

    #[test]
    fn honorific_then_common_word_is_no_name() {
        for (t, cue) in [
            ("mas mau kemana", "mas"),
            ("kak cantik banget", "kak"),
            ("Om Senin datang", "Om"),
            ("Bu RT bilang", "Bu"),
            ("bang udh makan", "bang"),
            ("mbak", "mbak"),
            ("Mas\nBudi", "Mas"),
            ("mas 500rb", "mas"),
            ("udh ku tf ya kak Rp450.000", "kak"),
            ("kak IDR1.500.000", "kak"),
        ] {
            assert_eq!(after(t, cue), None, "{t}");
        }
    }

    fn lex(t: &str, word: &str) -> Option<String> {
        let s = t.find(word)?;
        let e = s + word.len();
        lexicon_name(t, s, e, LEXICON.exact(t, s, e)).map(|(s, e)| t[s..e].to_owned())
    }

    #[test]
    fn lexicon_names() {
        assert_eq!(lex("tadi budi bilang", "budi").as_deref(), Some("budi"));
        assert_eq!(lex("kata Budi Santoso tadi", "Budi").as_deref(), Some("Budi Santoso"));
        assert_eq!(lex("ketemu Indah di pasar", "Indah").as_deref(), Some("Indah"));
        assert_eq!(lex("pemandangannya indah", "indah"), None);
        assert_eq!(lex("Indah sekali.", "Indah"), None);
        assert_eq!(
            lex("Indah Permatasari datang", "Indah").as_deref(),
            Some("Indah Permatasari")
        );
        assert_eq!(lex("bulan Mei", "Mei"), None);
        assert_eq!(lex("atas nama nisa sinaga ya", "nisa").as_deref(), Some("nisa sinaga"));
        assert_eq!(
            lex("boleh kak, Xaverius Sembiring, no KTP", "Sembiring").as_deref(),
            Some("Xaverius Sembiring")
        );
        assert_eq!(
            lex("Kemarin Sembiring datang", "Sembiring").as_deref(),
            Some("Sembiring")
        );
        assert_eq!(lex("tadi budi bilang", "budi").as_deref(), Some("budi"));
    }
}
