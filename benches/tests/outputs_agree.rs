//! Before anything is timed: every engine writes the same page as djula,
//! modulo the differences `benches::normalize` documents (whitespace runs
//! holding a newline; `&#39;`, `&#x2f;`, `&#x3D;`, `&#x60;` and Askama's
//! decimal entities against Django's `&#x27;`, named entities and plain `/`,
//! `=`, `` ` ``). Anything else is a difference in
//! work done, which would make the timings compare nothing.

#[path = "../peers/mod.rs"]
mod peers;

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let start = a[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    format!(
        "at byte {at}:\n djula: {:?}\n other: {:?}",
        a[start..].chars().take(140).collect::<String>(),
        b.get(start..)
            .unwrap_or("")
            .chars()
            .take(140)
            .collect::<String>()
    )
}

#[test]
fn every_engine_writes_what_djula_writes() {
    let all = peers::All::new();
    let data = peers::Data::standard();
    for workload in peers::WORKLOADS {
        let djula = all.render("djula", workload, &data);
        let expected = benches::normalize(&djula);
        for engine in peers::ENGINES {
            let got = benches::normalize(&all.render(engine, workload, &data));
            assert!(
                got == expected,
                "{engine} differs from djula on {workload} {}",
                first_difference(&expected, &got)
            );
        }
    }
}

#[test]
fn the_floor_is_byte_exact() {
    // The hand-written versions copy djula's whitespace too, so no
    // normalization is needed: a stricter check of the data and filters.
    let all = peers::All::new();
    let data = peers::Data::standard();
    for workload in peers::WORKLOADS {
        let djula = all.render("djula", workload, &data);
        let floor = all.render("floor", workload, &data);
        assert!(
            floor == djula,
            "floor differs on {workload} {}",
            first_difference(&djula, &floor)
        );
    }
}

#[test]
fn the_page_exercises_what_it_claims() {
    let all = peers::All::new();
    let data = peers::Data::standard();
    let page = all.render("djula", "page", &data);
    for needle in [
        "<title>Spring &lt;sale&gt; items | Tom &amp; Jerry&#x27;s Shop</title>", // extends + block
        "<li id=\"item-50\">",                // include in the loop
        "<span class=\"price\">61.75</span>", // floatformat
        "<time>2024-02-22 01:43</time>",      // date
        "<span class=\"note\">none</span>",   // default
        "<span class=\"tags\">sale, &lt;new&gt;, gift</span>", // join
        "that&#x27;s we…</p>",                // truncatechars
    ] {
        assert!(page.contains(needle), "{needle} not in\n{page}");
    }
    assert_eq!(page.matches("<li id=").count(), 50);
}

#[test]
fn big_table_scales_agree() {
    let all = peers::All::new();
    for size in [10, 1000] {
        let data = benches::big_table(size);
        let djula = all.djula.render("big-table.html", &data);
        assert_eq!(djula.matches("<td>").count(), size * size);
        assert_eq!(
            benches::normalize(&all.minijinja2.render("big-table.html", &data)),
            benches::normalize(&djula)
        );
    }
}

#[path = "../peers/spinneret.rs"]
mod spinneret_peers;

#[test]
fn every_spinneret_peer_writes_the_same_bytes() {
    // Byte for byte, both workloads, every engine and both ways of
    // rendering (a fresh String, a caller's buffer).
    let data = spinneret_peers::Data::standard();
    spinneret_peers::check_outputs_equal(&data);
}
