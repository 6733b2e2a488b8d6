//! The shared core of the `djula` template engine and the `spinneret` HTML DSL.
//!
//! Both engines stand on the same three pieces, so that escaping is decided in
//! exactly one place:
//!
//! - [`escape`]: Django-exact HTML escaping (`&` `<` `>` `"` `'`), written into a
//!   caller's buffer without temporary allocations.
//! - [`Safe`]: the marker for text that is already HTML (Django's `SafeString`);
//!   it is never escaped a second time.
//! - [`Render`]: "writes itself as HTML": text is escaped, [`Safe`] is copied,
//!   numbers are printed the way Python prints them.
//!
//! Django's built-in filters live here too, as plain typed functions, one family
//! per module, so spinneret users can call them on their own values.
//!
//! ```
//! use djula_filters::{escape_into, Render, Safe};
//!
//! let mut out = String::new();
//! escape_into(&mut out, "<b>Tom & Jerry</b>");
//! assert_eq!(out, "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
//!
//! let mut page = String::new();
//! Safe::mark("<em>hi</em>").render_to(&mut page);
//! 1.0f64.render_to(&mut page);
//! assert_eq!(page, "<em>hi</em>1.0");
//! ```

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

pub mod casefold;
mod dateformat;
pub mod dates;
pub mod digits;
mod entities;
mod error;
mod escape;
pub mod flags;
pub mod html;
pub mod l10n;
#[rustfmt::skip]
pub mod html5;
mod html_parser;
mod html_text;
pub mod lists;
pub mod numbers;
pub mod plural;
mod pprint;
pub mod py;
mod py_char_classes;
mod py_printable;
mod pyfloat;
mod render;
mod safe;
pub mod spinneret_rules;
mod stringformat;
pub mod text;
mod timesince;
mod unescape;
mod urlize;
mod wrap;

pub use error::{FilterError, MAX_WIDTH};
pub use escape::{escape, escape_fmt, escape_into, needs_escape};
pub use pyfloat::{write_python_float, PythonFloat};
pub use render::Render;
pub use safe::Safe;
