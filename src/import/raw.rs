//! The raw original of a text item: the importer's segments before pseudonymisation,
//! sealed in `item_raw_chunks` until review approves the item, so that review and
//! changed lists can render it again.
//!
//! It is kept as the difference between the segments and the item's pseudonymised
//! text (its content stream, which holds each segment's rendering in order): the
//! stream starts with [`MAGIC`], then holds one record per segment, in order:
//!
//! ```text
//! record = line (u64) | flags (u8) | [when] | [role] | [person]
//!          | rendered (u32) | prefix (u32) | edits (u32) | edit*
//! flags  = bit 0: when present, bit 1: role present, bit 2: person present,
//!          bit 3: a system message; at most one of bits 1-3, the other bits zero
//! edit   = tag start (u32) | tag end (u32) | original
//! when, role, person, original = length (u32) | UTF-8 bytes
//! ```
//!
//! `rendered` is the length in bytes of the segment's rendering in the content (its
//! time, speaker and text, and a line break), `prefix` that of the time and speaker
//! before the text; each edit is a tag of the rendering (a byte range of it, in order)
//! and the original it replaced. The segment's text is the rendering's text with each
//! tag replaced by its original. Integers are little-endian.
//!
//! Older raw originals held each segment whole, and are read as before: in records
//! that start with [`MAGIC_WHOLE`] (the same record without `rendered`, `prefix` and
//! edits, the text in their place as a length and UTF-8 bytes; fieldvault up to
//! 2026-12-05's eighth session), or in JSON lines, one segment per line (up to its
//! third session; a stream that starts with `{`). A difference replaced the whole
//! text because that text, nearly the same as the pseudonymised one, doubled what an
//! import compresses, seals and writes: without it an import took about a fifth less
//! CPU time (docs/performance.md).

use serde::Deserialize;
use zeroize::Zeroizing;

use super::Rendered;
use crate::error::{Error, Result};
use crate::ingest::{Segment, Speaker};
use crate::items::{ChunkWriter, Written};

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
}

impl<'c> RawWriter<'c> {
    /// A writer into `chunks`, the item's raw stream.
    pub fn new(mut chunks: ChunkWriter<'c>) -> Result<Self> {
        chunks.push(MAGIC)?;
        Ok(RawWriter {
            chunks,
            record: Zeroizing::new(Vec::new()),
        })
    }

    /// Appends the record of `segment`, rendered as `rendered`.
    pub fn push(&mut self, segment: &RawSegment, rendered: &Rendered) -> Result<()> {
        self.record.clear();
        encode(segment, rendered, &mut self.record);
        self.chunks.push(&self.record)
    }

    pub fn finish(self) -> Result<Written> {
        self.chunks.finish()
    }
}

/// Appends the record of `segment`, rendered as `rendered`, to `out`.
fn encode(segment: &RawSegment, rendered: &Rendered, out: &mut Vec<u8>) {
    put_head(segment, out);
    for n in [rendered.text.len(), rendered.prefix, rendered.edits.len()] {
        put_u32(n, out);
    }
    for edit in &rendered.edits {
        put_u32(edit.tag_start, out);
        put_u32(edit.tag_end, out);
        put_str(&segment.text[edit.original_start..edit.original_end], out);
    }
}

/// Appends what a record holds before the text: line, flags, time and speaker.
fn put_head(segment: &RawSegment, out: &mut Vec<u8>) {
    let fields = [&segment.when, &segment.role, &segment.person];
    let mut flags = if segment.system { SYSTEM } else { 0 };
    for (field, bit) in fields.iter().zip([HAS_WHEN, HAS_ROLE, HAS_PERSON]) {
        if field.is_some() {
            flags |= bit;
        }
    }
    out.extend_from_slice(&(segment.line as u64).to_le_bytes());
    out.push(flags);
    for field in fields.into_iter().flatten() {
        put_str(field, out);
    }
}

fn put_u32(n: usize, out: &mut Vec<u8>) {
    // A segment's text is bounded far below 4 GiB (by the importers' line and
    // paragraph limits); a longer one could not have been read into memory either.
    let n = u32::try_from(n).expect("a segment is shorter than 4 GiB");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(s: &str, out: &mut Vec<u8>) {
    put_u32(s.len(), out);
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
    // An empty stream is a file without segments.
    let (records, differences) = if let Some(records) = stream.strip_prefix(MAGIC) {
        (records, true)
    } else if let Some(records) = stream.strip_prefix(MAGIC_WHOLE) {
        (records, false)
    } else if stream.is_empty() {
        return Ok(());
    } else {
        return Err(damaged());
    };
    let mut at = 0;
    let mut content_at = 0;
    while at < records.len() {
        let segment = if differences {
            decode(records, &mut at, content, &mut content_at)
        } else {
            decode_whole(records, &mut at)
        };
        each(segment.map_err(|Damaged| damaged())?)?;
    }
    // Every rendering in the content belongs to a record.
    if differences && content_at != content.len() {
        return Err(damaged());
    }
    Ok(())
}

/// The record of differences at `*at`, read against `content` from `*content_at`;
/// moves both past it.
fn decode(bytes: &[u8], at: &mut usize, content: &str, content_at: &mut usize) -> Result<RawSegment, Damaged> {
    let mut segment = decode_head(bytes, at)?;
    let rendered_len = take_u32(bytes, at)?;
    let prefix = take_u32(bytes, at)?;
    let edits = take_u32(bytes, at)?;
    let end = content_at.checked_add(rendered_len).ok_or(Damaged)?;
    let rendered = content.get(*content_at..end).ok_or(Damaged)?;
    *content_at = end;
    // The text lies between the prefix and the line break that ends the rendering.
    let text_end = rendered
        .len()
        .checked_sub(1)
        .filter(|&e| rendered[e..] == *"\n")
        .ok_or(Damaged)?;
    if prefix > text_end {
        return Err(Damaged);
    }
    let mut kept_from = prefix;
    for _ in 0..edits {
        let tag_start = take_u32(bytes, at)?;
        let tag_end = take_u32(bytes, at)?;
        let original = take_str(bytes, at)?;
        if tag_start < kept_from || tag_end < tag_start || tag_end > text_end {
            return Err(Damaged);
        }
        segment
            .text
            .push_str(rendered.get(kept_from..tag_start).ok_or(Damaged)?);
        segment.text.push_str(original);
        kept_from = tag_end;
    }
    segment.text.push_str(rendered.get(kept_from..text_end).ok_or(Damaged)?);
    Ok(segment)
}

/// The whole record at `*at` (the older encoding); moves `*at` past it.
fn decode_whole(bytes: &[u8], at: &mut usize) -> Result<RawSegment, Damaged> {
    let mut segment = decode_head(bytes, at)?;
    segment.text = take_str(bytes, at)?.to_owned();
    Ok(segment)
}

/// What a record holds before its text (or its differences), the text left empty.
fn decode_head(bytes: &[u8], at: &mut usize) -> Result<RawSegment, Damaged> {
    let line = u64::from_le_bytes(take(bytes, at, 8)?.try_into().map_err(|_| Damaged)?);
    let line = usize::try_from(line).map_err(|_| Damaged)?;
    let [flags] = take(bytes, at, 1)? else {
        return Err(Damaged);
    };
    let flags = *flags;
    // A segment has one speaker at most: a role, a person or the system.
    let speakers = (flags & (HAS_ROLE | HAS_PERSON | SYSTEM)).count_ones();
    if flags & !(HAS_WHEN | HAS_ROLE | HAS_PERSON | SYSTEM) != 0 || speakers > 1 {
        return Err(Damaged);
    }
    let mut optional = [None, None, None];
    for (field, bit) in optional.iter_mut().zip([HAS_WHEN, HAS_ROLE, HAS_PERSON]) {
        if flags & bit != 0 {
            *field = Some(take_str(bytes, at)?.to_owned());
        }
    }
    let [when, role, person] = optional;
    Ok(RawSegment {
        line,
        when,
        role,
        person,
        system: flags & SYSTEM != 0,
        text: String::new(),
    })
}

fn take_u32(bytes: &[u8], at: &mut usize) -> Result<usize, Damaged> {
    let n = u32::from_le_bytes(take(bytes, at, 4)?.try_into().map_err(|_| Damaged)?);
    Ok(n as usize)
}

fn take_str<'b>(bytes: &'b [u8], at: &mut usize) -> Result<&'b str, Damaged> {
    let len = take_u32(bytes, at)?;
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
        for (segment, spans) in segments {
            let rendered = render(segment, spans, tags);
            encode(segment, &rendered, &mut stream);
            content.push_str(&rendered.text);
        }
        (stream, content)
    }

    /// Segments in whole records, as fieldvault wrote them before differences.
    fn whole_records(segments: &[RawSegment]) -> Vec<u8> {
        let mut stream = MAGIC_WHOLE.to_vec();
        for s in segments {
            put_head(s, &mut stream);
            put_str(&s.text, &mut stream);
        }
        stream
    }

    /// Segments as the importers make them: a role, a person, the system or no speaker.
    fn segment() -> impl Strategy<Value = RawSegment> {
        (
            any::<usize>(),
            proptest::option::of(".{0,20}"),
            0..4u8,
            ".{0,12}",
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
        for magic in [MAGIC, MAGIC_WHOLE] {
            let mut stream = magic.to_vec();
            stream.extend_from_slice(&1u64.to_le_bytes());
            stream.push(1 << 6);
            stream.extend_from_slice(&0u32.to_le_bytes());
            assert_eq!(read_all(&stream, ""), Err(()));
            // Two speakers for one segment.
            let mut stream = magic.to_vec();
            stream.extend_from_slice(&1u64.to_le_bytes());
            stream.push(HAS_ROLE | SYSTEM);
            for s in ["P01", "teks"] {
                put_str(s, &mut stream);
            }
            assert_eq!(read_all(&stream, ""), Err(()));
            // An empty stream (a file without segments) is no damage.
            assert_eq!(read_all(magic, ""), Ok(Vec::new()));
        }
        assert_eq!(read_all(b"", ""), Ok(Vec::new()));
        // Content that no record accounts for.
        assert_eq!(read_all(MAGIC, "* teks\n"), Err(()));
    }
}
