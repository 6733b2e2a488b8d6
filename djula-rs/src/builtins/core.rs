//! Adapters from template values to the typed filter functions of the
//! shared `filters` crate, one small closure per Django filter, with
//! Django's rules for what each filter receives (`stringfilter` turns the
//! input into text; `is_safe` keeps safety; `needs_autoescape` gets the flag).

use filters::numbers::NumberInput;
use filters::text::Countable;

use super::function::{into_filter, FilterFunction};
use super::{ArgSpec, FilterDef, FilterEnv};
use crate::error::Error;
use crate::value::tz as time;
use crate::value::{DateValue, Object, Value};
use filters::dates::TzInfo;

use ArgSpec::{None as NoArg, Optional, Required};

fn ferr(e: filters::FilterError) -> Error {
    Error::render(e.message().to_string())
}

/// Django's `stringfilter`: the input as text (Python's `str()`).
fn text(v: &Value) -> String {
    match v {
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = v.as_str().unwrap_or_default();
            s.to_string()
        }
        other => other.to_text(),
    }
}

/// Django's `value in (None, "")`: what `date` and `time` print nothing
/// for before they read the format.
fn none_or_empty(v: &Value) -> bool {
    v.is_none() || v.as_str() == Some("")
}

/// `date` of a value that is no date (see
/// [`filters::dates::date_of_other`]).
fn date_of_other(v: &Value, a: Option<&Value>, env: &FilterEnv<'_>) -> Result<String, Error> {
    if none_or_empty(v) {
        return Ok(String::new());
    }
    let given = a.filter(|f| !f.is_none()).map(text_cow);
    let format = given.as_deref().filter(|_| a.is_some_and(Value::is_true));
    filters::dates::date_of_other(format, given.as_deref(), v.type_name(), env.lang).map_err(ferr)
}

/// `time` of a value that is no date (see
/// [`filters::dates::time_of_other`]).
fn time_of_other(v: &Value, a: Option<&Value>, env: &FilterEnv<'_>) -> String {
    if none_or_empty(v) {
        return String::new();
    }
    let given = a.filter(|f| !f.is_none()).map(text_cow);
    let format = given.as_deref().filter(|_| a.is_some_and(Value::is_true));
    filters::dates::time_of_other(format, given.as_deref(), v.type_name(), env.lang)
}

/// Python's `TypeError` for what `int()` cannot take at all (a list,
/// `None`, a date); a number, a bool or a text passes (a text may still
/// fail to read, a `ValueError`).
fn int_taking(x: &Value) -> Result<(), Error> {
    match x {
        Value::Int(_)
        | Value::BigInt(_)
        | Value::Bool(_)
        | Value::Float(_)
        | Value::Str(_)
        | Value::Safe(_) => Ok(()),
        other => Err(Error::render(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// The items of `v` as Python's `for` reads them, or Python's error.
pub(crate) fn iterated(v: &Value) -> Result<Vec<Value>, Error> {
    v.iter_items()
        .ok_or_else(|| Error::render(format!("'{}' object is not iterable", v.type_name())))
}

fn arg_text(arg: Option<&Value>) -> String {
    arg.map(text).unwrap_or_default()
}

/// Python's name of a value's class in its error messages (`NoneType`).
fn class_name(v: &Value) -> &'static str {
    if v.is_none() {
        "NoneType"
    } else {
        v.type_name()
    }
}

/// A filter argument that Python uses as a `str` (a method called on it,
/// `in` over it): any other value is the error `wrong` describes, as
/// Django lets Python's exception through.
fn str_arg(
    arg: Option<&Value>,
    wrong: impl FnOnce(&Value) -> String,
) -> Result<Option<&str>, Error> {
    match arg {
        None => Ok(None),
        Some(a @ (Value::Str(_) | Value::Safe(_))) => Ok(a.as_str()),
        Some(other) => Err(Error::render(wrong(other))),
    }
}

/// A `stringfilter` result: safe when the filter `is_safe` and the input was.
fn keep_safety(input: &Value, out: String, is_safe: bool) -> Value {
    if is_safe && input.is_safe() {
        Value::safe(out)
    } else {
        Value::str(out)
    }
}

fn number(v: &Value) -> NumberInput<'_> {
    match v {
        Value::Int(i) => NumberInput::Int(*i),
        Value::Float(f) => NumberInput::Float(*f),
        Value::Bool(b) => NumberInput::Bool(*b),
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = v.as_str().unwrap_or_default();
            NumberInput::Str(s)
        }
        Value::None => NumberInput::NoneValue,
        _ => NumberInput::Other,
    }
}

/// Python's `int(arg)` for width-like arguments; `None` when Python raises.
fn int_arg(arg: Option<&Value>) -> Option<i64> {
    // A literal number, as most templates give: no conversion.
    if let Some(Value::Int(n)) = arg {
        return Some(*n);
    }
    // Past i64 a length or width means the same as i64's own bound.
    arg?.python_int()
        .map(|n| i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX }))
}

/// Python's `int(arg)` where a filter catches only `ValueError` (the
/// `truncate…` filters): `Ok(None)` for text that is not a number, and
/// Python's `TypeError` for a value `int()` does not take at all.
fn length_arg(arg: Option<&Value>) -> Result<Option<i64>, Error> {
    let refused = match arg {
        Some(Value::None | Value::List(_) | Value::Map(_) | Value::Date(_)) => true,
        // Bytes are read as text (`int(b"3")`); other objects are refused.
        Some(Value::Object(o)) => !matches!(**o, Object::Bytes(_)),
        _ => false,
    };
    match arg {
        Some(v) if refused => Err(Error::render(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            crate::value::methods::python_type(v)
        ))),
        _ => Ok(int_arg(arg)),
    }
}

/// A built-in filter over template values; its flags come from the one
/// table of Django's registrations ([`super::is_safe`]).
fn def(
    name: &str,
    arg: ArgSpec,
    f: impl Fn(&Value, Option<&Value>, &FilterEnv<'_>) -> Result<Value, Error> + Send + Sync + 'static,
) -> FilterDef {
    FilterDef::new(name, arg, super::is_safe(name), f)
}

/// A built-in `stringfilter` that is a plain typed function of the shared
/// core, registered as applications register theirs ([`into_filter`]).
fn typed<F: FilterFunction<Args, R>, Args, R>(name: &str, f: F) -> FilterDef {
    into_filter(name, super::is_safe(name), f)
}

/// The text of a value, borrowed when it is a string.
fn text_cow(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = v.as_str().unwrap_or_default();
            std::borrow::Cow::Borrowed(s)
        }
        other => std::borrow::Cow::Owned(other.to_text()),
    }
}

/// `urlize`/`urlizetrunc` with the settings' assumed scheme.
fn urlize(v: &Value, limit: Option<i64>, env: &FilterEnv<'_>) -> filters::Safe<String> {
    let scheme = if env.settings.urlize_assume_https {
        filters::html::AssumedScheme::Https
    } else {
        filters::html::AssumedScheme::Http
    };
    filters::html::urlize_with(&text(v), limit, env.autoescape && !v.is_safe(), scheme)
}

/// Prints a text result: escaped under autoescape unless `safe`.
fn print_text(out: &mut String, text: &str, safe: bool, env: &FilterEnv<'_>) {
    if env.autoescape && !safe {
        filters::escape_into(out, text);
    } else {
        out.push_str(text);
    }
}

/// `truncatechars` printed: ASCII text is cut in place (the common case),
/// the rest goes through the filter.
fn write_truncatechars(
    v: &Value,
    a: Option<&Value>,
    _: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    if env.settings.elision_string != "…" {
        return Ok(false);
    }
    // `is_safe`: a safe input stays safe.
    let safe = v.is_safe();
    let text = text_cow(v);
    let length = length_arg(a)?;
    match length.map(usize::try_from) {
        None => print_text(out, &text, safe, env),
        Some(Ok(n)) if n > 0 && text.is_ascii() => match text.get(..n - 1) {
            Some(head) if text.len() > n => {
                print_text(out, head, safe, env);
                out.push('…');
            }
            _ => print_text(out, &text, safe, env),
        },
        Some(_) => {
            let n = length.unwrap_or(0);
            print_text(out, &filters::text::truncatechars(&text, n), safe, env);
        }
    }
    Ok(true)
}

/// `upper` or `lower` printed: ASCII text is case-mapped in small chunks
/// on the stack and written (escaped) straight into the page; other text
/// goes through the filter, whose Unicode mapping is Python's.
fn write_ascii_case(
    name: &str,
    map: fn(&mut [u8]),
    v: &Value,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    let text = text_cow(v);
    if !text.is_ascii() {
        return Ok(false);
    }
    // `is_safe` filters keep a safe input safe; `upper` is not one.
    let safe = super::is_safe(name) && v.is_safe();
    let start = out.len();
    let mut chunk = [0u8; 64];
    for part in text.as_bytes().chunks(chunk.len()) {
        // ASCII in, ASCII out: always valid UTF-8. Were it not, nothing
        // written stays and the returning filter writes the value.
        let mapped = chunk.get_mut(..part.len()).and_then(|buffer| {
            buffer.copy_from_slice(part);
            map(buffer);
            std::str::from_utf8(buffer).ok()
        });
        let Some(mapped) = mapped else {
            out.truncate(start);
            return Ok(false);
        };
        print_text(out, mapped, safe, env);
    }
    Ok(true)
}

fn write_upper(
    v: &Value,
    _: Option<&Value>,
    _: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    write_ascii_case("upper", <[u8]>::make_ascii_uppercase, v, env, out)
}

fn write_lower(
    v: &Value,
    _: Option<&Value>,
    _: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    write_ascii_case("lower", <[u8]>::make_ascii_lowercase, v, env, out)
}

/// `floatformat` printed (its result is safe).
fn write_floatformat(
    v: &Value,
    a: Option<&Value>,
    _: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    if matches!(v, Value::BigInt(_)) {
        return Ok(false);
    }
    // An integer argument (`floatformat:2`) as text without a `String`.
    let mut digits = itoa::Buffer::new();
    let arg = match a {
        Some(Value::Int(n)) => Some(std::borrow::Cow::Borrowed(digits.format(*n))),
        other => other.map(floatformat_arg).transpose()?,
    };
    // As the returning filter: an error is Django's exception.
    filters::numbers::floatformat_into(out, number(v), arg.as_deref(), env.lang).map_err(ferr)?;
    Ok(true)
}

/// `floatformat`'s argument as the text it reads: Django takes a text as
/// it is (`"2g"`), and anything else through `int()` (`1.5` is `1`;
/// `None` or a list is an error).
fn floatformat_arg(a: &Value) -> Result<std::borrow::Cow<'_, str>, Error> {
    match a {
        Value::Str(_) | Value::Safe(_) | Value::Int(_) | Value::BigInt(_) => Ok(text_cow(a)),
        Value::Float(f) if !f.is_finite() => Ok(text_cow(a)),
        _ => {
            int_taking(a)?;
            Ok(std::borrow::Cow::Owned(
                a.python_int().map(|n| n.to_string()).unwrap_or_default(),
            ))
        }
    }
}

/// `date` printed.
fn write_date(
    v: &Value,
    a: Option<&Value>,
    prepared: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    let Value::Date(d) = v else {
        print_text(out, &date_of_other(v, a, env)?, false, env);
        return Ok(true);
    };
    // Written in place; escaped afterwards only if it needs it (a
    // format's literal text or a language's names may hold `<&'"`).
    let start = out.len();
    let value = localtime(d);
    match prepared {
        Some(super::PreparedArg::DateFormat(format)) => {
            // The default zone is looked up only for a format that reads it.
            let zone = if format.uses_zone() {
                tz(env)
            } else {
                filters::dates::jiff::tz::TimeZone::UTC
            };
            filters::dates::date_into_parsed(out, &value, format, &zone, env.lang)
        }
        None => {
            let format = a.filter(|f| f.is_true()).map(text_cow);
            filters::dates::date_into(out, &value, format.as_deref(), &tz(env), env.lang)
        }
    }
    .map_err(ferr)?;
    let written = out.get(start..).unwrap_or_default();
    if env.autoescape && filters::needs_escape(written) {
        let text = out.split_off(start);
        filters::escape_into(out, &text);
    }
    Ok(true)
}

/// `date`'s literal format, parsed at compile time: a true text that
/// names no language's format (a false one is `DATE_FORMAT`).
fn prepare_date_format(format: &Value) -> Option<super::PreparedArg> {
    match format {
        Value::Str(_) | Value::Safe(_) if format.is_true() => {
            filters::dates::DateFormat::parse(format.as_str()?).map(super::PreparedArg::DateFormat)
        }
        _ => None,
    }
}

/// Without autoescaping Django's `join` is Python's `sep.join(value)`:
/// a separator that is not text fails (`AttributeError`), and items that
/// are not all text make it return the value unchanged (`TypeError`).
/// `Ok(true)` when the value comes back unchanged.
fn join_unchanged(
    items: &[Value],
    sep: Option<&Value>,
    env: &FilterEnv<'_>,
) -> Result<bool, Error> {
    if env.autoescape {
        return Ok(false);
    }
    let is_text = |v: &Value| matches!(v, Value::Str(_) | Value::Safe(_));
    match sep {
        Some(sep) if !is_text(sep) => Err(Error::render(format!(
            "join: '{}' object has no attribute 'join' (AttributeError in Django)",
            sep.type_name()
        ))),
        _ => Ok(!items.iter().all(is_text)),
    }
}

/// `join` printed: the items written one by one (its result is safe).
fn write_join(
    v: &Value,
    a: Option<&Value>,
    _: Option<&super::PreparedArg>,
    env: &FilterEnv<'_>,
    out: &mut String,
) -> Result<bool, Error> {
    let owned;
    let items: &[Value] = match v {
        Value::List(list) => list,
        other => match other.iter_items() {
            Some(items) => {
                owned = items;
                &owned
            }
            None => return Ok(false),
        },
    };
    if join_unchanged(items, a, env)? {
        return Ok(false);
    }
    let none = Value::None;
    let sep = a.unwrap_or(&none);
    let sep_text = text_cow(sep);
    let start = out.len();
    for (i, item) in items.iter().enumerate() {
        env.check_text_size("join", out.len() - start)?;
        if i > 0 {
            print_text(out, &sep_text, sep.is_safe(), env);
        }
        print_text(out, &text_cow(item), item.is_safe(), env);
    }
    Ok(true)
}

pub(super) fn all() -> Vec<FilterDef> {
    vec![
        // Text.
        typed("addslashes", filters::text::addslashes),
        typed("capfirst", filters::text::capfirst),
        typed("lower", filters::text::lower).writing(write_lower),
        typed("upper", filters::text::upper).writing(write_upper),
        typed("title", filters::text::title),
        // Not a `stringfilter`: Django calls the value's `lower()`.
        def("phone2numeric", NoArg, |v, _, _| {
            if v.as_str().is_none() {
                return Err(Error::render(format!(
                    "'{}' object has no attribute 'lower'",
                    v.type_name()
                )));
            }
            Ok(Value::str(filters::text::phone2numeric(&text(v))))
        }),
        typed("iriencode", filters::text::iriencode),
        // Safe only when its input was (`is_safe`): Django's slug is a
        // plain `str`.
        def("slugify", NoArg, |v, _, _| {
            Ok(Value::str(filters::text::slugify(&text(v), false)))
        }),
        def("escapejs", NoArg, |v, _, _| {
            Ok(filters::text::escapejs(&text(v)).into())
        }),
        def("wordcount", NoArg, |v, _, _| {
            Ok(Value::Int(filters::text::wordcount(&text(v)) as i64))
        }),
        def("cut", Required, |v, a, _| {
            // `value.replace(arg, "")`.
            let arg = str_arg(a, |other| {
                let class = if other.is_none() {
                    "None"
                } else {
                    other.type_name()
                };
                format!("TypeError: replace() argument 1 must be str, not {class}")
            })?
            .unwrap_or_default();
            let out = filters::text::cut(&text(v), arg);
            Ok(if v.is_safe() && arg != ";" {
                Value::safe(out)
            } else {
                Value::str(out)
            })
        }),
        def("center", Required, |v, a, _| {
            pad(v, a, filters::text::center)
        }),
        def("ljust", Required, |v, a, _| pad(v, a, filters::text::ljust)),
        def("rjust", Required, |v, a, _| pad(v, a, filters::text::rjust)),
        def("truncatechars", Required, |v, a, _| match length_arg(a)? {
            Some(n) => Ok(keep_safety(
                v,
                filters::text::truncatechars(&text(v), n),
                true,
            )),
            None => Ok(keep_safety(v, text(v), true)),
        })
        .writing(write_truncatechars),
        def("truncatewords", Required, |v, a, _| match length_arg(a)? {
            Some(n) => Ok(keep_safety(
                v,
                filters::text::truncatewords(&text(v), n),
                true,
            )),
            None => Ok(keep_safety(v, text(v), true)),
        }),
        def("wordwrap", Required, |v, a, _| {
            let width =
                int_arg(a).ok_or_else(|| Error::render("wordwrap requires an integer width"))?;
            Ok(keep_safety(
                v,
                filters::text::wordwrap(&text(v), width).map_err(ferr)?,
                true,
            ))
        }),
        def("linenumbers", NoArg, |v, _, env| {
            Ok(filters::text::linenumbers(&text(v), env.autoescape && !v.is_safe()).into())
        }),
        def("urlencode", Optional, |v, a, _| {
            // `safe=None` is Django's default, as no argument. Python's
            // `quote` returns an empty text before it reads `safe`, and
            // reads a number as an iterable of code points.
            let safe = a.filter(|a| !a.is_none());
            if let Some(
                number @ (Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_)),
            ) = safe
            {
                if !text(v).is_empty() {
                    return Err(Error::render(format!(
                        "TypeError: '{}' object is not iterable",
                        number.type_name()
                    )));
                }
            }
            let safe = safe.map(text);
            Ok(Value::str(filters::text::urlencode(
                &text(v),
                safe.as_deref(),
            )))
        }),
        def("pluralize", Optional, |v, a, _| {
            // `"," not in arg`, then `"," + arg`: Python's errors for what
            // is not a text.
            let arg = match a {
                None => "s",
                Some(a @ (Value::Str(_) | Value::Safe(_))) => a.as_str().unwrap_or_default(),
                Some(a @ (Value::List(_) | Value::Map(_) | Value::Object(_))) => {
                    return Err(Error::render(format!(
                        "TypeError: can only concatenate str (not \"{}\") to str",
                        a.type_name()
                    )))
                }
                Some(other) => {
                    return Err(Error::render(format!(
                        "TypeError: argument of type '{}' is not iterable",
                        class_name(other)
                    )))
                }
            };
            let countable = match v {
                Value::Int(i) => Countable::Number(*i as f64),
                Value::BigInt(i) => Countable::Number(**i as f64),
                Value::Float(f) => Countable::Number(*f),
                Value::Bool(b) => Countable::Number(f64::from(u8::from(*b))),
                Value::Str(_) | Value::Safe(_) => {
                    let s: &str = v.as_str().unwrap_or_default();
                    Countable::Text(s)
                }
                Value::List(l) => Countable::Len(l.len()),
                Value::Map(m) => Countable::Len(m.len()),
                _ => return Ok(Value::str("")),
            };
            Ok(Value::str(filters::text::pluralize(countable, arg)))
        }),
        def("yesno", Optional, |v, a, env| {
            let truth = if v.is_none() { None } else { Some(v.is_true()) };
            // `arg=None` is Django's default, as no argument; then
            // `arg.split(",")`.
            let arg = str_arg(a.filter(|a| !a.is_none()), |other| {
                format!(
                    "AttributeError: '{}' object has no attribute 'split'",
                    other.type_name()
                )
            })?;
            // Django's default is `gettext("yes,no,maybe")`.
            let arg = arg.unwrap_or(env.lang.yes_no_maybe());
            Ok(match filters::text::yesno(truth, Some(arg)) {
                Some(s) => Value::str(s),
                None => v.clone(),
            })
        }),
        def("stringformat", Required, |v, a, _| {
            // Django's `stringformat` formats a tuple as its `str()` (`%r`
            // then quotes that text).
            let value = match v {
                Value::Object(o) if matches!(&**o, Object::Tuple(_) | Object::Named { .. }) => {
                    filters::text::KeyedValue::Str(v.to_text())
                }
                _ => format_value(v),
            };
            // `%(key)s` reads a dict's key; a list raises.
            let lookup = |key: &str| format_key(v, key);
            Ok(Value::str(
                filters::text::stringformat_keyed(value.as_format(), &arg_text(a), &lookup)
                    .map_err(ferr)?,
            ))
        }),
        // Numbers.
        def("floatformat", Optional, |v, a, env| {
            let arg = a.map(floatformat_arg).transpose()?;
            // A big integer goes in as its digits, which Decimal reads exactly.
            let digits = matches!(v, Value::BigInt(_)).then(|| v.to_text());
            let input = digits
                .as_deref()
                .map_or_else(|| number(v), NumberInput::Str);
            // A number is marked safe; a value left unformatted is not.
            Ok(
                match filters::numbers::floatformat_checked(input, arg.as_deref(), env.lang) {
                    Ok(filters::numbers::Floatformatted::Number(text)) => Value::safe(text),
                    Ok(filters::numbers::Floatformatted::Unformatted(text)) => Value::str(text),
                    // Django raises (`IndexError`, `InvalidOperation`).
                    Err(e) => return Err(ferr(e)),
                },
            )
        })
        .writing(write_floatformat),
        def("filesizeformat", NoArg, |v, _, env| {
            // Python's `int(value)`: a float is truncated, text must be
            // an integer (`"2048.0"` is 0 bytes).
            let bytes = match v {
                Value::Int(_)
                | Value::BigInt(_)
                | Value::Bool(_)
                | Value::Float(_)
                | Value::Str(_)
                | Value::Safe(_) => v.python_int(),
                _ => None,
            };
            if matches!(v, Value::Float(f) if f.is_infinite()) {
                // Python's `int(inf)`, which filesizeformat lets through.
                return Err(Error::render(
                    "OverflowError: cannot convert float infinity to integer",
                ));
            }
            Ok(Value::str(match (bytes, v) {
                // `int()` of a float past 2^127: exact in Python.
                (None, Value::Float(f)) => {
                    filters::numbers::filesizeformat_of_float_in(*f, env.lang)
                }
                _ => filters::numbers::filesizeformat_in(bytes, env.lang),
            }))
        }),
        def("add", Required, |v, a, env| {
            let arg = a.cloned().unwrap_or_default();
            // Text or lists end to end: no larger than a value may be.
            match (v, &arg) {
                (Value::List(x), Value::List(y)) => {
                    env.check_list_size("add", x.len() + y.len())?
                }
                _ => {
                    if let (Some(x), Some(y)) = (v.as_str(), arg.as_str()) {
                        env.check_text_size("add", x.len() + y.len())?;
                    }
                }
            }
            // Django's `int(value) + int(arg)` first, exact past i64 as
            // Python's ints are (a float of 1e21 is an int of 22 digits).
            if let Some(sum) = v
                .python_int()
                .zip(arg.python_int())
                .and_then(|(a, b)| a.checked_add(b))
            {
                return Ok(Value::int(sum));
            }
            Ok(match filters::numbers::add(number(v), number(&arg)) {
                filters::numbers::Added::Int(i) => Value::int(i),
                // `SafeString + SafeString` stays safe (literals are safe).
                filters::numbers::Added::Str(s) if v.is_safe() && arg.is_safe() => Value::safe(s),
                filters::numbers::Added::Str(s) => Value::str(s),
                filters::numbers::Added::Float(f) => Value::Float(f),
                _ => match (v, &arg) {
                    (Value::List(x), Value::List(y)) => {
                        Value::list(x.iter().chain(y.iter()).cloned().collect())
                    }
                    (Value::Object(x), Value::Object(y)) => match (&**x, &**y) {
                        // Past `timedelta.max` or `min`: Python's
                        // OverflowError, which `add` turns into "".
                        (Object::TimeDelta(x), Object::TimeDelta(y)) => x
                            .checked_add(*y)
                            .filter(|sum| crate::value::TIMEDELTA_RANGE.contains(sum))
                            .map_or_else(
                                || Value::str(""),
                                |sum| Value::Object(std::sync::Arc::new(Object::TimeDelta(sum))),
                            ),
                        _ => Value::str(""),
                    },
                    _ => Value::str(""),
                },
            })
        }),
        def("divisibleby", Required, |v, a, _| {
            let arg = a.cloned().unwrap_or_default();
            // Django's `int(value) % int(arg) == 0`, any failure an error.
            let int = |x: &Value| -> Result<i128, Error> {
                int_taking(x)?;
                x.python_int().ok_or_else(|| {
                    Error::render(format!(
                        "invalid literal for int() with base 10: {}",
                        x.to_repr()
                    ))
                })
            };
            filters::numbers::divisibleby(int(v)?, int(&arg)?)
                .map(Value::Bool)
                .map_err(ferr)
        }),
        def("get_digit", Required, |v, a, _| {
            let arg = a.cloned().unwrap_or_default();
            // Django's `int()` of the argument, then of the value: a text
            // that is no number gives the value back, a value `int()`
            // cannot take at all (a list, `None`, a date) is an error.
            int_taking(&arg)?;
            let Some(position) = arg.python_int() else {
                return Ok(v.clone());
            };
            int_taking(v)?;
            let Some(value) = v.python_int() else {
                return Ok(v.clone());
            };
            Ok(
                match filters::numbers::get_digit(value, position).map_err(ferr)? {
                    Some(d) => Value::Int(d.into()),
                    None => Value::int(value),
                },
            )
        }),
        // Safety and escaping.
        def("safe", NoArg, |v, _, _| Ok(Value::safe(text(v)))),
        def("escape", NoArg, |v, _, _| {
            Ok(if v.is_safe() {
                v.clone()
            } else {
                Value::safe(filters::escape(&text(v)))
            })
        }),
        def("force_escape", NoArg, |v, _, _| {
            Ok(Value::safe(filters::escape(&text(v))))
        }),
        def("safeseq", NoArg, |v, _, _| {
            Ok(Value::list(
                iterated(v)?.iter().map(|x| Value::safe(text(x))).collect(),
            ))
        }),
        def("escapeseq", NoArg, |v, _, _| {
            Ok(Value::list(
                iterated(v)?
                    .iter()
                    .map(|x| {
                        if x.is_safe() {
                            x.clone()
                        } else {
                            Value::safe(filters::escape(&text(x)))
                        }
                    })
                    .collect(),
            ))
        }),
        // Defaults and sizes.
        def("default", Required, |v, a, _| {
            Ok(if v.is_true() {
                v.clone()
            } else {
                a.cloned().unwrap_or_default()
            })
        }),
        def("default_if_none", Required, |v, a, _| {
            Ok(if v.is_none() {
                a.cloned().unwrap_or_default()
            } else {
                v.clone()
            })
        }),
        def("length", NoArg, |v, _, _| {
            Ok(Value::Int(v.len().unwrap_or(0) as i64))
        }),
        def("length_is", Required, |v, a, _| {
            Ok(match (v.len(), int_arg(a)) {
                (Some(n), Some(m)) => Value::Bool(n as i64 == m),
                _ => Value::str(""),
            })
        }),
        // Lists.
        // `value[0]`, `value[-1]`: "" for an empty sequence, Python's
        // error for what cannot be indexed.
        def("first", NoArg, |v, _, _| subscript(v, 0)),
        def("last", NoArg, |v, _, _| subscript(v, -1)),
        def("make_list", NoArg, |v, _, env| {
            let text = text_cow(v);
            env.check_list_size("make_list", text.len())?;
            Ok(Value::list(
                text.chars().map(|c| Value::str(c.to_string())).collect(),
            ))
        }),
        def("join", Required, |v, a, env| {
            let Some(items) = v.iter_items() else {
                return Ok(v.clone());
            };
            if join_unchanged(&items, a, env)? {
                return Ok(v.clone());
            }
            let escape = env.autoescape;
            let mut out = String::new();
            let sep = a.cloned().unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                env.check_text_size("join", out.len())?;
                if i > 0 {
                    if escape && !sep.is_safe() {
                        filters::escape_into(&mut out, &text(&sep));
                    } else {
                        out.push_str(&text(&sep));
                    }
                }
                if escape && !item.is_safe() {
                    filters::escape_into(&mut out, &text(item));
                } else {
                    out.push_str(&text(item));
                }
            }
            Ok(Value::safe(out))
        })
        .writing(write_join),
        // Dates (formatting through the shared date formatter).
        def("date", Optional, |v, a, env| {
            let Value::Date(d) = v else {
                return date_of_other(v, a, env).map(Value::str);
            };
            // A false format (`""`, `None`) is Django's `format or DATE_FORMAT`.
            let format = a.filter(|f| f.is_true()).map(text);
            filters::dates::date_in(&localtime(d), format.as_deref(), &tz(env), env.lang)
                .map(Value::str)
                .map_err(ferr)
        })
        .writing(write_date)
        .preparing(prepare_date_format),
        def("time", Optional, |v, a, env| {
            let Value::Date(d) = v else {
                return Ok(Value::str(time_of_other(v, a, env)));
            };
            // A false format (`""`, `None`) is Django's `format or DATE_FORMAT`.
            let format = a.filter(|f| f.is_true()).map(text);
            Ok(Value::str(filters::dates::time_in(
                &localtime(d),
                format.as_deref(),
                &tz(env),
                env.lang,
            )))
        }),
        def("timesince", Optional, |v, a, env| {
            since(v, a, env, filters::dates::timesince_in)
        }),
        def("timeuntil", Optional, |v, a, env| {
            since(v, a, env, filters::dates::timeuntil_in)
        }),
        // HTML.
        def("linebreaks", NoArg, |v, _, env| {
            Ok(filters::html::linebreaks(&text(v), env.autoescape && !v.is_safe()).into())
        }),
        def("linebreaksbr", NoArg, |v, _, env| {
            Ok(filters::html::linebreaksbr(&text(v), env.autoescape && !v.is_safe()).into())
        }),
        def("striptags", NoArg, |v, _, _| {
            Ok(keep_safety(
                v,
                filters::html::striptags(&text(v)).map_err(ferr)?,
                true,
            ))
        }),
        def(
            "truncatechars_html",
            Required,
            |v, a, _| match length_arg(a)? {
                Some(n) => Ok(keep_safety(
                    v,
                    filters::html::truncatechars_html(&text(v), n).map_err(ferr)?,
                    true,
                )),
                // A `@stringfilter`: the value is text already.
                None => Ok(keep_safety(v, text(v), true)),
            },
        ),
        def(
            "truncatewords_html",
            Required,
            |v, a, _| match length_arg(a)? {
                Some(n) => Ok(keep_safety(
                    v,
                    filters::html::truncatewords_html(&text(v), n).map_err(ferr)?,
                    true,
                )),
                // A `@stringfilter`: the value is text already.
                None => Ok(keep_safety(v, text(v), true)),
            },
        ),
        def("urlize", NoArg, |v, _, env| Ok(urlize(v, None, env).into())),
        def("urlizetrunc", Required, |v, a, env| {
            let limit =
                int_arg(a).ok_or_else(|| Error::render("urlizetrunc requires an integer limit"))?;
            Ok(urlize(v, Some(limit), env).into())
        }),
        def("slice", Required, |v, a, _| {
            let spec = arg_text(a);
            Ok(match v {
                Value::List(items) => match filters::lists::slice(items, &spec) {
                    Some(part) => Value::list(part),
                    None => v.clone(),
                },
                Value::Str(_) | Value::Safe(_) => {
                    match filters::lists::slice_str(&text(v), &spec) {
                        Some(part) => keep_safety(v, part, true),
                        None => v.clone(),
                    }
                }
                // A tuple's slice is a tuple (a named tuple's too), bytes'
                // are bytes; dict views cannot be sliced (the value stays).
                Value::Object(object) => match &**object {
                    Object::Bytes(bytes) => match filters::lists::slice(bytes, &spec) {
                        Some(part) => Value::Object(std::sync::Arc::new(Object::Bytes(part))),
                        None => v.clone(),
                    },
                    Object::Tuple(_) | Object::Named { .. } => {
                        match filters::lists::slice(&object.items(), &spec) {
                            Some(part) => Value::tuple(part),
                            None => v.clone(),
                        }
                    }
                    _ => v.clone(),
                },
                _ => v.clone(),
            })
        }),
        def("unordered_list", NoArg, |v, _, env| {
            // The top level is iterated as Python iterates it (a dict by
            // its keys, a string by its characters); only lists and tuples
            // nest below.
            let top = iterated(v)?;
            let owned = list_nodes(&top);
            let nodes: Vec<_> = owned.iter().map(borrow_node).collect();
            Ok(filters::html::unordered_list(&nodes, env.autoescape)
                .map_err(ferr)?
                .into())
        }),
        def("random", NoArg, |v, _, env| {
            // `random.choice(value)`: needs `len()` and `value[i]`.
            let items = match v {
                Value::Map(_) if !v.is_empty() => return subscript(v, 0),
                _ => match v.len() {
                    Some(_) => v.iter_items().unwrap_or_default(),
                    None => {
                        return Err(Error::render(format!(
                            "object of type '{}' has no len()",
                            v.type_name()
                        )))
                    }
                },
            };
            let mut rng = match env.settings.random_seed {
                Some(seed) => filters::lists::Rng::with_seed(seed),
                None => filters::lists::Rng::from_entropy(),
            };
            Ok(filters::lists::random(&items, &mut rng)
                .cloned()
                .unwrap_or_else(|| Value::str("")))
        }),
        def("pprint", NoArg, |v, _, _| {
            Ok(Value::str(filters::html::pformat(&pretty_value(v))))
        }),
        def("dictsort", Required, |v, a, _| dictsort(v, a, false)),
        def("dictsortreversed", Required, |v, a, _| dictsort(v, a, true)),
        def("json_script", Optional, |v, a, _| {
            // Django's `if element_id:`: a false id writes no `id`.
            let a = a.filter(|a| a.is_true());
            let id = a.map(text);
            let piece = match (a, &id) {
                (Some(arg), Some(id)) if arg.is_safe() => Some(filters::lists::Piece::Safe(id)),
                (Some(_), Some(id)) => Some(filters::lists::Piece::Text(id)),
                _ => None,
            };
            let mut json = String::new();
            python_json(&mut json, v).map_err(Error::render)?;
            Ok(filters::html::json_script_text(&json, piece).into())
        }),
        // Standard-library filters with the fixed settings of this engine.
        // `str(formats.localize(value, use_l10n=True|False))`.
        def("localize", NoArg, |v, _, env| Ok(localized(v, env, true))),
        // `str()` of a `SafeString` is itself: it stays safe.
        def("unlocalize", NoArg, |v, _, env| {
            Ok(localized(v, env, false))
        }),
        def("language_name", NoArg, |v, _, env| {
            language_field(v, "name", env)
        }),
        def("language_name_local", NoArg, |v, _, env| {
            language_field(v, "name_local", env)
        }),
        def("language_name_translated", NoArg, |v, _, env| {
            language_field(v, "name_translated", env)
        }),
        def("language_bidi", NoArg, |v, _, env| {
            language_field(v, "bidi", env)
        }),
        // tz: Django's `do_timezone` (never an error: `""` for what is not
        // a datetime or not a zone).
        def("localtime", NoArg, |v, _, env| {
            Ok(in_zone(
                v,
                Some(time::current_tz(&env.settings.time_zone)),
                env,
            ))
        }),
        def("utc", NoArg, |v, _, env| {
            Ok(in_zone(v, Some(TzInfo::Utc), env))
        }),
        def("timezone", Required, |v, a, env| {
            let zone = match a {
                Some(text @ (Value::Str(_) | Value::Safe(_))) => {
                    let name = text.as_str().unwrap_or_default();
                    // Django catches an unknown zone, not a malformed key.
                    if let Some(error) = TzInfo::key_error(name) {
                        return Err(Error::render(error));
                    }
                    TzInfo::named(name)
                }
                Some(Value::Object(o)) => match &**o {
                    Object::TzInfo(tz) => Some(tz.clone()),
                    _ => None,
                },
                _ => None,
            };
            Ok(in_zone(v, zone, env))
        }),
    ]
}

fn pad(
    v: &Value,
    a: Option<&Value>,
    f: fn(&str, i64) -> Result<String, filters::FilterError>,
) -> Result<Value, Error> {
    let width = int_arg(a).ok_or_else(|| Error::render("the width must be an integer"))?;
    Ok(keep_safety(v, f(&text(v), width).map_err(ferr)?, true))
}

/// The engine's time zone (`TIME_ZONE`), in which naive values are read.
fn tz(env: &FilterEnv<'_>) -> filters::dates::jiff::tz::TimeZone {
    time::default_zone(&env.settings.time_zone)
}

/// `value|timezone:zone` (and `localtime`, `utc`): the datetime in `zone`,
/// or `""`.
fn in_zone(value: &Value, zone: Option<TzInfo>, env: &FilterEnv<'_>) -> Value {
    let (Value::Date(d), Some(zone)) = (value, zone) else {
        return Value::str("");
    };
    match time::do_timezone(d, &zone, &env.settings.time_zone) {
        Some(converted) => Value::Date(converted),
        None => Value::str(""),
    }
}

/// What `date` and `time` format (Django's `expects_localtime`): aware
/// datetimes in the current zone when the render converts them.
fn localtime(d: &DateValue) -> std::borrow::Cow<'_, DateValue> {
    match time::template_localtime(d) {
        Some(local) => std::borrow::Cow::Owned(local),
        None => std::borrow::Cow::Borrowed(d),
    }
}

/// Django's `str(formats.localize(value, use_l10n))`: numbers and dates
/// in the render's language (or unlocalized), text as it is; always a text
/// (a localized int is grouped under `USE_THOUSAND_SEPARATOR`).
fn localized(v: &Value, env: &FilterEnv<'_>, use_l10n: bool) -> Value {
    match v {
        Value::Str(_) | Value::Safe(_) => v.clone(),
        Value::Bool(_) | Value::None => Value::str(v.to_text()),
        Value::Int(_) | Value::BigInt(_) if !use_l10n => Value::str(v.to_text()),
        _ => {
            let mut out = String::new();
            crate::value::display::write_value_l10n(&mut out, v, false, env.lang, use_l10n);
            Value::str(out)
        }
    }
}

/// `timesince`/`timeuntil`: against the argument, or now.
fn since(
    v: &Value,
    a: Option<&Value>,
    env: &FilterEnv<'_>,
    f: fn(&DateValue, &DateValue, usize, filters::l10n::Lang<'_>) -> String,
) -> Result<Value, Error> {
    // Django's `if not value`; then both sides must be dates (`d.year`
    // is read): anything else is Python's `AttributeError`.
    if !v.is_true() {
        return Ok(Value::str(""));
    }
    let no_year = |x: &Value| {
        let type_name = match x {
            Value::Date(DateValue::Time(_)) => "datetime.time",
            other => other.type_name(),
        };
        Error::render(format!("'{type_name}' object has no attribute 'year'"))
    };
    let d = match v {
        Value::Date(d) if !matches!(d, DateValue::Time(_)) => d,
        other => return Err(no_year(other)),
    };
    // Django's `if arg:`: a false argument (`None`, `""`, `0`) is now.
    let now = match a.filter(|a| a.is_true()) {
        Some(Value::Date(n)) if !matches!(n, DateValue::Time(_)) => n.clone(),
        Some(other) => return Err(no_year(other)),
        // `datetime.now(d.tzinfo if is_aware(d) else None)`.
        None => match d {
            DateValue::Aware(aware) => match filters::dates::AwareDateTime::from_timestamp(
                filters::dates::jiff::Timestamp::now(),
                aware.tzinfo(),
            ) {
                Some(n) => DateValue::aware(n),
                None => return Ok(Value::str("")),
            },
            _ => match DateValue::now_in(&env.settings.time_zone) {
                Some(n) => n,
                None => return Ok(Value::str("")),
            },
        },
    };
    Ok(Value::str(f(d, &now, 2, env.lang)))
}

/// One step of Django's `_property_resolver`: `value[part]`, else
/// `getattr(value, part)`. A dict answers by key; otherwise only data
/// attributes answer: a method is not called (the bound method cannot be
/// sorted) and a list is not indexed by text.
fn sort_step(value: &Value, part: &str) -> Option<Value> {
    let data = match value {
        Value::Map(map) => return map.get(part).cloned(),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            matches!(part, "real" | "imag" | "numerator" | "denominator")
        }
        Value::Float(_) => matches!(part, "real" | "imag"),
        Value::Date(_) => matches!(
            part,
            "year"
                | "month"
                | "day"
                | "hour"
                | "minute"
                | "second"
                | "microsecond"
                | "fold"
                | "tzinfo"
        ),
        Value::Object(object) => return object.field(part),
        _ => false,
    };
    if data {
        value.get_attr(part)
    } else {
        None
    }
}

/// Django's `dictsort`/`dictsortreversed`: sort by a key path of each item;
/// `""` when the key cannot be read or compared, as Django does.
fn dictsort(v: &Value, a: Option<&Value>, reverse: bool) -> Result<Value, Error> {
    let Some(items) = v.iter_items() else {
        return Ok(Value::str(""));
    };
    // An int (a bool is one: `True` is index 1) is `itemgetter(arg)`.
    let (arg, arg_is_int) = match a {
        Some(Value::Bool(b)) => (u8::from(*b).to_string(), true),
        Some(Value::Int(_)) => (arg_text(a), true),
        _ => (arg_text(a), false),
    };
    let Some(key) = filters::lists::dictsort_key(&arg, arg_is_int) else {
        return Ok(Value::str(""));
    };
    let mut keys = Vec::with_capacity(items.len());
    for item in &items {
        // `itemgetter`: a missing key or index is Python's `KeyError` or
        // `IndexError`, which Django lets through; an item that takes no
        // index (a `TypeError`) makes the result `""`.
        let found = match &key {
            filters::lists::SortKey::Index(i) => match item {
                Value::Map(_) => return Err(Error::render(format!("KeyError: {i}"))),
                Value::List(_) | Value::Str(_) | Value::Safe(_) | Value::Object(_) => {
                    match item.get_attr(&i.to_string()) {
                        Some(found) => Some(found),
                        None if matches!(item, Value::Object(_)) => None,
                        None => return Err(Error::render("IndexError: index out of range")),
                    }
                }
                _ => None,
            },
            filters::lists::SortKey::Item(k) => match item {
                Value::Map(map) => match map.get(k) {
                    Some(found) => Some(found.clone()),
                    None => return Err(Error::render(format!("KeyError: '{k}'"))),
                },
                _ => sort_step(item, k),
            },
            filters::lists::SortKey::Path(parts) => parts
                .iter()
                .try_fold(item.clone(), |cur, part| sort_step(&cur, part)),
        };
        match found {
            Some(k) => keys.push(k),
            None => return Ok(Value::str("")),
        }
    }
    match filters::lists::sorted_order(&keys, reverse, |x, y| x.python_cmp(y)) {
        Some(order) => Ok(Value::list(
            order
                .into_iter()
                .filter_map(|i| items.get(i).cloned())
                .collect(),
        )),
        None => Ok(Value::str("")),
    }
}

/// A value as Python's `json.dumps` writes it with Django's
/// `DjangoJSONEncoder`, for `json_script`: written here rather than through
/// `serde_json::Value` so that dict keys keep their order (Django's), whole
/// numbers keep every digit, NaN and infinities are Python's `NaN` and
/// `Infinity`, and dates are ISO 8601 as the encoder writes them.
fn python_json(out: &mut String, v: &Value) -> Result<(), String> {
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(_) | Value::BigInt(_) => out.push_str(&v.to_text()),
        Value::Float(f) if f.is_nan() => out.push_str("NaN"),
        Value::Float(f) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" })
        }
        Value::Float(_) => out.push_str(&v.to_text()),
        Value::Str(_) | Value::Safe(_) => {
            let s: &str = v.as_str().unwrap_or_default();
            filters::html::python_json_str(out, s)
        }
        Value::List(items) => python_json_items(out, items.iter())?,
        Value::Map(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                filters::html::python_json_str(out, k);
                out.push_str(": ");
                python_json(out, v)?;
            }
            out.push('}');
        }
        Value::Date(d) => filters::html::python_json_str(out, &django_json_date(d)),
        Value::Object(o) => match &**o {
            // `DjangoJSONEncoder`: `duration_iso_string`.
            Object::TimeDelta(micros) => {
                filters::html::python_json_str(out, &duration_iso_string(*micros))
            }
            // Python's json encodes tuples (named ones too) as arrays.
            Object::Tuple(items) => python_json_items(out, items.iter())?,
            Object::Named { .. } => python_json_items(out, o.items().iter())?,
            // What neither json nor DjangoJSONEncoder knows.
            Object::Bytes(_) | Object::View(..) | Object::TzInfo(_) => {
                let name = match v.type_name() {
                    "timezone" | "ZoneInfo" => "timezone",
                    other => other,
                };
                return Err(format!("Object of type {name} is not JSON serializable"));
            }
        },
    }
    Ok(())
}

fn python_json_items<'a>(
    out: &mut String,
    items: impl Iterator<Item = &'a Value>,
) -> Result<(), String> {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        python_json(out, item)?;
    }
    out.push(']');
    Ok(())
}

/// Django's `duration_iso_string`: `P1DT02H00M00S`, `-P0DT05H00M00S`,
/// microseconds after the seconds when there are some.
fn duration_iso_string(micros: i128) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let magnitude = i128::try_from(micros.unsigned_abs()).unwrap_or(i128::MAX);
    let (days, seconds, microseconds) = crate::value::timedelta_parts(magnitude);
    let fraction = if microseconds != 0 {
        format!(".{microseconds:06}")
    } else {
        String::new()
    };
    format!(
        "{sign}P{days}DT{:02}H{:02}M{:02}{fraction}S",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// `DjangoJSONEncoder`'s dates: `isoformat()`, microseconds cut to
/// milliseconds (datetimes) or dropped after them (times), and a UTC
/// offset of `+00:00` written `Z`.
fn django_json_date(d: &crate::value::DateValue) -> String {
    let iso = crate::value::methods::attribute(&Value::Date(d.clone()), "isoformat")
        .map(|v| v.to_text())
        // An aware datetime: Python's str() with the `T` of isoformat().
        .unwrap_or_else(|| d.to_string().replacen(' ', "T", 1));
    let has_micros = d.time().is_some_and(|t| t.subsec_nanosecond() >= 1000);
    let iso = match d {
        crate::value::DateValue::Time(_) if has_micros => iso.chars().take(12).collect(),
        crate::value::DateValue::Date(_) | crate::value::DateValue::Time(_) => iso,
        _ if has_micros => {
            // `2008-01-02T12:30:00.123456[+01:00]`: keep 3 of the 6 digits.
            let (head, tail) = iso.split_at(iso.len().min(23));
            head.to_string() + tail.get(3..).unwrap_or_default()
        }
        _ => iso,
    };
    match iso.strip_suffix("+00:00") {
        Some(utc) => format!("{utc}Z"),
        None => iso,
    }
}

/// A value as `pprint` lays it out: lists and dicts as containers, dates,
/// tuples and dict views as their `repr()` (Python's pprint writes those
/// on one line when they fit, as every one a context holds does).
fn pretty_value(v: &Value) -> filters::html::PyValue {
    use filters::html::PyValue;
    match v {
        Value::None => PyValue::None,
        Value::Bool(b) => PyValue::Bool(*b),
        Value::Int(i) => PyValue::Int(i128::from(*i)),
        Value::BigInt(i) => PyValue::Int(**i),
        Value::Float(f) => PyValue::Float(*f),
        Value::Str(_) | Value::Safe(_) => PyValue::Str(v.as_str().unwrap_or_default().to_string()),
        Value::List(items) => PyValue::List(items.iter().map(pretty_value).collect()),
        Value::Map(m) => PyValue::Dict(
            m.iter()
                .map(|(k, v)| (k.to_string(), pretty_value(v)))
                .collect(),
        ),
        Value::Date(_) | Value::Object(_) => PyValue::Repr(v.to_repr()),
    }
}

/// A list value as an owned tree of texts, so `unordered_list` can borrow it.
enum OwnedNode {
    Item(String, bool),
    /// A list's items and its `str()`.
    List(Vec<OwnedNode>, String),
}

/// Python's `value[index]` for `first` and `last`.
fn subscript(v: &Value, index: i64) -> Result<Value, Error> {
    match v.python_index(index) {
        Ok(found) => Ok(found.unwrap_or_else(|| Value::str(""))),
        Err(message) => Err(Error::render(message)),
    }
}

/// The nodes `unordered_list` walks for `items`. A list right after an
/// item holds that item's children, and is walked; a list in an item's
/// place prints as its `str()`, and is not (so each list's text is made
/// once, and a deep list costs one pass).
fn list_nodes(items: &[Value]) -> Vec<OwnedNode> {
    let mut nodes = Vec::with_capacity(items.len());
    let mut after_item = false;
    for item in items {
        let sub = match item {
            Value::List(sub) => Some(sub.to_vec()),
            Value::Object(o) if matches!(&**o, Object::Tuple(_)) => Some(o.items()),
            _ => None,
        };
        let node = match sub {
            Some(children) if after_item => {
                after_item = false;
                OwnedNode::List(list_nodes(&children), String::new())
            }
            Some(_) => {
                after_item = true;
                OwnedNode::List(Vec::new(), item.to_text())
            }
            None => {
                after_item = true;
                OwnedNode::Item(text(item), item.is_safe())
            }
        };
        nodes.push(node);
    }
    nodes
}

fn borrow_node(node: &OwnedNode) -> filters::html::ListNode<'_> {
    match node {
        OwnedNode::Item(text, true) => {
            filters::html::ListNode::Item(filters::lists::Piece::Safe(text))
        }
        OwnedNode::Item(text, false) => {
            filters::html::ListNode::Item(filters::lists::Piece::Text(text))
        }
        OwnedNode::List(items, text) => {
            filters::html::ListNode::List(items.iter().map(borrow_node).collect(), Some(text))
        }
    }
}

/// One field of Django's `get_language_info` for the language code `v`.
fn language_field(v: &Value, field: &str, env: &FilterEnv<'_>) -> Result<Value, Error> {
    let info = crate::builtins::languages::language_info_or_error(&text(v), &env.lang)?;
    Ok(info.get_attr(field).unwrap_or_default())
}

/// What Python's `%(key)s` finds in `mapping` (a dict, or a list, which
/// raises `TypeError`) for `stringformat`. A missing key is `KeyError`,
/// which Django's `stringformat` does not catch: an error.
fn format_key(
    mapping: &Value,
    key: &str,
) -> Result<filters::text::KeyedValue, filters::text::PercentError> {
    use filters::text::PercentError;
    let Value::Map(dict) = mapping else {
        return Err(PercentError::Raised(
            "TypeError: list indices must be integers or slices, not str".into(),
        ));
    };
    match dict.get(key) {
        Some(found) => Ok(format_value(found)),
        None => Err(PercentError::Fails(filters::FilterError::new(format!(
            "KeyError: {}",
            filters::text::python_repr(key)
        )))),
    }
}

/// `v` in the Python types `%` formatting tells apart: `str()` for `%s`,
/// `repr()` for `%r` of the others.
fn format_value(v: &Value) -> filters::text::KeyedValue {
    use filters::text::KeyedValue;
    match v {
        Value::Int(i) => KeyedValue::Int(i128::from(*i)),
        Value::BigInt(i) => KeyedValue::Int(**i),
        Value::Float(f) => KeyedValue::Float(*f),
        Value::Bool(b) => KeyedValue::Bool(*b),
        Value::Str(_) | Value::Safe(_) => {
            KeyedValue::Str(v.as_str().unwrap_or_default().to_string())
        }
        Value::None => KeyedValue::NoneValue,
        other => KeyedValue::Object {
            text: other.to_text(),
            repr: other.to_repr(),
            mapping: matches!(other, Value::List(_) | Value::Map(_)),
        },
    }
}

/// `{% get_available_languages as var %}`: Django's `LANGUAGES`, as
/// `(code, name)` tuples, a new list at each render as Django makes one
/// (the input, `None`, is ignored).
pub(crate) fn available_languages_def() -> FilterDef {
    def("available_languages", NoArg, |_, _, _| {
        let languages = crate::builtins::languages::LANGUAGES
            .iter()
            // Python tuples, as Django's `(code, name)` pairs print.
            .map(|(code, english)| Value::tuple(vec![Value::str(*code), Value::str(*english)]))
            .collect();
        Ok(Value::list(languages))
    })
}

/// `{% get_language_info for code as var %}`: the info dict of one code.
pub(crate) fn language_info_def() -> FilterDef {
    def("language_info", NoArg, |v, _, env| {
        crate::builtins::languages::language_info_or_error(&text(v), &env.lang)
    })
}

/// `{% get_language_info_list for codes as var %}`: codes, or
/// `(code, name)` pairs as in `LANGUAGES`.
pub(crate) fn language_info_list_def() -> FilterDef {
    def("language_info_list", NoArg, |v, _, env| {
        let items = v.iter_items().ok_or_else(|| {
            Error::render(format!(
                "'{}' object is not iterable",
                crate::value::methods::python_type(v)
            ))
        })?;
        let mut infos = Vec::with_capacity(items.len());
        for language in &items {
            // Django's `GetLanguageInfoListNode`: `language[0]` when it is
            // longer than one character (a `(code, name)` pair), else
            // `str(language)` (a code).
            let first = match language.python_index(0) {
                Ok(Some(first)) => first,
                Ok(None) => return Err(Error::render("string index out of range")),
                Err(message) => return Err(Error::render(message)),
            };
            let long = match first.len() {
                Some(n) => n > 1,
                None => {
                    return Err(Error::render(format!(
                        "object of type '{}' has no len()",
                        crate::value::methods::python_type(&first)
                    )))
                }
            };
            let code = if long {
                first.to_text()
            } else {
                language.to_text()
            };
            infos.push(crate::builtins::languages::language_info_or_error(
                &code, &env.lang,
            )?);
        }
        Ok(Value::list(infos))
    })
}

#[cfg(test)]
mod tests {
    use crate::value::{DateValue, Value};
    use filters::dates::{jiff::Timestamp, AwareDateTime, TzInfo};

    /// `timesince`/`timeuntil` without an argument measure from now in
    /// the value's own zone, as Django's `datetime.now(d.tzinfo)`.
    #[test]
    fn timesince_of_an_aware_value_counts_from_now() {
        let two_days = jiff_span_seconds(2 * 86_400 + 60);
        let past = Timestamp::now().checked_sub(two_days).unwrap();
        let future = Timestamp::now()
            .checked_add(jiff_span_seconds(3 * 86_400 + 60))
            .unwrap();
        let at = |t| {
            Value::Date(DateValue::aware(
                AwareDateTime::from_timestamp(t, &TzInfo::Fixed(7200)).unwrap(),
            ))
        };
        let mut ctx = crate::value::Map::new();
        ctx.insert("past", at(past));
        ctx.insert("future", at(future));
        let engine = crate::Engine::new();
        let t = engine
            .compile_str(
                "t",
                "{{ past|timesince }}|{{ future|timeuntil }}|{{ past|timeuntil }}",
            )
            .unwrap();
        let out = t.render_value(Value::from(ctx)).unwrap();
        assert_eq!(out, "2\u{a0}days|3\u{a0}days|0\u{a0}minutes");
    }

    fn jiff_span_seconds(seconds: i64) -> filters::dates::jiff::Span {
        filters::dates::jiff::Span::new().seconds(seconds)
    }
}
