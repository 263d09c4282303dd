//! Weir's Flink SQL language core: pure functions over text, no I/O.
//!
//! - [`split`](split::split) cuts a script into statements with exact spans;
//! - [`vars`] finds and substitutes `${name}` / `${secret:name}` placeholders;
//! - [`parse`] turns one statement into the [`ast::Statement`] model;
//! - [`check`](diagnostics::check) reports syntax problems of a whole script;
//! - [`doc_diagnostics`] places them in the editor's UTF-16 offsets;
//! - [`format_script`] rewrites a script in a canonical layout;
//! - [`utf16`] converts offsets between Rust's UTF-8 and the editor's UTF-16;
//! - [`complete`] offers completion candidates at a cursor, knowing Flink's built-in
//!   [`functions`] and the connectors' and formats' `WITH` options;
//! - [`limits`] keeps every reading of a statement within a thread's stack and bounded memory.

pub mod ast;
pub mod complete;
pub mod diagnostics;
pub mod doc_diagnostics;
mod error;
pub mod format;
pub mod functions;
pub mod highlight;
mod lexer;
pub mod limits;
mod options;
pub mod parser;
pub mod span;
pub mod split;
pub mod utf16;
pub mod vars;

pub use diagnostics::{check, Diagnostic, Severity, StatementReport};
pub use format::{format_script, format_statement, FormatError};
pub use parser::{parse, parse_at, ParseError};
pub use span::{Position, Span};
pub use split::{split, StatementText};
