//! The identity registry: a participant's real name and contact details for
//! re-contact, sealed under the identity key that only custodians and owners hold.
//! Allowed only when the protocol allows a registry and the participant's consent
//! is in force; contact details also need the `recontact` scope. A withdrawal of
//! `recontact` erases the contact details, a whole withdrawal everything.

use rusqlite::{Connection, params};
use serde::Serialize;
use zeroize::Zeroizing;

use super::participant::Participant;
use super::{Scope, protocol, record};
use crate::error::{Error, Result};
use crate::keys::EpochKey;
use crate::pseudo::Category;
use crate::pseudonyms::{self, Source};
use crate::store::field;
use crate::vault::Write;

/// What a registry value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Name,
    Contact,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Name => "name",
            Purpose::Contact => "contact",
        }
    }
}

/// A decrypted registry entry. Never logged; printed only by `identity show`.
pub struct Entry {
    pub purpose: String,
    pub value: Zeroizing<String>,
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Entry", 2)?;
        s.serialize_field("purpose", &self.purpose)?;
        s.serialize_field("value", self.value.as_str())?;
        s.end()
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Entry({}, <redacted>)", self.purpose)
    }
}

/// Sets (replaces) a participant's registry values.
pub fn set(
    write: &Write<'_>,
    vault_id: &str,
    identity_key: &EpochKey,
    participant: &Participant,
    values: &[(Purpose, &str)],
) -> Result<()> {
    let conn = write.conn();
    let (_, protocol) = protocol::require(conn)?;
    if !protocol.identity_registry {
        return Err(Error::invalid(
            "the protocol does not allow an identity registry",
            "keep no names or contacts in the vault, or ask the committee to approve a registry and apply the amended protocol",
        ));
    }
    if participant.status == "withdrawn" {
        return Err(Error::invalid(
            format!("{} has withdrawn from the study", participant.code),
            "a withdrawn participant's identity is not kept",
        ));
    }
    // An identity is kept only for a participant whose consent is in force today.
    let in_force = record::state(conn, participant.id)?.scopes_in_force(super::today());
    if in_force.is_empty() {
        return Err(Error::Refused {
            what: format!("the identity of {} refused", participant.code),
            reason: "the participant has no consent in force (none recorded, withdrawn or expired)".into(),
            hint: format!(
                "record the participant's consent first with `fieldvault consent record {}`",
                participant.code
            ),
        });
    }
    if values.iter().any(|(p, _)| *p == Purpose::Contact) && !in_force.contains(&Scope::Recontact) {
        return Err(Error::Refused {
            what: format!("contact details of {} refused", participant.code),
            reason: "the participant has not consented to recontact".into(),
            hint: "record a consent that includes the recontact scope first".into(),
        });
    }
    for (purpose, value) in values {
        if value.trim().is_empty() || value.chars().count() > 200 || value.chars().any(char::is_control) {
            return Err(Error::invalid(
                format!("the {} is empty, too long or has control characters", purpose.as_str()),
                "give one line of at most 200 characters",
            ));
        }
        conn.execute(
            "DELETE FROM identity_sealed WHERE participant_id = ?1 AND purpose = ?2",
            params![participant.id, purpose.as_str()],
        )?;
        conn.execute(
            "INSERT INTO identity_sealed (participant_id, purpose, identity_epoch, sealed) VALUES (?1, ?2, ?3, x'')",
            params![participant.id, purpose.as_str(), identity_key.epoch],
        )?;
        let id = conn.last_insert_rowid();
        let sealed = field::seal(
            &identity_key.key,
            &field::identity_place(vault_id, id, &participant.code, identity_key.epoch),
            value.as_bytes(),
        );
        conn.execute(
            "UPDATE identity_sealed SET sealed = ?1 WHERE id = ?2",
            params![sealed, id],
        )?;
    }
    // The registry feeds pseudonymisation: a registered name or contact is replaced in
    // every item of the study, whoever's item it is. Only keyed hashes are kept.
    pseudonyms::ensure_keys(conn, vault_id, identity_key)?;
    let study_keys = pseudonyms::keys(conn)?;
    for (purpose, value) in values {
        let category = registry_category(&study_keys, *purpose, value);
        pseudonyms::add_known(
            conn,
            &study_keys,
            value,
            category,
            Source::Registry,
            Some(participant.id),
        )?;
    }
    let purposes: Vec<&str> = values.iter().map(|(p, _)| p.as_str()).collect();
    write.log("identity.set", &[&participant.code, &purposes.join(",")])?;
    Ok(())
}

/// The pseudonym category of a registry value: a name is a person; a contact is a
/// phone number, an email, a handle, or else treated as a name.
fn registry_category(keys: &pseudonyms::StudyKeys, purpose: Purpose, value: &str) -> Category {
    let value = value.trim();
    match purpose {
        Purpose::Name => Category::Person,
        Purpose::Contact if keys.known().fingerprint(value).is_some_and(|f| f.tokens == 0) => Category::Phone,
        Purpose::Contact if value.starts_with('@') => Category::Handle,
        Purpose::Contact if value.contains('@') => Category::Email,
        Purpose::Contact => Category::Person,
    }
}

/// Decrypts a participant's registry values. The caller logs the decryption.
pub fn show(
    conn: &Connection,
    vault_id: &str,
    identity_key: &EpochKey,
    participant: &Participant,
) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT id, purpose, identity_epoch, sealed FROM identity_sealed
         WHERE participant_id = ?1 AND purpose IN ('name', 'contact') ORDER BY purpose DESC",
    )?;
    let rows: Vec<(i64, String, u32, Vec<u8>)> = stmt
        .query_map([participant.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, purpose, epoch, sealed)| {
            let plain = field::open(
                &identity_key.key,
                &field::identity_place(vault_id, id, &participant.code, epoch),
                &sealed,
            )?;
            let value = String::from_utf8(plain.to_vec()).map_err(|_| Error::Corrupt {
                path: "the vault database".into(),
                why: format!("registry value {id} is not text"),
            })?;
            Ok(Entry {
                purpose,
                value: Zeroizing::new(value),
            })
        })
        .collect()
}
