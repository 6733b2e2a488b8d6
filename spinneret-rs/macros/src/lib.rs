//! The proc-macros behind `spinneret`: parsing the DSL and generating code.
//! Use them through the `spinneret` crate, which re-exports them.

#![forbid(unsafe_code)]
