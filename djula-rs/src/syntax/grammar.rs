//! The shape of each tag: whether it has a body, which intermediate tags
//! split the body into sections, and which tag ends it. This is the part
//! of Django's tag compile functions that decides what `parser.parse(…)`
//! stops at; the rest (arguments, meaning) lives in `compile/`.

use std::borrow::Cow;

/// How the body of a tag is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// No body.
    Single,
    /// Sections up to the tag whose first word is `end`. A tag named in
    /// `middles` starts a new section; after one named in `last`, only the
    /// end tag may follow (`{% else %}` ends the `elif`s).
    Block {
        middles: &'static [&'static str],
        last: &'static [&'static str],
        end: Cow<'static, str>,
    },
    /// Tokens kept as they are, up to the tag whose contents are exactly
    /// `end` (Django's `skip_past`, and `blocktranslate`'s own loop).
    Raw { end: String },
    /// The rest of the template (`extends`).
    Rest,
}

const fn block(end: &'static str) -> Shape {
    Shape::Block {
        middles: &[],
        last: &[],
        end: Cow::Borrowed(end),
    }
}

/// A tag the engine knows (Django's, Djula's, or a standard library's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KnownTag {
    pub shape: Shape,
    /// The library `{% load %}` must bring in first, if any.
    pub library: Option<&'static str>,
}

/// The built-in, Djula or library tag `name`, or `None` (then it may be a
/// custom tag, whose shape comes from its kind). One `match`, as this runs
/// for every tag of every template; a test keeps it in step with the
/// tables of `builtins::libraries`.
pub(crate) fn known_tag(name: &str) -> Option<KnownTag> {
    let (shape, library) = match name {
        "autoescape" => (block("endautoescape"), None),
        "block" => (block("endblock"), None),
        "filter" => (block("endfilter"), None),
        "js-script" => (block("endjs-script"), None),
        "partialdef" => (block("endpartialdef"), None),
        "spaceless" => (block("endspaceless"), None),
        // The lexer keeps a verbatim body as text up to its end tag.
        "verbatim" => (block("endverbatim"), None),
        "with" => (block("endwith"), None),
        "cache" => (block("endcache"), Some("cache")),
        "language" => (block("endlanguage"), Some("i18n")),
        "localize" => (block("endlocalize"), Some("l10n")),
        "localtime" => (block("endlocaltime"), Some("tz")),
        "timezone" => (block("endtimezone"), Some("tz")),
        "for" => (
            Shape::Block {
                middles: &["empty"],
                last: &["empty"],
                end: Cow::Borrowed("endfor"),
            },
            None,
        ),
        "if" => (
            Shape::Block {
                middles: &["elif", "else"],
                last: &["else"],
                end: Cow::Borrowed("endif"),
            },
            None,
        ),
        "ifchanged" => (
            Shape::Block {
                middles: &["else"],
                last: &["else"],
                end: Cow::Borrowed("endifchanged"),
            },
            None,
        ),
        "ifequal" | "ifnotequal" => (
            Shape::Block {
                middles: &["else"],
                last: &["else"],
                end: Cow::Owned(format!("end{name}")),
            },
            None,
        ),
        "comment" => (
            Shape::Raw {
                end: "endcomment".into(),
            },
            None,
        ),
        "blocktrans" | "blocktranslate" => (
            Shape::Raw {
                end: format!("end{name}"),
            },
            Some("i18n"),
        ),
        "extends" => (Shape::Rest, None),
        "csp_nonce_attr" | "csrf_token" | "cycle" | "debug" | "firstof" | "include" | "load"
        | "lorem" | "now" | "partial" | "querystring" | "regroup" | "resetcycle"
        | "templatetag" | "url" | "widthratio" | "super" | "js" | "emit-js" | "ssi"
        | "set-language" | "show-language" | "lisp" | "set" | "set-package" => {
            (Shape::Single, None)
        }
        "trans"
        | "translate"
        | "get_current_language"
        | "get_available_languages"
        | "get_language_info"
        | "get_language_info_list"
        | "get_current_language_bidi" => (Shape::Single, Some("i18n")),
        "static" | "get_static_prefix" | "get_media_prefix" => (Shape::Single, Some("static")),
        "get_current_timezone" => (Shape::Single, Some("tz")),
        _ => return None,
    };
    Some(KnownTag { shape, library })
}

impl Shape {
    /// The tags that may end (or continue) a body of this shape once
    /// `closed_middles` is true (a `last` middle was seen), written into
    /// `buffer` (no allocation: a shape has at most a few).
    pub(crate) fn enders<'a>(&'a self, closed_middles: bool, buffer: &mut [&'a str; 4]) -> usize {
        let Shape::Block { middles, end, .. } = self else {
            return 0;
        };
        let mut n = 0;
        let middles: &[&str] = if closed_middles { &[] } else { middles };
        for name in middles.iter().copied().chain([&**end]) {
            if let Some(slot) = buffer.get_mut(n) {
                *slot = name;
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::libraries::{library_of_tag, BUILTIN_TAGS, DJULA_TAGS, LIBRARY_TAGS};

    #[test]
    fn every_known_tag_has_a_shape_and_the_tables_library() {
        let all = BUILTIN_TAGS
            .iter()
            .chain(DJULA_TAGS)
            .chain(LIBRARY_TAGS.iter().flat_map(|(_, tags)| tags.iter()));
        let mut count = 0;
        for name in all {
            let known = known_tag(name).unwrap_or_else(|| panic!("{name} has no shape"));
            assert_eq!(known.library, library_of_tag(name), "{name}");
            count += 1;
        }
        assert_eq!(
            count, 58,
            "a tag was added to the tables: give it a shape here"
        );
        assert!(known_tag("nope").is_none());
    }
}
