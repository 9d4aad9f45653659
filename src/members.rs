//! Members and roles: who may open the vault and which keys each holds.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::keys::Role;

/// A member of the vault.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    /// Opaque id; names the member's key file.
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "serialize_role")]
    pub role: Role,
    /// The member's age recipients (public keys).
    pub recipients: Vec<String>,
    pub added_at: String,
    pub removed_at: Option<String>,
}

fn serialize_role<S: serde::Serializer>(role: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(role.as_str())
}

impl Member {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let role: String = row.get(2)?;
        let recipients: String = row.get(3)?;
        Ok(Member {
            id: row.get(0)?,
            name: row.get(1)?,
            role: role
                .parse()
                .map_err(|_| rusqlite::Error::InvalidColumnType(2, "role".into(), rusqlite::types::Type::Text))?,
            recipients: recipients.lines().map(str::to_string).collect(),
            added_at: row.get(4)?,
            removed_at: row.get(5)?,
        })
    }

    /// Whether the member still belongs to the vault.
    pub fn is_active(&self) -> bool {
        self.removed_at.is_none()
    }
}

const COLUMNS: &str = "id, name, role, recipients, added_at, removed_at";

/// A fresh opaque member id.
pub fn new_member_id() -> String {
    let mut bytes = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    format!("m-{}", hex::encode(bytes))
}

/// Checks a member name: 1 to 64 printable characters, no leading dash.
pub fn validate_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && !name.starts_with('-')
        && name.chars().all(|c| !c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            format!("`{name}` is not a usable member name"),
            "use 1 to 64 printable characters that do not start with '-', such as a staff code (RA2) or a first name",
        ))
    }
}

/// Inserts a member row.
pub fn insert(conn: &Connection, member: &Member) -> Result<()> {
    conn.execute(
        "INSERT INTO members (id, name, role, recipients, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            member.id,
            member.name,
            member.role.as_str(),
            member.recipients.join("\n"),
            member.added_at
        ],
    )?;
    Ok(())
}

/// The member with this id, active or removed.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Member>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM members WHERE id = ?1"),
            [id],
            Member::from_row,
        )
        .optional()?)
}

/// The active member with this name.
pub fn find_active(conn: &Connection, name: &str) -> Result<Option<Member>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM members WHERE name = ?1 AND removed_at IS NULL"),
            [name],
            Member::from_row,
        )
        .optional()?)
}

/// Members in the order they were added; removed ones only when asked.
pub fn list(conn: &Connection, include_removed: bool) -> Result<Vec<Member>> {
    let filter = if include_removed {
        ""
    } else {
        "WHERE removed_at IS NULL"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM members {filter} ORDER BY added_at, rowid"
    ))?;
    let rows = stmt.query_map([], Member::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a member removed.
pub fn mark_removed(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE members SET removed_at = ?1 WHERE id = ?2",
        params![crate::clock::now_rfc3339(), id],
    )?;
    Ok(())
}

/// The member list in a canonical text form: what the roster signature covers.
fn roster_text(conn: &Connection) -> Result<String> {
    let mut text = String::from("fieldvault roster v1\n");
    for m in list(conn, true)? {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            m.id,
            m.name,
            m.role,
            m.recipients.join(","),
            m.removed_at.unwrap_or_default()
        ));
    }
    Ok(text)
}

/// Signs the member list with the vault's signing key (owners only hold it). Every
/// change to the members table goes through here, inside its transaction.
pub fn sign_roster(conn: &Connection, signer_key: &str) -> Result<()> {
    use ed25519_dalek::Signer;
    let (_, key) = crate::audit::checkpoint::ed25519_key_of(signer_key)?;
    let signature = key.sign(roster_text(conn)?.as_bytes());
    crate::store::meta_set(conn, "roster_signature", &hex::encode(signature.to_bytes()))
}

/// Checks the member list against its signature. Anyone with the database key can
/// write the members table, so an owner checks it before trusting it: a researcher
/// who made themselves an owner would otherwise receive every key at the next rotation.
pub fn verify_roster(conn: &Connection, signer_key: &str) -> Result<()> {
    let (_, key) = crate::audit::checkpoint::ed25519_key_of(signer_key)?;
    let tampered =
        || Error::LogTampered("the member list was changed outside fieldvault (its signature does not match)".into());
    let stored = crate::store::meta_get(conn, "roster_signature")?.ok_or_else(tampered)?;
    let bytes: [u8; 64] = hex::decode(stored)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(tampered)?;
    key.verifying_key()
        .verify_strict(
            roster_text(conn)?.as_bytes(),
            &ed25519_dalek::Signature::from_bytes(&bytes),
        )
        .map_err(|_| tampered())
}
