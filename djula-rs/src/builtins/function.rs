//! Typed filter functions: a plain Rust closure or function becomes a
//! filter, its parameters converted from template values with clear errors.
//!
//! ```
//! let mut e = djula::Engine::new();
//! e.def_filter("shout", |s: &str| s.to_uppercase() + "!");
//! e.def_filter("times", |n: i64, by: i64| n * by);
//! e.def_filter("greet", |name: String, greeting: Option<String>| {
//!     format!("{}, {name}", greeting.as_deref().unwrap_or("Hello"))
//! });
//! assert_eq!(e.render_str("{{ 'hi'|shout }} {{ 6|times:7 }} {{ 'Ann'|greet }}", &()).unwrap(),
//!            "HI! 42 Hello, Ann");
//! let err = e.render_str("{{ 6|times:'x' }}", &()).unwrap_err();
//! assert!(err.message().contains("filter 'times': its argument must be an integer, not 'x'"), "{err}");
//! ```
//!
//! The rules, which are Django's where Django has one:
//! - A text parameter (`&str`, `String`) makes a string filter, as
//!   Django's `@stringfilter`: the input is converted with Python's `str()`
//!   first (`{{ 1.5|shout }}` gets `"1.5"`).
//! - A second parameter is the filter's argument (`{{ x|f:arg }}`);
//!   `Option<T>` makes it optional. A filter has at most one argument, as
//!   in Django.
//! - The result is any [`FilterOutput`]: text, numbers, `bool`, a
//!   [`Value`], [`crate::SafeString`] for trusted HTML, `Option` (`None` is
//!   Python's `None`) or a `Result<_, djula::Error>` whose error becomes a
//!   render error.

use std::sync::Arc;

use super::{ArgSpec, FilterDef};
use crate::error::Error;
use crate::value::{SafeString, Value};

/// A parameter type of a filter function: how a template value becomes
/// the Rust argument (borrowing from the value where it can).
///
/// Implemented for `&str`, `String`, the integer types, `f64`, `bool`,
/// `&[Value]`, `Vec<Value>`, [`Value`], `&Value` and `Option` of each.
///
/// ```
/// let mut e = djula::Engine::new();
/// e.def_filter("total", |items: &[djula::Value]| items.len() as i64);
/// assert_eq!(e.render_str("{{ xs|total }}", &serde_json::json!({"xs": [1, 2]})).unwrap(), "2");
/// ```
pub trait FilterArg<'a>: Sized {
    /// What the function receives.
    type Output;
    /// Text parameters get Python's `str()` of any value (Django's
    /// `@stringfilter`).
    #[doc(hidden)]
    const TEXT: bool = false;
    /// An `Option` parameter: the argument may be left out.
    #[doc(hidden)]
    const OPTIONAL: bool = false;
    /// Python's `None` is a value of this type (`Value`, `&Value`), so
    /// `Option<Self>` gets `Some(None)` for it, not `None`.
    #[doc(hidden)]
    const TAKES_NONE: bool = false;
    /// Converts the value (`None`: the argument was left out); the error
    /// says what was expected ("must be an integer, not 'x'"), and the
    /// engine adds the filter's name and which parameter it was.
    fn from_value(value: Option<&'a Value>) -> Result<Self::Output, String>;
}

/// What a filter function may return.
///
/// ```
/// let mut e = djula::Engine::new();
/// e.def_filter("bold", |s: &str| djula::SafeString(format!("<b>{}</b>", filters::escape(s))));
/// e.def_filter("half", |n: i64| if n % 2 == 0 { Ok(n / 2) } else { Err(format!("{n} is odd").into()) });
/// assert_eq!(e.render_str("{{ '<x>'|bold }} {{ 4|half }}", &()).unwrap(), "<b>&lt;x&gt;</b> 2");
/// assert!(e.render_str("{{ 3|half }}", &()).unwrap_err().message().contains("3 is odd"));
/// ```
pub trait FilterOutput {
    /// The result as a template value, or the filter's error.
    fn into_value(self) -> Result<Value, Error>;
}

/// A Rust function usable as a filter: `Fn(input) -> R` or
/// `Fn(input, argument) -> R`, each parameter a [`FilterArg`] and `R` a
/// [`FilterOutput`]. Implemented for every such closure and function.
pub trait FilterFunction<Args, R>: Send + Sync + 'static {
    /// Whether the filter takes an argument.
    #[doc(hidden)]
    const ARGS: ArgSpec;
    /// Calls the function with converted values; the error is a message
    /// for [`into_filter`] to place.
    #[doc(hidden)]
    fn call(&self, input: &Value, arg: Option<&Value>) -> Result<Value, CallError>;
}

/// Why a typed filter call failed.
#[doc(hidden)]
#[derive(Debug)]
pub enum CallError {
    /// The input could not be converted (what was expected).
    Input(String),
    /// The argument could not be converted (what was expected).
    Argument(String),
    /// The function itself returned an error.
    Failed(Error),
}

/// Python's `str()` of `value` when the parameter is text and the value is
/// not already a string; `None` (Python's `None`) stays `None` for an
/// `Option` parameter.
fn as_text<'v>(value: &'v Value, optional: bool, slot: &'v mut Option<Value>) -> &'v Value {
    match value {
        Value::Str(_) | Value::Safe(_) => value,
        Value::None if optional => value,
        other => slot.insert(Value::str(other.to_text())),
    }
}

impl<F, R, A> FilterFunction<(A,), R> for F
where
    F: Fn(A) -> R + Send + Sync + 'static,
    F: Fn(<A as FilterArg<'_>>::Output) -> R,
    A: for<'a> FilterArg<'a>,
    R: FilterOutput,
{
    const ARGS: ArgSpec = ArgSpec::None;

    fn call(&self, input: &Value, _arg: Option<&Value>) -> Result<Value, CallError> {
        let mut slot = None;
        let input = if A::TEXT {
            as_text(input, A::OPTIONAL, &mut slot)
        } else {
            input
        };
        let a = A::from_value(Some(input)).map_err(CallError::Input)?;
        self(a).into_value().map_err(CallError::Failed)
    }
}

impl<F, R, A, B> FilterFunction<(A, B), R> for F
where
    F: Fn(A, B) -> R + Send + Sync + 'static,
    F: Fn(<A as FilterArg<'_>>::Output, <B as FilterArg<'_>>::Output) -> R,
    A: for<'a> FilterArg<'a>,
    B: for<'a> FilterArg<'a>,
    R: FilterOutput,
{
    const ARGS: ArgSpec = if <B as FilterArg<'static>>::OPTIONAL {
        ArgSpec::Optional
    } else {
        ArgSpec::Required
    };

    fn call(&self, input: &Value, arg: Option<&Value>) -> Result<Value, CallError> {
        let (mut input_slot, mut arg_slot) = (None, None);
        let input = if A::TEXT {
            as_text(input, A::OPTIONAL, &mut input_slot)
        } else {
            input
        };
        let arg = match arg {
            Some(v) if B::TEXT => Some(as_text(v, B::OPTIONAL, &mut arg_slot)),
            other => other,
        };
        let a = A::from_value(Some(input)).map_err(CallError::Input)?;
        let b = B::from_value(arg).map_err(CallError::Argument)?;
        self(a, b).into_value().map_err(CallError::Failed)
    }
}

/// A filter definition from a typed function: errors name the filter and
/// say which value could not be converted.
pub(crate) fn into_filter<F, Args, R>(name: &str, is_safe: bool, f: F) -> FilterDef
where
    F: FilterFunction<Args, R>,
{
    let filter: Arc<str> = Arc::from(name);
    FilterDef::new(name, F::ARGS, is_safe, move |input, arg, _| {
        f.call(input, arg).map_err(|e| match e {
            CallError::Input(expected) => {
                Error::render(format!("filter '{filter}': its input {expected}"))
            }
            CallError::Argument(expected) => {
                Error::render(format!("filter '{filter}': its argument {expected}"))
            }
            CallError::Failed(error) => error,
        })
    })
}

/// "must be an integer, not 'x'": what a conversion expected and got (a
/// long value shortened).
fn expected(what: &str, got: &Value) -> String {
    const SHOWN: usize = 40;
    let repr = got.to_repr();
    let shown = match repr.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", repr.get(..cut).unwrap_or_default()),
        None => repr,
    };
    match got {
        Value::Str(_) | Value::Safe(_) => format!("must be {what}, not {shown}"),
        other => format!("must be {what}, not {shown} ({})", other.type_name()),
    }
}

fn required(value: Option<&Value>) -> Result<&Value, String> {
    value.ok_or_else(|| "is required".to_string())
}

impl<'a> FilterArg<'a> for &str {
    type Output = &'a str;
    const TEXT: bool = true;
    fn from_value(value: Option<&'a Value>) -> Result<&'a str, String> {
        let value = required(value)?;
        value.as_str().ok_or_else(|| expected("text", value))
    }
}

impl<'a> FilterArg<'a> for String {
    type Output = String;
    const TEXT: bool = true;
    fn from_value(value: Option<&'a Value>) -> Result<String, String> {
        <&str as FilterArg<'a>>::from_value(value).map(str::to_string)
    }
}

impl<'a> FilterArg<'a> for Value {
    type Output = Value;
    const TAKES_NONE: bool = true;
    fn from_value(value: Option<&'a Value>) -> Result<Value, String> {
        required(value).cloned()
    }
}

impl<'a> FilterArg<'a> for &Value {
    type Output = &'a Value;
    const TAKES_NONE: bool = true;
    fn from_value(value: Option<&'a Value>) -> Result<&'a Value, String> {
        required(value)
    }
}

impl<'a> FilterArg<'a> for &[Value] {
    type Output = &'a [Value];
    fn from_value(value: Option<&'a Value>) -> Result<&'a [Value], String> {
        match required(value)? {
            Value::List(items) => Ok(&items[..]),
            other => Err(expected("a list", other)),
        }
    }
}

impl<'a> FilterArg<'a> for Vec<Value> {
    type Output = Vec<Value>;
    fn from_value(value: Option<&'a Value>) -> Result<Vec<Value>, String> {
        let value = required(value)?;
        value.iter_items().ok_or_else(|| expected("a list", value))
    }
}

impl<'a> FilterArg<'a> for bool {
    type Output = bool;
    fn from_value(value: Option<&'a Value>) -> Result<bool, String> {
        required(value).map(Value::is_true)
    }
}

impl<'a> FilterArg<'a> for f64 {
    type Output = f64;
    fn from_value(value: Option<&'a Value>) -> Result<f64, String> {
        let value = required(value)?;
        match value {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(f) => Ok(*f),
            Value::Bool(b) => Ok(f64::from(u8::from(*b))),
            // Python's `float()` of a string.
            Value::Str(_) | Value::Safe(_) => {
                let s: &str = value.as_str().unwrap_or_default();
                s.trim().parse().map_err(|_| expected("a number", value))
            }
            other => Err(expected("a number", other)),
        }
    }
}

macro_rules! integer_args {
    ($($t:ty),*) => {$(
        impl<'a> FilterArg<'a> for $t {
            type Output = $t;
            fn from_value(value: Option<&'a Value>) -> Result<$t, String> {
                let value = required(value)?;
                let n = value.python_int().ok_or_else(|| expected("an integer", value))?;
                <$t>::try_from(n).map_err(|_| {
                    format!("{n} is out of range for {}", stringify!($t))
                })
            }
        }
    )*};
}

integer_args!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl<'a, T: FilterArg<'a>> FilterArg<'a> for Option<T> {
    type Output = Option<T::Output>;
    const TEXT: bool = T::TEXT;
    const OPTIONAL: bool = true;
    fn from_value(value: Option<&'a Value>) -> Result<Self::Output, String> {
        match value {
            None => Ok(None),
            Some(Value::None) if !T::TAKES_NONE => Ok(None),
            some => T::from_value(some).map(Some),
        }
    }
}

impl FilterOutput for Value {
    fn into_value(self) -> Result<Value, Error> {
        Ok(self)
    }
}

impl FilterOutput for String {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::str(self))
    }
}

impl FilterOutput for &'static str {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::str(self))
    }
}

impl FilterOutput for SafeString {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::safe(self.0))
    }
}

impl FilterOutput for bool {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::Bool(self))
    }
}

impl FilterOutput for f64 {
    fn into_value(self) -> Result<Value, Error> {
        Ok(Value::Float(self))
    }
}

macro_rules! integer_outputs {
    ($($t:ty),*) => {$(
        impl FilterOutput for $t {
            fn into_value(self) -> Result<Value, Error> {
                // Beyond i64, a float, as a Python int would print
                // differently but compare the same.
                Ok(i64::try_from(self).map_or(Value::Float(self as f64), Value::Int))
            }
        }
    )*};
}

integer_outputs!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl<T: FilterOutput> FilterOutput for Option<T> {
    fn into_value(self) -> Result<Value, Error> {
        self.map_or(Ok(Value::None), T::into_value)
    }
}

impl<T: FilterOutput> FilterOutput for Vec<T> {
    fn into_value(self) -> Result<Value, Error> {
        self.into_iter()
            .map(T::into_value)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::list)
    }
}

/// A failing filter returns a [`djula::Error`](crate::Error); a message
/// converts with `.into()` (`Err(format!("…").into())`). One error type, so
/// that `Ok(value)` needs no annotation.
impl<T: FilterOutput> FilterOutput for Result<T, Error> {
    fn into_value(self) -> Result<Value, Error> {
        self.and_then(T::into_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call<F: FilterFunction<Args, R>, Args, R>(
        f: F,
        input: Value,
        arg: Option<Value>,
    ) -> Result<Value, Error> {
        (into_filter("f", false, f).func)(
            &input,
            arg.as_ref(),
            &super::super::FilterEnv::new(
                true,
                &crate::settings::Settings::default(),
                filters::l10n::Lang::english(),
            ),
        )
    }

    #[test]
    fn text_parameters_get_python_str() {
        let out = call(|s: &str| s.to_uppercase(), Value::Float(1e16), None).unwrap();
        assert_eq!(out.to_text(), "1E+16");
        let out = call(|s: String| s.len() as i64, Value::None, None).unwrap();
        assert_eq!(out, Value::Int(4), "str(None) is 'None'");
    }

    #[test]
    fn arguments_convert_as_python_int_does_and_errors_name_the_filter() {
        assert_eq!(
            call(
                |n: i64, by: i64| n * by,
                Value::str("6"),
                Some(Value::Float(7.9))
            )
            .unwrap(),
            Value::Int(42)
        );
        let err = call(
            |n: i64, by: i64| n * by,
            Value::Int(6),
            Some(Value::str("x")),
        )
        .unwrap_err();
        assert_eq!(
            err.message(),
            "filter 'f': its argument must be an integer, not 'x'"
        );
        let err = call(|n: u8| n, Value::Int(300), None).unwrap_err();
        assert_eq!(
            err.message(),
            "filter 'f': its input 300 is out of range for u8"
        );
        let err = call(|xs: &[Value]| xs.len(), Value::Int(1), None).unwrap_err();
        assert_eq!(
            err.message(),
            "filter 'f': its input must be a list, not 1 (int)"
        );
        let long = Value::str("x".repeat(100));
        let err = call(|n: i64| n, long, None).unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "filter 'f': its input must be an integer, not '{}…",
                "x".repeat(39)
            )
        );
    }

    #[test]
    fn option_makes_the_argument_optional() {
        fn arity<F: FilterFunction<Args, R>, Args, R>(_: &F) -> ArgSpec {
            F::ARGS
        }
        let optional = |s: &str, n: Option<i64>| format!("{s}{}", n.unwrap_or(0));
        assert_eq!(arity(&optional), ArgSpec::Optional);
        assert_eq!(
            arity(&|s: &str, n: i64| format!("{s}{n}")),
            ArgSpec::Required
        );
        assert_eq!(arity(&|s: &str| s.len()), ArgSpec::None);
        assert_eq!(
            call(optional, Value::str("a"), None).unwrap().to_text(),
            "a0"
        );
        assert_eq!(
            call(optional, Value::str("a"), Some(Value::Int(2)))
                .unwrap()
                .to_text(),
            "a2"
        );
    }

    #[test]
    fn results_and_errors_of_the_function() {
        let half = |n: i64| {
            if n % 2 == 0 {
                Ok(n / 2)
            } else {
                Err(format!("{n} is odd").into())
            }
        };
        assert_eq!(call(half, Value::Int(4), None).unwrap(), Value::Int(2));
        assert_eq!(
            call(half, Value::Int(3), None).unwrap_err().message(),
            "3 is odd"
        );
        let safe = call(|s: &str| SafeString(s.into()), Value::str("<b>"), None).unwrap();
        assert!(safe.is_safe());
        assert_eq!(
            call(|_: Value| None::<i64>, Value::Int(1), None).unwrap(),
            Value::None
        );
    }
}
