//! The syntax tree of the DSL and its parser. Parsing only: no validation and
//! no code generation happen here.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{braced, bracketed, parenthesized, token, Expr, Ident, Lit, LitStr, Token};

/// The deepest nesting the parser accepts; deeper input is an error, not a
/// stack overflow.
const MAX_DEPTH: usize = 128;

/// The whole input of `html!`: options, then content.
pub struct Markup {
    /// Attribute prefixes the user allows on top of the built-in ones.
    pub allow_prefixes: Vec<String>,
    pub nodes: Vec<Node>,
}

/// One content item.
pub enum Node {
    /// A literal: string, number, char or bool, written as text.
    Text(TextLit),
    /// `(expr)`: a value written through `Render`.
    Splice(Expr),
    /// `("fmt {}", args)`: a format string with escaped arguments.
    Format(Format),
    /// `~`: no space between the neighbours.
    Join,
    /// `{ ... }`: a group of nodes.
    Block(Vec<Node>),
    Element(Box<Element>),
    /// `@name(args) attrs { children }`: a component call.
    Component(Box<Component>),
    /// `@raw(expr)`: trusted HTML, not escaped.
    Raw(Expr, Span),
    /// `@json(expr)`: a value as JSON safe inside `<script>`.
    Json(Expr, Span),
    /// `@comment(expr)`.
    Comment(Expr, Span),
    /// `@cdata(expr)`: a CDATA section.
    Cdata(Expr, Span),
    /// `@doctype`.
    Doctype(Span),
    /// `if ... { } else ...`, tokens of the condition kept verbatim.
    If(If),
    /// `for pat in expr { }`.
    For(TokenStream, Vec<Node>),
    /// `match expr { arms }`.
    Match(TokenStream, Vec<Arm>),
    /// `let pat = expr;`.
    Let(TokenStream),
}

/// A literal written as text.
pub struct TextLit {
    pub text: String,
    pub span: Span,
}

pub struct Format {
    pub template: LitStr,
    pub args: Vec<FormatArg>,
}

pub struct FormatArg {
    pub name: Option<Ident>,
    pub expr: Expr,
}

pub struct If {
    pub cond: TokenStream,
    pub then: Vec<Node>,
    pub otherwise: Option<Box<Else>>,
}

pub enum Else {
    If(If),
    Block(Vec<Node>),
}

pub struct Arm {
    pub pattern: TokenStream,
    pub body: Vec<Node>,
}

/// The name of an element as written.
pub enum ElementName {
    /// A fixed name (`div`, `my-widget`, `linearGradient`).
    Static(String, Span),
    /// `h*`: a heading whose level follows the enclosing sections.
    Heading(Span),
    /// `@tag(expr)`: chosen at run time (a `TagName`), or at compile time
    /// when `expr` is a string literal.
    Dynamic(Box<Expr>, Span),
}

pub struct Element {
    pub name: ElementName,
    /// `#[unchecked]` was written before the element.
    pub unchecked: bool,
    pub attrs: Vec<Attr>,
    /// `None` for `name;`.
    pub body: Option<Vec<Node>>,
    /// Where the body opens, for error messages.
    pub body_span: Span,
}

/// A component call: `@path(args) attrs { children }`.
pub struct Component {
    pub path: syn::Path,
    pub args: Punctuated<Expr, Token![,]>,
    pub attrs: Vec<Attr>,
    pub body: Option<Vec<Node>>,
}

/// One piece of an element head.
#[derive(Clone)]
pub enum Attr {
    /// `.name`: a class; `.name[cond]`: a class toggled by `cond`.
    Class(String, Option<Expr>, Span),
    /// `#name`: the id.
    Id(String, Span),
    /// `name`, `name=value`, `name[cond]`.
    Named(String, AttrValue, Span),
    /// `..(expr)`: attributes spread from a run-time list.
    Spread(Expr),
}

#[derive(Clone)]
pub enum AttrValue {
    /// A bare name: a boolean attribute that is present.
    Empty,
    /// A literal value.
    Lit(String),
    /// `=(expr)`: a value; `bool` and `Option` decide presence.
    Expr(Expr),
    /// `[cond]`: present when `cond` is true.
    Toggle(Expr),
}

impl Parse for Markup {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut allow_prefixes = Vec::new();
        while input.peek(Token![#]) && input.peek2(Token![!]) {
            input.parse::<Token![#]>()?;
            input.parse::<Token![!]>()?;
            let content;
            bracketed!(content in input);
            let key: Ident = content.parse()?;
            if key != "allow_prefix" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown option `{key}`\nhelp: the only option is `#![allow_prefix(\"ng-\")]`"),
                ));
            }
            let args;
            parenthesized!(args in content);
            let lits = Punctuated::<LitStr, Token![,]>::parse_terminated(&args)?;
            allow_prefixes.extend(lits.iter().map(LitStr::value));
        }
        let nodes = parse_nodes(input, 0)?;
        Ok(Markup {
            allow_prefixes,
            nodes,
        })
    }
}

/// Parses nodes until the end of `input`.
pub fn parse_nodes(input: ParseStream, depth: usize) -> syn::Result<Vec<Node>> {
    if depth > MAX_DEPTH {
        return Err(input.error("markup nested too deeply"));
    }
    let mut nodes = Vec::new();
    while !input.is_empty() {
        nodes.push(parse_node(input, depth)?);
    }
    Ok(nodes)
}

fn parse_braced_nodes(input: ParseStream, depth: usize) -> syn::Result<Vec<Node>> {
    let content;
    braced!(content in input);
    parse_nodes(&content, depth + 1)
}

fn parse_node(input: ParseStream, depth: usize) -> syn::Result<Node> {
    let look = input.lookahead1();
    if input.peek(Lit) {
        return parse_text(input);
    }
    if input.peek(token::Paren) {
        return parse_paren(input);
    }
    if input.peek(Token![~]) {
        input.parse::<Token![~]>()?;
        return Ok(Node::Join);
    }
    if input.peek(token::Brace) {
        return Ok(Node::Block(parse_braced_nodes(input, depth)?));
    }
    if input.peek(Token![if]) {
        return Ok(Node::If(parse_if(input, depth)?));
    }
    if input.peek(Token![for]) {
        input.parse::<Token![for]>()?;
        let head = tokens_until_brace(input)?;
        let body = parse_braced_nodes(input, depth)?;
        return Ok(Node::For(head, body));
    }
    if input.peek(Token![match]) {
        return parse_match(input, depth);
    }
    if input.peek(Token![let]) {
        input.parse::<Token![let]>()?;
        let mut tokens = TokenStream::new();
        while !input.peek(Token![;]) {
            if input.is_empty() {
                return Err(input.error("expected `;` after `let`"));
            }
            tokens.extend([input.parse::<TokenTree>()?]);
        }
        input.parse::<Token![;]>()?;
        return Ok(Node::Let(tokens));
    }
    if input.peek(Token![@]) {
        return parse_at(input, depth);
    }
    if input.peek(Token![#]) && input.peek2(token::Bracket) {
        input.parse::<Token![#]>()?;
        let content;
        bracketed!(content in input);
        let key: Ident = content.parse()?;
        if key != "unchecked" {
            return Err(syn::Error::new(
                key.span(),
                "unknown marker\nhelp: `#[unchecked]` before an element turns its validation off",
            ));
        }
        let mut element = parse_element(input, depth)?;
        element.unchecked = true;
        return Ok(Node::Element(Box::new(element)));
    }
    if input.peek(Ident::peek_any) {
        return Ok(Node::Element(Box::new(parse_element(input, depth)?)));
    }
    Err(look.error())
}

fn parse_text(input: ParseStream) -> syn::Result<Node> {
    let lit: Lit = input.parse()?;
    let span = lit.span();
    let text = lit_text(&lit)?;
    Ok(Node::Text(TextLit { text, span }))
}

/// The text a literal stands for: strings as is, numbers as Rust wrote them
/// (floats as Python prints them, like spliced floats), `true`/`false`.
fn lit_text(lit: &Lit) -> syn::Result<String> {
    Ok(match lit {
        Lit::Str(s) => s.value(),
        Lit::Char(c) => c.value().to_string(),
        Lit::Int(i) => i.base10_digits().to_string(),
        Lit::Float(f) => {
            let value: f64 = f.base10_parse()?;
            let mut out = String::new();
            filters::write_python_float(&mut out, value);
            out
        }
        Lit::Bool(b) => if b.value { "True" } else { "False" }.to_string(),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "this literal cannot be written as text",
            ))
        }
    })
}

/// `(expr)` or `("format", args...)`.
fn parse_paren(input: ParseStream) -> syn::Result<Node> {
    let content;
    parenthesized!(content in input);
    if content.peek(LitStr) && (content.peek2(Token![,]) || is_last_token(&content)) {
        let template: LitStr = content.parse()?;
        let mut args = Vec::new();
        while !content.is_empty() {
            content.parse::<Token![,]>()?;
            if content.is_empty() {
                break;
            }
            let name =
                if content.peek(Ident) && content.peek2(Token![=]) && !content.peek2(Token![==]) {
                    let name: Ident = content.parse()?;
                    content.parse::<Token![=]>()?;
                    Some(name)
                } else {
                    None
                };
            args.push(FormatArg {
                name,
                expr: content.parse()?,
            });
        }
        return Ok(Node::Format(Format { template, args }));
    }
    if content.is_empty() {
        return Err(content.error("expected an expression inside `( )`"));
    }
    Ok(Node::Splice(content.parse()?))
}

/// True when `input` holds exactly one token tree.
fn is_last_token(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<TokenTree>().is_ok() && fork.is_empty()
}

/// Tokens up to the next top-level `{ }` group, as Rust reads an `if`/`for`
/// head (struct literals need parentheses there, as in Rust).
fn tokens_until_brace(input: ParseStream) -> syn::Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.peek(token::Brace) {
        if input.is_empty() {
            return Err(input.error("expected `{`"));
        }
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    Ok(tokens)
}

fn parse_if(input: ParseStream, depth: usize) -> syn::Result<If> {
    input.parse::<Token![if]>()?;
    let cond = tokens_until_brace(input)?;
    let then = parse_braced_nodes(input, depth)?;
    let otherwise = if input.peek(Token![else]) {
        input.parse::<Token![else]>()?;
        if input.peek(Token![if]) {
            Some(Box::new(Else::If(parse_if(input, depth + 1)?)))
        } else {
            Some(Box::new(Else::Block(parse_braced_nodes(input, depth)?)))
        }
    } else {
        None
    };
    Ok(If {
        cond,
        then,
        otherwise,
    })
}

fn parse_match(input: ParseStream, depth: usize) -> syn::Result<Node> {
    input.parse::<Token![match]>()?;
    let scrutinee = tokens_until_brace(input)?;
    let content;
    braced!(content in input);
    let mut arms = Vec::new();
    while !content.is_empty() {
        let mut pattern = TokenStream::new();
        while !content.peek(Token![=>]) {
            if content.is_empty() {
                return Err(content.error("expected `=>` in a match arm"));
            }
            pattern.extend([content.parse::<TokenTree>()?]);
        }
        content.parse::<Token![=>]>()?;
        let body = if content.peek(token::Brace) {
            parse_braced_nodes(&content, depth)?
        } else {
            vec![parse_node(&content, depth + 1)?]
        };
        if content.peek(Token![,]) {
            content.parse::<Token![,]>()?;
        }
        arms.push(Arm { pattern, body });
    }
    Ok(Node::Match(scrutinee, arms))
}

/// `@doctype`, `@raw(..)`, `@json(..)`, `@comment(..)`, `@cdata(..)`,
/// `@tag(..)`, or a component call `@path(args)`.
fn parse_at(input: ParseStream, depth: usize) -> syn::Result<Node> {
    let at: Token![@] = input.parse()?;
    let path: syn::Path = input.call(syn::Path::parse_mod_style)?;
    let span = path.span();
    let single = path.get_ident().map(Ident::to_string);
    match single.as_deref() {
        Some("doctype") => {
            if input.peek(Token![;]) {
                input.parse::<Token![;]>()?;
            }
            return Ok(Node::Doctype(span));
        }
        Some(kind @ ("raw" | "json" | "comment" | "cdata")) => {
            let content;
            parenthesized!(content in input);
            let expr: Expr = content.parse()?;
            if input.peek(Token![;]) {
                input.parse::<Token![;]>()?;
            }
            return Ok(match kind {
                "raw" => Node::Raw(expr, span),
                "json" => Node::Json(expr, span),
                "cdata" => Node::Cdata(expr, span),
                _ => Node::Comment(expr, span),
            });
        }
        Some("tag") => {
            let content;
            parenthesized!(content in input);
            let expr: Expr = content.parse()?;
            let attrs = parse_attrs(input)?;
            let (body, body_span) = parse_body(input, depth)?;
            return Ok(Node::Element(Box::new(Element {
                name: ElementName::Dynamic(Box::new(expr), span),
                unchecked: false,
                attrs,
                body,
                body_span,
            })));
        }
        _ => {}
    }
    let args = if input.peek(token::Paren) {
        let content;
        parenthesized!(content in input);
        Punctuated::parse_terminated(&content)?
    } else {
        Punctuated::new()
    };
    let _ = at;
    let attrs = parse_attrs(input)?;
    let (body, _) = parse_body(input, depth)?;
    Ok(Node::Component(Box::new(Component {
        path,
        args,
        attrs,
        body,
    })))
}

fn parse_element(input: ParseStream, depth: usize) -> syn::Result<Element> {
    let first = input.call(Ident::parse_any)?;
    let span = first.span();
    let name = if first == "h" && input.peek(Token![*]) {
        input.parse::<Token![*]>()?;
        ElementName::Heading(span)
    } else {
        let mut name = first.to_string();
        parse_hyphenated_tail(input, &mut name)?;
        ElementName::Static(name, span)
    };
    let attrs = parse_attrs(input)?;
    let (body, body_span) = parse_body(input, depth)?;
    Ok(Element {
        name,
        unchecked: false,
        attrs,
        body,
        body_span,
    })
}

/// `{ children }` or `;`.
fn parse_body(input: ParseStream, depth: usize) -> syn::Result<(Option<Vec<Node>>, Span)> {
    if input.peek(Token![;]) {
        let semi: Token![;] = input.parse()?;
        return Ok((None, semi.span));
    }
    if input.peek(token::Brace) {
        let span = input.span();
        return Ok((Some(parse_braced_nodes(input, depth)?), span));
    }
    Err(input.error("expected `{ ... }` (the element's content) or `;` (no content)"))
}

/// Appends `-part` pieces (`data-user-id`, `col-2`) and `:part` pieces
/// (`xml:lang`, `hx-on:click`) to `name`.
fn parse_hyphenated_tail(input: ParseStream, name: &mut String) -> syn::Result<()> {
    loop {
        let sep = if input.peek(Token![-]) && !input.peek(Token![-=]) {
            input.parse::<Token![-]>()?;
            '-'
        } else if input.peek(Token![:]) && !input.peek(Token![::]) && (input.peek2(Ident::peek_any))
        {
            input.parse::<Token![:]>()?;
            ':'
        } else {
            return Ok(());
        };
        name.push(sep);
        if input.peek(Ident::peek_any) {
            name.push_str(&input.call(Ident::parse_any)?.to_string());
        } else if input.peek(syn::LitInt) {
            name.push_str(&input.parse::<syn::LitInt>()?.to_string());
        } else {
            return Err(input.error("expected a name part after `-`"));
        }
    }
}

/// A class or id name after `.` or `#`: a hyphenated identifier, or a string
/// literal for names that are not identifiers (`."2xl"`).
fn parse_selector_name(input: ParseStream) -> syn::Result<(String, Span)> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Ok((lit.value(), lit.span()));
    }
    let first = input.call(Ident::parse_any)?;
    let mut name = first.to_string();
    parse_hyphenated_tail(input, &mut name)?;
    Ok((name, first.span()))
}

/// Everything between an element's name and its body.
pub fn parse_attrs(input: ParseStream) -> syn::Result<Vec<Attr>> {
    let mut attrs = Vec::new();
    loop {
        if input.peek(Token![.]) && input.peek2(Token![.]) || input.peek(Token![..]) {
            input.parse::<Token![..]>()?;
            let content;
            parenthesized!(content in input);
            attrs.push(Attr::Spread(content.parse()?));
        } else if input.peek(Token![.]) {
            input.parse::<Token![.]>()?;
            let (name, span) = parse_selector_name(input)?;
            let toggle = if input.peek(token::Bracket) {
                let content;
                bracketed!(content in input);
                Some(content.parse()?)
            } else {
                None
            };
            attrs.push(Attr::Class(name, toggle, span));
        } else if input.peek(Token![#]) {
            input.parse::<Token![#]>()?;
            let (name, span) = parse_selector_name(input)?;
            attrs.push(Attr::Id(name, span));
        } else if input.peek(Ident::peek_any) {
            let first = input.call(Ident::parse_any)?;
            let mut name = first.to_string();
            parse_hyphenated_tail(input, &mut name)?;
            let value = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                parse_attr_value(input)?
            } else if input.peek(token::Bracket) {
                let content;
                bracketed!(content in input);
                AttrValue::Toggle(content.parse()?)
            } else {
                AttrValue::Empty
            };
            attrs.push(Attr::Named(name, value, first.span()));
        } else {
            return Ok(attrs);
        }
    }
}

fn parse_attr_value(input: ParseStream) -> syn::Result<AttrValue> {
    if input.peek(Lit) {
        let lit: Lit = input.parse()?;
        return Ok(AttrValue::Lit(lit_text(&lit)?));
    }
    if input.peek(token::Paren) {
        let content;
        parenthesized!(content in input);
        return Ok(AttrValue::Expr(content.parse()?));
    }
    if let Ok(TokenTree::Group(g)) = input.fork().parse::<TokenTree>() {
        if g.delimiter() == Delimiter::Brace {
            return Err(syn::Error::new(
                g.span(),
                "attribute values in braces are not supported\nhelp: write `name=(expr)`",
            ));
        }
    }
    Err(input.error("expected an attribute value: a literal or `(expr)`"))
}
