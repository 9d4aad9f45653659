//! The consent engine: the ethics protocol, participants, consent records, the
//! consent gate every store and export passes through, withdrawal that erases, and
//! retention. `docs/consent-model.md` explains the rules.
//!
//! This module holds the vocabulary the others share: scopes, item kinds, uses,
//! consent methods, calendar dates, and the check that refuses free text that looks
//! like a name, phone number or email where only codes belong.

pub mod erase;
pub mod gate;
pub mod participant;
pub mod protocol;
pub mod record;
pub mod registry;
pub mod retention;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use crate::error::{Error, Result};

/// Declares a closed vocabulary: an enum with its text forms, `FromStr` with a hint
/// that lists the valid words, `Display`, and serde as the text form.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(Error::invalid(
                        format!(concat!("unknown ", $what, " `{}`"), s),
                        format!(concat!("use one of: {}"), $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")),
                    )),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> std::result::Result<Self, String> {
                s.parse().map_err(|e: Error| format!("{e}; {}", e.hint()))
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.as_str() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocabulary!(
    /// What a participant may agree to, each separately.
    Scope, "consent scope" {
        Interview => "interview",
        AudioRecording => "audio_recording",
        VerbatimQuotes => "verbatim_quotes",
        ProfileContent => "profile_content",
        ChatContent => "chat_content",
        FacesUnblurred => "faces_unblurred",
        Archiving => "archiving",
        SecondaryUse => "secondary_use",
        Recontact => "recontact",
    }
);

vocabulary!(
    /// The kinds of item the vault holds; the protocol says which scope each needs.
    Kind, "item kind" {
        Transcript => "transcript",
        Chat => "chat",
        ProfileImage => "profile-image",
        ProfileStatus => "profile-status",
        Audio => "audio",
        FieldNote => "field-note",
    }
);

impl Kind {
    /// Whether items of this kind are text (pseudonymised, reviewed, coded, exported).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Kind::Transcript | Kind::Chat | Kind::ProfileStatus | Kind::FieldNote
        )
    }
}

vocabulary!(
    /// What an item is used for; some uses need a scope of their own.
    Use, "use" {
        Store => "store",
        Analysis => "analysis",
        Quotation => "quotation",
        Archiving => "archiving",
        SecondaryUse => "secondary-use",
    }
);

vocabulary!(
    /// How consent was taken.
    Method, "consent method" {
        VerbalAttested => "verbal-attested",
        VerbalRecorded => "verbal-recorded",
        Written => "written",
        Electronic => "electronic",
        ChatText => "chat-text",
    }
);

impl Use {
    /// The scope this use needs beyond the one the item's kind needs.
    pub fn extra_scope(self) -> Option<Scope> {
        match self {
            Use::Store | Use::Analysis => None,
            Use::Quotation => Some(Scope::VerbatimQuotes),
            Use::Archiving => Some(Scope::Archiving),
            Use::SecondaryUse => Some(Scope::SecondaryUse),
        }
    }
}

/// Parses a comma-separated list of scopes (`interview,chat_content`), without duplicates.
pub fn parse_scopes(list: &str) -> Result<Vec<Scope>> {
    let mut scopes = Vec::new();
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let scope: Scope = word.parse()?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(Error::invalid(
            "no scope given",
            "list scopes separated by commas, for example --scopes interview,chat_content",
        ));
    }
    scopes.sort();
    Ok(scopes)
}

/// Joins scopes the way they are stored: comma-separated, sorted.
pub fn join_scopes(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// Reads stored scopes back; the database only ever holds valid ones.
pub fn stored_scopes(text: &str) -> Vec<Scope> {
    text.split(',').filter_map(|w| w.parse().ok()).collect()
}

/// Parses a calendar date `YYYY-MM-DD`, refusing impossible ones (2026-02-30).
pub fn parse_date(text: &str) -> Result<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).map_err(|_| {
        Error::invalid(
            format!("`{text}` is not a date"),
            "write dates as YYYY-MM-DD, for example 2026-03-01, and check that the day exists in that month",
        )
    })
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Today's date in UTC: the date every consent and retention decision is made for.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// The date part of a stored RFC 3339 time.
pub fn date_of(rfc3339: &str) -> Result<Date> {
    parse_date(rfc3339.get(..10).unwrap_or(rfc3339))
}

const GIVEN_NAMES: &str = include_str!("../../data/lexicon/given-names-id.txt");

/// Why a piece of text that should be a code looks like it identifies a person:
/// an email, a phone number (seven or more digits), a given name from the lexicon,
/// or two capitalised words in a row. `None` if it looks like a code.
pub fn looks_identifying(text: &str) -> Option<&'static str> {
    if text.contains('@') {
        return Some("it contains '@', like an email address or a social-media handle");
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let phone_like = text.chars().all(|c| c.is_ascii_digit() || " +-.()/".contains(c));
    if digits >= 7 && phone_like {
        return Some("it looks like a phone or identity-card number");
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| {
        let lower = w.to_lowercase();
        GIVEN_NAMES.lines().any(|name| !name.starts_with('#') && name == lower)
    }) {
        return Some("it contains a common given name");
    }
    let capitalised = |w: &&str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
    };
    if words.windows(2).any(|pair| pair.iter().all(capitalised)) {
        return Some("it looks like a person's name (two capitalised words)");
    }
    None
}

/// Refuses `text` where a code belongs if it looks identifying; `field` names the
/// option for the message.
pub fn refuse_identifying(field: &str, text: &str) -> Result<()> {
    match looks_identifying(text) {
        Some(why) => Err(Error::invalid(
            format!("the {field} was refused: {why}"),
            "fieldvault stores codes and coarse categories only; real names and contacts go in the \
             identity registry (`fieldvault identity set`), which only custodians can read",
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_sorted_and_unknown_ones_fail() {
        assert_eq!(
            parse_scopes("chat_content, interview,chat_content").unwrap(),
            vec![Scope::Interview, Scope::ChatContent]
        );
        let err = parse_scopes("interview,selfies").unwrap_err();
        assert!(err.to_string().contains("unknown consent scope `selfies`"));
        assert!(err.hint().contains("verbatim_quotes"));
        assert!(parse_scopes(" , ").is_err());
    }

    #[test]
    fn impossible_and_malformed_dates_fail() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("1/3/2026").is_err());
        assert_eq!(format_date(parse_date("2028-02-29").unwrap()), "2028-02-29");
    }

    #[test]
    fn identifying_text_is_recognised() {
        for bad in [
            "siti@example.com",
            "0812-3456-7890",
            "+62 812 3456 7890",
            "Budi",
            "mbak Sari",
            "Dewi Lestari",
            "Rahayu Kusuma",
        ] {
            assert!(looks_identifying(bad).is_some(), "{bad} should be refused");
        }
        for good in [
            "P01", "20-24", "michat", "wave 2", "Jakarta", "1", "RA1", "female", "Surabaya",
        ] {
            assert_eq!(looks_identifying(good), None, "{good} should pass");
        }
    }
}
