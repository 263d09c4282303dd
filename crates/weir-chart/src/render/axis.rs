//! The axes plotters draws: a linear range with our own round ticks and labels, for numbers,
//! times and categories alike.

use crate::time::{self, Step, TimeKind};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use std::ops::Range;

/// Characters of a category label before it is cut with `…`.
const LABEL_CHARS: usize = 18;

/// How tick values are written.
#[derive(Debug, Clone)]
enum Labels {
    /// Numbers divided by `scale` (1, 1e6, 1e9, 1e12, named by `suffix`) with fixed decimals,
    /// or in scientific notation for tiny magnitudes.
    Number {
        scale: f64,
        suffix: &'static str,
        decimals: usize,
        scientific: bool,
    },
    /// Dates and times, as precise as the step.
    Time { kind: TimeKind, step: Step },
    /// Category names at integer positions.
    Category(Vec<String>),
}

/// A linear axis over `lo..hi` with precomputed ticks.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    labels: Labels,
}

/// A round step (1, 2, 2.5 or 5 × 10ⁿ) giving at most about `max` ticks over `span`.
fn nice_step(span: f64, max: usize) -> f64 {
    let raw = span / max.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let m = match raw / mag {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 2.5 => 2.5,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    };
    m * mag
}

/// Decimals needed to write multiples of `step` exactly.
fn decimals(step: f64) -> usize {
    (0..=12)
        .find(|&d| {
            let s = step * 10f64.powi(d as i32);
            (s - s.round()).abs() <= 1e-6 * s.abs().max(1.0)
        })
        .unwrap_or(12)
}

impl Axis {
    /// A numeric axis over `lo..hi` with at most about `max` round ticks.
    pub(crate) fn number(lo: f64, hi: f64, max: usize) -> Axis {
        let step = nice_step(hi - lo, max);
        let mut ticks = Vec::new();
        let mut k = (lo / step).ceil();
        while k * step <= hi + step * 1e-9 && ticks.len() <= 4 * max {
            ticks.push(k * step);
            k += 1.0;
        }
        let (scale, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M")]
            .into_iter()
            .find(|&(s, _)| step >= s)
            .unwrap_or((1.0, ""));
        let magnitude = lo.abs().max(hi.abs());
        Axis {
            lo,
            hi,
            ticks,
            labels: Labels::Number {
                scale,
                suffix,
                decimals: decimals(step / scale),
                scientific: magnitude > 0.0 && magnitude < 1e-3,
            },
        }
    }

    /// A time axis over `lo..hi` (milliseconds) with round ticks.
    pub(crate) fn time(kind: TimeKind, lo: f64, hi: f64, max: usize) -> Axis {
        let (ticks, step) = time::ticks(kind, lo, hi, max);
        Axis {
            lo,
            hi,
            ticks,
            labels: Labels::Time { kind, step },
        }
    }

    /// Categories at 0, 1, …, labelled every so often so that at most `max` labels show.
    pub(crate) fn category(names: &[String], max: usize) -> Axis {
        let n = names.len().max(1);
        let every = n.div_ceil(max.max(1));
        Axis {
            lo: -0.5,
            hi: n as f64 - 0.5,
            ticks: (0..n).step_by(every).map(|i| i as f64).collect(),
            labels: Labels::Category(names.iter().map(|s| shorten(s)).collect()),
        }
    }

    /// The longest label, in characters (to size the label area).
    pub(crate) fn widest_label(&self) -> usize {
        self.ticks
            .iter()
            .map(|t| self.label(*t).chars().count())
            .max()
            .unwrap_or(0)
    }

    /// What every label leaves out, to add to the axis title (the day of a sub-day time axis).
    pub(crate) fn note(&self) -> Option<String> {
        match self.labels {
            Labels::Time { kind, step } => time::common_date(kind, step, self.lo, self.hi),
            _ => None,
        }
    }

    /// The text of the tick at `v`.
    pub(crate) fn label(&self, v: f64) -> String {
        match &self.labels {
            Labels::Number {
                scale,
                suffix,
                decimals,
                scientific,
            } => {
                let v = if v == 0.0 { 0.0 } else { v };
                if *scientific && v != 0.0 {
                    format!("{v:.2e}")
                } else {
                    format!("{:.*}{suffix}", decimals, v / scale)
                }
            }
            Labels::Time { kind, step } => time::label(*kind, *step, self.lo, self.hi, v),
            Labels::Category(names) => {
                let i = v.round();
                if i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            }
        }
    }
}

/// A label cut to [`LABEL_CHARS`] characters.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let f = if span > 0.0 {
            (v - self.lo) / span
        } else {
            0.5
        };
        let px = limit.0 as f64 + f.clamp(-4.0, 5.0) * (limit.1 - limit.0) as f64;
        px.round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only bold lines and labels: the light grid would double them.
        if hint.weight().allow_light_points() || hint.max_num_points() == 0 {
            return Vec::new();
        }
        let every = self.ticks.len().div_ceil(hint.max_num_points()).max(1);
        self.ticks.iter().copied().step_by(every).collect()
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Axis {
    fn format_ext(&self, v: &f64) -> String {
        self.label(*v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(a: &Axis) -> Vec<String> {
        a.ticks.iter().map(|&t| a.label(t)).collect()
    }

    #[test]
    fn number_ticks_are_round() {
        assert_eq!(
            labels(&Axis::number(0.0, 10.0, 5)),
            ["0", "2", "4", "6", "8", "10"]
        );
        assert_eq!(
            labels(&Axis::number(-1.0, 1.3, 5)),
            ["-1.0", "-0.5", "0.0", "0.5", "1.0"]
        );
        assert_eq!(
            labels(&Axis::number(0.0, 1.0, 4)),
            ["0.00", "0.25", "0.50", "0.75", "1.00"]
        );
        assert_eq!(
            labels(&Axis::number(0.0, 1_000_000.0, 5)),
            ["0", "200000", "400000", "600000", "800000", "1000000"]
        );
        assert_eq!(
            labels(&Axis::number(0.0, 1.2e10, 6)),
            ["0B", "2B", "4B", "6B", "8B", "10B", "12B"]
        );
        assert_eq!(
            labels(&Axis::number(1.5e6, 3.1e6, 4)),
            ["1500000", "2000000", "2500000", "3000000"]
        );
        assert_eq!(
            labels(&Axis::number(0.0, 5e7, 5)),
            ["0M", "10M", "20M", "30M", "40M", "50M"]
        );
        assert_eq!(labels(&Axis::number(0.0, 0.0004, 2))[1], "2.00e-4");
    }

    #[test]
    fn categories_thin_their_labels() {
        let names: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let a = Axis::category(&names, 4);
        assert_eq!(labels(&a), ["c0", "c3", "c6", "c9"]);
        assert_eq!(a.range(), -0.5..9.5);
        assert_eq!(shorten("a-very-long-category-name"), "a-very-long-categ…");
        assert_eq!(a.label(42.0), "");
    }

    #[test]
    fn maps_linearly_and_only_bold_points() {
        let a = Axis::number(0.0, 100.0, 5);
        assert_eq!(a.map(&50.0, (0, 200)), 100);
        assert_eq!(a.map(&0.0, (300, 100)), 300);
        assert_eq!(a.map(&f64::INFINITY, (0, 10)), 50);
        assert_eq!(a.key_points(3usize), Vec::<f64>::new());
        assert_eq!(
            a.key_points(plotters::coord::ranged1d::BoldPoints(3)),
            vec![0.0, 40.0, 80.0]
        );
    }
}
