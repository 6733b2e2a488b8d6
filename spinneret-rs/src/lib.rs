//! HTML written as Rust code, in the spirit of Common Lisp's Spinneret.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod attrs;
#[rustfmt::skip]
#[allow(dead_code)]
#[path = "../macros/src/html5.rs"]
mod html5;
#[doc(hidden)]
pub mod __private;
mod json;
mod markup;
mod pretty;

pub use attrs::{AttrValue, Attrs, Spread};
pub use filters::{self, Render, Safe};
pub use markup::Markup;
pub use pretty::pretty;
pub use spinneret_macros::{html, html_to, with_page};

/// True when `name` is a tag name `@tag(..)` accepts.
pub fn tag_name_allowed(name: &str) -> bool {
    html5::element_kind(name).is_some() && !matches!(name, "script" | "style")
}

/// Runs `f` as if `depth` `section` elements enclosed it.
pub fn with_section_depth<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    __private::set_section_depth(depth, f)
}
