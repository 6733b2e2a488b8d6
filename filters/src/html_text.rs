//! Django's `striptags`, `truncatechars_html` and `truncatewords_html`,
//! over [`crate::html_parser`]. Re-exported from [`crate::html`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use unicode_normalization::UnicodeNormalization;

use crate::error::FilterError;
use crate::html_parser::{Parser, Sink};
use crate::py;

/// Django's `MLStripper` round.
struct Stripper {
    out: String,
}

impl Sink for Stripper {
    fn data(&mut self, text: &str) -> Result<(), ()> {
        self.out.push_str(text);
        Ok(())
    }
    fn start_tag(&mut self, _: &str, _: &str, _: bool) -> Result<(), ()> {
        Ok(())
    }
    fn end_tag(&mut self, _: &str) -> Result<(), ()> {
        Ok(())
    }
    fn charref(&mut self, name: &str) {
        self.out.push_str("&#");
        self.out.push_str(name);
        self.out.push(';');
    }
    fn entityref(&mut self, name: &str) {
        self.out.push('&');
        self.out.push_str(name);
        self.out.push(';');
    }
}

fn strip_once(value: &str) -> Result<String, FilterError> {
    let mut p = Parser {
        raw: value,
        convert_charrefs: false,
        cdata_elem: None,
        assertion: None,
    };
    let mut sink = Stripper { out: String::new() };
    // feed() then close(): the second pass sees what the first left.
    let i = p.goahead(0, false, &mut sink).unwrap_or(value.len());
    if p.assertion.is_none() {
        let _ = p.goahead(i, true, &mut sink);
    }
    match p.assertion {
        Some(msg) => Err(assertion_error("striptags", &msg)),
        None => Ok(sink.out),
    }
}

fn assertion_error(filter: &str, msg: &str) -> FilterError {
    FilterError::new(format!(
        "{filter}: HTML parser error (AssertionError in Django): {msg}"
    ))
}

const MAX_STRIP_TAGS_DEPTH: usize = 50;

fn suspicious() -> FilterError {
    FilterError::new("striptags: SuspiciousOperation (too deeply nested or unclosed tags)")
}

/// Django's `striptags`: removes tags, comments and declarations, keeping
/// text (script and style contents too) and character references,
/// repeating until no tag is left. Input built to make that expensive is
/// an error (Django's `SuspiciousOperation`).
///
/// ```
/// use djula_filters::html::striptags;
/// assert_eq!(striptags("<p>Hello <b>world</b>!</p>").unwrap(), "Hello world!");
/// assert_eq!(striptags("a &amp b <!-- c --> 1 < 2").unwrap(), "a &amp; b  1 < 2");
/// ```
pub fn striptags(value: &str) -> Result<String, FilterError> {
    // long_open_tag_without_closing_re: <[a-zA-Z][^>]{1000,}
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(p) = value.get(i..).and_then(|t| t.find('<')).map(|p| i + p) {
        if bytes.get(p + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            let rest = value.get(p + 2..).unwrap_or("");
            let run_len = rest.find('>').unwrap_or(rest.len());
            let run = rest.get(..run_len).unwrap_or("");
            if run.chars().count() >= 1000 {
                if run.matches('<').count() + 1 >= MAX_STRIP_TAGS_DEPTH {
                    return Err(suspicious());
                }
                i = p + 2 + run_len;
                continue;
            }
        }
        i = p + 1;
    }
    let mut value = value.to_owned();
    let mut depth = 0;
    while value.contains('<') && value.contains('>') {
        if depth >= MAX_STRIP_TAGS_DEPTH {
            return Err(suspicious());
        }
        let new_value = strip_once(&value)?;
        if value.matches('<').count() == new_value.matches('<').count() {
            break;
        }
        value = new_value;
        depth += 1;
    }
    Ok(value)
}

const VOID_ELEMENTS: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "frame", "spacer",
];

enum Mode {
    /// `TruncateCharsHTMLParser`: the requested length and the characters
    /// seen so far.
    Chars {
        length: usize,
        processed: usize,
    },
    Words,
}

struct Truncator {
    tags: Vec<String>,
    output: Vec<String>,
    /// Characters in `output` (Python's `sum(len(p) for p in output)`).
    output_len: usize,
    raw_len: usize,
    remaining: usize,
    mode: Mode,
}

impl Truncator {
    fn push(&mut self, s: String) {
        self.output_len += py::len(&s);
        self.output.push(s);
    }
}

/// `re.split(r"(?<=\S)\s+(?=\S)", data)`.
fn split_words(data: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = data.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut k = 0;
    while let Some(&(i, c)) = chars.get(k) {
        let prev_nonspace = k > 0 && chars.get(k - 1).is_some_and(|&(_, p)| !py::is_space(p));
        if py::is_space(c) && prev_nonspace {
            let mut e = k;
            while chars.get(e).is_some_and(|&(_, c)| py::is_space(c)) {
                e += 1;
            }
            if let Some(&(next_i, _)) = chars.get(e) {
                parts.push(data.get(start..i).unwrap_or(""));
                start = next_i;
                k = e;
                continue;
            }
            break;
        }
        k += 1;
    }
    parts.push(data.get(start..).unwrap_or(""));
    parts
}

impl Sink for Truncator {
    fn data(&mut self, data: &str) -> Result<(), ()> {
        let (data_len, output) = match &mut self.mode {
            Mode::Chars { length, processed } => {
                let n = py::len(data);
                *processed += n;
                if *processed == *length && self.output_len + n == self.raw_len {
                    self.push(data.to_owned());
                    return Err(());
                }
                let head: String = data.chars().take(self.remaining).collect();
                (n, crate::escape(&head))
            }
            Mode::Words => {
                let words = split_words(data);
                let keep = words.get(..self.remaining.min(words.len())).unwrap_or(&[]);
                (words.len(), crate::escape(&keep.join(" ")))
            }
        };
        if self.remaining < data_len {
            self.remaining = 0;
            let text = match self.mode {
                Mode::Chars { .. } => format!("{output}…"),
                Mode::Words if output.ends_with(" …") => output,
                Mode::Words => format!("{output} …"),
            };
            self.push(text);
            return Err(());
        }
        self.remaining -= data_len;
        self.push(output);
        Ok(())
    }

    fn start_tag(&mut self, tag: &str, text: &str, self_closing: bool) -> Result<(), ()> {
        self.push(text.to_owned());
        let void = VOID_ELEMENTS.contains(&tag);
        if !void {
            self.tags.push(tag.to_owned());
        }
        if self_closing && !void {
            self.end_tag(tag)?;
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: &str) -> Result<(), ()> {
        if !VOID_ELEMENTS.contains(&tag) {
            self.push(format!("</{tag}>"));
            if self.tags.last().is_some_and(|t| t == tag) {
                self.tags.pop();
            }
        }
        Ok(())
    }
}

fn truncate_html(
    filter: &str,
    text: &str,
    remaining: usize,
    mode: Mode,
) -> Result<String, FilterError> {
    let mut sink = Truncator {
        tags: Vec::new(),
        output: Vec::new(),
        output_len: 0,
        raw_len: py::len(text),
        remaining,
        mode,
    };
    let mut p = Parser {
        raw: text,
        convert_charrefs: true,
        cdata_elem: None,
        assertion: None,
    };
    // Django's feed(): what goahead(0) leaves unparsed is dropped by
    // reset(), so close() sees nothing.
    if p.goahead(0, false, &mut sink).is_err() {
        if let Some(msg) = p.assertion {
            return Err(assertion_error(filter, &msg));
        }
        while let Some(tag) = sink.tags.pop() {
            sink.output.push(format!("</{tag}>"));
        }
    }
    Ok(sink.output.concat())
}

/// Django's `truncatechars_html`: keeps at most `length` characters of
/// text (entities count as one), ending with `…` and closing the tags
/// left open. The text is NFC-normalised first.
///
/// ```
/// use djula_filters::html::truncatechars_html;
/// assert_eq!(truncatechars_html("<p>Hello &amp; world</p>", 8).unwrap(), "<p>Hello &amp;…</p>");
/// assert_eq!(truncatechars_html("<b>abc</b>", 3).unwrap(), "<b>ab…</b>");
/// assert_eq!(truncatechars_html("abc", 3).unwrap(), "abc");
/// assert!(truncatechars_html("<![ x", 3).is_err());
/// ```
pub fn truncatechars_html(value: &str, length: i64) -> Result<String, FilterError> {
    let Ok(length) = usize::try_from(length) else {
        return Ok(String::new());
    };
    if length == 0 {
        return Ok(String::new());
    }
    let text: String = value.nfc().collect();
    truncate_html(
        "truncatechars_html",
        &text,
        length - 1,
        Mode::Chars {
            length,
            processed: 0,
        },
    )
}

/// Django's `truncatewords_html`: keeps at most `length` words of text,
/// ending with ` …` and closing the tags left open. Each run of text
/// between tags is split on its own, so whitespace between tags counts as
/// a word, as in Django.
///
/// ```
/// use djula_filters::html::truncatewords_html;
/// assert_eq!(truncatewords_html("<p>one <a href=\"#\">two - three <br>four</a> five</p>", 4).unwrap(),
///            "<p>one <a href=\"#\">two - three <br> …</a></p>");
/// ```
pub fn truncatewords_html(value: &str, length: i64) -> Result<String, FilterError> {
    let Ok(length) = usize::try_from(length) else {
        return Ok(String::new());
    };
    if length == 0 {
        return Ok(String::new());
    }
    truncate_html("truncatewords_html", value, length, Mode::Words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_like_django() {
        // Expected values printed by Django 6.1 on Python 3.12.1.
        assert_eq!(striptags("<script>alert(1)").unwrap(), "");
        assert_eq!(
            striptags("a &amp b &#39; <b>x</b> <!-- c --> 1 < 2 > 0").unwrap(),
            "a &amp; b &#39; x  1 < 2 > 0"
        );
        assert_eq!(striptags("<a href=\"x>y\">t</a>").unwrap(), "t");
        assert_eq!(striptags("<p>x</p").unwrap(), "x</p");
        let bomb = format!("<x{}", "<".repeat(2000));
        assert!(striptags(&bomb).is_err());
    }

    #[test]
    fn truncate_like_django() {
        assert_eq!(truncatewords_html("hello &amp", 5).unwrap(), "");
        assert_eq!(truncatechars_html("abc <b", 10).unwrap(), "abc ");
        assert_eq!(
            truncatewords_html("<p>one</p> <p>two three</p>", 2).unwrap(),
            "<p>one</p> <p> …</p>"
        );
        assert!(truncatewords_html("<![ x", 3).is_err());
        assert_eq!(striptags("<![CDATA[x]]>y").unwrap(), "y");
        assert_eq!(striptags("<![if x]>y").unwrap(), "y");
        assert_eq!(striptags("<![cdata").unwrap(), "<![cdata");
    }
}
