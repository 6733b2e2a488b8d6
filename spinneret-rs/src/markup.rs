//! [`Markup`]: the safe HTML a template produces.

use std::fmt;

use filters::{Render, Safe};

/// HTML built by [`html!`](crate::html) or [`with_page!`](crate::with_page):
/// safe, already escaped, never escaped again when spliced into more markup.
///
/// ```
/// use spinneret::{html, Markup};
///
/// let name = "<Tom>";
/// let greeting: Markup = html! { b { (name) } };
/// let page = html! { p { (greeting) } };          // not escaped twice
/// assert_eq!(page.as_str(), "<p><b>&lt;Tom&gt;</b></p>");
/// assert_eq!(page.to_string(), "<p><b>&lt;Tom&gt;</b></p>");   // Display
/// let text: String = page.into();                               // Into<String>
/// assert_eq!(text, "<p><b>&lt;Tom&gt;</b></p>");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Markup(String);

impl Markup {
    /// Wraps HTML produced by the macros. Not public: raw HTML enters only
    /// through `@raw(..)` or `filters::Safe::mark`.
    pub(crate) fn from_generated(html: String) -> Self {
        Markup(html)
    }

    /// The HTML text.
    ///
    /// ```
    /// assert_eq!(spinneret::html! { br; }.as_str(), "<br>");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The HTML text, by value.
    ///
    /// ```
    /// let s: String = spinneret::html! { hr; }.into_string();
    /// assert_eq!(s, "<hr>");
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }

    /// True when no HTML was produced.
    ///
    /// ```
    /// assert!(spinneret::html! { (None::<&str>) }.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same HTML, indented for people to read in Spinneret's human
    /// style. See the [`pretty` module](mod@crate::pretty) for the rules; this reads the
    /// finished HTML back, so `@raw(..)` content cannot be told from the
    /// rest: [`render_pretty`](crate::render_pretty) keeps it untouched.
    ///
    /// ```
    /// let page = spinneret::html! { ul { li { "one" } li { "two" } } };
    /// assert_eq!(page.to_pretty(), "<ul>\n <li>one\n <li>two\n</ul>");
    /// ```
    pub fn to_pretty(&self) -> String {
        crate::pretty::pretty(&self.0)
    }
}

impl Render for Markup {
    /// Copies the HTML as is: markup is never escaped twice.
    #[inline]
    fn render_to(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

impl fmt::Display for Markup {
    /// Writes the HTML as is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Markup {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Markup> for String {
    fn from(markup: Markup) -> String {
        markup.0
    }
}

impl From<Markup> for Safe<String> {
    /// A `Markup` is safe HTML, so it is a `filters::Safe` too.
    fn from(markup: Markup) -> Safe<String> {
        Safe::mark(markup.0)
    }
}

impl<T: AsRef<str>> From<Safe<T>> for Markup {
    /// Safe HTML from `filters` (for example a filter's output) as `Markup`.
    fn from(safe: Safe<T>) -> Markup {
        Markup(safe.as_str().to_string())
    }
}
