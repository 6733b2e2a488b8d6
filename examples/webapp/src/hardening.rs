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
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, Version};
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

    /// Whether a request of `version` for `target` with these headers may
    /// be served.
    ///
    /// As RFC 9112 (section 3.2) requires, whatever the rule: more than one
    /// `Host`, a `Host` that is not a valid authority (`name[:port]` in
    /// ASCII, a port of digits up to 65535, an IPv6 address in brackets),
    /// or none in an HTTP/1.1 request, is [`HostCheck::Bad`]. A request of
    /// HTTP/1.0 may omit it (nothing then names another site). A target in
    /// absolute form (`GET http://name/ HTTP/1.1`) names the host the
    /// request is for, before the `Host` header (section 3.2.2): both are
    /// checked.
    pub fn check(self, version: Version, target: &Uri, headers: &HeaderMap) -> HostCheck {
        let mut hosts = headers.get_all(HOST).iter();
        let (host, second) = (hosts.next(), hosts.next());
        if second.is_some() {
            return HostCheck::Bad;
        }
        let header = match host {
            Some(host) => match host.to_str().ok().and_then(host_name) {
                Some(name) => Some(name),
                None => return HostCheck::Bad,
            },
            None if version == Version::HTTP_11 => return HostCheck::Bad,
            None => None,
        };
        let absolute = match target.authority() {
            Some(authority) => match host_name(authority.as_str()) {
                Some(name) => Some(name),
                None => return HostCheck::Bad,
            },
            None => None,
        };
        if self == Hosts::Any {
            return HostCheck::Allowed;
        }
        let local = |name: &String| {
            matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1")
                || name.ends_with(".localhost")
        };
        if absolute.iter().chain(header.iter()).all(local) {
            HostCheck::Allowed
        } else {
            HostCheck::Foreign
        }
    }
}

/// The host name of a `Host` value or an absolute target's authority, in
/// lower case without a trailing dot (an IPv6 address without brackets);
/// `None` when it is not a valid `host[:port]`.
fn host_name(value: &str) -> Option<String> {
    if value.is_empty() || value.contains('@') {
        return None;
    }
    let authority = value.parse::<Authority>().ok()?;
    let host = authority.host();
    // What follows the host must be nothing, or `:` and a port number.
    let rest = value.get(host.len()..)?;
    if let Some(port) = rest.strip_prefix(':') {
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.parse::<u32>().ok()? > u32::from(u16::MAX) {
            return None;
        }
    } else if !rest.is_empty() {
        return None;
    }
    let name = match host.strip_prefix('[') {
        Some(inner) => {
            let address = inner.strip_suffix(']')?;
            address.parse::<std::net::Ipv6Addr>().ok()?;
            address
        }
        None => host,
    };
    Some(name.trim_end_matches('.').to_ascii_lowercase())
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
    match policy
        .hosts
        .check(request.version(), request.uri(), request.headers())
    {
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
        let root = Uri::from_static("/");
        let check = |headers: &HeaderMap| loopback.check(Version::HTTP_11, &root, headers);
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
            public.check(Version::HTTP_11, &root, &host("shop.example")),
            HostCheck::Allowed
        );
    }

    #[test]
    fn a_missing_repeated_or_malformed_host_is_a_bad_request() {
        let root = Uri::from_static("/");
        for hosts in [Hosts::Loopback, Hosts::Any] {
            // HTTP/1.1 must name its host; HTTP/1.0 may not.
            assert_eq!(
                hosts.check(Version::HTTP_11, &root, &HeaderMap::new()),
                HostCheck::Bad
            );
            assert_eq!(
                hosts.check(Version::HTTP_10, &root, &HeaderMap::new()),
                HostCheck::Allowed
            );
            let mut twice = host("localhost");
            twice.append(HOST, HeaderValue::from_static("evil.example"));
            assert_eq!(hosts.check(Version::HTTP_11, &root, &twice), HostCheck::Bad);
            for bad in [
                "",
                "localhost:80:80",
                "user@localhost",
                "local host",
                "localhost/x",
                "localhost:abc",
                "localhost:99999",
                "localhost:65536",
                "localhost:",
                "localhost:0000080",
                "[localhost]",
                "[::1",
            ] {
                assert_eq!(
                    hosts.check(Version::HTTP_11, &root, &host(bad)),
                    HostCheck::Bad,
                    "{bad:?}"
                );
            }
            assert_eq!(
                hosts.check(Version::HTTP_11, &root, &host("localhost:65535")),
                HostCheck::Allowed
            );
            // Bytes past ASCII are not a host name (a browser sends punycode).
            let mut latin = HeaderMap::new();
            latin.insert(HOST, HeaderValue::from_bytes(b"l\xf6calhost").unwrap());
            assert_eq!(hosts.check(Version::HTTP_11, &root, &latin), HostCheck::Bad);
        }
    }

    #[test]
    fn an_absolute_target_names_the_host_before_the_header() {
        let loopback = Hosts::Loopback;
        let evil = Uri::from_static("http://evil.example/");
        let local = Uri::from_static("http://localhost:8080/tasks");
        let bad = Uri::from_static("http://localhost:99999/");
        assert_eq!(
            loopback.check(Version::HTTP_11, &evil, &host("localhost")),
            HostCheck::Foreign
        );
        assert_eq!(
            loopback.check(Version::HTTP_10, &evil, &HeaderMap::new()),
            HostCheck::Foreign
        );
        assert_eq!(
            loopback.check(Version::HTTP_11, &local, &host("localhost")),
            HostCheck::Allowed
        );
        assert_eq!(
            loopback.check(Version::HTTP_11, &bad, &host("localhost")),
            HostCheck::Bad
        );
        assert_eq!(
            Hosts::Any.check(Version::HTTP_11, &evil, &host("x.example")),
            HostCheck::Allowed
        );
    }
}
