//! Positions and spans in a script: byte offset plus 1-based line and character column.

/// A point in a script: byte offset, 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Byte offset from the start of the script.
    pub offset: usize,
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters (not bytes), starting at 1.
    pub column: usize,
}

impl Position {
    /// The position of the first character of a script.
    pub const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// The position after `text`, when `text` starts at `self`.
    pub fn advance(self, text: &str) -> Position {
        let mut p = self;
        for c in text.chars() {
            p.offset += c.len_utf8();
            if c == '\n' {
                p.line += 1;
                p.column = 1;
            } else {
                p.column += 1;
            }
        }
        p
    }

    /// Maps a 1-based (line, column) pair measured inside a text starting at `self`
    /// to the position in the enclosing script; `text` is the inner text.
    pub fn locate(self, text: &str, line: usize, column: usize) -> Position {
        let mut p = self;
        let (mut l, mut c) = (1usize, 1usize);
        for ch in text.chars() {
            if l > line || (l == line && c >= column) {
                break;
            }
            p = p.advance(ch.encode_utf8(&mut [0u8; 4]));
            if ch == '\n' {
                l += 1;
                c = 1;
            } else {
                c += 1;
            }
        }
        p
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A half-open range of a script: `start` is the first character, `end` the position just after the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First character of the range.
    pub start: Position,
    /// Position just after the last character of the range (exclusive).
    pub end: Position,
}

impl Span {
    /// Builds a span from its two ends.
    pub fn new(start: Position, end: Position) -> Span {
        Span { start, end }
    }

    /// The byte range of this span, for slicing the script.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start.offset..self.end.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_counts_characters_and_lines() {
        let p = Position::START.advance("é\nab");
        assert_eq!(
            p,
            Position {
                offset: 5,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn locate_maps_inner_positions() {
        let start = Position {
            offset: 10,
            line: 3,
            column: 5,
        };
        let text = "ab\ncdé";
        assert_eq!(start.locate(text, 1, 2).column, 6);
        let p = start.locate(text, 2, 3);
        assert_eq!((p.line, p.column, p.offset), (4, 3, 15));
    }
}
