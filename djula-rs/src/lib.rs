//! Django's template language for Rust, in the spirit of Common Lisp's Djula.
//!
//! Templates are loaded from directories (or memory, or any [`Loader`]),
//! compiled once and rendered many times against any `serde::Serialize`
//! context. Escaping goes through the shared [`filters`] core.
//!
//! ```
//! let mut engine = djula::Engine::new();
//! engine.add_template("hello.html", "Hello, {{ name|default:'world' }}!").unwrap();
//! let page = engine.template("hello.html").unwrap();
//! assert_eq!(page.render(&serde_json::json!({"name": "<Ann>"})).unwrap(), "Hello, &lt;Ann&gt;!");
//! ```
//!
//! The pipeline, one folder each: `syntax/` (lexer, pest expression
//! grammar, `{% if %}` conditions) → `compile/` (nodes with filters bound
//! and paths split) → `render/` (one output buffer) → `value/` (the runtime
//! value built from serde).

#![forbid(unsafe_code)]
// Library code does not panic: no unwrap, expect, panic! or unchecked indexing
// outside tests (a few proven exceptions carry an `allow` with the reason).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
#![warn(missing_docs)]

#[cfg(feature = "axum")]
pub mod axum;
mod builtins;
mod compile;
mod engine;
mod error;
mod global;
mod i18n;
mod render;
mod settings;
mod support;
mod syntax;
mod value;

pub use builtins::function::{FilterArg, FilterFunction, FilterOutput};
pub use builtins::{ArgSpec, FilterEnv};
pub use engine::{Engine, Loader, Template};
pub use error::{Error, ErrorKind, Span};
pub use global::{
    add_template_directory, compile_template, def_filter, render_template, set_global_engine,
    with_global_engine, GlobalTemplate,
};
pub use render::UrlResolver;
pub use settings::{Settings, Undefined, DEFAULT_FUEL, INCLUDE_FUEL};
pub use syntax::messages::{extract_messages, write_pot, ExtractedMessage};
pub use value::{to_value, ConvertError, Map, SafeString, TemplateDate, Value, MAX_CONTEXT_DEPTH};
