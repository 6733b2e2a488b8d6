//! Django's own template tests (template-fixtures/conformance, copied from
//! ../shared/conformance/django) run through the library API. Every case id
//! listed in template-fixtures/conformance-passing.txt must keep passing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures")
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Runs one case; `Ok(())` when djula gives what Django gave.
fn run_case(case: &serde_json::Value) -> Result<(), String> {
    // A case's own settings map onto `Settings` as the CLI's file does.
    let mut settings: djula::Settings = match case.get("settings") {
        Some(s) if !s.is_null() => serde_json::from_value(s.clone()).map_err(|e| e.to_string())?,
        _ => djula::Settings::default(),
    };
    settings.autoescape = case["autoescape"].as_bool().unwrap_or(true);
    let invalid = case["string_if_invalid"].as_str().unwrap_or("");
    if !invalid.is_empty() {
        settings.undefined = djula::Undefined::StringIfInvalid(invalid.to_string());
    }
    let mut engine = djula::Engine::with_settings(settings);
    let templates = case["templates"].as_object().ok_or("no templates")?;
    let sources: Vec<(String, String)> = templates
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    engine.add_loader(Fixed(sources));
    let name = case["name"].as_str().ok_or("no name")?;
    let result = engine
        .template(name)
        .and_then(|t| t.render_value(djula::Value::from(&case["context"])));
    let expect = &case["expect"];
    match (expect.get("output"), result) {
        (Some(want), Ok(got)) => {
            let mut accepted = vec![want.as_str().unwrap_or("").to_string()];
            if let Some(also) = expect.get("also_accepted").and_then(|a| a.as_array()) {
                accepted.extend(also.iter().filter_map(|a| a.as_str().map(String::from)));
            }
            if accepted.contains(&got) {
                Ok(())
            } else {
                Err(format!("expected {want:?}, got {got:?}"))
            }
        }
        (Some(want), Err(e)) => Err(format!("expected {want:?}, got error {e}")),
        (None, Err(_)) => Ok(()),
        (None, Ok(got)) => Err(format!("expected an error, got {got:?}")),
    }
}

struct Fixed(Vec<(String, String)>);

impl djula::Loader for Fixed {
    fn load(&self, name: &str) -> Result<Option<String>, djula::Error> {
        Ok(self
            .0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone()))
    }
}

#[test]
fn django_conformance_ratchet() {
    let passing: HashSet<String> =
        std::fs::read_to_string(fixtures().join("conformance-passing.txt"))
            .expect("conformance-passing.txt")
            .lines()
            .map(str::to_string)
            .collect();
    let mut files = Vec::new();
    case_files(&fixtures().join("conformance"), &mut files);
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in files {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
        for case in cases {
            let id = case["id"].as_str().unwrap_or_default().to_string();
            if !passing.contains(&id) {
                continue;
            }
            checked += 1;
            if let Err(e) = run_case(&case) {
                failures.push(format!("{id}: {e}"));
            }
        }
    }
    assert!(checked > 1000, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "{} regressions:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
