//! End to end: the real server on an ephemeral port, driven over HTTP as a
//! browser would (cookies kept, redirects looked at, not followed).

mod common;

use common::{config, copy_templates, scratch, start, Client};
use webapp::{Config, TemplateSource};

/// A server with a fresh database (embedded templates); its URL and database file.
fn server() -> (String, std::path::PathBuf) {
    let dir = scratch("e2e");
    let db = dir.join("app.sqlite3");
    (start(config(db.clone())), db)
}

fn task_id(page: &str, title: &str) -> String {
    let at = page
        .find(&format!("<span class=\"title\">{title}</span>"))
        .expect("task on page");
    let before = &page[..at];
    let marker = "action=\"/tasks/";
    let start = before.rfind(marker).unwrap() + marker.len();
    before[start..].split('/').next().unwrap().to_string()
}

#[test]
fn member_list_extends_base_loops_and_uses_custom_filters() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    let r = c.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.body.starts_with("<!DOCTYPE html>"), "{}", r.body);
    assert!(r.body.contains("<title>Members · Shopping list</title>"));
    for name in [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Edsger Dijkstra",
    ] {
        assert!(r.body.contains(&format!("<td>{name}</td>")), "{name}");
    }
    assert!(
        r.body.contains("<span class=\"avatar\">AL</span>"),
        "initials filter"
    );
    assert!(
        r.body.contains("<td>2 tasks</td>") && r.body.contains("<td>no tasks</td>"),
        "count filter"
    );
    assert!(r.body.contains("4 members share this list."));
    assert!(r.body.contains("href=\"/static/style.css\""), "static tag");
    assert!(c.cookies.is_empty(), "the public page sets no cookie");
}

#[test]
fn static_files_and_404() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    let css = c.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css"));
    assert!(css.body.contains("line-through"));
    assert_eq!(c.get("/static/nope.css").status, 404);
    let r = c.get("/no/such/page");
    assert_eq!(r.status, 404);
    assert!(r
        .body
        .contains("There is no page at <code>/no/such/page</code>"));
}

#[test]
fn static_files_from_a_directory() {
    let dir = scratch("static");
    let mut cfg = config(dir.join("db.sqlite3"));
    cfg.static_dir = Some(Config::source_dir("static"));
    let base = start(cfg);
    let mut c = Client::new(&base);
    let css = c.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.body.contains("line-through"));
    assert_eq!(c.get("/static/nope.css").status, 404);
}

#[test]
fn guard_shows_the_login_page_with_a_message() {
    let (base, _) = server();
    for path in ["/tasks", "/tasks/print"] {
        let mut c = Client::new(&base);
        let r = c.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.body.contains("Please log in to see your tasks."),
            "{path}"
        );
        assert!(
            r.body.contains(&format!("name=\"next\" value=\"{path}\"")),
            "{path}"
        );
        assert!(
            c.cookies.contains_key("csrf") && c.session().is_none(),
            "a signed cookie carries the anonymous visitor's CSRF token"
        );
        assert_eq!(r.header("cache-control"), Some("private, no-store"));
    }
}

#[test]
fn login_good_bad_and_forged() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    let form = c.get("/login");
    assert_eq!(form.status, 200);
    let token = form.csrf();

    let r = c.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", "ada"),
            ("password", "nope"),
        ],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Wrong user name or password."));
    assert!(r.body.contains("value=\"ada\""), "the user name is kept");

    let r = c.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", ""),
            ("password", ""),
        ],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Please give your user name and password."));

    let r = c.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", "forged"),
            ("username", "ada"),
            ("password", "lovelace"),
        ],
    );
    assert_eq!(r.status, 403);
    assert!(r.body.contains("security token"));

    let mut stranger = Client::new(&base);
    let r = stranger.post("/login", &[("username", "ada"), ("password", "lovelace")]);
    assert_eq!(r.status, 403, "no session, no token");

    assert!(c.session().is_none());
    let r = c.post(
        "/login",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", "ada"),
            ("password", "lovelace"),
            ("next", "//evil.example/"),
        ],
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/tasks"),
        "only same-site paths are followed"
    );
    assert!(c.session().is_some(), "a session after login");
    assert!(
        !c.cookies.contains_key("csrf"),
        "the anonymous token is dropped"
    );

    let r = c.get("/tasks");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Ada Lovelace, here is your list"));
    assert!(r
        .body
        .contains("<span class=\"avatar\" title=\"Ada Lovelace\">AL</span>"));
    let r = c.get("/");
    assert!(
        r.body.contains("<tr class=\"me\">"),
        "the member list marks the user"
    );
}

#[test]
fn task_rows_are_spinneret_widgets() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let r = c.get("/tasks");
    assert!(r.body.contains("<ul class=\"tasks\">"), "{}", r.body);
    assert!(
        r.body.contains("<li class=\"task done\""),
        "done rows are marked"
    );
    assert!(r.body.contains(
        "<input type=\"checkbox\" checked aria-label=\"Undo: Write the note on the Analytical Engine\""
    ));
    assert!(r
        .body
        .contains("<input type=\"checkbox\" aria-label=\"Done: Milk\""));
    assert!(r
        .body
        .contains("<span class=\"title\">Eggs &amp; bread</span>"));
    assert!(r.body.contains("2 open tasks of 3 tasks."));
}

#[test]
fn add_task_good_and_bad_input() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("grace", "hopper");
    let token = c.get("/tasks").csrf();

    let r = c.post(
        "/tasks",
        &[
            ("csrfmiddlewaretoken", &token),
            ("title", "  Buy <coffee> & tea  "),
        ],
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/tasks"));
    let page = c.get("/tasks").body;
    assert!(
        page.contains("<span class=\"title\">Buy &lt;coffee&gt; &amp; tea</span>"),
        "{page}"
    );

    let cases: [(&str, &str); 4] = [
        ("", "Please write what to do or buy."),
        ("   ", "Please write what to do or buy."),
        (
            &"x".repeat(121),
            "Please keep it to 120 characters or fewer (this one has 121).",
        ),
        ("find the MOTH", "“find the MOTH” is already on your list."),
    ];
    for (title, message) in cases {
        let r = c.post(
            "/tasks",
            &[("csrfmiddlewaretoken", &token), ("title", title)],
        );
        assert_eq!(r.status, 422, "{title:?}");
        assert!(r.body.contains(message), "{title:?}: {}", r.body);
        assert!(r.body.contains("aria-invalid=\"true\""));
        assert!(
            r.body.contains("Grace Hopper, here is your list"),
            "the form comes back with the list"
        );
    }
    let r = c.post(
        "/tasks",
        &[("csrfmiddlewaretoken", &token), ("title", "line\u{7}bell")],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Please use plain text on one line."));

    let r = c.post("/tasks", &[("title", "no token")]);
    assert_eq!(r.status, 403);
    let r = c.post("/tasks", &[("csrfmiddlewaretoken", &token)]);
    assert_eq!(r.status, 422, "a missing field is bad input, not a crash");
    assert!(!c.get("/tasks").body.contains("no token"));

    let mut anonymous = Client::new(&base);
    let r = anonymous.post("/tasks", &[("title", "sneaky")]);
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Please log in"));
}

#[test]
fn toggle_checks_off_and_back() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let page = c.get("/tasks");
    let token = page.csrf();
    let id = task_id(&page.body, "Milk");

    let r = c.post(
        &format!("/tasks/{id}/toggle"),
        &[("csrfmiddlewaretoken", &token)],
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some(format!("/tasks#task-{id}").as_str())
    );
    let page = c.get("/tasks").body;
    assert!(
        page.contains(&format!("<li class=\"task done\" id=\"task-{id}\">")),
        "{page}"
    );
    assert!(page.contains("<input type=\"checkbox\" checked aria-label=\"Undo: Milk\""));
    assert!(page.contains("1 open task of 3 tasks."));

    c.post(
        &format!("/tasks/{id}/toggle"),
        &[("csrfmiddlewaretoken", &token)],
    );
    assert!(c
        .get("/tasks")
        .body
        .contains(&format!("<li class=\"task\" id=\"task-{id}\">")));

    assert_eq!(
        c.post("/tasks/99999/toggle", &[("csrfmiddlewaretoken", &token)])
            .status,
        404
    );
    assert_eq!(
        c.post("/tasks/abc/toggle", &[("csrfmiddlewaretoken", &token)])
            .status,
        404
    );
    assert_eq!(c.post(&format!("/tasks/{id}/toggle"), &[]).status, 403);

    // Someone else's task is not found for Alan.
    let mut alan = Client::new(&base);
    alan.login("alan", "turing");
    let alan_token = alan.get("/tasks").csrf();
    let r = alan.post(
        &format!("/tasks/{id}/toggle"),
        &[("csrfmiddlewaretoken", &alan_token)],
    );
    assert_eq!(r.status, 404);
}

/// htmx's request header: asks for a fragment instead of the page.
const HX: &[(&str, &str)] = &[("HX-Request", "true")];

#[test]
fn htmx_requests_get_the_task_list_block_alone() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let page = c.get("/tasks");
    assert_eq!(page.header("vary"), Some("HX-Request"));
    assert!(page
        .body
        .contains("<script src=\"/static/fragments.js\" defer></script>"));
    let token = page.csrf();
    let id = task_id(&page.body, "Milk");

    // GET /tasks: the block `tasks` of tasks.html, the same HTML as in the page.
    let fragment = c.get_with("/tasks", HX);
    assert_eq!(fragment.status, 200, "{}", fragment.body);
    assert_eq!(fragment.header("vary"), Some("HX-Request"));
    assert_eq!(fragment.header("cache-control"), Some("private, no-store"));
    assert!(
        fragment
            .header("content-type")
            .unwrap()
            .starts_with("text/html"),
        "{:?}",
        fragment.headers
    );
    assert!(
        fragment
            .body
            .starts_with("<div id=\"tasks\" data-fragment>"),
        "{}",
        fragment.body
    );
    assert!(fragment.body.ends_with("</div>"), "{}", fragment.body);
    assert!(
        page.body.contains(&fragment.body),
        "the page holds the fragment as is"
    );
    assert!(
        !fragment.body.contains("<html")
            && !fragment
                .body
                .contains("<form method=\"post\" action=\"/tasks\"")
    );
    assert!(fragment.body.contains("2 open tasks of 3 tasks."));

    // Ticking a task off: the new list instead of a redirect.
    let r = c.post_with(
        &format!("/tasks/{id}/toggle"),
        &[("csrfmiddlewaretoken", &token)],
        HX,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("location"), None);
    assert!(
        r.body.starts_with("<div id=\"tasks\" data-fragment>"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains(&format!("<li class=\"task done\" id=\"task-{id}\">")),
        "{}",
        r.body
    );
    assert!(r.body.contains("1 open task of 3 tasks."));
    assert_eq!(r.body, c.get_with("/tasks", HX).body, "the stored state");
    // Without the header, the same form still redirects.
    let r = c.post(
        &format!("/tasks/{id}/toggle"),
        &[("csrfmiddlewaretoken", &token)],
    );
    assert_eq!(r.status, 303);

    // The checks stay: a forged form and a missing task are the usual pages
    // (the script then submits the form as usual and shows them).
    let r = c.post_with(&format!("/tasks/{id}/toggle"), &[], HX);
    assert_eq!(r.status, 403);
    let r = c.post_with(
        "/tasks/99999/toggle",
        &[("csrfmiddlewaretoken", &token)],
        HX,
    );
    assert_eq!(r.status, 404);

    // Logged out: no fragment, but the order to reload (the page then
    // shows the login form).
    let mut anonymous = Client::new(&base);
    for r in [
        anonymous.get_with("/tasks", HX),
        anonymous.post_with(&format!("/tasks/{id}/toggle"), &[], HX),
    ] {
        assert_eq!(r.status, 200);
        assert_eq!(r.header("hx-refresh"), Some("true"));
        assert_eq!(r.body, "");
    }
    assert!(anonymous.get("/tasks").body.contains("Please log in"));
}

#[test]
fn printable_page_is_built_with_with_page() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let r = c.get("/tasks/print");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r
        .body
        .starts_with("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\">"));
    assert!(r.body.contains("<title>Ada Lovelace&#x27;s list</title>"));
    assert!(r.body.contains("Ada Lovelace, here is your shopping list:"));
    assert!(r.body.contains("<li>Eggs &amp; bread</li>"));
    assert!(
        !r.body.contains("Analytical Engine"),
        "done tasks are not printed"
    );
}

#[test]
fn logout_ends_the_session() {
    let (base, _) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let session = c.cookies.clone();
    let token = c.get("/tasks").csrf();
    assert_eq!(
        c.post("/logout", &[("csrfmiddlewaretoken", "bad")]).status,
        403
    );
    let r = c.post("/logout", &[("csrfmiddlewaretoken", &token)]);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    assert!(c.session().is_none(), "the cookie is cleared");
    assert!(c.get("/").body.contains("href=\"/login\""));
    // The old cookie is worthless now.
    c.cookies = session;
    assert!(c
        .get("/tasks")
        .body
        .contains("Please log in to see your tasks."));
}

#[test]
fn data_survives_a_restart() {
    let dir = scratch("restart");
    let db = dir.join("keep.sqlite3");
    {
        let mut c = Client::new(&start(config(db.clone())));
        c.login("edsger", "dijkstra");
        let token = c.get("/tasks").csrf();
        assert_eq!(
            c.post(
                "/tasks",
                &[
                    ("csrfmiddlewaretoken", &token),
                    ("title", "Shortest path home")
                ]
            )
            .status,
            303
        );
    }
    let mut c = Client::new(&start(config(db)));
    c.login("edsger", "dijkstra");
    assert!(c.get("/tasks").body.contains("Shortest path home"));
}

fn dev_server(debug: bool) -> (String, std::path::PathBuf) {
    let dir = scratch("dev");
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    copy_templates(&templates);
    let mut cfg = config(dir.join("db.sqlite3"));
    cfg.templates = TemplateSource::Directory(templates.clone());
    cfg.reload = true;
    cfg.debug = debug;
    (start(cfg), templates)
}

/// Writes a file with a later mtime than the one it replaces, even on
/// file systems with coarse timestamps (the size changes too).
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn reload_shows_edits_and_keeps_the_last_good_version() {
    let (base, templates) = dev_server(true);
    let mut c = Client::new(&base);
    assert!(c.get("/").body.contains("<h1>Members</h1>"));

    // Edit the page itself, then the base it extends.
    edit(
        &templates.join("members.html"),
        "<h1>Members</h1>",
        "<h1>Our members</h1>",
    );
    assert!(c.get("/").body.contains("<h1>Our members</h1>"));
    edit(
        &templates.join("base.html"),
        "Rendered by djula",
        "Made with djula",
    );
    assert!(c.get("/").body.contains("Made with djula"));

    // A broken edit keeps the last good version serving.
    edit(
        &templates.join("members.html"),
        "{% endfor %}",
        "{% endfro %}",
    );
    let r = c.get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<h1>Our members</h1>"));

    // Fixed again: shows at once.
    edit(
        &templates.join("members.html"),
        "{% endfro %}",
        "{% endfor %}",
    );
    edit(
        &templates.join("members.html"),
        "<h1>Our members</h1>",
        "<h1>Members again</h1>",
    );
    assert!(c.get("/").body.contains("<h1>Members again</h1>"));
}

#[test]
fn render_error_shows_the_debug_page_in_development() {
    let (base, templates) = dev_server(true);
    let mut c = Client::new(&base);
    edit(
        &templates.join("members.html"),
        "{{ members|length|count:\"member\" }}",
        "{{ members|count }}",
    );
    let r = c.get("/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("<h1>Template error</h1>"), "{}", r.body);
    // The line is right; the template name is base.html for now (djula
    // places render errors inside inherited blocks in the parent).
    assert!(r.body.contains("</code>, line 5, column "), "{}", r.body);
    assert!(
        r.body
            .contains("<tr class=\"error\"><td class=\"n\">5</td>"),
        "the failing line is marked"
    );
    assert!(
        r.body
            .contains("filter &#x27;count&#x27;: its input must be an integer"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("<li><code>members</code></li>"),
        "context keys"
    );
}

#[test]
fn render_error_is_a_plain_page_in_production() {
    let (base, templates) = dev_server(false);
    let mut c = Client::new(&base);
    edit(
        &templates.join("members.html"),
        "{{ members|length|count:\"member\" }}",
        "{{ members|count }}",
    );
    let r = c.get("/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("Sorry, this page could not be shown."));
    assert!(
        !r.body.contains("members.html") && !r.body.contains("count"),
        "{}",
        r.body
    );
}

#[test]
fn the_binary_listens_where_told_and_prints_its_url() {
    use std::io::{BufRead, BufReader};
    let dir = scratch("bin");
    let db = dir.join("bin.sqlite3");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_webapp"))
        .args(["--port", "0", "--db"])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect(&line);
    let r = Client::new(url.trim_end_matches('/')).get("/");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Ada Lovelace"));
    assert!(db.exists(), "the database file is created on first start");
}

#[test]
fn bad_arguments_are_refused() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_webapp"))
        .args(["--port", "notaport"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid value 'notaport' for '--port <PORT>'"),
        "{stderr}"
    );
}

#[test]
fn sessions_end_after_eight_idle_hours() {
    let (base, db) = server();
    let mut c = Client::new(&base);
    c.login("ada", "lovelace");
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Used seven hours ago: still live, and its last use becomes now.
    conn.execute(
        "UPDATE sessions SET last_seen = datetime('now', '-7 hours')",
        [],
    )
    .unwrap();
    assert!(c.get("/tasks").body.contains("here is your list"));
    let fresh: i64 = conn
        .query_row(
            "SELECT count(*) FROM sessions WHERE last_seen >= datetime('now', '-1 minutes')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fresh, 1, "a use moves the session's last use");
    // Unused for nine hours: over.
    conn.execute(
        "UPDATE sessions SET last_seen = datetime('now', '-9 hours')",
        [],
    )
    .unwrap();
    assert!(c
        .get("/tasks")
        .body
        .contains("Please log in to see your tasks."));
}

#[test]
fn sessions_expire_after_thirty_days() {
    let (base, db) = server();
    let mut c = Client::new(&base);
    let r = c.login("ada", "lovelace");
    assert!(
        r.headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("set-cookie")
                && v.starts_with("sid=")
                && v.contains("Max-Age=2592000")),
        "{:?}",
        r.headers
    );
    assert!(c
        .get("/tasks")
        .body
        .contains("Ada Lovelace, here is your list"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE sessions SET created = datetime('now', '-31 days')",
        [],
    )
    .unwrap();
    assert!(c
        .get("/tasks")
        .body
        .contains("Please log in to see your tasks."));
}
