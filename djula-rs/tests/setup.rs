//! Setting an engine up: any order, `check()` for start-up validation,
//! filters from typed functions and from the earlier untyped form.

use djula::{Engine, ErrorKind, Value};
use serde_json::json;

#[test]
fn filters_and_tags_may_come_after_the_templates_that_use_them() {
    let dir = std::env::temp_dir().join(format!("djula-setup-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join("page.html"), "{% hello %} {{ name|shout }}").unwrap();
    std::fs::write(dir.join(".page.html.swp"), b"\xff\xfe not a template").unwrap();
    std::fs::write(dir.join(".git/HEAD"), "ref: {% nope").unwrap();
    let mut engine = Engine::new();
    engine.add_template_directory(&dir).unwrap();
    assert!(
        engine.check().is_err(),
        "the filter and tag do not exist yet"
    );
    engine.def_filter("shout", |s: &str| s.to_uppercase() + "!");
    engine.def_simple_tag("hello", |_| Ok(Value::from("hi")));
    // Hidden files and folders are not templates.
    assert_eq!(engine.check().unwrap(), 1);
    let page = engine.template("page.html").unwrap();
    assert_eq!(page.render(&json!({"name": "ann"})).unwrap(), "hi ANN!");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_reports_a_broken_template_once_and_a_missing_one_where_it_is_named() {
    let mut engine = Engine::new();
    engine
        .add_template("page.html", "{% include 'broken.html' %}")
        .unwrap();
    engine.add_template("broken.html", "{% if %}").unwrap();
    engine.def_block_tag("card", |_, body| Ok(format!("<div>{body}</div>")));
    engine
        .add_template(
            "cards.html",
            "{% card %}{% include 'gone.html' %}{% endcard %}",
        )
        .unwrap();
    let report = engine.check().unwrap_err().to_string();
    assert!(report.contains("2 problem(s) in 2 template(s)"), "{report}");
    assert!(
        report.contains("'cards.html' includes 'gone.html', which does not exist"),
        "{report}"
    );
    assert_eq!(report.matches("broken.html").count(), 1, "{report}");
}

#[test]
fn the_earlier_untyped_filter_form_still_compiles_and_sees_none() {
    let mut engine = Engine::new();
    engine.def_filter("describe", |v: &Value, arg: Option<&Value>| {
        Ok(Value::from(format!(
            "{}/{:?}",
            v.to_text(),
            arg.map(Value::to_text)
        )))
    });
    let out = engine
        .render_str(
            "{{ 1|describe }} {{ 1|describe:none }}",
            &json!({"none": null}),
        )
        .unwrap();
    assert_eq!(out, "1/None 1/Some(&quot;None&quot;)");
}

#[test]
fn a_filter_named_trans_registered_by_the_application_is_its_own() {
    let mut engine = Engine::new();
    engine.def_filter("trans", |s: &str| format!("[{s}]"));
    assert_eq!(engine.render_str("{{ 'x'|trans }}", &()).unwrap(), "[x]");
}

#[test]
fn forloop_reaches_blocks_rendered_inside_a_loop() {
    let mut engine = Engine::new();
    engine
        .add_template(
            "base.html",
            "{% for x in xs %}{% block row %}{% endblock %}{% endfor %}",
        )
        .unwrap();
    engine
        .add_template(
            "child.html",
            "{% extends 'base.html' %}{% block row %}{{ forloop.counter }}{{ x }},{% endblock %}",
        )
        .unwrap();
    let out = engine
        .template("child.html")
        .unwrap()
        .render(&json!({"xs": ["a", "b"]}))
        .unwrap();
    assert_eq!(out, "1a,2b,");
}

#[test]
fn structure_errors_read_as_djangos() {
    let err = Engine::new()
        .compile_str("t", "{% extends 'a' %}{% extends 'b' %}")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert!(
        err.message()
            .contains("'extends' cannot appear more than once in the same template"),
        "{err}"
    );
}

#[test]
fn a_custom_elision_replaces_only_what_a_filter_cut() {
    let engine = Engine::with_settings(djula::Settings {
        elision_string: "...".into(),
        ..Default::default()
    });
    let ctx = json!({"t": "one two three", "short": "wait…"});
    let out = engine
        .render_str("{{ t|truncatewords:2 }}|{{ short|truncatewords:5 }}", &ctx)
        .unwrap();
    assert_eq!(out, "one two ...|wait…");
    // truncatechars: the elision counts in the length; nothing is added
    // where nothing was cut, nor to the empty result of a length <= 0.
    let out = engine
        .render_str(
            "{{ t|truncatechars:6 }}|{{ short|truncatechars:9 }}|[{{ t|truncatechars:0 }}]|[{{ t|truncatechars:-2 }}]|{{ t|truncatechars:'x' }}",
            &ctx,
        )
        .unwrap();
    assert_eq!(out, "one...|wait…|[]|[]|one two three");
}

#[test]
fn integers_beyond_i64_stay_exact_from_rust_and_json() {
    #[derive(serde::Serialize)]
    struct Ctx {
        id: u64,
        wide: i128,
    }
    let engine = Engine::new();
    let out = engine
        .render_str(
            "{{ id }} {{ id|add:1 }} {{ wide }} {% if id > wide %}gt{% endif %}",
            &Ctx {
                id: u64::MAX,
                wide: -(1i128 << 100),
            },
        )
        .unwrap();
    assert_eq!(
        out,
        "18446744073709551615 18446744073709551616 -1267650600228229401496703205376 gt"
    );
    let json: serde_json::Value = serde_json::from_str(r#"{"n": 18446744073709551615}"#).unwrap();
    let out = engine.render_str("{{ n }}", &json).unwrap();
    assert_eq!(out, "18446744073709551615");
}

#[test]
fn render_block_renders_one_block_with_inheritance_resolved() {
    let mut engine = Engine::new();
    engine
        .add_template(
            "base.html",
            "<h1>{% block title %}Site{% endblock %}</h1>{% block body %}base body{% endblock %}",
        )
        .unwrap();
    engine
        .add_template(
            "section.html",
            "{% extends parent %}{% block title %}{{ block.super }} / Section{% endblock %}",
        )
        .unwrap();
    engine
        .add_template(
            "page.html",
            "{% extends 'section.html' %}{% block title %}{{ block.super }} / {{ name }}{% endblock %}\
             {% block body %}{% for x in xs %}{{ forloop.counter }}{{ x }}{% endfor %}{% endblock %}",
        )
        .unwrap();
    let page = engine.template("page.html").unwrap();
    let ctx = json!({"parent": "base.html", "name": "<Ann>", "xs": ["a", "b"]});
    assert_eq!(
        page.render_block("title", &ctx).unwrap(),
        "Site / Section / &lt;Ann&gt;"
    );
    assert_eq!(page.render_block("body", &ctx).unwrap(), "1a2b");
    assert_eq!(
        page.render(&ctx).unwrap(),
        "<h1>Site / Section / &lt;Ann&gt;</h1>1a2b"
    );
    // A template without `extends` renders its own block.
    let base = engine.template("base.html").unwrap();
    assert_eq!(base.render_block("body", &ctx).unwrap(), "base body");
    let err = page.render_block("bdy", &ctx).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TemplateNotFound);
    assert_eq!(err.help(), Some("did you mean 'body'?"));
}

#[test]
fn render_block_finds_a_block_only_the_child_defines() {
    // The fragment of an htmx page: a block nested in an override, which
    // the parent does not have; its most derived version renders.
    let mut engine = Engine::new();
    engine
        .add_template(
            "base.html",
            "<main>{% block content %}{% endblock %}</main>",
        )
        .unwrap();
    engine
        .add_template(
            "list.html",
            concat!(
                "{% extends 'base.html' %}{% block content %}<h1>List</h1>",
                "{% block items %}<ul>{% for x in xs %}<li>{{ x }}</li>{% endfor %}</ul>{% endblock %}",
                "<form></form>{% endblock %}",
            ),
        )
        .unwrap();
    engine
        .add_template(
            "special.html",
            "{% extends 'list.html' %}{% block items %}<ol>{{ block.super }}</ol>{% endblock %}",
        )
        .unwrap();
    let ctx = json!({"xs": ["milk"]});
    let list = engine.template("list.html").unwrap();
    assert_eq!(
        list.render_block("items", &ctx).unwrap(),
        "<ul><li>milk</li></ul>"
    );
    let whole = list.render(&ctx).unwrap();
    assert_eq!(
        whole,
        "<main><h1>List</h1><ul><li>milk</li></ul><form></form></main>"
    );
    let special = engine.template("special.html").unwrap();
    assert_eq!(
        special.render_block("items", &ctx).unwrap(),
        "<ol><ul><li>milk</li></ul></ol>"
    );
    let err = list.render_block("itmes", &ctx).unwrap_err();
    assert_eq!(err.help(), Some("did you mean 'items'?"));
}
