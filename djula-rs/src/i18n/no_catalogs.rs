//! Without the `i18n` feature: no gettext catalogs are read. The
//! translation tags still work, in the source language (the message as
//! written, English plural rule), as with a language that has no catalog.

use std::path::Path;

use crate::error::{Error, ErrorKind};

/// No catalogs: every lookup misses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translations {}

impl Translations {
    pub(crate) fn add_directory(&mut self, dir: &Path, _domain: &str) -> Result<usize, Error> {
        Err(Error::new(
            ErrorKind::Io,
            format!(
                "{}: reading translation catalogs needs djula's `i18n` feature",
                dir.display()
            ),
        ))
    }

    pub(crate) fn has_language(&self, _language: &str) -> bool {
        false
    }

    pub(crate) fn serves(&self, _language: &str) -> bool {
        false
    }

    pub(crate) fn own_gettext(
        &self,
        _language: &str,
        _context: Option<&str>,
        _id: &str,
    ) -> Option<&str> {
        None
    }

    pub(crate) fn gettext(
        &self,
        _language: &str,
        _context: Option<&str>,
        _id: &str,
    ) -> Option<&str> {
        None
    }

    pub(crate) fn ngettext(
        &self,
        _language: &str,
        _context: Option<&str>,
        _singular: &str,
        _n: f64,
    ) -> Option<&str> {
        None
    }
}
