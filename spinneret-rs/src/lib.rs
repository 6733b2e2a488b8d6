//! HTML written as Rust code, in the spirit of Common Lisp's Spinneret.
//!
//! [`html!`] turns a tree of elements into [`Markup`] (safe HTML) at compile
//! time: every run of static HTML becomes one string literal, every spliced
//! value is escaped through the shared [`filters`] core, and the page is
//! checked against HTML5 before it can run. [`with_page!`] writes a whole
//! HTML5 document. The syntax borrows maud's braces; the behaviour follows
//! Spinneret (automatic spaces, `h*`, `lang` and `charset` defaults, token
//! merging, components that pass attributes through).
//!
//! ```
//! use spinneret::html;
//!
//! let user = "Ada";
//! let list = ["milk", "eggs & bread"];
//! let page = html! {
//!     section.list {
//!         ("{}, here is your shopping list:", user)
//!         ol { for item in list { li { (item) } } }
//!     }
//! };
//! assert_eq!(
//!     page.as_str(),
//!     r#"<section class="list">Ada, here is your shopping list:<ol><li>milk</li><li>eggs &amp; bread</li></ol></section>"#
//! );
//! ```
//!
//! # Syntax reference
//!
//! One rule per heading, each with its example.
//!
//! ## Elements and nesting
//! An element is its name and its content in braces. Void elements (`br`,
//! `img`, `input`, `meta`, …) end with `;`; another element ending with `;`
//! is written empty.
//! ```
//! # use spinneret::html;
//! assert_eq!(html! { div { p { "a" } br; span; } }.as_str(), "<div><p>a</p><br><span></span></div>");
//! ```
//!
//! ## Text
//! String literals are escaped at compile time; number, char and bool
//! literals are written as text (floats as Python prints them, like spliced
//! floats).
//! ```
//! # use spinneret::html;
//! assert_eq!(html! { p { "Tom & Jerry" 42 } }.as_str(), "<p>Tom &amp; Jerry 42</p>");
//! ```
//!
//! ## Spliced values
//! `(expr)` writes any value implementing [`Render`]: text is escaped,
//! numbers printed, `None` writes nothing, [`Markup`] and [`Safe`] are
//! copied without a second escape.
//! ```
//! # use spinneret::html;
//! let name = "<script>";
//! let missing: Option<&str> = None;
//! let bold = html! { b { "safe" } };
//! assert_eq!(
//!     html! { p { (name) (missing) (bold) (1.5) } }.as_str(),
//!     "<p>&lt;script&gt;<b>safe</b> 1.5</p>"
//! );
//! ```
//!
//! ## Format strings
//! `("template", args…)` is Spinneret's `("~A, here is your list" name)`:
//! the template is trusted markup written by the programmer, every argument
//! (positional, named, or captured as `{name}`) is escaped. Width and
//! precision work (`{:.2}`); write `{{` for a literal brace.
//! ```
//! # use spinneret::html;
//! let name = "<Bob>";
//! assert_eq!(
//!     html! { p { ("{}, you owe {:.2} <em>today</em>", name, 3.14159) } }.as_str(),
//!     "<p>&lt;Bob&gt;, you owe 3.14 <em>today</em></p>"
//! );
//! assert_eq!(html! { p { ("Hi {name}!") } }.as_str(), "<p>Hi &lt;Bob&gt;!</p>");
//! ```
//!
//! ## Automatic spaces
//! As in Spinneret, text that follows text or an inline element gets a
//! space before it, so `p { "Hello" (name) }` reads `Hello John`.
//! Spinneret writes its pending space only before text: never before an
//! element (`"hello" a { } "there"` gives `hello<a></a> there`). No space
//! goes before text starting with punctuation (`. , ; : ! ? ) ] } ' %`) or
//! whitespace, after text ending in whitespace or an opening bracket, after
//! block elements, around values that write nothing, or anywhere inside
//! `pre`, `textarea`, `script` and `style`. Raw content (`@raw(..)`) is
//! not text: it takes no space and gives none, and a space pending before
//! it goes after it (`"a" @raw("x") "c"` gives `ax c`, as in Spinneret).
//! Write `~` between two items to join them without a space. Spaces go between items written next to each
//! other, not between the iterations of a `for` loop.
//! ```
//! # use spinneret::html;
//! let name = "John";
//! assert_eq!(html! { p { "Hello" (name) "!" } }.as_str(), "<p>Hello John!</p>");
//! assert_eq!(html! { p { "Click" a href="/" { "here" } "." } }.as_str(), r#"<p>Click<a href="/">here</a>.</p>"#);
//! assert_eq!(html! { div { "hello" a href="#" { } "there world" } }.as_str(), r##"<div>hello<a href="#"></a> there world</div>"##);
//! assert_eq!(html! { p { "un" ~ "break" ~ (name) } }.as_str(), "<p>unbreakJohn</p>");
//! assert_eq!(html! { pre { "a" "b" } }.as_str(), "<pre>ab</pre>");
//! assert_eq!(html! { p { @raw("&nbsp;") "text" } }.as_str(), "<p>&nbsp;text</p>");
//! ```
//!
//! ## Class and id shorthand
//! `div.card.wide` adds classes, `#main` the id. Rust 2021 reserves
//! `name#name`, so write a space before `#`: `div #main.card` or
//! `div.card #main`. Names that are not Rust identifiers go in quotes:
//! `."2xl"`.
//! ```
//! # use spinneret::html;
//! assert_eq!(html! { div.card.wide #main { } }.as_str(), r#"<div class="card wide" id="main"></div>"#);
//! assert_eq!(html! { span."2xl" { } }.as_str(), r#"<span class="2xl"></span>"#);
//! ```
//!
//! ## Attributes
//! `name="literal"`, `name=(expr)` (escaped for a quoted value), hyphenated
//! and colon names (`data-user-id`, `aria-label`, `hx-post`, `hx-on:click`),
//! and Rust keywords as names (`type`, `for`, `loop`, `async`).
//! ```
//! # use spinneret::html;
//! let id = 7;
//! let label = "say \"hi\"";
//! assert_eq!(
//!     html! { button type="button" data-user-id=(id) aria-label=(label) hx-post="/hi" { "Hi" } }.as_str(),
//!     r#"<button type="button" data-user-id="7" aria-label="say &quot;hi&quot;" hx-post="/hi">Hi</button>"#
//! );
//! ```
//!
//! ## Boolean and optional attributes
//! A bare name is present (`disabled`). A `bool` value drives a boolean
//! attribute (`checked=(done)`: present or absent); on any other
//! attribute `true` is written `"true"` and `false` drops it, as Spinneret
//! treats Lisp's `t` and `nil`. An `Option` drops the attribute on
//! `None`. `name[cond]` adds a bare attribute when `cond` holds. See
//! [`AttrValue`].
//! ```
//! # use spinneret::html;
//! let (done, locked) = (false, true);
//! let tip: Option<&str> = Some("tip");
//! let none: Option<&str> = None;
//! assert_eq!(
//!     html! { input type="checkbox" checked=(done) disabled[locked] title=(tip) placeholder=(none); }.as_str(),
//!     r#"<input type="checkbox" disabled title="tip">"#
//! );
//! ```
//!
//! ## Class toggles
//! `.name[cond]` adds the class when `cond` holds; `class=(expr)` adds
//! classes computed at run time.
//! ```
//! # use spinneret::html;
//! let (active, hidden) = (true, false);
//! let extra = "big";
//! assert_eq!(
//!     html! { li.item.active[active].hidden[hidden] class=(extra) { } }.as_str(),
//!     r#"<li class="item active big"></li>"#
//! );
//! ```
//!
//! ## Token merging and duplicates
//! `class` and `rel` (and `headers`, `sandbox`, `sizes`, `accesskey`) values
//! are merged and de-duplicated, shorthand included; for any other
//! attribute written twice the leftmost value wins.
//! ```
//! # use spinneret::html;
//! assert_eq!(
//!     html! { a.btn class="btn primary" rel="noopener" rel="noopener external" href="/a" href="/b" { "x" } }.as_str(),
//!     r#"<a class="btn primary" rel="noopener external" href="/a">x</a>"#
//! );
//! ```
//!
//! ## Attribute spreading
//! `..(list)` adds attributes from a run-time list: an [`Attrs`], or any
//! list of `(name, value)` pairs (see [`Spread`]). The same merging rules
//! apply; names that cannot be attribute names are skipped.
//! ```
//! # use spinneret::html;
//! let extra = vec![("data-x", "1"), ("class", "wide"), ("bad name", "skipped")];
//! assert_eq!(html! { div.box ..(extra) { } }.as_str(), r#"<div class="box wide" data-x="1"></div>"#);
//! ```
//!
//! ## Control flow
//! `if`/`else if`/`else`, `if let`, `for`, `match` (arms are one item or a
//! braced group) and `let` work as in Rust, without `@`.
//! ```
//! # use spinneret::html;
//! let user: Option<&str> = Some("Ann");
//! let n = 2;
//! let page = html! {
//!     if let Some(name) = user { b { (name) } } else { "guest" }
//!     let doubled = n * 2;
//!     ul { for i in 0..n { li { (i) } } }
//!     match doubled { 4 => "four", _ => { i { "other" } } }
//! };
//! assert_eq!(page.as_str(), "<b>Ann</b><ul><li>0</li><li>1</li></ul>four");
//! ```
//!
//! ## Filters
//! The Django filters of [`filters`] are plain functions: call them in a
//! splice, exactly as a template would apply them.
//! ```
//! # use spinneret::html;
//! use spinneret::filters::text::{title, truncatechars};
//! let headline = "a very long headline indeed";
//! assert_eq!(
//!     html! { h1 { (title(&truncatechars(headline, 12))) } }.as_str(),
//!     "<h1>A Very Long…</h1>"
//! );
//! ```
//!
//! ## Components
//! Any value implementing [`Render`] is a component: splice it with
//! `(value)`. Spinneret's `deftag` is a function called with `@`:
//! `@name(args…) .class #id attrs… { children }`. The function takes its
//! own arguments, then the [`Attrs`] it did not declare and the children as
//! [`Markup`]; it spreads the attributes on an inner element with
//! `..(attrs)`, so undeclared attributes pass through and classes merge.
//! ```
//! use spinneret::{html, Attrs, Markup};
//!
//! fn card(title: &str, attrs: Attrs, children: Markup) -> Markup {
//!     html! { div.card ..(attrs) { h2 { (title) } (children) } }
//! }
//!
//! let page = html! { @card("News").wide #top data-id="3" { p { "Hello" } } };
//! assert_eq!(
//!     page.as_str(),
//!     r#"<div class="card wide" id="top" data-id="3"><h2>News</h2><p>Hello</p></div>"#
//! );
//! ```
//! The names `doctype`, `raw`, `json`, `comment`, `cdata` and `tag` are
//! the pseudo-elements below; call a component of that name by its path
//! (`@self::tag(..)`).
//!
//! ## Headings by section depth
//! `h*` is `h1` at the top and one level deeper per enclosing `section`
//! (clamped to `h6`), counted at run time, so components see the sections
//! of their callers. [`with_section_depth`] sets the depth, and
//! [`deeper_section`] goes one level down from wherever it is called.
//! ```
//! # use spinneret::html;
//! assert_eq!(
//!     html! { h* { "A" } section { h* { "B" } section { h* { "C" } } } }.as_str(),
//!     "<h1>A</h1><section><h2>B</h2><section><h3>C</h3></section></section>"
//! );
//! ```
//!
//! ## Tag names chosen at run time
//! `@tag(..)` is Spinneret's `(:tag :name …)`: the element's name is a
//! value, which may carry the selector shorthand `name.class1.class2#id`.
//! Its classes come first in the element's `class`, merged with its own
//! classes as `div.a.b` merges them; its id wins over a later `#id` (the
//! leftmost value wins).
//!
//! A string literal is checked at compile time, like a written element:
//! `@tag("my-card.wide")` is the element `my-card.wide`. A name chosen at
//! run time is a [`TagName`], checked where it is made:
//! [`TagName::parse`] returns a [`TagNameError`] for a name HTML5 does not
//! know (custom elements, with a hyphen, are fine), for `script` and
//! `style`, for a void element (`br`, `img`, …) and for a malformed
//! shorthand. A void element is refused whether or not the element is
//! given content: an element chosen at run time always has content and an
//! end tag (`@tag(t);` writes `<t></t>`), as Spinneret's dynamic tags always
//! print their end tag. See [`tag_name_allowed`] for the rule.
//! ```
//! use spinneret::{html, TagName};
//!
//! let tag = TagName::parse("my-card.x")?;
//! assert_eq!(html! { @tag(tag).y { "hi" } }.as_str(), r#"<my-card class="x y">hi</my-card>"#);
//! assert_eq!(html! { @tag("aside#note") { "lit" } }.as_str(), r#"<aside id="note">lit</aside>"#);
//! assert!(TagName::parse("blink").is_err());
//! # Ok::<(), spinneret::TagNameError>(())
//! ```
//! ```compile_fail
//! spinneret::html! { @tag("blink") { "no" } };   // error: unknown element `blink`
//! ```
//! ```compile_fail
//! let name = "article";
//! spinneret::html! { @tag(name) { } };   // error: `@tag(..)` takes a `spinneret::TagName`, not `&str`
//! ```
//!
//! ## Comments and doctype
//! `@comment(text)` writes a comment with `--` removed so it cannot end
//! early; `@doctype` writes `<!DOCTYPE html>`.
//! ```
//! # use spinneret::html;
//! assert_eq!(html! { @doctype @comment("a -- b -->") }.as_str(), "<!DOCTYPE html><!-- a  b  -->");
//! ```
//!
//! ## CDATA sections
//! `@cdata(text)` is Spinneret's `:cdata`: the text, unescaped, in
//! `<![CDATA[…]]>`, for SVG and MathML content (inside `svg` or `math`,
//! HTML5 reads a CDATA section as text up to `]]>`). Every `>` of the text
//! ends the section and is written `&gt;` before a new section opens, so
//! the text reads back exactly, a `]]>` in it included, and cannot escape
//! where HTML reads `<![CDATA[` as a bogus comment ending at the first `>`
//! (outside SVG and MathML). Spinneret instead removes `]]>`, losing text.
//! Inside `script` and `style`, `@cdata` is a compile error.
//! ```
//! # use spinneret::html;
//! assert_eq!(
//!     html! { svg { text { @cdata("a < b && c") } } }.as_str(),
//!     "<svg><text><![CDATA[a < b && c]]></text></svg>"
//! );
//! assert_eq!(
//!     html! { svg { text { @cdata("x]]>y") } } }.as_str(),
//!     "<svg><text><![CDATA[x]]]]>&gt;<![CDATA[y]]></text></svg>"
//! );
//! ```
//!
//! ## `lang` and `charset` defaults
//! Any `html` element gets `lang="en"` unless it has a `lang`; any `head`
//! starts with `<meta charset="UTF-8">` unless it holds a `meta charset`.
//! ```
//! # use spinneret::html;
//! assert_eq!(
//!     html! { html { head { title { "T" } } } }.as_str(),
//!     r#"<html lang="en"><head><meta charset="UTF-8"><title>T</title></head></html>"#
//! );
//! ```
//!
//! ## Raw HTML and scripts
//! Raw HTML enters only through `@raw(expr)` (or a [`Safe`] value). Inside
//! `script` and `style`, string literals are written verbatim, `@json(value)`
//! embeds any `serde::Serialize` value as JSON that cannot close the
//! element, and any other spliced value is a compile error.
//! ```
//! # use spinneret::html;
//! let data = vec!["</script>"];
//! assert_eq!(
//!     html! { div { @raw("<hr>") } script { "const data = " @json(&data) ";" } }.as_str(),
//!     r#"<div><hr></div><script>const data = ["\u003C/script\u003E"];</script>"#
//! );
//! ```
//!
//! ## Whole pages
//! [`with_page!`] writes the doctype, `<html lang>`, a `head` with charset,
//! viewport and title (a literal or `(expr)`), optional extra `head { … }`
//! content, then the body.
//! ```
//! let page = spinneret::with_page! {
//!     title: "Home";
//!     head { link rel="stylesheet" href="/site.css"; }
//!     h1 { "Welcome" }
//! };
//! assert_eq!(
//!     page.as_str(),
//!     concat!(
//!         r#"<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">"#,
//!         r#"<meta name="viewport" content="width=device-width, initial-scale=1"><title>Home</title>"#,
//!         r#"<link rel="stylesheet" href="/site.css"></head><body><h1>Welcome</h1></body></html>"#
//!     )
//! );
//! ```
//!
//! ## Writing into a buffer
//! [`html!`] returns a [`Markup`] (`Display`, `Into<String>`,
//! [`Render`]); [`html_to!`] appends to a `String` you own, with no copy.
//! ```
//! let mut out = String::from("<main>");
//! spinneret::html_to!(&mut out, p { "x" });
//! assert_eq!(out, "<main><p>x</p>");
//! ```
//!
//! ## Pretty printing
//! Output is compact. [`render_pretty`] renders a template in Spinneret's
//! human style, copying `@raw(..)` content untouched; [`Markup::to_pretty`]
//! (or [`pretty()`]) re-indents finished HTML. The printed page is
//! Spinneret's, byte for byte where its test suite checks (`'` as `&#39;`,
//! values unquoted where HTML allows, optional end tags left out); the
//! compact output reads as the same DOM. [`PrettyOptions`] maps Spinneret's
//! settings (`*html-style*`, `*always-quote*`, `*print-pretty*`); see the
//! [`pretty` module](mod@pretty) for the rules and the design.
//! ```
//! let page = spinneret::render_pretty(|| spinneret::html! { div { p { "It's" } } });
//! assert_eq!(page, "<div>\n <p>It&#39;s\n</div>");
//! ```
//!
//! ## Run-time trees
//! [`tree::Node`] is Spinneret's `interpret-html-tree`: HTML built at run
//! time (or read from JSON) and rendered with the same escaping and checks.
//!
//! # Compile-time checks
//! Unknown elements, attributes HTML5 does not allow on an element, content
//! in a void element, an `img` without `alt`, and text spliced into
//! `script`/`style` are compile errors at the offending span, with a
//! `did you mean` suggestion when a known name is close. Global attributes,
//! `data-*`, `aria-*`, `hx-*`, `x-*` and `on*` are always accepted; SVG,
//! MathML and custom elements (with a hyphen) are accepted with any
//! attribute. `#![allow_prefix("ng-")]` at the start of the macro accepts
//! more prefixes, and `#[unchecked]` before an element turns its checks off.
//! ```
//! # use spinneret::html;
//! let page = html! {
//!     #![allow_prefix("ng-")]
//!     div ng-click="go()" { svg viewBox="0 0 1 1" { circle r="1"; } }
//!     #[unchecked] marquee { "old" }
//! };
//! assert!(page.as_str().starts_with(r#"<div ng-click="go()"><svg"#));
//! ```
//! ```compile_fail
//! spinneret::html! { buton { "Go" } };   // error: unknown element `buton`, did you mean `button`?
//! ```

#![forbid(unsafe_code)]
// Library code does not panic: no unwrap, expect, panic! or unchecked indexing
// outside tests (a few proven exceptions carry an `allow` with the reason).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
#![warn(missing_docs)]

mod attrs;
// HTML5's rules, shared with the macro crate.
use filters::html5;
#[doc(hidden)]
pub mod __private;
#[cfg(feature = "axum")]
mod axum;
mod json;
mod markup;
pub mod pretty;
mod tag;
pub mod tree;

pub use attrs::{dataset, AttrValue, Attrs, Dataset, Spread};
pub use filters::html5::TagNameError;
pub use filters::{self, Render, Safe};
pub use markup::Markup;
pub use pretty::{pretty, render_pretty, EndTags, PrettyOptions, FILL_COLUMN};
pub use tag::TagName;

/// Builds [`Markup`] from the DSL described in the [crate docs](crate).
///
/// ```
/// let m = spinneret::html! { p.note { "Hi" } };
/// assert_eq!(m.as_str(), r#"<p class="note">Hi</p>"#);
/// ```
pub use spinneret_macros::html;

/// Appends the DSL's HTML to a `&mut String`: `html_to!(buffer, markup…)`.
///
/// ```
/// let mut out = String::new();
/// spinneret::html_to!(&mut out, b { "bold" });
/// assert_eq!(out, "<b>bold</b>");
/// ```
pub use spinneret_macros::html_to;

/// A whole HTML5 page, as the cookbook's `with-page` macro writes it.
///
/// Options come first, each ended by `;`: `title:` (required, a literal or
/// `(expr)`) and `lang:` (default `"en"`). Then an optional `head { … }`
/// with extra head content, then the body content.
///
/// ```
/// let user = "Ann";
/// let page = spinneret::with_page! { title: (format!("{user}'s page")); lang: "fr"; p { "Bonjour" } };
/// assert!(page.as_str().contains(r#"<html lang="fr">"#));
/// assert!(page.as_str().contains("<title>Ann&#x27;s page</title>"));
/// ```
pub use spinneret_macros::with_page;

/// True when `name` (without shorthand) may be the name of an element
/// chosen at run time, the rule behind [`TagName::parse`] and `@tag("…")`:
/// an HTML5, SVG, MathML or custom element, except `script` and `style`
/// (their content would need other escaping) and the void elements (`br`,
/// `img`, …: an element chosen at run time always has content and an end
/// tag). [`TagName::parse`] tells which rule a name breaks.
///
/// ```
/// assert!(spinneret::tag_name_allowed("article"));
/// assert!(spinneret::tag_name_allowed("my-widget"));
/// assert!(!spinneret::tag_name_allowed("blink"));
/// assert!(!spinneret::tag_name_allowed("script"));
/// assert!(!spinneret::tag_name_allowed("br"));
/// ```
pub fn tag_name_allowed(name: &str) -> bool {
    html5::check_dynamic_tag_name(name).is_ok()
}

/// Runs `f` as if `depth` `section` elements enclosed it, so that `h*`
/// headings rendered inside start at `h{depth + 1}` (Spinneret's rebinding
/// of `*html-path*`).
///
/// ```
/// let heading = spinneret::with_section_depth(2, || spinneret::html! { h* { "x" } });
/// assert_eq!(heading.as_str(), "<h3>x</h3>");
/// ```
pub fn with_section_depth<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    __private::set_section_depth(depth, f)
}

/// Runs `f` one section deeper than the current point, so that `h*`
/// headings rendered inside go one level down, as inside a `section`
/// element (Spinneret's `with-html-path` nesting, without the element):
/// for a component that renders a sub-part of whatever section calls it.
///
/// ```
/// use spinneret::html;
/// let part = || spinneret::deeper_section(|| html! { h* { "Part" } });
/// assert_eq!(part().as_str(), "<h2>Part</h2>");
/// let page = html! { section { h* { "Chapter" } (part()) } };
/// assert_eq!(page.as_str(), "<section><h2>Chapter</h2><h3>Part</h3></section>");
/// ```
pub fn deeper_section<R>(f: impl FnOnce() -> R) -> R {
    __private::set_section_depth(__private::section_depth() + 1, f)
}
