//! The global default engine, for Djula-style use without passing an
//! engine around: `djula::add_template_directory`, `djula::def_filter`,
//! `djula::compile_template`, `djula::render_template`.
//!
//! Applications that need several configurations create their own
//! [`Engine`]s; these functions all act on one shared instance.

use std::path::Path;
use std::sync::RwLock;

use once_cell::sync::Lazy;
use serde::Serialize;

use crate::{Engine, Error, ErrorKind};

static GLOBAL: Lazy<RwLock<Engine>> = Lazy::new(|| RwLock::new(Engine::new()));

fn poisoned() -> Error {
    Error::new(
        ErrorKind::Render,
        "the global engine is unusable: a thread panicked while changing it",
    )
}

/// Runs `f` with the global engine, for changes this module has no
/// function for (settings live in the engine, see [`Engine::with_settings`]).
///
/// ```
/// djula::with_global_engine(|e| e.add_template("global-doc.html", "hi")).unwrap();
/// assert_eq!(djula::render_template("global-doc.html", &()).unwrap(), "hi");
/// ```
pub fn with_global_engine<R>(f: impl FnOnce(&mut Engine) -> Result<R, Error>) -> Result<R, Error> {
    let mut engine = GLOBAL.write().map_err(|_| poisoned())?;
    f(&mut engine)
}

/// Replaces the global engine (to change its settings).
///
/// ```
/// djula::set_global_engine(djula::Engine::new());
/// ```
pub fn set_global_engine(engine: Engine) {
    if let Ok(mut global) = GLOBAL.write() {
        *global = engine;
    }
}

/// Djula's `add-template-directory` on the global engine: adds `dir` to the
/// search path (templates compile on first use; see [`Engine::check`]).
///
/// ```no_run
/// djula::add_template_directory("templates").unwrap();
/// ```
pub fn add_template_directory(dir: impl AsRef<Path>) -> Result<(), Error> {
    with_global_engine(|e| e.add_template_directory(dir))
}

/// Djula's `def-filter` on the global engine (see [`Engine::def_filter`]).
///
/// ```
/// djula::def_filter("twice", |s: &str| format!("{s}{s}")).unwrap();
/// djula::with_global_engine(|e| e.add_template("twice-doc.html", "{{ 'ab'|twice }}")).unwrap();
/// assert_eq!(djula::render_template("twice-doc.html", &()).unwrap(), "abab");
/// ```
pub fn def_filter<F, Args, R>(name: &str, f: F) -> Result<(), Error>
where
    F: crate::FilterFunction<Args, R>,
{
    with_global_engine(|e| {
        e.def_filter(name, f);
        Ok(())
    })
}

/// Djula's `compile-template*`: compiles (or finds in the cache) the
/// template `name` of the global engine and returns a handle to render it.
///
/// ```
/// djula::with_global_engine(|e| e.add_template("compile-doc.html", "{{ n }}")).unwrap();
/// let t = djula::compile_template("compile-doc.html").unwrap();
/// assert_eq!(t.render(&serde_json::json!({"n": 5})).unwrap(), "5");
/// ```
pub fn compile_template(name: &str) -> Result<GlobalTemplate, Error> {
    let engine = GLOBAL.read().map_err(|_| poisoned())?;
    engine.template(name)?;
    Ok(GlobalTemplate {
        name: name.to_string(),
    })
}

/// Djula's `render-template*`: renders `name` of the global engine.
///
/// ```
/// djula::with_global_engine(|e| e.add_template("render-doc.html", "{{ a|upper }}")).unwrap();
/// assert_eq!(djula::render_template("render-doc.html", &serde_json::json!({"a": "x"})).unwrap(), "X");
/// ```
pub fn render_template<C: Serialize + ?Sized>(name: &str, ctx: &C) -> Result<String, Error> {
    let engine = GLOBAL.read().map_err(|_| poisoned())?;
    engine.template(name)?.render(ctx)
}

/// A template of the global engine, by name (Djula's compiled template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalTemplate {
    name: String,
}

impl GlobalTemplate {
    /// Renders the template with `ctx`.
    ///
    /// ```
    /// djula::with_global_engine(|e| e.add_template("handle-doc.html", "ok")).unwrap();
    /// assert_eq!(djula::compile_template("handle-doc.html").unwrap().render(&()).unwrap(), "ok");
    /// ```
    pub fn render<C: Serialize + ?Sized>(&self, ctx: &C) -> Result<String, Error> {
        render_template(&self.name, ctx)
    }
}
