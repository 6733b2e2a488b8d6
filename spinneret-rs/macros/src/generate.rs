//! Code generation: turns the syntax tree into statements that append to one
//! output `String`. One [`Builder`] merges every run of static HTML into a
//! single string literal.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr};

use crate::ast::{Attr, AttrValue, Component, Element, ElementName, Else, Format, If, Node};
use crate::validate;
use filters::html5;
use filters::spinneret_rules as rules;

/// The output buffer (`&mut String`) every generated statement writes to.
/// Mixed-site hygiene keeps it invisible to the user's expressions.
pub fn out_ident() -> Ident {
    Ident::new("__spinneret_out", Span::mixed_site())
}

/// The runtime helpers.
fn rt() -> TokenStream {
    quote!(::spinneret::__private)
}

/// Collects static text and code, merging adjacent static text.
#[derive(Default)]
pub struct Builder {
    tokens: TokenStream,
    tail: String,
    /// Static text written only when a condition holds (a toggled class or
    /// attribute), with where in `tail` it goes: pending, so that the
    /// static text on both sides of it joins each branch, and the element
    /// head costs one append either way (`<li class="a"><b>` or `<li><b>`).
    choice: Option<(Expr, String, usize)>,
    /// Bytes of static text written, for the capacity hint.
    pub static_len: usize,
}

impl Builder {
    fn text(&mut self, text: &str) {
        self.static_len += text.len();
        self.tail.push_str(text);
    }

    fn escaped(&mut self, text: &str) {
        let before = self.tail.len();
        filters::escape_into(&mut self.tail, text);
        self.static_len += self.tail.len() - before;
    }

    fn code(&mut self, code: TokenStream) {
        self.flush();
        self.tokens.extend(code);
    }

    /// Static `text` written only when `cond` holds.
    fn choice(&mut self, cond: &Expr, text: &str) {
        if self.choice.is_some() {
            self.flush();
        }
        self.choice = Some((cond.clone(), text.to_string(), self.tail.len()));
    }

    fn flush(&mut self) {
        if let Some((cond, text, at)) = self.choice.take() {
            let out = out_ident();
            let rt = rt();
            // `at` was the length of `tail`, so a char boundary of it.
            let (before, after) = (
                self.tail.get(..at).unwrap_or_default(),
                self.tail.get(at..).unwrap_or_default(),
            );
            let with = LitStr::new(&format!("{before}{text}{after}"), Span::call_site());
            let otherwise = if self.tail.is_empty() {
                quote!()
            } else {
                let without = LitStr::new(&self.tail, Span::call_site());
                quote!(else { #rt::push(#out, #without); })
            };
            self.tokens
                .extend(quote!(if #cond { #rt::push(#out, #with); } #otherwise));
            self.tail.clear();
            return;
        }
        if !self.tail.is_empty() {
            let out = out_ident();
            let rt = rt();
            let lit = LitStr::new(&self.tail, Span::call_site());
            self.tokens.extend(quote!(#rt::push(#out, #lit);));
            self.tail.clear();
        }
    }

    pub fn finish(mut self) -> TokenStream {
        self.flush();
        self.tokens
    }
}

/// Where we are in the document.
#[derive(Clone, Copy, Default)]
struct Ctx {
    /// Inside `pre`/`textarea`/`script`/`style`: no inserted spaces.
    pre: bool,
    /// Inside `script`/`style`: literals are written verbatim.
    raw_text: bool,
}

/// What is known about the first or last character an item writes.
#[derive(Clone, Copy)]
enum Edge {
    Known(char),
    /// The start of an element: Spinneret writes a pending space only
    /// before text, never before a tag.
    Tag,
    Unknown,
}

impl Edge {
    /// The edge as the rulebook sees a side of a joint.
    fn side(self) -> rules::Side {
        match self {
            Edge::Known(c) => rules::Side::Char(c),
            Edge::Tag => rules::Side::Tag { spaced: true },
            Edge::Unknown => rules::Side::Unknown,
        }
    }
}

/// How an item takes part in automatic spacing.
struct Shape {
    inline: bool,
    start: Edge,
    end: Edge,
}

/// The space between two adjacent content items.
enum Joint {
    None,
    /// A space decided at compile time.
    Static,
    /// A static space; remove it if the next item writes nothing or starts
    /// with punctuation.
    StaticThenCheck,
    /// A run-time space: only when something precedes it on the line.
    Open,
    /// Both run-time checks.
    OpenThenCheck,
}

pub struct Generator {
    pub errors: Vec<syn::Error>,
    pub allow_prefixes: Vec<String>,
    counter: usize,
}

impl Generator {
    pub fn new(allow_prefixes: Vec<String>) -> Self {
        Generator {
            errors: Vec::new(),
            allow_prefixes,
            counter: 0,
        }
    }

    fn fresh(&mut self, what: &str) -> Ident {
        self.counter += 1;
        Ident::new(
            &format!("__spinneret_{what}{}", self.counter),
            Span::mixed_site(),
        )
    }

    /// Generates the top-level content list.
    pub fn root(&mut self, b: &mut Builder, nodes: &[Node]) {
        self.list(b, nodes, Ctx::default());
    }

    fn shape(node: &Node) -> Option<Shape> {
        let unknown = Shape {
            inline: true,
            start: Edge::Unknown,
            end: Edge::Unknown,
        };
        match node {
            Node::Let(_) | Node::Join => None,
            Node::Text(t) => {
                let (first, last) = (t.text.chars().next()?, t.text.chars().last()?);
                Some(Shape {
                    inline: true,
                    start: Edge::Known(first),
                    end: Edge::Known(last),
                })
            }
            Node::Format(f) => {
                let template = f.template.value();
                let start = match template.chars().next() {
                    Some('{') | None => Edge::Unknown,
                    Some(c) => Edge::Known(c),
                };
                let end = match template.chars().last() {
                    Some('}') | None => Edge::Unknown,
                    Some(c) => Edge::Known(c),
                };
                Some(Shape {
                    inline: true,
                    start,
                    end,
                })
            }
            Node::Element(e) if is_spaced_element(e) => Some(Shape {
                inline: true,
                start: Edge::Tag,
                end: Edge::Known('>'),
            }),
            Node::Element(_) => Some(Shape {
                inline: false,
                start: Edge::Known('<'),
                end: Edge::Known('>'),
            }),
            Node::Comment(..) | Node::Cdata(..) | Node::Doctype(_) => Some(Shape {
                inline: false,
                start: Edge::Known('<'),
                end: Edge::Known('>'),
            }),
            Node::Splice(_)
            | Node::Raw(..)
            | Node::Json(..)
            | Node::Component(_)
            | Node::Block(_)
            | Node::If(_)
            | Node::For(..)
            | Node::Match(..) => Some(unknown),
        }
    }

    /// The joint between an item ending with `prev` and the next one: what
    /// the rulebook's `space_between` decides now, or the run-time check
    /// for the side that stays unknown.
    fn joint(prev: Edge, next: &Shape) -> Joint {
        match rules::space_between(prev.side(), next.start.side()) {
            Some(true) => Joint::Static,
            Some(false) => Joint::None,
            None => match (prev, next.start) {
                (Edge::Unknown, Edge::Unknown) => Joint::OpenThenCheck,
                (Edge::Unknown, _) => Joint::Open,
                _ => Joint::StaticThenCheck,
            },
        }
    }

    /// Plans the joints of a list: one per node, `Joint::None` before the first.
    fn plan(nodes: &[Node], ctx: Ctx) -> Vec<Joint> {
        let mut prev: Option<Edge> = None;
        let mut joints = Vec::with_capacity(nodes.len());
        for node in nodes {
            if let Node::Join = node {
                prev = None;
            }
            if let Node::Raw(..) = node {
                // Raw content is not text: it takes no space and gives none.
                // A space pending before it goes after it, before the next
                // text, as Spinneret's `write-raw` leaves `*pending-space*`.
                joints.push(Joint::None);
                continue;
            }
            let Some(shape) = Self::shape(node) else {
                joints.push(Joint::None);
                continue;
            };
            let joint = match prev {
                Some(edge) if shape.inline && !ctx.pre => Self::joint(edge, &shape),
                _ => Joint::None,
            };
            joints.push(joint);
            prev = if shape.inline { Some(shape.end) } else { None };
        }
        joints
    }

    fn list(&mut self, b: &mut Builder, nodes: &[Node], ctx: Ctx) {
        let out = out_ident();
        let rt = rt();
        let joints = Self::plan(nodes, ctx);
        let needs_start = joints
            .iter()
            .any(|j| matches!(j, Joint::Open | Joint::OpenThenCheck));
        let start = self.fresh("start");
        if needs_start {
            b.code(quote!(let #start = #out.len();));
        }
        for (node, joint) in nodes.iter().zip(joints) {
            let check = match joint {
                Joint::None => None,
                Joint::Static => {
                    b.text(" ");
                    None
                }
                Joint::StaticThenCheck if matches!(node, Node::Splice(_)) => {
                    // The splice decides the space from its own first
                    // character before writing (an integer always takes
                    // it): no space to write and take back.
                    if let Node::Splice(expr) = node {
                        self.splice(b, expr, true);
                    }
                    continue;
                }
                Joint::StaticThenCheck => {
                    b.text(" ");
                    let j = self.fresh("j");
                    b.code(quote!(let #j = #rt::space_pushed(#out.as_str());));
                    Some(j)
                }
                Joint::Open => {
                    b.code(quote!(#rt::space(#out, #start);));
                    None
                }
                Joint::OpenThenCheck => {
                    let j = self.fresh("j");
                    b.code(quote!(let #j = #rt::space_open(#out, #start);));
                    Some(j)
                }
            };
            self.node(b, node, ctx);
            if let Some(j) = check {
                b.code(quote!(#rt::space_check(#out, #j);));
            }
        }
    }

    /// Generates `nodes` as a separate Rust block (for `if`/`for`/`match`
    /// bodies and groups with `let`).
    fn block(&mut self, nodes: &[Node], ctx: Ctx) -> TokenStream {
        let mut inner = Builder::default();
        self.list(&mut inner, nodes, ctx);
        inner.finish()
    }

    fn node(&mut self, b: &mut Builder, node: &Node, ctx: Ctx) {
        let out = out_ident();
        let rt = rt();
        match node {
            Node::Text(t) => {
                if ctx.raw_text {
                    b.text(&t.text);
                } else {
                    b.escaped(&t.text);
                }
            }
            Node::Splice(expr) => self.splice(b, expr, false),
            Node::Format(format) => self.format(b, format),
            Node::Join => {}
            Node::Block(nodes) => {
                if nodes.iter().any(|n| matches!(n, Node::Let(_))) {
                    let body = self.block(nodes, ctx);
                    b.code(quote!({ #body }));
                } else {
                    self.list(b, nodes, ctx);
                }
            }
            Node::Element(e) => self.element(b, e, ctx),
            Node::Component(c) => self.component(b, c),
            Node::Raw(expr, span) => {
                b.code(quote_spanned!(*span=> #rt::raw(#out, &(#expr));));
            }
            Node::Json(expr, span) => {
                b.code(quote_spanned!(*span=> #rt::json(#out, &(#expr));));
            }
            Node::Comment(expr, span) => {
                if let Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = expr
                {
                    b.text("<!-- ");
                    b.text(&html5::safe_comment(&s.value()));
                    b.text(" -->");
                } else {
                    b.code(quote_spanned!(*span=> #rt::comment(#out, &(#expr));));
                }
            }
            Node::Cdata(expr, span) => match expr {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => {
                    let mut section = String::new();
                    html5::write_cdata(&mut section, &s.value());
                    b.text(&section);
                }
                _ => b.code(quote_spanned!(*span=> #rt::cdata(#out, &(#expr));)),
            },
            Node::Doctype(_) => b.text("<!DOCTYPE html>"),
            Node::If(branch) => {
                let code = self.if_chain(branch, ctx);
                b.code(code);
            }
            Node::For(head, body) => {
                let body = self.block(body, ctx);
                b.code(quote!(for #head { #body }));
            }
            Node::Match(scrutinee, arms) => {
                let arms: Vec<TokenStream> = arms
                    .iter()
                    .map(|arm| {
                        let pattern = &arm.pattern;
                        let body = self.block(&arm.body, ctx);
                        quote!(#pattern => { #body })
                    })
                    .collect();
                b.code(quote!(match #scrutinee { #(#arms)* }));
            }
            Node::Let(tokens) => b.code(quote!(let #tokens;)),
        }
    }

    /// `(expr)`; `spaced` after text that takes a space after it, when the
    /// space depends on the value's first character.
    fn splice(&mut self, b: &mut Builder, expr: &Expr, spaced: bool) {
        let out = out_ident();
        let rt = rt();
        // Spanned at the expression, as the rest of the call: a type that
        // cannot be spliced is reported there.
        let method = Ident::new(if spaced { "splice_spaced" } else { "splice" }, expr.span());
        // The value is evaluated once, as Spinneret evaluates it.
        let value = Ident::new(
            "__spinneret_spliced",
            Span::mixed_site().located_at(expr.span()),
        );
        b.code(quote_spanned!(expr.span()=> {
            #[allow(unused_imports)]
            use #rt::{SpliceDirect as _, SpliceByRender as _};
            let #value = &(#expr);
            // The bound that names the fix when a type cannot be
            // spliced; free at run time.
            #rt::must_render(#value);
            (&#rt::Splice(#value)).#method(#out);
        }));
    }

    fn if_chain(&mut self, branch: &If, ctx: Ctx) -> TokenStream {
        let cond = &branch.cond;
        let then = self.block(&branch.then, ctx);
        let otherwise = match branch.otherwise.as_deref() {
            None => quote!(),
            Some(Else::If(next)) => {
                let next = self.if_chain(next, ctx);
                quote!(else #next)
            }
            Some(Else::Block(nodes)) => {
                let body = self.block(nodes, ctx);
                quote!(else { #body })
            }
        };
        quote!(if #cond { #then } #otherwise)
    }

    /// `("{}, here is your list", name)`: the template is trusted markup,
    /// every argument (implicit captures included) is escaped.
    fn format(&mut self, b: &mut Builder, format: &Format) {
        let out = out_ident();
        let rt = rt();
        // Spinneret's Markdown in format strings, with the `markdown` feature.
        let template = LitStr::new(
            &crate::markdown::parse_as_markdown(&format.template.value()),
            format.template.span(),
        );
        let template = &template;
        let mut args: Vec<TokenStream> = Vec::new();
        let mut named: Vec<String> = Vec::new();
        for arg in &format.args {
            let expr = &arg.expr;
            match &arg.name {
                Some(name) => {
                    named.push(name.to_string());
                    args.push(quote_spanned!(expr.span()=> #name = #rt::Esc(&(#expr))));
                }
                None => args.push(quote_spanned!(expr.span()=> #rt::Esc(&(#expr)))),
            }
        }
        match implicit_captures(&template.value()) {
            Ok(captures) => {
                for name in captures {
                    if !named.contains(&name) {
                        let ident = Ident::new(&name, template.span());
                        args.push(quote!(#ident = #rt::Esc(&#ident)));
                        named.push(name);
                    }
                }
            }
            Err(message) => self.errors.push(syn::Error::new(template.span(), message)),
        }
        b.code(quote!(#rt::write_fmt(#out, ::core::format_args!(#template #(, #args)*));));
    }

    fn element(&mut self, b: &mut Builder, e: &Element, ctx: Ctx) {
        let body_span = e.body.as_ref().map(|_| e.body_span);
        match &e.name {
            ElementName::Static(name, span) => {
                if !e.unchecked {
                    validate::check_element(
                        name,
                        *span,
                        &e.attrs,
                        body_span,
                        &self.allow_prefixes,
                        &mut self.errors,
                    );
                }
                self.element_as(b, Name::Static(name), e, &e.attrs, ctx);
            }
            ElementName::Heading(span) => {
                self.element_as(b, Name::Heading(*span), e, &e.attrs, ctx)
            }
            ElementName::Dynamic(expr, _) => match literal_tag(expr) {
                // `@tag("name.class#id")`: checked now, then written as the
                // static element `name.class #id` would be.
                Some(lit) => {
                    let value = lit.value();
                    match validate::check_literal_tag(&value, lit.span()) {
                        Ok(parts) => {
                            let mut attrs: Vec<Attr> = parts
                                .classes
                                .iter()
                                .map(|class| Attr::Class(class.to_string(), None, lit.span()))
                                .collect();
                            if let Some(id) = parts.id {
                                attrs.push(Attr::Id(id.to_string(), lit.span()));
                            }
                            attrs.extend(e.attrs.iter().cloned());
                            validate::check_element(
                                parts.name,
                                lit.span(),
                                &attrs,
                                body_span,
                                &self.allow_prefixes,
                                &mut self.errors,
                            );
                            self.element_as(b, Name::Static(parts.name), e, &attrs, ctx);
                        }
                        Err(error) => {
                            self.errors.push(error);
                            // Still look for errors in the content.
                            if let Some(body) = &e.body {
                                self.list(b, body, ctx);
                            }
                        }
                    }
                }
                None => self.element_as(b, Name::Runtime(expr), e, &e.attrs, ctx),
            },
        }
    }

    /// Writes `e` under the name `name`, with the head `attrs` (the
    /// element's own, after any shorthand of a literal `@tag`).
    fn element_as(&mut self, b: &mut Builder, name: Name, e: &Element, attrs: &[Attr], ctx: Ctx) {
        let out = out_ident();
        let rt = rt();
        let has_spread = attrs.iter().any(|a| matches!(a, Attr::Spread(_)));
        // Open tag.
        let static_name = match name {
            Name::Static(name) => name,
            _ => "",
        };
        let mut runtime_tag = None;
        let close = match name {
            Name::Static(name) => {
                b.text("<");
                b.text(name);
                quote!()
            }
            Name::Heading(span) => {
                let level = self.fresh("level");
                b.code(quote_spanned!(span=> let #level = #rt::heading_level(); #rt::heading_open(#out, #level);));
                quote!(#rt::heading_close(#out, #level);)
            }
            Name::Runtime(expr) => {
                let tag = self.fresh("tag");
                // The bound names the fix when the value is no `TagName`.
                b.code(quote_spanned!(expr.span()=> let #tag = #rt::dynamic_tag(&(#expr));));
                b.code(quote!(#rt::tag_open(#out, #tag);));
                let close = quote!(#rt::tag_close(#out, #tag););
                runtime_tag = Some(tag);
                close
            }
        };
        if !e.unchecked {
            for attr in attrs {
                if let Attr::Named(name, _, span) = attr {
                    if !html5::is_valid_attribute_name(name) {
                        self.errors.push(syn::Error::new(
                            *span,
                            format!("`{name}` is not a valid attribute name"),
                        ));
                    }
                }
            }
        }
        let default_attr = rules::default_attribute(static_name);
        if let Some(tag) = &runtime_tag {
            // The tag's shorthand first, then the element's own attributes,
            // merged at run time as a spread is.
            let list = self.fresh("attrs");
            let build = self.attrs_builder(&list, attrs);
            b.code(quote!({ let mut #list = ::spinneret::Attrs::new(); #rt::tag_attrs(&mut #list, #tag); #build #rt::render(&#list, #out); }));
        } else if has_spread {
            let list = self.fresh("attrs");
            let build = self.attrs_builder(&list, attrs);
            let lang = match default_attr {
                Some((attr, value)) => quote!(#list.set(#attr, #value);),
                None => quote!(),
            };
            b.code(quote!({ let mut #list = ::spinneret::Attrs::new(); #build #lang #rt::render(&#list, #out); }));
        } else {
            self.static_attrs(b, attrs, default_attr);
        }
        b.text(">");
        if rules::adds_meta_charset(static_name)
            && !has_meta_charset(e.body.as_deref().unwrap_or_default())
        {
            b.text(rules::META_CHARSET);
        }
        // Content.
        let mut inner = ctx;
        if html5::is_preformatted(static_name) {
            inner.pre = true;
        }
        if matches!(static_name, "script" | "style") {
            inner.raw_text = true;
            if let Some(body) = &e.body {
                if !e.unchecked {
                    validate::check_raw_text(static_name, body, &mut self.errors);
                }
            }
        }
        if let Some(body) = &e.body {
            if static_name == "section" {
                let guard = self.fresh("section");
                let body = self.block(body, inner);
                b.code(quote!({ let #guard = #rt::SectionGuard::enter(); #body drop(#guard); }));
            } else if let Some(tag) = &runtime_tag {
                // A `section` chosen at run time counts for `h*` too.
                let guard = self.fresh("section");
                let body = self.block(body, inner);
                b.code(quote!({ let #guard = #rt::tag_section(#tag); #body drop(#guard); }));
            } else if body.iter().any(|n| matches!(n, Node::Let(_))) {
                let body = self.block(body, inner);
                b.code(quote!({ #body }));
            } else {
                self.list(b, body, inner);
            }
        }
        // Close tag.
        match name {
            Name::Static(name) => {
                if !html5::is_void(name) {
                    b.text("</");
                    b.text(name);
                    b.text(">");
                }
            }
            _ => b.code(close),
        }
    }

    /// Attributes known at compile time, written as static text where
    /// possible: token lists (`class`, `rel`) merged and de-duplicated, the
    /// leftmost value winning for any other repeated name.
    fn static_attrs(
        &mut self,
        b: &mut Builder,
        attrs: &[Attr],
        default_attr: Option<(&str, &str)>,
    ) {
        let out = out_ident();
        let rt = rt();
        // Token-list attributes, gathered in order of first appearance.
        let mut groups: Vec<(String, Vec<TokenPart>)> = Vec::new();
        for attr in attrs {
            let (name, part) = match attr {
                Attr::Class(class, None, _) => {
                    ("class".to_string(), TokenPart::Static(class.clone()))
                }
                Attr::Class(class, Some(cond), _) => (
                    "class".to_string(),
                    TokenPart::Toggle(class.clone(), cond.clone()),
                ),
                Attr::Named(name, value, span)
                    if html5::TOKEN_LIST_ATTRIBUTES.contains(&name.as_str()) =>
                {
                    let part = match value {
                        AttrValue::Lit(text) => TokenPart::Static(text.clone()),
                        AttrValue::Expr(expr) => TokenPart::Dynamic(expr.clone()),
                        AttrValue::Empty => TokenPart::Static(String::new()),
                        AttrValue::Toggle(_) => {
                            self.errors.push(syn::Error::new(
                                *span,
                                format!("`{name}[..]` toggles nothing\nhelp: toggle one class with `.name[cond]`"),
                            ));
                            continue;
                        }
                    };
                    (name.clone(), part)
                }
                _ => continue,
            };
            match groups.iter_mut().find(|(n, _)| *n == name) {
                Some((_, parts)) => parts.push(part),
                None => groups.push((name, vec![part])),
            }
        }
        let mut seen: Vec<String> = Vec::new();
        // The default (`lang` on `html`) comes first, as Spinneret's
        // `make-html` writes it before the element's own attributes.
        let has_default = attrs.iter().any(|attr| {
            matches!(attr, Attr::Named(name, ..) if default_attr.is_some_and(|(d, _)| name == d))
        });
        if let Some((attr, value)) = default_attr.filter(|_| !has_default) {
            b.text(" ");
            b.text(attr);
            b.text("=\"");
            b.escaped(value);
            b.text("\"");
        }
        for attr in attrs {
            let (name, value) = match attr {
                Attr::Class(..) => ("class".to_string(), None),
                Attr::Id(id, _) => ("id".to_string(), Some(AttrValue::Lit(id.clone()))),
                Attr::Named(name, value, _) => (name.clone(), Some(value.clone())),
                Attr::Spread(_) => continue,
            };
            let first = !seen.contains(&name);
            seen.push(name.clone());
            if let Some(index) = groups.iter().position(|(n, _)| *n == name) {
                if first {
                    let (name, parts) = groups.swap_remove(index);
                    self.token_group(b, &name, parts);
                }
                continue;
            }
            let Some(value) = value else { continue };
            if !first {
                // Leftmost wins; later values are still evaluated, as in Spinneret.
                if let AttrValue::Expr(expr) | AttrValue::Toggle(expr) = value {
                    b.code(quote!(let _ = &(#expr);));
                }
                continue;
            }
            match value {
                AttrValue::Empty => {
                    b.text(" ");
                    b.text(&name);
                }
                AttrValue::Lit(text) => {
                    b.text(" ");
                    b.text(&name);
                    b.text("=\"");
                    b.escaped(&text);
                    b.text("\"");
                }
                AttrValue::Expr(expr) => {
                    let prefix = format!(" {name}");
                    let boolean = html5::BOOLEAN_ATTRIBUTES.contains(&name.as_str());
                    b.code(quote_spanned!(expr.span()=> {
                        #[allow(unused_imports)]
                        use #rt::{AttrByValue as _, AttrByRender as _};
                        (&#rt::AttrWrap(&(#expr))).write_attr(#out, #prefix, #boolean);
                    }));
                }
                AttrValue::Toggle(cond) => b.choice(&cond, &format!(" {name}")),
            }
        }
    }

    fn token_group(&mut self, b: &mut Builder, name: &str, parts: Vec<TokenPart>) {
        let out = out_ident();
        let rt = rt();
        let mut fixed: Vec<String> = Vec::new();
        let mut dynamic = Vec::new();
        for part in parts {
            match part {
                TokenPart::Static(text) => {
                    for token in text.split_whitespace() {
                        rules::add_token(&mut fixed, token);
                    }
                }
                other => dynamic.push(other),
            }
        }
        if dynamic.is_empty() {
            if !fixed.is_empty() {
                b.text(&format!(" {name}=\""));
                b.escaped(&fixed.join(" "));
                b.text("\"");
            }
            return;
        }
        // Fast paths: toggled tokens that the rulebook would add whatever
        // came before them (new, and not empty) need no de-duplication at
        // run time; any other goes through the run-time rule below.
        let toggles_only = dynamic.iter().all(|p| matches!(p, TokenPart::Toggle(..)));
        let distinct = {
            let mut seen = fixed.clone();
            dynamic.iter().all(|p| match p {
                TokenPart::Toggle(t, _)
                    if rules::token_is_new(seen.iter().map(String::as_str), t)
                        && !t.chars().any(char::is_whitespace) =>
                {
                    seen.push(t.clone());
                    true
                }
                _ => false,
            })
        };
        if toggles_only && distinct && (!fixed.is_empty() || dynamic.len() == 1) {
            let first_prefix = if fixed.is_empty() {
                format!(" {name}=\"")
            } else {
                " ".to_string()
            };
            if !fixed.is_empty() {
                b.text(&format!(" {name}=\""));
                b.escaped(&fixed.join(" "));
            }
            for part in &dynamic {
                if let TokenPart::Toggle(token, cond) = part {
                    let mut text = first_prefix.clone();
                    filters::escape_into(&mut text, token);
                    if fixed.is_empty() {
                        text.push('"');
                    }
                    b.choice(cond, &text);
                }
            }
            if !fixed.is_empty() {
                b.text("\"");
            }
            return;
        }
        let start = self.fresh("tokens");
        let prefix = format!(" {name}=\"");
        let mut code = quote!(let #start = #rt::tokens_open(#out, #prefix););
        for token in &fixed {
            let token = filters::escape(token);
            code.extend(quote!(#rt::token(#out, #start, #token);));
        }
        for part in dynamic {
            match part {
                TokenPart::Toggle(token, cond) => {
                    let token = filters::escape(&token);
                    code.extend(quote!(if #cond { #rt::token(#out, #start, #token); }));
                }
                TokenPart::Dynamic(expr) => {
                    code.extend(
                        quote_spanned!(expr.span()=> #rt::token_value(#out, #start, &(#expr));),
                    );
                }
                TokenPart::Static(_) => {}
            }
        }
        let prefix_len = prefix.len();
        code.extend(quote!(#rt::tokens_close(#out, #start, #prefix_len);));
        b.code(code);
    }

    /// Statements filling an `Attrs` value named `attrs` from an element head,
    /// for components and elements with a spread.
    fn attrs_builder(&mut self, attrs_var: &Ident, attrs: &[Attr]) -> TokenStream {
        let rt = rt();
        let mut code = TokenStream::new();
        for attr in attrs {
            code.extend(match attr {
                Attr::Class(class, None, _) => quote!(#attrs_var.class(#class);),
                Attr::Class(class, Some(cond), _) => quote!(if #cond { #attrs_var.class(#class); }),
                Attr::Id(id, _) => quote!(#attrs_var.set("id", #id);),
                Attr::Named(name, value, span) => {
                    if !html5::is_valid_attribute_name(name) {
                        self.errors.push(syn::Error::new(
                            *span,
                            format!("`{name}` is not a valid attribute name"),
                        ));
                    }
                    match value {
                        AttrValue::Empty => quote!(#attrs_var.set(#name, true);),
                        AttrValue::Lit(text) => quote!(#attrs_var.set(#name, #text);),
                        AttrValue::Expr(expr) => quote_spanned!(expr.span()=> {
                            #[allow(unused_imports)]
                            use #rt::{AttrByValue as _, AttrByRender as _};
                            (&#rt::AttrWrap(&(#expr))).set_in(&mut #attrs_var, #name);
                        }),
                        AttrValue::Toggle(cond) => {
                            quote!(if #cond { #attrs_var.set(#name, true); })
                        }
                    }
                }
                Attr::Spread(expr) => quote_spanned!(expr.span()=> #attrs_var.extend(#expr);),
            });
        }
        code
    }

    fn component(&mut self, b: &mut Builder, c: &Component) {
        let out = out_ident();
        let rt = rt();
        let attrs = self.fresh("attrs");
        let children = self.fresh("children");
        let build = self.attrs_builder(&attrs, &c.attrs);
        let body = match &c.body {
            Some(nodes) => {
                let buf = self.fresh("buf");
                let inner = self.block(nodes, Ctx::default());
                quote!({
                    let mut #buf = ::std::string::String::new();
                    {
                        let #out = &mut #buf;
                        #inner
                    }
                    #rt::markup(#buf)
                })
            }
            None => quote!(::spinneret::Markup::default()),
        };
        let path = &c.path;
        let args = c.args.iter();
        b.code(quote_spanned!(path.span()=> {
            let mut #attrs = ::spinneret::Attrs::new();
            #build
            let #children = #body;
            #rt::render(&#path(#(#args,)* #attrs, #children), #out);
        }));
    }
}

/// The name an element is written under.
#[derive(Clone, Copy)]
enum Name<'a> {
    /// Known at compile time (written, or a literal `@tag("..")`).
    Static(&'a str),
    /// `h*`.
    Heading(Span),
    /// `@tag(expr)` with a `TagName` value.
    Runtime(&'a Expr),
}

/// True for an element spaced as inline (`span`, `a`, …) whose name is
/// known at compile time; a name chosen at run time counts as a block.
fn is_spaced_element(e: &Element) -> bool {
    match &e.name {
        ElementName::Static(name, _) => html5::is_spaced(name),
        ElementName::Dynamic(expr, _) => literal_tag(expr).is_some_and(|lit| {
            html5::split_shorthand(&lit.value()).is_some_and(|parts| html5::is_spaced(parts.name))
        }),
        ElementName::Heading(_) => false,
    }
}

/// The string literal of `@tag("..")`, if it is one.
fn literal_tag(expr: &Expr) -> Option<&LitStr> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => Some(lit),
        Expr::Paren(inner) => literal_tag(&inner.expr),
        Expr::Group(inner) => literal_tag(&inner.expr),
        _ => None,
    }
}

enum TokenPart {
    Static(String),
    Toggle(String, Expr),
    Dynamic(Expr),
}

/// True when `nodes` hold a literal `meta charset` element.
fn has_meta_charset(nodes: &[Node]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Element(e) => {
            let ElementName::Static(name, _) = &e.name else {
                return false;
            };
            rules::is_meta_charset(
                name,
                e.attrs.iter().filter_map(|a| match a {
                    Attr::Named(n, _, _) => Some(n.as_str()),
                    _ => None,
                }),
            )
        }
        _ => false,
    })
}

/// The identifiers a format string captures implicitly (`{name}`,
/// `{name:>5}`), which `format_args!` would otherwise print unescaped.
fn implicit_captures(template: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => {
                if chars.peek().map(|(_, c)| *c) == Some('{') {
                    chars.next();
                    continue;
                }
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, c)) => inner.push(c),
                        None => return Err("unclosed `{` in the format string\nhelp: write `{{` for a literal brace".to_string()),
                    }
                }
                let arg = inner.split(':').next().unwrap_or_default().trim();
                let is_ident = arg
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && arg.chars().all(|c| c.is_alphanumeric() || c == '_');
                if is_ident && !names.iter().any(|n| n == arg) {
                    names.push(arg.to_string());
                }
            }
            '}' if chars.peek().map(|(_, c)| *c) == Some('}') => {
                chars.next();
            }
            _ => {}
        }
    }
    Ok(names)
}
