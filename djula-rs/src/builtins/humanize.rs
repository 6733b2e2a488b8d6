//! Django's `django.contrib.humanize` library (`{% load humanize %}`):
//! `ordinal`, `intcomma`, `intword`, `apnumber`, `naturalday`,
//! `naturaltime`, following `humanize.py` of Django 6.1 step for step
//! (Python's `int()` and `Decimal()` of the input, Django's number
//! formatting), in the render's language: Django's translations of
//! humanize's words and the language's separators (`filters::l10n`).

use super::{ArgSpec, FilterDef, FilterEnv};
use crate::error::Error;
use crate::value::{DateValue, Value};
use filters::dates::TimeWords;
use filters::l10n::{HumanizePlural, HumanizeWord, Lang};

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
        def("ordinal", ArgSpec::None, true, |v, _, env| {
            Ok(ordinal(v, env.lang))
        }),
        def("intcomma", ArgSpec::None, true, |v, _, env| {
            Ok(Value::str(intcomma(v, env.lang)))
        }),
        def("intword", ArgSpec::None, false, |v, _, env| {
            Ok(intword(v, env.lang))
        }),
        def("apnumber", ArgSpec::None, true, |v, _, env| {
            Ok(apnumber(v, env.lang))
        }),
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
fn ordinal(v: &Value, lang: Lang<'_>) -> Value {
    let Some(n) = int_of(v) else {
        return v.clone();
    };
    if n < 0 {
        return Value::str(n.to_string());
    }
    let template = if n == 1 {
        lang.humanize_word(HumanizeWord::OrdinalIsOne)
    } else if matches!(n % 100, 11..=13) {
        lang.humanize_word(HumanizeWord::OrdinalTeen)
    } else {
        lang.humanize_word(HumanizeWord::Ordinal(u8::try_from(n % 10).unwrap_or(0)))
    };
    // `str.format` with one `{}`.
    Value::safe(template.replacen("{}", &n.to_string(), 1))
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
    let count = int_part.chars().count();
    let mut grouped = String::with_capacity(int_part.len() + count / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (count - i) % 3 == 0 {
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
fn intcomma(v: &Value, lang: Lang<'_>) -> String {
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
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = v.as_str().unwrap_or_default();
            decimal_text(&filters::py::ascii_digits(s))
        }
        _ => None,
    };
    if let Some(number) = plain {
        if lang.is_english() {
            return group(&number);
        }
        // `number_format(value, use_l10n=True, force_grouping=True)`.
        return filters::numbers::number_format_in(&number, None, true, lang);
    }
    // `intcomma(value, False)`: commas in the leading `-?\d+` of str(value).
    let text = v.to_text();
    let negative = text.starts_with('-');
    let digits_from = usize::from(negative);
    // `re.match(r"-?\d+")`: any Unicode decimal digits.
    let digits_len: usize = text[digits_from..]
        .chars()
        .take_while(|c| filters::py::decimal_value(*c).is_some())
        .map(char::len_utf8)
        .sum();
    if digits_len == 0 {
        return text;
    }
    let end = digits_from + digits_len;
    format!("{}{}", group(&text[..end]), &text[end..])
}

/// `1200000` → `1.2 million`; below a million, the number.
fn intword(v: &Value, lang: Lang<'_>) -> Value {
    let Some(n) = int_of(v) else {
        return v.clone();
    };
    if n.unsigned_abs() < 1_000_000 {
        return Value::int(n);
    }
    // Django's `intword_converters`: million … decillion, then googol.
    const EXPONENTS: [i32; 11] = [6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 100];
    for (index, exponent) in EXPONENTS.into_iter().enumerate() {
        let large = 10f64.powi(exponent);
        if (n.unsigned_abs() as f64) < large * 1000.0 {
            let scaled = n as f64 / large;
            let shown = filters::numbers::floatformat_in(
                filters::numbers::NumberInput::Float(scaled),
                Some("1"),
                lang,
            )
            .map(|s| s.to_string())
            .unwrap_or_default();
            // `round_away_from_one`: the count the plural form is chosen by.
            let count = round_away_from_one(scaled).abs();
            let template = lang.humanize_plural(HumanizePlural::IntWord(index), count);
            return Value::str(template.replace("%(value)s", &shown).replace("%%", "%"));
        }
    }
    Value::int(n)
}

/// Django's `round_away_from_one`: `int(Decimal(value - 1).quantize(0,
/// ROUND_UP)) + 1`.
fn round_away_from_one(value: f64) -> f64 {
    let shifted = value - 1.0;
    let rounded = if shifted >= 0.0 {
        shifted.ceil()
    } else {
        shifted.floor()
    };
    rounded + 1.0
}

/// `1`–`9` spelled out (Associated Press style); other numbers as they are.
fn apnumber(v: &Value, lang: Lang<'_>) -> Value {
    match int_of(v) {
        None => v.clone(),
        Some(n @ 1..=9) => {
            Value::str(lang.humanize_word(HumanizeWord::ApNumber(u8::try_from(n).unwrap_or(1))))
        }
        Some(n) => Value::int(n),
    }
}

/// The current date-time where the engine is (`Settings::timezone`), for
/// naive values.
fn now(env: &FilterEnv<'_>) -> Result<DateValue, Error> {
    DateValue::now_in(&env.settings.time_zone)
        .ok_or_else(|| Error::render(format!("unknown time zone {}", env.settings.time_zone)))
}

/// `today`, `tomorrow`, `yesterday`, else the date in `arg`'s format.
fn naturalday(v: &Value, arg: Option<&Value>, env: &FilterEnv<'_>) -> Result<Value, Error> {
    let Value::Date(date) = v else {
        return Ok(v.clone());
    };
    // Registered with `expects_localtime`: an aware value is first shown
    // in the current time zone (with USE_TZ), and "today" is the day in
    // the value's own zone (`datetime.now(value.tzinfo)`).
    let local = crate::value::tz::template_localtime(date);
    let date = local.as_ref().unwrap_or(date);
    let Some(day) = date.date() else {
        return Ok(v.clone());
    };
    let today = match date {
        DateValue::Aware(aware) => filters::dates::AwareDateTime::from_timestamp(
            filters::dates::jiff::Timestamp::now(),
            aware.tzinfo(),
        )
        .and_then(|now| DateValue::aware(now).date()),
        _ => now(env)?.date(),
    }
    .unwrap_or(day);
    let days = today
        .until(day)
        .map(|span| span.get_days())
        .unwrap_or(i32::MAX);
    Ok(match days {
        0 => Value::str(env.lang.humanize_word(HumanizeWord::Today)),
        1 => Value::str(env.lang.humanize_word(HumanizeWord::Tomorrow)),
        -1 => Value::str(env.lang.humanize_word(HumanizeWord::Yesterday)),
        _ => {
            let format = arg.map(Value::to_text);
            let zone = crate::value::tz::default_zone(&env.settings.time_zone);
            let text =
                filters::dates::date_in(&DateValue::Date(day), format.as_deref(), &zone, env.lang)
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
    let (DateValue::DateTime(when), DateValue::DateTime(current)) = (date.clone(), now(env)?)
    else {
        // A date (no time) against now: Python cannot compare them.
        return Err(Error::render(
            "naturaltime: can't compare datetime.datetime to datetime.date",
        ));
    };
    Ok(Value::str(naturaltime_at(when, current, env.lang)))
}

/// `naturaltime` of `when` seen at `current`, in `lang`.
fn naturaltime_at(
    when: filters::dates::jiff::civil::DateTime,
    current: filters::dates::jiff::civil::DateTime,
    lang: Lang<'_>,
) -> String {
    let seconds = when
        .until((filters::dates::jiff::Unit::Second, current))
        .map(|span| span.get_seconds())
        .unwrap_or(0);
    let past = seconds > 0 || (seconds == 0 && when < current);
    let total = seconds.unsigned_abs();
    let (days, within_day) = (total / 86_400, total % 86_400);
    let count = |phrase: HumanizePlural, n: u64| {
        lang.humanize_plural(phrase, n as f64)
            .replace("%(count)s", &n.to_string())
            .replace("%%", "%")
    };
    if days != 0 {
        let (from, to, words, template) = if past {
            (when, current, TimeWords::NaturalPast, HumanizeWord::PastDay)
        } else {
            (
                current,
                when,
                TimeWords::NaturalFuture,
                HumanizeWord::FutureDay,
            )
        };
        let delta = filters::dates::timesince_words(
            &DateValue::DateTime(from),
            &DateValue::DateTime(to),
            2,
            lang,
            words,
        );
        lang.humanize_word(template)
            .replace("%(delta)s", &delta)
            .replace("%%", "%")
    } else if within_day == 0 {
        lang.humanize_word(HumanizeWord::Now).to_string()
    } else if within_day < 60 {
        let phrase = if past {
            HumanizePlural::PastSecond
        } else {
            HumanizePlural::FutureSecond
        };
        count(phrase, within_day)
    } else if within_day / 60 < 60 {
        let phrase = if past {
            HumanizePlural::PastMinute
        } else {
            HumanizePlural::FutureMinute
        };
        count(phrase, within_day / 60)
    } else {
        let phrase = if past {
            HumanizePlural::PastHour
        } else {
            HumanizePlural::FutureHour
        };
        count(phrase, within_day / 3600)
    }
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
        // Python 3.12: Decimal() reads any Unicode decimal digits.
        assert_eq!(
            filters::py::ascii_digits("\u{ff11}\u{ff12}.\u{661}x"),
            "12.1x"
        );
        assert_eq!(filters::py::decimal_value('\u{1fbf9}'), Some(9));
        assert_eq!(filters::py::decimal_value('\u{1fbfa}'), None);
        assert_eq!(filters::py::decimal_value('a'), None);
    }

    #[test]
    fn naturalday_reads_an_aware_value_in_its_own_zone() {
        // Django: `datetime.now(value.tzinfo).date()` is "today", after the
        // value is shown in the current zone when USE_TZ is on. UTC+14 is
        // always on another date than TIME_ZONE here, UTC-12.
        use filters::dates::jiff::{tz::Offset, tz::TimeZone, Timestamp};
        let now = TimeZone::fixed(Offset::constant(14)).to_datetime(Timestamp::now());
        let context = serde_json::json!({
            "d": {"__datetime__": now.strftime("%Y-%m-%dT%H:%M:%S+14:00").to_string()}
        });
        for use_tz in [false, true] {
            let settings = crate::settings::Settings {
                use_tz,
                time_zone: "Etc/GMT+12".into(),
                ..Default::default()
            };
            let engine = crate::Engine::with_settings(settings);
            let out = engine.render_str("{% load humanize %}{{ d|naturalday }}", &context);
            assert_eq!(out.ok().as_deref(), Some("today"), "use_tz {use_tz}");
        }
    }

    #[test]
    fn naturaltime_counts_from_now() {
        let settings = crate::settings::Settings::default();
        let env = FilterEnv::new(true, &settings, filters::l10n::Lang::english());
        let DateValue::DateTime(current) = now(&env).unwrap() else {
            panic!()
        };
        let at = |span: filters::dates::jiff::Span| {
            let when = current.checked_add(span).unwrap();
            naturaltime(&Value::Date(DateValue::DateTime(when)), None, &env)
                .unwrap()
                .to_text()
        };
        assert_eq!(at((-90).seconds()), "a minute ago");
        assert_eq!(at((-3).hours()), "3\u{a0}hours ago");
        assert_eq!(at(2.hours().minutes(1)), "2\u{a0}hours from now");
        // Django keeps the no-break spaces of timesince's units.
        assert_eq!(at((-3).days()), "3\u{a0}days ago");
    }

    #[test]
    fn naturaltime_in_languages_as_django() {
        // Django 6.1's humanize.naturaltime(now + delta) under
        // translation.override(lang), now = 2012-03-09 22:30 (the deltas of
        // tests/humanize_tests' test_naturaltime, and two more).
        let current = filters::dates::jiff::civil::date(2012, 3, 9).at(22, 30, 0, 0);
        let deltas_us: [i64; 20] = [
            -1,
            -1000000,
            -30000000,
            -90000000,
            -120000000,
            -5430000000,
            -85850000000,
            -86400000000,
            -43200000000000,
            1000000,
            30000000,
            90000000,
            120000000,
            5430000000,
            85850000000,
            86400000000,
            194400000000,
            43200000000000,
            -439200000000,
            -1900800000000,
        ];
        let expected: [(&str, [&str; 20]); 6] = [
            (
                "en",
                [
                    "now",
                    "a second ago",
                    "30\u{a0}seconds ago",
                    "a minute ago",
                    "2\u{a0}minutes ago",
                    "an hour ago",
                    "23\u{a0}hours ago",
                    "1\u{a0}day ago",
                    "1\u{a0}year, 4\u{a0}months ago",
                    "a second from now",
                    "30\u{a0}seconds from now",
                    "a minute from now",
                    "2\u{a0}minutes from now",
                    "an hour from now",
                    "23\u{a0}hours from now",
                    "1\u{a0}day from now",
                    "2\u{a0}days, 6\u{a0}hours from now",
                    "1\u{a0}year, 4\u{a0}months from now",
                    "5\u{a0}days, 2\u{a0}hours ago",
                    "3\u{a0}weeks, 1\u{a0}day ago",
                ],
            ),
            (
                "de",
                [
                    "jetzt",
                    "vor einer Sekunde",
                    "vor 30\u{a0}Sekunden",
                    "vor einer Minute",
                    "vor 2 Minuten",
                    "vor einer Stunde",
                    "vor 23 Stunden",
                    "1\u{a0}Tage her",
                    "1\u{a0}Jahr, 4\u{a0}Monate her",
                    "in einer Sekunde",
                    "in 30 Sekunden",
                    "in einer Minute",
                    "in 2 Minuten",
                    "in einer Stunde",
                    "in 23 Stunden",
                    "1\u{a0}Tag von jetzt an",
                    "2\u{a0}Tage, 6\u{a0}Stunden von jetzt an",
                    "1\u{a0}Jahr, 4\u{a0}Monate von jetzt an",
                    "5\u{a0}Tage, 2\u{a0}Stunden her",
                    "3\u{a0}Wochen, 1\u{a0}Tage her",
                ],
            ),
            (
                "ru",
                [
                    "сейчас",
                    "1\u{a0}секунду назад",
                    "30\u{a0}секунд назад",
                    "1\u{a0}минуту назад",
                    "2\u{a0}минуты назад",
                    "1\u{a0}час назад",
                    "23\u{a0}часа назад",
                    "1\u{a0}день назад",
                    "1\u{a0}год, 4\u{a0}месяца назад",
                    "через 1\u{a0}секунду",
                    "через 30\u{a0}секунд",
                    "через 1\u{a0}минуту",
                    "через 2\u{a0}минуты",
                    "через 1\u{a0}час",
                    "через 23\u{a0}часа",
                    "через 1\u{a0}день",
                    "через 2\u{a0}дня, 6\u{a0}часов",
                    "через 1\u{a0}год, 4\u{a0}месяца",
                    "5\u{a0}дней, 2\u{a0}часа назад",
                    "3\u{a0}недели, 1\u{a0}день назад",
                ],
            ),
            (
                "pl",
                [
                    "teraz",
                    "sekundę temu",
                    "30\u{a0}sekund temu",
                    "minutę\u{a0}temu",
                    "2\u{a0}minuty temu",
                    "godzinę\u{a0}temu",
                    "23\u{a0}godziny\u{a0}temu",
                    "1\u{a0}dzień temu",
                    "1\u{a0}rok, 4\u{a0}miesiące temu",
                    "za sekundę",
                    "za\u{a0}30 sekund",
                    "za minutę",
                    "za\u{a0}2 minuty",
                    "za godzinę",
                    "za\u{a0}23\u{a0}godziny",
                    "za 1\u{a0}dzień",
                    "za 2\u{a0}dni, 6\u{a0}godzin",
                    "za 1\u{a0}rok, 4\u{a0}miesiące",
                    "5\u{a0}dni, 2\u{a0}godziny temu",
                    "3\u{a0}tygodnie, 1\u{a0}dzień temu",
                ],
            ),
            (
                "fr",
                [
                    "maintenant",
                    "il y a une\u{a0}seconde",
                    "il y a 30\u{a0}secondes",
                    "il y a une minute",
                    "il y a 2\u{a0}minutes",
                    "il y a une heure",
                    "il y a 23\u{a0}heures",
                    "il y a 1\u{a0}jour",
                    "il y a 1\u{a0}année, 4\u{a0}mois",
                    "dans une seconde",
                    "dans 30\u{a0}secondes",
                    "dans une minute",
                    "dans 2\u{a0}minutes",
                    "dans une heure",
                    "dans 23\u{a0}heures",
                    "dans 1\u{a0}jour",
                    "dans 2\u{a0}jours, 6\u{a0}heures",
                    "dans 1\u{a0}année, 4\u{a0}mois",
                    "il y a 5\u{a0}jours, 2\u{a0}heures",
                    "il y a 3\u{a0}semaines, 1\u{a0}jour",
                ],
            ),
            (
                "ar",
                [
                    "الآن",
                    "منذ ثانية",
                    "منذ 30\u{a0}ثانية",
                    "منذ دقيقة",
                    "منذ 2 دقيقة",
                    "منذ ساعة",
                    "منذ 23 ساعة",
                    "1\u{a0}يوم مضت",
                    "1\u{a0}سنة، 4\u{a0}أشهر مضت",
                    "منذ ثانية من الآن",
                    "30 ثواني من الآن",
                    "منذ دقيقة من الآن",
                    "2 دقائق من الآن",
                    "منذ ساعة من الآن",
                    "23 ساعات من الآن",
                    "1\u{a0}يوم من الآن",
                    "2\u{a0}يومين، 6\u{a0}ساعات من الآن",
                    "1\u{a0}سنة، 4\u{a0}أشهر من الآن",
                    "5\u{a0}أيام، 2\u{a0}ساعتين مضت",
                    "3\u{a0}أسابيع، 1\u{a0}يوم مضت",
                ],
            ),
        ];
        for (code, outputs) in expected {
            for (delta, want) in deltas_us.iter().zip(outputs) {
                let when = current
                    .checked_add(filters::dates::jiff::SignedDuration::from_micros(*delta))
                    .unwrap();
                let got = naturaltime_at(when, current, Lang::new(code));
                assert_eq!(got, want, "{code} {delta}");
            }
        }
    }
}
