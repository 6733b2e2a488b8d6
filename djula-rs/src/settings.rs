//! Engine settings: a leaf, used by every layer above and depending on none.
//!
//! Where Django has modes, they are enums ([`Undefined`]). The whole struct
//! is serde-deserializable, so a settings file (the CLI's `--settings`)
//! maps onto it field for field; unknown fields are an error.

use serde::Deserialize;

/// What a variable that cannot be resolved does (Django's
/// `string_if_invalid`, plus a strict mode Django does not have).
///
/// | mode | `{{ missing }}` | `{% if missing %}` | `{% for x in missing %}` | filter argument |
/// |---|---|---|---|---|
/// | `Lenient` | nothing | false | no iterations | error (as Django) |
/// | `StringIfInvalid(s)` | `s`, `%s` replaced by the name | false | no iterations | error |
/// | `Strict` | render error | false | render error | error |
///
/// In a settings file: `"undefined": "lenient"`, `"undefined": "strict"`,
/// `"undefined": {"string_if_invalid": "INVALID %s"}`.
///
/// ```
/// use djula::{Settings, Undefined};
/// let e = djula::Engine::with_settings(Settings {
///     undefined: Undefined::StringIfInvalid("[%s]".into()),
///     ..Default::default()
/// });
/// assert_eq!(e.render_str("{{ who }}", &()).unwrap(), "[who]");
/// let strict = djula::Engine::with_settings(Settings { undefined: Undefined::Strict, ..Default::default() });
/// assert!(strict.render_str("{{ who }}", &()).is_err());
/// assert_eq!(strict.render_str("{% if who %}x{% endif %}", &()).unwrap(), "");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// Django's default: a missing variable prints nothing.
    #[default]
    Lenient,
    /// Django's `string_if_invalid`: a missing variable prints this text,
    /// with `%s` replaced by the variable's name.
    StringIfInvalid(String),
    /// A missing variable is a render error (outside `{% if %}` tests).
    Strict,
}

/// The default work budget of one render ([`Settings::fuel`]): far above
/// any real page (a 1,000 × 1,000 table uses about 3 million), low enough
/// that a template that runs away (an include that includes itself twice,
/// 60 levels deep) stops in well under a second.
pub const DEFAULT_FUEL: u64 = 100_000_000;

/// Engine settings. Every field has Django's default (or a safe limit).
///
/// ```
/// let settings = djula::Settings { autoescape: false, ..Default::default() };
/// let engine = djula::Engine::with_settings(settings);
/// assert_eq!(engine.render_str("{{ s }}", &serde_json::json!({"s": "<b>"})).unwrap(), "<b>");
///
/// // The same from a settings file (the CLI's `--settings`):
/// let settings: djula::Settings = serde_json::from_str(r#"{"autoescape": false, "undefined": "strict"}"#).unwrap();
/// assert_eq!(settings.undefined, djula::Undefined::Strict);
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Escape variables by default (Django: on).
    pub autoescape: bool,
    /// What a variable that cannot be resolved does (default: prints nothing).
    pub undefined: Undefined,
    /// Development mode (more detail in errors).
    pub debug: bool,
    /// The URL `{% static %}` joins paths to (default `/static/`).
    pub static_url: String,
    /// Django's `MEDIA_URL`, which `{% get_media_prefix %}` prints
    /// (default empty). A relative URL gets the script prefix `/`, as
    /// Django's settings add it, so the default prints `/`.
    ///
    /// ```
    /// let settings = djula::Settings { media_url: "media/".into(), ..Default::default() };
    /// let engine = djula::Engine::with_settings(settings);
    /// let page = engine.compile_str("t", "{% load static %}{% get_media_prefix %}").unwrap();
    /// assert_eq!(page.render(&()).unwrap(), "/media/");
    /// ```
    pub media_url: String,
    /// Django's `TIME_ZONE`: the default time zone, an IANA name (default
    /// `America/Chicago`, Django's). Naive datetimes are read in it (the
    /// `tz` filters, the format characters `e O T Z I r`), `{% now %}`
    /// gives its local time, and with [`Settings::use_tz`] aware values
    /// print in it (or in the zone a `{% timezone %}` block activates).
    /// Settings files also accept the field's former name, `timezone`.
    ///
    /// ```
    /// let s: djula::Settings = serde_json::from_str(r#"{"timezone": "Europe/Paris"}"#).unwrap();
    /// assert_eq!(s.time_zone, "Europe/Paris");
    /// ```
    #[serde(alias = "timezone")]
    pub time_zone: String,
    /// Django's `USE_TZ` (default off): aware datetimes print (and go
    /// through `date` and `time`) converted to the current time zone, as
    /// Django's `template_localtime` does; `{% localtime on|off %}`
    /// overrides it in a block; `{% now %}` is aware.
    ///
    /// ```
    /// let engine = djula::Engine::with_settings(djula::Settings {
    ///     use_tz: true,
    ///     time_zone: "Europe/Paris".into(),
    ///     ..Default::default()
    /// });
    /// let ctx = serde_json::json!({"d": {"__datetime__": "2011-09-01T10:20:30Z"}});
    /// assert_eq!(engine.render_str("{{ d|date:'H:i T' }}", &ctx).unwrap(), "12:20 CEST");
    /// ```
    pub use_tz: bool,
    /// Maximum nesting of tags in a template and of blocks, includes and
    /// extends while rendering (default 256).
    pub max_depth: usize,
    /// Maximum output of one render, in bytes (default 256 MiB). No value
    /// a filter makes may be larger either (text of this many bytes, a
    /// list of a 32nd as many items), nor `{% lorem %}`'s text: a short
    /// template cannot run the process out of memory before it writes.
    pub max_output: usize,
    /// Development mode: recompile a template (or a template it extends or
    /// includes) when its file changes, at the next render; a broken edit
    /// keeps the last good version (see `Engine::last_reload_error`).
    /// Off by default; costs nothing when off. It needs a loader that knows
    /// modification times ([`crate::Loader::modified`]): template
    /// directories, and [`crate::Embedded`] while it reads its directory
    /// (`reload: TEMPLATES.reads_disk()`).
    pub reload: bool,
    /// Directories Djula's `{% ssi %}` may read from (`*allow-include-roots*`).
    pub ssi_roots: Vec<std::path::PathBuf>,
    /// The language of renders that do not choose one (Djula's
    /// `*current-language*`, Django's `LANGUAGE_CODE`; default `en`).
    pub current_language: String,
    /// What `truncatechars` and its kin append (Djula's `*elision-string*`;
    /// default Django's `…`).
    pub elision_string: String,
    /// Djula's `*catch-template-errors-p*`: a tag or variable that fails,
    /// while compiling (an unknown tag or filter, a tag's bad arguments) or
    /// while rendering, writes `{# Error: … #}` (escaped) in its place and
    /// the rest goes on. Errors in the template's structure (an unclosed
    /// block) and the limits still stop it. Off by default, as Django
    /// raises.
    ///
    /// ```
    /// let settings = djula::Settings { catch_template_errors: true, ..Default::default() };
    /// let engine = djula::Engine::with_settings(settings);
    /// let page = engine.render_str("a{% nosuch %}b{{ x|nope }}c", &()).unwrap();
    /// assert!(page.starts_with("a{# Error: Invalid block tag") && page.ends_with("#}c"));
    /// ```
    pub catch_template_errors: bool,
    /// Djula's case-insensitive names: variables, dict keys, tags and
    /// filters match whatever their case. Off by default.
    pub case_insensitive_names: bool,
    /// A budget of work units per render, so that no template runs
    /// forever: one unit per node rendered (loop bodies counted per
    /// iteration, an empty body as one), [`INCLUDE_FUEL`] more per include,
    /// extends or `block.super`, and for the values filters make, in
    /// proportion to their size (a unit per 64 bytes of text, 16 per list
    /// item, also for the items a loop makes of a string or a dict).
    /// Exceeding it is a limit error. Default [`DEFAULT_FUEL`]; `None`:
    /// unlimited (only for trusted templates).
    pub fuel: Option<u64>,
    /// Seed of the `random` filter; `None` draws from the system's entropy.
    pub random_seed: Option<u64>,
    /// Django's `USE_THOUSAND_SEPARATOR` (default off): localized numbers
    /// are grouped with the language's separator, whether printed
    /// (`{{ 1234567 }}` is `1,234,567` in English) or given by
    /// `floatformat`, `filesizeformat` and `localize`. `{% localize off %}`,
    /// `unlocalize` and `floatformat`'s `u` leave them ungrouped.
    ///
    /// ```
    /// let engine = djula::Engine::with_settings(djula::Settings {
    ///     use_thousand_separator: true,
    ///     ..Default::default()
    /// });
    /// let ctx = serde_json::json!({"n": 1234567, "f": 1234.5});
    /// let page = "{% load l10n %}{{ n }} {{ f|floatformat:2 }} {% localize off %}{{ n }}{% endlocalize %}";
    /// assert_eq!(engine.render_str(page, &ctx).unwrap(), "1,234,567 1,234.50 1234567");
    /// ```
    pub use_thousand_separator: bool,
    /// Django's `URLIZE_ASSUME_HTTPS` (default off, as in Django 6.1):
    /// `urlize` and `urlizetrunc` link `www.example.com` to `https://`
    /// instead of `http://`.
    ///
    /// ```
    /// let engine = djula::Engine::with_settings(djula::Settings {
    ///     urlize_assume_https: true,
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     engine.render_str("{{ 'see djangoproject.com'|urlize }}", &()).unwrap(),
    ///     r#"see <a href="https://djangoproject.com" rel="nofollow">djangoproject.com</a>"#
    /// );
    /// ```
    pub urlize_assume_https: bool,
}

/// What one `{% include %}` or `{% extends %}` costs of [`Settings::fuel`],
/// beyond the nodes it renders: loading and entering a template is work
/// even when the template is empty.
pub const INCLUDE_FUEL: u64 = 64;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            autoescape: true,
            undefined: Undefined::Lenient,
            debug: false,
            static_url: "/static/".into(),
            media_url: String::new(),
            time_zone: "America/Chicago".into(),
            use_tz: false,
            max_depth: 256,
            max_output: 256 * 1024 * 1024,
            reload: false,
            random_seed: None,
            fuel: Some(DEFAULT_FUEL),
            elision_string: "…".into(),
            catch_template_errors: false,
            case_insensitive_names: false,
            ssi_roots: Vec::new(),
            current_language: "en".into(),
            use_thousand_separator: false,
            urlize_assume_https: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Printed by Django 6.1 with `URLIZE_ASSUME_HTTPS = True`: only links
    /// written without a scheme change.
    #[test]
    fn urlize_assume_https_is_djangos() {
        let engine = crate::Engine::with_settings(Settings {
            urlize_assume_https: true,
            ..Settings::default()
        });
        let ctx = serde_json::json!({
            "a": "see www.google.com and djangoproject.org.",
            "b": "go to example.com/some/long/path",
            "c": "http://already.com https://s.com",
            "d": "mail me@example.com or usa.gov",
        });
        let page = engine
            .render_str(
                "{{ a|urlize }}|{{ b|urlizetrunc:15 }}|{{ c|urlize }}|{{ d|urlize }}",
                &ctx,
            )
            .unwrap();
        assert_eq!(
            page,
            concat!(
                r#"see <a href="https://www.google.com" rel="nofollow">www.google.com</a> and "#,
                r#"<a href="https://djangoproject.org" rel="nofollow">djangoproject.org</a>.|"#,
                r#"go to <a href="https://example.com/some/long/path" rel="nofollow">example.com/so…</a>|"#,
                r#"<a href="http://already.com" rel="nofollow">http://already.com</a> "#,
                r#"<a href="https://s.com" rel="nofollow">https://s.com</a>|"#,
                r#"mail <a href="mailto:me@example.com">me@example.com</a> or "#,
                r#"<a href="https://usa.gov" rel="nofollow">usa.gov</a>"#
            )
        );
        let default = crate::Engine::new()
            .render_str("{{ 'usa.gov'|urlize }}", &())
            .unwrap();
        assert!(default.contains(r#"href="http://usa.gov""#), "{default}");
    }

    #[test]
    fn a_settings_file_maps_onto_the_struct() {
        let s: Settings = serde_json::from_str(
            r#"{"undefined": {"string_if_invalid": "X"}, "fuel": null, "max_depth": 10}"#,
        )
        .unwrap();
        assert_eq!(s.undefined, Undefined::StringIfInvalid("X".into()));
        assert_eq!(s.fuel, None);
        assert_eq!(s.max_depth, 10);
        assert!(s.autoescape, "unnamed fields keep their default");
        let err = serde_json::from_str::<Settings>(r#"{"autoescap": true}"#).unwrap_err();
        assert!(
            err.to_string().contains("unknown field `autoescap`"),
            "{err}"
        );
    }
}
