//! Cross-format tests: sniffing, WhatsApp zips, limits, the sink, and proptest fuzzing of every importer.

use std::io::{Cursor, Seek, Write};

use proptest::prelude::*;
use zip::write::SimpleFileOptions;

use super::*;

fn file(bytes: &[u8]) -> File {
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.rewind().unwrap();
    f
}

fn read(format: TextFormat, bytes: &[u8]) -> Result<(Vec<Segment>, TextSummary), ReadError<()>> {
    let mut v = Vec::new();
    let sum = read_text(format, file(bytes), |s| {
        v.push(s.clone());
        Ok(())
    })?;
    Ok((v, sum))
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const ANDROID_ID: &str = "12/03/24 21.30 - Pesan dan panggilan terenkripsi secara end-to-end.\n\
    12/03/24 21.31 - Siti: Halo kak\nmasih ada?\n\
    12/03/24 21.32 - Siti: IMG-20240312-WA0001.jpg (file terlampir)\ntarifnya segini\n\
    12/03/24 21.33 - Siti: <Media tidak disertakan>\n";

const IOS_EN: &str = "\u{200e}[3/12/24, 9:30:15\u{202f}PM] Rina: \u{200e}Messages and calls are end-to-end encrypted.\n\
    [3/12/24, 9:31:00\u{202f}PM] Rina: hi\n\
    \u{200e}[3/12/24, 9:32:00\u{202f}PM] Rina: \u{200e}<attached: 00000003-PHOTO-2024-03-12-21-32-00.jpg>\n";

#[test]
fn whatsapp_android_zip_counts_media_files() {
    let bytes = zip_of(&[
        ("WhatsApp Chat with Siti Aminah.txt", ANDROID_ID.as_bytes()),
        ("IMG-20240312-WA0001.jpg", b"\xFF\xD8\xFF"),
        ("PTT-20240312-WA0002.opus", b"OggS"),
    ]);
    assert_eq!(
        sniff("Chat WhatsApp dengan Siti Aminah.zip", &bytes),
        Some(Format::Text(TextFormat::WhatsAppZip))
    );
    let (v, sum) = read(TextFormat::WhatsAppZip, &bytes).unwrap();
    assert_eq!(v.len(), 4);
    assert_eq!(v[1].text, "Halo kak\nmasih ada?");
    assert_eq!(v[2].text, "[media omitted]\ntarifnya segini");
    // Two files in the zip, plus one "<Media tidak disertakan>" that is not in it.
    assert_eq!(
        sum,
        TextSummary {
            segments: 4,
            media_skipped: 3,
            lines: 6
        }
    );
    // The same .txt alone: both markers count.
    assert_eq!(
        read(TextFormat::WhatsAppTxt, ANDROID_ID.as_bytes())
            .unwrap()
            .1
            .media_skipped,
        2
    );
}

#[test]
fn whatsapp_ios_zip_with_chat_txt() {
    let bytes = zip_of(&[
        ("00000003-PHOTO-2024-03-12-21-32-00.jpg", b"\xFF\xD8\xFF"),
        ("_chat.txt", IOS_EN.as_bytes()),
        ("media/", b""),
    ]);
    let (v, sum) = read(TextFormat::WhatsAppZip, &bytes).unwrap();
    assert_eq!(
        v.iter().map(|s| s.text.as_str()).collect::<Vec<_>>()[1..],
        ["hi", "[media omitted]"]
    );
    assert_eq!(v[0].speaker, Some(Speaker::System));
    assert_eq!(sum.media_skipped, 1);
}

#[test]
fn zip_errors_never_name_entries() {
    let bytes = zip_of(&[("WhatsApp Chat with Siti Aminah.txt", b"Siti Aminah wrote this\n")]);
    match read(TextFormat::WhatsAppZip, &bytes) {
        Err(ReadError::Parse(e)) => {
            assert_eq!(e.line, 1);
            assert!(!e.to_string().contains("Siti"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let bytes = zip_of(&[("a.txt", b"x"), ("b.txt", b"y")]);
    let e = match read(TextFormat::WhatsAppZip, &bytes) {
        Err(ReadError::Parse(e)) => e,
        other => panic!("{other:?}"),
    };
    assert!(e.line == 0 && !e.to_string().contains("a.txt"));
}

#[test]
fn docx_and_whatsapp_zips_are_told_apart_by_content() {
    let docx = docx::tests::docx("<w:p><w:r><w:t>P01: halo</w:t></w:r></w:p>");
    assert_eq!(sniff("wawancara.docx", &docx), Some(Format::Text(TextFormat::Docx)));
    assert_eq!(sniff("no-extension", &docx), Some(Format::Text(TextFormat::Docx)));
    // A provisional WhatsApp answer still reads a Word document correctly.
    let (v, _) = read(TextFormat::WhatsAppZip, &docx).unwrap();
    assert_eq!(v[0].speaker, Some(Speaker::Role("P01".into())));
}

#[test]
fn sniff_by_magic_extension_and_content() {
    let t = |f: TextFormat| Some(Format::Text(f));
    assert_eq!(
        sniff("x.txt", &image::tests::sample_jpeg().0),
        Some(Format::Image(ImageFormat::Jpeg))
    );
    assert_eq!(
        sniff("x", &image::tests::sample_png().0),
        Some(Format::Image(ImageFormat::Png))
    );
    assert_eq!(
        sniff("x", &image::tests::sample_webp().0),
        Some(Format::Image(ImageFormat::WebP))
    );
    assert_eq!(sniff("rekaman.M4A", b"\0\0\0\x20ftypM4A "), Some(Format::Binary));
    assert_eq!(sniff("voice.opus", b"OggS"), Some(Format::Binary));
    assert_eq!(sniff("PTT-20240312-WA0002.amr", b"#!AMR\n"), Some(Format::Binary));
    assert_eq!(sniff("audio.wav", b"RIFF\0\0\0\0WAVEfmt "), Some(Format::Binary));
    assert_eq!(sniff("catatan.md", b"# Catatan"), t(TextFormat::Markdown));
    assert_eq!(sniff("a.markdown", b""), t(TextFormat::Markdown));
    assert_eq!(sniff("a.vtt", b"WEBVTT"), t(TextFormat::WebVtt));
    assert_eq!(sniff("a.SRT", b"1\n"), t(TextFormat::Srt));
    assert_eq!(sniff("transkrip.txt", b"Peneliti: halo\n"), t(TextFormat::Plain));
    // WhatsApp by content, whatever the (identifying) name.
    assert_eq!(
        sniff("Chat WhatsApp dengan Siti.txt", ANDROID_ID.as_bytes()),
        t(TextFormat::WhatsAppTxt)
    );
    assert_eq!(sniff("export.txt", IOS_EN.as_bytes()), t(TextFormat::WhatsAppTxt));
    assert_eq!(
        sniff("x", &[b"\xEF\xBB\xBF".as_slice(), ANDROID_ID.as_bytes()].concat()),
        t(TextFormat::WhatsAppTxt)
    );
    // Head cut inside a multi-byte character.
    let cut = "[3/12/24, 9:31:00\u{202f}PM] Rina: é".as_bytes();
    assert_eq!(sniff("x.txt", &cut[..cut.len() - 1]), t(TextFormat::WhatsAppTxt));
    assert_eq!(
        sniff("subs", b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi"),
        t(TextFormat::WebVtt)
    );
    assert_eq!(
        sniff("subs", b"1\r\n00:00:01,000 --> 00:00:02,000\r\nhi"),
        t(TextFormat::Srt)
    );
    assert_eq!(sniff("photo.jpg", b"not really"), None);
    assert_eq!(sniff("data.bin", b"\x00\x01\x02"), None);
    assert_eq!(sniff("sheet.xlsx", &zip_of(&[("xl/workbook.xml", b"<x/>")])), None);
}

#[test]
fn sink_errors_stop_the_import() {
    let mut n = 0;
    let r = read_text(TextFormat::Plain, file(b"P01: a\nP02: b\nP03: c\n"), |_| {
        n += 1;
        if n == 2 { Err("full") } else { Ok(()) }
    });
    assert!(matches!(r, Err(ReadError::Sink("full"))));
    assert_eq!(n, 2);
}

#[test]
fn overlong_line_is_an_error_naming_it() {
    let mut bytes = b"P01: ok\n".to_vec();
    bytes.resize(bytes.len() + MAX_LINE + 10, b'a');
    for format in [TextFormat::Plain, TextFormat::Srt, TextFormat::WhatsAppTxt] {
        match read(format, &bytes) {
            Err(ReadError::Parse(e)) => assert_eq!((e.line, e.what.contains("16 MiB")), (2, true), "{format:?}"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn overlong_segment_is_an_error() {
    let line = "x".repeat(1 << 20);
    let mut text = String::from("P01: start\n");
    for _ in 0..17 {
        text.push_str(&line);
        text.push('\n');
    }
    match read(TextFormat::Plain, text.as_bytes()) {
        Err(ReadError::Parse(e)) => assert_eq!(e.line, 17),
        other => panic!("{other:?}"),
    }
}

#[test]
fn parse_error_display() {
    let e = ParseError::new(12, "not valid UTF-8 text", "save the file as UTF-8");
    assert_eq!(e.to_string(), "line 12: not valid UTF-8 text (save the file as UTF-8)");
    assert_eq!(ParseError::new(0, "x", "y").to_string(), "x (y)");
}

// ---- fuzzing ----

const TEXT_FORMATS: [TextFormat; 7] = [
    TextFormat::Plain,
    TextFormat::Markdown,
    TextFormat::WebVtt,
    TextFormat::Srt,
    TextFormat::Docx,
    TextFormat::WhatsAppTxt,
    TextFormat::WhatsAppZip,
];

const VTT: &str = "WEBVTT\n\nNOTE x\n\n1\n00:00:01.000 --> 00:00:02.000 align:start\n<v Siti>halo <i>kak</i>\n\n\
    00:03.000 --> 00:04.000\n- P01: ya\n- R: oke\n";
const SRT: &str = "1\r\n00:00:01,000 --> 00:00:02,000\r\nInterviewer: hi\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n\
    Budi: yes\r\nsecond line\r\n";
const MARKDOWN: &str = "# Wawancara\n\n**Peneliti:** apa _kabar_?\n[00:01:02] **P01**: baik [link](https://x.y)\n";

/// Random edits: overwrite, insert, delete bytes, or truncate.
fn mutate(base: &[u8], edits: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut v = base.to_vec();
    for &(op, at, byte) in edits {
        let at = if v.is_empty() { 0 } else { at % (v.len() + 1) };
        match op % 4 {
            0 if at < v.len() => v[at] = byte,
            1 => v.insert(at, byte),
            2 if at < v.len() => {
                v.remove(at);
            }
            3 => v.truncate(at),
            _ => {}
        }
    }
    v
}

/// Interesting bytes for mutations: separators, markers and multi-byte starts, as well as anything.
fn edit() -> impl Strategy<Value = (u8, usize, u8)> {
    let byte = prop_oneof![
        Just(b'\n'),
        Just(b':'),
        Just(b'<'),
        Just(b'>'),
        Just(b'['),
        Just(b']'),
        Just(b'-'),
        Just(0xFF),
        Just(0xE2),
        Just(0x00),
        any::<u8>(),
    ];
    (any::<u8>(), any::<usize>(), byte)
}

/// Every error of a line-based reader names a line that exists; zip-based ones may name the whole file (0).
fn check_error(format: TextFormat, input: &[u8], r: Result<(Vec<Segment>, TextSummary), ReadError<()>>) {
    match r {
        Ok((segs, sum)) => {
            assert_eq!(segs.len() as u64, sum.segments);
            for s in &segs {
                assert!(s.line >= 1 && !s.text.trim().is_empty());
            }
        }
        Err(ReadError::Parse(e)) => {
            let lines = input.split(|&b| b == b'\n').count();
            match format {
                TextFormat::Docx | TextFormat::WhatsAppZip => {}
                _ => assert!(e.line >= 1 && e.line <= lines, "{format:?}: line {} of {lines}", e.line),
            }
            assert!(!e.what.is_empty() && !e.hint.is_empty());
            assert!(!e.to_string().contains("CANARY"), "error quotes content: {e}");
        }
        Err(ReadError::Io(e)) => assert!(matches!(format, TextFormat::Docx | TextFormat::WhatsAppZip), "{e}"),
        Err(ReadError::Sink(())) => unreachable!(),
    }
}

fn image_roundtrip(format: ImageFormat, input: &[u8]) {
    let blocks = metadata_blocks(format, input);
    match strip_metadata(format, input) {
        Ok(out) => {
            assert!(blocks.is_ok());
            assert_eq!(metadata_blocks(format, &out), Ok(vec![]));
            assert_eq!(strip_metadata(format, &out).as_ref(), Ok(&out));
        }
        Err(e) => assert!(blocks.is_err() && e.line == 0),
    }
}

// 256 cases each by default; PROPTEST_CASES=20000 for a longer run.
proptest! {
    #[test]
    fn text_importers_survive_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        for format in TEXT_FORMATS {
            check_error(format, &bytes, read(format, &bytes));
        }
    }

    #[test]
    fn text_importers_survive_mutated_samples(which in 0usize..6, edits in proptest::collection::vec(edit(), 1..8)) {
        let (format, base): (TextFormat, Vec<u8>) = match which {
            0 => (TextFormat::Plain, b"Peneliti: CANARY halo\nP01: baik\nlanjut\n".to_vec()),
            1 => (TextFormat::Markdown, MARKDOWN.as_bytes().to_vec()),
            2 => (TextFormat::WebVtt, VTT.as_bytes().to_vec()),
            3 => (TextFormat::Srt, SRT.as_bytes().to_vec()),
            4 => (TextFormat::WhatsAppTxt, [ANDROID_ID, "CANARY\n"].concat().into_bytes()),
            _ => (TextFormat::WhatsAppTxt, IOS_EN.as_bytes().to_vec()),
        };
        let input = mutate(&base, &edits);
        check_error(format, &input, read(format, &input));
    }

    #[test]
    fn docx_survives_mutated_xml_and_zip(edits in proptest::collection::vec(edit(), 1..8), on_zip in any::<bool>()) {
        let body = "<w:p><w:r><w:t>Peneliti: halo &amp; CANARY</w:t><w:tab/></w:r></w:p>\
                    <w:p><w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:t>P01: ok</w:t><w:br/></w:r></w:p>";
        let input = if on_zip {
            mutate(&docx::tests::docx(body), &edits)
        } else {
            let xml = String::from_utf8_lossy(&mutate(body.as_bytes(), &edits)).into_owned();
            docx::tests::docx(&xml)
        };
        check_error(TextFormat::Docx, &input, read(TextFormat::Docx, &input));
    }

    #[test]
    fn whatsapp_zip_survives_mutation(edits in proptest::collection::vec(edit(), 1..6)) {
        let input = mutate(&zip_of(&[("_chat.txt", IOS_EN.as_bytes()), ("a.jpg", b"x")]), &edits);
        check_error(TextFormat::WhatsAppZip, &input, read(TextFormat::WhatsAppZip, &input));
    }

    #[test]
    fn invalid_utf8_is_reported_on_its_line(before in 0usize..20, after in 0usize..5) {
        let mut text = String::new();
        for i in 0..before {
            text.push_str(&format!("P{i:02}: baris\n"));
        }
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"P99: rusak \xC3\x28 di sini\n");
        for _ in 0..after {
            bytes.extend_from_slice(b"lanjut\n");
        }
        for format in [TextFormat::Plain, TextFormat::Markdown] {
            match read(format, &bytes) {
                Err(ReadError::Parse(e)) => prop_assert_eq!(e.line, before + 1),
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }

    #[test]
    fn sniff_never_panics(name in ".{0,40}", head in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = sniff(&name, &head);
    }

    #[test]
    fn images_survive_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512), which in 0u8..3) {
        let format = [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP][which as usize];
        // Give random bytes a valid signature half the time so the walkers get past it.
        let mut input = match format {
            ImageFormat::Jpeg => vec![0xFF, 0xD8],
            ImageFormat::Png => b"\x89PNG\r\n\x1a\n".to_vec(),
            ImageFormat::WebP => b"RIFF\xff\x01\0\0WEBP".to_vec(),
        };
        if bytes.first().is_some_and(|b| b % 2 == 0) {
            input.clear();
        }
        input.extend(bytes);
        image_roundtrip(format, &input);
    }

    #[test]
    fn images_survive_mutated_samples(which in 0u8..3, edits in proptest::collection::vec(edit(), 1..6)) {
        let (format, (base, _)) = match which {
            0 => (ImageFormat::Jpeg, image::tests::sample_jpeg()),
            1 => (ImageFormat::Png, image::tests::sample_png()),
            _ => (ImageFormat::WebP, image::tests::sample_webp()),
        };
        image_roundtrip(format, &mutate(&base, &edits));
    }
}

/// Lines built to make a careless parser quadratic; each must finish (a hang would show as a stuck test run).
#[test]
fn pathological_lines_stay_linear() {
    let n = 4 << 20;
    for (format, fill) in [
        (TextFormat::Markdown, "["),
        (TextFormat::Markdown, "[a]"),
        (TextFormat::Markdown, "*_"),
        (TextFormat::Plain, ":"),
        (TextFormat::WhatsAppTxt, "1/"),
    ] {
        let line = fill.repeat(n / fill.len());
        let _ = read(format, line.as_bytes());
    }
    for fill in ["<", "&", "{\\", "<v "] {
        let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{}\n", fill.repeat(n / fill.len()));
        let (segs, _) = read(TextFormat::WebVtt, text.as_bytes()).unwrap();
        assert_eq!(segs.len(), 1);
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for i in 0..200_000u32 {
        png.extend_from_slice(&[
            0,
            0,
            0,
            0,
            b'a' + (i % 26) as u8,
            b'a' + (i / 26 % 26) as u8,
            b'a' + (i / 676 % 26) as u8,
            b'x',
        ]);
        png.extend_from_slice(&[0; 4]);
    }
    png.extend_from_slice(b"\0\0\0\0IEND\0\0\0\0");
    assert_eq!(metadata_blocks(ImageFormat::Png, &png).unwrap().len(), 17_576);
}
