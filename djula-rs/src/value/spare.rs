//! [`Spare`]: the small dict and list blocks of a rendered context, kept
//! per thread for the next conversion to fill.
//!
//! A handler converts its context, renders it once and drops it. On a page
//! of fifty items that is about a hundred small blocks (a struct's dict, a
//! list of tags) allocated by the conversion and freed after the render,
//! and glibc serves them badly: its per-size cache holds seven chunks, so
//! most of them go through the general bins, about 180 instructions a
//! `malloc` and 120 a `free` (`benches/callgrind.sh djula page`, before
//! this: 449k instructions, of which 31k in `malloc` and `free`).
//!
//! When a render ends, the context's blocks that nothing else holds are
//! emptied (every value that holds memory is dropped, so no text or
//! nested block stays alive; numbers, which hold nothing, are left) and
//! kept here by length; the next conversion on the thread swaps its
//! entries into a kept block of the same length instead of allocating one.
//! Only blocks of at most [`SMALL`] items are kept, at most [`HELD`] items
//! of each kind: a thread keeps at most about 40 KB of dict blocks and
//! 24 KB of list blocks. Big dicts are never kept (their hash indexes are
//! found by address, see `dict.rs`).
//!
//! All safe code: a block is reused through `Arc::get_mut`, which checks
//! that it is the only handle.

use std::sync::Arc;

use super::dict::Entry;
use super::names::StaticNames;
use super::{Dict, Value, MAX_CONTEXT_DEPTH};

/// Blocks of at most this many items are kept: struct-sized dicts and
/// short lists, for which an allocation costs most per item.
pub(crate) const SMALL: usize = 16;

/// Items kept per kind (dict entries, list items), per thread.
const HELD: usize = 1024;

/// Spare list vectors kept, for building short lists: one per level of
/// nesting in use at once is enough.
const SPARE_VECS: usize = 8;

// A kept dict must never be one that has a hash index (indexes are found
// by the block's address).
const _: () = assert!(SMALL <= super::dict::INDEXED_FROM);

/// Kept blocks of one kind, by length.
struct Pool<T> {
    /// Emptied blocks of `i + 1` items at `blocks[i]`.
    blocks: [Vec<Arc<[T]>>; SMALL],
    /// Items in the kept blocks, at most [`HELD`].
    items: usize,
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool {
            blocks: Default::default(),
            items: 0,
        }
    }
}

impl<T> Pool<T> {
    /// A kept block of `len` items, if there is one.
    #[inline]
    fn take(&mut self, len: usize) -> Option<Arc<[T]>> {
        let block = self.blocks.get_mut(len.wrapping_sub(1))?.pop()?;
        self.items -= len;
        Some(block)
    }

    /// Keeps an emptied block, if it is small and there is room.
    #[inline]
    fn put(&mut self, block: Arc<[T]>) {
        let len = block.len();
        if self.items + len <= HELD {
            if let Some(kept) = self.blocks.get_mut(len.wrapping_sub(1)) {
                kept.push(block);
                self.items += len;
            }
        }
    }
}

/// The thread's kept blocks, by length.
#[derive(Default)]
pub(crate) struct Spare {
    /// Emptied dict blocks; their keys are left in place (a fill keeps a
    /// key that is the same interned name, and swaps out one that is not).
    dicts: Pool<Entry>,
    /// Emptied list blocks (each item `None` or a number).
    lists: Pool<Value>,
    /// Empty vectors of capacity [`SMALL`], in which short lists are built.
    vecs: Vec<Vec<Value>>,
}

impl Spare {
    /// A kept dict block of `len` entries, if there is one.
    #[inline]
    pub(crate) fn dict_block(&mut self, len: usize) -> Option<Arc<[Entry]>> {
        self.dicts.take(len)
    }

    /// A kept list block of `len` items, if there is one.
    #[inline]
    pub(crate) fn list_block(&mut self, len: usize) -> Option<Arc<[Value]>> {
        self.lists.take(len)
    }

    /// An empty vector to build a short list in.
    #[inline]
    pub(crate) fn vec(&mut self) -> Vec<Value> {
        self.vecs.pop().unwrap_or_else(|| Vec::with_capacity(SMALL))
    }

    /// Takes back a vector a short list was built in (emptied by then).
    #[inline]
    pub(crate) fn give_vec(&mut self, vec: Vec<Value>) {
        if vec.is_empty()
            && (SMALL..=4 * SMALL).contains(&vec.capacity())
            && self.vecs.len() < SPARE_VECS
        {
            self.vecs.push(vec);
        }
    }

    /// Keeps the blocks of `value` that nothing else holds (dropping the
    /// rest of it, as dropping `value` would).
    pub(crate) fn keep(&mut self, value: Value) {
        self.keep_at(value, 0);
    }

    /// Out of line: only lists and dicts come here, so emptying a block
    /// of plain values costs no call per value.
    #[inline(never)]
    fn keep_at(&mut self, value: Value, depth: usize) {
        // Deeper than a conversion makes: dropped as it is.
        if depth >= MAX_CONTEXT_DEPTH {
            return;
        }
        match value {
            Value::Map(dict) => {
                let mut block = dict.into_block();
                let Some(entries) = Arc::get_mut(&mut block) else {
                    return;
                };
                if entries.len() <= SMALL {
                    for (_, value) in entries.iter_mut() {
                        self.empty(value, depth);
                    }
                    self.dicts.put(block);
                } else {
                    // Not kept itself, but its small blocks may be.
                    for (_, value) in entries.iter_mut() {
                        self.take_blocks(value, depth);
                    }
                }
            }
            Value::List(mut block) => {
                let Some(items) = Arc::get_mut(&mut block) else {
                    return;
                };
                if items.len() <= SMALL {
                    for value in items.iter_mut() {
                        self.empty(value, depth);
                    }
                    self.lists.put(block);
                } else if items.first().is_some_and(is_block) {
                    // A long list is walked only when its first item is a
                    // block (its items are alike as a rule): a long list
                    // of numbers or strings is dropped as it is.
                    for value in items.iter_mut() {
                        self.take_blocks(value, depth);
                    }
                }
            }
            _ => {}
        }
    }

    /// Sets `slot` to `None`, keeping its blocks.
    #[inline(always)]
    fn empty(&mut self, slot: &mut Value, depth: usize) {
        match slot {
            Value::Map(_) | Value::List(_) => self.keep_at(std::mem::take(slot), depth + 1),
            // Nothing to drop: no call to the general drop.
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
            Value::Str(_) => {
                if let Value::Str(text) = std::mem::take(slot) {
                    drop(text);
                }
            }
            _ => *slot = Value::None,
        }
    }

    /// Keeps the blocks of `slot`, if it is a list or dict; leaves other
    /// values to be dropped with their block.
    #[inline(always)]
    fn take_blocks(&mut self, slot: &mut Value, depth: usize) {
        if is_block(slot) {
            self.keep_at(std::mem::take(slot), depth + 1);
        }
    }
}

/// True for the values that hold blocks worth keeping.
#[inline(always)]
fn is_block(value: &Value) -> bool {
    matches!(value, Value::Map(_) | Value::List(_))
}

/// The entries of `stack` from `start` on as a dict (taken off the
/// stack), in a kept block when one has their length.
#[inline]
pub(crate) fn dict_in(spare: &mut Spare, stack: &mut Vec<Entry>, start: usize) -> Dict {
    let len = stack.len().saturating_sub(start);
    if let Some(mut block) = spare.dict_block(len) {
        if let (Some(slots), Some(entries)) = (Arc::get_mut(&mut block), stack.get_mut(start..)) {
            // Swapped, not assigned: the old entries go to the stack and
            // are dropped together below. A kept struct's keys are the
            // same interned names as the new ones, as a rule: then only
            // the value moves.
            for (slot, entry) in slots.iter_mut().zip(entries) {
                std::mem::swap(&mut slot.1, &mut entry.1);
                if !std::ptr::eq(slot.0.as_ptr(), entry.0.as_ptr()) {
                    std::mem::swap(&mut slot.0, &mut entry.0);
                }
            }
            stack.truncate(start);
            return Dict::from_block(block);
        }
    }
    Dict::from_unique(stack.drain(start..))
}

/// The struct fields of `stack` from `start` on as a dict (taken off the
/// stack), in a kept block when one has their length. A kept struct's
/// keys are, as a rule, the same names in the same places: a key that is
/// the field name's shared copy stays, so the field costs no reference
/// count (an atomic increment now and a decrement when the key is
/// dropped, which `perf` showed among a small context's costliest
/// instructions).
#[inline]
pub(crate) fn struct_in(
    spare: &mut Spare,
    names: &mut StaticNames,
    stack: &mut Vec<(&'static str, Value)>,
    start: usize,
) -> Dict {
    let len = stack.len().saturating_sub(start);
    if let Some(mut block) = spare.dict_block(len) {
        if let (Some(slots), Some(fields)) = (Arc::get_mut(&mut block), stack.get_mut(start..)) {
            for (slot, (name, value)) in slots.iter_mut().zip(fields) {
                std::mem::swap(&mut slot.1, value);
                if !names.holds(name, &slot.0) {
                    slot.0 = names.get(name);
                }
            }
            stack.truncate(start);
            return Dict::from_block(block);
        }
    }
    Dict::from_unique(
        stack
            .drain(start..)
            .map(|(name, value)| (names.get(name), value)),
    )
}

/// The items of `items` as a list block, in a kept block when one has
/// their length; `items` is left empty.
#[inline]
pub(crate) fn list_in(spare: &mut Spare, items: &mut Vec<Value>) -> Arc<[Value]> {
    if let Some(mut block) = spare.list_block(items.len()) {
        if let Some(slots) = Arc::get_mut(&mut block) {
            for (slot, item) in slots.iter_mut().zip(items.iter_mut()) {
                std::mem::swap(slot, item);
            }
            items.clear();
            return block;
        }
    }
    items.drain(..).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(entries: &[(&str, Value)]) -> Value {
        let mut map = crate::Map::new();
        for (k, v) in entries {
            map.insert(*k, v.clone());
        }
        Value::from(map)
    }

    #[test]
    fn a_dropped_context_gives_its_small_blocks_emptied() {
        let mut spare = Spare::default();
        let item = dict(&[
            ("name", Value::str("a")),
            ("tags", Value::from(vec![Value::str("t")])),
        ]);
        let root = dict(&[("items", Value::from(vec![item.clone(), item]))]);
        spare.keep(root);
        // The root (1 entry) and each item (2 entries) are kept; the two
        // items shared one block, so it is kept once, and so its tags.
        assert!(spare.dict_block(1).is_some());
        let kept = spare.dict_block(2).expect("the item's block");
        assert!(kept.iter().all(|(_, v)| matches!(v, Value::None)));
        assert!(spare.dict_block(2).is_none());
        let tags = spare.list_block(1).expect("the tags' block");
        assert!(matches!(&tags[..], [Value::None]));
        // The items list (2 items) is kept too.
        assert!(spare.list_block(2).is_some());
    }

    #[test]
    fn a_block_held_elsewhere_is_not_kept() {
        let mut spare = Spare::default();
        let tags = Value::from(vec![Value::str("x")]);
        spare.keep(dict(&[("tags", tags.clone())]));
        assert!(spare.list_block(1).is_none());
        assert_eq!(tags.to_string(), "['x']");
    }

    #[test]
    fn big_blocks_are_not_kept_but_their_small_ones_are() {
        let mut spare = Spare::default();
        let many: Vec<Value> = (0..SMALL as i64 + 1)
            .map(|i| Value::from(vec![Value::Int(i)]))
            .collect();
        spare.keep(Value::from(many));
        assert!(spare.list_block(SMALL + 1).is_none());
        assert_eq!(spare.lists.blocks[0].len(), SMALL + 1);
    }

    #[test]
    fn what_a_thread_keeps_is_bounded() {
        let mut spare = Spare::default();
        for _ in 0..3 {
            let many: Vec<Value> = (0..HELD)
                .map(|i| dict(&[("a", Value::Int(i as i64)), ("b", Value::None)]))
                .collect();
            spare.keep(Value::from(many));
        }
        assert!(spare.dicts.items <= HELD);
        assert_eq!(spare.dicts.blocks[1].len() * 2, spare.dicts.items);
    }

    #[test]
    fn kept_blocks_are_filled_again() {
        let mut spare = Spare::default();
        spare.keep(dict(&[("a", Value::Int(1)), ("b", Value::Int(2))]));
        let mut stack: Vec<Entry> = vec![
            (Arc::from("z"), Value::Int(0)),
            (Arc::from("c"), Value::Int(3)),
            (Arc::from("d"), Value::Int(4)),
        ];
        let filled = dict_in(&mut spare, &mut stack, 1);
        assert_eq!(stack.len(), 1);
        assert_eq!(Value::Map(filled).to_string(), "{'c': 3, 'd': 4}");
        assert!(spare.dict_block(2).is_none());

        // A struct's fields: a kept key of the same text stays, another is
        // replaced.
        spare.keep(dict(&[("a", Value::Int(1)), ("b", Value::Int(2))]));
        let mut names = StaticNames::default();
        let mut fields = vec![("c", Value::Int(3)), ("b", Value::str("four"))];
        let filled = struct_in(&mut spare, &mut names, &mut fields, 0);
        assert!(fields.is_empty());
        assert_eq!(Value::Map(filled).to_string(), "{'c': 3, 'b': 'four'}");

        spare.keep(Value::from(vec![Value::Int(1)]));
        let mut items = vec![Value::str("z")];
        let list = list_in(&mut spare, &mut items);
        assert!(items.is_empty());
        assert_eq!(Value::List(list).to_string(), "['z']");
    }
}
