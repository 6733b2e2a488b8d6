//! Python values a template can reach but not write in a context: tuples,
//! the views of `dict.items()` / `.keys()` / `.values()`, `bytes`, and
//! named tuples such as `date.isocalendar()`. They print as Python prints
//! them and iterate as Python iterates them.

use std::sync::Arc;

use super::Value;

/// A Python object of a type JSON and serde have no word for.
///
/// ```
/// let d = djula::to_value(&serde_json::json!({"a": 1})).unwrap();
/// let items = d.get_attr("items").unwrap();
/// assert_eq!(items.to_text(), "dict_items([('a', 1)])");
/// assert_eq!(items.iter_items().unwrap()[0].to_text(), "('a', 1)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// A tuple: `(1, 2)`, `('a',)`.
    Tuple(Vec<Value>),
    /// A view of a dict: it iterates as its items and prints as
    /// `dict_items([...])`.
    View(DictView, Vec<Value>),
    /// `bytes`: `b'abc'`.
    Bytes(Vec<u8>),
    /// A named tuple: `datetime.IsoCalendarDate(year=2025, week=23, weekday=3)`.
    Named {
        /// The type's name as `repr` shows it.
        type_name: &'static str,
        /// Field names and values, in order.
        fields: Vec<(&'static str, Value)>,
    },
    /// A time zone (Python's `tzinfo`), as an aware datetime's `tzinfo`
    /// gives it: prints as `str(tz)` (`UTC`, `+0200`, `Europe/Paris`);
    /// the `timezone` filter and tag take it.
    TzInfo(filters::dates::TzInfo),
    /// A `datetime.timedelta` (`utcoffset()`, `dst()`, `resolution`), in
    /// microseconds: prints as `str(td)` (`2:00:00`, `-1 day, 19:00:00`).
    TimeDelta(i128),
}

/// Which view of a dict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictView {
    /// `dict.items()`: `(key, value)` tuples.
    Items,
    /// `dict.keys()`.
    Keys,
    /// `dict.values()`.
    Values,
}

impl Object {
    /// The values iterating the object visits.
    pub(crate) fn items(&self) -> Vec<Value> {
        match self {
            Object::Tuple(items) | Object::View(_, items) => items.clone(),
            Object::Bytes(bytes) => bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
            Object::Named { fields, .. } => fields.iter().map(|(_, v)| v.clone()).collect(),
            Object::TzInfo(_) | Object::TimeDelta(_) => Vec::new(),
        }
    }

    /// Whether Python can iterate the object (a `tzinfo` or `timedelta`
    /// cannot: `for` over one is a `TypeError`).
    pub(crate) fn is_iterable(&self) -> bool {
        !matches!(self, Object::TzInfo(_) | Object::TimeDelta(_))
    }

    /// Python's `len()`.
    pub(crate) fn len(&self) -> usize {
        match self {
            Object::Tuple(items) | Object::View(_, items) => items.len(),
            Object::Bytes(bytes) => bytes.len(),
            Object::Named { fields, .. } => fields.len(),
            Object::TzInfo(_) | Object::TimeDelta(_) => 0,
        }
    }

    /// `obj[index]` where the type allows it (tuples, bytes, named tuples;
    /// dict views are not subscriptable).
    pub(crate) fn index(&self, index: i64) -> Option<Value> {
        let len = i64::try_from(self.len()).ok()?;
        let at = usize::try_from(if index < 0 { index + len } else { index }).ok()?;
        match self {
            Object::Tuple(items) => items.get(at).cloned(),
            Object::Bytes(bytes) => bytes.get(at).map(|b| Value::Int(i64::from(*b))),
            Object::Named { fields, .. } => fields.get(at).map(|(_, v)| v.clone()),
            Object::View(..) | Object::TzInfo(_) | Object::TimeDelta(_) => None,
        }
    }

    /// A named field of a named tuple.
    pub(crate) fn field(&self, name: &str) -> Option<Value> {
        match self {
            Object::Named { fields, .. } => fields
                .iter()
                .find(|(field, _)| *field == name)
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// Python's `repr()` (which `str()` is too, for these types but
    /// `tzinfo`).
    pub(crate) fn write_repr(&self, out: &mut String) {
        match self {
            Object::Tuple(items) => {
                out.push('(');
                write_items(out, items);
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Object::View(kind, items) => {
                out.push_str(match kind {
                    DictView::Items => "dict_items([",
                    DictView::Keys => "dict_keys([",
                    DictView::Values => "dict_values([",
                });
                write_items(out, items);
                out.push_str("])");
            }
            Object::Bytes(bytes) => write_bytes_repr(out, bytes),
            Object::Named { type_name, fields } => {
                out.push_str(type_name);
                out.push('(');
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    out.push('=');
                    super::python::write_repr(out, value);
                }
                out.push(')');
            }
            Object::TzInfo(tz) => out.push_str(&tz.repr()),
            Object::TimeDelta(micros) => {
                let (days, seconds, microseconds) = timedelta_parts(*micros);
                let mut args = Vec::new();
                if days != 0 {
                    args.push(format!("days={days}"));
                }
                if seconds != 0 {
                    args.push(format!("seconds={seconds}"));
                }
                if microseconds != 0 {
                    args.push(format!("microseconds={microseconds}"));
                }
                if args.is_empty() {
                    args.push("0".into());
                }
                out.push_str("datetime.timedelta(");
                out.push_str(&args.join(", "));
                out.push(')');
            }
        }
    }
}

/// The microseconds a `timedelta` can hold: `timedelta.min` (minus
/// 999,999,999 days) to `timedelta.max` (999,999,999 days and a day less a
/// microsecond).
pub(crate) const TIMEDELTA_RANGE: std::ops::RangeInclusive<i128> =
    -999_999_999 * 86_400_000_000..=1_000_000_000 * 86_400_000_000 - 1;

/// A `timedelta`'s normalized `(days, seconds, microseconds)`, as Python
/// keeps them: `seconds` in `0..86400`, `microseconds` in `0..1_000_000`.
pub(crate) fn timedelta_parts(micros: i128) -> (i128, i128, i128) {
    const DAY: i128 = 86_400_000_000;
    let days = micros.div_euclid(DAY);
    let rest = micros.rem_euclid(DAY);
    (days, rest / 1_000_000, rest % 1_000_000)
}

/// Python's `str(timedelta)`: `2:00:00`, `-1 day, 19:00:00`,
/// `0:00:00.000001`.
pub(crate) fn timedelta_str(micros: i128) -> String {
    let (days, seconds, microseconds) = timedelta_parts(micros);
    let mut out = String::new();
    if days != 0 {
        let plural = if days.abs() == 1 { "" } else { "s" };
        out.push_str(&format!("{days} day{plural}, "));
    }
    out.push_str(&format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    ));
    if microseconds != 0 {
        out.push_str(&format!(".{microseconds:06}"));
    }
    out
}

fn write_items(out: &mut String, items: &[Value]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        super::python::write_repr(out, item);
    }
}

/// Python's `repr(bytes)`: single quotes unless the bytes hold a single
/// quote and no double quote; `\t \n \r \\` and the quote escaped,
/// other bytes outside printable ASCII as `\xNN`.
fn write_bytes_repr(out: &mut String, bytes: &[u8]) {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(quote);
    for &b in bytes {
        match b {
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\\' => out.push_str("\\\\"),
            _ if char::from(b) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
}

impl Value {
    /// A tuple value.
    ///
    /// ```
    /// let t = djula::Value::tuple(vec![djula::Value::Int(1)]);
    /// assert_eq!(t.to_text(), "(1,)");
    /// ```
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Object(Arc::new(Object::Tuple(items)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(object: Object) -> String {
        let mut out = String::new();
        object.write_repr(&mut out);
        out
    }

    #[test]
    fn objects_print_as_python_prints_them() {
        assert_eq!(repr(Object::Tuple(vec![])), "()");
        assert_eq!(repr(Object::Tuple(vec![Value::str("a")])), "('a',)");
        assert_eq!(repr(Object::Bytes(b"o'b\x05".to_vec())), "b\"o'b\\x05\"");
        assert_eq!(repr(Object::Bytes(b"a'\"".to_vec())), "b'a\\'\"'");
        assert_eq!(
            repr(Object::View(DictView::Keys, vec![Value::str("a")])),
            "dict_keys(['a'])"
        );
    }
}
