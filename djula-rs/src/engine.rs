//! The engine: settings, template loaders, the compiled-template cache, and
//! the registration of filters, tags and the URL resolver.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::Serialize;

use crate::builtins::{ArgSpec, FilterDef, FilterEnv};
use crate::compile::{compile_template, CompiledTemplate, Node};
use crate::error::{Error, ErrorKind};
use crate::registry::Registry;
use crate::render::{Context, Renderer};
use crate::tags::{CustomTag, TagKind};
use crate::value::{to_value, Map, Value};

/// Engine settings. Every field has Django's default (or a safe limit).
///
/// ```
/// let settings = djula::Settings { string_if_invalid: "?".into(), ..Default::default() };
/// let engine = djula::Engine::with_settings(settings);
/// assert_eq!(engine.render_str("{{ missing }}", &serde_json::json!({})).unwrap(), "?");
/// ```
#[derive(Debug, Clone)]
pub struct Settings {
    /// Escape variables by default (Django: on).
    pub autoescape: bool,
    /// What a missing variable prints (Django's `string_if_invalid`); `%s`
    /// is replaced by the variable's name.
    pub string_if_invalid: String,
    /// Development mode (more detail in errors).
    pub debug: bool,
    /// A missing variable is a render error (outside `{% if %}` tests).
    pub strict_mode: bool,
    /// The URL `{% static %}` joins paths to (default `/static/`).
    pub static_url: String,
    /// The time zone of `{% now %}` (default `America/Chicago`, Django's).
    pub timezone: String,
    /// Maximum nesting of tags in a template and of blocks, includes and
    /// extends while rendering (default 256).
    pub max_depth: usize,
    /// Maximum output of one render, in bytes (default 256 MiB).
    pub max_output: usize,
    /// Development mode: recompile a template (or a template it extends or
    /// includes) when its file changes, at the next render; a broken edit
    /// keeps the last good version (see [`Engine::last_reload_error`]).
    /// Off by default; costs nothing when off.
    pub reload: bool,
    /// Directories Djula's `{% ssi %}` may read from (`*allow-include-roots*`).
    pub ssi_roots: Vec<std::path::PathBuf>,
    /// The language of renders that do not choose one (Djula's
    /// `*current-language*`, Django's `LANGUAGE_CODE`; default `en`).
    pub current_language: String,
    /// What `truncatechars` and its kin append (Djula's `*elision-string*`;
    /// default Django's `…`).
    pub elision_string: String,
    /// Djula's `*catch-template-errors-p*`: a failing tag or variable writes
    /// `{# Error: … #}` in its place and the render goes on (limits still
    /// stop the render). Off by default, as Django raises.
    pub catch_template_errors: bool,
    /// Djula's case-insensitive names: variables, dict keys, tags and
    /// filters match whatever their case. Off by default.
    pub case_insensitive_names: bool,
    /// A budget of work units per render (one per node rendered, loop
    /// bodies counted per iteration), for untrusted templates; exceeding it
    /// is a limit error. `None` (the default): unlimited.
    pub fuel: Option<u64>,
    /// Seed of the `random` filter; `None` draws from the system's entropy.
    pub random_seed: Option<u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            autoescape: true,
            string_if_invalid: String::new(),
            debug: false,
            strict_mode: false,
            static_url: "/static/".into(),
            timezone: "America/Chicago".into(),
            max_depth: 256,
            max_output: 256 * 1024 * 1024,
            reload: false,
            random_seed: None,
            fuel: None,
            elision_string: "…".into(),
            catch_template_errors: false,
            case_insensitive_names: false,
            ssi_roots: Vec::new(),
            current_language: "en".into(),
        }
    }
}

/// Where templates come from. Implement it to keep templates anywhere
/// (a database, bytes embedded in the binary).
///
/// ```
/// struct One;
/// impl djula::Loader for One {
///     fn load(&self, name: &str) -> Result<Option<String>, djula::Error> {
///         Ok((name == "hi.html").then(|| "hi {{ who }}".to_string()))
///     }
/// }
/// let mut engine = djula::Engine::new();
/// engine.add_loader(One);
/// let html = engine.template("hi.html").unwrap().render(&serde_json::json!({"who": "you"})).unwrap();
/// assert_eq!(html, "hi you");
/// ```
pub trait Loader: Send + Sync {
    /// The source of template `name`, or `None` if this loader lacks it.
    fn load(&self, name: &str) -> Result<Option<String>, Error>;

    /// When the source of `name` last changed, if the loader can tell; used
    /// by [`Settings::reload`] to recompile changed templates.
    fn modified(&self, _name: &str) -> Option<std::time::SystemTime> {
        None
    }

    /// Every template name this loader can list (for `add_template_directory`
    /// and `djula check`); empty when it cannot list.
    fn list(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Templates read from a directory.
struct DirectoryLoader {
    root: PathBuf,
}

impl Loader for DirectoryLoader {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        if name.split(['/', '\\']).any(|part| part == "..") || Path::new(name).is_absolute() {
            return Ok(None);
        }
        let path = self.root.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "{}: the template is not valid UTF-8 (byte {})",
                        path.display(),
                        e.utf8_error().valid_up_to()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::new(
                ErrorKind::Io,
                format!("{}: {e}", path.display()),
            )),
        }
    }

    fn modified(&self, name: &str) -> Option<std::time::SystemTime> {
        if name.split(['/', '\\']).any(|part| part == "..") {
            return None;
        }
        std::fs::metadata(self.root.join(name))
            .and_then(|m| m.modified())
            .ok()
    }

    fn list(&self) -> Vec<String> {
        let mut names = Vec::new();
        let mut stack = vec![self.root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(rel) = path.strip_prefix(&self.root) {
                    names.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        names.sort();
        names
    }
}

/// Templates registered in memory by name.
#[derive(Default)]
struct MemoryLoader {
    templates: RwLock<HashMap<String, String>>,
}

impl Loader for MemoryLoader {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        Ok(self
            .templates
            .read()
            .ok()
            .and_then(|t| t.get(name).cloned()))
    }

    fn list(&self) -> Vec<String> {
        self.templates
            .read()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// A compiled template in the cache, with the source's modification time
/// when it was compiled (for reload mode).
#[derive(Clone)]
struct Cached {
    template: Arc<CompiledTemplate>,
    stamp: Option<std::time::SystemTime>,
}

/// A URL resolver for `{% url %}`: name, positional and keyword arguments.
pub type UrlResolver =
    Arc<dyn Fn(&str, &[Value], &[(String, Value)]) -> Option<String> + Send + Sync>;

pub(crate) struct EngineInner {
    pub settings: Settings,
    pub registry: Registry,
    memory: Arc<MemoryLoader>,
    loaders: Vec<Arc<dyn Loader>>,
    cache: RwLock<HashMap<String, Cached>>,
    /// The last failed recompilation in reload mode (the old version kept serving).
    reload_error: RwLock<Option<Error>>,
    pub url_resolver: Option<UrlResolver>,
    defaults: Option<Arc<Map>>,
    /// Message catalogs from `add_locale_directory`.
    pub translations: crate::i18n::Translations,
}

/// A template engine: settings, template sources, filters and tags, and
/// the cache of compiled templates. `Send + Sync`: share one across threads.
///
/// ```
/// let mut engine = djula::Engine::new();
/// engine.add_template("base.html", "<h1>{% block title %}{% endblock %}</h1>").unwrap();
/// engine.add_template("page.html", "{% extends 'base.html' %}{% block title %}{{ t }}{% endblock %}").unwrap();
/// let html = engine.template("page.html").unwrap().render(&serde_json::json!({"t": "A & B"})).unwrap();
/// assert_eq!(html, "<h1>A &amp; B</h1>");
/// ```
pub struct Engine {
    inner: EngineInner,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// An engine with Django's default settings.
    ///
    /// ```
    /// assert_eq!(djula::Engine::new().render_str("{{ 1|add:2 }}", &()).unwrap(), "3");
    /// ```
    pub fn new() -> Engine {
        Engine::with_settings(Settings::default())
    }

    /// An engine with the given settings.
    ///
    /// ```
    /// let e = djula::Engine::with_settings(djula::Settings { autoescape: false, ..Default::default() });
    /// assert_eq!(e.render_str("{{ s }}", &serde_json::json!({"s": "<b>"})).unwrap(), "<b>");
    /// ```
    pub fn with_settings(settings: Settings) -> Engine {
        let memory = Arc::new(MemoryLoader::default());
        let loaders: Vec<Arc<dyn Loader>> = vec![memory.clone()];
        Engine {
            inner: EngineInner {
                settings,
                registry: Registry::new(),
                memory,
                loaders,
                cache: RwLock::new(HashMap::new()),
                reload_error: RwLock::new(None),
                url_resolver: None,
                defaults: None,
                translations: crate::i18n::Translations::default(),
            },
        }
    }

    /// The settings.
    ///
    /// ```
    /// assert!(djula::Engine::new().settings().autoescape);
    /// ```
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Loads the gettext catalogs of a locale directory:
    /// `DIR/LANG/LC_MESSAGES/DOMAIN.mo`, or `DOMAIN.po` where there is no
    /// `.mo` (Django's domain is `django`). Returns how many catalogs were
    /// read. A malformed catalog is an error naming its file and line.
    /// Directories added first win for a message in several catalogs.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("djula-doc-locale-{}", std::process::id()));
    /// std::fs::create_dir_all(dir.join("fr/LC_MESSAGES")).unwrap();
    /// std::fs::write(dir.join("fr/LC_MESSAGES/django.po"),
    ///     "msgid \"Hello\"\nmsgstr \"Bonjour\"\n").unwrap();
    /// let mut e = djula::Engine::new();
    /// assert_eq!(e.add_locale_directory(&dir, "django").unwrap(), 1);
    /// let t = e.compile_str("t", "{% load i18n %}{% translate 'Hello' %}").unwrap();
    /// assert_eq!(t.render_in(&(), "fr").unwrap(), "Bonjour");
    /// assert_eq!(t.render(&()).unwrap(), "Hello");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn add_locale_directory(
        &mut self,
        dir: impl AsRef<Path>,
        domain: &str,
    ) -> Result<usize, Error> {
        self.inner.translations.add_directory(dir.as_ref(), domain)
    }

    /// Adds a template directory to the search path (directories added
    /// first are searched first, as Django's `DIRS`) and compiles every
    /// template in it now. The error lists every broken file.
    ///
    /// ```no_run
    /// let mut engine = djula::Engine::new();
    /// engine.add_template_directory("templates").unwrap();
    /// ```
    pub fn add_template_directory(&mut self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let loader = DirectoryLoader {
            root: dir.as_ref().to_path_buf(),
        };
        if !loader.root.is_dir() {
            return Err(Error::new(
                ErrorKind::Io,
                format!("{}: not a directory", loader.root.display()),
            ));
        }
        let names = loader.list();
        self.inner.loaders.push(Arc::new(loader));
        let errors: Vec<Error> = names
            .iter()
            .filter_map(|n| self.template(n).err())
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let report = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n\n");
        Err(Error::new(
            ErrorKind::Syntax,
            format!(
                "{} template(s) failed to compile:\n\n{report}",
                errors.len()
            ),
        ))
    }

    /// Adds a loader after the existing ones.
    ///
    /// ```
    /// struct Nothing;
    /// impl djula::Loader for Nothing {
    ///     fn load(&self, _: &str) -> Result<Option<String>, djula::Error> { Ok(None) }
    /// }
    /// djula::Engine::new().add_loader(Nothing);
    /// ```
    pub fn add_loader(&mut self, loader: impl Loader + 'static) {
        self.inner.loaders.push(Arc::new(loader));
    }

    /// Registers an in-memory template under `name` and compiles it.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("x", "{{ 2 }}").unwrap();
    /// assert_eq!(e.template("x").unwrap().render(&()).unwrap(), "2");
    /// ```
    pub fn add_template(&mut self, name: &str, source: &str) -> Result<(), Error> {
        if let Ok(mut t) = self.inner.memory.templates.write() {
            t.insert(name.to_string(), source.to_string());
        }
        if let Ok(mut cache) = self.inner.cache.write() {
            cache.clear();
        }
        self.template(name).map(|_| ())
    }

    /// Compiles a template from a string without registering it.
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let t = e.compile_str("inline", "{{ a|upper }}").unwrap();
    /// assert_eq!(t.render(&serde_json::json!({"a": "x"})).unwrap(), "X");
    /// ```
    pub fn compile_str(&self, name: &str, source: &str) -> Result<Template<'_>, Error> {
        let compiled = compile_template(
            Arc::from(name),
            Arc::from(source),
            &self.inner.registry,
            &self.inner.settings,
        )?;
        Ok(Template {
            engine: self,
            compiled: Arc::new(compiled),
        })
    }

    /// Compiles and renders a template string in one step.
    ///
    /// ```
    /// assert_eq!(djula::Engine::new().render_str("{{ x }}", &serde_json::json!({"x": 1})).unwrap(), "1");
    /// ```
    pub fn render_str<C: Serialize + ?Sized>(
        &self,
        source: &str,
        ctx: &C,
    ) -> Result<String, Error> {
        self.compile_str("<string>", source)?.render(ctx)
    }

    /// The compiled template `name` (compiled on first use, then cached).
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// assert_eq!(e.template("nope.html").unwrap_err().kind(), djula::ErrorKind::TemplateNotFound);
    /// ```
    pub fn template(&self, name: &str) -> Result<Template<'_>, Error> {
        let compiled = self.inner.load(name, None)?;
        Ok(Template {
            engine: self,
            compiled,
        })
    }

    /// Registers a custom filter (Djula's `def-filter`). The function gets
    /// the input value and the optional argument; return a [`Value`] (use
    /// [`Value::safe`] for trusted HTML).
    ///
    /// ```
    /// use djula::Value;
    /// let mut e = djula::Engine::new();
    /// e.def_filter("shout", |v: &Value, _arg: Option<&Value>| Ok(Value::from(v.to_string().to_uppercase() + "!")));
    /// assert_eq!(e.render_str("{{ 'hi'|shout }}", &()).unwrap(), "HI!");
    /// ```
    pub fn def_filter<F>(&mut self, name: &str, f: F)
    where
        F: Fn(&Value, Option<&Value>) -> Result<Value, Error> + Send + Sync + 'static,
    {
        let def = FilterDef::new(
            name,
            ArgSpec::Optional,
            false,
            move |v: &Value, a: Option<&Value>, _: &FilterEnv<'_>| f(v, a),
        );
        self.inner.registry.add_filter(def);
    }

    /// Registers a simple custom tag (Django's `simple_tag`): its arguments
    /// are template expressions, its result is escaped like a variable.
    ///
    /// ```
    /// use djula::Value;
    /// let mut e = djula::Engine::new();
    /// e.def_simple_tag("greet", |args: &[Value]| Ok(Value::from(format!("Hello, {}!", args[0]))));
    /// assert_eq!(e.render_str("{% greet name %}", &serde_json::json!({"name": "<Ann>"})).unwrap(), "Hello, &lt;Ann&gt;!");
    /// ```
    pub fn def_simple_tag<F>(&mut self, name: &str, f: F)
    where
        F: Fn(&[Value]) -> Result<Value, Error> + Send + Sync + 'static,
    {
        self.inner.registry.add_tag(CustomTag {
            name: name.into(),
            kind: TagKind::Simple(Arc::new(f)),
        });
    }

    /// Registers a tag that receives its raw argument text (Djula's
    /// unparsed tags); the result is escaped under autoescape.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.def_raw_tag("echo", |raw: &str| Ok(raw.to_string()));
    /// assert_eq!(e.render_str("{% echo a < b %}", &()).unwrap(), "a &lt; b");
    /// ```
    pub fn def_raw_tag<F>(&mut self, name: &str, f: F)
    where
        F: Fn(&str) -> Result<String, Error> + Send + Sync + 'static,
    {
        self.inner.registry.add_tag(CustomTag {
            name: name.into(),
            kind: TagKind::Raw(Arc::new(f)),
        });
    }

    /// Registers a paired tag `{% name args %}…{% endname %}` (Djula's
    /// `def-delimited-tag`): it gets its evaluated arguments and its body
    /// rendered as HTML, and returns HTML (trusted, not escaped again).
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.def_block_tag("card", |_args, body: &str| Ok(format!("<div class=\"card\">{body}</div>")));
    /// assert_eq!(e.render_str("{% card %}{{ x }}{% endcard %}", &serde_json::json!({"x": "<"})).unwrap(),
    ///            "<div class=\"card\">&lt;</div>");
    /// ```
    pub fn def_block_tag<F>(&mut self, name: &str, f: F)
    where
        F: Fn(&[Value], &str) -> Result<String, Error> + Send + Sync + 'static,
    {
        self.inner.registry.add_tag(CustomTag {
            name: name.into(),
            kind: TagKind::Block(Arc::new(f)),
        });
    }

    /// Registers the resolver `{% url %}` uses.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.set_url_resolver(|name, _args, _kwargs| (name == "home").then(|| "/".to_string()));
    /// assert_eq!(e.render_str("{% url 'home' %}", &()).unwrap(), "/");
    /// ```
    pub fn set_url_resolver<F>(&mut self, f: F)
    where
        F: Fn(&str, &[Value], &[(String, Value)]) -> Option<String> + Send + Sync + 'static,
    {
        self.inner.url_resolver = Some(Arc::new(f));
    }

    /// Values every render sees (Djula's `*default-template-arguments*`);
    /// the render's own context wins.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.set_default_context(&serde_json::json!({"site": "Shop", "x": 1})).unwrap();
    /// assert_eq!(e.render_str("{{ site }}{{ x }}", &serde_json::json!({"x": 2})).unwrap(), "Shop2");
    /// ```
    pub fn set_default_context<C: Serialize + ?Sized>(&mut self, ctx: &C) -> Result<(), Error> {
        match to_value(ctx)? {
            Value::Map(m) => self.inner.defaults = Some(m),
            _ => {
                return Err(Error::new(
                    ErrorKind::Context,
                    "the default context must be a map or struct",
                ))
            }
        }
        Ok(())
    }

    /// The last recompilation that failed in reload mode, if any (the
    /// previous version of that template kept serving).
    ///
    /// ```
    /// assert!(djula::Engine::new().last_reload_error().is_none());
    /// ```
    pub fn last_reload_error(&self) -> Option<Error> {
        self.inner.reload_error.read().ok().and_then(|e| e.clone())
    }

    /// Every template name the loaders can list.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("a.html", "").unwrap();
    /// assert_eq!(e.template_names(), vec!["a.html".to_string()]);
    /// ```
    pub fn template_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.inner.loaders.iter().flat_map(|l| l.list()).collect();
        names.sort();
        names.dedup();
        names
    }
}

impl EngineInner {
    /// Loads and compiles `name`, relative names (`./x`, `../x`) resolved
    /// against `current`; `name#partial` selects a partial.
    pub(crate) fn load(
        &self,
        name: &str,
        current: Option<&str>,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        // The common case, a cached template by its plain name with reload
        // off, needs no allocation.
        let relative = name.starts_with("./") || name.starts_with("../");
        if !self.settings.reload && !relative {
            let cached = self
                .cache
                .read()
                .ok()
                .and_then(|c| c.get(name).map(|c| c.template.clone()));
            if let Some(template) = cached {
                return Ok(template);
            }
        }
        let name = resolve_relative(name, current);
        let (base, partial) = match name.split_once('#') {
            Some((b, p)) => (b.to_string(), Some(p.to_string())),
            None => (name.clone(), None),
        };
        let cached = self.cache.read().ok().and_then(|c| c.get(&name).cloned());
        // Reload off: the cache is the answer. Reload on: only while the
        // source's modification time is unchanged.
        let stamp = if self.settings.reload {
            self.modified(&base)
        } else {
            None
        };
        let previous = match cached {
            Some(c) if !self.settings.reload || c.stamp == stamp => return Ok(c.template),
            other => other,
        };
        match self.compile_named(&name, &base, partial) {
            // A file caught in the middle of an in-place rewrite (its time
            // changed while it was read, or it is momentarily empty) is not
            // a version: keep serving the last one and look again next time.
            Ok(compiled)
                if previous.is_some()
                    && self.settings.reload
                    && (self.modified(&base) != stamp || compiled.source.is_empty()) =>
            {
                Ok(previous.map(|p| p.template).unwrap_or(compiled))
            }
            Ok(compiled) => {
                if let Ok(mut cache) = self.cache.write() {
                    cache.insert(
                        name,
                        Cached {
                            template: compiled.clone(),
                            stamp,
                        },
                    );
                }
                Ok(compiled)
            }
            // A broken edit keeps the last good version serving; the error
            // is kept for `Engine::last_reload_error`.
            Err(error) => match previous {
                Some(old) => {
                    if let Ok(mut slot) = self.reload_error.write() {
                        *slot = Some(error);
                    }
                    Ok(old.template)
                }
                None => Err(error),
            },
        }
    }

    /// When the source of `name` last changed, from the first loader that knows.
    fn modified(&self, name: &str) -> Option<std::time::SystemTime> {
        self.loaders.iter().find_map(|l| l.modified(name))
    }

    fn compile_named(
        &self,
        name: &str,
        base: &str,
        partial: Option<String>,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        Ok(match partial {
            None => {
                let source = self.find_source(base)?;
                Arc::new(compile_template(
                    Arc::from(base),
                    Arc::from(source),
                    &self.registry,
                    &self.settings,
                )?)
            }
            Some(p) => {
                let whole = self.load(base, None)?;
                if whole.partial(&p).is_none() {
                    let known: Vec<&str> = whole.partials.iter().map(|d| &*d.name).collect();
                    return Err(Error::new(
                        ErrorKind::TemplateNotFound,
                        format!("Partial '{p}' not found in template '{base}'"),
                    )
                    .suggest(&p, known));
                }
                Arc::new(CompiledTemplate {
                    name: Arc::from(name),
                    source: whole.source.clone(),
                    nodes: vec![Node::Partial(p.as_str().into(), Default::default())],
                    partials: whole.partials.clone(),
                    output_hint: Default::default(),
                })
            }
        })
    }

    fn find_source(&self, name: &str) -> Result<String, Error> {
        for loader in &self.loaders {
            if let Some(source) = loader.load(name)? {
                return Ok(source);
            }
        }
        let known: Vec<String> = self.loaders.iter().flat_map(|l| l.list()).collect();
        Err(Error::new(
            ErrorKind::TemplateNotFound,
            format!("template '{name}' does not exist"),
        )
        .suggest(name, known.iter().map(String::as_str)))
    }

    pub(crate) fn render_compiled<W: std::fmt::Write + ?Sized>(
        &self,
        template: &Arc<CompiledTemplate>,
        ctx: Value,
        out: &mut W,
    ) -> Result<(), Error> {
        out.write_str(&self.render_string(template, ctx)?)?;
        Ok(())
    }

    /// Renders into a new `String`, pre-sized from the template's last render.
    pub(crate) fn render_string(
        &self,
        template: &Arc<CompiledTemplate>,
        ctx: Value,
    ) -> Result<String, Error> {
        self.render_string_in(template, ctx, None)
    }

    /// Renders into a new `String` in `language` (else the setting's).
    pub(crate) fn render_string_in(
        &self,
        template: &Arc<CompiledTemplate>,
        ctx: Value,
        language: Option<&str>,
    ) -> Result<String, Error> {
        let root = match ctx {
            Value::Map(m) => m,
            Value::None => Arc::new(Map::new()),
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
        let mut renderer = Renderer::new(self);
        renderer.language = language.map(str::to_string);
        let hint = template
            .output_hint
            .load(std::sync::atomic::Ordering::Relaxed);
        let mut buffer = String::with_capacity(hint.max(template.source.len()));
        renderer.render_template(template, &mut context, &mut buffer)?;
        // Remember the size (with a little slack) for the next render.
        let next = buffer.len() + buffer.len() / 8;
        template
            .output_hint
            .store(next, std::sync::atomic::Ordering::Relaxed);
        Ok(buffer)
    }
}

/// `./x` and `../x` relative to the directory of `current`.
fn resolve_relative(name: &str, current: Option<&str>) -> String {
    let Some(current) = current else {
        return name.to_string();
    };
    if !(name.starts_with("./") || name.starts_with("../")) {
        return name.to_string();
    }
    let mut parts: Vec<&str> = current.split('/').collect();
    parts.pop();
    for piece in name.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

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
    engine: &'e Engine,
    compiled: Arc<CompiledTemplate>,
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
            .render_string(&self.compiled, to_value(ctx)?)
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
            .render_string_in(&self.compiled, to_value(ctx)?, Some(language))
    }

    /// Renders with a context already converted to a [`Value`].
    ///
    /// ```
    /// let e = djula::Engine::new();
    /// let ctx = djula::to_value(&serde_json::json!({"a": 1})).unwrap();
    /// assert_eq!(e.compile_str("t", "{{ a }}").unwrap().render_value(ctx).unwrap(), "1");
    /// ```
    pub fn render_value(&self, ctx: Value) -> Result<String, Error> {
        self.engine.inner.render_string(&self.compiled, ctx)
    }

    /// Renders into any `fmt::Write`.
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
        self.engine
            .inner
            .render_compiled(&self.compiled, value, out)
    }

    /// Renders into any `io::Write`.
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
        let html = self.render(ctx)?;
        out.write_all(html.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))
    }
}
