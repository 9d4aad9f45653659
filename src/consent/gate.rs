//! The consent gate: may an item of kind K of participant P be stored, or used for
//! purpose U, on date D? Every store and every export asks here, and nowhere else.

use rusqlite::Connection;
use serde::Serialize;
use time::Date;

use super::participant::Participant;
use super::protocol::{self, Protocol};
use super::record::{self, ConsentRecord, State};
use super::{Kind, Scope, Use, format_date, parse_date};
use crate::error::{Error, Result};

/// Why the gate said no.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Denial {
    /// No protocol has been applied.
    NoProtocol,
    /// The date is outside the protocol's approval.
    ProtocolExpired { valid_from: String, valid_until: String },
    /// The protocol approves no such kind.
    KindNotApproved { kind: Kind },
    /// A scope the use needs is not (or no longer) approved by the protocol.
    ScopeNotApproved { scope: Scope },
    /// The participant has never granted consent.
    NoConsent,
    /// The participant withdrew entirely, or withdrew a scope the use needs.
    Withdrawn {
        scope: Option<Scope>,
        record: i64,
        on: String,
    },
    /// The latest grant does not include a scope the use needs.
    ScopeMissing { scope: Scope, record: i64 },
    /// The latest grant has expired.
    Expired { record: i64, on: String },
}

impl Denial {
    /// One sentence for people.
    pub fn explain(&self) -> String {
        match self {
            Denial::NoProtocol => "no ethics protocol has been applied".into(),
            Denial::ProtocolExpired {
                valid_from,
                valid_until,
            } => format!("the ethics approval is valid from {valid_from} to {valid_until}, not today"),
            Denial::KindNotApproved { kind } => format!("the protocol does not approve items of kind {kind}"),
            Denial::ScopeNotApproved { scope } => format!("the protocol does not approve the scope {scope}"),
            Denial::NoConsent => "no consent has been recorded".into(),
            Denial::Withdrawn {
                scope: Some(scope),
                record,
                on,
            } => format!("the scope {scope} was withdrawn on {on} (record {record})"),
            Denial::Withdrawn {
                scope: None,
                record,
                on,
            } => {
                format!("the participant withdrew from the study on {on} (record {record})")
            }
            Denial::ScopeMissing { scope, record } => {
                format!("the consent in force (record {record}) does not include {scope}")
            }
            Denial::Expired { record, on } => format!("the consent in force (record {record}) expired on {on}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Denial::NoProtocol => "apply the approved protocol with `fieldvault protocol apply FILE`",
            Denial::ProtocolExpired { .. } => {
                "ask the ethics committee to extend the approval, then apply the amended protocol"
            }
            Denial::KindNotApproved { .. } | Denial::ScopeNotApproved { .. } => {
                "the committee must approve it first: amend the protocol and apply it"
            }
            Denial::NoConsent | Denial::ScopeMissing { .. } | Denial::Expired { .. } => {
                "record the participant's consent for this scope with `fieldvault consent record`"
            }
            Denial::Withdrawn { .. } => {
                "a withdrawal is final for the data it covers; only a new consent on a new form allows new data"
            }
        }
    }
}

/// The gate's answer.
#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    pub participant: String,
    pub kind: Kind,
    #[serde(rename = "use")]
    pub purpose: Use,
    pub date: String,
    /// The scopes this kind and use need.
    pub needs: Vec<Scope>,
    pub allowed: bool,
    /// The consent record that allows it (when allowed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<ConsentRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denial: Option<Denial>,
}

impl Decision {
    /// The decision as a `Result`: the allowing record, or a `Refused` error.
    pub fn require(self) -> Result<ConsentRecord> {
        match (self.record, self.denial) {
            (Some(record), None) => Ok(record),
            (_, denial) => {
                let denial = denial.unwrap_or(Denial::NoConsent);
                Err(Error::Refused {
                    what: format!(
                        "consent gate: {} of {} by participant {} refused",
                        self.purpose, self.kind, self.participant
                    ),
                    reason: denial.explain(),
                    hint: denial.hint().into(),
                })
            }
        }
    }
}

/// Decides from a protocol and a consent state alone (no database): the rules,
/// in order, are in `docs/consent-model.md`.
pub fn decide(
    protocol: Option<&Protocol>,
    state: &State,
    kind: Kind,
    purpose: Use,
    on: Date,
) -> (Vec<Scope>, Result<ConsentRecord, Denial>) {
    let Some(protocol) = protocol else {
        return (Vec::new(), Err(Denial::NoProtocol));
    };
    if on < protocol.valid_from() || on > protocol.valid_until() {
        let lapsed = Denial::ProtocolExpired {
            valid_from: protocol.valid_from.clone(),
            valid_until: protocol.valid_until.clone(),
        };
        return (Vec::new(), Err(lapsed));
    }
    let Some(rule) = protocol.kinds.get(&kind) else {
        return (Vec::new(), Err(Denial::KindNotApproved { kind }));
    };
    let mut needs = vec![rule.scope];
    needs.extend(purpose.extra_scope());
    let verdict = (|| {
        if let Some(&scope) = needs.iter().find(|s| !protocol.approves_scope(**s)) {
            return Err(Denial::ScopeNotApproved { scope });
        }
        let Some(grant) = &state.grant else {
            return Err(Denial::NoConsent);
        };
        // Asked about a day before the grant in force was given: there was no
        // consent then. (Earlier grants are not revived: the gate never answers
        // from a consent the participant has since replaced.)
        if !parse_date(&grant.given_on).is_ok_and(|given| given <= on) {
            return Err(Denial::NoConsent);
        }
        if let Some(whole) = &state.whole_withdrawal {
            return Err(Denial::Withdrawn {
                scope: None,
                record: whole.id,
                on: whole.given_on.clone(),
            });
        }
        if let Some((scope, withdrawal)) = needs.iter().find_map(|s| state.withdrawn.get_key_value(s)) {
            return Err(Denial::Withdrawn {
                scope: Some(*scope),
                record: withdrawal.id,
                on: withdrawal.given_on.clone(),
            });
        }
        if let Some(&scope) = needs.iter().find(|s| !grant.scopes.contains(s)) {
            return Err(Denial::ScopeMissing {
                scope,
                record: grant.id,
            });
        }
        if grant.expires().is_some_and(|expires| expires < on) {
            return Err(Denial::Expired {
                record: grant.id,
                on: grant.expires_on.clone().unwrap_or_default(),
            });
        }
        Ok(grant.clone())
    })();
    (needs, verdict)
}

/// The consent gate: may `kind` of `participant` be used for `purpose` on `on`?
pub fn check(conn: &Connection, participant: &Participant, kind: Kind, purpose: Use, on: Date) -> Result<Decision> {
    let protocol = protocol::current(conn)?.map(|(_, p)| p);
    let state = record::state(conn, participant.id)?;
    let (needs, verdict) = decide(protocol.as_ref(), &state, kind, purpose, on);
    let (record, denial) = match verdict {
        Ok(record) => (Some(record), None),
        Err(denial) => (None, Some(denial)),
    };
    Ok(Decision {
        participant: participant.code.clone(),
        kind,
        purpose,
        date: format_date(on),
        needs,
        allowed: record.is_some(),
        record,
        denial,
    })
}
