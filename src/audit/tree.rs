//! The Merkle tree over the log, built with the `tlog_tiles` crate (a port of Go's
//! golang.org/x/mod/sumdb/tlog): leaf hashes are `SHA-256(0x00 || entry)`, interior
//! nodes `SHA-256(0x01 || left || right)` as RFC 6962 section 2.1 says.

use rusqlite::Connection;
use tlog_tiles::{Hash, HashReader};

use crate::error::{Error, Result};

/// Every stored hash of a log (leaves and completed subtrees), in tlog order.
pub struct Tree {
    size: u64,
    stored: Vec<Hash>,
}

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                self.stored
                    .get(i as usize)
                    .copied()
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Self {
        Tree {
            size: 0,
            stored: Vec::new(),
        }
    }

    /// Appends a leaf given its record hash.
    pub fn push(&mut self, leaf: Hash) {
        let new = tlog_tiles::stored_hashes_for_record_hash(self.size, leaf, self)
            .expect("the hashes of earlier leaves are always present");
        self.stored.extend(new);
        self.size += 1;
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root hash of the first `n` leaves.
    pub fn root_at(&self, n: u64) -> Result<Hash> {
        if n > self.size {
            return Err(Error::LogTampered(format!(
                "the tree has {} leaves, not {n}",
                self.size
            )));
        }
        tlog_tiles::tree_hash(n, self).map_err(|e| Error::LogTampered(format!("cannot hash the tree: {e}")))
    }

    /// The root hash of the whole tree.
    pub fn root(&self) -> Result<Hash> {
        self.root_at(self.size)
    }

    /// An RFC 6962 consistency proof that the tree of `old_size` leaves is a prefix of this one.
    pub fn consistency_proof(&self, old_size: u64) -> Result<Vec<Hash>> {
        tlog_tiles::prove_tree(self.size, old_size, self)
            .map_err(|e| Error::LogTampered(format!("cannot build a consistency proof: {e}")))
    }

    /// Reads the whole log, checks that indexes are contiguous and that every stored
    /// leaf hash matches its entry, and builds the tree. Any mismatch names the entry.
    pub fn from_log(conn: &Connection) -> Result<Self> {
        let mut tree = Tree::new();
        let mut stmt = conn.prepare("SELECT idx, entry, leaf_hash FROM audit_log ORDER BY idx")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let idx: i64 = row.get(0)?;
            if idx as u64 != tree.size {
                return Err(Error::LogTampered(format!(
                    "entry {} is missing (the next entry present is {idx}): entries were deleted",
                    tree.size
                )));
            }
            let entry = row.get_ref(1)?.as_bytes().map_err(rusqlite::Error::from)?;
            let leaf = tlog_tiles::record_hash(entry);
            let stored = row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            if stored != leaf.0.as_slice() {
                return Err(Error::LogTampered(format!(
                    "entry {idx} was altered after it was written"
                )));
            }
            tree.push(leaf);
        }
        Ok(tree)
    }
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(i: u64) -> Hash {
        tlog_tiles::record_hash(&i.to_be_bytes())
    }

    /// RFC 6962 section 2.1, written out directly, as an independent reference.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => tlog_tiles::EMPTY_HASH,
            1 => leaves[0],
            n => {
                // The largest power of two smaller than n.
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                tlog_tiles::node_hash(reference_root(&leaves[..k]), reference_root(&leaves[k..]))
            }
        }
    }

    #[test]
    fn roots_match_the_rfc_definition_for_every_size() {
        let leaves: Vec<Hash> = (0..70).map(leaf).collect();
        let mut tree = Tree::new();
        for (i, l) in leaves.iter().enumerate() {
            tree.push(*l);
            assert_eq!(tree.root().unwrap(), reference_root(&leaves[..=i]), "size {}", i + 1);
        }
        for n in 0..=70 {
            assert_eq!(tree.root_at(n).unwrap(), reference_root(&leaves[..n as usize]));
        }
    }

    #[test]
    fn consistency_proofs_verify_and_reject_a_rewritten_prefix() {
        let mut tree = Tree::new();
        for i in 0..37 {
            tree.push(leaf(i));
        }
        for old in 1..37 {
            let proof = tree.consistency_proof(old).unwrap();
            tlog_tiles::check_tree(&proof, 37, tree.root().unwrap(), old, tree.root_at(old).unwrap()).unwrap();
        }
        let mut forged = Tree::new();
        for i in 0..37 {
            forged.push(leaf(if i == 3 { 1000 } else { i }));
        }
        let proof = forged.consistency_proof(10).unwrap();
        assert!(tlog_tiles::check_tree(&proof, 37, forged.root().unwrap(), 10, tree.root_at(10).unwrap()).is_err());
    }
}
