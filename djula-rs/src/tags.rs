//! Custom tags registered by the application: simple tags (typed arguments
//! in, text out, Django's `simple_tag`), raw tags (the argument text as
//! written) and block tags (with an end tag; they receive their rendered body,
//! Djula's `def-delimited-tag`).

use std::fmt;
use std::sync::Arc;

use crate::compile::parser::Parser;
use crate::compile::tags::{body_until, TagToken};
use crate::compile::{Expr, Node};
use crate::error::Error;
use crate::render::{Context, Renderer};
use crate::syntax::split::split_contents;
use crate::value::Value;

type SimpleFn = Arc<dyn Fn(&[Value]) -> Result<Value, Error> + Send + Sync>;
type RawFn = Arc<dyn Fn(&str) -> Result<String, Error> + Send + Sync>;
type BlockFn = Arc<dyn Fn(&[Value], &str) -> Result<String, Error> + Send + Sync>;

/// What a custom tag does with its arguments.
pub(crate) enum TagKind {
    /// Arguments are expressions, evaluated and passed as values.
    Simple(SimpleFn),
    /// The raw argument text after the tag name.
    Raw(RawFn),
    /// Evaluated arguments and the rendered body up to `end<name>`.
    Block(BlockFn),
}

/// A registered custom tag.
pub(crate) struct CustomTag {
    pub name: Box<str>,
    pub kind: TagKind,
}

/// A compiled use of a custom tag.
pub(crate) struct CustomNode {
    tag: Arc<CustomTag>,
    args: Vec<Expr>,
    raw: Box<str>,
    body: Vec<Node>,
}

impl fmt::Debug for CustomNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CustomNode({})", self.tag.name)
    }
}

pub(crate) fn compile_custom(
    parser: &mut Parser<'_>,
    tag: Arc<CustomTag>,
    t: TagToken<'_>,
) -> Result<Node, Error> {
    let raw = t
        .contents
        .split_once(char::is_whitespace)
        .map(|(_, r)| r.trim())
        .unwrap_or_default();
    let mut args = Vec::new();
    if !matches!(tag.kind, TagKind::Raw(_)) {
        for bit in split_contents(raw) {
            args.push(parser.compile_expr(bit, t.span)?);
        }
    }
    let body = match tag.kind {
        TagKind::Block(_) => body_until(parser, t, &[&format!("end{}", tag.name)])?.0,
        _ => Vec::new(),
    };
    Ok(Node::Custom(Box::new(CustomNode {
        tag,
        args,
        raw: raw.into(),
        body,
    })))
}

pub(crate) fn render_custom(
    r: &mut Renderer<'_>,
    node: &CustomNode,
    ctx: &mut Context,
    out: &mut String,
) -> Result<(), Error> {
    let mut values = Vec::with_capacity(node.args.len());
    for a in &node.args {
        values.push(r.eval(a, ctx, false)?);
    }
    match &node.tag.kind {
        TagKind::Simple(f) => {
            let value = f(&values)?;
            crate::render::output::write_value(out, &value, ctx.autoescape);
        }
        TagKind::Raw(f) => {
            let text = f(&node.raw)?;
            if ctx.autoescape {
                filters::escape_into(out, &text);
            } else {
                out.push_str(&text);
            }
        }
        TagKind::Block(f) => {
            let mut body = String::new();
            r.render_nodes(&node.body, ctx, &mut body)?;
            out.push_str(&f(&values, &body)?);
        }
    }
    Ok(())
}
