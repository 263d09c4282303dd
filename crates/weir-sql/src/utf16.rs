//! UTF-8 ↔ UTF-16 offsets, in one place.
//!
//! Rust holds text as UTF-8 and counts bytes; the editor (CodeMirror, JavaScript strings) counts
//! UTF-16 code units. Every conversion between the two goes through here: the one-off functions
//! for a few offsets, and `OffsetIndex` — checkpoints every few kilobytes, kept per open
//! document by the highlighter — for many offsets of a large text.

/// Length of `text` in UTF-16 code units.
pub fn len(text: &str) -> usize {
    utf16_len(text.as_bytes())
}

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text, floored to a character).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte.min(text.len()));
    utf16_len(&text.as_bytes()[..byte])
}

/// [`byte_to_utf16`] of many byte offsets (in any order) in one pass over the text, as `u32`
/// (the editor's offsets).
pub fn bytes_to_utf16(text: &str, bytes: &[usize]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0u32; bytes.len()];
    let (mut byte, mut units) = (0usize, 0usize);
    for i in order {
        let target = floor_char_boundary(text, bytes[i].min(text.len()));
        units += utf16_len(&text.as_bytes()[byte..target]);
        byte = target;
        out[i] = units as u32;
    }
    out
}

/// The byte offset of UTF-16 offset `offset` in `text`, or `None` when it is past the end or
/// inside a surrogate pair.
pub fn utf16_to_byte(text: &str, offset: usize) -> Option<usize> {
    OffsetIndex::default().byte_at(text, offset)
}

/// The byte offset of UTF-16 offset `offset` in `text`, rounded down inside a surrogate pair and
/// clamped to the end of the text.
pub fn utf16_to_byte_floor(text: &str, offset: usize) -> usize {
    OffsetIndex::default().byte_at_floor(text, offset)
}

/// Line feeds in `bytes` (the rows the index counts alongside).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// `byte` moved back to the start of the character it falls in.
pub(crate) fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// UTF-16 code units of a UTF-8 byte slice: one per character, two for 4-byte characters. Works on
/// any cut of valid UTF-8 (a character counts where its first byte is).
pub(crate) fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Cumulative UTF-16 lengths and line counts at every `CHUNK` bytes of a document, filled lazily
/// and cut back on edits, so converting an offset (or finding its row) scans at most `CHUNK` bytes
/// once the index is warm, instead of the whole document.
#[derive(Debug, Default)]
pub(crate) struct OffsetIndex {
    /// `checkpoints[i]` = UTF-16 length of `text[..i * CHUNK]`; `checkpoints[0]` = 0 when not empty.
    checkpoints: Vec<usize>,
    /// `newlines[i]` = number of `\n` in `text[..i * CHUNK]`.
    newlines: Vec<usize>,
}

const CHUNK: usize = 4096;

impl OffsetIndex {
    pub(crate) fn invalidate_from(&mut self, byte: usize) {
        // Checkpoint i stays valid while i * CHUNK <= byte.
        self.checkpoints.truncate(byte / CHUNK + 1);
        self.newlines.truncate(byte / CHUNK + 1);
    }

    /// Makes sure checkpoints exist up to `index` (bounded by the text), returns the last usable one.
    fn ensure(&mut self, text: &str, index: usize) -> usize {
        let max_index = text.len() / CHUNK;
        let index = index.min(max_index);
        if self.checkpoints.is_empty() {
            self.checkpoints.push(0);
            self.newlines.push(0);
        }
        while self.checkpoints.len() <= index {
            let i = self.checkpoints.len();
            let chunk = &text.as_bytes()[(i - 1) * CHUNK..i * CHUNK];
            self.checkpoints
                .push(self.checkpoints[i - 1] + utf16_len(chunk));
            self.newlines
                .push(self.newlines[i - 1] + count_newlines(chunk));
        }
        index
    }

    /// The row and byte column (tree-sitter's point) of byte offset `byte`.
    pub(crate) fn point_at(&mut self, text: &str, byte: usize) -> (usize, usize) {
        let byte = byte.min(text.len());
        let index = self.ensure(text, byte / CHUNK);
        let bytes = text.as_bytes();
        let row = self.newlines[index] + count_newlines(&bytes[index * CHUNK..byte]);
        let column = match bytes[..byte].iter().rposition(|&b| b == b'\n') {
            Some(newline) => byte - newline - 1,
            None => byte,
        };
        (row, column)
    }

    pub(crate) fn utf16_at(&mut self, text: &str, byte: usize) -> usize {
        let byte = floor_char_boundary(text, byte.min(text.len()));
        let index = self.ensure(text, byte / CHUNK);
        self.checkpoints[index] + utf16_len(&text.as_bytes()[index * CHUNK..byte])
    }

    /// Byte offset of a UTF-16 offset; `None` past the end or inside a surrogate pair.
    pub(crate) fn byte_at(&mut self, text: &str, offset: usize) -> Option<usize> {
        let (byte, exact) = self.seek(text, offset);
        exact.then_some(byte)
    }

    /// Like `byte_at`, but rounds down inside a surrogate pair and clamps past the end.
    pub(crate) fn byte_at_floor(&mut self, text: &str, offset: usize) -> usize {
        self.seek(text, offset).0
    }

    /// The last character boundary at or before UTF-16 `offset`, and whether it is exactly there.
    fn seek(&mut self, text: &str, offset: usize) -> (usize, bool) {
        // Extend the index only as far as the offset needs.
        let max_index = text.len() / CHUNK;
        let mut last = self.ensure(text, 0).max(self.checkpoints.len() - 1);
        while last < max_index && self.checkpoints[last] <= offset {
            last = self.ensure(text, last + 1);
        }
        // The last checkpoint whose UTF-16 offset is <= offset.
        let index = match self.checkpoints[..=last].binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let mut units = self.checkpoints[index];
        let mut byte = index * CHUNK;
        // A checkpoint may cut a character, which was counted at its first byte: skip its rest.
        while byte < text.len() && !text.is_char_boundary(byte) {
            byte += 1;
        }
        for ch in text[byte..].chars() {
            if units >= offset {
                break;
            }
            let width = ch.len_utf16();
            if units + width > offset {
                return (byte, false); // Inside a surrogate pair.
            }
            units += width;
            byte += ch.len_utf8();
        }
        (byte, units == offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_and_round_down_inside_characters() {
        let text = "a😀é\nb";
        assert_eq!(len(text), 6);
        assert_eq!(byte_to_utf16(text, 2), 1, "inside 😀 floors to its start");
        assert_eq!(byte_to_utf16(text, 999), 6);
        assert_eq!(utf16_to_byte(text, 2), None, "inside a surrogate pair");
        assert_eq!(utf16_to_byte(text, 3), Some(5));
        assert_eq!(utf16_to_byte(text, 7), None);
        assert_eq!(utf16_to_byte_floor("a😀b", 2), 1);
        assert_eq!(utf16_to_byte_floor("a😀b", 9), "a😀b".len());
        assert_eq!(
            bytes_to_utf16(text, &[text.len(), 0, 5, 1, 5]),
            [6, 0, 3, 1, 3]
        );
    }
}
