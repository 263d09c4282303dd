//! Splitting a script into statements, with exact spans.
//!
//! Semicolons end statements except inside quotes, comments, `${…}` placeholders and the
//! `… STATEMENT SET BEGIN … END` block of `EXECUTE`/`EXPLAIN`/`COMPILE PLAN`. Statements between
//! `BEGIN STATEMENT SET;` and `END;` stay separate but are tagged with the set they belong to.
//! Leading comments are not part of a statement; a last statement without `;` is kept.

use crate::lexer::{Scanner, Tok, TokKind};
use crate::span::{Position, Span};

/// One statement of a script, as text with its place in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementText {
    /// 0-based index of the statement in the script (empty statements are not counted).
    pub index: usize,
    /// The statement's text, from its first token to its last, without the closing `;`.
    pub text: String,
    /// Where the text sits in the script (end exclusive).
    pub span: Span,
    /// The `;` that ends the statement, when there is one.
    pub terminator: Option<Span>,
    /// Index of the `BEGIN STATEMENT SET` statement whose set this statement belongs to
    /// (the `BEGIN` and `END` statements included).
    pub statement_set: Option<usize>,
}

/// Splits `script` into statements; never fails, empty statements are dropped.
///
/// Tokens are read one at a time and not kept: memory is the statements' text, whatever the
/// script's size.
pub fn split(script: &str) -> Vec<StatementText> {
    let mut out: Vec<StatementText> = Vec::new();
    let mut current = Current::default();
    let mut in_block = false;
    let mut open_set: Option<usize> = None;
    // the last two significant tokens of the current statement (linear time on long statements)
    let mut last: [Option<Tok<'_>>; 2] = [None, None];
    for tok in Scanner::new(script, Position::START) {
        if tok.kind == TokKind::Semicolon && !in_block {
            finish(script, &current, Some(&tok), &mut out, &mut open_set);
            current = Current::default();
            last = [None, None];
            continue;
        }
        if !tok.significant() {
            continue;
        }
        if !in_block
            && tok.is_word("BEGIN")
            && last[0].is_some_and(|t| t.is_word("STATEMENT"))
            && last[1].is_some_and(|t| t.is_word("SET"))
        {
            in_block = true;
        } else if in_block
            && tok.is_word("END")
            && last[1].is_some_and(|p| p.kind == TokKind::Semicolon || p.is_word("BEGIN"))
        {
            in_block = false;
        }
        last = [last[1], Some(tok)];
        current.push(tok);
    }
    finish(script, &current, None, &mut out, &mut open_set);
    out
}

/// What the splitter keeps of the statement being read: its first and last significant tokens,
/// how many there are and the first three (enough to tell `BEGIN STATEMENT SET` and `END`).
#[derive(Default)]
struct Current<'a> {
    first: Option<Tok<'a>>,
    last: Option<Tok<'a>>,
    count: usize,
    head: [Option<Tok<'a>>; 3],
}

impl<'a> Current<'a> {
    fn push(&mut self, tok: Tok<'a>) {
        if self.first.is_none() {
            self.first = Some(tok);
        }
        if let Some(slot) = self.head.get_mut(self.count) {
            *slot = Some(tok);
        }
        self.last = Some(tok);
        self.count += 1;
    }

    /// True when the statement is exactly the words `words`.
    fn is(&self, words: &[&str]) -> bool {
        self.count == words.len()
            && words
                .iter()
                .zip(&self.head)
                .all(|(w, t)| t.is_some_and(|t| t.is_word(w)))
    }
}

fn finish(
    script: &str,
    current: &Current<'_>,
    terminator: Option<&Tok<'_>>,
    out: &mut Vec<StatementText>,
    open_set: &mut Option<usize>,
) {
    let (Some(first), Some(last)) = (current.first, current.last) else {
        return;
    };
    let index = out.len();
    let is_begin = current.is(&["BEGIN", "STATEMENT", "SET"]);
    let is_end = current.is(&["END"]);
    if is_begin {
        *open_set = Some(index);
    }
    let statement_set = *open_set;
    if is_end {
        *open_set = None;
    }
    let span = Span::new(first.start, last.end);
    out.push(StatementText {
        index,
        text: script.get(span.range()).unwrap_or_default().to_string(),
        span,
        terminator: terminator.map(|t| Span::new(t.start, t.end)),
        statement_set,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split(s).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let s = "-- lead; comment\nSELECT 'a;b', `c;d`, \"e;f\" /* x; */ FROM t; ;\n\nINSERT INTO x -- y;\nSELECT 1";
        assert_eq!(
            texts(s),
            vec![
                "SELECT 'a;b', `c;d`, \"e;f\" /* x; */ FROM t",
                "INSERT INTO x -- y;\nSELECT 1"
            ]
        );
    }

    #[test]
    fn spans_are_exact() {
        let s = "/* c */\n  SELECT 'é';\nSET 'a' = 'b'";
        let v = split(s);
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0].span.start,
            Position {
                offset: 10,
                line: 2,
                column: 3
            }
        );
        assert_eq!(
            v[0].span.end,
            Position {
                offset: 21,
                line: 2,
                column: 13
            }
        );
        assert_eq!(&s[v[0].span.range()], "SELECT 'é'");
        assert_eq!(v[0].terminator.map(|t| t.start.column), Some(13));
        assert_eq!(
            v[1].span.start,
            Position {
                offset: 23,
                line: 3,
                column: 1
            }
        );
        assert_eq!(v[1].span.end.column, 14);
        assert_eq!(v[1].terminator, None);
    }

    #[test]
    fn double_slash_comments_hide_semicolons() {
        assert_eq!(
            texts("SELECT 1 // a; b\n;SELECT 'x//y'"),
            vec!["SELECT 1", "SELECT 'x//y'"]
        );
        assert!(crate::parse("SELECT 1 // trailing\nFROM t").is_ok());
    }

    #[test]
    fn escaped_quotes_do_not_end_strings() {
        assert_eq!(
            texts("SELECT 'it''s; ok'; SELECT 2"),
            vec!["SELECT 'it''s; ok'", "SELECT 2"]
        );
    }

    #[test]
    fn hints_stay_in_statements() {
        assert_eq!(
            texts("SELECT /*+ OPTIONS('a'='b;c') */ * FROM t;"),
            vec!["SELECT /*+ OPTIONS('a'='b;c') */ * FROM t"]
        );
    }

    #[test]
    fn execute_statement_set_block_is_one_statement() {
        let s = "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 3;";
        let v = texts(s);
        assert_eq!(v.len(), 2);
        assert!(v[0].ends_with("END"));
        assert_eq!(v[1], "SELECT 3");
    }

    #[test]
    fn bare_and_compiled_statement_set_blocks_are_one_statement() {
        let s = "STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;\nCOMPILE PLAN 'p.json' FOR STATEMENT SET BEGIN INSERT INTO a SELECT CASE WHEN x THEN 1 END; END;\nSELECT 1";
        assert_eq!(texts(s).len(), 3);
    }

    #[test]
    fn begin_statement_set_tags_members() {
        let s = "SET 'a'='b';\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 1";
        let v = split(s);
        let sets: Vec<Option<usize>> = v.iter().map(|s| s.statement_set).collect();
        assert_eq!(sets, vec![None, Some(1), Some(1), Some(1), Some(1), None]);
    }

    #[test]
    fn placeholders_do_not_confuse_the_splitter() {
        assert_eq!(
            texts("SELECT ${a} FROM ${secret:b};SELECT 1"),
            vec!["SELECT ${a} FROM ${secret:b}", "SELECT 1"]
        );
    }

    #[test]
    fn unterminated_quote_runs_to_end() {
        assert_eq!(texts("SELECT 'a; SELECT 2"), vec!["SELECT 'a; SELECT 2"]);
        assert!(split("  -- only a comment\n ; ;").is_empty());
    }
}
