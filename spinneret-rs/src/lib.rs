//! HTML written as Rust code, in the spirit of Common Lisp's Spinneret.
//!
//! The `html!` and `with_page!` macros (from `spinneret-macros`) turn Rust
//! syntax into HTML at compile time; this crate holds the small runtime they
//! expand to. Escaping goes through the shared [`filters`] core.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use filters::{Render, Safe};
