//! Djula's own tags and syntax, beside Django's: `{_ … _}` translations,
//! `ifequal`/`ifnotequal`, `super`, `js`/`js-script`/`emit-js`, `ssi`,
//! `set-language`/`show-language`, and clear errors for the Lisp-evaluating
//! forms that have no meaning in Rust.

use super::{fail, section, TagError, TagResult, TagToken};
use crate::compile::compiler::Compiler;
use crate::compile::expr::Expr;
use crate::compile::node::*;
use crate::error::{Error, Span};
use crate::syntax::condition::{Compare, Condition};
use crate::syntax::split::split_contents;

pub(crate) fn compile<'s>(
    parser: &mut Compiler<'s>,
    command: &str,
    t: TagToken<'_, 's>,
) -> TagResult {
    match command {
        "ifequal" | "ifnotequal" => ifequal(parser, t, command == "ifequal"),
        "super" => super_tag(parser, t),
        "js" => {
            let bits = t.bits();
            let [_, url] = bits.as_slice() else {
                return fail(parser, t, "'js' takes one argument: the script's URL");
            };
            Ok(Some(Node::Js(Box::new(JsNode::Src(
                parser.compile_expr(url, t.span)?,
                t.span.into(),
            )))))
        }
        "js-script" => {
            let (body, _) = section(parser, t)?;
            Ok(Some(Node::Js(Box::new(JsNode::Inline(body)))))
        }
        "emit-js" => Ok(Some(Node::EmitJs)),
        "ssi" => ssi(parser, t),
        "set-language" => {
            let bits = t.bits();
            let language = bits
                .get(1)
                .map(|l| l.trim_start_matches(':').to_string())
                .unwrap_or_default();
            Ok(Some(Node::SetLanguage(Named::boxed(&language, t.span))))
        }
        "show-language" => Ok(Some(Node::ShowLanguage)),
        "lisp" | "set" | "set-package" => fail(
            parser,
            t,
            format!("the '{command}' tag evaluates Common Lisp and is not supported in Rust"),
        )
        .map_err(|e| match e {
            TagError::Failed(e) => TagError::Failed(e.with_help(
                "register a filter (Engine::def_filter) or a tag (Engine::def_simple_tag) instead",
            )),
            other => other,
        }),
        _ => Err(TagError::Unknown),
    }
}

/// `{% ifequal a b %}…{% else %}…{% endifequal %}` (removed from Django 4.0).
fn ifequal<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>, equal: bool) -> TagResult {
    let bits = t.bits();
    let tag = t.name();
    let [_, a, b] = bits.as_slice() else {
        return fail(parser, t, format!("'{tag}' takes two arguments"));
    };
    let a = parser.compile_expr(a, t.span)?;
    let b = parser.compile_expr(b, t.span)?;
    let (body, stop) = section(parser, t)?;
    let otherwise = if stop.command() == "else" {
        Some((section(parser, t)?.0, stop.span))
    } else {
        None
    };
    let op = if equal { Compare::Eq } else { Compare::Ne };
    let condition = Condition::Compare(
        op,
        Box::new(Condition::Operand(a)),
        Box::new(Condition::Operand(b)),
    );
    let mut branches = vec![(Some(condition), body, t.span.into())];
    if let Some((otherwise, span)) = otherwise {
        branches.push((None, otherwise, span.into()));
    }
    Ok(Some(Node::If(Box::new(IfNode {
        branches: branches.into(),
    }))))
}

/// `{% super %}` / `{% super name %}`: the parent's version of the current
/// (or named) block. Only meaningful in a template that extends another.
fn super_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let name = match bits.as_slice() {
        [_] => None,
        [_, name] => Some((*name).into()),
        _ => {
            return fail(
                parser,
                t,
                "'super' takes at most one argument, a block name",
            )
        }
    };
    if !parser.seen_extends {
        let message = match &name {
            Some(name) => format!("Parent block {name} not found: the template does not extend another"),
            None => "No parent block: {% super %} only works inside a block of a template that extends another".into(),
        };
        return fail(parser, t, message);
    }
    if name.is_none() && parser.open_blocks.is_empty() {
        return fail(
            parser,
            t,
            "No parent block: {% super %} is outside any {% block %}",
        );
    }
    Ok(Some(Node::Super(Box::new((name, t.span.into())))))
}

/// `{% ssi path [parse] %}`: a file from an allowed directory, raw or rendered.
fn ssi<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let (path, parse) = match bits.as_slice() {
        [_, path] => (*path, false),
        [_, path, "parse"] => (*path, true),
        _ => return fail(parser, t, "'ssi' takes a path and an optional 'parse'"),
    };
    Ok(Some(Node::Ssi(Box::new(SsiNode {
        path: parser.compile_expr(path, t.span)?,
        parse,
        span: t.span.into(),
    }))))
}

/// `{_ "message" :name value … _}`: Djula's translation syntax.
pub(crate) fn translation(
    parser: &mut Compiler<'_>,
    contents: &str,
    span: Span,
) -> Result<Node, Error> {
    let bits = split_contents(contents);
    let Some(message) = bits.first() else {
        return Err(parser.syntax_error("empty translation {_ _}", span));
    };
    let message = parser.compile_expr(message, span)?;
    let args = keyword_args(parser, bits.get(1..).unwrap_or_default(), span)?;
    Ok(Node::DjulaTranslate(Box::new(DjulaTranslateNode {
        message,
        args: args.into(),
        span: span.into(),
    })))
}

/// Djula's `:key value` argument pairs.
pub(crate) fn keyword_args(
    parser: &Compiler<'_>,
    bits: &[&str],
    span: Span,
) -> Result<Vec<(Box<str>, Expr)>, Error> {
    let mut args = Vec::new();
    let mut rest = bits.iter();
    while let Some(key) = rest.next() {
        let Some(name) = key.strip_prefix(':') else {
            return Err(
                parser.syntax_error(format!("expected a :keyword argument, found '{key}'"), span)
            );
        };
        let Some(value) = rest.next() else {
            return Err(parser.syntax_error(format!("the argument :{name} has no value"), span));
        };
        let value = match *value {
            ":t" => Expr::literal(crate::value::Value::Bool(true)),
            ":nil" => Expr::literal(crate::value::Value::None),
            other => parser.compile_expr(other, span)?,
        };
        args.push((name.into(), value));
    }
    Ok(args)
}
