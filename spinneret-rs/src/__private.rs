//! Run-time helpers the macros expand to. Not a public API: the names and
//! signatures change whenever the code generator needs them to.

use std::cell::Cell;
use std::fmt::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use filters::Render;

use crate::attrs::{AttrValue, Attrs};
use crate::html5;
use crate::Markup;

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

#[inline]
pub fn markup(html: String) -> Markup {
    Markup::from_generated(html)
}

#[inline]
pub fn render<T: Render + ?Sized>(value: &T, out: &mut String) {
    value.render_to(out);
}

/// `@raw(..)`: the named escape hatch.
#[inline]
pub fn raw<T: AsRef<str> + ?Sized>(out: &mut String, html: &T) {
    out.push_str(html.as_ref());
}

/// `@comment(..)` with a run-time text.
pub fn comment<T: AsRef<str> + ?Sized>(out: &mut String, text: &T) {
    out.push_str("<!-- ");
    out.push_str(&html5::safe_comment(text.as_ref()));
    out.push_str(" -->");
}

/// Format strings: the template is trusted, arguments arrive wrapped in [`Esc`].
pub fn write_fmt(out: &mut String, args: fmt::Arguments<'_>) {
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
    // Clamped to 1..=6, so the cast cannot truncate.
    (section_depth() + 1).clamp(1, 6) as u8
}

pub fn heading_open(out: &mut String, level: u8) {
    out.push_str("<h");
    out.push(char::from(b'0' + level));
}

pub fn heading_close(out: &mut String, level: u8) {
    out.push_str("</h");
    out.push(char::from(b'0' + level));
    out.push('>');
}

/// `@tag(name)`: the name if HTML5 allows it (custom elements included, no
/// `script`/`style`, no void element with content), `div` otherwise.
pub fn tag_name<T: AsRef<str> + ?Sized>(name: &T, has_body: bool) -> &str {
    let name = name.as_ref();
    if crate::tag_name_allowed(name) && !(has_body && html5::is_void(name)) {
        name
    } else {
        "div"
    }
}

pub fn tag_close(out: &mut String, name: &str) {
    if !html5::is_void(name) {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// Opens a token-list attribute; returns where its value starts.
pub fn tokens_open(out: &mut String, prefix: &str) -> usize {
    out.push_str(prefix);
    out.len()
}

fn has_token(out: &str, start: usize, token: &str) -> bool {
    out.get(start..)
        .unwrap_or_default()
        .split(' ')
        .any(|t| t == token)
}

/// Adds one (escaped) token unless present.
pub fn token(out: &mut String, start: usize, token: &str) {
    if token.is_empty() || has_token(out, start, token) {
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

fn space_wanted(out: &str, start: usize) -> bool {
    out.len() > start
        && out.chars().next_back().is_some_and(html5::space_after)
        && !ends_with_block_tag(out)
}

/// The name of the tag `html` starts with (`<div ...` or `</div>`), if any.
fn tag_at(html: &str) -> Option<&str> {
    let rest = html.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest.get(..end)
}

/// True when `out` ends with the tag of a block element: no space after it.
fn ends_with_block_tag(out: &str) -> bool {
    out.ends_with('>')
        && out
            .rfind('<')
            .and_then(|at| out.get(at..))
            .and_then(tag_at)
            .is_some_and(|name| !html5::is_spaced(name))
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
pub fn space_check(out: &mut String, at: Option<usize>) {
    let Some(at) = at else { return };
    match out.get(at + 1..).and_then(|rest| rest.chars().next()) {
        None => out.truncate(at),
        Some(next) if !html5::space_before(next) => {
            out.remove(at);
        }
        Some('<')
            if out
                .get(at + 1..)
                .and_then(tag_at)
                .is_some_and(|name| !html5::is_spaced(name)) =>
        {
            out.remove(at);
        }
        Some(_) => {}
    }
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

/// Holds a spliced value for autoref dispatch: integers take a short path
/// that pushes their digits without a `memcpy` call, everything else goes
/// through [`Render`].
pub struct Splice<'a, T: ?Sized>(pub &'a T);

pub trait SpliceByInt {
    fn splice(&self, out: &mut String);
}

pub trait SpliceByRender {
    fn splice(&self, out: &mut String);
}

/// Digits pushed one by one: for the 1–5 digit numbers tables are full of,
/// this beats copying itoa's buffer with a `memcpy` call.
#[inline]
fn push_digits(out: &mut String, digits: &str) {
    out.push_str(digits);
}

macro_rules! splice_ints {
    ($($int:ty)*) => {$(
        impl SpliceByInt for Splice<'_, $int> {
            #[inline]
            fn splice(&self, out: &mut String) {
                push_digits(out, itoa::Buffer::new().format(*self.0));
            }
        }
        impl SpliceByInt for Splice<'_, &$int> {
            #[inline]
            fn splice(&self, out: &mut String) {
                push_digits(out, itoa::Buffer::new().format(**self.0));
            }
        }
    )*};
}
splice_ints!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

impl<T: Render + ?Sized> SpliceByRender for &Splice<'_, T> {
    #[inline]
    fn splice(&self, out: &mut String) {
        self.0.render_to(out);
    }
}
