//! `fieldvault pseudonymise`: the engine without a vault.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use serde::Serialize;

use fieldvault::pseudo::{self, AllowList, Category, Engine, Known};
use fieldvault::{Error, Result, import, ingest, pseudonyms};

use super::output;

/// Preview what pseudonymisation would replace in a text file, without a vault.
///
/// Prints the pseudonymised text. Nothing is stored and no vault is needed; tags are
/// numbered for this file only (in a vault they are consistent across the study). As
/// an import does, it replaces a WhatsApp export's senders and a transcript's speakers
/// named in a label ("Siti: …") or a WebVTT voice tag ("<v Siti>"), but for research
/// roles and codes such as "P01", and finds their names where the file uses them alone.
/// With --json, prints one object:
/// {"text": …, "spans": [{"start", "end", "category", "replacement"}], "suspicious":
/// [{"start", "end", "reason"}]}, where start and end are offsets in Unicode scalar
/// values (characters) into the input text, end exclusive. "suspicious" lists the tokens no detector claimed that review
/// would show (capitalised words in no lexicon, long digit runs).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault pseudonymise transcript.txt --known known.txt --json")]
pub struct Args {
    /// A UTF-8 text file.
    file: PathBuf,

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
    let text = read_utf8(&args.file, 1)?;
    let mut key = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    let mut known = Known::new(key);
    if let Some(path) = &args.known {
        for (i, line) in read_utf8(path, 2)?.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let category = known_category(line);
            if known.fingerprint(line).is_none() {
                return Err(Error::Malformed {
                    path: import::file_in_messages(path, 2),
                    line: i + 1,
                    what: "the identifier has no letters or digits".into(),
                    hint: "give one name, nickname or phone number per line".into(),
                });
            }
            known.insert(line, category);
        }
    }
    let engine = Engine::new(known, AllowList::new([]));
    // A chat's senders, and a transcript's speakers, are replaced as an import
    // replaces them.
    let senders = ingest::chat_senders(&text).unwrap_or_else(|| ingest::transcript_speakers(&text));
    let spans = engine.detect_in_context(&text, &senders);
    // Tags are numbered per category in order of first appearance.
    let mut tags: HashMap<(Category, CompactString), CompactString, foldhash::fast::RandomState> = HashMap::default();
    let mut counts: HashMap<Category, i64, foldhash::fast::RandomState> = HashMap::default();
    let result = pseudo::pseudonymise(&text, &spans, |span| {
        tags.entry((span.category, span.canonical.clone()))
            .or_insert_with(|| {
                let n = counts.entry(span.category).or_default();
                *n += 1;
                pseudonyms::tag(span.category, *n)
            })
            .clone()
    });
    if args.json {
        // Suspicious tokens come in order: their character offsets are counted on.
        let (mut byte, mut char) = (0, 0);
        let mut chars_to = |to: usize| {
            char += text[byte..to].chars().count();
            byte = to;
            char
        };
        let suspicious = engine
            .suspicious(&text, &spans)
            .into_iter()
            .map(|s| JsonSuspicious {
                start: chars_to(s.start),
                end: chars_to(s.end),
                reason: s.reason,
            })
            .collect();
        output::json(&JsonOutput {
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
        });
    } else {
        print!("{}", result.text);
    }
    Ok(())
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
