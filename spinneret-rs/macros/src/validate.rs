//! Compile-time checks against HTML5, with `did you mean` suggestions.

use proc_macro2::Span;

use crate::ast::{Attr, Node};
use filters::html5::{self, Kind, Shorthand, TagNameError};

/// The closest candidate to `name`, when one is close enough to be a typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, c)| *d <= 2 && *d < c.len().max(name.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn help(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!("\nhelp: did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Every element name HTML5 knows, for suggestions.
fn known_elements() -> impl Iterator<Item = &'static str> {
    html5::ELEMENTS
        .iter()
        .map(|(n, _)| *n)
        .chain(html5::SVG_ELEMENTS.iter().copied())
        .chain(html5::MATHML_ELEMENTS.iter().copied())
}

/// Checks the string literal of `@tag("name.class#id")` with the rule and
/// the shorthand parser `TagName::parse` uses at run time.
pub fn check_literal_tag(tag: &str, span: Span) -> Result<Shorthand<'_>, syn::Error> {
    html5::parse_dynamic_tag(tag).map_err(|error| {
        let advice = match &error {
            TagNameError::Unknown(name) => {
                let unchecked = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    format!("\nnote: `#[unchecked] {name} {{ .. }}` writes an element HTML5 does not know")
                } else {
                    String::new()
                };
                let allowed =
                    known_elements().filter(|n| html5::check_dynamic_tag_name(n).is_ok());
                format!("{}{unchecked}", help(suggest(name, allowed)))
            }
            TagNameError::RawText(name) => {
                format!("\nhelp: write the element itself: `{name} {{ .. }}`")
            }
            TagNameError::Void(name) => format!("\nhelp: write the element itself: `{name};`"),
            _ => String::new(),
        };
        syn::Error::new(span, format!("{error}{advice}"))
    })
}

/// Checks an element with a static name: the name, its attributes, void
/// content (`body` is where the content opens, if any) and `img` `alt`.
/// Returns the element kind when the name is known.
pub fn check_element(
    name: &str,
    span: Span,
    attrs: &[Attr],
    body: Option<Span>,
    allow_prefixes: &[String],
    errors: &mut Vec<syn::Error>,
) -> Option<Kind> {
    let Some(kind) = html5::element_kind(name) else {
        errors.push(syn::Error::new(
            span,
            format!(
                "unknown element `{name}`: HTML5 has no such element{}\nnote: custom elements need a hyphen (`my-widget`); `#[unchecked] {name} {{ .. }}` turns the check off",
                help(suggest(name, known_elements()))
            ),
        ));
        return None;
    };
    let mut has_alt = false;
    let mut has_spread = false;
    for attr in attrs {
        match attr {
            Attr::Named(attr_name, _, attr_span) => {
                if attr_name == "alt" {
                    has_alt = true;
                }
                if !html5::attribute_allowed(kind, attr_name, allow_prefixes) {
                    let allowed = match kind {
                        Kind::Html(own) => own.to_vec(),
                        Kind::Foreign => Vec::new(),
                    };
                    let candidates = allowed
                        .into_iter()
                        .chain(html5::GLOBAL_ATTRIBUTES.iter().copied());
                    errors.push(syn::Error::new(
                        *attr_span,
                        format!(
                            "attribute `{attr_name}` is not allowed on `<{name}>` in HTML5{}\nnote: `data-*`, `aria-*`, `hx-*`, `x-*` and `on*` are always accepted; `#![allow_prefix(\"..\")]` accepts more",
                            help(suggest(attr_name, candidates))
                        ),
                    ));
                }
            }
            Attr::Spread(_) => has_spread = true,
            Attr::Class(value, _, span) | Attr::Id(value, span) => {
                if value.is_empty() || value.chars().any(char::is_whitespace) {
                    errors.push(syn::Error::new(
                        *span,
                        "a class or id name cannot be empty or contain spaces",
                    ));
                }
            }
        }
    }
    if let (true, Some(body)) = (html5::is_void(name), body) {
        errors.push(syn::Error::new(
            body,
            format!("`<{name}>` is a void element: it cannot have content\nhelp: end it with `;`: `{name};`"),
        ));
    }
    if name == "img" && !has_alt && !has_spread {
        errors.push(syn::Error::new(
            span,
            "`<img>` needs an `alt` attribute describing the image\nhelp: add `alt=\"...\"`, or `alt=\"\"` if the image is decorative",
        ));
    }
    Some(kind)
}

/// Checks the content of `<script>` and `<style>`: literals are written
/// verbatim and must not close the element early; spliced values are an
/// error unless they are `@raw` or `@json`.
pub fn check_raw_text(element: &str, nodes: &[Node], errors: &mut Vec<syn::Error>) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                let lower = text.text.to_ascii_lowercase();
                if lower.contains(&format!("</{element}")) || lower.contains("<!--") {
                    errors.push(syn::Error::new(
                        text.span,
                        format!("this text would end the `<{element}>` element early (`</{element}` or `<!--` inside it)"),
                    ));
                }
            }
            Node::Splice(expr) => errors.push(syn::Error::new_spanned(
                expr,
                format!(
                    "text spliced into `<{element}>` is not escaped correctly by HTML escaping and would allow script injection\nhelp: use `@json(value)` to embed data as JSON, or `@raw(code)` for trusted code"
                ),
            )),
            Node::Format(format) => errors.push(syn::Error::new(
                format.template.span(),
                format!("a format string inside `<{element}>` would splice unescaped text\nhelp: use `@json(value)` or `@raw(format!(..))` for trusted code"),
            )),
            Node::Cdata(_, span) => errors.push(syn::Error::new(
                *span,
                format!("`@cdata` is not allowed inside `<{element}>`: its raw text would hold the `<![CDATA[` markers\nnote: `script` and `style` are written as HTML's raw-text elements, inside `svg` too\nhelp: write the text as a string literal, or `@raw(..)` for trusted code"),
            )),
            Node::Element(_) | Node::Component(_) | Node::Comment(..) | Node::Doctype(_) => {
                errors.push(syn::Error::new(
                    node_span(node),
                    format!("`<{element}>` holds text only, not elements"),
                ))
            }
            Node::Block(inner) | Node::For(_, inner) => check_raw_text(element, inner, errors),
            Node::If(branch) => {
                let mut branch = Some(branch);
                while let Some(b) = branch {
                    check_raw_text(element, &b.then, errors);
                    branch = match b.otherwise.as_deref() {
                        Some(crate::ast::Else::If(next)) => Some(next),
                        Some(crate::ast::Else::Block(nodes)) => {
                            check_raw_text(element, nodes, errors);
                            None
                        }
                        None => None,
                    };
                }
            }
            Node::Match(_, arms) => {
                for arm in arms {
                    check_raw_text(element, &arm.body, errors);
                }
            }
            Node::Raw(..) | Node::Json(..) | Node::Join | Node::Let(_) => {}
        }
    }
}

fn node_span(node: &Node) -> Span {
    match node {
        Node::Element(e) => match &e.name {
            crate::ast::ElementName::Static(_, s)
            | crate::ast::ElementName::Heading(s)
            | crate::ast::ElementName::Dynamic(_, s) => *s,
        },
        Node::Component(c) => syn::spanned::Spanned::span(&c.path),
        Node::Comment(_, s) | Node::Cdata(_, s) | Node::Doctype(s) => *s,
        _ => Span::call_site(),
    }
}
