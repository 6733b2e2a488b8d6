//! A compiled template's text nodes are ranges of its source, read from
//! the source of the template being rendered (`Renderer::source`). These
//! renders cross templates in every way a page can (extends, blocks and
//! `block.super`, include inside a block and inside a loop, partials and
//! fragments, a single block): each template's text must come from its
//! own source, never from the one around it. Sources of different lengths
//! make a range read against the wrong source come out wrong or empty.

use djula::Engine;
use serde_json::json;

fn engine() -> Engine {
    engine_with(djula::Settings::default())
}

fn engine_with(settings: djula::Settings) -> Engine {
    let mut e = Engine::with_settings(settings);
    let templates = [
        (
            "base.html",
            "<html>[base-head]{% block title %}[base-title]{% endblock %}\
             {% block body %}[base-body]{% endblock %}[base-foot]</html>",
        ),
        (
            "page.html",
            "{% extends \"base.html\" %}{% block title %}[page-title]{{ block.super }}{% endblock %}\
             {% block body %}[page-body-start]{% include \"card.html\" %}\
             {% for i in items %}<{% include \"item.html\" %}>{% endfor %}\
             {% partial tail %}[page-body-end]{% endblock %}\
             {% partialdef tail %}[page-partial {{ items|length }}]{% endpartialdef %}",
        ),
        ("card.html", "[card: a longer text than the others {{ title }}]"),
        ("item.html", "[item {{ i }}]"),
    ];
    for (name, source) in templates {
        e.add_template(name, source).unwrap();
    }
    e
}

#[test]
fn every_template_writes_its_own_text() {
    let e = engine();
    let ctx = json!({"items": [1, 2], "title": "T"});
    let page = e.template("page.html").unwrap().render(&ctx).unwrap();
    assert_eq!(
        page,
        "<html>[base-head][page-title][base-title][page-body-start]\
         [card: a longer text than the others T]<[item 1]><[item 2]>\
         [page-partial 2][page-body-end][base-foot]</html>"
    );
}

#[test]
fn a_fragment_and_a_single_block_write_their_own_text() {
    let e = engine();
    let ctx = json!({"items": [1, 2, 3], "title": "T"});
    let fragment = e.template("page.html#tail").unwrap().render(&ctx).unwrap();
    assert_eq!(fragment, "[page-partial 3]");
    let title = e
        .template("page.html")
        .unwrap()
        .render_block("title", &ctx)
        .unwrap();
    assert_eq!(title, "[page-title][base-title]");
}

#[test]
fn the_tree_walker_writes_the_same_text() {
    // `catch_template_errors` runs every node on the tree walker, not the
    // flat program: the same bytes.
    let e = engine_with(djula::Settings {
        catch_template_errors: true,
        ..Default::default()
    });
    let ctx = json!({"items": [1, 2], "title": "T"});
    let walked = e.template("page.html").unwrap().render(&ctx).unwrap();
    assert_eq!(walked, {
        let e = engine();
        e.template("page.html").unwrap().render(&ctx).unwrap()
    });
}
