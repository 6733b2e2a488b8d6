//! Template inheritance and inclusion: `{% extends %}`, `{% block %}`,
//! `{{ block.super }}`, `{% include %}`, with Django's `BlockContext` rules.

use std::sync::{Arc, OnceLock};

use super::{Context, Renderer};
use crate::compile::{BlockNode, CompiledTemplate, Expr, ExtendsNode, IncludeNode};
use crate::error::{Error, ErrorKind, Span};
use crate::support::template_names::{resolve_relative, Recursion};
use crate::value::Value;

/// The first size of the buffer `{{ block.super }}` renders into: most
/// parents' blocks are a line or two.
const SUPER_BUFFER: usize = 256;

impl Renderer<'_> {
    /// `{% block %}`: renders the innermost override of the block.
    pub(crate) fn render_block(
        &mut self,
        block: &Arc<BlockNode>,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        self.render_block_version(&block.name, Some(block), ctx, out)
    }

    /// Renders the innermost override of the block `name`, else `own` (the
    /// block as the template being rendered writes it).
    fn render_block_version(
        &mut self,
        name: &Arc<str>,
        own: Option<&Arc<BlockNode>>,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let overriding = self.state.blocks.pop(name);
        let Some(chosen) = overriding.clone().or_else(|| own.cloned()) else {
            return Ok(());
        };
        self.state.block_stack.push(name.clone());
        ctx.push();
        self.enter(Span::default())?;
        if let Some(origin) = &chosen.origin {
            self.origins.push((**origin).clone());
        }
        let result = self.render_body(chosen.program.as_deref(), &chosen.body, ctx, out);
        if chosen.origin.is_some() {
            self.origins.pop();
        }
        self.leave();
        ctx.pop();
        self.state.block_stack.pop();
        if let Some(pushed) = overriding {
            self.state.blocks.push(pushed);
        }
        result
    }

    /// Djula's `{% super [name] %}`: the parent's version of the named block
    /// (default: the current one); an error when there is none.
    pub(crate) fn block_super_named(
        &mut self,
        name: Option<&str>,
        ctx: &Context,
    ) -> Result<Value, Error> {
        let name: Arc<str> = match name {
            Some(n) => n.into(),
            None => self
                .state
                .block_stack
                .last()
                .cloned()
                .ok_or_else(|| Error::render("No parent block"))?,
        };
        if !self.state.blocks.has(&name) {
            return Err(Error::render(format!("Parent block {name} not found")));
        }
        self.parent_version(&name, ctx)
    }

    /// The next version of block `name` (its parent's), rendered into a
    /// safe string with a copy of the scope: `block.super` and Djula's
    /// `{% super %}`.
    fn parent_version(&mut self, name: &Arc<str>, ctx: &Context) -> Result<Value, Error> {
        // A copy of the scope and a render into a new string: as much work
        // as entering a template, whatever the block holds.
        self.burn(crate::settings::INCLUDE_FUEL)?;
        let mut ctx = ctx_clone(ctx);
        let mut out = String::with_capacity(SUPER_BUFFER);
        self.render_block_version(name, None, &mut ctx, &mut out)?;
        Ok(Value::safe(out))
    }

    /// Djula's `{% ssi %}`: a file under one of `Settings::ssi_roots`, raw
    /// (escaped like text) or, with `parse`, rendered as a template.
    pub(crate) fn render_ssi(
        &mut self,
        node: &crate::compile::SsiNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let path = crate::value::display::text_of(&self.eval(&node.path, ctx, false)?);
        let path = std::path::Path::new(&path);
        let allowed = path.is_absolute()
            && !path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
            && self
                .env
                .settings
                .ssi_roots
                .iter()
                .any(|root| path.starts_with(root));
        if !allowed {
            let error = Error::render(format!(
                "ssi: '{}' is not under an allowed root",
                path.display()
            ))
            .with_help("list the directory in Settings::ssi_roots (Djula's *allow-include-roots*)");
            return Err(self.locate(error, node.span.into()));
        }
        let source = std::fs::read_to_string(path).map_err(|e| {
            self.locate(
                Error::new(ErrorKind::Io, format!("ssi: {}: {e}", path.display())).caused_by(e),
                node.span.into(),
            )
        })?;
        if !node.parse {
            filters::escape_into(out, &source);
            return Ok(());
        }
        let compiled = self
            .env
            .templates
            .compile(&path.display().to_string(), source)?;
        self.render_template(&compiled, ctx, out)
    }

    /// `{{ block.super }}`: the parent's version of the current block.
    pub(crate) fn block_super(&mut self, ctx: &Context) -> Result<Value, Error> {
        let name = self
            .state
            .block_stack
            .last()
            .cloned()
            .filter(|_| self.state.extending);
        let Some(name) = name else {
            return Err(Error::syntax("'block.super' used outside of a block")
                .with_help("use {{ block.super }} inside {% block %}"));
        };
        let has_parent = self.state.blocks.has(&name);
        if !has_parent {
            return Ok(Value::safe(""));
        }
        self.parent_version(&name, ctx)
    }

    /// `{% extends %}`: registers this template's blocks and renders the parent.
    pub(crate) fn render_extends(
        &mut self,
        node: &ExtendsNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let parent = self.extend(node, ctx)?;
        self.burn(crate::settings::INCLUDE_FUEL)
            .map_err(|e| self.locate(e, node.span.into()))?;
        self.enter(node.span.into())?;
        let result = self.render_template(&parent, ctx, out);
        self.leave();
        result.map_err(|e| self.reached_from(e, "extended by", node.span.into()))
    }

    /// One block of `template`, with inheritance resolved (`block.super`
    /// included): the `extends` chain is followed and its blocks registered
    /// as a whole render would, then only the block renders. For htmx
    /// fragments.
    pub(crate) fn render_one_block(
        &mut self,
        template: &Arc<CompiledTemplate>,
        name: &str,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let mut current = template.clone();
        let mut entered = 0;
        let result = loop {
            self.templates.push(current.clone());
            self.origins
                .push((current.name.clone(), current.source.clone()));
            entered += 1;
            let Some(node) = current.extends() else {
                let own = current.blocks().iter().find(|b| &*b.name == name).cloned();
                // Without its own version, a block only the extending
                // templates define (one nested in a block they override):
                // its most derived version, as the whole page renders it.
                break match own {
                    Some(block) => self.render_block(&block, ctx, out),
                    None if self.state.blocks.has(name) => {
                        self.render_block_version(&Arc::from(name), None, ctx, out)
                    }
                    None => {
                        let mut known: Vec<Arc<str>> =
                            current.blocks().iter().map(|b| b.name.clone()).collect();
                        known.extend(self.state.blocks.names());
                        Err(Error::new(
                            ErrorKind::TemplateNotFound,
                            format!("block '{name}' not found in template '{}'", template.name),
                        )
                        .suggest(name, known.iter().map(|k| &**k)))
                    }
                };
            };
            let next = self.extend(node, ctx).and_then(|parent| {
                self.burn(crate::settings::INCLUDE_FUEL)
                    .map_err(|e| self.locate(e, node.span.into()))?;
                Ok(parent)
            });
            match next {
                Ok(parent) => current = parent,
                Err(e) => break Err(e),
            }
        };
        for _ in 0..entered {
            self.origins.pop();
            self.templates.pop();
        }
        result
    }

    /// Follows `{% extends %}` one step: loads the parent (refusing a
    /// cycle) and registers this template's blocks, and the parent's when
    /// it is the root.
    fn extend(
        &mut self,
        node: &ExtendsNode,
        ctx: &mut Context,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        if self.state.extends_chain.is_empty() {
            if let Some(current) = self.templates.last() {
                self.state.extends_chain.push(current.clone());
            }
        }
        let parent = self.parent_template(node, ctx)?;
        let same = |t: &Arc<CompiledTemplate>| t.name == parent.name && t.loader == parent.loader;
        if let Some(start) = self.state.extends_chain.iter().position(same) {
            let mut cycle: Vec<&str> = self
                .state
                .extends_chain
                .get(start..)
                .unwrap_or_default()
                .iter()
                .map(|t| &*t.name)
                .collect();
            cycle.push(&parent.name);
            let error = Error::render(format!(
                "templates extend each other in a cycle: {}",
                cycle.join(" -> ")
            ));
            return Err(self.locate(error, node.span.into()));
        }
        self.state.extends_chain.push(parent.clone());
        self.state.extending = true;
        for block in &node.blocks {
            self.state.blocks.add_first(block.clone());
        }
        if parent.extends().is_none() {
            for block in parent.blocks() {
                self.state.blocks.add_first(block.clone());
            }
        }
        Ok(parent)
    }

    /// The template an `{% extends %}` names. A name the chain of this
    /// render's extends already holds is the next copy of that name in the
    /// search path, skipping the loaders the chain's copies came from
    /// (Django's recursive template loading: an app's `admin/base.html`
    /// may extend Django's own). Any other parent is kept on the node once
    /// loaded, when its name cannot change.
    fn parent_template(
        &mut self,
        node: &ExtendsNode,
        ctx: &Context,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        let chain_has = |chain: &[Arc<CompiledTemplate>], name: &str| {
            chain.iter().any(|t| same_template_name(&t.name, name))
        };
        let keep = crate::compile::names_one_template(&node.parent, self.env.settings.reload);
        if let Some(template) = node.resolved.get().filter(|_| keep) {
            if !chain_has(&self.state.extends_chain, &template.name) {
                return Ok(template.clone());
            }
        }
        let value = self
            .eval(&node.parent, ctx, false)
            .map_err(|e| self.locate(e, node.name_span.into()))?;
        if let Some(name) = value
            .as_str()
            .filter(|n| chain_has(&self.state.extends_chain, n))
        {
            let skip: Vec<u32> = self
                .state
                .extends_chain
                .iter()
                .filter(|t| same_template_name(&t.name, name))
                .filter_map(|t| t.loader.get())
                .collect();
            return self
                .env
                .templates
                .load_skipping(name, &skip)
                .map_err(|e| {
                    let e = if e.kind() == ErrorKind::TemplateNotFound {
                        // No other copy: the chain goes round.
                        let chain = &self.state.extends_chain;
                        let start = chain
                            .iter()
                            .position(|t| same_template_name(&t.name, name))
                            .unwrap_or(0);
                        let mut cycle: Vec<&str> = chain
                            .get(start..)
                            .unwrap_or_default()
                            .iter()
                            .map(|t| &*t.name)
                            .collect();
                        cycle.push(name);
                        Error::new(
                            ErrorKind::TemplateNotFound,
                            format!(
                                "templates extend each other in a cycle: {}; template '{name}' does not exist past the copies this extends chain already uses",
                                cycle.join(" -> ")
                            ),
                        )
                    } else {
                        e
                    };
                    self.locate(e, node.name_span.into())
                });
        }
        let template = self.load_named(&value, node.name_span.into(), NameFrom::Extends)?;
        if keep {
            let _ = node.resolved.set(template.clone());
        }
        Ok(template)
    }

    /// `{% include %}`: renders another template with this context (or
    /// only the given names), with its own block and cycle state.
    pub(crate) fn render_include(
        &mut self,
        node: &IncludeNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let template = self.included_template(node, ctx)?;
        let values = node
            .bindings
            .iter()
            .map(|(k, e)| Ok((k.clone(), self.eval(e, ctx, false)?)))
            .collect::<Result<Vec<_>, Error>>()
            .map_err(|e| self.locate(e, node.span.into()))?;
        self.burn(crate::settings::INCLUDE_FUEL)
            .map_err(|e| self.locate(e, node.span.into()))?;
        self.enter(node.span.into())?;
        let saved_state = std::mem::take(&mut self.state);
        let scope = self.own_state_scope(node.only);
        let result = if node.only {
            self.loops.push(None);
            let mut isolated = ctx.isolated();
            for (k, v) in values {
                isolated.set(&*k, v);
            }
            let r = self.render_template(&template, &mut isolated, out);
            self.loops.pop();
            r
        } else {
            ctx.push();
            for (k, v) in values {
                ctx.set(&*k, v);
            }
            let r = self.render_template(&template, ctx, out);
            ctx.pop();
            r
        };
        self.end_state_scope(scope);
        self.state = saved_state;
        self.leave();
        result.map_err(|e| self.reached_from(e, "included from", node.span.into()))
    }

    /// The template an include names: kept on the node after the first
    /// load when the name is a literal (see
    /// [`IncludeNode::names_one_template`]), else looked up each time.
    pub(super) fn included_template(
        &mut self,
        node: &IncludeNode,
        ctx: &Context,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        self.named_template(
            &node.template,
            &node.resolved,
            node.name_span.into(),
            ctx,
            NameFrom::Include,
        )
    }

    /// The template `name` names, kept in `resolved` after the first load
    /// when it names one template for good
    /// ([`crate::compile::names_one_template`]).
    fn named_template(
        &mut self,
        name: &Expr,
        resolved: &OnceLock<Arc<CompiledTemplate>>,
        span: Span,
        ctx: &Context,
        from: NameFrom,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        let keep = crate::compile::names_one_template(name, self.env.settings.reload);
        if let Some(template) = resolved.get().filter(|_| keep) {
            return Ok(template.clone());
        }
        let value = self
            .eval(name, ctx, false)
            .map_err(|e| self.locate(e, span))?;
        let template = self.load_named(&value, span, from)?;
        if keep {
            let _ = resolved.set(template.clone());
        }
        Ok(template)
    }

    /// Notes on an error from another template where the current one
    /// reached it (`how`: "included from", "extended by"), so the message
    /// shows the chain. An error already placed in the current template
    /// (a child's block) needs no note.
    pub(super) fn reached_from(&self, error: Error, how: &'static str, span: Span) -> Error {
        match self.origins.last() {
            Some((name, source)) if error.template_name() != Some(&**name) => {
                error.reached_from(how, name, source, span)
            }
            _ => error,
        }
    }

    /// Loads the template named by a value: a name, or (for include) a
    /// list of names of which the first that exists wins.
    fn load_named(
        &mut self,
        name: &Value,
        span: Span,
        from: NameFrom,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        let current = self.origins.last().map(|(name, _)| name.clone());
        let names: Vec<String> = match name {
            Value::Str(_) | Value::Safe(_) => {
                let s: &str = name.as_str().unwrap_or_default();
                // Django's `IncludeNode` resolves a relative name a
                // variable gives while rendering (its `extends` does not).
                let relative = match from {
                    NameFrom::Include => {
                        resolve_relative(current.as_deref(), s, Recursion::Refused).map_err(
                            |e| {
                                let message = e.message(s, current.as_deref().unwrap_or_default());
                                self.locate(Error::syntax(message), span)
                            },
                        )?
                    }
                    NameFrom::Extends => None,
                };
                vec![relative.unwrap_or_else(|| s.to_string())]
            }
            Value::List(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if names.is_empty() || names.iter().all(String::is_empty) {
            let error = match from {
                // Django's `ExtendsNode.get_parent` on a false name.
                NameFrom::Extends if !name.is_true() => Error::syntax(format!(
                    "Invalid template name in 'extends' tag: {}.",
                    name.to_repr()
                )),
                _ => Error::new(ErrorKind::TemplateNotFound, "No template names provided"),
            };
            return Err(self.locate(error, span));
        }
        let mut last_error = None;
        for n in &names {
            match self.env.templates.load(n, current.as_deref()) {
                Ok(t) => return Ok(t),
                Err(e) if e.kind() == ErrorKind::TemplateNotFound => last_error = Some(e),
                // A file that cannot be read (a directory, bad UTF-8): at
                // the tag, unless the error has a place in that template.
                Err(e) => return Err(self.locate(e, span)),
            }
        }
        let error =
            last_error.unwrap_or_else(|| Error::new(ErrorKind::TemplateNotFound, names.join(", ")));
        Err(self.locate(error, span))
    }
}

/// A shallow copy of a context for rendering `block.super` into a string.
fn ctx_clone(ctx: &Context) -> Context {
    ctx.snapshot()
}

/// Which tag names a template: an `include` resolves a relative name a
/// variable gives, an `extends` does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameFrom {
    Include,
    Extends,
}

/// Whether two names read the same file of a directory (`sub/../a.html`
/// is `a.html`), as Django compares the origins of an extends chain.
fn same_template_name(a: &str, b: &str) -> bool {
    use crate::support::template_names::name_within_directory;
    // Only a name with `.`, `..`, empty parts or backslashes is folded (an
    // allocation); a plain name is itself.
    let plain = |n: &str| {
        !n.bytes().any(|c| c == b'/' || c == b'\\')
            || !(n.contains("./")
                || n.contains("/.")
                || n.contains("//")
                || n.contains('\\')
                || n.starts_with('/'))
    };
    a == b
        || (!(plain(a) && plain(b))
            && matches!(
                (name_within_directory(a), name_within_directory(b)),
                (Some(x), Some(y)) if x == y
            ))
}
