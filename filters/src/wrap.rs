//! Django's `wordwrap` (Python's `textwrap` with Django's settings).
//! Re-exported from [`crate::text`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use crate::error::FilterError;
use crate::py;

/// Python's `textwrap.TextWrapper(width, break_long_words=False,
/// break_on_hyphens=False, replace_whitespace=False).wrap(line)`.
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let text = py::expandtabs(line);
    // Chunks: runs of ASCII whitespace and runs of anything else.
    let is_ws = |c: char| matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ');
    let mut chunks: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut prev: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let ws = is_ws(c);
        if prev.is_some_and(|p| p != ws) {
            chunks.push(text.get(start..i).unwrap_or(""));
            start = i;
        }
        prev = Some(ws);
    }
    if start < text.len() {
        chunks.push(text.get(start..).unwrap_or(""));
    }
    chunks.reverse();
    let blank = |s: &str| py::strip(s).is_empty();
    let mut lines = Vec::new();
    while !chunks.is_empty() {
        let mut cur: Vec<&str> = Vec::new();
        let mut cur_len = 0usize;
        if chunks.last().is_some_and(|c| blank(c)) && !lines.is_empty() {
            chunks.pop();
        }
        while let Some(&chunk) = chunks.last() {
            let l = py::len(chunk);
            if cur_len + l <= width {
                cur.push(chunk);
                cur_len += l;
                chunks.pop();
            } else {
                break;
            }
        }
        if chunks.last().is_some_and(|c| py::len(c) > width) && cur.is_empty() {
            if let Some(chunk) = chunks.pop() {
                cur.push(chunk);
            }
        }
        if cur.last().is_some_and(|c| blank(c)) {
            cur.pop();
        }
        if !cur.is_empty() {
            lines.push(cur.concat());
        }
    }
    lines
}

/// Django's `wordwrap`: wraps words at `width` characters, keeping existing
/// line breaks; long words are not broken. A width below 1 is an error, as
/// in Django.
///
/// ```
/// assert_eq!(djula_filters::text::wordwrap("this is a long paragraph of text", 14).unwrap(),
///            "this is a long\nparagraph of\ntext");
/// ```
pub fn wordwrap(value: &str, width: i64) -> Result<String, FilterError> {
    if width <= 0 {
        return Err(FilterError::new(format!(
            "wordwrap: invalid width {width} (must be > 0)"
        )));
    }
    let width = usize::try_from(width).unwrap_or(usize::MAX);
    let mut result: Vec<String> = Vec::new();
    for line in py::splitlines(value) {
        let wrapped = wrap_line(line, width);
        if wrapped.is_empty() {
            result.push(line.to_owned());
        } else {
            result.extend(wrapped);
        }
    }
    if value.ends_with('\n') {
        result.push(String::new());
    }
    Ok(result.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(
            wordwrap(
                "this is a long paragraph of text that really needs to be wrapped I'm afraid",
                14
            )
            .unwrap(),
            "this is a long\nparagraph of\ntext that\nreally needs\nto be wrapped\nI'm afraid"
        );
        assert_eq!(
            wordwrap(
                "this is a short paragraph of text.\n  But this line should be indented",
                15
            )
            .unwrap(),
            "this is a short\nparagraph of\ntext.\n  But this line\nshould be\nindented"
        );
        assert_eq!(wordwrap("a\n", 3).unwrap(), "a\n");
        assert_eq!(wordwrap("   ", 1).unwrap(), "   ");
        assert_eq!(wordwrap("abcdefghij klm", 3).unwrap(), "abcdefghij\nklm");
        assert!(wordwrap("x", -1).is_err());
    }
}
