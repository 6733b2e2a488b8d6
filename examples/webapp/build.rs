//! Compiles every template with djula now, so a broken template fails the
//! build with its file, line and source line (rust-embed embeds them, and
//! `static/`, in the binary: the app's release build needs no files).

use std::path::{Path, PathBuf};

include!("src/filter_names.rs");

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src/filter_names.rs");

    let templates = files(&root.join("templates"));

    // Compile every template as the app will, with stand-ins for the
    // custom filters (their names come from src/filter_names.rs).
    let mut engine = djula::Engine::new();
    for name in CUSTOM_FILTERS {
        engine.def_filter(name, |v: djula::Value, _arg: Option<djula::Value>| v);
    }
    for (_, path) in &templates {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    engine
        .add_template_directory(root.join("templates"))
        .expect("templates/ is a directory");
    if let Err(report) = engine.check() {
        // Printed on stderr, which cargo shows when the build script fails.
        eprintln!("\ntemplates/ does not compile:\n\n{report}\n");
        std::process::exit(1);
    }
}

/// Every file under `dir`, as (path relative to `dir` with `/`, full path), sorted.
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                found.push((rel.to_string_lossy().replace('\\', "/"), path));
            }
        }
    }
    found.sort();
    found
}
