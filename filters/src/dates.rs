//! Date and time values as Django's templates see them (Python's `date`,
//! `datetime` and `time`), and the filters over them: `date`, `time`,
//! `timesince`, `timeuntil`.
//!
//! The calendar math is [`jiff`]'s; this module only adds Python's shapes
//! (naive versus aware, microsecond precision, `str()` printing) and
//! Django's format characters.
//!
//! ```
//! use djula_filters::dates::DateValue;
//!
//! let d = DateValue::parse_datetime("2008-01-02T12:30:00+05:30").unwrap();
//! assert_eq!(d.to_string(), "2008-01-02 12:30:00+05:30");
//! ```

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use std::fmt;

pub use crate::dateformat::{date, date_in, format, format_in, time, time_in};
pub use crate::timesince::{
    now_for, timesince, timesince_in, timesince_words, timeuntil, timeuntil_in, TimeWords,
};
pub use jiff;
use jiff::civil;
use jiff::tz::TimeZone;

/// Django's default `TIME_ZONE` setting, the zone the conformance cases
/// assume.
///
/// ```
/// assert_eq!(djula_filters::dates::DEFAULT_TIME_ZONE, "America/Chicago");
/// ```
pub const DEFAULT_TIME_ZONE: &str = "America/Chicago";

/// The zone Django's `TIME_ZONE` names, for [`date`], [`time`] and
/// [`format()`]; `UTC` when the name is unknown. The zone database is
/// bundled, so this does not depend on the machine.
///
/// ```
/// let tz = djula_filters::dates::time_zone(djula_filters::dates::DEFAULT_TIME_ZONE);
/// assert_eq!(tz.iana_name(), Some("America/Chicago"));
/// assert_eq!(djula_filters::dates::time_zone("Nowhere/Special").iana_name(), Some("UTC"));
/// ```
pub fn time_zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// A datetime with a fixed UTC offset: Python's aware `datetime` whose
/// `tzinfo` is `timezone.utc` or Django's `get_fixed_timezone(minutes)`.
///
/// ```
/// use djula_filters::dates::AwareDateTime;
/// use djula_filters::dates::jiff::civil::date;
///
/// let dt = AwareDateTime::new(date(2008, 1, 2).at(12, 30, 0, 0), -3600).unwrap();
/// assert_eq!(dt.to_string(), "2008-01-02 12:30:00-01:00");
/// assert_eq!(dt.tz_name(), "-0100");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AwareDateTime {
    datetime: civil::DateTime,
    offset_seconds: i32,
    utc: bool,
}

impl AwareDateTime {
    /// A local datetime at `offset_seconds` east of UTC, in a zone named like
    /// Django's fixed zones (`+0530`). `None` if the offset is a day or more.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// assert!(AwareDateTime::new(date(2000, 1, 1).at(0, 0, 0, 0), 86_400).is_none());
    /// ```
    pub fn new(datetime: civil::DateTime, offset_seconds: i32) -> Option<Self> {
        if offset_seconds.unsigned_abs() >= 86_400 {
            return None;
        }
        Some(AwareDateTime {
            datetime: truncate_micros(datetime),
            offset_seconds,
            utc: false,
        })
    }

    /// A datetime in Python's `timezone.utc` (its zone is named `UTC`).
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::utc(date(2000, 1, 1).at(0, 0, 0, 0));
    /// assert_eq!(dt.tz_name(), "UTC");
    /// assert_eq!(dt.to_string(), "2000-01-01 00:00:00+00:00");
    /// ```
    pub fn utc(datetime: civil::DateTime) -> Self {
        AwareDateTime {
            datetime: truncate_micros(datetime),
            offset_seconds: 0,
            utc: true,
        }
    }

    /// The local (wall clock) date and time.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::utc(date(2000, 1, 1).at(5, 0, 0, 0));
    /// assert_eq!(dt.datetime().hour(), 5);
    /// ```
    pub fn datetime(&self) -> civil::DateTime {
        self.datetime
    }

    /// The offset from UTC in seconds, positive east of Greenwich.
    ///
    /// ```
    /// let d = djula_filters::dates::DateValue::parse_datetime("2008-01-02T12:30:00+05:30").unwrap();
    /// assert_eq!(d.offset_seconds(), Some(19_800));
    /// ```
    pub fn offset_seconds(&self) -> i32 {
        self.offset_seconds
    }

    /// The zone's name as Python's `tzname()` gives it: `UTC` for
    /// `timezone.utc`, `+HHMM` for Django's fixed-offset zones.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::new(date(2000, 1, 1).at(0, 0, 0, 0), 19_800).unwrap();
    /// assert_eq!(dt.tz_name(), "+0530");
    /// ```
    pub fn tz_name(&self) -> String {
        if self.utc {
            return "UTC".to_owned();
        }
        let minutes = self.offset_seconds / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        let m = minutes.unsigned_abs();
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    }

    /// The instant this datetime names.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::new(date(1970, 1, 1).at(1, 0, 0, 0), 3600).unwrap();
    /// assert_eq!(dt.timestamp().unwrap().as_second(), 0);
    /// ```
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        let offset = jiff::tz::Offset::from_seconds(self.offset_seconds).ok()?;
        offset.to_timestamp(self.datetime).ok()
    }
}

impl fmt::Display for AwareDateTime {
    /// Python's `str(datetime)`: `2008-01-02 12:30:00+05:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_datetime(f, self.datetime, ' ')?;
        write_offset(f, self.offset_seconds, true)
    }
}

/// A date, time or datetime value, in the shapes Python has: `date`, naive
/// `datetime`, aware `datetime` (fixed offset) and naive `time`. Precision is
/// Python's: microseconds.
///
/// ```
/// use djula_filters::dates::DateValue;
///
/// assert_eq!(DateValue::parse_date("2008-01-02").unwrap().to_string(), "2008-01-02");
/// assert_eq!(DateValue::parse_datetime("2008-01-02T12:30:00").unwrap().to_string(),
///            "2008-01-02 12:30:00");
/// assert_eq!(DateValue::parse_datetime("2008-01-02T12:30:00Z").unwrap().to_string(),
///            "2008-01-02 12:30:00+00:00");
/// assert_eq!(DateValue::parse_time("12:30:00").unwrap().to_string(), "12:30:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// Python's `datetime.date`.
    Date(civil::Date),
    /// A naive `datetime.datetime` (no time zone).
    DateTime(civil::DateTime),
    /// An aware `datetime.datetime` with a fixed UTC offset.
    Aware(AwareDateTime),
    /// A naive `datetime.time`.
    Time(civil::Time),
}

impl DateValue {
    /// Parses an ISO date as `date.fromisoformat` does (`2008-01-02`).
    ///
    /// ```
    /// assert!(djula_filters::dates::DateValue::parse_date("2008-02-30").is_none());
    /// ```
    pub fn parse_date(text: &str) -> Option<DateValue> {
        text.trim().parse::<civil::Date>().ok().map(DateValue::Date)
    }

    /// Parses an ISO datetime as `datetime.fromisoformat` does: naive
    /// (`2008-01-02T12:30:00`), with an offset (`…+05:30`, giving a zone
    /// named `+0530`) or with `Z` (UTC).
    ///
    /// ```
    /// use djula_filters::dates::DateValue;
    /// let d = DateValue::parse_datetime("2008-01-02 12:30:00.5-06:00").unwrap();
    /// assert_eq!(d.to_string(), "2008-01-02 12:30:00.500000-06:00");
    /// ```
    pub fn parse_datetime(text: &str) -> Option<DateValue> {
        let text = text.trim();
        if let Some(local) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
            let dt = parse_naive_datetime(local)?;
            return Some(DateValue::Aware(AwareDateTime::utc(dt)));
        }
        // The offset, if any, follows the time part, after the date/time
        // separator (a `-` before it belongs to the date).
        let time_start = text
            .char_indices()
            .skip(8)
            .find(|&(_, c)| c == 'T' || c == 't' || c == ' ')
            .map(|(i, _)| i);
        let Some(time_start) = time_start else {
            return parse_naive_datetime(text).map(DateValue::DateTime);
        };
        let rest = text.get(time_start..)?;
        match rest.find(['+', '-']) {
            None => parse_naive_datetime(text).map(DateValue::DateTime),
            Some(at) => {
                let split = time_start.checked_add(at)?;
                let local = parse_naive_datetime(text.get(..split)?)?;
                let offset = parse_offset(text.get(split..)?)?;
                AwareDateTime::new(local, offset).map(DateValue::Aware)
            }
        }
    }

    /// Parses an ISO time as `time.fromisoformat` does (`12:30:00`,
    /// `12:30`, `12:30:00.000123`).
    ///
    /// ```
    /// assert_eq!(djula_filters::dates::DateValue::parse_time("07:05").unwrap().to_string(), "07:05:00");
    /// ```
    pub fn parse_time(text: &str) -> Option<DateValue> {
        let t = text.trim().parse::<civil::Time>().ok()?;
        Some(DateValue::Time(truncate_time_micros(t)))
    }

    /// The date part, if the value has one.
    ///
    /// ```
    /// let d = djula_filters::dates::DateValue::parse_datetime("2008-01-02T12:30:00").unwrap();
    /// assert_eq!(d.date().unwrap().day(), 2);
    /// ```
    pub fn date(&self) -> Option<civil::Date> {
        match self {
            DateValue::Date(d) => Some(*d),
            DateValue::DateTime(dt) => Some(dt.date()),
            DateValue::Aware(a) => Some(a.datetime.date()),
            DateValue::Time(_) => None,
        }
    }

    /// The time part, if the value has one (a `date` has none).
    ///
    /// ```
    /// let t = djula_filters::dates::DateValue::parse_time("12:30:00").unwrap();
    /// assert_eq!(t.time().unwrap().minute(), 30);
    /// ```
    pub fn time(&self) -> Option<civil::Time> {
        match self {
            DateValue::Date(_) => None,
            DateValue::DateTime(dt) => Some(dt.time()),
            DateValue::Aware(a) => Some(a.datetime.time()),
            DateValue::Time(t) => Some(*t),
        }
    }

    /// The UTC offset in seconds of an aware datetime; `None` otherwise.
    ///
    /// ```
    /// let d = djula_filters::dates::DateValue::parse_date("2008-01-02").unwrap();
    /// assert_eq!(d.offset_seconds(), None);
    /// ```
    pub fn offset_seconds(&self) -> Option<i32> {
        match self {
            DateValue::Aware(a) => Some(a.offset_seconds),
            _ => None,
        }
    }

    /// "Now" as Django computes it with `USE_TZ = False`: the naive local
    /// datetime in `time_zone` (an IANA name such as `America/Chicago`).
    /// `None` if the zone is unknown.
    ///
    /// ```
    /// use djula_filters::dates::{DateValue, DEFAULT_TIME_ZONE};
    /// assert!(matches!(DateValue::now_in(DEFAULT_TIME_ZONE), Some(DateValue::DateTime(_))));
    /// assert!(DateValue::now_in("Nowhere/Special").is_none());
    /// ```
    pub fn now_in(time_zone: &str) -> Option<DateValue> {
        let tz = TimeZone::get(time_zone).ok()?;
        Some(DateValue::DateTime(truncate_micros(
            tz.to_datetime(jiff::Timestamp::now()),
        )))
    }
}

impl From<civil::Date> for DateValue {
    fn from(d: civil::Date) -> Self {
        DateValue::Date(d)
    }
}

impl From<civil::DateTime> for DateValue {
    fn from(dt: civil::DateTime) -> Self {
        DateValue::DateTime(truncate_micros(dt))
    }
}

impl From<civil::Time> for DateValue {
    fn from(t: civil::Time) -> Self {
        DateValue::Time(truncate_time_micros(t))
    }
}

impl From<AwareDateTime> for DateValue {
    fn from(a: AwareDateTime) -> Self {
        DateValue::Aware(a)
    }
}

impl fmt::Display for DateValue {
    /// What Python's `str()` prints for the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Date(d) => write_date(f, *d),
            DateValue::DateTime(dt) => write_datetime(f, *dt, ' '),
            DateValue::Aware(a) => a.fmt(f),
            DateValue::Time(t) => write_time(f, *t),
        }
    }
}

fn parse_naive_datetime(text: &str) -> Option<civil::DateTime> {
    text.parse::<civil::DateTime>().ok().map(truncate_micros)
}

/// `+05:30`, `-0600`, `+05`, `+05:30:15` → seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    let mut chars = text.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = chars.filter(|&c| c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let field = |range: std::ops::Range<usize>| -> Option<i32> {
        match digits.get(range) {
            Some("") | None => Some(0),
            Some(s) => s.parse().ok(),
        }
    };
    if !matches!(digits.len(), 2 | 4 | 6) {
        return None;
    }
    let (h, m, s) = (field(0..2)?, field(2..4)?, field(4..6)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

fn truncate_micros(dt: civil::DateTime) -> civil::DateTime {
    dt.date().to_datetime(truncate_time_micros(dt.time()))
}

fn truncate_time_micros(t: civil::Time) -> civil::Time {
    let nanos = t.subsec_nanosecond();
    let micros_only = nanos - nanos % 1000;
    t.with().subsec_nanosecond(micros_only).build().unwrap_or(t)
}

fn write_date(f: &mut fmt::Formatter<'_>, d: civil::Date) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn write_time(f: &mut fmt::Formatter<'_>, t: civil::Time) -> fmt::Result {
    write!(f, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
    let micros = t.subsec_nanosecond() / 1000;
    if micros != 0 {
        write!(f, ".{micros:06}")?;
    }
    Ok(())
}

fn write_datetime(f: &mut fmt::Formatter<'_>, dt: civil::DateTime, sep: char) -> fmt::Result {
    write_date(f, dt.date())?;
    write!(f, "{sep}")?;
    write_time(f, dt.time())
}

fn write_offset<W: fmt::Write>(f: &mut W, seconds: i32, colon: bool) -> fmt::Result {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let sep = if colon { ":" } else { "" };
    write!(f, "{sign}{:02}{sep}{:02}", s / 3600, (s / 60) % 60)?;
    if !s.is_multiple_of(60) {
        write!(f, "{sep}{:02}", s % 60)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_str() {
        let cases = [
            ("2008-01-02T12:30:00", "2008-01-02 12:30:00"),
            ("2008-01-02T12:30:00+05:30", "2008-01-02 12:30:00+05:30"),
            ("2008-01-02T12:30:00Z", "2008-01-02 12:30:00+00:00"),
            ("2008-01-02T12:30:00-0600", "2008-01-02 12:30:00-06:00"),
            ("2008-01-02T12:30:00.000123", "2008-01-02 12:30:00.000123"),
            ("2008-01-02", "2008-01-02 00:00:00"),
        ];
        for (input, want) in cases {
            let got = DateValue::parse_datetime(input).map(|d| d.to_string());
            assert_eq!(got.as_deref(), Some(want), "{input}");
        }
        assert!(DateValue::parse_datetime("garbage").is_none());
        assert!(DateValue::parse_datetime("2008-01-02T12:30:00+25:00").is_none());
        assert_eq!(
            DateValue::parse_time("12:30:00.000001")
                .unwrap()
                .to_string(),
            "12:30:00.000001"
        );
    }

    #[test]
    fn tz_names() {
        let d = DateValue::parse_datetime("2008-01-02T12:30:00-05:45").unwrap();
        let DateValue::Aware(a) = d else {
            panic!("aware")
        };
        assert_eq!(a.tz_name(), "-0545");
    }
}
