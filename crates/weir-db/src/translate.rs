//! A MySQL `CREATE TABLE` statement (as pasted from `SHOW CREATE TABLE` or a schema file)
//! translated into Flink DDL: parsed with sqlparser's MySQL dialect, then generated like a
//! table read from a server.

use sqlparser::ast::{
    ColumnOption, CreateTableOptions, Expr, ObjectNamePart, SqlOption, Statement, TableConstraint,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;

use crate::ddl::{create_table, DdlError, DdlOptions};
use crate::meta::{ColumnInfo, IndexInfo, TableKind, TableMeta};
use crate::profile::DbKind;
use crate::types::Connector;

/// Why a pasted statement was not translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    /// The text is not valid MySQL.
    #[error("the MySQL statement does not parse: {0}")]
    Parse(String),
    /// The text holds no CREATE TABLE.
    #[error("expected one MySQL CREATE TABLE statement, found {0}")]
    NotCreateTable(String),
    /// Generating failed.
    #[error(transparent)]
    Ddl(#[from] DdlError),
}

/// Reads a MySQL `CREATE TABLE` into table metadata (types as MySQL writes them).
pub fn mysql_create_table_meta(text: &str) -> Result<TableMeta, TranslateError> {
    weir_sql::limits::check(text, weir_sql::Position::START)
        .map_err(|e| TranslateError::Parse(e.to_string()))?;
    let statements = Parser::parse_sql(&MySqlDialect {}, text)
        .map_err(|e| TranslateError::Parse(e.to_string()))?;
    let mut creates = statements.into_iter().filter_map(|s| match s {
        Statement::CreateTable(c) => Some(c),
        _ => None,
    });
    let Some(ct) = creates.next() else {
        return Err(TranslateError::NotCreateTable("no CREATE TABLE".into()));
    };
    if creates.next().is_some() {
        return Err(TranslateError::NotCreateTable(
            "several; paste one at a time".into(),
        ));
    }
    let parts: Vec<String> = ct
        .name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => i.value.clone(),
            other => unquote(&other.to_string()),
        })
        .collect();
    let (schema, name) = match parts.as_slice() {
        [s, n] => (s.clone(), n.clone()),
        [.., n] => (String::new(), n.clone()),
        [] => (String::new(), String::new()),
    };
    let mut primary_key: Vec<String> = Vec::new();
    let mut indexes = Vec::new();
    let mut columns = Vec::new();
    for (i, c) in ct.columns.iter().enumerate() {
        let mut nullable = true;
        let mut default = None;
        let mut comment = None;
        let mut auto_increment = false;
        for o in &c.options {
            match &o.option {
                ColumnOption::NotNull => nullable = false,
                ColumnOption::Null => nullable = true,
                ColumnOption::Default(e) => default = Some(e.to_string()),
                ColumnOption::Comment(s) => comment = Some(s.clone()),
                ColumnOption::PrimaryKey(_) => {
                    nullable = false;
                    primary_key.push(c.name.value.clone());
                }
                ColumnOption::DialectSpecific(tokens)
                    if tokens
                        .iter()
                        .any(|t| t.to_string().eq_ignore_ascii_case("AUTO_INCREMENT")) =>
                {
                    auto_increment = true;
                }
                _ => {}
            }
        }
        let native = c.data_type.to_string();
        if native.eq_ignore_ascii_case("serial") {
            nullable = false;
        }
        columns.push(ColumnInfo {
            name: c.name.value.clone(),
            native_type: native,
            nullable,
            default,
            comment,
            ordinal: i as u32 + 1,
            auto_increment,
        });
    }
    for k in &ct.constraints {
        match k {
            TableConstraint::PrimaryKey(pk) => {
                primary_key = pk
                    .columns
                    .iter()
                    .map(|c| expr_name(&c.column.expr))
                    .collect();
            }
            TableConstraint::Unique(u) => indexes.push(IndexInfo {
                name: u
                    .name
                    .as_ref()
                    .or(u.index_name.as_ref())
                    .map(|n| n.value.clone())
                    .unwrap_or_default(),
                unique: true,
                primary: false,
                columns: u
                    .columns
                    .iter()
                    .map(|c| expr_name(&c.column.expr))
                    .collect(),
            }),
            _ => {}
        }
    }
    for col in columns.iter_mut() {
        if primary_key.contains(&col.name) {
            col.nullable = false;
        }
    }
    let mut comment = ct.comment.as_ref().map(comment_text);
    for opts in [&ct.table_options] {
        if let CreateTableOptions::Plain(list)
        | CreateTableOptions::With(list)
        | CreateTableOptions::Options(list) = opts
        {
            for o in list {
                if let SqlOption::Comment(c) = o {
                    comment = Some(comment_text(c));
                }
            }
        }
    }
    Ok(TableMeta {
        db: DbKind::Mysql,
        schema,
        name,
        kind: TableKind::Table,
        comment,
        columns,
        primary_key,
        indexes,
    })
}

fn comment_text(c: &sqlparser::ast::CommentDef) -> String {
    match c {
        sqlparser::ast::CommentDef::WithEq(s) | sqlparser::ast::CommentDef::WithoutEq(s) => {
            s.clone()
        }
    }
}

/// The column an index names (its expression's text otherwise).
fn expr_name(e: &Expr) -> String {
    match e {
        Expr::Identifier(i) => i.value.clone(),
        other => other.to_string(),
    }
}

/// An identifier as sqlparser prints it, without its quotes.
fn unquote(s: &str) -> String {
    let t = s.trim();
    for q in ['`', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            let inner = &t[1..t.len() - 1];
            return inner.replace(&format!("{q}{q}"), &q.to_string());
        }
    }
    t.to_string()
}

/// Translates a pasted MySQL `CREATE TABLE` into Flink DDL for the `jdbc` connector, with
/// `${mysql_host}`, `${mysql_port}` and `${mysql_database}` placeholders for the server and the
/// password as `${secret:mysql}` (fill them in, or use [`translate_pasted`] with a server).
pub fn from_mysql_create_table(text: &str) -> Result<String, TranslateError> {
    translate_pasted(text, Connector::Jdbc, None)
}

/// Translates a pasted MySQL `CREATE TABLE` into Flink DDL for `connector`, reading from
/// `server` (e.g. [`DdlOptions::for_profile`] of a saved MySQL connection; the pasted
/// statement's own database wins over the profile's), or from `${mysql_host}`, `${mysql_port}`,
/// `${mysql_database}` and `${mysql_user}` placeholders with the password as `${secret:mysql}`.
pub fn translate_pasted(
    text: &str,
    connector: Connector,
    server: Option<&DdlOptions>,
) -> Result<String, TranslateError> {
    let meta = mysql_create_table_meta(text)?;
    let options = match server {
        Some(server) => {
            let mut o = server.clone();
            if !meta.schema.is_empty() && meta.schema != o.database {
                o.database = meta.schema.clone();
                // The profile's URL names its own database: build one for the pasted one.
                o.url = None;
            }
            o
        }
        None => {
            let database = if meta.schema.is_empty() {
                "${mysql_database}".to_string()
            } else {
                meta.schema.clone()
            };
            DdlOptions {
                hostname: "${mysql_host}".into(),
                port: 3306,
                url: Some(format!(
                    "jdbc:mysql://${{mysql_host}}:${{mysql_port}}/{database}"
                )),
                database,
                username: "${mysql_user}".into(),
                password_key: Some("mysql".into()),
                ..DdlOptions::default()
            }
        }
    };
    Ok(create_table(&meta, connector, &options)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASTED: &str = "CREATE TABLE `shop`.`order items` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `flag` tinyint(1) NOT NULL DEFAULT '0' COMMENT 'is it ''on''',
  `price` decimal(12,2) DEFAULT NULL,
  `huge` decimal(50,10),
  `at` datetime(3) DEFAULT CURRENT_TIMESTAMP(3),
  `kind` enum('a','b') DEFAULT 'a',
  `bits` bit(12),
  `doc` json,
  `n` int unsigned,
  `we``ird` varchar(20),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_n` (`n`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='the items';";

    #[test]
    fn pasted_mysql_becomes_flink() {
        let meta = mysql_create_table_meta(PASTED).unwrap();
        assert_eq!(
            (meta.schema.as_str(), meta.name.as_str()),
            ("shop", "order items")
        );
        assert_eq!(meta.primary_key, vec!["id"]);
        assert_eq!(meta.comment.as_deref(), Some("the items"));
        assert!(meta.columns[0].auto_increment && !meta.columns[0].nullable);
        assert_eq!(meta.columns[1].comment.as_deref(), Some("is it 'on'"));
        assert_eq!(meta.columns[9].name, "we`ird");
        assert_eq!(meta.indexes[0].columns, vec!["n"]);
        let ddl = from_mysql_create_table(PASTED).unwrap();
        for want in [
            "CREATE TABLE `order items` (",
            "`id` DECIMAL(20, 0) NOT NULL",
            "`flag` BOOLEAN NOT NULL COMMENT 'is it ''on'''",
            "`price` DECIMAL(12, 2),",
            "`huge` STRING,",
            "`at` TIMESTAMP(3),",
            "`kind` STRING,",
            "`bits` BYTES,",
            "`doc` STRING,",
            "`n` BIGINT,",
            "`we``ird` STRING,",
            "PRIMARY KEY (`id`) NOT ENFORCED\n) COMMENT 'the items'",
            "'url' = 'jdbc:mysql://${mysql_host}:${mysql_port}/shop'",
            "'password' = '${secret:mysql}'",
        ] {
            assert!(ddl.contains(want), "{want} missing from\n{ddl}");
        }
        let stmts = weir_sql::split(&ddl);
        assert_eq!(stmts.len(), 1);
        weir_sql::parse(&stmts[0].text).unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    }

    #[test]
    fn bad_input_is_refused_clearly() {
        assert!(matches!(
            from_mysql_create_table("CREATE TABLE ("),
            Err(TranslateError::Parse(_))
        ));
        let e = from_mysql_create_table("SELECT 1").unwrap_err();
        assert!(
            e.to_string().contains("expected one MySQL CREATE TABLE"),
            "{e}"
        );
    }
}
