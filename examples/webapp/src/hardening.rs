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
use axum::http::uri::Authority;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Version};
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

    /// Whether a request of `version` with these headers may be served.
    ///
    /// As RFC 9112 (section 3.2) requires, whatever the rule: more than one
    /// `Host`, a `Host` that is not an authority (`name[:port]`, ASCII), or
    /// none in an HTTP/1.1 request, is [`HostCheck::Bad`]. A request of
    /// HTTP/1.0 may omit it (nothing then names another site).
    pub fn check(self, version: Version, headers: &HeaderMap) -> HostCheck {
        let mut hosts = headers.get_all(HOST).iter();
        let (host, second) = (hosts.next(), hosts.next());
        let host = match (host, second) {
            (_, Some(_)) => return HostCheck::Bad,
            (None, None) if version == Version::HTTP_11 => return HostCheck::Bad,
            (None, None) => return HostCheck::Allowed,
            (Some(host), None) => host,
        };
        let Some(authority) = host
            .to_str()
            .ok()
            .filter(|h| !h.is_empty() && !h.contains('@'))
            .and_then(|h| h.parse::<Authority>().ok())
        else {
            return HostCheck::Bad;
        };
        if self == Hosts::Any {
            return HostCheck::Allowed;
        }
        // `Authority::host` keeps an IPv6 address's brackets.
        let name = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1")
            || name.ends_with(".localhost")
        {
            HostCheck::Allowed
        } else {
            HostCheck::Foreign
        }
    }
}

/// What [`Hosts::check`] says of a request's `Host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostCheck {
    /// Served.
    Allowed,
    /// Missing (HTTP/1.1), repeated or malformed: 400.
    Bad,
    /// Names another site than this machine: 421.
    Foreign,
}

/// The middleware: refuses a bad `Host` (400) or a foreign one (421),
/// then adds the headers.
pub async fn guard(policy: Policy, request: Request, next: Next) -> Response {
    match policy.hosts.check(request.version(), request.headers()) {
        HostCheck::Allowed => {}
        HostCheck::Bad => {
            return (StatusCode::BAD_REQUEST, "Bad or missing Host header.\n").into_response()
        }
        HostCheck::Foreign => {
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "This server answers only to localhost.\n",
            )
                .into_response()
        }
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
        let check = |headers: &HeaderMap| loopback.check(Version::HTTP_11, headers);
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "LOCALHOST",
            "app.localhost:1",
            "localhost.",
        ] {
            assert_eq!(check(&host(ok)), HostCheck::Allowed, "{ok}");
        }
        for refused in [
            "rebind.attacker.example",
            "127.0.0.1.nip.io:8080",
            "localhost.evil.com",
            "[::2]:8080",
        ] {
            assert_eq!(check(&host(refused)), HostCheck::Foreign, "{refused}");
        }
        let public = Hosts::for_address("0.0.0.0:80".parse().unwrap());
        assert_eq!(
            public.check(Version::HTTP_11, &host("shop.example")),
            HostCheck::Allowed
        );
    }

    #[test]
    fn a_missing_repeated_or_malformed_host_is_a_bad_request() {
        for hosts in [Hosts::Loopback, Hosts::Any] {
            // HTTP/1.1 must name its host; HTTP/1.0 may not.
            assert_eq!(
                hosts.check(Version::HTTP_11, &HeaderMap::new()),
                HostCheck::Bad
            );
            assert_eq!(
                hosts.check(Version::HTTP_10, &HeaderMap::new()),
                HostCheck::Allowed
            );
            let mut twice = host("localhost");
            twice.append(HOST, HeaderValue::from_static("evil.example"));
            assert_eq!(hosts.check(Version::HTTP_11, &twice), HostCheck::Bad);
            for bad in [
                "",
                "localhost:80:80",
                "user@localhost",
                "local host",
                "localhost/x",
            ] {
                assert_eq!(
                    hosts.check(Version::HTTP_11, &host(bad)),
                    HostCheck::Bad,
                    "{bad:?}"
                );
            }
            // Bytes past ASCII are not a host name (a browser sends punycode).
            let mut latin = HeaderMap::new();
            latin.insert(HOST, HeaderValue::from_bytes(b"l\xf6calhost").unwrap());
            assert_eq!(hosts.check(Version::HTTP_11, &latin), HostCheck::Bad);
        }
    }
}
