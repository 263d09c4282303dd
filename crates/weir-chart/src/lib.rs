//! Charts of a query result: bar, line, area, scatter and pie, drawn with plotters as SVG text
//! (shown in the app, exported) or PNG bytes (exported).
//!
//! A chart is a [`ChartSpec`] (kind, x, y and series columns, size; [`suggest`] makes a first
//! one from the column types), its points read from the rows a grid shows with
//! [`ChartData::from_result`], and [`render_svg`] or [`render_png`].
//!
//! Decisions a caller relies on:
//! - The points are read in the grid's order (its view, sort and filters). Lines and areas are
//!   then sorted by x, and downsampled with [`lttb`] to [`POINTS_PER_PIXEL`] × `width` points,
//!   so a live chart of a million rows re-renders in milliseconds and keeps its peaks.
//! - NULL y values are gaps, never zeros. Rows with a NULL or unreadable x are skipped and
//!   counted ([`ChartData::skipped_rows`]), as are categories and series past the caps
//!   ([`MAX_CATEGORIES`], [`MAX_SERIES`]): show those counts next to the chart.
//! - Bars and pies sum the rows of each category; text categories past 50 are summed into
//!   "Other" (see [`ChartData::from_result`] for every rule).
//! - Times are placed and labelled as the wall clock they show (see [`TimeKind`]).
//! - The font (DejaVu Sans) is embedded: PNGs render the same on any machine, fonts or not.
//!   SVG text names `sans-serif`, so the viewer's font draws it.

#![warn(missing_docs)]

mod data;
mod downsample;
mod render;
mod spec;
mod time;

pub use data::{ChartData, Series, XScale, MAX_CATEGORIES, MAX_SERIES, OTHER, POINTS_PER_PIXEL};
pub use downsample::lttb;
pub use render::{render_png, render_svg};
pub use spec::{suggest, ChartKind, ChartSpec, ChartTheme, DEFAULT_HEIGHT, DEFAULT_WIDTH};
pub use time::TimeKind;

/// Why a chart could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The spec names a column the result does not have.
    #[error("the {role} column {column} does not exist: the result has {columns} columns")]
    NoSuchColumn {
        /// Which part of the spec names it: `x`, `y` or `series`.
        role: &'static str,
        /// Column index asked for.
        column: usize,
        /// Columns of the result.
        columns: usize,
    },
    /// A y column does not hold numbers.
    #[error(
        "column `{name}` is {type_name}, not a number: pick a numeric column (TINYINT to BIGINT, \
         FLOAT, DOUBLE or DECIMAL) for y"
    )]
    NotNumeric {
        /// Column name.
        name: String,
        /// Its Flink type.
        type_name: String,
    },
    /// The spec has no y column.
    #[error("no y column: pick at least one numeric column to plot")]
    NoY,
    /// The rows have nothing to draw; the text says why.
    #[error("nothing to plot: {0}")]
    NothingToPlot(String),
    /// The image size is out of range.
    #[error(
        "a chart of {width}×{height} pixels cannot be drawn: each side must be 32 to 8192 pixels"
    )]
    Size {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
    },
    /// Reading the selection failed (its sort or filters name a missing column).
    #[error("could not read the result's rows: {0}")]
    Result(#[from] weir_results::ResultError),
    /// plotters failed to draw.
    #[error("could not draw the chart: {0}")]
    Draw(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Encoding the PNG failed.
    #[error("could not encode the PNG: {0}")]
    Png(#[from] png::EncodingError),
    /// The embedded font was refused (a build problem, not the user's).
    #[error("the chart font embedded in weir-chart could not be loaded")]
    Font,
}

#[cfg(test)]
mod bindings {
    use super::*;
    use ts_rs::{Config, TS};

    /// The IPC types declare as TypeScript the way serde writes them.
    #[test]
    fn typescript_declarations() {
        let cfg = Config::new().with_large_int("number");
        let spec = ChartSpec::decl(&cfg);
        for want in [
            "kind: ChartKind",
            "x: number | null",
            "y: Array<number>",
            "series: number | null",
            "title: string | null",
            "width: number",
            "theme: ChartTheme",
        ] {
            assert!(spec.contains(want), "{want} missing from\n{spec}");
        }
        assert!(ChartKind::decl(&cfg).contains(r#""bar" | "line" | "area" | "scatter" | "pie""#));
        assert!(ChartTheme::decl(&cfg).contains(r#""dark" | "light""#));
    }
}
