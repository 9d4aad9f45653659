//! Throughput of pseudonymisation (detect + replace) on about 8 MB of generated field
//! data: interview transcripts and WhatsApp exports from `tests/corpus` (the corpus of
//! the recall test, same generator, another size), with participants' identifiers
//! registered as the vault does.
//!
//! * `pseudo/documents`: one call per document (transcript or chat export of 3–20 KB).
//! * `pseudo/segments`: one call per line, as the importer hands segments (speaker
//!   turns, chat messages) to the engine; shows the per-call overhead.
//!
//! * `pseudo/unplanted`: the documents with every planted identifier and decoy cut
//!   out (each replaced by the common word "itu"): what the engine costs on plain
//!   field text, apart from what each identifier costs. The recall corpus plants an
//!   item every 36 bytes or so (dense on purpose, for recall statistics); the two
//!   figures give the throughput at any density.
//! * `pseudo/sparse`: the documents with one planted item in five kept (the others cut
//!   out as above): the throughput measured at about one item per 150 bytes (printed),
//!   to check what the two figures above predict for a sparser text.
//!
//! All report MB/s of input (Throughput::Bytes). Tags are numbered consistently per
//! canonical form, as the vault's mapping would.
//!
//! Run: `cargo bench --bench pseudo`

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use compact_str::CompactString;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fieldvault::pseudo::{AllowList, Category, Engine, Known, Span, pseudonymise};
use fieldvault::pseudonyms::tag;

const SEED: u64 = 0xBE_2024;
const TARGET_BYTES: usize = 8_000_000;

/// Tag numbers per category and canonical form, as the vault's mapping keeps them (it
/// keys them by a keyed hash of the two, in a table; the import benchmark measures that).
/// Held in the map an import remembers its lookups in, per file (foldhash, by
/// category): what the engine's caller pays per finding.
#[derive(Default)]
struct Mapping {
    /// By category (`Category as usize`).
    numbers: [HashMap<CompactString, i64, foldhash::fast::RandomState>; Category::ALL.len()],
}

impl Mapping {
    /// The span's tag; a canonical form met before is looked up without being copied.
    fn tag(&mut self, span: &Span) -> CompactString {
        let numbers = &mut self.numbers[span.category as usize];
        let number = match numbers.get(span.canonical.as_str()) {
            Some(&n) => n,
            None => {
                let n = numbers.len() as i64 + 1;
                numbers.insert(span.canonical.clone(), n);
                n
            }
        };
        tag(span.category, number)
    }
}

/// Detects and replaces; the tag closure stands in for the vault's consistent mapping.
fn run(engine: &Engine, texts: &[&str], mapping: &mut Mapping) -> usize {
    let mut out = 0;
    for text in texts {
        let spans: Vec<Span> = engine.detect(text);
        let p = pseudonymise(text, &spans, |s| mapping.tag(s));
        out += p.text.len();
    }
    out
}

fn bench(c: &mut Criterion) {
    let corpus = corpus::generate(SEED, TARGET_BYTES);
    let mut known = Known::new(*b"bench-known-key!");
    for r in &corpus.registered {
        known.insert(&r.text, r.cat.category());
    }
    let engine = Engine::new(known, AllowList::new([]));
    let documents: Vec<&str> = corpus.docs.iter().map(|d| d.text.as_str()).collect();
    let segments: Vec<&str> = documents
        .iter()
        .flat_map(|d| d.lines())
        .filter(|l| !l.is_empty())
        .collect();
    let bytes = corpus.bytes() as u64;

    let mut group = c.benchmark_group("pseudo");
    // 8 MB a pass: a few samples give a stable figure without hogging shared cores.
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Bytes(bytes));
    group.bench_function("documents", |b| {
        let mut mapping = Mapping::default();
        b.iter(|| black_box(run(&engine, black_box(&documents), &mut mapping)))
    });
    // Lines exclude their newlines: count only the bytes handed to the engine.
    let segment_bytes: u64 = segments.iter().map(|s| s.len() as u64).sum();
    group.throughput(Throughput::Bytes(segment_bytes));
    group.bench_function("segments", |b| {
        let mut mapping = Mapping::default();
        b.iter(|| black_box(run(&engine, black_box(&segments), &mut mapping)))
    });
    for (name, keep_every) in [("unplanted", None), ("sparse", Some(SPARSE))] {
        let texts: Vec<String> = corpus.docs.iter().map(|d| keep_planted(d, keep_every)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let text_bytes: u64 = texts.iter().map(|d| d.len() as u64).sum();
        let kept: usize = corpus
            .docs
            .iter()
            .map(|d| keep_every.map_or(0, |k| d.planted.len().div_ceil(k)))
            .sum();
        if let Some(per_item) = (text_bytes as usize).checked_div(kept) {
            eprintln!("pseudo/{name}: one planted item per {per_item} bytes");
        }
        group.throughput(Throughput::Bytes(text_bytes));
        group.bench_function(name, |b| {
            let mut mapping = Mapping::default();
            b.iter(|| black_box(run(&engine, black_box(&texts), &mut mapping)))
        });
    }
    group.finish();
}

/// `pseudo/sparse` keeps one planted item in this many (the first of each run).
const SPARSE: usize = 5;

/// The document's text with the planted items replaced by "itu" ("that"), all of them
/// or, with `keep_every` = k, all but every k-th.
fn keep_planted(doc: &corpus::Doc, keep_every: Option<usize>) -> String {
    let mut out = String::with_capacity(doc.text.len());
    let mut at = 0;
    for (i, p) in doc.planted.iter().enumerate() {
        let kept = keep_every.is_some_and(|k| i % k == 0);
        // Planted items do not overlap; a guard all the same.
        if !kept && p.start >= at {
            out.push_str(&doc.text[at..p.start]);
            out.push_str("itu");
            at = p.end;
        }
    }
    out.push_str(&doc.text[at..]);
    out
}

criterion_group!(benches, bench);
criterion_main!(benches);
