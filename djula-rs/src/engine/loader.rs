//! Where templates come from: the [`Loader`] trait, and the directory and
//! in-memory loaders the engine builds in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::support::template_names::path_within;
use crate::support::FastMap;

use crate::error::{Error, ErrorKind};

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

    /// [`Loader::load`] as shared text, which the compiled template keeps.
    /// The default copies what `load` returns; a loader that already keeps
    /// its sources shared can hand out its copy instead.
    ///
    /// ```
    /// use std::sync::Arc;
    /// struct Kept(Arc<str>);
    /// impl djula::Loader for Kept {
    ///     fn load(&self, _: &str) -> Result<Option<String>, djula::Error> {
    ///         Ok(Some(self.0.to_string()))
    ///     }
    ///     fn load_shared(&self, _: &str) -> Result<Option<Arc<str>>, djula::Error> {
    ///         Ok(Some(self.0.clone()))
    ///     }
    /// }
    /// let mut engine = djula::Engine::new();
    /// engine.add_loader(Kept(Arc::from("{{ 1|add:1 }}")));
    /// assert_eq!(engine.template("any").unwrap().render(&()).unwrap(), "2");
    /// ```
    fn load_shared(&self, name: &str) -> Result<Option<Arc<str>>, Error> {
        Ok(self.load(name)?.map(Arc::from))
    }

    /// When the source of `name` last changed, if the loader can tell; used
    /// by [`crate::Settings::reload`] to recompile changed templates.
    fn modified(&self, _name: &str) -> Option<std::time::SystemTime> {
        None
    }

    /// Every template name this loader can list (for `add_template_directory`
    /// and `djula check`); empty when it cannot list.
    fn list(&self) -> Vec<String> {
        Vec::new()
    }

    /// Where this loader looked for `name` (a file path, a table, a URL),
    /// for the error when no loader has it: Django's "postmortem". `None`
    /// (the default) leaves this loader out of it.
    ///
    /// ```
    /// struct Db;
    /// impl djula::Loader for Db {
    ///     fn load(&self, _: &str) -> Result<Option<String>, djula::Error> {
    ///         Ok(None)
    ///     }
    ///     fn searched(&self, name: &str) -> Option<String> {
    ///         Some(format!("row '{name}' of table templates"))
    ///     }
    /// }
    /// let mut engine = djula::Engine::new();
    /// engine.add_loader(Db);
    /// let err = engine.template("home.html").unwrap_err();
    /// assert_eq!(err.notes(), ["looked for row 'home.html' of table templates"]);
    /// ```
    fn searched(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Templates read from a directory.
pub(crate) struct DirectoryLoader {
    pub(crate) root: PathBuf,
}

impl Loader for DirectoryLoader {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        load_from_directory(&self.root, name)
    }

    fn modified(&self, name: &str) -> Option<std::time::SystemTime> {
        modified_in_directory(&self.root, name)
    }

    fn list(&self) -> Vec<String> {
        list_directory(&self.root)
    }

    fn searched(&self, name: &str) -> Option<String> {
        Some(self.root.join(name).display().to_string())
    }
}

// The directory loader's three operations, shared with `Embedded`, which
// reads its directory in development exactly as a directory loader does.

/// The source of `name` under `root`: `None` when there is no such file
/// or the path leaves `root` (Django's `safe_join`: `sub/../x` is `x`; see
/// [`path_within`]), an error when it cannot be read or is not UTF-8.
/// Newlines are Python's universal ones.
pub(crate) fn load_from_directory(root: &Path, name: &str) -> Result<Option<String>, Error> {
    let Some(path) = path_within(root, name) else {
        return Ok(None);
    };
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(|text| Some(universal_newlines(text)))
            .map_err(|e| {
                // Where, as an editor shows it: the line and column of the
                // first byte that is not UTF-8.
                let valid = e.utf8_error().valid_up_to();
                let before = e.as_bytes().get(..valid).unwrap_or_default();
                let before = std::str::from_utf8(before).unwrap_or_default();
                let line = before.matches('\n').count() + 1;
                let column = before
                    .rsplit('\n')
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .count()
                    + 1;
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "{}:{line}:{column}: the template is not valid UTF-8 (byte {valid})",
                        path.display(),
                    ),
                )
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::new(ErrorKind::Io, format!("{}: {e}", path.display())).caused_by(e)),
    }
}

/// When the file of `name` under `root` last changed (for reload).
pub(crate) fn modified_in_directory(root: &Path, name: &str) -> Option<std::time::SystemTime> {
    std::fs::metadata(path_within(root, name)?)
        .and_then(|m| m.modified())
        .ok()
}

/// Every file under `root`, as names relative to it with `/`, sorted;
/// hidden files and folders (`.git`, editors' swap files) left out.
pub(crate) fn list_directory(root: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    // Each directory once, by its real path: a symbolic link to a folder
    // is followed, and one that loops back (`ln -s . again`) is not.
    let mut seen = std::collections::HashSet::new();
    while let Some(dir) = stack.pop() {
        if !seen.insert(std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            // Hidden files and folders are not templates.
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                names.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    names.sort();
    names
}

/// Python's universal newlines, as Django's file loaders read templates:
/// `\r\n` and a lone `\r` become `\n`.
pub(crate) fn universal_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Templates registered in memory by name.
#[derive(Default)]
pub(crate) struct MemoryLoader {
    pub(crate) templates: RwLock<FastMap<String, Arc<str>>>,
}

impl Loader for MemoryLoader {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        Ok(self.load_shared(name)?.map(|source| source.to_string()))
    }

    /// The registered source itself: compiling shares it, no copy.
    fn load_shared(&self, name: &str) -> Result<Option<Arc<str>>, Error> {
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

#[cfg(all(test, unix))]
mod tests {
    use super::list_directory;

    #[test]
    fn a_directory_link_that_loops_is_listed_once() {
        let root = std::env::temp_dir().join(format!("djula-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.html"), "a").unwrap();
        std::fs::write(root.join("sub/b.html"), "b").unwrap();
        // Two links back to the root, and one from below: without a record
        // of the folders seen, the walk never ends.
        std::os::unix::fs::symlink(".", root.join("again")).unwrap();
        std::os::unix::fs::symlink(".", root.join("twice")).unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        let names = list_directory(&root);
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(names, ["a.html", "sub/b.html"]);
    }
}
