//! [`Safe`]: text that is already HTML, Django's `SafeString`.

use std::fmt;
use std::ops::{Add, AddAssign};

use crate::escape::escape_into;
use crate::render::Render;

/// Text that is already valid, escaped HTML: Django's `SafeString`
/// (`mark_safe`), maud's `PreEscaped`.
///
/// A `Safe` value is written as is, never escaped a second time. Building a
/// `Safe<String>` from pieces escapes only the pieces that are not safe
/// themselves, exactly as Django's `SafeString + str` does:
///
/// ```
/// use djula_filters::Safe;
///
/// let mut html = Safe::mark(String::from("<b>"));
/// html += "Tom & Jerry";          // plain text: escaped
/// html += Safe::mark("</b>");     // safe: copied
/// assert_eq!(html.as_str(), "<b>Tom &amp; Jerry</b>");
///
/// let twice = Safe::escape("<x>");
/// assert_eq!((Safe::default() + twice).as_str(), "&lt;x&gt;");
/// ```
///
/// Only mark text safe when you know it is HTML you trust: `Safe::mark` is
/// the one door through which unescaped output enters a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Safe<T = String>(T);

impl<T> Safe<T> {
    /// Marks `html` as safe, trusted HTML (Django's `mark_safe`).
    ///
    /// ```
    /// assert_eq!(djula_filters::Safe::mark("<br>").as_str(), "<br>");
    /// ```
    pub const fn mark(html: T) -> Self {
        Safe(html)
    }

    /// Gives back the wrapped value.
    ///
    /// ```
    /// let s: String = djula_filters::Safe::mark(String::from("<i>")).into_inner();
    /// assert_eq!(s, "<i>");
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: AsRef<str>> Safe<T> {
    /// The HTML text.
    ///
    /// ```
    /// assert_eq!(djula_filters::Safe::mark("&amp;").as_str(), "&amp;");
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

impl Safe<String> {
    /// An empty safe string with room for `capacity` bytes.
    ///
    /// ```
    /// assert!(djula_filters::Safe::with_capacity(16).as_str().is_empty());
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Safe(String::with_capacity(capacity))
    }

    /// Escapes plain `text` into a safe string (Django's `escape`).
    ///
    /// ```
    /// assert_eq!(djula_filters::Safe::escape("a<b").as_str(), "a&lt;b");
    /// ```
    pub fn escape(text: &str) -> Self {
        let mut out = Self::with_capacity(text.len());
        out.push_text(text);
        out
    }

    /// Appends plain text, escaping it.
    ///
    /// ```
    /// let mut s = djula_filters::Safe::default();
    /// s.push_text("\"q\"");
    /// assert_eq!(s.as_str(), "&quot;q&quot;");
    /// ```
    pub fn push_text(&mut self, text: &str) {
        escape_into(&mut self.0, text);
    }

    /// Appends text that is already safe, unchanged.
    ///
    /// ```
    /// let mut s = djula_filters::Safe::default();
    /// s.push_safe(&djula_filters::Safe::mark("<hr>"));
    /// assert_eq!(s.as_str(), "<hr>");
    /// ```
    pub fn push_safe<U: AsRef<str>>(&mut self, html: &Safe<U>) {
        self.0.push_str(html.as_str());
    }

    /// Appends any value that renders itself as HTML.
    ///
    /// ```
    /// let mut s = djula_filters::Safe::default();
    /// s.push_render(&42);
    /// s.push_render(&"<");
    /// assert_eq!(s.as_str(), "42&lt;");
    /// ```
    pub fn push_render<R: Render + ?Sized>(&mut self, value: &R) {
        value.render_to(&mut self.0);
    }
}

impl<T: AsRef<str>> fmt::Display for Safe<T> {
    /// Writes the HTML as is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: AsRef<str>> AsRef<str> for Safe<T> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<Safe<String>> for String {
    fn from(safe: Safe<String>) -> String {
        safe.0
    }
}

impl Add<&str> for Safe<String> {
    type Output = Safe<String>;
    /// Safe + plain text: the text is escaped.
    fn add(mut self, text: &str) -> Safe<String> {
        self.push_text(text);
        self
    }
}

impl<U: AsRef<str>> Add<Safe<U>> for Safe<String> {
    type Output = Safe<String>;
    /// Safe + safe: copied as is.
    fn add(mut self, html: Safe<U>) -> Safe<String> {
        self.push_safe(&html);
        self
    }
}

impl AddAssign<&str> for Safe<String> {
    fn add_assign(&mut self, text: &str) {
        self.push_text(text);
    }
}

impl<U: AsRef<str>> AddAssign<Safe<U>> for Safe<String> {
    fn add_assign(&mut self, html: Safe<U>) {
        self.push_safe(&html);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_is_never_escaped_twice() {
        let once = Safe::escape("<a href=\"x\">");
        let mut out = String::new();
        once.render_to(&mut out);
        assert_eq!(out, "&lt;a href=&quot;x&quot;&gt;");
        let again = Safe::default() + once;
        assert_eq!(again.as_str(), "&lt;a href=&quot;x&quot;&gt;");
    }

    #[test]
    fn mixing_escapes_only_the_unsafe_part() {
        let s = Safe::mark(String::from("<p>")) + "x<y" + Safe::mark("</p>") + "'";
        assert_eq!(s.as_str(), "<p>x&lt;y</p>&#x27;");
    }

    #[test]
    fn display_writes_raw_html() {
        assert_eq!(Safe::mark("<br>").to_string(), "<br>");
    }

    #[test]
    fn non_ascii_survives_mixing() {
        let s = Safe::mark(String::from("«")) + "日本 & 🎉";
        assert_eq!(s.as_str(), "«日本 &amp; 🎉");
    }
}
