//! Django's own message catalogs (`django/conf/locale/*/LC_MESSAGES/django.mo`
//! of Django 6.1, BSD-licensed: `locale/LICENSE-DJANGO`), compiled in
//! and parsed on a language's first use. They answer what the
//! application's catalogs do not, as Django's translation merges its own
//! catalog under the project's: `{% translate "Yes" %}` in
//! `{% language "fr" %}` is `Oui`.
//!
//! Which catalogs serve a language code is Django's and Python's rule,
//! written here because no crate has it: Django's `to_locale` (`pt-br` →
//! `pt_BR`, `sr-latn` → `sr_Latn`), then gettext's expansion to the
//! locale and its language (`de_AT`, then `de`), after Python's locale
//! alias table (`iw` → `he`, `nb` → `nb_NO`; the generated `ALIASES`
//! holds every alias that changes what is found). The first directory
//! found is the catalog, the others its fallbacks, in order. Not
//! modelled: Python's alias lookups of a code with a codeset (`de.utf8`)
//! and its retries without the modifier.

use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use super::catalog::Catalog;
use super::po::parse_mo;

#[path = "django_catalogs_data.rs"]
mod data;

/// Each catalog, parsed on first use (`None`: it did not parse).
static PARSED: LazyLock<Vec<OnceLock<Option<Catalog>>>> =
    LazyLock::new(|| data::CATALOGS.iter().map(|_| OnceLock::new()).collect());

fn parsed(index: usize) -> Option<&'static Catalog> {
    let (name, bytes) = data::CATALOGS.get(index)?;
    PARSED
        .get(index)?
        .get_or_init(|| {
            let messages = parse_mo(bytes).ok()?;
            Catalog::from_messages(messages, Path::new(name), true).ok()
        })
        .as_ref()
}

/// Python's `str.title()` for a language code's region (`latn` → `Latn`).
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_letter = false;
    for c in text.chars() {
        if after_letter {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        after_letter = c.is_alphabetic();
    }
    out
}

/// Django's `to_locale`: `en-us` → `en_US`, `sr-latn` → `sr_Latn`,
/// `sr-latn-rs` → `sr_Latn-rs`; without a `-`, the first three
/// characters lowercased.
pub(crate) fn to_locale(language: &str) -> String {
    let lower = language.to_lowercase();
    match lower.split_once('-') {
        Some((lang, country)) if !country.is_empty() => {
            let (country, tail) = match country.split_once('-') {
                Some((c, t)) => (c, Some(t)),
                None => (country, None),
            };
            let mut out = format!("{lang}_");
            if country.chars().count() > 2 {
                out.push_str(&title(country));
            } else {
                out.push_str(&country.to_uppercase());
            }
            if let Some(tail) = tail {
                out.push('-');
                out.push_str(tail);
            }
            out
        }
        _ => {
            let head: String = language.chars().take(3).collect::<String>().to_lowercase();
            let rest: String = language.chars().skip(3).collect();
            head + &rest
        }
    }
}

fn index_of(directory: &str) -> Option<usize> {
    data::CATALOGS
        .binary_search_by(|(name, _)| (*name).cmp(directory))
        .ok()
}

/// The catalogs that serve `language`, most specific first.
fn catalogs(language: &str) -> impl Iterator<Item = &'static Catalog> {
    let locale = to_locale(language);
    let mut found: Vec<usize> = Vec::with_capacity(2);
    let key = locale.to_lowercase();
    if let Ok(i) = data::ALIASES.binary_search_by(|(alias, _)| (*alias).cmp(key.as_str())) {
        let dirs = data::ALIASES.get(i).map_or(&[][..], |(_, dirs)| dirs);
        found.extend(dirs.iter().filter_map(|d| index_of(d)));
    } else {
        // gettext's `_expand_lang`: without the modifier and codeset, the
        // locale and then its language.
        let locale = locale.split(['@', '.']).next().unwrap_or_default();
        found.extend(index_of(locale));
        if let Some((base, _)) = locale.split_once('_') {
            found.extend(index_of(base).filter(|i| !found.contains(i)));
        }
    }
    found.into_iter().filter_map(parsed)
}

/// Whether Django has a catalog for `language`. Asked by every
/// translation tag, so the last answer is kept per thread (a page is
/// rendered in one language, or a few).
pub(crate) fn serves(language: &str) -> bool {
    thread_local! {
        static LAST: std::cell::RefCell<(String, bool)> =
            const { std::cell::RefCell::new((String::new(), false)) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != language || last.0.is_empty() {
            *last = (language.to_string(), catalogs(language).next().is_some());
        }
        last.1
    })
}

/// `gettext`/`pgettext` in Django's catalogs.
pub(crate) fn gettext(language: &str, context: Option<&str>, id: &str) -> Option<&'static str> {
    catalogs(language).find_map(|c| c.translation(context, id))
}

/// `ngettext`/`npgettext` in Django's catalogs: the first that has the
/// message, with its own plural rule.
pub(crate) fn ngettext(
    language: &str,
    context: Option<&str>,
    singular: &str,
    n: f64,
) -> Option<&'static str> {
    catalogs(language).find_map(|c| c.plural_translation(context, singular, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_parses_and_the_tables_are_sorted() {
        for (i, (name, _)) in data::CATALOGS.iter().enumerate() {
            assert!(parsed(i).is_some(), "{name} does not parse");
        }
        assert!(data::CATALOGS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(data::ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        for (_, dirs) in &data::ALIASES {
            assert!(dirs.iter().all(|d| index_of(d).is_some()));
        }
    }

    #[test]
    fn every_locale_directory_is_listed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locale");
        let mut on_disk: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().join("LC_MESSAGES/django.mo").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = data::CATALOGS.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn to_locale_is_djangos() {
        for (code, locale) in [
            ("en-us", "en_US"),
            ("sr-latn", "sr_Latn"),
            ("sr-latn-rs", "sr_Latn-rs"),
            ("zh-hans", "zh_Hans"),
            ("DE", "de"),
            ("pt_BR", "pt_BR"),
            ("es-419", "es_419"),
            ("en-", "en-"),
        ] {
            assert_eq!(to_locale(code), locale, "{code}");
        }
    }

    #[test]
    fn languages_find_djangos_catalogs() {
        // Recorded from Django 6.1: `{% language L %}{% translate "Yes" %}`.
        for (code, yes) in [
            ("fr", Some("Oui")),
            ("de-at", Some("Ja")),
            ("pt-br", Some("Sim")),
            ("sr-latn", Some("Da")),
            ("sr-latn-rs", Some("Да")),
            ("sr@latin", Some("Да")),
            ("de@euro", Some("Ja")),
            ("iw", Some("כן")),
            ("nb-no", Some("Ja")),
            ("zh-hans", Some("是")),
            ("zh-cn", None),
            ("no", None),
            ("en", None),
            ("xx", None),
        ] {
            assert_eq!(gettext(code, None, "Yes"), yes, "{code}");
        }
        assert_eq!(gettext("de", Some("abbrev. month"), "May"), Some("Mai"));
        assert_eq!(
            ngettext("fr", None, "%(num)d year", 2.0),
            Some("%(num)d ans")
        );
    }
}
