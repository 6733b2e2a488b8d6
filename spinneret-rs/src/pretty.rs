//! Pretty printing: Spinneret's `*print-pretty*` human style, as a pass over
//! finished HTML so that the fast compact path pays nothing for it.

use crate::html5;

/// The column text is wrapped at, counted from the start of the line.
pub const FILL_COLUMN: usize = 80;

/// Indentation per nesting level.
const INDENT: &str = "  ";

/// Past this depth the rest of the tree is printed compactly, so that no
/// input can exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Re-indents HTML for people to read, as Spinneret's pretty printer does.
///
/// - Every block element starts on its own line, indented two spaces per
///   level; a block element holding only text and inline elements stays on
///   one line (`<li>one</li>`, `<p>Hello <b>you</b></p>`).
/// - Inline elements (`a`, `b`, `span`, `input`, …) stay inside the text.
/// - Text is wrapped at a fill column of 80; continuation lines are indented
///   one level deeper.
/// - `pre`, `textarea`, `script` and `style` are copied untouched.
///
/// Only whitespace between words and around block elements changes, so the
/// page renders the same. [`Markup::to_pretty`](crate::Markup::to_pretty)
/// is the usual way to call it.
///
/// ```
/// let page = spinneret::html! {
///     div.card { h2 { "Title" } p { "Some " b { "bold" } " text" } pre { "  kept\n as is" } }
/// };
/// assert_eq!(
///     spinneret::pretty(page.as_str()),
///     "<div class=\"card\">\n  <h2>Title</h2>\n  <p>Some <b>bold</b> text</p>\n  <pre>  kept\n as is</pre>\n</div>\n"
/// );
/// ```
pub fn pretty(html: &str) -> String {
    let nodes = parse(html);
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    print_children(&mut out, &nodes, 0);
    out
}

enum PNode<'a> {
    /// An element: its open tag text, name, children and close tag text.
    Element {
        open: &'a str,
        name: &'a str,
        children: Vec<PNode<'a>>,
        close: &'a str,
    },
    /// A preformatted element, copied whole.
    Verbatim(&'a str, &'a str),
    Text(&'a str),
    /// A comment or doctype.
    Other(&'a str),
}

fn parse(html: &str) -> Vec<PNode<'_>> {
    // An explicit stack instead of recursion: (name, open tag, children).
    let mut stack: Vec<(&str, &str, Vec<PNode>)> = vec![("", "", Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let (token, after) = if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            rest.split_at(end)
        } else if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            rest.split_at(end)
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            rest.split_at(end)
        };
        rest = after;
        let Some(level) = stack.last_mut() else { break };
        if !token.starts_with('<') || token.starts_with("<![CDATA[") {
            // A CDATA section flows with the text around it (it holds no
            // `>` before its end, see `@cdata`).
            level.2.push(PNode::Text(token));
        } else if token.starts_with("<!") {
            level.2.push(PNode::Other(token));
        } else if let Some(name) = token.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim();
            if let Some(depth) = stack.iter().rposition(|(n, _, _)| *n == name) {
                while stack.len() > depth {
                    let Some((n, open, children)) = stack.pop() else {
                        break;
                    };
                    let close = if stack.len() == depth { token } else { "" };
                    if let Some(parent) = stack.last_mut() {
                        parent.2.push(PNode::Element {
                            open,
                            name: n,
                            children,
                            close,
                        });
                    }
                }
            }
        } else {
            let name = tag_name(token);
            if html5::is_preformatted(name) {
                let close_tag = format!("</{name}");
                let end = rest.find(&close_tag).unwrap_or(rest.len());
                let end = rest[end..].find('>').map_or(rest.len(), |i| end + i + 1);
                let (content, after) = rest.split_at(end);
                rest = after;
                level.2.push(PNode::Verbatim(token, content));
            } else if html5::is_void(name) || token.ends_with("/>") {
                level.2.push(PNode::Element {
                    open: token,
                    name,
                    children: Vec::new(),
                    close: "",
                });
            } else {
                stack.push((name, token, Vec::new()));
            }
        }
    }
    // Close what is left open.
    while stack.len() > 1 {
        let Some((name, open, children)) = stack.pop() else {
            break;
        };
        if let Some(parent) = stack.last_mut() {
            parent.2.push(PNode::Element {
                open,
                name,
                children,
                close: "",
            });
        }
    }
    stack
        .pop()
        .map(|(_, _, children)| children)
        .unwrap_or_default()
}

fn tag_name(tag: &str) -> &str {
    let rest = tag.trim_start_matches('<');
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

fn is_inline(node: &PNode) -> bool {
    match node {
        PNode::Text(_) => true,
        PNode::Element { name, children, .. } => {
            html5::is_inline(name) && children.iter().all(is_inline)
        }
        PNode::Verbatim(open, _) => html5::is_inline(tag_name(open)),
        PNode::Other(_) => false,
    }
}

fn compact(out: &mut String, node: &PNode) {
    match node {
        PNode::Text(t) | PNode::Other(t) => out.push_str(t),
        PNode::Verbatim(open, content) => {
            out.push_str(open);
            out.push_str(content);
        }
        PNode::Element {
            open,
            children,
            close,
            ..
        } => {
            out.push_str(open);
            for child in children {
                compact(out, child);
            }
            out.push_str(close);
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// Writes an inline run as wrapped lines at `depth`.
fn print_run(out: &mut String, run: &[&PNode], depth: usize) {
    let mut text = String::new();
    for node in run {
        compact(&mut text, node);
    }
    // Words: split at whitespace outside tags and outside `textarea`.
    let mut words: Vec<&str> = Vec::new();
    let (mut start, mut in_tag, mut verbatim) = (None::<usize>, false, false);
    for (i, c) in text.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                verbatim = (verbatim || text[i..].starts_with("<textarea"))
                    && !text[i..].starts_with("</textarea");
            }
            '>' => in_tag = false,
            _ => {}
        }
        if c.is_whitespace() && !in_tag && !verbatim {
            if let Some(s) = start.take() {
                words.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    if words.is_empty() {
        return;
    }
    let first_indent = depth * INDENT.len();
    indent(out, depth);
    let mut column = first_indent;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            if column + 1 + word.len() > FILL_COLUMN && column > first_indent {
                out.push('\n');
                indent(out, depth + 1);
                column = (depth + 1) * INDENT.len();
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(word);
        column += word.len();
    }
    out.push('\n');
}

fn print_children(out: &mut String, nodes: &[PNode], depth: usize) {
    let mut run: Vec<&PNode> = Vec::new();
    for node in nodes {
        if is_inline(node) {
            run.push(node);
            continue;
        }
        print_run(out, &run, depth);
        run.clear();
        print_block(out, node, depth);
    }
    print_run(out, &run, depth);
}

fn print_block(out: &mut String, node: &PNode, depth: usize) {
    match node {
        PNode::Element {
            open,
            children,
            close,
            ..
        } if depth < MAX_DEPTH && !children.iter().all(is_inline) => {
            indent(out, depth);
            out.push_str(open);
            out.push('\n');
            print_children(out, children, depth + 1);
            indent(out, depth);
            out.push_str(close);
            out.push('\n');
        }
        PNode::Element { .. } if depth < MAX_DEPTH => {
            // Only inline content: the element stays on one (wrapped) line.
            print_run(out, &[node], depth);
        }
        _ => {
            indent(out, depth);
            compact(out, node);
            out.push('\n');
        }
    }
}
