//! The points of a chart, read from the rows a grid shows (its view, sort and filters): x as
//! numbers, times or categories, y as numbers with NULL as a gap, split into series, summed per
//! category, and downsampled to the plot's width.

use crate::downsample::{lttb, thin};
use crate::spec::{ChartKind, ChartSpec};
use crate::time::TimeKind;
use crate::ChartError;
use std::collections::{HashMap, HashSet};
use weir_results::{Cell, ColumnSpec, ResultSet, RowId, Selection};

/// Categories a bar chart or pie shows at most; the rest are summed into "Other" (see
/// [`ChartData::from_result`]).
pub const MAX_CATEGORIES: usize = 50;
/// Series a chart draws at most (series-column values × y columns); later ones are left out.
pub const MAX_SERIES: usize = 20;
/// Points kept per horizontal pixel when a line or area is downsampled.
pub const POINTS_PER_PIXEL: usize = 2;
/// Name of the category that sums the ones past [`MAX_CATEGORIES`].
pub const OTHER: &str = "Other";
/// Scatter points drawn as they are; above this, one is kept per few-pixel square.
const SCATTER_ALL: usize = 5_000;
/// Side of the square of pixels a thinned scatter keeps one point of.
const SCATTER_CELL: u32 = 3;

/// What the x axis holds.
#[derive(Debug, Clone, PartialEq)]
pub enum XScale {
    /// The row's 1-based position in the selection.
    Row,
    /// Numbers.
    Number,
    /// Dates or times as milliseconds (see [`TimeKind`]).
    Time(TimeKind),
    /// Categories: a point's x is the index of its name here.
    Category(Vec<String>),
}

/// One line, group of bars or set of slices.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text: the y column's name, the series value, or both (`EU: revenue`).
    pub name: String,
    /// `(x, y)` points; a NaN y is a gap (a NULL), never drawn as 0.
    pub points: Vec<(f64, f64)>,
}

/// The points of a chart and what was left out of them, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Title of the x axis: the x column's name, or `row`.
    pub x_title: String,
    /// Title of the y axis: the y columns' names.
    pub y_title: String,
    /// What x values are.
    pub x: XScale,
    /// The series, in order of first appearance in the rows.
    pub series: Vec<Series>,
    /// Rows of the selection read.
    pub rows: usize,
    /// Rows left out because their x is NULL or not readable as the x column's type.
    pub skipped_rows: usize,
    /// Categories summed into "Other" or, for a bar chart over numbers or times, left out.
    pub omitted_categories: usize,
    /// Series values past [`MAX_SERIES`], whose rows were left out.
    pub omitted_series: usize,
}

impl Series {
    fn unnamed(points: Vec<(f64, f64)>) -> Series {
        Series {
            name: String::new(),
            points,
        }
    }
}

/// The categories a chart shows and their values per series.
struct Table {
    names: Vec<String>,
    /// `points[series]`: `(category index, sum)`.
    points: Vec<Vec<(f64, f64)>>,
    /// Categories summed into "Other" or left out.
    omitted: usize,
    /// The date every time category shares, left out of their names.
    day: Option<String>,
}

/// How x values are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum XRead {
    Row,
    Number,
    Time(TimeKind),
    Text,
}

/// A cell as a y value: NaN for NULL, text that is not a number, and non-finite floats.
fn number(cell: Option<Cell>) -> f64 {
    let v = match cell {
        Some(Cell::Int(i)) => i as f64,
        Some(Cell::Float(f)) => f,
        Some(Cell::Decimal(s) | Cell::Text(s)) => s.trim().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    if v.is_finite() {
        v
    } else {
        f64::NAN
    }
}

/// A cell's display text, `None` for NULL.
fn text(cell: Option<Cell>) -> Option<String> {
    match cell? {
        Cell::Null => None,
        Cell::Text(s) | Cell::Decimal(s) => Some(s),
        c => Some(c.display()),
    }
}

/// Series-column values in order of first appearance, up to a cap.
struct Slots {
    index: HashMap<String, usize>,
    names: Vec<String>,
    cap: usize,
    overflow: HashSet<String>,
}

impl Slots {
    fn new(cap: usize) -> Slots {
        Slots {
            index: HashMap::new(),
            names: Vec::new(),
            cap,
            overflow: HashSet::new(),
        }
    }

    /// The slot of a value, `None` once the cap is reached for a new value.
    fn slot(&mut self, key: String) -> Option<usize> {
        if let Some(&i) = self.index.get(&key) {
            return Some(i);
        }
        if self.names.len() >= self.cap {
            self.overflow.insert(key);
            return None;
        }
        self.index.insert(key.clone(), self.names.len());
        self.names.push(key);
        Some(self.names.len() - 1)
    }
}

/// Sums per category and series, keyed by text or, for ordered categories, by number.
#[derive(Default)]
struct Categories {
    by_text: HashMap<String, usize>,
    by_number: HashMap<u64, usize>,
    labels: Vec<String>,
    /// Sort key of each category when x is a number, time or row position.
    order: Vec<f64>,
    /// `sums[series][category]`; NaN until a non-NULL value arrives.
    sums: Vec<Vec<f64>>,
}

impl Categories {
    fn index(&mut self, label: String, order: Option<f64>) -> usize {
        let n = self.labels.len();
        let i = match order {
            Some(v) => *self.by_number.entry((v + 0.0).to_bits()).or_insert(n),
            None => *self.by_text.entry(label.clone()).or_insert(n),
        };
        if i == n {
            self.labels.push(label);
            self.order.push(order.unwrap_or(0.0));
        }
        i
    }

    fn add(&mut self, series: usize, category: usize, v: f64) {
        if self.sums.len() <= series {
            self.sums.resize(series + 1, Vec::new());
        }
        let row = &mut self.sums[series];
        if row.len() <= category {
            row.resize(category + 1, f64::NAN);
        }
        if v.is_finite() {
            let s = &mut row[category];
            *s = if s.is_nan() { v } else { *s + v };
        }
    }

    fn sum(&self, series: usize, category: usize) -> f64 {
        self.sums
            .get(series)
            .and_then(|r| r.get(category))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Which categories show, in drawing order, and whether the rest go into "Other".
    fn choose(&self, kind: ChartKind, ordered: bool) -> (Vec<usize>, bool) {
        let n = self.labels.len();
        let mut all: Vec<usize> = (0..n).collect();
        if ordered {
            // Bars over numbers or times keep their order and the latest values.
            all.sort_by(|&a, &b| self.order[a].total_cmp(&self.order[b]));
            return (all.split_off(n.saturating_sub(MAX_CATEGORIES)), false);
        }
        let weight = |c: usize| -> f64 {
            (0..self.sums.len())
                .map(|s| self.sum(s, c))
                .filter(|v| v.is_finite())
                .map(f64::abs)
                .sum()
        };
        let weights: Vec<f64> = all.iter().map(|&c| weight(c)).collect();
        let other = n > MAX_CATEGORIES;
        if other {
            all.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
            all.truncate(MAX_CATEGORIES);
            all.sort_unstable();
        }
        if kind == ChartKind::Pie {
            all.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
        }
        (all, other)
    }

    /// The categories to show (with "Other" when needed) and `series` series of sums.
    fn table(&self, kind: ChartKind, x: XRead, series: usize) -> Table {
        let ordered = kind == ChartKind::Bar && x != XRead::Text;
        let (shown, other) = self.choose(kind, ordered);
        let mut names: Vec<String> = shown.iter().map(|&c| self.labels[c].clone()).collect();
        let mut day = None;
        if let (XRead::Time(k), true) = (x, ordered) {
            let values: Vec<f64> = shown.iter().map(|&c| self.order[c]).collect();
            (names, day) = crate::time::category_labels(k, &values);
        }
        let mut rest = Vec::new();
        if other {
            names.push(OTHER.into());
            let kept: HashSet<usize> = shown.iter().copied().collect();
            rest = (0..self.labels.len())
                .filter(|c| !kept.contains(c))
                .collect();
        }
        let points = (0..series)
            .map(|s| {
                let mut points: Vec<(f64, f64)> = shown
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| (i as f64, self.sum(s, c)))
                    .collect();
                if other {
                    let sum = rest
                        .iter()
                        .map(|&c| self.sum(s, c))
                        .filter(|v| v.is_finite())
                        .fold(f64::NAN, |a, v| if a.is_nan() { v } else { a + v });
                    points.push((shown.len() as f64, sum));
                }
                points
            })
            .collect();
        Table {
            names,
            points,
            omitted: self.labels.len() - shown.len(),
            day,
        }
    }
}

impl ChartData {
    /// Reads the points of `spec` from the rows of `selection`, in the order the grid shows them.
    ///
    /// - **x**: numeric columns as numbers (decimals parsed to f64), TIMESTAMP / TIMESTAMP_LTZ /
    ///   DATE / TIME as milliseconds (see [`TimeKind::parse`]), other columns as categories
    ///   (their display text), no column as the row position. Rows whose x is NULL or
    ///   unreadable are skipped and counted.
    /// - **y**: numbers; NULL, non-numeric text and non-finite values are gaps (NaN).
    /// - **series**: one per value of the series column (display text, `NULL` for NULL) and
    ///   y column, in order of first appearance, at most [`MAX_SERIES`].
    /// - **Categories** (bar and pie always; other kinds when x is text): rows with the same x
    ///   are summed per series (NULLs ignored; all-NULL stays a gap). Text categories keep their
    ///   order of first appearance; past [`MAX_CATEGORIES`] the largest by absolute sum stay and
    ///   the rest are summed into "Other". A bar chart over a number, time or row position
    ///   instead sorts by x and keeps the last [`MAX_CATEGORIES`] (the latest windows). A pie
    ///   uses the first y column only, ignores the series column and orders slices by size.
    /// - **Downsampling**: lines and areas are sorted by x and downsampled with [`lttb`] to
    ///   [`POINTS_PER_PIXEL`] × `spec.width` points; scatters over 5,000 points keep one point
    ///   per 3 × 3 pixels.
    pub fn from_result(
        set: &mut ResultSet,
        selection: &Selection,
        spec: &ChartSpec,
    ) -> Result<ChartData, ChartError> {
        let columns = set.columns();
        let column = |role: &'static str, i: usize| {
            columns.get(i).ok_or(ChartError::NoSuchColumn {
                role,
                column: i,
                columns: columns.len(),
            })
        };
        let pie = spec.kind == ChartKind::Pie;
        let ys: &[usize] = match (spec.y.first(), pie) {
            (None, _) => return Err(ChartError::NoY),
            (Some(_), true) => &spec.y[..1],
            (Some(_), false) => &spec.y,
        };
        let mut y_specs: Vec<&ColumnSpec> = Vec::with_capacity(ys.len());
        for &y in ys {
            let c = column("y", y)?;
            if !c.class().is_numeric() {
                return Err(ChartError::NotNumeric {
                    name: c.name.clone(),
                    type_name: c.type_name.clone(),
                });
            }
            y_specs.push(c);
        }
        let (x_read, x_title, x_type) = match spec.x {
            None => (XRead::Row, "row".to_string(), "row".to_string()),
            Some(i) => {
                let c = column("x", i)?;
                let read = if c.class().is_numeric() {
                    XRead::Number
                } else if let Some(k) = TimeKind::of_type(&c.type_name) {
                    XRead::Time(k)
                } else {
                    XRead::Text
                };
                (read, c.name.clone(), c.type_name.clone())
            }
        };
        let series_col = match (spec.series, pie) {
            (Some(i), false) => Some(column("series", i).map(|_| i)?),
            _ => None,
        };
        let y_title = y_specs
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let y_names: Vec<String> = y_specs.iter().map(|c| c.name.clone()).collect();

        let ids = set.row_ids(selection)?;
        if ids.is_empty() {
            return Err(ChartError::NothingToPlot(
                "the grid shows no rows (check its filters)".into(),
            ));
        }
        let categorical =
            matches!(spec.kind, ChartKind::Bar | ChartKind::Pie) || x_read == XRead::Text;
        let mut rd = Reader {
            set,
            x: x_read,
            x_col: spec.x.unwrap_or(0),
            ys,
            series: series_col,
            slots: Slots::new((MAX_SERIES / ys.len()).max(1)),
            skipped: 0,
        };
        let mut data = ChartData {
            x_title,
            y_title,
            x: XScale::Row,
            series: Vec::new(),
            rows: ids.len(),
            skipped_rows: 0,
            omitted_categories: 0,
            omitted_series: 0,
        };
        let slots = if categorical {
            let (cats, slots) = rd.categories(&ids);
            let table = cats.table(spec.kind, x_read, slots * ys.len());
            if let Some(day) = table.day {
                data.x_title = format!("{} ({day})", data.x_title);
            }
            data.x = XScale::Category(table.names);
            data.omitted_categories = table.omitted;
            data.series = table.points.into_iter().map(Series::unnamed).collect();
            slots
        } else {
            let (points, slots) = rd.points(&ids);
            data.x = match x_read {
                XRead::Number => XScale::Number,
                XRead::Time(k) => XScale::Time(k),
                XRead::Row | XRead::Text => XScale::Row,
            };
            for mut p in points {
                if matches!(spec.kind, ChartKind::Line | ChartKind::Area)
                    && !p.is_sorted_by(|a, b| a.0 <= b.0)
                {
                    p.sort_by(|a, b| a.0.total_cmp(&b.0));
                }
                let p = fit(spec.kind, &p, spec.width, spec.height).unwrap_or(p);
                data.series.push(Series::unnamed(p));
            }
            slots
        };
        // Name the series: slot-major, y-minor.
        for (i, s) in data.series.iter_mut().enumerate() {
            let y = &y_names[i % ys.len()];
            s.name = match (series_col, rd.slots.names.get(i / ys.len())) {
                (Some(_), Some(key)) if ys.len() == 1 => key.clone(),
                (Some(_), Some(key)) => format!("{key}: {y}"),
                _ => y.clone(),
            };
        }
        debug_assert_eq!(data.series.len(), slots * ys.len());
        data.skipped_rows = rd.skipped;
        data.omitted_series = rd.slots.overflow.len();
        data.check(pie, &x_type)?;
        Ok(data)
    }

    /// Refuses data with nothing to draw, saying why.
    fn check(&self, pie: bool, x_type: &str) -> Result<(), ChartError> {
        let values = || {
            self.series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.1))
        };
        if self.skipped_rows == self.rows {
            return Err(ChartError::NothingToPlot(format!(
                "no row has a usable x: `{}` ({x_type}) is NULL or unreadable in all {} rows",
                self.x_title, self.rows
            )));
        }
        if !values().any(f64::is_finite) {
            return Err(ChartError::NothingToPlot(format!(
                "every value of {} is NULL",
                self.y_title
            )));
        }
        if pie && !values().any(|v| v > 0.0) {
            return Err(ChartError::NothingToPlot(format!(
                "a pie needs positive values, and every sum of {} is zero or negative",
                self.y_title
            )));
        }
        Ok(())
    }
}

/// Fewer points drawing the same picture at `width` × `height`, or `None` when the points are
/// few enough already.
pub(crate) fn fit(
    kind: ChartKind,
    points: &[(f64, f64)],
    width: u32,
    height: u32,
) -> Option<Vec<(f64, f64)>> {
    match kind {
        ChartKind::Line | ChartKind::Area => {
            let threshold = POINTS_PER_PIXEL * width.max(1) as usize;
            (points.len() > threshold).then(|| lttb(points, threshold))
        }
        ChartKind::Scatter if points.len() > SCATTER_ALL => {
            Some(thin(points, width, height, SCATTER_CELL))
        }
        _ => None,
    }
}

/// Reads the rows of one selection.
struct Reader<'a> {
    set: &'a ResultSet,
    x: XRead,
    x_col: usize,
    ys: &'a [usize],
    series: Option<usize>,
    slots: Slots,
    skipped: usize,
}

impl Reader<'_> {
    /// The row's series slot, `None` past the cap.
    fn slot(&mut self, id: RowId) -> Option<usize> {
        match self.series {
            None => Some(0),
            Some(c) => {
                let key = text(self.set.cell(id, c)).unwrap_or_else(|| "NULL".into());
                self.slots.slot(key)
            }
        }
    }

    /// Points per series (slot-major, y-minor) in row order, and the number of slots.
    fn points(&mut self, ids: &[RowId]) -> (Vec<Vec<(f64, f64)>>, usize) {
        let ny = self.ys.len();
        let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(ids.len()); ny];
        for (pos, &id) in ids.iter().enumerate() {
            let x = match self.x {
                XRead::Row => Some(pos as f64 + 1.0),
                XRead::Number => Some(number(self.set.cell(id, self.x_col))),
                XRead::Time(k) => text(self.set.cell(id, self.x_col)).and_then(|s| k.parse(&s)),
                XRead::Text => None,
            };
            let Some(x) = x.filter(|x| x.is_finite()) else {
                self.skipped += 1;
                continue;
            };
            let Some(slot) = self.slot(id) else { continue };
            if out.len() < (slot + 1) * ny {
                out.resize((slot + 1) * ny, Vec::new());
            }
            for (k, &y) in self.ys.iter().enumerate() {
                out[slot * ny + k].push((x, number(self.set.cell(id, y))));
            }
        }
        let slots = self.slots.names.len().max(1);
        out.resize(slots * ny, Vec::new());
        (out, slots)
    }

    /// Sums per category and series, and the number of slots.
    fn categories(&mut self, ids: &[RowId]) -> (Categories, usize) {
        let ny = self.ys.len();
        let mut cats = Categories::default();
        for (pos, &id) in ids.iter().enumerate() {
            let (label, order) = match self.x {
                XRead::Row => (Some((pos + 1).to_string()), Some(pos as f64)),
                XRead::Number => {
                    let cell = self.set.cell(id, self.x_col);
                    let v = number(cell.clone());
                    (text(cell).filter(|_| v.is_finite()), Some(v))
                }
                XRead::Time(k) => {
                    let t = text(self.set.cell(id, self.x_col));
                    let v = t.as_deref().and_then(|s| k.parse(s));
                    (t.filter(|_| v.is_some()), v)
                }
                XRead::Text => (text(self.set.cell(id, self.x_col)), None),
            };
            let Some(label) = label else {
                self.skipped += 1;
                continue;
            };
            let Some(slot) = self.slot(id) else { continue };
            let c = cats.index(label, order);
            for (k, &y) in self.ys.iter().enumerate() {
                cats.add(slot * ny + k, c, number(self.set.cell(id, y)));
            }
        }
        (cats, self.slots.names.len().max(1))
    }
}

#[cfg(test)]
#[path = "data_tests.rs"]
mod tests;
