//! Shared by the tests against real servers: the servers' addresses come from
//! `eval "$(scripts/db-servers.sh env)"`; the keychain from `scripts/keyring-env.sh`.
//! Without them a test is skipped, unless `WEIR_REQUIRE_DB=1`, which makes it fail.

#![allow(dead_code)]

use std::time::{Duration, Instant};
use weir_db::{DbProfile, JdbcUrl, QueryRun};
use weir_results::Cell;

/// Whether missing servers are a failure.
pub fn required() -> bool {
    std::env::var("WEIR_REQUIRE_DB").as_deref() == Ok("1")
}

/// An environment variable, or `None` (skip) / a panic (required).
pub fn env(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if required() => panic!(
            "WEIR_REQUIRE_DB=1 but {name} is not set: run scripts/db-servers.sh start and \
             eval \"$(scripts/db-servers.sh env)\" (and scripts/keyring-env.sh for the keychain)"
        ),
        _ => {
            eprintln!("skipped: {name} is not set (scripts/db-servers.sh start; eval \"$(scripts/db-servers.sh env)\")");
            None
        }
    }
}

/// The password of user `weir` on the test servers.
pub fn password() -> Option<String> {
    env("WEIR_TEST_DB_PASSWORD")
}

/// A profile from a URL variable, with a short timeout.
pub fn profile(var: &str, name: &str) -> Option<DbProfile> {
    let url = env(var)?;
    let mut p = JdbcUrl::parse(&url).expect("test URL parses").profile;
    p.name = name.to_string();
    p.timeout_secs = Some(5);
    Some(p)
}

/// Waits for a query to end, at most `limit`.
pub async fn finish(run: &QueryRun, limit: Duration) {
    tokio::time::timeout(limit, run.wait())
        .await
        .unwrap_or_else(|_| panic!("the query did not end within {limit:?}"));
}

/// Polls until `f` holds, at most `limit`.
pub async fn until(limit: Duration, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + limit;
    while !f() {
        assert!(Instant::now() < end, "condition not met within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Cell `(row, col)` of a finished run.
pub fn cell(run: &QueryRun, row: u32, col: usize) -> Cell {
    run.state()
        .results
        .as_ref()
        .and_then(|s| s.cell(row, col))
        .expect("cell exists")
}

/// The column index of `name`.
pub fn col(run: &QueryRun, name: &str) -> usize {
    run.info()
        .columns
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Parses generated Flink DDL with the language core.
pub fn parses(ddl: &str) {
    let stmts = weir_sql::split(ddl);
    assert_eq!(stmts.len(), 1, "one statement expected:\n{ddl}");
    weir_sql::parse(&stmts[0].text).unwrap_or_else(|e| panic!("DDL does not parse: {e}\n{ddl}"));
}
