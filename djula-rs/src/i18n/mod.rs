//! Translations: gettext catalogs (`.po` and `.mo`) by language, plural
//! rules (the shared `filters::plural`), and the message ids Django builds for `{% blocktranslate %}`.

#[cfg(feature = "i18n")]
mod catalog;
#[cfg(feature = "django-catalogs")]
mod django_catalogs;
#[cfg(all(feature = "i18n", not(feature = "django-catalogs")))]
#[path = "no_django_catalogs.rs"]
mod django_catalogs;
#[cfg(not(feature = "i18n"))]
mod no_catalogs;
#[cfg(feature = "i18n")]
mod po;

#[cfg(feature = "i18n")]
pub(crate) use catalog::Translations;
#[cfg(not(feature = "i18n"))]
pub(crate) use no_catalogs::Translations;

/// Django's `trim_whitespace`: strip, then every run of whitespace that
/// holds a newline becomes one space.
pub(crate) fn trim_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.trim_matches(filters::py::is_space).chars() {
        if filters::py::is_space(c) {
            run.push(c);
            continue;
        }
        if run.contains('\n') {
            out.push(' ');
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn trims_like_django() {
        assert_eq!(super::trim_whitespace("  a\n\n  b c  \n d "), "a b c d");
        // Python's `\s` and `strip()`: the information separators too.
        assert_eq!(super::trim_whitespace("\x1c a\x1f\n\x1db\x1e"), "a b");
    }
}
