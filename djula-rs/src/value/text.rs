//! [`Text`]: a string value's text, either its own shared allocation or a
//! range of one buffer shared by every string of a converted context.
//!
//! Converting a `Serialize` context used to cost one allocation per string
//! (and one free when the render ended): on a page of fifty items, about
//! two hundred of each, a third of the conversion. The serde conversion
//! (and the derive's) now appends every string to one buffer and hands out
//! ranges of it ([`TextArena`]); the buffer is taken back by the next
//! conversion once the render is over ([`TextArena::reclaim`]), so a
//! render's strings cost no allocation.
//!
//! The buffer is shared before it is complete (the values pointing into it
//! are made while serde walks the data), so it sits behind a `OnceLock`
//! that the conversion fills when it ends. Nothing reads a range before
//! then: the conversion itself reads back only map keys, which it builds
//! as owned text, and the text of a special one-key object or a
//! `SafeString`, which it reads from the buffer still filling
//! ([`TextArena::peek`]).
//!
//! A `Text` is two words, so `Value` stays three with a plain tag. Text
//! made on its own (a filter's result) is a buffer of its own, filled at
//! once: an allocation for the `Arc`, and the `String` moved in (or an
//! `Arc<str>`, a dict's key, shared: iterating a dict's keys costs an
//! allocation per key, where an `Arc<str>` value cost none). (An enum
//! of an `Arc<str>` or a range was tried: it is three words, and `Value`
//! then packs its tag into the enum's, which every match on a value pays
//! for: big-table took 6 % more instructions.)
//!
//! (A template's text nodes are ranges of its source too, but not
//! `Text`s: see `compile::node::SourceText`.)
//!
//! The same was tried for lists' items (a `Value::List` as a range of one
//! `Vec<Value>` per conversion): page 549k -> 519k instructions with the
//! conversion, but teams 10.3k -> 10.7k, and every list read (a context
//! converted beforehand, the derive's lists) paid for the indirection:
//! page 354k -> 360k, teams 6.3k -> 6.4k. Only lists of plain items could
//! go in (a list or dict in the block may point back into it, and the
//! block would hold itself). It was dropped.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// The text of a string value: a `&str` through `Deref`.
///
/// ```
/// use djula::{Text, Value};
/// let v = Value::str("hello");
/// let Value::Str(text) = &v else { unreachable!() };
/// assert_eq!(&**text, "hello");
/// assert_eq!(text.len(), 5);
/// assert_eq!(Text::from("hello"), *text);
/// ```
#[derive(Clone)]
pub struct Text {
    buffer: Arc<TextBuffer>,
    start: u32,
    /// In a conversion's block (a block of its own is read whole).
    len: u32,
}

/// The one empty text every empty string value shares: no allocation.
static EMPTY: once_cell::sync::Lazy<Text> = once_cell::sync::Lazy::new(|| Text {
    buffer: Arc::new(TextBuffer::Own(String::new())),
    start: 0,
    len: 0,
});

/// What a [`Text`] reads: the block of a conversion's strings (filled
/// once, when the conversion ends), or the text of one value.
pub(crate) enum TextBuffer {
    /// A conversion's text, filled when it ends.
    Filled(OnceLock<String>),
    /// A `String` made into a value.
    Own(String),
    /// An `Arc<str>` made into a value (a dict's key, a shared name): the
    /// `Arc` is shared, not copied.
    Name(Arc<str>),
}

impl Default for TextBuffer {
    fn default() -> TextBuffer {
        TextBuffer::Filled(OnceLock::new())
    }
}

impl Text {
    /// The text as a `&str`.
    ///
    /// ```
    /// assert_eq!(djula::Text::from("a").as_str(), "a");
    /// ```
    #[inline]
    pub fn as_str(&self) -> &str {
        match &*self.buffer {
            TextBuffer::Own(text) => text,
            TextBuffer::Name(name) => name,
            TextBuffer::Filled(text) => {
                let start = self.start as usize;
                text.get()
                    .and_then(|text| text.get(start..start + self.len as usize))
                    .unwrap_or_default()
            }
        }
    }

    /// The text as an `Arc<str>` (an allocation and a copy).
    ///
    /// ```
    /// let t = djula::Text::from("a");
    /// assert_eq!(&*t.into_arc(), "a");
    /// ```
    pub fn into_arc(self) -> std::sync::Arc<str> {
        Arc::from(self.as_str())
    }

    /// `len` bytes from `start` of `buffer` (which may still be filling).
    pub(crate) fn shared(buffer: Arc<TextBuffer>, start: u32, len: u32) -> Text {
        Text { buffer, start, len }
    }

    /// `text` in a buffer of its own (the empty text is shared).
    fn whole(text: String) -> Text {
        if text.is_empty() {
            return EMPTY.clone();
        }
        Text {
            buffer: Arc::new(TextBuffer::Own(text)),
            start: 0,
            len: 0,
        }
    }
}

/// The strings of one conversion, as it goes: their text, appended to one
/// buffer, and the block their values point into (made at the first
/// string, filled when the conversion ends).
///
/// After the fill the arena keeps a handle on the block: at the next
/// conversion, once nothing else holds it (the render is over and its
/// values are dropped), [`TextArena::reclaim`] takes it back, `Arc` and
/// buffer, emptied.
#[doc(hidden)]
#[derive(Default)]
pub struct TextArena {
    text: String,
    block: Option<Arc<TextBuffer>>,
    last: Option<Arc<TextBuffer>>,
    /// The last conversion's length: a new buffer is made that large.
    hint: usize,
}

/// A buffer larger than this is not kept for the next conversion.
const MAX_KEPT_TEXT: usize = 1 << 20;

thread_local! {
    static TYPED_ARENA: std::cell::RefCell<Option<TextArena>> =
        const { std::cell::RefCell::new(None) };
}

impl TextArena {
    /// A string value of `v`, its text in the arena (or its own
    /// allocation past 4 GiB). It reads empty until [`TextArena::fill`].
    #[inline]
    pub(crate) fn push(&mut self, v: &str) -> super::Value {
        if v.is_empty() {
            return super::Value::Str(EMPTY.clone());
        }
        let start = self.text.len();
        let (Ok(at), Ok(end)) = (u32::try_from(start), u32::try_from(start + v.len())) else {
            return super::Value::str(v);
        };
        let block = match &self.block {
            Some(block) => block.clone(),
            None => {
                self.text.reserve(self.hint);
                self.block.insert(Arc::default()).clone()
            }
        };
        self.text.push_str(v);
        super::Value::Str(Text::shared(block, at, end - at))
    }

    /// The text of `value` while the conversion is under way: a string of
    /// this conversion is read from the buffer still filling.
    pub(crate) fn peek<'a>(&'a self, value: &'a super::Value) -> Option<&'a str> {
        let super::Value::Str(text) = value else {
            return value.as_str();
        };
        match &self.block {
            Some(block) if Arc::ptr_eq(block, &text.buffer) => {
                let start = text.start as usize;
                self.text.get(start..start + text.len as usize)
            }
            _ => Some(text.as_str()),
        }
    }

    /// Takes the last conversion's block back when nothing else holds
    /// it: its text, emptied, is this conversion's. Called as a
    /// conversion starts.
    pub(crate) fn reclaim(&mut self) {
        let Some(mut last) = self.last.take() else {
            return;
        };
        if let Some(TextBuffer::Filled(cell)) = Arc::get_mut(&mut last) {
            if let Some(mut text) = cell.take() {
                text.clear();
                self.text = text;
            }
            self.block = Some(last);
        }
    }

    /// Ends the conversion: its strings read their text from now on.
    pub(crate) fn fill(&mut self) {
        let Some(block) = self.block.take() else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        self.hint = text.len();
        if text.capacity() <= MAX_KEPT_TEXT {
            self.last = Some(block.clone());
        }
        if let TextBuffer::Filled(cell) = &*block {
            let _ = cell.set(text);
        }
    }

    /// Runs a typed conversion (`ToValue`) in the thread's arena (a new
    /// one inside a conversion already under way), and fills it.
    pub(crate) fn scoped(convert: impl FnOnce(&mut TextArena) -> super::Value) -> super::Value {
        let mut arena = TYPED_ARENA
            .try_with(|kept| kept.try_borrow_mut().ok().and_then(|mut k| k.take()))
            .ok()
            .flatten()
            .unwrap_or_default();
        arena.reclaim();
        let value = convert(&mut arena);
        arena.fill();
        let _ = TYPED_ARENA.try_with(|kept| {
            if let Ok(mut kept) = kept.try_borrow_mut() {
                *kept = Some(arena);
            }
        });
        value
    }
}

impl TextBuffer {
    /// Fills the buffer; the ranges handed out read from it from now on.
    /// A second fill is ignored.
    #[cfg(test)]
    fn fill(&self, text: String) {
        if let TextBuffer::Filled(filled) = self {
            let _ = filled.set(text);
        }
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::whole(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        if s.is_empty() {
            return EMPTY.clone();
        }
        Text::whole(s.to_owned())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::whole(s.clone())
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Text {
        Text::whole(s.into_string())
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Text {
        if s.is_empty() {
            return EMPTY.clone();
        }
        Text {
            buffer: Arc::new(TextBuffer::Name(s)),
            start: 0,
            len: 0,
        }
    }
}

impl From<&Arc<str>> for Text {
    fn from(s: &Arc<str>) -> Text {
        Text::from(s.clone())
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        Text::whole(s.into_owned())
    }
}

impl From<Text> for Arc<str> {
    fn from(t: Text) -> Arc<str> {
        t.into_arc()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_reads_its_buffer_once_filled() {
        let buffer = Arc::new(TextBuffer::default());
        let t = Text::shared(buffer.clone(), 3, 2);
        // Before the fill nothing is there (only the conversion holds it then).
        assert_eq!(t.as_str(), "");
        buffer.fill("abcdefg".to_string());
        assert_eq!(t.as_str(), "de");
        assert_eq!(t, Text::from("de"));
        assert_eq!(&*t.clone().into_arc(), "de");
        // A second fill changes nothing.
        buffer.fill("zzzzzzz".to_string());
        assert_eq!(t.as_str(), "de");
    }

    #[test]
    fn a_range_past_the_buffer_or_inside_a_character_reads_empty() {
        let buffer = Arc::new(TextBuffer::default());
        buffer.fill("é".to_string());
        assert_eq!(Text::shared(buffer.clone(), 0, 5).as_str(), "");
        assert_eq!(Text::shared(buffer.clone(), 1, 1).as_str(), "");
        assert_eq!(Text::shared(buffer, 0, 2).as_str(), "é");
    }

    #[test]
    fn equal_text_is_equal_whatever_holds_it() {
        let buffer = Arc::new(TextBuffer::default());
        buffer.fill("xay".to_string());
        let shared = Text::shared(buffer, 1, 1);
        let own = Text::from("a");
        assert_eq!(shared, own);
        let hash = |t: &Text| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            t.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&shared), hash(&own));
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b);
    }

    #[test]
    fn text_is_two_words_and_a_value_three() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<crate::value::Value>(), 24);
    }
}
