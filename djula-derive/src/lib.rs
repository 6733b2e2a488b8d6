//! `#[derive(djula::Context)]`: implements `djula::Context` for a type,
//! giving its shape as a djula template sees it once serde has serialized
//! it. Use it through `djula`, which re-exports it.
//!
//! - A struct with named fields is a dict of its fields, named as serde
//!   names them: `rename`, `rename_all`, `skip`/`skip_serializing` (left
//!   out), `skip_serializing_if` (may be missing: optional), `flatten`
//!   (its keys join the struct's), `serialize_with`/`with` (anything).
//! - A newtype struct, or `#[serde(transparent)]`, is its field.
//! - A tuple struct is a list; a unit struct is None.
//! - An enum of unit variants is a string; any other enum is anything.
//! - A field whose type names the struct itself (a tree) is anything: a
//!   constant cannot refer to itself.
//!
//! ```ignore
//! #[derive(serde::Serialize, djula::Context)]
//! #[serde(rename_all = "camelCase")]
//! struct Task {
//!     title: String,
//!     done_at: Option<String>, // doneAt
//! }
//! ```

#![forbid(unsafe_code)]

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2, TokenTree};
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr, Type};

/// Implements `djula::Context` (the type's template shape); see the crate
/// documentation for how serde's attributes are read.
#[proc_macro_derive(Context, attributes(djula))]
pub fn derive_context(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// serde's attributes on a container or a field, as far as the shape goes.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<String>,
    skip: bool,
    /// `skip_serializing_if = "path"`: the predicate.
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
    transparent: bool,
    custom: bool,
}

fn serde_attributes(attrs: &[syn::Attribute]) -> syn::Result<Serde> {
    let mut found = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match key.as_str() {
                "rename" | "rename_all" => {
                    let value = serialize_name(&meta)?;
                    if key == "rename" {
                        found.rename = value;
                    } else {
                        found.rename_all = value;
                    }
                }
                "skip" | "skip_serializing" => found.skip = true,
                "skip_serializing_if" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    found.skip_if = Some(lit.parse()?);
                }
                "flatten" => found.flatten = true,
                "transparent" => found.transparent = true,
                "serialize_with" | "with" | "into" | "remote" => {
                    found.custom = true;
                    skip_value(&meta)?;
                }
                _ => skip_value(&meta)?,
            }
            Ok(())
        })?;
    }
    Ok(found)
}

/// The serialize name of `rename = "x"` or `rename(serialize = "x", …)`.
fn serialize_name(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if meta.input.peek(syn::Token![=]) {
        let lit: LitStr = meta.value()?.parse()?;
        return Ok(Some(lit.value()));
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            let lit: LitStr = inner.value()?.parse()?;
            name = Some(lit.value());
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    Ok(name)
}

/// Consumes an attribute's `= value` or `(…)`, whatever it is.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// serde's `rename_all` rule applied to a field name.
fn rename(field: &str, rule: &str, span: Span) -> syn::Result<String> {
    let pascal = || {
        let mut out = String::new();
        let mut upper = true;
        for c in field.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    };
    Ok(match rule {
        // serde's rules for fields (already snake_case): `lowercase`
        // leaves them as they are.
        "lowercase" | "snake_case" => field.to_string(),
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
        "PascalCase" => pascal(),
        "camelCase" => {
            let p = pascal();
            let mut chars = p.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_lowercase().to_string() + chars.as_str()
            })
        }
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.to_ascii_uppercase().replace('_', "-"),
        other => {
            return Err(syn::Error::new(
                span,
                format!("unknown serde rename rule \"{other}\""),
            ))
        }
    })
}

/// The key serde writes for a named field: its `rename`, else the
/// container's `rename_all` rule, else its name (`r#` dropped). `None`
/// for a tuple field.
fn serialized_key(
    field: &syn::Field,
    attrs: &Serde,
    container: &Serde,
) -> syn::Result<Option<String>> {
    let Some(ident) = &field.ident else {
        return Ok(None);
    };
    let rust_name = ident.to_string();
    let rust_name = rust_name.trim_start_matches("r#");
    Ok(Some(match (&attrs.rename, &container.rename_all) {
        (Some(name), _) => name.clone(),
        (None, Some(rule)) => rename(rust_name, rule, ident.span())?,
        (None, None) => rust_name.to_string(),
    }))
}

/// True when `ty` names `this` (or `Self`): a recursive field.
fn mentions(ty: &Type, this: &syn::Ident) -> bool {
    fn walk(tokens: TokenStream2, this: &syn::Ident) -> bool {
        tokens.into_iter().any(|t| match t {
            TokenTree::Ident(i) => i == *this || i == "Self",
            TokenTree::Group(g) => walk(g.stream(), this),
            _ => false,
        })
    }
    walk(quote!(#ty), this)
}

/// The shape expression of a field of type `ty`.
fn field_shape(ty: &Type, this: &syn::Ident, attrs: &Serde) -> TokenStream2 {
    if attrs.custom || mentions(ty, this) {
        return quote!(&::djula::Shape::Any);
    }
    let shape = quote!(<#ty as ::djula::Context>::SHAPE);
    if attrs.skip_if.is_some() {
        quote!(&::djula::Shape::Optional(#shape))
    } else {
        shape
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let this = &input.ident;
    let container = serde_attributes(&input.attrs)?;
    let shape = if container.custom {
        quote!(&::djula::Shape::Any)
    } else {
        match &input.data {
            Data::Struct(data) => struct_shape(this, &data.fields, &container)?,
            Data::Enum(data) => {
                if data
                    .variants
                    .iter()
                    .all(|v| matches!(v.fields, Fields::Unit))
                {
                    quote!(&::djula::Shape::Str)
                } else {
                    quote!(&::djula::Shape::Any)
                }
            }
            Data::Union(_) => {
                return Err(syn::Error::new_spanned(
                    this,
                    "djula::Context cannot be derived for a union (serde cannot serialize one)",
                ))
            }
        }
    };
    let mut generics = input.generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    if !params.is_empty() {
        let where_clause = generics.make_where_clause();
        for param in params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#param: ::djula::Context));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let conversion = to_value_body(input, &container)?;
    // The value: each field made directly, or, where the derive cannot see
    // what serde does, through serde (which needs `Self: Serialize`).
    let mut value_generics = input.generics.clone();
    let value_params: Vec<syn::Ident> = value_generics
        .type_params()
        .map(|p| p.ident.clone())
        .collect();
    {
        let where_clause = value_generics.make_where_clause();
        for param in value_params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#param: ::djula::ToValue));
        }
        if conversion.through_serde {
            where_clause
                .predicates
                .push(syn::parse_quote!(Self: ::djula::__Serialize));
        }
    }
    let (value_impl, value_ty, value_where) = value_generics.split_for_impl();
    let body = conversion.body;
    // A direct conversion puts its strings in the arena of the conversion
    // under way (`__to_value_in`); `to_value` starts one.
    let methods = if conversion.through_serde {
        quote! {
            fn to_value(&self) -> ::djula::Value {
                #body
            }
        }
    } else {
        quote! {
            fn to_value(&self) -> ::djula::Value {
                ::djula::__typed_value(self)
            }
            fn __to_value_in(&self, __djula_text: &mut ::djula::TextArena) -> ::djula::Value {
                #body
            }
        }
    };
    Ok(quote! {
        impl #impl_generics ::djula::Context for #this #ty_generics #where_clause {
            const SHAPE: &'static ::djula::Shape = #shape;
        }

        impl #value_impl ::djula::ToValue for #this #value_ty #value_where {
            #methods
        }
    })
}

/// The body of `ToValue::to_value`, and whether it goes through serde.
struct Conversion {
    body: TokenStream2,
    through_serde: bool,
}

fn to_value_body(input: &DeriveInput, container: &Serde) -> syn::Result<Conversion> {
    let serde = || Conversion {
        body: quote!(::djula::__serde_value(self)),
        through_serde: true,
    };
    if container.custom {
        return Ok(serde());
    }
    let Data::Struct(data) = &input.data else {
        // Enums: serde's variant renaming rules are its own.
        return Ok(serde());
    };
    let kept: Vec<(usize, &syn::Field, Serde)> = data
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| Ok((i, f, serde_attributes(&f.attrs)?)))
        .collect::<syn::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, _, attrs)| !attrs.skip)
        .collect();
    if kept.iter().any(|(_, _, attrs)| attrs.custom) {
        return Ok(serde());
    }
    let access = |i: usize, field: &syn::Field| match &field.ident {
        Some(ident) => quote!(self.#ident),
        None => {
            let index = syn::Index::from(i);
            quote!(self.#index)
        }
    };
    let direct = |body| Conversion {
        body,
        through_serde: false,
    };
    if container.transparent || matches!(data.fields, Fields::Unnamed(_)) && kept.len() == 1 {
        let Some((i, field, _)) = kept.first() else {
            return Ok(serde());
        };
        let path = access(*i, field);
        return Ok(direct(
            quote!(::djula::ToValue::__to_value_in(&#path, __djula_text)),
        ));
    }
    match &data.fields {
        Fields::Unit => return Ok(direct(quote!(::djula::Value::None))),
        Fields::Unnamed(_) => {
            let items = kept.iter().map(|(i, f, _)| {
                let path = access(*i, f);
                quote!(::djula::ToValue::__to_value_in(&#path, __djula_text))
            });
            return Ok(direct(quote!(::djula::Value::list(
                ::std::vec![#(#items),*]
            ))));
        }
        Fields::Named(_) => {}
    }
    let mut pushes = Vec::new();
    // `(key, value)` of each field, while every field is always there
    // under its key: then the dict is made from an array, in one block.
    let mut fixed = Some(Vec::new());
    for (i, field, attrs) in &kept {
        let path = access(*i, field);
        let value = quote!(::djula::ToValue::__to_value_in(&#path, __djula_text));
        let push = if attrs.flatten {
            quote!(fields.push((::core::option::Option::None, #value));)
        } else {
            let Some(key) = serialized_key(field, attrs, container)? else {
                continue;
            };
            if let Some(fixed) = fixed.as_mut().filter(|_| attrs.skip_if.is_none()) {
                fixed.push(quote!((#key, #value)));
            } else {
                fixed = None;
            }
            quote!(fields.push((::core::option::Option::Some(#key), #value));)
        };
        if attrs.flatten {
            fixed = None;
        }
        pushes.push(match &attrs.skip_if {
            Some(predicate) => quote!(if !#predicate(&#path) { #push }),
            None => push,
        });
    }
    if let Some(fixed) = fixed {
        return Ok(direct(quote!(::djula::__struct_fields([#(#fixed),*]))));
    }
    let capacity = kept.len();
    Ok(direct(quote! {
        #[allow(unused_mut)]
        let mut fields: ::std::vec::Vec<(::core::option::Option<&'static str>, ::djula::Value)> =
            ::std::vec::Vec::with_capacity(#capacity);
        #(#pushes)*
        ::djula::__struct_value(fields)
    }))
}

fn struct_shape(
    this: &syn::Ident,
    fields: &Fields,
    container: &Serde,
) -> syn::Result<TokenStream2> {
    let kept: Vec<(&syn::Field, Serde)> = fields
        .iter()
        .map(|f| Ok((f, serde_attributes(&f.attrs)?)))
        .collect::<syn::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, attrs)| !attrs.skip)
        .collect();
    if container.transparent || matches!(fields, Fields::Unnamed(_)) && kept.len() == 1 {
        let Some((field, attrs)) = kept.first() else {
            return Err(syn::Error::new_spanned(
                this,
                "a transparent struct needs one serialized field",
            ));
        };
        return Ok(field_shape(&field.ty, this, attrs));
    }
    match fields {
        Fields::Unit => return Ok(quote!(&::djula::Shape::Nothing)),
        Fields::Unnamed(_) => return Ok(quote!(&::djula::Shape::List(&::djula::Shape::Any))),
        Fields::Named(_) => {}
    }
    let mut named = Vec::new();
    let mut flattened = Vec::new();
    for (field, attrs) in &kept {
        let shape = field_shape(&field.ty, this, attrs);
        if attrs.flatten {
            flattened.push(shape);
            continue;
        }
        let Some(key) = serialized_key(field, attrs, container)? else {
            continue;
        };
        named.push(quote!(::djula::Field { name: #key, shape: #shape }));
    }
    let name = this.to_string();
    Ok(quote! {
        &::djula::Shape::Struct(&::djula::Struct {
            name: #name,
            fields: &[#(#named),*],
            flattened: &[#(#flattened),*],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_rename_rules() {
        let span = Span::call_site();
        let cases = [
            ("lowercase", "done_at"),
            ("UPPERCASE", "DONE_AT"),
            ("PascalCase", "DoneAt"),
            ("camelCase", "doneAt"),
            ("snake_case", "done_at"),
            ("SCREAMING_SNAKE_CASE", "DONE_AT"),
            ("kebab-case", "done-at"),
            ("SCREAMING-KEBAB-CASE", "DONE-AT"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rename("done_at", rule, span).unwrap(), expected, "{rule}");
        }
        assert!(rename("x", "Title Case", span).is_err());
    }
}
