//! What a chart shows (its kind, columns, title and size) and a first guess at one from the
//! result's column types.

use crate::time::TimeKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use weir_results::{ColumnSpec, ValueClass};

/// Width of a suggested chart, in pixels, until the app knows its pane's size.
pub const DEFAULT_WIDTH: u32 = 960;
/// Height of a suggested chart, in pixels.
pub const DEFAULT_HEIGHT: u32 = 480;
/// Y columns a suggestion takes at most (more lines on one axis stop being readable).
const SUGGESTED_Y: usize = 4;

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Bars per x category, grouped side by side per series.
    Bar,
    /// Lines through the points in x order.
    Line,
    /// Lines filled down to zero (series overlap, not stacked).
    Area,
    /// One dot per point.
    Scatter,
    /// Slices per x category of the first y column.
    Pie,
}

/// Colours: dark matches the app, light suits exports printed or pasted into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChartTheme {
    /// Light text on the app's dark background.
    #[default]
    Dark,
    /// Dark text on white.
    Light,
}

/// Which columns to chart, and how.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartSpec {
    /// Bar, line, area, scatter or pie.
    pub kind: ChartKind,
    /// Column of the x values; `None` plots against the row's position (1, 2, …) in the grid.
    #[ts(type = "number | null")]
    pub x: Option<usize>,
    /// Numeric columns plotted on the y axis (at least one; a pie uses the first).
    #[ts(type = "Array<number>")]
    pub y: Vec<usize>,
    /// Column whose distinct values split the rows into series (one line or bar colour each).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub series: Option<usize>,
    /// Title drawn above the chart.
    #[serde(default)]
    pub title: Option<String>,
    /// Width of the image in pixels (32 to 8192).
    pub width: u32,
    /// Height of the image in pixels (32 to 8192).
    pub height: u32,
    /// Colours.
    #[serde(default)]
    pub theme: ChartTheme,
}

impl ChartSpec {
    /// A chart of `kind` with no series, no title, the default size and the dark theme.
    pub fn new(kind: ChartKind, x: Option<usize>, y: Vec<usize>) -> ChartSpec {
        ChartSpec {
            kind,
            x,
            y,
            series: None,
            title: None,
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            theme: ChartTheme::Dark,
        }
    }
}

/// What a column can be on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number,
    Time,
    Category,
    /// Nested values: never suggested.
    Other,
}

fn role(c: &ColumnSpec) -> Role {
    let class = c.class();
    if class.is_numeric() {
        Role::Number
    } else if TimeKind::of_type(&c.type_name).is_some() {
        Role::Time
    } else if matches!(class, ValueClass::Text | ValueClass::Bool) {
        Role::Category
    } else {
        Role::Other
    }
}

/// A sensible first chart for a result with these columns, or `None` when it has no numeric
/// column.
///
/// The rules, first match wins:
/// 1. A temporal column (TIMESTAMP, TIMESTAMP_LTZ, DATE, TIME) and a numeric one: a **line**
///    over the first temporal column. With a text or boolean column too (a window's key, e.g.
///    `region`), the first one splits the series and y is the first numeric column; without,
///    y is the first numeric columns (up to 4).
/// 2. A text or boolean column and a numeric one: a **bar** chart of the first numeric columns
///    (up to 4) per value of the first such column (pie only when asked for).
/// 3. Only numbers: a **scatter** of the second numeric column against the first; a single
///    numeric column is a **line** over the row position.
///
/// Nested columns (ARRAY, MAP, ROW, …) are never picked.
pub fn suggest(columns: &[ColumnSpec]) -> Option<ChartSpec> {
    let of = |r: Role| {
        columns
            .iter()
            .enumerate()
            .filter(move |(_, c)| role(c) == r)
            .map(|(i, _)| i)
    };
    let numbers: Vec<usize> = of(Role::Number).collect();
    let first_number = *numbers.first()?;
    let time = of(Role::Time).next();
    let category = of(Role::Category).next();
    let leading = numbers.iter().copied().take(SUGGESTED_Y).collect();
    let spec = match (time, category) {
        (Some(t), Some(c)) => ChartSpec {
            series: Some(c),
            ..ChartSpec::new(ChartKind::Line, Some(t), vec![first_number])
        },
        (Some(t), None) => ChartSpec::new(ChartKind::Line, Some(t), leading),
        (None, Some(c)) => ChartSpec::new(ChartKind::Bar, Some(c), leading),
        (None, None) => match numbers.get(1) {
            Some(&second) => ChartSpec::new(ChartKind::Scatter, Some(first_number), vec![second]),
            None => ChartSpec::new(ChartKind::Line, None, vec![first_number]),
        },
    };
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(types: &[&str]) -> Vec<ColumnSpec> {
        types
            .iter()
            .enumerate()
            .map(|(i, t)| ColumnSpec::new(format!("c{i}"), *t))
            .collect()
    }

    /// Kind, x, y and series of a suggestion.
    type Shape = (ChartKind, Option<usize>, Vec<usize>, Option<usize>);

    fn shape(types: &[&str]) -> Option<Shape> {
        suggest(&cols(types)).map(|s| (s.kind, s.x, s.y, s.series))
    }

    #[test]
    fn temporal_x_makes_a_line() {
        use ChartKind::*;
        assert_eq!(
            shape(&["TIMESTAMP(3)", "BIGINT", "DOUBLE"]),
            Some((Line, Some(0), vec![1, 2], None))
        );
        // A windowed aggregate: window_start, window_end, key, count.
        assert_eq!(
            shape(&[
                "TIMESTAMP(3) NOT NULL",
                "TIMESTAMP(3) NOT NULL",
                "STRING",
                "BIGINT NOT NULL",
                "DECIMAL(10, 2)"
            ]),
            Some((Line, Some(0), vec![3], Some(2)))
        );
        assert_eq!(
            shape(&["INT", "DATE"]),
            Some((Line, Some(1), vec![0], None))
        );
        assert_eq!(
            shape(&["TIMESTAMP_LTZ(3) *PROCTIME*", "FLOAT"]),
            Some((Line, Some(0), vec![1], None))
        );
        assert_eq!(
            shape(&["TIME(0)", "INT", "INT", "INT", "INT", "INT"]),
            Some((Line, Some(0), vec![1, 2, 3, 4], None))
        );
    }

    #[test]
    fn text_x_makes_bars() {
        use ChartKind::*;
        assert_eq!(
            shape(&["STRING", "BIGINT"]),
            Some((Bar, Some(0), vec![1], None))
        );
        assert_eq!(
            shape(&["BIGINT", "VARCHAR(10)", "DECIMAL(10, 2)"]),
            Some((Bar, Some(1), vec![0, 2], None))
        );
        assert_eq!(
            shape(&["BOOLEAN", "DOUBLE"]),
            Some((Bar, Some(0), vec![1], None))
        );
    }

    #[test]
    fn only_numbers_make_a_scatter_or_a_row_line() {
        use ChartKind::*;
        assert_eq!(
            shape(&["INT", "DOUBLE", "BIGINT"]),
            Some((Scatter, Some(0), vec![1], None))
        );
        assert_eq!(
            shape(&["ARRAY<INT>", "DOUBLE"]),
            Some((Line, None, vec![1], None))
        );
    }

    #[test]
    fn nothing_numeric_suggests_nothing() {
        assert_eq!(shape(&[]), None);
        assert_eq!(shape(&["STRING", "TIMESTAMP(3)", "MAP<STRING, INT>"]), None);
    }

    #[test]
    fn specs_cross_ipc_in_camel_case() {
        let mut s = ChartSpec::new(ChartKind::Pie, Some(0), vec![1]);
        s.title = Some("Sales".into());
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "pie", "x": 0, "y": [1], "series": null, "title": "Sales",
                "width": 960, "height": 480, "theme": "dark"})
        );
        let back: ChartSpec = serde_json::from_value(
            serde_json::json!({"kind": "line", "x": null, "y": [2], "width": 10, "height": 20}),
        )
        .unwrap();
        assert_eq!(
            (back.kind, back.x, back.series, back.theme),
            (ChartKind::Line, None, None, ChartTheme::Dark)
        );
    }
}
