//! Spinneret's page rules that spinneret's macro (at compile time) and its
//! runtime (the tree renderer, [`Attrs`](https://docs.rs/spinneret-html),
//! the helpers `html!` expands to) both apply: each is written once, here.
//! Which elements and attributes HTML5 has lives in [`crate::html5`].
//!
//! ```
//! use djula_filters::spinneret_rules as rules;
//!
//! assert_eq!(rules::heading_name(rules::heading_level(1)), "h2");
//! assert_eq!(rules::default_attribute("html"), Some(("lang", "en")));
//! ```

/// The level `h*` takes inside `sections` enclosing `section` elements:
/// one more than the depth, clamped to 1–6.
///
/// ```
/// use djula_filters::spinneret_rules::heading_level;
/// assert_eq!(heading_level(0), 1);
/// assert_eq!(heading_level(9), 6);
/// ```
#[inline]
pub fn heading_level(sections: usize) -> u8 {
    // Clamped to 1..=6, so the cast cannot truncate.
    sections.saturating_add(1).clamp(1, 6) as u8
}

/// The element name of a heading level (`1` → `"h1"`), clamped to 1–6.
#[inline]
pub fn heading_name(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// The language of a page that names none (Spinneret's `*html-lang*`).
pub const DEFAULT_LANG: &str = "en";

/// The attribute Spinneret gives an element unless the page sets it:
/// `html` gets `lang` [`DEFAULT_LANG`].
#[inline]
pub fn default_attribute(element: &str) -> Option<(&'static str, &'static str)> {
    (element == "html").then_some(("lang", DEFAULT_LANG))
}

/// The character set of every page (Spinneret's `*html-charset*`,
/// `"UTF-8"`).
///
/// ```
/// use djula_filters::spinneret_rules::{CHARSET, META_CHARSET};
/// assert_eq!(META_CHARSET, format!("<meta charset=\"{CHARSET}\">"));
/// ```
pub const CHARSET: &str = "UTF-8";

/// The `meta` element Spinneret writes first in `head` unless the page
/// gives one with a `charset`: `<meta charset="`[`CHARSET`]`">`.
pub const META_CHARSET: &str = "<meta charset=\"UTF-8\">";

/// True for the element that starts with [`META_CHARSET`]: `head`.
#[inline]
pub fn adds_meta_charset(element: &str) -> bool {
    element == "head"
}

/// True when an element of this name with these attribute names is a
/// `meta charset`, which stands for [`META_CHARSET`].
pub fn is_meta_charset<'a>(element: &str, mut attributes: impl Iterator<Item = &'a str>) -> bool {
    element == "meta" && attributes.any(|a| a == "charset")
}

/// True when `token` goes into a token list (`class`, `rel`, …) that
/// already holds `tokens`: it is not empty and not there yet, so the list
/// stays de-duplicated, first appearance first.
///
/// ```
/// use djula_filters::spinneret_rules::token_is_new;
/// assert!(token_is_new("a b".split(' '), "c"));
/// assert!(!token_is_new("a b".split(' '), "b"));
/// assert!(!token_is_new("a b".split(' '), ""));
/// ```
#[inline]
pub fn token_is_new<'a>(mut tokens: impl Iterator<Item = &'a str>, token: &str) -> bool {
    !token.is_empty() && !tokens.any(|t| t == token)
}

/// Adds `token` to a token list with [`token_is_new`]'s rule; allocates only
/// when it is added.
#[inline]
pub fn add_token<T: AsRef<str> + Into<String>>(tokens: &mut Vec<String>, token: T) {
    if token_is_new(tokens.iter().map(String::as_str), token.as_ref()) {
        tokens.push(token.into());
    }
}

/// True when text joined after `prev` and starting with `next` gets an
/// automatic space between them (see [`crate::html5::space_after`] and
/// [`crate::html5::space_before`]).
///
/// ```
/// use djula_filters::spinneret_rules::wants_space;
/// assert!(wants_space('o', 'w'));
/// assert!(!wants_space('o', '!'));
/// assert!(!wants_space('(', 'w'));
/// ```
#[inline]
pub fn wants_space(prev: char, next: char) -> bool {
    crate::html5::space_after(prev) && crate::html5::space_before(next)
}

/// The attributes Spinneret joins as space-separated token lists
/// (`tags.lisp` `*space-separated-attributes*`).
///
/// ```
/// use djula_filters::spinneret_rules::SPACE_SEPARATED_ATTRIBUTES;
/// assert!(SPACE_SEPARATED_ATTRIBUTES.contains(&"class"));
/// ```
pub const SPACE_SEPARATED_ATTRIBUTES: &[&str] = &[
    "accesskey",
    "class",
    "for",
    "headers",
    "rel",
    "sandbox",
    "sizes",
];

/// Puts attributes in the order Spinneret writes them
/// (`compile.lisp` `simplify-tokenized-attributes`): the
/// [`SPACE_SEPARATED_ATTRIBUTES`] first, the one that appeared last first
/// (Spinneret gathers them in an association list, newest in front), then
/// the others in their order. `name` gives an item's attribute name.
///
/// ```
/// use djula_filters::spinneret_rules::in_spinneret_order;
/// let attrs = vec!["type", "class", "id", "rel"];
/// assert_eq!(in_spinneret_order(attrs, |a| a), ["rel", "class", "type", "id"]);
/// ```
pub fn in_spinneret_order<T>(items: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
    let (mut tokens, others): (Vec<T>, Vec<T>) = items
        .into_iter()
        .partition(|item| SPACE_SEPARATED_ATTRIBUTES.contains(&name(item)));
    tokens.reverse();
    tokens.extend(others);
    tokens
}

/// How Spinneret spells `'` in text and attribute values (`syntax.lisp`
/// `escape-string-char`): `&#39;`, where Django's escaper (shared with
/// djula, see [`crate::escape_into`]) writes `&#x27;`.
///
/// ```
/// use djula_filters::spinneret_rules::{spinneret_text, APOSTROPHE};
/// assert_eq!(spinneret_text("&#x27;"), APOSTROPHE);
/// ```
pub const APOSTROPHE: &str = "&#39;";

/// How Spinneret spells U+00A0 (no-break space) in text and attribute
/// values: `&nbsp;`. Django's escaper leaves the character as is.
///
/// ```
/// use djula_filters::spinneret_rules::{spinneret_text, NO_BREAK_SPACE};
/// assert_eq!(spinneret_text("\u{a0}"), NO_BREAK_SPACE);
/// ```
pub const NO_BREAK_SPACE: &str = "&nbsp;";

/// Text escaped by Django's escaper, respelled as Spinneret escapes text
/// (`& < > " '` and U+00A0 become `&amp; &lt; &gt; &quot; &#39; &nbsp;`):
/// `&#x27;` becomes [`APOSTROPHE`] and U+00A0 [`NO_BREAK_SPACE`]. The
/// two spellings read as the same characters.
///
/// ```
/// use djula_filters::spinneret_rules::spinneret_text;
/// let django = djula_filters::escape("It's <b>\u{a0}");
/// assert_eq!(spinneret_text(&django), "It&#39;s &lt;b&gt;&nbsp;");
/// ```
pub fn spinneret_text(escaped: &str) -> std::borrow::Cow<'_, str> {
    respell(escaped, false)
}

/// An attribute value escaped by Django's escaper, respelled as Spinneret
/// escapes attribute values (`syntax.lisp` `escape-attribute-value`: only
/// `& " '` and U+00A0 are escaped): as [`spinneret_text`], and `&lt;` and
/// `&gt;` become `<` and `>` again. Whether the value then needs quotes is
/// decided on the result (`must-quote?`).
///
/// ```
/// use djula_filters::spinneret_rules::spinneret_attribute_value;
/// let django = djula_filters::escape("a<b & 'c'");
/// assert_eq!(spinneret_attribute_value(&django), "a<b &amp; &#39;c&#39;");
/// ```
pub fn spinneret_attribute_value(escaped: &str) -> std::borrow::Cow<'_, str> {
    respell(escaped, true)
}

fn respell(escaped: &str, attribute: bool) -> std::borrow::Cow<'_, str> {
    const PIECES: [(&str, &str); 4] = [
        ("&#x27;", APOSTROPHE),
        ("\u{a0}", NO_BREAK_SPACE),
        ("&lt;", "<"),
        ("&gt;", ">"),
    ];
    let pieces = if attribute {
        &PIECES[..]
    } else {
        PIECES.get(..2).unwrap_or_default()
    };
    if !pieces.iter().any(|(from, _)| escaped.contains(from)) {
        return std::borrow::Cow::Borrowed(escaped);
    }
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in pieces {
            if let Some(tail) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = tail;
                continue 'outer;
            }
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    std::borrow::Cow::Owned(out)
}

/// One side of the joint between two adjacent content items, as far as it
/// is known: by the macro at compile time, or by the runtime in the HTML
/// written so far ([`side_before`], [`side_after`]).
///
/// ```
/// use djula_filters::spinneret_rules::{side_before, Side};
///
/// assert_eq!(side_before("<p>Hi"), Side::Char('i'));
/// assert_ne!(Side::Tag { spaced: true }, Side::Unknown);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Text that ends (before the joint) or starts (after it) with this character.
    Char(char),
    /// An element's tag; `spaced` for an inline element (`b`, `a`, …, see
    /// [`crate::html5::is_spaced`]), false for a block element's.
    Tag {
        /// True for an inline element, next to which spaces go.
        spaced: bool,
    },
    /// Nothing: the start of a line, or an item that wrote nothing.
    Nothing,
    /// Known only at run time.
    Unknown,
}

/// Spinneret's automatic space, the one rule behind every joint: whether a
/// space goes between `prev` and `next`, or `None` while an unknown side
/// could still decide it either way.
///
/// A space goes only between two written items, never before a tag
/// (Spinneret writes a pending space only before text), never after a
/// block element's tag; after an inline element's tag and between text it
/// follows [`wants_space`].
///
/// ```
/// use djula_filters::spinneret_rules::{space_between, Side};
///
/// assert_eq!(space_between(Side::Char('o'), Side::Char('w')), Some(true));
/// assert_eq!(space_between(Side::Char('o'), Side::Char(',')), Some(false));
/// assert_eq!(space_between(Side::Char('o'), Side::Unknown), None);
/// assert_eq!(space_between(Side::Char('('), Side::Unknown), Some(false));
/// assert_eq!(space_between(Side::Tag { spaced: true }, Side::Char('w')), Some(true));
/// assert_eq!(space_between(Side::Tag { spaced: false }, Side::Unknown), Some(false));
/// assert_eq!(space_between(Side::Char('o'), Side::Tag { spaced: true }), Some(false));
/// ```
#[inline]
pub fn space_between(prev: Side, next: Side) -> Option<bool> {
    let prev = match prev {
        Side::Nothing | Side::Tag { spaced: false } => return Some(false),
        // An inline element's tag ends with `>`, which takes a space after it.
        Side::Tag { spaced: true } => Some('>'),
        Side::Char(c) => Some(c),
        Side::Unknown => None,
    };
    let next = match next {
        Side::Nothing | Side::Tag { .. } => return Some(false),
        Side::Char(c) => Some(c),
        Side::Unknown => None,
    };
    match (prev, next) {
        (Some(a), Some(b)) => Some(wants_space(a, b)),
        (Some(a), None) if !crate::html5::space_after(a) => Some(false),
        (None, Some(b)) if !crate::html5::space_before(b) => Some(false),
        _ => None,
    }
}

/// The side before a joint, read from the end of the HTML written so far
/// (`html[..at]`): a tag when it ends with one, its last character
/// otherwise, [`Side::Nothing`] when it is empty.
///
/// ```
/// use djula_filters::spinneret_rules::{side_before, Side};
///
/// assert_eq!(side_before("<p>Hello"), Side::Char('o'));
/// assert_eq!(side_before("<p>"), Side::Tag { spaced: false });
/// assert_eq!(side_before("<p><b>x</b>"), Side::Tag { spaced: true });
/// assert_eq!(side_before(""), Side::Nothing);
/// ```
pub fn side_before(html: &str) -> Side {
    match html.chars().next_back() {
        None => Side::Nothing,
        Some('>') => match html
            .rfind('<')
            .and_then(|at| html.get(at..))
            .and_then(tag_name)
        {
            Some(name) => Side::Tag {
                spaced: crate::html5::is_spaced(name),
            },
            None => Side::Char('>'),
        },
        Some(c) => Side::Char(c),
    }
}

/// The side after a joint, read from the start of the HTML written after
/// it: a tag when it starts with `<` (text writes `&lt;`), its first
/// character otherwise, [`Side::Nothing`] when it is empty.
///
/// ```
/// use djula_filters::spinneret_rules::{side_after, Side};
///
/// assert_eq!(side_after("world"), Side::Char('w'));
/// assert_eq!(side_after("<b>x</b>"), Side::Tag { spaced: true });
/// assert_eq!(side_after(""), Side::Nothing);
/// ```
pub fn side_after(html: &str) -> Side {
    match html.chars().next() {
        None => Side::Nothing,
        Some('<') => Side::Tag {
            spaced: tag_name(html).is_some_and(crate::html5::is_spaced),
        },
        Some(c) => Side::Char(c),
    }
}

/// The name of the tag `html` starts with (`<div ...` or `</div>`), if any.
fn tag_name(html: &str) -> Option<&str> {
    let rest = html.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest.get(..end).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_clamp() {
        let names: Vec<_> = (0..8).map(|d| heading_name(heading_level(d))).collect();
        assert_eq!(names, ["h1", "h2", "h3", "h4", "h5", "h6", "h6", "h6"]);
        assert_eq!(heading_level(usize::MAX), 6);
    }

    #[test]
    fn defaults() {
        assert_eq!(default_attribute("html"), Some(("lang", "en")));
        assert_eq!(default_attribute("head"), None);
        assert_eq!(META_CHARSET, format!("<meta charset=\"{CHARSET}\">"));
        assert!(adds_meta_charset("head"));
        assert!(!adds_meta_charset("html"));
        assert!(is_meta_charset("meta", ["name", "charset"].into_iter()));
        assert!(!is_meta_charset("meta", ["name"].into_iter()));
        assert!(!is_meta_charset("link", ["charset"].into_iter()));
    }

    #[test]
    fn tokens_dedup_in_order() {
        let mut tokens = Vec::new();
        for t in "b a b  c a".split(' ') {
            add_token(&mut tokens, t);
        }
        add_token(&mut tokens, String::from("c"));
        assert_eq!(tokens, ["b", "a", "c"]);
    }

    #[test]
    fn spinneret_spelling() {
        assert_eq!(spinneret_text("a&#x27;b"), "a&#39;b");
        assert_eq!(spinneret_text("&lt;\u{a0}&gt;"), "&lt;&nbsp;&gt;");
        assert!(matches!(
            spinneret_text("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            spinneret_attribute_value("&lt;&#x27;&amp;&quot;&gt;é"),
            "<&#39;&amp;&quot;>é"
        );
    }

    #[test]
    fn spaces() {
        assert!(wants_space('a', 'b'));
        assert!(!wants_space(' ', 'b'));
        assert!(!wants_space('a', ','));
        assert!(!wants_space('[', 'b'));
    }

    #[test]
    fn space_between_decides_what_it_can() {
        use Side::*;
        let tag = Tag { spaced: true };
        let block = Tag { spaced: false };
        // Both sides known: the rule itself.
        for (a, b) in [('a', 'b'), ('a', ','), ('(', 'b'), (' ', 'b'), ('>', 'x')] {
            assert_eq!(space_between(Char(a), Char(b)), Some(wants_space(a, b)));
        }
        // Never before a tag, never after a block tag or nothing.
        for side in [Char('a'), tag, block, Nothing, Unknown] {
            assert_eq!(space_between(side, tag), Some(false));
            assert_eq!(space_between(side, block), Some(false));
            assert_eq!(space_between(side, Nothing), Some(false));
            assert_eq!(space_between(block, side), Some(false));
            assert_eq!(space_between(Nothing, side), Some(false));
        }
        // After an inline element's tag: as after `>`.
        assert_eq!(space_between(tag, Char('w')), Some(true));
        assert_eq!(space_between(tag, Char('!')), Some(false));
        // One side known: its half decides `false`, or waits.
        assert_eq!(space_between(Char('a'), Unknown), None);
        assert_eq!(space_between(Char('('), Unknown), Some(false));
        assert_eq!(space_between(Unknown, Char('w')), None);
        assert_eq!(space_between(Unknown, Char('.')), Some(false));
        assert_eq!(space_between(Unknown, Unknown), None);
    }

    #[test]
    fn sides_read_from_html() {
        assert_eq!(side_before("x <span>a</span>"), Side::Tag { spaced: true });
        assert_eq!(
            side_before("<div class=\"a\">"),
            Side::Tag { spaced: false }
        );
        assert_eq!(side_before("<br>"), Side::Tag { spaced: false });
        assert_eq!(side_before("a -&gt;"), Side::Char(';'));
        assert_eq!(side_before("x"), Side::Char('x'));
        assert_eq!(side_after("<div>"), Side::Tag { spaced: false });
        assert_eq!(side_after("</a>"), Side::Tag { spaced: true });
        assert_eq!(side_after("&amp;"), Side::Char('&'));
    }
}
