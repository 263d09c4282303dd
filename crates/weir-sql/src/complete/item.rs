//! What completion answers: the candidates, their kinds, and how a candidate is made from a
//! keyword or an option key.

use crate::options::Opt;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

pub(super) fn kw(words: &[&str]) -> Vec<CompletionItem> {
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

pub(super) fn opt_items(
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
pub(super) enum Quote {
    /// The cursor is not in a string: insert `'key'`.
    Add,
    /// The cursor is in a string without closing quote: insert `key'`.
    Close,
    /// The cursor is in a closed string: insert the key only.
    None,
}
