//! XSS corpus through spinneret: each payload of
//! `template-fixtures/xss/expected.json` spliced as text, as attribute
//! values (quoted, `href`, `class`, `data-*`, spread, on an element whose
//! tag is chosen at run time), as a run-time tag name, as an attribute
//! name, into `<title>`, `<textarea>`, comments, CDATA sections and
//! `script` JSON, and through the filters that return safe HTML. The output
//! is parsed with an HTML5 parser (`scraper`/html5ever): it must hold
//! exactly the elements and attributes the template has (the same tree as
//! with a harmless value), and text and attribute values must read back as
//! the payload.

use std::path::PathBuf;

use scraper::{ElementRef, Html, Node};
use spinneret::filters::html::{linebreaks, linebreaksbr, urlize, urlizetrunc};
use spinneret::{html, Attrs, Markup, TagName};

fn payloads() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("template-fixtures")
        .join("xss")
        .join("expected.json");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut all: Vec<String> = data["payloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert!(all.len() >= 50, "the corpus is complete");
    // A few spinneret-specific ones: comment and raw-text breakouts.
    all.extend(
        [
            "--><script>alert(1)</script><!--",
            "--!><img src=x onerror=alert(1)>",
            "<!-",
            "</script><!--<script>",
            "<!--",
            "\u{0}<script>",
        ]
        .map(String::from),
    );
    all
}

/// Every element of a document as `tag[attr,attr]`, in document order.
fn shape(doc: &Html) -> Vec<String> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .map(|e| {
            let mut attrs: Vec<&str> = e.value().attrs().map(|(n, _)| n).collect();
            attrs.sort_unstable();
            format!("{}[{}]", e.value().name(), attrs.join(","))
        })
        .collect()
}

fn parse(markup: &Markup) -> Html {
    Html::parse_document(markup.as_str())
}

fn first<'a>(doc: &'a Html, tag: &str) -> ElementRef<'a> {
    let selector = scraper::Selector::parse(tag).unwrap();
    doc.select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no <{tag}> in {}", doc.html()))
}

fn comments(doc: &Html) -> usize {
    doc.tree
        .root()
        .descendants()
        .filter(|n| matches!(n.value(), Node::Comment(_)))
        .count()
}

/// The templates: each renders a payload somewhere a browser could be
/// tricked; a harmless value gives the reference shape.
fn page(p: &str) -> Markup {
    let mut spread = Attrs::new();
    spread.set("data-spread", p);
    spread.class(p);
    let dynamic = TagName::parse("article.dyn").unwrap();
    html! {
        html {
            head { title { (p) } }
            body {
                div #text { (p) }
                div #fmt { ("before {} after", p) }
                a #attrs href=(p) title=(p) class=(p) data-x=(p) aria-label=(p) { "x" }
                span #spread ..(spread) { "s" }
                @tag(dynamic) #dynamic title=(p) data-x=(p) { (p) }
                textarea #ta { (p) }
                pre #pre { (p) }
                div #comment { @comment(p) }
                script #json type="application/json" { @json(&p) }
                input #input value=(p) placeholder=(p);
            }
        }
    }
}

#[test]
fn payloads_never_add_elements_or_attributes() {
    let reference = shape(&parse(&page("harmless")));
    let reference_comments = comments(&parse(&page("harmless")));
    let mut failures = Vec::new();
    for p in payloads() {
        let markup = page(&p);
        let doc = parse(&markup);
        if shape(&doc) != reference {
            failures.push(format!(
                "payload {p:?} changed the tree:\n  want {reference:?}\n  got  {:?}\n  html {}",
                shape(&doc),
                markup.as_str()
            ));
            continue;
        }
        // The payload as an attribute name: written only when it is a valid
        // name, and then as exactly one attribute.
        let mut named = Attrs::new();
        named.set(&p, "v");
        let named = html! { span ..(named) { } };
        let names: Vec<String> = first(&parse(&named), "span")
            .value()
            .attrs()
            .map(|(n, _)| n.to_string())
            .collect();
        if names.len() > 1 || names.first().is_some_and(|n| *n != p.to_ascii_lowercase()) {
            failures.push(format!(
                "payload {p:?} as a name gave {names:?}: {}",
                named.as_str()
            ));
        }
        // The payload as a run-time tag name: refused, or exactly one
        // element of that name with its shorthand's class and id.
        if let Ok(tag) = TagName::parse(&p) {
            let name = tag.name().to_ascii_lowercase();
            let dynamic = html! { div #box { @tag(tag) { "d" } } };
            let got = shape(&parse(&dynamic));
            let ok = got.len() == 5
                && got[4].starts_with(&format!("{name}["))
                && ["[]", "[class]", "[id]", "[class,id]"]
                    .iter()
                    .any(|a| got[4].ends_with(a));
            if !ok {
                failures.push(format!(
                    "payload {p:?} as a tag name gave {got:?}: {}",
                    dynamic.as_str()
                ));
            }
        }
        // CDATA: inside SVG the text reads back; outside, HTML reads bogus
        // comments that the payload cannot leave.
        let cdata = html! { div #cdata { @cdata(&p) } svg { text #svgcdata { @cdata(&p) } } };
        let cdata_doc = parse(&cdata);
        let cdata_shape = shape(&cdata_doc);
        if cdata_shape != shape(&parse(&html! { div #cdata { } svg { text #svgcdata { } } })) {
            failures.push(format!(
                "@cdata: payload {p:?} changed the tree: {cdata_shape:?}\n  html {}",
                cdata.as_str()
            ));
        } else {
            let svg_text: String = first(&cdata_doc, "#svgcdata").text().collect();
            if svg_text != p.replace('\0', "\u{fffd}") {
                failures.push(format!(
                    "@cdata in svg: payload {p:?} reads back as {svg_text:?}"
                ));
            }
            let html_text: String = first(&cdata_doc, "#cdata").text().collect();
            if html_text.chars().any(|c| c != '>') {
                failures.push(format!(
                    "@cdata in div: payload {p:?} left text {html_text:?} outside the sections"
                ));
            }
        }
        if comments(&doc) != reference_comments {
            failures.push(format!(
                "payload {p:?} changed the comments: {}",
                markup.as_str()
            ));
        }
        // HTML5 parsing turns NUL into U+FFFD in RCDATA and attributes (and
        // drops it in body text), and drops a leading newline in
        // <pre>/<textarea>; compare what survives.
        let read_back = p.replace('\0', "\u{fffd}");
        let text_of = |sel: &str| first(&doc, sel).text().collect::<String>();
        for sel in ["title", "#text", "#ta"] {
            let text = text_of(sel);
            let want = match sel {
                "#ta" => read_back
                    .strip_prefix('\n')
                    .unwrap_or(&read_back)
                    .to_string(),
                // In body text the parser drops a NUL instead.
                "#text" => p.replace('\0', ""),
                _ => read_back.clone(),
            };
            if text != want {
                failures.push(format!("{sel}: payload {p:?} reads back as {text:?}"));
            }
        }
        let a = first(&doc, "#attrs").value();
        for name in ["href", "title", "data-x", "aria-label"] {
            if a.attr(name) != Some(read_back.as_str()) {
                failures.push(format!(
                    "{name}=: payload {p:?} reads back as {:?}",
                    a.attr(name)
                ));
            }
        }
        let dynamic = first(&doc, "#dynamic").value();
        for name in ["title", "data-x"] {
            if dynamic.attr(name) != Some(read_back.as_str()) {
                failures.push(format!(
                    "{name}= on @tag: payload {p:?} reads back as {:?}",
                    dynamic.attr(name)
                ));
            }
        }
        let input = first(&doc, "#input").value();
        if input.attr("value") != Some(read_back.as_str()) {
            failures.push(format!(
                "value=: payload {p:?} reads back as {:?}",
                input.attr("value")
            ));
        }
        let json = text_of("#json");
        match serde_json::from_str::<String>(&json) {
            Ok(back) if back == p => {}
            other => failures.push(format!("@json: payload {p:?} reads back as {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Elements and attributes a filter may add itself, beside the container.
fn allowed(filter: &str, element: &str, attr: Option<&str>) -> bool {
    matches!(
        (filter, element, attr),
        ("urlize" | "urlizetrunc", "a", None | Some("href" | "rel"))
            | ("linebreaks", "p" | "br", None)
            | ("linebreaksbr", "br", None)
    )
}

/// A URL a browser would run as script, as it reads the attribute.
fn scripting_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

#[test]
fn safe_filters_add_only_their_own_markup() {
    let mut failures = Vec::new();
    for p in payloads() {
        for (filter, out) in [
            ("urlize", urlize(&p, true)),
            ("urlizetrunc", urlizetrunc(&p, 15, true)),
            ("linebreaks", linebreaks(&p, true)),
            ("linebreaksbr", linebreaksbr(&p, true)),
        ] {
            let markup = html! { div #box { (out) } };
            let doc = parse(&markup);
            let container = first(&doc, "#box");
            for e in container.descendants().filter_map(ElementRef::wrap).skip(1) {
                let name = e.value().name();
                if !allowed(filter, name, None) {
                    failures.push(format!(
                        "{filter}: payload {p:?} added <{name}>: {}",
                        markup.as_str()
                    ));
                }
                for (attr, value) in e.value().attrs() {
                    if !allowed(filter, name, Some(attr)) {
                        failures.push(format!(
                            "{filter}: payload {p:?} added {attr}= on <{name}>: {}",
                            markup.as_str()
                        ));
                    }
                    if attr == "href" && scripting_url(value) {
                        failures.push(format!(
                            "{filter}: payload {p:?} made a script link {value:?}"
                        ));
                    }
                }
            }
            // Nothing escapes the container.
            let outside = shape(&doc)
                .iter()
                .filter(|s| {
                    !s.starts_with("html[") && !s.starts_with("head[") && !s.starts_with("body[")
                })
                .count();
            let inside = container.descendants().filter_map(ElementRef::wrap).count();
            if outside != inside {
                failures.push(format!(
                    "{filter}: payload {p:?} broke out: {}",
                    markup.as_str()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
