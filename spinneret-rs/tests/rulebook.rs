//! Spinneret's page rules live once, in `filters::spinneret_rules` (and
//! `filters::html5`), for the macro and the runtime alike.
//!
//! This test reads every source file of the runtime (`src`) and the macro
//! crate (`macros/src`) and fails on code, outside comments, that writes one
//! of those rules again: the `h*` clamp, the `html`/`head` defaults, token
//! de-duplication, the automatic-space test on two known characters. Call
//! the rulebook instead; to allow a pattern, remove it here, on purpose.

use std::path::{Path, PathBuf};

/// Each pattern, and the rulebook function that replaces it.
const FORBIDDEN: &[(&str, &str)] = &[
    ("clamp(1, 6)", "spinneret_rules::heading_level"),
    ("format!(\"h{", "spinneret_rules::heading_name"),
    ("\"lang\", \"en\"", "spinneret_rules::default_attribute"),
    ("lang=\\\"en\\\"", "spinneret_rules::default_attribute"),
    ("<meta charset", "spinneret_rules::META_CHARSET"),
    ("== \"charset\"", "spinneret_rules::is_meta_charset"),
    ("\"UTF-8\"", "spinneret_rules::CHARSET"),
    ("\"&#39;\"", "spinneret_rules::APOSTROPHE"),
    ("unwrap_or(\"en\")", "spinneret_rules::DEFAULT_LANG"),
    ("contains(&token)", "spinneret_rules::add_token"),
    ("contains(&escaped)", "spinneret_rules::add_token"),
    ("t == token", "spinneret_rules::token_is_new"),
    ("fn has_token", "spinneret_rules::token_is_new"),
    ("seen.contains(t)", "spinneret_rules::token_is_new"),
    ("space_after(prev) &&", "spinneret_rules::wants_space"),
    ("space_after(a) &&", "spinneret_rules::wants_space"),
    // Each half of the automatic-space rule, called on its own, is the
    // rule written again: `space_between` decides with what is known.
    ("html5::space_after(", "spinneret_rules::space_between"),
    ("html5::space_before(", "spinneret_rules::space_between"),
    ("fn ends_with_block_tag", "spinneret_rules::side_before"),
    ("fn tag_at(", "spinneret_rules::side_before"),
];

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn rules_are_written_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("macros/src"), &mut files);
    assert!(files.len() > 5, "no sources found under {}", root.display());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for (pattern, instead) in FORBIDDEN {
                if code.contains(pattern) {
                    found.push(format!(
                        "{}:{}: `{pattern}` again: call `filters::{instead}`",
                        file.strip_prefix(root).unwrap_or(file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "rules written twice:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_guard_sees_a_second_definition() {
    let copy = "    heading = format!(\"h{}\", (depth + 1).clamp(1, 6));";
    assert!(FORBIDDEN.iter().any(|(p, _)| copy.contains(p)));
}
