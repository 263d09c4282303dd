//! SET, RESET and the SQL client's one-word commands, parsed from raw text the way Flink's
//! `ExtendedParser` does (keys like `table.sql-dialect` are not SQL tokens).

use super::ParseError;
use crate::ast::Statement;
use crate::lexer::{Tok, TokKind};
use crate::span::{Position, Span};

fn unquote(t: &Tok<'_>) -> String {
    let inner = t
        .text
        .get(1..t.text.len().saturating_sub(1))
        .unwrap_or_default();
    inner.replace("''", "'")
}

fn err<T>(message: String, at: Position) -> Result<Option<T>, ParseError> {
    Err(ParseError {
        message,
        span: Span::new(at, at),
    })
}

/// Parses SET/RESET/HELP/QUIT/EXIT/CLEAR; `Ok(None)` when `text` is another statement.
/// `toks` is the scan of `text`, which starts at `origin`.
pub(super) fn parse(
    text: &str,
    origin: Position,
    toks: &[Tok<'_>],
) -> Result<Option<Statement>, ParseError> {
    let toks: Vec<Tok<'_>> = toks.iter().filter(|t| t.significant()).copied().collect();
    let mut toks = toks.as_slice();
    if let Some((last, rest)) = toks.split_last() {
        if last.kind == TokKind::Semicolon {
            toks = rest;
        }
    }
    let Some(first) = toks.first() else {
        return Ok(None);
    };
    let end = toks.last().map(|t| t.end).unwrap_or(origin);
    let rest = &toks[1..];
    let rel = |p: Position| p.offset - origin.offset;
    for (word, stmt) in [
        ("HELP", Statement::Help),
        ("QUIT", Statement::Quit),
        ("EXIT", Statement::Quit),
        ("CLEAR", Statement::Clear),
    ] {
        if first.is_word(word) {
            if let Some(t) = rest.first() {
                return err(
                    format!("expected end of statement after {word}, found '{}'", t.text),
                    t.start,
                );
            }
            return Ok(Some(stmt));
        }
    }
    if first.is_word("RESET") {
        return match rest {
            [] => Ok(Some(Statement::Reset { key: None })),
            [t] if t.kind == TokKind::Str => Ok(Some(Statement::Reset {
                key: Some(unquote(t)),
            })),
            [t, ..] if t.kind == TokKind::Str => err(
                format!(
                    "expected end of statement after the key, found '{}'",
                    rest[1].text
                ),
                rest[1].start,
            ),
            [t, ..] => {
                let raw = &text[rel(t.start)..rel(end)];
                if raw.chars().any(|c| c.is_whitespace() || c == '\'') {
                    return err(
                        "expected a single configuration key after RESET (quote it: RESET 'key')"
                            .into(),
                        t.start,
                    );
                }
                Ok(Some(Statement::Reset {
                    key: Some(raw.to_string()),
                }))
            }
        };
    }
    if !first.is_word("SET") {
        return Ok(None);
    }
    let Some(k) = rest.first() else {
        return Ok(Some(Statement::Set {
            key: None,
            value: None,
        }));
    };
    if k.kind == TokKind::Punct && k.text == "(" {
        return err(
            "expected a configuration key after SET, found '('".into(),
            k.start,
        );
    }
    if k.kind == TokKind::Str && rest.len() > 1 && rest[1].text != "=" {
        return err(
            format!(
                "expected '=' after the quoted key, found '{}'",
                rest[1].text
            ),
            rest[1].start,
        );
    }
    let Some(eq) = rest
        .iter()
        .position(|t| t.kind == TokKind::Punct && t.text == "=")
    else {
        return err(
            format!(
                "expected '=' after the key in SET, found {}",
                "end of statement"
            ),
            end,
        );
    };
    let key = if k.kind == TokKind::Str {
        if eq != 1 {
            return err(
                format!(
                    "expected '=' after the quoted key, found '{}'",
                    rest[1].text
                ),
                rest[1].start,
            );
        }
        unquote(k)
    } else {
        let raw = text[rel(k.start)..rel(rest[eq].start)].trim_end();
        if raw.chars().any(|c| c.is_whitespace() || c == '\'') {
            return err(
                "expected a single configuration key before '=' (quote it: SET 'key' = 'value')"
                    .into(),
                k.start,
            );
        }
        raw.to_string()
    };
    let vals = &rest[eq + 1..];
    let value = match vals {
        [] => {
            return err(
                "expected a value after '=' in SET, found end of statement".into(),
                end,
            )
        }
        [v] if v.kind == TokKind::Str => unquote(v),
        [v, w, ..] if v.kind == TokKind::Str => {
            return err(
                format!(
                    "expected end of statement after the value, found '{}'",
                    w.text
                ),
                w.start,
            )
        }
        [v, ..] => {
            let raw = &text[rel(v.start)..rel(end)];
            if raw.chars().any(char::is_whitespace) {
                return err(
                    "expected a single value after '=' (quote values with spaces)".into(),
                    v.start,
                );
            }
            raw.to_string()
        }
    };
    Ok(Some(Statement::Set {
        key: Some(key),
        value: Some(value),
    }))
}
