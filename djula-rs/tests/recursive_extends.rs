//! Django's recursive template loading (`tests/template_tests/test_extends.py`,
//! `ExtendsBehaviorTests`): a template may extend a template of its own
//! name, which is the next copy of that name in the search path, so an
//! application's template can override a library's and still extend it.
//! The templates are Django's (`template-fixtures/recursive`), and so are
//! the expected outputs.

use std::path::PathBuf;

use djula::{Engine, ErrorKind};

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../template-fixtures/recursive")
        .join(name)
}

fn engine(dirs: &[&str]) -> Engine {
    let mut engine = Engine::new();
    for d in dirs {
        engine.add_template_directory(dir(d)).unwrap();
    }
    engine
}

fn render(engine: &Engine, name: &str) -> Result<String, djula::Error> {
    engine.template(name)?.render(&())
}

#[test]
fn normal_extend() {
    let e = engine(&["fs"]);
    assert_eq!(render(&e, "one.html").unwrap().trim(), "three two one");
}

#[test]
fn extend_recursive() {
    let e = engine(&["fs", "fs2", "fs3"]);
    for _ in 0..2 {
        // Twice: the second render reads the cache.
        assert_eq!(
            render(&e, "recursive.html").unwrap().trim(),
            "fs3/recursive fs2/recursive fs/recursive"
        );
    }
    // Another template that reaches the same chain (Django's
    // test_extend_cached).
    assert_eq!(
        render(&e, "other-recursive.html").unwrap().trim(),
        "fs3/recursive fs2/recursive fs/recursive"
    );
}

#[test]
fn extend_missing_and_extend_self() {
    let e = engine(&["fs"]);
    let missing = render(&e, "extend-missing.html").unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::TemplateNotFound, "{missing}");
    assert!(missing.to_string().contains("missing.html"), "{missing}");
    // A template that extends its own name with no other copy to find.
    let itself = render(&e, "self.html").unwrap_err();
    assert_eq!(itself.kind(), ErrorKind::TemplateNotFound, "{itself}");
}

#[test]
fn recursive_multiple_loaders() {
    // In-memory templates come first, then the directory.
    let mut e = engine(&["fs"]);
    e.add_template(
        "one.html",
        "{% extends \"one.html\" %}{% block content %}{{ block.super }} locmem-one{% endblock %}",
    )
    .unwrap();
    e.add_template(
        "two.html",
        "{% extends \"two.html\" %}{% block content %}{{ block.super }} locmem-two{% endblock %}",
    )
    .unwrap();
    e.add_template(
        "three.html",
        "{% extends \"three.html\" %}{% block content %}{{ block.super }} locmem-three{% endblock %}",
    )
    .unwrap();
    assert_eq!(
        render(&e, "one.html").unwrap().trim(),
        "three locmem-three two locmem-two one locmem-one"
    );
}

#[test]
fn two_templates_that_extend_each_other_find_no_other_copy() {
    // Django: TemplateDoesNotExist, as the chain already used the only
    // `a.html`.
    let mut e = Engine::new();
    e.add_template("a.html", "{% extends 'b.html' %}").unwrap();
    e.add_template("b.html", "{% extends 'a.html' %}").unwrap();
    let error = render(&e, "a.html").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TemplateNotFound, "{error}");
    assert!(
        error
            .to_string()
            .contains("past the copies this extends chain already uses"),
        "{error}"
    );
}

#[test]
fn a_name_that_reads_the_same_file_counts_as_the_same_template() {
    // `sub/../base.html` is `base.html`: the chain skips its directory.
    let dirs: Vec<_> = ["d1", "d2"]
        .iter()
        .map(|d| std::env::temp_dir().join(format!("djula-recursive-{}-{d}", std::process::id())))
        .collect();
    for (dir, body) in dirs.iter().zip([
        "{% extends 'sub/../base.html' %}{% block b %}{{ block.super }} d1{% endblock %}",
        "{% block b %}d2{% endblock %}",
    ]) {
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("base.html"), body).unwrap();
    }
    let mut e = Engine::new();
    for dir in &dirs {
        e.add_template_directory(dir).unwrap();
    }
    assert_eq!(render(&e, "base.html").unwrap(), "d2 d1");
    for dir in &dirs {
        std::fs::remove_dir_all(dir).unwrap();
    }
}
