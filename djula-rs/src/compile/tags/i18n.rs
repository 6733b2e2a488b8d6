//! `{% blocktranslate %}` and the language-information tags of `i18n`.
//! Without a catalog, translation is the identity (the source text).

use super::{fail, token_kwargs, TagError, TagResult, TagToken};
use crate::compile::compiler::Compiler;
use crate::compile::node::*;
use std::sync::Arc;

use crate::compile::expr::{compile_name, Expr, FilterCall, Head};
use crate::syntax::lexer::TokenKind;
use crate::value::Value;

pub(super) fn block_translate<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let tag = t.name();
    let mut remaining: Vec<&str> = bits.get(1..).unwrap_or_default().to_vec();
    let mut bindings: Vec<(Box<str>, Expr)> = Vec::new();
    let mut count = None;
    let mut target = None;
    let mut trimmed = false;
    let mut context = None;
    let mut seen: Vec<&str> = Vec::new();
    while !remaining.is_empty() {
        let option = remaining.remove(0);
        if seen.contains(&option) {
            return fail(
                parser,
                t,
                format!("The '{option}' option was specified more than once."),
            );
        }
        match option {
            "with" => {
                let kwargs = token_kwargs(parser, &mut remaining, true, t.span)?;
                if kwargs.is_empty() {
                    return fail(
                        parser,
                        t,
                        format!("\"with\" in '{tag}' tag needs at least one keyword argument."),
                    );
                }
                bindings.extend(kwargs);
            }
            "count" => {
                let kwargs = token_kwargs(parser, &mut remaining, true, t.span)?;
                if kwargs.len() != 1 {
                    return fail(
                        parser,
                        t,
                        format!("\"count\" in '{tag}' tag expected exactly one keyword argument."),
                    );
                }
                count = kwargs.into_iter().next();
            }
            "context" => {
                if remaining.is_empty() {
                    return fail(
                        parser,
                        t,
                        format!("\"context\" in '{tag}' tag expected exactly one argument."),
                    );
                }
                let value = remaining.remove(0);
                context = Some(parser.compile_expr(value, t.span)?);
            }
            "trimmed" => trimmed = true,
            "asvar" => {
                if remaining.is_empty() {
                    return fail(
                        parser,
                        t,
                        format!("No argument provided to the '{tag}' tag for the asvar option."),
                    );
                }
                target = Some(remaining.remove(0).into());
            }
            other => {
                return fail(
                    parser,
                    t,
                    format!("Unknown argument for '{tag}' tag: '{other}'."),
                )
            }
        }
        seen.push(option);
    }
    let mut singular = Vec::new();
    let mut plural = Vec::new();
    let mut in_plural = false;
    let tokens = match &t.tag.body {
        crate::syntax::ast::Body::Raw { tokens, .. } => tokens.as_slice(),
        _ => &[],
    };
    for token in tokens {
        let pieces = if in_plural {
            &mut plural
        } else {
            &mut singular
        };
        match token.kind {
            TokenKind::Text => pieces.push(
                SourceText::within(parser.source, token.contents).map_or_else(
                    || MessagePiece::OwnText(token.contents.into()),
                    MessagePiece::Text,
                ),
            ),
            TokenKind::Var => match compile_name(token.contents) {
                Ok(Head::Path(path)) => pieces.push(MessagePiece::Var(path)),
                _ => pieces.push(MessagePiece::Var(crate::compile::Path {
                    segments: Arc::from([crate::compile::expr::Segment::new(
                        crate::value::names::intern(token.contents),
                    )]),
                    slot: None,
                })),
            },
            _ => {
                if token.contents == "plural" && count.is_some() && !in_plural {
                    in_plural = true;
                    continue;
                }
                if count.is_some() && !in_plural && token.kind == TokenKind::Block {
                    return fail(
                        parser,
                        t,
                        format!("'{tag}' doesn't allow other block tags inside it"),
                    );
                }
                return fail(
                    parser,
                    t,
                    format!(
                        "'{tag}' doesn't allow other block tags (seen '{}') inside it",
                        token.contents
                    ),
                );
            }
        }
    }
    // With `count`, Django's loop wants `{% plural %}` before the end tag.
    if count.is_some() && !in_plural {
        return fail(
            parser,
            t,
            format!("'{tag}' doesn't allow other block tags inside it"),
        );
    }
    // Built by pushes: without their growth room.
    Ok(Some(Node::BlockTranslate(Box::new(BlockTranslateNode {
        bindings: bindings.into(),
        count: count.map(Box::new),
        singular: singular.into(),
        plural: plural.into(),
        target,
        trimmed,
        context: context.map(Box::new),
        span: t.span.into(),
    }))))
}

/// `get_available_languages`, `get_language_info`, `get_language_info_list`,
/// over Django's language tables.
pub(super) fn language_info<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let tag = t.name();
    let with_filter = |parser: &Compiler<'_>,
                       code: &str,
                       def: crate::builtins::FilterDef|
     -> Result<Expr, TagError> {
        let mut expr = parser.compile_expr(code, t.span)?;
        let mut filters = expr.filters.into_vec();
        filters.push(FilterCall::new(Arc::new(def), None));
        expr.filters = filters.into();
        Ok(expr)
    };
    match (tag, bits.as_slice()) {
        ("get_available_languages", [_, "as", name]) => {
            // Built when the tag renders, not held by the template.
            let expr = with_filter(
                parser,
                "None",
                crate::builtins::core::available_languages_def(),
            )?;
            Ok(Some(Node::SetVar(Box::new((
                (*name).into(),
                expr,
                t.span.into(),
            )))))
        }
        ("get_language_info", [_, "for", code, "as", name]) => {
            let expr = with_filter(parser, code, crate::builtins::core::language_info_def())?;
            Ok(Some(Node::SetVar(Box::new((
                (*name).into(),
                expr,
                t.span.into(),
            )))))
        }
        ("get_language_info_list", [_, "for", list, "as", name]) => {
            let expr = with_filter(
                parser,
                list,
                crate::builtins::core::language_info_list_def(),
            )?;
            Ok(Some(Node::SetVar(Box::new((
                (*name).into(),
                expr,
                t.span.into(),
            )))))
        }
        ("get_available_languages", _) => fail(
            parser,
            t,
            format!("'{tag}' requires 'as variable' (got {bits:?})"),
        ),
        _ => fail(
            parser,
            t,
            format!("'{tag}' requires 'for string as variable' (got {bits:?})"),
        ),
    }
}

/// `{% get_current_language as NAME %}` and `get_current_language_bidi`:
/// the render's language, and whether it is written right to left.
pub(super) fn current_language<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits: Vec<&str> = t.contents.split_whitespace().collect();
    match bits.as_slice() {
        [tag, "as", name] if *tag == "get_current_language_bidi" => {
            Ok(Some(Node::CurrentLanguageBidi(Named::boxed(name, t.span))))
        }
        [_, "as", name] => Ok(Some(Node::CurrentLanguage(Named::boxed(name, t.span)))),
        _ => fail(
            parser,
            t,
            format!("'{}' requires 'as variable' (got {bits:?})", t.name()),
        ),
    }
}

pub(super) fn translate<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let tag = t.name();
    let Some(message) = bits.get(1) else {
        return fail(parser, t, format!("'{tag}' takes at least one argument"));
    };
    let mut message = parser.compile_expr(message, t.span)?;
    // Django's `TranslateNode` reads a string constant once more as a
    // quoted literal (`Variable("'%s'" % var)`), so `\'` and `\\` are
    // unescaped a second time: `{% translate "a\\'b" %}` is `a'b`.
    if let Head::Literal(value @ Value::Safe(_)) = &mut message.head {
        if let Some(text) = value.as_str().filter(|text| text.contains('\\')) {
            let again = crate::syntax::expression::unescape_string_literal(&format!("'{text}'"));
            *value = Value::safe(again);
        }
    }
    let mut remaining: Vec<&str> = bits.get(2..).unwrap_or_default().to_vec();
    let mut noop = false;
    let mut target = None;
    let mut context = None;
    let mut seen: Vec<&str> = Vec::new();
    while !remaining.is_empty() {
        let option = remaining.remove(0);
        if seen.contains(&option) {
            return fail(
                parser,
                t,
                format!("The '{option}' option was specified more than once."),
            );
        }
        match option {
            "noop" => noop = true,
            "context" => {
                if remaining.is_empty() {
                    return fail(parser, t, format!("No argument provided to the '{tag}' tag for the context option."));
                }
                let value = remaining.remove(0);
                if value == "as" || value == "noop" {
                    return fail(
                        parser,
                        t,
                        format!("Invalid argument '{value}' provided to the '{tag}' tag for the context option"),
                    );
                }
                context = Some(parser.compile_expr(value, t.span)?);
            }
            "as" => {
                if remaining.is_empty() {
                    return fail(parser, t, format!("No argument provided to the '{tag}' tag for the as option."));
                }
                target = Some(remaining.remove(0).into());
            }
            other => {
                return fail(
                    parser,
                    t,
                    format!(
                        "Unknown argument for '{tag}' tag: '{other}'. The only options available are 'noop', 'context' \"xxx\", and 'as VAR'."
                    ),
                )
            }
        }
        seen.push(option);
    }
    if target.is_none() {
        message.share_literal();
    }
    if let (Head::Literal(Value::Safe(text)), [], false, None, None) =
        (&message.head, &*message.filters, noop, &context, &target)
    {
        return Ok(Some(Node::TranslateText(Box::new(TranslateText {
            message: text.clone(),
        }))));
    }
    Ok(Some(Node::Translate(Box::new(TranslateNode {
        message,
        options: (noop || context.is_some() || target.is_some()).then(|| {
            Box::new(TranslateOptions {
                noop,
                context,
                target,
            })
        }),
        span: t.span.into(),
    }))))
}
