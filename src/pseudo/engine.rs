//! The engine: one pass over the normalised text. Word tokens go through the lexicon
//! automaton and the registered identifiers; digit runs, '@' and dotted words start the
//! structured detectors. Overlapping finds are resolved longest first, and spans are
//! mapped back to the caller's byte offsets.

use super::known::{AllowList, Known};
use super::lexicon::{
    ADDRESS, ADDRESS_NUMBER, BANK, COMMON, DECOY, HONORIFIC, Hit, LEXICON, MICHAT, MICHAT_COLON, NAME, PLACE, VENUE,
    is_capitalised, is_word_char_at, word_end, words_canonical,
};
use super::names::{after_honorific, lexicon_name};
use super::normalize::Normalized;
use super::numbers::{account_after_cue, numeric_chunk};
use super::place::{address, place, plate_at, venue};
use super::web::{at_sign, link_at, may_start_link, michat_id};
use super::{Category, Span, Suspicious};

/// Detects identifiers with the built-in lexicons, the study's registered identifiers
/// and its allow-list.
pub struct Engine {
    known: Known,
    allow: AllowList,
}

/// The state of one detection pass.
struct Scan<'e, 't> {
    engine: &'e Engine,
    text: &'t str,
    found: Vec<Span>,
    /// Lower-cased token bytes, reused for every token.
    lower: Vec<u8>,
    joined: Vec<u8>,
}

impl Engine {
    /// The lexicons are compiled once per process, so this is cheap.
    pub fn new(known: Known, allow: AllowList) -> Self {
        Engine { known, allow }
    }

    /// The identifiers in `text`: byte offsets into `text`, on char boundaries, sorted
    /// and non-overlapping.
    pub fn detect(&self, text: &str) -> Vec<Span> {
        let norm = Normalized::new(text);
        let mut scan = Scan {
            engine: self,
            text: &norm.text,
            found: Vec::new(),
            lower: Vec::new(),
            joined: Vec::new(),
        };
        scan.run();
        let mapped = scan
            .found
            .into_iter()
            .map(|s| {
                let (start, end) = norm.original(s.start, s.end);
                Span { start, end, ..s }
            })
            .collect();
        // Mapping is monotonic, so overlaps are resolved after it, once.
        resolve(mapped)
    }

    /// Tokens no detector claimed that a person should look at: capitalised words that
    /// are in no lexicon (and not allowed), and runs of six or more digits.
    pub fn suspicious(&self, text: &str, spans: &[Span]) -> Vec<Suspicious> {
        let norm = Normalized::new(text);
        let t: &str = &norm.text;
        let b = t.as_bytes();
        let mut claimed: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        claimed.sort_unstable();
        let mut next_claim = 0;
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !is_word_char_at(t, i) {
                i += t[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let end = word_end(t, i);
            let (os, oe) = norm.original(i, end);
            while next_claim < claimed.len() && claimed[next_claim].1 <= os {
                next_claim += 1;
            }
            let is_claimed = claimed.get(next_claim).is_some_and(|&(cs, _)| cs < oe);
            match self.suspicious_word(t, i, end) {
                Some(reason) if !is_claimed => out.push(Suspicious {
                    start: os,
                    end: oe,
                    reason,
                }),
                _ => {}
            }
            i = end;
        }
        out
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
        if LEXICON.longest(t, start).is_some() || self.allow.contains(&words_canonical(word)) {
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

impl Scan<'_, '_> {
    fn run(&mut self) {
        let b = self.text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_alphanumeric() || (c >= 0x80 && is_word_char_at(self.text, i)) {
                let end = word_end(self.text, i);
                // Digit-only tokens are registered as phones (by canonical form), not words.
                let digits_only = c.is_ascii_digit() && b[i..end].iter().all(u8::is_ascii_digit);
                if !digits_only && !self.engine.known.is_empty() {
                    self.known_token(i, end);
                }
                i = if c.is_ascii_digit() {
                    numeric_chunk(self.text, i, &self.engine.known, &mut self.found).max(end)
                } else {
                    self.word(i, end)
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
                    i = numeric_chunk(self.text, i, &self.engine.known, &mut self.found).max(i + 1);
                }
                _ if c < 0x80 => i += 1,
                _ => i += self.text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }

    /// Handles the word `start..end` (starting with a letter); returns where to go on.
    fn word(&mut self, start: usize, end: usize) -> usize {
        let t = self.text;
        let b = t.as_bytes();
        // A plate starts with a one- or two-letter word and then digits.
        let plate_shaped = match end - start {
            1 | 2 => matches!(b.get(end), Some(b' ' | b'-')) && b.get(end + 1).is_some_and(u8::is_ascii_digit),
            _ => b[start + 1].is_ascii_digit() || b[start + 2].is_ascii_digit(),
        };
        let structured = if plate_shaped { plate_at(t, start) } else { None };
        let structured = structured.or_else(|| may_start_link(b, start, end).then(|| link_at(t, start)).flatten());
        if let Some(span) = structured {
            let next = span.end;
            self.found.push(span);
            return next;
        }
        let digit = b[start..end].iter().position(u8::is_ascii_digit).map(|d| start + d);
        if let Some(d) = digit {
            // "RT03/RW05", "No5": an address cue glued to its number.
            let flags = LEXICON.exact(t, start, d);
            if flags & (ADDRESS | ADDRESS_NUMBER) != 0 {
                self.found.extend(address(t, start, d, flags));
            }
        } else if LEXICON.may_act(t, start, end) {
            if let Some(hit) = LEXICON.longest(t, start) {
                self.lexicon_hit(start, hit);
                if hit.flags & DECOY != 0 && hit.flags & (NAME | PLACE) == 0 {
                    // The whole decoy is left alone, "Fitri" of "Idul Fitri" too.
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
            cued = michat_id(t, hit.end, false);
        }
        if cued.is_none() && f & MICHAT_COLON != 0 {
            cued = michat_id(t, hit.end, true);
        }
        if cued.is_none() && f & BANK != 0 {
            let before = self.found.len();
            account_after_cue(t, hit.end, &mut self.found);
            if self.found.len() > before {
                return;
            }
        }
        if cued.is_none() && f & (ADDRESS | ADDRESS_NUMBER) != 0 {
            cued = address(t, start, hit.end, f);
        }
        if cued.is_none() && f & VENUE != 0 {
            cued = venue(t, start, hit.end).filter(|v| !self.venue_allowed(v));
        }
        if cued.is_none() && f & HONORIFIC != 0 {
            cued = after_honorific(t, hit.end).filter(|s| !self.engine.allow.contains(&s.canonical));
        }
        if let Some(span) = cued {
            self.found.push(span);
            return;
        }
        if f & DECOY != 0 {
            return;
        }
        if f & NAME != 0 && f & PLACE == 0 {
            if let Some(span) = lexicon_name(t, start, hit.end, f) {
                self.push_unless_allowed(span);
            }
        } else if f & PLACE != 0 && (f & COMMON == 0 || is_capitalised(t, start)) {
            self.push_unless_allowed(place(t, start, hit.end));
        }
    }

    fn venue_allowed(&self, v: &Span) -> bool {
        let allow = &self.engine.allow;
        !allow.is_empty()
            && (allow.contains(&v.canonical)
                || v.canonical
                    .split_once(' ')
                    .is_some_and(|(_, name)| allow.contains(name)))
    }

    /// Lexical and heuristic finds yield to the allow-list.
    fn push_unless_allowed(&mut self, span: Span) {
        let heuristic = matches!(
            span.category,
            Category::Person | Category::Place | Category::Venue | Category::Handle
        );
        if !(heuristic && self.engine.allow.contains(&span.canonical)) {
            self.found.push(span);
        }
    }

    /// Matches registered identifiers at the token `start..end`.
    fn known_token(&mut self, start: usize, end: usize) {
        let known = &self.engine.known;
        let word = &self.text[start..end];
        // Most words are lower-case ASCII already; short ASCII ones are lower-cased on
        // the stack.
        let mut small = [0u8; 32];
        let lower: &[u8] = match small.get_mut(..word.len()) {
            _ if !word.bytes().any(|c| c.is_ascii_uppercase() || c >= 0x80) => word.as_bytes(),
            Some(buf) if word.is_ascii() => {
                buf.copy_from_slice(word.as_bytes());
                buf.make_ascii_lowercase();
                buf
            }
            _ => {
                self.lower.clear();
                self.lower.extend_from_slice(word.to_lowercase().as_bytes());
                &self.lower
            }
        };
        let hash = known.token_hash(lower);
        if let Some(category) = known.single(hash) {
            let canonical = String::from_utf8_lossy(lower).into_owned();
            self.found.push(Span {
                start,
                end,
                category,
                canonical,
            });
        }
        if known.may_start(hash) {
            self.known_windows(start, end, hash);
        }
    }

    /// Matches registered multi-token identifiers starting with the token
    /// `start..end` (whose hash starts one): the following tokens on the same line,
    /// joined by single spaces, one window at a time.
    fn known_windows(&mut self, start: usize, end: usize, first: u64) {
        let known = &self.engine.known;
        let t = self.text;
        let b = t.as_bytes();
        self.joined.clear();
        self.joined.extend_from_slice(t[start..end].to_lowercase().as_bytes());
        let mut pos = end;
        for tokens in 2..=known.max_tokens() {
            while pos < b.len() && b[pos] != b'\n' && !is_word_char_at(t, pos) {
                pos += t[pos..].chars().next().map_or(1, char::len_utf8);
            }
            let next_end = word_end(t, pos);
            if next_end == pos {
                return;
            }
            self.joined.push(b' ');
            self.joined
                .extend_from_slice(t[pos..next_end].to_lowercase().as_bytes());
            pos = next_end;
            let tokens = u8::try_from(tokens).unwrap_or(u8::MAX);
            if let Some(category) = known.lookup(known.window_hash(&self.joined, first), tokens) {
                let canonical = String::from_utf8_lossy(&self.joined).into_owned();
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

/// Sorted, non-overlapping spans: a span inside another is dropped; two that overlap
/// partly become one (over-redaction is safe) with the category of the stronger.
fn resolve(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| s.start < s.end);
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.category.priority().cmp(&b.category.priority()))
    });
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => {
                if s.end > last.end {
                    last.end = s.end;
                    if s.category.priority() < last.category.priority() {
                        last.category = s.category;
                        last.canonical = s.canonical;
                    }
                }
            }
            _ => out.push(s),
        }
    }
    out
}
