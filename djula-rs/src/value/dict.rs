//! [`Dict`]: a dict as a template value, its entries in one shared block.
//!
//! A context dict is built once and then only read, so its entries sit in a
//! single `Arc<[_]>`: one allocation per dict instead of an `Arc` around a
//! `Vec`. [`crate::Map`] is the mutable builder; `Value::from(map)` freezes it.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::Arc;

use super::key_index::KeyIndex;
use super::{Map, Value};

/// Where a lookup of one key, at one place in a template, last found it
/// in a dict: a guess, checked against the key, that spares the scan when
/// the dicts read there share a layout (the items of a list of structs,
/// whose fields come in one order). Shared by the threads rendering the
/// template: a stale guess only costs the scan.
#[derive(Debug, Default)]
pub(crate) struct KeyHint(AtomicU32);

impl Clone for KeyHint {
    fn clone(&self) -> Self {
        KeyHint(AtomicU32::new(self.0.load(Relaxed)))
    }
}

/// [`find`] starting with the entry `hint` names; a key found elsewhere
/// becomes the hint.
#[inline]
pub(crate) fn find_hinted<'a>(
    entries: &'a [Entry],
    key: &str,
    hint: &KeyHint,
) -> Option<&'a Value> {
    let guess = hint.0.load(Relaxed) as usize;
    if let Some((k, v)) = entries.get(guess) {
        // The names a template reads and a struct's field names are
        // interned: the same text is the same pointer.
        if k.len() == key.len() && std::ptr::eq(k.as_ptr(), key.as_ptr()) {
            return Some(v);
        }
    }
    let (at, (_, v)) = entries
        .iter()
        .enumerate()
        .find(|(_, (k, _))| crate::value::names::same(k, key))?;
    if let Ok(at) = u32::try_from(at) {
        hint.0.store(at, Relaxed);
    }
    Some(v)
}

/// One key and its value.
pub(crate) type Entry = (Arc<str>, Value);

/// The value for `key` among `entries` (a [`Dict`]'s or a [`Map`]'s).
/// A dict read by a template is small: a scan, comparing the shared
/// names' pointers first.
#[inline(always)]
pub(crate) fn find<'a>(entries: &'a [Entry], key: &str) -> Option<&'a Value> {
    entries
        .iter()
        .find(|(k, _)| crate::value::names::same(k, key))
        .map(|(_, v)| v)
}

/// Past this many entries, a dict is read through a hash index, not a
/// scan: a 50,000-key dict read in a loop costs one hash a read, as in
/// Python, where a scan made a loop of reads quadratic.
pub(crate) const INDEXED_FROM: usize = 64;

/// How many big dicts' indexes a thread keeps (the most recently read
/// first): enough for the big dicts one page reads in turn.
const KEPT_INDEXES: usize = 32;

/// The hash index of one big dict: where each key is.
struct DictIndex {
    /// The dict's block. A `Weak` keeps the allocation, so no other dict
    /// can have this address while the index is kept: equal addresses
    /// are the same dict.
    dict: std::sync::Weak<[Entry]>,
    positions: KeyIndex,
}

thread_local! {
    /// The indexes of the big dicts read last on this thread, most recent
    /// first; emptied by [`forget_indexes`] when a render ends, so a
    /// dropped dict's block is not kept (outside a render, they are kept
    /// until pushed out by others).
    static INDEXES: std::cell::RefCell<Vec<DictIndex>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether any thread has indexed a big dict: until one has, a render's
/// end need not look for indexes to forget.
static ANY_INDEXED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The value for `key` in a big dict, through its index (built on its
/// first read on this thread).
#[cold]
#[inline(never)]
fn find_indexed<'a>(entries: &'a Arc<[Entry]>, key: &str) -> Option<&'a Value> {
    let position = INDEXES
        .try_with(|indexes| {
            let mut indexes = indexes.try_borrow_mut().ok()?;
            let address = Arc::as_ptr(entries);
            let at = match indexes
                .iter()
                .position(|index| std::ptr::eq(index.dict.as_ptr(), address))
            {
                // Most recently read first, so a rotation of a few big
                // dicts keeps all their indexes.
                Some(at) if at > 0 => {
                    let index = indexes.remove(at);
                    indexes.insert(0, index);
                    0
                }
                Some(at) => at,
                None => {
                    // The index a growing map keeps (built on first
                    // use, as the dict is past its scan limit).
                    let positions = KeyIndex::default();
                    ANY_INDEXED.store(true, Relaxed);
                    indexes.truncate(KEPT_INDEXES - 1);
                    indexes.insert(
                        0,
                        DictIndex {
                            dict: Arc::downgrade(entries),
                            positions,
                        },
                    );
                    0
                }
            };
            let index = indexes.get_mut(at)?;
            Some(index.positions.find(entries, key))
        })
        .ok()
        .flatten();
    match position {
        Some(found) => found.and_then(|i| entries.get(i)).map(|(_, v)| v),
        // No index to be had (the thread ends): the scan.
        None => find(entries, key),
    }
}

/// Drops this thread's big-dict indexes (the renderer calls it when a
/// render ends, so the blocks of dicts dropped since are freed).
#[inline]
pub(crate) fn forget_indexes() {
    if ANY_INDEXED.load(Relaxed) {
        forget_this_threads_indexes();
    }
}

#[cold]
#[inline(never)]
fn forget_this_threads_indexes() {
    let _ = INDEXES.try_with(|indexes| {
        if let Ok(mut indexes) = indexes.try_borrow_mut() {
            indexes.clear();
        }
    });
}

/// A dict value: string keys in insertion order, shared and read-only.
///
/// ```
/// let v = djula::to_value(&serde_json::json!({"a": 1, "b": 2})).unwrap();
/// let djula::Value::Map(dict) = v else { unreachable!() };
/// assert_eq!(dict.len(), 2);
/// assert_eq!(dict.get("b"), Some(&djula::Value::Int(2)));
/// ```
#[derive(Clone, Debug)]
pub struct Dict {
    entries: Arc<[Entry]>,
}

/// The one empty dict every empty map shares: no allocation for `{}`.
static EMPTY: once_cell::sync::Lazy<Arc<[Entry]>> = once_cell::sync::Lazy::new(|| Arc::new([]));

impl Default for Dict {
    fn default() -> Self {
        Dict {
            entries: EMPTY.clone(),
        }
    }
}

impl Dict {
    /// A dict from entries whose keys are known to be distinct, made in
    /// one allocation when the iterator knows its exact length (a drain of
    /// a scratch vector does).
    pub(crate) fn from_unique<I>(entries: I) -> Dict
    where
        I: IntoIterator<Item = Entry>,
        I::IntoIter: ExactSizeIterator,
    {
        let entries = entries.into_iter();
        if entries.len() == 0 {
            return Dict::default();
        }
        Dict {
            entries: entries.collect(),
        }
    }

    /// The dict of a block filled by [`super::spare`].
    pub(crate) fn from_block(entries: Arc<[Entry]>) -> Dict {
        Dict { entries }
    }

    /// The dict's block, for [`super::spare`] to keep.
    pub(crate) fn into_block(self) -> Arc<[Entry]> {
        self.entries
    }

    /// The value for `key`.
    ///
    /// ```
    /// assert_eq!(djula::Dict::default().get("x"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        if self.entries.len() > INDEXED_FROM {
            return find_indexed(&self.entries, key);
        }
        find(&self.entries, key)
    }

    /// [`Dict::get`] guided by where the key was last found (see
    /// [`KeyHint`]).
    #[inline(always)]
    pub(crate) fn get_hinted(&self, key: &str, hint: &KeyHint) -> Option<&Value> {
        let guess = hint.0.load(Relaxed) as usize;
        if let Some((k, v)) = self.entries.get(guess) {
            if k.len() == key.len() && std::ptr::eq(k.as_ptr(), key.as_ptr()) {
                return Some(v);
            }
        }
        if self.entries.len() > INDEXED_FROM {
            return find_indexed(&self.entries, key);
        }
        find_hinted(&self.entries, key, hint)
    }

    /// The number of entries.
    ///
    /// ```
    /// assert_eq!(djula::Dict::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the dict has no entries.
    ///
    /// ```
    /// assert!(djula::Dict::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in insertion order.
    ///
    /// ```
    /// let mut m = djula::Map::new();
    /// m.insert("k", djula::Value::None);
    /// let dict = djula::Dict::from(m);
    /// assert_eq!(dict.iter().next().map(|(k, _)| &**k), Some("k"));
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Arc<str>, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// A mutable copy, to add or replace entries.
    ///
    /// ```
    /// let mut m = djula::Dict::default().to_map();
    /// m.insert("k", djula::Value::Int(1));
    /// assert_eq!(djula::Dict::from(m).len(), 1);
    /// ```
    pub fn to_map(&self) -> Map {
        Map::from_unique(self.entries.to_vec())
    }

    /// True when both are the same shared dict (Django's `is`).
    pub(crate) fn ptr_eq(a: &Dict, b: &Dict) -> bool {
        Arc::ptr_eq(&a.entries, &b.entries)
    }
}

impl From<Map> for Dict {
    /// Freezes a map.
    fn from(map: Map) -> Dict {
        Dict::from_unique(map.into_entries())
    }
}

impl FromIterator<(Arc<str>, Value)> for Dict {
    /// Later keys replace earlier ones in place, as in a Python dict.
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Value)>>(iter: I) -> Self {
        Dict::from(iter.into_iter().collect::<Map>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::names::intern;

    #[test]
    fn a_hinted_lookup_finds_what_a_scan_finds_and_remembers_where() {
        let entry = |k: &str, v: i64| (intern(k), Value::Int(v));
        let first = [entry("name", 1), entry("note", 2), entry("tags", 3)];
        let other = [entry("tags", 30), entry("name", 10)];
        let hint = KeyHint::default();
        let tags = intern("tags");
        assert_eq!(find_hinted(&first, &tags, &hint), Some(&Value::Int(3)));
        assert_eq!(hint.0.load(Relaxed), 2);
        // Another layout: the guess is checked, the key found by a scan.
        assert_eq!(find_hinted(&other, &tags, &hint), Some(&Value::Int(30)));
        assert_eq!(hint.0.load(Relaxed), 0);
        // A guess past the end, a key given as a text of its own (not the
        // interned one), a missing key.
        hint.0.store(7, Relaxed);
        assert_eq!(
            find_hinted(&first, &String::from("note"), &hint),
            Some(&Value::Int(2))
        );
        assert_eq!(find_hinted(&first, "nope", &hint), None);
        assert_eq!(find_hinted(&[], "name", &hint), None);
    }

    #[test]
    fn big_dicts_are_read_through_an_index_that_is_their_own() {
        let big = |n: i64, offset: i64| {
            let mut map = Map::new();
            for i in 0..n {
                map.insert(format!("k{i}"), Value::Int(i + offset));
            }
            let Value::Map(dict) = Value::from(map) else {
                unreachable!()
            };
            dict
        };
        let hint = KeyHint::default();
        // More big dicts than the thread keeps indexes for, read in turn:
        // each answer is its own dict's.
        let dicts: Vec<Dict> = (0..KEPT_INDEXES as i64 + 2)
            .map(|d| big(200, d * 1000))
            .collect();
        for round in 0..3 {
            for (d, dict) in dicts.iter().enumerate() {
                let d = d as i64;
                assert_eq!(dict.get("k0"), Some(&Value::Int(d * 1000)));
                assert_eq!(
                    dict.get_hinted("k199", &hint),
                    Some(&Value::Int(d * 1000 + 199))
                );
                assert_eq!(dict.get("k200"), None, "round {round}");
            }
        }
        // A dict dropped and another made (perhaps at its address) after
        // the index is forgotten, as at a render's end, or not.
        drop(dicts);
        let again = big(100, 7);
        assert_eq!(again.get("k99"), Some(&Value::Int(106)));
        assert_eq!(again.get("k150"), None);
        forget_indexes();
        let small = big(INDEXED_FROM as i64, 0);
        assert_eq!(small.get("k3"), Some(&Value::Int(3)));
        assert_eq!(again.get("k5"), Some(&Value::Int(12)));
    }

    #[test]
    fn a_dict_is_one_allocation_behind_two_words() {
        assert_eq!(std::mem::size_of::<Dict>(), 16);
    }

    #[test]
    fn empty_dicts_share_one_block() {
        let a = Dict::from_unique(Vec::new());
        let b = Dict::from(Map::new());
        assert!(Dict::ptr_eq(&a, &b));
        assert!(a.is_empty());
    }

    #[test]
    fn freezing_keeps_order_and_later_values() {
        let dict: Dict = [
            (Arc::from("b"), Value::Int(1)),
            (Arc::from("a"), Value::Int(2)),
            (Arc::from("b"), Value::Int(3)),
        ]
        .into_iter()
        .collect();
        let keys: Vec<&str> = dict.iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(dict.get("b"), Some(&Value::Int(3)));
        let mut copy = dict.to_map();
        copy.insert("c", Value::None);
        assert_eq!(dict.len(), 2, "the copy does not change the dict");
        assert_eq!(Dict::from(copy).len(), 3);
    }
}
