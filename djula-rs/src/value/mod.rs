//! The runtime value: what a template sees of the context.
//!
//! Values are cheap to clone (strings, lists and maps sit behind `Arc`), so
//! loops and lookups hand out copies instead of borrowing the context.
//! They follow Python's rules where Django's templates rely on them:
//! truthiness, equality across int/float/bool, ordering, and `str()`.

mod compare;
mod date;
mod dict;
pub(crate) mod display;
mod from_json;
mod key_index;
pub(crate) mod methods;
pub(crate) mod names;
mod object;
mod python;
mod safe;
mod ser;
mod spare;
pub(crate) mod text;
mod to_value;
pub(crate) mod tz;

use std::sync::Arc;

pub use date::TemplateDate;
pub use dict::Dict;
pub(crate) use dict::{forget_indexes as forget_dict_indexes, KeyHint};
pub(crate) use object::{timedelta_parts, TIMEDELTA_RANGE};
pub use object::{DictView, Object};
pub use safe::SafeString;
pub(crate) use ser::keep_spare;
pub(crate) use ser::SAFE_NEWTYPE;
pub use ser::{to_value, ConvertError, MAX_CONTEXT_DEPTH};
pub use text::Text;
#[doc(hidden)]
pub use text::TextArena;
pub use to_value::ToValue;
#[doc(hidden)]
pub use to_value::{__serde_value, __struct_fields, __struct_value, __typed_value};

/// One shared empty list for every empty list value: an empty field (a
/// list of no tags) costs no allocation. Values are never changed in
/// place, so sharing is safe.
pub(super) static EMPTY_LIST: once_cell::sync::Lazy<Arc<[Value]>> =
    once_cell::sync::Lazy::new(|| Arc::from([]));

/// A date, date-time or time value, as the `date` family of filters sees it.
pub type DateValue = filters::dates::DateValue;

/// A value in a template context.
///
/// Build one from any `serde::Serialize` with [`to_value`] (or let
/// [`crate::Template::render`] do it):
///
/// ```
/// use djula::Value;
/// let v = djula::to_value(&serde_json::json!({"n": 1, "xs": [true, null]})).unwrap();
/// assert_eq!(v.get_attr("n"), Some(Value::Int(1)));
/// assert_eq!(v.to_string(), "{'n': 1, 'xs': [True, None]}");
/// ```
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Python's `None`: a JSON `null`, a Rust `None` or `()`.
    #[default]
    None,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An integer beyond `i64` (a `u64`, `i128` or `u128` field, a big
    /// JSON number), kept exact as Python keeps it.
    BigInt(Arc<i128>),
    /// A float.
    Float(f64),
    /// Text, escaped on output when autoescaping is on.
    Str(Text),
    /// Text marked safe (Django's `SafeString`), never escaped again.
    Safe(Arc<str>),
    /// A list (Python list or tuple).
    List(Arc<[Value]>),
    /// A dict with its key order kept.
    Map(Dict),
    /// A date, date-time or time.
    Date(DateValue),
    /// A Python value no context can write but a lookup can reach: a
    /// tuple, a dict view, bytes (see [`crate::Object`]).
    Object(Arc<Object>),
}

/// An ordered dict of string keys, to build: [`Value::from`] freezes it into
/// a [`Dict`]. Small maps are the norm in templates, so lookups scan a
/// vector; the order is the insertion order, as in Python.
#[derive(Clone, Debug, Default)]
pub struct Map {
    entries: Vec<(Arc<str>, Value)>,
    /// Finds a key in a large map without a scan.
    index: key_index::KeyIndex,
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.entries == other.entries
    }
}

impl Map {
    /// An empty map.
    ///
    /// ```
    /// assert!(djula::Map::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Map::default()
    }

    /// Inserts or replaces `key`, keeping the position of an existing key.
    ///
    /// ```
    /// let mut m = djula::Map::new();
    /// m.insert("a", djula::Value::Int(1));
    /// m.insert("a", djula::Value::Int(2));
    /// assert_eq!(m.len(), 1);
    /// assert_eq!(m.get("a"), Some(&djula::Value::Int(2)));
    /// ```
    pub fn insert(&mut self, key: impl Into<Arc<str>>, value: Value) {
        let key = key.into();
        match self
            .index
            .find(&self.entries, &key)
            .and_then(|i| self.entries.get_mut(i))
        {
            Some(slot) => slot.1 = value,
            None => self.push_unique(key, value),
        }
    }

    /// A map from entries whose keys are known to be distinct (struct
    /// fields, the `forloop` object): no duplicate scan.
    pub(crate) fn from_unique(entries: Vec<(Arc<str>, Value)>) -> Self {
        Map {
            entries,
            index: key_index::KeyIndex::default(),
        }
    }

    /// The entries in insertion order.
    pub(crate) fn entries(&self) -> &[(Arc<str>, Value)] {
        &self.entries
    }

    /// The entries, to freeze into a [`Dict`].
    pub(crate) fn into_entries(self) -> Vec<(Arc<str>, Value)> {
        self.entries
    }

    /// Appends an entry whose key is known not to be present yet.
    pub(crate) fn push_unique(&mut self, key: Arc<str>, value: Value) {
        self.index.added(&key, self.entries.len());
        self.entries.push((key, value));
    }

    /// The value for `key`.
    ///
    /// ```
    /// assert_eq!(djula::Map::new().get("x"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        dict::find(&self.entries, key)
    }

    /// The number of entries.
    ///
    /// ```
    /// assert_eq!(djula::Map::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the map has no entries.
    ///
    /// ```
    /// assert!(djula::Map::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in insertion order.
    ///
    /// ```
    /// let mut m = djula::Map::new();
    /// m.insert("k", djula::Value::None);
    /// assert_eq!(m.iter().next().map(|(k, _)| &**k), Some("k"));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(Arc<str>, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl Value {
    /// A plain (unsafe) string value.
    ///
    /// ```
    /// assert_eq!(djula::Value::str("x").as_str(), Some("x"));
    /// ```
    pub fn str(text: impl Into<Text>) -> Value {
        Value::Str(text.into())
    }

    /// A string value marked safe.
    ///
    /// ```
    /// assert!(djula::Value::safe("<b>").is_safe());
    /// ```
    pub fn safe(text: impl Into<Arc<str>>) -> Value {
        Value::Safe(text.into())
    }

    /// An integer of any size up to 128 bits: `Int` when it fits `i64`.
    ///
    /// ```
    /// assert_eq!(djula::Value::int(u64::MAX.into()).to_text(), "18446744073709551615");
    /// assert_eq!(djula::Value::int(5), djula::Value::Int(5));
    /// ```
    pub fn int(n: i128) -> Value {
        i64::try_from(n).map_or_else(|_| Value::BigInt(Arc::new(n)), Value::Int)
    }

    /// A list value.
    ///
    /// ```
    /// assert_eq!(djula::Value::list(vec![]).len(), Some(0));
    /// ```
    pub fn list(items: Vec<Value>) -> Value {
        if items.is_empty() {
            return Value::List(EMPTY_LIST.clone());
        }
        Value::List(Arc::from(items))
    }

    /// The text of a string value (safe or not).
    ///
    /// ```
    /// assert_eq!(djula::Value::Int(1).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Safe(s) => Some(s),
            _ => None,
        }
    }

    /// True for a string marked safe.
    ///
    /// ```
    /// assert!(!djula::Value::str("<b>").is_safe());
    /// ```
    pub fn is_safe(&self) -> bool {
        matches!(self, Value::Safe(_))
    }

    /// True for `None`.
    ///
    /// ```
    /// assert!(djula::Value::None.is_none());
    /// ```
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Python's truthiness: `None`, `False`, `0`, `0.0`, `""`, `[]` and `{}`
    /// are false.
    ///
    /// ```
    /// assert!(!djula::Value::str("").is_true());
    /// assert!(djula::Value::Int(3).is_true());
    /// ```
    #[inline]
    pub fn is_true(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(i) => **i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Safe(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Date(_) => true,
            Value::Object(o) => match &**o {
                Object::Named { .. } | Object::TzInfo(_) => true,
                Object::TimeDelta(micros) => *micros != 0,
                _ => o.len() > 0,
            },
        }
    }

    /// True for an empty string, list or map.
    ///
    /// ```
    /// assert!(djula::Value::str("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Python's `len()`, for strings (in characters), lists and maps.
    ///
    /// ```
    /// assert_eq!(djula::Value::str("日本").len(), Some(2));
    /// ```
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::Str(s) => Some(s.chars().count()),
            Value::Safe(s) => Some(s.chars().count()),
            Value::List(l) => Some(l.len()),
            Value::Map(m) => Some(m.len()),
            // A `tzinfo` or `timedelta` has no `len()`.
            Value::Object(o) if o.is_iterable() => Some(o.len()),
            _ => None,
        }
    }

    /// Looks up `name` as Django's dotted lookup does: a dict key, then an
    /// attribute (a few of Python's zero-argument methods), then a list index.
    ///
    /// ```
    /// let v = djula::to_value(&serde_json::json!({"a": ["x", "y"]})).unwrap();
    /// let a = v.get_attr("a").unwrap();
    /// assert_eq!(a.get_attr("1").unwrap().as_str(), Some("y"));
    /// ```
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        // Django's order: `value[name]`, then the attribute (called when
        // it is a method), then `value[int(name)]`.
        if let Value::Map(map) = self {
            if let Some(found) = map.get(name) {
                return Some(found.clone());
            }
        }
        if let Some(found) = methods::attribute(self, name) {
            return Some(found);
        }
        match self {
            Value::List(_) => self.get_index_ref(name).cloned(),
            Value::Str(_) | Value::Safe(_) => python::str_index(self.as_str()?, name),
            Value::Object(o) => o.index(python_index(name)?),
            _ => None,
        }
    }

    /// The dict entry or list item `name` selects, borrowed; `None` when
    /// the attribute is something else (a dict method, a string or date
    /// attribute) or does not exist. [`Value::get_attr`] has the full rules.
    /// In a dict, the lookup starts where `hint` says the key was last
    /// found at the same place in a template (see [`KeyHint`]).
    #[inline]
    pub(crate) fn get_item_hinted(&self, name: &str, hint: &KeyHint) -> Option<&Value> {
        match self {
            Value::Map(map) => map.get_hinted(name, hint),
            _ => self.get_index_ref(name),
        }
    }

    /// A list's item by its index as text (`items.0`, `items.-1`).
    fn get_index_ref(&self, name: &str) -> Option<&Value> {
        match self {
            Value::List(list) => {
                let index = python_index(name)?;
                let index = if index < 0 {
                    index + i64::try_from(list.len()).ok()?
                } else {
                    index
                };
                list.get(usize::try_from(index).ok()?)
            }
            _ => None,
        }
    }

    /// The items a `{% for %}` loop visits: list items, dict keys, string
    /// characters. `None` for values Python cannot iterate.
    ///
    /// ```
    /// let v = djula::Value::str("ab");
    /// assert_eq!(v.iter_items().unwrap().len(), 2);
    /// ```
    pub fn iter_items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(l) => Some(l.to_vec()),
            Value::Map(m) => Some(m.iter().map(|(k, _)| Value::str(k)).collect()),
            // A safe string's characters are plain `str` in Python: its
            // safeness does not pass to them.
            Value::Str(_) | Value::Safe(_) => Some(
                self.as_str()?
                    .chars()
                    .map(|c| Value::str(c.to_string()))
                    .collect(),
            ),
            Value::Object(o) if o.is_iterable() => Some(o.items()),
            _ => None,
        }
    }

    /// Python's `str()` of the value, as a template prints it.
    ///
    /// ```
    /// assert_eq!(djula::Value::Float(1.0).to_text(), "1.0");
    /// assert_eq!(djula::Value::None.to_text(), "None");
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        python::write_str(&mut out, self);
        out
    }

    /// Python's `repr()` of the value.
    ///
    /// ```
    /// assert_eq!(djula::Value::str("a'b").to_repr(), "\"a'b\"");
    /// ```
    pub fn to_repr(&self) -> String {
        let mut out = String::new();
        python::write_repr(&mut out, self);
        out
    }

    /// A short name of the value's type, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) | Value::Safe(_) => "str",
            Value::List(_) => "list",
            Value::Map(_) => "dict",
            Value::Date(_) => "date",
            Value::Object(o) => match &**o {
                Object::Tuple(_) => "tuple",
                Object::View(DictView::Items, _) => "dict_items",
                Object::View(DictView::Keys, _) => "dict_keys",
                Object::View(DictView::Values, _) => "dict_values",
                Object::Bytes(_) => "bytes",
                Object::Named { type_name, .. } => type_name,
                Object::TzInfo(filters::dates::TzInfo::Zone(_)) => "ZoneInfo",
                Object::TzInfo(_) => "timezone",
                Object::TimeDelta(_) => "datetime.timedelta",
            },
        }
    }
}

/// Django's `int(bit)` of a path segment, as an index: Python's `int()`
/// also reads `1_0` and any Unicode decimal digits (`٢`).
#[inline]
pub(crate) fn python_index(name: &str) -> Option<i64> {
    match name.parse() {
        Ok(index) => Some(index),
        Err(_) => python_index_spelled(name),
    }
}

/// [`python_index`] of what Rust's `parse` does not read.
#[cold]
fn python_index_spelled(name: &str) -> Option<i64> {
    if name.contains('_') || !name.is_ascii() {
        i64::try_from(Value::str(name).python_int()?).ok()
    } else {
        None
    }
}

impl std::fmt::Display for Value {
    /// Python's `str()`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<filters::Safe<String>> for Value {
    fn from(s: filters::Safe<String>) -> Value {
        Value::safe(s.into_inner())
    }
}
impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::list(items)
    }
}
impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::Map(Dict::from(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_stays_small() {
        // The hot type: a regression here slows every render.
        assert_eq!(std::mem::size_of::<Value>(), 24);
    }
}

#[cfg(test)]
mod size_tests {
    /// Every context lookup moves values: they stay three words.
    #[test]
    fn value_is_24_bytes() {
        assert_eq!(std::mem::size_of::<super::Value>(), 24);
    }
}
