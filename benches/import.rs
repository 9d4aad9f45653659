//! End-to-end import: the release `fieldvault` binary imports a generated corpus of
//! interview transcripts and WhatsApp exports (100 MiB by default) into a real vault,
//! as a researcher would. Timed is the whole command: parse, pseudonymise (with the
//! participants' identifiers registered on the deny list), seal the pseudonymised text
//! and the raw original, store, log, commit.
//!
//! Reported: wall time, MB/s of input, and the peak resident set size of the import
//! process (VmHWM, read from /proc while it runs; it is a high-water mark, so the
//! last reading before exit is the peak up to a few milliseconds). The imports run
//! five times, each into a fresh copy of the vault as it was before them, and the
//! median is reported with every run: the build machine's speed drifts by 10 % and
//! more between runs.
//!
//! Run: `cargo bench --bench import` (FIELDVAULT_BENCH_MB=N for another size,
//! FIELDVAULT_BENCH_RUNS=N for another number of runs; the corpus and the vault are
//! written to the system's temp dir and removed afterwards, unless
//! FIELDVAULT_BENCH_KEEP is set, to profile the binary on them; the vault as it was
//! before the imports is kept too, as `vault-before-import`).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Member, Sandbox};

const SEED: u64 = 0x1A_2026;

/// Peak resident set size of a live process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the binary with `args` as `member`, feeding `stdin`; returns the wall time and
/// the peak RSS in KiB. Panics with the command's stderr if it fails.
fn run(sb: &Sandbox, member: &Member, args: &[&str], stdin: &str) -> (Duration, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldvault"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("--vault")
        .arg(sb.vault())
        .arg("--identity")
        .arg(&member.key)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fieldvault binary runs");
    let started = Instant::now();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "fieldvault {args:?} failed: {stderr}");
    (elapsed, peak)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Distinct values per identifier category in the "study" corpus.
const STUDY_POPULATION: usize = 1_000;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs us without it: then
    // only a small corpus proves the benchmark still works.
    let measuring = std::env::args().any(|a| a == "--bench");
    let mib: u64 = match std::env::var("FIELDVAULT_BENCH_MB") {
        Ok(v) => v.parse().expect("FIELDVAULT_BENCH_MB is a number of MiB"),
        Err(_) if measuring => 100,
        Err(_) => 2,
    };
    let runs: usize = match std::env::var("FIELDVAULT_BENCH_RUNS") {
        Ok(v) => v.parse().expect("FIELDVAULT_BENCH_RUNS is a number"),
        Err(_) if measuring => 5,
        Err(_) => 1,
    };
    let which = std::env::var("FIELDVAULT_BENCH_CORPUS").unwrap_or_else(|_| "study,every-new".into());
    for name in which.split(',') {
        let population = match name {
            "study" => Some(corpus::Population::new(STUDY_POPULATION)),
            "every-new" => None,
            other => panic!("FIELDVAULT_BENCH_CORPUS names study and/or every-new, not {other}"),
        };
        measure(name, mib, runs, population);
    }
}

/// Generates a corpus, imports it `runs` times, each into a fresh copy of the same
/// vault, and prints the figures.
fn measure(name: &str, mib: u64, runs: usize, population: Option<corpus::Population>) {
    let sb = Sandbox::new();
    let owner = sb.study();
    let researcher = sb.add_member(&owner, "RA1", "researcher");
    sb.consenting(&owner, "P01", "interview,chat_content");

    let corpus_dir = sb.path("corpus");
    std::fs::create_dir(&corpus_dir).unwrap();
    let generated = Instant::now();
    let corpus = corpus::write_import_corpus(&corpus_dir, mib << 20, SEED, population).unwrap();
    let total: u64 = corpus.files.iter().map(|f| f.bytes).sum();
    eprintln!(
        "{name}: generated {} files, {:.1} MB ({} distinct identifiers), in {:.1} s",
        corpus.files.len(),
        total as f64 / 1e6,
        corpus.originals.len(),
        generated.elapsed().as_secs_f64()
    );

    // The participants' identifiers, as the vault would know them, on the deny list.
    for cat in corpus::Cat::ALL {
        let words: Vec<&str> = corpus
            .registered
            .iter()
            .filter(|r| r.cat == cat)
            .map(|r| r.text.as_str())
            .collect();
        if !words.is_empty() {
            let stdin = words.join("\n") + "\n";
            run(
                &sb,
                &owner,
                &["pseudonyms", "add", "-", "--category", cat.name()],
                &stdin,
            );
        }
    }

    // The vault before any import: each run starts from a copy of it (and it is
    // kept with the corpus, to profile an import into it again).
    let before = sb.path("vault-before-import");
    copy_dir(&sb.vault(), &before);
    let mut totals = Vec::with_capacity(runs);
    let mut peak = 0;
    for run_index in 0..runs.max(1) {
        if run_index > 0 {
            std::fs::remove_dir_all(sb.vault()).unwrap();
            copy_dir(&before, &sb.vault());
        }
        let mut timed = Duration::ZERO;
        for kind in ["transcript", "chat"] {
            let files: Vec<&Path> = corpus
                .files
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.path.as_path())
                .collect();
            // A small corpus (as `cargo test --benches` makes) may hold one kind only.
            if files.is_empty() {
                continue;
            }
            let mut args = vec!["import", "P01"];
            args.extend(files.iter().map(|p| p.to_str().unwrap()));
            args.extend(["--kind", kind]);
            let bytes: u64 = corpus.files.iter().filter(|f| f.kind == kind).map(|f| f.bytes).sum();
            let (elapsed, kib) = run(&sb, &researcher, &args, "");
            eprintln!(
                "run {}: import --kind {kind}: {} files, {:.1} MB in {:.2} s = {:.1} MB/s, peak RSS {:.1} MB",
                run_index + 1,
                files.len(),
                bytes as f64 / 1e6,
                elapsed.as_secs_f64(),
                bytes as f64 / 1e6 / elapsed.as_secs_f64(),
                kib as f64 / 1024.0
            );
            timed += elapsed;
            peak = peak.max(kib);
        }
        totals.push(timed);
    }
    let mb_per_s = |d: &Duration| total as f64 / 1e6 / d.as_secs_f64();
    let each: Vec<String> = totals.iter().map(|d| format!("{:.1}", mb_per_s(d))).collect();
    totals.sort_unstable();
    let median = totals[totals.len() / 2];
    let vault_bytes: u64 = std::fs::read_dir(sb.vault())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "import/end_to_end/{name}: {:.1} MB in {:.2} s = {:.1} MB/s (median of {} run(s): {} MB/s); peak RSS {:.1} MB; vault {:.1} MB",
        total as f64 / 1e6,
        median.as_secs_f64(),
        mb_per_s(&median),
        totals.len(),
        each.join(", "),
        peak as f64 / 1024.0,
        vault_bytes as f64 / 1e6
    );
    if std::env::var_os("FIELDVAULT_BENCH_KEEP").is_some() {
        eprintln!("kept the corpus and the vault in {}", sb.dir.keep().display());
    }
}
