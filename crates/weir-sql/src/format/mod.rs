//! The formatter: a script rewritten in Weir's canonical layout.
//!
//! Every statement is parsed and written back from its model ([`render`]), so the result always
//! parses to the same statement. What the model does not carry is put back from the source
//! text: `/*+ … */` hints, `WITHIN` of `MATCH_RECOGNIZE` and `${…}` placeholders. Comments
//! between statements stay where they are; a statement with a comment inside is left as
//! written, because re-writing it would lose the comment.

mod fix;
mod render;

use thiserror::Error;

use crate::ast::ParsedStatement;
use crate::lexer::{scan, Scanner, Tok, TokKind};
use crate::parser::{parse, ParseError};
use crate::span::Position;
use crate::split::split;

/// Why a script could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormatError {
    /// A statement does not parse; nothing is formatted (fix it, then format again).
    #[error("statement {} does not parse: {error}", index + 1)]
    Parse {
        /// 0-based index of the statement in the script.
        index: usize,
        /// The syntax error, with script positions.
        error: ParseError,
    },
}

/// Formats a whole script: statements in canonical layout separated by a blank line, each
/// closed with `;`, comments between statements kept in place.
pub fn format_script(script: &str) -> Result<String, FormatError> {
    let parts = split(script);
    let mut out = String::new();
    let mut last_end = Position::START;
    let mut last_line = 0usize;
    for part in &parts {
        let parsed = crate::parser::parse_at(&part.text, part.span.start).map_err(|error| {
            FormatError::Parse {
                index: part.index,
                error,
            }
        })?;
        let formatted = if has_inner_comment(&part.text) {
            part.text.clone()
        } else {
            render_parsed(&parsed, &part.text)
        };
        let gap = &script[last_end.offset..part.span.start.offset];
        let attached = gap_comments(gap, last_end, last_line, &mut out);
        if !attached && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&formatted);
        out.push(';');
        out.push('\n');
        let end = part.terminator.unwrap_or(part.span);
        last_end = end.end;
        last_line = end.end.line;
    }
    gap_comments(&script[last_end.offset..], last_end, last_line, &mut out);
    Ok(out)
}

/// Formats one statement (a trailing `;` is allowed in `text`, none is written).
pub fn format_statement(text: &str) -> Result<String, ParseError> {
    let parsed = parse(text)?;
    Ok(render_parsed(&parsed, text))
}

/// Writes a statement model back as Flink SQL text, without hints, `WITHIN` or comments (tools
/// that rewrite a statement's model, e.g. to swap connector options, then print it).
pub fn render_statement(statement: &crate::ast::Statement) -> String {
    render::statement(statement)
}

/// Writes a Flink data type as SQL text (e.g. `TIMESTAMP_LTZ(3)`).
pub fn render_data_type(data_type: &crate::ast::DataType) -> String {
    render::data_type(data_type)
}

/// Writes the comments of `gap` (the text between two statements, starting at `at`): a comment
/// on the line where the previous statement ended stays at the end of that line; the others keep
/// their blocks (a blank line before each block). Returns true when the last comment written
/// has its own line, so that the next statement follows it directly.
fn gap_comments(gap: &str, at: Position, prev_line: usize, out: &mut String) -> bool {
    let mut last_line: Option<usize> = None;
    for t in Scanner::new(gap, at).filter(|t| t.kind == TokKind::Comment) {
        let text = t.text.trim_end();
        if last_line.is_none() && t.start.line == prev_line && out.ends_with(";\n") {
            out.pop();
            out.push(' ');
            out.push_str(text);
            out.push('\n');
            last_line = Some(usize::MAX);
            continue;
        }
        let adjacent = last_line.is_some_and(|l| l != usize::MAX && t.start.line <= l + 1);
        if !out.is_empty() && !adjacent && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(text);
        out.push('\n');
        last_line = Some(t.end.line);
    }
    last_line.is_some_and(|l| l != usize::MAX)
}

/// True when `text` (one statement) has a `--`/`/* */` comment inside.
fn has_inner_comment(text: &str) -> bool {
    Scanner::new(text, Position::START).any(|t| t.kind == TokKind::Comment)
}

/// The canonical text of a parsed statement, with what the model does not carry put back
/// from `source`.
fn render_parsed(parsed: &ParsedStatement, source: &str) -> String {
    crate::limits::deep(parsed.depth(), || render_checked(parsed, source))
}

fn render_checked(parsed: &ParsedStatement, source: &str) -> String {
    let out = render_unchecked(parsed, source);
    // sqlparser writes a few values lossily (an identifier or string whose value holds two quote
    // characters in a row comes back with one): a statement that does not read back as itself is
    // left as it was written rather than changed.
    match parse(&out) {
        Ok(back) if back.same_as(parsed) => out,
        _ => source.trim().trim_end_matches(';').trim_end().to_string(),
    }
}

fn render_unchecked(parsed: &ParsedStatement, source: &str) -> String {
    let mut out = render::statement(&parsed.statement);
    if !parsed.pattern_within.is_empty() {
        out = put_back_within(&out, parsed);
    }
    let src_toks = scan(source, Position::START);
    if src_toks.iter().any(|t| t.kind == TokKind::Hint) {
        out = put_back_hints(&out, &src_toks);
    }
    if src_toks.iter().any(|t| t.kind == TokKind::Placeholder) {
        out = put_back_placeholders(&out, &src_toks);
    }
    out
}

/// Adds `WITHIN <interval>` after each `PATTERN (…)` of a `MATCH_RECOGNIZE`.
fn put_back_within(out: &str, parsed: &ParsedStatement) -> String {
    let toks = scan(out, Position::START);
    let mut within = parsed.pattern_within.iter();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let is_pattern = toks[i].is_word("PATTERN")
            && toks
                .get(i + 1)
                .is_some_and(|t| t.kind == TokKind::Punct && t.text == "(");
        if !is_pattern {
            i += 1;
            continue;
        }
        let mut depth = 0i32;
        let mut j = i + 1;
        while let Some(t) = toks.get(j) {
            if t.kind == TokKind::Punct && t.text == "(" {
                depth += 1;
            } else if t.kind == TokKind::Punct && t.text == ")" {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            j += 1;
        }
        if let (Some(close), Some(w)) = (toks.get(j), within.next()) {
            inserts.push((close.end.offset, format!(" WITHIN {}", fix::expr(w))));
        }
        i = j + 1;
    }
    insert_all(out, inserts)
}

fn insert_all(text: &str, mut inserts: Vec<(usize, String)>) -> String {
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for (at, s) in inserts {
        out.push_str(&text[last..at]);
        out.push_str(&s);
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

fn same_token(a: &Tok<'_>, b: &Tok<'_>) -> bool {
    a.kind == b.kind
        && if a.kind == TokKind::Word {
            a.text.eq_ignore_ascii_case(b.text)
        } else {
            a.text == b.text
        }
}

/// Puts back the hints that the rendered text lost (sqlparser keeps only `SELECT /*+ … */`):
/// each goes after the same occurrence of the token it followed in the source.
fn put_back_hints(out: &str, src: &[Tok<'_>]) -> String {
    let norm = |t: &Tok<'_>| t.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let out_toks = scan(out, Position::START);
    let mut present: Vec<String> = out_toks
        .iter()
        .filter(|t| t.kind == TokKind::Hint)
        .map(norm)
        .collect();
    let mut inserts = Vec::new();
    let significant: Vec<&Tok<'_>> = src.iter().filter(|t| t.kind != TokKind::Comment).collect();
    for (i, h) in significant.iter().enumerate() {
        if h.kind != TokKind::Hint {
            continue;
        }
        if let Some(k) = present.iter().position(|p| *p == norm(h)) {
            present.remove(k);
            continue;
        }
        let Some(prev) = significant[..i]
            .iter()
            .rev()
            .find(|t| t.kind != TokKind::Hint)
        else {
            continue;
        };
        let nth = significant[..i]
            .iter()
            .filter(|t| same_token(t, prev))
            .count();
        let at = out_toks
            .iter()
            .filter(|t| same_token(t, prev))
            .nth(nth.saturating_sub(1));
        if let Some(at) = at {
            inserts.push((at.end.offset, format!(" {}", h.text)));
        }
    }
    insert_all(out, inserts)
}

/// Writes `${…}` placeholders back where the parser saw the names standing in for them.
fn put_back_placeholders(out: &str, src: &[Tok<'_>]) -> String {
    let mut result = out.to_string();
    for p in src.iter().filter(|t| t.kind == TokKind::Placeholder) {
        let masked: String = p
            .text
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let toks = scan(&result, Position::START);
        // a placeholder can be part of a name (`orders_${env}`)
        let hit = toks
            .iter()
            .filter(|t| matches!(t.kind, TokKind::Word | TokKind::QuotedIdent))
            .find_map(|t| t.text.find(&masked).map(|k| t.start.offset + k));
        if let Some(at) = hit {
            result.replace_range(at..at + masked.len(), p.text);
        }
    }
    result
}

#[cfg(test)]
mod tests;
