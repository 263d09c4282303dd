//! What fits at the cursor, from the tokens of the statement before it.

use super::catalog::Catalog;
use super::item::{kw, opt_items, CompletionItem, CompletionKind, Quote};
use super::names::{ident, name_at, NameRef};
use super::script::{column_items, defined_before, table_items};
use super::words::{DB_STARTERS, EXPR_KEYWORDS, KEYWORDS, STARTERS, TYPES};
use crate::functions::{FunctionCategory, FUNCTIONS};
use crate::lexer::{Tok, TokKind};
use crate::options;

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
        .filter(|w| w[0].kind == TokKind::Str && w[1].is_punct("=") && w[2].kind == TokKind::Str)
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

pub(super) fn context_items(
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
    let starts = |w: &str| first.is_some_and(|t| t.is_word(w));

    // The innermost open parenthesis before the cursor and the token before it.
    let mut parens: Vec<usize> = Vec::new();
    for (i, t) in stmt.iter().enumerate() {
        if t.is_punct("(") {
            parens.push(i);
        } else if t.is_punct(")") {
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
    let in_options = owner
        .is_some_and(|o| o.is_word("WITH") || o.is_word("OPTIONS") || o.is_word("SET"))
        && (starts("CREATE") || starts("ALTER") || owner.is_some_and(|o| o.is_word("OPTIONS")));
    if in_options {
        let declared = declared_options(whole);
        return match prev {
            Some(p) if p.is_punct("(") || p.is_punct(",") => option_keys(&declared, quote),
            Some(p) if p.is_punct("=") => {
                let key = prev2
                    .filter(|t| t.kind == TokKind::Str)
                    .map(|t| t.unquoted());
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
    .any(|w| prev.is_word(w))
        || (prev.is_word("TABLE") && !starts("CREATE"))
        || (prev.is_word("VIEW") && !starts("CREATE"));
    if table_place {
        let mut items = table_items(&defs);
        if let Some(c) = catalog {
            items.extend(c.table_items(&c.default_schema));
            items.extend(c.schema_items());
        }
        if prev.is_word("FROM") || prev.is_word("JOIN") {
            items.extend(kw(&["TABLE", "LATERAL TABLE", "UNNEST"]));
        }
        return items;
    }
    // FROM TABLE(…): the window table functions.
    if owner.is_some_and(|o| o.is_word("TABLE"))
        && prev.is_punct("(")
        && owner2.is_some_and(|o| o.is_word("FROM") || o.is_word("JOIN"))
    {
        return function_items(Some(FunctionCategory::Window));
    }
    // Words that must follow a keyword.
    let follow: Option<&[&str]> = match prev.text.to_ascii_uppercase().as_str() {
        _ if prev.kind != TokKind::Word => None,
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
        "NOT" if prev2.is_some_and(|t| t.is_punct(")")) => Some(&["ENFORCED"]),
        "PRIMARY" => Some(&["KEY"]),
        "WATERMARK" => Some(&["FOR"]),
        _ => None,
    };
    if let Some(words) = follow {
        return kw(words);
    }
    // Inside a CREATE TABLE's column list.
    let creating_table = starts("CREATE") && stmt.iter().take(6).any(|t| t.is_word("TABLE"));
    if creating_table
        && parens.len() == 1
        && owner.is_some_and(|o| o.kind != TokKind::Word || !o.is_word("WITH"))
    {
        if prev.is_punct("(") || prev.is_punct(",") {
            return kw(&["PRIMARY KEY", "WATERMARK FOR", "CONSTRAINT"]);
        }
        if prev2.is_some_and(|t| t.is_punct("(") || t.is_punct(",")) && prev.kind != TokKind::Punct
        {
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
    if creating_table && parens.is_empty() && prev.is_punct(")") {
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
    if prev.is_word("AS") && owner.is_some_and(|o| o.is_word("CAST") || o.is_word("TRY_CAST")) {
        return kw(TYPES);
    }

    // Expressions and clauses of a query.
    let mut clause = "";
    let mut depth = 0i32;
    let target = parens.len() as i32;
    let mut referenced: Vec<NameRef> = Vec::new();
    for t in stmt {
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            depth -= 1;
        } else if depth == target && t.kind == TokKind::Word {
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
        if !(t.is_word("FROM") || t.is_word("JOIN") || t.is_word("INTO") || t.is_word("UPDATE")) {
            continue;
        }
        if let Some((table, mut j)) = name_at(whole, i + 1) {
            if whole.get(j).is_some_and(|t| t.is_word("AS")) {
                j += 1;
            }
            if let Some(a) = whole.get(j).filter(|a| {
                a.kind == TokKind::Word
                    && !KEYWORDS.iter().any(|k| a.is_word(k))
                    && !a.is_word("FOR")
            }) {
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
    if prev.is_punct(".") {
        if let Some(q) = prev2.filter(|t| t.kind == TokKind::Word || t.kind == TokKind::QuotedIdent)
        {
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
        TokKind::Word | TokKind::Placeholder => !KEYWORDS
            .iter()
            .chain(["CASE", "WHEN", "THEN", "ELSE", "DISTINCT"].iter())
            .any(|k| prev.is_word(k)),
        TokKind::QuotedIdent | TokKind::Str | TokKind::Number => true,
        TokKind::Punct => prev.is_punct(")") || prev.is_punct("*"),
        TokKind::Comment | TokKind::Hint | TokKind::Semicolon => false,
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
    if prev.is_word("SELECT") {
        items.extend(kw(&["DISTINCT", "*"]));
    }
    if clause.is_empty() && !prev.is_word("AS") {
        items.extend(kw(&["SELECT"]));
    }
    items
}
