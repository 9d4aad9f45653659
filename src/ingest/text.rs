//! Plain-text and Markdown transcripts: speaker turns ("Peneliti: …", "**P01:** …", "[00:12:31] Siti: …"), with
//! lines that name no speaker continuing the previous turn. The same turn parser reads DOCX paragraphs.

use std::fs::File;
use std::io::BufReader;

use super::lines::{Lines, Out};
use super::{ReadError, Segment, Speaker};

pub(crate) fn read<E, F: FnMut(&Segment) -> Result<(), E>>(
    input: File,
    markdown: bool,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let mut lines = Lines::new(BufReader::new(input));
    let mut turns = Turns::new(markdown);
    while let Some((n, line)) = lines.next_line()? {
        out.count_line();
        turns.line(out, n, line)?;
    }
    Ok(())
}

/// Role labels that identify nobody. Matched case-insensitively, optionally followed by a number ("Informan 2").
/// Anything not recognised here is treated as a person's name: a wrong guess then costs a needless pseudonym, never a
/// leaked name.
const ROLES: &[&str] = &[
    "peneliti",
    "pewawancara",
    "penanya",
    "interviewer",
    "interviewee",
    "researcher",
    "informan",
    "informant",
    "narasumber",
    "responden",
    "respondent",
    "moderator",
    "fasilitator",
    "facilitator",
    "partisipan",
    "participant",
    "peserta",
    "penerjemah",
    "translator",
    "interpreter",
    "notulen",
    "pengamat",
    "observer",
    "pembicara",
    "speaker",
    "unknown speaker",
    "tidak dikenal",
];

/// Words that end in a colon without naming a speaker: header keys transcripts put above the interview
/// ("Tanggal: 12 Maret 2024") and words that introduce a list or example inside a turn ("Contohnya: …"). A line
/// starting with one of them stays text (of the current turn), not a turn of a person called "Contohnya". So do
/// the keys of a profile copied into a transcript ("ID MiChat: …", "Nama: …"). In lower case and sorted: asked of
/// every label, by a binary search.
const NOT_SPEAKERS: &[&str] = &[
    "address",
    "age",
    "alamat",
    "answer",
    "bahasa",
    "bio",
    "catatan",
    "code",
    "contoh",
    "contohnya",
    "date",
    "display name",
    "durasi",
    "duration",
    "e-mail",
    "e.g.",
    "email",
    "example",
    "facebook",
    "fb",
    "for example",
    "harga",
    "hp",
    "i.e.",
    "id",
    "id michat",
    "ig",
    "instagram",
    "intinya",
    "jam",
    "jawaban",
    "judul",
    "kesimpulan",
    "kode",
    "language",
    "location",
    "lokasi",
    "media",
    "michat",
    "misal",
    "misalnya",
    "momen",
    "nama",
    "nama tampilan",
    "name",
    "no hp",
    "no wa",
    "note",
    "notes",
    "pertanyaan",
    "phone",
    "place",
    "platform",
    "profil",
    "profile",
    "ps",
    "question",
    "rate",
    "seperti",
    "sesi",
    "session",
    "status",
    "summary",
    "tanggal",
    "tarif",
    "telegram",
    "telepon",
    "tempat",
    "tiktok",
    "time",
    "title",
    "topic",
    "topik",
    "transcriber",
    "transcript",
    "transkrip",
    "umur",
    "usia",
    "wa",
    "waktu",
    "whatsapp",
    "yaitu",
    "yakni",
];

/// Turn parser state: the current segment lives in [`Out`]; this only remembers Markdown context.
pub(crate) struct Turns {
    markdown: bool,
    in_fence: bool,
    /// A time stamp written on a line of its own, for the turn that follows.
    pending_when: Option<String>,
}

impl Turns {
    pub(crate) fn new(markdown: bool) -> Self {
        Turns {
            markdown,
            in_fence: false,
            pending_when: None,
        }
    }

    pub(crate) fn line<E, F: FnMut(&Segment) -> Result<(), E>>(
        &mut self,
        out: &mut Out<F>,
        number: usize,
        raw: &str,
    ) -> Result<(), ReadError<E>> {
        let mut heading = false;
        let owned;
        let mut line = raw.trim();
        if self.markdown {
            if line.starts_with("```") || line.starts_with("~~~") {
                self.in_fence = !self.in_fence;
                return Ok(());
            }
            if self.in_fence {
                return out.append(number, "\n", raw.trim_end());
            }
            if is_rule(line) {
                return Ok(());
            }
            let (body, is_heading) = block_prefix(line);
            heading = is_heading;
            owned = strip_inline(body);
            line = owned.trim();
        }
        if line.is_empty() {
            return Ok(());
        }
        let (mut when, mut rest) = match take_timestamp(line) {
            Some((t, rest)) => (Some(t), rest),
            None => (None, line),
        };
        if let Some((speaker, label_when, text)) = split_speaker(rest) {
            let text = text.trim();
            let (when2, text) = match take_timestamp(text) {
                Some((t, rest)) => (Some(t), rest),
                None => (None, text),
            };
            let when = when.or(label_when).or(when2).or(self.pending_when.take());
            return out.start(Segment {
                line: number,
                when,
                speaker: Some(speaker),
                text: text.to_owned(),
            });
        }
        if when.is_some() && !line.starts_with(['[', '(']) {
            // "10:30 saya datang": prose that happens to start with a clock time.
            (when, rest) = (None, line);
        }
        if when.is_some() && rest.is_empty() {
            self.pending_when = when;
            return Ok(());
        }
        // A time stamp or a heading opens a new, speaker-less segment; other lines continue the current turn.
        if when.is_some() || heading || !out.has_current() {
            let when = when.or(self.pending_when.take());
            return out.start(Segment {
                line: number,
                when,
                speaker: None,
                text: rest.to_owned(),
            });
        }
        out.append(number, "\n", rest)
    }
}

fn is_rule(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let first = marks.next();
    matches!(first, Some('-' | '*' | '_' | '=')) && marks.clone().count() >= 2 && marks.all(|c| Some(c) == first)
}

/// Strip Markdown block syntax: headings, block quotes and list bullets. Returns whether it was a heading.
fn block_prefix(mut line: &str) -> (&str, bool) {
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].chars().next().is_none_or(char::is_whitespace) {
        let text = line[hashes..].trim().trim_end_matches('#').trim_end();
        return (text, true);
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return (rest.trim_start(), false);
        }
    }
    (line, false)
}

/// Remove inline Markdown: emphasis markers, code spans, links (kept as "text (address)" so the pseudonymiser
/// still sees the address), images (alt text only) and backslash escapes.
pub(crate) fn strip_inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut seek = Seek {
        bracket: NextOf::new(']'),
        paren: NextOf::new(')'),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '`' => {
                i += 1;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some((text, _url, next)) = link_at(&chars, i + 1, &mut seek) {
                    out.push_str(&strip_inline(&text));
                    i = next;
                    continue;
                }
            }
            '[' => {
                if let Some((text, url, next)) = link_at(&chars, i, &mut seek) {
                    out.push_str(&strip_inline(&text));
                    if !url.is_empty() {
                        out.push_str(" (");
                        out.push_str(&url);
                        out.push(')');
                    }
                    i = next;
                    continue;
                }
            }
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + run).copied();
                if is_emphasis(c, run, before, after) {
                    i += run;
                    continue;
                }
                out.extend(std::iter::repeat_n(c, run));
                i += run;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A delimiter run is emphasis if it touches text on one side (CommonMark's flanking rule, simplified). `_`
/// inside a word ("@siti_manis") and a lone `~` are literal.
fn is_emphasis(c: char, run: usize, before: Option<char>, after: Option<char>) -> bool {
    let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if space(before) && space(after) {
        return false;
    }
    match c {
        '_' => !(word(before) && word(after)),
        '~' => run == 2,
        _ => true,
    }
}

/// `[text](url)` starting at `open`: returns text, url and the index after `)`.
fn link_at(chars: &[char], open: usize, seek: &mut Seek) -> Option<(String, String, usize)> {
    let close = seek.bracket.find(chars, open)?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = seek.paren.find(chars, close + 2)?;
    let text: String = chars[open + 1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    Some((text, url.trim().to_owned(), end + 1))
}

/// Where the next `]` and `)` are, remembered across the line.
struct Seek {
    bracket: NextOf,
    paren: NextOf,
}

/// Position of the next `c` at or after `from`, cached: queries come with growing `from`, so a line is scanned
/// once however many `[` it holds (a 16 MiB line of "[" stays linear instead of quadratic).
struct NextOf {
    c: char,
    /// Last answer; `chars.len()` when there is none.
    found: Option<usize>,
}

impl NextOf {
    fn new(c: char) -> Self {
        NextOf { c, found: None }
    }

    fn find(&mut self, chars: &[char], from: usize) -> Option<usize> {
        let from = from.min(chars.len());
        let stale = self.found.is_none_or(|f| f < from);
        if stale {
            let c = self.c;
            self.found = Some(
                chars[from..]
                    .iter()
                    .position(|&x| x == c)
                    .map_or(chars.len(), |p| from + p),
            );
        }
        self.found.filter(|&f| f < chars.len())
    }
}

/// A leading time stamp: "[00:12:31]", "(12:31)", "00:12:31.500", "00:12:31 -", or in
/// brackets a day and a time as a chat copied from an app writes them ("[20/04 19.02]",
/// "[20/04/24 19:02]"). Returns it without brackets, and the rest of the line.
pub(crate) fn take_timestamp(s: &str) -> Option<(String, &str)> {
    let (open, body) = match s.chars().next()? {
        '[' => (Some(']'), &s[1..]),
        '(' => (Some(')'), &s[1..]),
        _ => (None, s),
    };
    let len = match open {
        Some(_) => clock_len(body).or_else(|| day_and_time_len(body))?,
        None => clock_len(body)?,
    };
    let stamp = &body[..len];
    let mut rest = &body[len..];
    if let Some(close) = open {
        rest = rest.strip_prefix(close)?;
    } else if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(['-', '–', '—', '|']).map_or(rest, str::trim_start);
    Some((stamp.to_owned(), rest))
}

/// Length of a day and a time at the start of `s`: "20/04 19.02", "20/04/24 19:02".
fn day_and_time_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut i = 0;
    for (k, max) in [(0, 2), (1, 2), (2, 4)] {
        let n = digits(i);
        if k == 2 && n == 0 {
            break;
        }
        if !(1..=max).contains(&n) || (k == 2 && n == 3) {
            return None;
        }
        i += n;
        if b.get(i) != Some(&b'/') {
            break;
        }
        i += 1;
    }
    if b.get(i - 1) == Some(&b'/') || b.get(i) != Some(&b' ') {
        return None;
    }
    let time_start = i + 1;
    let time_end = time_start + s[time_start..].find(|c: char| c != ':' && c != '.' && !c.is_ascii_digit())?;
    is_clock_time(&s[time_start..time_end]).then_some(time_end)
}

/// Length of an `h:mm:ss` / `mm:ss` clock (optionally with fractions) at the start of `s`.
fn clock_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(0);
    if !(1..=2).contains(&i) {
        return None;
    }
    let mut groups = 1;
    while groups < 3 && b.get(i) == Some(&b':') && digits(i + 1) == 2 {
        i += 3;
        groups += 1;
    }
    if groups < 2 {
        return None;
    }
    if matches!(b.get(i), Some(b'.' | b',')) {
        let f = digits(i + 1);
        if (1..=3).contains(&f) {
            i += 1 + f;
        }
    }
    Some(i)
}

/// The byte ranges of the labels that name a person, line by line, as the turn parser
/// reads a plain transcript (after a leading time stamp) or a subtitle's text.
pub(crate) fn person_labels(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut labels = Vec::new();
    let mut line_start = 0;
    // A WebVTT file's header block ("Kind: captions", "Language: id") names no one.
    let vtt = super::subtitles::looks_like_vtt(text.trim_start_matches('\u{feff}'));
    let header_end = if vtt {
        text.find("\n\n")
            .or_else(|| text.find("\n\r\n"))
            .map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    for line_end in ends.chain(last) {
        let line = text[line_start..line_end].trim_start();
        line_start = line_end;
        if line_end <= header_end {
            continue;
        }
        // A cue's voice tag names its speaker as a label does: "<v Butet>Butet. Nama
        // asli …".
        if vtt && let Some(at) = super::subtitles::voice_name_at(line) {
            if let Speaker::Person(_) = name_to_speaker(&line[at.clone()]) {
                let line_at = line_end - line.len();
                labels.push(line_at + at.start..line_at + at.end);
            }
            continue;
        }
        let rest = take_timestamp(line).map_or(line, |(_, rest)| rest);
        let Some((Speaker::Person(name), _, after)) = split_speaker(rest) else {
            continue;
        };
        // `rest` and `after` end where the line does.
        let rest_at = line_end - rest.len();
        let label = &rest[..rest.len() - after.len() - 1];
        let start = rest_at + (label.len() - label.trim_start().len());
        // The name as written, before a time stamp in the label ("Siti [00:12]:").
        let len = if text[start..].starts_with(&name) {
            name.len()
        } else {
            label.trim().len()
        };
        labels.push(start..start + len);
    }
    labels
}

/// How far into a line its label's colon may be: 40 characters of four bytes, a time
/// stamp and spaces.
const LABEL_HEAD: usize = 256;

/// "Label: text" at the start of a line. Returns the speaker, a time stamp written in the label
/// ("P01 [00:12:31]: …") and the text after the colon.
pub(crate) fn split_speaker(line: &str) -> Option<(Speaker, Option<String>, &str)> {
    // The first colon that ends a word: not the ones in "https://…" or "[00:12:31]".
    // Sought in the line's head only: a label is 40 characters at most, with a time
    // stamp and spaces, and most lines are long and have no label.
    let head = &line.as_bytes()[..line.len().min(LABEL_HEAD)];
    let colon = memchr::memchr_iter(b':', head).find(|&i| {
        let rest = &line[i + 1..];
        rest.is_empty() || rest.starts_with(char::is_whitespace)
    })?;
    let rest = &line[colon + 1..];
    let mut label = line[..colon].trim();
    let mut when = None;
    if let Some(open) = label.rfind(['[', '(']) {
        if let Some((t, "")) = take_timestamp(&label[open..]) {
            when = Some(t);
            label = label[..open].trim_end();
        }
    } else if let Some((name, time)) = label.rsplit_once(' ')
        && is_clock_time(time)
    {
        // A chat copied from an app: "Galuh Manis 20.53: malam bang". The time is no
        // part of the name, or each message would give its sender another tag.
        when = Some(time.to_owned());
        label = name.trim_end();
    }
    classify_label(label).map(|speaker| (speaker, when, rest))
}

/// Whether `s` is a time of day as "20.53", "9:07" or "19:02:33".
fn is_clock_time(s: &str) -> bool {
    let number = |part: &str, len: std::ops::RangeInclusive<usize>, max: u8| {
        len.contains(&part.len())
            && part.bytes().all(|c| c.is_ascii_digit())
            && part.parse::<u8>().is_ok_and(|n| n <= max)
    };
    let mut parts = s.split([':', '.']);
    let (Some(hour), Some(minute)) = (parts.next(), parts.next()) else {
        return false;
    };
    number(hour, 1..=2, 23)
        && number(minute, 2..=2, 59)
        && parts.next().is_none_or(|second| number(second, 2..=2, 59))
        && parts.next().is_none()
}

/// The speaker for a name given explicitly as one (a WebVTT voice tag): a role if it is one, else a person.
pub(crate) fn name_to_speaker(name: &str) -> Speaker {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_role(&name) {
        Speaker::Role(name)
    } else {
        Speaker::Person(name)
    }
}

/// The key a label is looked up by among the words that name no speaker: the label,
/// or its words before a bracket that holds a date or a number, as a profile's copied
/// post gives it ("Momen (1 Sept)", "Catatan (2)"). A name's bracket holds a code
/// ("Rina (P03)"), and such a label is a person's all the same.
fn label_key(label: &str) -> &str {
    match label.split_once(" (") {
        Some((key, bracket)) if bracket.bytes().any(|c| c.is_ascii_digit()) => key,
        _ => label,
    }
}

fn classify_label(label: &str) -> Option<Speaker> {
    if label.is_empty() || label.chars().count() > 40 || !label.starts_with(char::is_alphabetic) {
        return None;
    }
    // A match, not `" .'-_()".contains(c)`: asked of every character of every label,
    // where each `contains` set up a search of that string.
    if !label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-' | '_' | '(' | ')'))
    {
        return None;
    }
    // The only whitespace left is the ASCII space, and the label is trimmed: its words joined by single spaces
    // are the label itself unless it has a double space. Asked of every line of a transcript, so no copy is made
    // for the usual label.
    if label.split_whitespace().count() > 4 {
        return None;
    }
    let label = if label.contains("  ") {
        std::borrow::Cow::Owned(label.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        std::borrow::Cow::Borrowed(label)
    };
    // Most labels are roles: asked first (no role is among the words that name no speaker).
    if is_role(&label) {
        return Some(Speaker::Role(label.into_owned()));
    }
    // ASCII labels are lower-cased on the stack; another may lower-case to ASCII (the Kelvin sign).
    let key = label_key(&label);
    let not_speaker = if key.is_ascii() {
        let mut lower = [0u8; 16];
        lower.get_mut(..key.len()).is_some_and(|lower| {
            lower.copy_from_slice(key.as_bytes());
            lower.make_ascii_lowercase();
            NOT_SPEAKERS.binary_search_by(|word| word.as_bytes().cmp(lower)).is_ok()
        })
    } else {
        NOT_SPEAKERS.binary_search(&key.to_lowercase().as_str()).is_ok()
    };
    if not_speaker {
        return None;
    }
    // Prose ("Jadi begini: …") is not a speaker: names are capitalised. A username
    // is one, in lower case.
    if label
        .split(' ')
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '('))
        || is_username_label(&label)
    {
        return Some(Speaker::Person(label.into_owned()));
    }
    None
}

/// Whether `label` is a username, as a chat copied from an app names its senders
/// ("mami_nova.kaur: yang, ado tamu", "rina88: ok"): one word in lower case joined by
/// '_' or ending in digits, or one the engine takes for a username ("sherly.arg"; not
/// "no.rek", "a.n" or "e.g.").
fn is_username_label(label: &str) -> bool {
    let b = label.as_bytes();
    !label.contains(' ')
        && b.iter().any(u8::is_ascii_lowercase)
        && crate::pseudo::is_username_shaped(b)
        && (b.contains(&b'_')
            || b.last().is_some_and(u8::is_ascii_digit)
            || crate::pseudo::bare_handle(label, 0).is_some_and(|h| h.end == label.len()))
}

pub(super) fn is_role(label: &str) -> bool {
    // A single letter ("R", "I", "P") or an upper-case participant code ("P01", "R2", "INF-03") …
    let letters = label.chars().take_while(char::is_ascii_uppercase).count();
    let tail = label[letters..].trim_start_matches(['-', '_', ' ']);
    if label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if (1..=3).contains(&letters) && (1..=4).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    // … or a role word in any case, optionally numbered ("Informan 2", "Speaker 1"). The
    // role words are ASCII: compared without a lower-cased copy (a chat asks this of
    // every message's sender).
    let word = label.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    ROLES.iter().any(|role| role.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use std::io::Write;

    /// `classify_label` as it was written first, with copies: what the one without them must agree with.
    fn classify_label_with_copies(label: &str) -> Option<Speaker> {
        if label.is_empty() || label.chars().count() > 40 || !label.starts_with(char::is_alphabetic) {
            return None;
        }
        if !label.chars().all(|c| c.is_alphanumeric() || " .'-_()".contains(c)) {
            return None;
        }
        let words: Vec<&str> = label.split_whitespace().collect();
        if words.len() > 4 {
            return None;
        }
        let label = words.join(" ");
        if NOT_SPEAKERS.contains(&label_key(&label).to_lowercase().as_str()) {
            return None;
        }
        if is_role(&label) {
            return Some(Speaker::Role(label));
        }
        let capitalised = |w: &&str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '(');
        (words.iter().all(capitalised) || is_username_label(&label)).then_some(Speaker::Person(label))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn labels_are_classified_as_with_copies(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "P", "01", "Siti", "siti", "Peneliti", "informan", "Contoh", "\u{212A}esimpulan", "KESIMPULAN", "e.g.",
                " ", "  ", "\t", "(", ")", "-", "é", "Ж", "😘", "Kak", "\u{3000}", "Momen", "3",
            ]), 1..8),
        ) {
            let label = pieces.concat();
            let label = label.trim();
            prop_assert_eq!(classify_label(label), classify_label_with_copies(label));
        }
    }

    pub(crate) fn run(markdown: bool, input: &str) -> Vec<Segment> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(input.as_bytes()).unwrap();
        let mut v = Vec::new();
        let fmt = if markdown {
            super::super::TextFormat::Markdown
        } else {
            super::super::TextFormat::Plain
        };
        use std::io::Seek;
        f.rewind().unwrap();
        super::super::read_text(fmt, f, |s| {
            v.push(s.clone());
            Ok::<_, ()>(())
        })
        .unwrap();
        v
    }

    fn role(s: &str) -> Option<Speaker> {
        Some(Speaker::Role(s.into()))
    }
    fn person(s: &str) -> Option<Speaker> {
        Some(Speaker::Person(s.into()))
    }

    #[test]
    fn words_that_name_no_speaker_are_sorted_lower_case_and_short() {
        assert!(NOT_SPEAKERS.windows(2).all(|w| w[0] < w[1]));
        assert!(NOT_SPEAKERS.iter().all(|w| *w == w.to_lowercase() && w.len() <= 16));
    }

    #[test]
    fn a_time_after_a_name_in_a_label_is_no_part_of_it() {
        let (speaker, when, text) = split_speaker("Galuh Manis 20.53: malam bang").unwrap();
        assert_eq!(
            (speaker, when.as_deref(), text),
            (Speaker::Person("Galuh Manis".into()), Some("20.53"), " malam bang")
        );
        let text = "Bang Ozy 20.51: malam\nGaluh Manis 9:07: ok\nInforman 3: ya\n";
        let labels: Vec<&str> = person_labels(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(labels, ["Bang Ozy", "Galuh Manis"]);
    }

    #[test]
    fn a_copied_chats_senders_are_labels_after_a_day_and_a_time() {
        let text = "[20/04 19.02] mami_nova.kaur: yang, ado tamu\n[20/04 19.03] ayang_linau: sapo mi?\nno.rek: 0719\n";
        let labels: Vec<&str> = person_labels(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(labels, ["mami_nova.kaur", "ayang_linau"]);
    }

    #[test]
    fn person_labels_are_the_names_of_speakers() {
        let t = "[00:08:09] Sisi Jemadu: Tabe\nPeneliti: ya\n  Ervin [00:01:02]: halo\nID MiChat: x\nkata dia: iya\n";
        let named: Vec<&str> = person_labels(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(named, ["Sisi Jemadu", "Ervin"]);
        // Not the header of a WebVTT file.
        let t =
            "\u{feff}WEBVTT\nKind: captions\nLanguage: id\n\n00:00:01.000 --> 00:00:04.000\n<v P14>iya\nWulan: halo\n";
        let named: Vec<&str> = person_labels(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(named, ["Wulan"]);
        // A cue's voice tag names its speaker, but for a research role; only in WebVTT.
        let t = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Butet>Butet. Nama asli\n<v P07>iya\n\
                 <v.loud  Siti Aminah >Dari 2021\n<v>kosong\n";
        let named: Vec<&str> = person_labels(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(named, ["Butet", "Siti Aminah"]);
        let t = "<v Butet>Butet. Nama asli\n";
        assert!(person_labels(t).is_empty());
    }

    #[test]
    fn indonesian_plain_transcript() {
        let t = "Transkrip wawancara\nTanggal: 12 Maret 2024\n\nPeneliti: Sejak kapan Mbak pakai MiChat?\n\
                 P01: Dari 2021, Mbak.\nAwalnya cuma iseng.\n\nPeneliti: Lalu?\nSiti: Saya temannya.\n\
                 R: ya\nPewawancara 2: baik\nINFORMAN: iya\n";
        let s = run(false, t);
        let got: Vec<_> = s.iter().map(|x| (x.line, x.speaker.clone(), x.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (1, None, "Transkrip wawancara\nTanggal: 12 Maret 2024"),
                (4, role("Peneliti"), "Sejak kapan Mbak pakai MiChat?"),
                (5, role("P01"), "Dari 2021, Mbak.\nAwalnya cuma iseng."),
                (8, role("Peneliti"), "Lalu?"),
                (9, person("Siti"), "Saya temannya."),
                (10, role("R"), "ya"),
                (11, role("Pewawancara 2"), "baik"),
                (12, role("INFORMAN"), "iya"),
            ]
        );
    }

    #[test]
    fn english_with_timestamps_and_crlf() {
        let t = "[00:00:05] Interviewer: How did you start?\r\n[00:00:09] I: Go on.\r\n\
                 (00:12:31) Respondent: Through a friend,\r\nshe showed me the app.\r\n\
                 00:13:02 - Mas Budi: hi\r\nP02 [00:14:00]: later\r\nInformant: [00:15:00] ok\r\n";
        let s = run(false, t);
        assert_eq!(s[0].when.as_deref(), Some("00:00:05"));
        assert_eq!(s[0].speaker, role("Interviewer"));
        assert_eq!(s[1].speaker, role("I"));
        assert_eq!(s[2].text, "Through a friend,\nshe showed me the app.");
        assert_eq!(s[2].when.as_deref(), Some("00:12:31"));
        assert_eq!(
            (s[3].speaker.clone(), s[3].when.as_deref()),
            (person("Mas Budi"), Some("00:13:02"))
        );
        assert_eq!(
            (s[4].speaker.clone(), s[4].when.as_deref(), s[4].text.as_str()),
            (role("P02"), Some("00:14:00"), "later")
        );
        assert_eq!((s[5].when.as_deref(), s[5].text.as_str()), (Some("00:15:00"), "ok"));
    }

    #[test]
    fn prose_with_colons_is_not_a_speaker() {
        let s = run(
            false,
            "P01: Jadi begini: saya kerja.\nlihat https://wa.me/62812 ya\njam 10:30 ketemu\n",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].text,
            "Jadi begini: saya kerja.\nlihat https://wa.me/62812 ya\njam 10:30 ketemu"
        );
    }

    #[test]
    fn markdown_transcript() {
        let t = "# Wawancara *P03*\n\n## Sesi 1\n\n**Peneliti:** Apa yang _biasanya_ ditulis di profil?\n\n\
                 **P03**: Foto **bagus** dan `tarif`.\n> kutipan\n\n- **Narasumber:** ok\n---\n\
                 **Ani:** akun saya @siti_manis_99, lihat [profil](https://michat.example/u/1)\n\
                 ```\nP09: kode\n```\n";
        let s = run(true, t);
        let got: Vec<_> = s.iter().map(|x| (x.speaker.clone(), x.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (None, "Wawancara P03"),
                (None, "Sesi 1"),
                (role("Peneliti"), "Apa yang biasanya ditulis di profil?"),
                (role("P03"), "Foto bagus dan tarif.\nkutipan"),
                (role("Narasumber"), "ok"),
                (
                    person("Ani"),
                    "akun saya @siti_manis_99, lihat profil (https://michat.example/u/1)\nP09: kode"
                ),
            ]
        );
    }

    #[test]
    fn label_rules() {
        assert_eq!(classify_label("Moderator"), role("Moderator"));
        assert_eq!(classify_label("informan 3"), role("informan 3"));
        assert_eq!(classify_label("INF-03"), role("INF-03"));
        assert_eq!(classify_label("Speaker 2"), role("Speaker 2"));
        // Initials and names identify: pseudonymise them.
        assert_eq!(classify_label("AS"), person("AS"));
        assert_eq!(classify_label("Peneliti (Dewi)"), person("Peneliti (Dewi)"));
        assert_eq!(classify_label("Kak Rina"), person("Kak Rina"));
        assert_eq!(classify_label("Lokasi"), None);
        assert_eq!(classify_label("Contohnya"), None);
        assert_eq!(classify_label("jadi begini"), None);
        assert_eq!(classify_label("+62 812"), None);
        assert_eq!(classify_label("mami_nova.kaur"), person("mami_nova.kaur"));
        assert_eq!(classify_label("rina88"), person("rina88"));
        assert_eq!(classify_label("catatan"), None);
        assert_eq!(classify_label("sherly.arg"), person("sherly.arg"));
        assert_eq!(classify_label("no.rek"), None);
        assert_eq!(classify_label("a.n"), None);
        // A profile's key with the date of what it copies: no one's name.
        assert_eq!(classify_label("Momen (1 Sept)"), None);
        assert_eq!(classify_label("Catatan (2)"), None);
        assert_eq!(classify_label("Rina (P03)"), person("Rina (P03)"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(take_timestamp("[00:12:31] P01: x"), Some(("00:12:31".into(), "P01: x")));
        assert_eq!(take_timestamp("12:31.5 - x"), Some(("12:31.5".into(), "x")));
        assert_eq!(take_timestamp("10:30am"), None);
        assert_eq!(take_timestamp("[10]"), None);
        assert_eq!(take_timestamp("12:31"), Some(("12:31".into(), "")));
        assert_eq!(
            take_timestamp("[20/04 19.02] mami_nova.kaur: yang"),
            Some(("20/04 19.02".into(), "mami_nova.kaur: yang"))
        );
        assert_eq!(
            take_timestamp("[20/04/24 19:02] Rina: x"),
            Some(("20/04/24 19:02".into(), "Rina: x"))
        );
        assert_eq!(take_timestamp("20/04 19.02 Rina: x"), None);
        assert_eq!(take_timestamp("[20/04] x"), None);
        assert_eq!(take_timestamp("[20/ 19.02] x"), None);
    }
}
