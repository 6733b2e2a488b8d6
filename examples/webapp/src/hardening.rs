//! What every response carries and every request must pass, whatever the
//! route: the security headers, no caching of pages (they hold the
//! visitor's CSRF token and name), and, while the app listens on a
//! loopback address, a `Host` that names this machine (a page elsewhere
//! that rebinds its DNS name to 127.0.0.1 would otherwise reach the app).

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Scripts, styles and images from the app only, no inline script, no
/// framing, forms posted back to the app only.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The same with inline styles allowed: djula's debug page (on only with
/// `--debug`) carries its stylesheet inline.
pub const DEBUG_CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What the guard enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Which `Host` headers are answered.
    pub hosts: Hosts,
    /// The `Content-Security-Policy` sent.
    pub content_security_policy: &'static str,
}

impl Policy {
    /// The policy of an app listening on `addr`, with djula's debug page
    /// on or off.
    pub fn new(addr: std::net::SocketAddr, debug: bool) -> Policy {
        Policy {
            hosts: Hosts::for_address(addr),
            content_security_policy: if debug {
                DEBUG_CONTENT_SECURITY_POLICY_VALUE
            } else {
                CONTENT_SECURITY_POLICY_VALUE
            },
        }
    }
}

/// Which `Host` headers the app answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosts {
    /// Listening on loopback: only this machine's names (`localhost`,
    /// `127.0.0.1`, `[::1]`, with any port).
    Loopback,
    /// Listening on a public address: any name (a proxy in front says
    /// which it serves).
    Any,
}

impl Hosts {
    /// The rule for an app that listens on `addr`.
    pub fn for_address(addr: std::net::SocketAddr) -> Hosts {
        if addr.ip().is_loopback() {
            Hosts::Loopback
        } else {
            Hosts::Any
        }
    }

    /// Whether a request with these headers may be served.
    pub fn allow(self, headers: &HeaderMap) -> bool {
        if self == Hosts::Any {
            return true;
        }
        let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
            // HTTP/1.0 without a Host: nothing names another site.
            return true;
        };
        let name = match host.strip_prefix('[') {
            // `[::1]:8080`
            Some(rest) => rest.split(']').next().unwrap_or_default(),
            None => host.split(':').next().unwrap_or_default(),
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1") || name.ends_with(".localhost")
    }
}

/// The middleware: refuses a foreign `Host` (421), then adds the headers.
pub async fn guard(policy: Policy, request: Request, next: Next) -> Response {
    if !policy.hosts.allow(request.headers()) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only to localhost.\n",
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (CONTENT_SECURITY_POLICY, policy.content_security_policy),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn loopback_answers_only_this_machines_names() {
        let loopback = Hosts::for_address("127.0.0.1:8080".parse().unwrap());
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "LOCALHOST",
            "app.localhost:1",
        ] {
            assert!(loopback.allow(&host(ok)), "{ok}");
        }
        for refused in [
            "rebind.attacker.example",
            "127.0.0.1.nip.io:8080",
            "localhost.evil.com",
            "[::2]:8080",
        ] {
            assert!(!loopback.allow(&host(refused)), "{refused}");
        }
        assert!(loopback.allow(&HeaderMap::new()));
        let public = Hosts::for_address("0.0.0.0:80".parse().unwrap());
        assert!(public.allow(&host("shop.example")));
    }
}
