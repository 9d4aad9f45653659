//! The audit log: every state-changing command and every decryption of content
//! appends an entry (time, member, action, object ids — never content). Entries
//! are the leaves of an RFC 6962 Merkle tree; signed checkpoints (C2SP
//! tlog-checkpoint in a C2SP signed note, Ed25519) let an auditor who kept an old
//! checkpoint prove that today's log extends it.

pub mod bundle;
pub mod checkpoint;
pub mod findings;
pub mod log;
pub mod report;
pub mod tree;
pub mod verify;
