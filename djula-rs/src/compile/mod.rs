//! Compile: from tokens to the tree of nodes the renderer walks.
//!
//! Django's parser builds executable nodes directly from the token stream;
//! we do the same, resolving at compile time everything that can be: filter
//! names bound to their functions (an unknown filter is an error here, as in
//! Django), variable paths split, literals parsed, adjacent text merged,
//! block tags paired through a registry of end tags.

pub(crate) mod custom;
pub(crate) mod expr;
mod fused;
pub(crate) mod node;
pub(crate) mod parser;
pub(crate) mod tags;
mod tags_djula;
mod tags_i18n;

pub(crate) use expr::{Arg, Expr, Head, Path};
pub(crate) use node::*;
// The renderer evaluates conditions in the form the parser gives them.
pub(crate) use crate::syntax::condition::{Compare, Condition};
pub(crate) use parser::compile_template;
