//! One column's values, stored by class: a validity bitmap plus bits, i64s, f64s or text in an
//! arena. A value that does not fit the column's class is kept aside as its JSON value ("odd").

use crate::cell::{float_text, Cell};
use crate::chunked::{Bitmap, ChunkedVec, TextArena};
use crate::decimal;
use crate::spec::{ColumnSpec, ValueClass};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::Hasher;

/// The typed part of a column.
#[derive(Debug, Clone)]
enum Data {
    Bool(Bitmap),
    Int(ChunkedVec<i64>),
    Float(ChunkedVec<f64>),
    /// Decimal (exact text), Text, and Nested (compact JSON text).
    Text(TextArena),
}

/// What a stored cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Presence {
    Null,
    /// A value that did not fit the class, kept as JSON.
    Odd,
    Value,
}

/// Reusable buffers for display text, so reading many cells allocates nothing.
#[derive(Default)]
pub(crate) struct Scratch {
    ryu: ryu::Buffer,
    itoa: itoa::Buffer,
    text: String,
}

/// The stored values of one column.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) spec: ColumnSpec,
    pub(crate) class: ValueClass,
    /// Set where the typed data holds the cell's value.
    valid: Bitmap,
    data: Data,
    /// Cells whose value did not fit the class (or a full text chunk), by row.
    odd: HashMap<u32, Value>,
}

/// Strings Flink (Jackson) writes for non-finite doubles.
fn non_finite_from(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

impl Column {
    pub(crate) fn new(spec: ColumnSpec) -> Column {
        let class = spec.class();
        let data = match class {
            ValueClass::Bool => Data::Bool(Bitmap::default()),
            ValueClass::Int => Data::Int(ChunkedVec::new()),
            ValueClass::Float => Data::Float(ChunkedVec::new()),
            ValueClass::Decimal | ValueClass::Text | ValueClass::Nested => {
                Data::Text(TextArena::default())
            }
        };
        Column {
            spec,
            class,
            valid: Bitmap::default(),
            data,
            odd: HashMap::new(),
        }
    }

    /// Appends row `row`'s value; returns true when the value did not fit the class.
    pub(crate) fn push(&mut self, row: u32, v: &Value, json: &mut Vec<u8>) -> bool {
        match (&mut self.data, v) {
            (_, Value::Null) => {
                self.push_empty();
                false
            }
            (Data::Bool(bits), Value::Bool(b)) => {
                bits.push(*b);
                self.valid.push(true);
                false
            }
            (Data::Int(ints), Value::Number(n)) if n.as_i64().is_some() => {
                ints.push(n.as_i64().unwrap_or_default());
                self.valid.push(true);
                false
            }
            (Data::Float(floats), Value::Number(n)) if n.as_f64().is_some() => {
                floats.push(n.as_f64().unwrap_or_default());
                self.valid.push(true);
                false
            }
            (Data::Float(floats), Value::String(s)) if non_finite_from(s).is_some() => {
                floats.push(non_finite_from(s).unwrap_or_default());
                self.valid.push(true);
                false
            }
            (Data::Text(_), Value::String(s))
                if self.class == ValueClass::Text
                    || (self.class == ValueClass::Decimal
                        && decimal::is_json_number(s.as_bytes())) =>
            {
                self.push_text(row, s.as_bytes(), v);
                false
            }
            (Data::Text(_), Value::Number(n)) if self.class == ValueClass::Decimal => {
                json.clear();
                json.extend_from_slice(n.to_string().as_bytes());
                self.push_text(row, json, v);
                false
            }
            (Data::Text(_), _) if self.class == ValueClass::Nested => {
                json.clear();
                // Writing a Value to a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *json, v);
                self.push_text(row, json, v);
                false
            }
            _ => {
                self.push_empty();
                self.odd.insert(row, v.clone());
                true
            }
        }
    }

    /// Appends text, or keeps the value aside when the arena chunk is full.
    fn push_text(&mut self, row: u32, bytes: &[u8], v: &Value) {
        if let Data::Text(arena) = &mut self.data {
            if arena.fits(bytes.len()) {
                arena.push(bytes);
                self.valid.push(true);
                return;
            }
        }
        self.push_empty();
        self.odd.insert(row, v.clone());
    }

    /// Appends a placeholder with no valid value.
    fn push_empty(&mut self) {
        match &mut self.data {
            Data::Bool(bits) => bits.push(false),
            Data::Int(ints) => ints.push(0),
            Data::Float(floats) => floats.push(0.0),
            Data::Text(arena) => arena.push(b""),
        }
        self.valid.push(false);
    }

    #[inline]
    pub(crate) fn presence(&self, row: usize) -> Presence {
        if self.valid.get(row) {
            Presence::Value
        } else if !self.odd.is_empty() && self.odd.contains_key(&(row as u32)) {
            Presence::Odd
        } else {
            Presence::Null
        }
    }

    /// Whether any cell holds a value that did not fit the class.
    pub(crate) fn has_odd(&self) -> bool {
        !self.odd.is_empty()
    }

    /// The value of an odd cell.
    pub(crate) fn odd(&self, row: usize) -> Option<&Value> {
        self.odd.get(&(row as u32))
    }

    #[inline]
    pub(crate) fn bool_at(&self, row: usize) -> bool {
        matches!(&self.data, Data::Bool(b) if b.get(row))
    }

    #[inline]
    pub(crate) fn int_at(&self, row: usize) -> i64 {
        match &self.data {
            Data::Int(v) => v.get(row),
            _ => 0,
        }
    }

    #[inline]
    pub(crate) fn float_at(&self, row: usize) -> f64 {
        match &self.data {
            Data::Float(v) => v.get(row),
            _ => 0.0,
        }
    }

    #[inline]
    pub(crate) fn bytes_at(&self, row: usize) -> &[u8] {
        match &self.data {
            Data::Text(a) => a.get(row),
            _ => b"",
        }
    }

    /// The cell as the grid receives it.
    pub(crate) fn cell(&self, row: usize) -> Cell {
        match self.presence(row) {
            Presence::Null => Cell::Null,
            Presence::Odd => match self.odd(row) {
                Some(v @ (Value::Array(_) | Value::Object(_))) => Cell::Nested(v.clone()),
                Some(Value::String(s)) => Cell::Text(s.clone()),
                Some(v) => Cell::Text(v.to_string()),
                None => Cell::Null,
            },
            Presence::Value => match self.class {
                ValueClass::Bool => Cell::Bool(self.bool_at(row)),
                ValueClass::Int => Cell::Int(self.int_at(row)),
                ValueClass::Float => Cell::Float(self.float_at(row)),
                ValueClass::Decimal => Cell::Decimal(self.text_at(row).to_string()),
                ValueClass::Text => Cell::Text(self.text_at(row).to_string()),
                ValueClass::Nested => match serde_json::from_slice(self.bytes_at(row)) {
                    Ok(v) => Cell::Nested(v),
                    Err(_) => Cell::Text(self.text_at(row).to_string()),
                },
            },
        }
    }

    fn text_at(&self, row: usize) -> &str {
        std::str::from_utf8(self.bytes_at(row)).unwrap_or_default()
    }

    /// Display text of a cell (`None` for NULL), formatted into `scratch` where needed.
    pub(crate) fn display<'a>(&'a self, row: usize, scratch: &'a mut Scratch) -> Option<&'a str> {
        match self.presence(row) {
            Presence::Null => None,
            Presence::Odd => {
                scratch.text.clear();
                match self.odd(row) {
                    Some(Value::String(s)) => scratch.text.push_str(s),
                    Some(v) => scratch.text.push_str(&v.to_string()),
                    None => {}
                }
                Some(&scratch.text)
            }
            Presence::Value => Some(match self.class {
                ValueClass::Bool if self.bool_at(row) => "true",
                ValueClass::Bool => "false",
                ValueClass::Int => scratch.itoa.format(self.int_at(row)),
                ValueClass::Float => float_text(self.float_at(row), &mut scratch.ryu),
                _ => self.text_at(row),
            }),
        }
    }

    /// Appends the cell as JSON text: decimals bare with their exact digits, nested values as
    /// stored, non-finite floats as strings.
    pub(crate) fn write_json(&self, row: usize, out: &mut Vec<u8>, scratch: &mut Scratch) {
        match self.presence(row) {
            Presence::Null => out.extend_from_slice(b"null"),
            Presence::Odd => {
                if let Some(v) = self.odd(row) {
                    let _ = serde_json::to_writer(&mut *out, v);
                }
            }
            Presence::Value => match self.class {
                ValueClass::Float if !self.float_at(row).is_finite() => {
                    out.push(b'"');
                    out.extend_from_slice(crate::cell::non_finite(self.float_at(row)).as_bytes());
                    out.push(b'"');
                }
                ValueClass::Text => {
                    let _ = serde_json::to_writer(&mut *out, self.text_at(row));
                }
                ValueClass::Decimal | ValueClass::Nested => {
                    out.extend_from_slice(self.bytes_at(row))
                }
                _ => {
                    if let Some(t) = self.display(row, scratch) {
                        out.extend_from_slice(t.as_bytes());
                    }
                }
            },
        }
    }

    /// The cell as a JSON value: decimals and non-finite floats become strings (a `Value` cannot
    /// hold their exact text as a number).
    pub(crate) fn json_value(&self, row: usize) -> Value {
        match self.presence(row) {
            Presence::Null => Value::Null,
            Presence::Odd => self.odd(row).cloned().unwrap_or(Value::Null),
            Presence::Value => match self.class {
                ValueClass::Bool => Value::Bool(self.bool_at(row)),
                ValueClass::Int => Value::from(self.int_at(row)),
                ValueClass::Float => {
                    let f = self.float_at(row);
                    serde_json::Number::from_f64(f)
                        .map(Value::Number)
                        .unwrap_or_else(|| Value::String(crate::cell::non_finite(f).into()))
                }
                ValueClass::Decimal | ValueClass::Text => {
                    Value::String(self.text_at(row).to_string())
                }
                ValueClass::Nested => {
                    serde_json::from_slice(self.bytes_at(row)).unwrap_or(Value::Null)
                }
            },
        }
    }

    /// Feeds the cell's stored content to a hasher (equal cells hash equally).
    pub(crate) fn hash_cell(&self, row: usize, h: &mut impl Hasher) {
        match self.presence(row) {
            Presence::Null => h.write_u8(0),
            Presence::Odd => {
                h.write_u8(1);
                if let Some(v) = self.odd(row) {
                    h.write(v.to_string().as_bytes());
                }
            }
            Presence::Value => {
                h.write_u8(2);
                match &self.data {
                    Data::Bool(b) => h.write_u8(u8::from(b.get(row))),
                    Data::Int(v) => h.write_i64(v.get(row)),
                    Data::Float(v) => h.write_u64(v.get(row).to_bits()),
                    Data::Text(a) => {
                        let b = a.get(row);
                        h.write_usize(b.len());
                        h.write(b);
                    }
                }
            }
        }
    }

    /// Whether two rows hold the same content in this column (floats bit for bit).
    pub(crate) fn same(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (self.presence(a), self.presence(b));
        pa == pb
            && match pa {
                Presence::Null => true,
                Presence::Odd => self.odd(a) == self.odd(b),
                Presence::Value => match &self.data {
                    Data::Bool(v) => v.get(a) == v.get(b),
                    Data::Int(v) => v.get(a) == v.get(b),
                    Data::Float(v) => v.get(a).to_bits() == v.get(b).to_bits(),
                    Data::Text(v) => v.get(a) == v.get(b),
                },
            }
    }

    /// Bytes held by this column (capacities, plus an estimate for odd cells).
    pub(crate) fn heap_bytes(&self) -> usize {
        let data = match &self.data {
            Data::Bool(b) => b.heap_bytes(),
            Data::Int(v) => v.heap_bytes(),
            Data::Float(v) => v.heap_bytes(),
            Data::Text(a) => a.heap_bytes(),
        };
        let odd = self.odd.capacity() * (std::mem::size_of::<(u32, Value)>() + 1)
            + self
                .odd
                .values()
                .map(|v| match v {
                    Value::String(s) => s.capacity(),
                    Value::Array(_) | Value::Object(_) => v.to_string().len() * 2,
                    _ => 0,
                })
                .sum::<usize>();
        self.valid.heap_bytes()
            + data
            + odd
            + self.spec.name.capacity()
            + self.spec.type_name.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(t: &str, values: &[Value]) -> (Column, Vec<bool>) {
        let mut c = Column::new(ColumnSpec::new("c", t));
        let mut buf = Vec::new();
        let odd = values
            .iter()
            .enumerate()
            .map(|(i, v)| c.push(i as u32, v, &mut buf))
            .collect();
        (c, odd)
    }

    fn json_of(c: &Column, row: usize) -> String {
        let mut out = Vec::new();
        c.write_json(row, &mut out, &mut Scratch::default());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_class_round_trips() {
        let cases: Vec<(&str, Value, Cell, &str, &str)> = vec![
            ("BOOLEAN", json!(true), Cell::Bool(true), "true", "true"),
            ("INT", json!(-7), Cell::Int(-7), "-7", "-7"),
            (
                "BIGINT",
                json!(i64::MIN),
                Cell::Int(i64::MIN),
                "-9223372036854775808",
                "-9223372036854775808",
            ),
            ("DOUBLE", json!(0.1), Cell::Float(0.1), "0.1", "0.1"),
            (
                "FLOAT",
                json!("NaN"),
                Cell::Float(f64::NAN),
                "NaN",
                "\"NaN\"",
            ),
            (
                "DOUBLE",
                json!("-Infinity"),
                Cell::Float(f64::NEG_INFINITY),
                "-Infinity",
                "\"-Infinity\"",
            ),
            (
                "DECIMAL(38, 9)",
                json!("12345678901234567890.123456789"),
                Cell::Decimal("12345678901234567890.123456789".into()),
                "12345678901234567890.123456789",
                "12345678901234567890.123456789",
            ),
            (
                "DECIMAL(10, 2)",
                json!(12.5),
                Cell::Decimal("12.5".into()),
                "12.5",
                "12.5",
            ),
            (
                "STRING",
                json!("é \"q\""),
                Cell::Text("é \"q\"".into()),
                "é \"q\"",
                r#""é \"q\"""#,
            ),
            (
                "TIMESTAMP(3)",
                json!("2024-05-01 12:00:00.123"),
                Cell::Text("2024-05-01 12:00:00.123".into()),
                "2024-05-01 12:00:00.123",
                "\"2024-05-01 12:00:00.123\"",
            ),
            (
                "ROW<`a` INT, `b` STRING>",
                json!({"a": 1, "b": "x"}),
                Cell::Nested(json!({"a": 1, "b": "x"})),
                r#"{"a":1,"b":"x"}"#,
                r#"{"a":1,"b":"x"}"#,
            ),
            (
                "ARRAY<INT>",
                json!([1, null]),
                Cell::Nested(json!([1, null])),
                "[1,null]",
                "[1,null]",
            ),
        ];
        for (t, v, cell, display, js) in cases {
            let (c, odd) = col(t, &[v.clone(), Value::Null]);
            assert_eq!(odd, vec![false, false], "{t}");
            match (&c.cell(0), &cell) {
                (Cell::Float(a), Cell::Float(b)) if a.is_nan() => assert!(b.is_nan()),
                (a, b) => assert_eq!(a, b, "{t}"),
            }
            assert_eq!(c.display(0, &mut Scratch::default()), Some(display), "{t}");
            assert_eq!(json_of(&c, 0), js, "{t}");
            assert_eq!(c.cell(1), Cell::Null, "{t}");
            assert_eq!(c.display(1, &mut Scratch::default()), None);
            assert_eq!(json_of(&c, 1), "null");
            assert_eq!(c.json_value(1), Value::Null);
            if c.class != ValueClass::Decimal && c.class != ValueClass::Float {
                assert_eq!(c.json_value(0), v, "{t}");
            }
        }
    }

    #[test]
    fn mismatched_values_are_kept_as_odd_cells() {
        let (c, odd) = col("INT", &[json!("abc"), json!(1.5), json!(3), json!([1])]);
        assert_eq!(odd, vec![true, true, false, true]);
        assert_eq!(c.cell(0), Cell::Text("abc".into()));
        assert_eq!(c.cell(1), Cell::Text("1.5".into()));
        assert_eq!(c.cell(2), Cell::Int(3));
        assert_eq!(c.cell(3), Cell::Nested(json!([1])));
        assert_eq!(json_of(&c, 0), "\"abc\"");
        assert_eq!(json_of(&c, 1), "1.5");
        assert_eq!(c.presence(0), Presence::Odd);

        let (d, odd) = col("DECIMAL(5, 2)", &[json!("1.2.3"), json!(".5"), json!(true)]);
        assert_eq!(odd, vec![true, true, true]);
        assert_eq!(json_of(&d, 0), "\"1.2.3\"");
        assert_eq!(d.cell(2), Cell::Text("true".into()));

        let (s, odd) = col("STRING", &[json!(5), json!({"a": 1})]);
        assert_eq!(odd, vec![true, true]);
        assert_eq!(s.cell(0), Cell::Text("5".into()));
        assert_eq!(json_of(&s, 0), "5");
        assert_eq!(s.cell(1), Cell::Nested(json!({"a": 1})));

        let (b, odd) = col("BOOLEAN", &[json!("yes"), json!(u64::MAX)]);
        assert_eq!(odd, vec![true, true]);
        let (i, odd) = col("BIGINT", &[json!(u64::MAX)]);
        assert_eq!(odd, vec![true]);
        assert_eq!(i.cell(0), Cell::Text("18446744073709551615".into()));
        assert!(b.heap_bytes() > 0);
        // Nested columns take any JSON value, strings included (RAW).
        let (n, odd) = col("RAW('x', 'y')", &[json!("AAEC")]);
        assert_eq!(odd, vec![false]);
        assert_eq!(json_of(&n, 0), "\"AAEC\"");
    }

    #[test]
    fn sameness_and_hash_agree() {
        use std::hash::BuildHasher;
        let (c, _) = col(
            "DOUBLE",
            &[
                json!(1.0),
                json!(1.0),
                json!(null),
                json!("x"),
                json!("x"),
                json!(2.0),
            ],
        );
        let s = foldhash::fast::FixedState::with_seed(1);
        let h = |r: usize| {
            let mut h = s.build_hasher();
            c.hash_cell(r, &mut h);
            h.finish()
        };
        assert!(c.same(0, 1) && h(0) == h(1));
        assert!(c.same(3, 4) && h(3) == h(4));
        assert!(!c.same(0, 2) && !c.same(0, 5) && !c.same(2, 3));
        assert_ne!(h(0), h(5));
    }
}
