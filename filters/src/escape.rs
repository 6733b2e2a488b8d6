//! Django-exact HTML escaping.
//!
//! Django's `escape()` replaces exactly five characters: `&` `<` `>` `"` `'`,
//! with `&amp;` `&lt;` `&gt;` `&quot;` `&#x27;`. Everything else, including
//! non-ASCII text, is copied unchanged.
//!
//! Speed matters because nearly every byte a template writes goes through here.
//! The scan looks at 16 bytes at a time with a branch-free test the compiler
//! turns into SIMD compares, and clean runs are copied with one `push_str`.

use std::convert::Infallible;
use std::fmt;

/// Bytes examined per step of the fast scan.
const CHUNK: usize = 16;

/// The entity for a byte that needs escaping, or `None`.
#[inline]
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#x27;"),
        _ => None,
    }
}

/// True when some byte of the chunk is one of the five special bytes.
///
/// Branch-free so that it vectorises: `b | 1 == '\''` matches `&` (0x26) and
/// `'` (0x27); `b | 2 == '>'` matches `<` (0x3C) and `>` (0x3E).
#[inline]
fn chunk_needs_escape(chunk: &[u8; CHUNK]) -> bool {
    let mut found = false;
    for &b in chunk {
        found |= (b == b'"') | ((b | 1) == b'\'') | ((b | 2) == b'>');
    }
    found
}

/// Calls `sink` with consecutive pieces whose concatenation is `text` escaped.
/// The one escaping loop; the public functions only choose the sink.
#[inline]
fn escape_pieces<E>(text: &str, mut sink: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut clean_from = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = match bytes.get(at..at + CHUNK) {
            Some(chunk) => {
                let chunk: &[u8; CHUNK] = chunk.try_into().unwrap_or(&[0; CHUNK]);
                if !chunk_needs_escape(chunk) {
                    at += CHUNK;
                    continue;
                }
                at + CHUNK
            }
            None => bytes.len(),
        };
        for (i, &b) in bytes.iter().enumerate().take(end).skip(at) {
            if let Some(entity) = entity(b) {
                // `i` indexes an ASCII byte, so both slice ends are char
                // boundaries; empty clean runs (runs of specials) are skipped.
                if clean_from < i {
                    sink(text.get(clean_from..i).unwrap_or_default())?;
                }
                sink(entity)?;
                clean_from = i + 1;
            }
        }
        at = end;
    }
    sink(text.get(clean_from..).unwrap_or_default())
}

/// Appends `text` to `out`, HTML-escaped exactly as Django's `escape()` does.
///
/// ```
/// let mut out = String::from("<p>");
/// filters::escape_into(&mut out, "It's <b> & \"q\"");
/// assert_eq!(out, "<p>It&#x27;s &lt;b&gt; &amp; &quot;q&quot;");
/// ```
pub fn escape_into(out: &mut String, text: &str) {
    out.reserve(text.len());
    let done: Result<(), Infallible> = escape_pieces(text, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = done;
}

/// Writes `text` HTML-escaped to any [`fmt::Write`].
///
/// ```
/// use std::fmt::Write;
/// let mut out = String::new();
/// filters::escape_fmt(&mut out, "a<b").unwrap();
/// assert_eq!(out, "a&lt;b");
/// ```
pub fn escape_fmt<W: fmt::Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    escape_pieces(text, |piece| out.write_str(piece))
}

/// Returns `text` HTML-escaped, as a new `String`.
///
/// ```
/// assert_eq!(filters::escape("<'>"), "&lt;&#x27;&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious implementation, used as the oracle.
    fn reference(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#x27;".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn every_entity() {
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape(">"), "&gt;");
        assert_eq!(escape("\""), "&quot;");
        assert_eq!(escape("'"), "&#x27;");
    }

    #[test]
    fn neighbours_of_the_special_bytes_are_untouched() {
        // The bit tricks must not catch the bytes next to the special ones.
        let near = "!#$%()*+,-./0123456789:;=?@`~{|}\\^_[]";
        assert_eq!(escape(near), near);
        for b in 0u8..128 {
            let s = (b as char).to_string();
            assert_eq!(escape(&s), reference(&s), "byte {b:#x}");
        }
    }

    #[test]
    fn existing_entities_are_escaped_again() {
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn non_ascii_is_copied() {
        let text = "日本語のテキスト 🎉 café — ünïcödé <日>";
        assert_eq!(escape(text), reference(text));
    }

    #[test]
    fn specials_at_every_offset_around_chunk_edges() {
        for len in 0..40 {
            for pos in 0..len {
                let mut s: Vec<char> = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
                    .chars()
                    .take(len)
                    .collect();
                s[pos] = '<';
                let s: String = s.into_iter().collect();
                assert_eq!(escape(&s), reference(&s), "len {len} pos {pos}");
            }
        }
    }

    #[test]
    fn fmt_writer_matches_string_writer() {
        let text = "x".repeat(33) + "<&>\"' é" + &"y".repeat(20);
        let mut via_fmt = String::new();
        escape_fmt(&mut via_fmt, &text).unwrap();
        assert_eq!(via_fmt, escape(&text));
    }

    #[test]
    fn appends_without_clearing() {
        let mut out = String::from("keep:");
        escape_into(&mut out, "<");
        assert_eq!(out, "keep:&lt;");
    }
}
