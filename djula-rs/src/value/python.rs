//! Python's `str()` and `repr()` of values (their methods are in
//! [`super::methods`]).

use super::{DateValue, Value};

/// Python's `str(value)`.
pub(super) fn write_str(out: &mut String, value: &Value) {
    match value {
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = value.as_str().unwrap_or_default();
            out.push_str(s)
        }
        Value::Date(d) => out.push_str(&d.to_string()),
        Value::Object(o) => match &**o {
            super::Object::TzInfo(tz) => out.push_str(&tz.name()),
            super::Object::TimeDelta(micros) => {
                out.push_str(&super::object::timedelta_str(*micros))
            }
            _ => o.write_repr(out),
        },
        other => write_repr(out, other),
    }
}

/// Python's `repr(value)`.
pub(super) fn write_repr(out: &mut String, value: &Value) {
    match value {
        Value::None => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        Value::BigInt(i) => out.push_str(itoa::Buffer::new().format(**i)),
        Value::Float(f) => filters::write_python_float(out, *f),
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = value.as_str().unwrap_or_default();
            write_str_repr(out, s)
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str_repr(out, k);
                out.push_str(": ");
                write_repr(out, v);
            }
            out.push('}');
        }
        Value::Date(d) => write_date_repr(out, d),
        Value::Object(o) => o.write_repr(out),
    }
}

/// Python's `repr()` of a date: `datetime.date(2025, 6, 4)`,
/// `datetime.datetime(2025, 6, 4, 15, 7)` (seconds and microseconds only
/// when not zero), `datetime.time(15, 7, 9)`.
fn write_date_repr(out: &mut String, date: &DateValue) {
    let time_parts = |t: filters::dates::jiff::civil::Time| {
        let mut parts = vec![i64::from(t.hour()), i64::from(t.minute())];
        let micros = i64::from(t.subsec_nanosecond() / 1000);
        if t.second() != 0 || micros != 0 {
            parts.push(i64::from(t.second()));
        }
        if micros != 0 {
            parts.push(micros);
        }
        parts
    };
    let (kind, parts) = match date {
        DateValue::Date(d) => (
            "date",
            vec![
                i64::from(d.year()),
                i64::from(d.month()),
                i64::from(d.day()),
            ],
        ),
        DateValue::DateTime(dt) => {
            let mut parts = vec![
                i64::from(dt.year()),
                i64::from(dt.month()),
                i64::from(dt.day()),
            ];
            parts.extend(time_parts(dt.time()));
            ("datetime", parts)
        }
        DateValue::Time(t) => ("time", time_parts(*t)),
        DateValue::Aware(a) => {
            let dt = a.datetime();
            let mut parts = vec![
                i64::from(dt.year()),
                i64::from(dt.month()),
                i64::from(dt.day()),
            ];
            parts.extend(time_parts(dt.time()));
            ("datetime", parts)
        }
    };
    match date {
        // What the `tz` filters return is Django's `datetimeobject`, a
        // subclass, which `repr` names without its module.
        DateValue::Aware(a) if !a.converts_to_local_time() => out.push_str("datetimeobject"),
        _ => {
            out.push_str("datetime.");
            out.push_str(kind);
        }
    }
    out.push('(');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(itoa::Buffer::new().format(*part));
    }
    if let DateValue::Aware(a) = date {
        out.push_str(", tzinfo=");
        out.push_str(&a.tzinfo().repr());
    }
    out.push(')');
}

/// Python's `repr(str)`, from the shared core.
fn write_str_repr(out: &mut String, s: &str) {
    out.push_str(&filters::text::python_repr(s));
}

/// `s.3`: the character at an index (negative from the end).
pub(super) fn str_index(s: &str, name: &str) -> Option<Value> {
    let index = super::python_index(name)?;
    let count = s.chars().count() as i64;
    let index = if index < 0 { index + count } else { index };
    let c = s.chars().nth(usize::try_from(index).ok()?)?;
    Some(Value::str(c.to_string()))
}
