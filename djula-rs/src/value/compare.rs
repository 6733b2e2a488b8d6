//! Python's `==`, ordering and `in` for values, as `{% if %}` uses them.

use std::cmp::Ordering;

use super::Value;

impl PartialEq for Value {
    /// Python's `==`: `1 == 1.0 == True`, safe and plain strings compare by text.
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None) => true,
            (Str(_) | Safe(_), Str(_) | Safe(_)) => self.as_str() == other.as_str(),
            (List(a), List(b)) => a == b,
            (Map(a), Map(b)) => dict_eq(a, b),
            (Date(a), Date(b)) => date_eq(a, b),
            (Object(a), Object(b)) => object_eq(a, b),
            _ => match (self.as_number(), other.as_number()) {
                (Some(a), Some(b)) => a.partial_cmp(b) == Some(Ordering::Equal),
                _ => false,
            },
        }
    }
}

/// A number as Python compares it: bools are ints.
#[derive(Clone, Copy, PartialEq)]
enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// Python compares an int and a float exactly, not by rounding the
    /// int to a float (`2**53 + 1 > 2.0**53`).
    fn partial_cmp(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (Number::Int(a), Number::Float(b)) => int_float_cmp(a, b),
            (Number::Float(a), Number::Int(b)) => int_float_cmp(b, a).map(Ordering::reverse),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }
}

/// `a` against `b` exactly: against the float's floor, which is an
/// integer, when it is within `i128`; beyond, the float's magnitude wins.
fn int_float_cmp(a: i128, b: f64) -> Option<Ordering> {
    if b.is_nan() {
        return None;
    }
    let floor = b.floor();
    // 2^127: every float below it in magnitude floors to an i128.
    if floor.abs() >= 1.7e38 {
        return Some(if b > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor_int = floor as i128;
    Some(match a.cmp(&floor_int) {
        Ordering::Equal if b != floor => Ordering::Less,
        other if other.is_le() => other,
        _ => Ordering::Greater,
    })
}

impl Value {
    fn as_number(&self) -> Option<Number> {
        match self {
            Value::Bool(b) => Some(Number::Int(i128::from(*b))),
            Value::Int(i) => Some(Number::Int(i128::from(*i))),
            Value::BigInt(i) => Some(Number::Int(**i)),
            Value::Float(f) => Some(Number::Float(*f)),
            _ => None,
        }
    }

    /// Python's ordering (`<`, `>`, …); `None` where Python raises
    /// `TypeError` (Django's `{% if %}` then treats the test as false).
    ///
    /// ```
    /// use djula::Value;
    /// assert!(Value::Int(1).python_cmp(&Value::Float(1.5)).unwrap().is_lt());
    /// assert!(Value::str("a").python_cmp(&Value::Int(1)).is_none());
    /// ```
    pub fn python_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Str(_) | Safe(_), Str(_) | Safe(_)) => Some(self.as_str().cmp(&other.as_str())),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    if x != y {
                        return x.python_cmp(y);
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            (Date(a), Date(b)) => date_cmp(a, b),
            (Object(a), Object(b)) => match (&**a, &**b) {
                (super::Object::TimeDelta(x), super::Object::TimeDelta(y)) => Some(x.cmp(y)),
                _ => Option::None,
            },
            _ => self.as_number()?.partial_cmp(other.as_number()?),
        }
    }

    /// Python's `self[index]` with an integer: `Ok(None)` where Python
    /// raises `IndexError` (out of range), `Err` with Python's message
    /// where it raises anything else (a dict has no key `0`, an int cannot
    /// be subscripted). Filters such as `first` and `last` follow it.
    ///
    /// ```
    /// use djula::Value;
    /// assert_eq!(Value::str("ab").python_index(-1), Ok(Some(Value::str("b"))));
    /// assert_eq!(Value::list(vec![]).python_index(0), Ok(None));
    /// assert_eq!(Value::Int(5).python_index(0).unwrap_err(), "'int' object is not subscriptable");
    /// ```
    pub fn python_index(&self, index: i64) -> Result<Option<Value>, String> {
        let at = |len: usize| {
            let len = i64::try_from(len).ok()?;
            usize::try_from(if index < 0 { index + len } else { index }).ok()
        };
        match self {
            Value::List(items) => Ok(at(items.len()).and_then(|i| items.get(i).cloned())),
            Value::Str(_) | Value::Safe(_) => {
                let s: &str = self.as_str().unwrap_or_default();
                let len = s.chars().count();
                let item = at(len).and_then(|i| s.chars().nth(i));
                // `SafeString[i]` is a plain `str`: safeness is not kept.
                Ok(item.map(|c| Value::str(c.to_string())))
            }
            // A dict is looked up by the integer key, which string keys
            // never equal: Python's `KeyError`.
            Value::Map(_) => Err(format!("KeyError: {index}")),
            Value::Object(object) => match &**object {
                super::Object::View(..)
                | super::Object::TzInfo(_)
                | super::Object::TimeDelta(_) => Err(format!(
                    "'{}' object is not subscriptable",
                    self.type_name()
                )),
                other => Ok(other.index(index)),
            },
            other => Err(format!(
                "'{}' object is not subscriptable",
                other.type_name()
            )),
        }
    }

    /// Python's `int(self)`, as Django's filters apply it to their
    /// arguments: booleans are 0 and 1, floats are truncated, strings are
    /// read as Python reads them (spaces around, a sign, `_` between
    /// digits); `None` where Python raises.
    ///
    /// ```
    /// use djula::Value;
    /// assert_eq!(Value::str(" 1_000 ").python_int(), Some(1000));
    /// assert_eq!(Value::Float(-2.7).python_int(), Some(-2));
    /// assert_eq!(Value::str("_1").python_int(), None);
    /// ```
    pub fn python_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(i128::from(*i)),
            Value::BigInt(i) => Some(**i),
            Value::Bool(b) => Some(i128::from(*b)),
            // Beyond i128 Python's int is exact and this value type is not.
            // Every float below 2^127 in size truncates to an exact i128.
            Value::Float(f) if f.is_finite() && f.abs() < 2f64.powi(127) => Some(f.trunc() as i128),
            Value::Str(_) | Value::Safe(_) => {
                let s = filters::py::ascii_digits(self.as_str().unwrap_or_default());
                let text = s.trim_matches(filters::py::is_space);
                let digits = text.trim_start_matches(['+', '-']);
                let well_formed = !digits.starts_with('_')
                    && !digits.ends_with('_')
                    && !digits.contains("__")
                    && text.len() - digits.len() <= 1;
                if !well_formed {
                    return None;
                }
                text.replace('_', "").parse().ok()
            }
            // `int(b"3")`: bytes are read as ASCII text.
            Value::Object(o) => match &**o {
                super::Object::Bytes(bytes) => {
                    Value::str(std::str::from_utf8(bytes).ok()?).python_int()
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Python's `needle in self`: an item of a list, a key of a dict, a
    /// substring of a string. `None` where Python raises `TypeError`.
    ///
    /// ```
    /// use djula::Value;
    /// assert_eq!(Value::str("abc").python_contains(&Value::str("b")), Some(true));
    /// ```
    pub fn python_contains(&self, needle: &Value) -> Option<bool> {
        match self {
            Value::List(items) => Some(items.iter().any(|item| item == needle)),
            // Tuples, dict views and named tuples hold their items.
            Value::Object(object) => match &**object {
                super::Object::Tuple(items) | super::Object::View(_, items) => {
                    Some(items.iter().any(|item| item == needle))
                }
                super::Object::Named { fields, .. } => {
                    Some(fields.iter().any(|(_, item)| item == needle))
                }
                _ => None,
            },
            Value::Map(map) => match needle {
                // Unhashable: Python's `TypeError`.
                Value::List(_) | Value::Map(_) => None,
                Value::Object(o) if matches!(&**o, super::Object::View(..)) => None,
                _ => Some(needle.as_str().is_some_and(|k| map.get(k).is_some())),
            },
            Value::Str(_) | Value::Safe(_) => {
                let s: &str = self.as_str().unwrap_or_default();
                Some(s.contains(needle.as_str()?))
            }
            _ => None,
        }
    }
}

/// Python's `==` between dicts: the same keys with equal values, in any
/// order.
fn dict_eq(a: &super::Dict, b: &super::Dict) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k) == Some(v))
}

/// Python's `==` between tuples (named ones too), and between dict views:
/// keys and items views compare as sets; a values view equals only
/// itself, and each lookup makes a new one.
fn object_eq(a: &super::Object, b: &super::Object) -> bool {
    use super::{DictView, Object};
    let tuple = |o: &Object| match o {
        Object::Tuple(items) => Some(items.clone()),
        Object::Named { fields, .. } => Some(fields.iter().map(|(_, v)| v.clone()).collect()),
        _ => None,
    };
    match (a, b) {
        (Object::View(DictView::Values, _), _) | (_, Object::View(DictView::Values, _)) => false,
        (Object::View(_, x), Object::View(_, y)) => {
            x.len() == y.len() && x.iter().all(|item| y.contains(item))
        }
        (Object::Bytes(x), Object::Bytes(y)) => x == y,
        // The same zone (a `tzinfo` read twice from one value).
        (Object::TzInfo(x), Object::TzInfo(y)) => x == y,
        (Object::TimeDelta(x), Object::TimeDelta(y)) => x == y,
        _ => match (tuple(a), tuple(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// Python's `==` between dates, datetimes and times: aware datetimes are
/// equal when they name the same instant; values of different kinds (a
/// `date` and a `datetime`, naive and aware) are never equal.
fn date_eq(a: &super::DateValue, b: &super::DateValue) -> bool {
    use filters::dates::DateValue::{Aware, Date, DateTime, Time};
    match (a, b) {
        (Aware(x), Aware(y)) => x.timestamp() == y.timestamp(),
        (Date(x), Date(y)) => x == y,
        (DateTime(x), DateTime(y)) => x == y,
        (Time(x), Time(y)) => x == y,
        _ => false,
    }
}

/// Python's ordering of dates, datetimes and times: aware datetimes by
/// instant; `None` (Python's `TypeError`) across kinds, naive and aware.
fn date_cmp(a: &super::DateValue, b: &super::DateValue) -> Option<Ordering> {
    use filters::dates::DateValue::{Aware, Date, DateTime, Time};
    match (a, b) {
        (Aware(x), Aware(y)) => x.timestamp()?.partial_cmp(&y.timestamp()?),
        (Date(x), Date(y)) => Some(x.cmp(y)),
        (DateTime(x), DateTime(y)) => Some(x.cmp(y)),
        (Time(x), Time(y)) => Some(x.cmp(y)),
        _ => None,
    }
}
