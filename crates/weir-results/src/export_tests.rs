//! Byte-for-byte outputs of every format.

use crate::testutil::set;
use crate::{ChangeKind::*, ExportFormat, ResultError, ResultSet, Selection, View};
use serde_json::{json, Value};
use std::cell::Cell as StdCell;

fn sample() -> ResultSet {
    let mut rs = set(&[
        "INT",
        "STRING",
        "DECIMAL(38, 9)",
        "DOUBLE",
        "ARRAY<STRING>",
        "BOOLEAN",
    ]);
    let names = ["id", "name", "price", "ratio", "tags", "ok"];
    for (c, n) in rs.columns.iter_mut().zip(names) {
        c.spec.name = n.into();
    }
    let rows: [[Value; 6]; 4] = [
        [
            json!(1),
            json!("plain"),
            json!("12.50"),
            json!(0.5),
            json!(["a"]),
            json!(true),
        ],
        [
            json!(2),
            json!("comma, \"quote\""),
            json!("-0.10"),
            json!("NaN"),
            json!(null),
            json!(false),
        ],
        [
            json!(3),
            json!("line\nbreak | pipe"),
            json!("12345678901234567890.123456789"),
            json!(null),
            json!([]),
            json!(null),
        ],
        [
            json!(4),
            json!("üñí 😀\ttab"),
            json!(null),
            json!("-Infinity"),
            json!(["x", "y"]),
            json!(true),
        ],
    ];
    for r in rows {
        rs.push(Insert, &r).unwrap();
    }
    rs
}

fn export(rs: &mut ResultSet, format: ExportFormat) -> String {
    let mut out = Vec::new();
    let n = rs
        .export(
            &Selection::of(View::Materialized),
            format,
            &mut out,
            &mut |_, _| {},
            &|| false,
        )
        .unwrap();
    assert_eq!(n, 4);
    String::from_utf8(out).unwrap()
}

#[test]
fn csv_is_rfc_4180() {
    let got = export(&mut sample(), ExportFormat::Csv);
    let want = "id,name,price,ratio,tags,ok\r\n\
                1,plain,12.50,0.5,\"[\"\"a\"\"]\",true\r\n\
                2,\"comma, \"\"quote\"\"\",-0.10,NaN,,false\r\n\
                3,\"line\nbreak | pipe\",12345678901234567890.123456789,,[],\r\n\
                4,üñí 😀\ttab,,-Infinity,\"[\"\"x\"\",\"\"y\"\"]\",true\r\n";
    assert_eq!(got, want);
}

#[test]
fn json_lines_keep_decimals_exact() {
    let got = export(&mut sample(), ExportFormat::JsonLines);
    let want = concat!(
        r#"{"id":1,"name":"plain","price":12.50,"ratio":0.5,"tags":["a"],"ok":true}"#,
        "\n",
        r#"{"id":2,"name":"comma, \"quote\"","price":-0.10,"ratio":"NaN","tags":null,"ok":false}"#,
        "\n",
        r#"{"id":3,"name":"line\nbreak | pipe","price":12345678901234567890.123456789,"ratio":null,"tags":[],"ok":null}"#,
        "\n",
        r#"{"id":4,"name":"üñí 😀\ttab","price":null,"ratio":"-Infinity","tags":["x","y"],"ok":true}"#,
        "\n",
    );
    assert_eq!(got, want);
    for line in got.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v.is_object());
    }
}

#[test]
fn tsv_and_markdown_of_chosen_rows() {
    let mut rs = sample();
    let sel = Selection::of(View::Materialized);
    let tsv = rs.copy_rows(&sel, &[2, 0, 99], ExportFormat::Tsv).unwrap();
    let want = "id\tname\tprice\tratio\ttags\tok\n\
                3\t\"line\nbreak | pipe\"\t12345678901234567890.123456789\t\t[]\t\n\
                1\tplain\t12.50\t0.5\t\"[\"\"a\"\"]\"\ttrue\n";
    assert_eq!(tsv, want);
    let tsv = rs.copy_rows(&sel, &[3], ExportFormat::Tsv).unwrap();
    assert!(tsv.ends_with("4\t\"üñí 😀\ttab\"\t\t-Infinity\t\"[\"\"x\"\",\"\"y\"\"]\"\ttrue\n"));

    let md = rs
        .copy_rows(&sel, &[2, 1, 3], ExportFormat::Markdown)
        .unwrap();
    let want = "| id | name | price | ratio | tags | ok |\n\
                | ---: | --- | ---: | ---: | --- | --- |\n\
                | 3 | line<br>break \\| pipe | 12345678901234567890.123456789 |  | [] |  |\n\
                | 2 | comma, \"quote\" | -0.10 | NaN |  | false |\n\
                | 4 | üñí 😀\ttab |  | -Infinity | [\"x\",\"y\"] | true |\n";
    assert_eq!(md, want);
    assert_eq!(export(&mut rs, ExportFormat::Markdown).lines().count(), 6);
}

#[test]
fn row_json_is_exact() {
    let rs = sample();
    assert_eq!(
        rs.row_json(0).unwrap(),
        r#"[1,"plain",12.50,0.5,["a"],true]"#
    );
    assert_eq!(
        rs.row_json(2).unwrap(),
        r#"[3,"line\nbreak | pipe",12345678901234567890.123456789,null,[],null]"#
    );
    assert_eq!(rs.row_json(4), None);
    let doc = format!("{{\"rows\":[{}]}}", rs.row_json(1).unwrap());
    assert_eq!(
        doc,
        r#"{"rows":[[2,"comma, \"quote\"",-0.10,"NaN",null,false]]}"#
    );
    assert!(serde_json::from_str::<Value>(&doc).is_ok());
    assert_eq!(rs.cell_text(1, 2).unwrap(), "-0.10");
    assert_eq!(rs.cell_text(2, 3).unwrap(), "");
    assert_eq!(rs.row_values(1).unwrap()[2], json!("-0.10"));
}

#[test]
fn export_reports_progress_and_can_be_cancelled() {
    let mut rs = ResultSet::new(vec![crate::ColumnSpec::new("n", "INT")], 100_000);
    for i in 0..25_000 {
        rs.push(Insert, &[json!(i)]).unwrap();
    }
    let sel = Selection::of(View::Changelog);
    let mut calls = Vec::new();
    let mut out = Vec::new();
    let n = rs
        .export(
            &sel,
            ExportFormat::Csv,
            &mut out,
            &mut |d, t| calls.push((d, t)),
            &|| false,
        )
        .unwrap();
    assert_eq!(n, 25_000);
    assert_eq!(
        calls,
        vec![(10_000, 25_000), (20_000, 25_000), (25_000, 25_000)]
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 25_001);

    let checks = StdCell::new(0);
    let cancel = || {
        checks.set(checks.get() + 1);
        checks.get() > 3
    };
    let mut out = Vec::new();
    let err = rs
        .export(
            &sel,
            ExportFormat::JsonLines,
            &mut out,
            &mut |_, _| {},
            &cancel,
        )
        .unwrap_err();
    assert!(
        matches!(err, ResultError::Cancelled { rows: 3072 }),
        "{err}"
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3072);
}
