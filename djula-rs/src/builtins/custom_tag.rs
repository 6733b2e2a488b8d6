//! Custom tags registered by the application: simple tags (typed arguments
//! in, text out, Django's `simple_tag`), raw tags (the argument text as
//! written) and block tags (with an end tag; they receive their rendered body,
//! Djula's `def-delimited-tag`).

use std::sync::Arc;

use crate::error::Error;
use crate::value::Value;

type SimpleFn = Arc<dyn Fn(&[Value]) -> Result<Value, Error> + Send + Sync>;
type RawFn = Arc<dyn Fn(&str) -> Result<String, Error> + Send + Sync>;
type BlockFn = Arc<dyn Fn(&[Value], &str) -> Result<String, Error> + Send + Sync>;

/// What a custom tag does with its arguments.
pub(crate) enum TagKind {
    /// Arguments are expressions, evaluated and passed as values.
    Simple(SimpleFn),
    /// The raw argument text after the tag name.
    Raw(RawFn),
    /// Evaluated arguments and the rendered body up to `end<name>`.
    Block(BlockFn),
}

/// A registered custom tag.
pub(crate) struct CustomTag {
    pub name: Box<str>,
    pub kind: TagKind,
}
