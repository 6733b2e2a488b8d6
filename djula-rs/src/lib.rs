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
//! Layers, each a folder, each using only those below it (a test,
//! `tests/layering.rs`, keeps it so):
//!
//! | layer | what it holds |
//! |---|---|
//! | `engine/` | [`Engine`], loaders, the cache and reload, [`Template`], [`Engine::check`] |
//! | `render/` | runs compiled templates (the flat program's loop in `vm.rs`, the tree walker for the rest); reaches other templates through a trait the engine implements |
//! | `compile/` | the syntax tree becomes nodes: filters bound, paths split, tag arguments read; loops lowered to a flat program beside them (`program.rs`); the analysis of what a template reads ([`Template::undeclared_variables`]) |
//! | `syntax/` | lexer, parser (the whole template, tags paired with their end tags), expression grammar |
//! | `builtins/` | filter and tag definitions: Django's and Djula's, typed [`Engine::def_filter`] functions, the libraries table |
//! | `settings`, `i18n/`, `error` | [`Settings`] (modes as enums), gettext catalogs, [`Error`] |
//! | `shape/` | [`Shape`]: a context's shape from its Rust type ([`Context`]), and the `const fn` checker of paths |
//! | `value/` | [`Value`] and Python's data model as Django sees it |

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
pub mod shape;
mod support;
mod syntax;
mod value;

pub use builtins::function::{FilterArg, FilterFunction, FilterOutput};
pub use builtins::{ArgSpec, FilterEnv};
/// `#[derive(djula::Context)]`: a struct's [`Shape`], read from its fields
/// and serde attributes (feature `derive`, on by default).
#[cfg(feature = "derive")]
pub use djula_derive::Context;
#[doc(hidden)]
pub use engine::EmbedRead;
pub use engine::{Embedded, Engine, Loader, Template};
pub use error::{Error, ErrorKind, Span};
pub use global::{
    add_template_directory, compile_template, def_filter, render_template, set_global_engine,
    with_global_engine, GlobalTemplate,
};
pub use render::UrlResolver;
#[doc(hidden)]
pub use serde::Serialize as __Serialize;
pub use settings::{Settings, Undefined, DEFAULT_FUEL, INCLUDE_FUEL};
pub use shape::{Context, Field, Shape, Struct};
pub use syntax::messages::{extract_messages, write_pot, ExtractedMessage};
#[doc(hidden)]
pub use value::{__serde_value, __struct_fields, __struct_value, __typed_value, TextArena};
pub use value::{
    to_value, ConvertError, Dict, DictView, Map, Object, SafeString, TemplateDate, Text, ToValue,
    Value, MAX_CONTEXT_DEPTH,
};
