//! A use of a custom tag the application registered, compiled: its
//! arguments as expressions (or the raw text) and, for block tags, the body.

use std::fmt;
use std::sync::Arc;

use super::compiler::Compiler;
use super::tags::TagToken;
use super::{Expr, Node};
use crate::builtins::custom_tag::{CustomTag, TagKind};
use crate::error::Error;
use crate::syntax::split::split_contents;

/// A compiled use of a custom tag.
pub(crate) struct CustomNode {
    pub tag: Arc<CustomTag>,
    pub args: Box<[Expr]>,
    pub raw: Box<str>,
    pub body: super::node::Nodes,
    pub span: crate::error::NodeSpan,
}

impl fmt::Debug for CustomNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CustomNode({})", self.tag.name)
    }
}

pub(crate) fn compile_custom<'s>(
    parser: &mut Compiler<'s>,
    tag: Arc<CustomTag>,
    t: TagToken<'_, 's>,
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
        TagKind::Block(_) => super::tags::section(parser, t)?.0,
        _ => Box::default(),
    };
    Ok(Node::Custom(Box::new(CustomNode {
        tag,
        args: args.into(),
        raw: raw.into(),
        body,
        span: t.span.into(),
    })))
}
