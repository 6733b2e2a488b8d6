//! Tags that combine templates: `block`, `extends`, `include`,
//! `partialdef`, `partial`.

use std::sync::Arc;

use super::{fail, section, token_kwargs, TagError, TagResult, TagToken};
use crate::compile::compiler::Compiler;
use crate::compile::node::*;
use crate::error::Span;
use crate::support::template_names::{resolve_relative, Recursion};
use crate::syntax::ast::Marker;

pub(super) fn block<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits: Vec<&str> = t.contents.split_whitespace().collect();
    let [_, name] = bits.as_slice() else {
        return fail(parser, t, "'block' tag takes only one argument");
    };
    parser.declare_block(name, t.span)?;
    parser.open_blocks.push((*name).to_string());
    let parsed = section(parser, t);
    parser.open_blocks.pop();
    let (body, end) = parsed?;
    expect_named_end(parser, t, &end, "endblock", name)?;
    let origin = Some(parser.block_origin());
    Ok(Some(Node::Block(Arc::new(BlockNode {
        // Block names repeat across a site's templates: the shared copy.
        name: crate::value::names::intern(name),
        program: crate::compile::program::Program::lower_if_worth(&body, parser.source),
        body,
        origin,
    }))))
}

/// Django's rule for `{% endblock [name] %}` and `{% endpartialdef [name] %}`:
/// the end tag may repeat the name, and nothing else.
pub(super) fn expect_named_end(
    parser: &Compiler<'_>,
    t: TagToken<'_, '_>,
    end: &Marker<'_>,
    end_tag: &str,
    name: &str,
) -> Result<(), TagError> {
    let named = end
        .contents
        .strip_prefix(end_tag)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|rest| rest == name);
    if end.contents == end_tag || named {
        return Ok(());
    }
    let with_name = format!("{end_tag} {name}");
    let message = format!(
        "Invalid block tag on line {}: '{}', expected '{end_tag}' or '{with_name}'. Did you forget to register or load this tag?",
        parser.line(end.span),
        end.contents
    );
    let help = format!(
        "the open {} is '{name}', from line {}: close it with {{% {end_tag} %}} or {{% {with_name} %}}",
        t.name(),
        parser.line(t.tag.head.span)
    );
    let error = crate::error::Error::syntax(message).with_help(help);
    Err(TagError::Failed(parser.error_at(error, end.span)))
}

/// The template name `bit` of an `extends` or `include`, with a relative
/// name (`"./x.html"`, `'../x.html'`) resolved against this template's, as
/// Django does while compiling.
fn relative_name<'b>(
    parser: &Compiler<'_>,
    bit: &'b str,
    span: Span,
    recursion: Recursion,
) -> Result<std::borrow::Cow<'b, str>, TagError> {
    match resolve_relative(Some(&parser.name), bit, recursion) {
        Ok(None) => Ok(std::borrow::Cow::Borrowed(bit)),
        Ok(Some(name)) => Ok(std::borrow::Cow::Owned(name)),
        Err(e) => Err(TagError::Failed(
            parser.syntax_error(e.message(bit, &parser.name), span),
        )),
    }
}

pub(super) fn extends<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let [_, parent] = bits.as_slice() else {
        return fail(parser, t, "'extends' takes one argument");
    };
    let name_span = parser.span_of(parent, t.span);
    let parent = relative_name(parser, parent, name_span, Recursion::Refused)?;
    let mut parent = parser.compile_expr(&parent, name_span)?;
    parent.share_literal();
    parser.seen_extends = true;
    let rest = parser.rest(t)?;
    if rest.iter().any(|n| matches!(n, Node::Extends(_))) {
        return fail(
            parser,
            t,
            "'extends' cannot appear more than once in the same template",
        );
    }
    let blocks = Compiler::blocks_of(&rest);
    Ok(Some(Node::Extends(Box::new(ExtendsNode {
        parent,
        blocks: blocks.into(),
        span: t.span.into(),
        name_span: name_span.into(),
        resolved: Default::default(),
    }))))
}

pub(super) fn include<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    if bits.len() < 2 {
        return fail(
            parser,
            t,
            "'include' tag takes at least one argument: the name of the template to be included.",
        );
    }
    let mut remaining: Vec<&str> = bits.get(2..).unwrap_or_default().to_vec();
    let mut only = false;
    let mut bindings = None;
    // Djula's `:key value` arguments, after any Django options.
    let mut keyword = Vec::new();
    if let Some(first_key) = remaining.iter().position(|b| b.starts_with(':')) {
        keyword = super::djula::keyword_args(
            parser,
            remaining.get(first_key..).unwrap_or_default(),
            t.span,
        )?;
        remaining.truncate(first_key);
    }
    while !remaining.is_empty() {
        let option = remaining.remove(0);
        match option {
            "with" => {
                if bindings.is_some() {
                    return fail(parser, t, "The 'with' option was specified more than once.");
                }
                let kwargs = token_kwargs(parser, &mut remaining, false, t.span)?;
                if kwargs.is_empty() {
                    return fail(
                        parser,
                        t,
                        "\"with\" in 'include' tag needs at least one keyword argument.",
                    );
                }
                bindings = Some(kwargs);
            }
            "only" => {
                if only {
                    return fail(parser, t, "The 'only' option was specified more than once.");
                }
                only = true;
            }
            other => {
                return fail(
                    parser,
                    t,
                    format!("Unknown argument for 'include' tag: '{other}'."),
                )
            }
        }
    }
    let name = bits.get(1).copied().unwrap_or_default();
    let name_span = parser.span_of(name, t.span);
    let name = relative_name(parser, name, name_span, Recursion::Allowed)?;
    let mut template = parser.compile_expr(&name, name_span)?;
    template.share_literal();
    let mut bindings = bindings.unwrap_or_default();
    bindings.extend(keyword);
    Ok(Some(Node::Include(std::sync::Arc::new(IncludeNode {
        template,
        bindings: bindings.into(),
        only,
        span: t.span.into(),
        name_span: name_span.into(),
        resolved: std::sync::OnceLock::new(),
    }))))
}

pub(super) fn partialdef<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let (name, inline) = match bits.as_slice() {
        [_, name, "inline"] => (*name, true),
        [_, _, _] => {
            return fail(
                parser,
                t,
                "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.",
            )
        }
        [_, name] => (*name, false),
        [_] => return fail(parser, t, "'partialdef' tag requires a single argument"),
        _ => return fail(parser, t, "'partialdef' tag takes at most 2 arguments"),
    };
    let (body, end) = section(parser, t)?;
    expect_named_end(parser, t, &end, "endpartialdef", name)?;
    if parser.partials.contains(name) {
        let template = parser.name.clone();
        return fail(
            parser,
            t,
            format!("Partial '{name}' is already defined in the '{template}' template."),
        );
    }
    let def = Arc::new(PartialDef {
        name: name.into(),
        body,
        inline,
    });
    parser.partials.insert(def.clone());
    Ok(Some(Node::PartialDef(def)))
}

pub(super) fn partial<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let [_, name] = bits.as_slice() else {
        return fail(parser, t, "'partial' tag requires a single argument");
    };
    Ok(Some(Node::Partial(Named::boxed(name, t.span))))
}
