//! Compile functions of the built-in tags, one per tag, following the
//! argument rules and error messages of Django's `defaulttags`,
//! `loader_tags` and the standard libraries (`i18n`, `static`, `l10n`, `tz`,
//! `cache`).

use std::sync::Arc;

use std::cell::Cell;

use super::compiler::Compiler;
use super::expr::Expr;
use super::node::*;
use crate::builtins::libraries::{BUILTIN_TAGS, DJULA_TAGS};
use crate::error::{Error, Span};
use crate::syntax::ast::{Ast, Body, Marker, Tag};
use crate::syntax::condition::{self, ConditionError};
use crate::syntax::lexer::TokenKind;
use crate::syntax::split::split_contents;
use crate::value::Value;

/// Why a tag did not compile.
pub(crate) enum TagError {
    /// No tag of that name is available here.
    Unknown,
    /// The tag is known but its use is wrong.
    Failed(Error),
}

impl From<Error> for TagError {
    fn from(e: Error) -> TagError {
        TagError::Failed(e)
    }
}

type TagResult = Result<Option<Node>, TagError>;

/// Compiles the tag `t` (its body paired by the parser); `Ok(None)` for
/// tags that leave no node.
pub(crate) fn compile_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let command = t.name();
    match command {
        "autoescape" => autoescape(parser, t),
        "block" => block(parser, t),
        "comment" => comment(parser, t),
        "csrf_token" => Ok(Some(Node::CsrfToken)),
        "csp_nonce_attr" => Ok(Some(Node::CspNonce)),
        "cycle" => cycle(parser, t),
        "debug" => Ok(Some(Node::Debug)),
        "extends" => extends(parser, t),
        "filter" => filter(parser, t),
        "firstof" => firstof(parser, t),
        "for" => for_tag(parser, t),
        "if" => if_tag(parser, t),
        "ifchanged" => ifchanged(parser, t),
        "include" => include(parser, t),
        "load" => load(parser, t),
        "lorem" => lorem(parser, t),
        "now" => now(parser, t),
        "partial" => partial(parser, t),
        "partialdef" => partialdef(parser, t),
        "querystring" => querystring(parser, t),
        "regroup" => regroup(parser, t),
        "resetcycle" => resetcycle(parser, t),
        "spaceless" => {
            let body = section(parser, t)?.0;
            Ok(Some(Node::Spaceless(body)))
        }
        "templatetag" => templatetag(parser, t),
        "url" => url(parser, t),
        "verbatim" => {
            let body = section(parser, t)?.0;
            Ok(Some(Node::Body(body)))
        }
        "widthratio" => widthratio(parser, t),
        "with" => with(parser, t),
        // i18n
        "trans" | "translate" => translate(parser, t),
        "blocktrans" | "blocktranslate" => crate::compile::tags_i18n::block_translate(parser, t),
        "get_current_language" => crate::compile::tags_i18n::current_language(parser, t),
        "get_current_language_bidi" => crate::compile::tags_i18n::current_language(parser, t),
        "get_available_languages" | "get_language_info" | "get_language_info_list" => {
            crate::compile::tags_i18n::language_info(parser, t)
        }
        "language" => {
            let bits = split_contents(t.contents);
            if bits.len() != 2 {
                return fail(parser, t, "'language' takes one argument (language)");
            }
            let language = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
            let body = section(parser, t)?.0;
            Ok(Some(Node::Language(Box::new((language, body)))))
        }
        // static
        "static" => static_tag(parser, t),
        "get_static_prefix" | "get_media_prefix" => {
            let bits = split_contents(t.contents);
            let target = match bits.as_slice() {
                [_] => None,
                [_, "as", name] => Some((*name).into()),
                _ => {
                    return fail(
                        parser,
                        t,
                        format!("First argument in '{command}' must be 'as'"),
                    )
                }
            };
            Ok(Some(Node::Prefix(command == "get_static_prefix", target)))
        }
        // l10n, tz, cache: they only change how values are shown, which the
        // fixed settings make the identity here.
        "localize" => {
            let bits = split_contents(t.contents);
            if bits.len() > 2 || bits.get(1).is_some_and(|b| *b != "on" && *b != "off") {
                return fail(parser, t, "localize argument should be 'on' or 'off'");
            }
            Ok(Some(Node::Body(section(parser, t)?.0)))
        }
        "timezone" => {
            let bits = split_contents(t.contents);
            if bits.len() != 2 {
                return fail(parser, t, "'timezone' takes one argument (timezone)");
            }
            Ok(Some(Node::Body(section(parser, t)?.0)))
        }
        "localtime" => {
            let bits = split_contents(t.contents);
            if bits.len() > 2 || bits.get(1).is_some_and(|b| *b != "on" && *b != "off") {
                return fail(parser, t, "localtime argument should be 'on' or 'off'");
            }
            Ok(Some(Node::Body(section(parser, t)?.0)))
        }
        "get_current_timezone" => {
            as_variable(parser, t, Value::str(parser.settings.timezone.as_str()))
        }
        "cache" => cache(parser, t),
        djula if DJULA_TAGS.contains(&djula) => {
            crate::compile::tags_djula::compile(parser, djula, t)
        }
        _ => match parser.registry.tag(command) {
            Some(tag) => Ok(Some(super::custom::compile_custom(parser, tag, t)?)),
            None => Err(TagError::Unknown),
        },
    }
}

/// A tag being compiled: its opening token, and its body as the parser
/// paired it, read one section at a time ([`body`]).
#[derive(Clone, Copy)]
pub(crate) struct TagToken<'a, 's> {
    pub contents: &'s str,
    pub span: Span,
    pub tag: &'a Tag<'s>,
    /// The next section of the body to compile.
    pub next: &'a Cell<usize>,
}

impl<'a, 's> TagToken<'a, 's> {
    pub(crate) fn new(tag: &'a Tag<'s>, next: &'a Cell<usize>) -> TagToken<'a, 's> {
        TagToken {
            contents: tag.head.contents,
            span: tag.head.span,
            tag,
            next,
        }
    }

    pub(crate) fn name(&self) -> &'s str {
        self.tag.head.command()
    }
}

pub(crate) fn fail(
    parser: &Compiler<'_>,
    t: TagToken<'_, '_>,
    message: impl Into<String>,
) -> TagResult {
    Err(TagError::Failed(parser.syntax_error(message, t.span)))
}

/// Compiles the next section of the tag's body; returns its nodes and the
/// tag that ended it (an intermediate tag such as `else`, or the end tag).
pub(crate) fn section<'s>(
    parser: &mut Compiler<'s>,
    t: TagToken<'_, 's>,
) -> Result<(Vec<Node>, Marker<'s>), Error> {
    parser.next_section(t)
}

/// Django's `token_kwargs`: `a=b c=d` (or, with `legacy`, `b as a and d as c`).
/// Consumes the bits it reads from the front of `bits`.
pub(crate) fn token_kwargs(
    parser: &Compiler<'_>,
    bits: &mut Vec<&str>,
    legacy: bool,
    span: Span,
) -> Result<Vec<(Box<str>, Expr)>, Error> {
    let Some(first) = bits.first() else {
        return Ok(Vec::new());
    };
    let kwarg_format = kwarg_split(first).is_some();
    if !kwarg_format && (!legacy || bits.len() < 3 || bits.get(1) != Some(&"as")) {
        return Ok(Vec::new());
    }
    let mut kwargs: Vec<(Box<str>, Expr)> = Vec::new();
    while !bits.is_empty() {
        let (key, value) = if kwarg_format {
            match bits.first().and_then(|b| kwarg_split(b)) {
                Some(kv) => {
                    bits.remove(0);
                    kv
                }
                None => return Ok(kwargs),
            }
        } else {
            if bits.len() < 3 || bits.get(1) != Some(&"as") {
                return Ok(kwargs);
            }
            let value = bits.remove(0);
            bits.remove(0);
            (bits.remove(0), value)
        };
        let expr = parser.compile_expr(value, span)?;
        match kwargs.iter_mut().find(|(k, _)| &**k == key) {
            Some(slot) => slot.1 = expr,
            None => kwargs.push((key.into(), expr)),
        }
        if !bits.is_empty() && !kwarg_format {
            if bits.first() != Some(&"and") {
                return Ok(kwargs);
            }
            bits.remove(0);
        }
    }
    Ok(kwargs)
}

/// `name=value` with a `\w+` name, as Django's `kwarg_re`.
pub(crate) fn kwarg_split(bit: &str) -> Option<(&str, &str)> {
    let (key, value) = bit.split_once('=')?;
    let word = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    (word && !value.is_empty()).then_some((key, value))
}

fn autoescape<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
    Ok(Some(Node::Autoescape(on, body)))
}

fn block<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits: Vec<&str> = t.contents.split_whitespace().collect();
    let [_, name] = bits.as_slice() else {
        return fail(parser, t, "'block' tag takes only one argument");
    };
    parser.declare_block(name, t.span)?;
    parser.open_blocks.push((*name).to_string());
    let parsed = section(parser, t);
    parser.open_blocks.pop();
    let (body, end) = parsed?;
    expect_named_end(parser, &end, "endblock", name)?;
    let origin = Some((parser.name.clone(), parser.source_arc.clone()));
    Ok(Some(Node::Block(Arc::new(BlockNode {
        name: (*name).into(),
        body,
        origin,
    }))))
}

/// Django's rule for `{% endblock [name] %}` and `{% endpartialdef [name] %}`:
/// the end tag may repeat the name, and nothing else.
fn expect_named_end(
    parser: &Compiler<'_>,
    end: &Marker<'_>,
    end_tag: &str,
    name: &str,
) -> Result<(), TagError> {
    let with_name = format!("{end_tag} {name}");
    if end.contents == end_tag || end.contents == with_name {
        return Ok(());
    }
    let message = format!(
        "Invalid block tag on line {}: '{}', expected '{end_tag}' or '{with_name}'. Did you forget to register or load this tag?",
        end.line,
        end.contents
    );
    Err(TagError::Failed(parser.syntax_error(message, end.span)))
}

/// `{% comment %}`: the parser skipped its body.
fn comment(_: &mut Compiler<'_>, _: TagToken<'_, '_>) -> TagResult {
    Ok(None)
}

fn cycle<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut args = split_contents(t.contents);
    if args.len() < 2 {
        return fail(parser, t, "'cycle' tag requires at least two arguments");
    }
    if let [_, name] = args.as_slice() {
        let Some((_, values, silent)) = parser
            .cycle_names
            .iter()
            .find(|(n, _, _)| n == name)
            .cloned()
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
        parser.last_cycle = Some((*name).into());
        return Ok(Some(Node::Cycle(Box::new(CycleNode {
            values,
            name: Some((*name).into()),
            silent,
            key: (*name).into(),
            span: t.span,
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
                .collect::<Result<Vec<_>, _>>()?;
            parser
                .cycle_names
                .push((name.to_string(), values.clone(), silent));
            CycleNode {
                values,
                name: Some(name.into()),
                silent,
                key: name.into(),
                span: t.span,
            }
        }
        None => {
            let values = args
                .iter()
                .skip(1)
                .map(|a| parser.compile_expr(a, t.span))
                .collect::<Result<Vec<_>, _>>()?;
            let key = format!("#cycle{}", parser.next_id());
            CycleNode {
                values,
                name: None,
                silent: false,
                key: key.into(),
                span: t.span,
            }
        }
    };
    parser.last_cycle = Some(node.key.clone());
    Ok(Some(Node::Cycle(Box::new(node))))
}

fn resetcycle<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let args = split_contents(t.contents);
    match args.as_slice() {
        [_, name] => {
            if !parser.cycle_names.iter().any(|(n, _, _)| n == name) {
                return fail(parser, t, format!("Named cycle '{name}' does not exist."));
            }
            Ok(Some(Node::ResetCycle(Some((*name).into()))))
        }
        [_] => match &parser.last_cycle {
            Some(key) => Ok(Some(Node::ResetCycle(Some(key.clone())))),
            None => fail(parser, t, "No cycles in template."),
        },
        _ => fail(parser, t, "'resetcycle' tag accepts at most one argument."),
    }
}

fn extends<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    let [_, parent] = bits.as_slice() else {
        return fail(parser, t, "'extends' takes one argument");
    };
    let parent = parser.compile_expr(parent, t.span)?;
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
        blocks,
        span: t.span,
    }))))
}

fn filter<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
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
    Ok(Some(Node::Filter(Box::new((expr, body, t.span)))))
}

fn firstof<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = split_contents(t.contents);
    bits.remove(0);
    let mut target = None;
    if bits.len() >= 2 && bits.get(bits.len() - 2) == Some(&"as") {
        target = bits.pop().map(Into::into);
        bits.pop();
    }
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
    Ok(Some(Node::Firstof(exprs, target)))
}

fn for_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
    let mut targets: Vec<Arc<str>> = Vec::new();
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
        targets,
        iterable,
        reversed,
        body,
        empty,
        uses_forloop,
        entries: dotted_pair.is_some(),
        span: t.span,
    }))))
}

/// Whether a tag token names `forloop` or may reach it from elsewhere.
fn reaches_forloop(marker: &Marker<'_>) -> bool {
    marker.contents.contains("forloop") || !is_plain_tag(marker.contents)
}

/// Whether the body of a loop may use `forloop`: it names it, or holds a
/// tag that can reach it from another template (`include`, custom tags).
/// Decided once here, so loops that do not need the object skip it.
fn mentions_forloop(nodes: &[Ast<'_>]) -> bool {
    // An explicit stack: bodies may nest deeply.
    let mut stack: Vec<&[Ast<'_>]> = vec![nodes];
    while let Some(list) = stack.pop() {
        for node in list {
            match node {
                Ast::Text(_) => {}
                Ast::Var(m) | Ast::Translation(m) => {
                    if m.contents.contains("forloop") {
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
fn is_plain_tag(contents: &str) -> bool {
    let name = contents.split_whitespace().next().unwrap_or_default();
    BUILTIN_TAGS.contains(&name) && name != "include" && name != "ifchanged"
        || name.starts_with("end")
        || matches!(name, "else" | "elif" | "empty")
}

fn if_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut branches = Vec::new();
    let mut condition_text = t.contents;
    let mut condition_span = t.span;
    loop {
        let bits = split_contents(condition_text);
        let condition =
            compile_condition(parser, bits.get(1..).unwrap_or_default(), condition_span)?;
        let (body, end) = section(parser, t)?;
        branches.push((Some(condition), body));
        match end.command() {
            "elif" => {
                condition_text = end.contents;
                condition_span = end.span;
            }
            _ => {
                let mut end = end;
                if end.contents == "else" {
                    let (body, after) = section(parser, t)?;
                    branches.push((None, body));
                    end = after;
                }
                if end.contents != "endif" {
                    let message = format!(
                        "Malformed template tag at line {}: \"{}\"",
                        end.line, end.contents
                    );
                    return Err(TagError::Failed(parser.syntax_error(message, end.span)));
                }
                return Ok(Some(Node::If(Box::new(IfNode { branches }))));
            }
        }
    }
}

/// Djula's parentheses may touch their operands (`(bar or not baz)`):
/// split them into tokens of their own. Quoted and `_(…)` bits are kept.
fn split_parentheses<'a>(bits: &[&'a str]) -> Vec<&'a str> {
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

fn ifchanged<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    let exprs = bits
        .iter()
        .skip(1)
        .map(|b| parser.compile_expr(b, t.span))
        .collect::<Result<Vec<_>, _>>()?;
    let (body, end) = section(parser, t)?;
    let otherwise = if end.command() == "else" {
        section(parser, t)?.0
    } else {
        Vec::new()
    };
    let key = format!("#ifchanged{}", parser.next_id());
    Ok(Some(Node::IfChanged(Box::new(IfChangedNode {
        exprs,
        body,
        otherwise,
        key: key.into(),
    }))))
}

fn include<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
        keyword = crate::compile::tags_djula::keyword_args(
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
    let template = parser.compile_expr(name, t.span)?;
    let mut bindings = bindings.unwrap_or_default();
    bindings.extend(keyword);
    Ok(Some(Node::Include(Box::new(IncludeNode {
        template,
        bindings,
        only,
        span: t.span,
        resolved: std::sync::OnceLock::new(),
    }))))
}

/// `{% load … %}`: the parser checked it; filters of the libraries it
/// loads are usable from here on.
fn load<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    match parser.loaded.load(t.contents) {
        Ok(()) => Ok(None),
        Err(e) => fail(parser, t, e.message()),
    }
}

fn lorem<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = split_contents(t.contents);
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
    }))))
}

fn now<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = split_contents(t.contents);
    let mut target = None;
    if bits.len() == 4 && bits.get(2) == Some(&"as") {
        target = bits.pop().map(Into::into);
        bits.pop();
    }
    let [_, format] = bits.as_slice() else {
        return fail(parser, t, "'now' statement takes one argument");
    };
    let inner = format
        .get(1..format.len().saturating_sub(1))
        .unwrap_or_default();
    Ok(Some(Node::Now(Expr::literal(Value::str(inner)), target)))
}

fn partialdef<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
    expect_named_end(parser, &end, "endpartialdef", name)?;
    if parser.partials.iter().any(|p| &*p.name == name) {
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
    parser.partials.push(def.clone());
    Ok(Some(Node::PartialDef(def)))
}

fn partial<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    let [_, name] = bits.as_slice() else {
        return fail(parser, t, "'partial' tag requires a single argument");
    };
    Ok(Some(Node::Partial((*name).into(), t.span)))
}

fn querystring<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = split_contents(t.contents);
    bits.remove(0);
    let mut target = None;
    if bits.len() >= 2 && bits.get(bits.len() - 2) == Some(&"as") {
        target = bits.pop().map(Into::into);
        bits.pop();
    }
    let mut bases = Vec::new();
    let mut updates = Vec::new();
    for bit in bits {
        match kwarg_split(bit) {
            Some((key, value)) => {
                if updates.iter().any(|(k, _): &(Expr, Expr)| matches!(&k.head, crate::compile::Head::Literal(v) if v.as_str() == Some(key))) {
                    return fail(parser, t, format!("'querystring' received multiple values for keyword argument '{key}'"));
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
        bases,
        updates,
        target,
        span: t.span,
    }))))
}

fn regroup<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
    }))))
}

fn templatetag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
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
        Some((_, text)) => Ok(Some(Node::Text((*text).into()))),
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

fn url<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let mut bits = split_contents(t.contents);
    if bits.len() < 2 {
        return fail(
            parser,
            t,
            "'url' takes at least one argument, a URL pattern name.",
        );
    }
    bits.remove(0);
    let name = parser.compile_expr(bits.remove(0), t.span)?;
    let mut target = None;
    if bits.len() >= 2 && bits.get(bits.len() - 2) == Some(&"as") {
        target = bits.pop().map(Into::into);
        bits.pop();
    }
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
        args,
        kwargs,
        target,
        span: t.span,
    }))))
}

fn widthratio<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
        span: t.span,
    }))))
}

fn with<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
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
    Ok(Some(Node::With(Box::new(WithNode { bindings, body }))))
}

fn translate<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    let tag = t.name();
    let Some(message) = bits.get(1) else {
        return fail(parser, t, format!("'{tag}' takes at least one argument"));
    };
    let message = parser.compile_expr(message, t.span)?;
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
    Ok(Some(Node::Translate(Box::new(TranslateNode {
        message,
        noop,
        context,
        target,
    }))))
}

fn static_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    if bits.len() < 2 {
        return fail(
            parser,
            t,
            "'static' takes at least one argument (path to file)",
        );
    }
    let path = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
    let target = match bits.as_slice() {
        [_, _] => None,
        [_, _, "as", name] => Some((*name).into()),
        _ => {
            return fail(
                parser,
                t,
                "'static' takes at least one argument (path to file)",
            )
        }
    };
    Ok(Some(Node::Static(path, target)))
}

fn cache<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let bits = split_contents(t.contents);
    if bits.len() < 3 {
        return fail(parser, t, "'cache' tag requires at least 2 arguments.");
    }
    for bit in bits.iter().skip(2) {
        if let Some(using) = bit.strip_prefix("using=") {
            parser.compile_expr(using, t.span)?;
        } else {
            parser.compile_expr(bit, t.span)?;
        }
    }
    let timeout = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
    let body = section(parser, t)?.0;
    Ok(Some(Node::Cache(Box::new((timeout, body, t.span)))))
}

/// Tags of the form `{% tag as var %}` that bind a fixed value.
fn as_variable<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>, value: Value) -> TagResult {
    let bits: Vec<&str> = t.contents.split_whitespace().collect();
    let tag = t.name();
    match bits.as_slice() {
        [_, "as", name] => Ok(Some(Node::SetVar((*name).into(), Expr::literal(value)))),
        _ => fail(
            parser,
            t,
            format!("'{tag}' requires 'as variable' (got {:?})", bits),
        ),
    }
}
