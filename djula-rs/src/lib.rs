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
mod languages;
mod lorem;
mod names;
mod registry;
mod render;
mod stack;
mod suggest;
mod syntax;
mod tags;
mod value;

pub use builtins::{ArgSpec, FilterEnv};
pub use engine::{Engine, Loader, Settings, Template, UrlResolver};
pub use error::{Error, ErrorKind, Span};
pub use global::{
    add_template_directory, compile_template, def_filter, render_template, set_global_engine,
    with_global_engine, GlobalTemplate,
};
pub use i18n::{extract_messages, write_pot, ExtractedMessage};
pub use value::{to_value, ConvertError, Map, TemplateDate, Value, MAX_CONTEXT_DEPTH};

/// A string that is already HTML, for contexts built from Rust structs:
/// it serializes as a safe string (Django's `mark_safe`).
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Ctx { body: djula::SafeString }
/// let e = djula::Engine::new();
/// let html = e.render_str("{{ body }}", &Ctx { body: djula::SafeString("<b>hi</b>".into()) }).unwrap();
/// assert_eq!(html, "<b>hi</b>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeString(pub String);

impl serde::Serialize for SafeString {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(value::SAFE_NEWTYPE, &self.0)
    }
}
