//! The checkpoint history of a job as two line charts over time, drawn with weir-chart: how long
//! each completed checkpoint took and how large it was.

use serde::Serialize;
use ts_rs::TS;
use weir_chart::{ChartData, ChartKind, ChartSpec, ChartTheme, Series, TimeKind, XScale};

use super::view::CheckpointRow;

/// The two charts, as SVG text, and what they show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointCharts {
    /// Duration of each completed checkpoint (ms) by trigger time.
    pub duration_svg: String,
    /// Size of each completed checkpoint by trigger time, in `size_unit`.
    pub size_svg: String,
    /// `B`, `KiB`, `MiB` or `GiB`: the unit that keeps the largest size readable.
    pub size_unit: String,
    /// Checkpoints drawn (completed ones with a trigger time).
    #[ts(type = "number")]
    pub points: usize,
    /// Rows left out: not completed, or without a trigger time.
    #[ts(type = "number")]
    pub skipped: usize,
}

/// Charts `history` (any order). Times are drawn as the wall clock `tz_offset_minutes` east of
/// UTC shows them (the window passes its own); `dark` picks the theme. Fails with a message
/// when nothing can be drawn (no completed checkpoint yet) or the size is out of range.
pub fn checkpoint_charts(
    history: &[CheckpointRow],
    width: u32,
    height: u32,
    dark: bool,
    tz_offset_minutes: i32,
) -> Result<CheckpointCharts, String> {
    let shift = f64::from(tz_offset_minutes) * 60_000.0;
    let mut rows: Vec<&CheckpointRow> = history
        .iter()
        .filter(|r| r.status == "COMPLETED" && r.trigger_time.is_some())
        .collect();
    let skipped = history.len() - rows.len();
    if rows.is_empty() {
        return Err(format!(
            "no completed checkpoint to chart yet ({skipped} in the history are not completed)"
        ));
    }
    rows.sort_by_key(|r| r.trigger_time);
    let x = |r: &CheckpointRow| r.trigger_time.unwrap_or_default() as f64 + shift;
    let max = rows.iter().filter_map(|r| r.size_bytes).max().unwrap_or(0);
    let (unit, div) = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        .into_iter()
        .find(|(_, d)| max >= 4 * d)
        .unwrap_or(("B", 1));
    let duration: Vec<(f64, f64)> = rows
        .iter()
        .map(|r| (x(r), r.duration_ms.map_or(f64::NAN, |d| d as f64)))
        .collect();
    let size: Vec<(f64, f64)> = rows
        .iter()
        .map(|r| {
            let v = r.size_bytes.map_or(f64::NAN, |b| b as f64 / div as f64);
            (x(r), v)
        })
        .collect();
    let theme = if dark {
        ChartTheme::Dark
    } else {
        ChartTheme::Light
    };
    let draw = |title: &str, y: &str, points: Vec<(f64, f64)>| {
        let mut spec = ChartSpec::new(ChartKind::Line, Some(0), vec![1]);
        spec.width = width;
        spec.height = height;
        spec.theme = theme;
        spec.title = Some(title.to_string());
        let data = ChartData {
            x_title: "triggered".into(),
            y_title: y.to_string(),
            x: XScale::Time(TimeKind::DateTime),
            series: vec![Series {
                name: y.to_string(),
                points,
            }],
            rows: rows.len(),
            skipped_rows: 0,
            omitted_categories: 0,
            omitted_series: 0,
        };
        weir_chart::render_svg(&spec, &data).map_err(|e| e.to_string())
    };
    Ok(CheckpointCharts {
        duration_svg: draw("Checkpoint duration", "duration (ms)", duration)?,
        size_svg: draw("Checkpoint size", &format!("size ({unit})"), size)?,
        size_unit: unit.to_string(),
        points: rows.len(),
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u64, status: &str, at: Option<i64>, ms: i64, bytes: u64) -> CheckpointRow {
        CheckpointRow {
            id,
            status: status.into(),
            is_savepoint: false,
            trigger_time: at,
            duration_ms: Some(ms),
            size_bytes: Some(bytes),
            path: None,
            failure: None,
        }
    }

    #[test]
    fn completed_checkpoints_are_charted_in_time_order_in_a_readable_unit() {
        let h = [
            row(3, "COMPLETED", Some(1_700_000_020_000), 40, 9 << 20),
            row(2, "FAILED", Some(1_700_000_010_000), 5, 0),
            row(1, "COMPLETED", Some(1_700_000_000_000), 25, 6 << 20),
            row(4, "IN_PROGRESS", None, 0, 0),
        ];
        let c = checkpoint_charts(&h, 480, 200, true, 60).unwrap();
        assert_eq!((c.points, c.skipped), (2, 2));
        assert_eq!(c.size_unit, "MiB");
        for svg in [&c.duration_svg, &c.size_svg] {
            assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
            assert!(
                svg.contains("<polyline") || svg.contains("<path"),
                "a line is drawn"
            );
        }
        assert!(c.size_svg.contains("size (MiB)"));
    }

    #[test]
    fn a_history_without_a_completed_checkpoint_says_so() {
        let e =
            checkpoint_charts(&[row(1, "FAILED", Some(1), 1, 1)], 480, 200, false, 0).unwrap_err();
        assert!(e.starts_with("no completed checkpoint to chart yet"), "{e}");
    }
}
