//! The run-time tree (Spinneret's interpret-html-tree).

use spinneret::tree::{Node, TreeError};

#[test]
fn tree_escapes_text_and_attributes() {
    let t = Node::element("a")
        .attr("title", "\"")
        .child(Node::text("<"));
    assert_eq!(
        t.render().unwrap().as_str(),
        r#"<a title="&quot;">&lt;</a>"#
    );
}

#[test]
fn tree_rejects_unknown_elements() {
    assert_eq!(
        Node::element("blink").render(),
        Err(TreeError::UnknownElement("blink".into()))
    );
}

#[test]
fn tree_rejects_disallowed_attributes() {
    assert!(matches!(
        Node::element("p").attr("href", "x").render(),
        Err(TreeError::AttributeNotAllowed { .. })
    ));
}

#[test]
fn tree_rejects_void_content() {
    let t = Node::element("br").child(Node::text("x"));
    assert_eq!(t.render(), Err(TreeError::VoidWithContent("br".into())));
}

#[test]
fn tree_headings_and_defaults() {
    let t = Node::element("html").child(Node::element("head")).child(
        Node::element("body")
            .child(Node::element("section").child(Node::element("h*").child(Node::text("x")))),
    );
    assert_eq!(
        t.render().unwrap().as_str(),
        r#"<html lang="en"><head><meta charset="UTF-8"></head><body><section><h2>x</h2></section></body></html>"#
    );
}

#[test]
fn tree_from_json() {
    let json = serde_json::json!(["p", {"class": "x", "hidden": true, "title": null}, "Hello", ["b", "you"], "!"]);
    assert_eq!(
        Node::from_json(&json).unwrap().render().unwrap().as_str(),
        r#"<p class="x" hidden>Hello<b>you</b>!</p>"#
    );
}

#[test]
fn tree_depth_is_bounded() {
    let mut json = serde_json::json!("x");
    for _ in 0..300 {
        json = serde_json::json!(["div", json]);
    }
    assert_eq!(Node::from_json(&json), Err(TreeError::TooDeep));
}

#[test]
fn tree_spaces_text_after_inline_elements_but_not_before_them() {
    let t = Node::element("div")
        .child(Node::text("hello"))
        .child(Node::element("a").attr("href", "#"))
        .child(Node::text("there world"));
    assert_eq!(
        t.render().unwrap().as_str(),
        r##"<div>hello<a href="#"></a> there world</div>"##
    );
}

#[test]
fn tree_shorthand_is_the_one_tag_name_uses() {
    assert_eq!(
        Node::element("p.a.b#x#y").render().unwrap().as_str(),
        r#"<p class="a b" id="x"></p>"#
    );
    for bad in ["div.", "div..a", "#x", "div.a b"] {
        assert_eq!(
            Node::element(bad).render(),
            Err(TreeError::BadShorthand(bad.into())),
            "{bad:?}"
        );
        assert!(spinneret::TagName::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn tree_spaces_after_inline_elements_written_with_shorthand() {
    let t = Node::element("p")
        .child(Node::element("b.x").child(Node::text("bold")))
        .child(Node::text("text"));
    assert_eq!(
        t.render().unwrap().as_str(),
        r#"<p><b class="x">bold</b> text</p>"#
    );
}
