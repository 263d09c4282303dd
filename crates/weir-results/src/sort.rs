//! Sorting row ids by one or more columns: NULLs first (last when descending), then values that
//! did not fit the class (as text), then values, numerically for numeric classes; ties keep the
//! view's order.

use crate::column::{Column, Presence, Scratch};
use crate::decimal;
use crate::query::{RowId, SortKey};
use crate::spec::ValueClass;
use std::cmp::Ordering;

/// Float order for sorting and filtering: `-0.0 = 0.0`, NaN above everything and equal to NaN.
pub(crate) fn float_cmp(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b)
        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
}

/// An order-preserving u64 for a float under [`float_cmp`] (`-0.0` as `0.0`, one NaN on top).
fn float_key(x: f64) -> u64 {
    let x = if x == 0.0 {
        0.0
    } else if x.is_nan() {
        f64::NAN
    } else {
        x
    };
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Sorts non-NULL text rows stably by their bytes, 8 bytes at a time: rows are keyed by the
/// slice at `offset` and how much of them is left (at most 8, or 9 for "continues"), and each
/// group of rows that continue with the same slice is refined at the next offset.
fn sort_text(c: &Column, desc: bool, values: &mut [RowId]) {
    let mut work = vec![(0usize, values.len(), 0usize)];
    let mut keyed: Vec<(u64, u8, u32)> = Vec::new();
    while let Some((start, end, offset)) = work.pop() {
        let run = &mut values[start..end];
        keyed.clear();
        keyed.extend((0u32..).zip(run.iter()).map(|(i, &id)| {
            let b = c.bytes_at(id as usize);
            let tail = b.get(offset..).unwrap_or_default();
            let mut p = [0u8; 8];
            let n = tail.len().min(8);
            p[..n].copy_from_slice(&tail[..n]);
            let left = tail.len().min(9) as u8;
            let slice = u64::from_be_bytes(p);
            if desc {
                (!slice, 9 - left, i)
            } else {
                (slice, left, i)
            }
        }));
        keyed.sort_unstable();
        let sorted: Vec<RowId> = keyed.iter().map(|e| run[e.2 as usize]).collect();
        run.copy_from_slice(&sorted);
        let continues = if desc { 0 } else { 9 };
        let mut i = 0;
        while i < keyed.len() {
            let mut j = i + 1;
            while j < keyed.len() && keyed[j].0 == keyed[i].0 && keyed[j].1 == keyed[i].1 {
                j += 1;
            }
            if j - i > 1 && keyed[i].1 == continues {
                work.push((start + i, start + j, offset + 8));
            }
            i = j;
        }
    }
}

/// Decimal values as f64 for the ids `base..base + values.len()`.
struct Approx {
    base: usize,
    values: Vec<f64>,
}

impl Approx {
    #[inline]
    fn of(&self, row: usize) -> f64 {
        self.values[row - self.base]
    }
}

/// One sort key over its column.
struct Key<'a> {
    col: &'a Column,
    desc: bool,
    /// For decimals: each sorted row's value as f64, by physical id from the smallest sorted id.
    /// Parsing is monotonic, so unequal approximations order their decimals; equal ones fall back
    /// to the exact compare.
    approx: Option<Approx>,
    /// For decimals: every value has at most 15 digits, so equal approximations mean equal values.
    approx_exact: bool,
}

/// Compares rows by a list of sort keys.
pub(crate) struct Sorter<'a> {
    keys: Vec<Key<'a>>,
}

impl<'a> Sorter<'a> {
    /// A sorter for `keys`, prepared for sorting `ids`; `None` when there are no keys.
    pub(crate) fn new(columns: &'a [Column], keys: &[SortKey], ids: &[RowId]) -> Option<Self> {
        if keys.is_empty() {
            return None;
        }
        let base = ids.iter().min().map_or(0, |&m| m as usize);
        let len = ids.iter().max().map_or(0, |&m| m as usize + 1 - base);
        let keys = keys
            .iter()
            .map(|k| {
                let col = &columns[k.column];
                let mut approx_exact = true;
                let approx = (col.class == ValueClass::Decimal).then(|| {
                    let mut a = vec![0.0; len];
                    for &id in ids {
                        let id = id as usize;
                        if col.presence(id) == Presence::Value {
                            let b = col.bytes_at(id);
                            approx_exact &= b.iter().filter(|c| c.is_ascii_digit()).count() <= 15;
                            a[id - base] = std::str::from_utf8(b)
                                .ok()
                                .and_then(|s| s.parse().ok())
                                .unwrap_or(0.0);
                        }
                    }
                    Approx { base, values: a }
                });
                Key {
                    col,
                    desc: k.descending,
                    approx,
                    approx_exact,
                }
            })
            .collect();
        Some(Sorter { keys })
    }

    /// Sorts ids stably (ties keep their order).
    ///
    /// The first key is reduced to order-preserving u64s sorted with the input position as
    /// tie-break (one random access per row instead of per comparison): the value itself for
    /// ints, floats and booleans, an f64 approximation for decimals, and 8-byte slices of text,
    /// refined slice by slice. Only rows still tied are compared in full.
    pub(crate) fn sort(&self, ids: &mut [RowId]) {
        let k = &self.keys[0];
        let c = k.col;
        if c.has_odd() {
            ids.sort_by(|&a, &b| self.cmp(a as usize, b as usize, true));
            return;
        }
        let (mut values, nulls): (Vec<RowId>, Vec<RowId>) = ids
            .iter()
            .partition(|&&id| c.presence(id as usize) != Presence::Null);
        if matches!(c.class, ValueClass::Text | ValueClass::Nested) {
            sort_text(c, k.desc, &mut values);
            if self.keys.len() > 1 {
                self.sort_ties(&mut values, |a, b| c.bytes_at(a) == c.bytes_at(b));
            }
        } else {
            let key = |r: usize| -> u64 {
                let key = match c.class {
                    ValueClass::Bool => u64::from(c.bool_at(r)),
                    ValueClass::Int => (c.int_at(r) as u64) ^ (1 << 63),
                    ValueClass::Float => float_key(c.float_at(r)),
                    _ => k.approx.as_ref().map_or(0, |v| float_key(v.of(r))),
                };
                if k.desc {
                    !key
                } else {
                    key
                }
            };
            let mut keyed: Vec<(u64, u32)> = (0u32..)
                .zip(values.iter())
                .map(|(pos, &id)| (key(id as usize), pos))
                .collect();
            keyed.sort_unstable();
            values = keyed.iter().map(|&(_, p)| values[p as usize]).collect();
            let exact = c.class != ValueClass::Decimal || k.approx_exact;
            if !exact || self.keys.len() > 1 {
                self.sort_ties(&mut values, |a, b| key(a) == key(b));
            }
        }
        let (first, second) = if k.desc {
            (values, nulls)
        } else {
            (nulls, values)
        };
        ids[..first.len()].copy_from_slice(&first);
        ids[first.len()..].copy_from_slice(&second);
    }

    /// Sorts each run of rows that `tied` says are equal on the first key by all keys, stably.
    fn sort_ties(&self, values: &mut [RowId], tied: impl Fn(usize, usize) -> bool) {
        let mut start = 0;
        while start < values.len() {
            let mut end = start + 1;
            while end < values.len() && tied(values[start] as usize, values[end] as usize) {
                end += 1;
            }
            if end - start > 1 {
                values[start..end].sort_by(|&a, &b| self.cmp(a as usize, b as usize, true));
            }
            start = end;
        }
    }

    /// Merges sorted `new` ids into sorted `ids`, in place; on ties old ids come first. Each new
    /// id's place is found by binary search, so k appended rows cost O(k log n) comparisons and
    /// one pass of moves.
    pub(crate) fn merge(&self, ids: &mut Vec<RowId>, new: &[RowId]) {
        let mut places = Vec::with_capacity(new.len());
        let mut from = 0;
        for &n in new {
            from += ids[from..]
                .partition_point(|&o| self.cmp(o as usize, n as usize, false) != Ordering::Greater);
            places.push(from);
        }
        let old_len = ids.len();
        ids.resize(old_len + new.len(), 0);
        let mut end = old_len;
        for (j, (&p, &n)) in places.iter().zip(new).enumerate().rev() {
            ids.copy_within(p..end, p + j + 1);
            ids[p + j] = n;
            end = p;
        }
    }

    /// Compares two rows; `approx` only when both rows were among those given to `new`.
    fn cmp(&self, a: usize, b: usize, approx: bool) -> Ordering {
        for k in &self.keys {
            let o = key_cmp(k, a, b, approx);
            if o != Ordering::Equal {
                return if k.desc { o.reverse() } else { o };
            }
        }
        Ordering::Equal
    }
}

fn key_cmp(k: &Key, a: usize, b: usize, approx: bool) -> Ordering {
    let c = k.col;
    let (pa, pb) = (c.presence(a), c.presence(b));
    if pa != pb {
        return pa.cmp(&pb);
    }
    match pa {
        Presence::Null => Ordering::Equal,
        Presence::Odd => {
            let mut s = Scratch::default();
            let ta = c.display(a, &mut s).unwrap_or_default().to_string();
            ta.as_str().cmp(c.display(b, &mut s).unwrap_or_default())
        }
        Presence::Value => match c.class {
            ValueClass::Bool => c.bool_at(a).cmp(&c.bool_at(b)),
            ValueClass::Int => c.int_at(a).cmp(&c.int_at(b)),
            ValueClass::Float => float_cmp(c.float_at(a), c.float_at(b)),
            ValueClass::Decimal => {
                let rough = match (&k.approx, approx) {
                    (Some(v), true) => float_cmp(v.of(a), v.of(b)),
                    _ => Ordering::Equal,
                };
                rough.then_with(|| {
                    decimal::cmp(c.bytes_at(a), c.bytes_at(b)).unwrap_or(Ordering::Equal)
                })
            }
            ValueClass::Text | ValueClass::Nested => c.bytes_at(a).cmp(c.bytes_at(b)),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{push_all, set, texts};
    use crate::{ChangeKind::*, Selection, SortKey, View};
    use serde_json::{json, Value};

    /// Column `col` of a materialized view sorted by `keys`.
    fn sorted(
        types: &[&str],
        rows: &[Vec<Value>],
        keys: &[(usize, bool)],
        col: usize,
    ) -> Vec<String> {
        let mut rs = set(types);
        let rows: Vec<_> = rows.iter().map(|r| (Insert, r.clone())).collect();
        push_all(&mut rs, &rows);
        let sel = Selection {
            view: View::Materialized,
            sort: keys
                .iter()
                .map(|&(column, descending)| SortKey { column, descending })
                .collect(),
            filters: vec![],
        };
        texts(&mut rs, &sel)
            .into_iter()
            .map(|r| r[col].clone())
            .collect()
    }

    fn one(t: &str, values: &[Value], desc: bool) -> Vec<String> {
        let rows: Vec<_> = values.iter().map(|v| vec![v.clone()]).collect();
        sorted(&[t], &rows, &[(0, desc)], 0)
    }

    #[test]
    fn each_class_sorts_by_value_nulls_first() {
        let ints = [json!(10), json!(null), json!(-2), json!(3)];
        assert_eq!(one("INT", &ints, false), ["", "-2", "3", "10"]);
        assert_eq!(one("INT", &ints, true), ["10", "3", "-2", ""]);
        let floats = [
            json!(2.5),
            json!("NaN"),
            json!(null),
            json!("-Infinity"),
            json!(-1),
        ];
        assert_eq!(
            one("DOUBLE", &floats, false),
            ["", "-Infinity", "-1.0", "2.5", "NaN"]
        );
        let decs = [
            json!("10.00"),
            json!("9.5"),
            json!(null),
            json!("-0.10"),
            json!("12345678901234567890.123456789"),
            json!("12345678901234567890.123456788"),
        ];
        assert_eq!(
            one("DECIMAL(38, 9)", &decs, false),
            [
                "",
                "-0.10",
                "9.5",
                "10.00",
                "12345678901234567890.123456788",
                "12345678901234567890.123456789"
            ]
        );
        let texts = [json!("b"), json!("B"), json!("a"), json!(null), json!("é")];
        assert_eq!(one("STRING", &texts, false), ["", "B", "a", "b", "é"]);
        let bools = [json!(true), json!(null), json!(false)];
        assert_eq!(one("BOOLEAN", &bools, false), ["", "false", "true"]);
        let nested = [json!([2]), json!([1, 2]), json!(null)];
        assert_eq!(one("ARRAY<INT>", &nested, false), ["", "[1,2]", "[2]"]);
    }

    #[test]
    fn odd_cells_sort_between_nulls_and_values() {
        let vals = [json!(5), json!("zz"), json!(null), json!("aa"), json!(1)];
        assert_eq!(one("INT", &vals, false), ["", "aa", "zz", "1", "5"]);
    }

    #[test]
    fn sort_is_stable_and_multi_key() {
        let rows: Vec<Vec<Value>> = [
            ("x", 2, 0),
            ("y", 1, 1),
            ("z", 2, 2),
            ("w", 1, 3),
            ("v", 2, 4),
        ]
        .iter()
        .map(|&(s, k, n)| vec![json!(s), json!(k), json!(n)])
        .collect();
        let types = ["STRING", "INT", "INT"];
        assert_eq!(
            sorted(&types, &rows, &[(1, false)], 0),
            ["y", "w", "x", "z", "v"]
        );
        // Descending keeps ties in view order too.
        assert_eq!(
            sorted(&types, &rows, &[(1, true)], 0),
            ["x", "z", "v", "y", "w"]
        );
        assert_eq!(
            sorted(&types, &rows, &[(1, true), (0, false)], 0),
            ["v", "x", "z", "w", "y"]
        );
        assert_eq!(
            sorted(&types, &rows, &[(2, true)], 0),
            ["v", "w", "z", "y", "x"]
        );
    }

    #[test]
    fn fast_sort_agrees_with_full_comparison() {
        let types = [
            "BOOLEAN",
            "BIGINT",
            "DOUBLE",
            "DECIMAL(20, 2)",
            "STRING",
            "ARRAY<INT>",
        ];
        let mut rs = set(&types);
        let mut x: u64 = 7;
        for i in 0..600u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = x >> 33;
            let null = |v: Value| if r % 11 == i % 3 { Value::Null } else { v };
            let float = match r % 9 {
                0 => json!("NaN"),
                1 => json!(-0.0),
                2 => json!(0.0),
                3 => json!("-Infinity"),
                _ => json!((r % 50) as f64 / 4.0 - 6.0),
            };
            let row = vec![
                null(json!(r.is_multiple_of(2))),
                null(json!((r % 40) as i64 - 20)),
                null(float),
                null(json!(format!("{}.{}", (r % 30) as i64 - 15, r % 7))),
                null(json!(format!("common-prefix-{}", r % 37))),
                null(json!([r % 5, r % 3])),
            ];
            rs.push(crate::ChangeKind::Insert, &row).unwrap();
        }
        let ids: Vec<u32> = (0..600).rev().collect();
        for c in 0..types.len() {
            for desc in [false, true] {
                for extra in [None, Some(1), Some(4)] {
                    let mut keys = vec![SortKey {
                        column: c,
                        descending: desc,
                    }];
                    keys.extend(extra.map(|column| SortKey {
                        column,
                        descending: !desc,
                    }));
                    let s = super::Sorter::new(&rs.columns, &keys, &ids).unwrap();
                    let mut fast = ids.clone();
                    s.sort(&mut fast);
                    let mut full = ids.clone();
                    full.sort_by(|&a, &b| s.cmp(a as usize, b as usize, false));
                    assert_eq!(fast, full, "column {c} desc {desc} then {extra:?}");
                }
            }
        }
    }

    #[test]
    fn text_sort_handles_shared_prefixes_and_zero_bytes() {
        let words = [
            "",
            "a",
            "a\u{0}",
            "a\u{0}\u{0}",
            "ab",
            "abcdefgh",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\u{0}",
            "abcdefghabcdefgh",
            "abcdefghabcdefgh!",
            "é",
            "z",
            "abcdefgh",
            "",
            "ÿÿÿÿÿÿÿÿÿ",
        ];
        let mut rs = set(&["STRING", "INT"]);
        for (i, w) in words.iter().enumerate() {
            rs.push(crate::ChangeKind::Insert, &[json!(w), json!(i % 3)])
                .unwrap();
        }
        let ids: Vec<u32> = (0..words.len() as u32).collect();
        for desc in [false, true] {
            for keys in [
                vec![SortKey {
                    column: 0,
                    descending: desc,
                }],
                vec![
                    SortKey {
                        column: 0,
                        descending: desc,
                    },
                    SortKey {
                        column: 1,
                        descending: true,
                    },
                ],
            ] {
                let s = super::Sorter::new(&rs.columns, &keys, &ids).unwrap();
                let mut fast = ids.clone();
                s.sort(&mut fast);
                let mut full = ids.clone();
                full.sort_by(|&a, &b| s.cmp(a as usize, b as usize, false));
                assert_eq!(fast, full, "{keys:?}");
            }
        }
    }

    #[test]
    fn changelog_sorts_too() {
        let mut rs = set(&["INT"]);
        push_all(
            &mut rs,
            &[
                (Insert, vec![json!(3)]),
                (Delete, vec![json!(3)]),
                (Insert, vec![json!(1)]),
            ],
        );
        let sel = Selection {
            view: View::Changelog,
            sort: vec![SortKey {
                column: 0,
                descending: false,
            }],
            filters: vec![],
        };
        let ids = rs.row_ids(&sel).unwrap();
        assert_eq!(*ids, vec![2, 0, 1]);
    }
}
