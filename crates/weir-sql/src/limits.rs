//! The limits that keep every reading of a statement inside a thread's stack and a bounded
//! amount of memory, whatever a user pastes.
//!
//! sqlparser builds `a + b + c + …`, `x AND y AND …` and `q UNION ALL q UNION ALL …` as
//! left-deep trees: 200,000 terms make a tree 200,000 levels deep, and dropping, comparing,
//! printing or walking it recurses once per level (a stack overflow aborts the whole process,
//! the app included). So before sqlparser sees a statement, its tokens are measured:
//!
//! - [`MAX_STATEMENT_BYTES`]: a longer statement is not parsed (every token costs ~200 bytes
//!   while it is parsed; a 10 MB statement would take 2 GB; `bench/large-input.py` holds 10 MB
//!   scripts of statements just under the limit below 10× their size).
//! - [`MAX_NESTING`]: an upper bound of the parsed tree's depth, counted on the tokens, must stay
//!   below this. Every recursive routine that meets a parsed statement (sqlparser's drop, `==`,
//!   `Display` and visitors; the formatter; lineage) is measured to stay within a 2 MiB stack
//!   (tokio's worker default, where the app's commands run) at this depth, in a debug build
//!   (`tests/limits.rs`).
//!
//! A statement over either limit gets a diagnostic that says so, at the place it was exceeded.

use crate::error::ParseError;
use crate::lexer::{Scanner, Tok, TokKind};
use crate::span::{Position, Span};

/// The longest statement Weir parses, in bytes (256 KiB: a hand-written Flink job is a few
/// KiB; while it is parsed a statement takes ~50× its size). Longer ones are left to Flink.
pub const MAX_STATEMENT_BYTES: usize = 256 << 10;

/// The deepest expression or query nesting Weir parses (see the module doc for how it is
/// counted).
pub const MAX_NESTING: usize = 1_000;

/// `Err` with a diagnostic when `text` (one statement, starting at `origin`) is over a limit.
///
/// Reads the tokens one at a time: the check itself holds no more than the nesting stack.
pub fn check(text: &str, origin: Position) -> Result<(), ParseError> {
    check_size(text, origin)?;
    check_nesting(Scanner::new(text, origin)).map(|_| ())
}

/// The size limit alone, before anything is scanned.
pub(crate) fn check_size(text: &str, origin: Position) -> Result<(), ParseError> {
    if text.len() <= MAX_STATEMENT_BYTES {
        return Ok(());
    }
    Err(ParseError {
        message: format!(
            "statement is {} long; Weir checks statements up to {} (Flink will still check it when it runs)",
            size(text.len()),
            size(MAX_STATEMENT_BYTES)
        ),
        span: Span::new(origin, origin),
    })
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// Statements at most this deep are walked on the caller's stack.
const SHALLOW: usize = 64;

/// Stack a walk needs per level of nesting, with room to spare: sqlparser's derived `Clone` of a
/// `UNION` branch takes ~12 KiB a level in a debug build (less in a release build). Only the
/// pages a walk touches are committed, so the room costs address space, not memory.
const STACK_PER_LEVEL: usize = 32 << 10;

/// True when a walk of a tree `depth` deep gets a stack of its own in [`deep`].
pub fn is_deep(depth: usize) -> bool {
    depth > SHALLOW
}

/// Runs `f`, a recursive walk of a tree at most `depth` deep (a statement's
/// [`crate::ast::ParsedStatement::depth`]), where the stack is sure to hold it: on the caller's
/// stack when the tree is shallow or the stack has room, else on a fresh one (only the pages it
/// touches are committed).
pub fn deep<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    if !is_deep(depth) {
        return f();
    }
    let need = depth
        .saturating_mul(STACK_PER_LEVEL)
        .saturating_add(256 << 10);
    stacker::maybe_grow(need, need + (1 << 20), f)
}

/// The nesting limit on a statement's tokens: the bound of the tree's depth when it is within.
pub(crate) fn check_nesting<'a>(
    toks: impl IntoIterator<Item = Tok<'a>>,
) -> Result<usize, ParseError> {
    let mut n = Nesting::default();
    let mut over: Option<Tok<'a>> = None;
    for t in toks {
        let depth = n.push(&t);
        if depth > MAX_NESTING && over.is_none() {
            over = Some(t);
        }
    }
    match over {
        None => Ok(n.max),
        Some(t) => Err(ParseError {
            message: format!(
                "expression nested {} deep; Weir handles up to {MAX_NESTING} (split the expression or the query, e.g. with a WITH clause or a temporary view)",
                n.max
            ),
            span: Span::new(t.start, t.end),
        }),
    }
}

/// What opened a nesting level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    Statement,
    Paren,
    Case,
}

/// One nesting level: operators chained in its current item, set operations chained in it.
#[derive(Clone, Copy)]
struct Level {
    opener: Opener,
    chain: usize,
    sets: usize,
}

impl Level {
    fn new(opener: Opener) -> Level {
        Level {
            opener,
            chain: 0,
            sets: 0,
        }
    }
    fn depth(&self) -> usize {
        self.chain + self.sets + 1
    }
}

/// An upper bound of the parse tree's depth, fed one token at a time.
///
/// Each parenthesis or `CASE … END` opens a level; within a level, every infix or postfix
/// operator of the current item (items end at commas, `WHEN`/`THEN`/`ELSE` and clause keywords)
/// adds one, and every `UNION`/`INTERSECT`/`EXCEPT`/`MINUS` adds one for the rest of the level.
/// The bound is the sum over the open levels: sqlparser nests a chain of `n` operators `n` deep.
struct Nesting {
    levels: Vec<Level>,
    /// Where the previous token ended when it was an operator character (`<` of `<=`, `|` of
    /// `||`: a two-character operator counts once).
    after_operator: Option<usize>,
    /// Σ depth() of `levels`, kept up to date.
    total: usize,
    max: usize,
}

impl Default for Nesting {
    fn default() -> Self {
        Nesting {
            levels: vec![Level::new(Opener::Statement)],
            after_operator: None,
            total: 1,
            max: 1,
        }
    }
}

const CHAIN_WORDS: &[&str] = &[
    "AND", "OR", "NOT", "IS", "LIKE", "ILIKE", "RLIKE", "SIMILAR", "BETWEEN", "IN", "ESCAPE",
    "COLLATE", "AT", "MEMBER", "OVERLAPS", "DIV", "MOD", "XOR", "REGEXP",
];
const SET_WORDS: &[&str] = &["UNION", "INTERSECT", "EXCEPT", "MINUS"];
const ITEM_WORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "BY",
    "LIMIT",
    "OFFSET",
    "FETCH",
    "ON",
    "JOIN",
    "WINDOW",
    "QUALIFY",
    "VALUES",
    "SET",
    "WITH",
    "AS",
    "PARTITION",
    "MEASURES",
    "PATTERN",
    "DEFINE",
    "RETURNING",
];

impl Nesting {
    /// Takes one token; returns the bound at this token.
    fn push(&mut self, t: &Tok<'_>) -> usize {
        let glued = self.after_operator == Some(t.start.offset);
        self.after_operator = None;
        match t.kind {
            TokKind::Punct => match t.text {
                "(" | "[" => self.open(Opener::Paren),
                ")" | "]" => self.close(Opener::Paren),
                "," => self.reset_item(),
                "+" | "-" | "*" | "/" | "%" | "|" | "=" | "<" | ">" | "!" | "^" | "&" | "~"
                | ":" => {
                    if !glued {
                        self.chain();
                    }
                    self.after_operator = Some(t.end.offset);
                }
                _ => {}
            },
            TokKind::Word => {
                let w = t.text;
                if w.eq_ignore_ascii_case("CASE") {
                    self.open(Opener::Case);
                } else if w.eq_ignore_ascii_case("END") {
                    self.close(Opener::Case);
                } else if ["WHEN", "THEN", "ELSE"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k))
                {
                    self.reset_item();
                } else if CHAIN_WORDS.iter().any(|k| w.eq_ignore_ascii_case(k)) {
                    self.chain();
                } else if SET_WORDS.iter().any(|k| w.eq_ignore_ascii_case(k)) {
                    self.reset_item();
                    self.top().sets += 1;
                    self.total += 1;
                } else if ITEM_WORDS.iter().any(|k| w.eq_ignore_ascii_case(k)) {
                    self.reset_item();
                }
            }
            _ => {}
        }
        self.max = self.max.max(self.total);
        self.total
    }

    fn top(&mut self) -> &mut Level {
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    fn open(&mut self, opener: Opener) {
        self.levels.push(Level::new(opener));
        self.total += 1;
    }

    /// Closes the innermost level opened by `opener` (a stray closer closes nothing).
    fn close(&mut self, opener: Opener) {
        if self.levels.len() > 1 && self.top().opener == opener {
            if let Some(l) = self.levels.pop() {
                self.total -= l.depth();
            }
        }
    }

    fn chain(&mut self) {
        self.top().chain += 1;
        self.total += 1;
    }

    fn reset_item(&mut self) {
        let top = self.top();
        let chain = std::mem::take(&mut top.chain);
        self.total -= chain;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(s: &str) -> usize {
        let mut n = Nesting::default();
        for t in Scanner::new(s, Position::START) {
            n.push(&t);
        }
        n.max
    }

    #[test]
    fn chains_count_their_operators_and_items_reset() {
        assert_eq!(bound("SELECT a FROM t"), 1);
        assert_eq!(bound("SELECT a + b + c FROM t"), 3);
        assert_eq!(bound("SELECT a + b, c + d FROM t WHERE x = 1"), 2);
        assert_eq!(bound("SELECT (a + (b + c)) FROM t"), 5);
        assert_eq!(
            bound("SELECT a || b || c FROM t WHERE x <= 1 AND y <> 2"),
            4
        );
        assert_eq!(bound("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"), 3);
        // a long CASE or IN list is flat
        let case = format!(
            "SELECT CASE {} END FROM t",
            (0..5000)
                .map(|i| format!("WHEN a = {i} THEN {i}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(bound(&case) <= 4, "{}", bound(&case));
        let list = format!(
            "SELECT a FROM t WHERE a IN ({})",
            (0..5000)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(bound(&list) <= 4);
    }

    #[test]
    fn over_the_limit_is_a_diagnostic_at_the_place() {
        let s = format!("SELECT {}a FROM t", "a + ".repeat(MAX_NESTING + 5));
        let e = check(&s, Position::START).unwrap_err();
        assert!(
            e.message.starts_with(&format!(
                "expression nested {} deep; Weir handles up to 1000",
                MAX_NESTING + 6
            )),
            "{}",
            e.message
        );
        // the first operator over the limit
        assert_eq!(
            e.span.start.offset,
            "SELECT ".len() + 4 * (MAX_NESTING - 1) + 2
        );
        assert!(check(
            &format!("SELECT {}a FROM t", "a + ".repeat(MAX_NESTING - 2)),
            Position::START
        )
        .is_ok());
    }

    #[test]
    fn too_long_is_a_diagnostic_naming_both_sizes() {
        let s = format!("SELECT '{}'", "x".repeat(MAX_STATEMENT_BYTES));
        let e = check(&s, Position::START).unwrap_err();
        assert!(
            e.message
                .starts_with("statement is 257 KiB long; Weir checks statements up to 256 KiB"),
            "{}",
            e.message
        );
    }
}
