//! A query run on a database, its rows streamed into a [`ResultSet`] (the store behind the grid,
//! charts and exports of Flink results): columns with native and Flink types, a row cap,
//! cancellation, progress, and the rows received so far kept when the query fails midway.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;
use weir_results::{ChangeKind, ColumnSpec, PushOutcome, ResultSet, ValueClass};

use crate::error::DbError;
use crate::profile::DbKind;
use crate::types::{self, Connector};

/// Longest time between two progress reports while rows arrive.
pub const REPORT_EVERY: Duration = Duration::from_millis(150);

/// How a query runs.
#[derive(Debug, Clone)]
pub struct QueryOptions {
    /// Rows kept; the query is stopped on the server when the cap is reached.
    pub max_rows: u64,
    /// Longest wait for the next row (or the first answer); the query fails after it.
    pub idle_timeout: Duration,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            max_rows: 1_000_000,
            idle_timeout: Duration::from_secs(300),
        }
    }
}

/// Where a query is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum QueryStatus {
    /// Sent; rows may be arriving.
    Running,
    /// Finished (possibly stopped at the row cap).
    Ok,
    /// Failed; rows received before the failure are kept.
    Error,
    /// Stopped by the user.
    Cancelled,
}

/// A result column: its name, the server's type and the Flink type the grid uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueryColumn {
    /// Column name (label).
    pub name: String,
    /// The server's type name for the result column (`BIGINT UNSIGNED`, `INT4`, `NUMERIC`).
    pub native_type: String,
    /// The Flink type its values are stored as (`DECIMAL(20, 0)`, `INT`, `DECIMAL`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// How values are stored and shown.
    pub class: ValueClass,
}

/// What the run log shows about a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueryInfo {
    /// Where it is.
    pub status: QueryStatus,
    /// Result columns, once known.
    pub columns: Vec<QueryColumn>,
    /// Rows received and kept.
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows changed by a statement that returns no rows.
    #[ts(type = "number | null")]
    pub rows_affected: Option<u64>,
    /// Set when the result stopped at the row cap.
    #[ts(type = "number | null")]
    pub truncated_at: Option<u64>,
    /// Milliseconds since the query was sent (until it ended).
    #[ts(type = "number")]
    pub duration_ms: u64,
    /// Why it failed, phrased for a person (no password in it).
    pub error: Option<String>,
}

/// A query's info and its rows.
#[derive(Debug)]
pub struct QueryState {
    /// What the run log shows.
    pub info: QueryInfo,
    /// The rows, once columns are known.
    pub results: Option<ResultSet>,
    /// The run ended.
    pub finished: bool,
}

/// A query under way: watch it, read its rows, cancel it.
#[derive(Debug, Clone)]
pub struct QueryRun {
    state: Arc<Mutex<QueryState>>,
    cancel: CancellationToken,
    changes: watch::Receiver<u64>,
}

impl QueryRun {
    /// The state (lock briefly: rows are written into it as they arrive).
    pub fn state(&self) -> MutexGuard<'_, QueryState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The info.
    pub fn info(&self) -> QueryInfo {
        self.state().info.clone()
    }

    /// Stops the query (on the server too); the rows received so far are kept.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Whether it ended.
    pub fn finished(&self) -> bool {
        self.state().finished
    }

    /// A receiver that changes whenever the state changes (throttled).
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.clone()
    }

    /// Waits until the query has ended.
    pub async fn wait(&self) {
        let mut rx = self.changes.clone();
        while !self.finished() {
            if rx.changed().await.is_err() {
                return;
            }
        }
    }
}

/// How one column's raw text becomes a JSON value for the result store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decode {
    /// As the class says (numbers parsed, booleans read, text kept).
    Class(ValueClass),
    /// Raw bytes, shown as base64 (BYTES).
    Bytes,
    /// MySQL's binary-flagged strings, which include text with a `_bin` collation (and
    /// MariaDB's JSON): printable UTF-8 is shown as text, anything else as base64.
    MaybeBytes,
    /// PostgreSQL `\x…` hex text, shown as base64.
    PgHex,
    /// MySQL BIT: big-endian bytes as an integer.
    Bits,
    /// A PostgreSQL array literal `{…}` into a JSON array of elements of this class.
    PgArray(ValueClass),
}

/// The result-column Flink type and decoding of a native result type name.
pub(crate) fn result_column(db: DbKind, name: &str, native: &str) -> (QueryColumn, Decode) {
    let upper = native.trim().to_ascii_uppercase();
    let mut flink = match db {
        DbKind::Sqlite => types::sqlite_to_flink(native).flink,
        DbKind::Mysql => types::mysql_to_flink(native, Connector::Jdbc).flink,
        DbKind::Postgres => types::postgres_to_flink(native, Connector::Jdbc).flink,
    };
    // Result metadata has no precision: do not invent one.
    if matches!(upper.as_str(), "DECIMAL" | "NUMERIC" | "NEWDECIMAL") {
        flink = "DECIMAL".into();
    }
    let mut decode = Decode::Class(ValueClass::of_type(&flink));
    match (db, upper.as_str()) {
        (DbKind::Mysql, "BIT") => {
            flink = "BIGINT".into();
            decode = Decode::Bits;
        }
        (DbKind::Mysql, "GEOMETRY") => decode = Decode::Bytes,
        (
            DbKind::Mysql,
            "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB",
        ) => decode = Decode::MaybeBytes,
        (DbKind::Postgres, "BYTEA") => decode = Decode::PgHex,
        (DbKind::Postgres, u) if u.ends_with("[]") => {
            let elem = types::postgres_to_flink(u.trim_end_matches("[]"), Connector::Jdbc).flink;
            decode = Decode::PgArray(ValueClass::of_type(&elem));
        }
        _ if flink == "BYTES" => decode = Decode::Bytes,
        _ => {}
    }
    let class = ValueClass::of_type(&flink);
    (
        QueryColumn {
            name: name.to_string(),
            native_type: native.to_string(),
            type_name: flink,
            class,
        },
        decode,
    )
}

/// A raw text (or bytes) value as the JSON the result store takes.
pub(crate) fn to_json(decode: Decode, raw: Option<&[u8]>) -> Value {
    let Some(raw) = raw else {
        return Value::Null;
    };
    match decode {
        Decode::Bytes => Value::String(base64::engine::general_purpose::STANDARD.encode(raw)),
        Decode::MaybeBytes => match std::str::from_utf8(raw) {
            Ok(t)
                if !t
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) =>
            {
                Value::String(t.to_string())
            }
            _ => Value::String(base64::engine::general_purpose::STANDARD.encode(raw)),
        },
        Decode::PgHex => {
            let text = String::from_utf8_lossy(raw);
            match text.strip_prefix("\\x").and_then(hex) {
                Some(bytes) => {
                    Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
                }
                None => Value::String(text.into_owned()),
            }
        }
        Decode::Bits => {
            if raw.len() <= 8 {
                let v = raw.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
                match i64::try_from(v) {
                    Ok(i) => Value::from(i),
                    Err(_) => Value::String(v.to_string()),
                }
            } else {
                Value::String(base64::engine::general_purpose::STANDARD.encode(raw))
            }
        }
        Decode::Class(class) => text_json(class, &String::from_utf8_lossy(raw)),
        Decode::PgArray(class) => {
            let text = String::from_utf8_lossy(raw);
            pg_array(&text, class).unwrap_or_else(|| Value::String(text.into_owned()))
        }
    }
}

fn hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// One value's text as JSON of its class; a text that does not fit is kept as a string (the
/// store counts it as a mismatch and shows it as written).
pub(crate) fn text_json(class: ValueClass, text: &str) -> Value {
    match class {
        ValueClass::Int => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_string())),
        ValueClass::Float => match text.parse::<f64>() {
            Ok(f) if f.is_finite() => serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(text.to_string())),
            _ => Value::String(text.to_string()),
        },
        ValueClass::Bool => match text {
            "1" | "t" | "true" | "TRUE" => Value::Bool(true),
            "0" | "f" | "false" | "FALSE" => Value::Bool(false),
            other => other
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(other.to_string())),
        },
        ValueClass::Decimal | ValueClass::Text | ValueClass::Nested => {
            Value::String(text.to_string())
        }
    }
}

/// Reads a PostgreSQL array literal (`{1,2,NULL}`, `{"a b","c\"d"}`, `{{1,2},{3,4}}`).
pub(crate) fn pg_array(text: &str, class: ValueClass) -> Option<Value> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut i = 0;
    // Arrays with explicit bounds start with `[1:2]=`.
    if chars.first() == Some(&'[') {
        while i < chars.len() && chars[i] != '=' {
            i += 1;
        }
        i += 1;
    }
    let v = parse_level(&chars, &mut i, class)?;
    (i == chars.len()).then_some(v)
}

fn parse_level(c: &[char], i: &mut usize, class: ValueClass) -> Option<Value> {
    if c.get(*i) != Some(&'{') {
        return None;
    }
    *i += 1;
    let mut items = Vec::new();
    if c.get(*i) == Some(&'}') {
        *i += 1;
        return Some(Value::Array(items));
    }
    loop {
        match c.get(*i)? {
            '{' => items.push(parse_level(c, i, class)?),
            '"' => {
                *i += 1;
                let mut s = String::new();
                loop {
                    match c.get(*i)? {
                        '\\' => {
                            s.push(*c.get(*i + 1)?);
                            *i += 2;
                        }
                        '"' => {
                            *i += 1;
                            break;
                        }
                        ch => {
                            s.push(*ch);
                            *i += 1;
                        }
                    }
                }
                items.push(text_json(class, &s));
            }
            _ => {
                let start = *i;
                while !matches!(c.get(*i), Some(',' | '}') | None) {
                    *i += 1;
                }
                let s: String = c[start..*i].iter().collect();
                let s = s.trim();
                items.push(if s.eq_ignore_ascii_case("NULL") {
                    Value::Null
                } else {
                    text_json(class, s)
                });
            }
        }
        match c.get(*i)? {
            ',' => *i += 1,
            '}' => {
                *i += 1;
                return Some(Value::Array(items));
            }
            _ => return None,
        }
    }
}

/// The writing side of a [`QueryRun`]: backends push columns and rows into it.
#[derive(Debug, Clone)]
pub(crate) struct Sink {
    state: Arc<Mutex<QueryState>>,
    tx: Arc<watch::Sender<u64>>,
    started: Instant,
    max_rows: u64,
    last_report: Arc<Mutex<Instant>>,
    decodes: Arc<Mutex<Vec<Decode>>>,
}

/// Whether pushing should go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    More,
    Full,
}

impl Sink {
    fn with<R>(&self, f: impl FnOnce(&mut QueryState) -> R) -> R {
        let mut g = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    fn report(&self) {
        self.tx.send_modify(|v| *v += 1);
    }

    /// Whether columns were set.
    pub(crate) fn has_columns(&self) -> bool {
        self.with(|s| s.results.is_some())
    }

    /// Sets the columns (once).
    pub(crate) fn columns(&self, db: DbKind, cols: &[(String, String)]) {
        let mut decodes = Vec::new();
        let cols: Vec<QueryColumn> = cols
            .iter()
            .map(|(n, t)| {
                let (c, d) = result_column(db, n, t);
                decodes.push(d);
                c
            })
            .collect();
        let specs = cols
            .iter()
            .map(|c| ColumnSpec::new(c.name.clone(), c.type_name.clone()))
            .collect();
        self.with(|s| {
            s.info.columns = cols;
            s.results = Some(ResultSet::new(specs, self.max_rows));
        });
        if let Ok(mut d) = self.decodes.lock() {
            *d = decodes;
        }
        self.report();
    }

    /// The decoding of each column (as set by [`Sink::columns`]).
    pub(crate) fn decodes(&self) -> Vec<Decode> {
        self.decodes.lock().map(|d| d.clone()).unwrap_or_default()
    }

    /// Stores one row; `Full` when the cap is reached (the row may not be stored).
    pub(crate) fn row(&self, fields: &[Value]) -> Flow {
        let flow = self.with(|s| {
            let Some(set) = s.results.as_mut() else {
                return Flow::More;
            };
            match set.push(ChangeKind::Insert, fields) {
                Ok(PushOutcome::Stored) => {
                    s.info.rows += 1;
                    if s.info.rows >= self.max_rows {
                        s.info.truncated_at = Some(self.max_rows);
                        Flow::Full
                    } else {
                        Flow::More
                    }
                }
                Ok(PushOutcome::Full) => {
                    s.info.rows += 1;
                    s.info.truncated_at = Some(self.max_rows);
                    Flow::Full
                }
                Ok(PushOutcome::Dropped) => {
                    s.info.truncated_at = Some(self.max_rows);
                    Flow::Full
                }
                Err(e) => {
                    tracing::warn!("a result row was dropped: {e}");
                    Flow::More
                }
            }
        });
        let due = self
            .last_report
            .lock()
            .map(|mut t| {
                if t.elapsed() >= REPORT_EVERY {
                    *t = Instant::now();
                    true
                } else {
                    false
                }
            })
            .unwrap_or(false);
        if due {
            self.with(|s| s.info.duration_ms = self.started.elapsed().as_millis() as u64);
            self.report();
        }
        flow
    }

    /// Rows stored so far.
    pub(crate) fn rows(&self) -> u64 {
        self.with(|s| s.info.rows)
    }

    /// Records rows changed by a statement without a result.
    pub(crate) fn affected(&self, n: u64) {
        self.with(|s| *s.info.rows_affected.get_or_insert(0) += n);
    }

    /// Ends the run.
    pub(crate) fn finish(&self, outcome: Result<(), DbError>) {
        let elapsed = self.started.elapsed().as_millis() as u64;
        self.with(|s| {
            s.info.duration_ms = elapsed;
            s.info.status = match &outcome {
                Ok(()) => QueryStatus::Ok,
                Err(DbError::Cancelled) => QueryStatus::Cancelled,
                Err(_) => QueryStatus::Error,
            };
            if let Err(e) = &outcome {
                if !matches!(e, DbError::Cancelled) {
                    s.info.error = Some(e.to_string());
                }
            }
            s.finished = true;
        });
        self.report();
    }
}

/// A new run and its writing side.
pub(crate) fn start(options: &QueryOptions) -> (QueryRun, Sink, CancellationToken) {
    let state = Arc::new(Mutex::new(QueryState {
        info: QueryInfo {
            status: QueryStatus::Running,
            columns: Vec::new(),
            rows: 0,
            rows_affected: None,
            truncated_at: None,
            duration_ms: 0,
            error: None,
        },
        results: None,
        finished: false,
    }));
    let cancel = CancellationToken::new();
    let (tx, rx) = watch::channel(0u64);
    let run = QueryRun {
        state: state.clone(),
        cancel: cancel.clone(),
        changes: rx,
    };
    let sink = Sink {
        state,
        tx: Arc::new(tx),
        started: Instant::now(),
        max_rows: options.max_rows.clamp(1, u64::from(u32::MAX)),
        last_report: Arc::new(Mutex::new(Instant::now())),
        decodes: Arc::new(Mutex::new(Vec::new())),
    };
    (run, sink, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn texts_become_typed_json() {
        assert_eq!(text_json(ValueClass::Int, "-42"), json!(-42));
        assert_eq!(
            text_json(ValueClass::Int, "18446744073709551615"),
            json!("18446744073709551615")
        );
        assert_eq!(text_json(ValueClass::Float, "1.5"), json!(1.5));
        assert_eq!(text_json(ValueClass::Float, "NaN"), json!("NaN"));
        assert_eq!(text_json(ValueClass::Bool, "t"), json!(true));
        assert_eq!(text_json(ValueClass::Bool, "0"), json!(false));
        assert_eq!(text_json(ValueClass::Bool, "5"), json!(5));
        assert_eq!(
            text_json(ValueClass::Decimal, "12345678901234567890.12"),
            json!("12345678901234567890.12")
        );
        assert_eq!(to_json(Decode::Bytes, Some(&[0xde, 0xad])), json!("3q0="));
        assert_eq!(to_json(Decode::PgHex, Some(b"\\xdead")), json!("3q0="));
        assert_eq!(to_json(Decode::Bits, Some(&[0x01, 0x05])), json!(261));
        assert_eq!(to_json(Decode::Class(ValueClass::Int), None), Value::Null);
    }

    #[test]
    fn postgres_arrays() {
        assert_eq!(
            pg_array("{1,2,NULL}", ValueClass::Int),
            Some(json!([1, 2, null]))
        );
        assert_eq!(
            pg_array(r#"{"a b","c\"d",e}"#, ValueClass::Text),
            Some(json!(["a b", "c\"d", "e"]))
        );
        assert_eq!(
            pg_array("{{1,2},{3,4}}", ValueClass::Int),
            Some(json!([[1, 2], [3, 4]]))
        );
        assert_eq!(pg_array("{}", ValueClass::Int), Some(json!([])));
        assert_eq!(
            pg_array("[0:1]={7,8}", ValueClass::Int),
            Some(json!([7, 8]))
        );
        assert_eq!(pg_array("{1,2", ValueClass::Int), None);
    }

    #[test]
    fn result_columns_keep_native_names() {
        let (c, d) = result_column(DbKind::Mysql, "n", "BIGINT UNSIGNED");
        assert_eq!(
            (c.type_name.as_str(), c.class, d),
            (
                "DECIMAL(20, 0)",
                ValueClass::Decimal,
                Decode::Class(ValueClass::Decimal)
            )
        );
        let (c, _) = result_column(DbKind::Mysql, "d", "DECIMAL");
        assert_eq!(c.type_name, "DECIMAL");
        let (c, d) = result_column(DbKind::Postgres, "a", "INT4[]");
        assert_eq!(
            (c.type_name.as_str(), d),
            ("ARRAY<INT>", Decode::PgArray(ValueClass::Int))
        );
        let (_, d) = result_column(DbKind::Mysql, "b", "BLOB");
        assert_eq!(d, Decode::MaybeBytes);
        assert_eq!(
            to_json(Decode::MaybeBytes, Some(b"{\"k\": 1}")),
            json!("{\"k\": 1}")
        );
        assert_eq!(to_json(Decode::MaybeBytes, Some(&[0, 0xff])), json!("AP8="));
        assert_eq!(to_json(Decode::MaybeBytes, Some(b"a\0b")), json!("YQBi"));
    }

    #[test]
    fn the_sink_caps_and_keeps_rows() {
        let (run, sink, _) = start(&QueryOptions {
            max_rows: 2,
            ..Default::default()
        });
        sink.columns(DbKind::Mysql, &[("a".into(), "INT".into())]);
        assert_eq!(sink.row(&[json!(1)]), Flow::More);
        assert_eq!(sink.row(&[json!(2)]), Flow::Full);
        sink.finish(Err(DbError::Other {
            profile: "p".into(),
            message: "gone".into(),
        }));
        let info = run.info();
        assert_eq!(
            (info.rows, info.truncated_at, info.status),
            (2, Some(2), QueryStatus::Error)
        );
        assert_eq!(info.error.as_deref(), Some("connection 'p': gone"));
        assert!(run.finished());
    }
}
