//! Points on the map written as coordinates: a pair of decimal degrees pasted from a
//! map app ("-7.250445, 112.768845"), degrees, minutes and seconds from a GPS or a
//! field form ("7°15'01.6\"S 112°46'07.8\"E", "7,2504° LS 112,7688° BT"), one value
//! after its cue ("lat -7.250445"), and Plus Codes ("6PH57VP3+PR", "7VP3+PR"). A pair
//! of coordinates points at a house within a few metres: it tells where a participant
//! lives or works more exactly than any address. Found as places, with the point
//! rounded to four decimals (about 11 m) as the canonical form, so that the same point
//! written twice, or at another precision, or in degrees and minutes, has one tag.

use compact_str::{CompactString, format_compact};

use super::lexicon::{is_word_char_at, word_ending_at};
use super::{Category, Span};

/// Digits of a decimal degree without a degree sign or a hemisphere: four or more,
/// which no thousands separator has ("1.500, 2.000" is a price).
const MIN_BARE_DECIMALS: usize = 4;

/// The most characters between the two values of a pair: ", ", " / ", "; ".
const MAX_PAIR_GAP: usize = 3;

/// Words that say a lone value is a coordinate ("lat: -7.250445", "bujur 112.7688").
const CUES: &[&str] = &[
    "lat",
    "lng",
    "lon",
    "long",
    "latitude",
    "longitude",
    "lintang",
    "bujur",
    "koordinat",
    "gps",
];

/// Which axis a hemisphere letter or an Indonesian abbreviation gives a value, and its
/// sign: "LS" (lintang selatan) is south, "BT" (bujur timur) east.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Axis {
    Latitude,
    Longitude,
}

/// One value read: degrees (signed), where it ends, its axis if a hemisphere gave
/// one, and whether a degree sign or a hemisphere marked it as a coordinate.
#[derive(Clone, Copy, Debug)]
struct Value {
    degrees: f64,
    end: usize,
    axis: Option<Axis>,
    marked: bool,
}

/// Whether the token ending at `end` may begin a point: a decimal point or comma and
/// a digit, a degree sign, or a Plus Code's '+' follows it. The engine asks it of
/// every number.
#[inline]
pub(crate) fn may_begin_point(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        Some(b'.' | b',') => b.get(end + 1).is_some_and(u8::is_ascii_digit),
        // '°' is C2 B0.
        Some(0xC2) => b.get(end + 1) == Some(&0xB0),
        Some(b'+') => true,
        _ => false,
    }
}

/// The coordinates whose first digits start at `start`, with the sign before them: a
/// pair, or one value after a cue. Out of line, as few numbers come here.
#[inline(never)]
pub(crate) fn coordinates_at(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    // A sign, unless it is a dash after a word or a number ("0812-7.25").
    let signed =
        start > 0 && matches!(b[start - 1], b'-' | b'+') && !(start > 1 && b[start - 2].is_ascii_alphanumeric());
    let from = if signed { start - 1 } else { start };
    let first = value(text, from)?;
    let pair = second_value(text, first.end).and_then(|second| point(first, second).map(|p| (p, second.end)));
    let (canonical, end) = match pair {
        Some(pair) => pair,
        // A value alone, only after its cue or with its hemisphere: "lat -7.250445",
        // "7.2504° LS"; not a measure ("36.55°").
        None if after_cue(text, from) || first.axis.is_some() => {
            // `value` holds every value within 180°; a latitude is within 90°.
            if first.axis == Some(Axis::Latitude) && first.degrees.abs() > 90.0 {
                return None;
            }
            (format_compact!("{:.4}", first.degrees), first.end)
        }
        None => return None,
    };
    Some(Span {
        start: from,
        end,
        category: Category::Place,
        canonical,
    })
}

/// The second value of a pair, after at most `MAX_PAIR_GAP` spaces and marks.
fn second_value(text: &str, end: usize) -> Option<Value> {
    let b = text.as_bytes();
    let mut i = end;
    while i < b.len() && i - end < MAX_PAIR_GAP && matches!(b[i], b' ' | b',' | b';' | b'/' | b'\t') {
        i += 1;
    }
    // The two values stand apart, or the second's sign follows the first at once.
    if i == end && !matches!(b.get(i), Some(b'-' | b'+')) {
        return None;
    }
    value(text, i)
}

/// The canonical form of the point two values give: latitude first, each rounded to
/// four decimals. Nothing if they are no latitude and longitude in either order.
fn point(first: Value, second: Value) -> Option<CompactString> {
    // Both bare decimals or both marked: a pair of prices or of measures has neither.
    if first.marked != second.marked {
        return None;
    }
    let (lat, lon) = match (first.axis, second.axis) {
        (Some(Axis::Longitude), _) | (_, Some(Axis::Latitude)) => (second, first),
        (None, None) if first.degrees.abs() > 90.0 => (second, first),
        _ => (first, second),
    };
    let consistent = lat.axis != Some(Axis::Longitude) && lon.axis != Some(Axis::Latitude);
    // Two fractions below one ("0.0123, 0.4567") are statistics: the point would lie
    // in the Gulf of Guinea.
    let near_null_island = lat.degrees.abs() < 1.0 && lon.degrees.abs() < 1.0;
    (consistent && !near_null_island && lat.degrees.abs() <= 90.0 && lon.degrees.abs() <= 180.0)
        .then(|| format_compact!("{:.4},{:.4}", lat.degrees, lon.degrees))
}

/// Whether a cue word stands just before `from` ("lat: ", "bujur = ").
fn after_cue(text: &str, from: usize) -> bool {
    let before = text[..from].trim_end_matches([' ', ':', '=']);
    word_ending_at(text, before.len())
        .map(|start| &text[start..before.len()])
        .is_some_and(|word| CUES.iter().any(|cue| cue.eq_ignore_ascii_case(word)))
}

/// One value at `pos`: a sign, whole degrees, then decimals ("7.250445", "7,2504°"),
/// or minutes and seconds ("7°15'01.6\""), then a hemisphere.
fn value(text: &str, pos: usize) -> Option<Value> {
    let b = text.as_bytes();
    let mut i = pos;
    let negative = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (whole, after) = digits(b, i, 3)?;
    i = after;
    let mut degrees = whole;
    match b.get(i) {
        Some(&sep @ (b'.' | b',')) => {
            let (fraction, after) = digits(b, i + 1, 10)?;
            let places = after - (i + 1);
            degrees += fraction / 10f64.powi(i32::try_from(places).ok()?);
            i = after;
            let mut marked = text[i..].starts_with('°');
            if marked {
                i += '°'.len_utf8();
            }
            let (axis, after) = hemisphere(text, i);
            marked |= axis.is_some();
            // A bare value: a point and four decimals. A marked one: a comma too, and
            // two decimals or more.
            let enough = if marked {
                places >= 2
            } else {
                sep == b'.' && places >= MIN_BARE_DECIMALS
            };
            if !enough {
                return None;
            }
            return finish(degrees, negative, axis, after, marked);
        }
        _ if text[i..].starts_with('°') => i += '°'.len_utf8(),
        _ => return None,
    }
    // Minutes, then maybe seconds.
    i = skip_spaces(b, i);
    let (minutes, after) = digits(b, i, 2)?;
    i = after.checked_add(prime_len(text, after, false)?)?;
    degrees += minutes / 60.0;
    let at_seconds = skip_spaces(b, i);
    if let Some((seconds, after)) = decimal(b, at_seconds)
        && let Some(len) = prime_len(text, after, true)
    {
        degrees += seconds / 3600.0;
        i = after + len;
    }
    let (axis, after) = hemisphere(text, i);
    finish(degrees, negative, axis, after.max(i), true)
}

fn finish(degrees: f64, negative: bool, axis: Option<(Axis, bool)>, end: usize, marked: bool) -> Option<Value> {
    let south_or_west = axis.is_some_and(|(_, negative)| negative);
    let degrees = if negative || south_or_west { -degrees } else { degrees };
    (degrees.abs() <= 180.0).then_some(Value {
        degrees,
        end,
        axis: axis.map(|(axis, _)| axis),
        marked,
    })
}

/// The number of ASCII digits at `pos`, at least one and at most `max`, as a number,
/// and where they end.
fn digits(b: &[u8], pos: usize, max: usize) -> Option<(f64, usize)> {
    let n = b[pos.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > max {
        return None;
    }
    let value = b[pos..pos + n].iter().fold(0.0, |v, &d| v * 10.0 + f64::from(d - b'0'));
    Some((value, pos + n))
}

/// Seconds: digits with a decimal point or comma ("01.6", "7,8").
fn decimal(b: &[u8], pos: usize) -> Option<(f64, usize)> {
    let (whole, after) = digits(b, pos, 2)?;
    if matches!(b.get(after), Some(b'.' | b',')) && b.get(after + 1).is_some_and(u8::is_ascii_digit) {
        let (fraction, end) = digits(b, after + 1, 6)?;
        let places = i32::try_from(end - after - 1).ok()?;
        return Some((whole + fraction / 10f64.powi(places), end));
    }
    Some((whole, after))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// The length of the minute sign at `pos` (or with `seconds`, of the second sign):
/// a prime, an apostrophe or a typographic one; for seconds a double prime, a quote
/// mark or two apostrophes.
fn prime_len(text: &str, pos: usize, seconds: bool) -> Option<usize> {
    let rest = &text[pos..];
    let signs: &[&str] = if seconds {
        &["″", "\"", "”", "''", "′′"]
    } else {
        &["′", "'", "’"]
    };
    let sign = signs.iter().find(|s| rest.starts_with(**s))?;
    // A minute sign is no second sign's first half.
    (seconds || !(rest.starts_with("''") || rest.starts_with("′′"))).then_some(sign.len())
}

/// A hemisphere after `pos`, maybe a space apart: "S", "E", Indonesian "U" (utara),
/// or the abbreviations of a coordinate's Indonesian name, "LU", "LS", "BT", "BB",
/// standing alone. The axis, whether it is south or west, and where it ends.
fn hemisphere(text: &str, pos: usize) -> (Option<(Axis, bool)>, usize) {
    let b = text.as_bytes();
    let start = skip_spaces(b, pos);
    let end = start
        + b[start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    if end == start || is_word_char_at(text, end) {
        return (None, pos);
    }
    let axis = match &b[start..end] {
        b"N" | b"U" | b"LU" => (Axis::Latitude, false),
        b"S" | b"LS" => (Axis::Latitude, true),
        b"E" | b"T" | b"BT" => (Axis::Longitude, false),
        b"W" | b"B" | b"BB" => (Axis::Longitude, true),
        _ => return (None, pos),
    };
    (Some(axis), end)
}

/// The characters of a Plus Code (Open Location Code).
fn is_plus_code_char(c: u8) -> bool {
    matches!(
        c,
        b'2'..=b'9' | b'C' | b'F' | b'G' | b'H' | b'J' | b'M' | b'P' | b'Q' | b'R' | b'V' | b'W' | b'X'
    )
}

/// The Plus Code whose first characters `start..end` are followed by its '+': a full
/// code of eight ("6PH57VP3+PR"), or one shortened to six or four ("7VP3+PR"), which
/// a town's name completes; two or three characters after the '+'. A short code holds
/// a digit and a letter before the '+', as codes nearly always do and words never.
#[inline(never)]
pub(crate) fn plus_code_at(text: &str, start: usize, end: usize) -> Option<Span> {
    let b = text.as_bytes();
    let head = &b[start..end];
    if b.get(end) != Some(&b'+') || !matches!(head.len(), 4 | 6 | 8) || !head.iter().all(|&c| is_plus_code_char(c)) {
        return None;
    }
    if head.len() < 8 && !(head.iter().any(u8::is_ascii_digit) && head.iter().any(u8::is_ascii_uppercase)) {
        return None;
    }
    let tail = b[end + 1..].iter().take_while(|&&c| is_plus_code_char(c)).count();
    let code_end = end + 1 + tail;
    if !(2..=3).contains(&tail) || is_word_char_at(text, code_end) {
        return None;
    }
    Some(Span {
        start,
        end: code_end,
        category: Category::Place,
        canonical: CompactString::from(&text[start..code_end]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The coordinates found where the first digit of `text` is, as (text, canonical).
    fn found(text: &str) -> Option<(String, String)> {
        let start = text.find(|c: char| c.is_ascii_digit())?;
        coordinates_at(text, start).map(|s| (text[s.start..s.end].to_owned(), s.canonical.into()))
    }

    #[test]
    fn pairs_of_decimal_degrees_are_a_point() {
        for (text, span, canonical) in [
            (
                "aku di -7.250445, 112.768845 ya",
                "-7.250445, 112.768845",
                "-7.2504,112.7688",
            ),
            ("-6.914744,107.609810", "-6.914744,107.609810", "-6.9147,107.6098"),
            ("titik 3.5952 98.6722 (Medan)", "3.5952 98.6722", "3.5952,98.6722"),
            // Longitude first, as GeoJSON writes it: the same point.
            ("[112.768845, -7.250445]", "112.768845, -7.250445", "-7.2504,112.7688"),
            ("lokasi -7.2504 / 112.7688", "-7.2504 / 112.7688", "-7.2504,112.7688"),
        ] {
            assert_eq!(found(text), Some((span.to_owned(), canonical.to_owned())), "{text}");
        }
    }

    #[test]
    fn degrees_minutes_and_seconds_and_hemispheres_are_the_same_point() {
        for (text, span, canonical) in [
            (
                "koordinat 7°15'01.6\"S 112°46'07.8\"E dekat pasar",
                "7°15'01.6\"S 112°46'07.8\"E",
                "-7.2504,112.7688",
            ),
            (
                "7°15′01.6″ S, 112°46′07.8″ E",
                "7°15′01.6″ S, 112°46′07.8″ E",
                "-7.2504,112.7688",
            ),
            (
                "posisi 7,2504° LS 112,7688° BT.",
                "7,2504° LS 112,7688° BT",
                "-7.2504,112.7688",
            ),
            (
                "0.5071° LU, 101.4478° BT",
                "0.5071° LU, 101.4478° BT",
                "0.5071,101.4478",
            ),
            ("7°15' S 112°46' E", "7°15' S 112°46' E", "-7.2500,112.7667"),
        ] {
            assert_eq!(found(text), Some((span.to_owned(), canonical.to_owned())), "{text}");
        }
    }

    #[test]
    fn a_lone_value_is_a_coordinate_only_after_its_cue_or_with_its_hemisphere() {
        assert_eq!(
            found("lat: -7.250445\nlong: 112.768845"),
            Some(("-7.250445".to_owned(), "-7.2504".to_owned()))
        );
        assert_eq!(
            found("Bujur 112.768845"),
            Some(("112.768845".to_owned(), "112.7688".to_owned()))
        );
        assert_eq!(
            found("sekitar 7.2504° LS"),
            Some(("7.2504° LS".to_owned(), "-7.2504".to_owned()))
        );
        assert_eq!(found("berat 52.5000 kg"), None);
    }

    #[test]
    fn prices_times_dates_and_measures_are_no_point() {
        for text in [
            "Rp 1.500, 2.000 dan 3.500",
            "jam 21.30, 22.15",
            "12.03.2024, 13.03.2024",
            "skor 3.25, 4.5",
            "p = 0.0123, 0.4567",
            "200.1234, 300.5678",
            "tinggi 160.5, berat 52.25",
            "IPK 3.4567 semester 2",
            "0812.3456.7890",
            "BB 52 TB 160",
            "ukuran 36.5°C",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Whatever surrounds a number, reading coordinates there neither panics nor
        /// gives a span outside the text or off a char's boundary.
        #[test]
        fn any_text_reads_safely(text in "[-+0-9.,°'\"′″’” NSEWLUBTCFGHJMPQRVWX\n]{0,48}") {
            for (i, c) in text.char_indices() {
                let found = if c.is_ascii_digit() {
                    coordinates_at(&text, i)
                } else {
                    let end = i + text[i..].find('+').unwrap_or(0);
                    plus_code_at(&text, i, end)
                };
                if let Some(span) = found {
                    proptest::prop_assert!(span.start < span.end && span.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }
    }

    #[test]
    fn plus_codes() {
        let code = |text: &str| {
            let start =
                text.find(|c: char| c.is_ascii_alphanumeric() && c.is_ascii_uppercase() || c.is_ascii_digit())?;
            let end = start + text[start..].find('+')?;
            plus_code_at(text, start, end).map(|s| text[s.start..s.end].to_owned())
        };
        assert_eq!(code("plus code 6PH57VP3+PR ya").as_deref(), Some("6PH57VP3+PR"));
        assert_eq!(code("7VP3+PR Surabaya").as_deref(), Some("7VP3+PR"));
        assert_eq!(code("maps: 6PH57VP3+PRX").as_deref(), Some("6PH57VP3+PRX"));
        for text in [
            "C2C+XX",
            "HPPP+MM",
            "WXYZ+AB",
            "2024+25 orang",
            "7VP3+PRAMUKA",
            "7VP3+P",
            "CCCC+XX",
            "2345+67",
        ] {
            assert_eq!(code(text), None, "{text}");
        }
    }
}
