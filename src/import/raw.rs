//! The raw original of a text item: the importer's segments before pseudonymisation,
//! sealed in `item_raw_chunks` until review approves the item, so that review and
//! changed lists can render it again.
//!
//! The stream starts with [`MAGIC`], then holds one record per segment, in order:
//!
//! ```text
//! record = line (u64) | flags (u8) | [when] | [role] | [person] | text
//! flags  = bit 0: when present, bit 1: role present, bit 2: person present,
//!          bit 3: a system message; at most one of bits 1-3, the other bits zero
//! when, role, person, text = length (u32) | UTF-8 bytes
//! ```
//!
//! Integers are little-endian. Raw originals written before this encoding (by
//! fieldvault up to 2026-12-05) are JSON lines, one segment per line; a stream that
//! starts with `{` is one of those and is read as before. The records replaced them
//! because writing the JSON (escaping every byte, the field names on every line) and
//! compressing it cost an import about 8 % of its CPU time (docs/performance.md).

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::ingest::{Segment, Speaker};

/// The first bytes of a raw original in records (a JSON line starts with `{`).
pub(super) const MAGIC: &[u8; 4] = b"FVR2";

const HAS_WHEN: u8 = 1;
const HAS_ROLE: u8 = 1 << 1;
const HAS_PERSON: u8 = 1 << 2;
const SYSTEM: u8 = 1 << 3;

/// A segment as kept in the raw original.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
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

/// Appends the record of `segment` to `out`.
pub(super) fn encode(segment: &RawSegment, out: &mut Vec<u8>) {
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
    put_str(&segment.text, out);
}

fn put_str(s: &str, out: &mut Vec<u8>) {
    // A segment's text is bounded far below 4 GiB (by the importers' line and
    // paragraph limits); a longer one could not have been read into memory either.
    let len = u32::try_from(s.len()).expect("a segment is shorter than 4 GiB");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A raw original that cannot be read (its records do not parse): sealed data does
/// not change unnoticed, so this is a bug or a damaged vault.
#[derive(Debug, PartialEq, Eq)]
struct Damaged;

/// Reads a raw original's segments from its decrypted chunks, in either encoding.
pub(super) struct RawReader {
    item_id: i64,
    /// Bytes of a record (or JSON line) that the next chunk completes.
    pending: Zeroizing<Vec<u8>>,
    /// Known once the stream's first bytes are in.
    encoding: Option<RawEncoding>,
}

#[derive(Clone, Copy)]
enum RawEncoding {
    Records,
    JsonLines,
}

impl RawReader {
    /// A reader of item `item_id`'s raw original (named in errors).
    pub fn new(item_id: i64) -> Self {
        RawReader {
            item_id,
            pending: Zeroizing::new(Vec::new()),
            encoding: None,
        }
    }

    fn damaged(&self) -> Error {
        Error::Corrupt {
            path: "the vault database".into(),
            why: format!("the raw original of item {} is damaged", self.item_id),
        }
    }

    /// Takes the next decrypted chunk and hands every segment it completes to `each`.
    pub fn feed(&mut self, plain: &[u8], mut each: impl FnMut(RawSegment) -> Result<()>) -> Result<()> {
        self.pending.extend_from_slice(plain);
        let encoding = match self.encoding {
            Some(encoding) => encoding,
            None if self.pending.first() == Some(&b'{') => *self.encoding.insert(RawEncoding::JsonLines),
            None if self.pending.len() < MAGIC.len() => return Ok(()),
            None if self.pending.starts_with(MAGIC) => {
                self.pending.drain(..MAGIC.len());
                *self.encoding.insert(RawEncoding::Records)
            }
            None => return Err(self.damaged()),
        };
        let mut start = 0;
        loop {
            let rest = &self.pending[start..];
            let decoded = match encoding {
                RawEncoding::Records => decode(rest),
                RawEncoding::JsonLines => match rest.iter().position(|&b| b == b'\n') {
                    Some(end) => serde_json::from_slice(&rest[..end])
                        .map(|segment| Some((segment, end + 1)))
                        .map_err(|_| Damaged),
                    None => Ok(None),
                },
            };
            let Some((segment, used)) = decoded.map_err(|Damaged| self.damaged())? else {
                break;
            };
            start += used;
            each(segment)?;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Checks that the stream ended with a whole record.
    pub fn finish(self) -> Result<()> {
        match self.encoding {
            // Old raw originals were read leniently: a last line without its line
            // break was left out.
            Some(RawEncoding::JsonLines) => Ok(()),
            Some(RawEncoding::Records) | None if self.pending.is_empty() => Ok(()),
            _ => Err(self.damaged()),
        }
    }
}

/// The record at the start of `bytes` and its length; `None` if `bytes` ends before
/// the record does.
fn decode(bytes: &[u8]) -> Result<Option<(RawSegment, usize)>, Damaged> {
    let mut at = 0;
    let Some(line) = take(bytes, &mut at, 8) else {
        return Ok(None);
    };
    let line = usize::try_from(u64::from_le_bytes(line.try_into().map_err(|_| Damaged)?)).map_err(|_| Damaged)?;
    let Some(&[flags]) = take(bytes, &mut at, 1) else {
        return Ok(None);
    };
    // A segment has one speaker at most: a role, a person or the system.
    let speakers = (flags & (HAS_ROLE | HAS_PERSON | SYSTEM)).count_ones();
    if flags & !(HAS_WHEN | HAS_ROLE | HAS_PERSON | SYSTEM) != 0 || speakers > 1 {
        return Err(Damaged);
    }
    // `None` as soon as the bytes end, before anything after that point is read.
    let string = |at: &mut usize| -> Result<Option<String>, Damaged> {
        let Some(len) = take(bytes, at, 4) else {
            return Ok(None);
        };
        let len = u32::from_le_bytes(len.try_into().map_err(|_| Damaged)?) as usize;
        let Some(text) = take(bytes, at, len) else {
            return Ok(None);
        };
        String::from_utf8(text.to_vec()).map(Some).map_err(|_| Damaged)
    };
    let mut optional = [None, None, None];
    for (field, bit) in optional.iter_mut().zip([HAS_WHEN, HAS_ROLE, HAS_PERSON]) {
        if flags & bit != 0 {
            let Some(value) = string(&mut at)? else {
                return Ok(None);
            };
            *field = Some(value);
        }
    }
    let Some(text) = string(&mut at)? else {
        return Ok(None);
    };
    let [when, role, person] = optional;
    let segment = RawSegment {
        line,
        when,
        role,
        person,
        system: flags & SYSTEM != 0,
        text,
    };
    Ok(Some((segment, at)))
}

/// The next `n` bytes of `bytes` from `*at`, moving `*at` past them.
fn take<'b>(bytes: &'b [u8], at: &mut usize, n: usize) -> Option<&'b [u8]> {
    let taken = bytes.get(*at..at.checked_add(n)?)?;
    *at += n;
    Some(taken)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Feeds `stream` to a reader in pieces cut at `cuts`, and returns what it read,
    /// or `Err(())` if it found the stream damaged.
    fn read(stream: &[u8], cuts: &[usize]) -> std::result::Result<Vec<RawSegment>, ()> {
        let mut reader = RawReader::new(7);
        let mut out = Vec::new();
        let mut at = 0;
        let mut ends: Vec<usize> = cuts.iter().map(|&c| c.min(stream.len())).collect();
        ends.sort_unstable();
        ends.push(stream.len());
        let damaged = |e: Error| {
            assert!(e.to_string().contains("raw original of item 7 is damaged"), "{e}");
        };
        for end in ends {
            reader
                .feed(&stream[at..end.max(at)], |s| {
                    out.push(s);
                    Ok(())
                })
                .map_err(damaged)?;
            at = end.max(at);
        }
        reader.finish().map_err(damaged)?;
        Ok(out)
    }

    fn records(segments: &[RawSegment]) -> Vec<u8> {
        let mut stream = MAGIC.to_vec();
        for s in segments {
            encode(s, &mut stream);
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

    proptest! {
        #[test]
        fn records_read_back_whatever_the_chunk_boundaries(
            segments in proptest::collection::vec(segment(), 0..20),
            cuts in proptest::collection::vec(0usize..4000, 0..6),
        ) {
            let stream = records(&segments);
            prop_assert_eq!(read(&stream, &cuts).unwrap(), segments);
        }

        #[test]
        fn a_stream_cut_inside_its_last_record_is_damaged(
            segments in proptest::collection::vec(segment(), 1..5),
            cut in any::<usize>(),
        ) {
            let stream = records(&segments);
            let mut last = Vec::new();
            encode(&segments[segments.len() - 1], &mut last);
            // 1 to all but one of the last record's bytes go.
            let cut = 1 + cut % (last.len() - 1);
            prop_assert_eq!(read(&stream[..stream.len() - cut], &[]), Err(()));
        }
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
        for cuts in [&[][..], &[1], &[3, 40, 41], &[100, 150, 200]] {
            assert_eq!(read(old.as_bytes(), cuts).unwrap(), expected, "cut at {cuts:?}");
        }
        // The same segments in records read back the same.
        assert_eq!(read(&records(&expected), &[5, 30]).unwrap(), expected);
    }

    #[test]
    fn unknown_beginnings_and_flags_are_damaged() {
        assert_eq!(read(b"FVR9....", &[]), Err(()));
        assert_eq!(read(b"<xml>", &[]), Err(()));
        let mut stream = MAGIC.to_vec();
        stream.extend_from_slice(&1u64.to_le_bytes());
        stream.push(1 << 6);
        stream.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(read(&stream, &[]), Err(()));
        // Two speakers for one segment.
        let mut stream = MAGIC.to_vec();
        stream.extend_from_slice(&1u64.to_le_bytes());
        stream.push(HAS_ROLE | SYSTEM);
        for s in ["P01", "teks"] {
            put_str(s, &mut stream);
        }
        assert_eq!(read(&stream, &[]), Err(()));
        // An empty stream (a file without segments) is no damage.
        assert_eq!(read(MAGIC, &[]), Ok(Vec::new()));
        assert_eq!(read(b"", &[]), Ok(Vec::new()));
    }
}
