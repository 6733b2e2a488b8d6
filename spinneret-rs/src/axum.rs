//! [`Markup`] as an axum response (feature `axum`), as maud does it.
//!
//! ```
//! use axum_core::response::IntoResponse;
//!
//! let page = spinneret::html! { p { "Hello" } };
//! let response = page.into_response();
//! assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
//! ```

use axum_core::response::{IntoResponse, Response};
use http::header::{HeaderValue, CONTENT_TYPE};

use crate::Markup;

impl IntoResponse for Markup {
    /// A `200 OK` with the HTML as body and `text/html; charset=utf-8` as
    /// content type. Wrap it in a tuple to change the status:
    /// `(StatusCode::NOT_FOUND, markup)`.
    fn into_response(self) -> Response {
        let mut response = self.into_string().into_response();
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_an_html_response() {
        let response = Markup::from(filters::Safe::mark("<b>x</b>")).into_response();
        assert_eq!(response.status(), http::StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    }

    #[test]
    fn status_can_be_changed_with_a_tuple() {
        let response = (
            http::StatusCode::NOT_FOUND,
            Markup::from(filters::Safe::mark("<p>gone</p>")),
        )
            .into_response();
        assert_eq!(response.status(), http::StatusCode::NOT_FOUND);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    }
}
