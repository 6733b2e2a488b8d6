//! Template names as Django reads them: a relative name (`./x`, `../x`)
//! resolved against the template that names it (Django's
//! `construct_relative_path`), and a name looked up inside a directory
//! (its `safe_join`). Both are Python's `posixpath` rules on text, written
//! here because `std::path` does not fold `..` lexically.

/// The name a template compiled from a string has: Django's unknown
/// origin, against which no relative name can be resolved.
pub(crate) const UNKNOWN_ORIGIN: &str = "<string>";

/// Why a relative name cannot be used (Django's `TemplateSyntaxError`s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RelativeNameError {
    /// The naming template came from a string.
    UnknownOrigin,
    /// `..` climbs above the naming template's root.
    OutsideHierarchy,
    /// The name is the naming template's own (an `extends` of itself).
    SameTemplate(String),
}

impl RelativeNameError {
    /// Django's message, for `relative` as written in `current`.
    pub(crate) fn message(&self, relative: &str, current: &str) -> String {
        match self {
            RelativeNameError::UnknownOrigin => format!(
                "The relative path {relative} cannot be evaluated due to an unknown template origin."
            ),
            RelativeNameError::OutsideHierarchy => format!(
                "The relative path '{relative}' points outside the file hierarchy that template '{current}' is in."
            ),
            RelativeNameError::SameTemplate(name) => format!(
                "The relative path '{relative}' was translated to template name '{name}', the same template in which the tag appears."
            ),
        }
    }
}

/// Whether a template may name itself through a relative name: an
/// `include` may (recursion with a stopping condition), an `extends` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recursion {
    Allowed,
    Refused,
}

/// Django's `construct_relative_path`: `relative` (a tag's argument as
/// written, quotes included, or a name a variable gave) resolved against
/// the directory of `current`; `None` when it is no relative name (it does
/// not start with `./` or `../` once its quotes are stripped). A quoted
/// argument comes back quoted.
///
/// ```ignore
/// assert_eq!(resolve_relative(Some("a/b.html"), "'../c.html'", Recursion::Allowed), Ok(Some("\"c.html\"".into())));
/// ```
pub(crate) fn resolve_relative(
    current: Option<&str>,
    relative: &str,
    recursion: Recursion,
) -> Result<Option<String>, RelativeNameError> {
    let stripped = relative.trim_matches(['\'', '"']);
    if !(stripped.starts_with("./") || stripped.starts_with("../")) {
        return Ok(None);
    }
    let Some(current) = current.filter(|c| *c != UNKNOWN_ORIGIN) else {
        return Err(RelativeNameError::UnknownOrigin);
    };
    let current = current.trim_start_matches('/');
    let directory = posix_dirname(current);
    let joined = if directory.is_empty() {
        stripped.to_string()
    } else {
        format!("{directory}/{stripped}")
    };
    let name = posix_normpath(&joined);
    if name.starts_with("../") {
        return Err(RelativeNameError::OutsideHierarchy);
    }
    if recursion == Recursion::Refused && current == name {
        return Err(RelativeNameError::SameTemplate(name));
    }
    let quoted = relative.len() > 1
        && (relative.starts_with('"') || relative.starts_with('\''))
        && relative.chars().next() == relative.chars().last();
    Ok(Some(if quoted { format!("\"{name}\"") } else { name }))
}

/// Python's `posixpath.dirname`: everything before the last `/`, with the
/// slashes it ends in removed (unless it is all slashes).
fn posix_dirname(path: &str) -> &str {
    let head = path.rfind('/').map_or("", |i| path.get(..=i).unwrap_or(""));
    let trimmed = head.trim_end_matches('/');
    if trimmed.is_empty() {
        head
    } else {
        trimmed
    }
}

/// Python's `posixpath.normpath`: `.` and empty parts dropped, `..` folded
/// into the part before it; a leading `..` of a relative path is kept.
fn posix_normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let leading = if path.starts_with("//") && !path.starts_with("///") {
        "//"
    } else if path.starts_with('/') {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if leading.is_empty() && (parts.is_empty() || parts.last() == Some(&"..")) => {
                parts.push("..");
            }
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = format!("{leading}{}", parts.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// The name of a file inside a template directory, as Django's `safe_join`
/// allows it: `.` and `..` folded (`sub/../c.html` is `c.html`); `None`
/// when the name leaves the directory, is the directory itself or is
/// absolute. A backslash separates too, so no name climbs out on Windows.
pub(crate) fn name_within_directory(name: &str) -> Option<String> {
    if name.starts_with(['/', '\\']) || std::path::Path::new(name).is_absolute() {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The file of `name` under the directory `root`, as Django's `safe_join`
/// finds it: the joined path's `.` and `..` folded on the text (symbolic
/// links are not followed, as `os.path.abspath` does not), and `None` when
/// it is not inside `root` (or is `root` itself). An absolute name inside
/// `root` is allowed, and so is `../root/x`, as in Django.
pub(crate) fn path_within(root: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    use std::path::{Component, PathBuf};
    let fold = |path: &std::path::Path| {
        let mut folded = PathBuf::new();
        for part in path.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    folded.pop();
                }
                other => folded.push(other),
            }
        }
        folded
    };
    let root = fold(&std::path::absolute(root).ok()?);
    let joined = fold(&root.join(name));
    (joined.starts_with(&root) && joined != root).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected names from Django 6.1's `construct_relative_path`.
    #[test]
    fn relative_names_as_django() {
        let r = |current: &str, relative: &str, recursion| {
            resolve_relative(Some(current), relative, recursion)
        };
        use Recursion::*;
        assert_eq!(
            r("a/b.html", "'../c.html'", Allowed),
            Ok(Some("\"c.html\"".into()))
        );
        assert_eq!(
            r("a/b.html", "\"./c.html\"", Allowed),
            Ok(Some("\"a/c.html\"".into()))
        );
        assert_eq!(
            r("/a/b/c.html", "'./../d.html'", Allowed),
            Ok(Some("\"a/d.html\"".into()))
        );
        assert_eq!(
            r("a/b.html", "./x/./y/../z.html", Allowed),
            Ok(Some("a/x/z.html".into()))
        );
        assert_eq!(r("a/b.html", "'c.html'", Allowed), Ok(None));
        assert_eq!(r("a/b.html", "v", Allowed), Ok(None));
        assert_eq!(
            r("b.html", "'../c.html'", Allowed),
            Err(RelativeNameError::OutsideHierarchy)
        );
        assert_eq!(
            r("a/b.html", "'../../c.html'", Allowed),
            Err(RelativeNameError::OutsideHierarchy)
        );
        assert_eq!(
            r("a/b.html", "'./b.html'", Allowed),
            Ok(Some("\"a/b.html\"".into()))
        );
        assert_eq!(
            r("a/b.html", "'./b.html'", Refused),
            Err(RelativeNameError::SameTemplate("a/b.html".into()))
        );
        assert_eq!(
            resolve_relative(Some(UNKNOWN_ORIGIN), "'./b.html'", Allowed),
            Err(RelativeNameError::UnknownOrigin)
        );
        // `a/..` folds to the root: `..` of it is outside, `.` is not.
        assert_eq!(r("a/b.html", "'../..'", Allowed), Ok(Some("\"..\"".into())));
        assert_eq!(posix_normpath("a/.."), ".");
        assert_eq!(posix_dirname("a//b"), "a");
        assert_eq!(posix_dirname("/b"), "/");
    }

    /// Django's `FileSystemLoaderTests.test_directory_security`.
    #[test]
    fn paths_stay_inside_their_directory_as_safe_join_has_it() {
        use std::path::Path;
        let at = |root: &str, name: &str| path_within(Path::new(root), name);
        assert_eq!(
            at("/dir1", "index.html").as_deref(),
            Some(Path::new("/dir1/index.html"))
        );
        assert_eq!(at("/dir1", "/etc/passwd"), None);
        assert_eq!(
            at("/dir1", "etc/passwd").as_deref(),
            Some(Path::new("/dir1/etc/passwd"))
        );
        assert_eq!(at("/dir1", "../etc/passwd"), None);
        assert_eq!(at("/dir1", "../../../etc/passwd"), None);
        assert_eq!(
            at("/dir1", "/dir1/index.html").as_deref(),
            Some(Path::new("/dir1/index.html"))
        );
        assert_eq!(at("/dir1", "../dir2/index.html"), None);
        assert_eq!(
            at("/dir2", "../dir2/index.html").as_deref(),
            Some(Path::new("/dir2/index.html"))
        );
        assert_eq!(at("/dir1", "/dir1blah"), None);
        assert_eq!(at("/dir1", "../dir1blah"), None);
        assert_eq!(at("/dir1", "sub/.."), None);
        assert_eq!(
            at("/dir1", "sub/../x.html").as_deref(),
            Some(Path::new("/dir1/x.html"))
        );
    }

    #[test]
    fn names_stay_inside_their_directory() {
        assert_eq!(
            name_within_directory("sub/../c.html").as_deref(),
            Some("c.html")
        );
        assert_eq!(
            name_within_directory("./a//b.html").as_deref(),
            Some("a/b.html")
        );
        assert_eq!(name_within_directory("../c.html"), None);
        assert_eq!(name_within_directory("sub/../../c.html"), None);
        assert_eq!(name_within_directory("sub\\..\\..\\c.html"), None);
        assert_eq!(name_within_directory("/etc/passwd"), None);
        assert_eq!(name_within_directory("sub/.."), None);
    }
}
