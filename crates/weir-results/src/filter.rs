//! Filters, prepared once per query: the value parsed for the column's class, the needle
//! lower-cased, then tested against each row without allocating.

use crate::column::{Column, Presence, Scratch};
use crate::decimal;
use crate::query::{Filter, FilterOp};
use crate::sort::float_cmp;
use crate::spec::ValueClass;
use std::cmp::Ordering;

/// The filter value read as the column's class; `Text` compares displayed text.
enum Operand {
    Int(i64),
    Float(f64),
    Decimal,
    Bool(bool),
    Text,
}

/// A filter ready to test rows of one column.
pub(crate) struct Prepared<'a> {
    col: &'a Column,
    op: FilterOp,
    value: &'a str,
    operand: Operand,
    /// Lower-cased needle for Contains.
    needle: String,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(col: &'a Column, f: &'a Filter) -> Prepared<'a> {
        let v = f.value.trim();
        let operand = match col.class {
            ValueClass::Int => match (v.parse::<i64>(), v.parse::<f64>()) {
                (Ok(i), _) => Operand::Int(i),
                (_, Ok(x)) if !x.is_nan() => Operand::Float(x),
                _ => Operand::Text,
            },
            ValueClass::Float => match v.parse::<f64>() {
                Ok(x) => Operand::Float(x),
                Err(_) => Operand::Text,
            },
            ValueClass::Decimal if decimal::is_decimal(v.as_bytes()) => Operand::Decimal,
            ValueClass::Bool if v.eq_ignore_ascii_case("true") => Operand::Bool(true),
            ValueClass::Bool if v.eq_ignore_ascii_case("false") => Operand::Bool(false),
            _ => Operand::Text,
        };
        Prepared {
            col,
            op: f.op,
            value: if matches!(operand, Operand::Text) {
                &f.value
            } else {
                v
            },
            operand,
            needle: f.value.to_lowercase(),
        }
    }

    /// Whether physical row `row` passes. NULL cells pass only IsNull.
    pub(crate) fn matches(&self, row: usize, scratch: &mut Scratch) -> bool {
        let presence = self.col.presence(row);
        match self.op {
            FilterOp::IsNull => return presence == Presence::Null,
            FilterOp::IsNotNull => return presence != Presence::Null,
            _ if presence == Presence::Null => return false,
            FilterOp::Contains => {
                return self
                    .col
                    .display(row, scratch)
                    .is_some_and(|t| contains_ci(t, &self.needle))
            }
            _ => {}
        }
        let Some(ord) = self.compare(row, presence, scratch) else {
            return false;
        };
        match self.op {
            FilterOp::Equals => ord == Ordering::Equal,
            FilterOp::NotEquals => ord != Ordering::Equal,
            FilterOp::Gt => ord == Ordering::Greater,
            FilterOp::Ge => ord != Ordering::Less,
            FilterOp::Lt => ord == Ordering::Less,
            FilterOp::Le => ord != Ordering::Greater,
            _ => false,
        }
    }

    /// The cell compared with the value: as numbers or booleans where both are, else as text.
    fn compare(&self, row: usize, presence: Presence, scratch: &mut Scratch) -> Option<Ordering> {
        if presence == Presence::Value {
            let c = self.col;
            match self.operand {
                Operand::Int(i) if c.class == ValueClass::Int => {
                    return Some(c.int_at(row).cmp(&i))
                }
                Operand::Float(x) if c.class == ValueClass::Int => {
                    return (c.int_at(row) as f64).partial_cmp(&x)
                }
                Operand::Float(x) => return Some(float_cmp(c.float_at(row), x)),
                Operand::Decimal => return decimal::cmp(c.bytes_at(row), self.value.as_bytes()),
                Operand::Bool(b) => return Some(c.bool_at(row).cmp(&b)),
                _ => {}
            }
        }
        let text = self.col.display(row, scratch)?;
        Some(text.as_bytes().cmp(self.value.as_bytes()))
    }
}

/// Case-insensitive substring test; `needle` is already lower-case.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        let Some(&first) = n.first() else {
            return true;
        };
        if h.len() < n.len() {
            return false;
        }
        let upper = first.to_ascii_uppercase();
        (0..=h.len() - n.len())
            .any(|i| (h[i] == first || h[i] == upper) && h[i..i + n.len()].eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
mod tests {
    use super::contains_ci;
    use crate::testutil::set;
    use crate::{ChangeKind::Insert, Filter, FilterOp, FilterOp::*, ResultSet, Selection, View};
    use serde_json::{json, Value};

    /// Values of column 0 of the rows a filter keeps.
    fn kept(rs: &mut ResultSet, column: usize, op: FilterOp, value: &str) -> Vec<String> {
        let sel = Selection {
            view: View::Materialized,
            sort: vec![],
            filters: vec![Filter {
                column,
                op,
                value: value.into(),
            }],
        };
        let ids = rs.row_ids(&sel).unwrap();
        ids.iter()
            .map(|&i| rs.cell_text(i, column).unwrap())
            .collect()
    }

    fn one_column(t: &str, values: &[Value]) -> ResultSet {
        let mut rs = set(&[t]);
        for v in values {
            rs.push(Insert, std::slice::from_ref(v)).unwrap();
        }
        rs
    }

    #[test]
    fn every_op_on_ints() {
        let mut rs = one_column(
            "BIGINT",
            &[json!(5), json!(-3), json!(null), json!(12), json!("x")],
        );
        assert_eq!(kept(&mut rs, 0, Equals, "5"), ["5"]);
        assert_eq!(kept(&mut rs, 0, Equals, " 5.0 "), ["5"]);
        assert_eq!(kept(&mut rs, 0, NotEquals, "5"), ["-3", "12", "x"]);
        assert_eq!(kept(&mut rs, 0, Gt, "5"), ["12", "x"]);
        assert_eq!(kept(&mut rs, 0, Ge, "5"), ["5", "12", "x"]);
        assert_eq!(kept(&mut rs, 0, Lt, "5"), ["-3"]);
        assert_eq!(kept(&mut rs, 0, Le, "4.5"), ["-3"]);
        assert_eq!(kept(&mut rs, 0, IsNull, ""), [""]);
        assert_eq!(kept(&mut rs, 0, IsNotNull, ""), ["5", "-3", "12", "x"]);
        assert_eq!(kept(&mut rs, 0, Contains, "1"), ["12"]);
        assert_eq!(kept(&mut rs, 0, Contains, "X"), ["x"]);
        // A value that is not a number compares as text.
        assert_eq!(kept(&mut rs, 0, Equals, "x"), ["x"]);
        assert_eq!(kept(&mut rs, 0, Lt, "2"), ["-3"]);
        assert_eq!(kept(&mut rs, 0, Lt, "a"), ["5", "-3", "12"]);
    }

    #[test]
    fn numeric_ops_on_floats_and_decimals() {
        let mut rs = one_column(
            "DOUBLE",
            &[json!(1.5), json!("NaN"), json!(-0.0), json!(10)],
        );
        assert_eq!(kept(&mut rs, 0, Gt, "2"), ["NaN", "10.0"]);
        assert_eq!(kept(&mut rs, 0, Equals, "NaN"), ["NaN"]);
        assert_eq!(kept(&mut rs, 0, Equals, "0"), ["-0.0"]);
        assert_eq!(kept(&mut rs, 0, Le, "1.5"), ["1.5", "-0.0"]);
        let mut rs = one_column(
            "DECIMAL(30, 9)",
            &[
                json!("-0.10"),
                json!("12.50"),
                json!("12345678901234567890.123456789"),
                json!("9"),
            ],
        );
        assert_eq!(kept(&mut rs, 0, Equals, "12.5"), ["12.50"]);
        assert_eq!(kept(&mut rs, 0, Lt, "0"), ["-0.10"]);
        assert_eq!(
            kept(&mut rs, 0, Gt, "10"),
            ["12.50", "12345678901234567890.123456789"]
        );
        assert_eq!(
            kept(&mut rs, 0, Ge, "12345678901234567890.123456789"),
            ["12345678901234567890.123456789"]
        );
        assert_eq!(
            kept(&mut rs, 0, NotEquals, "-.1"),
            ["12.50", "12345678901234567890.123456789", "9"]
        );
        assert_eq!(
            kept(&mut rs, 0, Contains, "0.1"),
            ["-0.10", "12345678901234567890.123456789"]
        );
    }

    #[test]
    fn text_bool_and_nested_compare_as_text() {
        let mut rs = one_column(
            "STRING",
            &[json!("Apple"), json!("banana"), json!("ÉCOLE"), json!("")],
        );
        assert_eq!(kept(&mut rs, 0, Contains, "AN"), ["banana"]);
        assert_eq!(kept(&mut rs, 0, Contains, "éco"), ["ÉCOLE"]);
        assert_eq!(
            kept(&mut rs, 0, Contains, ""),
            ["Apple", "banana", "ÉCOLE", ""]
        );
        assert_eq!(kept(&mut rs, 0, Equals, "apple"), Vec::<String>::new());
        assert_eq!(kept(&mut rs, 0, Equals, "Apple"), ["Apple"]);
        assert_eq!(kept(&mut rs, 0, Gt, "B"), ["banana", "ÉCOLE"]);
        assert_eq!(kept(&mut rs, 0, Lt, "B"), ["Apple", ""]);
        assert_eq!(
            kept(&mut rs, 0, IsNotNull, ""),
            ["Apple", "banana", "ÉCOLE", ""]
        );
        let mut rs = one_column("BOOLEAN", &[json!(true), json!(false), json!(null)]);
        assert_eq!(kept(&mut rs, 0, Equals, "TRUE"), ["true"]);
        assert_eq!(kept(&mut rs, 0, Lt, "true"), ["false"]);
        assert_eq!(kept(&mut rs, 0, NotEquals, "yes"), ["true", "false"]);
        let mut rs = one_column("MAP<STRING, INT>", &[json!({"k": 1}), json!({"K": 2})]);
        assert_eq!(
            kept(&mut rs, 0, Contains, "\"k\""),
            [r#"{"k":1}"#, r#"{"K":2}"#]
        );
        assert_eq!(kept(&mut rs, 0, Equals, r#"{"k":1}"#), [r#"{"k":1}"#]);
    }

    #[test]
    fn filters_are_anded() {
        let mut rs = set(&["STRING", "INT"]);
        for (s, i) in [("a", 1), ("ab", 2), ("b", 3), ("abc", 4)] {
            rs.push(Insert, &[json!(s), json!(i)]).unwrap();
        }
        let sel = Selection {
            view: View::Changelog,
            sort: vec![],
            filters: vec![
                Filter {
                    column: 0,
                    op: Contains,
                    value: "a".into(),
                },
                Filter {
                    column: 1,
                    op: Ge,
                    value: "2".into(),
                },
            ],
        };
        assert_eq!(
            crate::testutil::texts(&mut rs, &sel),
            vec![vec!["ab", "2"], vec!["abc", "4"]]
        );
    }

    #[test]
    fn contains_is_case_insensitive() {
        assert!(contains_ci("Hello World", "o w"));
        assert!(contains_ci("ÀB", "àb"));
        assert!(!contains_ci("ab", "abc"));
        assert!(contains_ci("x", ""));
    }
}
