//! The result of one Flink SQL statement, held in memory as it arrives from the SQL Gateway: a
//! compact columnar store of every change (the changelog), the current state with the changes
//! applied (the materialized view), sorted and filtered windows for a virtualized grid, and
//! exports (CSV, JSON Lines, TSV, Markdown).
//!
//! Decisions a caller relies on:
//! - A value that does not fit its column's class (a string in an INT column, a malformed
//!   decimal) is kept as its JSON value in that one cell, shown as text, and counted in
//!   [`ResultSet::mismatches`]; nothing is lost and nothing panics.
//! - DECIMAL values are kept as their exact text. Send them as JSON strings: a JSON number has
//!   already lost digits in `serde_json::Value` (no `arbitrary_precision`). Exact output comes
//!   from [`ResultSet::row_json`] and the exports, which write decimals as bare JSON numbers.
//! - A `-U` followed by a `+U` puts the new row where the retracted one was (a FIFO of
//!   positions freed by `-U`s, taken by the next `+U`s).
//! - Reads that need an order (windows, exports) take `&mut self`: they cache the sorted,
//!   filtered row ids per selection and extend them when rows were only appended.

#![warn(missing_docs)]

mod cell;
mod changelog;
mod chunked;
mod column;
mod decimal;
mod export;
mod filter;
mod query;
mod sort;
mod spec;
mod view;

pub use cell::Cell;
pub use export::ExportFormat;
pub use query::{
    Filter, FilterOp, PushOutcome, RowId, Selection, SortKey, Stats, View, Window, WindowQuery,
    WindowRow,
};
pub use spec::{ChangeKind, ColumnSpec, ValueClass};

use chunked::{Bitmap, ChunkedVec};
use column::Column;
use std::collections::VecDeque;

/// What went wrong reading rows in or out of a result set.
#[derive(Debug, thiserror::Error)]
pub enum ResultError {
    /// A row from the server does not have one field per column.
    #[error(
        "row {row} has {got} fields but the result has {expected} columns; the rows do not match \
         the result's schema"
    )]
    FieldCount {
        /// 1-based number of the row among those pushed.
        row: u64,
        /// Columns of the result.
        expected: usize,
        /// Fields in the row.
        got: usize,
    },
    /// A sort key or filter names a column the result does not have.
    #[error("column {column} does not exist: the result has {columns} columns")]
    NoSuchColumn {
        /// Column index asked for.
        column: usize,
        /// Columns of the result.
        columns: usize,
    },
    /// The caller's cancel check said stop; what was written so far is incomplete.
    #[error("export cancelled after {rows} rows")]
    Cancelled {
        /// Rows written before stopping.
        rows: u64,
    },
    /// Writing the export failed.
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV or TSV failed.
    #[error("could not write the CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// The result of one statement: its columns, every change, and the materialized view.
#[derive(Debug)]
pub struct ResultSet {
    columns: Vec<Column>,
    classes: Vec<ValueClass>,
    cap: usize,
    /// Kind of each physical row.
    kinds: ChunkedVec<u8>,
    /// Physical rows in the materialized view.
    live: Bitmap,
    live_count: u64,
    /// Display position per physical row, once a `+U` took a retracted row's place; until then
    /// every row's position is its id.
    order: Option<ChunkedVec<u32>>,
    /// Live rows by content, built at the first retraction.
    index: Option<changelog::Index>,
    /// Positions freed by `-U`, waiting for their `+U`.
    pending: VecDeque<u32>,
    received: u64,
    dropped: u64,
    mismatches: u64,
    unmatched: u64,
    version: u64,
    /// Bumped whenever the materialized view changes other than by appending.
    epoch: u64,
    cache: view::Cache,
    json_buf: Vec<u8>,
}

impl ResultSet {
    /// An empty result with these columns that stores at most `cap` changes (at most `u32::MAX`).
    pub fn new(columns: Vec<ColumnSpec>, cap: u64) -> ResultSet {
        let columns: Vec<Column> = columns.into_iter().map(Column::new).collect();
        ResultSet {
            classes: columns.iter().map(|c| c.class).collect(),
            columns,
            cap: cap.min(u64::from(u32::MAX)) as usize,
            kinds: ChunkedVec::new(),
            live: Bitmap::default(),
            live_count: 0,
            order: None,
            index: None,
            pending: VecDeque::new(),
            received: 0,
            dropped: 0,
            mismatches: 0,
            unmatched: 0,
            version: 0,
            epoch: 0,
            cache: view::Cache::default(),
            json_buf: Vec::new(),
        }
    }

    /// The columns, as given to [`ResultSet::new`].
    pub fn columns(&self) -> Vec<ColumnSpec> {
        self.columns.iter().map(|c| c.spec.clone()).collect()
    }

    /// The storage class of each column (numbers are right-aligned, nested values expandable).
    pub fn classes(&self) -> &[ValueClass] {
        &self.classes
    }

    /// Rows in a view: live rows for the materialized view, changes for the changelog.
    pub fn len(&self, view: View) -> u64 {
        match view {
            View::Materialized => self.live_count,
            View::Changelog => self.kinds.len() as u64,
        }
    }

    /// True when the view has no rows.
    pub fn is_empty(&self, view: View) -> bool {
        self.len(view) == 0
    }

    /// Increases with every stored change; compare to throttle redraws.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The cap once it is reached (rows may have been dropped after it), else `None`.
    pub fn truncated(&self) -> Option<u64> {
        (self.kinds.len() >= self.cap).then_some(self.cap as u64)
    }

    /// Rows refused because the cap was reached.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Cells whose value did not fit the column's class; they are kept and shown as text.
    pub fn mismatches(&self) -> u64 {
        self.mismatches
    }

    /// Retractions (`-U`, `-D`) that matched no live row; they changed nothing.
    pub fn unmatched_retractions(&self) -> u64 {
        self.unmatched
    }

    /// All counters at once.
    pub fn stats(&self) -> Stats {
        Stats {
            changes: self.len(View::Changelog),
            live: self.live_count,
            dropped: self.dropped,
            truncated: self.truncated(),
            mismatches: self.mismatches,
            unmatched_retractions: self.unmatched,
            version: self.version,
        }
    }

    /// The kind of the change stored as physical row `row`.
    pub fn kind(&self, row: RowId) -> Option<ChangeKind> {
        let row = row as usize;
        (row < self.kinds.len()).then(|| ChangeKind::from_u8(self.kinds.get(row)))
    }

    /// One cell of physical row `row`; `None` when the row or column does not exist.
    pub fn cell(&self, row: RowId, column: usize) -> Option<Cell> {
        let row = row as usize;
        let col = self.columns.get(column)?;
        (row < self.kinds.len()).then(|| col.cell(row))
    }

    /// Display text of one cell (empty for NULL); `None` when the row or column does not exist.
    pub fn cell_text(&self, row: RowId, column: usize) -> Option<String> {
        let col = self.columns.get(column)?;
        let row = row as usize;
        (row < self.kinds.len()).then(|| {
            col.display(row, &mut column::Scratch::default())
                .unwrap_or_default()
                .to_string()
        })
    }

    /// Estimated bytes held: columns, row bookkeeping, the retraction index and cached orders.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>()
            + self.columns.capacity() * std::mem::size_of::<Column>()
            + self.kinds.heap_bytes()
            + self.live.heap_bytes()
            + self.order.as_ref().map_or(0, ChunkedVec::heap_bytes)
            + self.index.as_ref().map_or(0, changelog::Index::heap_bytes)
            + self.pending.capacity() * 4
            + self.cache.heap_bytes()
            + self.json_buf.capacity()
    }

    /// Display position of a physical row in the materialized view.
    #[inline]
    fn position(&self, row: usize) -> u32 {
        match &self.order {
            Some(o) => o.get(row),
            None => row as u32,
        }
    }

    fn check_column(&self, column: usize) -> Result<(), ResultError> {
        if column < self.columns.len() {
            Ok(())
        } else {
            Err(ResultError::NoSuchColumn {
                column,
                columns: self.columns.len(),
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::*;
    use serde_json::Value;

    /// A set with one column per type, cap 1000.
    pub(crate) fn set(types: &[&str]) -> ResultSet {
        let cols = types
            .iter()
            .enumerate()
            .map(|(i, t)| ColumnSpec::new(format!("c{i}"), *t))
            .collect();
        ResultSet::new(cols, 1000)
    }

    /// Pushes rows, panicking on errors (tests only).
    pub(crate) fn push_all(rs: &mut ResultSet, rows: &[(ChangeKind, Vec<Value>)]) {
        for (k, r) in rows {
            rs.push(*k, r).unwrap();
        }
    }

    /// All display texts of a selection, row by row.
    pub(crate) fn texts(rs: &mut ResultSet, sel: &Selection) -> Vec<Vec<String>> {
        let ids = rs.row_ids(sel).unwrap();
        ids.iter()
            .map(|&id| {
                (0..rs.columns.len())
                    .map(|c| rs.cell_text(id, c).unwrap())
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod bindings {
    /// A result set can live behind a `Mutex` or `RwLock` shared between tasks.
    #[test]
    fn result_sets_are_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::ResultSet>();
    }

    use super::*;
    use ts_rs::{Config, TS};

    /// The IPC types declare as TypeScript the way serde writes them.
    #[test]
    fn typescript_declarations() {
        let cfg = Config::new().with_large_int("number");
        let decls = [
            Cell::decl(&cfg),
            ValueClass::decl(&cfg),
            ChangeKind::decl(&cfg),
            ColumnSpec::decl(&cfg),
            View::decl(&cfg),
            SortKey::decl(&cfg),
            FilterOp::decl(&cfg),
            Filter::decl(&cfg),
            Selection::decl(&cfg),
            WindowQuery::decl(&cfg),
            WindowRow::decl(&cfg),
            Window::decl(&cfg),
            PushOutcome::decl(&cfg),
            Stats::decl(&cfg),
            ExportFormat::decl(&cfg),
        ];
        let all = decls.join("\n");
        for want in [
            r#"{ "t": "null" }"#,
            r#"{ "t": "int", "v": number | string }"#,
            r#"{ "t": "nested", "v": unknown }"#,
            r#""+I" | "-U" | "+U" | "-D""#,
        ] {
            assert!(all.contains(want), "{want} missing from\n{all}");
        }
        // The window query is flat, as the grid sends it.
        let q = WindowQuery::decl(&cfg);
        assert!(
            q.contains("view: View") && q.contains("limit: number") && !q.contains("selection")
        );
    }
}
