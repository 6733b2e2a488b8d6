//! `webapp [--port N] [--db FILE] [--templates DIR] [--reload|--no-reload] [--debug|--no-debug] [--static DIR]`
//!
//! Environment: `PORT`, `DATABASE`, `TEMPLATES`, `RELOAD=1|0`, `DEBUG=1|0`.
//! Debug builds read `templates/` from the crate with reload and the debug
//! page on; release builds use the templates embedded at build time.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use webapp::{Config, TemplateSource};

fn main() {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("webapp: {msg}\n\nusage: webapp [--port N] [--db FILE] [--templates DIR] [--reload|--no-reload] [--debug|--no-debug] [--static DIR]");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("webapp: cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    let db = config.db.clone();
    let reload = matches!(config.templates, TemplateSource::Directory(_)) && config.reload;
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

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let flag = |k: &str| env(k).map(|v| v != "0" && v != "false");
    let mut port: u16 = match env("PORT") {
        Some(p) => p
            .parse()
            .map_err(|_| format!("PORT={p} is not a port number"))?,
        None => 4242,
    };
    let mut db = PathBuf::from(env("DATABASE").unwrap_or_else(|| "webapp.sqlite3".into()));
    let dev = cfg!(debug_assertions);
    let mut templates = match env("TEMPLATES") {
        Some(dir) => TemplateSource::Directory(dir.into()),
        None if dev => TemplateSource::Directory(Config::source_dir("templates")),
        None => TemplateSource::Embedded,
    };
    let mut reload = flag("RELOAD").unwrap_or(true);
    let mut debug = flag("DEBUG").unwrap_or(dev);
    let mut static_dir = dev.then(|| Config::source_dir("static"));
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                let v = value("--port")?;
                port = v
                    .parse()
                    .map_err(|_| format!("--port {v}: not a port number"))?;
            }
            "--db" => db = value("--db")?.into(),
            "--templates" => templates = TemplateSource::Directory(value("--templates")?.into()),
            "--static" => static_dir = Some(value("--static")?.into()),
            "--reload" => reload = true,
            "--no-reload" => reload = false,
            "--debug" => debug = true,
            "--no-debug" => debug = false,
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(Config {
        addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        db,
        templates,
        reload,
        debug,
        static_dir,
    })
}
