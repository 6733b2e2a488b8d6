//! Templates as axum responses (feature `axum`).
//!
//! [`render`] renders a template into a [`Rendered`] page (`200`,
//! `text/html; charset=utf-8`) or a [`RenderError`], which is itself a
//! response: a `500` showing Djula's debug page (template name, line, the
//! source lines around it with the failing one marked, the error, the
//! context keys) when [`Settings::debug`](crate::Settings::debug) is on, and
//! a plain page with no template source otherwise. Handlers return
//! `Result<Rendered, RenderError>`:
//!
//! ```
//! use axum_core::response::IntoResponse;
//!
//! let mut engine = djula::Engine::new();
//! engine.add_template("hi.html", "<p>Hi {{ name }}</p>").unwrap();
//! let page = djula::axum::render(&engine, "hi.html", &serde_json::json!({"name": "Ann"})).unwrap();
//! assert_eq!(page.as_str(), "<p>Hi Ann</p>");
//! assert_eq!(page.into_response().headers()["content-type"], "text/html; charset=utf-8");
//!
//! let err = djula::axum::render(&engine, "nope.html", &()).unwrap_err();
//! assert_eq!(err.into_response().status(), 500);
//! ```

use std::fmt;

use axum_core::response::{IntoResponse, Response};
use http::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use http::StatusCode;
use serde::Serialize;

use crate::{to_value, Engine, Error, Loader, Value};

/// How many source lines the debug page shows on each side of the failing one.
const CONTEXT_LINES: usize = 5;

/// A rendered page: `200 OK`, `text/html; charset=utf-8`.
///
/// ```
/// let page = djula::axum::Rendered::from(String::from("<p>x</p>"));
/// assert_eq!(page.into_string(), "<p>x</p>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered(String);

impl Rendered {
    /// The HTML.
    ///
    /// ```
    /// assert_eq!(djula::axum::Rendered::from(String::from("a")).as_str(), "a");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The HTML, by value.
    ///
    /// ```
    /// assert_eq!(djula::axum::Rendered::from(String::from("a")).into_string(), "a");
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<String> for Rendered {
    fn from(html: String) -> Rendered {
        Rendered(html)
    }
}

impl IntoResponse for Rendered {
    fn into_response(self) -> Response {
        html_response(StatusCode::OK, self.0)
    }
}

/// A failed render, as a `500` response: the debug page when the engine's
/// `debug` setting is on, a plain page without template source otherwise.
///
/// ```
/// let mut engine = djula::Engine::with_settings(djula::Settings { debug: true, ..Default::default() });
/// engine.add_template("t.html", "line 1\n{{ n|add }}").unwrap_or(());
/// let err = djula::axum::render(&engine, "t.html", &serde_json::json!({"n": 1})).unwrap_err();
/// assert!(err.debug_page().contains("t.html"));
/// assert!(err.context_keys().contains(&"n".to_string()));
/// ```
#[derive(Clone)]
pub struct RenderError {
    error: Error,
    debug: bool,
    context_keys: Vec<String>,
    source: Option<String>,
}

impl RenderError {
    /// Wraps `error`; `debug` chooses the page the response shows.
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "boom");
    /// let page = djula::axum::RenderError::new(e, false).production_page();
    /// assert!(!page.contains("boom"));
    /// ```
    pub fn new(error: Error, debug: bool) -> RenderError {
        RenderError {
            error,
            debug,
            context_keys: Vec::new(),
            source: None,
        }
    }

    /// Records the names of the context's top-level keys for the debug page.
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "boom");
    /// let e = djula::axum::RenderError::new(e, true).with_context_keys(vec!["user".into()]);
    /// assert!(e.debug_page().contains("user"));
    /// ```
    pub fn with_context_keys(mut self, keys: Vec<String>) -> RenderError {
        self.context_keys = keys;
        self
    }

    /// Looks up the failing template's source with `loader`, so the debug
    /// page can show the lines around the error (without it, only the
    /// failing line is shown). Only done when debug is on.
    ///
    /// ```
    /// struct Src;
    /// impl djula::Loader for Src {
    ///     fn load(&self, _: &str) -> Result<Option<String>, djula::Error> { Ok(Some("a\n{{ x|add }}\nc".into())) }
    /// }
    /// let mut engine = djula::Engine::with_settings(djula::Settings { debug: true, ..Default::default() });
    /// engine.add_loader(Src);
    /// let err = djula::axum::render(&engine, "t.html", &()).unwrap_err().with_source_from(&Src);
    /// assert!(err.debug_page().contains("<td class=\"n\">3</td>"));
    /// ```
    pub fn with_source_from(mut self, loader: &dyn Loader) -> RenderError {
        if self.debug {
            if let Some(name) = self.error.template_name() {
                self.source = loader.load(name).ok().flatten();
            }
        }
        self
    }

    /// The template error.
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "boom");
    /// assert_eq!(djula::axum::RenderError::new(e, true).error().message(), "boom");
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The context keys recorded by [`render`] (sorted).
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "boom");
    /// assert!(djula::axum::RenderError::new(e, true).context_keys().is_empty());
    /// ```
    pub fn context_keys(&self) -> &[String] {
        &self.context_keys
    }

    /// The development page: the error, where it is, the source around it,
    /// the context keys.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("p.html", "{{ x|nope }}").unwrap_err();
    /// let page = djula::axum::RenderError::new(e, true).debug_page();
    /// assert!(page.contains("p.html") && page.contains("Invalid filter"));
    /// ```
    pub fn debug_page(&self) -> String {
        let err = &self.error;
        let mut out = String::with_capacity(4096);
        out.push_str(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Template error</title><style>\
             body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\
             h1{color:#b00020}pre{background:#f6f6f6;padding:1rem;overflow:auto}\
             table{border-collapse:collapse;font-family:monospace}\
             td{padding:0 .6rem;white-space:pre}td.n{color:#888;text-align:right}\
             tr.error{background:#ffd9de;font-weight:bold}\
             </style></head><body><h1>Template error</h1><p>",
        );
        escape(&mut out, err.message());
        out.push_str("</p>");
        if let (Some(name), Some(line)) = (err.template_name(), err.line()) {
            out.push_str("<p>In <code>");
            escape(&mut out, name);
            out.push_str("</code>, line ");
            out.push_str(&line.to_string());
            if let Some(column) = err.column() {
                out.push_str(", column ");
                out.push_str(&column.to_string());
            }
            out.push_str(".</p>");
            if let Some(source) = &self.source {
                out.push_str("<table><tbody>");
                let first = line.saturating_sub(CONTEXT_LINES).max(1);
                for (i, text) in source.lines().enumerate().map(|(i, t)| (i + 1, t)) {
                    if i < first || i > line + CONTEXT_LINES {
                        continue;
                    }
                    out.push_str(if i == line {
                        "<tr class=\"error\"><td class=\"n\">"
                    } else {
                        "<tr><td class=\"n\">"
                    });
                    out.push_str(&i.to_string());
                    out.push_str("</td><td>");
                    out.push_str(if i == line { "→ " } else { "  " });
                    escape(&mut out, text);
                    out.push_str("</td></tr>");
                }
                out.push_str("</tbody></table>");
            }
        }
        out.push_str("<h2>The error</h2><pre>");
        escape(&mut out, &format!("{err:#}"));
        out.push_str("</pre><h2>Context keys</h2>");
        if self.context_keys.is_empty() {
            out.push_str("<p>(none)</p>");
        } else {
            out.push_str("<ul>");
            for key in &self.context_keys {
                out.push_str("<li><code>");
                escape(&mut out, key);
                out.push_str("</code></li>");
            }
            out.push_str("</ul>");
        }
        out.push_str(
            "<p><small>You see this page because the engine's <code>debug</code> \
             setting is on. Turn it off in production.</small></p></body></html>",
        );
        out
    }

    /// The production page: no template name, source or message.
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "secret detail");
    /// assert!(!djula::axum::RenderError::new(e, false).production_page().contains("secret"));
    /// ```
    pub fn production_page(&self) -> String {
        String::from(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Server error</title></head><body><h1>Server error</h1>\
             <p>Sorry, this page could not be shown. The error has been logged.</p>\
             </body></html>",
        )
    }
}

impl From<Error> for RenderError {
    /// Wraps an error with debug off (the production page).
    fn from(error: Error) -> RenderError {
        RenderError::new(error, false)
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl fmt::Debug for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl std::error::Error for RenderError {}

impl IntoResponse for RenderError {
    fn into_response(self) -> Response {
        let page = if self.debug {
            self.debug_page()
        } else {
            self.production_page()
        };
        let mut response = html_response(StatusCode::INTERNAL_SERVER_ERROR, page);
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Renders template `name` of `engine` with `ctx`. On failure the error
/// remembers the context's keys and the engine's `debug` setting.
///
/// ```
/// let mut engine = djula::Engine::new();
/// engine.add_template("a.html", "{{ 1|add:1 }}").unwrap();
/// assert_eq!(djula::axum::render(&engine, "a.html", &()).unwrap().as_str(), "2");
/// ```
pub fn render<C: Serialize + ?Sized>(
    engine: &Engine,
    name: &str,
    ctx: &C,
) -> Result<Rendered, RenderError> {
    let debug = engine.settings().debug;
    let value = to_value(ctx).map_err(|e| RenderError::new(e.into(), debug))?;
    // Only the debug page shows the keys; production pays nothing for them.
    let context_keys = match &value {
        Value::Map(map) if debug => {
            let mut keys: Vec<String> = map.iter().map(|(k, _)| k.to_string()).collect();
            keys.sort();
            keys
        }
        _ => Vec::new(),
    };
    let template = match engine.template(name) {
        Ok(t) => t,
        Err(e) => return Err(RenderError::new(e, debug).with_context_keys(context_keys)),
    };
    template
        .render_value(value)
        .map(Rendered)
        .map_err(|e| RenderError::new(e, debug).with_context_keys(context_keys))
}

fn html_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn escape(out: &mut String, text: &str) {
    filters::escape_into(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;

    fn engine(debug: bool) -> Engine {
        let mut e = Engine::with_settings(Settings {
            debug,
            ..Default::default()
        });
        e.add_template("ok.html", "<p>{{ who }}</p>").unwrap();
        e.add_loader(Src);
        e
    }

    #[test]
    fn rendered_page_is_html_200() {
        let page = render(
            &engine(false),
            "ok.html",
            &serde_json::json!({"who": "<A>"}),
        )
        .unwrap();
        assert_eq!(page.as_str(), "<p>&lt;A&gt;</p>");
        let response = page.into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    }

    #[test]
    fn missing_template_is_500() {
        let err = render(&engine(true), "missing.html", &()).unwrap_err();
        assert_eq!(
            err.into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    /// Every other name is a broken template.
    struct Src;
    impl Loader for Src {
        fn load(&self, _: &str) -> Result<Option<String>, Error> {
            Ok(Some("l1\nl2\nl3\nl4\n{{ boom|add }}\nl6".into()))
        }
    }

    #[test]
    fn debug_page_shows_where_and_the_context_keys() {
        let e = engine(true);
        let err = render(
            &e,
            "page.html",
            &serde_json::json!({"user": 1, "tasks": []}),
        )
        .unwrap_err()
        .with_source_from(&Src);
        let page = err.debug_page();
        assert!(page.contains("<code>page.html</code>, line 5"), "{page}");
        assert!(page.contains("<tr class=\"error\"><td class=\"n\">5</td><td>→ {{ boom|add }}"));
        assert!(page.contains("<td class=\"n\">1</td>"));
        assert!(page.contains("<code>tasks</code>") && page.contains("<code>user</code>"));
    }

    #[test]
    fn production_page_hides_the_source() {
        let err = render(&engine(false), "page.html", &serde_json::json!({"user": 1}))
            .unwrap_err()
            .with_source_from(&Src);
        assert!(err.context_keys().is_empty());
        assert!(!err.production_page().contains("boom"));
        let response = err.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    }
}
