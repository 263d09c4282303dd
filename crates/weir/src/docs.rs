//! Open documents: the text of each script open in the editor, kept in Rust and changed by the
//! editor's edits (positions in UTF-16 code units, as CodeMirror counts them).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;
use ts_rs::TS;
use weir_store::ScriptId;

/// One change of an editor transaction: replace `from..to` (UTF-16 offsets into the text as it
/// was before the transaction) by `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextChange {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// Why an edit could not be applied: the editor and Rust disagree about the text, so the editor
/// must send its whole text once ([`crate::Weir::doc_replace`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the editor's copy of script {script} is out of step ({detail}); resending the whole text")]
pub struct Desync {
    pub script: ScriptId,
    pub detail: String,
}

/// An open script's text and its save state.
#[derive(Debug)]
pub(crate) struct Doc {
    pub text: String,
    /// Length in UTF-16 code units, kept so edits can be checked cheaply.
    pub utf16_len: usize,
    /// Text of the newest saved version (`None`: never saved).
    pub saved: Option<String>,
    /// When the first change not yet written to disk happened.
    pub unflushed_since: Option<Instant>,
}

impl Doc {
    pub fn new(text: String, saved: Option<String>) -> Doc {
        let utf16_len = weir_sql::utf16::len(&text);
        Doc {
            text,
            utf16_len,
            saved,
            unflushed_since: None,
        }
    }

    /// Whether the text differs from the newest saved version.
    pub fn dirty(&self) -> bool {
        match &self.saved {
            Some(saved) => *saved != self.text,
            None => !self.text.is_empty(),
        }
    }

    /// Applies one editor transaction; on any inconsistency the text is left unchanged.
    pub fn apply(
        &mut self,
        script: ScriptId,
        changes: &[TextChange],
        len_after: u32,
    ) -> Result<(), Desync> {
        let desync = |detail: String| Desync { script, detail };
        let mut sorted: Vec<&TextChange> = changes.iter().collect();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.from));
        // Changes must not overlap and must lie inside the text.
        let mut prev_from = u32::MAX;
        let mut expected = self.utf16_len as i64;
        for c in &sorted {
            if c.from > c.to || c.to as usize > self.utf16_len || c.to > prev_from {
                return Err(desync(format!(
                    "change {}..{} does not fit a text of {} units",
                    c.from, c.to, self.utf16_len
                )));
            }
            prev_from = c.from;
            expected += weir_sql::utf16::len(&c.insert) as i64 - (c.to - c.from) as i64;
        }
        if expected != len_after as i64 {
            return Err(desync(format!(
                "expected {len_after} units after the edit, would have {expected}"
            )));
        }
        let mut text = std::mem::take(&mut self.text);
        for c in sorted {
            let (Some(from), Some(to)) = (
                weir_sql::utf16::utf16_to_byte(&text, c.from as usize),
                weir_sql::utf16::utf16_to_byte(&text, c.to as usize),
            ) else {
                self.text = text;
                return Err(desync(format!(
                    "change {}..{} splits a character",
                    c.from, c.to
                )));
            };
            text.replace_range(from..to, &c.insert);
        }
        self.text = text;
        self.utf16_len = len_after as usize;
        Ok(())
    }
}

/// The open documents.
#[derive(Debug, Default)]
pub(crate) struct Docs {
    pub open: HashMap<ScriptId, Doc>,
}

impl Docs {
    /// Texts changed since they were last written, marking them written.
    pub fn take_unflushed(&mut self) -> Vec<(ScriptId, String)> {
        self.open
            .iter_mut()
            .filter_map(|(id, d)| d.unflushed_since.take().map(|_| (*id, d.text.clone())))
            .collect()
    }

    /// The earliest moment an unwritten change happened.
    pub fn oldest_unflushed(&self) -> Option<Instant> {
        self.open.values().filter_map(|d| d.unflushed_since).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: u32, to: u32, insert: &str) -> TextChange {
        TextChange {
            from,
            to,
            insert: insert.into(),
        }
    }

    #[test]
    fn edits_apply_in_utf16_positions() {
        let mut d = Doc::new("a😀b".into(), None);
        assert_eq!(d.utf16_len, 4);
        d.apply(1, &[change(3, 3, "é")], 5).unwrap();
        assert_eq!(d.text, "a😀éb");
        d.apply(1, &[change(1, 3, "")], 3).unwrap();
        assert_eq!(d.text, "aéb");
    }

    #[test]
    fn several_changes_use_the_original_coordinates() {
        let mut d = Doc::new("SELECT a FROM t".into(), None);
        // Insert at 7 and replace "t" (14..15), as one transaction.
        d.apply(1, &[change(7, 7, "x, "), change(14, 15, "orders")], 23)
            .unwrap();
        assert_eq!(d.text, "SELECT x, a FROM orders");
    }

    #[test]
    fn inconsistent_edits_are_refused_and_change_nothing() {
        let mut d = Doc::new("a😀b".into(), None);
        assert!(
            d.apply(1, &[change(2, 2, "x")], 5).is_err(),
            "inside a surrogate pair"
        );
        assert!(d.apply(1, &[change(0, 9, "")], 0).is_err(), "past the end");
        assert!(d.apply(1, &[change(0, 1, "")], 9).is_err(), "wrong length");
        assert!(
            d.apply(1, &[change(0, 2, ""), change(1, 3, "")], 1)
                .is_err(),
            "overlapping"
        );
        assert_eq!(d.text, "a😀b");
        assert_eq!(d.utf16_len, 4);
    }

    #[test]
    fn dirty_means_different_from_the_saved_version() {
        let mut d = Doc::new("x".into(), Some("x".into()));
        assert!(!d.dirty());
        d.apply(1, &[change(1, 1, "y")], 2).unwrap();
        assert!(d.dirty());
        d.apply(1, &[change(1, 2, "")], 1).unwrap();
        assert!(!d.dirty());
        assert!(!Doc::new(String::new(), None).dirty());
    }
}
