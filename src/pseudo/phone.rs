//! Indonesian phone numbers: digit groups joined by the separators people type
//! ("+62 812-3456-7890", "(021) 555-1234", "0812.3456.789"), validated by the
//! numbering plan (mobile 08xx, landline area codes) and brought to one canonical
//! form "+62" + national digits.

use compact_str::CompactString;

use super::lexicon::{ends_with_word, next_word};
use super::{Category, Span};

/// At most this many groups are read from one run of digits; more is not a phone. A
/// number typed digit by digit to get past a filter ("0811 9 2 8 4 4 7 0 1") has up to
/// thirteen: with fewer, its last digits were left in clear.
const MAX_GROUPS: usize = 14;

/// Digit groups read from a numeric chunk: byte ranges into the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Groups {
    pub ranges: [(usize, usize); MAX_GROUPS],
    pub len: usize,
    /// A '+' immediately before the first group.
    pub plus: bool,
    /// Where the chunk starts ('+' or '(' included).
    pub start: usize,
}

impl Groups {
    pub fn get(&self, i: usize) -> Option<(usize, usize)> {
        self.ranges[..self.len].get(i).copied()
    }

    /// The bytes between group `i - 1` and group `i`.
    pub fn separator<'t>(&self, text: &'t [u8], i: usize) -> &'t [u8] {
        match (self.get(i.wrapping_sub(1)), self.get(i)) {
            (Some((_, prev_end)), Some((start, _))) => &text[prev_end..start],
            _ => &[],
        }
    }

    /// Digits of groups `from..=to`, at most 20 of them (longer is never a phone).
    pub fn digits(&self, text: &[u8], from: usize, to: usize) -> Digits {
        let mut d = Digits::default();
        for &(s, e) in self.groups(from, to) {
            d.extend(&text[s..e]);
        }
        d
    }

    /// How many digits groups `from..=to` hold (`digits(…).len()` without the copy).
    pub fn digit_count(&self, from: usize, to: usize) -> usize {
        let n: usize = self.groups(from, to).iter().map(|(s, e)| e - s).sum();
        if n > DIGITS_MAX { usize::MAX } else { n }
    }

    fn groups(&self, from: usize, to: usize) -> &[(usize, usize)] {
        &self.ranges[from..=to.min(self.len.saturating_sub(1))]
    }
}

/// The most digits a `Digits` holds.
const DIGITS_MAX: usize = 20;

/// A small inline digit buffer: no allocation per candidate.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Digits {
    buf: [u8; DIGITS_MAX],
    len: usize,
    overflow: bool,
}

impl Digits {
    pub fn extend(&mut self, digits: &[u8]) {
        let n = digits.len().min(DIGITS_MAX - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&digits[..n]);
        self.len += n;
        self.overflow |= n < digits.len();
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn as_str(&self) -> &str {
        digits_str(self.as_bytes())
    }

    pub fn len(&self) -> usize {
        if self.overflow { usize::MAX } else { self.len }
    }
}

fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'(' | b')')
}

/// Reads the digit groups of the chunk starting at `start` ('+', '(' or a digit):
/// groups of digits joined by up to three separator bytes (" - ", ") ", ".").
pub(crate) fn groups_at(text: &[u8], start: usize) -> Groups {
    let mut g = Groups {
        ranges: [(0, 0); MAX_GROUPS],
        len: 0,
        plus: false,
        start,
    };
    let mut i = start;
    if text.get(i) == Some(&b'(') {
        i += 1;
    }
    if text.get(i) == Some(&b'+') {
        g.plus = true;
        i += 1;
    }
    loop {
        let s = i;
        while text.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == s {
            break;
        }
        g.ranges[g.len] = (s, i);
        g.len += 1;
        if g.len == MAX_GROUPS {
            break;
        }
        match next_group(text, i)
            .or_else(|| next_line_group(text, i, &g))
            .or_else(|| next_spoken_group(text, i, &g))
        {
            Some(j) => i = j,
            None => break,
        }
    }
    g
}

/// Where a mobile number broken over two lines goes on ("0896-3341-⏎7720", "0813
/// 3102⏎6648"): the next line's first group, if the groups so far are the start of a
/// mobile (0 or 62, then 8; six to nine digits) and the line ends right after them.
/// Read line by line, both halves would be too short to be a number, and both left in
/// clear.
fn next_line_group(text: &[u8], end: usize, g: &Groups) -> Option<usize> {
    // The line break first: every number's end comes here, few at a line's end.
    let mut j = end;
    if matches!(text.get(j), Some(b'-' | b'.' | b' ')) {
        j += 1;
    }
    if text.get(j) == Some(&b'\r') {
        j += 1;
    }
    if text.get(j) != Some(&b'\n') || !text.get(j + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let count = g.digit_count(0, g.len.checked_sub(1)?);
    let digits = g.digits(text, 0, g.len - 1);
    let mobile_start = digits.as_bytes().starts_with(b"08") || digits.as_bytes().starts_with(b"628");
    (mobile_start && (6..10).contains(&count)).then_some(j + 1)
}

/// Words that join the groups of a mobile number read aloud or dictated: "0813 sama
/// 4492 sama 6615", "0812 terus 3344", "0857 strip 3312", Javanese "karo", Sundanese
/// "jeung".
const SPOKEN_JOINERS: &[&[u8]] = &[
    b"sama", b"terus", b"trus", b"trs", b"lalu", b"dan", b"lanjut", b"strip", b"setrip", b"koma", b"karo", b"jeung",
];

/// Where the next group of a mobile number goes on after a word that joins its groups
/// (`SPOKEN_JOINERS`), if the groups so far are the start of a mobile (0 or 62, then
/// 8; four to nine digits): each group alone is too short to be a number, and was
/// left in clear. Not before another mobile's prefix.
fn next_spoken_group(text: &[u8], end: usize, g: &Groups) -> Option<usize> {
    let next = spoken_joiner_after(text, end)?;
    let count = g.digit_count(0, g.len.checked_sub(1)?);
    let digits = g.digits(text, 0, g.len - 1);
    let mobile_start = digits.as_bytes().starts_with(b"08") || digits.as_bytes().starts_with(b"628");
    // "0812 dan 0813": operators' prefixes listed, not one number.
    let prefix_next = text[next..].starts_with(b"08");
    (mobile_start && (4..10).contains(&count) && !prefix_next).then_some(next)
}

/// Where the group after the digit group ending at `end` starts, if a word of
/// `SPOKEN_JOINERS` stands between them.
fn spoken_joiner_after(text: &[u8], end: usize) -> Option<usize> {
    if text.get(end) != Some(&b' ') || !text.get(end + 1).is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    let word = end + 1;
    let word_end = word + text[word..].iter().take_while(|c| c.is_ascii_lowercase()).count();
    (text.get(word_end) == Some(&b' ')
        && text.get(word_end + 1).is_some_and(u8::is_ascii_digit)
        && SPOKEN_JOINERS.contains(&&text[word..word_end]))
    .then_some(word_end + 1)
}

/// Where the next digit group of a number starts if up to three separator bytes join
/// it to the group ending at `end`.
fn next_group(text: &[u8], end: usize) -> Option<usize> {
    let mut j = end;
    while j < end + 3 && text.get(j).copied().is_some_and(is_separator) {
        j += 1;
    }
    (j > end && text.get(j).is_some_and(u8::is_ascii_digit)).then_some(j)
}

/// Whether the digit group `start..end` goes on as a number of several groups (as
/// `groups_at` reads it): joined by separators, or a mobile's first four digits by a
/// word ("0813 sama 4492").
pub(crate) fn joins_next_group(text: &[u8], start: usize, end: usize) -> bool {
    next_group(text, end).is_some()
        || (text[start..end].starts_with(b"08") && end - start == 4 && spoken_joiner_after(text, end).is_some())
}

/// Words that say the four digits after them end someone's number: "ujungnya 4470",
/// "WA ujung 3307", Javanese "ujunge", Sundanese "ujungna", Minang "ujuangnyo".
const TAIL_CUES: &[&str] = &[
    "ujung",
    "ujungnya",
    "ujunge",
    "ujungna",
    "ujungnyo",
    "ujuang",
    "ujuangnyo",
    "buntut",
    "buntutnya",
    "buntute",
    "belakangnya",
    "akhiran",
    "akhirannya",
    "ending",
    "endingnya",
];

/// Words after a number that make it an amount or a count: "ujungnya 1500 ribu".
const UNITS_AFTER: &[&str] = &[
    "ribu", "rb", "rebu", "juta", "jt", "k", "orang", "kali", "km", "m", "meter", "tahun",
];

/// The last four digits of a phone at `start..end`, said alone after a word that says
/// so ("… nomernya beda, ujunge 5521"): few people share them, so they are the
/// number's. Keyed as the digits given, with a mark that they are a number's end.
pub(crate) fn phone_tail(text: &str, start: usize, end: usize) -> Option<Span> {
    if end - start != 4 {
        return None;
    }
    let before = text[..start].strip_suffix(' ')?;
    let cued = TAIL_CUES.iter().any(|cue| ends_with_word(before, cue));
    let unit_after = || {
        next_word(text, end, 1)
            .is_some_and(|(s, e)| s > end && UNITS_AFTER.iter().any(|u| u.eq_ignore_ascii_case(&text[s..e])))
    };
    (cued && !unit_after()).then(|| Span {
        start,
        end,
        category: Category::Phone,
        canonical: format!("…{}", &text[start..end]).into(),
    })
}

/// The national significant number of a phone, if `digits` (with a '+' before them
/// if `plus`) is one. `first_group_len` and `single_group` describe how it was typed:
/// a landline's area code must stand in a group of its own, or the number be unbroken.
fn national(digits: &[u8], plus: bool, first_group_len: usize, single_group: bool) -> Option<&[u8]> {
    let (n, prefixed) = if plus {
        (digits.strip_prefix(b"62")?, true)
    } else if let Some(rest) = digits.strip_prefix(b"0") {
        (rest, true)
    } else if digits.len() >= 10 && digits.starts_with(b"62") {
        (&digits[2..], true)
    } else {
        (digits, false)
    };
    match n.first()? {
        b'8' => {
            let ok_len = if prefixed {
                (9..=12).contains(&n.len())
            } else {
                (10..=12).contains(&n.len())
            };
            (ok_len && n.get(1).is_some_and(|&b| b != b'0')).then_some(n)
        }
        // Landlines need a visible prefix, and either one unbroken run or an area code
        // group of its own: "0274 123456", "(021) 555-1234" — not "09.00-10.00".
        b'2'..=b'7' | b'9' if prefixed => {
            let area_ok = single_group || first_group_len >= 3;
            let len_ok = if single_group {
                (8..=10).contains(&n.len())
            } else {
                (7..=10).contains(&n.len())
            };
            (area_ok && len_ok).then_some(n)
        }
        _ => None,
    }
}

fn canonical(n: &[u8]) -> CompactString {
    let mut s = CompactString::with_capacity(3 + n.len());
    s.push_str("+62");
    s.push_str(digits_str(n));
    s
}

/// ASCII digits as a `str` (in one piece: pushing them char by char showed in the
/// profile).
fn digits_str(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or_default()
}

/// A phone found among the groups: the last group it takes and its canonical form.
pub(crate) struct PhoneMatch {
    pub to: usize,
    pub canonical: CompactString,
}

/// How a number is cut short: "0857 2190…" (the rest left out) or "0812-6630-88xx",
/// "0823-9xxx-xxxx" (its last digits masked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    Ellipsis,
    /// Masked, with how many characters the mask holds ("1x1x" is four).
    Masked(usize),
}

/// The most characters a mask holds: a mobile's last eight digits.
const MAX_MASK: usize = 8;

/// Where an ellipsis, or a mask of 'x' or '*' (with digits among them, in groups like
/// the number's) standing alone after the digits ending at `end`, ends, and which it
/// is.
pub(crate) fn cut_after(text: &[u8], end: usize) -> Option<(usize, Cut)> {
    let rest = &text[end..];
    // The ellipsis may stand a space or a dash apart: "0852 41 99 ...", "0853-4117-....",
    // and its dots too, as a number typed one digit at a time is: "0 8 1 1 - 5 4 . . .".
    let spaced = usize::from(matches!(rest.first(), Some(b' ' | b'-')));
    if rest[spaced..].starts_with("…".as_bytes()) || rest[spaced..].starts_with(b"...") {
        return Some((end + spaced + 3, Cut::Ellipsis));
    }
    if rest[spaced..].starts_with(b". . .") {
        return Some((end + spaced + 5, Cut::Ellipsis));
    }
    let is_mask = |c: u8| matches!(c, b'x' | b'X' | b'*');
    // The mask may be a group of its own: "0821-4530-xxxx".
    let mut i =
        usize::from(matches!(rest.first(), Some(b'-' | b'.' | b' ')) && rest.get(1).copied().is_some_and(is_mask));
    if !rest.get(i).copied().is_some_and(is_mask) {
        return None;
    }
    let masked_or_digit = |c: &u8| is_mask(*c) || c.is_ascii_digit();
    let mut held = 0;
    loop {
        while rest.get(i).is_some_and(masked_or_digit) {
            held += 1;
            i += 1;
        }
        // On over a separator to another group of the mask, or to the digits after it:
        // "-xxxx", "0812-xxxx-3371".
        if !(matches!(rest.get(i), Some(b'-' | b'.' | b' ')) && rest.get(i + 1).is_some_and(masked_or_digit)) {
            break;
        }
        i += 1;
    }
    let alone = !rest.get(i).is_some_and(u8::is_ascii_alphanumeric);
    ((1..=MAX_MASK).contains(&held) && alone).then_some((end + i, Cut::Masked(held)))
}

/// A mobile number cut short (see [`cut_after`]) in groups `g`, up to `end`: "0857
/// 2190…", "+62 857 21**-****", "0823-9xxx-xxxx", "0812-xxxx-3371". Its canonical form
/// is "+62", the digits given, and "…" where digits are not: "+62812…3371".
pub(crate) fn partial_mobile(text: &[u8], g: &Groups, end: usize, cut: Cut) -> Option<Span> {
    let (_, digits_end) = g.get(g.len.checked_sub(1)?)?;
    let d = g.digits(text, 0, g.len - 1);
    let digits = d.as_bytes();
    let national = digits.strip_prefix(b"62").or_else(|| digits.strip_prefix(b"0"))?;
    // A mobile's national number has 9 to 12 digits: all of them there, masked, or
    // (cut short) most of them.
    // Cut short after the operator's prefix and a digit or more, "0857 11…", it
    // still names the operator and the first digits, and nothing else is so written:
    // a clock time cut short ("08.00…") has no group of four.
    let plausible = match cut {
        Cut::Ellipsis => {
            (4..=10).contains(&national.len())
                && (digits.starts_with(b"62") || g.get(0).is_some_and(|(s, e)| e - s >= 4))
        }
        Cut::Masked(held) => national.len() >= 3 && (9..=12).contains(&(national.len() + held)),
    };
    if !(national.starts_with(b"8") && plausible) {
        return None;
    }
    let mut canonical = CompactString::from("+62");
    canonical.push_str(std::str::from_utf8(national).ok()?);
    for &c in &text[digits_end..end] {
        if c.is_ascii_digit() {
            canonical.push(char::from(c));
        } else if matches!(c, b'x' | b'X' | b'*' | b'.' | 0xE2) && !canonical.ends_with('…') {
            // A mask, an ellipsis ("..." or the first byte of "…").
            canonical.push('…');
        }
    }
    Some(Span {
        start: g.start,
        end,
        category: Category::Phone,
        canonical,
    })
}

/// The longest phone starting at group `from`.
pub(crate) fn phone_from(text: &[u8], g: &Groups, from: usize) -> Option<PhoneMatch> {
    let plus = g.plus && from == 0;
    let (fs, fe) = g.get(from)?;
    let first = &text[fs..fe];
    if !(plus || first.starts_with(b"0") || first.starts_with(b"62") || first.starts_with(b"8")) {
        return None;
    }
    if plus && !first.starts_with(b"62") {
        return foreign_from(text, g, from);
    }
    if !plus && first.len() == 3 && first.starts_with(b"01") {
        return malaysian_mobile(text, g, from);
    }
    // After a country code "62" the area code is the next group: "+62 21 5551 2345".
    let area_len = match g.get(from + 1) {
        Some((s, e)) if first == b"62" => e - s + 1,
        _ => fe - fs,
    };
    // The national number is a suffix of the digits: its length is enough until the
    // longest is known.
    let mut best = None;
    let mut d = Digits::default();
    for (to, &(s, e)) in g.ranges[..g.len].iter().enumerate().skip(from) {
        d.extend(&text[s..e]);
        if d.len() > 15 {
            break;
        }
        if let Some(n) = national(d.as_bytes(), plus, area_len, to == from) {
            best = Some((to, d, n.len()));
        }
    }
    let (to, d, national_len) = best?;
    let digits = d.as_bytes();
    Some(PhoneMatch {
        to,
        canonical: canonical(&digits[digits.len() - national_len..]),
    })
}

/// A number with a country code other than Indonesia's ("+60 12-348 7719" of a
/// migrant worker in Malaysia, "+852 6012 3398"): its groups up to the longest run of
/// 9 to 13 digits, the lengths of mobiles and landlines written with their country
/// code in the countries participants work in. Canonical: '+' and every digit, as no
/// trunk prefix is dropped.
fn foreign_from(text: &[u8], g: &Groups, from: usize) -> Option<PhoneMatch> {
    let mut best = None;
    let mut d = Digits::default();
    for (to, &(s, e)) in g.ranges[..g.len].iter().enumerate().skip(from) {
        d.extend(&text[s..e]);
        match d.len() {
            9..=13 => best = Some(to),
            14.. => break,
            _ => {}
        }
    }
    let to = best?;
    let mut canonical = CompactString::with_capacity(14);
    canonical.push('+');
    for &(s, e) in &g.ranges[from..=to] {
        canonical.push_str(digits_str(&text[s..e]));
    }
    Some(PhoneMatch { to, canonical })
}

/// A Malaysian mobile written without its country code, as migrant workers save them:
/// "012 6633 4081", "019-775 3102". No Indonesian number begins "01"; the operator's
/// prefix must stand in a group of its own and the groups be joined by a space or a
/// dash (an unbroken run of ten digits is as often an account). Canonical as the same
/// number with its country code ("+60 12-6633 4081"): '+', "60", and the digits after
/// the trunk "0".
fn malaysian_mobile(text: &[u8], g: &Groups, from: usize) -> Option<PhoneMatch> {
    let mut best = None;
    let mut count = 3;
    for to in from + 1..g.len {
        if !g.separator(text, to).iter().all(|&c| matches!(c, b' ' | b'-')) {
            break;
        }
        let (s, e) = g.get(to)?;
        count += e - s;
        match count {
            10..=11 => best = Some(to),
            12.. => break,
            _ => {}
        }
    }
    let to = best?;
    let mut canonical = CompactString::from("+60");
    let (fs, fe) = g.get(from)?;
    canonical.push_str(digits_str(&text[fs + 1..fe]));
    for &(s, e) in &g.ranges[from + 1..=to] {
        canonical.push_str(digits_str(&text[s..e]));
    }
    Some(PhoneMatch { to, canonical })
}

/// The canonical form of `s` if the whole of it is one phone number (for `Known`).
pub(crate) fn canonical_phone(s: &str) -> Option<CompactString> {
    let t = s.trim();
    let b = t.as_bytes();
    let g = groups_at(b, 0);
    let last = g.get(g.len.checked_sub(1)?)?;
    if last.1 != b.len() {
        return None;
    }
    let m = phone_from(b, &g, 0)?;
    (m.to + 1 == g.len).then_some(m.canonical)
}

/// "+62" and the digits without their country code or trunk '0', whatever the numbering
/// plan says: how a registered phone is fingerprinted when it is not a valid number
/// (and how digit runs are checked against registered phones).
pub(crate) fn loose_canonical(digits: &[u8], plus: bool) -> Option<CompactString> {
    loose_national(digits, plus).map(canonical)
}

/// The national digits of `loose_canonical`, without building the string.
pub(crate) fn loose_national(digits: &[u8], plus: bool) -> Option<&[u8]> {
    let national = if plus {
        digits.strip_prefix(b"62")?
    } else {
        digits
            .strip_prefix(b"0")
            .or_else(|| digits.strip_prefix(b"62"))
            .unwrap_or(digits)
    };
    (6..=14).contains(&national.len()).then_some(national)
}

/// The loose canonical form of `s` if it is written like a phone: digits and the
/// separators of phone numbers only.
pub(crate) fn loose_canonical_phone(s: &str) -> Option<CompactString> {
    let t = s.trim();
    if !t.bytes().all(|b| b.is_ascii_digit() || is_separator(b) || b == b'+') {
        return None;
    }
    let digits: Vec<u8> = t.bytes().filter(u8::is_ascii_digit).collect();
    loose_canonical(&digits, t.trim_start_matches('(').starts_with('+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> Option<String> {
        canonical_phone(s).map(String::from)
    }

    #[test]
    fn every_spelling_gives_one_canonical() {
        for s in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "+62 812 3456 7890",
            "+62-812-3456-7890",
            "+6281234567890",
            "6281234567890",
            "0812.3456.7890",
            "(0812) 3456 7890",
            "+62 (812) 3456-7890",
            "0812 3 4 5 6 7 8 9 0",
            "0 8 1 2 3 4 5 6 7 8 9 0",
        ] {
            assert_eq!(phone(s).as_deref(), Some("+6281234567890"), "{s}");
        }
    }

    #[test]
    fn short_mobiles_and_landlines() {
        assert_eq!(phone("0812.3456.789").as_deref(), Some("+628123456789"));
        assert_eq!(phone("62812345678").as_deref(), Some("+62812345678"));
        assert_eq!(phone("(021) 555-1234").as_deref(), Some("+62215551234"));
        assert_eq!(phone("021-5551234").as_deref(), Some("+62215551234"));
        assert_eq!(phone("0274 123456").as_deref(), Some("+62274123456"));
        assert_eq!(phone("+62 21 5551 2345").as_deref(), Some("+622155512345"));
        assert_eq!(phone("0215551234").as_deref(), Some("+62215551234"));
    }

    #[test]
    fn foreign_numbers_keep_their_country_code() {
        for (s, canonical) in [
            ("+60 12-348 7719", "+60123487719"),
            ("+65 9123 4470", "+6591234470"),
            ("+852 6012 3398", "+85260123398"),
            ("+60 11-2653 4090", "+601126534090"),
            ("+1 (555) 123-4567", "+15551234567"),
        ] {
            assert_eq!(phone(s).as_deref(), Some(canonical), "{s}");
        }
        // Too short or too long for a number with its country code.
        for s in ["+60 12 34", "+852 1234", "+60 12 3456 7890 1234 56"] {
            assert_eq!(phone(s), None, "{s}");
        }
    }

    #[test]
    fn malaysian_mobiles_without_their_country_code() {
        // Keyed as the same number written with it.
        for (s, canonical) in [
            ("012 6633 4081", "+601266334081"),
            ("019-775 3102", "+60197753102"),
            ("011-2653 4090", "+601126534090"),
            ("017 662 0943", "+60176620943"),
        ] {
            assert_eq!(phone(s).as_deref(), Some(canonical), "{s}");
            assert_eq!(phone(&format!("+60{}", &s[1..])).as_deref(), Some(canonical), "{s}");
        }
        // Unbroken, joined by dots, the prefix not apart, too short or too long.
        for s in [
            "0126634081",
            "012.6633.4081",
            "0126 633 4081",
            "012 345",
            "012 3456 7890 12",
        ] {
            assert_eq!(phone(s), None, "{s}");
        }
    }

    #[test]
    fn non_phones_are_refused() {
        for s in [
            "12345",
            "09.00-10.00",
            "21.30",
            "500.000",
            "0800123456",
            "08123",
            "0112345678",
            "2024",
            "081234567890123456",
            "1234567890",
        ] {
            assert_eq!(phone(s), None, "{s}");
        }
    }

    #[test]
    fn loose_forms_for_registered_phones() {
        assert_eq!(loose_canonical_phone("0813 9999 8").as_deref(), Some("+6281399998"));
        assert_eq!(loose_canonical_phone("+62 813-9999-8").as_deref(), Some("+6281399998"));
        assert_eq!(loose_canonical_phone("Budi 0813"), None);
        assert_eq!(loose_canonical_phone("0123"), None);
    }

    #[test]
    fn groups_stop_at_letters_and_long_gaps() {
        let t = b"0812 3456 7890 ya";
        let g = groups_at(t, 0);
        assert_eq!(g.len, 3);
        let t = b"0812    3456";
        assert_eq!(groups_at(t, 0).len, 1);
    }
}
