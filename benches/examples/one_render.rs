//! Renders one workload with one engine N times, for callgrind
//! (`benches/callgrind.sh` builds and runs it and makes the table).
//!
//! ```text
//! one_render ENGINE WORKLOAD [N]     ENGINE: djula djula-value minijinja2 minijinja3
//!                                            tera2 handlebars askama floor
//!                                    WORKLOAD: big-table teams page
//! one_render ENGINE compile [N]      a new engine with the five bench templates
//!                                    compiled (djula minijinja2 minijinja3 tera2 handlebars)
//! ```
//!
//! Every engine is set up and renders once before the measured part, so the
//! one-time costs (compiling, first buffer growth, lazy statics) stay out:
//! callgrind collects only inside `measured_renders` (`--toggle-collect`).

use std::hint::black_box;

#[path = "../peers/mod.rs"]
mod peers;

/// The N renders callgrind counts; not inlined so its name survives LTO.
#[inline(never)]
fn measured_renders(render: &dyn Fn() -> String, n: usize) -> usize {
    let mut bytes = 0;
    for _ in 0..n {
        bytes += black_box(render()).len();
    }
    bytes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(engine), Some(workload)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: one_render ENGINE WORKLOAD [N]\n  engines: {:?}\n  workloads: {:?}",
            peers::ENGINES,
            peers::WORKLOADS
        );
        std::process::exit(2);
    };
    let n: usize = args.get(2).map_or(1, |s| s.parse().expect("N is a number"));
    if workload == "compile" {
        let compile: fn() -> String = match engine.as_str() {
            "djula" => || {
                black_box(peers::Djula::new());
                String::new()
            },
            "minijinja2" => || {
                black_box(peers::MiniJinja2::new());
                String::new()
            },
            "minijinja3" => || {
                black_box(peers::MiniJinja3::new());
                String::new()
            },
            "tera2" => || {
                black_box(peers::Tera2::new());
                String::new()
            },
            "handlebars" => || {
                black_box(peers::Handlebars::new());
                String::new()
            },
            other => panic!("no compile step for {other}"),
        };
        compile();
        measured_renders(&compile, n);
        println!("{engine} compile: {n} times");
        return;
    }
    let all = peers::All::new();
    let data = peers::Data::standard();
    let render = all.renderer(engine, workload, &data);
    let warm = render();
    let bytes = measured_renders(&render, n);
    println!(
        "{engine} {workload}: {n} renders, {} bytes each",
        bytes / n.max(1)
    );
    assert_eq!(bytes, warm.len() * n);
}
