//! Render: walk the compiled nodes, writing into one output buffer.
//!
//! The renderer mirrors Django's node semantics; every recursive step
//! (nested nodes, includes, extends) counts against the depth limit, so no
//! template or context can exhaust the stack.

mod block_context;
mod context;
mod custom;
mod env;
mod frame;
mod i18n;
mod inherit;
mod scratch;
mod tags;
mod vm;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use block_context::BlockContext;
pub(crate) use context::Context;
pub use env::UrlResolver;
pub(crate) use env::{RenderEnv, TemplateSource};
use scratch::RendererBuffers;

use crate::builtins::{FilterEnv, FilterKind};
use crate::compile::program::Slot;
use crate::compile::{Arg, CompiledTemplate, Expr, Head, Node, Path};
use crate::compile::{Compare, Condition};
use crate::error::{Error, ErrorKind, Span};
use crate::settings::{Settings, Undefined};
use crate::value::{Dict, Value};

/// Per-template render state, Django's `render_context`: isolated for each
/// included template.
#[derive(Default)]
pub(crate) struct RenderState {
    /// Block overrides by name, Django's `BlockContext`.
    pub blocks: BlockContext,
    /// The templates of the current `{% extends %}` chain, child first.
    pub extends_chain: Vec<Arc<CompiledTemplate>>,
    /// Whether an `{% extends %}` started this render (Django's block context).
    pub extending: bool,
    /// Names of the blocks being rendered, innermost last (`block.super`).
    pub block_stack: Vec<Arc<str>>,
    /// Position of each `{% cycle %}`.
    pub cycles: HashMap<Box<str>, usize>,
}

impl RenderState {
    /// Empties the state, keeping the buffers of its stacks.
    pub(crate) fn clear(&mut self) {
        self.blocks.clear();
        self.extends_chain.clear();
        self.extending = false;
        self.block_stack.clear();
        self.cycles.clear();
    }
}

/// One render in progress.
pub(crate) struct Renderer<'e> {
    pub env: RenderEnv<'e>,
    pub state: RenderState,
    /// The templates being rendered, innermost last (for partials and errors).
    pub templates: Vec<Arc<CompiledTemplate>>,
    /// `{% cache %}` fragments rendered so far, by key: Django's fragment
    /// cache, empty at the start of each render.
    pub fragments: HashMap<String, String>,
    pub depth: usize,
    /// Ids of the `{% for %}` loops being rendered, innermost last.
    pub loop_runs: Vec<u64>,
    next_loop_run: u64,
    /// Name and source of the template whose nodes are being rendered (a
    /// block's own template while it renders), innermost last; for errors.
    pub origins: Vec<(Arc<str>, Arc<str>)>,
    /// Work units left (one per node rendered); `u64::MAX` without a
    /// budget, which no render can use up.
    fuel: u64,
    /// Loops whose body uses `forloop`, innermost last; `None` marks the
    /// start of an isolated `{% include … only %}`.
    pub loops: Vec<Option<tags::LoopState>>,
    /// Scripts collected by Djula's `{% js %}` for `{% emit-js %}`.
    pub scripts: Vec<String>,
    /// The language set by `{% set-language %}` in this render (set it
    /// with [`Renderer::set_language`], which keeps `locale` in step).
    pub language: Option<String>,
    /// Django's data for the render's language, looked up once per change
    /// of language (a pointer, not a lookup per value).
    locale: &'static filters::l10n::Locale,
    /// Whether the application's catalogs serve the render's language
    /// (their words then win over Django's).
    user_words: bool,
    /// `{% localize on|off %}`: Django's `context.use_l10n` (`None`: on).
    pub use_l10n: Option<bool>,
    /// English, localization on, no catalogs: values print as
    /// `write_value` prints them.
    plain_print: bool,
    /// Last seen value of each `{% ifchanged %}`, by loop run and tag; it
    /// belongs to the loop, so it survives `{% include %}` inside the loop.
    pub ifchanged: HashMap<(u64, Box<str>), Value>,
    /// True while a `{% if %}` condition is evaluated (strict mode is off then).
    in_condition: bool,
    /// The loop slots of a flat program run, kept for the next run.
    /// One vector per program run in progress (a block's or an include's
    /// run nests inside the page's), so nested runs reuse theirs too.
    spare_slots: Vec<Vec<vm::LoopSlot>>,
    /// Where a streaming render sends its output; `None`: into the buffer only.
    sink: Option<&'e mut dyn std::fmt::Write>,
    /// The render's own output buffer (as opposed to the scratch buffers of
    /// `{% spaceless %}`, `{% filter %}`, …): only it is flushed to the sink.
    /// Compared by address, never dereferenced.
    main: *const String,
    /// Bytes already sent to the sink.
    flushed: usize,
    /// Below this many bytes in a buffer, [`Renderer::check_output`] has
    /// nothing to do: past the output limit, or time to flush.
    output_mark: usize,
    /// This render's time-zone state, current on this thread while the
    /// renderer lives.
    _time: crate::value::tz::Scope,
}

/// Django's data for the language `code`, and whether the application's
/// catalogs serve it.
fn locale_of(
    code: &str,
    translations: &crate::i18n::Translations,
) -> (&'static filters::l10n::Locale, bool) {
    let locale = if code == "en" {
        filters::l10n::Lang::english().locale()
    } else {
        filters::l10n::locale(code)
    };
    // Django finds a language's formats by `to_locale` alone, but its
    // words through gettext, which also follows Python's locale aliases:
    // `iw`, `german` or `sr@latin` keep the default formats and take the
    // words of the catalog gettext finds (Hebrew, German, Serbian).
    let aliased_words =
        code != "en" && !filters::l10n::has_locale(code) && translations.serves(code);
    (locale, translations.has_language(code) || aliased_words)
}

/// Whether values print as `write_value` prints them: English, no
/// catalogs of the application's, localization not turned off.
fn plain_print(
    locale: &filters::l10n::Locale,
    user_words: bool,
    use_l10n: Option<bool>,
    thousands: bool,
) -> bool {
    !user_words
        && !thousands
        && use_l10n != Some(false)
        && std::ptr::eq(locale, filters::l10n::Lang::english().locale())
}

/// A streaming render hands its buffer to the writer once it holds this much.
const FLUSH_AT: usize = 8 * 1024;

impl<'e> Renderer<'e> {
    pub(crate) fn new(env: RenderEnv<'e>) -> Renderer<'e> {
        let RendererBuffers {
            templates,
            origins,
            loop_runs,
            loops,
            slots,
            state,
        } = scratch::take_renderer();
        // Built in place (no move of the finished struct): the locale of
        // the `current_language` setting first.
        let (locale, user_words) = locale_of(&env.settings.current_language, env.translations);
        Renderer {
            env,
            state,
            templates,
            fragments: HashMap::new(),
            depth: 0,
            loop_runs,
            next_loop_run: 0,
            in_condition: false,
            spare_slots: slots,
            fuel: env.settings.fuel.unwrap_or(u64::MAX),
            ifchanged: HashMap::new(),
            scripts: Vec::new(),
            loops,
            origins,
            language: None,
            locale,
            user_words,
            use_l10n: None,
            plain_print: plain_print(
                locale,
                user_words,
                None,
                env.settings.use_thousand_separator,
            ),
            sink: None,
            main: std::ptr::null(),
            flushed: 0,
            output_mark: env.settings.max_output.saturating_add(1),
            _time: crate::value::tz::enter(env.settings.use_tz, &env.settings.time_zone),
        }
    }

    /// Sets the render's language (`None`: the `current_language`
    /// setting) and looks up its locale data; returns the previous one.
    pub(crate) fn set_language(&mut self, language: Option<String>) -> Option<String> {
        let previous = std::mem::replace(&mut self.language, language);
        self.refresh_locale();
        previous
    }

    /// Looks up the locale data of the current language (at the start of
    /// a render and when the language changes).
    pub(crate) fn refresh_locale(&mut self) {
        let (locale, user_words) = locale_of(self.current_language(), self.env.translations);
        self.locale = locale;
        self.user_words = user_words;
        self.update_plain_print();
    }

    /// Sets `{% localize %}`'s flag; returns the previous one.
    pub(crate) fn set_use_l10n(&mut self, on: Option<bool>) -> Option<bool> {
        let previous = std::mem::replace(&mut self.use_l10n, on);
        self.update_plain_print();
        previous
    }

    fn update_plain_print(&mut self) {
        self.plain_print = plain_print(
            self.locale,
            self.user_words,
            self.use_l10n,
            self.env.settings.use_thousand_separator,
        );
    }

    /// The language filters format in: the locale data, with the
    /// application's catalogs on top when they serve the language.
    pub(crate) fn lang(&self) -> filters::l10n::Lang<'_> {
        let lang = filters::l10n::Lang::of(self.locale)
            .with_thousand_separator(self.env.settings.use_thousand_separator);
        if self.user_words {
            lang.with_messages(self)
        } else {
            lang.with_catalogs(self)
        }
    }

    /// Writes a value as `{{ }}` prints it: Django's
    /// `render_value_in_context`, localized in the render's language.
    #[inline]
    pub(crate) fn print_value(&self, out: &mut String, value: &Value, autoescape: bool) {
        if self.plain_print {
            crate::value::display::write_value(out, value, autoescape);
        } else {
            crate::value::display::write_value_l10n(
                out,
                value,
                autoescape,
                self.lang(),
                self.use_l10n != Some(false),
            );
        }
    }

    /// Makes this a streaming render: the output buffer `main` goes to
    /// `sink` every [`FLUSH_AT`] bytes (and at the end, see [`Renderer::finish`]).
    pub(crate) fn stream_to(&mut self, sink: &'e mut dyn std::fmt::Write, main: &String) {
        self.sink = Some(sink);
        self.main = main;
        self.output_mark = self.output_mark.min(FLUSH_AT);
    }

    /// Sends what is left in the output buffer to the sink, if streaming.
    pub(crate) fn finish(&mut self, out: &mut String) -> Result<(), Error> {
        self.flush(out)
    }

    #[cold]
    fn flush(&mut self, out: &mut String) -> Result<(), Error> {
        if let Some(sink) = &mut self.sink {
            sink.write_str(out)?;
            self.flushed += out.len();
            out.clear();
        }
        Ok(())
    }

    /// Charges `units` of the fuel budget (when there is one); the error is
    /// not yet placed in the template (see [`Renderer::locate`]).
    #[inline]
    pub(crate) fn burn(&mut self, units: u64) -> Result<(), Error> {
        match self.fuel.checked_sub(units) {
            Some(left) => {
                self.fuel = left;
                Ok(())
            }
            None => Err(self.out_of_fuel()),
        }
    }

    #[cold]
    fn out_of_fuel(&self) -> Error {
        let limit = self.env.settings.fuel.unwrap_or(0);
        let error = Error::new(
            ErrorKind::Limit,
            format!("the render used up its fuel budget of {limit} steps"),
        )
        .with_help(
            "a template runs away (includes without end?); raise Settings::fuel if it is trusted",
        );
        error
    }

    /// Renders a whole template.
    pub(crate) fn render_template(
        &mut self,
        template: &Arc<CompiledTemplate>,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        self.templates.push(template.clone());
        self.origins
            .push((template.name.clone(), template.source.clone()));
        let result = self.render_body(template.program.as_deref(), &template.nodes, ctx, out);
        self.origins.pop();
        self.templates.pop();
        result
    }

    /// A template's or a tag's nodes: their flat program when they have
    /// one (see [`Program::lower_if_worth`](crate::compile::program::Program)),
    /// unless a setting needs the tree walker's rules for every node
    /// (`catch_template_errors` and `case_insensitive_names` change how
    /// each node fails or looks names up).
    pub(crate) fn render_body(
        &mut self,
        program: Option<&crate::compile::program::Program>,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        match program {
            Some(program)
                if !self.env.settings.catch_template_errors
                    && !self.env.settings.case_insensitive_names =>
            {
                self.run_program(program, nodes, ctx, out)
            }
            _ => self.render_nodes(nodes, ctx, out),
        }
    }

    /// The source of the template whose nodes are being rendered, which
    /// its text nodes are ranges of.
    #[inline]
    pub(crate) fn source(&self) -> &str {
        self.origins.last().map_or("", |(_, source)| source)
    }

    /// Places an error at `span` of the template being rendered.
    pub(crate) fn locate(&self, error: Error, span: Span) -> Error {
        match self.origins.last() {
            Some((name, source)) => error.at_shared(name, source, span),
            None => error,
        }
    }

    /// Where `{% ifchanged %}` keeps its state in a template rendered on
    /// its own (an include, a partial): Django keeps it in the `forloop`
    /// the context shows, else in the template's fresh render context. So
    /// without a loop around (or with `only`, which hides it) the
    /// template gets a scope of its own; [`Renderer::end_state_scope`]
    /// ends it.
    pub(crate) fn own_state_scope(&mut self, isolated: bool) -> bool {
        let own = isolated || self.loop_runs.is_empty();
        if own {
            let run = self.new_loop_run();
            self.loop_runs.push(run);
        }
        own
    }

    /// Ends a scope [`Renderer::own_state_scope`] began.
    pub(crate) fn end_state_scope(&mut self, own: bool) {
        if own {
            self.loop_runs.pop();
        }
    }

    /// A fresh id for a loop run (the scope of `{% ifchanged %}` state).
    pub(crate) fn new_loop_run(&mut self) -> u64 {
        self.next_loop_run += 1;
        self.next_loop_run
    }

    pub(crate) fn enter(&mut self, span: Span) -> Result<(), Error> {
        self.depth += 1;
        let limit = self.env.settings.max_depth;
        if self.depth > limit {
            let error = Error::new(
                ErrorKind::Limit,
                format!("rendering nests deeper than the limit of {limit} levels"),
            )
            .with_help("a template includes or extends itself without end, or nests too deeply");
            return Err(self.locate(error, span));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(crate) fn render_nodes(
        &mut self,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        self.stack_checked(|this| this.render_list(nodes, ctx, out))
    }

    /// Runs a recursive pass (`render_nodes`, a program run), growing the
    /// stack when it is low. Checking costs a call; every few nesting
    /// levels is enough, as the red zone covers the frames in between.
    #[inline(always)]
    pub(crate) fn stack_checked<R>(&mut self, pass: impl FnOnce(&mut Self) -> R) -> R {
        if self.depth.is_multiple_of(crate::support::stack::STRIDE) {
            crate::support::stack::guarded(|| pass(self))
        } else {
            pass(self)
        }
    }

    fn render_list(
        &mut self,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        // One unit per node, charged for the whole list at once; an empty
        // list is one unit too (a loop's empty body counts its iterations).
        self.burn(nodes.len().max(1) as u64)
            .map_err(|e| self.locate(e, Span::default()))?;
        self.render_run(nodes, ctx, out)
    }

    /// The nodes of a list, their fuel already charged.
    pub(crate) fn render_run(
        &mut self,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        for node in nodes {
            // The two commonest nodes are handled here, in the loop. Their
            // output is bounded by the template and the context; what
            // repeats them (a loop) checks the output limit itself.
            match node {
                Node::Text(text) => {
                    out.push_str(text.read(self.source()));
                    continue;
                }
                Node::Var(var) => {
                    if let Some(value) = plain_var(&var.0, ctx) {
                        self.print_value(out, value, ctx.autoescape);
                        continue;
                    }
                }
                _ => {}
            }
            if let Err(error) = self.render_node(node, ctx, out) {
                if !self.env.settings.catch_template_errors || error.kind() == ErrorKind::Limit {
                    return Err(error);
                }
                error.write_in_place(out);
            }
            self.check_output(out)?;
        }
        Ok(())
    }

    /// Fails once the output is over `Settings::max_output`; in a
    /// streaming render, hands a full output buffer to the sink. One
    /// comparison while the buffer is short of [`Renderer::output_mark`].
    #[inline(always)]
    pub(crate) fn check_output(&mut self, out: &mut String) -> Result<(), Error> {
        if out.len() < self.output_mark {
            return Ok(());
        }
        self.output_full(out)
    }

    #[cold]
    #[inline(never)]
    fn output_full(&mut self, out: &mut String) -> Result<(), Error> {
        // The limit first: nothing past it reaches the writer.
        if out.len() + self.flushed > self.env.settings.max_output {
            let limit = self.env.settings.max_output;
            return Err(Error::new(
                ErrorKind::Limit,
                format!("the output exceeds the limit of {limit} bytes"),
            ));
        }
        if self.sink.is_some() && std::ptr::eq(out, self.main) {
            self.flush(out)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn render_node(
        &mut self,
        node: &Node,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        match node {
            Node::Text(text) => out.push_str(text.read(self.source())),
            Node::BuiltText(text) => out.push_str(text),
            Node::StaticText(text) => out.push_str(text),
            Node::Var(var) => {
                let (expr, span) = &**var;
                self.print_in(expr, ctx, &[], out)
                    .map_err(|e| self.locate(e, (*span).into()))?
            }
            Node::If(node) => {
                for (condition, body, _) in &node.branches {
                    let taken = match condition {
                        Some(c) => self.test(c, ctx)?,
                        None => true,
                    };
                    if taken {
                        self.enter(Span::default())?;
                        let r = self.render_nodes(body, ctx, out);
                        self.leave();
                        return r;
                    }
                }
            }
            Node::For(node) => self.render_for(node, ctx, out)?,
            Node::With(node) => {
                let frame = self
                    .eval_bindings(&node.bindings, ctx)
                    .map_err(|e| self.locate(e, node.span.into()))?;
                ctx.push_filled(frame);
                self.enter(Span::default())?;
                let r = self.render_body(node.program.as_deref(), &node.body, ctx, out);
                self.leave();
                ctx.pop();
                r?;
            }
            Node::Block(block) => self.render_block(block, ctx, out)?,
            Node::Extends(node) => self.render_extends(node, ctx, out)?,
            Node::Include(node) => self.render_include(node, ctx, out)?,
            Node::Autoescape(on, body) => {
                let saved = ctx.autoescape;
                ctx.autoescape = *on;
                self.enter(Span::default())?;
                let r = self.render_nodes(body, ctx, out);
                self.leave();
                ctx.autoescape = saved;
                r?;
            }
            Node::Spaceless(body) => {
                let mut inner = String::new();
                self.render_nodes(body, ctx, &mut inner)?;
                strip_spaces_between_tags(inner.trim_matches(filters::py::is_space), out);
            }
            Node::Localize(on, body) => {
                self.enter(Span::default())?;
                let previous = self.set_use_l10n(Some(*on));
                let r = self.render_nodes(body, ctx, out);
                self.set_use_l10n(previous);
                self.leave();
                r?;
            }
            Node::Body(body) => {
                self.enter(Span::default())?;
                let r = self.render_nodes(body, ctx, out);
                self.leave();
                r?;
            }
            Node::SetVar(node) => {
                let (name, expr, _) = &**node;
                let value = self.eval(expr, ctx, false)?;
                ctx.set(&**name, value);
            }
            Node::Timezone(node) => {
                let (zone, body, span) = &**node;
                // Django's `timezone.override`: None is the default zone, a
                // name is looked up (an unknown one is an error).
                let zone = self.eval(zone, ctx, false)?;
                let zone = match &zone {
                    Value::None => None,
                    Value::Str(_) | Value::Safe(_) => {
                        let name: &str = zone.as_str().unwrap_or_default();
                        let found = filters::dates::TzInfo::named(name).ok_or_else(|| {
                            let message = filters::dates::TzInfo::key_error(name)
                                .unwrap_or_else(|| format!("'No time zone found with key {name}'"));
                            self.locate(Error::render(message), (*span).into())
                        });
                        Some(found?)
                    }
                    Value::Object(o) => match &**o {
                        crate::value::Object::TzInfo(tz) => Some(tz.clone()),
                        _ => {
                            return Err(
                                self.locate(Error::render("Invalid timezone"), (*span).into())
                            )
                        }
                    },
                    other => {
                        return Err(self.locate(
                            Error::render(format!("Invalid timezone: {}", other.to_text())),
                            (*span).into(),
                        ))
                    }
                };
                self.enter(Span::default())?;
                let before = crate::value::tz::set_active(zone);
                let r = self.render_nodes(body, ctx, out);
                crate::value::tz::set_active(before);
                self.leave();
                r?;
            }
            Node::Localtime(on, body) => {
                self.enter(Span::default())?;
                let before = crate::value::tz::set_context_use_tz(Some(*on));
                let r = self.render_nodes(body, ctx, out);
                crate::value::tz::set_context_use_tz(before);
                self.leave();
                r?;
            }
            other => self.render_tag(other, ctx, out)?,
        }
        Ok(())
    }

    /// Evaluates a filter expression, Django's `FilterExpression.resolve`.
    /// `ignore_failures`: a missing variable is `None` (as in `{% if %}`)
    /// instead of `string_if_invalid`.
    pub(crate) fn eval(
        &mut self,
        expr: &Expr,
        ctx: &Context,
        ignore_failures: bool,
    ) -> Result<Value, Error> {
        self.eval_cow(expr, ctx, ignore_failures)
            .map(Cow::into_owned)
    }

    /// [`Renderer::eval`], borrowing the value from the context or the
    /// template when no filter makes a new one (the common `{{ name }}`).
    pub(crate) fn eval_cow<'c>(
        &mut self,
        expr: &'c Expr,
        ctx: &'c Context,
        ignore_failures: bool,
    ) -> Result<Cow<'c, Value>, Error> {
        self.eval_in(expr, ctx, &[], ignore_failures)
    }

    /// [`Renderer::eval_cow`] in a flat program, whose paths may name the
    /// loop variables in `slots`.
    pub(crate) fn eval_in<'c>(
        &mut self,
        expr: &'c Expr,
        ctx: &'c Context,
        slots: &'c [vm::LoopSlot],
        ignore_failures: bool,
    ) -> Result<Cow<'c, Value>, Error> {
        match self.eval_head(expr, ctx, slots, ignore_failures)? {
            Ok(value) => self.apply_filters(value, &expr.filters, ctx, slots),
            Err(invalid) => Ok(Cow::Owned(invalid)),
        }
    }

    /// Writes `{{ expr }}` (as [`Renderer::eval_in`] and `write_value`),
    /// through the last filter's writer when it has one: its result goes
    /// into `out` without becoming a value.
    pub(crate) fn print_in(
        &mut self,
        expr: &Expr,
        ctx: &Context,
        slots: &[vm::LoopSlot],
        out: &mut String,
    ) -> Result<(), Error> {
        let (Some((last, first)), Some(write)) = (
            expr.filters.split_last(),
            expr.filters.last().and_then(|c| c.def.write),
        ) else {
            let value = self.eval_in(expr, ctx, slots, false)?;
            self.print_value(out, &value, ctx.autoescape);
            return Ok(());
        };
        let value = match self.eval_head(expr, ctx, slots, false)? {
            Ok(value) => self.apply_filters(value, first, ctx, slots)?,
            Err(invalid) => {
                crate::value::display::write_value(out, &invalid, ctx.autoescape);
                return Ok(());
            }
        };
        let arg = self.filter_arg(last, ctx, slots)?;
        let env = FilterEnv::new(ctx.autoescape, self.env.settings, self.lang());
        if write(&value, arg.as_deref(), last.prepared.as_deref(), &env, out)? {
            return Ok(());
        }
        let value = self.apply_filters(value, std::slice::from_ref(last), ctx, slots)?;
        self.print_value(out, &value, ctx.autoescape);
        Ok(())
    }

    /// The head of `expr`; `Err` with the text of an invalid variable
    /// (`string_if_invalid`), whose filters Django skips.
    fn eval_head<'c>(
        &mut self,
        expr: &'c Expr,
        ctx: &'c Context,
        slots: &'c [vm::LoopSlot],
        ignore_failures: bool,
    ) -> Result<Result<Cow<'c, Value>, Value>, Error> {
        Ok(Ok(match &expr.head {
            Head::Literal(v) => Cow::Borrowed(v),
            Head::Translated(msgid) => Cow::Owned(self.translated_literal(msgid)),
            Head::Path(path) => match self.lookup_in(path, ctx, slots)? {
                Some(v) => v,
                None if ignore_failures => Cow::Owned(Value::None),
                None => match invalid_text(self.env.settings, InvalidName::Variable(&path.text()))?
                {
                    // Django skips the filters of an invalid variable.
                    Some(text) => return Ok(Err(Value::str(text))),
                    None => Cow::Owned(Value::str("")),
                },
            },
        }))
    }

    /// The argument of a filter call.
    fn filter_arg<'c>(
        &mut self,
        call: &'c crate::compile::expr::FilterCall,
        ctx: &'c Context,
        slots: &'c [vm::LoopSlot],
    ) -> Result<Option<Cow<'c, Value>>, Error> {
        Ok(match &call.arg {
            None => None,
            Some(Arg::Literal(v)) => Some(Cow::Borrowed(v)),
            Some(Arg::Translated(msgid)) => Some(Cow::Owned(self.translated_literal(msgid))),
            Some(Arg::Path(p)) => match self.lookup_in(p, ctx, slots)? {
                Some(v) => Some(v),
                None => {
                    return Err(Error::missing_variable(format!(
                        "Failed lookup for key [{}] in filter argument of '{}'",
                        p.text(),
                        call.def.name
                    )))
                }
            },
        })
    }

    /// Applies `filters` to `value` in turn.
    fn apply_filters<'c>(
        &mut self,
        mut value: Cow<'c, Value>,
        filters: &'c [crate::compile::expr::FilterCall],
        ctx: &'c Context,
        slots: &'c [vm::LoopSlot],
    ) -> Result<Cow<'c, Value>, Error> {
        for call in filters {
            let arg = self.filter_arg(call, ctx, slots)?;
            let env = FilterEnv::new(ctx.autoescape, self.env.settings, self.lang());
            if call.def.kind == FilterKind::Translate {
                value = Cow::Owned(self.trans_filter(value.into_owned()));
                continue;
            }
            let input_safe = value.is_safe();
            let mut result = (call.def.func)(&value, arg.as_deref(), &env)?;
            let work = env.work.get() + result_work(&result, &env, &call.def.name)?;
            if work > 0 {
                self.burn(work)?;
            }
            if call.def.is_safe && input_safe && !result.is_safe() {
                // Django's `mark_safe` of the result: any value becomes
                // the safe text of its `str()` (a list from `safeseq`).
                result = match result {
                    Value::Str(s) => Value::Safe(s.into_arc()),
                    other => Value::safe(other.to_text()),
                };
            }
            value = Cow::Owned(result);
        }
        Ok(value)
    }

    /// [`Renderer::lookup_cow`], or from the loop variable in `slots` that
    /// the path's first name was resolved to at compile time.
    #[inline]
    fn lookup_in<'c>(
        &mut self,
        path: &Path,
        ctx: &'c Context,
        slots: &'c [vm::LoopSlot],
    ) -> Result<Option<Cow<'c, Value>>, Error> {
        let Some(slot) = path.slot else {
            return self.lookup_cow(path, ctx);
        };
        if slot.target == Slot::FORLOOP {
            return match vm::forloop_value(slots, slot, path, ctx) {
                Some(value) => Ok(Some(Cow::Owned(value))),
                None => self.lookup_cow(path, ctx),
            };
        }
        let Some(base) = vm::slot_value(slots, slot) else {
            return Ok(None);
        };
        let rest = path.segments.get(1..).unwrap_or_default();
        // As `Context::resolve`: plain keys and indexes borrow…
        let mut current = base;
        let mut plain = true;
        for segment in rest {
            match current.get_item_hinted(segment, &segment.hint) {
                Some(next) => current = next,
                None => {
                    plain = false;
                    break;
                }
            }
        }
        if plain {
            return Ok(Some(Cow::Borrowed(current)));
        }
        // …else every rule of `lookup`, from the start.
        let mut current = base.clone();
        for segment in rest {
            match self.lookup_step(&current, segment)? {
                Some(next) => current = next,
                None => return self.strict_missing(path).map(|v| v.map(Cow::Owned)),
            }
        }
        Ok(Some(Cow::Owned(current)))
    }

    /// [`Renderer::lookup`], borrowing from the context when every step of
    /// the path is a plain key or index (see [`Context::resolve`]).
    #[inline]
    fn lookup_cow<'c>(
        &mut self,
        path: &Path,
        ctx: &'c Context,
    ) -> Result<Option<Cow<'c, Value>>, Error> {
        if let Some(value) = plain_lookup(path, ctx) {
            return Ok(Some(Cow::Borrowed(value)));
        }
        Ok(self.lookup(path, ctx)?.map(Cow::Owned))
    }

    /// The values of `{% with %}`-style bindings, each evaluated in `ctx`
    /// as it is (none sees another), in a scope ready to push.
    pub(crate) fn eval_bindings(
        &mut self,
        bindings: &[(Arc<str>, Expr)],
        ctx: &mut Context,
    ) -> Result<scratch::Frame, Error> {
        let mut frame = ctx.fresh_frame();
        for (name, expr) in bindings {
            match self.eval(expr, ctx, false) {
                // A name given twice keeps its last value, as Django's
                // dict update does.
                Ok(value) => {
                    frame.set(name.clone(), value);
                }
                Err(e) => {
                    ctx.return_frame(frame);
                    return Err(e);
                }
            }
        }
        Ok(frame)
    }

    /// Looks a dotted path up: Django's `Variable._resolve_lookup`.
    pub(crate) fn lookup(&mut self, path: &Path, ctx: &Context) -> Result<Option<Value>, Error> {
        let mut segments = path.segments.iter();
        let Some(first) = segments.next() else {
            return Ok(None);
        };
        // Inside a block, `block` is the block (Django binds it in the
        // block's frame, above whatever the context holds).
        let block_super = &**first == "block"
            && path.segments.get(1).is_some_and(|s| &**s == "super")
            && !self.state.block_stack.is_empty()
            && !ctx.bound_in_frames("block");
        let in_loop = &**first == "forloop"
            && matches!(self.loops.last(), Some(Some(_)))
            && !ctx.bound_in_frames("forloop");
        #[cfg(test)]
        trace::note(
            path,
            block_super || in_loop || ctx.bound_in_frames(first),
            self.loops.iter().any(Option::is_none),
        );
        if block_super {
            // The parent's text is a safe string: further segments are
            // looked up on it (`block.super.super` names nothing).
            // A missing variable while the parent renders (Django's
            // `VariableDoesNotExist`) reaches the lookup of `block.super`
            // itself, which is then invalid; in strict mode the original
            // error is kept.
            let mut value = match self.block_super(ctx) {
                Ok(value) => value,
                Err(e) if e.is_missing_variable() => {
                    return self.strict_missing(path).map_err(|_| e)
                }
                Err(e) => return Err(e),
            };
            for segment in path.segments.get(2..).unwrap_or_default() {
                match value.get_attr(segment) {
                    Some(next) => value = next,
                    None => return self.strict_missing(path),
                }
            }
            return Ok(Some(value));
        }
        if in_loop {
            return match self.forloop_lookup(0, path.segments.get(1..).unwrap_or_default()) {
                Some(v) => Ok(Some(v)),
                None => self.strict_missing(path),
            };
        }
        let insensitive = self.env.settings.case_insensitive_names;
        // `block.name`: the name of the block being rendered (Django's
        // `BlockNode.name`).
        let block_name = (&**first == "block"
            && path.segments.get(1).is_some_and(|s| &**s == "name")
            && !ctx.bound_in_frames("block"))
        .then(|| self.state.block_stack.last().cloned())
        .flatten();
        if let Some(name) = block_name {
            let mut current = Value::str(&*name);
            for segment in segments.skip(1) {
                match current.get_attr(segment) {
                    Some(next) => current = next,
                    None => return self.strict_missing(path),
                }
            }
            return Ok(Some(current));
        }
        let found = ctx.get(first).cloned().or_else(|| {
            if insensitive {
                ctx.get_ignore_case(first).cloned()
            } else {
                None
            }
        });
        let Some(mut current) = found else {
            return self.strict_missing(path);
        };
        for segment in segments {
            let next = match &current {
                Value::Map(map) if insensitive => current.get_attr(segment).or_else(|| {
                    map.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(segment))
                        .map(|(_, v)| v.clone())
                }),
                _ => self.lookup_step(&current, segment)?,
            };
            match next {
                Some(next) => current = next,
                None => return self.strict_missing(path),
            }
        }
        Ok(Some(current))
    }

    /// One step of a dotted lookup ([`Value::get_attr`]), with Django's
    /// invalid method call (see [`Renderer::invalid_method_call`]).
    fn lookup_step(&self, current: &Value, segment: &str) -> Result<Option<Value>, Error> {
        if let Some(found) = current.get_attr(segment) {
            return Ok(Some(found));
        }
        // A method Python runs and that raises (`[].pop()`): Django lets
        // the exception through.
        if let Some(error) = crate::value::methods::raised(current, segment) {
            return Err(Error::render(error));
        }
        Ok(self.invalid_method_call(current, segment))
    }

    /// A method that needs arguments, looked up: Django's
    /// `string_if_invalid` text as it is (no `%s` filled in), a value the
    /// lookup goes on in and filters apply to.
    /// In strict mode it is a missing name like any other (`None`), so the
    /// lookup fails with the path's name.
    fn invalid_method_call(&self, current: &Value, segment: &str) -> Option<Value> {
        if !crate::value::methods::needs_arguments(current, segment) {
            return None;
        }
        match &self.env.settings.undefined {
            Undefined::StringIfInvalid(text) => Some(Value::str(text.as_str())),
            Undefined::Lenient => Some(Value::str("")),
            Undefined::Strict => None,
        }
    }

    fn strict_missing(&self, path: &Path) -> Result<Option<Value>, Error> {
        if self.env.settings.undefined == Undefined::Strict && !self.in_condition {
            return Err(Error::render(format!("'{}' is not defined", path.text())));
        }
        Ok(None)
    }

    /// Evaluates a condition; failures in comparisons are false, as in Django.
    pub(crate) fn test(
        &mut self,
        condition: &Condition<Expr>,
        ctx: &Context,
    ) -> Result<bool, Error> {
        self.test_in(condition, ctx, &[])
    }

    /// [`Renderer::test`] in a flat program (see [`Renderer::eval_in`]).
    pub(crate) fn test_in(
        &mut self,
        condition: &Condition<Expr>,
        ctx: &Context,
        slots: &[vm::LoopSlot],
    ) -> Result<bool, Error> {
        // `{% if forloop.first %}`, `{% if x %}` on a lowered loop's
        // variable: read from the slot, as `eval_in` would find it.
        if let Condition::Operand(Expr {
            head:
                Head::Path(
                    path @ Path {
                        slot: Some(slot), ..
                    },
                ),
            filters,
            ..
        }) = condition
        {
            if filters.is_empty() {
                let truth = if slot.target == Slot::FORLOOP {
                    vm::forloop_value(slots, *slot, path, ctx).map(|v| v.is_true())
                } else if path.segments.len() == 1 {
                    vm::slot_value(slots, *slot).map(Value::is_true)
                } else {
                    None
                };
                if let Some(truth) = truth {
                    return Ok(truth);
                }
            }
        }
        let saved = self.in_condition;
        self.in_condition = true;
        let r = match self.eval_condition(condition, ctx, slots) {
            Ok(v) => Ok(v.is_true()),
            // Django's `IfNode` reads a missing variable as false; any
            // other failure of a bare operand raises.
            Err(e) if e.is_missing_variable() => Ok(false),
            Err(e) => Err(e),
        };
        self.in_condition = saved;
        r
    }

    fn eval_condition(
        &mut self,
        condition: &Condition<Expr>,
        ctx: &Context,
        slots: &[vm::LoopSlot],
    ) -> Result<Value, Error> {
        Ok(match condition {
            // A missing name is `None` here; a filter that fails raises,
            // as in Django, where only the operators catch it.
            Condition::Operand(expr) => self.eval_in(expr, ctx, slots, true)?.into_owned(),
            Condition::Not(inner) => match self.caught(inner, ctx, slots)? {
                Some(v) => Value::Bool(!v.is_true()),
                None => Value::Bool(false),
            },
            Condition::And(terms) => {
                let mut last = Value::Bool(true);
                for term in terms {
                    match self.caught(term, ctx, slots)? {
                        Some(v) if v.is_true() => last = v,
                        Some(v) => return Ok(v),
                        None => return Ok(Value::Bool(false)),
                    }
                }
                last
            }
            Condition::Or(terms) => {
                // `a or b or c` is Django's `(a or b) or c`, each `or`
                // false when a term it evaluates fails: a failing first
                // term makes `a or b` false without `b`; any other, its
                // own `or`. The terms after still decide.
                let mut last = Value::Bool(false);
                let mut terms = terms.iter().enumerate();
                while let Some((i, term)) = terms.next() {
                    match self.caught(term, ctx, slots)? {
                        Some(v) if v.is_true() => return Ok(v),
                        Some(v) => last = v,
                        None => {
                            last = Value::Bool(false);
                            if i == 0 {
                                terms.next();
                            }
                        }
                    }
                }
                last
            }
            Condition::Compare(op, left, right) => {
                match (
                    self.caught(left, ctx, slots)?,
                    self.caught(right, ctx, slots)?,
                ) {
                    (Some(l), Some(r)) => match op {
                        Compare::Is | Compare::IsNot => {
                            let same = is_identical(&l, &r)
                                || identity_untracked(&l)
                                    && same_lookup(left, right)
                                        .is_some_and(|path| stored_lookup(path, ctx, slots));
                            Value::Bool(same == matches!(op, Compare::Is))
                        }
                        _ => {
                            self.burn(compare_work(*op, &l, &r))?;
                            Value::Bool(compare(*op, &l, &r))
                        }
                    },
                    _ => Value::Bool(false),
                }
            }
        })
    }

    /// An operator's operand: `None` when evaluating it fails, which
    /// Django's `Operator.eval` catches to make the operator false; only
    /// the render's limits still end the render.
    fn caught(
        &mut self,
        condition: &Condition<Expr>,
        ctx: &Context,
        slots: &[vm::LoopSlot],
    ) -> Result<Option<Value>, Error> {
        match self.eval_condition(condition, ctx, slots) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == ErrorKind::Limit => Err(e),
            Err(_) => Ok(None),
        }
    }
}

/// The value of `{{ name.key }}` (a path without filters) when it is
/// found by plain keys and indexes: printed straight from the context.
#[inline]
fn plain_var<'c>(expr: &Expr, ctx: &'c Context) -> Option<&'c Value> {
    match (&expr.head, &*expr.filters) {
        (Head::Path(path), []) => plain_lookup(path, ctx),
        _ => None,
    }
}

/// The value of `path` when it is found by plain keys and indexes in the
/// context (see [`Context::resolve`]); `None` sends the caller to
/// [`Renderer::lookup`], which knows every rule.
#[inline]
fn plain_lookup<'c>(path: &Path, ctx: &'c Context) -> Option<&'c Value> {
    // `forloop` is read from the loop state and `block.super` from the
    // blocks, not the context.
    if path
        .segments
        .first()
        .is_some_and(|s| &**s == "forloop" || &**s == "block")
    {
        return None;
    }
    let found = ctx.resolve(&path.segments);
    // (Found outside the frames, it is the render's context: the context
    // of `{% include … only %}` is empty.)
    #[cfg(test)]
    if found.is_some() {
        let first = path.segments.first().map(|s| &**s).unwrap_or_default();
        trace::note(path, ctx.bound_in_frames(first), false);
    }
    found
}

impl Drop for Renderer<'_> {
    /// Hands the stacks back for the next render of this thread.
    fn drop(&mut self) {
        crate::value::forget_dict_indexes();
        scratch::give_renderer(RendererBuffers {
            templates: std::mem::take(&mut self.templates),
            origins: std::mem::take(&mut self.origins),
            loop_runs: std::mem::take(&mut self.loop_runs),
            loops: std::mem::take(&mut self.loops),
            slots: std::mem::take(&mut self.spare_slots),
            state: std::mem::take(&mut self.state),
        });
    }
}

/// The fuel a comparison costs beyond its node: `in` searches the whole
/// right operand and `==` may compare the whole of both, so a loop of
/// them over long texts or lists is work in proportion to their size.
fn compare_work(op: Compare, l: &Value, r: &Value) -> u64 {
    let size = |v: &Value| match v {
        Value::Str(_) | Value::Safe(_) => v.as_str().map_or(0, str::len) / TEXT_BYTES_PER_FUEL,
        Value::List(items) => items.len(),
        _ => 0,
    };
    let units = match op {
        Compare::In | Compare::NotIn => size(r),
        Compare::Eq | Compare::Ne => size(l).min(size(r)),
        _ => 0,
    };
    units as u64
}

/// Python's comparison operators; a `TypeError` in Python is false.
fn compare(op: Compare, l: &Value, r: &Value) -> bool {
    match op {
        Compare::Eq => l == r,
        Compare::Ne => l != r,
        Compare::Lt => l.python_cmp(r).is_some_and(|o| o.is_lt()),
        Compare::Le => l.python_cmp(r).is_some_and(|o| o.is_le()),
        Compare::Gt => l.python_cmp(r).is_some_and(|o| o.is_gt()),
        Compare::Ge => l.python_cmp(r).is_some_and(|o| o.is_ge()),
        Compare::In => r.python_contains(l).unwrap_or(false),
        Compare::NotIn => r.python_contains(l).is_some_and(|c| !c),
        Compare::Is => is_identical(l, r),
        Compare::IsNot => !is_identical(l, r),
    }
}

/// The path both operands are, when they are the same variable looked up
/// the same way (`x is x`): a filterless path, segment by segment.
fn same_lookup<'c>(left: &'c Condition<Expr>, right: &Condition<Expr>) -> Option<&'c Path> {
    fn path(c: &Condition<Expr>) -> Option<&Path> {
        match c {
            Condition::Operand(Expr {
                head: Head::Path(path),
                filters,
            }) if filters.is_empty() => Some(path),
            _ => None,
        }
    }
    let (a, b) = (path(left)?, path(right)?);
    let same = a.slot == b.slot
        && a.segments.len() == b.segments.len()
        && a.segments
            .iter()
            .zip(b.segments.iter())
            .all(|(x, y)| x.name == y.name);
    same.then_some(a)
}

/// Whether `path` reaches a value stored in the context's data: a name,
/// then only dict keys and list indexes. Python then hands back the very
/// object each time; an attribute or a method of a date, a number or a
/// string makes a new one (`dt.year is dt.year` is false past 256).
fn stored_lookup(path: &Path, ctx: &Context, slots: &[vm::LoopSlot]) -> bool {
    match path.slot {
        Some(slot) if slot.target != Slot::FORLOOP => {
            let mut found = vm::slot_value(slots, slot);
            for segment in path.segments.get(1..).unwrap_or_default() {
                found = found.and_then(|v| v.get_item_hinted(segment, &segment.hint));
            }
            found.is_some()
        }
        Some(_) => false,
        None => ctx.resolve(&path.segments).is_some(),
    }
}

/// Values held inline, whose identity [`is_identical`] cannot see: the
/// same lookup twice ([`same_lookup`]) is the same object in Python.
fn identity_untracked(value: &Value) -> bool {
    matches!(
        value,
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Date(_)
    )
}

/// Python's `is`, as far as it is predictable: singletons, small cached
/// integers, and the very same shared list, dict or string.
fn is_identical(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::None, Value::None) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
        (Value::List(a), Value::List(b)) => Arc::ptr_eq(a, b),
        (Value::Map(a), Value::Map(b)) => Dict::ptr_eq(a, b),
        // A `SafeString` (a template's literal, a safe value) is an object
        // of its own: the same one only where it was shared.
        (Value::Safe(a), Value::Safe(b)) => Arc::ptr_eq(a, b),
        (Value::Str(_), Value::Str(_)) => {
            let (a, b) = (
                l.as_str().unwrap_or_default(),
                r.as_str().unwrap_or_default(),
            );
            // CPython's empty `str` and its one-character strings below
            // U+0100 are each one cached object; otherwise the very same
            // text: its bytes at the same address.
            let mut chars = a.chars();
            let cached = match (chars.next(), chars.next()) {
                (None, _) => true,
                (Some(c), None) => u32::from(c) < 0x100,
                _ => false,
            };
            (cached && a == b) || (!a.is_empty() && std::ptr::eq(a, b))
        }
        _ => false,
    }
}

/// What an item of a list made during the render (by a filter, or by a
/// loop over a string or a dict) costs of the fuel: an allocation, about
/// as much work as a dozen nodes.
pub(crate) const ITEM_FUEL: u64 = 16;

/// Bytes of text a filter makes per unit of fuel: about the time of a
/// node (a filter writes a byte in 2 to 4 ns; 64 let a loop of `join`s
/// build 6 GB, 12 s, before the fuel ran out).
const TEXT_BYTES_PER_FUEL: usize = 16;

/// The fuel a filter's result costs beyond the call: making it was work in
/// proportion to its size (a unit per [`TEXT_BYTES_PER_FUEL`] bytes of text, [`ITEM_FUEL`] per
/// list or dict item), so a loop of filters that build large values runs
/// out of fuel as a loop of nodes does. Fails when the result is larger
/// than a value may be (see [`FilterEnv::check_text_size`]).
#[inline]
fn result_work(result: &Value, env: &FilterEnv<'_>, filter: &str) -> Result<u64, Error> {
    Ok(match result {
        Value::Str(_) | Value::Safe(_) => {
            let len = result.as_str().map_or(0, str::len);
            env.check_text_size(filter, len)?;
            (len / TEXT_BYTES_PER_FUEL) as u64
        }
        Value::List(items) => {
            env.check_list_size(filter, items.len())?;
            items.len() as u64 * ITEM_FUEL
        }
        Value::Map(map) => map.len() as u64 * ITEM_FUEL,
        _ => 0,
    })
}

/// What `string_if_invalid` is given for the variable it stands for:
/// Django formats it with `%`, passing the `Variable` (`{{ }}` and the
/// tags), or the variable's name as a `str` (`{% blocktranslate %}`).
#[derive(Clone, Copy)]
pub(crate) enum InvalidName<'a> {
    Variable(&'a str),
    Key(&'a str),
}

/// What an unresolved variable prints under `string_if_invalid`; `None`
/// when that setting is off or empty. Django's `sii % var` when the text
/// holds `%s` (so `%%` is one `%`, `%r` is the `Variable`'s repr, and a
/// second `%s` or a stray directive raises), else the text as it is.
pub(crate) fn invalid_text(
    settings: &Settings,
    name: InvalidName<'_>,
) -> Result<Option<String>, Error> {
    match &settings.undefined {
        Undefined::StringIfInvalid(text) if text.contains("%s") => {
            use filters::text::{percent_format, FormatValue};
            let repr;
            let value = match name {
                InvalidName::Variable(name) => {
                    repr = format!("<Variable: {}>", filters::text::python_repr(name));
                    FormatValue::Object {
                        text: name,
                        repr: &repr,
                        mapping: false,
                    }
                }
                InvalidName::Key(name) => FormatValue::Str(name),
            };
            percent_format(text, value).map(Some).map_err(|e| {
                Error::render(format!(
                    "string_if_invalid {text:?} cannot be formatted with the variable: {e}"
                ))
            })
        }
        Undefined::StringIfInvalid(text) if !text.is_empty() => Ok(Some(text.clone())),
        _ => Ok(None),
    }
}

/// Django's `strip_spaces_between_tags`: removes whitespace between `>` and `<`.
fn strip_spaces_between_tags(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(gt) = rest.find('>') {
        let (head, tail) = rest.split_at(gt + 1);
        out.push_str(head);
        // Python's `\s`: Unicode whitespace and `\x1c`..`\x1f`.
        let trimmed = tail.trim_start_matches(filters::py::is_space);
        if trimmed.len() != tail.len() && trimmed.starts_with('<') {
            rest = trimmed;
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
}

/// Tests only: which paths a render looks up, and whether a tag's binding
/// (a frame of the context) or the context itself answered, to check the
/// analysis of `compile::analysis` against what renders really do.
#[cfg(test)]
pub(crate) mod trace {
    use std::cell::RefCell;

    /// A lookup: the path's address and text, and who answered.
    pub(crate) type Note = (usize, String, Answer);

    /// Who answers a lookup.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub(crate) enum Answer {
        /// A binding of the templates (a frame of the context).
        Binding,
        /// The render's context (or nobody).
        Context,
        /// The empty context of `{% include … only %}` (or nobody).
        Isolated,
    }

    thread_local! {
        static NOTES: RefCell<Option<Vec<Note>>> = const { RefCell::new(None) };
    }

    /// Starts noting this thread's lookups.
    pub(crate) fn start() {
        NOTES.with(|n| *n.borrow_mut() = Some(Vec::new()));
    }

    /// Stops, and gives what was noted.
    pub(crate) fn take() -> Vec<Note> {
        NOTES.with(|n| n.borrow_mut().take()).unwrap_or_default()
    }

    /// Notes a lookup of `path`: answered by a binding, else by the
    /// context (`isolated`: of an `{% include … only %}`).
    pub(crate) fn note(path: &crate::compile::Path, bound: bool, isolated: bool) {
        let answer = match (bound, isolated) {
            (true, _) => Answer::Binding,
            (false, false) => Answer::Context,
            (false, true) => Answer::Isolated,
        };
        NOTES.with(|n| {
            if let Some(notes) = n.borrow_mut().as_mut() {
                let site = path.site();
                notes.push((site, path.text().into_owned(), answer));
            }
        });
    }
}
