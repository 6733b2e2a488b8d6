//! The parser: tokens become the [`Ast`], each tag paired with its end tag
//! by its [`Shape`]. The whole template is parsed here, with Django's
//! errors for what is wrong in its structure: unknown or unloaded tags,
//! unclosed tags, misplaced `extends`, bad `load`s. What the arguments of
//! a tag mean is for `compile/`.

use std::borrow::Cow;
use std::sync::Arc;

use super::ast::{Ast, Body, Marker, Section, Tag};
use super::grammar::{known_tag, Shape};
use super::lexer::{tokenize, Token, TokenKind};
use crate::builtins::custom_tag::TagKind;
use crate::builtins::libraries::{library_of_tag, Loaded};
use crate::builtins::registry::Registry;
use crate::error::{Error, ErrorKind, Span};

/// Parses the template `name`.
///
/// `registry` tells which custom tags exist (and which have a body);
/// `max_depth` bounds the nesting of tags.
pub(crate) fn parse<'s>(
    name: &Arc<str>,
    source: &'s str,
    shared: Option<&Arc<str>>,
    registry: &Registry,
    max_depth: usize,
    unknown_tags: UnknownTags,
) -> Result<Vec<Ast<'s>>, Error> {
    let mut parser = Parser {
        unknown_tags,
        tokens: tokenize(source),
        pos: 0,
        name,
        source,
        shared: shared.cloned(),
        registry,
        max_depth,
        depth: 0,
        loaded: Loaded::default(),
        seen_tag: false,
        seen_extends: false,
        stack: Vec::new(),
        lines: Default::default(),
    };
    let (nodes, _) = parser.parse_until(&[], None)?;
    Ok(nodes)
}

/// What an unknown tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnknownTags {
    /// A syntax error, as in Django.
    Fail,
    /// Written in place as `{# Error: … #}` (Djula's
    /// `*catch-template-errors-p*`), the rest parsed on.
    WriteInPlace,
}

struct Parser<'s, 'r> {
    unknown_tags: UnknownTags,
    tokens: Vec<Token<'s>>,
    pos: usize,
    name: &'r Arc<str>,
    source: &'s str,
    /// `source` as the template holds it, when it does: errors are placed
    /// on from the last one (see [`Error::at_shared`]).
    shared: Option<Arc<str>>,
    registry: &'r Registry,
    max_depth: usize,
    depth: usize,
    /// What the `{% load %}`s so far made available.
    loaded: Loaded,
    /// Whether a non-text node came before (for the `extends` rule).
    seen_tag: bool,
    /// Whether an `extends` came before.
    seen_extends: bool,
    /// The nodes of the bodies being parsed, innermost on top: a body
    /// pushes here and takes its nodes off in one exact-sized vector, so
    /// no body's vector grows step by step.
    stack: Vec<Ast<'s>>,
    /// Line numbers for messages, counted on from the last one.
    lines: super::lexer::Lines,
}

/// The tag whose body is being parsed: name and where.
type Opener<'a> = (&'a str, Span);

impl<'s> Parser<'s, '_> {
    /// The line (from 1) where `span` starts, for messages.
    fn line(&self, span: Span) -> usize {
        self.lines.line(self.source, span.start)
    }

    fn syntax_error(&self, message: impl Into<String>, span: Span) -> Error {
        self.place(Error::syntax(message), span)
    }

    /// Places `error` at `span` of the template.
    fn place(&self, error: Error, span: Span) -> Error {
        match &self.shared {
            Some(shared) => error.at_shared(self.name, shared, span),
            None => error.at(self.name, self.source, span),
        }
    }

    /// Parses nodes until a block tag whose name is in `until`; returns the
    /// nodes and that tag. `opener` names the tag whose body this is, for
    /// the "Unclosed tag" error.
    fn parse_until(
        &mut self,
        until: &[&str],
        opener: Option<Opener<'_>>,
    ) -> Result<(Vec<Ast<'s>>, Option<Marker<'s>>), Error> {
        self.depth += 1;
        if self.depth > self.max_depth {
            let span = opener.map(|o| o.1).unwrap_or_default();
            return Err(Error::new(
                ErrorKind::Limit,
                format!(
                    "the template nests tags deeper than the limit of {} levels",
                    self.max_depth
                ),
            )
            .with_help("raise Settings::max_depth if this template is trusted"))
            .map_err(|e| self.place(e, span));
        }
        let base = self.stack.len();
        let result = crate::support::stack::guarded(|| self.parse_body(until, opener));
        self.depth -= 1;
        let nodes = self.stack.drain(base..).collect();
        result.map(|end| (nodes, end))
    }

    /// The body's nodes go on top of [`Parser::stack`]; returns the tag that
    /// ended it.
    fn parse_body(
        &mut self,
        until: &[&str],
        opener: Option<Opener<'_>>,
    ) -> Result<Option<Marker<'s>>, Error> {
        // Adjacent text (also across comments) is merged into one node.
        let mut pending: Cow<'s, str> = Cow::Borrowed("");
        while let Some(token) = self.tokens.get(self.pos).copied() {
            self.pos += 1;
            let marker = Marker {
                contents: token.contents,
                span: token.span,
            };
            match token.kind {
                TokenKind::Text | TokenKind::InlineVerbatim => {
                    if pending.is_empty() {
                        pending = Cow::Borrowed(token.contents);
                    } else {
                        pending.to_mut().push_str(token.contents);
                    }
                    continue;
                }
                TokenKind::Comment => continue,
                _ => {}
            }
            if !pending.is_empty() {
                self.stack.push(Ast::Text(std::mem::take(&mut pending)));
            }
            match token.kind {
                TokenKind::Translation => {
                    self.seen_tag = true;
                    self.stack.push(Ast::Translation(marker));
                }
                TokenKind::Var => {
                    if token.contents.is_empty() {
                        return Err(self.syntax_error(
                            format!("Empty variable tag on line {}", self.line(token.span)),
                            token.span,
                        ));
                    }
                    self.seen_tag = true;
                    self.stack.push(Ast::Var(marker));
                }
                _ => {
                    let command = marker.command();
                    if command.is_empty() {
                        return Err(self.syntax_error(
                            format!("Empty block tag on line {}", self.line(token.span)),
                            token.span,
                        ));
                    }
                    if until.contains(&command) {
                        return Ok(Some(marker));
                    }
                    if command == "extends" && self.seen_extends {
                        return Err(self.syntax_error(
                            "'extends' cannot appear more than once in the same template",
                            token.span,
                        ));
                    }
                    if command == "extends" && (self.seen_tag || !until.is_empty()) {
                        return Err(self.syntax_error(
                            "{% extends %} must be the first tag in the template.",
                            token.span,
                        ));
                    }
                    self.seen_extends |= command == "extends";
                    self.seen_tag = true;
                    if self.unknown_tags == UnknownTags::WriteInPlace
                        && self.shape(command).is_none()
                    {
                        let mut text = String::new();
                        self.unknown_tag(command, marker, until)
                            .write_in_place(&mut text);
                        self.stack.push(Ast::Text(Cow::Owned(text)));
                        continue;
                    }
                    let tag = self.parse_tag(marker, until)?;
                    self.stack.push(Ast::Tag(Box::new(tag)));
                }
            }
        }
        if !pending.is_empty() {
            self.stack.push(Ast::Text(pending));
        }
        if let Some((open, span)) = opener {
            let line = self.line(span);
            let expected = until.join(", ");
            return Err(self.syntax_error(
                format!("Unclosed tag on line {line}: '{open}'. Looking for one of: {expected}."),
                span,
            ));
        }
        Ok(None)
    }

    /// The shape of tag `command` here, or `None` if no such tag is usable.
    fn shape(&self, command: &str) -> Option<Shape> {
        if let Some(known) = known_tag(command) {
            // Djula has `{% static %}` built in; Django needs the load.
            let usable = match known.library {
                Some(_) if command == "static" => true,
                Some(library) => {
                    self.loaded.libraries.contains(library) || self.loaded.names.contains(command)
                }
                None => true,
            };
            return usable.then_some(known.shape);
        }
        let custom = self.registry.tag(command)?;
        Some(match custom.kind {
            TagKind::Block(_) => Shape::Block {
                middles: &[],
                last: &[],
                end: format!("end{command}").into(),
            },
            TagKind::Simple(_) | TagKind::Raw(_) => Shape::Single,
        })
    }

    /// Parses the tag `head` and its body; `until` is what the enclosing
    /// body waits for (for the unknown-tag message).
    fn parse_tag(&mut self, head: Marker<'s>, until: &[&str]) -> Result<Tag<'s>, Error> {
        let command = head.command();
        let Some(shape) = self.shape(command) else {
            return Err(self.unknown_tag(command, head, until));
        };
        if command == "load" {
            self.loaded.load(head.contents).map_err(|e| {
                let mut error = Error::syntax(e.message());
                if let Some((wrong, known)) = e.suggestion() {
                    error = error.suggest(wrong, known);
                }
                self.place(error, head.span)
            })?;
        }
        let opener = Some((command, head.span));
        let body = match shape {
            Shape::Single => Body::None,
            Shape::Rest => Body::Rest(self.parse_until(&[], None)?.0),
            Shape::Raw { end } => {
                let mut tokens = Vec::new();
                loop {
                    let Some(token) = self.tokens.get(self.pos).copied() else {
                        return Err(self.syntax_error(
                            format!(
                                "Unclosed tag on line {}: '{command}'. Looking for one of: {end}.",
                                self.line(head.span)
                            ),
                            head.span,
                        ));
                    };
                    self.pos += 1;
                    if token.kind == TokenKind::Block && token.contents == end {
                        let end = Marker {
                            contents: token.contents,
                            span: token.span,
                        };
                        break Body::Raw { tokens, end };
                    }
                    tokens.push(token);
                }
            }
            Shape::Block { last, ref end, .. } => {
                let mut first: Option<Section<'s>> = None;
                let mut more = Vec::new();
                let mut section_head = head;
                let mut closed = false;
                loop {
                    let mut buffer = [""; 4];
                    let n = shape.enders(closed, &mut buffer);
                    let enders = buffer.get(..n).unwrap_or_default();
                    let (nodes, stop) = self.parse_until(enders, opener)?;
                    let section = Section {
                        head: section_head,
                        nodes,
                    };
                    match &first {
                        None => first = Some(section),
                        Some(_) => more.push(section),
                    }
                    // `parse_until` with an opener ends at one of `enders`.
                    let (Some(stop), Some(_)) = (stop, &first) else {
                        return Err(self.syntax_error(
                            format!(
                                "Unclosed tag on line {}: '{command}'.",
                                self.line(head.span)
                            ),
                            head.span,
                        ));
                    };
                    if stop.command() == end {
                        if let Some(first) = first {
                            break Body::Sections {
                                first,
                                more,
                                end: stop,
                            };
                        }
                    }
                    closed = last.contains(&stop.command());
                    section_head = stop;
                }
            }
        };
        Ok(Tag { head, body })
    }

    fn unknown_tag(&self, command: &str, head: Marker<'_>, until: &[&str]) -> Error {
        let message = if until.is_empty() {
            format!(
                "Invalid block tag on line {}: '{}'. Did you forget to register or load this tag?",
                self.line(head.span),
                command
            )
        } else {
            let expected = until
                .iter()
                .map(|u| format!("'{u}'"))
                .collect::<Vec<_>>()
                .join(" or ");
            format!(
                "Invalid block tag on line {}: '{}', expected {}. Did you forget to register or load this tag?",
                self.line(head.span),
                command,
                expected
            )
        };
        let mut known: Vec<&str> = self.loaded.tags().collect();
        known.extend(self.registry.tag_names());
        known.extend(until.iter().copied());
        let mut error = Error::syntax(message).suggest(command, known.iter().copied());
        if error.help().is_none() {
            if let Some(library) = library_of_tag(command) {
                error = error.with_help(format!(
                    "add {{% load {library} %}} at the top of the template"
                ));
            }
        }
        // The caret goes under the tag's name.
        let span = Span::within(self.source, head.command()).unwrap_or(head.span);
        self.place(error, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(source: &str) -> Result<Vec<Ast<'_>>, Error> {
        parse(
            &Arc::from("t"),
            source,
            None,
            &Registry::new(),
            256,
            UnknownTags::Fail,
        )
    }

    #[test]
    fn tags_are_paired_with_their_sections_and_end() {
        let ast = parse_str("a{# c #}b{% if x %}1{% elif y %}2{% else %}3{% endif %}").unwrap();
        assert!(matches!(&ast[0], Ast::Text(t) if t == "ab"));
        let Ast::Tag(tag) = &ast[1] else {
            panic!("{ast:?}")
        };
        let Body::Sections { end, .. } = &tag.body else {
            panic!()
        };
        let heads: Vec<&str> = tag.body.sections().map(|s| s.head.contents).collect();
        assert_eq!(heads, ["if x", "elif y", "else"]);
        assert_eq!(end.contents, "endif");
    }

    #[test]
    fn structure_errors_are_found_here() {
        let err = parse_str("{% if x %}{% else %}{% elif y %}{% endif %}").unwrap_err();
        assert!(err.message().contains("'elif', expected 'endif'"), "{err}");
        let err = parse_str("{% for x in y %}").unwrap_err();
        assert!(
            err.message().starts_with("Unclosed tag on line 1: 'for'"),
            "{err}"
        );
        let err = parse_str("{% trans 'x' %}").unwrap_err();
        assert_eq!(
            err.help(),
            Some("add {% load i18n %} at the top of the template")
        );
        assert!(parse_str("{% load i18n %}{% trans 'x' %}").is_ok());
        let err = parse_str("x{{ a }}{% extends 'b' %}").unwrap_err();
        assert!(err.message().contains("must be the first tag"), "{err}");
        let err = parse_str("{% comment %}never closed").unwrap_err();
        assert!(
            err.message().contains("Looking for one of: endcomment."),
            "{err}"
        );
    }

    #[test]
    fn raw_bodies_keep_their_tokens() {
        let ast = parse_str("{% comment %}{% if %}{% endcomment %}").unwrap();
        let Ast::Tag(tag) = &ast[0] else { panic!() };
        let Body::Raw { tokens, end } = &tag.body else {
            panic!()
        };
        assert_eq!(tokens.len(), 1);
        assert_eq!(end.contents, "endcomment");
    }
}
