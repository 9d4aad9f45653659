//! Word documents (.docx): the paragraphs of `word/document.xml`, streamed out of the zip with quick-xml and read
//! as lines by the plain-text turn parser. Deleted tracked changes (`w:del`, `w:moveFrom`) and the fallback copies of
//! text boxes are skipped; headers, footers, comments and footnotes live in other parts and are not imported.

use std::error::Error;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};

use quick_xml::events::Event;

use super::lines::Out;
use super::text::Turns;
use super::{MAX_LINE, ParseError, ReadError, Segment};

pub(crate) const DOCUMENT: &str = "word/document.xml";

const HINT: &str = "open the document in Word or LibreOffice and save it again as .docx (or as UTF-8 text)";

pub(crate) fn read<E, F: FnMut(&Segment) -> Result<(), E>>(
    archive: &mut zip::ZipArchive<File>,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let entry = archive.by_name(DOCUMENT).map_err(|_| {
        ParseError::new(
            0,
            "the Word document cannot be read (encrypted or unsupported compression)",
            HINT,
        )
    })?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(MarkupGuard { inner: entry, run: 0 }));
    let mut doc = Doc {
        turns: Turns::new(false),
        para: String::new(),
        line: 0,
    };
    let mut buf = Vec::new();
    // Depth inside elements whose text is not part of the document as it reads now.
    let mut hidden = 0usize;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(e, doc.line + 1))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"del" | b"moveFrom" | b"Fallback" => hidden += 1,
                b"t" => in_text = hidden == 0,
                // A paragraph inside a paragraph (text box): end the outer line first.
                b"p" if !doc.para.is_empty() => doc.end_line(out)?,
                _ => {}
            },
            Event::Empty(e) if hidden == 0 => match e.local_name().as_ref() {
                b"tab" => doc.push("\t")?,
                b"noBreakHyphen" => doc.push("-")?,
                b"br" | b"cr" | b"p" => doc.end_line(out)?,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"del" | b"moveFrom" | b"Fallback" => hidden = hidden.saturating_sub(1),
                b"t" => in_text = false,
                b"p" if hidden == 0 => doc.end_line(out)?,
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content().map_err(|_| bad(doc.line + 1))?;
                doc.push(&text)?;
            }
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().map_err(|_| bad(doc.line + 1))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|_| bad(doc.line + 1))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| bad(doc.line + 1))?
                            .to_owned()
                    }
                };
                doc.push(&c)?;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !doc.para.is_empty() {
        doc.end_line(out)?;
    }
    Ok(())
}

struct Doc {
    turns: Turns,
    para: String,
    /// Lines handed to the turn parser so far: paragraphs, and pieces of paragraphs split at line breaks.
    line: usize,
}

impl Doc {
    fn push(&mut self, s: &str) -> Result<(), ParseError> {
        if self.para.len() + s.len() > MAX_LINE {
            return Err(ParseError::new(
                self.line + 1,
                format!("paragraph longer than {} MiB", MAX_LINE >> 20),
                "split the paragraph, or check that this is a transcript",
            ));
        }
        self.para.push_str(s);
        Ok(())
    }

    fn end_line<E, F: FnMut(&Segment) -> Result<(), E>>(&mut self, out: &mut Out<F>) -> Result<(), ReadError<E>> {
        self.line += 1;
        out.count_line();
        self.turns.line(out, self.line, &self.para)?;
        self.para.clear();
        Ok(())
    }
}

fn bad(line: usize) -> ParseError {
    ParseError::new(line, "the Word document's XML is malformed", HINT)
}

fn xml_error<E>(e: quick_xml::Error, line: usize) -> ReadError<E> {
    match e {
        quick_xml::Error::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<TooLong>()) => ParseError::new(
            line,
            format!("more than {} MiB of XML without markup", MAX_LINE >> 20),
            "check that this is a real Word document; save it again from Word or LibreOffice",
        )
        .into(),
        quick_xml::Error::Io(io) => ReadError::Io(io::Error::new(io.kind(), io.to_string())),
        _ => bad(line).into(),
    }
}

/// Fails the read when more than [`MAX_LINE`] bytes pass without a `<` or `>`. quick-xml buffers a whole tag or
/// text run, so this bounds its memory whatever a crafted document.xml contains.
struct MarkupGuard<R> {
    inner: R,
    run: usize,
}

#[derive(Debug)]
struct TooLong;

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("XML run without markup is too long")
    }
}

impl Error for TooLong {}

impl<R: Read> Read for MarkupGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.run = if b == b'<' || b == b'>' { 0 } else { self.run + 1 };
            if self.run > MAX_LINE {
                return Err(io::Error::new(io::ErrorKind::InvalidData, TooLong));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{Speaker, TextFormat, read_text};
    use super::*;
    use std::io::{Seek, Write};
    use zip::write::SimpleFileOptions;

    /// A minimal .docx (only the parts a reader needs) around the given `<w:body>` content.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        )
        .unwrap();
        zip.start_file(DOCUMENT, opts).unwrap();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        );
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn run(bytes: &[u8], format: TextFormat) -> Result<Vec<Segment>, ReadError<()>> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f.rewind().unwrap();
        let mut v = Vec::new();
        read_text(format, f, |s| {
            v.push(s.clone());
            Ok(())
        })?;
        Ok(v)
    }

    #[test]
    fn paragraphs_runs_tabs_breaks_and_deletions() {
        let body = r#"
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Transkrip Wawancara</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Peneliti:</w:t></w:r><w:r><w:t xml:space="preserve"> Sejak kapan </w:t></w:r><w:r><w:t>pakai MiChat?</w:t></w:r></w:p>
<w:p><w:r><w:t>P01:</w:t><w:tab/><w:t>Dari 2021 &amp; </w:t></w:r><w:del w:id="1" w:author="X"><w:r><w:delText>Budi Santoso</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>teman</w:t></w:r></w:ins><w:r><w:br/><w:t>lalu pindah ke WA.</w:t></w:r></w:p>
<w:p><w:r><w:t>Siti: saya&#160;juga</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Kotak</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Kotak</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:r><w:t>Interviewer: thanks</w:t></w:r></w:p>"#;
        let v = run(&docx(body), TextFormat::Docx).unwrap();
        let got: Vec<_> = v.iter().map(|s| (s.line, s.speaker.clone(), s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (1, None, "Transkrip Wawancara"),
                (3, Some(Speaker::Role("Peneliti".into())), "Sejak kapan pakai MiChat?"),
                (
                    4,
                    Some(Speaker::Role("P01".into())),
                    "Dari 2021 & teman\nlalu pindah ke WA."
                ),
                (6, Some(Speaker::Person("Siti".into())), "saya\u{a0}juga\nKotak"),
                (9, Some(Speaker::Role("Interviewer".into())), "thanks"),
            ]
        );
    }

    #[test]
    fn zip_without_document_is_an_error() {
        let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        zip.start_file("word/styles.xml", SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<x/>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        match run(&bytes, TextFormat::Docx) {
            Err(ReadError::Parse(e)) => assert!(e.line == 0 && e.what.contains("word/document.xml")),
            other => panic!("{other:?}"),
        }
        match run(b"PK\x03\x04 not really", TextFormat::Docx) {
            Err(ReadError::Parse(e)) => assert_eq!(e.line, 0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_xml_names_the_paragraph() {
        let body = "<w:p><w:r><w:t>P01: a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:x></w:r></w:p>";
        match run(&docx(body), TextFormat::Docx) {
            Err(ReadError::Parse(e)) => assert_eq!(e.line, 2),
            other => panic!("{other:?}"),
        }
    }
}
