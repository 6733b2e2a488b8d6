//! Djula's fused filter forms, decided at compile time.

use std::sync::Arc;

use super::expr::{Arg, FilterCall};
use crate::builtins::djula::{kept_regex, replace_with, scan_with};
use crate::value::display::text_of;

/// Compiles literal regular expressions at template compile time (a bad
/// pattern is then a compile error; each pattern once per thread, see
/// [`kept_regex`]), and fuses Djula's two-step
/// `replace:"re"|with:"text"` into one filter.
pub(crate) fn bind_regex_filters(calls: Vec<FilterCall>) -> Result<Vec<FilterCall>, String> {
    let mut out: Vec<FilterCall> = Vec::with_capacity(calls.len());
    let mut calls = calls.into_iter().peekable();
    while let Some(call) = calls.next() {
        match &*call.def.name {
            "scan" => {
                if let Some(Arg::Literal(pattern)) = &call.arg {
                    let re = kept_regex(&text_of(pattern)).0?;
                    out.push(FilterCall::new(Arc::new(scan_with(re)), call.arg.clone()));
                    continue;
                }
                out.push(call);
            }
            "replace" => {
                let Some(with) = calls.next_if(|next| &*next.def.name == "with") else {
                    return Err("'replace' must be followed by 'with': replace:\"regex\"|with:\"replacement\"".into());
                };
                let Some(Arg::Literal(pattern)) = &call.arg else {
                    return Err("'replace' needs a literal regular expression".into());
                };
                let re = kept_regex(&text_of(pattern)).0?;
                out.push(FilterCall::new(Arc::new(replace_with(re)), with.arg));
            }
            "with" => return Err("'with' must follow 'replace'".into()),
            _ => out.push(call),
        }
    }
    Ok(out)
}
