//! Reading a selection: its row ids in order (filtered, sorted, cached per selection and extended
//! when rows were only appended), windows of it, and its rows as JSON values.

use crate::column::Scratch;
use crate::filter::Prepared;
use crate::query::{RowId, Selection, View, Window, WindowQuery, WindowRow};
use crate::sort::Sorter;
use crate::spec::ChangeKind;
use crate::{ResultError, ResultSet};
use serde_json::Value;
use std::sync::Arc;

/// Selections remembered at once (e.g. the grid's materialized and changelog tabs, an export).
const CACHED: usize = 4;

/// The ordered ids of one selection, as of one version.
#[derive(Debug)]
struct Entry {
    selection: Selection,
    version: u64,
    /// Physical rows when computed: later ones are new.
    rows: usize,
    /// [`ResultSet::epoch`] when computed: unchanged means the materialized view only grew.
    epoch: u64,
    ids: Arc<Vec<RowId>>,
}

/// Recently used selections, most recent last.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    entries: Vec<Entry>,
}

impl Cache {
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.ids.capacity() * 4).sum()
    }
}

impl ResultSet {
    /// Physical row ids of a selection in display order (filtered, then sorted).
    ///
    /// Cached per selection: asking again at the same version is free, and after appends only the
    /// new rows are filtered, sorted and merged in.
    pub fn row_ids(&mut self, sel: &Selection) -> Result<Arc<Vec<RowId>>, ResultError> {
        for k in &sel.sort {
            self.check_column(k.column)?;
        }
        for f in &sel.filters {
            self.check_column(f.column)?;
        }
        let rows = self.kinds.len();
        let found = self.cache.entries.iter().position(|e| e.selection == *sel);
        let mut entry = match found {
            Some(i) => self.cache.entries.remove(i),
            None => Entry {
                selection: sel.clone(),
                version: u64::MAX,
                rows: 0,
                epoch: u64::MAX,
                ids: Arc::new(Vec::new()),
            },
        };
        if entry.version != self.version {
            let appended_only = sel.view == View::Changelog || entry.epoch == self.epoch;
            if appended_only && entry.version != u64::MAX {
                let new = self.ordered(sel, self.candidates(sel.view, entry.rows));
                let sorter = Sorter::new(&self.columns, &sel.sort, &new);
                let ids = Arc::make_mut(&mut entry.ids);
                match sorter {
                    Some(s) => s.merge(ids, &new),
                    None => ids.extend_from_slice(&new),
                }
            } else {
                entry.ids = Arc::new(self.ordered(sel, self.candidates(sel.view, 0)));
            }
            entry.version = self.version;
            entry.rows = rows;
            entry.epoch = self.epoch;
        }
        let ids = Arc::clone(&entry.ids);
        self.cache.entries.push(entry);
        if self.cache.entries.len() > CACHED {
            self.cache.entries.remove(0);
        }
        Ok(ids)
    }

    /// Drops every cached order (to free memory; the next read recomputes).
    pub fn forget_orders(&mut self) {
        self.cache.entries.clear();
    }

    /// Rows `offset..offset + limit` of a selection, with the total that match its filters.
    pub fn window(&mut self, q: &WindowQuery) -> Result<Window, ResultError> {
        let ids = self.row_ids(&q.selection)?;
        let total = ids.len() as u64;
        let start = q.offset.min(total) as usize;
        let end = q.offset.saturating_add(q.limit).min(total) as usize;
        let rows = ids[start..end]
            .iter()
            .enumerate()
            .map(|(k, &id)| WindowRow {
                index: (start + k) as u64,
                row: id,
                kind: ChangeKind::from_u8(self.kinds.get(id as usize)),
                cells: self.columns.iter().map(|c| c.cell(id as usize)).collect(),
            })
            .collect();
        Ok(Window {
            total,
            offset: q.offset,
            version: self.version,
            rows,
        })
    }

    /// The rows of a selection as JSON values (decimals and non-finite floats as strings; use
    /// [`ResultSet::row_json`] for exact decimal numbers).
    pub fn rows(
        &mut self,
        sel: &Selection,
    ) -> Result<impl Iterator<Item = Vec<Value>> + '_, ResultError> {
        let ids = self.row_ids(sel)?;
        let this = &*self;
        Ok((0..ids.len()).map(move |i| this.row_values(ids[i]).unwrap_or_default()))
    }

    /// The values of physical row `row` as JSON values, as [`ResultSet::rows`] gives them.
    pub fn row_values(&self, row: RowId) -> Option<Vec<Value>> {
        let r = row as usize;
        (r < self.kinds.len()).then(|| self.columns.iter().map(|c| c.json_value(r)).collect())
    }

    /// Physical rows of a view from `from` on, in the view's own order.
    fn candidates(&self, view: View, from: usize) -> Vec<RowId> {
        let rows = self.kinds.len();
        match view {
            View::Changelog => (from as u32..rows as u32).collect(),
            View::Materialized if self.order.is_none() || from > 0 => {
                // Rows appended since `from` have positions after every older live row.
                self.live.ones_from(from).map(|r| r as u32).collect()
            }
            View::Materialized => {
                // Positions are unique among live rows and below the row count: place by position.
                let mut slots = vec![u32::MAX; rows];
                for r in self.live.ones_from(0) {
                    slots[self.position(r) as usize] = r as u32;
                }
                slots.retain(|&r| r != u32::MAX);
                slots
            }
        }
    }

    /// Filters and sorts candidates (in view order) into display order.
    fn ordered(&self, sel: &Selection, mut ids: Vec<RowId>) -> Vec<RowId> {
        if !sel.filters.is_empty() {
            let prepared: Vec<Prepared> = sel
                .filters
                .iter()
                .map(|f| Prepared::new(&self.columns[f.column], f))
                .collect();
            let mut scratch = Scratch::default();
            ids.retain(|&id| {
                prepared
                    .iter()
                    .all(|p| p.matches(id as usize, &mut scratch))
            });
        }
        if let Some(s) = Sorter::new(&self.columns, &sel.sort, &ids) {
            s.sort(&mut ids);
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{push_all, set, texts};
    use crate::{
        Cell, ChangeKind::*, Filter, FilterOp, ResultError, Selection, SortKey, View, WindowQuery,
    };
    use serde_json::json;

    fn q(view: View, offset: u64, limit: u64) -> WindowQuery {
        WindowQuery {
            selection: Selection::of(view),
            offset,
            limit,
        }
    }

    #[test]
    fn windows_at_the_edges() {
        let mut rs = set(&["INT"]);
        for i in 0..10 {
            rs.push(Insert, &[json!(i)]).unwrap();
        }
        let w = rs.window(&q(View::Materialized, 8, 5)).unwrap();
        assert_eq!((w.total, w.offset, w.rows.len()), (10, 8, 2));
        assert_eq!(w.rows[0].index, 8);
        assert_eq!(w.rows[1].cells, vec![Cell::Int(9)]);
        let w = rs.window(&q(View::Materialized, 10, 5)).unwrap();
        assert_eq!((w.total, w.rows.len()), (10, 0));
        let w = rs
            .window(&q(View::Materialized, u64::MAX, u64::MAX))
            .unwrap();
        assert_eq!((w.total, w.rows.len()), (10, 0));
        let w = rs.window(&q(View::Changelog, 0, 0)).unwrap();
        assert_eq!((w.total, w.rows.len()), (10, 0));
        let w = rs.window(&q(View::Changelog, 0, 3)).unwrap();
        assert_eq!(
            w.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert_eq!(w.version, 10);
        let empty = set(&["INT"]).window(&q(View::Materialized, 0, 10)).unwrap();
        assert_eq!((empty.total, empty.rows.len()), (0, 0));
    }

    #[test]
    fn unknown_columns_are_errors() {
        let mut rs = set(&["INT"]);
        let mut query = q(View::Materialized, 0, 1);
        query.selection.sort.push(SortKey {
            column: 3,
            descending: false,
        });
        assert!(matches!(
            rs.window(&query),
            Err(ResultError::NoSuchColumn {
                column: 3,
                columns: 1
            })
        ));
        let mut query = q(View::Materialized, 0, 1);
        query.selection.filters.push(Filter {
            column: 1,
            op: FilterOp::IsNull,
            value: String::new(),
        });
        assert!(rs.window(&query).is_err());
        assert_eq!(rs.cell(0, 0), None);
        assert_eq!(rs.cell_text(0, 5), None);
    }

    #[test]
    fn cached_orders_follow_appends_and_retractions() {
        let mut rs = set(&["STRING", "INT"]);
        let sel = Selection {
            view: View::Materialized,
            sort: vec![SortKey {
                column: 1,
                descending: true,
            }],
            filters: vec![Filter {
                column: 0,
                op: FilterOp::Contains,
                value: "K".into(),
            }],
        };
        let changelog = Selection {
            view: View::Changelog,
            ..sel.clone()
        };
        let check = |rs: &mut crate::ResultSet| {
            // The cached answer equals one computed from scratch.
            for s in [&sel, &changelog] {
                let cached = rs.row_ids(s).unwrap();
                rs.cache.entries.clear();
                assert_eq!(cached, rs.row_ids(s).unwrap());
            }
        };
        for i in 0..40 {
            rs.push(Insert, &[json!(format!("k{}", i % 7)), json!(i % 5)])
                .unwrap();
            if i % 9 == 0 {
                rs.row_ids(&sel).unwrap();
                rs.row_ids(&changelog).unwrap();
            }
        }
        check(&mut rs);
        rs.row_ids(&sel).unwrap();
        push_all(
            &mut rs,
            &[
                (UpdateBefore, vec![json!("k1"), json!(1)]),
                (UpdateAfter, vec![json!("k1"), json!(9)]),
                (Insert, vec![json!("x"), json!(9)]),
                (Insert, vec![json!("k9"), json!(9)]),
            ],
        );
        check(&mut rs);
        let top = texts(&mut rs, &sel);
        assert_eq!(top[0], vec!["k1", "9"]);
        assert_eq!(top[1], vec!["k9", "9"]);
        assert_eq!(top.len(), 41);
        let rows: Vec<_> = rs.rows(&sel).unwrap().take(1).collect();
        assert_eq!(rows, vec![vec![json!("k1"), json!(9)]]);
        assert_eq!(rs.row_values(999), None);
    }
}
