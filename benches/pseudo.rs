//! Throughput of pseudonymisation (detect + replace) on about 8 MB of generated field
//! data: interview transcripts and WhatsApp exports from `tests/corpus` (the corpus of
//! the recall test, same generator, another size), with participants' identifiers
//! registered as the vault does.
//!
//! * `pseudo/documents`: one call per document (transcript or chat export of 3–20 KB).
//! * `pseudo/segments`: one call per line, as the importer hands segments (speaker
//!   turns, chat messages) to the engine; shows the per-call overhead.
//!
//! Both report MB/s of input (Throughput::Bytes). Tags are numbered consistently per
//! canonical form, as the vault's mapping would.
//!
//! Run: `cargo bench --bench pseudo`

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fieldvault::pseudo::{AllowList, Category, Engine, Known, Span, pseudonymise};

const SEED: u64 = 0xBE_2024;
const TARGET_BYTES: usize = 8_000_000;

/// Detects and replaces; the tag closure stands in for the vault's consistent mapping.
fn run(engine: &Engine, texts: &[&str], mapping: &mut HashMap<(Category, String), usize>) -> usize {
    let mut out = 0;
    for text in texts {
        let spans: Vec<Span> = engine.detect(text);
        let p = pseudonymise(text, &spans, |s| {
            let next = mapping.len() + 1;
            let n = *mapping.entry((s.category, s.canonical.clone())).or_insert(next);
            format!("[{}_{n}]", s.category.label())
        });
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
        let mut mapping = HashMap::new();
        b.iter(|| black_box(run(&engine, black_box(&documents), &mut mapping)))
    });
    // Lines exclude their newlines: count only the bytes handed to the engine.
    let segment_bytes: u64 = segments.iter().map(|s| s.len() as u64).sum();
    group.throughput(Throughput::Bytes(segment_bytes));
    group.bench_function("segments", |b| {
        let mut mapping = HashMap::new();
        b.iter(|| black_box(run(&engine, black_box(&segments), &mut mapping)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
