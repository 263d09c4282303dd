//! A connected database's metadata, for completion in a tab bound to it.

use super::item::{CompletionItem, CompletionKind};
use super::words::KEYWORDS;

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
    pub(super) fn quoted(&self, name: &str) -> Option<String> {
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
    pub(super) fn table(&self, schema: Option<&str>, name: &str) -> Option<&CatalogTable> {
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

    pub(super) fn is_schema(&self, name: &str) -> bool {
        self.schemas.iter().any(|s| s.eq_ignore_ascii_case(name))
    }

    pub(super) fn table_items(&self, schema: &str) -> Vec<CompletionItem> {
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

    pub(super) fn schema_items(&self) -> Vec<CompletionItem> {
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

    pub(super) fn column_items(&self, t: &CatalogTable) -> Vec<CompletionItem> {
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
