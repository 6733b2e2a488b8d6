//! Compiled filter expressions: a head (literal or variable path) and a chain
//! of filters bound to their functions.

use std::sync::Arc;

use crate::builtins::{FilterDef, PreparedArg};
use crate::syntax::expression::{self, Operand};
use crate::value::{KeyHint, Value};

/// A compiled `head|filter:arg|…`.
#[derive(Clone, Debug)]
pub(crate) struct Expr {
    pub head: Head,
    pub filters: Filters,
}

/// The filters of an expression, read as a slice: none (the usual case,
/// no allocation) or a boxed slice behind one thin pointer, so that an
/// expression is five words, not six (expressions are much of what a
/// compiled template holds).
#[derive(Clone, Debug, Default)]
pub(crate) struct Filters(Option<Box<Box<[FilterCall]>>>);

impl std::ops::Deref for Filters {
    type Target = [FilterCall];

    #[inline]
    fn deref(&self) -> &[FilterCall] {
        match &self.0 {
            Some(calls) => calls,
            None => &[],
        }
    }
}

impl From<Vec<FilterCall>> for Filters {
    fn from(calls: Vec<FilterCall>) -> Filters {
        Filters((!calls.is_empty()).then(|| Box::new(calls.into_boxed_slice())))
    }
}

impl Filters {
    /// The calls, to change the chain.
    pub(crate) fn into_vec(self) -> Vec<FilterCall> {
        self.0.map(|calls| calls.into_vec()).unwrap_or_default()
    }
}

/// The start of an expression.
#[derive(Clone, Debug)]
pub(crate) enum Head {
    /// A literal: a number, or a string (marked safe, as Django does).
    Literal(Value),
    /// A variable path looked up in the context.
    Path(Path),
    /// `_("…")`: the message id (its `%` doubled, as Django looks it up),
    /// translated at render time into the render's language.
    Translated(Box<str>),
}

/// A variable path (`user.name`, `forloop.counter`), split at compile time.
#[derive(Clone, Debug)]
pub(crate) struct Path {
    /// Interned (see [`crate::names`]), so lookups compare pointers first.
    /// Shared by the copies of the path (a flat program copies the paths
    /// of the loops it lowers), so a copy costs no allocation and keeps the
    /// path's identity ([`Path::site`]).
    pub segments: Arc<[Segment]>,
    /// In a flat program (see [`super::program`]): the loop variable the
    /// first segment names, resolved at compile time; `None` in the node
    /// tree and for names looked up by name.
    pub slot: Option<super::program::Slot>,
}

/// One name of a dotted path, with where its lookup last found it in a
/// dict (see [`KeyHint`]). Reads as the name.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    pub name: Arc<str>,
    pub hint: KeyHint,
}

impl Segment {
    pub(crate) fn new(name: Arc<str>) -> Segment {
        Segment {
            name,
            hint: KeyHint::default(),
        }
    }
}

impl std::ops::Deref for Segment {
    type Target = str;
    fn deref(&self) -> &str {
        &self.name
    }
}

impl Expr {
    /// Makes a string literal the shared copy of its text (see
    /// [`crate::value::names::intern_literal`]), for tags whose literal
    /// never becomes a value a template sees, so its identity (Python's
    /// `is`) cannot show: a template name, a URL name, the message of a
    /// `{% translate %}` printed in place.
    pub(crate) fn share_literal(&mut self) {
        if let (Head::Literal(Value::Safe(text)), []) = (&mut self.head, &*self.filters) {
            *text = crate::value::names::intern_literal(text);
        }
    }
}

impl Path {
    /// The path as written (its segments joined by dots), for
    /// `string_if_invalid`'s `%s` and messages: not kept, as a path is
    /// read far more often than it is shown.
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match &*self.segments {
            [only] => std::borrow::Cow::Borrowed(&only.name),
            segments => std::borrow::Cow::Owned(
                segments
                    .iter()
                    .map(|s| &*s.name)
                    .collect::<Vec<_>>()
                    .join("."),
            ),
        }
    }

    /// The identity of the path as written in a template: the same for
    /// the path in the node tree and its copies in a flat program (the
    /// analysis of reads and the render's lookups name places by it).
    pub(crate) fn site(&self) -> usize {
        self.segments.as_ptr() as *const u8 as usize
    }
}

/// One filter of a chain, bound to its definition.
#[derive(Clone, Debug)]
pub(crate) struct FilterCall {
    pub def: Arc<FilterDef>,
    pub arg: Option<Arg>,
    /// A literal `arg` as the filter's writer reads it, read once here
    /// (see [`FilterDef::prepare`]).
    pub prepared: Option<Box<PreparedArg>>,
}

impl FilterCall {
    /// A call of `def` with `arg`, its literal argument read for the
    /// writer when the filter reads it at compile time.
    pub(crate) fn new(def: Arc<FilterDef>, arg: Option<Arg>) -> FilterCall {
        let prepared = match (&arg, def.prepare) {
            (Some(Arg::Literal(value)), Some(prepare)) => prepare(value).map(Box::new),
            _ => None,
        };
        FilterCall { def, arg, prepared }
    }
}

/// A filter argument.
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Literal(Value),
    Path(Path),
    /// `_("…")`, as [`Head::Translated`].
    Translated(Box<str>),
}

/// A number written in a template, read as Python's `float()`/`int()` do in
/// Django's `Variable`: `None` when it is not a number (then it is a path).
pub(crate) fn parse_number(text: &str) -> Option<Value> {
    // A name (the usual case) starts with a letter. Django tries
    // `float()` only on text with a `.` or an `e`, so Python's special
    // floats (`inf`, `nan`, `infinity`) are names too.
    if text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    // Python's `float()` reads any Unicode decimal digit (`٢`, `९`).
    let text: &str = &filters::py::ascii_digits(text);
    let lower = text.to_ascii_lowercase();
    let plain = lower.replace('_', "");
    if text.starts_with('_') || text.ends_with('_') || text.contains("__") {
        return None;
    }
    if lower.contains('.') || lower.contains('e') {
        if text.ends_with('.') {
            return None;
        }
        let valid = plain
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
            || plain
                .trim_start_matches(['+', '-'])
                .chars()
                .all(|c| c.is_ascii_alphabetic());
        if !valid || plain.contains('_') {
            return None;
        }
        return plain.parse::<f64>().ok().map(Value::Float);
    }
    if !plain
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+')))
    {
        return None;
    }
    // Python's int is unbounded: exact to 128 bits here, past them a float.
    match plain.parse::<i128>() {
        Ok(i) => Some(Value::int(i)),
        Err(_)
            if plain
                .trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c.is_ascii_digit())
                && plain.len() > 1 =>
        {
            plain.parse::<f64>().ok().map(Value::Float)
        }
        Err(_) => None,
    }
}

/// Compiles a variable name or number as Django's `Variable` does.
pub(crate) fn compile_name(text: &str) -> Result<Head, String> {
    if let Some(number) = parse_number(text) {
        return Ok(Head::Literal(number));
    }
    // A segment begins with `_`: the first, or one after a dot. (Names
    // are short: a byte scan, not `split('.')`'s searcher.)
    if text.starts_with('_') || text.as_bytes().windows(2).any(|w| w == b"._") {
        return Err(format!(
            "Variables and attributes may not begin with underscores: '{text}'"
        ));
    }
    // Django's characters of numbers that no name may hold. Djula allows
    // `-` inside a name, between word characters (`user.first-name`).
    let word = |b: Option<&u8>| {
        b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || !b.is_ascii())
    };
    let bytes = text.as_bytes();
    let bad = bytes.iter().enumerate().find_map(|(i, &b)| match b {
        b'+' => Some('+'),
        b'-' if !(i > 0 && word(bytes.get(i - 1)) && word(bytes.get(i + 1))) => Some('-'),
        _ => None,
    });
    if let Some(c) = bad {
        return Err(format!(
            "Invalid character ('{c}') in variable name: '{text}'"
        ));
    }
    // Names repeat across a template and between templates: the text and
    // its segments are the shared copies (one segment: the same one).
    Ok(Head::Path(Path {
        segments: path_segments(text),
        slot: None,
    }))
}

/// The interned segments of a dotted name, in one allocation for the
/// usual one to three (collecting `split` would fill a vector first and
/// copy it).
fn path_segments(text: &str) -> Arc<[Segment]> {
    // Fused: past its end it stays `None`.
    let mut parts = dotted_parts(text).map(|part| Segment::new(crate::value::names::intern(part)));
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(a), None, _, _) => Arc::new([a]),
        (Some(a), Some(b), None, _) => Arc::new([a, b]),
        (Some(a), Some(b), Some(c), None) => Arc::new([a, b, c]),
        (a, b, c, d) => a
            .into_iter()
            .chain(b)
            .chain(c)
            .chain(d)
            .chain(parts)
            .collect(),
    }
}

/// The parts of a dotted name, as `text.split('.')` gives them (empty
/// parts included), found with a byte scan: names are a few bytes, where
/// `split`'s searcher costs more to set up than the scan.
fn dotted_parts(text: &str) -> impl Iterator<Item = &str> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let rest = text.get(from..)?;
        match rest.bytes().position(|b| b == b'.') {
            Some(dot) => {
                start = Some(from + dot + 1);
                rest.get(..dot)
            }
            None => {
                start = None;
                Some(rest)
            }
        }
    })
}

/// A literal operand as Django's `Variable` resolves it.
pub(crate) fn compile_operand(operand: &Operand<'_>) -> Result<Head, String> {
    match operand {
        // Each literal is its own string, as each of Django's `Variable`s
        // makes its own `SafeString`: `{% if "a" is "a" %}` is false.
        Operand::Str(s) => Ok(Head::Literal(Value::safe(s.as_str()))),
        // Translation is the identity until a catalog is loaded; Django
        // doubles `%` before looking the message up.
        Operand::Translated(s) => Ok(Head::Translated(s.replace('%', "%%").into())),
        Operand::Name(name) => compile_name(name),
    }
}

/// Looks a filter up by name; the error carries Django's message.
pub(crate) type FilterLookup<'a> = dyn Fn(&str) -> Option<Arc<FilterDef>> + 'a;

/// Compiles a whole filter expression.
pub(crate) fn compile_expr(
    text: &str,
    lookup: &FilterLookup<'_>,
) -> Result<Expr, CompileExprError> {
    let syntax = expression::parse(text).map_err(CompileExprError::Syntax)?;
    let head = compile_operand(&syntax.head).map_err(CompileExprError::Syntax)?;
    let mut filters = Vec::with_capacity(syntax.filters.len());
    for f in &syntax.filters {
        let def =
            lookup(f.name).ok_or_else(|| CompileExprError::UnknownFilter(f.name.to_string()))?;
        let arg = match &f.arg {
            None => None,
            Some(operand) => Some(
                match compile_operand(operand).map_err(CompileExprError::Syntax)? {
                    Head::Literal(v) => Arg::Literal(v),
                    Head::Path(p) => Arg::Path(p),
                    Head::Translated(m) => Arg::Translated(m),
                },
            ),
        };
        def.check_arity(arg.is_some())
            .map_err(CompileExprError::Syntax)?;
        filters.push(FilterCall::new(def, arg));
    }
    let filters = super::fused::bind_regex_filters(filters).map_err(CompileExprError::Syntax)?;
    Ok(Expr {
        head,
        filters: filters.into(),
    })
}

/// Why an expression did not compile.
#[derive(Debug)]
pub(crate) enum CompileExprError {
    Syntax(String),
    UnknownFilter(String),
}

impl Expr {
    /// A literal expression with no filters.
    pub(crate) fn literal(value: Value) -> Expr {
        Expr {
            head: Head::Literal(value),
            filters: Filters::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dotted_parts_split_as_split_does() {
        for text in [
            "",
            "a",
            "a.b",
            "a.b.c.d.e",
            ".",
            "a.",
            ".a",
            "a..b",
            "é.ü.x",
        ] {
            let ours: Vec<&str> = super::dotted_parts(text).collect();
            let std: Vec<&str> = text.split('.').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn numbers_as_python_reads_them() {
        assert!(matches!(parse_number("1"), Some(Value::Int(1))));
        assert!(matches!(parse_number("-2"), Some(Value::Int(-2))));
        assert!(matches!(parse_number("1.5"), Some(Value::Float(f)) if f == 1.5));
        assert!(matches!(parse_number("1e3"), Some(Value::Float(f)) if f == 1000.0));
        assert!(parse_number("1.2.3").is_none());
        assert!(parse_number("1.").is_none());
        assert!(parse_number("abc").is_none());
        // Django reads `float()` only where there is a `.` or an `e`.
        for name in ["inf", "nan", "Infinity", "-inf", "+nan"] {
            assert!(parse_number(name).is_none(), "{name}");
        }
    }
}
