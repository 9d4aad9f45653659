//! Text normalisation before detection: NFKC (full-width digits become ASCII), invisible
//! characters removed, non-breaking spaces made plain. Detectors see the normalised
//! text; the offset map brings their spans back to the caller's original bytes.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Zero-width characters and direction marks: people (and apps) slip them into phone
/// numbers and names, on purpose or not, and they would split a token in two. And the
/// keycap that makes a digit an emoji ("0️⃣8️⃣1️⃣3️⃣", a number typed past a filter): the
/// digit stays (the variation selector before the keycap goes too, see `new`).
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | KEYCAP
    )
}

/// The combining enclosing keycap.
const KEYCAP: char = '\u{20E3}';

/// Spaces that NFKC leaves alone or that must be plain for the detectors' separators.
fn is_space_like(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}')
}

/// Hyphens and dashes (WhatsApp writes phone numbers with U+2011): the detectors'
/// separator is the ASCII hyphen.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}')
}

/// Emoji, pictographs and the variation selectors that follow them: characters that
/// NFKC keeps as they are and that combine with nothing (the test
/// `plain_symbols_are_stable_starters` checks every one against the tables). Chats are
/// full of them, and this spares each the table lookups.
fn is_plain_symbol(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{FE00}'..='\u{FE0F}')
}

/// A stretch of the normalised text and where it came from: either copied as is (byte
/// for byte) or the normalisation of one original cluster.
#[derive(Clone, Copy, Debug)]
struct Piece {
    norm: usize,
    orig: usize,
    orig_end: usize,
    copied: bool,
}

/// A normalised text and the way back to the original's byte offsets.
pub(crate) struct Normalized<'a> {
    pub text: Cow<'a, str>,
    /// Sorted by `norm`; empty when `text` is the original itself.
    pieces: Vec<Piece>,
}

impl<'a> Normalized<'a> {
    pub fn new(original: &'a str) -> Self {
        if needs_no_work(original) {
            return Normalized {
                text: Cow::Borrowed(original),
                pieces: Vec::new(),
            };
        }
        let b = original.as_bytes();
        let mut out = Builder {
            original,
            text: String::with_capacity(original.len()),
            pieces: Vec::new(),
            kept: 0,
        };
        let mut i = 0;
        // Characters that stay as they are (ASCII, and the emoji and accented letters
        // that are NFKC already) are copied in runs, so that only the few that change
        // cost a piece of the offset map.
        while let Some(at) = next_non_ascii(b, i) {
            let Some(c) = original[at..].chars().next() else { break };
            let mut end = at + c.len_utf8();
            if is_plain_symbol(c)
                && original[end..]
                    .chars()
                    .next()
                    .is_none_or(|n| n.is_ascii() || is_plain_symbol(n))
            {
                // Kept as it is, and no mark after it to compose with: what the general
                // case below finds with three table lookups.
            } else if is_ignorable(c) || (c == '\u{FE0F}' && original[end..].starts_with(KEYCAP)) {
                out.change(at, end, |_| {});
            } else if is_space_like(c) || is_dash(c) {
                out.change(at, end, |t| t.push(if is_dash(c) { '-' } else { ' ' }));
            } else {
                // A starter and the combining marks after it normalise together; the
                // whole cluster maps to every byte it becomes, so spans keep to
                // original char boundaries. A mark right after ASCII composes with it.
                let start = if at > i && canonical_combining_class(c) != 0 {
                    at - 1
                } else {
                    at
                };
                while let Some(next) = original[end..].chars().next() {
                    if next.is_ascii() || is_ignorable(next) || canonical_combining_class(next) == 0 {
                        break;
                    }
                    end += next.len_utf8();
                }
                let unchanged =
                    start == at && end == at + c.len_utf8() && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
                if !unchanged {
                    // NFKC also expands lone characters (full-width forms, ligatures).
                    out.change(start, end, |t| t.extend(original[start..end].nfkc()));
                }
            }
            i = end;
        }
        out.keep_until(b.len());
        Normalized {
            text: Cow::Owned(out.text),
            pieces: out.pieces,
        }
    }

    /// The original byte range of the normalised range `start..end` (`start < end`).
    #[cfg(test)]
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        self.original_near(start, end, &mut 0)
    }

    /// `original`, for ranges that come mostly in order (spans, words): `at` keeps
    /// where the offset map was read last, so that the next range is found there or a
    /// step on instead of by a binary search (chats map thousands of spans through
    /// maps of thousands of pieces).
    pub fn original_near(&self, start: usize, end: usize, at: &mut usize) -> (usize, usize) {
        if self.pieces.is_empty() {
            return (start, end);
        }
        let mut piece_of = |n: usize| {
            let p = &self.pieces;
            // The last piece that starts at or before `n`: where the previous range
            // was, or the one after, or else looked for.
            let last_before = |k: usize| {
                p.get(k).is_some_and(|q| q.norm <= n) && p.get(k.saturating_add(1)).is_none_or(|q| q.norm > n)
            };
            if !last_before(*at) {
                let next = at.saturating_add(1);
                *at = if last_before(next) {
                    next
                } else {
                    p.partition_point(|q| q.norm <= n).saturating_sub(1)
                };
            }
            p[*at]
        };
        let first = piece_of(start);
        let orig_start = if first.copied {
            first.orig + (start - first.norm)
        } else {
            first.orig
        };
        let last_byte = end.saturating_sub(1).max(start);
        let last = piece_of(last_byte);
        let orig_end = if last.copied {
            last.orig + (last_byte - last.norm) + 1
        } else {
            last.orig_end
        };
        (orig_start, orig_end.max(orig_start))
    }
}

/// The normalised text as it is built, and its offset map.
struct Builder<'a> {
    original: &'a str,
    text: String,
    pieces: Vec<Piece>,
    /// Where the run of original characters that are kept as they are begins.
    kept: usize,
}

impl Builder<'_> {
    /// Copies the kept run up to `end` (exclusive).
    fn keep_until(&mut self, end: usize) {
        if end > self.kept {
            self.pieces.push(Piece {
                norm: self.text.len(),
                orig: self.kept,
                orig_end: end,
                copied: true,
            });
            self.text.push_str(&self.original[self.kept..end]);
        }
        self.kept = end;
    }

    /// Replaces the original `start..end` by what `write` appends.
    fn change(&mut self, start: usize, end: usize, write: impl FnOnce(&mut String)) {
        self.keep_until(start);
        let norm = self.text.len();
        write(&mut self.text);
        if self.text.len() > norm {
            self.pieces.push(Piece {
                norm,
                orig: start,
                orig_end: end,
                copied: false,
            });
        }
        self.kept = end;
    }
}

/// The first byte at or after `from` that is not ASCII, eight at a time: texts are
/// mostly ASCII, and both passes here look for the rest.
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let high = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) & 0x8080_8080_8080_8080;
        if high != 0 {
            return Some(i + high.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c >= 0x80).map(|n| i + n)
}

/// The fast path: plain ASCII, or text that is already NFKC with nothing to remove.
/// ASCII characters are NFKC starters, so only the runs of other characters need the
/// quick check (chats are ASCII with the odd emoji).
fn needs_no_work(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(start) = next_non_ascii(b, i) {
        let end = b[start..].iter().position(u8::is_ascii).map_or(b.len(), |n| start + n);
        let run = &text[start..end];
        if run.chars().all(is_plain_symbol) {
            i = end;
            continue;
        }
        if run.chars().any(|c| is_ignorable(c) || is_space_like(c) || is_dash(c))
            || is_nfkc_quick(run.chars()) != IsNormalized::Yes
        {
            return false;
        }
        i = end;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_borrowed() {
        let n = Normalized::new("0812-3456-7890");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original(2, 5), (2, 5));
    }

    #[test]
    fn full_width_digits_become_ascii_and_map_back() {
        let s = "hp ０８１２";
        let n = Normalized::new(s);
        assert_eq!(n.text, "hp 0812");
        let (a, b) = n.original(3, 7);
        assert_eq!(&s[a..b], "０８１２");
    }

    #[test]
    fn zero_width_and_direction_marks_are_removed() {
        let s = "08\u{200B}12\u{200E}34\u{FEFF}56";
        let n = Normalized::new(s);
        assert_eq!(n.text, "08123456");
        let (a, b) = n.original(0, 8);
        assert_eq!((a, b), (0, s.len()));
    }

    #[test]
    fn dashes_become_hyphens() {
        assert_eq!(
            Normalized::new("+62 878\u{2011}6149\u{2013}243").text,
            "+62 878-6149-243"
        );
    }

    #[test]
    fn nbsp_becomes_space() {
        let n = Normalized::new("Jl.\u{00A0}Mawar\u{202F}5");
        assert_eq!(n.text, "Jl. Mawar 5");
    }

    #[test]
    fn combining_marks_compose() {
        let s = "Jose\u{0301} di";
        let n = Normalized::new(s);
        assert_eq!(n.text, "José di");
        let (a, b) = n.original(0, "José".len());
        assert_eq!(&s[a..b], "Jose\u{0301}");
    }

    #[test]
    fn quick_check_sees_marks_after_ascii() {
        assert!(!needs_no_work("e\u{0301}"));
        assert!(!needs_no_work("ok \u{FF10}"));
        assert!(needs_no_work("ok 😘 é"));
    }

    #[test]
    fn mapping_in_order_agrees_with_mapping_each() {
        let s = "a\u{202F}b ０８１２\u{200B}x e\u{0301} \u{2011}z 😘 ok\u{00A0}end";
        let n = Normalized::new(s);
        let len = n.text.len();
        let ranges: Vec<(usize, usize)> = (0..len)
            .flat_map(|a| (a + 1..=len).map(move |b| (a, b)))
            .filter(|&(a, b)| n.text.is_char_boundary(a) && n.text.is_char_boundary(b))
            .collect();
        let mut at = 0;
        for &(a, b) in &ranges {
            let each = n.original_near(a, b, &mut 0);
            assert_eq!(n.original_near(a, b, &mut at), each, "{a}..{b}");
            let mut far = usize::MAX;
            assert_eq!(n.original_near(a, b, &mut far), each, "{a}..{b}");
        }
    }

    #[test]
    fn next_non_ascii_finds_the_first() {
        let s = "abcdefghijk😘lmnopqrstuvwxyzé";
        let want: Vec<usize> = s
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(next_non_ascii(s.as_bytes(), 0), Some(want[0]));
        assert_eq!(next_non_ascii(s.as_bytes(), want[0] + 4), Some(want[1]));
        assert_eq!(next_non_ascii(b"abc", 0), None);
        assert_eq!(next_non_ascii(b"abcdefghijklmnop", 3), None);
    }

    #[test]
    fn plain_symbols_are_stable_starters() {
        let ranges = [
            ('\u{1F300}', '\u{1FAFF}'),
            ('\u{2600}', '\u{27BF}'),
            ('\u{FE00}', '\u{FE0F}'),
        ];
        for (from, to) in ranges {
            for c in from..=to {
                assert!(is_plain_symbol(c));
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
                assert!(!is_ignorable(c) && !is_space_like(c) && !is_dash(c));
            }
        }
    }

    #[test]
    fn already_normal_unicode_is_borrowed() {
        let n = Normalized::new("halo 😘 sayang");
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }
}
