//! Compile functions of the built-in tags, one per tag, following the
//! argument rules and error messages of Django's `defaulttags`,
//! `loader_tags` and the standard libraries (`i18n`, `static`, `l10n`, `tz`,
//! `cache`); grouped by family, one file each. This file holds what they
//! share: the dispatch by name, the tag being compiled, and the reader of
//! `a=b` arguments (`token_kwargs`); the trailing `as NAME` is read by
//! `syntax::args::take_target`.

mod control;
mod djula;
pub(crate) use djula::translation;
mod i18n;
mod inherit;
mod library;

use std::cell::Cell;

use control::*;
use inherit::*;
use library::*;

use super::compiler::Compiler;
use super::expr::Expr;
use super::node::*;
use crate::builtins::libraries::DJULA_TAGS;
use crate::error::{Error, Span};
use crate::syntax::ast::{Marker, Tag};

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

pub(crate) type TagResult = Result<Option<Node>, TagError>;

/// Compiles the tag `t` (its body paired by the parser); `Ok(None)` for
/// tags that leave no node.
pub(crate) fn compile_tag<'s>(parser: &mut Compiler<'s>, t: TagToken<'_, 's>) -> TagResult {
    let command = t.name();
    match command {
        "autoescape" => autoescape(parser, t),
        "block" => block(parser, t),
        "comment" => comment(parser, t),
        "csrf_token" => Ok(Some(Node::CsrfToken(t.span.into()))),
        "csp_nonce_attr" => library::csp_nonce_attr(parser, t),
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
            Ok(Some(Node::Spaceless(Box::new(body))))
        }
        "templatetag" => templatetag(parser, t),
        "url" => url(parser, t),
        "verbatim" => {
            let body = section(parser, t)?.0;
            Ok(Some(Node::Body(Box::new(body))))
        }
        "widthratio" => widthratio(parser, t),
        "with" => with(parser, t),
        // i18n
        "trans" | "translate" => i18n::translate(parser, t),
        "blocktrans" | "blocktranslate" => i18n::block_translate(parser, t),
        "get_current_language" => i18n::current_language(parser, t),
        "get_current_language_bidi" => i18n::current_language(parser, t),
        "get_available_languages" | "get_language_info" | "get_language_info_list" => {
            i18n::language_info(parser, t)
        }
        "language" => {
            let bits = t.bits();
            if bits.len() != 2 {
                return fail(parser, t, "'language' takes one argument (language)");
            }
            let language = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
            let body = section(parser, t)?.0;
            Ok(Some(Node::Language(Box::new((
                language,
                body,
                t.span.into(),
            )))))
        }
        // static
        "static" => static_tag(parser, t),
        "get_static_prefix" | "get_media_prefix" => {
            let bits = t.bits();
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
            Ok(Some(Node::Prefix(Box::new((
                command == "get_static_prefix",
                target,
                t.span.into(),
            )))))
        }
        // Django's l10n and tz tags.
        "localize" => {
            let bits = t.bits();
            if bits.len() > 2 || bits.get(1).is_some_and(|b| *b != "on" && *b != "off") {
                return fail(parser, t, "localize argument should be 'on' or 'off'");
            }
            let on = bits.get(1).is_none_or(|b| *b == "on");
            Ok(Some(Node::Localize(on, Box::new(section(parser, t)?.0))))
        }
        "timezone" => {
            let bits = t.bits();
            if bits.len() != 2 {
                return fail(parser, t, "'timezone' takes one argument (timezone)");
            }
            let tz = parser.compile_expr(bits.get(1).copied().unwrap_or_default(), t.span)?;
            let body = section(parser, t)?.0;
            Ok(Some(Node::Timezone(Box::new((tz, body, t.span.into())))))
        }
        "localtime" => {
            let bits = t.bits();
            if bits.len() > 2 || bits.get(1).is_some_and(|b| *b != "on" && *b != "off") {
                return fail(parser, t, "'localtime' argument should be 'on' or 'off'");
            }
            let on = bits.get(1).is_none_or(|b| *b == "on");
            Ok(Some(Node::Localtime(on, Box::new(section(parser, t)?.0))))
        }
        "get_current_timezone" => {
            // Django splits on whitespace, not as `split_contents` does.
            let args: Vec<&str> = t.contents.split_whitespace().collect();
            match args.as_slice() {
                [_, "as", name] => Ok(Some(Node::CurrentTimezone(Named::boxed(name, t.span)))),
                _ => fail(
                    parser,
                    t,
                    format!("'get_current_timezone' requires 'as variable' (got {args:?})"),
                ),
            }
        }
        "cache" => cache(parser, t),
        djula if DJULA_TAGS.contains(&djula) => djula::compile(parser, djula, t),
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

    /// The tag's bits, as Django's `split_contents` gives them (the name
    /// first).
    pub(crate) fn bits(&self) -> Vec<&'s str> {
        crate::syntax::split::split_contents(self.contents)
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
) -> Result<(Nodes, Marker<'s>), Error> {
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
    // A name's place in `kwargs` (a name given again takes the last value,
    // as Django's dict does), and how many bits are read: a tag of
    // thousands of bindings costs linear time.
    let mut places: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut read = 0;
    let result = loop {
        let rest = bits.get(read..).unwrap_or_default();
        if rest.is_empty() {
            break Ok(());
        }
        let (key, value) = if kwarg_format {
            match rest.first().and_then(|b| kwarg_split(b)) {
                Some(kv) => {
                    read += 1;
                    kv
                }
                None => break Ok(()),
            }
        } else {
            match rest {
                [value, "as", key, ..] => {
                    read += 3;
                    (*key, *value)
                }
                _ => break Ok(()),
            }
        };
        let expr = match parser.compile_expr(value, span) {
            Ok(expr) => expr,
            Err(e) => break Err(e),
        };
        match places.get(key) {
            Some(&at) => {
                if let Some(slot) = kwargs.get_mut(at) {
                    slot.1 = expr;
                }
            }
            None => {
                places.insert(key, kwargs.len());
                kwargs.push((key.into(), expr));
            }
        }
        if read < bits.len() && !kwarg_format {
            if bits.get(read) != Some(&"and") {
                break Ok(());
            }
            read += 1;
        }
    };
    bits.drain(..read.min(bits.len()));
    result.map(|()| kwargs)
}

/// `name=value` with a `\w+` name, as Django's `kwarg_re`.
pub(crate) fn kwarg_split(bit: &str) -> Option<(&str, &str)> {
    let (key, value) = bit.split_once('=')?;
    let word = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    (word && !value.is_empty()).then_some((key, value))
}
