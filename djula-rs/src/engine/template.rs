//! [`Template`]: a compiled template with the engine that renders it, and
//! the glue between the engine and the renderer: a render into a string,
//! or streamed into any `fmt::Write` or `io::Write` as it goes.

use std::sync::Arc;

use serde::Serialize;

use super::context_check::{self, EmbedRead};
use super::{Engine, EngineInner};
use crate::compile::analysis::{analyze, Analysis, TemplateLoader};
use crate::compile::{compile_template, CompiledTemplate};
use crate::error::{Error, ErrorKind};
use crate::render::{Context, RenderEnv, Renderer, TemplateSource};
use crate::value::{to_value, Dict, Value};

/// A compiled template, ready to render many times.
///
/// ```
/// let engine = djula::Engine::new();
/// let t = engine.compile_str("t", "{% for x in xs %}{{ x }}{% endfor %}").unwrap();
/// let mut out = String::new();
/// t.render_to(&mut out, &serde_json::json!({"xs": [1, 2]})).unwrap();
/// assert_eq!(out, "12");
/// ```
pub struct Template<'e> {
    pub(crate) engine: &'e Engine,
    pub(crate) compiled: Arc<CompiledTemplate>,
}

impl std::fmt::Debug for Template<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Template({:?})", self.compiled.name)
    }
}

impl Template<'_> {
    /// The template's name.
    ///
    /// ```
    /// assert_eq!(djula::Engine::new().compile_str("n", "").unwrap().name(), "n");
    /// ```
    pub fn name(&self) -> &str {
        &self.compiled.name
    }

    /// The variables the template reads from its context: every name it
    /// (or a template it includes or extends) looks up and does not bind
    /// itself, as MiniJinja's `undeclared_variables`. With `nested`, the
    /// whole dotted paths (`user.name`), else the top-level names (`user`).
    ///
    /// The answer follows Django's scoping: names bound by `{% for %}`
    /// (and `forloop`), `{% with %}`, `{% block %}` (`block`, so
    /// `block.super` is no variable), `{% include … with %}`, and every
    /// `… as var` for the rest of the enclosing frame (an `as var` inside
    /// an `{% if %}` outlives it; one inside a `{% for %}`, `{% with %}`,
    /// `{% block %}` or included template does not). A name bound on some
    /// paths only (one branch of an `{% if %}`, before its binding in a
    /// loop) is reported: the context may be asked for it.
    ///
    /// - `{% extends %}`: the child's content outside blocks does not
    ///   render; each block is read in its most derived version, where the
    ///   root template renders it. `{% include %}` and `{% extends %}` are
    ///   followed when their template name is a literal; a name known only
    ///   at render time (`{% include page %}`) cannot be: `page` is reported,
    ///   the included template's variables are not.
    /// - Reads inside `{% include … only %}` are not reported: the
    ///   render's context does not reach them.
    /// - Paths are kept whole: Django's `items.0` tries a key, an attribute,
    ///   then an index, so `0` is part of the path (`items.0` with `nested`).
    ///   A `{% blocktranslate %}` placeholder `{{ a.b }}` is the single key
    ///   `a.b` (Django looks its whole text up).
    /// - Names the engine reads for a tag are reported: `csrf_token`
    ///   (`{% csrf_token %}`), `csp_nonce` (`{% csp_nonce_attr %}`),
    ///   `request` (`request.GET`: `{% querystring %}` without a mapping).
    /// - Names of the engine's default context
    ///   ([`Engine::set_default_context`](crate::Engine::set_default_context))
    ///   are reported too: the template does not define them, and the
    ///   render's context overrides them. Django's `True`, `False` and
    ///   `None` are not (they are always defined).
    /// - Filter arguments (`{{ x|default:y }}` reads `y`), `{% if %}`
    ///   operands, `{% url %}` arguments, `{% cycle %}` values, include
    ///   `with` values, `{% ifchanged a %}`, `{% regroup xs by key as g %}`
    ///   (`xs`, not `key`) and `{% cache %}`'s `vary_on` values are reads.
    ///   `{% debug %}`, which lists the whole context, is not.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("base.html", "<title>{% block title %}{{ site }}{% endblock %}</title>").unwrap();
    /// e.add_template("page.html", "{% extends 'base.html' %}{% block title %}\
    ///     {% for item in order.items %}{{ item.name|default:fallback }}{{ forloop.counter }}{% endfor %}\
    ///     {% with total=order.total %}{{ total }}{% endwith %}{{ block.super }}{% endblock %}").unwrap();
    /// let page = e.template("page.html").unwrap();
    /// let names: Vec<String> = page.undeclared_variables(false).into_iter().collect();
    /// assert_eq!(names, ["fallback", "order", "site"]);
    /// let paths: Vec<String> = page.undeclared_variables(true).into_iter().collect();
    /// assert_eq!(paths, ["fallback", "order.items", "order.total", "site"]);
    /// ```
    pub fn undeclared_variables(&self, nested: bool) -> std::collections::BTreeSet<String> {
        self.analysis().undeclared(nested)
    }

    /// Checks every path the template reads (through what it includes and
    /// extends, loop variables followed to what they loop over) against
    /// the shape of context type `C`, as `#[derive(djula::Context)]`
    /// describes it: an unknown name or field, a field of a string or
    /// number that Python's type lacks, a loop over a number, are errors,
    /// each with its template, line, caret and "did you mean". Names of
    /// the engine's default context count as known. `djula_embed::embed!`
    /// runs the same check while the program compiles.
    ///
    /// ```
    /// #[derive(serde::Serialize, djula::Context)]
    /// struct Task { title: String, done: bool }
    /// #[derive(serde::Serialize, djula::Context)]
    /// struct Page { tasks: Vec<Task> }
    ///
    /// let mut e = djula::Engine::new();
    /// e.add_template("ok.html", "{% for t in tasks %}{{ t.title|upper }}{% endfor %}").unwrap();
    /// e.add_template("typo.html", "{% for t in tasks %}\n  {{ t.titel }}{% endfor %}").unwrap();
    /// assert!(e.template("ok.html").unwrap().check_context::<Page>().is_ok());
    /// let err = e.template("typo.html").unwrap().check_context::<Page>().unwrap_err();
    /// let problem = &err.problems()[0];
    /// assert_eq!(problem.to_string(), "typo.html:2:6: `Task` has no field `titel`; did you mean `title`?");
    /// ```
    pub fn check_context<C: crate::shape::Context + ?Sized>(&self) -> Result<(), Error> {
        self.check_shape(C::SHAPE)
    }

    /// [`Template::check_context`] against a [`Shape`](crate::Shape) made
    /// some other way (the `djula` CLI reads one from a JSON Schema).
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let t = e.compile_str("t.html", "{% for x in n %}{% endfor %}").unwrap();
    /// static N: djula::Shape = djula::Shape::Struct(&djula::Struct {
    ///     name: "Ctx",
    ///     fields: &[djula::Field { name: "n", shape: &djula::Shape::Int }],
    ///     flattened: &[],
    /// });
    /// assert_eq!(t.check_shape(&N).unwrap_err().problems()[0].message(), "cannot loop over an integer");
    /// ```
    pub fn check_shape(&self, shape: &'static crate::shape::Shape) -> Result<(), Error> {
        let defaults = self.engine.inner.defaults.clone();
        let known = move |name: &str| defaults.as_ref().is_some_and(|m| m.get(name).is_some());
        let reads = context_check::context_reads(&self.analysis(), &known);
        context_check::check(&reads, shape, &|name| self.source_of(name))
    }

    /// The paths the template reads from its context, for `embed!`'s
    /// compile-time check (not a stable API).
    #[doc(hidden)]
    pub fn __context_reads(&self, globals: &[&str]) -> Vec<EmbedRead> {
        let known = |name: &str| globals.contains(&name);
        context_check::context_reads(&self.analysis(), &known)
            .into_iter()
            .map(|read| {
                let source = self.source_of(&read.template).unwrap_or_default();
                let (place, snippet) = crate::error::place_and_snippet(
                    &read.template,
                    &source,
                    crate::error::Span {
                        start: read.start,
                        end: read.end,
                    },
                );
                EmbedRead {
                    steps: read
                        .steps
                        .iter()
                        .map(|s| match s {
                            context_check::PathStep::Attr(name) => Some(name.to_string()),
                            context_check::PathStep::Item => None,
                        })
                        .collect(),
                    from: read.from,
                    place,
                    snippet,
                }
            })
            .collect()
    }

    /// The source of template `name` (this one, or one it reaches).
    fn source_of(&self, name: &str) -> Option<Arc<str>> {
        if *self.compiled.name == *name {
            return Some(self.compiled.source.clone());
        }
        self.engine
            .inner
            .load_referenced(name, None)
            .ok()
            .map(|t| t.source.clone())
    }

    /// Every read and binding of the template, through what it includes
    /// and extends (see [`Template::undeclared_variables`]).
    pub(crate) fn analysis(&self) -> Analysis {
        analyze(
            &self.compiled,
            &self.engine.inner,
            self.engine.inner.settings.max_depth,
        )
    }

    /// Renders with a context made by [`ToValue`](crate::ToValue), which
    /// `#[derive(djula::Context)]` writes: the same page as
    /// [`Template::render`] with the same struct, without serde's
    /// `Serializer` in between (`benches/` measures both).
    ///
    /// ```
    /// #[derive(serde::Serialize, djula::Context)]
    /// struct Ctx { name: &'static str, tags: Vec<String> }
    /// let e = djula::Engine::new();
    /// let t = e.compile_str("t", "Hi {{ name }}{% for t in tags %} #{{ t }}{% endfor %}").unwrap();
    /// let ctx = Ctx { name: "Bo", tags: vec!["a".into()] };
    /// assert_eq!(t.render_context(&ctx).unwrap(), "Hi Bo #a");
    /// assert_eq!(t.render_context(&ctx).unwrap(), t.render(&ctx).unwrap());
    /// ```
    pub fn render_context<C: crate::value::ToValue + ?Sized>(
        &self,
        ctx: &C,
    ) -> Result<String, Error> {
        self.engine
            .inner
            .render(&self.compiled, ctx.to_value(), None, None)
    }

    /// Renders with `ctx` (any `Serialize`: a struct, a map, JSON).
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Ctx { name: &'static str }
    /// let e = djula::Engine::new();
    /// assert_eq!(e.compile_str("t", "Hi {{ name }}").unwrap().render(&Ctx { name: "Bo" }).unwrap(), "Hi Bo");
    /// ```
    pub fn render<C: Serialize + ?Sized>(&self, ctx: &C) -> Result<String, Error> {
        self.engine
            .inner
            .render(&self.compiled, to_value(ctx)?, None, None)
    }

    /// Renders with `ctx` in `language` (a code such as `fr` or `pt-br`),
    /// whatever the `current_language` setting says.
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let t = e.compile_str("t", "{% load i18n %}{% get_current_language as L %}{{ L }}").unwrap();
    /// assert_eq!(t.render_in(&(), "pl").unwrap(), "pl");
    /// ```
    pub fn render_in<C: Serialize + ?Sized>(
        &self,
        ctx: &C,
        language: &str,
    ) -> Result<String, Error> {
        self.engine
            .inner
            .render(&self.compiled, to_value(ctx)?, Some(language), None)
    }

    /// Renders one `{% block %}` of the page, with inheritance resolved:
    /// the most derived version of the block, `{{ block.super }}` working
    /// as in the whole page. For htmx-style fragments: the page and its
    /// update come from one template. (Partials, `{% partialdef %}` with
    /// `engine.template("page.html#name")`, are the other way.)
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("base.html", "<main>{% block list %}<ul></ul>{% endblock %}</main>").unwrap();
    /// e.add_template("tasks.html",
    ///     "{% extends 'base.html' %}{% block list %}<ul>{% for t in tasks %}<li>{{ t }}</li>{% endfor %}</ul>{% endblock %}").unwrap();
    /// let page = e.template("tasks.html").unwrap();
    /// let ctx = serde_json::json!({"tasks": ["milk"]});
    /// assert_eq!(page.render_block("list", &ctx).unwrap(), "<ul><li>milk</li></ul>");
    /// assert_eq!(page.render_block("lits", &ctx).unwrap_err().help(), Some("did you mean 'list'?"));
    /// ```
    pub fn render_block<C: Serialize + ?Sized>(
        &self,
        name: &str,
        ctx: &C,
    ) -> Result<String, Error> {
        self.engine.inner.render_part(
            &self.compiled,
            Part::Block(name),
            to_value(ctx)?,
            None,
            None,
        )
    }

    /// Renders with a context already converted to a [`Value`] (convert
    /// once with [`crate::to_value`], render many times).
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let ctx = djula::to_value(&serde_json::json!({"a": 1})).unwrap();
    /// assert_eq!(e.compile_str("t", "{{ a }}").unwrap().render_value(ctx).unwrap(), "1");
    /// ```
    pub fn render_value(&self, ctx: Value) -> Result<String, Error> {
        self.engine.inner.render(&self.compiled, ctx, None, None)
    }

    /// [`Template::render_value`] in `language`, streamed into `out` (an
    /// `io::Write`), as [`Template::write_to`] does.
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let t = e.compile_str("t", "{% load i18n %}{% get_current_language as L %}{{ L }}").unwrap();
    /// let mut bytes = Vec::new();
    /// t.write_value_to(&mut bytes, djula::Value::None, Some("fr")).unwrap();
    /// assert_eq!(bytes, b"fr");
    /// ```
    pub fn write_value_to<W: std::io::Write>(
        &self,
        out: &mut W,
        ctx: Value,
        language: Option<&str>,
    ) -> Result<(), Error> {
        let mut sink = IoSink {
            inner: out,
            error: None,
        };
        let result = self
            .engine
            .inner
            .render(&self.compiled, ctx, language, Some(&mut sink));
        if let Some(e) = sink.error {
            return Err(Error::new(ErrorKind::Io, e.to_string()).caused_by(e));
        }
        result?;
        out.flush()
            .map_err(|e| Error::new(ErrorKind::Io, e.to_string()).caused_by(e))
    }

    /// Renders into any `fmt::Write`, as it goes: the output reaches `out`
    /// in pieces of about 8 KiB rather than as a whole page held in memory
    /// (a body that a tag transforms as a whole, such as `{% spaceless %}`
    /// or `{% filter %}`, is built whole first). When the render fails,
    /// what was written before the error stays written.
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let mut s = String::from(">");
    /// e.compile_str("t", "{{ 1 }}").unwrap().render_to(&mut s, &()).unwrap();
    /// assert_eq!(s, ">1");
    /// ```
    pub fn render_to<W: std::fmt::Write + ?Sized, C: Serialize + ?Sized>(
        &self,
        out: &mut W,
        ctx: &C,
    ) -> Result<(), Error> {
        let value = to_value(ctx)?;
        let mut sink = FmtSink(out);
        self.engine
            .inner
            .render(&self.compiled, value, None, Some(&mut sink))
            .map(drop)
    }

    /// Renders into any `io::Write` (a socket, a file, a response body),
    /// as it goes, in pieces of about 8 KiB (see [`Template::render_to`]),
    /// then flushes it.
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let mut bytes = Vec::new();
    /// e.compile_str("t", "ok").unwrap().write_to(&mut bytes, &()).unwrap();
    /// assert_eq!(bytes, b"ok");
    /// ```
    pub fn write_to<W: std::io::Write, C: Serialize + ?Sized>(
        &self,
        out: &mut W,
        ctx: &C,
    ) -> Result<(), Error> {
        self.write_value_to(out, to_value(ctx)?, None)
    }
}

/// A `fmt::Write` of any size, as a trait object.
struct FmtSink<'w, W: std::fmt::Write + ?Sized>(&'w mut W);

impl<W: std::fmt::Write + ?Sized> std::fmt::Write for FmtSink<'_, W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write_str(s)
    }
}

/// An `io::Write` as a `fmt::Write`, keeping the I/O error for the caller.
struct IoSink<'w, W: std::io::Write> {
    inner: &'w mut W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> std::fmt::Write for IoSink<'_, W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.inner.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// What a render produces.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a> {
    /// The whole page.
    Page,
    /// One block, inheritance resolved.
    Block(&'a str),
}

/// How big a streaming render's buffer starts (it is flushed at 8 KiB).
const STREAM_BUFFER: usize = 16 * 1024;

impl EngineInner {
    fn render_env(&self) -> RenderEnv<'_> {
        RenderEnv {
            settings: &self.settings,
            templates: self,
            url_resolver: self.url_resolver.as_ref(),
            translations: &self.translations,
        }
    }

    /// Renders `template` with `ctx` in `language` (else the setting's).
    /// Without a sink, returns the page, in a buffer pre-sized from the
    /// template's last render; with one, streams into it and returns an
    /// empty string.
    pub(crate) fn render(
        &self,
        template: &Arc<CompiledTemplate>,
        ctx: Value,
        language: Option<&str>,
        sink: Option<&mut dyn std::fmt::Write>,
    ) -> Result<String, Error> {
        self.render_part(template, Part::Page, ctx, language, sink)
    }

    /// [`EngineInner::render`] of the whole page or of one block.
    pub(crate) fn render_part(
        &self,
        template: &Arc<CompiledTemplate>,
        part: Part<'_>,
        ctx: Value,
        language: Option<&str>,
        sink: Option<&mut dyn std::fmt::Write>,
    ) -> Result<String, Error> {
        let root = match ctx {
            Value::Map(m) => m,
            Value::None => Dict::default(),
            other => {
                return Err(Error::new(
                    ErrorKind::Context,
                    format!(
                        "the context must be a map or struct, not {}",
                        other.type_name()
                    ),
                ))
            }
        };
        let mut context = Context::new(root, self.defaults.clone(), self.settings.autoescape);
        let mut renderer = Renderer::new(self.render_env());
        if let Some(language) = language {
            renderer.set_language(Some(language.to_string()));
        }
        let streaming = sink.is_some();
        let hint = template
            .output_hint
            .load(std::sync::atomic::Ordering::Relaxed) as usize;
        let mut buffer = if streaming {
            String::with_capacity(STREAM_BUFFER)
        } else {
            String::with_capacity(hint.max(template.source.len()))
        };
        if let Some(sink) = sink {
            renderer.stream_to(sink, &buffer);
        }
        match part {
            Part::Page => renderer.render_template(template, &mut context, &mut buffer)?,
            Part::Block(name) => {
                renderer.render_one_block(template, name, &mut context, &mut buffer)?
            }
        }
        renderer.finish(&mut buffer)?;
        if !streaming && matches!(part, Part::Page) {
            // Remember the size (with a little slack) for the next render.
            // (A page past 4 GiB keeps the largest hint a `u32` holds.)
            let next = buffer.len() + buffer.len() / 8;
            template.output_hint.store(
                u32::try_from(next).unwrap_or(u32::MAX),
                std::sync::atomic::Ordering::Relaxed,
            );
        }
        Ok(buffer)
    }
}

/// The renderer reaches other templates through the engine's cache.
impl TemplateSource for EngineInner {
    fn load(&self, name: &str, current: Option<&str>) -> Result<Arc<CompiledTemplate>, Error> {
        self.load_referenced(name, current)
    }

    fn load_skipping(&self, name: &str, skip: &[u32]) -> Result<Arc<CompiledTemplate>, Error> {
        EngineInner::load_skipping(self, name, skip)
    }

    fn compile(&self, name: &str, source: String) -> Result<Arc<CompiledTemplate>, Error> {
        compile_template(
            Arc::from(name),
            Arc::from(source),
            &self.registry,
            &self.settings,
        )
        .map(Arc::new)
    }
}

/// The analysis follows includes and extends through the engine's cache,
/// as a render does.
impl TemplateLoader for EngineInner {
    fn load(&self, name: &str, current: Option<&str>) -> Result<Arc<CompiledTemplate>, Error> {
        self.load_referenced(name, current)
    }
}
