//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries (`fuzz_targets/`) and the
//! stable regression test (`../tests/fuzz_regressions.rs`). Each asserts the properties that
//! must hold for any input; a panic is a bug.
//!
//! Deep and long inputs: an input that starts with byte 0xFE is a *repeat* input — a prefix, then
//! a fragment written up to 65,535 times (up to 4 MiB; see [`text`]). That is how the fuzzer reaches
//! 200,000-term chains and 20,000-branch unions that no small input is. Repeat inputs run on a
//! thread with a 2 MiB stack (tokio's worker default, where the app runs these functions): a
//! stack overflow there aborts the fuzzer, as it would abort the app.

#![allow(dead_code)]

use std::borrow::Cow;
use std::cell::RefCell;
use weir_sql::highlight::Highlighter;

thread_local! {
    /// One highlighter per thread: loading the grammar's query costs more than most inputs.
    static HIGHLIGHTER: RefCell<Option<Highlighter>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's highlighter, document 1 closed afterwards.
fn with_highlighter(f: impl FnOnce(&mut Highlighter)) {
    HIGHLIGHTER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Highlighter::new().ok();
        }
        if let Some(h) = slot.as_mut() {
            f(h);
            h.close(1);
        }
    });
}

/// The largest text a repeat input expands to.
const MAX_REPEAT_BYTES: usize = 4 << 20;

/// The input's text, expanded when it is a repeat input (`0xFE`, count (2 bytes, big-endian),
/// prefix length (1 byte), prefix, fragment: the prefix, then the fragment `count` times);
/// `None` when it is not UTF-8.
pub fn text(data: &[u8]) -> Option<Cow<'_, str>> {
    match data {
        [0xFE, hi, lo, plen, rest @ ..] => {
            let (prefix, fragment) = rest.split_at(usize::from(*plen).min(rest.len()));
            let prefix = std::str::from_utf8(prefix).ok()?;
            let fragment = std::str::from_utf8(fragment).ok()?;
            let count = usize::from(*hi) << 8 | usize::from(*lo);
            let count = count.min(MAX_REPEAT_BYTES / fragment.len().max(1));
            let mut s = String::with_capacity(prefix.len() + fragment.len() * count);
            s.push_str(prefix);
            for _ in 0..count {
                s.push_str(fragment);
            }
            Some(Cow::Owned(s))
        }
        _ => std::str::from_utf8(data).ok().map(Cow::Borrowed),
    }
}

/// Runs `f` on `s`: on a 2 MiB-stack thread for long inputs, directly for the rest (fast).
pub fn run(s: Cow<'_, str>, f: fn(&str)) {
    if s.len() < 16 << 10 {
        return f(&s);
    }
    let owned = s.into_owned();
    let joined = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || f(&owned))
        .expect("spawn a fuzz thread")
        .join();
    if let Err(panic) = joined {
        std::panic::resume_unwind(panic);
    }
}

/// `split`: spans slice the script exactly and come in order.
pub fn split(data: &[u8]) {
    let Some(s) = text(data) else { return };
    run(s, split_text);
}

fn split_text(s: &str) {
    let mut last = 0;
    for (i, st) in weir_sql::split(s).iter().enumerate() {
        assert_eq!(st.index, i);
        let r = st.span.range();
        assert!(r.start >= last && r.end <= s.len(), "span out of order");
        assert_eq!(
            s.get(r.clone()),
            Some(st.text.as_str()),
            "span/text mismatch"
        );
        last = r.end;
    }
}

/// `check` (split + parse + diagnostics of every statement): positions are in the script.
pub fn check(data: &[u8]) {
    let Some(s) = text(data) else { return };
    run(s, check_text);
}

fn check_text(s: &str) {
    for r in weir_sql::check(s) {
        for d in &r.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
            assert!(d.span.start.offset <= s.len() && d.span.end.offset <= s.len());
        }
    }
}

/// The highlighter: a document opened, edited at fuzzer-chosen places (UTF-8 and UTF-16
/// offsets, valid or not), highlighted after each edit; spans stay sorted, disjoint and in range.
pub fn highlight(data: &[u8]) {
    if data.first() == Some(&0xFE) {
        if let Some(s) = text(data) {
            run(s, highlight_whole);
        }
        return;
    }
    let split_at = data.iter().position(|b| *b == 0xFF).unwrap_or(data.len());
    let doc = String::from_utf8_lossy(&data[..split_at]).into_owned();
    let edits = data.get(split_at + 1..).unwrap_or_default();
    with_highlighter(|h| highlight_edits(h, doc, edits));
}

fn highlight_edits(h: &mut Highlighter, doc: String, edits: &[u8]) {
    if h.open(1, doc).is_err() {
        return;
    }
    const INSERTS: &[&str] = &[
        "",
        "'",
        "`",
        "/*",
        "*/",
        "--",
        "\n",
        ";",
        "${",
        "}",
        "SELECT ",
        "é",
        "😀",
        "(",
        ")",
        "CREATE TABLE t (a INT) WITH ('k'='v');",
        "/*+ OPTIONS('a'='b') */",
    ];
    for e in edits.chunks(5) {
        let len = h.text(1).map_or(0, str::len);
        let a = (usize::from(e[0]) << 8) | usize::from(*e.get(1).unwrap_or(&0));
        let b = usize::from(*e.get(2).unwrap_or(&0));
        let start = a % (len + 2);
        let end = start + b % 8;
        let ins = INSERTS[usize::from(*e.get(3).unwrap_or(&0)) % INSERTS.len()];
        let utf16 = e.get(4).is_some_and(|x| x & 1 == 1);
        let _ = if utf16 {
            h.edit_utf16(1, start, end, ins)
        } else {
            h.edit(1, start, end, ins)
        };
        let now = h.text(1).unwrap_or_default();
        let len = now.len();
        // the highlighter floors offsets inside a character to that character's start
        let floor = |mut i: usize| {
            while !now.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let from = floor(start.min(len));
        let to = floor((from + 200).min(len));
        if let Ok(spans) = h.highlights(1, from..to) {
            let mut prev = from;
            for sp in &spans {
                assert!(sp.start >= prev, "spans overlap or are unsorted");
                assert!(sp.end <= to && sp.start <= sp.end);
                prev = sp.end;
            }
        }
        let _ = h.highlights_utf16(1, start..end + 100);
    }
}

/// The formatter: when a script formats, every statement parses back to the same statement
/// and formatting again changes nothing.
pub fn format(data: &[u8]) {
    let Some(s) = text(data) else { return };
    run(s, format_text);
}

fn format_text(s: &str) {
    let Ok(once) = weir_sql::format_script(s) else {
        return;
    };
    let before = weir_sql::split(s);
    let after = weir_sql::split(&once);
    assert_eq!(
        before.len(),
        after.len(),
        "statement count changed:\n{once}"
    );
    for (a, b) in before.iter().zip(&after) {
        let (Ok(pa), Ok(pb)) = (weir_sql::parse(&a.text), weir_sql::parse(&b.text)) else {
            panic!("a formatted statement does not parse:\n{}", b.text);
        };
        assert!(
            pa.same_as(&pb),
            "statement changed:\n{}\n---\n{}",
            a.text,
            b.text
        );
    }
    let twice = weir_sql::format_script(&once).expect("formatted script formats again");
    assert_eq!(once, twice, "not idempotent");
}

/// A (long) document highlighted whole, in slices and in UTF-16; spans sorted and in range.
fn highlight_whole(s: &str) {
    with_highlighter(|h| highlight_whole_with(h, s));
}

fn highlight_whole_with(h: &mut Highlighter, s: &str) {
    if h.open(1, s.to_string()).is_err() {
        return;
    }
    let len = s.len();
    for range in [0..len, len / 2..len, 0..len.min(4096)] {
        if let Ok(spans) = h.highlights(1, range.clone()) {
            let mut prev = range.start;
            for sp in &spans {
                assert!(sp.start >= prev, "spans overlap or are unsorted");
                assert!(sp.end <= range.end.max(sp.start) && sp.start <= sp.end);
                prev = sp.end;
            }
        }
    }
    let _ = h.highlights_utf16(1, 0..len);
}
