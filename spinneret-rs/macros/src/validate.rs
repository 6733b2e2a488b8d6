//! Compile-time checks against HTML5, with `did you mean` suggestions.

use proc_macro2::Span;

use crate::ast::{Attr, Element, Node};
use filters::html5::{self, Kind};

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

/// Checks an element with a static name: the name, its attributes, void
/// content and `img` `alt`. Returns the element kind when the name is known.
pub fn check_element(
    name: &str,
    span: Span,
    element: &Element,
    allow_prefixes: &[String],
    errors: &mut Vec<syn::Error>,
) -> Option<Kind> {
    let Some(kind) = html5::element_kind(name) else {
        let all = html5::ELEMENTS
            .iter()
            .map(|(n, _)| *n)
            .chain(html5::SVG_ELEMENTS.iter().copied())
            .chain(html5::MATHML_ELEMENTS.iter().copied());
        errors.push(syn::Error::new(
            span,
            format!(
                "unknown element `{name}`: HTML5 has no such element{}\nnote: custom elements need a hyphen (`my-widget`); `#[unchecked] {name} {{ .. }}` turns the check off",
                help(suggest(name, all))
            ),
        ));
        return None;
    };
    let mut has_alt = false;
    let mut has_spread = false;
    for attr in &element.attrs {
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
    if html5::is_void(name) && element.body.is_some() {
        errors.push(syn::Error::new(
            element.body_span,
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
        Node::Comment(_, s) | Node::Doctype(s) => *s,
        _ => Span::call_site(),
    }
}
