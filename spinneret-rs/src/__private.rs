//! Run-time helpers the macros expand to. Not a public API: the names and
//! signatures change whenever the code generator needs them to.

use std::cell::Cell;
use std::fmt::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use filters::spinneret_rules::{self as rules, Side};
use filters::Render;

use crate::attrs::{AttrValue, Attrs};
use crate::html5;
use crate::{Markup, TagName};

pub use crate::json::json;

/// The capacity to give the next output buffer of one `html!` call site: the
/// largest output seen so far there (as sailfish does), at least the static
/// text.
pub struct SizeHint(AtomicUsize);

/// The largest capacity a hint asks for up front.
const MAX_HINT: usize = 64 * 1024;

impl SizeHint {
    pub const fn new(static_len: usize) -> Self {
        SizeHint(AtomicUsize::new(static_len))
    }

    #[inline]
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    #[inline]
    pub fn update(&self, len: usize) {
        // Capped: a buffer past glibc's mmap threshold would be mapped and
        // unmapped on every render.
        let len = len.min(MAX_HINT);
        if len > self.get() {
            self.0.store(len, Ordering::Relaxed);
        }
    }
}

/// `html_to!`'s target while the template writes: its `String` moved into a
/// local (`buf`) and moved back when the guard drops, even on a panic.
///
/// Written through the caller's `&mut String`, every append would store the
/// length back to the caller's memory; in a local, LLVM keeps the pointer,
/// length and capacity in registers as it does for `html!`'s own buffer
/// (big-table into a reused buffer: 469k -> 3xxk instructions).
pub struct Target<'a> {
    target: &'a mut String,
    pub buf: String,
}

impl<'a> Target<'a> {
    /// Moves `target`'s text into the guard, with room for at least what
    /// this call site wrote last time (`hint`).
    #[inline(always)]
    pub fn new(target: &'a mut String, hint: &SizeHint) -> Self {
        let mut buf = std::mem::take(target);
        let wanted = hint.get();
        if buf.capacity() - buf.len() < wanted {
            buf = grown(buf, wanted);
        }
        Target { target, buf }
    }
}

impl Drop for Target<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        put_back(self.target, std::mem::take(&mut self.buf));
    }
}

/// `*target = buf`, out of line: inlined, LLVM merges the final store of
/// the pointer and capacity into one vector store and then keeps the two
/// packed in a vector register through the whole template, paying two
/// extra instructions per append to unpack them.
#[inline(never)]
fn put_back(target: &mut String, buf: String) {
    *target = buf;
}

/// Appends `text`: what the generated code calls for every static run.
///
/// Unlike `String::push_str`, growing never takes the buffer's address: it
/// moves the `String` into an out-of-line function and back. With no call
/// taking `&mut` to it, LLVM keeps the buffer's pointer, length and capacity
/// in registers for the whole template instead of storing and reloading them
/// around every append (big-table: 47 -> 27 µs, the difference between
/// `String` and sailfish's raw-pointer buffer). The loop leaves LLVM knowing
/// there is room, so `push_str`'s own growth path is dead code.
#[inline(always)]
pub fn push(out: &mut String, text: &str) {
    while out.capacity() - out.len() < text.len() {
        *out = grown(std::mem::take(out), text.len());
    }
    out.push_str(text);
}

/// `out` with room for `additional` more bytes, by value (see [`push`]).
#[cold]
#[inline(never)]
fn grown(mut out: String, additional: usize) -> String {
    out.reserve(additional);
    out
}

/// `text` escaped onto `out`, by value (see [`push`]).
#[inline(never)]
fn escaped(mut out: String, text: &str) -> String {
    filters::escape_into(&mut out, text);
    out
}

/// Spliced text: short text with nothing to escape (names, labels) is
/// appended inline, anything else escaped out of line, by value.
#[inline(always)]
fn splice_text(out: &mut String, text: &str) {
    if text.len() <= 16 && !filters::needs_escape(text) {
        push(out, text);
    } else {
        *out = escaped(std::mem::take(out), text);
    }
}

#[inline]
pub fn markup(html: String) -> Markup {
    Markup::from_generated(html)
}

#[inline]
pub fn render<T: Render + ?Sized>(value: &T, out: &mut String) {
    value.render_to(out);
}

/// `@raw(..)`: the named escape hatch.
///
/// While `render_pretty` runs, the content is marked as raw for the pretty
/// printer (out of line: the compact path pays one thread-local read).
#[inline]
pub fn raw<T: AsRef<str> + ?Sized>(out: &mut String, html: &T) {
    if crate::pretty::marking_raw() {
        raw_marked(out, html.as_ref());
    } else {
        out.push_str(html.as_ref());
    }
}

#[cold]
#[inline(never)]
fn raw_marked(out: &mut String, html: &str) {
    out.push(crate::pretty::RAW_START);
    out.push_str(html);
    out.push(crate::pretty::RAW_END);
}

/// `@comment(..)` with a run-time text.
pub fn comment<T: AsRef<str> + ?Sized>(out: &mut String, text: &T) {
    out.push_str("<!-- ");
    out.push_str(&html5::safe_comment(text.as_ref()));
    out.push_str(" -->");
}

/// Format strings: the template is trusted, arguments arrive wrapped in [`Esc`].
pub fn write_fmt(out: &mut String, args: fmt::Arguments<'_>) {
    if crate::pretty::marking_raw() {
        out.push(crate::pretty::FORMAT_MARK);
    }
    // Writing to a String cannot fail.
    let _ = out.write_fmt(args);
}

/// A format argument that escapes what it prints.
pub struct Esc<'a, T: ?Sized>(pub &'a T);

/// Forwards written text to a formatter, HTML-escaped.
struct Escaping<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        filters::escape_fmt(self.0, s)
    }
}

impl<T: fmt::Display + ?Sized> fmt::Display for Esc<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Width and precision are carried over; fill and alignment are not.
        match (f.width(), f.precision()) {
            (None, None) => write!(Escaping(f), "{}", self.0),
            (Some(w), None) => write!(Escaping(f), "{:w$}", self.0),
            (None, Some(p)) => write!(Escaping(f), "{:.p$}", self.0),
            (Some(w), Some(p)) => write!(Escaping(f), "{:w$.p$}", self.0),
        }
    }
}

impl<T: fmt::Debug + ?Sized> fmt::Debug for Esc<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(Escaping(f), "{:#?}", self.0)
        } else {
            write!(Escaping(f), "{:?}", self.0)
        }
    }
}

thread_local! {
    /// How many `section` elements enclose the current point of rendering.
    static SECTIONS: Cell<usize> = const { Cell::new(0) };
}

/// Counts one enclosing `section` while alive.
pub struct SectionGuard(());

impl SectionGuard {
    pub fn enter() -> Self {
        SECTIONS.with(|s| s.set(s.get() + 1));
        SectionGuard(())
    }
}

impl Drop for SectionGuard {
    fn drop(&mut self) {
        SECTIONS.with(|s| s.set(s.get().saturating_sub(1)));
    }
}

/// The current section depth (see [`crate::with_section_depth`]).
pub fn section_depth() -> usize {
    SECTIONS.with(Cell::get)
}

/// Replaces the section depth while `f` runs.
pub fn set_section_depth<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            SECTIONS.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SECTIONS.with(|s| s.replace(depth)));
    f()
}

/// `h*`: 1 plus the enclosing sections, clamped to 1–6.
pub fn heading_level() -> u8 {
    filters::spinneret_rules::heading_level(section_depth())
}

pub fn heading_open(out: &mut String, level: u8) {
    out.push('<');
    out.push_str(filters::spinneret_rules::heading_name(level));
}

pub fn heading_close(out: &mut String, level: u8) {
    out.push_str("</");
    out.push_str(filters::spinneret_rules::heading_name(level));
    out.push('>');
}

/// What `@tag(expr)` takes: a [`TagName`], checked where it was made.
#[diagnostic::on_unimplemented(
    message = "`@tag(..)` takes a `spinneret::TagName`, not `{Self}`",
    label = "a tag name chosen at run time is checked where it is made",
    note = "make it with `spinneret::TagName::parse(name)?` and handle the error there; a string literal (`@tag(\"my-card\")`) is checked at compile time instead"
)]
pub trait DynamicTag {
    fn tag_name(&self) -> &TagName;
}

impl DynamicTag for TagName {
    #[inline]
    fn tag_name(&self) -> &TagName {
        self
    }
}

// Not offered in diagnostics: the message is about the value's own type.
#[diagnostic::do_not_recommend]
impl<T: DynamicTag + ?Sized> DynamicTag for &T {
    #[inline]
    fn tag_name(&self) -> &TagName {
        (**self).tag_name()
    }
}

/// `@tag(expr)`: the [`TagName`] the expression holds.
#[inline]
pub fn dynamic_tag<T: DynamicTag + ?Sized>(tag: &T) -> &TagName {
    tag.tag_name()
}

/// `<name` of a run-time tag.
pub fn tag_open(out: &mut String, tag: &TagName) {
    push(out, "<");
    push(out, tag.name());
}

/// The shorthand classes and id of a run-time tag, first in its attributes.
pub fn tag_attrs(attrs: &mut Attrs, tag: &TagName) {
    shorthand_attrs(attrs, tag.classes(), tag.id());
}

/// The `.class#id` shorthand of a tag chosen at run time (`@tag`, trees)
/// as attributes: the classes, then the id.
pub(crate) fn shorthand_attrs<'a>(
    attrs: &mut Attrs,
    classes: impl IntoIterator<Item = &'a str>,
    id: Option<&str>,
) {
    for class in classes {
        attrs.class(class);
    }
    if let Some(id) = id {
        attrs.set("id", id);
    }
}

/// A run-time `section` counts for `h*` while its content renders.
pub fn tag_section(tag: &TagName) -> Option<SectionGuard> {
    (tag.name() == "section").then(SectionGuard::enter)
}

/// `</name>` of a run-time tag: never void, so always written.
pub fn tag_close(out: &mut String, tag: &TagName) {
    push(out, "</");
    push(out, tag.name());
    push(out, ">");
}

/// `@cdata(..)` with a run-time text.
pub fn cdata<T: AsRef<str> + ?Sized>(out: &mut String, text: &T) {
    html5::write_cdata(out, text.as_ref());
}

/// Opens a token-list attribute; returns where its value starts.
pub fn tokens_open(out: &mut String, prefix: &str) -> usize {
    out.push_str(prefix);
    out.len()
}

/// Adds one (escaped) token unless present.
pub fn token(out: &mut String, start: usize, token: &str) {
    let present = out.get(start..).unwrap_or_default().split(' ');
    if !filters::spinneret_rules::token_is_new(present, token) {
        return;
    }
    if out.len() > start {
        out.push(' ');
    }
    out.push_str(token);
}

/// Adds the tokens of a rendered value, skipping those already present.
pub fn token_value<T: Render + ?Sized>(out: &mut String, start: usize, value: &T) {
    let mark = out.len();
    value.render_to(out);
    let added = out.get(mark..).unwrap_or_default().to_string();
    out.truncate(mark);
    for piece in added.split_whitespace() {
        token(out, start, piece);
    }
}

/// Closes a token-list attribute, removing it when it stayed empty.
pub fn tokens_close(out: &mut String, start: usize, prefix_len: usize) {
    if out.len() == start {
        out.truncate(start - prefix_len);
    } else {
        out.push('"');
    }
}

/// True when an inserted space may go at the end of `out`: something was
/// written since `start`, and what ends `out` takes a space after it (the
/// rulebook's [`space_between`](rules::space_between), the next item unknown).
fn space_wanted(out: &str, start: usize) -> bool {
    // While `render_pretty` runs, raw content and format strings carry
    // marks: the decision is made on what the compact output would hold.
    let out = out.trim_end_matches(crate::pretty::is_mark);
    out.len() > start && rules::space_between(rules::side_before(out), Side::Unknown) != Some(false)
}

/// An inserted space before an item that starts with a known letter.
pub fn space(out: &mut String, start: usize) {
    if space_wanted(out, start) {
        out.push(' ');
    }
}

/// An inserted space before an item whose first character is not known yet.
pub fn space_open(out: &mut String, start: usize) -> Option<usize> {
    space_wanted(out, start).then(|| {
        out.push(' ');
        out.len() - 1
    })
}

/// The position of a space just written statically.
pub fn space_pushed(out: &str) -> Option<usize> {
    Some(out.len() - 1)
}

/// Removes the inserted space at `at` if the item after it wrote nothing or
/// starts with punctuation or whitespace.
#[inline]
pub fn space_check(out: &mut String, at: Option<usize>) {
    let Some(at) = at else { return };
    if space_unwanted(out, at) {
        // By value, as in `push`: keeps the common case free of calls that
        // take the buffer's address.
        *out = without_space(std::mem::take(out), at);
    }
}

/// True when the inserted space at `at` must go: by the rulebook's
/// [`space_between`](rules::space_between), what follows it (nothing, a tag,
/// punctuation or whitespace) takes no space before it.
fn space_unwanted(out: &str, at: usize) -> bool {
    // Past the marks `render_pretty` writes before raw content and format
    // strings, as in the compact output.
    let rest = out.get(at + 1..).unwrap_or_default();
    let next = rules::side_after(rest.trim_start_matches(crate::pretty::is_mark));
    rules::space_between(Side::Unknown, next) == Some(false)
}

/// `out` without its byte at `at` (an inserted space, so a char boundary).
#[cold]
#[inline(never)]
fn without_space(mut out: String, at: usize) -> String {
    if at < out.len() {
        out.remove(at);
    }
    out
}

/// Holds an attribute value for autoref dispatch: [`AttrValue`] types are
/// used as such, any other [`Render`] type is written quoted.
pub struct AttrWrap<'a, T: ?Sized>(pub &'a T);

pub trait AttrByValue {
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool);
    fn set_in(&self, attrs: &mut Attrs, name: &str);
}

impl<T: AttrValue + ?Sized> AttrByValue for AttrWrap<'_, T> {
    #[inline]
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool) {
        self.0.write_attr(out, prefix, boolean);
    }

    fn set_in(&self, attrs: &mut Attrs, name: &str) {
        attrs.set(name, self.0);
    }
}

pub trait AttrByRender {
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool);
    fn set_in(&self, attrs: &mut Attrs, name: &str);
}

/// A [`Render`] value as an [`AttrValue`].
struct Rendered<'a, T: ?Sized>(&'a T);

impl<T: Render + ?Sized> AttrValue for Rendered<'_, T> {
    fn write_attr(&self, out: &mut String, prefix: &str, _boolean: bool) {
        out.push_str(prefix);
        out.push_str("=\"");
        self.0.render_to(out);
        out.push('"');
    }
}

impl<T: Render + ?Sized> AttrByRender for &AttrWrap<'_, T> {
    #[inline]
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool) {
        Rendered(self.0).write_attr(out, prefix, boolean);
    }

    fn set_in(&self, attrs: &mut Attrs, name: &str) {
        attrs.set(name, Rendered(self.0));
    }
}

/// Requires `Render` of a spliced value, so that a type that cannot be
/// spliced gets `Render`'s message (implement it, or splice a field).
#[inline(always)]
pub fn must_render<T: Render + ?Sized>(_: &T) {}

/// Holds a spliced value for autoref dispatch: integers and text take the
/// direct paths below (digits without a `memcpy` call, short clean text
/// inline), everything else goes through [`Render`].
pub struct Splice<'a, T: ?Sized>(pub &'a T);

pub trait SpliceDirect {
    fn splice(&self, out: &mut String);
    /// Splices after text that takes a space after it: writes the space
    /// first when the value's first character takes one.
    fn splice_spaced(&self, out: &mut String);
}

pub trait SpliceByRender {
    fn splice(&self, out: &mut String);
    fn splice_spaced(&self, out: &mut String);
}

/// Pushes the decimal digits of `n`: fixed-size copies below 10,000, by
/// the rule `filters::digits` keeps for djula and spinneret (pushing
/// itoa's buffer costs a `memcpy` call of unknown length, a fifth of a
/// big-table cell).
#[inline(always)]
fn push_u64(out: &mut String, n: u64) {
    filters::digits::write_u64_with(n, |piece| push(out, piece));
}

/// True when a space goes before an integer spliced after text that takes
/// one: by the rulebook, digits and `-` take a space before them.
#[inline(always)]
fn int_takes_space(negative: bool) -> bool {
    let first = if negative { '-' } else { '0' };
    rules::space_between(Side::Unknown, Side::Char(first)) != Some(false)
}

/// How each integer type reaches [`push_u64`] (or itoa, for 128 bits).
trait SpliceInt: Copy {
    fn push_to(self, out: &mut String);
    /// True below zero: the text starts with `-`.
    fn negative(self) -> bool;
}

macro_rules! splice_unsigned {
    ($($int:ty)*) => {$(
        impl SpliceInt for $int {
            #[inline(always)]
            fn push_to(self, out: &mut String) {
                // Lossless: at most 64 bits.
                push_u64(out, self as u64);
            }

            #[inline(always)]
            fn negative(self) -> bool {
                false
            }
        }
    )*};
}
splice_unsigned!(u8 u16 u32 u64 usize);

macro_rules! splice_signed {
    ($($int:ty)*) => {$(
        impl SpliceInt for $int {
            #[inline(always)]
            fn push_to(self, out: &mut String) {
                if self < 0 {
                    push(out, "-");
                }
                // Lossless: at most 64 bits.
                push_u64(out, self.unsigned_abs() as u64);
            }

            #[inline(always)]
            fn negative(self) -> bool {
                self < 0
            }
        }
    )*};
}
splice_signed!(i8 i16 i32 i64 isize);

impl SpliceInt for u128 {
    #[inline(always)]
    fn push_to(self, out: &mut String) {
        push(out, itoa::Buffer::new().format(self));
    }

    #[inline(always)]
    fn negative(self) -> bool {
        false
    }
}

impl SpliceInt for i128 {
    #[inline(always)]
    fn push_to(self, out: &mut String) {
        push(out, itoa::Buffer::new().format(self));
    }

    #[inline(always)]
    fn negative(self) -> bool {
        self < 0
    }
}

/// An integer after text that takes a space: the space, then the digits.
#[inline(always)]
fn splice_int_spaced<T: SpliceInt>(out: &mut String, n: T) {
    if int_takes_space(n.negative()) {
        push(out, " ");
    }
    n.push_to(out);
}

macro_rules! splice_ints {
    ($($int:ty)*) => {$(
        impl SpliceDirect for Splice<'_, $int> {
            #[inline]
            fn splice(&self, out: &mut String) {
                self.0.push_to(out);
            }

            #[inline]
            fn splice_spaced(&self, out: &mut String) {
                splice_int_spaced(out, *self.0);
            }
        }
        impl SpliceDirect for Splice<'_, &$int> {
            #[inline]
            fn splice(&self, out: &mut String) {
                (**self.0).push_to(out);
            }

            #[inline]
            fn splice_spaced(&self, out: &mut String) {
                splice_int_spaced(out, **self.0);
            }
        }
    )*};
}
splice_ints!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

macro_rules! splice_texts {
    ($($text:ty)*) => {$(
        impl SpliceDirect for Splice<'_, $text> {
            #[inline]
            fn splice(&self, out: &mut String) {
                splice_text(out, self.0);
            }

            #[inline]
            fn splice_spaced(&self, out: &mut String) {
                if text_takes_space(self.0) {
                    push(out, " ");
                }
                splice_text(out, self.0);
            }
        }
    )*};
}
splice_texts!(String &String str &str &&str);

impl<T: Render + ?Sized> SpliceByRender for &Splice<'_, T> {
    #[inline]
    fn splice(&self, out: &mut String) {
        self.0.render_to(out);
    }

    /// The space first, taken back after the value is written if what it
    /// wrote takes none ([`space_check`]).
    #[inline]
    fn splice_spaced(&self, out: &mut String) {
        push(out, " ");
        let at = space_pushed(out);
        self.0.render_to(out);
        space_check(out, at);
    }
}

/// True when a space goes before `text` spliced after text that takes one:
/// by the rulebook, on the first character it writes (an escaped one is
/// written as an entity, starting with `&`).
#[inline]
fn text_takes_space(text: &str) -> bool {
    let first = match text.chars().next() {
        None => Side::Nothing,
        Some(c) if filters::needs_escape(c.encode_utf8(&mut [0; 4])) => Side::Char('&'),
        Some(c) => Side::Char(c),
    };
    rules::space_between(Side::Unknown, first) != Some(false)
}
