//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries (`fuzz_targets/`) and the
//! stable regression test (`../tests/fuzz_regressions.rs`). Each asserts the properties that
//! must hold for any input; a panic is a bug.

#![allow(dead_code)]

use weir_sql::highlight::Highlighter;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// `split`: spans slice the script exactly and come in order.
pub fn split(data: &[u8]) {
    let Some(s) = text(data) else { return };
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
    let split_at = data.iter().position(|b| *b == 0xFF).unwrap_or(data.len());
    let doc = String::from_utf8_lossy(&data[..split_at]).into_owned();
    let edits = data.get(split_at + 1..).unwrap_or_default();
    let Ok(mut h) = Highlighter::new() else {
        return;
    };
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
