//! The example web app's binary: flags (clap, each with its environment
//! variable), the log (tracing: one line per request on stderr, `RUST_LOG`
//! to change what is shown), then [`webapp::serve`]. `webapp --help` lists
//! everything.

use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::Parser;
use tracing_subscriber::EnvFilter;
use webapp::{Config, Limits, TemplateSource};

/// jemalloc, which returns freed memory to the system (see Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The example web app: a shared shopping list on axum, with djula
/// templates, spinneret widgets and SQLite.
///
/// Debug builds read templates/ and static/ from the crate with template
/// reload and djula's debug page on; release builds use the copies
/// embedded at build time. Log in as ada / lovelace.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Flags set on the command line win over the environment. RUST_LOG sets what is logged (default: info, one line per request)."
)]
struct Args {
    /// Port to listen on, on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 4242)]
    port: u16,

    /// The SQLite file, created and seeded with demo members on first start.
    #[arg(
        long,
        env = "DATABASE",
        value_name = "FILE",
        default_value = "webapp.sqlite3"
    )]
    db: PathBuf,

    /// Read templates from DIR instead of the embedded copies
    /// (debug builds: the crate's templates/).
    #[arg(long, env = "TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Serve /static/ from DIR instead of the embedded copy
    /// (debug builds: the crate's static/).
    #[arg(long = "static", env = "STATIC", value_name = "DIR")]
    static_dir: Option<PathBuf>,

    /// Recompile a template when its file changes (templates read from
    /// files: --templates, or a debug build): --reload, --reload=false, RELOAD=0.
    #[arg(long, env = "RELOAD", value_name = "BOOL", num_args = 0..=1,
          default_value = "true", default_missing_value = "true",
          value_parser = BoolishValueParser::new())]
    reload: bool,

    /// Show djula's debug page on template errors [default: on in debug
    /// builds]: --debug, --debug=false, DEBUG=1.
    #[arg(long, env = "DEBUG", value_name = "BOOL", num_args = 0..=1,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    debug: Option<bool>,

    /// Most connections served at once (more wait in the listen queue).
    #[arg(long, env = "MAX_CONNECTIONS", value_name = "N", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
}

impl Args {
    fn config(self) -> Config {
        let dev = cfg!(debug_assertions);
        // The embedded templates read the crate's templates/ in debug builds.
        let templates = match self.templates {
            Some(dir) => TemplateSource::Directory(dir),
            None => TemplateSource::Embedded,
        };
        Config {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)),
            db: self.db,
            templates,
            reload: self.reload,
            debug: self.debug.unwrap_or(dev),
            static_dir: self
                .static_dir
                .or_else(|| dev.then(|| Config::source_dir("static"))),
            limits: Limits {
                max_connections: self.max_connections,
                ..Limits::default()
            },
        }
    }
}

fn main() {
    // Bad flags: clap prints why and the usage, and exits with status 2.
    let config = Args::parse().config();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("webapp: cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    let db = config.db.clone();
    let reload = config.templates.reads_disk() && config.reload;
    let result = runtime.block_on(webapp::serve(config, |addr| {
        println!(
            "webapp: listening on http://{addr}/ (database {}, template reload {})",
            db.display(),
            if reload { "on" } else { "off" }
        );
    }));
    if let Err(msg) = result {
        eprintln!("webapp: {msg}");
        std::process::exit(1);
    }
}
