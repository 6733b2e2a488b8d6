//! Writing a value into the page: Django's `render_value_in_context`
//! (localize, then `str()`, then escape unless safe).

use crate::value::Value;

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
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        other => write_other(out, other, autoescape),
    }
}

/// [`write_value`] for the values printed less often than text and
/// integers (kept out of line so the common cases inline).
fn write_other(out: &mut String, value: &Value, autoescape: bool) {
    match value {
        Value::Float(f) => write_localized_float(out, *f),
        Value::Date(d) => {
            let text = crate::builtins::localize_date(d);
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
/// except that numbers Python prints with an exponent are written out in
/// full (`1e+16` → `10000000000000000`), as `Decimal`'s `{:f}` does.
pub(crate) fn write_localized_float(out: &mut String, f: f64) {
    let mut python = String::new();
    filters::write_python_float(&mut python, f);
    if !python.contains('e') || !f.is_finite() {
        out.push_str(&python);
        return;
    }
    let (mantissa, exponent) = python.split_once('e').unwrap_or((&python, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits = mantissa.trim_start_matches('-').replace('.', "");
    if exponent.unsigned_abs() as usize + digits.len() > 200 {
        out.push_str(&python);
        return;
    }
    // `{}` prints the shortest round-trip digits without an exponent.
    out.push_str(&format!("{f}"));
}

/// The value as text, as `str()` in Python.
pub(crate) fn text_of(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, false);
    out
}
