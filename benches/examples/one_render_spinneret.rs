//! Renders one workload of `benches/spinneret.rs` with one engine N times,
//! for callgrind (`benches/callgrind-spinneret.sh` builds and runs it and
//! makes the table).
//!
//! ```text
//! one_render_spinneret ENGINE WORKLOAD [N]
//!     ENGINE: spinneret spinneret-to sailfish sailfish-to maud markup
//!             hypertext floor floor-to
//!     WORKLOAD: big-table teams
//! ```
//!
//! Every engine renders once before the measured part, so the one-time
//! costs (the learned output size, the first growth of a reused buffer)
//! stay out: callgrind collects only inside `measured_renders`
//! (`--toggle-collect`).

use std::hint::black_box;

#[path = "../peers/spinneret.rs"]
mod peers;

/// The N renders callgrind counts; not inlined so its name survives LTO.
#[inline(never)]
fn measured_renders(render: &mut dyn FnMut() -> usize, n: usize) -> usize {
    let mut bytes = 0;
    for _ in 0..n {
        bytes += black_box(render());
    }
    bytes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(engine), Some(workload)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: one_render_spinneret ENGINE WORKLOAD [N]\n  engines: {:?}\n  workloads: {:?}",
            peers::ENGINES,
            peers::WORKLOADS
        );
        std::process::exit(2);
    };
    let n: usize = args.get(2).map_or(1, |s| s.parse().expect("N is a number"));
    let data = peers::Data::standard();
    let expected = peers::output("floor", workload, &data);
    assert_eq!(peers::output(engine, workload, &data), expected);
    let mut render = peers::renderer(engine, workload, &data);
    let warm = render();
    let bytes = measured_renders(&mut *render, n);
    println!(
        "{engine} {workload}: {n} renders, {} bytes each",
        bytes / n.max(1)
    );
    assert_eq!(bytes, warm * n);
    assert_eq!(warm, expected.len());
}
