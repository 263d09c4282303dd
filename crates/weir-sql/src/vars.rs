//! `${name}` and `${secret:name}` placeholders: finding them with spans and substituting values.
//!
//! Placeholders are recognised in code and inside `'…'` strings (the usual place for passwords),
//! never inside comments. Substituted into a string literal, a value has its `'` doubled so the
//! literal stays intact. Errors name the placeholder and its position, never a secret's value.

use std::collections::HashMap;

use thiserror::Error;

use crate::lexer::{placeholder_len, scan, TokKind};
use crate::span::{Position, Span};
use crate::split::StatementText;

/// A placeholder found in SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The name, without `${`, `}` and the `secret:` prefix.
    pub name: String,
    /// True for `${secret:name}`, resolved from the keychain rather than plain values.
    pub secret: bool,
    /// The quote around the placeholder when it sits inside a `'…'` string or a `` `…` ``
    /// identifier (the value's own quotes of that kind are doubled on substitution).
    pub quote: Option<char>,
    /// Where the whole `${…}` sits (end exclusive).
    pub span: Span,
}

/// Values for placeholders: plain variables and secrets are looked up separately.
#[derive(Default, Clone)]
pub struct Values {
    /// Values of `${name}` placeholders.
    pub vars: HashMap<String, String>,
    /// Values of `${secret:name}` placeholders.
    pub secrets: HashMap<String, String>,
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut secrets: Vec<&String> = self.secrets.keys().collect();
        secrets.sort();
        f.debug_struct("Values")
            .field("vars", &self.vars)
            .field("secrets", &secrets)
            .finish()
    }
}

/// Why a placeholder could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VarError {
    /// A `${name}` with no value.
    #[error("unknown variable ${{{name}}} at {}: define it or remove the placeholder", span.start)]
    Unknown {
        /// The variable's name.
        name: String,
        /// Where the placeholder is.
        span: Span,
    },
    /// A `${secret:name}` with no stored secret.
    #[error("unknown secret ${{secret:{name}}} at {}: add it to the keychain or remove the placeholder", span.start)]
    UnknownSecret {
        /// The secret's name.
        name: String,
        /// Where the placeholder is.
        span: Span,
    },
    /// `${}` or `${secret:}`.
    #[error("empty placeholder at {}: write ${{name}} or ${{secret:name}}", span.start)]
    Empty {
        /// Where the placeholder is.
        span: Span,
    },
}

impl VarError {
    /// Where the offending placeholder is.
    pub fn span(&self) -> Span {
        match self {
            VarError::Unknown { span, .. }
            | VarError::UnknownSecret { span, .. }
            | VarError::Empty { span } => *span,
        }
    }
}

/// SQL text after substitution; its `Debug` form hides the text when a secret went into it.
#[derive(Clone, PartialEq, Eq)]
pub struct Substituted {
    /// The text with every placeholder replaced.
    pub text: String,
    /// True when at least one secret value is in `text`.
    pub has_secrets: bool,
}

impl std::fmt::Debug for Substituted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.has_secrets {
            write!(
                f,
                "Substituted(<{} bytes, contains secrets>)",
                self.text.len()
            )
        } else {
            write!(f, "Substituted({:?})", self.text)
        }
    }
}

/// Finds the placeholders of `text`, whose first character is at `origin` in the script.
pub fn find_vars(text: &str, origin: Position) -> Vec<Variable> {
    let mut out = Vec::new();
    for tok in scan(text, origin) {
        match tok.kind {
            TokKind::Placeholder => out.push(variable(tok.text, tok.start, tok.end, None)),
            TokKind::Str | TokKind::QuotedIdent => {
                let quote = tok.text.chars().next();
                let mut i = 0;
                while let Some(j) = tok.text[i..].find("${") {
                    let at = i + j;
                    match placeholder_len(&tok.text[at..]) {
                        Some(n) => {
                            let start = tok.start.advance(&tok.text[..at]);
                            let end = start.advance(&tok.text[at..at + n]);
                            out.push(variable(&tok.text[at..at + n], start, end, quote));
                            i = at + n;
                        }
                        None => i = at + 2,
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn variable(raw: &str, start: Position, end: Position, quote: Option<char>) -> Variable {
    let body = raw
        .strip_prefix("${")
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or(raw)
        .trim();
    let (secret, name) = match body.strip_prefix("secret:") {
        Some(n) => (true, n.trim()),
        None => (false, body),
    };
    Variable {
        name: name.to_string(),
        secret,
        quote,
        span: Span::new(start, end),
    }
}

impl StatementText {
    /// The placeholders of this statement, with script positions.
    pub fn variables(&self) -> Vec<Variable> {
        find_vars(&self.text, self.span.start)
    }
}

/// Replaces every placeholder of `text` (starting at `origin`) with its value; reports every
/// placeholder without a value, in order.
pub fn substitute(
    text: &str,
    origin: Position,
    values: &Values,
) -> Result<Substituted, Vec<VarError>> {
    let mut out = String::with_capacity(text.len());
    let mut errors = Vec::new();
    let mut last = 0;
    let mut has_secrets = false;
    for var in find_vars(text, origin) {
        let (from, to) = (
            var.span.start.offset - origin.offset,
            var.span.end.offset - origin.offset,
        );
        out.push_str(text.get(last..from).unwrap_or_default());
        last = to;
        let value = if var.name.is_empty() {
            errors.push(VarError::Empty { span: var.span });
            continue;
        } else if var.secret {
            has_secrets = true;
            values.secrets.get(&var.name)
        } else {
            values.vars.get(&var.name)
        };
        match value {
            Some(v) => match var.quote {
                Some(q) => out.push_str(&v.replace(q, &format!("{q}{q}"))),
                None => out.push_str(v),
            },
            None if var.secret => errors.push(VarError::UnknownSecret {
                name: var.name,
                span: var.span,
            }),
            None => errors.push(VarError::Unknown {
                name: var.name,
                span: var.span,
            }),
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
    if errors.is_empty() {
        Ok(Substituted {
            text: out,
            has_secrets,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        let mut v = Values::default();
        v.vars.insert("tbl".into(), "orders".into());
        v.secrets.insert("pw".into(), "s3'cr3t".into());
        v
    }

    #[test]
    fn finds_placeholders_with_spans() {
        let s = "SELECT * FROM ${tbl} -- ${not_me}\nWHERE p = '${secret:pw}'";
        let v = find_vars(s, Position::START);
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].name.as_str(), v[0].secret, v[0].span.start.column),
            ("tbl", false, 15)
        );
        assert_eq!(
            (v[1].name.as_str(), v[1].secret, v[1].quote),
            ("pw", true, Some('\''))
        );
        assert_eq!((v[1].span.start.line, v[1].span.start.column), (2, 12));
        assert_eq!(v[1].span.end.column, 24);
    }

    #[test]
    fn substitutes_and_escapes_inside_strings() {
        let s = "SELECT * FROM ${tbl} WHERE p = '${secret:pw}'";
        let r = substitute(s, Position::START, &values()).unwrap();
        assert_eq!(r.text, "SELECT * FROM orders WHERE p = 's3''cr3t'");
        assert!(r.has_secrets);
        assert!(!format!("{r:?}").contains("cr3t"));
    }

    #[test]
    fn reports_unknown_names_with_positions_without_values() {
        let s = "SELECT ${a},\n  '${secret:b}', ${secret:pw}, ${}";
        let errs = substitute(s, Position::START, &values()).unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!(
            errs[0].to_string(),
            "unknown variable ${a} at 1:8: define it or remove the placeholder"
        );
        assert_eq!(
            errs[1].span().start,
            Position {
                offset: 16,
                line: 2,
                column: 4
            }
        );
        assert!(matches!(errs[2], VarError::Empty { .. }));
        assert!(errs.iter().all(|e| !e.to_string().contains("cr3t")));
        assert!(!format!("{:?}", values()).contains("cr3t"));
    }

    #[test]
    fn statement_variables_use_script_positions() {
        let v = crate::split("SELECT 1;\nSELECT ${x}");
        let vars = v[1].variables();
        assert_eq!((vars[0].span.start.line, vars[0].span.start.column), (2, 8));
    }

    #[test]
    fn placeholders_in_backtick_identifiers_are_found() {
        let mut values = Values::default();
        values.vars.insert("db".into(), "my`db".into());
        let r = substitute("SELECT * FROM `${db}`.t", Position::START, &values).unwrap();
        assert_eq!(r.text, "SELECT * FROM `my``db`.t");
    }
}
