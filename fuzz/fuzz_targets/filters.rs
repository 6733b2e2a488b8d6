//! Every built-in filter with an arbitrary value and argument:
//! `{{ v|NAME }}` and `{{ v|NAME:a }}`.
//!
//! Input: byte 0 picks the filter, byte 1 the shape of `v` (string, number,
//! list of the words, safe string, number-like string), the rest is
//! `value NUL argument`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

struct Compiled {
    engine: &'static djula::Engine,
    names: Vec<&'static str>,
}

fn compiled() -> &'static Compiled {
    static ENGINE: OnceLock<djula::Engine> = OnceLock::new();
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let engine = ENGINE.get_or_init(|| {
            djula::Engine::with_settings(djula::Settings {
                max_output: 1 << 20,
                random_seed: Some(1),
                ..Default::default()
            })
        });
        let names = filters::flags::BUILTIN_FILTERS
            .iter()
            .map(|(name, _)| *name)
            .collect();
        Compiled { engine, names }
    })
}

fuzz_target!(|data: &[u8]| {
    let c = compiled();
    let [pick, shape, rest @ ..] = data else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let name = c.names[*pick as usize % c.names.len()];
    let (value, arg) = rest.split_once('\0').unwrap_or((rest, ""));
    let v = match shape % 6 {
        0 => serde_json::json!(value),
        1 => value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| serde_json::json!(value.len())),
        2 => serde_json::json!(value.split(' ').collect::<Vec<_>>()),
        3 => serde_json::json!({"__safe__": value}),
        4 => serde_json::json!([value, [value, [value]]]),
        _ => serde_json::json!({"k": value, "n": value.len()}),
    };
    let ctx = djula::Value::from(&serde_json::json!({"v": v, "a": arg}));
    for source in [
        format!("{{{{ v|{name} }}}}"),
        format!("{{{{ v|{name}:a }}}}"),
        format!("<p title=\"{{{{ v|{name}:a }}}}\">{{% autoescape off %}}{{{{ v|{name}:a }}}}{{% endautoescape %}}</p>"),
    ] {
        if let Ok(t) = c.engine.compile_str("filter.html", &source) {
            let _ = t.render_value(ctx.clone());
        }
    }
});
