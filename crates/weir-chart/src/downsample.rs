//! Fewer points that draw the same picture: LTTB for lines and areas, a pixel grid for scatters.
//!
//! LTTB is written here rather than taken from crates.io: the `lttb` crate (0.2, 2018) takes its
//! input by value as its own point type, does not handle NULL gaps and underflows below a
//! threshold of 3.

/// Downsamples a line to `threshold` points with Largest-Triangle-Three-Buckets (Steinarsson,
/// 2013), keeping its shape: the first and last points, and per bucket the point that spans the
/// largest triangle with its neighbours, so peaks and dips survive.
///
/// Points are expected in x order. A point whose x or y is not finite (a NULL) is a gap: each
/// run between gaps is downsampled on its own, with a share of `threshold` proportional to its
/// length (at least its end points), and one gap point is kept between runs so the line stays
/// broken there. Without gaps the result has exactly `min(threshold, points.len())` points.
pub fn lttb(points: &[(f64, f64)], threshold: usize) -> Vec<(f64, f64)> {
    if points.len() <= threshold {
        return points.to_vec();
    }
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    if points.iter().all(finite) {
        return lttb_run(points, threshold);
    }
    let total = points.iter().filter(|p| finite(p)).count().max(1);
    let mut out = Vec::with_capacity(threshold + 16);
    let mut rest = points;
    while !rest.is_empty() {
        let run = rest.iter().position(|p| !finite(p)).unwrap_or(rest.len());
        if run > 0 {
            let share = (threshold * run).div_ceil(total).max(run.min(2));
            out.extend(lttb_run(&rest[..run], share));
        }
        rest = &rest[run..];
        let gap = rest.iter().position(finite).unwrap_or(rest.len());
        if gap > 0 {
            if !out.is_empty() && gap < rest.len() {
                out.push(rest[0]);
            }
            rest = &rest[gap..];
        }
    }
    out
}

/// LTTB over finite points.
fn lttb_run(data: &[(f64, f64)], threshold: usize) -> Vec<(f64, f64)> {
    let n = data.len();
    if threshold >= n {
        return data.to_vec();
    }
    match threshold {
        0 => return Vec::new(),
        1 => return vec![data[0]],
        2 => return vec![data[0], data[n - 1]],
        _ => {}
    }
    let mut out = Vec::with_capacity(threshold);
    // The first and last points stay; the others fall into `buckets` buckets, bucket i being
    // data[edge(i)..edge(i + 1)] (each holds at least one point since n > threshold).
    let buckets = threshold - 2;
    let every = (n - 2) as f64 / buckets as f64;
    let edge = |i: usize| {
        if i >= buckets {
            n - 1
        } else {
            (i as f64 * every) as usize + 1
        }
    };
    let mut a = data[0];
    out.push(a);
    for i in 0..buckets {
        let (start, end) = (edge(i), edge(i + 1));
        // The third corner: the mean of the next bucket (the last point after the last bucket).
        let next = if i + 1 < buckets {
            &data[end..edge(i + 2)]
        } else {
            &data[n - 1..]
        };
        let (sx, sy) = next.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
        let (cx, cy) = (sx / next.len() as f64, sy / next.len() as f64);
        let mut best = (f64::NEG_INFINITY, data[start]);
        for &b in &data[start..end] {
            let area = ((a.0 - cx) * (b.1 - a.1) - (a.0 - b.0) * (cy - a.1)).abs();
            if area > best.0 {
                best = (area, b);
            }
        }
        a = best.1;
        out.push(a);
    }
    out.push(data[n - 1]);
    out
}

/// Keeps one point per `cell` × `cell` pixel square of a `width` × `height` plot, the first one
/// met, so a dense scatter draws the same dots with far fewer elements. Points whose x or y is
/// not finite are dropped.
pub(crate) fn thin(points: &[(f64, f64)], width: u32, height: u32, cell: u32) -> Vec<(f64, f64)> {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &finite {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let cols = (width / cell.max(1)).max(1) as usize;
    let rows = (height / cell.max(1)).max(1) as usize;
    let (sx, sy) = (
        cols as f64 / (x1 - x0).max(f64::MIN_POSITIVE),
        rows as f64 / (y1 - y0).max(f64::MIN_POSITIVE),
    );
    let mut seen = vec![false; cols * rows];
    finite
        .into_iter()
        .filter(|&(x, y)| {
            let c = (((x - x0) * sx) as usize).min(cols - 1);
            let r = (((y - y0) * sy) as usize).min(rows - 1);
            !std::mem::replace(&mut seen[r * cols + c], true)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: usize) -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| (i as f64, (i as f64 / 50.0).sin()))
            .collect()
    }

    #[test]
    fn keeps_ends_and_returns_exactly_the_threshold() {
        let data = wave(10_000);
        for t in [3, 4, 10, 100, 2_400, 9_999] {
            let out = lttb(&data, t);
            assert_eq!(out.len(), t, "threshold {t}");
            assert_eq!(out[0], data[0]);
            assert_eq!(out[t - 1], data[9_999]);
            assert!(out.windows(2).all(|w| w[0].0 < w[1].0), "x order kept");
        }
        assert_eq!(lttb(&data, 2), vec![data[0], data[9_999]]);
        assert_eq!(lttb(&data, 1), vec![data[0]]);
        assert!(lttb(&data, 0).is_empty());
        assert_eq!(lttb(&data[..5], 10), data[..5].to_vec());
        assert!(lttb(&[], 10).is_empty());
    }

    #[test]
    fn keeps_an_isolated_spike() {
        let mut data: Vec<(f64, f64)> = (0..100_000).map(|i| (i as f64, 1.0)).collect();
        data[41_234].1 = 500.0;
        data[77_777].1 = -300.0;
        let out = lttb(&data, 200);
        assert!(out.contains(&(41_234.0, 500.0)));
        assert!(out.contains(&(77_777.0, -300.0)));
    }

    #[test]
    fn gaps_split_the_line() {
        let mut data = wave(1_000);
        for p in &mut data[400..410] {
            p.1 = f64::NAN;
        }
        let out = lttb(&data, 100);
        let gaps: Vec<_> = out.iter().filter(|p| p.1.is_nan()).collect();
        assert_eq!(gaps.len(), 1, "one gap point between the runs");
        assert_eq!(gaps[0].0, 400.0);
        let at = out.iter().position(|p| p.1.is_nan()).unwrap();
        assert_eq!(out[at - 1], data[399], "the run before ends where it did");
        assert_eq!(out[at + 1], data[410], "the run after starts where it did");
        assert!((95..=105).contains(&out.len()), "{}", out.len());
        // Leading and trailing NULLs leave no gap points.
        let mut edges = wave(500);
        edges[0].1 = f64::NAN;
        edges[499].1 = f64::NAN;
        let out = lttb(&edges, 50);
        assert!(out.iter().all(|p| p.1.is_finite()));
        assert_eq!((out[0], *out.last().unwrap()), (edges[1], edges[498]));
    }

    #[test]
    fn thinning_keeps_one_point_per_cell() {
        // 100 × 100 points on a grid, drawn 50 × 50 px with 5 px cells: 10 × 10 cells.
        let pts: Vec<_> = (0..10_000)
            .map(|i| ((i % 100) as f64, (i / 100) as f64))
            .chain([(f64::NAN, 1.0), (1.0, f64::INFINITY)])
            .collect();
        let out = thin(&pts, 50, 50, 5);
        assert_eq!(out.len(), 100);
        assert_eq!(out[0], (0.0, 0.0));
        // Every cell keeps the first point met in it: its lower-left corner.
        assert!(out.contains(&(90.0, 90.0)) && out.contains(&(0.0, 90.0)));
        assert_eq!(thin(&[(1.0, 1.0)], 10, 10, 3), vec![(1.0, 1.0)]);
    }
}
