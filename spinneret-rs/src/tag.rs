//! [`TagName`]: the checked name of an element chosen at run time.

use std::fmt;
use std::str::FromStr;

use crate::html5::{self, TagNameError};

/// The name of an element chosen at run time, checked when it is made: what
/// [`html!`](crate::html)'s `@tag(..)` takes (Spinneret's `(:tag :name …)`).
///
/// [`TagName::parse`] accepts an HTML5, SVG, MathML or custom element name
/// (see [`tag_name_allowed`](crate::tag_name_allowed)), optionally followed
/// by Spinneret's selector shorthand: `.class` parts and a `#id`
/// (`section.news.wide#top`). Anything else is a [`TagNameError`]: an
/// unknown name, `script` or `style`, a void element (`br`, `img`, …: an
/// element chosen at run time always has content and an end tag), or a
/// malformed shorthand (`div.`, `div..a`, `#id`). Names are matched as
/// written: HTML names in lower case, SVG names as SVG spells them
/// (`linearGradient`).
///
/// The shorthand's classes come first in the element's `class`, merged
/// with the element's own; its id is the element's id (the leftmost value
/// wins, as in Spinneret).
///
/// ```
/// use spinneret::{html, TagName, TagNameError};
///
/// fn card(kind: &str) -> Result<spinneret::Markup, TagNameError> {
///     let tag = TagName::parse(kind)?;
///     Ok(html! { @tag(tag).card { "hi" } })
/// }
/// assert_eq!(card("article.news")?.as_str(), r#"<article class="news card">hi</article>"#);
/// assert_eq!(card("my-card")?.as_str(), r#"<my-card class="card">hi</my-card>"#);
/// assert_eq!(card("blink"), Err(TagNameError::Unknown("blink".into())));
/// assert_eq!(card("br"), Err(TagNameError::Void("br".into())));
/// # Ok::<(), TagNameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TagName {
    name: String,
    classes: Vec<String>,
    id: Option<String>,
}

impl TagName {
    /// Parses and checks a tag name with optional `.class#id` shorthand.
    ///
    /// ```
    /// use spinneret::{TagName, TagNameError};
    ///
    /// let tag = TagName::parse("section.news#top")?;
    /// assert_eq!((tag.name(), tag.id()), ("section", Some("top")));
    /// assert_eq!(TagName::parse("script"), Err(TagNameError::RawText("script".into())));
    /// assert_eq!(TagName::parse("div."), Err(TagNameError::Shorthand("div.".into())));
    /// # Ok::<(), TagNameError>(())
    /// ```
    pub fn parse(tag: &str) -> Result<TagName, TagNameError> {
        let parts = html5::parse_dynamic_tag(tag)?;
        Ok(TagName {
            name: parts.name.to_string(),
            classes: parts.classes.iter().map(|c| c.to_string()).collect(),
            id: parts.id.map(str::to_string),
        })
    }

    /// The element name, without the shorthand.
    ///
    /// ```
    /// assert_eq!(spinneret::TagName::parse("nav.main")?.name(), "nav");
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The classes of the shorthand, in the order written.
    ///
    /// ```
    /// let tag = spinneret::TagName::parse("nav.main.dark")?;
    /// assert_eq!(tag.classes().collect::<Vec<_>>(), ["main", "dark"]);
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    pub fn classes(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(String::as_str)
    }

    /// The id of the shorthand (the first `#part`).
    ///
    /// ```
    /// assert_eq!(spinneret::TagName::parse("nav#menu")?.id(), Some("menu"));
    /// assert_eq!(spinneret::TagName::parse("nav")?.id(), None);
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl FromStr for TagName {
    type Err = TagNameError;

    /// [`TagName::parse`], for `str::parse`.
    ///
    /// ```
    /// let tag: spinneret::TagName = "aside.note".parse()?;
    /// assert_eq!(tag.name(), "aside");
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    fn from_str(tag: &str) -> Result<Self, Self::Err> {
        TagName::parse(tag)
    }
}

impl TryFrom<&str> for TagName {
    type Error = TagNameError;

    /// [`TagName::parse`].
    ///
    /// ```
    /// let tag = spinneret::TagName::try_from("p.lead")?;
    /// assert_eq!(tag.name(), "p");
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    fn try_from(tag: &str) -> Result<Self, Self::Error> {
        TagName::parse(tag)
    }
}

impl fmt::Display for TagName {
    /// The tag in shorthand form, as [`TagName::parse`] reads it back.
    ///
    /// ```
    /// let tag = spinneret::TagName::parse("li#first.item")?;
    /// assert_eq!(tag.to_string(), "li.item#first");
    /// # Ok::<(), spinneret::TagNameError>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        for class in &self.classes {
            write!(f, ".{class}")?;
        }
        if let Some(id) = &self.id {
            write!(f, "#{id}")?;
        }
        Ok(())
    }
}
