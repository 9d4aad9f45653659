//! The key hierarchy (see docs/design.md):
//!
//! * database key — the SQLCipher raw key; held by owners, researchers and custodians;
//! * content key — wraps the per-participant data keys; owners and researchers;
//! * identity key — seals the identity registry and pseudonym originals; owners and custodians;
//! * signing key — Ed25519, signs audit-log checkpoints; owners only;
//! * per-participant data keys — stored in the database, wrapped by the content key.
//!
//! Each member's share of these keys is one age file beside the database (a
//! [`KeyBundle`]), so `age -d -i member.key keys-N/m-….age` works with standard tools.
//! Key-check values stored with the vault detect a bundle that was swapped for another.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Key32;

/// What a member may do; decides which keys the member's bundle holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Holds every key; manages members, signs checkpoints, makes backups.
    Owner,
    /// Opens the database and reads pseudonymised content.
    Researcher,
    /// Opens the database and holds the re-identification (identity) key.
    Custodian,
    /// Holds none of the vault's keys; receives audit bundles.
    Auditor,
}

impl Role {
    /// Every role, in order of authority.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Researcher, Role::Custodian, Role::Auditor];

    /// The name used on the command line and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Researcher => "researcher",
            Role::Custodian => "custodian",
            Role::Auditor => "auditor",
        }
    }

    /// Which keys this role holds.
    pub fn holds(self, key: KeyKind) -> bool {
        matches!(
            (self, key),
            (Role::Owner, _)
                | (Role::Researcher, KeyKind::Database | KeyKind::Content)
                | (Role::Custodian, KeyKind::Database | KeyKind::Identity)
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            Error::invalid(
                format!("unknown role `{s}`"),
                "use owner, researcher, custodian or auditor",
            )
        })
    }
}

/// The keys of the hierarchy, as roles hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Database,
    Content,
    Identity,
    Signing,
}

impl KeyKind {
    /// The key's name in messages and key-check labels.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Database => "database",
            KeyKind::Content => "content",
            KeyKind::Identity => "identity",
            KeyKind::Signing => "signing",
        }
    }

    /// The role to name in an error when a member lacks this key.
    pub fn needed_role(self) -> &'static str {
        match self {
            KeyKind::Database => "owner, researcher or custodian",
            KeyKind::Content => "owner or researcher",
            KeyKind::Identity => "owner or custodian",
            KeyKind::Signing => "owner",
        }
    }
}

/// A key-check value: a hash that identifies a key without revealing it.
/// Age does not authenticate the sender, so an attacker who can write the vault
/// directory could plant a key file of their own; comparing the unwrapped key with
/// this value detects it.
pub fn key_check_value(kind: KeyKind, vault_id: &str, key_bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"fieldvault key check v1\0");
    hasher.update(kind.as_str().as_bytes());
    hasher.update(b"\0");
    hasher.update(vault_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(key_bytes);
    hex::encode(&hasher.finalize()[..16])
}

/// A symmetric key with the epoch it belongs to (epochs count rotations).
#[derive(Clone)]
pub struct EpochKey {
    pub epoch: u32,
    pub key: Key32,
}

/// One member's share of the vault's keys, as stored (age-encrypted) in the
/// member's key file.
pub struct KeyBundle {
    pub vault_id: String,
    pub member_id: String,
    pub database: Option<Key32>,
    pub content: Option<EpochKey>,
    pub identity: Option<EpochKey>,
    /// The signed-note signer key (`PRIVATE+KEY+…`).
    pub signing: Option<Zeroizing<String>>,
}

/// All keys of a vault at one moment; a member's bundle is a projection of it.
#[derive(Clone)]
pub struct VaultKeys {
    pub database: Key32,
    pub content: EpochKey,
    pub identity: EpochKey,
    pub signing: Zeroizing<String>,
}

const BUNDLE_MAGIC: &str = "fieldvault-member-keys v1";

impl KeyBundle {
    /// The part of `keys` that `role` may hold.
    pub fn for_role(vault_id: &str, member_id: &str, role: Role, keys: &VaultKeys) -> Self {
        KeyBundle {
            vault_id: vault_id.to_string(),
            member_id: member_id.to_string(),
            database: role.holds(KeyKind::Database).then(|| keys.database.clone()),
            content: role.holds(KeyKind::Content).then(|| keys.content.clone()),
            identity: role.holds(KeyKind::Identity).then(|| keys.identity.clone()),
            signing: role.holds(KeyKind::Signing).then(|| keys.signing.clone()),
        }
    }

    /// The text that goes inside the age file.
    pub fn encode(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::new());
        out.push_str(BUNDLE_MAGIC);
        out.push('\n');
        out.push_str(&format!("vault-id: {}\nmember-id: {}\n", self.vault_id, self.member_id));
        if let Some(k) = &self.database {
            out.push_str("database-key: ");
            out.push_str(&k.to_hex());
            out.push('\n');
        }
        for (label, key) in [("content-key", &self.content), ("identity-key", &self.identity)] {
            if let Some(k) = key {
                out.push_str(&format!("{label}: {} ", k.epoch));
                out.push_str(&k.key.to_hex());
                out.push('\n');
            }
        }
        if let Some(s) = &self.signing {
            out.push_str("signing-key: ");
            out.push_str(s);
            out.push('\n');
        }
        out
    }

    /// Parses the text of a key file; `None` if it is not a bundle.
    pub fn decode(text: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(text).ok()?;
        let mut lines = text.lines();
        if lines.next()? != BUNDLE_MAGIC {
            return None;
        }
        let mut bundle = KeyBundle {
            vault_id: String::new(),
            member_id: String::new(),
            database: None,
            content: None,
            identity: None,
            signing: None,
        };
        let epoch_key = |value: &str| -> Option<EpochKey> {
            let (epoch, hex_digits) = value.split_once(' ')?;
            Some(EpochKey {
                epoch: epoch.parse().ok()?,
                key: Key32::from_hex(hex_digits)?,
            })
        };
        for line in lines {
            let (label, value) = line.split_once(": ")?;
            match label {
                "vault-id" => bundle.vault_id = value.to_string(),
                "member-id" => bundle.member_id = value.to_string(),
                "database-key" => bundle.database = Some(Key32::from_hex(value)?),
                "content-key" => bundle.content = Some(epoch_key(value)?),
                "identity-key" => bundle.identity = Some(epoch_key(value)?),
                "signing-key" => bundle.signing = Some(Zeroizing::new(value.to_string())),
                _ => return None,
            }
        }
        (!bundle.vault_id.is_empty() && !bundle.member_id.is_empty()).then_some(bundle)
    }
}

impl VaultKeys {
    /// Fresh keys for a new vault; the signing key is named after the log's origin.
    pub fn generate(origin: &str) -> Self {
        let (signer_key, _verifier) = signed_note::generate_key(&mut rand::rngs::OsRng, origin);
        VaultKeys {
            database: Key32::random(),
            content: EpochKey {
                epoch: 1,
                key: Key32::random(),
            },
            identity: EpochKey {
                epoch: 1,
                key: Key32::random(),
            },
            signing: Zeroizing::new(signer_key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_round_trips_and_respects_role() {
        let keys = VaultKeys::generate("fieldvault/test");
        let bundle = KeyBundle::for_role("v1", "m-1", Role::Custodian, &keys);
        let decoded = KeyBundle::decode(bundle.encode().as_bytes()).unwrap();
        assert_eq!(decoded.member_id, "m-1");
        assert_eq!(decoded.database.unwrap().expose(), keys.database.expose());
        assert!(decoded.content.is_none());
        assert_eq!(decoded.identity.unwrap().key.expose(), keys.identity.key.expose());
        assert!(decoded.signing.is_none());
    }

    #[test]
    fn garbage_is_not_a_bundle() {
        assert!(KeyBundle::decode(b"AGE-SECRET-KEY-1XYZ").is_none());
        assert!(KeyBundle::decode(b"fieldvault-member-keys v1\ndatabase-key: zz\n").is_none());
    }

    #[test]
    fn key_check_value_depends_on_kind_vault_and_key() {
        let k = Key32::random();
        let a = key_check_value(KeyKind::Database, "v1", k.expose());
        assert_ne!(a, key_check_value(KeyKind::Content, "v1", k.expose()));
        assert_ne!(a, key_check_value(KeyKind::Database, "v2", k.expose()));
        assert_ne!(a, key_check_value(KeyKind::Database, "v1", Key32::random().expose()));
    }
}
