//! Rendering a custom tag: evaluate its arguments, call the application's
//! function, write the result (escaped unless the tag returns HTML).

use super::{Context, Renderer};
use crate::builtins::custom_tag::TagKind;
use crate::compile::custom::CustomNode;
use crate::error::Error;

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
            crate::value::display::write_value(out, &value, ctx.autoescape);
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
