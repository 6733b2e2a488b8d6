//! The template engine of the app: built once at start-up (custom filters
//! registered, every template compiled), from templates embedded in the
//! binary or from a directory, with development reload for the latter.
//!
//! Reload is djula's: with `Settings::reload` on, a template whose file
//! (or a file it extends or includes) changed is recompiled at its next
//! render, and a broken edit keeps the last good version serving
//! (`Engine::last_reload_error`, which this module logs once per error).
//! Off, it costs nothing.

use std::path::PathBuf;
use std::sync::Mutex;

use djula::axum::{RenderError, Rendered};
use djula::{Engine, Error, Loader, Settings};
use serde::Serialize;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Where templates come from.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// Compiled into the binary by build.rs (the release default).
    Embedded,
    /// Read from a directory (the debug default: the crate's `templates/`).
    Directory(PathBuf),
}

/// The templates compiled into the binary, as a djula [`Loader`].
pub struct EmbeddedLoader;

impl Loader for EmbeddedLoader {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        Ok(TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, source)| source.to_string()))
    }

    fn list(&self) -> Vec<String> {
        TEMPLATES.iter().map(|(n, _)| n.to_string()).collect()
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
    /// `reload` applies to a directory source only.
    pub fn new(source: TemplateSource, debug: bool, reload: bool) -> Result<Templates, Error> {
        let reload = reload && matches!(source, TemplateSource::Directory(_));
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
        if self.reloads() {
            self.report_reload_error();
        }
        result.map_err(|e| {
            eprintln!("webapp: rendering {name} failed:\n{e}");
            match &self.source {
                TemplateSource::Embedded => e.with_source_from(&EmbeddedLoader),
                TemplateSource::Directory(dir) => e.with_source_from(&DirSource(dir.clone())),
            }
        })
    }

    fn report_reload_error(&self) {
        let error = self.engine.last_reload_error().map(|e| e.to_string());
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        if error != *reported {
            if let Some(e) = &error {
                eprintln!(
                    "webapp: template edit not applied, still serving the last good version:\n{e}"
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
            engine.add_loader(EmbeddedLoader);
            for (name, _) in TEMPLATES {
                engine.template(name)?;
            }
        }
    }
    Ok(engine)
}

/// A static file compiled into the binary.
pub fn static_file(path: &str) -> Option<&'static [u8]> {
    STATIC_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_embedded_and_from_the_directory() {
        assert!(TEMPLATES.len() >= 5);
        build_engine(&TemplateSource::Embedded, false, false).unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
        let engine = build_engine(&TemplateSource::Directory(dir.clone()), false, true).unwrap();
        let names: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        let on_disk = engine.template_names();
        assert_eq!(names, on_disk, "the embedded copy is the directory's");
    }

    #[test]
    fn static_files_are_embedded() {
        assert!(static_file("style.css").is_some());
        assert!(static_file("../Cargo.toml").is_none());
    }
}
