//! What the drawings hold: one rect per bar, a polyline per line run, a polygon per slice,
//! the axis titles, well-formed SVG, and PNGs of the asked size.

use super::*;
use crate::data::{Series, POINTS_PER_PIXEL};
use crate::time::TimeKind;
use quick_xml::events::Event;
use quick_xml::Reader;

/// One element of an SVG: its name and attributes.
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn element(e: &quick_xml::events::BytesStart, depth: i32) -> Element {
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (a.key.as_ref().to_string(), a.value.to_string())
        })
        .collect();
    let name = e.name().as_ref().to_string();
    if depth == 0 {
        assert_eq!(name, "svg", "the root element");
    }
    Element { name, attrs }
}

/// Parses an SVG, failing on malformed XML, into its elements and its texts (trimmed).
fn parse(svg: &str) -> (Vec<Element>, Vec<String>) {
    let mut reader = Reader::from_str(svg);
    let (mut elements, mut texts, mut depth) = (Vec::new(), Vec::new(), 0i32);
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                elements.push(element(&e, depth));
                depth += 1;
            }
            Event::Empty(e) => elements.push(element(&e, depth)),
            Event::End(_) => {
                depth -= 1;
                if !text.trim().is_empty() {
                    texts.push(text.trim().to_string());
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t),
            Event::GeneralRef(r) => {
                text.push('&');
                text.push_str(&r);
                text.push(';');
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    (elements, texts)
}

/// `#RRGGBB` as plotters writes it.
fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn count(elements: &[Element], name: &str, fill: Option<&str>) -> usize {
    elements
        .iter()
        .filter(|e| e.name == name && (fill.is_none() || e.attr("fill") == fill))
        .count()
}

fn spec(kind: ChartKind) -> ChartSpec {
    ChartSpec {
        width: 640,
        height: 360,
        ..ChartSpec::new(kind, Some(0), vec![1])
    }
}

fn categories(names: &[&str], series: &[(&str, &[f64])]) -> ChartData {
    ChartData {
        x_title: "region".into(),
        y_title: "sales".into(),
        x: XScale::Category(names.iter().map(|s| s.to_string()).collect()),
        series: series
            .iter()
            .map(|(name, values)| Series {
                name: name.to_string(),
                points: values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (i as f64, v))
                    .collect(),
            })
            .collect(),
        rows: names.len(),
        skipped_rows: 0,
        omitted_categories: 0,
        omitted_series: 0,
    }
}

fn line(points: Vec<(f64, f64)>) -> ChartData {
    ChartData {
        x_title: "id".into(),
        y_title: "value".into(),
        x: XScale::Number,
        series: vec![Series {
            name: "value".into(),
            points,
        }],
        rows: 0,
        skipped_rows: 0,
        omitted_categories: 0,
        omitted_series: 0,
    }
}

const DARK: ChartTheme = ChartTheme::Dark;

fn color(i: usize) -> String {
    hex(Theme::of(DARK).color(i))
}

#[test]
fn one_rect_per_bar() {
    let data = categories(&["EU", "US", "APAC"], &[("sales", &[3.0, 5.0, f64::NAN])]);
    let svg = render_svg(&spec(ChartKind::Bar), &data).unwrap();
    let (el, texts) = parse(&svg);
    // A NULL bar is not drawn (and not drawn as 0).
    assert_eq!(count(&el, "rect", Some(&color(0))), 2);
    for want in ["EU", "US", "APAC", "region", "sales"] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want} missing from {texts:?}"
        );
    }
    // Grouped: two series, each bar once, plus a legend swatch each.
    let data = categories(
        &["EU", "US", "APAC"],
        &[("2023", &[3.0, 5.0, 1.0]), ("2024", &[4.0, -2.0, 2.0])],
    );
    let (el, texts) = parse(&render_svg(&spec(ChartKind::Bar), &data).unwrap());
    assert_eq!(count(&el, "rect", Some(&color(0))), 4);
    assert_eq!(count(&el, "rect", Some(&color(1))), 4);
    assert!(texts.iter().any(|t| t == "2024"), "legend: {texts:?}");
}

#[test]
fn a_line_is_one_polyline_per_run() {
    let pts: Vec<(f64, f64)> = (0..100).map(|i| (i as f64, (i % 10) as f64)).collect();
    let mut s = spec(ChartKind::Line);
    s.title = Some("Load <&> \"stuff\"".into());
    let (el, texts) = parse(&render_svg(&s, &line(pts.clone())).unwrap());
    let lines: Vec<&Element> = el
        .iter()
        .filter(|e| e.name == "polyline" && e.attr("stroke") == Some(&color(0)))
        .collect();
    assert_eq!(lines.len(), 1);
    let drawn = lines[0].attr("points").unwrap().split_whitespace().count();
    assert_eq!(drawn, 100);
    for want in ["id", "value", "Load &lt;&amp;&gt; &quot;stuff&quot;"] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want} missing from {texts:?}"
        );
    }
    // A NULL splits the line; no legend for a single series.
    let mut gap = pts;
    gap[50].1 = f64::NAN;
    let (el, texts) = parse(&render_svg(&spec(ChartKind::Line), &line(gap)).unwrap());
    assert_eq!(count(&el, "polyline", None) - count_axis_lines(&el), 2);
    assert_eq!(texts.iter().filter(|t| *t == "value").count(), 1);
}

/// Polylines of the axes and their ticks (drawn in the axis colour).
fn count_axis_lines(el: &[Element]) -> usize {
    let axis = hex(Theme::of(DARK).axis);
    el.iter()
        .filter(|e| e.name == "polyline" && e.attr("stroke") == Some(&axis))
        .count()
}

#[test]
fn areas_and_scatters_draw() {
    let pts: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, (i as f64).sqrt())).collect();
    let (el, _) = parse(&render_svg(&spec(ChartKind::Area), &line(pts.clone())).unwrap());
    assert_eq!(count(&el, "polygon", None), 1);
    let (el, _) = parse(&render_svg(&spec(ChartKind::Scatter), &line(pts)).unwrap());
    assert_eq!(count(&el, "circle", None), 50);
}

#[test]
fn one_polygon_per_slice() {
    let data = categories(
        &["EU", "US", "APAC", "none"],
        &[("sales", &[3.0, 5.0, 2.0, 0.0])],
    );
    let (el, texts) = parse(&render_svg(&spec(ChartKind::Pie), &data).unwrap());
    // Zero is no slice.
    assert_eq!(count(&el, "polygon", None), 3);
    assert!(texts.iter().any(|t| t == "US  50.0%"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "sales by region"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "50%"), "{texts:?}");
}

#[test]
fn time_axes_read_as_times() {
    let start = TimeKind::DateTime.parse("2024-02-29 12:03:10").unwrap();
    let pts = (0..360)
        .map(|m| (start + m as f64 * 60_000.0, m as f64))
        .collect();
    let mut data = line(pts);
    data.x = XScale::Time(TimeKind::DateTime);
    data.x_title = "window_start".into();
    let (_, texts) = parse(&render_svg(&spec(ChartKind::Line), &data).unwrap());
    for want in ["14:00", "16:00", "18:00", "window_start (2024-02-29)"] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want} missing from {texts:?}"
        );
    }
    // A single date still gets its day on the axis.
    let mut one = line(vec![(TimeKind::Date.parse("2024-02-29").unwrap(), 1.0)]);
    one.x = XScale::Time(TimeKind::Date);
    let (_, texts) = parse(&render_svg(&spec(ChartKind::Line), &one).unwrap());
    assert!(texts.iter().any(|t| t == "2024-02-29"), "{texts:?}");
}

#[test]
fn data_for_another_size_is_fitted() {
    let pts: Vec<(f64, f64)> = (0..100_000).map(|i| (i as f64, (i % 97) as f64)).collect();
    let (el, _) = parse(&render_svg(&spec(ChartKind::Line), &line(pts)).unwrap());
    let line = el
        .iter()
        .find(|e| e.name == "polyline" && e.attr("stroke") == Some(&color(0)))
        .unwrap();
    let drawn = line.attr("points").unwrap().split_whitespace().count();
    assert_eq!(drawn, POINTS_PER_PIXEL * 640);
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

/// The RGB pixels of a PNG.
fn pixels(png: &[u8]) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf[..info.buffer_size()]
        .chunks(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect()
}

#[test]
fn pngs_have_the_asked_size_and_colours() {
    let data = categories(&["EU", "US"], &[("sales", &[3.0, 5.0])]);
    let mut s = spec(ChartKind::Bar);
    s.width = 333;
    s.height = 222;
    let png = render_png(&s, &data).unwrap();
    assert_eq!(png_size(&png), (333, 222));
    let px = pixels(&png);
    assert_eq!(px.len(), 333 * 222);
    let bg = Theme::of(DARK).background;
    let bar = Theme::of(DARK).color(0);
    assert_eq!(px[0], [bg.0, bg.1, bg.2]);
    assert!(px.iter().filter(|p| **p == [bar.0, bar.1, bar.2]).count() > 1000);
    // The same input draws the same bytes (the font is embedded, nothing is random).
    assert_eq!(render_png(&s, &data).unwrap(), png);
    s.theme = ChartTheme::Light;
    s.kind = ChartKind::Pie;
    let png = render_png(&s, &data).unwrap();
    assert_eq!(pixels(&png)[0], [255, 255, 255]);
    let pts: Vec<(f64, f64)> = (0..5_000).map(|i| (i as f64, (i % 13) as f64)).collect();
    for kind in [ChartKind::Line, ChartKind::Area, ChartKind::Scatter] {
        let png = render_png(&spec(kind), &line(pts.clone())).unwrap();
        assert_eq!(png_size(&png), (640, 360));
    }
}

#[test]
fn a_one_point_spike_survives_in_pngs() {
    // A dense wave (two points per pixel, so the line turns back on itself) with one spike.
    let mut pts: Vec<(f64, f64)> = (0..100_000)
        .map(|i| (i as f64, (i as f64 / 2_000.0).sin() * 10.0))
        .collect();
    pts[54_321].1 = 100.0;
    let png = render_png(&spec(ChartKind::Line), &line(pts)).unwrap();
    let blue = Theme::of(DARK).color(0);
    let rows: Vec<usize> = pixels(&png)
        .iter()
        .enumerate()
        .filter(|(_, p)| **p == [blue.0, blue.1, blue.2])
        .map(|(i, _)| i / 640)
        .collect();
    // The plot spans rows ~14 to ~300: the spike's tip is near its top, and nothing of the line
    // leaks below it into the axis labels.
    let (top, bottom) = (rows.iter().min(), rows.iter().max());
    assert!(
        top.is_some_and(|&r| r < 40),
        "topmost line pixel in row {top:?}"
    );
    assert!(
        bottom.is_some_and(|&r| r < 305),
        "lowest line pixel in row {bottom:?}"
    );
}

#[test]
fn sharp_turns_cut_the_path() {
    let spike = [(0, 100), (10, 100), (11, 0), (12, 100), (20, 100)];
    assert_eq!(gentle_pieces(&spike).collect::<Vec<_>>(), [0..3, 2..5]);
    let gentle = [(0, 0), (10, 5), (20, 0), (20, 0), (30, 8)];
    assert_eq!(gentle_pieces(&gentle).collect::<Vec<_>>(), vec![0..5; 1]);
    // Straight back over itself, through a repeated pixel.
    let back = [(0, 0), (0, 10), (0, 10), (0, 0)];
    assert_eq!(gentle_pieces(&back).collect::<Vec<_>>(), [0..3, 2..4]);
    assert_eq!(
        gentle_pieces(&[(1, 1), (2, 2)]).collect::<Vec<_>>(),
        vec![0..2; 1]
    );
}

#[test]
fn sizes_out_of_range_are_refused() {
    let data = categories(&["EU"], &[("sales", &[3.0])]);
    for (w, h) in [(0, 100), (100, 31), (8193, 100)] {
        let mut s = spec(ChartKind::Bar);
        (s.width, s.height) = (w, h);
        let err = render_svg(&s, &data).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "a chart of {w}×{h} pixels cannot be drawn: each side must be 32 to 8192 pixels"
            )
        );
        assert!(render_png(&s, &data).is_err());
    }
}

#[test]
fn many_series_get_a_legend_that_fits() {
    let names: Vec<String> = (0..20).map(|i| format!("series-{i}")).collect();
    let series: Vec<(&str, &[f64])> = names
        .iter()
        .map(|n| (n.as_str(), &[1.0, 2.0][..]))
        .collect();
    let data = categories(&["a", "b"], &series);
    let mut s = spec(ChartKind::Line);
    s.height = 200;
    let (_, texts) = parse(&render_svg(&s, &data).unwrap());
    assert!(texts.iter().any(|t| t == "series-0"));
    assert!(!texts.iter().any(|t| t == "series-19"));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("… ") && t.ends_with(" more")),
        "{texts:?}"
    );
}
