//! `fieldvault segments list`.

use fieldvault::Result;
use fieldvault::coding::{self, Filter};
use fieldvault::consent::participant;

use super::{GlobalArgs, output};

/// Coded segments.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    List(ListArgs),
}

/// List coded segments: where they are and who coded them.
///
/// With --text, each segment's pseudonymised text is printed too, and with --memos
/// its memo; either is a decryption and is logged.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fieldvault segments list --code Ingratiation --participant P01 --text")]
pub struct ListArgs {
    /// Only segments of this code.
    #[arg(long)]
    code: Option<String>,

    /// Only segments of this participant's items.
    #[arg(long)]
    participant: Option<String>,

    /// Only segments of this coder.
    #[arg(long)]
    coder: Option<String>,

    /// Print each segment's text (logged as a decryption).
    #[arg(long)]
    text: bool,

    /// Print each segment's memo (logged as a decryption).
    #[arg(long)]
    memos: bool,

    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// A segment as listed, with what was asked to be decrypted.
#[derive(serde::Serialize)]
struct Listed {
    #[serde(flatten)]
    segment: coding::Segment,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memo: Option<String>,
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    let Command::List(args) = command;
    let mut session = global.unlock()?;
    let vault_id = session.vault_id().to_string();
    let decrypting = args.text || args.memos;
    let content_key = match decrypting {
        true => Some(session.content_key("segments list --text/--memos")?.clone()),
        false => None,
    };
    let write = session.begin()?;
    let conn = write.conn();
    let code = args.code.as_deref().map(|c| coding::require(conn, c)).transpose()?;
    let participant = args
        .participant
        .as_deref()
        .map(|p| participant::get(conn, p))
        .transpose()?;
    let filter = Filter {
        code: code.as_ref(),
        participant: participant.as_ref(),
        coder: args.coder.as_deref(),
        item: None,
    };
    let segments = coding::segments(conn, &filter)?;
    let mut listed = Vec::with_capacity(segments.len());
    if decrypting {
        let mut items: Vec<i64> = segments.iter().map(|s| s.item).collect();
        items.dedup();
        // Recorded before anything is shown.
        let objects: Vec<String> = items.iter().map(|i| format!("item:{i}")).collect();
        let objects: Vec<&str> = objects.iter().map(String::as_str).collect();
        write.log("segment.read", &objects)?;
    }
    let mut text_of = std::collections::HashMap::new();
    for segment in segments {
        let (mut text, mut memo) = (None, None);
        if let Some(key) = &content_key {
            if args.text {
                let whole = match text_of.entry(segment.item) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(fieldvault::items::text(conn, &vault_id, key, segment.item)?)
                    }
                };
                text = Some(coding::slice_chars(whole, segment.start, segment.end).to_string());
            }
            if args.memos {
                memo = coding::memo(conn, &vault_id, key, &segment)?.map(|m| m.to_string());
            }
        }
        listed.push(Listed { segment, text, memo });
    }
    write.commit()?;
    if args.json {
        output::json(&listed);
        return Ok(());
    }
    let mut header = vec![
        "segment",
        "item",
        "participant",
        "code",
        "start",
        "end",
        "coder",
        "memo",
    ];
    if args.text {
        header.push("text");
    }
    let mut table = output::table(&header);
    for l in &listed {
        let s = &l.segment;
        let mut row = vec![
            s.id.to_string(),
            s.item.to_string(),
            s.participant.clone(),
            s.code.clone(),
            s.start.to_string(),
            s.end.to_string(),
            s.coder.clone(),
            match (&l.memo, s.has_memo) {
                (Some(m), _) => m.clone(),
                (None, true) => "(yes)".into(),
                (None, false) => String::new(),
            },
        ];
        if let Some(text) = &l.text {
            row.push(text.clone());
        }
        table.add_row(row);
    }
    println!("{table}");
    Ok(())
}
