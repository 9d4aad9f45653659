//! Pseudonymisation: detectors for the identifiers of this field, the engine that
//! runs them over normalised text, and the replacement of what they find by tags.
//!
//! This module is self-contained (no `crate::` imports) so that it can be built and
//! benchmarked on its own; the vault's consistent mapping lives in `crate::pseudonyms`.
//!
//! The engine makes one pass over the text: every word token goes through one
//! Aho-Corasick automaton holding all lexicon words and cues (names, places, common words,
//! decoys, honorifics, address and venue cues, bank and MiChat cues), and the
//! structured detectors (phones, ID numbers, e-mails, links) only run where a cheap
//! byte test says they might match. Overlaps are resolved at the end, longest first.

mod coordinates;
mod disguised;
mod district;
mod engine;
mod known;
mod learned;
mod lexicon;
mod names;
mod normalize;
mod numbers;
mod phone;
mod place;
mod replace;
mod web;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;

pub use engine::Engine;
pub use known::{AllowList, Fingerprint, Known};
pub use learned::{Learned, NameCandidate};
pub use replace::{Pseudonymised, Replaced, pseudonymise, pseudonymise_into};
pub(crate) use web::{bare_handle, is_username_shaped};

/// What kind of identifier a span is; decides the tag's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// A person's name or nickname: [PERSON_n].
    Person,
    /// A city, regency or other place name from the gazetteer, or a point given by
    /// its coordinates or its Plus Code: [PLACE_n].
    Place,
    /// An Indonesian mobile or landline number: [PHONE_n].
    Phone,
    /// An e-mail address: [EMAIL_n].
    Email,
    /// A URL, including wa.me, api.whatsapp.com, t.me and instagram.com links: [LINK_n].
    Link,
    /// A social-media @handle: [HANDLE_n].
    Handle,
    /// A MiChat ID given after a cue: [MICHAT_ID_n].
    MichatId,
    /// A NIK or KK number (16 digits), or another number that names a person to an
    /// office (a tax number, a passport, a medical record): [ID_NUMBER_n].
    IdNumber,
    /// A bank account, e-wallet or virtual-account number: [ACCOUNT_n].
    Account,
    /// A vehicle registration plate: [PLATE_n].
    Plate,
    /// A street address (Jl., Gg., No., RT/RW, Kel., Kec.): [ADDRESS_n].
    Address,
    /// A named venue (Hotel, Wisma, Kost, Apartemen …): [VENUE_n].
    Venue,
    /// A named organisation: a foundation or NGO, a company, a clinic, a church, a
    /// school (Yayasan, LSM, PT, Puskesmas, Gereja, Universitas …): [ORG_n].
    Organisation,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 13] = [
        Category::Person,
        Category::Place,
        Category::Phone,
        Category::Email,
        Category::Link,
        Category::Handle,
        Category::MichatId,
        Category::IdNumber,
        Category::Account,
        Category::Plate,
        Category::Address,
        Category::Venue,
        Category::Organisation,
    ];

    /// The label used in tags such as `[PHONE_3]`.
    pub fn label(self) -> &'static str {
        match self {
            Category::Person => "PERSON",
            Category::Place => "PLACE",
            Category::Phone => "PHONE",
            Category::Email => "EMAIL",
            Category::Link => "LINK",
            Category::Handle => "HANDLE",
            Category::MichatId => "MICHAT_ID",
            Category::IdNumber => "ID_NUMBER",
            Category::Account => "ACCOUNT",
            Category::Plate => "PLATE",
            Category::Address => "ADDRESS",
            Category::Venue => "VENUE",
            Category::Organisation => "ORG",
        }
    }

    /// The word used on the command line (`--category michat-id`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Person => "person",
            Category::Place => "place",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::Link => "link",
            Category::Handle => "handle",
            Category::MichatId => "michat-id",
            Category::IdNumber => "id-number",
            Category::Account => "account",
            Category::Plate => "plate",
            Category::Address => "address",
            Category::Venue => "venue",
            Category::Organisation => "organisation",
        }
    }

    /// Which of two detections over the same text wins: structured identifiers,
    /// whose canonical form keeps the mapping consistent, before lexical guesses.
    pub(crate) fn priority(self) -> u8 {
        match self {
            Category::Email => 0,
            Category::Link => 1,
            Category::Phone => 2,
            Category::IdNumber => 3,
            Category::Account => 4,
            Category::MichatId => 5,
            Category::Handle => 6,
            Category::Plate => 7,
            Category::Address => 8,
            Category::Venue => 9,
            Category::Organisation => 10,
            Category::Person => 11,
            Category::Place => 12,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Category`] from a word that names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCategory(pub String);

impl fmt::Display for UnknownCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
        write!(
            f,
            "unknown category '{}' (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownCategory {}

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| UnknownCategory(s.to_owned()))
    }
}

/// An identifier found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset into the caller's text (not a normalised copy), on a char boundary.
    pub start: usize,
    /// Byte offset, exclusive, on a char boundary.
    pub end: usize,
    /// What was found.
    pub category: Category,
    /// The normal form that decides consistency: every spelling of one identifier gives
    /// the same canonical (phones "+62…", names lower-cased and single-spaced, …).
    /// Held inline up to 24 bytes (nearly all are shorter): a text has an identifier
    /// every few dozen bytes, and one heap allocation each showed in the profile.
    pub canonical: CompactString,
}

/// A token that no detector claimed but that a human should look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspicious {
    /// Byte offset into the caller's text.
    pub start: usize,
    /// Byte offset, exclusive.
    pub end: usize,
    /// Why it was flagged.
    pub reason: &'static str,
}
