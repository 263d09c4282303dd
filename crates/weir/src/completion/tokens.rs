//! A forgiving tokenizer for completion: it never fails and keeps unterminated literals.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tk {
    Word,
    Quoted,
    Str,
    Number,
    Comment,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    pub kind: Tk,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// A string, quoted name or comment without its closing delimiter.
    pub open: bool,
}

impl Tok<'_> {
    pub(super) fn is(&self, word: &str) -> bool {
        self.kind == Tk::Word && self.text.eq_ignore_ascii_case(word)
    }
    pub(super) fn punct(&self, p: &str) -> bool {
        self.kind == Tk::Punct && self.text == p
    }
    /// A string literal's content (quotes removed, `''` unescaped).
    pub(super) fn unquoted(&self) -> String {
        let inner = self.text.get(1..).unwrap_or_default();
        let inner = if self.open {
            inner
        } else {
            inner
                .get(..inner.len().saturating_sub(1))
                .unwrap_or_default()
        };
        inner.replace("''", "'")
    }
}

/// A forgiving tokenizer: never fails, unterminated literals run to the end.
pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let (kind, open) = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            (Tk::Comment, false)
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            match text[i + 2..].find("*/") {
                Some(n) => {
                    i += n + 4;
                    (Tk::Comment, false)
                }
                None => {
                    i = b.len();
                    (Tk::Comment, true)
                }
            }
        } else if c == b'\'' || c == b'`' || c == b'"' {
            i += 1;
            let mut closed = false;
            while i < b.len() {
                if b[i] == c {
                    if b.get(i + 1) == Some(&c) {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    closed = true;
                    break;
                }
                i += 1;
            }
            let kind = if c == b'\'' { Tk::Str } else { Tk::Quoted };
            (kind, !closed)
        } else if c == b'$' && b.get(i + 1) == Some(&b'{') {
            i = text[i..].find('}').map_or(b.len(), |n| i + n + 1);
            (Tk::Word, false)
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            (Tk::Number, false)
        } else if is_word(c) {
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            (Tk::Word, false)
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            (Tk::Punct, false)
        };
        // Keep slicing on character boundaries whatever the input.
        while i < b.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        out.push(Tok {
            kind,
            start,
            end: i,
            text: &text[start..i],
            open,
        });
    }
    out
}
