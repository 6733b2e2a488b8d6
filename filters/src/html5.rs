//! What HTML5 allows: elements, their attributes, void elements, SVG and MathML
//! names, and where Spinneret puts automatic spaces. One rulebook for
//! spinneret's macro (which checks pages at compile time) and its runtime
//! (which checks run-time tag names and trees): both read it from here.
//! What Spinneret adds to a page (`h*` levels, the `html`/`head` defaults,
//! token-list merging, when two pieces of text get a space) is in
//! [`crate::spinneret_rules`].
//!
//! ```
//! use djula_filters::html5;
//!
//! assert!(html5::is_void("br"));
//! assert!(!html5::is_void("div"));
//! assert!(html5::element_kind("section").is_some());
//! assert!(html5::element_kind("blink").is_none());
//! ```

/// HTML elements with the attributes each allows on top of the global ones
/// (WHATWG HTML Living Standard, "Elements" index). Obsolete elements are left
/// out on purpose: the Nu Html Checker rejects them.
pub const ELEMENTS: &[(&str, &[&str])] = &[
    ("a", &["href", "target", "download", "ping", "rel", "hreflang", "type", "referrerpolicy"]),
    ("abbr", &[]),
    ("address", &[]),
    ("area", &["alt", "coords", "shape", "href", "target", "download", "ping", "rel", "referrerpolicy"]),
    ("article", &[]),
    ("aside", &[]),
    ("audio", &["src", "crossorigin", "preload", "autoplay", "loop", "muted", "controls"]),
    ("b", &[]),
    ("base", &["href", "target"]),
    ("bdi", &[]),
    ("bdo", &[]),
    ("blockquote", &["cite"]),
    ("body", &[]),
    ("br", &[]),
    ("button", &["disabled", "form", "formaction", "formenctype", "formmethod", "formnovalidate", "formtarget", "name", "popovertarget", "popovertargetaction", "type", "value", "command", "commandfor"]),
    ("canvas", &["width", "height"]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("datalist", &[]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["name", "open"]),
    ("dfn", &[]),
    ("dialog", &["open", "closedby"]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("embed", &["src", "type", "width", "height"]),
    ("fieldset", &["disabled", "form", "name"]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("footer", &[]),
    ("form", &["accept-charset", "action", "autocomplete", "enctype", "method", "name", "novalidate", "rel", "target"]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("head", &[]),
    ("header", &[]),
    ("hgroup", &[]),
    ("hr", &[]),
    ("html", &["xmlns"]),
    ("i", &[]),
    ("iframe", &["src", "srcdoc", "name", "sandbox", "allow", "allowfullscreen", "width", "height", "referrerpolicy", "loading", "frameborder", "seamless", "allowpaymentrequest", "csp", "fetchpriority"]),
    ("img", &["alt", "src", "srcset", "sizes", "crossorigin", "usemap", "ismap", "width", "height", "referrerpolicy", "decoding", "loading", "fetchpriority"]),
    ("input", &["accept", "alpha", "alt", "autocomplete", "checked", "colorspace", "dirname", "disabled", "form", "formaction", "formenctype", "formmethod", "formnovalidate", "formtarget", "height", "list", "max", "maxlength", "min", "minlength", "multiple", "name", "pattern", "placeholder", "popovertarget", "popovertargetaction", "readonly", "required", "size", "src", "step", "type", "value", "width"]),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("label", &["for"]),
    ("legend", &[]),
    ("li", &["value"]),
    ("link", &["href", "crossorigin", "rel", "as", "media", "hreflang", "type", "sizes", "imagesrcset", "imagesizes", "referrerpolicy", "integrity", "blocking", "color", "disabled", "fetchpriority"]),
    ("main", &[]),
    ("map", &["name"]),
    ("mark", &[]),
    ("menu", &[]),
    ("meta", &["name", "http-equiv", "content", "charset", "media"]),
    ("meter", &["value", "min", "max", "low", "high", "optimum"]),
    ("nav", &[]),
    ("noscript", &[]),
    ("object", &["data", "type", "name", "form", "width", "height"]),
    ("ol", &["reversed", "start", "type"]),
    ("optgroup", &["disabled", "label"]),
    ("option", &["disabled", "label", "selected", "value"]),
    ("output", &["for", "form", "name"]),
    ("p", &[]),
    ("picture", &[]),
    ("pre", &[]),
    ("progress", &["value", "max"]),
    ("q", &["cite"]),
    ("rp", &[]),
    ("rt", &[]),
    ("ruby", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("script", &["src", "type", "nomodule", "async", "defer", "crossorigin", "integrity", "referrerpolicy", "blocking", "fetchpriority"]),
    ("search", &[]),
    ("section", &[]),
    ("select", &["autocomplete", "disabled", "form", "multiple", "name", "required", "size"]),
    ("slot", &["name"]),
    ("small", &[]),
    ("source", &["type", "media", "src", "srcset", "sizes", "width", "height"]),
    ("span", &[]),
    ("strong", &[]),
    ("style", &["media", "blocking"]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("template", &["shadowrootmode", "shadowrootdelegatesfocus", "shadowrootclonable", "shadowrootserializable"]),
    ("textarea", &["autocomplete", "cols", "dirname", "disabled", "form", "maxlength", "minlength", "name", "placeholder", "readonly", "required", "rows", "wrap"]),
    ("tfoot", &[]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("thead", &[]),
    ("time", &["datetime"]),
    ("title", &[]),
    ("tr", &[]),
    ("track", &["default", "kind", "label", "src", "srclang"]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    ("video", &["src", "crossorigin", "poster", "preload", "autoplay", "playsinline", "loop", "muted", "controls", "width", "height"]),
    ("wbr", &[]),
];

/// Attributes every HTML element accepts (besides `on*` handlers and the
/// unvalidated prefixes).
pub const GLOBAL_ATTRIBUTES: &[&str] = &[
    "accesskey", "autocapitalize", "autocorrect", "autofocus", "class", "contenteditable", "dir",
    "draggable", "enterkeyhint", "hidden", "id", "inert", "inputmode", "is", "itemid", "itemprop",
    "itemref", "itemscope", "itemtype", "lang", "nonce", "popover", "role", "slot", "spellcheck",
    "style", "tabindex", "title", "translate", "writingsuggestions", "xml:lang", "xml:space",
];

/// Attribute name prefixes that are never validated (user data, ARIA, htmx,
/// Alpine.js).
pub const UNVALIDATED_PREFIXES: &[&str] = &["data-", "aria-", "hx-", "x-"];

/// Elements that have no content and no end tag.
pub const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Inline (phrasing) elements: spaces are inserted between them and
/// neighbouring text, and the pretty printer keeps them on the line.
pub const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "button", "cite", "code", "data", "del", "dfn", "em", "i",
    "img", "input", "ins", "kbd", "label", "mark", "meter", "output", "progress", "q", "ruby", "s",
    "samp", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "u", "var",
    "wbr",
];

/// Elements whose text is kept exactly as written: no inserted spaces, no
/// re-indentation.
pub const PREFORMATTED_ELEMENTS: &[&str] = &["pre", "textarea", "script", "style"];

/// Inline SVG elements (attributes are not validated on them).
pub const SVG_ELEMENTS: &[&str] = &[
    "svg", "g", "path", "circle", "rect", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "textPath", "defs", "use", "symbol", "marker", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "image", "foreignObject", "desc", "metadata", "filter", "view",
    "switch", "animate", "animateMotion", "animateTransform", "mpath", "set", "feBlend",
    "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
];

/// MathML elements (attributes are not validated on them).
pub const MATHML_ELEMENTS: &[&str] = &[
    "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "mfrac", "msqrt", "mroot", "msub", "msup",
    "msubsup", "mtable", "mtr", "mtd", "mspace", "mstyle", "mpadded", "mphantom", "menclose",
    "merror", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "semantics",
    "annotation", "annotation-xml",
];

/// Names WHATWG reserves, which are therefore not valid custom element names.
const RESERVED_CUSTOM_NAMES: &[&str] = &[
    "annotation-xml", "color-profile", "font-face", "font-face-src", "font-face-uri",
    "font-face-format", "font-face-name", "missing-glyph",
];

/// Attributes whose value is a set of space-separated tokens: repeated
/// values are merged and de-duplicated instead of the leftmost winning.
pub const TOKEN_LIST_ATTRIBUTES: &[&str] =
    &["class", "rel", "headers", "sandbox", "sizes", "accesskey"];

/// Attributes that are present or absent (Spinneret's `*boolean-attributes*`).
pub const BOOLEAN_ATTRIBUTES: &[&str] = &[
    "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default", "defer",
    "disabled", "formnovalidate", "hidden", "inert", "ismap", "itemscope", "loop", "multiple",
    "muted", "nomodule", "novalidate", "open", "playsinline", "readonly", "required", "reversed",
    "selected", "shadowrootclonable", "shadowrootdelegatesfocus", "shadowrootserializable",
];

/// What kind of element a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An HTML5 element, with the attributes it allows beyond the global ones.
    Html(&'static [&'static str]),
    /// SVG, MathML or a custom element: attributes are not validated.
    Foreign,
}

/// Classifies an element name, or `None` when it is no element HTML5 knows.
pub fn element_kind(name: &str) -> Option<Kind> {
    if let Some((_, attrs)) = ELEMENTS.iter().find(|(n, _)| *n == name) {
        return Some(Kind::Html(attrs));
    }
    if SVG_ELEMENTS.contains(&name) || MATHML_ELEMENTS.contains(&name) || is_custom_element(name) {
        return Some(Kind::Foreign);
    }
    None
}

/// True for a valid custom element name: an ASCII lower-case letter first, a
/// hyphen somewhere, no upper-case ASCII, and not one of the reserved names.
pub fn is_custom_element(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && name.contains('-')
        && name
            .chars()
            .all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '.' | '_') || !c.is_ascii())
        && !RESERVED_CUSTOM_NAMES.contains(&name)
}

/// True when `name` may appear on `kind` in HTML5.
pub fn attribute_allowed(kind: Kind, name: &str, extra_prefixes: &[String]) -> bool {
    match kind {
        Kind::Foreign => true,
        Kind::Html(attrs) => {
            attrs.contains(&name)
                || GLOBAL_ATTRIBUTES.contains(&name)
                || (name.starts_with("on") && name.len() > 2)
                || UNVALIDATED_PREFIXES.iter().any(|p| name.starts_with(p))
                || extra_prefixes.iter().any(|p| name.starts_with(p.as_str()))
        }
    }
}

/// True for names that can be written as an attribute name at all: no
/// whitespace, quotes, `>`, `/`, `=` or control characters.
pub fn is_valid_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '"' | '\'' | '>' | '/' | '=' | '<' | '`')
        })
}

/// True for elements that never have content or an end tag.
pub fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

/// True for phrasing elements, which flow inside text.
pub fn is_inline(name: &str) -> bool {
    INLINE_ELEMENTS.contains(&name)
}

/// True for elements next to which automatic spaces go: inline elements
/// except the line breaks.
pub fn is_spaced(name: &str) -> bool {
    is_inline(name) && !matches!(name, "br" | "wbr")
}

/// True for elements whose content is written verbatim.
pub fn is_preformatted(name: &str) -> bool {
    PREFORMATTED_ELEMENTS.contains(&name)
}

/// Characters before which no space is inserted between content items.
pub fn space_before(next: char) -> bool {
    !(next.is_whitespace() || matches!(next, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '%' | '…'))
}

/// Characters after which no space is inserted between content items.
pub fn space_after(prev: char) -> bool {
    !(prev.is_whitespace() || matches!(prev, '(' | '[' | '{'))
}

/// Comment text made safe, as Spinneret does: `--` removed, leading and
/// trailing `>`/`-` trimmed, so the comment cannot end early.
pub fn safe_comment(text: &str) -> String {
    let mut text = text.to_string();
    while text.contains("--") {
        text = text.replace("--", "");
    }
    text.trim_start_matches(['>', '-']).trim_end_matches(['-', '>', '<', '!']).to_string()
}

/// A tag written with Spinneret's selector shorthand, `name.class1.class2#id`,
/// split into its parts (see [`split_shorthand`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shorthand<'a> {
    /// The element name, before the first `.` or `#`.
    pub name: &'a str,
    /// The classes, in the order written.
    pub classes: Vec<&'a str>,
    /// The id: the first `#part` (the leftmost value wins, as for attributes).
    pub id: Option<&'a str>,
}

/// Splits Spinneret's selector shorthand, the one parser behind `html!`'s
/// `@tag("…")`, `spinneret::TagName` and run-time trees: `div.a.b#main` is
/// `div` with the classes `a` and `b` and the id `main`. Each `.` starts a
/// class and each `#` an id, in any order; when `#` appears twice the first
/// id wins. `None` when the name is empty or a `.`/`#` is not followed by a
/// name without whitespace (`div.`, `div..a`, `.a`, `div.a b`).
///
/// ```
/// use djula_filters::html5::split_shorthand;
///
/// let tag = split_shorthand("div.card.wide#main").unwrap();
/// assert_eq!((tag.name, tag.classes, tag.id), ("div", vec!["card", "wide"], Some("main")));
/// assert_eq!(split_shorthand("my-card").unwrap().name, "my-card");
/// assert!(split_shorthand("div.").is_none());
/// assert!(split_shorthand("#main").is_none());
/// ```
pub fn split_shorthand(tag: &str) -> Option<Shorthand<'_>> {
    let name_end = tag.find(['.', '#']).unwrap_or(tag.len());
    let (name, mut rest) = tag.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    let mut classes = Vec::new();
    let mut id = None;
    // `rest` is empty or starts with `.` or `#`, one byte each.
    while let Some(sep) = rest.chars().next() {
        let body = rest.get(1..).unwrap_or_default();
        let end = body.find(['.', '#']).unwrap_or(body.len());
        let (value, after) = body.split_at(end);
        if value.is_empty() || value.contains(char::is_whitespace) {
            return None;
        }
        if sep == '.' {
            classes.push(value);
        } else if id.is_none() {
            id = Some(value);
        }
        rest = after;
    }
    Some(Shorthand { name, classes, id })
}

/// Why a name cannot be the tag of an element chosen at run time
/// (`spinneret::TagName`, `html!`'s `@tag(..)`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TagNameError {
    /// The `.class#id` shorthand is malformed (see [`split_shorthand`]).
    Shorthand(String),
    /// No HTML5, SVG, MathML or custom element has this name.
    Unknown(String),
    /// `script` or `style`: their content needs other escaping than text.
    RawText(String),
    /// A void element (`br`, `img`, …): an element chosen at run time always
    /// has content and an end tag, which a void element cannot have.
    Void(String),
}

impl TagNameError {
    /// The tag or element name the error is about.
    ///
    /// ```
    /// use djula_filters::html5::check_dynamic_tag_name;
    /// assert_eq!(check_dynamic_tag_name("blink").unwrap_err().name(), "blink");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            TagNameError::Shorthand(name)
            | TagNameError::Unknown(name)
            | TagNameError::RawText(name)
            | TagNameError::Void(name) => name,
        }
    }
}

impl std::fmt::Display for TagNameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TagNameError::Shorthand(tag) => write!(
                f,
                "`{tag}` is not a tag name: write the element name first, and a name without spaces after each `.` (class) and `#` (id)"
            ),
            TagNameError::Unknown(name) => write!(
                f,
                "unknown element `{name}`: HTML5 has no such element (custom element names need a hyphen)"
            ),
            TagNameError::RawText(name) => write!(
                f,
                "`<{name}>` cannot be chosen at run time: its content needs other escaping than text"
            ),
            TagNameError::Void(name) => write!(
                f,
                "`<{name}>` is a void element: an element chosen at run time always has content and an end tag"
            ),
        }
    }
}

impl std::error::Error for TagNameError {}

/// Checks an element name (without shorthand) for an element chosen at run
/// time: an HTML5, SVG, MathML or custom element, except `script` and
/// `style` (their content would need other escaping) and the void elements
/// (an element chosen at run time always has content and an end tag, as
/// Spinneret's dynamic tags always print their end tag).
///
/// ```
/// use djula_filters::html5::{check_dynamic_tag_name, TagNameError};
///
/// assert!(check_dynamic_tag_name("article").is_ok());
/// assert!(check_dynamic_tag_name("my-card").is_ok());
/// assert_eq!(check_dynamic_tag_name("blink"), Err(TagNameError::Unknown("blink".into())));
/// assert_eq!(check_dynamic_tag_name("style"), Err(TagNameError::RawText("style".into())));
/// assert_eq!(check_dynamic_tag_name("br"), Err(TagNameError::Void("br".into())));
/// ```
pub fn check_dynamic_tag_name(name: &str) -> Result<(), TagNameError> {
    if element_kind(name).is_none() {
        Err(TagNameError::Unknown(name.to_string()))
    } else if matches!(name, "script" | "style") {
        Err(TagNameError::RawText(name.to_string()))
    } else if is_void(name) {
        Err(TagNameError::Void(name.to_string()))
    } else {
        Ok(())
    }
}

/// Parses the tag of an element chosen at run time: the shorthand split by
/// [`split_shorthand`], the name checked by [`check_dynamic_tag_name`].
///
/// ```
/// use djula_filters::html5::{parse_dynamic_tag, TagNameError};
///
/// let tag = parse_dynamic_tag("section.intro#top").unwrap();
/// assert_eq!((tag.name, tag.classes, tag.id), ("section", vec!["intro"], Some("top")));
/// assert_eq!(parse_dynamic_tag("div..x"), Err(TagNameError::Shorthand("div..x".into())));
/// assert_eq!(parse_dynamic_tag("blink.x"), Err(TagNameError::Unknown("blink".into())));
/// ```
pub fn parse_dynamic_tag(tag: &str) -> Result<Shorthand<'_>, TagNameError> {
    let parts = split_shorthand(tag).ok_or_else(|| TagNameError::Shorthand(tag.to_string()))?;
    check_dynamic_tag_name(parts.name)?;
    Ok(parts)
}

/// Writes `text` as a CDATA section (Spinneret's `:cdata`), unescaped but
/// unable to end early in any context: every `>` of the text closes the
/// section, is written as `&gt;`, and a new section opens after it.
///
/// HTML5 reads CDATA sections only inside SVG and MathML, where a section
/// ends at the first `]]>`: there the sections and the `&gt;` between them
/// read back as exactly `text` (a `]]>` of the text included). Anywhere
/// else the parser reads `<![CDATA[` as a bogus comment that ends at the
/// first `>`: since the text carries none, it stays inside. Spinneret
/// instead removes `]]>` from the text, which loses characters and, in one
/// pass, can leave a new `]]>` behind (`]]]]>>>`).
///
/// ```
/// let mut out = String::new();
/// djula_filters::html5::write_cdata(&mut out, "if (a < b && c) x = \"]]>\";");
/// assert_eq!(out, "<![CDATA[if (a < b && c) x = \"]]]]>&gt;<![CDATA[\";]]>");
/// ```
pub fn write_cdata(out: &mut String, text: &str) {
    out.push_str("<![CDATA[");
    let mut parts = text.split('>');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str("]]>&gt;<![CDATA[");
        out.push_str(part);
    }
    out.push_str("]]>");
}
