//! Django's HTML filters: `linebreaks`, `linebreaksbr`, `force_escape`,
//! `escapeseq`, `safeseq`, `json_script`, `unordered_list`, `striptags`,
//! `truncatechars_html`, `truncatewords_html`, `urlize`, `urlizetrunc`.
//!
//! `autoescape` parameters mean "escape the input": pass
//! `autoescape && !input_is_safe`, as Django does.
//!
//! ```
//! use djula_filters::html::linebreaks;
//! assert_eq!(linebreaks("a\nb\n\nc", true).as_str(), "<p>a<br>b</p>\n\n<p>c</p>");
//! ```

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use std::fmt::Write as _;

use crate::error::FilterError;
use crate::lists::Piece;
use crate::stringformat::py_repr_str;
use crate::Safe;

pub use crate::html_text::{striptags, truncatechars_html, truncatewords_html};
pub use crate::pprint::{pformat, pprint, PyValue};
pub use crate::urlize::{urlize, urlize_with, urlizetrunc, AssumedScheme};

/// Django's `normalize_newlines`: `\r\n` and `\r` become `\n`.
fn normalize_newlines(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// Django's `linebreaks`: paragraphs (`<p>`) at blank lines, `<br>` at
/// single newlines. `autoescape` escapes the text first.
///
/// ```
/// use djula_filters::html::linebreaks;
/// assert_eq!(linebreaks("", true).as_str(), "<p></p>");
/// assert_eq!(linebreaks("x&y\r\n\r\n\r\nz", true).as_str(), "<p>x&amp;y</p>\n\n<p>z</p>");
/// assert_eq!(linebreaks("<b>", false).as_str(), "<p><b></p>");
/// ```
pub fn linebreaks(value: &str, autoescape: bool) -> Safe<String> {
    let text = normalize_newlines(value);
    let mut out = String::with_capacity(text.len() + 16);
    let mut first = true;
    for para in split_paragraphs(&text) {
        if !first {
            out.push_str("\n\n");
        }
        first = false;
        out.push_str("<p>");
        let body = if autoescape {
            crate::escape(para)
        } else {
            para.to_owned()
        };
        out.push_str(&body.replace('\n', "<br>"));
        out.push_str("</p>");
    }
    Safe::mark(out)
}

/// `re.split("\n{2,}", text)`.
fn split_paragraphs(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'\n') && bytes.get(i + 1) == Some(&b'\n') {
            parts.push(text.get(start..i).unwrap_or(""));
            let mut j = i;
            while bytes.get(j) == Some(&b'\n') {
                j += 1;
            }
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// Django's `linebreaksbr`: every newline becomes `<br>`. `autoescape`
/// escapes the text first.
///
/// ```
/// use djula_filters::html::linebreaksbr;
/// assert_eq!(linebreaksbr("a<\r\nb", true).as_str(), "a&lt;<br>b");
/// ```
pub fn linebreaksbr(value: &str, autoescape: bool) -> Safe<String> {
    let text = normalize_newlines(value);
    let text = if autoescape {
        crate::escape(&text)
    } else {
        text
    };
    Safe::mark(text.replace('\n', "<br>"))
}

/// Django's `force_escape`: escapes even text that is already safe.
///
/// ```
/// assert_eq!(djula_filters::html::force_escape("<&>").as_str(), "&lt;&amp;&gt;");
/// ```
pub fn force_escape(value: &str) -> Safe<String> {
    Safe::escape(value)
}

/// Django's `escapeseq`: each item conditionally escaped (safe items stay).
///
/// ```
/// use djula_filters::{html::escapeseq, lists::Piece};
/// let out = escapeseq(&[Piece::Text("<x>"), Piece::Safe("<y>")]);
/// assert_eq!(out[0].as_str(), "&lt;x&gt;");
/// assert_eq!(out[1].as_str(), "<y>");
/// ```
pub fn escapeseq(items: &[Piece<'_>]) -> Vec<Safe<String>> {
    items.iter().map(|p| p.escaped(true)).collect()
}

/// Django's `safeseq`: each item (its `str()`) marked safe.
///
/// ```
/// let out = djula_filters::html::safeseq(&["<b>", "i"]);
/// assert_eq!(out[0].as_str(), "<b>");
/// ```
pub fn safeseq<S: AsRef<str>>(items: &[S]) -> Vec<Safe<String>> {
    items
        .iter()
        .map(|s| Safe::mark(s.as_ref().to_owned()))
        .collect()
}

/// Python's `json.dumps(value)` (Django's `DjangoJSONEncoder` for JSON
/// values): `", "` and `": "` separators, non-ASCII as `\uXXXX`, floats as
/// Python prints them.
///
/// ```
/// let v = serde_json::json!({"a": [1, 2.5, null, true], "é": "x\"y"});
/// assert_eq!(djula_filters::html::python_json_dumps(&v), r#"{"a": [1, 2.5, null, true], "\u00e9": "x\"y"}"#);
/// ```
pub fn python_json_dumps(value: &serde_json::Value) -> String {
    let mut out = String::new();
    dump(&mut out, value);
    out
}

/// A string as Python's `json.dumps` writes it (quoted, non-ASCII as
/// `\uXXXX`), for a caller writing JSON from its own values.
///
/// ```
/// let mut out = String::new();
/// djula_filters::html::python_json_str(&mut out, "é\n");
/// assert_eq!(out, r#""\u00e9\n""#);
/// ```
pub fn python_json_str(out: &mut String, s: &str) {
    dump_str(out, s);
}

fn dump_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

fn dump(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_f64() {
                let f = n.as_f64().unwrap_or(0.0);
                let _ = write!(out, "{}", crate::PythonFloat(f));
            } else {
                let _ = write!(out, "{n}");
            }
        }
        Value::String(s) => dump_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump_str(out, k);
                out.push_str(": ");
                dump(out, v);
            }
            out.push('}');
        }
    }
}

/// Django's `json_script` over JSON text already serialised the way Python
/// does (see [`python_json_dumps`]): escapes `<`, `>`, `&` as `\u003C`…
/// and wraps it in `<script type="application/json">`, with an `id`
/// (conditionally escaped) when `element_id` is given and not empty.
///
/// ```
/// use djula_filters::{html::json_script_text, lists::Piece};
/// assert_eq!(json_script_text(r#"{"a": "</script>"}"#, Some(Piece::Text("id"))).as_str(),
///            r#"<script id="id" type="application/json">{"a": "\u003C/script\u003E"}</script>"#);
/// ```
pub fn json_script_text(json: &str, element_id: Option<Piece<'_>>) -> Safe<String> {
    let mut out = String::with_capacity(json.len() + 48);
    match element_id {
        Some(id) if !id.as_str().is_empty() => {
            out.push_str("<script id=\"");
            out.push_str(id.escaped(true).as_str());
            out.push_str("\" type=\"application/json\">");
        }
        _ => out.push_str("<script type=\"application/json\">"),
    }
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
    Safe::mark(out)
}

/// Django's `json_script` for a JSON value.
///
/// ```
/// let v = serde_json::json!({"a": "<b>&"});
/// assert_eq!(djula_filters::html::json_script(&v, None).as_str(),
///            r#"<script type="application/json">{"a": "\u003Cb\u003E\u0026"}</script>"#);
/// ```
pub fn json_script(value: &serde_json::Value, element_id: Option<Piece<'_>>) -> Safe<String> {
    json_script_text(&python_json_dumps(value), element_id)
}

/// Django's `escape`: `conditional_escape`, escaping plain text and
/// leaving safe text alone.
///
/// ```
/// use djula_filters::{html::escape, lists::Piece};
/// assert_eq!(escape(Piece::Text("<")).as_str(), "&lt;");
/// assert_eq!(escape(Piece::Safe("<")).as_str(), "<");
/// ```
pub fn escape(value: Piece<'_>) -> Safe<String> {
    value.escaped(true)
}

/// Django's `safe`: marks the text safe.
///
/// ```
/// assert_eq!(djula_filters::html::safe("<b>").as_str(), "<b>");
/// ```
pub fn safe(value: &str) -> Safe<String> {
    Safe::mark(value.to_owned())
}

/// An entry of the nested list given to [`unordered_list`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListNode<'a> {
    /// An item (its `str()`; safe items are not escaped).
    Item(Piece<'a>),
    /// A list: right after an item it holds that item's children;
    /// elsewhere it is an item itself, printed as its `str()` (the text
    /// given, or else the `repr()` of its items as strings).
    List(Vec<ListNode<'a>>, Option<&'a str>),
}

/// Nesting beyond this is an error (Python would hit its recursion limit).
const MAX_LIST_DEPTH: usize = 200;

/// Django's `unordered_list`: `<li>` items, a list right after an item
/// nested as its `<ul>`, indented with tabs, without the outer `<ul>`.
/// `autoescape` conditionally escapes the items. Nesting deeper than 200
/// levels is an error.
///
/// ```
/// use djula_filters::html::{unordered_list, ListNode::*};
/// use djula_filters::lists::Piece::Text;
/// let v = [Item(Text("States")), List(vec![Item(Text("Kansas")), List(vec![Item(Text("Lawrence"))], None)], None)];
/// assert_eq!(unordered_list(&v, true).unwrap().as_str(),
///     "\t<li>States\n\t<ul>\n\t\t<li>Kansas\n\t\t<ul>\n\t\t\t<li>Lawrence</li>\n\t\t</ul>\n\t\t</li>\n\t</ul>\n\t</li>");
/// ```
pub fn unordered_list(
    items: &[ListNode<'_>],
    autoescape: bool,
) -> Result<Safe<String>, FilterError> {
    let mut out = String::new();
    list_formatter(&mut out, items, 1, autoescape)?;
    Ok(Safe::mark(out))
}

/// Python's `str()` of a nested list of strings: `['a', ['b']]`.
fn list_repr(out: &mut String, items: &[ListNode<'_>], depth: usize) -> Result<(), FilterError> {
    if depth > MAX_LIST_DEPTH {
        return Err(depth_error());
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match item {
            ListNode::Item(p) => out.push_str(&py_repr_str(p.as_str(), false)),
            ListNode::List(inner, _) => list_repr(out, inner, depth + 1)?,
        }
    }
    out.push(']');
    Ok(())
}

fn depth_error() -> FilterError {
    FilterError::new(format!(
        "unordered_list: the list is nested more than {MAX_LIST_DEPTH} levels deep"
    ))
}

fn list_formatter(
    out: &mut String,
    items: &[ListNode<'_>],
    tabs: usize,
    autoescape: bool,
) -> Result<(), FilterError> {
    if tabs > MAX_LIST_DEPTH {
        return Err(depth_error());
    }
    let indent = "\t".repeat(tabs);
    let mut i = 0;
    let mut first = true;
    while let Some(item) = items.get(i) {
        let children = match items.get(i + 1) {
            Some(ListNode::List(c, _)) => {
                i += 2;
                Some(c)
            }
            _ => {
                i += 1;
                None
            }
        };
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&indent);
        out.push_str("<li>");
        match item {
            ListNode::Item(p) => out.push_str(p.escaped(autoescape).as_str()),
            ListNode::List(inner, text) => {
                let mut repr = String::new();
                match text {
                    Some(text) => repr.push_str(text),
                    None => list_repr(&mut repr, inner, tabs)?,
                }
                if autoescape {
                    crate::escape_into(out, &repr);
                } else {
                    out.push_str(&repr);
                }
            }
        }
        if let Some(children) = children.filter(|c| !c.is_empty()) {
            let _ = write!(out, "\n{indent}<ul>\n");
            list_formatter(out, children, tabs + 1, autoescape)?;
            let _ = write!(out, "\n{indent}</ul>\n{indent}");
        }
        out.push_str("</li>");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ListNode::*;
    use super::*;
    use crate::lists::Piece::{Safe as S, Text};

    #[test]
    fn lists_like_django() {
        // Values from Django's test_unordered_list.py.
        let v = [Item(Text("item 1")), Item(Text("item 2"))];
        assert_eq!(
            unordered_list(&v, true).unwrap().as_str(),
            "\t<li>item 1</li>\n\t<li>item 2</li>"
        );
        let v = [Item(S("<a>item 1</a>")), Item(Text("<b>"))];
        assert_eq!(
            unordered_list(&v, true).unwrap().as_str(),
            "\t<li><a>item 1</a></li>\n\t<li>&lt;b&gt;</li>"
        );
        let v = [Item(Text("a")), List(vec![], None)];
        assert_eq!(unordered_list(&v, false).unwrap().as_str(), "\t<li>a</li>");
        let v = [List(vec![Item(Text("x"))], None)];
        assert_eq!(
            unordered_list(&v, true).unwrap().as_str(),
            "\t<li>[&#x27;x&#x27;]</li>"
        );
        let mut deep = ListNode::Item(Text("x"));
        for _ in 0..300 {
            deep = List(vec![Item(Text("a")), deep], None);
        }
        assert!(unordered_list(&[Item(Text("a")), deep], true).is_err());
    }

    #[test]
    fn breaks() {
        assert_eq!(linebreaks("\n\na", true).as_str(), "<p></p>\n\n<p>a</p>");
        assert_eq!(linebreaks("a\n", true).as_str(), "<p>a<br></p>");
        assert_eq!(linebreaksbr("a\rb", false).as_str(), "a<br>b");
    }

    #[test]
    fn json() {
        let v = serde_json::json!(["\u{1F600}", 1e16, -0.0, "\u{7f}"]);
        assert_eq!(
            python_json_dumps(&v),
            r#"["\ud83d\ude00", 1e+16, -0.0, "\u007f"]"#
        );
        assert_eq!(
            json_script_text("1", Some(Text(""))).as_str(),
            r#"<script type="application/json">1</script>"#
        );
    }
}
