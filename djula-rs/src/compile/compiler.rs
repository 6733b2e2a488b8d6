//! The compiler: the syntax tree of a template becomes the nodes the
//! renderer runs. Everything that can be resolved once is resolved here:
//! filter names bound to their functions (an unknown filter is an error
//! here, as in Django), variable paths split, literals parsed, tag
//! arguments read, Djula's fused forms decided.

use crate::value::text::Text;
use std::cell::Cell;
use std::sync::Arc;

use super::expr::{compile_expr, CompileExprError, Expr};
use super::node::{
    collect_blocks, BlockOrigin, CompiledTemplate, Node, Nodes, Partials, SourceText,
};
use super::tags::{self, TagError, TagToken};
use crate::builtins::libraries::{library_of_filter, Loaded};
use crate::builtins::registry::Registry;
use crate::error::{Error, ErrorKind, Span};
use crate::settings::Settings;
use crate::syntax::ast::{Ast, Body, Marker};
use crate::syntax::lexer::{tokenize, TokenKind};
use crate::syntax::parser::UnknownTags;

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
    let unknown_tags = if settings.catch_template_errors {
        UnknownTags::WriteInPlace
    } else {
        UnknownTags::Fail
    };
    let ast = crate::syntax::parser::parse(
        &name,
        &source,
        Some(&source),
        registry,
        settings.max_depth,
        unknown_tags,
    )?;
    let mut compiler = Compiler {
        source: &source,
        source_arc: source.clone(),
        name: name.clone(),
        block_origin: None,
        registry,
        settings,
        loaded: Loaded::default(),
        partials: Partials::default(),
        seen_extends: false,
        block_names: Default::default(),
        cycle_names: Default::default(),
        last_cycle: None,
        open_blocks: Vec::new(),
        lines: Default::default(),
    };
    let nodes = compiler
        .compile_nodes(&ast)
        .map_err(|e| e.at(&name, &source, Span::default()))?;
    let partials = (!compiler.partials.is_empty()).then(|| Arc::new(compiler.partials));
    let program = super::program::Program::lower_if_worth(&nodes, &source);
    Ok(CompiledTemplate {
        loader: Default::default(),
        name,
        source: source.clone(),
        nodes,
        program,
        partials,
        output_hint: Default::default(),
        block_list: Default::default(),
    })
}

impl Compiler<'_> {
    /// The line (from 1) where `span` starts, for messages.
    pub(crate) fn line(&self, span: Span) -> usize {
        self.lines.line(self.source, span.start)
    }
}

/// A `{% cycle … as name %}` that later `{% cycle name %}` and
/// `{% resetcycle name %}` tags of the template refer to.
#[derive(Clone, Debug)]
pub(crate) struct NamedCycle {
    pub values: Arc<[Expr]>,
    pub silent: bool,
    /// The key of the cycle's state.
    pub key: Box<str>,
}

pub(crate) struct Compiler<'s> {
    pub source: &'s str,
    /// The same source, shared, for nodes that keep their origin.
    pub source_arc: Arc<str>,
    pub name: Arc<str>,
    /// The name and source, shared by the template's blocks (made at the
    /// first block).
    pub block_origin: Option<Arc<BlockOrigin>>,
    pub registry: &'s Registry,
    pub settings: &'s Settings,
    /// What the `{% load %}`s so far made available (for filters).
    pub loaded: Loaded,
    pub partials: Partials,
    pub seen_extends: bool,
    pub block_names: crate::support::FastSet<&'s str>,
    /// Names of `{% cycle … as name %}` seen so far.
    /// Named cycles so far: name, values, silent, state key (a later
    /// definition of a name hides the earlier, as Django's dict).
    pub cycle_names: std::collections::HashMap<String, NamedCycle>,
    /// Names of the `{% block %}`s being compiled, innermost last.
    pub open_blocks: Vec<String>,
    /// State key of the last cycle, for `{% resetcycle %}`.
    pub last_cycle: Option<Box<str>>,
    /// Line numbers for messages, counted on from the last one.
    pub lines: crate::syntax::lexer::Lines,
}

impl<'s> Compiler<'s> {
    /// The template's name and source, for a block it defines: one
    /// allocation shared by all of them.
    pub(crate) fn block_origin(&mut self) -> Arc<BlockOrigin> {
        self.block_origin
            .get_or_insert_with(|| Arc::new((self.name.clone(), self.source_arc.clone())))
            .clone()
    }

    /// An error placed at `span` of this template.
    pub(crate) fn error_at(&self, error: Error, span: Span) -> Error {
        error.at_shared(&self.name, &self.source_arc, span)
    }

    pub(crate) fn syntax_error(&self, message: impl Into<String>, span: Span) -> Error {
        self.error_at(Error::syntax(message), span)
    }

    /// A text node: a range of the source when `text` is a slice of it,
    /// else (text the compiler built) a copy.
    fn text_node(&self, text: &str) -> Node {
        match SourceText::within(self.source, text) {
            Some(range) => Node::Text(range),
            None => Node::BuiltText(Box::new(Text::from(text))),
        }
    }

    /// Compiles a list of syntax nodes. Their nesting is bounded by the
    /// parser's depth limit; the stack grows on demand below it.
    pub(crate) fn compile_nodes(&mut self, nodes: &[Ast<'s>]) -> Result<Nodes, Error> {
        crate::support::stack::guarded(|| self.compile_list(nodes))
    }

    fn compile_list(&mut self, nodes: &[Ast<'s>]) -> Result<Nodes, Error> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                Ast::Text(text) => out.push(self.text_node(text)),
                Ast::Var(var) => match self.compile_expr(var.contents, var.span) {
                    Ok(expr) => out.push(Node::Var(Box::new((expr, var.span.into())))),
                    Err(e) => out.push(self.caught_in_place(e)?),
                },
                Ast::Translation(t) => {
                    out.push(super::tags::translation(self, t.contents, t.span)?);
                }
                Ast::Tag(tag) => {
                    let next = Cell::new(0);
                    let token = TagToken::new(tag, &next);
                    let error = match tags::compile_tag(self, token) {
                        Ok(Some(node)) => {
                            out.push(node);
                            continue;
                        }
                        Ok(None) => continue,
                        Err(TagError::Unknown) => self.syntax_error(
                            format!(
                                "Invalid block tag on line {}: '{}'. Did you forget to register or load this tag?",
                                self.line(tag.head.span),
                                tag.head.command()
                            ),
                            tag.head.span,
                        ),
                        Err(TagError::Failed(e)) => self.error_at(e, tag.head.span),
                    };
                    out.push(self.caught_in_place(error)?);
                }
            }
        }
        // Tags that compile to nothing (`{% load %}`, comments, a body the
        // parent tag took) leave room a compiled template would keep.
        Ok(out.into_boxed_slice())
    }

    /// A tag or variable that failed to compile: the error, or, with
    /// Djula's `catch_template_errors`, a text node that writes it in place
    /// (`{# Error: … #}`, escaped, as a failure while rendering writes it),
    /// so the rest of the template still renders. The template's limits
    /// are never caught.
    fn caught_in_place(&self, error: Error) -> Result<Node, Error> {
        if !self.settings.catch_template_errors || error.kind() == ErrorKind::Limit {
            return Err(error);
        }
        let mut text = String::new();
        error.write_in_place(&mut text);
        Ok(self.text_node(&text))
    }

    /// Compiles the next section of `t`'s body; returns its nodes and the
    /// tag that ended it (the next section's head, or the end tag).
    pub(crate) fn next_section(
        &mut self,
        t: TagToken<'_, 's>,
    ) -> Result<(Nodes, Marker<'s>), Error> {
        let Body::Sections { end, .. } = &t.tag.body else {
            return Err(self.syntax_error(format!("'{}' has no body", t.name()), t.span));
        };
        let index = t.next.get();
        t.next.set(index + 1);
        let Some(section) = t.tag.body.section(index) else {
            return Err(self.syntax_error(format!("'{}' has no more sections", t.name()), t.span));
        };
        let nodes = self.compile_nodes(&section.nodes)?;
        let stop = t.tag.body.section(index + 1).map_or(*end, |s| s.head);
        Ok((nodes, stop))
    }

    /// Compiles the rest of the template after `{% extends %}`.
    pub(crate) fn rest(&mut self, t: TagToken<'_, 's>) -> Result<Nodes, Error> {
        match &t.tag.body {
            Body::Rest(nodes) => self.compile_nodes(nodes),
            _ => Err(self.syntax_error(format!("'{}' has no body", t.name()), t.span)),
        }
    }

    /// Where `part` (a slice of this template's source) is, else `fallback`.
    pub(crate) fn span_of(&self, part: &str, fallback: Span) -> Span {
        Span::within(self.source, part).unwrap_or(fallback)
    }

    /// Compiles a filter expression found at `span`; errors point at the
    /// expression (or the unknown filter's name) when it is a slice of the
    /// source.
    pub(crate) fn compile_expr(&self, text: &str, span: Span) -> Result<Expr, Error> {
        let span = self.span_of(text, span);
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
                let at = text.match_indices('|').map(|(i, _)| i + 1).find(|&i| {
                    text.get(i..)
                        .is_some_and(|rest| rest.trim_start().starts_with(&*name))
                });
                let span = at
                    .and_then(|i| {
                        let rest = text.get(i..)?;
                        let from = i + (rest.len() - rest.trim_start().len());
                        text.get(from..from + name.len())
                    })
                    .map_or(span, |part| self.span_of(part, span));
                let mut error = Error::syntax(format!("Invalid filter: '{name}'"));
                let known: Vec<&str> = self.registry.filter_names(&self.loaded).collect();
                error = error.suggest(&name, known);
                if error.help().is_none() {
                    if let Some(library) = library_of_filter(&name) {
                        error = error.with_help(format!(
                            "add {{% load {library} %}} at the top of the template"
                        ));
                    } else if &*name == "lisp" {
                        error = error.with_help(
                            "Djula's 'lisp' filter evaluates Common Lisp, which Rust cannot: \
                             register a filter (Engine::def_filter) instead",
                        );
                    }
                }
                self.error_at(error, span)
            }
        })
    }

    pub(crate) fn find_filter(&self, name: &str) -> Option<Arc<crate::builtins::FilterDef>> {
        let found = self.registry.filter(name, &self.loaded);
        if found.is_none() && self.settings.case_insensitive_names {
            return self
                .registry
                .filter(&name.to_ascii_lowercase(), &self.loaded);
        }
        found
    }

    /// A number unique in the process, for node state keys: Django keys
    /// a `{% cycle %}`'s or `{% ifchanged %}`'s state by the node itself,
    /// so nodes of different templates (a parent and its child, two
    /// included templates) never share it.
    pub(crate) fn next_id(&mut self) -> usize {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Registers a block name, rejecting duplicates as Django does.
    pub(crate) fn declare_block(&mut self, name: &'s str, span: Span) -> Result<(), Error> {
        if !self.block_names.insert(name) {
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
