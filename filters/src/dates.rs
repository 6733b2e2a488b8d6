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
use std::sync::Arc;

pub use crate::dateformat::{
    date, date_in, date_into, date_into_parsed, date_of_other, format, format_in, time, time_in,
    time_of_other, DateFormat,
};
pub use crate::timesince::{
    now_for, timesince, timesince_in, timesince_words, timeuntil, timeuntil_in, TimeWords,
};
pub use jiff;
use jiff::civil;
use jiff::tz::{AmbiguousOffset, TimeZone};

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

/// A datetime's time zone, as Python's `tzinfo`: `datetime.UTC`, Django's
/// fixed-offset zones (`get_fixed_timezone(minutes)`, named `+HHMM`) or an
/// IANA zone (`zoneinfo.ZoneInfo("Europe/Paris")`).
///
/// ```
/// use djula_filters::dates::TzInfo;
/// assert_eq!(TzInfo::Fixed(-3600).to_string(), "-0100");
/// assert_eq!(TzInfo::Utc.to_string(), "UTC");
/// assert_eq!(TzInfo::named("Europe/Paris").unwrap().to_string(), "Europe/Paris");
/// assert!(TzInfo::named("Nowhere/Special").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TzInfo {
    /// Python's `datetime.UTC` (`timezone.utc`).
    Utc,
    /// A fixed offset, in seconds east of UTC (less than a day either way),
    /// named like Django's fixed zones (`+0530`).
    Fixed(i32),
    /// An IANA zone of the time-zone database.
    Zone(TimeZone),
}

impl std::hash::Hash for TzInfo {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            TzInfo::Utc => 0u8.hash(state),
            TzInfo::Fixed(s) => (1u8, s).hash(state),
            TzInfo::Zone(tz) => (2u8, tz.iana_name()).hash(state),
        }
    }
}

impl TzInfo {
    /// The IANA zone `name`, as `zoneinfo.ZoneInfo(name)`; `None` when the
    /// database has no such zone.
    ///
    /// ```
    /// assert!(djula_filters::dates::TzInfo::named("America/Chicago").is_some());
    /// ```
    pub fn named(name: &str) -> Option<TzInfo> {
        if TzInfo::key_error(name).is_some() {
            return None;
        }
        TimeZone::get(name).ok().map(TzInfo::Zone)
    }

    /// Why `zoneinfo.ZoneInfo(name)` rejects `name` before looking for it
    /// (its `ValueError`, not the `ZoneInfoNotFoundError` of an unknown
    /// zone): keys are normalized relative paths inside the database.
    ///
    /// ```
    /// use djula_filters::dates::TzInfo;
    /// assert!(TzInfo::key_error("").is_some());
    /// assert!(TzInfo::key_error("Europe//Paris").is_some());
    /// assert!(TzInfo::key_error("../etc").is_some());
    /// assert!(TzInfo::key_error("No/Such_Zone").is_none());
    /// ```
    pub fn key_error(name: &str) -> Option<String> {
        if name.starts_with('/') {
            return Some(format!(
                "ZoneInfo keys may not be absolute paths, got: {name}"
            ));
        }
        // os.path.normpath
        let mut parts: Vec<&str> = Vec::new();
        for part in name.split('/') {
            match part {
                "" | "." => {}
                ".." if parts.last().is_some_and(|p| *p != "..") => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        let normalized = if parts.is_empty() {
            ".".to_owned()
        } else {
            parts.join("/")
        };
        if normalized.len() != name.len() {
            return Some(format!(
                "ZoneInfo keys must be normalized relative paths, got: {name}"
            ));
        }
        if parts.first() == Some(&"..") {
            return Some(format!(
                "ZoneInfo keys must refer to subdirectories of TZPATH, got: {name}"
            ));
        }
        None
    }

    /// The offset from UTC, in seconds, at `instant`.
    ///
    /// ```
    /// use djula_filters::dates::TzInfo;
    /// assert_eq!(TzInfo::Fixed(7200).offset_at(djula_filters::dates::jiff::Timestamp::UNIX_EPOCH), 7200);
    /// ```
    pub fn offset_at(&self, instant: jiff::Timestamp) -> i32 {
        match self {
            TzInfo::Utc => 0,
            TzInfo::Fixed(s) => *s,
            TzInfo::Zone(tz) => tz.to_offset(instant).seconds(),
        }
    }

    /// Python's `tz.tzname(None) or str(tz)`, Django's
    /// `_get_timezone_name`: what `{% get_current_timezone %}` gives.
    ///
    /// ```
    /// assert_eq!(djula_filters::dates::TzInfo::Fixed(25_200).name(), "+0700");
    /// ```
    pub fn name(&self) -> String {
        self.to_string()
    }

    /// Python's `repr(tz)`.
    ///
    /// ```
    /// use djula_filters::dates::TzInfo;
    /// assert_eq!(TzInfo::Utc.repr(), "datetime.timezone.utc");
    /// assert_eq!(TzInfo::Fixed(7200).repr(), "datetime.timezone(datetime.timedelta(seconds=7200), '+0200')");
    /// assert_eq!(TzInfo::named("Europe/Paris").unwrap().repr(), "zoneinfo.ZoneInfo(key='Europe/Paris')");
    /// ```
    pub fn repr(&self) -> String {
        match self {
            TzInfo::Utc => "datetime.timezone.utc".to_owned(),
            TzInfo::Fixed(s) => {
                let delta = if *s < 0 {
                    let days = s.div_euclid(86_400);
                    let secs = s.rem_euclid(86_400);
                    if secs == 0 {
                        format!("days={days}")
                    } else {
                        format!("days={days}, seconds={secs}")
                    }
                } else if *s == 0 {
                    "0".to_owned()
                } else {
                    format!("seconds={s}")
                };
                format!("datetime.timezone(datetime.timedelta({delta}), '{self}')")
            }
            TzInfo::Zone(_) => format!("zoneinfo.ZoneInfo(key='{self}')"),
        }
    }
}

impl fmt::Display for TzInfo {
    /// Python's `str(tz)`: `UTC`, `+0530`, `Europe/Paris`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TzInfo::Utc => f.write_str("UTC"),
            TzInfo::Fixed(s) => {
                let minutes = s / 60;
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                write!(f, "{sign}{:02}{:02}", m / 60, m % 60)
            }
            TzInfo::Zone(tz) => f.write_str(tz.iana_name().unwrap_or("UTC")),
        }
    }
}

/// An aware datetime: Python's `datetime` with a `tzinfo` ([`TzInfo`]):
/// `timezone.utc`, Django's `get_fixed_timezone(minutes)` or an IANA zone.
///
/// ```
/// use djula_filters::dates::AwareDateTime;
/// use djula_filters::dates::jiff::civil::date;
///
/// let dt = AwareDateTime::new(date(2008, 1, 2).at(12, 30, 0, 0), -3600).unwrap();
/// assert_eq!(dt.to_string(), "2008-01-02 12:30:00-01:00");
/// assert_eq!(dt.tz_name(), "-0100");
/// ```
#[derive(Clone, Debug)]
pub struct AwareDateTime {
    datetime: civil::DateTime,
    offset_seconds: i32,
    tz: TzInfo,
    /// Django's `convert_to_local_time`: `false` on what the `tz` filters
    /// return, so that printing it does not convert it again.
    convert_to_local_time: bool,
}

impl PartialEq for AwareDateTime {
    fn eq(&self, other: &Self) -> bool {
        self.datetime == other.datetime
            && self.offset_seconds == other.offset_seconds
            && self.tz == other.tz
    }
}

impl Eq for AwareDateTime {}

impl std::hash::Hash for AwareDateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.datetime, self.offset_seconds, &self.tz).hash(state);
    }
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
            tz: TzInfo::Fixed(offset_seconds),
            convert_to_local_time: true,
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
            tz: TzInfo::Utc,
            convert_to_local_time: true,
        }
    }

    /// Django's `make_aware(naive, tz)`: `naive.replace(tzinfo=tz)`, the
    /// wall time kept. A wall time a zone skips or repeats takes the offset
    /// before the transition, as Python's `fold=0` does.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let paris = TzInfo::named("Europe/Paris").unwrap();
    /// let dt = AwareDateTime::make_aware(date(2011, 9, 1).at(12, 0, 0, 0), &paris).unwrap();
    /// assert_eq!(dt.to_string(), "2011-09-01 12:00:00+02:00");
    /// assert_eq!(dt.tz_name(), "CEST");
    /// ```
    pub fn make_aware(naive: civil::DateTime, tz: &TzInfo) -> Option<Self> {
        let naive = truncate_micros(naive);
        let offset_seconds = match tz {
            TzInfo::Utc => 0,
            TzInfo::Fixed(s) => *s,
            TzInfo::Zone(zone) => match zone.to_ambiguous_timestamp(naive).offset() {
                AmbiguousOffset::Unambiguous { offset } => offset.seconds(),
                AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => {
                    before.seconds()
                }
            },
        };
        Some(AwareDateTime {
            datetime: naive,
            offset_seconds,
            tz: tz.clone(),
            convert_to_local_time: true,
        })
    }

    /// Python's `astimezone(tz)`: the same instant, in `tz`.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let dt = AwareDateTime::new(date(2011, 9, 1).at(13, 20, 30, 0), 10_800).unwrap();
    /// assert_eq!(dt.astimezone(&TzInfo::Utc).unwrap().to_string(), "2011-09-01 10:20:30+00:00");
    /// ```
    pub fn astimezone(&self, tz: &TzInfo) -> Option<Self> {
        // Python returns the datetime itself when the zone is its own
        // (zoneinfo keeps one object per key): a wall time the zone skips
        // stays as it is.
        if *tz == self.tz {
            let mut same = self.clone();
            same.convert_to_local_time = true;
            return Some(same);
        }
        let instant = self.timestamp()?;
        let offset_seconds = tz.offset_at(instant);
        let offset = jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
        Some(AwareDateTime {
            datetime: offset.to_datetime(instant),
            offset_seconds,
            tz: tz.clone(),
            convert_to_local_time: true,
        })
    }

    /// The instant `instant` in `tz`.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::Timestamp};
    /// let dt = AwareDateTime::from_timestamp(Timestamp::UNIX_EPOCH, &TzInfo::Fixed(3600)).unwrap();
    /// assert_eq!(dt.to_string(), "1970-01-01 01:00:00+01:00");
    /// ```
    pub fn from_timestamp(instant: jiff::Timestamp, tz: &TzInfo) -> Option<Self> {
        let offset_seconds = tz.offset_at(instant);
        let offset = jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
        Some(AwareDateTime {
            datetime: truncate_micros(offset.to_datetime(instant)),
            offset_seconds,
            tz: tz.clone(),
            convert_to_local_time: true,
        })
    }

    /// Django's `convert_to_local_time` flag: `false` on the results of
    /// the `localtime`, `utc` and `timezone` filters, which templates then
    /// print as they are.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::utc(date(2000, 1, 1).at(0, 0, 0, 0));
    /// assert!(dt.converts_to_local_time());
    /// assert!(!dt.keep_local_time().converts_to_local_time());
    /// ```
    pub fn converts_to_local_time(&self) -> bool {
        self.convert_to_local_time
    }

    /// The same datetime with Django's `convert_to_local_time = False`.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::utc(date(2000, 1, 1).at(0, 0, 0, 0)).keep_local_time();
    /// assert_eq!(dt.to_string(), "2000-01-01 00:00:00+00:00");
    /// ```
    pub fn keep_local_time(mut self) -> Self {
        self.convert_to_local_time = false;
        self
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

    /// The time zone (Python's `tzinfo`).
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let dt = AwareDateTime::utc(date(2000, 1, 1).at(5, 0, 0, 0));
    /// assert_eq!(dt.tzinfo(), &TzInfo::Utc);
    /// ```
    pub fn tzinfo(&self) -> &TzInfo {
        &self.tz
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
    /// `timezone.utc`, `+HHMM` for Django's fixed-offset zones, the
    /// abbreviation in force (`CEST`) for IANA zones.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, jiff::civil::date};
    /// let dt = AwareDateTime::new(date(2000, 1, 1).at(0, 0, 0, 0), 19_800).unwrap();
    /// assert_eq!(dt.tz_name(), "+0530");
    /// ```
    pub fn tz_name(&self) -> String {
        match &self.tz {
            TzInfo::Zone(zone) => match self.timestamp() {
                Some(ts) => zone.to_offset_info(ts).abbreviation().to_owned(),
                None => String::new(),
            },
            other => other.to_string(),
        }
    }

    /// Python's `dst()` is non-zero: only IANA zones in daylight saving
    /// time.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let paris = TzInfo::named("Europe/Paris").unwrap();
    /// assert!(AwareDateTime::make_aware(date(2011, 7, 1).at(0, 0, 0, 0), &paris).unwrap().is_dst());
    /// assert!(!AwareDateTime::make_aware(date(2011, 1, 1).at(0, 0, 0, 0), &paris).unwrap().is_dst());
    /// ```
    pub fn is_dst(&self) -> bool {
        match (&self.tz, self.timestamp()) {
            (TzInfo::Zone(zone), Some(ts)) => zone.to_offset_info(ts).dst().is_dst(),
            _ => false,
        }
    }

    /// Python's `dst()` in seconds: `None` for fixed zones (which have no
    /// notion of it), the daylight saving shift for IANA zones.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let paris = TzInfo::named("Europe/Paris").unwrap();
    /// let summer = AwareDateTime::make_aware(date(2011, 7, 1).at(0, 0, 0, 0), &paris).unwrap();
    /// assert_eq!(summer.dst_seconds(), Some(3600));
    /// assert_eq!(AwareDateTime::utc(date(2011, 7, 1).at(0, 0, 0, 0)).dst_seconds(), None);
    /// ```
    pub fn dst_seconds(&self) -> Option<i32> {
        let TzInfo::Zone(zone) = &self.tz else {
            return None;
        };
        if !self.is_dst() {
            return Some(0);
        }
        // zoneinfo's dst(): the offset less the standard offset nearest
        // before (the last transition into standard time).
        let ts = self.timestamp()?;
        let standard = zone
            .preceding(ts)
            .map(|t| (t.offset(), t.dst()))
            .find(|(_, dst)| !dst.is_dst())
            .map(|(o, _)| o.seconds())?;
        Some(self.offset_seconds - standard)
    }

    /// Whether the wall time is one the zone skips or repeats (Django's
    /// `_datetime_ambiguous_or_imaginary`): the format characters that
    /// describe the zone then print nothing. Never for fixed zones.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, TzInfo, jiff::civil::date};
    /// let chicago = TzInfo::named("America/Chicago").unwrap();
    /// let dt = AwareDateTime::make_aware(date(2011, 11, 6).at(1, 30, 0, 0), &chicago).unwrap();
    /// assert!(dt.is_ambiguous_or_imaginary());
    /// ```
    pub fn is_ambiguous_or_imaginary(&self) -> bool {
        match &self.tz {
            TzInfo::Zone(zone) => !matches!(
                zone.to_ambiguous_timestamp(self.datetime).offset(),
                AmbiguousOffset::Unambiguous { .. }
            ),
            _ => false,
        }
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// Python's `datetime.date`.
    Date(civil::Date),
    /// A naive `datetime.datetime` (no time zone).
    DateTime(civil::DateTime),
    /// An aware `datetime.datetime`, behind an `Arc` so that a
    /// `DateValue` stays 16 bytes (two words: the naive kinds inline, and
    /// a template value holds a date without an allocation of its own).
    Aware(Arc<AwareDateTime>),
    /// A naive `datetime.time`.
    Time(civil::Time),
}

impl DateValue {
    /// An aware datetime as a value.
    ///
    /// ```
    /// use djula_filters::dates::{AwareDateTime, DateValue};
    /// let utc = AwareDateTime::utc(djula_filters::dates::jiff::civil::datetime(2008, 1, 2, 12, 30, 0, 0));
    /// assert_eq!(DateValue::aware(utc).to_string(), "2008-01-02 12:30:00+00:00");
    /// ```
    pub fn aware(value: AwareDateTime) -> DateValue {
        DateValue::Aware(Arc::new(value))
    }

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
        if let Some(dt) = canonical_datetime(text) {
            return Some(DateValue::DateTime(dt));
        }
        let text = text.trim();
        if let Some(local) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
            let dt = parse_naive_datetime(local)?;
            return Some(DateValue::aware(AwareDateTime::utc(dt)));
        }
        // The offset, if any, follows the time part, after the date/time
        // separator (a `-` before it belongs to the date).
        // Searched by bytes: the separators are ASCII, and when the first
        // eight bytes are ASCII they are the eight characters skipped.
        let is_separator = |b: u8| matches!(b, b'T' | b't' | b' ');
        let bytes = text.as_bytes();
        let time_start = if bytes.get(..8).is_some_and(<[u8]>::is_ascii) {
            bytes
                .iter()
                .skip(8)
                .position(|&b| is_separator(b))
                .map(|i| i + 8)
        } else {
            text.char_indices()
                .skip(8)
                .find(|&(_, c)| c.is_ascii() && is_separator(c as u8))
                .map(|(i, _)| i)
        };
        let Some(time_start) = time_start else {
            return parse_naive_datetime(text).map(DateValue::DateTime);
        };
        let rest = text.get(time_start..)?;
        match rest.bytes().position(|b| b == b'+' || b == b'-') {
            None => parse_naive_datetime(text).map(DateValue::DateTime),
            Some(at) => {
                let split = time_start.checked_add(at)?;
                let local = parse_naive_datetime(text.get(..split)?)?;
                let offset = parse_offset(text.get(split..)?)?;
                AwareDateTime::new(local, offset).map(DateValue::aware)
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
        DateValue::aware(a)
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
    canonical_datetime(text).or_else(|| text.parse::<civil::DateTime>().ok().map(truncate_micros))
}

/// The usual form of a serialized datetime, `YYYY-MM-DDTHH:MM:SS` or
/// `YYYY-MM-DDTHH:MM`, read without the general parser (a context holds
/// many). `None` for anything else, which the general parser reads; on the
/// text it takes, the result is the general parser's (a unit test checks).
fn canonical_datetime(text: &str) -> Option<civil::DateTime> {
    // `YYYY-MM-DDTHH:MM:SS`, or without `:SS` (padded with `:00`), read as
    // three overlapping words (bytes 0..8, 8..16 and 11..19), each xored
    // with its pattern: a digit becomes its value (0..=9 exactly when it
    // is a digit), a separator zero.
    let mut b = *b"0000-00-00T00:00:00";
    match text.len() {
        19 => b.copy_from_slice(text.as_bytes()),
        16 => b.get_mut(..16)?.copy_from_slice(text.as_bytes()),
        _ => return None,
    }
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, the largest value allowed: 9 for a digit, 0 for a separator.
    const LIMITS: [u64; 3] = [
        u64::from_le_bytes([9, 9, 9, 9, 0, 9, 9, 0]),
        u64::from_le_bytes([9, 9, 0, 9, 9, 0, 9, 9]),
        u64::from_le_bytes([9, 9, 0, 9, 9, 0, 9, 9]),
    ];
    let patterns = [
        u64::from_le_bytes(*b"0000-00-"),
        u64::from_le_bytes(*b"00T00:00"),
        u64::from_le_bytes(*b"00:00:00"),
    ];
    let mut values = [0u64; 3];
    for (k, at) in [0, 8, 11].into_iter().enumerate() {
        let w = word(at)?;
        let d = w ^ patterns.get(k)?;
        let limit = LIMITS.get(k)?;
        // ASCII, and each byte at most its limit: `(limit | 0x80) - d`
        // keeps every high bit (no byte borrows, as each d < 0x80).
        if w & HIGH != 0 || ((limit | HIGH) - d) & HIGH != HIGH {
            return None;
        }
        if let Some(slot) = values.get_mut(k) {
            *slot = d;
        }
    }
    let [date, time, seconds] = values;
    let digit = |w: u64, i: u32| ((w >> (8 * i)) & 0xff) as i16;
    let two = |w: u64, i: u32| (digit(w, i) * 10 + digit(w, i + 1)) as i8;
    let second = two(seconds, 6);
    if second > 59 {
        return None;
    }
    let year = digit(date, 0) * 1000 + digit(date, 1) * 100 + i16::from(two(date, 2));
    civil::DateTime::new(
        year,
        two(date, 5),
        two(time, 0),
        two(time, 3),
        two(time, 6),
        second,
        0,
    )
    .ok()
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
    if nanos % 1000 == 0 {
        // Whole microseconds (the common case, whole seconds): as it is,
        // without jiff's checked builder.
        return t;
    }
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
    fn the_canonical_datetime_reads_as_the_general_parser() {
        let general = |t: &str| t.parse::<civil::DateTime>().ok().map(truncate_micros);
        let taken = [
            "2024-03-05T14:07:00",
            "2024-03-05T14:07",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-02-29T12:00:00",
        ];
        for text in taken {
            assert!(canonical_datetime(text).is_some(), "{text}");
            assert_eq!(canonical_datetime(text), general(text), "{text}");
        }
        // Left to the general parser: invalid dates and times, other
        // shapes (a space, a fraction, a zone, a lower-case `t`).
        for text in [
            "2023-02-29T12:00:00",
            "2024-13-01T00:00:00",
            "2024-01-01T24:00:00",
            "2024-01-01T23:60:00",
            "2024-01-01T23:59:60",
            "2024-01-01 10:00:00",
            "2024-01-01t10:00:00",
            "2024-01-01T10:00:00.5",
            "2024-01-01T10:00:00Z",
            "2024-01-01T10:00+01",
            "+2024-01-01T10:00",
            "2024-1-01T10:00:00",
            "２０２４-01-01T10:00",
            "2024-01-01T10:00:5a",
            "2024-01-01T10:0:00",
            "2024-01/01T10:00:00",
            "2024-01-01T10:00:",
            "/024-01-01T10:00",
        ] {
            assert_eq!(canonical_datetime(text), None, "{text}");
        }
        // Every byte of a valid text replaced by every other byte: what the
        // shortcut takes, it reads as the general parser does.
        for base in ["2024-02-29T23:59:58", "1999-12-31T00:00"] {
            for at in 0..base.len() {
                for byte in 0..=255u8 {
                    let mut bytes = base.as_bytes().to_vec();
                    bytes[at] = byte;
                    let Ok(text) = std::str::from_utf8(&bytes) else {
                        continue;
                    };
                    if let Some(dt) = canonical_datetime(text) {
                        assert_eq!(Some(dt), general(text), "{text}");
                        assert!(text
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b"-T:".contains(&b)));
                    }
                }
            }
        }
        assert_eq!(
            parse_naive_datetime("2024-01-01T10:00:00.1234567"),
            general("2024-01-01T10:00:00.1234567")
        );
    }

    #[test]
    fn a_date_value_is_two_words() {
        // A template value holds it inline (djula's `Value` is 24 bytes).
        assert_eq!(std::mem::size_of::<DateValue>(), 16);
    }

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
