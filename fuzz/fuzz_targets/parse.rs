//! Any text compiles to a template or to an error, never a panic.
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
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let _ = engine().compile_str("fuzz.html", source);
});
