//! REFI-QDA codebook exchange (`.qdc`): the code tree alone, so that a team can agree on a
//! codebook in any QDA tool, or share one between studies, without moving any data.
//!
//! A `.qdc` is a `<CodeBook>` document in the namespace `urn:QDA-XML:codebook:1.0` whose
//! `<Codes>` element has the same structure as the code book of a project
//! ([`super::qdpx`]), so both are written and read by the same code.

use super::qdpx::{self, Code, Doc, XmlOut};
use crate::error::Result;

const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// The codebook as a `.qdc` document. An empty codebook gives an empty `<Codes/>`, which
/// QDA tools import as no codes.
pub fn write_qdc(codes: &[Code]) -> Vec<u8> {
    let mut x = XmlOut::new();
    let origin = qdpx::origin();
    x.open("CodeBook", &[("xmlns", CODEBOOK_NAMESPACE), ("origin", &origin)]);
    qdpx::write_codes(&mut x, codes);
    x.close("CodeBook");
    x.finish()
}

/// Reads a `.qdc` codebook, as written by [`write_qdc`] or another QDA tool.
pub fn read_qdc(bytes: &[u8]) -> Result<Vec<Code>> {
    let doc = Doc {
        path: "codebook.qdc",
        hint: "the codebook is damaged: export it again from the QDA program",
    };
    let root = qdpx::parse(bytes, &doc)?;
    if root.name != "CodeBook" {
        return Err(doc.error(
            &root,
            format!(
                "the root element is <{}>, not <CodeBook>: this is not a REFI-QDA codebook",
                root.name
            ),
        ));
    }
    match root.children("Codes").next() {
        Some(codes) => qdpx::read_codes(&doc, codes),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn codes() -> Vec<Code> {
        vec![Code {
            guid: qdpx::guid(b"code/1"),
            name: "Opinion conformity: 'terserah kakak' & \"bebas\" <ok>".into(),
            description: Some("Agreeing with the client 🙏🏽\r\nsecond line, señor".into()),
            color: Some("#2CA02C".into()),
            children: vec![Code {
                guid: qdpx::guid(b"code/2"),
                name: "Emoji 😊".into(),
                description: None,
                color: None,
                children: Vec::new(),
            }],
        }]
    }

    #[test]
    fn a_codebook_reads_back_equal() {
        let bytes = write_qdc(&codes());
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "{text}");
        assert!(
            text.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"fieldvault "),
            "{text}"
        );
        assert_eq!(read_qdc(&bytes).unwrap(), codes());
        assert_eq!(read_qdc(&write_qdc(&[])).unwrap(), Vec::new());
    }

    #[test]
    fn the_example_codebook_reads() {
        let codes = read_qdc(include_bytes!("../../examples/michat-codebook.qdc")).unwrap();
        assert!(!codes.is_empty());
        assert!(codes.iter().all(|c| !c.name.is_empty() && !c.children.is_empty()));
    }

    #[test]
    fn malformed_codebooks_are_refused_with_the_line() {
        let text = String::from_utf8(write_qdc(&codes())).unwrap();
        let no_guid = text.replacen(&format!("guid=\"{}\"", qdpx::guid(b"code/2")), "", 1);
        let err = read_qdc(no_guid.as_bytes()).unwrap_err().to_string();
        assert!(
            err.starts_with("codebook.qdc:") && err.contains("<Code> has no guid"),
            "{err}"
        );
        let unclosed = text.replacen("</Codes>", "", 1);
        let err = read_qdc(unclosed.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("malformed") || err.contains("never closed"), "{err}");
        let project = String::from_utf8(qdpx::project_xml(&qdpx::Project::default())).unwrap();
        let err = read_qdc(project.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("not <CodeBook>"), "{err}");
    }

    proptest! {
        #[test]
        fn damaged_codebooks_are_refused_without_panicking(
            changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut bytes = write_qdc(&codes());
            for (at, byte) in changes {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            let _ = read_qdc(&bytes);
        }
    }
}
