//! `fieldvault pseudonymise`: the engine without a vault.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use serde::Serialize;

use fieldvault::pseudo::{self, AllowList, Category, Engine, Known, Learned};
use fieldvault::{Error, Result, import, ingest, pseudonyms};

use super::output;

/// Preview what pseudonymisation would replace in text files, without a vault.
///
/// Prints the pseudonymised text. Nothing is stored and no vault is needed. As an
/// import does, it replaces a WhatsApp export's senders and a transcript's speakers
/// named in a label ("Siti: …") or a WebVTT voice tag ("<v Siti>"), but for research
/// roles and codes such as "P01", and finds their names where the file uses them alone.
///
/// Several files are read as one import of them reads them: tags are numbered across
/// them all, and the names and places that no lexicon holds, once one file has shown
/// them ("pindah ke Sikakap"), are found in the files after it in any case ("kalau
/// sikakap rame"). Each file's text follows a line "==> FILE <==". (In a vault, tags
/// and these lessons hold across the whole study.)
///
/// With --json, prints one object per file, in an array when there are several:
/// {"text": …, "spans": [{"start", "end", "category", "replacement"}], "suspicious":
/// [{"start", "end", "reason"}]}, where start and end are offsets in Unicode scalar
/// values (characters) into the input text, end exclusive. "suspicious" lists the
/// tokens no detector claimed that review would show (capitalised words in no lexicon,
/// long digit runs).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fieldvault pseudonymise transcript.txt --known known.txt --json
  fieldvault pseudonymise interview.txt diary.txt chat.txt")]
pub struct Args {
    /// UTF-8 text files, read in the order given.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// A file with one registered identifier per line (real name, nickname, phone):
    /// each is replaced wherever it appears.
    #[arg(long, value_name = "FILE")]
    known: Option<PathBuf>,

    /// Print JSON instead of the text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
    category: &'static str,
    replacement: String,
}

#[derive(Serialize)]
struct JsonSuspicious {
    start: usize,
    end: usize,
    reason: &'static str,
}

#[derive(Serialize)]
struct JsonOutput {
    text: String,
    spans: Vec<JsonSpan>,
    suspicious: Vec<JsonSuspicious>,
}

pub fn run(args: Args) -> Result<()> {
    // Every file is read before anything is printed: a bad one is reported alone.
    let texts = args
        .files
        .iter()
        .enumerate()
        .map(|(i, path)| read_utf8(path, i + 1))
        .collect::<Result<Vec<_>>>()?;
    let mut key = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    let mut known = Known::new(key);
    if let Some(path) = &args.known {
        let position = args.files.len() + 1;
        for (i, line) in read_utf8(path, position)?.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let category = known_category(line);
            if known.fingerprint(line).is_none() {
                return Err(Error::Malformed {
                    path: import::file_in_messages(path, position),
                    line: i + 1,
                    what: "the identifier has no letters or digits".into(),
                    hint: "give one name, nickname or phone number per line".into(),
                });
            }
            known.insert(line, category);
        }
    }
    let engine = Engine::new(known, AllowList::new([]));
    // Tags are numbered per category in order of first appearance, across the files.
    let mut tags: HashMap<(Category, CompactString), CompactString, foldhash::fast::RandomState> = HashMap::default();
    let mut counts: HashMap<Category, i64, foldhash::fast::RandomState> = HashMap::default();
    let mut learned = Learned::new();
    let mut objects = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        // A chat's senders, and a transcript's speakers, are replaced as an import
        // replaces them.
        let senders = ingest::chat_senders(text).unwrap_or_else(|| ingest::transcript_speakers(text));
        let spans = engine.detect_in_context_learning(text, &senders, &mut learned);
        if i + 1 < texts.len() {
            learned = learned.carried();
        }
        let result = pseudo::pseudonymise(text, &spans, |span| {
            tags.entry((span.category, span.canonical.clone()))
                .or_insert_with(|| {
                    let n = counts.entry(span.category).or_default();
                    *n += 1;
                    pseudonyms::tag(span.category, *n)
                })
                .clone()
        });
        if args.json {
            objects.push(json_output(&engine, text, &spans, result));
        } else {
            if texts.len() > 1 {
                let shown = import::file_in_messages(&args.files[i], i + 1);
                println!("{}==> {} <==", if i > 0 { "\n" } else { "" }, shown.display());
            }
            print!("{}", result.text);
        }
    }
    match objects.len() {
        0 => {}
        1 => output::json(&objects[0]),
        _ => output::json(&objects),
    }
    Ok(())
}

/// The JSON object of one file: its pseudonymised text, what was replaced and the
/// suspicious tokens, at character offsets.
fn json_output(engine: &Engine, text: &str, spans: &[pseudo::Span], result: pseudo::Pseudonymised) -> JsonOutput {
    // Suspicious tokens come in order: their character offsets are counted on.
    let (mut byte, mut char) = (0, 0);
    let mut chars_to = |to: usize| {
        char += text[byte..to].chars().count();
        byte = to;
        char
    };
    let suspicious = engine
        .suspicious(text, spans)
        .into_iter()
        .map(|s| JsonSuspicious {
            start: chars_to(s.start),
            end: chars_to(s.end),
            reason: s.reason,
        })
        .collect();
    JsonOutput {
        suspicious,
        spans: result
            .spans
            .iter()
            .map(|r| JsonSpan {
                start: r.start,
                end: r.end,
                category: r.category.name(),
                replacement: r.replacement.to_string(),
            })
            .collect(),
        text: result.text,
    }
}

/// A registered identifier with digits is a phone number; anything else a name.
fn known_category(line: &str) -> Category {
    let digits = line.chars().filter(char::is_ascii_digit).count();
    if digits >= 8 { Category::Phone } else { Category::Person }
}

/// The text of the `position`-th file of the command.
fn read_utf8(path: &Path, position: usize) -> Result<String> {
    let shown = import::file_in_messages(path, position);
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", &shown, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        Error::Malformed {
            path: shown,
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            what: "the file is not UTF-8 text".into(),
            hint: "save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8) and try again".into(),
        }
    })
}
