//! XSS corpus: every payload of `template-fixtures/xss/expected.json`
//! (script tags, attribute breakouts, event handlers, `javascript:` URLs,
//! entities, broken tags, `</textarea>`/`</title>` breakouts, look-alikes)
//! through every filter that returns safe output, in text, quoted-attribute,
//! `href` and `<textarea>` positions, must render exactly as real Django
//! renders it. The expectations were recorded from Django by
//! `djula-rs/tests/xss/generate.py`.
//!
//! `template-fixtures/xss/known-differences.txt` lists the case ids
//! (`TEMPLATE#PAYLOAD`) that differ today, each reported as a bug; a new
//! difference fails the test, and so does a listed one that is fixed (remove
//! its line).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Value as Json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("template-fixtures")
        .join("xss")
}

#[test]
fn payloads_render_as_django_renders_them() {
    let text = std::fs::read_to_string(fixtures().join("expected.json")).unwrap();
    let data: Json = serde_json::from_str(&text).unwrap();
    let payloads = data["payloads"].as_array().unwrap();
    let templates = data["templates"].as_object().unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() > 10_000, "the corpus is complete");

    let known: BTreeSet<String> = std::fs::read_to_string(fixtures().join("known-differences.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect();

    let engine = djula::Engine::with_settings(djula::Settings {
        random_seed: Some(1),
        ..Default::default()
    });
    let mut differ = Vec::new();
    let mut new = Vec::new();
    let mut seen = BTreeSet::new();
    for case in cases {
        let name = case["template"].as_str().unwrap();
        let index = case["payload"].as_u64().unwrap() as usize;
        let id = format!("{name}#{index}");
        let payload = payloads[index].as_str().unwrap();
        let source = templates[name].as_str().unwrap();
        let context = json!({"p": payload, "lst": [payload, [payload, "<b>x</b>"], "plain"]});
        let got = engine
            .compile_str(name, source)
            .and_then(|t| t.render_value(djula::Value::from(&context)))
            .map_err(|e| e.to_string());
        let want = case["output"].as_str().unwrap();
        if got.as_deref() != Ok(want) {
            differ.push(id.clone());
            if !known.contains(&id) {
                new.push(format!(
                    "{id}\n    template: {source}\n    payload:  {payload:?}\n    django:   {want:?}\n    djula:    {got:?}"
                ));
            }
        }
        seen.insert(id);
    }
    let differ: BTreeSet<String> = differ.into_iter().collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|id| seen.contains(*id) && !differ.contains(*id))
        .collect();
    assert!(
        new.is_empty(),
        "{} case(s) differ from Django (of {}):\n{}",
        new.len(),
        cases.len(),
        new.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now equal to Django: remove from known-differences.txt: {fixed:?}"
    );
}

/// A printed `date` writes into the page in place; markup from its format
/// string is escaped all the same (Django's output, recorded).
#[test]
fn a_printed_date_escapes_its_format_text() {
    let engine = djula::Engine::new();
    let template = engine
        .compile_str(
            "t.html",
            r#"{{ d|date:"<b>Y</b> \&" }}|{% autoescape off %}{{ d|date:"<i>Y" }}{% endautoescape %}|{{ d|date:"\\<Y\\>" }}|{{ d|date:"P" }}"#,
        )
        .unwrap();
    let out = template
        .render(&json!({"d": {"__datetime__": "2025-06-04T15:07:00"}}))
        .unwrap();
    assert_eq!(
        out,
        "&lt;jun&gt;2025&lt;/jun&gt; &amp;|<07>2025|&lt;2025&gt;|3:07 p.m."
    );
}
