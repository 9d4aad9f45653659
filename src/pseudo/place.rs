//! Where people are: street addresses (Jl., Gg., No., RT/RW, Kel., Kec., Desa, Blok,
//! Perum), named venues (Hotel, Wisma, Kost …), vehicle plates, and places from the
//! gazetteer.

use compact_str::CompactString;

use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, BANK, COMMON, DECOY, HONORIFIC, LEXICON, NAME, PLACE, capitalised_word_after,
    ends_with_word, is_capitalised, is_function_word, is_sentence_initial, next_word, word_before, word_end,
    word_ending_at, words_canonical,
};
use super::names::{is_suffixed_common_word, past_apostrophe};
use super::web::{is_money_unit, is_price};
use super::{Category, Span};

/// Address spans stop after this many bytes: an address is a line, not a paragraph.
const MAX_ADDRESS: usize = 160;

/// Registration regions: the letters a plate starts with.
const PLATE_REGIONS: &[&[u8]] = &[
    b"A", b"B", b"D", b"E", b"F", b"G", b"H", b"K", b"L", b"M", b"N", b"P", b"R", b"S", b"T", b"W", b"Z", b"AA", b"AB",
    b"AD", b"AE", b"AG", b"BA", b"BB", b"BD", b"BE", b"BG", b"BH", b"BK", b"BL", b"BM", b"BN", b"BP", b"DA", b"DB",
    b"DC", b"DD", b"DE", b"DG", b"DH", b"DK", b"DL", b"DM", b"DN", b"DP", b"DR", b"DS", b"DT", b"DW", b"EA", b"EB",
    b"ED", b"KB", b"KH", b"KT", b"KU", b"PA", b"PB", b"PG", b"PT",
];

/// Whether the word before `start` says a plate follows ("plat nomor", "nopol:", or the
/// vehicle: "mobil dd 5012 mo"): then a plate in lower case may have one or two digits
/// and end in letters that are also a word ("nopol b 12 ab", "plat nomor ab 6188 gw").
fn after_plate_cue(text: &str, start: usize) -> bool {
    const CUES: &[&str] = &[
        "plat",
        "platnya",
        "plat no",
        "plat nomor",
        "plat nomer",
        "plat nomornya",
        "plat mobil",
        "plat mobilnya",
        "plat motor",
        "plat motornya",
        "mobil",
        "mobilnya",
        "motor",
        "motornya",
        "nopol",
        "nopolnya",
        "no pol",
        "nomor polisi",
        "nomor polisinya",
    ];
    let before = text[..start].trim_end_matches([' ', ':', '.', ',']);
    CUES.iter().any(|cue| ends_with_word(before, cue))
}

/// A vehicle plate at `start`: "B 1234 XYZ", "AB 123 CD", "L1234AB", "DA-1564-RM", and
/// in lower case "b 8216 mj" (then with three or four digits and a suffix that is no
/// word, so that "s 2 ya" or "b 500 rb" stay text).
pub(crate) fn plate_at(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    let upper = b[start].is_ascii_uppercase();
    let letter: fn(&u8) -> bool = if upper {
        u8::is_ascii_uppercase
    } else {
        u8::is_ascii_lowercase
    };
    let run = |mut i: usize, max: usize, f: fn(&u8) -> bool| {
        let s = i;
        while i < b.len() && i - s <= max && f(&b[i]) {
            i += 1;
        }
        (i > s && i - s <= max).then_some(i)
    };
    let sep = |i: usize| {
        if matches!(b.get(i), Some(b' ' | b'-')) {
            i + 1
        } else {
            i
        }
    };
    let region_end = run(start, 2, letter)?;
    let digits_start = sep(region_end);
    let digits_end = run(digits_start, 4, u8::is_ascii_digit)?;
    let suffix_start = sep(digits_end);
    let suffix_end = run(suffix_start, 3, letter)?;
    // "BB 48 TB 158" is a weight and a height, not a plate.
    let measure_follows = b.get(suffix_end) == Some(&b' ') && b.get(suffix_end + 1).is_some_and(u8::is_ascii_digit);
    let glued = b
        .get(suffix_end)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80 || c == b'-');
    let mut region = [0u8; 2];
    let region = &mut region[..region_end - start];
    region.copy_from_slice(&b[start..region_end]);
    region.make_ascii_uppercase();
    let lower_ok = upper
        || after_plate_cue(text, start)
        || (digits_end - digits_start >= 3 && LEXICON.exact(text, suffix_start, suffix_end) & (COMMON | DECOY) == 0);
    if glued || measure_follows || !lower_ok || !PLATE_REGIONS.contains(&&*region) {
        return None;
    }
    let mut canonical = text[start..suffix_end]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<CompactString>();
    canonical.make_ascii_uppercase();
    Some(Span {
        start,
        end: suffix_end,
        category: Category::Plate,
        canonical,
    })
}

/// A place named by its distance from a town's centre, "Km 10" in Sorong or "KM 5" in
/// Balikpapan: "Km" in a capital, then a number of up to three digits. Not a distance
/// ("7 Km 10 menit"): no number stands before it.
pub(crate) fn kilometre_place(text: &str, start: usize) -> Option<Span> {
    let b = text.as_bytes();
    let after = text[start + 2..]
        .strip_prefix(". ")
        .or_else(|| text[start + 2..].strip_prefix(' '))?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let end = text.len() - after.len() + digits;
    let number_before = text[..start].trim_end().ends_with(|c: char| c.is_ascii_digit());
    let word_goes_on = b
        .get(end)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b',' && b.get(end + 1).is_some_and(u8::is_ascii_digit));
    ((1..=3).contains(&digits) && !number_before && !word_goes_on).then(|| Span {
        start,
        end,
        category: Category::Place,
        canonical: format!("km {}", &after[..digits]).into(),
    })
}

/// A ship by its name, "KM Sinar Bintang 03", "KMP Tanjung Burang" (a motor vessel, a
/// ferry): which boat someone works on or sails with tells where they are on which
/// day. The cue in capitals, then a capitalised name of up to four words, a number
/// among them.
pub(crate) fn ship(text: &str, start: usize, cue_end: usize) -> Option<Span> {
    if !matches!(&text[start..cue_end], "KM" | "KMP") {
        return None;
    }
    let (s, e) = next_word(text, cue_end, 1).filter(|&(s, _)| s > cue_end)?;
    if !venue_word(text, s, e) {
        return None;
    }
    let end = proper_name_end(text, e, 3);
    Some(Span {
        start,
        end,
        category: Category::Venue,
        canonical: words_canonical(&text[start..end]),
    })
}

/// The place after a form's or a profile's label at a line's start `start` ("Lokasi:
/// Losarang · 12 km", "Domisili: Haurgeulis"): up to three capitalised words that are
/// no cue, decoy or common word (but a place's or a name's), whatever the gazetteer
/// knows of them.
pub(crate) fn labelled_place(text: &str, start: usize) -> Option<Span> {
    const LABELS: &[&str] = &["lokasi", "domisili", "location"];
    // Asked of every line: most open with no such word.
    if !matches!(text.as_bytes()[start] | 0x20, b'l' | b'd') {
        return None;
    }
    let label_end = word_end(text, start);
    if !LABELS.iter().any(|l| l.eq_ignore_ascii_case(&text[start..label_end])) {
        return None;
    }
    let value = text[label_end..]
        .strip_prefix(':')
        .or_else(|| text[label_end..].strip_prefix(" :"))?;
    let value_start = text.len() - value.trim_start_matches(' ').len();
    let mut end = value_start;
    for _ in 0..3 {
        let Some((s, e)) = next_word(text, end, 1).filter(|&(s, _)| s == value_start || s == end + 1) else {
            break;
        };
        let f = LEXICON.exact(text, s, e);
        let named = f & (PLACE | NAME) != 0 || f & COMMON == 0;
        if !proper_word(text, s, e) || f & (super::names::CUES | DECOY) != 0 || !named {
            break;
        }
        end = e;
    }
    (end > value_start).then(|| Span {
        start: value_start,
        end,
        category: Category::Place,
        canonical: words_canonical(&text[value_start..end]),
    })
}

/// Whether the place `start..end` that is also a common word is a place here, in lower
/// case: a city's name after "di", "ke" or "dari", their Javanese "nang", "teko",
/// "soko", "menyang", or "daerah" and "area" ("aq lg di palu", "mau bo ke kudus",
/// "daerah amplas"), or a place of two words or more ("nyasar ke gunung sari"). Only
/// names whose other sense rarely follows those words: "di jarak 500 meter", "di negara
/// ini" and "duduk di batu" are not places.
pub(crate) fn common_place_after_preposition(text: &str, start: usize, end: usize) -> bool {
    const CITIES: &[&str] = &[
        "palu", "kudus", "malang", "serang", "jodoh", "metro", "lahat", "maros", "agam", "waru", "pare", "karet",
        "puncak", "amplas",
    ];
    after_place_preposition(text, start, &[])
        && (text[start..end].contains(' ') || CITIES.iter().any(|c| c.eq_ignore_ascii_case(&text[start..end])))
}

/// Whether a preposition of place stands before `start`, a space between: Indonesian
/// and Javanese ("nang malang", "teko batu"), the words that say an area follows
/// ("daerah amplas"), and the `more` a caller adds.
pub(crate) fn after_place_preposition(text: &str, start: usize, more: &[&str]) -> bool {
    const PREPOSITIONS: &[&str] = &["di", "ke", "dari", "nang", "teko", "soko", "menyang", "daerah", "area"];
    text[..start]
        .strip_suffix(' ')
        .is_some_and(|before| PREPOSITIONS.iter().chain(more).any(|p| ends_with_word(before, p)))
}

/// "Tanjung" alone, with no name in capitals after it ("ke Tanjung", "Amuntai–Tanjung",
/// "Kotabaru lawan Tanjung", "Tanjung or Medana"): the town of North Lombok or of
/// Tabalong, where before a name it is a cape's word ("Tanjung Bunga") and in lower
/// case a cape.
pub(crate) fn town_named_tanjung(text: &str, start: usize, end: usize) -> Option<Span> {
    (&text[start..end] == "Tanjung" && !capitalised_word_after(text, end)).then(|| place(text, start, end))
}

/// A place from the gazetteer at `start..end`, with the administrative word before it
/// ("Kab. Bekasi", "Kabupaten Bogor", "Kota Malang") and a direction after it ("Depok
/// Lama", "Bekasi Timur"). The canonical form is the name and its direction.
pub(crate) fn place(text: &str, start: usize, end: usize) -> Span {
    let b = text.as_bytes();
    let end = past_apostrophe(text, end);
    let mut name_end = end;
    if let Some((s, e)) = next_word(text, end, 1).filter(|&(s, _)| s > end) {
        const DIRECTIONS: &[&str] = &[
            "lama", "baru", "barat", "timur", "utara", "selatan", "tengah", "raya", "kota",
        ];
        if DIRECTIONS.iter().any(|d| d.eq_ignore_ascii_case(&text[s..e])) || common_word_of_a_name(text, s, e) {
            name_end = e;
        }
    }
    let before = text[..start].trim_end_matches(' ');
    let before = before.strip_suffix('.').unwrap_or(before);
    let word_start = before.len() - before.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    let word = &before[word_start..];
    let admin = ["kab", "kabupaten", "kota", "kec", "kecamatan", "kel", "kelurahan"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word));
    let span_start = if admin
        && start - before.len() <= 2
        && !b.get(word_start.wrapping_sub(1)).is_some_and(u8::is_ascii_alphanumeric)
    {
        word_start
    } else {
        start
    };
    Span {
        start: span_start,
        end: name_end,
        category: Category::Place,
        canonical: words_canonical(&text[start..name_end]),
    }
}

/// Whether the word `start..end` after a place's name is an ordinary word, or a word
/// in no lexicon, in capitals that goes on with it ("Padang Luar", "Pancur Kasih",
/// "Batu Cermin", "Payo Sigadung"): mid-sentence, only a name is so written. Not a
/// word of speech, a decoy or a cue ("di Padang Juga", "Medan Senin", "Bekasi Hotel
/// …").
fn common_word_of_a_name(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    let b = word.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(u8::is_ascii_lowercase)
        && !is_function_word(word)
        && matches!(LEXICON.exact(text, start, end), COMMON | 0)
}

/// A house number: "12", "12A", "3/5", "12-14".
fn house_number(b: &[u8], start: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        let s = i;
        while i < b.len() && i - s < 5 && b[i].is_ascii_digit() {
            i += 1;
        }
        (i > s && !b.get(i).is_some_and(u8::is_ascii_digit)).then_some(i)
    };
    let mut end = digits(start)?;
    if b.get(end).is_some_and(u8::is_ascii_alphabetic) && !b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
        end += 1;
    }
    if matches!(b.get(end), Some(b'/' | b'-')) {
        end = digits(end + 1).unwrap_or(end);
    }
    (!b.get(end).is_some_and(u8::is_ascii_alphanumeric)).then_some(end)
}

/// A capitalised word that can be part of an address or a venue's name.
/// Streets and venues are named after anything, holy words included ("Jl. Masjid",
/// "Jl. Haji Nawi", "Wisma Permata").
fn proper_word(text: &str, start: usize, end: usize) -> bool {
    is_capitalised(text, start) && !is_function_word(&text[start..end])
}

/// Whether `word` ends with a letter written twice or holds one written three times
/// in a row: drawn out, as a chat calls someone ("ritaaa") or stresses a word ("ke
/// sanaa").
pub(crate) fn drawn_out(word: &[u8]) -> bool {
    let n = word.len();
    (word[n - 1] == word[n - 2] && word[n - 1].is_ascii_lowercase())
        || word.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
}

/// Whether `word` is a regional word for a kind of place, which in capitals begins or
/// ends a place's name and so is in no list of common words: Acehnese "meunasah" (a
/// prayer house), "keude" (a market town), "blang" (a rice field), "dayah" (a boarding
/// school); Minang "nagari"; Riau "pelantar" (a stilt jetty); "kopitiam". In lower case
/// it is the word ("dari meunasah", "di blang").
pub(crate) fn is_kind_of_place(word: &str) -> bool {
    ["meunasah", "keude", "blang", "dayah", "nagari", "pelantar", "kopitiam"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether the word `start..end` is a word in lower case that no lexicon holds, four
/// letters or more: a place's name where a word for the land, a market or a village
/// goes before it ("pantai gorango", "desa wawama"). Not a word the lexicon holds with
/// a suffix ("pasar depannya"),
/// drawn out ("pantai sanaa"), the first of an entry of several ("panti pijat", "guest
/// house"), an e-mail's or a handle's ("pulau rina_k"), nor a regional word for a kind
/// of place ("pasar keude").
pub(crate) fn unknown_lowercase_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    end - start >= 4
        && !is_kind_of_place(&text[start..end])
        && b[start..end].iter().all(u8::is_ascii_lowercase)
        && LEXICON.exact(text, start, end) == 0
        && !is_suffixed_common_word(&text[start..end])
        && !drawn_out(&b[start..end])
        && LEXICON.longest(text, start).is_none()
        && !b.get(end).is_some_and(|&c| {
            matches!(c, b'@' | b'_' | b'.' | b'-') && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// "III", "IV", "XII": a quarter's or a lane's number as North Sumatra writes them.
fn is_roman_numeral(word: &str) -> bool {
    (1..=5).contains(&word.len()) && word.bytes().all(|c| matches!(c, b'I' | b'V' | b'X'))
}

/// Titles written short with a stop in the names of streets: "Jl. Prof. Dr. Hamka",
/// "Jl. Jend. Sudirman", "Jl. K.H. Ahmad Dahlan", "Jl. Dr. Moh. Hatta".
fn is_street_title(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "prof", "dr", "drs", "ir", "jend", "letjen", "mayjen", "brigjen", "let", "kol", "kapt", "laks", "kh", "hj",
        "tgk", "mr", "moh", "muh", "kom",
    ];
    TITLES.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// Words that name streets and are also common words.
fn is_street_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "raya", "baru", "lama", "utama", "indah", "jaya", "permai", "asri", "besar", "kecil", "timur", "barat",
        "utara", "selatan", "tengah", "dalam", "luar", "kali", "gang", "pasar", "masjid", "mushola", "haji", "makmur",
        "mulia",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A lower-case word that may be part of a street name in a chat written in lower case.
fn lowercase_street_word(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    word.bytes().all(|c| c.is_ascii_lowercase())
        && !is_function_word(word)
        && (is_street_word(word) || {
            // A place's name that is also a word names streets too ("jl batu").
            let flags = LEXICON.exact(text, start, end);
            flags & COMMON == 0 || flags & PLACE != 0
        })
}

/// A lower-case word that may begin a street name after an abbreviation: a street
/// word, or any other word but a function word.
fn lowercase_street_start(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    word.bytes().all(|c| c.is_ascii_lowercase()) && !is_function_word(word)
}

/// Whether a house number or an address cue follows `end`, across a space or a comma
/// ("jl merdeka 5", "jl merdeka no 5", "jl merdeka, RT 03").
fn address_part_follows(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    let mut p = end;
    if b.get(p) == Some(&b',') {
        p += 1;
    }
    let Some((s, e)) = next_word(text, p, 2) else {
        return false;
    };
    let cue_end = b[s..e].iter().position(u8::is_ascii_digit).map_or(e, |d| s + d);
    b[s].is_ascii_digit() || (cue_end > s && LEXICON.exact(text, s, cue_end) & (ADDRESS | ADDRESS_NUMBER) != 0)
}

/// The words for a village or a town's quarter, in lower case: "desa", "kelurahan".
/// Not "kampung" or "dusun", which as often say whose or what kind of village ("kampung
/// nelayan", "kampung adat", Minang "kampung sandiri", Palembang "jeme dusun kagek").
fn is_village_word(cue: &str) -> bool {
    ["desa", "kelurahan"].contains(&cue)
}

/// Unambiguous abbreviations ("jl", "gg", "kec") take a lower-case street name in chats
/// written in lower case; "jalan" and "gang" are also verbs and nouns ("jalan kaki").
fn is_abbreviation(cue: &str) -> bool {
    [
        "jl", "jln", "gg", "kel", "kec", "ds", "dsn", "kp", "perum", "komp", "lr", "lrg",
    ]
    .iter()
    .any(|a| a.eq_ignore_ascii_case(cue))
}

/// The address starting with the cue `cue_start..cue_end` (lexicon `flags`). The start
/// of every further cue the address absorbs with its part ("No." of "Jl. Melati No.
/// 5") is pushed onto `cues`: an address read from that cue would be this one's tail.
pub(crate) fn address(text: &str, cue_start: usize, cue_end: usize, flags: u16, cues: &mut Vec<usize>) -> Option<Span> {
    let b = text.as_bytes();
    let abbreviation = is_abbreviation(&text[cue_start..cue_end]);
    let mut p = cue_end;
    if b.get(p) == Some(&b'.') {
        // After a word that is no abbreviation a full stop ends the sentence ("aku blok. Tamu …").
        if !abbreviation && flags & ADDRESS_NUMBER == 0 {
            return None;
        }
        p += 1;
    }
    let (s, e) = next_word(text, p, 2)?;
    if text[cue_start..cue_end].eq_ignore_ascii_case("lingkungan")
        && !b[s].is_ascii_digit()
        && !is_roman_numeral(&text[s..e])
    {
        return None;
    }
    let number_only = flags & ADDRESS == 0 && flags & ADDRESS_NUMBER != 0;
    // A queue's number ("antrian no 23", "Antrean sampai nomor 27", "antrean panjang,
    // dapat nomor 47", "nomor antrean masing2 (Nindy nomor 017") and money sent home
    // ("kirim ke kampung Rp 1 juta") are no address. A queue's word among the eight
    // words before the cue, on its line, says it is a queue's.
    let queue = || {
        const QUEUES: &[&str] = &["antrian", "antrean", "antri", "antre", "ngantri", "ngantre", "giliran"];
        let mut at = cue_start;
        for _ in 0..8 {
            // Numbers are passed over, and a word doubled by a "2" ("masing2") is a word.
            let end = text[..at]
                .trim_end_matches(|c: char| matches!(c, ' ' | ',' | '(' | ')') || c.is_ascii_digit())
                .len();
            let Some(start) = word_ending_at(text, end) else {
                return false;
            };
            if QUEUES.iter().any(|q| q.eq_ignore_ascii_case(&text[start..end])) {
                return true;
            }
            at = start;
        }
        false
    };
    // A feast after "kampung" in lower case is a time, no place ("pulang kampung Idul
    // Adha"), and a company's housing is named by no address ("dekat kompleks
    // Pertamina"). Streets are named after holy words ("jl masjid no 29A").
    let feast_or_brand = || {
        ["kampung", "komplek", "kompleks"].contains(&&text[cue_start..cue_end])
            && LEXICON.longest(text, s).is_some_and(|h| h.flags & DECOY != 0)
    };
    if (number_only && queue()) || is_price_at(text, s) || text[s..e].eq_ignore_ascii_case("rp") || feast_or_brand() {
        return None;
    }
    let first_end = if b[s].is_ascii_digit() {
        house_number(b, s)?
    } else if number_only {
        return None;
    } else if proper_word(text, s, e) {
        e
    } else if is_village_word(&text[cue_start..cue_end]) && unknown_lowercase_word(text, s, e) {
        // "di desa wawama", "lahir di kampung tona": a village in lower case.
        e
    } else if abbreviation && lowercase_street_start(text, s, e) {
        // "jl panglima polim", "jl cikini raya": the street name in lower case.
        let mut end = e;
        for _ in 0..3 {
            match next_word(text, end, 1) {
                // A common word too when a number or another part follows it: "jl raden
                // saleh No.126".
                Some((s2, e2))
                    if s2 > end
                        && (lowercase_street_word(text, s2, e2)
                            || (!is_function_word(&text[s2..e2]) && address_part_follows(text, e2))) =>
                {
                    end = e2
                }
                _ => break,
            }
        }
        // A street named with a common word ("jl merdeka", "jl nusantara") only when a
        // number or another part of an address follows: "jl" is also "walk" ("jl kaki").
        if !lowercase_street_word(text, s, e) && !address_part_follows(text, end) {
            return None;
        }
        end
    } else {
        return None;
    };
    let before = cues.len();
    let end = extend_address(text, cue_start, first_end, cues);
    if end - cue_start >= MAX_ADDRESS {
        // Cut at its longest: an address read from a later cue may go on further.
        cues.truncate(before);
    }
    Some(Span {
        start: cue_start,
        end,
        category: Category::Address,
        canonical: words_canonical(&text[cue_start..end]),
    })
}

/// Absorbs what follows an address part: more cues with their parts ("No. 5 RT 03/RW
/// 05 Kel. Sukajadi"), capitalised names and numbers, across single punctuation marks;
/// not across a tab, which parts a table's cells (`next_word`).
fn extend_address(text: &str, start: usize, mut end: usize, cues: &mut Vec<usize>) -> usize {
    let b = text.as_bytes();
    while end - start < MAX_ADDRESS {
        let mut q = end;
        let mut mark = None;
        while q < b.len() {
            match b[q] {
                b' ' => q += 1,
                c @ (b'.' | b',' | b'/' | b'-') if mark.is_none() => {
                    mark = Some(c);
                    q += 1;
                }
                _ => break,
            }
        }
        let Some(&c) = b.get(q) else { break };
        if c.is_ascii_digit() {
            match house_number(b, q) {
                Some(e) if mark != Some(b'.') || q == end + 1 => end = e,
                _ => break,
            }
            continue;
        }
        let e = word_end(text, q);
        if e == q {
            break;
        }
        let mut flags = LEXICON
            .longest(text, q)
            .map_or(0, |h| if h.end == e { h.flags } else { 0 });
        // "Jl. A. Yani Km. 4,5": the kilometre of a long road, as Kalimantan and
        // Sumatra write addresses. Only inside an address: elsewhere "km" is "kamu".
        let kilometre = b[q..e].eq_ignore_ascii_case(b"km");
        if kilometre {
            flags |= ADDRESS_NUMBER;
        }
        // "RT03", "No5": a cue glued to its number.
        let glued = b[q..e].iter().position(u8::is_ascii_digit).map(|d| q + d);
        if let Some(d) = glued.filter(|&d| LEXICON.exact(text, q, d) & (ADDRESS | ADDRESS_NUMBER) != 0) {
            match house_number(b, d) {
                Some(n) => end = n,
                None => break,
            }
            continue;
        }
        if flags & (ADDRESS | ADDRESS_NUMBER) != 0 {
            let mut after = e;
            if b.get(after) == Some(&b'.') {
                after += 1;
            }
            match next_word(text, after, 2) {
                Some((s2, _)) if b[s2].is_ascii_digit() => match house_number(b, s2) {
                    // "Km 4,5": a kilometre has a decimal.
                    Some(n) if kilometre && matches!(b.get(n), Some(b',' | b'.')) => {
                        end = house_number(b, n + 1).unwrap_or(n)
                    }
                    Some(n) => end = n,
                    None => break,
                },
                Some((s2, e2)) if flags & ADDRESS != 0 && proper_word(text, s2, e2) => end = e2,
                _ => break,
            }
            cues.push(q);
            continue;
        }
        // After a full stop a capital letter starts a sentence, unless the stop ends an
        // initial or a title that streets are named with ("Jl. A. Yani", "Jl. Prof. M.
        // Yamin", "Jl. Jend. Sudirman"); after a comma it may be the district or city.
        let initial = end >= 1 && b[end - 1].is_ascii_uppercase() && (end == 1 || !b[end - 2].is_ascii_alphanumeric())
            || mark == Some(b'.')
                && q == end + 2
                && word_ending_at(text, end).is_some_and(|w| is_street_title(&text[w..end]));
        if (mark != Some(b'.') || initial)
            && proper_word(text, q, e)
            && (mark.is_none() || initial || flags & PLACE != 0 || flags == 0)
        {
            end = e;
            continue;
        }
        break;
    }
    end
}

/// The venue named after the cue `cue_start..cue_end`: "Hotel Melati", "Wisma Indah 2",
/// "kost melati" (a lower-case name must not be a common word).
pub(crate) fn venue(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    if ["kamar", "kmr", "room"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&text[cue_start..cue_end]))
    {
        return room_alone(text, cue_start, cue_end);
    }
    let b = text.as_bytes();
    let p = name_after_cue_at(text, cue_start, cue_end)?;
    let (s, e) = next_word(text, p, 2).filter(|&(s, _)| s > p)?;
    // "hotel melati, murah" is a kind of hotel; "hotel melati indah" one of them.
    if is_venue_class(&text[cue_start..cue_end], &text[s..e])
        && !next_word(text, e, 1).is_some_and(|(s2, e2)| s2 > e && lowercase_venue_word(text, s2, e2, false))
    {
        return None;
    }
    if text[cue_start..cue_end].eq_ignore_ascii_case("hotel") && is_star_rating(text, s, e) {
        return None;
    }
    let numbered =
        b[s].is_ascii_digit() && is_capitalised(text, cue_start) && !is_count_of(text, e) && !is_price_at(text, s);
    let end = if venue_word(text, s, e) || numbered {
        e
    } else if lowercase_venue_word(text, s, e, true) {
        // "apartemen seasons city": a lower-case name, word by word.
        let (mut last, mut end) = (s, e);
        for _ in 0..3 {
            match next_word(text, end, 1) {
                Some((s2, e2)) if s2 > end && lowercase_venue_word(text, s2, e2, false) => {
                    (last, end) = (s2, with_dashed_group(b, e2));
                }
                _ => break,
            }
        }
        // "kos ko Afung", "kos bu Endang": the name goes with its honorific. An
        // honorific with no name after it is the person spoken to: "Hotel om yang
        // bayar" (you pay for the hotel).
        if LEXICON.exact(text, last, end) & HONORIFIC != 0 {
            let named = proper_name_end(text, end, 2);
            if named == end && last == s {
                return None;
            }
            end = named;
        }
        return Some(venue_span(text, cue_start, end));
    } else {
        return None;
    };
    Some(venue_span(text, cue_start, proper_name_end(text, end, 3)))
}

/// Whether `word`, in lower case after the venue word `cue`, says what kind of place it
/// is, not which: "hotel melati" (a budget hotel, the class named after the jasmine
/// rating), "kos putri" (for women), "kost harian", "konter HP". In capitals it is a
/// name ("Hotel Melati", "Kos Putri Ayu").
pub(crate) fn is_venue_class(cue: &str, word: &str) -> bool {
    let is = |w: &str| cue.eq_ignore_ascii_case(w);
    if is("hotel") {
        matches!(
            word.as_bytes(),
            b"melati" | b"transit" | b"murah" | b"gede" | b"besar" | b"kecil" | b"mahal" | b"baru" | b"lama"
        )
    } else if is("kos") || is("kost") || is("kosan") || is("kostan") {
        is_kos_class(word)
    } else if is("warung") {
        // What it sells: "warung lontong", "warung pinang", "warung padang" (Padang
        // food), "warung remang-remang" (a roadside bar).
        is_dish(word.as_bytes())
            || matches!(
                word.as_bytes(),
                b"pinang"
                    | b"sirih"
                    | b"kopi"
                    | b"makan"
                    | b"padang"
                    | b"madura"
                    | b"kelontong"
                    | b"klontong"
                    | b"sembako"
                    | b"rokok"
                    | b"pulsa"
                    | b"jamu"
                    | b"tuak"
                    | b"remang"
            )
    } else if is("toko") {
        // "toko intan" (a diamond shop in Martapura), "toko emas", "toko obat".
        matches!(
            word.as_bytes(),
            b"intan"
                | b"emas"
                | b"obat"
                | b"bangunan"
                | b"baju"
                | b"kue"
                | b"roti"
                | b"buku"
                | b"kelontong"
                | b"klontong"
                | b"sembako"
                | b"pulsa"
                | b"hp"
                | b"elektronik"
                | b"mebel"
                | b"besi"
        )
    } else if is("konter") {
        // What the shop sells: "konter HP", "konter pulsa".
        ["hp", "hape", "handphone", "ponsel", "pulsa"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
    } else {
        false
    }
}

/// Whether `word`, in lower case, is a dish or a drink (`after_a_dish`). Asked of the
/// word before every name and place found: one match.
pub(crate) fn is_dish(word: &[u8]) -> bool {
    matches!(
        word,
        b"sate"
            | b"soto"
            | b"nasi"
            | b"mie"
            | b"bakso"
            | b"martabak"
            | b"pempek"
            | b"coto"
            | b"gudeg"
            | b"rendang"
            | b"kue"
            | b"ayam"
            | b"bebek"
            | b"rujak"
            | b"lontong"
            | b"gulai"
            | b"pecel"
            | b"lumpia"
            | b"dodol"
            | b"bika"
            | b"lemang"
            | b"sop"
            | b"sup"
            | b"gohu"
            | b"papeda"
    )
}

/// Whether the words from `start..end` on rate a hotel by its stars ("hotel bintang 3",
/// "bintang lima"): a class of hotel, not its name. In capitals they may be a name
/// ("Karaoke Bintang Lima").
fn is_star_rating(text: &str, start: usize, end: usize) -> bool {
    const STARS: &[&str] = &["1", "2", "3", "4", "5", "satu", "dua", "tiga", "empat", "lima"];
    &text[start..end] == "bintang"
        && next_word(text, end, 1)
            .is_some_and(|(s, e)| s > end && STARS.iter().any(|n| n.eq_ignore_ascii_case(&text[s..e])))
}

/// Whether `word` (in lower case) says what kind of boarding house a "kos" is.
fn is_kos_class(word: &str) -> bool {
    matches!(
        word.as_bytes(),
        b"putri"
            | b"putra"
            | b"campur"
            | b"cewek"
            | b"cewe"
            | b"cowok"
            | b"cowo"
            | b"pasutri"
            | b"eksklusif"
            | b"exclusive"
            | b"harian"
            | b"bulanan"
            | b"murah"
            // "cari kos baru": a new one, not "Kos Baru".
            | b"baru"
            | b"lama"
    )
}

/// Whether `word` is a class word after some venue word (`is_venue_class`): the engine
/// asks this of every name it finds before it looks at the word before.
pub(crate) fn is_venue_class_word(word: &str) -> bool {
    is_venue_class("hotel", word) || is_kos_class(word)
}

/// Where the name after the cue `cue_start..cue_end` may begin: after the cue, or
/// after its abbreviation's dot ("Apt. Mediterania", "RS. Siloam"). After a longer
/// cue a dot and a space end the sentence: "pindah ke POP! Hotel. Pernah …".
fn name_after_cue_at(text: &str, cue_start: usize, cue_end: usize) -> Option<usize> {
    // Short cues that are whole words: a stop after one ends the sentence ("dkt mall.
    // ST 350 LT 900" is a price list, not a mall's name).
    const WHOLE_WORDS: &[&str] = &[
        "mall", "mal", "tugu", "pura", "kos", "kost", "toko", "spa", "pub", "club", "klub", "kafe", "cafe", "vila",
        "inn", "room", "mess", "sd", "smp", "sma", "smk",
    ];
    let b = text.as_bytes();
    if b.get(cue_end) != Some(&b'.') {
        return Some(cue_end);
    }
    let cue = &text[cue_start..cue_end];
    let short = cue.len() <= 4 && !WHOLE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(cue));
    let abbreviation = short || b.get(cue_end + 1).is_some_and(|&c| c != b' ');
    abbreviation.then_some(cue_end + 1)
}

/// Where a name in capitals that goes on at `end` ends: over up to `words` more
/// capitalised words or numbers ("Wisma Indah 2", "Grand Mercure Malang Mirama",
/// "Tower Jasmine 17-09").
fn proper_name_end(text: &str, end: usize, words: usize) -> usize {
    let b = text.as_bytes();
    let mut end = with_hyphened_words(text, end);
    for _ in 0..words {
        let Some((s, e)) = next_word(text, end, 1).filter(|&(s, _)| s > end) else {
            break;
        };
        end = if let Some(name_end) = title_and_name(text, s, e).or_else(|| arabic_article(text, s, e)) {
            name_end
        } else if venue_word(text, s, e) {
            with_hyphened_words(text, e)
        } else if b[s].is_ascii_digit() && !is_clock_or_date_at(b, e) && !is_year(&b[s..e]) && !before_a_decoy(text, e)
        {
            with_dashed_group(b, e)
        } else {
            break;
        };
    }
    end
}

/// Whether a decoy follows the word ending at `end`: a number before a month is a
/// date's ("razia Wisma Tepian Laut 2 Maret").
fn before_a_decoy(text: &str, end: usize) -> bool {
    next_word(text, end, 1).is_some_and(|(s, e)| s > end && LEXICON.exact(text, s, e) & DECOY != 0)
}

/// `end`, or the end of the capitalised words that hyphens join to the word ending
/// there: one word of a name ("Masjid Al-Falah", "Losmen Pantai Kupa-Kupa"), which
/// a name cut at the hyphen would leave half in clear.
fn with_hyphened_words(text: &str, mut end: usize) -> usize {
    while text.as_bytes().get(end) == Some(&b'-')
        && let Some((s, e)) = next_word(text, end + 1, 0)
        && s == end + 1
        && is_capitalised(text, s)
    {
        end = e;
    }
    end
}

/// Whether `word` is a year of the last decades, no number of a name: "ditangkap
/// Polresta Jambi 2022". A unit's number stays ("Kodim 1801").
fn is_year(word: &[u8]) -> bool {
    // Four digits compare as their numbers do.
    word.len() == 4 && word.iter().all(u8::is_ascii_digit) && (&b"1950"[..]..&b"2040"[..]).contains(&word)
}

/// Whether the number ending at `end` goes on as a clock time or a date ("06.40",
/// "9:30", "12/3"): no part of a name ("Stasiun Tugu 06.40").
fn is_clock_or_date_at(b: &[u8], end: usize) -> bool {
    b.get(end).is_some_and(|&c| matches!(c, b'.' | b':' | b'/')) && b.get(end + 1).is_some_and(u8::is_ascii_digit)
}

/// Where a place named in capitals that goes on at `end` ends: over up to two more
/// capitalised words that are no decoy ("Kereng Bangkirai", "Flamboyan Bawah"), not
/// over a number ("ke Woja 3 hari"); and over a glottal stop ("Hu'u").
pub(crate) fn place_name_end(text: &str, end: usize) -> usize {
    let mut end = past_apostrophe(text, end);
    for _ in 0..2 {
        match next_word(text, end, 1) {
            Some((s, e)) if s > end && venue_word(text, s, e) => end = e,
            _ => break,
        }
    }
    end
}

/// `end`, or the end of a group of one to four digits that a dash joins to the number
/// ending there: a tower's unit ("17-09"), whose floor a name cut at the dash would
/// leave in clear.
fn with_dashed_group(b: &[u8], end: usize) -> usize {
    let group = b
        .get(end + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if b.get(end) == Some(&b'-') && (1..=4).contains(&group) {
        end + 1 + group
    } else {
        end
    }
}

/// The organisation or landmark named in capitals after the cue `cue_start..cue_end`
/// ("Yayasan Pelita Musi", "SMA Negeri 9 Manado", "Pasar Terong"): a lower-case word
/// after such a cue is ordinary speech ("ke pasar pagi", "di terminal").
pub(crate) fn named_after_cue(text: &str, cue_start: usize, cue_end: usize, category: Category) -> Option<Span> {
    // Army commands and state schools are named by their number: "Kodim 1801", "Yonif
    // 754", "SMPN 2 Kota Bima".
    const NUMBERED: &[&str] = &[
        "kodim", "korem", "kodam", "yonif", "sd", "sdn", "smp", "smpn", "sma", "sman", "smk", "smkn", "mts", "mtsn",
        "min", "man",
    ];
    // A church's or a school's denomination goes before its name: "Gereja Katolik
    // Santo Gabriel", "SD Katolik Maumere 1".
    const DENOMINATIONS: &[&str] = &[
        "katolik",
        "protestan",
        "kristen",
        "pantekosta",
        "pentakosta",
        "advent",
        "injili",
        "masehi",
    ];
    // State madrasahs, only by their number: "MIN 5 Bireuen", "MAN 2 Kota Bima" (the
    // engine asks only in capitals: "min" is also the admin, "man" a man).
    let cue = &text[cue_start..cue_end];
    let number_only = matches!(cue, "MIN" | "MAN");
    // An office of a kind names no one's ("Kantor Polisi", "Kantor Desa").
    const OFFICES: &[&str] = &[
        "polisi",
        "pos",
        "desa",
        "camat",
        "kecamatan",
        "lurah",
        "kelurahan",
        "bupati",
        "walikota",
        "gubernur",
        "imigrasi",
        "pajak",
        "pengadilan",
        "kejaksaan",
        "notaris",
        "cabang",
        "pusat",
        "wilayah",
        "satpol",
    ];
    let p = name_after_cue_at(text, cue_start, cue_end)?;
    let (mut s, mut e) = next_word(text, p, 2).filter(|&(s, _)| s > p)?;
    if number_only && !text.as_bytes()[s].is_ascii_digit() {
        return None;
    }
    if cue.eq_ignore_ascii_case("kantor") && OFFICES.iter().any(|o| o.eq_ignore_ascii_case(&text[s..e])) {
        return None;
    }
    if is_capitalised(text, s) && DENOMINATIONS.iter().any(|d| d.eq_ignore_ascii_case(&text[s..e])) {
        (s, e) = next_word(text, e, 1).filter(|&(next, _)| next > e)?;
    }
    // A market or a bus terminal too, in capitals: "Pasar 16 Ilir", "Terminal 16C".
    let numbered = || {
        (text.as_bytes()[s].is_ascii_digit()
            && (NUMBERED.iter().any(|c| c.eq_ignore_ascii_case(cue))
                || (matches!(cue, "Pasar" | "Terminal") && !is_price_at(text, s))))
        .then_some(e)
    };
    // In lower case, a word for the land or a market before a word in no lexicon:
    // "pantai gorango", "dekat pulau kahakitang", "di pasar towoe", as a diary typed in
    // lower case writes them; not an organisation's ("kantor lentera") nor a garden's
    // crop ("kebun pala").
    const LAND: &[&str] = &[
        "pantai",
        "pulau",
        "danau",
        "teluk",
        "gunung",
        "bukit",
        "sungai",
        "tanjung",
        "pasar",
        "dermaga",
        "pelabuhan",
    ];
    if category == Category::Place && LAND.contains(&cue) && unknown_lowercase_word(text, s, e) {
        return Some(Span {
            start: cue_start,
            end: e,
            category,
            canonical: words_canonical(&text[cue_start..e]),
        });
    }
    let e = title_and_name(text, s, e)
        .or_else(|| venue_word(text, s, e).then_some(e))
        .or_else(|| arabic_article(text, s, e))
        .or_else(numbered)?;
    let end = proper_name_end(text, e, 3);
    Some(Span {
        start: cue_start,
        end,
        category,
        canonical: words_canonical(&text[cue_start..end]),
    })
}

/// Where a name that opens with an Arabic article joined by a hyphen ends: "Masjid
/// At-Taqwa", "Pesantren An-Nur" (the article alone is an English word, "at", "an").
fn arabic_article(text: &str, start: usize, end: usize) -> Option<usize> {
    let article = &text.as_bytes()[start..end];
    let joined = with_hyphened_words(text, end);
    (article.len() == 2 && article[0] == b'A' && joined > end).then_some(joined)
}

/// Where the name ends after a title abbreviated at `start..end` inside the name of an
/// organisation or a venue ("RSUD dr. Moewardi", "RS Dr. Sardjito", "Yayasan Prof.
/// Hamka"), if a capitalised word follows the title's stop.
fn title_and_name(text: &str, start: usize, end: usize) -> Option<usize> {
    // A colonel's ("RSUD Kol. Abundjani") and a Makassar name's ("Warung Dg. Sikki").
    const TITLES: &[&str] = &["dr", "prof", "ir", "h", "hj", "kh", "kol", "dg"];
    let b = text.as_bytes();
    if b.get(end) != Some(&b'.') || !TITLES.iter().any(|t| t.eq_ignore_ascii_case(&text[start..end])) {
        return None;
    }
    let (mut s, mut e) = next_word(text, end + 1, 2)?;
    // More titles and initials before the name: "RSUD Prof. Dr. W. Z. Johannes",
    // "RSUD Dr. R. Soedjono".
    for _ in 0..4 {
        let initial = e == s + 1 && b[s].is_ascii_uppercase();
        let title = TITLES.iter().any(|t| t.eq_ignore_ascii_case(&text[s..e]));
        if b.get(e) != Some(&b'.') || !(initial || title) {
            break;
        }
        (s, e) = next_word(text, e + 1, 2)?;
    }
    venue_word(text, s, e).then(|| with_hyphened_words(text, e))
}

/// A hotel chain's brand at `start..end` with the branch named after it: "Aryaduta",
/// "favehotel Kuta Square", "Swiss-Belinn Kristal Kupang".
pub(crate) fn brand_venue(text: &str, start: usize, end: usize) -> Span {
    venue_span(text, start, proper_name_end(text, end, 3))
}

/// A campus named by its acronym at `start..end` (lexicon `flags`): "UNRI", "ugm".
/// One that is also an ordinary word or abbreviation (COMMON: "ITS", "UKM") only
/// when written in capitals.
pub(crate) fn campus(text: &str, start: usize, end: usize, flags: u16) -> Option<Span> {
    let word = &text[start..end];
    if flags & COMMON != 0 && word.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(Span {
        start,
        end,
        category: Category::Organisation,
        canonical: words_canonical(word),
    })
}

/// A regional bank named by its province or region after "Bank" or "BPD", one or two
/// places of the gazetteer in capitals: "pegawai Bank Kalsel", "Bank Riau Kepri",
/// "BPD Bali". An organisation that names its province as the province's name would:
/// an employer's. The engine asks only where no account follows the cue; beside an
/// account the bank's name stays, as a national bank's does ("Bank Indonesia",
/// "Bank Mandiri": no places), and so after an account's cue with the account further
/// on ("rek Bank Sumsel Babel atas namo …").
pub(crate) fn regional_bank(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    if !matches!(&text[cue_start..cue_end], "Bank" | "BANK" | "BPD")
        || word_before(text, cue_start).is_some_and(|b| LEXICON.exact(text, b, cue_start - 1) & BANK != 0)
    {
        return None;
    }
    let mut end = None;
    let mut at = cue_end;
    for _ in 0..2 {
        let Some((s, e)) = next_word(text, at, 1).filter(|&(s, _)| s == at + 1) else {
            break;
        };
        if !is_capitalised(text, s) || LEXICON.exact(text, s, e) & (PLACE | DECOY) != PLACE {
            break;
        }
        (end, at) = (Some(e), e);
    }
    let end = end?;
    // An account's number after it, even one written in part ("Bank Sumut
    // 311.02.04.1198xx-x", "Bank Aceh Syariah 010.02…"), makes it where money goes.
    let rest = &text[end..];
    let rest = rest.strip_prefix(" Syariah").unwrap_or(rest);
    if rest
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    // An account's word after it makes it where money goes ("nabung di Bank Kalsel,
    // rekening hanyar"), as an account would.
    let after = text[end..].strip_prefix(',').unwrap_or(&text[end..]);
    let skipped = text.len() - after.len();
    if next_word(text, skipped, 1)
        .filter(|&(s, _)| s == skipped + 1)
        .is_some_and(|(s, e)| LEXICON.exact(text, s, e) & BANK != 0)
    {
        return None;
    }
    Some(Span {
        start: cue_start,
        end,
        category: Category::Organisation,
        canonical: words_canonical(&text[cue_start..end]),
    })
}

/// The words that name a bank's branch: "Cabang", "KCP" (kantor cabang pembantu).
const BRANCH_WORDS: &[&str] = &["cabang", "Cabang", "CABANG", "KC", "KCP", "KCU", "Capem", "capem"];

/// A bank's branch, named after the bank's name at `cue_start..cue_end`: "kerja di
/// BRI Cabang Manado Sam Ratulangi", "satpam di Bank Mandiri cabang Sunter", "Bank Riau
/// Kepri Syariah cabang Pangkalan Kerinci". Where someone works, as a regional bank
/// is (`regional_bank`); a bank named alone stays. The bank's name may go on for up to
/// three capitalised words before the branch's word, and the branch is one to three
/// capitalised words after it.
pub(crate) fn bank_branch(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    if !is_capitalised(text, cue_start) {
        return None;
    }
    let mut at = cue_end;
    for _ in 0..4 {
        let (s, e) = next_word(text, at, 1).filter(|&(s, _)| s == at + 1)?;
        let word = &text[s..e];
        if BRANCH_WORDS.contains(&word) {
            let end = capitalised_words_after(text, e, 3)?;
            return Some(Span {
                start: cue_start,
                end,
                category: Category::Organisation,
                canonical: words_canonical(&text[cue_start..end]),
            });
        }
        if !is_capitalised(text, s) || is_function_word(word) {
            return None;
        }
        at = e;
    }
    None
}

/// Where up to `most` capitalised words after `at`, one space apart, end (no function
/// word or decoy among them); `None` if none follows.
fn capitalised_words_after(text: &str, mut at: usize, most: usize) -> Option<usize> {
    let mut end = None;
    for _ in 0..most {
        let Some((s, e)) = next_word(text, at, 1).filter(|&(s, _)| s == at + 1) else {
            break;
        };
        if !is_capitalised(text, s) || is_function_word(&text[s..e]) || LEXICON.exact(text, s, e) & DECOY != 0 {
            break;
        }
        (end, at) = (Some(e), e);
    }
    end
}

/// Where a name in capitals before the venue or landmark word at `cue_start` begins
/// ("Padma Hotel", "Trans Studio Mall", "Basko Grand Mall"): up to three capitalised
/// words, none a function word or a decoy, and a common word only inside a sentence
/// ("Best Western Hotel", not "Kemarin Hotel …").
pub(crate) fn name_before_cue(text: &str, cue_start: usize) -> Option<usize> {
    let mut first = None;
    let mut at = cue_start;
    for _ in 0..3 {
        // The word one space before `at`; next to the cue it may end with a brand's
        // own mark: "POP! Hotel".
        let Some(gap) = text[..at].strip_suffix(' ') else {
            break;
        };
        let e = match gap.strip_suffix('!') {
            Some(word) if first.is_none() => word.len(),
            _ => gap.len(),
        };
        let Some(s) = word_ending_at(text, e) else {
            break;
        };
        let flags = LEXICON.exact(text, s, e);
        let ok =
            proper_word(text, s, e) && flags & DECOY == 0 && (flags & COMMON == 0 || !is_sentence_initial(text, s));
        if !ok {
            break;
        }
        first = Some(s);
        at = s;
    }
    first
}

/// A room named by its number with no venue before it ("kamar 207", "room 1103", "kmr
/// B7 lt 2"): it says where someone sleeps or works, and the venue is often named a
/// line before. Only a code with a digit: "kamar mandi", "kamar ku" are no rooms.
fn room_alone(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    let end = room_tail(text, cue_end);
    text[cue_end..end].bytes().any(|c| c.is_ascii_digit()).then(|| Span {
        start: cue_start,
        end,
        category: Category::Venue,
        canonical: words_canonical(&text[cue_start..end]),
    })
}

/// Whether the number ending at `end` counts what the next word names ("Kos 8 kamar",
/// "Wisma 2 lantai"): a size, not the venue's number. A unit with its own number
/// after it is a room or a floor of the venue ("Wisma 77 lantai 2").
fn is_count_of(text: &str, end: usize) -> bool {
    const UNITS: &[&str] = &[
        "kamar", "kmr", "pintu", "unit", "lantai", "lt", "orang", "org", "cewek", "cewe",
    ];
    next_word(text, end, 1).is_some_and(|(s, e)| {
        s > end
            && UNITS.iter().any(|u| u.eq_ignore_ascii_case(&text[s..e]))
            && !next_word(text, e, 1).is_some_and(|(s2, _)| text.as_bytes()[s2].is_ascii_digit())
    })
}

/// Whether the number at `start` is a price: a unit glued to it or the next word
/// ("Kos 1,2 juta sebulan", "Kos 800rb").
fn is_price_at(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    let number_end = start
        + b[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b'.' | b','))
            .count();
    let glued_end = number_end + b[number_end..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
    is_price(&b[start..glued_end])
        || (glued_end == number_end
            && next_word(text, number_end, 1).is_some_and(|(s, e)| s > number_end && is_money_unit(&b[s..e])))
}

/// Whether `code` is two numbers joined by an "x": a room's size ("3x4").
fn is_dimensions(code: &[u8]) -> bool {
    let mut sides = code.splitn(2, |&c| c == b'x' || c == b'X');
    let mut number = || {
        sides
            .next()
            .is_some_and(|s| !s.is_empty() && s.iter().all(u8::is_ascii_digit))
    };
    number() && number()
}

/// Extends a venue ending at `end` over the room in it: "Hotel Neo kamar 617", "kmr
/// 308", "tower h 21AH", "lt 9", "unit 09-17", up to three parts after a space or a
/// comma. A room and a venue together say where someone sleeps.
fn room_tail(text: &str, mut end: usize) -> usize {
    const ROOM_CUES: &[&str] = &[
        "kamar", "kmr", "room", "rm", "unit", "no", "nomor", "lt", "lantai", "tower", "twr", "blok", "block",
    ];
    let b = text.as_bytes();
    let is_cue = |s: usize, e: usize| ROOM_CUES.iter().any(|c| c.eq_ignore_ascii_case(&text[s..e]));
    // A room's number or code: digits with letters or a dash ("21AH", "09-17", "c3"),
    // or one or two letters ("tower h").
    let code = |s: usize| {
        let e = s + b[s..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let letters_only = b[s..e].iter().all(u8::is_ascii_alphabetic);
        // Not what a room costs or measures: "kmr 90rb/malam", "kmr 3x4"; nor a small
        // word: "kmr di lt 2".
        let ok = e > s
            && e - s <= 7
            && (b[s..e].iter().any(u8::is_ascii_digit)
                || (letters_only
                    && e - s <= 2
                    && !is_function_word(&text[s..e])
                    && !text[s..e].eq_ignore_ascii_case("rp")))
            && !is_price(&b[s..e])
            && !is_dimensions(&b[s..e]);
        // Nor a price written apart: "kamar 150 ribu tamu yang bayar".
        let priced = next_word(text, e, 1).is_some_and(|(s2, e2)| s2 > e && is_money_unit(&b[s2..e2]));
        (ok && !priced && b.get(e).is_none_or(|&c| c < 0x80)).then_some((e, letters_only))
    };
    // The code after the cue ending at `cue_end`, and the room after a block's letter
    // ("tower h 21AH").
    let code_after = |cue_end: usize| {
        let after = if b.get(cue_end) == Some(&b'.') {
            cue_end + 1
        } else {
            cue_end
        };
        let (s, _) = next_word(text, after, 2).filter(|&(s, _)| s > cue_end)?;
        let (code_end, letters_only) = code(s)?;
        match next_word(text, code_end, 1).filter(|&(s, _)| s > code_end) {
            Some((s2, _)) if letters_only => match code(s2) {
                Some((e2, false)) => Some(e2),
                _ => Some(code_end),
            },
            _ => Some(code_end),
        }
    };
    // The venue's own last word may be the cue ("apt. mediterania garden 2 tower").
    let last = text[..end].trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len();
    if is_cue(last, end)
        && let Some(e) = code_after(end)
    {
        end = e;
    }
    for _ in 0..3 {
        let p = if b.get(end) == Some(&b',') { end + 1 } else { end };
        let Some((s, e)) = next_word(text, p, 2).filter(|&(s, _)| s > end) else {
            break;
        };
        match code_after(e) {
            Some(code_end) if is_cue(s, e) => end = code_end,
            _ => break,
        }
    }
    end
}

/// A capitalised word that can name a venue: no weekday, month or brand ("spa Senin"),
/// but honorifics are ("Kos Bu Haji Romlah").
fn venue_word(text: &str, start: usize, end: usize) -> bool {
    let flags = LEXICON.exact(text, start, end);
    // A bank's name is a decoy alone, and an ordinary word inside a name ("LSM Papua
    // Sehat Mandiri", "CV Parahyangan Mandiri Teknik"); a common word with a suffix
    // opens the next sentence ("masih SMA. Wajahnya …").
    proper_word(text, start, end)
        && (flags & DECOY == 0 || flags & (HONORIFIC | BANK) != 0)
        && (flags != 0 || !is_suffixed_common_word(&text[start..end]))
}

/// A lower-case word that can name a venue: not a common word unless also a given
/// name ("wisma indah"), not a decoy.
fn lowercase_venue_word(text: &str, start: usize, end: usize, first: bool) -> bool {
    let word = &text[start..end];
    let flags = LEXICON.exact(text, start, end);
    let shape = if first {
        word.bytes().all(|c| c.is_ascii_lowercase()) && (word.len() >= 3 || flags & HONORIFIC != 0)
    } else {
        word.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    shape
        && !is_function_word(word)
        && (flags & DECOY == 0 || flags & HONORIFIC != 0)
        && (flags & COMMON == 0
            || flags & (NAME | PLACE | HONORIFIC | ADDRESS_NUMBER) != 0
            || is_venue_name_word(word)
            // "apart mangga dua square", but not "hotel dua malam".
            || (!first && ["satu", "dua", "tiga", "empat", "lima"].contains(&word)))
}

/// Common words that venues are named with ("wisma jaya", "kost pelangi", "hotel
/// bintang baru").
fn is_venue_name_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "jaya",
        "bahagia",
        "indah",
        "sejahtera",
        "makmur",
        "sentosa",
        "abadi",
        "baru",
        "permai",
        "asri",
        "sari",
        "mulia",
        "pelangi",
        "bintang",
        "melati",
        "mawar",
        "kenanga",
        "anggrek",
        "flamboyan",
        "cempaka",
        "dahlia",
        "merah",
        "putih",
        "hijau",
        "biru",
        "kuning",
        "emas",
        "mutiara",
        "intan",
        "raya",
        "agung",
        "megah",
        "damai",
        "nyaman",
        "ceria",
        "harapan",
        "griya",
        "graha",
        "timur",
        "barat",
        "utara",
        "selatan",
        "tengah",
        "square",
        "city",
        "residence",
        "tower",
        "park",
        "garden",
        "indah",
        "murni",
        "lestari",
        "jati",
        "kencana",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The venue named `start..name_end`, with the room that follows it: one venue is one
/// tag whatever room is named ("Hotel Melati" and "Hotel Melati kamar 412").
pub(crate) fn venue_span(text: &str, start: usize, name_end: usize) -> Span {
    Span {
        start,
        end: room_tail(text, name_end),
        category: Category::Venue,
        canonical: words_canonical(&text[start..name_end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plate(t: &str) -> Option<String> {
        plate_at(t, 0).map(|s| s.canonical.into())
    }

    #[test]
    fn plates() {
        assert_eq!(plate("B 1234 XYZ").as_deref(), Some("B1234XYZ"));
        assert_eq!(plate("AB 123 CD,").as_deref(), Some("AB123CD"));
        assert_eq!(plate("L1234AB").as_deref(), Some("L1234AB"));
        assert_eq!(plate("DK 4321 AZ").as_deref(), Some("DK4321AZ"));
        assert_eq!(plate("DA-1564-RM").as_deref(), Some("DA1564RM"));
        assert_eq!(plate("b 8216 mj,").as_deref(), Some("B8216MJ"));
        assert_eq!(plate("ad 9725 t").as_deref(), Some("AD9725T"));
        for t in [
            "RT 03 RW",
            "B 12345 XY",
            "B 1234 XYZA",
            "Budi 12",
            "B 1234",
            "QQ 123 AB",
            "B 1234 xyz",
        ] {
            assert_eq!(plate(t), None, "{t}");
        }
    }

    #[test]
    fn cities_that_are_words_after_a_preposition() {
        let at = |t: &str, w: &str| {
            let s = t.find(w).unwrap();
            common_place_after_preposition(t, s, s + w.len())
        };
        assert!(at("kak aq lg di palu, pulang april", "palu"));
        assert!(at("mau bo ke Kudus bs ga", "Kudus"));
        assert!(at("ngakunya dari jodoh", "jodoh"));
        assert!(at("koen sido nang malang minggu ngarep?", "malang"), "Javanese 'to'");
        assert!(at("ready lah bang daerah amplas / marelan", "amplas"));
        assert!(!at("duduk di batu", "batu"), "a stone, mostly");
        assert!(
            at("ojolnya nyasar ke gunung sari", "gunung sari"),
            "two words the gazetteer holds"
        );
        assert!(!at("nasibnya malang banget", "malang"), "no preposition");
        assert!(!at("jadi malang", "malang"), "'jadi' ends in 'di'");
        assert!(!at("di jarak 500 meter", "jarak"), "not a city's name here");
    }

    #[test]
    fn lowercase_plates_after_a_cue_may_end_in_a_word() {
        let after = |t: &str, at: &str| plate_at(t, t.find(at).unwrap()).map(|s| String::from(s.canonical));
        assert_eq!(after("aku liat ab 6188 gw", "ab").as_deref(), None, "'gw' is a word");
        assert_eq!(
            after("mobil item plat nomor ab 6188 gw, serem", "ab").as_deref(),
            Some("AB6188GW")
        );
        assert_eq!(after("mobilnya nopol: dk 1407 i", "dk").as_deref(), Some("DK1407I"));
        assert_eq!(after("platnya l 9773 x", "l 9").as_deref(), Some("L9773X"));
        assert_eq!(
            after("P06: saya catat plat nomornya, f 8899 kk, buat jaga2", "f 8").as_deref(),
            Some("F8899KK")
        );
        assert_eq!(after("nopol b 12 ab", "b 1").as_deref(), Some("B12AB"));
        assert_eq!(after("templat ab 6188 gw", "ab"), None, "a cue only as a whole word");
    }

    fn addr(t: &str, cue: &str) -> Option<(String, String)> {
        let s = t.find(cue)?;
        let e = s + cue.len();
        address(t, s, e, LEXICON.exact(t, s, e), &mut Vec::new())
            .map(|sp| (t[sp.start..sp.end].to_owned(), sp.canonical.into()))
    }

    #[test]
    fn addresses() {
        assert_eq!(
            addr(
                "tinggal di Jl. Mawar No. 12A RT 03/RW 05, Kel. Sukajadi. Terus aku",
                "Jl"
            ),
            Some((
                "Jl. Mawar No. 12A RT 03/RW 05, Kel. Sukajadi".into(),
                "jl mawar no 12a rt 03 rw 05 kel sukajadi".into()
            ))
        );
        assert_eq!(
            addr("di Jln. Sudirman 5 aja", "Jln").map(|a| a.0),
            Some("Jln. Sudirman 5".into())
        );
        assert_eq!(
            addr("Jalan Pahlawan Gg. Kenanga", "Jalan").map(|a| a.0),
            Some("Jalan Pahlawan Gg. Kenanga".into())
        );
        assert_eq!(addr("RT.3 RW.5 desa", "RT").map(|a| a.0), Some("RT.3 RW.5".into()));
        assert_eq!(addr("rumah di RT03/RW05", "RT").map(|a| a.0), Some("RT03/RW05".into()));
        assert_eq!(
            addr("Desa Sukamaju, Kec. Cibeber", "Desa").map(|a| a.0),
            Some("Desa Sukamaju, Kec. Cibeber".into())
        );
        assert_eq!(
            addr("Perum Griya Asri Blok C2 No 7", "Perum").map(|a| a.0),
            Some("Perum Griya Asri Blok C2 No 7".into())
        );
        assert_eq!(addr("jl mawar no 5", "jl").map(|a| a.0), Some("jl mawar no 5".into()));
        // A quarter by its number; not an office's name nor the common word.
        assert_eq!(
            addr("di Lingkungan III, Kel. Sei Sikambing", "Lingkungan").map(|a| a.0),
            Some("Lingkungan III, Kel. Sei Sikambing".into())
        );
        assert_eq!(
            addr("lingkungan 4 dekat", "lingkungan").map(|a| a.0),
            Some("lingkungan 4".into())
        );
        assert_eq!(addr("Dinas Lingkungan Hidup", "Lingkungan"), None);
        assert_eq!(addr("lingkungan kerja", "lingkungan"), None);
        assert_eq!(
            addr(
                "alamat jl panglima polim RT 15 RW 02, Kel. Sindangsari samping warung",
                "jl"
            )
            .map(|a| a.0),
            Some("jl panglima polim RT 15 RW 02, Kel. Sindangsari".into())
        );
        assert_eq!(
            addr("Jl. Haji Nawi nomor 39", "Jl").map(|a| a.0),
            Some("Jl. Haji Nawi nomor 39".into())
        );
        assert_eq!(
            addr("Jl.Masjid No.38 RT.010/RW.010", "Jl").map(|a| a.0),
            Some("Jl.Masjid No.38 RT.010/RW.010".into())
        );
    }

    #[test]
    fn the_cues_an_address_absorbs_are_told() {
        let t = "tinggal di Jl. Mawar No. 12A RT 03/RW 05, Kel. Sukajadi. Terus aku";
        let s = t.find("Jl").unwrap_or_default();
        let mut cues = Vec::new();
        assert!(address(t, s, s + 2, LEXICON.exact(t, s, s + 2), &mut cues).is_some());
        let words: Vec<&str> = cues.iter().map(|&c| &t[c..c + 2]).collect();
        assert_eq!(words, ["No", "RT", "RW", "Ke"]);
        // One cut at its longest tells none: a later cue may read further.
        let long = format!("Jl. Mawar No. 12 {} Kel. Sukajadi", "Blok C ".repeat(30));
        let mut cues = Vec::new();
        let span = address(&long, 0, 2, LEXICON.exact(&long, 0, 2), &mut cues);
        assert!(span.is_some_and(|a| a.end - a.start >= MAX_ADDRESS));
        assert!(cues.is_empty(), "{cues:?}");
    }

    #[test]
    fn non_addresses() {
        for (t, cue) in [
            ("lagi jalan kaki", "jalan"),
            ("Jalan aja dulu", "Jalan"),
            ("no problem", "no"),
            ("no hp 0812", "no"),
            ("RT bilang", "RT"),
            ("gang sempit", "gang"),
            ("aku blok. Tamu itu", "blok"),
        ] {
            assert_eq!(addr(t, cue), None, "{t}");
        }
    }

    fn ven(t: &str, cue: &str) -> Option<String> {
        let s = t.find(cue)?;
        venue(t, s, s + cue.len()).map(|sp| sp.canonical.into())
    }

    #[test]
    fn places_with_their_administrative_words() {
        let at = |t: &str, name: &str| {
            let s = t.find(name).unwrap_or_default();
            let p = place(t, s, s + name.len());
            (t[p.start..p.end].to_owned(), p.canonical)
        };
        assert_eq!(
            at("di Kab. Bekasi kak", "Bekasi"),
            ("Kab. Bekasi".into(), "bekasi".into())
        );
        assert_eq!(
            at("ke Kabupaten Bogor", "Bogor"),
            ("Kabupaten Bogor".into(), "bogor".into())
        );
        assert_eq!(at("di Depok Lama", "Depok"), ("Depok Lama".into(), "depok lama".into()));
        assert_eq!(at("ke kab bekasi", "bekasi"), ("kab bekasi".into(), "bekasi".into()));
        assert_eq!(at("sekota Bogor", "Bogor"), ("Bogor".into(), "bogor".into()));
    }

    #[test]
    fn venues() {
        assert_eq!(
            ven("nginep di Hotel Melati Indah kemarin", "Hotel").as_deref(),
            Some("hotel melati indah")
        );
        assert_eq!(ven("Wisma 77 lantai 2", "Wisma").as_deref(), Some("wisma 77"));
        assert_eq!(ven("kost melati", "kost").as_deref(), Some("kost melati"));
        assert_eq!(
            ven("di apartemen seasons city ya", "apartemen").as_deref(),
            Some("apartemen seasons city")
        );
        assert_eq!(ven("di wisma indah ya", "wisma").as_deref(), Some("wisma indah"));
        assert_eq!(
            ven("di Kos Bu Haji Romlah?", "Kos").as_deref(),
            Some("kos bu haji romlah")
        );
        assert_eq!(
            ven("di Wisma Permata, tiba-tiba", "Wisma").as_deref(),
            Some("wisma permata")
        );
        assert_eq!(
            ven("di hotel bintang baru ya", "hotel").as_deref(),
            Some("hotel bintang baru")
        );
        assert_eq!(ven("ke wisma jaya dlu", "wisma").as_deref(), Some("wisma jaya"));
        assert_eq!(ven("di kos pak rt kamar 4", "kos").as_deref(), Some("kos pak rt"));
        assert_eq!(
            ven("ada kost flamboyan 2 kosong", "kost").as_deref(),
            Some("kost flamboyan 2")
        );
        assert_eq!(
            ven("Apt. Kalibata City Tower B", "Apt").as_deref(),
            Some("apt kalibata city tower b")
        );
        for (t, cue) in [
            ("cari hotel murah", "hotel"),
            ("di kost aja", "kost"),
            ("Hotel.", "Hotel"),
            ("spa Senin", "spa"),
        ] {
            assert_eq!(ven(t, cue), None, "{t}");
        }
    }
}
