//! The example web app: a shared shopping/task list in the style of the
//! Common Lisp cookbook's web examples, on axum.
//!
//! - `templates.rs`: the djula engine, built at start-up (custom filters
//!   from `filters.rs` registered), over the templates embedded and
//!   compiled at build time by `djula_embed::embed!` (debug builds read
//!   them from disk, with development reload) or a directory; the static
//!   files embedded with rust-embed.
//! - `widgets.rs`: spinneret widgets (task rows) and the printable page
//!   built with `with_page!`.
//! - `db.rs`: SQLite (members, tasks, sessions of logged-in members),
//!   passwords hashed with argon2.
//! - `session.rs`: signed cookies (axum-extra): the session id of a member,
//!   the CSRF token of an anonymous visitor (nothing stored for them).
//! - `routes.rs`: the handlers, CSRF checks and the `with_logged_in` guard.
//! - `throttle.rs`: failed logins counted per user name and per client, password checks
//!   one per core.
//! - `hardening.rs`: security headers, no caching of pages, and the
//!   `Host` check against DNS rebinding.
//! - this file: the server: bind, then open the database; timeouts, a
//!   body limit, a connection limit and one log line per request.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod db;
pub mod filters;
pub mod hardening;
pub mod pages;
pub mod routes;
pub mod session;
pub mod templates;
pub mod throttle;
pub mod widgets;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::add_extension::AddExtension;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use routes::{router, AppState};
pub use templates::TemplateSource;

/// How to run the app.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (port 0 picks a free one).
    pub addr: SocketAddr,
    /// The SQLite file (created on first start).
    pub db: PathBuf,
    /// Templates embedded in the binary or read from a directory.
    pub templates: TemplateSource,
    /// Recompile a template when its file changes (templates read from
    /// files only: a directory, or the embedded ones in a debug build).
    pub reload: bool,
    /// Djula's debug page on render errors.
    pub debug: bool,
    /// Serve `/static/` from this directory instead of the embedded copy.
    pub static_dir: Option<PathBuf>,
    /// What a client may take: time, bytes, connections.
    pub limits: Limits,
}

/// What one client may hold of the server, so that slow or stalled
/// clients are closed instead of kept for ever.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time to send the request line and headers (also an idle
    /// keep-alive connection's time to start its next request).
    pub header_timeout: Duration,
    /// Time between two pieces of a request body.
    pub body_timeout: Duration,
    /// Time to answer a whole request (408 after it).
    pub request_timeout: Duration,
    /// Time a response may wait on a client that does not read it: a
    /// connection whose writes make no progress for this long is closed
    /// (else a client that stops reading holds its slot for ever).
    pub write_timeout: Duration,
    /// The largest request body (413 beyond it, refused before reading).
    pub max_body: usize,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// How often expired sessions are deleted.
    pub session_sweep: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            max_body: 64 * 1024,
            max_connections: 1024,
            session_sweep: Duration::from_secs(600),
        }
    }
}

impl Config {
    /// The crate's own `templates/` and `static/` directories (for
    /// development and tests).
    pub fn source_dir(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
    }
}

/// Opens the database, builds the engine and the router (with its
/// timeouts, body limit and request log).
pub fn build(config: &Config) -> Result<(axum::Router, AppState), String> {
    let db = db::Db::open(&config.db)
        .map_err(|e| format!("cannot open the database {}: {e}", config.db.display()))?;
    let key = db
        .cookie_key()
        .map_err(|e| format!("cannot read the cookie key: {e}"))?;
    let templates =
        templates::Templates::new(config.templates.clone(), config.debug, config.reload)
            .map_err(|e| format!("the templates do not compile:\n{e:#}"))?;
    let state = AppState {
        throttle: Arc::new(throttle::LoginThrottle::default()),
        db: Arc::new(db),
        templates: Arc::new(templates),
        key,
    };
    let limits = &config.limits;
    let policy = hardening::Policy::new(config.addr, config.debug);
    let app = router(state.clone(), config.static_dir.clone())
        .layer(RequestBodyLimitLayer::new(limits.max_body))
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        // Outside the limits: their answers (413, 408) carry the security
        // headers too, and a foreign Host is refused before anything else.
        .layer(axum::middleware::from_fn(move |request, next| {
            hardening::guard(policy, request, next)
        }))
        // One line per request: method, path, status and time taken.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );
    Ok((app, state))
}

/// Binds `config.addr` (before touching the database, so a start that
/// cannot listen changes nothing), opens the app and serves until Ctrl-C;
/// `ready` gets the bound address first.
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (app, state) = build(&config)?;
    tokio::spawn(sweep_sessions(state, config.limits.session_sweep));
    ready(addr);
    run(listener, app, config.limits).await;
    Ok(())
}

/// The address a request's connection comes from, as the accept loop
/// saw it (a request extension; absent when the app is called without
/// the accept loop, as a test's `oneshot` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// Deletes expired sessions every `every` while the app runs.
async fn sweep_sessions(state: AppState, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match state.db.delete_expired_sessions() {
            Ok(0) => {}
            Ok(n) => tracing::info!("deleted {n} expired sessions"),
            Err(e) => tracing::error!("cannot delete expired sessions: {e}"),
        }
    }
}

/// The accept loop. axum's own `serve` has no header timeout, so the
/// connections are served by hyper here: at most `max_connections` at
/// once, each closed when its headers take longer than `header_timeout`
/// or its answer waits `write_timeout` on a client that does not read.
async fn run(listener: TcpListener, app: axum::Router, limits: Limits) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        // Waiting for a free slot first leaves further clients in the
        // kernel's listen queue, costing the app nothing.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            _ = &mut ctrl_c => break,
        };
        let Ok(permit) = permit else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait a little, not spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut ctrl_c => break,
        };
        let _ = stream.set_nodelay(true);
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.write_timeout));
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(
                TokioIo::new(Box::pin(stream)),
                TowerToHyperService::new(AddExtension::new(app.clone(), ClientAddr(peer.ip()))),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection closed: {e}");
            }
            drop(permit);
        });
    }
    // Ctrl-C: answer the requests under way, for at most a few seconds.
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}
