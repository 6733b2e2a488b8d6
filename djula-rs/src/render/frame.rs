//! One scope of a render's context: names and their values, each name
//! once, in the order they were bound.
//!
//! Most scopes hold a few names (a `{% with %}`, a loop's variables) and
//! are searched from end to start, which costs less than hashing. A scope
//! that grows past [`INDEXED_FROM`] names also keeps a hash index from
//! name to place, so a template that binds thousands of names (`{% firstof
//! 1 as n1 %}…`, one `{% with %}` of many) is linear, not quadratic.

use std::collections::HashMap;
use std::sync::Arc;

use crate::value::names::same;
use crate::value::Value;

/// Past this many names a scope is found by hash.
const INDEXED_FROM: usize = 24;

/// One scope: see the module's doc.
#[derive(Default)]
pub(crate) struct Frame {
    entries: Vec<(Arc<str>, Value)>,
    /// Once there are [`INDEXED_FROM`] names (boxed: a scope stays four
    /// words, moved as often as scopes are pushed; five cost page 0.3 %).
    index: Option<Box<Indexes>>,
}

/// The hash indexes of a large scope.
struct Indexes {
    /// Name to place in the entries.
    exact: HashMap<Arc<str>, usize>,
    /// Name in ASCII lower case to the place of the last name that folds
    /// to it: Djula's case-insensitive lookups, made on the first one and
    /// kept up to date after.
    folded: std::cell::OnceCell<HashMap<Box<str>, usize>>,
}

impl Frame {
    /// An empty scope with room for `capacity` names.
    #[cfg(test)]
    pub(crate) fn with_capacity(capacity: usize) -> Frame {
        Frame {
            entries: Vec::with_capacity(capacity),
            index: None,
        }
    }

    /// Where `name` is bound in this scope.
    #[inline(always)]
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        match &self.index {
            None => self.entries.iter().rposition(|(k, _)| same(k, name)),
            Some(index) => index.exact.get(name).copied(),
        }
    }

    /// The value bound to `name` in this scope.
    #[inline(always)]
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        let at = self.position(name)?;
        self.entries.get(at).map(|(_, v)| v)
    }

    /// The value at `at` (a place [`Frame::set`] or [`Frame::position`] gave).
    pub(crate) fn get_mut(&mut self, at: usize) -> Option<&mut Value> {
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    /// Binds `name` to `value`: in its place when it is bound already (a
    /// dict's update: the last value wins, the first place stays), else
    /// after the others. Returns the place.
    pub(crate) fn set(&mut self, name: Arc<str>, value: Value) -> usize {
        if let Some(at) = self.position(&name) {
            if let Some(slot) = self.get_mut(at) {
                *slot = value;
            }
            return at;
        }
        let at = self.entries.len();
        match &mut self.index {
            Some(index) => {
                if let Some(folded) = index.folded.get_mut() {
                    folded.insert(name.to_ascii_lowercase().into(), at);
                }
                index.exact.insert(name.clone(), at);
            }
            None if at + 1 >= INDEXED_FROM => {
                let mut exact: HashMap<Arc<str>, usize> = self
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect();
                exact.insert(name.clone(), at);
                self.index = Some(Box::new(Indexes {
                    exact,
                    folded: std::cell::OnceCell::new(),
                }));
            }
            None => {}
        }
        self.entries.push((name, value));
        at
    }

    /// The value of the last name bound here that equals `name` ignoring
    /// ASCII case (Djula's case-insensitive names).
    pub(crate) fn get_ignore_case(&self, name: &str) -> Option<&Value> {
        let at = match &self.index {
            None => self
                .entries
                .iter()
                .rposition(|(k, _)| k.eq_ignore_ascii_case(name))?,
            Some(index) => {
                let folded = index.folded.get_or_init(|| {
                    let mut folded = HashMap::with_capacity(self.entries.len());
                    for (i, (k, _)) in self.entries.iter().enumerate() {
                        folded.insert(k.to_ascii_lowercase().into(), i);
                    }
                    folded
                });
                *folded.get(&*name.to_ascii_lowercase())?
            }
        };
        self.entries.get(at).map(|(_, v)| v)
    }

    /// The names and values, in the order they were bound.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, (Arc<str>, Value)> {
        self.entries.iter()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Empties the scope, keeping its buffer (not its index: a scope is
    /// reused by small ones far more often).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        if self.index.is_some() {
            self.index = None;
        }
    }

    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.entries.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_four_words() {
        assert_eq!(
            std::mem::size_of::<Frame>(),
            4 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn names_ignoring_case_are_the_last_bound_before_and_after_the_index() {
        let mut frame = Frame::default();
        for i in 0..60 {
            frame.set(Arc::from(format!("Name{i}")), Value::Int(i));
            frame.set(Arc::from(format!("nAME{}", i / 2)), Value::Int(-i));
            // The last bound of the names that fold alike wins.
            let last = |k: i64| match frame.get_ignore_case(&format!("NAME{k}")) {
                Some(Value::Int(v)) => Some(*v),
                _ => None,
            };
            assert_eq!(last(i / 2), Some(-i), "after {i}");
            assert_eq!(last(100), None);
        }
    }

    #[test]
    fn names_are_found_the_same_before_and_after_the_index() {
        let mut frame = Frame::default();
        let names: Vec<Arc<str>> = (0..100).map(|i| Arc::from(format!("n{i}"))).collect();
        for (i, name) in names.iter().enumerate() {
            assert_eq!(frame.set(name.clone(), Value::Int(i as i64)), i);
            assert_eq!(frame.index.is_some(), i + 1 >= INDEXED_FROM);
            // Every name bound so far is found, at its place.
            for (j, earlier) in names.iter().enumerate().take(i + 1) {
                assert_eq!(frame.position(earlier), Some(j));
            }
            assert_eq!(frame.get("missing"), None);
        }
        // Binding a name again keeps its place and takes the new value.
        assert_eq!(frame.set(Arc::from("n3"), Value::Int(-1)), 3);
        assert!(matches!(frame.get("n3"), Some(Value::Int(-1))));
        assert_eq!(frame.iter().count(), 100);
        frame.clear();
        assert!(frame.is_empty() && frame.index.is_none() && frame.get("n3").is_none());
    }
}
