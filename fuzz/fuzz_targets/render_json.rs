//! A template and a JSON context, separated by the first NUL byte: compile,
//! then render; errors are fine, panics and hangs are not.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn engine() -> &'static djula::Engine {
    static ENGINE: OnceLock<djula::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        djula::Engine::with_settings(djula::Settings {
            max_output: 1 << 20,
            random_seed: Some(1),
            ..Default::default()
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (source, context) = text.split_once('\0').unwrap_or((text, "{}"));
    let Ok(json) = serde_json::from_str::<serde_json::Value>(context) else {
        return;
    };
    // A non-object context is offered as `v` (and `it`) so templates can reach it.
    let json = match json {
        serde_json::Value::Object(_) => json,
        other => serde_json::json!({"v": other.clone(), "it": other}),
    };
    let Ok(template) = engine().compile_str("fuzz.html", source) else {
        return;
    };
    if let Ok(out) = template.render_value(djula::Value::from(&json)) {
        assert!(
            out.len() <= 1 << 20,
            "max_output is {} bytes, got {}",
            1 << 20,
            out.len()
        );
    }
});
