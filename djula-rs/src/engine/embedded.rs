//! [`Embedded`]: a template directory compiled into the program (what
//! `djula_embed::embed!` makes), which in development reads the directory
//! itself, so that [`crate::Settings::reload`] sees edits.

use std::path::Path;

use super::loader::{
    list_directory, load_from_directory, modified_in_directory, universal_newlines,
};
use super::Loader;
use crate::error::Error;
use crate::support::template_names::name_within_directory;

/// A template directory embedded in the program: every file's name (its
/// path relative to the directory, with `/`) and source, the directory's
/// absolute path at build time, and the names of the run-time filters and
/// tags its templates were checked against.
///
/// It is a [`Loader`]: add it with [`crate::Engine::add_loader`]. It
/// serves the embedded copies, unless [`Embedded::prefer_disk`] is on and
/// the directory still exists: then it reads the directory, exactly as
/// [`crate::Engine::add_template_directory`] would (hidden files left out,
/// modification times known), so [`crate::Settings::reload`] recompiles
/// an edited template at its next render.
///
/// The `embed!` macro of the `djula-embed` crate builds one at compile
/// time, after compiling every template (a broken one fails the build),
/// with `prefer_disk(cfg!(debug_assertions))`: debug builds read the
/// directory, release builds carry the files.
///
/// ```
/// static TEMPLATES: djula::Embedded = djula::Embedded::new(
///     "/srv/app/templates",
///     &[
///         ("base.html", "<h1>{% block title %}{% endblock %}</h1>"),
///         ("page.html", "{% extends 'base.html' %}{% block title %}{{ t|shout }}{% endblock %}"),
///     ],
/// );
/// let mut engine = djula::Engine::new();
/// engine.add_loader(TEMPLATES);
/// engine.def_filter("shout", |s: &str| s.to_uppercase());
/// assert_eq!(engine.check().unwrap(), 2);
/// let html = engine.template("page.html").unwrap().render(&serde_json::json!({"t": "hi"})).unwrap();
/// assert_eq!(html, "<h1>HI</h1>");
/// ```
#[derive(Clone, Copy)]
pub struct Embedded {
    directory: &'static str,
    files: &'static [(&'static str, &'static str)],
    filters: &'static [&'static str],
    tags: &'static [&'static str],
    prefer_disk: bool,
}

impl std::fmt::Debug for Embedded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedded")
            .field("directory", &self.directory)
            .field("names", &self.names().collect::<Vec<_>>())
            .field("filters", &self.filters)
            .field("tags", &self.tags)
            .field("prefer_disk", &self.prefer_disk)
            .finish()
    }
}

impl Embedded {
    /// Templates `files`, `(name, source)` pairs, that came from the
    /// absolute path `directory`; served from memory
    /// ([`Embedded::prefer_disk`] off).
    ///
    /// ```
    /// const T: djula::Embedded = djula::Embedded::new("/srv/templates", &[("a.html", "A")]);
    /// assert_eq!(T.get("a.html"), Some("A"));
    /// ```
    pub const fn new(
        directory: &'static str,
        files: &'static [(&'static str, &'static str)],
    ) -> Embedded {
        Embedded {
            directory,
            files,
            filters: &[],
            tags: &[],
            prefer_disk: false,
        }
    }

    /// Records the names of the filters and tags the templates use that
    /// the program registers at run time (`embed!` checks the templates
    /// with stand-ins of these names). A test can then check that the
    /// engine really registers them.
    ///
    /// ```
    /// const T: djula::Embedded = djula::Embedded::new("/srv/templates", &[("a.html", "{{ x|shout }}")])
    ///     .declared(&["shout"], &[]);
    /// let mut engine = djula::Engine::new();
    /// engine.def_filter("shout", |s: &str| s.to_uppercase());
    /// for name in T.filters() {
    ///     assert!(engine.render_str(&format!("{{{{ 'x'|{name} }}}}"), &()).is_ok(), "{name}");
    /// }
    /// ```
    pub const fn declared(
        self,
        filters: &'static [&'static str],
        tags: &'static [&'static str],
    ) -> Embedded {
        Embedded {
            filters,
            tags,
            ..self
        }
    }

    /// With `on`, the loader reads [`Embedded::directory`] while it exists
    /// (development: edits show, with [`crate::Settings::reload`] on, at
    /// the next render) and the embedded copies only when it is gone.
    /// `embed!` passes `cfg!(debug_assertions)` of the calling crate; call
    /// `prefer_disk(false)` to serve the embedded copies in a debug build.
    ///
    /// ```
    /// const T: djula::Embedded = djula::Embedded::new("/no/such/dir", &[("a.html", "A")]).prefer_disk(true);
    /// assert!(!T.reads_disk()); // the directory does not exist: the embedded copy
    /// ```
    pub const fn prefer_disk(self, on: bool) -> Embedded {
        Embedded {
            prefer_disk: on,
            ..self
        }
    }

    /// True when the templates are read from the directory: preferred
    /// ([`Embedded::prefer_disk`]) and the directory exists. Use it to
    /// switch reload on: `Settings { reload: TEMPLATES.reads_disk(), .. }`.
    ///
    /// ```
    /// let dir = std::env::temp_dir();
    /// let dir: &'static str = Box::leak(dir.to_string_lossy().into_owned().into_boxed_str());
    /// assert!(djula::Embedded::new(dir, &[]).prefer_disk(true).reads_disk());
    /// assert!(!djula::Embedded::new(dir, &[]).reads_disk());
    /// ```
    pub fn reads_disk(&self) -> bool {
        self.prefer_disk && Path::new(self.directory).is_dir()
    }

    /// The directory the templates were embedded from (absolute, as it was
    /// at build time).
    ///
    /// ```
    /// let t = djula::Embedded::new("/srv/templates", &[]);
    /// assert_eq!(t.directory(), std::path::Path::new("/srv/templates"));
    /// ```
    pub fn directory(&self) -> &'static Path {
        Path::new(self.directory)
    }

    /// The embedded source of `name` (never read from disk), as written
    /// (newlines not converted).
    ///
    /// ```
    /// let t = djula::Embedded::new("/srv/templates", &[("a.html", "A")]);
    /// assert_eq!(t.get("a.html"), Some("A"));
    /// assert_eq!(t.get("b.html"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&'static str> {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, source)| *source)
    }

    /// The names of the embedded templates, in the order embedded
    /// (`embed!` sorts them).
    ///
    /// ```
    /// let t = djula::Embedded::new("/srv/templates", &[("a.html", ""), ("b/c.html", "")]);
    /// assert_eq!(t.names().collect::<Vec<_>>(), ["a.html", "b/c.html"]);
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.files.iter().map(|(name, _)| *name)
    }

    /// The run-time filters the templates were checked against (see
    /// [`Embedded::declared`]).
    ///
    /// ```
    /// let t = djula::Embedded::new("/srv/templates", &[]).declared(&["count"], &[]);
    /// assert_eq!(t.filters(), ["count"]);
    /// ```
    pub fn filters(&self) -> &'static [&'static str] {
        self.filters
    }

    /// The run-time tags the templates were checked against (see
    /// [`Embedded::declared`]).
    ///
    /// ```
    /// let t = djula::Embedded::new("/srv/templates", &[]).declared(&[], &["greet"]);
    /// assert_eq!(t.tags(), ["greet"]);
    /// ```
    pub fn tags(&self) -> &'static [&'static str] {
        self.tags
    }
}

impl Loader for Embedded {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        if self.reads_disk() {
            return load_from_directory(self.directory(), name);
        }
        // Named as on disk: `sub/../x.html` is `x.html`.
        let Some(name) = name_within_directory(name) else {
            return Ok(None);
        };
        Ok(self
            .get(&name)
            .map(|source| universal_newlines(source.to_string())))
    }

    fn modified(&self, name: &str) -> Option<std::time::SystemTime> {
        if self.reads_disk() {
            modified_in_directory(self.directory(), name)
        } else {
            None
        }
    }

    fn list(&self) -> Vec<String> {
        if self.reads_disk() {
            list_directory(self.directory())
        } else {
            self.names().map(str::to_string).collect()
        }
    }

    fn searched(&self, name: &str) -> Option<String> {
        let path = self.directory().join(name);
        Some(if self.reads_disk() {
            path.display().to_string()
        } else {
            format!("{} (embedded)", path.display())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Settings};

    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("djula-embedded-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leak(dir: &Path) -> &'static str {
        Box::leak(dir.to_string_lossy().into_owned().into_boxed_str())
    }

    #[test]
    fn embedded_copies_are_served_with_universal_newlines() {
        let t = Embedded::new(
            "/no/such/dir",
            &[("a.html", "x\r\ny"), ("b/c.html", "{{ v }}")],
        )
        .prefer_disk(true);
        assert!(!t.reads_disk());
        assert_eq!(t.load("a.html").unwrap().as_deref(), Some("x\ny"));
        assert_eq!(t.load("../a.html").unwrap(), None);
        assert_eq!(t.modified("a.html"), None);
        assert_eq!(t.list(), ["a.html", "b/c.html"]);
    }

    #[test]
    fn the_directory_is_read_as_a_directory_loader_reads_it_and_reloads() {
        let dir = scratch("reload");
        std::fs::write(dir.join("page.html"), "one").unwrap();
        std::fs::write(dir.join(".page.html.swp"), "{% broken").unwrap();
        let t = Embedded::new(leak(&dir), &[("page.html", "embedded")]).prefer_disk(true);
        assert!(t.reads_disk());
        assert_eq!(t.list(), ["page.html"], "hidden files are left out");
        assert!(t.modified("page.html").is_some());

        let mut engine = Engine::with_settings(Settings {
            reload: t.reads_disk(),
            ..Default::default()
        });
        engine.add_loader(t);
        assert_eq!(
            engine.template("page.html").unwrap().render(&()).unwrap(),
            "one"
        );
        // A new modification time (set, not waited for).
        std::fs::write(dir.join("page.html"), "two").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(dir.join("page.html"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(
            engine.template("page.html").unwrap().render(&()).unwrap(),
            "two"
        );

        // Without prefer_disk: the embedded copy, whatever the disk says.
        let mut embedded = Engine::new();
        embedded.add_loader(t.prefer_disk(false));
        assert_eq!(
            embedded.template("page.html").unwrap().render(&()).unwrap(),
            "embedded"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
