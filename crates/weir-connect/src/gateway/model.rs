//! The SQL Gateway's wire types: versions, handles, statuses, result pages, columns and rows.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::types::LogicalType;

/// A SQL Gateway REST API version; every URL but `/api_versions` starts with its `/vN` prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiVersion {
    /// Flink 1.16+: sessions, statements, results (no rowFormat).
    V1,
    /// Flink 1.17+: configure-session, complete-statement, rowFormat.
    V2,
    /// Flink 1.20+: materialized table refresh.
    V3,
    /// Flink 2.x: deploy script (application mode).
    V4,
}

impl ApiVersion {
    /// Every version this client speaks, oldest first.
    pub const ALL: [ApiVersion; 4] = [
        ApiVersion::V1,
        ApiVersion::V2,
        ApiVersion::V3,
        ApiVersion::V4,
    ];

    /// Parses `"V3"` (as `/api_versions` lists it) or `"v3"`.
    pub fn parse(s: &str) -> Option<ApiVersion> {
        match s.trim().to_ascii_uppercase().as_str() {
            "V1" => Some(ApiVersion::V1),
            "V2" => Some(ApiVersion::V2),
            "V3" => Some(ApiVersion::V3),
            "V4" => Some(ApiVersion::V4),
            _ => None,
        }
    }

    /// The URL prefix, e.g. `/v4`.
    pub fn prefix(self) -> &'static str {
        match self {
            ApiVersion::V1 => "/v1",
            ApiVersion::V2 => "/v2",
            ApiVersion::V3 => "/v3",
            ApiVersion::V4 => "/v4",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix()[1..].to_ascii_uppercase())
    }
}

/// Identifies an open session on a gateway.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionHandle(pub String);

/// Identifies a statement's operation within a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OperationHandle(pub String);

impl SessionHandle {
    /// The handle as the gateway wrote it (a UUID).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl OperationHandle {
    /// The handle as the gateway wrote it (a UUID).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for OperationHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `GET /vN/info`: what the gateway runs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayInfo {
    /// `Apache Flink`.
    pub product_name: String,
    /// Flink's version, e.g. `2.3.0`.
    pub version: String,
}

/// How to open a session: an optional name and session properties (`execution.runtime-mode`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionOptions {
    /// Shown by the gateway in its logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// Flink configuration for the session, overriding the gateway's defaults.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

/// The state of an operation (`GET .../status`, and the answer of cancel and close).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    /// Created, not yet submitted.
    Initialized,
    /// Submitted, waiting to run.
    Pending,
    /// Running (a SELECT becomes FINISHED once its job is submitted; rows may keep coming).
    Running,
    /// Done; results can be fetched.
    Finished,
    /// Cancelled by the client.
    Canceled,
    /// Closed; the operation is gone.
    Closed,
    /// Failed; fetching the result returns the error.
    Error,
    /// Timed out on the server.
    Timeout,
}

impl OperationStatus {
    /// Whether the operation will not change state by itself any more.
    pub fn is_terminal(self) -> bool {
        !matches!(
            self,
            OperationStatus::Initialized | OperationStatus::Pending | OperationStatus::Running
        )
    }
}

/// How a result page encodes its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RowFormat {
    /// Typed JSON values (numbers, booleans, strings, arrays, objects).
    Json,
    /// Every value as the SQL client prints it (a string), NULL as JSON null.
    PlainText,
}

impl RowFormat {
    /// The `rowFormat` query parameter value.
    pub fn as_param(self) -> &'static str {
        match self {
            RowFormat::Json => "JSON",
            RowFormat::PlainText => "PLAIN_TEXT",
        }
    }
}

/// Whether a page carries data, is not ready yet, or ends the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultType {
    /// No data yet: fetch the same token again later.
    NotReady,
    /// Rows (possibly none): fetch the next token.
    Payload,
    /// End of the result: no next token.
    Eos,
}

/// Whether the statement produced a table of content or just succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultKind {
    /// DDL, SET, ...: a single `result` column with `OK`.
    Success,
    /// Queries, SHOW, DESCRIBE, INSERT (its job id), ...
    SuccessWithContent,
    /// A kind this client does not know.
    #[serde(other)]
    Other,
}

/// The change a row carries in a changelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RowKind {
    /// A new row (`+I`).
    Insert,
    /// The old version of an updated row (`-U`).
    UpdateBefore,
    /// The new version of an updated row (`+U`).
    UpdateAfter,
    /// A removed row (`-D`).
    Delete,
}

/// A result column: its name and Flink type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Flink type; `logical_type.to_string()` is Flink's type string.
    pub logical_type: LogicalType,
    /// Column comment, if any.
    #[serde(default)]
    pub comment: Option<String>,
}

/// One result row.
///
/// With [`RowFormat::Json`] the fields are JSON values as the gateway sends them (numbers, booleans,
/// strings for CHAR/DATE/TIME/TIMESTAMP, base64 for BYTES, arrays, objects for MAP and ROW, null),
/// except DECIMAL values (also nested ones), which are strings holding the exact digits sent, so no
/// precision is lost to floating point.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Row {
    /// The row's change kind.
    pub kind: RowKind,
    /// One value per column.
    pub fields: Vec<Value>,
}

/// One page of a statement's result.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultPage {
    /// NOT_READY, PAYLOAD or EOS.
    pub result_type: ResultType,
    /// Whether the statement was a query (absent on NOT_READY pages).
    pub is_query_result: Option<bool>,
    /// The Flink job the statement started (SELECT, INSERT), if any.
    pub job_id: Option<String>,
    /// SUCCESS or SUCCESS_WITH_CONTENT (absent on NOT_READY pages).
    pub result_kind: Option<ResultKind>,
    /// The result's columns (empty on NOT_READY pages).
    pub columns: Vec<Column>,
    /// The format the rows are in.
    pub row_format: Option<RowFormat>,
    /// The rows of this page, possibly none.
    pub rows: Vec<Row>,
    /// Where the next page is (the same token after NOT_READY); `None` at EOS.
    pub next_result_uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePage {
    result_type: ResultType,
    #[serde(default)]
    is_query_result: Option<bool>,
    #[serde(default, rename = "jobID")]
    job_id: Option<String>,
    #[serde(default)]
    result_kind: Option<ResultKind>,
    #[serde(default)]
    results: Option<WireResults>,
    #[serde(default)]
    next_result_uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireResults {
    #[serde(default)]
    columns: Vec<Column>,
    #[serde(default)]
    row_format: Option<RowFormat>,
    #[serde(default)]
    data: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct WireRawRow<'a> {
    kind: RowKind,
    #[serde(borrow)]
    fields: Vec<&'a RawValue>,
}

impl ResultPage {
    /// Decodes a fetch-results body; DECIMAL values keep their exact digits.
    pub(crate) fn from_json(body: &[u8]) -> Result<ResultPage, serde_json::Error> {
        let wire: WirePage = serde_json::from_slice(body)?;
        let (columns, row_format, rows) = match wire.results {
            Some(r) => {
                let rows = match &r.data {
                    Some(data) => decode_rows(data.get(), &r.columns)?,
                    None => Vec::new(),
                };
                (r.columns, r.row_format, rows)
            }
            None => (Vec::new(), None, Vec::new()),
        };
        Ok(ResultPage {
            result_type: wire.result_type,
            is_query_result: wire.is_query_result,
            job_id: wire.job_id,
            result_kind: wire.result_kind,
            columns,
            row_format,
            rows,
            next_result_uri: wire.next_result_uri,
        })
    }
}

fn decode_rows(data: &str, columns: &[Column]) -> Result<Vec<Row>, serde_json::Error> {
    if !columns.iter().any(|c| c.logical_type.contains_decimal()) {
        return serde_json::from_str(data);
    }
    let raw: Vec<WireRawRow<'_>> = serde_json::from_str(data)?;
    raw.into_iter()
        .map(|r| {
            let fields = r
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| match columns.get(i) {
                    Some(c) => decode_exact(f, &c.logical_type),
                    None => serde_json::from_str(f.get()),
                })
                .collect::<Result<Vec<Value>, _>>()?;
            Ok(Row {
                kind: r.kind,
                fields,
            })
        })
        .collect()
}

/// Decodes a value of a type holding DECIMALs, keeping each decimal's text instead of an f64.
fn decode_exact(raw: &RawValue, ty: &LogicalType) -> Result<Value, serde_json::Error> {
    let text = raw.get().trim_start();
    if !ty.contains_decimal() {
        return serde_json::from_str(text);
    }
    let first = text.as_bytes().first().copied().unwrap_or(b'n');
    match (ty.root.as_str(), first) {
        ("DECIMAL", b'-' | b'0'..=b'9') => Ok(Value::String(text.trim_end().to_string())),
        ("ARRAY", b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text)?;
            let elem = ty.element_type.as_deref();
            items
                .into_iter()
                .map(|v| match elem {
                    Some(t) => decode_exact(v, t),
                    None => serde_json::from_str(v.get()),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        ("MAP", b'{') | ("ROW", b'{') => {
            let entries: BTreeMap<String, &RawValue> = serde_json::from_str(text)?;
            let mut out = serde_json::Map::new();
            for (k, v) in entries {
                let t = if ty.root == "MAP" {
                    ty.value_type.as_deref()
                } else {
                    ty.fields
                        .iter()
                        .flatten()
                        .find(|f| f.name == k)
                        .map(|f| &f.field_type)
                };
                let value = match t {
                    Some(t) => decode_exact(v, t)?,
                    None => serde_json::from_str(v.get())?,
                };
                out.insert(k, value);
            }
            Ok(Value::Object(out))
        }
        _ => serde_json::from_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_digits_even_nested() {
        let body = br#"{"resultType":"PAYLOAD","isQueryResult":true,"resultKind":"SUCCESS_WITH_CONTENT",
          "results":{"columns":[
            {"name":"d","logicalType":{"type":"DECIMAL","nullable":true,"precision":38,"scale":18},"comment":null},
            {"name":"a","logicalType":{"type":"ARRAY","nullable":true,"elementType":{"type":"DECIMAL","nullable":true,"precision":38,"scale":18}},"comment":null},
            {"name":"r","logicalType":{"type":"ROW","nullable":true,"fields":[{"name":"x","fieldType":{"type":"DECIMAL","nullable":true,"precision":38,"scale":18}},{"name":"y","fieldType":{"type":"INTEGER","nullable":true}}]},"comment":null},
            {"name":"i","logicalType":{"type":"BIGINT","nullable":true},"comment":null}],
          "rowFormat":"JSON",
          "data":[{"kind":"UPDATE_AFTER","fields":[12345678901234567890.123456789012345678,[0.1,null],{"x":1E-8,"y":2},9007199254740993]},
                  {"kind":"DELETE","fields":[null,null,null,null]}]},
          "nextResultUri":"/v4/x/result/1?rowFormat=JSON"}"#;
        let page = ResultPage::from_json(body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.rows.len(), 2);
        let r = &page.rows[0];
        assert_eq!(r.kind, RowKind::UpdateAfter);
        assert_eq!(
            r.fields[0],
            Value::from("12345678901234567890.123456789012345678")
        );
        assert_eq!(r.fields[1], serde_json::json!(["0.1", null]));
        assert_eq!(r.fields[2], serde_json::json!({"x": "1E-8", "y": 2}));
        assert_eq!(r.fields[3], serde_json::json!(9007199254740993_i64));
        assert_eq!(page.rows[1].fields, vec![Value::Null; 4]);
    }

    #[test]
    fn not_ready_pages_have_no_results() {
        let page = ResultPage::from_json(
            br#"{"resultType":"NOT_READY","nextResultUri":"/v4/s/o/result/0?rowFormat=JSON"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.result_type, ResultType::NotReady);
        assert!(page.columns.is_empty() && page.rows.is_empty());
    }

    #[test]
    fn versions_order_and_print() {
        assert!(ApiVersion::V4 > ApiVersion::V1);
        assert_eq!(ApiVersion::V3.to_string(), "V3");
        assert_eq!(ApiVersion::parse("v2"), Some(ApiVersion::V2));
        assert_eq!(ApiVersion::parse("V9"), None);
    }
}
