//! Parsing one Flink SQL statement into [`crate::ast::ParsedStatement`].
//!
//! sqlparser (with [`FlinkDialect`]) tokenizes and parses expressions and queries; Flink's own
//! statements and clauses are parsed here on sqlparser's token stream. Nothing is skipped: a
//! statement parses only when every token is part of the AST.
//!
//! Where Flink's query syntax goes beyond sqlparser, the token stream is adapted without losing
//! anything: unresolved `${…}` placeholders stand for names; Calcite's `VALUES 'a', 'b'` gets
//! the row parentheses sqlparser needs; `WITHIN INTERVAL …` of `MATCH_RECOGNIZE` is parsed into
//! [`ParsedStatement::pattern_within`]; hints are collected into [`ParsedStatement::hints`].
//! Words Flink reserves are refused as names unless quoted with backticks, and `"…"`
//! identifiers are refused (Flink quotes with backticks).

mod alter;
mod ddl;
mod dialect;
mod hints;
mod json;
mod misc;
mod reserved;
mod setreset;
mod types;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

pub use crate::error::ParseError;
pub use dialect::FlinkDialect;

use crate::ast::{ParsedStatement, Property, Statement};
use crate::lexer::{scan, Tok, TokKind};
use crate::span::{Position, Span};

/// Parses one statement (a trailing `;` is allowed); positions count from the text's start.
pub fn parse(text: &str) -> Result<ParsedStatement, ParseError> {
    parse_at(text, Position::START)
}

/// Parses one statement whose first character sits at `origin` in a script.
pub fn parse_at(text: &str, origin: Position) -> Result<ParsedStatement, ParseError> {
    crate::limits::check_size(text, origin)?;
    parse_scanned(text, origin, &scan(text, origin))
}

/// [`parse_at`] with the statement already scanned (`toks` is `scan(text, origin)`), so that a
/// caller that scanned it does not pay twice. The caller has checked the statement's size
/// ([`crate::limits`]); the nesting is checked here, before sqlparser builds anything.
pub(crate) fn parse_scanned(
    text: &str,
    origin: Position,
    toks: &[Tok<'_>],
) -> Result<ParsedStatement, ParseError> {
    let depth = crate::limits::check_nesting(toks.iter().copied())?;
    let hints = hints::extract(toks)?;
    if let Some(stmt) = setreset::parse(text, origin, toks)? {
        return Ok(ParsedStatement {
            statement: stmt,
            hints,
            pattern_within: vec![],
            depth,
        });
    }
    let clean = mask_placeholders(text, origin, toks);
    let dialect = FlinkDialect;
    let tokens = Tokenizer::new(&dialect, &clean)
        .tokenize_with_location()
        .map_err(|e| {
            let (msg, line, col) = split_location(&e.message);
            let at = origin.locate(text, e.location.line as usize, e.location.column as usize);
            let at = if line > 0 {
                origin.locate(text, line, col)
            } else {
                at
            };
            ParseError {
                message: rephrase(msg),
                span: Span::new(at, at),
            }
        })?;
    if let Some(t) = tokens
        .iter()
        .find(|t| matches!(&t.token, Token::Word(w) if w.quote_style == Some('"')))
    {
        let at = origin.locate(
            text,
            t.span.start.line as usize,
            t.span.start.column as usize,
        );
        let end = origin.locate(text, t.span.end.line as usize, t.span.end.column as usize);
        return Err(ParseError {
            message: format!(
                "Flink quotes identifiers with backticks: write `{}` instead of {}",
                match &t.token {
                    Token::Word(w) => w.value.clone(),
                    _ => String::new(),
                },
                t.token
            ),
            span: Span::new(at, end),
        });
    }
    // sqlparser skips whitespace and comments on every look-ahead; Flink's syntax never depends
    // on them, so they go once, here. `/*+ … */` stays: sqlparser keeps query hints in the AST.
    let mut tokens = tokens;
    tokens.retain(|t| match &t.token {
        Token::Whitespace(Whitespace::MultiLineComment(c)) => c.starts_with('+'),
        Token::Whitespace(_) => false,
        _ => true,
    });
    let (tokens, pattern_within) = extract_within(tokens, text, origin)?;
    let tokens = parenthesize_scalar_values(tokens);
    // a tree that fails half-way is dropped inside, so the whole parse gets the deep stack
    crate::limits::deep(depth, move || {
        let mut p = P {
            p: Parser::new(&dialect).with_tokens_with_locations(tokens),
            text,
            origin,
            gt: 0,
            depth: 0,
        };
        let statement = p.statement()?;
        p.consume(&Token::SemiColon);
        if !p.at_eof() {
            return p.expected("end of statement");
        }
        Ok(ParsedStatement {
            statement,
            hints,
            pattern_within,
            depth,
        })
    })
}

/// Calcite's `VALUES 'a', 'b'` (one-column rows without parentheses) becomes
/// `VALUES ('a'), ('b')` for sqlparser: parentheses are added, no token is dropped.
fn parenthesize_scalar_values(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let is_kw = |t: &Token, w: &str| matches!(t, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    let significant = |t: &TokenWithSpan| !matches!(t.token, Token::Whitespace(_));
    if !tokens.iter().any(|t| is_kw(&t.token, "VALUES")) {
        return tokens;
    }
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i].clone();
        i += 1;
        let is_values = is_kw(&tok.token, "VALUES");
        out.push(tok);
        if !is_values {
            continue;
        }
        let next = tokens[i..].iter().find(|t| significant(t));
        if next.is_none_or(|t| t.token == Token::LParen || is_kw(&t.token, "ROW")) {
            continue;
        }
        // wrap each top-level item until the VALUES list ends
        let mut depth = 0i32;
        let synth = |t: Token, at: &TokenWithSpan| TokenWithSpan {
            token: t,
            span: at.span,
        };
        out.push(synth(Token::LParen, &tokens[i.min(tokens.len() - 1)]));
        while i < tokens.len() {
            let t = &tokens[i];
            let ends = depth == 0
                && (matches!(t.token, Token::RParen | Token::SemiColon | Token::EOF)
                    || [
                        "ORDER",
                        "LIMIT",
                        "UNION",
                        "EXCEPT",
                        "INTERSECT",
                        "FETCH",
                        "OFFSET",
                        "MINUS",
                    ]
                    .iter()
                    .any(|w| is_kw(&t.token, w)));
            if ends {
                break;
            }
            match t.token {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth -= 1,
                _ => {}
            }
            if depth == 0 && t.token == Token::Comma {
                out.push(synth(Token::RParen, t));
                out.push(t.clone());
                out.push(synth(Token::LParen, t));
                i += 1;
                continue;
            }
            out.push(t.clone());
            i += 1;
        }
        if let Some(at) = out.last().cloned() {
            out.push(synth(Token::RParen, &at));
        }
    }
    out
}

/// Takes `WITHIN <interval>` after a `MATCH_RECOGNIZE` pattern out of the token stream and
/// parses it on its own.
fn extract_within(
    mut tokens: Vec<TokenWithSpan>,
    text: &str,
    origin: Position,
) -> Result<(Vec<TokenWithSpan>, Vec<sqlparser::ast::Expr>), ParseError> {
    let mut out = Vec::new();
    let is_word = |t: &TokenWithSpan, w: &str| matches!(&t.token, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    if !tokens.iter().any(|t| is_word(t, "MATCH_RECOGNIZE")) {
        return Ok((tokens, out));
    }
    let mut i = 0;
    let mut prev_is_rparen = false;
    while i < tokens.len() {
        if is_word(&tokens[i], "WITHIN") && prev_is_rparen {
            let dialect = FlinkDialect;
            let rest = tokens[i + 1..].to_vec();
            let mut sub = P {
                p: Parser::new(&dialect).with_tokens_with_locations(rest),
                text,
                origin,
                gt: 0,
                depth: 0,
            };
            if !sub.peek_word("INTERVAL") {
                return sub.expected("INTERVAL after WITHIN");
            }
            let r = sub.p.parse_expr();
            out.push(sub.sq(r)?);
            let used = sub.p.index();
            tokens.drain(i..(i + 1 + used).min(tokens.len()));
            prev_is_rparen = false;
            continue;
        }
        if !matches!(tokens[i].token, Token::Whitespace(_)) {
            prev_is_rparen = tokens[i].token == Token::RParen;
        }
        i += 1;
    }
    Ok((tokens, out))
}

/// Replaces `${…}` placeholders outside strings with identifier characters of the same length,
/// so that a script with unresolved variables still parses (a placeholder stands for a name);
/// turns `//` comments into `--` ones.
fn mask_placeholders(text: &str, origin: Position, toks: &[Tok<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for tok in toks {
        let start = tok.start.offset - origin.offset;
        if tok.kind == TokKind::Placeholder {
            out.push_str(&text[last..start]);
            out.extend(
                tok.text
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' }),
            );
            last = tok.end.offset - origin.offset;
        } else if tok.kind == TokKind::Comment && tok.text.starts_with("//") {
            // Calcite's `//` line comment, which sqlparser does not know: same length as `--`.
            out.push_str(&text[last..start]);
            out.push_str("--");
            last = start + 2;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Splits sqlparser's "… at Line: l, Column: c" into message, line and column.
fn split_location(msg: &str) -> (&str, usize, usize) {
    if let Some(i) = msg.rfind(" at Line: ") {
        let rest = &msg[i + " at Line: ".len()..];
        let mut parts = rest.split(", Column: ");
        let line = parts
            .next()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        let col = parts
            .next()
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or(0);
        return (&msg[..i], line, col);
    }
    (msg, 0, 0)
}

/// Rephrases sqlparser's "Expected: X, found: Y" for a person.
fn rephrase(msg: &str) -> String {
    let msg = msg.trim_start_matches("sql parser error: ");
    if let Some(rest) = msg.strip_prefix("Expected: ") {
        if let Some(i) = rest.rfind(", found: ") {
            let found = &rest[i + ", found: ".len()..];
            let found = if found == "EOF" {
                "end of statement".to_string()
            } else {
                format!("'{found}'")
            };
            let what = &rest[..i];
            let what = if what.chars().any(char::is_alphanumeric) {
                what.to_string()
            } else {
                format!("'{what}'")
            };
            return format!("expected {what}, found {found}");
        }
    }
    let mut m = msg.to_string();
    if let Some(first) = m.get(0..1) {
        let lower = first.to_lowercase();
        m.replace_range(0..1, &lower);
    }
    m
}

/// The statement parser: sqlparser's parser plus Flink helpers.
pub(crate) struct P<'a> {
    pub p: Parser<'a>,
    text: &'a str,
    origin: Position,
    /// A `>` left over from a `>>` token closing nested angle brackets.
    gt: usize,
    /// Current nesting of data types.
    depth: usize,
}

impl<'a> P<'a> {
    /// Script position of a sqlparser token.
    fn pos_of(&self, t: &TokenWithSpan) -> Span {
        if t.span.start.line == 0 {
            let end = self.origin.advance(self.text);
            return Span::new(end, end);
        }
        let s = self.origin.locate(
            self.text,
            t.span.start.line as usize,
            t.span.start.column as usize,
        );
        let e = self.origin.locate(
            self.text,
            t.span.end.line as usize,
            t.span.end.column as usize,
        );
        Span::new(s, e)
    }

    /// An error "expected WHAT, found TOKEN" at the current token.
    pub fn expected<T>(&self, what: &str) -> Result<T, ParseError> {
        let t = self.p.peek_token();
        let found = match &t.token {
            Token::EOF => "end of statement".to_string(),
            other => format!("'{other}'"),
        };
        Err(ParseError {
            message: format!("expected {what}, found {found}"),
            span: self.pos_of(&t),
        })
    }

    /// An error with a custom message at the current token.
    pub fn error<T>(&self, message: String) -> Result<T, ParseError> {
        let t = self.p.peek_token();
        Err(ParseError {
            message,
            span: self.pos_of(&t),
        })
    }

    /// Converts a sqlparser result, mapping its position into the script.
    pub fn sq<T>(&mut self, r: Result<T, ParserError>) -> Result<T, ParseError> {
        r.map_err(|e| {
            let raw = match &e {
                ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
                ParserError::RecursionLimitExceeded => "statement nested too deeply".to_string(),
            };
            let (msg, line, col) = split_location(&raw);
            let span = if line > 0 {
                let at = self.origin.locate(self.text, line, col);
                Span::new(at, at)
            } else {
                self.pos_of(&self.p.peek_token())
            };
            ParseError {
                message: rephrase(msg),
                span,
            }
        })
    }

    /// True at the end of the tokens.
    pub fn at_eof(&self) -> bool {
        self.p.peek_token_ref().token == Token::EOF
    }

    /// True when the n-th next token is the unquoted word `w`.
    pub fn peek_nth_word(&self, n: usize, w: &str) -> bool {
        matches!(&self.p.peek_nth_token(n).token, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
    }

    /// True when the next token is the unquoted word `w`.
    pub fn peek_word(&self, w: &str) -> bool {
        self.peek_nth_word(0, w)
    }

    /// The next token's word in upper case, if it is an unquoted word.
    pub fn peek_upper(&self) -> Option<String> {
        match &self.p.peek_token_ref().token {
            Token::Word(x) if x.quote_style.is_none() => Some(x.value.to_uppercase()),
            _ => None,
        }
    }

    /// Consumes the word `w` if it is next.
    pub fn eat(&mut self, w: &str) -> bool {
        if self.peek_word(w) {
            self.p.next_token();
            true
        } else {
            false
        }
    }

    /// Consumes all of `ws` if they are all next, otherwise nothing.
    pub fn eat_all(&mut self, ws: &[&str]) -> bool {
        if ws.iter().enumerate().all(|(i, w)| self.peek_nth_word(i, w)) {
            for _ in ws {
                self.p.next_token();
            }
            true
        } else {
            false
        }
    }

    /// Requires the words `ws` in order.
    pub fn expect(&mut self, ws: &[&str], context: &str) -> Result<(), ParseError> {
        for w in ws {
            if !self.eat(w) {
                return self.expected(&format!("{w}{context}"));
            }
        }
        Ok(())
    }

    /// Consumes `t` if it is next.
    pub fn consume(&mut self, t: &Token) -> bool {
        self.p.consume_token(t)
    }

    /// Requires token `t`; `what` describes it in the error (e.g. "')' after column list").
    pub fn expect_tok(&mut self, t: &Token, what: &str) -> Result<(), ParseError> {
        if self.p.consume_token(t) {
            Ok(())
        } else {
            self.expected(what)
        }
    }

    /// An identifier (quoted or not).
    pub fn ident(&mut self, what: &str) -> Result<Ident, ParseError> {
        match &self.p.peek_token_ref().token {
            Token::Word(w) if w.quote_style.is_none() && reserved::is_reserved(&w.value) => {
                let word = w.value.clone();
                self.error(format!("expected {what}, found reserved word '{word}' (quote it as `{word}` to use it as a name)"))
            }
            Token::Word(_) => {
                let r = self.p.parse_identifier();
                self.sq(r)
            }
            _ => self.expected(what),
        }
    }

    /// A possibly dotted name.
    pub fn name(&mut self, what: &str) -> Result<ObjectName, ParseError> {
        let mut parts = vec![self.ident(what)?];
        while self.consume(&Token::Period) {
            parts.push(self.ident(&format!("a name part after '.' in {what}"))?);
        }
        Ok(ObjectName::from(parts))
    }

    /// A string literal.
    pub fn string(&mut self, what: &str) -> Result<String, ParseError> {
        match self.p.peek_token().token {
            Token::SingleQuotedString(s) => {
                self.p.next_token();
                Ok(s)
            }
            _ => self.expected(what),
        }
    }

    /// An optional string literal.
    pub fn opt_string(&mut self) -> Option<String> {
        match self.p.peek_token().token {
            Token::SingleQuotedString(s) => {
                self.p.next_token();
                Some(s)
            }
            _ => None,
        }
    }

    /// An unsigned integer literal.
    pub fn uint(&mut self, what: &str) -> Result<u64, ParseError> {
        match self.p.peek_token().token {
            Token::Number(n, _) => match n.parse() {
                Ok(v) => {
                    self.p.next_token();
                    Ok(v)
                }
                Err(_) => self.expected(what),
            },
            _ => self.expected(what),
        }
    }

    /// `IF NOT EXISTS`.
    pub fn if_not_exists(&mut self) -> Result<bool, ParseError> {
        if self.eat("IF") {
            self.expect(&["NOT", "EXISTS"], " after IF")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `IF EXISTS`.
    pub fn if_exists(&mut self) -> Result<bool, ParseError> {
        if self.eat("IF") {
            self.expect(&["EXISTS"], " after IF")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `( 'k' = 'v', … )` (may be empty).
    pub fn properties(&mut self, context: &str) -> Result<Vec<Property>, ParseError> {
        self.expect_tok(&Token::LParen, &format!("'(' to open {context}"))?;
        let mut out = Vec::new();
        if self.consume(&Token::RParen) {
            return Ok(out);
        }
        loop {
            let key = match self.p.peek_token().token {
                Token::SingleQuotedString(s) => {
                    self.p.next_token();
                    s
                }
                _ => {
                    return self.expected(&format!(
                        "a quoted option key like 'connector' in {context}"
                    ))
                }
            };
            self.expect_tok(&Token::Eq, &format!("'=' after option key '{key}'"))?;
            let value = self.string(&format!("a quoted value for option '{key}'"))?;
            out.push(Property { key, value });
            if self.consume(&Token::Comma) {
                continue;
            }
            self.expect_tok(&Token::RParen, &format!("',' or ')' in {context}"))?;
            return Ok(out);
        }
    }

    /// `( 'k1', 'k2' )` (may be empty).
    pub fn keys(&mut self, context: &str) -> Result<Vec<String>, ParseError> {
        self.expect_tok(&Token::LParen, &format!("'(' to open {context}"))?;
        let mut out = Vec::new();
        if self.consume(&Token::RParen) {
            return Ok(out);
        }
        loop {
            out.push(self.string("a quoted option key")?);
            if self.consume(&Token::Comma) {
                continue;
            }
            self.expect_tok(&Token::RParen, &format!("',' or ')' in {context}"))?;
            return Ok(out);
        }
    }

    /// `( a, b, … )` of plain identifiers.
    pub fn ident_list(&mut self, context: &str) -> Result<Vec<Ident>, ParseError> {
        self.expect_tok(&Token::LParen, &format!("'(' to open {context}"))?;
        let mut out = vec![self.ident(&format!("a column name in {context}"))?];
        while self.consume(&Token::Comma) {
            out.push(self.ident(&format!("a column name in {context}"))?);
        }
        self.expect_tok(&Token::RParen, &format!("')' after {context}"))?;
        Ok(out)
    }

    /// A query (SELECT, WITH, VALUES, parenthesized, set operations).
    pub fn query(&mut self) -> Result<Box<sqlparser::ast::Query>, ParseError> {
        if !self.starts_query() {
            return self.expected("a query (SELECT, WITH or VALUES)");
        }
        let r = self.p.parse_query();
        self.sq(r)
    }

    /// True when the next token can start a query.
    pub fn starts_query(&self) -> bool {
        self.peek_word("SELECT")
            || self.peek_word("WITH")
            || self.peek_word("VALUES")
            || self.p.peek_token_ref().token == Token::LParen
    }

    /// One statement: dispatches on the first word.
    pub fn statement(&mut self) -> Result<Statement, ParseError> {
        let Some(first) = self.peek_upper() else {
            if self.p.peek_token_ref().token == Token::LParen {
                return Ok(Statement::Query(self.query()?));
            }
            return self.expected("a statement");
        };
        match first.as_str() {
            "CREATE" | "REPLACE" => self.create(),
            "ALTER" => self.alter(),
            "DROP" => self.drop(),
            "SELECT" | "WITH" | "VALUES" => Ok(Statement::Query(self.query()?)),
            "INSERT" => self.insert(),
            _ => self.misc(&first),
        }
    }
}

#[cfg(test)]
mod tests;
