//! The SQLCipher store: one connection per command, the raw key as the first
//! statement, hardened pragmas, migrations, and write transactions that wait
//! for (or cleanly fail against) other writers. Nothing here prints.

pub mod field;
pub mod migrate;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Key32;

/// How long a command waits for another writer before it gives up with `Busy`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open, keyed, migrated vault database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// How SQLCipher lays out and authenticates the pages of a vault database. It is
/// fixed for a vault (by the version in its header) and must be given before the first
/// page is read: a database opened with the other one fails its first HMAC check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageFormat {
    /// Vault format 1: SQLCipher 4's defaults, 4 KiB pages authenticated with
    /// HMAC-SHA512.
    Sqlcipher4,
    /// Vault format 2: 16 KiB pages authenticated with HMAC-SHA256 (AES-256-CBC and a
    /// random IV per page as before). On processors with SHA extensions (most x86-64
    /// and ARMv8 ones of recent years) SHA-256 runs at about three times SHA-512's
    /// speed, and a quarter as many pages means a quarter as many MACs and IVs: an
    /// import wrote and checkpointed pages for a fifth of its time after its last
    /// segment, with nothing else to do (docs/performance.md).
    Pages16kHmacSha256,
}

impl PageFormat {
    /// What the format is, for people.
    pub fn description(self) -> &'static str {
        match self {
            PageFormat::Sqlcipher4 => "SQLCipher 4 pages of 4 KiB, HMAC-SHA512",
            PageFormat::Pages16kHmacSha256 => "SQLCipher 4 pages of 16 KiB, HMAC-SHA256",
        }
    }

    /// The pragmas that select this format for the database `schema` ("main" or an
    /// attached name), to run after its key and before its first page is read.
    pub fn pragmas(self, schema: &str) -> String {
        match self {
            PageFormat::Sqlcipher4 => String::new(),
            PageFormat::Pages16kHmacSha256 => format!(
                "PRAGMA {schema}.cipher_page_size = 16384; PRAGMA {schema}.cipher_hmac_algorithm = HMAC_SHA256;"
            ),
        }
    }
}

/// Held while a connection is opened, keyed and first read. Connections opened at the
/// same moment in a new process sometimes failed with "An error occurred with PRAGMA
/// key or rekey" (about one process in 100 to 300 that opened twelve at once,
/// `connections_keyed_at_once_all_open`). The first ones set SQLCipher's crypto up:
/// with one connection opened before the others, none failed in 600 processes. Holding
/// the lock around the key alone was not enough (6 in 600); around the whole opening,
/// none failed in 600. A command opens a connection or two, so the wait costs nothing.
static OPENING: Mutex<()> = Mutex::new(());

/// Opens `path` with the raw SQLCipher key and page format, without migrating.
/// `create` allows a new file.
pub fn open_keyed(path: &Path, key: &Key32, format: PageFormat, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            why: "the database file is missing".into(),
        });
    }
    let opening = OPENING.lock().unwrap_or_else(PoisonError::into_inner);
    let conn = Connection::open_with_flags(path, flags)?;
    // The key must be the first statement on the connection.
    let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.to_hex().as_str()));
    conn.execute_batch(&pragma)?;
    conn.execute_batch(&format.pragmas("main"))?;
    // SQLCipher would otherwise print its own diagnostics on stderr; our errors say it better.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reading the schema is the first access that decrypts a page: a damaged page 1
    // (or a key that is not this database's) fails here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| corrupt_or(path, e))?;
    drop(opening);
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        return Err(Error::invalid(
            format!("cannot switch {} to WAL mode", path.display()),
            "check the file system supports shared memory",
        ));
    }
    // A 64 MiB page cache (the default is 8 MiB): an erasure with secure_delete
    // rewrites every page it frees, and with a small cache SQLite re-reads and
    // re-decrypts the freelist and overflow pages over and over (a 50 MB withdrawal
    // took 8 s instead of 0.8 s; docs/performance.md). It is a ceiling, not an allocation.
    conn.execute_batch(
        "PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;",
    )?;
    Ok(conn)
}

fn corrupt_or(path: &Path, e: rusqlite::Error) -> Error {
    match Error::from(e) {
        Error::Corrupt { why, .. } => Error::Corrupt {
            path: path.to_path_buf(),
            why,
        },
        other => other,
    }
}

impl Store {
    /// Opens (or with `create`, creates) the database and brings its schema up to date.
    pub fn open(path: &Path, key: &Key32, format: PageFormat, create: bool) -> Result<Self> {
        let mut conn = open_keyed(path, key, format, create)?;
        migrate::migrate(&mut conn).map_err(|e| match e {
            Error::Corrupt { why, .. } => Error::Corrupt {
                path: path.to_path_buf(),
                why,
            },
            other => other,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for callers that manage their own transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Starts the one write transaction of a command. `BEGIN IMMEDIATE` takes the
    /// write lock at once, so two writers serialise instead of failing at commit.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Folds the WAL back into the database and truncates it to zero bytes, so that
    /// pages freed by a deletion do not linger in the -wal file.
    pub fn truncate_wal(&self) -> Result<()> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(Error::Busy);
        }
        Ok(())
    }

    /// `PRAGMA integrity_check`: `Ok` if SQLite finds nothing wrong.
    pub fn integrity_check(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| corrupt_or(&self.path, e))?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(Error::Corrupt {
                path: self.path.clone(),
                why: problems.join("; "),
            })
        }
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Reads a value from the `meta` table.
pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Reads a value that every vault has; its absence means the database is damaged.
pub fn meta_require(conn: &Connection, key: &str) -> Result<String> {
    meta_get(conn, key)?.ok_or_else(|| Error::Corrupt {
        path: PathBuf::from("the vault database"),
        why: format!("the setting `{key}` is missing"),
    })
}

/// Writes a value to the `meta` table.
pub fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twelve connections opened at the same moment, in a test process where SQLCipher
    /// may not have keyed any yet. The race that `OPENING` prevents failed it in about
    /// one process in 100 to 300 (it was found by running this test in a loop of fresh
    /// processes); the test suite's parallel library tests met it once.
    #[test]
    fn connections_keyed_at_once_all_open() {
        let dir = tempfile::tempdir().unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(12));
        let opening: Vec<_> = (0..12)
            .map(|i| {
                let path = dir.path().join(format!("{i}.db"));
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let key = Key32::random();
                    barrier.wait();
                    open_keyed(&path, &key, PageFormat::Pages16kHmacSha256, true).map(drop)
                })
            })
            .collect();
        for opened in opening {
            opened.join().unwrap().unwrap();
        }
    }

    #[test]
    fn each_page_format_is_what_sqlcipher_reads_back_and_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let key = Key32::random();
        for (format, page_size, hmac) in [
            (PageFormat::Sqlcipher4, 4096, "HMAC_SHA512"),
            (PageFormat::Pages16kHmacSha256, 16384, "HMAC_SHA256"),
        ] {
            let path = dir.path().join(format!("{page_size}.db"));
            let store = Store::open(&path, &key, format, true).unwrap();
            let conn = store.conn();
            let setting = |name: &str| {
                conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, String>(0))
                    .unwrap()
            };
            assert_eq!(setting("cipher_page_size"), page_size.to_string());
            assert_eq!(setting("cipher_hmac_algorithm"), hmac);
            drop(store);
            // The other format fails the first page's check: the format is not guessed.
            let other = match format {
                PageFormat::Sqlcipher4 => PageFormat::Pages16kHmacSha256,
                PageFormat::Pages16kHmacSha256 => PageFormat::Sqlcipher4,
            };
            assert!(matches!(
                Store::open(&path, &key, other, false),
                Err(Error::Corrupt { .. })
            ));
            Store::open(&path, &key, format, false).unwrap();
        }
    }
}
