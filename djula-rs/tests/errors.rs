//! The exact text of the errors a newcomer sees: location, source line,
//! caret and suggestion. A change in wording is a deliberate change here.

use djula::{Engine, Settings};
use serde_json::json;

/// The full report, `{:#}` (`Display` alone is one line).
trait Report {
    fn report(&self) -> String;
}

impl Report for djula::Error {
    fn report(&self) -> String {
        format!("{self:#}")
    }
}

#[test]
fn display_is_one_line_and_alternate_is_the_report() {
    let err = Engine::new()
        .compile_str("page.html", "<p>\n{{ name|lowr }}</p>")
        .unwrap_err();
    assert_eq!(err.to_string(), "page.html:2:9: Invalid filter: 'lowr'");
    assert!(err
        .report()
        .starts_with("error: Invalid filter: 'lowr'\n --> page.html:2:9\n"));
    let unplaced = djula::Error::new(djula::ErrorKind::Render, "boom");
    assert_eq!(
        (unplaced.to_string(), unplaced.report()),
        ("boom".into(), "error: boom".into())
    );
}

fn compile_error(source: &str) -> String {
    Engine::new()
        .compile_str("page.html", source)
        .unwrap_err()
        .report()
}

#[test]
fn misspelled_filter() {
    assert_eq!(
        compile_error("<p>{{ name|lowr }}</p>"),
        "error: Invalid filter: 'lowr'\n --> page.html:1:12\n  |\n1 | <p>{{ name|lowr }}</p>\n  |            ^^^^\n  = help: did you mean 'lower'?"
    );
}

#[test]
fn misspelled_tag() {
    assert_eq!(
        compile_error("a\n  {% fro x in xs %}{% endfor %}"),
        "error: Invalid block tag on line 2: 'fro'. Did you forget to register or load this tag?\n --> page.html:2:6\n  |\n2 |   {% fro x in xs %}{% endfor %}\n  |      ^^^\n  = help: did you mean 'for'?"
    );
}

#[test]
fn errors_in_tag_arguments_point_at_the_argument() {
    assert_eq!(
        compile_error("{% if a and b|uppr %}x{% endif %}"),
        "error: Invalid filter: 'uppr'\n --> page.html:1:15\n  |\n1 | {% if a and b|uppr %}x{% endif %}\n  |               ^^^^\n  = help: did you mean 'upper'?"
    );
    assert_eq!(
        compile_error("{% for x in xs %}{% include 'row.html' with n=x|frist %}{% endfor %}"),
        "error: Invalid filter: 'frist'\n --> page.html:1:49\n  |\n1 | {% for x in xs %}{% include 'row.html' with n=x|frist %}{% endfor %}\n  |                                                 ^^^^^\n  = help: did you mean 'first'?"
    );
}

#[test]
fn tag_from_an_unloaded_library() {
    let text = compile_error("{% trans \"hi\" %}");
    assert!(
        text.ends_with("= help: add {% load i18n %} at the top of the template"),
        "{text}"
    );
}

#[test]
fn unclosed_tag() {
    assert_eq!(
        compile_error("{% if x %}\nyes"),
        "error: Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.\n --> page.html:1:1\n  |\n1 | {% if x %}\n  | ^^^^^^^^^^"
    );
}

#[test]
fn missing_template_suggests_a_name() {
    let mut e = Engine::new();
    e.add_template("base.html", "").unwrap();
    e.add_template("page.html", "{% include 'bsae.html' %}")
        .unwrap();
    let text = e
        .template("page.html")
        .unwrap()
        .render(&())
        .unwrap_err()
        .report();
    assert_eq!(
        text,
        "error: template 'bsae.html' does not exist\n --> page.html:1:12\n  |\n1 | {% include 'bsae.html' %}\n  |            ^^^^^^^^^^^\n  = help: did you mean 'base.html'?"
    );
}

#[test]
fn render_errors_in_a_child_block_point_into_the_child() {
    let mut e = Engine::with_settings(Settings {
        undefined: djula::Undefined::Strict,
        ..Default::default()
    });
    e.add_template(
        "base.html",
        "line1\n<main>{% block b %}{% endblock %}</main>",
    )
    .unwrap();
    e.add_template(
        "child.html",
        "{% extends 'base.html' %}\n{% block b %}\n  {{ missing }}\n{% endblock %}",
    )
    .unwrap();
    let err = e
        .template("child.html")
        .unwrap()
        .render(&json!({}))
        .unwrap_err();
    assert_eq!(
        err.report(),
        "error: 'missing' is not defined\n --> child.html:3:3\n  |\n3 |   {{ missing }}\n  |   ^^^^^^^^^^^^^"
    );
}

#[test]
fn errors_in_included_and_extended_templates_show_the_chain() {
    let mut e = Engine::new();
    e.add_template("cell.html", "{{ n|divisibleby:0 }}")
        .unwrap();
    e.add_template("row.html", "<tr>{% include 'cell.html' %}</tr>")
        .unwrap();
    e.add_template("base.html", "<table>\n{% include 'row.html' %}\n</table>")
        .unwrap();
    e.add_template("page.html", "{% extends 'base.html' %}")
        .unwrap();
    let text = e
        .template("page.html")
        .unwrap()
        .render(&json!({"n": 1}))
        .unwrap_err()
        .report();
    assert_eq!(
        text,
        "error: divisibleby: integer modulo by zero\n --> cell.html:1:1\n  |\n1 | {{ n|divisibleby:0 }}\n  | ^^^^^^^^^^^^^^^^^^^^^\n  = note: included from row.html:1:5\n  = note: included from base.html:2:1\n  = note: extended by page.html:1:1"
    );
}

#[test]
fn a_wrong_end_tag_names_the_open_block_and_where_it_started() {
    let text = compile_error("{% block content %}\nhi\n{% endblock contnt %}");
    assert_eq!(
        text,
        "error: Invalid block tag on line 3: 'endblock contnt', expected 'endblock' or 'endblock content'. Did you forget to register or load this tag?\n --> page.html:3:1\n  |\n3 | {% endblock contnt %}\n  | ^^^^^^^^^^^^^^^^^^^^^\n  = help: the open block is 'content', from line 1: close it with {% endblock %} or {% endblock content %}"
    );
}

#[test]
fn missing_template_lists_the_places_searched() {
    // Django's postmortem: every loader says where it looked.
    let dirs: Vec<_> = ["a", "b"]
        .iter()
        .map(|d| {
            let dir =
                std::env::temp_dir().join(format!("djula-postmortem-{}-{d}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            dir
        })
        .collect();
    std::fs::write(dirs[0].join("page.html"), "<main>\n  {% extends name %}").unwrap();
    let mut e = Engine::new();
    for dir in &dirs {
        e.add_template_directory(dir).unwrap();
    }
    let err = e
        .template("page.html")
        .unwrap()
        .render(&json!({"name": "layout.html"}))
        .unwrap_err();
    let looked = |d: &std::path::PathBuf| d.join("layout.html").display().to_string();
    assert_eq!(
        err.report(),
        format!(
            "error: template 'layout.html' does not exist\n --> page.html:2:14\n  |\n2 |   {{% extends name %}}\n  |              ^^^^\n  = note: looked for {}\n  = note: looked for {}",
            looked(&dirs[0]),
            looked(&dirs[1])
        )
    );
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// On a long line the report keeps a window around the token, cut with
/// `…`, so a template written on one line does not print megabytes.
#[test]
fn a_long_line_is_cut_around_the_token() {
    let source = format!(
        "{}{{% bogus %}}{}",
        "x".repeat(100_000),
        "y".repeat(100_000)
    );
    let report = compile_error(&source);
    assert!(report.len() < 1_000, "{} bytes", report.len());
    assert!(report.contains(" --> page.html:1:100004"), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    let (excerpt, caret) = (lines[3], lines[4]);
    assert!(
        excerpt.starts_with("1 | …x") && excerpt.ends_with("y…"),
        "{excerpt}"
    );
    // The caret still stands under the tag's name in the excerpt.
    let at = caret.find('^').unwrap();
    assert_eq!(
        excerpt.chars().skip(at).take(5).collect::<String>(),
        "bogus"
    );
}

/// Wide characters before the token take two columns in a terminal, and
/// so does the caret's indent under them.
#[test]
fn the_caret_counts_display_columns() {
    let report = compile_error("日本語{% bogus %}");
    assert!(
        report.contains("\n1 | 日本語{% bogus %}\n  |          ^^^^^"),
        "{report}"
    );
}
