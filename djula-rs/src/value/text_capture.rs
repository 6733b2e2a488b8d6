//! Reads a serialized string without allocating it: the text of a date
//! object's one entry (`{"__datetime__": "2024-01-02T03:04:00"}`) is parsed
//! where serde hands it over, instead of first becoming an `Arc<str>` that
//! is dropped once the date is made. A copy on the stack stays for the
//! rare map that turns out to have more entries (the text is then a
//! string after all).

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Texts up to this many bytes are held inline; longer ones are
/// converted the usual way.
const INLINE: usize = 64;

/// A date object's text, read: its date (if it parses) and a copy of the
/// text.
pub(super) struct Captured {
    pub special: Option<super::Value>,
    pub text: InlineText,
}

/// A short text held inline.
#[derive(Clone, Copy)]
pub(super) struct InlineText {
    bytes: [u8; INLINE],
    len: u8,
}

impl InlineText {
    pub(super) fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// The value is not a short string: it is converted the usual way.
#[derive(Debug)]
pub(super) struct NotText;

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a short string")
    }
}

impl std::error::Error for NotText {}

impl ser::Error for NotText {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotText
    }
}

/// Serializes a string into a [`Captured`], read as the value of the
/// date object key `key`; anything else is [`NotText`].
pub(super) struct TextCapture<'k> {
    pub key: &'k str,
}

type Refused = Impossible<Captured, NotText>;

/// The methods that refuse: every value but a string.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Captured, NotText> {
            Err(NotText)
        }
    )*};
}

impl ser::Serializer for TextCapture<'_> {
    type Ok = Captured;
    type Error = NotText;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    fn serialize_str(self, v: &str) -> Result<Captured, NotText> {
        let len = u8::try_from(v.len())
            .ok()
            .filter(|&len| usize::from(len) <= INLINE)
            .ok_or(NotText)?;
        let mut bytes = [0; INLINE];
        bytes
            .get_mut(..v.len())
            .ok_or(NotText)?
            .copy_from_slice(v.as_bytes());
        Ok(Captured {
            special: super::from_json::special_text(self.key, v),
            text: InlineText { bytes, len },
        })
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Captured, NotText> {
        value.serialize(self)
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Captured, NotText> {
        Err(NotText)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Captured, NotText> {
        Err(NotText)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_tuple(self, _: usize) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Refused, NotText> {
        Err(NotText)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Refused, NotText> {
        Err(NotText)
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::TextCapture;

    #[test]
    fn short_strings_are_captured_and_everything_else_refused() {
        let capture = || TextCapture { key: "__date__" };
        let captured = "2024-01-02".serialize(capture()).ok();
        assert_eq!(
            captured.as_ref().map(|c| c.text.as_str()),
            Some("2024-01-02")
        );
        assert!(captured.is_some_and(|c| c.special.is_some()));
        let unparsed = "soon".serialize(capture()).ok();
        assert!(unparsed.is_some_and(|c| c.special.is_none() && c.text.as_str() == "soon"));
        assert!("x".repeat(65).serialize(capture()).is_err());
        assert!(5.serialize(capture()).is_err());
        assert!(vec!["a"].serialize(capture()).is_err());
    }
}
