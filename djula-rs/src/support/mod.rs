//! Small helpers every layer may use; they depend on nothing in the crate.
//!
//! - [`stack`]: the guard that keeps recursive passes off the stack's end.
//! - [`suggest`]: "did you mean" by edit distance.
//! - [`template_names`]: relative template names and names inside a
//!   directory, as Django resolves them.
//! - [`FastMap`], [`FastSet`]: hash tables keyed by names.

pub(crate) mod stack;
pub(crate) mod suggest;
pub(crate) mod template_names;

/// A hash map for the tables looked up by name on every compile or
/// render (interned names, filters, the template cache): foldhash, seeded
/// per process, where std's SipHash cost more than the lookup around it.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The set form of [`FastMap`].
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
