//! Where sqlparser's `Display` writes a node in a form Flink (and our parser) reads back
//! differently, the written text is corrected token by token:
//!
//! - `TABLE(t) OVER (PARTITION BY k ORDER BY o)` (how the model holds a polymorphic table
//!   function's table argument) becomes `TABLE t PARTITION BY (k) ORDER BY (o)`;
//! - `MODEL(m)` becomes `MODEL m`;
//! - `t AS a FOR SYSTEM_TIME AS OF x` becomes `t FOR SYSTEM_TIME AS OF x AS a`.

use sqlparser::ast::{Expr, Query};

use crate::lexer::{scan, Tok, TokKind};
use crate::span::Position;

/// `{query:#}` in Flink's forms.
pub(super) fn query(q: &Query) -> String {
    flinkify(format!("{q:#}"))
}

/// `{expr}` in Flink's forms.
pub(super) fn expr(e: &Expr) -> String {
    flinkify(e.to_string())
}

/// Applies the corrections until none is left (each one is local and removes its pattern).
fn flinkify(mut text: String) -> String {
    // every rewrite removes one `TABLE(`/`MODEL(` or alias-before-version pattern
    for _ in 0..10_000 {
        let toks: Vec<Tok<'_>> = scan(&text, Position::START)
            .into_iter()
            .filter(|t| t.significant())
            .collect();
        let Some(next) = rewrite_once(&text, &toks) else {
            break;
        };
        text = next;
    }
    text
}

fn punct(t: Option<&Tok<'_>>, p: &str) -> bool {
    t.is_some_and(|t| t.kind == TokKind::Punct && t.text == p)
}

fn word(t: Option<&Tok<'_>>, w: &str) -> bool {
    t.is_some_and(|t| t.is_word(w))
}

fn is_name(t: &Tok<'_>) -> bool {
    matches!(t.kind, TokKind::Word | TokKind::QuotedIdent)
}

/// Index of the `)` closing the `(` at `open`.
fn closing(toks: &[Tok<'_>], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.kind == TokKind::Punct && t.text == "(" {
            depth += 1;
        } else if t.kind == TokKind::Punct && t.text == ")" {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

fn rewrite_once(text: &str, toks: &[Tok<'_>]) -> Option<String> {
    for i in 0..toks.len() {
        if let Some(s) = table_arg(text, toks, i) {
            return Some(s);
        }
        if let Some(s) = system_time(text, toks, i) {
            return Some(s);
        }
    }
    None
}

/// `TABLE(a.b) [OVER (…)]` / `MODEL(a.b)` at `i`.
fn table_arg(text: &str, toks: &[Tok<'_>], i: usize) -> Option<String> {
    let kw = if toks[i].text == "TABLE" {
        "TABLE"
    } else if toks[i].text == "MODEL" {
        "MODEL"
    } else {
        return None;
    };
    if !punct(toks.get(i + 1), "(") {
        return None;
    }
    let close = closing(toks, i + 1)?;
    let inner = &toks[i + 2..close];
    let name_only = !inner.is_empty()
        && inner.iter().enumerate().all(|(k, t)| {
            if k % 2 == 0 {
                is_name(t)
            } else {
                t.kind == TokKind::Punct && t.text == "."
            }
        })
        && inner.len() % 2 == 1;
    if !name_only {
        return None;
    }
    let name = &text[inner[0].start.offset..inner[inner.len() - 1].end.offset];
    let mut out = format!("{kw} {name}");
    let mut end = toks[close].end.offset;
    if kw == "TABLE" && word(toks.get(close + 1), "OVER") && punct(toks.get(close + 2), "(") {
        let spec_close = closing(toks, close + 2)?;
        let spec = &toks[close + 3..spec_close];
        let at = |w1: &str, w2: &str| {
            let mut depth = 0i32;
            for (k, t) in spec.iter().enumerate() {
                match t.text {
                    "(" if t.kind == TokKind::Punct => depth += 1,
                    ")" if t.kind == TokKind::Punct => depth -= 1,
                    _ => {}
                }
                if depth == 0 && t.is_word(w1) && word(spec.get(k + 1), w2) {
                    return Some(k);
                }
            }
            None
        };
        let part = at("PARTITION", "BY");
        let order = at("ORDER", "BY");
        let slice = |from: usize, to: usize| -> &str {
            if from >= to {
                return "";
            }
            &text[spec[from].start.offset..spec[to - 1].end.offset]
        };
        if let Some(p) = part {
            let to = order.filter(|o| *o > p).unwrap_or(spec.len());
            out.push_str(&format!(" PARTITION BY ({})", slice(p + 2, to)));
        }
        if let Some(o) = order {
            let to = part.filter(|p| *p > o).unwrap_or(spec.len());
            out.push_str(&format!(" ORDER BY ({})", slice(o + 2, to)));
        }
        end = toks[spec_close].end.offset;
    }
    Some(format!(
        "{}{out}{}",
        &text[..toks[i].start.offset],
        &text[end..]
    ))
}

/// Words that end the `AS OF` expression of a table reference.
const AFTER_TABLE: &[&str] = &[
    "ON",
    "USING",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "NATURAL",
    "WHERE",
    "GROUP",
    "HAVING",
    "WINDOW",
    "QUALIFY",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "FETCH",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "MINUS",
    "LATERAL",
    "SEMI",
    "ANTI",
    "OUTER",
];

/// `t [AS] a FOR SYSTEM_TIME AS OF x` at `i` (the `FOR`).
fn system_time(text: &str, toks: &[Tok<'_>], i: usize) -> Option<String> {
    let pattern = word(toks.get(i), "FOR")
        && word(toks.get(i + 1), "SYSTEM_TIME")
        && word(toks.get(i + 2), "AS")
        && word(toks.get(i + 3), "OF");
    if !pattern || i < 2 {
        return None;
    }
    let alias = &toks[i - 1];
    if !is_name(alias) {
        return None;
    }
    let before = &toks[i - 2];
    let explicit = before.is_word("AS");
    let alias_start = if explicit {
        before.start.offset
    } else if is_name(before)
        && !["JOIN", "FROM", "LATERAL"]
            .iter()
            .any(|w| before.is_word(w))
    {
        alias.start.offset
    } else {
        return None;
    };
    let mut depth = 0i32;
    let mut j = i + 4;
    while let Some(t) = toks.get(j) {
        if t.kind == TokKind::Punct && t.text == "(" {
            depth += 1;
        } else if t.kind == TokKind::Punct && t.text == ")" {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0
            && ((t.kind == TokKind::Punct && t.text == ",")
                || t.kind == TokKind::Semicolon
                || (t.kind == TokKind::Word && AFTER_TABLE.iter().any(|w| t.is_word(w))))
        {
            break;
        }
        j += 1;
    }
    if j == i + 4 {
        return None;
    }
    let expr_end = toks[j - 1].end.offset;
    let alias_text = &text[alias.start.offset..alias.end.offset];
    Some(format!(
        "{}{}{} {alias_text}{}",
        text[..alias_start].trim_end(),
        format_args!(" {}", &text[toks[i].start.offset..expr_end]),
        if explicit { " AS" } else { "" },
        &text[expr_end..]
    ))
}
