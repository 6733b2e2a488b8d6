//! Writing a value into the page: Django's `render_value_in_context`
//! (localize, then `str()`, then escape unless safe).

use crate::value::{DateValue, Value};

/// Appends `value` as Django prints a variable: numbers and dates
/// localized (with the fixed `en` formats), text escaped when `autoescape`
/// is on and the value is not safe.
#[inline]
pub(crate) fn write_value(out: &mut String, value: &Value, autoescape: bool) {
    match value {
        Value::Safe(s) => out.push_str(s),
        Value::Str(s) => {
            if autoescape {
                filters::escape_into(out, s);
            } else {
                out.push_str(s);
            }
        }
        Value::Int(i) => write_int(out, *i),
        other => write_other(out, other, autoescape),
    }
}

/// Writes an integer in decimal, as `filters::digits` writes digits for
/// both engines (fixed-size copies below 10,000).
#[inline]
pub(crate) fn write_int(out: &mut String, i: i64) {
    filters::digits::write_i64(out, i);
}

/// [`write_value`] for the values printed less often than text and
/// integers (kept out of line so the common cases inline).
fn write_other(out: &mut String, value: &Value, autoescape: bool) {
    match value {
        Value::Float(f) => write_localized_float(out, *f),
        Value::Date(d) => {
            // Django's `template_localtime`, then `localize`.
            let text = match super::tz::template_localtime(d) {
                Some(local) => localize_date(&local),
                None => localize_date(d),
            };
            if autoescape {
                filters::escape_into(out, &text);
            } else {
                out.push_str(&text);
            }
        }
        other => {
            let text = other.to_text();
            if autoescape {
                filters::escape_into(out, &text);
            } else {
                out.push_str(&text);
            }
        }
    }
}

/// Django's `number_format` of a float without grouping: Python's `str()`,
/// except that numbers Python prints with an exponent go through
/// `Decimal(str(f))` and `{:f}`: written out in full (`1e+16` →
/// `10000000000000000`, `1.5e-05` → `0.000015`), unless that takes more
/// than 200 digits, where Django keeps the exponent form.
pub(crate) fn write_localized_float(out: &mut String, f: f64) {
    let mut python = String::new();
    filters::write_python_float(&mut python, f);
    let Some((mantissa, exponent)) = python.split_once('e') else {
        out.push_str(&python);
        return;
    };
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let count = i64::try_from(digits.len()).unwrap_or(0);
    // `Decimal.as_tuple()`: the exponent of the last digit.
    let last = exponent - (count - 1);
    if last.abs() + count > 200 {
        out.push_str(&python);
        return;
    }
    out.push_str(sign);
    if last >= 0 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', usize::try_from(last).unwrap_or(0)));
    } else if exponent < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(-exponent - 1).unwrap_or(0),
        ));
        out.push_str(&digits);
    } else {
        // Not reached: Python uses an exponent only below 1e-4 or from 1e16.
        let (int_part, frac) =
            digits.split_at(usize::try_from(exponent + 1).unwrap_or(0).min(digits.len()));
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac);
    }
}

/// Django's `render_value_in_context` in a language: floats and dates
/// localized with `lang`'s formats and words (Django's `localize`), or,
/// with `use_l10n` false (`{% localize off %}`), `str()` of a float and
/// the dates in `settings`' formats (still with the language's words).
/// Everything else prints as [`write_value`] prints it.
pub(crate) fn write_value_l10n(
    out: &mut String,
    value: &Value,
    autoescape: bool,
    lang: filters::l10n::Lang<'_>,
    use_l10n: bool,
) {
    let text = match value {
        Value::Float(f) if use_l10n => {
            let mut python = String::new();
            write_localized_float(&mut python, *f);
            if (lang.decimal_separator() == "." && !lang.groups_thousands()) || !f.is_finite() {
                python
            } else {
                filters::numbers::number_format_in(&python, None, false, lang)
            }
        }
        // Django's `USE_THOUSAND_SEPARATOR`: integers are grouped too.
        Value::Int(_) | Value::BigInt(_) if use_l10n && lang.groups_thousands() => {
            filters::numbers::number_format_in(&value.to_text(), None, false, lang)
        }
        Value::Float(f) => {
            let mut python = String::new();
            filters::write_python_float(&mut python, *f);
            python
        }
        Value::Date(d) => {
            let name = match *d {
                DateValue::Date(_) => "DATE_FORMAT",
                DateValue::Time(_) => "TIME_FORMAT",
                _ => "DATETIME_FORMAT",
            };
            let format = if use_l10n {
                lang.format(name)
            } else {
                filters::l10n::Lang::english().format(name)
            };
            // The render's TIME_ZONE, kept per render (not looked up by name
            // per value, and not Chicago under another setting).
            let zone = super::tz::render_default_zone();
            filters::dates::format_in(d, format.unwrap_or("N j, Y"), &zone, lang)
                .unwrap_or_else(|_| d.to_string())
        }
        other => return write_value(out, other, autoescape),
    };
    if autoescape {
        filters::escape_into(out, &text);
    } else {
        out.push_str(&text);
    }
}

/// The value as text, as `str()` in Python.
pub(crate) fn text_of(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, false);
    out
}

/// How Django prints a date value in a template (`DATE_FORMAT`,
/// `DATETIME_FORMAT`, `TIME_FORMAT` of the `en` locale).
pub(crate) fn localize_date(date: &DateValue) -> String {
    let format = match date {
        DateValue::Date(_) => "N j, Y",
        DateValue::Time(_) => "P",
        _ => "N j, Y, P",
    };
    format_date(date, format).unwrap_or_else(|_| date.to_string())
}

/// Formats a date with Django's format characters (naive datetimes read
/// in the render's `TIME_ZONE`).
pub(crate) fn format_date(date: &DateValue, format: &str) -> Result<String, filters::FilterError> {
    let zone = super::tz::render_default_zone();
    filters::dates::format(date, format, &zone)
}

/// The `date` filter of a date in `lang` (named formats resolved), with
/// the zone facts of [`format_date`].
pub(crate) fn date_filter_in(
    date: &DateValue,
    format: &str,
    lang: filters::l10n::Lang<'_>,
) -> Result<String, filters::FilterError> {
    let zone = super::tz::render_default_zone();
    filters::dates::date_in(date, Some(format), &zone, lang)
}

#[cfg(test)]
mod tests {
    use super::write_localized_float;

    fn localized(f: f64) -> String {
        let mut out = String::new();
        write_localized_float(&mut out, f);
        out
    }

    #[test]
    fn floats_print_as_django_localizes_them() {
        // Expected texts from Django 6.1 (`{{ x }}`).
        assert_eq!(localized(1e16), "10000000000000000");
        assert_eq!(localized(1.5e-5), "0.000015");
        assert_eq!(localized(0.1), "0.1");
        assert_eq!(localized(-1.989032661366619e244), "-1.989032661366619e+244");
        assert_eq!(localized(4.708325160387546e207), "4.708325160387546e+207");
        // 198 digits: written out, although its exponent is 197.
        let long = localized(-1.7160537630466207e197);
        assert!(long.starts_with("-17160537630466207000"), "{long}");
        assert_eq!(long.len(), 1 + 198);
        // An exact tie between two shortest texts rounds to even, as repr does.
        assert_eq!(localized(1658206780088562.2), "1658206780088562.2");
    }

    #[test]
    fn json_contexts_read_floats_exactly() {
        // serde_json's default float reading can be one unit off; Python's
        // is exact, so the context must be too (`float_roundtrip`).
        let f: f64 = serde_json::from_str("1889191161246981.0").unwrap_or_default();
        assert_eq!(localized(f), "1889191161246981.0");
    }
}
