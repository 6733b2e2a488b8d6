//! One block per conversion, recycled from one conversion to the next on
//! a thread: for the text of its strings (see [`super::text`]).
//!
//! A conversion appends every string's text to one buffer; its values are
//! ranges of it. The block they point into is shared before it is
//! complete, so it sits behind a `OnceLock` the conversion fills when it
//! ends ([`Arena::fill`]). The arena then keeps a handle on it: at the next
//! conversion, once nothing else holds it (the render is over and its
//! values are dropped), [`Arena::reclaim`] takes it back, `Arc` and buffer,
//! emptied, and a render's strings cost no allocation.
//!
//! The same was tried for lists' items (a `Value::List` as a range of one
//! `Vec<Value>` per conversion): page 549k -> 519k instructions with the
//! conversion, but teams 10.3k -> 10.7k, and every list read (a context
//! converted beforehand, the derive's lists) paid for the indirection:
//! page 354k -> 360k, teams 6.3k -> 6.4k. Only lists of plain items could
//! go in (a list or dict in the block may point back into it, and the
//! block would hold itself). It was dropped.

use std::sync::{Arc, OnceLock};

/// A block values point into: a buffer filled once (or, for a block made
/// another way, none).
pub(crate) trait Block: Default {
    type Buffer: Buffer;
    fn cell(&self) -> Option<&OnceLock<Self::Buffer>>;
    fn cell_mut(&mut self) -> Option<&mut OnceLock<Self::Buffer>>;
}

/// What a block holds, appended to as a conversion goes.
pub(crate) trait Buffer: Default {
    fn clear(&mut self);
    fn len(&self) -> usize;
    fn reserve(&mut self, additional: usize);
    /// Bytes held, counting spare capacity.
    fn held(&self) -> usize;
}

impl Buffer for String {
    fn clear(&mut self) {
        String::clear(self);
    }
    fn len(&self) -> usize {
        String::len(self)
    }
    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
    fn held(&self) -> usize {
        self.capacity()
    }
}

/// A block holding more than this is not kept for the next conversion.
const MAX_KEPT_BYTES: usize = 1 << 20;

/// The block of the conversion under way, and the last one's.
pub(crate) struct Arena<K: Block> {
    /// What the conversion appended so far.
    pub(crate) buffer: K::Buffer,
    block: Option<Arc<K>>,
    last: Option<Arc<K>>,
    /// The last conversion's length: a new buffer is made that large.
    hint: usize,
}

impl<K: Block> Default for Arena<K> {
    fn default() -> Self {
        Arena {
            buffer: K::Buffer::default(),
            block: None,
            last: None,
            hint: 0,
        }
    }
}

impl<K: Block> Arena<K> {
    /// Takes the last conversion's block back when nothing else holds it:
    /// its buffer, emptied, is this conversion's. Called as a conversion
    /// starts.
    pub(crate) fn reclaim(&mut self) {
        let Some(mut last) = self.last.take() else {
            return;
        };
        if let Some(cell) = Arc::get_mut(&mut last).and_then(K::cell_mut) {
            if let Some(mut buffer) = cell.take() {
                buffer.clear();
                self.buffer = buffer;
            }
            self.block = Some(last);
        }
    }

    /// The block of the conversion under way, if it has one yet.
    pub(crate) fn current(&self) -> Option<&Arc<K>> {
        self.block.as_ref()
    }

    /// The block this conversion's values point into: made at first use
    /// (sized by the last conversion) unless one was reclaimed.
    #[inline]
    pub(crate) fn block(&mut self) -> Arc<K> {
        if let Some(block) = &self.block {
            return block.clone();
        }
        self.buffer.reserve(self.hint);
        self.block.insert(Arc::default()).clone()
    }

    /// Ends the conversion: its values read the block from now on.
    pub(crate) fn fill(&mut self) {
        let Some(block) = self.block.take() else {
            return;
        };
        let buffer = std::mem::take(&mut self.buffer);
        self.hint = buffer.len();
        if buffer.held() <= MAX_KEPT_BYTES {
            self.last = Some(block.clone());
        }
        if let Some(cell) = block.cell() {
            let _ = cell.set(buffer);
        }
    }
}
