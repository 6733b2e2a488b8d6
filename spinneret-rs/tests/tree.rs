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
        r#"<html lang="en"><head><meta charset="utf-8"></head><body><section><h2>x</h2></section></body></html>"#
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
