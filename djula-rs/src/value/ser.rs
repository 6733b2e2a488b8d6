//! Building a [`Value`] from any `serde::Serialize`.

use std::fmt;
use std::sync::Arc;

use serde::ser::{self, Serialize};

use super::from_json::special_object;
use super::{Map, Value};

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
    value.serialize(ValueSerializer { depth: 0 })
}

/// How deeply lists and maps may nest in a context. Deeper data is refused,
/// so converting (and later printing or comparing) it cannot exhaust the stack.
pub const MAX_CONTEXT_DEPTH: usize = 256;

/// A context value that could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError(String);

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot convert the context: {}", self.0)
    }
}

impl std::error::Error for ConvertError {}

impl ser::Error for ConvertError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ConvertError(msg.to_string())
    }
}

/// The newtype-struct name under which [`crate::SafeString`] serializes.
pub(crate) const SAFE_NEWTYPE: &str = "$djula::SafeString";

#[derive(Clone, Copy)]
struct ValueSerializer {
    depth: usize,
}

impl ValueSerializer {
    /// The serializer for the items of a list or map one level down.
    fn nested(self) -> Result<ValueSerializer, ConvertError> {
        if self.depth >= MAX_CONTEXT_DEPTH {
            return Err(ConvertError(format!(
                "the context nests lists and maps deeper than {MAX_CONTEXT_DEPTH} levels"
            )));
        }
        Ok(ValueSerializer {
            depth: self.depth + 1,
        })
    }
}

type R = Result<Value, ConvertError>;

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = ConvertError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = VariantBuilder<MapBuilder>;

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
        Ok(Value::str(v))
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
        Ok(Value::str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> R {
        let inner = value.serialize(self)?;
        if name == SAFE_NEWTYPE {
            if let Value::Str(s) = inner {
                return Ok(Value::Safe(s));
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
        map.insert(variant, value.serialize(self.nested()?)?);
        Ok(Value::from(map))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, ConvertError> {
        Ok(SeqBuilder(
            Vec::with_capacity(len.unwrap_or(0).min(4096)),
            self.nested()?,
        ))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder>, ConvertError> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, ConvertError> {
        Ok(MapBuilder {
            map: Map::from_unique(Vec::with_capacity(len.unwrap_or(0).min(64))),
            key: None,
            child: self.nested()?,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapBuilder, ConvertError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<MapBuilder>, ConvertError> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

#[doc(hidden)]
pub struct SeqBuilder(Vec<Value>, ValueSerializer);

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        self.0.push(value.serialize(self.1)?);
        Ok(())
    }
    fn end(self) -> R {
        Ok(Value::List(Arc::new(self.0)))
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

#[doc(hidden)]
pub struct MapBuilder {
    map: Map,
    key: Option<Arc<str>>,
    child: ValueSerializer,
}

/// Map keys become text, as templates look them up by name.
fn key_text(key: Value) -> Result<Arc<str>, ConvertError> {
    match key {
        Value::Str(s) | Value::Safe(s) => Ok(s),
        Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::None => {
            Ok(Arc::from(key.to_text()))
        }
        other => Err(ConvertError(format!(
            "a map key must be text, not {}",
            other.type_name()
        ))),
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ConvertError> {
        self.key = Some(key_text(key.serialize(self.child)?)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ConvertError("a map value came without its key".into()))?;
        self.map.insert(key, value.serialize(self.child)?);
        Ok(())
    }
    fn end(self) -> R {
        Ok(special_object(&self.map).unwrap_or_else(|| Value::Map(Arc::new(self.map))))
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvertError> {
        // Struct fields are distinct by construction: no duplicate scan.
        self.map.push_unique(
            crate::value::names::static_name(key),
            value.serialize(self.child)?,
        );
        Ok(())
    }
    fn end(self) -> R {
        ser::SerializeMap::end(self)
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

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> R {
        Self::wrap(self.variant, ser::SerializeSeq::end(self.inner)?)
    }
}

impl ser::SerializeStructVariant for VariantBuilder<MapBuilder> {
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
        Self::wrap(self.variant, ser::SerializeMap::end(self.inner)?)
    }
}
