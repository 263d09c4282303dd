//! Exact decimals kept as text: which texts are accepted, and numeric comparison without
//! converting to binary floating point.

use std::cmp::Ordering;

/// Whether `s` is a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`), so it can be
/// written bare into JSON.
pub(crate) fn is_json_number(s: &[u8]) -> bool {
    let mut i = 0;
    if s.first() == Some(&b'-') {
        i += 1;
    }
    match s.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == s.len()
}

/// A decimal text taken apart: sign, the digits around the point, and the exponent.
#[derive(Debug, Clone, Copy)]
struct Parts<'a> {
    neg: bool,
    int: &'a [u8],
    frac: &'a [u8],
    exp: i64,
}

/// Reads `[+-]digits[.digits][e[+-]digits]` (digits on at least one side of the point).
fn parts(s: &[u8]) -> Option<Parts<'_>> {
    let mut i = 0;
    let neg = match s.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let int_start = i;
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int = &s[int_start..i];
    let mut frac: &[u8] = &[];
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac = &s[start..i];
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut exp = 0i64;
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        let eneg = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(d) = s.get(i).filter(|c| c.is_ascii_digit()) {
            exp = exp.saturating_mul(10).saturating_add(i64::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        if eneg {
            exp = -exp;
        }
    }
    (i == s.len()).then_some(Parts {
        neg,
        int,
        frac,
        exp,
    })
}

/// Whether `s` reads as a decimal for [`cmp`] (sign, digits, point, exponent).
pub(crate) fn is_decimal(s: &[u8]) -> bool {
    parts(s).is_some()
}

/// The significant digits (no leading or trailing zeros) and the power of ten of the first one,
/// so the value is `0.d1d2… × 10^e`; `None` for zero.
fn significand<'a>(p: &Parts<'a>) -> Option<(impl Iterator<Item = u8> + Clone + 'a, usize, i64)> {
    let all = p.int.len() + p.frac.len();
    let digit = |k: usize| {
        if k < p.int.len() {
            p.int[k]
        } else {
            p.frac[k - p.int.len()]
        }
    };
    let first = (0..all).find(|&k| digit(k) != b'0')?;
    let last = (0..all).rev().find(|&k| digit(k) != b'0')?;
    let e = (p.int.len() as i64 - first as i64).saturating_add(p.exp);
    let (int, frac) = (p.int, p.frac);
    let digits = (first..=last).map(move |k| {
        if k < int.len() {
            int[k]
        } else {
            frac[k - int.len()]
        }
    });
    Some((digits, last - first + 1, e))
}

/// Compares two decimal texts by value (`12.5` = `12.50`); `None` if either is not a decimal.
pub(crate) fn cmp(a: &[u8], b: &[u8]) -> Option<Ordering> {
    let (pa, pb) = (parts(a)?, parts(b)?);
    let (sa, sb) = (significand(&pa), significand(&pb));
    let sign = |neg: bool, zero: bool| -> i8 {
        if zero {
            0
        } else if neg {
            -1
        } else {
            1
        }
    };
    let (ga, gb) = (sign(pa.neg, sa.is_none()), sign(pb.neg, sb.is_none()));
    if ga != gb || ga == 0 {
        return Some(ga.cmp(&gb));
    }
    let ((da, _, ea), (db, _, eb)) = (sa?, sb?);
    let magnitude = ea.cmp(&eb).then_with(|| da.cmp(db));
    Some(if ga < 0 {
        magnitude.reverse()
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_are_recognised() {
        for ok in [
            "0",
            "-0.10",
            "12.50",
            "12345678901234567890.123456789",
            "1e20",
            "1E-7",
            "-2.5e+3",
        ] {
            assert!(is_json_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", "+1", "01", ".5", "5.", "1e", "1e+", "abc", "1.2.3", "NaN", " 1", "1 ",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn decimals_compare_by_value() {
        let c = |a: &str, b: &str| cmp(a.as_bytes(), b.as_bytes());
        assert_eq!(c("12.5", "12.50"), Some(Ordering::Equal));
        assert_eq!(c("-0.10", "-0.1"), Some(Ordering::Equal));
        assert_eq!(c("0", "-0.00"), Some(Ordering::Equal));
        assert_eq!(c("9.99", "10"), Some(Ordering::Less));
        assert_eq!(c("-9.99", "-10"), Some(Ordering::Greater));
        assert_eq!(c("-0.10", "0"), Some(Ordering::Less));
        assert_eq!(c("0.001", "0.01"), Some(Ordering::Less));
        assert_eq!(c("1e3", "999.9"), Some(Ordering::Greater));
        assert_eq!(c("1000", "1E+3"), Some(Ordering::Equal));
        assert_eq!(
            c(
                "12345678901234567890.123456789",
                "12345678901234567890.123456788"
            ),
            Some(Ordering::Greater)
        );
        assert_eq!(c("007.5", ".75e1"), Some(Ordering::Equal));
        assert_eq!(c("+3", "3."), Some(Ordering::Equal));
        assert_eq!(c("x", "1"), None);
        assert!(is_decimal(b"5.") && !is_decimal(b".") && !is_decimal(b"1e"));
    }
}
