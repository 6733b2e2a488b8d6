//! Django's `django.contrib.humanize` library (`{% load humanize %}`):
//! `ordinal`, `intcomma`, `intword`, `apnumber`, `naturalday`,
//! `naturaltime`, in English, following `humanize.py` of Django 6.1 step
//! for step (Python's `int()` and `Decimal()` of the input, Django's
//! number formatting with the `en` separators).

use super::{ArgSpec, FilterDef, FilterEnv};
use crate::error::Error;
use crate::value::{DateValue, Value};

fn def(
    name: &str,
    arg: ArgSpec,
    is_safe: bool,
    f: impl Fn(&Value, Option<&Value>, &FilterEnv<'_>) -> Result<Value, Error> + Send + Sync + 'static,
) -> FilterDef {
    FilterDef::new(name, arg, is_safe, f)
}

/// The library's filters. Their `is_safe` flags are Django's.
pub(super) fn all() -> Vec<FilterDef> {
    vec![
        def("ordinal", ArgSpec::None, true, |v, _, _| Ok(ordinal(v))),
        def("intcomma", ArgSpec::None, true, |v, _, _| {
            Ok(Value::str(intcomma(v)))
        }),
        def("intword", ArgSpec::None, false, |v, _, _| Ok(intword(v))),
        def("apnumber", ArgSpec::None, true, |v, _, _| Ok(apnumber(v))),
        def("naturalday", ArgSpec::Optional, false, naturalday),
        def("naturaltime", ArgSpec::None, false, naturaltime),
    ]
}

/// Python's `int(value)` as these filters call it (`None` where it raises).
fn int_of(v: &Value) -> Option<i128> {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_) => v.python_int(),
        Value::Str(_) | Value::Safe(_) => v.python_int(),
        _ => None,
    }
}

/// `1st`, `2nd`, `11th`: a number that `int()` cannot read stays as it is.
fn ordinal(v: &Value) -> Value {
    let Some(n) = int_of(v) else {
        return v.clone();
    };
    if n < 0 {
        return Value::str(n.to_string());
    }
    let suffix = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    Value::safe(format!("{n}{suffix}"))
}

/// Python's `"{:f}".format(Decimal(text))` for a decimal literal (`None`
/// when `Decimal()` would raise): the digits written out, no exponent.
fn decimal_text(text: &str) -> Option<String> {
    let text = text.trim();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    if int_part.is_empty() && frac_part.is_empty()
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
        || int_part.starts_with('_')
        || int_part.ends_with('_')
    {
        return None;
    }
    let int_part = int_part.replace('_', "");
    let frac_part = frac_part.replace('_', "");
    // All digits and the position of the decimal point, then shifted.
    let digits = format!("{int_part}{frac_part}");
    let point = i64::try_from(int_part.len()).ok()? + exponent;
    let len = i64::try_from(digits.len()).ok()?;
    let (whole, fraction) = if point <= 0 {
        let zeros = "0".repeat(usize::try_from(-point).ok()?);
        ("0".to_string(), format!("{zeros}{digits}"))
    } else if point >= len {
        let zeros = "0".repeat(usize::try_from(point - len).ok()?);
        (format!("{digits}{zeros}"), String::new())
    } else {
        let at = usize::try_from(point).ok()?;
        (digits[..at].to_string(), digits[at..].to_string())
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    Some(if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    })
}

/// Groups the integer part of a plain number by threes with `,` (Django's
/// `numberformat.format` with the `en` separators and forced grouping).
fn group(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (int_part, dec_part) = match rest.split_once('.') {
        Some((i, d)) => (i, Some(d)),
        None => (rest, None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match dec_part {
        Some(d) => format!("{sign}{grouped}.{d}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `3000` → `3,000`; floats keep their `str()` digits; what `Decimal()`
/// cannot read gets commas in its leading digits only.
fn intcomma(v: &Value) -> String {
    let plain = match v {
        Value::Float(f) if f.is_finite() => {
            let text = Value::Float(*f).to_text();
            if text.contains(['e', 'E']) {
                decimal_text(&text)
            } else {
                Some(text)
            }
        }
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => v.python_int().map(|n| n.to_string()),
        Value::Str(s) | Value::Safe(s) => decimal_text(s),
        _ => None,
    };
    if let Some(number) = plain {
        return group(&number);
    }
    // `intcomma(value, False)`: commas in the leading `-?\d+` of str(value).
    let text = v.to_text();
    let negative = text.starts_with('-');
    let digits_from = usize::from(negative);
    let digits_len = text[digits_from..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    if digits_len == 0 {
        return text;
    }
    let end = digits_from + digits_len;
    format!("{}{}", group(&text[..end]), &text[end..])
}

/// `1200000` → `1.2 million`; below a million, the number.
fn intword(v: &Value) -> Value {
    let Some(n) = int_of(v) else {
        return v.clone();
    };
    if n.unsigned_abs() < 1_000_000 {
        return Value::int(n);
    }
    const WORDS: [(i32, &str); 10] = [
        (6, "million"),
        (9, "billion"),
        (12, "trillion"),
        (15, "quadrillion"),
        (18, "quintillion"),
        (21, "sextillion"),
        (24, "septillion"),
        (27, "octillion"),
        (30, "nonillion"),
        (33, "decillion"),
    ];
    for (exponent, word) in WORDS {
        let large = 10f64.powi(exponent);
        if (n.unsigned_abs() as f64) < large * 1000.0 {
            let scaled = n as f64 / large;
            let shown = filters::numbers::floatformat(
                filters::numbers::NumberInput::Float(scaled),
                Some("1"),
            )
            .map(|s| s.to_string())
            .unwrap_or_default();
            return Value::str(format!("{shown} {word}"));
        }
    }
    Value::int(n)
}

/// `1`–`9` spelled out (Associated Press style); other numbers as they are.
fn apnumber(v: &Value) -> Value {
    const WORDS: [&str; 9] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    match int_of(v) {
        None => v.clone(),
        Some(n @ 1..=9) => WORDS
            .get(usize::try_from(n - 1).unwrap_or(0))
            .map_or_else(|| Value::int(n), |w| Value::str(*w)),
        Some(n) => Value::int(n),
    }
}

/// The current date-time where the engine is (`Settings::timezone`), for
/// naive values.
fn now(env: &FilterEnv<'_>) -> Result<DateValue, Error> {
    DateValue::now_in(&env.settings.timezone)
        .ok_or_else(|| Error::render(format!("unknown time zone {}", env.settings.timezone)))
}

/// `today`, `tomorrow`, `yesterday`, else the date in `arg`'s format.
fn naturalday(v: &Value, arg: Option<&Value>, env: &FilterEnv<'_>) -> Result<Value, Error> {
    let Value::Date(date) = v else {
        return Ok(v.clone());
    };
    let Some(day) = date.date() else {
        return Ok(v.clone());
    };
    let today = now(env)?.date().unwrap_or(day);
    let days = today
        .until(day)
        .map(|span| span.get_days())
        .unwrap_or(i32::MAX);
    Ok(match days {
        0 => Value::str("today"),
        1 => Value::str("tomorrow"),
        -1 => Value::str("yesterday"),
        _ => {
            let format = arg.map(Value::to_text);
            let zone = filters::dates::jiff::tz::TimeZone::get(&env.settings.timezone)
                .unwrap_or(filters::dates::jiff::tz::TimeZone::UTC);
            let text = filters::dates::date(&DateValue::Date(day), format.as_deref(), &zone)
                .map_err(|e| Error::render(e.message()))?;
            Value::str(text)
        }
    })
}

/// `now`, `30 seconds ago`, `an hour from now`, `2 days ago`.
fn naturaltime(v: &Value, _: Option<&Value>, env: &FilterEnv<'_>) -> Result<Value, Error> {
    let Value::Date(date) = v else {
        return Ok(v.clone());
    };
    let (DateValue::DateTime(when), DateValue::DateTime(current)) = (**date, now(env)?) else {
        // A date (no time) against now: Python cannot compare them.
        return Err(Error::render(
            "naturaltime: can't compare datetime.datetime to datetime.date",
        ));
    };
    let seconds = when
        .until((filters::dates::jiff::Unit::Second, current))
        .map(|span| span.get_seconds())
        .unwrap_or(0);
    let past = seconds > 0 || (seconds == 0 && when < current);
    let total = seconds.unsigned_abs();
    let (days, within_day) = (total / 86_400, total % 86_400);
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.replace("%d", &n.to_string())
        }
    };
    let text = if days != 0 {
        let (from, to) = if past {
            (DateValue::DateTime(when), DateValue::DateTime(current))
        } else {
            (DateValue::DateTime(current), DateValue::DateTime(when))
        };
        // Django's naturaltime substrings keep an ordinary space.
        let delta = filters::dates::timesince(&from, &to, 2).replace('\u{a0}', " ");
        if past {
            format!("{delta} ago")
        } else {
            format!("{delta} from now")
        }
    } else if within_day == 0 {
        "now".to_string()
    } else if within_day < 60 {
        if past {
            plural(within_day, "a second ago", "%d\u{a0}seconds ago")
        } else {
            plural(within_day, "a second from now", "%d\u{a0}seconds from now")
        }
    } else if within_day / 60 < 60 {
        let minutes = within_day / 60;
        if past {
            plural(minutes, "a minute ago", "%d\u{a0}minutes ago")
        } else {
            plural(minutes, "a minute from now", "%d\u{a0}minutes from now")
        }
    } else {
        let hours = within_day / 3600;
        if past {
            plural(hours, "an hour ago", "%d\u{a0}hours ago")
        } else {
            plural(hours, "an hour from now", "%d\u{a0}hours from now")
        }
    };
    Ok(Value::str(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use filters::dates::jiff::ToSpan;

    #[test]
    fn decimals_are_written_out_as_python_formats_them() {
        assert_eq!(decimal_text("1e+16").as_deref(), Some("10000000000000000"));
        assert_eq!(decimal_text("1.5e-07").as_deref(), Some("0.00000015"));
        assert_eq!(
            decimal_text(" 1234567.891 ").as_deref(),
            Some("1234567.891")
        );
        assert_eq!(decimal_text("abc"), None);
        assert_eq!(group("-1234567.891"), "-1,234,567.891");
    }

    #[test]
    fn naturaltime_counts_from_now() {
        let settings = crate::settings::Settings::default();
        let env = FilterEnv {
            autoescape: true,
            settings: &settings,
            lang: filters::l10n::Lang::english(),
        };
        let DateValue::DateTime(current) = now(&env).unwrap() else {
            panic!()
        };
        let at = |span: filters::dates::jiff::Span| {
            let when = current.checked_add(span).unwrap();
            naturaltime(
                &Value::Date(std::sync::Arc::new(DateValue::DateTime(when))),
                None,
                &env,
            )
            .unwrap()
            .to_text()
        };
        assert_eq!(at((-90).seconds()), "a minute ago");
        assert_eq!(at((-3).hours()), "3\u{a0}hours ago");
        assert_eq!(at(2.hours().minutes(1)), "2\u{a0}hours from now");
        assert_eq!(at((-3).days()), "3 days ago");
    }
}
