//! Code frequencies, participant coverage and co-occurrence, over the segments of
//! items that consent still allows to be analysed today.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use crate::coding::{self, Segment};
use crate::consent::participant::{self, Participant};
use crate::consent::{Use, gate};
use crate::error::{Error, Result};
use crate::items;

/// How to group frequencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// One group: the whole study.
    Study,
    /// One group per participant.
    Participant,
    /// One group per value of a participant attribute (platform, site, wave …);
    /// participants without it are in the group "(none)".
    Attribute(String),
}

impl std::str::FromStr for GroupBy {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "participant" => Ok(GroupBy::Participant),
            _ => match s.strip_prefix("attr:") {
                Some(name) if !name.is_empty() => Ok(GroupBy::Attribute(name.to_string())),
                _ => Err(Error::invalid(
                    format!("cannot group by {s:?}"),
                    "give --by participant or --by attr:NAME (an attribute, e.g. attr:platform)",
                )),
            },
        }
    }
}

/// One code's counts in one group.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Frequency {
    pub group: String,
    pub code: String,
    /// Coded segments (every coder's).
    pub segments: u64,
    /// Items with at least one such segment.
    pub items: u64,
    /// Participants with at least one such segment.
    pub participants: u64,
    /// Participants in the group who have analysable items at all: coverage is
    /// `participants` out of this.
    pub participants_in_group: u64,
}

/// The segments consent allows to analyse today, with their participants.
pub fn analysable_segments(conn: &Connection) -> Result<(Vec<Segment>, HashMap<String, Participant>)> {
    let today = crate::consent::today();
    let mut allowed: HashMap<i64, bool> = HashMap::new();
    let mut participants: HashMap<String, Participant> = HashMap::new();
    let mut kept = Vec::new();
    for segment in coding::segments(conn, &coding::Filter::default())? {
        if !participants.contains_key(&segment.participant) {
            participants.insert(
                segment.participant.clone(),
                participant::get(conn, &segment.participant)?,
            );
        }
        let ok = match allowed.get(&segment.item) {
            Some(&ok) => ok,
            None => {
                let item = items::get(conn, segment.item)?;
                let p = &participants[&segment.participant];
                let ok = item.review_status == "approved"
                    && gate::check(conn, p, item.kind.parse()?, Use::Analysis, today)?.allowed;
                allowed.insert(segment.item, ok);
                ok
            }
        };
        if ok {
            kept.push(segment);
        }
    }
    Ok((kept, participants))
}

fn group_of(by: &GroupBy, p: &Participant) -> String {
    match by {
        GroupBy::Study => "all".to_string(),
        GroupBy::Participant => p.code.clone(),
        GroupBy::Attribute(name) => p.attributes.get(name).cloned().unwrap_or_else(|| "(none)".into()),
    }
}

/// Code counts and participant coverage per group, groups and codes sorted by name.
pub fn frequencies(segments: &[Segment], participants: &HashMap<String, Participant>, by: &GroupBy) -> Vec<Frequency> {
    #[derive(Default)]
    struct Tally {
        segments: u64,
        items: BTreeSet<i64>,
        participants: BTreeSet<String>,
    }
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut in_group: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in segments {
        let group = group_of(by, &participants[&s.participant]);
        in_group.entry(group.clone()).or_default().insert(s.participant.clone());
        let tally = tallies.entry((group, s.code.clone())).or_default();
        tally.segments += 1;
        tally.items.insert(s.item);
        tally.participants.insert(s.participant.clone());
    }
    tallies
        .into_iter()
        .map(|((group, code), t)| Frequency {
            participants_in_group: in_group[&group].len() as u64,
            group,
            code,
            segments: t.segments,
            items: t.items.len() as u64,
            participants: t.participants.len() as u64,
        })
        .collect()
}

/// How often two codes overlap.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Cooccurrence {
    pub code_a: String,
    pub code_b: String,
    /// Pairs of segments, one of each code, on the same item whose ranges overlap.
    pub overlapping_segments: u64,
    /// Items that hold both codes anywhere.
    pub items: u64,
}

/// Co-occurrence of every pair of codes (a < b by name) that occur together at all.
pub fn cooccurrence(segments: &[Segment]) -> Vec<Cooccurrence> {
    let mut by_item: BTreeMap<i64, Vec<&Segment>> = BTreeMap::new();
    for s in segments {
        by_item.entry(s.item).or_default().push(s);
    }
    let mut pairs: BTreeMap<(String, String), (u64, BTreeSet<i64>)> = BTreeMap::new();
    for (item, list) in &by_item {
        let codes: BTreeSet<&str> = list.iter().map(|s| s.code.as_str()).collect();
        for a in &codes {
            for b in codes.range::<&str, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)) {
                pairs.entry((a.to_string(), b.to_string())).or_default().1.insert(*item);
            }
        }
        for (i, x) in list.iter().enumerate() {
            for y in &list[i + 1..] {
                if x.code != y.code && x.start < y.end && y.start < x.end {
                    let key = if x.code < y.code {
                        (x.code.clone(), y.code.clone())
                    } else {
                        (y.code.clone(), x.code.clone())
                    };
                    pairs.entry(key).or_default().0 += 1;
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|((code_a, code_b), (overlapping_segments, items))| Cooccurrence {
            code_a,
            code_b,
            overlapping_segments,
            items: items.len() as u64,
        })
        .collect()
}
