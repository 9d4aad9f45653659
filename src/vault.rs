//! The vault directory and an unlocked session on it.
//!
//! ```text
//! DIR/                      0700
//!   vault.json              clear header: format, vault id, key generation, database key-check value
//!   vault-<gen>.db          SQLCipher database (+ -wal, -shm)
//!   keys-<gen>/m-<id>.age   one age file per key-holding member: that member's share of the keys
//!   recovery-identity.age   only in a passphrase vault: the owner identity, passphrase-encrypted
//! ```
//!
//! Rotating the keys (removing a member) writes generation `gen + 1` beside the
//! current one and switches `vault.json` atomically; a crash at any point leaves
//! either the old or the new generation whole.

use std::fs;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::identity::{self, Identity};
use crate::keys::{EpochKey, KeyBundle, KeyKind, Role, VaultKeys, key_check_value};
use crate::members::{self, Member};
use crate::secret::Key32;
use crate::store::{self, PageFormat, Store, field, meta_require, meta_set};

/// The clear header file of a vault.
pub const HEADER_FILE: &str = "vault.json";
/// The passphrase-protected owner identity of a passphrase vault.
pub const RECOVERY_IDENTITY_FILE: &str = "recovery-identity.age";
const FORMAT: &str = "fieldvault-vault";
/// The format version `init` writes. Version 1 (SQLCipher's default pages) is still
/// read and written; a vault keeps its version for life, across key rotations.
const FORMAT_VERSION: u32 = 2;

/// The clear header. It holds nothing about the study: ids, a generation counter
/// and hashes only.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub generation: u32,
    /// Key-check value of the database key of this generation.
    pub database_key_check: String,
    /// Hashes of the recipients of removed members, to tell them apart from strangers.
    #[serde(default)]
    pub removed_recipient_hashes: Vec<String>,
    /// The file name of the recovery identity, in a passphrase vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_identity: Option<String>,
}

impl Header {
    fn read(root: &Path) -> Result<Self> {
        let path = root.join(HEADER_FILE);
        let not_a_vault = |why: String| Error::NotAVault {
            path: root.to_path_buf(),
            why,
        };
        let bytes = fs::read(&path).map_err(|e| not_a_vault(format!("cannot read {HEADER_FILE} ({e})")))?;
        let header: Header =
            serde_json::from_slice(&bytes).map_err(|e| not_a_vault(format!("{HEADER_FILE} is malformed ({e})")))?;
        if header.format != FORMAT || header.version == 0 {
            return Err(not_a_vault(format!(
                "{HEADER_FILE} has format {} v{}",
                header.format, header.version
            )));
        }
        if header.version > FORMAT_VERSION {
            return Err(Error::invalid(
                format!(
                    "{} has vault format version {}; this fieldvault reads versions 1 to {FORMAT_VERSION}",
                    path.display(),
                    header.version
                ),
                "upgrade fieldvault to open this vault",
            ));
        }
        Ok(header)
    }

    /// How the database pages of this vault are laid out, by its format version.
    pub fn page_format(&self) -> PageFormat {
        match self.version {
            1 => PageFormat::Sqlcipher4,
            _ => PageFormat::Pages16kHmacSha256,
        }
    }

    fn write(&self, root: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("the header always serialises");
        text.push('\n');
        fsutil::write_atomic(&root.join(HEADER_FILE), text.as_bytes())
    }
}

/// A vault directory and its header.
#[derive(Clone, Debug)]
pub struct VaultDir {
    root: PathBuf,
    header: Header,
}

fn db_file(root: &Path, generation: u32) -> PathBuf {
    root.join(format!("vault-{generation}.db"))
}

fn keys_dir(root: &Path, generation: u32) -> PathBuf {
    root.join(format!("keys-{generation}"))
}

/// Where the key files of a renewed content key wait until the database commit
/// that makes them current; see [`Session::write_renewing_content_key`].
fn staged_keys_dir(root: &Path, generation: u32, content_epoch: u32) -> PathBuf {
    root.join(format!("keys-{generation}.content-{content_epoch}"))
}

fn removed_recipient_hash(vault_id: &str, recipient: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"fieldvault removed member v1\0");
    h.update(vault_id.as_bytes());
    h.update(b"\0");
    h.update(recipient.as_bytes());
    hex::encode(h.finalize())
}

impl VaultDir {
    /// Reads the header of the vault at `root`.
    pub fn open(root: &Path) -> Result<Self> {
        Ok(VaultDir {
            root: root.to_path_buf(),
            header: Header::read(root)?,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The database file of the current generation.
    pub fn db_path(&self) -> PathBuf {
        db_file(&self.root, self.header.generation)
    }

    /// The key directory of the current generation.
    pub fn keys_dir(&self) -> PathBuf {
        keys_dir(&self.root, self.header.generation)
    }

    /// The recovery identity file, in a passphrase vault.
    pub fn recovery_identity(&self) -> Option<PathBuf> {
        self.header.recovery_identity.as_ref().map(|f| self.root.join(f))
    }

    /// Removes files of other generations: older ones are left by a finished
    /// rotation, newer ones by a rotation that crashed before it switched.
    fn remove_generations(&self, keep: impl Fn(u32) -> bool) -> Result<()> {
        let entries = fs::read_dir(&self.root).map_err(|e| Error::io("list", &self.root, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let generation = name
                .strip_prefix("vault-")
                .and_then(|rest| rest.split('.').next())
                .or_else(|| name.strip_prefix("keys-").and_then(|rest| rest.split('.').next()))
                .and_then(|g| g.parse::<u32>().ok());
            if generation.is_some_and(|g| !keep(g)) {
                let path = entry.path();
                let result = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
                result.map_err(|e| Error::io("remove", &path, e))?;
            }
        }
        Ok(())
    }
}

/// What `init` created.
#[derive(Debug, Serialize)]
pub struct InitReport {
    pub vault_id: String,
    pub path: PathBuf,
    pub owner: String,
    /// The checkpoint verifier key to give to the ethics committee.
    pub verifier_key: String,
    /// The recovery identity file, in a passphrase vault.
    pub recovery_identity: Option<PathBuf>,
}

/// Who owns a new vault: an existing identity's recipients, or a new recovery
/// identity protected by a passphrase.
pub enum Ownership {
    Recipients(Vec<String>),
    Passphrase(SecretString),
}

/// Creates a vault in `root` (which must not exist or be empty).
pub fn init(root: &Path, title: &str, owner_name: &str, ownership: Ownership) -> Result<InitReport> {
    members::validate_name(owner_name)?;
    if title.trim().is_empty() {
        return Err(Error::invalid(
            "the study title is empty",
            "give the title with --title",
        ));
    }
    if root.exists()
        && fs::read_dir(root)
            .map_err(|e| Error::io("list", root, e))?
            .next()
            .is_some()
    {
        return Err(Error::invalid(
            format!("{} exists and is not empty", root.display()),
            "give a new directory; fieldvault never writes a vault over other files",
        ));
    }
    fsutil::create_private_dir(root)?;

    let (recipients, recovery_identity) = match ownership {
        Ownership::Recipients(r) => (r, None),
        Ownership::Passphrase(secret) => {
            let recipient = identity::generate(&root.join(RECOVERY_IDENTITY_FILE), Some(secret))?;
            (vec![recipient], Some(RECOVERY_IDENTITY_FILE.to_string()))
        }
    };
    for r in &recipients {
        identity::validate_recipient(r)?;
    }

    let mut id_bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut id_bytes);
    let vault_id = hex::encode(id_bytes);
    let origin = audit::checkpoint::origin(&vault_id);
    let keys = VaultKeys::generate(&origin);
    let verifier_key = audit::checkpoint::verifier_key_for(&keys.signing)?;
    let header = Header {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        vault_id: vault_id.clone(),
        generation: 1,
        database_key_check: key_check_value(KeyKind::Database, &vault_id, keys.database.expose()),
        removed_recipient_hashes: Vec::new(),
        recovery_identity: recovery_identity.clone(),
    };

    let owner = Member {
        id: members::new_member_id(),
        name: owner_name.to_string(),
        role: Role::Owner,
        recipients,
        added_at: crate::clock::now_rfc3339(),
        removed_at: None,
    };
    fsutil::create_private_dir(&keys_dir(root, 1))?;
    write_key_file(&keys_dir(root, 1), &vault_id, &owner, &keys)?;

    let mut store = Store::open(&db_file(root, 1), &keys.database, header.page_format(), true)?;
    let tx = store.write()?;
    meta_set(&tx, "vault_id", &vault_id)?;
    meta_set(&tx, "title", title)?;
    meta_set(&tx, "created_at", &owner.added_at)?;
    record_key_checks(&tx, &vault_id, &keys)?;
    audit::checkpoint::add_verifier_key(&tx, &verifier_key)?;
    members::insert(&tx, &owner)?;
    members::sign_roster(&tx, &keys.signing)?;
    crate::pseudonyms::ensure_keys(&tx, &vault_id, &keys.identity)?;
    audit::log::append(&tx, &owner.name, "vault.init", &[&vault_id])?;
    audit::log::append(&tx, &owner.name, "member.add", &[&owner.name, Role::Owner.as_str()])?;
    tx.commit()?;
    // The header goes last: a directory without it is not (yet) a vault.
    header.write(root)?;
    Ok(InitReport {
        vault_id,
        path: root.to_path_buf(),
        owner: owner.name,
        verifier_key,
        recovery_identity: recovery_identity.map(|f| root.join(f)),
    })
}

fn record_key_checks(conn: &Connection, vault_id: &str, keys: &VaultKeys) -> Result<()> {
    meta_set(conn, "content_epoch", &keys.content.epoch.to_string())?;
    meta_set(
        conn,
        "content_key_check",
        &key_check_value(KeyKind::Content, vault_id, keys.content.key.expose()),
    )?;
    meta_set(conn, "identity_epoch", &keys.identity.epoch.to_string())?;
    meta_set(
        conn,
        "identity_key_check",
        &key_check_value(KeyKind::Identity, vault_id, keys.identity.key.expose()),
    )?;
    meta_set(
        conn,
        "signing_verifier_key",
        &audit::checkpoint::verifier_key_for(&keys.signing)?,
    )
}

/// Writes a member's key file: their role's share of `keys`, age-encrypted to them.
fn write_key_file(dir: &Path, vault_id: &str, member: &Member, keys: &VaultKeys) -> Result<()> {
    let bundle = KeyBundle::for_role(vault_id, &member.id, member.role, keys);
    let sealed = identity::encrypt(&member.recipients, bundle.encode().as_bytes())?;
    fsutil::write_atomic(&dir.join(format!("{}.age", member.id)), &sealed)
}

/// An unlocked vault: the database open, the caller identified as a member, and
/// the caller's keys in memory.
pub struct Session {
    dir: VaultDir,
    store: Store,
    member: Member,
    bundle: KeyBundle,
    key_file: PathBuf,
}

/// One command's write transaction, with the acting member for the log.
pub struct Write<'a> {
    tx: Transaction<'a>,
    member: &'a str,
}

impl Write<'_> {
    /// The connection inside the transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The acting member's name.
    pub fn member(&self) -> &str {
        self.member
    }

    /// Appends an audit-log entry inside this transaction.
    pub fn log(&self, action: &str, objects: &[&str]) -> Result<u64> {
        audit::log::append(&self.tx, self.member, action, objects)
    }

    /// Commits.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl Session {
    /// Finds the caller's key file among the vault's, checks every key against its
    /// key-check value and opens the database.
    pub fn unlock(root: &Path, identity: &Identity) -> Result<Self> {
        let dir = VaultDir::open(root)?;
        let (key_file, bundle) = find_key_file(&dir, identity)?;
        let mismatch = |key: &'static str| Error::KeyMismatch {
            path: key_file.clone(),
            key,
        };
        let vault_id = dir.header.vault_id.clone();
        let expected_name = format!("{}.age", bundle.member_id);
        if bundle.vault_id != vault_id || key_file.file_name().is_none_or(|n| n != expected_name.as_str()) {
            return Err(mismatch("database"));
        }
        let db_key = bundle.database.as_ref().ok_or_else(|| mismatch("database"))?;
        if key_check_value(KeyKind::Database, &vault_id, db_key.expose()) != dir.header.database_key_check {
            return Err(mismatch("database"));
        }
        let store = Store::open(&dir.db_path(), db_key, dir.header.page_format(), false)?;
        // Every check reads one snapshot: a member added by another process between
        // reading the member list and reading its signature must not look like tampering.
        let snapshot = store.conn().unchecked_transaction()?;
        let conn: &Connection = &snapshot;
        let (key_file, bundle) = match &bundle.content {
            Some(content) if !epoch_key_matches(conn, &vault_id, KeyKind::Content, content)? => {
                // A content-key renewal committed but its key files were not all moved
                // into place yet (a crash): the staged file holds the current key.
                let staged = staged_keys_dir(root, dir.header.generation, current_epoch(conn, KeyKind::Content)?)
                    .join(&expected_name);
                let renewed = fsutil::read(&staged)
                    .ok()
                    .and_then(|bytes| identity.decrypt(&bytes).ok().flatten())
                    .and_then(|plain| KeyBundle::decode(&plain))
                    .filter(|b| b.vault_id == vault_id && b.member_id == bundle.member_id);
                match renewed {
                    Some(b)
                        if b.content.as_ref().is_some_and(|c| {
                            epoch_key_matches(conn, &vault_id, KeyKind::Content, c).unwrap_or(false)
                        }) =>
                    {
                        (staged, b)
                    }
                    _ => return Err(mismatch("content")),
                }
            }
            _ => (key_file, bundle),
        };
        let mismatch = |key: &'static str| Error::KeyMismatch {
            path: key_file.clone(),
            key,
        };
        if let Some(identity_key) = &bundle.identity {
            if !epoch_key_matches(conn, &vault_id, KeyKind::Identity, identity_key)? {
                return Err(mismatch("identity"));
            }
        }
        if let Some(signing) = &bundle.signing {
            if audit::checkpoint::verifier_key_for(signing)? != meta_require(conn, "signing_verifier_key")? {
                return Err(mismatch("signing"));
            }
            members::verify_roster(conn, signing)?;
        }
        let member = members::get(conn, &bundle.member_id)?
            .filter(Member::is_active)
            .ok_or_else(|| mismatch("database"))?;
        snapshot.commit()?;
        dir.remove_generations(|g| g >= dir.header.generation)?;
        Ok(Session {
            dir,
            store,
            member,
            bundle,
            key_file,
        })
    }

    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// The member who unlocked the vault.
    pub fn member(&self) -> &Member {
        &self.member
    }

    pub fn vault_id(&self) -> &str {
        &self.dir.header.vault_id
    }

    /// The audit log's origin line.
    pub fn origin(&self) -> String {
        audit::checkpoint::origin(self.vault_id())
    }

    /// The database key (every member who can open the vault holds it).
    pub fn database_key(&self) -> &Key32 {
        self.bundle
            .database
            .as_ref()
            .expect("a session is only opened with the database key")
    }

    /// The caller's key file.
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }

    fn role_error(&self, command: &str, needed: &'static str) -> Error {
        Error::RoleRequired {
            command: command.to_string(),
            needed,
            name: self.member.name.clone(),
            role: self.member.role.to_string(),
        }
    }

    /// Fails unless the caller is an owner. Decided by the keys the caller holds (only
    /// owners hold the signing key), not by the members table, which anyone with the
    /// database key could edit.
    pub fn require_owner(&self, command: &str) -> Result<()> {
        if self.bundle.signing.is_some() {
            Ok(())
        } else {
            Err(self.role_error(command, "owner"))
        }
    }

    /// The content key, or an error naming the roles that hold it.
    pub fn content_key(&self, command: &str) -> Result<&EpochKey> {
        self.bundle
            .content
            .as_ref()
            .ok_or_else(|| self.role_error(command, KeyKind::Content.needed_role()))
    }

    /// The identity key, or an error naming the roles that hold it.
    pub fn identity_key(&self, command: &str) -> Result<&EpochKey> {
        self.bundle
            .identity
            .as_ref()
            .ok_or_else(|| self.role_error(command, KeyKind::Identity.needed_role()))
    }

    /// The checkpoint signer key, or an error naming the role that holds it.
    pub fn signing_key(&self, command: &str) -> Result<&str> {
        self.bundle
            .signing
            .as_ref()
            .map(|s| s.as_str())
            .ok_or_else(|| self.role_error(command, KeyKind::Signing.needed_role()))
    }

    /// Every key, for an owner.
    fn all_keys(&self, command: &str) -> Result<VaultKeys> {
        self.require_owner(command)?;
        Ok(VaultKeys {
            database: self.bundle.database.clone().expect("owners hold the database key"),
            content: self.content_key(command)?.clone(),
            identity: self.identity_key(command)?.clone(),
            signing: self.bundle.signing.clone().expect("owners hold the signing key"),
        })
    }

    /// Starts the command's one write transaction. Fails with `Rotated` if another
    /// command rotated the keys while this one waited for the lock.
    pub fn begin(&mut self) -> Result<Write<'_>> {
        let tx = self.store.write()?;
        if Header::read(&self.dir.root)?.generation != self.dir.header.generation {
            return Err(Error::Rotated);
        }
        let content_epoch = current_epoch(&tx, KeyKind::Content)?;
        if self.bundle.content.as_ref().is_some_and(|c| c.epoch != content_epoch) {
            return Err(Error::Rotated);
        }
        finish_staged_keys(&self.dir.root, self.dir.header.generation, content_epoch)?;
        Ok(Write {
            tx,
            member: &self.member.name,
        })
    }

    /// Runs `work` in one write transaction and renews the content key in the same
    /// transaction: a new key of the next epoch, every remaining participant data
    /// key resealed under it, new key files for everyone who holds it. `work` gets
    /// the new epoch. Owners only (only they can write every member's key file).
    ///
    /// Crash safety: the new key files are written to a staging directory before the
    /// commit and moved into place after it. Before the commit the old files are
    /// current; after it, unlock falls back to a staged file whose key matches the
    /// database, and the next write finishes the move.
    pub fn write_renewing_content_key<T>(
        &mut self,
        command: &str,
        work: impl FnOnce(&Write<'_>, u32) -> Result<T>,
    ) -> Result<T> {
        let mut keys = self.all_keys(command)?;
        let vault_id = self.vault_id().to_string();
        let root = self.dir.root.clone();
        let generation = self.dir.header.generation;
        let old = keys.content.clone();
        keys.content = EpochKey {
            epoch: old.epoch + 1,
            key: Key32::random(),
        };
        let staged = staged_keys_dir(&root, generation, keys.content.epoch);
        let write = self.begin()?;
        let result = work(&write, keys.content.epoch)?;
        field::reseal_participant_keys(write.conn(), &vault_id, &old, &keys.content)?;
        record_key_checks(write.conn(), &vault_id, &keys)?;
        write.log("content-key.renew", &[&format!("epoch {}", keys.content.epoch)])?;
        let holders = members::list(write.conn(), false)?;
        let staging = (|| {
            fsutil::create_private_dir(&staged)?;
            for member in holders.iter().filter(|m| m.role.holds(KeyKind::Content)) {
                write_key_file(&staged, &vault_id, member, &keys)?;
            }
            fsutil::sync_dir(&staged)
        })();
        if let Err(e) = staging.and_then(|()| write.commit()) {
            let _ = fs::remove_dir_all(&staged);
            return Err(e);
        }
        self.bundle.content = Some(keys.content.clone());
        self.store.truncate_wal()?;
        finish_staged_keys(&root, generation, keys.content.epoch)?;
        Ok(result)
    }

    /// Adds a member and writes their key file. Owners only.
    pub fn add_member(&mut self, name: &str, role: Role, recipients: Vec<String>) -> Result<Member> {
        let keys = self.all_keys("member add")?;
        members::validate_name(name)?;
        if recipients.is_empty() {
            return Err(Error::invalid(
                "no recipient given",
                "give --recipient age1… or --recipients-file FILE",
            ));
        }
        for r in &recipients {
            identity::validate_recipient(r)?;
        }
        if members::find_active(self.conn(), name)?.is_some() {
            return Err(Error::invalid(
                format!("a member named {name} already exists"),
                "choose another name, or remove the old member first",
            ));
        }
        let member = Member {
            id: members::new_member_id(),
            name: name.to_string(),
            role,
            recipients,
            added_at: crate::clock::now_rfc3339(),
            removed_at: None,
        };
        let vault_id = self.vault_id().to_string();
        let keys_dir = self.dir.keys_dir();
        let write = self.begin()?;
        members::insert(write.conn(), &member)?;
        members::sign_roster(write.conn(), &keys.signing)?;
        write.log("member.add", &[&member.name, role.as_str()])?;
        // The key file goes first; if the commit then fails, it is removed again.
        // (A key file whose member row is missing opens nothing: unlock refuses it.)
        let key_file = keys_dir.join(format!("{}.age", member.id));
        if role != Role::Auditor {
            write_key_file(&keys_dir, &vault_id, &member, &keys)?;
        }
        if let Err(e) = write.commit() {
            let _ = fs::remove_file(&key_file);
            return Err(e);
        }
        Ok(member)
    }

    /// Removes a member. If they held keys, every key they held is rotated: a new
    /// database key (the database is re-encrypted), new content and identity keys
    /// (participant keys and identity values resealed), and a new signing key if
    /// they were an owner. Owners only; consumes the session, whose keys are stale after.
    pub fn remove_member(self, name: &str) -> Result<RemovalReport> {
        let keys = self.all_keys("member remove")?;
        let removed = members::find_active(self.conn(), name)?.ok_or_else(|| {
            Error::invalid(
                format!("no member named {name}"),
                "list members with `fieldvault member list`",
            )
        })?;
        if removed.id == self.member.id {
            return Err(Error::invalid(
                "you cannot remove yourself",
                "ask another owner to remove you",
            ));
        }
        if removed.role == Role::Owner
            && members::list(self.conn(), false)?
                .iter()
                .filter(|m| m.role == Role::Owner)
                .count()
                < 2
        {
            return Err(Error::invalid(
                format!("{name} is the last owner"),
                "add another owner first",
            ));
        }
        if removed.role == Role::Auditor {
            // Auditors hold none of the vault's keys: nothing to rotate.
            let mut session = self;
            let write = session.begin()?;
            members::mark_removed(write.conn(), &removed.id)?;
            members::sign_roster(write.conn(), &keys.signing)?;
            write.log("member.remove", &[&removed.name, removed.role.as_str()])?;
            write.commit()?;
            return Ok(RemovalReport {
                member: removed.name,
                role: removed.role.to_string(),
                keys_rotated: false,
                generation: session.dir.header.generation,
                participant_keys_resealed: 0,
                new_verifier_key: None,
            });
        }
        self.rotate_without(removed, keys)
    }

    fn rotate_without(mut self, removed: Member, old: VaultKeys) -> Result<RemovalReport> {
        let vault_id = self.vault_id().to_string();
        let root = self.dir.root.clone();
        let old_generation = self.dir.header.generation;
        let new_generation = old_generation + 1;
        let old_db = self.dir.db_path();
        let new_db = db_file(&root, new_generation);
        let new_keys_dir = keys_dir(&root, new_generation);
        let origin = self.origin();
        let new = VaultKeys {
            database: Key32::random(),
            content: EpochKey {
                epoch: old.content.epoch + 1,
                key: Key32::random(),
            },
            identity: EpochKey {
                epoch: old.identity.epoch + 1,
                key: Key32::random(),
            },
            signing: if removed.role == Role::Owner {
                VaultKeys::generate(&origin).signing
            } else {
                old.signing.clone()
            },
        };
        let signing_rotated = removed.role == Role::Owner;
        let actor = self.member.name.clone();
        let mut header = self.dir.header.clone();

        // Leftovers of a rotation that crashed before it switched.
        self.dir.remove_generations(|g| g <= old_generation)?;
        // 1. Hold the write lock of the current generation until the switch, so no
        //    other command can commit to it meanwhile.
        let lock = self.begin()?;

        // 2. Re-encrypt the whole database under the new database key.
        // Opened with CREATE so that ATTACH may create the new file.
        // The new generation keeps the vault's page format (the header is copied).
        let format = header.page_format();
        let export = store::open_keyed(&old_db, &old.database, format, true)?;
        export.execute(
            "ATTACH DATABASE ?1 AS rotated KEY ?2",
            rusqlite::params![new_db.to_string_lossy(), new.database_pragma_value().as_str()],
        )?;
        export.execute_batch(&format.pragmas("rotated"))?;
        export.query_row("SELECT sqlcipher_export('rotated')", [], |_| Ok(()))?;
        let version: u32 = export.pragma_query_value(None, "user_version", |r| r.get(0))?;
        export.execute_batch(&format!(
            "PRAGMA rotated.user_version = {version}; DETACH DATABASE rotated;"
        ))?;
        drop(export);

        // 3. In the new generation: reseal, record key checks, mark the removal, log it.
        let mut store = Store::open(&new_db, &new.database, format, false)?;
        let tx = store.write()?;
        members::mark_removed(&tx, &removed.id)?;
        members::sign_roster(&tx, &new.signing)?;
        let resealed = field::reseal_participant_keys(&tx, &vault_id, &old.content, &new.content)?;
        field::reseal_identity_values(&tx, &vault_id, &old.identity, &new.identity)?;
        record_key_checks(&tx, &vault_id, &new)?;
        let new_verifier_key = if signing_rotated {
            let vkey = audit::checkpoint::verifier_key_for(&new.signing)?;
            audit::checkpoint::add_verifier_key(&tx, &vkey)?;
            Some(vkey)
        } else {
            None
        };
        let generation_text = format!("generation {new_generation}");
        audit::log::append(
            &tx,
            &actor,
            "member.remove",
            &[&removed.name, removed.role.as_str(), "keys rotated", &generation_text],
        )?;
        if let Some(vkey) = &new_verifier_key {
            audit::log::append(&tx, &actor, "signing-key.rotate", &[vkey])?;
        }
        let remaining = members::list(&tx, false)?;
        tx.commit()?;
        store.truncate_wal()?;
        drop(store);

        // 4. Key files for everyone who still holds keys.
        fsutil::create_private_dir(&new_keys_dir)?;
        for member in remaining.iter().filter(|m| m.role != Role::Auditor) {
            write_key_file(&new_keys_dir, &vault_id, member, &new)?;
        }

        // 5. The switch: one atomic rename of the header.
        header.generation = new_generation;
        header.database_key_check = key_check_value(KeyKind::Database, &vault_id, new.database.expose());
        header
            .removed_recipient_hashes
            .extend(removed.recipients.iter().map(|r| removed_recipient_hash(&vault_id, r)));
        header.write(&root)?;

        // 6. Release the old generation and delete it.
        drop(lock);
        let dir = VaultDir::open(&root)?;
        drop(self);
        dir.remove_generations(|g| g >= new_generation)?;
        Ok(RemovalReport {
            member: removed.name,
            role: removed.role.to_string(),
            keys_rotated: true,
            generation: new_generation,
            participant_keys_resealed: resealed,
            new_verifier_key,
        })
    }
}

/// What removing a member did.
#[derive(Debug, Serialize)]
pub struct RemovalReport {
    pub member: String,
    pub role: String,
    pub keys_rotated: bool,
    pub generation: u32,
    pub participant_keys_resealed: usize,
    /// Set when an owner was removed: the new checkpoint verifier key.
    pub new_verifier_key: Option<String>,
}

impl VaultKeys {
    /// The SQLCipher raw-key literal `x'…'` for this generation's database key.
    fn database_pragma_value(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(format!("x'{}'", self.database.to_hex().as_str()))
    }
}

/// Whether `key` matches the epoch and key-check value stored for `kind`.
fn epoch_key_matches(conn: &Connection, vault_id: &str, kind: KeyKind, key: &EpochKey) -> Result<bool> {
    let prefix = kind.as_str();
    let epoch = store::meta_get(conn, &format!("{prefix}_epoch"))?;
    let check = store::meta_get(conn, &format!("{prefix}_key_check"))?;
    Ok(epoch == Some(key.epoch.to_string()) && check == Some(key_check_value(kind, vault_id, key.key.expose())))
}

/// The epoch of `kind`'s key as the database records it.
fn current_epoch(conn: &Connection, kind: KeyKind) -> Result<u32> {
    let key = format!("{}_epoch", kind.as_str());
    meta_require(conn, &key)?.parse().map_err(|_| Error::Corrupt {
        path: "the vault database".into(),
        why: format!("the setting `{key}` is not a number"),
    })
}

/// Moves the staged key files of the content-key epoch the database holds into
/// place, and removes staging directories of any other epoch (a renewal that never
/// committed). Called with the write lock held.
fn finish_staged_keys(root: &Path, generation: u32, content_epoch: u32) -> Result<()> {
    let prefix = format!("keys-{generation}.content-");
    let entries = fs::read_dir(root).map_err(|e| Error::io("list", root, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(epoch) = name.strip_prefix(&prefix).and_then(|e| e.parse::<u32>().ok()) else {
            continue;
        };
        let staged = entry.path();
        if epoch == content_epoch {
            let target = keys_dir(root, generation);
            let files = fs::read_dir(&staged).map_err(|e| Error::io("list", &staged, e))?;
            for file in files.flatten() {
                fs::rename(file.path(), target.join(file.file_name()))
                    .map_err(|e| Error::io("move", file.path(), e))?;
            }
            fsutil::sync_dir(&target)?;
        }
        fs::remove_dir_all(&staged).map_err(|e| Error::io("remove", &staged, e))?;
    }
    Ok(())
}

/// Tries the identity on every key file of the current generation.
fn find_key_file(dir: &VaultDir, identity: &Identity) -> Result<(PathBuf, KeyBundle)> {
    let keys_dir = dir.keys_dir();
    let mut files: Vec<PathBuf> = fs::read_dir(&keys_dir)
        .map_err(|e| Error::NotAVault {
            path: dir.root.clone(),
            why: format!("cannot list {} ({e})", keys_dir.display()),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "age"))
        .collect();
    files.sort();
    let mut damaged = None;
    for path in files {
        let bytes = fsutil::read(&path)?;
        match identity.decrypt(&bytes) {
            Ok(Some(plaintext)) => {
                let bundle = KeyBundle::decode(&plaintext).ok_or_else(|| Error::KeyMismatch {
                    path: path.clone(),
                    key: "database",
                })?;
                return Ok((path, bundle));
            }
            Ok(None) => {}
            Err(e) => damaged = damaged.or(Some((path, e))),
        }
    }
    let hashes = &dir.header.removed_recipient_hashes;
    if identity
        .x25519_recipients()
        .iter()
        .any(|r| hashes.contains(&removed_recipient_hash(&dir.header.vault_id, r)))
    {
        return Err(Error::RemovedMember {
            path: identity.path().to_path_buf(),
        });
    }
    if let Some((path, e)) = damaged {
        return Err(Error::Corrupt {
            path,
            why: format!("the key file is not a readable age file ({e})"),
        });
    }
    Err(Error::NotAMember {
        path: identity.path().to_path_buf(),
    })
}
