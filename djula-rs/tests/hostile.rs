//! Hostile templates and data: each gets an error or a bounded result, never
//! a crash, a hang or a stack overflow. Generated in code, not committed as
//! huge files. Run on test threads, whose stacks are small (2 MiB).

use djula::{Engine, ErrorKind};
use serde_json::json;

fn render(source: &str) -> Result<String, djula::Error> {
    Engine::new().render_str(source, &json!({"x": "v", "xs": [1, 2], "n": 3}))
}

fn expect_limit(source: &str) {
    match render(source) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::Limit, "{e}"),
        Ok(out) => panic!("expected a limit error, got {} bytes", out.len()),
    }
}

const DEEP: usize = 100_000;

#[test]
fn deeply_nested_tags_are_a_limit_error() {
    expect_limit(&("{% if x %}".repeat(DEEP) + &"{% endif %}".repeat(DEEP)));
    expect_limit(&("{% for a in xs %}".repeat(DEEP) + &"{% endfor %}".repeat(DEEP)));
    expect_limit(&("{% with a=x %}".repeat(DEEP) + &"{% endwith %}".repeat(DEEP)));
    let blocks: String = (0..DEEP).map(|i| format!("{{% block b{i} %}}")).collect();
    expect_limit(&(blocks + &"{% endblock %}".repeat(DEEP)));
}

#[test]
fn unclosed_deep_nesting_is_an_error_too() {
    assert!(render(&"{% if x %}".repeat(DEEP)).is_err());
}

#[test]
fn long_filter_chains_and_paths_are_bounded() {
    let chain = format!("{{{{ x{} }}}}", "|upper".repeat(DEEP));
    assert_eq!(render(&chain).unwrap(), "V");
    let path = format!("{{{{ x{} }}}}", ".y".repeat(DEEP));
    assert_eq!(render(&path).unwrap(), "");
}

#[test]
fn long_conditions_are_flat_or_a_limit() {
    let and_chain = format!(
        "{{% if {} %}}yes{{% endif %}}",
        vec!["x"; DEEP].join(" and ")
    );
    assert_eq!(render(&and_chain).unwrap(), "yes");
    let nots = format!("{{% if {}x %}}yes{{% endif %}}", "not ".repeat(DEEP));
    expect_limit(&nots);
    let eqs = format!(
        "{{% if {} %}}yes{{% endif %}}",
        vec!["x"; DEEP].join(" == ")
    );
    expect_limit(&eqs);
}

#[test]
fn huge_templates_render_in_linear_time() {
    let big = "<p>text &amp; more</p>\n".repeat(1_000_000);
    assert_eq!(render(&big).unwrap().len(), big.len());
    let openers = "{{ {% {# ".repeat(500_000);
    assert_eq!(render(&openers).unwrap().len(), openers.len());
    let vars = "{{ x }}".repeat(500_000);
    assert_eq!(render(&vars).unwrap().len(), 500_000);
}

#[test]
fn self_inclusion_is_a_limit_error() {
    let mut engine = Engine::new();
    engine
        .add_template("loop.html", "a{% include 'loop.html' %}")
        .unwrap();
    let err = engine
        .template("loop.html")
        .unwrap()
        .render(&json!({}))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit, "{err}");
    let mut engine = Engine::new();
    engine
        .add_template("a.html", "{% extends 'b.html' %}")
        .unwrap();
    engine
        .add_template("b.html", "{% extends 'a.html' %}")
        .unwrap();
    let err = engine
        .template("a.html")
        .unwrap()
        .render(&json!({}))
        .unwrap_err();
    assert!(
        err.to_string().contains("a.html -> b.html -> a.html"),
        "{err}"
    );
}

#[test]
fn absurd_filter_arguments_do_not_allocate_or_panic() {
    for source in [
        "{{ x|center:99999999999 }}",
        "{{ x|ljust:99999999999 }}",
        "{{ 1.5|floatformat:999999999 }}",
        "{{ 1.5|floatformat:-999999999 }}",
        "{% widthratio 1e308 1e-308 1e308 %}",
        "{% widthratio 5 0 100 %}",
        "{{ xs|slice:'::0' }}",
        "{{ x|wordwrap:0 }}",
        "{{ x|truncatechars:-5 }}",
        "{{ n|add:9223372036854775807 }}",
        "{{ n|divisibleby:0 }}",
        "{{ n|get_digit:99999 }}",
        "{% lorem 99999999999 w %}",
    ] {
        match render(source) {
            Ok(out) => assert!(out.len() < 1_000_000, "{source}: {} bytes", out.len()),
            Err(e) => assert!(!e.message().is_empty(), "{source}"),
        }
    }
}

#[test]
fn invalid_utf8_template_files_are_an_error() {
    let dir = std::env::temp_dir().join(format!("djula-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.html"), b"ok \xff\xfe bad").unwrap();
    std::fs::write(dir.join("later.html"), b"a\nb\nxx\xc3\xa9\xffyy").unwrap();
    std::fs::create_dir_all(dir.join("folder")).unwrap();
    std::fs::write(dir.join("page.html"), "{% include 'folder' %}").unwrap();
    let mut engine = Engine::new();
    engine.add_template_directory(&dir).unwrap();
    let err = engine.check().unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
    // The place of the first bad byte, as an editor counts: line 3, column 4.
    let err = engine.template("later.html").unwrap_err();
    assert!(
        err.to_string()
            .contains("later.html:3:4: the template is not valid UTF-8"),
        "{err}"
    );
    // Including something that is no file is an error at the tag.
    let err = engine
        .template("page.html")
        .unwrap()
        .render(&())
        .unwrap_err();
    assert_eq!(err.line(), Some(1), "{err:#}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn deeply_nested_context_is_an_error() {
    // serde_json itself refuses JSON nested deeper than 128 levels; a Rust
    // value nested deeper than our limit is refused by the converter.
    let mut deep = json!(1);
    for _ in 0..1_000 {
        deep = json!([deep]);
    }
    let err = Engine::new()
        .render_str("{{ x }}", &json!({ "x": deep }))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Context, "{err}");
    // Dropping `deep` (serde_json's own recursive drop) is fine at this depth.
}

#[test]
fn fuel_bounds_the_work_of_a_render() {
    let settings = djula::Settings {
        fuel: Some(10_000),
        ..Default::default()
    };
    let engine = Engine::with_settings(settings);
    let ctx = json!({"xs": (0..1000).collect::<Vec<_>>()});
    let bomb = "{% for a in xs %}{% for b in xs %}{{ a }}{% endfor %}{% endfor %}";
    let err = engine.render_str(bomb, &ctx).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit, "{err}");
    assert!(err.to_string().contains("fuel budget of 10000"), "{err}");
    assert_eq!(
        engine
            .render_str("{% for a in xs %}.{% endfor %}", &ctx)
            .unwrap()
            .len(),
        1000
    );
}

/// 60 templates, each including the next one twice: 2^60 includes. Under
/// default settings the fuel budget ends it with a limit error.
#[test]
fn a_runaway_include_tree_ends_under_default_settings() {
    let mut engine = Engine::new();
    for level in 0..60 {
        let next = level + 1;
        engine
            .add_template(
                &format!("t{level}.html"),
                &format!("{{% include 't{next}.html' %}}{{% include 't{next}.html' %}}"),
            )
            .unwrap();
    }
    engine.add_template("t60.html", "x").unwrap();
    let err = engine.template("t0.html").unwrap().render(&()).unwrap_err();
    assert_eq!(err.kind(), djula::ErrorKind::Limit, "{err}");
    assert!(err.message().contains("fuel budget"), "{err}");
}

/// The default budget is far above a big real page: a 1,000 × 1,000
/// table stays within 5 million steps (of the default 100 million).
#[test]
fn a_big_real_page_is_far_below_the_default_budget() {
    let engine = Engine::with_settings(djula::Settings {
        fuel: Some(5_000_000),
        ..Default::default()
    });
    let row: Vec<u32> = (0..1000).collect();
    let rows = vec![row; 1000];
    let out = engine
        .render_str(
            "<table>{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>",
            &json!({ "rows": rows }),
        )
        .unwrap();
    assert!(out.len() > 10_000_000);
    const { assert!(djula::DEFAULT_FUEL >= 20 * 5_000_000) };
}

/// Values Python's data model has no JSON for: an infinite float in
/// `filesizeformat` is Python's `int(inf)` OverflowError, NaN its
/// ValueError (`0 bytes`); a 50,000-key dict read in a loop stays linear.
#[test]
fn non_json_floats_and_big_dicts() {
    let engine = djula::Engine::new();
    let render = |source: &str, ctx: &djula::Value| {
        engine.compile_str("t", source)?.render_value(ctx.clone())
    };
    let mut map = djula::Map::new();
    map.insert("inf", djula::Value::Float(f64::INFINITY));
    map.insert("nan", djula::Value::Float(f64::NAN));
    let floats = djula::Value::from(map);
    let error = render("{{ inf|filesizeformat }}", &floats).unwrap_err();
    assert!(error.to_string().contains("OverflowError"), "{error}");
    assert_eq!(
        render("{{ nan|filesizeformat }}", &floats).unwrap(),
        "0\u{a0}bytes"
    );
    let mut big = djula::Map::new();
    for i in 0..50_000 {
        big.insert(format!("k{i}"), djula::Value::Int(i));
    }
    let mut ctx = djula::Map::new();
    ctx.insert("d", djula::Value::from(big));
    ctx.insert(
        "items",
        djula::Value::list((0..50_000).map(djula::Value::Int).collect()),
    );
    let page = render(
        "{% for i in items %}{{ d.missing }}{{ d.k49999 }}{% endfor %}",
        &djula::Value::from(ctx),
    )
    .unwrap();
    assert_eq!(page.len(), 5 * 50_000);
}

/// A backtracking pattern (Djula's `scan` with a look-ahead whose inner
/// searches rescan the text) in a loop: each search is measured and charged
/// to the fuel, so the render stops with a limit error instead of running
/// for minutes; a linear pattern in the same loop, with the same fuel,
/// finishes.
#[test]
fn backtracking_regular_expressions_are_charged_to_the_fuel() {
    let engine = Engine::with_settings(djula::Settings {
        fuel: Some(2_000_000),
        ..Default::default()
    });
    let ctx = json!({"l": (0..20).collect::<Vec<_>>(), "s": " ".repeat(5_000)});
    let looped = |pattern: &str| {
        format!(
            "{{% for a in l %}}{{% for b in l %}}{{{{ s|scan:\"{pattern}\" }}}}{{% endfor %}}{{% endfor %}}"
        )
    };
    let err = engine.render_str(&looped("(?=( *)*$)x"), &ctx).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit, "{err}");
    let page = engine.render_str(&looped("x"), &ctx).unwrap();
    assert_eq!(page, "");
    let dates = json!({"l": [1, 2], "s": "2050-10-03"});
    let page = engine.render_str(&looped("(?<=-)[0-9]+"), &dates).unwrap();
    assert_eq!(page, "10".repeat(4));
}

/// Filters that multiply what they are given (`join` with a long
/// separator, `add` doubling through `{% with %}`, `make_list`) fail with a
/// limit error before they build a value larger than the whole output may
/// be: a short template cannot make the process run out of memory.
#[test]
fn no_value_grows_past_the_output_limit() {
    let engine = Engine::with_settings(djula::Settings {
        max_output: 100_000,
        ..Default::default()
    });
    let ctx = json!({"v0": "ab", "s": ""});
    let limit_error = |source: &str| {
        let err = engine.render_str(source, &ctx).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Limit, "{err}");
        err.to_string()
    };
    let join = format!(
        "{{{{ s|ljust:\"1000\"|make_list|join:\"{}\"|length }}}}",
        "x".repeat(200)
    );
    assert!(limit_error(&join).contains("'join'"));
    let doubling: String = (0..20)
        .map(|i| format!("{{% with v{}=v{i}|add:v{i} %}}", i + 1))
        .chain(["{{ v20|length }}".to_string()])
        .chain((0..20).map(|_| "{% endwith %}".to_string()))
        .collect();
    let message = format!("{:#}", engine.render_str(&doubling, &ctx).unwrap_err());
    // The error points at the `{% with %}` whose value would be too large.
    assert!(
        message.contains("'add'") && message.contains(" --> "),
        "{message}"
    );
    limit_error(&doubling);
    assert!(limit_error("{{ s|ljust:\"100000\"|make_list|length }}").contains("'make_list'"));
    // Below the limit the same filters work.
    assert_eq!(
        engine
            .render_str("{{ s|ljust:\"1000\"|make_list|join:\"--\"|length }}", &ctx)
            .unwrap(),
        "2998"
    );
}

/// Every iteration costs fuel, also of a loop whose body is empty, and a
/// loop over a string pays for the characters it makes: nested loops with
/// nothing inside end with a limit error, not after hours.
#[test]
fn empty_loop_bodies_still_use_fuel() {
    let engine = Engine::with_settings(djula::Settings {
        fuel: Some(1_000_000),
        ..Default::default()
    });
    let ctx = json!({"xs": (0..200).collect::<Vec<_>>(), "s": ""});
    for bomb in [
        "{% for a in xs %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endfor %}",
        "{% for a in xs %}{% for b in s|ljust:\"1000\" %}{% endfor %}{% endfor %}",
        "{% for a in xs %}{% if a %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endif %}{% endfor %}",
    ] {
        let err = engine.render_str(bomb, &ctx).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Limit, "{bomb}: {err}");
    }
    // 200 × 200 empty iterations fit.
    let fits = "{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}.";
    assert_eq!(engine.render_str(fits, &ctx).unwrap(), ".");
}

/// Thousands of names bound in one scope (one `{% with %}` of many, or
/// `… as name` tags in a row) are found by hash past a few dozen, and a
/// tag's bindings are read in one pass: linear, where a search of the
/// scope per name made a 1 MB template take seconds. What is checked here
/// is that every name still means what Django makes it mean.
#[test]
fn thousands_of_names_in_one_scope_keep_their_values() {
    const NAMES: usize = 20_000;
    // One `with`: a name given twice keeps its first place and last value.
    let bindings: String = (0..NAMES).map(|i| format!("n{i}={i} ")).collect();
    let source = format!("{{% with {bindings}n5=\"last\" %}}{{{{ n5 }}}}/{{{{ n19999 }}}}/{{{{ n0 }}}}{{% endwith %}}{{{{ n5 }}}}");
    assert_eq!(render(&source).unwrap(), "last/19999/0");
    // `… as name` in a row binds in the innermost scope, each found after.
    let tags: String = (0..NAMES)
        .map(|i| format!("{{% firstof {i} as m{i} %}}"))
        .collect();
    let source = format!("{{% for a in xs %}}{tags}{{{{ m7 }}}}{{{{ m19998 }}}}{{{{ a }}}};{{% endfor %}}{{{{ m7 }}}}.");
    assert_eq!(render(&source).unwrap(), "7199981;7199982;.");
    // An `include … with` of many names, and the same name bound again.
    let mut engine = Engine::new();
    engine
        .add_template("inc", "{{ k3 }}{{ k19999 }}{{ x }}")
        .unwrap();
    let with: String = (0..NAMES).map(|i| format!("k{i}={i} ")).collect();
    let source = format!("{{% include \"inc\" with {with}k3=\"x\" %}}");
    let out = engine.render_str(&source, &json!({"x": "v"})).unwrap();
    assert_eq!(out, "x19999v");
}

/// Constructs whose cost grew with the square of their count (found by
/// timing them at growing sizes): each now renders what Django renders,
/// in one pass over its parts.
#[test]
fn many_named_cycles_partials_and_keywords_render_right() {
    // One named cycle of many values, referred to many times: the
    // references share the values (each used to copy them all).
    let values: String = (0..2_000).map(|i| format!("\"v{i}\" ")).collect();
    let source = format!(
        "{{% cycle {values}as c silent %}}{}",
        "{% cycle c %}".repeat(2_000)
    );
    assert_eq!(render(&source).unwrap(), "");
    let source =
        format!("{{% cycle {values}as c silent %}}{{% cycle c %}}{{% cycle c %}}{{{{ c }}}}");
    assert_eq!(render(&source).unwrap(), "v2");
    // Many names, each defined and then referred to (the later definition
    // of a name is the one a reference finds).
    let defs: String = (0..3_000)
        .map(|i| format!("{{% cycle \"a{i}\" \"b{i}\" as c{i} silent %}}"))
        .collect();
    let refs: String = (0..3_000).map(|i| format!("{{% cycle c{i} %}}")).collect();
    let again = "{% cycle \"x\" \"y\" as c7 silent %}{% cycle c7 %}{{ c7 }}";
    let out = render(&format!("{defs}{refs}{{{{ c2999 }}}}{again}")).unwrap();
    assert_eq!(out, "b2999y");
    // Many partials, used by name and as fragments of the template.
    let mut engine = Engine::new();
    let partials: String = (0..3_000)
        .map(|i| format!("{{% partialdef p{i} %}}<{i}>{{% endpartialdef %}}"))
        .collect();
    let uses: String = (0..3_000)
        .step_by(1_000)
        .map(|i| format!("{{% partial p{i} %}}"))
        .collect();
    engine
        .add_template("p.html", &format!("{partials}{uses}"))
        .unwrap();
    let page = engine
        .template("p.html")
        .unwrap()
        .render(&json!({}))
        .unwrap();
    assert_eq!(page, "<0><1000><2000>");
    let includes: String = (0..3_000)
        .step_by(700)
        .map(|i| format!("{{% include \"p.html#p{i}\" %}}"))
        .collect();
    engine.add_template("i.html", &includes).unwrap();
    assert_eq!(
        engine
            .template("i.html")
            .unwrap()
            .render(&json!({}))
            .unwrap(),
        "<0><700><1400><2100><2800>"
    );
    // A partial defined twice is still Django's error.
    let twice = "{% partialdef a %}{% endpartialdef %}{% partialdef a %}{% endpartialdef %}";
    assert!(render(twice).is_err());
    // `querystring` with many keywords: the last value of each key, in
    // the order first set; a key given twice is Django's error.
    let keys: String = (0..3_000).map(|i| format!("m{i}={i} ")).collect();
    let out = Engine::new()
        .render_str(
            &format!("{{% querystring q {keys}z=None k1=\"x\" %}}"),
            &json!({"q": {"k1": "a", "z": "b"}}),
        )
        .unwrap();
    assert!(
        out.starts_with("?k1=x&amp;m0=0&amp;m1=1&amp;m2=2"),
        "{}",
        &out[..80]
    );
    assert!(out.ends_with("&amp;m2999=2999") && !out.contains("z="));
    assert!(render(&format!("{{% querystring {keys}m7=1 %}}")).is_err());
    // `blocktranslate` with many placeholders, some repeated.
    let vars: String = (0..3_000).map(|i| format!("{{{{ v{i} }}}}")).collect();
    let context: serde_json::Map<String, serde_json::Value> = (0..3_000)
        .map(|i| (format!("v{i}"), json!(i % 10)))
        .collect();
    let source = format!(
        "{{% load i18n %}}{{% blocktranslate %}}{vars}{{{{ v1 }}}}{{% endblocktranslate %}}"
    );
    let out = Engine::new().render_str(&source, &context).unwrap();
    assert_eq!(out.len(), 3_001);
    assert!(out.starts_with("0123456789") && out.ends_with("91"));
}

/// `in` and `==` over long operands cost fuel by their size: a loop of
/// them over a long text runs out of fuel, where it ran for seconds.
#[test]
fn comparisons_of_long_operands_use_fuel() {
    // 64,000 iterations of nodes alone fit this budget; searching the
    // 64,000-byte text each time does not.
    let engine = Engine::with_settings(djula::Settings {
        fuel: Some(2_000_000),
        ..Default::default()
    });
    let search = "{% with t=\"a\"|rjust:\"64000\" n=\"b\"|rjust:\"32000\" %}{% for c in t %}{% if n in t %}x{% endif %}{% endfor %}{% endwith %}";
    let err = engine.render_str(search, &json!({})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit, "{err}");
    let short = "{% with t=\"a\"|rjust:\"64000\" %}{% for c in t %}{% if \"b\" in c %}x{% endif %}{% endfor %}{% endwith %}";
    assert_eq!(engine.render_str(short, &json!({})).unwrap(), "");
    // A short one costs nothing noticeable.
    assert_eq!(
        render("{% for c in \"abc\" %}{% if c in \"cab\" %}y{% endif %}{% endfor %}").unwrap(),
        "yyy"
    );
}
