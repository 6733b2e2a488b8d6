//! Django's `timesince` and `timeuntil` over [`DateValue`]. Re-exported
//! from [`crate::dates`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use jiff::civil;

use crate::dates::{AwareDateTime, DateValue};
use crate::l10n::{p, w, Lang};

/// Which of Django's unit words `timesince` writes.
///
/// ```
/// use djula_filters::dates::{timesince_words, DateValue, TimeWords};
/// use djula_filters::l10n::Lang;
/// let a = DateValue::parse_datetime("2025-01-01T00:00:00").unwrap();
/// let b = DateValue::parse_datetime("2025-01-01T05:00:00").unwrap();
/// assert_eq!(timesince_words(&a, &b, 2, Lang::new("de"), TimeWords::NaturalPast), "5\u{a0}Stunden");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeWords {
    /// `django.utils.timesince.TIME_STRINGS` (the filters).
    Default,
    /// humanize's `naturaltime-past` units (inside `%(delta)s ago`).
    NaturalPast,
    /// humanize's `naturaltime-future` units (inside `%(delta)s from now`).
    NaturalFuture,
}

/// Python's `datetime`-comparable view of a value for `timesince`: dates
/// become midnight; `None` for times.
fn as_datetime(value: &DateValue) -> Option<(civil::DateTime, Option<i32>)> {
    match value {
        DateValue::Date(d) => Some((d.to_datetime(civil::Time::midnight()), None)),
        DateValue::DateTime(dt) => Some((*dt, None)),
        DateValue::Aware(a) => Some((a.datetime(), Some(a.offset_seconds()))),
        DateValue::Time(_) => None,
    }
}

const MONTHS_DAYS: [i8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

fn micros_between(later: civil::DateTime, earlier: civil::DateTime) -> i128 {
    let d = later.duration_since(earlier);
    i128::from(d.as_secs()) * 1_000_000 + i128::from(d.subsec_micros())
}

/// Django's `timesince(d, now, depth=depth)`: the time from `value` to
/// `now` in years, months, weeks, days, hours and minutes, at most `depth`
/// adjacent units, joined by `", "` with non-breaking spaces inside each
/// unit. `0 minutes` when `value` is not before `now`. Mixing naive and
/// aware values, a `time`, or a zero depth gives `""` (Django's `TypeError`
/// and `ValueError`).
///
/// ```
/// use djula_filters::dates::{timesince, DateValue};
/// let a = DateValue::parse_datetime("2018-05-09T00:00:00").unwrap();
/// let b = DateValue::parse_datetime("2020-05-07T00:00:00").unwrap();
/// assert_eq!(timesince(&a, &b, 2), "1\u{a0}year, 11\u{a0}months");
/// assert_eq!(timesince(&b, &a, 2), "0\u{a0}minutes");
/// ```
pub fn timesince(value: &DateValue, now: &DateValue, depth: usize) -> String {
    timesince_words(value, now, depth, Lang::english(), TimeWords::Default)
}

/// [`timesince`] in a language: its unit words and plural forms, and its
/// `", "`.
///
/// ```
/// use djula_filters::dates::{timesince_in, DateValue};
/// use djula_filters::l10n::Lang;
/// let a = DateValue::parse_datetime("2025-01-01T00:00:00").unwrap();
/// let b = DateValue::parse_datetime("2025-02-22T00:00:00").unwrap();
/// assert_eq!(timesince_in(&a, &b, 2, Lang::new("de")), "1\u{a0}Monat, 3\u{a0}Wochen");
/// ```
pub fn timesince_in(value: &DateValue, now: &DateValue, depth: usize, lang: Lang<'_>) -> String {
    timesince_words(value, now, depth, lang, TimeWords::Default)
}

/// [`timesince`] with the unit words `words` in `lang`.
///
/// ```
/// use djula_filters::dates::{timesince_words, DateValue, TimeWords};
/// use djula_filters::l10n::Lang;
/// let a = DateValue::parse_datetime("2025-01-01T00:00:00").unwrap();
/// assert_eq!(timesince_words(&a, &a, 2, Lang::new("ru"), TimeWords::Default), "0\u{a0}минут");
/// ```
pub fn timesince_words(
    value: &DateValue,
    now: &DateValue,
    depth: usize,
    lang: Lang<'_>,
    words: TimeWords,
) -> String {
    let base = match words {
        TimeWords::Default => p::TIME_YEAR,
        TimeWords::NaturalPast => p::NT_PAST_YEAR,
        TimeWords::NaturalFuture => p::NT_FUTURE_YEAR,
    };
    // `avoid_wrapping(time_strings[unit] % {"num": n})`.
    let unit = |index: usize, n: i128| {
        let text = lang.plural(base + index, n as f64);
        text.replace("%(num)d", &n.to_string())
            .replace("%%", "%")
            .replace(' ', "\u{a0}")
    };
    if depth == 0 {
        return String::new();
    }
    let (Some((d, d_off)), Some((now_dt, now_off))) = (as_datetime(value), as_datetime(now)) else {
        return String::new();
    };
    let now_dt = match (d_off, now_off) {
        (None, None) => now_dt,
        (Some(d_off), Some(now_off)) => {
            // now.astimezone(d.tzinfo)
            let shift = i64::from(d_off) - i64::from(now_off);
            match now_dt.checked_add(jiff::SignedDuration::from_secs(shift)) {
                Ok(dt) => dt,
                Err(_) => return String::new(),
            }
        }
        _ => return String::new(),
    };
    let zero = unit(5, 0);
    // Seconds, ignoring microseconds (floored, as timedelta does).
    let since = micros_between(now_dt, d).div_euclid(1_000_000);
    if since <= 0 {
        return zero;
    }
    let mut total_months = (i64::from(now_dt.year()) - i64::from(d.year())) * 12
        + (i64::from(now_dt.month()) - i64::from(d.month()));
    if d.day() > now_dt.day() || (d.day() == now_dt.day() && d.time() > now_dt.time()) {
        total_months -= 1;
    }
    let (years, months) = (total_months.div_euclid(12), total_months.rem_euclid(12));
    let pivot = if years != 0 || months != 0 {
        let mut pivot_year = i64::from(d.year()) + years;
        let mut pivot_month = i64::from(d.month()) + months;
        if pivot_month > 12 {
            pivot_month -= 12;
            pivot_year += 1;
        }
        let max_day = usize::try_from(pivot_month - 1)
            .ok()
            .and_then(|i| MONTHS_DAYS.get(i))
            .copied()
            .unwrap_or(28);
        let built = (|| {
            let y = i16::try_from(pivot_year).ok()?;
            let m = i8::try_from(pivot_month).ok()?;
            civil::DateTime::new(
                y,
                m,
                d.day().min(max_day),
                d.hour(),
                d.minute(),
                d.second(),
                0,
            )
            .ok()
        })();
        match built {
            Some(p) => p,
            None => return String::new(),
        }
    } else {
        d
    };
    let mut remaining = micros_between(now_dt, pivot);
    let mut partials: Vec<i128> = vec![i128::from(years), i128::from(months)];
    for chunk in [604_800i128, 86_400, 3_600, 60] {
        let size = chunk * 1_000_000;
        let count = remaining.div_euclid(size);
        partials.push(count);
        remaining -= size * count;
    }
    let Some(first) = partials.iter().position(|&v| v != 0) else {
        return zero;
    };
    let mut parts = Vec::new();
    for (index, value) in partials.iter().enumerate().skip(first).take(depth) {
        if *value == 0 {
            break;
        }
        parts.push(unit(index, *value));
    }
    parts.join(lang.word(w::COMMA))
}

/// Django's `timeuntil(d, now, depth=depth)`: the time from `now` until
/// `value`; see [`timesince`].
///
/// ```
/// use djula_filters::dates::{timeuntil, DateValue};
/// let later = DateValue::parse_datetime("2026-12-02T00:34:53").unwrap();
/// let now = DateValue::parse_datetime("2026-11-25T00:34:53").unwrap();
/// assert_eq!(timeuntil(&later, &now, 2), "1\u{a0}week");
/// ```
pub fn timeuntil(value: &DateValue, now: &DateValue, depth: usize) -> String {
    timesince(now, value, depth)
}

/// [`timeuntil`] in a language (see [`timesince_in`]).
///
/// ```
/// use djula_filters::dates::{timeuntil_in, DateValue};
/// use djula_filters::l10n::Lang;
/// let later = DateValue::parse_datetime("2026-12-02T00:34:53").unwrap();
/// let now = DateValue::parse_datetime("2026-11-25T00:34:53").unwrap();
/// assert_eq!(timeuntil_in(&later, &now, 2, Lang::new("fr")), "1\u{a0}semaine");
/// ```
pub fn timeuntil_in(value: &DateValue, now: &DateValue, depth: usize, lang: Lang<'_>) -> String {
    timesince_in(now, value, depth, lang)
}

/// "Now" for `timesince`/`timeuntil` without an argument, as Django takes
/// it: aware in `value`'s offset when `value` is aware, else the naive
/// local time in `time_zone`.
///
/// ```
/// use djula_filters::dates::{now_for, DateValue};
/// let v = DateValue::parse_datetime("2008-01-02T12:30:00+05:30").unwrap();
/// assert_eq!(now_for(&v, "America/Chicago").unwrap().offset_seconds(), Some(19_800));
/// ```
pub fn now_for(value: &DateValue, time_zone: &str) -> Option<DateValue> {
    match value {
        DateValue::Aware(a) => {
            AwareDateTime::from_timestamp(jiff::Timestamp::now(), a.tzinfo()).map(DateValue::aware)
        }
        _ => DateValue::now_in(time_zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateValue {
        DateValue::parse_datetime(s).unwrap()
    }

    #[test]
    fn since_and_until() {
        let a = dt("2026-11-23T00:33:53.922644");
        let b = dt("2026-11-23T00:34:53.922644");
        assert_eq!(timesince(&a, &b, 2), "1\u{a0}minute");
        let naive = dt("2026-11-25T00:34:53.932339");
        let aware = dt("2026-11-25T09:49:53.932339+03:15");
        assert_eq!(timesince(&naive, &aware, 2), "");
        let d1 = DateValue::parse_date("2026-11-25").unwrap();
        let d2 = DateValue::parse_date("2026-11-26").unwrap();
        assert_eq!(timesince(&d1, &d2, 2), "1\u{a0}day");
        assert_eq!(timesince(&d1, &d1, 2), "0\u{a0}minutes");
        let x = dt("2007-08-10T00:00:00");
        let y = dt("2008-09-10T13:45:00");
        assert_eq!(timesince(&x, &y, 2), "1\u{a0}year, 1\u{a0}month");
        assert_eq!(timesince(&x, &y, 6), "1\u{a0}year, 1\u{a0}month");
        let p = dt("2008-01-31T00:00:00");
        let q = dt("2008-03-01T12:00:00");
        assert_eq!(timesince(&p, &q, 3), "1\u{a0}month");
        let u1 = dt("2008-01-01T00:00:00+01:00");
        let u2 = dt("2008-01-01T00:00:00Z");
        assert_eq!(timesince(&u1, &u2, 2), "1\u{a0}hour");
        assert_eq!(timesince(&u1, &u2, 0), "");
    }
}
