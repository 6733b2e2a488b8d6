//! Without the `django-catalogs` feature: Django's own catalogs are not
//! compiled in, and only the application's catalogs translate.

pub(crate) fn serves(_language: &str) -> bool {
    false
}

pub(crate) fn gettext(_language: &str, _context: Option<&str>, _id: &str) -> Option<&'static str> {
    None
}

pub(crate) fn ngettext(
    _language: &str,
    _context: Option<&str>,
    _singular: &str,
    _n: f64,
) -> Option<&'static str> {
    None
}
