//! Wall-clock time in the one format the vault stores: RFC 3339, UTC, seconds.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The current time as `2026-11-28T04:05:06Z`.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    now.format(&Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}
