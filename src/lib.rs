//! fieldvault: an encrypted field-data vault for qualitative research with
//! participants whose exposure would harm them.
//!
//! The library holds the domain; the `fieldvault` binary is a thin clap front
//! (`src/cli`). Start with [`vault::Session`], which unlocks a vault with an age
//! identity, and read `docs/design.md` for the key hierarchy and the file layout.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod audit;
pub mod backup;
pub mod clock;
pub mod coding;
pub mod consent;
pub mod digest;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod identity;
pub mod import;
pub mod ingest;
pub mod items;
pub mod keys;
pub mod members;
pub mod pseudo;
pub mod pseudonyms;
pub mod secret;
pub mod store;
pub mod vault;

pub use error::{Error, Result};
