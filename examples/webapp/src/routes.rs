//! The routes: pages rendered by djula inside handlers, widgets by
//! spinneret, forms checked for their CSRF token (see `session.rs` for the
//! cookies), and the `with_logged_in` guard.
//!
//! Fragments for partial updates, in htmx's protocol: a request with the
//! header `HX-Request: true` (sent by `static/fragments.js`, or by htmx)
//! to `GET /tasks` or `POST /tasks/{id}/toggle` gets only the task list,
//! the block `tasks` of `tasks.html` rendered with djula's
//! `Template::render_block`, instead of the page or a redirect.
//!
//! Database calls are short and synchronous inside the async handlers (one
//! SQLite connection behind a mutex); a bigger app would use a pool and
//! `spawn_blocking`. Password checks, which are slow on purpose, do run in
//! `spawn_blocking`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Form, OriginalUri, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, RETRY_AFTER, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Extension;
use axum::Router;
use axum_extra::extract::cookie::{Key, SignedCookieJar};
use djula::axum::RenderError;
use djula::SafeString;
use tower_http::services::ServeDir;
use url::Url;

use crate::db::{Db, Session, DEMO_ACCOUNTS};
use crate::pages::{DemoAccount, ErrorPage, Layout, LoginPage, MembersPage, TasksPage};
use crate::session::{self, csrf_ok, expected_token};
use crate::templates::{static_file, Templates};
use crate::throttle::{LoginThrottle, Refusal};
use crate::widgets;
use crate::ClientAddr;

/// The longest task title accepted, in characters.
pub const MAX_TITLE: usize = 120;
/// The most of a user name a refused login form shows again, in characters.
pub const MAX_USERNAME: usize = 64;
/// The most tasks one member's list holds (done ones included): each page
/// shows them all, and the member list counts them.
pub const MAX_TASKS: usize = 1000;

/// What every handler shares (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Arc<Db>,
    /// The template engine.
    pub templates: Arc<Templates>,
    /// The key that signs the cookies.
    pub key: Key,
    /// Failed logins per user name; password checks one per core.
    pub throttle: Arc<LoginThrottle>,
}

type Shared = AppState;
type Fields = HashMap<String, String>;

/// The app's routes; `/static/` from `static_dir` (tower-http's `ServeDir`,
/// for development) or from the binary.
pub fn router(state: Shared, static_dir: Option<PathBuf>) -> Router {
    let router = Router::new()
        .route("/", get(members))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/tasks", get(tasks).post(add_task))
        .route("/tasks/print", get(print_list))
        .route("/tasks/{id}/toggle", post(toggle_task));
    let router =
        match static_dir {
            Some(dir) => {
                // A missing file gets the app's 404 page, as elsewhere. No
                // directory is answered: its redirect to `path/` would echo a
                // `//name` (a link to another site) back as `Location`.
                let not_found = any(not_found).with_state(state.clone());
                let files = ServeDir::new(dir)
                    .append_index_html_on_directories(false)
                    .not_found_service(not_found);
                let files = Router::new().fallback_service(files).layer(
                    axum::middleware::from_fn_with_state(state.clone(), no_hidden_files),
                );
                router.nest_service("/static", files)
            }
            None => router.route("/static/{*path}", get(embedded_static)),
        };
    router.fallback(not_found).with_state(state)
}

/// A failure that ends a request: a 500 page, logged.
pub enum AppError {
    /// The database failed.
    Db(rusqlite::Error),
    /// A template failed (djula's debug or plain page).
    Render(RenderError),
    /// Something else failed (a task that panicked).
    Internal(String),
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Db(e)
    }
}

impl From<getrandom::Error> for AppError {
    fn from(e: getrandom::Error) -> Self {
        AppError::Internal(format!("no OS randomness: {e}"))
    }
}

impl From<RenderError> for AppError {
    fn from(e: RenderError) -> Self {
        AppError::Render(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Render(e) => e.into_response(),
            AppError::Db(e) => {
                tracing::error!("database error: {e}");
                server_error("Sorry, the database failed. The error has been logged.")
            }
            AppError::Internal(e) => {
                tracing::error!("internal error: {e}");
                server_error("Sorry, something failed. The error has been logged.")
            }
        }
    }
}

fn server_error(message: &str) -> Response {
    let page = spinneret::with_page! {
        title: "Server error";
        h1 { "Server error" }
        p { (message) }
    };
    (StatusCode::INTERNAL_SERVER_ERROR, page).into_response()
}

type Result<T = Response, E = AppError> = std::result::Result<T, E>;

// ---------------------------------------------------------------- sessions

/// Pages that carry a per-visitor token must not be cached by proxies.
fn private(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

fn redirect(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

/// The 403 page for a form without a valid token.
fn forbidden(state: &AppState, session: Option<&Session>) -> Result {
    let page = state.templates.render(
        "403.html",
        &ErrorPage {
            layout: layout("", session),
            message:
                "The form's security token is missing or out of date (did the session expire?).",
            path: "",
        },
    )?;
    Ok((StatusCode::FORBIDDEN, page).into_response())
}

/// The layout's part of a page's context: the current page, and the
/// logged-in member with their form token.
fn layout<'a>(page: &'static str, session: Option<&'a Session>) -> Layout<'a> {
    Layout {
        page,
        user: session.map(|s| &s.user),
        csrf_token: session.map(|s| s.csrf.as_str()),
    }
}

/// True when the request asks for a fragment of the page, as htmx does
/// (`HX-Request: true`).
pub fn wants_fragment(headers: &HeaderMap) -> bool {
    headers
        .get("hx-request")
        .is_some_and(|value| value.as_bytes() == b"true")
}

/// The cookbook's `with-logged-in`: runs `page` for a logged-in user, or
/// answers with the login page and a message (and the way back in `next`).
/// A request for a fragment gets `HX-Refresh: true` instead: the page
/// reloads and shows the login page there.
fn with_logged_in(
    state: &AppState,
    jar: SignedCookieJar,
    next: &str,
    fragment: bool,
    page: impl FnOnce(&Session) -> Result,
) -> Result {
    match session::session(&state.db, &jar)? {
        Some(session) => Ok(private(page(&session)?)),
        None if fragment => Ok(private([("hx-refresh", "true")])),
        None => {
            let (jar, token) = session::anonymous_token(jar)?;
            let login = login_page(
                state,
                &token,
                Some("Please log in to see your tasks."),
                "",
                next,
            )?;
            Ok(private((jar, login)))
        }
    }
}

// ------------------------------------------------------------------- pages

/// `GET /`: the member list (djula: `extends`, `for`, custom filters).
async fn members(State(state): State<Shared>, jar: SignedCookieJar) -> Result {
    let session = session::session(&state.db, &jar)?;
    let members = state.db.members()?;
    let page = state.templates.render(
        "members.html",
        &MembersPage {
            layout: layout("members", session.as_ref()),
            members: &members,
        },
    )?;
    Ok(page.into_response())
}

fn login_page(
    state: &AppState,
    csrf_token: &str,
    message: Option<&str>,
    username: &str,
    next: &str,
) -> Result {
    let demo_accounts = DEMO_ACCOUNTS
        .iter()
        .map(|&(username, _, password, _)| DemoAccount { username, password })
        .collect();
    let page = state.templates.render(
        "login.html",
        &LoginPage {
            layout: Layout {
                page: "login",
                user: None,
                csrf_token: Some(csrf_token),
            },
            message,
            username,
            next,
            demo_accounts,
        },
    )?;
    Ok(page.into_response())
}

/// `GET /login` (a logged-in member goes to their tasks).
async fn login_form(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    Query(q): Query<Fields>,
) -> Result {
    if session::session(&state.db, &jar)?.is_some() {
        return Ok(redirect("/tasks"));
    }
    let (jar, token) = session::anonymous_token(jar)?;
    let next = safe_next(q.get("next").map(String::as_str));
    Ok(private((jar, login_page(&state, &token, None, "", &next)?)))
}

/// Where to go after login: `next` when the browser would stay on this
/// site going there, otherwise `/tasks`.
///
/// The Location header is read by the browser as a URL relative to this
/// page, so `next` is resolved as the browser does (WHATWG rules, the `url`
/// crate: tabs and newlines dropped, `\` read as `/`), and must keep this
/// origin. It must also be a plain path as written: no control characters,
/// spaces or backslashes, not `//host` (scheme-relative).
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/tasks";
    let Some(next) = next else {
        return HOME.into();
    };
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let Ok(base) = Url::parse("http://this.site/") else {
        return HOME.into();
    };
    let same_origin = base
        .join(next)
        .is_ok_and(|url| url.origin() == base.origin());
    if plain && same_origin {
        next.into()
    } else {
        HOME.into()
    }
}

/// `POST /login`: a new session for the user (the anonymous token and any
/// old session are dropped).
async fn login(
    State(state): State<Shared>,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    jar: SignedCookieJar,
    Form(form): Form<Fields>,
) -> Result {
    let client = crate::throttle::client_of(client.map(|Extension(ClientAddr(ip))| ip), &headers);
    let old = session::session(&state.db, &jar)?;
    let expected = expected_token(old.as_ref(), &jar);
    if !csrf_ok(expected.as_deref(), &form) {
        return forbidden(&state, old.as_ref());
    }
    // The token that matched: the form shown again carries it.
    let token = expected.unwrap_or_default();
    let username = form.get("username").map(|s| s.trim()).unwrap_or_default();
    let password = form.get("password").map(String::as_str).unwrap_or_default();
    let next = safe_next(form.get("next").map(String::as_str));
    let refuse = |message: &str| -> Result {
        // The name comes back in the form, but never more than a name's worth.
        let shown: String = username.chars().take(MAX_USERNAME).collect();
        let page = login_page(&state, &token, Some(message), &shown, &next)?;
        Ok(private((StatusCode::UNPROCESSABLE_ENTITY, page)))
    };
    if username.is_empty() || password.is_empty() {
        return refuse("Please give your user name and password.");
    }
    let throttled = |refusal: Refusal| -> Result {
        let (status, wait, message) = match refusal {
            Refusal::TooManyFailures(wait) | Refusal::TooManyFromClient(wait) => {
                let whose = match refusal {
                    Refusal::TooManyFromClient(_) => "from your network",
                    _ => "for this name",
                };
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    wait,
                    format!(
                        "Too many failed logins {whose}: please try again in {} minutes.",
                        wait.as_secs().div_ceil(60).max(1)
                    ),
                )
            }
            Refusal::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                std::time::Duration::from_secs(5),
                "The server is busy: please try again in a moment.".into(),
            ),
        };
        let shown: String = username.chars().take(MAX_USERNAME).collect();
        let page = login_page(&state, &token, Some(&message), &shown, &next)?;
        let retry = HeaderValue::from(wait.as_secs().max(1));
        Ok(private((status, [(RETRY_AFTER, retry)], page)))
    };
    // A browser this member logged in from is counted on its own.
    let name = crate::throttle::name_key(username);
    let device = session::device(&jar).filter(|d| d.name == name);
    let device_id = device.as_ref().map(|d| d.id.as_str());
    // Counted as a failure before the check, forgiven if it succeeds.
    if let Err(refusal) =
        state
            .throttle
            .attempt(username, client, device_id, std::time::Instant::now())
    {
        return throttled(refusal);
    }
    let user = {
        let turn = match state.throttle.hashing_turn().await {
            Ok(turn) => turn,
            Err(refusal) => {
                // Not checked, so not a failure.
                state.throttle.not_tried(username, client, device_id);
                return throttled(refusal);
            }
        };
        let (db, username, password) =
            (state.db.clone(), username.to_string(), password.to_string());
        tokio::task::spawn_blocking(move || {
            // The core stays taken until the hash is done, even if the
            // client hangs up and this request is dropped.
            let _turn = turn;
            db.check_login(&username, &password)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??
    };
    match user {
        Some(user) => {
            state.throttle.succeeded(username, client, device_id);
            if let Some(old) = &old {
                state.db.delete_session(&old.id)?;
            }
            let fresh = state.db.create_session(&user)?;
            let device = session::Device {
                id: crate::db::random_token().map_err(|e| AppError::Internal(e.to_string()))?,
                name,
            };
            Ok(private((
                session::logged_in(jar, &fresh, &device),
                redirect(&next),
            )))
        }
        None => refuse("Wrong user name or password."),
    }
}

/// `POST /logout`.
async fn logout(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    Form(form): Form<Fields>,
) -> Result {
    match session::session(&state.db, &jar)? {
        Some(s) if csrf_ok(Some(&s.csrf), &form) => {
            state.db.delete_session(&s.id)?;
            Ok((session::logged_out(jar), redirect("/")).into_response())
        }
        other => forbidden(&state, other.as_ref()),
    }
}

/// The task list page, or with `fragment` only its list (the block
/// `tasks`: counts and rows), for a partial update.
fn tasks_page(
    state: &AppState,
    session: &Session,
    title: &str,
    error: Option<&str>,
    fragment: bool,
) -> Result {
    let user = &session.user;
    let tasks = state.db.tasks(user.id)?;
    let open = tasks.iter().filter(|t| !t.done).count();
    let rows = widgets::task_list(&tasks, &session.csrf);
    // What was typed comes back in the form, but never more than fits.
    let title: String = title.chars().take(MAX_TITLE).collect();
    let ctx = TasksPage {
        layout: layout("tasks", Some(session)),
        rows: SafeString(rows.into_string()),
        open_count: open,
        total: tasks.len(),
        title: &title,
        error,
        max_title: MAX_TITLE,
    };
    let page = if fragment {
        state.templates.render_block("tasks.html", "tasks", &ctx)?
    } else {
        state.templates.render("tasks.html", &ctx)?
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    // The same URL answers a page or a fragment, by the request's header.
    Ok((status, [(VARY, "HX-Request")], page).into_response())
}

/// `GET /tasks`: the user's list (djula page, spinneret rows); only the
/// list for a fragment request.
async fn tasks(State(state): State<Shared>, jar: SignedCookieJar, headers: HeaderMap) -> Result {
    let fragment = wants_fragment(&headers);
    with_logged_in(&state, jar, "/tasks", fragment, |session| {
        tasks_page(&state, session, "", None, fragment)
    })
}

/// Why a task title is refused, in words for the person typing it.
pub fn validate_title(title: &str, existing: &[String]) -> std::result::Result<(), String> {
    let chars = title.chars().count();
    if title.is_empty() {
        Err("Please write what to do or buy.".into())
    } else if chars > MAX_TITLE {
        Err(format!(
            "Please keep it to {MAX_TITLE} characters or fewer (this one has {chars})."
        ))
    } else if title.chars().any(char::is_control) {
        Err("Please use plain text on one line.".into())
    } else if existing.iter().any(|e| e.eq_ignore_ascii_case(title)) {
        Err(format!("“{title}” is already on your list."))
    } else {
        Ok(())
    }
}

/// `POST /tasks`: adds a task, or shows the form again with the message.
async fn add_task(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    Form(form): Form<Fields>,
) -> Result {
    if let Some(s) = session::session(&state.db, &jar)? {
        if !csrf_ok(Some(&s.csrf), &form) {
            return forbidden(&state, Some(&s));
        }
    }
    with_logged_in(&state, jar, "/tasks", false, |session| {
        let user = &session.user;
        let title = form.get("title").map(|t| t.trim()).unwrap_or_default();
        let tasks = state.db.tasks(user.id)?;
        if tasks.len() >= MAX_TASKS {
            let message = format!("Your list is full ({MAX_TASKS} items).");
            return tasks_page(&state, session, title, Some(&message), false);
        }
        let open: Vec<String> = tasks
            .into_iter()
            .filter(|t| !t.done)
            .map(|t| t.title)
            .collect();
        match validate_title(title, &open) {
            Ok(()) => {
                state.db.add_task(user.id, title)?;
                Ok(redirect("/tasks"))
            }
            Err(message) => tasks_page(&state, session, title, Some(&message), false),
        }
    })
}

/// `POST /tasks/{id}/toggle`: ticks a task off or back on, then goes back
/// to the list; a fragment request gets the new list itself.
async fn toggle_task(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Result {
    let fragment = wants_fragment(&headers);
    if let Some(s) = session::session(&state.db, &jar)? {
        if !csrf_ok(Some(&s.csrf), &form) {
            return forbidden(&state, Some(&s));
        }
    }
    with_logged_in(&state, jar, "/tasks", fragment, |session| {
        let user = &session.user;
        match id.parse::<i64>() {
            Ok(task) if state.db.toggle_task(user.id, task)? => {
                if fragment {
                    tasks_page(&state, session, "", None, true)
                } else {
                    Ok(redirect(&format!("/tasks#task-{task}")))
                }
            }
            _ => not_found_page(&state, uri.path(), Some(session)),
        }
    })
}

/// `GET /tasks/print`: a whole page from spinneret's `with_page!`.
async fn print_list(State(state): State<Shared>, jar: SignedCookieJar) -> Result {
    with_logged_in(&state, jar, "/tasks/print", false, |session| {
        let tasks = state.db.tasks(session.user.id)?;
        Ok(widgets::print_page(&session.user.name, &tasks).into_response())
    })
}

/// `GET /static/…` from the copy embedded in the binary (rust-embed), with
/// its MIME type from the file name (mime_guess).
async fn embedded_static(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    Path(path): Path<String>,
    uri: Uri,
) -> Result {
    let Some(bytes) = static_file(&path) else {
        let session = session::session(&state.db, &jar)?;
        return not_found_page(&state, uri.path(), session.as_ref());
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    Ok((
        [
            (CONTENT_TYPE, mime.as_ref()),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}

fn not_found_page(state: &AppState, path: &str, session: Option<&Session>) -> Result {
    let page = state.templates.render(
        "404.html",
        &ErrorPage {
            layout: layout("", session),
            message: "",
            path,
        },
    )?;
    Ok((StatusCode::NOT_FOUND, page).into_response())
}

/// `/static/` from a directory: a path with a hidden part (a name that
/// starts with a dot, as `.git` or `.env`, also percent-encoded) or an
/// empty one (`//`) gets the 404 page, as a missing file does.
async fn no_hidden_files(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    OriginalUri(uri): OriginalUri,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result {
    if is_hidden(request.uri().path()) {
        let session = session::session(&state.db, &jar)?;
        return not_found_page(&state, uri.path(), session.as_ref());
    }
    Ok(next.run(request).await)
}

/// Whether a path under `/static` names a hidden file or has an empty part.
fn is_hidden(path: &str) -> bool {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.split('/').any(|part| {
        let part = percent_encoding::percent_decode_str(part).decode_utf8_lossy();
        part.is_empty() || part.starts_with('.') || part.contains(['/', '\\'])
    })
}

/// Any other path: the 404 page (the path as asked, also under `/static`).
async fn not_found(
    State(state): State<Shared>,
    jar: SignedCookieJar,
    OriginalUri(uri): OriginalUri,
) -> Result {
    let session = session::session(&state.db, &jar)?;
    not_found_page(&state, uri.path(), session.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_or_empty_parts_of_a_static_path_are_refused() {
        for hidden in [
            "/.env",
            "/.git/config",
            "/css/.secret",
            "/%2egit/config",
            "/%2Eenv",
            "//evil.example",
            "/css//x",
            "/a%2Fb",
            "/..%5Cx",
            "/",
        ] {
            assert!(is_hidden(hidden), "{hidden}");
        }
        for shown in ["/style.css", "/js/fragments.js", "/a.b.c", "/x."] {
            assert!(!is_hidden(shown), "{shown}");
        }
    }

    #[test]
    fn only_paths_on_this_site_are_followed_after_login() {
        // Percent-encoded bytes stay encoded: a path on this site.
        for good in [
            "/tasks",
            "/tasks/print",
            "/tasks?x=1#a",
            "/%09/evil.example/",
        ] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\\evil.example/",
            "\\\\evil.example/",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil",
            "/ /x",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/tasks", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/tasks");
    }
}
