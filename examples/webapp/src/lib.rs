//! The example web app: a shared shopping/task list in the style of the
//! Common Lisp cookbook's web examples, on axum.
//!
//! - `templates.rs`: the djula engine, built at start-up (custom filters
//!   from `filters.rs` registered, every template compiled), embedded in
//!   the binary or read from a directory with development reload.
//! - `widgets.rs`: spinneret widgets (task rows) and the printable page
//!   built with `with_page!`.
//! - `db.rs`: SQLite (members, tasks, sessions).
//! - `routes.rs`: the handlers, the session cookie, CSRF checks and the
//!   `with_logged_in` guard.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod db;
pub mod filters;
pub mod routes;
pub mod templates;
pub mod widgets;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Rebuild the engine when a template file changes (directory only).
    pub reload: bool,
    /// Djula's debug page on render errors.
    pub debug: bool,
    /// Serve `/static/` from this directory instead of the embedded copy.
    pub static_dir: Option<PathBuf>,
}

impl Config {
    /// The crate's own `templates/` and `static/` directories (for
    /// development and tests).
    pub fn source_dir(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
    }
}

/// Opens the database, builds the engine and the router.
pub fn build(config: &Config) -> Result<axum::Router, String> {
    let db = db::Db::open(&config.db)
        .map_err(|e| format!("cannot open the database {}: {e}", config.db.display()))?;
    let templates =
        templates::Templates::new(config.templates.clone(), config.debug, config.reload)
            .map_err(|e| format!("the templates do not compile:\n{e}"))?;
    let state = Arc::new(AppState { db, templates });
    Ok(router(state, config.static_dir.clone()))
}

/// Binds `config.addr` and serves until the process ends; `ready` gets
/// the bound address first.
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let app = build(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    ready(addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
