//! djula's layers run one way: each module uses only the layers below it.
//!
//! This test reads every source file, finds each path into another layer
//! outside comments (`crate::x`, `use crate::{x, y::{z}}`, and `super::`
//! chains that climb to the crate root), and fails on an arrow the table
//! below does not allow. To add an arrow, add it here, on purpose; the
//! table itself must list each layer after the ones it uses.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use, bottom first.
const LAYERS: &[(&str, &[&str])] = &[
    // Helpers with no dependency: the stack guard, "did you mean".
    ("support", &[]),
    // The runtime value and Python's data model.
    ("value", &["support"]),
    // A context's shape from its Rust type, and the const checker of
    // paths (which reads value's tables of Python's methods).
    ("shape", &["value"]),
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
            "render", "compile", "syntax", "builtins", "shape", "value", "settings", "error",
            "i18n", "support",
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

/// The library code of a file: without comments (so doc links do not
/// count as arrows) and without its `#[cfg(test)] mod` (tests may reach
/// anywhere, and their `super::` means something else).
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
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

fn identifier(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The first segments of the paths in a `{…}` group (nested groups
/// included: their first segments are not top-level modules).
fn group_heads(group: &str, used: &mut BTreeSet<String>) {
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                push_head(&group[start..i], used);
                return;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                push_head(&group[start..i], used);
                start = i + 1;
            }
            _ => {}
        }
    }
    push_head(&group[start..], used);
}

fn push_head(part: &str, used: &mut BTreeSet<String>) {
    let name = identifier(part);
    if !name.is_empty() && name != "self" {
        used.insert(name);
    }
}

/// The top-level modules a file reaches: through `crate::`, or through
/// `depth` `super::`s (the file's depth below the crate root), which lead
/// to the crate root too.
fn used_layers(source: &str, depth: usize) -> BTreeSet<String> {
    let code = without_comments(source);
    let mut used = BTreeSet::new();
    let mut roots = vec!["crate::".to_string()];
    if depth > 0 {
        roots.push("super::".repeat(depth));
    }
    for root in &roots {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(root.as_str()) {
            let before = rest[..at].chars().last();
            rest = &rest[at + root.len()..];
            // `$crate::`, identifiers ending in `crate`, and a longer
            // `super::` chain (counted by its own length) are not this root.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
                continue;
            }
            if rest.starts_with("super::") {
                continue;
            }
            match rest.strip_prefix('{') {
                Some(group) => group_heads(group, &mut used),
                None => push_head(rest, &mut used),
            }
        }
    }
    used
}

/// How many `super::` lead from `file` to the crate root: 1 for
/// `src/error.rs` and `src/value/mod.rs`, 2 for `src/value/python.rs`.
fn depth_of(src: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(src).unwrap();
    let folders = relative.components().count() - 1;
    if relative.file_name().is_some_and(|n| n == "mod.rs") {
        folders
    } else {
        folders + 1
    }
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
        // The crate root sits above everything.
        if layer == "lib" {
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
        for used in used_layers(&source, depth_of(&src, file)) {
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
        "use crate::value::Value;\nuse crate::{error::{Error, Span}, settings};\n// crate::engine\nfn f() { crate::render::x(); $crate::no(); super::super::engine::E; super::x(); }",
        2,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["engine", "error", "render", "settings", "value"]);
}

#[test]
fn the_table_lists_each_layer_after_the_layers_it_uses() {
    for (i, (layer, allowed)) in LAYERS.iter().enumerate() {
        for used in *allowed {
            let below = LAYERS[..i].iter().any(|(name, _)| name == used);
            assert!(
                below,
                "{layer} may use {used}, which is not listed before it"
            );
        }
    }
}
