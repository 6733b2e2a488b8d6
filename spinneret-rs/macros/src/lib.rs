//! The proc-macros behind `spinneret`: parsing the DSL and generating code.
//! Use them through the `spinneret` crate, which re-exports them and holds
//! the reference documentation of the syntax.
//!
//! The pipeline: `ast` parses, `validate` checks against HTML5 (the
//! tables are `filters::html5`, shared with the runtime), `generate` emits code. They never mix.

#![forbid(unsafe_code)]

mod ast;
mod generate;
mod markdown;
mod validate;

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{parse_macro_input, Expr, Token};

use filters::spinneret_rules as rules;

use crate::ast::{Attr, AttrValue, Element, ElementName, Node, TextLit};
use crate::generate::{out_ident, Builder, Generator};

/// Builds a `spinneret::Markup` from the DSL. See the `spinneret` crate docs.
#[proc_macro]
pub fn html(input: TokenStream) -> TokenStream {
    let markup = parse_macro_input!(input as ast::Markup);
    expand_markup(markup.allow_prefixes, &markup.nodes).into()
}

/// Appends the DSL's HTML to a `&mut String`. See the `spinneret` crate docs.
#[proc_macro]
pub fn html_to(input: TokenStream) -> TokenStream {
    let HtmlTo { target, markup } = parse_macro_input!(input as HtmlTo);
    let mut generator = Generator::new(markup.allow_prefixes);
    let mut builder = Builder::default();
    generator.root(&mut builder, &markup.nodes);
    let static_len = builder.static_len;
    let body = builder.finish();
    let out = out_ident();
    let guard = syn::Ident::new("__spinneret_target", Span::mixed_site());
    let start = syn::Ident::new("__spinneret_start", Span::mixed_site());
    // The caller's `String` is moved into a local while the template writes
    // (`Target`): appends through the caller's reference would store the
    // length back to memory every time.
    let result = quote!({
        static HINT: ::spinneret::__private::SizeHint = ::spinneret::__private::SizeHint::new(#static_len);
        let #out: &mut ::std::string::String = #target;
        let mut #guard = ::spinneret::__private::Target::new(#out, &HINT);
        let #start = #guard.buf.len();
        {
            let #out = &mut #guard.buf;
            #body
        }
        HINT.update(#guard.buf.len() - #start);
    });
    with_errors(generator.errors, result).into()
}

/// A whole HTML5 page. See the `spinneret` crate docs.
#[proc_macro]
pub fn with_page(input: TokenStream) -> TokenStream {
    let page = parse_macro_input!(input as Page);
    let nodes = page.into_nodes();
    expand_markup(Vec::new(), &nodes).into()
}

fn expand_markup(allow_prefixes: Vec<String>, nodes: &[Node]) -> TokenStream2 {
    let mut generator = Generator::new(allow_prefixes);
    let mut builder = Builder::default();
    generator.root(&mut builder, nodes);
    let static_len = builder.static_len;
    let body = builder.finish();
    let out = out_ident();
    let buf = syn::Ident::new("__spinneret_buf", Span::mixed_site());
    let result = quote!({
        static HINT: ::spinneret::__private::SizeHint = ::spinneret::__private::SizeHint::new(#static_len);
        let mut #buf = ::std::string::String::with_capacity(HINT.get());
        {
            let #out = &mut #buf;
            #body
        }
        HINT.update(#buf.len());
        ::spinneret::__private::markup(#buf)
    });
    with_errors(generator.errors, result)
}

/// Replaces the expansion by every collected error, each at its span.
fn with_errors(errors: Vec<syn::Error>, result: TokenStream2) -> TokenStream2 {
    let mut errors = errors.into_iter();
    match errors.next() {
        None => result,
        Some(mut first) => {
            first.extend(errors);
            let compile_errors = first.to_compile_error();
            // Keep the expression's type so that no second error appears.
            quote!({ #compile_errors; ::spinneret::Markup::default() })
        }
    }
}

/// `html_to!(buffer, markup...)`.
struct HtmlTo {
    target: Expr,
    markup: ast::Markup,
}

impl Parse for HtmlTo {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let target = input.parse()?;
        input.parse::<Token![,]>()?;
        Ok(HtmlTo {
            target,
            markup: input.parse()?,
        })
    }
}

/// `with_page! { title: ...; lang: "..."; head { .. } body nodes... }`.
struct Page {
    title: Vec<Node>,
    lang: Option<String>,
    head: Vec<Node>,
    body: Vec<Node>,
}

impl Parse for Page {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut title = None;
        let mut lang = None;
        while input.peek(syn::Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
            let key: syn::Ident = input.parse()?;
            input.parse::<Token![:]>()?;
            if key == "title" {
                let value = if input.peek(syn::LitStr) {
                    let lit: syn::LitStr = input.parse()?;
                    Node::Text(TextLit {
                        text: lit.value(),
                        span: lit.span(),
                    })
                } else if input.peek(syn::token::Paren) {
                    let content;
                    syn::parenthesized!(content in input);
                    Node::Splice(content.parse()?)
                } else {
                    return Err(input.error("expected the title: a string literal or `(expr)`"));
                };
                title = Some(value);
            } else if key == "lang" {
                lang = Some(input.parse::<syn::LitStr>()?.value());
            } else {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown page option `{key}`\nhelp: the options are `title:` and `lang:`"
                    ),
                ));
            }
            input.parse::<Token![;]>()?;
        }
        let Some(title) = title else {
            return Err(input.error("a page needs a title: start with `title: \"...\";`"));
        };
        let mut head = Vec::new();
        if input.peek(syn::Ident)
            && input
                .fork()
                .parse::<syn::Ident>()
                .is_ok_and(|i| i == "head")
        {
            input.parse::<syn::Ident>()?;
            let content;
            syn::braced!(content in input);
            head = ast::parse_nodes(&content, 1)?;
        }
        let body = ast::parse_nodes(input, 1)?;
        Ok(Page {
            title: vec![title],
            lang,
            head,
            body,
        })
    }
}

impl Page {
    /// The page as the DSL a user would write by hand.
    fn into_nodes(self) -> Vec<Node> {
        let span = Span::call_site();
        let element = |name: &str, attrs: Vec<Attr>, body: Option<Vec<Node>>| {
            Node::Element(Box::new(Element {
                name: ElementName::Static(name.to_string(), span),
                unchecked: false,
                attrs,
                body,
                body_span: span,
            }))
        };
        let lit = |name: &str, value: &str| {
            Attr::Named(name.to_string(), AttrValue::Lit(value.to_string()), span)
        };
        let mut head = vec![
            element("meta", vec![lit("charset", rules::CHARSET)], None),
            element(
                "meta",
                vec![
                    lit("name", "viewport"),
                    lit("content", "width=device-width, initial-scale=1"),
                ],
                None,
            ),
            element("title", Vec::new(), Some(self.title)),
        ];
        head.extend(self.head);
        let html_attrs = vec![lit(
            "lang",
            self.lang.as_deref().unwrap_or(rules::DEFAULT_LANG),
        )];
        vec![
            Node::Doctype(span),
            element(
                "html",
                html_attrs,
                Some(vec![
                    element("head", Vec::new(), Some(head)),
                    element("body", Vec::new(), Some(self.body)),
                ]),
            ),
        ]
    }
}
