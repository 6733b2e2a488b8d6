//! Filters: the definition type, the registry of Django's built-in filters,
//! and the adapters from template values to the typed functions of the
//! shared `filters` crate.

pub(crate) mod core;
pub(crate) mod custom_tag;
pub(crate) mod djula;
pub(crate) mod function;
mod humanize;
pub(crate) mod languages;
pub(crate) mod libraries;
pub(crate) mod lorem;
pub(crate) mod registry;

use std::fmt;
use std::sync::Arc;

use crate::error::Error;
use crate::settings::Settings;
use crate::value::{DateValue, Value};

/// What a filter function receives besides its input and argument.
pub struct FilterEnv<'a> {
    /// Whether autoescaping is on where the filter runs.
    pub autoescape: bool,
    /// The engine's settings.
    pub settings: &'a Settings,
    /// The render's language: the formats and words Django's filters use
    /// in it (`filters::l10n::Lang::english()` outside a render).
    pub lang: filters::l10n::Lang<'a>,
    /// Work a filter did beyond a call's usual (a backtracking regular
    /// expression's steps), in fuel units: the renderer charges it to the
    /// render's `Settings::fuel` after the call.
    pub(crate) work: std::cell::Cell<u64>,
}

impl<'a> FilterEnv<'a> {
    /// The environment of a filter call (no work charged yet), for calling
    /// a filter outside a render, as a test does.
    ///
    /// ```
    /// let settings = djula::Settings::default();
    /// let env = djula::FilterEnv::new(true, &settings, filters::l10n::Lang::english());
    /// assert!(env.autoescape);
    /// ```
    pub fn new(
        autoescape: bool,
        settings: &'a Settings,
        lang: filters::l10n::Lang<'a>,
    ) -> FilterEnv<'a> {
        FilterEnv {
            autoescape,
            settings,
            lang,
            work: std::cell::Cell::new(0),
        }
    }

    /// Adds `units` of work for the renderer to charge (see
    /// [`FilterEnv::work`]).
    #[cfg_attr(not(feature = "regex"), allow(dead_code))]
    pub(crate) fn charge(&self, units: u64) {
        self.work.set(self.work.get().saturating_add(units));
    }

    /// Fails when a filter would make a value of `bytes` of text: no value
    /// may be larger than the whole output may be (`Settings::max_output`),
    /// so a template cannot make the process run out of memory before
    /// anything is written. Filters that multiply their input (`join`,
    /// `add`) check before they build.
    pub(crate) fn check_text_size(&self, filter: &str, bytes: usize) -> Result<(), Error> {
        let limit = self.settings.max_output;
        if bytes > limit {
            return Err(too_large(filter, format!("{bytes} bytes of text"), limit));
        }
        Ok(())
    }

    /// As [`FilterEnv::check_text_size`], for a list of `items`: at most
    /// one item per [`BYTES_PER_ITEM`] bytes of the output limit.
    pub(crate) fn check_list_size(&self, filter: &str, items: usize) -> Result<(), Error> {
        let limit = self.settings.max_output;
        if items > limit / BYTES_PER_ITEM {
            return Err(too_large(filter, format!("a list of {items} items"), limit));
        }
        Ok(())
    }
}

/// What a list item weighs against `Settings::max_output` when a filter
/// makes a list: about what it holds in memory (a value and its text).
pub(crate) const BYTES_PER_ITEM: usize = 32;

#[cold]
fn too_large(filter: &str, what: String, limit: usize) -> Error {
    Error::new(
        crate::error::ErrorKind::Limit,
        format!(
            "the filter '{filter}' would make {what}, more than the output limit of {limit} bytes"
        ),
    )
    .with_help("raise Settings::max_output if the template is trusted")
}

/// A filter implementation: input, optional argument, environment.
pub type FilterFn =
    Arc<dyn Fn(&Value, Option<&Value>, &FilterEnv<'_>) -> Result<Value, Error> + Send + Sync>;

/// Whether a filter takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgSpec {
    /// `{{ v|f }}` only.
    None,
    /// `{{ v|f }}` or `{{ v|f:arg }}`.
    Optional,
    /// `{{ v|f:arg }}` only.
    Required,
}

/// A filter: its name, function, argument rule and safety.
#[derive(Clone)]
pub struct FilterDef {
    pub(crate) name: Box<str>,
    pub(crate) func: FilterFn,
    pub(crate) arg: ArgSpec,
    /// Django's `is_safe`: a safe input gives a safe output.
    pub(crate) is_safe: bool,
    /// What the renderer does with it.
    pub(crate) kind: FilterKind,
    /// For a few built-ins: writes into the page what printing the
    /// filter's result would (its safety and the autoescape flag applied),
    /// without making the result a value first.
    pub(crate) write: Option<WriteFn>,
    /// For a writer whose literal argument can be read once, at compile
    /// time (`date:"Y-m-d"`): what it reads it as; `None` when it cannot
    /// (the writer then reads the argument on every call).
    pub(crate) prepare: Option<PrepareFn>,
}

/// A filter's literal argument read at compile time, for its writer.
#[derive(Clone, Debug)]
pub(crate) enum PreparedArg {
    /// `date:"…"`: the format parsed.
    DateFormat(filters::dates::DateFormat),
}

/// Reads a filter's literal argument at compile time (see
/// [`FilterDef::prepare`]).
pub(crate) type PrepareFn = fn(&Value) -> Option<PreparedArg>;

/// A filter that writes its printed result: `(value, arg, prepared, env,
/// out)`, `prepared` being the argument as [`FilterDef::prepare`] read it
/// at compile time; `Ok(false)` (nothing written) sends the caller to the
/// filter's function.
pub(crate) type WriteFn = fn(
    &Value,
    Option<&Value>,
    Option<&PreparedArg>,
    &FilterEnv<'_>,
    &mut String,
) -> Result<bool, Error>;

/// How the renderer applies a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FilterKind {
    /// Calls its function.
    Function,
    /// Djula's `trans`: translates the value in the render's language,
    /// which only the renderer knows.
    Translate,
}

impl fmt::Debug for FilterDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FilterDef({})", self.name)
    }
}

impl FilterDef {
    pub(crate) fn new(
        name: &str,
        arg: ArgSpec,
        is_safe: bool,
        func: impl Fn(&Value, Option<&Value>, &FilterEnv<'_>) -> Result<Value, Error>
            + Send
            + Sync
            + 'static,
    ) -> FilterDef {
        FilterDef {
            name: name.into(),
            func: Arc::new(func),
            arg,
            is_safe,
            kind: FilterKind::Function,
            write: None,
            prepare: None,
        }
    }

    /// The filter with a writer (see [`FilterDef::write`]).
    pub(crate) fn writing(mut self, write: WriteFn) -> FilterDef {
        self.write = Some(write);
        self
    }

    /// The filter with a compile-time reading of its literal argument
    /// (see [`FilterDef::prepare`]).
    pub(crate) fn preparing(mut self, prepare: PrepareFn) -> FilterDef {
        self.prepare = Some(prepare);
        self
    }

    /// Django's `args_check`, with its message.
    pub(crate) fn check_arity(&self, has_arg: bool) -> Result<(), String> {
        let provided = 1 + usize::from(has_arg);
        let (needed, max) = match self.arg {
            ArgSpec::None => (1, 1),
            ArgSpec::Optional => (1, 2),
            ArgSpec::Required => (2, 2),
        };
        if provided < needed || provided > max {
            return Err(format!(
                "{} requires {} arguments, {} provided",
                self.name, needed, provided
            ));
        }
        Ok(())
    }
}

/// Django's `is_safe` flag of the built-in filter `name`, from the one
/// table of Django's registrations in the shared core (Djula's own filters
/// from [`djula::SAFE_FILTERS`]); filters of neither are not safe.
pub(crate) fn is_safe(name: &str) -> bool {
    match filters::flags::flags(name) {
        Some(flags) => flags.is_safe,
        None => djula::SAFE_FILTERS.contains(&name),
    }
}

/// Every built-in filter definition.
pub(crate) fn builtin_filters() -> Vec<FilterDef> {
    let mut defs = core::all();
    defs.extend(djula::all());
    defs.extend(humanize::all());
    for def in &mut defs {
        if def.name.starts_with("truncate") {
            with_elision_setting(def);
        }
    }
    defs
}

/// Makes a truncation filter use `Settings::elision_string` (Djula's
/// `*elision-string*`) instead of Django's `…` when it is set differently.
fn with_elision_setting(def: &mut FilterDef) {
    let inner = def.func.clone();
    let chars_filter = &*def.name == "truncatechars";
    def.func = Arc::new(move |v: &Value, a: Option<&Value>, env: &FilterEnv<'_>| {
        let result = inner(v, a, env)?;
        let elision = env.settings.elision_string.as_str();
        if elision == "…" {
            return Ok(result);
        }
        let text = crate::value::display::text_of(&result);
        let replaced = if chars_filter {
            // The total length stays the argument, as in Django and Djula.
            let original = crate::value::display::text_of(v);
            let limit = match a {
                Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
                Some(other) => crate::value::display::text_of(other)
                    .trim()
                    .parse()
                    .unwrap_or(usize::MAX),
                None => usize::MAX,
            };
            // Nothing cut: the text fits, or a length of zero or less
            // (Django's `""`).
            if original.chars().count() <= limit || text.is_empty() {
                return Ok(result);
            }
            // Djula's truncate-characters cannot cut to fewer characters
            // than its elision string has.
            let Some(keep) = limit.checked_sub(elision.chars().count()) else {
                return Err(Error::render(
                    "truncatechars: the elision string is longer than the maximum length",
                ));
            };
            original.chars().take(keep).collect::<String>() + elision
        } else {
            // Only where the filter cut something: its result holds one
            // more `…` than its input.
            let before = crate::value::display::text_of(v).matches('…').count();
            if text.matches('…').count() <= before {
                return Ok(result);
            }
            match text.rfind('…') {
                Some(at) => {
                    let before = text.get(..at).unwrap_or_default();
                    let after = text.get(at + '…'.len_utf8()..).unwrap_or_default();
                    format!("{before}{elision}{after}")
                }
                None => return Ok(result),
            }
        };
        Ok(if result.is_safe() {
            Value::safe(replaced)
        } else {
            Value::str(replaced)
        })
    });
}

/// Formats a date with Django's format characters.
pub(crate) fn format_date(date: &DateValue, format: &str) -> Result<String, Error> {
    crate::value::display::format_date(date, format).map_err(|e| Error::render(e.message()))
}
