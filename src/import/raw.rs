//! The raw original of a text item: the importer's segments before pseudonymisation,
//! sealed in `item_raw_chunks` until review approves the item, so that review and
//! changed lists can render it again.
//!
//! It is kept as the difference between the segments and the item's pseudonymised
//! text (its content stream, which holds each segment's rendering in order): the
//! stream starts with [`MAGIC`], then holds one record per segment, in order:
//!
//! ```text
//! record = line | flags (u8) | [when length] | [role length] | [person]
//!          | rendered | prefix | edit count | edit*
//! flags  = bit 0: when present, bit 1: role present, bit 2: person present,
//!          bit 3: a system message; at most one of bits 1-3, the other bits zero
//! person = number, followed by length | UTF-8 bytes if the number is new
//! edit   = gap | tag length | original length | original (UTF-8 bytes)
//! ```
//!
//! Every number is unsigned LEB128 (seven bits a byte, low bits first). `line` is the
//! difference from the record before's line (from 0 for the first). The time and the
//! role are read from the rendering, which starts `[time] ` and `role: ` when the
//! segment has them; a person (a chat sender, whom the rendering shows as a tag) is
//! numbered from 0 in the order the stream names them, and written out the first
//! time only. `rendered` is the length in bytes of the segment's rendering in the
//! content (time, speaker, text and a line break), `prefix` that of the part before
//! the text. Each edit is a tag of the rendering: it starts `gap` bytes after the tag
//! before (or the prefix), and replaced `original`. The segment's text is the
//! rendering's text with each tag replaced by its original.
//!
//! Older raw originals held each segment whole, and are read as before: in records
//! that start with [`MAGIC_WHOLE`] (line as a u64, the flags, then the time, role,
//! person and text that are present, each as a u32 length and UTF-8 bytes, integers
//! little-endian; written up to 2026-12-05's eighth session), or in JSON lines, one
//! segment per line (up to its third session; a stream that starts with `{`). The
//! difference replaced the whole text, which is nearly the pseudonymised text again:
//! compressing, sealing and writing it took a tenth of an import's work
//! (docs/performance.md).

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::Rendered;
use crate::error::{Error, Result};
use crate::ingest::{Segment, Speaker};
use crate::items::ChunkWriter;

/// The first bytes of a raw original kept as differences.
const MAGIC: &[u8; 4] = b"FVR3";
/// The first bytes of a raw original in whole records (a JSON line starts with `{`).
const MAGIC_WHOLE: &[u8; 4] = b"FVR2";

const HAS_WHEN: u8 = 1;
const HAS_ROLE: u8 = 1 << 1;
const HAS_PERSON: u8 = 1 << 2;
const SYSTEM: u8 = 1 << 3;

/// A tag in a segment's rendering and the bytes of the segment's text it replaced
/// (byte ranges of each).
#[derive(Clone, Copy, Debug)]
pub(super) struct Edit {
    tag_start: usize,
    tag_end: usize,
    original_start: usize,
    original_end: usize,
}

/// A segment as kept in the raw original.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub(super) struct RawSegment {
    pub line: usize,
    pub when: Option<String>,
    pub role: Option<String>,
    pub person: Option<String>,
    #[serde(default)]
    pub system: bool,
    pub text: String,
}

impl RawSegment {
    /// Becomes `s`, copying its text into this segment's own buffers: an import keeps
    /// its segments in batches that are reused, so that the reading thread does not
    /// free thousands of strings each time a batch comes back (the frees showed in
    /// the profile); `s`'s buffers, just allocated, are freed at once.
    pub fn set(&mut self, s: &Segment) {
        let (role, person) = match &s.speaker {
            Some(Speaker::Role(r)) => (Some(r.as_str()), None),
            Some(Speaker::Person(p)) => (None, Some(p.as_str())),
            Some(Speaker::System) | None => (None, None),
        };
        self.line = s.line;
        set_field(&mut self.when, s.when.as_deref());
        set_field(&mut self.role, role);
        set_field(&mut self.person, person);
        self.system = matches!(s.speaker, Some(Speaker::System));
        self.text.clear();
        self.text.push_str(&s.text);
    }

    /// The segment a record with `flags` holds.
    fn read(line: usize, flags: u8, [when, role, person]: [Option<String>; 3], text: String) -> Self {
        RawSegment {
            line,
            when,
            role,
            person,
            system: flags & SYSTEM != 0,
            text,
        }
    }

    /// Frees the text's buffer if it has room for more than `keep_text` bytes, and
    /// the time's and speaker's beyond `keep_field`, so that a reused segment keeps
    /// at most that much.
    pub fn trim(&mut self, keep_text: usize, keep_field: usize) {
        if self.text.capacity() > keep_text {
            self.text = String::new();
        }
        for field in [&mut self.when, &mut self.role, &mut self.person] {
            if field.as_ref().is_some_and(|f| f.capacity() > keep_field) {
                *field = None;
            }
        }
    }
}

/// Sets an optional field to `value`, reusing its buffer.
fn set_field(field: &mut Option<String>, value: Option<&str>) {
    match (field.as_mut(), value) {
        (Some(buffer), Some(value)) => {
            buffer.clear();
            buffer.push_str(value);
        }
        (_, value) => *field = value.map(str::to_owned),
    }
}

/// Follows where the tags of a segment's rendering land, as its text is pseudonymised
/// after a prefix: a tag begins as far after the one before as its span after the
/// span before.
pub(super) struct EditTracker {
    /// Where the last span ended in the text and its tag in the rendering (bytes).
    text_at: usize,
    rendered_at: usize,
}

impl EditTracker {
    /// For a text rendered after `prefix` bytes.
    pub fn new(prefix: usize) -> Self {
        EditTracker {
            text_at: 0,
            rendered_at: prefix,
        }
    }

    /// The edit of a tag of `tag_len` bytes replacing the bytes `start..end` of the
    /// text; spans come in order and do not overlap.
    pub fn replaced(&mut self, start: usize, end: usize, tag_len: usize) -> Edit {
        let tag_start = self.rendered_at + (start - self.text_at);
        self.text_at = end;
        self.rendered_at = tag_start + tag_len;
        Edit {
            tag_start,
            tag_end: self.rendered_at,
            original_start: start,
            original_end: end,
        }
    }
}

/// Writes a raw original as its item is rendered: after each segment's rendering has
/// gone to the content stream, the segment's record.
pub(super) struct RawWriter<'c> {
    chunks: ChunkWriter<'c>,
    record: Zeroizing<Vec<u8>>,
    written: WrittenSoFar,
}

/// What the records written so far tell a record: the line of the one before, and
/// the persons named so far, by number (a chat names one of its few senders on every
/// message; each is written once, then by its number).
#[derive(Default)]
struct WrittenSoFar {
    line: usize,
    persons: HashMap<String, usize, foldhash::fast::RandomState>,
}

/// What the records read so far tell a record (see [`WrittenSoFar`]).
#[derive(Default)]
struct ReadSoFar {
    line: usize,
    persons: Vec<String>,
}

impl<'c> RawWriter<'c> {
    /// A writer into `chunks`, the item's raw stream.
    pub fn new(mut chunks: ChunkWriter<'c>) -> Result<Self> {
        chunks.push(MAGIC)?;
        Ok(RawWriter {
            chunks,
            record: Zeroizing::new(Vec::new()),
            written: WrittenSoFar::default(),
        })
    }

    /// Appends the record of `segment`, rendered as `rendered`.
    pub fn push(&mut self, segment: &RawSegment, rendered: &Rendered) -> Result<()> {
        self.record.clear();
        encode(segment, rendered, &mut self.written, &mut self.record);
        self.chunks.push(&self.record)
    }

    pub fn finish(self) -> Result<()> {
        self.chunks.finish().map(drop)
    }
}

/// Appends the record of `segment`, rendered as `rendered`, to `out`, after those
/// that `written` tells of.
fn encode(segment: &RawSegment, rendered: &Rendered, written: &mut WrittenSoFar, out: &mut Vec<u8>) {
    put_varint(segment.line.wrapping_sub(written.line), out);
    written.line = segment.line;
    out.push(flags(segment));
    // The time and the role are in the rendering as they are: only their lengths.
    for field in [&segment.when, &segment.role].into_iter().flatten() {
        put_varint(field.len(), out);
    }
    if let Some(person) = &segment.person {
        match written.persons.get(person.as_str()) {
            Some(&number) => put_varint(number, out),
            None => {
                let number = written.persons.len();
                put_varint(number, out);
                put_str(person, out);
                written.persons.insert(person.clone(), number);
            }
        }
    }
    for n in [rendered.text.len(), rendered.prefix, rendered.edits.len()] {
        put_varint(n, out);
    }
    let mut kept_from = rendered.prefix;
    for edit in &rendered.edits {
        put_varint(edit.tag_start - kept_from, out);
        put_varint(edit.tag_end - edit.tag_start, out);
        put_str(&segment.text[edit.original_start..edit.original_end], out);
        kept_from = edit.tag_end;
    }
}

fn flags(segment: &RawSegment) -> u8 {
    let fields = [&segment.when, &segment.role, &segment.person];
    let mut flags = if segment.system { SYSTEM } else { 0 };
    for (field, bit) in fields.iter().zip([HAS_WHEN, HAS_ROLE, HAS_PERSON]) {
        if field.is_some() {
            flags |= bit;
        }
    }
    flags
}

/// Appends `n` in LEB128: seven bits a byte, low bits first, the high bit set on every
/// byte but the last. Most of what a record holds is below 128: one byte.
fn put_varint(n: usize, out: &mut Vec<u8>) {
    let mut n = n as u64;
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(s: &str, out: &mut Vec<u8>) {
    put_varint(s.len(), out);
    out.extend_from_slice(s.as_bytes());
}

/// A raw original that cannot be read (its records do not parse, or do not fit the
/// content): sealed data does not change unnoticed, so this is a bug or a damaged
/// vault.
#[derive(Debug, PartialEq, Eq)]
struct Damaged;

/// Whether a raw original, beginning with `stream`, is kept as differences, which are
/// read against the item's content.
pub(super) fn is_differences(stream: &[u8]) -> bool {
    stream.starts_with(MAGIC)
}

/// Reads the segments of item `item_id`'s raw original from `stream`, its decrypted
/// chunks, and hands each to `each`; `content` is the item's pseudonymised text,
/// which a stream of differences is read against (any other ignores it).
pub(super) fn read(
    item_id: i64,
    stream: &[u8],
    content: &str,
    mut each: impl FnMut(RawSegment) -> Result<()>,
) -> Result<()> {
    let damaged = || Error::Corrupt {
        path: "the vault database".into(),
        why: format!("the raw original of item {item_id} is damaged"),
    };
    if stream.first() == Some(&b'{') {
        // Old raw originals were read leniently: a last line without its line break
        // was left out.
        for line in stream.split_inclusive(|&b| b == b'\n').filter(|l| l.ends_with(b"\n")) {
            each(serde_json::from_slice(line).map_err(|_| damaged())?)?;
        }
        return Ok(());
    }
    let mut at = 0;
    if let Some(records) = stream.strip_prefix(MAGIC) {
        let (mut content_at, mut read) = (0, ReadSoFar::default());
        while at < records.len() {
            each(decode(records, &mut at, content, &mut content_at, &mut read).map_err(|Damaged| damaged())?)?;
        }
        // Every rendering in the content belongs to a record.
        if content_at != content.len() {
            return Err(damaged());
        }
    } else if let Some(records) = stream.strip_prefix(MAGIC_WHOLE) {
        while at < records.len() {
            each(decode_whole(records, &mut at).map_err(|Damaged| damaged())?)?;
        }
    } else if !stream.is_empty() {
        return Err(damaged());
    }
    // An empty stream is a file without segments.
    Ok(())
}

/// The record of differences at `*at`, read against `content` from `*content_at`,
/// after those that `read` tells of; moves both past it.
fn decode(
    bytes: &[u8],
    at: &mut usize,
    content: &str,
    content_at: &mut usize,
    read: &mut ReadSoFar,
) -> Result<RawSegment, Damaged> {
    let line = read.line.wrapping_add(take_varint(bytes, at)?);
    read.line = line;
    let flags = take_flags(bytes, at)?;
    let when_len = (flags & HAS_WHEN != 0).then(|| take_varint(bytes, at)).transpose()?;
    let role_len = (flags & HAS_ROLE != 0).then(|| take_varint(bytes, at)).transpose()?;
    let mut person = None;
    if flags & HAS_PERSON != 0 {
        let number = take_varint(bytes, at)?;
        if number == read.persons.len() {
            read.persons.push(take_str(bytes, at)?.to_owned());
        }
        person = Some(read.persons.get(number).ok_or(Damaged)?.clone());
    }
    let rendered_len = take_varint(bytes, at)?;
    let prefix = take_varint(bytes, at)?;
    let edits = take_varint(bytes, at)?;
    let end = content_at.checked_add(rendered_len).ok_or(Damaged)?;
    let rendered = content.get(*content_at..end).ok_or(Damaged)?;
    *content_at = end;
    // The prefix begins "[time] " and "role: " when there are those.
    let mut p = 0;
    let mut field = |len: Option<usize>, open: &str, close: &str| -> Result<Option<String>, Damaged> {
        let Some(len) = len else { return Ok(None) };
        let start = p + open.len();
        let end = start.checked_add(len).ok_or(Damaged)?;
        if rendered.get(p..start) != Some(open) || rendered.get(end..end + close.len()) != Some(close) {
            return Err(Damaged);
        }
        p = end + close.len();
        Ok(Some(rendered[start..end].to_owned()))
    };
    let when = field(when_len, "[", "] ")?;
    let role = field(role_len, "", ": ")?;
    // The text lies between the prefix and the line break that ends the rendering.
    if !rendered.ends_with('\n') {
        return Err(Damaged);
    }
    let text_end = rendered.len() - 1;
    if prefix < p || prefix > text_end {
        return Err(Damaged);
    }
    let mut text = String::with_capacity(text_end - prefix);
    let mut kept_from = prefix;
    for _ in 0..edits {
        let tag_start = kept_from.checked_add(take_varint(bytes, at)?).ok_or(Damaged)?;
        let tag_end = tag_start.checked_add(take_varint(bytes, at)?).ok_or(Damaged)?;
        let original = take_str(bytes, at)?;
        if tag_end > text_end {
            return Err(Damaged);
        }
        text.push_str(rendered.get(kept_from..tag_start).ok_or(Damaged)?);
        text.push_str(original);
        kept_from = tag_end;
    }
    text.push_str(rendered.get(kept_from..text_end).ok_or(Damaged)?);
    Ok(RawSegment::read(line, flags, [when, role, person], text))
}

/// The whole record at `*at` (the older encoding, with fixed-width integers); moves
/// `*at` past it.
fn decode_whole(bytes: &[u8], at: &mut usize) -> Result<RawSegment, Damaged> {
    let line = u64::from_le_bytes(take(bytes, at, 8)?.try_into().map_err(|_| Damaged)?);
    let line = usize::try_from(line).map_err(|_| Damaged)?;
    let flags = take_flags(bytes, at)?;
    let string = |at: &mut usize| -> Result<String, Damaged> {
        let len = u32::from_le_bytes(take(bytes, at, 4)?.try_into().map_err(|_| Damaged)?) as usize;
        String::from_utf8(take(bytes, at, len)?.to_vec()).map_err(|_| Damaged)
    };
    let mut optional = [None, None, None];
    for (field, bit) in optional.iter_mut().zip([HAS_WHEN, HAS_ROLE, HAS_PERSON]) {
        if flags & bit != 0 {
            *field = Some(string(at)?);
        }
    }
    let text = string(at)?;
    Ok(RawSegment::read(line, flags, optional, text))
}

/// A record's flags: known bits only, and one speaker at most (a role, a person or
/// the system).
fn take_flags(bytes: &[u8], at: &mut usize) -> Result<u8, Damaged> {
    let &[flags] = take(bytes, at, 1)? else {
        return Err(Damaged);
    };
    let speakers = (flags & (HAS_ROLE | HAS_PERSON | SYSTEM)).count_ones();
    if flags & !(HAS_WHEN | HAS_ROLE | HAS_PERSON | SYSTEM) != 0 || speakers > 1 {
        return Err(Damaged);
    }
    Ok(flags)
}

/// A LEB128 number (see [`put_varint`]) of at most 64 bits.
fn take_varint(bytes: &[u8], at: &mut usize) -> Result<usize, Damaged> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let &[byte] = take(bytes, at, 1)? else {
            return Err(Damaged);
        };
        let bits = u64::from(byte & 0x7F);
        if shift == 63 && bits > 1 {
            return Err(Damaged);
        }
        n |= bits << shift;
        if byte & 0x80 == 0 {
            return usize::try_from(n).map_err(|_| Damaged);
        }
    }
    Err(Damaged)
}

fn take_str<'b>(bytes: &'b [u8], at: &mut usize) -> Result<&'b str, Damaged> {
    let len = take_varint(bytes, at)?;
    std::str::from_utf8(take(bytes, at, len)?).map_err(|_| Damaged)
}

/// The next `n` bytes of `bytes` from `*at`, moving `*at` past them.
fn take<'b>(bytes: &'b [u8], at: &mut usize, n: usize) -> Result<&'b [u8], Damaged> {
    let taken = bytes.get(*at..at.checked_add(n).ok_or(Damaged)?).ok_or(Damaged)?;
    *at += n;
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use compact_str::CompactString;
    use proptest::prelude::*;

    use super::*;
    use crate::pseudo::{Category, Span, pseudonymise_into};

    /// What `read` gives for `stream` against `content`, or `Err(())` if it found the
    /// stream damaged.
    fn read_all(stream: &[u8], content: &str) -> std::result::Result<Vec<RawSegment>, ()> {
        let mut out = Vec::new();
        read(7, stream, content, |s| {
            out.push(s);
            Ok(())
        })
        .map_err(|e| assert!(e.to_string().contains("raw original of item 7 is damaged"), "{e}"))?;
        Ok(out)
    }

    /// Renders `segment` as the importer does (time, speaker, text with `spans`
    /// replaced by `tags`, a line break), recording its edits as the importer does.
    fn render(segment: &RawSegment, spans: &[Span], tags: &[String]) -> Rendered {
        let mut rendered = Rendered::default();
        let text = &mut rendered.text;
        if let Some(when) = &segment.when {
            text.push_str(&format!("[{when}] "));
        }
        if let Some(speaker) = segment.role.as_ref().or(segment.person.as_ref()) {
            text.push_str(&format!("{speaker}: "));
        } else if segment.system {
            text.push_str("* ");
        }
        rendered.prefix = text.len();
        let mut tracker = EditTracker::new(rendered.prefix);
        let edits = &mut rendered.edits;
        pseudonymise_into(text, &segment.text, spans, &mut rendered.replaced, |i, span| {
            let tag = CompactString::from(tags[i % tags.len()].as_str());
            edits.push(tracker.replaced(span.start, span.end, tag.len()));
            tag
        });
        text.push('\n');
        rendered
    }

    /// The raw original and the content of `segments`, each with its spans.
    fn differences(segments: &[(RawSegment, Vec<Span>)], tags: &[String]) -> (Vec<u8>, String) {
        let mut stream = MAGIC.to_vec();
        let mut content = String::new();
        let mut written = WrittenSoFar::default();
        for (segment, spans) in segments {
            let rendered = render(segment, spans, tags);
            encode(segment, &rendered, &mut written, &mut stream);
            content.push_str(&rendered.text);
        }
        (stream, content)
    }

    /// Segments in whole records, as fieldvault wrote them before differences.
    fn whole_records(segments: &[RawSegment]) -> Vec<u8> {
        let mut stream = MAGIC_WHOLE.to_vec();
        let put = |s: &str, stream: &mut Vec<u8>| {
            stream.extend_from_slice(&(s.len() as u32).to_le_bytes());
            stream.extend_from_slice(s.as_bytes());
        };
        for s in segments {
            stream.extend_from_slice(&(s.line as u64).to_le_bytes());
            stream.push(flags(s));
            for field in [&s.when, &s.role, &s.person].into_iter().flatten() {
                put(field, &mut stream);
            }
            put(&s.text, &mut stream);
        }
        stream
    }

    /// Segments as the importers make them: a role, a person, the system or no speaker.
    fn segment() -> impl Strategy<Value = RawSegment> {
        (
            any::<usize>(),
            proptest::option::of(".{0,20}"),
            0..4u8,
            // Names that recur, as a chat's senders do, and others.
            prop_oneof![Just("Siti".to_owned()), Just("Budi".to_owned()), ".{0,12}"],
            ".{0,200}",
        )
            .prop_map(|(line, when, speaker, name, text)| RawSegment {
                line,
                when,
                role: (speaker == 1).then(|| name.clone()),
                person: (speaker == 2).then_some(name),
                system: speaker == 3,
                text,
            })
    }

    /// A segment with spans at random byte offsets: in order or not, inside a char or
    /// overlapping, as the replacing skips them.
    fn segment_with_spans() -> impl Strategy<Value = (RawSegment, Vec<Span>)> {
        (segment(), proptest::collection::vec((0usize..220, 0usize..30), 0..12)).prop_map(|(segment, cuts)| {
            let spans = cuts
                .into_iter()
                .map(|(start, len)| Span {
                    start,
                    end: start + len,
                    category: Category::Person,
                    canonical: CompactString::default(),
                })
                .collect();
            (segment, spans)
        })
    }

    proptest! {
        #[test]
        fn differences_give_back_the_segments(
            segments in proptest::collection::vec(segment_with_spans(), 0..12),
            tags in proptest::collection::vec("\\[[A-Z]{0,8}_[0-9]{1,3}\\]|.{0,6}", 1..4),
        ) {
            let (stream, content) = differences(&segments, &tags);
            let expected: Vec<RawSegment> = segments.into_iter().map(|(s, _)| s).collect();
            prop_assert_eq!(read_all(&stream, &content).unwrap(), expected);
        }

        #[test]
        fn a_stream_cut_inside_its_last_record_is_damaged(
            segments in proptest::collection::vec(segment_with_spans(), 1..5),
            cut in any::<usize>(),
        ) {
            let tags = ["[PERSON_1]".to_owned()];
            let (stream, content) = differences(&segments, &tags);
            let (last, _) = differences(&segments[segments.len() - 1..], &tags);
            // 1 to all but one of the last record's bytes go.
            let part = |last: &[u8]| 1 + cut % (last.len() - MAGIC.len() - 1);
            prop_assert_eq!(read_all(&stream[..stream.len() - part(&last)], &content), Err(()));
            let whole: Vec<RawSegment> = segments.into_iter().map(|(s, _)| s).collect();
            let stream = whole_records(&whole);
            let last = whole_records(&whole[whole.len() - 1..]);
            prop_assert_eq!(read_all(&stream[..stream.len() - part(&last)], ""), Err(()));
        }

        /// Damage anywhere (sealed data does not change unnoticed, but a bug could
        /// write it) is reported, never a panic.
        #[test]
        fn any_bytes_are_read_or_reported_damaged(
            segments in proptest::collection::vec(segment_with_spans(), 0..4),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            content_edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..4),
        ) {
            let (mut stream, content) = differences(&segments, &["[PERSON_1]".to_owned()]);
            for (at, byte) in edits {
                let i = MAGIC.len() + at.index(stream.len() - MAGIC.len() + 1);
                if i < stream.len() { stream[i] = byte } else { stream.push(byte) }
            }
            let mut content: Vec<char> = content.chars().collect();
            for (at, c) in content_edits {
                if !content.is_empty() {
                    let i = at.index(content.len());
                    content[i] = c;
                }
            }
            let content: String = content.into_iter().collect();
            let _ = read_all(&stream, &content);
            let whole: Vec<RawSegment> = segments.into_iter().map(|(s, _)| s).collect();
            let mut stream = whole_records(&whole);
            let i = MAGIC.len() + (stream.len() - MAGIC.len()) / 2;
            if i < stream.len() { stream[i] ^= 0x55 }
            let _ = read_all(&stream, "");
        }

        #[test]
        fn whole_records_read_back(segments in proptest::collection::vec(segment(), 0..20)) {
            prop_assert_eq!(read_all(&whole_records(&segments), "").unwrap(), segments);
        }
    }

    #[test]
    fn differences_that_do_not_fit_the_content_are_damaged() {
        let segment = RawSegment {
            line: 3,
            when: Some("2024-03-12 21:31".into()),
            role: None,
            person: Some("Siti".into()),
            system: false,
            text: "WA aku di 0812-3456-7890 ya, café ☕ jam 9".into(),
        };
        let phone = Span {
            start: 10,
            end: 24,
            category: Category::Phone,
            canonical: CompactString::default(),
        };
        let tags = ["[PHONE_1]".to_owned()];
        let (stream, content) = differences(&[(segment.clone(), vec![phone])], &tags);
        assert!(content.contains("WA aku di [PHONE_1] ya, café ☕ jam 9\n"), "{content}");
        assert_eq!(read_all(&stream, &content), Ok(vec![segment]));
        // Content longer or shorter than the records say, or changed where a char
        // boundary or the line break should be.
        assert_eq!(read_all(&stream, &format!("{content}x")), Err(()));
        assert_eq!(read_all(&stream, &content[..content.len() - 1]), Err(()));
        assert_eq!(read_all(&stream, &content.replace('\n', " ")), Err(()));
        assert_eq!(read_all(&stream, &content.replace("café", "cafe\u{301}")), Err(()));
        assert_eq!(read_all(&stream, ""), Err(()));
    }

    #[test]
    fn raw_originals_in_json_lines_are_read_as_before() {
        // As fieldvault wrote them up to 2026-12-05 (absent fields left out).
        let old = concat!(
            "{\"line\":2,\"when\":\"2024-03-12 21:31\",\"person\":\"Siti\",\"text\":\"Halo kak\\nmasih ada?\"}\n",
            "{\"line\":5,\"role\":\"P01\",\"text\":\"Iya\"}\n",
            "{\"line\":7,\"when\":\"2024-03-13 08:00\",\"system\":true,\"text\":\"Siti menambahkan Budi\"}\n",
            "{\"line\":9,\"text\":\"tanpa pembicara\"}\n",
        );
        let expected = vec![
            RawSegment {
                line: 2,
                when: Some("2024-03-12 21:31".into()),
                role: None,
                person: Some("Siti".into()),
                system: false,
                text: "Halo kak\nmasih ada?".into(),
            },
            RawSegment {
                line: 5,
                when: None,
                role: Some("P01".into()),
                person: None,
                system: false,
                text: "Iya".into(),
            },
            RawSegment {
                line: 7,
                when: Some("2024-03-13 08:00".into()),
                role: None,
                person: None,
                system: true,
                text: "Siti menambahkan Budi".into(),
            },
            RawSegment {
                line: 9,
                when: None,
                role: None,
                person: None,
                system: false,
                text: "tanpa pembicara".into(),
            },
        ];
        assert_eq!(read_all(old.as_bytes(), ""), Ok(expected.clone()));
        // A last line without its line break was left out, as before.
        assert_eq!(
            read_all(&old.as_bytes()[..old.len() - 1], ""),
            Ok(expected[..3].to_vec())
        );
        // The same segments in whole records, and as differences, read back the same.
        assert_eq!(read_all(&whole_records(&expected), ""), Ok(expected.clone()));
        let with_spans: Vec<_> = expected.iter().map(|s| (s.clone(), Vec::new())).collect();
        let (stream, content) = differences(&with_spans, &["[PERSON_1]".to_owned()]);
        assert_eq!(read_all(&stream, &content), Ok(expected));
    }

    #[test]
    fn unknown_beginnings_and_flags_are_damaged() {
        assert_eq!(read_all(b"FVR9....", ""), Err(()));
        assert_eq!(read_all(b"<xml>", ""), Err(()));
        let segment = RawSegment {
            line: 1,
            role: Some("P01".into()),
            text: "teks".into(),
            ..RawSegment::default()
        };
        let (stream, content) = differences(&[(segment.clone(), Vec::new())], &["[PERSON_1]".to_owned()]);
        assert_eq!(read_all(&stream, &content), Ok(vec![segment.clone()]));
        let whole = whole_records(std::slice::from_ref(&segment));
        assert_eq!(read_all(&whole, ""), Ok(vec![segment]));
        // The flags follow the magic and a line of one byte (as a difference) or eight.
        for (stream, flags_at, content) in [
            (stream, MAGIC.len() + 1, content.as_str()),
            (whole, MAGIC.len() + 8, ""),
        ] {
            assert_eq!(stream[flags_at], HAS_ROLE);
            // An unknown flag; two speakers for one segment.
            for flags in [HAS_ROLE | 1 << 6, HAS_ROLE | SYSTEM] {
                let mut changed = stream.clone();
                changed[flags_at] = flags;
                assert_eq!(read_all(&changed, content), Err(()));
            }
        }
        for magic in [MAGIC, MAGIC_WHOLE] {
            // An empty stream (a file without segments) is no damage.
            assert_eq!(read_all(magic, ""), Ok(Vec::new()));
        }
        assert_eq!(read_all(b"", ""), Ok(Vec::new()));
        // Content that no record accounts for.
        assert_eq!(read_all(MAGIC, "* teks\n"), Err(()));
    }

    #[test]
    fn numbers_take_one_byte_below_128_and_read_back_whole() {
        for n in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as usize, usize::MAX] {
            let mut bytes = Vec::new();
            put_varint(n, &mut bytes);
            assert_eq!(
                bytes.len(),
                1 + (usize::BITS - n.leading_zeros()).saturating_sub(1) as usize / 7
            );
            let mut at = 0;
            assert_eq!(take_varint(&bytes, &mut at), Ok(n));
            assert_eq!(at, bytes.len());
            // Cut short, it is damaged.
            assert_eq!(take_varint(&bytes[..bytes.len() - 1], &mut 0), Err(Damaged));
        }
        // More than 64 bits.
        assert_eq!(take_varint(&[0xFF; 10], &mut 0), Err(Damaged));
        assert_eq!(take_varint(&[0x80; 11], &mut 0), Err(Damaged));
    }
}
