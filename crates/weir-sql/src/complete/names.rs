//! The tokens and table names around the cursor.

use crate::lexer::{Scanner, Tok, TokKind};
use crate::span::Position;

/// The tokens of `text` as completion reads them: from the lexer's scanner for text being typed,
/// with a hint counted as a comment and a `${…}` placeholder as a name.
pub(super) fn tokens(text: &str) -> Vec<Tok<'_>> {
    Scanner::typing(text, Position::START)
        .map(|mut t| {
            t.kind = match t.kind {
                TokKind::Hint => TokKind::Comment,
                TokKind::Placeholder => TokKind::Word,
                k => k,
            };
            t
        })
        .collect()
}

/// A table name as written in a statement: optional schema and the name, quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub schema: Option<String>,
    pub name: String,
}

/// A name token without its quotes (`` `a``b` `` → ``a`b``).
pub(super) fn ident(t: &Tok<'_>) -> String {
    if t.kind == TokKind::QuotedIdent {
        t.unquoted()
    } else {
        t.text.to_string()
    }
}

/// The (possibly schema-qualified) name starting at `whole[i]`, and the index after it.
pub(super) fn name_at(whole: &[&Tok<'_>], i: usize) -> Option<(NameRef, usize)> {
    let is_name = |t: &&&Tok<'_>| t.kind == TokKind::Word || t.kind == TokKind::QuotedIdent;
    let first = whole.get(i).filter(is_name)?;
    if whole.get(i + 1).is_some_and(|t| t.is_punct(".")) {
        if let Some(second) = whole.get(i + 2).filter(is_name) {
            return Some((
                NameRef {
                    schema: Some(ident(first)),
                    name: ident(second),
                },
                i + 3,
            ));
        }
    }
    Some((
        NameRef {
            schema: None,
            name: ident(first),
        },
        i + 1,
    ))
}

/// What a catalog must hold to complete at byte `pos`: the names the statement around the cursor
/// mentions (tables whose columns are wanted), and the schema qualifying the name being typed.
pub fn names_near(text: &str, pos: usize) -> (Vec<NameRef>, Option<String>) {
    let pos = pos.min(text.len());
    let toks = tokens(text);
    let toks: Vec<&Tok<'_>> = toks.iter().filter(|t| t.kind != TokKind::Comment).collect();
    let cur = toks.partition_point(|t| t.end.offset < pos);
    let start = toks[..cur]
        .iter()
        .rposition(|t| t.is_punct(";"))
        .map_or(0, |i| i + 1);
    let end = toks[cur..]
        .iter()
        .position(|t| t.is_punct(";"))
        .map_or(toks.len(), |i| cur + i);
    let stmt = &toks[start..end];
    let mut names = Vec::new();
    let mut i = 0;
    while i < stmt.len() {
        match name_at(stmt, i) {
            Some((n, next)) => {
                names.push(n);
                i = next;
            }
            None => i += 1,
        }
    }
    // `schema.` or `schema.pre|` right before the cursor.
    let before: Vec<&&Tok<'_>> = toks[start..]
        .iter()
        .take_while(|t| t.start.offset < pos)
        .collect();
    let mut k = before.len();
    if k > 0 && before[k - 1].kind == TokKind::Word && before[k - 1].end.offset >= pos {
        k -= 1;
    }
    let qualifier = (k >= 2 && before[k - 1].is_punct("."))
        .then(|| before[k - 2])
        .filter(|t| t.kind == TokKind::Word || t.kind == TokKind::QuotedIdent)
        .map(|t| ident(t));
    (names, qualifier)
}
