//! The acceptance test of [`Template::undeclared_variables`] and the
//! analysis behind it: exact on Django's own template tests
//! (`template-fixtures/conformance`, the cases `tests/conformance.rs`
//! runs; each has templates and a context).
//!
//! For every case whose template compiles, the template is analysed and
//! then rendered with its context while the renderer notes each variable
//! path it looks up (`render::trace`, compiled into tests only) and
//! whether a binding of the templates (a frame of the context: a loop
//! variable, a `with` name, an `as var`) or the context itself answered.
//! The rules, all strict:
//!
//! 1. Every lookup the render makes is at a place the analysis reports
//!    (compared by the compiled path's address, so a template included
//!    twice or a loop body walked twice are told apart from other places).
//! 2. A lookup the context answered (or nobody: read-but-missing, which
//!    Django renders as `string_if_invalid`) is, in the analysis, a read
//!    that may fall through to the context; a lookup a binding answered is
//!    a read that may see a binding. So a name the analysis calls bound is
//!    never read from the context, and a name it reports as undeclared is,
//!    wherever the render reaches it, read from the context or at least
//!    may be (bound on one path of an `{% if %}` only, say).
//! 3. Every context key the analysis does not report is not read: the
//!    render gives the same result without it, and with it replaced by a
//!    probe (a truthy dict whose keys are every word of the templates, so
//!    `key.attr` finds something too). This checks the reads the renderer
//!    makes by name (`csrf_token`, `request`) as well, which rule 1 does
//!    not see.
//! 4. Every word of the templates that is neither a context key nor
//!    reported is not read either: adding it to the context as the probe
//!    changes nothing. (A name read but missing and not reported fails here.)
//!
//! Rules 3 and 4 leave out `True`, `False` and `None`: Django's context
//! always has them (a context may override them), and the analysis does
//! not report them, by design.
//!
//! Together: the undeclared names of a case are exactly the names its
//! render reads from the context, where the render reaches them; a name
//! reported only at places this render does not reach (the other branch of
//! an `{% if %}`, a `{% cycle %}` value not yet due, the body of a loop over
//! nothing) cannot be confirmed by one render, and is counted apart.
//!
//! Excluded, with the count printed: cases whose template does not compile
//! (nothing to analyse; Django's expected error), and cases where the
//! analysis itself says it could not follow a template: `{% include %}` or
//! `{% extends %}` of a name known only at render time. Rules 3 and 4 are
//! skipped for the few cases whose output changes from one render to the
//! next (`{% now %}` on a second's edge, `{% lorem random %}`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::{Engine, Loader, Template};
use crate::compile::analysis::{Analysis, Unbound, Why};
use crate::error::Error;
use crate::render::trace::{self, Answer};
use crate::settings::{Settings, Undefined};
use crate::value::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures")
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

struct Fixed(Vec<(String, String)>);

impl Loader for Fixed {
    fn load(&self, name: &str) -> Result<Option<String>, Error> {
        Ok(self
            .0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone()))
    }
}

/// The engine of a case, set up as `tests/conformance.rs` sets it up.
fn engine_for(case: &serde_json::Value) -> Engine {
    let mut settings: Settings = match case.get("settings") {
        Some(s) if !s.is_null() => serde_json::from_value(s.clone()).unwrap(),
        _ => Settings::default(),
    };
    settings.autoescape = case["autoescape"].as_bool().unwrap_or(true);
    let invalid = case["string_if_invalid"].as_str().unwrap_or("");
    if !invalid.is_empty() {
        settings.undefined = Undefined::StringIfInvalid(invalid.to_string());
    }
    let mut engine = Engine::with_settings(settings);
    let templates = case["templates"].as_object().unwrap();
    let sources = templates
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    engine.add_loader(Fixed(sources));
    engine
}

/// A render's result, comparable: the output, or the error's message.
fn render(template: &Template<'_>, ctx: &serde_json::Value) -> Result<String, String> {
    template
        .render_value(Value::from(ctx))
        .map_err(|e| e.to_string())
}

/// Every word of the case's templates (names, attributes, numbers).
fn words(case: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for source in case["templates"].as_object().unwrap().values() {
        let source = source.as_str().unwrap_or("");
        for word in source.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !word.is_empty() {
                out.insert(word.to_string());
            }
        }
    }
    out
}

/// A value that reading finds something in: a truthy dict whose keys are
/// every word of the templates, each a dict of the same keys to text.
fn probe(words: &BTreeSet<String>) -> serde_json::Value {
    let inner: serde_json::Map<String, serde_json::Value> = words
        .iter()
        .map(|w| (w.clone(), serde_json::Value::from("\u{2}probe\u{3}")))
        .collect();
    let outer: serde_json::Map<String, serde_json::Value> = words
        .iter()
        .map(|w| (w.clone(), serde_json::Value::Object(inner.clone())))
        .collect();
    serde_json::Value::Object(outer)
}

/// What the analysis says of each place: who may answer a read there.
fn places(analysis: &Analysis) -> HashMap<usize, BTreeSet<Answer>> {
    let mut places: HashMap<usize, BTreeSet<Answer>> = HashMap::new();
    for read in &analysis.reads {
        let place = places.entry(read.site).or_default();
        if !read.bindings.is_empty() {
            place.insert(Answer::Binding);
        }
        match read.unbound {
            Some(Unbound::Context) => place.insert(Answer::Context),
            Some(Unbound::Isolated) => place.insert(Answer::Isolated),
            None => false,
        };
    }
    places
}

#[test]
fn undeclared_variables_are_exact_on_djangos_template_tests() {
    let mut files = Vec::new();
    case_files(&fixtures().join("conformance"), &mut files);
    files.sort();
    let mut cases = 0;
    let mut not_compiling = 0;
    let mut excluded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unsteady = 0;
    let mut checked = 0;
    let mut lookups = 0;
    let (mut confirmed, mut unreached) = (0, 0);
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        for case in all {
            cases += 1;
            let id = case["id"].as_str().unwrap_or_default().to_string();
            let engine = engine_for(&case);
            let name = case["name"].as_str().unwrap();
            let Ok(template) = engine.template(name) else {
                not_compiling += 1;
                continue;
            };
            let analysis = template.analysis();
            let dynamic = analysis
                .unfollowed
                .iter()
                .find(|u| matches!(u.why, Why::DynamicInclude | Why::DynamicExtends));
            if let Some(u) = dynamic {
                excluded.entry(format!("{:?}", u.why)).or_default().push(id);
                continue;
            }
            checked += 1;
            let reported = analysis.undeclared(false);
            let context = case["context"].clone();
            let keys: BTreeSet<String> = context
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();

            // Rules 1 and 2: every lookup of the render, against the analysis.
            trace::start();
            let base = render(&template, &context);
            let notes = trace::take();
            lookups += notes.len();
            let places = places(&analysis);
            let mut from_context = BTreeSet::new();
            for (site, path, answer) in &notes {
                match places.get(site) {
                    None => failures.push(format!(
                        "{id}: the render reads `{path}` at a place the analysis does not know"
                    )),
                    Some(may) if !may.contains(answer) => failures.push(format!(
                        "{id}: `{path}`: {answer:?} answered; the analysis says {may:?}"
                    )),
                    Some(_) => {
                        if *answer == Answer::Context {
                            let head = path.split('.').next().unwrap_or_default();
                            from_context.insert(head.to_string());
                        }
                    }
                }
            }
            for name in &reported {
                if from_context.contains(name) {
                    confirmed += 1;
                } else {
                    unreached += 1;
                    if std::env::var("SHOW_UNREACHED").is_ok() {
                        println!("UNREACHED {id} {name} {:?}", case["templates"]);
                    }
                }
            }

            // Rules 3 and 4: names not reported are not read.
            if render(&template, &context) != base {
                unsteady += 1;
                continue;
            }
            let words = words(&case);
            let probe = probe(&words);
            // Django's `True`, `False` and `None` are context names a
            // context may override; the analysis does not report them.
            let builtin = |name: &str| ["True", "False", "None"].contains(&name);
            for key in keys.difference(&reported).filter(|k| !builtin(k)) {
                let mut without = context.clone();
                without.as_object_mut().unwrap().remove(key);
                let mut probed = context.clone();
                probed[key] = probe.clone();
                for (how, ctx) in [("without", &without), ("with a probe for", &probed)] {
                    if render(&template, ctx) != base {
                        failures.push(format!(
                            "{id}: context key `{key}` is not reported, but the render changes {how} it"
                        ));
                    }
                }
            }
            for word in &words {
                if keys.contains(word)
                    || reported.contains(word)
                    || builtin(word)
                    || word.starts_with(|c: char| c.is_ascii_digit())
                {
                    continue;
                }
                let mut probed = context.clone();
                if !probed.is_object() {
                    probed = serde_json::json!({});
                }
                probed[word] = probe.clone();
                if render(&template, &probed) != base {
                    failures.push(format!(
                        "{id}: `{word}` is not reported, but the render changes when the context has it"
                    ));
                }
            }
        }
    }
    let excluded_count: usize = excluded.values().map(Vec::len).sum();
    println!(
        "{cases} cases: {checked} checked, {not_compiling} do not compile, {excluded_count} excluded \
         ({}), {unsteady} with unsteady output (rules 3, 4 skipped); {lookups} lookups compared; \
         reported names: {confirmed} read from the context by the render, {unreached} not \
         (reported where the render did not reach, or read by name: csrf_token, csp_nonce, \
         or cache vary_on values, which Django resolves and djula does not; SHOW_UNREACHED=1 lists them)",
        excluded
            .iter()
            .map(|(why, ids)| format!("{why}: {}", ids.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(checked > 1000, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
