//! Shared plumbing of the text importers: a bounded, validating line reader and the segment emitter.

use std::io::Read;

use super::{MAX_LINE, MAX_SEGMENT, ParseError, ReadError, Segment, TextSummary};

pub(crate) const UTF8_HINT: &str =
    "save the file as UTF-8 text (in a text editor: Save As, encoding UTF-8) and import it again";

/// Reads `\n`-terminated lines without ever holding more than [`MAX_LINE`] bytes of one line, drops a UTF-8 byte
/// order mark on the first line and a `\r` before each `\n`, and rejects invalid UTF-8 naming the line.
///
/// The input is read in blocks, and the whole lines of a block are checked as UTF-8 at once and handed out as slices
/// of it: checking and copying each line on its own (a chat has 700,000) showed in an import's profile.
pub(crate) struct Lines<R> {
    inner: R,
    /// Whole lines of the input, valid UTF-8, and where the next one begins.
    text: String,
    at: usize,
    /// Bytes read after the last whole line of `text`: the start of a line that the next block completes.
    rest: Vec<u8>,
    /// The line that is not valid UTF-8, once a block held it: the error waits until the lines before it are read.
    invalid: Option<ParseError>,
    end_of_input: bool,
    number: usize,
    /// BLOCK, smaller in tests.
    block: u64,
}

/// How much a read asks of the input at a time.
const BLOCK: u64 = 64 * 1024;

impl<R: Read> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Lines {
            inner,
            text: String::new(),
            at: 0,
            rest: Vec::new(),
            invalid: None,
            end_of_input: false,
            number: 0,
            block: BLOCK,
        }
    }

    /// A reader of `block` bytes at a time, so that tests cross many block ends.
    #[cfg(test)]
    fn with_block(inner: R, block: u64) -> Self {
        Lines {
            block,
            ..Lines::new(inner)
        }
    }

    /// The next line and its 1-based number.
    pub(crate) fn next_line<E>(&mut self) -> Result<Option<(usize, &str)>, ReadError<E>> {
        if self.at == self.text.len() {
            if let Some(e) = self.invalid.take() {
                return Err(e.into());
            }
            if self.end_of_input {
                return Ok(None);
            }
            self.refill()?;
            if self.at == self.text.len() {
                return match self.invalid.take() {
                    Some(e) => Err(e.into()),
                    None => Ok(None),
                };
            }
        }
        let left = &self.text[self.at..];
        // Without a newline only at the end of the input: `refill` keeps a line's start back until its end is read.
        let len = memchr::memchr(b'\n', left.as_bytes()).map_or(left.len(), |i| i + 1);
        if len > MAX_LINE + 2 {
            return Err(too_long(self.number + 1).into());
        }
        let mut line = &left[..len];
        self.at += len;
        self.number += 1;
        if let Some(rest) = line.strip_suffix('\n') {
            line = rest.strip_suffix('\r').unwrap_or(rest);
        }
        if self.number == 1 {
            line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        }
        Ok(Some((self.number, line)))
    }

    /// Reads on until at least one more whole line (or the end of the input) is in, and makes the whole lines
    /// read the new `text`. Called when `text` has been read to its end.
    fn refill<E>(&mut self) -> Result<(), ReadError<E>> {
        // The old text's room is reused for the new block.
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        bytes.append(&mut self.rest);
        let mut searched = 0;
        let whole = loop {
            if let Some(last) = memchr::memrchr(b'\n', &bytes[searched..]) {
                break searched + last + 1;
            }
            if bytes.len() > MAX_LINE + 2 {
                return Err(too_long(self.number + 1).into());
            }
            searched = bytes.len();
            if (&mut self.inner).take(self.block).read_to_end(&mut bytes)? == 0 {
                self.end_of_input = true;
                break bytes.len();
            }
        };
        self.rest.extend_from_slice(&bytes[whole..]);
        bytes.truncate(whole);
        self.at = 0;
        self.text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                // The lines before the invalid one are handed out first, as if read one by one.
                let bad = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                let line_start = memchr::memrchr(b'\n', &bytes[..bad]).map_or(0, |i| i + 1);
                let line = self.number + 1 + memchr::memchr_iter(b'\n', &bytes[..line_start]).count();
                // A byte order mark the first line starts with is dropped before the line's bytes are counted.
                let bom = if line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                    3
                } else {
                    0
                };
                self.invalid = Some(ParseError::new(
                    line,
                    format!(
                        "not valid UTF-8 text (at byte {} of the line)",
                        bad - line_start - bom + 1
                    ),
                    UTF8_HINT,
                ));
                bytes.truncate(line_start);
                self.rest.clear();
                self.end_of_input = true;
                String::from_utf8(bytes).expect("valid up to the invalid line")
            }
        };
        Ok(())
    }
}

fn too_long(line: usize) -> ParseError {
    ParseError::new(
        line,
        format!("line longer than {} MiB", MAX_LINE >> 20),
        "check that this is a text file; split very long lines or paragraphs",
    )
}

/// Collects the segment being built and hands finished ones to the sink.
pub(crate) struct Out<F> {
    sink: F,
    /// The segment being built, if `building`; else the last one handed over, whose buffers [`Out::begin`]
    /// reuses (a chat has 700,000 messages, and allocating and freeing their strings showed in the profile).
    current: Segment,
    building: bool,
    pub(crate) summary: TextSummary,
}

impl<F> Out<F> {
    pub(crate) fn new(sink: F) -> Self {
        Out {
            sink,
            current: Segment {
                line: 0,
                when: None,
                speaker: None,
                text: String::new(),
            },
            building: false,
            summary: TextSummary::default(),
        }
    }

    /// Add to the line count (each reader counts its own unit: lines or paragraphs).
    pub(crate) fn count_line(&mut self) {
        self.summary.lines += 1;
    }

    pub(crate) fn has_current(&self) -> bool {
        self.building
    }

    /// Start a new segment, handing the previous one to the sink.
    pub(crate) fn start<E>(&mut self, segment: Segment) -> Result<(), ReadError<E>>
    where
        F: FnMut(&Segment) -> Result<(), E>,
    {
        self.flush()?;
        check_size(segment.line, segment.text.len())?;
        self.current = segment;
        self.building = true;
        Ok(())
    }

    /// Start a new segment at `line`, handing the previous one to the sink, and return it to be filled in place:
    /// its text is empty, and its time and speaker are the last segment's until the caller sets them (their
    /// buffers are reused).
    pub(crate) fn begin<E>(&mut self, line: usize) -> Result<&mut Segment, ReadError<E>>
    where
        F: FnMut(&Segment) -> Result<(), E>,
    {
        self.flush()?;
        self.current.line = line;
        self.current.text.clear();
        self.building = true;
        Ok(&mut self.current)
    }

    /// Append `text` to the current segment (separated by `sep` unless the segment is still empty), or start a
    /// speaker-less segment at `line` if there is none.
    pub(crate) fn append<E>(&mut self, line: usize, sep: &str, text: &str) -> Result<(), ReadError<E>>
    where
        F: FnMut(&Segment) -> Result<(), E>,
    {
        if !self.building {
            return self.start(Segment {
                line,
                when: None,
                speaker: None,
                text: text.to_owned(),
            });
        }
        let seg = &mut self.current;
        check_size(line, seg.text.len() + sep.len() + text.len())?;
        if !seg.text.is_empty() && !text.is_empty() {
            seg.text.push_str(sep);
        }
        seg.text.push_str(text);
        Ok(())
    }

    /// Hand the current segment to the sink unless it has no text.
    pub(crate) fn flush<E>(&mut self) -> Result<(), ReadError<E>>
    where
        F: FnMut(&Segment) -> Result<(), E>,
    {
        if !std::mem::replace(&mut self.building, false) {
            return Ok(());
        }
        let seg = &mut self.current;
        // Segments filled in place (`begin`) are checked here.
        check_size(seg.line, seg.text.len())?;
        let trimmed = seg.text.trim_end().len();
        seg.text.truncate(trimmed);
        if !seg.text.trim_start().is_empty() {
            (self.sink)(seg).map_err(ReadError::Sink)?;
            self.summary.segments += 1;
        }
        Ok(())
    }

    pub(crate) fn finish<E>(mut self) -> Result<TextSummary, ReadError<E>>
    where
        F: FnMut(&Segment) -> Result<(), E>,
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
    use proptest::prelude::*;

    use super::*;

    fn all(input: &[u8]) -> Result<Vec<String>, ReadError<()>> {
        all_in_blocks(input, BLOCK)
    }

    fn all_in_blocks(input: &[u8], block: u64) -> Result<Vec<String>, ReadError<()>> {
        let mut lines = Lines::with_block(input, block);
        let mut v = Vec::new();
        while let Some((n, l)) = lines.next_line()? {
            assert_eq!(n, v.len() + 1);
            v.push(l.to_owned());
        }
        Ok(v)
    }

    /// What reading line by line gives: the lines before the first that is not UTF-8, and that line's number
    /// and the 1-based byte of the line where its UTF-8 breaks.
    fn line_by_line(input: &[u8]) -> (Vec<String>, Option<(usize, usize)>) {
        let mut lines = Vec::new();
        let mut pieces: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
        if input.is_empty() {
            pieces.clear();
        }
        for (i, piece) in pieces.into_iter().enumerate() {
            let mut bytes = piece
                .strip_suffix(b"\n")
                .map_or(piece, |rest| rest.strip_suffix(b"\r").unwrap_or(rest));
            if i == 0 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            match std::str::from_utf8(bytes) {
                Ok(line) => lines.push(line.to_owned()),
                Err(e) => return (lines, Some((i + 1, e.valid_up_to() + 1))),
            }
        }
        (lines, None)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Reading in blocks gives what reading line by line gives, wherever the blocks end: the same lines,
        /// and the same line and byte named when the UTF-8 breaks, after the lines before it.
        #[test]
        fn blocks_read_as_lines_would(
            pieces in prop::collection::vec(prop::sample::select(vec![
                &b"a"[..], b"Budi", b" ", b"\n", b"\r\n", b"\r", "é".as_bytes(), "😘".as_bytes(),
                b"\xEF\xBB\xBF", b"\xFF", b"\xE2\x80", b"\xC3",
            ]), 0..60),
            block in 1u64..12,
        ) {
            let input = pieces.concat();
            let (expected, broken) = line_by_line(&input);
            let mut lines = Lines::with_block(&input[..], block);
            let mut got = Vec::new();
            let error = loop {
                match lines.next_line::<()>() {
                    Ok(Some((n, line))) => {
                        prop_assert_eq!(n, got.len() + 1);
                        got.push(line.to_owned());
                    }
                    Ok(None) => break None,
                    Err(ReadError::Parse(e)) => break Some(e),
                    Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
                }
            };
            prop_assert_eq!(got, expected);
            match (error, broken) {
                (None, None) => {}
                (Some(e), Some((line, byte))) => {
                    prop_assert_eq!(e.line, line);
                    prop_assert_eq!(e.what, format!("not valid UTF-8 text (at byte {byte} of the line)"));
                }
                (error, broken) => prop_assert!(false, "{error:?} where line by line gives {broken:?}"),
            }
        }
    }

    #[test]
    fn a_line_longer_than_the_limit_is_named_not_held() {
        let mut input = b"first\n".to_vec();
        input.resize(input.len() + MAX_LINE + 3, b'x');
        input.extend_from_slice(b"\nlast\n");
        match all(&input) {
            Err(ReadError::Parse(e)) => {
                assert_eq!(e.line, 2);
                assert!(e.what.contains("longer than"), "{}", e.what);
            }
            other => panic!("{:?}", other.map(|v| v.len())),
        }
        let mut fits = b"first\n".to_vec();
        fits.resize(fits.len() + MAX_LINE, b'x');
        fits.extend_from_slice(b"\r\nlast");
        assert_eq!(all(&fits).unwrap().len(), 3);
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
