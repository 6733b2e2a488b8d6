//! Shared storage for variable names, so that equal names are usually the
//! same allocation and comparing them is a pointer check.
//!
//! A template's `{% for col in row %}` target, its `{{ col }}` paths and the
//! keys the context conversion makes for struct fields all come from here.
//! Lookups then match on the first compare of the data pointer ([`same`])
//! instead of calling `memcmp`. Interning is an optimisation only: a name
//! that is not interned still compares equal by its bytes.

use std::sync::{Arc, Mutex};

use once_cell::sync::Lazy;

use crate::support::FastSet;

/// Names longer than this are not interned (they are rare, and the table
/// must stay small).
const MAX_NAME: usize = 64;

/// At most this many names are kept, so templates or contexts made of
/// ever-new names cannot grow the table without bound.
const MAX_NAMES: usize = 16 * 1024;

static NAMES: Lazy<Mutex<FastSet<Arc<str>>>> = Lazy::new(|| Mutex::new(FastSet::default()));

/// The shared copy of `name`, or a fresh one when the table cannot take it.
///
/// Meant for compile time and for the few distinct keys of a context, not
/// for every value of a render: it takes a lock.
pub(crate) fn intern(name: &str) -> Arc<str> {
    shared_copy(&NAMES, name, MAX_NAME, MAX_NAMES)
}

/// String literals longer than this are not shared.
const MAX_LITERAL: usize = 128;

/// At most this many literals are kept (apart from the names' table, so
/// literals never crowd names out).
const MAX_LITERALS: usize = 16 * 1024;

static LITERALS: Lazy<Mutex<FastSet<Arc<str>>>> = Lazy::new(|| Mutex::new(FastSet::default()));

/// The shared copy of a string literal of a template (`{% trans "Save" %}`,
/// `|default:"none"`): a site's templates repeat the same few hundred, and
/// sharing them halves what literals hold. Compile time only.
pub(crate) fn intern_literal(text: &str) -> Arc<str> {
    shared_copy(&LITERALS, text, MAX_LITERAL, MAX_LITERALS)
}

/// `text`'s copy in `table`, added when the table has room; a fresh copy
/// when `text` is longer than `max_len` or the table is full.
fn shared_copy(
    table: &Mutex<FastSet<Arc<str>>>,
    text: &str,
    max_len: usize,
    max_entries: usize,
) -> Arc<str> {
    if text.len() > max_len {
        return text.into();
    }
    let Ok(mut table) = table.lock() else {
        return text.into();
    };
    if let Some(shared) = table.get(text) {
        return shared.clone();
    }
    let shared: Arc<str> = text.into();
    if table.len() < max_entries {
        table.insert(shared.clone());
    }
    shared
}

/// Entries of a [`StaticNames`] cache.
const STATIC_CACHE: usize = 256;

/// Struct field names seen recently, by address: a cache in front of
/// [`intern`], so converting a context neither allocates nor locks per
/// field. A `'static` string is never freed, so its address and length
/// identify its text for the life of the process. One per thread
/// ([`static_name`]), and one in the serde conversion's kept state, which
/// reaches it without a thread-local lookup per field.
pub(crate) struct StaticNames([Option<(&'static str, Arc<str>)>; STATIC_CACHE]);

impl Default for StaticNames {
    fn default() -> StaticNames {
        StaticNames::new()
    }
}

impl StaticNames {
    const fn new() -> StaticNames {
        StaticNames([const { None }; STATIC_CACHE])
    }

    /// The first of the two slots `name` may sit in.
    #[inline(always)]
    fn slot_of(name: &'static str) -> usize {
        // Fibonacci hashing of the address: the names of one struct sit
        // side by side in memory, and their slots should not depend on how.
        let address = (name.as_ptr() as u64) ^ (name.len() as u64);
        (address.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % STATIC_CACHE
    }

    /// Whether `key` is the shared copy of `name` held here: a check by
    /// address, with no reference count taken.
    #[inline]
    pub(crate) fn holds(&self, name: &'static str, key: &Arc<str>) -> bool {
        let index = Self::slot_of(name);
        [index, index ^ 1].into_iter().any(|way| {
            matches!(self.0.get(way), Some(Some((cached, shared)))
                if std::ptr::eq(cached.as_ptr(), name.as_ptr())
                    && cached.len() == name.len()
                    && Arc::ptr_eq(shared, key))
        })
    }

    /// The shared copy of `name`.
    #[inline]
    pub(crate) fn get(&mut self, name: &'static str) -> Arc<str> {
        let index = Self::slot_of(name);
        let is_name = |entry: &Option<(&'static str, Arc<str>)>| {
            matches!(entry, Some((cached, _)) if std::ptr::eq(cached.as_ptr(), name.as_ptr())
                && cached.len() == name.len())
        };
        // Two ways: a name found in its slot or the one beside it; a new
        // one takes the first that is free, or its own slot.
        for way in [index, index ^ 1] {
            if let Some(Some((_, shared))) = self.0.get(way).filter(|e| is_name(e)) {
                return shared.clone();
            }
        }
        let way = [index, index ^ 1]
            .into_iter()
            .find(|&way| self.0.get(way).is_some_and(Option::is_none))
            .unwrap_or(index);
        let shared = intern(name);
        if let Some(slot) = self.0.get_mut(way) {
            *slot = Some((name, shared.clone()));
        }
        shared
    }
}

/// Entries of a [`KeyNames`] cache.
const KEY_CACHE: usize = 256;

/// Map keys seen recently, by text: a cache in front of [`intern`] for
/// keys that are not `'static` (a `serde_json::Value`'s, a `HashMap`'s),
/// so converting a JSON context neither allocates nor locks per key, and
/// its keys are the interned copies a template's names compare to by
/// address. Direct-mapped: a key takes its slot from whatever was there.
pub(crate) struct KeyNames(Box<[Option<Arc<str>>; KEY_CACHE]>);

impl Default for KeyNames {
    fn default() -> KeyNames {
        KeyNames(Box::new([const { None }; KEY_CACHE]))
    }
}

impl KeyNames {
    /// The shared copy of `key`.
    #[inline]
    pub(crate) fn get(&mut self, key: &str) -> Arc<str> {
        use std::hash::BuildHasher;
        let hash = foldhash::fast::FixedState::with_seed(0x243F_6A88_85A3_08D3).hash_one(key);
        let index = (hash >> 56) as usize % KEY_CACHE;
        let Some(slot) = self.0.get_mut(index) else {
            return intern(key);
        };
        if let Some(shared) = slot.as_ref().filter(|shared| ***shared == *key) {
            return shared.clone();
        }
        let shared = intern(key);
        *slot = Some(shared.clone());
        shared
    }
}

thread_local! {
    static STATIC_NAMES: std::cell::RefCell<StaticNames> =
        const { std::cell::RefCell::new(StaticNames::new()) };
}

/// The shared copy of a `&'static str` name (a struct field name), through
/// the thread's [`StaticNames`].
#[inline]
pub(crate) fn static_name(name: &'static str) -> Arc<str> {
    STATIC_NAMES
        .try_with(|cache| Some(cache.try_borrow_mut().ok()?.get(name)))
        .ok()
        .flatten()
        .unwrap_or_else(|| intern(name))
}

/// Whether two names are equal, checking first whether they are the very
/// same (interned) text, then their first bytes: a struct's fields often
/// share a length (`name`, `note`, `tags`), and a call to compare whole
/// texts costs more than the scan of a small dict.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (std::ptr::eq(a.as_ptr(), b.as_ptr())
            || (a.as_bytes().first() == b.as_bytes().first() && a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_share_one_allocation() {
        let a = intern("col");
        let b = intern(&String::from("col"));
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn long_names_are_copied_but_still_compare_equal() {
        let long = "n".repeat(MAX_NAME + 1);
        let a = intern(&long);
        let b = intern(&long);
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(same(&a, &b));
    }

    #[test]
    fn static_names_are_the_interned_copies() {
        let a = static_name("team");
        let b = static_name("team");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(Arc::ptr_eq(&a, &intern("team")));
        assert_eq!(&*static_name("score"), "score");
    }

    #[test]
    fn map_keys_are_the_interned_copies() {
        let mut keys = KeyNames::default();
        let a = keys.get(&String::from("title"));
        let b = keys.get(&String::from("title"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(Arc::ptr_eq(&a, &intern("title")));
        // Many keys through one cache: each still comes back as its text.
        for i in 0..2000 {
            let key = format!("k{i}");
            assert_eq!(&*keys.get(&key), key);
        }
        let long = "x".repeat(MAX_NAME + 1);
        assert_eq!(&*keys.get(&long), long);
    }

    #[test]
    fn same_compares_bytes_when_pointers_differ() {
        assert!(same("row", &String::from("row")));
        assert!(!same("row", "col"));
        assert!(!same("row", "rows"));
    }
}
