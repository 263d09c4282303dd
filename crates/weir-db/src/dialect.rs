//! A statement read with the server's own SQL dialect (sqlparser's MySQL, PostgreSQL and SQLite
//! dialects): what the editor checks in a tab that runs on a database, where Flink's grammar does
//! not apply.

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::profile::DbKind;

/// Why a statement does not parse in `kind`'s dialect: sqlparser's message without its position,
/// and the 1-based line and column (in characters) within the statement when it gave one (not
/// for an unexpected end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// sqlparser's message (`Expected: …, found: …`).
    pub message: String,
    /// Line and column within the statement, 1-based.
    pub at: Option<(usize, usize)>,
}

/// `None` when `sql` (one statement, `${…}` placeholders already masked) parses as `kind`'s SQL.
pub fn syntax_error(kind: DbKind, sql: &str) -> Option<SyntaxError> {
    let dialect: &dyn Dialect = match kind {
        DbKind::Mysql => &MySqlDialect {},
        DbKind::Postgres => &PostgreSqlDialect {},
        DbKind::Sqlite => &SQLiteDialect {},
    };
    // the same limits as Flink's checker: sqlparser's trees of long operator chains are as deep as
    // they are long, and dropping one recurses
    if let Err(e) = weir_sql::limits::check(sql, weir_sql::Position::START) {
        return Some(SyntaxError {
            at: Some((e.span.start.line, e.span.start.column)),
            message: e.message,
        });
    }
    let e = Parser::parse_sql(dialect, sql).err()?;
    let full = e.to_string();
    let full = full
        .strip_prefix("sql parser error: ")
        .unwrap_or(&full)
        .to_string();
    // "… at Line: 3, Column: 15"
    let (message, at) = match full.rfind(" at Line: ") {
        Some(i) => {
            let pos = &full[i + " at Line: ".len()..];
            let mut parts = pos.split(", Column: ");
            let line = parts.next().and_then(|l| l.trim().parse().ok());
            let column = parts.next().and_then(|c| c.trim().parse().ok());
            match (line, column) {
                (Some(l), Some(c)) => (full[..i].to_string(), Some((l, c))),
                _ => (full.clone(), None),
            }
        }
        None => (full.clone(), None),
    };
    Some(SyntaxError { message, at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_200k_term_chain_is_refused_not_a_crash() {
        let sql = format!("SELECT {} FROM t", vec!["a"; 200_000].join(" + "));
        let e = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || syntax_error(DbKind::Postgres, &sql))
            .expect("spawn")
            .join()
            .expect("no panic")
            .expect("refused");
        // the audit's input is over both limits: the size one speaks first
        assert!(
            e.message.contains("Weir handles up to")
                || e.message.contains("Weir checks statements up to"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_deep_chain_under_the_size_limit_is_refused_for_its_nesting() {
        let sql = format!("SELECT {} FROM t", vec!["a"; 50_000].join("+"));
        let e = syntax_error(DbKind::Mysql, &sql).expect("refused");
        assert!(
            e.message.contains("Weir handles up to 1000"),
            "{}",
            e.message
        );
    }

    #[test]
    fn each_server_reads_its_own_sql() {
        let pg = "SELECT now()::date, ARRAY[1, 2] @> ARRAY[1] FROM t WHERE a ILIKE 'x%'";
        assert_eq!(syntax_error(DbKind::Postgres, pg), None);
        let my = "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)";
        assert_eq!(syntax_error(DbKind::Mysql, my), None);
        assert_eq!(
            syntax_error(DbKind::Mysql, "SELECT `odd name` FROM `t` LIMIT 5, 10"),
            None
        );
        let e = syntax_error(DbKind::Postgres, "SELECT a\nFROM t WHERE ) x").expect("an error");
        assert_eq!(e.at, Some((2, 14)), "{e:?}");
        // At the end: no position (the caller points at the statement's end).
        let e = syntax_error(DbKind::Postgres, "SELECT a FROM t WHERE").expect("an error");
        assert_eq!(e.at, None, "{e:?}");
        assert!(!e.message.contains("Line:"), "{e:?}");
        let e = syntax_error(DbKind::Mysql, "SELEC 1").expect("an error");
        assert!(e.message.contains("SELEC"), "{e:?}");
    }
}
