//! The `djula` command line as a user runs it: the built binary, real
//! files in a scratch directory, stdout, stderr and the exit status.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `djula` binary this package builds.
fn djula() -> Command {
    Command::new(env!("CARGO_BIN_EXE_djula"))
}

/// Runs `djula` with `args` and no stdin.
fn run<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> Output {
    djula().args(args).stdin(Stdio::null()).output().unwrap()
}

/// Runs `djula` with `args`, writing `input` to its stdin.
fn run_with_stdin<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I, input: &str) -> Output {
    let mut child = djula()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The French and Polish catalogs djula's translation tests use.
fn locale_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures/locale")
}

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("djula-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn makemessages_writes_a_pot_that_msgfmt_and_django_agree_with() {
    let scratch = Scratch::new("makemessages");
    scratch.write(
        "page.html",
        "{% load i18n %}\n{# Translators: shown on the home page #}\n<h1>{% translate \"Welcome to our shop\" %}</h1>\n{% trans \"Spring\" context \"season\" %} {% trans \"50% off\" noop %}\n{{ missing|default:_(\"Nothing here\") }}\n{% blocktranslate count counter=n context \"fruit basket\" %}{{ counter }} pear{% plural %}{{ counter }} pears{% endblocktranslate %}\n{% blocktranslate trimmed with name=user %}\n  Hello {{ name }},\n  \"you\" have 100% {{ total }} points\n{% endblocktranslate %}\n"
            .as_bytes(),
    );
    scratch.write(
        "sub/djula.html",
        b"{% load i18n %}{_ \"salute-person\" :name user.name _}\n{{ \"Shop title\"|trans }} {% translate \"Welcome to our shop\" %}\n",
    );
    let out_dir = Scratch::new("makemessages-out");
    let pot = out_dir.0.join("out.pot");
    let status = djula()
        .arg("makemessages")
        .arg(&scratch.0)
        .arg("--output")
        .arg(&pot)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&pot).unwrap();
    // The message ids are the ones Django's templatize() gives for page.html
    // (gettext('Welcome to our shop'), pgettext('season', 'Spring'),
    // gettext('50%% off'), _("Nothing here"), npgettext('fruit basket',
    // '%(counter)s pear', '%(counter)s pears', count), gettext('Hello
    // %(name)s, "you" have 100%% %(total)s points')).
    let expected = [
        "#. Translators: shown on the home page\n#: page.html:3 sub/djula.html:2\nmsgid \"Welcome to our shop\"\nmsgstr \"\"\n",
        "#: page.html:4\nmsgctxt \"season\"\nmsgid \"Spring\"\nmsgstr \"\"\n",
        "#: page.html:4\n#, python-format\nmsgid \"50%% off\"\nmsgstr \"\"\n",
        "#: page.html:5\nmsgid \"Nothing here\"\nmsgstr \"\"\n",
        "#: page.html:6\n#, python-format\nmsgctxt \"fruit basket\"\nmsgid \"%(counter)s pear\"\nmsgid_plural \"%(counter)s pears\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
        "#: page.html:7\n#, python-format\nmsgid \"Hello %(name)s, \\\"you\\\" have 100%% %(total)s points\"\nmsgstr \"\"\n",
        "#: sub/djula.html:1\nmsgid \"salute-person\"\nmsgstr \"\"\n",
        "#: sub/djula.html:2\nmsgid \"Shop title\"\nmsgstr \"\"\n",
    ];
    for entry in expected {
        assert!(text.contains(entry), "missing\n{entry}\nin\n{text}");
    }
    assert_eq!(text.matches("msgid \"").count(), expected.len() + 1);

    // Filled in as a French catalog, it translates those templates.
    let fr = text
        .replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n > 1);")
        .replace(
            "msgid \"Welcome to our shop\"\nmsgstr \"\"",
            "msgid \"Welcome to our shop\"\nmsgstr \"Bienvenue\"",
        )
        .replace(
            "msgid_plural \"%(counter)s pears\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"",
            "msgid_plural \"%(counter)s pears\"\nmsgstr[0] \"%(counter)s poire\"\nmsgstr[1] \"%(counter)s poires\"",
        );
    let locale = Scratch::new("makemessages-locale");
    locale.write("fr/LC_MESSAGES/django.po", fr.as_bytes());
    let mut engine = djula::Engine::new();
    engine.add_locale_directory(&locale.0, "django").unwrap();
    engine.add_template_directory(&scratch.0).unwrap();
    let out = engine
        .template("page.html")
        .unwrap()
        .render_in(&serde_json::json!({"n": 3}), "fr")
        .unwrap();
    assert!(
        out.contains("<h1>Bienvenue</h1>") && out.contains("3 poires"),
        "{out}"
    );
}

#[test]
fn render_command_takes_a_locale_and_a_language() {
    let scratch = Scratch::new("cli");
    scratch.write(
        "t.html",
        b"{% load i18n %}{% translate \"Welcome to our shop\" %}",
    );
    let out = djula()
        .args(["render", "t.html", "--dir"])
        .arg(&scratch.0)
        .arg("--locale")
        .arg(locale_dir())
        .args(["--language", "pl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Witamy w naszym sklepie"
    );
}

// Help, version and usage errors.

#[test]
fn every_command_has_a_help_that_lists_its_flags_and_the_exit_statuses() {
    let commands: [(&[&str], &[&str]); 4] = [
        (&[], &["render", "check", "makemessages", "--version"]),
        (
            &["render"],
            &[
                "NAME",
                "--dir",
                "--context",
                "--no-autoescape",
                "--string-if-invalid",
                "--settings",
                "--locale",
                "--domain",
                "--language",
            ],
        ),
        (&["check"], &["DIR", "--settings"]),
        (&["makemessages"], &["DIR", "--domain", "--output"]),
    ];
    for (command, flags) in commands {
        for help in ["--help", "-h"] {
            let out = run(command.iter().chain([&help]));
            let text = stdout(&out);
            assert_eq!(out.status.code(), Some(0), "{command:?} {help}: {text}");
            for flag in flags {
                assert!(
                    text.contains(flag),
                    "{command:?} {help} lacks {flag}:\n{text}"
                );
            }
            assert!(
                text.contains("Exit status:") && text.contains("0  success"),
                "{command:?} {help} does not give the exit statuses:\n{text}"
            );
        }
    }
    // `djula help render` is `djula render --help`.
    let out = run(["help", "render"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), stdout(&run(["render", "--help"])));
}

#[test]
fn version_prints_the_package_version() {
    let expected = format!("djula {}\n", env!("CARGO_PKG_VERSION"));
    for args in [
        &["--version"][..],
        &["-V"],
        &["render", "--version"],
        &["check", "-V"],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}");
        assert_eq!(stdout(&out), expected, "{args:?}");
    }
}

#[test]
fn a_mistyped_flag_is_a_usage_error_with_a_suggestion() {
    let out = run(["render", "page.html", "--dir", ".", "--contxt", "c.json"]);
    // Usage errors exit 1 like every other error, not clap's usual 2.
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let text = stderr(&out);
    assert!(
        text.contains("'--contxt'") && text.contains("a similar argument exists: '--context'"),
        "{text}"
    );

    let out = run(["makemessages", ".", "--ouput", "x.pot"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("'--output'"), "{}", stderr(&out));
}

#[test]
fn missing_arguments_and_commands_are_usage_errors() {
    for args in [
        &[][..],
        &["render", "page.html"],
        &["render", "--dir", "."],
        &["check"],
        &["makemessages"],
        &["frobnicate"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&out).contains("Usage: djula"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

// render

#[test]
fn json_integers_stay_exact_past_64_bits() {
    // Python's json reads integers exactly; the expected line is Django
    // 6.1's output for this template and context.
    let scratch = Scratch::new("bigint");
    scratch.write(
        "t.html",
        b"{{ u|add:1 }}|{{ big }}|{{ neg|add:5 }}|{% if big > u %}gt{% endif %}|{{ f }}|{{ e }}|{{ z }}|{{ u|filesizeformat }}|{{ big|floatformat }}",
    );
    let context = scratch.write(
        "context.json",
        br#"{"u": 18446744073709551615, "big": 170141183460469231731687303715884105727, "neg": -170141183460469231731687303715884105728, "f": 1.5, "e": 1e5, "z": -0}"#,
    );
    let out = run([
        OsStr::new("render"),
        OsStr::new("t.html"),
        OsStr::new("--dir"),
        scratch.0.as_os_str(),
        OsStr::new("--context"),
        context.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "18446744073709551616|170141183460469231731687303715884105727|-170141183460469231731687303715884105723|gt|1.5|100000.0|0|16384.0\u{a0}PB|170141183460469231731687303715884105727"
    );
}

#[test]
fn render_prints_the_page_and_nothing_else() {
    let scratch = Scratch::new("render");
    scratch.write("base.html", b"<h1>{% block title %}{% endblock %}</h1>");
    scratch.write(
        "page.html",
        b"{% extends \"base.html\" %}{% block title %}Hello, {{ user|upper }}{% endblock %}",
    );
    let context = scratch.write("context.json", br#"{"user": "Ann & Bo"}"#);
    let out = run([
        OsStr::new("render"),
        OsStr::new("page.html"),
        OsStr::new("--dir"),
        scratch.0.as_os_str(),
        OsStr::new("--context"),
        context.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "<h1>Hello, ANN &amp; BO</h1>");
    assert!(out.stderr.is_empty());

    // The same context from stdin, autoescaping off.
    let out = run_with_stdin(
        [
            OsStr::new("render"),
            OsStr::new("page.html"),
            OsStr::new("--dir"),
            scratch.0.as_os_str(),
            OsStr::new("--context"),
            OsStr::new("-"),
            OsStr::new("--no-autoescape"),
        ],
        r#"{"user": "Ann & Bo"}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "<h1>Hello, ANN & BO</h1>");
}

#[test]
fn render_searches_the_dirs_in_order_and_keeps_an_options_last_value() {
    let first = Scratch::new("render-first");
    let second = Scratch::new("render-second");
    first.write("t.html", b"first {{ x }}{{ missing }}");
    second.write("t.html", b"second");
    second.write("only.html", b"only in second");
    let out = run([
        OsStr::new("render"),
        OsStr::new("t.html"),
        OsStr::new("--dir"),
        first.0.as_os_str(),
        OsStr::new("--dir"),
        second.0.as_os_str(),
        OsStr::new("--string-if-invalid"),
        OsStr::new("ignored"),
        // A value may start with '-'; given twice, the last one counts.
        OsStr::new("--string-if-invalid"),
        OsStr::new("-INVALID-"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "first -INVALID--INVALID-");

    let out = run([
        OsStr::new("render"),
        OsStr::new("only.html"),
        OsStr::new("--dir"),
        first.0.as_os_str(),
        OsStr::new("--dir"),
        second.0.as_os_str(),
    ]);
    assert_eq!(stdout(&out), "only in second");
}

#[test]
fn render_reads_json_as_python_does() {
    // Keys in the file's order (preserve_order), floats read exactly
    // (float_roundtrip): the two serde_json features djula-cli enables.
    let scratch = Scratch::new("render-json");
    scratch.write(
        "t.html",
        b"{% for k, v in d.items %}{{ k }}={{ v }} {% endfor %}{{ f }}",
    );
    let out = run_with_stdin(
        [
            OsStr::new("render"),
            OsStr::new("t.html"),
            OsStr::new("--dir"),
            scratch.0.as_os_str(),
            OsStr::new("--context"),
            OsStr::new("-"),
        ],
        r#"{"d": {"zebra": 1, "apple": 2, "mango": 3}, "f": 1889191161246981.0}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "zebra=1 apple=2 mango=3 1889191161246981.0");
}

#[test]
fn a_render_error_prints_nothing_on_stdout() {
    let scratch = Scratch::new("render-error");
    scratch.write("t.html", b"before\n{{ x|no_such_filter }}");
    let out = run([
        OsStr::new("render"),
        OsStr::new("t.html"),
        OsStr::new("--dir"),
        scratch.0.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // The full report: the place, the source line and a caret under the
    // filter's name (design.md's CLI contract), not a one-line summary.
    let text = stderr(&out);
    assert!(
        text.contains("--> t.html:2:6")
            && text.contains("2 | {{ x|no_such_filter }}")
            && text.contains("^^^^^^^^^^^^^^"),
        "{text}"
    );

    let out = run([
        OsStr::new("render"),
        OsStr::new("t.html"),
        OsStr::new("--dir"),
        scratch.0.as_os_str(),
        OsStr::new("--context"),
        scratch.0.join("missing.json").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

// check

#[test]
fn check_names_the_broken_template_and_fails() {
    let scratch = Scratch::new("check");
    scratch.write("good.html", b"{% if x %}yes{% endif %}");
    scratch.write("sub/broken.html", b"<p>\n{% if x %}unclosed\n</p>");
    let out = run([OsStr::new("check"), scratch.0.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let text = stderr(&out);
    assert!(
        text.contains("--> sub/broken.html:2:1") && text.contains("2 | {% if x %}unclosed"),
        "{text}"
    );
    assert!(!text.contains("good.html"), "{text}");
}

#[test]
fn check_counts_the_templates_of_a_sound_directory() {
    let scratch = Scratch::new("check-ok");
    scratch.write("base.html", b"{% block content %}{% endblock %}");
    scratch.write(
        "page.html",
        b"{% extends \"base.html\" %}{% block content %}{% include \"row.html\" %}{% endblock %}",
    );
    scratch.write("row.html", b"<tr></tr>");
    let settings = Scratch::new("check-ok-settings");
    let file = settings.write("settings.json", br#"{"autoescape": false}"#);
    let out = run([
        OsStr::new("check"),
        scratch.0.as_os_str(),
        OsStr::new("--settings"),
        file.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "3 templates compiled without errors\n");
}

#[test]
fn check_follows_templates_through_their_context_schema() {
    let scratch = Scratch::new("check-schema");
    scratch.write(
        "tasks.html",
        b"{% for t in tasks %}\n  <li>{{ t.titel }} {{ t.done }}</li>{% endfor %}{{ user.name }}",
    );
    let schemas = Scratch::new("check-schema-file");
    let schema = br##"{
        "templates": {"tasks.html": {"$ref": "#/$defs/TasksPage"}},
        "$defs": {
            "TasksPage": {"title": "TasksPage", "type": "object", "required": ["tasks"], "properties": {
                "tasks": {"type": "array", "items": {"$ref": "#/$defs/Task"}},
                "user": {"type": ["object", "null"], "properties": {"name": {"type": "string"}}}}},
            "Task": {"title": "Task", "type": "object", "properties": {
                "title": {"type": "string"}, "done": {"type": "boolean"}}}
        }
    }"##;
    let file = schemas.write("schema.json", schema);
    let args = [
        OsStr::new("check"),
        scratch.0.as_os_str(),
        OsStr::new("--context-schema"),
        file.as_os_str(),
    ];
    let out = run(args);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains(
            "error: `Task` has no field `titel`; did you mean `title`?\n --> tasks.html:2:10\n"
        ),
        "{text}"
    );
    assert!(text.contains("2 |   <li>{{ t.titel }}"), "{text}");
    scratch.write(
        "tasks.html",
        b"{% for t in tasks %}{{ t.title }}{% endfor %}{{ user.name }}",
    );
    let out = run(args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1 templates compiled without errors; 1 checked against their context schema\n"
    );
}

/// A reader that closed the pipe (`djula render … 2>&1 | head -1`) leaves
/// the error nowhere to go: the exit status is still 1, never a panic's 101.
#[test]
fn closed_output_pipes_exit_with_the_status_not_a_panic() {
    let scratch = Scratch::new("closed-pipes");
    scratch.write("bad.html", b"{% nosuch %}");
    scratch.write(
        "good.html",
        "{% for i in n %}line {{ i }}\n{% endfor %}".as_bytes(),
    );
    let dir = scratch.0.to_str().unwrap().to_string();
    let context = scratch.write(
        "ctx.json",
        format!("{{\"n\": [{}]}}", vec!["1"; 20_000].join(",")).as_bytes(),
    );
    for (name, expected) in [("bad.html", 1), ("good.html", 0)] {
        for _ in 0..5 {
            let mut child = djula()
                .args(["render", name, "--dir", &dir, "--context"])
                .arg(&context)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // Both read ends closed before the child writes anything.
            drop(child.stdout.take());
            drop(child.stderr.take());
            let status = child.wait().unwrap();
            assert_eq!(status.code(), Some(expected), "{name}");
        }
    }
}
