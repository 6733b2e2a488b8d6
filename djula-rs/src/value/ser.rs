//! Building a [`Value`] from any `serde::Serialize`.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::ser::{self, Serialize};

use super::dict::Entry;
use super::from_json::special_text;
use super::key_index::KeyIndex;
use super::names::{KeyNames, StaticNames};
use super::spare::{self, Spare, SMALL};
use super::{Map, TextArena, Value};

/// Converts any `Serialize` value (a struct, a map, `serde_json::Value`, …)
/// into a template [`Value`].
///
/// Structs and maps become dicts (field order kept), sequences and tuples
/// lists, unit and `Option::None` become `None`. Map keys must be strings,
/// integers or booleans (they are printed as text).
///
/// ```
/// #[derive(serde::Serialize)]
/// struct User { name: String, admin: bool }
/// let v = djula::to_value(&User { name: "Ann".into(), admin: true }).unwrap();
/// assert_eq!(v.to_string(), "{'name': 'Ann', 'admin': True}");
/// ```
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ConvertError> {
    let scratch = RefCell::new(Scratch::take());
    let converted = value.serialize(ValueSerializer {
        depth: 0,
        strings: Strings::Shared,
        scratch: &scratch,
    });
    scratch.into_inner().keep();
    converted
}

/// Where the conversion puts a string's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strings {
    /// In the conversion's one shared buffer (see [`super::text`]).
    Shared,
    /// In its own allocation: a map key, which the conversion keeps as an
    /// `Arc<str>` (a key given through a newtype comes here).
    Owned,
}

/// The entries of the dicts being built, one stack for a whole conversion.
/// A builder pushes onto the stack and, at its end, drains its own part
/// into one exactly sized block: a dict costs one allocation, with no
/// vector grown along the way. Kept per thread between conversions.
///
/// A long list's items go into a vector of their own (sized by serde's
/// hint), copied at the end into the list's block (`Arc<[Value]>`): one
/// allocation more while it is built, freed at once. A short one (serde's
/// hint at most [`spare::SMALL`]) is gathered in a vector kept between
/// conversions and moved into a kept block or a new one
/// ([`super::spare`]). For long lists, measured against
/// (`benches/callgrind.sh`, big-table / page): the items on one shared
/// stack, drained into the block (1.54M / 472k: a borrow of the scratch
/// state per item), and vectors kept per nesting level, drained (1.41M /
/// 475k: a drain moves item by item, where the copy is one `memcpy`);
/// this way, 1.27M / 480k.
#[derive(Default)]
struct Scratch {
    entries: Vec<Entry>,
    /// The fields of the structs being built: their names as the struct
    /// gives them, made shared keys only when a dict needs new ones (see
    /// [`spare::struct_in`]).
    fields: Vec<(&'static str, Value)>,
    /// The conversion's strings.
    text: TextArena,
    /// Struct field names, by address (boxed: the scratch moves in and
    /// out of its thread-local).
    names: Box<StaticNames>,
    /// Map keys, by text.
    keys: KeyNames,
    /// The small blocks of the last rendered context, to fill again
    /// (boxed, as `names`).
    spare: Box<Spare>,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

/// Keeps the small blocks of a context whose render is over for the next
/// conversion on this thread (see [`super::spare`]); the rest of it is
/// dropped.
pub(crate) fn keep_spare(context: Value) {
    let _ = SCRATCH.try_with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            if let Some(scratch) = kept.as_mut() {
                scratch.spare.keep(context);
            }
        }
    });
}

impl Scratch {
    /// The thread's kept stacks, or new ones (inside a conversion already
    /// under way on this thread, or while the thread ends), with the last
    /// conversion's text taken back if nothing reads it.
    fn take() -> Scratch {
        let mut scratch: Scratch = SCRATCH
            .try_with(|kept| kept.try_borrow_mut().ok().and_then(|mut k| k.take()))
            .ok()
            .flatten()
            .unwrap_or_default();
        scratch.text.reclaim();
        scratch
    }

    /// The dict of the entries from `start` on, taken off the stack (or
    /// the special object a single entry stands for).
    fn take_dict(&mut self, start: usize) -> Value {
        let start = start.min(self.entries.len());
        // A map whose one entry was spilled (its key given twice).
        if let Some([(key, value)]) = self.entries.get(start..) {
            if let Some(special) = self.special(key, value) {
                self.entries.truncate(start);
                return special;
            }
        }
        Value::Map(spare::dict_in(&mut self.spare, &mut self.entries, start))
    }

    /// The special object a one-entry dict of `key` and `value` stands
    /// for, if any: the value's text is read from the buffer still filling.
    fn special(&self, key: &str, value: &Value) -> Option<Value> {
        self.text
            .peek(value)
            .and_then(|text| special_text(key, text))
    }

    /// The dict of the struct fields from `start` on, taken off their
    /// stack (or the special object a single field stands for).
    fn take_struct(&mut self, start: usize) -> Value {
        let start = start.min(self.fields.len());
        // serde_json's arbitrary-precision number: a one-field struct.
        if let Some([(name, value)]) = self.fields.get(start..) {
            if let Some(special) = self.special(name, value) {
                self.fields.truncate(start);
                return special;
            }
        }
        Value::Map(spare::struct_in(
            &mut self.spare,
            &mut self.names,
            &mut self.fields,
            start,
        ))
    }

    /// Hands the stack back, emptied (a failed conversion leaves entries),
    /// and fills the shared buffer: the strings read from it from now on.
    fn keep(mut self) {
        self.text.fill();
        self.entries.clear();
        self.fields.clear();
        let _ = SCRATCH.try_with(|kept| {
            if let Ok(mut kept) = kept.try_borrow_mut() {
                *kept = Some(self);
            }
        });
    }
}

/// How deeply lists and maps may nest in a context. Deeper data is refused,
/// so converting (and later printing or comparing) it cannot exhaust the stack.
pub const MAX_CONTEXT_DEPTH: usize = 256;

/// A context value that could not be converted.
// A `Box<str>`, two words: `Result<Value, ConvertError>` then fits in the
// three words of a `Value` (its tag has room for the error), which every
// converted value is returned as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError(Box<str>);

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot convert the context: {}", self.0)
    }
}

impl std::error::Error for ConvertError {}

impl ser::Error for ConvertError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ConvertError(msg.to_string().into())
    }
}

/// The newtype-struct name under which [`crate::SafeString`] serializes.
pub(crate) const SAFE_NEWTYPE: &str = "$djula::SafeString";

/// Two words, passed in registers: a third (a `usize` depth beside the
/// mode) cost big-table 6 % more instructions.
#[derive(Clone, Copy)]
struct ValueSerializer<'s> {
    depth: u32,
    strings: Strings,
    scratch: &'s RefCell<Scratch>,
}

impl<'s> ValueSerializer<'s> {
    /// The serializer for the items of a list or map one level down.
    fn nested(self) -> Result<ValueSerializer<'s>, ConvertError> {
        if self.depth as usize >= MAX_CONTEXT_DEPTH {
            return Err(ConvertError(
                format!("the context nests lists and maps deeper than {MAX_CONTEXT_DEPTH} levels")
                    .into(),
            ));
        }
        Ok(ValueSerializer {
            depth: self.depth + 1,
            strings: self.strings,
            scratch: self.scratch,
        })
    }

    /// This serializer, with strings in their own allocations.
    fn owned(self) -> ValueSerializer<'s> {
        ValueSerializer {
            strings: Strings::Owned,
            ..self
        }
    }

    /// Where a new dict's entries will start on the scratch stack.
    fn entries_start(self) -> usize {
        self.scratch.borrow().entries.len()
    }
}

type R = Result<Value, ConvertError>;

impl<'s> ser::Serializer for ValueSerializer<'s> {
    type Ok = Value;
    type Error = ConvertError;
    type SerializeSeq = SeqBuilder<'s>;
    type SerializeTuple = SeqBuilder<'s>;
    type SerializeTupleStruct = SeqBuilder<'s>;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder<'s>>;
    type SerializeMap = MapBuilder<'s>;
    type SerializeStruct = StructBuilder<'s>;
    type SerializeStructVariant = VariantBuilder<StructBuilder<'s>>;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> R {
        Ok(Value::Int(v))
    }
    fn serialize_i128(self, v: i128) -> R {
        Ok(Value::int(v))
    }
    fn serialize_u8(self, v: u8) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> R {
        Ok(Value::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> R {
        Ok(Value::int(v.into()))
    }
    fn serialize_u128(self, v: u128) -> R {
        // Beyond i128 (above 2^127), a float, as the value has no wider int.
        Ok(i128::try_from(v).map_or(Value::Float(v as f64), Value::int))
    }
    fn serialize_f32(self, v: f32) -> R {
        Ok(Value::Float(v.to_string().parse().unwrap_or(f64::from(v))))
    }
    fn serialize_f64(self, v: f64) -> R {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> R {
        Ok(Value::str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> R {
        Ok(match self.strings {
            Strings::Shared => self.scratch.borrow_mut().text.push(v),
            Strings::Owned => Value::str(v),
        })
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        Ok(Value::list(
            v.iter().map(|b| Value::Int((*b).into())).collect(),
        ))
    }
    fn serialize_none(self) -> R {
        Ok(Value::None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Value::None)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        Ok(Value::None)
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> R {
        // A status or kind enum: its name, as any string.
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> R {
        let inner = value.serialize(self)?;
        if name == SAFE_NEWTYPE && matches!(inner, Value::Str(_)) {
            // Its text is read from the buffer still filling.
            if let Some(text) = self.scratch.borrow().text.peek(&inner) {
                return Ok(Value::safe(text));
            }
        }
        Ok(inner)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        let mut map = Map::new();
        map.push_unique(
            crate::value::names::static_name(variant),
            value.serialize(self.nested()?)?,
        );
        Ok(Value::from(map))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<'s>, ConvertError> {
        let child = self.nested()?;
        let items = match len {
            // A short list is built in a kept vector: no allocation.
            Some(1..=SMALL) => self.scratch.borrow_mut().spare.vec(),
            hint => Vec::with_capacity(hint.unwrap_or(0).min(4096)),
        };
        Ok(SeqBuilder { items, child })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<'s>, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'s>, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder<'s>>, ConvertError> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder<'s>, ConvertError> {
        Ok(MapBuilder {
            start: self.entries_start(),
            first: None,
            key: None,
            spilled: false,
            index: KeyIndex::default(),
            child: self.nested()?,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<StructBuilder<'s>, ConvertError> {
        Ok(StructBuilder {
            start: self.scratch.borrow().fields.len(),
            child: self.nested()?,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<StructBuilder<'s>>, ConvertError> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_struct(variant, len)?,
        })
    }
}

/// A list's items.
#[doc(hidden)]
pub struct SeqBuilder<'s> {
    items: Vec<Value>,
    child: ValueSerializer<'s>,
}

impl ser::SerializeSeq for SeqBuilder<'_> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        // A `match`, not `?`: with `?`, LLVM built each item in a stack
        // slot (its tag one byte, its payload eight) and copied it into the
        // vector with one 16-byte load, which no store can forward: a
        // stall per item, big-table 55 % slower in wall-clock time for the
        // same instructions (`perf annotate` on `one_render djula
        // big-table`). The `match` keeps the item in registers.
        match value.serialize(self.child) {
            Ok(value) => {
                self.items.push(value);
                Ok(())
            }
            Err(error) => Err(error),
        }
    }
    fn end(self) -> R {
        // `Value::list` in line: calling it (even `#[inline]`) cost
        // big-table 1,279k -> 1,288k instructions.
        let SeqBuilder { mut items, child } = self;
        if items.is_empty() {
            return Ok(Value::List(super::EMPTY_LIST.clone()));
        }
        if items.len() <= SMALL {
            let mut scratch = child.scratch.borrow_mut();
            let list = spare::list_in(&mut scratch.spare, &mut items);
            scratch.spare.give_vec(items);
            return Ok(Value::List(list));
        }
        Ok(Value::List(Arc::from(items)))
    }
}

impl ser::SerializeTuple for SeqBuilder<'_> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder<'_> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

/// A map's entries, on the scratch stack from `start`.
#[doc(hidden)]
pub struct MapBuilder<'s> {
    start: usize,
    /// A map's first entry, held back until the map ends or a second entry
    /// comes: a one-key map may be one of the special objects (a date, a
    /// safe string), which then needs no map at all.
    /// (A date object's text goes into the conversion's text block as any
    /// string: read back at the map's end, it costs no allocation.)
    first: Option<(Arc<str>, Value)>,
    key: Option<Arc<str>>,
    /// True once an entry is on the stack (the first is no longer held).
    spilled: bool,
    /// Finds a key already given, in a large map without a scan.
    index: KeyIndex,
    child: ValueSerializer<'s>,
}

impl Drop for MapBuilder<'_> {
    /// A map given up half-built (a value failed and the caller went on)
    /// takes its entries off the stack, so they cannot land in the dict
    /// around it. After the map's end they are gone already. (Kept apart
    /// from [`StructBuilder`]'s: a shared guard field measured 1.4 % more
    /// on teams.)
    fn drop(&mut self) {
        // Until an entry is spilled, the map has put nothing on the stack
        // (a one-key date or safe string never does).
        if !self.spilled {
            return;
        }
        if let Ok(mut scratch) = self.child.scratch.try_borrow_mut() {
            scratch.entries.truncate(self.start);
        }
    }
}

impl MapBuilder<'_> {
    /// Moves the held-back first entry onto the stack.
    fn flush_first(&mut self) {
        if let Some((key, value)) = self.first.take() {
            self.index.added(&key, 0);
            self.child.scratch.borrow_mut().entries.push((key, value));
            self.spilled = true;
        }
    }

    /// Adds an entry; a key seen before keeps its place and takes the
    /// new value, as in a Python dict.
    fn insert(&mut self, key: Arc<str>, value: Value) {
        let mut scratch = self.child.scratch.borrow_mut();
        let entries = scratch.entries.get_mut(self.start..).unwrap_or_default();
        match self.index.find(entries, &key) {
            Some(i) => {
                if let Some(slot) = entries.get_mut(i) {
                    slot.1 = value;
                }
            }
            None => {
                self.index.added(&key, entries.len());
                scratch.entries.push((key, value));
            }
        }
    }

    /// The dict of the entries on the stack.
    fn finish(&mut self) -> Value {
        self.child.scratch.borrow_mut().take_dict(self.start)
    }
}

/// Map keys become text, as templates look them up by name.
fn key_text(key: Value) -> Result<Arc<str>, ConvertError> {
    match key {
        Value::Str(s) => Ok(s.into_arc()),
        Value::Safe(s) => Ok(s),
        Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::None => {
            Ok(Arc::from(key.to_text()))
        }
        other => Err(ConvertError(
            format!("a map key must be text, not {}", other.type_name()).into(),
        )),
    }
}

/// Serializes a map key: as [`ValueSerializer`], except that the special
/// keys (`__datetime__`, …) come out as their shared copies, without an
/// allocation.
#[derive(Clone, Copy)]
struct KeySerializer<'s>(ValueSerializer<'s>);

impl KeySerializer<'_> {
    /// A key's text, its interned copy when it has one. It comes back as
    /// `Value::Safe`, the variant that holds an `Arc<str>` as a dict's
    /// key does (`key_text` takes it as it is): a `Value::Str` would be
    /// copied into one.
    fn text(self, v: &str) -> Value {
        match self.0.scratch.try_borrow_mut() {
            Ok(mut scratch) => Value::Safe(scratch.keys.get(v)),
            Err(_) => Value::Safe(v.into()),
        }
    }
}

/// Forwards a serializer method to [`ValueSerializer`].
macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*) => {$(
        fn $name(self, $($arg: $ty),*) -> $out {
            self.0.$name($($arg),*)
        }
    )*};
}

impl<'s> ser::Serializer for KeySerializer<'s> {
    type Ok = Value;
    type Error = ConvertError;
    type SerializeSeq = SeqBuilder<'s>;
    type SerializeTuple = SeqBuilder<'s>;
    type SerializeTupleStruct = SeqBuilder<'s>;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder<'s>>;
    type SerializeMap = MapBuilder<'s>;
    type SerializeStruct = StructBuilder<'s>;
    type SerializeStructVariant = VariantBuilder<StructBuilder<'s>>;

    fn serialize_str(self, v: &str) -> R {
        Ok(self.text(v))
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> R {
        Ok(self.text(variant))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> R {
        self.0.serialize_newtype_struct(name, value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        self.0
            .serialize_newtype_variant(name, index, variant, value)
    }
    forward! {
        serialize_bool(v: bool) -> R;
        serialize_i8(v: i8) -> R;
        serialize_i16(v: i16) -> R;
        serialize_i32(v: i32) -> R;
        serialize_i64(v: i64) -> R;
        serialize_i128(v: i128) -> R;
        serialize_u8(v: u8) -> R;
        serialize_u16(v: u16) -> R;
        serialize_u32(v: u32) -> R;
        serialize_u64(v: u64) -> R;
        serialize_u128(v: u128) -> R;
        serialize_f32(v: f32) -> R;
        serialize_f64(v: f64) -> R;
        serialize_char(v: char) -> R;
        serialize_bytes(v: &[u8]) -> R;
        serialize_none() -> R;
        serialize_unit() -> R;
        serialize_unit_struct(name: &'static str) -> R;
        serialize_seq(len: Option<usize>) -> Result<SeqBuilder<'s>, ConvertError>;
        serialize_tuple(len: usize) -> Result<SeqBuilder<'s>, ConvertError>;
        serialize_tuple_struct(name: &'static str, len: usize) -> Result<SeqBuilder<'s>, ConvertError>;
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize)
            -> Result<VariantBuilder<SeqBuilder<'s>>, ConvertError>;
        serialize_map(len: Option<usize>) -> Result<MapBuilder<'s>, ConvertError>;
        serialize_struct(name: &'static str, len: usize) -> Result<StructBuilder<'s>, ConvertError>;
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize)
            -> Result<VariantBuilder<StructBuilder<'s>>, ConvertError>;
    }
}

impl ser::SerializeMap for MapBuilder<'_> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ConvertError> {
        self.key = Some(key_text(key.serialize(KeySerializer(self.child.owned()))?)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ConvertError("a map value came without its key".into()))?;
        if !self.spilled && self.first.is_none() {
            self.first = Some((key, value.serialize(self.child)?));
        } else {
            let value = value.serialize(self.child)?;
            self.flush_first();
            self.insert(key, value);
        }
        Ok(())
    }
    fn end(mut self) -> R {
        if let Some((key, value)) = &self.first {
            let special = self.child.scratch.borrow().special(key, value);
            if let Some(special) = special {
                return Ok(special);
            }
            self.flush_first();
        }
        Ok(self.finish())
    }
}

/// A struct's fields, distinct by construction, on the scratch state's
/// field stack from `start`.
#[doc(hidden)]
pub struct StructBuilder<'s> {
    start: usize,
    child: ValueSerializer<'s>,
}

impl Drop for StructBuilder<'_> {
    /// As [`MapBuilder`]'s: a half-built struct takes its fields back.
    fn drop(&mut self) {
        if let Ok(mut scratch) = self.child.scratch.try_borrow_mut() {
            scratch.fields.truncate(self.start);
        }
    }
}

impl ser::SerializeStruct for StructBuilder<'_> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvertError> {
        // No duplicate scan; the name becomes a key at the end. A `match`,
        // as in `SeqBuilder::serialize_element`.
        match value.serialize(self.child) {
            Ok(value) => {
                self.child.scratch.borrow_mut().fields.push((key, value));
                Ok(())
            }
            Err(error) => Err(error),
        }
    }
    fn end(self) -> R {
        Ok(self.child.scratch.borrow_mut().take_struct(self.start))
    }
}

/// An enum variant with data becomes `{variant: data}`, as serde_json does.
#[doc(hidden)]
pub struct VariantBuilder<B> {
    variant: &'static str,
    inner: B,
}

impl<B> VariantBuilder<B> {
    fn wrap(variant: &'static str, value: Value) -> R {
        let mut map = Map::new();
        map.insert(variant, value);
        Ok(Value::from(map))
    }
}

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder<'_>> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> R {
        Self::wrap(self.variant, ser::SerializeSeq::end(self.inner)?)
    }
}

impl ser::SerializeStructVariant for VariantBuilder<StructBuilder<'_>> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvertError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> R {
        Self::wrap(self.variant, ser::SerializeStruct::end(self.inner)?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn the_serializer_is_two_words() {
        assert_eq!(std::mem::size_of::<super::ValueSerializer<'_>>(), 16);
    }

    #[test]
    fn a_conversion_result_is_the_size_of_a_value() {
        assert_eq!(
            std::mem::size_of::<Result<crate::Value, super::ConvertError>>(),
            std::mem::size_of::<crate::Value>()
        );
    }

    use super::to_value;
    use crate::value::Value;

    #[derive(serde::Serialize)]
    enum Shape {
        Point { x: i32, y: i32 },
    }

    /// A struct of one field under a special key is the special object
    /// too (its text read while the conversion's text is still filling),
    /// as serde_json's arbitrary-precision numbers need.
    #[test]
    fn one_field_structs_under_a_special_key_are_special_objects() {
        #[derive(serde::Serialize)]
        struct Marked {
            #[serde(rename = "__safe__")]
            text: String,
        }
        #[derive(serde::Serialize)]
        struct Day {
            #[serde(rename = "__date__")]
            text: String,
        }
        #[derive(serde::Serialize)]
        struct Both {
            before: String,
            marked: Marked,
            day: Day,
        }
        let v = to_value(&Both {
            before: "x".into(),
            marked: Marked { text: "<b>".into() },
            day: Day {
                text: "2008-01-02".into(),
            },
        })
        .unwrap();
        let marked = v.get_attr("marked").unwrap();
        assert!(marked.is_safe());
        assert_eq!(marked.as_str(), Some("<b>"));
        assert!(matches!(v.get_attr("day"), Some(Value::Date(_))));
        assert_eq!(v.get_attr("before").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn one_key_maps_are_the_special_objects_and_only_they() {
        let one = BTreeMap::from([("__datetime__", "2008-01-02T12:30:00")]);
        assert!(matches!(to_value(&one), Ok(Value::Date(_))));
        let safe = BTreeMap::from([("__safe__", "<b>")]);
        assert!(to_value(&safe).is_ok_and(|v| v.is_safe()));
        // A second entry, a non-text value or an unparsable date: a dict.
        let two = BTreeMap::from([("__datetime__", "2008-01-02T12:30:00"), ("a", "b")]);
        assert_eq!(
            to_value(&two).map(|v| v.to_string()),
            Ok("{'__datetime__': '2008-01-02T12:30:00', 'a': 'b'}".to_string())
        );
        let number = BTreeMap::from([("__safe__", 5)]);
        assert_eq!(
            to_value(&number).map(|v| v.to_string()),
            Ok("{'__safe__': 5}".to_string())
        );
        let bad = BTreeMap::from([("__date__", "not a date")]);
        assert_eq!(
            to_value(&bad).map(|v| v.to_string()),
            Ok("{'__date__': 'not a date'}".to_string())
        );
        let plain = BTreeMap::from([("k", "v")]);
        assert_eq!(
            to_value(&plain).map(|v| v.to_string()),
            Ok("{'k': 'v'}".to_string())
        );
        // A date key's text is read in place; a number, or text too long
        // to hold inline, goes the usual way.
        let number = BTreeMap::from([("__time__", 5)]);
        assert_eq!(
            to_value(&number).map(|v| v.to_string()),
            Ok("{'__time__': 5}".to_string())
        );
        let long = format!("2008-01-02T12:30:00{}", " ".repeat(60));
        let long = BTreeMap::from([("__datetime__", long.as_str())]);
        assert!(matches!(to_value(&long), Ok(Value::Date(_))));
        let long_bad = "x".repeat(100);
        let long_bad = BTreeMap::from([("__date__", long_bad.as_str())]);
        assert_eq!(
            to_value(&long_bad).map(|v| v.to_string().len()),
            Ok("{'__date__': ''}".len() + 100)
        );
    }

    /// A number as serde_json's `arbitrary_precision` serializes it.
    struct PreciseNumber(&'static str);
    impl serde::Serialize for PreciseNumber {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            const NAME: &str = "$serde_json::private::Number";
            let mut st = s.serialize_struct(NAME, 1)?;
            st.serialize_field(NAME, self.0)?;
            st.end()
        }
    }

    #[test]
    fn serde_json_arbitrary_precision_numbers_are_numbers() {
        let show = |text| to_value(&PreciseNumber(text)).map(|v| v.to_string());
        assert_eq!(
            show("18446744073709551617"),
            Ok("18446744073709551617".into())
        );
        assert_eq!(
            show("-170141183460469231731687303715884105728"),
            Ok("-170141183460469231731687303715884105728".into())
        );
        assert_eq!(show("1.5"), Ok("1.5".into()));
        assert_eq!(show("1e5"), Ok("100000.0".into()));
        assert_eq!(show("-0"), Ok("0".into()));
        // Past 128 bits: the float Python's int would print exactly.
        assert_eq!(
            to_value(&PreciseNumber("340282366920938463463374607431768211456"))
                .map(|v| matches!(v, Value::Float(_))),
            Ok(true)
        );
    }

    #[test]
    fn duplicate_keys_keep_the_first_place_and_the_last_value() {
        struct Twice;
        impl serde::Serialize for Twice {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("a", &1)?;
                map.serialize_entry("b", &2)?;
                map.serialize_entry("a", &3)?;
                map.end()
            }
        }
        assert_eq!(
            to_value(&Twice).map(|v| v.to_string()),
            Ok("{'a': 3, 'b': 2}".to_string())
        );
    }

    #[test]
    fn duplicate_keys_in_a_large_map_keep_their_place() {
        // Past the scan limit, keys are found through the map's index.
        struct Many;
        impl serde::Serialize for Many {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                for i in 0..100 {
                    map.serialize_entry(&format!("k{i}"), &i)?;
                }
                map.serialize_entry("k5", &-5)?;
                map.serialize_entry("k99", &-99)?;
                map.serialize_entry("k0", &0)?;
                map.end()
            }
        }
        let Ok(Value::Map(dict)) = to_value(&Many) else {
            panic!("a dict");
        };
        assert_eq!(dict.len(), 100);
        let keys: Vec<&str> = dict.iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys.first(), Some(&"k0"));
        assert_eq!(keys.get(5), Some(&"k5"));
        assert_eq!(keys.last(), Some(&"k99"));
        assert_eq!(dict.get("k5"), Some(&Value::Int(-5)));
        assert_eq!(dict.get("k99"), Some(&Value::Int(-99)));
        assert_eq!(dict.get("k42"), Some(&Value::Int(42)));
        let mut map = crate::Map::new();
        for i in 0..100 {
            map.insert(format!("k{i}"), Value::Int(i));
        }
        map.insert("k7", Value::None);
        assert_eq!(map.len(), 100);
        assert_eq!(map.get("k7"), Some(&Value::None));
        assert_eq!(map.iter().nth(7).map(|(k, _)| &**k), Some("k7"));
    }

    #[test]
    fn struct_variants_are_one_key_dicts() {
        assert_eq!(
            to_value(&Shape::Point { x: 1, y: 2 }).map(|v| v.to_string()),
            Ok("{'Point': {'x': 1, 'y': 2}}".to_string())
        );
        let keys = BTreeMap::from([(true, 1)]);
        assert_eq!(
            to_value(&keys).map(|v| v.to_string()),
            Ok("{'True': 1}".to_string())
        );
    }
}
