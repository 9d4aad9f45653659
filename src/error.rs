//! Typed errors. Every error says what happened and carries a hint that tells the
//! user what to do next; none of them ever carries key material or participant data.

use std::path::PathBuf;

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, grouped by what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The user gave something that cannot be used (a malformed recipient, a bad name).
    #[error("{what}")]
    Invalid { what: String, hint: String },

    /// A file the user gave is malformed; names the file and the line.
    #[error("{}:{line}: {what}", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        what: String,
        hint: String,
    },

    /// The directory is not a fieldvault vault.
    #[error("{} is not a fieldvault vault: {why}", path.display())]
    NotAVault { path: PathBuf, why: String },

    /// No vault was named.
    #[error("no vault given")]
    NoVault,

    /// No identity was named.
    #[error("no identity given")]
    NoIdentity,

    /// The identity file could not be used.
    #[error("cannot use identity file {}: {why}", path.display())]
    BadIdentity { path: PathBuf, why: String },

    /// A passphrase was needed and none could be obtained, or it was wrong.
    #[error("{0}")]
    Passphrase(String),

    /// None of the vault's key files opens with the given identity.
    #[error("identity {} is not a member of this vault", path.display())]
    NotAMember { path: PathBuf },

    /// The identity belonged to a member who was removed; the keys have been rotated since.
    #[error("identity {} belonged to a member who was removed from this vault", path.display())]
    RemovedMember { path: PathBuf },

    /// A key file opened but its key does not match the key-check value of this vault.
    #[error("key file {} holds a {key} key that does not belong to this vault", path.display())]
    KeyMismatch { path: PathBuf, key: &'static str },

    /// The caller's role lacks a key the command needs.
    #[error("`{command}` needs the role {needed}; you are {name} ({role})")]
    RoleRequired {
        command: String,
        needed: &'static str,
        name: String,
        role: String,
    },

    /// The database, or something sealed in it, is damaged; `path` names which.
    #[error("{} is damaged: {why}", path.display())]
    Corrupt { path: PathBuf, why: String },

    /// The audit log does not verify.
    #[error("audit log verification failed: {0}")]
    LogTampered(String),

    /// A checkpoint file could not be parsed or its signature does not verify.
    #[error("checkpoint {}: {why}", path.display())]
    BadCheckpoint { path: PathBuf, why: String },

    /// Another process holds the vault's write lock for too long.
    #[error("the vault is busy: another fieldvault command is writing to it")]
    Busy,

    /// Another command rotated the vault's keys while this one waited.
    #[error("the vault's keys were rotated by another command while this one ran")]
    Rotated,

    /// A backup file could not be restored.
    #[error("cannot restore {}: {why}", path.display())]
    BadBackup { path: PathBuf, why: String },

    /// The consent gate refused: the participant's consent does not allow this.
    #[error("{what}: {reason}")]
    Refused { what: String, reason: String, hint: String },

    /// An audit bundle did not verify; the findings say why.
    #[error("the audit bundle did not verify: {errors} error finding(s)")]
    AuditFindings { errors: usize },

    /// A SQLite error that none of the cases above explains.
    #[error("database error: {0}")]
    Database(rusqlite::Error),
}

impl Error {
    /// A sentence that tells the user what to do next.
    pub fn hint(&self) -> String {
        match self {
            Error::Io { .. } => "check that the path exists and that you may read and write it".into(),
            Error::Invalid { hint, .. } | Error::Malformed { hint, .. } | Error::Refused { hint, .. } => hint.clone(),
            Error::NotAVault { .. } => {
                "give the directory that `fieldvault init` created with --vault DIR (or FIELDVAULT_VAULT)".into()
            }
            Error::NoVault => "name the vault with --vault DIR or the environment variable FIELDVAULT_VAULT".into(),
            Error::NoIdentity => {
                "name your age identity with --identity FILE or FIELDVAULT_IDENTITY; `fieldvault keygen -o FILE` makes one".into()
            }
            Error::BadIdentity { .. } => {
                "give an age identity file (AGE-SECRET-KEY-1… or AGE-PLUGIN-…), as written by `fieldvault keygen` or age-keygen".into()
            }
            Error::Passphrase(_) => {
                "give the passphrase at the prompt, with --passphrase-file FILE or in FIELDVAULT_PASSPHRASE".into()
            }
            Error::NotAMember { .. } => {
                "use the identity file of a member of this vault; an owner can add you with `fieldvault member add`".into()
            }
            Error::RemovedMember { .. } => {
                "your access was revoked and the keys were rotated; ask an owner to add you again if that was a mistake".into()
            }
            Error::KeyMismatch { .. } => {
                "a key file was replaced or copied from another vault: restore the vault's own key files from a backup (`fieldvault restore`)".into()
            }
            Error::RoleRequired { needed, .. } => {
                format!("ask a member with the role {needed} to run it, or an owner to change your role")
            }
            Error::Corrupt { .. } => {
                "do not write to this vault; restore the last backup with `fieldvault restore FILE DIR`".into()
            }
            Error::LogTampered(_) => {
                "treat the vault as compromised: report it to the data custodian and the ethics committee, and compare with the last checkpoint an auditor holds".into()
            }
            Error::AuditFindings { .. } => {
                "read each finding (docs/auditor-guide.md explains them) and raise them with the principal investigator".into()
            }
            Error::BadCheckpoint { .. } => {
                "give a checkpoint printed by `fieldvault audit checkpoint` for this vault, unchanged".into()
            }
            Error::Busy => "wait until the other command has finished, then run this one again".into(),
            Error::Rotated => "run the command again; it will use the new keys".into(),
            Error::BadBackup { .. } => {
                "give a file written by `fieldvault backup` and the identity of an owner of the vault it came from".into()
            }
            Error::Database(_) => {
                "run `fieldvault audit verify`; if it fails too, restore the last backup".into()
            }
        }
    }

    /// The process exit code: 1 for bad input, 3 for access, 4 for integrity, 5 for busy,
    /// 6 when the consent gate refuses.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotAMember { .. }
            | Error::RemovedMember { .. }
            | Error::RoleRequired { .. }
            | Error::Passphrase(_) => 3,
            Error::KeyMismatch { .. }
            | Error::Corrupt { .. }
            | Error::LogTampered(_)
            | Error::BadCheckpoint { .. }
            | Error::AuditFindings { .. } => 4,
            Error::Busy | Error::Rotated => 5,
            Error::Refused { .. } => 6,
            _ => 1,
        }
    }

    /// Shorthand for an invalid-input error with a hint.
    pub fn invalid(what: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Invalid {
            what: what.into(),
            hint: hint.into(),
        }
    }

    /// Shorthand for an I/O error on a path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// Sorts SQLite failures into what the user can act on: busy, damaged, or other.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::Corrupt {
                path: PathBuf::from("the vault database"),
                why: "a page fails its integrity check (SQLCipher HMAC) or the file is not a database".into(),
            },
            _ => Error::Database(e),
        }
    }
}
