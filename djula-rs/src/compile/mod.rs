//! Compile: from the syntax tree (`syntax/`) to the nodes the renderer
//! walks, resolving once everything that can be: filter names bound to
//! their functions (an unknown filter is an error here, as in Django),
//! variable paths split, literals parsed, tag arguments read, extends
//! blocks collected, Djula's fused forms decided.

pub(crate) mod analysis;
pub(crate) mod compiler;
pub(crate) mod custom;
pub(crate) mod expr;
mod fused;
pub(crate) mod node;
pub(crate) mod program;
pub(crate) mod tags;

pub(crate) use expr::{Arg, Expr, Head, Path};
pub(crate) use node::*;
// The renderer evaluates conditions in the form the parser gives them.
pub(crate) use crate::syntax::condition::{Compare, Condition};
pub(crate) use compiler::compile_template;
