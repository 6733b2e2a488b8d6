//! The shape of a template context, as Rust types describe it: which
//! names a context has, and for each whether it is a string, a number, a
//! list of what, a struct with which fields. [`Context`] gives a type's
//! shape as a constant (`#[derive(djula::Context)]` writes it for a
//! struct), so that templates can be checked against it while the program
//! compiles (`djula_embed::embed!(…, check = {…})`) as well as at run time
//! ([`Template::check_context`](crate::Template::check_context)).
//!
//! Shapes are `'static` data built from constants: the checker
//! ([`check`]) is a `const fn`, so one rulebook serves both.
//!
//! ```
//! use djula::{Context, Shape};
//!
//! assert!(matches!(<Vec<String> as Context>::SHAPE, Shape::List(Shape::Str)));
//! assert!(matches!(<Option<i32> as Context>::SHAPE, Shape::Optional(Shape::Int)));
//! ```

// Constant functions cannot call `get` (not a const fn): every index here
// is below a length the loop condition just checked.
#![allow(clippy::indexing_slicing)]

pub mod check;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

/// What a context value is, as far as a template can tell.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Shape {
    /// Anything: not checked further (`serde_json::Value`, a type whose
    /// serialization the derive cannot see, a recursive field).
    Any,
    /// Python's `None` (`()`).
    Nothing,
    /// `True` or `False`.
    Bool,
    /// An integer.
    Int,
    /// A float.
    Float,
    /// A string.
    Str,
    /// A date, a time or a datetime ([`TemplateDate`](crate::TemplateDate)).
    Date,
    /// A value that may be `None` (`Option<T>`).
    Optional(&'static Shape),
    /// A list of items of one shape (`Vec<T>`, slices, sets).
    List(&'static Shape),
    /// A dict with string keys and values of one shape (`HashMap<String, T>`).
    Map(&'static Shape),
    /// A dict with known keys: a struct's fields as serde writes them.
    Struct(&'static Struct),
}

/// A struct's fields, named as serde serializes them.
///
/// ```
/// use djula::{Context, Field, Shape, Struct};
///
/// static USER: Struct = Struct {
///     name: "User",
///     fields: &[Field { name: "name", shape: <String as Context>::SHAPE }],
///     flattened: &[],
/// };
/// assert!(USER.field("name").is_some());
/// assert!(USER.field("nmae").is_none());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Struct {
    /// The Rust type's name, for messages.
    pub name: &'static str,
    /// The fields, after serde's `rename`, `rename_all` and `skip`.
    pub fields: &'static [Field],
    /// The shapes of `#[serde(flatten)]` fields, whose keys join these.
    pub flattened: &'static [&'static Shape],
}

/// One field of a [`Struct`].
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key serde writes.
    pub name: &'static str,
    /// What its value is.
    pub shape: &'static Shape,
}

impl Struct {
    /// The shape of field `name`, looking into flattened fields too.
    /// See [`Struct`] for an example.
    pub const fn field(&self, name: &str) -> Option<&'static Shape> {
        let mut i = 0;
        while i < self.fields.len() {
            if check::same(self.fields[i].name, name) {
                return Some(self.fields[i].shape);
            }
            i += 1;
        }
        let mut j = 0;
        while j < self.flattened.len() {
            match self.flattened[j] {
                Shape::Struct(inner) => {
                    if let Some(found) = inner.field(name) {
                        return Some(found);
                    }
                }
                // A flattened map (or anything unknown) takes any key.
                Shape::Map(value) => return Some(value),
                Shape::Any => return Some(&Shape::Any),
                _ => {}
            }
            j += 1;
        }
        None
    }
}

/// A Rust type whose values a template can read: its [`Shape`] as a
/// constant. `#[derive(djula::Context)]` implements it for structs; djula
/// implements it for the standard types serde serializes.
///
/// ```
/// use djula::{Context, Shape};
///
/// struct Celsius(f64);
/// impl Context for Celsius {
///     const SHAPE: &'static Shape = &Shape::Float;
/// }
/// assert!(matches!(<Vec<Celsius> as Context>::SHAPE, Shape::List(Shape::Float)));
/// ```
pub trait Context {
    /// What a value of this type looks like to a template.
    const SHAPE: &'static Shape;
}

macro_rules! describe {
    ($shape:expr => $($t:ty),*) => {
        $(impl Context for $t {
            const SHAPE: &'static Shape = &$shape;
        })*
    };
}

describe!(Shape::Int => i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
describe!(Shape::Float => f32, f64);
describe!(Shape::Bool => bool);
describe!(Shape::Str => String, str, char, crate::value::SafeString);
describe!(Shape::Nothing => ());
describe!(Shape::Date => crate::value::TemplateDate);
describe!(Shape::Any => serde_json::Value, crate::value::Value);

macro_rules! describe_as_inner {
    ($($t:ty),*) => {
        $(impl<T: Context + ?Sized> Context for $t {
            const SHAPE: &'static Shape = T::SHAPE;
        })*
    };
}

describe_as_inner!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

impl<T: Context + ToOwned + ?Sized> Context for Cow<'_, T> {
    const SHAPE: &'static Shape = T::SHAPE;
}

impl<T: Context> Context for Option<T> {
    const SHAPE: &'static Shape = &Shape::Optional(T::SHAPE);
}

macro_rules! describe_as_list {
    ($($t:ty),*) => {
        $(impl<T: Context> Context for $t {
            const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
        })*
    };
}

describe_as_list!([T], Vec<T>, VecDeque<T>, BTreeSet<T>);

impl<T: Context, const N: usize> Context for [T; N] {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}

impl<T: Context, S> Context for HashSet<T, S> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}

impl<K, V: Context> Context for BTreeMap<K, V> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}

impl<K, V: Context, S> Context for HashMap<K, V, S> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}

impl Context for serde_json::Map<String, serde_json::Value> {
    const SHAPE: &'static Shape = &Shape::Map(&Shape::Any);
}

/// Tuples are lists whose items differ: not checked further.
macro_rules! describe_tuple {
    ($(($($t:ident),+)),*) => {
        $(impl<$($t),+> Context for ($($t,)+) {
            const SHAPE: &'static Shape = &Shape::List(&Shape::Any);
        })*
    };
}

describe_tuple!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);
