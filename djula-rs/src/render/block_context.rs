//! Django's `BlockContext`: for each block name, the versions of the block
//! the `{% extends %}` chain defines, the one to render next last.
//!
//! Django keeps a dict of lists. A page has a handful of blocks, so one
//! flat vector of `(name, block)` entries does the same work without a
//! table or a list per name, and its buffer is kept between renders (see
//! `scratch`): a render that extends allocates nothing for it. The
//! versions of one name keep their relative order in the vector, so each
//! of Django's list operations is one scan.

use std::sync::Arc;

use crate::compile::BlockNode;

/// The block overrides of a render.
#[derive(Default)]
pub(crate) struct BlockContext {
    entries: Vec<Arc<BlockNode>>,
}

impl BlockContext {
    /// Django's `add_blocks`: the block goes first in its name's list (a
    /// parent's version is below the child's).
    pub(crate) fn add_first(&mut self, block: Arc<BlockNode>) {
        self.entries.insert(0, block);
    }

    /// Django's `pop`: takes the version to render next.
    pub(crate) fn pop(&mut self, name: &str) -> Option<Arc<BlockNode>> {
        let at = self.entries.iter().rposition(|b| &*b.name == name)?;
        Some(self.entries.remove(at))
    }

    /// Django's `push`: puts a version back as the next to render.
    pub(crate) fn push(&mut self, block: Arc<BlockNode>) {
        self.entries.push(block);
    }

    /// Whether any version of `name` is left.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|b| &*b.name == name)
    }

    /// The names with a version left (for suggestions), repeats included.
    pub(crate) fn names(&self) -> impl Iterator<Item = &Arc<str>> {
        self.entries.iter().map(|b| &b.name)
    }

    /// Empties the context, keeping its buffer.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(name: &str, marker: &str) -> Arc<BlockNode> {
        Arc::new(BlockNode {
            name: name.into(),
            body: vec![crate::compile::Node::Text(marker.into())],
            program: None,
            origin: None,
        })
    }

    fn marker(block: &BlockNode) -> &str {
        match block.body.first() {
            Some(crate::compile::Node::Text(t)) => t,
            _ => "",
        }
    }

    #[test]
    fn versions_of_a_name_come_back_child_first_as_in_django() {
        let mut blocks = BlockContext::default();
        // The child's blocks are added first, then the parent's below them.
        blocks.add_first(block("content", "child"));
        blocks.add_first(block("title", "child title"));
        blocks.add_first(block("content", "parent"));
        let next = blocks.pop("content").unwrap();
        assert_eq!(marker(&next), "child");
        // While the child's version renders, block.super finds the parent's.
        assert!(blocks.has("content"));
        let parent = blocks.pop("content").unwrap();
        assert_eq!(marker(&parent), "parent");
        assert!(!blocks.has("content"));
        blocks.push(parent);
        blocks.push(next);
        assert_eq!(marker(&blocks.pop("content").unwrap()), "child");
        assert_eq!(marker(&blocks.pop("title").unwrap()), "child title");
        assert!(blocks.pop("title").is_none());
        assert_eq!(blocks.names().count(), 1);
        blocks.clear();
        assert!(!blocks.has("content"));
    }
}
