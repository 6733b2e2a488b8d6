//! Filter expressions (`user.name|default:"anonymous"|upper`), read into a
//! small syntax tree.
//!
//! The grammar is `expression.pest`. ASCII text, nearly every expression a
//! template holds, is read by [`scan`], the same grammar written by hand
//! (compiling runs it for every `{{ }}` and tag argument, and pest's
//! generic machinery was a third of the compile time); the rest goes to
//! pest, whose `LETTER`, `NUMBER` and `WHITE_SPACE` are the Unicode classes
//! Django's `\w` and `\s` read. A test checks the two agree on every short
//! ASCII text.

use pest::Parser;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "syntax/expression.pest"]
struct ExpressionParser;

/// An operand as written: a quoted string, a number or a variable path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand<'a> {
    /// A string literal, quotes and escapes removed.
    Str(String),
    /// `_("…")`: a string literal to translate.
    Translated(String),
    /// A variable path or number as written (`user.name`, `1.5`, `-2`).
    Name(&'a str),
}

/// One `|name:arg` of an expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilterSyntax<'a> {
    pub name: &'a str,
    pub arg: Option<Operand<'a>>,
}

/// A whole filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExpressionSyntax<'a> {
    pub head: Operand<'a>,
    pub filters: Vec<FilterSyntax<'a>>,
}

/// Parses `text` as a filter expression, with Django's error messages.
pub(crate) fn parse(text: &str) -> Result<ExpressionSyntax<'_>, String> {
    // Most expressions are a bare name (`user.name`, `forloop.counter`):
    // ASCII word characters and dots are all the grammar's `variable`, so
    // such text needs no parser run.
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    {
        return Ok(ExpressionSyntax {
            head: Operand::Name(text),
            filters: Vec::new(),
        });
    }
    if text.is_ascii() {
        return scan(text);
    }
    parse_with_grammar(text)
}

/// `expression.pest` by hand, for ASCII `text`: the same ordered choices
/// and repetitions, so the same tree, the same stopping point and the
/// same messages as [`parse_with_grammar`].
fn scan(text: &str) -> Result<ExpressionSyntax<'_>, String> {
    let bytes = text.as_bytes();
    // expression = { head ~ filter* }
    let Some((head, mut at)) = operand_at(text, 0) else {
        return Err(no_head(text));
    };
    let mut filters = Vec::new();
    // filter = { WHITE_SPACE* ~ "|" ~ WHITE_SPACE* ~ filter_name ~ (":" ~ argument)? }
    loop {
        let bar = skip_space(bytes, at);
        if bytes.get(bar) != Some(&b'|') {
            break;
        }
        let start = skip_space(bytes, bar + 1);
        let Some(name_end) = filter_name_end(bytes, start) else {
            break;
        };
        let mut arg = None;
        at = name_end;
        if bytes.get(name_end) == Some(&b':') {
            if let Some((operand, end)) = operand_at(text, name_end + 1) {
                arg = Some(operand);
                at = end;
            }
        }
        filters.push(FilterSyntax {
            name: text.get(start..name_end).unwrap_or_default(),
            arg,
        });
    }
    if at != text.len() {
        let rest = text.get(at..).unwrap_or_default();
        return Err(format!(
            "Could not parse the remainder: '{rest}' from '{text}'"
        ));
    }
    Ok(ExpressionSyntax { head, filters })
}

/// The message when no operand starts `text`.
fn no_head(text: &str) -> String {
    if text.trim_start().starts_with('|') {
        format!("Could not find variable at start of {text}.")
    } else {
        format!("Could not parse the remainder: '{text}' from '{text}'")
    }
}

/// `head` and `argument`: `constant | variable | number` at `at`, and
/// where it ends.
fn operand_at(text: &str, at: usize) -> Option<(Operand<'_>, usize)> {
    let bytes = text.as_bytes();
    // translated = ${ "_(" ~ string ~ ")" }
    if bytes.get(at..at + 2) == Some(b"_(") {
        if let Some(end) = string_end(bytes, at + 2) {
            if bytes.get(end) == Some(&b')') {
                let literal = text.get(at + 2..end).unwrap_or_default();
                return Some((
                    Operand::Translated(unescape_string_literal(literal)),
                    end + 1,
                ));
            }
        }
    }
    if let Some(end) = string_end(bytes, at) {
        let literal = text.get(at..end).unwrap_or_default();
        return Some((Operand::Str(unescape_string_literal(literal)), end));
    }
    let end = variable_end(bytes, at)?;
    Some((Operand::Name(text.get(at..end)?), end))
}

/// `dq_string | sq_string` at `at`: a quote, then escaped or other
/// characters, then the same quote.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let quote = *bytes.get(at).filter(|&&b| b == b'"' || b == b'\'')?;
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' if i + 1 < bytes.len() => i += 2,
            b'\\' => return None,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// `variable`, Django's `[\w.+-]+`, at `at`.
fn variable_end(bytes: &[u8], at: usize) -> Option<usize> {
    let var_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-');
    let len = bytes.get(at..)?.iter().take_while(|b| var_char(b)).count();
    (len > 0).then_some(at + len)
}

/// `filter_name` at `at`: word characters, in runs joined by single `-`.
fn filter_name_end(bytes: &[u8], at: usize) -> Option<usize> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let run = |from: usize| {
        from + bytes
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| word(b))
            .count()
    };
    let mut end = run(at);
    if end == at {
        return None;
    }
    while bytes.get(end) == Some(&b'-') && bytes.get(end + 1).is_some_and(|&b| word(b)) {
        end = run(end + 1);
    }
    Some(end)
}

/// `WHITE_SPACE*` at `at`, for ASCII: `\t \n \x0b \x0c \r` and space.
fn skip_space(bytes: &[u8], at: usize) -> usize {
    at + bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
        .count()
}

/// [`parse`] without the shortcut for bare names.
fn parse_with_grammar(text: &str) -> Result<ExpressionSyntax<'_>, String> {
    let mut pairs = match ExpressionParser::parse(Rule::expression, text) {
        Ok(pairs) => pairs,
        Err(_) => return Err(no_head(text)),
    };
    let expression = pairs
        .next()
        .ok_or_else(|| format!("Could not parse '{text}'"))?;
    let end = expression.as_span().end();
    if end != text.len() {
        let rest = text.get(end..).unwrap_or_default();
        return Err(format!(
            "Could not parse the remainder: '{rest}' from '{text}'"
        ));
    }
    let mut inner = expression.into_inner();
    let head = inner
        .next()
        .map(operand)
        .ok_or_else(|| format!("Could not find variable at start of {text}."))?;
    let filters = inner
        .map(|filter| {
            let mut parts = filter.into_inner();
            let name = parts.next().map_or("", |p| p.as_str());
            FilterSyntax {
                name,
                arg: parts.next().map(operand),
            }
        })
        .collect();
    Ok(ExpressionSyntax { head, filters })
}

fn operand(pair: pest::iterators::Pair<'_, Rule>) -> Operand<'_> {
    match pair.as_rule() {
        Rule::constant => {
            let inner = pair.into_inner().next();
            match inner {
                Some(p) if p.as_rule() == Rule::translated => {
                    let s = p.into_inner().next().map_or("\"\"", |s| s.as_str());
                    Operand::Translated(unescape_string_literal(s))
                }
                Some(p) => Operand::Str(unescape_string_literal(p.as_str())),
                None => Operand::Str(String::new()),
            }
        }
        _ => Operand::Name(pair.as_str()),
    }
}

/// Django's `unescape_string_literal`: drop the quotes, unescape the quote
/// character and backslashes.
pub(crate) fn unescape_string_literal(literal: &str) -> String {
    let mut chars = literal.chars();
    let Some(quote) = chars.next() else {
        return String::new();
    };
    let body = literal
        .get(quote.len_utf8()..literal.len().saturating_sub(quote.len_utf8()))
        .unwrap_or_default();
    if !body.contains('\\') {
        return body.to_string();
    }
    body.replace(&format!("\\{quote}"), &quote.to_string())
        .replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_heads_and_filters() {
        let e = parse("user.name|default:\"x y\"|upper").unwrap();
        assert_eq!(e.head, Operand::Name("user.name"));
        assert_eq!(e.filters.len(), 2);
        assert_eq!(e.filters[0].name, "default");
        assert_eq!(e.filters[0].arg, Some(Operand::Str("x y".into())));
        assert_eq!(e.filters[1].arg, None);
    }

    #[test]
    fn the_bare_name_shortcut_reads_as_the_grammar_does() {
        for text in [
            "a",
            "user.name",
            "forloop.counter0",
            "1",
            "1.5",
            ".5",
            "a..b",
            "_x",
            "0x1f",
            "e1",
            "a.",
            "items.0",
        ] {
            assert_eq!(parse(text), parse_with_grammar(text), "{text}");
        }
    }

    /// The hand-written scanner reads every ASCII text as the pest grammar
    /// does: all texts of up to four characters from the characters that
    /// matter to the grammar, and longer ones drawn from them.
    #[test]
    fn the_scanner_reads_as_the_grammar_does() {
        const CHARS: &[u8] = b"a1_.-+e|: \t\"'\\()";
        let check = |text: &str| assert_eq!(scan(text), parse_with_grammar(text), "{text:?}");
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for text in &texts {
                for &c in CHARS {
                    let mut t = text.clone();
                    t.push(char::from(c));
                    check(&t);
                    longer.push(t);
                }
            }
            texts = longer;
        }
        // A fixed pseudo-random sequence of longer texts.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let pieces = [
            "a", "x.y", "1", "-2", ".5", "e", "|", " | ", ":", "\"s\"", "'q'", "\\", "_(", ")",
            "_(\"t\")", "f-g", "-", "+", "\t", "\"", "'", "a-b", "upper", "default:",
        ];
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 9) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            check(&text);
        }
    }

    #[test]
    fn spaces_around_the_bar_but_not_the_colon() {
        assert!(parse("a | lower").is_ok());
        assert!(parse("a|default: 1").is_err());
    }

    #[test]
    fn literals() {
        assert_eq!(
            parse("\"a\\\"b\"").unwrap().head,
            Operand::Str("a\"b".into())
        );
        assert_eq!(
            parse("_('hi')").unwrap().head,
            Operand::Translated("hi".into())
        );
        assert_eq!(parse("-5").unwrap().head, Operand::Name("-5"));
    }

    #[test]
    fn django_messages() {
        assert_eq!(
            parse("a b").unwrap_err(),
            "Could not parse the remainder: ' b' from 'a b'"
        );
        assert_eq!(
            parse("|lower").unwrap_err(),
            "Could not find variable at start of |lower."
        );
    }
}
