//! [`embed!`]: a djula template directory compiled into the program, every
//! template compiled with djula at build time, so that a broken template
//! fails `cargo build` with its file, line, source line and caret.
//!
//! ```
//! static TEMPLATES: djula::Embedded = djula_embed::embed!(
//!     "tests/templates", // relative to the calling crate's Cargo.toml
//!     filters = ["shout"], // registered at run time (below)
//!     simple_tags = ["greet"],
//!     raw_tags = ["echo"],
//!     block_tags = ["card"],
//! );
//!
//! let mut engine = djula::Engine::with_settings(djula::Settings {
//!     reload: TEMPLATES.reads_disk(), // debug builds read tests/templates/
//!     ..Default::default()
//! });
//! engine.add_loader(TEMPLATES);
//! engine.def_filter("shout", |s: &str| s.to_uppercase());
//! engine.def_simple_tag("greet", |args: &[djula::Value]| Ok(format!("Hello, {}!", args[0]).into()));
//! engine.def_raw_tag("echo", |raw: &str| Ok(raw.to_string()));
//! engine.def_block_tag("card", |_, body: &str| Ok(format!("<div>{body}</div>")));
//! let html = engine.template("page.html").unwrap()
//!     .render(&serde_json::json!({"title": "hi", "name": "Ann", "items": ["milk"]})).unwrap();
//! assert!(html.starts_with("<title>HI</title>\n<main>Hello, Ann!\n<div><ul><li>milk</li></ul></div>"), "{html}");
//! ```
//!
//! The calling crate depends on `djula` too: the expansion is a
//! [`djula::Embedded`] value. This is a crate of its own because it runs
//! djula while compiling: inside djula, djula would depend on itself.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, Ident, LitStr, Token, Type};

/// Embeds every file under a template directory as a [`djula::Embedded`]
/// (a [`djula::Loader`]), after compiling each template with djula.
///
/// `embed!("DIR", filters = [...], simple_tags = [...], raw_tags = [...],
/// block_tags = [...])`, each list optional:
///
/// - `DIR` is relative to the calling crate's directory (its
///   `CARGO_MANIFEST_DIR`). Every file under it is embedded with
///   `include_str!`, so editing a template rebuilds the crate; its name is
///   its path relative to `DIR`, with `/`. Hidden files and folders are
///   left out, as djula's directory loader leaves them out.
/// - Every template is compiled now with [`djula::Engine::check`], which
///   also checks that each literal `{% extends %}` and `{% include %}`
///   names a template of `DIR`. A broken template is a compile error at
///   `DIR` showing djula's report: the template, line and column, the
///   source line with a caret, and a suggestion.
/// - Filters and tags the program registers at run time are unknown here:
///   name them, by the `Engine` method that registers them
///   ([`djula::Engine::def_filter`], [`def_simple_tag`](djula::Engine::def_simple_tag),
///   [`def_raw_tag`](djula::Engine::def_raw_tag),
///   [`def_block_tag`](djula::Engine::def_block_tag)), and the check uses
///   stand-ins. The names are kept ([`djula::Embedded::filters`],
///   [`djula::Embedded::tags`]) for a test that the engine registers them.
/// - Debug builds (`cfg!(debug_assertions)` in the calling crate) read
///   `DIR` from disk while it exists ([`djula::Embedded::prefer_disk`]),
///   so with [`djula::Settings::reload`] on (`reload: TEMPLATES.reads_disk()`)
///   an edit shows at the next render, without a rebuild. Release builds
///   serve the embedded copies. The absolute path of `DIR` is recorded
///   ([`djula::Embedded::directory`]).
///
/// - `check = { "page.html" => Page, … }` checks templates against the
///   context type each is rendered with (`#[derive(djula::Context)]`):
///   every path the template reads, through what it includes and extends,
///   loop variables followed to the items of what they loop over, must
///   fit the type's shape ([`djula::Template::check_context`] has the
///   rules). A misfit fails `cargo build` where the template reads it:
///   "page.html:2:21: `Page` has no field `title`; did you mean `titel`?",
///   the source line and a caret. `globals = ["site_name", …]` names what
///   the engine's default context supplies.
///
/// ```
/// #[derive(serde::Serialize, djula::Context)]
/// struct Page { title: String, name: String, items: Vec<i64> }
///
/// static TEMPLATES: djula::Embedded = djula_embed::embed!("tests/templates",
///     filters = ["shout"], simple_tags = ["greet"], raw_tags = ["echo"], block_tags = ["card"],
///     check = { "page.html" => Page });
/// # let _ = TEMPLATES;
/// ```
///
/// Adding or removing a file is seen at the next expansion, which happens
/// when the crate is recompiled (any of its sources or templates edited).
/// To recompile on any change in `DIR`, give the crate a `build.rs` with
/// `println!("cargo:rerun-if-changed=DIR");`.
///
/// ```
/// static TEMPLATES: djula::Embedded = djula_embed::embed!("tests/templates",
///     filters = ["shout"], simple_tags = ["greet"], raw_tags = ["echo"], block_tags = ["card"]);
/// assert_eq!(TEMPLATES.names().collect::<Vec<_>>(), ["base.html", "page.html", "partials/row.html"]);
/// assert_eq!(TEMPLATES.get("partials/row.html"), Some("<li>{{ item }}</li>"));
/// assert_eq!(TEMPLATES.filters(), ["shout"]);
/// assert_eq!(TEMPLATES.tags(), ["greet", "echo", "card"]);
/// assert_eq!(TEMPLATES.reads_disk(), cfg!(debug_assertions));
/// ```
///
/// A template using a filter nobody declared does not build:
///
/// ```compile_fail
/// static TEMPLATES: djula::Embedded = djula_embed::embed!("tests/templates");
/// // error: the templates in "tests/templates" do not compile:
/// //        ...
/// //        error: Invalid filter: 'shout'
/// //         --> page.html:2:28
/// //          |
/// //        2 | {% block title %}{{ title|shout }}{% endblock %}
/// //          |                           ^^^^^
/// ```
#[proc_macro]
pub fn embed(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as Input);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The macro's arguments.
struct Input {
    dir: LitStr,
    filters: Vec<LitStr>,
    simple_tags: Vec<LitStr>,
    raw_tags: Vec<LitStr>,
    block_tags: Vec<LitStr>,
    /// Names the engine's default context supplies.
    globals: Vec<LitStr>,
    /// Templates and the context type each is rendered with.
    check: Vec<(LitStr, Type)>,
}

const OPTIONS: &str = "`filters`, `simple_tags`, `raw_tags`, `block_tags`, `globals` or `check`";

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let dir: LitStr = input.parse()?;
        let mut lists: [(&str, Option<Vec<LitStr>>); 5] = [
            ("filters", None),
            ("simple_tags", None),
            ("raw_tags", None),
            ("block_tags", None),
            ("globals", None),
        ];
        let mut check: Option<Vec<(LitStr, Type)>> = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            if key == "check" {
                if check.is_some() {
                    return Err(syn::Error::new(key.span(), "`check` given twice"));
                }
                input.parse::<Token![=]>()?;
                let content;
                braced!(content in input);
                let mut pairs = Vec::new();
                while !content.is_empty() {
                    let name: LitStr = content.parse()?;
                    content.parse::<Token![=>]>()?;
                    let ty: Type = content.parse()?;
                    pairs.push((name, ty));
                    if content.is_empty() {
                        break;
                    }
                    content.parse::<Token![,]>()?;
                }
                check = Some(pairs);
                continue;
            }
            let Some((_, slot)) = lists.iter_mut().find(|(name, _)| key == name) else {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown option `{key}`: expected {OPTIONS}"),
                ));
            };
            if slot.is_some() {
                return Err(syn::Error::new(key.span(), format!("`{key}` given twice")));
            }
            input.parse::<Token![=]>()?;
            let content;
            bracketed!(content in input);
            let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
            for name in &names {
                let value = name.value();
                if value.is_empty() || value.chars().any(char::is_whitespace) {
                    return Err(syn::Error::new(
                        name.span(),
                        "a filter or tag name is one word",
                    ));
                }
            }
            *slot = Some(names.into_iter().collect());
        }
        let [filters, simple_tags, raw_tags, block_tags, globals] =
            lists.map(|(_, names)| names.unwrap_or_default());
        Ok(Input {
            dir,
            filters,
            simple_tags,
            raw_tags,
            block_tags,
            globals,
            check: check.unwrap_or_default(),
        })
    }
}

/// The calling crate's directory. Tests of this macro that compile in a
/// crate of their own (trybuild's) set `DJULA_EMBED_MANIFEST_DIR` to the
/// directory their fixtures are in.
fn manifest_dir(span: Span) -> syn::Result<PathBuf> {
    std::env::var_os("DJULA_EMBED_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| syn::Error::new(span, "CARGO_MANIFEST_DIR is not set: build with cargo"))
}

fn expand(input: &Input) -> syn::Result<proc_macro2::TokenStream> {
    let span = input.dir.span();
    let dir = manifest_dir(span)?.join(input.dir.value());
    let engine = checking_engine(input, &dir)?;
    let Some(dir_str) = dir.to_str() else {
        return Err(syn::Error::new(
            span,
            format!("{}: the path is not UTF-8", dir.display()),
        ));
    };
    let mut files = Vec::new();
    for name in engine.template_names() {
        let path = dir.join(&name);
        let path = path_str(&path, span)?;
        files.push(quote! { (#name, ::core::include_str!(#path)) });
    }
    let filters = names(&input.filters);
    let tags: Vec<String> = [&input.simple_tags, &input.raw_tags, &input.block_tags]
        .into_iter()
        .flat_map(|list| names(list))
        .collect();
    let checks = context_checks(input, &engine)?;
    Ok(quote! {
        {
            #(#checks)*
            ::djula::Embedded::new(#dir_str, &[#(#files),*])
                .declared(&[#(#filters),*], &[#(#tags),*])
                .prefer_disk(::core::cfg!(debug_assertions))
        }
    })
}

/// For each `check` pair, a constant that follows every path the template
/// reads through the type's `djula::Context::SHAPE`: evaluated while the
/// calling crate compiles, a path that does not fit panics, which rustc
/// reports as a compile error with the template, line, caret and message.
fn context_checks(
    input: &Input,
    engine: &djula::Engine,
) -> syn::Result<Vec<proc_macro2::TokenStream>> {
    let globals: Vec<String> = names(&input.globals);
    let globals: Vec<&str> = globals.iter().map(String::as_str).collect();
    let mut checks = Vec::new();
    for (name, ty) in &input.check {
        let template = engine
            .template(&name.value())
            .map_err(|e| syn::Error::new(name.span(), format!("{e:#}")))?;
        let reads = template.__context_reads(&globals).into_iter().map(|read| {
            let steps = read.steps.iter().map(|step| match step {
                Some(attr) => quote!(::djula::shape::check::Step::Attr(#attr)),
                None => quote!(::djula::shape::check::Step::Item),
            });
            let (from, place, snippet) = (read.from, read.place, read.snippet);
            quote! {
                ::djula::shape::check::Read {
                    path: &[#(#steps),*],
                    from: #from,
                    place: #place,
                    snippet: #snippet,
                }
            }
        });
        checks.push(quote! {
            const _: () = ::djula::shape::check::assert_reads(
                <#ty as ::djula::Context>::SHAPE,
                &[#(#reads),*],
            );
        });
    }
    Ok(checks)
}

fn path_str(path: &Path, span: Span) -> syn::Result<String> {
    path.to_str()
        .map(str::to_string)
        .ok_or_else(|| syn::Error::new(span, format!("{}: the path is not UTF-8", path.display())))
}

fn names(list: &[LitStr]) -> Vec<String> {
    list.iter().map(LitStr::value).collect()
}

/// An engine over `dir` with stand-ins for the declared filters and tags,
/// every template compiled: the error, formatted for a person, is spanned
/// at the directory literal.
fn checking_engine(input: &Input, dir: &Path) -> syn::Result<djula::Engine> {
    let span = input.dir.span();
    let written = input.dir.value();
    if !dir.is_dir() {
        return Err(syn::Error::new(
            span,
            format!(
                "{written:?} is not a directory (the path is relative to the crate's Cargo.toml)"
            ),
        ));
    }
    let mut engine = djula::Engine::new();
    engine
        .add_template_directory(dir)
        .map_err(|e| syn::Error::new(span, format!("{e:#}")))?;
    for name in &input.filters {
        engine.def_filter(&name.value(), |v: djula::Value, _: Option<djula::Value>| v);
    }
    for name in &input.simple_tags {
        engine.def_simple_tag(&name.value(), |_| Ok(djula::Value::None));
    }
    for name in &input.raw_tags {
        engine.def_raw_tag(&name.value(), |_| Ok(String::new()));
    }
    for name in &input.block_tags {
        engine.def_block_tag(&name.value(), |_, _| Ok(String::new()));
    }
    engine.check().map_err(|e| {
        syn::Error::new(
            span,
            format!("the templates in {written:?} do not compile:\n\n{e:#}"),
        )
    })?;
    Ok(engine)
}
