//! Django's `dateformat`: the `date` and `time` filters' format
//! characters over [`DateValue`]. Re-exported from [`crate::dates`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use std::fmt::Write as _;

use jiff::civil;
use jiff::tz::{AmbiguousOffset, TimeZone};

use crate::dates::DateValue;
use crate::error::FilterError;
use crate::l10n::{w, Lang};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The format characters Django's `TimeFormat` knows; the rest of
/// `aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ` are `DateFormat`'s.
const TIME_CHARS: AsciiSet = AsciiSet::of("aAefgGhHiOPsTuZ");
const FORMAT_CHARS: AsciiSet = AsciiSet::of("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ");

/// A set of ASCII characters as a bit mask: a membership test is a shift,
/// not a scan of the list (formats are read once per value printed).
#[derive(Clone, Copy)]
struct AsciiSet(u128);

impl AsciiSet {
    const fn of(chars: &str) -> AsciiSet {
        let mut mask = 0u128;
        let mut rest = chars.as_bytes();
        while let [first, tail @ ..] = rest {
            mask |= 1 << (*first & 0x7f);
            rest = tail;
        }
        AsciiSet(mask)
    }

    fn contains(self, c: char) -> bool {
        let code = u32::from(c);
        code < 128 && (self.0 >> code) & 1 == 1
    }
}

/// Why a format character could not be printed.
enum Miss {
    /// Python's `AttributeError`: the value lacks the field (a `time` has no
    /// day). The filters print `""`.
    Attribute,
    /// Python's `TypeError` (a time character applied to a `date`; `r` or
    /// `U` on a `time`). The `date` filter lets it through as an error.
    Type(String),
}

/// The time zone facts one value is formatted with (`TimeFormat.timezone`).
struct Zone {
    offset_seconds: i32,
    name: String,
    dst: bool,
}

/// The zone Django formats `value` in: its own for aware datetimes, the
/// default zone for naive datetimes (unless the local time is ambiguous or
/// skipped there), none for dates and times.
fn zone_of(value: &DateValue, default_tz: &TimeZone) -> Option<Zone> {
    match value {
        DateValue::Aware(a) => {
            if a.is_ambiguous_or_imaginary() {
                return None;
            }
            Some(Zone {
                offset_seconds: a.offset_seconds(),
                name: a.tz_name(),
                dst: a.is_dst(),
            })
        }
        DateValue::DateTime(dt) => {
            let amb = default_tz.to_ambiguous_timestamp(*dt);
            let AmbiguousOffset::Unambiguous { offset } = amb.offset() else {
                return None;
            };
            // Past the last instant jiff holds (9999-12-30 22:00 UTC) the
            // zone's name and DST flag are two days before's.
            let ts = amb.compatible().ok().or_else(|| {
                let earlier = dt.checked_sub(jiff::Span::new().days(2)).ok()?;
                default_tz.to_ambiguous_timestamp(earlier).compatible().ok()
            })?;
            let info = default_tz.to_offset_info(ts);
            Some(Zone {
                offset_seconds: offset.seconds(),
                name: info.abbreviation().to_owned(),
                dst: info.dst().is_dst(),
            })
        }
        DateValue::Date(_) | DateValue::Time(_) => None,
    }
}

struct Formatter<'a> {
    value: &'a DateValue,
    /// The value's zone facts, looked up on the first format character
    /// that needs them (most formats never do).
    zone: std::cell::OnceCell<Option<Zone>>,
    default_tz: &'a TimeZone,
    /// `DateFormat` (the `date` filter) or `TimeFormat` (the `time` filter).
    date_format: bool,
    /// The language of the names written.
    lang: Lang<'a>,
}

/// Writes an integer (no `fmt`: dates are printed in hot loops).
fn int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Writes `n` zero-padded to `width` digits, as `{:0width$}` does.
fn padded(out: &mut String, n: impl Into<i64>, width: usize) {
    let n = n.into();
    let mut digits = itoa::Buffer::new();
    let text = digits.format(n.unsigned_abs());
    if n < 0 {
        out.push('-');
    }
    let pad = width.saturating_sub(text.len() + usize::from(n < 0));
    out.extend(std::iter::repeat_n('0', pad));
    out.push_str(text);
}

fn two(out: &mut String, n: impl Into<i64>) {
    let n = n.into();
    match u8::try_from(n) {
        // Two pushes, not a two-byte copy: no call into `memcpy`.
        Ok(n @ 0..=99) => {
            out.push(char::from(b'0' + n / 10));
            out.push(char::from(b'0' + n % 10));
        }
        _ => padded(out, n, 2),
    }
}

fn offset_text(seconds: i32, colon: bool) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let sep = if colon { ":" } else { "" };
    let mut out = format!("{sign}{:02}{sep}{:02}", s / 3600, (s / 60) % 60);
    if !s.is_multiple_of(60) {
        let _ = write!(out, "{sep}{:02}", s % 60);
    }
    out
}

fn iso_time(t: civil::Time) -> String {
    let mut out = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    let micros = t.subsec_nanosecond() / 1000;
    if micros != 0 {
        let _ = write!(out, ".{micros:06}");
    }
    out
}

fn iso_date(d: civil::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

impl Formatter<'_> {
    fn zone(&self) -> &Option<Zone> {
        self.zone
            .get_or_init(|| zone_of(self.value, self.default_tz))
    }

    fn time(&self) -> Result<civil::Time, Miss> {
        self.value.time().ok_or(Miss::Attribute)
    }

    fn date(&self) -> Result<civil::Date, Miss> {
        self.value.date().ok_or(Miss::Attribute)
    }

    fn month_index(&self) -> Result<usize, Miss> {
        let m = self.date()?.month();
        usize::try_from(m - 1).map_err(|_| Miss::Attribute)
    }

    /// `12`-hour clock hour.
    fn hour12(&self) -> Result<i8, Miss> {
        let h = self.time()?.hour() % 12;
        Ok(if h == 0 { 12 } else { h })
    }

    fn char(&self, c: char, out: &mut String) -> Result<(), Miss> {
        if !self.date_format && !TIME_CHARS.contains(c) {
            return Err(Miss::Attribute);
        }
        if matches!(self.value, DateValue::Date(_)) && self.date_format && TIME_CHARS.contains(c) {
            return Err(Miss::Type(format!(
                "the format for date objects may not contain time-related format specifiers (found '{c}')"
            )));
        }
        self.write_char(c, out)
    }

    /// Writes format character `c` (its checks passed): the two-digit
    /// fields the common formats are made of here, inline, the rest in
    /// [`Formatter::write_other`].
    #[inline]
    fn write_char(&self, c: char, out: &mut String) -> Result<(), Miss> {
        match c {
            'd' => two(out, self.date()?.day()),
            'm' => two(out, self.date()?.month()),
            'H' => two(out, self.time()?.hour()),
            'i' => two(out, self.time()?.minute()),
            's' => two(out, self.time()?.second()),
            'Y' => match self.date()?.year() {
                // Four digits (every year but the first thousand): no padding.
                year @ 1000..=9999 => {
                    two(out, year / 100);
                    two(out, year % 100);
                }
                year => padded(out, year, 4),
            },
            _ => return self.write_other(c, out),
        }
        Ok(())
    }

    #[inline(never)]
    fn write_other(&self, c: char, out: &mut String) -> Result<(), Miss> {
        match c {
            'a' => out.push_str(self.lang.word(if self.time()?.hour() > 11 {
                w::PM
            } else {
                w::AM
            })),
            'A' => out.push_str(self.lang.word(if self.time()?.hour() > 11 {
                w::PM_UPPER
            } else {
                w::AM_UPPER
            })),
            'e' => {
                if let (Some(z), DateValue::Aware(_)) = (self.zone(), self.value) {
                    out.push_str(&z.name);
                }
            }
            'f' => {
                let t = self.time()?;
                let h = self.hour12()?;
                int(out, h);
                if t.minute() != 0 {
                    out.push(':');
                    two(out, t.minute());
                }
            }
            'g' => {
                int(out, self.hour12()?);
            }
            'G' => {
                int(out, self.time()?.hour());
            }
            'h' => two(out, self.hour12()?),
            'O' => {
                if let Some(z) = self.zone() {
                    out.push_str(
                        &offset_text(z.offset_seconds, false)
                            .chars()
                            .take(5)
                            .collect::<String>(),
                    );
                }
            }
            'P' => {
                let t = self.time()?;
                if t.minute() == 0 && t.hour() == 0 {
                    out.push_str(self.lang.word(w::MIDNIGHT));
                } else if t.minute() == 0 && t.hour() == 12 {
                    out.push_str(self.lang.word(w::NOON));
                } else {
                    self.char('f', out)?;
                    out.push(' ');
                    self.char('a', out)?;
                }
            }
            'T' => {
                if let Some(z) = self.zone() {
                    out.push_str(&z.name);
                }
            }
            'u' => {
                let _ = write!(out, "{:06}", self.time()?.subsec_nanosecond() / 1000);
            }
            'Z' => {
                if let Some(z) = self.zone() {
                    int(out, z.offset_seconds);
                }
            }
            'b' => out.push_str(self.lang.month_3(self.month_index()? + 1)),
            'c' => match self.value {
                DateValue::Date(d) => out.push_str(&iso_date(*d)),
                DateValue::DateTime(dt) => {
                    let _ = write!(out, "{}T{}", iso_date(dt.date()), iso_time(dt.time()));
                }
                DateValue::Aware(a) => {
                    let dt = a.datetime();
                    let _ = write!(
                        out,
                        "{}T{}{}",
                        iso_date(dt.date()),
                        iso_time(dt.time()),
                        offset_text(a.offset_seconds(), true)
                    );
                }
                DateValue::Time(t) => out.push_str(&iso_time(*t)),
            },
            'D' => out.push_str(self.lang.weekday_abbr(self.weekday()?)),
            'E' => out.push_str(self.lang.month_alt(self.month_index()? + 1)),
            'F' => out.push_str(self.lang.month_name(self.month_index()? + 1)),
            'I' => {
                if let Some(z) = self.zone() {
                    out.push(if z.dst { '1' } else { '0' });
                }
            }
            'j' => {
                int(out, self.date()?.day());
            }
            'l' => out.push_str(self.lang.weekday(self.weekday()?)),
            'L' => out.push_str(if self.date()?.in_leap_year() {
                "True"
            } else {
                "False"
            }),
            'M' => out.push_str(&self.lang.month_title(self.month_index()? + 1)),
            'n' => {
                int(out, self.date()?.month());
            }
            'N' => out.push_str(self.lang.month_ap(self.month_index()? + 1)),
            'o' => {
                int(out, self.date()?.iso_week_date().year());
            }
            'r' => out.push_str(&self.rfc5322()?),
            'S' => {
                let day = self.date()?.day();
                out.push_str(match day {
                    11..=13 => "th",
                    _ => match day % 10 {
                        1 => "st",
                        2 => "nd",
                        3 => "rd",
                        _ => "th",
                    },
                });
            }
            't' => {
                int(out, self.date()?.days_in_month());
            }
            'U' => {
                int(out, self.epoch_seconds()?);
            }
            'w' => {
                int(out, self.date()?.weekday().to_sunday_zero_offset());
            }
            'W' => {
                int(out, self.date()?.iso_week_date().week());
            }
            'y' => two(out, i64::from(self.date()?.year()).rem_euclid(100)),
            'z' => {
                int(out, self.date()?.day_of_year());
            }
            _ => {}
        }
        Ok(())
    }

    fn weekday(&self) -> Result<usize, Miss> {
        let w = self.date()?.weekday().to_monday_zero_offset();
        usize::try_from(w).map_err(|_| Miss::Attribute)
    }

    /// The instant as seconds since the epoch, and the offset, for `U` and
    /// `r`: naive values (and dates, at midnight) are local time in the
    /// default zone.
    fn instant(&self) -> Result<(i64, i32), Miss> {
        let dt = match self.value {
            DateValue::Aware(a) => {
                let ts = a.timestamp().ok_or(Miss::Attribute)?;
                return Ok((ts.as_second(), a.offset_seconds()));
            }
            DateValue::DateTime(dt) => *dt,
            DateValue::Date(d) => d.to_datetime(civil::Time::midnight()),
            DateValue::Time(_) => {
                return Err(Miss::Type(
                    "combine() argument 1 must be datetime.date, not datetime.time".to_owned(),
                ))
            }
        };
        // `replace(tzinfo=default)`: Python's `fold=0`, the offset before
        // a transition, also for a wall time the zone skips.
        let offset = match self.default_tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
        };
        // The wall time's seconds since the epoch, then the offset taken
        // off: also past the last instant jiff holds (9999-12-30 22:00 UTC).
        let wall = dt.duration_since(civil::date(1970, 1, 1).at(0, 0, 0, 0));
        Ok((
            wall.as_secs() - i64::from(offset.seconds()),
            offset.seconds(),
        ))
    }

    fn epoch_seconds(&self) -> Result<i64, Miss> {
        Ok(self.instant()?.0)
    }

    /// `email.utils.format_datetime`: `Thu, 21 Dec 2000 16:01:07 +0200`.
    fn rfc5322(&self) -> Result<String, Miss> {
        let (dt, offset) = match self.value {
            DateValue::Aware(a) => (a.datetime(), a.offset_seconds()),
            _ => {
                let (_, offset) = self.instant()?;
                let dt = match self.value {
                    DateValue::DateTime(dt) => *dt,
                    DateValue::Date(d) => d.to_datetime(civil::Time::midnight()),
                    _ => {
                        return Err(Miss::Type(
                            "combine() argument 1 must be datetime.date, not datetime.time"
                                .to_owned(),
                        ))
                    }
                };
                (dt, offset)
            }
        };
        let day = WEEKDAYS
            .get(usize::try_from(dt.weekday().to_monday_zero_offset()).unwrap_or(0))
            .and_then(|w| w.get(..3))
            .unwrap_or("");
        let month = MONTHS
            .get(usize::try_from(dt.month() - 1).unwrap_or(0))
            .and_then(|m| m.get(..3))
            .unwrap_or("");
        Ok(format!(
            "{day}, {:02} {month} {:04} {:02}:{:02}:{:02} {}",
            dt.day(),
            dt.year(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            offset_text(offset, false)
        ))
    }

    /// Writes `format` to `out`; on a miss, `out` may hold part of it.
    fn format(&self, format: &str, out: &mut String) -> Result<(), Miss> {
        for piece in RawPieces::of(format) {
            match piece {
                RawPiece::Literal(text) => unescape_into(out, text),
                RawPiece::Char(c) => self.char(c, out)?,
            }
        }
        Ok(())
    }

    /// [`Formatter::format`] of a format parsed before.
    fn format_parsed(&self, format: &DateFormat, out: &mut String) -> Result<(), Miss> {
        // `char`'s checks can fail only for a `date` value or the `time`
        // filter: elsewhere the characters are written unchecked.
        let checked = matches!(self.value, DateValue::Date(_)) || !self.date_format;
        for piece in &*format.pieces {
            match piece {
                // One ASCII character (`-`, `:`, ` `): a push, not a copy.
                Piece::Text(text) if text.len() == 1 => out.extend(text.chars()),
                Piece::Text(text) => out.push_str(text),
                Piece::Char(c) if checked => self.char(*c, out)?,
                Piece::Char(c) => self.write_char(*c, out)?,
            }
        }
        Ok(())
    }
}

/// One piece of a format string, as Django's `Formatter.format` splits it
/// (`re.split(r"(?<!\\)([aAbcd…])", formatstr)`).
enum RawPiece<'f> {
    /// Literal text, its backslash escapes still in it (never empty).
    Literal(&'f str),
    /// A format character.
    Char(char),
}

/// The pieces of a format string: a format character is one not right
/// after a backslash (the backslash itself may be escaped: Django's
/// look-behind reads the one character before, as this does).
struct RawPieces<'f> {
    format: &'f str,
    /// Where the literal text being read started.
    literal_from: usize,
    /// The next byte to read.
    at: usize,
    /// A format character found after the pending literal text.
    pending: Option<char>,
}

impl<'f> RawPieces<'f> {
    fn of(format: &'f str) -> Self {
        RawPieces {
            format,
            literal_from: 0,
            at: 0,
            pending: None,
        }
    }
}

impl<'f> Iterator for RawPieces<'f> {
    type Item = RawPiece<'f>;

    fn next(&mut self) -> Option<RawPiece<'f>> {
        if let Some(c) = self.pending.take() {
            return Some(RawPiece::Char(c));
        }
        // By bytes: format characters and `\\` are ASCII, which never
        // occurs inside a multi-byte character, so every position found is
        // a character boundary.
        let bytes = self.format.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            let after_backslash = self.at > 0 && bytes.get(self.at - 1) == Some(&b'\\');
            self.at += 1;
            let c = char::from(b);
            if b.is_ascii() && FORMAT_CHARS.contains(c) && !after_backslash {
                let literal = self.format.get(self.literal_from..self.at - 1);
                self.literal_from = self.at;
                match literal {
                    Some(text) if !text.is_empty() => {
                        self.pending = Some(c);
                        return Some(RawPiece::Literal(text));
                    }
                    _ => return Some(RawPiece::Char(c)),
                }
            }
        }
        let rest = self.format.get(self.literal_from..).unwrap_or_default();
        self.literal_from = self.format.len();
        (!rest.is_empty()).then_some(RawPiece::Literal(rest))
    }
}

/// A format string read once, for a template that formats many dates with
/// it (`{{ d|date:"Y-m-d H:i" }}`): its literal text unescaped and its
/// format characters in order. What [`date_into_parsed`] writes with it is
/// what [`date_into`] writes with the string.
///
/// ```
/// use djula_filters::dates::{date_into_parsed, DateFormat, DateValue, jiff::tz::TimeZone};
/// use djula_filters::l10n::Lang;
/// let format = DateFormat::parse(r"Y-m-d \a\t H:i").unwrap();
/// let d = DateValue::parse_datetime("2025-06-04T15:07:00").unwrap();
/// let mut out = String::new();
/// date_into_parsed(&mut out, &d, &format, &TimeZone::UTC, Lang::english()).unwrap();
/// assert_eq!(out, "2025-06-04 at 15:07");
/// // A named format is the language's, known only when a date is printed.
/// assert!(DateFormat::parse("SHORT_DATE_FORMAT").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFormat {
    pieces: Box<[Piece]>,
    uses_zone: bool,
    /// The format again, when it is made only of zero-padded numbers and
    /// short literal text (`Y-m-d H:i`): written into a stack buffer and
    /// appended at once, with no per-character push.
    numeric: Option<Box<[Numeric]>>,
}

/// A piece of a [`DateFormat::numeric`] format.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Numeric {
    /// `Y` (four digits; other years take the general path).
    Year,
    /// `m`, `d`, `H`, `i`, `s`: two digits.
    Two(Field),
    /// One ASCII character of literal text (`-`, `:`, ` `, `/`: most of
    /// them), held here so writing it reads nothing else.
    Byte(u8),
    /// Longer literal ASCII text: the format's piece at this place.
    Text(usize),
}

/// A two-digit field of a datetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// The longest text a [`Numeric`] format may write.
const NUMERIC_MAX: usize = 64;

impl Numeric {
    /// The numeric form of `pieces`, if they all have one and fit.
    fn of(pieces: &[Piece]) -> Option<Box<[Numeric]>> {
        let mut len = 0;
        let mut numeric = Vec::with_capacity(pieces.len());
        for (place, piece) in pieces.iter().enumerate() {
            let (n, width) = match piece {
                Piece::Char('Y') => (Numeric::Year, 4),
                Piece::Char('m') => (Numeric::Two(Field::Month), 2),
                Piece::Char('d') => (Numeric::Two(Field::Day), 2),
                Piece::Char('H') => (Numeric::Two(Field::Hour), 2),
                Piece::Char('i') => (Numeric::Two(Field::Minute), 2),
                Piece::Char('s') => (Numeric::Two(Field::Second), 2),
                Piece::Text(text) if text.len() == 1 && text.is_ascii() => {
                    (Numeric::Byte(text.as_bytes().first().copied()?), 1)
                }
                Piece::Text(text) if text.is_ascii() => (Numeric::Text(place), text.len()),
                _ => return None,
            };
            len += width;
            numeric.push(n);
        }
        (len <= NUMERIC_MAX).then(|| numeric.into_boxed_slice())
    }

    /// Writes `format` for a datetime; false (and nothing written) for a
    /// year outside `1000..=9999`.
    fn write(format: &DateFormat, date: civil::Date, time: civil::Time, out: &mut String) -> bool {
        let Some(pieces) = &format.numeric else {
            return false;
        };
        let mut buf = [0u8; NUMERIC_MAX];
        let mut len = 0;
        let mut put = |bytes: &[u8]| {
            // Never out of range: `Numeric::of` bounds the total length.
            if let Some(slot) = buf.get_mut(len..len + bytes.len()) {
                slot.copy_from_slice(bytes);
                len += bytes.len();
            }
        };
        let pair = |n: i8| {
            let n = n.unsigned_abs() % 100;
            [b'0' + n / 10, b'0' + n % 10]
        };
        for piece in pieces {
            match piece {
                Numeric::Year => match date.year() {
                    year @ 1000..=9999 => {
                        let (high, low) = ((year / 100) as i8, (year % 100) as i8);
                        put(&pair(high));
                        put(&pair(low));
                    }
                    _ => return false,
                },
                Numeric::Two(field) => put(&pair(match field {
                    Field::Month => date.month(),
                    Field::Day => date.day(),
                    Field::Hour => time.hour(),
                    Field::Minute => time.minute(),
                    Field::Second => time.second(),
                })),
                Numeric::Byte(b) => put(&[*b]),
                Numeric::Text(place) => {
                    if let Some(Piece::Text(text)) = format.pieces.get(*place) {
                        put(text.as_bytes());
                    }
                }
            }
        }
        // ASCII digits and ASCII text: valid UTF-8.
        match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        }
    }
}

/// The format characters that read the default time zone (naive values
/// are local time there): the zone's name, offset and DST flag, and the
/// instant (`U`, `r`).
const ZONE_CHARS: AsciiSet = AsciiSet::of("eOTZIUr");

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Literal text, unescaped.
    Text(Box<str>),
    Char(char),
}

impl DateFormat {
    /// Parses `format`; `None` for a name of a language's format
    /// (`DATE_FORMAT`, …), which [`date_into`] looks up when it prints.
    pub fn parse(format: &str) -> Option<DateFormat> {
        if Lang::english().format(format).is_some() {
            return None;
        }
        // At most one piece per byte: one allocation, not a growing vector.
        let mut pieces = Vec::with_capacity(format.len());
        pieces.extend(RawPieces::of(format).map(|piece| match piece {
            RawPiece::Literal(text) => {
                let mut unescaped = String::with_capacity(text.len());
                unescape_into(&mut unescaped, text);
                Piece::Text(unescaped.into_boxed_str())
            }
            RawPiece::Char(c) => Piece::Char(c),
        }));
        let pieces = pieces.into_boxed_slice();
        let uses_zone = pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Char(c) if ZONE_CHARS.contains(*c)));
        let numeric = Numeric::of(&pieces);
        Some(DateFormat {
            pieces,
            uses_zone,
            numeric,
        })
    }

    /// Whether printing a date with this format reads the default time
    /// zone (`e O T Z I U r`); when it does not, any zone gives the same
    /// text.
    ///
    /// ```
    /// use djula_filters::dates::DateFormat;
    /// assert!(!DateFormat::parse("Y-m-d H:i").unwrap().uses_zone());
    /// assert!(DateFormat::parse("H:i T").unwrap().uses_zone());
    /// ```
    pub fn uses_zone(&self) -> bool {
        self.uses_zone
    }
}

/// `re.sub(r"\\(.)", r"\1", piece)`.
fn unescape_into(out: &mut String, piece: &str) {
    let mut chars = piece.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&n) if n != '\n' => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
}

/// The language's named formats (`DATE_FORMAT`, … and the separators),
/// as `get_format` resolves them; any other text is a format string itself.
fn resolve_format<'f>(name: &'f str, lang: &Lang<'_>) -> &'f str {
    lang.format(name).unwrap_or(name)
}

fn run(
    value: &DateValue,
    format: &str,
    default_tz: &TimeZone,
    date_format: bool,
    lang: Lang<'_>,
) -> Result<String, Miss> {
    let mut out = String::with_capacity(format.len() * 2);
    run_into(&mut out, value, format, default_tz, date_format, lang)?;
    Ok(out)
}

/// [`run`] appending to `out`; on a miss, `out` is as it was.
fn run_into(
    out: &mut String,
    value: &DateValue,
    format: &str,
    default_tz: &TimeZone,
    date_format: bool,
    lang: Lang<'_>,
) -> Result<(), Miss> {
    run_with(out, value, default_tz, date_format, lang, |f, out| {
        f.format(format, out)
    })
}

/// Runs `write` with a formatter of `value`; on a miss, `out` is as it
/// was.
fn run_with(
    out: &mut String,
    value: &DateValue,
    default_tz: &TimeZone,
    date_format: bool,
    lang: Lang<'_>,
    write: impl FnOnce(&Formatter<'_>, &mut String) -> Result<(), Miss>,
) -> Result<(), Miss> {
    let f = Formatter {
        value,
        zone: std::cell::OnceCell::new(),
        default_tz,
        date_format,
        lang,
    };
    let start = out.len();
    let result = write(&f, out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Django's `dateformat.format(value, format_string)`: every format
/// character of PHP-style date formats, with English names. Naive
/// datetimes take their zone facts (`e O T Z I U r`) from `default_tz`
/// (Django's `TIME_ZONE`). A `date` with a time character is an error, as
/// in Django; a field the value lacks (a `time`'s day) gives `""`.
///
/// ```
/// use djula_filters::dates::{format, DateValue};
/// use djula_filters::dates::jiff::tz::TimeZone;
/// let d = DateValue::parse_datetime("2008-01-02T15:04:05").unwrap();
/// let tz = TimeZone::get("America/Chicago").unwrap();
/// assert_eq!(format(&d, r"l jS \o\f F Y h:i:s A T", &tz).unwrap(),
///            "Wednesday 2nd of January 2008 03:04:05 PM CST");
/// ```
pub fn format(
    value: &DateValue,
    format: &str,
    default_tz: &TimeZone,
) -> Result<String, FilterError> {
    format_in(value, format, default_tz, Lang::english())
}

/// [`format()`] in a language: the names (`F l D M b E N a A P`) are its
/// words, as Django's `dateformat.format` writes them under
/// `translation.override(language)`.
///
/// ```
/// use djula_filters::dates::{format_in, DateValue};
/// use djula_filters::l10n::Lang;
/// let d = DateValue::parse_datetime("2025-06-04T15:07:00").unwrap();
/// let tz = djula_filters::dates::jiff::tz::TimeZone::UTC;
/// assert_eq!(format_in(&d, "l, j. F Y", &tz, Lang::new("de")).unwrap(), "Mittwoch, 4. Juni 2025");
/// ```
pub fn format_in(
    value: &DateValue,
    format: &str,
    default_tz: &TimeZone,
    lang: Lang<'_>,
) -> Result<String, FilterError> {
    match run(value, format, default_tz, true, lang) {
        Ok(s) => Ok(s),
        Err(Miss::Attribute) => Ok(String::new()),
        Err(Miss::Type(msg)) => Err(type_error(&msg)),
    }
}

fn type_error(msg: &str) -> FilterError {
    FilterError::new(format!("date: {msg} (TypeError in Django)"))
}

/// Django's `date` filter. `format` is a format string or a named format
/// (`DATE_FORMAT`, `SHORT_DATE_FORMAT`, `DATETIME_FORMAT`,
/// `SHORT_DATETIME_FORMAT`, `TIME_FORMAT`, `YEAR_MONTH_FORMAT`,
/// `MONTH_DAY_FORMAT`); `None` is `DATE_FORMAT` (`N j, Y`). A `time` value
/// works with time characters only; otherwise `""`. A `date` value with a
/// time character is an error, as in Django. (The engine gives `""` for
/// values that are not dates at all.)
///
/// ```
/// use djula_filters::dates::{date, DateValue, jiff::tz::TimeZone};
/// let tz = TimeZone::UTC;
/// let d = DateValue::parse_datetime("2008-01-01T00:00:00").unwrap();
/// assert_eq!(date(&d, None, &tz).unwrap(), "Jan. 1, 2008");
/// let t = DateValue::parse_time("00:01:00").unwrap();
/// assert_eq!(date(&t, Some("H:i"), &tz).unwrap(), "00:01");
/// assert_eq!(date(&t, Some("d"), &tz).unwrap(), "");
/// ```
pub fn date(
    value: &DateValue,
    format: Option<&str>,
    default_tz: &TimeZone,
) -> Result<String, FilterError> {
    date_in(value, format, default_tz, Lang::english())
}

/// [`date`] in a language: named formats are the language's (Django's
/// `get_format`), names are its words.
///
/// ```
/// use djula_filters::dates::{date_in, DateValue, jiff::tz::TimeZone};
/// use djula_filters::l10n::Lang;
/// let d = DateValue::parse_datetime("2025-06-04T15:07:00").unwrap();
/// assert_eq!(date_in(&d, None, &TimeZone::UTC, Lang::new("ja")).unwrap(), "2025年6月4日");
/// ```
pub fn date_in(
    value: &DateValue,
    format: Option<&str>,
    default_tz: &TimeZone,
    lang: Lang<'_>,
) -> Result<String, FilterError> {
    let mut out = String::new();
    date_into(&mut out, value, format, default_tz, lang)?;
    Ok(out)
}

/// [`date_in`] appending to `out` (a printed `date` writes into the page
/// without a `String` of its own); on an error, `out` is as it was.
///
/// ```
/// use djula_filters::dates::{date_into, DateValue, jiff::tz::TimeZone};
/// use djula_filters::l10n::Lang;
/// let d = DateValue::parse_datetime("2025-06-04T15:07:00").unwrap();
/// let mut out = String::from("<time>");
/// date_into(&mut out, &d, Some("Y-m-d H:i"), &TimeZone::UTC, Lang::english()).unwrap();
/// assert_eq!(out, "<time>2025-06-04 15:07");
/// ```
pub fn date_into(
    out: &mut String,
    value: &DateValue,
    format: Option<&str>,
    default_tz: &TimeZone,
    lang: Lang<'_>,
) -> Result<(), FilterError> {
    let resolved = resolve_format(format.unwrap_or("DATE_FORMAT"), &lang);
    match run_into(out, value, resolved, default_tz, true, lang) {
        Ok(()) => return Ok(()),
        Err(Miss::Type(msg)) => return Err(type_error(&msg)),
        Err(Miss::Attribute) => {}
    }
    // Django retries with the argument as given (no named-format lookup).
    match run_into(out, value, format.unwrap_or("None"), default_tz, true, lang) {
        Ok(()) | Err(Miss::Attribute) => Ok(()),
        Err(Miss::Type(msg)) => Err(type_error(&msg)),
    }
}

/// [`date_into`] with a format parsed before ([`DateFormat::parse`]): the
/// same text, without reading the format again.
///
/// ```
/// use djula_filters::dates::{date_into_parsed, DateFormat, DateValue, jiff::tz::TimeZone};
/// use djula_filters::l10n::Lang;
/// let d = DateValue::parse_date("2025-06-04").unwrap();
/// let mut out = String::new();
/// let format = DateFormat::parse("jS F").unwrap();
/// date_into_parsed(&mut out, &d, &format, &TimeZone::UTC, Lang::english()).unwrap();
/// assert_eq!(out, "4th June");
/// // A time character on a date is Django's TypeError.
/// let format = DateFormat::parse("H:i").unwrap();
/// assert!(date_into_parsed(&mut out, &d, &format, &TimeZone::UTC, Lang::english()).is_err());
/// ```
pub fn date_into_parsed(
    out: &mut String,
    value: &DateValue,
    format: &DateFormat,
    default_tz: &TimeZone,
    lang: Lang<'_>,
) -> Result<(), FilterError> {
    // A datetime in a numeric format: the common `Y-m-d H:i`.
    // (Only a datetime has both parts; `write` declines other formats.)
    if let (Some(date), Some(time)) = (value.date(), value.time()) {
        if Numeric::write(format, date, time, out) {
            return Ok(());
        }
    }
    // `date_into` retries a miss with the format as given, which is the
    // same text here (no named format parses): it misses again, and
    // prints nothing.
    match run_with(out, value, default_tz, true, lang, |f, out| {
        f.format_parsed(format, out)
    }) {
        Ok(()) | Err(Miss::Attribute) => Ok(()),
        Err(Miss::Type(msg)) => Err(type_error(&msg)),
    }
}

/// Django's `time` filter: like [`date`] but only time characters
/// (`a A e f g G h H i O P s T u Z`) print; `None` is `TIME_FORMAT`
/// (`P`). Anything the value cannot give makes the result `""`.
///
/// ```
/// use djula_filters::dates::{time, DateValue, jiff::tz::TimeZone};
/// let tz = TimeZone::UTC;
/// let t = DateValue::parse_time("16:25:00").unwrap();
/// assert_eq!(time(&t, None, &tz), "4:25 p.m.");
/// assert_eq!(time(&t, Some("h"), &tz), "04");
/// let d = DateValue::parse_date("2026-11-25").unwrap();
/// assert_eq!(time(&d, Some("P:e:O:T:Z"), &tz), "");
/// ```
pub fn time(value: &DateValue, format: Option<&str>, default_tz: &TimeZone) -> String {
    time_in(value, format, default_tz, Lang::english())
}

/// [`time`] in a language (its `TIME_FORMAT` and words).
///
/// ```
/// use djula_filters::dates::{time_in, DateValue, jiff::tz::TimeZone};
/// use djula_filters::l10n::Lang;
/// let t = DateValue::parse_time("16:25:00").unwrap();
/// assert_eq!(time_in(&t, None, &TimeZone::UTC, Lang::new("de")), "16:25");
/// ```
pub fn time_in(
    value: &DateValue,
    format: Option<&str>,
    default_tz: &TimeZone,
    lang: Lang<'_>,
) -> String {
    let resolved = resolve_format(format.unwrap_or("TIME_FORMAT"), &lang);
    if let Ok(s) = run(value, resolved, default_tz, false, lang) {
        return s;
    }
    run(value, format.unwrap_or("None"), default_tz, false, lang).unwrap_or_default()
}

/// Django's `date` filter of a value that is no date, time or datetime
/// (a number, a text, a list, …; Django prints nothing for `None` and
/// `""` before it looks at the format), `type_name` being Python's name
/// for its type.
///
/// Django's `DateFormat` reads the value's fields as each format
/// character comes. Most characters find none (an `AttributeError`: the
/// filter prints nothing); `e`, `I`, `O`, `T` and `Z` print nothing for a
/// value with no time zone; `r` and `U` first make the value a datetime,
/// which fails (a `TypeError`, which the filter lets through). So a
/// format of literal text alone prints its text.
///
/// `format` is the filter's argument when it is true (a false one means
/// `DATE_FORMAT`), `given` the argument's `str()` whatever it is (`None`
/// when there is none): Django retries a miss with the argument as given,
/// so `date:0` prints `0`.
///
/// ```
/// use djula_filters::dates::date_of_other;
/// use djula_filters::l10n::Lang;
/// let en = Lang::english();
/// assert_eq!(date_of_other(Some(r"\Y e-"), Some(r"\Y e-"), "int", en).unwrap(), "Y -");
/// assert_eq!(date_of_other(Some("Y-m-d"), Some("Y-m-d"), "str", en).unwrap(), "");
/// assert_eq!(date_of_other(None, None, "list", en).unwrap(), "");
/// assert_eq!(date_of_other(None, Some("0"), "str", en).unwrap(), "0");
/// assert!(date_of_other(Some("U"), Some("U"), "float", en).is_err());
/// ```
pub fn date_of_other(
    format: Option<&str>,
    given: Option<&str>,
    type_name: &str,
    lang: Lang<'_>,
) -> Result<String, FilterError> {
    let resolved = resolve_format(format.unwrap_or("DATE_FORMAT"), &lang);
    // As for a date: a miss is retried with the argument as given.
    for format in [resolved, given.unwrap_or("None")] {
        match other_format(format, type_name, true) {
            Ok(text) => return Ok(text),
            Err(Miss::Type(msg)) => return Err(type_error(&msg)),
            Err(Miss::Attribute) => {}
        }
    }
    Ok(String::new())
}

/// Django's `time` filter of a value that is no date, time or datetime
/// (see [`date_of_other`]): the same reading, with every failure printing
/// nothing (`time` swallows the `TypeError` too), and the date characters
/// unknown to Django's `TimeFormat` (a miss).
///
/// `format` and `given` as for [`date_of_other`].
///
/// ```
/// use djula_filters::dates::time_of_other;
/// use djula_filters::l10n::Lang;
/// let en = Lang::english();
/// assert_eq!(time_of_other(Some(r"\a.\m."), Some(r"\a.\m."), "int", en), "a.m.");
/// assert_eq!(time_of_other(Some("H:i"), Some("H:i"), "int", en), "");
/// assert_eq!(time_of_other(None, Some("0"), "str", en), "0");
/// ```
pub fn time_of_other(
    format: Option<&str>,
    given: Option<&str>,
    type_name: &str,
    lang: Lang<'_>,
) -> String {
    let resolved = resolve_format(format.unwrap_or("TIME_FORMAT"), &lang);
    other_format(resolved, type_name, false)
        .or_else(|_| other_format(given.unwrap_or("None"), type_name, false))
        .unwrap_or_default()
}

/// `format` applied to a value with no date fields and no zone.
fn other_format(format: &str, type_name: &str, date_format: bool) -> Result<String, Miss> {
    let mut out = String::new();
    for piece in RawPieces::of(format) {
        match piece {
            RawPiece::Literal(text) => unescape_into(&mut out, text),
            // No zone: these print nothing (`I` is `DateFormat`'s only).
            RawPiece::Char('e' | 'O' | 'T' | 'Z') => {}
            RawPiece::Char('I') if date_format => {}
            RawPiece::Char('r' | 'U') if date_format => {
                return Err(Miss::Type(format!(
                    "combine() argument 1 must be datetime.date, not {type_name}"
                )))
            }
            RawPiece::Char(_) => return Err(Miss::Attribute),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chicago() -> TimeZone {
        TimeZone::get("America/Chicago").unwrap()
    }

    fn dt(s: &str) -> DateValue {
        DateValue::parse_datetime(s).unwrap()
    }

    /// The last day of year 9999 west of UTC lies past jiff's last
    /// instant; Python's datetime still formats it (Django 6.1, Chicago).
    #[test]
    fn the_end_of_year_9999_still_has_its_zone() {
        let formats = "r|I|O|T|Z|U";
        assert_eq!(
            format(&dt("9999-12-31T23:59:59"), formats, &chicago()).unwrap(),
            "Fri, 31 Dec 9999 23:59:59 -0600|0|-0600|CST|-21600|253402322399"
        );
        assert_eq!(
            format(&dt("2008-01-02T12:30:00"), "U", &chicago()).unwrap(),
            "1199298600"
        );
    }

    #[test]
    fn a_parsed_format_writes_what_the_string_does() {
        let tz = chicago();
        let values = [
            dt("2008-07-04T15:04:05.000123"),
            dt("2008-01-02T00:00:00+05:30"),
            DateValue::parse_date("2008-12-29").unwrap(),
            DateValue::parse_time("07:08:09").unwrap(),
            // Years the numeric path leaves to the general one.
            dt("0999-03-04T05:06:07"),
            dt("0001-01-01T00:00:00"),
            dt("9999-12-31T23:59:59"),
            dt("2024-02-29T12:00:00-06:00"),
        ];
        let formats = [
            "Y-m-d H:i",
            "Y-m-d H:i:s",
            "d/m/Y",
            "Y -- m :: H",
            "H:i",
            r"Y\-m",
            "mdYHis mdYHis mdYHis mdYHis mdYHis mdYHis mdYHis mdYHis",
            "d D j l N S w z W y Y L o m M b E F n t",
            "a A f g G h H i s u e O P T U c r I Z",
            r"\Y \\Y \\\Y Y\",
            r"jS \o\f F, \a\t P",
            "<b>é Y</b> ü",
            "",
            "xq",
            "Y",
            "\\",
        ];
        for value in &values {
            for format in formats {
                let mut by_string = String::from("<");
                let string_result =
                    date_into(&mut by_string, value, Some(format), &tz, Lang::english());
                let mut by_parsed = String::from("<");
                let parsed = DateFormat::parse(format).unwrap();
                let parsed_result =
                    date_into_parsed(&mut by_parsed, value, &parsed, &tz, Lang::english());
                assert_eq!(by_string, by_parsed, "{format:?} on {value}");
                assert_eq!(
                    string_result.map_err(|e| e.to_string()),
                    parsed_result.map_err(|e| e.to_string()),
                    "{format:?} on {value}"
                );
            }
        }
        // A named format is not parsed: it depends on the language.
        assert!(DateFormat::parse("DATE_FORMAT").is_none());
    }

    #[test]
    fn every_format_char() {
        // Expected values printed by Django 6.1 with TIME_ZONE=America/Chicago.
        // `U` differs on purpose: Django reads naive values in the process's
        // zone (`TZ`, which a settings module sets to TIME_ZONE; the shell
        // used for these values ran in UTC), we read them in `default_tz`.
        let tz = chicago();
        let v = dt("2008-07-04T15:04:05.000123");
        let got = format(
            &v,
            "d D j l N S w z W y Y L o m M b E F n t a A f g G h H i s u e O P T U c r I Z",
            &tz,
        )
        .unwrap();
        assert_eq!(
            got,
            "04 Fri 4 Friday July th 5 186 27 08 2008 True 2008 07 Jul jul July July 7 31 p.m. PM 3:04 3 15 03 15 04 05 000123  -0500 3:04 p.m. CDT 1215201845 2008-07-04T15:04:05.000123 Fri, 04 Jul 2008 15:04:05 -0500 1 -18000"
        );
        let a = dt("2008-01-02T12:30:00+05:30");
        assert_eq!(
            format(&a, "e O T Z I U c r P", &tz).unwrap(),
            "+0530 +0530 +0530 19800 0 1199257200 2008-01-02T12:30:00+05:30 Wed, 02 Jan 2008 12:30:00 +0530 12:30 p.m."
        );
        let z = dt("2008-01-02T00:00:00Z");
        assert_eq!(
            format(&z, "e T O P", &tz).unwrap(),
            "UTC UTC +0000 midnight"
        );
        let d = DateValue::parse_date("2008-12-29").unwrap();
        assert_eq!(
            format(&d, "o W U r c", &tz).unwrap(),
            "2009 1 1230530400 Mon, 29 Dec 2008 00:00:00 -0600 2008-12-29"
        );
        assert!(format(&d, "H", &tz).is_err());
        assert_eq!(format(&d, r"\H\\", &tz).unwrap(), "H\\");
    }

    #[test]
    fn date_and_time_filters() {
        let tz = chicago();
        let v = dt("2005-12-29T00:00:00");
        assert_eq!(
            date(&v, Some(r"jS \o\f F"), &tz).unwrap(),
            "29th of December"
        );
        assert_eq!(
            date(&v, Some("SHORT_DATETIME_FORMAT"), &tz).unwrap(),
            "12/29/2005 midnight"
        );
        let t = DateValue::parse_time("13:00:00").unwrap();
        assert_eq!(time(&t, Some("h"), &tz), "01");
        assert_eq!(time(&t, Some("P:e:O:T:Z"), &tz), "1 p.m.::::");
        assert_eq!(time(&v, Some("c"), &tz), "");
        assert!(date(&t, Some("r"), &tz).is_err());
        assert_eq!(time(&t, Some("r"), &tz), "");
        // An ambiguous local time (DST ends) has no zone facts.
        let amb = dt("2008-11-02T01:30:00");
        assert_eq!(format(&amb, "T|O", &tz).unwrap(), "|");
    }
}
