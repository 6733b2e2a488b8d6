//! Which tags and filters exist, and which need `{% load %}`: Django's
//! built-in tags, Djula's, and the standard libraries with their members.
//! The parser (which tags exist) and the compiler (which filters exist)
//! both read this one table, and both follow `{% load %}` through
//! [`Loaded`].

use std::collections::HashSet;

/// Tags always available, as Django's builtins.
/// Sorted (a test checks): the compiler looks names up by binary search.
pub(crate) const BUILTIN_TAGS: &[&str] = &[
    "autoescape",
    "block",
    "comment",
    "csp_nonce_attr",
    "csrf_token",
    "cycle",
    "debug",
    "extends",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "include",
    "load",
    "lorem",
    "now",
    "partial",
    "partialdef",
    "querystring",
    "regroup",
    "resetcycle",
    "spaceless",
    "templatetag",
    "url",
    "verbatim",
    "widthratio",
    "with",
];

/// Djula's own tags, always available.
pub(crate) const DJULA_TAGS: &[&str] = &[
    "ifequal",
    "ifnotequal",
    "super",
    "js",
    "js-script",
    "emit-js",
    "ssi",
    "set-language",
    "show-language",
    "lisp",
    "set",
    "set-package",
];

/// The standard libraries `{% load %}` knows, with their tags.
pub(crate) const LIBRARY_TAGS: &[(&str, &[&str])] = &[
    (
        "i18n",
        &[
            "trans",
            "translate",
            "blocktrans",
            "blocktranslate",
            "get_current_language",
            "get_available_languages",
            "get_language_info",
            "get_language_info_list",
            "get_current_language_bidi",
            "language",
        ],
    ),
    (
        "static",
        &["static", "get_static_prefix", "get_media_prefix"],
    ),
    ("l10n", &["localize"]),
    ("tz", &["timezone", "localtime", "get_current_timezone"]),
    ("cache", &["cache"]),
    // django.contrib.humanize: filters only.
    ("humanize", &[]),
];

/// Filters that need `{% load lib %}`, by library.
pub(crate) const LIBRARY_FILTERS: &[(&str, &[&str])] = &[
    (
        "i18n",
        &[
            "language_name",
            "language_name_local",
            "language_bidi",
            "language_name_translated",
        ],
    ),
    ("l10n", &["localize", "unlocalize"]),
    ("tz", &["localtime", "utc", "timezone"]),
    (
        "humanize",
        &[
            "apnumber",
            "intcomma",
            "intword",
            "naturalday",
            "naturaltime",
            "ordinal",
        ],
    ),
];

/// The library that provides tag `name`, if it is not always available.
pub(crate) fn library_of_tag(name: &str) -> Option<&'static str> {
    LIBRARY_TAGS
        .iter()
        .find(|(_, tags)| tags.contains(&name))
        .map(|(lib, _)| *lib)
}

/// The library that provides filter `name`, if it is not a builtin.
pub(crate) fn library_of_filter(name: &str) -> Option<&'static str> {
    LIBRARY_FILTERS
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(lib, _)| *lib)
}

/// What the `{% load %}` tags seen so far made available.
#[derive(Debug, Default, Clone)]
pub(crate) struct Loaded {
    /// Whole libraries: `{% load i18n %}`.
    pub libraries: HashSet<String>,
    /// Single tags or filters: `{% load trans from i18n %}`.
    pub names: HashSet<String>,
}

impl Loaded {
    /// Applies `{% load … %}` (its whole contents), with Django's errors.
    pub(crate) fn load(&mut self, contents: &str) -> Result<(), LoadError> {
        let bits: Vec<&str> = contents.split_whitespace().collect();
        let known = |name: &str| LIBRARY_TAGS.iter().any(|(lib, _)| *lib == name);
        if bits.len() >= 4 && bits.get(bits.len() - 2) == Some(&"from") {
            let lib = bits.last().copied().unwrap_or_default();
            if !known(lib) {
                return Err(LoadError::UnknownLibrary(lib.to_string()));
            }
            for name in bits.get(1..bits.len() - 2).unwrap_or_default() {
                let is_tag = library_of_tag(name) == Some(lib);
                let is_filter = library_of_filter(name) == Some(lib);
                if !is_tag && !is_filter {
                    return Err(LoadError::NotInLibrary {
                        name: (*name).to_string(),
                        library: lib.to_string(),
                    });
                }
                self.names.insert((*name).to_string());
            }
        } else {
            for lib in bits.iter().skip(1) {
                if !known(lib) {
                    return Err(LoadError::UnknownLibrary((*lib).to_string()));
                }
                self.libraries.insert((*lib).to_string());
            }
        }
        Ok(())
    }

    /// Whether tag `name` (a built-in, Djula's or a library's) may be used
    /// here. Djula has `{% static %}` built in; Django needs the load.
    pub(crate) fn has_tag(&self, name: &str) -> bool {
        match library_of_tag(name) {
            Some(_) if name == "static" => true,
            Some(lib) => self.libraries.contains(lib) || self.names.contains(name),
            None => BUILTIN_TAGS.contains(&name) || DJULA_TAGS.contains(&name),
        }
    }

    /// Whether a built-in filter `name` may be used here.
    pub(crate) fn has_filter(&self, name: &str) -> bool {
        match library_of_filter(name) {
            Some(lib) => self.libraries.contains(lib) || self.names.contains(name),
            None => true,
        }
    }

    /// Every library tag usable here, for suggestions.
    pub(crate) fn tags(&self) -> impl Iterator<Item = &'static str> + '_ {
        BUILTIN_TAGS
            .iter()
            .chain(DJULA_TAGS)
            .chain(LIBRARY_TAGS.iter().flat_map(|(_, tags)| tags.iter()))
            .copied()
            .filter(|tag| self.has_tag(tag))
    }
}

/// Why a `{% load %}` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LoadError {
    UnknownLibrary(String),
    NotInLibrary { name: String, library: String },
}

impl LoadError {
    /// Django's message.
    pub(crate) fn message(&self) -> String {
        match self {
            LoadError::UnknownLibrary(name) => {
                let libs: Vec<&str> = LIBRARY_TAGS.iter().map(|(l, _)| *l).collect();
                format!(
                    "'{name}' is not a registered tag library. Must be one of:\n{}",
                    libs.join("\n")
                )
            }
            LoadError::NotInLibrary { name, library } => {
                format!("'{name}' is not a valid tag or filter in tag library '{library}'")
            }
        }
    }

    /// The misspelled library and the names it could have been.
    pub(crate) fn suggestion(&self) -> Option<(&str, Vec<&'static str>)> {
        match self {
            LoadError::UnknownLibrary(name) => {
                Some((name, LIBRARY_TAGS.iter().map(|(l, _)| *l).collect()))
            }
            LoadError::NotInLibrary { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tags_are_sorted_for_binary_search() {
        assert!(BUILTIN_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(BUILTIN_TAGS.binary_search(&"for").is_ok());
        assert!(BUILTIN_TAGS.binary_search(&"fro").is_err());
    }

    #[test]
    fn load_makes_library_members_available() {
        let mut loaded = Loaded::default();
        assert!(!loaded.has_tag("trans") && loaded.has_tag("static") && loaded.has_tag("if"));
        loaded.load("load trans from i18n").unwrap();
        assert!(loaded.has_tag("trans") && !loaded.has_tag("blocktrans"));
        loaded.load("load tz").unwrap();
        assert!(loaded.has_filter("utc") && !loaded.has_filter("localize"));
        assert_eq!(
            loaded.load("load i18m").unwrap_err(),
            LoadError::UnknownLibrary("i18m".into())
        );
        assert!(loaded.load("load nope from i18n").is_err());
    }
}
