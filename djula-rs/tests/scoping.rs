//! Names the renderer binds itself, as Django's context does: above
//! whatever the render's context holds.

use djula::Engine;

/// Inside a block, `block` is the block (Django binds it in the block's
/// frame), so `{{ block.super }}` is the parent's version even when the
/// context has a `block`; outside a block it is an ordinary name.
#[test]
fn block_in_a_block_is_the_block_whatever_the_context_holds() {
    let mut e = Engine::new();
    e.add_template("base", "{% block b %}base{% endblock %}")
        .unwrap();
    e.add_template(
        "child",
        "{% extends 'base' %}{% block b %}{{ block.super }}+child{% endblock %}",
    )
    .unwrap();
    let ctx = serde_json::json!({"block": {"super": "from the context"}});
    let child = e.template("child").unwrap();
    assert_eq!(child.render(&ctx).unwrap(), "base+child");
    assert_eq!(child.render(&()).unwrap(), "base+child");
    let outside = e.compile_str("t", "[{{ block.super }}]").unwrap();
    assert_eq!(outside.render(&ctx).unwrap(), "[from the context]");
    assert_eq!(outside.render(&()).unwrap(), "[]");
}

/// `{% empty %}` renders in the loop's frame (Django pushes it before it
/// looks at the list): an `as var` there ends with the loop.
#[test]
fn what_empty_binds_ends_with_the_loop() {
    let e = Engine::new();
    let t = e
        .compile_str(
            "t",
            "{% for i in l %}{% empty %}{% firstof 'x' as v %}[{{ v }}]{% endfor %}[{{ v }}]",
        )
        .unwrap();
    assert_eq!(t.render(&serde_json::json!({"l": []})).unwrap(), "[x][]");
}
