//! Syntax: from template text to tokens and expressions.
//!
//! - [`lexer`] splits a template into text, `{{ }}`, `{% %}` and `{# #}`
//!   tokens exactly as Django's lexer does (tags never span lines), in
//!   linear time even on hostile input.
//! - [`expression`] reads a filter expression (`var|f:"arg"|g`) with the pest
//!   grammar in `expression.pest`.
//! - [`split`] splits a tag's contents into bits the way Django's
//!   `smart_split` does (quoted strings stay whole).
//! - [`condition`] parses `{% if %}` conditions with Django's precedence.

pub(crate) mod args;
pub(crate) mod ast;
pub(crate) mod condition;
pub(crate) mod expression;
pub(crate) mod grammar;
pub(crate) mod lexer;
pub(crate) mod messages;
pub(crate) mod parser;
pub(crate) mod split;
