//! Applying changes: storing every pushed row, and keeping the materialized view (live rows, the
//! content index that finds the row a retraction removes, display positions kept by updates).

use crate::chunked::ChunkedVec;
use crate::query::PushOutcome;
use crate::spec::ChangeKind;
use crate::{ResultError, ResultSet};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// End of a chain.
const NONE: u32 = u32::MAX;

/// Keys of the index are already hashes: spread them for the table's top bits, hash nothing more.
#[derive(Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, h: u32) {
        self.0 = u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Live rows by content: a 32-bit content hash maps to the newest live row with that hash, and
/// each row links to the next older one (so identical rows cost one table entry, and retracting
/// one of many identical rows is O(1)).
#[derive(Debug)]
pub(crate) struct Index {
    heads: HashMap<u32, u32, BuildHasherDefault<Spread>>,
    next: ChunkedVec<u32>,
}

impl std::fmt::Debug for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spread")
    }
}

impl Index {
    pub(crate) fn heap_bytes(&self) -> usize {
        // hashbrown: one (u32, u32) slot and one control byte per bucket, buckets ≈ capacity × 8/7.
        self.heads.capacity() * 8 / 7 * 9 + self.next.heap_bytes()
    }
}

impl ResultSet {
    /// Stores one change and applies it to the materialized view.
    ///
    /// Fails only when the row does not have one field per column; a value that does not fit
    /// its column is kept as text and counted (see [`ResultSet::mismatches`]).
    pub fn push(&mut self, kind: ChangeKind, fields: &[Value]) -> Result<PushOutcome, ResultError> {
        self.received += 1;
        if fields.len() != self.columns.len() {
            return Err(ResultError::FieldCount {
                row: self.received,
                expected: self.columns.len(),
                got: fields.len(),
            });
        }
        if self.kinds.len() >= self.cap {
            self.dropped += 1;
            return Ok(PushOutcome::Dropped);
        }
        let id = self.kinds.len();
        for (col, v) in self.columns.iter_mut().zip(fields) {
            if col.push(id as u32, v, &mut self.json_buf) {
                self.mismatches += 1;
            }
        }
        self.kinds.push(kind.to_u8());
        self.live.push(false);
        if let Some(o) = &mut self.order {
            o.push(id as u32);
        }
        if let Some(ix) = &mut self.index {
            ix.next.push(NONE);
        }
        self.version += 1;
        if kind.is_addition() {
            self.add(id, kind);
        } else {
            self.retract(id, kind);
        }
        Ok(if self.kinds.len() >= self.cap {
            PushOutcome::Full
        } else {
            PushOutcome::Stored
        })
    }

    /// `+I` / `+U`: the row goes live, at a position a `-U` freed if one is waiting.
    fn add(&mut self, id: usize, kind: ChangeKind) {
        self.live.set(id, true);
        self.live_count += 1;
        if kind == ChangeKind::UpdateAfter {
            if let Some(pos) = self.pending.pop_front() {
                let rows = self.kinds.len();
                let order = self.order.get_or_insert_with(|| {
                    let mut o = ChunkedVec::new();
                    for r in 0..rows {
                        o.push(r as u32);
                    }
                    o
                });
                order.set(id, pos);
                self.epoch += 1;
            }
        }
        if self.index.is_some() {
            let h = self.row_hash(id);
            if let Some(ix) = &mut self.index {
                let head = ix.heads.entry(h).or_insert(NONE);
                ix.next.set(id, *head);
                *head = id as u32;
            }
        }
    }

    /// `-U` / `-D`: removes one live row with the same content, if any.
    fn retract(&mut self, id: usize, kind: ChangeKind) {
        if self.index.is_none() {
            self.build_index();
        }
        let h = self.row_hash(id);
        let Some(ix) = &self.index else { return };
        let mut prev = NONE;
        let mut cur = ix.heads.get(&h).copied().unwrap_or(NONE);
        while cur != NONE && !self.same_row(cur as usize, id) {
            prev = cur;
            cur = ix.next.get(cur as usize);
        }
        if cur == NONE {
            self.unmatched += 1;
            return;
        }
        let after = ix.next.get(cur as usize);
        if let Some(ix) = &mut self.index {
            if prev != NONE {
                ix.next.set(prev as usize, after);
            } else if after != NONE {
                ix.heads.insert(h, after);
            } else {
                ix.heads.remove(&h);
            }
        }
        let m = cur as usize;
        self.live.set(m, false);
        self.live_count -= 1;
        self.epoch += 1;
        if kind == ChangeKind::UpdateBefore {
            self.pending.push_back(self.position(m));
        }
    }

    /// Indexes every live row; done once, at the first retraction, so append-only results never
    /// pay for the index.
    fn build_index(&mut self) {
        let rows = self.kinds.len();
        let mut ix = Index {
            heads: HashMap::with_capacity_and_hasher(self.live_count as usize, Default::default()),
            next: ChunkedVec::new(),
        };
        for _ in 0..rows {
            ix.next.push(NONE);
        }
        for r in self.live.ones_from(0) {
            let h = self.row_hash(r);
            let head = ix.heads.entry(h).or_insert(NONE);
            ix.next.set(r, *head);
            *head = r as u32;
        }
        self.index = Some(ix);
    }

    fn row_hash(&self, row: usize) -> u32 {
        let mut h = foldhash::fast::FixedState::with_seed(0x5745_4952).build_hasher();
        for c in &self.columns {
            c.hash_cell(row, &mut h);
        }
        let h = h.finish();
        (h ^ (h >> 32)) as u32
    }

    fn same_row(&self, a: usize, b: usize) -> bool {
        self.columns.iter().all(|c| c.same(a, b))
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{push_all, set, texts};
    use crate::{ChangeKind::*, PushOutcome, ResultError, Selection, View};
    use serde_json::json;

    #[test]
    fn streaming_group_by_changelog() {
        let mut rs = set(&["STRING", "BIGINT"]);
        push_all(
            &mut rs,
            &[
                (Insert, vec![json!("a"), json!(1)]),
                (UpdateBefore, vec![json!("a"), json!(1)]),
                (UpdateAfter, vec![json!("a"), json!(2)]),
                (Insert, vec![json!("b"), json!(1)]),
                (Delete, vec![json!("b"), json!(1)]),
            ],
        );
        assert_eq!(rs.len(View::Materialized), 1);
        assert_eq!(rs.len(View::Changelog), 5);
        assert_eq!(
            texts(&mut rs, &Selection::of(View::Materialized)),
            vec![vec!["a", "2"]]
        );
        let ids = rs.row_ids(&Selection::of(View::Changelog)).unwrap();
        let kinds: Vec<_> = ids.iter().map(|&i| rs.kind(i).unwrap()).collect();
        assert_eq!(
            kinds,
            vec![Insert, UpdateBefore, UpdateAfter, Insert, Delete]
        );
        assert_eq!(
            texts(&mut rs, &Selection::of(View::Changelog))[4],
            vec!["b", "1"]
        );
        assert_eq!(rs.unmatched_retractions(), 0);
        assert_eq!(rs.version(), 5);
    }

    #[test]
    fn updates_keep_their_place() {
        let mut rs = set(&["STRING", "INT"]);
        push_all(
            &mut rs,
            &[
                (Insert, vec![json!("a"), json!(1)]),
                (Insert, vec![json!("b"), json!(1)]),
                (Insert, vec![json!("c"), json!(1)]),
                (UpdateBefore, vec![json!("a"), json!(1)]),
                (UpdateAfter, vec![json!("a"), json!(2)]),
                (UpdateBefore, vec![json!("a"), json!(2)]),
                (UpdateAfter, vec![json!("a"), json!(3)]),
                // Two retractions before their updates: positions are taken in order.
                (UpdateBefore, vec![json!("c"), json!(1)]),
                (UpdateBefore, vec![json!("b"), json!(1)]),
                (UpdateAfter, vec![json!("c"), json!(5)]),
                (UpdateAfter, vec![json!("b"), json!(5)]),
                // A +U with no waiting position goes last.
                (UpdateAfter, vec![json!("d"), json!(1)]),
                (Insert, vec![json!("e"), json!(1)]),
                (Delete, vec![json!("a"), json!(3)]),
            ],
        );
        let got: Vec<String> = texts(&mut rs, &Selection::of(View::Materialized))
            .into_iter()
            .map(|r| r.join("="))
            .collect();
        assert_eq!(got, vec!["b=5", "c=5", "d=1", "e=1"]);
    }

    #[test]
    fn duplicates_and_unmatched_retractions() {
        let mut rs = set(&["STRING", "DOUBLE"]);
        push_all(
            &mut rs,
            &[
                (Insert, vec![json!("x"), json!(1.5)]),
                (Insert, vec![json!("x"), json!(1.5)]),
                (Insert, vec![json!("y"), json!("NaN")]),
                (Delete, vec![json!("z"), json!(1.5)]),
                (UpdateBefore, vec![json!("x"), json!(2.5)]),
                (Delete, vec![json!("x"), json!(1.5)]),
                (Delete, vec![json!("y"), json!("NaN")]),
            ],
        );
        assert_eq!(rs.unmatched_retractions(), 2);
        assert_eq!(rs.len(View::Materialized), 1);
        assert_eq!(
            texts(&mut rs, &Selection::of(View::Materialized)),
            vec![vec!["x", "1.5"]]
        );
        // The unmatched -U left no position waiting: this +U goes last.
        rs.push(UpdateAfter, &[json!("w"), json!(0)]).unwrap();
        assert_eq!(
            texts(&mut rs, &Selection::of(View::Materialized))[1],
            vec!["w", "0.0"]
        );
        // Retractions of rows with NULL and mismatched cells match too.
        rs.push(Insert, &[json!(null), json!("oops")]).unwrap();
        rs.push(Delete, &[json!(null), json!("oops")]).unwrap();
        assert_eq!(rs.len(View::Materialized), 2);
        assert_eq!(rs.unmatched_retractions(), 2);
        assert_eq!(rs.mismatches(), 2);
    }

    #[test]
    fn cap_truncates_and_says_so() {
        let mut rs = crate::ResultSet::new(vec![crate::ColumnSpec::new("n", "INT")], 3);
        let outcomes: Vec<PushOutcome> = (0..5)
            .map(|i| rs.push(Insert, &[json!(i)]).unwrap())
            .collect();
        use PushOutcome::*;
        assert_eq!(outcomes, vec![Stored, Stored, Full, Dropped, Dropped]);
        assert!(outcomes[2].cap_reached() && !outcomes[0].cap_reached());
        assert_eq!(rs.truncated(), Some(3));
        assert_eq!(rs.dropped(), 2);
        assert_eq!(rs.len(View::Changelog), 3);
        assert_eq!(rs.version(), 3);
        let st = rs.stats();
        assert_eq!(
            (st.changes, st.live, st.dropped, st.truncated),
            (3, 3, 2, Some(3))
        );
        let open = crate::ResultSet::new(vec![crate::ColumnSpec::new("n", "INT")], 3);
        assert_eq!(open.truncated(), None);
    }

    #[test]
    fn wrong_field_count_is_an_error() {
        let mut rs = set(&["INT", "STRING"]);
        rs.push(Insert, &[json!(1), json!("a")]).unwrap();
        let err = rs.push(Insert, &[json!(1)]).unwrap_err();
        assert!(matches!(
            err,
            ResultError::FieldCount {
                row: 2,
                expected: 2,
                got: 1
            }
        ));
        assert!(err
            .to_string()
            .contains("row 2 has 1 fields but the result has 2 columns"));
        assert_eq!(rs.len(View::Changelog), 1);
        assert_eq!(rs.version(), 1);
    }

    #[test]
    fn mismatched_values_do_not_panic() {
        let mut rs = set(&["INT", "DECIMAL(5, 2)", "BOOLEAN", "ARRAY<INT>"]);
        rs.push(Insert, &[json!("abc"), json!("1,5"), json!(1), json!("x")])
            .unwrap();
        rs.push(Insert, &[json!(1), json!("1.50"), json!(true), json!([1])])
            .unwrap();
        assert_eq!(rs.mismatches(), 3);
        assert_eq!(
            texts(&mut rs, &Selection::of(View::Materialized)),
            vec![
                vec!["abc", "1,5", "1", "\"x\""],
                vec!["1", "1.50", "true", "[1]"]
            ]
        );
    }

    #[test]
    fn many_identical_rows_retract_quickly() {
        let mut rs = crate::ResultSet::new(vec![crate::ColumnSpec::new("n", "INT")], 1_000_000);
        rs.push(Delete, &[json!(9)]).unwrap();
        for _ in 0..50_000 {
            rs.push(Insert, &[json!(1)]).unwrap();
        }
        for _ in 0..50_000 {
            rs.push(Delete, &[json!(1)]).unwrap();
        }
        assert_eq!(rs.len(View::Materialized), 0);
        assert_eq!(rs.unmatched_retractions(), 1);
    }
}
