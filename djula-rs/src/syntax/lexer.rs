//! Django's lexer: text and the three tag kinds.
//!
//! Django splits a template with the regex `({%.*?%}|{{.*?}}|{#.*?#})`: a tag
//! ends at the first closer on the same line; an opener with no closer on its
//! line is plain text. We scan once, caching the next closer and the next
//! newline, so even a 20 MB line full of `{{` costs linear time.

use crate::error::Span;

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Plain text, written as is.
    Text,
    /// `{{ … }}`.
    Var,
    /// `{% … %}`.
    Block,
    /// `{# … #}`.
    Comment,
    /// Djula's `{$ … $}`: written exactly as it stands (may span lines).
    InlineVerbatim,
    /// Djula's `{_ … _}` translation (may span lines).
    Translation,
}

/// A token: its kind, its contents (trimmed, without delimiters, for tags)
/// and where it sits in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: TokenKind,
    pub contents: &'a str,
    pub span: Span,
}

/// The line (from 1) of byte `offset` of `source`, counted from the start:
/// what [`Lines`] must agree with. (Lines are counted only where a message
/// needs one, not for every token.)
#[cfg(test)]
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    let before = source.as_bytes().get(..offset).unwrap_or(source.as_bytes());
    1 + memchr::memchr_iter(b'\n', before).count()
}

/// Lines of offsets met in any order, for messages: counted on from the
/// offset asked last (a template's errors come in source order, so
/// thousands of them cost one pass), from the start when an offset comes
/// before it.
#[derive(Default)]
pub(crate) struct Lines(std::cell::Cell<(usize, usize)>);

impl Lines {
    /// The line (from 1) of byte `offset` of `source`.
    pub(crate) fn line(&self, source: &str, offset: usize) -> usize {
        let (mut counted_to, mut newlines) = self.0.get();
        let offset = offset.min(source.len());
        if offset < counted_to {
            (counted_to, newlines) = (0, 0);
        }
        let part = source
            .as_bytes()
            .get(counted_to..offset)
            .unwrap_or_default();
        newlines += memchr::memchr_iter(b'\n', part).count();
        self.0.set((offset, newlines));
        1 + newlines
    }
}

/// Where the next closer of one kind is, searched lazily and reused while
/// the scan moves forward, so each byte is searched at most once per kind.
#[derive(Default)]
struct NextMatch {
    /// The cached answer is for a search that started here…
    from: usize,
    /// …and found the needle here (`None`: nowhere after `from`).
    at: Option<usize>,
    valid: bool,
}

impl NextMatch {
    fn find(&mut self, haystack: &str, needle: &str, from: usize) -> Option<usize> {
        let reusable = self.valid && self.from <= from && self.at.is_none_or(|at| at >= from);
        if !reusable {
            self.at = find_ascii(haystack.as_bytes(), needle.as_bytes(), from);
            self.from = from;
            self.valid = true;
        }
        self.at
    }
}

/// The first `needle` (one or two ASCII bytes: a closer or a newline) at
/// or after `from`, found with `memchr`'s vectorized byte search.
fn find_ascii(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, second) = needle.split_first()?;
    let mut at = from;
    loop {
        at += memchr::memchr(first, haystack.get(at..)?)?;
        if haystack.get(at + 1..at + 1 + second.len()) == Some(second) {
            return Some(at);
        }
        at += 1;
    }
}

/// Splits `source` into tokens as Django's `Lexer.tokenize` does, including
/// its `{% verbatim %}` rule (inside verbatim, everything up to the matching
/// `{% endverbatim … %}` is text).
pub(crate) fn tokenize(source: &str) -> Vec<Token<'_>> {
    // About one token per 16 bytes in real templates: one allocation.
    let mut tokens = Vec::with_capacity(source.len() / 16 + 4);
    let mut closers: [NextMatch; 5] = Default::default();
    let mut newline = NextMatch::default();
    let mut verbatim: Option<String> = None;
    let mut text_from = 0;
    let mut search = 0;

    while let Some(open) = source
        .as_bytes()
        .get(search..)
        .and_then(|rest| memchr::memchr(b'{', rest))
        .map(|i| i + search)
    {
        let (kind, closer, which) = match source.as_bytes().get(open + 1) {
            Some(b'%') => (TokenKind::Block, "%}", 0),
            Some(b'{') => (TokenKind::Var, "}}", 1),
            Some(b'#') => (TokenKind::Comment, "#}", 2),
            Some(b'$') => (TokenKind::InlineVerbatim, "$}", 3),
            Some(b'_') => (TokenKind::Translation, "_}", 4),
            _ => {
                search = open + 1;
                continue;
            }
        };
        let inner_from = open + 2;
        let close = closers
            .get_mut(which)
            .and_then(|c| c.find(source, closer, inner_from));
        let next_newline = newline.find(source, "\n", inner_from);
        // Django's tags end on their line; Djula's `{$ $}` and `{_ _}` may span lines.
        let spans_lines = which >= 3;
        let Some(close) = close.filter(|c| spans_lines || next_newline.is_none_or(|nl| nl > *c))
        else {
            search = open + 1;
            continue;
        };
        let end = close + 2;
        let raw = source.get(inner_from..close).unwrap_or_default();
        let contents = if kind == TokenKind::InlineVerbatim {
            raw
        } else {
            raw.trim()
        };
        let is_text = match (&verbatim, kind) {
            (Some(end_tag), TokenKind::Block) => {
                if contents == end_tag {
                    verbatim = None;
                    false
                } else {
                    true
                }
            }
            (Some(_), _) => true,
            (None, TokenKind::Block) => {
                if contents == "verbatim" || contents.starts_with("verbatim ") {
                    verbatim = Some(format!("end{contents}"));
                }
                false
            }
            (None, _) => false,
        };
        if is_text {
            // Stays part of the surrounding text run.
            search = end;
            continue;
        }
        if text_from < open {
            tokens.push(Token {
                kind: TokenKind::Text,
                contents: source.get(text_from..open).unwrap_or_default(),
                span: Span {
                    start: text_from,
                    end: open,
                },
            });
        }
        tokens.push(Token {
            kind,
            contents,
            span: Span { start: open, end },
        });
        text_from = end;
        search = end;
    }
    if text_from < source.len() {
        tokens.push(Token {
            kind: TokenKind::Text,
            contents: source.get(text_from..).unwrap_or_default(),
            span: Span {
                start: text_from,
                end: source.len(),
            },
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_asked_in_any_order_agree_with_counting_from_the_start() {
        let source = "a\nbb\n\nccc\nd";
        let lines = Lines::default();
        // Forwards, backwards, repeated and past the end.
        for offset in [0, 2, 5, 6, 3, 3, 11, 1, 99, 7, 0] {
            assert_eq!(
                lines.line(source, offset),
                line_of(source, offset),
                "offset {offset}"
            );
        }
    }

    fn kinds(source: &str) -> Vec<(TokenKind, &str)> {
        tokenize(source)
            .into_iter()
            .map(|t| (t.kind, t.contents))
            .collect()
    }

    #[test]
    fn splits_the_three_tag_kinds() {
        use TokenKind::*;
        assert_eq!(
            kinds("a{{ x }}b{% if y %}c{# note #}d"),
            vec![
                (Text, "a"),
                (Var, "x"),
                (Text, "b"),
                (Block, "if y"),
                (Text, "c"),
                (Comment, "note"),
                (Text, "d")
            ]
        );
    }

    #[test]
    fn tags_do_not_span_lines() {
        use TokenKind::*;
        assert_eq!(kinds("{{ a\n}}"), vec![(Text, "{{ a\n}}")]);
        assert_eq!(kinds("{{ moo #}"), vec![(Text, "{{ moo #}")]);
        assert_eq!(kinds("{{ a }}}"), vec![(Var, "a"), (Text, "}")]);
    }

    #[test]
    fn first_closer_wins() {
        use TokenKind::*;
        assert_eq!(kinds("{{ a }} }}"), vec![(Var, "a"), (Text, " }}")]);
        assert_eq!(kinds("{% a {{ b %}"), vec![(Block, "a {{ b")]);
    }

    #[test]
    fn verbatim_keeps_tags_as_text() {
        use TokenKind::*;
        assert_eq!(
            kinds("{% verbatim %}{{ a }}{% if %}{% endverbatim %}"),
            vec![
                (Block, "verbatim"),
                (Text, "{{ a }}{% if %}"),
                (Block, "endverbatim")
            ]
        );
        assert_eq!(
            kinds("{% verbatim x %}{% endverbatim %}{% endverbatim x %}"),
            vec![
                (Block, "verbatim x"),
                (Text, "{% endverbatim %}"),
                (Block, "endverbatim x")
            ]
        );
    }

    #[test]
    fn djula_delimiters() {
        use TokenKind::*;
        assert_eq!(
            kinds("a{$ {{ x }}\n $}b"),
            vec![(Text, "a"), (InlineVerbatim, " {{ x }}\n "), (Text, "b")]
        );
        assert_eq!(kinds("{_ \"Hello\" _}"), vec![(Translation, "\"Hello\"")]);
    }

    #[test]
    fn lines_are_counted() {
        let source = "a\nb\n{{ x }}\n{% y %}";
        let tokens = tokenize(source);
        assert_eq!(line_of(source, tokens[1].span.start), 3);
        assert_eq!(line_of(source, tokens[3].span.start), 4);
        let lines = Lines::default();
        let counted: Vec<usize> = tokens
            .iter()
            .map(|t| lines.line(source, t.span.start))
            .collect();
        assert_eq!(counted, [1, 3, 3, 4]);
    }

    #[test]
    fn many_unclosed_openers_stay_linear() {
        let source = "{{ ".repeat(200_000);
        let tokens = tokenize(&source);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].kind, TokenKind::Text);
    }
}
