//! Participants: pseudonymous codes and coarse attributes, never names.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::refuse_identifying;
use crate::error::{Error, Result};
use crate::vault::Write;

/// A participant as the vault knows them.
#[derive(Clone, Debug, Serialize)]
pub struct Participant {
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    /// active, withdrawn or completed.
    pub status: String,
    pub created_at: String,
    pub attributes: BTreeMap<String, String>,
}

/// Checks a participant code: 1–4 capital letters, 1–5 digits, and an optional
/// suffix such as `-W2` for a later wave (P01, KEP12, P07-W2).
pub fn validate_code(code: &str) -> Result<()> {
    let (main, suffix) = match code.split_once('-') {
        Some((m, s)) => (m, Some(s)),
        None => (code, None),
    };
    let letters = main.chars().take_while(char::is_ascii_uppercase).count();
    let digits = &main[letters..];
    let ok = (1..=4).contains(&letters)
        && (1..=5).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && suffix.is_none_or(|s| {
            (1..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        // The refused text is not repeated: it may be a name or a number.
        Err(Error::invalid(
            "the participant code was refused: it is not of the form P01",
            "use a pseudonymous code such as P01 (1-4 capital letters, then 1-5 digits, optionally -W2); \
             never a name, nickname or phone number",
        ))
    }
}

/// Parses `name=value` and checks both halves.
pub fn parse_attribute(text: &str) -> Result<(String, String)> {
    let (name, value) = text.split_once('=').ok_or_else(|| {
        Error::invalid(
            "an attribute has no '='",
            "write attributes as NAME=VALUE, for example --attr platform=michat",
        )
    })?;
    let name_ok = !name.is_empty()
        && name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !name_ok {
        return Err(Error::invalid(
            "an attribute name was refused: it is not a lower-case word",
            "use a lower-case name such as age_band, platform, site or wave",
        ));
    }
    let value_ok = !value.is_empty()
        && value.chars().count() <= 40
        && value.chars().all(|c| c.is_alphanumeric() || " ._+-".contains(c));
    if !value_ok {
        return Err(Error::invalid(
            format!("the value of attribute {name} is not usable"),
            "use a short coarse category (1-40 letters, digits, spaces or . _ + -), such as 20-24 or michat",
        ));
    }
    refuse_identifying(&format!("value of attribute {name}"), value)?;
    Ok((name.to_string(), value.to_string()))
}

/// Adds a participant with its attributes.
pub fn add(write: &Write<'_>, code: &str, attributes: &[(String, String)]) -> Result<Participant> {
    validate_code(code)?;
    let conn = write.conn();
    if find(conn, code)?.is_some() {
        return Err(Error::invalid(
            format!("participant {code} already exists"),
            "choose the next free code; `fieldvault participant list` shows the codes in use",
        ));
    }
    let created_at = crate::clock::now_rfc3339();
    conn.execute(
        "INSERT INTO participants (code, created_at) VALUES (?1, ?2)",
        params![code, created_at],
    )?;
    let id = conn.last_insert_rowid();
    let mut attrs = BTreeMap::new();
    for (name, value) in attributes {
        if attrs.insert(name.clone(), value.clone()).is_some() {
            return Err(Error::invalid(
                format!("attribute {name} is given twice"),
                "give each attribute once",
            ));
        }
        conn.execute(
            "INSERT INTO participant_attributes (participant_id, name, value) VALUES (?1, ?2, ?3)",
            params![id, name, value],
        )?;
    }
    let names: Vec<&str> = attrs.keys().map(String::as_str).collect();
    let names = names.join(",");
    write.log("participant.add", &[code, &names])?;
    Ok(Participant {
        id,
        code: code.to_string(),
        status: "active".into(),
        created_at,
        attributes: attrs,
    })
}

fn attributes(conn: &Connection, id: i64) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, value FROM participant_attributes WHERE participant_id = ?1")?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn from_row(conn: &Connection, row: (i64, String, String, String)) -> Result<Participant> {
    let (id, code, status, created_at) = row;
    Ok(Participant {
        attributes: attributes(conn, id)?,
        id,
        code,
        status,
        created_at,
    })
}

/// The participant with `code`, if any.
pub fn find(conn: &Connection, code: &str) -> Result<Option<Participant>> {
    let row = conn
        .query_row(
            "SELECT id, code, status, created_at FROM participants WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|row| from_row(conn, row)).transpose()
}

/// The participant with `code`, or an error that says how to find the codes.
pub fn get(conn: &Connection, code: &str) -> Result<Participant> {
    validate_code(code)?;
    find(conn, code)?.ok_or_else(|| {
        Error::invalid(
            format!("no participant {code}"),
            "check the code with `fieldvault participant list`, or add the participant with `fieldvault participant add`",
        )
    })
}

/// Every participant, by code.
pub fn list(conn: &Connection) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare("SELECT id, code, status, created_at FROM participants ORDER BY code")?;
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|row| from_row(conn, row)).collect()
}

/// Sets a participant's status (withdrawal, re-consent).
pub fn set_status(conn: &Connection, id: i64, status: &str) -> Result<()> {
    conn.execute("UPDATE participants SET status = ?1 WHERE id = ?2", params![status, id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for ok in ["P01", "P1", "KEP12", "P07-W2", "ABCD12345"] {
            assert!(validate_code(ok).is_ok(), "{ok}");
        }
        for bad in [
            "Budi",
            "p01",
            "P",
            "01",
            "P01-",
            "P-01",
            "Siti01x",
            "P0123456",
            "081234567890",
        ] {
            assert!(validate_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attributes_refuse_identifying_values() {
        assert_eq!(
            parse_attribute("age_band=20-24").unwrap(),
            ("age_band".into(), "20-24".into())
        );
        assert!(parse_attribute("platform=michat").is_ok());
        assert!(parse_attribute("name=Siti").is_err());
        assert!(parse_attribute("contact=0812 3456 7890").is_err());
        assert!(parse_attribute("mail=a@b.id").is_err());
        assert!(parse_attribute("Platform=michat").is_err());
        assert!(parse_attribute("platform").is_err());
        assert!(parse_attribute("site=").is_err());
    }
}
