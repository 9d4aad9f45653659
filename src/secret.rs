//! Secret values: symmetric keys and passphrases. They zeroize on drop, have no
//! `Debug`, `Display` or `Serialize`, and never come from argv.

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use rand::RngCore;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// A 256-bit symmetric key, wiped from memory when dropped.
#[derive(Clone)]
pub struct Key32(Zeroizing<[u8; 32]>);

impl Key32 {
    /// A fresh key from the operating system's CSPRNG.
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Key32(bytes)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(hex_digits: &str) -> Option<Self> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_digits, bytes.as_mut()).ok()?;
        Some(Key32(bytes))
    }

    /// Builds a key from raw bytes (which the caller should zeroize).
    pub fn from_bytes(raw: [u8; 32]) -> Self {
        Key32(Zeroizing::new(raw))
    }

    /// The 64 hex digits, in a buffer that is wiped when dropped.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(&self.0[..]))
    }

    /// The raw bytes.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Where a passphrase comes from. Never argv: a prompt, a file or an environment variable.
#[derive(Clone, Debug, Default)]
pub struct PassphraseSource {
    /// `--passphrase-file FILE`: the first line of the file.
    pub file: Option<PathBuf>,
}

/// The environment variable that may hold a passphrase.
pub const PASSPHRASE_ENV: &str = "FIELDVAULT_PASSPHRASE";

impl PassphraseSource {
    /// Obtains the passphrase: from the file if one was named, else the environment,
    /// else a prompt on the terminal (twice when `confirm`).
    pub fn obtain(&self, purpose: &str, confirm: bool) -> Result<SecretString> {
        if let Some(path) = &self.file {
            return read_passphrase_file(path);
        }
        if let Ok(value) = std::env::var(PASSPHRASE_ENV) {
            return non_empty(value, PASSPHRASE_ENV);
        }
        let first = rpassword::prompt_password(format!("Passphrase for {purpose}: "))
            .map_err(|e| Error::Passphrase(format!("cannot prompt for a passphrase ({e})")))?;
        let first = Zeroizing::new(first);
        if confirm {
            let second = Zeroizing::new(
                rpassword::prompt_password("Repeat the passphrase: ")
                    .map_err(|e| Error::Passphrase(format!("cannot prompt ({e})")))?,
            );
            if *first != *second {
                return Err(Error::Passphrase("the two passphrases differ".into()));
            }
        }
        non_empty(first.to_string(), "the prompt")
    }
}

fn read_passphrase_file(path: &Path) -> Result<SecretString> {
    let content =
        Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::io("read passphrase file", path, e))?);
    let line = content.lines().next().unwrap_or("").to_string();
    non_empty(line, &path.display().to_string())
}

fn non_empty(mut value: String, origin: &str) -> Result<SecretString> {
    if value.is_empty() {
        value.zeroize();
        return Err(Error::Passphrase(format!("the passphrase from {origin} is empty")));
    }
    Ok(SecretString::from(value))
}
