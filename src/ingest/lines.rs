//! Shared plumbing of the text importers: a bounded, validating line reader and the segment emitter.

use std::io::BufRead;

use super::{MAX_LINE, MAX_SEGMENT, ParseError, ReadError, Segment, TextSummary};

pub(crate) const UTF8_HINT: &str =
    "save the file as UTF-8 text (in a text editor: Save As, encoding UTF-8) and import it again";

/// Reads `\n`-terminated lines without ever holding more than [`MAX_LINE`] bytes, drops a UTF-8 byte order mark
/// on the first line and a `\r` before each `\n`, and rejects invalid UTF-8 naming the line.
pub(crate) struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Lines {
            inner,
            buf: Vec::new(),
            number: 0,
        }
    }

    /// The next line and its 1-based number.
    pub(crate) fn next_line<E>(&mut self) -> Result<Option<(usize, &str)>, ReadError<E>> {
        self.buf.clear();
        let mut ended = false;
        let mut any = false;
        while !ended {
            let avail = self.inner.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            any = true;
            let take = match memchr::memchr(b'\n', avail) {
                Some(i) => {
                    ended = true;
                    i + 1
                }
                None => avail.len(),
            };
            if self.buf.len() + take > MAX_LINE + 2 {
                return Err(ParseError::new(
                    self.number + 1,
                    format!("line longer than {} MiB", MAX_LINE >> 20),
                    "check that this is a text file; split very long lines or paragraphs",
                )
                .into());
            }
            self.buf.extend_from_slice(&avail[..take]);
            self.inner.consume(take);
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        let mut bytes = &self.buf[..];
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        if self.number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some((self.number, s))),
            Err(e) => Err(ParseError::new(
                self.number,
                format!("not valid UTF-8 text (at byte {} of the line)", e.valid_up_to() + 1),
                UTF8_HINT,
            )
            .into()),
        }
    }
}

/// Collects the segment being built and hands finished ones to the sink.
pub(crate) struct Out<F> {
    sink: F,
    current: Option<Segment>,
    pub(crate) summary: TextSummary,
}

impl<F> Out<F> {
    pub(crate) fn new(sink: F) -> Self {
        Out {
            sink,
            current: None,
            summary: TextSummary::default(),
        }
    }

    /// Add to the line count (each reader counts its own unit: lines or paragraphs).
    pub(crate) fn count_line(&mut self) {
        self.summary.lines += 1;
    }

    pub(crate) fn has_current(&self) -> bool {
        self.current.is_some()
    }

    /// Start a new segment, handing the previous one to the sink.
    pub(crate) fn start<E>(&mut self, segment: Segment) -> Result<(), ReadError<E>>
    where
        F: FnMut(Segment) -> Result<(), E>,
    {
        self.flush()?;
        check_size(segment.line, segment.text.len())?;
        self.current = Some(segment);
        Ok(())
    }

    /// Append `text` to the current segment (separated by `sep` unless the segment is still empty), or start a
    /// speaker-less segment at `line` if there is none.
    pub(crate) fn append<E>(&mut self, line: usize, sep: &str, text: &str) -> Result<(), ReadError<E>>
    where
        F: FnMut(Segment) -> Result<(), E>,
    {
        match &mut self.current {
            Some(seg) => {
                check_size(line, seg.text.len() + sep.len() + text.len())?;
                if !seg.text.is_empty() && !text.is_empty() {
                    seg.text.push_str(sep);
                }
                seg.text.push_str(text);
                Ok(())
            }
            None => self.start(Segment {
                line,
                when: None,
                speaker: None,
                text: text.to_owned(),
            }),
        }
    }

    /// Hand the current segment to the sink unless it has no text.
    pub(crate) fn flush<E>(&mut self) -> Result<(), ReadError<E>>
    where
        F: FnMut(Segment) -> Result<(), E>,
    {
        if let Some(mut seg) = self.current.take() {
            let trimmed = seg.text.trim_end().len();
            seg.text.truncate(trimmed);
            if !seg.text.trim_start().is_empty() {
                (self.sink)(seg).map_err(ReadError::Sink)?;
                self.summary.segments += 1;
            }
        }
        Ok(())
    }

    pub(crate) fn finish<E>(mut self) -> Result<TextSummary, ReadError<E>>
    where
        F: FnMut(Segment) -> Result<(), E>,
    {
        self.flush()?;
        Ok(self.summary)
    }
}

fn check_size(line: usize, len: usize) -> Result<(), ParseError> {
    if len > MAX_SEGMENT {
        return Err(ParseError::new(
            line,
            format!("segment longer than {} MiB", MAX_SEGMENT >> 20),
            "check that this is a transcript or chat; split the file into smaller parts",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Result<Vec<String>, ReadError<()>> {
        let mut lines = Lines::new(input);
        let mut v = Vec::new();
        while let Some((n, l)) = lines.next_line()? {
            assert_eq!(n, v.len() + 1);
            v.push(l.to_owned());
        }
        Ok(v)
    }

    #[test]
    fn bom_crlf_and_last_line_without_newline() {
        let v = all(b"\xEF\xBB\xBFeins\r\nzwei\n\ndrei").unwrap();
        assert_eq!(v, ["eins", "zwei", "", "drei"]);
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        match all(b"ok\nalso ok\nbad \xFF here\n") {
            Err(ReadError::Parse(e)) => {
                assert_eq!(e.line, 3);
                assert!(e.hint.contains("UTF-8"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bom_only_allowed_on_first_line() {
        assert!(all(b"a\n\xEF\xBB\xBFb\n").unwrap()[1].starts_with('\u{feff}'));
    }
}
