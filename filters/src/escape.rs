//! Django-exact HTML escaping.
//!
//! Django's `escape()` replaces exactly five characters: `&` `<` `>` `"` `'`,
//! with `&amp;` `&lt;` `&gt;` `&quot;` `&#x27;`. Everything else, including
//! non-ASCII text, is copied unchanged.
//!
//! Speed matters because nearly every byte a template writes goes through here.
//! Four paths, all safe code:
//!
//! - text of at most 16 bytes (names, numbers, titles: most of what templates
//!   escape) is tested one or two 8-byte words at a time with integer
//!   arithmetic, inlined into the caller; clean, it is one `push_str`;
//! - the scan: 64 bytes at a time with a branch-free test that LLVM turns into
//!   SIMD compares (SSE2 on any x86-64), in a tight loop that does nothing
//!   else; a clean run is then copied with one `push_str`;
//! - a chunk with a few special bytes: its 16-byte blocks are tested the same
//!   way and only dirty blocks are walked byte by byte;
//! - a dense ASCII chunk (four or more special bytes): escaped into a stack
//!   buffer through a table, then appended at once. Escaping byte by byte into
//!   the `String` would cost a memory round-trip of its length per entity
//!   (a byte written into the buffer may alias the length field, so LLVM
//!   reloads it).

use std::convert::Infallible;
use std::fmt;

/// Bytes examined per step of the fast scan.
const CHUNK: usize = 64;

/// Bytes examined per step inside a chunk that needs escaping, and in the tail.
const BLOCK: usize = 16;

/// Special bytes in a chunk from which the table path beats entity pushes.
const DENSE: u8 = 4;

/// True for the five bytes that need escaping, branch-free: `b | 1 == '\''`
/// matches `&` (0x26) and `'` (0x27); `b | 2 == '>'` matches `<` (0x3C) and
/// `>` (0x3E).
#[inline(always)]
fn is_special(b: u8) -> bool {
    (b == b'"') | ((b | 1) == b'\'') | ((b | 2) == b'>')
}

/// True when some byte of `bytes` needs escaping. Folded into a `u8` rather
/// than a `bool` with early exit: that is the form LLVM vectorises fully
/// (`pcmpeqb`/`por`, then one `pmovmskb` per array).
#[inline(always)]
fn array_needs_escape<const N: usize>(bytes: &[u8; N]) -> bool {
    bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(is_special(b)))
        != 0
}

/// How many bytes of the chunk need escaping.
#[inline(always)]
fn special_count(chunk: &[u8; CHUNK]) -> u8 {
    chunk
        .iter()
        .fold(0u8, |acc, &b| acc + u8::from(is_special(b)))
}

/// True when every byte of the chunk is ASCII.
#[inline(always)]
fn is_ascii(chunk: &[u8; CHUNK]) -> bool {
    chunk.iter().fold(0u8, |acc, &b| acc | b) < 0x80
}

/// A byte's replacement padded to eight bytes, and its length.
const fn expansion(b: u8) -> ([u8; 8], usize) {
    match b {
        b'&' => (*b"&amp;\0\0\0", 5),
        b'<' => (*b"&lt;\0\0\0\0", 4),
        b'>' => (*b"&gt;\0\0\0\0", 4),
        b'"' => (*b"&quot;\0\0", 6),
        b'\'' => (*b"&#x27;\0\0", 6),
        _ => ([b, 0, 0, 0, 0, 0, 0, 0], 1),
    }
}

/// [`expansion`] of every byte: the dense path copies eight bytes per input
/// byte and advances by the length. A table: the `match` compiled to
/// branches costs twice as much on text made of special bytes.
// Indexing in a constant: out of range would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const EXPANSION: [([u8; 8], usize); 256] = {
    let mut table = [([0; 8], 0); 256];
    let mut b = 0;
    while b < 256 {
        table[b] = expansion(b as u8);
        b += 1;
    }
    table
};

/// The entity for a byte that needs escaping.
#[inline(always)]
fn entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#x27;",
    }
}

/// Where escaped text goes: a `String` or any [`fmt::Write`].
trait Sink {
    type Error;
    fn push(&mut self, piece: &str) -> Result<(), Self::Error>;
    /// Writes the entity for a special byte.
    fn entity(&mut self, b: u8) -> Result<(), Self::Error>;
}

impl Sink for String {
    type Error = Infallible;
    #[inline(always)]
    fn push(&mut self, piece: &str) -> Result<(), Infallible> {
        self.push_str(piece);
        Ok(())
    }

    #[inline(always)]
    fn entity(&mut self, b: u8) -> Result<(), Infallible> {
        // Six bytes then a cut: every arm copies the same length, so the copy
        // is two stores. Pushing `entity(b)` instead would become a `memcpy`
        // call of unknown length, as LLVM merges the arms.
        let (padded, cut) = match b {
            b'&' => ("&amp;&", 1),
            b'<' => ("&lt;&l", 2),
            b'>' => ("&gt;&g", 2),
            b'"' => ("&quot;", 0),
            _ => ("&#x27;", 0),
        };
        self.push_str(padded);
        self.truncate(self.len() - cut);
        Ok(())
    }
}

/// Any [`fmt::Write`] as a [`Sink`].
struct FmtSink<'a, W: ?Sized>(&'a mut W);

impl<W: fmt::Write + ?Sized> Sink for FmtSink<'_, W> {
    type Error = fmt::Error;
    #[inline(always)]
    fn push(&mut self, piece: &str) -> fmt::Result {
        self.0.write_str(piece)
    }

    #[inline(always)]
    fn entity(&mut self, b: u8) -> fmt::Result {
        self.0.write_str(entity(b))
    }
}

/// Escapes an ASCII chunk into `buf` through [`EXPANSION`]. The running
/// length stays in a register, unlike a `String`'s.
#[inline(always)]
fn expand_ascii<'a>(chunk: &[u8; CHUNK], buf: &'a mut [u8; CHUNK * 6 + 8]) -> &'a str {
    let mut len = 0;
    for &b in chunk {
        let (bytes, n) = EXPANSION.get(usize::from(b)).copied().unwrap_or_default();
        // Never `None`: `len <= 6 * 63` before the last byte.
        if let Some(slot) = buf.get_mut(len..len + 8) {
            slot.copy_from_slice(&bytes);
        }
        len += n;
    }
    // The chunk was ASCII and the entities are, so this is valid UTF-8.
    std::str::from_utf8(buf.get(..len).unwrap_or_default()).unwrap_or_default()
}

/// Escapes the special bytes of `bytes[from..to]` one by one, writing the
/// clean run before each; returns the new start of the unwritten clean run.
#[inline(always)]
fn escape_bytes<S: Sink>(
    sink: &mut S,
    text: &str,
    mut clean_from: usize,
    from: usize,
    to: usize,
) -> Result<usize, S::Error> {
    let span = text.as_bytes().get(from..to).unwrap_or_default();
    for (i, &b) in (from..).zip(span) {
        if is_special(b) {
            // `i` indexes an ASCII byte, so both slice ends are char
            // boundaries; empty clean runs (runs of specials) are skipped.
            if clean_from < i {
                sink.push(text.get(clean_from..i).unwrap_or_default())?;
            }
            sink.entity(b)?;
            clean_from = i + 1;
        }
    }
    Ok(clean_from)
}

/// True when one of the last `bytes.len() % BLOCK` bytes may need escaping
/// (when `bytes` is at least a block long, the last block is tested: it
/// holds them). Overlapping fixed-size windows instead of a byte loop: short
/// texts (names, titles, numbers) are most of what templates escape.
#[inline(always)]
fn tail_needs_escape(bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len >= BLOCK {
        match bytes.get(len - BLOCK..).map(<&[u8; BLOCK]>::try_from) {
            Some(Ok(block)) => array_needs_escape(block),
            _ => true,
        }
    } else if len >= 8 {
        let word = |from: usize| match bytes.get(from..from + 8).map(<[u8; 8]>::try_from) {
            Some(Ok(word)) => u64::from_le_bytes(word),
            _ => u64::from_le_bytes(*b"<<<<<<<<"),
        };
        word_needs_escape(word(0)) || word_needs_escape(word(len - 8))
    } else if len >= 4 {
        let word = |from: usize| match bytes.get(from..from + 4).map(<[u8; 4]>::try_from) {
            Some(Ok(word)) => u64::from(u32::from_le_bytes(word)),
            _ => u64::from_le_bytes(*b"<<<<<<<<"),
        };
        // Padded with a byte that needs no escaping (`a`) to a full word.
        let pad = 0x6161_6161_0000_0000;
        word_needs_escape(word(0) | pad) || word_needs_escape(word(len - 4) | pad)
    } else {
        bytes.iter().any(|&b| is_special(b))
    }
}

/// True when one of the eight bytes of `word` needs escaping: the classic
/// "has a zero byte" test (exact) applied to `word` xor each special pattern.
/// Eight-byte arrays vectorise badly; plain integer arithmetic does not.
#[inline(always)]
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let quote = word ^ (ONES * u64::from(b'"'));
    let amp_apos = (word | ONES) ^ (ONES * u64::from(b'\''));
    let lt_gt = (word | (ONES * 2)) ^ (ONES * u64::from(b'>'));
    (has_zero(quote) | has_zero(amp_apos) | has_zero(lt_gt)) & HIGHS != 0
}

/// Escapes the special bytes of the 16-byte `block` at `from`, found with
/// [`special_bytes`] a word at a time rather than by walking the bytes (a
/// mispredicted branch per special byte); returns the new `clean_from`.
#[inline(always)]
fn escape_block<S: Sink>(
    sink: &mut S,
    text: &str,
    clean_from: usize,
    from: usize,
    block: &[u8; BLOCK],
) -> Result<usize, S::Error> {
    let word = |w: usize| match block.get(w..w + 8).map(<[u8; 8]>::try_from) {
        Some(Ok(word)) => u64::from_le_bytes(word),
        _ => 0,
    };
    let clean_from = escape_word(sink, text, clean_from, from, word(0), 0)?;
    escape_word(sink, text, clean_from, from + 8, word(8), 0)
}

/// Escapes the special bytes of the 8-byte `word` read at `from`, except
/// those before `skip_before` (already handled by an overlapping window);
/// returns the new `clean_from`.
#[inline(always)]
fn escape_word<S: Sink>(
    sink: &mut S,
    text: &str,
    mut clean_from: usize,
    from: usize,
    word: u64,
    skip_before: usize,
) -> Result<usize, S::Error> {
    let mut found = special_bytes(word);
    if skip_before > from {
        found &= u64::MAX
            .checked_shl(8 * (skip_before - from) as u32)
            .unwrap_or(0);
    }
    while found != 0 {
        // Bit 8k+7 marks byte k.
        let i = from + found.trailing_zeros() as usize / 8;
        found &= found - 1;
        let b = text.as_bytes().get(i).copied().unwrap_or_default();
        // `i` indexes an ASCII byte: both slice ends are char boundaries.
        if clean_from < i {
            sink.push(text.get(clean_from..i).unwrap_or_default())?;
        }
        sink.entity(b)?;
        clean_from = i + 1;
    }
    Ok(clean_from)
}

/// The high bit of each byte of `word` that needs escaping, exactly: for
/// each pattern, `!(((x & 0x7f..) + 0x7f..) | x | 0x7f..)` sets bit 7 of a
/// byte iff that byte of `x` is zero, without carries between bytes.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zero_bytes = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
    zero_bytes(word ^ (ONES * u64::from(b'"')))
        | zero_bytes((word | ONES) ^ (ONES * u64::from(b'\'')))
        | zero_bytes((word | (ONES * 2)) ^ (ONES * u64::from(b'>')))
}

/// The start of the first chunk at or after `from` that needs escaping, or
/// of the incomplete tail. A loop that does nothing else, so that the scan
/// keeps its constants in registers.
#[inline(always)]
fn skip_clean(bytes: &[u8], mut from: usize) -> usize {
    while let Some(Ok(chunk)) = bytes.get(from..from + CHUNK).map(<&[u8; CHUNK]>::try_from) {
        if array_needs_escape(chunk) {
            break;
        }
        from += CHUNK;
    }
    from
}

/// Writes `text` escaped to `sink`: the one escaping loop; the public
/// functions only choose the sink.
#[inline(always)]
fn escape_to<S: Sink>(sink: &mut S, text: &str) -> Result<(), S::Error> {
    let bytes = text.as_bytes();
    let mut clean_from = 0;
    let mut at = 0;
    loop {
        at = skip_clean(bytes, at);
        let Some(Ok(chunk)) = bytes.get(at..at + CHUNK).map(<&[u8; CHUNK]>::try_from) else {
            break;
        };
        if is_ascii(chunk) && special_count(chunk) >= DENSE {
            // An ASCII chunk starts and ends on char boundaries.
            if clean_from < at {
                sink.push(text.get(clean_from..at).unwrap_or_default())?;
            }
            let mut buf = [0; CHUNK * 6 + 8];
            sink.push(expand_ascii(chunk, &mut buf))?;
            clean_from = at + CHUNK;
        } else {
            for (k, block) in chunk.chunks_exact(BLOCK).enumerate() {
                if let Ok(block) = <&[u8; BLOCK]>::try_from(block) {
                    if array_needs_escape(block) {
                        clean_from = escape_block(sink, text, clean_from, at + k * BLOCK, block)?;
                    }
                }
            }
        }
        at += CHUNK;
    }
    // The tail, shorter than a chunk: most texts templates write are.
    while let Some(Ok(block)) = bytes.get(at..at + BLOCK).map(<&[u8; BLOCK]>::try_from) {
        if array_needs_escape(block) {
            clean_from = escape_block(sink, text, clean_from, at, block)?;
        }
        at += BLOCK;
    }
    // The last few bytes: overlapping words again, their bytes before `at`
    // (already handled) masked off.
    let len = bytes.len();
    if at < len && tail_needs_escape(bytes) {
        let word = |from: usize| match bytes.get(from..from + 8).map(<[u8; 8]>::try_from) {
            Some(Ok(word)) => Some(u64::from_le_bytes(word)),
            _ => None,
        };
        match (word(len.saturating_sub(16)), word(len.saturating_sub(8))) {
            (Some(first), Some(last)) if len >= 16 => {
                clean_from = escape_word(sink, text, clean_from, len - 16, first, at)?;
                clean_from = escape_word(sink, text, clean_from, len - 8, last, at)?;
            }
            (Some(first), Some(last)) => {
                clean_from = escape_word(sink, text, clean_from, 0, first, at)?;
                clean_from = escape_word(sink, text, clean_from, len - 8, last, 8)?;
            }
            _ => clean_from = escape_bytes(sink, text, clean_from, at, len)?,
        }
    }
    if clean_from < bytes.len() {
        sink.push(text.get(clean_from..).unwrap_or_default())?;
    }
    Ok(())
}

/// Appends `text` to `out`, HTML-escaped exactly as Django's `escape()` does.
///
/// ```
/// let mut out = String::from("<p>");
/// djula_filters::escape_into(&mut out, "It's <b> & \"q\"");
/// assert_eq!(out, "<p>It&#x27;s &lt;b&gt; &amp; &quot;q&quot;");
/// ```
#[inline]
pub fn escape_into(out: &mut String, text: &str) {
    // Short clean text (a name, a number, a title) is the common case: tested
    // with a few overlapping windows inline, it is one `push_str`.
    if text.len() <= BLOCK && !tail_needs_escape(text.as_bytes()) {
        out.push_str(text);
    } else {
        escape_into_outlined(out, text);
    }
}

/// [`escape_into`] past its inlined fast path.
#[inline(never)]
fn escape_into_outlined(out: &mut String, text: &str) {
    out.reserve(text.len());
    let Ok(()) = escape_to(out, text);
}

/// True when escaping would change `text`: it holds one of `&` `<` `>` `"`
/// `'`. Lets a caller copy clean text as is; as fast as the escaper's scan.
///
/// ```
/// assert!(!djula_filters::needs_escape("Guangzhou"));
/// assert!(djula_filters::needs_escape("Tom & Jerry"));
/// ```
#[inline]
pub fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() <= BLOCK {
        tail_needs_escape(bytes)
    } else {
        long_needs_escape(bytes)
    }
}

/// [`needs_escape`] past one block, out of line: the short case stays small
/// enough to be inlined where names and labels are spliced.
#[inline(never)]
fn long_needs_escape(bytes: &[u8]) -> bool {
    let at = skip_clean(bytes, 0);
    match bytes.get(at..) {
        Some(rest) if rest.len() >= CHUNK => true,
        Some(rest) => rest.iter().any(|&b| is_special(b)),
        None => false,
    }
}

/// Writes `text` HTML-escaped to any [`fmt::Write`].
///
/// ```
/// use std::fmt::Write;
/// let mut out = String::new();
/// djula_filters::escape_fmt(&mut out, "a<b").unwrap();
/// assert_eq!(out, "a&lt;b");
/// ```
pub fn escape_fmt<W: fmt::Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    escape_to(&mut FmtSink(out), text)
}

/// Returns `text` HTML-escaped, as a new `String`.
///
/// ```
/// assert_eq!(djula_filters::escape("<'>"), "&lt;&#x27;&gt;");
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

    /// Random texts against the oracle: every length up to past two chunks,
    /// special bytes sparse and dense (both sides of the table path's
    /// threshold), mixed with multi-byte characters that straddle the chunk
    /// and block edges; `escape_fmt` must agree too.
    #[test]
    fn random_texts_match_the_reference() {
        let alphabet: Vec<char> = "<>&\"'abcxyz 019.,;=#%\u{e9}\u{65e5}\u{1f389}\n\0"
            .chars()
            .collect();
        let mut rng = oorandom::Rand32::new(9);
        for round in 0..20_000u32 {
            let len = rng.rand_range(0..3 * CHUNK as u32 + 7) as usize;
            // From no special at all to nearly only specials.
            let density = rng.rand_range(0..101);
            let text: String = (0..len)
                .map(|_| {
                    let special = rng.rand_range(0..100) < density;
                    let pick = if special {
                        rng.rand_range(0..5)
                    } else {
                        rng.rand_range(5..alphabet.len() as u32)
                    };
                    alphabet.get(pick as usize).copied().unwrap_or('a')
                })
                .collect();
            let expected = reference(&text);
            assert_eq!(escape(&text), expected, "round {round}: {text:?}");
            assert_eq!(
                needs_escape(&text),
                expected != text,
                "round {round}: {text:?}"
            );
            let mut via_fmt = String::new();
            escape_fmt(&mut via_fmt, &text).unwrap();
            assert_eq!(via_fmt, expected, "fmt, round {round}: {text:?}");
        }
    }

    #[test]
    fn dense_and_sparse_chunks_at_every_offset() {
        // Specials at every count around the threshold, in every position of
        // a chunk that starts after an unaligned prefix.
        for prefix in 0..BLOCK {
            for count in 0..=CHUNK {
                let mut text = "p".repeat(prefix);
                text.extend((0..CHUNK).map(|i| {
                    if i % (CHUNK / count.max(1)) == 0 && i / (CHUNK / count.max(1)) < count {
                        '&'
                    } else {
                        'x'
                    }
                }));
                text.push_str("tail<");
                assert_eq!(
                    escape(&text),
                    reference(&text),
                    "prefix {prefix} count {count}"
                );
            }
        }
    }

    #[test]
    fn every_byte_at_every_position_of_short_texts() {
        // Short texts take the word-at-a-time test: every ASCII byte (and a
        // multi-byte character) at every position of every length up to past
        // one block.
        for len in 1..=20 {
            for pos in 0..len {
                for b in (0u8..128).map(char::from).chain(['\u{e9}', '\u{1f389}']) {
                    let text: String = (0..len).map(|i| if i == pos { b } else { 'k' }).collect();
                    let expected = reference(&text);
                    assert_eq!(escape(&text), expected, "len {len} pos {pos} {b:?}");
                    assert_eq!(needs_escape(&text), expected != text, "len {len} pos {pos}");
                }
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
