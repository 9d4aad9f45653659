//! E-mail addresses, links (URLs, wa.me, api.whatsapp.com, t.me, instagram.com and
//! bare domains), @handles and MiChat IDs. Each scan is bounded, so that inputs such
//! as a megabyte of "a@" or "a.a.a." stay linear.

use std::sync::LazyLock;

use compact_str::CompactString;
use regex::bytes::Regex;

use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, COMMON, DECOY, HONORIFIC, LEXICON, NAME, PLACE, VENUE, ascii_lowercase, ends_with_word,
    is_capitalised, is_function_word, is_word_char, next_word, words_canonical,
};
use super::names::quoted_name;
use super::{Category, Span};

/// An e-mail's local part is at most 64 bytes, its domain at most 255.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;
/// Instagram, TikTok and X handles are at most 30 characters.
const MAX_HANDLE: usize = 30;

/// A link starting exactly where the search starts (the haystack is sliced there): a
/// scheme and anything up to a space, or a host ending in a known top-level domain and
/// an optional path. The domains include those of the link-in-bio pages and short
/// links a profile carries without a scheme: linktr.ee, beacons.ai, lnk.bio,
/// instagr.am, youtu.be, goo.gl, is.gd, rb.gy, shorturl.at, msha.ke, and forms.gle (a
/// form, which "gl" must not cut short).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)^(?:(?:https?|ftp)://[^\s<>"'`]+|(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|id|me|ly|io|co|info|biz|xyz|app|link|site|online|tv|gg|to|my|sg|us|ws|cc|club|live|page|dev|store|shop|top|vip|fun|asia|uk|au|in|ru|cn|ee|ai|bio|am|be|gle|gl|gd|gy|at|ke)(?:[:/?#][^\s<>"'`]*)?)"#,
    )
    .expect("the link pattern compiles")
});

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Whether a link may start at `start`: not in the middle of a dotted name, a path or
/// an address, so a long "a.a.a.a" is tried once, not at every dot.
pub(crate) fn may_start_link(text: &[u8], start: usize, word_end: usize) -> bool {
    let after = &text[word_end..];
    let dotted = after.first() == Some(&b'.') && after.get(1).is_some_and(u8::is_ascii_alphanumeric);
    (dotted || after.starts_with(b"://")) && !continues_a_name(text, start)
}

/// Whether the word at `start` continues a dotted name, a path or an address: a link
/// or a username is tried once, at its start, not at every dot.
fn continues_a_name(text: &[u8], start: usize) -> bool {
    start
        .checked_sub(1)
        .and_then(|i| text.get(i))
        .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'/' | b':' | b'@' | b'_'))
}

/// Whether a username without its '@' may start at `start`: the word goes on with '_'
/// or '.' and a letter or digit, and does not continue a dotted name, a path or an
/// address.
pub(crate) fn may_start_bare_handle(text: &[u8], start: usize, word_end: usize) -> bool {
    let after = &text[word_end..];
    matches!(after.first(), Some(b'_' | b'.'))
        && after.get(1).is_some_and(u8::is_ascii_alphanumeric)
        && !continues_a_name(text, start)
        // A tag this engine wrote ("[PHONE_1]"), read again by the export's leak scan.
        && start.checked_sub(1).is_none_or(|i| text[i] != b'[')
}

/// The link starting at `start`, if any.
pub(crate) fn link_at(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    let m = URL.find(&b[start..])?;
    let mut end = start + m.end();
    // Sentence punctuation after a link is not part of it.
    while end > start
        && matches!(
            b[end - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}' | b'*'
        )
    {
        end -= 1;
    }
    // "budi.company" is not "budi.com" + "pany"; "x.com@y" is an e-mail's.
    if b.get(end)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'@'))
    {
        return None;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let canonical = link_canonical(&text[start..end]);
    (!canonical.is_empty()).then_some(Span {
        start,
        end,
        category: Category::Link,
        canonical,
    })
}

/// Lower case, without scheme, "www." and trailing slash.
pub(crate) fn link_canonical(link: &str) -> CompactString {
    let lower = ascii_lowercase(link);
    let mut s = lower.as_str();
    for scheme in ["https://", "http://", "ftp://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest;
        }
    }
    s = s.strip_prefix("www.").unwrap_or(s);
    CompactString::from(s.trim_end_matches('/'))
}

/// Where the local part of an e-mail address that ends at `end` starts: at most
/// `MAX_LOCAL` bytes back, not at a dot, a dash or a plus. At `end` if it has none.
fn local_part_start(b: &[u8], end: usize) -> usize {
    let mut local = end;
    while local > 0 && end - local < MAX_LOCAL && is_local_byte(b[local - 1]) {
        local -= 1;
    }
    while local < end && matches!(b[local], b'.' | b'-' | b'+') {
        local += 1;
    }
    local
}

/// What an '@' at `at` starts: an e-mail around it or a handle after it. Returns the
/// span and where scanning continues.
pub(crate) fn at_sign(text: &str, at: usize) -> (Option<Span>, usize) {
    let b = text.as_bytes();
    let local = local_part_start(b, at);
    let mut end = at + 1;
    while end < b.len() && end - at <= MAX_DOMAIN && is_domain_byte(b[end]) {
        end += 1;
    }
    while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &b[at + 1..end];
    let tld = domain.rsplit(|&c| c == b'.').next().unwrap_or_default();
    let domain_ok = domain.contains(&b'.')
        && !domain.starts_with(b".")
        && !domain.windows(2).any(|w| w == b"..")
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic);
    if local < at && domain_ok {
        let canonical = ascii_lowercase(&text[local..end]);
        return (
            Some(Span {
                start: local,
                end,
                category: Category::Email,
                canonical,
            }),
            end,
        );
    }
    (handle(text, at), at + 1)
}

/// Mail providers whose name an address spelled out to get past a filter ends with
/// (`disguised_email`).
const MAIL_PROVIDERS: &[&str] = &["gmail", "yahoo", "ymail", "hotmail", "outlook", "icloud"];

/// The marks that stand for '@' in an address spelled out, longest first.
const AT_MARKS: &[&str] = &["(at)", "[at]", "{at}", "(et)", "[et]", "(@)", "[@]", "at", "et", "@"];

/// The marks that stand for '.' in its domain, longest first.
const DOT_MARKS: &[&str] = &["(titik)", "[titik]", "(dot)", "[dot]", "{dot}", "titik", "dot", "."];

/// An e-mail address disguised to get past a filter that hides addresses, around the
/// mail provider's name `start..end` (`MAIL_PROVIDERS`): "rinamanja at yahoo dot com",
/// "rina.manja [at] gmail [dot] com", "rinamanja(at)gmail(dot)com", "rinamanja@gmail
/// dot com", "rina [et] gmail [titik] com". The marks for '@' and '.' stand with
/// spaces or without; a bare "at", "et", "dot" or "titik" only between spaces. Its
/// canonical form is the address written plainly, so it has the plain address's tag.
/// Out of line but for a test of the word's length: only decoys and links come here.
pub(crate) fn disguised_email(text: &str, start: usize, end: usize) -> Option<Span> {
    // Most decoys that come here are words of time ("hari", "jam", "tahun"): their
    // length tells most of them apart before a call.
    if !(5..=7).contains(&(end - start)) {
        return None;
    }
    email_around_provider(text, start, end)
}

#[inline(never)]
fn email_around_provider(text: &str, start: usize, end: usize) -> Option<Span> {
    let provider = &text[start..end];
    if !MAIL_PROVIDERS.iter().any(|p| p.eq_ignore_ascii_case(provider)) {
        return None;
    }
    let b = text.as_bytes();
    // Back over the mark for '@' to the local part.
    let (mark_start, _) = mark_before(b, start, AT_MARKS)?;
    let local_end = mark_start;
    let local = local_part_start(b, local_end);
    if local == local_end {
        return None;
    }
    spelled_domain(text, local, local_end, start, end)
}

/// The marks for '@' that brackets make unmistakable: a word "at" may be English, an
/// "(at)" is only ever an address's.
const BRACKETED_AT_MARKS: &[&str] = &["(at)", "[at]", "{at}", "(et)", "[et]", "(@)", "[@]"];

/// An e-mail address spelled out with a bracketed mark for '@' at `at`
/// (`BRACKETED_AT_MARKS`): "pengaduan(at)srikandimusi(dot)or(dot)id", "rina [at]
/// yayasan-kasih [dot] org". The brackets say what the mark is, so any domain is taken,
/// not only a mail provider's (`disguised_email`); a mark for '.' and a label must
/// follow it all the same.
pub(crate) fn bracketed_email(text: &str, at: usize) -> Option<Span> {
    let b = text.as_bytes();
    // Most brackets open anything else: one byte tells them apart.
    if !b
        .get(at + 1)
        .is_some_and(|&c| matches!(c | 0x20, b'a' | b'e') || c == b'@')
    {
        return None;
    }
    let mark = BRACKETED_AT_MARKS.iter().find(|m| {
        b.get(at..at + m.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(m.as_bytes()))
    })?;
    let local_end = if at > 0 && b[at - 1] == b' ' { at - 1 } else { at };
    let local = local_part_start(b, local_end);
    if local == local_end {
        return None;
    }
    let mut domain_start = at + mark.len();
    if b.get(domain_start) == Some(&b' ') {
        domain_start += 1;
    }
    let domain_end = domain_start
        + b[domain_start..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
            .count();
    if domain_end == domain_start {
        return None;
    }
    spelled_domain(text, local, local_end, domain_start, domain_end)
}

/// The address whose local part is `local..local_end` and whose domain's first label
/// is `first..first_end`, read on over the marks for '.' and the domain's further
/// labels ("com", "co" "id"); `None` if no further label follows.
fn spelled_domain(text: &str, local: usize, local_end: usize, first: usize, first_end: usize) -> Option<Span> {
    let b = text.as_bytes();
    let mut domain = text[first..first_end].to_ascii_lowercase();
    let mut at = first_end;
    while let Some(label_start) = mark_after(b, at, DOT_MARKS) {
        let label_end = label_start + b[label_start..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if !(2..=6).contains(&(label_end - label_start)) || b.get(label_end).is_some_and(|&c| c >= 0x80) {
            break;
        }
        domain.push('.');
        domain.push_str(&text[label_start..label_end].to_ascii_lowercase());
        at = label_end;
    }
    if at == first_end {
        return None;
    }
    let canonical = ascii_lowercase(&format!("{}@{domain}", &text[local..local_end]));
    Some(Span {
        start: local,
        end: at,
        category: Category::Email,
        canonical,
    })
}

/// Where one of `marks` ends right before `pos` (a space allowed on each side, and
/// needed for a mark of letters), and where it starts with the space before it: the
/// (start, end) of the mark and its spaces.
fn mark_before(b: &[u8], pos: usize, marks: &[&str]) -> Option<(usize, usize)> {
    let spaced_after = pos > 0 && b[pos - 1] == b' ';
    let end = if spaced_after { pos - 1 } else { pos };
    let mark = marks.iter().find(|m| {
        let m = m.as_bytes();
        end >= m.len()
            && b[end - m.len()..end].eq_ignore_ascii_case(m)
            && (!m[0].is_ascii_alphabetic() || (spaced_after && end - m.len() > 0 && b[end - m.len() - 1] == b' '))
    })?;
    let mark_start = end - mark.len();
    let spaced_before = mark_start > 0 && b[mark_start - 1] == b' ';
    Some((if spaced_before { mark_start - 1 } else { mark_start }, end))
}

/// Where what follows one of `marks` right after `pos` starts (a space allowed on
/// each side, and needed for a mark of letters).
fn mark_after(b: &[u8], pos: usize, marks: &[&str]) -> Option<usize> {
    let spaced_before = b.get(pos) == Some(&b' ');
    let start = if spaced_before { pos + 1 } else { pos };
    let mark = marks.iter().find(|m| {
        let m = m.as_bytes();
        b.get(start..start + m.len()).is_some_and(|w| w.eq_ignore_ascii_case(m))
            && (!m[0].is_ascii_alphabetic() || (spaced_before && b.get(start + m.len()) == Some(&b' ')))
    })?;
    let mut next = start + mark.len();
    if b.get(next) == Some(&b' ') {
        next += 1;
    }
    // A '.' with spaces around it ends a sentence.
    (mark.as_bytes() != b"." || (!spaced_before && b.get(start + 1).is_some_and(u8::is_ascii_alphabetic)))
        .then_some(next)
}

/// "@budi_cantik": a handle, not "@500rb" (a price per item) nor an '@' inside a word.
fn handle(text: &str, at: usize) -> Option<Span> {
    let b = text.as_bytes();
    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || matches!(b[at - 1], b'_' | b'.' | b'@')) {
        return None;
    }
    let mut end = at + 1;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'_' | b'.')) {
        end += 1;
        if end - at > MAX_HANDLE + 1 {
            return None;
        }
    }
    if b.get(end).is_some_and(|&c| c >= 0x80) && text[end..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    while end > at + 1 && b[end - 1] == b'.' {
        end -= 1;
    }
    let body = &b[at + 1..end];
    if body.len() < 2 || !body.iter().any(u8::is_ascii_alphabetic) || is_price(body) {
        return None;
    }
    let mut canonical = CompactString::const_new("@");
    canonical.push_str(&ascii_lowercase(&text[at + 1..end]));
    Some(Span {
        start: at,
        end,
        category: Category::Handle,
        canonical,
    })
}

/// A username typed without its '@' after a cue ending at `cue_end` ("ig: chaca__chaw",
/// "line aq rinaa23", "username betawi_asli_22"), past small words such as "aq" or
/// "nya". After "id", "akun", "line", "follow" and a group's cues, which are also
/// ordinary words, only a name shaped like a username (a digit, '_' or '.' inside)
/// counts; after the others, any word that is not an ordinary one ("ig ku
/// ayyukartika").
pub(crate) fn handle_after_cue(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    let b = text.as_bytes();
    let skip_marks = |mut i: usize| {
        while b
            .get(i)
            .is_some_and(|&c| matches!(c, b' ' | b'\t' | b':' | b'=' | b'-' | b','))
        {
            i += 1;
        }
        i
    };
    let mut i = skip_marks(cue_end);
    for _ in 0..2 {
        let end = i + b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if end == i || !is_michat_filler(&b[i..end]) || b.get(end).is_some_and(|&c| c == b'_' || c == b'.') {
            break;
        }
        i = skip_marks(end);
    }
    if i == cue_end || b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let start = i;
    let end = username_end(b, start)?;
    let body = &b[start..end];
    let shaped = body.iter().any(|&c| c.is_ascii_digit() || c == b'_' || c == b'.');
    let cue = &b[cue_start..cue_end];
    let strict = [&b"id"[..], b"akun", b"line", b"follow"]
        .iter()
        .any(|w| cue.eq_ignore_ascii_case(w))
        || GROUP_CUES.iter().any(|w| cue.eq_ignore_ascii_case(w.as_bytes()));
    let flags = LEXICON.exact(text, start, end);
    let ordinary_word = flags != 0 && flags & NAME == 0;
    // After "id" or "line", a long word in no lexicon is an ID too: a name glued to a
    // city's short form, in lower case or with capitals inside ("ID naylajogja",
    // "line: nadyabtg", "ID EuisRangkas"), not a drawn-out word.
    let camel_case = body.iter().all(u8::is_ascii_alphabetic)
        && body
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    let id_like = (cue.eq_ignore_ascii_case(b"id") || cue.eq_ignore_ascii_case(b"line"))
        && flags == 0
        && body.len() >= 7
        && (body.iter().all(u8::is_ascii_lowercase) || camel_case)
        && !body.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
    let ok = if shaped {
        body.iter().any(u8::is_ascii_alphabetic) && !is_price(body)
    } else {
        (!strict || id_like) && body.len() >= 4 && !ordinary_word
    };
    ok.then(|| handle_span(text, start, end))
}

/// A username standing alone without its '@': words joined by '_' with a digit, a
/// double '_' or a given name among them ("betawi_asli_22", "rina_manis"), or by '.'
/// when one part is no ordinary word ("nengmanis.jkt", "dinda.manja", but not
/// "ok.makasih", a missing space). Not a file name ("foto.jpg"), an abbreviation glued
/// to what it abbreviates ("Jl.Mawar", "Kak.Rina") or a number ("jam.10").
pub(crate) fn bare_handle(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    let end = username_end(b, start)?;
    let body = &b[start..end];
    if b.get(end) == Some(&b'@') || body.len() < 5 || !body.iter().any(|&c| c == b'_' || c == b'.') {
        return None;
    }
    const FILE_TYPES: &[&[u8]] = &[
        b"jpg", b"jpeg", b"png", b"webp", b"gif", b"heic", b"mp4", b"mov", b"mp3", b"opus", b"m4a", b"wav", b"ogg",
        b"3gp", b"pdf", b"doc", b"docx", b"odt", b"rtf", b"txt", b"md", b"srt", b"vtt", b"csv", b"tsv", b"xls",
        b"xlsx", b"json", b"xml", b"html", b"qdpx", b"age", b"vcf", b"zip", b"apk",
    ];
    if body
        .split(|&c| c == b'.')
        .any(|part| FILE_TYPES.iter().any(|t| part.eq_ignore_ascii_case(t)))
    {
        return None;
    }
    if body.contains(&b'_') {
        // "age_band", a researcher's attribute, is no username; "rina_manis",
        // "neng_manis88", "chaca__chaw", "cantik_trusmi" (a village) and
        // "ellacantik_pmk" are.
        let mut at = start;
        let named = body.split(|&c| c == b'_').any(|part| {
            let (s, e) = (at, at + part.len());
            at = e + 1;
            let flags = LEXICON.exact(text, s, e);
            part.iter().any(u8::is_ascii_digit)
                || part.is_empty()
                || flags & (NAME | PLACE) != 0
                || name_glued_to_word(text, s, e)
                || (flags == 0 && (is_town_code(part) || honorific_glued_to_name(text, s, e)))
        });
        return (named && body.iter().any(u8::is_ascii_alphabetic)).then(|| handle_span(text, start, end));
    }
    let mut ordinary = true;
    let mut at = start;
    // A username's digits at its end ("nona.lembeh22"): an honorific may open it.
    let numbered = body.last().is_some_and(u8::is_ascii_digit);
    for (k, part) in body.split(|&c| c == b'.').enumerate() {
        let (s, e) = (at, at + part.len());
        at = e + 1;
        let flags = LEXICON.exact(text, s, e);
        let cue = flags & (ADDRESS | ADDRESS_NUMBER | VENUE) != 0 || (flags & HONORIFIC != 0 && !numbered);
        // Digits may end a name of letters ("aisyahhrp.01"); not a price ("Rp10.000")
        // nor a part before ("10.ribu").
        let digits = part.iter().all(u8::is_ascii_digit);
        if part.len() < 2 || (digits && (end != e || b[start..s].iter().any(u8::is_ascii_digit))) || (k == 0 && cue) {
            return None;
        }
        if digits {
            continue;
        }
        ordinary &= flags != 0 && flags & NAME == 0;
    }
    (!ordinary).then(|| handle_span(text, start, end))
}

/// Whether `part` of a username is a town's short form, two to four consonants
/// ("rusmi_kpb", "ayuu_mmj", "gekmanis_tbn"): no word is written so between '_'.
fn is_town_code(part: &[u8]) -> bool {
    (2..=4).contains(&part.len())
        && part
            .iter()
            .all(|&c| c.is_ascii_alphabetic() && !matches!(c | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// Whether the word `start..end`, in no lexicon, is an honorific glued to a name, as
/// usernames write them: "tanteyosi", "bangdanu", "gekmanis".
fn honorific_glued_to_name(text: &str, start: usize, end: usize) -> bool {
    (start + 2..end.saturating_sub(2)).any(|cut| LEXICON.exact(text, start, cut) & HONORIFIC != 0)
}

/// A username standing alone that ends in two to four digits after five letters or
/// more ("bungasamawa99", "rudybrau77", "dewinikel99"): the letters, `start..digits`,
/// are a given name or in no lexicon. Not a word and its number ("kamar305",
/// "tahun2024"), a month's ("Mei2024") or a brand's ("iphone11", "covid19").
pub(crate) fn numbered_username(text: &str, start: usize, digits: usize, end: usize) -> Option<Span> {
    let b = text.as_bytes();
    let shaped = digits - start >= 5
        && (2..=4).contains(&(end - digits))
        && b[start..digits].iter().all(u8::is_ascii_alphabetic)
        && b[digits..end].iter().all(u8::is_ascii_digit)
        && !continues_a_name(b, start)
        && !matches!(b.get(end), Some(b'@' | b'.' | b'_' | b'/' | b'-' | b':'));
    if !shaped {
        return None;
    }
    let flags = LEXICON.exact(text, start, digits);
    (flags & DECOY == 0 && (flags == 0 || flags & NAME != 0)).then(|| handle_span(text, start, end))
}

/// Whether the word `start..end` is a given name and a word written as one, as
/// usernames are: "ellacantik" (Ella, pretty), "dewimanis".
fn name_glued_to_word(text: &str, start: usize, end: usize) -> bool {
    (start + 3..end.saturating_sub(2))
        .any(|cut| LEXICON.exact(text, start, cut) & NAME != 0 && LEXICON.exact(text, cut, end) & (COMMON | NAME) != 0)
}

/// The cues of a group's name (`group_names`).
const GROUP_CUES: &[&str] = &["grup", "grupnya", "group", "subjek", "subject"];

/// The names in quotes of a group after the cue `cue_start..cue_end`, "grup" or
/// "subjek" ('membuat grup "Kawan Selat 💋"', 'grup FB "Info Mamuju Terkini"',
/// 'mengubah subjek dari "A" menjadi "B"', 'changed the subject from "A" to "B"'):
/// whoever finds the group finds its members, and its name often holds their town.
/// None for another cue, or no name in quotes.
pub(crate) fn group_names(text: &str, cue_start: usize, cue_end: usize) -> Option<(Span, Option<Span>)> {
    // The app and the words of a system line that may stand between.
    const BETWEEN: &[&str] = &[
        "wa", "fb", "whatsapp", "facebook", "telegram", "tele", "dari", "from", "the", "tim", "torang", "kami", "kita",
        "kayak", "seperti", "bernama", "namanya", "nama",
    ];
    if !GROUP_CUES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(&text[cue_start..cue_end]))
    {
        return None;
    }
    // "grup-grup Facebook kayak …": the cue doubled, a plural.
    let mut p = cue_end;
    if text[p..].starts_with('-') && text[p + 1..].starts_with(&text[cue_start..cue_end]) {
        p = 2 * cue_end - cue_start + 1;
    }
    for _ in 0..2 {
        match next_word(text, p, 1) {
            Some((s, e)) if s > p && BETWEEN.iter().any(|w| w.eq_ignore_ascii_case(&text[s..e])) => p = e,
            _ => break,
        }
    }
    // 'grup WA kami, "Pesisir Bestie"': after a comma, only a name whose every word is
    // capitalised (what someone said in quotes after a comma reads as a sentence).
    let after_comma = || {
        let rest = text[p..].strip_prefix(',')?;
        quoted_name(text, text.len() - rest.len()).filter(|s| {
            text[s.start..s.end]
                .split_whitespace()
                .all(|w| !w.starts_with(|c: char| c.is_lowercase()))
        })
    };
    let Some(first) = quoted_name(text, p).or_else(after_comma).map(as_handle) else {
        return unquoted_group_name(text, p).map(|group| (group, None));
    };
    // The name it was given instead, after the closing quote.
    let line_end = text[first.end..].find('\n').map_or(text.len(), |i| first.end + i);
    let renamed = text[first.end..line_end]
        .char_indices()
        .find(|&(_, c)| matches!(c, '"' | '”'))
        .map(|(q, c)| first.end + q + c.len_utf8())
        .and_then(|after| {
            let rest = &text[after..];
            let to = rest.strip_prefix(" menjadi ").or_else(|| rest.strip_prefix(" to "))?;
            quoted_name(text, text.len() - to.len())
        })
        .map(as_handle);
    Some((first, renamed))
}

/// An account's name in quotes after its cue `cue_end`, with up to three words between
/// that say which app or whose account it is ('akun "Cik Lina 🏮 TPI"', 'akun michat
/// nya "Dedi Sawit Inhil"', 'Nama di MiChat "Ning Manis Tmg"'): what clients see,
/// whatever its words, and a person's name as a quoted name is (its words are learned:
/// 'akun "Anak Sesayap"', then "Anak Sesayap: halo").
pub(crate) fn quoted_account_name(text: &str, cue_end: usize) -> Option<Span> {
    const BETWEEN: &[&str] = &[
        "michat",
        "wa",
        "whatsapp",
        "fb",
        "facebook",
        "ig",
        "instagram",
        "tiktok",
        "telegram",
        "tele",
        "nya",
        "ne",
        "baru",
        "lama",
        "cadangan",
        "lain",
    ];
    // Most cues have no quote after them: one byte search rules it out.
    let near = &text.as_bytes()[cue_end..text.len().min(cue_end + 48)];
    memchr::memchr3(b'"', b'\'', 0xE2, near)?;
    let mut p = cue_end;
    for _ in 0..3 {
        if let Some(name) = quoted_name(text, p) {
            return Some(name);
        }
        let after_dash = p + usize::from(text[p..].starts_with('-'));
        match next_word(text, after_dash, 1) {
            Some((s, e)) if s > p && BETWEEN.iter().any(|w| w.eq_ignore_ascii_case(&text[s..e])) => p = e,
            _ => return None,
        }
    }
    quoted_name(text, p)
}

/// A name in quotes at `quote` that its account's ID follows ('"Cewek Rajabasa", ID
/// rajabasa.girl', '"Om Dayak Ganteng" (ID anang_kps.81)'): the account's name, as
/// clients see it, whatever words it holds; a person's name, as `quoted_account_name`'s.
pub(crate) fn quoted_before_id(text: &str, quote: usize) -> Option<Span> {
    let name = quoted_name(text, quote)?;
    if !text[name.start..].starts_with(char::is_uppercase) {
        return None;
    }
    let line_end = text[name.end..].find('\n').map_or(text.len(), |i| name.end + i);
    let close = name.end + text[name.end..line_end].find(['"', '”'])?;
    let rest = text[close..]
        .trim_start_matches(['"', '”'])
        .trim_start_matches([',', ' ', '(', '[']);
    let word = &rest[..rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len())];
    if !["id", "idnya"].iter().any(|id| id.eq_ignore_ascii_case(word)) {
        return None;
    }
    // The ID itself, shaped as one: "ID-ne ningmanis88", not 'bilang "Ya" ID apa'.
    let mut id = rest[word.len()..].trim_start_matches(['-', ':', ' ']);
    let filler = id.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(id.len());
    if is_michat_filler(&id.as_bytes()[..filler]) {
        id = id[filler..].trim_start_matches([':', ' ']);
    }
    let id_end = id
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(id.len());
    id[..id_end]
        .contains(|c: char| c.is_ascii_digit() || c == '_' || c == '.')
        .then_some(name)
}

fn as_handle(mut span: Span) -> Span {
    span.category = Category::Handle;
    span
}

/// A group's name with no quotes after `from`: two to four capitalised words, none a
/// decoy or a function word ("di grup Info Loker Singaraja", "grup Bundo Pesisir").
/// One capitalised word may open a sentence ("kasi tau di grup. Dia …").
fn unquoted_group_name(text: &str, from: usize) -> Option<Span> {
    let mut end = from;
    let mut words = 0;
    while words < 4
        && let Some((s, e)) = next_word(text, end, 1).filter(|&(s, _)| s == end + 1)
        && is_capitalised(text, s)
        && !is_function_word(&text[s..e])
        && LEXICON.exact(text, s, e) & DECOY == 0
    {
        end = e;
        words += 1;
    }
    (words >= 2).then(|| Span {
        start: from + 1,
        end,
        category: Category::Handle,
        canonical: words_canonical(&text[from + 1..end]),
    })
}

/// The end of the username at `start`: letters, digits, '_' and '.', not ending in '.',
/// at most `MAX_HANDLE` bytes, and not running on into a word that is not ASCII.
pub(crate) fn username_end(b: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'_' | b'.')) {
        end += 1;
        if end - start > MAX_HANDLE {
            return None;
        }
    }
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    (end - start >= 3 && b.get(end).is_none_or(|&c| c < 0x80)).then_some(end)
}

/// Whether `body`, a word of letters, digits, '_' and '.', reads as a username where
/// nothing cues one: it holds a '_' or a '.' or ends in digits ("mira_curup",
/// "mirakaba21"), and has four bytes or more.
pub(crate) fn is_username_shaped(body: &[u8]) -> bool {
    body.len() >= 4
        && body[0].is_ascii_alphabetic()
        && (body.iter().any(|&c| c == b'_' || c == b'.') || body.last().is_some_and(u8::is_ascii_digit))
}

/// The next of a list of usernames after `first`, a handle or a MiChat ID ("(mira_curup,
/// mirakaba21)", "sasa_ktg / sasa.ktg2", "eta_ambonmanise dan nonaeta.amq"): a word of
/// letters that holds a '_' or a '.' or ends in digits, after ", ", "/", " dan " or
/// " atau ", of `first`'s kind. Alone "mirakaba21" may be anything; beside a username
/// it is another.
pub(crate) fn listed_username_after(text: &str, first: &Span) -> Option<Span> {
    const BETWEEN: &[&str] = &[", ", " / ", "/", " dan ", " atau "];
    let end = first.end;
    let rest = &text[end..];
    let between = BETWEEN.iter().find(|b| rest.starts_with(**b))?;
    let start = end + between.len();
    let b = text.as_bytes();
    let name_end = username_end(b, start)?;
    if !is_username_shaped(&b[start..name_end]) {
        return None;
    }
    match first.category {
        Category::Handle => Some(handle_span(text, start, name_end)),
        Category::MichatId => Some(Span {
            start,
            end: name_end,
            category: Category::MichatId,
            canonical: ascii_lowercase(&text[start..name_end]),
        }),
        _ => None,
    }
}

/// A handle's span; its canonical form has the '@', as "@chaca__chaw" written with it.
fn handle_span(text: &str, start: usize, end: usize) -> Span {
    let mut canonical = CompactString::const_new("@");
    canonical.push_str(&ascii_lowercase(&text[start..end]));
    Span {
        start,
        end,
        category: Category::Handle,
        canonical,
    }
}

/// "500rb", "250k", "1jt": digits and a money suffix.
pub(crate) fn is_price(body: &[u8]) -> bool {
    let digits = body.iter().take_while(|b| b.is_ascii_digit() || **b == b'.').count();
    let suffix = &body[digits..];
    digits > 0 && (is_money_unit(suffix) || [&b"an"[..], b"x"].iter().any(|s| suffix.eq_ignore_ascii_case(s)))
}

/// Whether `word` counts money after a number: "150 ribu", "90rb", Javanese "50 ewu".
pub(crate) fn is_money_unit(word: &[u8]) -> bool {
    [&b"rb"[..], b"k", b"jt", b"ribu", b"juta", b"rebu", b"ewu"]
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s))
}

/// The MiChat ID after a cue ending at `cue_end` ("id michat: budi_88"); with
/// `colon_only`, the cue ("michat") counts only before ':' or '='.
pub(crate) fn michat_id(text: &str, cue_end: usize, colon_only: bool) -> Option<Span> {
    let b = text.as_bytes();
    let mut i = cue_end;
    let skip_spaces = |mut i: usize| {
        while b.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
            i += 1;
        }
        i
    };
    if b.get(i..i + 3).is_some_and(|s| s.eq_ignore_ascii_case(b"nya")) {
        i += 3;
    }
    i = skip_spaces(i);
    let colon = b.get(i).is_some_and(|&c| matches!(c, b':' | b'=' | b'-'));
    if colon {
        i = skip_spaces(i + 1);
    } else if colon_only {
        return None;
    }
    // "2 akun MiChat (eta_ambonmanise dan nonaeta.amq)".
    if b.get(i) == Some(&b'(') {
        i = skip_spaces(i + 1);
    }
    // "id michat aq: x", "michat id nya x", "cari di michat aja, x": up to three small
    // words and marks before the ID; or whose ID it is, in capitals, before a colon
    // ("ID MiChat Sulis: sulis_ngw").
    for _ in 0..3 {
        let end = i + b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let owner = end > i + 1 && b[i].is_ascii_uppercase() && b.get(end) == Some(&b':');
        if !is_michat_filler(&b[i..end]) && !owner {
            break;
        }
        i = skip_spaces(end);
        while b.get(i).is_some_and(|&c| matches!(c, b':' | b'=' | b'-' | b',')) {
            i = skip_spaces(i + 1);
        }
    }
    if b.get(i) == Some(&b'@') {
        i += 1;
    }
    let start = i;
    while i < b.len() && i - start <= 32 && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b'-')) {
        i += 1;
    }
    while i > start && matches!(b[i - 1], b'.' | b'-') {
        i -= 1;
    }
    let id = &b[start..i];
    if id.len() < 3 || i - start > 32 || b.get(i).is_some_and(|&c| c >= 0x80) {
        return None;
    }
    let plain_word = id.iter().all(u8::is_ascii_alphabetic);
    if plain_word && LEXICON.exact(text, start, i) & (COMMON | DECOY) != 0 {
        return None;
    }
    let canonical = ascii_lowercase(&text[start..i]);
    Some(Span {
        start,
        end: i,
        category: Category::MichatId,
        canonical,
    })
}

/// Whether the word `start..end`, "michat" mistyped, stands where a MiChat ID follows
/// it without a colon: after "id", "add" or "akun" ("add mcihat id : …"), or before
/// "id" or a pronoun ("id michta ku …"). Alone it is the app, as "michat" alone is.
pub(crate) fn michat_cue_around(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let next = next_word(text, end, 1).filter(|&(s, _)| s > end);
    ["id", "add", "akun", "username", "nama"]
        .iter()
        .any(|cue| ends_with_word(before, cue))
        || next.is_some_and(|(s, e)| {
            ["id", "idnya", "ku", "aku", "aq", "saya"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&text[s..e]))
        })
}

/// Words between a MiChat cue and the ID.
fn is_michat_filler(word: &[u8]) -> bool {
    const FILLERS: &[&[u8]] = &[
        b"nya",
        // Minang, Javanese and Sundanese for "nya": "ID-nyo", "ID-ne", "ID-na".
        b"nyo",
        b"ne",
        b"na",
        b"ku",
        b"aku",
        b"aq",
        b"saya",
        b"gue",
        b"gw",
        b"dia",
        b"kamu",
        b"mu",
        b"lu",
        // "I" in the regions: Sundanese "abdi", "aing", Singkawang Hakka "ngai", Minang
        // "awak", "ambo", eastern "sa", "beta", "kita", Betawi "ane", "aye", Javanese
        // "kula", Banyumas "inyong", Banjar "ulun" ("IG abdi @imas.geulis", "tiktok
        // ngai @apin").
        b"abdi",
        b"aing",
        b"ngai",
        b"awak",
        b"ambo",
        b"sa",
        b"beta",
        b"kita",
        b"ane",
        b"aye",
        b"kula",
        b"inyong",
        b"ulun",
        // Minang and Jambi "jugo" (also), Banjar "ding" (to a younger one).
        b"jugo",
        b"ding",
        b"punya",
        b"aja",
        b"aj",
        b"ya",
        b"id",
        b"ini",
        b"adalah",
        b"yaitu",
        b"di",
        b"michat",
        b"username",
        b"akun",
        b"kak",
        b"dong",
        // Which of a worker's accounts: "ID cadangan: …", "id mc baru: …".
        b"baru",
        b"lama",
        b"cadangan",
        b"utama",
        b"kedua",
        b"backup",
        b"aktif",
        b"skrg",
        b"sekarang",
        // "IG ada, …", Sundanese "IG aya, …", "IG juga: …".
        b"ada",
        b"aya",
        b"juga",
        b"jg",
        b"oge",
    ];
    FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(t: &str) -> Option<(String, String)> {
        link_at(t, 0).map(|s| (t[s.start..s.end].to_owned(), s.canonical.into()))
    }

    #[test]
    fn links_and_their_canonical_form() {
        assert_eq!(
            link("https://wa.me/6281234567890."),
            Some(("https://wa.me/6281234567890".into(), "wa.me/6281234567890".into()))
        );
        assert_eq!(
            link("wa.me/6281234567890").map(|l| l.1),
            Some("wa.me/6281234567890".into())
        );
        assert_eq!(
            link("https://api.whatsapp.com/send?phone=6281234567890 ok").map(|l| l.1),
            Some("api.whatsapp.com/send?phone=6281234567890".into())
        );
        assert_eq!(link("t.me/Budi88").map(|l| l.1), Some("t.me/budi88".into()));
        assert_eq!(
            link("http://www.Instagram.com/budi_cantik/").map(|l| l.1),
            Some("instagram.com/budi_cantik".into())
        );
        assert_eq!(
            link("instagram.com/budi_cantik").map(|l| l.1),
            Some("instagram.com/budi_cantik".into())
        );
        assert_eq!(link("http://192.168.1.1/x").map(|l| l.1), Some("192.168.1.1/x".into()));
    }

    #[test]
    fn link_in_bio_pages_and_short_links_without_a_scheme() {
        for t in [
            "linktr.ee/sari123",
            "beacons.ai/sari123",
            "lnk.bio/sari123",
            "instagr.am/sari123",
            "youtu.be/dQw4w9WgXcQ",
            "maps.app.goo.gl/x7Yz2Ab",
            "is.gd/x7Yz2A",
            "rb.gy/x7yz2a",
            "shorturl.at/abCD3",
            "msha.ke/sari123",
        ] {
            assert_eq!(link(t), Some((t.to_owned(), t.to_ascii_lowercase())), "{t}");
        }
    }

    #[test]
    fn non_links() {
        for t in [
            "iya.terus",
            "budi.company",
            "Jl.Mawar",
            "jam.9",
            "budi.id@gmail.com",
            "ok.",
            "Rp.500",
        ] {
            assert_eq!(link(t), None, "{t}");
        }
    }

    #[test]
    fn link_start_rule() {
        let t = b"x a.a.a.com";
        assert!(may_start_link(t, 2, 3));
        assert!(!may_start_link(t, 4, 5), "inside a dotted name");
        assert!(!may_start_link(b"halo kak", 0, 4));
    }

    fn at(t: &str) -> Option<(String, Category, String)> {
        let i = t.find('@')?;
        at_sign(t, i)
            .0
            .map(|s| (t[s.start..s.end].to_owned(), s.category, s.canonical.into()))
    }

    #[test]
    fn emails() {
        assert_eq!(
            at("email: Budi.Santoso88@Gmail.com."),
            Some((
                "Budi.Santoso88@Gmail.com".into(),
                Category::Email,
                "budi.santoso88@gmail.com".into()
            ))
        );
        assert_eq!(
            at("sari_dewi+vip@yahoo.co.id,").map(|e| e.2),
            Some("sari_dewi+vip@yahoo.co.id".into())
        );
        assert_eq!(at("a@b"), None);
        assert_eq!(at("x@y.1"), None);
    }

    #[test]
    fn emails_spelled_out() {
        let spelled = |t: &str| {
            let start = t.find(['g', 'y', 'G']).unwrap();
            let end = start + t[start..].find(" ya").unwrap();
            let provider_end = start + t[start..].bytes().take_while(u8::is_ascii_alphabetic).count();
            disguised_email(t, start, provider_end)
                .filter(|s| s.end == end)
                .map(|s| (t[s.start..s.end].to_owned(), String::from(s.canonical)))
        };
        for (text, found, canonical) in [
            (
                "email rinamanja at yahoo dot com ya",
                "rinamanja at yahoo dot com",
                "rinamanja@yahoo.com",
            ),
            (
                "rina_99 (at) gmail dot com ya",
                "rina_99 (at) gmail dot com",
                "rina_99@gmail.com",
            ),
            (
                "RinaManja at Gmail Dot Com ya",
                "RinaManja at Gmail Dot Com",
                "rinamanja@gmail.com",
            ),
            (
                "email rina.manja [at] gmail [dot] com ya",
                "rina.manja [at] gmail [dot] com",
                "rina.manja@gmail.com",
            ),
            (
                "rinamanja(at)gmail(dot)com ya",
                "rinamanja(at)gmail(dot)com",
                "rinamanja@gmail.com",
            ),
            (
                "rinamanja@gmail dot com ya",
                "rinamanja@gmail dot com",
                "rinamanja@gmail.com",
            ),
            (
                "rina [et] yahoo [titik] co [titik] id ya",
                "rina [et] yahoo [titik] co [titik] id",
                "rina@yahoo.co.id",
            ),
            (
                "rinamanja [at] yahoo.co.id ya",
                "rinamanja [at] yahoo.co.id",
                "rinamanja@yahoo.co.id",
            ),
        ] {
            assert_eq!(spelled(text), Some((found.to_owned(), canonical.to_owned())), "{text}");
        }
        // The provider alone, or after no "at".
        for text in [
            "pakai gmail dot com ya",
            "at gmail dot com ya",
            "rina di gmail dot com ya",
            // A char of several bytes where "(at)" would start.
            "aé😀 gmail dot com ya",
            // "at" glued to a word, a sentence's end, no domain after the provider.
            "rinaat gmail dot com ya",
            "kirim ke rina at gmail. com ya",
            "rina at gmail ya",
            "rina at gmail dot cóm ya",
        ] {
            assert_eq!(spelled(text), None, "{text}");
        }
    }

    #[test]
    fn handles() {
        assert_eq!(
            at("follow @Budi_Cantik."),
            Some(("@Budi_Cantik".into(), Category::Handle, "@budi_cantik".into()))
        );
        assert_eq!(at("(@sari.dewi)").map(|h| h.2), Some("@sari.dewi".into()));
        for t in ["harga @500rb", "@250k", "@ 5", "@1", "kamu@rumah"] {
            assert_eq!(at(t), None, "{t}");
        }
    }

    #[test]
    fn usernames_ending_in_digits() {
        let numbered = |t: &str| {
            let b = t.as_bytes();
            let digits = b.iter().position(u8::is_ascii_digit).unwrap_or(b.len());
            let end = b[digits..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(b.len(), |n| digits + n);
            numbered_username(t, 0, digits, end).map(|s| (t[s.start..s.end].to_owned(), s.canonical))
        };
        assert_eq!(
            numbered("Dewinikel99 ya"),
            Some(("Dewinikel99".into(), "@dewinikel99".into()))
        );
        assert_eq!(numbered("rina99").map(|h| h.0), None, "five letters or more");
        assert_eq!(numbered("sarinah99").map(|h| h.0), Some("sarinah99".into()));
        for t in [
            "bungasamawa9",
            "bungasamawa12345",
            "bungasamawa99@gmail.com",
            "bungasamawa99.jkt",
            "bungasamawa99_x",
            "kamar305",
            "januari2024",
            "covid19",
        ] {
            assert_eq!(numbered(t), None, "{t}");
        }
        assert!(is_town_code(b"kpb") && is_town_code(b"MMJ") && is_town_code(b"tb"));
        for part in [&b"spa"[..], b"b", b"kpbsb", b"ty", b"k2"] {
            assert!(!is_town_code(part), "{}", String::from_utf8_lossy(part));
        }
    }

    #[test]
    fn michat_ids() {
        let id = |t: &str, cue: &str, colon| {
            let end = t.find(cue).map_or(0, |i| i + cue.len());
            michat_id(t, end, colon).map(|s| (t[s.start..s.end].to_owned(), s.canonical))
        };
        assert_eq!(
            id("id michat: Bunga_88.", "id michat", false),
            Some(("Bunga_88".into(), "bunga_88".into()))
        );
        assert_eq!(
            id("MiChat ID sari.manis ya", "MiChat ID", false).map(|i| i.1),
            Some("sari.manis".into())
        );
        assert_eq!(
            id("cari di michat: cewekbdg", "cari di michat", false).map(|i| i.1),
            Some("cewekbdg".into())
        );
        assert_eq!(
            id("michat=@tasya99", "michat", true).map(|i| i.1),
            Some("tasya99".into())
        );
        assert_eq!(id("michat lagi sepi", "michat", true), None);
        assert_eq!(id("id michat aja", "id michat", false), None);
        assert_eq!(
            id("add michat id nya novi8512 ya", "michat id", false).map(|i| i.1),
            Some("novi8512".into())
        );
        assert_eq!(
            id("cari di michat aja, xxvilosyaxx ya", "cari di michat", false).map(|i| i.1),
            Some("xxvilosyaxx".into())
        );
        assert_eq!(
            id("id MiChat aq iis_bby_5, trs", "id MiChat", false).map(|i| i.1),
            Some("iis_bby_5".into())
        );
    }
}
