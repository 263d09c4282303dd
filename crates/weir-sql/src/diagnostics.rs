//! Script diagnostics: every statement is split, parsed and checked on its own, so one bad
//! statement never hides the others' problems.

use crate::ast::{AlterTableAction, SchemaElement, Statement};
use crate::lexer::{scan, TokKind};
use crate::parser::parse_scanned;
use crate::span::{Position, Span};
use crate::split::{split, StatementText};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Flink would reject the statement.
    Error,
    /// Flink accepts it, but it is probably not what was meant.
    Warning,
}

/// One problem found in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and where, phrased for a person (ends with `at line:column`).
    pub message: String,
    /// 1-based line in the whole script.
    pub line: usize,
    /// 1-based column (in characters) in the whole script.
    pub column: usize,
    /// Where the offending text ends (exclusive); equal to the start for a point.
    pub end: Position,
    /// The offending range of the script.
    pub span: Span,
}

impl Diagnostic {
    /// A diagnostic over `span`; the message gets ` at line:column` appended.
    pub fn new(severity: Severity, message: &str, span: Span) -> Diagnostic {
        Diagnostic {
            severity,
            message: format!("{message} at {}", span.start),
            line: span.start.line,
            column: span.start.column,
            end: span.end,
            span,
        }
    }
}

/// The outcome of checking one statement of a script.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementReport {
    /// 0-based index of the statement in the script.
    pub index: usize,
    /// The statement's kind when it parsed (e.g. `create_table`).
    pub kind: Option<&'static str>,
    /// Where the statement starts.
    pub start: Position,
    /// Where the statement ends (exclusive).
    pub end: Position,
    /// Index of the `BEGIN STATEMENT SET` statement this one belongs to.
    pub statement_set: Option<usize>,
    /// The problems found, in order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks every statement of `script`.
pub fn check(script: &str) -> Vec<StatementReport> {
    let parts = split(script);
    let mut reports = check_all(&parts);
    check_statement_sets(&parts, &mut reports);
    // only a trailing comment can run to the end outside every statement: it starts after the
    // last statement, so only that tail is scanned again
    let tail = parts.last().map_or(Position::START, |p| p.span.end);
    if let Some(tok) = scan(&script[tail.offset..], tail)
        .last()
        .filter(|t| t.unterminated)
    {
        let outside = !parts
            .iter()
            .any(|p| p.span.range().contains(&tok.start.offset));
        if outside {
            let owner = reports
                .iter_mut()
                .rev()
                .find(|r| r.start.offset <= tok.start.offset);
            if let Some(r) = owner {
                let span = Span::new(tok.start, tok.start.advance("/*"));
                r.diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    "unterminated comment: add the closing */",
                    span,
                ));
            }
        }
    }
    reports
}

/// Statements below this count are checked on the calling thread; above it, they are shared out
/// to one thread per core (statements are independent; a 10,000-line script has ~1,000).
const PARALLEL_FROM: usize = 64;

/// [`check_statement`] of every part, in order.
fn check_all(parts: &[StatementText]) -> Vec<StatementReport> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || parts.len() < PARALLEL_FROM {
        return parts.iter().map(check_statement).collect();
    }
    // contiguous chunks by text size, so each thread gets a similar amount of work
    let total: usize = parts.iter().map(|p| p.text.len()).sum();
    let per_thread = total.div_ceil(threads).max(1);
    let mut chunks: Vec<&[StatementText]> = Vec::with_capacity(threads);
    let (mut from, mut size) = (0, 0);
    for (i, p) in parts.iter().enumerate() {
        size += p.text.len();
        if size >= per_thread {
            chunks.push(&parts[from..=i]);
            (from, size) = (i + 1, 0);
        }
    }
    if from < parts.len() {
        chunks.push(&parts[from..]);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.iter().map(check_statement).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(reports) => reports,
                // a panic in the parser is a bug; re-raise it where a single thread would have
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn check_statement(st: &StatementText) -> StatementReport {
    let mut report = StatementReport {
        index: st.index,
        kind: None,
        start: st.span.start,
        end: st.span.end,
        statement_set: st.statement_set,
        diagnostics: Vec::new(),
    };
    if let Err(e) = crate::limits::check_size(&st.text, st.span.start) {
        report
            .diagnostics
            .push(Diagnostic::new(Severity::Warning, &e.message, e.span));
        return report;
    }
    let toks = scan(&st.text, st.span.start);
    if let Some(tok) = toks.iter().find(|t| t.unterminated) {
        let what = match tok.kind {
            TokKind::Str => "string literal: add the closing '",
            TokKind::QuotedIdent => "quoted identifier: add the closing quote",
            _ => "comment: add the closing */",
        };
        let span = Span::new(
            tok.start,
            tok.start.advance(tok.text.get(..1).unwrap_or_default()),
        );
        report.diagnostics.push(Diagnostic::new(
            Severity::Error,
            &format!("unterminated {what}"),
            span,
        ));
        return report;
    }
    // over the nesting limit: Weir cannot read it, but Flink may (so a warning, not an error)
    if let Err(e) = crate::limits::check_nesting(toks.iter().copied()) {
        report
            .diagnostics
            .push(Diagnostic::new(Severity::Warning, &e.message, e.span));
        return report;
    }
    match parse_scanned(&st.text, st.span.start, &toks) {
        Ok(parsed) => {
            report.kind = Some(parsed.statement.kind());
            semantic(&parsed.statement, st, &mut report.diagnostics);
        }
        Err(e) => report
            .diagnostics
            .push(Diagnostic::new(Severity::Error, &e.message, e.span)),
    }
    report
}

/// The span of the first occurrence of word `w` in the statement, or the statement's start.
fn word_span(st: &StatementText, w: &str) -> Span {
    scan(&st.text, st.span.start)
        .into_iter()
        .find(|t| t.is_word(w))
        .map(|t| Span::new(t.start, t.end))
        .unwrap_or(Span::new(st.span.start, st.span.start))
}

/// Checks Flink applies after parsing (its validator rejects these).
fn semantic(stmt: &Statement, st: &StatementText, out: &mut Vec<Diagnostic>) {
    let schema = match stmt {
        Statement::CreateTable(t) => &t.schema,
        Statement::CreateMaterializedTable(t) => &t.schema,
        Statement::AlterTable { action, .. } => match action.as_ref() {
            AlterTableAction::Add(s) | AlterTableAction::Modify(s) => s,
            _ => return,
        },
        _ => return,
    };
    let mut enforced: Vec<Option<bool>> = Vec::new();
    let mut unique = false;
    for el in schema {
        match el {
            SchemaElement::Constraint(c) if c.unique => unique = true,
            SchemaElement::Constraint(c) => enforced.push(c.enforced),
            SchemaElement::Column(c) => {
                if let Some(k) = &c.constraint {
                    if k.unique {
                        unique = true;
                    } else {
                        enforced.push(k.enforced);
                    }
                }
            }
            SchemaElement::Watermark(_) => {}
        }
    }
    if unique {
        out.push(Diagnostic::new(
            Severity::Error,
            "Flink does not support UNIQUE constraints",
            word_span(st, "UNIQUE"),
        ));
    }
    if enforced.len() > 1 {
        out.push(Diagnostic::new(
            Severity::Error,
            "a table can have only one PRIMARY KEY",
            word_span(st, "PRIMARY"),
        ));
    }
    if enforced.iter().any(|e| *e != Some(false)) {
        out.push(Diagnostic::new(
            Severity::Error,
            "Flink supports only NOT ENFORCED primary keys: write PRIMARY KEY (…) NOT ENFORCED",
            word_span(st, "PRIMARY"),
        ));
    }
}

/// `BEGIN STATEMENT SET; …; END;` structure across statements.
fn check_statement_sets(parts: &[StatementText], reports: &mut [StatementReport]) {
    let mut open: Option<usize> = None;
    for (i, st) in parts.iter().enumerate() {
        let first_word = |r: &StatementReport| r.kind == Some("statement_set");
        let words: Vec<String> = if first_word(&reports[i]) {
            scan(&st.text, st.span.start)
                .iter()
                .filter(|t| t.significant())
                .map(|t| t.text.to_uppercase())
                .collect()
        } else {
            Vec::new()
        };
        let is_begin = first_word(&reports[i])
            && words.first().is_some_and(|w| w == "BEGIN")
            && words.len() == 3;
        let is_end = first_word(&reports[i]) && words.len() == 1 && words[0] == "END";
        let whole = Span::new(st.span.start, st.span.end);
        if is_begin {
            if open.is_some() {
                reports[i].diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    "statement sets cannot be nested: close the open one with END first",
                    whole,
                ));
            }
            open = Some(i);
        } else if is_end {
            if open.is_none() {
                reports[i].diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    "END without BEGIN STATEMENT SET",
                    whole,
                ));
            } else if open == Some(i - 1) {
                reports[i].diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    "empty statement set: nothing will be submitted",
                    whole,
                ));
            }
            open = None;
        } else if open.is_some() {
            if let Some(k) = reports[i].kind.filter(|k| *k != "insert") {
                reports[i].diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    &format!("only INSERT statements can be in a statement set, found {k}"),
                    Span::new(
                        st.span.start,
                        st.span
                            .start
                            .advance(words.first().map(String::as_str).unwrap_or_default()),
                    ),
                ));
            }
        }
    }
    if let Some(i) = open {
        let st = &parts[i];
        reports[i].diagnostics.push(Diagnostic::new(
            Severity::Error,
            "BEGIN STATEMENT SET is never closed: add END; after its INSERT statements",
            Span::new(st.span.start, st.span.end),
        ));
    }
}
