//! Django's `Token.split_contents`: split a tag's contents on whitespace,
//! keeping quoted strings (and `_("…")`) whole.

/// Splits tag contents into bits. `a "b c" d='e f'` gives
/// `["a", "\"b c\"", "d='e f'"]`.
pub(crate) fn split_contents(contents: &str) -> Vec<&str> {
    let mut bits = Vec::new();
    let bytes = contents.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_whitespace() {
                break;
            }
            if b == b'"' || b == b'\'' {
                // A quoted run: up to the matching unescaped quote, if any.
                let mut j = i + 1;
                let mut closed = false;
                while let Some(&c) = bytes.get(j) {
                    if c == b'\\' {
                        j += 2;
                        continue;
                    }
                    if c == b {
                        closed = true;
                        break;
                    }
                    j += 1;
                }
                if closed {
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
        bits.push(contents.get(start..i.min(bytes.len())).unwrap_or_default());
    }
    join_translated(contents, bits)
}

/// `_("a b")` may have been split at its inner space: join the pieces back.
fn join_translated<'a>(contents: &'a str, bits: Vec<&'a str>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(bits.len());
    let mut open: Option<(usize, &str)> = None;
    for bit in bits {
        if let Some((start, sentinel)) = open {
            if bit.ends_with(sentinel) {
                let end = offset_of(contents, bit) + bit.len();
                out.push(contents.get(start..end).unwrap_or(bit));
                open = None;
            }
            continue;
        }
        let sentinel = if bit.starts_with("_(\"") {
            Some("\")")
        } else if bit.starts_with("_('") {
            Some("')")
        } else {
            None
        };
        match sentinel {
            Some(s) if !bit.ends_with(s) => open = Some((offset_of(contents, bit), s)),
            _ => out.push(bit),
        }
    }
    if let Some((start, _)) = open {
        out.push(contents.get(start..).unwrap_or_default());
    }
    out
}

/// Byte offset of `part` inside `whole` (it is a subslice).
fn offset_of(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::split_contents;

    #[test]
    fn keeps_quotes_whole() {
        assert_eq!(
            split_contents("a \"b c\" d='e f' g"),
            vec!["a", "\"b c\"", "d='e f'", "g"]
        );
        assert_eq!(split_contents("  x   y "), vec!["x", "y"]);
        assert_eq!(split_contents("'it\\'s x' y"), vec!["'it\\'s x'", "y"]);
    }

    #[test]
    fn unclosed_quote_splits_on_space() {
        assert_eq!(split_contents("\"a b"), vec!["\"a", "b"]);
    }
}
