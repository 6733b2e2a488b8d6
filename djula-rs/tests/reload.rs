//! Development reload: edits show at the next render, in the template
//! itself and in templates it includes or extends; a broken edit keeps the
//! last good version serving.

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde_json::json;

/// Writes `text` and moves the file's mtime forward, so the change is seen
/// even on file systems with coarse timestamps.
fn edit(path: &Path, text: &str, step: u64) {
    std::fs::write(path, text).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(step))
        .unwrap();
}

#[test]
fn edits_show_without_restart_and_broken_edits_keep_the_old_version() {
    let dir = std::env::temp_dir().join(format!("djula-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    edit(&dir.join("base.html"), "[{% block b %}{% endblock %}]", 1);
    edit(&dir.join("part.html"), "part1", 1);
    edit(
        &dir.join("page.html"),
        "{% extends 'base.html' %}{% block b %}v1 {% include 'part.html' %}{% endblock %}",
        1,
    );

    let settings = djula::Settings {
        reload: true,
        ..Default::default()
    };
    let mut engine = djula::Engine::with_settings(settings);
    engine.add_template_directory(&dir).unwrap();
    let render = |e: &djula::Engine| e.template("page.html").unwrap().render(&json!({})).unwrap();
    assert_eq!(render(&engine), "[v1 part1]");

    edit(
        &dir.join("page.html"),
        "{% extends 'base.html' %}{% block b %}v2 {% include 'part.html' %}{% endblock %}",
        2,
    );
    assert_eq!(render(&engine), "[v2 part1]");
    edit(&dir.join("part.html"), "part2", 3);
    assert_eq!(render(&engine), "[v2 part2]");
    edit(&dir.join("base.html"), "<{% block b %}{% endblock %}>", 4);
    assert_eq!(render(&engine), "<v2 part2>");

    edit(
        &dir.join("page.html"),
        "{% extends 'base.html' %}{% block b %}{% if %}{% endblock %}",
        5,
    );
    assert_eq!(render(&engine), "<v2 part2>");
    let error = engine
        .last_reload_error()
        .expect("the broken edit is reported");
    assert_eq!(error.template_name(), Some("page.html"));

    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn without_reload_the_first_version_stays() {
    let dir = std::env::temp_dir().join(format!("djula-noreload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    edit(&dir.join("t.html"), "one", 1);
    let mut engine = djula::Engine::new();
    engine.add_template_directory(&dir).unwrap();
    engine.check().unwrap(); // compiled (and cached) now
    edit(&dir.join("t.html"), "two", 2);
    assert_eq!(
        engine.template("t.html").unwrap().render(&()).unwrap(),
        "one"
    );
    std::fs::remove_dir_all(&dir).ok();
}
