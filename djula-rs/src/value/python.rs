//! Python's `str()` and `repr()` of values, and the few Python methods that
//! Django templates commonly call through dotted lookup (`dict.items`, …).

use std::sync::Arc;

use super::{DateValue, Map, Value};

/// Python's `str(value)`.
pub(super) fn write_str(out: &mut String, value: &Value) {
    match value {
        Value::Str(s) | Value::Safe(s) => out.push_str(s),
        Value::Date(d) => out.push_str(&d.to_string()),
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
        Value::Float(f) => filters::write_python_float(out, *f),
        Value::Str(s) | Value::Safe(s) => write_str_repr(out, s),
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
        Value::Date(d) => out.push_str(&d.to_string()),
    }
}

/// Python's `repr(str)`, from the shared core.
fn write_str_repr(out: &mut String, s: &str) {
    out.push_str(&filters::text::python_repr(s));
}

/// The zero-argument dict methods templates call: `items`, `keys`, `values`.
pub(super) fn dict_method(map: &Map, name: &str) -> Option<Value> {
    let items: Vec<Value> = match name {
        "items" => map
            .iter()
            .map(|(k, v)| Value::list(vec![Value::Str(k.clone()), v.clone()]))
            .collect(),
        "keys" => map.iter().map(|(k, _)| Value::Str(k.clone())).collect(),
        "values" => map.iter().map(|(_, v)| v.clone()).collect(),
        _ => return None,
    };
    Some(Value::List(Arc::new(items)))
}

/// Dotted lookup on a string: an index (`s.0`) or a zero-argument method.
pub(super) fn str_attr(s: &str, safe: bool, name: &str) -> Option<Value> {
    if let Ok(index) = name.parse::<i64>() {
        let count = s.chars().count() as i64;
        let index = if index < 0 { index + count } else { index };
        let c = s.chars().nth(usize::try_from(index).ok()?)?;
        return Some(Value::str(c.to_string()));
    }
    let text = match name {
        "upper" => s.to_uppercase(),
        "lower" => s.to_lowercase(),
        "strip" => s.trim().to_string(),
        "capitalize" => {
            let mut chars = s.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        }
        _ => return None,
    };
    Some(if safe {
        Value::safe(text)
    } else {
        Value::str(text)
    })
}

/// Dotted lookup on a date: `year`, `month`, `day`, `hour`, ….
pub(super) fn date_attr(date: &DateValue, name: &str) -> Option<Value> {
    let day = date.date();
    let time = date.time();
    let n: i64 = match name {
        "year" => day?.year().into(),
        "month" => day?.month().into(),
        "day" => day?.day().into(),
        "hour" => time?.hour().into(),
        "minute" => time?.minute().into(),
        "second" => time?.second().into(),
        "microsecond" => (time?.subsec_nanosecond() / 1000).into(),
        _ => return None,
    };
    Some(Value::Int(n))
}
