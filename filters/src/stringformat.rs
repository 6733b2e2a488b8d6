//! Python's printf-style `%` formatting, for Django's `stringformat`.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use crate::error::{FilterError, MAX_WIDTH};
use crate::PythonFloat;

/// A value given to [`stringformat`], in the Python types `%` formatting
/// distinguishes.
///
/// ```
/// use djula_filters::text::{stringformat, FormatValue};
/// assert_eq!(stringformat(FormatValue::Int(7), "03d").unwrap(), "007");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormatValue<'a> {
    /// A Python `int` (one beyond 128 bits has no value here).
    Int(i128),
    /// A Python `float`.
    Float(f64),
    /// A Python `bool` (an `int` for `%d`, `True`/`False` for `%s`).
    Bool(bool),
    /// A Python `str`.
    Str(&'a str),
    /// `None`.
    NoneValue,
    /// Any other value (list, dict, date…), given as its `str()`; `%r` uses
    /// the same text.
    Other(&'a str),
    /// Any other value given as its `str()` and its `repr()`, for `%s` and
    /// `%r` (`%a` is the `repr()` with non-ASCII characters escaped).
    ///
    /// ```
    /// use djula_filters::text::{stringformat, FormatValue};
    /// let list = FormatValue::Object { text: "['é']", repr: "['é']", mapping: true };
    /// assert_eq!(stringformat(list, "r").unwrap(), "['é']");
    /// assert_eq!(stringformat(list, "a").unwrap(), "['\\xe9']");
    /// // A format with no conversion: Python reads a list or dict as a
    /// // mapping and raises nothing.
    /// assert_eq!(stringformat(list, "%").unwrap(), "%");
    /// ```
    Object {
        /// Python's `str(value)`.
        text: &'a str,
        /// Python's `repr(value)`.
        repr: &'a str,
        /// Whether Python's `%` takes the value for a mapping (it has
        /// `__getitem__` and is no tuple: a list, a dict).
        mapping: bool,
    },
}

struct Spec {
    left: bool,
    zero: bool,
    space: bool,
    plus: bool,
    alt: bool,
    width: usize,
    precision: Option<usize>,
    conv: char,
}

/// Django's `stringformat`: Python's `("%" + spec) % value`, e.g. `"03d"`,
/// `".2f"`, `"s"`, `"x"`, `"10s"`, `"d items"`.
///
/// Where Python raises `TypeError` or `ValueError` (wrong type for the
/// conversion, more than one conversion, a mapping key) Django prints `""`,
/// and so does this. Widths and precisions above [`MAX_WIDTH`] are an error
/// (Python runs out of memory).
///
/// ```
/// use djula_filters::text::{stringformat, FormatValue};
/// assert_eq!(stringformat(FormatValue::Float(3.14159), ".2f").unwrap(), "3.14");
/// assert_eq!(stringformat(FormatValue::Int(255), "#x").unwrap(), "0xff");
/// assert_eq!(stringformat(FormatValue::Float(1234.5), "e").unwrap(), "1.234500e+03");
/// assert_eq!(stringformat(FormatValue::Str("ab"), "5s").unwrap(), "   ab");
/// assert_eq!(stringformat(FormatValue::Str("ab"), "d").unwrap(), "");
/// assert_eq!(stringformat(FormatValue::Int(5), "d items").unwrap(), "5 items");
/// ```
pub fn stringformat(value: FormatValue<'_>, spec: &str) -> Result<String, FilterError> {
    stringformat_keyed(value, spec, &no_keys)
}

/// [`stringformat`] of a mapping (`FormatValue::Object { mapping: true,
/// .. }`, a dict or a list) whose `%(key)s` conversions `lookup` answers:
/// Python's `"%(name)s" % {"name": …}`. A missing key is Python's
/// `KeyError`, which Django lets through: `lookup` returns it as
/// [`PercentError::Fails`].
///
/// ```
/// use djula_filters::text::{stringformat_keyed, FormatValue, KeyedValue, PercentError};
/// let dict = FormatValue::Object { text: "{'n': 7}", repr: "{'n': 7}", mapping: true };
/// let lookup = |key: &str| match key {
///     "n" => Ok(KeyedValue::Int(7)),
///     _ => Err(PercentError::Raised(format!("KeyError: {key:?}"))),
/// };
/// assert_eq!(stringformat_keyed(dict, "(n)03d items", &lookup).unwrap(), "007 items");
/// // A keyed conversion and then a plain one: Python's TypeError, "".
/// assert_eq!(stringformat_keyed(dict, "(n)s %s", &lookup).unwrap(), "");
/// ```
pub fn stringformat_keyed(
    value: FormatValue<'_>,
    spec: &str,
    lookup: &KeyLookup<'_>,
) -> Result<String, FilterError> {
    match percent_format_keyed(&format!("%{spec}"), value, lookup) {
        Ok(text) => Ok(text),
        Err(PercentError::Raised(_)) => Ok(String::new()),
        Err(PercentError::Fails(error)) => Err(error),
    }
}

/// The value a `%(key)s` conversion looked up in a mapping, owned (see
/// [`stringformat_keyed`]).
#[derive(Clone, Debug, PartialEq)]
pub enum KeyedValue {
    /// A Python `int`.
    Int(i128),
    /// A Python `float`.
    Float(f64),
    /// A Python `bool`.
    Bool(bool),
    /// A Python `str`.
    Str(String),
    /// `None`.
    NoneValue,
    /// Any other value, as its `str()` and `repr()` (see
    /// [`FormatValue::Object`]).
    Object {
        /// Python's `str(value)`.
        text: String,
        /// Python's `repr(value)`.
        repr: String,
        /// Whether Python's `%` takes the value for a mapping.
        mapping: bool,
    },
}

impl KeyedValue {
    /// The value, borrowed, as [`stringformat`] takes it.
    ///
    /// ```
    /// use djula_filters::text::{stringformat, KeyedValue};
    /// let owned = KeyedValue::Str("ab".to_string());
    /// assert_eq!(stringformat(owned.as_format(), "4s").unwrap(), "  ab");
    /// ```
    pub fn as_format(&self) -> FormatValue<'_> {
        match self {
            KeyedValue::Int(i) => FormatValue::Int(*i),
            KeyedValue::Float(f) => FormatValue::Float(*f),
            KeyedValue::Bool(b) => FormatValue::Bool(*b),
            KeyedValue::Str(s) => FormatValue::Str(s),
            KeyedValue::NoneValue => FormatValue::NoneValue,
            KeyedValue::Object {
                text,
                repr,
                mapping,
            } => FormatValue::Object {
                text,
                repr,
                mapping: *mapping,
            },
        }
    }
}

/// Answers the `%(key)` conversions of a format (see [`stringformat_keyed`]).
pub type KeyLookup<'l> = dyn Fn(&str) -> Result<KeyedValue, PercentError> + 'l;

/// The lookup of a value that answers no key.
fn no_keys(_: &str) -> Result<KeyedValue, PercentError> {
    Err(type_error("format requires a mapping"))
}

/// Why Python's `format % value` gives no text.
#[derive(Debug, Clone, PartialEq)]
pub enum PercentError {
    /// Python raises `TypeError` or `ValueError`; the message says which
    /// (`"TypeError: not enough arguments for format string"`).
    Raised(String),
    /// An error Django lets through: a width or precision above
    /// [`MAX_WIDTH`] (Python runs out of memory), `%c` past U+10FFFF
    /// (`OverflowError`).
    Fails(FilterError),
}

impl std::fmt::Display for PercentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PercentError::Raised(message) => f.write_str(message),
            PercentError::Fails(error) => write!(f, "{error}"),
        }
    }
}

fn type_error(message: impl Into<String>) -> PercentError {
    PercentError::Raised(format!("TypeError: {}", message.into()))
}

fn value_error(message: impl Into<String>) -> PercentError {
    PercentError::Raised(format!("ValueError: {}", message.into()))
}

/// Python's `format % value` with one argument that is not a tuple, as
/// Django uses it for `stringformat` and for `string_if_invalid`.
///
/// ```
/// use djula_filters::text::{percent_format, FormatValue, PercentError};
/// assert_eq!(percent_format("100%% %s", FormatValue::Str("x")).unwrap(), "100% x");
/// assert!(matches!(
///     percent_format("%s and %s", FormatValue::Str("x")),
///     Err(PercentError::Raised(_))
/// ));
/// ```
pub fn percent_format(format: &str, value: FormatValue<'_>) -> Result<String, PercentError> {
    percent_format_keyed(format, value, &no_keys)
}

/// [`percent_format`] with `%(key)` conversions answered by `lookup` when
/// `value` is a mapping, as CPython's `PyUnicode_Format` reads them: the
/// value itself is the one argument of the plain conversions, used at
/// most once, and a keyed conversion uses it up too.
pub fn percent_format_keyed(
    format: &str,
    value: FormatValue<'_>,
    lookup: &KeyLookup<'_>,
) -> Result<String, PercentError> {
    let mut out = String::new();
    let mut used = false;
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let keyed = if matches!(chars.peek(), Some((_, '('))) {
            if !matches!(value, FormatValue::Object { mapping: true, .. }) {
                return Err(type_error("format requires a mapping"));
            }
            chars.next();
            // The key runs to the matching `)`: `%((a))s` is key `(a)`.
            let mut key = String::new();
            let mut depth = 1;
            loop {
                let Some((_, k)) = chars.next() else {
                    return Err(value_error("incomplete format key"));
                };
                match k {
                    '(' => depth += 1,
                    ')' if depth == 1 => break,
                    ')' => depth -= 1,
                    _ => {}
                }
                key.push(k);
            }
            Some(lookup(&key)?)
        } else {
            None
        };
        let mut s = Spec {
            left: false,
            zero: false,
            space: false,
            plus: false,
            alt: false,
            width: 0,
            precision: None,
            conv: '?',
        };
        // Whether anything stands between the `%` and its conversion.
        let mut modified = false;
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => s.left = true,
                '0' => s.zero = true,
                ' ' => s.space = true,
                '+' => s.plus = true,
                '#' => s.alt = true,
                _ => break,
            }
            modified = true;
            chars.next();
        }
        if matches!(chars.peek(), Some((_, '*'))) {
            return Err(type_error("* wants int"));
        }
        modified |= matches!(chars.peek(), Some((_, '0'..='9' | '.')));
        s.width = read_number(&mut chars)?;
        if matches!(chars.peek(), Some((_, '.'))) {
            chars.next();
            if matches!(chars.peek(), Some((_, '*'))) {
                return Err(type_error("* wants int"));
            }
            s.precision = Some(read_number(&mut chars)?);
        }
        while matches!(chars.peek(), Some((_, 'h' | 'l' | 'L'))) {
            chars.next();
        }
        let Some((at, conv)) = chars.next() else {
            return Err(value_error("incomplete format"));
        };
        s.conv = conv;
        if conv == '%' {
            if modified {
                return Err(value_error(format!(
                    "unsupported format character '%' (0x25) at index {at}"
                )));
            }
            out.push('%');
            continue;
        }
        // A keyed conversion formats what it looked up; a plain one the
        // value itself, once, and not after a keyed one.
        let arg = match &keyed {
            Some(found) => found.as_format(),
            None if used => {
                return Err(type_error("not enough arguments for format string"));
            }
            None => value,
        };
        used = true;
        if conv == 'c' {
            if let Some(n) = as_int(arg) {
                if !(0..=0x10_ffff).contains(&n) {
                    return Err(PercentError::Fails(FilterError::new(
                        "stringformat: %c arg not in range(0x110000) (OverflowError in Django)",
                    )));
                }
            }
        }
        match convert(&s, arg) {
            Some(text) => out.push_str(&text),
            None if "sradiuoxXeEfFgGc".contains(conv) => {
                return Err(type_error(format!(
                    "%{conv} format: a real number is required"
                )))
            }
            None => {
                return Err(value_error(format!(
                    "unsupported format character {conv:?} at index {at}"
                )))
            }
        }
    }
    if !used && !matches!(value, FormatValue::Object { mapping: true, .. }) {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

fn read_number(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<usize, PercentError> {
    let mut n: i64 = 0;
    let mut overflowed = false;
    while let Some(d) = chars.peek().and_then(|(_, c)| c.to_digit(10)) {
        chars.next();
        match n.checked_mul(10).and_then(|n| n.checked_add(i64::from(d))) {
            Some(next) => n = next,
            None => overflowed = true,
        }
    }
    if overflowed {
        // Past `sys.maxsize`: Python's ValueError ("width too big").
        return Err(value_error("width or precision too big"));
    }
    if n > MAX_WIDTH {
        return Err(PercentError::Fails(FilterError::new(format!(
            "stringformat: width or precision {n} is too large (the limit is {MAX_WIDTH})"
        ))));
    }
    Ok(usize::try_from(n).unwrap_or(0))
}

fn pad(s: &Spec, sign: &str, body: &str, numeric: bool) -> String {
    let len = sign.chars().count() + body.chars().count();
    let fill = s.width.saturating_sub(len);
    let mut out = String::with_capacity(len + fill);
    if s.left {
        out.push_str(sign);
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if s.zero && numeric {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(body);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
        out.push_str(body);
    }
    out
}

fn sign_of(s: &Spec, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    }
}

fn py_str(value: FormatValue<'_>) -> String {
    match value {
        FormatValue::Int(i) => i.to_string(),
        FormatValue::Float(f) => PythonFloat(f).to_string(),
        FormatValue::Bool(b) => if b { "True" } else { "False" }.to_owned(),
        FormatValue::Str(s) | FormatValue::Other(s) => s.to_owned(),
        FormatValue::Object { text, .. } => text.to_owned(),
        FormatValue::NoneValue => "None".to_owned(),
    }
}

/// Python's `ascii()` of a value whose `repr()` is `repr`: its non-ASCII
/// characters escaped.
fn ascii_of_repr(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let code = u32::from(c);
        if c.is_ascii() {
            out.push(c);
        } else if code <= 0xff {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code <= 0xffff {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

/// Python's `repr()` of a str.
pub(crate) fn py_repr_str(s: &str, ascii: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if u32::from(c) < 0x20 || (0x7f..0xa0).contains(&u32::from(c)) => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if (ascii && !c.is_ascii()) || !crate::py_printable::is_printable(c) => {
                let code = u32::from(c);
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn as_int(value: FormatValue<'_>) -> Option<i128> {
    match value {
        FormatValue::Int(i) => Some(i),
        FormatValue::Bool(b) => Some(i128::from(b)),
        _ => None,
    }
}

fn as_float(value: FormatValue<'_>) -> Option<f64> {
    match value {
        FormatValue::Int(i) => Some(i as f64),
        FormatValue::Bool(b) => Some(f64::from(u8::from(b))),
        FormatValue::Float(f) => Some(f),
        _ => None,
    }
}

fn convert(s: &Spec, value: FormatValue<'_>) -> Option<String> {
    match s.conv {
        's' | 'r' | 'a' => {
            let text = match (s.conv, value) {
                ('s', v) => py_str(v),
                (_, FormatValue::Str(t)) => py_repr_str(t, s.conv == 'a'),
                ('r', FormatValue::Object { repr, .. }) => repr.to_owned(),
                (_, FormatValue::Object { repr, .. }) => ascii_of_repr(repr),
                (_, v) => py_str(v),
            };
            let text: String = match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            Some(pad(s, "", &text, false))
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let (negative, mut digits) = match (s.conv, value) {
                // int(float): exact digits, however large.
                ('d' | 'i' | 'u', FormatValue::Float(f)) if f.is_finite() => {
                    let t = f.trunc();
                    (t < 0.0, format!("{:.0}", t.abs()))
                }
                _ => {
                    let n = as_int(value)?;
                    let mag = n.unsigned_abs();
                    let digits = match s.conv {
                        'o' => format!("{mag:o}"),
                        'x' => format!("{mag:x}"),
                        'X' => format!("{mag:X}"),
                        _ => mag.to_string(),
                    };
                    (n < 0, digits)
                }
            };
            if let Some(p) = s.precision {
                if digits.len() < p {
                    digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                }
            }
            let prefix = match (s.alt, s.conv) {
                (true, 'o') => "0o",
                (true, 'x') => "0x",
                (true, 'X') => "0X",
                _ => "",
            };
            let sign = format!("{}{prefix}", sign_of(s, negative));
            Some(pad(s, &sign, &digits, true))
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let f = as_float(value)?;
            let body = format_float(f.abs(), s);
            let body = if s.conv.is_ascii_uppercase() {
                body.to_ascii_uppercase()
            } else {
                body
            };
            let negative = f.is_sign_negative() && !f.is_nan();
            Some(pad(s, sign_of(s, negative), &body, true))
        }
        'c' => {
            let c = match value {
                FormatValue::Str(t) => {
                    let mut it = t.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => c,
                        _ => return None,
                    }
                }
                v => char::from_u32(u32::try_from(as_int(v)?).ok()?)?,
            };
            Some(pad(s, "", &c.to_string(), false))
        }
        _ => None,
    }
}

/// C's `%e` body for a non-negative finite `f`: `1.500000e+00`.
fn format_exp(f: f64, precision: usize, alt: bool) -> String {
    let rust = format!("{f:.precision$e}");
    let (mantissa, exp) = rust.split_once('e').unwrap_or((&rust, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let dot = if alt && precision == 0 { "." } else { "" };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}{dot}e{sign}{:02}", exp.unsigned_abs())
}

/// The body (no sign) of `%e`, `%f` or `%g` for `|f|`.
fn format_float(f: f64, s: &Spec) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return "inf".to_owned();
    }
    let precision = s.precision.unwrap_or(6);
    match s.conv.to_ascii_lowercase() {
        'e' => format_exp(f, precision, s.alt),
        'f' => {
            let dot = if s.alt && precision == 0 { "." } else { "" };
            format!("{f:.precision$}{dot}")
        }
        _ => {
            let p = precision.max(1);
            let exp_form = format_exp(f, p - 1, false);
            let exp: i64 = exp_form
                .rsplit_once('e')
                .and_then(|(_, e)| e.parse().ok())
                .unwrap_or(0);
            let p_i = i64::try_from(p).unwrap_or(i64::MAX);
            let mut body = if -4 <= exp && exp < p_i {
                let decimals = usize::try_from(p_i - 1 - exp).unwrap_or(0);
                format!("{f:.decimals$}")
            } else {
                exp_form
            };
            if s.alt {
                // `#`: the point stays, even with no digit after it.
                if !body.contains('.') {
                    let at = body.find('e').unwrap_or(body.len());
                    body.insert(at, '.');
                }
            } else {
                let (num, exp_part) = match body.find('e') {
                    Some(i) => {
                        let (a, b) = body.split_at(i);
                        (a.to_owned(), b.to_owned())
                    }
                    None => (body.clone(), String::new()),
                };
                let num = if num.contains('.') {
                    num.trim_end_matches('0').trim_end_matches('.').to_owned()
                } else {
                    num
                };
                body = num + &exp_part;
            }
            body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FormatValue as V;

    fn sf(v: FormatValue<'_>, spec: &str) -> String {
        stringformat(v, spec).unwrap()
    }

    #[test]
    fn like_python() {
        // Expected values printed by Python 3.12's `%` operator.
        assert_eq!(sf(V::Float(0.125), ".2f"), "0.12");
        assert_eq!(sf(V::Float(2.5), ".0f"), "2");
        assert_eq!(sf(V::Float(1e300), "f").len(), 308);
        assert_eq!(sf(V::Float(0.0001234), "g"), "0.0001234");
        assert_eq!(sf(V::Float(123456789.0), "g"), "1.23457e+08");
        assert_eq!(sf(V::Float(100000.0), "g"), "100000");
        assert_eq!(sf(V::Float(-1.5), "+08.2f"), "-0001.50");
        assert_eq!(sf(V::Int(5), "+d"), "+5");
        assert_eq!(sf(V::Int(-5), "05d"), "-0005");
        assert_eq!(sf(V::Int(5), "-4d|"), "5   |");
        assert_eq!(sf(V::Int(5), ".3d"), "005");
        assert_eq!(sf(V::Float(3.9), "d"), "3");
        assert_eq!(sf(V::Float(-0.5), "d"), "0");
        assert_eq!(sf(V::Float(1e20), "d"), "100000000000000000000");
        assert_eq!(sf(V::Float(3.9), "x"), "");
        assert_eq!(sf(V::Str("abc"), ".2s"), "ab");
        assert_eq!(sf(V::Str("abc"), "r"), "'abc'");
        assert_eq!(sf(V::Str("it's"), "r"), "\"it's\"");
        assert_eq!(sf(V::Bool(true), "s"), "True");
        assert_eq!(sf(V::Bool(true), "d"), "1");
        assert_eq!(sf(V::NoneValue, "s"), "None");
        assert_eq!(sf(V::Float(f64::INFINITY), "f"), "inf");
        assert_eq!(sf(V::Float(f64::NEG_INFINITY), "F"), "-INF");
        assert_eq!(sf(V::Float(1.0), "s"), "1.0");
        assert_eq!(sf(V::Int(65), "c"), "A");
        assert!(stringformat(V::Int(-1), "c").is_err());
        assert_eq!(sf(V::Int(5), "d %s"), "");
        assert_eq!(sf(V::Str("x"), ""), "");
        assert_eq!(sf(V::Int(5), "d%%"), "5%");
        assert_eq!(sf(V::Float(1e16), "E"), "1.000000E+16");
        assert_eq!(sf(V::Float(f64::NAN), "05f"), "00nan");
        assert_eq!(sf(V::Float(1e-5), "g"), "1e-05");
        assert_eq!(sf(V::Int(5), "#o"), "0o5");
        assert_eq!(sf(V::Str("ab"), "05s"), "   ab");
        assert!(stringformat(V::Int(5), "99999999999d").is_err());
    }

    #[test]
    fn alternate_form_keeps_the_point() {
        // Python 3.12: '%#.3g' % 255, '%#g' % 123456.789, …
        assert_eq!(sf(V::Int(255), "#.3g"), "255.");
        assert_eq!(sf(V::Float(123456.789), "#g"), "123457.");
        assert_eq!(sf(V::Float(3.0), "#.0e"), "3.e+00");
        assert_eq!(sf(V::Float(3e8), "#.1g"), "3.e+08");
        assert_eq!(sf(V::Float(0.0), "#g"), "0.00000");
        assert_eq!(sf(V::Float(1e-5), "#.3g"), "1.00e-05");
        assert_eq!(sf(V::Float(1.5), "g"), "1.5");
    }

    #[test]
    fn a_width_past_python_s_reach_prints_nothing() {
        // '%99999999999999999999d' % 1: ValueError, which Django's
        // stringformat turns into "".
        assert_eq!(sf(V::Int(1), "99999999999999999999d"), "");
        assert_eq!(sf(V::Float(1.0), ".99999999999999999999f"), "");
        // Within it, past the limit: an error, not gigabytes.
        assert!(stringformat(V::Int(1), "9223372036854775807d").is_err());
    }

    #[test]
    fn a_percent_with_a_width_is_unsupported() {
        // '%5%' % 5 raises ValueError in Python 3.12: Django prints "".
        assert_eq!(sf(V::Int(5), "5%"), "");
        assert_eq!(sf(V::Int(5), "-5%"), "");
        assert_eq!(sf(V::Int(5), "s%%"), "5%");
    }

    #[test]
    fn percent_format_raises_as_python() {
        let variable = V::Object {
            text: "missing",
            repr: "<Variable: 'missing'>",
            mapping: false,
        };
        let ok = |f: &str| percent_format(f, variable).unwrap();
        let raises = |f: &str| matches!(percent_format(f, variable), Err(PercentError::Raised(_)));
        assert_eq!(ok("%s"), "missing");
        assert_eq!(ok("%r"), "<Variable: 'missing'>");
        assert_eq!(ok("%10s|"), "   missing|");
        assert_eq!(ok("%-10s|"), "missing   |");
        assert_eq!(ok("%.2s"), "mi");
        assert_eq!(ok("100%% %s"), "100% missing");
        for f in [
            "%d",
            "%c",
            "%(x)s",
            "%s %s",
            "%%s",
            "50% off %s",
            "%s%",
            "%5%%s",
        ] {
            assert!(raises(f), "{f}");
        }
    }
}
