//! Numbered schema migrations (`migrations/NNNN_name.sql`), applied in order in one transaction
//! each; `PRAGMA user_version` records how far a database has come.

use crate::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The migrations, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (2, "search", include_str!("../migrations/0002_search.sql")),
    (
        3,
        "versions",
        include_str!("../migrations/0003_versions.sql"),
    ),
    (
        4,
        "run_history",
        include_str!("../migrations/0004_run_history.sql"),
    ),
    (
        5,
        "db_profiles",
        include_str!("../migrations/0005_db_profiles.sql"),
    ),
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Reads an existing database's schema version without writing, refusing damaged, foreign or
/// newer databases.
pub(crate) fn inspect(conn: &Connection, path: &Path) -> Result<i64> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::corrupt(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    // A full `PRAGMA quick_check` reads every page (about 0.8 s for 10,000 scripts), too slow
    // for every start: check the header against the file and parse the schema instead; damage
    // elsewhere surfaces as SQLITE_CORRUPT when the page is read.
    check_header(path)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| StoreError::corrupt(path, e))?;
    if version == 0 {
        // A non-empty database without our version stamp is someone else's file.
        if tables > 0 {
            return Err(StoreError::corrupt(
                path,
                "it is an SQLite database, but not a Weir workspace",
            ));
        }
    }
    Ok(version)
}

/// Refuses a file whose SQLite header is missing or says it is longer than it is (truncated).
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::corrupt(path, e))?;
    let len = file
        .metadata()
        .map_err(|e| StoreError::corrupt(path, e))?
        .len();
    if len == 0 {
        return Ok(());
    }
    file.read_exact(&mut header)
        .map_err(|_| StoreError::corrupt(path, "the file is too short to be a database"))?;
    if &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::corrupt(path, "it is not an SQLite database"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The page count is valid when "version-valid-for" equals the change counter. A WAL file
    // beside the database holds newer pages (a checkpoint interrupted by a crash writes page 1
    // before the file grows): SQLite recovers from it, so the size is not judged then.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_pending = std::fs::metadata(std::path::Path::new(&wal)).is_ok_and(|m| m.len() > 0);
    let valid = header[92..96] == header[24..28] && !wal_pending;
    if valid && pages > 0 && pages * page_size > len {
        return Err(StoreError::corrupt(
            path,
            format!(
                "the file has {len} bytes but its header says {} (it was cut short)",
                pages * page_size
            ),
        ));
    }
    Ok(())
}

/// Brings the database up to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Applies migrations up to `target` (tests use this to build every earlier version).
pub(crate) fn migrate_to(conn: &Connection, path: &Path, target: i64) -> Result<()> {
    let current = inspect(conn, path)?;
    for (version, name, sql) in MIGRATIONS {
        if *version <= current || *version > target {
            continue;
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = conn
            .execute_batch(sql)
            .and_then(|_| conn.pragma_update(None, "user_version", version));
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(StoreError::Invalid(format!(
                    "migration {version:04}_{name} failed on {}: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) fn open_at_version(path: &Path, version: i64) -> Connection {
    let conn = Connection::open(path).expect("open test db");
    migrate_to(&conn, path, version).expect("migrate test db");
    conn
}
