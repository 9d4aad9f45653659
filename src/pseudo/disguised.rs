//! Mobile numbers typed to get past a filter. MiChat and some WhatsApp groups hide
//! numbers, so they are written in pieces the phone reader does not join: split by
//! emoji, bullets or slashes ("0819 💋 2233 💋 4455", "0812/7788/9900"), one digit at a
//! time ("0 8 1 2 …"), spelled out in Indonesian, Javanese or English ("kosong lapan
//! satu dua …", "nol wolu pitu …", "zero eight one …"), mixed ("08 lima tujuh 1122"),
//! or with letters for digits ("o8l3"). Read as digits, they are the same number, so
//! they get the same canonical form and the same tag as the number written plainly.

use super::lexicon::word_end;
use super::phone::{Cut, canonical_phone, cut_after};
use super::{Category, Span};

/// The most digits read: a mobile has at most 13, with its country code 14.
const MAX_DIGITS: usize = 14;

/// Characters allowed between two pieces: "0819 💋 2233", "satu dua, tiga".
const MAX_GAP_CHARS: usize = 4;

/// Digits spelled out, in Indonesian (with chat spellings), Javanese, Sundanese,
/// Madurese, Minang, Acehnese, Balinese, Batak, Banjar, Bugis, Kei, Manggarai, Kambera
/// (Sumba), Gorontalo, eastern Malay or English ("oh" for zero). Sundanese "salapan" is 9 and
/// Minang "salapan" 8: see `MINANG_EIGHT`. Short words ("ca", "ru", "tel", "ha") count
/// only inside a number that a zero (or the country code's six) began.
const SPELLED: &[(&str, u8)] = &[
    ("nol", 0),
    // Sundanese.
    ("enol", 0),
    ("kosong", 0),
    // Chat spellings without their vowels: "ksong lpn lma tjuh, tga dua dua".
    ("ksong", 0),
    ("ksng", 0),
    ("zero", 0),
    ("sifar", 0),
    ("oh", 0),
    ("satu", 1),
    ("tuwawu", 1),
    ("siji", 1),
    ("hiji", 1),
    ("ciek", 1),
    ("sa", 1),
    ("sada", 1),
    ("settong", 1),
    ("asa", 1),
    ("seddi", 1),
    ("ca", 1),
    ("ha", 1),
    ("one", 1),
    ("dua", 2),
    // Riau and Malaysian Malay: "due", "tige", "lime".
    ("due", 2),
    ("duluwo", 2),
    ("duo", 2),
    ("dhuwa", 2),
    ("duwa", 2),
    ("ru", 2),
    ("sua", 2),
    ("loro", 2),
    ("two", 2),
    ("tiga", 3),
    ("tga", 3),
    ("tige", 3),
    ("totolu", 3),
    ("telu", 3),
    ("tilu", 3),
    ("tigo", 3),
    ("lhee", 3),
    ("tolu", 3),
    ("tello", 3),
    ("talu", 3),
    ("tellu", 3),
    ("tel", 3),
    ("three", 3),
    ("empat", 4),
    ("empt", 4),
    ("opato", 4),
    ("papat", 4),
    ("opat", 4),
    ("ampek", 4),
    ("peuet", 4),
    ("empa", 4),
    ("ampa", 4),
    ("ampat", 4),
    ("eppa", 4),
    ("fak", 4),
    ("pat", 4),
    ("four", 4),
    ("lima", 5),
    ("lma", 5),
    ("lime", 5),
    ("limo", 5),
    ("limong", 5),
    ("lema", 5),
    ("lim", 5),
    ("five", 5),
    ("enam", 6),
    ("enm", 6),
    ("wolomo", 6),
    ("enem", 6),
    ("nem", 6),
    ("nam", 6),
    ("genep", 6),
    ("anam", 6),
    ("onom", 6),
    ("ennem", 6),
    ("enneng", 6),
    ("nean", 6),
    ("six", 6),
    ("tujuh", 7),
    ("tjh", 7),
    ("tjuh", 7),
    ("pitu", 7),
    ("tujuah", 7),
    ("tujoh", 7),
    ("tuju", 7),
    ("petto", 7),
    ("fit", 7),
    ("seven", 7),
    ("delapan", 8),
    // Chat spellings: "dlapan", "smbilan".
    ("dlapan", 8),
    ("lapan", 8),
    ("dlpn", 8),
    ("lpn", 8),
    ("wolu", 8),
    ("dalapan", 8),
    ("dalapang", 8),
    ("kutus", 8),
    ("ualu", 8),
    ("ballu", 8),
    ("walu", 8),
    ("arua", 8),
    ("wau", 8),
    ("alo", 8),
    ("eight", 8),
    ("sembilan", 9),
    ("smbilan", 9),
    ("smbln", 9),
    ("sblan", 9),
    ("tiyo", 9),
    ("songo", 9),
    ("sanga", 9),
    ("salapan", 9),
    ("sambilan", 9),
    ("sambilang", 9),
    ("sikureueng", 9),
    ("sia", 9),
    ("asera", 9),
    ("siw", 9),
    ("ciok", 9),
    ("hiwa", 9),
    ("nine", 9),
];

/// Minang "salapan" is 8 where Sundanese has 9. A mobile's second digit is an 8, so a
/// number spelled "kosong salapan …" is Minang, and its "salapan" are eights.
const MINANG_EIGHT: &str = "salapan";

/// Numbers of two digits spelled as one word, in Indonesian or Javanese: a pair of
/// digits read aloud ("… rolas, telu telu").
const SPELLED_PAIRS: &[(&str, &[u8])] = &[
    ("sepuluh", &[1, 0]),
    ("sebelas", &[1, 1]),
    ("sewelas", &[1, 1]),
    ("rolas", &[1, 2]),
];

/// The digit a word spells.
fn spelled_digit(word: &str) -> Option<u8> {
    SPELLED
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, d)| d)
}

/// Whether `word` may begin a disguised number: a zero spelled out, or digits with
/// spelled digits or the letters that stand for them ("o8l3", "nol8one3").
// Always inlined: `nothing_starts_at` asks it of nearly every word, and out of line
// the call cost more than the check.
#[inline(always)]
pub(crate) fn may_begin_disguised(word: &[u8]) -> bool {
    // Every word comes here: its first letter turns nearly all away.
    match word.first().map(|c| c | 0x20) {
        Some(b'n' | b'z' | b'k' | b's') => {
            [&b"nol"[..], b"zero", b"kosong", b"ksong", b"ksng", b"sifar"]
                .iter()
                .any(|zero| zero.eq_ignore_ascii_case(word))
                || (word.iter().any(u8::is_ascii_digit) && glued_begins_with_zero(word))
                // A six may begin the country code: "six two eight one …".
                || word.eq_ignore_ascii_case(b"six")
        }
        // "enam dua delapan satu …": the country code spelled; Sundanese "enol" (zero).
        Some(b'e') => word.eq_ignore_ascii_case(b"enam") || word.eq_ignore_ascii_case(b"enol"),
        // A lone "O" may be a zero written apart ("O 8 l 3 - …"), and English "oh" is
        // one read aloud ("oh eight one three").
        Some(b'o') => {
            word.len() == 1
                || word.eq_ignore_ascii_case(b"oh")
                || (word.iter().any(u8::is_ascii_digit) && glued_begins_with_zero(word))
        }
        _ => false,
    }
}

/// Whether `word` reads as glued digits (`glued_digits`) from a zero. Out of line: the
/// few words with a digit come here, and inlined at every word its reading made the
/// engine's pass too large to inline (performance.md, seventeenth session).
#[inline(never)]
fn glued_begins_with_zero(word: &[u8]) -> bool {
    glued_digits(word).first() == Some(&0)
}

/// The digits of a word that glues digits to spelled digits or to letters that stand
/// for them: "o8l3" (o for 0, l or I for 1; Z, E, A, S, G, T and B for the digits
/// they look like, "4S6", "33BB"), "3four", "nol8one3", "o8two1". Empty
/// unless the whole word reads so and holds an ASCII digit: a word of letters alone
/// is a spelled digit (`spelled_digit`) or no number. Out of line, as
/// `glued_begins_with_zero`.
#[inline(never)]
fn glued_digits(word: &[u8]) -> Vec<u8> {
    let mut digits = Vec::new();
    if !word.iter().any(u8::is_ascii_digit) {
        return digits;
    }
    let mut rest = word;
    while let Some(&c) = rest.first() {
        let spelled = SPELLED
            .iter()
            .filter(|(w, _)| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
            .max_by_key(|(w, _)| w.len());
        let (digit, taken) = match (c, spelled) {
            (b'0'..=b'9', _) => (c - b'0', 1),
            (_, Some(&(w, d))) => (d, w.len()),
            (b'o' | b'O', None) => (0, 1),
            (b'l' | b'I', None) => (1, 1),
            // Letters that look like digits, in a word that holds a digit too: "4S6",
            // "33BB", "77Z3".
            (b'Z' | b'z', None) => (2, 1),
            (b'E', None) => (3, 1),
            (b'A', None) => (4, 1),
            (b'S' | b's', None) => (5, 1),
            (b'G', None) => (6, 1),
            (b'T', None) => (7, 1),
            (b'B', None) => (8, 1),
            _ => return Vec::new(),
        };
        digits.push(digit);
        rest = &rest[taken..];
    }
    digits
}

/// The digits of a word that glues spelled digits of three letters or more together
/// with nothing between ("tigaenam", "limalima"): empty unless the whole word reads
/// so. Asked only inside a number begun, where no other word reads so.
fn spelled_run(word: &str) -> Vec<u8> {
    let mut digits = Vec::new();
    // Two words of three letters at least: most words that end a number are shorter,
    // or hold a mark, and are turned away before the list is read.
    if word.len() < 6 || !word.bytes().all(|c| c.is_ascii_alphabetic()) {
        return digits;
    }
    let mut rest = word;
    while !rest.is_empty() {
        let Some(&(w, d)) = SPELLED
            .iter()
            .filter(|(w, _)| {
                w.len() >= 3
                    && rest
                        .as_bytes()
                        .get(..w.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(w.as_bytes()))
            })
            .max_by_key(|(w, _)| w.len())
        else {
            return Vec::new();
        };
        digits.push(d);
        // ASCII bytes matched: a char boundary.
        rest = &rest[w.len()..];
    }
    digits
}

/// The mobile number disguised at `start` (a digit '0' or a word that may begin one),
/// read over pieces on one line: digit runs, spelled digits and "o8l3" tokens, apart by
/// at most a few characters that are no letters or digits. Nothing when the pieces do
/// not spell an Indonesian mobile ("08…" or "628…"), or when the first piece is a
/// date's or a clock's ("08/11/22", "08.30").
pub(crate) fn disguised_phone(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    let mut digits = [0u8; MAX_DIGITS];
    let mut count = 0;
    let mut pieces = 0;
    // Whether a piece was spelled or glued: then the number is a disguise beyond doubt,
    // may go on over a line break and may be cut short ("nol delapan lima dua, empat
    // empat satu delapan …").
    let mut spelled = false;
    let mut end = start;
    let mut pos = start;
    // The digits and the end before the last line break read over: a piece on the next
    // line that makes the number too long belongs to another.
    let mut before_line: Option<(usize, usize)> = None;
    let mut minang = false;
    loop {
        let mut word_stop = word_end(text, pos);
        if word_stop == pos {
            break;
        }
        let word = &text[pos..word_stop];
        let before = count;
        let mut push = |d: u8| {
            if count < MAX_DIGITS {
                digits[count] = b'0' + d;
            }
            count += 1;
        };
        if word.bytes().all(|c| c.is_ascii_digit()) {
            word.bytes().for_each(|c| push(c - b'0'));
        } else if let Some(d) = spelled_digit(word) {
            let minang_eight = word.eq_ignore_ascii_case(MINANG_EIGHT);
            minang |= minang_eight && before == 1;
            push(if minang_eight && minang { 8 } else { d });
            spelled = true;
            // "dua puluh tujuh" (27), "tiga puluh" (30): two digits.
            if let Some((unit, after)) = tens_after(text, word_stop).filter(|_| d >= 2) {
                push(unit);
                word_stop = after;
            }
        } else if let Some((times, d, after)) = repeated_digit(text, word, word_stop) {
            (0..times).for_each(|_| push(d));
            spelled = true;
            word_stop = after;
        } else if let Some(&(_, pair)) = SPELLED_PAIRS
            .iter()
            .find(|(w, _)| pieces > 0 && w.eq_ignore_ascii_case(word))
        {
            pair.iter().for_each(|&d| push(d));
            spelled = true;
        } else if let glued @ [_, ..] = glued_digits(word.as_bytes()).as_slice() {
            glued.iter().for_each(|&d| push(d));
            spelled = true;
        } else if pieces > 0
            && let run @ [_, _, ..] = spelled_run(word).as_slice()
        {
            run.iter().for_each(|&d| push(d));
            spelled = true;
        } else if let Some(d) = letter_digit(word).filter(|_| {
            if pieces == 0 {
                word.eq_ignore_ascii_case("o")
            } else {
                is_plain_gap(&text[end..pos])
            }
        }) {
            // A letter for a digit written apart: "O 8 l 3 - 3 7 O 1"; only a zero
            // may begin one ("I 8 …" is English), and only a space or a dash comes
            // before one ("7788 (O = nol" ends the number).
            push(d);
            spelled = true;
        } else {
            break;
        }
        if count > MAX_DIGITS {
            match before_line {
                Some((kept, kept_end)) => {
                    (count, end) = (kept, kept_end);
                    break;
                }
                // A whole mobile before the piece: the piece is another number (the
                // same written in digits after it: "nol alo ca telu, … nol alo" = 0813 …").
                None if before >= 10 => {
                    count = before;
                    break;
                }
                None => return None,
            }
        }
        if pieces == 0 && before == 0 && count == 2 && is_date_or_clock_after(b, word_stop) {
            return None;
        }
        pieces += 1;
        end = word_stop;
        // Over a line only from four digits on, or three that begin a mobile
        // ("kosong delapan tiga⏎satu, …"): "kosong" alone is also "empty", and the
        // next line of a chat starts with its date. Plain digits only onto a line of
        // digits and marks ("wa 0853⏎4012⏎7790", "085⏎2 4 🌺 11⏎…").
        let over_a_line = if spelled {
            (4..13).contains(&count) || (count == 3 && digits.starts_with(b"08"))
        } else {
            (2..10).contains(&count) && digits.starts_with(b"08") && next_line_holds_only_digits(text, word_stop)
        };
        match skip_gap(text, word_stop, over_a_line) {
            Some(next) => {
                if text[word_stop..next].contains('\n') {
                    before_line = Some((count, end));
                }
                pos = next;
            }
            None => break,
        }
    }
    let digits = std::str::from_utf8(&digits[..count.min(MAX_DIGITS)]).ok()?;
    let mobile = digits.starts_with("08") || digits.starts_with("628");
    let national = digits.trim_start_matches('0');
    let canonical = match (count, cut_after(b, end)) {
        _ if pieces < 2 || !mobile => return None,
        (10..=MAX_DIGITS, _) => canonical_phone(digits)?,
        // Cut short before an ellipsis after the operator's prefix and more ("nol
        // delapan lima tujuh, tiga nol…"): the ellipsis is part of it, and the key is
        // the one the digits written plainly have ("0857 30…", `partial_mobile`).
        (5..=9, Some((cut_end, Cut::Ellipsis))) => {
            end = cut_end;
            format!("+62{national}…").into()
        }
        // A disguised number cut short is still most of someone's number: its own tag,
        // keyed as the digits given.
        (8..=9, _) if spelled => format!("+62{national}").into(),
        _ => return None,
    };
    Some(Span {
        start,
        end,
        category: Category::Phone,
        canonical,
    })
}

/// "double eight", "triple nol": how many times the digit after `word` (ending at
/// `end`) is said, the digit, and where it ends.
fn repeated_digit(text: &str, word: &str, end: usize) -> Option<(usize, u8, usize)> {
    let said = |words: [&str; 2]| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    let times = if said(["double", "dobel"]) {
        2
    } else if said(["triple", "tripel"]) {
        3
    } else {
        return None;
    };
    let after = &text[end..];
    let digit_start = end + after.len() - after.strip_prefix(' ')?.len();
    let digit_end = word_end(text, digit_start);
    let digit = &text[digit_start..digit_end];
    let d = match digit.as_bytes() {
        [d @ b'0'..=b'9'] => d - b'0',
        _ => spelled_digit(digit)?,
    };
    Some((times, d, digit_end))
}

/// The unit digit of a number said in tens, if "puluh" follows the digit ending at
/// `end` ("dua puluh tujuh" is 2, then 7; "tiga puluh" 3, then 0), and where it ends.
fn tens_after(text: &str, end: usize) -> Option<(u8, usize)> {
    let puluh_start = end + 1;
    let puluh_end = word_end(text, puluh_start);
    if text.as_bytes().get(end) != Some(&b' ') || !text[puluh_start..puluh_end].eq_ignore_ascii_case("puluh") {
        return None;
    }
    let unit_end = word_end(text, puluh_end + 1);
    let unit = (text.as_bytes().get(puluh_end) == Some(&b' '))
        .then(|| spelled_digit(&text[puluh_end + 1..unit_end]))
        .flatten()
        .filter(|&u| u > 0);
    Some(match unit {
        Some(u) => (u, unit_end),
        None => (0, puluh_end),
    })
}

/// Whether the gap between two pieces holds only spaces and dashes.
fn is_plain_gap(gap: &str) -> bool {
    gap.bytes().all(|c| c == b' ' || c == b'-')
}

/// The digit a letter written alone stands for: "O" or "o" for 0, "l" or "I" for 1.
fn letter_digit(word: &str) -> Option<u8> {
    match word {
        "O" | "o" => Some(0),
        "l" | "I" => Some(1),
        _ => None,
    }
}

/// Whether the line after `from` (where only marks may be left on this one: "0 8 2 3
/// -⏎4 9 1 2 -⏎…") holds digits and the marks or emoji between them ("2 4 🌺 11"),
/// and no letter, nor the '/' or ':' of a date, a clock or a chat's next line.
fn next_line_holds_only_digits(text: &str, from: usize) -> bool {
    let rest = &text[from..];
    let Some(break_at) = rest.find('\n') else {
        return false;
    };
    let line = rest[break_at + 1..].split('\n').next().unwrap_or_default();
    !rest[..break_at].contains(char::is_alphanumeric)
        && line.bytes().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || !(c.is_alphanumeric() || c == '/' || c == ':'))
}

/// "08/11/22", "08.30", "08:30": a day or an hour, then a mark and another number.
fn is_date_or_clock_after(b: &[u8], end: usize) -> bool {
    b.get(end).is_some_and(|&c| matches!(c, b'/' | b'.' | b':' | b'-'))
        && b.get(end + 1).is_some_and(u8::is_ascii_digit)
}

/// Where the next piece starts after `from`: past spaces, punctuation and emoji, at
/// most `MAX_GAP_CHARS` of them, on the same line unless `over_a_line` (then past one
/// line break and the indent after it). `None` at a line's end.
fn skip_gap(text: &str, from: usize, over_a_line: bool) -> Option<usize> {
    let mut gap = 0;
    let mut line_broken = false;
    for (i, c) in text[from..].char_indices() {
        if c.is_alphanumeric() {
            // A stop before a capital ends the sentence, and the number: "… rolas,
            // telu telu. Rolas iku siji loro".
            let sentence_ended = c.is_uppercase() && text[from..from + i].trim_end().ends_with('.');
            return (!sentence_ended).then_some(from + i);
        }
        if c == '\n' {
            if !over_a_line || line_broken {
                return None;
            }
            line_broken = true;
            gap = 0;
            continue;
        }
        gap += 1;
        // The indent of a wrapped line may be long ("serius chat wa 08l2 sembilan9⏎
        //                 40 33 7 1 5").
        if gap > MAX_GAP_CHARS && !(line_broken && c == ' ' && gap <= 24) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(text: &str) -> Option<(String, String)> {
        let start = text.find(|c: char| c.is_alphanumeric())?;
        disguised_phone(text, start).map(|s| (text[s.start..s.end].to_owned(), s.canonical.into()))
    }

    #[test]
    fn disguises_read_as_the_plain_number() {
        for (text, found) in [
            ("0819 💋 2233 💋 4455", "0819 💋 2233 💋 4455"),
            ("0813•8877•6655 no tlp", "0813•8877•6655"),
            ("0812/7788/9900 yg lama", "0812/7788/9900"),
            ("0 8 5 6 - 7 7 8 8 - 9 9 0 0", "0 8 5 6 - 7 7 8 8 - 9 9 0 0"),
            (
                "kosong lapan satu dua, tiga tiga tujuh, empat empat dua, satu satu",
                "kosong lapan satu dua, tiga tiga tujuh, empat empat dua, satu satu",
            ),
            (
                "nol wolu pitu wolu, telu telu nol nol, siji siji loro loro ya",
                "nol wolu pitu wolu, telu telu nol nol, siji siji loro loro",
            ),
            (
                "zero eight one two, nine nine eight, seven seven six, five",
                "zero eight one two, nine nine eight, seven seven six, five",
            ),
            (
                "08 lima tujuh 1122 tiga empat lima enam 😂 biar gk kena",
                "08 lima tujuh 1122 tiga empat lima enam",
            ),
            ("o8l3 2244 6688 jgn disebar", "o8l3 2244 6688"),
            // Spelled digits glued to digits.
            ("0812 3four 56 78 90 ya", "0812 3four 56 78 90"),
            ("nol8one3 - 4477 - 2190 (tulis)", "nol8one3 - 4477 - 2190"),
            ("o8two1 5577 four4 02 😉", "o8two1 5577 four4 02"),
            // Over a line break after a spelled piece, and cut short after one.
            (
                "08l2 sembilan9\n                40 33 7 1 5\n(nomor dipecah)",
                "08l2 sembilan9\n                40 33 7 1 5",
            ),
            (
                "nol delapan lima dua, empat empat satu delapan...\" supaya",
                "nol delapan lima dua, empat empat satu delapan...",
            ),
            // Over more lines, to the thirteen digits a mobile may have.
            (
                "kosong lapan lima dua\ntiga tujuh kosong\nsatu satu dua\nlapan empat\n(hanya wa)",
                "kosong lapan lima dua\ntiga tujuh kosong\nsatu satu dua\nlapan empat",
            ),
            // Plain groups, each on a line of its own.
            ("0853\n4012\n7790\ntele: @cahaya", "0853\n4012\n7790"),
            // Letters for digits, written apart; a note after the number is no part of it.
            ("O 8 l 3 - 3 7 O 1 - 4 4 2 O · mc: x", "O 8 l 3 - 3 7 O 1 - 4 4 2 O"),
            ("O8l3 2O45 7788 (O = nol, l = siji ya)", "O8l3 2O45 7788"),
            // Javanese "sanga" (9) and a pair of digits said as one number.
            (
                "nol wolu limo pitu, loro sanga siji siji, papat papat nol wolu 🙏",
                "nol wolu limo pitu, loro sanga siji siji, papat papat nol wolu",
            ),
            (
                "kosong wolu limo pitu, siji papat, songo songo, rolas, telu telu. Rolas iku siji loro",
                "kosong wolu limo pitu, siji papat, songo songo, rolas, telu telu",
            ),
            // The mobile prefix alone on its line.
            ("08\n77\n2301\n5566\nbaru jalan", "08\n77\n2301\n5566"),
            // Sundanese, Minang, Acehnese and Javanese "nem" (6), groups apart by commas.
            (
                "\"kosong dalapan hiji tilu, dua dua opat salapan, tujuh genep lima hiji\".",
                "kosong dalapan hiji tilu, dua dua opat salapan, tujuh genep lima hiji",
            ),
            (
                "kosong salapan duo duo, ampek anam tigo ciek, limo sambilan tujuah salapan\". Sistem",
                "kosong salapan duo duo, ampek anam tigo ciek, limo sambilan tujuah salapan",
            ),
            (
                "sifar lapan dua dua, nam lhee sa sa,\npeuet tujoh lapan limong\". Orang",
                "sifar lapan dua dua, nam lhee sa sa,\npeuet tujoh lapan limong",
            ),
            (
                "nol wolu lima pitu, telu siji nem loro, wolu wolu songo papat\nsing lawas",
                "nol wolu lima pitu, telu siji nem loro, wolu wolu songo papat",
            ),
            // Madurese, eastern Malay, and English "double".
            (
                "nol ballu' petto' petto', tello' lema' settong dhuwa', sanga' ennem nol ennem\npas",
                "nol ballu' petto' petto', tello' lema' settong dhuwa', sanga' ennem nol ennem",
            ),
            (
                "kosong dalapan dua satu ampa tiga tuju sambilan lima kosong dua satu\nMomen",
                "kosong dalapan dua satu ampa tiga tuju sambilan lima kosong dua satu",
            ),
            (
                "zero eight one two, five five six, seven zero four, double eight\njangan",
                "zero eight one two, five five six, seven zero four, double eight",
            ),
            // Banjar, Bugis, Kei, Manggarai, English "oh"; the number written in
            // digits after it is another piece.
            (
                "nol walu lima talu, ampat pitu satu satu, anam sanga walu nol\nBlokir",
                "nol walu lima talu, ampat pitu satu satu, anam sanga walu nol",
            ),
            (
                "nol arua seddi dua, eppa dua tellu nol, pitu pitu arua enneng (tulis",
                "nol arua seddi dua, eppa dua tellu nol, pitu pitu arua enneng",
            ),
            (
                "\"kosong wau sa tel, lim ru nean fit, siw kosong sa wau\", yaitu",
                "kosong wau sa tel, lim ru nean fit, siw kosong sa wau",
            ),
            (
                "\"nol alo ca telu, pat pitu sua lima, enem ciok nol alo\" = 0813 4725 6908",
                "nol alo ca telu, pat pitu sua lima, enem ciok nol alo",
            ),
            (
                "oh eight one three, five two three four, nine nine oh one jarene",
                "oh eight one three, five two three four, nine nine oh one",
            ),
            // Kambera (Sumba), the country code spelled, and numbers said in tens.
            (
                "kosong walu ha tilu, pitu hiwa dua, lima lima kosong, ha walu. Dia",
                "kosong walu ha tilu, pitu hiwa dua, lima lima kosong, ha walu",
            ),
            (
                "enam dua delapan satu tiga, empat empat satu satu, nol nol sembilan dua ya",
                "enam dua delapan satu tiga, empat empat satu satu, nol nol sembilan dua",
            ),
            (
                "nol delapan dua dua, empat delapan, sebelas, dua puluh tujuh, enam enam. Dia",
                "nol delapan dua dua, empat delapan, sebelas, dua puluh tujuh, enam enam",
            ),
            // Plain digits over lines with marks and emoji between them.
            ("085\n2 4 🌺 11\n07 🌺 9963\nMomen", "085\n2 4 🌺 11\n07 🌺 9963"),
            ("0 8 2 3 -\n4 9 1 2 -\n6 6 0 8\nMomen", "0 8 2 3 -\n4 9 1 2 -\n6 6 0 8"),
            // A line broken after the mobile prefix's three digits.
            (
                "kosong delapan tiga\nsatu, enam empat tujuh\ndua, nol nol delapan lima (putus-putus)",
                "kosong delapan tiga\nsatu, enam empat tujuh\ndua, nol nol delapan lima",
            ),
            // Chat spellings of eight and nine.
            (
                "kosong dlapan dua tiga, empat satu, enam enam, nol smbilan, satu dua\" bagitu",
                "kosong dlapan dua tiga, empat satu, enam enam, nol smbilan, satu dua",
            ),
            // Cut short before an ellipsis after the operator's prefix and more, as
            // "0857 30…" is in digits; the ellipsis is part of it.
            (
                "\"nol delapan lima tujuh, tiga nol...\" begitu",
                "nol delapan lima tujuh, tiga nol...",
            ),
            (
                "Kosong delapan satu satu, tujuh dua… gitu",
                "Kosong delapan satu satu, tujuh dua…",
            ),
            ("0 8 1 1 - 5 4 . . . lengkapnya chat", "0 8 1 1 - 5 4 . . ."),
            // Letters that look like digits, in groups.
            ("08l3 4S6 7 O 2 9 1 (hurufnya diganti)", "08l3 4S6 7 O 2 9 1"),
            ("0857 4O12 33BB, huruf O karo B", "0857 4O12 33BB"),
            ("08l2 4O5l 77Z3 = 0812 4051 7723", "08l2 4O5l 77Z3"),
        ] {
            assert_eq!(phone(text).map(|p| p.0), Some(found.to_owned()), "{text}");
        }
        // The same number in any disguise has the plain number's canonical form;
        // "salapan" is 9 in Sundanese and 8 in Minang, whose numbers open "kosong
        // salapan".
        for (disguised, plain) in [
            ("0812/3456/7890", "0812-3456-7890"),
            (
                "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan nol",
                "081234567890",
            ),
            (
                "kosong dalapan hiji tilu dua dua opat salapan tujuh genep lima hiji",
                "081322497651",
            ),
            (
                "kosong salapan duo duo ampek anam tigo ciek limo sambilan tujuah salapan",
                "082246315978",
            ),
        ] {
            assert_eq!(
                phone(disguised).map(|p| p.1),
                canonical_phone(plain).map(String::from),
                "{disguised}"
            );
        }
        // Cut short, under the key that the digits written plainly have (`partial_mobile`).
        for (disguised, canonical) in [
            ("nol delapan lima tujuh, tiga nol... begitu", "+6285730…"),
            ("0 8 1 1 - 5 4 . . . lengkapnya", "+6281154…"),
        ] {
            assert_eq!(phone(disguised).map(|p| p.1), Some(canonical.to_owned()), "{disguised}");
        }
        // Letters that look like digits read as those digits.
        for (disguised, plain) in [
            ("08l3 4S6 7 O 2 9 1", "081345670291"),
            ("08l2 4O5l 77Z3", "081240517723"),
            // Chat spellings without vowels, and spelled digits glued together inside
            // a number begun.
            (
                "ksong lpn lma tjuh, tga dua dua, enm lpn sblan, nol nol",
                "085732268900",
            ),
            ("nol812 tigaenam 77 5501", "081236775501"),
        ] {
            assert_eq!(
                phone(disguised).map(|p| p.1),
                canonical_phone(plain).map(String::from),
                "{disguised}"
            );
        }
    }

    #[test]
    fn dates_times_counts_and_short_runs_are_no_phone() {
        for text in [
            "08/11/22 11.33 - Nia: halo",
            "08.30 aja ya",
            "nol dua tiga",
            "08 09 10",
            "0812 ya kak 3344",
            "nol satu dua tiga empat lima enam tujuh delapan sembilan",
            "0812\n3344 ribu\n5566",
            "o iya 8 kali",
            "ole 123",
            "kosong\n8/1/23, 10:56 AM - Rina: ok",
            "kosong delapan tiga\nhari lagi ya",
            "085\n15/05/24 08.12 - +62 812-3456-7890: 😂",
            "nol8 dan o2 saja",
            "kosong 1 kamar, one4all",
            "oh iya, oh gitu",
            "oh eight pm ya",
            "enam dua ribu",
            "dua puluh tujuh",
            // The operator's prefix alone before an ellipsis: any of its millions.
            "kosong delapan lima satu ... (minta di chat)",
            // Spelled digits glued together begin no number, and a word that only
            // starts with some is none.
            "tigaenam 0812",
            "0812 tigaenamx 77 5501",
            "nol812 tigaénam 77 5501",
            "jam nol delapan... baru bangun",
        ] {
            assert_eq!(phone(text), None, "{text}");
        }
    }
}
