//! `djula makemessages`: the translatable strings of templates, as Django's
//! `makemessages` (`templatize`) and Djula's `xgettext-templates` find them,
//! written as a gettext `.pot` file.

use super::expression::unescape_string_literal;
use crate::syntax::lexer::{tokenize, Token, TokenKind};
use crate::syntax::split::split_contents;

/// One translatable string found in a template.
///
/// ```
/// let found = djula::extract_messages("{% load i18n %}\n{% translate 'Hi' %}", "a.html");
/// assert_eq!(found[0].msgid, "Hi");
/// assert_eq!((found[0].file.as_str(), found[0].line), ("a.html", 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedMessage {
    /// The message context (`context "…"`), if any.
    pub context: Option<String>,
    /// The message id, exactly as the renderer looks it up.
    pub msgid: String,
    /// The plural message id (`{% blocktranslate count … %}`).
    pub plural: Option<String>,
    /// The template it was found in.
    pub file: String,
    /// The line (from 1) of the tag or expression.
    pub line: usize,
    /// A `{# Translators: … #}` comment just before it.
    pub comment: Option<String>,
}

/// A quoted literal's text, `None` when `bit` is not one.
fn literal(bit: &str) -> Option<String> {
    let quoted = bit.len() >= 2
        && ((bit.starts_with('"') && bit.ends_with('"'))
            || (bit.starts_with('\'') && bit.ends_with('\'')));
    quoted.then(|| unescape_string_literal(bit))
}

/// Every translatable string of one template's source: `{% translate %}`
/// literals (with `context`, `noop` ones included), `{% blocktranslate %}`
/// messages built as the renderer builds them (`%(name)s` placeholders,
/// `%` doubled, `trimmed` applied, singular and plural), `_("…")`
/// literals, Djula's `{_ "…" _}` and literal `"…"|trans`.
///
/// ```
/// let src = "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} apple{% plural %}{{ counter }} apples{% endblocktranslate %}";
/// let found = djula::extract_messages(src, "t.html");
/// assert_eq!(found[0].msgid, "%(counter)s apple");
/// assert_eq!(found[0].plural.as_deref(), Some("%(counter)s apples"));
/// ```
pub fn extract_messages(source: &str, file: &str) -> Vec<ExtractedMessage> {
    let tokens = tokenize(source);
    let mut found = Vec::new();
    // A `{# Translators: … #}` comment, with its line: it belongs to a
    // message on the same or the next line (as xgettext reads Django's).
    let mut comment: Option<(String, usize)> = None;
    let lines = super::lexer::Lines::default();
    let mut iter = tokens.iter();
    while let Some(token) = iter.next() {
        let line = lines.line(source, token.span.start);
        if comment
            .as_ref()
            .is_some_and(|(_, comment_end)| line > comment_end + 1)
        {
            comment = None;
        }
        let mut add = |context: Option<String>, msgid: String, plural: Option<String>| {
            found.push(ExtractedMessage {
                context,
                msgid,
                plural,
                file: file.to_string(),
                line,
                comment: comment.take().map(|(text, _)| text),
            });
        };
        match token.kind {
            TokenKind::Comment => {
                let text = token.contents.trim();
                if text.starts_with("Translators") {
                    let end = line + token.contents.matches('\n').count();
                    comment = Some((text.to_string(), end));
                }
                continue;
            }
            TokenKind::Text | TokenKind::InlineVerbatim => continue,
            TokenKind::Translation => {
                let bits = split_contents(token.contents);
                if let Some(msgid) = bits.first().and_then(|b| literal(b)) {
                    add(None, msgid, None);
                }
            }
            TokenKind::Var => {
                for msgid in constants(token.contents) {
                    add(None, msgid, None);
                }
                let mut parts = token.contents.split('|').map(str::trim);
                let head = parts.next().and_then(literal);
                if let Some(head) = head {
                    if parts.any(|f| f == "trans") {
                        add(None, head, None);
                    }
                }
            }
            TokenKind::Block => {
                let bits = split_contents(token.contents);
                let name = bits.first().copied().unwrap_or("");
                match name {
                    "trans" | "translate" => {
                        if let Some(msgid) = bits.get(1).and_then(|b| literal(b)) {
                            let context = option_literal(&bits, "context");
                            add(context, msgid.replace('%', "%%"), None);
                        }
                        for msgid in constants(token.contents) {
                            add(None, msgid, None);
                        }
                    }
                    "blocktrans" | "blocktranslate" => {
                        for msgid in constants(token.contents) {
                            add(None, msgid, None);
                        }
                        let context = option_literal(&bits, "context");
                        let counted = bits.contains(&"count");
                        let trimmed = bits.contains(&"trimmed");
                        let end = format!("end{name}");
                        let (singular, plural) = block_message(&mut iter, &end, counted);
                        let (mut singular, mut plural) = (singular, plural);
                        if trimmed {
                            singular = crate::i18n::trim_whitespace(&singular);
                            plural = crate::i18n::trim_whitespace(&plural);
                        }
                        add(context, singular, counted.then_some(plural));
                    }
                    _ => {
                        for msgid in constants(token.contents) {
                            add(None, msgid, None);
                        }
                    }
                }
            }
        }
    }
    found
}

/// The literal after `option` in a tag's bits (`context "…"`).
fn option_literal(bits: &[&str], option: &str) -> Option<String> {
    let at = bits.iter().position(|b| *b == option)?;
    bits.get(at + 1).and_then(|b| literal(b))
}

/// The `_("…")` literals of an expression or tag, `%` doubled as Django
/// looks them up. Django's `constant_re`,
/// `_\(((?:"(?:[^"\\]|\\.)*")|(?:'(?:[^'\\]|\\.)*'))\)`, scanned by hand so
/// that makemessages does not need the optional `regex` feature: matches
/// are leftmost and do not overlap, as `re.finditer`'s.
fn constants(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("_(") {
        let after = &rest[at + 2..];
        match quoted_prefix(after) {
            Some(len) if after[len..].starts_with(')') => {
                found.push(unescape_string_literal(&after[..len]).replace('%', "%%"));
                rest = &after[len + 1..];
            }
            _ => rest = &rest[at + 1..],
        }
    }
    found
}

/// The length of the quoted literal `text` starts with (`"…"` or `'…'`,
/// backslash escapes any character), `None` when it does not start with one.
fn quoted_prefix(text: &str) -> Option<usize> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next()?;
        } else if c == quote {
            return Some(i + 1);
        }
    }
    None
}

/// The singular and plural message ids of a `blocktranslate` body, as
/// Django's `render_token_list` builds them.
fn block_message<'a, I>(tokens: &mut I, end: &str, counted: bool) -> (String, String)
where
    I: Iterator<Item = &'a Token<'a>>,
{
    let mut singular = String::new();
    let mut plural = String::new();
    let mut in_plural = false;
    for token in tokens.by_ref() {
        let target = if in_plural {
            &mut plural
        } else {
            &mut singular
        };
        match token.kind {
            TokenKind::Text => target.push_str(&token.contents.replace('%', "%%")),
            TokenKind::Var => {
                target.push_str("%(");
                target.push_str(token.contents);
                target.push_str(")s");
            }
            TokenKind::Block if token.contents == "plural" && counted => in_plural = true,
            TokenKind::Block if token.contents == end => break,
            _ => {}
        }
    }
    (singular, plural)
}

/// A string as a `.po` file writes it, split after each newline.
fn po_string(keyword: &str, text: &str) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t")
            .replace('\r', "\\r")
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        return format!("{keyword} \"{}\"\n", escape(text));
    }
    let mut out = format!("{keyword} \"\"\n");
    for line in lines {
        out.push_str(&format!("\"{}\"\n", escape(line)));
    }
    out
}

/// Writes messages as a `.pot` template: a header, then one entry per
/// message id and context (first occurrence first), with every `#: file:line`
/// reference, translator comments, and `#, python-format` where the id has
/// `%` placeholders (so `msgfmt --check` verifies translations keep them).
///
/// ```
/// let found = djula::extract_messages("{% load i18n %}{% trans 'Hi' context 'greeting' %}", "a.html");
/// let pot = djula::write_pot(&found);
/// assert!(pot.contains("#: a.html:1\nmsgctxt \"greeting\"\nmsgid \"Hi\"\nmsgstr \"\"\n"));
/// ```
pub fn write_pot(messages: &[ExtractedMessage]) -> String {
    let mut order: Vec<(Option<&str>, &str)> = Vec::new();
    let mut out = String::from(
        "# SOME DESCRIPTIVE TITLE.\n\
         # This file is distributed under the same license as the PACKAGE package.\n\
         #\n\
         #, fuzzy\n\
         msgid \"\"\n\
         msgstr \"\"\n\
         \"Project-Id-Version: PACKAGE VERSION\\n\"\n\
         \"Report-Msgid-Bugs-To: \\n\"\n\
         \"Language: \\n\"\n\
         \"MIME-Version: 1.0\\n\"\n\
         \"Content-Type: text/plain; charset=UTF-8\\n\"\n\
         \"Content-Transfer-Encoding: 8bit\\n\"\n\
         \"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n\"\n",
    );
    // Each message once, in the order first found, with every place it
    // is used: grouped by hash (a project holds thousands of messages).
    let mut places: std::collections::HashMap<(Option<&str>, &str), Vec<&ExtractedMessage>> =
        std::collections::HashMap::new();
    for m in messages {
        let key = (m.context.as_deref(), m.msgid.as_str());
        if m.msgid.is_empty() {
            continue;
        }
        let same = places.entry(key).or_default();
        if same.is_empty() {
            order.push(key);
        }
        same.push(m);
    }
    for (context, msgid) in order {
        let same = places.remove(&(context, msgid)).unwrap_or_default();
        out.push('\n');
        for m in &same {
            if let Some(c) = &m.comment {
                for line in c.lines() {
                    out.push_str(&format!("#. {}\n", line.trim()));
                }
            }
        }
        let references: Vec<String> = same
            .iter()
            .map(|m| format!("{}:{}", m.file, m.line))
            .collect();
        out.push_str(&format!("#: {}\n", references.join(" ")));
        let plural = same.iter().find_map(|m| m.plural.as_deref());
        let formatted = |s: &str| s.contains("%(") || s.contains("%%");
        if formatted(msgid) || plural.is_some_and(formatted) {
            out.push_str("#, python-format\n");
        }
        if let Some(c) = context {
            out.push_str(&po_string("msgctxt", c));
        }
        out.push_str(&po_string("msgid", msgid));
        match plural {
            Some(p) => {
                out.push_str(&po_string("msgid_plural", p));
                out.push_str("msgstr[0] \"\"\nmsgstr[1] \"\"\n");
            }
            None => out.push_str("msgstr \"\"\n"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_form() {
        let src = "{% load i18n %}\n{# Translators: the shop's name #}\n{% translate \"50% off\" context \"sale\" %}\n{{ x|default:_(\"Nothing\") }}{{ \"Title\"|trans }}\n{_ \"salute-person\" :name n _}\n{% blocktranslate trimmed with a=b %}\n  Hello\n  {{ a }}\n{% endblocktranslate %}\n{% with v=_('w') %}{% endwith %}";
        let found = extract_messages(src, "t.html");
        let ids: Vec<(&str, usize)> = found.iter().map(|m| (m.msgid.as_str(), m.line)).collect();
        assert_eq!(
            ids,
            vec![
                ("50%% off", 3),
                ("Nothing", 4),
                ("Title", 4),
                ("salute-person", 5),
                ("Hello %(a)s", 6),
                ("w", 10)
            ]
        );
        assert_eq!(
            found.first().and_then(|m| m.comment.as_deref()),
            Some("Translators: the shop's name")
        );
        assert_eq!(
            found.first().and_then(|m| m.context.as_deref()),
            Some("sale")
        );
        let pot = write_pot(&found);
        assert!(pot.contains("#. Translators: the shop's name\n#: t.html:3\n#, python-format\nmsgctxt \"sale\"\nmsgid \"50%% off\"\n"));
    }

    #[test]
    fn constants_scan_as_djangos_constant_re() {
        // Leftmost, non-overlapping, escapes kept through to the literal,
        // an unclosed or unparenthesised literal skipped.
        assert_eq!(
            constants(r#"_("a\"b") _('c') _("d" ) _(e) __("f") _("g"#),
            vec!["a\"b", "c", "f"]
        );
        assert_eq!(constants(r#"x|default:_("50% off")"#), vec!["50%% off"]);
        assert!(constants("_(").is_empty());
    }
}
