//! Retention: each item's deadline, from the current protocol's rule for its kind.

use rusqlite::Connection;
use serde::Serialize;
use time::Date;

use super::protocol;
use super::{Kind, date_of, format_date};
use crate::error::Result;
use crate::items;

/// Deadlines this close are listed as upcoming.
pub const UPCOMING_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The deadline is within the next 30 days.
    Upcoming,
    /// The deadline is today.
    Due,
    /// The deadline has passed and the item still exists.
    Overdue,
}

/// One item's retention deadline.
#[derive(Clone, Debug, Serialize)]
pub struct Deadline {
    pub item: i64,
    pub participant: String,
    pub kind: String,
    pub rule: String,
    pub deadline: String,
    pub state: State,
    /// Days until the deadline (negative when overdue).
    pub days: i64,
}

/// Items whose deadline is past, today, or within the next 30 days, soonest first.
pub fn status(conn: &Connection, today: Date) -> Result<Vec<Deadline>> {
    let Some((_, protocol)) = protocol::current(conn)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in items::list(conn, None)? {
        let Ok(kind) = item.kind.parse::<Kind>() else {
            continue;
        };
        let (Some(retain), Some(deadline)) = (
            protocol.retain_for(kind),
            protocol.deadline_for(kind, date_of(&item.imported_at)?),
        ) else {
            continue;
        };
        let days = (deadline - today).whole_days();
        let state = match days {
            d if d < 0 => State::Overdue,
            0 => State::Due,
            d if d <= UPCOMING_DAYS => State::Upcoming,
            _ => continue,
        };
        out.push(Deadline {
            item: item.id,
            participant: item.participant,
            kind: item.kind,
            rule: retain.describe(),
            deadline: format_date(deadline),
            state,
            days,
        });
    }
    out.sort_by_key(|d| (d.days, d.item));
    Ok(out)
}

/// How many items are past their deadline: the warning every command prints.
pub fn overdue_count(conn: &Connection, today: Date) -> Result<usize> {
    Ok(status(conn, today)?
        .iter()
        .filter(|d| d.state == State::Overdue)
        .count())
}
