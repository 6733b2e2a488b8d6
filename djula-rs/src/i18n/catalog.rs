//! Message catalogs by language, loaded from gettext locale directories.

use std::collections::HashMap;
use std::path::Path;

use super::django_catalogs;
use super::po::{parse_mo, parse_po, ParseError};
use crate::error::{Error, ErrorKind};
use filters::plural::{parse_plural_forms, Plural};

/// One catalog entry, as read from a `.po` or `.mo` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub context: Option<String>,
    pub id: String,
    pub plural: Option<String>,
    pub strs: Vec<String>,
    /// The line of the entry in a `.po` file (0 for `.mo`).
    pub line: usize,
}

/// The messages of one language, with its plural rule.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    nplurals: usize,
    plural: Plural,
    /// By gettext's key: `context\u{4}msgid`, or `msgid`.
    messages: HashMap<String, Vec<String>>,
}

fn key(context: Option<&str>, id: &str) -> String {
    match context {
        Some(c) => format!("{c}\u{4}{id}"),
        None => id.to_string(),
    }
}

impl Catalog {
    pub(super) fn from_messages(
        messages: Vec<Message>,
        file: &Path,
        is_mo: bool,
    ) -> Result<Catalog, Error> {
        let mut catalog = Catalog {
            nplurals: 2,
            plural: Plural::germanic(),
            messages: HashMap::new(),
        };
        for message in messages {
            if message.id.is_empty() && message.context.is_none() {
                let header = message.strs.first().map(String::as_str).unwrap_or("");
                if let Some(line) = header.lines().find(|l| {
                    l.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("plural-forms:")
                }) {
                    let value = line.split_once(':').map(|(_, v)| v).unwrap_or("");
                    let (n, rule) = parse_plural_forms(value).map_err(|e| {
                        let line = if is_mo { 0 } else { header_line(file) };
                        catalog_error(file, line, &format!("Plural-Forms: {e}"))
                    })?;
                    catalog.nplurals = n;
                    catalog.plural = rule;
                }
                continue;
            }
            let k = key(message.context.as_deref(), &message.id);
            if catalog.messages.contains_key(&k) {
                let what = match &message.context {
                    Some(c) => format!("msgctxt \"{c}\" msgid \"{}\"", message.id),
                    None => format!("msgid \"{}\"", message.id),
                };
                return Err(catalog_error(
                    file,
                    message.line,
                    &format!("duplicate message definition: {what}"),
                ));
            }
            catalog.messages.insert(k, message.strs);
        }
        Ok(catalog)
    }

    /// Adds the messages of `other` that this catalog lacks.
    fn merge(&mut self, other: Catalog) {
        for (k, v) in other.messages {
            self.messages.entry(k).or_insert(v);
        }
    }

    fn get(&self, context: Option<&str>, id: &str) -> Option<&[String]> {
        self.messages.get(&key(context, id)).map(Vec::as_slice)
    }

    /// The plural form for `n`; `None` outside the catalog's forms (then
    /// Django falls back to the source strings).
    fn form(&self, n: f64) -> Option<usize> {
        self.plural.index(n).filter(|&i| i < self.nplurals)
    }

    /// The message's translation (its first form), unless empty.
    pub(super) fn translation(&self, context: Option<&str>, id: &str) -> Option<&str> {
        self.get(context, id)?
            .first()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The message's form for `n` by this catalog's plural rule, unless empty.
    pub(super) fn plural_translation(
        &self,
        context: Option<&str>,
        singular: &str,
        n: f64,
    ) -> Option<&str> {
        self.get(context, singular)?
            .get(self.form(n)?)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// The line of the header in a `.po` file (for errors about it), else 0.
fn header_line(file: &Path) -> usize {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| {
            t.lines()
                .position(|l| l.contains("Plural-Forms"))
                .map(|i| i + 1)
        })
        .unwrap_or(0)
}

fn catalog_error(file: &Path, line: usize, message: &str) -> Error {
    let place = if line > 0 {
        format!("{}:{line}", file.display())
    } else {
        file.display().to_string()
    };
    Error::new(
        ErrorKind::Syntax,
        format!("malformed catalog {place}: {message}"),
    )
}

/// Reads one `.po` or `.mo` file.
pub(crate) fn read_catalog_file(file: &Path) -> Result<Catalog, Error> {
    let bytes = std::fs::read(file)
        .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", file.display())).caused_by(e))?;
    let is_mo = file.extension().is_some_and(|e| e == "mo");
    let parsed = if is_mo {
        parse_mo(&bytes)
    } else {
        match std::str::from_utf8(&bytes) {
            Ok(text) => parse_po(text.strip_prefix('\u{feff}').unwrap_or(text)),
            Err(e) => {
                let line = bytes
                    .get(..e.valid_up_to())
                    .map(|b| b.iter().filter(|&&c| c == b'\n').count() + 1)
                    .unwrap_or(0);
                Err(ParseError {
                    line,
                    message: "not UTF-8".into(),
                })
            }
        }
    };
    let messages = parsed.map_err(|e| catalog_error(file, e.line, &e.message))?;
    Catalog::from_messages(messages, file, is_mo)
}

/// Every language's catalog, from the locale directories added so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translations {
    /// By language code, lowercase with `-` (`fr`, `pt-br`).
    languages: HashMap<String, Catalog>,
}

/// `pt_BR` and `pt-BR` both become `pt-br`.
fn normalize(language: &str) -> String {
    language.trim().replace('_', "-").to_ascii_lowercase()
}

impl Translations {
    /// Loads `DIR/LANG/LC_MESSAGES/DOMAIN.mo` (or `.po` when there is no
    /// `.mo`) for every language directory in `dir`. Catalogs loaded earlier
    /// win over later ones for the same message, as Django's `LOCALE_PATHS`.
    pub(crate) fn add_directory(&mut self, dir: &Path, domain: &str) -> Result<usize, Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::new(ErrorKind::Io, format!("{}: {e}", dir.display())).caused_by(e)
        })?;
        let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        let mut loaded = 0;
        for path in names {
            let Some(language) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let messages = path.join("LC_MESSAGES");
            let mo = messages.join(format!("{domain}.mo"));
            let po = messages.join(format!("{domain}.po"));
            let file = if mo.is_file() {
                mo
            } else if po.is_file() {
                po
            } else {
                continue;
            };
            let catalog = read_catalog_file(&file)?;
            match self.languages.entry(normalize(language)) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().merge(catalog),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(catalog);
                }
            }
            loaded += 1;
        }
        Ok(loaded)
    }

    /// Whether the application's catalogs serve `language` (or its base
    /// language).
    pub(crate) fn has_language(&self, language: &str) -> bool {
        !self.languages.is_empty() && self.catalog(language).is_some()
    }

    /// Whether the application's catalogs or Django's own serve `language`.
    pub(crate) fn serves(&self, language: &str) -> bool {
        self.has_language(language) || django_catalogs::serves(language)
    }

    /// The catalog for `language`, else for its base language (`fr-ca` → `fr`).
    fn catalog(&self, language: &str) -> Option<&Catalog> {
        let language = normalize(language);
        self.languages.get(&language).or_else(|| {
            language
                .split_once('-')
                .and_then(|(base, _)| self.languages.get(base))
        })
    }

    /// `gettext`/`pgettext` in the application's catalogs only (Djula's
    /// `trans` and `{_ … _}`, which know no Django catalogs).
    pub(crate) fn own_gettext(
        &self,
        language: &str,
        context: Option<&str>,
        id: &str,
    ) -> Option<&str> {
        if id.is_empty() {
            return None;
        }
        self.catalog(language)?.translation(context, id)
    }

    /// `gettext`/`pgettext`: the application's translation, else Django's
    /// own; `None` when there is none.
    pub(crate) fn gettext(&self, language: &str, context: Option<&str>, id: &str) -> Option<&str> {
        if id.is_empty() {
            return None;
        }
        self.own_gettext(language, context, id)
            .or_else(|| django_catalogs::gettext(language, context, id))
    }

    /// `ngettext`/`npgettext`: the catalog's form for `n` (the
    /// application's, else Django's), or `None` when there is none (the
    /// caller falls back to the source strings with English's rule).
    pub(crate) fn ngettext(
        &self,
        language: &str,
        context: Option<&str>,
        singular: &str,
        n: f64,
    ) -> Option<&str> {
        self.catalog(language)
            .and_then(|c| c.plural_translation(context, singular, n))
            .or_else(|| django_catalogs::ngettext(language, context, singular, n))
    }
}
