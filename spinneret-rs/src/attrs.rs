//! Attribute values ([`AttrValue`]) and run-time attribute lists ([`Attrs`]).

use std::borrow::Cow;

use filters::spinneret_rules::add_token;
use filters::{Render, Safe};

use crate::html5;
use crate::Markup;

/// A value that can stand after `name=` in an element head.
///
/// `bool` drives presence on boolean attributes (`checked=(done)`). On the
/// others `true` is written `"true"` and `false` drops the attribute, as
/// Spinneret treats Lisp's `t` and `nil` (write `"false"` as text where
/// the attribute needs it: `aria-expanded=(if open { "true" } else {
/// "false" })`); `Option` drops the attribute on `None`; text is escaped
/// for a double-quoted value. Any other type implementing [`Render`]
/// works too.
///
/// ```
/// use spinneret::html;
///
/// let done = true;
/// let title: Option<&str> = None;
/// let (open, live) = (false, true);
/// assert_eq!(
///     html! { input type="checkbox" checked=(done) title=(title) data-open=(open) data-live=(live); }.as_str(),
///     r#"<input type="checkbox" checked data-live="true">"#
/// );
/// ```
pub trait AttrValue {
    /// Appends ` name="value"` (`prefix` is ` name`), just ` name`, or
    /// nothing. `boolean` tells whether the attribute is a boolean one.
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool);
}

fn quoted<R: Render + ?Sized>(out: &mut String, prefix: &str, value: &R) {
    out.push_str(prefix);
    out.push_str("=\"");
    value.render_to(out);
    out.push('"');
}

macro_rules! attr_via_render {
    ($($ty:ty)*) => {$(
        impl AttrValue for $ty {
            #[inline]
            fn write_attr(&self, out: &mut String, prefix: &str, _boolean: bool) {
                quoted(out, prefix, self);
            }
        }
    )*};
}
attr_via_render!(str String char i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 Markup);

impl AttrValue for Cow<'_, str> {
    fn write_attr(&self, out: &mut String, prefix: &str, _boolean: bool) {
        quoted(out, prefix, self);
    }
}

impl<T: AsRef<str>> AttrValue for Safe<T> {
    fn write_attr(&self, out: &mut String, prefix: &str, _boolean: bool) {
        quoted(out, prefix, self);
    }
}

/// Spinneret's rule for `t` and `nil` (`format-attributes-with` and
/// `format-attribute-value` in its run.lisp): `nil` drops any attribute,
/// `t` is a boolean attribute's presence or the text `true`.
impl AttrValue for bool {
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool) {
        match (boolean, *self) {
            (_, false) => {}
            (true, true) => out.push_str(prefix),
            (false, true) => {
                out.push_str(prefix);
                out.push_str("=\"true\"");
            }
        }
    }
}

impl<T: AttrValue> AttrValue for Option<T> {
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool) {
        if let Some(value) = self {
            value.write_attr(out, prefix, boolean);
        }
    }
}

impl<T: AttrValue + ?Sized> AttrValue for &T {
    #[inline]
    fn write_attr(&self, out: &mut String, prefix: &str, boolean: bool) {
        (**self).write_attr(out, prefix, boolean);
    }
}

/// One attribute of an [`Attrs`] list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    /// A token list (`class`, `rel`): escaped tokens, de-duplicated.
    Tokens(String, Vec<String>),
    /// Any other attribute, already written as ` name="value"` or ` name`.
    Written(String, String),
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::Tokens(name, _) | Entry::Written(name, _) => name,
        }
    }
}

/// Attributes gathered at run time: what a component receives for the
/// attributes it passes through, and what `..(list)` spreads.
///
/// It follows Spinneret's rules: `class` and `rel` (and the other token
/// lists) merge and de-duplicate, the leftmost value wins for any other
/// name, `None` values are dropped, names that cannot be attribute names are
/// skipped.
///
/// ```
/// use spinneret::{html, Attrs};
///
/// let mut attrs = Attrs::new();
/// attrs.class("card");
/// attrs.set("id", "main");
/// attrs.set("id", "ignored");                   // leftmost wins
/// attrs.extend([("class", "wide card"), ("data-x", "1")]);
/// assert_eq!(html! { div ..(attrs) { } }.as_str(), r#"<div class="card wide" id="main" data-x="1"></div>"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attrs {
    entries: Vec<Entry>,
}

impl Attrs {
    /// An empty list.
    ///
    /// ```
    /// assert!(spinneret::Attrs::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Attrs::default()
    }

    /// True when the list holds no attribute.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.set("title", None::<&str>);
    /// assert!(attrs.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds class names (space-separated), skipping those already present.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.class("a b");
    /// attrs.class("b c");
    /// assert_eq!(attrs.get("class").as_deref(), Some("a b c"));
    /// ```
    pub fn class(&mut self, names: &str) {
        self.tokens("class", names);
    }

    fn tokens(&mut self, name: &str, values: &str) {
        if let Some(tokens) = self.token_list(name) {
            for token in values.split_whitespace() {
                add_token(tokens, filters::escape(token));
            }
        }
    }

    /// The tokens of the token list `name`, added last if absent; `None`
    /// when `name` was set as a plain attribute first.
    fn token_list(&mut self, name: &str) -> Option<&mut Vec<String>> {
        let index = match self.entries.iter().position(|e| e.name() == name) {
            Some(index) => index,
            None => {
                self.entries
                    .push(Entry::Tokens(name.to_string(), Vec::new()));
                self.entries.len() - 1
            }
        };
        match self.entries.get_mut(index) {
            Some(Entry::Tokens(_, tokens)) => Some(tokens),
            _ => None,
        }
    }

    /// Sets an attribute unless it is already set (leftmost wins); token
    /// lists (`class`, `rel`, …) merge instead.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.set("hidden", true);
    /// attrs.set("title", "a \"quote\"");
    /// attrs.set("rel", "noopener");
    /// attrs.set("rel", "noreferrer noopener");
    /// assert_eq!(
    ///     spinneret::html! { a href="/" ..(attrs) { "x" } }.as_str(),
    ///     r#"<a href="/" hidden title="a &quot;quote&quot;" rel="noopener noreferrer">x</a>"#
    /// );
    /// ```
    pub fn set<V: AttrValue>(&mut self, name: &str, value: V) {
        if !html5::is_valid_attribute_name(name) {
            return;
        }
        if html5::TOKEN_LIST_ATTRIBUTES.contains(&name) {
            // Written with an empty name, the value is `="..."`, escaped.
            let mut text = String::new();
            value.write_attr(&mut text, "", false);
            let escaped = text
                .strip_prefix("=\"")
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or_default();
            if let Some(tokens) = self.token_list(name) {
                for token in escaped.split_whitespace() {
                    add_token(tokens, token);
                }
            }
            return;
        }
        if self.entries.iter().any(|e| e.name() == name) {
            return;
        }
        let mut written = String::new();
        let prefix = format!(" {name}");
        value.write_attr(
            &mut written,
            &prefix,
            html5::BOOLEAN_ATTRIBUTES.contains(&name),
        );
        if !written.is_empty() {
            self.entries.push(Entry::Written(name.to_string(), written));
        }
    }

    /// True when `name` is set.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.set("lang", "fr");
    /// assert!(attrs.contains("lang"));
    /// ```
    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name() == name)
    }

    /// The value of `name` as written in HTML (escaped), if set; a boolean
    /// attribute gives an empty string.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.set("title", "a<b");
    /// assert_eq!(attrs.get("title").as_deref(), Some("a&lt;b"));
    /// ```
    pub fn get(&self, name: &str) -> Option<String> {
        self.entries
            .iter()
            .find(|e| e.name() == name)
            .map(|e| match e {
                Entry::Tokens(_, tokens) => tokens.join(" "),
                Entry::Written(name, written) => written
                    .get(name.len() + 1..)
                    .unwrap_or_default()
                    .trim_start_matches("=\"")
                    .trim_end_matches('"')
                    .to_string(),
            })
    }

    /// Adds every `(name, value)` pair of a list, with the rules of
    /// [`Attrs::set`]. Another `Attrs` can be spread too.
    ///
    /// ```
    /// let mut attrs = spinneret::Attrs::new();
    /// attrs.extend(vec![("data-id", 7)]);
    /// assert_eq!(attrs.get("data-id").as_deref(), Some("7"));
    /// ```
    pub fn extend<S: Spread>(&mut self, spread: S) {
        spread.spread_into(self);
    }

    fn merge(&mut self, entry: Entry) {
        match entry {
            Entry::Tokens(name, tokens) => {
                // The tokens are escaped already: merge them as they are.
                if let Some(mine) = self.token_list(&name) {
                    for token in tokens {
                        add_token(mine, token);
                    }
                }
            }
            Entry::Written(name, written) => {
                if !self.contains(&name) {
                    self.entries.push(Entry::Written(name, written));
                }
            }
        }
    }
}

impl Render for Attrs {
    /// Writes the attributes, each with a leading space.
    fn render_to(&self, out: &mut String) {
        for entry in &self.entries {
            match entry {
                Entry::Tokens(_, tokens) if tokens.is_empty() => {}
                Entry::Tokens(name, tokens) => {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    for (i, token) in tokens.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str(token);
                    }
                    out.push('"');
                }
                Entry::Written(_, written) => out.push_str(written),
            }
        }
    }
}

/// What `..(list)` accepts in an element head: an [`Attrs`], or any list of
/// `(name, value)` pairs whose values are [`AttrValue`]s.
///
/// ```
/// use std::collections::BTreeMap;
/// let extra = BTreeMap::from([("hx-get", "/items"), ("hx-target", "#list")]);
/// assert_eq!(
///     spinneret::html! { button ..(&extra) { "Load" } }.as_str(),
///     r##"<button hx-get="/items" hx-target="#list">Load</button>"##
/// );
/// ```
pub trait Spread {
    /// Adds the attributes to `attrs`.
    fn spread_into(self, attrs: &mut Attrs);
}

impl Spread for Attrs {
    fn spread_into(self, attrs: &mut Attrs) {
        for entry in self.entries {
            attrs.merge(entry);
        }
    }
}

impl Spread for &Attrs {
    fn spread_into(self, attrs: &mut Attrs) {
        for entry in &self.entries {
            attrs.merge(entry.clone());
        }
    }
}

/// Spinneret's `:dataset` group: each `(name, value)` pair becomes the
/// attribute `data-name`. Spread it into a tag with `..(dataset(pairs))`.
///
/// ```
/// use spinneret::{dataset, html};
/// let page = html! { p ..(dataset([("duck", "dolomphious"), ("spoon", "runcible")])) { "x" } };
/// assert_eq!(page.as_str(), r#"<p data-duck="dolomphious" data-spoon="runcible">x</p>"#);
/// ```
pub fn dataset<I>(pairs: I) -> Dataset<I> {
    Dataset(pairs)
}

/// Attributes named `data-…` from pairs: see [`dataset`].
#[derive(Debug, Clone)]
pub struct Dataset<I>(I);

impl<I, K, V> Spread for Dataset<I>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AttrValue,
{
    fn spread_into(self, attrs: &mut Attrs) {
        for (name, value) in self.0 {
            attrs.set(&format!("data-{}", name.as_ref()), value);
        }
    }
}

impl<I, K, V> Spread for I
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AttrValue,
{
    fn spread_into(self, attrs: &mut Attrs) {
        for (name, value) in self {
            attrs.set(name.as_ref(), value);
        }
    }
}
