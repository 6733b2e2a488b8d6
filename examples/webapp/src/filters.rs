//! Custom template filters, registered at start-up as the cookbook's
//! `(def-filter :add …)` does.

use djula::Engine;

/// Registers every custom filter on `engine`. Templates are checked at
/// build time against the names declared in `embed!` (`templates.rs`):
/// add a new filter there too.
///
/// - `{{ name|initials }}`: `"Ada Lovelace"` → `"AL"` (at most three letters).
/// - `{{ n|count:"task" }}`: `1` → `"1 task"`, `3` → `"3 tasks"`,
///   `0` → `"no tasks"`; the argument can give the plural:
///   `count:"box,boxes"`.
pub fn register(engine: &mut Engine) {
    engine.def_filter("initials", initials);
    engine.def_filter("count", |n: i64, noun: Option<&str>| {
        count(n, noun.unwrap_or("item"))
    });
}

/// Up to three upper-case initials of the words of `name`.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .take(3)
        .collect()
}

/// `"1 task"`, `"2 tasks"`, `"no tasks"`; `noun` is `"singular"` or
/// `"singular,plural"`.
pub fn count(n: i64, noun: &str) -> String {
    let (one, many) = match noun.split_once(',') {
        Some((one, many)) => (one.to_string(), many.to_string()),
        None => (noun.to_string(), format!("{noun}s")),
    };
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_work_in_templates() {
        let mut e = Engine::new();
        register(&mut e);
        let ctx =
            serde_json::json!({"name": "ada king lovelace byron", "n": 3, "one": 1, "zero": 0});
        assert_eq!(
            e.render_str(
                "{{ name|initials }} {{ n|count:'task' }} {{ one|count:'box,boxes' }} {{ zero|count:'box,boxes' }}",
                &ctx
            )
            .unwrap(),
            "AKL 3 tasks 1 box no boxes"
        );
        assert!(e.render_str("{{ name|count }}", &ctx).is_err());
    }

    #[test]
    fn the_filters_declared_to_embed_are_the_ones_register_defines() {
        let declared = crate::templates::TEMPLATES.filters();
        // Declared but not registered would pass the build-time check and
        // fail at run time: each declared name works.
        let mut e = Engine::new();
        register(&mut e);
        for name in declared {
            e.render_str(&format!("{{{{ 1|{name} }}}}"), &())
                .unwrap_or_else(|err| panic!("{name}: {err:#}"));
        }
        // And each filter `register` defines is declared (read from this
        // file's code above the tests), so the two lists are the same.
        let source = include_str!("filters.rs");
        let code = &source[..source.find("#[cfg(test)]").unwrap()];
        let mut defined: Vec<&str> = code
            .split("engine.def_filter(\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let mut declared = declared.to_vec();
        defined.sort();
        declared.sort();
        assert_eq!(defined, declared);
    }
}
