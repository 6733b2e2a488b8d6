//! The engine, the top layer: the public [`Engine`] API (registration of
//! filters, tags, loaders and hooks), with one file per concern below it:
//!
//! - [`loader`]: where templates come from (directories, memory, yours);
//! - [`embedded`]: a directory compiled into the program ([`Embedded`]);
//! - [`cache`]: compiled templates by name, reload mode;
//! - [`template`]: [`Template`], and rendering into a string or a stream;
//! - [`check`]: compiling everything at once, for start-up validation.
//!
//! Set-up may happen in any order: templates compile on first use (or in
//! [`Engine::check`]), and registering a filter or tag empties the cache.

mod cache;
mod check;
mod context_check;
mod embedded;
mod loader;
mod template;

use std::path::Path;
use std::sync::{Arc, RwLock};

use serde::Serialize;

use crate::builtins::custom_tag::{CustomTag, TagKind};
use crate::builtins::function::{into_filter, FilterFunction};
use crate::builtins::registry::Registry;
use crate::compile::compile_template;
use crate::error::{Error, ErrorKind};
use crate::render::UrlResolver;
use crate::settings::Settings;
use crate::support::FastMap;
use crate::value::{to_value, Dict, Value};

use cache::Cached;
#[doc(hidden)]
pub use context_check::EmbedRead;
pub use embedded::Embedded;
pub use loader::Loader;
use loader::{DirectoryLoader, MemoryLoader};
pub use template::Template;

pub(crate) struct EngineInner {
    pub settings: Settings,
    pub registry: Registry,
    pub(crate) memory: Arc<MemoryLoader>,
    pub(crate) loaders: Vec<Arc<dyn Loader>>,
    pub(crate) cache: RwLock<FastMap<String, Cached>>,
    /// The other copies of a name a recursive `{% extends %}` reached, by
    /// name and loader (see `EngineInner::load_skipping`).
    pub(crate) other_copies: RwLock<FastMap<(String, u32), Cached>>,
    /// The last failed recompilation in reload mode (the old version kept serving).
    pub(crate) reload_error: RwLock<Option<Error>>,
    pub url_resolver: Option<UrlResolver>,
    pub(crate) defaults: Option<Dict>,
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
                cache: RwLock::new(FastMap::default()),
                other_copies: RwLock::new(FastMap::default()),
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
    /// first are searched first, as Django's `DIRS`). The error says when
    /// `dir` is not a directory.
    ///
    /// Templates compile on first use, so filters and tags may be
    /// registered before or after; call [`Engine::check`] once set-up is
    /// done to compile every template now and list every error.
    ///
    /// ```no_run
    /// let mut engine = djula::Engine::new();
    /// engine.add_template_directory("templates").unwrap();
    /// engine.def_filter("shout", |s: String| s.to_uppercase() + "!");
    /// engine.check().unwrap(); // every template compiles, "shout" included
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
        self.inner.loaders.push(Arc::new(loader));
        self.forget_compiled();
        Ok(())
    }

    /// Empties the cache of compiled templates: a registration changes
    /// what templates compile to.
    fn forget_compiled(&mut self) {
        if let Ok(cache) = self.inner.cache.get_mut() {
            cache.clear();
        }
        if let Ok(copies) = self.inner.other_copies.get_mut() {
            copies.clear();
        }
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
        self.forget_compiled();
    }

    /// Registers an in-memory template under `name`. It compiles on first
    /// use, as every template does, so it may use filters and tags
    /// registered later; [`Engine::check`] compiles it now. The `Result`
    /// is kept for compatibility: registering does not fail.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("x", "{{ 2|twice }}").unwrap();
    /// e.def_filter("twice", |n: i64| n * 2);
    /// assert_eq!(e.template("x").unwrap().render(&()).unwrap(), "4");
    /// ```
    pub fn add_template(&mut self, name: &str, source: &str) -> Result<(), Error> {
        if let Ok(mut templates) = self.inner.memory.templates.write() {
            templates.insert(name.to_string(), Arc::from(source));
        }
        self.forget_compiled();
        Ok(())
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
        self.compile_str(crate::support::template_names::UNKNOWN_ORIGIN, source)?
            .render(ctx)
    }

    /// The compiled template `name` (compiled on first use, then cached).
    ///
    /// `page.html#name` is the partial `name` of `page.html` (Django's
    /// `{% partialdef name %}`), rendered alone. A fragment can also be a
    /// `{% block %}` of the page: [`Template::render_block`] renders one
    /// with inheritance resolved (htmx-style partial updates).
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// assert_eq!(e.template("nope.html").unwrap_err().kind(), djula::ErrorKind::TemplateNotFound);
    /// e.add_template("page.html",
    ///     "<ul>{% partialdef row inline %}<li>{{ t }}</li>{% endpartialdef %}</ul>{% block n %}{{ n }}{% endblock %}").unwrap();
    /// let ctx = serde_json::json!({"t": "milk", "n": 1});
    /// assert_eq!(e.template("page.html").unwrap().render(&ctx).unwrap(), "<ul><li>milk</li></ul>1");
    /// assert_eq!(e.template("page.html#row").unwrap().render(&ctx).unwrap(), "<li>milk</li>");
    /// assert_eq!(e.template("page.html").unwrap().render_block("n", &ctx).unwrap(), "1");
    /// ```
    pub fn template(&self, name: &str) -> Result<Template<'_>, Error> {
        let compiled = self.inner.load(name)?;
        Ok(Template {
            engine: self,
            compiled,
        })
    }

    /// Registers a custom filter (Djula's `def-filter`) from a typed
    /// function: the first parameter is the input, an optional second one
    /// the argument (`Option<T>` when it may be left out). Parameters are
    /// [`crate::FilterArg`]s (`&str` and `String` make a string filter, as
    /// Django's `@stringfilter`), the result a [`crate::FilterOutput`]
    /// ([`crate::SafeString`] for trusted HTML). A value that does not
    /// convert is a render error naming the filter and the parameter.
    /// Templates may use the filter whether they were added before or after.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.def_filter("shout", |s: &str| s.to_uppercase() + "!");
    /// e.def_filter("plus", |n: i64, by: Option<i64>| n + by.unwrap_or(1));
    /// assert_eq!(e.render_str("{{ 'hi'|shout }} {{ 1|plus }} {{ 1|plus:'5' }}", &()).unwrap(), "HI! 2 6");
    ///
    /// // The form of earlier versions (value in, optional argument) still works:
    /// use djula::Value;
    /// e.def_filter("same", |v: &Value, _arg: Option<&Value>| Ok(v.clone()));
    /// assert_eq!(e.render_str("{{ 3|same }}", &()).unwrap(), "3");
    /// ```
    pub fn def_filter<F, Args, R>(&mut self, name: &str, f: F)
    where
        F: FilterFunction<Args, R>,
    {
        self.inner.registry.add_filter(into_filter(name, false, f));
        self.forget_compiled();
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
        self.forget_compiled();
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
        self.forget_compiled();
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
        self.forget_compiled();
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

#[cfg(test)]
mod analysis_conformance;
