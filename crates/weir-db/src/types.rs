//! Native column types → Flink SQL types, as Flink's JDBC connector and the Flink CDC
//! `mysql-cdc` / `postgres-cdc` connectors document their "Data Type Mapping" tables.
//!
//! Native types are read as the servers write them: MySQL's `COLUMN_TYPE` (`int(10) unsigned`,
//! `decimal(12,2)`, `datetime(3)`, `enum('a','b')`), PostgreSQL's `format_type`
//! (`timestamp(3) with time zone`, `character varying(20)[]`, `numeric(10,2)`), SQLite's declared
//! type, and the driver's result type names (`BIGINT UNSIGNED`, `INT4[]`, `TIMESTAMPTZ`).
//! A type no table covers becomes `STRING` with a note saying so.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The Flink connector a DDL is generated for; the type tables differ slightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Connector {
    /// `jdbc` (MySQL and PostgreSQL dialects).
    Jdbc,
    /// Flink CDC `mysql-cdc`.
    MysqlCdc,
    /// Flink CDC `postgres-cdc`.
    PostgresCdc,
}

impl Connector {
    /// The connector's name in `WITH ('connector' = …)`.
    pub fn name(self) -> &'static str {
        match self {
            Connector::Jdbc => "jdbc",
            Connector::MysqlCdc => "mysql-cdc",
            Connector::PostgresCdc => "postgres-cdc",
        }
    }

    /// Reads `jdbc`, `mysql-cdc`, `postgres-cdc`.
    pub fn parse(s: &str) -> Option<Connector> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jdbc" => Some(Connector::Jdbc),
            "mysql-cdc" => Some(Connector::MysqlCdc),
            "postgres-cdc" | "postgresql-cdc" => Some(Connector::PostgresCdc),
            _ => None,
        }
    }

    fn is_cdc(self) -> bool {
        !matches!(self, Connector::Jdbc)
    }
}

/// A Flink type chosen for a native type, with a note when the mapping is not one the connector
/// documents (a person should look at it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mapped {
    /// The Flink type, e.g. `DECIMAL(20, 0)`.
    pub flink: String,
    /// Why this choice needs a look, when it does.
    pub note: Option<String>,
}

fn ok(flink: impl Into<String>) -> Mapped {
    Mapped {
        flink: flink.into(),
        note: None,
    }
}

fn noted(flink: impl Into<String>, note: impl Into<String>) -> Mapped {
    Mapped {
        flink: flink.into(),
        note: Some(note.into()),
    }
}

/// A native type taken apart: base words, the numbers in parentheses, modifiers, array depth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NativeType {
    /// Lower-case words outside parentheses, single-spaced (`timestamp with time zone`).
    pub base: String,
    /// The text inside the first parentheses, split at top-level commas.
    pub args: Vec<String>,
    /// `unsigned` was given.
    pub unsigned: bool,
    /// Number of `[]` suffixes (PostgreSQL arrays).
    pub array: usize,
}

impl NativeType {
    pub(crate) fn parse(text: &str) -> NativeType {
        let mut t = text.trim().to_string();
        let mut array = 0;
        loop {
            let trimmed = t.trim_end();
            if let Some(s) = trimmed.strip_suffix("[]") {
                array += 1;
                t = s.to_string();
            } else {
                break;
            }
        }
        let mut base = String::new();
        let mut args = Vec::new();
        let mut chars = t.char_indices().peekable();
        let mut seen_args = false;
        while let Some((_, c)) = chars.next() {
            if c == '(' {
                let mut depth = 1;
                let mut cur = String::new();
                let mut quote: Option<char> = None;
                let mut list = Vec::new();
                for (_, d) in chars.by_ref() {
                    match (quote, d) {
                        (Some(q), d) if d == q => {
                            quote = None;
                            cur.push(d)
                        }
                        (Some(_), d) => cur.push(d),
                        (None, '\'' | '"') => {
                            quote = Some(d);
                            cur.push(d)
                        }
                        (None, '(') => {
                            depth += 1;
                            cur.push(d)
                        }
                        (None, ')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            cur.push(d)
                        }
                        (None, ',') if depth == 1 => list.push(std::mem::take(&mut cur)),
                        (None, d) => cur.push(d),
                    }
                }
                list.push(cur);
                if !seen_args {
                    args = list.into_iter().map(|a| a.trim().to_string()).collect();
                    seen_args = true;
                }
                base.push(' ');
            } else {
                base.push(c.to_ascii_lowercase());
            }
        }
        let mut words: Vec<&str> = base.split_whitespace().collect();
        let unsigned = words.contains(&"unsigned");
        words.retain(|w| !matches!(*w, "unsigned" | "zerofill" | "signed"));
        // PostgreSQL's internal array names (`_int4`).
        let mut base = words.join(" ");
        if array == 0 && base.starts_with('_') && !base.contains(' ') {
            base.remove(0);
            array = 1;
        }
        NativeType {
            base,
            args: if args.iter().all(|a| a.is_empty()) {
                Vec::new()
            } else {
                args
            },
            unsigned,
            array,
        }
    }

    fn num(&self, i: usize) -> Option<u32> {
        self.args.get(i).and_then(|a| a.trim().parse().ok())
    }
}

fn decimal(p: u32, s: u32, native: &str) -> Mapped {
    if p > 38 {
        noted(
            "STRING",
            format!("{native}: precision {p} is above Flink's maximum of 38; read as STRING to keep every digit"),
        )
    } else {
        ok(format!("DECIMAL({p}, {s})"))
    }
}

/// Flink's `TIME(p)`: the planner keeps at most milliseconds (a `TIME(6)` in DDL silently
/// becomes `TIME(3)`), so finer precisions are mapped to `TIME(3)` with a note.
fn time(p: u32, native: &str) -> Mapped {
    if p > 3 {
        noted(
            "TIME(3)",
            format!("{native}: Flink's TIME keeps at most 3 fractional digits (milliseconds); finer digits are cut"),
        )
    } else {
        ok(format!("TIME({p})"))
    }
}

/// The Flink type of a MySQL (or MariaDB) column type for `connector`.
pub fn mysql_to_flink(native: &str, connector: Connector) -> Mapped {
    let t = NativeType::parse(native);
    let cdc = connector.is_cdc();
    let u = t.unsigned;
    let n0 = t.num(0);
    match t.base.as_str() {
        "boolean" | "bool" => ok("BOOLEAN"),
        "tinyint" if n0 == Some(1) && !u => ok("BOOLEAN"),
        "tinyint" if u => ok("SMALLINT"),
        "tinyint" => ok("TINYINT"),
        "smallint" if u => ok("INT"),
        "smallint" => ok("SMALLINT"),
        "mediumint" if u && cdc => ok("BIGINT"),
        "mediumint" => ok("INT"),
        "int" | "integer" if u => ok("BIGINT"),
        "int" | "integer" => ok("INT"),
        "bigint" if u => ok("DECIMAL(20, 0)"),
        "bigint" => ok("BIGINT"),
        "serial" => ok("DECIMAL(20, 0)"),
        "float" => match n0 {
            // FLOAT(p) with p > 24 is a DOUBLE in MySQL.
            Some(p) if t.args.len() == 1 && p > 24 => ok("DOUBLE"),
            _ => ok("FLOAT"),
        },
        "double" | "double precision" | "real" => ok("DOUBLE"),
        "decimal" | "numeric" | "fixed" | "dec" => {
            decimal(n0.unwrap_or(10), t.num(1).unwrap_or(0), native)
        }
        "bit" => match n0.unwrap_or(1) {
            1 => ok("BOOLEAN"),
            n if cdc => ok(format!("BINARY({})", n.div_ceil(8))),
            _ => ok("BYTES"),
        },
        "date" => ok("DATE"),
        "time" => time(n0.unwrap_or(0), native),
        "datetime" | "timestamp" => ok(format!("TIMESTAMP({})", n0.unwrap_or(0))),
        "year" => ok("INT"),
        "char" | "character" | "nchar" if cdc => ok(format!("CHAR({})", n0.unwrap_or(1))),
        "varchar" | "character varying" | "nvarchar" if cdc && n0.is_some() => {
            ok(format!("VARCHAR({})", n0.unwrap_or(1)))
        }
        "char" | "character" | "nchar" | "varchar" | "character varying" | "nvarchar"
        | "tinytext" | "text" | "mediumtext" | "longtext" | "string" => ok("STRING"),
        "binary" if cdc => ok(format!("BINARY({})", n0.unwrap_or(1))),
        "varbinary" if cdc && n0.is_some() => ok(format!("VARBINARY({})", n0.unwrap_or(1))),
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" => ok("BYTES"),
        "enum" => ok("STRING"),
        "set" if cdc => ok("ARRAY<STRING>"),
        "set" => ok("STRING"),
        "json" => ok("STRING"),
        "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring"
        | "multipolygon" | "geometrycollection" | "geomcollection" => {
            if cdc {
                ok("STRING")
            } else {
                noted(
                    "STRING",
                    format!("{native}: spatial types are not in the JDBC connector's type table"),
                )
            }
        }
        "null" => ok("STRING"),
        _ => noted(
            "STRING",
            format!("{native}: no Flink mapping is documented for this type; read as STRING"),
        ),
    }
}

/// The Flink type of a PostgreSQL column type for `connector`.
pub fn postgres_to_flink(native: &str, connector: Connector) -> Mapped {
    let t = NativeType::parse(native);
    if t.array > 0 {
        let elem = NativeType {
            array: 0,
            ..t.clone()
        };
        let text = elem_text(&elem);
        let inner = postgres_to_flink(&text, connector);
        let mut flink = inner.flink;
        for _ in 0..t.array {
            flink = format!("ARRAY<{flink}>");
        }
        let note = match (connector, inner.note) {
            (_, Some(n)) => Some(n),
            (Connector::PostgresCdc, None) => Some(format!(
                "{native}: arrays are not in the postgres-cdc connector's type table"
            )),
            _ => None,
        };
        return Mapped { flink, note };
    }
    let n0 = t.num(0);
    match t.base.as_str() {
        "smallint" | "int2" | "smallserial" | "serial2" => ok("SMALLINT"),
        "integer" | "int" | "int4" | "serial" | "serial4" => ok("INT"),
        "bigint" | "int8" | "bigserial" | "serial8" => ok("BIGINT"),
        "real" | "float4" => ok("FLOAT"),
        "double precision" | "float8" => ok("DOUBLE"),
        "float" => match n0 {
            Some(p) if p <= 24 => ok("FLOAT"),
            _ => ok("DOUBLE"),
        },
        "numeric" | "decimal" => match n0 {
            Some(p) => decimal(p, t.num(1).unwrap_or(0), native),
            None => noted(
                "DECIMAL(38, 18)",
                format!("{native}: a NUMERIC without precision; Flink reads it as DECIMAL(38, 18)"),
            ),
        },
        "boolean" | "bool" => ok("BOOLEAN"),
        "date" => ok("DATE"),
        "time" | "time without time zone" => time(n0.unwrap_or(6), native),
        "timestamp" | "timestamp without time zone" => {
            ok(format!("TIMESTAMP({})", n0.unwrap_or(6)))
        }
        "timestamptz" | "timestamp with time zone" => {
            ok(format!("TIMESTAMP_LTZ({})", n0.unwrap_or(6)))
        }
        "char" | "character" | "bpchar" | "varchar" | "character varying" | "text" | "name"
        | "citext" => ok("STRING"),
        "bytea" => ok("BYTES"),
        "uuid" | "json" | "jsonb" => noted(
            "STRING",
            format!("{native}: not in the connector's type table; read as its text"),
        ),
        _ => noted(
            "STRING",
            format!("{native}: no Flink mapping is documented for this type; read as STRING"),
        ),
    }
}

fn elem_text(t: &NativeType) -> String {
    if t.args.is_empty() {
        t.base.clone()
    } else {
        format!("{}({})", t.base, t.args.join(","))
    }
}

/// The Flink type of an SQLite declared type, by SQLite's affinity rules (no Flink connector
/// documents SQLite; the note says so for DDL).
pub fn sqlite_to_flink(declared: &str) -> Mapped {
    let t = NativeType::parse(declared);
    let up = declared.to_ascii_uppercase();
    if t.base.starts_with("bool") {
        ok("BOOLEAN")
    } else if up.contains("INT") {
        ok("BIGINT")
    } else if up.contains("CHAR") || up.contains("CLOB") || up.contains("TEXT") {
        ok("STRING")
    } else if up.contains("BLOB") || up.trim().is_empty() {
        ok("BYTES")
    } else if up.contains("REAL") || up.contains("FLOA") || up.contains("DOUB") {
        ok("DOUBLE")
    } else if matches!(t.base.as_str(), "decimal" | "numeric") && t.num(0).is_some() {
        decimal(t.num(0).unwrap_or(10), t.num(1).unwrap_or(0), declared)
    } else if t.base == "date" {
        ok("DATE")
    } else if t.base.starts_with("datetime") || t.base.starts_with("timestamp") {
        ok("TIMESTAMP(3)")
    } else {
        noted(
            "STRING",
            format!("{declared}: SQLite NUMERIC affinity; read as STRING"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Connector::*;

    #[test]
    fn native_types_are_taken_apart() {
        let t = NativeType::parse("decimal(12,2) unsigned zerofill");
        assert_eq!(
            (t.base.as_str(), t.args.clone(), t.unsigned),
            ("decimal", vec!["12".into(), "2".into()], true)
        );
        let t = NativeType::parse("timestamp(3) with time zone");
        assert_eq!(
            (t.base.as_str(), t.num(0)),
            ("timestamp with time zone", Some(3))
        );
        let t = NativeType::parse("character varying(20)[]");
        assert_eq!(
            (t.base.as_str(), t.array, t.num(0)),
            ("character varying", 1, Some(20))
        );
        let t = NativeType::parse("enum('a,b','c''d')");
        assert_eq!(t.args, vec!["'a,b'", "'c''d'"]);
        assert_eq!(NativeType::parse("_int4").array, 1);
        assert_eq!(NativeType::parse("INT4[]").base, "int4");
    }

    #[test]
    fn mysql_types_follow_the_jdbc_table() {
        let cases = [
            ("tinyint(1)", "BOOLEAN"),
            ("tinyint(4)", "TINYINT"),
            ("tinyint(3) unsigned", "SMALLINT"),
            ("smallint(5) unsigned", "INT"),
            ("mediumint(8) unsigned", "INT"),
            ("int(11)", "INT"),
            ("int(10) unsigned", "BIGINT"),
            ("bigint(20) unsigned", "DECIMAL(20, 0)"),
            ("BIGINT UNSIGNED", "DECIMAL(20, 0)"),
            ("decimal(10,2)", "DECIMAL(10, 2)"),
            ("decimal(65,30)", "STRING"),
            ("float", "FLOAT"),
            ("double", "DOUBLE"),
            ("datetime(3)", "TIMESTAMP(3)"),
            ("timestamp(6)", "TIMESTAMP(6)"),
            ("datetime", "TIMESTAMP(0)"),
            ("time(2)", "TIME(2)"),
            ("varchar(20)", "STRING"),
            ("char(3)", "STRING"),
            ("longtext", "STRING"),
            ("json", "STRING"),
            ("enum('a','b')", "STRING"),
            ("set('x','y')", "STRING"),
            ("bit(1)", "BOOLEAN"),
            ("bit(12)", "BYTES"),
            ("varbinary(16)", "BYTES"),
            ("blob", "BYTES"),
            ("year(4)", "INT"),
            ("BOOLEAN", "BOOLEAN"),
        ];
        for (native, flink) in cases {
            assert_eq!(mysql_to_flink(native, Jdbc).flink, flink, "{native}");
        }
        assert!(mysql_to_flink("decimal(65,30)", Jdbc)
            .note
            .unwrap()
            .contains("38"));
        assert!(mysql_to_flink("frobnicate", Jdbc).note.is_some());
    }

    #[test]
    fn mysql_cdc_keeps_lengths() {
        let cases = [
            ("varchar(20)", "VARCHAR(20)"),
            ("char(3)", "CHAR(3)"),
            ("binary(4)", "BINARY(4)"),
            ("varbinary(16)", "VARBINARY(16)"),
            ("bit(12)", "BINARY(2)"),
            ("bit(8)", "BINARY(1)"),
            ("set('x','y')", "ARRAY<STRING>"),
            ("mediumint(8) unsigned", "BIGINT"),
            ("bigint(20) unsigned", "DECIMAL(20, 0)"),
            ("tinyint(1)", "BOOLEAN"),
        ];
        for (native, flink) in cases {
            assert_eq!(mysql_to_flink(native, MysqlCdc).flink, flink, "{native}");
        }
    }

    #[test]
    fn postgres_types() {
        let cases = [
            ("smallint", "SMALLINT"),
            ("integer", "INT"),
            ("bigint", "BIGINT"),
            ("real", "FLOAT"),
            ("double precision", "DOUBLE"),
            ("numeric(10,2)", "DECIMAL(10, 2)"),
            ("numeric(50,2)", "STRING"),
            ("numeric", "DECIMAL(38, 18)"),
            ("boolean", "BOOLEAN"),
            ("timestamp(3) without time zone", "TIMESTAMP(3)"),
            ("timestamp without time zone", "TIMESTAMP(6)"),
            ("timestamp with time zone", "TIMESTAMP_LTZ(6)"),
            ("TIMESTAMPTZ", "TIMESTAMP_LTZ(6)"),
            ("time(0) without time zone", "TIME(0)"),
            ("character varying(20)", "STRING"),
            ("text", "STRING"),
            ("bytea", "BYTES"),
            ("uuid", "STRING"),
            ("jsonb", "STRING"),
            ("integer[]", "ARRAY<INT>"),
            ("text[][]", "ARRAY<ARRAY<STRING>>"),
            ("INT4[]", "ARRAY<INT>"),
            ("numeric(5,1)[]", "ARRAY<DECIMAL(5, 1)>"),
        ];
        for (native, flink) in cases {
            assert_eq!(postgres_to_flink(native, Jdbc).flink, flink, "{native}");
        }
        assert!(postgres_to_flink("integer[]", PostgresCdc).note.is_some());
        assert!(postgres_to_flink("integer", PostgresCdc).note.is_none());
    }

    #[test]
    fn time_precision_stops_at_milliseconds() {
        // Flink's planner resolves `TIME(6)` as `TIME(3)` (seen through DESCRIBE in the local
        // engine, tests/ddl_engine.rs), so the DDL says TIME(3) and notes the cut digits.
        for (m, want, noted) in [
            (mysql_to_flink("time", Jdbc), "TIME(0)", false),
            (mysql_to_flink("time(3)", MysqlCdc), "TIME(3)", false),
            (mysql_to_flink("time(6)", Jdbc), "TIME(3)", true),
            (
                postgres_to_flink("time without time zone", Jdbc),
                "TIME(3)",
                true,
            ),
            (
                postgres_to_flink("time(6) without time zone", PostgresCdc),
                "TIME(3)",
                true,
            ),
            (
                postgres_to_flink("time(2) without time zone", Jdbc),
                "TIME(2)",
                false,
            ),
            (postgres_to_flink("time[]", Jdbc), "ARRAY<TIME(3)>", true),
        ] {
            assert_eq!((m.flink.as_str(), m.note.is_some()), (want, noted), "{m:?}");
        }
        assert!(mysql_to_flink("time(6)", Jdbc)
            .note
            .unwrap()
            .contains("milliseconds"));
    }

    #[test]
    fn sqlite_affinity() {
        assert_eq!(sqlite_to_flink("INTEGER").flink, "BIGINT");
        assert_eq!(sqlite_to_flink("varchar(10)").flink, "STRING");
        assert_eq!(sqlite_to_flink("REAL").flink, "DOUBLE");
        assert_eq!(sqlite_to_flink("").flink, "BYTES");
        assert_eq!(sqlite_to_flink("DECIMAL(8,2)").flink, "DECIMAL(8, 2)");
    }
}
