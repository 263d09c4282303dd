//! Flink SQL generated from a database table: `CREATE TABLE` for the `jdbc`, `mysql-cdc` and
//! `postgres-cdc` connectors (types mapped by [`crate::types`], the primary key as
//! `PRIMARY KEY (…) NOT ENFORCED`, the password as `${secret:key}`), and an aligned
//! `INSERT INTO … SELECT …` skeleton. Every identifier is quoted with backticks.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::meta::TableMeta;
use crate::profile::{DbKind, DbProfile};
use crate::types::{mysql_to_flink, postgres_to_flink, sqlite_to_flink, Connector, Mapped};

/// Where the generated table reads from, and what else goes into `WITH (…)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DdlOptions {
    /// Name of the Flink table (default: the source table's name).
    pub flink_table: Option<String>,
    /// Server host (`hostname` of the CDC connectors, part of the JDBC `url`).
    pub hostname: String,
    /// Server port.
    pub port: u16,
    /// Database (MySQL: the schema; PostgreSQL: the database).
    pub database: String,
    /// User name.
    pub username: String,
    /// Keychain key of the password, written as `'${secret:key}'`.
    pub password_key: Option<String>,
    /// The JDBC URL for the `jdbc` connector (default: built from host, port and database).
    pub url: Option<String>,
    /// More options (or overrides), e.g. `slot.name`, `scan.incremental.snapshot.enabled`.
    pub extra: BTreeMap<String, String>,
}

impl DdlOptions {
    /// Options that point at the server of `profile`.
    pub fn for_profile(profile: &DbProfile) -> DdlOptions {
        DdlOptions {
            flink_table: None,
            hostname: profile.host.clone(),
            port: profile.port_or_default(),
            database: profile.database.clone(),
            username: profile.user.clone(),
            password_key: profile.password_key.clone(),
            url: Some(profile.jdbc_url()),
            extra: BTreeMap::new(),
        }
    }
}

/// Why no DDL was generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DdlError {
    /// A CDC connector for the other database kind.
    #[error("the {connector} connector reads {wants} tables, but {table} is a {is} table; use {suggest}")]
    Mismatch {
        /// The connector asked for.
        connector: &'static str,
        /// The kind it reads.
        wants: &'static str,
        /// The table.
        table: String,
        /// The table's kind.
        is: &'static str,
        /// What to use instead.
        suggest: &'static str,
    },
    /// The table has no columns.
    #[error("{0} has no columns")]
    NoColumns(String),
}

/// Quotes a Flink identifier with backticks (doubling backticks inside).
pub fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Quotes a Flink string literal (doubling single quotes inside).
pub fn quote_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Escapes a name for the CDC connectors' `database-name`/`schema-name`/`table-name`, which
/// are regular expressions; `${…}` placeholders are left as they are.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("${") {
            if let Some(end) = rest.find('}') {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The Flink type of a native column type of database `db` for `connector`.
pub fn map_type(db: DbKind, native: &str, connector: Connector) -> Mapped {
    match db {
        DbKind::Mysql => mysql_to_flink(native, connector),
        DbKind::Postgres => postgres_to_flink(native, connector),
        DbKind::Sqlite => sqlite_to_flink(native),
    }
}

/// Each column's Flink type for `connector`, with notes on mappings that need a look.
pub fn column_types(meta: &TableMeta, connector: Connector) -> Vec<(String, Mapped)> {
    meta.columns
        .iter()
        .map(|c| (c.name.clone(), map_type(meta.db, &c.native_type, connector)))
        .collect()
}

fn check(meta: &TableMeta, connector: Connector) -> Result<(), DdlError> {
    let full = format!("{}.{}", meta.schema, meta.name);
    match (connector, meta.db) {
        (Connector::MysqlCdc, DbKind::Postgres | DbKind::Sqlite) => Err(DdlError::Mismatch {
            connector: "mysql-cdc",
            wants: "MySQL",
            table: full,
            is: meta.db.name(),
            suggest: "jdbc or postgres-cdc",
        }),
        (Connector::PostgresCdc, DbKind::Mysql | DbKind::Sqlite) => Err(DdlError::Mismatch {
            connector: "postgres-cdc",
            wants: "PostgreSQL",
            table: full,
            is: meta.db.name(),
            suggest: "jdbc or mysql-cdc",
        }),
        _ if meta.columns.is_empty() => Err(DdlError::NoColumns(full)),
        _ => Ok(()),
    }
}

/// A replication slot name from a table name: lower-case letters, digits and `_` (PostgreSQL's
/// rule for slot names).
fn slot_name(table: &str) -> String {
    let mut s: String = table
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    s.truncate(50);
    format!("flink_{s}")
}

/// `CREATE TABLE` for reading (or writing, with `jdbc`) `meta`'s table through `connector`.
///
/// Mappings that are not in the connector's documented type table are listed as `--` comment
/// lines above the statement.
pub fn create_table(
    meta: &TableMeta,
    connector: Connector,
    options: &DdlOptions,
) -> Result<String, DdlError> {
    check(meta, connector)?;
    let types = column_types(meta, connector);
    let mut out = String::new();
    if meta.db == DbKind::Sqlite {
        out.push_str(
            "-- SQLite: no Flink connector reads SQLite; types follow SQLite's affinity\n",
        );
    }
    for (name, m) in &types {
        if let Some(note) = &m.note {
            let _ = writeln!(out, "-- {name}: {}", note.replace('\n', " "));
        }
    }
    let flink_name = options.flink_table.as_deref().unwrap_or(&meta.name);
    let _ = writeln!(out, "CREATE TABLE {} (", quote_ident(flink_name));
    let mut lines = Vec::new();
    for (col, (_, m)) in meta.columns.iter().zip(&types) {
        let mut line = format!("  {} {}", quote_ident(&col.name), m.flink);
        if !col.nullable {
            line.push_str(" NOT NULL");
        }
        if let Some(c) = &col.comment {
            let _ = write!(line, " COMMENT {}", quote_str(c));
        }
        lines.push(line);
    }
    if !meta.primary_key.is_empty() {
        let cols: Vec<String> = meta.primary_key.iter().map(|c| quote_ident(c)).collect();
        lines.push(format!("  PRIMARY KEY ({}) NOT ENFORCED", cols.join(", ")));
    }
    out.push_str(&lines.join(",\n"));
    out.push_str("\n)");
    if let Some(c) = &meta.comment {
        let _ = write!(out, " COMMENT {}", quote_str(c));
    }
    out.push_str("\nWITH (\n");
    let mut with: Vec<(String, String)> = vec![("connector".into(), connector.name().into())];
    let port = if options.port == 0 {
        meta.db.default_port()
    } else {
        options.port
    };
    match connector {
        Connector::Jdbc => {
            let url = options.url.clone().unwrap_or_else(|| match meta.db {
                DbKind::Postgres => format!(
                    "jdbc:postgresql://{}:{port}/{}",
                    options.hostname, options.database
                ),
                DbKind::Sqlite => format!("jdbc:sqlite:{}", options.database),
                DbKind::Mysql => format!(
                    "jdbc:mysql://{}:{port}/{}",
                    options.hostname, options.database
                ),
            });
            with.push(("url".into(), url));
            let table = match meta.db {
                DbKind::Postgres => format!("{}.{}", meta.schema, meta.name),
                _ => meta.name.clone(),
            };
            with.push(("table-name".into(), table));
        }
        Connector::MysqlCdc => {
            with.push(("hostname".into(), options.hostname.clone()));
            with.push(("port".into(), port.to_string()));
            let db = if meta.schema.is_empty() {
                &options.database
            } else {
                &meta.schema
            };
            with.push(("database-name".into(), regex_escape(db)));
            with.push(("table-name".into(), regex_escape(&meta.name)));
        }
        Connector::PostgresCdc => {
            with.push(("hostname".into(), options.hostname.clone()));
            with.push(("port".into(), port.to_string()));
            with.push(("database-name".into(), regex_escape(&options.database)));
            with.push(("schema-name".into(), regex_escape(&meta.schema)));
            with.push(("table-name".into(), regex_escape(&meta.name)));
            with.push(("slot.name".into(), slot_name(&meta.name)));
            with.push(("decoding.plugin.name".into(), "pgoutput".into()));
        }
    }
    if !options.username.is_empty() {
        with.push(("username".into(), options.username.clone()));
    }
    if let Some(key) = &options.password_key {
        with.push(("password".into(), format!("${{secret:{key}}}")));
    }
    for (k, v) in &options.extra {
        match with.iter_mut().find(|(wk, _)| wk == k) {
            Some(slot) => slot.1 = v.clone(),
            None => with.push((k.clone(), v.clone())),
        }
    }
    let body: Vec<String> = with
        .iter()
        .map(|(k, v)| format!("  {} = {}", quote_str(k), quote_str(v)))
        .collect();
    out.push_str(&body.join(",\n"));
    out.push_str("\n);\n");
    Ok(out)
}

/// `INSERT INTO sink (cols) SELECT cols FROM source`, one column per line in both lists so
/// they line up.
pub fn insert_skeleton(sink: &str, source: &str, columns: &[String]) -> String {
    let cols: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
    let list = cols
        .iter()
        .map(|c| format!("  {c}"))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "INSERT INTO {} (\n{list}\n)\nSELECT\n{list}\nFROM {};\n",
        quote_ident(sink),
        quote_ident(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{ColumnInfo, TableKind};

    fn col(name: &str, native: &str, nullable: bool) -> ColumnInfo {
        ColumnInfo {
            name: name.into(),
            native_type: native.into(),
            nullable,
            default: None,
            comment: None,
            ordinal: 0,
            auto_increment: false,
        }
    }

    fn meta(db: DbKind) -> TableMeta {
        TableMeta {
            db,
            schema: "shop".into(),
            name: "order items".into(),
            kind: TableKind::Table,
            comment: Some("it's the items".into()),
            columns: vec![
                col("id", "bigint(20) unsigned", false),
                col("select", "decimal(12,2)", true),
                ColumnInfo {
                    comment: Some("when 'placed'".into()),
                    ..col("we`ird", "datetime(3)", true)
                },
            ],
            primary_key: vec!["id".into(), "we`ird".into()],
            indexes: vec![],
        }
    }

    fn parses(ddl: &str) {
        let stmts = weir_sql::split(ddl);
        assert_eq!(stmts.len(), 1, "{ddl}");
        weir_sql::parse(&stmts[0].text).unwrap_or_else(|e| panic!("does not parse: {e}\n{ddl}"));
    }

    #[test]
    fn jdbc_ddl_quotes_and_maps() {
        let mut o = DdlOptions {
            hostname: "db".into(),
            port: 3306,
            database: "shop".into(),
            username: "ana".into(),
            password_key: Some("shop-pw".into()),
            ..DdlOptions::default()
        };
        let ddl = create_table(&meta(DbKind::Mysql), Connector::Jdbc, &o).unwrap();
        assert!(ddl.starts_with("CREATE TABLE `order items` (\n"), "{ddl}");
        assert!(ddl.contains("  `id` DECIMAL(20, 0) NOT NULL,\n"), "{ddl}");
        assert!(ddl.contains("  `select` DECIMAL(12, 2),\n"), "{ddl}");
        assert!(
            ddl.contains("  `we``ird` TIMESTAMP(3) COMMENT 'when ''placed''',\n"),
            "{ddl}"
        );
        assert!(
            ddl.contains(
                "PRIMARY KEY (`id`, `we``ird`) NOT ENFORCED\n) COMMENT 'it''s the items'\nWITH ("
            ),
            "{ddl}"
        );
        assert!(ddl.contains("'url' = 'jdbc:mysql://db:3306/shop'"), "{ddl}");
        assert!(ddl.contains("'table-name' = 'order items'"), "{ddl}");
        assert!(ddl.contains("'password' = '${secret:shop-pw}'"), "{ddl}");
        parses(&ddl);
        o.extra.insert("scan.fetch-size".into(), "1000".into());
        let ddl = create_table(&meta(DbKind::Mysql), Connector::MysqlCdc, &o).unwrap();
        assert!(ddl.contains("'connector' = 'mysql-cdc'"), "{ddl}");
        assert!(ddl.contains("'hostname' = 'db',\n  'port' = '3306',\n  'database-name' = 'shop',\n  'table-name' = 'order items'"), "{ddl}");
        assert!(ddl.contains("'scan.fetch-size' = '1000'"), "{ddl}");
        parses(&ddl);
        let e = create_table(&meta(DbKind::Mysql), Connector::PostgresCdc, &o).unwrap_err();
        assert!(e.to_string().contains("use jdbc or mysql-cdc"), "{e}");
    }

    #[test]
    fn postgres_cdc_ddl() {
        let mut m = meta(DbKind::Postgres);
        m.name = "orders.v2".into();
        m.schema = "public".into();
        m.columns = vec![
            col("id", "integer", false),
            col("tags", "text[]", true),
            col("at", "timestamp(3) with time zone", true),
        ];
        m.primary_key = vec!["id".into()];
        let o = DdlOptions {
            hostname: "pg".into(),
            port: 5432,
            database: "app".into(),
            username: "u".into(),
            password_key: Some("pg".into()),
            ..Default::default()
        };
        let ddl = create_table(&m, Connector::PostgresCdc, &o).unwrap();
        assert!(
            ddl.starts_with("-- tags: text[]: arrays are not in the postgres-cdc"),
            "{ddl}"
        );
        assert!(ddl.contains("`tags` ARRAY<STRING>"), "{ddl}");
        assert!(ddl.contains("`at` TIMESTAMP_LTZ(3)"), "{ddl}");
        assert!(ddl.contains("'schema-name' = 'public'"), "{ddl}");
        assert!(ddl.contains("'table-name' = 'orders\\.v2'"), "{ddl}");
        assert!(ddl.contains("'slot.name' = 'flink_orders_v2'"), "{ddl}");
        parses(&ddl);
        let ddl = create_table(&m, Connector::Jdbc, &o).unwrap();
        assert!(
            ddl.contains("'url' = 'jdbc:postgresql://pg:5432/app'"),
            "{ddl}"
        );
        assert!(ddl.contains("'table-name' = 'public.orders.v2'"), "{ddl}");
        parses(&ddl);
    }

    #[test]
    fn regex_names_keep_placeholders() {
        assert_eq!(regex_escape("a.b$(c)"), "a\\.b\\$\\(c\\)");
        assert_eq!(regex_escape("${db}.x"), "${db}\\.x");
        assert_eq!(regex_escape("größe"), "größe");
    }

    #[test]
    fn insert_skeletons_line_up() {
        let s = insert_skeleton(
            "sink",
            "my source",
            &["a".into(), "order".into(), "x`y".into()],
        );
        assert_eq!(
            s,
            "INSERT INTO `sink` (\n  `a`,\n  `order`,\n  `x``y`\n)\nSELECT\n  `a`,\n  `order`,\n  `x``y`\nFROM `my source`;\n"
        );
        let stmts = weir_sql::split(&s);
        weir_sql::parse(&stmts[0].text).unwrap();
    }
}
