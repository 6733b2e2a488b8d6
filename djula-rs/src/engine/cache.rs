//! The compiled-template cache: loading by name (relative names and
//! partials resolved), compiling on first use, and reload mode.

use std::sync::Arc;

use super::EngineInner;
use crate::compile::{compile_template, CompiledTemplate, Node};
use crate::error::{Error, ErrorKind};

/// A compiled template in the cache, with the source's modification time
/// when it was compiled (for reload mode).
#[derive(Clone)]
pub(crate) struct Cached {
    pub(crate) template: Arc<CompiledTemplate>,
    pub(crate) stamp: Option<std::time::SystemTime>,
}

/// How often a first load reads a file again when it looks caught in the
/// middle of an in-place rewrite (reload on; 1 ms apart). A file that is
/// really empty costs these few milliseconds once, then stays cached.
const TORN_READ_RETRIES: usize = 3;

impl EngineInner {
    /// [`EngineInner::load`] for a name another template uses (include,
    /// extends): Djula also looks for a bare file name that is not in the
    /// search path in the directory of the template that names it.
    pub(crate) fn load_referenced(
        &self,
        name: &str,
        current: Option<&str>,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        match self.load(name) {
            Err(e) if e.kind() == ErrorKind::TemplateNotFound => {
                // Only a bare file name: a name with a directory is the
                // search path's, as is one a relative name resolved to.
                let beside = current
                    .and_then(|c| c.rsplit_once('/'))
                    .filter(|_| !name.contains('/'))
                    .map(|(dir, _)| format!("{dir}/{name}"));
                match beside {
                    Some(path) => self.load(&path).map_err(|_| e),
                    None => Err(e),
                }
            }
            other => other,
        }
    }

    /// Loads and compiles `name` (relative names are resolved before, by
    /// the tag that names them); `name#partial` selects a partial.
    pub(crate) fn load(&self, name: &str) -> Result<Arc<CompiledTemplate>, Error> {
        // The common case, a cached template by its plain name with reload
        // off, needs no allocation.
        if !self.settings.reload {
            let cached = self
                .cache
                .read()
                .ok()
                .and_then(|c| c.get(name).map(|c| c.template.clone()));
            if let Some(template) = cached {
                return Ok(template);
            }
        }
        let name = name.to_string();
        let (base, partial) = match name.split_once('#') {
            Some((b, p)) => (b.to_string(), Some(p.to_string())),
            None => (name.clone(), None),
        };
        let cached = self.cache.read().ok().and_then(|c| c.get(&name).cloned());
        // Reload off: the cache is the answer. Reload on: only while the
        // source's modification time is unchanged.
        let mut stamp = if self.settings.reload {
            self.modified(&base)
        } else {
            None
        };
        let previous = match cached {
            Some(c) if !self.settings.reload || c.stamp == stamp => return Ok(c.template),
            other => other,
        };
        let mut compiled = self.compile_named(&name, &base, partial.clone());
        // With no earlier version to keep serving, a file caught in the
        // middle of an in-place rewrite is read again, a few times.
        if self.settings.reload && previous.is_none() {
            for _ in 0..TORN_READ_RETRIES {
                let moved = self.modified(&base) != stamp;
                let torn = match &compiled {
                    Ok(c) => moved || c.source.is_empty(),
                    Err(_) => moved,
                };
                if !torn {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
                stamp = self.modified(&base);
                compiled = self.compile_named(&name, &base, partial.clone());
            }
        }
        match compiled {
            // A file caught in the middle of an in-place rewrite (its time
            // changed while it was read, or it is momentarily empty) is not
            // a version: keep serving the last one and look again next time.
            Ok(compiled)
                if previous.is_some()
                    && self.settings.reload
                    && (self.modified(&base) != stamp || compiled.source.is_empty()) =>
            {
                Ok(previous.map(|p| p.template).unwrap_or(compiled))
            }
            Ok(compiled) => {
                if let Ok(mut cache) = self.cache.write() {
                    cache.insert(
                        name,
                        Cached {
                            template: compiled.clone(),
                            stamp,
                        },
                    );
                }
                Ok(compiled)
            }
            // A broken edit keeps the last good version serving; the error
            // is kept for `Engine::last_reload_error`.
            Err(error) => match previous {
                Some(old) => {
                    if let Ok(mut slot) = self.reload_error.write() {
                        *slot = Some(error);
                    }
                    Ok(old.template)
                }
                None => Err(error),
            },
        }
    }

    /// `name` for an `{% extends %}` whose chain so far holds templates of
    /// the same name: the first loader's copy not already in the chain
    /// (Django's recursive template loading: a template that overrides
    /// another of its name may extend it). Kept in the cache beside the
    /// first copy, by name and loader (`other_copies`).
    pub(crate) fn load_skipping(
        &self,
        name: &str,
        skip: &[u32],
    ) -> Result<Arc<CompiledTemplate>, Error> {
        let (source, loader) = self.find_source(name, skip)?;
        let key = (name.to_string(), u32::try_from(loader).unwrap_or(u32::MAX));
        let stamp = if self.settings.reload {
            self.loaders.get(loader).and_then(|l| l.modified(name))
        } else {
            None
        };
        if let Some(cached) = self
            .other_copies
            .read()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            if !self.settings.reload || cached.stamp == stamp {
                return Ok(cached.template);
            }
        }
        let mut compiled =
            compile_template(Arc::from(name), source, &self.registry, &self.settings)?;
        compiled.loader = crate::compile::node::LoaderIndex::new(loader);
        let compiled = Arc::new(compiled);
        if let Ok(mut cache) = self.other_copies.write() {
            cache.insert(
                key,
                Cached {
                    template: compiled.clone(),
                    stamp,
                },
            );
        }
        Ok(compiled)
    }

    /// When the source of `name` last changed, from the first loader that knows.
    fn modified(&self, name: &str) -> Option<std::time::SystemTime> {
        self.loaders.iter().find_map(|l| l.modified(name))
    }

    fn compile_named(
        &self,
        name: &str,
        base: &str,
        partial: Option<String>,
    ) -> Result<Arc<CompiledTemplate>, Error> {
        Ok(match partial {
            None => {
                let (source, loader) = self.find_source(base, &[])?;
                let mut compiled =
                    compile_template(Arc::from(base), source, &self.registry, &self.settings)?;
                compiled.loader = crate::compile::node::LoaderIndex::new(loader);
                Arc::new(compiled)
            }
            Some(p) => {
                let whole = self.load(base)?;
                if whole.partial(&p).is_none() {
                    let known = whole.partial_names();
                    return Err(Error::new(
                        ErrorKind::TemplateNotFound,
                        format!("Partial '{p}' not found in template '{base}'"),
                    )
                    .suggest(&p, known));
                }
                let nodes: Box<[Node]> = Box::new([Node::Partial(
                    crate::compile::node::Named::boxed(&p, Default::default()),
                )]);
                Arc::new(CompiledTemplate {
                    name: Arc::from(name),
                    loader: whole.loader,
                    source: whole.source.clone(),
                    program: None,
                    nodes,
                    partials: whole.partials.clone(),
                    output_hint: Default::default(),
                    block_list: Default::default(),
                })
            }
        })
    }

    /// The source of `name` from the first loader that has it and is not
    /// in `skip`, with that loader's index.
    fn find_source(&self, name: &str, skip: &[u32]) -> Result<(Arc<str>, usize), Error> {
        for (index, loader) in self.loaders.iter().enumerate() {
            if u32::try_from(index).is_ok_and(|i| skip.contains(&i)) {
                continue;
            }
            if let Some(source) = loader.load_shared(name)? {
                return Ok((source, index));
            }
        }
        let known: Vec<String> = self.loaders.iter().flat_map(|l| l.list()).collect();
        let searched = self
            .loaders
            .iter()
            .filter_map(|l| l.searched(name))
            .map(|place| format!("looked for {place}"));
        Err(Error::new(
            ErrorKind::TemplateNotFound,
            format!("template '{name}' does not exist"),
        )
        .suggest(name, known.iter().map(String::as_str))
        .with_notes(searched))
    }
}
