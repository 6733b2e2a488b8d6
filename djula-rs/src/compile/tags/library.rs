//! Tags of the standard libraries and of the URL and static helpers:
//! `load`, `url`, `querystring`, `static`, `cache`, and the `… as var`
//! tags that bind a fixed value.

use super::{fail, kwarg_split, section, TagResult, TagToken};
use crate::compile::compiler::Compiler;
use crate::compile::expr::Expr;
use crate::compile::node::*;
use crate::syntax::args::take_target;
use crate::value::Value;

/// `{% load … %}`: the parser checked it; filters of the libraries it
/// loads are usable from here on.
pub(super) fn load<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    match parser.loaded.load(t.contents) {
        Ok(()) => Ok(None),
        Err(e) => fail(parser, t, e.message()),
    }
}

pub(super) fn querystring<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = t.bits();
    bits.remove(0);
    let target = take_target(&mut bits).map(Into::into);
    let mut bases = Vec::new();
    let mut updates = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for bit in bits {
        match kwarg_split(bit) {
            Some((key, value)) => {
                if !keys.insert(key) {
                    return fail(
                        parser,
                        t,
                        format!(
                            "'querystring' received multiple values for keyword argument '{key}'"
                        ),
                    );
                }
                updates.push((
                    Expr::literal(Value::str(key)),
                    parser.compile_expr(value, t.span)?,
                ));
            }
            None => {
                if !updates.is_empty() {
                    return fail(parser, t, "positional argument follows keyword argument");
                }
                bases.push(parser.compile_expr(bit, t.span)?);
            }
        }
    }
    Ok(Some(Node::Querystring(Box::new(QuerystringNode {
        bases: bases.into(),
        updates: updates.into(),
        target,
        span: t.span.into(),
    }))))
}

/// `{% csp_nonce_attr [media | media=…] [as var] %}`, with the errors of
/// Django's `parse_bits` for its one optional parameter.
pub(super) fn csp_nonce_attr<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    const TAG: &str = "csp_nonce_attr";
    let mut bits = t.bits();
    bits.remove(0);
    let target = take_target(&mut bits).map(Into::into);
    let mut media = None;
    let mut by_keyword = false;
    for bit in bits {
        let problem = match kwarg_split(bit) {
            Some(("media", _)) if by_keyword => {
                Some("received multiple values for keyword argument 'media'".to_string())
            }
            Some(("media", value)) => {
                by_keyword = true;
                media = Some(parser.compile_expr(value, t.span)?);
                None
            }
            Some((key, _)) => Some(format!("received unexpected keyword argument '{key}'")),
            None if by_keyword => {
                Some("received some positional argument(s) after some keyword argument(s)".into())
            }
            None if media.is_some() => Some("received too many positional arguments".into()),
            None => {
                media = Some(parser.compile_expr(bit, t.span)?);
                None
            }
        };
        if let Some(problem) = problem {
            return fail(parser, t, format!("'{TAG}' {problem}"));
        }
    }
    Ok(Some(Node::CspNonce(Box::new(CspNonceNode {
        media,
        target,
        span: t.span.into(),
    }))))
}

pub(super) fn url<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = t.bits();
    if bits.len() < 2 {
        return fail(
            parser,
            t,
            "'url' takes at least one argument, a URL pattern name.",
        );
    }
    bits.remove(0);
    let mut name = parser.compile_expr(bits.remove(0), t.span)?;
    name.share_literal();
    let target = take_target(&mut bits).map(Into::into);
    let mut args = Vec::new();
    let mut kwargs = Vec::new();
    for bit in bits {
        match kwarg_split(bit) {
            Some((k, v)) => kwargs.push((k.into(), parser.compile_expr(v, t.span)?)),
            None => args.push(parser.compile_expr(bit, t.span)?),
        }
    }
    Ok(Some(Node::Url(Box::new(UrlNode {
        name,
        args: args.into(),
        kwargs: kwargs.into(),
        target,
        span: t.span.into(),
    }))))
}

pub(super) fn static_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    if bits.len() < 2 {
        return fail(
            parser,
            t,
            "'static' takes at least one argument (path to file)",
        );
    }
    let path = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
    // Django's `StaticNode.handle_token`: the variable is the fourth bit
    // whenever the one before the last is `as`; other bits are ignored.
    let target = match bits.get(bits.len().saturating_sub(2)) {
        Some(&"as") => match bits.get(3) {
            Some(name) => Some((*name).into()),
            None => {
                return fail(
                    parser,
                    t,
                    "'static' takes a variable name after 'as': {% static \"path\" as name %}",
                )
            }
        },
        _ => None,
    };
    Ok(Some(Node::Static(Box::new((path, target, t.span.into())))))
}

pub(super) fn cache<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    if bits.len() < 3 {
        return fail(parser, t, "'cache' tag requires at least 2 arguments.");
    }
    // Django's order: `using=` is taken from the end first (when more
    // than the fragment's name follows), then the `vary_on` values.
    let mut rest = bits.get(3..).unwrap_or_default();
    let mut using = None;
    if let Some((last, before)) = rest.split_last() {
        if let Some(name) = last.strip_prefix("using=") {
            using = Some(parser.compile_expr(name, t.span)?);
            rest = before;
        }
    }
    let vary_on = rest
        .iter()
        .map(|bit| parser.compile_expr(bit, t.span))
        .collect::<Result<Vec<_>, _>>()?;
    let timeout = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
    let fragment = bits.get(2).copied().unwrap_or_default().into();
    let body = section(parser, t)?.0;
    Ok(Some(Node::Cache(Box::new(crate::compile::CacheNode {
        timeout,
        fragment,
        vary_on: vary_on.into(),
        using,
        body,
        span: t.span.into(),
    }))))
}
