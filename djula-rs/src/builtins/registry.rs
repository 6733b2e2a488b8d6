//! The filters and custom tags an engine knows.

use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::builtins::custom_tag::CustomTag;
use crate::builtins::libraries::{library_of_filter, Loaded};
use crate::builtins::{builtin_filters, FilterDef};
use crate::support::FastMap;

/// The built-in filters, built once and shared by every engine (a new
/// engine costs no more than its own registrations).
static BUILTINS: Lazy<FastMap<Box<str>, Arc<FilterDef>>> = Lazy::new(|| {
    builtin_filters()
        .into_iter()
        .map(|f| (f.name.clone(), Arc::new(f)))
        .collect()
});

/// Filters (built-in and registered) and custom tags.
pub(crate) struct Registry {
    /// Filters the application registered; they hide built-ins of the same name.
    filters: FastMap<Box<str>, Arc<FilterDef>>,
    tags: FastMap<Box<str>, Arc<CustomTag>>,
}

impl Registry {
    pub(crate) fn new() -> Registry {
        Registry {
            filters: FastMap::default(),
            tags: FastMap::default(),
        }
    }

    pub(crate) fn add_filter(&mut self, def: FilterDef) {
        self.filters.insert(def.name.clone(), Arc::new(def));
    }

    pub(crate) fn add_tag(&mut self, tag: CustomTag) {
        self.tags.insert(tag.name.clone(), Arc::new(tag));
    }

    /// The filter `name` if it is usable: built in, registered by the
    /// application, or from a library the template loaded.
    pub(crate) fn filter(&self, name: &str, loaded: &Loaded) -> Option<Arc<FilterDef>> {
        if let Some(def) = self.filters.get(name) {
            return Some(def.clone());
        }
        let def = BUILTINS.get(name)?;
        loaded.has_filter(name).then(|| def.clone())
    }

    /// Names of the usable filters, for suggestions.
    pub(crate) fn filter_names<'a>(
        &'a self,
        loaded: &'a Loaded,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let builtins = BUILTINS
            .keys()
            .filter(|k| !self.filters.contains_key(*k))
            .filter(move |k| library_of_filter(k).is_none() || loaded.has_filter(k));
        self.filters.keys().chain(builtins).map(|k| &**k)
    }

    pub(crate) fn tag(&self, name: &str) -> Option<Arc<CustomTag>> {
        self.tags.get(name).cloned()
    }

    pub(crate) fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.keys().map(|k| &**k)
    }
}
