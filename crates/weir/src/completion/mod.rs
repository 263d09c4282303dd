//! Completion at the cursor: keywords that fit the place, Flink's built-in functions, tables,
//! views and columns defined earlier in the script, and `WITH (…)` option keys of the declared
//! connector and formats.
//!
//! The script around the cursor is usually incomplete, so the context comes from a small,
//! forgiving scan of the tokens before the cursor; the definitions of earlier statements come
//! from weir-sql's parser.

use crate::functions::{FunctionCategory, FUNCTIONS};
use crate::options::{self, Opt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use weir_sql::ast::{ColumnKind, DataType, SchemaElement, Statement, TypeKind};

/// What a completion candidate is (the editor picks its icon from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CompletionKind {
    Keyword,
    Function,
    Table,
    View,
    Column,
    Option,
    Value,
    Type,
    /// A schema (MySQL: a database) of the connected database.
    Schema,
}

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompletionItem {
    /// The text shown and matched against what was typed.
    pub label: String,
    pub kind: CompletionKind,
    /// A short note beside the label (a signature, a column type, a table name).
    pub detail: Option<String>,
    /// A one-line description.
    pub info: Option<String>,
    /// Text inserted instead of the label, when it differs.
    pub apply: Option<String>,
}

/// The candidates at a cursor and the range (UTF-16) they replace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Completions {
    pub from: u32,
    pub to: u32,
    pub items: Vec<CompletionItem>,
}

mod tokens;
use tokens::{tokenize, Tk, Tok};

/// What a connected database holds, for completion in a tab bound to it: its schemas, the
/// tables read so far, and the columns of the tables the statement names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The schema unqualified names resolve in (MySQL: the profile's database).
    pub default_schema: String,
    pub schemas: Vec<String>,
    pub tables: Vec<CatalogTable>,
    /// The quote of a name that is not a plain identifier: `` ` `` (MySQL) or `"`.
    pub quote: char,
}

/// A table or view of a [`Catalog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogTable {
    pub schema: String,
    pub name: String,
    pub view: bool,
    /// Name and native type; `None` when they were not read.
    pub columns: Option<Vec<(String, String)>>,
}

impl Catalog {
    /// `name` quoted for the database when it is not a plain identifier.
    fn quoted(&self, name: &str) -> Option<String> {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name));
        (!plain).then(|| {
            let q = self.quote;
            format!("{q}{}{q}", name.replace(q, &format!("{q}{q}")))
        })
    }

    /// The table `name` (in `schema`, else in the default schema).
    fn table(&self, schema: Option<&str>, name: &str) -> Option<&CatalogTable> {
        let schema = schema.unwrap_or(&self.default_schema);
        let same = |a: &str, b: &str| a == b || a.eq_ignore_ascii_case(b);
        self.tables
            .iter()
            .find(|t| same(&t.schema, schema) && t.name == name)
            .or_else(|| {
                self.tables
                    .iter()
                    .find(|t| same(&t.schema, schema) && same(&t.name, name))
            })
    }

    fn is_schema(&self, name: &str) -> bool {
        self.schemas.iter().any(|s| s.eq_ignore_ascii_case(name))
    }

    fn table_items(&self, schema: &str) -> Vec<CompletionItem> {
        self.tables
            .iter()
            .filter(|t| t.schema.eq_ignore_ascii_case(schema))
            .map(|t| CompletionItem {
                label: t.name.clone(),
                kind: if t.view {
                    CompletionKind::View
                } else {
                    CompletionKind::Table
                },
                detail: Some(format!(
                    "{} · {}",
                    if t.view { "view" } else { "table" },
                    t.schema
                )),
                info: t.columns.as_ref().map(|cs| {
                    cs.iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                apply: self.quoted(&t.name),
            })
            .collect()
    }

    fn schema_items(&self) -> Vec<CompletionItem> {
        self.schemas
            .iter()
            .map(|s| CompletionItem {
                label: s.clone(),
                kind: CompletionKind::Schema,
                detail: Some("schema".into()),
                info: None,
                apply: self.quoted(s),
            })
            .collect()
    }

    fn column_items(&self, t: &CatalogTable) -> Vec<CompletionItem> {
        t.columns
            .iter()
            .flatten()
            .map(|(name, ty)| CompletionItem {
                label: name.clone(),
                kind: CompletionKind::Column,
                detail: Some(format!("{ty} · {}", t.name)),
                info: None,
                apply: self.quoted(name),
            })
            .collect()
    }
}

/// A table name as written in a statement: optional schema and the name, quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub schema: Option<String>,
    pub name: String,
}

/// A name token without its quotes (`` `a``b` `` → ``a`b``).
fn ident(t: &Tok<'_>) -> String {
    if t.kind != Tk::Quoted {
        return t.text.to_string();
    }
    let q = &t.text[..1];
    let inner = &t.text[1..];
    let inner = if t.open {
        inner
    } else {
        &inner[..inner.len().saturating_sub(1)]
    };
    inner.replace(&format!("{q}{q}"), q)
}

/// The (possibly schema-qualified) name starting at `whole[i]`, and the index after it.
fn name_at(whole: &[&Tok<'_>], i: usize) -> Option<(NameRef, usize)> {
    let is_name = |t: &&&Tok<'_>| t.kind == Tk::Word || t.kind == Tk::Quoted;
    let first = whole.get(i).filter(is_name)?;
    if whole.get(i + 1).is_some_and(|t| t.punct(".")) {
        if let Some(second) = whole.get(i + 2).filter(is_name) {
            return Some((
                NameRef {
                    schema: Some(ident(first)),
                    name: ident(second),
                },
                i + 3,
            ));
        }
    }
    Some((
        NameRef {
            schema: None,
            name: ident(first),
        },
        i + 1,
    ))
}

/// What a catalog must hold to complete at byte `pos`: the names the statement around the cursor
/// mentions (tables whose columns are wanted), and the schema qualifying the name being typed.
pub fn names_near(text: &str, pos: usize) -> (Vec<NameRef>, Option<String>) {
    let pos = pos.min(text.len());
    let toks = tokenize(text);
    let toks: Vec<&Tok<'_>> = toks.iter().filter(|t| t.kind != Tk::Comment).collect();
    let cur = toks.partition_point(|t| t.end < pos);
    let start = toks[..cur]
        .iter()
        .rposition(|t| t.punct(";"))
        .map_or(0, |i| i + 1);
    let end = toks[cur..]
        .iter()
        .position(|t| t.punct(";"))
        .map_or(toks.len(), |i| cur + i);
    let stmt = &toks[start..end];
    let mut names = Vec::new();
    let mut i = 0;
    while i < stmt.len() {
        match name_at(stmt, i) {
            Some((n, next)) => {
                names.push(n);
                i = next;
            }
            None => i += 1,
        }
    }
    // `schema.` or `schema.pre|` right before the cursor.
    let before: Vec<&&Tok<'_>> = toks[start..].iter().take_while(|t| t.start < pos).collect();
    let mut k = before.len();
    if k > 0 && before[k - 1].kind == Tk::Word && before[k - 1].end >= pos {
        k -= 1;
    }
    let qualifier = (k >= 2 && before[k - 1].punct("."))
        .then(|| before[k - 2])
        .filter(|t| t.kind == Tk::Word || t.kind == Tk::Quoted)
        .map(|t| ident(t));
    (names, qualifier)
}

/// Words that start a statement.
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "SELECT", "INSERT INTO", "INSERT OVERWRITE", "CREATE TABLE", "CREATE TEMPORARY TABLE",
    "CREATE VIEW", "CREATE TEMPORARY VIEW", "CREATE FUNCTION", "CREATE CATALOG", "CREATE DATABASE",
    "CREATE MATERIALIZED TABLE", "ALTER TABLE", "ALTER VIEW", "DROP TABLE", "DROP VIEW",
    "DROP FUNCTION", "SET", "RESET", "SHOW", "DESCRIBE", "EXPLAIN", "USE", "USE CATALOG",
    "LOAD MODULE", "UNLOAD MODULE", "EXECUTE STATEMENT SET", "BEGIN STATEMENT SET", "END", "WITH",
    "ADD JAR", "SHOW JARS", "SHOW JOBS", "STOP JOB", "TRUNCATE TABLE", "ANALYZE TABLE",
];

/// Words that start a statement on a database (MySQL, PostgreSQL, SQLite).
#[rustfmt::skip]
const DB_STARTERS: &[&str] = &[
    "SELECT", "INSERT INTO", "UPDATE", "DELETE FROM", "WITH", "CREATE TABLE", "CREATE VIEW",
    "CREATE INDEX", "ALTER TABLE", "DROP TABLE", "DROP VIEW", "TRUNCATE TABLE", "EXPLAIN", "SHOW",
    "DESCRIBE", "SET", "BEGIN", "COMMIT", "ROLLBACK",
];

/// Reserved words that never end an expression (so a name before the cursor is not one).
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "JOIN", "ON", "AND", "OR",
    "NOT", "AS", "IN", "IS", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "INSERT", "INTO",
    "OVERWRITE", "CREATE", "TABLE", "VIEW", "WITH", "SET", "VALUES", "LEFT", "RIGHT", "INNER",
    "OUTER", "FULL", "CROSS", "UNION", "ALL", "DISTINCT", "DESCRIBE", "DESC", "ASC", "PARTITION",
    "OVER", "WINDOW", "LATERAL", "SHOW", "DROP", "ALTER", "TEMPORARY", "EXPLAIN", "USE", "INTERVAL",
    "CAST", "EXISTS", "ANY", "SOME",
];

#[rustfmt::skip]
const TYPES: &[&str] = &[
    "STRING", "INT", "BIGINT", "SMALLINT", "TINYINT", "BOOLEAN", "DOUBLE", "FLOAT",
    "DECIMAL(10, 2)", "VARCHAR(255)", "CHAR(1)", "BYTES", "BINARY", "VARBINARY", "DATE", "TIME",
    "TIMESTAMP(3)", "TIMESTAMP_LTZ(3)", "INTERVAL", "ARRAY<STRING>", "MAP<STRING, STRING>", "ROW<>",
    "MULTISET<STRING>", "RAW",
];

#[rustfmt::skip]
const EXPR_KEYWORDS: &[&str] = &[
    "CASE", "WHEN", "THEN", "ELSE", "END", "NOT", "NULL", "TRUE", "FALSE", "DISTINCT", "INTERVAL",
    "EXISTS", "CAST",
];

struct Defined {
    name: String,
    view: bool,
    columns: Vec<(String, Option<String>)>,
}

fn kw(words: &[&str]) -> Vec<CompletionItem> {
    words
        .iter()
        .map(|w| CompletionItem {
            label: (*w).to_string(),
            kind: CompletionKind::Keyword,
            detail: None,
            info: None,
            apply: None,
        })
        .collect()
}

fn opt_items(
    opts: &[Opt],
    prefix: &str,
    kind: CompletionKind,
    quote: Quote,
) -> Vec<CompletionItem> {
    opts.iter()
        .map(|(key, doc)| {
            let label = format!("{prefix}{key}");
            let apply = match quote {
                Quote::Add => Some(format!("'{label}'")),
                Quote::Close => Some(format!("{label}'")),
                Quote::None => None,
            };
            CompletionItem {
                label,
                kind,
                detail: None,
                info: Some((*doc).to_string()),
                apply,
            }
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// The cursor is not in a string: insert `'key'`.
    Add,
    /// The cursor is in a string without closing quote: insert `key'`.
    Close,
    /// The cursor is in a closed string: insert the key only.
    None,
}

fn type_name(t: &DataType) -> String {
    match &t.kind {
        TypeKind::Simple { name, params } if params.is_empty() => name.clone(),
        TypeKind::Simple { name, params } => format!(
            "{name}({})",
            params
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeKind::Temporal {
            name, precision, ..
        } => match precision {
            Some(p) => format!("{name}({p})"),
            None => name.clone(),
        },
        TypeKind::Interval { .. } => "INTERVAL".into(),
        TypeKind::Array(t) => format!("ARRAY<{}>", type_name(t)),
        TypeKind::Multiset(t) => format!("MULTISET<{}>", type_name(t)),
        TypeKind::Map(k, v) => format!("MAP<{}, {}>", type_name(k), type_name(v)),
        TypeKind::Row(_) => "ROW<…>".into(),
        TypeKind::Structured { .. } => "STRUCTURED".into(),
        TypeKind::Raw { .. } => "RAW".into(),
        TypeKind::Named(n) => n.to_string(),
    }
}

fn last_part(name: &weir_sql::ast::ObjectName) -> String {
    let full = name.to_string();
    full.rsplit('.')
        .next()
        .unwrap_or(&full)
        .trim_matches('`')
        .to_string()
}

/// Tables and views created by the statements of `text` that end before byte `before`.
fn defined_before(text: &str, before: usize) -> Vec<Defined> {
    let mut out: Vec<Defined> = Vec::new();
    for st in weir_sql::split(text) {
        if st.span.end.offset > before {
            break;
        }
        let Ok(parsed) = weir_sql::parse(&st.text) else {
            continue;
        };
        let def = match &parsed.statement {
            Statement::CreateTable(t) => Defined {
                name: last_part(&t.name),
                view: false,
                columns: schema_columns(&t.schema),
            },
            Statement::CreateMaterializedTable(t) => Defined {
                name: last_part(&t.name),
                view: false,
                columns: schema_columns(&t.schema),
            },
            Statement::CreateView(v) => Defined {
                name: last_part(&v.name),
                view: true,
                columns: if v.columns.is_empty() {
                    query_columns(&v.query)
                } else {
                    v.columns.iter().map(|c| (c.value.clone(), None)).collect()
                },
            },
            _ => continue,
        };
        out.retain(|d| !d.name.eq_ignore_ascii_case(&def.name));
        out.push(def);
    }
    out
}

fn schema_columns(schema: &[SchemaElement]) -> Vec<(String, Option<String>)> {
    schema
        .iter()
        .filter_map(|el| match el {
            SchemaElement::Column(c) => Some((
                c.name.value.clone(),
                match &c.kind {
                    ColumnKind::Physical(t) | ColumnKind::Metadata { data_type: t, .. } => {
                        Some(type_name(t))
                    }
                    ColumnKind::Computed(_) => Some("computed".into()),
                },
            )),
            _ => None,
        })
        .collect()
}

/// Output column names of a view's query: aliases and plain column references.
fn query_columns(q: &weir_sql::ast::Query) -> Vec<(String, Option<String>)> {
    use sqlparser::ast::{Expr, SelectItem, SetExpr};
    let SetExpr::Select(select) = q.body.as_ref() else {
        return Vec::new();
    };
    select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.clone()),
            SelectItem::UnnamedExpr(Expr::Identifier(i)) => Some(i.value.clone()),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
                parts.last().map(|i| i.value.clone())
            }
            _ => None,
        })
        .map(|n| (n, None))
        .collect()
}

fn table_items(defs: &[Defined]) -> Vec<CompletionItem> {
    defs.iter()
        .map(|d| CompletionItem {
            label: d.name.clone(),
            kind: if d.view {
                CompletionKind::View
            } else {
                CompletionKind::Table
            },
            detail: Some(if d.view { "view" } else { "table" }.into()),
            info: Some(
                d.columns
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            apply: None,
        })
        .collect()
}

fn column_items(def: &Defined) -> Vec<CompletionItem> {
    def.columns
        .iter()
        .map(|(name, ty)| CompletionItem {
            label: name.clone(),
            kind: CompletionKind::Column,
            detail: Some(match ty {
                Some(t) => format!("{t} · {}", def.name),
                None => def.name.clone(),
            }),
            info: None,
            apply: None,
        })
        .collect()
}

fn function_items(only: Option<FunctionCategory>) -> Vec<CompletionItem> {
    FUNCTIONS
        .iter()
        .filter(|f| only.is_none_or(|c| f.3 == c) && !f.0.contains(' '))
        .map(|(name, signature, doc, _)| CompletionItem {
            label: (*name).to_string(),
            kind: CompletionKind::Function,
            detail: Some((*signature).to_string()),
            info: Some((*doc).to_string()),
            apply: None,
        })
        .collect()
}

/// The connector and format names declared in a statement's `WITH (…)`: (key, value) pairs of
/// string options.
fn declared_options(toks: &[&Tok<'_>]) -> Vec<(String, String)> {
    toks.windows(3)
        .filter(|w| w[0].kind == Tk::Str && w[1].punct("=") && w[2].kind == Tk::Str)
        .map(|w| (w[0].unquoted().to_ascii_lowercase(), w[2].unquoted()))
        .collect()
}

fn option_keys(declared: &[(String, String)], quote: Quote) -> Vec<CompletionItem> {
    let kind = CompletionKind::Option;
    let mut items = opt_items(options::COMMON, "", kind, quote);
    let value = |k: &str| {
        declared
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    if let Some(opts) = value("connector").and_then(options::connector_options) {
        items.extend(opt_items(opts, "", kind, quote));
    }
    for (key, prefix) in [
        ("format", ""),
        ("key.format", "key."),
        ("value.format", "value."),
    ] {
        if let Some(format) = value(key) {
            if let Some(opts) = options::format_options(format) {
                let prefix = format!("{prefix}{}.", format.to_ascii_lowercase());
                items.extend(opt_items(opts, &prefix, kind, quote));
            }
        }
    }
    // Keys already written need no suggestion.
    items.retain(|i| !declared.iter().any(|(k, _)| *k == i.label));
    items
}

/// Candidates at byte offset `pos` of `text`, and the byte range they replace.
pub fn complete_at(text: &str, pos: usize) -> (usize, usize, Vec<CompletionItem>) {
    complete_with(text, pos, None)
}

/// [`complete_at`] in a tab bound to a database: its tables, schemas and columns too.
pub fn complete_with(
    text: &str,
    pos: usize,
    catalog: Option<&Catalog>,
) -> (usize, usize, Vec<CompletionItem>) {
    let pos = pos.min(text.len());
    let toks = tokenize(text);
    // The token the cursor is in or right after.
    let here = toks.iter().position(|t| t.start < pos && pos <= t.end);
    let mut from = pos;
    let mut to = pos;
    let mut quote = Quote::Add;
    let mut in_string = false;
    let mut cur = toks.partition_point(|t| t.end <= pos);
    if let Some(h) = here {
        let t = toks[h];
        match t.kind {
            // In a comment (a `--` comment runs to the end of its line).
            Tk::Comment if t.open || pos < t.end || t.text.starts_with("--") => {
                return (pos, pos, Vec::new());
            }
            Tk::Str | Tk::Quoted if t.open || pos < t.end => {
                in_string = true;
                from = t.start + 1;
                if t.open {
                    quote = Quote::Close;
                } else {
                    quote = Quote::None;
                    to = t.end - 1;
                }
                cur = h;
            }
            Tk::Word => {
                from = t.start;
                cur = h;
            }
            _ => {}
        }
    }
    // Significant tokens of the statement before the cursor (and the prefix being typed).
    let before: Vec<&Tok<'_>> = toks[..cur]
        .iter()
        .filter(|t| t.kind != Tk::Comment)
        .collect();
    let stmt_start_idx = before
        .iter()
        .rposition(|t| t.punct(";"))
        .map_or(0, |i| i + 1);
    let stmt: Vec<&Tok<'_>> = before[stmt_start_idx..].to_vec();
    let stmt_start_byte = stmt.first().map_or(from, |t| t.start);
    // The whole statement (to the next `;`) for the options it declares.
    let whole: Vec<&Tok<'_>> = toks[toks.partition_point(|t| t.start < stmt_start_byte)..]
        .iter()
        .filter(|t| t.kind != Tk::Comment)
        .take_while(|t| !t.punct(";"))
        .collect();
    let items = context_items(
        text,
        &stmt,
        &whole,
        stmt_start_byte,
        in_string,
        quote,
        catalog,
    );
    let mut seen = std::collections::HashSet::new();
    let items = items
        .into_iter()
        .filter(|i| seen.insert((i.label.to_ascii_uppercase(), i.kind)))
        .collect();
    (from, to, items)
}

fn context_items(
    text: &str,
    stmt: &[&Tok<'_>],
    whole: &[&Tok<'_>],
    stmt_start: usize,
    in_string: bool,
    quote: Quote,
    catalog: Option<&Catalog>,
) -> Vec<CompletionItem> {
    let prev = stmt.last().copied();
    let prev2 = stmt.len().checked_sub(2).map(|i| stmt[i]);
    let first = stmt.first().copied();
    let starts = |w: &str| first.is_some_and(|t| t.is(w));

    // The innermost open parenthesis before the cursor and the token before it.
    let mut parens: Vec<usize> = Vec::new();
    for (i, t) in stmt.iter().enumerate() {
        if t.punct("(") {
            parens.push(i);
        } else if t.punct(")") {
            parens.pop();
        }
    }
    let owner = parens
        .last()
        .and_then(|&i| i.checked_sub(1))
        .map(|i| stmt[i]);
    let owner2 = parens
        .last()
        .and_then(|&i| i.checked_sub(2))
        .map(|i| stmt[i]);

    // WITH (…) / SET (…) / OPTIONS(…) of DDL and hints: option keys and values.
    let in_options = owner.is_some_and(|o| o.is("WITH") || o.is("OPTIONS") || o.is("SET"))
        && (starts("CREATE") || starts("ALTER") || owner.is_some_and(|o| o.is("OPTIONS")));
    if in_options {
        let declared = declared_options(whole);
        return match prev {
            Some(p) if p.punct("(") || p.punct(",") => option_keys(&declared, quote),
            Some(p) if p.punct("=") => {
                let key = prev2.filter(|t| t.kind == Tk::Str).map(|t| t.unquoted());
                let q = if in_string { quote } else { Quote::Add };
                match key.as_deref() {
                    Some("connector") => {
                        opt_items(options::CONNECTORS, "", CompletionKind::Value, q)
                    }
                    Some(k) if k == "format" || k.ends_with(".format") => {
                        opt_items(options::FORMATS, "", CompletionKind::Value, q)
                    }
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
    }
    if starts("SET") && stmt.len() == 1 && catalog.is_none() {
        return opt_items(options::SET_KEYS, "", CompletionKind::Option, quote);
    }
    if in_string {
        return Vec::new();
    }
    let Some(prev) = prev else {
        // A database runs its own SQL: Flink's statements (catalogs, statement sets, jars…) would
        // only be noise there.
        return kw(if catalog.is_some() {
            DB_STARTERS
        } else {
            STARTERS
        });
    };
    let defs = defined_before(text, stmt_start);

    // Names of tables.
    let table_place = [
        "FROM",
        "JOIN",
        "INTO",
        "OVERWRITE",
        "DESCRIBE",
        "DESC",
        "LIKE",
        "TRUNCATE",
        "UPDATE",
    ]
    .iter()
    .any(|w| prev.is(w))
        || (prev.is("TABLE") && !starts("CREATE"))
        || (prev.is("VIEW") && !starts("CREATE"));
    if table_place {
        let mut items = table_items(&defs);
        if let Some(c) = catalog {
            items.extend(c.table_items(&c.default_schema));
            items.extend(c.schema_items());
        }
        if prev.is("FROM") || prev.is("JOIN") {
            items.extend(kw(&["TABLE", "LATERAL TABLE", "UNNEST"]));
        }
        return items;
    }
    // FROM TABLE(…): the window table functions.
    if owner.is_some_and(|o| o.is("TABLE"))
        && prev.punct("(")
        && owner2.is_some_and(|o| o.is("FROM") || o.is("JOIN"))
    {
        return function_items(Some(FunctionCategory::Window));
    }
    // Words that must follow a keyword.
    let follow: Option<&[&str]> = match prev.text.to_ascii_uppercase().as_str() {
        _ if prev.kind != Tk::Word => None,
        "CREATE" => Some(&[
            "TABLE",
            "TEMPORARY",
            "VIEW",
            "FUNCTION",
            "CATALOG",
            "DATABASE",
            "MATERIALIZED TABLE",
            "OR REPLACE",
            "MODEL",
            "CONNECTION",
            "TEMPORARY SYSTEM FUNCTION",
        ]),
        "TEMPORARY" => Some(&["TABLE", "VIEW", "FUNCTION", "SYSTEM FUNCTION"]),
        "DROP" | "ALTER" => Some(&[
            "TABLE",
            "VIEW",
            "FUNCTION",
            "CATALOG",
            "DATABASE",
            "TEMPORARY",
            "MATERIALIZED TABLE",
            "MODEL",
        ]),
        "INSERT" => Some(&["INTO", "OVERWRITE"]),
        "SHOW" => Some(&[
            "TABLES",
            "VIEWS",
            "FUNCTIONS",
            "USER FUNCTIONS",
            "CATALOGS",
            "DATABASES",
            "COLUMNS FROM",
            "CREATE TABLE",
            "CREATE VIEW",
            "CURRENT CATALOG",
            "CURRENT DATABASE",
            "MODULES",
            "FULL MODULES",
            "JOBS",
            "JARS",
            "PARTITIONS",
            "MATERIALIZED TABLES",
            "MODELS",
        ]),
        "GROUP" | "ORDER" | "PARTITION" | "PARTITIONED" | "DISTRIBUTED" => Some(&["BY"]),
        "EXPLAIN" => Some(&[
            "PLAN FOR",
            "SELECT",
            "INSERT INTO",
            "STATEMENT SET",
            "ESTIMATED_COST",
            "CHANGELOG_MODE",
            "JSON_EXECUTION_PLAN",
        ]),
        "EXECUTE" => Some(&["STATEMENT SET", "INSERT INTO", "SELECT"]),
        "BEGIN" => Some(&["STATEMENT SET"]),
        "USE" => Some(&["CATALOG", "MODULES"]),
        "NOT" if prev2.is_some_and(|t| t.punct(")")) => Some(&["ENFORCED"]),
        "PRIMARY" => Some(&["KEY"]),
        "WATERMARK" => Some(&["FOR"]),
        _ => None,
    };
    if let Some(words) = follow {
        return kw(words);
    }
    // Inside a CREATE TABLE's column list.
    let creating_table = starts("CREATE") && stmt.iter().take(6).any(|t| t.is("TABLE"));
    if creating_table
        && parens.len() == 1
        && owner.is_some_and(|o| o.kind != Tk::Word || !o.is("WITH"))
    {
        if prev.punct("(") || prev.punct(",") {
            return kw(&["PRIMARY KEY", "WATERMARK FOR", "CONSTRAINT"]);
        }
        if prev2.is_some_and(|t| t.punct("(") || t.punct(",")) && prev.kind != Tk::Punct {
            return kw(TYPES);
        }
        return kw(&[
            "NOT NULL",
            "METADATA",
            "METADATA FROM",
            "VIRTUAL",
            "PRIMARY KEY",
            "NOT ENFORCED",
            "COMMENT",
            "AS",
        ]);
    }
    if creating_table && parens.is_empty() && prev.punct(")") {
        return kw(&[
            "WITH",
            "PARTITIONED BY",
            "DISTRIBUTED BY",
            "COMMENT",
            "LIKE",
            "AS",
        ]);
    }
    // CAST(x AS …) and friends.
    if prev.is("AS") && owner.is_some_and(|o| o.is("CAST") || o.is("TRY_CAST")) {
        return kw(TYPES);
    }

    // Expressions and clauses of a query.
    let mut clause = "";
    let mut depth = 0i32;
    let target = parens.len() as i32;
    let mut referenced: Vec<NameRef> = Vec::new();
    for t in stmt {
        if t.punct("(") {
            depth += 1;
        } else if t.punct(")") {
            depth -= 1;
        } else if depth == target && t.kind == Tk::Word {
            let up = t.text.to_ascii_uppercase();
            if matches!(
                up.as_str(),
                "SELECT"
                    | "FROM"
                    | "WHERE"
                    | "GROUP"
                    | "HAVING"
                    | "ORDER"
                    | "LIMIT"
                    | "ON"
                    | "JOIN"
                    | "WINDOW"
                    | "VALUES"
            ) {
                clause = match up.as_str() {
                    "SELECT" => "SELECT",
                    "FROM" | "JOIN" => "FROM",
                    "WHERE" | "ON" | "HAVING" => "WHERE",
                    "GROUP" => "GROUP",
                    "ORDER" => "ORDER",
                    "LIMIT" => "LIMIT",
                    _ => "OTHER",
                };
            }
        }
    }
    // Tables named after FROM/JOIN anywhere in the statement, with their aliases.
    let mut aliases: Vec<(String, NameRef)> = Vec::new();
    for (i, t) in whole.iter().enumerate() {
        if !(t.is("FROM") || t.is("JOIN") || t.is("INTO") || t.is("UPDATE")) {
            continue;
        }
        if let Some((table, mut j)) = name_at(whole, i + 1) {
            if whole.get(j).is_some_and(|t| t.is("AS")) {
                j += 1;
            }
            if let Some(a) = whole
                .get(j)
                .filter(|a| a.kind == Tk::Word && !KEYWORDS.iter().any(|k| a.is(k)) && !a.is("FOR"))
            {
                aliases.push((a.text.to_string(), table.clone()));
            }
            referenced.push(table);
        }
    }
    // The columns of a table named in the statement: defined in the script, else in the database.
    let columns_of = |table: &NameRef| -> Option<Vec<CompletionItem>> {
        if table.schema.is_none() {
            if let Some(d) = defs
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(&table.name))
            {
                return Some(column_items(d));
            }
        }
        let c = catalog?;
        c.table(table.schema.as_deref(), &table.name)
            .map(|t| c.column_items(t))
    };
    // `alias.` → that table's columns; `schema.` → its tables.
    if prev.punct(".") {
        if let Some(q) = prev2.filter(|t| t.kind == Tk::Word || t.kind == Tk::Quoted) {
            let q = ident(q);
            let table = aliases
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(&q))
                .map(|(_, t)| t.clone())
                .unwrap_or(NameRef {
                    schema: None,
                    name: q.clone(),
                });
            if let Some(items) = columns_of(&table) {
                return items;
            }
            return match catalog {
                Some(c) if c.is_schema(&q) => c.table_items(&q),
                _ => Vec::new(),
            };
        }
        return Vec::new();
    }
    let ends_expression = match prev.kind {
        Tk::Word => !KEYWORDS
            .iter()
            .chain(["CASE", "WHEN", "THEN", "ELSE", "DISTINCT"].iter())
            .any(|k| prev.is(k)),
        Tk::Quoted | Tk::Str | Tk::Number => true,
        Tk::Punct => prev.punct(")") || prev.punct("*"),
        Tk::Comment => false,
    };
    if ends_expression {
        let words: &[&str] = match clause {
            "SELECT" => &[
                "FROM",
                "AS",
                "AND",
                "OR",
                "IS NULL",
                "IS NOT NULL",
                "LIKE",
                "IN",
                "BETWEEN",
                "OVER",
            ],
            "FROM" => &[
                "WHERE",
                "JOIN",
                "LEFT JOIN",
                "RIGHT JOIN",
                "INNER JOIN",
                "FULL OUTER JOIN",
                "CROSS JOIN",
                "ON",
                "AS",
                "GROUP BY",
                "ORDER BY",
                "LIMIT",
                "UNION ALL",
                "FOR SYSTEM_TIME AS OF",
                "WINDOW",
                "AND",
                "OR",
            ],
            "WHERE" => &[
                "AND",
                "OR",
                "NOT",
                "IN",
                "IS NULL",
                "IS NOT NULL",
                "LIKE",
                "BETWEEN",
                "GROUP BY",
                "ORDER BY",
                "LIMIT",
                "UNION ALL",
                "JOIN",
                "LEFT JOIN",
            ],
            "GROUP" => &["HAVING", "ORDER BY", "LIMIT", "UNION ALL"],
            "ORDER" => &["ASC", "DESC", "LIMIT"],
            _ => &["AS", "AND", "OR", "FROM", "WHERE"],
        };
        return kw(words);
    }
    let mut items = Vec::new();
    for table in &referenced {
        items.extend(columns_of(table).unwrap_or_default());
    }
    items.extend(function_items(None));
    items.extend(kw(EXPR_KEYWORDS));
    if prev.is("SELECT") {
        items.extend(kw(&["DISTINCT", "*"]));
    }
    if clause.is_empty() && !prev.is("AS") {
        items.extend(kw(&["SELECT"]));
    }
    items
}

#[cfg(test)]
mod tests;
