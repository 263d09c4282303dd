//! A small, forgiving scanner used by the splitter, the variable finder, the hint extractor,
//! the formatter's checks, the highlighter's fallback and completion.
//!
//! It only needs to know where comments, quoted text, placeholders and semicolons are; the real
//! tokenizer for parsing is sqlparser's. It never fails: unterminated quotes and comments run to
//! the end of the input and are flagged.

use crate::span::Position;

/// What a scanned token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A bare word (keyword or identifier).
    Word,
    /// A number.
    Number,
    /// `'…'` string literal.
    Str,
    /// `"…"` or `` `…` `` quoted identifier.
    QuotedIdent,
    /// `${…}` variable placeholder.
    Placeholder,
    /// `-- …`, `// …` (Calcite accepts both) or `/* … */` comment.
    Comment,
    /// `/*+ … */` hint.
    Hint,
    /// `;`
    Semicolon,
    /// Any other single character.
    Punct,
}

/// One scanned token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub kind: TokKind,
    pub text: &'a str,
    pub start: Position,
    pub end: Position,
    /// True when a quote or comment runs to the end of the input without closing.
    pub unterminated: bool,
}

impl Tok<'_> {
    /// True when this token is the word `w` (case-insensitive).
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.text.eq_ignore_ascii_case(w)
    }

    /// True when this token is the punctuation `p` (`;` included).
    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self.kind, TokKind::Punct | TokKind::Semicolon) && self.text == p
    }

    /// A string literal's or quoted name's content: the quotes removed (only the opening one when
    /// it is unterminated) and doubled quotes unescaped.
    pub fn unquoted(&self) -> String {
        let Some(q) = self.text.get(..1) else {
            return String::new();
        };
        let inner = self.text.get(1..).unwrap_or_default();
        let inner = if self.unterminated {
            inner
        } else {
            inner
                .get(..inner.len().saturating_sub(1))
                .unwrap_or_default()
        };
        inner.replace(&format!("{q}{q}"), q)
    }

    /// True for tokens that carry meaning (not comments).
    pub fn significant(&self) -> bool {
        !matches!(self.kind, TokKind::Comment)
    }
}

struct Cursor<'a> {
    text: &'a str,
    pos: Position,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        match self.text.as_bytes().get(self.pos.offset) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.text[self.pos.offset..].chars().next(),
            None => None,
        }
    }
    fn peek2(&self) -> Option<char> {
        let bytes = self.text.as_bytes();
        match (bytes.get(self.pos.offset), bytes.get(self.pos.offset + 1)) {
            (Some(&a), Some(&b)) if a < 0x80 && b < 0x80 => Some(b as char),
            (Some(_), _) => {
                let mut it = self.text[self.pos.offset..].chars();
                it.next();
                it.next()
            }
            (None, _) => None,
        }
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos.offset += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }
    /// Moves to byte offset `stop` (a character boundary at or after the cursor), counting lines
    /// and columns on the way.
    fn bump_to(&mut self, stop: usize) {
        let skipped = &self.text[self.pos.offset..stop];
        match skipped.rfind('\n') {
            Some(nl) => {
                self.pos.line += skipped.bytes().filter(|&b| b == b'\n').count();
                self.pos.column = 1 + char_count(&skipped[nl + 1..]);
            }
            None => self.pos.column += char_count(skipped),
        }
        self.pos.offset = stop;
    }
    fn rest(&self) -> &'a str {
        &self.text[self.pos.offset..]
    }
}

/// Characters in `s` (bytes when it is ASCII).
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Scans `text`, whose first character sits at `origin` in the script (offsets are relative to
/// `text` plus `origin.offset`).
pub(crate) fn scan(text: &str, origin: Position) -> Vec<Tok<'_>> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    toks.extend(Scanner::new(text, origin));
    toks
}

/// The tokens of a text one at a time, for callers that must not hold them all (a 10 MB script
/// has millions).
pub(crate) struct Scanner<'a> {
    cur: Cursor<'a>,
    origin: Position,
    /// Any non-ASCII character that is not a space counts as a letter (see [`Scanner::typing`]).
    any_letter: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner over `text`, whose first character sits at `origin` in the script.
    pub(crate) fn new(text: &'a str, origin: Position) -> Self {
        Scanner {
            cur: Cursor {
                text,
                pos: Position {
                    offset: 0,
                    line: origin.line,
                    column: origin.column,
                },
            },
            origin,
            any_letter: false,
        }
    }

    /// A scanner for text as it is being typed (completion): besides the usual rules, any
    /// non-ASCII character that is not a space counts as a letter, so that a name being typed
    /// (`😀t`, a half-typed character) stays one word.
    pub(crate) fn typing(text: &'a str, origin: Position) -> Self {
        Scanner {
            any_letter: true,
            ..Scanner::new(text, origin)
        }
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let text = self.cur.text;
        while let Some(c) = self.cur.peek() {
            let start = self.cur.pos;
            let mut unterminated = false;
            let kind = if c.is_whitespace() {
                self.cur.bump();
                continue;
            } else if (c == '-' && self.cur.peek2() == Some('-'))
                || (c == '/' && self.cur.peek2() == Some('/'))
            {
                let stop = self
                    .cur
                    .rest()
                    .find('\n')
                    .map_or(self.cur.text.len(), |i| self.cur.pos.offset + i);
                self.cur.bump_to(stop);
                TokKind::Comment
            } else if c == '/' && self.cur.peek2() == Some('*') {
                let hint = self.cur.rest().starts_with("/*+");
                self.cur.bump();
                self.cur.bump();
                match self.cur.rest().find("*/") {
                    Some(i) => self.cur.bump_to(self.cur.pos.offset + i + 2),
                    None => {
                        unterminated = true;
                        self.cur.bump_to(self.cur.text.len());
                    }
                }
                if hint {
                    TokKind::Hint
                } else {
                    TokKind::Comment
                }
            } else if c == '\'' || c == '"' || c == '`' {
                self.cur.bump();
                unterminated = true;
                while let Some(i) = self.cur.rest().find(c) {
                    self.cur.bump_to(self.cur.pos.offset + i + 1);
                    if self.cur.peek() == Some(c) {
                        self.cur.bump();
                    } else {
                        unterminated = false;
                        break;
                    }
                }
                if unterminated {
                    self.cur.bump_to(self.cur.text.len());
                }
                if c == '\'' {
                    TokKind::Str
                } else {
                    TokKind::QuotedIdent
                }
            } else if c == '$' && self.cur.peek2() == Some('{') {
                match placeholder_len(self.cur.rest()) {
                    Some(n) => {
                        self.cur.bump_to(self.cur.pos.offset + n);
                        TokKind::Placeholder
                    }
                    None => {
                        self.cur.bump();
                        TokKind::Punct
                    }
                }
            } else if c == ';' {
                self.cur.bump();
                TokKind::Semicolon
            } else if c.is_alphabetic()
                || c == '_'
                || (self.any_letter && !c.is_ascii() && !c.is_whitespace())
            {
                let any_letter = self.any_letter;
                let stop = self
                    .cur
                    .rest()
                    .find(|d: char| {
                        !(d.is_alphanumeric()
                            || d == '_'
                            || d == '$'
                            || (any_letter && !d.is_ascii() && !d.is_whitespace()))
                    })
                    .map_or(self.cur.text.len(), |i| self.cur.pos.offset + i);
                self.cur.bump_to(stop);
                TokKind::Word
            } else if c.is_ascii_digit() {
                while let Some(d) = self.cur.peek() {
                    if d.is_ascii_alphanumeric() || d == '.' || d == '_' {
                        self.cur.bump();
                    } else {
                        break;
                    }
                }
                TokKind::Number
            } else {
                self.cur.bump();
                TokKind::Punct
            };
            let end = self.cur.pos;
            return Some(Tok {
                kind,
                text: &text[start.offset..end.offset],
                start: Position {
                    offset: start.offset + self.origin.offset,
                    ..start
                },
                end: Position {
                    offset: end.offset + self.origin.offset,
                    ..end
                },
                unterminated,
            });
        }
        None
    }
}

/// Length in bytes of a `${…}` placeholder at the start of `s`, if one is there: the closing
/// brace must come before the end of the line.
pub(crate) fn placeholder_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("${")?;
    let close = body.find(['}', '\n', '{', '\'', ';'])?;
    if body[close..].starts_with('}') {
        Some(2 + close + 1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokKind> {
        scan(s, Position::START).iter().map(|t| t.kind).collect()
    }

    #[test]
    fn scans_quotes_comments_and_placeholders() {
        use TokKind::*;
        assert_eq!(
            kinds("a 'x;''y' `b;` \"c\" -- ;\n/*+ h */ /* ; */ ${v;} ${x} ;"),
            vec![
                Word,
                Str,
                QuotedIdent,
                QuotedIdent,
                Comment,
                Hint,
                Comment,
                Punct,
                Punct,
                Word,
                Semicolon,
                Punct,
                Placeholder,
                Semicolon
            ]
        );
    }

    #[test]
    fn while_typing_any_letter_makes_a_word() {
        fn words(s: &str) -> Vec<&str> {
            Scanner::typing(s, Position::START)
                .filter(|t| t.kind == TokKind::Word)
                .map(|t| t.text)
                .collect()
        }
        assert_eq!(words("FROM 😀t,a😀"), ["FROM", "😀t", "a😀"]);
        assert_eq!(kinds("😀"), [TokKind::Punct]);
    }

    #[test]
    fn unquoted_content() {
        let toks = scan("'a''b' `c``d` 'open", Position::START);
        let texts: Vec<String> = toks.iter().map(Tok::unquoted).collect();
        assert_eq!(texts, ["a'b", "c`d", "open"]);
    }

    #[test]
    fn unterminated_runs_to_end() {
        let t = scan("'abc; def", Position::START);
        assert_eq!(t.len(), 1);
        assert!(t[0].unterminated);
    }
}
