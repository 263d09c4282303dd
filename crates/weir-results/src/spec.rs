//! What a result is made of: its columns (name, Flink type, storage class) and the kind of each change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One column of a result, as the SQL Gateway describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnSpec {
    /// Column name.
    pub name: String,
    /// Flink's type string, e.g. `DECIMAL(10, 2)` or `TIMESTAMP(3) WITH LOCAL TIME ZONE`.
    pub type_name: String,
}

impl ColumnSpec {
    /// A column named `name` of Flink type `type_name`.
    pub fn new(name: impl Into<String>, type_name: impl Into<String>) -> ColumnSpec {
        ColumnSpec {
            name: name.into(),
            type_name: type_name.into(),
        }
    }

    /// How values of this column are stored, compared and aligned.
    pub fn class(&self) -> ValueClass {
        ValueClass::of_type(&self.type_name)
    }
}

/// How the values of a column are stored, sorted and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ValueClass {
    /// BOOLEAN.
    Bool,
    /// TINYINT, SMALLINT, INT, BIGINT, held as i64.
    Int,
    /// FLOAT, DOUBLE, held as f64.
    Float,
    /// DECIMAL: exact text, compared numerically.
    Decimal,
    /// Strings, dates, times, timestamps, intervals, base64 bytes, and any type not known here.
    Text,
    /// ARRAY, MAP, ROW, MULTISET, RAW, STRUCTURED: compact JSON text.
    Nested,
}

impl ValueClass {
    /// The class of a Flink type string, from its root (`DECIMAL(10, 2) NOT NULL` → Decimal).
    pub fn of_type(type_name: &str) -> ValueClass {
        let t = type_name.trim_start();
        let end = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        let root = t[..end].to_ascii_uppercase();
        match root.as_str() {
            "BOOLEAN" | "BOOL" => ValueClass::Bool,
            "TINYINT" | "SMALLINT" | "INT" | "INTEGER" | "BIGINT" => ValueClass::Int,
            "FLOAT" | "DOUBLE" | "REAL" => ValueClass::Float,
            "DECIMAL" | "DEC" | "NUMERIC" => ValueClass::Decimal,
            "ARRAY" | "MAP" | "ROW" | "MULTISET" | "RAW" | "STRUCTURED" => ValueClass::Nested,
            _ => ValueClass::Text,
        }
    }

    /// True for Int, Float and Decimal: right-aligned, compared as numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ValueClass::Int | ValueClass::Float | ValueClass::Decimal
        )
    }
}

/// The kind of one change in a changelog, as Flink's `RowKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ChangeKind {
    /// `+I`: a new row.
    #[serde(rename = "+I")]
    Insert,
    /// `-U`: the old content of an updated row (a retraction).
    #[serde(rename = "-U")]
    UpdateBefore,
    /// `+U`: the new content of an updated row.
    #[serde(rename = "+U")]
    UpdateAfter,
    /// `-D`: a deleted row (a retraction).
    #[serde(rename = "-D")]
    Delete,
}

impl ChangeKind {
    /// The short form Flink prints: `+I`, `-U`, `+U`, `-D`.
    pub fn short(self) -> &'static str {
        match self {
            ChangeKind::Insert => "+I",
            ChangeKind::UpdateBefore => "-U",
            ChangeKind::UpdateAfter => "+U",
            ChangeKind::Delete => "-D",
        }
    }

    /// Reads Flink's names (`INSERT`, `UPDATE_BEFORE`, `UPDATE_AFTER`, `DELETE`) or the short forms.
    pub fn parse(s: &str) -> Option<ChangeKind> {
        match s {
            "INSERT" | "+I" => Some(ChangeKind::Insert),
            "UPDATE_BEFORE" | "-U" => Some(ChangeKind::UpdateBefore),
            "UPDATE_AFTER" | "+U" => Some(ChangeKind::UpdateAfter),
            "DELETE" | "-D" => Some(ChangeKind::Delete),
            _ => None,
        }
    }

    /// True for `+I` and `+U`, which add a row to the materialized view.
    pub fn is_addition(self) -> bool {
        matches!(self, ChangeKind::Insert | ChangeKind::UpdateAfter)
    }

    pub(crate) fn to_u8(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_u8(b: u8) -> ChangeKind {
        match b {
            0 => ChangeKind::Insert,
            1 => ChangeKind::UpdateBefore,
            2 => ChangeKind::UpdateAfter,
            _ => ChangeKind::Delete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_type_root() {
        let cases = [
            ("INT", ValueClass::Int),
            ("BIGINT NOT NULL", ValueClass::Int),
            ("TINYINT", ValueClass::Int),
            ("SMALLINT", ValueClass::Int),
            ("INTEGER", ValueClass::Int),
            ("DECIMAL(10, 2)", ValueClass::Decimal),
            ("VARCHAR(2147483647)", ValueClass::Text),
            ("STRING", ValueClass::Text),
            ("TIMESTAMP(3)", ValueClass::Text),
            ("TIMESTAMP_LTZ(3)", ValueClass::Text),
            ("TIMESTAMP(3) WITH LOCAL TIME ZONE", ValueClass::Text),
            ("DATE", ValueClass::Text),
            ("TIME(0)", ValueClass::Text),
            ("BOOLEAN", ValueClass::Bool),
            ("FLOAT", ValueClass::Float),
            ("DOUBLE NOT NULL", ValueClass::Float),
            ("BYTES", ValueClass::Text),
            ("VARBINARY(8)", ValueClass::Text),
            ("BINARY(2)", ValueClass::Text),
            ("CHAR(3)", ValueClass::Text),
            ("ARRAY<INT>", ValueClass::Nested),
            ("MAP<STRING, INT>", ValueClass::Nested),
            ("ROW<`a` INT, `b` STRING>", ValueClass::Nested),
            ("MULTISET<INT>", ValueClass::Nested),
            ("INTERVAL DAY(2) TO SECOND(3)", ValueClass::Text),
            ("RAW('java.lang.Object', '...')", ValueClass::Nested),
            ("NULL", ValueClass::Text),
            ("  decimal(38, 9)", ValueClass::Decimal),
            ("SOMETHING_NEW", ValueClass::Text),
            ("", ValueClass::Text),
        ];
        for (t, c) in cases {
            assert_eq!(ValueClass::of_type(t), c, "{t}");
        }
        assert!(ValueClass::Decimal.is_numeric());
        assert!(!ValueClass::Text.is_numeric());
    }

    #[test]
    fn change_kinds_read_both_spellings() {
        for k in [
            ChangeKind::Insert,
            ChangeKind::UpdateBefore,
            ChangeKind::UpdateAfter,
            ChangeKind::Delete,
        ] {
            assert_eq!(ChangeKind::parse(k.short()), Some(k));
            assert_eq!(ChangeKind::from_u8(k.to_u8()), k);
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.short())
            );
        }
        assert_eq!(
            ChangeKind::parse("UPDATE_AFTER"),
            Some(ChangeKind::UpdateAfter)
        );
        assert_eq!(ChangeKind::parse("update"), None);
    }
}
