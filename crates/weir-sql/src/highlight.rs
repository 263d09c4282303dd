//! Incremental syntax highlighting of open Flink SQL documents with tree-sitter.
//!
//! The editor (CodeMirror) owns the text on screen and sends every change to Rust. A
//! [`Highlighter`] keeps, per open document, the text and its tree-sitter tree; [`Highlighter::edit`]
//! applies a change with `Tree::edit` and re-parses incrementally (reusing the old tree), and
//! [`Highlighter::highlights`] answers the highlight spans of the range the editor shows.
//!
//! Offsets are UTF-8 byte offsets in Rust. CodeMirror counts UTF-16 code units, so every entry point
//! has a `_utf16` twin; the conversion uses a per-document checkpoint index, so it costs a few
//! kilobytes of scanning, not the whole document.
//!
//! Highlight kinds come from the capture names of the grammar's `queries/highlights.scm`
//! (see [`HighlightKind`]). Where captures overlap, the innermost node wins (a placeholder inside a
//! string is a [`HighlightKind::Variable`]); on the same node, the earlier pattern of the query wins.
//!
//! Nothing here panics on any input: bad offsets are errors, ranges to highlight are clamped.
//!
//! Cost (see `benches/highlight.rs`): on a 10,000-line script an edit plus the spans of 60 lines
//! takes about 0.6–0.9 ms. Most of it is tree-sitter re-linking the top-level list of statements:
//! its repetition nodes are never reused, so a re-parse is linear in the number of statements
//! (≈0.5 µs each) however small the edit. Far larger scripts would want one tree per chunk of
//! statements.

use std::collections::HashMap;
use std::ops::Range;

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{
    InputEdit, Parser, Point, Query, QueryCursor, QueryCursorOptions, QueryCursorState,
    StreamingIterator, Tree,
};

use crate::lexer::{Scanner, TokKind};
use crate::span::Position;
pub use crate::utf16::{byte_to_utf16, utf16_to_byte};
use crate::utf16::{count_newlines, floor_char_boundary, utf16_len, OffsetIndex};

/// How long one [`Highlighter::highlights`] call may spend in tree-sitter's query before the
/// range is highlighted from its tokens instead ([`lexical`]). A screenful of an ordinary
/// script takes well under a millisecond.
const QUERY_BUDGET: Duration = Duration::from_millis(150);

/// How long one parse (opening a document, or re-parsing it after an edit) of a `len`-byte text
/// may take before the document is highlighted from its tokens instead: 300 ms plus 250 ms per
/// MB. On this project's 2-core build machine (release build) the corpus's statements parse from
/// scratch at about 180 ms per MB (10 MB in 1.8 s), an edit's re-parse takes milliseconds, and a
/// malformed 1 MB paste sent tree-sitter's error recovery into 14 s.
fn parse_budget(len: usize) -> Duration {
    Duration::from_millis(300) + Duration::from_micros((len / 4) as u64)
}

/// Identifies an open document (an editor tab).
pub type DocId = u64;

/// What a highlighted piece of text is; each maps to one CSS class in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HighlightKind {
    /// Keywords (`SELECT`, `WITH`, `NOT ENFORCED` …), literals `TRUE`/`NULL`, time units.
    Keyword,
    /// The name of a called function.
    Function,
    /// A data type name (`INT`, `STRING`, `ROW`, a user type …).
    Type,
    /// A string literal.
    String,
    /// A numeric literal.
    Number,
    /// A `--` or `/* */` comment.
    Comment,
    /// An operator (`=`, `<>`, `+`, `||`, `=>` …).
    Operator,
    /// Brackets, commas, dots and semicolons.
    Punctuation,
    /// A `${var}` or `${secret:name}` placeholder, also inside a string.
    Variable,
    /// An option key: `'connector'` in `WITH (…)`, SET/RESET keys, hint option keys.
    Property,
    /// A hint: `/*+`, `*/` and hint names such as `OPTIONS` or `BROADCAST`.
    Attribute,
    /// Any other name: tables, columns, aliases, catalogs.
    Identifier,
}

impl HighlightKind {
    /// The kind for a capture name of `highlights.scm` (`@keyword` → `keyword`), if it is one of ours.
    pub fn from_capture_name(name: &str) -> Option<Self> {
        // `@keyword.control` style names map by their first part.
        let base = name.split('.').next().unwrap_or(name);
        Some(match base {
            "keyword" => Self::Keyword,
            "function" => Self::Function,
            "type" => Self::Type,
            "string" => Self::String,
            "number" => Self::Number,
            "comment" => Self::Comment,
            "operator" => Self::Operator,
            "punctuation" => Self::Punctuation,
            "variable" => Self::Variable,
            "property" => Self::Property,
            "attribute" => Self::Attribute,
            "identifier" => Self::Identifier,
            _ => return None,
        })
    }

    /// A stable lower-case name, used as the editor's CSS class suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keyword => "keyword",
            Self::Function => "function",
            Self::Type => "type",
            Self::String => "string",
            Self::Number => "number",
            Self::Comment => "comment",
            Self::Operator => "operator",
            Self::Punctuation => "punctuation",
            Self::Variable => "variable",
            Self::Property => "property",
            Self::Attribute => "attribute",
            Self::Identifier => "identifier",
        }
    }
}

/// A highlighted range of a document; `start..end` in UTF-8 bytes (or UTF-16 code units when it comes
/// from a `_utf16` method). Spans are sorted, never overlap and never are empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HighlightSpan {
    /// First offset of the span.
    pub start: usize,
    /// Offset just past the span.
    pub end: usize,
    /// What the text is.
    pub kind: HighlightKind,
}

/// What went wrong in a highlighter call.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HighlightError {
    /// The document was never opened or was closed.
    #[error(
        "document {0} is not open in the highlighter; open it before editing or highlighting it"
    )]
    UnknownDocument(DocId),
    /// An edit's offsets are outside the document or split a character.
    #[error(
        "edit {start}..{old_end} does not fit document {doc} ({len} {unit}): {reason}; \
         resynchronise the document by opening it again"
    )]
    InvalidEdit {
        /// The document.
        doc: DocId,
        /// Start of the replaced range.
        start: usize,
        /// End of the replaced range.
        old_end: usize,
        /// Length of the document in `unit`s.
        len: usize,
        /// `bytes` or `UTF-16 code units`.
        unit: &'static str,
        /// Why the range is invalid.
        reason: &'static str,
    },
    /// The document is larger than tree-sitter's 4 GiB limit.
    #[error("document {doc} is {len} bytes, more than the 4 GiB tree-sitter can parse")]
    TooLarge {
        /// The document.
        doc: DocId,
        /// Its length in bytes.
        len: usize,
    },
    /// The grammar or its highlight query could not be loaded (a build problem, not user input).
    #[error("the Flink SQL grammar could not be loaded: {0}")]
    Grammar(String),
}

/// Keeps one tree per open document and answers highlight spans; see the [module docs](self).
pub struct Highlighter {
    parser: Parser,
    query: Query,
    /// Highlight kind for each capture index of `query`.
    capture_kinds: Vec<Option<HighlightKind>>,
    cursor: QueryCursor,
    docs: HashMap<DocId, Document>,
}

struct Document {
    text: String,
    /// `None` when parsing ran out of its [`parse_budget`]: the document is highlighted from its
    /// tokens until it parses again.
    tree: Option<Tree>,
    /// The length of the text whose parse last ran out of budget: without a tree, an edit
    /// parses from scratch only once the text is at most half that long, so each keystroke in
    /// a pathological paste does not pay the budget again.
    over_budget_at: Option<usize>,
    index: OffsetIndex,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("open_documents", &self.docs.len())
            .finish()
    }
}

impl Highlighter {
    /// A highlighter for Flink SQL with no open document.
    pub fn new() -> Result<Self, HighlightError> {
        let language = tree_sitter_flinksql::language();
        let mut parser = Parser::new();
        parser
            .set_language(&language)
            .map_err(|e| HighlightError::Grammar(e.to_string()))?;
        let query = Query::new(&language, tree_sitter_flinksql::HIGHLIGHTS_QUERY)
            .map_err(|e| HighlightError::Grammar(e.to_string()))?;
        let capture_kinds = query
            .capture_names()
            .iter()
            .map(|name| HighlightKind::from_capture_name(name))
            .collect();
        Ok(Self {
            parser,
            query,
            capture_kinds,
            cursor: QueryCursor::new(),
            docs: HashMap::new(),
        })
    }

    /// Opens `doc` with `text` (or replaces its text), parsing it from scratch.
    pub fn open(&mut self, doc: DocId, text: impl Into<String>) -> Result<(), HighlightError> {
        let text = text.into();
        check_size(doc, text.len())?;
        let tree = parse_within_budget(&mut self.parser, &text, None);
        let over_budget_at = tree.is_none().then_some(text.len());
        self.docs.insert(
            doc,
            Document {
                text,
                tree,
                over_budget_at,
                index: OffsetIndex::default(),
            },
        );
        Ok(())
    }

    /// Forgets `doc`; returns whether it was open.
    pub fn close(&mut self, doc: DocId) -> bool {
        self.docs.remove(&doc).is_some()
    }

    /// Whether `doc` is open.
    pub fn is_open(&self, doc: DocId) -> bool {
        self.docs.contains_key(&doc)
    }

    /// The current text of `doc`.
    pub fn text(&self, doc: DocId) -> Option<&str> {
        self.docs.get(&doc).map(|d| d.text.as_str())
    }

    /// The current syntax tree of `doc` (for diagnostics and structure-aware features); `None`
    /// when `doc` is not open or its last parse ran out of time (it is then highlighted from its
    /// tokens).
    pub fn tree(&self, doc: DocId) -> Option<&Tree> {
        self.docs.get(&doc).and_then(|d| d.tree.as_ref())
    }

    /// Replaces bytes `start_byte..old_end_byte` of `doc` with `new_text` and re-parses incrementally.
    ///
    /// The editor then asks [`highlights`](Self::highlights) for the lines it shows; use
    /// [`edit_with_changes`](Self::edit_with_changes) to also learn which ranges changed syntax.
    pub fn edit(
        &mut self,
        doc: DocId,
        start_byte: usize,
        old_end_byte: usize,
        new_text: &str,
    ) -> Result<(), HighlightError> {
        self.apply_edit(doc, start_byte, old_end_byte, new_text)
            .map(drop)
    }

    /// [`edit`](Self::edit), returning the byte ranges (in the new text) whose syntax changed, so the
    /// editor can refresh text outside the edited line when, say, a quote opened a string. Costs a
    /// walk over the top level of the document (a few hundred µs for 10,000 lines).
    pub fn edit_with_changes(
        &mut self,
        doc: DocId,
        start_byte: usize,
        old_end_byte: usize,
        new_text: &str,
    ) -> Result<Vec<Range<usize>>, HighlightError> {
        let old_tree = self.apply_edit(doc, start_byte, old_end_byte, new_text)?;
        let document = self
            .docs
            .get(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        Ok(match (old_tree, &document.tree) {
            (Some(old), Some(new)) => old
                .changed_ranges(new)
                .map(|r| r.start_byte..r.end_byte)
                .collect(),
            // without both trees nothing says what stayed the same
            _ => std::iter::once(0..document.text.len()).collect(),
        })
    }

    /// [`edit`](Self::edit) with UTF-16 offsets (CodeMirror's `from`, `to`).
    pub fn edit_utf16(
        &mut self,
        doc: DocId,
        from: usize,
        to: usize,
        new_text: &str,
    ) -> Result<(), HighlightError> {
        let document = self
            .docs
            .get_mut(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        let invalid = |reason, len| HighlightError::InvalidEdit {
            doc,
            start: from,
            old_end: to,
            len,
            unit: "UTF-16 code units",
            reason,
        };
        if from > to {
            return Err(invalid("start is after end", usize::MAX));
        }
        let start = document.index.byte_at(&document.text, from);
        let end = document.index.byte_at(&document.text, to);
        let (Some(start), Some(end)) = (start, end) else {
            let len = document.index.utf16_at(&document.text, document.text.len());
            return Err(invalid(
                "an offset is past the end or inside a surrogate pair",
                len,
            ));
        };
        self.edit(doc, start, end, new_text)
    }

    /// Applies an edit and re-parses; returns the tree before the edit (already `Tree::edit`ed),
    /// if there was one.
    fn apply_edit(
        &mut self,
        doc: DocId,
        start_byte: usize,
        old_end_byte: usize,
        new_text: &str,
    ) -> Result<Option<Tree>, HighlightError> {
        let document = self
            .docs
            .get_mut(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        let invalid = |reason| HighlightError::InvalidEdit {
            doc,
            start: start_byte,
            old_end: old_end_byte,
            len: document.text.len(),
            unit: "bytes",
            reason,
        };
        if start_byte > old_end_byte {
            return Err(invalid("start is after end"));
        }
        if old_end_byte > document.text.len() {
            return Err(invalid("end is past the end of the document"));
        }
        if !document.text.is_char_boundary(start_byte)
            || !document.text.is_char_boundary(old_end_byte)
        {
            return Err(invalid("an offset falls inside a UTF-8 character"));
        }
        check_size(
            doc,
            document.text.len() - (old_end_byte - start_byte) + new_text.len(),
        )?;

        let (row, column) = document.index.point_at(&document.text, start_byte);
        let start_position = Point { row, column };
        let old_end_position = advance_point(
            start_position,
            &document.text.as_bytes()[start_byte..old_end_byte],
        );
        let new_end_position = advance_point(start_position, new_text.as_bytes());
        let input_edit = InputEdit {
            start_byte,
            old_end_byte,
            new_end_byte: start_byte + new_text.len(),
            start_position,
            old_end_position,
            new_end_position,
        };

        document
            .text
            .replace_range(start_byte..old_end_byte, new_text);
        document.index.invalidate_from(start_byte);
        let len = document.text.len();
        let (new_tree, parsed) = match &mut document.tree {
            Some(old) => {
                old.edit(&input_edit);
                let tree = parse_within_budget(&mut self.parser, &document.text, Some(old));
                (tree, true)
            }
            None if document.over_budget_at.is_none_or(|at| len <= at / 2) => (
                parse_within_budget(&mut self.parser, &document.text, None),
                true,
            ),
            None => (None, false),
        };
        if new_tree.is_some() {
            document.over_budget_at = None;
        } else if parsed {
            document.over_budget_at = Some(len);
        }
        Ok(std::mem::replace(&mut document.tree, new_tree))
    }

    /// Highlight spans of `doc` that intersect the byte range `range` (clamped to the document;
    /// an offset inside a character counts as that character's start), sorted and
    /// non-overlapping, clipped to that range.
    pub fn highlights(
        &mut self,
        doc: DocId,
        range: Range<usize>,
    ) -> Result<Vec<HighlightSpan>, HighlightError> {
        let document = self
            .docs
            .get(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        let text = &document.text;
        let end = floor_char_boundary(text, range.end.min(text.len()));
        let start = floor_char_boundary(text, range.start.min(end));
        if start >= end {
            return Ok(Vec::new());
        }

        let Some(tree) = &document.tree else {
            return Ok(lexical(text, start..end));
        };
        let mut captures: Vec<Capture> = Vec::new();
        self.cursor.set_byte_range(start..end);
        // tree-sitter's query cursor slows down with the tree's depth (thousands of nested
        // parentheses take seconds, 65,000 over a minute): past a time budget the range is
        // highlighted from its tokens alone
        let deadline = Instant::now() + QUERY_BUDGET;
        let mut over_budget = false;
        let mut progress = |_: &QueryCursorState| {
            if Instant::now() > deadline {
                over_budget = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        // `matches` is cheaper than `captures` (no cross-pattern ordering); `flatten` sorts.
        let mut matches = self.cursor.matches_with_options(
            &self.query,
            tree.root_node(),
            text.as_bytes(),
            QueryCursorOptions::new().progress_callback(&mut progress),
        );
        while let Some(query_match) = matches.next() {
            for capture in query_match.captures {
                let Some(Some(kind)) = self.capture_kinds.get(capture.index as usize) else {
                    continue;
                };
                let node_range = capture.node.byte_range();
                if node_range.start >= node_range.end {
                    continue; // MISSING nodes are zero-width.
                }
                captures.push(Capture {
                    start: node_range.start,
                    end: node_range.end,
                    pattern: query_match.pattern_index,
                    kind: *kind,
                });
            }
        }
        drop(matches);
        if over_budget {
            return Ok(lexical(text, start..end));
        }
        Ok(flatten(captures, start..end))
    }

    /// [`highlights`](Self::highlights) for a UTF-16 range, with spans in UTF-16 code units.
    pub fn highlights_utf16(
        &mut self,
        doc: DocId,
        range: Range<usize>,
    ) -> Result<Vec<HighlightSpan>, HighlightError> {
        let document = self
            .docs
            .get_mut(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        let len = document.text.len();
        let start = document
            .index
            .byte_at_floor(&document.text, range.start)
            .min(len);
        let end = document
            .index
            .byte_at_floor(&document.text, range.end)
            .min(len);
        let spans = self.highlights(doc, start..end)?;
        let document = self
            .docs
            .get_mut(&doc)
            .ok_or(HighlightError::UnknownDocument(doc))?;
        Ok(index_spans_to_utf16(
            &mut document.index,
            &document.text,
            &spans,
        ))
    }
}

/// Parses `text` (incrementally from `old`, already edited, when given) unless it takes longer
/// than its [`parse_budget`]; then `None`, and `parser` is reset for the next document.
fn parse_within_budget(parser: &mut Parser, text: &str, old: Option<&Tree>) -> Option<Tree> {
    let deadline = Instant::now() + parse_budget(text.len());
    let mut progress = |_: &tree_sitter::ParseState| {
        if Instant::now() > deadline {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let bytes = text.as_bytes();
    let tree = parser.parse_with_options(
        &mut |offset, _| bytes.get(offset..).unwrap_or_default(),
        old,
        Some(tree_sitter::ParseOptions::new().progress_callback(&mut progress)),
    );
    if tree.is_none() {
        // a cancelled parse is resumed by the next call unless the parser is reset
        parser.reset();
    }
    tree
}

/// Converts byte-offset spans of `text` (sorted, as returned by [`Highlighter::highlights`]) to
/// UTF-16 offsets, in one pass from the first span. For repeated calls on an open document prefer
/// [`Highlighter::highlights_utf16`], which keeps an index.
pub fn spans_to_utf16(text: &str, spans: &[HighlightSpan]) -> Vec<HighlightSpan> {
    index_spans_to_utf16(&mut OffsetIndex::default(), text, spans)
}

#[derive(Debug, Clone, Copy)]
struct Capture {
    start: usize,
    end: usize,
    pattern: usize,
    kind: HighlightKind,
}

/// Spans of `text[range]` from its tokens alone (keywords known to sqlparser, names, literals,
/// comments, placeholders, operators): the fallback when the tree is too deep to query in time.
/// The text is scanned from its start, so a range inside a string or comment is read right.
fn lexical(text: &str, range: Range<usize>) -> Vec<HighlightSpan> {
    let mut out = Vec::new();
    for t in Scanner::new(&text[..range.end], Position::START) {
        if t.end.offset <= range.start {
            continue;
        }
        let kind = match t.kind {
            TokKind::Word => {
                let upper = t.text.to_ascii_uppercase();
                if sqlparser::keywords::ALL_KEYWORDS
                    .binary_search(&upper.as_str())
                    .is_ok()
                {
                    HighlightKind::Keyword
                } else {
                    HighlightKind::Identifier
                }
            }
            TokKind::Number => HighlightKind::Number,
            TokKind::Str => HighlightKind::String,
            TokKind::QuotedIdent => HighlightKind::Identifier,
            TokKind::Placeholder => HighlightKind::Variable,
            TokKind::Comment => HighlightKind::Comment,
            TokKind::Hint => HighlightKind::Attribute,
            TokKind::Semicolon => HighlightKind::Punctuation,
            TokKind::Punct => match t.text {
                "(" | ")" | "[" | "]" | "," | "." | "{" | "}" => HighlightKind::Punctuation,
                _ => HighlightKind::Operator,
            },
        };
        let (start, end) = (t.start.offset.max(range.start), t.end.offset.min(range.end));
        if start < end {
            out.push(HighlightSpan { start, end, kind });
        }
    }
    out
}

/// Turns nested captures into sorted, non-overlapping spans: an inner capture wins over the
/// capture of an enclosing node, and on the same node the first pattern wins.
fn flatten(mut captures: Vec<Capture>, window: Range<usize>) -> Vec<HighlightSpan> {
    captures.sort_unstable_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut out: Vec<HighlightSpan> = Vec::with_capacity(captures.len());
    let mut emit = |start: usize, end: usize, kind: HighlightKind| {
        let start = start.max(window.start);
        let end = end.min(window.end);
        if start < end {
            out.push(HighlightSpan { start, end, kind });
        }
    };
    // Enclosing captures still open, innermost last; `pos` is where the next emitted span starts.
    let mut stack: Vec<Capture> = Vec::new();
    let mut pos = 0usize;
    for mut capture in captures {
        while let Some(top) = stack.last().copied() {
            if top.end <= capture.start {
                emit(pos.max(top.start), top.end, top.kind);
                pos = pos.max(top.end);
                stack.pop();
            } else {
                break;
            }
        }
        if let Some(top) = stack.last().copied() {
            if top.start == capture.start && top.end == capture.end {
                continue; // Same node: the earlier pattern (already open) wins.
            }
            capture.end = capture.end.min(top.end);
            emit(pos.max(top.start), capture.start, top.kind);
        }
        pos = pos.max(capture.start);
        stack.push(capture);
    }
    while let Some(top) = stack.pop() {
        emit(pos.max(top.start), top.end, top.kind);
        pos = pos.max(top.end);
    }
    out
}

fn check_size(doc: DocId, len: usize) -> Result<(), HighlightError> {
    if u32::try_from(len).is_err() {
        return Err(HighlightError::TooLarge { doc, len });
    }
    Ok(())
}

fn advance_point(mut point: Point, bytes: &[u8]) -> Point {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last_newline) => {
            point.row += count_newlines(bytes);
            point.column = bytes.len() - last_newline - 1;
        }
        None => point.column += bytes.len(),
    }
    point
}

/// Spans of byte offsets converted to UTF-16, walking from the first span with `index`'s help.
fn index_spans_to_utf16(
    index: &mut OffsetIndex,
    text: &str,
    spans: &[HighlightSpan],
) -> Vec<HighlightSpan> {
    let Some(first) = spans.first() else {
        return Vec::new();
    };
    let mut byte = floor_char_boundary(text, first.start.min(text.len()));
    let mut units = index.utf16_at(text, byte);
    let mut convert = |target: usize| {
        let target = floor_char_boundary(text, target.min(text.len()));
        if target >= byte {
            units += utf16_len(&text.as_bytes()[byte..target]);
        } else {
            units -= utf16_len(&text.as_bytes()[target..byte]);
        }
        byte = target;
        units
    };
    spans
        .iter()
        .map(|span| {
            let start = convert(span.start);
            let end = convert(span.end);
            HighlightSpan {
                start,
                end,
                kind: span.kind,
            }
        })
        .collect()
}
