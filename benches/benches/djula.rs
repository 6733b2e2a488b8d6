//! djula against its runtime peers (MiniJinja 2 and 3, Tera 2, Handlebars)
//! and, for reference, Askama (compile time) and the hand-written floor, on
//! big-table (100x100), teams and page (extends + include in a loop of 50 +
//! five filters + escaping). See `peers/mod.rs` for each engine's templates.
//!
//! Every render converts its context from the `Serialize` struct inside the
//! timed loop, as a handler pays it, except `djula-value` (the context
//! converted once, before) and the typed askama and floor. The outputs are
//! checked equal in `tests/outputs_agree.rs` (and again here, before timing).
//!
//! Groups: `big-table`, `teams`, `page`; `big-table-scale` (djula and
//! MiniJinja 2 at 10x10, 100x100, 1000x1000: criterion's throughput is cells
//! per second, so time per cell is its inverse); `compile` (a new engine with
//! the five bench templates compiled) and `new-engine` (an empty engine, to
//! tell construction from compilation).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../peers/mod.rs"]
mod peers;

fn workloads(c: &mut Criterion) {
    let all = peers::All::new();
    let data = peers::Data::standard();
    for workload in peers::WORKLOADS {
        let expected = benches::normalize(&all.render("djula", workload, &data));
        let mut group = c.benchmark_group(workload);
        for engine in peers::ENGINES {
            let render = all.renderer(engine, workload, &data);
            assert_eq!(
                benches::normalize(&render()),
                expected,
                "{engine} {workload}"
            );
            group.bench_function(engine, |b| b.iter(&render));
        }
        group.finish();
    }
}

fn scale(c: &mut Criterion) {
    let all = peers::All::new();
    let mut group = c.benchmark_group("big-table-scale");
    group.sample_size(10);
    for size in [10, 100, 1000] {
        let data = benches::big_table(size);
        group.throughput(Throughput::Elements((size * size) as u64));
        group.bench_with_input(BenchmarkId::new("djula", size), &data, |b, d| {
            b.iter(|| all.djula.render("big-table.html", d))
        });
        group.bench_with_input(BenchmarkId::new("minijinja2", size), &data, |b, d| {
            b.iter(|| all.minijinja2.render("big-table.html", d))
        });
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group.bench_function("djula", |b| b.iter(peers::Djula::new));
    group.bench_function("minijinja2", |b| b.iter(peers::MiniJinja2::new));
    group.bench_function("minijinja3", |b| b.iter(peers::MiniJinja3::new));
    group.bench_function("tera2", |b| b.iter(peers::Tera2::new));
    group.bench_function("handlebars", |b| b.iter(peers::Handlebars::new));
    group.finish();

    let mut group = c.benchmark_group("new-engine");
    group.bench_function("djula", |b| b.iter(djula::Engine::new));
    group.bench_function("minijinja2", |b| b.iter(minijinja::Environment::new));
    group.bench_function("minijinja3", |b| b.iter(minijinja3::Environment::new));
    group.bench_function("tera2", |b| b.iter(tera::Tera::new));
    group.bench_function("handlebars", |b| b.iter(handlebars::Handlebars::new));
    group.finish();
}

criterion_group!(benches, workloads, scale, compile);
criterion_main!(benches);
