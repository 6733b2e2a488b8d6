//! Python's `pprint.pformat` (width 80, sorted dict keys) over JSON-like
//! values, for Django's `pprint` filter. Re-exported from [`crate::html`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use crate::py;
use crate::stringformat::py_repr_str;

const WIDTH: usize = 80;
/// Nesting beyond this prints `...`, where Python would raise
/// `RecursionError` (Django's filter then prints an error message).
const MAX_DEPTH: usize = 200;

/// A Python value as `pprint` sees it: the containers it lays out over
/// lines, and everything else as its `repr()`.
///
/// ```
/// use djula_filters::html::{pformat, PyValue};
/// let v = PyValue::Dict(vec![
///     ("when".into(), PyValue::Repr("datetime.date(2008, 1, 2)".into())),
///     ("n".into(), PyValue::Int(1)),
/// ]);
/// assert_eq!(pformat(&v), "{'n': 1, 'when': datetime.date(2008, 1, 2)}");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum PyValue {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An `int`.
    Int(i128),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<PyValue>),
    /// A dict with text keys (pprint sorts them).
    Dict(Vec<(String, PyValue)>),
    /// Any other value, printed as this `repr()` on one line.
    Repr(String),
}

impl From<&serde_json::Value> for PyValue {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value as J;
        match value {
            J::Null => PyValue::None,
            J::Bool(b) => PyValue::Bool(*b),
            J::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => PyValue::Int(i128::from(i)),
                (_, Some(u)) => PyValue::Int(i128::from(u)),
                _ => PyValue::Float(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => PyValue::Str(s.clone()),
            J::Array(items) => PyValue::List(items.iter().map(PyValue::from).collect()),
            J::Object(map) => PyValue::Dict(
                map.iter()
                    .map(|(k, v)| (k.clone(), PyValue::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Django's `pprint`: Python's `pprint.pformat(value)` for a JSON-like
/// value: `repr()` when it fits in 80 columns, else one item per line,
/// dict keys sorted, long strings split into implicitly joined pieces.
///
/// ```
/// let v = serde_json::json!({"b": 1, "a": [1, 2.5, null, true], "é": "it's"});
/// assert_eq!(djula_filters::html::pprint(&v), r#"{'a': [1, 2.5, None, True], 'b': 1, 'é': "it's"}"#);
/// let long = serde_json::json!((0..30).collect::<Vec<_>>());
/// assert!(djula_filters::html::pprint(&long).starts_with("[0,\n 1,\n 2,"));
/// ```
pub fn pprint(value: &serde_json::Value) -> String {
    pformat(&PyValue::from(value))
}

/// Python's `pprint.pformat(value)` (see [`pprint`]) of a [`PyValue`].
///
/// ```
/// use djula_filters::html::{pformat, PyValue};
/// assert_eq!(pformat(&PyValue::List(vec![PyValue::None, PyValue::Float(1.0)])), "[None, 1.0]");
/// ```
pub fn pformat(value: &PyValue) -> String {
    let mut out = String::new();
    format(&mut out, value, 0, 0, 1);
    out
}

fn sorted_entries(map: &[(String, PyValue)]) -> Vec<(&String, &PyValue)> {
    let mut items: Vec<(&String, &PyValue)> = map.iter().map(|(k, v)| (k, v)).collect();
    // Python compares str by code point; so does Rust's `str` order on
    // valid UTF-8.
    items.sort_by(|a, b| a.0.cmp(b.0));
    items
}

/// `PrettyPrinter._safe_repr`: one-line repr with sorted dict keys.
fn repr(out: &mut String, value: &PyValue, level: usize) {
    if level > MAX_DEPTH {
        out.push_str("...");
        return;
    }
    match value {
        PyValue::None => out.push_str("None"),
        PyValue::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        PyValue::Int(i) => out.push_str(&i.to_string()),
        PyValue::Float(f) => out.push_str(&crate::PythonFloat(*f).to_string()),
        PyValue::Str(s) => out.push_str(&py_repr_str(s, false)),
        PyValue::Repr(r) => out.push_str(r),
        PyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr(out, item, level + 1);
            }
            out.push(']');
        }
        PyValue::Dict(map) => {
            out.push('{');
            for (i, (k, v)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&py_repr_str(k, false));
                out.push_str(": ");
                repr(out, v, level + 1);
            }
            out.push('}');
        }
    }
}

fn repr_string(value: &PyValue, level: usize) -> String {
    let mut s = String::new();
    repr(&mut s, value, level);
    s
}

/// `PrettyPrinter._format`.
fn format(out: &mut String, value: &PyValue, indent: usize, allowance: usize, level: usize) {
    let rep = repr_string(value, level);
    let max_width = WIDTH.saturating_sub(indent).saturating_sub(allowance);
    if py::len(&rep) > max_width && level <= MAX_DEPTH {
        match value {
            PyValue::Dict(map) if !map.is_empty() => {
                out.push('{');
                format_dict_items(out, &sorted_entries(map), indent, allowance + 1, level + 1);
                out.push('}');
                return;
            }
            PyValue::List(items) if !items.is_empty() => {
                out.push('[');
                format_items(out, items, indent, allowance + 1, level + 1);
                out.push(']');
                return;
            }
            PyValue::Str(s) => {
                format_str(out, s, indent, allowance, level + 1);
                return;
            }
            _ => {}
        }
    }
    out.push_str(&rep);
}

fn format_dict_items(
    out: &mut String,
    items: &[(&String, &PyValue)],
    indent: usize,
    allowance: usize,
    level: usize,
) {
    let indent = indent + 1;
    let last_index = items.len().saturating_sub(1);
    for (i, (key, value)) in items.iter().enumerate() {
        let last = i == last_index;
        let rep = py_repr_str(key, false);
        out.push_str(&rep);
        out.push_str(": ");
        format(
            out,
            value,
            indent + py::len(&rep) + 2,
            if last { allowance } else { 1 },
            level,
        );
        if !last {
            out.push_str(",\n");
            out.extend(std::iter::repeat_n(' ', indent));
        }
    }
}

fn format_items(
    out: &mut String,
    items: &[PyValue],
    indent: usize,
    allowance: usize,
    level: usize,
) {
    let indent = indent + 1;
    let last_index = items.len().saturating_sub(1);
    for (i, item) in items.iter().enumerate() {
        let last = i == last_index;
        if i > 0 {
            out.push_str(",\n");
            out.extend(std::iter::repeat_n(' ', indent));
        }
        format(out, item, indent, if last { allowance } else { 1 }, level);
    }
}

/// `re.findall(r'\S*\s*', line)` without the final empty match.
fn word_parts(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in line.char_indices() {
        let space = py::is_space(c);
        if in_space && !space {
            parts.push(line.get(start..i).unwrap_or(""));
            start = i;
        }
        in_space = space;
    }
    if start < line.len() {
        parts.push(line.get(start..).unwrap_or(""));
    }
    parts
}

/// `PrettyPrinter._pprint_str`.
fn format_str(out: &mut String, s: &str, mut indent: usize, mut allowance: usize, level: usize) {
    let lines = crate::py::splitlines_keepends(s);
    if level == 2 {
        // Django's top-level call is `level == 1` inside Python's printer.
        indent += 1;
        allowance += 1;
    }
    let max_width = WIDTH.saturating_sub(indent);
    let mut max_width1 = max_width;
    let mut chunks: Vec<String> = Vec::new();
    let mut last_rep = String::new();
    for (i, line) in lines.iter().enumerate() {
        let rep = py_repr_str(line, false);
        let last_line = i + 1 == lines.len();
        if last_line {
            max_width1 = max_width1.saturating_sub(allowance);
        }
        if py::len(&rep) <= max_width1 {
            chunks.push(rep.clone());
        } else {
            let parts = word_parts(line);
            let mut max_width2 = max_width;
            let mut current = String::new();
            for (j, part) in parts.iter().enumerate() {
                let candidate = format!("{current}{part}");
                if j + 1 == parts.len() && last_line {
                    max_width2 = max_width2.saturating_sub(allowance);
                }
                if py::len(&py_repr_str(&candidate, false)) > max_width2 {
                    if !current.is_empty() {
                        chunks.push(py_repr_str(&current, false));
                    }
                    current = (*part).to_owned();
                } else {
                    current = candidate;
                }
            }
            if !current.is_empty() {
                chunks.push(py_repr_str(&current, false));
            }
        }
        last_rep = rep;
    }
    if chunks.len() == 1 {
        out.push_str(&last_rep);
        return;
    }
    if level == 2 {
        out.push('(');
    }
    for (i, rep) in chunks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(rep);
    }
    if level == 2 {
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_python() {
        // Expected values printed by Python 3.12's pprint.pformat.
        let v = json!({"key": ["a".repeat(30), "b".repeat(30), {"z": 1, "y": [1, 2, 3]}], "other": "x"});
        assert_eq!(
            pprint(&v),
            "{'key': ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n         'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n         {'y': [1, 2, 3], 'z': 1}],\n 'other': 'x'}"
        );
        let words = "lorem ipsum dolor sit amet ".repeat(5);
        assert_eq!(
            pprint(&json!(words)),
            "('lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit '\n 'amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ')"
        );
        assert_eq!(
            pprint(&json!([words])),
            "['lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit '\n 'amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ']"
        );
        assert_eq!(pprint(&json!("a\nb")), "'a\\nb'");
        assert_eq!(
            pprint(&json!({"k": words})),
            "{'k': 'lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor '\n      'sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet '}"
        );
        assert_eq!(pprint(&json!([])), "[]");
    }
}
