//! Person names: a word from the given-names lexicon, or any name-like word after an
//! honorific ("Mas Budi", "om hendra", "Cik Mei Ling"), extended over the capitalised
//! surnames that follow.

use super::engine::lowered_word_before;
use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, BANK, COMMON, DECOY, HONORIFIC, LANDMARK, LEXICON, NAME, NAMING, ORG, PLACE, VENUE,
    capitalised_word_after, is_capitalised, is_function_word, is_sentence_initial, next_word, word_before, word_end,
    word_ending_at, words_canonical,
};
use super::web::{is_username_shaped, username_end};
use super::{Category, Span};

/// Words that announce something: an organisation's or a landmark's word is no name
/// either ("kak yayasan", "dr Puskesmas").
pub(crate) const CUES: u16 = HONORIFIC | ADDRESS | ADDRESS_NUMBER | VENUE | BANK | NAMING | ORG | LANDMARK;

fn flags(text: &str, start: usize, end: usize) -> u16 {
    LEXICON.exact(text, start, end)
}

/// Whether the word `start..end` has a letter first and no other kind of character
/// than letters, digits, an apostrophe or hyphen would bring, and is no amount.
fn is_name_shaped(text: &str, start: usize, end: usize) -> bool {
    let w = &text[start..end];
    w.chars().next().is_some_and(char::is_alphabetic)
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !is_amount(text, start, end)
}

/// Whether the word `start..end` is a decoy glued to a number: a currency and its
/// amount ("kak Rp450.000" is a price, not Kak Rp450), a month and its year.
fn is_amount(text: &str, start: usize, end: usize) -> bool {
    let w = &text.as_bytes()[start..end];
    let letters = w.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    w.get(letters).is_some_and(u8::is_ascii_digit) && flags(text, start, start + letters) & DECOY != 0
}

/// A capitalised word that may be (part of) a name after a cue or a given name.
fn capitalised_name_word(text: &str, start: usize, end: usize) -> bool {
    if !is_capitalised(text, start) || !is_name_shaped(text, start, end) || is_function_word(&text[start..end]) {
        return false;
    }
    let f = flags(text, start, end);
    // A given name that is also a cue or a common word ("Mega", "Permata", "Indah") is a name here.
    f & NAME != 0 || f & (DECOY | CUES | COMMON) == 0
}

/// The person `span` with the name on its other side of a "bin" or "binti" (son or
/// daughter of): "Nurhani binti Abdullah" is one name, whichever half was found.
pub(crate) fn with_patronymic(text: &str, span: Span) -> Span {
    let (mut start, mut end) = (span.start, span.end);
    for link in [" bin ", " binti "] {
        let after = text[end..]
            .get(..link.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(link));
        if after
            && let Some((s, e)) = next_word(text, end + link.len(), 0)
            && capitalised_name_word(text, s, e)
        {
            end = extend_surnames(text, e);
        }
        let before = start
            .checked_sub(link.len())
            .and_then(|at| text.get(at..start))
            .is_some_and(|w| w.eq_ignore_ascii_case(link));
        if before
            && let Some(s) = word_ending_at(text, start - link.len())
            && capitalised_name_word(text, s, start - link.len())
        {
            start = s;
        }
    }
    if (start, end) == (span.start, span.end) {
        span
    } else {
        person(text, start, end)
    }
}

/// A lower-case word after an honorific in a chat written in lower case: a known name,
/// or a word of three or more letters that is not a common word.
fn lowercase_name_word(text: &str, start: usize, end: usize) -> bool {
    let w = &text[start..end];
    if !w.chars().all(char::is_alphabetic) || !w.chars().any(|c| "aiueoy".contains(c)) {
        return false;
    }
    let f = flags_drawn_out(text, start, end);
    f & (COMMON | DECOY | CUES | PLACE) == 0
        && (f & NAME != 0 || w.chars().count() >= 3)
        && (f != 0 || !is_suffixed_common_word(w))
}

/// Whether `word`, in no lexicon, is a common word with a possessive, a particle or a
/// verb's suffix glued on: "asalnya", "kosanna" (Sundanese -na), "rumahku", "tasmu",
/// "sampaikan". Stems of "-na" must be long, as many names end in it ("rina",
/// "kirana").
pub(crate) fn is_suffixed_common_word(word: &str) -> bool {
    [("nya", 3), ("na", 5), ("ku", 3), ("mu", 3), ("kan", 3)]
        .iter()
        .any(|&(suffix, shortest)| {
            word.strip_suffix(suffix)
                .filter(|stem| stem.len() >= shortest)
                .is_some_and(|stem| {
                    let f = flags(stem, 0, stem.len());
                    f & (COMMON | CUES) != 0 && f & NAME == 0
                })
        })
}

/// The lexicon's flags for a word, or for the word it draws out ("semogaaa",
/// "cepettt", "makasihhhh") if it is in no lexicon as written (`drawn_out_word`).
fn flags_drawn_out(text: &str, start: usize, end: usize) -> u16 {
    match flags(text, start, end) {
        0 => drawn_out_word(text, start, end).map_or(0, |(_, f)| f),
        f => f,
    }
}

/// The word that the word `start..end` draws out, with its lexicon flags, if it has a
/// letter three times in a row: no Indonesian word or name has, so a run of three is
/// emphasis, read as one letter, then as two ("maaaaf" is "maaf"). A doubled letter is
/// left alone: "bella" is a name, "bela" a word.
pub(crate) fn drawn_out_word(text: &str, start: usize, end: usize) -> Option<(String, u16)> {
    let w = &text.as_bytes()[start..end];
    if !w.windows(3).any(|r| r[0] == r[1] && r[1] == r[2]) {
        return None;
    }
    let mut shortened = String::with_capacity(w.len());
    for keep in [1, 2] {
        shortened.clear();
        let (mut previous, mut run) = (None, 0);
        for c in text[start..end].chars() {
            run = if previous == Some(c) { run + 1 } else { 1 };
            previous = Some(c);
            if run <= keep {
                shortened.push(c);
            }
        }
        let f = flags(&shortened, 0, shortened.len());
        if f != 0 {
            return Some((shortened, f));
        }
    }
    None
}

/// A given name in lower case that is also a common word ("kak indah", "mas bagus") or
/// a month or a feast ("kak mei", "mas ramadhan"): after an honorific, a name. "hari"
/// only where no word follows it ("siapa yg kenal pak hari?"): before one it is mostly
/// a day ("mas hari ini bisa?").
fn lowercase_given_name(text: &str, start: usize, end: usize) -> bool {
    let w = &text[start..end];
    flags(text, start, end) & NAME != 0
        && w.chars().all(char::is_alphabetic)
        && (!w.eq_ignore_ascii_case("hari") || next_word(text, end, 1).is_none())
}

/// Extends a name ending at `end` over up to two following capitalised surnames.
fn extend_surnames(text: &str, mut end: usize) -> usize {
    for _ in 0..2 {
        match next_word(text, end, 1) {
            // North Maluku's "Hi." (haji) before the father's name, "Sartika Hi. Umar";
            // "Dg." (Daeng) before a Makassar name's second name, "Ayu Lestari Dg. Caya".
            Some((s, e)) if s == end + 1 && matches!(&text[s..e], "Hi" | "Dg") && text[e..].starts_with(". ") => {
                match next_word(text, e + 2, 0) {
                    Some((ns, ne)) if capitalised_name_word(text, ns, ne) => end = ne,
                    _ => break,
                }
            }
            Some((s, e)) if s > end && capitalised_name_word(text, s, e) && flags(text, s, e) & PLACE == 0 => end = e,
            // A surname given by its initial: "a.n Meiske R.", "Budi S. Pratama".
            Some((s, e))
                if s == end + 1
                    && e == s + 1
                    && text.as_bytes()[s].is_ascii_uppercase()
                    && text[e..].starts_with('.') =>
            {
                end = e + 1
            }
            // A Bugis or Makassar name's "Daeng" and the name it gives: "Irma Daeng
            // Ngai" (alone, "Daeng" is a title: "Daeng Baso"); and the particles of
            // Portuguese surnames in Flores and Maluku, titles alone: "Stefanus Da
            // Cunha", "Maria De Fretes" (Minang "Da Buyung", "De" for a younger one).
            Some((s, e)) if s == end + 1 && matches!(&text[s..e], "Daeng" | "Da" | "De" | "Dos") => {
                match next_word(text, e, 1) {
                    Some((ns, ne)) if ns == e + 1 && is_capitalised(text, ns) && is_name_shaped(text, ns, ne) => {
                        end = ne
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    end
}

/// Where a Chinese-Indonesian name of three syllables ends, its family name (one the
/// lexicon of names holds) at `start..end`: "Tan Hok Seng", "Tan Kok Liang", "Kwee Mei Lan". Its two given
/// syllables are short capitalised words, whatever else they mean ("kok" is a particle,
/// "seng" a tin roof, "Mei" a month), so they are read here and not by the lexicon;
/// only words that join a sentence are none ("Lim Dan Ong").
fn chinese_given_names(text: &str, start: usize, end: usize) -> Option<usize> {
    const JOINING: &[&str] = &[
        "dan", "di", "ke", "dari", "atau", "sama", "yang", "yg", "itu", "ini", "ya", "juga",
    ];
    const FAMILY_NAMES: &[&str] = &[
        "tan", "lim", "ong", "kwee", "liem", "oei", "tjoa", "kho", "goh", "tjhin", "lauw", "khoe", "tio", "njoo",
        "thio", "chong",
    ];
    // A capital two bytes on first: most names are followed by no other.
    let b = text.as_bytes();
    let family = b.get(end) == Some(&b' ')
        && b.get(end + 1).is_some_and(u8::is_ascii_uppercase)
        && FAMILY_NAMES.iter().any(|f| f.eq_ignore_ascii_case(&text[start..end]));
    if !family {
        return None;
    }
    let syllable = |at: usize| {
        next_word(text, at, 1).filter(|&(s, e)| {
            s == at + 1
                && (2..=5).contains(&(e - s))
                && is_capitalised(text, s)
                && is_name_shaped(text, s, e)
                && !JOINING.iter().any(|j| j.eq_ignore_ascii_case(&text[s..e]))
        })
    };
    let (_, first) = syllable(end)?;
    let (_, second) = syllable(first)?;
    Some(second)
}

/// `extend_surnames`, and then over one capitalised common word that closes the name
/// before a stop, a comma or the line's end: a surname or a profile's second word
/// that is also a word ("Aipda Yoseph Hitam.", "kadang Mutiara Hitam, kadang …"; not
/// "Mau", which is a function word too).
/// Inside a sentence such a word in capitals is rarely anything but a name's.
fn extend_surnames_closing(text: &str, end: usize) -> usize {
    let end = extend_surnames(text, end);
    let Some((s, e)) = next_word(text, end, 1).filter(|&(s, _)| s > end) else {
        return end;
    };
    let f = flags(text, s, e);
    let closes = match text.as_bytes()[e..] {
        [] | [b'\n' | b'\r', ..] => true,
        [b'.' | b',' | b';' | b'!' | b'?' | b')', ref rest @ ..] => rest.first().is_none_or(u8::is_ascii_whitespace),
        _ => false,
    };
    let common = f & COMMON != 0 && f & (DECOY | CUES | PLACE) == 0;
    if closes && common && e - s >= 3 && is_capitalised(text, s) && !is_function_word(&text[s..e]) {
        e
    } else {
        end
    }
}

/// Extends a lower-case name ending at `end` over up to two lower-case surnames
/// ("nisa sinaga", "sumiati sihombing"): words that are no common word.
fn extend_lowercase(text: &str, mut end: usize) -> usize {
    for _ in 0..2 {
        match next_word(text, end, 1) {
            Some((s, e)) if s > end && !is_capitalised(text, s) && lowercase_name_word(text, s, e) => end = e,
            _ => break,
        }
    }
    end
}

/// Extends a capitalised name starting at `start` back over one capitalised first name
/// that is in no lexicon ("Albert Sembiring"), unless that word opens a sentence; after
/// a label's or a form's colon it may ("pencatat lapangan: Fadhilah Nurjanah").
fn extend_first_name(text: &str, start: usize) -> usize {
    match word_before(text, start) {
        Some(s)
            if LEXICON.exact(text, s, start - 1) == 0
                && is_capitalised(text, s)
                && is_name_shaped(text, s, start - 1)
                && (!is_sentence_initial(text, s) || text[..s].ends_with(": ")) =>
        {
            s
        }
        _ => start,
    }
}

/// Extends a lower-case name `start..end` back over one lower-case first name ("boleh
/// kak, feby setiawan"): a word that may follow an honorific, or a given name that is a
/// common word too ("bagus suryadi", "bunga amalia"). What it takes in error is a word
/// lost to the reader, where what it misses is a first name in clear. Not a name that
/// goes on as an address, a handle or a number ("email budi@gmail.com").
fn extend_lowercase_first_name(text: &str, start: usize, end: usize) -> usize {
    let rest = &text.as_bytes()[end..];
    let ends_here = match rest {
        []
        | [
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b';' | b'!' | b'?' | b')' | b'"',
            ..,
        ] => true,
        [b'.' | b':', next, ..] => next.is_ascii_whitespace(),
        [b'.' | b':'] => true,
        _ => false,
    };
    let Some(s) = word_before(text, start).filter(|_| ends_here) else {
        return start;
    };
    let e = start - 1;
    let f = flags(text, s, e);
    let given_name = f & NAME != 0 && f & (DECOY | CUES | PLACE) == 0;
    if !is_capitalised(text, s) && (given_name || lowercase_name_word(text, s, e)) {
        s
    } else {
        start
    }
}

/// The name after a naming cue ending at `cue_end`, in any case: an account's or a
/// booking's holder after "atas nama" or "a.n.", the name someone goes by after
/// "panggil aja" or "nama aku". Up to three words that may be a name, given names even
/// when they are common words too ("atas nama bunga amalia"). Nothing if the first
/// word is not one ("atas nama aku", "namanya siapa?").
pub(crate) fn name_after_cue(text: &str, cue_end: usize) -> Option<Span> {
    let p = cue_end + text[cue_end..].bytes().take_while(|b| matches!(b, b'.' | b':')).count();
    if let Some(quoted) = quoted_name(text, p) {
        return Some(quoted);
    }
    let (mut s, mut e) = next_word(text, p, 2).filter(|&(s, _)| s > p || p > cue_end)?;
    // "nama samaran aku mawar": whose name it is may come first.
    if ["aku", "saya", "gue", "gw", "ku"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&text[s..e]))
        && let Some(next) = next_word(text, e, 1).filter(|&(ns, _)| ns > e)
    {
        (s, e) = next;
    }
    if !named_word(text, s, e) && !common_first_name(text, s, e) {
        return None;
    }
    for _ in 0..2 {
        match next_word(text, e, 1) {
            Some((ws, we)) if ws > e && named_word(text, ws, we) => e = we,
            _ => break,
        }
    }
    // A surname written as its initial, as banks print a holder's: "a.n. SISKA AULIA R".
    if let Some((ws, we)) = next_word(text, e, 1)
        && ws > e
        && we == ws + 1
        && text.as_bytes()[ws].is_ascii_uppercase()
    {
        e = we;
    }
    Some(person(text, s, e))
}

/// Whether only a name in capitals follows the naming cue `cue` as a name: after a
/// regional word for "I" ("Ulun Norhayati", "Kamek Dayang") most words are what the
/// speaker does ("ulun bulik", I go home), and after Banjar "ngaran" and Javanese
/// "jeneng" (name) what the name is ("ngaran panggilan", a nickname).
/// Whether the naming cue `cue` leaves the name found at `start` to the title it opens
/// with: "ngakunya Oom Yudi" (who a client claims to be) is Yudi, under the tag his
/// other mentions get.
pub(crate) fn naming_cue_yields_to_a_title(cue: &str, text: &str, start: usize) -> bool {
    cue.eq_ignore_ascii_case("ngakunya") && flags(text, start, word_end(text, start)) & HONORIFIC != 0
}

pub(crate) fn naming_cue_takes_capitals_only(cue: &str) -> bool {
    [
        "ulun", "unda", "kamek", "ngai", "isun", "ngaran", "jeneng", "ngakunya", "bernama", "nyong", "inyong",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(cue))
}

/// A name in quotes after a naming cue at `from`: whatever its words ("pakai nama
/// \"Nona Manis 🥥\"", "namanya 'Bunga Desa'"), up to its last letter or digit. One
/// line and 40 bytes at most; a quote that holds no letter is none.
pub(crate) fn quoted_name(text: &str, from: usize) -> Option<Span> {
    let rest = text[from..].trim_start_matches([' ', '\t', ':']);
    let open = rest.chars().next()?;
    // Each opening quote with its closing ones: an apostrophe inside a name in double
    // quotes ("Nur'aini") closes nothing.
    let closes = |c: char| match open {
        '"' | '“' => matches!(c, '"' | '”'),
        '\'' => c == '\'',
        '‘' => c == '’',
        _ => false,
    };
    if !matches!(open, '"' | '“' | '\'' | '‘') {
        return None;
    }
    let inner_start = text.len() - rest.len() + open.len_utf8();
    let close = text[inner_start..]
        .char_indices()
        .take_while(|&(i, c)| i <= 40 && c != '\n')
        .find(|&(_, c)| closes(c))?
        .0;
    let inner = &text[inner_start..inner_start + close];
    let start = inner_start + inner.find(char::is_alphanumeric)?;
    let end = inner_start + inner.rfind(char::is_alphanumeric)?;
    let end = end + text[end..].chars().next().map_or(1, char::len_utf8);
    let name = &text[start..end];
    (name.starts_with(char::is_alphabetic) && name.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then(|| person(text, start, end))
}

/// The name after a profile's name cue ("Nama tampilan: 🍒 Embun Pagi 🍒", "display
/// name: Tante Sisca 💋"): up to three words of letters, whatever they mean, after the
/// emoji and an honorific that may open them; an emoji, a bar, a bracket, a digit or
/// the line's end closes the name. `cue` is the cue's text.
pub(crate) fn profile_name(text: &str, cue: &str, cue_end: usize) -> Option<Span> {
    const PROFILE_CUES: &[&str] = &["nama tampilan", "display name"];
    if !PROFILE_CUES.iter().any(|c| c.eq_ignore_ascii_case(cue)) {
        return None;
    }
    name_after_label(text, cue_end)
}

/// The name after a form's label at a line's start `start`: "Nama: Bunga 22th", "Nama
/// lengkap : Siti Aminah", "Nama panggilan: Rosma". A profile capture or a contact
/// sheet puts a name there whatever the words mean.
pub(crate) fn labelled_name(text: &str, start: usize) -> Option<Span> {
    const KINDS: &[&str] = &["lengkap", "panggilan", "asli", "samaran", "profil", "akun"];
    let word_end = letters_end(text, start);
    if !text[start..word_end].eq_ignore_ascii_case("nama") {
        return None;
    }
    let mut label_end = word_end;
    if let Some((s, e)) = next_word(text, word_end, 1).filter(|&(s, _)| s > word_end)
        && KINDS.iter().any(|k| k.eq_ignore_ascii_case(&text[s..e]))
    {
        label_end = e;
    }
    let colon = text[label_end..].trim_start_matches([' ', '\t']).starts_with(':');
    colon.then(|| name_after_label(text, label_end)).flatten()
}

/// The name after a label ending at `label_end`, as `profile_name` reads it.
fn name_after_label(text: &str, label_end: usize) -> Option<Span> {
    let rest = &text[label_end..];
    let after =
        rest.trim_start_matches(|c: char| matches!(c, ':' | ' ' | '\t') || (c >= '\u{2190}' && !c.is_alphanumeric()));
    let mut start = text.len() - after.len();
    // A title opens the name, but where a place follows it the title is the name:
    // "Nama: Kak Rere", "Nama: Cici Palembang 🍒"; and a title that is a given name too
    // is part of the name: "Nama: Cici Manja".
    let first_end = letters_end(text, start);
    let place_after = || {
        next_word(text, first_end, 1).is_some_and(|(s, e)| {
            let f = flags(text, s, e);
            f & PLACE != 0 && f & NAME == 0
        })
    };
    if flags(text, start, first_end) & (HONORIFIC | NAME) == HONORIFIC
        && text[first_end..].starts_with(' ')
        && !place_after()
    {
        start = first_end + 1;
    }
    let mut end = start;
    for words in 1..=3 {
        let word_end = letters_end(text, end);
        if word_end == end || is_function_word(&text[end..word_end]) {
            break;
        }
        end = word_end;
        match text[end..].strip_prefix(' ') {
            Some(rest) if words < 3 && rest.starts_with(char::is_alphabetic) => end += 1,
            _ => break,
        }
    }
    let end = text[..end].trim_end().len();
    (end > start && text[start..end].chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then(|| person(text, start, end))
}

/// A first name that is also a common word ("iyah", yes), where a naming cue puts it
/// before a surname that is no common word: "a.n iyah rohayati". Before another common
/// word it is none ("atas nama teman dekat").
fn common_first_name(text: &str, start: usize, end: usize) -> bool {
    let f = flags(text, start, end);
    is_name_shaped(text, start, end)
        && !is_function_word(&text[start..end])
        && f & (DECOY | CUES | PLACE) == 0
        && next_word(text, end, 1).is_some_and(|(ws, we)| {
            let next = flags(text, ws, we);
            ws > end && named_word(text, ws, we) && next & COMMON == 0
        })
}

fn named_word(text: &str, start: usize, end: usize) -> bool {
    let f = flags(text, start, end);
    // Where a holder's name stands, a given name that is also a month or a feast is a
    // name ("a.n. mei lestari", "an agus ramadhan"); a common word with a suffix, in no
    // lexicon itself, is none ("atas nama kakaknya").
    is_name_shaped(text, start, end)
        && !is_function_word(&text[start..end])
        && (f & NAME != 0 || f & (COMMON | DECOY | CUES | PLACE) == 0)
        && (f != 0 || !is_suffixed_common_word(&text[start..end]))
}

/// The holder's name after an account number ending at `end`: "BCA 123456789 a.n. Sari
/// Dewi", "an juleha ningrum", "a/n Budi".
pub(crate) fn holder_after_account(text: &str, end: usize) -> Option<Span> {
    name_after_cue(text, holder_cue_end(text, end)?)
}

/// Where the holder's cue ("a.n.", "a/n", "an") after a number ending at `end` ends.
pub(crate) fn holder_cue_end(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].trim_start_matches([' ', ',', '-', '(']);
    let cue = ["a.n.", "a.n", "a/n", "an "]
        .into_iter()
        .find(|cue| rest.len() >= cue.len() && rest.as_bytes()[..cue.len()].eq_ignore_ascii_case(cue.as_bytes()))?;
    // "an" glued to the number, or after a dash alone, is the suffix of a round
    // figure or a time: "tanggal 20-an", "2019-07-21-an", "tahun 90an".
    let between = &text[end..text.len() - rest.len()];
    if cue == "an " && between.bytes().all(|c| c == b'-') {
        return None;
    }
    // "an " ends before its space: the name must still come after at most two more.
    Some(text.len() - rest.len() + cue.len() - usize::from(cue.ends_with(' ')))
}

/// A person's name `start..end`, with what an apostrophe glues to its end ("nur'aini",
/// "Ma'ruf").
pub(crate) fn person(text: &str, start: usize, end: usize) -> Span {
    let start = particles_start(text, start);
    let end = past_apostrophe(text, boru_end(text, end));
    Span {
        start,
        end,
        category: Category::Person,
        canonical: words_canonical(&text[start..end]),
    }
}

/// Where a name ending at `end` ends with the letters an apostrophe joins to it: a
/// glottal stop ("Ma'ruf", "Hu'u") or a possessive.
pub(crate) fn past_apostrophe(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix('\'').or_else(|| rest.strip_prefix('’')) else {
        return end;
    };
    let letters: usize = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    if letters > 0 {
        end + rest.len() - after.len() + letters
    } else {
        end
    }
}

/// Particles that open a name and are no name alone: Balinese "Gusti", "Ida" and
/// "Cokorda", Sasak "Lalu" and "Baiq", Javanese "Raden", Buton and Muna "La" and "Wa",
/// Acehnese "Teuku". Left beside a tag they tell, among a few people, who it is
/// ("Lalu [PERSON_1]"). Capitalised only: "lalu" is "then".
const NAME_PARTICLES: &[&str] = &[
    "Gusti", "Ida", "Cokorda", "Tjokorda", "Lalu", "Baiq", "Raden", "La", "Wa", "Teuku", "Tengku",
];

/// Extends a name starting at `start` back over up to two particles before it ("Raden
/// Ajeng Sri", "Gusti Ayu"). A "Lalu" that opens a sentence is "then".
fn particles_start(text: &str, mut start: usize) -> usize {
    // "Moh. Rizal Fanani", "Muh. Arfah": Muhammad written short opens the name.
    const MUHAMMAD: &[&str] = &["Moh. ", "Muh. ", "Mhd. ", "Moch. ", "Mohd. ", "Muhd. "];
    if let Some(short) = MUHAMMAD.iter().find(|m| text[..start].ends_with(*m))
        && !text[..start - short.len()].ends_with(|c: char| c.is_alphanumeric())
    {
        start -= short.len();
    }
    for _ in 0..2 {
        match word_before(text, start) {
            Some(s)
                if NAME_PARTICLES.contains(&&text[s..start - 1])
                    && !(&text[s..start - 1] == "Lalu"
                        && is_sentence_initial(text, s)
                        && !after_holder_stop(text, s)) =>
            {
                start = s;
            }
            _ => break,
        }
    }
    start
}

/// Whether the stop before `start` is that of "a.n." (an account's holder), which
/// opens no sentence: "a.n. Lalu Ahmad Juaini".
fn after_holder_stop(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end().as_bytes();
    before.len() >= 4 && before[before.len() - 4..].eq_ignore_ascii_case(b"a.n.")
}

/// Extends a Batak woman's name ending at `end` over "br." (boru, daughter of) and her
/// clan's name: "Rosmawati br. Sitorus" is one name, not two beside a "br.".
fn boru_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let Some(after) = ["br. ", "Br. ", "br ", "boru ", "Boru "]
        .iter()
        .find_map(|marker| rest.strip_prefix(' ').and_then(|r| r.strip_prefix(marker)))
    else {
        return end;
    };
    let s = text.len() - after.len();
    match next_word(text, s, 0) {
        Some((s, e)) if is_capitalised(text, s) && is_name_shaped(text, s, e) => e,
        _ => end,
    }
}

/// A profile's display name at the start of a line: one to three words, then emoji or a
/// bar, then an age ("Bunga 🌸 22th | ready …", "jelita | 21 y.o", "ANGEL 😇 19+").
/// MiChat statuses open so, and the words are a name there whatever else they mean
/// ("Bunga", "Senja", "Intan"). A decoy, a place, a cue or a function word among them
/// is no display name ("Jumat 🔥 22", "Medan | 25 th").
pub(crate) fn display_name(text: &str, start: usize) -> Option<Span> {
    const CUE_OR_PLACE: u16 = CUES | DECOY | PLACE;
    let mut end = start;
    let mut words = 0;
    loop {
        let word_end = letters_end(text, end);
        let word = &text[end..word_end];
        if word.is_empty() || word.len() > 24 || is_function_word(word) {
            return None;
        }
        let f = flags(text, end, word_end);
        if f & CUE_OR_PLACE != 0 && f & NAME == 0 {
            return None;
        }
        words += 1;
        end = word_end;
        match text[end..].strip_prefix(' ') {
            Some(rest) if words < 3 && rest.starts_with(char::is_alphabetic) => end += 1,
            _ => break,
        }
    }
    // Emoji (symbols past the arrows; spaces between) or a bar, then the age.
    let rest = &text[end..];
    let after = rest.trim_start_matches(|c: char| c == ' ' || c == '|' || (c >= '\u{2190}' && !c.is_alphanumeric()));
    let separator = &rest[..rest.len() - after.len()];
    if !separator.contains(|c: char| c == '|' || c >= '\u{2190}') || !is_age(after) {
        return None;
    }
    Some(person(text, start, end))
}

/// A sender's name alone on its line before the time of the message, as a chat copied
/// from the app lays it out ("Om Dayak Ganteng 20:41", "Mbak Sisil Kobar 💋 21:39"):
/// the account's name, whatever its words. One to four words, emoji between them or
/// after; none a decoy, a cue but a title, or a function word; one with a capital that
/// is no common word. Or the account's username alone ("yuliie_tb 20:16").
pub(crate) fn sender_before_time(text: &str, start: usize) -> Option<Span> {
    // The line's end within 80 bytes: a longer line is a message or a turn.
    let rest = &text[start..];
    let window = &rest.as_bytes()[..rest.len().min(81)];
    let line_end = memchr::memchr(b'\n', window).or((rest.len() <= 80).then_some(rest.len()))?;
    let line = rest[..line_end].trim_end();
    let b = line.as_bytes();
    let n = b.len();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if n < 7 || !digit(n - 1) || !digit(n - 2) || !matches!(b[n - 3], b':' | b'.') || !digit(n - 4) {
        return None;
    }
    let hour_start = if digit(n - 5) { n - 5 } else { n - 4 };
    if b.get(hour_start.wrapping_sub(1)) != Some(&b' ') || line[hour_start..n - 3].parse::<u8>().ok()? > 23 {
        return None;
    }
    let mut end = start;
    let mut words = 0;
    let mut named = false;
    let mut username = false;
    let mut at = start;
    for token in line[..hour_start].split(' ') {
        let (s, e) = (at, at + token.len());
        at = e + 1;
        if token.is_empty() || token.chars().all(|c| c >= '\u{2190}' && !c.is_alphanumeric()) {
            continue;
        }
        // Not a code in capitals ("P107 10:15"): a role's label.
        if words == 0
            && username_end(text.as_bytes(), s) == Some(e)
            && is_username_shaped(token.as_bytes())
            && token.bytes().any(|c| c.is_ascii_lowercase())
        {
            username = true;
            words += 1;
            end = e;
            continue;
        }
        let f = flags(text, s, e);
        if !token.chars().all(char::is_alphabetic) || is_function_word(token) || f & (DECOY | (CUES & !HONORIFIC)) != 0
        {
            return None;
        }
        named |= is_capitalised(text, s) && (f & COMMON == 0 || f & NAME != 0) && f & HONORIFIC == 0;
        words += 1;
        end = e;
    }
    ((named && words <= 4) || (username && words == 1)).then(|| Span {
        start,
        end,
        category: Category::Handle,
        canonical: words_canonical(&text[start..end]),
    })
}

/// The name before a participant's code in brackets at `paren` ("Norma (P31)", "Kak
/// Siti Aminah (P-07)"): notes that pair the two undo what the code is for. Up to three
/// capitalised words before it, none a decoy, a cue or a function word.
pub(crate) fn name_before_code(text: &str, paren: usize) -> Option<Span> {
    let b = text.as_bytes();
    let rest = &b[paren + 1..];
    if rest.first() != Some(&b'P') || paren == 0 || b[paren - 1] != b' ' {
        return None;
    }
    let from = 1 + usize::from(rest.get(1) == Some(&b'-'));
    let digits = rest[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=4).contains(&digits) || rest.get(from + digits) != Some(&b')') {
        return None;
    }
    let end = paren - 1;
    let mut start = None;
    let mut at = end;
    for _ in 0..3 {
        let Some(s) = word_ending_at(text, at) else {
            break;
        };
        let f = flags(text, s, at);
        if !is_capitalised(text, s)
            || !is_name_shaped(text, s, at)
            || is_function_word(&text[s..at])
            || (f & (DECOY | CUES) != 0 && f & NAME == 0)
        {
            break;
        }
        start = Some(s);
        if s == 0 || b[s - 1] != b' ' {
            break;
        }
        at = s - 1;
    }
    start.map(|s| person(text, s, end))
}

/// What a bracket at `paren` closes a name with: a participant's code after a person
/// (`name_before_code`), the acronym of an organisation's capitalised words
/// (`named_before_initials`, unless an organisation found from `found_from` on holds
/// all its words already), or a name after a word for kin
/// (`name_in_brackets_after_kin`).
pub(crate) fn named_before_bracket(text: &str, paren: usize, found_from: Option<usize>) -> Option<Span> {
    name_before_code(text, paren)
        .or_else(|| named_before_initials(text, paren).filter(|s| found_from.is_none_or(|f| s.start < f)))
        .or_else(|| name_in_brackets_after_kin(text, paren))
}

/// A name in brackets at `paren` after a word for a husband, a wife, a child or a
/// lover ("suaminya (Bahrum)", "pacarnya (Rudi Hartono)"): up to three capitalised
/// words, none a decoy, a cue or a function word, and then the closing bracket.
fn name_in_brackets_after_kin(text: &str, paren: usize) -> Option<Span> {
    const KIN: &[&str] = &[
        "suami",
        "suaminya",
        "istri",
        "istrinya",
        "bini",
        "bininya",
        "laki",
        "lakinya",
        "anak",
        "anaknya",
        "pacar",
        "pacarnya",
        "mantan",
        "mantannya",
        "adik",
        "adiknya",
        "kakak",
        "kakaknya",
        "mertua",
        "mertuanya",
    ];
    let b = text.as_bytes();
    if paren == 0 || b[paren - 1] != b' ' {
        return None;
    }
    let kin = word_ending_at(text, paren - 1)?;
    if !KIN.iter().any(|k| k.eq_ignore_ascii_case(&text[kin..paren - 1])) {
        return None;
    }
    let start = paren + 1;
    let close = start + text[start..].bytes().take(40).position(|c| c == b')')?;
    let mut words = 0;
    for (at, word) in text[start..close].split(' ').scan(start, |at, w| {
        let here = *at;
        *at += w.len() + 1;
        Some((here, w))
    }) {
        let end = at + word.len();
        let f = flags(text, at, end);
        if word.is_empty()
            || !is_capitalised(text, at)
            || !is_name_shaped(text, at, end)
            || is_function_word(word)
            || (f & (DECOY | CUES) != 0 && f & NAME == 0)
        {
            return None;
        }
        words += 1;
    }
    (1..=3).contains(&words).then(|| person(text, start, close))
}

/// An organisation named by capitalised words and then, in brackets at `paren`, the
/// acronym their initials make: "Lentera Perempuan Grobogan (LPG)", "Pusat Kajian
/// Gender dan Seksualitas (PKGS)". The span runs to the closing bracket, and the
/// acronym is learned from it (`Learned::learn`). Not a term spelled out: the acronym
/// must be in no lexicon ("Human Immunodeficiency Virus (HIV)", "Pekerja Seks
/// Komersial (PSK)"), and one of the words a name, a place, or in no lexicon.
fn named_before_initials(text: &str, paren: usize) -> Option<Span> {
    let b = text.as_bytes();
    let letters = b[paren + 1..].iter().take_while(|c| c.is_ascii_uppercase()).count();
    let close = paren + 1 + letters;
    if !(3..=6).contains(&letters) || b.get(close) != Some(&b')') || paren == 0 || b[paren - 1] != b' ' {
        return None;
    }
    if flags(text, paren + 1, close) != 0 {
        return None;
    }
    let acronym = &b[paren + 1..close];
    // The words from the last back: each capitalised word gives the next initial
    // (from the end); "dan", "&" and "untuk" stand between and give none.
    let (mut at, mut matched, mut start, mut named) = (paren - 1, 0, paren, false);
    while matched < letters {
        let s = word_ending_at(text, at)?;
        let word = &text[s..at];
        if !matches!(word, "dan" | "untuk") {
            if !is_capitalised(text, s) || b[s] != acronym[letters - 1 - matched] {
                return None;
            }
            let f = flags(text, s, at);
            named |= f == 0 || f & (NAME | PLACE) != 0;
            matched += 1;
        }
        start = s;
        if matched == letters {
            break;
        }
        // One space before the word, or " & ".
        at = s.checked_sub(1).filter(|&i| b[i] == b' ')?;
        if text[..at].ends_with(" &") {
            at -= 2;
        }
    }
    named.then(|| Span {
        start,
        end: close + 1,
        category: Category::Organisation,
        canonical: words_canonical(&text[start..paren - 1]),
    })
}

/// Where the run of letters that starts at `from` ends.
fn letters_end(text: &str, from: usize) -> usize {
    from + text[from..]
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len() - from)
}

/// Whether `text` opens with an adult's age as profiles write it: "22th", "22 thn",
/// "25 tahun", "21 y.o", "19+", "27" and then no more of a number ("21.30", "500k").
fn is_age(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(&d1), Some(&d2)) = (b.first(), b.get(1)) else {
        return false;
    };
    if !(b'1'..=b'6').contains(&d1) || !d2.is_ascii_digit() || (d1 == b'1' && d2 < b'7') {
        return false;
    }
    let rest = &text[2..];
    let rest = [
        "+", " tahun", "tahun", " thn", "thn", " th", "th", " y.o", "y.o", " yo", "yo",
    ]
    .iter()
    .find_map(|unit| rest.strip_prefix(unit))
    .unwrap_or(rest);
    let mut next = rest.chars();
    match next.next() {
        None => true,
        Some('.' | ',' | ':' | '/' | '-') => !next.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Titles that are also ordinary English nouns or verbs: in English text a lower-case
/// word after them is mostly no name ("my brother went home", "I miss going out"), so
/// in lower case only a given name of the lexicon is one ("miss rina").
fn is_english_title(cue: &str) -> bool {
    [
        "mister", "miss", "mrs", "sister", "brother", "madam", "uncle", "aunt", "auntie", "pastor", "boss", "mayor",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(cue))
}

/// The name after the honorific `cue_start..cue_end`.
pub(crate) fn after_honorific(text: &str, cue_start: usize, cue_end: usize) -> Option<Span> {
    // Titles written short with a stop ("Hj. Salma", "Sdr. Budi"); after any other
    // honorific a stop may end the sentence ("ketemu, Kak. Enaknya …", "lho mbak.
    // Utawa"), and only a name the lexicon knows follows it ("Pak. Darmo").
    const ABBREVIATIONS: &[&str] = &[
        "dr", "hj", "h", "sdr", "sdri", "mr", "mrs", "ms", "mbk", "ust", "bpk", "moh", "muh", "mhd", "moch", "mohd",
        "muhd",
    ];
    let cue = &text[cue_start..cue_end];
    let mut p = cue_end;
    let mut stopped = false;
    if text.as_bytes().get(p) == Some(&b'.') {
        stopped = !ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(cue)) && text[p + 1..].starts_with(' ');
        p += 1;
    } else if let Some(rest) = text[p..].strip_prefix(['\'', '’'])
        && rest.starts_with(' ')
    {
        // A glottal stop that ends a kin word ("Bibi' Juhairiyah", Bugis "Indo' Sarce").
        p = text.len() - rest.len();
    }
    if let Some(initialled) = name_after_initial(text, p) {
        return Some(initialled);
    }
    let (s, e) = next_word(text, p, 2).filter(|&(s, _)| s > p || p > cue_end)?;
    // After Batak "boru" a people is the girl's, not a clan: "boru Batak", "boru Karo".
    const PEOPLES: &[&str] = &[
        "batak",
        "toba",
        "karo",
        "simalungun",
        "mandailing",
        "angkola",
        "pakpak",
        "nias",
        "jawa",
        "sunda",
        "minang",
        "melayu",
    ];
    if cue.eq_ignore_ascii_case("boru") && PEOPLES.iter().any(|w| w.eq_ignore_ascii_case(&text[s..e])) {
        return None;
    }
    if is_capitalised(text, s) && is_name_shaped(text, s, e) {
        // `capitalised_name_word`, asking the lexicon once; and after a cue a given
        // name that is also a month or a function word is a name ("Bu Mei Ling").
        let f = flags(text, s, e);
        // "dr" without its stop before a place is "dari" (from): "dr Buton".
        // Nor "ko" ("you" in the east) before one: "ko Sorong kapan?".
        let from_place =
            p == cue_end && f & PLACE != 0 && (cue.eq_ignore_ascii_case("dr") || honorific_is_also_a_word(cue));
        // A feast of two words after Javanese "nek" (if) or Minang "ka": "nek Idul Adha".
        let feast = || {
            LEXICON
                .longest(text, s)
                .is_some_and(|hit| hit.end > e && hit.flags & DECOY != 0)
        };
        // A common word with a suffix is none: after "Kak." a sentence opens with a word
        // ("Enaknya dipanggil apa?").
        let word = &text[s..e];
        // A short common word in capitals is a nickname here ("Uni Yet", "Mama Sisi"),
        // where a longer one is mostly a word of praise ("Kak Cantik", "Mas Ganteng").
        // Not an abbreviation: "pindah ka HP". Nor a trade, which after a title names
        // the teacher or the driver ("Pak Guru", "Mas Ojek").
        let short_common = f & COMMON != 0
            && word.len() <= 4
            && word.bytes().any(|c| c.is_ascii_lowercase())
            && !word.eq_ignore_ascii_case("guru")
            && !word.eq_ignore_ascii_case("ojek");
        // A regional "I" before names in capitals is a name itself after a title:
        // Makassar "Daeng Ngai".
        let cues = if naming_cue_takes_capitals_only(word) {
            CUES & !NAMING
        } else {
            CUES
        };
        let name_like = f & (DECOY | cues) == 0
            && (f & COMMON == 0 || short_common)
            && (!is_function_word(word) || (matches!(word, "Lalu" | "Is") && !capitalised_word_after(text, e)))
            && (f != 0 || !is_suffixed_common_word(word));
        // After a stop, a name that is also a word opens a sentence: "Samo2 bang. Mike pun
        // hati2" (Riau Malay "mike", you).
        let known_name = f & NAME != 0 && !(stopped && f & COMMON != 0);
        if !from_place && (known_name || (name_like && !stopped)) && !feast() {
            // A place's name goes on as the place's ("ka Padang Luar", to Padang Luar).
            let end = if f & PLACE != 0 {
                extend_surnames(text, e)
            } else {
                extend_surnames_closing(text, e)
            };
            return Some(person(text, s, end));
        }
    }
    if is_capitalised(text, s) || stopped || honorific_is_also_a_word(cue) {
        return None;
    }
    if is_english_title(cue) {
        return lowercase_given_name(text, s, e).then(|| person(text, s, e));
    }
    // Sundanese and Minang "ka" is also "to": a common word after it is none ("ka
    // imah", home). A word in no lexicon still is, as after "kak" ("ka yuliani"): a
    // Minang "ka sinan" (there) is lost to the reader, where the other way a name
    // would be left in clear.
    // Nor a common word after "teh" in lower case, tea: "teh melati", "teh manis".
    let sundanese_to = (cue.eq_ignore_ascii_case("ka") || cue == "teh") && flags(text, s, e) & COMMON != 0;
    (!sundanese_to && (lowercase_name_word(text, s, e) || lowercase_given_name(text, s, e)))
        .then(|| person(text, s, extend_lowercase(text, e)))
}

/// An honorific that is also a given name, in capitals inside a sentence with no name
/// after it, is the name: "si Nona, sudah keluar", "ajak Nona juga", "Bu Ning (kalau
/// mau)". As a title it stands before a name ("Nona Mince", "Ning Ana"); as a word of
/// address mostly in lower case ("Malam nona"), and doubled it is a plural
/// ("Nona-nona").
pub(crate) fn honorific_as_name(text: &str, start: usize, end: usize) -> Option<Span> {
    (matches!(&text[start..end], "Nona" | "Ning")
        && !text[end..].starts_with('-')
        && !capitalised_word_after(text, end)
        && !is_sentence_initial(text, start))
    .then(|| person(text, start, end))
}

/// The name after an initial after a word of address ending at `p`: "Pak T.
/// Mahyuddin" (Teuku), "Bu R. Siregar". The stop after the initial opens no sentence.
/// The initial, often a title (H. for Haji), stays outside: "Pak Mahyuddin" elsewhere
/// gets the same tag.
fn name_after_initial(text: &str, p: usize) -> Option<Span> {
    let b = text.as_bytes();
    let initial = p + 1;
    if !(b.get(p) == Some(&b' ')
        && b.get(initial).is_some_and(u8::is_ascii_uppercase)
        && b.get(initial + 1..initial + 3) == Some(b". "))
    {
        return None;
    }
    let (s, e) = next_word(text, initial + 3, 0)?;
    let f = flags(text, s, e);
    (is_capitalised(text, s) && is_name_shaped(text, s, e) && !is_function_word(&text[s..e]) && f & (DECOY | CUES) == 0)
        .then(|| person(text, s, extend_surnames(text, e)))
}

/// Whether the honorific `cue` is also an ordinary word, so that only a name in
/// capitals follows it: "ko" is "you" in eastern Malay (and a Chinese-Indonesian
/// man), Batak "Tulang" (uncle) is "tulang" (bone: "tulang rusuk"), "ama" is "with"
/// in Jakarta slang, a grandparent is spoken to without a name ("iya nek sabar"),
/// a nurse is named by her task ("perawat jaga"), "aki" is a car's battery, a
/// village head is called "jaro" without a name, "bibi" is also the maid, "Indo"
/// Indonesia, a mother is spoken to without a name ("Kak mamak masuk RSUD", Betawi
/// "nyak"), Minang "da" (Uda) is also "already", and Batak "boru" is also a girl.
fn honorific_is_also_a_word(cue: &str) -> bool {
    [
        "ko", "tulang", "ama", "ina", "nek", "nenek", "kakek", "konselor", "perawat", "kiai", "kyai", "lora", "aki",
        "jaro", "bibi", "indo", "ambe", "kindo", "mamak", "jang", "ayuk", "yuk", "da", "nyak", "boru",
    ]
    .iter()
    .any(|w| cue.eq_ignore_ascii_case(w))
}

/// Where the given name from the lexicon at `start..end` (with the lexicon `flags`)
/// starts and ends, with its first name and surnames. One that is also a common word
/// ("Indah", "Bunga") must be capitalised and not open a sentence, unless a capitalised
/// surname follows. The extent alone: the engine builds the span (see [`person`]) only
/// if no earlier find covers it, as the one after an honorific mostly does.
pub(crate) fn lexicon_name(text: &str, start: usize, end: usize, flags: u16) -> Option<(usize, usize)> {
    if flags & NAME == 0 || flags & DECOY != 0 {
        return None;
    }
    let capitalised = is_capitalised(text, start);
    if capitalised && let Some(end) = chinese_given_names(text, start, end) {
        return Some((start, end));
    }
    if flags & (COMMON | PLACE) != 0 {
        if !capitalised {
            return None;
        }
        if is_sentence_initial(text, start) {
            let extended = extend_surnames(text, end);
            return (extended != end).then_some((start, extended));
        }
        return Some((extend_first_name(text, start), extend_surnames_closing(text, end)));
    }
    if !capitalised && praises(text, start, end) {
        return None;
    }
    Some(if capitalised {
        (extend_first_name(text, start), extend_surnames_closing(text, end))
    } else {
        let end = extend_lowercase(text, end);
        (extend_lowercase_first_name(text, start, end), end)
    })
}

/// Whether the word at `start..end`, a given name in lower case, is the adjective it
/// also is, by a word of degree before or after it: "cah ayu", "sing ayu tenan",
/// "orangnya baik, ayu pisan", "memang ayu sekali" (Javanese and Sundanese "pretty").
/// Not "lagi", which after a name asks what she is doing ("ayu lagi apa?").
fn praises(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "cah", "sing", "pancen", "memang", "paling", "lebih", "sangat", "cukup", "agak", "kok", "iki", "kae",
    ];
    // Not "sekali", also "once": "kasih uang sekolah kristo sekali".
    const AFTER: &[&str] = &["tenan", "pisan", "banget", "bgt", "bener", "nemen", "temen", "bianget"];
    // The words one space before and after, read as bytes: asked of every name in
    // lower case.
    let is = |list: &[&str], word: &[u8]| list.iter().any(|w| w.as_bytes() == word);
    if lowered_word_before(text, start, &mut [0u8; 12]).is_some_and(|before| is(BEFORE, before)) {
        return true;
    }
    let b = text.as_bytes();
    b.get(end) == Some(&b' ') && {
        let rest = &b[end + 1..];
        is(
            AFTER,
            &rest[..rest.iter().position(|c| !c.is_ascii_lowercase()).unwrap_or(rest.len())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(t: &str, cue: &str) -> Option<(String, String)> {
        let end = t.find(cue)? + cue.len();
        after_honorific(t, end - cue.len(), end).map(|s| (t[s.start..s.end].to_owned(), s.canonical.into()))
    }

    #[test]
    fn a_common_word_with_a_suffix_after_an_honorific_is_no_name() {
        for t in [
            "kakak asalnya dari mana",
            "teh kosanna di mana",
            "kak rumahku jauh",
            "tadi kak yayasan",
        ] {
            let cue = t.split(' ').nth(t.starts_with("tadi") as usize).unwrap();
            assert_eq!(after(t, cue), None, "{t}");
        }
        assert_eq!(
            after("tadi kak zelkowina datang", "kak").map(|n| n.1),
            Some("zelkowina".into())
        );
    }

    #[test]
    fn a_holder_whose_first_name_is_a_common_word() {
        let holder = |t: &str| {
            let end = t.find("a.n").unwrap() + 3;
            name_after_cue(t, end).map(|s| t[s.start..s.end].to_owned())
        };
        assert_eq!(
            holder("rek BRI 0129 a.n iyah rohayati").as_deref(),
            Some("iyah rohayati")
        );
        assert_eq!(
            holder("rek BRI 0129 a.n Iyah Rohayati").as_deref(),
            Some("Iyah Rohayati")
        );
        assert_eq!(holder("rek BRI 0129 a.n teman dekat"), None);
        assert_eq!(holder("rek BRI 0129 a.n teman saya"), None);
    }

    fn display(t: &str) -> Option<String> {
        display_name(t, 0).map(|s| t[s.start..s.end].to_owned())
    }

    #[test]
    fn a_profile_opens_with_its_display_name_and_an_age() {
        for (status, name) in [
            ("Bunga 🌸 22th | ready jkt selatan", "Bunga"),
            ("jelita | 21 y.o | mahasiswi", "jelita"),
            ("ANGEL 😇 19+ | Grogol", "ANGEL"),
            ("Rosa Manis 🌹 26 | Medan kota", "Rosa Manis"),
            ("Senja 🌅 27 | Denpasar - Sanur", "Senja"),
            ("Zelkowi 💎 24 tahun", "Zelkowi"),
            ("Intan 💎 24", "Intan"),
        ] {
            assert_eq!(display(status).as_deref(), Some(name), "{status}");
        }
        for status in [
            "Bunga 🌸 ready jkt selatan", // no age
            "Bunga 22th ready",           // no emoji and no bar
            "Jumat 🔥 22.30 ready",       // a decoy, and a clock time
            "Medan | 25 th",              // a place
            "Bunga 🌸 500k",              // a price
            "Sayang 😘 15 menit lagi",    // no adult's age
            "aku 🌸 22th",                // a function word
            "Hotel Melati 🌸 22th",       // a cue
            "Bunga 🌸 22.000 per jam",    // a number that goes on
        ] {
            assert_eq!(display(status), None, "{status}");
        }
    }

    #[test]
    fn honorific_then_name() {
        for (t, cue, name) in [
            ("tadi Mas Budi datang", "Mas", "Budi"),
            ("ketemu Om Hendra Wijaya kemarin", "Om", "Hendra Wijaya"),
            ("ketemu om hendra kemarin", "om", "hendra"),
            // A short common word in capitals is a nickname.
            ("Kawan ambo, Uni Yet, nan maajak", "Uni", "Yet"),
            ("di Kota Uneng. Mama Sisi punya anak", "Mama", "Sisi"),
        ] {
            assert_eq!(after(t, cue), Some((name.into(), name.to_lowercase())), "{t}");
        }
        assert_eq!(
            after("Cik Mei Ling", "Cik").map(|n| n.1),
            Some("mei ling".into()),
            "a name after a cue"
        );
        assert_eq!(
            after("aq Cik sumiati sihombing", "Cik").map(|n| n.1),
            Some("sumiati sihombing".into())
        );
        assert_eq!(after("Cik Ling", "Cik").map(|n| n.1), Some("ling".into()));
        assert_eq!(after("Pak. Darmo", "Pak").map(|n| n.1), Some("darmo".into()));
        assert_eq!(after("kak Tasya", "kak").map(|n| n.1), Some("tasya".into()));
        assert_eq!(
            after("kak indah udh sampe blm?", "kak").map(|n| n.1),
            Some("indah".into()),
            "a given name that is a common word too"
        );
        assert_eq!(after("mas hari ini bisa?", "mas"), None, "a day is no name");
        assert_eq!(
            after("siapa yg kenal pak hari? dia minta nomer", "pak").map(|n| n.1),
            Some("hari".into()),
            "'hari' with no word after it"
        );
        assert_eq!(
            after("kak mei udh tf?", "kak").map(|n| n.1),
            Some("mei".into()),
            "a given name that is also a month"
        );
        assert_eq!(after("bu nur'aini", "bu").map(|n| n.0), Some("nur'aini".into()));
    }

    #[test]
    fn honorific_then_common_word_is_no_name() {
        for (t, cue) in [
            ("mas mau kemana", "mas"),
            ("kak cantik banget", "kak"),
            ("Om Senin datang", "Om"),
            ("Bu RT bilang", "Bu"),
            ("bang udh makan", "bang"),
            ("mbak", "mbak"),
            ("Mas\nBudi", "Mas"),
            ("mas 500rb", "mas"),
            ("udh ku tf ya kak Rp450.000", "kak"),
            ("kak IDR1.500.000", "kak"),
            ("Kak Cantik datang", "Kak"),
            ("ambo pindah ka HP se", "ka"),
        ] {
            assert_eq!(after(t, cue), None, "{t}");
        }
    }

    #[test]
    fn drawn_out_words_after_an_honorific_are_no_names() {
        for (t, cue) in [
            ("udh masuk kak makasihhhh", "kak"),
            ("aq udh di lobby, om pakeeee baju apa?", "om"),
            ("ngakunya kak dariiii purwokerto", "kak"),
        ] {
            assert_eq!(after(t, cue), None, "{t}");
        }
        assert_eq!(
            after("kak annnisa", "kak").map(|n| n.1),
            Some("annnisa".into()),
            "a name drawn out is still a name"
        );
    }

    fn holder(t: &str, cue: &str) -> Option<String> {
        let end = t.find(cue)? + cue.len();
        name_after_cue(t, end).map(|s| t[s.start..s.end].to_owned())
    }

    #[test]
    fn account_holders() {
        assert_eq!(
            holder("atas nama bunga amalia aj kak", "atas nama").as_deref(),
            Some("bunga amalia"),
            "a given name that is a common word too"
        );
        assert_eq!(
            holder("atas nama Tsania Halim. Ada tamu", "atas nama").as_deref(),
            Some("Tsania Halim")
        );
        assert_eq!(holder("atas nama aku aja", "atas nama"), None);
        assert_eq!(
            holder("atas nama mei lestari ya", "atas nama").as_deref(),
            Some("mei lestari"),
            "a given name that is also a month"
        );
        assert_eq!(
            holder("atas nama agus ramadhan ya", "atas nama").as_deref(),
            Some("agus ramadhan")
        );
        assert_eq!(holder("atas nama Senin", "atas nama"), None);
        assert_eq!(
            holder("panggil aja rukmini ya", "panggil aja").as_deref(),
            Some("rukmini")
        );
        assert_eq!(
            holder("nama gue ganti jadi Tsania. Harga", "ganti jadi").as_deref(),
            Some("Tsania")
        );
        assert_eq!(holder("namanya siapa?", "namanya"), None);
        assert_eq!(holder("ganti jadi lebih murah", "ganti jadi"), None);
        let after_account = |t: &str, number: &str| {
            let end = t.find(number).unwrap() + number.len();
            holder_after_account(t, end).map(|s| t[s.start..s.end].to_owned())
        };
        assert_eq!(
            after_account("rek BRI 4622-69-014039 a.n. Yuliani Suryadi ya", "014039").as_deref(),
            Some("Yuliani Suryadi"),
            "after 'a.n.', which ends a sentence elsewhere"
        );
        assert_eq!(
            after_account("norek bca 8459819643 an juleha ningrum aj kak", "9643").as_deref(),
            Some("juleha ningrum")
        );
        assert_eq!(
            after_account("BCA 614-418-7075 A/N Galih Halim", "7075").as_deref(),
            Some("Galih Halim")
        );
        assert_eq!(after_account("BCA 8459819643 ank aku", "9643"), None);
        assert_eq!(after_account("BCA 8459819643 ya kak", "9643"), None);
    }

    fn lex(t: &str, word: &str) -> Option<String> {
        let s = t.find(word)?;
        let e = s + word.len();
        lexicon_name(t, s, e, LEXICON.exact(t, s, e)).map(|(s, e)| t[s..e].to_owned())
    }

    #[test]
    fn lexicon_names() {
        assert_eq!(lex("tadi budi bilang", "budi").as_deref(), Some("budi"));
        assert_eq!(lex("kata Budi Santoso tadi", "Budi").as_deref(), Some("Budi Santoso"));
        assert_eq!(lex("ketemu Indah di pasar", "Indah").as_deref(), Some("Indah"));
        assert_eq!(lex("pemandangannya indah", "indah"), None);
        assert_eq!(lex("Indah sekali.", "Indah"), None);
        assert_eq!(
            lex("Indah Permatasari datang", "Indah").as_deref(),
            Some("Indah Permatasari")
        );
        assert_eq!(lex("bulan Mei", "Mei"), None);
        assert_eq!(lex("atas nama nisa sinaga ya", "nisa").as_deref(), Some("nisa sinaga"));
        assert_eq!(
            lex("boleh kak, Xaverius Sembiring, no KTP", "Sembiring").as_deref(),
            Some("Xaverius Sembiring")
        );
        assert_eq!(
            lex("Kemarin Sembiring datang", "Sembiring").as_deref(),
            Some("Sembiring")
        );
        assert_eq!(lex("tadi budi bilang", "budi").as_deref(), Some("budi"));
    }

    #[test]
    fn lowercase_first_names_before_a_known_name() {
        assert_eq!(
            lex("boleh kak, feby setiawan, nik 53", "setiawan").as_deref(),
            Some("feby setiawan"),
            "a first name in no lexicon"
        );
        assert_eq!(
            lex("boleh kak, bagus suryadi, nik 18", "suryadi").as_deref(),
            Some("bagus suryadi"),
            "a given name that is a common word too"
        );
        assert_eq!(lex("kemarin budi datang", "budi").as_deref(), Some("budi"));
        assert_eq!(lex("semoga budi cepet keluar", "budi").as_deref(), Some("budi"));
        assert_eq!(
            lex("email budi@gmail.com", "budi").as_deref(),
            Some("budi"),
            "part of an address: the e-mail detector takes it whole"
        );
        assert_eq!(lex("tadi Feby setiawan", "setiawan").as_deref(), Some("setiawan"));
    }
}
