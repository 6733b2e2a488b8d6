//! The filters and custom tags an engine knows.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::builtins::{builtin_filters, library_of_filter, FilterDef};
use crate::tags::CustomTag;

/// Filters (built-in and registered) and custom tags.
pub(crate) struct Registry {
    filters: HashMap<Box<str>, Arc<FilterDef>>,
    tags: HashMap<Box<str>, Arc<CustomTag>>,
}

impl Registry {
    pub(crate) fn new() -> Registry {
        let filters = builtin_filters()
            .into_iter()
            .map(|f| (f.name.clone(), Arc::new(f)))
            .collect();
        Registry {
            filters,
            tags: HashMap::new(),
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
    pub(crate) fn filter(
        &self,
        name: &str,
        loaded: &HashSet<String>,
        loaded_names: &HashSet<String>,
    ) -> Option<Arc<FilterDef>> {
        let def = self.filters.get(name)?;
        match library_of_filter(name) {
            Some(lib) if !loaded.contains(lib) && !loaded_names.contains(name) => None,
            _ => Some(def.clone()),
        }
    }

    /// Names of the usable filters, for suggestions.
    pub(crate) fn filter_names<'a>(
        &'a self,
        loaded: &'a HashSet<String>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.filters
            .keys()
            .map(|k| &**k)
            .filter(move |k| library_of_filter(k).is_none_or(|lib| loaded.contains(lib)))
    }

    pub(crate) fn tag(&self, name: &str) -> Option<Arc<CustomTag>> {
        self.tags.get(name).cloned()
    }

    pub(crate) fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.keys().map(|k| &**k)
    }
}
