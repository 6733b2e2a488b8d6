//! The syntax tree of a template: text, variables and tags, each tag with
//! its body already paired with its end tag. Arguments stay as written
//! (with their spans); `compile/` gives them meaning.

use std::borrow::Cow;

use super::lexer::Token;
use crate::error::Span;

/// One piece of a template.
#[derive(Debug)]
pub(crate) enum Ast<'s> {
    /// Text written as is; adjacent text (also across comments) is merged
    /// (borrowed from the source when it is one piece).
    Text(Cow<'s, str>),
    /// `{{ … }}`: its contents are a filter expression.
    Var(Marker<'s>),
    /// Djula's `{_ "message" :key value _}`.
    Translation(Marker<'s>),
    /// `{% … %}` with its body, if the tag has one.
    Tag(Box<Tag<'s>>),
}

/// A tag token as written: contents (without delimiters, trimmed), span
/// and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker<'s> {
    pub contents: &'s str,
    pub span: Span,
}

impl<'s> Marker<'s> {
    /// The tag's name: the first word.
    pub(crate) fn command(&self) -> &'s str {
        self.contents.split_whitespace().next().unwrap_or_default()
    }
}

/// A block tag and its body.
#[derive(Debug)]
pub(crate) struct Tag<'s> {
    /// The opening tag.
    pub head: Marker<'s>,
    pub body: Body<'s>,
}

/// What follows a tag, by its [`super::grammar::Shape`].
#[derive(Debug)]
pub(crate) enum Body<'s> {
    /// A tag on its own (`{% now "Y" %}`).
    None,
    /// Sections up to the end tag: the first opened by the tag itself, each
    /// later one by an intermediate tag (`elif`, `else`, `empty`).
    /// (The first section is kept inline: most tags have only one.)
    Sections {
        first: Section<'s>,
        more: Vec<Section<'s>>,
        end: Marker<'s>,
    },
    /// Tokens not parsed, up to the end tag (`comment`, `blocktranslate`).
    Raw {
        tokens: Vec<Token<'s>>,
        end: Marker<'s>,
    },
    /// The rest of the template (`extends`).
    Rest(Vec<Ast<'s>>),
}

impl<'s> Body<'s> {
    /// Section `index` of the body, if it has that many.
    pub(crate) fn section(&self, index: usize) -> Option<&Section<'s>> {
        match self {
            Body::Sections { first, more, .. } => match index {
                0 => Some(first),
                n => more.get(n - 1),
            },
            _ => None,
        }
    }

    /// Every section of the body, in order.
    pub(crate) fn sections(&self) -> impl Iterator<Item = &Section<'s>> {
        (0..).map_while(|i| self.section(i))
    }
}

/// One section of a tag's body.
#[derive(Debug)]
pub(crate) struct Section<'s> {
    /// The tag that opened the section.
    pub head: Marker<'s>,
    pub nodes: Vec<Ast<'s>>,
}
