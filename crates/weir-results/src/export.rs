//! Writing rows out: a selection streamed to any writer as CSV, JSON Lines, TSV or Markdown, with
//! progress and cancellation; chosen rows as text for the clipboard; one row as exact JSON.

use crate::column::{Column, Scratch};
use crate::query::{RowId, Selection};
use crate::{ResultError, ResultSet};
use serde::{Deserialize, Serialize};
use std::io::Write;
use ts_rs::TS;

/// Rows between progress reports.
const PROGRESS_EVERY: u64 = 10_000;
/// Rows between cancel checks.
const CANCEL_EVERY: u64 = 1_024;

/// A text format for rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    /// RFC 4180: header of column names, CRLF line ends, quotes where needed, NULL as an empty
    /// field, nested values as JSON text.
    Csv,
    /// One JSON object per line, keyed by column name; decimals as exact numbers.
    JsonLines,
    /// Tab-separated with a header and LF line ends, quoted where needed (spreadsheets' paste).
    Tsv,
    /// A Markdown table; `|` escaped, line breaks as `<br>`, numeric columns right-aligned.
    Markdown,
}

/// One format's writer over a byte sink.
enum Sink<'w> {
    Delimited(Box<csv::Writer<&'w mut dyn Write>>),
    Plain(&'w mut dyn Write),
}

/// Writes rows of one result in one format.
struct RowWriter<'a, 'w> {
    columns: &'a [Column],
    format: ExportFormat,
    sink: Sink<'w>,
    scratch: Scratch,
    line: Vec<u8>,
    /// JSON Lines: each column's `"name":`, escaped once.
    keys: Vec<Vec<u8>>,
}

impl<'a, 'w> RowWriter<'a, 'w> {
    fn new(columns: &'a [Column], format: ExportFormat, out: &'w mut dyn Write) -> Self {
        let sink = match format {
            ExportFormat::Csv => Sink::Delimited(Box::new(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out),
            )),
            ExportFormat::Tsv => Sink::Delimited(Box::new(
                csv::WriterBuilder::new()
                    .delimiter(b'\t')
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(out),
            )),
            ExportFormat::JsonLines | ExportFormat::Markdown => Sink::Plain(out),
        };
        let keys = columns
            .iter()
            .map(|c| {
                let mut k = serde_json::to_vec(&c.spec.name).unwrap_or_default();
                k.push(b':');
                k
            })
            .collect();
        RowWriter {
            columns,
            format,
            sink,
            scratch: Scratch::default(),
            line: Vec::new(),
            keys,
        }
    }

    fn header(&mut self) -> Result<(), ResultError> {
        match &mut self.sink {
            Sink::Delimited(w) => w.write_record(self.columns.iter().map(|c| &c.spec.name))?,
            Sink::Plain(out) if self.format == ExportFormat::Markdown => {
                let mut line = Vec::new();
                let mut rule = Vec::new();
                for c in self.columns {
                    line.extend_from_slice(b"| ");
                    markdown_escape(&c.spec.name, &mut line);
                    line.push(b' ');
                    rule.extend_from_slice(if c.class.is_numeric() {
                        b"| ---: "
                    } else {
                        b"| --- "
                    });
                }
                line.extend_from_slice(b"|\n");
                rule.extend_from_slice(b"|\n");
                out.write_all(&line)?;
                out.write_all(&rule)?;
            }
            Sink::Plain(_) => {}
        }
        Ok(())
    }

    fn row(&mut self, row: usize) -> Result<(), ResultError> {
        let line = &mut self.line;
        line.clear();
        match &mut self.sink {
            Sink::Delimited(w) => {
                for c in self.columns {
                    w.write_field(c.display(row, &mut self.scratch).unwrap_or_default())?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            Sink::Plain(out) if self.format == ExportFormat::JsonLines => {
                line.push(b'{');
                for (i, c) in self.columns.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    line.extend_from_slice(&self.keys[i]);
                    c.write_json(row, line, &mut self.scratch);
                }
                line.extend_from_slice(b"}\n");
                out.write_all(line)?;
            }
            Sink::Plain(out) => {
                for c in self.columns {
                    line.extend_from_slice(b"| ");
                    if let Some(t) = c.display(row, &mut self.scratch) {
                        markdown_escape(t, line);
                    }
                    line.push(b' ');
                }
                line.extend_from_slice(b"|\n");
                out.write_all(line)?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), ResultError> {
        match self.sink {
            Sink::Delimited(mut w) => w.flush()?,
            Sink::Plain(out) => out.flush()?,
        }
        Ok(())
    }
}

/// Appends Markdown table cell text: `|` escaped, line breaks as `<br>`.
fn markdown_escape(s: &str, out: &mut Vec<u8>) {
    let mut rest = s;
    while let Some(i) = rest.find(['|', '\r', '\n']) {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let tail = &rest[i..];
        rest = if let Some(after) = tail.strip_prefix('|') {
            out.extend_from_slice(b"\\|");
            after
        } else {
            out.extend_from_slice(b"<br>");
            let skip = if tail.starts_with("\r\n") { 2 } else { 1 };
            &tail[skip..]
        };
    }
    out.extend_from_slice(rest.as_bytes());
}

impl ResultSet {
    /// Streams a selection (view, sort, filters: what the grid shows) to `out` with a header.
    ///
    /// `progress(done, total)` is called every 10,000 rows and at the end; `cancel()` is checked
    /// every 1,024 rows and, when true, stops with [`ResultError::Cancelled`] (the output is then
    /// incomplete). Returns the rows written.
    pub fn export(
        &mut self,
        sel: &Selection,
        format: ExportFormat,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &dyn Fn() -> bool,
    ) -> Result<u64, ResultError> {
        let ids = self.row_ids(sel)?;
        let total = ids.len() as u64;
        let mut w = RowWriter::new(&self.columns, format, out);
        w.header()?;
        for (done, &id) in (0u64..).zip(ids.iter()) {
            if done.is_multiple_of(CANCEL_EVERY) && cancel() {
                w.finish()?;
                return Err(ResultError::Cancelled { rows: done });
            }
            if done.is_multiple_of(PROGRESS_EVERY) && done > 0 {
                progress(done, total);
            }
            w.row(id as usize)?;
        }
        w.finish()?;
        progress(total, total);
        Ok(total)
    }

    /// Chosen rows of a selection (positions in it, as in [`crate::WindowRow::index`]) as text,
    /// with a header: TSV or Markdown for the clipboard, or CSV / JSON Lines. Positions past the
    /// end are skipped.
    pub fn copy_rows(
        &mut self,
        sel: &Selection,
        indexes: &[u64],
        format: ExportFormat,
    ) -> Result<String, ResultError> {
        let ids = self.row_ids(sel)?;
        let mut out = Vec::new();
        let mut w = RowWriter::new(&self.columns, format, &mut out);
        w.header()?;
        for &i in indexes {
            if let Some(&id) = usize::try_from(i).ok().and_then(|i| ids.get(i)) {
                w.row(id as usize)?;
            }
        }
        w.finish()?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Physical row `row` as a JSON array text, decimals as bare numbers with their exact digits
    /// (`[1,12.50,"x"]`), non-finite floats as strings; `None` if the row does not exist.
    pub fn row_json(&self, row: RowId) -> Option<String> {
        let r = row as usize;
        if r >= self.kinds.len() {
            return None;
        }
        let mut out = vec![b'['];
        let mut scratch = Scratch::default();
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            c.write_json(r, &mut out, &mut scratch);
        }
        out.push(b']');
        Some(String::from_utf8_lossy(&out).into_owned())
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
