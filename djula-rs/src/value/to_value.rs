//! [`ToValue`]: a Rust value made into a template [`Value`] directly, by
//! code `#[derive(djula::Context)]` writes for each struct, instead of
//! through serde's `Serializer` (the path every `Serialize` context takes).
//! The result is the same value serde would give: the derive reads the
//! same serde attributes, and falls back to serde where it cannot see what
//! serde does (`serialize_with`, `with`, `into`, `remote`, data enums).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::{names, Dict, Map, SafeString, TemplateDate, TextArena, Value};

/// A value a template can render, made without serde. Implemented for the
/// standard types and by `#[derive(djula::Context)]`; render with
/// [`Template::render_context`](crate::Template::render_context).
///
/// ```
/// use djula::{ToValue, Value};
///
/// assert_eq!(vec![1, 2].to_value(), Value::list(vec![Value::Int(1), Value::Int(2)]));
/// assert_eq!(Some("a").to_value(), Value::str("a"));
/// assert_eq!(None::<i32>.to_value(), Value::None);
/// ```
pub trait ToValue {
    /// The template value.
    fn to_value(&self) -> Value;

    /// The value, its strings' text in `text`, the arena of the typed
    /// conversion under way: they read empty until it ends, so only the
    /// derive's code and the impls here, which never read a value they
    /// make, put text there. Any other impl makes its value on its own.
    #[doc(hidden)]
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        let _ = text;
        self.to_value()
    }
}

/// A value through its typed conversion, its strings in one shared buffer
/// (for `#[derive(djula::Context)]`'s `to_value`, and the containers').
#[doc(hidden)]
pub fn __typed_value<T: ToValue + ?Sized>(value: &T) -> Value {
    TextArena::scoped(|text| value.__to_value_in(text))
}

macro_rules! small_ints {
    ($($t:ty),*) => {
        $(impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        })*
    };
}

small_ints!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! wide_ints {
    ($($t:ty),*) => {
        $(impl ToValue for $t {
            fn to_value(&self) -> Value {
                match i128::try_from(*self) {
                    Ok(n) => Value::int(n),
                    // Beyond i128 (a u128): Python's ints are unbounded;
                    // serde's path gives the same float.
                    Err(_) => Value::Float(*self as f64),
                }
            }
        })*
    };
}

wide_ints!(i128, isize, u64, u128, usize);

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::str(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        text.push(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::str(self.as_str())
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        text.push(self)
    }
}

impl ToValue for char {
    fn to_value(&self) -> Value {
        Value::str(self.to_string())
    }
}

impl ToValue for () {
    fn to_value(&self) -> Value {
        Value::None
    }
}

impl ToValue for SafeString {
    fn to_value(&self) -> Value {
        Value::safe(self.0.as_str())
    }
}

impl ToValue for TemplateDate {
    fn to_value(&self) -> Value {
        Value::Date(self.0.clone())
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// A JSON value, as serde's path would convert it (its `__safe__`,
/// `__datetime__`… forms included); an unconvertible one is `None`.
impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value {
        super::to_value(self).unwrap_or(Value::None)
    }
}

macro_rules! through {
    ($($t:ty),*) => {
        $(impl<T: ToValue + ?Sized> ToValue for $t {
            fn to_value(&self) -> Value {
                (**self).to_value()
            }
            fn __to_value_in(&self, text: &mut TextArena) -> Value {
                (**self).__to_value_in(text)
            }
        })*
    };
}

through!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

impl<T: ToValue + ToOwned + ?Sized> ToValue for Cow<'_, T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        (**self).__to_value_in(text)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        __typed_value(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        match self {
            Some(v) => v.__to_value_in(text),
            None => Value::None,
        }
    }
}

/// Items of a sequence, each converted, on a grown stack when deep:
/// straight into the list's block (one allocation when the iterator knows
/// its length, as a slice's or a `Vec`'s does), the empty list shared.
fn list<'a, T: ToValue + 'a>(items: impl Iterator<Item = &'a T>, text: &mut TextArena) -> Value {
    if items.size_hint().1 == Some(0) {
        return Value::list(Vec::new());
    }
    crate::support::stack::guarded(|| {
        Value::List(items.map(|item| item.__to_value_in(text)).collect())
    })
}

macro_rules! lists {
    ($($t:ty),*) => {
        $(impl<T: ToValue> ToValue for $t {
            fn to_value(&self) -> Value {
                __typed_value(self)
            }
            fn __to_value_in(&self, text: &mut TextArena) -> Value {
                list(self.iter(), text)
            }
        })*
    };
}

lists!([T], Vec<T>, VecDeque<T>, BTreeSet<T>);

impl<T: ToValue, const N: usize> ToValue for [T; N] {
    fn to_value(&self) -> Value {
        __typed_value(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        list(self.iter(), text)
    }
}

impl<T: ToValue, S> ToValue for HashSet<T, S> {
    fn to_value(&self) -> Value {
        __typed_value(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        list(self.iter(), text)
    }
}

/// A map's entries as a dict, keys as text.
fn dict<'a, K: AsRef<str> + 'a, V: ToValue + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    text: &mut TextArena,
) -> Value {
    crate::support::stack::guarded(|| {
        let mut map = Map::new();
        for (k, v) in entries {
            map.insert(k.as_ref(), v.__to_value_in(text));
        }
        Value::from(map)
    })
}

impl<K: AsRef<str>, V: ToValue> ToValue for BTreeMap<K, V> {
    fn to_value(&self) -> Value {
        __typed_value(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        dict(self.iter(), text)
    }
}

impl<K: AsRef<str>, V: ToValue, S> ToValue for HashMap<K, V, S> {
    fn to_value(&self) -> Value {
        __typed_value(self)
    }
    fn __to_value_in(&self, text: &mut TextArena) -> Value {
        dict(self.iter(), text)
    }
}

macro_rules! tuples {
    ($(($($t:ident $i:tt),+)),*) => {
        $(impl<$($t: ToValue),+> ToValue for ($($t,)+) {
            fn to_value(&self) -> Value {
                __typed_value(self)
            }
            fn __to_value_in(&self, text: &mut TextArena) -> Value {
                Value::list(vec![$(self.$i.__to_value_in(text)),+])
            }
        })*
    };
}

tuples!((A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3));

/// A struct's fields as a dict, for `#[derive(djula::Context)]`, in
/// declaration order: `Some(key)` a field (keys are `'static` field names,
/// interned once per thread), `None` a `#[serde(flatten)]` field whose
/// dict's entries go in at that place, as serde writes them.
#[doc(hidden)]
pub fn __struct_value(fields: Vec<(Option<&'static str>, Value)>) -> Value {
    if fields.iter().all(|(key, _)| key.is_some()) {
        // Distinct by construction: no duplicate scan.
        let entries = fields
            .into_iter()
            .map(|(k, v)| (names::static_name(k.unwrap_or_default()), v));
        return Value::Map(Dict::from_unique(entries));
    }
    let mut map = Map::new();
    for (key, value) in fields {
        match (key, value) {
            (Some(k), v) => map.insert(names::static_name(k), v),
            (None, Value::Map(inner)) => {
                for (k, v) in inner.iter() {
                    map.insert(k.clone(), v.clone());
                }
            }
            (None, _) => {}
        }
    }
    Value::from(map)
}

/// A struct's fields as a dict, for `#[derive(djula::Context)]` when every
/// field is always there under its own key: one allocation, the dict's
/// block.
#[doc(hidden)]
pub fn __struct_fields<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    Value::Map(Dict::from_unique(
        fields.map(|(key, value)| (names::static_name(key), value)),
    ))
}

/// A value through serde's path, for what the derive cannot see
/// (`serialize_with`, `with`, data enums): `None` when it fails, as a
/// missing value renders.
#[doc(hidden)]
pub fn __serde_value<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    super::to_value(value).unwrap_or(Value::None)
}
