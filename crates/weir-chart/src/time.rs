//! Dates and times on an axis: reading Flink's texts as milliseconds, choosing round ticks
//! (seconds, minutes, hours, days, months, years) and writing their labels.
//!
//! Timestamps without an offset (TIMESTAMP, and TIMESTAMP_LTZ as the gateway writes it, in the
//! session's time zone) are placed as the wall-clock time they show; texts with `Z` or an offset
//! are converted to UTC. Labels show that same wall clock, so they read like the grid.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::{Span, Timestamp};

const SECOND: f64 = 1_000.0;
const MINUTE: f64 = 60.0 * SECOND;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;
/// 1970-01-05 was a Monday: weekly ticks fall on Mondays.
const MONDAY: f64 = 4.0 * DAY;

/// Which temporal type a column holds, which decides how its texts are read and labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// TIMESTAMP and TIMESTAMP_LTZ: milliseconds since 1970-01-01 00:00 of the shown wall clock.
    DateTime,
    /// DATE: milliseconds at the day's midnight.
    Date,
    /// TIME: milliseconds since midnight.
    TimeOfDay,
}

impl TimeKind {
    /// The kind of a Flink type string (`TIMESTAMP(3) WITH LOCAL TIME ZONE`, `DATE`, `TIME(0)`),
    /// `None` for other types.
    pub fn of_type(type_name: &str) -> Option<TimeKind> {
        let t = type_name.trim_start();
        let end = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        match t[..end].to_ascii_uppercase().as_str() {
            "TIMESTAMP" | "TIMESTAMP_LTZ" => Some(TimeKind::DateTime),
            "DATE" => Some(TimeKind::Date),
            "TIME" => Some(TimeKind::TimeOfDay),
            _ => None,
        }
    }

    /// Reads a value as milliseconds (see [`TimeKind`]); `None` when the text is not one.
    ///
    /// Accepts `2024-02-29 12:34:56.789`, `2024-02-29T12:34:56`, `2024-02-29`, any fraction up to
    /// nanoseconds, and `…Z` or `…+02:00` (converted to UTC); `12:34:56.789` for TIME.
    pub fn parse(self, s: &str) -> Option<f64> {
        let s = s.trim();
        match self {
            TimeKind::TimeOfDay => {
                let t: Time = s.parse().ok()?;
                let nanos = t.duration_since(Time::midnight()).as_nanos();
                Some(nanos as f64 / 1e6)
            }
            TimeKind::DateTime | TimeKind::Date => {
                let zoned = s.len() > 10 && s[10..].contains(['Z', 'z', '+', '-']);
                let ts = if zoned {
                    s.parse::<Timestamp>().ok()?
                } else {
                    let dt: DateTime = s.parse().ok()?;
                    Offset::UTC.to_timestamp(dt).ok()?
                };
                Some(ts.as_microsecond() as f64 / 1e3)
            }
        }
    }
}

/// The wall clock at `ms`, clamped to jiff's range.
fn civil(ms: f64) -> DateTime {
    let ms = ms.clamp(-3e14, 2.5e14) as i64;
    let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    Offset::UTC.to_datetime(ts)
}

fn millis(d: Date) -> f64 {
    let ts = Offset::UTC.to_timestamp(d.to_datetime(Time::midnight()));
    ts.map_or(f64::NAN, |t| t.as_millisecond() as f64)
}

/// The spacing of time ticks, which also decides how precise their labels are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// A fixed number of milliseconds (up to weeks).
    Fixed(f64),
    /// Calendar months.
    Months(i32),
    /// Calendar years.
    Years(i32),
}

/// Fixed steps, smallest first, in milliseconds.
const FIXED: [f64; 29] = [
    1.0,
    2.0,
    5.0,
    10.0,
    20.0,
    50.0,
    100.0,
    200.0,
    500.0,
    SECOND,
    2.0 * SECOND,
    5.0 * SECOND,
    10.0 * SECOND,
    15.0 * SECOND,
    30.0 * SECOND,
    MINUTE,
    2.0 * MINUTE,
    5.0 * MINUTE,
    10.0 * MINUTE,
    15.0 * MINUTE,
    30.0 * MINUTE,
    HOUR,
    2.0 * HOUR,
    3.0 * HOUR,
    6.0 * HOUR,
    12.0 * HOUR,
    DAY,
    2.0 * DAY,
    7.0 * DAY,
];

/// Round ticks between `lo` and `hi`, at most about `max` of them, and their step.
pub(crate) fn ticks(kind: TimeKind, lo: f64, hi: f64, max: usize) -> (Vec<f64>, Step) {
    let max = max.max(2);
    let span = (hi - lo).max(1.0);
    let wanted = span / max as f64;
    let floor = if kind == TimeKind::Date { DAY } else { 1.0 };
    let fixed = FIXED.iter().copied().find(|&s| s >= wanted.max(floor));
    let step = match fixed {
        Some(s) => Step::Fixed(s),
        None if kind == TimeKind::TimeOfDay => Step::Fixed(DAY),
        None => {
            let months = [1, 2, 3, 6]
                .into_iter()
                .find(|&m| m as f64 * 30.4 * DAY >= wanted);
            match months {
                Some(m) => Step::Months(m),
                None => {
                    let years = wanted / (365.25 * DAY);
                    let n = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
                        .into_iter()
                        .find(|&y| y as f64 >= years)
                        .unwrap_or(1000);
                    Step::Years(n)
                }
            }
        }
    };
    let mut out = Vec::new();
    match step {
        Step::Fixed(s) => {
            let origin = if s == 7.0 * DAY { MONDAY } else { 0.0 };
            let mut t = ((lo - origin) / s).ceil() * s + origin;
            while t <= hi && out.len() <= 4 * max {
                out.push(t);
                t += s;
            }
        }
        Step::Months(n) | Step::Years(n) => {
            let start = civil(lo).date();
            let (first, span) = match step {
                Step::Years(n) => {
                    let y = start.year() as i32;
                    let y = y - y.rem_euclid(n);
                    (Date::new(y as i16, 1, 1), Span::new().years(n))
                }
                _ => (Date::new(start.year(), 1, 1), Span::new().months(n)),
            };
            let mut d = first.ok();
            while let Some(day) = d {
                let t = millis(day);
                if t.is_nan() || t > hi || out.len() > 4 * max {
                    break;
                }
                if t >= lo {
                    out.push(t);
                }
                d = day.checked_add(span).ok();
            }
        }
    }
    (out, step)
}

/// The label of a tick at `ms` on an axis stepped by `step` over `lo..hi`.
pub(crate) fn label(kind: TimeKind, step: Step, lo: f64, hi: f64, ms: f64) -> String {
    let dt = civil(ms);
    let (y, mo, d) = (dt.year(), dt.month(), dt.day());
    let (h, mi, s) = (dt.hour(), dt.minute(), dt.second());
    let frac = dt.subsec_nanosecond() / 1_000_000;
    let same_day = civil(lo).date() == civil(hi).date();
    match step {
        Step::Fixed(st) if st < SECOND => format!("{h:02}:{mi:02}:{s:02}.{frac:03}"),
        Step::Fixed(st) if st < MINUTE => format!("{h:02}:{mi:02}:{s:02}"),
        Step::Fixed(st) if st < DAY && (same_day || kind == TimeKind::TimeOfDay) => {
            format!("{h:02}:{mi:02}")
        }
        Step::Fixed(st) if st < DAY => format!("{mo:02}-{d:02} {h:02}:{mi:02}"),
        Step::Fixed(_) if kind == TimeKind::TimeOfDay => format!("{h:02}:{mi:02}"),
        Step::Fixed(_) => format!("{y:04}-{mo:02}-{d:02}"),
        Step::Months(_) => format!("{y:04}-{mo:02}"),
        Step::Years(_) => format!("{y:04}"),
    }
}

/// The date every label leaves out, when the axis spans part of one day (`2024-02-29`).
pub(crate) fn common_date(kind: TimeKind, step: Step, lo: f64, hi: f64) -> Option<String> {
    let (a, b) = (civil(lo).date(), civil(hi).date());
    let sub_day = matches!(step, Step::Fixed(s) if s < DAY);
    (kind == TimeKind::DateTime && sub_day && a == b)
        .then(|| format!("{:04}-{:02}-{:02}", a.year(), a.month(), a.day()))
}

/// Short labels for times used as categories (bars per window): only the parts that vary, and
/// the date they all share, if they do.
pub(crate) fn category_labels(kind: TimeKind, values: &[f64]) -> (Vec<String>, Option<String>) {
    let dts: Vec<DateTime> = values.iter().map(|&v| civil(v)).collect();
    let ymd = |d: &DateTime| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    let seconds = dts
        .iter()
        .any(|d| d.second() != 0 || d.subsec_nanosecond() != 0);
    let millis = dts.iter().any(|d| d.subsec_nanosecond() != 0);
    let clock = |d: &DateTime| {
        let hm = format!("{:02}:{:02}", d.hour(), d.minute());
        match (seconds, millis) {
            (_, true) => format!(
                "{hm}:{:02}.{:03}",
                d.second(),
                d.subsec_nanosecond() / 1_000_000
            ),
            (true, false) => format!("{hm}:{:02}", d.second()),
            _ => hm,
        }
    };
    let all = |f: &dyn Fn(&DateTime) -> String| dts.iter().map(f).collect::<Vec<_>>();
    let same_date = dts.windows(2).all(|w| w[0].date() == w[1].date());
    let same_year = dts.windows(2).all(|w| w[0].year() == w[1].year());
    let midnight = dts.iter().all(|d| d.time() == Time::midnight());
    match kind {
        TimeKind::TimeOfDay => (all(&clock), None),
        _ if midnight => (all(&ymd), None),
        _ if same_date => (all(&clock), dts.first().map(ymd)),
        _ if same_year => (
            all(&|d| format!("{:02}-{:02} {}", d.month(), d.day(), clock(d))),
            None,
        ),
        _ => (all(&|d| format!("{} {}", ymd(d), clock(d))), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> f64 {
        TimeKind::DateTime.parse(s).unwrap()
    }

    #[test]
    fn kinds_follow_the_type_root() {
        use TimeKind::*;
        for (t, k) in [
            ("TIMESTAMP(3)", Some(DateTime)),
            ("TIMESTAMP(3) *ROWTIME*", Some(DateTime)),
            ("TIMESTAMP_LTZ(3) *PROCTIME*", Some(DateTime)),
            ("TIMESTAMP(6) WITH LOCAL TIME ZONE NOT NULL", Some(DateTime)),
            ("DATE", Some(Date)),
            ("TIME(0)", Some(TimeOfDay)),
            ("INTERVAL DAY(2) TO SECOND(3)", None),
            ("STRING", None),
        ] {
            assert_eq!(TimeKind::of_type(t), k, "{t}");
        }
    }

    #[test]
    fn flink_texts_read_as_milliseconds() {
        // 2024-02-29T00:00:00Z is 1_709_164_800 s after the epoch.
        let day = 1_709_164_800_000.0;
        let noon = day + 12.0 * HOUR + 34.0 * MINUTE + 56.0 * SECOND;
        assert_eq!(ms("2024-02-29 12:34:56.789"), noon + 789.0);
        assert_eq!(ms("2024-02-29T12:34:56.789"), noon + 789.0);
        assert_eq!(ms("2024-02-29 12:34:56"), noon);
        assert_eq!(ms("2024-02-29 12:34:56.5"), noon + 500.0);
        assert_eq!(ms("2024-02-29 12:34:56.123456"), noon + 123.456);
        assert_eq!(ms("2024-02-29"), day);
        assert_eq!(ms("2024-02-29T12:34:56.789Z"), noon + 789.0);
        assert_eq!(ms("2024-02-29 14:34:56.789+02:00"), noon + 789.0);
        assert_eq!(ms("2024-02-29T07:04:56-05:30"), noon);
        assert_eq!(TimeKind::Date.parse("2024-02-29"), Some(day));
        assert_eq!(ms("1969-12-31 23:59:59"), -1000.0);
        assert_eq!(
            TimeKind::TimeOfDay.parse("12:34:56.789"),
            Some(12.0 * HOUR + 34.0 * MINUTE + 56.0 * SECOND + 789.0)
        );
        assert_eq!(TimeKind::TimeOfDay.parse("00:00:01"), Some(1000.0));
        for bad in [
            "",
            "yesterday",
            "2024-02-30",
            "2024-13-01 00:00:00",
            "12:61:00Z",
        ] {
            assert_eq!(TimeKind::DateTime.parse(bad), None, "{bad}");
        }
        assert_eq!(TimeKind::TimeOfDay.parse("25:00:00"), None);
    }

    #[test]
    fn ticks_are_round_and_labels_readable() {
        let lo = ms("2024-02-29 12:03:10");
        let hi = ms("2024-02-29 17:55:00");
        let (t, step) = ticks(TimeKind::DateTime, lo, hi, 8);
        assert_eq!(step, Step::Fixed(HOUR));
        let labels: Vec<_> = t
            .iter()
            .map(|&v| label(TimeKind::DateTime, step, lo, hi, v))
            .collect();
        assert_eq!(labels, ["13:00", "14:00", "15:00", "16:00", "17:00"]);
        assert_eq!(
            common_date(TimeKind::DateTime, step, lo, hi).as_deref(),
            Some("2024-02-29")
        );

        // Across midnight the day shows.
        let (lo, hi) = (ms("2024-02-28 20:00"), ms("2024-03-01 04:00"));
        let (t, step) = ticks(TimeKind::DateTime, lo, hi, 6);
        assert_eq!(step, Step::Fixed(6.0 * HOUR));
        assert_eq!(label(TimeKind::DateTime, step, lo, hi, t[0]), "02-29 00:00");
        assert_eq!(common_date(TimeKind::DateTime, step, lo, hi), None);

        // Months start on the 1st, years on round numbers.
        let (lo, hi) = (ms("2023-11-15"), ms("2024-09-03"));
        let (t, step) = ticks(TimeKind::Date, lo, hi, 6);
        assert_eq!(step, Step::Months(2));
        let labels: Vec<_> = t
            .iter()
            .map(|&v| label(TimeKind::Date, step, lo, hi, v))
            .collect();
        assert_eq!(
            labels,
            ["2024-01", "2024-03", "2024-05", "2024-07", "2024-09"]
        );
        let (lo, hi) = (ms("1999-06-01"), ms("2024-01-01"));
        let (t, step) = ticks(TimeKind::DateTime, lo, hi, 6);
        assert_eq!(step, Step::Years(5));
        assert_eq!(label(TimeKind::DateTime, step, lo, hi, t[0]), "2000");

        // Sub-second spans keep milliseconds; dates never step below a day.
        let (lo, hi) = (ms("2024-02-29 12:00:00"), ms("2024-02-29 12:00:00.9"));
        let (t, step) = ticks(TimeKind::DateTime, lo, hi, 5);
        assert_eq!(step, Step::Fixed(200.0));
        assert_eq!(
            label(TimeKind::DateTime, step, lo, hi, t[1]),
            "12:00:00.200"
        );
        let (_, step) = ticks(TimeKind::Date, ms("2024-02-29"), ms("2024-03-01"), 10);
        assert_eq!(step, Step::Fixed(DAY));
        // Weeks start on Mondays (2024-03-04 was one).
        let (t, step) = ticks(TimeKind::Date, ms("2024-03-01"), ms("2024-05-01"), 10);
        assert_eq!(step, Step::Fixed(7.0 * DAY));
        assert_eq!(t[0], ms("2024-03-04"));
        // Times of day stay within the day.
        let (t, step) = ticks(TimeKind::TimeOfDay, 0.0, DAY - 1.0, 5);
        assert_eq!(step, Step::Fixed(6.0 * HOUR));
        assert_eq!(label(TimeKind::TimeOfDay, step, 0.0, DAY, t[1]), "06:00");
        // A degenerate range still gets a tick or two, not thousands.
        let (t, _) = ticks(TimeKind::DateTime, 5.0, 5.0, 10);
        assert!(t.len() <= 41);
    }

    #[test]
    fn category_labels_keep_what_varies() {
        let v = |s: &[&str]| s.iter().map(|s| ms(s)).collect::<Vec<_>>();
        let (l, day) = category_labels(
            TimeKind::DateTime,
            &v(&["2024-02-29 10:50:00", "2024-02-29 10:51:00"]),
        );
        assert_eq!(
            (l, day.as_deref()),
            (vec!["10:50".into(), "10:51".into()], Some("2024-02-29"))
        );
        let (l, _) = category_labels(
            TimeKind::DateTime,
            &v(&["2024-02-29 10:50:00", "2024-03-01 10:50:30.25"]),
        );
        assert_eq!(l, ["02-29 10:50:00.000", "03-01 10:50:30.250"]);
        let (l, day) = category_labels(TimeKind::DateTime, &v(&["2023-12-31", "2024-01-01"]));
        assert_eq!(
            (l, day),
            (vec!["2023-12-31".into(), "2024-01-01".into()], None)
        );
        let (l, _) = category_labels(
            TimeKind::DateTime,
            &v(&["2023-12-31 23:00", "2024-01-01 01:00"]),
        );
        assert_eq!(l, ["2023-12-31 23:00", "2024-01-01 01:00"]);
        let (l, _) = category_labels(TimeKind::TimeOfDay, &[3_600_000.0, 3_605_000.0]);
        assert_eq!(l, ["01:00:00", "01:00:05"]);
    }
}
