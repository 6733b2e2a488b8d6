//! Filter expressions (`user.name|default:"anonymous"|upper`), read with the
//! pest grammar in `expression.pest` into a small syntax tree.

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
    parse_with_grammar(text)
}

/// [`parse`] without the shortcut for bare names.
fn parse_with_grammar(text: &str) -> Result<ExpressionSyntax<'_>, String> {
    let mut pairs = match ExpressionParser::parse(Rule::expression, text) {
        Ok(pairs) => pairs,
        Err(_) => {
            return Err(if text.trim_start().starts_with('|') {
                format!("Could not find variable at start of {text}.")
            } else {
                format!("Could not parse the remainder: '{text}' from '{text}'")
            })
        }
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
