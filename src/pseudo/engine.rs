//! The engine: one pass over the normalised text. Word tokens go through the lexicon
//! automaton and the registered identifiers; digit runs, '@' and dotted words start the
//! structured detectors. Overlapping finds are resolved longest first, and spans are
//! mapped back to the caller's byte offsets.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::Hasher as _;
use std::ops::Range;

use compact_str::CompactString;

use super::coordinates::{coordinates_at, may_begin_point, plus_code_at};
use super::disguised::{disguised_phone, may_begin_disguised};
use super::district::district_at;
use super::known::{AllowList, BitSet, Known};
use super::learned::{Learned, NameCandidate, is_acronym, learnable};
use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, BANK, BRAND, COMMON, DECOY, Entry, HANDLE_CUE, HONORIFIC, Hit, LANDMARK, LEXICON, MICHAT,
    MICHAT_COLON, NAME, NAMING, ORG, PLACE, Token, VENUE, capitalised_word_after, ends_with_word, is_ascii_word_byte,
    is_capitalised, is_function_word, is_word_char_at, mistyped_cue, next_word, scan_token, word_before, word_end,
    word_ending_at, words_canonical,
};
use super::names::{
    after_honorific, display_name, drawn_out_word, holder_after_account, honorific_as_name, labelled_name,
    lexicon_name, name_after_cue, named_before_bracket, naming_cue_takes_capitals_only, naming_cue_yields_to_a_title,
    past_apostrophe, person, profile_name, sender_before_time, with_patronymic,
};
use super::normalize::Normalized;
use super::numbers::{account_after_cue, numeric_chunk};
use super::phone::{cut_after, joins_next_group, phone_tail};
use super::place::{
    address, bank_branch, brand_venue, campus, common_place_after_preposition, drawn_out, is_dish, is_venue_class,
    is_venue_class_word, kilometre_place, labelled_place, name_before_cue, named_after_cue, place, place_name_end,
    plate_at, regional_bank, ship, town_named_tanjung, venue, venue_span,
};
use super::web::{
    at_sign, bare_handle, bracketed_email, disguised_email, group_names, handle_after_cue, link_at,
    listed_username_after, may_start_bare_handle, may_start_link, michat_cue_around, michat_id, numbered_username,
    quoted_account_name, quoted_before_id,
};
use super::{Category, Span, Suspicious};

/// Detects identifiers with the built-in lexicons, the study's registered identifiers
/// and its allow-list.
pub struct Engine {
    known: Known,
    allow: AllowList,
    /// The slots of the lexicon table whose word a registered identifier may be or
    /// begin with: most tokens are lexicon words, and one bit (the set is 1 KB, where
    /// a table of their hashes was 128 KB) spares hashing nearly all of them.
    lexicon_known: BitSet,
}

/// The state of one detection pass.
struct Scan<'e, 't> {
    engine: &'e Engine,
    text: &'t str,
    found: Vec<Span>,
    /// The lower-cased token, reused for every token.
    lower: String,
    /// The words a learned name may be (`NameCandidate`), in order.
    candidates: Vec<NameCandidate>,
    /// Lower-cased tokens of a registered identifier's window, joined by spaces.
    joined: String,
    /// The cues that the last address found absorbed with their parts: read as
    /// cues again, each would find that address's tail.
    address_cues: Vec<usize>,
}

impl Engine {
    /// The lexicons are compiled once per process, so this is cheap.
    pub fn new(known: Known, allow: AllowList) -> Self {
        let mut lexicon_known = BitSet::new(LEXICON.slots());
        if !known.is_empty() {
            for (slot, word) in LEXICON.slot_words().enumerate() {
                let hash = known.token_hash(word);
                if !word.is_empty() && (known.single(hash).is_some() || known.may_start(hash)) {
                    lexicon_known.insert(slot);
                }
            }
        }
        Engine {
            known,
            allow,
            lexicon_known,
        }
    }

    /// The identifiers in `text`: byte offsets into `text`, on char boundaries, sorted
    /// and non-overlapping.
    pub fn detect(&self, text: &str) -> Vec<Span> {
        self.detect_in(&Normalized::new(text), Vec::new(), &mut Vec::new())
    }

    /// `detect`, and then the bare mentions anywhere in `text` of the names it found
    /// ("Bang Ronggur …", later "ronggur"): what the preview shows for a whole file.
    /// `senders` are the byte ranges of a chat's senders or a transcript's speakers
    /// (`ingest::chat_senders`, `ingest::transcript_speakers`): each is replaced, as an
    /// import replaces every sender and speaker, and taught as a name.
    pub fn detect_in_context(&self, text: &str, senders: &[Range<usize>]) -> Vec<Span> {
        self.detect_in_context_learning(text, senders, &mut Learned::new())
    }

    /// `detect_in_context` with what the files before it taught (`learned`, from
    /// `Learned::carried`), leaving in `learned` what this file taught as well: the
    /// preview of several files, as one import of them finds.
    pub fn detect_in_context_learning(&self, text: &str, senders: &[Range<usize>], learned: &mut Learned) -> Vec<Span> {
        let mut candidates = Vec::new();
        let spans = self.detect_in(&Normalized::new(text), Vec::new(), &mut candidates);
        learned.learn(text, &spans);
        for sender in senders {
            learned.learn_sender(&text[sender.clone()]);
        }
        let mut more = Vec::new();
        self.learned_mentions(learned, text, &candidates, &mut more);
        // A chat names the same few senders on every message: each is read once.
        let mut identities: HashMap<&str, (Category, CompactString), foldhash::fast::RandomState> = HashMap::default();
        more.extend(senders.iter().map(|sender| {
            let name = &text[sender.clone()];
            let (category, canonical) = identities
                .entry(name)
                .or_insert_with(|| {
                    let (category, canonical) = self.sender_identity(name);
                    (category, canonical.into())
                })
                .clone();
            Span {
                start: sender.start,
                end: sender.end,
                category,
                canonical,
            }
        }));
        self.merged(spans, more)
    }

    /// What a chat sender's name is replaced as: a phone number (a contact nobody saved)
    /// by its phone tag, anything else as a person, whatever the engine finds in it.
    pub fn sender_identity(&self, name: &str) -> (Category, String) {
        let spans = self.detect(name);
        if let [only] = spans.as_slice()
            && only.category == Category::Phone
        {
            return (Category::Phone, only.canonical.to_string());
        }
        let canonical = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        (Category::Person, canonical)
    }

    /// The mentions of the names `learned` holds among the `candidates` of `text` (as
    /// `detect_and_suspicious_into` noted them), appended to `out`, but those the allow
    /// list holds.
    pub fn learned_mentions(&self, learned: &Learned, text: &str, candidates: &[NameCandidate], out: &mut Vec<Span>) {
        let from = out.len();
        learned.mentions(text, candidates, out);
        if !self.allow.is_empty() {
            let found = out.split_off(from);
            out.extend(found.into_iter().filter(|s| !self.allow.contains(&s.canonical)));
        }
    }

    /// `spans` (as `detect` returns them) with `more` added, sorted and without
    /// overlaps as `detect` returns them.
    pub fn merged(&self, mut spans: Vec<Span>, more: Vec<Span>) -> Vec<Span> {
        if more.is_empty() {
            return spans;
        }
        spans.extend(more);
        resolve(spans)
    }

    /// `detect` and then `suspicious` with what it found, normalising the text once
    /// (the importer asks both of every segment).
    pub fn detect_and_suspicious(&self, text: &str) -> (Vec<Span>, Vec<Suspicious>) {
        let (mut spans, mut suspicious) = (Vec::new(), Vec::new());
        self.detect_and_suspicious_into(text, &mut spans, &mut suspicious, &mut Vec::new());
        (spans, suspicious)
    }

    /// `detect_and_suspicious` into the caller's vectors (emptied first), whose room
    /// is reused: an import asks it of 700,000 chat messages in a row. `candidates`
    /// gets the words that a name learned elsewhere in the file may be
    /// (`learned_mentions`).
    pub fn detect_and_suspicious_into(
        &self,
        text: &str,
        spans: &mut Vec<Span>,
        suspicious: &mut Vec<Suspicious>,
        candidates: &mut Vec<NameCandidate>,
    ) {
        let norm = Normalized::new(text);
        *spans = self.detect_in(&norm, std::mem::take(spans), candidates);
        suspicious.clear();
        self.suspicious_into(&norm, spans, suspicious);
    }

    /// The spans of the normalised text, found into `found` (emptied first), and the
    /// words a learned name may be into `candidates` (emptied first).
    fn detect_in(&self, norm: &Normalized<'_>, mut found: Vec<Span>, candidates: &mut Vec<NameCandidate>) -> Vec<Span> {
        found.clear();
        // About one span in 65 bytes: room for twice that spares the regrowth. For a
        // short text (a chat message) no room is asked: a new vector gets four at the
        // first span (many hold none), a reused one has what it had.
        if let room @ 5.. = norm.text.len() / 32 {
            found.reserve(room);
        }
        let mut scan = Scan {
            engine: self,
            text: &norm.text,
            found,
            candidates: std::mem::take(candidates),
            lower: String::new(),
            joined: String::new(),
            address_cues: Vec::new(),
        };
        scan.candidates.clear();
        scan.run();
        let mut found = scan.found;
        let mut at = 0;
        for s in &mut found {
            s.end = past_name_tail(&norm.text, s.end);
            (s.start, s.end) = norm.original_near(s.start, s.end, &mut at);
        }
        *candidates = scan.candidates;
        let mut at = 0;
        for c in candidates.iter_mut() {
            (c.start, c.end) = norm.original_near(c.start, c.end, &mut at);
        }
        // Mapping is monotonic, so overlaps are resolved after it, once.
        resolve(found)
    }

    /// Tokens no detector claimed that a person should look at: capitalised words that
    /// are in no lexicon (and not allowed), and runs of six or more digits. `spans` are
    /// the claims, sorted and not overlapping, as `detect` returns them.
    pub fn suspicious(&self, text: &str, spans: &[Span]) -> Vec<Suspicious> {
        let mut out = Vec::new();
        self.suspicious_into(&Normalized::new(text), spans, &mut out);
        out
    }

    /// `suspicious`, appending to `out`.
    fn suspicious_into(&self, norm: &Normalized<'_>, spans: &[Span], out: &mut Vec<Suspicious>) {
        let t: &str = &norm.text;
        let b = t.as_bytes();
        debug_assert!(spans.is_sorted_by_key(|s| s.start), "spans as `detect` returns them");
        let mut next_claim = 0;
        let mut at = 0;
        // Words before `i` are done. Only a word with a capital, a digit or a char
        // that is not ASCII can be suspicious, so the scan jumps from one such byte to
        // the next and reads only the words that hold them: most words are lower-case
        // ASCII letters, and reading every word's end cost a mispredicted branch each.
        let mut i = 0;
        while let Some(marked) = next_marked(b, i) {
            if !is_word_char_at(t, marked) {
                i = marked + t[marked..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // The word's start: the ASCII letters and digits before the marked byte (a
            // char before them that is not ASCII would have been marked, and read).
            let mut start = marked;
            while start > i && is_ascii_word_byte(b[start - 1]) {
                start -= 1;
            }
            let end = word_end(t, start);
            // Most marked words were claimed (names, numbers): the claims are checked
            // first, as they cost less than asking the lexicon (words come in order,
            // so the claims are walked once).
            let (os, oe) = norm.original_near(start, end, &mut at);
            while spans.get(next_claim).is_some_and(|c| c.end <= os) {
                next_claim += 1;
            }
            if spans.get(next_claim).is_none_or(|c| c.start >= oe)
                && let Some(reason) = self.suspicious_word(t, start, end)
            {
                out.push(Suspicious {
                    start: os,
                    end: oe,
                    reason,
                });
            }
            i = end;
        }
    }

    fn suspicious_word(&self, t: &str, start: usize, end: usize) -> Option<&'static str> {
        let b = t.as_bytes();
        let mut run = 0;
        let mut longest = 0;
        for &c in &b[start..end] {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        if longest >= 6 {
            return Some("a run of six or more digits");
        }
        let word = &t[start..end];
        if !is_capitalised(t, start) || word.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return None;
        }
        if LEXICON.longest(t, start).is_some()
            || (!self.allow.is_empty() && self.allow.contains(&words_canonical(word)))
        {
            return None;
        }
        // "Nomorku", "Rumahnya": a known word with a possessive or particle suffix.
        let stem_known = ["nya", "ku", "mu", "lah", "kah", "pun"].iter().any(|suffix| {
            word.len() > suffix.len() + 2
                && word
                    .get(word.len() - suffix.len()..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
                && LEXICON.exact(t, start, end - suffix.len()) != 0
        });
        (!stem_known).then_some("a capitalised word in no lexicon")
    }
}

/// Whether the word `start..end` is half of a reduplicated word ("ati-ati", "hati-hati",
/// "Jalan-jalan"): such a word is a plural or an adverb, never a name or a place.
fn is_reduplicated(t: &str, start: usize, end: usize) -> bool {
    let word = &t[start..end];
    let after = t[end..].strip_prefix('-').and_then(|rest| rest.get(..word.len()));
    let before = t[..start]
        .strip_suffix('-')
        .and_then(|rest| rest.get(rest.len().checked_sub(word.len())?..));
    [after, before]
        .into_iter()
        .flatten()
        .any(|other| other.eq_ignore_ascii_case(word))
}

/// A nickname made of a given name doubled, capitalised, at `start..end`: "Ling-ling",
/// "Mey-mey". A name that is also a common word doubled is the word's plural
/// ("Bunga-bunga"); the engine asks only of a name that is no word.
fn doubled_name(t: &str, start: usize, end: usize) -> Option<Span> {
    let word = &t[start..end];
    let end = end + 1 + word.len();
    (is_capitalised(t, start)
        && t[start + word.len()..].starts_with('-')
        && t.get(start + word.len() + 1..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && !t.as_bytes().get(end).is_some_and(u8::is_ascii_alphanumeric))
    .then(|| person(t, start, end))
}

/// A place whose name is a word doubled, capitalised, after a word that says a place
/// follows: "kos di Ganda-Ganda", "di Wangi-Wangi", "Kintap lawan Asam-Asam". Alone the
/// word is a common one (double, fragrant, sour), with no capital or doubled after
/// "di" no place ("di mana-mana"); so written, it is one.
fn doubled_place(t: &str, start: usize, end: usize, flags: u16) -> Option<Span> {
    let word = &t[start..end];
    let doubled = t[end + 1..].get(..word.len()).is_some_and(|w| w == word)
        && !t
            .as_bytes()
            .get(end + 1 + word.len())
            .is_some_and(u8::is_ascii_alphanumeric);
    // A given name that is also a word ("Wangi") counts as the word. A function word
    // doubled is none, nor "di Mana-Mana" (everywhere).
    let name_only = flags & NAME != 0 && flags & COMMON == 0;
    if !doubled
        || name_only
        || flags & (DECOY | PLACE | HONORIFIC) != 0
        || word.len() < 3
        || is_function_word(word)
        || word.eq_ignore_ascii_case("mana")
    {
        return None;
    }
    // Not "dan": "makasih dan Hati-Hati di jalan".
    const PLACE_BEFORE: &[&str] = &["di", "ke", "dari", "area", "daerah", "kawasan", "sekitar", "lawan"];
    word_before_is(t, start, PLACE_BEFORE)?;
    let end = end + 1 + word.len();
    Some(Span {
        start,
        end,
        category: Category::Place,
        canonical: words_canonical(&t[start..end]),
    })
}

/// Whether the word `start..end` names a people or its language after a word that says
/// so ("orang Jawa", "bahasa Aceh", "logat Papua", "gadis Melayu"): who someone is, which
/// a study compares, not where they can be found. A town after "orang" is still a place
/// ("orang Tarutung").
fn is_people_or_language(t: &str, start: usize, end: usize) -> bool {
    const SAYS_SO: &[&str] = &[
        "orang",
        "urang",
        "wong",
        "suku",
        "etnis",
        "bahasa",
        "basa",
        "logat",
        "dialek",
        "adat",
        "budaya",
        "keturunan",
        "gadis",
        "cewek",
        "cewe",
        "cowok",
    ];
    // Asked of every name and place found: one match on the lower-cased word first.
    let mut buffer = [0u8; 12];
    let Some(word) = lowered(&t.as_bytes()[start..end], &mut buffer) else {
        return false;
    };
    let people = matches!(
        word,
        b"jawa"
            | b"sunda"
            | b"bali"
            | b"batak"
            | b"minang"
            | b"minangkabau"
            | b"bugis"
            | b"makassar"
            | b"toraja"
            | b"papua"
            | b"aceh"
            | b"melayu"
            | b"dayak"
            | b"banjar"
            | b"betawi"
            | b"madura"
            | b"flores"
            | b"karo"
            | b"nias"
            | b"mandar"
            | b"sasak"
            | b"tionghoa"
            | b"ambon"
            | b"buton"
            | b"bima"
            | b"timor"
            | b"manado"
            | b"palembang"
            | b"manggarai"
            | b"kei"
            | b"gayo"
            | b"mentawai"
            | b"sumba"
            | b"sabu"
            | b"rote"
            | b"alor"
            | b"kaili"
            | b"muna"
            | b"minahasa"
            | b"gorontalo"
            | b"ternate"
            | b"tidore"
            | b"sangihe"
            | b"lampung"
            | b"kerinci"
            | b"rejang"
            | b"osing"
            | b"kutai"
            | b"tolaki"
            | b"jambi"
            | b"bengkulu"
            | b"wolio"
            | b"bajo"
            | b"sikka"
            | b"lio"
            | b"tidung"
            | b"mbojo"
            | b"simalungun"
    );
    if people && (says_so_before(t, start, SAYS_SO) || listed_after_people(t, start)) {
        return true;
    }
    // A place's name after "Melayu" that says so names a Malay people and its tongue:
    // "bahasa Melayu Jambi", "orang Melayu Deli".
    word_before_is(t, start, &["melayu"]).is_some() && is_people_or_language(t, start - 7, start - 1)
}

/// `word` in lower case, in `buffer`; `None` if it is longer than the buffer (than any
/// word it is matched against).
fn lowered<'b>(word: &[u8], buffer: &'b mut [u8; 12]) -> Option<&'b [u8]> {
    let lower = buffer.get_mut(..word.len())?;
    for (lower, &b) in lower.iter_mut().zip(word) {
        *lower = b.to_ascii_lowercase();
    }
    Some(lower)
}

/// Whether a word for a friend or a relative stands before `start`, one space, a
/// comma or a pronoun between: "kawanku Nurhaida", "suami Rasyidah", "kawan awak Eli",
/// "adek saya, Holilah", Manado "tamang Jein". Asked of
/// every capitalised word in no lexicon: one match on the lower-cased words.
fn after_a_friend(t: &str, start: usize) -> bool {
    let friend = |word: &[u8]| {
        matches!(
            word,
            b"kawan"
                | b"kawanku"
                | b"teman"
                | b"temanku"
                | b"temen"
                | b"sahabat"
                | b"sahabatku"
                | b"pacar"
                | b"pacarku"
                | b"suami"
                | b"suamiku"
                | b"istri"
                | b"istriku"
                | b"adik"
                | b"adikku"
                | b"adek"
                | b"adekku"
                | b"kakakku"
                | b"anakku"
                | b"sepupu"
                | b"sepupuku"
                | b"ponakan"
                | b"keponakan"
                | b"tetangga"
                | b"tamang"
                // Someone's: "Temannya Holis pernah kena", "suaminya Rudi".
                | b"kawannya"
                | b"temannya"
                | b"temennya"
                | b"sahabatnya"
                | b"pacarnya"
                | b"suaminya"
                | b"istrinya"
                | b"adiknya"
                | b"kakaknya"
                | b"sepupunya"
                | b"tetangganya"
        )
    };
    let pronoun = |word: &[u8]| {
        matches!(
            word,
            b"awak"
                | b"aku"
                | b"saya"
                | b"ku"
                | b"gue"
                | b"gw"
                | b"kami"
                | b"kita"
                | b"sa"
                | b"beta"
                | b"ambo"
                | b"kamek"
                | b"ulun"
        )
    };
    let b = t.as_bytes();
    let mut buffer = [0u8; 12];
    // Or a comma: "adek saya, Holilah", "sepupuku, Muh. Arfah".
    let word_end = if t[..start].ends_with(", ") {
        start - 2
    } else if t[..start].ends_with(' ') {
        start - 1
    } else {
        return false;
    };
    let Some(before) = word_ending_at(t, word_end) else {
        return false;
    };
    match lowered(&b[before..word_end], &mut buffer) {
        Some(word) if friend(word) => true,
        Some(word) if pronoun(word) => word_before(t, before)
            .and_then(|first| lowered(&b[first..before - 1], &mut [0u8; 12]).map(friend))
            .unwrap_or(false),
        _ => false,
    }
}

/// Whether a verb that takes a person stands just before `start`: one calls, asks,
/// meets or quotes someone, not a month ("hubungi Mei", "kata Des", "ketemu Juli").
/// Asked only of a month that is also a given name.
fn after_a_contact_verb(t: &str, start: usize) -> bool {
    lowered_word_before(t, start, &mut [0u8; 12]).is_some_and(|word| {
        matches!(
            word,
            b"hubungi"
                | b"hubungin"
                | b"kontak"
                | b"telpon"
                | b"telepon"
                | b"nelpon"
                | b"ditelpon"
                | b"japri"
                | b"tanya"
                | b"nanya"
                | b"tanyain"
                | b"ajak"
                | b"ngajak"
                | b"kata"
                | b"ketemu"
                | b"panggil"
        )
    })
}

/// Whether one of `words` stands before `start`, with a space or a colon and a space
/// between: "bahasa Aceh", "Bahasa: Banjar".
fn says_so_before(t: &str, start: usize, words: &[&'static str]) -> bool {
    let before = &t[..start];
    before
        .strip_suffix(": ")
        .or_else(|| before.strip_suffix(' '))
        .is_some_and(|gap| words.iter().any(|w| ends_with_word(gap, w)))
}

/// Whether the word at `start` is the next of a list of peoples or languages ("Bahasa:
/// Banjar, Kutai, Bugis", "Melayu Kupang / Melayu Alor"): a comma, "dan" or a slash
/// after a word that is one.
fn listed_after_people(t: &str, start: usize) -> bool {
    let before = &t[..start];
    let Some(gap) = before
        .strip_suffix(", ")
        .or_else(|| before.strip_suffix(" dan "))
        .or_else(|| before.strip_suffix(" and "))
        .or_else(|| before.strip_suffix(" / "))
    else {
        return false;
    };
    word_ending_at(t, gap.len()).is_some_and(|s| is_people_or_language(t, s, gap.len()))
}

/// The acronym in brackets after an organisation's name ending at `end`: "Yayasan
/// Seloko Sehati (YSS)". Field notes give it once and then use it alone, which
/// `Learned` finds.
fn acronym_after(t: &str, end: usize) -> Option<Span> {
    let inner = t[end..].strip_prefix(" (")?;
    let close = inner.find(')')?;
    let word = &inner[..close];
    let start = end + 2;
    is_acronym(word).then(|| Span {
        start,
        end: start + word.len(),
        category: Category::Organisation,
        canonical: word.to_ascii_lowercase().into(),
    })
}

/// The nickname given in brackets or after "alias" right after a person's name ending
/// at `end`: "Stefani Wowor (\"Fani\")", "Vivian Makal (Vivi)", "Siti Kholifah a.k.a.
/// \"Ifa\"". One word in capitals; the file's later uses of it are found as the name's
/// (`Learned`).
fn nickname_after(t: &str, end: usize) -> Option<Span> {
    let after = &t[end..];
    let (inner, bracketed) = match after.strip_prefix(" (") {
        Some(inner) => (inner, true),
        None => {
            let alias = [" a.k.a. ", " aka ", " alias ", " alias: "]
                .iter()
                .find(|a| after.get(..a.len()).is_some_and(|w| w.eq_ignore_ascii_case(a)))?;
            (&after[alias.len()..], false)
        }
    };
    let unquoted = inner.strip_prefix(['"', '“']);
    let start = t.len() - unquoted.unwrap_or(inner).len();
    let word_end = word_end(t, start);
    let rest = &t[word_end..];
    let rest = if unquoted.is_some() {
        rest.strip_prefix(['"', '”'])?
    } else {
        rest
    };
    let word = &t[start..word_end];
    // A given name or a word in no lexicon; not a role ("Nurhayati (Peneliti)").
    let flags = LEXICON.exact(t, start, word_end);
    let name_like = (2..=12).contains(&word.len())
        && word.bytes().all(|c| c.is_ascii_alphabetic())
        && word.bytes().skip(1).any(|c| c.is_ascii_lowercase())
        && is_capitalised(t, start)
        && (flags == 0 || (flags & NAME != 0 && flags & (DECOY | PLACE | COMMON) == 0))
        && !is_function_word(word);
    let closed = if bracketed {
        rest.starts_with(')')
    } else {
        !rest.starts_with(|c: char| c.is_alphanumeric())
    };
    (closed && name_like).then(|| person(t, start, word_end))
}

/// Which of `words` the word before `start` is (in any case, one space between), if
/// one is. Asked of every name and place found, so it compares the bytes before
/// `start` and finds no word boundaries.
fn word_before_is(t: &str, start: usize, words: &[&'static str]) -> Option<&'static str> {
    let before = t[..start].strip_suffix(' ')?;
    words.iter().copied().find(|w| ends_with_word(before, w))
}

/// Whether the word at `start` follows a dish or a drink that it names the kind of,
/// by where it comes from or who first sold it: "sate Padang", "martabak Bangka",
/// "mie Belitung", "kue putu". Not "tahu" (also "to know": "tahu Rina?"), nor coffee:
/// "kopi Kerinci" comes from a district, often the speaker's.
fn after_a_dish(t: &str, start: usize) -> bool {
    lowered_word_before(t, start, &mut [0u8; 12]).is_some_and(is_dish)
}

/// The word before `start` (one space between) in lower case, in `buffer`; `None` if
/// there is none or it is longer than the buffer.
pub(crate) fn lowered_word_before<'b>(t: &str, start: usize, buffer: &'b mut [u8; 12]) -> Option<&'b [u8]> {
    let b = t.as_bytes();
    let word_end = start.checked_sub(1).filter(|&e| b[e] == b' ')?;
    // ASCII letters only, no more than the buffer holds: the words matched against are
    // such.
    let mut before = word_end;
    while before > 0 && b[before - 1].is_ascii_alphabetic() {
        before -= 1;
        if word_end - before > buffer.len() {
            return None;
        }
    }
    if before == word_end || before.checked_sub(1).is_some_and(|i| b[i] >= 0x80) {
        return None;
    }
    lowered(&b[before..word_end], buffer)
}

/// Whether the word at `start` is part of a regional bank's name: after "Bank" or
/// "BPD", or after a place after it ("Bank Riau Kepri", "Bank Sumut", "BPD Bali"). A national
/// bank's branch is a place ("Bank Mandiri Gatsu").
fn in_bank_name(t: &str, start: usize) -> bool {
    const BANK_WORDS: &[&str] = &["bank", "bpd"];
    word_before_is(t, start, BANK_WORDS).is_some()
        || word_before(t, start)
            .is_some_and(|b| word_before_is(t, b, BANK_WORDS).is_some() && LEXICON.exact(t, b, start - 1) & PLACE != 0)
}

/// Whether the regency, district or province a place is in follows its name ending at
/// `end`: ", Kabupaten Cirebon", ", Kec. Pauh", ", Prov. Bali".
fn followed_by_its_region(t: &str, end: usize) -> bool {
    const REGIONS: &[&str] = &["Kabupaten ", "Kab. ", "Kecamatan ", "Kec. ", "Provinsi ", "Prov. "];
    t[end..].strip_prefix(", ").is_some_and(|rest| {
        REGIONS
            .iter()
            .find_map(|r| rest.strip_prefix(r))
            .is_some_and(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// Whether a word of bus travel or work stands before `start`, where "PO" names a bus
/// company: "naik PO", "bis PO", "travel PO", "sopir PO", "kerja di PO".
fn after_a_bus_word(t: &str, start: usize) -> bool {
    lowered_word_before(t, start, &mut [0u8; 12]).is_some_and(|w| {
        matches!(
            w,
            b"naik"
                | b"numpang"
                | b"bus"
                | b"bis"
                | b"travel"
                | b"armada"
                | b"sopir"
                | b"supir"
                | b"kondektur"
                | b"kernet"
                | b"agen"
                | b"loket"
                | b"tiket"
                | b"pakai"
                | b"pake"
                | b"di"
        )
    })
}

/// Whether only a list's mark stands before `start` on its line: "[06] ", "(5) ", "3. ",
/// "- ".
fn after_list_mark(b: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(8);
    let line_start = match b[from..start].iter().rposition(|&c| c == b'\n') {
        Some(p) => from + p + 1,
        None if from == 0 => 0,
        None => return false,
    };
    match b[line_start..start].trim_ascii() {
        [b'-' | b'*'] => true,
        [b'[', inner @ .., b']'] | [b'(', inner @ .., b')'] | [inner @ .., b'.' | b')'] => {
            !inner.is_empty() && inner.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A lake or a river named after "Situ" or "Kali" at `start..end`, but for a number
/// before it ("Dua Kali Lipat", "3 Kali Seminggu") or a title after it ("di Situ Mas
/// Budi"). Out of line: few words get here.
#[inline(never)]
fn named_water(t: &str, start: usize, end: usize) -> Option<Span> {
    let b = t.as_bytes();
    if !matches!(&b[start..end], b"Situ" | b"Kali")
        || word_before_is(t, start, COUNTS).is_some()
        || b[..start]
            .strip_suffix(b" ")
            .is_some_and(|x| x.last().is_some_and(u8::is_ascii_digit))
        || next_word(t, end, 1).is_none_or(|(s, e)| LEXICON.exact(t, s, e) & HONORIFIC != 0)
    {
        return None;
    }
    named_after_cue(t, start, end, Category::Place)
}

/// Words of number before "Kali" (times): "Dua Kali Lipat", "Berapa Kali".
const COUNTS: &[&str] = &[
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "berapa", "beberapa",
    "banyak", "sekian", "ribuan", "ratusan", "puluhan",
];

/// Whether `Scan::word` would find nothing at the word `start..token.end`: a word of
/// ASCII letters in the lexicon that no entry acted on begins with, that is no plate's
/// letters, no spelled zero of a disguised number, and that no '.', '_' or ':' joins to
/// a link or a username. Most words are such, and answering here spares them the call
/// and the checks of `word`, about a quarter of a pass's instructions (performance.md,
/// fourteenth session).
fn nothing_starts_at(b: &[u8], start: usize, token: Token, entry: Entry) -> bool {
    !token.digits
        && token.ascii
        && !entry.acts
        && entry.slot.is_some()
        && (token.end - start > 2 || !b.get(token.end + 1).is_some_and(u8::is_ascii_digit))
        && !matches!(b.get(token.end), Some(b'.' | b'_' | b':'))
        && !may_begin_disguised(&b[start..token.end])
}

impl Scan<'_, '_> {
    // Never inlined into `detect_in`: when it was, `word` (the commonest call) was not
    // inlined into it any more, and a pass took 4 % more instructions (performance.md,
    // seventeenth session).
    #[inline(never)]
    fn run(&mut self) {
        let b = self.text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if is_ascii_word_byte(c) || (c >= 0x80 && is_word_char_at(self.text, i)) {
                let token = scan_token(self.text, i);
                let end = token.end;
                // A form's "Nama:" may follow a list's mark ("[06] Nama: Ester").
                let opens_line = i == 0
                    || b[i - 1] == b'\n'
                    || (b[i - 1] == b' ' && end - i == 4 && (c | 0x20) == b'n' && after_list_mark(b, i));
                if opens_line
                    && !token.digits
                    && let Some(name) = display_name(self.text, i)
                        .or_else(|| labelled_name(self.text, i))
                        .or_else(|| labelled_place(self.text, i))
                        .or_else(|| sender_before_time(self.text, i))
                {
                    self.push_unless_allowed(name);
                }
                // Digit-only tokens are registered as phones (by canonical form), not words.
                let digits_only = token.ascii && !token.letters;
                let entry = if digits_only || !token.ascii {
                    Entry::default()
                } else {
                    LEXICON.entry(&b[i..end])
                };
                if !digits_only && !self.engine.known.is_empty() {
                    self.known_token(i, token, entry);
                }
                // The word alone in no lexicon (it may begin a longer entry: "Lubuak" of
                // "Lubuak Tarok", where "di Lubuak Buayo" is a place all the same).
                if token.ascii && !token.digits && c.is_ascii_uppercase() {
                    if entry.flags == 0 {
                        self.unknown_capitalised(i, end);
                        if b.get(end) == Some(&b',') {
                            self.vocative(i, end);
                        }
                    } else if b.get(end) == Some(&b'-')
                        && let Some(place) = doubled_place(self.text, i, end, entry.flags)
                    {
                        self.push_unless_allowed(place);
                    } else if entry.flags & (DECOY | NAME) == DECOY | NAME
                        && (after_a_friend(self.text, i) || after_a_contact_verb(self.text, i))
                    {
                        // A decoy that is also a given name, after a word for a friend or
                        // a relative, or a verb one does to a person: "ke kawan aku Mei"
                        // (May), "hubungi Mei di nomor ini".
                        self.push_unless_allowed(person(self.text, i, end));
                    } else if end - i == 4
                        && let Some(water) = named_water(self.text, i, end)
                    {
                        // A lake or a river by its Sundanese or Javanese word, in capitals
                        // only ("Situ Cipondoh", "Kali Angke"): in lower case "situ" is
                        // "there" and "kali" is "times" (both common words).
                        self.push_unless_allowed(water);
                    }
                }
                if c.is_ascii_uppercase()
                    && token.ascii
                    && !token.digits
                    && let Some(place) = district_at(self.text, i, end, entry.hash, self.found.last())
                    // "orang Bajo", "bahasa Wolio": a people and its language, where a
                    // district has the same name; "soto Banjar", a dish.
                    && !is_people_or_language(self.text, i, place.end)
                    && !after_a_dish(self.text, i)
                {
                    self.push_unless_allowed(place);
                }
                // Short words in capitals that name what follows or goes before them
                // (`capital_cue`): tried on their length and first letter alone.
                if (2..=5).contains(&(end - i)) && matches!(c, b'M' | b'P' | b'B' | b'L') {
                    self.capital_cue(i, end);
                }
                if c == b'K'
                    && (2..=3).contains(&(end - i))
                    && (b[i + 1] | 0x20) == b'm'
                    && let Some(place) = kilometre_place(self.text, i).or_else(|| ship(self.text, i, end))
                {
                    self.found.push(place);
                }
                // A word of ASCII letters that is no entry alone, or one with a capital
                // that is no decoy or name, may be a name the file taught (`Learned`).
                if token.ascii
                    && !token.digits
                    && (entry.flags == 0 || (c.is_ascii_uppercase() && learnable(entry.flags)))
                {
                    self.candidates.push(NameCandidate {
                        start: i,
                        end,
                        hash: entry.hash,
                    });
                    if entry.flags == 0 && end - i >= 4 && drawn_out(&b[i..end]) {
                        self.drawn_out_name(i, end);
                    }
                }
                i = if c.is_ascii_digit()
                    && let Some(point) = may_begin_point(b, end)
                        .then(|| coordinates_at(self.text, i).or_else(|| plus_code_at(self.text, i, end)))
                        .flatten()
                {
                    // A point on the map: "-7.250445, 112.768845", "7°15'01.6\"S …",
                    // "6PH57VP3+PR".
                    let end = point.end;
                    self.found.push(point);
                    end
                } else if c.is_ascii_digit() {
                    let before = self.found.len();
                    // A number of up to five digits that no separator joins to the next
                    // ("12/03/24", "9:15 PM") is a chunk too short to be anything: the
                    // commonest number in chats, spared the reading of its groups.
                    // A mobile's prefix before a mask ("0812-xxxx-3371") is read whole.
                    let masked = || c == b'0' && end - i >= 4 && cut_after(b, end).is_some();
                    let next = if digits_only && end - i < 6 && !joins_next_group(b, i, end) && !masked() {
                        if let Some(tail) = phone_tail(self.text, i, end) {
                            self.found.push(tail);
                        }
                        end
                    } else {
                        numeric_chunk(self.text, i, &self.engine.known, &mut self.found).max(end)
                    };
                    // A '0' or a country code that began no number may begin one typed
                    // to get past a filter ("+62 8 one 3 - …").
                    let began_none = (c == b'0' || &b[i..end] == b"62") && self.found.len() == before;
                    match began_none.then(|| disguised_phone(self.text, i)).flatten() {
                        Some(span) => {
                            let end = span.end;
                            self.found.push(span);
                            end
                        }
                        None => next,
                    }
                } else if nothing_starts_at(b, i, token, entry) {
                    end
                } else {
                    self.word(i, token, entry)
                };
                continue;
            }
            match c {
                b'@' => {
                    let (span, next) = at_sign(self.text, i);
                    if let Some(s) = span {
                        self.push_unless_allowed(s);
                    }
                    i = next;
                }
                b'+' | b'(' if b.get(i + 1).is_some_and(|&d| d.is_ascii_digit() || d == b'+') => {
                    let (at, before) = (i, self.found.len());
                    i = numeric_chunk(self.text, at, &self.engine.known, &mut self.found).max(at + 1);
                    // "+62 8 one 3 - …": the country code of a number typed to get past
                    // a filter.
                    if self.found.len() == before
                        && b[at..].starts_with(b"+62")
                        && let Some(span) = disguised_phone(self.text, at + 1)
                    {
                        i = i.max(span.end);
                        self.found.push(span);
                    }
                }
                b'[' | b'{' => match bracketed_email(self.text, i) {
                    // "rina [at] yayasan-kasih [dot] org"
                    Some(email) => {
                        i = email.end;
                        self.found.push(email);
                    }
                    None => i += 1,
                },
                b'(' if let Some(email) = bracketed_email(self.text, i) => {
                    // "pengaduan(at)srikandimusi(dot)or(dot)id"
                    i = email.end;
                    self.found.push(email);
                }
                b'"' | b'(' => {
                    let name = if c == b'"' {
                        quoted_before_id(self.text, i)
                    } else {
                        // Where an organisation found by its cue just before starts:
                        // it took its acronym itself (`acronym_after`).
                        let found_from = self
                            .found
                            .iter()
                            .rev()
                            .take(2)
                            .find(|f| f.category == Category::Organisation && f.end + 1 == i)
                            .map(|f| f.start);
                        named_before_bracket(self.text, i, found_from)
                    };
                    if let Some(name) = name {
                        self.push_unless_allowed(name);
                    }
                    i += 1;
                }
                0xE2 if self.text[i..].starts_with('“') => {
                    if let Some(name) = quoted_before_id(self.text, i) {
                        self.push_unless_allowed(name);
                    }
                    i += '“'.len_utf8();
                }
                _ if c < 0x80 => i += 1,
                _ => i += self.text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }

    /// Handles the word `start..token.end` (starting with a letter, looked up as
    /// `entry`); returns where to go on.
    #[inline(always)]
    fn word(&mut self, start: usize, token: Token, entry: Entry) -> usize {
        let t = self.text;
        let b = t.as_bytes();
        let end = token.end;
        // Whether the word may hold an ASCII digit: most words are ASCII letters only.
        let digits = token.digits || !token.ascii;
        // A plate starts with a one- or two-letter word and then digits.
        let plate_shaped = match end - start {
            1 | 2 => matches!(b.get(end), Some(b' ' | b'-')) && b.get(end + 1).is_some_and(u8::is_ascii_digit),
            _ => digits && (b[start + 1].is_ascii_digit() || b[start + 2].is_ascii_digit()),
        };
        let structured = if plate_shaped { plate_at(t, start) } else { None };
        let structured = structured.or_else(|| {
            may_begin_disguised(&b[start..end])
                .then(|| disguised_phone(t, start))
                .flatten()
        });
        // A mail provider's domain after a mark for '@' ends an address ("rina [at]
        // gmail.com"); else it is a link.
        let structured = structured.or_else(|| {
            may_start_link(b, start, end)
                .then(|| disguised_email(t, start, end).or_else(|| link_at(t, start)))
                .flatten()
        });
        // A Plus Code that opens with a letter ("C2G3+4R").
        let structured = structured.or_else(|| {
            (digits && b.get(end) == Some(&b'+'))
                .then(|| plus_code_at(t, start, end))
                .flatten()
        });
        let structured = structured.or_else(|| {
            may_start_bare_handle(b, start, end)
                .then(|| bare_handle(t, start))
                .flatten()
        });
        if let Some(span) = structured {
            let mut next = span.end;
            let listed = listed_username_after(t, &span);
            self.found.push(span);
            if let Some(listed) = listed {
                next = listed.end;
                self.found.push(listed);
            }
            return next;
        }
        let digit = if digits {
            b[start..end].iter().position(u8::is_ascii_digit).map(|d| start + d)
        } else {
            None
        };
        if let Some(d) = digit {
            // "RT03/RW05", "No5": an address cue glued to its number; not a word
            // doubled by a "2" ("jalan2", walking about).
            let flags = LEXICON.exact(t, start, d);
            let doubled = &b[d..end] == b"2" && d - start >= 4;
            if flags & (ADDRESS | ADDRESS_NUMBER) != 0 && !doubled {
                if let Some(span) = self.address(start, d, flags) {
                    self.found.push(span);
                }
            } else if let Some(handle) = numbered_username(t, start, d, end) {
                self.push_unless_allowed(handle);
                return end;
            }
        } else {
            // One call of `lexicon_hit`, for an entry or a mistyped cue: with a second
            // call site the compiler stopped inlining it (performance.md).
            let hit = if entry.acts {
                LEXICON.longest_entry(t, start, end, entry)
            } else if entry.slot.is_none() && token.ascii {
                mistyped_cue(&b[start..end]).map(|cue| self.mistyped_cue_hit(start, end, cue))
            } else {
                None
            };
            if let Some(hit) = hit {
                self.lexicon_hit(start, hit);
                if hit.flags & DECOY != 0 && hit.flags & (NAME | PLACE) == 0 {
                    // A mail provider may end an address disguised ("rinamanja at
                    // yahoo dot com", "rina(at)gmail(dot)com"); else the whole decoy is
                    // left alone, "Fitri" of "Idul Fitri" too.
                    if let Some(email) = disguised_email(t, start, end) {
                        let next = email.end;
                        self.found.push(email);
                        return next;
                    }
                    return hit.end.max(end);
                }
            }
        }
        match digit {
            Some(d) => numeric_chunk(t, d, &self.engine.known, &mut self.found).max(end),
            None => end,
        }
    }

    /// What a lexicon entry at `start` means: a cue (whatever follows it decides), a
    /// decoy (nothing), a given name or a place.
    fn lexicon_hit(&mut self, start: usize, hit: Hit) {
        let t = self.text;
        let f = hit.flags;
        let mut cued = None;
        if f & MICHAT != 0 {
            cued = quoted_account_name(t, hit.end).or_else(|| michat_id(t, hit.end, false));
        }
        if cued.is_none() && f & MICHAT_COLON != 0 {
            cued = michat_id(t, hit.end, true).or_else(|| quoted_account_name(t, hit.end));
        }
        if cued.is_none() && f & BANK != 0 {
            let before = self.found.len();
            account_after_cue(t, hit.end, &mut self.found);
            if let Some(account) = self.found.get(before) {
                if let Some(holder) = holder_after_account(t, account.end) {
                    self.push_unless_allowed(holder);
                }
                return;
            }
            cued = bank_branch(t, start, hit.end)
                .or_else(|| regional_bank(t, start, hit.end))
                .filter(|v| !self.venue_allowed(v));
        }
        if cued.is_none() && f & (ADDRESS | ADDRESS_NUMBER) != 0 && !self.address_cues.contains(&start) {
            cued = self.address(start, hit.end, f);
        }
        if cued.is_none() && f & VENUE != 0 {
            cued = venue(t, start, hit.end).filter(|v| !self.venue_allowed(v));
        }
        // ORG and BRAND both: a campus, named by itself (below).
        if cued.is_none() && f & (ORG | LANDMARK) != 0 && f & BRAND == 0 {
            let category = if f & ORG != 0 {
                Category::Organisation
            } else {
                Category::Place
            };
            cued = named_after_cue(t, start, hit.end, category)
                .or_else(|| town_named_tanjung(t, start, hit.end))
                .filter(|v| !self.venue_allowed(v));
        }
        if cued.is_none() && f & BRAND != 0 {
            cued = if f & ORG != 0 {
                campus(t, start, hit.end, f)
            } else {
                Some(brand_venue(t, start, hit.end))
            }
            .filter(|v| !self.venue_allowed(v));
        }
        if f & (VENUE | LANDMARK) != 0 && is_capitalised(t, start) {
            cued = self.name_before(start, hit.end, f, cued);
        }
        if cued.is_none() && f & HANDLE_CUE != 0 {
            if let Some((group, renamed)) = group_names(t, start, hit.end) {
                self.push_unless_allowed(group);
                if let Some(renamed) = renamed {
                    self.push_unless_allowed(renamed);
                }
                return;
            }
            // An account's name in quotes: "akun \"Cik Lina 🏮 TPI\"".
            cued = handle_after_cue(t, start, hit.end).or_else(|| quoted_account_name(t, hit.end));
        }
        if cued.is_none() && f & NAMING != 0 {
            let cue = &t[start..hit.end];
            cued = profile_name(t, cue, hit.end)
                .or_else(|| name_after_cue(t, hit.end))
                .filter(|s| !naming_cue_takes_capitals_only(cue) || is_capitalised(t, s.start))
                .filter(|s| !naming_cue_yields_to_a_title(cue, t, s.start))
                .filter(|s| !self.engine.allow.contains(&s.canonical));
        }
        if cued.is_none() && f & HONORIFIC != 0 {
            cued = after_honorific(t, start, hit.end)
                .or_else(|| honorific_as_name(t, start, hit.end))
                .filter(|s| !self.engine.allow.contains(&s.canonical));
        }
        if let Some(span) = cued {
            let next = match span.category {
                Category::Organisation => acronym_after(t, span.end),
                Category::MichatId => listed_username_after(t, &span),
                _ => None,
            };
            self.push(span);
            if let Some(next) = next {
                self.push_unless_allowed(next);
            }
            return;
        }
        if f & (NAME | COMMON | PLACE | DECOY) == NAME
            && let Some(nickname) = doubled_name(t, start, hit.end)
        {
            self.push_unless_allowed(nickname);
            return;
        }
        // A common word in capitals with its regency or district after it is a place
        // ("Lokasi 2: Sumber, Kabupaten Cirebon"), as a word in no lexicon is. The comma
        // is tested first: most words have none after them.
        if f & (NAME | PLACE | DECOY) == 0
            && f & COMMON != 0
            && is_capitalised(t, start)
            && t.as_bytes().get(hit.end) == Some(&b',')
            && followed_by_its_region(t, hit.end)
            && !is_function_word(&t[start..hit.end])
        {
            self.push_unless_allowed(place(t, start, hit.end));
            return;
        }
        if f & DECOY != 0
            || f & (NAME | PLACE) == 0
            || is_reduplicated(t, start, hit.end)
            || is_people_or_language(t, start, hit.end)
        {
            return;
        }
        let mut buffer = [0u8; 12];
        let word_before = lowered_word_before(t, start, &mut buffer);
        if word_before.is_some_and(is_dish) {
            return;
        }
        if f & NAME != 0 && f & PLACE == 0 {
            // "melati" of "hotel melati" (a budget hotel) is no name.
            let word = &t[start..hit.end];
            if is_venue_class_word(word)
                && word_before_is(t, start, &["hotel", "kos", "kost", "kosan", "kostan"])
                    .is_some_and(|cue| is_venue_class(cue, word))
            {
                return;
            }
            // A hospital's ward ("ruang Mawar"), a beer ("minum Bintang") and a boat
            // ("kapal Ferry") are named like people.
            if word_before.is_some_and(|w| {
                matches!(
                    w,
                    b"ruang" | b"ruangan" | b"bangsal" | b"paviliun" | b"minum" | b"kapal"
                )
            }) {
                return;
            }
            // Most names found here were found already, after their honorific: the
            // span (and its canonical form) is made only for one that was not.
            if let Some((mut s, e)) = lexicon_name(t, start, hit.end, f) {
                // A name inside an earlier find ("agung" of the place "lenteng agung")
                // is not extended back over that find's first word.
                if self.found.last().is_some_and(|l| l.start < start && start < l.end) {
                    s = s.max(start);
                }
                if !self.covered(s, e, Category::Person) {
                    self.push_unless_allowed(person(t, s, e));
                }
            }
        } else if f & PLACE != 0
            && (f & COMMON == 0
                || (is_capitalised(t, start) && !t[hit.end..].starts_with(':'))
                || common_place_after_preposition(t, start, hit.end))
            && !in_bank_name(t, start)
        {
            self.push_unless_allowed(place(t, start, hit.end));
        }
    }

    /// A cue mistyped ("mcihat", "prmata") as the entry of the cue it mistypes: only as
    /// a cue, for a mistyped bank that is also a given name ("Permata") is no name.
    fn mistyped_cue_hit(&self, start: usize, end: usize, cue: &str) -> Hit {
        let mut flags = LEXICON.exact(cue, 0, cue.len()) & (BANK | MICHAT | MICHAT_COLON);
        if flags & MICHAT_COLON != 0 && michat_cue_around(self.text, start, end) {
            flags |= MICHAT;
        }
        Hit { end, flags }
    }

    /// A venue or landmark whose name comes before its word ("Padma Hotel Bandung",
    /// "Trans Studio Mall"): `cued`, the name found after the word if any, begins
    /// earlier. Only words that end such a name look back: hotels, inns, malls.
    fn name_before(&self, start: usize, cue_end: usize, flags: u16, cued: Option<Span>) -> Option<Span> {
        const ENDS_A_NAME: &[&str] = &[
            "hotel",
            "inn",
            "resort",
            "residence",
            "hostel",
            "homestay",
            "cottage",
            "cottages",
            "guesthouse",
            "motel",
            "villa",
            "spa",
            "karaoke",
            "cafe",
            "lounge",
            "club",
            "apartment",
            "mall",
            "mal",
            "plaza",
            "square",
        ];
        let t = self.text;
        if !ENDS_A_NAME.iter().any(|w| w.eq_ignore_ascii_case(&t[start..cue_end])) {
            return cued;
        }
        let Some(name_start) = name_before_cue(t, start) else {
            return cued;
        };
        let span = match &cued {
            // The canonical form is the name before and the one after (a room after a
            // venue is not part of it).
            Some(after) => {
                let mut canonical = words_canonical(t[name_start..start].trim_end());
                canonical.push(' ');
                canonical.push_str(&after.canonical);
                Span {
                    start: name_start,
                    canonical,
                    ..after.clone()
                }
            }
            None if flags & VENUE != 0 => venue_span(t, name_start, cue_end),
            None => place(t, name_start, cue_end),
        };
        (!self.venue_allowed(&span)).then_some(span).or(cued)
    }

    /// The address at the cue `start..cue_end`, remembering the cues it absorbed.
    fn address(&mut self, start: usize, cue_end: usize, flags: u16) -> Option<Span> {
        self.address_cues.clear();
        address(self.text, start, cue_end, flags, &mut self.address_cues)
    }

    fn venue_allowed(&self, v: &Span) -> bool {
        let allow = &self.engine.allow;
        !allow.is_empty()
            && (allow.contains(&v.canonical)
                || v.canonical
                    .split_once(' ')
                    .is_some_and(|(_, name)| allow.contains(name)))
    }

    /// What a capitalised word in no lexicon, which review would show as suspicious,
    /// is by the words before it. A place no gazetteer holds after a word that says
    /// where ("di Kereng Bangkirai", "asli Barus", "area Taba Jemekeh", Javanese "nang
    /// Trowulan"): on the probes such a word was a place, venue or organisation 69
    /// times in 73 (pseudonymisation.md, eighteenth session). So after English "in",
    /// "from" and "near", as chats with foreign clients write ("patrol in Sire", "from
    /// Perth"), where languages and nationalities are common words ("in English"). A
    /// person after a word for a friend or a relative ("kawanku Nurhaida", "kawan awak
    /// Eli"). Out of line: few words get here.
    #[inline(never)]
    fn unknown_capitalised(&mut self, start: usize, end: usize) {
        const LOCATIVES: &[&str] = &[
            "di", "ke", "dari", "dr", "asli", "asal", "area", "daerah", "kawasan", "lewat", "dekat", "dkt", "sekitar",
            "nang", "teng", "in", "from", "near",
        ];
        // The next of a list of places: "area Oyehe / Kalibobo", "di Woja dan Sape",
        // "lewat Kubutambahan - Tejakula".
        const BETWEEN_PLACES: &[&str] = &["/", "&", ",", "dan", "atau", "sm", "sama", "-", "–", "—"];
        let t = self.text;
        // And the town after a venue, an address or an organisation: "Kos Nusantara
        // Indah, Kalumata", as a table's cell or a form gives it. The next of a list of
        // people is a person: "Ama Idris, Sri, Wiwin", "Sri (Sri Mulyani) dan Wiwin".
        let listed = self.found.last().and_then(|p| {
            let between = if p.end < start {
                let gap = t[p.end..start].trim_matches(|c: char| matches!(c, ' ' | '\t' | ')' | '"' | '“'));
                // A person's age in brackets: "Marni (35), Sulis (29), dan \"Cemplon\"".
                let age = gap
                    .strip_prefix('(')
                    .map(|g| g.trim_start_matches(|c: char| c.is_ascii_digit()));
                match age.and_then(|g| g.strip_prefix(')')) {
                    Some(rest) if p.category == Category::Person => rest.trim_start(),
                    _ => gap,
                }
            } else {
                ""
            };
            let next = match p.category {
                // Not a table's empty cell: "Majalengka\t-\tRebo Wekasan".
                Category::Place => BETWEEN_PLACES.contains(&between) && !t[p.end..start].contains('\t'),
                Category::Venue | Category::Address | Category::Organisation => between == ",",
                // "Ima atau Rahima": a nickname, or the name, given after the other;
                // "with" ("Wulan lawan Iyah", Banjar; Javanese "karo"; Manado "deng").
                // And the name in brackets after a short one: "Lis (Lisdawati)".
                // Or the next after a slash: "Icha (19) / Mela (23)". Initials in
                // brackets are no second name: "Mbak Sari (SR)".
                Category::Person => {
                    matches!(
                        between,
                        "," | "dan" | ", dan" | "&" | "atau" | "sama" | "karo" | "lawan" | "deng" | "(" | "/"
                    ) && !(between == "(" && is_acronym(&t[start..end]))
                }
                _ => false,
            };
            next.then_some(p.category)
        });
        let friend = listed.is_none() && after_a_friend(t, start);
        // A woman's name before her clan: "Riris boru Lumban Gaol"; not a grandmother
        // ("Ompung boru Tiomina").
        let before_clan = || {
            t[end..]
                .strip_prefix(" boru ")
                .is_some_and(|clan| clan.starts_with(|c: char| c.is_ascii_uppercase()))
                && !t[start..end].eq_ignore_ascii_case("ompung")
        };
        let listed = listed.or((friend || before_clan()).then_some(Category::Person));
        // Not part of a file's or a username's name ("asli REC_0315_2047.m4a").
        if (listed.is_none() && word_before_is(t, start, LOCATIVES).is_none() && !followed_by_its_region(t, end))
            || t.as_bytes().get(end) == Some(&b'_')
            || self.engine.suspicious_word(t, start, end).is_none()
        {
            return;
        }
        if listed == Some(Category::Person) {
            // A friend's surname in no lexicon either: "temennya Liam Fraser".
            let end = match next_word(t, end, 1) {
                Some((s, e)) if friend && s == end + 1 && is_capitalised(t, s) && LEXICON.exact(t, s, e) == 0 => e,
                _ => end,
            };
            self.push_unless_allowed(person(t, start, end));
            return;
        }
        let end = place_name_end(t, end);
        self.push_unless_allowed(Span {
            start,
            end,
            category: Category::Place,
            canonical: words_canonical(&t[start..end]),
        });
    }

    /// A name called where a message or a turn opens, after its sender's or speaker's
    /// colon, a comma after it: "Kak Nita: Yulin, sia masih bangun?". A capitalised
    /// word in no lexicon there is the person spoken to. Not where any line opens: a
    /// list or a description opens with such words ("Greetings, emoji, …"). Not a word
    /// drawn out ("Iyaa,", "Okee,"), nor one in capitals ("YUL,").
    #[inline(never)]
    fn vocative(&mut self, start: usize, end: usize) {
        let b = self.text.as_bytes();
        let word = &b[start..end];
        let opens = b[..start].ends_with(b": ");
        let shaped = (2..=12).contains(&word.len())
            && word[1..].iter().all(u8::is_ascii_lowercase)
            && word[word.len() - 2] != word[word.len() - 1];
        if opens && shaped {
            self.push_unless_allowed(person(self.text, start, end));
        }
    }

    /// A word in capitals that no lexicon entry may hold, for in lower case it is a
    /// word: a state madrasah by its number ("MIN 5 Bireuen", "MI Nurul Huda Omben";
    /// "mi", "min" and "man" are words); a bus company after a word of travel ("naik
    /// PO Gunung Harta"; "PO" is also a pre-order: "Open PO Mukena", "PO Baju Lebaran
    /// dibuka"); a housing estate the state savings bank built, in Sulawesi named by the
    /// bank ("BTN Griya Lasinrang Blok D2 No. 9"), an address as a "Perum" is when a
    /// name in capitals and a block or house number follow (the bank itself is a decoy:
    /// "BTN Syariah", "rek BTN 0012 …", "kerja di BTN Makassar"); a shipping company by
    /// the word that ends its name ("Marina Karimun Lines"). Out of line: few words get
    /// here.
    #[inline(never)]
    fn capital_cue(&mut self, start: usize, end: usize) {
        let t = self.text;
        match &t.as_bytes()[start..end] {
            b"MI" | b"MIN" | b"MAN" => {
                if let Some(school) = named_after_cue(t, start, end, Category::Organisation) {
                    self.push_unless_allowed(school);
                }
            }
            b"PO" => {
                if after_a_bus_word(t, start)
                    && let Some(company) = named_after_cue(t, start, end, Category::Organisation)
                {
                    self.push_unless_allowed(company);
                }
            }
            b"BTN" => {
                if capitalised_word_after(t, end)
                    && let Some(estate) = self.address(start, end, ADDRESS)
                    && t.as_bytes()[end..estate.end].iter().any(u8::is_ascii_digit)
                {
                    self.found.push(estate);
                }
            }
            b"Lines" => {
                if let Some(name_start) = name_before_cue(t, start) {
                    self.push_unless_allowed(Span {
                        start: name_start,
                        end,
                        category: Category::Organisation,
                        canonical: words_canonical(&t[name_start..end]),
                    });
                }
            }
            _ => {}
        }
    }

    /// A given name drawn out, as a chat calls someone ("makasih euiss", "ritaaa", "kak
    /// jaaake"): its last letter written twice, or any letter three times or more
    /// (`drawn_out_word`), written once it is a name the lexicon holds and nothing else
    /// (not "apaa", "sayangg", "ayuu", "bangeeet"), under that name's tag.
    #[inline(never)]
    fn drawn_out_name(&mut self, start: usize, end: usize) {
        let t = self.text;
        let last = t.as_bytes()[end - 1];
        let kept = end + 1
            - t.as_bytes()[start..end]
                .iter()
                .rev()
                .take_while(|&&c| c == last)
                .count();
        let name = if kept - start >= 3 && LEXICON.exact(t, start, kept) == NAME {
            Some(words_canonical(&t[start..kept]))
        } else {
            drawn_out_word(t, start, end).and_then(|(word, f)| (f == NAME).then(|| word.into()))
        };
        if let Some(canonical) = name {
            self.push_unless_allowed(Span {
                start,
                end,
                category: Category::Person,
                canonical,
            });
        }
    }

    /// Lexical and heuristic finds yield to the allow-list.
    fn push_unless_allowed(&mut self, span: Span) {
        let heuristic = matches!(
            span.category,
            Category::Person | Category::Place | Category::Venue | Category::Organisation | Category::Handle
        );
        if !(heuristic && self.engine.allow.contains(&span.canonical)) {
            self.push(span);
        }
    }

    /// Adds a find, unless the last one covers it and is as strong: `resolve` would drop
    /// it (a name after an honorific is found again from the name itself). A person's
    /// nickname in brackets after the name comes with it.
    fn push(&mut self, span: Span) {
        if !self.covered(span.start, span.end, span.category) {
            let span = if span.category == Category::Person {
                with_patronymic(self.text, span)
            } else {
                span
            };
            let nickname = if span.category == Category::Person {
                nickname_after(self.text, span.end).filter(|n| !self.engine.allow.contains(&n.canonical))
            } else {
                None
            };
            self.found.push(span);
            self.found.extend(nickname);
        }
    }

    /// Whether the last find covers `start..end` and is as strong as `category`.
    fn covered(&self, start: usize, end: usize, category: Category) -> bool {
        self.found.last().is_some_and(|last| {
            last.start <= start && end <= last.end && last.category.priority() <= category.priority()
        })
    }

    /// Matches registered identifiers at the token `start..token.end` (looked up as
    /// `entry`).
    fn known_token(&mut self, start: usize, token: Token, entry: Entry) {
        let known = &self.engine.known;
        let end = token.end;
        let hash = match entry.slot {
            Some(i) if self.engine.lexicon_known.contains(i) => known.token_hash(LEXICON.slot_word(i)),
            Some(_) => return,
            None => {
                // Most words are in lower case already: hashed in place.
                if token.ascii && !token.upper {
                    known.token_hash(&self.text.as_bytes()[start..end])
                } else {
                    known.token_hash(self.lower_token(start, end).as_bytes())
                }
            }
        };
        let single = known.single(hash);
        let starts = known.may_start(hash);
        if single.is_none() && !starts {
            return;
        }
        self.lower_token(start, end);
        if let Some(category) = single {
            let canonical = CompactString::from(self.lower.as_str());
            self.found.push(Span {
                start,
                end,
                category,
                canonical,
            });
        }
        if starts {
            self.joined.clear();
            self.joined.push_str(&self.lower);
            self.known_windows(start, end, hash);
        }
    }

    /// The token `start..end` lower-cased, in `self.lower`.
    fn lower_token(&mut self, start: usize, end: usize) -> &str {
        let word = &self.text[start..end];
        self.lower.clear();
        if word.is_ascii() {
            self.lower.push_str(word);
            self.lower.make_ascii_lowercase();
        } else {
            self.lower.push_str(&word.to_lowercase());
        }
        &self.lower
    }

    /// Matches registered multi-token identifiers starting with the token
    /// `start..end` (whose hash starts one, and whose lower case is in `joined`): the
    /// following tokens on the same line, joined by single spaces, one window at a
    /// time. The windows share their prefix, so one hasher runs over them all.
    fn known_windows(&mut self, start: usize, end: usize, first: u64) {
        let known = &self.engine.known;
        let t = self.text;
        let b = t.as_bytes();
        let mut hasher = known.window_hasher();
        hasher.write(self.joined.as_bytes());
        let mut pos = end;
        for tokens in 2..=known.max_tokens() {
            while pos < b.len() && b[pos] != b'\n' && !is_word_char_at(t, pos) {
                pos += t[pos..].chars().next().map_or(1, char::len_utf8);
            }
            let next_end = word_end(t, pos);
            if next_end == pos {
                return;
            }
            let from = self.joined.len();
            self.joined.push(' ');
            let word = &t[pos..next_end];
            if word.is_ascii() {
                self.joined.push_str(word);
                self.joined[from..].make_ascii_lowercase();
            } else {
                self.joined.push_str(&word.to_lowercase());
            }
            hasher.write(&self.joined.as_bytes()[from..]);
            pos = next_end;
            let tokens = u8::try_from(tokens).unwrap_or(u8::MAX);
            if let Some(category) = known.lookup(known.window_hash_of(&hasher, first), tokens) {
                let canonical = CompactString::from(self.joined.as_str());
                self.found.push(Span {
                    start,
                    end: pos,
                    category,
                    canonical,
                });
            }
        }
    }
}

/// Where a find ending at `end` ends, with the rest of its last word after a glottal
/// stop or a hyphen: the words stop at both, where "RSUD Ba'a", "Pantai Bo'a" (Rote)
/// and "Pelabuhan Larea-rea" (Sinjai) go on (`past_apostrophe`, `past_doubled_ending`).
#[inline]
fn past_name_tail(t: &str, end: usize) -> usize {
    match t.as_bytes().get(end) {
        Some(b'\'' | 0xE2) => past_apostrophe(t, end),
        Some(b'-') => past_doubled_ending(t, end),
        _ => end,
    }
}

/// Where a find ending at `end` ends when the word it ends with is doubled in part
/// after a hyphen, as Karo clan names and Bugis places are: "Perangin-angin",
/// "Pelabuhan Larea-rea".
fn past_doubled_ending(t: &str, end: usize) -> usize {
    let b = t.as_bytes();
    if b.get(end) != Some(&b'-') {
        return end;
    }
    let tail = b[end + 1..].iter().take_while(|c| c.is_ascii_lowercase()).count();
    let word = b[..end].iter().rev().take_while(|c| c.is_ascii_alphabetic()).count();
    let doubled = tail >= 2
        && tail <= word
        && !b.get(end + 1 + tail).is_some_and(u8::is_ascii_alphanumeric)
        && b[end - tail..end].eq_ignore_ascii_case(&b[end + 1..end + 1 + tail]);
    if doubled { end + 1 + tail } else { end }
}

/// The first byte at or after `from` that is an ASCII capital or digit or not ASCII,
/// tested eight at a time.
fn next_marked(b: &[u8], from: usize) -> Option<usize> {
    let marked = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit() || !c.is_ascii();
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        if has_marked_byte(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
            break;
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| marked(c)).map(|n| i + n)
}

/// Whether one of the eight bytes of `x` is an ASCII capital or digit or not ASCII. The
/// range test is "Determine if a word has a byte between m and n" (Bit Twiddling
/// Hacks): for bytes below 0x80 neither the subtraction nor the addition crosses from
/// one byte into the next.
fn has_marked_byte(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH;
    // The bytes strictly between `above` and `below`.
    let between = |above: u8, below: u8| {
        (ONES * (127 + u64::from(below))).wrapping_sub(low) & !x & (low + ONES * (127 - u64::from(above))) & HIGH
    };
    x & HIGH != 0 || between(b'0' - 1, b'9' + 1) != 0 || between(b'A' - 1, b'Z' + 1) != 0
}

/// Sorted, non-overlapping spans: a span inside another is dropped; two that overlap
/// partly become one (over-redaction is safe) with the category of the stronger.
fn resolve(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| s.start < s.end);
    let order = |a: &Span, b: &Span| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.category.priority().cmp(&b.category.priority()))
    };
    // Spans are found nearly in order (a name extended back over its first name, a
    // longer find at the same start): an insertion sort moves the few that are not,
    // and gives up for the general sort (stable too, so the result is the same) if
    // there are many.
    let mut budget = 4 * spans.len();
    for i in 1..spans.len() {
        let mut j = i;
        while j > 0 && budget > 0 && order(&spans[j - 1], &spans[j]) == Ordering::Greater {
            spans.swap(j - 1, j);
            j -= 1;
            budget -= 1;
        }
    }
    if budget == 0 {
        spans.sort_by(order);
    }
    // Merged in place: the spans kept so far are `spans[..kept]`.
    let mut kept = 0;
    for i in 0..spans.len() {
        let (done, rest) = spans.split_at_mut(i);
        let s = &mut rest[0];
        let merged = match done[..kept].last_mut() {
            Some(last) if s.start < last.end => {
                if s.end > last.end {
                    last.end = s.end;
                    if s.category.priority() < last.category.priority() {
                        last.category = s.category;
                        last.canonical = std::mem::take(&mut s.canonical);
                    }
                }
                true
            }
            _ => false,
        };
        if !merged {
            spans.swap(kept, i);
            kept += 1;
        }
    }
    spans.truncate(kept);
    spans
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pseudo::lexicon::word_end;

    /// `Engine::suspicious` as it read every word, before it jumped between marked bytes.
    fn suspicious_word_by_word(e: &Engine, text: &str, spans: &[Span]) -> Vec<(usize, usize, &'static str)> {
        let norm = Normalized::new(text);
        let t: &str = &norm.text;
        let mut out = Vec::new();
        let mut i = 0;
        while i < t.len() {
            if !is_word_char_at(t, i) {
                i += t[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let end = word_end(t, i);
            if let Some(reason) = e.suspicious_word(t, i, end) {
                let (os, oe) = norm.original(i, end);
                if !spans.iter().any(|s| s.start < oe && os < s.end) {
                    out.push((os, oe, reason));
                }
            }
            i = end;
        }
        out
    }

    proptest! {
        #[test]
        fn suspicious_reads_the_words_a_word_by_word_scan_reads(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Budi", "sari", "123456", "7", "é", "😘", "Éva", "ab12", "x1234567", " ", ".", "-",
                "\u{202F}", "\u{200E}", "Jl.", "JAKARTA", "Xandrina", "ｆｕｌｌ", "０８１２３４５６", "kata",
            ]), 0..24)
        ) {
            let text = pieces.concat();
            let e = Engine::new(Known::new([0; 16]), AllowList::default());
            let spans = e.detect(&text);
            let fast: Vec<_> = e.suspicious(&text, &spans).into_iter().map(|s| (s.start, s.end, s.reason)).collect();
            prop_assert_eq!(fast, suspicious_word_by_word(&e, &text, &spans));
        }
    }

    #[test]
    fn marked_bytes_are_found_in_any_lane() {
        for c in 0..=255u8 {
            let marked = c.is_ascii_uppercase() || c.is_ascii_digit() || !c.is_ascii();
            for lane in 0..8 {
                let mut bytes = *b"abc .-za";
                bytes[lane] = c;
                assert_eq!(
                    has_marked_byte(u64::from_le_bytes(bytes)),
                    marked,
                    "{c:#x} in lane {lane}"
                );
                let mut text = b"kata-kata biasa saja ".to_vec();
                text.extend_from_slice(&bytes);
                text.extend_from_slice(b" lalu Z");
                let want = if marked { 21 + lane } else { text.len() - 1 };
                assert_eq!(next_marked(&text, 0), Some(want), "{c:#x} in lane {lane}");
            }
        }
        assert_eq!(next_marked(b"semua huruf kecil", 0), None);
        assert_eq!(next_marked(b"ab1", 3), None);
    }
}
