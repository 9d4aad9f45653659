//! `fieldvault review`.

use serde::Serialize;

use fieldvault::import::{self, Pipeline, Rendered};
use fieldvault::pseudo::Category;
use fieldvault::pseudonyms::{self, Mapper, Source};
use fieldvault::{Result, items};

use super::{GlobalArgs, output};

/// Review a pending item before it may be coded or exported.
///
/// Shows what pseudonymisation replaced, each tag in its context, and the suspicious
/// tokens no detector claimed (capitalised words outside the lexicons, long digit
/// runs), so that you can decide. Then add a word to the deny list with --add WORD
/// --category C (it is replaced everywhere in the study), to the allow list with
/// --allow WORD (it is left alone everywhere), or approve the item with --approve:
/// it can then be coded and exported, and its raw original is destroyed.
///
/// Changes to the lists are re-applied at once: every item under review is rendered
/// again from its raw original, and in approved items the names and numbers now on
/// the deny list are replaced (their coded segments move with the text).
/// Showing an item is logged as a decryption.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example (the names to add are typed on standard input, then Ctrl-D):
  fieldvault review 3 --add - --category person --allow Melati --approve")]
pub struct Args {
    /// The item's id (see `fieldvault items list`).
    item: i64,

    /// A word or phrase to replace everywhere (repeatable). Use `-` to read one per
    /// line from standard input, which keeps it out of your shell history.
    #[arg(long, value_name = "WORD")]
    add: Vec<String>,

    /// The category of the words given with --add.
    #[arg(long, value_parser = str::parse::<Category>, default_value = "person")]
    category: Category,

    /// A word to leave alone everywhere (repeatable).
    #[arg(long, value_name = "WORD")]
    allow: Vec<String>,

    /// Approve the item after the changes.
    #[arg(long)]
    approve: bool,

    /// Characters of context shown on each side of a finding.
    #[arg(long, default_value_t = 40, value_name = "N")]
    context: usize,

    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Finding {
    line: usize,
    /// "replaced" or "suspicious".
    kind: &'static str,
    /// The category (replaced) or the reason (suspicious).
    what: String,
    /// The tag, or the suspicious token itself.
    text: String,
    context: String,
}

#[derive(Serialize)]
struct Report {
    item: items::Item,
    findings: Vec<Finding>,
    /// Items re-rendered because the lists changed.
    reapplied: Vec<i64>,
    approved: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let added = super::pseudonyms::words_from_args(&args.add)?;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("review")?.clone();
    let member = session.member().name.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let item = items::get(conn, args.item)?;
    let keys = pseudonyms::keys(conn)?;
    let lists_changed = !added.is_empty() || !args.allow.is_empty();
    for word in &added {
        pseudonyms::add_known(conn, &keys, word, args.category, Source::Deny, None)?;
    }
    for word in &args.allow {
        pseudonyms::allow(conn, word, &member)?;
    }
    let mut pipeline = Pipeline {
        vault_id: &vault_id,
        content_key: &content_key,
        engine: pseudonyms::engine(conn, &keys)?,
        mapper: Mapper::new(keys, &vault_id, &member),
    };
    let mut reapplied = Vec::new();
    if lists_changed {
        write.log(
            "pseudonyms.lists",
            &[&format!("deny+{}", added.len()), &format!("allow+{}", args.allow.len())],
        )?;
        reapplied = import::reapply_lists(&write, &mut pipeline)?;
    }
    let mut findings = Vec::new();
    if import::has_raw(conn, item.id)? {
        write.log("item.review", &[&item.participant, &item.id.to_string()])?;
        import::render_from_raw(conn, &mut pipeline, item.id, |rendered| {
            findings.extend(findings_of(rendered, args.context));
            Ok(())
        })?;
    }
    let approved = args.approve;
    let item = if approved {
        import::approve(&write, item.id)?
    } else {
        item
    };
    write.commit()?;
    let report = Report {
        item,
        findings,
        reapplied,
        approved,
    };
    if args.json {
        output::json(&report);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn findings_of(rendered: &Rendered, context: usize) -> Vec<Finding> {
    let chars: Vec<char> = rendered.text.trim_end_matches('\n').chars().collect();
    let around = |start: usize, end: usize, mark: bool| -> String {
        let from = start.saturating_sub(context);
        let to = (end + context).min(chars.len());
        let mut s: String = chars[from..start].iter().collect();
        s.push_str(if mark { "»" } else { "" });
        s.extend(&chars[start..end.min(chars.len())]);
        s.push_str(if mark { "«" } else { "" });
        s.extend(&chars[end.min(chars.len())..to]);
        s.replace('\n', " ⏎ ")
    };
    let mut out: Vec<Finding> = rendered
        .replaced
        .iter()
        .map(|r| Finding {
            line: rendered.line,
            kind: "replaced",
            what: r.category.name().to_string(),
            text: r.replacement.to_string(),
            context: around(r.out_start, r.out_end, false),
        })
        .collect();
    out.extend(rendered.suspicious.iter().map(|&(start, end, reason)| Finding {
        line: rendered.line,
        kind: "suspicious",
        what: reason.to_string(),
        text: chars[start..end.min(chars.len())].iter().collect(),
        context: around(start, end, true),
    }));
    out
}

fn print_report(report: &Report) {
    let item = &report.item;
    println!(
        "Item {} ({} of {}, {}): {}",
        item.id, item.kind, item.participant, item.format, item.review_status
    );
    if !report.reapplied.is_empty() {
        println!(
            "Lists re-applied; items rewritten: {:?} ({} in all)",
            report.reapplied,
            report.reapplied.len()
        );
    }
    let replaced = report.findings.iter().filter(|f| f.kind == "replaced").count();
    let suspicious: Vec<&Finding> = report.findings.iter().filter(|f| f.kind == "suspicious").collect();
    if !item.is_text() {
        println!("No text to check here: the item is {} ({}).", item.kind, item.format);
    } else if report.findings.is_empty() && item.review_status == "approved" && !report.approved {
        println!("Nothing to check: the item was approved and its raw original destroyed.");
    } else if report.findings.is_empty() {
        println!("The detectors replaced nothing and found nothing suspicious in this text.");
    } else {
        println!("{replaced} replacement(s):");
        for f in report.findings.iter().filter(|f| f.kind == "replaced") {
            println!("  line {:>5}  {:<10} {}", f.line, f.what, f.context);
        }
        println!("{} suspicious token(s) no detector claimed:", suspicious.len());
        for f in &suspicious {
            println!("  line {:>5}  {:<10} {}", f.line, f.what, f.context);
        }
    }
    if report.approved {
        println!("Approved: the item may be coded and exported; its raw original was destroyed.");
    } else if item.review_status == "pending" {
        println!(
            "Next: `fieldvault review {} --add WORD --category person` for what was missed, \
             `--allow WORD` for what is not identifying, then `--approve`.",
            item.id
        );
    }
}
