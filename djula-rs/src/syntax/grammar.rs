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

/// The shape of the built-in, Djula or library tag `name` (one the
/// libraries table knows); custom tags have theirs from their kind.
pub(crate) fn shape_of(name: &str) -> Shape {
    match name {
        "autoescape" => block("endautoescape"),
        "block" => block("endblock"),
        "cache" => block("endcache"),
        "filter" => block("endfilter"),
        "js-script" => block("endjs-script"),
        "language" => block("endlanguage"),
        "localize" => block("endlocalize"),
        "localtime" => block("endlocaltime"),
        "partialdef" => block("endpartialdef"),
        "spaceless" => block("endspaceless"),
        "timezone" => block("endtimezone"),
        // The lexer keeps a verbatim body as text up to its end tag.
        "verbatim" => block("endverbatim"),
        "with" => block("endwith"),
        "for" => Shape::Block {
            middles: &["empty"],
            last: &["empty"],
            end: Cow::Borrowed("endfor"),
        },
        "if" => Shape::Block {
            middles: &["elif", "else"],
            last: &["else"],
            end: Cow::Borrowed("endif"),
        },
        "ifchanged" => Shape::Block {
            middles: &["else"],
            last: &["else"],
            end: Cow::Borrowed("endifchanged"),
        },
        "ifequal" | "ifnotequal" => Shape::Block {
            middles: &["else"],
            last: &["else"],
            end: Cow::Owned(format!("end{name}")),
        },
        "comment" => Shape::Raw {
            end: "endcomment".into(),
        },
        "blocktrans" | "blocktranslate" => Shape::Raw {
            end: format!("end{name}"),
        },
        "extends" => Shape::Rest,
        _ => Shape::Single,
    }
}

impl Shape {
    /// The tags that may end (or continue) a body of this shape once
    /// `closed_middles` is true (a `last` middle was seen).
    pub(crate) fn enders(&self, closed_middles: bool) -> Vec<&str> {
        match self {
            Shape::Block { middles, end, .. } => {
                let mut names: Vec<&str> = if closed_middles {
                    Vec::new()
                } else {
                    middles.to_vec()
                };
                names.push(end);
                names
            }
            _ => Vec::new(),
        }
    }
}
