//! Django's `BlockContext`: for each block name, the versions of the block
//! the `{% extends %}` chain defines, the one to render next last.
//!
//! Django keeps a dict of lists. A page has a handful of blocks, so up to
//! [`FLAT_LIMIT`] versions live in one flat vector of blocks (their names
//! are on them): no table, no list per name, and the vector is kept
//! between renders (see `scratch`), so a render that extends allocates
//! nothing for it. The versions of one name keep their relative order in
//! the vector, so each of Django's list operations is one scan. Past the
//! limit (a generated or hostile template with thousands of blocks) the
//! versions move to a table of per-name lists, so no operation scans them
//! all.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::compile::BlockNode;
use crate::support::FastMap;

/// The most versions kept in the flat vector.
const FLAT_LIMIT: usize = 64;

/// Which end of a name's list a version goes to.
#[derive(Clone, Copy)]
enum End {
    Front,
    Back,
}

/// The block overrides of a render.
#[derive(Default)]
pub(crate) struct BlockContext {
    flat: Vec<Arc<BlockNode>>,
    /// Used instead of `flat` once it would pass [`FLAT_LIMIT`] (boxed and
    /// made only then: most renders never need it, and an empty state is
    /// made and moved for every render and include).
    large: Option<Box<ByName>>,
}

type ByName = FastMap<Arc<str>, VecDeque<Arc<BlockNode>>>;

impl BlockContext {
    /// Django's `add_blocks`: the block goes first in its name's list (a
    /// parent's version is below the child's).
    pub(crate) fn add_first(&mut self, block: Arc<BlockNode>) {
        self.put(block, End::Front);
    }

    /// Django's `pop`: takes the version to render next.
    pub(crate) fn pop(&mut self, name: &str) -> Option<Arc<BlockNode>> {
        if let Some(by_name) = &mut self.large {
            return by_name.get_mut(name)?.pop_back();
        }
        let at = self.flat.iter().rposition(|b| &*b.name == name)?;
        Some(self.flat.remove(at))
    }

    /// Django's `push`: puts a version back as the next to render.
    pub(crate) fn push(&mut self, block: Arc<BlockNode>) {
        self.put(block, End::Back);
    }

    /// Adds a version at one end of its name's list.
    fn put(&mut self, block: Arc<BlockNode>, end: End) {
        if self.large.is_none() && self.flat.len() >= FLAT_LIMIT {
            self.grow();
        }
        match (&mut self.large, end) {
            (Some(by_name), End::Front) => by_name
                .entry(block.name.clone())
                .or_default()
                .push_front(block),
            (Some(by_name), End::Back) => by_name
                .entry(block.name.clone())
                .or_default()
                .push_back(block),
            (None, End::Front) => self.flat.insert(0, block),
            (None, End::Back) => self.flat.push(block),
        }
    }

    /// Whether any version of `name` is left.
    pub(crate) fn has(&self, name: &str) -> bool {
        if let Some(by_name) = &self.large {
            return by_name.get(name).is_some_and(|list| !list.is_empty());
        }
        self.flat.iter().any(|b| &*b.name == name)
    }

    /// The names with a version left (for suggestions), repeats included.
    pub(crate) fn names(&self) -> Vec<Arc<str>> {
        if let Some(by_name) = &self.large {
            return by_name
                .iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(name, _)| name.clone())
                .collect();
        }
        self.flat.iter().map(|b| b.name.clone()).collect()
    }

    /// Empties the context, keeping the flat vector's buffer (the table,
    /// rare, goes).
    pub(crate) fn clear(&mut self) {
        self.flat.clear();
        self.large = None;
    }

    /// Moves the flat versions into the table, keeping each name's order.
    fn grow(&mut self) {
        let mut by_name = ByName::default();
        for block in self.flat.drain(..) {
            by_name
                .entry(block.name.clone())
                .or_default()
                .push_back(block);
        }
        self.large = Some(Box::new(by_name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(name: &str, marker: &str) -> Arc<BlockNode> {
        Arc::new(BlockNode {
            name: name.into(),
            body: Box::new([crate::compile::Node::BuiltText(Box::new(marker.into()))]),
            program: None,
            origin: None,
        })
    }

    fn marker(block: &BlockNode) -> &str {
        match block.body.first() {
            Some(crate::compile::Node::BuiltText(t)) => t,
            _ => "",
        }
    }

    /// Django's operations in the order a render makes them, with `filler`
    /// other blocks registered first (to reach the table).
    fn versions_come_back_child_first(filler: usize) {
        let mut blocks = BlockContext::default();
        for i in 0..filler {
            blocks.add_first(block(&format!("other{i}"), "x"));
        }
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
        assert_eq!(blocks.names().len(), 1 + filler);
        blocks.clear();
        assert!(!blocks.has("content"));
        assert!(blocks.names().is_empty());
    }

    #[test]
    fn versions_of_a_name_come_back_child_first_as_in_django() {
        versions_come_back_child_first(0);
    }

    #[test]
    fn many_blocks_move_to_the_table_and_keep_their_order() {
        versions_come_back_child_first(FLAT_LIMIT + 5);
    }
}
