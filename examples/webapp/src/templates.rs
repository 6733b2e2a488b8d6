//! The template engine of the app: built once at start-up (custom filters
//! registered, every template compiled), from templates embedded in the
//! binary or from a directory, with development reload.
//!
//! Reload is djula's: with `Settings::reload` on, a template whose file
//! (or a file it extends or includes) changed is recompiled at its next
//! render, and a broken edit keeps the last good version serving
//! (`Engine::last_reload_error`, which this module logs once per error).
//! Off, it costs nothing.
//!
//! Templates are embedded with `djula_embed::embed!`, which compiles each
//! one while the app is compiled (a broken template fails `cargo build`
//! with its file, line, source line and caret); debug builds read the
//! crate's `templates/` from disk instead, so edits show without a
//! rebuild. Static files are embedded with rust-embed.

use std::path::PathBuf;
use std::sync::Mutex;

use djula::axum::{RenderError, Rendered};
use djula::{Embedded, Engine, Error, Loader, Settings};
use serde::Serialize;

/// `templates/`, every template compiled at build time and checked
/// against the context struct its handler renders it with (`src/pages.rs`):
/// a name misspelled in a template, or a field renamed in Rust, fails
/// `cargo build` with the template, line and a caret. The custom filters
/// of `filters.rs` are registered at run time: the check knows them by
/// name (a test checks that `filters::register` defines them), and
/// `site_name` comes from the engine's default context (`build_engine`).
pub static TEMPLATES: Embedded = djula_embed::embed!(
    "templates",
    filters = ["initials", "count"],
    globals = ["site_name"],
    check = {
        "members.html" => crate::pages::MembersPage,
        "login.html" => crate::pages::LoginPage,
        "tasks.html" => crate::pages::TasksPage,
        "403.html" => crate::pages::ErrorPage,
        "404.html" => crate::pages::ErrorPage,
    },
);

/// `static/`, embedded in the binary.
#[derive(rust_embed::Embed)]
#[folder = "static/"]
struct StaticFiles;

/// Where templates come from.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// [`TEMPLATES`]: the copies compiled into the binary, or in a debug
    /// build the crate's `templates/` read from disk (the default).
    Embedded,
    /// Read from a directory (`--templates DIR`).
    Directory(PathBuf),
}

impl TemplateSource {
    /// True when the templates are read from files, so that reload can
    /// apply: a directory, or [`TEMPLATES`] in a debug build.
    pub fn reads_disk(&self) -> bool {
        match self {
            TemplateSource::Embedded => TEMPLATES.reads_disk(),
            TemplateSource::Directory(_) => true,
        }
    }
}

/// Template files read from a directory; the debug page uses it to show
/// the lines around an error.
struct DirSource(PathBuf);

impl Loader for DirSource {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        if name.split('/').any(|p| p == "..") {
            return Ok(None);
        }
        Ok(std::fs::read_to_string(self.0.join(name)).ok())
    }
}

/// The engine in use.
pub struct Templates {
    source: TemplateSource,
    engine: Engine,
    /// The last reload error logged, so each is logged once.
    reported: Mutex<Option<String>>,
}

impl Templates {
    /// Builds the engine now; an error lists every broken template.
    /// `reload` applies to templates read from files only
    /// ([`TemplateSource::reads_disk`]).
    pub fn new(source: TemplateSource, debug: bool, reload: bool) -> Result<Templates, Error> {
        let reload = reload && source.reads_disk();
        let engine = build_engine(&source, debug, reload)?;
        Ok(Templates {
            source,
            engine,
            reported: Mutex::new(None),
        })
    }

    /// True when edits to template files show without a restart.
    pub fn reloads(&self) -> bool {
        self.engine.settings().reload
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Renders `name` with `ctx`; a failure is logged and becomes the
    /// debug page (debug on) or the plain error page.
    pub fn render<C: Serialize + ?Sized>(
        &self,
        name: &str,
        ctx: &C,
    ) -> Result<Rendered, RenderError> {
        let result = djula::axum::render(&self.engine, name, ctx);
        self.finish(name, result)
    }

    /// Renders only the block `block` of the page `name`, with inheritance
    /// resolved (djula's `Template::render_block`): an htmx-style fragment
    /// from the same template as the whole page. Failures as in
    /// [`Templates::render`].
    pub fn render_block<C: Serialize + ?Sized>(
        &self,
        name: &str,
        block: &str,
        ctx: &C,
    ) -> Result<Rendered, RenderError> {
        let result = self
            .engine
            .template(name)
            .and_then(|page| page.render_block(block, ctx))
            .map(Rendered::from)
            .map_err(|e| RenderError::new(e, self.engine.settings().debug));
        self.finish(&format!("{name} (block {block})"), result)
    }

    /// Logs a new reload error and a failed render; a failure becomes the
    /// debug page (with the template's source) or the plain error page.
    fn finish(
        &self,
        name: &str,
        result: Result<Rendered, RenderError>,
    ) -> Result<Rendered, RenderError> {
        if self.reloads() {
            self.report_reload_error();
        }
        result.map_err(|e| {
            tracing::error!("rendering {name} failed:\n{e:#}");
            match &self.source {
                TemplateSource::Embedded => e.with_source_from(&TEMPLATES),
                TemplateSource::Directory(dir) => e.with_source_from(&DirSource(dir.clone())),
            }
        })
    }

    fn report_reload_error(&self) {
        let error = self.engine.last_reload_error().map(|e| format!("{e:#}"));
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        if error != *reported {
            if let Some(e) = &error {
                tracing::error!(
                    "template edit not applied, still serving the last good version:\n{e}"
                );
            }
            *reported = error;
        }
    }
}

/// A new engine over `source`, custom filters registered, every template compiled.
pub fn build_engine(source: &TemplateSource, debug: bool, reload: bool) -> Result<Engine, Error> {
    let mut engine = Engine::with_settings(Settings {
        debug,
        reload,
        static_url: "/static/".into(),
        ..Default::default()
    });
    crate::filters::register(&mut engine);
    engine.set_default_context(&serde_json::json!({ "site_name": "Shopping list" }))?;
    match source {
        TemplateSource::Directory(dir) => {
            engine.add_template_directory(dir)?;
            engine.check()?;
        }
        TemplateSource::Embedded => {
            engine.add_loader(TEMPLATES);
            engine.check()?;
        }
    }
    Ok(engine)
}

/// A static file embedded in the binary.
pub fn static_file(path: &str) -> Option<std::borrow::Cow<'static, [u8]>> {
    StaticFiles::get(path).map(|file| file.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_embedded_and_from_the_directory() {
        let embedded = TEMPLATES.prefer_disk(false);
        let names = embedded.list();
        assert!(names.len() >= 5, "{names:?}");
        // The copies in the binary, as a release build serves them.
        let mut engine = Engine::new();
        crate::filters::register(&mut engine);
        engine.add_loader(embedded);
        assert_eq!(engine.check().unwrap(), names.len());
        // What the app builds: in a debug build, the directory with reload.
        let engine = build_engine(&TemplateSource::Embedded, false, false).unwrap();
        assert_eq!(engine.template_names(), names);
        assert_eq!(
            TemplateSource::Embedded.reads_disk(),
            cfg!(debug_assertions)
        );
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
        assert_eq!(TEMPLATES.directory(), dir);
        let engine = build_engine(&TemplateSource::Directory(dir.clone()), false, true).unwrap();
        let on_disk = engine.template_names();
        assert_eq!(names, on_disk, "the embedded copy is the directory's");
    }

    #[test]
    fn static_files_are_embedded() {
        assert!(static_file("style.css").is_some());
        assert!(static_file("../Cargo.toml").is_none());
    }
}
