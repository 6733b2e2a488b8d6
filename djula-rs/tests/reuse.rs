//! A render's context leaves its small blocks to the next conversion on
//! the thread (`value/spare.rs`). Nothing of one context may show in the
//! next: renders of random contexts, one after another on one thread,
//! print what a fresh thread (with nothing kept) prints.

use serde_json::{json, Value as Json};

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const KEYS: [&str; 8] = ["a", "b", "name", "tags", "x1", "note", "id", "<k>"];

fn random_value(rng: &mut Rng, depth: u32) -> Json {
    let kinds = if depth >= 3 { 5 } else { 7 };
    match rng.below(kinds) {
        0 => json!(rng.below(1000) as i64 - 500),
        1 => json!((rng.below(400) as f64) * 0.5),
        2 => json!(format!("s{} & <{}>", rng.below(50), rng.below(9))),
        3 => json!(rng.below(2) == 0),
        4 => Json::Null,
        5 => Json::Array(
            (0..rng.below(7))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = serde_json::Map::new();
            // Distinct keys in a random order: a kept dict of the same
            // length may hold other keys, or the same ones elsewhere.
            let mut keys = KEYS.to_vec();
            for _ in 0..rng.below(7) {
                let key = keys.remove(rng.below(keys.len() as u64) as usize);
                map.insert(key.to_string(), random_value(rng, depth + 1));
            }
            Json::Object(map)
        }
    }
}

/// A struct context, whose field names are the same `'static` texts in
/// every render.
#[derive(serde::Serialize, Clone)]
struct Row {
    id: i64,
    name: String,
    tags: Vec<String>,
    nested: Vec<Vec<i64>>,
}

fn render(template: &djula::Template, ctx: &Json, rows: &[Row]) -> String {
    #[derive(serde::Serialize)]
    struct Ctx<'a> {
        data: &'a Json,
        rows: &'a [Row],
    }
    template.render(&Ctx { data: ctx, rows }).unwrap()
}

#[test]
fn a_context_shows_nothing_of_the_last_one() {
    let engine = djula::Engine::new();
    let template = engine
        .compile_str(
            "t.html",
            "{{ data }}|{% for r in rows %}{{ r.id }}:{{ r.name }}:{{ r.tags|join:',' }}:{{ r.nested }};{% endfor %}",
        )
        .unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let ctx = random_value(&mut rng, 0);
        let rows: Vec<Row> = (0..rng.below(30))
            .map(|i| Row {
                id: i as i64,
                name: format!("row {i} & {}", rng.below(100)),
                tags: (0..rng.below(4)).map(|t| format!("t{t}")).collect(),
                nested: (0..rng.below(3)).map(|n| (0..n as i64).collect()).collect(),
            })
            .collect();
        let here = render(&template, &ctx, &rows);
        let fresh = std::thread::scope(|scope| {
            scope
                .spawn(|| render(&template, &ctx, &rows))
                .join()
                .unwrap()
        });
        assert_eq!(here, fresh, "round {round}: {ctx}");
        // And again on this thread, now filling this context's blocks.
        assert_eq!(render(&template, &ctx, &rows), fresh, "round {round} again");
    }
}
