//! The routes: pages rendered by djula inside handlers, widgets by
//! spinneret, forms checked for their CSRF token, a session cookie, and
//! the `with_logged_in` guard.
//!
//! Database calls are short and synchronous inside the async handlers (one
//! SQLite connection behind a mutex); a bigger app would use a pool and
//! `spawn_blocking`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Form, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use djula::axum::RenderError;
use djula::SafeString;
use serde_json::json;
use tower_http::services::ServeDir;

use crate::db::{Db, Session, User, DEMO_ACCOUNTS, SESSION_DAYS};
use crate::templates::{static_file, Templates};
use crate::widgets;

/// The longest task title accepted.
pub const MAX_TITLE: usize = 120;
/// The session cookie's name.
pub const COOKIE_NAME: &str = "sid";

/// What every handler shares.
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The template engine.
    pub templates: Templates,
}

type Shared = Arc<AppState>;
type Fields = HashMap<String, String>;

/// The app's routes; `/static/` from `static_dir` or from the binary.
pub fn router(state: Shared, static_dir: Option<PathBuf>) -> Router {
    let router = Router::new()
        .route("/", get(members))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/tasks", get(tasks).post(add_task))
        .route("/tasks/print", get(print_list))
        .route("/tasks/{id}/toggle", post(toggle_task));
    let router = match static_dir {
        Some(dir) => router.nest_service("/static", ServeDir::new(dir)),
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
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Db(e)
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
                eprintln!("webapp: database error: {e}");
                let page = spinneret::with_page! {
                    title: "Server error";
                    h1 { "Server error" }
                    p { "Sorry, the database failed. The error has been logged." }
                };
                (StatusCode::INTERNAL_SERVER_ERROR, page).into_response()
            }
        }
    }
}

type Result<T = Response, E = AppError> = std::result::Result<T, E>;

// ---------------------------------------------------------------- sessions

fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The request's session, if its cookie names one.
fn current_session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>> {
    match session_cookie(headers) {
        Some(id) => Ok(state.db.session(id)?),
        None => Ok(None),
    }
}

/// The request's session, or a new anonymous one (its cookie is set by
/// [`respond`]) so that forms can carry a CSRF token.
fn ensure_session(state: &AppState, headers: &HeaderMap) -> Result<(Session, bool)> {
    match current_session(state, headers)? {
        Some(s) => Ok((s, false)),
        None => Ok((state.db.create_session(None)?, true)),
    }
}

fn cookie_header(value: &str, max_age: Option<u32>) -> HeaderValue {
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("sid=; Path=/"))
}

/// `response` with the session cookie set when the session is new.
fn respond(response: impl IntoResponse, session: &Session, new: bool) -> Response {
    let mut response = response.into_response();
    if new {
        response.headers_mut().append(
            SET_COOKIE,
            cookie_header(&session.id, Some(SESSION_DAYS * 86_400)),
        );
    }
    // Pages with a per-session token must not be cached by proxies.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

fn redirect(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

/// The form's CSRF token matches the session's.
fn csrf_ok(session: &Session, form: &Fields) -> bool {
    form.get("csrfmiddlewaretoken")
        .is_some_and(|t| constant_time_eq(t.as_bytes(), session.csrf.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The 403 page for a form without a valid token.
fn forbidden(state: &AppState, session: Option<&Session>) -> Result {
    let page = state.templates.render(
        "403.html",
        &json!({
            "message": "The form's security token is missing or out of date (did the session expire?).",
            "user": session.and_then(|s| s.user.as_ref()),
            "csrf_token": session.map(|s| s.csrf.as_str()),
        }),
    )?;
    Ok((StatusCode::FORBIDDEN, page).into_response())
}

/// The cookbook's `with-logged-in`: runs `page` for a logged-in user, or
/// answers with the login page and a message (and the way back in `next`).
fn with_logged_in(
    state: &AppState,
    headers: &HeaderMap,
    next: &str,
    page: impl FnOnce(&Session, &User) -> Result,
) -> Result {
    let (session, new) = ensure_session(state, headers)?;
    match &session.user {
        Some(user) => Ok(respond(page(&session, user)?, &session, new)),
        None => {
            let login = login_page(
                state,
                &session,
                Some("Please log in to see your tasks."),
                "",
                next,
            )?;
            Ok(respond(login, &session, new))
        }
    }
}

// ------------------------------------------------------------------- pages

/// `GET /`: the member list (djula: `extends`, `for`, custom filters).
async fn members(State(state): State<Shared>, headers: HeaderMap) -> Result {
    let session = current_session(&state, &headers)?;
    let members = state.db.members()?;
    let page = state.templates.render(
        "members.html",
        &json!({
            "page": "members",
            "members": members,
            "user": session.as_ref().and_then(|s| s.user.as_ref()),
            "csrf_token": session.as_ref().map(|s| s.csrf.as_str()),
        }),
    )?;
    Ok(page.into_response())
}

fn login_page(
    state: &AppState,
    session: &Session,
    message: Option<&str>,
    username: &str,
    next: &str,
) -> Result {
    let demo: Vec<_> = DEMO_ACCOUNTS
        .iter()
        .map(|(username, _, password, _)| json!({"username": username, "password": password}))
        .collect();
    let page = state.templates.render(
        "login.html",
        &json!({
            "page": "login",
            "csrf_token": session.csrf,
            "user": session.user,
            "message": message,
            "username": username,
            "next": next,
            "demo_accounts": demo,
        }),
    )?;
    Ok(page.into_response())
}

/// `GET /login`.
async fn login_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Result {
    let (session, new) = ensure_session(&state, &headers)?;
    let next = q.get("next").map(String::as_str).unwrap_or("/tasks");
    Ok(respond(
        login_page(&state, &session, None, "", next)?,
        &session,
        new,
    ))
}

/// Only same-site paths are followed after login.
fn safe_next(next: Option<&String>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/tasks",
    }
}

/// `POST /login`: a new session for the user (the old id is dropped).
async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Result {
    let Some(session) = current_session(&state, &headers)? else {
        return forbidden(&state, None);
    };
    if !csrf_ok(&session, &form) {
        return forbidden(&state, Some(&session));
    }
    let username = form.get("username").map(|s| s.trim()).unwrap_or_default();
    let password = form.get("password").map(String::as_str).unwrap_or_default();
    let next = safe_next(form.get("next"));
    if username.is_empty() || password.is_empty() {
        let page = login_page(
            &state,
            &session,
            Some("Please give your user name and password."),
            username,
            next,
        )?;
        return Ok(respond(
            (StatusCode::UNPROCESSABLE_ENTITY, page),
            &session,
            false,
        ));
    }
    match state.db.check_login(username, password)? {
        Some(user) => {
            state.db.delete_session(&session.id)?;
            let fresh = state.db.create_session(Some(&user))?;
            Ok(respond(redirect(next), &fresh, true))
        }
        None => {
            let page = login_page(
                &state,
                &session,
                Some("Wrong user name or password."),
                username,
                next,
            )?;
            Ok(respond(
                (StatusCode::UNPROCESSABLE_ENTITY, page),
                &session,
                false,
            ))
        }
    }
}

/// `POST /logout`.
async fn logout(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Result {
    let session = current_session(&state, &headers)?;
    match session {
        Some(s) if csrf_ok(&s, &form) => {
            state.db.delete_session(&s.id)?;
            let mut response = redirect("/");
            response
                .headers_mut()
                .append(SET_COOKIE, cookie_header("", Some(0)));
            Ok(response)
        }
        other => forbidden(&state, other.as_ref()),
    }
}

fn tasks_page(
    state: &AppState,
    session: &Session,
    user: &User,
    title: &str,
    error: Option<&str>,
) -> Result {
    let tasks = state.db.tasks(user.id)?;
    let open = tasks.iter().filter(|t| !t.done).count();
    let rows = widgets::task_list(&tasks, &session.csrf);
    #[derive(serde::Serialize)]
    struct Ctx<'a> {
        page: &'static str,
        user: &'a User,
        csrf_token: &'a str,
        /// The spinneret widgets, marked safe so djula does not escape them.
        rows: SafeString,
        open_count: usize,
        total: usize,
        title: &'a str,
        error: Option<&'a str>,
        max_title: usize,
    }
    let page = state.templates.render(
        "tasks.html",
        &Ctx {
            page: "tasks",
            user,
            csrf_token: &session.csrf,
            rows: SafeString(rows.into_string()),
            open_count: open,
            total: tasks.len(),
            title,
            error,
            max_title: MAX_TITLE,
        },
    )?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

/// `GET /tasks`: the user's list (djula page, spinneret rows).
async fn tasks(State(state): State<Shared>, headers: HeaderMap) -> Result {
    with_logged_in(&state, &headers, "/tasks", |session, user| {
        tasks_page(&state, session, user, "", None)
    })
}

/// Why a task title is refused, in words for the person typing it.
pub fn validate_title(title: &str, existing: &[String]) -> std::result::Result<(), String> {
    let chars = title.chars().count();
    if title.is_empty() {
        Err("Please write what to do or buy.".into())
    } else if chars > MAX_TITLE {
        Err(format!(
            "Please keep it under {MAX_TITLE} characters (this one has {chars})."
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
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Result {
    let session = current_session(&state, &headers)?;
    if session
        .as_ref()
        .is_some_and(|s| s.user.is_some() && !csrf_ok(s, &form))
    {
        return forbidden(&state, session.as_ref());
    }
    with_logged_in(&state, &headers, "/tasks", |session, user| {
        let title = form.get("title").map(|t| t.trim()).unwrap_or_default();
        let open: Vec<String> = state
            .db
            .tasks(user.id)?
            .into_iter()
            .filter(|t| !t.done)
            .map(|t| t.title)
            .collect();
        match validate_title(title, &open) {
            Ok(()) => {
                state.db.add_task(user.id, title)?;
                Ok(redirect("/tasks"))
            }
            Err(message) => tasks_page(&state, session, user, title, Some(&message)),
        }
    })
}

/// `POST /tasks/{id}/toggle`: ticks a task off or back on.
async fn toggle_task(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    uri: Uri,
    Form(form): Form<Fields>,
) -> Result {
    let session = current_session(&state, &headers)?;
    if session
        .as_ref()
        .is_some_and(|s| s.user.is_some() && !csrf_ok(s, &form))
    {
        return forbidden(&state, session.as_ref());
    }
    with_logged_in(&state, &headers, "/tasks", |_, user| {
        match id.parse::<i64>() {
            Ok(task) if state.db.toggle_task(user.id, task)? => {
                Ok(redirect(&format!("/tasks#task-{task}")))
            }
            _ => not_found_page(&state, uri.path(), Some(user)),
        }
    })
}

/// `GET /tasks/print`: a whole page from spinneret's `with_page!`.
async fn print_list(State(state): State<Shared>, headers: HeaderMap) -> Result {
    with_logged_in(&state, &headers, "/tasks/print", |_, user| {
        let tasks = state.db.tasks(user.id)?;
        Ok(widgets::print_page(&user.name, &tasks).into_response())
    })
}

/// `GET /static/…` from the copy embedded in the binary.
async fn embedded_static(
    State(state): State<Shared>,
    Path(path): Path<String>,
    uri: Uri,
) -> Result {
    let Some(bytes) = static_file(&path) else {
        return not_found_page(&state, uri.path(), None);
    };
    let mime = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    Ok((
        [
            (CONTENT_TYPE, mime),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}

fn not_found_page(state: &AppState, path: &str, user: Option<&User>) -> Result {
    let page = state
        .templates
        .render("404.html", &json!({"path": path, "user": user}))?;
    Ok((StatusCode::NOT_FOUND, page).into_response())
}

/// Any other path: the 404 page.
async fn not_found(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Result {
    let session = current_session(&state, &headers)?;
    let user = session.as_ref().and_then(|s| s.user.as_ref());
    let page = state.templates.render(
        "404.html",
        &json!({"path": uri.path(), "user": user, "csrf_token": session.as_ref().map(|s| s.csrf.as_str())}),
    )?;
    Ok((StatusCode::NOT_FOUND, page).into_response())
}
