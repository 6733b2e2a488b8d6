//! Run-time HTML trees: Spinneret's `interpret-html-tree`.

use std::fmt;

use filters::spinneret_rules as rules;
use filters::{escape_into, Safe};

use crate::html5;
use crate::Markup;

/// The deepest tree [`Node::render`] accepts; deeper trees are an error, not
/// a stack overflow.
pub const MAX_TREE_DEPTH: usize = 256;

/// HTML built at run time (from a CMS, from JSON) and rendered with the same
/// escaping, validation and defaults as [`html!`](crate::html): Spinneret's
/// `interpret-html-tree`.
///
/// Tag names may carry the `.class#id` shorthand, `h*` becomes a heading
/// whose level follows the enclosing `section` elements, `html` gets
/// `lang="en"` and `head` a `<meta charset="UTF-8">` unless given, and text
/// that follows text or an inline element gets a space before it, as in
/// Spinneret (never before an element, none before punctuation, none inside
/// `pre`).
///
/// ```
/// use spinneret::tree::Node;
///
/// let tree = Node::element("section.intro")
///     .child(Node::element("h*").child(Node::text("News & views")))
///     .child(Node::element("a").attr("href", "/more").child(Node::text("More")));
/// assert_eq!(
///     tree.render().unwrap().as_str(),
///     r#"<section class="intro"><h2>News &amp; views</h2><a href="/more">More</a></section>"#
/// );
/// assert!(Node::element("blink").render().is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, escaped when rendered.
    Text(String),
    /// Trusted HTML, written as is.
    Raw(Safe<String>),
    /// A comment (made safe: `--` removed).
    Comment(String),
    /// `<!DOCTYPE html>`.
    Doctype,
}

/// An element of a run-time tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    /// The tag name, optionally followed by `.class` and `#id` parts.
    pub tag: String,
    /// Attributes in order; `None` is a boolean attribute that is present.
    pub attrs: Vec<(String, Option<String>)>,
    /// The content.
    pub children: Vec<Node>,
}

/// Why a tree could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TreeError {
    /// The tag is no HTML5, SVG, MathML or custom element.
    UnknownElement(String),
    /// The tag's `.class#id` shorthand is malformed (`div.`, `div..a`,
    /// `#id`): the same rule as [`TagName::parse`](crate::TagName::parse).
    BadShorthand(String),
    /// The attribute is not allowed on the element.
    AttributeNotAllowed {
        /// The element.
        element: String,
        /// The attribute.
        attribute: String,
    },
    /// A void element (`br`, `img`, …) was given children.
    VoidWithContent(String),
    /// The tree is deeper than [`MAX_TREE_DEPTH`].
    TooDeep,
    /// JSON that does not describe a tree.
    BadJson(String),
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::UnknownElement(name) => {
                write!(f, "unknown element `{name}`: HTML5 has no such element")
            }
            // The message `TagName::parse` gives for the same tag.
            TreeError::BadShorthand(tag) => {
                fmt::Display::fmt(&html5::TagNameError::Shorthand(tag.clone()), f)
            }
            TreeError::AttributeNotAllowed { element, attribute } => {
                write!(
                    f,
                    "attribute `{attribute}` is not allowed on `<{element}>` in HTML5"
                )
            }
            TreeError::VoidWithContent(name) => {
                write!(f, "`<{name}>` is a void element: it cannot have content")
            }
            TreeError::TooDeep => {
                write!(f, "the tree is nested deeper than {MAX_TREE_DEPTH} levels")
            }
            TreeError::BadJson(why) => write!(f, "this JSON is not an HTML tree: {why}"),
        }
    }
}

impl std::error::Error for TreeError {}

impl Node {
    /// An element node; `tag` may carry `.class#id`.
    ///
    /// ```
    /// let div = spinneret::tree::Node::element("div.a.b#x");
    /// assert_eq!(div.render().unwrap().as_str(), r#"<div class="a b" id="x"></div>"#);
    /// ```
    pub fn element(tag: &str) -> Node {
        Node::Element(Element {
            tag: tag.to_string(),
            ..Element::default()
        })
    }

    /// A text node.
    ///
    /// ```
    /// let t = spinneret::tree::Node::text("<hi>");
    /// assert_eq!(t.render().unwrap().as_str(), "&lt;hi&gt;");
    /// ```
    pub fn text(text: impl Into<String>) -> Node {
        Node::Text(text.into())
    }

    /// Adds an attribute to an element (no effect on other nodes).
    ///
    /// ```
    /// let input = spinneret::tree::Node::element("input").attr("value", "\"x\"");
    /// assert_eq!(input.render().unwrap().as_str(), r#"<input value="&quot;x&quot;">"#);
    /// ```
    pub fn attr(mut self, name: &str, value: &str) -> Node {
        if let Node::Element(e) = &mut self {
            e.attrs.push((name.to_string(), Some(value.to_string())));
        }
        self
    }

    /// Adds a boolean attribute to an element.
    ///
    /// ```
    /// let input = spinneret::tree::Node::element("input").flag("checked");
    /// assert_eq!(input.render().unwrap().as_str(), "<input checked>");
    /// ```
    pub fn flag(mut self, name: &str) -> Node {
        if let Node::Element(e) = &mut self {
            e.attrs.push((name.to_string(), None));
        }
        self
    }

    /// Appends a child to an element.
    ///
    /// ```
    /// use spinneret::tree::Node;
    /// let p = Node::element("p").child(Node::text("Hello")).child(Node::text("world"));
    /// assert_eq!(p.render().unwrap().as_str(), "<p>Hello world</p>");
    /// ```
    pub fn child(mut self, child: Node) -> Node {
        if let Node::Element(e) = &mut self {
            e.children.push(child);
        }
        self
    }

    /// Renders the tree, checking it against HTML5.
    ///
    /// ```
    /// let tree = spinneret::tree::Node::element("html");
    /// assert_eq!(tree.render().unwrap().as_str(), r#"<html lang="en"></html>"#);
    /// ```
    pub fn render(&self) -> Result<Markup, TreeError> {
        let mut out = String::new();
        self.render_to(&mut out)?;
        Ok(crate::__private::markup(out))
    }

    /// Renders the tree and pretty prints it in Spinneret's `:tree` style,
    /// the default of its `interpret-html-tree`: every element a block with
    /// its end tag, every piece of text on a line of its own (see
    /// [`PrettyOptions::tree`](crate::PrettyOptions::tree)). Raw nodes are
    /// copied untouched. For the human style, call
    /// [`render_pretty`](crate::render_pretty) with the tree's
    /// [`render`](Node::render).
    ///
    /// ```
    /// use spinneret::tree::Node;
    ///
    /// let tree = Node::element("ul.shuffle")
    ///     .child(Node::element("li").child(Node::text("Item1")))
    ///     .child(Node::element("li").child(Node::Raw(spinneret::Safe::mark("<b>kept   as is</b>".to_string()))));
    /// assert_eq!(
    ///     tree.to_pretty().unwrap(),
    ///     "<ul class=shuffle>\n <li>\n  Item1\n </li>\n <li><b>kept   as is</b>\n </li>\n</ul>"
    /// );
    /// ```
    pub fn to_pretty(&self) -> Result<String, TreeError> {
        let mut result = Ok(());
        let tree_style = crate::PrettyOptions {
            tree: true,
            ..crate::PrettyOptions::default()
        };
        let pretty = tree_style.render_pretty(|| {
            let rendered = self.render();
            match rendered {
                Ok(markup) => markup,
                Err(e) => {
                    result = Err(e);
                    Markup::default()
                }
            }
        });
        result.map(|()| pretty)
    }

    /// Renders the tree into `out`. On error, `out` may hold part of the
    /// output.
    ///
    /// ```
    /// let mut out = String::from("<main>");
    /// spinneret::tree::Node::text("a&b").render_to(&mut out).unwrap();
    /// assert_eq!(out, "<main>a&amp;b");
    /// ```
    pub fn render_to(&self, out: &mut String) -> Result<(), TreeError> {
        write_node(
            out,
            self,
            &Scope {
                sections: crate::__private::section_depth(),
                pre: false,
            },
            0,
        )
    }

    /// Reads a tree from JSON, in the shape Spinneret trees have:
    /// a string is text, `null` nothing, a number its digits, and an array
    /// `["tag.class#id", {"attr": "value"}, child, …]` an element (the
    /// object is optional; `true` makes a boolean attribute, `false`/`null`
    /// drops it). `["!doctype"]`, `["!comment", "text"]` and
    /// `["!raw", "html"]` are the pseudo-tags.
    ///
    /// ```
    /// use spinneret::tree::Node;
    /// let json = serde_json::json!(["ul", {"class": "menu"}, ["li", "One"], ["li", ["b", "Two"], "!"]]);
    /// let tree = Node::from_json(&json).unwrap();
    /// assert_eq!(tree.render().unwrap().as_str(), r#"<ul class="menu"><li>One</li><li><b>Two</b>!</li></ul>"#);
    /// ```
    pub fn from_json(value: &serde_json::Value) -> Result<Node, TreeError> {
        from_json(value, 0)
    }
}

fn from_json(value: &serde_json::Value, depth: usize) -> Result<Node, TreeError> {
    use serde_json::Value;
    if depth > MAX_TREE_DEPTH {
        return Err(TreeError::TooDeep);
    }
    Ok(match value {
        Value::Null => Node::Text(String::new()),
        Value::Bool(b) => Node::Text(if *b { "True" } else { "False" }.to_string()),
        Value::Number(n) => Node::Text(n.to_string()),
        Value::String(s) => Node::Text(s.clone()),
        Value::Object(_) => {
            return Err(TreeError::BadJson(
                "an object can only follow a tag name".to_string(),
            ))
        }
        Value::Array(items) => {
            let Some(Value::String(tag)) = items.first() else {
                return Err(TreeError::BadJson(
                    "an element array must start with its tag name".to_string(),
                ));
            };
            let text_of = |i: usize| {
                items
                    .get(i)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            match tag.as_str() {
                "!doctype" => return Ok(Node::Doctype),
                "!comment" => return Ok(Node::Comment(text_of(1))),
                "!raw" => return Ok(Node::Raw(Safe::mark(text_of(1)))),
                _ => {}
            }
            let mut element = Element {
                tag: tag.clone(),
                ..Element::default()
            };
            let mut rest = items.get(1..).unwrap_or_default();
            if let Some(Value::Object(attrs)) = rest.first() {
                for (name, value) in attrs {
                    match value {
                        Value::Null | Value::Bool(false) => {}
                        Value::Bool(true) => element.attrs.push((name.clone(), None)),
                        Value::String(s) => element.attrs.push((name.clone(), Some(s.clone()))),
                        other => element.attrs.push((name.clone(), Some(other.to_string()))),
                    }
                }
                rest = rest.get(1..).unwrap_or_default();
            }
            for child in rest {
                element.children.push(from_json(child, depth + 1)?);
            }
            Node::Element(element)
        }
    })
}

struct Scope {
    sections: usize,
    pre: bool,
}

fn write_node(out: &mut String, node: &Node, scope: &Scope, depth: usize) -> Result<(), TreeError> {
    if depth > MAX_TREE_DEPTH {
        return Err(TreeError::TooDeep);
    }
    match node {
        Node::Text(text) => escape_into(out, text),
        Node::Raw(html) => crate::__private::raw(out, html.as_str()),
        Node::Comment(text) => {
            out.push_str("<!-- ");
            out.push_str(&html5::safe_comment(text));
            out.push_str(" -->");
        }
        Node::Doctype => out.push_str("<!DOCTYPE html>"),
        Node::Element(e) => write_element(out, e, scope, depth)?,
    }
    Ok(())
}

fn write_element(
    out: &mut String,
    e: &Element,
    scope: &Scope,
    depth: usize,
) -> Result<(), TreeError> {
    // The `.class#id` shorthand, split by the parser `@tag` and `TagName` use.
    let parts =
        html5::split_shorthand(&e.tag).ok_or_else(|| TreeError::BadShorthand(e.tag.clone()))?;
    let name = if parts.name == "h*" {
        rules::heading_name(rules::heading_level(scope.sections))
    } else {
        parts.name
    };
    let kind =
        html5::element_kind(name).ok_or_else(|| TreeError::UnknownElement(name.to_string()))?;
    out.push('<');
    out.push_str(name);
    let mut attrs = crate::Attrs::new();
    // The default (`lang` on `html`) first, as Spinneret's `make-html`
    // writes it, unless the element has its own.
    if let Some((attr, value)) = rules::default_attribute(name) {
        if !e.attrs.iter().any(|(a, _)| a == attr) {
            attrs.set(attr, value);
        }
    }
    crate::__private::shorthand_attrs(&mut attrs, parts.classes, parts.id);
    for (attr, value) in &e.attrs {
        if !html5::attribute_allowed(kind, attr, &[]) || !html5::is_valid_attribute_name(attr) {
            return Err(TreeError::AttributeNotAllowed {
                element: name.to_string(),
                attribute: attr.clone(),
            });
        }
        match value {
            Some(value) => attrs.set(attr, value.as_str()),
            None => attrs.set(attr, true),
        }
    }
    filters::Render::render_to(&attrs, out);
    out.push('>');
    if html5::is_void(name) {
        if !e.children.is_empty() {
            return Err(TreeError::VoidWithContent(name.to_string()));
        }
        return Ok(());
    }
    if rules::adds_meta_charset(name)
        && !e.children.iter().any(|c| {
            matches!(c, Node::Element(m) if rules::is_meta_charset(element_name(&m.tag), m.attrs.iter().map(|(a, _)| a.as_str())))
        })
    {
        out.push_str(rules::META_CHARSET);
    }
    let inner = Scope {
        sections: scope.sections + usize::from(name == "section"),
        pre: scope.pre || html5::is_preformatted(name),
    };
    // The last character of the previous item when it is text or an
    // inline element: Spinneret writes a pending space before following
    // text only, never before a tag.
    let mut prev_end: Option<char> = None;
    for child in &e.children {
        if let (Node::Text(text), Some(prev)) = (child, prev_end) {
            let wants = text
                .chars()
                .next()
                .is_some_and(|next| rules::wants_space(prev, next));
            if wants && !inner.pre {
                out.push(' ');
            }
        }
        write_node(out, child, &inner, depth + 1)?;
        prev_end = match child {
            Node::Text(text) => text.chars().next_back().or(prev_end),
            Node::Element(m) if html5::is_spaced(element_name(&m.tag)) => Some('>'),
            // Raw content is not text: a space pending before it goes
            // after it, as in `html!`.
            Node::Raw(_) => prev_end,
            _ => None,
        };
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// The element name of a tag, without its `.class#id` shorthand.
fn element_name(tag: &str) -> &str {
    html5::split_shorthand(tag).map_or(tag, |parts| parts.name)
}
