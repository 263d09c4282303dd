//! The keywords completion offers and recognises.

/// Words that start a statement.
#[rustfmt::skip]
pub(super) const STARTERS: &[&str] = &[
    "SELECT", "INSERT INTO", "INSERT OVERWRITE", "CREATE TABLE", "CREATE TEMPORARY TABLE",
    "CREATE VIEW", "CREATE TEMPORARY VIEW", "CREATE FUNCTION", "CREATE CATALOG", "CREATE DATABASE",
    "CREATE MATERIALIZED TABLE", "ALTER TABLE", "ALTER VIEW", "DROP TABLE", "DROP VIEW",
    "DROP FUNCTION", "SET", "RESET", "SHOW", "DESCRIBE", "EXPLAIN", "USE", "USE CATALOG",
    "LOAD MODULE", "UNLOAD MODULE", "EXECUTE STATEMENT SET", "BEGIN STATEMENT SET", "END", "WITH",
    "ADD JAR", "SHOW JARS", "SHOW JOBS", "STOP JOB", "TRUNCATE TABLE", "ANALYZE TABLE",
];

/// Words that start a statement on a database (MySQL, PostgreSQL, SQLite).
#[rustfmt::skip]
pub(super) const DB_STARTERS: &[&str] = &[
    "SELECT", "INSERT INTO", "UPDATE", "DELETE FROM", "WITH", "CREATE TABLE", "CREATE VIEW",
    "CREATE INDEX", "ALTER TABLE", "DROP TABLE", "DROP VIEW", "TRUNCATE TABLE", "EXPLAIN", "SHOW",
    "DESCRIBE", "SET", "BEGIN", "COMMIT", "ROLLBACK",
];

/// Reserved words that never end an expression (so a name before the cursor is not one).
#[rustfmt::skip]
pub(super) const KEYWORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "JOIN", "ON", "AND", "OR",
    "NOT", "AS", "IN", "IS", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "INSERT", "INTO",
    "OVERWRITE", "CREATE", "TABLE", "VIEW", "WITH", "SET", "VALUES", "LEFT", "RIGHT", "INNER",
    "OUTER", "FULL", "CROSS", "UNION", "ALL", "DISTINCT", "DESCRIBE", "DESC", "ASC", "PARTITION",
    "OVER", "WINDOW", "LATERAL", "SHOW", "DROP", "ALTER", "TEMPORARY", "EXPLAIN", "USE", "INTERVAL",
    "CAST", "EXISTS", "ANY", "SOME",
];

#[rustfmt::skip]
pub(super) const TYPES: &[&str] = &[
    "STRING", "INT", "BIGINT", "SMALLINT", "TINYINT", "BOOLEAN", "DOUBLE", "FLOAT",
    "DECIMAL(10, 2)", "VARCHAR(255)", "CHAR(1)", "BYTES", "BINARY", "VARBINARY", "DATE", "TIME",
    "TIMESTAMP(3)", "TIMESTAMP_LTZ(3)", "INTERVAL", "ARRAY<STRING>", "MAP<STRING, STRING>", "ROW<>",
    "MULTISET<STRING>", "RAW",
];

#[rustfmt::skip]
pub(super) const EXPR_KEYWORDS: &[&str] = &[
    "CASE", "WHEN", "THEN", "ELSE", "END", "NOT", "NULL", "TRUE", "FALSE", "DISTINCT", "INTERVAL",
    "EXISTS", "CAST",
];
