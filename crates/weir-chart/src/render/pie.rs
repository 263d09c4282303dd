//! A pie: one slice per category of the first series, biggest first, clockwise from twelve
//! o'clock, with percentages on slices big enough to hold them and a legend beside it.

use super::{axis, legend_column, legend_width, DrawResult, Theme};
use crate::data::{ChartData, XScale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::f64::consts::{FRAC_PI_2, TAU};

/// Slices this share of the pie or more show their percentage.
const LABELLED: f64 = 0.04;

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    theme: &Theme,
) -> DrawResult<DB> {
    let Some(series) = data.series.first() else {
        return Ok(());
    };
    let names: &[String] = match &data.x {
        XScale::Category(names) => names,
        _ => &[],
    };
    // Slices: positive values only (a pie cannot show a negative or missing share).
    let slices: Vec<(String, f64)> = series
        .points
        .iter()
        .filter(|p| p.1.is_finite() && p.1 > 0.0)
        .map(|&(x, v)| {
            let name = names
                .get(x as usize)
                .cloned()
                .unwrap_or_else(|| x.to_string());
            (name, v)
        })
        .collect();
    let total: f64 = slices.iter().map(|s| s.1).sum();
    if total <= 0.0 {
        return Ok(());
    }
    let (w, _) = area.dim_in_pixel();
    let widest = slices
        .iter()
        .map(|(n, _)| axis::shorten(n).chars().count() + 8)
        .max()
        .unwrap_or(0);
    let (area, side) = area.split_horizontally(w - legend_width(widest, w));
    let (pie_w, h) = area.dim_in_pixel();
    let (pie_w, h) = (pie_w as i32, h as i32);
    let r = ((pie_w.min(h) / 2) - 20).max(8) as f64;
    let (cx, cy) = (pie_w / 2, h / 2);
    let at = |radius: f64, angle: f64| {
        // Angle 0 is twelve o'clock, growing clockwise.
        let a = angle - FRAC_PI_2;
        (
            cx + (radius * a.cos()).round() as i32,
            cy + (radius * a.sin()).round() as i32,
        )
    };

    let mut start = 0.0;
    let mut labels = Vec::new();
    for (i, (_, v)) in slices.iter().enumerate() {
        let share = v / total;
        let end = start + share * TAU;
        // About one point per 2 degrees of arc.
        let steps = ((end - start) / TAU * 180.0).ceil().max(1.0) as usize;
        let mut outline = Vec::with_capacity(steps + 2);
        outline.push((cx, cy));
        outline.extend((0..=steps).map(|k| at(r, start + (end - start) * k as f64 / steps as f64)));
        area.draw(&Polygon::new(outline, theme.color(i).filled()))?;
        if share >= LABELLED {
            labels.push((
                format!("{:.0}%", share * 100.0),
                at(r * 0.66, (start + end) / 2.0),
            ));
        }
        start = end;
    }
    // Thin spokes in the background colour separate the slices.
    if slices.len() > 1 {
        let mut a = 0.0;
        for (_, v) in &slices {
            area.draw(&PathElement::new(
                vec![(cx, cy), at(r, a)],
                theme.background.stroke_width(2),
            ))?;
            a += v / total * TAU;
        }
    }
    // Dark text reads on both palettes' slice colours.
    let centered = ("sans-serif", 12.0)
        .into_font()
        .color(&RGBColor(0x1e, 0x1f, 0x22))
        .pos(Pos::new(HPos::Center, VPos::Center));
    for (text, pos) in labels {
        area.draw(&Text::new(text, pos, centered.clone()))?;
    }

    let entries: Vec<(String, RGBColor)> = slices
        .iter()
        .enumerate()
        .map(|(i, (name, v))| {
            let line = format!("{}  {:.1}%", axis::shorten(name), v / total * 100.0);
            (line, theme.color(i))
        })
        .collect();
    let heading = format!("{} by {}", data.y_title, data.x_title);
    legend_column(&side, Some(&heading), &entries, theme)?;
    Ok(())
}
