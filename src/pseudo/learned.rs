//! Names a text has shown to be names, found again where they stand bare. A name is
//! often introduced once with a cue and then used alone: "Bang Ronggur Sigiro …
//! Ronggur itu keras … kalau ronggur marah". The cue found the first; the lexicon knows
//! neither "ronggur" nor, as a name, "Embun" (a common word). A file's finds teach the
//! names, and the rest of the file is searched for them; so with places the gazetteer
//! lacks ("pindah ke Sikakap", then "kalau sikakap rame").

use std::collections::{HashMap, HashSet};

use compact_str::CompactString;

use super::lexicon::{COMMON, DECOY, HONORIFIC, LEXICON, NAME, PLACE, is_function_word, word_hash};
use super::names::person;
use super::place::is_kind_of_place;
use super::{Category, Span};

/// Names learned from one file at most: memory stays bounded whatever the input (a
/// study's transcript names dozens).
const MAX_NAMES: usize = 1024;

/// A word of a text that a learned name may be: ASCII letters that the lexicon's
/// table lacks, or that begin with a capital and have `learnable` flags. The engine
/// notes these as it reads every word, so that finding the mentions of learned names
/// costs no second reading of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameCandidate {
    /// Byte offsets into the caller's text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The word's hash, in any case (`word_hash`).
    pub(crate) hash: u64,
}

/// Whether a word with these lexicon `flags` may be learned as a name: not a decoy
/// or an honorific, nor a name the lexicon finds on its own; or a decoy that is also
/// a given name, of which only a month is learned (`is_month_name`).
#[inline]
pub(crate) fn learnable(flags: u16) -> bool {
    flags & (DECOY | HONORIFIC) == 0 && (flags & NAME == 0 || flags & COMMON != 0)
        || flags & (DECOY | NAME | HONORIFIC) == DECOY | NAME
}

/// Whether `word` is a month that is also a given name ("Mei", "Juni", "Des"): a file
/// that shows it as someone's name ("Ce Mei", "dipanggil \"Juni\"") means that person
/// where it stands with its capital outside a date (`in_a_date`). Other decoys that
/// are names ("Hari", "Amin") stay decoys: "Hari Raya", "Amin" after a prayer.
fn is_month_name(word: &str) -> bool {
    ["mei", "juni", "juli", "jun", "jul", "des"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(word))
}

/// Months in full and short, lower case: a month beside another is a date ("April
/// dan Mei", "Mei-Juni").
const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "agu",
    "agt",
    "agst",
    "sep",
    "sept",
    "okt",
    "nov",
    "des",
];

/// Whether the month at `start..end` is a date where it stands: after a number ("12
/// Mei") or a word of time ("bulan Mei", "sejak Juni"), before a year ("Mei 2024") or
/// a word that says which ("Mei lalu", "Juni nanti"), or beside another month ("April
/// dan Mei", "Mei-Juni").
fn in_a_date(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "bulan",
        "bln",
        "tanggal",
        "tgl",
        "awal",
        "akhir",
        "pertengahan",
        "sejak",
        "sampai",
        "hingga",
        "per",
        "pada",
        "tiap",
        "setiap",
        "mulai",
        "dari",
        "sebelum",
        "sesudah",
        "setelah",
        "selama",
        "antara",
        "of",
        "in",
    ];
    const AFTER: &[&str] = &[
        "lalu", "kemarin", "kmrn", "nanti", "depan", "ini", "tahun", "thn", "th", "besok",
    ];
    const JOINING: &[&str] = &["dan", "atau", "sampai", "hingga", "s/d", "sd"];
    let is = |list: &[&str], word: &str| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    // A dash or a slash glued to it joins another month ("Mei-Juni"); after a space
    // it opens a list's line ("- Juni bilang").
    let before = text[..start].trim_end_matches([' ', ',']);
    if text[..start].ends_with(['-', '–', '/']) || before.ends_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let word_before = before.rsplit([' ', '\n', '(']).next().unwrap_or("");
    if is(BEFORE, word_before) || is(MONTHS, word_before) {
        return true;
    }
    if is(JOINING, word_before) {
        let further = before[..before.len() - word_before.len()].trim_end_matches([' ', ',']);
        if is(MONTHS, further.rsplit([' ', '\n', '(']).next().unwrap_or("")) {
            return true;
        }
    }
    let after = &text[end..];
    if after.starts_with(['-', '–', '/'])
        || after
            .trim_start_matches([' ', '\''])
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    let word_after = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_alphabetic()).next())
        .unwrap_or("");
    is(AFTER, word_after)
}

/// Names learned so far.
#[derive(Default)]
pub struct Learned {
    /// Names learned, lower case, by the hash of the word (`word_hash`): found in any
    /// case among the engine's candidates. A name in no lexicon is so found in any
    /// case ("Ronggur", "ronggur"); one that is also a common word only with its capital
    /// ("Embun bilang", not "embun pagi"), as the engine notes a word of its table
    /// only so.
    names: HashMap<u64, CompactString, foldhash::fast::RandomState>,
    /// Chat senders learned: a chat names the same few on every message.
    senders: HashSet<CompactString, foldhash::fast::RandomState>,
    /// Organisations' acronyms learned where their full name gave them ("Yayasan
    /// Larvul Ngabal Sehat (YLNS)"), by the hash of the word: found again only in
    /// capitals, as field notes use them.
    acronyms: HashMap<u64, CompactString, foldhash::fast::RandomState>,
    /// The short forms of senders' given names, by the hash of the form, with the given
    /// name in lower case: its start or its end of three letters or more, opening with
    /// a consonant, as friends call each other in a chat ("njar" for Anjar, "rat" for
    /// Ratih). Found only where one calls someone (`is_vocative`).
    short_forms: HashMap<u64, (CompactString, CompactString), foldhash::fast::RandomState>,
    /// The words of groups' names that no lexicon holds, lower case, by hash: found
    /// again only with their capital ("Kawan Sidimpuan", then "anak Sidimpuan"), for
    /// such a word is as often a regional word ("Galuh Banua Bersatu", and then
    /// "bubuhan galuh lain": other girls).
    group_words: HashMap<u64, CompactString, foldhash::fast::RandomState>,
    /// The words of places found that no lexicon holds, lower case, by hash: found
    /// again in any case, as places. A village or a surf break the gazetteer lacks is
    /// found once after a cue ("pindah ke Sikakap") and then written bare, often in
    /// lower case ("kalau sikakap rame", as speech recognition writes every word).
    places: HashMap<u64, CompactString, foldhash::fast::RandomState>,
    /// The hashes of the `names` that a person's name found in the text taught
    /// (`learn_name`), not only a chat's sender or a transcript's speaker: a sender is
    /// saved with words of every kind ("Speed Ucok", "Info Kontak") and a speaker may be
    /// a role ("Pencatat"), which the file replaces where they stand but which are no
    /// lessons for the study.
    named_in_text: HashSet<u64, foldhash::fast::RandomState>,
    /// The lessons of the files before this one in the same command (`carried`), by
    /// hash, lower case: found in any case, as what they were. Apart from the file's
    /// own names and places, so that a long command's lessons leave each file its
    /// own room to learn.
    given: HashMap<u64, (CompactString, Category), foldhash::fast::RandomState>,
}

/// Lessons carried from file to file in one command at most (`Learned::carried`).
const MAX_GIVEN: usize = 4 * MAX_NAMES;

/// The shortest name a study keeps as a lesson (`Learned::lessons`): a word of three
/// letters in no lexicon is as often a town's or a word's short form ("tpj", "skg")
/// as a name, which a file's context tells and the study's other files do not.
const LESSON_MIN_LETTERS: usize = 4;

/// Whether the lower-case `word` is a country or a people that a file may learn as a
/// place where a cue stands before it ("dari Brazil", "ke Malaysia", "orang Bugis"):
/// not kept as a lesson of the study, for it tells little of a participant and a
/// study's files name it everywhere ("bule brazil", "bahasa tamil").
fn is_country_or_people(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "amerika",
        "america",
        "arab",
        "aussie",
        "australia",
        "bangladesh",
        "belanda",
        "brasil",
        "brazil",
        "brunei",
        "bugis",
        "canada",
        "china",
        "cina",
        "england",
        "filipina",
        "france",
        "germany",
        "hongkong",
        "india",
        "inggris",
        "italia",
        "italy",
        "japan",
        "jepang",
        "jerman",
        "kamboja",
        "kanada",
        "korea",
        "malaysia",
        "mesir",
        "myanmar",
        "pakistan",
        "perancis",
        "philippines",
        "portugal",
        "rusia",
        "russia",
        "saudi",
        "singapore",
        "singapura",
        "spanyol",
        "taiwan",
        "tamil",
        "thailand",
        "tiongkok",
        "turki",
        "vietnam",
    ];
    WORDS.contains(&word)
}

/// Whether `word` is an organisation's acronym as a text gives one: two to six
/// capitals ("YLNS", "LPSP").
pub(crate) fn is_acronym(word: &str) -> bool {
    (2..=6).contains(&word.len()) && word.bytes().all(|c| c.is_ascii_uppercase())
}

/// The acronym that the initials of an organisation's capitalised words make, if
/// it has three to six and the lexicon knows no such word: "Yayasan Pelita Kasih
/// Papua" is "YPKP" when a file goes on to use it alone ("orang bilang YPKP").
fn initials(name: &str) -> Option<String> {
    let initials: String = name
        .split([' ', '-'])
        .filter_map(|word| word.chars().next().filter(char::is_ascii_uppercase))
        .collect();
    ((3..=6).contains(&initials.len()) && LEXICON.exact(&initials, 0, initials.len()) == 0).then_some(initials)
}

impl Learned {
    pub fn new() -> Self {
        Learned::default()
    }

    /// Learns the names in the person `spans` of `text` (byte offsets into it).
    pub fn learn(&mut self, text: &str, spans: &[Span]) {
        for span in spans {
            let found = &text[span.start..span.end];
            match span.category {
                Category::Person => self.learn_name(found),
                // A group's name holds names and towns ("Kawan Sidimpuan") beside words of
                // every kind ("Info Loker"): only its words in no lexicon are learned.
                Category::Handle if found.contains(' ') => found
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|word| LEXICON.exact(word, 0, word.len()) == 0)
                    .for_each(|word| self.learn_group_word(word)),
                // Only the last word: the others are as often words for a kind of place
                // or titles that the lexicon lacks ("Blang Bintang", a field; "Keude
                // Bireuen", a market; "Bandara Sultan Babullah").
                Category::Place => {
                    if let Some(last) = found.split(|c: char| !c.is_ascii_alphabetic()).rfind(|w| !w.is_empty()) {
                        self.learn_place_word(last);
                    }
                }
                Category::Organisation if is_acronym(found) => self.learn_acronym(found),
                // With its word or without: "Yayasan Pelita Kasih Papua" (YPKP), "RSUD
                // Abdul Wahab Sjahranie" (AWS).
                Category::Organisation => {
                    let named = found.split_once(' ').map(|(_, named)| named);
                    for initials in [Some(found), named].into_iter().flatten().filter_map(initials) {
                        self.learn_acronym(&initials);
                    }
                }
                _ => {}
            }
        }
    }

    fn learn_group_word(&mut self, word: &str) {
        if word.len() >= 3
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && !is_function_word(word)
            && self.group_words.len() < MAX_NAMES
        {
            self.group_words
                .entry(word_hash(word.as_bytes()))
                .or_insert_with(|| word.to_ascii_lowercase().into());
        }
    }

    /// Learns a place's `word` if it has a capital and four letters or more, and no
    /// lexicon holds it: a place the gazetteer knows is found in any case already, and
    /// a common word in a place's name ("Pantai", "Baru") is no place on its own, nor
    /// a regional word for a kind of place ("Meunasah Blang").
    fn learn_place_word(&mut self, word: &str) {
        if word.len() >= 4
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && self.places.len() < MAX_NAMES
            && LEXICON.exact(word, 0, word.len()) == 0
            && !is_kind_of_place(word)
        {
            self.places
                .entry(word_hash(word.as_bytes()))
                .or_insert_with(|| word.to_ascii_lowercase().into());
        }
    }

    fn learn_acronym(&mut self, acronym: &str) {
        if self.acronyms.len() < MAX_NAMES {
            self.acronyms.insert(word_hash(acronym.as_bytes()), acronym.into());
        }
    }

    /// Learns the name of a chat's sender, as `learn_name`, once, and its words in
    /// lower case too: a contact saved as "senja mlg" is Senja when a message calls her.
    pub fn learn_sender(&mut self, name: &str) {
        if self.senders.len() < MAX_NAMES && !self.senders.contains(name) {
            self.senders.insert(name.into());
            self.learn_words(name, true);
            self.learn_short_forms(name);
        }
    }

    /// Learns the short forms of the given name in `sender`: its first word of four
    /// letters or more that is no title.
    fn learn_short_forms(&mut self, sender: &str) {
        let Some(given) = sender
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| w.len() >= 4 && LEXICON.exact(w, 0, w.len()) & HONORIFIC == 0)
        else {
            return;
        };
        let given = given.to_ascii_lowercase();
        let n = given.len();
        // Two letters too ("Serius wi?" for Dewi, "ki" for Kiki): as a short form in a
        // vocative's place such a word is rarely anything else, and one the lexicon
        // holds ("ya", "si", "ka") is skipped below.
        let starts = (2..n).map(|k| &given[..k]);
        let ends = (2..n).map(|k| &given[n - k..]);
        for form in starts.chain(ends) {
            let vowel = matches!(form.as_bytes()[0], b'a' | b'e' | b'i' | b'o' | b'u');
            if vowel || self.short_forms.len() >= MAX_NAMES || LEXICON.exact(form, 0, form.len()) != 0 {
                continue;
            }
            self.short_forms
                .entry(word_hash(form.as_bytes()))
                .or_insert_with(|| (form.into(), given.as_str().into()));
        }
    }

    /// Learns the words of `name` written with a capital that the lexicon would not
    /// find on their own: in no lexicon, or a common word as well as a name. Decoys,
    /// honorifics and function words are never learned.
    pub fn learn_name(&mut self, name: &str) {
        self.learn_words(name, false);
    }

    /// `learn_name`, taking words in lower case too if `sender`. After a sender's first
    /// word, a common word that is no name or place is what the contact was saved with
    /// ("Om Frans Ojek"), or a group's name ("Info Kamar Kpg"): not learned, or every
    /// "Ojek" and "Kamar" of the chat would be taken for her. A town is learned, and
    /// so are three letters, mostly a town's short form ("Wati Skg", though "skg" is
    /// also "sekarang").
    fn learn_words(&mut self, name: &str, sender: bool) {
        let mut first = true;
        for word in name.split(|c: char| !c.is_ascii_alphabetic()) {
            let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
            if word.len() < 3 || !(capitalised || sender) || is_function_word(word) {
                continue;
            }
            let flags = LEXICON.exact(word, 0, word.len());
            if flags & HONORIFIC != 0 {
                continue;
            }
            let descriptor = sender && !first && word.len() > 3 && flags & COMMON != 0 && flags & (NAME | PLACE) == 0;
            first = false;
            if !learnable(flags) || descriptor || (flags & DECOY != 0 && !is_month_name(word)) {
                continue;
            }
            if self.names.len() < MAX_NAMES {
                let hash = word_hash(word.as_bytes());
                self.names
                    .entry(hash)
                    .or_insert_with(|| word.to_ascii_lowercase().into());
                if !sender {
                    self.named_in_text.insert(hash);
                }
            }
        }
    }

    /// What the file taught that holds across its study: the names and places it
    /// learned that no lexicon holds, names of four letters or more that a person's
    /// name found in the text taught (`named_in_text`). A study's other
    /// files are searched for them in any case (the next files of an import through
    /// `carried`, later imports through the vault's lessons, `pseudonyms::engine`):
    /// "Sikakap" found after "pindah ke" in an interview is "sikakap" in the diary
    /// typed in lower case. A learned word that the lexicon also holds ("Embun", a
    /// common word) is found only with its capital and only in its own file, which a
    /// keyed hash kept in the vault could not tell. Not the lessons it was given.
    pub fn lessons(&self) -> impl Iterator<Item = (&str, Category)> {
        let names = self
            .names
            .iter()
            .filter(|(hash, name)| {
                self.named_in_text.contains(*hash)
                    && name.len() >= LESSON_MIN_LETTERS
                    && LEXICON.exact(name, 0, name.len()) == 0
            })
            .map(|(_, name)| (name.as_str(), Category::Person));
        let places = self
            .places
            .values()
            .filter(|place| !is_country_or_people(place))
            .map(|place| (place.as_str(), Category::Place));
        names.chain(places)
    }

    /// What the next file of the same command starts from: the lessons this file was
    /// given and those it taught (`lessons`), and nothing else it learned.
    pub fn carried(&self) -> Learned {
        let mut given = self.given.clone();
        for (word, category) in self.lessons() {
            if given.len() >= MAX_GIVEN {
                break;
            }
            given
                .entry(word_hash(word.as_bytes()))
                .or_insert_with(|| (word.into(), category));
        }
        Learned {
            given,
            ..Learned::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.acronyms.is_empty()
            && self.short_forms.is_empty()
            && self.group_words.is_empty()
            && self.places.is_empty()
            && self.given.is_empty()
    }

    /// The mentions in `text` of the names learned among the `candidates` of `text`,
    /// appended to `out` as persons.
    pub(crate) fn mentions(&self, text: &str, candidates: &[NameCandidate], out: &mut Vec<Span>) {
        if self.is_empty() {
            return;
        }
        for c in candidates {
            let word = &text[c.start..c.end];
            if let Some(name) = self.names.get(&c.hash)
                && word.eq_ignore_ascii_case(name)
            {
                // A month learned as a name is found with its capital outside a date
                // only (the engine notes such a word only with its capital).
                if !is_month_name(name) || !in_a_date(text, c.start, c.end) {
                    out.push(person(text, c.start, c.end));
                }
            } else if let Some(place) = self.places.get(&c.hash)
                && word.eq_ignore_ascii_case(place)
            {
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    category: Category::Place,
                    canonical: place.clone(),
                });
            } else if let Some((lesson, category)) = self.given.get(&c.hash)
                && word.eq_ignore_ascii_case(lesson)
            {
                out.push(match category {
                    Category::Person => person(text, c.start, c.end),
                    _ => Span {
                        start: c.start,
                        end: c.end,
                        category: *category,
                        canonical: lesson.clone(),
                    },
                });
            } else if let Some(word_of_group) = self.group_words.get(&c.hash)
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.eq_ignore_ascii_case(word_of_group)
            {
                out.push(person(text, c.start, c.end));
            } else if !self.short_forms.is_empty()
                && let Some((form, given)) = self.short_forms.get(&c.hash)
                && word.eq_ignore_ascii_case(form)
                && is_vocative(text, c.start, c.end)
            {
                // Under the given name's tag: "njar" is Anjar.
                out.push(Span {
                    canonical: given.clone(),
                    ..person(text, c.start, c.end)
                });
            }
        }
        // Apart, so that a file with no acronym (most) pays nothing for them.
        if self.acronyms.is_empty() {
            return;
        }
        let b = text.as_bytes();
        for c in candidates {
            // Two capitals first: most candidates fail there, before any lookup.
            if !(b[c.start].is_ascii_uppercase() && b.get(c.start + 1).is_some_and(u8::is_ascii_uppercase)) {
                continue;
            }
            let word = &text[c.start..c.end];
            if is_acronym(word) && self.acronyms.get(&c.hash).is_some_and(|acronym| word == acronym) {
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    category: Category::Organisation,
                    canonical: word.to_ascii_lowercase().into(),
                });
            }
        }
    }
}

/// Whether the word `start..end` calls someone: it closes a clause ("Durung jelas
/// rat.", "Wis njar, liwat BRI"), opens a message before a comma ("Njar, kowe aman?")
/// or follows the exclamation that opens one ("Waduh rin ojok nang grup"). Elsewhere
/// a short form is as often a word ("tar ya", later).
fn is_vocative(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let after = b.get(end).copied();
    // Most words go on with a space and a letter: ruled out first.
    let closes = matches!(after, None | Some(b'.' | b',' | b'!' | b'?' | b'\n'))
        || (after == Some(b' ') && b.get(end + 1).is_none_or(|&c| c >= 0x80 || c == b'\n'));
    if !closes {
        return after == Some(b' ') && after_opening_exclamation(text, start);
    }
    if !b.get(start.wrapping_sub(1)).is_none_or(|&c| c == b' ' || c == b'\n') {
        return false;
    }
    !opens_message(text, start) || after == Some(b',')
}

/// Whether `at` opens a line or a chat message ("… - Rini: ").
fn opens_message(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes()[at - 1] == b'\n' || text[..at].ends_with(": ")
}

/// Exclamations that open a message and call someone next: "Waduh rin", "Astaga
/// njar". Not "oke" or "iya", which as often go on with a word ("Oke tar ya").
const OPENING_EXCLAMATIONS: &[&str] = &[
    "waduh",
    "aduh",
    "duh",
    "astaga",
    "astagfirullah",
    "astaghfirullah",
    "yaallah",
    "yaampun",
    "hai",
    "halo",
    "hallo",
    "makasih",
    "suwun",
];

/// Whether the word at `start` follows, after one space, an exclamation
/// (`OPENING_EXCLAMATIONS`) that opens a message.
fn after_opening_exclamation(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    // By bytes: a char of several bytes ends with one that is no ASCII letter.
    let word_start = before
        .bytes()
        .rposition(|c| !c.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    OPENING_EXCLAMATIONS.iter().any(|e| e.eq_ignore_ascii_case(word)) && opens_message(text, word_start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pseudo::{AllowList, Engine, Known};

    /// The mentions in `text` of what `learned` holds, as the engine notes its words.
    fn mentions(learned: &Learned, text: &str) -> Vec<String> {
        mention_spans(learned, text)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    /// `mentions`, as the spans `Learned::mentions` gives.
    fn mention_spans(learned: &Learned, text: &str) -> Vec<Span> {
        let engine = Engine::new(Known::new([0; 16]), AllowList::new([]));
        let (mut spans, mut suspicious, mut candidates) = (Vec::new(), Vec::new(), Vec::new());
        engine.detect_and_suspicious_into(text, &mut spans, &mut suspicious, &mut candidates);
        let mut out = Vec::new();
        learned.mentions(text, &candidates, &mut out);
        out
    }

    #[test]
    fn a_name_in_no_lexicon_is_found_in_any_case() {
        let mut learned = Learned::new();
        let text = "kata bang Ronggur Zelkowi";
        learned.learn(text, &[person(text, 10, text.len())]);
        assert_eq!(
            mentions(
                &learned,
                "Ronggur itu keras. kalau ronggur marah, zelkowi diam. Ronggurnya?"
            ),
            ["Ronggur", "ronggur", "zelkowi"]
        );
    }

    /// A place's span of `text` from `start` to its end.
    fn place(text: &str, start: usize) -> Span {
        Span {
            start,
            end: text.len(),
            category: Category::Place,
            canonical: text[start..].to_lowercase().into(),
        }
    }

    #[test]
    fn a_places_last_word_in_no_lexicon_is_found_in_any_case_as_a_place() {
        let mut learned = Learned::new();
        let text = "pindah ke Sikakap";
        learned.learn(text, &[place(text, 10)]);
        let text = "sampai Muara Zelkowi";
        learned.learn(text, &[place(text, 7)]);
        let text = "khutbah dari Meunasah Blang";
        learned.learn(text, &[place(text, 13)]);
        let found = mention_spans(&learned, "kalau sikakap rame, Sikakap juga. dari zelkowi");
        let found: Vec<_> = found.iter().map(|s| (s.category, s.canonical.as_str())).collect();
        assert_eq!(
            found,
            [
                (Category::Place, "sikakap"),
                (Category::Place, "sikakap"),
                (Category::Place, "zelkowi")
            ]
        );
        // Not a place's first word ("Muara", "Meunasah": a river's mouth, a prayer
        // house), a regional word for a kind of place ("Blang", a rice field), nor a
        // word the lexicon holds.
        assert!(mentions(&learned, "dari meunasah ke muara, sampai blang").is_empty());
        let mut learned = Learned::new();
        let text = "di Pantai Indah";
        learned.learn(text, &[place(text, 3)]);
        assert!(learned.is_empty());
    }

    #[test]
    fn a_files_lessons_are_its_names_and_places_in_no_lexicon_and_go_to_the_next_file() {
        let mut learned = Learned::new();
        // A name in no lexicon; one that is also a common word ("embun", dew); one of
        // three letters; a place in no lexicon; a country.
        for name in ["Ronggur", "Embun", "Tio"] {
            learned.learn_name(name);
        }
        for text in ["pindah ke Sikakap", "bule dari Brazil"] {
            learned.learn(text, &[place(text, text.rfind(' ').unwrap() + 1)]);
        }
        // A speaker's label or a sender's saved name teaches its file, not the study:
        // a role ("Pencatat", the note-taker) or a word saved beside a name.
        learned.learn_sender("Pencatat");
        learned.learn_sender("Zelkowo Speed");
        assert_eq!(mentions(&learned, "kata pencatat, zelkowo"), ["pencatat", "zelkowo"]);
        let sorted = |lessons: Vec<(&str, Category)>| {
            let mut lessons: Vec<(String, Category)> = lessons.into_iter().map(|(w, c)| (w.to_string(), c)).collect();
            lessons.sort_by(|a, b| a.0.cmp(&b.0));
            lessons
        };
        let expected = [
            ("ronggur".to_string(), Category::Person),
            ("sikakap".to_string(), Category::Place),
        ];
        assert_eq!(sorted(learned.lessons().collect()), expected);
        // The next file starts from the lessons alone, and has taught none of its own.
        let mut next = learned.carried();
        assert!(next.lessons().next().is_none());
        let found = mention_spans(&next, "ronggur ke sikakap, Embun dan Tio dari brazil");
        let found: Vec<_> = found.iter().map(|s| (s.category, s.canonical.as_str())).collect();
        assert_eq!(found, [(Category::Person, "ronggur"), (Category::Place, "sikakap")]);
        // The file learns its own names beside them, and passes both on.
        next.learn_name("Zelkowi");
        assert_eq!(
            sorted(next.lessons().collect()),
            [("zelkowi".to_string(), Category::Person)]
        );
        assert_eq!(
            mentions(&next.carried(), "zelkowi, ronggur dan sikakap"),
            ["zelkowi", "ronggur", "sikakap"]
        );
    }

    #[test]
    fn lessons_carried_leave_a_file_its_own_room_to_learn() {
        // A file that learned as many names as a file may …
        let mut learned = Learned::new();
        let names: Vec<String> = (0..MAX_NAMES).map(|n| format!("Zelk{}", letters(n))).collect();
        names.iter().for_each(|name| learned.learn_name(name));
        assert_eq!(learned.lessons().count(), MAX_NAMES);
        // … leaves the next one room for its own.
        let mut next = learned.carried();
        next.learn_name("Ronggur");
        assert_eq!(mentions(&next, "kalau ronggur datang"), ["ronggur"]);
        assert_eq!(mentions(&next, &names[7].to_lowercase()), [names[7].to_lowercase()]);
    }

    /// `n` written in letters ("a", "b", … "ba"), for names in no lexicon.
    fn letters(mut n: usize) -> String {
        let mut out = Vec::new();
        loop {
            out.push(b'a' + (n % 26) as u8);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_groups_name_teaches_only_its_words_in_no_lexicon() {
        let mut learned = Learned::new();
        let text = "grup \"Info Loker Zelkowi\"";
        let group = Span {
            start: 6,
            end: text.len() - 1,
            category: Category::Handle,
            canonical: "info loker zelkowi".into(),
        };
        learned.learn(text, &[group]);
        assert_eq!(mentions(&learned, "Info dari Zelkowi tadi. Loker baru."), ["Zelkowi"]);
    }

    #[test]
    fn a_senders_short_form_is_found_where_someone_is_called() {
        let mut learned = Learned::new();
        learned.learn_sender("Anjar");
        learned.learn_sender("Mbak Ratih 🌸");
        assert_eq!(
            mentions(
                &learned,
                "Astaghfirullah njar. Wis njar, liwat BRI. Durung jelas rat!!!"
            ),
            ["njar", "njar", "rat"]
        );
        assert_eq!(mentions(&learned, "Njar, kowe aman?"), ["Njar"]);
        // After the exclamation that opens a message, not after any word.
        assert_eq!(
            mentions(&learned, "Waduh njar ojok nang grup\nRini: Astaga rat hapus itu"),
            ["njar", "rat"]
        );
        assert!(mentions(&learned, "Oke njar ya. kata waduh njar ojok").is_empty());
        assert!(mentions(&learned, "Rini 🌸: é njar ojok").is_empty());
        // Not where it is a word or no one is called, nor a form opening with a vowel.
        assert!(mentions(&learned, "njar kowe aman? rat tikus itu. anja.").is_empty());
        let found = mention_spans(&learned, "Durung jelas rat.");
        assert_eq!(found[0].canonical, "ratih", "under the given name's tag");
        // Two letters, from the start or the end; not one the lexicon holds ("ka").
        learned.learn_sender("Dewi 🌸 Bkn");
        learned.learn_sender("Kak Tika");
        assert_eq!(mentions(&learned, "Serius wi? ambo baru. sajo wi, bawa"), ["wi", "wi"]);
        assert!(mentions(&learned, "iyo ka.").is_empty());
    }

    #[test]
    fn an_acronym_given_after_an_organisations_name_is_found_again_in_capitals() {
        let engine = Engine::new(Known::new([0; 16]), AllowList::new([]));
        let text = "penjangkau Yayasan Larvul Ngabal Sehat (YLNS), di Jl. Sudirman.";
        let spans = engine.detect(text);
        let found: Vec<_> = spans.iter().map(|s| (&text[s.start..s.end], s.category)).collect();
        assert!(found.contains(&("YLNS", Category::Organisation)), "{found:?}");
        let mut learned = Learned::new();
        learned.learn(text, &spans);
        assert_eq!(
            mentions(&learned, "kondom untuk YLNS. Di kantor YLNS, bukan ylns"),
            ["YLNS", "YLNS"]
        );
        // Not after a person's name, nor a word that is no acronym.
        let text = "ketemu Mbak Sari (SR) dan Yayasan Pelita (Pusat)";
        let found: Vec<_> = engine
            .detect(text)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect();
        assert!(!found.iter().any(|f| f == "SR" || f == "Pusat"), "{found:?}");
    }

    #[test]
    fn the_initials_of_an_organisations_name_are_its_acronym() {
        let engine = Engine::new(Known::new([0; 16]), AllowList::new([]));
        let text = "Ke Yayasan Cahaya Harapan Timika, orang bilang YCHT. Juga Puskesmas Kota Timur.";
        let mut learned = Learned::new();
        learned.learn(text, &engine.detect(text));
        assert_eq!(mentions(&learned, "kondom dari YCHT, bukan ycht"), ["YCHT"]);
        // Two initials are too few to be sure of, and a word the lexicon knows is not
        // taken for one ("Rumah Sakit Umum" is no "RSU" of the file's own).
        assert_eq!(initials("Puskesmas Kota"), None);
        assert_eq!(initials("Rumah Sakit Umum"), None);
        assert_eq!(initials("Gereja GMIH Soa-Sio").as_deref(), Some("GGSS"));
        // The name without its word gives one too.
        let text = "ke RSUD Abdul Wahab Sjahranie, orang bilang AWS.";
        let mut learned = Learned::new();
        learned.learn(text, &engine.detect(text));
        assert_eq!(mentions(&learned, "rujuk ke AWS saja"), ["AWS"]);
    }

    #[test]
    fn a_name_that_is_a_common_word_only_with_its_capital() {
        let mut learned = Learned::new();
        learned.learn_name("Embun");
        assert_eq!(mentions(&learned, "Embun bilang, embun pagi"), ["Embun"]);
    }

    #[test]
    fn every_name_that_is_a_common_word_is_found_not_only_the_first_few() {
        // Twenty names that are common words too. A search built per name once held
        // sixteen at most; each word is found by its hash now, as rare names are.
        let names = [
            "Angel", "Asri", "Bagus", "Bintang", "Bunga", "Cinta", "Cucu", "Indah", "Intan", "Murni", "Nada", "Titik",
            "Embun", "Aman", "Antar", "Pelangi", "Pagi", "Malam", "Manis", "Rindu",
        ];
        let mut learned = Learned::new();
        for name in names {
            assert_ne!(
                LEXICON.exact(name, 0, name.len()) & COMMON,
                0,
                "{name} is a common word"
            );
            learned.learn_name(name);
        }
        let text = names.join(" dan ");
        assert_eq!(mentions(&learned, &text), names);
        assert!(mentions(&learned, &text.to_lowercase()).is_empty());
    }

    #[test]
    fn a_sender_saved_in_lower_case_is_learned_all_the_same() {
        let mut learned = Learned::new();
        learned.learn_sender("senja mlg");
        assert_eq!(mentions(&learned, "Senja, kamu bisa? embun pagi"), ["Senja"]);
    }

    #[test]
    fn what_a_contact_or_a_group_was_saved_with_is_not_learned() {
        let mut learned = Learned::new();
        learned.learn_sender("Om Zafrel Ojek");
        learned.learn_sender("Info Kamar Kpg 🌴");
        learned.learn_sender("Mbak Zelkowi Zurani");
        // A town's short form is learned, in three letters or as a place.
        learned.learn_sender("Wati Skg");
        assert_eq!(
            mentions(&learned, "Ojek dan Kamar penuh. Zafrel, Zelkowi Zurani, Skg"),
            ["Zafrel", "Zelkowi", "Zurani", "Skg"]
        );
    }

    #[test]
    fn lexicon_names_decoys_honorifics_and_lower_case_are_not_learned() {
        let mut learned = Learned::new();
        // "Rina" the lexicon finds on its own; "Mbak" is an honorific, "Desember" a
        // month; "yoyok" was written in lower case.
        learned.learn_name("Mbak Rina Desember yoyok");
        assert!(learned.is_empty());
    }
}
