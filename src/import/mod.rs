//! The import pipeline: a file is read by its importer, checked by the consent gate,
//! pseudonymised (text kinds), sealed under the participant's data key in chunks and
//! logged, all inside the caller's transaction. A text item keeps its raw original,
//! sealed too, until review approves it; review and the allow and deny lists re-run
//! the same rendering from that raw original.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use compact_str::CompactString;
use rusqlite::Connection;
use serde::Serialize;
use time::Date;
use zeroize::Zeroizing;

use crate::coding;
use crate::consent::Kind;
use crate::consent::participant::Participant;
use crate::error::{Error, Result};
use crate::ingest::{self, Format, ImageFormat, ReadError, Segment, TextFormat};
use crate::items::{self, ChunkWriter, Encoding, Item, Stream};
use crate::keys::EpochKey;
use crate::pseudo::{self, Category, Engine, Learned, NameCandidate};
use crate::pseudonyms::{self, Lookup, Lookups, Mapper};
use crate::vault::Write;

mod raw;
use raw::{RawSegment, RawWriter};

/// The largest image accepted: images are read into memory to strip their metadata.
pub const MAX_IMAGE_BYTES: u64 = 64 << 20;

/// Segments are handed to the storing thread this many at a time, and at most
/// ANALYSIS_QUEUE batches wait: 4,096 segments, a few MB with their analyses. A deep
/// queue absorbs the storing thread's stalls (a chunk sealed and written, a burst of
/// new pseudonyms): 8, 16, 32 and 64 batches gave 47, 48, 49 and 50 MB/s on the
/// benchmark corpus, at the same peak memory (docs/performance.md).
const ANALYSIS_BATCH: usize = 64;
const ANALYSIS_QUEUE: usize = 64;

/// The reading thread analyses the next batch itself when at least this many wait
/// for the storing thread, and leaves it to the storing thread otherwise: half the
/// queue balanced the two threads best (with eight batches, leaving work at one
/// waiting batch made the reading thread the bottleneck, at six the storing thread).
const ANALYSE_WHEN_WAITING: usize = ANALYSIS_QUEUE / 2;

/// How many bytes of a file are read to recognise its format.
const SNIFF_BYTES: usize = 8192;

/// One file to import, and how to name it in messages. A WhatsApp export's file name
/// names the other person ("Chat WhatsApp dengan Siti.txt"), so such files are named
/// by their position on the command line instead.
pub struct Source<'a> {
    pub path: &'a Path,
    /// 1-based position among the command's files.
    pub position: usize,
}

/// What one import did.
#[derive(Debug, Serialize)]
pub struct Imported {
    #[serde(flatten)]
    pub item: Item,
    /// Turns, cues, paragraphs or messages read (text kinds).
    pub segments: u64,
    /// Identifiers replaced by tags.
    pub replaced: u64,
    /// Tokens no detector claimed, for review.
    pub suspicious: u64,
    /// Media references skipped in a chat export.
    pub media_skipped: u64,
    /// Metadata blocks removed from an image.
    pub metadata_removed: Vec<String>,
}

/// The engine and mapper of one command, shared by its files.
pub struct Pipeline<'k> {
    pub vault_id: &'k str,
    pub content_key: &'k EpochKey,
    pub engine: Engine,
    pub mapper: Mapper,
}

/// A rendered, pseudonymised segment: one line (or several, for a multi-line message)
/// of the item's text.
#[derive(Default)]
pub struct Rendered {
    /// The source line the segment started on.
    pub line: usize,
    pub text: String,
    /// Replacements, with character offsets into `text`.
    pub replaced: Vec<pseudo::Replaced>,
    /// Tokens no detector claimed, as character ranges of `text`.
    pub suspicious: Vec<(usize, usize, &'static str)>,
    /// Bytes of `text` before the segment's text (its time and speaker).
    prefix: usize,
    /// The tags in the segment's text, with the bytes they replaced: what the raw
    /// original keeps.
    edits: Vec<raw::Edit>,
}

/// What the engine found in one segment, with the pseudonym-table lookup of each
/// finding: the part of rendering that needs no database, so that an import runs it
/// on a second thread while the first maps and stores.
#[derive(Default)]
struct Analysis {
    /// The chat sender's identity, if the segment has a sender.
    speaker: Option<Arc<SpeakerIdentity>>,
    spans: Vec<pseudo::Span>,
    /// The lookup of each span, in order.
    lookups: Vec<Lookup>,
    suspicious: Vec<pseudo::Suspicious>,
    /// The words a name learned earlier in the file may be (`pseudo::Learned`).
    candidates: Vec<NameCandidate>,
}

impl Analysis {
    /// Frees vectors grown past KEEP_FINDINGS, and drops the speaker (a batch reused
    /// keeps its analyses' room, not their content).
    fn trim(&mut self) {
        self.speaker = None;
        if self.spans.capacity() > KEEP_FINDINGS {
            self.spans = Vec::new();
            self.lookups = Vec::new();
        }
        if self.suspicious.capacity() > KEEP_FINDINGS {
            self.suspicious = Vec::new();
        }
        if self.candidates.capacity() > KEEP_CANDIDATES {
            self.candidates = Vec::new();
        }
    }
}

/// The category, canonical form and lookup of a chat sender.
struct SpeakerIdentity {
    category: Category,
    canonical: String,
    lookup: Lookup,
    /// The sender's tag, once the storing thread has asked the mapping for it: a chat
    /// names the same sender on message after message, and a tag never changes.
    tag: OnceLock<CompactString>,
}

/// Analyses segments: the engine's findings and their lookups. A chat names the same
/// few senders on every message: each sender is analysed once (per file), not once
/// per message.
struct Analyser<'e> {
    engine: &'e Engine,
    lookups: Lookups,
    /// Senders met before, by name: asked on every chat message (foldhash, seeded per
    /// process, as below; SipHash showed in the profile).
    speakers: HashMap<String, Arc<SpeakerIdentity>, foldhash::fast::RandomState>,
    /// Lookups made before, by category (`Category as usize`) and canonical form:
    /// most findings of a file are the same few people, places and numbers again,
    /// and a map probe costs less than the keyed hash. Seeded per process (the
    /// canonical forms come from the input).
    known_lookups: [HashMap<CompactString, Lookup, foldhash::fast::RandomState>; Category::ALL.len()],
    /// How many lookups `known_lookups` holds, and how many it may
    /// (LOOKUP_CACHE; smaller in tests, which reach the path past it).
    known_count: usize,
    known_capacity: usize,
}

/// Senders remembered by one analyser; a group chat has dozens.
const SPEAKER_CACHE: usize = 4096;

/// Lookups remembered by one analyser (about 3 MB); emptied when full, so that
/// memory stays bounded whatever the input.
const LOOKUP_CACHE: usize = 1 << 16;

impl<'e> Analyser<'e> {
    fn new(engine: &'e Engine, lookups: Lookups) -> Self {
        Analyser {
            engine,
            lookups,
            speakers: HashMap::default(),
            known_lookups: Default::default(),
            known_count: 0,
            known_capacity: LOOKUP_CACHE,
        }
    }

    /// What the engine finds in `segment`, and the lookups of its findings, into
    /// `analysis`, whose vectors keep their room: an import and a review analyse one
    /// segment after another into the same few.
    fn analyse_into(&mut self, segment: &RawSegment, analysis: &mut Analysis) {
        let Analysis {
            speaker,
            spans,
            lookups,
            suspicious,
            candidates,
        } = analysis;
        self.engine
            .detect_and_suspicious_into(&segment.text, spans, suspicious, candidates);
        if segment.system {
            self.add_notice_names(&segment.text, spans, suspicious);
        }
        *speaker = segment.person.as_deref().map(|name| self.speaker(name));
        lookups.clear();
        for s in spans.iter() {
            lookups.push(self.lookup(s.category, &s.canonical));
        }
    }

    /// The contacts a WhatsApp notice names (`ingest::notice_names`), added to `spans`
    /// as the senders they are: "Sasa Baru 🌷" of "Rosa menambahkan Sasa Baru 🌷" gets
    /// the tag of her messages, whatever words her name holds.
    fn add_notice_names(&self, text: &str, spans: &mut Vec<pseudo::Span>, suspicious: &mut Vec<pseudo::Suspicious>) {
        let names: Vec<pseudo::Span> = ingest::notice_names(text)
            .into_iter()
            .map(|name| {
                let (category, canonical) = self.engine.sender_identity(&text[name.clone()]);
                pseudo::Span {
                    start: name.start,
                    end: name.end,
                    category,
                    canonical: canonical.into(),
                }
            })
            .collect();
        suspicious.retain(|t| !names.iter().any(|s| s.start < t.end && t.start < s.end));
        *spans = self.engine.merged(std::mem::take(spans), names);
    }

    /// `analysis` with the bare mentions added of the names that its file taught
    /// before it, and that it teaches itself (`pseudo::Learned`), in `scratch`; or
    /// `analysis` itself when there are none. Segments come here in file order and on
    /// one thread, so that an import and a later rendering of the item (review) find
    /// the same; the reading thread's analyses, made ahead, cannot know the names.
    fn with_learned_mentions<'a>(
        &mut self,
        learned: &mut Learned,
        segment: &RawSegment,
        analysis: &'a Analysis,
        scratch: &'a mut Analysis,
    ) -> &'a Analysis {
        learned.learn(&segment.text, &analysis.spans);
        if let Some(sender) = &segment.person {
            learned.learn_sender(sender);
        }
        if segment.system {
            for name in ingest::notice_names(&segment.text) {
                learned.learn_sender(&segment.text[name]);
            }
        }
        let mut mentions = Vec::new();
        self.engine
            .learned_mentions(learned, &segment.text, &analysis.candidates, &mut mentions);
        // A mention inside a find ("Ronggur" of "Ronggur Sigiro") adds nothing.
        mentions.retain(|m| !analysis.spans.iter().any(|s| s.start <= m.start && m.end <= s.end));
        if mentions.is_empty() {
            return analysis;
        }
        scratch.speaker.clone_from(&analysis.speaker);
        scratch.spans = self.engine.merged(analysis.spans.clone(), mentions);
        // The spans the merge left as they were keep their lookups (both lists are
        // sorted); only the new or merged ones are looked up.
        scratch.lookups.clear();
        let mut before = analysis.spans.iter().zip(&analysis.lookups).peekable();
        for span in &scratch.spans {
            while before.next_if(|(s, _)| s.start < span.start).is_some() {}
            let lookup = match before.peek() {
                Some((s, lookup)) if *s == span => **lookup,
                _ => self.lookup(span.category, &span.canonical),
            };
            scratch.lookups.push(lookup);
        }
        let spans = &scratch.spans;
        scratch.suspicious.clear();
        scratch.suspicious.extend(
            analysis
                .suspicious
                .iter()
                .filter(|t| !spans.iter().any(|s| s.start < t.end && t.start < s.end))
                .cloned(),
        );
        scratch
    }

    fn lookup(&mut self, category: Category, canonical: &CompactString) -> Lookup {
        if let Some(lookup) = self.known_lookups[category as usize].get(canonical.as_str()) {
            return *lookup;
        }
        let lookup = self.lookups.of(category, canonical);
        if self.known_count >= self.known_capacity {
            self.known_lookups.iter_mut().for_each(HashMap::clear);
            self.known_count = 0;
        }
        self.known_lookups[category as usize].insert(canonical.clone(), lookup);
        self.known_count += 1;
        lookup
    }

    fn speaker(&mut self, name: &str) -> Arc<SpeakerIdentity> {
        if let Some(known) = self.speakers.get(name) {
            return known.clone();
        }
        let (category, canonical) = self.engine.sender_identity(name);
        let identity = Arc::new(SpeakerIdentity {
            lookup: self.lookups.of(category, &canonical),
            category,
            canonical,
            tag: OnceLock::new(),
        });
        if self.speakers.len() >= SPEAKER_CACHE {
            self.speakers.clear();
        }
        self.speakers.insert(name.to_owned(), identity.clone());
        identity
    }
}

/// What the reading thread of an import hands to the storing thread at a time.
/// Batches go back to the reading thread once stored and are filled again: their
/// segments and analyses keep their buffers, so that a steady import allocates and
/// frees nothing per segment (a chat import has 720,000; their allocations and frees
/// were a tenth of its profile).
#[derive(Default)]
struct Batch {
    /// The batch's segments are the first `len`; those after are kept for their buffers.
    segments: Vec<RawSegment>,
    /// With `analysed`, the analysis of each segment, made on the reading thread
    /// (else the storing thread makes them); kept for their buffers as `segments`.
    analyses: Vec<Analysis>,
    len: usize,
    analysed: bool,
    /// Bytes of segment text, for the progress bar.
    bytes: u64,
    /// Set on a file's last batch: what its reader counted.
    end_of_file: Option<ingest::TextSummary>,
}

/// A segment's text buffer larger than this, its time's and speaker's larger than
/// KEEP_FIELD, and an analysis's vectors with room for more findings than
/// KEEP_FINDINGS, are freed when their batch is reused rather than kept. A new batch
/// is made only when none has come back, so at most three more than ANALYSIS_QUEUE
/// exist, each of ANALYSIS_BATCH segments: what they keep stays under 18 MB of text,
/// 4 MB of times and speakers and about 13 MB of findings (a span, its lookup and a
/// suspicious token take about 100 bytes), whatever the input.
const KEEP_BUFFER: usize = 4096;
const KEEP_FIELD: usize = 256;
const KEEP_FINDINGS: usize = 32;
/// Name candidates (24 bytes each) kept per analysis: a turn of a few kilobytes has
/// about a hundred; at most 13 MB more in all.
const KEEP_CANDIDATES: usize = 128;

impl Batch {
    /// Adds `segment`, analysed with `analyser` if the batch is analysed here; returns
    /// it as kept.
    fn push(&mut self, segment: &Segment, analyser: &mut Analyser<'_>) -> &RawSegment {
        if self.segments.len() == self.len {
            self.segments.push(RawSegment::default());
        }
        let kept = &mut self.segments[self.len];
        kept.set(segment);
        if self.analysed {
            if self.analyses.len() == self.len {
                self.analyses.push(Analysis::default());
            }
            analyser.analyse_into(kept, &mut self.analyses[self.len]);
        }
        self.len += 1;
        self.bytes += segment.text.len() as u64;
        &self.segments[self.len - 1]
    }

    /// The batch's segments, with their analyses if they were made.
    fn segments(&self) -> impl Iterator<Item = (&RawSegment, Option<&Analysis>)> {
        let analyses = self.analysed.then(|| &self.analyses[..self.len]);
        self.segments[..self.len]
            .iter()
            .enumerate()
            .map(move |(i, s)| (s, analyses.map(|a| &a[i])))
    }

    /// Empties the batch for reuse, keeping its buffers but those larger than
    /// KEEP_BUFFER.
    fn clear(&mut self, analysed: bool) {
        for segment in &mut self.segments[..self.len] {
            segment.trim(KEEP_BUFFER, KEEP_FIELD);
        }
        for analysis in &mut self.analyses {
            analysis.trim();
        }
        self.len = 0;
        self.analysed = analysed;
        self.bytes = 0;
        self.end_of_file = None;
    }
}

/// Why the reading thread of an import stopped early, other than the file.
enum SinkError {
    /// The storing thread stopped (its own error is the one reported).
    Stopped,
    /// Opening the file failed.
    Failed(Error),
}

/// Renders an analysed segment into `rendered`, whose buffers an import reuses for
/// every segment: tags from the study's mapping replace what the engine found. A chat
/// sender is always replaced.
fn emit(
    mapper: &mut Mapper,
    conn: &Connection,
    segment: &RawSegment,
    analysis: &Analysis,
    rendered: &mut Rendered,
) -> Result<()> {
    let Rendered {
        line,
        text,
        replaced,
        suspicious,
        prefix,
        edits,
    } = rendered;
    *line = segment.line;
    text.clear();
    replaced.clear();
    suspicious.clear();
    edits.clear();
    // Room for the prefix and tags longer than what they replace: no growing midway.
    text.reserve(segment.text.len() + 48 + 16 * analysis.spans.len());
    if let Some(when) = &segment.when {
        text.push('[');
        text.push_str(when);
        text.push_str("] ");
    }
    if let Some(role) = &segment.role {
        text.push_str(role);
        text.push_str(": ");
    } else if let (Some(person), Some(speaker)) = (&segment.person, &analysis.speaker) {
        let category = speaker.category;
        let tag = match speaker.tag.get() {
            Some(tag) => tag.clone(),
            None => {
                let number = mapper.number(conn, category, &speaker.canonical, &speaker.lookup)?;
                speaker.tag.get_or_init(|| pseudonyms::tag(category, number)).clone()
            }
        };
        let start = chars_in(text);
        text.push_str(&tag);
        replaced.push(pseudo::Replaced {
            start,
            end: start + chars_in(person),
            out_start: start,
            out_end: start + chars_in(&tag),
            category,
            replacement: tag,
        });
        text.push_str(": ");
    } else if segment.system {
        text.push_str("* ");
    }
    let prefix_chars = chars_in(text);
    *prefix = text.len();
    let first = replaced.len();
    // The mapping may fail (the database); the first error is kept and returned, and
    // no number is asked for after it.
    let mut failed = None;
    let mut tracker = raw::EditTracker::new(*prefix);
    pseudo::pseudonymise_into(text, &segment.text, &analysis.spans, replaced, |i, span| {
        if failed.is_some() {
            return CompactString::default();
        }
        match mapper.number(conn, span.category, &span.canonical, &analysis.lookups[i]) {
            Ok(number) => {
                let tag = pseudonyms::tag(span.category, number);
                edits.push(tracker.replaced(span.start, span.end, tag.len()));
                tag
            }
            Err(e) => {
                failed = Some(e);
                CompactString::default()
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let body = &mut replaced[first..];
    shift_suspicious(&segment.text, &analysis.suspicious, body, prefix_chars, suspicious);
    for r in body {
        r.out_start += prefix_chars;
        r.out_end += prefix_chars;
    }
    text.push('\n');
    Ok(())
}

/// The number of chars in `s`; most of what an import counts is ASCII, where that is
/// its length (`chars().count()` goes byte by byte on short strings).
fn chars_in(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// Moves suspicious byte ranges of the input onto character ranges of the output,
/// past the replacements before them, appending them to `out`.
fn shift_suspicious(
    input: &str,
    suspicious: &[pseudo::Suspicious],
    replaced: &[pseudo::Replaced],
    prefix_chars: usize,
    out: &mut Vec<(usize, usize, &'static str)>,
) {
    out.extend(suspicious.iter().map(|s| {
        let start = chars_in(&input[..s.start]);
        let len = chars_in(&input[s.start..s.end]);
        let shift: isize = replaced
            .iter()
            .take_while(|r| r.end <= start)
            .map(|r| (r.out_end - r.out_start) as isize - (r.end - r.start) as isize)
            .sum();
        let out = (start as isize + shift) as usize + prefix_chars;
        (out, out + len, s.reason)
    }));
}

/// The format name stored with an item.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Text(TextFormat::Plain) => "plain",
        Format::Text(TextFormat::Markdown) => "markdown",
        Format::Text(TextFormat::WebVtt) => "webvtt",
        Format::Text(TextFormat::Srt) => "srt",
        Format::Text(TextFormat::Docx) => "docx",
        Format::Text(TextFormat::WhatsAppTxt) => "whatsapp-txt",
        Format::Text(TextFormat::WhatsAppZip) => "whatsapp-zip",
        Format::Image(ImageFormat::Jpeg) => "jpeg",
        Format::Image(ImageFormat::Png) => "png",
        Format::Image(ImageFormat::WebP) => "webp",
        Format::Binary => "binary",
    }
}

/// Whether a format can hold an item of this kind.
fn fits(kind: Kind, format: Format) -> bool {
    kind == Kind::Audio
        || match format {
            Format::Text(_) => kind.is_text(),
            Format::Image(_) => kind == Kind::ProfileImage,
            Format::Binary => false,
        }
}

/// What to call a file in messages: a WhatsApp export by its position, whether its
/// content or only its name says it is one (a missing file, or one that is not
/// UTF-8, is named before or without its content being recognised).
fn display_name(source: &Source<'_>, format: Option<Format>) -> PathBuf {
    match format {
        Some(Format::Text(TextFormat::WhatsAppTxt | TextFormat::WhatsAppZip)) => withheld(source.position),
        _ => file_in_messages(source.path, source.position),
    }
}

/// What to call the file at `path`, the `position`-th file of its command, in
/// messages: a name WhatsApp gives an export ("Chat WhatsApp dengan Siti.txt") names
/// the contact, and so does the folder an unzipped export sits in ("WhatsApp Chat -
/// Siti/_chat.txt"), so a path with such a part is called by its position.
pub fn file_in_messages(path: &Path, position: usize) -> PathBuf {
    if path
        .components()
        .any(|part| ingest::is_export_name(&part.as_os_str().to_string_lossy()))
    {
        withheld(position)
    } else {
        path.to_path_buf()
    }
}

fn withheld(position: usize) -> PathBuf {
    PathBuf::from(format!(
        "file {position} (a WhatsApp export; its name is withheld because it names a person)"
    ))
}

fn open(source: &Source<'_>) -> Result<File> {
    File::open(source.path).map_err(|e| Error::io("open", display_name(source, None), e))
}

/// Recognises a file's format from its first bytes and its name.
pub fn sniff(source: &Source<'_>) -> Result<Format> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    open(source)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io("read", display_name(source, None), e))?;
    let name = source.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    ingest::sniff(name, &head).ok_or_else(|| {
        Error::invalid(
            format!(
                "{}: not a format fieldvault imports",
                display_name(source, None).display()
            ),
            "import text (.txt, .md), subtitles (.vtt, .srt), Word (.docx), a WhatsApp export (.txt, .zip), \
             an image (JPEG, PNG, WebP) or audio; see docs/formats.md",
        )
    })
}

/// What an import reports as it goes, for a progress bar.
pub enum Progress {
    /// This many more bytes were processed (of a text file, bytes of its segments,
    /// which for a compressed export run past the file's size).
    Bytes(u64),
    /// The file at this 1-based position on the command line is done.
    FileDone(usize),
}

/// Imports each of `sources` as an item of `kind` for `participant`, in order, inside
/// `write`'s transaction. Every file is recognised and checked against the kind
/// first: a file of the wrong kind stops the command before anything is read.
#[allow(clippy::too_many_arguments)] // each argument is a separate fact of the import
pub fn import_files(
    write: &Write<'_>,
    pipeline: &mut Pipeline<'_>,
    participant: &Participant,
    sources: &[Source<'_>],
    kind: Kind,
    item_date: Option<Date>,
    today: Date,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Imported>> {
    let formats = sources
        .iter()
        .map(|source| checked_format(source, kind))
        .collect::<Result<Vec<_>>>()?;
    let (vault_id, content_key) = (pipeline.vault_id, pipeline.content_key);
    let begin = |format: Format| {
        items::begin(
            write,
            vault_id,
            content_key,
            participant,
            kind,
            format_name(format),
            item_date,
            today,
        )
    };
    let mut imported = Vec::with_capacity(sources.len());
    let mut at = 0;
    while at < sources.len() {
        // A command's files are all text or none (`fits`); text files go through one
        // pipeline together, other files one at a time.
        let texts: Vec<TextFormat> = formats[at..]
            .iter()
            .map_while(|f| match f {
                Format::Text(t) => Some(*t),
                _ => None,
            })
            .collect();
        if texts.is_empty() {
            let image = match formats[at] {
                Format::Image(image) => Some(image),
                _ => None,
            };
            let item = begin(image.map_or(Format::Binary, Format::Image))?;
            imported.push(import_blob(write, pipeline, &sources[at], image, item, progress)?);
            progress(Progress::FileDone(sources[at].position));
            at += 1;
        } else {
            let run = &sources[at..at + texts.len()];
            let begun = texts
                .iter()
                .map(|&t| begin(Format::Text(t)))
                .collect::<Result<Vec<_>>>()?;
            imported.extend(import_texts(write, pipeline, run, &texts, begun, progress)?);
            at += texts.len();
        }
    }
    Ok(imported)
}

/// The format of `source`, if it can hold an item of `kind`.
fn checked_format(source: &Source<'_>, kind: Kind) -> Result<Format> {
    let format = sniff(source)?;
    let shown = display_name(source, Some(format));
    let format = if kind == Kind::Audio { Format::Binary } else { format };
    if !fits(kind, format) {
        return Err(Error::invalid(
            format!(
                "{}: a {} file cannot be imported as {kind}",
                shown.display(),
                format_name(format)
            ),
            "choose the --kind that matches the file (chat for WhatsApp exports, profile-image for images, \
             transcript or field-note for text)",
        ));
    }
    Ok(format)
}

impl Imported {
    /// Nothing imported yet into a new item (whose row `finish` fills in).
    fn new() -> Self {
        Imported {
            item: placeholder_item(),
            segments: 0,
            replaced: 0,
            suspicious: 0,
            media_skipped: 0,
            metadata_removed: Vec::new(),
        }
    }
}

/// Imports an image (stripped of its metadata) or a file kept as it is (audio) into
/// the begun `item`.
fn import_blob(
    write: &Write<'_>,
    pipeline: &Pipeline<'_>,
    source: &Source<'_>,
    image: Option<ImageFormat>,
    item: items::NewItem,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported> {
    let conn = write.conn();
    let mut imported = Imported::new();
    let written = match image {
        None => {
            let mut writer = item.writer(conn, pipeline.vault_id, Stream::Content, Encoding::Plain);
            let file = open(source)?;
            writer.push_from(ProgressReader {
                inner: file,
                progress: &mut *progress,
            })?;
            writer.finish()?
        }
        Some(image) => {
            let shown = display_name(source, Some(Format::Image(image)));
            let file = open(source)?;
            let mut bytes = Zeroizing::new(Vec::new());
            file.take(MAX_IMAGE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("read", &shown, e))?;
            if bytes.len() as u64 > MAX_IMAGE_BYTES {
                return Err(Error::invalid(
                    format!("{}: the image is larger than 64 MiB", shown.display()),
                    "save a smaller screenshot, or import it as --kind audio to store it without stripping (not recommended)",
                ));
            }
            imported.metadata_removed = ingest::metadata_blocks(image, &bytes).map_err(|e| malformed(&shown, e))?;
            let stripped = Zeroizing::new(ingest::strip_metadata(image, &bytes).map_err(|e| malformed(&shown, e))?);
            let left = ingest::metadata_blocks(image, &stripped).map_err(|e| malformed(&shown, e))?;
            if !left.is_empty() {
                return Err(Error::invalid(
                    format!(
                        "{}: metadata ({}) is still there after stripping; the image was not stored",
                        shown.display(),
                        left.join(", ")
                    ),
                    "take a new screenshot, or convert the image to PNG, and import that",
                ));
            }
            progress(Progress::Bytes(bytes.len() as u64));
            let mut writer = item.writer(conn, pipeline.vault_id, Stream::Content, Encoding::Plain);
            writer.push(&stripped)?;
            writer.finish()?
        }
    };
    imported.item = item.finish(write, written)?;
    Ok(imported)
}

/// Hands full batches from the reading thread to the storing thread.
struct Handover<'a> {
    /// Batches sent and not yet taken by the storing thread.
    waiting: &'a AtomicUsize,
    analysed: mpsc::SyncSender<Batch>,
    /// Stored batches, back for reuse.
    returned: mpsc::Receiver<Batch>,
}

impl Handover<'_> {
    /// Sends `batch` and leaves in its place an empty one, to be analysed here if
    /// enough batches wait for the storing thread (ANALYSE_WHEN_WAITING).
    fn send(&self, batch: &mut Batch) -> std::result::Result<(), SinkError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let analyse_next = self.waiting.load(Ordering::Relaxed) >= ANALYSE_WHEN_WAITING;
        let mut next = self.returned.try_recv().unwrap_or_default();
        next.clear(analyse_next);
        // The receiver is gone only when storing failed; its error is reported.
        self.analysed
            .send(std::mem::replace(batch, next))
            .map_err(|_| SinkError::Stopped)
    }
}

/// Imports text files, in order, into the items `begun` for them (one per file):
/// each is parsed, pseudonymised, sealed and stored, and its raw original sealed
/// beside it.
///
/// Two threads: this one maps, renders and stores; the other reads the files and
/// seals their raw originals, a bounded queue ahead (memory stays bounded). The
/// engine and the lookups run on whichever thread has time: the reading thread
/// analyses a batch while the storing thread has enough batches waiting
/// (ANALYSE_WHEN_WAITING), and leaves it to the storing thread otherwise (which of
/// the two is slower depends on the material: chats are many short messages,
/// transcripts long turns). Segments travel in batches: one hand-over per segment
/// costs more than the engine spends on a short chat message. The two threads serve
/// all the files: the reading thread goes on to the next file while the storing
/// thread finishes the one before (two threads per file left a core idle at every
/// file's end and start).
fn import_texts(
    write: &Write<'_>,
    pipeline: &mut Pipeline<'_>,
    sources: &[Source<'_>],
    formats: &[TextFormat],
    begun: Vec<items::NewItem>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Imported>> {
    let conn = write.conn();
    let shown: Vec<PathBuf> = sources
        .iter()
        .zip(formats)
        .map(|(source, &format)| display_name(source, Some(Format::Text(format))))
        .collect();
    let Pipeline {
        vault_id,
        engine,
        mapper,
        ..
    } = pipeline;
    let (vault_id, engine, items) = (*vault_id, &*engine, &begun);
    let mut analyser = Analyser::new(engine, mapper.keys().lookups());
    let mut storing_analyser = Analyser::new(engine, mapper.keys().lookups());
    let waiting = AtomicUsize::new(0);
    let waiting = &waiting;
    let (analysed, to_store) = mpsc::sync_channel::<Batch>(ANALYSIS_QUEUE);
    // Stored batches go back to the reading thread, which allocated what they hold:
    // freeing it there keeps the two threads off each other's allocator arena (glibc
    // locks an arena to free into it; cross-thread frees had the threads waiting on
    // each other a fifth of the time), and the batch's buffers are reused.
    let (stored_batches, returned) = mpsc::channel::<Batch>();
    let handover = Handover {
        waiting,
        analysed,
        returned,
    };
    let (stored, read) = std::thread::scope(|scope| -> Result<_> {
        // Named, so that a profile tells the two threads apart.
        let reader = std::thread::Builder::new()
            .name("fieldvault-read".into())
            .spawn_scoped(
                scope,
                move || -> std::result::Result<(), (usize, ReadError<SinkError>)> {
                    let mut batch = Batch::default();
                    for (i, (source, &format)) in sources.iter().zip(formats).enumerate() {
                        let failed = |e: SinkError| (i, ReadError::Sink(e));
                        let file = open(source).map_err(|e| failed(SinkError::Failed(e)))?;
                        let summary = ingest::read_text(format, file, |segment: &Segment| {
                            batch.push(segment, &mut analyser);
                            if batch.len == ANALYSIS_BATCH {
                                handover.send(&mut batch)?;
                            }
                            Ok(())
                        })
                        .map_err(|e| (i, e))?;
                        batch.end_of_file = Some(summary);
                        handover.send(&mut batch).map_err(failed)?;
                    }
                    Ok(())
                },
            )
            .map_err(|e| Error::io("start a thread for", &shown[0], e))?;
        let mut done = Vec::with_capacity(items.len());
        let mut imported = Imported::new();
        // The file being stored's content and raw original.
        let mut streams: Option<(ChunkWriter<'_>, RawWriter<'_>)> = None;
        let mut rendered = Rendered::default();
        let mut storing_analysis = Analysis::default();
        let mut with_mentions = Analysis::default();
        let mut learned = Learned::new();
        let lesson_matcher = mapper.keys().known();
        let stored = to_store.iter().try_for_each(|mut batch| -> Result<()> {
            waiting.fetch_sub(1, Ordering::Relaxed);
            // The reading thread sends a file's batches, the last one marked, before the
            // next file's: the file being stored is the one after those done.
            let file = done.len();
            let (writer, raw) = match &mut streams {
                Some(writers) => writers,
                None => streams.insert(writers(conn, vault_id, &items[file])?),
            };
            for (segment, analysis) in batch.segments() {
                let analysis = match analysis {
                    Some(analysis) => analysis,
                    None => {
                        storing_analyser.analyse_into(segment, &mut storing_analysis);
                        &storing_analysis
                    }
                };
                let analysis =
                    storing_analyser.with_learned_mentions(&mut learned, segment, analysis, &mut with_mentions);
                emit(mapper, conn, segment, analysis, &mut rendered)?;
                writer.push(rendered.text.as_bytes())?;
                raw.push(segment, &rendered)?;
                imported.segments += 1;
                imported.replaced += rendered.replaced.len() as u64;
                imported.suspicious += rendered.suspicious.len() as u64;
            }
            progress(Progress::Bytes(batch.bytes));
            if let Some(summary) = batch.end_of_file.take() {
                // A file's lessons go to the next file of the command, and to the
                // study's later imports through the vault; the rest of what it learned
                // stays with it.
                crate::pseudonyms::add_lessons(conn, &lesson_matcher, learned.lessons())?;
                learned = learned.carried();
                if imported.segments == 0 {
                    // An item with nothing in it would still wait for review and count
                    // as data of the participant's.
                    return Err(Error::invalid(
                        format!("{} holds no text to import", shown[file].display()),
                        "check that this is the file you meant; nothing of this command was imported",
                    ));
                }
                imported.media_skipped = summary.media_skipped;
                let (writer, raw) = streams.take().expect("the file's writers were made above");
                raw.finish()?;
                let written = writer.finish()?;
                done.push((std::mem::replace(&mut imported, Imported::new()), written));
                progress(Progress::FileDone(sources[file].position));
            }
            // After the last batch the reader is gone and the batch is freed here.
            let _ = stored_batches.send(batch);
            Ok(())
        });
        drop(to_store);
        Ok((
            stored.map(|()| done),
            reader.join().expect("the reading thread does not panic"),
        ))
    })?;
    let done = stored?;
    read.map_err(|(i, e)| match e {
        ReadError::Parse(parse) => malformed(&shown[i], parse),
        ReadError::Sink(SinkError::Stopped) => {
            unreachable!("the receiver is dropped only after an error, returned above")
        }
        ReadError::Sink(SinkError::Failed(e)) => e,
        ReadError::Io(io) => Error::io("read", &shown[i], io),
    })?;
    // Logged in the order of the files, each item once it is stored whole.
    begun
        .into_iter()
        .zip(done)
        .map(|(item, (mut imported, written))| {
            imported.item = item.finish(write, written)?;
            Ok(imported)
        })
        .collect()
}

fn placeholder_item() -> Item {
    Item {
        id: 0,
        participant: String::new(),
        kind: String::new(),
        scope: String::new(),
        consent_record: 0,
        item_date: None,
        imported_at: String::new(),
        imported_by: String::new(),
        review_status: String::new(),
        format: String::new(),
        size: 0,
        ciphertext_sha256: String::new(),
        log_index: 0,
    }
}

fn malformed(shown: &Path, e: ingest::ParseError) -> Error {
    Error::Malformed {
        path: shown.to_path_buf(),
        line: e.line,
        what: e.what,
        hint: e.hint,
    }
}

/// Counts bytes as they are read, for the progress bar.
struct ProgressReader<'p, R> {
    inner: R,
    progress: &'p mut dyn FnMut(Progress),
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(Progress::Bytes(n as u64));
        Ok(n)
    }
}

/// A pending text item's raw original, read whole, with the pseudonymised text that
/// it is kept as differences against: whole, so that both can be replaced while the
/// item is rendered again.
struct RawOriginal {
    item_id: i64,
    stream: Zeroizing<Vec<u8>>,
    content: Zeroizing<String>,
}

impl RawOriginal {
    fn load(conn: &Connection, vault_id: &str, content_key: &EpochKey, item_id: i64) -> Result<Self> {
        let stream = items::read_stream(conn, vault_id, content_key, item_id, Stream::Raw)?;
        let content = if raw::is_differences(&stream) {
            items::text(conn, vault_id, content_key, item_id)?
        } else {
            Zeroizing::new(String::new())
        };
        Ok(RawOriginal {
            item_id,
            stream,
            content,
        })
    }

    /// Renders each segment again with the current lists; returns how many there were.
    fn render(
        &self,
        conn: &Connection,
        pipeline: &mut Pipeline<'_>,
        mut each: impl FnMut(&RawSegment, &Rendered) -> Result<()>,
    ) -> Result<usize> {
        let Pipeline { engine, mapper, .. } = pipeline;
        // One analyser and one buffer for the whole item, as the import has: a chat's
        // senders are analysed once, its lookups remembered.
        let mut analyser = Analyser::new(engine, mapper.keys().lookups());
        let mut analysis = Analysis::default();
        let mut with_mentions = Analysis::default();
        let mut learned = Learned::new();
        let mut rendered = Rendered::default();
        let mut segments = 0usize;
        raw::read(self.item_id, &self.stream, &self.content, |segment| {
            segments += 1;
            analyser.analyse_into(&segment, &mut analysis);
            let analysis = analyser.with_learned_mentions(&mut learned, &segment, &analysis, &mut with_mentions);
            emit(mapper, conn, &segment, analysis, &mut rendered)?;
            each(&segment, &rendered)
        })?;
        Ok(segments)
    }
}

/// The writers of a text item's content and raw original.
fn writers<'c>(
    conn: &'c Connection,
    vault_id: &'c str,
    item: &'c items::NewItem,
) -> Result<(ChunkWriter<'c>, RawWriter<'c>)> {
    Ok((
        item.writer(conn, vault_id, Stream::Content, Encoding::Lz4),
        RawWriter::new(item.writer(conn, vault_id, Stream::Raw, Encoding::Lz4))?,
    ))
}

/// Renders a pending text item again from its raw original, segment by segment, with
/// the current lists: for review.
pub fn render_from_raw(
    conn: &Connection,
    pipeline: &mut Pipeline<'_>,
    item_id: i64,
    mut each: impl FnMut(&Rendered) -> Result<()>,
) -> Result<()> {
    let original = RawOriginal::load(conn, pipeline.vault_id, pipeline.content_key, item_id)?;
    let segments = original.render(conn, pipeline, |_, rendered| each(rendered))?;
    if segments == 0 && !has_raw(conn, item_id)? {
        return Err(Error::invalid(
            format!("item {item_id} has no raw original to review"),
            "only text items are pseudonymised; an approved item's raw original has been destroyed",
        ));
    }
    Ok(())
}

/// Whether an item still keeps its raw original.
pub fn has_raw(conn: &Connection, item_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM item_raw_chunks WHERE item_id = ?1)",
        [item_id],
        |r| r.get(0),
    )?)
}
/// Re-applies the study's lists after they changed, to every text item:
///
/// * an item still under review is rendered again from its raw original;
/// * an item that has none (approved, or imported from a REFI-QDA project) gets the
///   registered identifiers and deny-list entries that still stand in its
///   pseudonymised text replaced, and its coded segments moved with the text. The
///   name and place heuristics are not run again on pseudonymised text (they are not
///   idempotent on it): what they missed, a person adds to the deny list.
///
/// Each rewritten item is logged (`item.reapply`, its new ciphertext hash).
pub fn reapply_lists(write: &Write<'_>, pipeline: &mut Pipeline<'_>) -> Result<Vec<i64>> {
    let conn = write.conn();
    let text_items: Vec<(i64, bool)> = conn
        .prepare(
            "SELECT id, EXISTS (SELECT 1 FROM item_raw_chunks c WHERE c.item_id = items.id) FROM items
             WHERE kind IN ('transcript', 'chat', 'profile-status', 'field-note') ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let known = crate::pseudonyms::KnownSet::load(conn, pipeline.mapper.keys())?;
    let mut rewritten = Vec::new();
    for (id, has_raw) in text_items {
        let vault_id = pipeline.vault_id;
        let written = if has_raw {
            // The raw original is kept as differences against the content: both are
            // replaced, from the original read whole before either is deleted.
            let original = RawOriginal::load(conn, vault_id, pipeline.content_key, id)?;
            let item = items::rewrite(conn, vault_id, pipeline.content_key, id)?;
            items::delete_stream(conn, id, Stream::Raw)?;
            let (mut writer, mut raw) = writers(conn, vault_id, &item)?;
            original.render(conn, pipeline, |segment, rendered| {
                writer.push(rendered.text.as_bytes())?;
                raw.push(segment, rendered)
            })?;
            raw.finish()?;
            writer.finish()?
        } else {
            let text = items::text(conn, vault_id, pipeline.content_key, id)?;
            let spans: Vec<pseudo::Span> = pipeline
                .engine
                .detect(&text)
                .into_iter()
                .filter(|s| known.contains(&text[s.start..s.end]))
                .collect();
            if spans.is_empty() {
                continue;
            }
            let mut tags = Vec::with_capacity(spans.len());
            for span in &spans {
                tags.push(pipeline.mapper.tag(conn, span.category, &span.canonical)?);
            }
            let mut next = tags.into_iter();
            let result = pseudo::pseudonymise(&text, &spans, |_| next.next().unwrap_or_default());
            coding::shift_segments(conn, id, &result.spans)?;
            let item = items::rewrite(conn, vault_id, pipeline.content_key, id)?;
            let mut writer: ChunkWriter<'_> = item.writer(conn, vault_id, Stream::Content, Encoding::Lz4);
            writer.push(result.text.as_bytes())?;
            writer.finish()?
        };
        items::record_rewritten(conn, id, &written)?;
        write.log("item.reapply", &[&id.to_string(), &written.ciphertext_sha256])?;
        rewritten.push(id);
    }
    Ok(rewritten)
}

/// Approves a pending item in review: it may now be coded and exported, and its raw
/// original is destroyed.
pub fn approve(write: &Write<'_>, item_id: i64) -> Result<Item> {
    let conn = write.conn();
    let item = items::get(conn, item_id)?;
    if item.review_status == "approved" {
        return Err(Error::invalid(
            format!("item {item_id} is already approved"),
            "nothing to do; `fieldvault items list` shows each item's review status",
        ));
    }
    items::delete_stream(conn, item_id, Stream::Raw)?;
    let log_index = write.log("item.approve", &[&item.participant, &item_id.to_string()])?;
    conn.execute("UPDATE items SET review_status = 'approved' WHERE id = ?1", [item_id])?;
    conn.execute(
        "INSERT INTO item_approvals (item_id, approved_at, approved_by, log_index) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![item_id, crate::clock::now_rfc3339(), write.member(), log_index],
    )?;
    items::get(conn, item_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Speaker;
    use crate::pseudo::{AllowList, Known};
    use crate::secret::Key32;

    /// A reused batch holds what was pushed since it was cleared, nothing of before:
    /// no speaker, time or text of an earlier segment, no stale analysis.
    #[test]
    fn a_reused_batch_holds_only_its_new_segments() {
        let engine = Engine::new(Known::new([2; 16]), AllowList::new([]));
        let mut analyser = Analyser::new(&engine, Lookups::new(&Key32::random()));
        let chat = |text: &str, person: Option<&str>| Segment {
            line: 7,
            when: person.map(|_| "2024-03-12 21:30".to_owned()),
            speaker: Some(person.map_or(Speaker::System, |p| Speaker::Person(p.to_owned()))),
            text: text.to_owned(),
        };
        // Longer than KEEP_BUFFER, with more than KEEP_FINDINGS findings.
        let long = "Mbak Rina di Bandung, ".repeat(200);
        let first = [
            chat("WA aku 0812-3456-7890 ya", Some("Siti Aminah")),
            chat(&long, Some(&"Budi ".repeat(1000))),
            chat("Mas Joko tinggal di Surabaya", Some("Budi")),
        ];
        let second = [
            chat("Messages are end-to-end encrypted", None),
            chat("oke", Some("Rina")),
        ];
        let mut batch = Batch::default();
        batch.clear(true);
        for segment in &first {
            batch.push(segment, &mut analyser);
        }
        assert_eq!(batch.segments().count(), 3);
        assert!(batch.segments().all(|(_, analysis)| analysis.is_some()));
        for analysed in [true, false] {
            batch.clear(analysed);
            assert!(
                batch.segments.iter().all(|s| s.text.capacity() <= KEEP_BUFFER),
                "a long segment's buffer is not kept"
            );
            assert!(
                batch
                    .segments
                    .iter()
                    .all(|s| s.person.as_ref().is_none_or(|p| p.capacity() <= KEEP_FIELD)),
                "nor a long speaker name's"
            );
            assert!(
                batch.analyses.iter().all(|a| a.spans.capacity() <= KEEP_FINDINGS
                    && a.lookups.capacity() <= KEEP_FINDINGS
                    && a.suspicious.capacity() <= KEEP_FINDINGS),
                "nor a long segment's findings"
            );
            for segment in &second {
                batch.push(segment, &mut analyser);
            }
            let held: Vec<_> = batch.segments().collect();
            assert_eq!(held.len(), second.len());
            for ((kept, analysis), segment) in held.into_iter().zip(&second) {
                let mut expected = RawSegment::default();
                expected.set(segment);
                assert_eq!(*kept, expected);
                assert_eq!(kept.person.is_none(), kept.system);
                assert_eq!(analysis.is_some(), analysed);
                if let Some(analysis) = analysis {
                    let mut fresh = Analysis::default();
                    analyser.analyse_into(kept, &mut fresh);
                    assert_eq!(analysis.spans, fresh.spans);
                    assert_eq!(analysis.lookups, fresh.lookups);
                    assert_eq!(analysis.suspicious, fresh.suspicious);
                }
            }
            assert_eq!(batch.bytes, second.iter().map(|s| s.text.len() as u64).sum::<u64>());
        }
    }

    #[test]
    fn remembered_lookups_are_the_keyed_hash_of_their_finding() {
        let lookups = Lookups::new(&Key32::random());
        let engine = Engine::new(Known::new([1; 16]), AllowList::new([]));
        let mut analyser = Analyser::new(&engine, lookups.clone());
        // Emptied several times below, so that lookups are made, remembered and made again.
        analyser.known_capacity = 3;
        let texts = [
            "Mbak Rina tinggal di Bandung, WA 0812-3456-7890",
            "Rina ke Bandung lagi, nomornya 0812 3456 7890",
            "Mas Budi dan Mbak Sari dari Surabaya, email budi@contoh.id",
            "Mbak Rina dan Mas Budi di Bandung",
        ];
        let mut found = 0;
        for text in texts.iter().chain(&texts) {
            let segment = RawSegment {
                line: 1,
                when: None,
                role: None,
                person: None,
                system: false,
                text: (*text).into(),
            };
            let mut analysis = Analysis::default();
            analyser.analyse_into(&segment, &mut analysis);
            for (span, lookup) in analysis.spans.iter().zip(&analysis.lookups) {
                assert_eq!(
                    *lookup,
                    lookups.of(span.category, &span.canonical),
                    "{}",
                    span.canonical
                );
            }
            assert_eq!(analysis.lookups.len(), analysis.spans.len());
            found += analysis.spans.len();
            assert!(analyser.known_count <= 3);
        }
        assert!(found >= 16, "the texts hold at least two identifiers each: {found}");
    }

    #[test]
    fn learned_mentions_come_with_the_lookups_of_their_spans() {
        let lookups = Lookups::new(&Key32::random());
        let engine = Engine::new(Known::new([1; 16]), AllowList::new([]));
        let mut analyser = Analyser::new(&engine, lookups.clone());
        let mut learned = Learned::new();
        let (mut analysis, mut scratch) = (Analysis::default(), Analysis::default());
        let mut mentioned = Vec::new();
        for text in [
            "Mbak Rina kenal Bang Ronggur Zelkowi di Bandung, WA 0812-3456-7890",
            "kata ronggur, 0812 3456 7890 itu nomor zelkowi di Bandung",
        ] {
            let segment = RawSegment {
                text: text.into(),
                ..RawSegment::default()
            };
            analyser.analyse_into(&segment, &mut analysis);
            let with = analyser.with_learned_mentions(&mut learned, &segment, &analysis, &mut scratch);
            let expected: Vec<Lookup> = with
                .spans
                .iter()
                .map(|s| lookups.of(s.category, &s.canonical))
                .collect();
            assert_eq!(with.lookups, expected, "{text}");
            mentioned.extend(with.spans.iter().map(|s| text[s.start..s.end].to_string()));
        }
        // The second line's bare "ronggur" and "zelkowi" were learned from the first.
        assert!(
            mentioned.contains(&"ronggur".into()) && mentioned.contains(&"zelkowi".into()),
            "{mentioned:?}"
        );
    }
}
