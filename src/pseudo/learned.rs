//! Names a text has shown to be names, found again where they stand bare. A name is
//! often introduced once with a cue and then used alone: "Bang Togar Simanjuntak …
//! Togar itu keras … kalau togar marah". The cue found the first; the lexicon knows
//! neither "togar" nor, as a name, "Embun" (a common word). A file's finds teach the
//! names, and the rest of the file is searched for them.

use aho_corasick::{AhoCorasick, MatchKind};
use compact_str::CompactString;

use super::lexicon::{COMMON, DECOY, HONORIFIC, LEXICON, NAME, is_function_word};
use super::names::person;
use super::{Category, Span};

/// Names learned from one file at most: the search and the memory stay bounded
/// whatever the input (a study's transcript names dozens).
const MAX_NAMES: usize = 256;

/// Names learned so far, lower case, each with whether it is also a common word:
/// then only its capitalised mentions are names ("Embun bilang", not "embun pagi").
#[derive(Default)]
pub struct Learned {
    names: Vec<(CompactString, bool)>,
    /// Built from `names` when first searched after they changed.
    automaton: Option<AhoCorasick>,
}

impl Learned {
    pub fn new() -> Self {
        Learned::default()
    }

    /// Learns the names in the person `spans` of `text` (byte offsets into it), and the
    /// chat sender `sender`, if any.
    pub fn learn(&mut self, text: &str, spans: &[Span], sender: Option<&str>) {
        for span in spans.iter().filter(|s| s.category == Category::Person) {
            self.learn_words(&text[span.start..span.end]);
        }
        if let Some(name) = sender {
            self.learn_words(name);
        }
    }

    /// Learns the words of `name` written with a capital that the lexicon would not
    /// find on their own: in no lexicon, or a common word as well as a name. Decoys,
    /// honorifics and function words are never learned.
    fn learn_words(&mut self, name: &str) {
        for word in name.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() < 3 || !word.starts_with(|c: char| c.is_ascii_uppercase()) || is_function_word(word) {
                continue;
            }
            let flags = LEXICON.exact(word, 0, word.len());
            if flags & (DECOY | HONORIFIC) != 0 || (flags & NAME != 0 && flags & COMMON == 0) {
                continue;
            }
            let lower = CompactString::from(word.to_ascii_lowercase());
            if self.names.len() < MAX_NAMES && !self.names.iter().any(|(n, _)| *n == lower) {
                self.names.push((lower, flags & COMMON != 0));
                self.automaton = None;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The mentions in `text` of the names learned, as whole words, appended to `out`
    /// as persons (byte offsets into `text`).
    pub(crate) fn mentions(&mut self, text: &str, out: &mut Vec<Span>) {
        if self.names.is_empty() {
            return;
        }
        let names = &self.names;
        let automaton = self.automaton.get_or_insert_with(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(names.iter().map(|(n, _)| n.as_str()))
                .expect("a few hundred ASCII words compile into an automaton")
        });
        for m in automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let whole_word =
                !text[..start].ends_with(char::is_alphanumeric) && !text[end..].starts_with(char::is_alphanumeric);
            let common = names[m.pattern().as_usize()].1;
            if whole_word && (!common || text[start..].starts_with(|c: char| c.is_ascii_uppercase())) {
                out.push(person(text, start, end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(learned: &mut Learned, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        learned.mentions(text, &mut out);
        out.iter().map(|s| text[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn a_name_in_no_lexicon_is_found_in_any_case() {
        let mut learned = Learned::new();
        let text = "kata bang Togar Zelkowi";
        let span = person(text, 10, text.len());
        learned.learn(text, &[span], None);
        assert_eq!(
            mentions(
                &mut learned,
                "Togar itu keras. kalau togar marah, zelkowi diam. Togarnya?"
            ),
            ["Togar", "togar", "zelkowi"]
        );
    }

    #[test]
    fn a_name_that_is_a_common_word_only_with_its_capital() {
        let mut learned = Learned::new();
        learned.learn("", &[], Some("Embun"));
        assert_eq!(mentions(&mut learned, "Embun bilang, embun pagi"), ["Embun"]);
    }

    #[test]
    fn lexicon_names_decoys_honorifics_and_lower_case_are_not_learned() {
        let mut learned = Learned::new();
        // "Rina" the lexicon finds on its own; "Mbak" is an honorific, "Desember" a
        // month; "yoyok" was written in lower case.
        learned.learn("", &[], Some("Mbak Rina Desember yoyok"));
        assert!(learned.is_empty());
    }
}
