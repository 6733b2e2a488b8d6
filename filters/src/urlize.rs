//! Django's `urlize` / `urlizetrunc` (`django.utils.html.Urlizer`), as a
//! scanner following Django's algorithm step by step: split on whitespace
//! and quotes, trim wrapping and trailing punctuation, recognise
//! `http(s)://`, bare domains with the seven original gTLDs and emails,
//! quote the URL as `smart_urlquote` does. Re-exported from
//! [`crate::html`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use percent_encoding::{percent_decode_str, percent_encode_byte};
use unicode_normalization::UnicodeNormalization;

use crate::py;
use crate::unescape::unescape;
use crate::Safe;

const MAX_URL_LENGTH: usize = 2048;

/// Django's `urlize`: links URLs and email addresses in plain text, with
/// `rel="nofollow"` on web links. `autoescape` escapes the text around
/// and inside the links (pass `autoescape && !input_is_safe`).
///
/// ```
/// use djula_filters::html::urlize;
/// assert_eq!(urlize("Go to djangoproject.com! and enjoy.", true).as_str(),
///     r#"Go to <a href="http://djangoproject.com" rel="nofollow">djangoproject.com</a>! and enjoy."#);
/// assert_eq!(urlize("info@djangoproject.org", true).as_str(),
///     r#"<a href="mailto:info@djangoproject.org">info@djangoproject.org</a>"#);
/// ```
pub fn urlize(value: &str, autoescape: bool) -> Safe<String> {
    Safe::mark(run(value, None, autoescape, AssumedScheme::Http))
}

/// The scheme `urlize` gives a link written without one (`www.example.com`,
/// `example.org`): Django's `URLIZE_ASSUME_HTTPS` transitional setting,
/// off (`Http`) by default until Django 2028 turns it on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AssumedScheme {
    /// `http://` (Django's default).
    #[default]
    Http,
    /// `https://` (`URLIZE_ASSUME_HTTPS = True`).
    Https,
}

/// [`urlize`] or [`urlizetrunc`] (with a `limit`), giving links written
/// without a scheme the `scheme`.
///
/// ```
/// use djula_filters::html::{urlize_with, AssumedScheme};
/// assert_eq!(urlize_with("see www.google.com", None, true, AssumedScheme::Https).as_str(),
///     r#"see <a href="https://www.google.com" rel="nofollow">www.google.com</a>"#);
/// ```
pub fn urlize_with(
    value: &str,
    limit: Option<i64>,
    autoescape: bool,
    scheme: AssumedScheme,
) -> Safe<String> {
    Safe::mark(run(value, limit, autoescape, scheme))
}

/// Django's `urlizetrunc`: [`urlize`] with link texts longer than `limit`
/// cut to `limit - 1` characters and `…`.
///
/// ```
/// use djula_filters::html::urlizetrunc;
/// assert_eq!(urlizetrunc("http://31characteruri.com/test/", 30, true).as_str(),
///     "<a href=\"http://31characteruri.com/test/\" rel=\"nofollow\">http://31characteruri.com/tes\u{2026}</a>");
/// ```
pub fn urlizetrunc(value: &str, limit: i64, autoescape: bool) -> Safe<String> {
    Safe::mark(run(value, Some(limit), autoescape, AssumedScheme::Http))
}

fn is_split_char(c: char) -> bool {
    py::is_space(c) || matches!(c, '<' | '>' | '"' | '\'')
}

fn run(text: &str, limit: Option<i64>, autoescape: bool, scheme: AssumedScheme) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut start = 0;
    let mut in_sep: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let sep = is_split_char(c);
        if in_sep.is_some_and(|s| s != sep) {
            handle_word(
                &mut out,
                text.get(start..i).unwrap_or(""),
                limit,
                autoescape,
                scheme,
            );
            start = i;
        }
        in_sep = Some(sep);
    }
    handle_word(
        &mut out,
        text.get(start..).unwrap_or(""),
        limit,
        autoescape,
        scheme,
    );
    out
}

fn push_text(out: &mut String, text: &str, autoescape: bool) {
    if autoescape {
        crate::escape_into(out, text);
    } else {
        out.push_str(text);
    }
}

fn handle_word(
    out: &mut String,
    word: &str,
    limit: Option<i64>,
    autoescape: bool,
    scheme: AssumedScheme,
) {
    if !(word.contains('.') || word.contains('@') || word.contains(':')) {
        push_text(out, word, autoescape);
        return;
    }
    let (lead, middle, trail) = trim_punctuation(word);
    let mut nofollow = true;
    let len = py::len(&middle);
    let url = if len <= MAX_URL_LENGTH && is_simple_url(&middle) {
        Some(smart_urlquote(&unescape(&middle)))
    } else if len <= MAX_URL_LENGTH && is_simple_url_2(&middle) {
        let scheme = match scheme {
            AssumedScheme::Http => "http",
            AssumedScheme::Https => "https",
        };
        Some(smart_urlquote(&format!("{scheme}://{}", unescape(&middle))))
    } else if !middle.contains(':') && is_email_simple(&middle) {
        nofollow = false;
        middle
            .rsplit_once('@')
            .map(|(local, domain)| format!("mailto:{}@{}", quote(local, ""), quote(domain, "")))
    } else {
        None
    };
    let Some(url) = url else {
        push_text(out, word, autoescape);
        return;
    };
    let trimmed = trim_url(&middle, limit);
    push_text(out, &lead, autoescape);
    out.push_str("<a href=\"");
    crate::escape_into(out, &url);
    out.push('"');
    if nofollow {
        out.push_str(" rel=\"nofollow\"");
    }
    out.push('>');
    push_text(out, &trimmed, autoescape);
    out.push_str("</a>");
    push_text(out, &trail, autoescape);
}

fn trim_url(x: &str, limit: Option<i64>) -> String {
    match limit {
        Some(limit) if i64::try_from(py::len(x)).unwrap_or(i64::MAX) > limit => {
            let keep = usize::try_from(limit.saturating_sub(1)).unwrap_or(0);
            let mut s: String = x.chars().take(keep).collect();
            s.push('…');
            s
        }
        _ => x.to_owned(),
    }
}

/// Splits off the last `n` characters.
fn split_tail(s: &str, n: usize) -> (&str, &str) {
    if n == 0 {
        return (s, "");
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => (s.get(..i).unwrap_or(""), s.get(i..).unwrap_or("")),
        None => ("", s),
    }
}

/// `Urlizer.trim_punctuation`: (lead, middle, trail).
fn trim_punctuation(word: &str) -> (String, String, String) {
    let mut middle = word.trim_start_matches(['(', '[']).to_owned();
    let lead = word
        .get(..word.len() - middle.len())
        .unwrap_or("")
        .to_owned();
    let mut trail: Vec<String> = Vec::new();
    let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
    let mut counts = [
        (count(&middle, '('), count(&middle, ')')),
        (count(&middle, '['), count(&middle, ']')),
    ];
    let closings = [')', ']'];
    let mut trimmed_something = true;
    // Every pass that trims shortens `middle`; the cap is a second guard.
    let mut passes = 0usize;
    while trimmed_something && !middle.is_empty() && passes <= word.len() + 2 {
        passes += 1;
        trimmed_something = false;
        for (k, closing) in closings.iter().enumerate() {
            let Some((open_n, close_n)) = counts.get(k).copied() else {
                continue;
            };
            if open_n < close_n && middle.ends_with(*closing) {
                let strip = close_n - open_n;
                let (head, tail) = split_tail(&middle, strip);
                trail.insert(0, tail.to_owned());
                middle = head.to_owned();
                trimmed_something = true;
                if let Some(c) = counts.get_mut(k) {
                    c.1 -= strip;
                }
            }
        }
        let amp = middle.rfind('&');
        let punct: &[char] = if amp.is_none() {
            &['.', ',', ':', ';', '!']
        } else {
            &['.', ',', ':', '!']
        };
        let rstripped = middle.trim_end_matches(punct);
        if rstripped.len() != middle.len() {
            let (head, tail) = middle.split_at(rstripped.len());
            trail.insert(0, tail.to_owned());
            middle = head.to_owned();
            trimmed_something = true;
        }
        if middle.ends_with(';') {
            // Only strip if not part of an HTML entity.
            let potential_entity = match amp {
                Some(a) => middle.get(a..).unwrap_or(""),
                None => middle.get(middle.len() - 1..).unwrap_or(""),
            };
            let escaped = unescape(potential_entity);
            if escaped == potential_entity || escaped.ends_with(';') {
                let rstripped = middle
                    .trim_end_matches(['.', ',', ':', ';', '!'])
                    .to_owned();
                let trail_start = rstripped.len();
                let semicolons = middle.len() - middle.trim_end_matches(';').len();
                if amp.is_some() && semicolons > 1 {
                    let rest = middle.get(trail_start..).unwrap_or("");
                    let recent = rest.find(';').unwrap_or(0);
                    let idx = recent + trail_start + 1;
                    trail.insert(0, middle.get(idx..).unwrap_or("").to_owned());
                    middle = format!("{rstripped}{}", middle.get(trail_start..idx).unwrap_or(""));
                } else {
                    trail.insert(0, middle.get(trail_start..).unwrap_or("").to_owned());
                    middle = rstripped;
                }
                trimmed_something = true;
            }
        }
    }
    (lead, middle, trail.concat())
}

fn is_word_char(c: char) -> bool {
    crate::py::is_word(c)
}

/// `^https?://\[?\w` (case-insensitive).
fn is_simple_url(s: &str) -> bool {
    let lower: String = s.chars().take(8).collect::<String>().to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        s.get(7..)
    } else if lower.starts_with("https://") {
        s.get(8..)
    } else {
        None
    };
    let Some(rest) = rest else {
        return false;
    };
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    rest.chars().next().is_some_and(is_word_char)
}

/// Django's `[a-z\u00a1-\uffff0-9]` (case-insensitive).
fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{a1}'..='\u{ffff}').contains(&c)
}

/// `hostname_re`: 1-63 label characters or hyphens, not starting or
/// ending with a hyphen.
fn is_hostname(label: &str) -> bool {
    let n = py::len(label);
    (1..=63).contains(&n)
        && label.chars().all(|c| is_label_char(c) || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// One `domain_re` label: `(?!-)[a-z ul 0-9-]{1,63}(?<!-)`.
fn is_domain_label(label: &str) -> bool {
    is_hostname(label)
}

/// `^www\.|^(?!http)hostname domain* \.(com|edu|gov|int|mil|net|org)($|/.*)$`.
fn is_simple_url_2(s: &str) -> bool {
    let head: String = s.chars().take(4).collect::<String>().to_ascii_lowercase();
    if head == "www." {
        return true;
    }
    if head == "http" {
        return false;
    }
    let host = s.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let [first, middle @ .., tld] = labels.as_slice() else {
        return false;
    };
    if middle.is_empty() && labels.len() < 2 {
        return false;
    }
    is_hostname(first)
        && middle.iter().all(|l| is_domain_label(l))
        && matches!(
            tld.to_ascii_lowercase().as_str(),
            "com" | "edu" | "gov" | "int" | "mil" | "net" | "org"
        )
}

/// `EmailValidator(allowlist=[])`.
fn is_email_simple(value: &str) -> bool {
    if value.is_empty() || py::len(value) > 320 {
        return false;
    }
    let Some((user, domain)) = value.rsplit_once('@') else {
        return false;
    };
    // [A-Z] under re.IGNORECASE also matches these four non-ASCII letters.
    let atom_char = |c: char| {
        c.is_ascii_alphanumeric()
            || "-!#$%&'*+/=?^_`{}|~".contains(c)
            || matches!(c, '\u{130}' | '\u{131}' | '\u{17f}' | '\u{212a}')
    };
    let user_ok = !user.is_empty()
        && user
            .split('.')
            .all(|a| !a.is_empty() && a.chars().all(atom_char));
    if !user_ok {
        return false;
    }
    if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return inner.parse::<std::net::IpAddr>().is_ok();
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let [first, middle @ .., tld] = labels.as_slice() else {
        return false;
    };
    if labels.len() < 2 {
        return false;
    }
    let tld_ok = {
        let lower = tld.to_lowercase();
        let punycode = lower.strip_prefix("xn--").is_some_and(|r| {
            (1..=59).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric())
        });
        let plain = (2..=63).contains(&py::len(tld))
            && tld.chars().all(|c| {
                c.is_ascii_alphabetic() || ('\u{a1}'..='\u{ffff}').contains(&c) || c == '-'
            })
            && !tld.starts_with('-')
            && !tld.ends_with('-');
        punycode || plain
    };
    is_hostname(first) && middle.iter().all(|l| is_domain_label(l)) && tld_ok
}

/// Python's `quote(s, safe)`.
fn quote(s: &str, safe: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '_' | '.' | '-' | '~')
            || (c.is_ascii() && safe.contains(c))
        {
            out.push(c);
        } else {
            for &b in s.get(i..i + c.len_utf8()).unwrap_or("").as_bytes() {
                out.push_str(percent_encode_byte(b));
            }
        }
    }
    out
}

/// Python's `quote_plus(s, safe="")`.
fn quote_plus(s: &str) -> String {
    quote(s, " ").replace(' ', "+")
}

/// Python's `unquote`.
fn unquote(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

const URL_SAFE: &str = "!$&'()*+,;=:/?#[]@~";

fn unquote_quote(segment: &str) -> String {
    quote(&unquote(segment), URL_SAFE)
}

/// `urlsplit`'s checks on a netloc with brackets; `false` where Python
/// raises `ValueError`.
fn netloc_ok(netloc: &str) -> bool {
    let open = netloc.contains('[');
    let close = netloc.contains(']');
    if open != close {
        return false;
    }
    if open {
        let host_port = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
        if let Some((before, bracketed)) = host_port.split_once('[') {
            if !before.is_empty() {
                return false;
            }
            let (host, port) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            if !port.is_empty() && !port.starts_with(':') {
                return false;
            }
            let ok = if let Some(v) = host.strip_prefix('v') {
                v.split_once('.').is_some_and(|(hex, rest)| {
                    !hex.is_empty()
                        && hex.chars().all(|c| c.is_ascii_hexdigit())
                        && !rest.is_empty()
                })
            } else {
                host.parse::<std::net::Ipv6Addr>().is_ok()
            };
            if !ok {
                return false;
            }
        }
    }
    if !netloc.is_ascii() {
        let n: String = netloc
            .chars()
            .filter(|c| !matches!(c, '@' | ':' | '#' | '?'))
            .collect();
        let normalized: String = n.nfkc().collect();
        if n != normalized && normalized.contains(['/', '?', '#', '@', ':']) {
            return false;
        }
    }
    true
}

/// `django.utils.html.smart_urlquote`.
fn smart_urlquote(url: &str) -> String {
    // urlsplit
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest: &str = &cleaned;
    let mut scheme = String::new();
    if let Some(i) = rest.find(':') {
        let candidate = rest.get(..i).unwrap_or("");
        let valid = i > 0
            && candidate
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = candidate.to_ascii_lowercase();
            rest = rest.get(i + 1..).unwrap_or("");
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = after.get(..end).unwrap_or("");
        rest = after.get(end..).unwrap_or("");
        if !netloc_ok(netloc) {
            return unquote_quote(url);
        }
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));

    let netloc = unquote_quote(netloc);
    let query = if query.is_empty() {
        String::new()
    } else {
        query
            .split('&')
            .filter(|f| !f.is_empty())
            .map(|field| {
                let (k, v) = field.split_once('=').unwrap_or((field, ""));
                let k = unquote(&unquote(&k.replace('+', " ")));
                let v = unquote(&unquote(&v.replace('+', " ")));
                format!("{}={}", quote_plus(&k), quote_plus(&v))
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let path = unquote_quote(path);
    let fragment = unquote_quote(fragment);

    // urlunsplit
    let mut out = path;
    let uses_netloc = matches!(scheme.as_str(), "http" | "https" | "ftp" | "");
    if !netloc.is_empty() || (!scheme.is_empty() && uses_netloc && !out.starts_with("//")) {
        if !out.is_empty() && !out.starts_with('/') {
            out.insert(0, '/');
        }
        out = format!("//{netloc}{out}");
    }
    if !scheme.is_empty() {
        out = format!("{scheme}:{out}");
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> String {
        urlize(s, true).into_inner()
    }

    #[test]
    fn django_cases() {
        // From Django's test_urlize.py (the conformance cases).
        assert_eq!(
            u("foo<a href=\" google.com \">bar</a>buz"),
            "foo&lt;a href=&quot; <a href=\"http://google.com\" rel=\"nofollow\">google.com</a> &quot;&gt;bar&lt;/a&gt;buz"
        );
        assert_eq!(
            u("[see www.example.com]"),
            "[see <a href=\"http://www.example.com\" rel=\"nofollow\">www.example.com</a>]"
        );
        assert_eq!(u("see test[at[example.com"), "see test[at[example.com");
        assert_eq!(
            u("[http://168.192.0.1](http://168.192.0.1)"),
            "[<a href=\"http://168.192.0.1](http://168.192.0.1)\" rel=\"nofollow\">http://168.192.0.1](http://168.192.0.1)</a>"
        );
        assert_eq!(
            u("Search for google.com/?q=dj!`?! and see."),
            "Search for <a href=\"http://google.com/?q=dj%21%60%3F\" rel=\"nofollow\">google.com/?q=dj!`?</a>! and see."
        );
        assert_eq!(
            u("http://c\u{2736}.ws"),
            "<a href=\"http://c%E2%9C%B6.ws\" rel=\"nofollow\">http://c\u{2736}.ws</a>"
        );
        assert_eq!(
            u("info@c\u{2736}.org"),
            "<a href=\"mailto:info@c%E2%9C%B6.org\">info@c\u{2736}.org</a>"
        );
        assert_eq!(u("email@.stream.ru"), "email@.stream.ru");
        assert_eq!(
            u("http://[2001:db8:cafe::2]/api/9"),
            "<a href=\"http://[2001:db8:cafe::2]/api/9\" rel=\"nofollow\">http://[2001:db8:cafe::2]/api/9</a>"
        );
        assert_eq!(u("http:///www.google.com"), "http:///www.google.com");
        assert_eq!(u("http://.google.com"), "http://.google.com");
        assert_eq!(u("http://@foo.com"), "http://@foo.com");
        assert_eq!(u("some.organization"), "some.organization");
        assert_eq!(
            u("A test http://testing.com/example.,:;)\"!"),
            "A test <a href=\"http://testing.com/example\" rel=\"nofollow\">http://testing.com/example</a>.,:;)&quot;!"
        );
        assert_eq!(
            urlize("http://example.com?x=&amp;;;", false).into_inner(),
            "<a href=\"http://example.com?x=\" rel=\"nofollow\">http://example.com?x=&amp;</a>;;"
        );
        assert_eq!(
            urlize("http://example.com?x=&amp.;...;", false).into_inner(),
            "<a href=\"http://example.com?x=\" rel=\"nofollow\">http://example.com?x=&amp</a>.;...;"
        );
        assert_eq!(
            u("HTTPS://github.com/"),
            "<a href=\"https://github.com/\" rel=\"nofollow\">HTTPS://github.com/</a>"
        );
        assert_eq!(
            u("'https://www.example.org/'"),
            "&#x27;<a href=\"https://www.example.org/\" rel=\"nofollow\">https://www.example.org/</a>&#x27;"
        );
        assert_eq!(
            urlize("http://example.com?x=&amp;y=&lt;2&gt;", false).as_str(),
            "<a href=\"http://example.com?x=&amp;y=%3C2%3E\" rel=\"nofollow\">http://example.com?x=&amp;y=&lt;2&gt;</a>"
        );
        assert_eq!(
            urlize("http://example.com/?x=&y=", false).as_str(),
            "<a href=\"http://example.com/?x=&amp;y=\" rel=\"nofollow\">http://example.com/?x=&y=</a>"
        );
        assert_eq!(
            u("https://en.wikipedia.org/wiki/Caf\u{e9}"),
            "<a href=\"https://en.wikipedia.org/wiki/Caf%C3%A9\" rel=\"nofollow\">https://en.wikipedia.org/wiki/Caf\u{e9}</a>"
        );
        assert_eq!(
            urlizetrunc("foo<a href=\" google.com \">bar</a>buz", 9, false).as_str(),
            "foo<a href=\" <a href=\"http://google.com\" rel=\"nofollow\">google.c\u{2026}</a> \">bar</a>buz"
        );
        assert_eq!(
            urlizetrunc("http://x.com", -5, true).as_str(),
            "<a href=\"http://x.com\" rel=\"nofollow\">\u{2026}</a>"
        );
    }
}
