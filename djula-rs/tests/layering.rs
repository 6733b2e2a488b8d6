//! djula's layers run one way: each module uses only the layers below it.
//!
//! This test reads every source file, finds each `crate::…` path outside
//! comments (in `use` lines and inline), and fails on an arrow the table
//! below does not allow. To add an arrow, add it here, on purpose.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use, bottom first.
const LAYERS: &[(&str, &[&str])] = &[
    // Helpers with no dependency: the stack guard, "did you mean".
    ("support", &[]),
    // The runtime value and Python's data model.
    ("value", &[]),
    // Engine settings: modes as enums.
    ("settings", &[]),
    // The one error type (converts value's conversion errors).
    ("error", &["value", "support"]),
    // gettext catalogs, plural rules, Django's message-id rules.
    ("i18n", &["error"]),
    // Filter and tag definitions over values and the `filters` crate.
    ("builtins", &["value", "settings", "error", "support"]),
    // Lexer, parser (which tags exist comes from builtins' libraries table
    // and the custom tags registered), conditions, message extraction.
    ("syntax", &["builtins", "error", "i18n", "support"]),
    // What the renderer runs, from what the parser reads.
    (
        "compile",
        &[
            "syntax", "builtins", "value", "settings", "error", "i18n", "support",
        ],
    ),
    // Runs compiled templates; other templates only through a trait.
    (
        "render",
        &[
            "compile", "builtins", "value", "settings", "error", "i18n", "support",
        ],
    ),
    // Engine, loaders, cache, Template: the top of the library.
    (
        "engine",
        &[
            "render", "compile", "syntax", "builtins", "value", "settings", "error", "i18n",
            "support",
        ],
    ),
    // Conveniences over the public API (see FACADES).
    ("global", &[]),
    ("axum", &[]),
];

/// Modules that sit on top of the public API: they may use what the crate
/// root exports (`crate::Engine`, `crate::to_value`), and no layer inside.
const FACADES: &[&str] = &["global", "axum"];

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a file belongs to: its top folder, or its own name.
fn layer_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The source without comments (line comments, doc comments, blocks), so
/// doc links do not count as arrows.
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let code = match line.find("//") {
            // A `//` inside a string literal is rare enough in this crate's
            // `crate::` lines to ignore: cut at the first one.
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The top-level modules a file reaches through `crate::`.
fn used_layers(source: &str) -> BTreeSet<String> {
    let code = without_comments(source);
    let mut used = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` and identifiers ending in `crate` are not this crate.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::b, c};`: every first segment in the group.
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.insert(name);
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        used.insert(name);
    }
    used
}

#[test]
fn no_layer_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let layer = layer_of(&src, file);
        // The crate root and the CLI sit above everything.
        if layer == "lib" || layer == "bin" {
            continue;
        }
        let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            wrong.push(format!(
                "{}: layer '{layer}' is not in the table of this test",
                file.display()
            ));
            continue;
        };
        let source = std::fs::read_to_string(file).unwrap();
        for used in used_layers(&source) {
            if used == layer {
                continue;
            }
            let is_layer = LAYERS.iter().any(|(name, _)| *name == used);
            if FACADES.contains(&layer.as_str()) {
                if is_layer {
                    wrong.push(format!(
                        "{}: {layer} is a facade: use the public API, not crate::{used}",
                        file.display()
                    ));
                }
                continue;
            }
            if used.starts_with(char::is_uppercase) || !is_layer {
                wrong.push(format!(
                    "{}: uses crate::{used} through the crate root; name its module",
                    file.display()
                ));
            } else if !allowed.contains(&used.as_str()) {
                wrong.push(format!("{}: {layer} -> {used}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the layering does not allow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_layer_is_a_folder_or_a_leaf_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (layer, _) in LAYERS {
        let folder = src.join(layer);
        let leaf = src.join(format!("{layer}.rs"));
        assert!(
            folder.is_dir() || leaf.is_file(),
            "{layer}: no src/{layer}/ or src/{layer}.rs"
        );
    }
    // The pipeline's stages are folders whose names say what they are.
    for stage in ["value", "builtins", "syntax", "compile", "render", "engine"] {
        assert!(
            src.join(stage).join("mod.rs").is_file(),
            "src/{stage}/ is a folder"
        );
    }
}

#[test]
fn the_reader_of_paths_finds_arrows() {
    let found = used_layers(
        "use crate::value::Value;\nuse crate::{error::Error, settings};\n// crate::engine\nfn f() { crate::render::x(); $crate::no(); }",
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["error", "render", "settings", "value"]);
}
