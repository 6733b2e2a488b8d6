//! Who is asking, from two cookies signed by axum-extra's
//! [`SignedCookieJar`] (its key is made on first start and kept in the
//! database):
//!
//! - `sid`: the session id of a logged-in member, a row in `sessions`;
//! - `csrf`: the CSRF token of an anonymous visitor's login form. Nothing
//!   about anonymous visitors is stored: the signature shows the token came
//!   from this app, and the form must send the same token back (a signed
//!   double-submit cookie). Logging in replaces it with the session's
//!   own token;
//! - `device`: given at each successful login, it names the member who
//!   logged in from this browser and a random id. Logins to that name
//!   from this browser are throttled per device instead of per name and
//!   client ([`crate::throttle`]), so a stranger who fails five times on a
//!   member's name does not lock the member out of a browser they already
//!   used (OWASP's "device cookies").
//!
//! The cookies are `HttpOnly` and `SameSite=Lax`; behind HTTPS add
//! `.secure(true)` in `cookie()`. The cookie crate signs a value alone,
//! not its name, so each value starts with its cookie's name (`sid:…`):
//! a signed value moved to the other cookie is refused.

use std::collections::HashMap;

use axum::extract::FromRef;
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use subtle::ConstantTimeEq;

use crate::db::{random_token, Db, DbResult, Session, SESSION_DAYS};
use crate::routes::AppState;

/// The cookie holding a member's session id.
pub const SESSION_COOKIE: &str = "sid";
/// The cookie holding an anonymous visitor's CSRF token.
pub const CSRF_COOKIE: &str = "csrf";
/// The cookie that marks a browser a member has logged in from.
pub const DEVICE_COOKIE: &str = "device";
/// How long a browser stays known without a new login.
pub const DEVICE_DAYS: i64 = 90;

/// A browser a member logged in from (the `device` cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The device's random id: its failed logins are counted under it.
    pub id: String,
    /// The name that logged in, as the throttle counts it
    /// ([`crate::throttle::name_key`]).
    pub name: String,
}

/// The browser's `device` cookie, if it has a valid one.
pub fn device(jar: &SignedCookieJar) -> Option<Device> {
    let value = value_of(jar, DEVICE_COOKIE)?;
    let (id, name) = value.split_once(':')?;
    Some(Device {
        id: id.to_string(),
        name: name.to_string(),
    })
}

/// The form field that carries the CSRF token (`{% csrf_token %}`'s name).
pub const CSRF_FIELD: &str = "csrfmiddlewaretoken";

impl FromRef<AppState> for Key {
    fn from_ref(state: &AppState) -> Key {
        state.key.clone()
    }
}

/// The value of the signed cookie `name`, when it was set as that cookie
/// (see the module's doc).
fn value_of(jar: &SignedCookieJar, name: &str) -> Option<String> {
    let cookie = jar.get(name)?;
    let value = cookie.value().strip_prefix(name)?.strip_prefix(':')?;
    Some(value.to_string())
}

/// The member's live session named by the `sid` cookie, if any.
pub fn session(db: &Db, jar: &SignedCookieJar) -> DbResult<Option<Session>> {
    match value_of(jar, SESSION_COOKIE) {
        Some(id) => db.session(&id),
        None => Ok(None),
    }
}

/// An anonymous visitor's CSRF token: the one of its cookie, or a new one
/// whose cookie the returned jar sets.
pub fn anonymous_token(
    jar: SignedCookieJar,
) -> Result<(SignedCookieJar, String), getrandom::Error> {
    if let Some(token) = value_of(&jar, CSRF_COOKIE) {
        return Ok((jar, token));
    }
    let token = random_token()?;
    let jar = jar.add(cookie(CSRF_COOKIE, token.clone(), None));
    Ok((jar, token))
}

/// The token the forms of this request must carry: the session's, or the
/// anonymous cookie's (none yet: none can match).
pub fn expected_token(session: Option<&Session>, jar: &SignedCookieJar) -> Option<String> {
    match session {
        Some(s) => Some(s.csrf.clone()),
        None => value_of(jar, CSRF_COOKIE),
    }
}

/// The cookies after a login: the new session's id, no anonymous token,
/// and the browser known as `device` (a new id at every login).
pub fn logged_in(jar: SignedCookieJar, session: &Session, device: &Device) -> SignedCookieJar {
    let max_age = time::Duration::days(i64::from(SESSION_DAYS));
    jar.remove(Cookie::build(CSRF_COOKIE).path("/"))
        .add(cookie(SESSION_COOKIE, session.id.clone(), Some(max_age)))
        .add(cookie(
            DEVICE_COOKIE,
            format!("{}:{}", device.id, device.name),
            Some(time::Duration::days(DEVICE_DAYS)),
        ))
}

/// The cookies after a logout: the session cookie removed.
pub fn logged_out(jar: SignedCookieJar) -> SignedCookieJar {
    jar.remove(Cookie::build(SESSION_COOKIE).path("/"))
}

fn cookie(name: &'static str, value: String, max_age: Option<time::Duration>) -> Cookie<'static> {
    let mut cookie = Cookie::build((name, format!("{name}:{value}")))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax);
    if let Some(age) = max_age {
        cookie = cookie.max_age(age);
    }
    cookie.build()
}

/// The form's CSRF token is `expected` (compared in constant time).
pub fn csrf_ok(expected: Option<&str>, form: &HashMap<String, String>) -> bool {
    match (expected, form.get(CSRF_FIELD)) {
        (Some(expected), Some(sent)) => bool::from(expected.as_bytes().ct_eq(sent.as_bytes())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(token: &str) -> HashMap<String, String> {
        HashMap::from([(CSRF_FIELD.to_string(), token.to_string())])
    }

    #[test]
    fn csrf_needs_an_expected_token_and_the_same_one_sent() {
        assert!(csrf_ok(Some("abc"), &form("abc")));
        assert!(!csrf_ok(Some("abc"), &form("abd")));
        assert!(!csrf_ok(Some("abc"), &form("")));
        assert!(!csrf_ok(None, &form("")));
        assert!(!csrf_ok(Some("abc"), &HashMap::new()));
    }
}
