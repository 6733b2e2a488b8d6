//! A server on an ephemeral port and a small HTTP client with a cookie jar.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use webapp::{Config, Limits, TemplateSource};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh scratch directory under the system temp dir.
pub fn scratch(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("webapp-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the crate's templates into `dir`.
pub fn copy_templates(dir: &Path) {
    for entry in std::fs::read_dir(Config::source_dir("templates")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
}

/// The default test configuration: embedded templates and static files.
pub fn config(db: PathBuf) -> Config {
    Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        db,
        templates: TemplateSource::Embedded,
        reload: false,
        debug: false,
        static_dir: None,
        limits: Limits::default(),
    }
}

/// Starts the app on its own thread and runtime; returns its base URL.
pub fn start(config: Config) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let result = rt.block_on(webapp::serve(config, |addr| tx.send(Ok(addr)).unwrap()));
        if let Err(e) = result {
            let _ = tx.send(Err(e));
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).unwrap().unwrap();
    format!("http://{addr}")
}

/// One HTTP answer.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrfmiddlewaretoken\" value=\"";
        let start = self.body.find(marker).expect("a CSRF field") + marker.len();
        let end = self.body[start..].find('"').unwrap();
        self.body[start..start + end].to_string()
    }
}

/// A browser-like client: keeps its cookies, does not follow redirects.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    /// Cookie name to value.
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_string(),
            agent: ureq::AgentBuilder::new()
                .redirects(0)
                .timeout(Duration::from_secs(30))
                .build(),
            cookies: BTreeMap::new(),
        }
    }

    /// The Cookie header a browser would send.
    fn cookie_header(&self) -> Option<String> {
        (!self.cookies.is_empty()).then(|| {
            self.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// The signed session cookie, if logged in.
    pub fn session(&self) -> Option<&String> {
        self.cookies.get("sid")
    }

    pub fn get(&mut self, path: &str) -> Reply {
        self.get_with(path, &[])
    }

    /// GET with extra request headers (`HX-Request: true`).
    pub fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = self.agent.get(&format!("{}{path}", self.base));
        if let Some(c) = self.cookie_header() {
            req = req.set("Cookie", &c);
        }
        for (name, value) in headers {
            req = req.set(name, value);
        }
        self.finish(req.call())
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.post_with(path, form, &[])
    }

    /// POST with extra request headers (`HX-Request: true`).
    pub fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self.agent.post(&format!("{}{path}", self.base));
        if let Some(c) = self.cookie_header() {
            req = req.set("Cookie", &c);
        }
        for (name, value) in headers {
            req = req.set(name, value);
        }
        self.finish(req.send_form(form))
    }

    fn finish(&mut self, result: Result<ureq::Response, ureq::Error>) -> Reply {
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let status = response.status();
        let headers: Vec<(String, String)> = response
            .headers_names()
            .into_iter()
            .flat_map(|n| {
                response
                    .all(&n)
                    .into_iter()
                    .map(|v| (n.clone(), v.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (name, value) in &headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                let pair = value.split(';').next().unwrap_or_default().trim();
                let (name, v) = pair.split_once('=').unwrap();
                if v.is_empty() || value.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), v.to_string());
                }
            }
        }
        let body = response.into_string().unwrap();
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Posts `body` (already form-encoded) to `path`.
    pub fn post_raw(&mut self, path: &str, body: &str) -> Reply {
        let mut req = self
            .agent
            .post(&format!("{}{path}", self.base))
            .set("Content-Type", "application/x-www-form-urlencoded");
        if let Some(c) = self.cookie_header() {
            req = req.set("Cookie", &c);
        }
        self.finish(req.send_string(body))
    }

    /// Logs in as `user` through the login form.
    pub fn login(&mut self, user: &str, password: &str) -> Reply {
        self.login_to(user, password, "/tasks")
    }

    /// Logs in as `user` through the login form, with `next` as the way on.
    pub fn login_to(&mut self, user: &str, password: &str, next: &str) -> Reply {
        let form = self.get("/login");
        let token = form.csrf();
        self.post(
            "/login",
            &[
                ("csrfmiddlewaretoken", &token),
                ("username", user),
                ("password", password),
                ("next", next),
            ],
        )
    }
}
