//! The shared escaper against html-escape and against a bare copy (the floor).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// Short texts, what templates escape most often (names, titles), beside the
/// four 1 KB inputs.
fn short_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("short_clean_9b", "Guangzhou".to_string()),
        ("short_special_13b", "Tom & Jerry's".to_string()),
        (
            "title_40b",
            "Spring <sale> items at Tom's corner shop".to_string(),
        ),
    ]
}

fn escaping(c: &mut Criterion) {
    for (name, text) in benches::escape_inputs().into_iter().chain(short_inputs()) {
        let mut group = c.benchmark_group(format!("escape/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut out = String::with_capacity(8 * text.len());
        group.bench_function("filters", |b| {
            b.iter(|| {
                out.clear();
                filters::escape_into(&mut out, black_box(&text));
                black_box(out.len())
            })
        });
        group.bench_function("html_escape", |b| {
            b.iter(|| {
                out.clear();
                html_escape::encode_quoted_attribute_to_string(black_box(&text), &mut out);
                black_box(out.len())
            })
        });
        group.bench_function("push_str_floor", |b| {
            b.iter(|| {
                out.clear();
                out.push_str(black_box(&text));
                black_box(out.len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, escaping);
criterion_main!(benches);
