//! WebVTT and SRT, as transcription tools write them: one segment per cue (or per speaker within a cue), `when`
//! = cue start normalised to "HH:MM:SS.mmm".

use std::fs::File;
use std::io::BufReader;

use super::lines::{Lines, Out};
use super::text::{name_to_speaker, split_speaker};
use super::{ParseError, ReadError, Segment};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Vtt,
    Srt,
}

const HINT: &str = "export the subtitles again from the transcription tool (SRT or WebVTT), or fix this line by hand";

enum State {
    /// VTT only: the "WEBVTT" block, up to the first blank line.
    Header,
    /// Between blocks.
    Between,
    /// Inside a NOTE, STYLE or REGION block.
    Skip,
    /// A line that may be a cue identifier (SRT index); the next line decides.
    MaybeId { line: usize, text: String },
    /// Inside a cue's payload.
    Cue { when: String, started: bool },
}

pub(crate) fn read<E, F: FnMut(&Segment) -> Result<(), E>>(
    input: File,
    kind: Kind,
    out: &mut Out<F>,
) -> Result<(), ReadError<E>> {
    let mut lines = Lines::new(BufReader::new(input));
    let mut state = if kind == Kind::Vtt {
        State::Header
    } else {
        State::Between
    };
    while let Some((n, line)) = lines.next_line()? {
        out.count_line();
        if n == 1 && kind == Kind::Vtt {
            if !is_vtt_header(line) {
                return Err(ParseError::new(1, "a WebVTT file must start with the line WEBVTT", HINT).into());
            }
            continue;
        }
        let blank = line.trim().is_empty();
        state = match state {
            State::Header | State::Skip if blank => State::Between,
            State::Header if line.contains("-->") => start_cue(n, line)?,
            State::Header | State::Skip => state,
            State::Between if blank => State::Between,
            State::Between if line.contains("-->") => start_cue(n, line)?,
            State::Between if kind == Kind::Vtt && is_vtt_block(line) => State::Skip,
            State::Between => State::MaybeId {
                line: n,
                text: line.to_owned(),
            },
            State::MaybeId { .. } if line.contains("-->") => start_cue(n, line)?,
            State::MaybeId { line: first, text } => {
                // Not an identifier after all: text after a blank line inside a cue.
                if !out.has_current() {
                    return Err(ParseError::new(
                        first,
                        "expected a cue time line such as 00:01:02,500 --> 00:01:05,000",
                        HINT,
                    )
                    .into());
                }
                let mut started = true;
                payload_line(out, first, &text, "", &mut started)?;
                if blank {
                    State::Between
                } else {
                    payload_line(out, n, line, "", &mut started)?;
                    State::Cue {
                        when: String::new(),
                        started,
                    }
                }
            }
            State::Cue { .. } if blank => State::Between,
            State::Cue { when, mut started } => {
                payload_line(out, n, line, &when, &mut started)?;
                State::Cue { when, started }
            }
        };
    }
    if let State::MaybeId { line, text } = state {
        // A trailing lone SRT index is harmless; trailing text joins the last cue.
        if !text.trim().bytes().all(|b| b.is_ascii_digit()) {
            if !out.has_current() {
                return Err(ParseError::new(line, "expected a cue time line after this line", HINT).into());
            }
            out.append(line, " ", &clean_payload(&text))?;
        }
    }
    Ok(())
}

fn is_vtt_header(line: &str) -> bool {
    line.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_vtt_block(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

fn start_cue<E>(n: usize, line: &str) -> Result<State, ReadError<E>> {
    let (start, end) = line.split_once("-->").unwrap_or((line, ""));
    let bad = || ParseError::new(n, "cue time line is not like 00:01:02,500 --> 00:01:05,000", HINT);
    let when = parse_time(start.trim()).ok_or_else(bad)?;
    let end = end.split_whitespace().next().unwrap_or("");
    parse_time(end).ok_or_else(bad)?;
    Ok(State::Cue { when, started: false })
}

/// "01:02:03,456", "01:02:03.456", "02:03.456" → "01:02:03.456".
fn parse_time(s: &str) -> Option<String> {
    let (clock, frac) = s.split_once([',', '.'])?;
    if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m, s] => (*h, *m, *s),
        [m, s] => ("0", *m, *s),
        _ => return None,
    };
    let num = |x: &str, max: u32| -> Option<u32> {
        if x.is_empty() || x.len() > 3 || !x.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        x.parse().ok().filter(|v| *v < max)
    };
    let (h, m, sec) = (num(h, 1000)?, num(m, 60)?, num(sec, 60)?);
    Some(format!("{h:02}:{m:02}:{sec:02}.{frac:0<3}"))
}

/// One payload line: a voice tag (`<v Siti>`) or a "Speaker:" label starts a new segment within the cue; other
/// lines continue it (subtitle line breaks are only visual, so they become spaces).
fn payload_line<E, F: FnMut(&Segment) -> Result<(), E>>(
    out: &mut Out<F>,
    n: usize,
    line: &str,
    when: &str,
    started: &mut bool,
) -> Result<(), ReadError<E>> {
    let line = line.trim();
    let dialogue = line.strip_prefix('-').map(str::trim_start);
    let line = dialogue.unwrap_or(line);
    let voice = voice_name(line);
    let text = clean_payload(line);
    // Every speaker turn within a cue gets the cue's start time.
    let cue_when = || Some(when.to_owned()).filter(|w| !w.is_empty());
    if let Some(name) = voice {
        *started = true;
        let when = cue_when();
        let speaker = Some(name_to_speaker(&name));
        return out.start(Segment {
            line: n,
            when,
            speaker,
            text,
        });
    }
    if let Some((speaker, _, rest)) = split_speaker(&text) {
        *started = true;
        let when = cue_when();
        return out.start(Segment {
            line: n,
            when,
            speaker: Some(speaker),
            text: rest.trim().to_owned(),
        });
    }
    if !*started || dialogue.is_some() {
        *started = true;
        let when = cue_when();
        return out.start(Segment {
            line: n,
            when,
            speaker: None,
            text,
        });
    }
    out.append(n, " ", &text)
}

/// The name in a leading `<v Name>` / `<v.loud Name>` voice tag.
fn voice_name(line: &str) -> Option<String> {
    voice_name_at(line).map(|at| line[at].to_owned())
}

/// Where the name in a leading `<v Name>` / `<v.loud Name>` voice tag of `line`
/// stands, in bytes.
pub(crate) fn voice_name_at(line: &str) -> Option<std::ops::Range<usize>> {
    let rest = line.strip_prefix("<v")?;
    if !rest.starts_with([' ', '\t', '.']) {
        return None;
    }
    let close = 2 + rest.find('>')?;
    let tag = &line[2..close];
    let name_start = 2 + tag.find([' ', '\t'])? + 1;
    let name = &line[name_start..close];
    let start = name_start + (name.len() - name.trim_start().len());
    let end = close - (name.len() - name.trim_end().len());
    (start < end).then_some(start..end)
}

/// Remove markup tags (`<i>`, `<c.yellow>`, `<00:01:02.000>`, `{\an8}`) and decode character references.
fn clean_payload(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['<', '{', '&']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let close = match tail.as_bytes()[0] {
            b'<' => '>',
            b'{' => '}',
            _ => ';',
        };
        // Tags and references are short: look for the closing character nearby only, so that a line full of
        // "<" stays linear.
        let window = &tail.as_bytes()[..tail.len().min(if close == ';' { 12 } else { 256 })];
        match window.iter().position(|&b| b == close as u8) {
            Some(j) if close == ';' => {
                match entity(&tail[1..j]) {
                    Some(c) => out.push(c),
                    None => out.push_str(&tail[..=j]),
                }
                rest = &tail[j + 1..];
            }
            Some(j) if close != ';' && (close == '>' || tail.starts_with("{\\")) => rest = &tail[j + 1..],
            _ => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    let out = out.replace(['\u{200e}', '\u{200f}'], "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "lrm" | "rlm" => Some('\u{200e}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

pub(crate) fn looks_like_vtt(head: &str) -> bool {
    head.lines().next().is_some_and(is_vtt_header)
}

pub(crate) fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    let timing = if first.bytes().all(|b| b.is_ascii_digit()) {
        lines.next().unwrap_or("")
    } else {
        first
    };
    timing
        .split_once("-->")
        .is_some_and(|(a, _)| parse_time(a.trim()).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::{Speaker, TextFormat, read_text};
    use super::*;
    use std::io::{Seek, Write};

    fn run(format: TextFormat, input: &str) -> Result<Vec<Segment>, ReadError<()>> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(input.as_bytes()).unwrap();
        f.rewind().unwrap();
        let mut v = Vec::new();
        read_text(format, f, |s| {
            v.push(s.clone());
            Ok(())
        })?;
        Ok(v)
    }

    fn who(s: &Segment) -> (Option<Speaker>, Option<&str>, &str) {
        (s.speaker.clone(), s.when.as_deref(), s.text.as_str())
    }

    #[test]
    fn webvtt_with_voices_notes_styles_and_settings() {
        let vtt = "\u{feff}WEBVTT - wawancara P01\nKind: captions\nLanguage: id\n\n\
            NOTE dibuat oleh alat transkripsi\nbaris kedua catatan\n\nSTYLE\n::cue { color: yellow }\n\n\
            1\n00:00:01.000 --> 00:00:04.000 align:start position:10%\n<v Peneliti>Sejak kapan pakai <i>MiChat</i>?</v>\n\n\
            cue-2\n00:01:02.500 --> 00:01:05.000\n<v.loud Siti Aminah>Dari 2021 &amp; masih\nsampai sekarang.\n\n\
            01:00:07.250 --> 01:00:09.000\n- P01: Ya.\n- Interviewer: Oke.\n\n\
            00:10.000 --> 00:12.000\ntanpa <b>pembicara</b> &lt;3\n";
        let s = run(TextFormat::WebVtt, vtt).unwrap();
        let got: Vec<_> = s.iter().map(who).collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(Speaker::Role("Peneliti".into())),
                    Some("00:00:01.000"),
                    "Sejak kapan pakai MiChat?"
                ),
                (
                    Some(Speaker::Person("Siti Aminah".into())),
                    Some("00:01:02.500"),
                    "Dari 2021 & masih sampai sekarang."
                ),
                (Some(Speaker::Role("P01".into())), Some("01:00:07.250"), "Ya."),
                (Some(Speaker::Role("Interviewer".into())), Some("01:00:07.250"), "Oke."),
                (None, Some("00:00:10.000"), "tanpa pembicara <3"),
            ]
        );
        assert_eq!(s[1].line, 17);
    }

    #[test]
    fn srt_with_speakers_and_multiline_cues() {
        let srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nInterviewer: How did you start?\r\n\r\n\
            2\r\n00:00:04,000 --> 00:00:07,000 X1:10 X2:100 Y1:5 Y2:50\r\nBudi: A friend showed me\r\n<i>the app</i>.\r\n\r\n\
            3\r\n00:00:08,000 --> 00:00:09,000\r\n{\\an8}just text\r\n\r\n";
        let s = run(TextFormat::Srt, srt).unwrap();
        let got: Vec<_> = s.iter().map(who).collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(Speaker::Role("Interviewer".into())),
                    Some("00:00:01.000"),
                    "How did you start?"
                ),
                (
                    Some(Speaker::Person("Budi".into())),
                    Some("00:00:04.000"),
                    "A friend showed me the app."
                ),
                (None, Some("00:00:08.000"), "just text"),
            ]
        );
    }

    #[test]
    fn malformed_subtitles_name_the_line() {
        let e = |r: Result<Vec<Segment>, ReadError<()>>| match r {
            Err(ReadError::Parse(e)) => e.line,
            other => panic!("{other:?}"),
        };
        assert_eq!(e(run(TextFormat::WebVtt, "1\n00:00:01.000 --> 00:00:02.000\nx\n")), 1);
        assert_eq!(
            e(run(
                TextFormat::Srt,
                "1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:61:00,000 --> 1\ny\n"
            )),
            6
        );
        assert_eq!(e(run(TextFormat::Srt, "hello\nworld\n")), 1);
    }

    #[test]
    fn time_formats() {
        assert_eq!(parse_time("1:02:03,4").as_deref(), Some("01:02:03.400"));
        assert_eq!(parse_time("02:03.456").as_deref(), Some("00:02:03.456"));
        assert_eq!(parse_time("02:03"), None);
        assert_eq!(parse_time("00:60:00.000"), None);
        assert!(looks_like_srt("1\n00:00:01,000 --> 00:00:02,000\n"));
        assert!(looks_like_vtt("WEBVTT\n\n"));
        assert!(!looks_like_vtt("WEBVTTX\n"));
    }
}
