//! Translations: gettext catalogs (`.po` and `.mo`) by language, plural
//! rules, and the message ids Django builds for `{% blocktranslate %}`.

mod catalog;
mod plural;
mod po;

pub(crate) use catalog::Translations;
