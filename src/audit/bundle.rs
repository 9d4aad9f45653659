//! Audit bundles: what an ethics auditor receives, age-encrypted to them. The
//! bundle holds the protocol versions and forms, participant codes and statuses,
//! consent records, item metadata (with the SHA-256 of each item's ciphertext),
//! erasure receipts, the whole audit log and a fresh signed checkpoint over it —
//! and no content, no pseudonym table and no identity. Consent evidence only with
//! `--with-evidence`, and only where the protocol allows it.

use std::io::Read;

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use serde::{Deserialize, Serialize};

use crate::audit::{self, tree::Tree};
use crate::consent::erase::{self, Receipt};
use crate::consent::participant;
use crate::consent::protocol::{self, Protocol};
use crate::consent::record::{self, ConsentRecord};
use crate::error::{Error, Result};
use crate::identity::{self, Identity};
use crate::items::{self, Item};
use crate::store::field;
use crate::vault::Session;

pub const FORMAT: &str = "fieldvault-audit-bundle v1";

/// One applied protocol version.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProtocolVersion {
    pub version: u32,
    pub sha256: String,
    pub applied_at: String,
    pub applied_by: String,
    pub log_index: u64,
    pub source: String,
    pub protocol: Protocol,
}

/// A consent form's text, as participants saw it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Form {
    pub version: String,
    pub language: String,
    pub sha256: String,
    pub text: String,
}

/// A participant, by code only.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParticipantEntry {
    pub code: String,
    pub status: String,
    pub created_at: String,
}

/// Consent evidence, included only with `--with-evidence`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Evidence {
    pub record: i64,
    pub participant: String,
    pub sha256: String,
    pub content_base64: String,
}

/// The bundle, as serialised inside the age file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub vault_id: String,
    pub title: String,
    pub created_at: String,
    pub created_by: String,
    /// The signed checkpoint over the whole log (a C2SP signed note).
    pub checkpoint: String,
    /// Every checkpoint verifier key the vault has used. An auditor should compare
    /// them with the key the committee received (`--trusted-key`).
    pub verifier_keys: Vec<String>,
    pub protocols: Vec<ProtocolVersion>,
    pub forms: Vec<Form>,
    pub participants: Vec<ParticipantEntry>,
    pub consent_records: Vec<ConsentRecord>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    pub items: Vec<Item>,
    pub erasures: Vec<Receipt>,
    /// Every log entry, exactly as hashed into the tree.
    pub log: Vec<String>,
}

/// What `audit bundle` made.
#[derive(Debug, Serialize)]
pub struct BundleSummary {
    pub participants: usize,
    pub consent_records: usize,
    pub items: usize,
    pub erasures: usize,
    pub evidence_files: usize,
    pub log_size: u64,
    pub bytes: usize,
}

/// Builds a bundle, logs it, signs a fresh checkpoint over the whole log (which
/// includes the bundle's own entry) and encrypts it to `recipients`. Owners only.
pub fn build(session: &mut Session, recipients: &[String], with_evidence: bool) -> Result<(Vec<u8>, BundleSummary)> {
    let signer = zeroize::Zeroizing::new(session.signing_key("audit bundle")?.to_string());
    if recipients.is_empty() {
        return Err(Error::invalid(
            "no recipient for the bundle",
            "give the auditor's recipient with --to age1…",
        ));
    }
    for r in recipients {
        identity::validate_recipient(r)?;
    }
    let vault_id = session.vault_id().to_string();
    let origin = session.origin();
    let member = session.member().name.clone();
    let content = session.content_key("audit bundle --with-evidence").ok().cloned();
    let write = session.begin()?;
    let conn = write.conn();
    let (_, current) = protocol::require(conn)?;
    if with_evidence && !current.evidence_to_auditor {
        return Err(Error::invalid(
            "the protocol does not allow consent evidence to go to the auditor",
            "leave out --with-evidence, or have the committee set evidence_to_auditor = true and apply the protocol",
        ));
    }
    let mut evidence = Vec::new();
    if with_evidence {
        let content = content.ok_or_else(|| Error::RoleRequired {
            command: "audit bundle --with-evidence".into(),
            needed: crate::keys::KeyKind::Content.needed_role(),
            name: member.clone(),
            role: "a member without the content key".into(),
        })?;
        let rows: Vec<(i64, i64, String, u32, String, Vec<u8>)> = conn
            .prepare(
                "SELECT e.record_id, e.participant_id, p.code, e.key_version, e.sha256, e.sealed
                 FROM consent_evidence e JOIN participants p ON p.id = e.participant_id ORDER BY e.record_id",
            )?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (record, pid, code, version, sha256, sealed) in rows {
            let key = field::participant_key(conn, &vault_id, &content, pid)?;
            let plain = field::open(
                &key.key,
                &record::evidence_place(&vault_id, record, &code, version),
                &sealed,
            )?;
            evidence.push(Evidence {
                record,
                participant: code,
                sha256,
                content_base64: BASE64_STANDARD.encode(plain.as_slice()),
            });
        }
    }
    // The log names whose evidence left the vault: every decrypted file, by
    // participant code and consent record.
    let recipients_count = format!("{} recipient(s)", recipients.len());
    let mut objects = vec![
        if with_evidence {
            "with evidence"
        } else {
            "without evidence"
        },
        recipients_count.as_str(),
    ];
    let included: Vec<String> = evidence
        .iter()
        .map(|e| format!("{} record {}", e.participant, e.record))
        .collect();
    objects.extend(included.iter().map(String::as_str));
    write.log("audit.bundle", &objects)?;
    let tree = Tree::from_log(conn)?;
    let root = tree.root()?;
    let checkpoint = audit::checkpoint::sign(&signer, &origin, tree.size(), root)?;
    audit::checkpoint::store(conn, tree.size(), root, &checkpoint)?;

    let mut protocols = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT version, sha256, applied_at, applied_by, log_index, source, definition FROM protocols ORDER BY version",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let definition: String = r.get(6)?;
            protocols.push(ProtocolVersion {
                version: r.get(0)?,
                sha256: r.get(1)?,
                applied_at: r.get(2)?,
                applied_by: r.get(3)?,
                log_index: r.get(4)?,
                source: r.get(5)?,
                protocol: serde_json::from_str(&definition).map_err(|e| Error::Corrupt {
                    path: "the vault database".into(),
                    why: format!("a protocol does not parse ({e})"),
                })?,
            });
        }
    }
    let forms = conn
        .prepare("SELECT version, language, sha256, text FROM consent_forms ORDER BY version")?
        .query_map([], |r| {
            Ok(Form {
                version: r.get(0)?,
                language: r.get(1)?,
                sha256: r.get(2)?,
                text: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let participants = participant::list(conn)?
        .into_iter()
        .map(|p| ParticipantEntry {
            code: p.code,
            status: p.status,
            created_at: p.created_at,
        })
        .collect();
    let mut log = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT entry FROM audit_log ORDER BY idx")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            log.push(r.get::<_, String>(0)?);
        }
    }
    let bundle = Bundle {
        format: FORMAT.into(),
        vault_id: vault_id.clone(),
        title: crate::store::meta_require(conn, "title")?,
        created_at: crate::clock::now_rfc3339(),
        created_by: member,
        checkpoint,
        verifier_keys: audit::checkpoint::verifier_keys(conn)?,
        protocols,
        forms,
        participants,
        consent_records: record::all(conn)?,
        evidence,
        items: items::list(conn, None)?,
        erasures: erase::receipts(conn, None)?,
        log,
    };
    let json = zeroize::Zeroizing::new(serde_json::to_vec(&bundle).expect("bundles always serialise"));
    let sealed = identity::encrypt(recipients, &json)?;
    write.commit()?;
    let summary = BundleSummary {
        participants: bundle.participants.len(),
        consent_records: bundle.consent_records.len(),
        items: bundle.items.len(),
        erasures: bundle.erasures.len(),
        evidence_files: bundle.evidence.len(),
        log_size: bundle.log.len() as u64,
        bytes: sealed.len(),
    };
    Ok((sealed, summary))
}

/// Decrypts and parses a bundle with the auditor's identity.
pub fn open(bytes: &[u8], identity: &Identity) -> Result<Bundle> {
    let not_for_you = || {
        Error::invalid(
            "the bundle is not encrypted to this identity",
            "use the identity whose recipient the bundle was made for (audit bundle --to)",
        )
    };
    let mut plain = zeroize::Zeroizing::new(Vec::new());
    let mut reader = identity.decrypt_stream(bytes).map_err(|_| not_for_you())?;
    reader.read_to_end(&mut plain).map_err(|e| {
        Error::invalid(
            format!("the bundle does not decrypt: {e}"),
            "the file is damaged or truncated",
        )
    })?;
    let bundle: Bundle = serde_json::from_slice(&plain).map_err(|e| {
        Error::invalid(
            format!("the bundle is not a fieldvault audit bundle ({e})"),
            "ask for a new bundle made with `fieldvault audit bundle`",
        )
    })?;
    if bundle.format != FORMAT {
        return Err(Error::invalid(
            format!("the bundle has format `{}`", bundle.format),
            "this fieldvault reads fieldvault-audit-bundle v1",
        ));
    }
    Ok(bundle)
}
