//! A good directory embeds, checks and renders; the embedded copy and the
//! directory read from disk give the same pages.

use std::path::Path;

use djula::{Embedded, Engine, Settings, Value};
use serde_json::json;

static TEMPLATES: Embedded = djula_embed::embed!(
    "tests/templates",
    filters = ["shout"],
    simple_tags = ["greet"],
    raw_tags = ["echo"],
    block_tags = ["card"],
);

/// The engine of a program: the real filters and tags registered.
fn engine(templates: Embedded) -> Engine {
    let mut engine = Engine::with_settings(Settings {
        reload: templates.reads_disk(),
        ..Default::default()
    });
    engine.add_loader(templates);
    engine.def_filter("shout", |s: &str| s.to_uppercase() + "!");
    engine.def_simple_tag("greet", |args: &[Value]| {
        Ok(Value::from(format!("Hello, {}", args[0])))
    });
    engine.def_raw_tag("echo", |raw: &str| Ok(format!("[{raw}]")));
    engine.def_block_tag("card", |_, body: &str| {
        Ok(format!("<div class=\"card\">{body}</div>"))
    });
    engine
}

const EXPECTED: &str = "<title>HI!</title>\n<main>Hello, &lt;Ann&gt;\n\
    <div class=\"card\"><ul><li>milk</li><li>eggs &amp; bread</li></ul></div>\n\
    [raw text, not an expression]</main>\n";

fn render(templates: Embedded) -> String {
    let ctx = json!({"title": "hi", "name": "<Ann>", "items": ["milk", "eggs & bread"]});
    engine(templates)
        .template("page.html")
        .unwrap()
        .render(&ctx)
        .unwrap()
}

#[test]
fn every_file_is_embedded_under_its_name_hidden_files_left_out() {
    assert_eq!(
        TEMPLATES.names().collect::<Vec<_>>(),
        ["base.html", "page.html", "partials/row.html"]
    );
    assert_eq!(
        TEMPLATES.get("partials/row.html"),
        Some(include_str!("templates/partials/row.html"))
    );
    assert_eq!(TEMPLATES.get(".page.html.swp"), None);
    assert_eq!(
        TEMPLATES.directory(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/templates")
    );
}

#[test]
fn the_embedded_copy_renders() {
    let embedded = TEMPLATES.prefer_disk(false);
    assert!(!embedded.reads_disk());
    assert_eq!(engine(embedded).check().unwrap(), 3);
    assert_eq!(render(embedded), EXPECTED);
}

#[test]
fn debug_builds_read_the_directory_with_reload() {
    assert_eq!(TEMPLATES.reads_disk(), cfg!(debug_assertions));
    let engine = engine(TEMPLATES);
    assert_eq!(engine.settings().reload, cfg!(debug_assertions));
    assert_eq!(
        engine.template_names(),
        ["base.html", "page.html", "partials/row.html"]
    );
    assert_eq!(render(TEMPLATES), EXPECTED);
}

#[test]
fn declared_names_are_kept_and_registered_by_the_program() {
    assert_eq!(TEMPLATES.filters(), ["shout"]);
    assert_eq!(TEMPLATES.tags(), ["greet", "echo", "card"]);
    let engine = engine(TEMPLATES);
    for name in TEMPLATES.filters() {
        engine
            .render_str(&format!("{{{{ 'x'|{name} }}}}"), &())
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
    }
}
