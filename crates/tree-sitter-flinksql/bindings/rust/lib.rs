//! Tree-sitter grammar for Apache Flink SQL (1.17–2.x): the generated parser and its highlight query.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_flinksql::language())
//!     .expect("the grammar's ABI is supported by this tree-sitter");
//! let tree = parser.parse("SELECT 1;", None).expect("a language is set");
//! assert!(!tree.root_node().has_error());
//! ```
//!
//! The grammar lives in `grammar.js`; `src/parser.c` is generated from it with
//! `tree-sitter generate` (tree-sitter-cli 0.27) and committed, so building this crate needs only a
//! C compiler. Run `./regenerate.sh` after editing the grammar.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_flinksql() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for Flink SQL.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_flinksql) };

/// The Flink SQL language, ready for [`tree_sitter::Parser::set_language`].
pub fn language() -> tree_sitter::Language {
    LANGUAGE.into()
}

/// The highlight query (`queries/highlights.scm`); capture names are documented in that file.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The node types of the grammar (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

#[cfg(test)]
mod tests {
    #[test]
    fn loads_the_grammar() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::language())
            .expect("Error loading Flink SQL parser");
    }

    #[test]
    fn highlight_query_compiles() {
        tree_sitter::Query::new(&super::language(), super::HIGHLIGHTS_QUERY)
            .expect("highlights.scm is valid for this grammar");
    }
}
