//! spinneret against maud, markup, sailfish and hypertext on the standard
//! Rust template benchmark workloads: big-table (100x100 integers) and teams
//! (four teams, the first highlighted), with a hand-written floor. The
//! engines live in `peers/spinneret.rs` (shared with the callgrind driver,
//! `examples/one_render_spinneret.rs`). Every engine's output is checked
//! equal before anything is timed; escaping is on everywhere.
//!
//! Each engine renders as `peers::spinneret::renderer` does: a fresh
//! `String` per render, or, for the `-to` engines, into one reused buffer.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../peers/spinneret.rs"]
mod peers;

fn workload(c: &mut Criterion, workload: &str) {
    let data = peers::Data::standard();
    peers::check_outputs_equal(&data);
    let mut group = c.benchmark_group(workload);
    for engine in peers::ENGINES {
        let mut render = peers::renderer(engine, workload, &data);
        group.bench_function(engine, |b| b.iter(&mut render));
    }
    group.finish();
}

fn big_table(c: &mut Criterion) {
    workload(c, "big-table");
}

fn teams(c: &mut Criterion) {
    workload(c, "teams");
}

criterion_group!(benches, big_table, teams);
criterion_main!(benches);
