//! A render from a context converted beforehand allocates only its output
//! buffer (issue 15's bar), on the bench workloads and on the common tags
//! and filters around them. `allocation_counter` counts this thread's
//! allocations, so the tests running beside it do not disturb the count.

use djula::{Engine, Template, Value};
use serde_json::json;

/// Allocations of one render of `template` with `ctx`, after a first
/// render (which loads includes and sizes the buffers).
fn allocations(template: &Template, ctx: &Value) -> u64 {
    let warm = template.render_value(ctx.clone()).unwrap();
    let mut again = String::new();
    let info = allocation_counter::measure(|| {
        again = template.render_value(ctx.clone()).unwrap();
    });
    assert_eq!(again, warm);
    info.count_total
}

fn bench_engine() -> Engine {
    let mut engine = Engine::new();
    for name in [
        "base.html",
        "item.html",
        "page.html",
        "teams.html",
        "big-table.html",
    ] {
        let path = format!(
            "{}/../template-fixtures/bench/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let source = std::fs::read_to_string(&path).unwrap();
        engine.add_template(name, &source).unwrap();
    }
    engine
}

fn page_context() -> Value {
    let items: Vec<_> = (1..=50)
        .map(|i| {
            json!({
                "id": i,
                "name": format!("Item <{i}> & \"co\""),
                "description": if i % 2 == 0 { "short".to_string() } else { "a long description ".repeat(4) },
                "price": f64::from(i) * 1.25,
                "added": "2024-05-06T07:08:09",
                "note": if i % 3 == 0 { json!(null) } else { json!("it's") },
                "tags": (0..i % 4).map(|t| if t == 1 { "<new>".to_string() } else { format!("t{t}") }).collect::<Vec<_>>(),
            })
        })
        .collect();
    djula::to_value(&json!({
        "site_name": "Tom & Jerry's",
        "title": "<Home>",
        "intro": "An introduction that is long enough to be cut by truncatechars at eighty characters, surely.",
        "footer": "\"the end\"",
        "items": items,
    }))
    .unwrap()
}

#[test]
fn the_bench_workloads_allocate_only_the_output() {
    let engine = bench_engine();
    let page = engine.template("page.html").unwrap();
    assert_eq!(allocations(&page, &page_context()), 1);

    let teams = djula::to_value(&json!({
        "year": 2015,
        "teams": [{"name": "Jiangsu", "score": 43}, {"name": "Beijing", "score": 27}],
    }))
    .unwrap();
    assert_eq!(
        allocations(&engine.template("teams.html").unwrap(), &teams),
        1
    );

    let rows: Vec<Vec<i64>> = (0..20)
        .map(|r| (0..20).map(|c| r * 20 + c).collect())
        .collect();
    let table = djula::to_value(&json!({ "table": rows })).unwrap();
    assert_eq!(
        allocations(&engine.template("big-table.html").unwrap(), &table),
        1
    );
}

#[test]
fn common_tags_and_filters_allocate_only_the_output() {
    let engine = bench_engine();
    let ctx = page_context();
    for source in [
        "{% for item in items %}{{ forloop.counter }}{% if forloop.first %}<b>{% endif %}{{ item.name|upper }}{% endfor %}",
        "{% for item in items %}{% if item.note %}{{ item.note|default:'-' }}{% else %}{{ item.price|floatformat }}{% endif %}{% endfor %}",
        "{% with t=title %}{{ t }}{% endwith %}{{ items|length }}{{ site_name|lower }}",
        "{% for item in items %}{{ item.added|date:'D d M Y' }}{{ item.tags|join:' / ' }}{% endfor %}",
        "{% extends 'base.html' %}{% block title %}<{{ site_name|upper }}>{% endblock %}",
        "{% for item in items %}{{ item.price|floatformat:2 }}|{{ item.price|floatformat:'-3' }}{% endfor %}",
    ] {
        let template = engine.compile_str("t.html", source).unwrap();
        let count = allocations(&template, &ctx);
        assert_eq!(count, 1, "allocations rendering {source}");
    }
}

/// Converting a `Serialize` context makes one allocation per dict (its
/// entries sit in one exactly sized block, built on a scratch stack kept
/// between conversions) and one per non-empty list (a short list is
/// gathered in a vector kept between conversions, a long one in a vector
/// of its own, freed at once). Its strings' text goes into one block, the
/// last conversion's taken back once its values are dropped (else a new
/// one: an `Arc` and its buffer, sized by the last conversion). The
/// derive's conversion makes the same blocks.
#[test]
fn converting_makes_one_block_per_dict_and_list_and_shares_one_for_text() {
    #[derive(serde::Serialize, djula::Context)]
    struct Team {
        name: String,
        score: u8,
        tags: Vec<String>,
    }
    #[derive(serde::Serialize, djula::Context)]
    struct Teams {
        year: u16,
        teams: Vec<Team>,
        empty: Vec<u8>,
    }
    let teams = |n: usize| Teams {
        year: 2015,
        teams: ["Jiangsu", "Beijing", "Guangzhou"]
            .iter()
            .cycle()
            .take(n)
            .enumerate()
            .map(|(i, name)| Team {
                name: name.to_string(),
                score: 40 - i as u8,
                tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            })
            .collect(),
        empty: Vec::new(),
    };
    let data = teams(3);
    let warm = djula::to_value(&data).unwrap();
    assert_eq!(
        warm.to_string(),
        "{'year': 2015, 'teams': [{'name': 'Jiangsu', 'score': 40, 'tags': []}, \
         {'name': 'Beijing', 'score': 39, 'tags': ['t0']}, \
         {'name': 'Guangzhou', 'score': 38, 'tags': ['t0', 't1']}], 'empty': []}"
    );
    let convert = |data: &Teams| {
        let mut value = Value::None;
        let info = allocation_counter::measure(|| value = djula::to_value(data).unwrap());
        (value, info.count_total, info.count_current)
    };
    // The outer dict, three team dicts, the list of them and two non-empty
    // tag lists; the text in the block taken back from `warm`'s conversion
    // (the empty lists share one).
    drop(warm);
    let (again, steady, live) = convert(&data);
    assert_eq!(steady, 1 + 3 + 1 + 2);
    assert_eq!(live, 1 + 3 + 1 + 2);
    // `again` still reads its text: a new block, an `Arc` and a buffer.
    let (kept, count, _) = convert(&data);
    assert_eq!(count, steady + 2);
    assert_eq!(kept, again);
    drop((again, kept));
    // Twice the teams, once the text block has grown: seven dicts, the
    // list of teams and four tag lists, however many strings.
    let doubled = teams(6);
    drop(convert(&doubled));
    let (converted, count, _) = convert(&doubled);
    assert_eq!(count, 1 + 6 + 5);
    // The derive's conversion: the same blocks, a list's items written
    // straight into its block (no vector to gather them first), its text
    // in its own block, taken back too.
    drop(djula::ToValue::to_value(&doubled));
    let mut typed = Value::None;
    let typed_info = allocation_counter::measure(|| {
        typed = djula::ToValue::to_value(&doubled);
    });
    assert_eq!(typed.to_string(), converted.to_string());
    assert_eq!(typed_info.count_total, 1 + 6 + 5);
}

/// A render that converts its `Serialize` context fills the small blocks
/// the last render's context left (`value/spare.rs`): once warm, it
/// allocates only its output, as a render from a converted context does.
#[test]
fn a_render_that_converts_its_context_allocates_only_the_output_once_warm() {
    #[derive(serde::Serialize)]
    struct Item {
        name: String,
        tags: Vec<String>,
        added: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Page {
        title: String,
        items: Vec<Item>,
    }
    let page = Page {
        title: "<Home>".into(),
        items: (0..40)
            .map(|i| Item {
                name: format!("Item {i} & co"),
                tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
                added: "2024-05-06T07:08:09",
            })
            .collect(),
    };
    let engine = Engine::new();
    let template = engine
        .compile_str(
            "t.html",
            "{{ title }}{% for item in items %}<li>{{ item.name }} {{ item.tags|join:', ' }}</li>{% endfor %}",
        )
        .unwrap();
    let first = template.render(&page).unwrap();
    let mut again = String::new();
    let info = allocation_counter::measure(|| again = template.render(&page).unwrap());
    assert_eq!(again, first);
    assert!(again.contains("<li>Item 2 &amp; co t0, t1</li>"));
    // The output, and the items' list, too long to be kept (40 items): the
    // vector it is gathered in and its block.
    assert_eq!(info.count_total, 3);
}

/// Nested lists and dicts do not keep a conversion's blocks alive once
/// its values are dropped: converting and dropping again and again holds
/// no more memory than the first time.
#[test]
fn dropped_conversions_free_their_blocks() {
    #[derive(serde::Serialize)]
    struct Row {
        cells: Vec<Vec<String>>,
        tags: Vec<String>,
        meta: std::collections::BTreeMap<String, Vec<i32>>,
    }
    let rows: Vec<Row> = (0..5)
        .map(|i| Row {
            cells: vec![vec![format!("c{i}"); 3]; 2],
            tags: vec![format!("t{i}")],
            meta: [("k".to_string(), vec![i, i + 1])].into_iter().collect(),
        })
        .collect();
    for _ in 0..3 {
        drop(djula::to_value(&rows).unwrap());
    }
    let info = allocation_counter::measure(|| drop(djula::to_value(&rows).unwrap()));
    assert_eq!(info.count_current, 0, "allocations left alive");
    assert!(info.count_total > 0);
}

/// A `Serialize` impl that goes on after an entry failed (here, a map
/// that skips the values it cannot convert) leaves nothing of the failed
/// value behind in the dict around it.
#[test]
fn a_failed_entry_leaves_nothing_on_the_scratch_stack() {
    struct Deep(usize);
    impl serde::Serialize for Deep {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut st = s.serialize_struct("Deep", 2)?;
            st.serialize_field("x", &1)?;
            if self.0 > 0 {
                st.serialize_field("d", &Deep(self.0 - 1))?;
            }
            st.end()
        }
    }
    struct Skipping;
    impl serde::Serialize for Skipping {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("a", &1)?;
            // Nests past the depth limit: fails half-way, after fields of
            // the inner structs were stacked.
            let _ = map.serialize_entry("deep", &Deep(djula::MAX_CONTEXT_DEPTH + 5));
            map.serialize_entry("b", &2)?;
            map.end()
        }
    }
    let v = djula::to_value(&Skipping).unwrap();
    assert_eq!(v.to_string(), "{'a': 1, 'b': 2}");
}
