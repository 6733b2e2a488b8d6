//! Django's template language for Rust, in the spirit of Common Lisp's Djula.
//!
//! Templates are loaded from directories, compiled once and rendered many
//! times against any `serde::Serialize` context. Escaping goes through the
//! shared [`filters`] core.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
