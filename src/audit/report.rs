//! The ethics report of a verified bundle: the study header, the verification
//! result, a participant by scope consent matrix, a timeline of consents, imports,
//! exports and withdrawals, and the findings. As JSON, Markdown, or one
//! self-contained HTML page (inline style, no scripts, no external assets).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::audit::bundle::Bundle;
use crate::audit::findings::{Finding, Verification};
use crate::audit::log::LogEntry;
use crate::consent::record::{ConsentRecord, State};
use crate::consent::{Scope, date_of, join_scopes};

/// One row of the consent matrix.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub participant: String,
    pub status: String,
    pub scopes: BTreeMap<Scope, &'static str>,
}

/// What happened on one day.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Day {
    pub date: String,
    pub consents: usize,
    pub imports: usize,
    pub exports: usize,
    pub withdrawals: usize,
    pub purges: usize,
}

/// Everything a report shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub verification: Verification,
    pub approval_number: Option<String>,
    pub committee: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub protocol_versions: usize,
    pub matrix: Vec<MatrixRow>,
    pub timeline: Vec<Day>,
    pub withdrawals: Vec<ConsentRecord>,
}

/// Gathers the report of `bundle` as verified in `verification`.
pub fn build(bundle: &Bundle, verification: Verification) -> Report {
    let on = date_of(&bundle.created_at).unwrap_or(time::Date::MIN);
    let current = bundle.protocols.iter().max_by_key(|p| p.version).map(|p| &p.protocol);
    let matrix = bundle
        .participants
        .iter()
        .map(|p| {
            let records: Vec<ConsentRecord> = bundle
                .consent_records
                .iter()
                .filter(|r| r.participant == p.code)
                .cloned()
                .collect();
            let state = State::of(&records);
            MatrixRow {
                participant: p.code.clone(),
                status: p.status.clone(),
                scopes: Scope::ALL.iter().map(|&s| (s, state.scope_status(s, on))).collect(),
            }
        })
        .collect();
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    for entry in bundle
        .log
        .iter()
        .filter_map(|raw| serde_json::from_str::<LogEntry>(raw).ok())
    {
        let date = entry.time.get(..10).unwrap_or("").to_string();
        let day = days
            .entry(date.clone())
            .or_insert_with(|| Day { date, ..Day::default() });
        match entry.action.as_str() {
            "consent.record" => day.consents += 1,
            "item.store" => day.imports += 1,
            "consent.withdraw" => day.withdrawals += 1,
            "retention.purge" => day.purges += 1,
            a if a.starts_with("export.") => day.exports += 1,
            _ => {}
        }
    }
    let timeline = days
        .into_values()
        .filter(|d| d.consents + d.imports + d.exports + d.withdrawals + d.purges > 0)
        .collect();
    Report {
        verification,
        approval_number: current.map(|p| p.approval_number.clone()),
        committee: current.map(|p| p.committee.clone()),
        valid_from: current.map(|p| p.valid_from.clone()),
        valid_until: current.map(|p| p.valid_until.clone()),
        protocol_versions: bundle.protocols.len(),
        matrix,
        timeline,
        withdrawals: bundle
            .consent_records
            .iter()
            .filter(|r| !r.is_grant())
            .cloned()
            .collect(),
    }
}

fn withdrawal_what(r: &ConsentRecord) -> String {
    if r.whole {
        "whole".into()
    } else {
        join_scopes(&r.scopes)
    }
}

fn finding_place(f: &Finding) -> String {
    [
        f.participant.clone(),
        f.item.map(|i| format!("item {i}")),
        f.log_index.map(|l| format!("log {l}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

fn result_line(v: &Verification) -> String {
    if v.ok {
        format!(
            "VERIFIED: {} log entries, root {}, {} participants, {} items; no error findings",
            v.log_size, v.root_hash, v.participants, v.items
        )
    } else {
        format!("NOT VERIFIED: {} error finding(s)", v.error_count())
    }
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    let v = &r.verification;
    let mut t = String::new();
    let _ = writeln!(t, "# Audit report: {}\n", v.title);
    let _ = writeln!(t, "- Vault: `{}`", v.vault_id);
    let _ = writeln!(
        t,
        "- Approval: {} ({}), valid {} to {}; {} protocol version(s)",
        r.approval_number.as_deref().unwrap_or("-"),
        r.committee.as_deref().unwrap_or("-"),
        r.valid_from.as_deref().unwrap_or("-"),
        r.valid_until.as_deref().unwrap_or("-"),
        r.protocol_versions
    );
    let _ = writeln!(
        t,
        "- Bundle made: {} (state judged as of {})",
        v.bundle_created_at, v.as_of
    );
    let _ = writeln!(
        t,
        "- Checkpoint: {} entries, signed by a {} key",
        v.checkpoint_size.map_or("unverified".into(), |s| s.to_string()),
        if v.signed_by_trusted_key {
            "trusted"
        } else {
            "bundle-supplied"
        }
    );
    let _ = writeln!(t, "\n**{}**\n", result_line(v));
    let _ = writeln!(t, "## Findings\n");
    if v.findings.is_empty() {
        let _ = writeln!(t, "None.");
    } else {
        let _ = writeln!(t, "| severity | code | where | what |\n|---|---|---|---|");
        for f in &v.findings {
            let _ = writeln!(
                t,
                "| {:?} | `{}` | {} | {} |",
                f.severity,
                f.code,
                finding_place(f),
                f.message.replace('|', "\\|")
            );
        }
    }
    let _ = writeln!(t, "\n## Consent matrix\n");
    let _ = write!(t, "| participant | status |");
    for s in Scope::ALL {
        let _ = write!(t, " {s} |");
    }
    let _ = write!(t, "\n|---|---|");
    for _ in Scope::ALL {
        let _ = write!(t, "---|");
    }
    let _ = writeln!(t);
    for row in &r.matrix {
        let _ = write!(t, "| {} | {} |", row.participant, row.status);
        for cell in row.scopes.values() {
            let _ = write!(t, " {cell} |");
        }
        let _ = writeln!(t);
    }
    let _ = writeln!(t, "\n## Timeline\n");
    let _ = writeln!(
        t,
        "| date | consents | imports | exports | withdrawals | purges |\n|---|---|---|---|---|---|"
    );
    for d in &r.timeline {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            d.date, d.consents, d.imports, d.exports, d.withdrawals, d.purges
        );
    }
    let _ = writeln!(t, "\n## Withdrawals\n");
    if r.withdrawals.is_empty() {
        let _ = writeln!(t, "None.");
    }
    for w in &r.withdrawals {
        let _ = writeln!(
            t,
            "- {} withdrew ({}) on {}, record {}, log {}",
            w.participant,
            withdrawal_what(w),
            w.given_on,
            w.id,
            w.log_index
        );
    }
    t
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f2f2f2}.ok{background:#e3f4e1;border:1px solid #5a9a52;padding:.6rem}\
.fail{background:#fbe3e1;border:1px solid #b3443a;padding:.6rem}\
td.granted{background:#e3f4e1}td.withdrawn{background:#fbe3e1}td.expired{background:#fff3cd}\
td.error{color:#b3443a;font-weight:600}td.warning{color:#8a6d00}code{font-size:.9em}\
.wide{overflow-x:auto}table.matrix th,table.matrix td{font-size:.85em;padding:.2rem .35rem}";

/// The report as one self-contained HTML page.
pub fn html(r: &Report) -> String {
    let v = &r.verification;
    let mut t = String::new();
    let _ = write!(
        t,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Audit report: {}</title><style>{STYLE}</style></head><body>\n",
        esc(&v.title)
    );
    let _ = writeln!(t, "<h1>Audit report: {}</h1>", esc(&v.title));
    let _ = writeln!(
        t,
        "<table><tr><th>Vault</th><td><code>{}</code></td></tr>\
         <tr><th>Approval</th><td>{} ({}), valid {} to {}; {} protocol version(s)</td></tr>\
         <tr><th>Bundle made</th><td>{} (state judged as of {})</td></tr>\
         <tr><th>Checkpoint</th><td>{} entries, signed by a {} key</td></tr></table>",
        esc(&v.vault_id),
        esc(r.approval_number.as_deref().unwrap_or("-")),
        esc(r.committee.as_deref().unwrap_or("-")),
        esc(r.valid_from.as_deref().unwrap_or("-")),
        esc(r.valid_until.as_deref().unwrap_or("-")),
        r.protocol_versions,
        esc(&v.bundle_created_at),
        esc(&v.as_of),
        v.checkpoint_size.map_or("unverified".into(), |s| s.to_string()),
        if v.signed_by_trusted_key {
            "trusted"
        } else {
            "bundle-supplied"
        }
    );
    let _ = writeln!(
        t,
        "<p class=\"{}\"><strong>{}</strong></p>",
        if v.ok { "ok" } else { "fail" },
        esc(&result_line(v))
    );
    let _ = writeln!(t, "<h2>Findings</h2>");
    if v.findings.is_empty() {
        let _ = writeln!(t, "<p>None.</p>");
    } else {
        let _ = writeln!(
            t,
            "<table><tr><th>severity</th><th>code</th><th>where</th><th>what</th></tr>"
        );
        for f in &v.findings {
            let severity = format!("{:?}", f.severity).to_lowercase();
            let _ = writeln!(
                t,
                "<tr><td class=\"{severity}\">{severity}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&f.code),
                esc(&finding_place(f)),
                esc(&f.message)
            );
        }
        let _ = writeln!(t, "</table>");
    }
    let _ = writeln!(
        t,
        "<h2>Consent matrix</h2><div class=\"wide\"><table class=\"matrix\"><tr><th>participant</th><th>status</th>"
    );
    for s in Scope::ALL {
        // A break opportunity after each underscore keeps nine columns on the page.
        let _ = write!(t, "<th>{}</th>", esc(s.as_str()).replace('_', "_<wbr>"));
    }
    let _ = writeln!(t, "</tr>");
    for row in &r.matrix {
        let _ = write!(t, "<tr><td>{}</td><td>{}</td>", esc(&row.participant), esc(&row.status));
        for cell in row.scopes.values() {
            let _ = write!(t, "<td class=\"{cell}\">{cell}</td>");
        }
        let _ = writeln!(t, "</tr>");
    }
    let _ = writeln!(t, "</table></div>");
    let _ = writeln!(
        t,
        "<h2>Timeline</h2><table><tr><th>date</th><th>consents</th><th>imports</th><th>exports</th>\
         <th>withdrawals</th><th>purges</th></tr>"
    );
    for d in &r.timeline {
        let _ = writeln!(
            t,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.date),
            d.consents,
            d.imports,
            d.exports,
            d.withdrawals,
            d.purges
        );
    }
    let _ = writeln!(t, "</table><h2>Withdrawals</h2>");
    if r.withdrawals.is_empty() {
        let _ = writeln!(t, "<p>None.</p>");
    } else {
        let _ = writeln!(
            t,
            "<table><tr><th>participant</th><th>what</th><th>date</th><th>record</th><th>log</th></tr>"
        );
        for w in &r.withdrawals {
            let _ = writeln!(
                t,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&w.participant),
                esc(&withdrawal_what(w)),
                esc(&w.given_on),
                w.id,
                w.log_index
            );
        }
        let _ = writeln!(t, "</table>");
    }
    let _ = writeln!(t, "</body></html>");
    t
}
