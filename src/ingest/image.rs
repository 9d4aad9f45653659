//! Metadata removal for JPEG, PNG and WebP screenshots, by walking the container formats by hand.
//!
//! Each walker copies the blocks a decoder needs byte for byte and names every block it leaves out, so one pass
//! serves both [`super::strip_metadata`] (the copy) and [`super::metadata_blocks`] (the names). What is kept is a
//! short allow-list per format; anything unknown is dropped (or, for an unknown *critical* PNG chunk, refused),
//! because an unknown block may carry anything. Thumbnails go too: a thumbnail of an uncropped, unblurred original
//! is a classic leak.

use std::collections::HashSet;

use super::{MAX_IMAGE, ParseError};

const HINT: &str = "open the image in an image viewer or editor and save it again as JPEG or PNG, then import that";

/// The image without metadata, and the names of what was removed (each name once, in order of appearance).
struct Walk {
    out: Vec<u8>,
    removed: Vec<String>,
    /// The names in `removed`, for a constant-time check: a crafted file can hold millions of distinct chunks.
    seen: HashSet<String>,
}

impl Walk {
    fn new(capacity: usize) -> Self {
        Walk {
            out: Vec::with_capacity(capacity),
            removed: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn keep(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    fn drop(&mut self, name: impl Into<String>) {
        let name = name.into();
        if self.seen.insert(name.clone()) {
            self.removed.push(name);
        }
    }
}

pub(crate) fn check_size(bytes: &[u8]) -> Result<(), ParseError> {
    if bytes.len() > MAX_IMAGE {
        return Err(ParseError::new(
            0,
            format!("image larger than {} MiB", MAX_IMAGE >> 20),
            "reduce the image size (a screenshot rarely needs more) and import it again",
        ));
    }
    Ok(())
}

fn corrupt(format: &str, what: &str) -> ParseError {
    ParseError::new(0, format!("not a readable {format} image: {what}"), HINT)
}

pub(crate) fn jpeg_strip(bytes: &[u8]) -> Result<Vec<u8>, ParseError> {
    jpeg(bytes).map(|w| w.out)
}

pub(crate) fn jpeg_blocks(bytes: &[u8]) -> Result<Vec<String>, ParseError> {
    jpeg(bytes).map(|w| w.removed)
}

pub(crate) fn png_strip(bytes: &[u8]) -> Result<Vec<u8>, ParseError> {
    png(bytes).map(|w| w.out)
}

pub(crate) fn png_blocks(bytes: &[u8]) -> Result<Vec<String>, ParseError> {
    png(bytes).map(|w| w.removed)
}

pub(crate) fn webp_strip(bytes: &[u8]) -> Result<Vec<u8>, ParseError> {
    webp(bytes).map(|w| w.out)
}

pub(crate) fn webp_blocks(bytes: &[u8]) -> Result<Vec<String>, ParseError> {
    webp(bytes).map(|w| w.removed)
}

/// JPEG: markers and length-prefixed segments; after each SOS, entropy-coded data up to the next marker.
/// Kept: JFIF (without thumbnail), ICC profile (APP2), Adobe (APP14, needed for colour transforms) and all
/// non-APP segments. Dropped: every other APPn (EXIF, XMP, IPTC/Photoshop, MPF, maker data), comments, and anything
/// after the end-of-image marker (second images of MPF, vendor trailers).
fn jpeg(bytes: &[u8]) -> Result<Walk, ParseError> {
    let bad = |what| corrupt("JPEG", what);
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("missing start-of-image marker"));
    }
    let mut w = Walk::new(bytes.len());
    w.keep(&bytes[..2]);
    let mut pos = 2;
    while pos < bytes.len() {
        if bytes[pos] != 0xFF {
            return Err(bad("segment structure is damaged"));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos + 1) else {
            return Err(bad("ends inside a marker"));
        };
        match marker {
            0xD9 => {
                w.keep(&[0xFF, 0xD9]);
                if pos + 2 < bytes.len() {
                    w.drop("data after end of image");
                }
                return Ok(w);
            }
            0x01 | 0xD0..=0xD7 => {
                w.keep(&[0xFF, marker]);
                pos += 2;
                continue;
            }
            0x00 | 0xD8 => return Err(bad("unexpected marker")),
            _ => {}
        }
        let len = match bytes.get(pos + 2..pos + 4) {
            Some(l) => u16::from_be_bytes([l[0], l[1]]) as usize,
            None => return Err(bad("ends inside a segment header")),
        };
        let end = pos + 2 + len;
        if len < 2 || end > bytes.len() {
            return Err(bad("segment length runs past the end of the file"));
        }
        let segment = &bytes[pos..end];
        let payload = &segment[4..];
        match marker {
            0xE0 if payload.starts_with(b"JFIF\0") => {
                // Version, units and density stay; the thumbnail (size bytes and pixels) goes.
                let thumb = payload.len() > 14 || payload.get(12..14).is_some_and(|t| t != [0, 0]);
                if thumb && payload.len() >= 12 {
                    w.drop("JFIF thumbnail");
                    w.keep(&[0xFF, 0xE0, 0x00, 0x10]);
                    w.keep(&payload[..12]);
                    w.keep(&[0, 0]);
                } else {
                    w.keep(segment);
                }
            }
            0xE1 if payload.starts_with(b"Exif\0") => w.drop("EXIF"),
            0xE1 if payload.starts_with(b"http://ns.adobe.com/xap/1.0/\0")
                || payload.starts_with(b"http://ns.adobe.com/xmp/extension/\0") =>
            {
                w.drop("XMP")
            }
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") => w.keep(segment),
            0xE2 if payload.starts_with(b"MPF\0") => w.drop("MPF (multi-picture index)"),
            0xED => w.drop("IPTC/Photoshop (APP13)"),
            0xEE if payload.starts_with(b"Adobe") => w.keep(segment),
            0xE0..=0xEF => w.drop(format!("APP{}", marker - 0xE0)),
            0xFE => w.drop("comment"),
            _ => w.keep(segment),
        }
        pos = end;
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or a restart marker inside it.
            let mut i = pos;
            let data_end = loop {
                match bytes.get(i..i + 2) {
                    Some(&[0xFF, next]) if !matches!(next, 0x00 | 0xD0..=0xD7 | 0xFF) => break i,
                    Some(_) => i += 1,
                    None => break bytes.len(),
                }
            };
            w.keep(&bytes[pos..data_end]);
            pos = data_end;
        }
    }
    // Truncated after the last scan: decoders show what they have; nothing unread was copied.
    Ok(w)
}

/// PNG chunks kept: critical chunks, colour and layout information, and APNG animation control.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCv",
    b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

fn png(bytes: &[u8]) -> Result<Walk, ParseError> {
    let bad = |what| corrupt("PNG", what);
    let signature = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(signature) {
        return Err(bad("missing PNG signature"));
    }
    let mut w = Walk::new(bytes.len());
    w.keep(signature);
    let mut pos = signature.len();
    loop {
        let Some(head) = bytes.get(pos..pos + 8) else {
            return Err(bad("ends before the IEND chunk"));
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(bad("damaged chunk header"));
        }
        let end = pos
            .checked_add(12 + len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("chunk runs past the end"))?;
        let data = &bytes[pos + 8..pos + 8 + len];
        let name = String::from_utf8_lossy(&kind).into_owned();
        match &kind {
            k if PNG_KEEP.contains(&k) => w.keep(&bytes[pos..end]),
            b"iTXt" if data.starts_with(b"XML:com.adobe.xmp\0") => w.drop("XMP"),
            b"tEXt" | b"zTXt" | b"iTXt" => w.drop(format!("text chunk ({name})")),
            b"eXIf" => w.drop("EXIF"),
            b"tIME" => w.drop("time stamp (tIME)"),
            // Bit 5 of the first byte clear = critical: the image cannot be shown without it.
            k if k[0].is_ascii_uppercase() => return Err(bad("unknown critical chunk")),
            _ => w.drop(format!("unknown chunk ({name})")),
        }
        pos = end;
        if &kind == b"IEND" {
            if pos < bytes.len() {
                w.drop("data after end of image");
            }
            return Ok(w);
        }
    }
}

const VP8X_XMP: u8 = 0x04;
const VP8X_EXIF: u8 = 0x08;

/// WebP (RIFF): kept VP8/VP8L/ALPH image data, VP8X with its EXIF and XMP flags cleared, ICC profile and
/// animation chunks (frames filtered the same way); dropped EXIF, XMP and unknown chunks.
fn webp(bytes: &[u8]) -> Result<Walk, ParseError> {
    let bad = |what| corrupt("WebP", what);
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err(bad("missing RIFF/WEBP header"));
    }
    let riff_len = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let end = riff_len
        .checked_add(8)
        .filter(|&e| e <= bytes.len() && e >= 12)
        .ok_or_else(|| bad("truncated"))?;
    let mut w = Walk::new(bytes.len());
    let mut body = Vec::with_capacity(end);
    body.extend_from_slice(b"WEBP");
    webp_chunks(&bytes[12..end], &mut body, &mut w, false)?;
    if end < bytes.len() {
        w.drop("data after end of image");
    }
    let size = u32::try_from(body.len()).map_err(|_| bad("too large"))?;
    w.keep(b"RIFF");
    w.keep(&size.to_le_bytes());
    w.keep(&body);
    Ok(w)
}

fn webp_chunks(mut data: &[u8], out: &mut Vec<u8>, w: &mut Walk, in_frame: bool) -> Result<(), ParseError> {
    let bad = |what| corrupt("WebP", what);
    while !data.is_empty() {
        let head = data.get(..8).ok_or_else(|| bad("damaged chunk header"))?;
        let kind: [u8; 4] = [head[0], head[1], head[2], head[3]];
        if !kind.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            return Err(bad("damaged chunk header"));
        }
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let payload = data.get(8..8 + len).ok_or_else(|| bad("chunk runs past the end"))?;
        // Chunks are padded to an even length; a missing final pad byte is tolerated.
        let next = (8 + len + (len & 1)).min(data.len());
        let name = String::from_utf8_lossy(&kind).into_owned();
        let mut push = |kind: &[u8; 4], payload: &[u8]| {
            out.extend_from_slice(kind);
            out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
            out.extend_from_slice(payload);
            if payload.len() % 2 == 1 {
                out.push(0);
            }
        };
        match &kind {
            b"VP8 " | b"VP8L" | b"ALPH" => push(&kind, payload),
            b"VP8X" | b"ICCP" | b"ANIM" if in_frame => w.drop(format!("unknown chunk ({name})")),
            b"VP8X" => {
                let mut p = payload.to_vec();
                if let Some(flags) = p.first_mut().filter(|f| **f & (VP8X_EXIF | VP8X_XMP) != 0) {
                    w.drop("VP8X metadata flags");
                    *flags &= !(VP8X_EXIF | VP8X_XMP);
                }
                push(&kind, &p);
            }
            b"ICCP" | b"ANIM" => push(&kind, payload),
            b"ANMF" if !in_frame && payload.len() >= 16 => {
                let mut frame = payload[..16].to_vec();
                webp_chunks(&payload[16..], &mut frame, w, true)?;
                push(&kind, &frame);
            }
            b"EXIF" => w.drop("EXIF"),
            b"XMP " => w.drop("XMP"),
            _ => w.drop(format!("unknown chunk ({})", name.trim_end())),
        }
        data = &data[next..];
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{ImageFormat, metadata_blocks, strip_metadata};
    use super::*;

    /// A TIFF/EXIF block with camera make and a GPS IFD (latitude -6.2, longitude 106.8: Jakarta).
    pub(crate) fn exif_with_gps() -> Vec<u8> {
        let mut t = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
        // IFD0: 2 entries: Make (ASCII, at offset 38), GPSInfo pointer (-> 44).
        t.extend_from_slice(&[2, 0]);
        t.extend_from_slice(&[0x0F, 0x01, 2, 0, 6, 0, 0, 0, 38, 0, 0, 0]);
        t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 44, 0, 0, 0]);
        t.extend_from_slice(&[0, 0, 0, 0]);
        t.extend_from_slice(b"CANON\0");
        // GPS IFD: GPSLatitudeRef 'S', GPSLongitudeRef 'E'.
        t.extend_from_slice(&[2, 0]);
        t.extend_from_slice(&[0x01, 0x00, 2, 0, 2, 0, 0, 0, b'S', 0, 0, 0]);
        t.extend_from_slice(&[0x03, 0x00, 2, 0, 2, 0, 0, 0, b'E', 0, 0, 0]);
        t.extend_from_slice(&[0, 0, 0, 0]);
        t.extend_from_slice(b"GPS-CANARY-6.2S-106.8E");
        t
    }

    pub(crate) const XMP: &[u8] = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description \
        exif:GPSLatitude=\"6,12.0S\" dc:creator=\"XMP-CANARY Siti\"/></rdf:RDF></x:xmpmeta>";

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// The image data of a baseline JPEG (quantisation, frame, Huffman, scan with stuffing and a restart marker).
    fn jpeg_image_data() -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(seg(0xDB, &[0; 65]));
        d.extend(seg(0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]));
        d.extend(seg(0xC4, &[0; 29]));
        d.extend(seg(0xDD, &[0, 4]));
        d.extend(seg(0xDA, &[1, 1, 0, 0, 63, 0]));
        d.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0x00, 0x78]);
        d
    }

    pub(crate) fn sample_jpeg() -> (Vec<u8>, Vec<u8>) {
        let icc = seg(0xE2, b"ICC_PROFILE\0\x01\x01fake-profile");
        let adobe = seg(0xEE, b"Adobe\0\x64\0\0\0\0\x01");
        let mut jfif_thumb = b"JFIF\0\x01\x02\x01\0\x48\0\x48\x01\x01".to_vec();
        jfif_thumb.extend_from_slice(b"RGB"); // 1x1 thumbnail
        let mut photoshop = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10".to_vec();
        photoshop.extend_from_slice(b"\x1c\x02\x50\0\x0cIPTC-CANARY!");
        let mut input = vec![0xFF, 0xD8];
        input.extend(seg(0xE0, &jfif_thumb));
        input.extend(seg(0xE1, &exif_with_gps()));
        input.extend(seg(0xE1, &[b"http://ns.adobe.com/xap/1.0/\0".as_slice(), XMP].concat()));
        input.extend(seg(0xED, &photoshop));
        input.extend(seg(0xE2, b"MPF\0II*\0"));
        input.extend(seg(0xEB, b"JP\0HDR-gain-map"));
        input.extend_from_slice(&icc);
        input.extend_from_slice(&adobe);
        input.extend(seg(0xFE, b"COMMENT-CANARY taken at Jl. Melati 5"));
        input.extend(jpeg_image_data());
        input.extend_from_slice(&[0xFF, 0xD9]);
        input.extend_from_slice(b"\xFF\xD8\xFF\xE1TRAILER-CANARY second image");

        let mut expected = vec![0xFF, 0xD8];
        expected.extend(seg(0xE0, b"JFIF\0\x01\x02\x01\0\x48\0\x48\0\0"));
        expected.extend(icc);
        expected.extend(adobe);
        expected.extend(jpeg_image_data());
        expected.extend_from_slice(&[0xFF, 0xD9]);
        (input, expected)
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&crc32(&[kind.as_slice(), data].concat()).to_be_bytes());
        c
    }

    pub(crate) fn sample_png() -> (Vec<u8>, Vec<u8>) {
        let sig = b"\x89PNG\r\n\x1a\n".to_vec();
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        let srgb = chunk(b"sRGB", &[0]);
        let phys = chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]);
        let idat = chunk(
            b"IDAT",
            &[0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0, 0, 0x03, 0x01, 0x01, 0],
        );
        let iend = chunk(b"IEND", &[]);
        let mut input = sig.clone();
        input.extend(&ihdr);
        input.extend(chunk(b"tEXt", b"Author\0TEXT-CANARY Siti"));
        input.extend(chunk(b"zTXt", b"Comment\0\0\x78\x9c\x03\0\0\0\0\x01"));
        input.extend(chunk(
            b"iTXt",
            &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), XMP].concat(),
        ));
        input.extend(chunk(b"iTXt", b"Description\0\0\0id\0\0ITXT-CANARY"));
        input.extend(chunk(b"eXIf", &exif_with_gps()[6..]));
        input.extend(chunk(b"tIME", &[0x07, 0xE8, 3, 12, 21, 30, 0]));
        input.extend(&srgb);
        input.extend(&phys);
        input.extend(chunk(b"prVt", b"PRIVATE-CANARY"));
        input.extend(&idat);
        input.extend(&iend);
        input.extend_from_slice(b"TRAILER-CANARY");
        let expected = [sig, ihdr, srgb, phys, idat, iend].concat();
        (input, expected)
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = chunks.concat();
        let mut r = b"RIFF".to_vec();
        r.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        r.extend_from_slice(b"WEBP");
        r.extend(body);
        r
    }

    fn wchunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = kind.to_vec();
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    pub(crate) fn sample_webp() -> (Vec<u8>, Vec<u8>) {
        // VP8X flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04; canvas 1x1.
        let vp8x = |flags: u8| wchunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let iccp = wchunk(b"ICCP", b"fake-profile");
        let alph = wchunk(b"ALPH", &[0, 0xFF]);
        let vp8 = wchunk(
            b"VP8 ",
            &[0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 1, 0, 1, 0, 0x02, 0x00, 0x34, 0x25],
        );
        let input = riff(&[
            vp8x(0x3C),
            iccp.clone(),
            alph.clone(),
            vp8.clone(),
            wchunk(b"EXIF", &exif_with_gps()[6..]),
            wchunk(b"XMP ", XMP),
            wchunk(b"ABCD", b"UNKNOWN-CANARY"),
        ]);
        let expected = riff(&[vp8x(0x30), iccp, alph, vp8]);
        (input, expected)
    }

    fn check(format: ImageFormat, input: &[u8], expected: &[u8], found: &[&str]) {
        assert_eq!(metadata_blocks(format, input).unwrap(), found);
        let stripped = strip_metadata(format, input).unwrap();
        assert_eq!(stripped, expected);
        assert!(metadata_blocks(format, &stripped).unwrap().is_empty());
        assert_eq!(
            strip_metadata(format, &stripped).unwrap(),
            stripped,
            "stripping is idempotent"
        );
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("CANARY") && !text.contains("CANON"), "{text}");
    }

    #[test]
    fn jpeg_loses_exif_gps_xmp_iptc_comments_thumbnail_and_trailer() {
        let (input, expected) = sample_jpeg();
        check(
            ImageFormat::Jpeg,
            &input,
            &expected,
            &[
                "JFIF thumbnail",
                "EXIF",
                "XMP",
                "IPTC/Photoshop (APP13)",
                "MPF (multi-picture index)",
                "APP11",
                "comment",
                "data after end of image",
            ],
        );
    }

    #[test]
    fn png_loses_text_exif_time_private_chunks_and_trailer() {
        let (input, expected) = sample_png();
        check(
            ImageFormat::Png,
            &input,
            &expected,
            &[
                "text chunk (tEXt)",
                "text chunk (zTXt)",
                "XMP",
                "text chunk (iTXt)",
                "EXIF",
                "time stamp (tIME)",
                "unknown chunk (prVt)",
                "data after end of image",
            ],
        );
    }

    #[test]
    fn webp_loses_exif_xmp_unknown_chunks_and_flags() {
        let (input, expected) = sample_webp();
        check(
            ImageFormat::WebP,
            &input,
            &expected,
            &["VP8X metadata flags", "EXIF", "XMP", "unknown chunk (ABCD)"],
        );
    }

    #[test]
    fn animated_webp_frames_are_filtered() {
        let vp8l = wchunk(b"VP8L", &[0x2F, 0, 0, 0, 0]);
        let mut frame = vec![0u8; 16];
        frame.extend(&vp8l);
        let mut dirty = frame.clone();
        dirty.extend(wchunk(b"EXIF", b"FRAME-CANARY"));
        let anim = wchunk(b"ANIM", &[0, 0, 0, 0, 0, 0]);
        let input = riff(&[anim.clone(), wchunk(b"ANMF", &dirty)]);
        let expected = riff(&[anim, wchunk(b"ANMF", &frame)]);
        check(ImageFormat::WebP, &input, &expected, &["EXIF"]);
    }

    #[test]
    fn malformed_and_oversized_images_are_errors() {
        for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
            let e = strip_metadata(format, b"not an image").unwrap_err();
            assert_eq!(e.line, 0);
            assert!(e.hint.contains("save it again"));
        }
        let (jpeg, _) = sample_jpeg();
        assert!(strip_metadata(ImageFormat::Jpeg, &jpeg[..30]).is_err());
        let (png, _) = sample_png();
        assert!(strip_metadata(ImageFormat::Png, &png[..40]).is_err());
        let big = vec![0u8; MAX_IMAGE + 1];
        assert!(
            strip_metadata(ImageFormat::Png, &big)
                .unwrap_err()
                .what
                .contains("64 MiB")
        );
    }
}
