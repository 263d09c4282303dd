//! What the grid asks for (a view, its sort and filters, a range of rows) and what it gets back.

use crate::cell::Cell;
use crate::spec::ChangeKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Physical row id: the position of a change in arrival order; stable while the set lives.
pub type RowId = u32;

/// Which rows a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// The current state: the changelog applied, updated rows kept in place.
    #[default]
    Materialized,
    /// Every change received, with its kind, in arrival order.
    Changelog,
}

/// One sort column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SortKey {
    /// Column index.
    #[ts(type = "number")]
    pub column: usize,
    /// Largest first (NULLs then come last).
    #[serde(default)]
    pub descending: bool,
}

/// How a filter compares a cell with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FilterOp {
    /// Case-insensitive substring of the displayed text.
    Contains,
    /// Equal (numerically for numeric columns when the value is a number).
    Equals,
    /// Not equal; NULL cells never match.
    NotEquals,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// The cell is NULL.
    IsNull,
    /// The cell is not NULL.
    IsNotNull,
}

/// One condition on one column; a query's filters are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    /// Column index.
    #[ts(type = "number")]
    pub column: usize,
    /// Comparison.
    pub op: FilterOp,
    /// Value compared with (ignored by IsNull and IsNotNull).
    #[serde(default)]
    pub value: String,
}

/// A view with its sort and filters: the rows an export or a window is taken from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Materialized or changelog.
    #[serde(default)]
    pub view: View,
    /// Sort keys, most significant first; empty keeps the view's own order.
    #[serde(default)]
    pub sort: Vec<SortKey>,
    /// Conditions, ANDed.
    #[serde(default)]
    pub filters: Vec<Filter>,
}

impl Selection {
    /// All rows of `view` in its own order.
    pub fn of(view: View) -> Selection {
        Selection {
            view,
            ..Selection::default()
        }
    }
}

/// A range of rows of a selection, as the virtualized grid asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowQuery {
    /// View, sort and filters.
    #[serde(flatten)]
    pub selection: Selection,
    /// Position of the first row wanted.
    #[ts(type = "number")]
    pub offset: u64,
    /// Rows wanted at most.
    #[ts(type = "number")]
    pub limit: u64,
}

/// One row of a window.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowRow {
    /// Position in the sorted, filtered selection.
    #[ts(type = "number")]
    pub index: u64,
    /// Physical row id, for [`crate::ResultSet::row_json`] and friends.
    pub row: RowId,
    /// The change that brought this row.
    pub kind: ChangeKind,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// The rows a window query asked for.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    /// Rows of the selection (matching the filters).
    #[ts(type = "number")]
    pub total: u64,
    /// Position of the first row returned.
    #[ts(type = "number")]
    pub offset: u64,
    /// [`crate::ResultSet::version`] the window was read at.
    #[ts(type = "number")]
    pub version: u64,
    /// The rows, at most `limit`; empty when `offset` is past the end.
    pub rows: Vec<WindowRow>,
}

/// What [`crate::ResultSet::push`] did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PushOutcome {
    /// Stored; there is room for more.
    Stored,
    /// Stored, and the set is now full: stop fetching.
    Full,
    /// Not stored: the set was already full.
    Dropped,
}

impl PushOutcome {
    /// True when the caller should stop fetching (the cap is reached).
    pub fn cap_reached(self) -> bool {
        !matches!(self, PushOutcome::Stored)
    }
}

/// Counters of a result set, for a status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Changes stored (the changelog's length).
    #[ts(type = "number")]
    pub changes: u64,
    /// Rows in the materialized view.
    #[ts(type = "number")]
    pub live: u64,
    /// Rows refused because the cap was reached.
    #[ts(type = "number")]
    pub dropped: u64,
    /// The cap, once it is reached.
    #[ts(type = "number | null")]
    pub truncated: Option<u64>,
    /// Cells whose value did not fit the column's class (kept as text).
    #[ts(type = "number")]
    pub mismatches: u64,
    /// Retractions (-U, -D) that matched no live row.
    #[ts(type = "number")]
    pub unmatched_retractions: u64,
    /// Changes so far; see [`crate::ResultSet::version`].
    #[ts(type = "number")]
    pub version: u64,
}
