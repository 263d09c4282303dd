//! Behaviour of the incremental highlighter: kinds, span shape, incremental parses that match fresh
//! ones (positions included), UTF-16 conversion and robustness against bad offsets and garbage.

use std::ops::Range;

use tree_sitter::Point;
use weir_sql::highlight::{
    byte_to_utf16, spans_to_utf16, utf16_to_byte, DocId, HighlightError, HighlightKind, Highlighter,
};

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn kinds(h: &mut Highlighter, doc: DocId) -> Vec<(String, HighlightKind)> {
    let text = h.text(doc).map(str::to_owned).unwrap_or_default();
    h.highlights(doc, 0..usize::MAX)
        .map(|spans| {
            spans
                .iter()
                .map(|s| (text[s.start..s.end].to_owned(), s.kind))
                .collect()
        })
        .unwrap_or_default()
}

/// Every node's kind, byte range and points, so trees compare with their positions.
fn layout(h: &Highlighter, doc: DocId) -> Vec<(&'static str, Range<usize>, Point, Point)> {
    let mut out = Vec::new();
    let Some(tree) = h.tree(doc) else {
        return out;
    };
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        out.push((
            node.kind(),
            node.byte_range(),
            node.start_position(),
            node.end_position(),
        ));
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    out
}

fn kind_of(spans: &[(String, HighlightKind)], text: &str) -> Option<HighlightKind> {
    spans.iter().find(|(t, _)| t == text).map(|(_, k)| *k)
}

#[test]
fn highlights_the_main_kinds() {
    let mut h = Highlighter::new().expect("grammar loads");
    let sql = "-- note\nCREATE TABLE t (\n  id BIGINT,\n  ts TIMESTAMP(3)\n) WITH ('connector' = 'kafka', 'topic' = '${topic}');\n\
               SELECT /*+ OPTIONS('a' = 'b') */ UPPER(name), 42 FROM t WHERE id <> ${min_id};";
    h.open(1, sql).expect("opens");
    let spans = kinds(&mut h, 1);
    use HighlightKind::*;
    assert_eq!(kind_of(&spans, "-- note"), Some(Comment));
    assert_eq!(kind_of(&spans, "CREATE"), Some(Keyword));
    assert_eq!(kind_of(&spans, "BIGINT"), Some(Type));
    assert_eq!(kind_of(&spans, "TIMESTAMP"), Some(Type));
    assert_eq!(kind_of(&spans, "'connector'"), Some(Property));
    assert_eq!(kind_of(&spans, "'kafka'"), Some(String));
    assert_eq!(
        kind_of(&spans, "${topic}"),
        Some(Variable),
        "placeholder inside a string"
    );
    assert_eq!(kind_of(&spans, "OPTIONS"), Some(Attribute));
    assert_eq!(kind_of(&spans, "UPPER"), Some(Function));
    assert_eq!(kind_of(&spans, "name"), Some(Identifier));
    assert_eq!(kind_of(&spans, "42"), Some(Number));
    assert_eq!(kind_of(&spans, "<>"), Some(Operator));
    assert_eq!(kind_of(&spans, "${min_id}"), Some(Variable));
    assert_eq!(kind_of(&spans, ";"), Some(Punctuation));
    // The string around the placeholder is split around it, not overlapping it.
    assert_eq!(kind_of(&spans, "'"), Some(String));
}

#[test]
fn spans_are_sorted_disjoint_and_clipped() {
    let mut h = Highlighter::new().expect("grammar loads");
    let sql = "SELECT 'a${x}b', f(1) FROM t; INSERT INTO s SELECT * FROM t";
    h.open(7, sql).expect("opens");
    for window in [0..sql.len(), 3..20, 10..11, 0..0, 40..1000] {
        let spans = h.highlights(7, window.clone()).expect("open doc");
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{pair:?}");
        }
        for span in &spans {
            assert!(span.start < span.end);
            assert!(span.start >= window.start && span.end <= window.end.min(sql.len()));
        }
    }
}

#[test]
fn incremental_edits_match_a_fresh_parse() {
    let mut h = Highlighter::new().expect("grammar loads");
    let mut text = String::from("SELECT a FROM t;\nINSERT INTO s SELECT b FROM u;\n");
    h.open(1, text.clone()).expect("opens");
    let edits: [(usize, usize, &str); 6] = [
        (7, 8, "price * 2"),
        (0, 0, "-- héllo 🎉\n"),
        (20, 20, "'"),
        (20, 21, ""),
        (5, 5, "\n\n"),
        (0, 3, ""),
    ];
    for (start, end, new_text) in edits {
        let (start, end) = (start.min(text.len()), end.min(text.len()));
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        h.edit(1, start, end, new_text).expect("valid edit");
        text.replace_range(start..end, new_text);
        assert_eq!(h.text(1), Some(text.as_str()));
        let mut fresh = Highlighter::new().expect("grammar loads");
        fresh.open(2, text.clone()).expect("opens");
        assert_eq!(layout(&h, 1), layout(&fresh, 2));
        assert_eq!(
            h.highlights(1, 0..text.len()),
            fresh.highlights(2, 0..text.len())
        );
    }
}

#[test]
fn edits_report_the_ranges_whose_syntax_changed() {
    let mut h = Highlighter::new().expect("grammar loads");
    let text = "SELECT a FROM t;\nSELECT b FROM u;\nSELECT c FROM v;\n";
    h.open(1, text).expect("opens");
    // A quote turns the rest of the script into a string.
    let changed = h.edit_with_changes(1, 7, 7, "'").expect("valid edit");
    let end = changed.iter().map(|r| r.end).max().unwrap_or(0);
    assert!(end > text.len() / 2, "{changed:?}");
    // Undoing it changes the same region back; a letter in a name changes little.
    h.edit(1, 7, 8, "").expect("valid edit");
    let changed = h.edit_with_changes(1, 8, 8, "x").expect("valid edit");
    assert!(changed.iter().all(|r| r.end <= 16), "{changed:?}");
    assert_eq!(
        layout(&h, 1).first().map(|n| n.1.clone()),
        Some(0..text.len() + 1)
    );
}

#[test]
fn bad_offsets_are_errors_not_panics() {
    let mut h = Highlighter::new().expect("grammar loads");
    h.open(1, "SELECT 'é'").expect("opens");
    assert!(matches!(
        h.edit(1, 5, 3, "x"),
        Err(HighlightError::InvalidEdit { .. })
    ));
    assert!(matches!(
        h.edit(1, 0, 999, "x"),
        Err(HighlightError::InvalidEdit { .. })
    ));
    assert!(matches!(
        h.edit(1, 9, 9, "x"),
        Err(HighlightError::InvalidEdit { .. })
    ));
    assert!(matches!(
        h.edit(2, 0, 0, "x"),
        Err(HighlightError::UnknownDocument(2))
    ));
    assert!(matches!(
        h.edit_utf16(1, 99, 100, "x"),
        Err(HighlightError::InvalidEdit { .. })
    ));
    assert!(matches!(
        h.highlights(3, 0..1),
        Err(HighlightError::UnknownDocument(3))
    ));
    assert!(h.highlights(1, 9..9).expect("open").is_empty());
    assert!(h
        .highlights(
            1,
            Range {
                start: 100,
                end: 50
            }
        )
        .expect("open")
        .is_empty());
    assert!(h.close(1));
    assert!(!h.close(1));
}

#[test]
fn utf16_offsets_round_trip() {
    let text = "a'é🎉'b\n中文 x";
    for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let units = byte_to_utf16(text, byte);
        assert_eq!(units, text[..byte].encode_utf16().count());
        assert_eq!(utf16_to_byte(text, units), Some(byte));
    }
    // Inside the surrogate pair of 🎉 (UTF-16 offsets 3..5).
    assert_eq!(utf16_to_byte(text, 4), None);
    assert_eq!(utf16_to_byte(text, 10_000), None);
}

#[test]
fn utf16_index_crosses_chunks_and_survives_edits() {
    let mut h = Highlighter::new().expect("grammar loads");
    let line = "SELECT 'ü🎉', x FROM t; -- ☃\n";
    let mut text = line.repeat(600); // > 4 chunks, with multi-byte characters across boundaries
    h.open(1, text.clone()).expect("opens");
    let total16 = text.encode_utf16().count();
    let spans16 = h.highlights_utf16(1, 0..total16).expect("open");
    let spans = h.highlights(1, 0..text.len()).expect("open");
    assert_eq!(spans.len(), spans16.len());
    for (b, u) in spans.iter().zip(&spans16) {
        assert_eq!(u.start, text[..b.start].encode_utf16().count());
        assert_eq!(u.end, text[..b.end].encode_utf16().count());
    }
    // Edit in UTF-16 terms near the end, then check the index was refreshed.
    let at16 = total16 - 10;
    let at = utf16_to_byte(&text, at16).expect("boundary");
    h.edit_utf16(1, at16, at16, "🎉é").expect("valid edit");
    text.insert_str(at, "🎉é");
    assert_eq!(h.text(1), Some(text.as_str()));
    // Rows and columns stay exact across index chunks (edits far from the start of the text).
    for (start, end, insert) in [
        (9000, 9000, "\n\n"),
        (5000, 5004, ""),
        (12_000, 12_000, "x"),
    ] {
        let (start, end) = (
            floor_char_boundary(&text, start),
            floor_char_boundary(&text, end),
        );
        h.edit(1, start, end, insert).expect("valid edit");
        text.replace_range(start..end, insert);
    }
    let mut fresh = Highlighter::new().expect("grammar loads");
    fresh.open(2, text.clone()).expect("opens");
    assert_eq!(layout(&h, 1), layout(&fresh, 2));
    let end16 = text.encode_utf16().count();
    let spans16 = h.highlights_utf16(1, end16 - 40..end16).expect("open");
    let spans = h.highlights(1, utf16_to_byte(&text, end16 - 40).unwrap_or(0)..text.len());
    let spans = spans.expect("open");
    assert_eq!(spans16, spans_to_utf16(&text, &spans));
}

/// Random edits (valid and invalid offsets, multi-byte text) never panic, and the incremental
/// tree always equals a fresh parse of the same text.
#[test]
fn random_edits_keep_the_tree_exact() {
    let pieces = [
        "SELECT ",
        "FROM t",
        " WHERE a = 1",
        ";\n",
        "'",
        "${v}",
        "é",
        "🎉",
        "(",
        ")",
        "--c\n",
        "/*+ OPTIONS('k'='v') */",
        "CREATE TABLE x (a INT)",
        " WITH ('connector' = 'kafka')",
        "`q`",
        "/*",
        "*/",
        "\n",
        "INSERT INTO s ",
        "ROW<a INT>",
        "",
    ];
    let mut seed: u64 = 0x5eed_f11c;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let mut h = Highlighter::new().expect("grammar loads");
    let mut fresh = Highlighter::new().expect("grammar loads");
    let mut text = String::from("SELECT a FROM t;\n");
    h.open(1, text.clone()).expect("opens");
    for step in 0..400 {
        let start = next(text.len() + 3);
        let end = start + next(6);
        let insert = pieces[next(pieces.len())];
        let valid = start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        let result = h.edit(1, start, end, insert);
        assert_eq!(
            result.is_ok(),
            valid,
            "edit {start}..{end} on {} bytes",
            text.len()
        );
        if valid {
            text.replace_range(start..end, insert);
        }
        let window = next(text.len() + 1)..next(text.len() + 10);
        let _ = h.highlights(1, window.clone()).expect("open");
        let _ = h.highlights_utf16(1, window).expect("open");
        if step % 20 == 0 {
            fresh.open(2, text.clone()).expect("opens");
            assert_eq!(
                layout(&h, 1),
                layout(&fresh, 2),
                "after step {step}: {text:?}"
            );
        }
    }
    assert_eq!(h.text(1), Some(text.as_str()));
}

#[test]
fn garbage_never_panics() {
    let mut h = Highlighter::new().expect("grammar loads");
    let samples = [
        "",
        ";;;",
        "'",
        "`",
        "${",
        "/*+",
        "/*",
        "--",
        "SELECT ((((((",
        "))))",
        "\u{0}\u{1}",
        "CREATE TABLE t (a ROW<b ROW<c ARRAY<",
        "🎉🎉🎉 SELECT",
        "SET a = ",
        "$$${}}}",
    ];
    for (i, sample) in samples.iter().enumerate() {
        let doc = i as DocId;
        h.open(doc, *sample).expect("opens");
        let _ = h.highlights(doc, 0..usize::MAX).expect("open");
        let _ = h.highlights_utf16(doc, 0..usize::MAX).expect("open");
        for cut in 0..=sample.len() {
            if sample.is_char_boundary(cut) {
                let _ = h.edit(doc, cut, cut, "x'");
            }
        }
        let _ = h.highlights(doc, 0..usize::MAX).expect("open");
    }
}

#[test]
fn highlighter_can_live_in_shared_app_state() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Highlighter>();
}

/// 65,000 nested parentheses (a paste gone wrong) took tree-sitter's query over a minute to
/// highlight: past its time budget the range is highlighted from its tokens, so the call returns
/// and the keyword, number and brackets are still told apart.
#[test]
fn deeply_nested_parentheses_are_highlighted_from_tokens_without_hanging() {
    let text = format!("SELECT {}1 FROM t", "(".repeat(65_000));
    let mut h = weir_sql::highlight::Highlighter::new().unwrap();
    h.open(1, text.clone()).unwrap();
    for range in [0..text.len(), 0..200, text.len() - 100..text.len()] {
        let spans = h.highlights(1, range.clone()).unwrap();
        assert!(!spans.is_empty());
        let kind_at = |at: usize| {
            spans
                .iter()
                .find(|s| s.start <= at && at < s.end)
                .map(|s| s.kind)
        };
        if range.start == 0 {
            assert_eq!(
                kind_at(0),
                Some(weir_sql::highlight::HighlightKind::Keyword)
            );
            assert_eq!(
                kind_at(7),
                Some(weir_sql::highlight::HighlightKind::Punctuation)
            );
        } else {
            let from = text.rfind("FROM").unwrap();
            assert_eq!(
                kind_at(from),
                Some(weir_sql::highlight::HighlightKind::Keyword)
            );
            assert_eq!(
                kind_at(from - 2),
                Some(weir_sql::highlight::HighlightKind::Number)
            );
        }
        let mut prev = range.start;
        for s in &spans {
            assert!(s.start >= prev && s.end <= range.end && s.start < s.end);
            prev = s.end;
        }
    }
}

/// Fuzz finding `regressions/highlight/slow-parse-1mb`: tree-sitter's error recovery on this
/// malformed 1.1 MB paste took 14.6 s to parse. The parse now has a budget; past it the document
/// is highlighted from its tokens, and it gets a tree again once an edit makes it parseable.
#[test]
fn a_paste_too_slow_to_parse_is_highlighted_from_tokens_and_parsed_again_after_a_cut() {
    use weir_sql::highlight::HighlightKind;
    let mut text = String::from("SELECT a FRO");
    text.push_str(&"\0".repeat(80));
    text.push_str(&"M t WHERE a AND a".repeat(65_535));
    let mut h = Highlighter::new().expect("grammar loads");
    let t0 = std::time::Instant::now();
    h.open(1, text.clone()).expect("opens");
    let open_time = t0.elapsed();
    assert!(
        h.tree(1).is_none(),
        "the slow paste parsed within the budget ({open_time:?}): the test lost its subject"
    );
    let spans = h.highlights(1, 0..200).expect("highlights");
    assert_eq!(
        spans.first().map(|s| (s.start, s.end, s.kind)),
        Some((0, 6, HighlightKind::Keyword))
    );
    let tail = text.len() - 17..text.len();
    let spans = h.highlights(1, tail.clone()).expect("highlights the end");
    let words: Vec<_> = spans
        .iter()
        .filter(|s| s.kind == HighlightKind::Keyword)
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(words, ["WHERE", "AND"]);

    // a keystroke in the paste does not pay the parse budget again (no tree, no retry)
    h.edit(1, 3, 3, "x").expect("edits");
    assert!(h.tree(1).is_none());
    let changed = h.edit_with_changes(1, 3, 4, "").expect("edits");
    assert_eq!(changed.len(), 1);
    assert_eq!(
        changed[0],
        0..text.len(),
        "without a tree the whole text counts as changed"
    );

    // cutting the paste down to a plain statement gets a tree back
    let len = h.text(1).unwrap().len();
    h.edit(1, 12, len, "M t WHERE a AND b").expect("cuts");
    assert_eq!(h.text(1), Some("SELECT a FROM t WHERE a AND b"));
    assert!(h.tree(1).is_some(), "a short statement parses again");
    let spans = h.highlights(1, 0..usize::MAX).expect("highlights");
    assert!(spans
        .iter()
        .any(|s| s.kind == HighlightKind::Keyword && s.start == 9));
}
