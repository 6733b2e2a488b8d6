//! Memory held by compiled templates, against their source size: a
//! counting allocator's live bytes after compiling every template of a
//! corpus into one engine and keeping the compiled templates.
//!
//! ```text
//! cargo run --release -p benches --features peers --example template_memory [DIR…]
//! ```
//!
//! Two corpora: the distinct templates of Django's template tests
//! (`template-fixtures/conformance`, thousands of one-liners, where the
//! fixed cost per template shows) and a generated directory of page-sized
//! templates (the bench and example templates, each copy made distinct
//! by a comment, as a site's templates differ).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

/// The system allocator, counting live bytes.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

fn size(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the counter is a plain atomic and never touches the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(size(layout.size()), Relaxed);
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(size(layout.size()), Relaxed);
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(size(new_size) - size(layout.size()), Relaxed);
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The distinct template sources of the conformance fixtures.
fn conformance(dir: &Path) -> BTreeSet<String> {
    let mut sources = BTreeSet::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("the fixtures directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("a fixture file");
                let cases: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                for case in cases.as_array().into_iter().flatten() {
                    for source in case["templates"].as_object().into_iter().flatten() {
                        if let Some(s) = source.1.as_str() {
                            sources.insert(s.to_string());
                        }
                    }
                }
            }
        }
    }
    sources
}

/// `copies` distinct page-sized templates made from the bench and example
/// templates.
fn pages(root: &Path, copies: usize) -> Vec<String> {
    let files = [
        "bench/base.html",
        "bench/page.html",
        "bench/item.html",
        "bench/teams.html",
        "bench/big-table.html",
        "example/base.html",
        "example/page.html",
        "example/item.html",
    ];
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).expect("a template"))
        .collect();
    (0..copies)
        .flat_map(|i| texts.iter().map(move |t| format!("{{# copy {i} #}}{t}")))
        .collect()
}

/// Compiles every source (those that compile) and returns the live bytes
/// they hold, the source bytes and the number compiled.
fn measure(sources: &[String]) -> (isize, usize, usize) {
    let engine = djula::Engine::new();
    let before = LIVE.load(Relaxed);
    let mut kept = Vec::new();
    let mut source_bytes = 0;
    for (i, source) in sources.iter().enumerate() {
        if let Ok(t) = engine.compile_str(&format!("t{i}"), source) {
            source_bytes += source.len();
            kept.push(t);
        }
    }
    kept.shrink_to_fit();
    let held = LIVE.load(Relaxed)
        - before
        - size(kept.capacity() * std::mem::size_of::<djula::Template<'static>>());
    let n = kept.len();
    drop(kept);
    (held, source_bytes, n)
}

/// Every file of a directory tree (a site's or a project's templates).
fn directory(dir: &Path) -> Vec<String> {
    let mut sources = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("a template directory")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                sources.push(text);
            }
        }
    }
    sources
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures");
    let mut corpora = vec![
        (
            "conformance",
            conformance(&root.join("conformance"))
                .into_iter()
                .collect::<Vec<_>>(),
        ),
        ("pages ×200", pages(&root, 200)),
    ];
    // Any further arguments: directories of real templates, one corpus each.
    for dir in std::env::args().skip(1) {
        let sources = directory(Path::new(&dir));
        corpora.push((dir.leak(), sources));
    }
    println!("| corpus | templates | source bytes | held bytes | per template | ÷ source |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, sources) in corpora {
        let (held, source, n) = measure(&sources);
        println!(
            "| {name} | {n} | {source} | {held} | {} | {:.2}× |",
            held / size(n.max(1)),
            held as f64 / source.max(1) as f64
        );
    }
}
