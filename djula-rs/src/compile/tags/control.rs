//! Tags of control flow and output: `if`, `for`, `with`, `cycle`,
//! `ifchanged`, `filter`, `autoescape`, `firstof`, `now`, `lorem`,
//! `regroup`, `templatetag`, `widthratio`, `comment`.

use std::sync::Arc;

use super::{fail, section, token_kwargs, TagError, TagResult, TagToken};
use crate::builtins::libraries::BUILTIN_TAGS;
use crate::compile::compiler::{Compiler, NamedCycle};
use crate::compile::expr::Expr;
use crate::compile::node::*;
use crate::error::{Error, Span};
use crate::syntax::args::take_target;
use crate::syntax::ast::{Ast, Body, Marker};
use crate::syntax::condition::{self, ConditionError};
use crate::syntax::lexer::TokenKind;
use crate::value::Value;

pub(super) fn autoescape<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    if bits.len() != 2 {
        return fail(parser, t, "'autoescape' tag requires exactly one argument.");
    }
    let on = match bits.get(1).copied() {
        // `yes`/`no` are Djula's spellings.
        Some("on" | "yes") => true,
        Some("off" | "no") => false,
        _ => return fail(parser, t, "'autoescape' argument should be 'on' or 'off'"),
    };
    let (body, _) = section(parser, t)?;
    Ok(Some(Node::Autoescape(on, Box::new(body))))
}

/// `{% comment %}`: the parser skipped its body.
pub(super) fn comment(_: &mut Compiler<'_>, _: TagToken<'_, '_>) -> TagResult {
    Ok(None)
}

pub(super) fn cycle<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut args = t.bits();
    if args.len() < 2 {
        return fail(parser, t, "'cycle' tag requires at least two arguments");
    }
    if let [_, name] = args.as_slice() {
        // A reference is the named node itself (its state); it is not
        // the last cycle for `{% resetcycle %}`.
        let Some(NamedCycle {
            values,
            silent,
            key,
        }) = parser.cycle_names.get(*name).cloned()
        else {
            return if parser.cycle_names.is_empty() {
                fail(
                    parser,
                    t,
                    format!("No named cycles in template. '{name}' is not defined"),
                )
            } else {
                fail(parser, t, format!("Named cycle '{name}' does not exist"))
            };
        };
        return Ok(Some(Node::Cycle(Box::new(CycleNode {
            values,
            name: Some((*name).into()),
            silent,
            key,
            span: t.span.into(),
        }))));
    }
    let mut as_form = None;
    if args.len() > 4 {
        let n = args.len();
        if args.get(n - 3) == Some(&"as") {
            if args.last() != Some(&"silent") {
                let last = args.last().copied().unwrap_or_default();
                return fail(
                    parser,
                    t,
                    format!("Only 'silent' flag is allowed after cycle's name, not '{last}'."),
                );
            }
            args.pop();
            as_form = Some(true);
        } else if args.get(n - 2) == Some(&"as") {
            as_form = Some(false);
        }
    }
    let node = match as_form {
        Some(silent) => {
            let name = args.last().copied().unwrap_or_default();
            let values = args.get(1..args.len() - 2).unwrap_or_default();
            let values = values
                .iter()
                .map(|a| parser.compile_expr(a, t.span))
                .collect::<Result<Arc<[_]>, _>>()?;
            let key: Box<str> = format!("#cycle{}", parser.next_id()).into();
            // A later cycle of the same name is the one later tags name.
            parser.cycle_names.insert(
                name.to_string(),
                NamedCycle {
                    values: values.clone(),
                    silent,
                    key: key.clone(),
                },
            );
            CycleNode {
                values,
                name: Some(name.into()),
                silent,
                key,
                span: t.span.into(),
            }
        }
        None => {
            let values = args
                .iter()
                .skip(1)
                .map(|a| parser.compile_expr(a, t.span))
                .collect::<Result<Arc<[_]>, _>>()?;
            let key = format!("#cycle{}", parser.next_id());
            CycleNode {
                values,
                name: None,
                silent: false,
                key: key.into(),
                span: t.span.into(),
            }
        }
    };
    parser.last_cycle = Some(node.key.clone());
    Ok(Some(Node::Cycle(Box::new(node))))
}

pub(super) fn resetcycle<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let args = t.bits();
    match args.as_slice() {
        [_, name] => match parser.cycle_names.get(*name) {
            Some(NamedCycle { key, .. }) => {
                Ok(Some(Node::ResetCycle(Some(Named::boxed(key, t.span)))))
            }
            None => fail(parser, t, format!("Named cycle '{name}' does not exist.")),
        },
        [_] => match &parser.last_cycle {
            Some(key) => Ok(Some(Node::ResetCycle(Some(Named::boxed(key, t.span))))),
            None => fail(parser, t, "No cycles in template."),
        },
        _ => fail(parser, t, "'resetcycle' tag accepts at most one argument."),
    }
}

pub(super) fn filter<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let rest = t
        .contents
        .split_once(char::is_whitespace)
        .map(|(_, r)| r.trim())
        .unwrap_or_default();
    let expr = parser.compile_expr(&format!("var|{rest}"), t.span)?;
    for f in expr.filters.iter() {
        if matches!(&*f.def.name, "escape" | "safe") {
            let name = &f.def.name;
            return fail(
                parser,
                t,
                format!("\"filter {name}\" is not permitted.  Use the \"autoescape\" tag instead."),
            );
        }
    }
    let (body, _) = section(parser, t)?;
    Ok(Some(Node::Filter(Box::new((expr, body, t.span.into())))))
}

pub(super) fn firstof<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = t.bits();
    bits.remove(0);
    let target = take_target(&mut bits).map(Into::into);
    if bits.is_empty() {
        return fail(
            parser,
            t,
            "'firstof' statement requires at least one argument",
        );
    }
    let exprs = bits
        .iter()
        .map(|b| parser.compile_expr(b, t.span))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Node::Firstof(Box::new((
        exprs.into(),
        target,
        t.span.into(),
    )))))
}

pub(super) fn for_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    if bits.len() < 4 {
        return fail(
            parser,
            t,
            format!(
                "'for' statements should have at least four words: {}",
                t.contents
            ),
        );
    }
    let reversed = bits.last() == Some(&"reversed");
    let in_index = bits.len() - if reversed { 3 } else { 2 };
    if bits.get(in_index) != Some(&"in") {
        return fail(
            parser,
            t,
            format!(
                "'for' statements should use the format 'for x in y': {}",
                t.contents
            ),
        );
    }
    let joined = bits.get(1..in_index).unwrap_or_default().join(" ");
    let mut targets: Vec<Arc<str>> = Vec::with_capacity(1);
    // Djula's `(key . value)` destructures the entries of a dict (or pairs).
    let dotted_pair = joined
        .strip_prefix('(')
        .and_then(|j| j.strip_suffix(')'))
        .and_then(|inner| inner.split_once(" . "))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()));
    let joined = match &dotted_pair {
        Some((k, v)) => format!("{k},{v}"),
        None => joined,
    };
    for var in joined.split(',').map(|v| v.trim_matches(' ')) {
        if var.is_empty() || var.contains([' ', '"', '\'', '|']) {
            return fail(
                parser,
                t,
                format!("'for' tag received an invalid argument: {}", t.contents),
            );
        }
        targets.push(crate::value::names::intern(var));
    }
    targets.shrink_to_fit();
    let iterable =
        parser.compile_expr(bits.get(in_index + 1).copied().unwrap_or_default(), t.span)?;
    let (body, end) = section(parser, t)?;
    let uses_forloop = match &t.tag.body {
        Body::Sections { first, more, end } => {
            mentions_forloop(&first.nodes)
                || more.first().is_some_and(|s| reaches_forloop(&s.head))
                || reaches_forloop(end)
        }
        _ => true,
    };
    let empty = if end.command() == "empty" {
        Some(section(parser, t)?.0)
    } else {
        None
    };
    Ok(Some(Node::For(Box::new(ForNode {
        targets: targets.into(),
        iterable,
        reversed,
        body,
        empty,
        uses_forloop,
        entries: dotted_pair.is_some(),
        span: t.span.into(),
    }))))
}

/// Whether a tag token names `forloop` or may reach it from elsewhere.
pub(super) fn reaches_forloop(marker: &Marker<'_>) -> bool {
    names_forloop(marker.contents) || !is_plain_tag(marker.contents)
}

/// Whether text names `forloop`, or `block.super`, which renders the
/// parent's block here, where it may read `forloop`.
fn names_forloop(text: &str) -> bool {
    // Every `{{ … }}` and tag of a loop body is asked: one pass over the
    // bytes, where `str::contains` sets up a searcher per call and pattern.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'f', b'b', bytes).any(|i| {
        let rest = bytes.get(i..).unwrap_or_default();
        rest.starts_with(b"forloop") || rest.starts_with(b"block.super")
    })
}

/// Whether the body of a loop may use `forloop`: it names it, or holds a
/// tag that can reach it from another template (`include`, custom tags).
/// Decided once here, so loops that do not need the object skip it.
pub(super) fn mentions_forloop(nodes: &[Ast<'_>]) -> bool {
    // An explicit stack: bodies may nest deeply.
    let mut stack: Vec<&[Ast<'_>]> = vec![nodes];
    while let Some(list) = stack.pop() {
        for node in list {
            match node {
                Ast::Text(_) => {}
                Ast::Var(m) | Ast::Translation(m) => {
                    if names_forloop(m.contents) {
                        return true;
                    }
                }
                Ast::Tag(tag) => {
                    if reaches_forloop(&tag.head) {
                        return true;
                    }
                    match &tag.body {
                        Body::None => {}
                        Body::Rest(nodes) => stack.push(nodes),
                        body @ Body::Sections { end, .. } => {
                            if reaches_forloop(end) {
                                return true;
                            }
                            for section in body.sections() {
                                if reaches_forloop(&section.head) {
                                    return true;
                                }
                                stack.push(&section.nodes);
                            }
                        }
                        Body::Raw { tokens, end } => {
                            if reaches_forloop(end) {
                                return true;
                            }
                            let mentions = tokens.iter().any(|tok| {
                                tok.kind != TokenKind::Text
                                    && (tok.contents.contains("forloop")
                                        || tok.kind == TokenKind::Block
                                            && !is_plain_tag(tok.contents))
                            });
                            if mentions {
                                return true;
                            }
                        }
                    }
                }
            }
        }
    }
    false
}

/// Tags that cannot reach `forloop` from another template (an `include`
/// or a custom tag can), so a loop whose body uses only these and never
/// names `forloop` does not need the object.
pub(super) fn is_plain_tag(contents: &str) -> bool {
    let name = contents.split_whitespace().next().unwrap_or_default();
    // `block` and `partial` render a body written elsewhere (a child's
    // block, a partialdef), which may use the loop.
    BUILTIN_TAGS.binary_search(&name).is_ok()
        && !matches!(name, "include" | "ifchanged" | "block" | "partial")
        || name.starts_with("end")
        || matches!(name, "else" | "elif" | "empty")
}

pub(super) fn if_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    // One branch is the norm: room for more only when one comes.
    let mut branches: Vec<IfBranch> = Vec::with_capacity(1);
    let mut condition_text = t.contents;
    let mut condition_span = t.span;
    loop {
        let bits = crate::syntax::split::split_contents(condition_text);
        let condition =
            compile_condition(parser, bits.get(1..).unwrap_or_default(), condition_span)?;
        let (body, end) = section(parser, t)?;
        branches.push((Some(condition), body, condition_span.into()));
        match end.command() {
            "elif" => {
                condition_text = end.contents;
                condition_span = end.span;
            }
            _ => {
                let mut end = end;
                if end.contents == "else" {
                    let (body, after) = section(parser, t)?;
                    branches.push((None, body, end.span.into()));
                    end = after;
                }
                if end.contents != "endif" {
                    let message = format!(
                        "Malformed template tag at line {}: \"{}\"",
                        parser.line(end.span),
                        end.contents
                    );
                    return Err(TagError::Failed(parser.syntax_error(message, end.span)));
                }
                return Ok(Some(Node::If(Box::new(IfNode {
                    branches: branches.into(),
                }))));
            }
        }
    }
}

/// Djula's parentheses may touch their operands (`(bar or not baz)`):
/// split them into tokens of their own. Quoted and `_(…)` bits are kept.
pub(super) fn split_parentheses<'a>(bits: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(bits.len());
    for &bit in bits {
        if bit.starts_with("_(") || bit.starts_with('"') || bit.starts_with('\'') {
            out.push(bit);
            continue;
        }
        let inner = bit.trim_start_matches('(');
        out.extend(std::iter::repeat_n("(", bit.len() - inner.len()));
        let core = inner.trim_end_matches(')');
        let closes = inner.len() - core.len();
        let quoted_tail = core.ends_with('"') || core.ends_with('\'');
        if quoted_tail || core.is_empty() && closes == 0 {
            out.push(inner);
            continue;
        }
        if !core.is_empty() {
            out.push(core);
        }
        out.extend(std::iter::repeat_n(")", closes));
    }
    out
}

/// Compiles the bits of a condition (`{% if %}`, `{% elif %}`).
pub(crate) fn compile_condition(
    parser: &Compiler<'_>,
    bits: &[&str],
    span: Span,
) -> Result<crate::syntax::condition::Condition<Expr>, Error> {
    let max = parser.settings.max_depth;
    let bits = split_parentheses(bits);
    let operand = |bit: &str| match bit.to_ascii_lowercase().as_str() {
        // Django's own names: looked up as `{{ }}` does (a context key
        // `True` shadows the builtin, as in Django).
        _ if matches!(bit, "True" | "False" | "None") => parser.compile_expr(bit, span),
        // Djula's literals (Django reads these as unset variables).
        "true" => Ok(Expr::literal(Value::Bool(true))),
        "false" => Ok(Expr::literal(Value::Bool(false))),
        "nil" => Ok(Expr::literal(Value::None)),
        _ => parser.compile_expr(bit, span),
    };
    condition::parse(&bits, operand, max).map_err(|e| match e {
        ConditionError::Syntax(m) => parser.syntax_error(m, span),
        ConditionError::Operand(e) => e,
        ConditionError::TooDeep => parser.error_at(
            Error::new(
                crate::error::ErrorKind::Limit,
                format!("the condition nests deeper than the limit of {max} levels"),
            ),
            span,
        ),
    })
}

pub(super) fn ifchanged<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let exprs = bits
        .iter()
        .skip(1)
        .map(|b| parser.compile_expr(b, t.span))
        .collect::<Result<Vec<_>, _>>()?;
    let (body, end) = section(parser, t)?;
    let otherwise = if end.command() == "else" {
        section(parser, t)?.0
    } else {
        Box::default()
    };
    let key = format!("#ifchanged{}", parser.next_id());
    Ok(Some(Node::IfChanged(Box::new(IfChangedNode {
        exprs: exprs.into(),
        body,
        otherwise,
        key: key.into(),
        span: t.span.into(),
    }))))
}

pub(super) fn lorem<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = t.bits();
    let random = bits.last() == Some(&"random");
    if random {
        bits.pop();
    }
    let method = match bits.last().copied() {
        Some(m @ ("w" | "p" | "b")) => {
            bits.pop();
            m.chars().next().unwrap_or('b')
        }
        _ => 'b',
    };
    let count = if bits.len() > 1 {
        bits.pop().unwrap_or("1")
    } else {
        "1"
    };
    if bits.len() != 1 {
        return fail(parser, t, "Incorrect format for 'lorem' tag");
    }
    let count = parser.compile_expr(count, t.span)?;
    Ok(Some(Node::Lorem(Box::new(LoremNode {
        count,
        method,
        random,
        span: t.span.into(),
    }))))
}

pub(super) fn now<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = t.bits();
    let target = take_target(&mut bits).map(Into::into);
    let [_, format] = bits.as_slice() else {
        return fail(parser, t, "'now' statement takes one argument");
    };
    let inner = format
        .get(1..format.len().saturating_sub(1))
        .unwrap_or_default();
    Ok(Some(Node::Now(Box::new((
        Expr::literal(Value::str(inner)),
        target,
        t.span.into(),
    )))))
}

pub(super) fn regroup<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let [_, list, by, attr, as_, target] = bits.as_slice() else {
        return fail(parser, t, "'regroup' tag takes five arguments");
    };
    if *by != "by" {
        return fail(parser, t, "second argument to 'regroup' tag must be 'by'");
    }
    if *as_ != "as" {
        return fail(
            parser,
            t,
            "next-to-last argument to 'regroup' tag must be 'as'",
        );
    }
    let list = parser.compile_expr(list, t.span)?;
    let key = parser.compile_expr(&format!("{target}.{attr}"), t.span)?;
    Ok(Some(Node::Regroup(Box::new(RegroupNode {
        list,
        key,
        target: (*target).into(),
        span: t.span.into(),
    }))))
}

pub(super) fn templatetag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    const MAPPING: &[(&str, &str)] = &[
        ("openblock", "{%"),
        ("closeblock", "%}"),
        ("openvariable", "{{"),
        ("closevariable", "}}"),
        ("openbrace", "{"),
        ("closebrace", "}"),
        ("opencomment", "{#"),
        ("closecomment", "#}"),
    ];
    let bits: Vec<&str> = t.contents.split_whitespace().collect();
    let [_, which] = bits.as_slice() else {
        return fail(parser, t, "'templatetag' statement takes one argument");
    };
    match MAPPING.iter().find(|(k, _)| k == which) {
        Some((_, text)) => Ok(Some(Node::StaticText(text))),
        None => {
            let names: Vec<String> = MAPPING.iter().map(|(k, _)| format!("'{k}'")).collect();
            let error = Error::syntax(format!(
                "Invalid templatetag argument: '{which}'. Must be one of: [{}]",
                names.join(", ")
            ))
            .suggest(which, MAPPING.iter().map(|(k, _)| *k));
            Err(TagError::Failed(parser.error_at(error, t.span)))
        }
    }
}

pub(super) fn widthratio<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let (value, max, width, target) = match bits.as_slice() {
        [_, v, m, w] => (*v, *m, *w, None),
        [_, v, m, w, as_, target] => {
            if *as_ != "as" {
                return fail(
                    parser,
                    t,
                    "Invalid syntax in widthratio tag. Expecting 'as' keyword",
                );
            }
            (*v, *m, *w, Some((*target).into()))
        }
        _ => return fail(parser, t, "widthratio takes at least three arguments"),
    };
    Ok(Some(Node::WidthRatio(Box::new(WidthRatioNode {
        value: parser.compile_expr(value, t.span)?,
        max: parser.compile_expr(max, t.span)?,
        width: parser.compile_expr(width, t.span)?,
        target,
        span: t.span.into(),
    }))))
}

pub(super) fn with<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = t.bits();
    let mut remaining: Vec<&str> = bits.get(1..).unwrap_or_default().to_vec();
    let bindings = token_kwargs(parser, &mut remaining, true, t.span)?;
    if bindings.is_empty() {
        return fail(
            parser,
            t,
            "'with' expected at least one variable assignment",
        );
    }
    if let Some(bad) = remaining.first() {
        return fail(
            parser,
            t,
            format!("'with' received an invalid token: '{bad}'"),
        );
    }
    let (body, _) = section(parser, t)?;
    let bindings = bindings
        .into_iter()
        .map(|(name, value)| (crate::value::names::intern(&name), value))
        .collect();
    Ok(Some(Node::With(Box::new(WithNode {
        bindings,
        program: crate::compile::program::Program::lower_if_worth(&body, parser.source),
        body,
        span: t.span.into(),
    }))))
}

#[cfg(test)]
mod tests {
    use super::names_forloop;

    #[test]
    fn names_forloop_finds_either_name_anywhere() {
        for yes in [
            "forloop",
            "forloop.counter",
            "x|add:forloop.counter0",
            "b bf block.super",
            "fffforloop",
            "bblock.super",
        ] {
            assert!(names_forloop(yes), "{yes}");
        }
        for no in [
            "",
            "for",
            "forloo",
            "block",
            "block.supe",
            "f b",
            "loop.for",
        ] {
            assert!(!names_forloop(no), "{no}");
        }
    }
}
