//! One `Engine` shared by 16 threads rendering while another thread keeps
//! rewriting a template file with reload on: every output is exactly one of
//! the complete versions, never a mix or a torn read, and the whole run
//! finishes within a deadline (a deadlock fails the test instead of hanging).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;

const THREADS: usize = 16;
/// Renders per thread: the 10,000 of the issue in release builds
/// (`cargo test --release`, about 3 s on two cores); debug builds
/// (`cargo test`) do 5,000 each, 80,000 in all, about 7 s.
const RENDERS: usize = if cfg!(debug_assertions) {
    5_000
} else {
    10_000
};
const DEADLINE: Duration = Duration::from_secs(120);

/// A version of the page: an `extends`, a loop and a long body, so a torn
/// or mixed version would show in the output.
fn page(version: char) -> String {
    let body: String = (0..50)
        .map(|i| format!("<p>{version}{i} {{{{ who }}}}</p>\n"))
        .collect();
    format!(
        "{{% extends 'base.html' %}}{{% block b %}}{version}:{{% for x in xs %}}[{version}{{{{ x }}}}]{{% endfor %}}\n{body}{version}-end{{% endblock %}}"
    )
}

fn expected(version: char) -> String {
    let body: String = (0..50)
        .map(|i| format!("<p>{version}{i} Ann &amp; Bob</p>\n"))
        .collect();
    format!("<main>{version}:[{version}1][{version}2][{version}3]\n{body}{version}-end</main>")
}

/// Replaces `path` atomically (write beside it, then rename), as editors
/// and deploy tools do, and moves its mtime forward so reload sees it.
/// `in_place` truncates and writes the file itself instead (`echo > file`).
fn replace(path: &Path, text: &str, step: u64, in_place: bool) {
    if in_place {
        std::fs::write(path, text).unwrap();
        return;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    let file = std::fs::File::options().write(true).open(&tmp).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(step))
        .unwrap();
    drop(file);
    std::fs::rename(&tmp, path).unwrap();
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("djula-concurrency-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Outcome {
    renders: usize,
    seen_a: usize,
    seen_b: usize,
    rewrites: usize,
    bad: Vec<String>,
}

fn run(dir: PathBuf, in_place: bool) -> Outcome {
    let settings = djula::Settings {
        reload: true,
        ..Default::default()
    };
    let mut engine = djula::Engine::with_settings(settings);
    engine.add_template_directory(&dir).unwrap();
    // The first version is loaded before any rewrite: from then on reload
    // always has a complete version to keep serving. (A first load that
    // meets a rewrite reads the file again a few times, a best effort.)
    assert!(engine.template("page.html").is_ok());
    let engine = Arc::new(engine);
    let done = Arc::new(AtomicBool::new(false));
    let rewrites = Arc::new(AtomicUsize::new(0));

    let writer = {
        let done = Arc::clone(&done);
        let rewrites = Arc::clone(&rewrites);
        let path = dir.join("page.html");
        std::thread::spawn(move || {
            let mut step = 1;
            while !done.load(Ordering::Relaxed) {
                step += 1;
                let version = if step % 2 == 0 { 'B' } else { 'A' };
                replace(&path, &page(version), step, in_place);
                rewrites.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };

    let (a, b) = (expected('A'), expected('B'));
    let readers: Vec<_> = (0..THREADS)
        .map(|_| {
            let engine = Arc::clone(&engine);
            let (a, b) = (a.clone(), b.clone());
            std::thread::spawn(move || {
                let ctx = json!({"who": "Ann & Bob", "xs": [1, 2, 3]});
                let (mut seen_a, mut seen_b, mut bad) = (0, 0, Vec::new());
                for _ in 0..RENDERS {
                    let out = engine
                        .template("page.html")
                        .and_then(|t| t.render(&ctx))
                        .unwrap_or_else(|e| format!("error: {e}"));
                    if out == a {
                        seen_a += 1;
                    } else if out == b {
                        seen_b += 1;
                    } else if bad.len() < 3 {
                        bad.push(out);
                    }
                }
                (seen_a, seen_b, bad)
            })
        })
        .collect();

    let mut outcome = Outcome {
        renders: 0,
        seen_a: 0,
        seen_b: 0,
        rewrites: 0,
        bad: Vec::new(),
    };
    for reader in readers {
        let (seen_a, seen_b, bad) = reader.join().unwrap();
        outcome.renders += RENDERS;
        outcome.seen_a += seen_a;
        outcome.seen_b += seen_b;
        outcome.bad.extend(bad);
    }
    done.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    outcome.rewrites = rewrites.load(Ordering::Relaxed);
    outcome
}

#[test]
fn sixteen_threads_render_while_the_template_is_rewritten() {
    check(false);
}

/// A file rewritten in place (truncated, then written) can be read between
/// the two steps; reload then keeps the last complete version (its
/// modification time moved while it was read, or it is empty).
#[test]
fn in_place_rewrites_are_never_served_torn() {
    check(true);
}

fn check(in_place: bool) {
    let dir = temp_dir(if in_place { "in-place" } else { "atomic" });
    std::fs::write(
        dir.join("base.html"),
        "<main>{% block b %}{% endblock %}</main>",
    )
    .unwrap();
    replace(&dir.join("page.html"), &page('A'), 1, false);

    // The run happens on its own thread; this one only waits, so a deadlock
    // anywhere inside shows as a missed deadline, not a hung test.
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let worker = {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let _ = tx.send(run(dir, in_place));
        })
    };
    let outcome = match rx.recv_timeout(DEADLINE) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no result after {DEADLINE:?}: deadlock or livelock")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The run panicked: show its panic.
            match worker.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the worker sends before it ends"),
            }
        }
    };
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(
        outcome.bad.is_empty(),
        "outputs that are no complete version ({} renders):\n{}",
        outcome.renders,
        outcome.bad.join("\n---\n")
    );
    assert_eq!(outcome.seen_a + outcome.seen_b, THREADS * RENDERS);
    assert!(
        outcome.rewrites > 10,
        "the writer rewrote the file only {} times",
        outcome.rewrites
    );
    assert!(
        outcome.seen_a > 0 && outcome.seen_b > 0,
        "reload showed both versions (A {}, B {}, {} rewrites)",
        outcome.seen_a,
        outcome.seen_b,
        outcome.rewrites
    );
    eprintln!(
        "{} renders on {THREADS} threads in {elapsed:?}: A {}, B {}; {} rewrites",
        outcome.renders, outcome.seen_a, outcome.seen_b, outcome.rewrites
    );
}
