//! `/*+ NAME(args) [, NAME(args)] */` hints: found in the statement text and parsed.

use super::ParseError;
use crate::ast::{Hint, Property};
use crate::lexer::{scan, Tok, TokKind};
use crate::span::Span;

/// Every hint of `text` (starting at `origin`), in order.
/// `toks` is the statement's scan.
pub(super) fn extract(toks: &[Tok<'_>]) -> Result<Vec<Hint>, ParseError> {
    let mut out = Vec::new();
    for tok in toks {
        if tok.kind != TokKind::Hint {
            continue;
        }
        let span = Span::new(tok.start, tok.end);
        if tok.unterminated {
            return Err(ParseError {
                message: "expected '*/' to close the hint".into(),
                span,
            });
        }
        let body = &tok.text[3..tok.text.len() - 2];
        let inner: Vec<Tok<'_>> = scan(body, tok.start.advance("/*+"))
            .into_iter()
            .filter(|t| t.significant())
            .collect();
        parse_hints(&inner, span, &mut out)?;
    }
    Ok(out)
}

fn unquote(t: &Tok<'_>) -> String {
    match t.kind {
        TokKind::Str | TokKind::QuotedIdent => {
            t.text[1..t.text.len().saturating_sub(1).max(1)].replace("''", "'")
        }
        _ => t.text.to_string(),
    }
}

fn fail<T>(msg: &str, t: Option<&Tok<'_>>, span: Span) -> Result<T, ParseError> {
    let (found, at) = match t {
        Some(t) => (format!("'{}'", t.text), t.start),
        None => ("'*/'".to_string(), span.end),
    };
    Err(ParseError {
        message: format!("expected {msg} in hint, found {found}"),
        span: Span::new(at, at),
    })
}

fn parse_hints(toks: &[Tok<'_>], span: Span, out: &mut Vec<Hint>) -> Result<(), ParseError> {
    let mut i = 0;
    let is =
        |t: Option<&Tok<'_>>, p: &str| t.is_some_and(|t| t.kind == TokKind::Punct && t.text == p);
    loop {
        let name = match toks.get(i) {
            Some(t) if t.kind == TokKind::Word => t.text.to_uppercase(),
            t => return fail("a hint name", t, span),
        };
        i += 1;
        let mut hint = Hint {
            name,
            options: Vec::new(),
            args: Vec::new(),
            span,
        };
        if is(toks.get(i), "(") {
            i += 1;
            if is(toks.get(i), ")") {
                i += 1;
            } else {
                loop {
                    let a = match toks.get(i) {
                        Some(t)
                            if matches!(
                                t.kind,
                                TokKind::Word
                                    | TokKind::Str
                                    | TokKind::QuotedIdent
                                    | TokKind::Number
                            ) =>
                        {
                            t
                        }
                        t => return fail("a hint option", t, span),
                    };
                    i += 1;
                    if is(toks.get(i), "=") {
                        let v = match toks.get(i + 1) {
                            Some(t)
                                if matches!(
                                    t.kind,
                                    TokKind::Str | TokKind::Word | TokKind::Number
                                ) =>
                            {
                                t
                            }
                            t => return fail("a quoted value after '='", t, span),
                        };
                        hint.options.push(Property {
                            key: unquote(a),
                            value: unquote(v),
                        });
                        i += 2;
                    } else {
                        let mut arg = unquote(a);
                        while is(toks.get(i), ".") {
                            match toks.get(i + 1) {
                                Some(t)
                                    if matches!(t.kind, TokKind::Word | TokKind::QuotedIdent) =>
                                {
                                    arg.push('.');
                                    arg.push_str(&unquote(t));
                                    i += 2;
                                }
                                t => return fail("a name after '.'", t, span),
                            }
                        }
                        hint.args.push(arg);
                    }
                    if is(toks.get(i), ",") {
                        i += 1;
                        continue;
                    }
                    if is(toks.get(i), ")") {
                        i += 1;
                        break;
                    }
                    return fail("',' or ')'", toks.get(i), span);
                }
            }
        }
        out.push(hint);
        if i >= toks.len() {
            return Ok(());
        }
        if is(toks.get(i), ",") {
            i += 1;
            continue;
        }
        return fail("',' between hints or '*/'", toks.get(i), span);
    }
}
