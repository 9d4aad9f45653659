//! Age identities and recipients: loading identity files (plain, passphrase
//! protected, or plugin identities such as age-plugin-yubikey), generating new
//! ones, and encrypting to a list of recipients.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::{Decryptor, Encryptor, IdentityFile};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::fsutil;
use crate::secret::PassphraseSource;

/// An unlocked age identity file: one or more identities from one file.
pub struct Identity {
    path: PathBuf,
    identities: Vec<Box<dyn age::Identity + Send + Sync>>,
    x25519_recipients: Vec<String>,
}

/// Callbacks for plugins (hardware keys): messages and PIN prompts on the terminal.
#[derive(Clone, Copy)]
pub struct TerminalCallbacks;

impl age::Callbacks for TerminalCallbacks {
    fn display_message(&self, message: &str) {
        eprintln!("{message}");
    }

    fn confirm(&self, _message: &str, _yes: &str, _no: Option<&str>) -> Option<bool> {
        None
    }

    fn request_public_string(&self, _description: &str) -> Option<String> {
        None
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        rpassword::prompt_password(format!("{description}: "))
            .ok()
            .map(SecretString::from)
    }
}

fn is_encrypted_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/") || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

impl Identity {
    /// Loads an identity file. A passphrase-protected file (an age file encrypted with a
    /// passphrase, armored or binary, as `fieldvault keygen --passphrase` or `age -p`
    /// write) asks for its passphrase from `passphrase`.
    pub fn load(path: &Path, passphrase: &PassphraseSource) -> Result<Self> {
        let raw = Zeroizing::new(fsutil::read(path)?);
        let bad = |why: String| Error::BadIdentity {
            path: path.to_path_buf(),
            why,
        };
        let plaintext = if is_encrypted_file(&raw) {
            let decryptor = Decryptor::new(ArmoredReader::new(&raw[..]))
                .map_err(|e| bad(format!("not a readable age file ({e})")))?;
            if !decryptor.is_scrypt() {
                return Err(bad("it is encrypted, but not with a passphrase".into()));
            }
            let secret = passphrase.obtain(&format!("identity {}", path.display()), false)?;
            let scrypt = age::scrypt::Identity::new(secret);
            let mut reader = decryptor
                .decrypt(std::iter::once(&scrypt as &dyn age::Identity))
                .map_err(|_| Error::Passphrase(format!("wrong passphrase for identity file {}", path.display())))?;
            let mut out = Zeroizing::new(Vec::new());
            reader
                .read_to_end(&mut out)
                .map_err(|e| bad(format!("cannot decrypt ({e})")))?;
            out
        } else {
            raw
        };
        Self::parse(path, &plaintext)
    }

    fn parse(path: &Path, plaintext: &[u8]) -> Result<Self> {
        let bad = |why: String| Error::BadIdentity {
            path: path.to_path_buf(),
            why,
        };
        let text = std::str::from_utf8(plaintext).map_err(|_| bad("it is not text".into()))?;
        let mut x25519_recipients = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with("AGE-SECRET-KEY-1") {
                let identity = age::x25519::Identity::from_str(line)
                    .map_err(|_| bad("it holds a malformed AGE-SECRET-KEY line".into()))?;
                x25519_recipients.push(identity.to_public().to_string());
            }
        }
        let identities = IdentityFile::from_buffer(BufReader::new(plaintext))
            .map_err(|_| bad("it is not an age identity file".into()))?
            .with_callbacks(TerminalCallbacks)
            .into_identities()
            .map_err(|e| bad(format!("its plugin identity cannot be used ({e})")))?;
        if identities.is_empty() {
            return Err(bad("it holds no identity".into()));
        }
        Ok(Identity {
            path: path.to_path_buf(),
            identities,
            x25519_recipients,
        })
    }

    /// The file this identity came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `age1…` recipients of the X25519 identities in the file (plugin
    /// identities cannot derive theirs without the plugin).
    pub fn x25519_recipients(&self) -> &[String] {
        &self.x25519_recipients
    }

    /// Decrypts a whole age file held in memory. `Ok(None)` means the file is not
    /// addressed to this identity.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Option<Zeroizing<Vec<u8>>>, age::DecryptError> {
        let decryptor = Decryptor::new_buffered(ciphertext)?;
        match decryptor.decrypt(self.identities.iter().map(|i| i.as_ref() as &dyn age::Identity)) {
            Ok(mut reader) => {
                let mut out = Zeroizing::new(Vec::new());
                reader.read_to_end(&mut out)?;
                Ok(Some(out))
            }
            Err(age::DecryptError::NoMatchingKeys) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A streaming decryptor over `input`.
    pub fn decrypt_stream<R: Read>(&self, input: R) -> Result<impl Read, age::DecryptError> {
        Decryptor::new(input)?.decrypt(self.identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
    }
}

/// Writes a new X25519 identity file (refusing to overwrite one), optionally
/// protected by a passphrase, and returns its recipient.
pub fn generate(path: &Path, passphrase: Option<SecretString>) -> Result<String> {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let created = crate::clock::now_rfc3339();
    let body = Zeroizing::new(format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    ));
    let file_bytes = match passphrase {
        None => body.as_bytes().to_vec(),
        Some(secret) => {
            let mut out = Vec::new();
            let armored =
                ArmoredWriter::wrap_output(&mut out, Format::AsciiArmor).map_err(|e| Error::io("encrypt", path, e))?;
            let mut writer = Encryptor::with_user_passphrase(secret)
                .wrap_output(armored)
                .map_err(|e| Error::io("encrypt", path, e))?;
            writer
                .write_all(body.as_bytes())
                .and_then(|()| writer.finish())
                .and_then(|armored| armored.finish())
                .map_err(|e| Error::io("encrypt", path, e))?;
            out
        }
    };
    let mut file = fsutil::create_private_file(path)?;
    file.write_all(&file_bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("write", path, e))?;
    Ok(recipient)
}

/// Checks that `text` is an age recipient this build can encrypt to: an X25519
/// recipient (`age1…`) or a plugin recipient (`age1yubikey1…`).
pub fn validate_recipient(text: &str) -> Result<()> {
    if age::x25519::Recipient::from_str(text).is_ok() || age::plugin::Recipient::from_str(text).is_ok() {
        Ok(())
    } else {
        Err(Error::invalid(
            format!("`{text}` is not an age recipient"),
            "give the public key that `fieldvault keygen` or age-keygen printed (it starts with age1)",
        ))
    }
}

/// Reads a recipients file: one recipient per line, `#` comments and blank lines ignored.
pub fn read_recipients_file(path: &Path) -> Result<Vec<String>> {
    let bytes = fsutil::read(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Malformed {
        path: path.to_path_buf(),
        line: 1,
        what: "the file is not UTF-8 text".into(),
        hint: "a recipients file holds one age1… recipient per line".into(),
    })?;
    let mut recipients = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        validate_recipient(line).map_err(|e| Error::Malformed {
            path: path.to_path_buf(),
            line: number + 1,
            what: e.to_string(),
            hint: e.hint(),
        })?;
        recipients.push(line.to_string());
    }
    if recipients.is_empty() {
        return Err(Error::Malformed {
            path: path.to_path_buf(),
            line: 1,
            what: "the file names no recipient".into(),
            hint: "a recipients file holds one age1… recipient per line".into(),
        });
    }
    Ok(recipients)
}

/// An age encryptor for a set of recipients (X25519 and plugin recipients mixed).
pub fn encryptor(recipients: &[String]) -> Result<Encryptor> {
    let mut boxed: Vec<Box<dyn age::Recipient>> = Vec::new();
    let mut plugin_recipients: Vec<age::plugin::Recipient> = Vec::new();
    for text in recipients {
        if let Ok(r) = age::x25519::Recipient::from_str(text) {
            boxed.push(Box::new(r));
        } else if let Ok(r) = age::plugin::Recipient::from_str(text) {
            plugin_recipients.push(r);
        } else {
            validate_recipient(text)?;
        }
    }
    let mut plugin_names: Vec<&str> = plugin_recipients.iter().map(|r| r.plugin()).collect();
    plugin_names.sort_unstable();
    plugin_names.dedup();
    for name in plugin_names {
        let plugin =
            age::plugin::RecipientPluginV1::new(name, &plugin_recipients, &[], TerminalCallbacks).map_err(|_| {
                Error::invalid(
                    format!("the age plugin age-plugin-{name} is not installed"),
                    format!("install age-plugin-{name} and put it on PATH"),
                )
            })?;
        boxed.push(Box::new(plugin));
    }
    Encryptor::with_recipients(boxed.iter().map(|r| r.as_ref() as &dyn age::Recipient)).map_err(|e| {
        Error::invalid(
            format!("cannot encrypt to these recipients: {e}"),
            "check the recipients",
        )
    })
}

/// Encrypts `plaintext` to `recipients` as a binary age file.
pub fn encrypt(recipients: &[String], plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    let mut writer = encryptor(recipients)?
        .wrap_output(&mut out)
        .map_err(|e| Error::io("encrypt", "memory", e))?;
    writer
        .write_all(plaintext)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| Error::io("encrypt", "memory", e))?;
    Ok(out)
}
