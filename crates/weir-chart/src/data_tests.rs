//! Reading points from result sets: every x kind, gaps, sums, series, caps and errors.

use super::*;
use serde_json::{json, Value};
use weir_results::{ChangeKind, Filter, FilterOp, SortKey, View};

/// A result with named, typed columns and these rows inserted.
fn result(columns: &[(&str, &str)], rows: &[Value]) -> ResultSet {
    let cols = columns
        .iter()
        .map(|(n, t)| ColumnSpec::new(*n, *t))
        .collect();
    let mut rs = ResultSet::new(cols, 1_000_000);
    for r in rows {
        let fields = r.as_array().unwrap();
        rs.push(ChangeKind::Insert, fields).unwrap();
    }
    rs
}

fn read(rs: &mut ResultSet, spec: &ChartSpec) -> Result<ChartData, ChartError> {
    ChartData::from_result(rs, &Selection::default(), spec)
}

fn spec(kind: ChartKind, x: Option<usize>, y: &[usize]) -> ChartSpec {
    ChartSpec::new(kind, x, y.to_vec())
}

/// Points with NaN written as None, for comparisons.
fn pts(s: &Series) -> Vec<(f64, Option<f64>)> {
    s.points
        .iter()
        .map(|&(x, y)| (x, y.is_finite().then_some(y)))
        .collect()
}

#[test]
fn numbers_and_decimals_as_text() {
    let mut rs = result(
        &[("n", "BIGINT"), ("d", "DECIMAL(10, 2)"), ("f", "DOUBLE")],
        &[
            json!([1, "1.50", 0.25]),
            json!([2, "-2.25", "NaN"]),
            json!([3, 3, null]),
        ],
    );
    let data = read(&mut rs, &spec(ChartKind::Line, Some(0), &[1, 2])).unwrap();
    assert_eq!(data.x, XScale::Number);
    assert_eq!(
        (data.x_title.as_str(), data.y_title.as_str()),
        ("n", "d, f")
    );
    assert_eq!(data.series.len(), 2);
    assert_eq!(data.series[0].name, "d");
    assert_eq!(
        pts(&data.series[0]),
        [(1.0, Some(1.5)), (2.0, Some(-2.25)), (3.0, Some(3.0))]
    );
    // NULL and NaN are gaps, never 0.
    assert_eq!(
        pts(&data.series[1]),
        [(1.0, Some(0.25)), (2.0, None), (3.0, None)]
    );
    // A decimal x, and the row position as x.
    let data = read(&mut rs, &spec(ChartKind::Scatter, Some(1), &[0])).unwrap();
    assert_eq!(pts(&data.series[0])[1], (-2.25, Some(2.0)));
    let data = read(&mut rs, &spec(ChartKind::Line, None, &[2])).unwrap();
    assert_eq!(
        (data.x.clone(), data.x_title.as_str()),
        (XScale::Row, "row")
    );
    assert_eq!(pts(&data.series[0])[0], (1.0, Some(0.25)));
}

#[test]
fn timestamps_in_every_form() {
    let base = 1_709_164_800_000.0 + (12.0 * 3600.0 + 34.0 * 60.0 + 56.0) * 1000.0;
    let mut rs = result(
        &[("ts", "TIMESTAMP(3)"), ("v", "INT")],
        &[
            json!(["2024-02-29 12:34:56.789", 1]),
            json!(["2024-02-29T12:34:57", 2]),
            json!(["2024-02-29T12:34:58.5Z", 3]),
            json!(["2024-02-29 14:34:59+02:00", 4]),
            json!(["2024-03-01", 5]),
            json!([null, 6]),
            json!(["not a time", 7]),
        ],
    );
    let data = read(&mut rs, &spec(ChartKind::Line, Some(0), &[1])).unwrap();
    assert_eq!(data.x, XScale::Time(TimeKind::DateTime));
    assert_eq!((data.rows, data.skipped_rows), (7, 2));
    let xs: Vec<f64> = data.series[0].points.iter().map(|p| p.0).collect();
    assert_eq!(
        xs,
        [
            base + 789.0,
            base + 1000.0,
            base + 2500.0,
            base + 3000.0,
            1_709_251_200_000.0
        ]
    );
    let mut rs = result(
        &[("d", "DATE"), ("t", "TIME(0)"), ("v", "INT")],
        &[json!(["2024-02-29", "00:00:02", 1])],
    );
    let data = read(&mut rs, &spec(ChartKind::Line, Some(0), &[2])).unwrap();
    assert_eq!(data.x, XScale::Time(TimeKind::Date));
    assert_eq!(data.series[0].points, [(1_709_164_800_000.0, 1.0)]);
    let data = read(&mut rs, &spec(ChartKind::Line, Some(1), &[2])).unwrap();
    assert_eq!(data.series[0].points, [(2000.0, 1.0)]);
}

#[test]
fn lines_sort_by_x_and_downsample_to_the_width() {
    let rows: Vec<Value> = (0..10_000).rev().map(|i| json!([i, i % 7])).collect();
    let mut rs = result(&[("x", "INT"), ("y", "INT")], &rows);
    let mut s = spec(ChartKind::Line, Some(0), &[1]);
    s.width = 300;
    let data = read(&mut rs, &s).unwrap();
    let p = &data.series[0].points;
    assert_eq!(p.len(), POINTS_PER_PIXEL * 300);
    assert!(p.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!((p[0].0, p[p.len() - 1].0), (0.0, 9_999.0));
    // A scatter keeps its rows as they are when few.
    let mut rs = result(&[("x", "INT"), ("y", "INT")], &rows[..100]);
    let data = read(&mut rs, &spec(ChartKind::Scatter, Some(0), &[1])).unwrap();
    assert_eq!(data.series[0].points[0], (9_999.0, 9_999.0 % 7.0));
}

#[test]
fn categories_are_summed_and_follow_the_grid() {
    let mut rs = result(
        &[("region", "STRING"), ("sales", "DECIMAL(10, 2)")],
        &[
            json!(["EU", "10.5"]),
            json!(["US", 3]),
            json!(["EU", "1.5"]),
            json!([null, 100]),
            json!(["APAC", null]),
            json!(["US", 4]),
        ],
    );
    let data = read(&mut rs, &spec(ChartKind::Bar, Some(0), &[1])).unwrap();
    assert_eq!(
        data.x,
        XScale::Category(vec!["EU".into(), "US".into(), "APAC".into()])
    );
    assert_eq!(
        pts(&data.series[0]),
        [(0.0, Some(12.0)), (1.0, Some(7.0)), (2.0, None)]
    );
    assert_eq!(data.skipped_rows, 1);
    // The grid's sort and filters decide which rows and in which order.
    let sel = Selection {
        view: View::Materialized,
        sort: vec![SortKey {
            column: 0,
            descending: true,
        }],
        filters: vec![Filter {
            column: 0,
            op: FilterOp::NotEquals,
            value: "EU".into(),
        }],
    };
    let s = spec(ChartKind::Bar, Some(0), &[1]);
    let data = ChartData::from_result(&mut rs, &sel, &s).unwrap();
    assert_eq!(data.x, XScale::Category(vec!["US".into(), "APAC".into()]));
    // A pie orders slices by size.
    let data = read(&mut rs, &spec(ChartKind::Pie, Some(0), &[1])).unwrap();
    assert_eq!(
        data.x,
        XScale::Category(vec!["EU".into(), "US".into(), "APAC".into()])
    );
    let mut rs = result(
        &[("k", "STRING"), ("v", "INT")],
        &[json!(["small", 1]), json!(["big", 9])],
    );
    let data = read(&mut rs, &spec(ChartKind::Pie, Some(0), &[1])).unwrap();
    assert_eq!(data.x, XScale::Category(vec!["big".into(), "small".into()]));
    assert_eq!(data.series[0].points, [(0.0, 9.0), (1.0, 1.0)]);
}

#[test]
fn series_split_by_a_column() {
    let mut rs = result(
        &[
            ("t", "INT"),
            ("region", "STRING"),
            ("a", "INT"),
            ("b", "DOUBLE"),
        ],
        &[
            json!([1, "EU", 1, 10.0]),
            json!([1, "US", 2, 20.0]),
            json!([2, "EU", 3, 30.0]),
            json!([2, null, 4, 40.0]),
        ],
    );
    let mut s = spec(ChartKind::Line, Some(0), &[2]);
    s.series = Some(1);
    let data = read(&mut rs, &s).unwrap();
    let names: Vec<_> = data.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["EU", "US", "NULL"]);
    assert_eq!(data.series[0].points, [(1.0, 1.0), (2.0, 3.0)]);
    assert_eq!(data.series[1].points, [(1.0, 2.0)]);
    s.y = vec![2, 3];
    let data = read(&mut rs, &s).unwrap();
    let names: Vec<_> = data.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["EU: a", "EU: b", "US: a", "US: b", "NULL: a", "NULL: b"]
    );
    assert_eq!(data.series[3].points, [(1.0, 20.0)]);
    // Grouped bars: one value per category and series.
    s.kind = ChartKind::Bar;
    s.x = Some(1);
    s.series = Some(0);
    s.y = vec![2];
    let data = read(&mut rs, &s).unwrap();
    assert_eq!(data.x, XScale::Category(vec!["EU".into(), "US".into()]));
    assert_eq!(data.series[0].name, "1");
    assert_eq!(data.series[0].points, [(0.0, 1.0), (1.0, 2.0)]);
    assert_eq!(pts(&data.series[1]), [(0.0, Some(3.0)), (1.0, None)]);
    assert_eq!(data.skipped_rows, 1);
}

#[test]
fn series_past_the_cap_are_left_out() {
    let rows: Vec<Value> = (0..30).map(|i| json!([i, format!("s{i}"), i])).collect();
    let mut rs = result(&[("x", "INT"), ("s", "STRING"), ("y", "INT")], &rows);
    let mut s = spec(ChartKind::Line, Some(0), &[2]);
    s.series = Some(1);
    let data = read(&mut rs, &s).unwrap();
    assert_eq!((data.series.len(), data.omitted_series), (MAX_SERIES, 10));
    s.y = vec![2, 0];
    let data = read(&mut rs, &s).unwrap();
    assert_eq!((data.series.len(), data.omitted_series), (MAX_SERIES, 20));
}

#[test]
fn top_categories_and_other() {
    // 60 categories worth 1..=60: the top 50 (11..=60) stay in grid order, 1..=10 sum to 55.
    let rows: Vec<Value> = (1..=60).map(|i| json!([format!("c{i}"), i])).collect();
    let mut rs = result(&[("k", "STRING"), ("v", "INT")], &rows);
    let data = read(&mut rs, &spec(ChartKind::Bar, Some(0), &[1])).unwrap();
    let XScale::Category(names) = &data.x else {
        panic!("categories expected")
    };
    assert_eq!(names.len(), MAX_CATEGORIES + 1);
    assert_eq!((names[0].as_str(), names[49].as_str()), ("c11", "c60"));
    assert_eq!(names[50], OTHER);
    assert_eq!(data.series[0].points[50], (50.0, 55.0));
    assert_eq!(data.omitted_categories, 10);
    // Bars over numbers keep x order and the latest values instead.
    let rows: Vec<Value> = (1..=60).rev().map(|i| json!([i, 1])).collect();
    let mut rs = result(&[("minute", "INT"), ("n", "INT")], &rows);
    let data = read(&mut rs, &spec(ChartKind::Bar, Some(0), &[1])).unwrap();
    let XScale::Category(names) = &data.x else {
        panic!("categories expected")
    };
    assert_eq!(names.len(), MAX_CATEGORIES);
    assert_eq!((names[0].as_str(), names[49].as_str()), ("11", "60"));
    assert_eq!(data.omitted_categories, 10);
}

#[test]
fn errors_say_what_to_do() {
    let mut rs = result(
        &[("name", "STRING"), ("n", "INT")],
        &[json!(["a", 1]), json!(["b", null])],
    );
    let err = read(&mut rs, &spec(ChartKind::Bar, Some(1), &[0])).unwrap_err();
    assert!(matches!(err, ChartError::NotNumeric { .. }));
    assert_eq!(
        err.to_string(),
        "column `name` is STRING, not a number: pick a numeric column (TINYINT to BIGINT, FLOAT, \
         DOUBLE or DECIMAL) for y"
    );
    let err = read(&mut rs, &spec(ChartKind::Bar, Some(5), &[1])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the x column 5 does not exist: the result has 2 columns"
    );
    let mut s = spec(ChartKind::Line, Some(0), &[1]);
    s.series = Some(9);
    assert!(matches!(
        read(&mut rs, &s),
        Err(ChartError::NoSuchColumn {
            role: "series",
            column: 9,
            columns: 2
        })
    ));
    assert!(matches!(
        read(&mut rs, &spec(ChartKind::Line, None, &[])),
        Err(ChartError::NoY)
    ));
    let mut empty = result(&[("x", "INT"), ("y", "INT")], &[]);
    let err = read(&mut empty, &spec(ChartKind::Line, Some(0), &[1])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "nothing to plot: the grid shows no rows (check its filters)"
    );
    let mut nulls = result(&[("x", "INT"), ("y", "INT")], &[json!([1, null])]);
    let err = read(&mut nulls, &spec(ChartKind::Line, Some(0), &[1])).unwrap_err();
    assert_eq!(err.to_string(), "nothing to plot: every value of y is NULL");
    let mut bad_x = result(
        &[("ts", "TIMESTAMP(3)"), ("y", "INT")],
        &[json!(["soon", 1])],
    );
    let err = read(&mut bad_x, &spec(ChartKind::Line, Some(0), &[1])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "nothing to plot: no row has a usable x: `ts` (TIMESTAMP(3)) is NULL or unreadable in \
         all 1 rows"
    );
    let mut negative = result(&[("k", "STRING"), ("y", "INT")], &[json!(["a", -1])]);
    let err = read(&mut negative, &spec(ChartKind::Pie, Some(0), &[1])).unwrap_err();
    assert!(
        err.to_string().contains("a pie needs positive values"),
        "{err}"
    );
    let sel = Selection {
        sort: vec![SortKey {
            column: 7,
            descending: false,
        }],
        ..Selection::default()
    };
    let err = ChartData::from_result(&mut rs, &sel, &spec(ChartKind::Line, Some(0), &[1]));
    assert!(matches!(err, Err(ChartError::Result(_))));
}
