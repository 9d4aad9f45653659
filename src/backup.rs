//! `backup` and `restore`: a consistent online snapshot of the whole vault (SQLite's
//! backup API, so other commands may keep working), packed as a tar archive inside
//! one age file encrypted to the vault's owners. The snapshot stays SQLCipher
//! ciphertext throughout; nothing is decrypted to disk.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

use rusqlite::Connection;
use rusqlite::backup::Backup;
use serde::Serialize;

use crate::audit;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::identity::{self, Identity};
use crate::keys::Role;
use crate::members;
use crate::vault::{HEADER_FILE, RECOVERY_IDENTITY_FILE, Session, VaultDir};

/// What `backup` wrote.
#[derive(Debug, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    /// The log entry that records the backup (the backup contains it).
    pub log_index: u64,
    /// The owners the backup is encrypted to.
    pub owners: Vec<String>,
}

/// Writes an age-encrypted snapshot of the vault to `out`.
pub fn backup(mut session: Session, out: &Path) -> Result<BackupReport> {
    // Owners only: their unlock checked the signed member list, so the recipients
    // below are the real owners.
    session.require_owner("backup")?;
    let owners: Vec<members::Member> = members::list(session.conn(), false)?
        .into_iter()
        .filter(|m| m.role == Role::Owner)
        .collect();
    let recipients: Vec<String> = owners.iter().flat_map(|m| m.recipients.clone()).collect();
    let encryptor = identity::encryptor(&recipients)?;

    let write = session.begin()?;
    let log_index = write.log("vault.backup", &[])?;
    write.commit()?;

    let dir = session.dir().clone();
    let scratch = tempfile::Builder::new()
        .prefix(".backup-")
        .tempdir_in(dir.root())
        .map_err(|e| Error::io("create a scratch directory in", dir.root(), e))?;
    let db_name = dir.db_path().file_name().expect("db path has a name").to_owned();
    let snapshot = scratch.path().join(&db_name);
    {
        let mut target = Connection::open(&snapshot)?;
        let pragma = zeroize::Zeroizing::new(format!(
            "PRAGMA key = \"x'{}'\";",
            session.database_key().to_hex().as_str()
        ));
        target.execute_batch(&pragma)?;
        // The snapshot must read back as the vault's own file does (the header beside
        // it in the archive names the format).
        target.execute_batch(&dir.header().page_format().pragmas("main"))?;
        Backup::new(session.conn(), &mut target)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    }

    let partial = out.with_extension("partial");
    let result = (|| -> Result<u64> {
        let file = fsutil::create_private_file(&partial)?;
        let io_err = |e: io::Error| Error::io("write", out, e);
        let age_writer = encryptor.wrap_output(file).map_err(io_err)?;
        let mut archive = tar::Builder::new(age_writer);
        let mut add = |name: &Path, path: &Path| -> Result<()> {
            let mut source = File::open(path).map_err(|e| Error::io("read", path, e))?;
            let mut header = tar::Header::new_gnu();
            header.set_size(source.metadata().map_err(|e| Error::io("read", path, e))?.len());
            header.set_mode(0o600);
            header.set_cksum();
            archive.append_data(&mut header, name, &mut source).map_err(io_err)
        };
        add(Path::new(HEADER_FILE), &dir.root().join(HEADER_FILE))?;
        add(Path::new(&db_name), &snapshot)?;
        if let Some(recovery) = dir.recovery_identity() {
            add(Path::new(RECOVERY_IDENTITY_FILE), &recovery)?;
        }
        let keys_dir = dir.keys_dir();
        let keys_name = keys_dir.file_name().expect("keys dir has a name").to_owned();
        let mut key_files: Vec<PathBuf> = fs::read_dir(&keys_dir)
            .map_err(|e| Error::io("list", &keys_dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        key_files.sort();
        for key_file in key_files {
            let name = Path::new(&keys_name).join(key_file.file_name().expect("entries have names"));
            add(&name, &key_file)?;
        }
        let age_writer = archive.into_inner().map_err(io_err)?;
        let file = age_writer.finish().map_err(io_err)?;
        file.sync_all().map_err(io_err)?;
        Ok(file.metadata().map_err(io_err)?.len())
    })();
    let bytes = match result {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    fs::rename(&partial, out).map_err(|e| Error::io("rename into place", out, e))?;
    Ok(BackupReport {
        path: out.to_path_buf(),
        bytes,
        log_index,
        owners: owners.into_iter().map(|m| m.name).collect(),
    })
}

/// What `restore` brought back and checked.
#[derive(Debug, Serialize)]
pub struct RestoreReport {
    pub path: PathBuf,
    pub vault_id: String,
    pub generation: u32,
    pub log_size: u64,
    pub checkpoints_checked: usize,
}

/// Unpacks a backup into the new directory `root`, then opens it with `identity`,
/// runs SQLite's integrity check and verifies the audit log. On any failure the
/// directory is removed again.
pub fn restore(file: &Path, root: &Path, identity: &Identity) -> Result<RestoreReport> {
    if root.exists() {
        return Err(Error::invalid(
            format!("{} already exists", root.display()),
            "restore into a new directory; fieldvault never overwrites a vault",
        ));
    }
    fsutil::create_private_dir(root)?;
    let result = unpack(file, root, identity).and_then(|()| check_restored(root, identity));
    if result.is_err() {
        let _ = fs::remove_dir_all(root);
    }
    result
}

fn unpack(file: &Path, root: &Path, identity: &Identity) -> Result<()> {
    let bad = |why: String| Error::BadBackup {
        path: file.to_path_buf(),
        why,
    };
    let input = File::open(file).map_err(|e| Error::io("open", file, e))?;
    let reader = identity
        .decrypt_stream(io::BufReader::new(input))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => {
                bad("it is not encrypted to this identity (backups are encrypted to the vault's owners)".into())
            }
            other => bad(format!("it is not a readable age file ({other})")),
        })?;
    let mut archive = tar::Archive::new(reader);
    let entries = archive
        .entries()
        .map_err(|e| bad(format!("it is not a fieldvault backup ({e})")))?;
    let mut saw_header = false;
    for entry in entries {
        let mut entry = entry.map_err(|e| bad(format!("the archive is damaged ({e})")))?;
        let name = entry
            .path()
            .map_err(|e| bad(format!("an entry has a bad name ({e})")))?
            .into_owned();
        let target = safe_target(root, &name).ok_or_else(|| bad(format!("unexpected entry {}", name.display())))?;
        if let Some(parent) = target.parent().filter(|p| *p != root) {
            fsutil::create_private_dir(parent)?;
        }
        let mut out = fsutil::create_private_file(&target)?;
        io::copy(&mut entry, &mut out).map_err(|e| bad(format!("cannot unpack {} ({e})", name.display())))?;
        out.sync_all().map_err(|e| Error::io("write", &target, e))?;
        saw_header |= name == Path::new(HEADER_FILE);
    }
    if !saw_header {
        return Err(bad(format!("it holds no {HEADER_FILE}")));
    }
    Ok(())
}

/// Only the names a backup can hold: the header, the recovery identity, one
/// database and key files under one keys directory. Nothing absolute, no `..`.
fn safe_target(root: &Path, name: &Path) -> Option<PathBuf> {
    let parts: Vec<&str> = name
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let generation = |s: &str, prefix: &str, suffix: &str| {
        s.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
            .is_some_and(|g| g.parse::<u32>().is_ok())
    };
    let ok = match parts.as_slice() {
        [HEADER_FILE] | [RECOVERY_IDENTITY_FILE] => true,
        [db] => generation(db, "vault-", ".db"),
        [dir, file] => {
            generation(dir, "keys-", "") && file.starts_with("m-") && file.ends_with(".age") && !file.contains('/')
        }
        _ => false,
    };
    ok.then(|| root.join(name))
}

fn check_restored(root: &Path, identity: &Identity) -> Result<RestoreReport> {
    let mut session = Session::unlock(root, identity)?;
    session.store().integrity_check()?;
    let (_, report) = audit::verify::verify_log(session.conn(), &session.origin(), None)?;
    let checkpoints_checked = report.checkpoints_checked;
    let write = session.begin()?;
    let index = write.log("vault.restore", &[])?;
    write.commit()?;
    let dir: &VaultDir = session.dir();
    Ok(RestoreReport {
        path: root.to_path_buf(),
        vault_id: dir.header().vault_id.clone(),
        generation: dir.header().generation,
        log_size: index + 1,
        checkpoints_checked,
    })
}
