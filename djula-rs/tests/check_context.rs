//! Templates checked against the shape of their context
//! (`Template::check_context`): each error is one read that cannot fit,
//! reported once, where it is written.

use djula::{Context, Engine};
use serde::Serialize;

#[derive(Serialize, Context)]
struct Task {
    title: String,
    done: bool,
    tags: Vec<String>,
}

#[derive(Serialize, Context)]
struct User {
    name: String,
    email: Option<String>,
}

#[derive(Serialize, Context)]
struct Page {
    user: Option<User>,
    tasks: Vec<Task>,
    groups: Vec<Vec<Task>>,
    count: i64,
    pairs: Vec<(String, i64)>,
    scores: std::collections::HashMap<String, f64>,
}

/// The one-line form of every problem, or "ok".
fn problems(templates: &[(&str, &str)], page: &str) -> Vec<String> {
    let mut engine = Engine::new();
    engine
        .set_default_context(&serde_json::json!({"site_name": "Shop"}))
        .unwrap();
    for (name, source) in templates {
        engine.add_template(name, source).unwrap();
    }
    match engine.template(page).unwrap().check_context::<Page>() {
        Ok(()) => Vec::new(),
        Err(e) => e.problems().iter().map(ToString::to_string).collect(),
    }
}

fn one(source: &str) -> Vec<String> {
    problems(&[("t.html", source)], "t.html")
}

#[test]
fn sound_templates_pass() {
    let source = "{{ site_name }}{% if user %}{{ user.name.title }} {{ user.email|default:'-' }}{% endif %}\
        {% for t in tasks %}{{ forloop.counter }}{{ t.title }}{% for tag in t.tags %}{{ tag.upper }}{% endfor %}{% endfor %}\
        {% for g in groups %}{% for t in g %}{{ t.done }}{% endfor %}{% endfor %}\
        {% for name, n in pairs %}{{ name.lower }}{{ n.bit_length }}{% endfor %}\
        {% for k, v in scores.items %}{{ k }}{{ v }}{% endfor %}{{ scores.anyone.hex }}\
        {% with first=tasks.0 %}{{ first.title }}{% endwith %}{{ tasks|length }}{{ count.real }}\
        {% firstof user.email 'none' %}{% now 'Y' as year %}{{ year }}{{ True }}\
        {% for x in tasks|dictsort:'title' %}{{ x.anything }}{% endfor %}";
    assert_eq!(one(source), Vec::<String>::new());
}

#[test]
fn each_misfit_is_reported_once_where_it_is_written() {
    assert_eq!(
        one("{% for t in tasks %}\n{{ t.titel }}{{ t.titel }}{% endfor %}"),
        [
            "t.html:2:4: `Task` has no field `titel`; did you mean `title`?",
            "t.html:2:17: `Task` has no field `titel`; did you mean `title`?"
        ]
    );
    assert_eq!(
        one("{{ usr.name }}"),
        ["t.html:1:4: `Page` has no field `usr`; did you mean `user`?"]
    );
    assert_eq!(
        one("{% for x in count %}{{ x.y }}{% endfor %}"),
        ["t.html:1:13: cannot loop over an integer"]
    );
    assert_eq!(
        one("{{ user.name.first }}"),
        ["t.html:1:4: a string has no attribute or method `first`"]
    );
    // The loop over a misspelled list is reported at the loop, not again
    // at each use of its variable.
    assert_eq!(
        one("{% for t in taks %}{{ t.title }}{{ t.nope }}{% endfor %}"),
        ["t.html:1:13: `Page` has no field `taks`; did you mean `tasks`?"]
    );
}

#[test]
fn with_names_includes_and_blocks_are_followed() {
    assert_eq!(
        one("{% with u=user %}{{ u.nmae }}{% endwith %}"),
        ["t.html:1:21: `User` has no field `nmae`; did you mean `name`?"]
    );
    let base = (
        "base.html",
        "<h1>{% block title %}{{ site_name }}{% endblock %}</h1>{% block body %}{% endblock %}",
    );
    let row = ("row.html", "<li>{{ task.title }} {{ task.don }}</li>");
    let page = (
        "page.html",
        "{% extends 'base.html' %}{% block body %}{% for t in tasks %}{% include 'row.html' with task=t %}{% endfor %}{% endblock %}",
    );
    assert_eq!(
        problems(&[base, row, page], "page.html"),
        ["row.html:1:25: `Task` has no field `don`; did you mean `done`?"]
    );
}
