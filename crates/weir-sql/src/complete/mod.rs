//! Completion at the cursor: keywords that fit the place, Flink's built-in functions, tables,
//! views and columns defined earlier in the script, and `WITH (…)` option keys of the declared
//! connector and formats.
//!
//! The script around the cursor is usually incomplete, so the context comes from the lexer's
//! forgiving scan of the tokens before the cursor (as for text being typed); the definitions of
//! earlier statements come from the parser.
//!
//! Byte offsets: [`complete_at`], [`complete_with`], [`names_near`]; the editor's UTF-16
//! offsets: [`complete_utf16`].

mod catalog;
mod context;
mod item;
mod names;
mod script;
mod words;

pub use catalog::{Catalog, CatalogTable};
pub use item::{CompletionItem, CompletionKind, Completions};
pub use names::{names_near, NameRef};

use crate::lexer::{Tok, TokKind};
use context::context_items;
use item::Quote;
use names::tokens;

/// Candidates at byte offset `pos` of `text`, and the byte range they replace.
pub fn complete_at(text: &str, pos: usize) -> (usize, usize, Vec<CompletionItem>) {
    complete_with(text, pos, None)
}

/// [`complete_at`] in a tab bound to a database: its tables, schemas and columns too.
pub fn complete_with(
    text: &str,
    pos: usize,
    catalog: Option<&Catalog>,
) -> (usize, usize, Vec<CompletionItem>) {
    let pos = pos.min(text.len());
    let toks = tokens(text);
    // The token the cursor is in or right after.
    let here = toks
        .iter()
        .position(|t| t.start.offset < pos && pos <= t.end.offset);
    let mut from = pos;
    let mut to = pos;
    let mut quote = Quote::Add;
    let mut in_string = false;
    let mut cur = toks.partition_point(|t| t.end.offset <= pos);
    if let Some(h) = here {
        let t = toks[h];
        match t.kind {
            // In a comment (a `--` or `//` comment runs to the end of its line).
            TokKind::Comment
                if t.unterminated
                    || pos < t.end.offset
                    || t.text.starts_with("--")
                    || t.text.starts_with("//") =>
            {
                return (pos, pos, Vec::new());
            }
            TokKind::Str | TokKind::QuotedIdent if t.unterminated || pos < t.end.offset => {
                in_string = true;
                from = t.start.offset + 1;
                if t.unterminated {
                    quote = Quote::Close;
                } else {
                    quote = Quote::None;
                    to = t.end.offset - 1;
                }
                cur = h;
            }
            TokKind::Word => {
                from = t.start.offset;
                cur = h;
            }
            _ => {}
        }
    }
    // Significant tokens of the statement before the cursor (and the prefix being typed).
    let before: Vec<&Tok<'_>> = toks[..cur]
        .iter()
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let stmt_start_idx = before
        .iter()
        .rposition(|t| t.is_punct(";"))
        .map_or(0, |i| i + 1);
    let stmt: Vec<&Tok<'_>> = before[stmt_start_idx..].to_vec();
    let stmt_start_byte = stmt.first().map_or(from, |t| t.start.offset);
    // The whole statement (to the next `;`) for the options it declares.
    let whole: Vec<&Tok<'_>> = toks[toks.partition_point(|t| t.start.offset < stmt_start_byte)..]
        .iter()
        .filter(|t| t.kind != TokKind::Comment)
        .take_while(|t| !t.is_punct(";"))
        .collect();
    let items = context_items(
        text,
        &stmt,
        &whole,
        stmt_start_byte,
        in_string,
        quote,
        catalog,
    );
    let mut seen = std::collections::HashSet::new();
    let items = items
        .into_iter()
        .filter(|i| seen.insert((i.label.to_ascii_uppercase(), i.kind)))
        .collect();
    (from, to, items)
}

/// Candidates at UTF-16 offset `pos` of `text` (in a tab bound to a database whose metadata is
/// `catalog`, if any), with the range they replace in UTF-16 offsets: what the editor asks.
pub fn complete_utf16(text: &str, pos: u32, catalog: Option<&Catalog>) -> Completions {
    let byte = crate::utf16::utf16_to_byte_floor(text, pos as usize);
    let (from, to, items) = complete_with(text, byte, catalog);
    let units = crate::utf16::bytes_to_utf16(text, &[from, to]);
    Completions {
        from: units[0],
        to: units[1],
        items,
    }
}

#[cfg(test)]
mod tests;
