//! Runs of digits: phones (see `phone`), NIK/KK numbers, bank, e-wallet and
//! virtual-account numbers — and the decoys that look like them (prices, dates,
//! clock times), which are left alone.

use compact_str::CompactString;

use super::known::Known;
use super::lexicon::ends_with_word;
use super::names::holder_cue_end;
use super::phone::{
    Cut, Digits, Groups, cut_after, groups_at, loose_canonical, loose_national, partial_mobile, phone_from,
};
use super::{Category, Span};

/// Province codes, the first two digits of a NIK or KK (including the Papua
/// provinces created in 2022).
fn is_province(code: u8) -> bool {
    matches!(code, 11..=19 | 21 | 31..=36 | 51..=53 | 61..=65 | 71..=76 | 81 | 82 | 91..=97)
}

fn two(d: &[u8]) -> u8 {
    (d[0] - b'0') * 10 + (d[1] - b'0')
}

/// Whether 16 digits are a plausible NIK or KK: province, regency and district codes,
/// then a date DDMMYY (birth date for a NIK, women's day + 40; issue date for a KK).
pub(crate) fn is_nik(d: &[u8]) -> bool {
    if d.len() != 16 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let day = two(&d[6..8]);
    let month = two(&d[8..10]);
    is_province(two(&d[0..2]))
        && two(&d[2..4]) != 0
        && two(&d[4..6]) != 0
        && (matches!(day, 1..=31) || matches!(day, 41..=71))
        && matches!(month, 1..=12)
        && &d[12..16] != b"0000"
}

/// "Rp 1.500.000", "500.000": a first group of one to three digits (not a trunk '0')
/// and then groups of exactly three after a dot.
fn is_price_like(text: &[u8], g: &Groups) -> bool {
    let Some((s, e)) = g.get(0) else { return false };
    g.len >= 2
        && (1..=3).contains(&(e - s))
        && text[s] != b'0'
        && (1..g.len).all(|i| g.get(i).is_some_and(|(s, e)| e - s == 3) && g.separator(text, i) == b".")
}

/// "12-03-2024", "2024-03-12", "12.03.24" at group `k`: how many groups it takes.
fn date_at(text: &[u8], g: &Groups, k: usize) -> Option<usize> {
    let (a, b, c) = (g.get(k)?, g.get(k + 1)?, g.get(k + 2)?);
    let sep = g.separator(text, k + 1);
    if sep.len() != 1 || !matches!(sep[0], b'-' | b'.') || g.separator(text, k + 2) != sep {
        return None;
    }
    let num = |(s, e): (usize, usize)| text[s..e].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let len = |(s, e): (usize, usize)| e - s;
    // Each group is read as a number only once its length is known to be short: a
    // group of ten digits or more does not fit the `u32`.
    let dmy = len(a) <= 2 && matches!(len(c), 2 | 4) && (1..=31).contains(&num(a));
    let ymd = len(a) == 4 && len(c) <= 2 && (1..=31).contains(&num(c));
    ((dmy || ymd) && len(b) <= 2 && (1..=12).contains(&num(b))).then_some(3)
}

/// "24 21.30" or "24 21.30.45" right after "12/03/": the year of a date written with
/// slashes and a clock time, as every line of an Indonesian WhatsApp export begins (a
/// space joins the year and the time into one chunk of six or eight digits, which every
/// detector would otherwise read).
fn is_chat_timestamp(text: &[u8], g: &Groups) -> bool {
    let Some((year_start, year_end)) = g.get(0) else {
        return false;
    };
    let digits_before = |end: usize| text[..end].iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let day_month = year_start >= 1 && text[year_start - 1] == b'/' && {
        let month = digits_before(year_start - 1);
        let month_start = year_start - 1 - month;
        (1..=2).contains(&month)
            && month_start >= 1
            && text[month_start - 1] == b'/'
            && (1..=2).contains(&digits_before(month_start - 1))
    };
    let value = |(s, e): (usize, usize)| text[s..e].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let clock = (1..g.len).all(|i| {
        g.get(i).is_some_and(|r| {
            let (len, limit) = if i == 1 { (1..=2, 23) } else { (2..=2, 59) };
            len.contains(&(r.1 - r.0)) && value(r) <= limit
        }) && g.separator(text, i) == if i == 1 { b" " } else { b"." }
    });
    day_month && matches!(year_end - year_start, 2 | 4) && matches!(g.len, 3 | 4) && clock
}

/// The word right before `pos` (spaces skipped), lower-cased comparisons are the caller's.
fn word_before(text: &[u8], pos: usize) -> &[u8] {
    let e = word_end_before(text, pos);
    let mut s = e;
    while s > 0 && text[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    &text[s..e]
}

fn digits_string(text: &[u8], g: &Groups, from: usize, to: usize) -> CompactString {
    CompactString::from(g.digits(text, from, to).as_str())
}

fn span_of(g: &Groups, from: usize, to: usize, category: Category, canonical: CompactString) -> Option<Span> {
    let start = if from == 0 { g.start } else { g.get(from)?.0 };
    let end = g.get(to)?.1;
    Some(Span {
        start,
        end,
        category,
        canonical,
    })
}

/// Detects what the digit chunk at `start` ('+', '(' or a digit) holds; returns the end
/// of the chunk.
pub(crate) fn numeric_chunk(text: &str, start: usize, known: &Known, out: &mut Vec<Span>) -> usize {
    let b = text.as_bytes();
    let g = groups_at(b, start);
    let Some((_, chunk_end)) = g.get(g.len.wrapping_sub(1)) else {
        return start + 1;
    };
    // Clock times, dates and prices in chats are short runs: nothing below six digits
    // is a phone (even a registered one), an ID or an account.
    if g.digit_count(0, g.len - 1) < 6 {
        // Too short for a number, unless a mask hides the rest of a mobile
        // ("0823-9xxx-xxxx"): that is replaced too.
        if let Some((cut_end, cut @ Cut::Masked(_))) = cut_after(b, chunk_end) {
            out.extend(partial_mobile(b, &g, cut_end, cut));
        }
        return chunk_end;
    }
    if is_chat_timestamp(b, &g) {
        return chunk_end;
    }
    let before = word_before(b, g.start);
    if before.eq_ignore_ascii_case(b"rp") || before.eq_ignore_ascii_case(b"idr") || is_price_like(b, &g) {
        return chunk_end;
    }
    // A number before its holder's name ("3490 7712 08 a.n. Yeni Marlina") is an
    // account, or an e-wallet's phone, with or without a bank named before it; a NIK
    // before one stays a NIK.
    if holder_cue_end(text, chunk_end).is_some()
        && !(g.digit_count(0, g.len - 1) == 16 && is_nik(g.digits(b, 0, g.len - 1).as_bytes()))
        && whole_number(b, &g, 8, out)
    {
        return chunk_end;
    }
    if is_account_in_groups(b, &g) {
        // A civil servant's number has such groups too ("NIP 19850312 201001 1 002").
        let category = if id_cue_before(b, g.start).is_some() {
            Category::IdNumber
        } else {
            Category::Account
        };
        out.extend(span_of(&g, 0, g.len - 1, category, digits_string(b, &g, 0, g.len - 1)));
        return chunk_end;
    }
    let found_before = out.len();
    let mut k = 0;
    while k < g.len {
        if let Some(n) = date_at(b, &g, k) {
            k += n;
            continue;
        }
        // A valid NIK in groups ("8253 2042 0355 0624") before the phone its first
        // groups would make.
        if let Some(to) = nik_in_groups(b, &g, k, out) {
            k = to + 1;
            continue;
        }
        if let Some(m) = phone_from(b, &g, k) {
            out.extend(span_of(&g, k, m.to, Category::Phone, m.canonical));
            k = m.to + 1;
            continue;
        }
        if let Some(to) = id_or_account(b, &g, k, out) {
            k = to + 1;
            continue;
        }
        if let Some(to) = known_phone(b, &g, k, known, out) {
            k = to + 1;
            continue;
        }
        k += 1;
    }
    // What no rule above took: a number that names a person to an office, by its cue
    // ("no. RM 00-12-34", "NPWP 12.345.678.9-012.345") or by the tax number's layout.
    if out.len() == found_before
        && let Some(start) = if is_npwp(b, &g) {
            Some(g.start)
        } else {
            id_cue_before(b, g.start)
        }
    {
        // A passport's letters are part of its number, glued or not ("B1234567", "C
        // 7654321").
        let mut canonical: CompactString = b[start..g.start]
            .iter()
            .filter(|c| c.is_ascii_alphabetic())
            .map(|&c| char::from(c.to_ascii_lowercase()))
            .collect();
        canonical.push_str(g.digits(b, 0, g.len - 1).as_str());
        out.push(Span {
            start,
            end: chunk_end,
            category: Category::IdNumber,
            canonical,
        });
        return chunk_end;
    }
    // A number cut short or masked is still most of one: the span takes the mask in.
    if let Some((cut_end, cut)) = cut_after(b, chunk_end) {
        match out[found_before..].last_mut() {
            Some(last) if last.end == chunk_end && cut != Cut::Ellipsis => last.end = cut_end,
            Some(_) => {}
            None => out.extend(partial_mobile(b, &g, cut_end, cut)),
        }
    }
    chunk_end
}

/// Whether the chunk `g` is laid out as a tax number (NPWP) before 2024: fifteen digits,
/// "12.345.678.9-012.345".
fn is_npwp(text: &[u8], g: &Groups) -> bool {
    const LAYOUT: [(usize, &[u8]); 6] = [(2, b""), (3, b"."), (3, b"."), (1, b"."), (3, b"-"), (3, b".")];
    g.len == LAYOUT.len()
        && LAYOUT.iter().enumerate().all(|(j, &(len, sep))| {
            g.get(j).is_some_and(|(s, e)| e - s == len) && (j == 0 || g.separator(text, j) == sep)
        })
}

/// Words that say the number after them (maybe after "no", "nomor" or a colon) names
/// a person to an office: a tax number, a passport, a clinic's or a hospital's record
/// ("RM", rekam medis, its register), a patient's number, health insurance (BPJS,
/// KIS), a driving licence, a phone's IMEI. Lower case.
const ID_CUES: &[&[u8]] = &[
    b"npwp",
    b"paspor",
    b"passport",
    b"pasport",
    b"rm",
    b"medis",
    b"medik",
    b"pasien",
    b"register",
    b"registrasi",
    b"reg",
    b"noreg",
    b"bpjs",
    b"kis",
    b"jkn",
    b"sim",
    b"imei",
    b"ktp",
    b"nik",
    // A student's, a civil servant's, a pupil's, a police officer's or a soldier's.
    b"nim",
    b"npm",
    b"nip",
    b"nisn",
    b"nrp",
];

/// Where the number whose digits start at `start` starts if an ID cue (`ID_CUES`)
/// stands before it, at most a "no", "nomor" or "nmr" between: at `start`, or at the
/// one or two capitals glued before its digits, as a passport's are ("paspor
/// B1234567"), or at one capital a space before them ("passport no. C 7654321").
fn id_cue_before(text: &[u8], start: usize) -> Option<usize> {
    let spaced = start >= 2 && text[start - 1] == b' ' && text[start - 2].is_ascii_uppercase();
    let letters_end = if spaced { start - 1 } else { start };
    let glued = text[..letters_end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    let glued = if spaced && glued != 1 { 0 } else { glued };
    let letters_start = letters_end - glued;
    let from = match glued {
        1 | 2
            if !letters_start
                .checked_sub(1)
                .is_some_and(|before| text[before].is_ascii_alphanumeric()) =>
        {
            letters_start
        }
        _ => start,
    };
    let is_cue = |w: &[u8]| ID_CUES.iter().any(|cue| cue.eq_ignore_ascii_case(w));
    let word = word_before(text, from);
    if is_cue(word) {
        return Some(from);
    }
    let is_number_word = [&b"no"[..], b"nomor", b"nmr", b"nomer"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(word));
    let word_start = word_end_before(text, from) - word.len();
    (is_number_word && is_cue(word_before(text, word_start))).then_some(from)
}

/// Where the word before `pos` ends: spaces, dots and colons are passed over.
fn word_end_before(text: &[u8], pos: usize) -> usize {
    let mut e = pos;
    while e > 0 && matches!(text[e - 1], b' ' | b'.' | b':') {
        e -= 1;
    }
    e
}

/// Whether the chunk `g` is a long number in three groups or more, one separator
/// between each, that begins no phone, holds no group that begins one with "08" or
/// "62", and holds no date: a bank's own layout ("3365-01-022817-53-9", BRI's) far
/// from the bank's name, a card's, a receipt's, as exposing as an account. Read as
/// groups, a Bandung number would be found inside ("022817-53-9") and the rest left
/// in clear.
fn is_account_in_groups(text: &[u8], g: &Groups) -> bool {
    let Some((first_start, first_end)) = g.get(0) else {
        return false;
    };
    let separator = g.separator(text, 1);
    let starts_phone = |j: usize| {
        g.get(j)
            .is_some_and(|(s, _)| text[s..].starts_with(b"08") || text[s..].starts_with(b"62"))
    };
    let total = g.digit_count(0, g.len - 1);
    // Sixteen digits are a NIK's or a card's (`id_or_account`).
    g.len >= 3
        && first_end - first_start >= 3
        && (12..=19).contains(&total)
        && total != 16
        && !g.plus
        && separator.len() == 1
        && (0..g.len).all(|j| !starts_phone(j))
        && (2..g.len).all(|j| g.separator(text, j) == separator)
        && (0..g.len).all(|j| date_at(text, g, j).is_none())
        && phone_from(text, g, 0).is_none()
}

/// Groups from `k` of two or more digits that make exactly 16 digits and a valid NIK:
/// "8253 2042 0355 0624", and as the card's fields are written apart, "3601-05-4408-
/// 85-0002", "36.01.05.440885.0002". The check of the region and the date keeps a
/// phone's or a date's groups out.
fn nik_in_groups(text: &[u8], g: &Groups, k: usize, out: &mut Vec<Span>) -> Option<usize> {
    let mut total = 0;
    for to in k..g.len {
        let (s, e) = g.get(to)?;
        if e - s < 2 {
            return None;
        }
        total += e - s;
        if total >= 16 {
            let d = digits_string(text, g, k, to);
            let valid = total == 16 && is_nik(d.as_bytes());
            return valid
                .then(|| out.extend(span_of(g, k, to, Category::IdNumber, d)))
                .map(|()| to);
        }
    }
    None
}

/// 16 digits (in one run or in groups of three or more): a NIK/KK if plausible, else
/// still an account or card number. One unbroken run of 12 or more digits, or of 10 or
/// more with a mobile number inside (virtual accounts), is an account number.
fn id_or_account(text: &[u8], g: &Groups, k: usize, out: &mut Vec<Span>) -> Option<usize> {
    let mut total = 0;
    for to in k..g.len {
        let (s, e) = g.get(to)?;
        if e - s < 3 && to > k {
            break;
        }
        total += e - s;
        if total == 16 {
            let d = digits_string(text, g, k, to);
            let cat = if is_nik(d.as_bytes()) {
                Category::IdNumber
            } else {
                Category::Account
            };
            out.extend(span_of(g, k, to, cat, d));
            return Some(to);
        }
        if total > 16 {
            break;
        }
    }
    let (s, e) = g.get(k)?;
    let run = &text[s..e];
    let embedded_phone = run.windows(2).enumerate().any(|(i, w)| {
        (w == b"08" && run.len() - i >= 10) || (w == b"62" && run.get(i + 2) == Some(&b'8') && run.len() - i >= 11)
    });
    if run.len() >= 12 || (run.len() >= 10 && embedded_phone) {
        let d = CompactString::from_utf8_lossy(run);
        out.extend(span_of(g, k, k, Category::Account, d));
        return Some(k);
    }
    None
}

/// A registered phone typed in a way the numbering plan does not accept.
fn known_phone(text: &[u8], g: &Groups, k: usize, known: &Known, out: &mut Vec<Span>) -> Option<usize> {
    if !known.has_phones() {
        return None;
    }
    let plus = g.plus && k == 0;
    let mut found = None;
    let mut d = Digits::default();
    for (to, &(s, e)) in g.ranges[..g.len].iter().enumerate().skip(k) {
        d.extend(&text[s..e]);
        if d.len() > 15 {
            break;
        }
        if loose_national(d.as_bytes(), plus).is_some_and(|n| known.phone_national(n)) {
            found = Some((to, d));
        }
    }
    let (to, d) = found?;
    out.extend(span_of(g, k, to, Category::Phone, loose_canonical(d.as_bytes(), plus)?));
    Some(to)
}

/// Words that may stand between a bank or e-wallet cue and the number.
fn is_filler(word: &[u8]) -> bool {
    const FILLERS: &[&[u8]] = &[
        b"no",
        b"nomor",
        b"nomer",
        b"nmr",
        b"rek",
        b"rekening",
        b"rekeningnya",
        b"rekeningku",
        b"rekeningmu",
        b"norek",
        b"an",
        b"a",
        b"n",
        b"atas",
        b"nama",
        b"ke",
        b"di",
        b"va",
        b"virtual",
        b"account",
        b"acc",
        b"akun",
        b"ya",
        b"aja",
        b"kak",
        b"ini",
        b"nya",
        b"bca",
        b"bri",
        b"bni",
        b"mandiri",
        b"bsi",
        b"cimb",
        b"niaga",
        b"bpd",
        b"bank",
        b"dana",
        b"ovo",
        b"gopay",
        b"id",
        b"aq",
        b"aku",
        b"saya",
        b"gue",
        b"gw",
        b"ku",
        b"kamu",
        b"dia",
        // Balinese "I": "rek BPD Bali tiang 0300 2010 4471 8".
        b"tiang",
        // "Rekening BSI jg ada, 7145 223 908", Javanese "BRI sampeyan sing 3125-…".
        b"jg",
        b"juga",
        b"ada",
        b"yg",
        b"yang",
        b"sing",
        b"sampeyan",
        b"punya",
        b"sy",
        b"lagi",
        b"lg",
    ];
    FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

/// The most words of a holder's name between "a.n" and the account number.
const MAX_HOLDER_WORDS: usize = 4;

/// The most words, past those `account_after_cue` takes without one, before a colon
/// and the account number.
const MAX_WORDS_BEFORE_COLON: usize = 6;

/// The number in groups `g` as one account (or one phone, for e-wallets and holders
/// of a number) if all of it makes one: `min_digits` to 20 digits, no price, no
/// letter glued to its end. Whether it did.
fn whole_number(b: &[u8], g: &Groups, min_digits: usize, out: &mut Vec<Span>) -> bool {
    let Some((_, end)) = g.get(g.len.wrapping_sub(1)) else {
        return false;
    };
    let total = g.digit_count(0, g.len - 1);
    let glued = b.get(end).is_some_and(u8::is_ascii_alphabetic);
    if glued || is_price_like(b, g) || !(min_digits..=20).contains(&total) {
        return false;
    }
    if let Some(m) = phone_from(b, g, 0).filter(|m| m.to + 1 == g.len) {
        out.extend(span_of(g, 0, m.to, Category::Phone, m.canonical));
    } else {
        out.extend(span_of(
            g,
            0,
            g.len - 1,
            Category::Account,
            digits_string(b, g, 0, g.len - 1),
        ));
    }
    true
}

/// The account (or phone, for e-wallets) number after a bank, e-wallet or "rek" cue
/// ending at `cue_end`: "BCA 1234567890", "no rek: 123-456-7890", "OVO 081234567890",
/// "VA BCA 88608123456789". Prices ("BCA 1.500.000", "tf 500rb") are not accounts.
pub(crate) fn account_after_cue(text: &str, cue_end: usize, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut limit = (cue_end + 48).min(b.len());
    // One word that is no filler may stand before the number: whose account it is
    // ("rek BRI emak …") or a regional bank's name ("bank sulselbar …"), of two words
    // after "bank" ("Bank Riau Kepri 1230445678"). After "a.n",
    // "an" or "atas nama" the holder's name may: "rek BCA a.n Sri Wahyuni 1234567890".
    let mut other_words = if ends_with_word(&text[..cue_end], "bank") { 2 } else { 1 };
    // More words may, if a colon ends them: whose account, in speech ("Rekening BCA mah
    // pinjem nu teh Yeni: 3490 7712 08", "BRI punya kaka laki-laki Ferdinand: …").
    let mut words_before_colon = 0;
    let mut i = cue_end;
    while i < limit {
        match b[i] {
            b':' => {
                words_before_colon = 0;
                i += 1;
            }
            b' ' | b'\t' | b'.' | b'-' | b'=' | b'#' | b'(' | b')' | b'/' | b',' => i += 1,
            c if c.is_ascii_digit() => {
                if words_before_colon == 0 {
                    whole_number(b, &groups_at(b, i), 6, out);
                }
                return;
            }
            c if c.is_ascii_alphabetic() => {
                let mut e = i;
                while e < b.len() && b[e].is_ascii_alphabetic() {
                    e += 1;
                }
                let word = &b[i..e];
                if [&b"an"[..], b"n", b"nama"]
                    .iter()
                    .any(|cue| word.eq_ignore_ascii_case(cue))
                {
                    other_words = MAX_HOLDER_WORDS;
                    limit = (e + 48).min(b.len());
                } else if word.eq_ignore_ascii_case(b"bank") {
                    other_words = other_words.max(2);
                } else if !is_filler(word) {
                    if other_words > 0 {
                        other_words -= 1;
                    } else if words_before_colon < MAX_WORDS_BEFORE_COLON {
                        words_before_colon += 1;
                    } else {
                        return;
                    }
                }
                i = e;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str) -> Vec<(String, Category, String)> {
        let known = Known::new([0; 16]);
        let mut out = Vec::new();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() || (matches!(b[i], b'+' | b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
                i = numeric_chunk(text, i, &known, &mut out);
            } else {
                i += 1;
            }
        }
        out.into_iter()
            .map(|s| (text[s.start..s.end].to_owned(), s.category, s.canonical.into()))
            .collect()
    }

    #[test]
    fn nik_validation() {
        assert!(is_nik(b"3201014506900001"), "woman born 05-06-90 in Bogor");
        assert!(is_nik(b"3578011201850003"));
        assert!(!is_nik(b"0001014506900001"), "no province 00");
        assert!(!is_nik(b"3201013213900001"), "month 13");
        assert!(!is_nik(b"3201013506900001"), "day 35");
        assert!(!is_nik(b"320101450690001"), "15 digits");
    }

    #[test]
    fn nik_in_one_run_or_groups() {
        assert_eq!(
            chunks("NIK 3201014506900001 ya"),
            vec![("3201014506900001".into(), Category::IdNumber, "3201014506900001".into())]
        );
        assert_eq!(
            chunks("KK: 3201 0103 0390 0002"),
            vec![(
                "3201 0103 0390 0002".into(),
                Category::IdNumber,
                "3201010303900002".into()
            )]
        );
        assert_eq!(chunks("kartu 1234 5678 9012 3456")[0].1, Category::Account);
        assert_eq!(
            chunks("NIK 8253 2042 0355 0624")[0].1,
            Category::IdNumber,
            "not a phone and a rest"
        );
        assert_eq!(chunks("nik nya 624336.420255.0637")[0].0, "624336.420255.0637");
        // The card's fields written apart, groups of two among them.
        for nik in ["3601-05-4408-85-0002", "36.01.05.440885.0002", "3601 05 4408 85 0002"] {
            let found = chunks(&format!("NIK {nik}, alamat"));
            assert_eq!(found.len(), 1, "{nik}: {found:?}");
            assert_eq!((found[0].0.as_str(), found[0].1), (nik, Category::IdNumber));
        }
    }

    #[test]
    fn a_date_shaped_run_with_a_long_middle_group_is_read_whole() {
        // Three groups joined by dashes like "12-03-2024", the middle one fourteen
        // digits long: not a date, and its number is never computed (it overflowed).
        assert_eq!(
            chunks("0-00005000000812-3456-7890 "),
            vec![("00005000000812".into(), Category::Account, "00005000000812".into())]
        );
        assert!(date_at(b"12-00005000000812-24", &groups_at(b"12-00005000000812-24", 0), 0).is_none());
        assert_eq!(date_at(b"12-03-2024", &groups_at(b"12-03-2024", 0), 0), Some(3));
    }

    #[test]
    fn phones_in_running_text() {
        let found = chunks("wa aku 0812-3456-7890 atau +62 812 3456 7890, kantor (021) 555-1234");
        let canon: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(canon, ["+6281234567890", "+6281234567890", "+62215551234"]);
        assert_eq!(found[2].0, "(021) 555-1234");
        assert_eq!(chunks("WA081234567890")[0].2, "+6281234567890");
    }

    #[test]
    fn a_mobile_dictated_with_words_between_its_groups() {
        for text in [
            "nomornya 0813 sama 4492 sama 6615, sa catat",
            "0813 terus 4492 terus 6615",
            "0813 strip 4492 strip 6615",
            "0813-4492 sama 6615",
        ] {
            let found = chunks(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].2, "+6281344926615", "{text}");
            assert!(found[0].0.starts_with("0813") && found[0].0.ends_with("6615"), "{text}");
        }
        // Operators' prefixes listed, times, sums, two whole numbers.
        for text in [
            "operator 0812 dan 0813 sama aja",
            "jam 0800 sama 1000",
            "harga 0850 dan 0900",
        ] {
            assert_eq!(chunks(text), [], "{text}");
        }
        assert_eq!(chunks("0812 3344 5566 dan 0813 2233 4455").len(), 2);
    }

    #[test]
    fn virtual_accounts_with_phones_inside() {
        let found = chunks("VA 88608123456789");
        assert_eq!(
            found,
            vec![("88608123456789".into(), Category::Account, "88608123456789".into())]
        );
    }

    #[test]
    fn decoys_are_left_alone() {
        for s in [
            "Rp 500.000",
            "Rp500rb",
            "300 ribu",
            "1,5 juta",
            "250k",
            "jam 21.30",
            "09:15",
            "jam 9",
            "12/03/2024",
            "12-03-2024",
            "2024-03-12",
            "06-03-2024",
            "06.03.2024",
            "umur 23",
            "2 jam 30 menit",
            "09.00-10.00",
            "Rp 1.500.000",
            "8.500.000.000",
            "tahun 2023 2024",
            "12/03/24 21.30 - Sari: halo",
            "[12/03/24 21.30.45] Sari: halo",
            "1/3/2024 09.05 - Sari: halo",
        ] {
            assert_eq!(chunks(s), vec![], "{s}");
        }
    }

    #[test]
    fn only_a_whole_timestamp_is_passed_over() {
        let groups = |t: &str| {
            let start = t.rfind('/').map_or(0, |i| i + 1);
            is_chat_timestamp(t.as_bytes(), &groups_at(t.as_bytes(), start))
        };
        assert!(groups("12/03/24 21.30"));
        assert!(groups("12/03/2024 21.30.45"));
        assert!(!groups("12/03/24 21.30 0812 3456"), "more groups");
        assert!(!groups("12/03/24 25.30"), "hour 25");
        assert!(!groups("12/03/24 21.75"), "minute 75");
        assert!(!groups("12/03/24-21.30"), "not a space");
        assert!(!groups("03/24 21.30"), "no day");
        assert!(!groups("WA/0812 34.56"), "no date");
        // A phone after a slash is still read as one.
        assert_eq!(chunks("12/03/0812 3456 7890")[0].2, "+6281234567890");
    }

    #[test]
    fn accounts_after_cues() {
        let run = |t: &str, cue: &str| {
            let mut out = Vec::new();
            account_after_cue(t, t.find(cue).map_or(0, |i| i + cue.len()), &mut out);
            out.into_iter()
                .map(|s| (t[s.start..s.end].to_owned(), s.category))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run("BCA 1234567890 a.n. Sari", "BCA"),
            [("1234567890".into(), Category::Account)]
        );
        assert_eq!(
            run("no rek: 123-456-7890", "no rek"),
            [("123-456-7890".into(), Category::Account)]
        );
        assert_eq!(
            run("OVO 081234567890", "OVO"),
            [("081234567890".into(), Category::Phone)]
        );
        assert_eq!(
            run("norek mandiri 1310012345678", "norek"),
            [("1310012345678".into(), Category::Account)]
        );
        assert_eq!(run("BCA 1.500.000", "BCA"), []);
        assert_eq!(run("tf 500rb", "tf"), []);
        assert_eq!(run("DANA dulu baru 1234567", "DANA"), []);
    }
}
