//! Small helpers every layer may use; they depend on nothing in the crate.
//!
//! - [`stack`]: the guard that keeps recursive passes off the stack's end.
//! - [`suggest`]: "did you mean" by edit distance.

pub(crate) mod stack;
pub(crate) mod suggest;
