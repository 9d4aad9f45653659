//! Schema migrations: the numbered files under `schema/`, applied in order and
//! recorded in `PRAGMA user_version`. A shipped migration is never edited.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Every migration, in order; the number is the `user_version` after it runs.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "0001_core.sql", include_str!("../../schema/0001_core.sql")),
    (2, "0002_consent.sql", include_str!("../../schema/0002_consent.sql")),
    (3, "0003_ingest.sql", include_str!("../../schema/0003_ingest.sql")),
    (4, "0004_coding.sql", include_str!("../../schema/0004_coding.sql")),
    (
        5,
        "0005_chunk_encoding.sql",
        include_str!("../../schema/0005_chunk_encoding.sql"),
    ),
    (
        6,
        "0006_pseudonym_lessons.sql",
        include_str!("../../schema/0006_pseudonym_lessons.sql"),
    ),
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the database up to the latest schema inside one transaction; running it
/// again is a no-op.
pub fn migrate(conn: &mut Connection) -> Result<u32> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > latest_version() {
        return Err(Error::invalid(
            format!(
                "the vault has schema version {current}, newer than this fieldvault knows ({})",
                latest_version()
            ),
            "upgrade fieldvault to open this vault",
        ));
    }
    if current == latest_version() {
        return Ok(current);
    }
    let tx = conn.transaction()?;
    for (version, _name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(latest_version())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_match_schema_directory() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schema");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|m| m.1).collect();
        assert_eq!(
            files, listed,
            "every schema/*.sql file must be listed in MIGRATIONS, in order"
        );
        for (i, (version, name, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, i + 1);
            assert!(name.starts_with(&format!("{version:04}_")));
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), latest_version());
        let tables = |c: &Connection| -> i64 {
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .unwrap()
        };
        let before = tables(&conn);
        assert_eq!(migrate(&mut conn).unwrap(), latest_version());
        assert_eq!(tables(&conn), before);
    }
}
