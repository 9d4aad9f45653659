//! `fieldvault analyze frequencies|agreement|cooccurrence`.

use std::collections::{BTreeMap, BTreeSet};

use fieldvault::analysis::agreement::{self, Agreement, BinaryTable};
use fieldvault::analysis::counts::{self, GroupBy};
use fieldvault::{Error, Result, coding, items};
use serde::Serialize;

use super::{GlobalArgs, output};

/// Counts and agreement over the coded segments.
///
/// Only segments of items approved in review and allowed for analysis by consent
/// today are counted; a withdrawn participant's segments are gone with their items.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Frequencies(FrequenciesArgs),
    Agreement(AgreementArgs),
    Cooccurrence(CooccurrenceArgs),
}

/// Code counts and participant coverage: which strategies dominate, and where.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fieldvault analyze frequencies
  fieldvault analyze frequencies --by attr:platform --csv")]
pub struct FrequenciesArgs {
    /// Group by `participant` or by an attribute, `attr:NAME` (platform, site, wave …).
    #[arg(long, value_parser = str::parse::<GroupBy>)]
    by: Option<GroupBy>,

    /// Print a JSON array.
    #[arg(long, conflicts_with = "csv")]
    json: bool,

    /// Print CSV.
    #[arg(long)]
    csv: bool,
}

/// Inter-coder agreement of two coders: Cohen's kappa and Krippendorff's alpha.
///
/// The unit is one character of an item, per code: did each coder apply the code to
/// it? Only items both coders coded at least once count (docs/agreement.md).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault analyze agreement --coders C1,C2")]
pub struct AgreementArgs {
    /// The two coders, comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    coders: Vec<String>,

    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Which codes are applied to overlapping text, and in how many items together.
#[derive(Debug, clap::Args)]
pub struct CooccurrenceArgs {
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Frequencies(args) => frequencies(args, global),
        Command::Agreement(args) => agreement(args, global),
        Command::Cooccurrence(args) => cooccurrence(args, global),
    }
}

fn frequencies(args: FrequenciesArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let (segments, participants) = counts::analysable_segments(session.conn())?;
    let by = args.by.unwrap_or(GroupBy::Study);
    let rows = counts::frequencies(&segments, &participants, &by);
    if args.json {
        output::json(&rows);
    } else if args.csv {
        let mut out = csv::Writer::from_writer(std::io::stdout().lock());
        for row in &rows {
            out.serialize(row)
                .map_err(|e| Error::invalid(format!("CSV output failed: {e}"), "check standard output"))?;
        }
        out.flush().map_err(|e| Error::io("write", "standard output", e))?;
    } else if rows.is_empty() {
        println!("No coded segment to count yet: code approved items with `fieldvault code apply`.");
    } else {
        let mut table = output::table(&["group", "code", "segments", "items", "participants (coverage)"]);
        for r in &rows {
            table.add_row(vec![
                r.group.clone(),
                r.code.clone(),
                r.segments.to_string(),
                r.items.to_string(),
                format!("{} of {}", r.participants, r.participants_in_group),
            ]);
        }
        println!("{table}");
    }
    Ok(())
}

/// One line of the agreement report.
#[derive(Serialize)]
struct AgreementRow {
    code: String,
    /// Characters compared (the length of every item both coders coded).
    units: u64,
    /// Characters A coded and B did not, B and not A, both.
    only_a: u64,
    only_b: u64,
    both: u64,
    observed_agreement: f64,
    kappa: Option<f64>,
    alpha: Option<f64>,
}

impl AgreementRow {
    fn new(code: String, table: &BinaryTable, result: &Agreement) -> Self {
        AgreementRow {
            code,
            units: result.units,
            only_a: table.counts[1][0],
            only_b: table.counts[0][1],
            both: table.counts[1][1],
            observed_agreement: result.observed,
            kappa: result.kappa,
            alpha: result.alpha,
        }
    }
}

#[derive(Serialize)]
struct AgreementReport {
    coder_a: String,
    coder_b: String,
    items: Vec<i64>,
    unit: &'static str,
    codes: Vec<AgreementRow>,
    overall: AgreementRow,
}

fn agreement(args: AgreementArgs, global: &GlobalArgs) -> Result<()> {
    let [a, b] = args.coders.as_slice() else {
        return Err(Error::invalid(
            "agreement compares exactly two coders",
            "give them as --coders C1,C2",
        ));
    };
    coding::check_coder(a)?;
    coding::check_coder(b)?;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let content_key = session.content_key("analyze agreement")?.clone();
    let write = session.begin()?;
    let conn = write.conn();
    let (segments, _) = counts::analysable_segments(conn)?;
    let coded_by =
        |coder: &str| -> BTreeSet<i64> { segments.iter().filter(|s| s.coder == coder).map(|s| s.item).collect() };
    let items: Vec<i64> = coded_by(a).intersection(&coded_by(b)).copied().collect();
    if items.is_empty() {
        return Err(Error::invalid(
            format!("no item was coded by both {a} and {b}"),
            "agreement needs items both coders coded; see `fieldvault segments list --coder C1`",
        ));
    }
    // The texts are decrypted only to count their characters; nothing is shown.
    let mut lengths = BTreeMap::new();
    for &item in &items {
        lengths.insert(item, items::text(conn, &vault_id, &content_key, item)?.chars().count());
    }
    let codes: BTreeSet<&str> = segments
        .iter()
        .filter(|s| items.contains(&s.item) && (s.coder == *a || s.coder == *b))
        .map(|s| s.code.as_str())
        .collect();
    let ranges = |item: i64, code: &str, coder: &str| -> Vec<(usize, usize)> {
        segments
            .iter()
            .filter(|s| s.item == item && s.code == code && s.coder == coder)
            .map(|s| (s.start, s.end))
            .collect()
    };
    let mut pooled = BinaryTable::default();
    let mut rows = Vec::new();
    for code in codes {
        let texts: Vec<agreement::CodedText> = items
            .iter()
            .map(|&item| (lengths[&item], ranges(item, code, a), ranges(item, code, b)))
            .collect();
        let table = agreement::char_table(&texts);
        pooled.merge(&table);
        rows.push(AgreementRow::new(code.to_string(), &table, &agreement::binary(&table)));
    }
    let item_list: Vec<String> = items.iter().map(|i| format!("item:{i}")).collect();
    let mut objects = vec![a.as_str(), b.as_str()];
    objects.extend(item_list.iter().map(String::as_str));
    write.log("analyze.agreement", &objects)?;
    write.commit()?;
    let report = AgreementReport {
        coder_a: a.clone(),
        coder_b: b.clone(),
        items,
        unit: "character, per code, over the items both coders coded",
        overall: AgreementRow::new("(all codes, pooled)".into(), &pooled, &agreement::binary(&pooled)),
        codes: rows,
    };
    if args.json {
        output::json(&report);
        return Ok(());
    }
    let fmt = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.3}"));
    let mut table = output::table(&[
        "code",
        "characters",
        "only A",
        "only B",
        "both",
        "agreement",
        "kappa",
        "alpha",
    ]);
    for r in report.codes.iter().chain(std::iter::once(&report.overall)) {
        table.add_row(vec![
            r.code.clone(),
            r.units.to_string(),
            r.only_a.to_string(),
            r.only_b.to_string(),
            r.both.to_string(),
            format!("{:.3}", r.observed_agreement),
            fmt(r.kappa),
            fmt(r.alpha),
        ]);
    }
    println!(
        "Agreement of {a} (A) and {b} (B) over {} item(s); unit: {}",
        report.items.len(),
        report.unit
    );
    println!("{table}");
    Ok(())
}

fn cooccurrence(args: CooccurrenceArgs, global: &GlobalArgs) -> Result<()> {
    let session = global.unlock()?;
    let (segments, _) = counts::analysable_segments(session.conn())?;
    let rows = counts::cooccurrence(&segments);
    if args.json {
        output::json(&rows);
        return Ok(());
    }
    let mut table = output::table(&["code", "with code", "overlapping segments", "items with both"]);
    for r in &rows {
        table.add_row(vec![
            r.code_a.clone(),
            r.code_b.clone(),
            r.overlapping_segments.to_string(),
            r.items.to_string(),
        ]);
    }
    println!("{table}");
    Ok(())
}
