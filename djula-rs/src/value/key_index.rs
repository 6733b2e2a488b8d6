//! Finding a key among a growing map's keys: scanned while the map is
//! small, through a hash index once it is large, so that building a dict
//! of n distinct keys (a big JSON object in the context) costs O(n), not
//! O(n²).

use std::sync::Arc;

use super::dict::Entry;
use crate::support::FastMap;

/// Up to this many keys, a scan is cheaper than hashing.
const SCAN_LIMIT: usize = 32;

/// The positions of a map's keys, kept once the map has more than
/// [`SCAN_LIMIT`] of them.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyIndex {
    positions: Option<FastMap<Arc<str>, usize>>,
}

impl KeyIndex {
    /// Where `key` is among `entries` (whose keys are distinct), if there.
    pub(crate) fn find(&mut self, entries: &[Entry], key: &str) -> Option<usize> {
        if let Some(positions) = &self.positions {
            return positions.get(key).copied();
        }
        if entries.len() <= SCAN_LIMIT {
            // Interned keys: most compares end at the length or the address.
            return entries.iter().position(|(k, _)| super::names::same(k, key));
        }
        let positions: FastMap<Arc<str>, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i))
            .collect();
        let found = positions.get(key).copied();
        self.positions = Some(positions);
        found
    }

    /// Records that `key` was appended at `position`.
    pub(crate) fn added(&mut self, key: &Arc<str>, position: usize) {
        if let Some(positions) = &mut self.positions {
            positions.insert(key.clone(), position);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn finds_keys_before_and_after_the_index_is_built() {
        let mut index = KeyIndex::default();
        let mut entries: Vec<Entry> = Vec::new();
        for i in 0..100 {
            let key: Arc<str> = Arc::from(format!("k{i}"));
            assert_eq!(index.find(&entries, &key), None);
            index.added(&key, entries.len());
            entries.push((key, Value::Int(i)));
            assert_eq!(index.find(&entries, "k0"), Some(0));
            assert_eq!(
                index.find(&entries, &format!("k{i}")),
                Some(entries.len() - 1)
            );
        }
        assert!(index.positions.is_some(), "a large map is indexed");
        assert_eq!(index.find(&entries, "k57"), Some(57));
        assert_eq!(index.find(&entries, "k100"), None);
    }
}
