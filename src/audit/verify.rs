//! `audit verify`: recompute the Merkle tree from every entry, check each stored
//! checkpoint's signature and root, and prove with an RFC 6962 consistency proof
//! that the log extends a checkpoint an auditor kept.

use std::path::Path;

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use rusqlite::Connection;
use serde::Serialize;

use crate::audit::checkpoint;
use crate::audit::tree::Tree;
use crate::error::{Error, Result};

/// What a successful verification established.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    /// Entries in the log.
    pub size: u64,
    /// The recomputed root hash (base64, as in checkpoints).
    pub root_hash: String,
    /// Stored checkpoints whose signature and root were checked.
    pub checkpoints_checked: usize,
    /// The auditor's older checkpoint, if one was given, and the proof that links it.
    pub since: Option<SinceReport>,
}

/// The consistency check against an auditor's older checkpoint.
#[derive(Debug, Serialize)]
pub struct SinceReport {
    pub size: u64,
    pub root_hash: String,
    /// Hashes in the RFC 6962 consistency proof that was built and checked.
    pub proof_hashes: usize,
}

/// Verifies the whole log. `since` is an auditor's checkpoint file and its bytes.
pub fn verify_log(conn: &Connection, origin: &str, since: Option<(&Path, &[u8])>) -> Result<(Tree, VerifyReport)> {
    let tree = Tree::from_log(conn)?;
    let root = tree.root()?;
    let keys = checkpoint::verifier_keys(conn)?;

    let stored = checkpoint::all(conn)?;
    for cp in &stored {
        let parsed = checkpoint::parse_verified(cp.note.as_bytes(), &keys, origin)
            .map_err(|why| Error::LogTampered(format!("the checkpoint stored for size {}: {why}", cp.size)))?;
        if parsed.size() != cp.size || BASE64_STANDARD.encode(parsed.hash().0) != cp.root_hash {
            return Err(Error::LogTampered(format!(
                "the checkpoint stored for size {} does not match its signed body",
                cp.size
            )));
        }
        check_prefix(
            &tree,
            cp.size,
            parsed.hash(),
            &format!("the checkpoint signed on {}", cp.created_at),
        )?;
    }

    let since = match since {
        None => None,
        Some((path, bytes)) => {
            let old = checkpoint::parse_verified(bytes, &keys, origin).map_err(|why| Error::BadCheckpoint {
                path: path.to_path_buf(),
                why,
            })?;
            check_prefix(
                &tree,
                old.size(),
                old.hash(),
                &format!("your checkpoint {}", path.display()),
            )?;
            let proof = tree.consistency_proof(old.size())?;
            tlog_tiles::check_tree(&proof, tree.size(), root, old.size(), *old.hash()).map_err(|_| {
                Error::LogTampered(format!(
                    "the log does not extend your checkpoint {} (size {}): history was rewritten",
                    path.display(),
                    old.size()
                ))
            })?;
            Some(SinceReport {
                size: old.size(),
                root_hash: BASE64_STANDARD.encode(old.hash().0),
                proof_hashes: proof.len(),
            })
        }
    };

    let report = VerifyReport {
        size: tree.size(),
        root_hash: BASE64_STANDARD.encode(root.0),
        checkpoints_checked: stored.len(),
        since,
    };
    Ok((tree, report))
}

fn check_prefix(tree: &Tree, size: u64, expected: &tlog_tiles::Hash, what: &str) -> Result<()> {
    if size > tree.size() {
        return Err(Error::LogTampered(format!(
            "{what} covers {size} entries but the log now has only {}: entries were removed or the vault was rolled back",
            tree.size()
        )));
    }
    if tree.root_at(size)? != *expected {
        return Err(Error::LogTampered(format!(
            "the first {size} entries no longer match {what}: history was rewritten"
        )));
    }
    Ok(())
}
