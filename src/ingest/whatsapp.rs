//! WhatsApp "Export chat" files (.txt, or .zip with the chat text and media), Android and iOS, Indonesian and
//! English locales.
//!
//! One segment per message, `when` normalised to ISO "2024-03-12 21:30" (":ss" kept when the export has seconds),
//! the sender as [`Speaker::Person`], WhatsApp's own notices as [`Speaker::System`], and media, deleted and edited
//! markers replaced by neutral ones.
//!
//! Day/month order is decided per file, before any segment is emitted, by a first pass over the message headers:
//! a first number above 12 means day first, a second number above 12 means month first. When no date settles it
//! (all days ≤ 12), 12-hour times (AM/PM) mean month first, as US English phones write, and 24-hour times mean day
//! first, as Indonesian and most other locales write. A year written first means year-month-day.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::lines::{Lines, Out};
use super::{ParseError, ReadError, Segment, Speaker};

pub(crate) const MEDIA: &str = "[media omitted]";
pub(crate) const DELETED: &str = "[deleted]";
pub(crate) const EDITED: &str = "[edited]";

const HINT: &str = "export the chat again from WhatsApp (chat menu > More > Export chat > Without media) and import the file unchanged";

/// A message header: Android "12/03/24 21.30 - …", "3/12/24, 9:30 PM - …", iOS "[12/03/24 21.30.15] …",
/// "[3/12/24, 9:30:15 PM] …". Applied to lines cleaned by [`clean`]. The pattern, read by [`header`] by hand
/// (a regex with captures on every line of a chat cost more than the rest of parsing; the tests hold the two
/// equal):
#[cfg_attr(not(test), allow(dead_code))]
const HEADER_PATTERN: &str = r"^(\[)?(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?(\] ?| [-–] )(.*)$";

/// Day/month order of the dates in one export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    DayMonth,
    MonthDay,
    YearMonth,
}

#[cfg_attr(test, derive(Debug, PartialEq))]
struct Header<'a> {
    nums: [u32; 3],
    year_first: bool,
    hour: u32,
    minute: u32,
    second: Option<u32>,
    pm: Option<bool>,
    ios: bool,
    rest: &'a str,
}

/// Reads a message header (see [`HEADER_PATTERN`]) off the start of a line.
fn header(line: &str) -> Option<Header<'_>> {
    let mut at = Cursor {
        bytes: line.as_bytes(),
        i: 0,
    };
    let ios = at.take(b"[");
    let (a, a_len) = at.number(1, 4)?;
    at.take_any(b"/.-").then_some(())?;
    let (b, _) = at.number(1, 2)?;
    at.take_any(b"/.-").then_some(())?;
    let (c, _) = at.number(2, 4)?;
    at.take(b",");
    at.take(b" ").then_some(())?;
    let (hour, _) = at.number(1, 2)?;
    at.take_any(b":.").then_some(())?;
    let (minute, _) = at.number(2, 2)?;
    // Seconds only when two digits follow the separator: "21.30.15".
    let second = match at.bytes.get(at.i + 1..at.i + 3) {
        Some(&[x, y]) if at.peek_any(b":.") && x.is_ascii_digit() && y.is_ascii_digit() => {
            at.i += 1;
            Some(at.number(2, 2)?.0)
        }
        _ => None,
    };
    let pm = at.meridiem();
    let closes_ios = if at.take(b"]") {
        at.take(b" ");
        true
    } else if at.take(" - ".as_bytes()) || at.take(" – ".as_bytes()) {
        false
    } else {
        return None;
    };
    let rest = &line[at.i..];
    if ios != closes_ios || memchr::memchr(b'\n', rest.as_bytes()).is_some() {
        return None;
    }
    Some(Header {
        nums: [a, b, c],
        year_first: a_len == 4,
        hour,
        minute,
        second,
        pm,
        ios,
        rest,
    })
}

/// A position in a header being read.
struct Cursor<'a> {
    bytes: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    /// Steps over `expected` if the line continues with it.
    fn take(&mut self, expected: &[u8]) -> bool {
        let found = self.bytes[self.i..].starts_with(expected);
        if found {
            self.i += expected.len();
        }
        found
    }

    fn peek_any(&self, set: &[u8]) -> bool {
        self.bytes.get(self.i).is_some_and(|b| set.contains(b))
    }

    /// Steps over one byte of `set`.
    fn take_any(&mut self, set: &[u8]) -> bool {
        let found = self.peek_any(set);
        if found {
            self.i += 1;
        }
        found
    }

    /// Reads `min..=max` ASCII digits, which must not be followed by another digit; their value and count.
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let run = self.bytes[self.i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run < min || run > max {
            return None;
        }
        let value = self.bytes[self.i..self.i + run]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        self.i += run;
        Some((value, run))
    }

    /// Reads " AM", "pm", " p.m." and the like: Some(true) for PM. Reads nothing unless the whole marker is
    /// there.
    fn meridiem(&mut self) -> Option<bool> {
        let start = self.i;
        self.take(b" ");
        let pm = match self.bytes.get(self.i) {
            Some(b'A' | b'a') => false,
            Some(b'P' | b'p') => true,
            _ => {
                self.i = start;
                return None;
            }
        };
        self.i += 1;
        self.take(b".");
        self.take(b" ");
        if !self.take_any(b"Mm") {
            self.i = start;
            return None;
        }
        self.take(b".");
        Some(pm)
    }
}

impl Header<'_> {
    /// The date and time, or None if the numbers are not a valid date/time in this order.
    fn when(&self, order: Order) -> Option<When> {
        let [a, b, c] = self.nums;
        let (y, m, d) = match order {
            Order::YearMonth if self.year_first => (a, b, c),
            Order::DayMonth if !self.year_first => (c, b, a),
            Order::MonthDay if !self.year_first => (c, a, b),
            _ => return None,
        };
        let y = if y < 100 { 2000 + y } else { y };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=2999).contains(&y) {
            return None;
        }
        let hour = match self.pm {
            Some(pm) if (1..=12).contains(&self.hour) => self.hour % 12 + if pm { 12 } else { 0 },
            Some(_) => return None,
            None => self.hour,
        };
        if hour > 23 || self.minute > 59 || self.second.is_some_and(|s| s > 59) {
            return None;
        }
        Some(When {
            date: [y, m, d],
            hour,
            minute: self.minute,
            second: self.second,
        })
    }

    /// The date and time in the export's `order`, or else in the first order that makes
    /// them valid: a chat copied from a phone of another locale and pasted into a
    /// message ("[3/28/24, 9:41:07 PM] Mike R.: …" in a day-first export) is a run of
    /// messages all the same, whose senders are named and replaced as any other's.
    fn when_in(&self, order: Order) -> Option<When> {
        self.when(order).or_else(|| {
            [Order::DayMonth, Order::MonthDay]
                .into_iter()
                .find_map(|o| self.when(o))
        })
    }
}

/// A message's valid date and time.
struct When {
    date: [u32; 3],
    hour: u32,
    minute: u32,
    second: Option<u32>,
}

impl When {
    /// Writes it as ISO "2024-03-12 21:30" (":ss" when the export has seconds) into `out`, emptied first.
    fn write(&self, out: &mut String) {
        // Written by hand into a stack buffer, then into the segment's reused one at
        // once: `format!`, and then a push per character, were visible parts of
        // reading a long chat.
        let [y, m, d] = self.date;
        let mut written = *b"0000-00-00 00:00:00";
        put_digits(&mut written[..4], y);
        put_digits(&mut written[5..7], m);
        put_digits(&mut written[8..10], d);
        put_digits(&mut written[11..13], self.hour);
        put_digits(&mut written[14..16], self.minute);
        let len = match self.second {
            Some(s) => {
                put_digits(&mut written[17..19], s);
                19
            }
            None => 16,
        };
        out.clear();
        out.push_str(std::str::from_utf8(&written[..len]).unwrap_or_default());
    }
}

/// Writes the last `into.len()` decimal digits of `n` into `into`, zero-padded.
fn put_digits(into: &mut [u8], mut n: u32) {
    for digit in into.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// The character [`clean`] changes at byte `i` of a line, if any: its length in bytes and what replaces it
/// (a space, or nothing). Told by its UTF-8 bytes, so that a line is cleaned in one pass and copied in runs.
fn invisible_at(line: &[u8], i: usize) -> Option<(usize, Option<char>)> {
    match (line[i], line.get(i + 1), line.get(i + 2)) {
        // U+00A0 no-break space
        (0xC2, Some(0xA0), _) => Some((2, Some(' '))),
        // U+202F narrow no-break space
        (0xE2, Some(0x80), Some(0xAF)) => Some((3, Some(' '))),
        // U+200E, U+200F, U+202A..=U+202E
        (0xE2, Some(0x80), Some(0x8E | 0x8F | 0xAA..=0xAE)) => Some((3, None)),
        // U+2066..=U+2069
        (0xE2, Some(0x81), Some(0xA6..=0xA9)) => Some((3, None)),
        // U+FEFF
        (0xEF, Some(0xBB), Some(0xBF)) => Some((3, None)),
        _ => None,
    }
}

/// Remove direction marks and other invisible formatting characters WhatsApp inserts, and turn narrow and
/// ordinary no-break spaces (before AM/PM, in "~ Name") into plain spaces. Most lines have none and are
/// returned as they are.
fn clean(line: &str) -> Cow<'_, str> {
    let mut cleaned = String::new();
    if clean_into(line, &mut cleaned) {
        Cow::Owned(cleaned)
    } else {
        Cow::Borrowed(line)
    }
}

/// [`clean`] with a buffer reused from line to line: the line itself, or its cleaned copy in `buffer`.
/// Where `part` starts in `whole`, if it is a slice of it (not merely equal to one).
fn offset_within(whole: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (offset + part.len() <= whole.len()).then_some(offset)
}

fn clean_reusing<'a>(line: &'a str, buffer: &'a mut String) -> &'a str {
    if clean_into(line, buffer) { buffer } else { line }
}

/// [`clean`] into `out` (emptied first, and reused from line to line): whether the line changed, else `out` is
/// left empty and the line is clean as it is.
fn clean_into(line: &str, out: &mut String) -> bool {
    let bytes = line.as_bytes();
    out.clear();
    let mut changed = false;
    let (mut copied, mut i) = (0, 0);
    // Every character changed here starts with one of these three bytes: the search
    // jumps to the next of them instead of testing every byte.
    while let Some(at) = memchr::memchr3(0xC2, 0xE2, 0xEF, &bytes[i..]) {
        i += at;
        match invisible_at(bytes, i) {
            Some((len, replacement)) => {
                changed = true;
                out.push_str(&line[copied..i]);
                out.extend(replacement);
                i += len;
                copied = i;
            }
            None => i += 1,
        }
    }
    if changed {
        out.push_str(&line[copied..]);
    }
    changed
}

pub(crate) fn looks_like_export(head: &str) -> bool {
    head.lines()
        .map(clean)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| header(&l).is_some())
}

/// The byte ranges in `text`, a WhatsApp export read whole, of the senders an import
/// replaces: every sender but a research role or a code ("P01") and but WhatsApp's own
/// notices, read as `parse` reads them, and the contacts a notice names
/// (`notice_names`). The preview (`fieldvault pseudonymise`) must
/// replace them as an import does.
pub(crate) fn person_senders(text: &str) -> Vec<Range<usize>> {
    let Ok(order) = scan_order::<(), _>(text.as_bytes()) else {
        return Vec::new();
    };
    let mut senders = Senders::default();
    let mut cleaned = String::new();
    let mut out = Vec::new();
    let mut line_start = 0;
    for with_end in text.split_inclusive('\n') {
        let at = line_start;
        line_start += with_end.len();
        let raw = with_end.trim_end_matches(['\n', '\r']);
        let line = clean_reusing(raw, &mut cleaned);
        let Some(h) = header(line).filter(|h| h.when_in(order).is_some()) else {
            continue;
        };
        let (kind, sender, message) = message_parts(&h, raw, &mut senders);
        if kind == SenderKind::System {
            let mut from = 0;
            for name in notice_names(message) {
                let name = &message[name];
                if let Some(i) = raw[from..].find(name) {
                    out.push(at + from + i..at + from + i + name.len());
                    from += i + name.len();
                }
            }
        }
        // A notice in a named chat names its sender all the same (iOS: "[…] senja mlg:
        // ‎Pesan dan panggilan terenkripsi …"): the import keeps the notice without it.
        let (kind, sender) = match (kind, split_at_colon_space(h.rest)) {
            (SenderKind::System, Some((named, _))) if senders.kind(named) == SenderKind::Person => {
                (SenderKind::Person, named)
            }
            _ => (kind, sender),
        };
        let name = sender_name(sender);
        // Cleaning takes out invisible marks only: the name stands in the raw line as
        // it does in the clean one, unless a mark sits inside it (then the engine alone
        // reads it). A line that needed no cleaning holds the name itself, where it is.
        if kind == SenderKind::Person
            && !name.is_empty()
            && let Some(i) = offset_within(raw, name).or_else(|| raw.find(name))
        {
            out.push(at + i..at + i + name.len());
        }
    }
    out
}

pub(crate) fn read_txt<E, F: FnMut(&Segment) -> Result<(), E>>(
    mut input: File,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let order = scan_order(BufReader::new(&input))?;
    input.rewind()?;
    let media = parse(BufReader::new(input), order, out)?;
    out.summary.media_skipped += media.omitted + media.attached;
    Ok(())
}

/// Whether a file name may be one WhatsApp gives an export ("WhatsApp Chat with
/// Siti.txt", "Chat WhatsApp dengan Siti.zip", "WhatsApp Chat - Siti.zip"): such a name
/// names the other person. Every language's name holds the word "WhatsApp" ("Discussion
/// WhatsApp avec …", "WhatsApp-Chat mit …"), so that word is what is looked for: a
/// name withheld for nothing costs less than one printed. Directories in the name are
/// passed over.
pub(crate) fn is_export_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.to_lowercase().contains("whatsapp")
}

/// The chat text in an export zip: `_chat.txt` (iOS), a "WhatsApp Chat …"/"Chat WhatsApp …" .txt (Android), or
/// the only .txt there is.
pub(crate) fn chat_entry<R: Read + Seek>(archive: &zip::ZipArchive<R>) -> Option<usize> {
    let names: Vec<(usize, String)> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(|n| (i, n.to_owned())))
        .filter(|(_, n)| n.to_ascii_lowercase().ends_with(".txt"))
        .collect();
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_lowercase();
    names
        .iter()
        .find(|(_, n)| base(n) == "_chat.txt")
        .or_else(|| names.iter().find(|(_, n)| is_export_name(n)))
        .or(if names.len() == 1 { names.first() } else { None })
        .map(|(i, _)| *i)
}

pub(crate) fn read_zip<E, F: FnMut(&Segment) -> Result<(), E>>(
    archive: &mut zip::ZipArchive<File>,
    chat: usize,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let unreadable = || {
        ParseError::new(
            0,
            "the chat text in the zip cannot be read (encrypted or unsupported compression)",
            HINT,
        )
    };
    let order = scan_order(BufReader::new(archive.by_index(chat).map_err(|_| unreadable())?))?;
    let media = parse(
        BufReader::new(archive.by_index(chat).map_err(|_| unreadable())?),
        order,
        out,
    )?;
    // Media files in the archive are not imported; "<attached: …>" references to them are not counted twice.
    let files = (0..archive.len())
        .filter(|&i| i != chat && archive.name_for_index(i).is_some_and(|n| !n.ends_with('/')))
        .count();
    out.summary.media_skipped += media.omitted + files as u64;
    Ok(())
}

/// First pass: find which day/month order the export uses (see the module documentation).
fn scan_order<E, R: BufRead>(input: R) -> Result<Order, ReadError<E>> {
    let mut lines = Lines::new(input);
    let mut twelve_hour = None;
    let mut cleaned = String::new();
    while let Some((_, raw)) = lines.next_line()? {
        let line = clean_reusing(raw, &mut cleaned);
        let Some(h) = header(line) else { continue };
        if h.year_first {
            return Ok(Order::YearMonth);
        }
        twelve_hour.get_or_insert(h.pm.is_some());
        if h.nums[0] > 12 {
            return Ok(Order::DayMonth);
        }
        if h.nums[1] > 12 {
            return Ok(Order::MonthDay);
        }
    }
    Ok(if twelve_hour == Some(true) {
        Order::MonthDay
    } else {
        Order::DayMonth
    })
}

#[derive(Default)]
struct MediaCount {
    /// "<Media omitted>", "image omitted": the file is not in the export.
    omitted: u64,
    /// "<attached: …>", "… (file attached)": the file is in the zip next to the chat.
    attached: u64,
}

fn parse<E, F: FnMut(&Segment) -> Result<(), E>, R: BufRead>(
    input: R,
    order: Order,
    out: &mut Out<F>,
) -> Result<MediaCount, ReadError<E>> {
    let mut lines = Lines::new(input);
    let mut media = MediaCount::default();
    let mut seen_header = false;
    let mut senders = Senders::default();
    // Reused from line to line: a cleaned line, and a continuation line's text.
    let (mut cleaned, mut continued) = (String::new(), String::new());
    while let Some((n, raw)) = lines.next_line()? {
        out.count_line();
        let line = clean_reusing(raw, &mut cleaned);
        let message = header(line).and_then(|h| h.when_in(order).map(|when| (h, when)));
        let Some((h, when)) = message else {
            if !seen_header {
                if line.trim().is_empty() {
                    continue;
                }
                return Err(ParseError::new(
                    n,
                    "not a WhatsApp message line such as \"12/03/24 21.30 - Name: text\"",
                    HINT,
                )
                .into());
            }
            continued.clear();
            push_edited(line, &mut continued);
            out.append(n, "\n", &continued)?;
            continue;
        };
        seen_header = true;
        let (kind, sender, text) = message_parts(&h, raw, &mut senders);
        let segment = out.begin(n)?;
        when.write(segment.when.get_or_insert_with(String::new));
        set_speaker(&mut segment.speaker, kind, sender);
        match media_marker(text) {
            Some(Media::Omitted) => {
                media.omitted += 1;
                segment.text.push_str(MEDIA);
            }
            Some(Media::Attached) => {
                media.attached += 1;
                segment.text.push_str(MEDIA);
            }
            None if is_deleted(text) => segment.text.push_str(DELETED),
            None => push_edited(text, &mut segment.text),
        }
    }
    Ok(media)
}

/// Split the text after the time stamp into the sender (of what kind, and their name as written; empty for a
/// notice) and the message. `raw` is the line before cleaning: on iOS a left-to-right mark at the start of the
/// message text is how WhatsApp flags its own notices.
fn message_parts<'a>(h: &Header<'a>, raw: &str, senders: &mut Senders) -> (SenderKind, &'a str, &'a str) {
    let rest = h.rest;
    let Some((sender, text)) = split_at_colon_space(rest) else {
        // Android writes notices without a sender ("… - Siti menambahkan Budi"); "Name:" with an empty message
        // is a sender all the same.
        return match rest.strip_suffix(':') {
            Some(sender) if !h.ios && !sender.is_empty() && !is_system(sender) => {
                (SenderKind::named(sender), sender, "")
            }
            _ => (SenderKind::System, "", rest.trim()),
        };
    };
    let kind = senders.kind(sender);
    if kind == SenderKind::System {
        // "Siti changed the subject from "a" to "b: c"": a notice that happens to contain ": ".
        return (SenderKind::System, "", rest.trim());
    }
    // Most lines hold no left-to-right mark (its last byte is 0x8E): one byte search
    // rules it out instead of two substring searches on every message.
    let flagged = || {
        memchr::memchr(0x8E, raw.as_bytes()).is_some()
            && (raw.contains(": \u{200e}") || raw.contains(":\u{202f}\u{200e}"))
    };
    if is_encryption_notice(text) || (flagged() && is_system(text)) {
        return (SenderKind::System, "", text.trim());
    }
    (kind, sender, text)
}

/// `s.split_once(": ")`, found by a byte search for the colon: setting up the two-way search of a two-byte
/// pattern for every message cost more than the search.
fn split_at_colon_space(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let colon = memchr::memchr_iter(b':', b).find(|&i| b.get(i + 1) == Some(&b' '))?;
    Some((&s[..colon], &s[colon + 2..]))
}

/// What the text before a message's ": " is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SenderKind {
    Role,
    Person,
    /// A notice that happens to contain ": ".
    System,
}

impl SenderKind {
    fn of(sender: &str) -> Self {
        if sender.chars().count() > 80 || is_system(sender) {
            SenderKind::System
        } else {
            SenderKind::named(sender)
        }
    }

    /// A role or a person, by the sender's name. A researcher who saved the participant
    /// as "P01" (or themself as "Peneliti") has already pseudonymised the sender; as a
    /// person, the code would become a pseudonym whose original is the code itself.
    fn named(sender: &str) -> Self {
        if super::text::is_role(sender_name(sender)) {
            SenderKind::Role
        } else {
            SenderKind::Person
        }
    }
}

/// The kinds of a chat's recent senders: every message names one of a few, and telling
/// a notice or a role from a person (lower-casing, the notice automaton) cost more
/// than the rest of the line.
#[derive(Default)]
struct Senders(Vec<(String, SenderKind)>);

/// Senders remembered; a group chat may have more, and a new one then replaces the
/// oldest.
const SENDERS_REMEMBERED: usize = 16;

impl Senders {
    fn kind(&mut self, sender: &str) -> SenderKind {
        if let Some((_, kind)) = self.0.iter().find(|(s, _)| s == sender) {
            return *kind;
        }
        let kind = SenderKind::of(sender);
        if self.0.len() == SENDERS_REMEMBERED {
            self.0.remove(0);
        }
        self.0.push((sender.to_owned(), kind));
        kind
    }
}

/// The name in a sender: unsaved contacts in groups appear as "~ Name".
fn sender_name(sender: &str) -> &str {
    sender.trim().trim_start_matches('~').trim()
}

/// Makes `speaker` the sender of this kind, reusing the buffer of the name it held.
fn set_speaker(speaker: &mut Option<Speaker>, kind: SenderKind, sender: &str) {
    let mut name = match speaker.take() {
        Some(Speaker::Role(name) | Speaker::Person(name)) => name,
        Some(Speaker::System) | None => String::new(),
    };
    name.clear();
    name.push_str(sender_name(sender));
    *speaker = Some(match kind {
        SenderKind::Role => Speaker::Role(name),
        SenderKind::Person => Speaker::Person(name),
        SenderKind::System => Speaker::System,
    });
}

fn is_encryption_notice(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("Messages and calls are end-to-end encrypted")
        || t.starts_with("Pesan dan panggilan terenkripsi secara end-to-end")
}

/// Phrases (space-delimited words where short) of WhatsApp's notices (group changes, security, disappearing messages), English and Indonesian.
const SYSTEM_PHRASES: &[&str] = &[
    "end-to-end",
    " created group",
    "created this group",
    " added ",
    " removed ",
    " left ",
    "joined using this group's invite link",
    " joined ",
    "changed the subject",
    "changed this group's icon",
    "deleted this group's icon",
    "changed the group description",
    "changed their phone number",
    "changed to ",
    "security code",
    "disappearing messages",
    "now an admin",
    "pinned a message",
    "membuat grup",
    "menambahkan",
    "mengeluarkan",
    " keluar ",
    " bergabung ",
    "mengubah subjek",
    "mengubah ikon grup",
    "menghapus ikon grup",
    "mengubah deskripsi grup",
    "mengganti nomor",
    "kode keamanan",
    "pesan sementara",
    "sekarang admin",
    "menyematkan pesan",
];

/// All of [`SYSTEM_PHRASES`] in one automaton: a sender and often a message are
/// checked against them, and a chat has a hundred thousand messages.
static SYSTEM: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(SYSTEM_PHRASES).expect("static phrases build an automaton"));

fn is_system(text: &str) -> bool {
    thread_local! {
        // The lower-cased text between two spaces, so that " left " matches at either end; reused.
        static PADDED: RefCell<String> = const { RefCell::new(String::new()) };
    }
    PADDED.with_borrow_mut(|padded| {
        padded.clear();
        padded.push(' ');
        let text = text.trim();
        if text.is_ascii() {
            // Most messages: lower-cased in place, in one go.
            padded.push_str(text);
            padded.make_ascii_lowercase();
        } else {
            // Char by char, as `str::to_lowercase` would but for the Greek final sigma,
            // which no phrase holds.
            for c in text.chars() {
                padded.extend(c.to_lowercase());
            }
        }
        padded.push(' ');
        SYSTEM.is_match(padded.as_str())
    })
}

/// What a notice says a contact did: the words after the contact's name, and whether
/// contacts it acted on follow ("Siti menambahkan Budi dan Rina", "Siti left").
const NOTICE_VERBS: &[(&str, bool)] = &[
    ("menambahkan", true),
    ("mengeluarkan", true),
    ("added", true),
    ("removed", true),
    ("membuat grup", false),
    ("created group", false),
    ("created this group", false),
    ("keluar", false),
    ("left", false),
    ("bergabung", false),
    ("joined", false),
    ("mengubah", false),
    ("menghapus", false),
    ("mengganti", false),
    ("menyematkan", false),
    ("mengaktifkan", false),
    ("menonaktifkan", false),
    ("changed", false),
    ("deleted", false),
    ("pinned", false),
    ("turned", false),
    ("sekarang admin", false),
];

/// The contacts a notice names ("Rosa Outreach 🌷 menambahkan Sasa Baru, Rina dan
/// +62 812-…"): WhatsApp writes each as the exporting phone saved it, so each is a
/// person's name or number whatever words it holds, as a sender is. "Anda" and "You",
/// the phone's owner, are not names. The names are byte ranges of `notice`.
pub(crate) fn notice_names(notice: &str) -> Vec<Range<usize>> {
    let lower = notice.to_lowercase();
    // Lower-casing keeps every byte offset here: the verbs are ASCII, and a name is
    // cut from `notice` only when the two have the same length.
    if lower.len() != notice.len() || is_encryption_notice(notice) {
        return Vec::new();
    }
    // "Your security code with Siti changed.", "Kode keamanan Anda dengan Siti berubah."
    for (before, after) in [
        ("security code with ", " changed"),
        ("kode keamanan anda dengan ", " berubah"),
    ] {
        if let Some(start) = lower.find(before).map(|at| at + before.len())
            && let Some(end) = lower[start..].find(after).map(|len| start + len)
        {
            return in_notice(notice, [&notice[start..end]]);
        }
    }
    let verb = NOTICE_VERBS
        .iter()
        .filter_map(|&(verb, acted_on)| {
            let at = lower.match_indices(verb).map(|(at, _)| at).find(|&at| {
                let end = at + verb.len();
                at > 0 && lower.as_bytes()[at - 1] == b' ' && lower.as_bytes().get(end).is_none_or(|&c| c == b' ')
            })?;
            Some((at, at + verb.len(), acted_on))
        })
        .min_by_key(|&(at, _, _)| at);
    let Some((at, end, acted_on)) = verb else {
        return Vec::new();
    };
    let mut names = vec![&notice[..at]];
    if acted_on {
        let mut rest = &notice[end..];
        while !rest.is_empty() {
            let cut = [", ", " dan ", " and "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, i + sep.len())))
                .min();
            let (name, next) = cut.map_or((rest, ""), |(i, j)| (&rest[..i], &rest[j..]));
            names.push(name);
            rest = next;
        }
    }
    in_notice(notice, names.into_iter().map(|name| name.trim_end_matches('.')))
}

/// The byte ranges in `notice` of `names`, slices of it, as senders are read (`sender_name`),
/// but the phone's owner.
fn in_notice<'a>(notice: &'a str, names: impl IntoIterator<Item = &'a str>) -> Vec<Range<usize>> {
    names
        .into_iter()
        .map(sender_name)
        .filter(|name| {
            !name.is_empty()
                && name.chars().count() <= 80
                && !["anda", "you", "kamu"].iter().any(|me| name.eq_ignore_ascii_case(me))
        })
        .map(|name| {
            let start = name.as_ptr() as usize - notice.as_ptr() as usize;
            start..start + name.len()
        })
        .collect()
}

enum Media {
    Omitted,
    Attached,
}

const MEDIA_WORDS: &[&str] = &[
    "image",
    "video",
    "audio",
    "sticker",
    "gif",
    "document",
    "contact card",
    "gambar",
    "foto",
    "stiker",
    "dokumen",
    "kartu kontak",
];

fn media_marker(text: &str) -> Option<Media> {
    // Every marker ends in '>', ')', "omitted" or "dihilangkan": most messages are ruled out without
    // lower-casing them (no other character lower-cases to 'd' or 'n').
    let trimmed = text.trim();
    if !matches!(trimmed.as_bytes().last(), Some(b'>' | b')' | b'd' | b'D' | b'n' | b'N')) {
        return None;
    }
    let t = trimmed.to_lowercase();
    if t == "<media omitted>" || t == "<media tidak disertakan>" {
        return Some(Media::Omitted);
    }
    if (t.starts_with("<attached:") || t.starts_with("<terlampir:")) && t.ends_with('>') {
        return Some(Media::Attached);
    }
    if t.ends_with("(file attached)") || t.ends_with("(file terlampir)") {
        return Some(Media::Attached);
    }
    let word = t.strip_suffix(" omitted").or_else(|| t.strip_suffix(" dihilangkan"))?;
    // iOS documents carry their file name first: "Laporan.pdf • 3 pages document omitted".
    if MEDIA_WORDS.contains(&word) || word.ends_with(" document") || word.ends_with(" dokumen") {
        return Some(Media::Omitted);
    }
    None
}

fn is_deleted(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    // The notices are ASCII without a 'k', and no other char lower-cases to ASCII but the Kelvin sign (to 'k'):
    // a text that is not ASCII is none of them. Compared byte by byte with ASCII case folding, which tells
    // a text of another length at once and matches no byte beyond ASCII to an ASCII one, so that the
    // message (asked of every one) is not read whole.
    DELETED_NOTICES.iter().any(|notice| t.eq_ignore_ascii_case(notice))
}

/// What WhatsApp writes in place of a deleted message (in any case, with trailing dots).
const DELETED_NOTICES: [&str; 4] = [
    "pesan ini telah dihapus",
    "this message was deleted",
    "anda menghapus pesan ini",
    "you deleted this message",
];

/// Appends `text` to `out` with a trailing "<This message was edited>" replaced by the neutral "[edited]".
fn push_edited(text: &str, out: &mut String) {
    let t = text.trim_end();
    for marker in ["<Pesan ini diedit>", "<This message was edited>"] {
        if let Some(body) = t.strip_suffix(marker) {
            let body = body.trim_end();
            if !body.is_empty() {
                out.push_str(body);
                out.push(' ');
            }
            out.push_str(EDITED);
            return;
        }
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::super::{TextFormat, TextSummary, read_text};
    use super::*;
    use std::io::Write;

    #[test]
    fn export_names_in_any_language() {
        for name in [
            "WhatsApp Chat with Siti.txt",
            "Chat WhatsApp dengan Siti.zip",
            "WhatsApp Chat - Siti.zip",
            "Discussion WhatsApp avec Siti.txt",
            "WhatsApp-Chat mit Siti.txt",
            "Chat de WhatsApp con Siti.txt",
        ] {
            assert!(is_export_name(name), "{name}");
        }
        for name in ["interview-P01.txt", "_chat.txt", "whatsapp/notes.txt"] {
            assert!(!is_export_name(name), "{name}");
        }
    }

    pub(crate) fn run(input: &str) -> Result<(Vec<Segment>, TextSummary), ReadError<()>> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(input.as_bytes()).unwrap();
        f.rewind().unwrap();
        let mut v = Vec::new();
        let sum = read_text(TextFormat::WhatsAppTxt, f, |s| {
            v.push(s.clone());
            Ok(())
        })?;
        Ok((v, sum))
    }

    fn p(s: &str) -> Option<Speaker> {
        Some(Speaker::Person(s.into()))
    }

    fn rows(v: &[Segment]) -> Vec<(usize, Option<&str>, Option<Speaker>, &str)> {
        v.iter()
            .map(|s| (s.line, s.when.as_deref(), s.speaker.clone(), s.text.as_str()))
            .collect()
    }

    #[test]
    fn remembered_senders_are_told_apart_as_each_line_alone_would_be() {
        // More senders than are remembered, each back after the others: people, roles
        // (each next to a person of its length) and a notice with ": " in it.
        let mut senders: Vec<String> = (0..SENDERS_REMEMBERED + 4).map(|i| format!("Anggota {i}")).collect();
        senders.extend(["P01", "Ani", "Peneliti", "Pedagang", "~ Sari"].map(String::from));
        senders.push("Siti changed the subject from \"a\" to \"b".into());
        let mut chat = String::new();
        for round in 0..3 {
            for (i, sender) in senders.iter().enumerate() {
                chat.push_str(&format!("12/03/24 21.{:02} - {sender}: pesan {round} {i}\n", i % 60));
            }
        }
        let (v, _) = run(&chat).unwrap();
        assert_eq!(v.len(), 3 * senders.len());
        for (segment, sender) in v.iter().zip(senders.iter().cycle()) {
            let expected = match sender.as_str() {
                "P01" | "Peneliti" => Speaker::Role(sender.clone()),
                "~ Sari" => Speaker::Person("Sari".into()),
                s if s.starts_with("Siti changed") => Speaker::System,
                s => Speaker::Person(s.into()),
            };
            assert_eq!(segment.speaker.as_ref(), Some(&expected), "line {}", segment.line);
        }
    }

    #[test]
    fn android_indonesian_24h_dots() {
        let chat = "12/03/24 21.30 - Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar \
                    chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari \
                    selengkapnya.\n\
                    12/03/24 21.31 - Siti: Halo kak, masih ada?\n\
                    Aku di hotel dekat stasiun\n\
                    12/03/24 21.32 - +62 812-3456-7890: <Media tidak disertakan>\n\
                    12/03/24 21.33 - Siti: Pesan ini telah dihapus\n\
                    12/03/24 21.34 - Siti: jam 10 ya <Pesan ini diedit>\n\
                    13/03/24 08.00 - Siti menambahkan Budi\n\
                    13/03/24 08.01 - ~\u{202f}Budi: Anda menghapus pesan ini\n";
        let (v, sum) = run(chat).unwrap();
        assert_eq!(
            rows(&v)[1..],
            vec![
                (
                    2,
                    Some("2024-03-12 21:31"),
                    p("Siti"),
                    "Halo kak, masih ada?\nAku di hotel dekat stasiun"
                ),
                (4, Some("2024-03-12 21:32"), p("+62 812-3456-7890"), MEDIA),
                (5, Some("2024-03-12 21:33"), p("Siti"), DELETED),
                (6, Some("2024-03-12 21:34"), p("Siti"), "jam 10 ya [edited]"),
                (
                    7,
                    Some("2024-03-13 08:00"),
                    Some(Speaker::System),
                    "Siti menambahkan Budi"
                ),
                (8, Some("2024-03-13 08:01"), p("Budi"), DELETED),
            ]
        );
        assert_eq!(v[0].speaker, Some(Speaker::System));
        assert_eq!(
            sum,
            TextSummary {
                segments: 7,
                media_skipped: 1,
                lines: 8
            }
        );
    }

    #[test]
    fn android_english_12h_month_first() {
        let chat = "3/12/24, 9:30\u{202f}PM - Messages and calls are end-to-end encrypted. No one outside of this \
                    chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n\
                    3/12/24, 9:31\u{202f}PM - Rina: hey, are you free tonight?\n\
                    3/12/24, 12:05\u{202f}AM - Rina: <Media omitted>\n\
                    3/12/24, 12:06\u{202f}PM - Rina: This message was deleted\n\
                    3/12/24, 12:07\u{202f}PM - Rina: see you <This message was edited>\n\
                    3/12/24, 12:08\u{202f}PM - Dewi joined using this group's invite link\n\
                    3/12/24, 12:09\u{202f}PM - Rina changed the subject from \"a\" to \"b: c\"\n";
        let (v, sum) = run(chat).unwrap();
        let r = rows(&v);
        assert_eq!(r[0].2, Some(Speaker::System));
        assert_eq!(
            r[1],
            (2, Some("2024-03-12 21:31"), p("Rina"), "hey, are you free tonight?")
        );
        assert_eq!(r[2], (3, Some("2024-03-12 00:05"), p("Rina"), MEDIA));
        assert_eq!(r[3].3, DELETED);
        assert_eq!(r[4].3, "see you [edited]");
        assert_eq!(
            (r[5].2.clone(), r[5].3),
            (Some(Speaker::System), "Dewi joined using this group's invite link")
        );
        assert_eq!(r[6].2, Some(Speaker::System));
        assert_eq!(sum.media_skipped, 1);
    }

    #[test]
    fn a_chat_pasted_from_another_locale_is_read_as_messages() {
        let chat = "[15/04/24 10.03.05] Wati: Diteruskan\n\
                    [3/28/24, 9:41:07 PM] Mike R.: hi wati\n\
                    [15/04/24 10.05.33] Wati: Iku mbak\n";
        let (v, _) = run(chat).unwrap();
        let r = rows(&v);
        assert_eq!(r[1], (2, Some("2024-03-28 21:41:07"), p("Mike R."), "hi wati"));
        assert_eq!(r[2].1, Some("2024-04-15 10:05:33"));
        let senders: Vec<&str> = person_senders(chat).into_iter().map(|r| &chat[r]).collect();
        assert_eq!(senders, ["Wati", "Mike R.", "Wati"]);
    }

    #[test]
    fn a_notice_in_a_named_chat_names_its_sender_for_the_preview() {
        let text = "[02/02/24 19.03.41] senja mlg 🌙: \u{200e}Pesan dan panggilan terenkripsi secara end-to-end.\n\
                    [02/02/24 19.04.00] Ci Vivi: halo\n";
        let names: Vec<&str> = person_senders(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(names, ["senja mlg 🌙", "Ci Vivi"]);
    }

    #[test]
    fn the_contacts_a_notice_names() {
        let names =
            |notice: &str| -> Vec<String> { notice_names(notice).into_iter().map(|r| notice[r].to_owned()).collect() };
        assert_eq!(
            names("Rosa Outreach 🌷 menambahkan Sasa Baru 🌷, Rina dan +62 812-6477-1020"),
            ["Rosa Outreach 🌷", "Sasa Baru 🌷", "Rina", "+62 812-6477-1020"]
        );
        assert_eq!(names("Siti added Budi and Dewi"), ["Siti", "Budi", "Dewi"]);
        assert_eq!(names("Anda menambahkan Winda Peneliti USU"), ["Winda Peneliti USU"]);
        assert_eq!(names("~ Mawar keluar"), ["Mawar"]);
        assert_eq!(names("Dewi joined using this group's invite link"), ["Dewi"]);
        assert_eq!(names("Kak Rosa membuat grup \"Turang Sehat\""), ["Kak Rosa"]);
        assert_eq!(
            names("Your security code with Ci Vivi changed. Tap to learn more."),
            ["Ci Vivi"]
        );
        assert_eq!(names("Kode keamanan Anda dengan Ci Vivi berubah."), ["Ci Vivi"]);
        assert!(names("You're now an admin").is_empty());
        assert!(names("Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun…").is_empty());
    }

    #[test]
    fn the_preview_replaces_the_contacts_of_notices_as_senders() {
        let text = "12/02/24 19.02 - Kak Rosa Outreach 🌷 menambahkan Sasa Baru 🌷\n\
                    12/02/24 19.05 - Sasa Baru 🌷: makasih kak\n";
        let names: Vec<&str> = person_senders(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(names, ["Kak Rosa Outreach 🌷", "Sasa Baru 🌷", "Sasa Baru 🌷"]);
    }

    #[test]
    fn a_senders_range_is_where_the_line_names_it() {
        // A contact saved as "24", on lines whose year is 24 too: each range is the
        // sender's, not the first "24" of its line.
        let text = "12/02/24 19.05 - 24: oke\n12/02/24 19.06 - 24: sip\n";
        let want: Vec<Range<usize>> = text.match_indices("- 24:").map(|(i, _)| i + 2..i + 4).collect();
        assert_eq!(want.len(), 2);
        assert_eq!(person_senders(text), want);
    }

    #[test]
    fn ios_indonesian_and_english() {
        let id = "\u{200e}[12/03/24 21.30.15] Siti: \u{200e}Pesan dan panggilan terenkripsi secara end-to-end.\n\
                  [12/03/24 21.30.40] Siti: Kak jadi ketemu?\n\
                  baris kedua\n\
                  \u{200e}[12/03/24 21.31.02] Siti: \u{200e}gambar dihilangkan\n\
                  \u{200e}[12/03/24 21.31.09] Siti: \u{200e}<terlampir: 00000012-PHOTO-2024-03-12-21-31-09.jpg>\n\
                  [12/03/24 21.32.00] Siti: \u{200e}Anda menghapus pesan ini.\n\
                  \u{200e}[13/03/24 08.00.00] Grup Kos: \u{200e}Siti menambahkan Budi\n";
        let (v, sum) = run(id).unwrap();
        assert_eq!(
            rows(&v),
            vec![
                (
                    1,
                    Some("2024-03-12 21:30:15"),
                    Some(Speaker::System),
                    "Pesan dan panggilan terenkripsi secara end-to-end."
                ),
                (
                    2,
                    Some("2024-03-12 21:30:40"),
                    p("Siti"),
                    "Kak jadi ketemu?\nbaris kedua"
                ),
                (4, Some("2024-03-12 21:31:02"), p("Siti"), MEDIA),
                (5, Some("2024-03-12 21:31:09"), p("Siti"), MEDIA),
                (6, Some("2024-03-12 21:32:00"), p("Siti"), DELETED),
                (
                    7,
                    Some("2024-03-13 08:00:00"),
                    Some(Speaker::System),
                    "Siti menambahkan Budi"
                ),
            ]
        );
        assert_eq!(sum.media_skipped, 2);

        let en = "[3/12/24, 9:30:15\u{202f}PM] Rina: \u{200e}Messages and calls are end-to-end encrypted.\n\
                  [3/12/24, 9:31:00\u{202f}PM] Rina: I added you to the list\n\
                  [3/12/24, 9:32:00\u{202f}PM] Rina: \u{200e}image omitted\n\
                  [3/12/24, 9:33:00\u{202f}PM] Rina: \u{200e}Rate card.pdf \u{2022} \u{200e}2 pages \u{200e}document omitted\n\
                  [3/12/24, 9:34:00\u{202f}PM] Rina: \u{200e}You deleted this message.\n\
                  [3/13/24, 9:35:00\u{202f}AM] Rina: the details are omitted\n";
        let (v, sum) = run(en).unwrap();
        let r = rows(&v);
        assert_eq!(r[0].2, Some(Speaker::System));
        assert_eq!(
            r[1],
            (2, Some("2024-03-12 21:31:00"), p("Rina"), "I added you to the list")
        );
        assert_eq!((r[2].3, r[3].3, r[4].3), (MEDIA, MEDIA, DELETED));
        assert_eq!(
            r[5],
            (6, Some("2024-03-13 09:35:00"), p("Rina"), "the details are omitted")
        );
        assert_eq!(sum.media_skipped, 2);
    }

    #[test]
    fn day_month_order_is_decided_per_file() {
        // Day first proven by a later date (13/…), even though early dates are ambiguous.
        let (v, _) = run("01/02/24 10.00 - A: x\n13/02/24 10.00 - A: y\n").unwrap();
        assert_eq!(v[0].when.as_deref(), Some("2024-02-01 10:00"));
        let (v, _) = run("01/02/24, 10:00 AM - A: x\n01/13/24, 10:00 AM - A: y\n").unwrap();
        assert_eq!(v[0].when.as_deref(), Some("2024-01-02 10:00"));
        // Undecided: 12-hour means month first, 24-hour day first.
        let (v, _) = run("01/02/24, 10:00 PM - A: x\n").unwrap();
        assert_eq!(v[0].when.as_deref(), Some("2024-01-02 22:00"));
        let (v, _) = run("01/02/2024, 22:00 - A: x\n").unwrap();
        assert_eq!(v[0].when.as_deref(), Some("2024-02-01 22:00"));
        let (v, _) = run("2024-02-01 22:00 - A: x\n").unwrap();
        assert_eq!(v[0].when.as_deref(), Some("2024-02-01 22:00"));
    }

    #[test]
    fn not_an_export_is_an_error_without_content() {
        match run("\nHalo Siti, ini bukan ekspor\n") {
            Err(ReadError::Parse(e)) => {
                assert_eq!(e.line, 2);
                assert!(!e.what.contains("Siti") && e.hint.contains("Export chat"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sniff_from_first_line() {
        assert!(looks_like_export("\u{feff}12/03/24 21.30 - Pesan dan panggilan"));
        assert!(looks_like_export("\u{200e}[3/12/24, 9:30:15\u{202f}PM] Rina: hi"));
        assert!(!looks_like_export("Peneliti: 12/03/24 21.30 - x"));
        assert!(!looks_like_export("[12/03/24 21.30 - x"));
    }

    /// The header as the documented pattern reads it: the oracle for the hand-written reader.
    fn header_by_pattern(line: &str) -> Option<Header<'_>> {
        let re = regex::Regex::new(HEADER_PATTERN).unwrap();
        let c = re.captures(line)?;
        let ios = c.get(1).is_some();
        if ios != c.get(9).is_some_and(|m| m.as_str().starts_with(']')) {
            return None;
        }
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        Some(Header {
            nums: [num(2)?, num(3)?, num(4)?],
            year_first: c.get(2).is_some_and(|m| m.len() == 4),
            hour: num(5)?,
            minute: num(6)?,
            second: num(7),
            pm: c.get(8).map(|m| m.as_str().eq_ignore_ascii_case("p")),
            ios,
            rest: c.get(10).map_or("", |m| m.as_str()),
        })
    }

    /// Pieces headers are made of, and near misses: lines built from them hit every branch of the pattern.
    fn header_like() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "[",
            "]",
            "] ",
            "1",
            "12",
            "3",
            "2024",
            "24",
            "123",
            "12345",
            "/",
            ".",
            "-",
            ",",
            " ",
            ":",
            "AM",
            "pm",
            "P.M.",
            "a. m",
            " PM",
            "p",
            "M",
            " - ",
            " – ",
            " -",
            "–",
            "Rina: hai",
            "\n",
            "١٢",
            "x",
        ]);
        prop::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    #[test]
    fn header_reader_agrees_with_the_pattern_on_real_headers() {
        for line in [
            "12/03/24 21.30 - Rina: hai",
            "3/12/24, 9:30 PM - Rina: hai",
            "[12/03/24 21.30.15] Rina: hai",
            "[3/12/24, 9:30:15 PM] Rina: hai",
            "2024-02-01 22:00 - A: x",
            "01/02/24, 10:00 a.m. - A: x",
            "12/03/24 21.30 – Pesan dan panggilan",
            "[12/03/24 21.30 - x",
            "12/03/24 21.30.1 - x",
            "12/03/24 21.305 - x",
        ] {
            assert_eq!(header(line), header_by_pattern(line), "{line}");
        }
    }

    use proptest::prelude::*;

    /// One of `valid` four times in five, else one of `invalid`.
    fn mostly(valid: &'static [&'static str], invalid: &'static [&'static str]) -> BoxedStrategy<&'static str> {
        prop_oneof![4 => prop::sample::select(valid), 1 => prop::sample::select(invalid)].boxed()
    }

    /// `is_deleted` compares ASCII texts without lower-casing them, and rules out every other text: right only
    /// while no char but the Kelvin sign lower-cases to ASCII alone, and no notice has a 'k'.
    #[test]
    fn deleted_notices_are_told_as_lower_casing_would() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            assert!(
                c == '\u{212A}' || !c.to_lowercase().all(|l| l.is_ascii()),
                "{:04X}",
                u32::from(c)
            );
        }
        assert!(DELETED_NOTICES.iter().all(|n| n.is_ascii() && !n.contains('k')));
        assert!(is_deleted(" This Message Was Deleted. "));
        assert!(is_deleted("ANDA MENGHAPUS PESAN INI"));
        assert!(!is_deleted("this message was deleted 😘"));
        // The Kelvin sign lower-cases to 'k', and the length of a notice may be met by other chars.
        assert!(!is_deleted("this message was \u{212A}eleted"));
        assert!(!is_deleted("this message was dé𝐥eted"));
        assert!(!is_deleted("this message was not deleted"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn colon_space_splits_as_split_once(
            pieces in prop::collection::vec(prop::sample::select(vec!["a", ":", " ", ": ", "::", "é", "😘"]), 0..12),
        ) {
            let s = pieces.concat();
            prop_assert_eq!(split_at_colon_space(&s), s.split_once(": "));
        }

        #[test]
        fn clean_changes_exactly_the_invisible_characters(
            chars in prop::collection::vec(prop::sample::select(vec![
                'a', ' ', '1', 'é', '\u{00a0}', '\u{00a1}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2029}',
                '\u{202a}', '\u{202e}', '\u{202f}', '\u{2030}', '\u{2065}', '\u{2066}', '\u{2069}', '\u{206a}',
                '\u{feff}', '\u{fefe}', '❤', '\u{fe0f}', '😂', '–',
            ]), 0..12),
        ) {
            let line: String = chars.into_iter().collect();
            let expected: String = line
                .chars()
                .filter(|c| !matches!(c, '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
                .map(|c| if matches!(c, '\u{202f}' | '\u{00a0}') { ' ' } else { c })
                .collect();
            let cleaned = clean(&line);
            prop_assert_eq!(cleaned.as_ref(), expected.as_str());
        }

        #[test]
        fn header_reader_agrees_with_the_pattern(line in header_like()) {
            prop_assert_eq!(header(&line), header_by_pattern(&line));
        }

        #[test]
        fn header_reader_agrees_with_the_pattern_field_by_field(
            fields in prop::collection::vec(mostly(&["1", "12", "3", "24", "2024", "05"], &["", "x", "123", "12345", "١"]), 5),
            date_seps in prop::collection::vec(mostly(&["/", ".", "-"], &["", ":", ",", " ", "x"]), 2),
            space in mostly(&[" ", ", "], &["", ",", "  ", "-"]),
            time_sep in mostly(&[":", "."], &["", "/", " "]),
            open in mostly(&["", "["], &["\u{200e}", "]"]),
            seconds in mostly(&["", ":15", ".15"], &[":1", ":155", "15", ":"]),
            meridiem in mostly(&["", " AM", "pm", " p.m.", " P. M"], &[" a", " M", "AM.", " PMX"]),
            close in mostly(&["] ", "]", " - ", " – "], &[" -", "- ", "", " ] ", " — "]),
            rest in prop::sample::select(vec!["", "Rina: hai", " spasi", "a\nb"]),
        ) {
            let line = format!(
                "{open}{}{}{}{}{}{space}{}{time_sep}{}{seconds}{meridiem}{close}{rest}",
                fields[0], date_seps[0], fields[1], date_seps[1], fields[2], fields[3], fields[4]
            );
            prop_assert_eq!(header(&line), header_by_pattern(&line));
        }
    }
}
