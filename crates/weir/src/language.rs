//! The language services of open scripts, over weir-sql: highlight spans from a tree-sitter tree
//! kept in step with every edit (one per open script, so this holds state), and diagnostics of a
//! database tab read with its server's dialect (which needs weir-db) — all in the editor's UTF-16
//! offsets. Flink diagnostics and completion are pure functions of the text and live in weir-sql
//! ([`weir_sql::doc_diagnostics`], [`weir_sql::complete`]).

use crate::docs::TextChange;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use weir_sql::doc_diagnostics::{
    DiagnosticSeverity, DocDiagnostic, DocDiagnostics, StatementDiagnostics,
};
use weir_sql::highlight::{DocId, HighlightKind, Highlighter};
use weir_store::ScriptId;

/// Highlight kinds in the order of [`Highlights::spans`]' kind indexes.
pub const HIGHLIGHT_KINDS: [HighlightKind; 12] = [
    HighlightKind::Keyword,
    HighlightKind::Function,
    HighlightKind::Type,
    HighlightKind::String,
    HighlightKind::Number,
    HighlightKind::Comment,
    HighlightKind::Operator,
    HighlightKind::Punctuation,
    HighlightKind::Variable,
    HighlightKind::Property,
    HighlightKind::Attribute,
    HighlightKind::Identifier,
];

/// Highlight spans of a range of a script, compact: `spans` holds `[start, end, kind]` triples
/// (UTF-16 offsets; `kind` indexes `kinds`), sorted and non-overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Highlights {
    /// The range that was asked for (clamped to the text).
    pub from: u32,
    pub to: u32,
    /// Length of the text the spans belong to, so a stale answer can be recognised.
    pub len: u32,
    pub spans: Vec<u32>,
    /// Names of the kinds (`keyword`, `function` …), the editor's CSS class suffixes.
    pub kinds: Vec<String>,
}

fn kind_index(kind: HighlightKind) -> u32 {
    HIGHLIGHT_KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u32
}

fn doc_id(id: ScriptId) -> DocId {
    id as DocId
}

/// Diagnostics of a script that runs on a database of `kind`: each statement read with that
/// server's dialect (Flink's grammar does not apply). sqlparser may lag the server, so a
/// statement it cannot read is a warning; the server decides when it runs.
pub fn dialect_diagnostics(text: &str, kind: weir_db::DbKind) -> DocDiagnostics {
    let name = match kind {
        weir_db::DbKind::Mysql => "MySQL",
        weir_db::DbKind::Postgres => "PostgreSQL",
        weir_db::DbKind::Sqlite => "SQLite",
    };
    let reports: Vec<weir_sql::StatementReport> = weir_sql::split(text)
        .iter()
        .map(|st| {
            let mut diagnostics = Vec::new();
            if let Some(e) = weir_db::dialect::syntax_error(kind, &masked(st)) {
                let start = match e.at {
                    Some((line, column)) => position_in(st, line, column),
                    None => st.span.end,
                };
                let end = st.text[start.offset - st.span.start.offset..]
                    .chars()
                    .next()
                    .map_or(start, |c| start.advance(&c.to_string()));
                diagnostics.push(weir_sql::Diagnostic::new(
                    weir_sql::Severity::Warning,
                    &format!("not {name} as Weir reads it: {}", e.message),
                    weir_sql::Span::new(start, end),
                ));
            }
            weir_sql::StatementReport {
                index: st.index,
                kind: None,
                start: st.span.start,
                end: st.span.end,
                statement_set: None,
                diagnostics,
            }
        })
        .collect();
    weir_sql::doc_diagnostics::from_reports(text, &reports)
}

/// A statement's text with its `${…}` placeholders replaced by a name of the same length.
fn masked(st: &weir_sql::StatementText) -> String {
    let mut text = st.text.clone().into_bytes();
    for var in weir_sql::vars::find_vars(&st.text, st.span.start) {
        let from = var.span.start.offset - st.span.start.offset;
        let to = (var.span.end.offset - st.span.start.offset).min(text.len());
        for (i, b) in text[from..to].iter_mut().enumerate() {
            *b = if i == 0 { b'x' } else { b'_' };
        }
    }
    String::from_utf8(text).unwrap_or_else(|_| st.text.clone())
}

/// The script position of 1-based `line`/`column` (characters) within statement `st`.
fn position_in(st: &weir_sql::StatementText, line: usize, column: usize) -> weir_sql::Position {
    let mut p = st.span.start;
    let (mut l, mut c) = (1, 1);
    for ch in st.text.chars() {
        if l > line || (l == line && c >= column) {
            break;
        }
        p = p.advance(&ch.to_string());
        if ch == '\n' {
            l += 1;
            c = 1;
        } else {
            c += 1;
        }
    }
    p
}

/// One tree-sitter tree per open script, fed by the editor's edits.
pub(crate) struct Syntax {
    highlighter: Option<Highlighter>,
}

impl std::fmt::Debug for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syntax").finish_non_exhaustive()
    }
}

impl Syntax {
    pub fn new() -> Syntax {
        let highlighter = match Highlighter::new() {
            Ok(h) => Some(h),
            Err(e) => {
                tracing::error!("syntax highlighting is off: {e}");
                None
            }
        };
        Syntax { highlighter }
    }

    pub fn is_open(&self, id: ScriptId) -> bool {
        self.highlighter
            .as_ref()
            .is_some_and(|h| h.is_open(doc_id(id)))
    }

    /// Parses a script's whole text (on open, or when the text was replaced).
    pub fn open(&mut self, id: ScriptId, text: &str) {
        if let Some(h) = &mut self.highlighter {
            if let Err(e) = h.open(doc_id(id), text) {
                tracing::warn!("could not parse script {id} for highlighting: {e}");
                h.close(doc_id(id));
            }
        }
    }

    /// Applies an editor transaction (already applied to `text_after`) to the tree, change by
    /// change from the last, so each change's original offsets still hold; reparses the whole
    /// text if the tree cannot follow.
    pub fn edit(&mut self, id: ScriptId, changes: &[TextChange], text_after: &str) {
        let Some(h) = &mut self.highlighter else {
            return;
        };
        if !h.is_open(doc_id(id)) {
            self.open(id, text_after);
            return;
        }
        let mut sorted: Vec<&TextChange> = changes.iter().collect();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.from));
        for c in sorted {
            if let Err(e) = h.edit_utf16(doc_id(id), c.from as usize, c.to as usize, &c.insert) {
                tracing::warn!("reparsing script {id}: {e}");
                self.open(id, text_after);
                return;
            }
        }
    }

    pub fn close(&mut self, id: ScriptId) {
        if let Some(h) = &mut self.highlighter {
            h.close(doc_id(id));
        }
    }

    /// Highlight spans of UTF-16 range `from..to` of an open script whose text is `len` UTF-16
    /// units long.
    pub fn highlights(&mut self, id: ScriptId, from: u32, to: u32, len: u32) -> Highlights {
        let kinds = HIGHLIGHT_KINDS
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        let mut out = Highlights {
            from,
            to: to.max(from),
            len: 0,
            spans: Vec::new(),
            kinds,
        };
        let Some(h) = &mut self.highlighter else {
            return out;
        };
        let doc = doc_id(id);
        if !h.is_open(doc) {
            return out;
        }
        out.len = len;
        out.from = from.min(len);
        out.to = to.clamp(out.from, len);
        match h.highlights_utf16(doc, out.from as usize..out.to as usize) {
            Ok(spans) => {
                out.spans.reserve(spans.len() * 3);
                for s in spans {
                    out.spans
                        .extend([s.start as u32, s.end as u32, kind_index(s.kind)]);
                }
            }
            Err(e) => tracing::warn!("could not highlight script {id}: {e}"),
        }
        out
    }

    /// A syntax with one script open (for tests).
    #[cfg(test)]
    pub fn new_with(id: ScriptId, text: &str) -> Syntax {
        let mut s = Syntax::new();
        s.open(id, text);
        s
    }

    /// The tree's copy of a script's text (for tests).
    #[cfg(test)]
    pub fn text(&self, id: ScriptId) -> Option<String> {
        self.highlighter
            .as_ref()
            .and_then(|h| h.text(doc_id(id)))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: u32, to: u32, insert: &str) -> TextChange {
        TextChange {
            from,
            to,
            insert: insert.into(),
        }
    }

    fn utf16(text: &str) -> u32 {
        text.encode_utf16().count() as u32
    }

    fn fresh(text: &str) -> Highlights {
        let mut s = Syntax::new();
        s.open(1, text);
        s.highlights(1, 0, u32::MAX, utf16(text))
    }

    #[test]
    fn edits_keep_the_spans_of_a_fresh_parse() {
        let mut s = Syntax::new();
        let mut doc = crate::docs::Doc::new("SELECT a FROM t".into(), None);
        s.open(7, &doc.text);
        let steps: Vec<Vec<TextChange>> = vec![
            vec![change(7, 7, "é😀, ")],
            vec![change(0, 0, "-- note\n"), change(15, 15, "'x' || ")],
            vec![change(0, 8, "")],
            vec![change(0, 6, "select"), change(6, 6, " COUNT(*) AS n,")],
            vec![change(
                0,
                0,
                "CREATE TABLE t (id INT) WITH ('connector' = 'print');\n",
            )],
            vec![change(27, 27, " /* open")],
        ];
        for changes in steps {
            let len_after = weir_sql::utf16::len(&doc.text) as i64
                + changes
                    .iter()
                    .map(|c| weir_sql::utf16::len(&c.insert) as i64 - (c.to - c.from) as i64)
                    .sum::<i64>();
            doc.apply(7, &changes, len_after as u32).unwrap();
            s.edit(7, &changes, &doc.text);
            assert_eq!(s.text(7).as_deref(), Some(doc.text.as_str()));
            let incremental = s.highlights(7, 0, u32::MAX, utf16(&doc.text));
            assert_eq!(
                incremental,
                fresh(&doc.text),
                "after {changes:?}: {}",
                doc.text
            );
            assert!(!incremental.spans.is_empty());
        }
    }

    #[test]
    fn spans_are_utf16_triples_of_known_kinds() {
        let h = fresh("SELECT 'é😀', 1 -- c");
        let triples: Vec<(u32, u32, &str)> = h
            .spans
            .chunks(3)
            .map(|t| (t[0], t[1], h.kinds[t[2] as usize].as_str()))
            .collect();
        assert_eq!(triples[0], (0, 6, "keyword"));
        // The string is 'é😀' = 1 + 1 + 2 + 1 units.
        assert!(triples.contains(&(7, 12, "string")), "{triples:?}");
        assert!(triples.contains(&(14, 15, "number")), "{triples:?}");
        assert!(triples.contains(&(16, 20, "comment")), "{triples:?}");
        assert_eq!(h.len, 20);
        // A range past the end is clamped.
        let mut s = Syntax::new();
        s.open(1, "SELECT 1");
        let h = s.highlights(1, 3, 999, 8);
        assert_eq!((h.from, h.to), (3, 8));
        assert_eq!(h.spans[..3], [3, 6, 0]);
    }

    #[test]
    fn a_database_tab_is_read_with_its_servers_dialect() {
        let script = "SELECT now()::date AS d, '${secret:db/x}' AS s FROM ${table};\n\
                      -- é\nSELECT a FROM t WHERE ) oops;\nSELECT 1";
        let d = dialect_diagnostics(script, weir_db::DbKind::Postgres);
        assert_eq!(d.statements.len(), 3);
        assert!(
            d.statements[0].diagnostics.is_empty(),
            "{:?}",
            d.statements[0]
        );
        assert!(d.statements[2].diagnostics.is_empty());
        let bad = &d.statements[1].diagnostics;
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].severity, DiagnosticSeverity::Warning);
        assert!(
            bad[0]
                .message
                .starts_with("not PostgreSQL as Weir reads it: "),
            "{bad:?}"
        );
        // `)` on line 3, column 23: the squiggle covers it (UTF-16 offsets).
        assert_eq!((bad[0].line, bad[0].column), (3, 23));
        let at = script.find(") oops").unwrap();
        let units = script[..at].encode_utf16().count() as u32;
        assert_eq!((bad[0].from, bad[0].to), (units, units + 1));
        // MySQL's own syntax is fine in a MySQL tab.
        let my = "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)";
        let d = dialect_diagnostics(my, weir_db::DbKind::Mysql);
        assert!(
            d.statements[0].diagnostics.is_empty(),
            "{:?}",
            d.statements[0]
        );
        // An unexpected end points at the end of the statement.
        let d = dialect_diagnostics("SELECT a FROM t WHERE", weir_db::DbKind::Sqlite);
        assert_eq!(d.statements[0].diagnostics[0].from, 21);
    }
}
