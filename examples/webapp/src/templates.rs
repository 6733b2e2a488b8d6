//! The template engine of the app: built once at start-up (custom filters
//! registered, every template compiled), from templates embedded in the
//! binary or from a directory, with development reload for the latter.
//!
//! Reload is done here, not in djula: djula's engine caches compiled
//! templates for its whole life. With reload on, each request compares the
//! template directory's fingerprint (every file's name, size and mtime: a
//! few `stat` calls) with the last one, and when it changed builds a fresh
//! engine. A broken edit keeps the last good engine serving and logs the
//! error. With reload off the check is one `bool` test.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

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

/// A file's name, size and modification time.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The engine in use, and how to rebuild it.
pub struct Templates {
    source: TemplateSource,
    debug: bool,
    reload: bool,
    current: RwLock<Arc<Engine>>,
    fingerprint: Mutex<Fingerprint>,
}

impl Templates {
    /// Builds the engine now; an error lists every broken template.
    pub fn new(source: TemplateSource, debug: bool, reload: bool) -> Result<Templates, Error> {
        let reload = reload && matches!(source, TemplateSource::Directory(_));
        let fingerprint = match &source {
            TemplateSource::Directory(dir) => fingerprint(dir),
            TemplateSource::Embedded => Vec::new(),
        };
        let engine = build_engine(&source, debug)?;
        Ok(Templates {
            source,
            debug,
            reload,
            current: RwLock::new(Arc::new(engine)),
            fingerprint: Mutex::new(fingerprint),
        })
    }

    /// True when edits to template files show without a restart.
    pub fn reloads(&self) -> bool {
        self.reload
    }

    /// The engine to render with (rebuilt first if reload is on and a
    /// template file changed).
    pub fn engine(&self) -> Arc<Engine> {
        if self.reload {
            self.refresh();
        }
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Renders `name` with `ctx`; a failure is logged and becomes the
    /// debug page (debug on) or the plain error page.
    pub fn render<C: Serialize + ?Sized>(
        &self,
        name: &str,
        ctx: &C,
    ) -> Result<Rendered, RenderError> {
        let engine = self.engine();
        djula::axum::render(&engine, name, ctx).map_err(|e| {
            eprintln!("webapp: rendering {name} failed:\n{e}");
            match &self.source {
                TemplateSource::Embedded => e.with_source_from(&EmbeddedLoader),
                TemplateSource::Directory(dir) => e.with_source_from(&DirSource(dir.clone())),
            }
        })
    }

    fn refresh(&self) {
        let TemplateSource::Directory(dir) = &self.source else {
            return;
        };
        let now = fingerprint(dir);
        {
            let mut last = self.fingerprint.lock().unwrap_or_else(|p| p.into_inner());
            if *last == now {
                return;
            }
            // Recorded first: a broken edit is reported once, not on every request.
            *last = now;
        }
        match build_engine(&self.source, self.debug) {
            Ok(engine) => {
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(engine);
                eprintln!("webapp: templates reloaded from {}", dir.display());
            }
            Err(e) => eprintln!(
                "webapp: template edit not applied, still serving the last good version:\n{e}"
            ),
        }
    }
}

/// A new engine over `source`, custom filters registered, every template compiled.
pub fn build_engine(source: &TemplateSource, debug: bool) -> Result<Engine, Error> {
    let mut engine = Engine::with_settings(Settings {
        debug,
        static_url: "/static/".into(),
        ..Default::default()
    });
    crate::filters::register(&mut engine);
    engine.set_default_context(&serde_json::json!({ "site_name": "Shopping list" }))?;
    match source {
        TemplateSource::Directory(dir) => engine.add_template_directory(dir)?,
        TemplateSource::Embedded => {
            engine.add_loader(EmbeddedLoader);
            for (name, _) in TEMPLATES {
                engine.template(name)?;
            }
        }
    }
    Ok(engine)
}

/// The names, sizes and mtimes of every file under `dir`, sorted.
fn fingerprint(dir: &Path) -> Fingerprint {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files.push((entry.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    files.sort();
    files
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
        build_engine(&TemplateSource::Embedded, false).unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
        build_engine(&TemplateSource::Directory(dir.clone()), false).unwrap();
        let names: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        let on_disk: Vec<String> = fingerprint(&dir)
            .iter()
            .map(|(p, _, _)| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, on_disk, "the embedded copy is the directory's");
    }

    #[test]
    fn static_files_are_embedded() {
        assert!(static_file("style.css").is_some());
        assert!(static_file("../Cargo.toml").is_none());
    }
}
