//! Djula's fused filter forms, decided at compile time.

use std::sync::Arc;

use super::expr::{Arg, FilterCall};
use crate::builtins::djula::{compile_regex, replace_with, scan_with};
use crate::builtins::FilterDef;
use crate::value::display::text_of;

/// Which fused filter a pattern is compiled for.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Fused {
    Scan,
    Replace,
}

/// A compiled pattern's filter, or why the pattern does not compile.
type Compiled = Result<Arc<FilterDef>, String>;

/// At most this many compiled patterns are kept per thread.
const KEPT_PATTERNS: usize = 256;

/// The fused filter of `pattern`, compiled once per thread for as long as
/// it is kept: a pattern costs milliseconds to compile, and a template
/// (or a directory of them) may repeat one many times.
fn fused(kind: Fused, pattern: &str) -> Compiled {
    thread_local! {
        static KEPT: std::cell::RefCell<std::collections::HashMap<(Fused, Box<str>), Compiled>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let key = (kind, Box::<str>::from(pattern));
    if let Some(kept) = KEPT.with(|kept| kept.borrow().get(&key).cloned()) {
        return kept;
    }
    let made = compile_regex(pattern).map(|re| {
        Arc::new(match kind {
            Fused::Scan => scan_with(re),
            Fused::Replace => replace_with(re),
        })
    });
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.len() >= KEPT_PATTERNS {
            kept.clear();
        }
        kept.insert(key, made.clone());
    });
    made
}

/// Compiles literal regular expressions once, at template compile time
/// (a bad pattern is then a compile error), and fuses Djula's two-step
/// `replace:"re"|with:"text"` into one filter.
pub(crate) fn bind_regex_filters(calls: Vec<FilterCall>) -> Result<Vec<FilterCall>, String> {
    let mut out: Vec<FilterCall> = Vec::with_capacity(calls.len());
    let mut calls = calls.into_iter().peekable();
    while let Some(call) = calls.next() {
        match &*call.def.name {
            "scan" => {
                if let Some(Arg::Literal(pattern)) = &call.arg {
                    let def = fused(Fused::Scan, &text_of(pattern))?;
                    out.push(FilterCall::new(def, call.arg.clone()));
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
                let def = fused(Fused::Replace, &text_of(pattern))?;
                out.push(FilterCall::new(def, with.arg));
            }
            "with" => return Err("'with' must follow 'replace'".into()),
            _ => out.push(call),
        }
    }
    Ok(out)
}
