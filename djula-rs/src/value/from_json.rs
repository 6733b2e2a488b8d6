//! Context values JSON cannot say, written as one-key objects
//! (`{"__safe__": "<b>"}`, `{"__datetime__": "2008-01-02T12:30:00"}`, …).
//! The rule lives here once; both the serde path and JSON input use it.

use std::sync::Arc;

use super::dict::Entry;
use super::{DateValue, Map, Value};

/// If a dict of `entries` is one of the special one-key objects, the value
/// it stands for.
pub(super) fn special_object(entries: &[Entry]) -> Option<Value> {
    match entries {
        [(key, value)] => special_entry(key, value),
        _ => None,
    }
}

/// The struct name and field serde_json's `arbitrary_precision` feature
/// serializes a `Number` as (a one-field struct holding its text).
const ARBITRARY_PRECISION_NUMBER: &str = "$serde_json::private::Number";

/// A JSON number's text as Python's `json` reads it: an integer literal is
/// an int (exact to 128 bits here; Python's are unbounded, so past that a
/// float), anything else a float.
fn json_number(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i128>() {
            return Some(Value::int(i));
        }
    }
    text.parse::<f64>().ok().map(Value::Float)
}

/// The special object a one-key map of `key` and `value` stands for.
pub(super) fn special_entry(key: &str, value: &Value) -> Option<Value> {
    special_text(key, value.as_str()?)
}

/// [`special_entry`] of a text value.
pub(super) fn special_text(key: &str, text: &str) -> Option<Value> {
    let date = match key {
        "__safe__" => return Some(Value::safe(text)),
        "__datetime__" => DateValue::parse_datetime(text)?,
        "__date__" => DateValue::parse_date(text)?,
        "__time__" => DateValue::parse_time(text)?,
        ARBITRARY_PRECISION_NUMBER => return json_number(text),
        _ => return None,
    };
    Some(Value::Date(date))
}

impl From<&serde_json::Value> for Value {
    /// Converts JSON, reading the special one-key objects.
    fn from(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Value::Int(i),
                (None, Some(u)) => Value::int(u.into()),
                // Past 64 bits: exact when serde_json kept the text
                // (`arbitrary_precision`), else the float it read.
                _ => json_number(&n.to_string())
                    .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or(f64::NAN))),
            },
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(items) => Value::list(items.iter().map(Value::from).collect()),
            serde_json::Value::Object(entries) => {
                let map: Map = entries
                    .iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), Value::from(v)))
                    .collect();
                special_object(map.entries()).unwrap_or_else(|| Value::from(map))
            }
        }
    }
}
