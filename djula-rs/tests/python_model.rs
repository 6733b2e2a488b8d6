//! Python's data model as Django sees it: attributes and zero-argument
//! methods of str, int, float, bool, list, dict, date, datetime and time,
//! `str()` and `repr()` of what they return, and the filters that index
//! (`first`, `last`, `random`). Every expected output in
//! `template-fixtures/python-model/cases.json` was recorded from Django 6.1
//! (`record.py` there).

use std::path::Path;

#[test]
fn djula_renders_what_django_rendered() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures/python-model/cases.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
    let context = djula::Value::from(&fixture["context"]);
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() > 150, "{} cases", cases.len());
    let engine = djula::Engine::new();
    let mut wrong = Vec::new();
    for case in cases {
        let template = case["template"].as_str().unwrap();
        let got = engine
            .compile_str("t.html", template)
            .and_then(|t| t.render_value(context.clone()));
        match (&case["output"], got) {
            (serde_json::Value::String(want), Ok(got)) if *want == got => {}
            (serde_json::Value::Null, Err(_)) if case["error"] == true => {}
            (want, got) => wrong.push(format!("{template}\n  django: {want}\n  djula:  {got:?}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
