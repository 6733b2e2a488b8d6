//! The token loop: text and variables become nodes, block tags are handed
//! to their tag's compile function, which may parse a body up to its end tag.

use std::collections::HashSet;
use std::sync::Arc;

use super::expr::{compile_expr, CompileExprError, Expr};
use super::node::{collect_blocks, CompiledTemplate, Node, PartialDef};
use super::tags;
use crate::builtins::registry::Registry;
use crate::error::{Error, ErrorKind, Span};
use crate::settings::Settings;
use crate::syntax::lexer::{tokenize, Token, TokenKind};

/// Compiles `source` (the template `name`) into nodes.
pub(crate) fn compile_template(
    name: Arc<str>,
    source: Arc<str>,
    registry: &Registry,
    settings: &Settings,
) -> Result<CompiledTemplate, Error> {
    // Djula's case-insensitive names: tag names are read in lower case.
    let source = if settings.case_insensitive_names {
        lower_tag_names(&source)
    } else {
        source
    };
    let tokens = tokenize(&source);
    let mut parser = Parser {
        tokens,
        pos: 0,
        source: &source,
        source_arc: source.clone(),
        name: name.clone(),
        registry,
        settings,
        loaded_libraries: HashSet::new(),
        loaded_names: HashSet::new(),
        depth: 0,
        partials: Vec::new(),
        seen_tag: false,
        seen_extends: false,
        block_names: HashSet::new(),
        cycle_names: Vec::new(),
        last_cycle: None,
        open_blocks: Vec::new(),
        next_id: 0,
    };
    let nodes = parser
        .parse_all()
        .map_err(|e| e.at(&name, &source, Span::default()))?;
    let partials = parser.partials;
    Ok(CompiledTemplate {
        name,
        source: source.clone(),
        nodes,
        partials,
        output_hint: Default::default(),
    })
}

/// What a body ended with: the end tag's contents and where it was.
pub(crate) struct EndTag<'s> {
    pub contents: &'s str,
    pub span: Span,
}

impl EndTag<'_> {
    /// The tag name (first word) of the end tag.
    pub(crate) fn command(&self) -> &str {
        self.contents.split_whitespace().next().unwrap_or_default()
    }
}

pub(crate) struct Parser<'s> {
    tokens: Vec<Token<'s>>,
    pos: usize,
    pub source: &'s str,
    /// The same source, shared, for nodes that keep their origin.
    pub source_arc: Arc<str>,
    pub name: Arc<str>,
    pub registry: &'s Registry,
    pub settings: &'s Settings,
    /// Libraries made available by `{% load lib %}`.
    pub loaded_libraries: HashSet<String>,
    /// Single names made available by `{% load name from lib %}`.
    pub loaded_names: HashSet<String>,
    depth: usize,
    pub partials: Vec<Arc<PartialDef>>,
    /// Whether a non-text node came before (for the `extends` rule).
    seen_tag: bool,
    pub seen_extends: bool,
    pub block_names: HashSet<String>,
    /// Names of `{% cycle … as name %}` seen so far.
    pub cycle_names: Vec<(String, Vec<Expr>, bool)>,
    /// Names of the `{% block %}`s being parsed, innermost last.
    pub open_blocks: Vec<String>,
    /// State key of the last cycle, for `{% resetcycle %}`.
    pub last_cycle: Option<Box<str>>,
    next_id: usize,
}

impl<'s> Parser<'s> {
    /// An error placed at `span` of this template.
    pub(crate) fn error_at(&self, error: Error, span: Span) -> Error {
        error.at(&self.name, self.source, span)
    }

    pub(crate) fn syntax_error(&self, message: impl Into<String>, span: Span) -> Error {
        self.error_at(Error::syntax(message), span)
    }

    fn parse_all(&mut self) -> Result<Vec<Node>, Error> {
        let (nodes, _) = self.parse_until(&[], None)?;
        Ok(nodes)
    }

    /// Parses nodes until a block tag whose command is in `until`; returns
    /// the nodes and that end tag. `opener` names the tag whose body this
    /// is, for the "Unclosed tag" error.
    pub(crate) fn parse_until(
        &mut self,
        until: &[&str],
        opener: Option<(&str, Span, usize)>,
    ) -> Result<(Vec<Node>, Option<EndTag<'s>>), Error> {
        self.depth += 1;
        if self.depth > self.settings.max_depth {
            let span = opener.map(|o| o.1).unwrap_or_default();
            return Err(self.error_at(
                Error::new(
                    ErrorKind::Limit,
                    format!(
                        "the template nests tags deeper than the limit of {} levels",
                        self.settings.max_depth
                    ),
                )
                .with_help("raise Settings::max_depth if this template is trusted"),
                span,
            ));
        }
        let result = crate::support::stack::guarded(|| self.parse_body(until, opener));
        self.depth -= 1;
        result
    }

    fn parse_body(
        &mut self,
        until: &[&str],
        opener: Option<(&str, Span, usize)>,
    ) -> Result<(Vec<Node>, Option<EndTag<'s>>), Error> {
        let mut nodes: Vec<Node> = Vec::new();
        // Adjacent text (also across comments) is merged into one node.
        let mut pending = String::new();
        while let Some(token) = self.tokens.get(self.pos).copied() {
            self.pos += 1;
            let is_text = matches!(
                token.kind,
                TokenKind::Text | TokenKind::Comment | TokenKind::InlineVerbatim
            );
            if !is_text && !pending.is_empty() {
                nodes.push(Node::Text(std::mem::take(&mut pending).into()));
            }
            match token.kind {
                TokenKind::Text | TokenKind::InlineVerbatim => pending.push_str(token.contents),
                TokenKind::Translation => {
                    self.seen_tag = true;
                    let node =
                        crate::compile::tags_djula::translation(self, token.contents, token.span)?;
                    nodes.push(node);
                }
                TokenKind::Comment => {}
                TokenKind::Var => {
                    if token.contents.is_empty() {
                        return Err(self.syntax_error(
                            format!("Empty variable tag on line {}", token.line),
                            token.span,
                        ));
                    }
                    let expr = self.compile_expr(token.contents, token.span)?;
                    self.seen_tag = true;
                    nodes.push(Node::Var(expr, token.span));
                }
                TokenKind::Block => {
                    let command = token.contents.split_whitespace().next().unwrap_or_default();
                    if command.is_empty() {
                        return Err(self.syntax_error(
                            format!("Empty block tag on line {}", token.line),
                            token.span,
                        ));
                    }
                    if until.contains(&command) {
                        return Ok((
                            nodes,
                            Some(EndTag {
                                contents: token.contents,
                                span: token.span,
                            }),
                        ));
                    }
                    if command == "extends" && (self.seen_tag || !until.is_empty()) {
                        return Err(self.syntax_error(
                            "{% extends %} must be the first tag in the template.",
                            token.span,
                        ));
                    }
                    self.seen_tag = true;
                    let node = match tags::compile_tag(self, command, token) {
                        Ok(node) => node,
                        Err(tags::TagError::Unknown) => {
                            return Err(self.unknown_tag(command, token, until));
                        }
                        Err(tags::TagError::Failed(e)) => return Err(self.error_at(e, token.span)),
                    };
                    if let Some(node) = node {
                        nodes.push(node);
                    }
                }
            }
        }
        if !pending.is_empty() {
            nodes.push(Node::Text(pending.into()));
        }
        if let Some((open, span, line)) = opener {
            let expected = until.join(", ");
            return Err(self.syntax_error(
                format!("Unclosed tag on line {line}: '{open}'. Looking for one of: {expected}."),
                span,
            ));
        }
        Ok((nodes, None))
    }

    fn unknown_tag(&self, command: &str, token: Token<'_>, until: &[&str]) -> Error {
        let message = if until.is_empty() {
            format!(
                "Invalid block tag on line {}: '{}'. Did you forget to register or load this tag?",
                token.line, command
            )
        } else {
            let expected = until
                .iter()
                .map(|u| format!("'{u}'"))
                .collect::<Vec<_>>()
                .join(" or ");
            format!(
                "Invalid block tag on line {}: '{}', expected {}. Did you forget to register or load this tag?",
                token.line, command, expected
            )
        };
        let mut known: Vec<&str> = tags::known_tags(self).collect();
        known.extend(until.iter().copied());
        let mut error = Error::syntax(message).suggest(command, known.iter().copied());
        if error.help().is_none() {
            if let Some(library) = tags::library_of(command) {
                error = error.with_help(format!(
                    "add {{% load {library} %}} at the top of the template"
                ));
            }
        }
        self.error_at(error, token.span)
    }

    /// Compiles a filter expression found at `span`.
    pub(crate) fn compile_expr(&self, text: &str, span: Span) -> Result<Expr, Error> {
        let lookup = |name: &str| self.find_filter(name);
        compile_expr(text, &lookup).map_err(|e| match e {
            CompileExprError::Syntax(message) => {
                let mut error = Error::syntax(message);
                if let Some(help) = djula_spelling_help(text) {
                    error = error.with_help(help);
                }
                self.error_at(error, span)
            }
            CompileExprError::UnknownFilter(name) => {
                let mut error = Error::syntax(format!("Invalid filter: '{name}'"));
                let known: Vec<&str> = self.registry.filter_names(&self.loaded_libraries).collect();
                error = error.suggest(&name, known);
                if error.help().is_none() {
                    if let Some(library) = crate::builtins::library_of_filter(&name) {
                        error = error.with_help(format!(
                            "add {{% load {library} %}} at the top of the template"
                        ));
                    }
                }
                self.error_at(error, span)
            }
        })
    }

    pub(crate) fn find_filter(&self, name: &str) -> Option<Arc<crate::builtins::FilterDef>> {
        let found = self
            .registry
            .filter(name, &self.loaded_libraries, &self.loaded_names);
        if found.is_none() && self.settings.case_insensitive_names {
            return self.registry.filter(
                &name.to_ascii_lowercase(),
                &self.loaded_libraries,
                &self.loaded_names,
            );
        }
        found
    }

    /// A number unique within this template, for node state keys.
    pub(crate) fn next_id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// The next token, consumed (for tags that read raw tokens).
    pub(crate) fn next_token(&mut self) -> Option<Token<'s>> {
        let token = self.tokens.get(self.pos).copied();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    /// The line of the token just consumed.
    pub(crate) fn current_line(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(1, |t| t.line)
    }

    /// Skips tokens up to the block tag `end` (for `{% comment %}`).
    pub(crate) fn skip_past(&mut self, end: &str) -> bool {
        while let Some(token) = self.tokens.get(self.pos).copied() {
            self.pos += 1;
            if token.kind == TokenKind::Block && token.contents == end {
                return true;
            }
        }
        false
    }

    /// The raw tokens from `from` to the current position, for tags that
    /// inspect their body's source (`forloop` detection).
    pub(crate) fn tokens_since(&self, from: usize) -> &[Token<'s>] {
        self.tokens.get(from..self.pos).unwrap_or_default()
    }

    /// The index of the next token.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Registers a block name, rejecting duplicates as Django does.
    pub(crate) fn declare_block(&mut self, name: &str, span: Span) -> Result<(), Error> {
        if !self.block_names.insert(name.to_string()) {
            return Err(self.syntax_error(
                format!("'block' tag with name '{name}' appears more than once"),
                span,
            ));
        }
        Ok(())
    }

    /// The blocks of a list of nodes.
    pub(crate) fn blocks_of(nodes: &[Node]) -> Vec<Arc<super::node::BlockNode>> {
        let mut found = Vec::new();
        collect_blocks(nodes, &mut found);
        found
    }
}

/// Djula accepts `truncatechars: 10` and `default: hello`; Django (and we)
/// do not. Show the Django spelling.
fn djula_spelling_help(text: &str) -> Option<String> {
    let (before, after) = text.split_once(':')?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let filter = before.rsplit('|').next()?.trim();
    let arg = after.trim();
    let quoted = arg.starts_with('"') || arg.starts_with('\'') || arg.parse::<f64>().is_ok();
    let arg = if quoted {
        arg.to_string()
    } else {
        format!("\"{arg}\"")
    };
    Some(format!("write '{filter}:{arg}': no space after ':', and quote text arguments (Djula's spelling is not Django's)"))
}

/// The source with the name of every `{% tag %}` in lower case.
fn lower_tag_names(source: &Arc<str>) -> Arc<str> {
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for token in tokenize(source) {
        if token.kind != TokenKind::Block {
            continue;
        }
        let command = token.contents.split_whitespace().next().unwrap_or_default();
        let start = (command.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        out.push_str(source.get(copied..start).unwrap_or_default());
        out.push_str(&command.to_ascii_lowercase());
        copied = start + command.len();
    }
    out.push_str(source.get(copied..).unwrap_or_default());
    Arc::from(out)
}
