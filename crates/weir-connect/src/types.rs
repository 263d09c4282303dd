//! Flink's LogicalType JSON (as the SQL Gateway writes result columns) and its type strings.
//!
//! The gateway serialises a column's type as `{"type": "INTEGER", "nullable": true, ...}` with
//! `length`, `precision`/`scale`, `elementType`, `keyType`/`valueType`, `fields` (ROW),
//! `resolution`/`fractionalPrecision` (INTERVAL) or `class`/`serializer` (RAW) as the type needs.
//! [`LogicalType`]'s `Display` prints the type the way Flink's `asSummaryString()` does, which is
//! what `DESCRIBE` and the SQL client show: `INT`, `STRING`, `BYTES`, `DECIMAL(10, 2)`,
//! `TIMESTAMP_LTZ(3)`, ``ROW<`a` INT, `b` STRING>``, with ` NOT NULL` for non-nullable types.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Largest VARCHAR/VARBINARY length: Flink prints such a VARCHAR as `STRING`, a VARBINARY as `BYTES`.
pub const MAX_LENGTH: u32 = i32::MAX as u32;

/// A Flink logical type as the SQL Gateway's JSON describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalType {
    /// The type root as Flink names it (`INTEGER`, `VARCHAR`, `TIMESTAMP_WITHOUT_TIME_ZONE`, `ROW`, ...).
    #[serde(rename = "type")]
    pub root: String,
    /// Whether the type admits NULL (the gateway omits it only for the NULL type).
    #[serde(default = "nullable_default")]
    pub nullable: bool,
    /// Length of CHAR, VARCHAR, BINARY and VARBINARY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Precision of DECIMAL, TIME, TIMESTAMP*, and the leading field of an INTERVAL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u32>,
    /// Scale of DECIMAL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
    /// Element type of ARRAY and MULTISET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_type: Option<Box<LogicalType>>,
    /// Key type of MAP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<Box<LogicalType>>,
    /// Value type of MAP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_type: Option<Box<LogicalType>>,
    /// Fields of ROW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<RowField>>,
    /// Resolution of an INTERVAL (`YEAR_TO_MONTH`, `DAY_TO_SECOND`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Fractional second precision of a day-time INTERVAL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fractional_precision: Option<u32>,
    /// Java class of a RAW type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Time attribute kind (`ROWTIME`, `PROCTIME`) when a server sends one; the gateway does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// One field of a ROW type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowField {
    /// Field name.
    pub name: String,
    /// Field type.
    pub field_type: LogicalType,
    /// Field comment, when the type has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn nullable_default() -> bool {
    true
}

impl LogicalType {
    /// A nullable type with only a root, e.g. `LogicalType::simple("INTEGER")`.
    pub fn simple(root: &str) -> Self {
        LogicalType {
            root: root.to_string(),
            nullable: true,
            length: None,
            precision: None,
            scale: None,
            element_type: None,
            key_type: None,
            value_type: None,
            fields: None,
            resolution: None,
            fractional_precision: None,
            class: None,
            kind: None,
        }
    }

    /// Whether this type or a type nested in it is a DECIMAL (whose values need exact decoding).
    pub fn contains_decimal(&self) -> bool {
        self.root == "DECIMAL"
            || [&self.element_type, &self.key_type, &self.value_type]
                .into_iter()
                .flatten()
                .any(|t| t.contains_decimal())
            || self
                .fields
                .iter()
                .flatten()
                .any(|f| f.field_type.contains_decimal())
    }

    /// The type without its nullability, e.g. `INT` for `INT NOT NULL` (as DESCRIBE's type column shows it).
    pub fn without_nullability(&self) -> String {
        let mut s = String::new();
        self.write_base(&mut s);
        s
    }

    /// Writes the type string without ` NOT NULL` and without a time attribute marker.
    fn write_base(&self, out: &mut String) {
        let len = self.length.unwrap_or(1);
        let p = self.precision;
        let nested = |t: &Option<Box<LogicalType>>| match t {
            Some(t) => t.to_string(),
            None => "?".to_string(),
        };
        let s = match self.root.as_str() {
            "INTEGER" => "INT".to_string(),
            "CHAR" => format!("CHAR({len})"),
            "VARCHAR" if self.length == Some(MAX_LENGTH) => "STRING".to_string(),
            "VARCHAR" => format!("VARCHAR({len})"),
            "BINARY" => format!("BINARY({len})"),
            "VARBINARY" if self.length == Some(MAX_LENGTH) => "BYTES".to_string(),
            "VARBINARY" => format!("VARBINARY({len})"),
            "DECIMAL" => format!("DECIMAL({}, {})", p.unwrap_or(10), self.scale.unwrap_or(0)),
            "TIME_WITHOUT_TIME_ZONE" => format!("TIME({})", p.unwrap_or(0)),
            "TIMESTAMP_WITHOUT_TIME_ZONE" => format!("TIMESTAMP({})", p.unwrap_or(6)),
            "TIMESTAMP_WITH_TIME_ZONE" => format!("TIMESTAMP({}) WITH TIME ZONE", p.unwrap_or(6)),
            "TIMESTAMP_WITH_LOCAL_TIME_ZONE" => format!("TIMESTAMP_LTZ({})", p.unwrap_or(6)),
            "INTERVAL_YEAR_MONTH" => self.year_month_interval(),
            "INTERVAL_DAY_TIME" => self.day_time_interval(),
            "ARRAY" => format!("ARRAY<{}>", nested(&self.element_type)),
            "MULTISET" => format!("MULTISET<{}>", nested(&self.element_type)),
            "MAP" => format!(
                "MAP<{}, {}>",
                nested(&self.key_type),
                nested(&self.value_type)
            ),
            "ROW" => {
                let fields: Vec<String> = self
                    .fields
                    .iter()
                    .flatten()
                    .map(|f| {
                        let mut s = format!("{} {}", quote_identifier(&f.name), f.field_type);
                        if let Some(d) = &f.description {
                            s.push_str(&format!(" '{}'", d.replace('\'', "''")));
                        }
                        s
                    })
                    .collect();
                format!("ROW<{}>", fields.join(", "))
            }
            "RAW" => format!(
                "RAW('{}', '...')",
                self.class.as_deref().unwrap_or("?").replace('\'', "''")
            ),
            // BOOLEAN, TINYINT, SMALLINT, BIGINT, FLOAT, DOUBLE, DATE, NULL, VARIANT, DESCRIPTOR...
            other => other.to_string(),
        };
        out.push_str(&s);
    }

    fn year_month_interval(&self) -> String {
        let p = self.precision.unwrap_or(2);
        match self.resolution.as_deref() {
            Some("YEAR") => format!("INTERVAL YEAR({p})"),
            Some("MONTH") => "INTERVAL MONTH".to_string(),
            _ => format!("INTERVAL YEAR({p}) TO MONTH"),
        }
    }

    fn day_time_interval(&self) -> String {
        let d = self.precision.unwrap_or(2);
        let f = self.fractional_precision.unwrap_or(6);
        match self.resolution.as_deref() {
            Some("DAY") => format!("INTERVAL DAY({d})"),
            Some("DAY_TO_HOUR") => format!("INTERVAL DAY({d}) TO HOUR"),
            Some("DAY_TO_MINUTE") => format!("INTERVAL DAY({d}) TO MINUTE"),
            Some("HOUR") => "INTERVAL HOUR".to_string(),
            Some("HOUR_TO_MINUTE") => "INTERVAL HOUR TO MINUTE".to_string(),
            Some("HOUR_TO_SECOND") => format!("INTERVAL HOUR TO SECOND({f})"),
            Some("MINUTE") => "INTERVAL MINUTE".to_string(),
            Some("MINUTE_TO_SECOND") => format!("INTERVAL MINUTE TO SECOND({f})"),
            Some("SECOND") => format!("INTERVAL SECOND({f})"),
            _ => format!("INTERVAL DAY({d}) TO SECOND({f})"),
        }
    }
}

/// Flink quotes ROW field names with backticks, doubling a backtick inside the name.
fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

impl fmt::Display for LogicalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_base(&mut s);
        // The NULL type is always nullable and never prints NOT NULL.
        if !self.nullable && self.root != "NULL" {
            s.push_str(" NOT NULL");
        }
        if let Some(kind) = self.kind.as_deref() {
            if kind != "REGULAR" && self.root.starts_with("TIMESTAMP") {
                s.push_str(&format!(" *{kind}*"));
            }
        }
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(json: &str) -> String {
        match serde_json::from_str::<LogicalType>(json) {
            Ok(t) => t.to_string(),
            Err(e) => format!("parse error: {e}"),
        }
    }

    #[test]
    fn scalar_types_print_as_flink_summaries() {
        assert_eq!(t(r#"{"type":"INTEGER","nullable":true}"#), "INT");
        assert_eq!(t(r#"{"type":"INTEGER","nullable":false}"#), "INT NOT NULL");
        assert_eq!(t(r#"{"type":"BIGINT","nullable":true}"#), "BIGINT");
        assert_eq!(
            t(r#"{"type":"DECIMAL","nullable":true,"precision":10,"scale":2}"#),
            "DECIMAL(10, 2)"
        );
        assert_eq!(
            t(r#"{"type":"VARCHAR","nullable":true,"length":2147483647}"#),
            "STRING"
        );
        assert_eq!(
            t(r#"{"type":"VARCHAR","nullable":true,"length":10}"#),
            "VARCHAR(10)"
        );
        assert_eq!(
            t(r#"{"type":"CHAR","nullable":false,"length":2}"#),
            "CHAR(2) NOT NULL"
        );
        assert_eq!(
            t(r#"{"type":"VARBINARY","nullable":true,"length":2147483647}"#),
            "BYTES"
        );
        assert_eq!(
            t(r#"{"type":"BINARY","nullable":true,"length":4}"#),
            "BINARY(4)"
        );
        assert_eq!(
            t(r#"{"type":"TIME_WITHOUT_TIME_ZONE","nullable":true,"precision":0}"#),
            "TIME(0)"
        );
        assert_eq!(
            t(r#"{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3}"#),
            "TIMESTAMP(3)"
        );
        assert_eq!(
            t(r#"{"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":false,"precision":6}"#),
            "TIMESTAMP_LTZ(6) NOT NULL"
        );
        assert_eq!(
            t(r#"{"type":"TIMESTAMP_WITH_TIME_ZONE","nullable":true,"precision":6}"#),
            "TIMESTAMP(6) WITH TIME ZONE"
        );
        assert_eq!(t(r#"{"type":"NULL"}"#), "NULL");
    }

    #[test]
    fn time_attributes_are_marked_when_present() {
        assert_eq!(
            t(
                r#"{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3,"kind":"ROWTIME"}"#
            ),
            "TIMESTAMP(3) *ROWTIME*"
        );
        assert_eq!(
            t(
                r#"{"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":false,"precision":3,"kind":"PROCTIME"}"#
            ),
            "TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*"
        );
    }

    #[test]
    fn nested_types_print_recursively() {
        assert_eq!(
            t(
                r#"{"type":"ARRAY","nullable":true,"elementType":{"type":"INTEGER","nullable":true}}"#
            ),
            "ARRAY<INT>"
        );
        assert_eq!(
            t(
                r#"{"type":"MAP","nullable":true,"keyType":{"type":"VARCHAR","nullable":true,"length":2147483647},"valueType":{"type":"INTEGER","nullable":true}}"#
            ),
            "MAP<STRING, INT>"
        );
        assert_eq!(
            t(
                r#"{"type":"ROW","nullable":true,"fields":[{"name":"a","fieldType":{"type":"INTEGER","nullable":true}},{"name":"b","fieldType":{"type":"VARCHAR","nullable":true,"length":2147483647},"description":"it's b"}]}"#
            ),
            "ROW<`a` INT, `b` STRING 'it''s b'>"
        );
        assert_eq!(
            t(
                r#"{"type":"MULTISET","nullable":false,"elementType":{"type":"INTEGER","nullable":false}}"#
            ),
            "MULTISET<INT NOT NULL> NOT NULL"
        );
    }

    #[test]
    fn intervals_and_raw_follow_flink() {
        assert_eq!(
            t(
                r#"{"type":"INTERVAL_DAY_TIME","nullable":true,"precision":2,"fractionalPrecision":3,"resolution":"DAY_TO_SECOND"}"#
            ),
            "INTERVAL DAY(2) TO SECOND(3)"
        );
        assert_eq!(
            t(
                r#"{"type":"INTERVAL_DAY_TIME","nullable":true,"precision":2,"fractionalPrecision":6,"resolution":"MINUTE"}"#
            ),
            "INTERVAL MINUTE"
        );
        assert_eq!(
            t(
                r#"{"type":"INTERVAL_YEAR_MONTH","nullable":true,"precision":4,"resolution":"YEAR_TO_MONTH"}"#
            ),
            "INTERVAL YEAR(4) TO MONTH"
        );
        assert_eq!(
            t(r#"{"type":"RAW","nullable":true,"class":"java.lang.Object","serializer":"AAA="}"#),
            "RAW('java.lang.Object', '...')"
        );
        assert_eq!(t(r#"{"type":"VARIANT","nullable":true}"#), "VARIANT");
    }

    #[test]
    fn decimal_detection_looks_inside() {
        let ty: LogicalType = serde_json::from_str(
            r#"{"type":"ARRAY","nullable":true,"elementType":{"type":"DECIMAL","nullable":true,"precision":38,"scale":18}}"#,
        )
        .unwrap_or_else(|_| LogicalType::simple("x"));
        assert!(ty.contains_decimal());
        assert!(!LogicalType::simple("INTEGER").contains_decimal());
    }
}
