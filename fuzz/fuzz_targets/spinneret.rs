//! spinneret's run-time trees: JSON to `Node` to HTML (text, attributes,
//! comments), the attribute lists of `Attrs`, and the pretty printer. Errors
//! are fine; panics are not, and escaped text and attribute values never
//! carry a raw `<`, `>` or `"`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinneret::tree::Node;
use spinneret::{Attrs, Render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(node) = Node::from_json(&json) {
            if let Ok(html) = node.render() {
                let _ = spinneret::pretty(html.as_str());
            }
        }
    }

    // Text and attribute values are escaped wherever they land.
    let (name, value) = text.split_once('\0').unwrap_or(("title", text));
    let p = Node::element("p")
        .attr("title", value)
        .child(Node::text(value));
    let html = p.render().expect("a p with a title renders");
    let html = html.as_str();
    let inner = &html["<p title=\"".len()..html.len() - "</p>".len()];
    // `inner` is `VALUE">TEXT`: the only `"` and `>` are the ones closing the tag.
    assert!(!inner.contains('<'), "{html:?}");
    assert_eq!(inner.matches('"').count(), 1, "{html:?}");
    assert_eq!(inner.matches('>').count(), 1, "{html:?}");
    let _ = spinneret::pretty(html);

    // A comment never closes early.
    if let Ok(c) = Node::Comment(value.to_string()).render() {
        let body = c.as_str();
        assert!(
            body.starts_with("<!--") && body.ends_with("-->"),
            "{body:?}"
        );
        assert_eq!(body.matches("-->").count(), 1, "{body:?}");
        assert!(!body.contains("--!>"), "{body:?}");
    }

    // Arbitrary attribute names and values through `Attrs`.
    let mut attrs = Attrs::new();
    attrs.set(name, value);
    attrs.class(value);
    attrs.extend([(value, name)]);
    let mut out = String::new();
    attrs.render_to(&mut out);
    let _ = attrs.get(name);
    let _ = Node::element("div").attr(name, value).render();
    let _ = Node::element(name).flag(value).render();
});
