//! Drawing a chart with plotters: the same drawing onto an SVG string or an RGB bitmap encoded
//! as PNG, with the embedded DejaVu Sans font so text measures (and, in PNGs, looks) the same on
//! every machine.

mod axis;
mod pie;

use crate::data::{fit, ChartData, XScale};
use crate::spec::{ChartKind, ChartSpec, ChartTheme};
use crate::time::TimeKind;
use crate::ChartError;
use axis::Axis;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::borrow::Cow;
use std::error::Error;
use std::sync::OnceLock;

/// Smallest and largest side of an image, in pixels.
const SIDES: std::ops::RangeInclusive<u32> = 32..=8192;
/// DejaVu Sans 2.37 (see assets/LICENSE-DejaVu.txt).
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
/// Average width of a 12 px label character, to size label areas.
const CHAR_PX: u32 = 7;

/// Colours of one theme.
pub(crate) struct Theme {
    pub(crate) background: RGBColor,
    pub(crate) text: RGBColor,
    grid: RGBColor,
    axis: RGBColor,
    pub(crate) palette: [RGBColor; 10],
}

impl Theme {
    fn of(theme: ChartTheme) -> Theme {
        match theme {
            // The app's dark colours (ui/src/styles/base.css) and a palette bright enough on them.
            ChartTheme::Dark => Theme {
                background: RGBColor(0x1e, 0x1f, 0x22),
                text: RGBColor(0xdf, 0xe1, 0xe5),
                grid: RGBColor(0x32, 0x34, 0x38),
                axis: RGBColor(0x6f, 0x73, 0x7a),
                palette: [
                    RGBColor(0x4c, 0x9b, 0xf5),
                    RGBColor(0xf5, 0xa7, 0x42),
                    RGBColor(0x5f, 0xb8, 0x65),
                    RGBColor(0xf7, 0x54, 0x64),
                    RGBColor(0xb0, 0x7e, 0xe8),
                    RGBColor(0x3f, 0xc1, 0xc9),
                    RGBColor(0xe0, 0xc3, 0x41),
                    RGBColor(0xef, 0x7f, 0xb8),
                    RGBColor(0x9b, 0xa1, 0xa8),
                    RGBColor(0xa8, 0xd0, 0x7a),
                ],
            },
            // Tableau 10.
            ChartTheme::Light => Theme {
                background: WHITE,
                text: RGBColor(0x1f, 0x23, 0x28),
                grid: RGBColor(0xe6, 0xe8, 0xeb),
                axis: RGBColor(0x8a, 0x8f, 0x98),
                palette: [
                    RGBColor(0x4e, 0x79, 0xa7),
                    RGBColor(0xf2, 0x8e, 0x2b),
                    RGBColor(0x59, 0xa1, 0x4f),
                    RGBColor(0xe1, 0x57, 0x59),
                    RGBColor(0xb0, 0x7a, 0xa1),
                    RGBColor(0x76, 0xb7, 0xb2),
                    RGBColor(0xed, 0xc9, 0x48),
                    RGBColor(0xff, 0x9d, 0xa7),
                    RGBColor(0x9c, 0x75, 0x5f),
                    RGBColor(0xba, 0xb0, 0xac),
                ],
            },
        }
    }

    /// The colour of series `i`.
    pub(crate) fn color(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }

    /// Text of `size` pixels in the theme's colour.
    pub(crate) fn font(&self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size).into_font().color(&self.text)
    }
}

/// Registers the embedded font as `sans-serif`, once per process.
fn font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    ok.then_some(()).ok_or(ChartError::Font)
}

fn check_size(spec: &ChartSpec) -> Result<(), ChartError> {
    if SIDES.contains(&spec.width) && SIDES.contains(&spec.height) {
        Ok(())
    } else {
        Err(ChartError::Size {
            width: spec.width,
            height: spec.height,
        })
    }
}

fn draw_error<E: Error + Send + Sync + 'static>(e: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Draw(Box::new(e))
}

/// Draws the chart as an SVG document of `spec.width` × `spec.height` pixels.
///
/// Text is written as `<text>` in `sans-serif`, laid out with DejaVu Sans metrics.
pub fn render_svg(spec: &ChartSpec, data: &ChartData) -> Result<String, ChartError> {
    check_size(spec)?;
    font()?;
    let mut out = String::with_capacity(64 * 1024);
    {
        let root = SVGBackend::with_string(&mut out, (spec.width, spec.height)).into_drawing_area();
        draw(&root, spec, data, Lines::Paths).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(out)
}

/// Draws the chart as PNG bytes (8-bit RGB) of `spec.width` × `spec.height` pixels.
pub fn render_png(spec: &ChartSpec, data: &ChartData) -> Result<Vec<u8>, ChartError> {
    check_size(spec)?;
    font()?;
    let (w, h) = (spec.width, spec.height);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw(&root, spec, data, Lines::Pieces).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// How thick lines reach the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// One path per run: a single `<polyline>` in SVG.
    Paths,
    /// Paths cut where the line turns sharply: plotters turns a thick bitmap path into one
    /// polygon, which breaks where the line turns back on itself (a one-pixel-wide spike
    /// vanishes, a dense line frays); pieces that only bend gently do not.
    Pieces,
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    lines: Lines,
) -> DrawResult<DB> {
    let theme = Theme::of(spec.theme);
    let full = root.dim_in_pixel();
    root.fill(&theme.background)?;
    let area = match spec.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => root.titled(t, theme.font(16.0))?,
        _ => root.clone(),
    };
    match spec.kind {
        ChartKind::Pie => pie::draw(&area, data, &theme),
        _ => cartesian(&area, full, spec.kind, data, &theme, lines),
    }
}

/// Smallest and largest finite x and y over all points.
fn bounds<'a>(series: impl Iterator<Item = &'a [(f64, f64)]>) -> Option<(f64, f64, f64, f64)> {
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for &(x, y) in series.flatten() {
        if x.is_finite() && y.is_finite() {
            b = Some(match b {
                None => (x, x, y, y),
                Some((x0, x1, y0, y1)) => (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
            });
        }
    }
    b
}

/// Widens an empty range so it can be drawn.
fn widen(lo: f64, hi: f64, by: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else {
        (lo - by, hi + by)
    }
}

/// Draws a bar, line, area or scatter chart on `area`, part of an image of `full` pixels.
fn cartesian<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    full: (u32, u32),
    kind: ChartKind,
    data: &ChartData,
    theme: &Theme,
    lines: Lines,
) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    let area = if data.series.len() > 1 {
        let entries: Vec<(String, RGBColor)> = data
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (axis::shorten(&s.name), theme.color(i)))
            .collect();
        let widest = entries.iter().map(|e| e.0.chars().count()).max();
        let (plot, side) = area.split_horizontally(w - legend_width(widest.unwrap_or(0), w));
        legend_column(&side, None, &entries, theme)?;
        plot
    } else {
        area.clone()
    };
    let area = &area;
    let (w, h) = area.dim_in_pixel();
    // Data built for another image size is fitted to this one (a no-op when it already fits).
    let points: Vec<Cow<[(f64, f64)]>> = data
        .series
        .iter()
        .map(|s| match fit(kind, &s.points, full.0, full.1) {
            Some(p) => Cow::Owned(p),
            None => Cow::Borrowed(s.points.as_slice()),
        })
        .collect();
    let Some((x0, x1, y0, y1)) = bounds(points.iter().map(|p| p.as_ref())) else {
        return Ok(());
    };
    let zero_based = matches!(kind, ChartKind::Bar | ChartKind::Area);
    let (y0, y1) = if zero_based {
        (y0.min(0.0), y1.max(0.0))
    } else {
        (y0, y1)
    };
    let (y0, y1) = widen(y0, y1, y0.abs().max(1.0) * 0.1);
    let pad = (y1 - y0) * 0.05;
    let (y0, y1) = (
        if zero_based && y0 == 0.0 {
            0.0
        } else {
            y0 - pad
        },
        if zero_based && y1 == 0.0 {
            0.0
        } else {
            y1 + pad
        },
    );
    let y_axis = Axis::number(y0, y1, (h / 60).max(2) as usize);
    let y_label_px = y_axis.widest_label() as u32 * CHAR_PX + 12;
    let plot_w = w.saturating_sub(y_label_px + 60).max(40);
    let x_axis = match &data.x {
        XScale::Category(names) => {
            let widest = names.iter().map(|n| axis::shorten(n).chars().count()).max();
            let per_label = widest.unwrap_or(1) as u32 * CHAR_PX + 14;
            Axis::category(names, (plot_w / per_label).max(1) as usize)
        }
        XScale::Time(k) => {
            // One value alone gets a day around it (a date) or a minute (a time).
            let by = if *k == TimeKind::Date {
                86_400_000.0
            } else {
                60_000.0
            };
            let (x0, x1) = widen(x0, x1, by);
            Axis::time(*k, x0, x1, (plot_w / 120).max(2) as usize)
        }
        XScale::Row | XScale::Number => {
            let (x0, x1) = widen(x0, x1, x0.abs().max(1.0) * 0.1);
            let pad = if kind == ChartKind::Scatter {
                (x1 - x0) * 0.02
            } else {
                0.0
            };
            Axis::number(x0 - pad, x1 + pad, (plot_w / 100).max(2) as usize)
        }
    };
    let x_title = match x_axis.note() {
        Some(day) => format!("{} ({day})", data.x_title),
        None => data.x_title.clone(),
    };
    let categorical = matches!(data.x, XScale::Category(_));
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .margin_right(24)
        .x_label_area_size(46)
        .y_label_area_size(y_label_px + 24)
        .build_cartesian_2d(x_axis, y_axis)?;
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(theme.grid)
        .axis_style(theme.axis)
        .label_style(theme.font(12.0))
        .axis_desc_style(theme.font(13.0))
        .x_desc(x_title)
        .y_desc(data.y_title.as_str())
        .x_labels(64)
        .y_labels(64);
    if categorical {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;

    let n = points.len();
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    for (i, pts) in points.iter().enumerate() {
        let color = theme.color(i);
        match kind {
            ChartKind::Bar => {
                let group = 0.8;
                let width = group / n as f64;
                let left = -group / 2.0 + i as f64 * width;
                let bars = pts.iter().filter(finite).map(|&(x, y)| {
                    let (a, b) = (x + left + width * 0.06, x + left + width * 0.94);
                    Rectangle::new([(a, 0.0), (b, y)], color.filled())
                });
                chart.draw_series(bars)?;
            }
            ChartKind::Scatter => {
                let dots = pts
                    .iter()
                    .filter(finite)
                    .map(|&p| Circle::new(p, 2.5, color.mix(0.85).filled()));
                chart.draw_series(dots)?;
            }
            _ => {
                // One line per run between NULL gaps; a lone point between gaps is a dot.
                let base = if y0 <= 0.0 && y1 >= 0.0 { 0.0 } else { y0 };
                let runs = pts.split(|p| !(p.0.is_finite() && p.1.is_finite()));
                for run in runs.filter(|r| !r.is_empty()) {
                    let stroke = color.stroke_width(2);
                    if run.len() == 1 {
                        let dot = Circle::new(run[0], 2.5, color.filled());
                        chart.draw_series(std::iter::once(dot))?;
                    } else if kind == ChartKind::Area && lines == Lines::Paths {
                        let fill = AreaSeries::new(run.iter().copied(), base, color.mix(0.22));
                        chart.draw_series(fill.border_style(stroke))?;
                    } else {
                        if kind == ChartKind::Area {
                            let fill = AreaSeries::new(run.iter().copied(), base, color.mix(0.22));
                            chart.draw_series(fill.border_style(TRANSPARENT))?;
                        }
                        match lines {
                            Lines::Paths => {
                                chart.draw_series(LineSeries::new(run.iter().copied(), stroke))?;
                            }
                            Lines::Pieces => {
                                let pixels: Vec<(i32, i32)> =
                                    run.iter().map(|p| chart.backend_coord(p)).collect();
                                let pieces = gentle_pieces(&pixels)
                                    .map(|r| PathElement::new(run[r].to_vec(), stroke));
                                chart.draw_series(pieces)?;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Splits a path (in pixels) into index ranges, sharing their end points, that turn by less
/// than about 110° at each point (repeated pixels do not count as a direction).
fn gentle_pieces(px: &[(i32, i32)]) -> impl Iterator<Item = std::ops::Range<usize>> {
    let mut cuts = vec![0];
    let mut prev: Option<(i64, i64)> = None;
    for i in 1..px.len() {
        let d = (
            i64::from(px[i].0 - px[i - 1].0),
            i64::from(px[i].1 - px[i - 1].1),
        );
        if d == (0, 0) {
            continue;
        }
        if let Some(p) = prev {
            let dot = (p.0 * d.0 + p.1 * d.1) as f64;
            let norms = ((p.0 * p.0 + p.1 * p.1) as f64 * (d.0 * d.0 + d.1 * d.1) as f64).sqrt();
            if dot < -0.35 * norms {
                cuts.push(i - 1);
            }
        }
        prev = Some(d);
    }
    cuts.push(px.len() - 1);
    let ends: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    ends.into_iter()
        .filter(|(a, b)| b > a)
        .map(|(a, b)| a..b + 1)
}

/// A legend in its own column: an optional heading, then a swatch and a line of text per
/// entry, as many as fit, then how many more there are.
pub(crate) fn legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: Option<&str>,
    entries: &[(String, RGBColor)],
    theme: &Theme,
) -> DrawResult<DB> {
    const LINE: i32 = 18;
    let (_, h) = area.dim_in_pixel();
    let h = h as i32;
    let lines = entries.len() + usize::from(heading.is_some());
    let fits = ((h - 16) / LINE).max(2) as usize;
    let shown = if lines > fits {
        fits - 1 - usize::from(heading.is_some())
    } else {
        entries.len()
    };
    let used = (shown + usize::from(heading.is_some()) + usize::from(shown < entries.len())) as i32;
    let mut y = ((h - used * LINE) / 2).max(4);
    let x = 8;
    if let Some(text) = heading {
        area.draw(&Text::new(
            axis::shorten(text),
            (x, y + 2),
            theme.font(12.0),
        ))?;
        y += LINE;
    }
    for (text, color) in entries.iter().take(shown) {
        area.draw(&Rectangle::new(
            [(x, y + 3), (x + 11, y + 14)],
            color.filled(),
        ))?;
        area.draw(&Text::new(text.as_str(), (x + 18, y + 2), theme.font(12.0)))?;
        y += LINE;
    }
    if shown < entries.len() {
        let more = format!("… {} more", entries.len() - shown);
        area.draw(&Text::new(more, (x + 18, y + 2), theme.font(12.0)))?;
    }
    Ok(())
}

/// Width of a legend column for entries of up to `chars` characters, within `width`.
pub(crate) fn legend_width(chars: usize, width: u32) -> u32 {
    (chars as u32 * CHAR_PX + 40).min(width * 2 / 5)
}
#[cfg(test)]
mod tests;
