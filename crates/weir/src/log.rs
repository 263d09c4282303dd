//! The app's log: `tracing` events from every crate, kept in a ring buffer for the bottom panel,
//! appended to a log file, and pushed to a listener (the window) as they happen.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use ts_rs::TS;

/// How many entries the ring buffer keeps.
const KEPT: usize = 5000;
/// A log file larger than this is started afresh when Weir starts.
const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// One line of the app's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Increasing number, so a listener can tell what it has seen.
    #[ts(type = "number")]
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub ts_ms: i64,
    /// "error", "warn", "info", "debug" or "trace".
    pub level: String,
    /// Where it came from (the Rust module).
    pub target: String,
    pub message: String,
}

type Listener = Box<dyn Fn(&LogEntry) + Send + Sync>;

#[derive(Default)]
struct Inner {
    entries: VecDeque<LogEntry>,
    next_seq: u64,
    file: Option<std::fs::File>,
    listener: Option<Listener>,
}

/// The app's log; clones share it.
#[derive(Clone, Default)]
pub struct AppLog {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for AppLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppLog")
    }
}

impl AppLog {
    /// A log with no file and no listener yet.
    pub fn new() -> AppLog {
        AppLog::default()
    }

    /// Also appends entries to `dir/weir.log` (started afresh when it grew too large).
    pub fn write_to_dir(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let path = dir.join("weir.log");
        let too_big = std::fs::metadata(&path)
            .map(|m| m.len() > MAX_FILE_BYTES)
            .unwrap_or(false);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(!too_big)
            .write(true)
            .truncate(too_big)
            .open(&path)?;
        if let Ok(mut inner) = self.inner.lock() {
            inner.file = Some(file);
        }
        Ok(path)
    }

    /// Calls `f` with every new entry (replacing any earlier listener).
    pub fn set_listener(&self, f: impl Fn(&LogEntry) + Send + Sync + 'static) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.listener = Some(Box::new(f));
        }
    }

    /// The kept entries with `seq >= from`, oldest first.
    pub fn entries(&self, from: u64) -> Vec<LogEntry> {
        self.inner
            .lock()
            .map(|i| {
                i.entries
                    .iter()
                    .filter(|e| e.seq >= from)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Adds an entry.
    pub fn push(&self, level: &str, target: &str, message: String) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let entry = LogEntry {
            seq: inner.next_seq,
            ts_ms: weir_store::now_ms(),
            level: level.to_string(),
            target: target.to_string(),
            message,
        };
        inner.next_seq += 1;
        if let Some(file) = inner.file.as_mut() {
            let _ = writeln!(
                file,
                "{} {:5} {}: {}",
                entry.ts_ms, entry.level, entry.target, entry.message
            );
        }
        if let Some(listener) = &inner.listener {
            listener(&entry);
        }
        if inner.entries.len() == KEPT {
            inner.entries.pop_front();
        }
        inner.entries.push_back(entry);
    }

    /// A `tracing` layer that feeds this log (debug and above).
    pub fn layer(&self) -> AppLogLayer {
        AppLogLayer { log: self.clone() }
    }
}

/// The `tracing` layer of an [`AppLog`].
pub struct AppLogLayer {
    log: AppLog,
}

struct MessageVisitor(String);

impl Visit for MessageVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

impl<S: Subscriber> Layer<S> for AppLogLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        if *meta.level() > Level::DEBUG {
            return;
        }
        let mut visitor = MessageVisitor(String::new());
        event.record(&mut visitor);
        let level = meta.level().as_str().to_ascii_lowercase();
        self.log.push(&level, meta.target(), visitor.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::layer::SubscriberExt;

    #[test]
    fn tracing_events_reach_the_buffer_the_file_and_the_listener() {
        let dir = tempfile::tempdir().unwrap();
        let log = AppLog::new();
        log.write_to_dir(dir.path()).unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        log.set_listener(move |e| s2.lock().unwrap().push(e.message.clone()));
        let subscriber = tracing_subscriber::registry().with(log.layer());
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(script = 7, "opened workspace");
            tracing::trace!("too chatty");
        });
        let entries = log.entries(0);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].level, "info");
        assert_eq!(entries[0].message, "opened workspace script=7");
        assert_eq!(seen.lock().unwrap().len(), 1);
        let file = std::fs::read_to_string(dir.path().join("weir.log")).unwrap();
        assert!(file.contains("opened workspace"), "{file}");
        assert!(log.entries(1).is_empty());
    }
}
