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

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Lines, Out};
use super::{ParseError, ReadError, Segment, Speaker};

pub(crate) const MEDIA: &str = "[media omitted]";
pub(crate) const DELETED: &str = "[deleted]";
pub(crate) const EDITED: &str = "[edited]";

const HINT: &str = "export the chat again from WhatsApp (chat menu > More > Export chat > Without media) and import the file unchanged";

/// A message header: Android "12/03/24 21.30 - …", "3/12/24, 9:30 PM - …", iOS "[12/03/24 21.30.15] …",
/// "[3/12/24, 9:30:15 PM] …". Applied to lines cleaned by [`clean`].
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\[)?(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?(\] ?| [-–] )(.*)$",
    )
    .expect("static regex")
});

/// Day/month order of the dates in one export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    DayMonth,
    MonthDay,
    YearMonth,
}

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

fn header(line: &str) -> Option<Header<'_>> {
    let c = HEADER.captures(line)?;
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

impl Header<'_> {
    /// ISO date and time, or None if the numbers are not a valid date/time in this order.
    fn when(&self, order: Order) -> Option<String> {
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
        let mut when = format!("{y:04}-{m:02}-{d:02} {hour:02}:{:02}", self.minute);
        if let Some(s) = self.second {
            when.push_str(&format!(":{s:02}"));
        }
        Some(when)
    }
}

/// Remove direction marks and other invisible formatting characters WhatsApp inserts, and turn narrow and
/// ordinary no-break spaces (before AM/PM, in "~ Name") into plain spaces.
fn clean(line: &str) -> String {
    line.chars()
        .filter(
            |c| !matches!(c, '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
        )
        .map(|c| if matches!(c, '\u{202f}' | '\u{00a0}') { ' ' } else { c })
        .collect()
}

pub(crate) fn looks_like_export(head: &str) -> bool {
    head.lines()
        .map(clean)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| header(&l).is_some())
}

pub(crate) fn read_txt<E, F: FnMut(Segment) -> Result<(), E>>(
    mut input: File,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let order = scan_order(BufReader::new(&input))?;
    input.rewind()?;
    let media = parse(BufReader::new(input), order, out)?;
    out.summary.media_skipped += media.omitted + media.attached;
    Ok(())
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
        .or_else(|| {
            names.iter().find(|(_, n)| {
                let b = base(n);
                b.starts_with("whatsapp chat") || b.starts_with("chat whatsapp") || b.starts_with("whatsapp-chat")
            })
        })
        .or(if names.len() == 1 { names.first() } else { None })
        .map(|(i, _)| *i)
}

pub(crate) fn read_zip<E, F: FnMut(Segment) -> Result<(), E>>(
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
    while let Some((_, line)) = lines.next_line()? {
        let line = clean(line);
        let Some(h) = header(&line) else { continue };
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

fn parse<E, F: FnMut(Segment) -> Result<(), E>, R: BufRead>(
    input: R,
    order: Order,
    out: &mut Out<F>,
) -> Result<MediaCount, ReadError<E>> {
    let mut lines = Lines::new(input);
    let mut media = MediaCount::default();
    let mut seen_header = false;
    while let Some((n, raw)) = lines.next_line()? {
        out.count_line();
        let line = clean(raw);
        let message = header(&line).and_then(|h| h.when(order).map(|when| (h, when)));
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
            out.append(n, "\n", &edited(&line))?;
            continue;
        };
        seen_header = true;
        let (speaker, text) = message_parts(&h, raw);
        let text = match media_marker(text) {
            Some(Media::Omitted) => {
                media.omitted += 1;
                MEDIA.to_owned()
            }
            Some(Media::Attached) => {
                media.attached += 1;
                MEDIA.to_owned()
            }
            None if is_deleted(text) => DELETED.to_owned(),
            None => edited(text),
        };
        out.start(Segment {
            line: n,
            when: Some(when),
            speaker: Some(speaker),
            text,
        })?;
    }
    Ok(media)
}

/// Split the text after the time stamp into speaker and message. `raw` is the line before cleaning: on iOS a
/// left-to-right mark at the start of the message text is how WhatsApp flags its own notices.
fn message_parts<'a>(h: &Header<'a>, raw: &str) -> (Speaker, &'a str) {
    let rest = h.rest;
    let Some((sender, text)) = rest.split_once(": ") else {
        // Android writes notices without a sender ("… - Siti menambahkan Budi"); "Name:" with an empty message
        // is a sender all the same.
        return match rest.strip_suffix(':') {
            Some(sender) if !h.ios && !sender.is_empty() && !is_system(sender) => (person(sender), ""),
            _ => (Speaker::System, rest.trim()),
        };
    };
    if sender.chars().count() > 80 || is_system(sender) {
        // "Siti changed the subject from "a" to "b: c"": a notice that happens to contain ": ".
        return (Speaker::System, rest.trim());
    }
    let flagged = raw.contains(": \u{200e}") || raw.contains(":\u{202f}\u{200e}");
    if is_encryption_notice(text) || (flagged && is_system(text)) {
        return (Speaker::System, text.trim());
    }
    (person(sender), text)
}

fn person(sender: &str) -> Speaker {
    // Unsaved contacts in groups appear as "~ Name".
    let name = sender.trim().trim_start_matches('~').trim();
    // A researcher who saved the participant as "P01" (or themself as "Peneliti")
    // has already pseudonymised the sender; as a person, the code would become a
    // pseudonym whose original is the code itself.
    if super::text::is_role(name) {
        return Speaker::Role(name.to_owned());
    }
    Speaker::Person(name.to_owned())
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

fn is_system(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = format!(" {} ", t.trim());
    SYSTEM_PHRASES.iter().any(|p| t.contains(p))
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
    let t = text.trim().to_lowercase();
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
    let t = text.trim().trim_end_matches('.').to_lowercase();
    matches!(
        t.as_str(),
        "pesan ini telah dihapus"
            | "this message was deleted"
            | "anda menghapus pesan ini"
            | "you deleted this message"
    )
}

/// Replace a trailing "<This message was edited>" by the neutral "[edited]".
fn edited(text: &str) -> String {
    let t = text.trim_end();
    for marker in ["<Pesan ini diedit>", "<This message was edited>"] {
        if let Some(body) = t.strip_suffix(marker) {
            let body = body.trim_end();
            return if body.is_empty() {
                EDITED.to_owned()
            } else {
                format!("{body} {EDITED}")
            };
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::{TextFormat, TextSummary, read_text};
    use super::*;
    use std::io::Write;

    pub(crate) fn run(input: &str) -> Result<(Vec<Segment>, TextSummary), ReadError<()>> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(input.as_bytes()).unwrap();
        f.rewind().unwrap();
        let mut v = Vec::new();
        let sum = read_text(TextFormat::WhatsAppTxt, f, |s| {
            v.push(s);
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
}
