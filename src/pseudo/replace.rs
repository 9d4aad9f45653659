//! Replacing detected spans by tags, with offsets in Unicode scalar values (what
//! coded segments and REFI-QDA use) in both the input and the output.

use compact_str::CompactString;

use super::{Category, Span};

/// One replacement: where it was (in the input) and where its tag is (in the output),
/// both in chars, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaced {
    pub start: usize,
    pub end: usize,
    pub out_start: usize,
    pub out_end: usize,
    pub category: Category,
    pub replacement: CompactString,
}

/// The pseudonymised text and what was replaced in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pseudonymised {
    pub text: String,
    pub spans: Vec<Replaced>,
}

/// Replaces each span of `text` by `tag(span)`. Spans must be sorted and
/// non-overlapping byte ranges on char boundaries (as `Engine::detect` returns them);
/// a span that is not — out of bounds, inside a char, overlapping an earlier one — is
/// skipped rather than trusted.
pub fn pseudonymise(text: &str, spans: &[Span], mut tag: impl FnMut(&Span) -> CompactString) -> Pseudonymised {
    // Tags are mostly longer than what they replace ("Sari" becomes "[PERSON_12]"):
    // room for that spares growing the text midway.
    let mut out = String::with_capacity(text.len() + 8 * spans.len());
    let mut replaced = Vec::with_capacity(spans.len());
    pseudonymise_into(&mut out, text, spans, &mut replaced, |_, span| tag(span));
    Pseudonymised {
        text: out,
        spans: replaced,
    }
}

/// [`pseudonymise`], appending the pseudonymised text to `out` (the importer writes a
/// segment after its time and speaker) and the replacements to `replaced` (the
/// importer reuses both for every segment); the output offsets count from where the
/// text starts. `tag` is given each span with its index in `spans`.
pub fn pseudonymise_into(
    out: &mut String,
    text: &str,
    spans: &[Span],
    replaced: &mut Vec<Replaced>,
    mut tag: impl FnMut(usize, &Span) -> CompactString,
) {
    // In ASCII text (most segments) chars are bytes.
    let count = if text.is_ascii() { str::len } else { char_count };
    let mut byte = 0;
    let mut chars_in = 0;
    let mut chars_out = 0;
    for (i, span) in spans.iter().enumerate() {
        let valid = span.start >= byte
            && span.start < span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !valid {
            continue;
        }
        let kept = &text[byte..span.start];
        let kept_chars = count(kept);
        out.push_str(kept);
        chars_in += kept_chars;
        chars_out += kept_chars;
        let original_chars = count(&text[span.start..span.end]);
        let replacement = tag(i, span);
        let replacement_chars = char_count(&replacement);
        out.push_str(&replacement);
        replaced.push(Replaced {
            start: chars_in,
            end: chars_in + original_chars,
            out_start: chars_out,
            out_end: chars_out + replacement_chars,
            category: span.category,
            replacement,
        });
        chars_in += original_chars;
        chars_out += replacement_chars;
        byte = span.end;
    }
    out.push_str(&text[byte..]);
}

/// The number of chars in `s`: its bytes less those that continue a char, counted eight
/// at a time (the standard count goes byte by byte below 32 bytes, and most stretches
/// between two identifiers are short).
fn char_count(s: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A continuation byte is 0b10xx_xxxx: bit 7 set, bit 6 (shifted onto it) clear.
    let continuation = |x: u64| {
        if x & HIGH == 0 {
            0
        } else {
            (x & !(x << 1) & HIGH).count_ones() as usize
        }
    };
    let b = s.as_bytes();
    if b.len() < 8 {
        return b.iter().filter(|&&c| c & 0xC0 != 0x80).count();
    }
    let load = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        n += continuation(load(chunk));
    }
    // The rest: the last eight bytes, less those counted already (the low ones).
    let rest = chunks.remainder().len();
    if rest > 0 {
        n += continuation(load(&b[b.len() - 8..]) >> (8 * (8 - rest)));
    }
    b.len() - n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            category: Category::Person,
            canonical: CompactString::default(),
        }
    }

    #[test]
    fn offsets_are_chars_in_input_and_output() {
        let text = "Hai 😘 Budi, ini Sari";
        let b = text.find("Budi").unwrap_or_default();
        let s = text.find("Sari").unwrap_or_default();
        let p = pseudonymise(text, &[span(b, b + 4), span(s, s + 4)], |_| "[PERSON_1]".into());
        assert_eq!(p.text, "Hai 😘 [PERSON_1], ini [PERSON_1]");
        let r = &p.spans[0];
        assert_eq!((r.start, r.end, r.out_start, r.out_end), (6, 10, 6, 16));
        let r = &p.spans[1];
        assert_eq!((r.start, r.end, r.out_start, r.out_end), (16, 20, 22, 32));
        let out: Vec<char> = p.text.chars().collect();
        assert_eq!(out[r.out_start..r.out_end].iter().collect::<String>(), "[PERSON_1]");
    }

    #[test]
    fn char_count_agrees_with_chars() {
        for s in [
            "",
            "abc",
            "Hai 😘 Budi, ini Sari",
            "é",
            "０８１２ 3456 ７８９０ ½ ﬁ 😘😘",
            "abcdefgh😘ijklmnopé",
        ] {
            assert_eq!(char_count(s), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn bad_spans_are_skipped() {
        let text = "aé b";
        let p = pseudonymise(
            text,
            &[span(2, 3), span(0, 1), span(0, 9), span(4, 5), span(5, 5)],
            |_| "X".into(),
        );
        assert_eq!(p.text, "Xé X");
        assert_eq!(p.spans.len(), 2);
    }
}
