//! The attributes and zero-argument methods of Python's built-in types, as
//! Django's dotted lookup reaches them (`{{ name.title }}`, `{{ d.items }}`,
//! `{{ when.isoformat }}`): one implementation for every type a context
//! value can be.
//!
//! Django calls what it finds when it is callable; a method that needs
//! arguments makes the variable invalid, as does a missing attribute: both
//! are `None` here. Written by hand because these are Python's rules (its
//! `str.title`, `float.hex`, `date.ctime`, …), which no crate implements.
//!
//! Methods that change a list or dict in Python (`pop`, `sort`, `clear`,
//! `popitem`, `update`) give what Python returns but leave the value as it
//! was: context values are shared and never change during a render. Where
//! Python raises instead (`pop` of an empty list, `popitem` of an empty
//! dict, `sort` of items `<` cannot order), [`raised`] gives the error,
//! which Django lets through.

use filters::dates::jiff::civil;
use filters::py::{expandtabs, is_space, split_whitespace, splitlines};

use super::object::{DictView, Object};
use super::{DateValue, Dict, Value};

/// `value.name` for an attribute or zero-argument method of `value`'s
/// Python type (after dict keys, before list indexes, as Django looks).
pub(crate) fn attribute(value: &Value, name: &str) -> Option<Value> {
    match value {
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = value.as_str().unwrap_or_default();
            // `format()` of a string without braces is the very object in
            // Python, so a safe string stays safe (any other method makes
            // a plain `str`).
            if name == "format" && !s.contains(['{', '}']) {
                return Some(value.clone());
            }
            str_method(s, name)
        }
        Value::Int(i) => int_method(i128::from(*i), name),
        Value::BigInt(i) => int_method(**i, name),
        Value::Bool(b) => bool_method(*b, name),
        Value::Float(f) => float_method(*f, name),
        Value::List(items) => list_method(items, name),
        Value::Map(map) => dict_method(map, name),
        Value::Date(date) => date_method(date, name),
        Value::Object(object) => object.field(name).or_else(|| object_method(object, name)),
        Value::None => None,
    }
}

/// Python's `s.format()`: `{{` and `}}` become `{` and `}`; `None` for
/// any other brace (a replacement field, which needs an argument).
fn format_without_arguments(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {
                if chars.next() != Some(c) {
                    return None;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Whether `name` is a method of `value`'s Python type that cannot be
/// called without arguments (`{{ s.count }}`, `{{ d.get }}`). Django then
/// takes its `string_if_invalid` text as the value (an "invalid method
/// call") and goes on looking up in it. Listed from Python 3.12: the
/// public methods whose call with no arguments raises `TypeError`.
pub(crate) fn needs_arguments(value: &Value, name: &str) -> bool {
    /// The methods `str` and `bytes` share that need arguments.
    const TEXT_METHODS_WITH_ARGUMENTS: [&str; 19] = [
        "center",
        "count",
        "endswith",
        "find",
        "index",
        "join",
        "ljust",
        "maketrans",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "startswith",
        "translate",
        "zfill",
    ];
    let methods: &[&str] = match value {
        Value::Str(_) | Value::Safe(_) => {
            return name == "format_map" || TEXT_METHODS_WITH_ARGUMENTS.contains(&name)
        }
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => &["from_bytes"],
        Value::Float(_) => &["fromhex"],
        Value::List(_) => &["append", "count", "extend", "index", "insert", "remove"],
        Value::Map(_) => &["fromkeys", "get", "pop", "setdefault"],
        Value::Date(DateValue::Date(_)) => &[
            "fromisocalendar",
            "fromisoformat",
            "fromordinal",
            "fromtimestamp",
            "strftime",
        ],
        Value::Date(DateValue::Time(_)) => &["fromisoformat", "strftime"],
        Value::Date(_) => &[
            "combine",
            "fromisocalendar",
            "fromisoformat",
            "fromordinal",
            "fromtimestamp",
            "strftime",
            "strptime",
            "utcfromtimestamp",
        ],
        Value::Object(object) if matches!(**object, Object::Bytes(_)) => {
            return name == "fromhex" || TEXT_METHODS_WITH_ARGUMENTS.contains(&name)
        }
        Value::None | Value::Object(_) => &[],
    };
    methods.contains(&name)
}

/// A title-case letter (`ǅ`, Unicode's Lt): neither upper nor lower case,
/// yet it has a lower-case form.
fn is_titlecase(c: char) -> bool {
    !c.is_lowercase() && !c.is_uppercase() && c.to_lowercase().ne(std::iter::once(c))
}

/// Unicode decimal digits (Python's `isdecimal`, category Nd): the one
/// table `int()` and `float()` read them by.
fn is_decimal(c: char) -> bool {
    filters::py::decimal_value(c).is_some()
}

/// Digits that are not decimal (Python's `isdigit` and not `isdecimal`:
/// superscripts, subscripts, circled and Ethiopic digits), generated from
/// Python 3.12's Unicode 15.0.
fn is_digit_only(c: char) -> bool {
    matches!(c, '\u{b2}'..='\u{b3}' | '\u{b9}' | '\u{1369}'..='\u{1371}' | '\u{19da}' | '\u{2070}' | '\u{2074}'..='\u{2079}' | '\u{2080}'..='\u{2089}' | '\u{2460}'..='\u{2468}' | '\u{2474}'..='\u{247c}' | '\u{2488}'..='\u{2490}' | '\u{24ea}' | '\u{24f5}'..='\u{24fd}' | '\u{24ff}' | '\u{2776}'..='\u{277e}' | '\u{2780}'..='\u{2788}' | '\u{278a}'..='\u{2792}' | '\u{10a40}'..='\u{10a43}' | '\u{10e60}'..='\u{10e68}' | '\u{11052}'..='\u{1105a}' | '\u{1f100}'..='\u{1f10a}')
}

fn all_nonempty(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

fn text(s: String) -> Option<Value> {
    Some(Value::str(s))
}

fn boolean(b: bool) -> Option<Value> {
    Some(Value::Bool(b))
}

fn strings(parts: impl Iterator<Item = impl Into<crate::value::Text>>) -> Option<Value> {
    Some(Value::list(parts.map(|p| Value::str(p)).collect()))
}

/// Python's `str.istitle()`.
fn istitle(s: &str) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

fn str_method(s: &str, name: &str) -> Option<Value> {
    match name {
        "upper" => text(s.to_uppercase()),
        "lower" => text(s.to_lowercase()),
        "casefold" => text(filters::casefold::casefold(s)),
        "title" => text(filters::py::title(s)),
        "capitalize" => text(filters::py::capitalize(s)),
        "swapcase" => text(filters::py::swapcase(s)),
        // With no arguments: doubled braces become single ones. A
        // replacement field fails in Python (an error there, an invalid
        // variable here).
        "format" => format_without_arguments(s).map(Value::str),
        "strip" => text(s.trim_matches(is_space).to_string()),
        "lstrip" => text(s.trim_start_matches(is_space).to_string()),
        "rstrip" => text(s.trim_end_matches(is_space).to_string()),
        "split" | "rsplit" => strings(split_whitespace(s)),
        "splitlines" => strings(splitlines(s).into_iter()),
        "expandtabs" => text(expandtabs(s)),
        "isdigit" => boolean(all_nonempty(s, |c| is_decimal(c) || is_digit_only(c))),
        "isdecimal" => boolean(all_nonempty(s, is_decimal)),
        "isnumeric" => boolean(all_nonempty(s, filters::py::is_numeric)),
        "isalpha" => boolean(all_nonempty(s, filters::py::is_alpha)),
        "isalnum" => boolean(all_nonempty(s, filters::py::is_alnum)),
        "isascii" => boolean(s.is_ascii()),
        "isspace" => boolean(all_nonempty(s, is_space)),
        // Python's cased characters are upper, lower and title case (`ǅ`).
        "islower" => boolean(
            s.chars().any(char::is_lowercase)
                && !s.chars().any(|c| c.is_uppercase() || is_titlecase(c)),
        ),
        "isupper" => boolean(
            s.chars().any(char::is_uppercase)
                && !s.chars().any(|c| c.is_lowercase() || is_titlecase(c)),
        ),
        "istitle" => boolean(istitle(s)),
        "isidentifier" => boolean(filters::py::is_identifier(s)),
        "isprintable" => boolean(s.chars().all(filters::py::is_printable)),
        "encode" => Some(Value::Object(std::sync::Arc::new(Object::Bytes(
            s.as_bytes().to_vec(),
        )))),
        _ => None,
    }
}

fn ratio(numerator: i128, denominator: i128) -> Option<Value> {
    Some(Value::tuple(vec![
        Value::int(numerator),
        Value::int(denominator),
    ]))
}

fn int_method(i: i128, name: &str) -> Option<Value> {
    match name {
        "real" | "numerator" | "conjugate" => Some(Value::int(i)),
        "imag" => Some(Value::Int(0)),
        "denominator" => Some(Value::Int(1)),
        "bit_length" => Some(Value::Int(i64::from(
            128 - i.unsigned_abs().leading_zeros(),
        ))),
        "bit_count" => Some(Value::Int(i64::from(i.unsigned_abs().count_ones()))),
        "as_integer_ratio" => ratio(i, 1),
        "is_integer" => boolean(true),
        // `to_bytes()`: one byte, big-endian, unsigned (Python raises
        // OverflowError beyond; the variable is then invalid here).
        "to_bytes" => u8::try_from(i)
            .ok()
            .map(|b| Value::Object(std::sync::Arc::new(Object::Bytes(vec![b])))),
        _ => None,
    }
}

fn bool_method(b: bool, name: &str) -> Option<Value> {
    // `bool` is a subclass of `int`: its attributes are ints.
    int_method(i128::from(b), name)
}

/// Python's `float.hex()`: `0x1.8000000000000p+0`.
fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exponent_bits = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = bits & 0x000f_ffff_ffff_ffff;
    let (lead, exponent) = if exponent_bits == 0 {
        (0, -1022)
    } else {
        (1, exponent_bits - 1023)
    };
    let sign_exp = if exponent < 0 { '-' } else { '+' };
    format!(
        "{sign}0x{lead}.{mantissa:013x}p{sign_exp}{}",
        exponent.abs()
    )
}

/// Python's `float.as_integer_ratio()`, exact: the smallest fraction.
fn float_ratio(f: f64) -> Option<Value> {
    if !f.is_finite() {
        return None;
    }
    let bits = f.to_bits();
    let exponent_bits = ((bits >> 52) & 0x7ff) as i64;
    let mut mantissa = (bits & 0x000f_ffff_ffff_ffff) as i128;
    let mut exponent = if exponent_bits == 0 {
        -1074
    } else {
        mantissa |= 1 << 52;
        exponent_bits - 1075
    };
    if mantissa == 0 {
        return ratio(0, 1);
    }
    while mantissa & 1 == 0 && exponent < 0 {
        mantissa >>= 1;
        exponent += 1;
    }
    let sign: i128 = if f < 0.0 { -1 } else { 1 };
    if exponent >= 0 {
        let n = mantissa.checked_shl(u32::try_from(exponent).ok()?)?;
        return Some(Value::tuple(vec![int_value(sign * n), Value::Int(1)]));
    }
    let d = 1i128.checked_shl(u32::try_from(-exponent).ok()?)?;
    Some(Value::tuple(vec![int_value(sign * mantissa), int_value(d)]))
}

fn int_value(n: i128) -> Value {
    Value::int(n)
}

fn float_method(f: f64, name: &str) -> Option<Value> {
    match name {
        "real" | "conjugate" => Some(Value::Float(f)),
        "imag" => Some(Value::Float(0.0)),
        "is_integer" => boolean(f.is_finite() && f.fract() == 0.0),
        "hex" => text(float_hex(f)),
        "as_integer_ratio" => float_ratio(f),
        _ => None,
    }
}

fn list_method(items: &std::sync::Arc<[Value]>, name: &str) -> Option<Value> {
    match name {
        "copy" => Some(Value::List(items.clone())),
        "pop" => items.last().cloned(),
        "sort" if sort_error(items).is_some() => None,
        "clear" | "reverse" | "sort" => Some(Value::None),
        _ => None,
    }
}

/// The exception Python raises when `value.name()` is called, for the
/// zero-argument methods that can raise on a value of the right type:
/// its type and message, as Django lets it through (`IndexError: pop from
/// empty list`). `None` when the call succeeds or is no such method.
pub(crate) fn raised(value: &Value, name: &str) -> Option<String> {
    match (value, name) {
        (Value::List(items), "pop") if items.is_empty() => {
            Some("IndexError: pop from empty list".into())
        }
        (Value::List(items), "sort") => sort_error(items),
        (Value::Str(_) | Value::Safe(_), "format") => {
            format_error(value.as_str().unwrap_or_default())
        }
        (Value::Map(map), "popitem") if map.is_empty() => {
            Some("KeyError: 'popitem(): dictionary is empty'".into())
        }
        _ => None,
    }
}

/// The exception of Python's `s.format()` (no arguments) on text with a
/// replacement field or a single brace; `None` when it formats.
fn format_error(s: &str) -> Option<String> {
    let mut chars = s.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if s.get(at + 1..).is_some_and(|rest| rest.starts_with('{')) => {
                chars.next();
            }
            '{' => {
                let field = s.get(at + 1..).unwrap_or_default();
                let Some(end) = field.find('}') else {
                    return Some("ValueError: expected '}' before end of string".into());
                };
                let name = field
                    .get(..end)
                    .unwrap_or_default()
                    .split(['.', '[', '!', ':'])
                    .next()
                    .unwrap_or_default();
                return Some(if name.bytes().all(|b| b.is_ascii_digit()) {
                    let index = if name.is_empty() { "0" } else { name };
                    format!(
                        "IndexError: Replacement index {index} out of range for positional args tuple"
                    )
                } else {
                    format!("KeyError: '{name}'")
                });
            }
            '}' if s.get(at + 1..).is_some_and(|rest| rest.starts_with('}')) => {
                chars.next();
            }
            '}' => return Some("ValueError: Single '}' encountered in format string".into()),
            _ => {}
        }
    }
    None
}

/// The `TypeError` of `list.sort()` on `items`: the first `<` that cannot
/// compare two items, in the order CPython's sort compares them. Below 64
/// items that is exactly CPython's (the run at the start, then a binary
/// insertion of each item after it, as `listsort` does for a short list).
/// A longer list is sorted by a merge sort whose comparisons differ from
/// timsort's merges; it raises when any pair it compares cannot be ordered,
/// which is always the case when two items next to each other in the
/// sorted order cannot be.
fn sort_error(items: &[Value]) -> Option<String> {
    let less = |a: &Value, b: &Value| -> Result<bool, String> {
        python_lt(a, b).map_err(|(a, b)| {
            format!(
                "TypeError: '<' not supported between instances of '{}' and '{}'",
                python_type(a),
                python_type(b)
            )
        })
    };
    // Numbers with numbers, texts with texts: `<` never raises (NaN
    // compares false), so the common lists need no sort to know.
    let numbers = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
        )
    };
    let texts = |v: &Value| matches!(v, Value::Str(_) | Value::Safe(_));
    if items.iter().all(numbers) || items.iter().all(texts) {
        return None;
    }
    if items.len() >= 64 {
        let mut order: Vec<&Value> = items.iter().collect();
        let mut error = None;
        order.sort_by(|a, b| {
            if error.is_some() {
                return std::cmp::Ordering::Equal;
            }
            match less(b, a) {
                Ok(true) => std::cmp::Ordering::Greater,
                Ok(false) => std::cmp::Ordering::Less,
                Err(e) => {
                    error = Some(e);
                    std::cmp::Ordering::Equal
                }
            }
        });
        return error;
    }
    // `count_run`: the ascending or strictly descending run at the start.
    let mut run = items.len().min(1);
    let mut descending = false;
    if let [first, second, ..] = items {
        run = 2;
        descending = match less(second, first) {
            Ok(d) => d,
            Err(e) => return Some(e),
        };
        for pair in items.windows(2).skip(1) {
            let [before, item] = pair else { break };
            match less(item, before) {
                Ok(lt) if lt == descending => run += 1,
                Ok(_) => break,
                Err(e) => return Some(e),
            }
        }
    }
    let mut sorted: Vec<&Value> = items.iter().take(run).collect();
    if descending {
        sorted.reverse();
    }
    // `binarysort`: each later item inserted where `<` places it.
    for pivot in items.iter().skip(run) {
        let (mut low, mut high) = (0, sorted.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let Some(&item) = sorted.get(middle) else {
                break;
            };
            match less(pivot, item) {
                Ok(true) => high = middle,
                Ok(false) => low = middle + 1,
                Err(e) => return Some(e),
            }
        }
        sorted.insert(low, pivot);
    }
    None
}

/// Python's `a < b`, or the two values whose `<` raises `TypeError`: two
/// lists compare at their first unequal items, so the error names those.
fn python_lt<'v>(a: &'v Value, b: &'v Value) -> Result<bool, (&'v Value, &'v Value)> {
    let number = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
        )
    };
    let nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    match (a, b) {
        // NaN compares false, without raising.
        _ if number(a) && number(b) && (nan(a) || nan(b)) => Ok(false),
        (Value::List(x), Value::List(y)) => match x.iter().zip(y.iter()).find(|(i, j)| i != j) {
            Some((i, j)) => python_lt(i, j),
            None => Ok(x.len() < y.len()),
        },
        _ => a.python_cmp(b).map(std::cmp::Ordering::is_lt).ok_or((a, b)),
    }
}

/// The type's name as Python's `TypeError` messages spell it.
pub(crate) fn python_type(value: &Value) -> &'static str {
    match value {
        Value::None => "NoneType",
        Value::Date(DateValue::Date(_)) => "datetime.date",
        Value::Date(DateValue::Time(_)) => "datetime.time",
        Value::Date(_) => "datetime.datetime",
        other => other.type_name(),
    }
}

fn dict_method(map: &Dict, name: &str) -> Option<Value> {
    let view = |kind: DictView, items: Vec<Value>| {
        Some(Value::Object(std::sync::Arc::new(Object::View(
            kind, items,
        ))))
    };
    match name {
        "items" => view(
            DictView::Items,
            map.iter()
                .map(|(k, v)| Value::tuple(vec![Value::str(k.clone()), v.clone()]))
                .collect(),
        ),
        "keys" => view(
            DictView::Keys,
            map.iter().map(|(k, _)| Value::str(k.clone())).collect(),
        ),
        "values" => view(
            DictView::Values,
            map.iter().map(|(_, v)| v.clone()).collect(),
        ),
        "copy" => Some(Value::Map(map.clone())),
        "popitem" => map
            .iter()
            .last()
            .map(|(k, v)| Value::tuple(vec![Value::str(k.clone()), v.clone()])),
        "clear" | "update" => Some(Value::None),
        _ => None,
    }
}

fn object_method(object: &Object, name: &str) -> Option<Value> {
    match object {
        Object::Bytes(bytes) => bytes_method(bytes, name),
        Object::TimeDelta(micros) => {
            let (days, seconds, microseconds) = super::object::timedelta_parts(*micros);
            match name {
                "days" => Some(Value::int(days)),
                "seconds" => Some(Value::int(seconds)),
                "microseconds" => Some(Value::int(microseconds)),
                "total_seconds" => Some(Value::Float(*micros as f64 / 1e6)),
                "resolution" => Some(timedelta(1)),
                "max" => Some(timedelta(*super::TIMEDELTA_RANGE.end())),
                "min" => Some(timedelta(*super::TIMEDELTA_RANGE.start())),
                _ => None,
            }
        }
        _ => None,
    }
}

fn bytes_value(bytes: Vec<u8>) -> Value {
    Value::Object(std::sync::Arc::new(Object::Bytes(bytes)))
}

/// Python's `bytes.isspace()` bytes: ASCII whitespace and `\x0b`, `\x0c`.
fn is_bytes_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// The methods of `bytes` callable without arguments. Python's bytes
/// methods know ASCII only: other bytes are neither letters nor digits.
fn bytes_method(bytes: &[u8], name: &str) -> Option<Value> {
    let all = |test: fn(&u8) -> bool| boolean(!bytes.is_empty() && bytes.iter().all(test));
    let map = |f: fn(u8) -> u8| Some(bytes_value(bytes.iter().map(|&b| f(b)).collect()));
    let has_lower = bytes.iter().any(u8::is_ascii_lowercase);
    let has_upper = bytes.iter().any(u8::is_ascii_uppercase);
    match name {
        "decode" => Some(Value::str(String::from_utf8(bytes.to_vec()).ok()?)),
        "hex" => text(bytes.iter().map(|b| format!("{b:02x}")).collect()),
        "isdigit" => all(u8::is_ascii_digit),
        "isalpha" => all(u8::is_ascii_alphabetic),
        "isalnum" => all(u8::is_ascii_alphanumeric),
        "isspace" => all(|&b| is_bytes_space(b)),
        "isascii" => boolean(bytes.is_ascii()),
        "islower" => boolean(has_lower && !has_upper),
        "isupper" => boolean(has_upper && !has_lower),
        "istitle" => boolean(bytes_istitle(bytes)),
        "upper" => map(|b| b.to_ascii_uppercase()),
        "lower" => map(|b| b.to_ascii_lowercase()),
        "swapcase" => map(|b| {
            if b.is_ascii_lowercase() {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            }
        }),
        "capitalize" => Some(bytes_value(
            bytes
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    if i == 0 {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    }
                })
                .collect(),
        )),
        "title" => {
            let mut after_letter = false;
            let mut out = Vec::with_capacity(bytes.len());
            for &b in bytes {
                out.push(if after_letter {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                });
                after_letter = b.is_ascii_alphabetic();
            }
            Some(bytes_value(out))
        }
        "strip" | "lstrip" | "rstrip" => {
            let start = match name {
                "rstrip" => 0,
                _ => bytes
                    .iter()
                    .position(|&b| !is_bytes_space(b))
                    .unwrap_or(bytes.len()),
            };
            let end = match name {
                "lstrip" => bytes.len(),
                _ => bytes
                    .iter()
                    .rposition(|&b| !is_bytes_space(b))
                    .map_or(start, |i| i + 1),
            };
            Some(bytes_value(bytes.get(start..end.max(start))?.to_vec()))
        }
        "split" | "rsplit" => Some(Value::list(
            bytes
                .split(|&b| is_bytes_space(b))
                .filter(|part| !part.is_empty())
                .map(|part| bytes_value(part.to_vec()))
                .collect(),
        )),
        "splitlines" => Some(Value::list(
            bytes_lines(bytes)
                .map(|line| bytes_value(line.to_vec()))
                .collect(),
        )),
        "expandtabs" => {
            let mut out = Vec::with_capacity(bytes.len());
            let mut column = 0;
            for &b in bytes {
                match b {
                    b'\t' => {
                        let pad = 8 - column % 8;
                        out.extend(std::iter::repeat_n(b' ', pad));
                        column += pad;
                    }
                    b'\n' | b'\r' => {
                        out.push(b);
                        column = 0;
                    }
                    _ => {
                        out.push(b);
                        column += 1;
                    }
                }
            }
            Some(bytes_value(out))
        }
        _ => None,
    }
}

/// Python's `bytes.istitle()`: cased runs start upper, then lower.
fn bytes_istitle(bytes: &[u8]) -> bool {
    let mut cased = false;
    let mut after_cased = false;
    for &b in bytes {
        if b.is_ascii_uppercase() {
            if after_cased {
                return false;
            }
            after_cased = true;
            cased = true;
        } else if b.is_ascii_lowercase() {
            if !after_cased {
                return false;
            }
            after_cased = true;
            cased = true;
        } else {
            after_cased = false;
        }
    }
    cased
}

/// Python's `bytes.splitlines()`: lines ended by `\n`, `\r` or `\r\n`,
/// without their ends.
fn bytes_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|&b| b == b'\n' || b == b'\r');
        let (line, next) = match end {
            Some(i) => {
                let skip = if rest.get(i..i + 2) == Some(b"\r\n") {
                    2
                } else {
                    1
                };
                (rest.get(..i)?, rest.get(i + skip..)?)
            }
            None => (rest, &[][..]),
        };
        rest = next;
        Some(line)
    })
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Monday = 0, as Python's `weekday()`.
fn weekday(date: civil::Date) -> i64 {
    i64::from(date.weekday().to_monday_zero_offset())
}

/// Python's `date.toordinal()`: days since 0001-01-01, which is day 1.
fn toordinal(date: civil::Date) -> Option<i64> {
    let first = civil::date(1, 1, 1);
    let days = date.since((jiff_unit_days(), first)).ok()?.get_days();
    Some(i64::from(days) + 1)
}

fn jiff_unit_days() -> filters::dates::jiff::Unit {
    filters::dates::jiff::Unit::Day
}

/// Python's `ctime()`: `Wed Jun  4 15:07:09 2025`.
fn ctime(date: civil::Date, time: civil::Time) -> String {
    let day = usize::try_from(weekday(date)).unwrap_or(0);
    let month = usize::try_from(date.month() - 1).unwrap_or(0);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {:04}",
        DAYS.get(day).copied().unwrap_or_default(),
        MONTHS.get(month).copied().unwrap_or_default(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        date.year()
    )
}

fn isocalendar(date: civil::Date) -> Value {
    let iso = date.iso_week_date();
    Value::Object(std::sync::Arc::new(Object::Named {
        type_name: "datetime.IsoCalendarDate",
        fields: vec![
            ("year", Value::Int(i64::from(iso.year()))),
            ("week", Value::Int(i64::from(iso.week()))),
            (
                "weekday",
                Value::Int(i64::from(iso.weekday().to_monday_one_offset())),
            ),
        ],
    }))
}

/// Python's `timetuple()`: a `time.struct_time` (`tm_isdst` -1: no
/// daylight saving information).
fn timetuple(date: civil::Date, time: Option<civil::Time>, isdst: i64) -> Value {
    let time = time.unwrap_or_default();
    let int = |n: i64| Value::Int(n);
    Value::Object(std::sync::Arc::new(Object::Named {
        type_name: "time.struct_time",
        fields: vec![
            ("tm_year", int(date.year().into())),
            ("tm_mon", int(date.month().into())),
            ("tm_mday", int(date.day().into())),
            ("tm_hour", int(time.hour().into())),
            ("tm_min", int(time.minute().into())),
            ("tm_sec", int(time.second().into())),
            ("tm_wday", int(weekday(date))),
            ("tm_yday", int(date.day_of_year().into())),
            ("tm_isdst", int(isdst)),
        ],
    }))
}

fn microseconds(time: civil::Time) -> i64 {
    i64::from(time.subsec_nanosecond() / 1000)
}

/// Python's `time.isoformat()`: microseconds only when there are some.
fn time_isoformat(time: civil::Time) -> String {
    let mut out = format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    );
    if microseconds(time) != 0 {
        out.push_str(&format!(".{:06}", microseconds(time)));
    }
    out
}

fn date_isoformat(date: civil::Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn date_method(value: &DateValue, name: &str) -> Option<Value> {
    let date = value.date();
    let time = value.time();
    let is_date_only = matches!(value, DateValue::Date(_));
    let is_time_only = matches!(value, DateValue::Time(_));
    let int = |n: i64| Some(Value::Int(n));
    match name {
        "year" => int(date?.year().into()),
        "month" => int(date?.month().into()),
        "day" => int(date?.day().into()),
        "hour" if !is_date_only => int(time?.hour().into()),
        "minute" if !is_date_only => int(time?.minute().into()),
        "second" if !is_date_only => int(time?.second().into()),
        "microsecond" if !is_date_only => int(microseconds(time?)),
        "fold" if !is_date_only => int(0),
        "tzinfo" if !is_date_only => match value {
            DateValue::Aware(a) => Some(Value::Object(std::sync::Arc::new(Object::TzInfo(
                a.tzinfo().clone(),
            )))),
            _ => Some(Value::None),
        },
        // A `timedelta` has no value type here: its `str()` stands for it.
        "utcoffset" if !is_date_only => match value {
            DateValue::Aware(a) => Some(timedelta(i128::from(a.offset_seconds()) * 1_000_000)),
            _ => Some(Value::None),
        },
        "dst" if !is_date_only => match value {
            DateValue::Aware(a) => match a.dst_seconds() {
                Some(dst) => Some(timedelta(i128::from(dst) * 1_000_000)),
                None => Some(Value::None),
            },
            _ => Some(Value::None),
        },
        "tzname" if !is_date_only => match value {
            DateValue::Aware(a) => text(a.tz_name()),
            _ => Some(Value::None),
        },
        "weekday" => int(weekday(date?)),
        "isoweekday" => int(weekday(date?) + 1),
        "toordinal" => int(toordinal(date?)?),
        "isocalendar" => Some(isocalendar(date?)),
        "timetuple" if !is_time_only => {
            // `tm_isdst`: -1 when `dst()` is None (naive, fixed zones).
            let isdst = match value {
                DateValue::Aware(a) => a.dst_seconds().map_or(-1, |d| i64::from(d != 0)),
                _ => -1,
            };
            Some(timetuple(date?, time, isdst))
        }
        "utctimetuple" if !is_date_only && !is_time_only => {
            // The UTC wall time (a naive datetime as it is), `tm_isdst` 0.
            let utc = match value {
                DateValue::Aware(a) => a.astimezone(&filters::dates::TzInfo::Utc)?.datetime(),
                DateValue::DateTime(dt) => *dt,
                _ => return None,
            };
            Some(timetuple(utc.date(), Some(utc.time()), 0))
        }
        "astimezone" if !is_date_only && !is_time_only => local_astimezone(value),
        "ctime" => text(ctime(date?, time.unwrap_or_default())),
        "replace" => Some(Value::Date(value.clone())),
        "min" | "max" | "resolution" | "today" | "now" | "utcnow" => class_attribute(value, name),
        "isoformat" => text(match value {
            DateValue::Date(d) => date_isoformat(*d),
            DateValue::Time(t) => time_isoformat(*t),
            DateValue::DateTime(dt) => {
                format!(
                    "{}T{}",
                    date_isoformat(dt.date()),
                    time_isoformat(dt.time())
                )
            }
            DateValue::Aware(a) => {
                let dt = a.datetime();
                format!(
                    "{}T{}{}",
                    date_isoformat(dt.date()),
                    time_isoformat(dt.time()),
                    offset_isoformat(a.offset_seconds())
                )
            }
        }),
        "date" if !is_date_only && !is_time_only => Some(Value::Date(DateValue::Date(date?))),
        "time" | "timetz" if !is_date_only && !is_time_only => match value {
            DateValue::DateTime(dt) => Some(Value::Date(DateValue::Time(dt.time()))),
            // `time()` drops the zone; `timetz()` keeps it, which a naive
            // `time` cannot.
            DateValue::Aware(a) if name == "time" => {
                Some(Value::Date(DateValue::Time(a.datetime().time())))
            }
            _ => None,
        },
        "timestamp" => match value {
            // A naive datetime is read in the process's zone, which Django
            // leaves alone when it is configured in code (as the reference
            // renderer is): UTC on a server.
            DateValue::DateTime(dt) => {
                let zone = filters::dates::jiff::tz::TimeZone::UTC;
                let ts = zone.to_ambiguous_timestamp(*dt).compatible().ok()?;
                Some(Value::Float(ts.as_microsecond() as f64 / 1e6))
            }
            DateValue::Aware(a) => {
                let ts = a.timestamp()?;
                Some(Value::Float(ts.as_microsecond() as f64 / 1e6))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The class attributes and constructors without arguments that Python
/// lets an instance reach (`d.min`, `d.today`): Django's lookup finds them
/// on the value and calls the callable ones. `today()` and `now()` are the
/// process's local time (the system's zone, as Python reads it).
fn class_attribute(value: &DateValue, name: &str) -> Option<Value> {
    use filters::dates::jiff::{civil, tz::TimeZone, Timestamp};
    let kind = match value {
        DateValue::Date(_) => 'd',
        DateValue::Time(_) => 't',
        DateValue::DateTime(_) | DateValue::Aware(_) => 'm',
    };
    let local_now = || TimeZone::system().to_datetime(Timestamp::now());
    let value = match (kind, name) {
        ('d', "min") => DateValue::Date(civil::date(1, 1, 1)),
        ('d', "max") => DateValue::Date(civil::date(9999, 12, 31)),
        ('d', "today") => DateValue::Date(local_now().date()),
        ('d', "resolution") => return Some(timedelta(86_400_000_000)),
        ('t', "min") => DateValue::Time(civil::Time::MIN),
        ('t', "max") => DateValue::Time(civil::time(23, 59, 59, 999_999_000)),
        ('m', "min") => DateValue::DateTime(civil::date(1, 1, 1).at(0, 0, 0, 0)),
        ('m', "max") => DateValue::DateTime(civil::date(9999, 12, 31).at(23, 59, 59, 999_999_000)),
        ('m', "today" | "now") => DateValue::DateTime(local_now()),
        ('m', "utcnow") => DateValue::DateTime(TimeZone::UTC.to_datetime(Timestamp::now())),
        ('t' | 'm', "resolution") => return Some(timedelta(1)),
        _ => return None,
    };
    Some(Value::Date(value))
}

/// Python's `astimezone()` without a zone: the same instant at the
/// system's UTC offset then (a naive datetime is read as local time), in
/// a fixed-offset zone (`UTC` when the offset is zero on a UTC system).
fn local_astimezone(value: &DateValue) -> Option<Value> {
    use filters::dates::{jiff::tz::TimeZone, AwareDateTime, TzInfo};
    let system = TimeZone::system();
    let instant = match value {
        DateValue::Aware(a) => a.timestamp()?,
        DateValue::DateTime(dt) => system.to_ambiguous_timestamp(*dt).compatible().ok()?,
        _ => return None,
    };
    let info = system.to_offset_info(instant);
    let offset = info.offset().seconds();
    let zone = if offset == 0 && info.abbreviation() == "UTC" {
        TzInfo::Utc
    } else {
        TzInfo::Fixed(offset)
    };
    Some(Value::Date(DateValue::aware(
        AwareDateTime::from_timestamp(instant, &zone)?,
    )))
}

fn timedelta(micros: i128) -> Value {
    Value::Object(std::sync::Arc::new(Object::TimeDelta(micros)))
}

/// The UTC offset as `isoformat()` writes it: `+05:30`, seconds if any.
fn offset_isoformat(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let mut out = format!("{sign}{:02}:{:02}", s / 3600, s / 60 % 60);
    if !s.is_multiple_of(60) {
        out.push_str(&format!(":{:02}", s % 60));
    }
    out
}

/// What an attribute or zero-argument method returns, as far as its name
/// tells: the type checker of templates (`crate::shape`) reads the tables
/// below, so that a path like `user.name.title` is checked by the same
/// rules `attribute` applies. A test keeps tables and methods in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Returns {
    /// A string.
    Str,
    /// True or False.
    Bool,
    /// An integer.
    Int,
    /// A float.
    Float,
    /// A list of strings (`split`, `keys`).
    StrList,
    /// A list of integers (`as_integer_ratio`).
    IntList,
    /// A value of the same type (`copy`, `replace`).
    Same,
    /// One item of the list or dict (`pop`, `popitem`).
    Item,
    /// The dict's values (`values`).
    ValueList,
    /// `None`.
    Nothing,
    /// Something the checker does not follow further.
    Unknown,
}

/// The attributes and methods of `str`.
pub(crate) const STR_ATTRIBUTES: &[(&str, Returns)] = &[
    ("upper", Returns::Str),
    ("lower", Returns::Str),
    ("casefold", Returns::Str),
    ("title", Returns::Str),
    ("capitalize", Returns::Str),
    ("swapcase", Returns::Str),
    ("format", Returns::Str),
    ("strip", Returns::Str),
    ("lstrip", Returns::Str),
    ("rstrip", Returns::Str),
    ("split", Returns::StrList),
    ("rsplit", Returns::StrList),
    ("splitlines", Returns::StrList),
    ("expandtabs", Returns::Str),
    ("isdigit", Returns::Bool),
    ("isdecimal", Returns::Bool),
    ("isnumeric", Returns::Bool),
    ("isalpha", Returns::Bool),
    ("isalnum", Returns::Bool),
    ("isascii", Returns::Bool),
    ("isspace", Returns::Bool),
    ("islower", Returns::Bool),
    ("isupper", Returns::Bool),
    ("istitle", Returns::Bool),
    ("isidentifier", Returns::Bool),
    ("isprintable", Returns::Bool),
    ("encode", Returns::Unknown),
];

/// The attributes and methods of `int` (and `bool`, its subclass).
pub(crate) const INT_ATTRIBUTES: &[(&str, Returns)] = &[
    ("real", Returns::Int),
    ("numerator", Returns::Int),
    ("conjugate", Returns::Int),
    ("imag", Returns::Int),
    ("denominator", Returns::Int),
    ("bit_length", Returns::Int),
    ("bit_count", Returns::Int),
    ("as_integer_ratio", Returns::IntList),
    ("is_integer", Returns::Bool),
    ("to_bytes", Returns::Unknown),
];

/// The attributes and methods of `float`.
pub(crate) const FLOAT_ATTRIBUTES: &[(&str, Returns)] = &[
    ("real", Returns::Float),
    ("conjugate", Returns::Float),
    ("imag", Returns::Float),
    ("is_integer", Returns::Bool),
    ("hex", Returns::Str),
    ("as_integer_ratio", Returns::IntList),
];

/// The zero-argument methods of `list`.
pub(crate) const LIST_ATTRIBUTES: &[(&str, Returns)] = &[
    ("copy", Returns::Same),
    ("pop", Returns::Item),
    ("clear", Returns::Nothing),
    ("reverse", Returns::Nothing),
    ("sort", Returns::Nothing),
];

/// The zero-argument methods of `dict` (after its keys, which come first).
pub(crate) const DICT_ATTRIBUTES: &[(&str, Returns)] = &[
    ("items", Returns::Unknown),
    ("keys", Returns::StrList),
    ("values", Returns::ValueList),
    ("copy", Returns::Same),
    ("popitem", Returns::Unknown),
    ("clear", Returns::Nothing),
    ("update", Returns::Nothing),
];

/// The attributes and methods of `datetime` (a `date` or `time` has a
/// part of them; the checker does not tell the three apart).
pub(crate) const DATE_ATTRIBUTES: &[(&str, Returns)] = &[
    ("year", Returns::Int),
    ("month", Returns::Int),
    ("day", Returns::Int),
    ("hour", Returns::Int),
    ("minute", Returns::Int),
    ("second", Returns::Int),
    ("microsecond", Returns::Int),
    ("fold", Returns::Int),
    ("tzinfo", Returns::Unknown),
    ("utcoffset", Returns::Unknown),
    ("dst", Returns::Unknown),
    ("tzname", Returns::Unknown),
    ("weekday", Returns::Int),
    ("isoweekday", Returns::Int),
    ("toordinal", Returns::Int),
    ("isocalendar", Returns::Unknown),
    ("timetuple", Returns::Unknown),
    ("ctime", Returns::Str),
    ("replace", Returns::Same),
    ("isoformat", Returns::Str),
    ("date", Returns::Same),
    ("time", Returns::Same),
    ("timetz", Returns::Same),
    ("timestamp", Returns::Float),
    ("utctimetuple", Returns::Unknown),
    ("astimezone", Returns::Same),
    ("min", Returns::Same),
    ("max", Returns::Same),
    ("resolution", Returns::Str),
    ("today", Returns::Same),
    ("now", Returns::Same),
    ("utcnow", Returns::Same),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The checker's tables say what `attribute` answers: every name
    /// listed is answered (for a value where it applies), and the names
    /// the methods answer are all listed.
    #[test]
    fn tables_match_the_methods() {
        use filters::dates::jiff::civil::date;
        let datetime = Value::Date(DateValue::DateTime(date(2008, 1, 2).at(12, 30, 0, 0)));
        let cases: [(Value, &[(&str, Returns)]); 6] = [
            (Value::str("a b"), STR_ATTRIBUTES),
            (Value::Int(6), INT_ATTRIBUTES),
            (Value::Float(1.5), FLOAT_ATTRIBUTES),
            (Value::list(vec![Value::Int(1)]), LIST_ATTRIBUTES),
            (Value::Map(Dict::default()), DICT_ATTRIBUTES),
            (datetime, DATE_ATTRIBUTES),
        ];
        // Python names the methods could answer, listed or not.
        let every_name: Vec<&str> = cases
            .iter()
            .flat_map(|(_, table)| table.iter().map(|(name, _)| *name))
            .chain([
                "index", "count", "append", "get", "format", "join", "zfill", "nope",
            ])
            .collect();
        for (value, table) in &cases {
            for name in &every_name {
                let listed = table.iter().any(|(n, _)| n == name);
                let answered = attribute(value, name).is_some();
                // `tzinfo` and friends answer None on a naive datetime; `pop`
                // on a non-empty list; all are listed.
                assert!(
                    !answered || listed,
                    "{name} answers on {value:?} but is not in its table"
                );
                if listed && !matches!(*name, "to_bytes" | "popitem") {
                    assert!(answered, "{name} is listed for {value:?} but not answered");
                }
            }
        }
    }

    fn call(value: Value, name: &str) -> String {
        attribute(&value, name).map_or("<invalid>".into(), |v| v.to_text())
    }

    /// Python 3.12's exceptions, message for message.
    #[test]
    fn mutating_methods_raise_as_python() {
        let list = |items: Vec<Value>| Value::list(items);
        assert_eq!(
            raised(&list(vec![]), "pop").as_deref(),
            Some("IndexError: pop from empty list")
        );
        assert_eq!(raised(&list(vec![Value::Int(1)]), "pop"), None);
        assert_eq!(
            raised(&Value::Map(Dict::default()), "popitem").as_deref(),
            Some("KeyError: 'popitem(): dictionary is empty'")
        );
        // The run at the start compares the second item with the first.
        assert_eq!(
            raised(&list(vec![Value::Int(1), Value::str("a")]), "sort").as_deref(),
            Some("TypeError: '<' not supported between instances of 'str' and 'int'")
        );
        assert_eq!(
            raised(&list(vec![Value::None, Value::Int(1)]), "sort").as_deref(),
            Some("TypeError: '<' not supported between instances of 'int' and 'NoneType'")
        );
        // Lists compare item by item: only an item pair that decides raises.
        let nested = list(vec![
            list(vec![Value::Int(1)]),
            list(vec![Value::Int(1), Value::str("a")]),
            list(vec![Value::Int(1), Value::Int(2)]),
        ]);
        assert_eq!(
            raised(&nested, "sort").as_deref(),
            Some("TypeError: '<' not supported between instances of 'int' and 'str'")
        );
        let orderable = list(vec![
            list(vec![Value::Int(2), Value::str("a")]),
            list(vec![Value::Int(1), Value::Int(2)]),
        ]);
        assert_eq!(raised(&orderable, "sort"), None);
        assert_eq!(call(orderable, "sort"), "None");
        // NaN compares false without raising; long lists are checked too.
        let nan = list(vec![
            Value::Float(f64::NAN),
            Value::Int(1),
            Value::Bool(true),
        ]);
        assert_eq!(raised(&nan, "sort"), None);
        let mut long: Vec<Value> = (0..100).map(Value::Int).collect();
        assert_eq!(raised(&list(long.clone()), "sort"), None);
        long.push(Value::str("x"));
        assert!(raised(&list(long), "sort").is_some_and(|e| e.starts_with("TypeError")));
    }

    /// Expected texts from Python 3.12.
    #[test]
    fn str_methods_as_python() {
        assert_eq!(filters::py::title("o'brien & co 2nd"), "O'Brien & Co 2Nd");
        assert_eq!(call(Value::str("  a b  "), "split"), "['a', 'b']");
        assert_eq!(
            call(Value::str("a\r\nb\rc\n"), "splitlines"),
            "['a', 'b', 'c']"
        );
        assert_eq!(call(Value::str("Hello World"), "istitle"), "True");
        assert_eq!(call(Value::str("Hello world"), "istitle"), "False");
        assert_eq!(call(Value::str("²"), "isdigit"), "True");
        assert_eq!(call(Value::str("²"), "isdecimal"), "False");
        assert_eq!(call(Value::str("½"), "isnumeric"), "True");
        assert_eq!(call(Value::str("½"), "isdigit"), "False");
        assert_eq!(call(Value::str(""), "isascii"), "True");
        assert_eq!(call(Value::str("a\tb"), "expandtabs"), "a       b");
        assert_eq!(call(Value::str("x"), "center"), "<invalid>");
    }

    #[test]
    fn number_methods_as_python() {
        assert_eq!(call(Value::Int(5), "bit_length"), "3");
        assert_eq!(call(Value::Int(-5), "bit_count"), "2");
        assert_eq!(call(Value::Float(1.5), "hex"), "0x1.8000000000000p+0");
        assert_eq!(call(Value::Float(-0.1), "hex"), "-0x1.999999999999ap-4");
        assert_eq!(
            call(Value::Float(0.1), "as_integer_ratio"),
            "(3602879701896397, 36028797018963968)"
        );
        assert_eq!(call(Value::Float(2.0), "as_integer_ratio"), "(2, 1)");
        assert_eq!(call(Value::Bool(true), "real"), "1");
    }

    #[test]
    fn date_methods_as_python() {
        let dt = Value::Date(DateValue::DateTime(civil::datetime(
            2025, 6, 4, 15, 7, 9, 0,
        )));
        assert_eq!(call(dt.clone(), "ctime"), "Wed Jun  4 15:07:09 2025");
        assert_eq!(call(dt.clone(), "toordinal"), "739406");
        assert_eq!(call(dt.clone(), "isoformat"), "2025-06-04T15:07:09");
        assert_eq!(call(dt.clone(), "timestamp"), "1749049629.0");
        assert_eq!(
            call(dt, "isocalendar"),
            "datetime.IsoCalendarDate(year=2025, week=23, weekday=3)"
        );
    }

    #[test]
    fn astimezone_keeps_the_instant_at_the_local_offset() {
        use filters::dates::{jiff::tz::TimeZone, AwareDateTime};
        let aware = AwareDateTime::new(civil::datetime(2008, 1, 2, 12, 30, 5, 0), 7200).unwrap();
        let instant = aware.timestamp().unwrap();
        let Some(Value::Date(DateValue::Aware(local))) =
            date_method(&DateValue::aware(aware), "astimezone")
        else {
            panic!("astimezone() of an aware datetime is aware");
        };
        assert_eq!(local.timestamp(), Some(instant));
        let offset = TimeZone::system().to_offset(instant).seconds();
        assert_eq!(local.offset_seconds(), offset);
        // A naive datetime is read as local time: its wall time stays.
        let naive = civil::datetime(2008, 1, 2, 12, 30, 5, 0);
        let Some(Value::Date(DateValue::Aware(local))) =
            date_method(&DateValue::DateTime(naive), "astimezone")
        else {
            panic!("astimezone() of a naive datetime is aware");
        };
        assert_eq!(local.datetime(), naive);
    }

    #[test]
    fn today_and_now_are_the_local_clock() {
        use filters::dates::jiff::{tz::TimeZone, Timestamp};
        let local = || TimeZone::system().to_datetime(Timestamp::now());
        let dt = DateValue::DateTime(civil::datetime(2025, 6, 4, 15, 7, 9, 0));
        let before = local();
        let now = date_method(&dt, "now");
        let today = date_method(&DateValue::Date(civil::date(2025, 6, 4)), "today");
        let after = local();
        let Some(Value::Date(DateValue::DateTime(now))) = now else {
            panic!("now() is a naive datetime: {now:?}");
        };
        assert!(
            before <= now && now <= after,
            "{before} <= {now} <= {after}"
        );
        let Some(Value::Date(DateValue::Date(today))) = today else {
            panic!("today() of a date is a date: {today:?}");
        };
        assert!(today == before.date() || today == after.date());
        // A time has neither; only a datetime has `utcnow`.
        assert!(date_method(&DateValue::Time(civil::time(1, 0, 0, 0)), "today").is_none());
        assert!(date_method(&DateValue::Date(civil::date(2025, 6, 4)), "utcnow").is_none());
    }
}
