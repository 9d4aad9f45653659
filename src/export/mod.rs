//! Exports: what may leave the vault, and how. Every export
//!
//! 1. selects approved text items and asks the consent gate for each, for the
//!    export's use (analysis, quotation, archiving, secondary use); the others are
//!    listed as excluded, with the reason;
//! 2. builds the whole output in memory and passes every part of it through the
//!    leak scan ([`leak`]) before a byte is written;
//! 3. logs `export.FORMAT` with the use and every item it holds, and commits;
//! 4. writes the file, age-encrypted to the given recipients (the standard age and
//!    rage tools decrypt it), or in clear only when asked with `--plaintext`.

pub mod leak;
pub mod project;
pub mod qdc;
pub mod qdpx;
pub mod tables;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::consent::participant::{self, Participant};
use crate::consent::{Use, gate};
use crate::error::{Error, Result};
use crate::items::{self, Item};
use crate::keys::EpochKey;
use crate::vault::Write;

/// An item the export leaves out, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Excluded {
    pub item: i64,
    pub participant: String,
    pub reason: String,
}

/// An item in an export, with its decrypted pseudonymised text and its participant.
pub struct Included {
    pub item: Item,
    pub participant: Participant,
    pub text: Zeroizing<String>,
}

/// What an export holds.
pub struct Selection {
    pub included: Vec<Included>,
    pub excluded: Vec<Excluded>,
}

/// Selects the text items an export of `purpose` may hold today, decrypting them.
/// `wanted` narrows the selection (None: every text item). The caller logs.
pub fn select(
    conn: &Connection,
    vault_id: &str,
    content_key: &EpochKey,
    purpose: Use,
    wanted: Option<&[i64]>,
) -> Result<Selection> {
    let today = crate::consent::today();
    let mut selection = Selection {
        included: Vec::new(),
        excluded: Vec::new(),
    };
    for item in items::list(conn, None)? {
        if wanted.is_some_and(|w| !w.contains(&item.id)) || !item.is_text() {
            continue;
        }
        let exclude = |reason: String| Excluded {
            item: item.id,
            participant: item.participant.clone(),
            reason,
        };
        if item.review_status != "approved" {
            selection.excluded.push(exclude("not yet approved in review".into()));
            continue;
        }
        let participant = participant::get(conn, &item.participant)?;
        let decision = gate::check(conn, &participant, item.kind.parse()?, purpose, today)?;
        if let Some(denial) = &decision.denial {
            selection
                .excluded
                .push(exclude(format!("consent: {}", denial.explain())));
            continue;
        }
        let text = items::text(conn, vault_id, content_key, item.id)?;
        selection.included.push(Included {
            item,
            participant,
            text,
        });
    }
    Ok(selection)
}

/// Where an export goes and how it is protected.
pub struct Destination<'a> {
    pub path: &'a Path,
    /// age recipients; empty means plaintext, which needs `plaintext`.
    pub recipients: &'a [String],
    pub plaintext: bool,
}

impl Destination<'_> {
    /// Refuses a destination with neither recipients nor an explicit `--plaintext`,
    /// before any work is done.
    pub fn check(&self) -> Result<()> {
        if self.recipients.is_empty() && !self.plaintext {
            return Err(Error::invalid(
                "an export needs a recipient",
                "encrypt it with --to age1… (or --recipients-file FILE); only if it must be in clear, \
                 say so with --plaintext",
            ));
        }
        if !self.recipients.is_empty() && self.plaintext {
            return Err(Error::invalid(
                "--plaintext and recipients exclude each other",
                "drop --plaintext to encrypt, or drop the recipients to write in clear",
            ));
        }
        for r in self.recipients {
            crate::identity::validate_recipient(r)?;
        }
        Ok(())
    }
}

/// Logs the export (`export.FORMAT`, its use, every item it holds, `plaintext` or
/// `recipients:N`), commits, and
/// writes the bytes (encrypted unless plaintext was asked for). Returns the bytes
/// written.
pub fn finish(
    write: Write<'_>,
    format: &str,
    purpose: Use,
    item_ids: &[i64],
    bytes: &[u8],
    to: &Destination<'_>,
) -> Result<usize> {
    let mut objects = vec![purpose.as_str().to_string()];
    objects.extend(item_ids.iter().map(|id| format!("item:{id}")));
    // Whether it left encrypted, and to how many: the auditor's question after "what".
    objects.push(match to.recipients.len() {
        0 => "plaintext".to_string(),
        n => format!("recipients:{n}"),
    });
    let objects: Vec<&str> = objects.iter().map(String::as_str).collect();
    write.log(&format!("export.{format}"), &objects)?;
    let out = if to.recipients.is_empty() {
        bytes.to_vec()
    } else {
        crate::identity::encrypt(to.recipients, bytes)?
    };
    // Logged before written: an export that exists is always in the log.
    write.commit()?;
    crate::fsutil::write_atomic(to.path, &out)?;
    Ok(out.len())
}
