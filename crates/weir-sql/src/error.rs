//! The error every reading of a statement returns: what is wrong and where.
//!
//! Its own module, below both the parser and [`crate::limits`], which refuse statements with it.

use thiserror::Error;

use crate::span::Span;

/// A syntax error in a statement, with its place in the script.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message} at {}", span.start)]
pub struct ParseError {
    /// What is wrong, phrased for a person (without the position).
    pub message: String,
    /// Where (script positions when parsed with [`crate::parse_at`]).
    pub span: Span,
}
