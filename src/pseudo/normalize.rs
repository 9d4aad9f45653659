//! Text normalisation before detection: NFKC (full-width digits become ASCII), invisible
//! characters removed, non-breaking spaces made plain. Detectors see the normalised
//! text; the offset map brings their spans back to the caller's original bytes.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Zero-width characters and direction marks: people (and apps) slip them into phone
/// numbers and names, on purpose or not, and they would split a token in two.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Spaces that NFKC leaves alone or that must be plain for the detectors' separators.
fn is_space_like(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}')
}

/// Hyphens and dashes (WhatsApp writes phone numbers with U+2011): the detectors'
/// separator is the ASCII hyphen.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}')
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
        let mut text = String::with_capacity(original.len());
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < b.len() {
            // ASCII is copied in runs; the last character stays behind when a combining
            // mark follows it, to be normalised with it.
            let run_end = b[i..].iter().position(|&c| c >= 0x80).map_or(b.len(), |n| i + n);
            let mark_follows = original[run_end..]
                .chars()
                .next()
                .is_some_and(|c| !is_ignorable(c) && canonical_combining_class(c) != 0);
            let copy_end = if mark_follows && run_end > i {
                run_end - 1
            } else {
                run_end
            };
            if copy_end > i {
                pieces.push(Piece {
                    norm: text.len(),
                    orig: i,
                    orig_end: copy_end,
                    copied: true,
                });
                text.push_str(&original[i..copy_end]);
                i = copy_end;
                continue;
            }
            let Some(c) = original[i..].chars().next() else { break };
            let mut end = i + c.len_utf8();
            if is_ignorable(c) {
                i = end;
                continue;
            }
            let norm = text.len();
            if is_space_like(c) || is_dash(c) {
                text.push(if is_dash(c) { '-' } else { ' ' });
            } else {
                // A starter and the combining marks after it normalise together; the
                // whole cluster maps to every byte it becomes, so spans keep to
                // original char boundaries.
                while let Some(next) = original[end..].chars().next() {
                    if next.is_ascii() || is_ignorable(next) || canonical_combining_class(next) == 0 {
                        break;
                    }
                    end += next.len_utf8();
                }
                let cluster = &original[i..end];
                if end == i + c.len_utf8() && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
                    text.push(c);
                } else {
                    // NFKC also expands lone characters (full-width forms, ligatures).
                    text.extend(cluster.nfkc());
                }
            }
            if text.len() > norm {
                pieces.push(Piece {
                    norm,
                    orig: i,
                    orig_end: end,
                    copied: false,
                });
            }
            i = end;
        }
        Normalized {
            text: Cow::Owned(text),
            pieces,
        }
    }

    /// The original byte range of the normalised range `start..end` (`start < end`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.pieces.is_empty() {
            return (start, end);
        }
        let piece_of = |n: usize| self.pieces[self.pieces.partition_point(|p| p.norm <= n).saturating_sub(1)];
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

/// The fast path: plain ASCII, or text that is already NFKC with nothing to remove.
/// ASCII characters are NFKC starters, so only the runs of other characters need the
/// quick check (chats are ASCII with the odd emoji).
fn needs_no_work(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c >= 0x80) {
        let start = i + off;
        let end = b[start..].iter().position(u8::is_ascii).map_or(b.len(), |n| start + n);
        let run = &text[start..end];
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
    fn already_normal_unicode_is_borrowed() {
        let n = Normalized::new("halo 😘 sayang");
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }
}
