//! The findings of issue 19, each played against the real server (or the
//! real binary): an open redirect, anonymous visits that wrote sessions,
//! stalled connections held for ever, weak password hashes, a start that
//! seeded a database it could not serve, `--help` failing, no request log,
//! the static directory's bare 404, the length rule and its message, and a
//! huge title echoed back whole.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{config, scratch, start, Client};
use webapp::{Config, Limits};

fn server_with(tag: &str, set: impl FnOnce(&mut Limits)) -> (String, PathBuf) {
    let db = scratch(tag).join("app.sqlite3");
    let mut cfg = config(db.clone());
    set(&mut cfg.limits);
    (start(cfg), db)
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Writes `request` on a new connection and reads until the server closes
/// it or `wait` passes: (what was read, closed by the server).
fn raw(base: &str, request: &[u8], wait: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    stream.write_all(request).unwrap();
    read_until_closed(&mut stream, wait)
}

fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> (String, bool) {
    let deadline = Instant::now() + wait;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return (String::from_utf8_lossy(&got).into(), false);
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return (String::from_utf8_lossy(&got).into(), false)
            }
            Err(_) => return (String::from_utf8_lossy(&got).into(), true),
        }
    }
}

// ---------------------------------------------------------------- security

#[test]
fn login_never_redirects_off_the_site() {
    let (base, _) = server_with("redirect", |_| {});
    // `/%09/evil.host/` in the form is `/<tab>/evil.host/`; browsers drop
    // the tab and go to //evil.host/.
    for next in [
        "/\t/evil.host/",
        "/\n/evil.host/",
        "/\\evil.host/",
        "//evil.host/",
        "https://evil.host/",
        "evil.host",
    ] {
        let mut c = Client::new(&base);
        let r = c.login_to("ada", "lovelace", next);
        assert_eq!(r.status, 303, "{next:?}");
        assert_eq!(r.header("location"), Some("/tasks"), "{next:?}");
    }
    let mut c = Client::new(&base);
    let r = c.login_to("ada", "lovelace", "/tasks/print");
    assert_eq!(
        r.header("location"),
        Some("/tasks/print"),
        "a path here is kept"
    );
}

#[test]
fn anonymous_visitors_write_nothing_to_the_database() {
    let (base, db) = server_with("anonymous", |_| {});
    Client::new(&base).get("/");
    let wal = db.with_extension("sqlite3-wal");
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let before = (size(&db), size(&wal));
    for i in 0..20 {
        let mut c = Client::new(&base);
        for path in [
            "/",
            "/login",
            "/tasks",
            "/tasks/print",
            "/nope",
            "/login?next=/x",
        ] {
            c.get(path);
        }
        // A failed login is anonymous too (a name of its own each time,
        // under the throttle's free failures).
        let token = c.get("/login").csrf();
        let name = format!("ada{i}");
        let r = c.post(
            "/login",
            &[
                ("csrfmiddlewaretoken", &token),
                ("username", &name),
                ("password", "wrong"),
            ],
        );
        assert_eq!(r.status, 422);
    }
    assert_eq!(count(&db, "SELECT count(*) FROM sessions"), 0);
    assert_eq!((size(&db), size(&wal)), before, "the files did not grow");
}

#[test]
fn the_anonymous_token_is_signed() {
    let (base, _) = server_with("signed", |_| {});
    let mut c = Client::new(&base);
    c.get("/login");
    // A cookie the app did not sign carries no token, whatever the form says.
    c.cookies.insert("csrf".into(), "forged".into());
    let r = c.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", "forged"),
            ("username", "ada"),
            ("password", "lovelace"),
        ],
    );
    assert_eq!(r.status, 403);
}

fn percent_decode(text: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            out.push(u8::from_str_radix(&hex, 16).expect("a %XX escape"));
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn a_signed_value_moved_to_the_other_cookie_is_refused() {
    let (base, _) = server_with("cookie-names", |_| {});
    // A member's signed `sid` cookie, sent as the `csrf` cookie with the
    // value it signs as the form's token: were signatures not bound to
    // the cookie's name, the pair would pass the CSRF check.
    let mut member = Client::new(&base);
    member.login("ada", "lovelace");
    let signed = member.session().cloned().expect("a session cookie");
    // The cookie crate writes the base64 HMAC-SHA256 (44 characters), then
    // the value; the cookie carries it percent-encoded.
    let decoded = percent_decode(&signed);
    let value = decoded.get(44..).expect("a signed value");
    let token = value.strip_prefix("sid:").unwrap_or(value);
    let mut thief = Client::new(&base);
    thief.cookies.insert("csrf".into(), signed.clone());
    let r = thief.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", token),
            ("username", "ada"),
            ("password", "lovelace"),
        ],
    );
    assert_eq!(r.status, 403);
}

#[test]
fn a_version_2_database_keeps_its_members_and_ends_its_sessions() {
    let dir = scratch("schema-2");
    let db = dir.join("app.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
                 name TEXT NOT NULL, password_hash TEXT NOT NULL, joined TEXT NOT NULL);
             CREATE TABLE sessions (id TEXT PRIMARY KEY, csrf TEXT NOT NULL,
                 user_id INTEGER NOT NULL REFERENCES users(id),
                 created TEXT NOT NULL DEFAULT (datetime('now')));
             INSERT INTO users VALUES (7, 'old', 'Old Member', 'x', '2024-01-01');
             INSERT INTO sessions (id, csrf, user_id) VALUES ('s', 't', 7);
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let base = start(config(db.clone()));
    Client::new(&base).get("/");
    assert_eq!(
        count(&db, "SELECT count(*) FROM users WHERE username = 'old'"),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM sessions"), 0);
    assert_eq!(count(&db, "PRAGMA user_version"), 3);
}

#[test]
fn sessions_expire_while_the_app_runs() {
    let (base, db) = server_with("sweep", |l| l.session_sweep = Duration::from_millis(100));
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    assert_eq!(count(&db, "SELECT count(*) FROM sessions"), 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE sessions SET created = datetime('now', '-31 days')",
        [],
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&db, "SELECT count(*) FROM sessions") > 0 {
        assert!(
            Instant::now() < deadline,
            "the expired session is still there"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn passwords_are_hashed_with_argon2id() {
    let (_, db) = server_with("argon2", |_| {});
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"
        ),
        4
    );
}

fn short_timeouts(l: &mut Limits) {
    l.header_timeout = Duration::from_secs(1);
    l.body_timeout = Duration::from_secs(1);
}

#[test]
fn stalled_headers_are_closed() {
    let (base, _) = server_with("headers", short_timeouts);
    let (_, closed) = raw(
        &base,
        b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
        Duration::from_secs(15),
    );
    assert!(closed, "a request stopped in its headers is closed");
    let (_, closed) = raw(&base, b"", Duration::from_secs(15));
    assert!(closed, "a connection that sends nothing is closed");
    // Keep-alive: after one answer, an idle connection is closed too.
    let (got, closed) = raw(
        &base,
        b"GET /static/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n",
        Duration::from_secs(15),
    );
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(closed, "an idle keep-alive connection is closed");
}

/// A client that sends many requests and then stops reading its answers
/// is closed once the server's writes make no progress for
/// `write_timeout`: it does not hold its connection (and a slot) for ever.
#[test]
fn clients_that_stop_reading_are_closed() {
    let (base, _) = server_with("slow-reader", |l| {
        l.write_timeout = Duration::from_secs(1);
        l.header_timeout = Duration::from_secs(60);
    });
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    let requests = 20_000;
    let mut writer = stream.try_clone().unwrap();
    // Far more answers than the socket buffers hold; the writer thread
    // ends when the server stops reading or closes.
    let sending = std::thread::spawn(move || {
        let one = b"GET /static/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n";
        for _ in 0..requests {
            if writer.write_all(one).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_secs(4));
    // Now read what was sent before the server gave up: it stops short.
    let (got, closed) = read_until_closed(&mut stream, Duration::from_secs(20));
    let _ = sending.join();
    let answers = got.matches("HTTP/1.1 200").count();
    assert!(closed, "the connection is closed");
    assert!(
        answers < requests,
        "all {answers} answers were written: the stalled writes never timed out"
    );
}

#[test]
fn announced_bodies_that_never_come_are_refused_or_closed() {
    let (base, _) = server_with("bodies", short_timeouts);
    let (got, closed) = raw(
        &base,
        b"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 52428800\r\n\r\n",
        Duration::from_secs(15),
    );
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert!(closed);
    let (got, closed) = raw(
        &base,
        b"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=",
        Duration::from_secs(15),
    );
    assert!(closed, "a body that stops is closed: {got}");
    assert!(!got.contains(" 200 ") && !got.contains(" 303 "), "{got}");
}

#[test]
fn connections_beyond_the_limit_wait_their_turn() {
    let (base, _) = server_with("connections", |l| {
        l.max_connections = 2;
        l.header_timeout = Duration::from_secs(60);
    });
    let addr = base.trim_start_matches("http://");
    let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(addr).unwrap()).collect();
    // Both slots taken: the third is accepted by the kernel, not served.
    let mut third = TcpStream::connect(addr).unwrap();
    third
        .write_all(
            b"GET /static/style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let (got, _) = read_until_closed(&mut third, Duration::from_millis(500));
    assert_eq!(got, "", "served while two connections held both slots");
    drop(idle);
    let (got, closed) = read_until_closed(&mut third, Duration::from_secs(15));
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(closed);
}

// -------------------------------------------------------------- operations

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_webapp"))
}

#[test]
fn help_explains_flags_and_variables_and_exits_0() {
    let out = binary().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for word in [
        "--port",
        "PORT",
        "--db",
        "DATABASE",
        "--templates",
        "TEMPLATES",
        "--static",
        "STATIC",
        "--reload",
        "RELOAD",
        "--debug",
        "DEBUG",
        "RUST_LOG",
    ] {
        assert!(help.contains(word), "{word} in\n{help}");
    }
}

#[test]
fn a_start_that_cannot_listen_creates_no_database() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let db = scratch("taken").join("never.sqlite3");
    let out = binary()
        .args(["--port", &port, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen"));
    assert!(!db.exists(), "no database for a server that never ran");
}

#[test]
fn every_request_is_logged_on_one_line() {
    use std::io::{BufRead, BufReader};
    let db = scratch("log").join("log.sqlite3");
    let mut child = binary()
        .args(["--port", "0", "--db"])
        .arg(&db)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect(&line)
        .trim_end_matches('/')
        .to_string();
    let mut c = Client::new(&url);
    assert_eq!(c.get("/").status, 200);
    assert_eq!(c.get("/no/such/page").status, 404);
    child.kill().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    child.wait().unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("uri=")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("method=GET") && lines[0].contains("uri=/ "),
        "{log}"
    );
    assert!(lines[0].contains("status=200"), "{log}");
    assert!(
        lines[1].contains("uri=/no/such/page") && lines[1].contains("status=404"),
        "{log}"
    );
}

#[test]
fn a_missing_static_file_from_a_directory_gets_the_404_page() {
    let mut cfg = config(scratch("static404").join("db.sqlite3"));
    cfg.static_dir = Some(Config::source_dir("static"));
    let mut c = Client::new(&start(cfg));
    let r = c.get("/static/nope.css");
    assert_eq!(r.status, 404);
    assert!(
        r.body
            .contains("There is no page at <code>/static/nope.css</code>"),
        "{}",
        r.body
    );
}

#[test]
fn a_static_directory_serves_no_hidden_file_and_no_directory_redirect() {
    let dir = scratch("statichidden").join("static");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join("shown.css"), "p{}").unwrap();
    std::fs::write(dir.join(".env"), "SECRET=1").unwrap();
    std::fs::write(dir.join(".git/config"), "[core]").unwrap();
    let mut cfg = config(scratch("statichidden").join("db.sqlite3"));
    cfg.static_dir = Some(dir);
    let base = start(cfg);
    let mut c = Client::new(&base);
    assert_eq!(c.get("/static/shown.css").status, 200);
    for path in [
        "/static/.env",
        "/static/.git/config",
        "/static/%2egit/config",
        "/static/sub",
        "/static/sub/",
    ] {
        let r = c.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("SECRET") && !r.body.contains("[core]"));
    }
    // `//evil.example` as a directory name must not come back as a
    // protocol-relative `Location`.
    let (got, _) = raw(
        &base,
        b"GET /static//sub HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert!(got.starts_with("HTTP/1.1 404"), "{got}");
    assert!(!got.to_ascii_lowercase().contains("location:"), "{got}");
}

// ------------------------------------------------------------------- looks

#[test]
fn the_length_rule_and_its_message_agree() {
    let (base, _) = server_with("length", |_| {});
    let mut c = Client::new(&base);
    c.login("alan", "turing");
    let token = c.get("/tasks").csrf();
    let r = c.post(
        "/tasks",
        &[("csrfmiddlewaretoken", &token), ("title", &"y".repeat(120))],
    );
    assert_eq!(r.status, 303, "120 characters are accepted");
    let r = c.post(
        "/tasks",
        &[("csrfmiddlewaretoken", &token), ("title", &"z".repeat(121))],
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("Please keep it to 120 characters or fewer (this one has 121)."),
        "{}",
        r.body
    );
}

#[test]
fn a_huge_title_is_not_echoed_back_whole() {
    let (base, _) = server_with("huge", |_| {});
    let mut c = Client::new(&base);
    c.login("alan", "turing");
    let token = c.get("/tasks").csrf();
    let r = c.post(
        "/tasks",
        &[
            ("csrfmiddlewaretoken", &token),
            ("title", &"x".repeat(10_000)),
        ],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("(this one has 10000)"));
    assert!(r.body.contains(&format!("value=\"{}\"", "x".repeat(120))));
    assert!(
        !r.body.contains(&"x".repeat(121)),
        "echoed beyond the limit"
    );
    assert!(r.body.len() < 8_000, "{} bytes", r.body.len());
    // A refused login does not echo a huge user name either.
    let mut stranger = Client::new(&base);
    let token = stranger.get("/login").csrf();
    let r = stranger.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", &"u".repeat(10_000)),
            ("password", "x"),
        ],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains(&format!("value=\"{}\"", "u".repeat(64))));
    assert!(!r.body.contains(&"u".repeat(65)), "echoed beyond the limit");
    // A mebibyte is refused from its Content-Length, before it is read.
    let cookies: Vec<String> = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let head = format!(
        "POST /tasks HTTP/1.1\r\nHost: localhost\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        cookies.join("; "),
        1 << 20
    );
    let (got, _) = raw(&base, head.as_bytes(), Duration::from_secs(15));
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
}

// ------------------------------------------------ the pentest's findings

#[test]
fn failed_logins_are_throttled_per_name() {
    let (base, _) = server_with("throttle", |_| {});
    let mut c = Client::new(&base);
    let token = c.get("/login").csrf();
    let attempt = |c: &mut Client, user: &str, password: &str| {
        c.post(
            "/login",
            &[
                ("csrfmiddlewaretoken", &token),
                ("username", user),
                ("password", password),
            ],
        )
    };
    for _ in 0..webapp::throttle::FREE_FAILURES {
        assert_eq!(attempt(&mut c, "ada", "wrong").status, 422);
    }
    // Now even the right password waits for the window's end.
    let refused = attempt(&mut c, "Ada", "lovelace");
    assert_eq!(refused.status, 429);
    assert!(refused
        .header("retry-after")
        .is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    assert!(
        refused.body.contains("Too many failed logins"),
        "{}",
        refused.body
    );
    // Another member is not locked out by it.
    assert_eq!(attempt(&mut c, "grace", "hopper").status, 303);
}

#[test]
fn a_stranger_cannot_lock_a_member_out_of_a_browser_they_logged_in_from() {
    let (base, _) = server_with("device", |_| {});
    // The member logged in from this browser before, and logged out.
    let mut member = Client::new(&base);
    assert_eq!(member.login("ada", "lovelace").status, 303);
    assert!(member.cookies.contains_key("device"));
    let token = member.get("/tasks").csrf();
    member.post("/logout", &[("csrfmiddlewaretoken", &token)]);
    // A stranger uses up the name's free tries.
    let mut stranger = Client::new(&base);
    for _ in 0..webapp::throttle::FREE_FAILURES {
        assert_eq!(stranger.login("ada", "guess").status, 422);
    }
    assert_eq!(stranger.login("ada", "lovelace").status, 429);
    // The member's browser is not refused for it...
    assert_eq!(member.login("ada", "lovelace").status, 303);
    // ...but its device cookie does not help with another name, nor moved
    // to another name by hand (it is signed).
    let mut thief = Client::new(&base);
    thief
        .cookies
        .insert("device".into(), member.cookies["device"].clone());
    assert_eq!(
        thief.login("ada", "lovelace").status,
        303,
        "the same browser"
    );
    let mut forged = Client::new(&base);
    let cookie = member.cookies["device"].replace("ada", "grace");
    forged.cookies.insert("device".into(), cookie);
    for _ in 0..webapp::throttle::FREE_FAILURES {
        assert_eq!(forged.login("grace", "guess").status, 422);
    }
    assert_eq!(forged.login("grace", "hopper").status, 429);
    // A known device that keeps failing is refused on its own count.
    let mut guesser = Client::new(&base);
    assert_eq!(guesser.login("alan", "turing").status, 303);
    guesser.cookies.remove("sid");
    for _ in 0..webapp::throttle::FREE_FAILURES {
        assert_eq!(guesser.login("alan", "guess").status, 422);
    }
    assert_eq!(guesser.login("alan", "turing").status, 429);
}

#[test]
fn guesses_sprayed_over_many_names_are_throttled_per_client() {
    let (base, _) = server_with("spray", |_| {});
    let mut c = Client::new(&base);
    let token = c.get("/login").csrf();
    // The app listens on loopback: visitors come through a local proxy,
    // which names them in X-Forwarded-For.
    let attempt = |c: &mut Client, from: &str, user: &str, password: &str| {
        c.post_with(
            "/login",
            &[
                ("csrfmiddlewaretoken", &token),
                ("username", user),
                ("password", password),
            ],
            &[("X-Forwarded-For", from)],
        )
    };
    let sprayer = "203.0.113.7";
    // One guess per name stays under every name's limit...
    for i in 0..webapp::throttle::FREE_CLIENT_FAILURES {
        let reply = attempt(&mut c, sprayer, &format!("member{i}"), "password1");
        assert_eq!(reply.status, 422);
    }
    // ...but this client has used its own: even a right password waits.
    let refused = attempt(&mut c, sprayer, "grace", "hopper");
    assert_eq!(refused.status, 429);
    assert!(
        refused.body.contains("from your network"),
        "{}",
        refused.body
    );
    // Another visitor through the same proxy is not locked out.
    assert_eq!(
        attempt(&mut c, "198.51.100.20", "grace", "hopper").status,
        303
    );
}

#[test]
fn a_parallel_burst_of_guesses_gets_only_the_free_tries() {
    let (base, _) = server_with("burst", |_| {});
    let guesses: Vec<_> = (0..16)
        .map(|_| {
            let base = base.clone();
            std::thread::spawn(move || {
                let mut c = Client::new(&base);
                let token = c.get("/login").csrf();
                c.post(
                    "/login",
                    &[
                        ("csrfmiddlewaretoken", &token),
                        ("username", "alan"),
                        ("password", "wrong"),
                    ],
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = guesses.into_iter().map(|g| g.join().unwrap()).collect();
    let checked = statuses.iter().filter(|s| **s == 422).count();
    assert!(
        checked <= webapp::throttle::FREE_FAILURES as usize,
        "{checked} passwords checked: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| matches!(s, 422 | 429 | 503)),
        "{statuses:?}"
    );
}

#[test]
fn pages_carry_the_security_headers_and_are_not_cached() {
    let (base, _) = server_with("headers", |_| {});
    let mut c = Client::new(&base);
    for path in ["/", "/login", "/nope", "/static/style.css"] {
        let r = c.get(path);
        assert_eq!(
            r.header("content-security-policy"),
            Some(webapp::hardening::CONTENT_SECURITY_POLICY_VALUE),
            "{path}"
        );
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("same-origin"), "{path}");
    }
    for path in ["/", "/login", "/nope"] {
        let r = c.get(path);
        assert!(
            r.header("cache-control")
                .is_some_and(|v| v.contains("no-store")),
            "{path}"
        );
    }
}

#[test]
fn a_foreign_host_is_refused_while_listening_on_loopback() {
    let (base, _) = server_with("host", |_| {});
    let mut c = Client::new(&base);
    let r = c.get_with("/", &[("Host", "rebind.attacker.example")]);
    assert_eq!(r.status, 421);
    assert!(!r.body.contains("csrfmiddlewaretoken"));
    assert_eq!(c.get_with("/", &[("Host", "localhost")]).status, 200);
}

#[test]
fn a_missing_repeated_or_malformed_host_is_a_bad_request() {
    let (base, _) = server_with("badhost", |_| {});
    for request in [
        &b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: l\xf6calhost\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: user@localhost\r\nConnection: close\r\n\r\n",
    ] {
        let (got, _) = raw(&base, request, Duration::from_secs(10));
        assert!(got.starts_with("HTTP/1.1 400"), "{got}");
        assert!(!got.contains("csrfmiddlewaretoken"), "{got}");
    }
    // HTTP/1.0 may leave the Host out.
    let (got, _) = raw(&base, b"GET / HTTP/1.0\r\n\r\n", Duration::from_secs(10));
    assert!(got.starts_with("HTTP/1.0 200"), "{got}");
    // A port that is no port.
    let (got, _) = raw(
        &base,
        b"GET / HTTP/1.1\r\nHost: localhost:99999\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert!(got.starts_with("HTTP/1.1 400"), "{got}");
    // An absolute target names its host first.
    for request in [
        &b"GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"[..],
        b"GET http://evil.example/ HTTP/1.0\r\n\r\n",
    ] {
        let (got, _) = raw(&base, request, Duration::from_secs(10));
        assert!(got.contains(" 421 "), "{got}");
    }
    // The body limit's answer comes after the Host check and carries the
    // security headers.
    let (got, _) = raw(
        &base,
        b"POST /login HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert!(got.starts_with("HTTP/1.1 421"), "{got}");
    let (got, _) = raw(
        &base,
        b"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert!(
        got.to_ascii_lowercase()
            .contains("content-security-policy:"),
        "{got}"
    );
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (base, db) = server_with("mode", |_| {});
    let mut c = Client::new(&base);
    c.login_to("ada", "lovelace", "/tasks");
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{suffix}");
        }
    }
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_full_list_takes_no_more_tasks() {
    let (base, db) = server_with("full", |_| {});
    let mut c = Client::new(&base);
    c.login_to("ada", "lovelace", "/tasks");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let id: i64 = conn
            .query_row("SELECT id FROM users WHERE username = 'ada'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let existing: i64 = count(&db, "SELECT count(*) FROM tasks WHERE user_id = (SELECT id FROM users WHERE username = 'ada')");
        for i in existing..webapp::routes::MAX_TASKS as i64 {
            conn.execute(
                "INSERT INTO tasks (user_id, title) VALUES (?1, ?2)",
                rusqlite::params![id, format!("filler {i}")],
            )
            .unwrap();
        }
    }
    let token = c.get("/tasks").csrf();
    let r = c.post(
        "/tasks",
        &[("csrfmiddlewaretoken", &token), ("title", "one more")],
    );
    assert!(r.body.contains("Your list is full"), "{}", r.status);
    assert_eq!(
        count(&db, "SELECT count(*) FROM tasks WHERE title = 'one more'"),
        0
    );
}
