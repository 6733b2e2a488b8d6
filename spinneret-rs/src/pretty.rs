//! Pretty printing: Spinneret's `*print-pretty*` human style.
//!
//! # Design
//!
//! The compact path ([`html!`](crate::html), [`Markup`]) is left exactly as
//! it is: static runs stay string literals, spliced text is escaped in
//! place, and nothing is recorded while rendering. Pretty printing is a
//! second pass over the finished HTML, which the printer reads back into a
//! tree of elements, text, comments, CDATA sections and raw pieces.
//!
//! Everything the macros write is regular (their own tags, escaped text,
//! quoted attributes), so it reads back exactly. The one thing the text
//! alone cannot tell is `@raw(..)` content: trusted HTML that must be
//! copied, not re-flowed. [`render_pretty`] therefore runs the template
//! with a thread-local flag set, and while the flag is set `@raw(..)` (and
//! a run-time tree's [`Node::Raw`](crate::tree::Node::Raw)) writes its
//! content between two Unicode noncharacters (U+FDD0 and U+FDD1) that mark
//! it as raw. The printer copies marked pieces untouched and drops the
//! marks. The only cost on the compact path is that one flag read per
//! `@raw(..)` splice; elements, text and attributes pay nothing.
//!
//! [`pretty`] (and [`Markup::to_pretty`](crate::Markup::to_pretty)) work on
//! HTML that was rendered without the flag: there raw content cannot be
//! told from the rest and is printed as if the macros had written it.
//!
//! Why not record the structure while rendering (element boundaries beside
//! the flat HTML), or print from [`tree::Node`](crate::tree::Node)? A
//! record would be written on every render, pretty or not, and `html!`
//! builds no tree: both would slow the compact path, which is most of what
//! the crate does. The macros' own output is unambiguous, so marking the
//! one piece that is not (raw content), and only when asked, gives the
//! printer the same structure for free. Run-time trees are printed the
//! same way ([`Node::to_pretty`](crate::tree::Node::to_pretty)).
//!
//! # The style
//!
//! The rules are Spinneret's own (`functions.lisp`, `run.lisp`,
//! `stream.lisp`), replayed on the tree:
//!
//! - elements are *inline* (`a`, `b`, `span`, `em`, `code`, …),
//!   *paragraphs* (`p`, `li`, `h1`…`h6`, `title`, `button`, `td`, …) or
//!   *blocks* (everything else, `input` and `img` included);
//! - a block or paragraph starts on a fresh line indented one space per
//!   level; a block's content starts on the next line, one level deeper,
//!   and its end tag gets a line of its own; an empty block stays on one
//!   line (`<div></div>`);
//! - a paragraph keeps its text on its own line, and what follows it starts
//!   a new line;
//! - inline elements stay inside the text;
//! - text is filled to [`FILL_COLUMN`] columns counted from the indentation
//!   (Spinneret's `*fill-column*`), continuation lines one level deeper;
//! - attributes of blocks and paragraphs wrap at half the fill column and
//!   line up under the first attribute; attributes of inline elements wrap
//!   at the fill column;
//! - attribute values are written without quotes where HTML allows it
//!   (`lang=en`, `href=#`), and the end tags HTML makes optional (`li`, `p`,
//!   `td`, `tr`, …) are left out, as Spinneret does;
//! - the content of `pre`, `textarea`, `script` and `style`, and raw
//!   content, is copied untouched (the text of `pre` and `textarea` in
//!   Spinneret's spelling);
//! - no line ends in spaces, and the output ends without a newline unless
//!   Spinneret writes one (after a comment or a lone doctype).
//!
//! Spinneret leaves out every optional end tag, which can change the page:
//! `<div><p>a</p><a>b</a></div>` printed as `<p>a` followed by `<a>b</a>`
//! puts the link inside the paragraph. The printer leaves an end tag out
//! only where HTML allows it (an `li` before another `li` or at the end of
//! its parent, a `p` before an element that closes it, …), so the printed
//! page reads back as the same tree; see [`EndTags`] for Spinneret's
//! choice or every end tag, and [`PrettyOptions`] to quote every value.
//!
//! Only `@raw(..)` is marked: a [`Safe`](crate::Safe) value spliced with
//! `(expr)` is copied into the page like any rendered markup and printed
//! as HTML.
//!
//! Spinneret's spelling is kept as well: `'` is written `&#39;` and
//! U+00A0 `&nbsp;` (the compact output shares Django's `&#x27;` with
//! djula), attribute values escape only `& " '`, and the token lists
//! (`class`, `rel`, …) come first among the attributes (see
//! [`filters::spinneret_rules`]). Raw content, like the content of
//! preformatted elements, goes past the printer's column as it goes past
//! Spinneret's stream: raw content that opens a block's content is glued
//! to the open tag. [`PrettyOptions::tree`] is Spinneret's `:tree` style,
//! and [`PrettyOptions::print_pretty`] false its output without pretty
//! printing.
//! A format string (`("…", args)`) starts a new line, as Spinneret's
//! `format-text` does: while [`render_pretty`] runs, a format string's
//! text is marked (a third noncharacter, U+FDD2) like raw content.

use std::cell::Cell;

use crate::html5;
use crate::Markup;
use filters::spinneret_rules as rules;

/// The column text is wrapped at, counted from the indentation of the
/// element the text is in (Spinneret's `*fill-column*`).
///
/// ```
/// assert_eq!(spinneret::FILL_COLUMN, 80);
/// ```
pub const FILL_COLUMN: usize = 80;

/// Past this depth the rest of the tree is copied compactly, so that no
/// input can exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Marks the start of raw content while [`render_pretty`] runs.
pub(crate) const RAW_START: char = '\u{FDD0}';
/// Marks the end of raw content while [`render_pretty`] runs.
pub(crate) const RAW_END: char = '\u{FDD1}';
/// Marks the start of a format string's text while [`render_pretty`] runs:
/// Spinneret's `format-text` starts a new line there.
pub(crate) const FORMAT_MARK: char = '\u{FDD2}';

/// True for the marks [`render_pretty`] writes.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, RAW_START | RAW_END | FORMAT_MARK)
}

thread_local! {
    static MARK_RAW: Cell<bool> = const { Cell::new(false) };
}

/// True while [`render_pretty`] runs on this thread.
#[inline]
pub(crate) fn marking_raw() -> bool {
    MARK_RAW.with(Cell::get)
}

/// Choices Spinneret leaves to variables; the default is its default style.
///
/// ```
/// use spinneret::{html, EndTags, PrettyOptions};
///
/// let page = html! { ul { li { a href="/" { "Home" } } } };
/// // `/` needs quotes, as in Spinneret; `</li>` is left out.
/// assert_eq!(page.to_pretty(), "<ul>\n <li><a href=\"/\">Home</a>\n</ul>");
/// let keep = PrettyOptions { always_quote: true, end_tags: EndTags::All, ..PrettyOptions::default() };
/// assert_eq!(
///     keep.pretty(page.as_str()),
///     "<ul>\n <li><a href=\"/\">Home</a></li>\n</ul>"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrettyOptions {
    /// Text is filled to this many columns past the indentation.
    pub fill_column: usize,
    /// Quote every attribute value (Spinneret's `*always-quote*`).
    pub always_quote: bool,
    /// Which optional end tags (`</li>`, `</p>`, …) are written.
    pub end_tags: EndTags,
    /// Spinneret's `:tree` style (`*html-style*`): every element is printed
    /// as a block, with its end tag, and every piece of text starts a line.
    /// [`Node::to_pretty`](crate::tree::Node::to_pretty) uses it, as
    /// Spinneret's `interpret-html-tree` does.
    ///
    /// ```
    /// let tree = spinneret::PrettyOptions { tree: true, ..Default::default() };
    /// let page = spinneret::html! { p { "Text " a { "link" } } };
    /// assert_eq!(tree.pretty(page.as_str()), "<p>\n Text\n <a>\n  link\n </a>\n</p>");
    /// ```
    pub tree: bool,
    /// Spinneret's `*print-pretty*`: `false` writes Spinneret's output
    /// without pretty printing: no line breaks or indentation added, but
    /// Spinneret's spelling all the same (values quoted only where HTML
    /// needs it, optional end tags left out, `&#39;`, token lists first).
    ///
    /// ```
    /// let plain = spinneret::PrettyOptions { print_pretty: false, ..Default::default() };
    /// let page = spinneret::html! { div { p title="bar" { "It's" } } };
    /// assert_eq!(plain.pretty(page.as_str()), "<div><p title=bar>It&#39;s</div>");
    /// ```
    pub print_pretty: bool,
}

/// Which of the end tags HTML makes optional the pretty printer writes.
///
/// ```
/// use spinneret::{html, EndTags, PrettyOptions};
///
/// let page = html! { div { p { "Hello" } a { "world" } } };
/// let with = |end_tags| PrettyOptions { end_tags, ..PrettyOptions::default() }.pretty(page.as_str());
/// // `</p>` stays: without it the link would be inside the paragraph.
/// assert_eq!(with(EndTags::Valid), "<div>\n <p>Hello</p>\n <a>world</a>\n</div>");
/// assert_eq!(with(EndTags::Spinneret), "<div>\n <p>Hello\n <a>world</a>\n</div>");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EndTags {
    /// Left out where Spinneret leaves them out and HTML allows it, so
    /// the printed page reads back as the same tree (the default).
    #[default]
    Valid,
    /// Left out wherever Spinneret leaves them out (`li`, `p`, `td`, `tr`,
    /// `option`, …), even where that changes the tree a browser reads.
    Spinneret,
    /// All written.
    All,
}

impl Default for PrettyOptions {
    fn default() -> Self {
        PrettyOptions {
            fill_column: FILL_COLUMN,
            always_quote: false,
            end_tags: EndTags::Valid,
            tree: false,
            print_pretty: true,
        }
    }
}

impl PrettyOptions {
    /// Pretty prints finished HTML with these options (see [`pretty`]).
    ///
    /// ```
    /// let narrow = spinneret::PrettyOptions { fill_column: 10, ..Default::default() };
    /// let page = spinneret::html! { div { "one two three four" } };
    /// assert_eq!(narrow.pretty(page.as_str()), "<div>\n one two\n three four\n</div>");
    /// ```
    pub fn pretty(&self, html: &str) -> String {
        let nodes = parse(html);
        let mut printer = Printer::new(*self, html.len());
        if self.print_pretty {
            printer.children(&nodes, -1, false, false, "");
        } else {
            printer.plain_children(&nodes, "", 0);
        }
        printer.finish()
    }

    /// Renders a template with its `@raw(..)` content marked, then pretty
    /// prints it with these options (see [`render_pretty`]).
    ///
    /// ```
    /// let quoted = spinneret::PrettyOptions { always_quote: true, ..Default::default() };
    /// let out = quoted.render_pretty(|| spinneret::html! { p.note { @raw("<b>x</b>") } });
    /// assert_eq!(out, "<p class=\"note\"><b>x</b>");
    /// ```
    pub fn render_pretty(&self, template: impl FnOnce() -> Markup) -> String {
        struct Reset(bool);
        impl Drop for Reset {
            fn drop(&mut self) {
                MARK_RAW.with(|m| m.set(self.0));
            }
        }
        let _reset = Reset(MARK_RAW.with(|m| m.replace(true)));
        let markup = template();
        self.pretty(markup.as_str())
    }
}

/// Re-indents finished HTML in Spinneret's human style (see the rules in
/// the [module docs](self)).
///
/// Raw HTML in `html` cannot be told from the rest here: use
/// [`render_pretty`] to keep `@raw(..)` content untouched.
///
/// ```
/// let page = spinneret::html! {
///     div.card { h2 { "Title" } p { "Some " b { "bold" } " text" } pre { "  kept\n as is" } }
/// };
/// assert_eq!(
///     spinneret::pretty(page.as_str()),
///     "<div class=card>\n <h2>Title</h2>\n <p>Some <b>bold</b> text\n <pre>  kept\n as is</pre>\n</div>"
/// );
/// ```
pub fn pretty(html: &str) -> String {
    PrettyOptions::default().pretty(html)
}

/// Runs `template` (a closure calling [`html!`](crate::html), a component,
/// or a run-time tree's render) and pretty prints what it returns in
/// Spinneret's human style, copying `@raw(..)` content untouched.
///
/// Markup made inside the closure carries marks (raw content, format
/// strings) until it is printed: do not keep it (in a cache, say) past the
/// closure. Text that itself holds U+FDD0, U+FDD1 or U+FDD2 (Unicode
/// noncharacters) loses them in the printed page.
///
/// ```
/// let long = "Very very very very very very very very very very very very very very long line";
/// let out = spinneret::render_pretty(|| spinneret::html! { div { @raw(long) } });
/// // Raw content goes past the printer, as in Spinneret: glued to the tag.
/// assert_eq!(out, format!("<div>{long}\n</div>"));
/// ```
pub fn render_pretty(template: impl FnOnce() -> Markup) -> String {
    PrettyOptions::default().render_pretty(template)
}

// ---------------------------------------------------------------------------
// Reading the HTML back.

#[derive(Debug)]
enum PNode<'a> {
    Element {
        name: &'a str,
        /// Attributes as written: name and escaped value (`None` for a
        /// boolean attribute). `None` when the tag could not be read, then
        /// `open` is copied as is.
        attrs: Option<Vec<(&'a str, Option<&'a str>)>>,
        open: &'a str,
        children: Vec<PNode<'a>>,
        /// The end tag was in the input.
        closed: bool,
    },
    /// A preformatted element: its open tag and its content with end tag.
    Verbatim {
        name: &'a str,
        attrs: Option<Vec<(&'a str, Option<&'a str>)>>,
        open: &'a str,
        content: &'a str,
    },
    Text(&'a str),
    /// Raw content (between the marks), or a stray end tag.
    Raw(&'a str),
    /// A CDATA section, written as is.
    Cdata(&'a str),
    /// A comment's text (between `<!--` and `-->`).
    Comment(&'a str),
    /// A doctype or other `<!…>` declaration.
    Doctype(&'a str),
    /// Where a format string's text starts.
    Format,
}

/// The end of the raw piece starting just after a `RAW_START` at `rest`'s
/// start: the byte index of its `RAW_END` (marks nest).
fn raw_end(rest: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in rest.char_indices() {
        if c == RAW_START {
            depth += 1;
        } else if c == RAW_END {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// A preformatted element's content and its end tag, as the reader keeps
/// them together.
fn split_end_tag<'a>(name: &str, content: &'a str) -> (&'a str, &'a str) {
    match content.rfind("</") {
        Some(i)
            if content.get(i + 2..).is_some_and(|end| {
                end.strip_suffix('>')
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            }) =>
        {
            content.split_at(i)
        }
        _ => (content, ""),
    }
}

/// The content of a preformatted element as Spinneret writes it: raw marks
/// dropped, and the text of `pre` and `textarea` in Spinneret's spelling
/// (`script` and `style` hold code, copied as is).
fn verbatim_content(name: &str, content: &str) -> String {
    let content = strip_marks(content);
    if name == "script" || name == "style" {
        content
    } else {
        rules::spinneret_text(&content).into_owned()
    }
}

fn strip_marks(text: &str) -> String {
    text.chars().filter(|&c| !is_mark(c)).collect()
}

fn parse(html: &str) -> Vec<PNode<'_>> {
    type Level<'a> = (&'a str, PNode<'a>);
    // An explicit stack instead of recursion.
    let mut stack: Vec<Level> = vec![(
        "",
        PNode::Element {
            name: "",
            attrs: None,
            open: "",
            children: Vec::new(),
            closed: true,
        },
    )];
    let mut rest = html;
    while !rest.is_empty() {
        let node;
        if let Some(after) = rest.strip_prefix(RAW_START) {
            let end = raw_end(after).unwrap_or(after.len());
            let (content, tail) = after.split_at(end);
            rest = tail.strip_prefix(RAW_END).unwrap_or(tail);
            node = Some(PNode::Raw(content));
        } else if let Some(after) = rest.strip_prefix(FORMAT_MARK) {
            rest = after;
            node = Some(PNode::Format);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").unwrap_or(after.len());
            let (content, tail) = after.split_at(end);
            rest = tail.get(3..).unwrap_or("");
            node = Some(PNode::Comment(content));
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map_or(rest.len(), |i| i + 3);
            let (content, tail) = rest.split_at(end);
            rest = tail;
            node = Some(PNode::Cdata(content));
        } else if rest.starts_with("<!") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let (content, tail) = rest.split_at(end);
            rest = tail;
            node = Some(PNode::Doctype(content));
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let (token, tail) = rest.split_at(end);
            rest = tail;
            let name = after
                .split(|c: char| c == '>' || c.is_whitespace())
                .next()
                .unwrap_or("");
            if let Some(depth) = stack.iter().skip(1).rposition(|(n, _)| *n == name) {
                let depth = depth + 1;
                while stack.len() > depth {
                    let Some((_, mut done)) = stack.pop() else {
                        break;
                    };
                    if stack.len() == depth {
                        if let PNode::Element { closed, .. } = &mut done {
                            *closed = true;
                        }
                    }
                    if let Some((_, PNode::Element { children, .. })) = stack.last_mut() {
                        children.push(done);
                    }
                }
                node = None;
            } else {
                node = Some(PNode::Raw(token));
            }
        } else if rest.starts_with('<')
            && rest
                .get(1..)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            let end = tag_end(rest);
            let (open, tail) = rest.split_at(end);
            rest = tail;
            let (name, attrs) = read_tag(open);
            if html5::is_preformatted(name) {
                let close = format!("</{name}");
                let end = rest.find(&close).map_or(rest.len(), |i| {
                    rest.get(i..)
                        .and_then(|r| r.find('>'))
                        .map_or(rest.len(), |j| i + j + 1)
                });
                let (content, tail) = rest.split_at(end);
                rest = tail;
                node = Some(PNode::Verbatim {
                    name,
                    attrs,
                    open,
                    content,
                });
            } else if html5::is_void(name) || open.ends_with("/>") || stack.len() > MAX_DEPTH {
                node = Some(PNode::Element {
                    name,
                    attrs,
                    open,
                    children: Vec::new(),
                    closed: !html5::is_void(name) && !open.ends_with("/>"),
                });
                if stack.len() > MAX_DEPTH && !html5::is_void(name) {
                    // Too deep: the open tag is copied as is.
                    if let Some((_, PNode::Element { children, .. })) = stack.last_mut() {
                        children.push(PNode::Raw(open));
                    }
                    continue;
                }
            } else {
                stack.push((
                    name,
                    PNode::Element {
                        name,
                        attrs,
                        open,
                        children: Vec::new(),
                        closed: false,
                    },
                ));
                node = None;
            }
        } else {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '<' || c == RAW_START || c == FORMAT_MARK)
                .map_or(rest.len(), |(i, _)| i);
            let (text, tail) = rest.split_at(end);
            rest = tail;
            node = Some(PNode::Text(text));
        }
        if let Some(node) = node {
            if let Some((_, PNode::Element { children, .. })) = stack.last_mut() {
                children.push(node);
            }
        }
    }
    // Close what is left open.
    while stack.len() > 1 {
        let Some((_, done)) = stack.pop() else { break };
        if let Some((_, PNode::Element { children, .. })) = stack.last_mut() {
            children.push(done);
        }
    }
    match stack.pop() {
        Some((_, PNode::Element { children, .. })) => children,
        _ => Vec::new(),
    }
}

/// The length of the tag at the start of `rest`, quoted `>` skipped.
fn tag_end(rest: &str) -> usize {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

type Attrs<'a> = Option<Vec<(&'a str, Option<&'a str>)>>;

/// The name and attributes of an open tag; attributes are `None` when the
/// tag is not of the regular form the macros write.
fn read_tag(open: &str) -> (&str, Attrs<'_>) {
    let inner = open
        .strip_prefix('<')
        .unwrap_or(open)
        .trim_end_matches('>')
        .trim_end_matches('/');
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let (name, mut rest) = inner.split_at(name_end);
    if !open.ends_with('>') {
        return (name, None);
    }
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return (name, Some(attrs));
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let (attr, tail) = rest.split_at(end);
        if attr.is_empty() || attr.contains(['"', '\'', '<', '>']) {
            return (name, None);
        }
        if let Some(value) = tail.strip_prefix("=\"") {
            let Some(close) = value.find('"') else {
                return (name, None);
            };
            let (value, tail) = value.split_at(close);
            attrs.push((attr, Some(value)));
            rest = tail.get(1..).unwrap_or("");
        } else if tail.starts_with('=') {
            return (name, None);
        } else {
            attrs.push((attr, None));
            rest = tail;
        }
    }
}

// ---------------------------------------------------------------------------
// Spinneret's element categories (tags.lisp).

const INLINE: &[&str] = &[
    "a", "abbr", "address", "bdo", "small", "code", "samp", "kbd", "cite", "strong", "dfn", "br",
    "em", "q", "data", "time", "var", "sub", "sup", "i", "b", "s", "u", "mark", "ruby", "rt", "rp",
    "bdi", "span", "wbr", "ins", "del", "col", "meter", "output", "tt", "strike", "font", "big",
];

const PARAGRAPH: &[&str] = &[
    "meta",
    "title",
    "button",
    "label",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "legend",
    "option",
    "dt",
    "dd",
    "figcaption",
    "iframe",
    "colgroup",
    "td",
    "th",
    "output",
    "summary",
    "command",
];

const END_TAG_OPTIONAL: &[&str] = &[
    "li", "dt", "dd", "p", "rt", "rp", "optgroup", "option", "colgroup", "thead", "tbody", "tfoot",
    "tr", "td", "th", "meta",
];

/// Elements whose start closes an open `p` (HTML5 §13.1.2.4): before any
/// other sibling, Spinneret's omitted `</p>` would pull the sibling into
/// the paragraph, so the end tag is kept.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "table",
    "ul",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Inline,
    Paragraph,
    Block,
}

fn style(name: &str) -> Style {
    if INLINE.contains(&name) {
        Style::Inline
    } else if PARAGRAPH.contains(&name) {
        Style::Paragraph
    } else {
        Style::Block
    }
}

/// Spinneret's `must-quote?`: characters that need a quoted value.
fn must_quote(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\x0c' | '\r' | '"' | '\'' | '`' | '=' | '<' | '>' | '/'
    )
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

fn width(s: &str) -> usize {
    s.chars().count()
}

// ---------------------------------------------------------------------------
// Printing: Spinneret's html-stream, replayed.

struct Printer {
    options: PrettyOptions,
    out: String,
    col: usize,
    last_char: char,
    elastic: bool,
    /// Bytes of `out` that line-end trimming must not touch.
    protected: usize,
}

impl Printer {
    fn new(options: PrettyOptions, capacity: usize) -> Self {
        Printer {
            options,
            out: String::with_capacity(capacity + capacity / 4),
            col: 0,
            // As in Spinneret, so that the first fresh line writes nothing.
            last_char: '\n',
            elastic: false,
            protected: 0,
        }
    }

    fn finish(mut self) -> String {
        self.trim_line_end();
        self.out
    }

    fn trim_line_end(&mut self) {
        let keep = self.out.trim_end_matches(' ').len().max(self.protected);
        self.out.truncate(keep);
    }

    /// A newline and `indent` spaces (the stream's `#\Newline`).
    fn newline(&mut self, indent: usize) {
        self.elastic = false;
        self.trim_line_end();
        self.out.push('\n');
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.col = indent;
        self.last_char = '\n';
    }

    fn fresh_line(&mut self, indent: usize) {
        if self.last_char != '\n' {
            self.newline(indent);
        }
    }

    /// Writes through the stream: fires a pending elastic newline.
    fn write(&mut self, s: &str, indent: usize, pre: bool) {
        let Some(first) = s.chars().next() else {
            return;
        };
        if std::mem::take(&mut self.elastic) && first != '\n' && !pre {
            self.newline(indent);
        }
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(i) => self.col = width(s.get(i + 1..).unwrap_or("")),
            None => self.col += width(s),
        }
        self.last_char = s.chars().next_back().unwrap_or(self.last_char);
    }

    /// Writes what must stay as it is.
    fn write_verbatim(&mut self, s: &str, indent: usize, pre: bool) {
        self.write(s, indent, pre);
        self.protected = self.out.len();
    }

    /// Writes past the stream, as Spinneret writes raw and preformatted
    /// content (to the `html-stream`'s base stream): no pending newline
    /// fires, and the column and last character stay as they were.
    fn write_base(&mut self, s: &str) {
        self.out.push_str(s);
        self.protected = self.out.len();
    }

    /// Spinneret's `fill-text`.
    fn fill(&mut self, text: &str, indent: usize, pre: bool, in_inline: bool) {
        if text.is_empty() {
            return;
        }
        if pre {
            self.write_base(text);
            return;
        }
        let fill = self.options.fill_column;
        let goal = fill + indent;
        if self.options.tree {
            self.fresh_line(indent);
        }
        if text.starts_with(is_space) {
            self.write(" ", indent, pre);
        }
        let mut left = 0;
        loop {
            let right = text
                .get(left..)
                .and_then(|r| r.find(is_space))
                .map_or(text.len(), |i| left + i);
            if left != right {
                let word = text.get(left..right).unwrap_or("");
                let len = width(word);
                if left == 0 && in_inline {
                    self.write(word, indent, pre);
                } else if len > fill {
                    self.newline(indent);
                    self.write(word, indent, pre);
                    self.newline(indent);
                } else if len + self.col > goal {
                    self.newline(indent);
                    self.write(word, indent, pre);
                } else {
                    self.write(word, indent, pre);
                }
                if right != text.len() {
                    self.write(" ", indent, pre);
                }
            }
            if right >= text.len() {
                break;
            }
            // Whitespace is one byte.
            left = right + 1;
        }
    }

    /// The attributes as Spinneret writes them: in its order, each value
    /// in its spelling and quoted only where HTML needs it (or always,
    /// with `always_quote`).
    fn spinneret_attrs<'a>(
        &self,
        attrs: &[(&'a str, Option<&str>)],
    ) -> Vec<(&'a str, Option<String>)> {
        let attrs = rules::in_spinneret_order(attrs.to_vec(), |(name, _)| name);
        attrs
            .into_iter()
            .map(|(name, value)| {
                let value = value.map(|v| {
                    let unmarked;
                    let v = if v.contains(is_mark) {
                        unmarked = strip_marks(v);
                        unmarked.as_str()
                    } else {
                        v
                    };
                    let v = rules::spinneret_attribute_value(v);
                    if !self.options.always_quote && !v.is_empty() && !v.contains(must_quote) {
                        v.into_owned()
                    } else {
                        format!("\"{v}\"")
                    }
                });
                (name, value)
            })
            .collect()
    }

    /// `format-attributes-pretty/inline`, from the current column.
    fn attrs(&mut self, attrs: &[(&str, Option<&str>)], start: usize, fill: usize) {
        let goal = start + fill;
        for (name, value) in self.spinneret_attrs(attrs) {
            let len = width(name) + value.as_deref().map_or(0, |v| 1 + width(v));
            if len + self.col > goal {
                self.newline(start);
            } else {
                self.write(" ", start, false);
            }
            self.write(name, start, false);
            if let Some(value) = value {
                self.write("=", start, false);
                self.write(&value, start, false);
            }
        }
    }

    /// The open tag; `block` aligns wrapped attributes as Spinneret's
    /// `format-attributes-pretty/block` does.
    fn open(
        &mut self,
        name: &str,
        attrs: &Attrs,
        open: &str,
        indent: usize,
        pre: bool,
        block: bool,
    ) {
        match attrs {
            Some(attrs) => {
                self.write("<", indent, pre);
                self.write(name, indent, pre);
                if block {
                    let start = self.col + 1;
                    self.attrs(attrs, start, self.options.fill_column / 2);
                } else {
                    self.attrs(attrs, indent, self.options.fill_column);
                }
                self.write(">", indent, pre);
            }
            None => self.write(open, indent, pre),
        }
    }

    /// The children of an element at `depth` (-1 for the top level).
    fn children(
        &mut self,
        nodes: &[PNode],
        depth: isize,
        pre: bool,
        in_inline: bool,
        parent: &str,
    ) {
        for (i, node) in nodes.iter().enumerate() {
            let next = nodes.get(i + 1);
            self.node(node, next, depth, pre, in_inline, parent);
        }
    }

    fn node(
        &mut self,
        node: &PNode,
        next: Option<&PNode>,
        depth: isize,
        pre: bool,
        in_inline: bool,
        parent: &str,
    ) {
        // The indentation of content: Spinneret's `*indent*`, one past the
        // parent, or 0 at the top.
        let indent = usize::try_from(depth + 1).unwrap_or(0);
        match node {
            PNode::Text(text) => {
                self.fill(&rules::spinneret_text(text), indent, pre, in_inline);
            }
            PNode::Raw(raw) => {
                // Spinneret writes raw content past its stream (`write-raw`
                // binds `*pre*`), so that it neither takes a pending newline
                // nor moves the column: raw content that opens a block's
                // content is glued to the open tag.
                self.write_base(&strip_marks(raw));
            }
            PNode::Cdata(cdata) => self.write_verbatim(cdata, indent, pre),
            PNode::Format => {
                // `format-text`: `(terpri)` when pretty, outside `pre`.
                if !pre {
                    self.newline(indent);
                }
            }
            PNode::Doctype(doctype) => {
                self.write(doctype, indent, pre);
                self.newline(indent);
            }
            PNode::Comment(text) => {
                let text = text.strip_prefix(' ').unwrap_or(text);
                let text = text.strip_suffix(' ').unwrap_or(text);
                if pre {
                    self.write_verbatim(&format!("<!-- {text} -->"), indent, pre);
                    return;
                }
                self.fresh_line(indent);
                while self.col < indent {
                    self.write(" ", indent, pre);
                }
                self.write("<!-- ", indent, pre);
                self.fill(text, indent, pre, false);
                self.write(" -->", indent, pre);
                self.newline(indent);
            }
            PNode::Verbatim {
                name,
                attrs,
                open,
                content,
            } => {
                let own = usize::try_from(depth + 1).unwrap_or(0);
                self.element_open(name, attrs, open, own, pre);
                let (content, end) = split_end_tag(name, content);
                // The content goes past the stream (`fill-text` under
                // `*pre*`), the end tag through it.
                self.write_base(&verbatim_content(name, content));
                self.write(end, own, true);
                if self.style(name) == Style::Paragraph {
                    self.elastic = true;
                }
            }
            PNode::Element {
                name,
                attrs,
                open,
                children,
                closed,
            } => {
                let d = depth + 1;
                let own = usize::try_from(d).unwrap_or(0);
                if own > MAX_DEPTH {
                    self.write_verbatim(open, own, pre);
                    return;
                }
                let style = self.style(name);
                let close = self.writes_end_tag(name, *closed, next, parent);
                self.element_open(name, attrs, open, own, pre);
                match style {
                    Style::Inline => {
                        self.children(children, d, pre, true, name);
                    }
                    Style::Paragraph => {
                        self.children(children, d, pre, false, name);
                    }
                    Style::Block => {
                        if !children.is_empty() {
                            self.elastic = true;
                            self.children(children, d, pre, false, name);
                            if !pre {
                                self.newline(own);
                            }
                        }
                    }
                }
                if close {
                    self.write("</", own, pre);
                    self.write(name, own, pre);
                    self.write(">", own, pre);
                }
                if style == Style::Paragraph {
                    self.elastic = true;
                }
            }
        }
    }

    /// Whether the end tag of an element read with (`closed`) or without
    /// its end tag is written: always in the `:tree` style, otherwise as
    /// [`EndTags`] says.
    fn writes_end_tag(&self, name: &str, closed: bool, next: Option<&PNode>, parent: &str) -> bool {
        closed
            && (self.options.tree
                || match self.options.end_tags {
                    EndTags::All => true,
                    EndTags::Spinneret => !END_TAG_OPTIONAL.contains(&name),
                    EndTags::Valid => !self.may_omit(name, next, parent),
                })
    }

    /// Spinneret's output with `*print-pretty*` nil: the nodes as they
    /// are, with Spinneret's attributes, spelling and end tags.
    fn plain_children(&mut self, nodes: &[PNode], parent: &str, depth: usize) {
        for (i, node) in nodes.iter().enumerate() {
            let next = nodes.get(i + 1);
            match node {
                PNode::Text(text) => self.out.push_str(&rules::spinneret_text(text)),
                PNode::Raw(raw) => self.out.push_str(&strip_marks(raw)),
                PNode::Cdata(text) => self.out.push_str(text),
                PNode::Format => {}
                PNode::Comment(text) => {
                    self.out.push_str("<!--");
                    self.out.push_str(text);
                    self.out.push_str("-->");
                }
                PNode::Doctype(doctype) => {
                    // `(format *html* "<!DOCTYPE html>~%")`, pretty or not.
                    self.out.push_str(doctype);
                    self.out.push('\n');
                }
                PNode::Verbatim {
                    name,
                    attrs,
                    open,
                    content,
                } => {
                    self.plain_open(name, attrs, open);
                    let (content, end) = split_end_tag(name, content);
                    self.out.push_str(&verbatim_content(name, content));
                    self.out.push_str(end);
                }
                PNode::Element {
                    name,
                    attrs,
                    open,
                    children,
                    closed,
                } => {
                    self.plain_open(name, attrs, open);
                    if depth < MAX_DEPTH {
                        self.plain_children(children, name, depth + 1);
                    }
                    if self.writes_end_tag(name, *closed, next, parent) {
                        self.out.push_str("</");
                        self.out.push_str(name);
                        self.out.push('>');
                    }
                }
            }
        }
        self.protected = self.out.len();
    }

    /// An open tag without pretty printing (`format-attributes-plain`).
    fn plain_open(&mut self, name: &str, attrs: &Attrs, open: &str) {
        let Some(attrs) = attrs else {
            self.out.push_str(open);
            return;
        };
        self.out.push('<');
        self.out.push_str(name);
        for (name, value) in self.spinneret_attrs(attrs) {
            self.out.push(' ');
            self.out.push_str(name);
            if let Some(value) = value {
                self.out.push('=');
                self.out.push_str(&value);
            }
        }
        self.out.push('>');
    }

    /// The element's category; all are blocks in the `:tree` style.
    fn style(&self, name: &str) -> Style {
        if self.options.tree {
            Style::Block
        } else {
            style(name)
        }
    }

    fn element_open(&mut self, name: &str, attrs: &Attrs, open: &str, own: usize, pre: bool) {
        match self.style(name) {
            Style::Inline => {
                // `maybe-wrap`: the tag's `<name` would pass the goal.
                let offset = 1 + width(name);
                if self.col + offset > self.options.fill_column + own {
                    self.newline(own);
                }
                self.open(name, attrs, open, own, pre, false);
            }
            Style::Paragraph | Style::Block => {
                self.fresh_line(own);
                self.open(name, attrs, open, own, pre, true);
            }
        }
    }

    /// Spinneret leaves out every optional end tag; here one is left out
    /// only where HTML allows it (§13.1.2.4), so that the page reads back
    /// the same: an `li` before another `li` or at the end of its parent, a
    /// `p` before an element that closes it, and so on.
    fn may_omit(&self, name: &str, next: Option<&PNode>, parent: &str) -> bool {
        if !END_TAG_OPTIONAL.contains(&name) {
            return false;
        }
        let next = match next {
            None => None,
            Some(PNode::Element { name, .. } | PNode::Verbatim { name, .. }) => Some(*name),
            Some(PNode::Text("")) => None,
            // Text, a comment, raw content: it would land inside.
            Some(_) => return false,
        };
        let next_is = |names: &[&str]| next.is_some_and(|n| names.contains(&n));
        match name {
            "li" => next.is_none() || next_is(&["li"]),
            "dt" => next_is(&["dt", "dd"]),
            "dd" => next.is_none() || next_is(&["dt", "dd"]),
            "p" => {
                next_is(CLOSES_P)
                    || (next.is_none()
                        && !["a", "audio", "del", "ins", "map", "noscript", "video"]
                            .contains(&parent))
            }
            "rt" | "rp" => next.is_none() || next_is(&["rt", "rp"]),
            "optgroup" => next.is_none() || next_is(&["optgroup"]),
            "option" => next.is_none() || next_is(&["option", "optgroup"]),
            "colgroup" => next.is_some_and(|n| n != "colgroup"),
            "thead" => next_is(&["tbody", "tfoot"]),
            "tbody" => next.is_none() || next_is(&["tbody", "tfoot"]),
            "tfoot" => next.is_none(),
            "tr" => next.is_none() || next_is(&["tr"]),
            "td" | "th" => next.is_none() || next_is(&["td", "th"]),
            _ => false,
        }
    }
}
