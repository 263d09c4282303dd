//! One value as the grid receives it over IPC, and the display text of numbers.

use serde::{Serialize, Serializer};
use ts_rs::TS;

/// One cell of a window, tagged with its class: `{"t":"int","v":42}`, `{"t":"null"}`.
///
/// Ints beyond ±2^53 (which JavaScript numbers cannot hold exactly) and non-finite floats
/// (`NaN`, `Infinity`, `-Infinity`) are sent as strings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "t", content = "v", rename_all = "lowercase")]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// A BOOLEAN.
    Bool(bool),
    /// An integer of any width.
    Int(
        #[serde(serialize_with = "int_for_js")]
        #[ts(type = "number | string")]
        i64,
    ),
    /// A FLOAT or DOUBLE.
    Float(
        #[serde(serialize_with = "float_for_json")]
        #[ts(type = "number | string")]
        f64,
    ),
    /// A DECIMAL with its exact digits.
    Decimal(String),
    /// Text of any kind (also a value that did not fit its column's class).
    Text(String),
    /// A nested value (ARRAY, MAP, ROW, …) to expand.
    Nested(#[ts(type = "unknown")] serde_json::Value),
}

/// Largest integer a JavaScript number holds exactly.
const JS_SAFE: i64 = (1 << 53) - 1;

fn int_for_js<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
    if (-JS_SAFE..=JS_SAFE).contains(v) {
        s.serialize_i64(*v)
    } else {
        s.collect_str(v)
    }
}

fn float_for_json<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64(*v)
    } else {
        s.serialize_str(non_finite(*v))
    }
}

/// Java's (and so Flink's) spelling of a non-finite double.
pub(crate) fn non_finite(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Display text of a float: shortest round-trip digits (`0.1`, `1.0`, `1e20`), Java's names for
/// non-finite values.
pub(crate) fn float_text(v: f64, buf: &mut ryu::Buffer) -> &str {
    if v.is_finite() {
        buf.format_finite(v)
    } else {
        non_finite(v)
    }
}

impl Cell {
    /// The text a person sees for this cell; NULL is empty.
    pub fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => float_text(*f, &mut ryu::Buffer::new()).to_string(),
            Cell::Decimal(s) | Cell::Text(s) => s.clone(),
            Cell::Nested(v) => v.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_serialize_tagged_and_json_safe() {
        let cases = [
            (Cell::Null, r#"{"t":"null"}"#),
            (Cell::Bool(true), r#"{"t":"bool","v":true}"#),
            (Cell::Int(-42), r#"{"t":"int","v":-42}"#),
            (
                Cell::Int(i64::MAX),
                r#"{"t":"int","v":"9223372036854775807"}"#,
            ),
            (Cell::Float(1.5), r#"{"t":"float","v":1.5}"#),
            (Cell::Float(f64::NAN), r#"{"t":"float","v":"NaN"}"#),
            (
                Cell::Float(f64::INFINITY),
                r#"{"t":"float","v":"Infinity"}"#,
            ),
            (
                Cell::Float(f64::NEG_INFINITY),
                r#"{"t":"float","v":"-Infinity"}"#,
            ),
            (
                Cell::Decimal("-0.10".into()),
                r#"{"t":"decimal","v":"-0.10"}"#,
            ),
            (Cell::Text("a\"b".into()), r#"{"t":"text","v":"a\"b"}"#),
            (
                Cell::Nested(serde_json::json!({"a":[1,2]})),
                r#"{"t":"nested","v":{"a":[1,2]}}"#,
            ),
        ];
        for (cell, json) in cases {
            assert_eq!(serde_json::to_string(&cell).unwrap(), json);
        }
    }

    #[test]
    fn display_text() {
        assert_eq!(Cell::Null.display(), "");
        assert_eq!(Cell::Float(0.1).display(), "0.1");
        assert_eq!(Cell::Float(2.0).display(), "2.0");
        assert_eq!(Cell::Float(f64::NAN).display(), "NaN");
        assert_eq!(
            Cell::Nested(serde_json::json!([1, "x"])).display(),
            r#"[1,"x"]"#
        );
        assert_eq!(Cell::Int(7).display(), "7");
    }
}
