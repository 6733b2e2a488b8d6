//! The flat program (`compile/program.rs`, `render/vm.rs`) against the
//! tree walker, which still runs every template under
//! `catch_template_errors`: same output, same fuel, same errors.

use djula::{Engine, Settings};
use serde_json::{json, Value};

fn render(source: &str, ctx: &Value, settings: Settings) -> Result<String, djula::Error> {
    let mut engine = Engine::with_settings(settings);
    engine.add_template("other", "[{{ x }}]")?;
    // Included per item: one that lowers whole (the loop's variables read
    // from its slots), one that does not (bound in a scope instead).
    engine.add_template(
        "card",
        "<{{ p.name }}|{{ forloop.counter }}{% if p.age > 30 %}!{{ p.age|add:1 }}{% endif %}{% for t in p.tags %}[{{ t }}{{ forloop.parentloop.counter }}]{% empty %}-{% endfor %}{{ name }}{% include 'other' %}>",
    )?;
    engine.add_template(
        "card-with",
        "{% with n=p.name %}{{ n }}{% endwith %}{{ forloop.counter }}{{ x }}{% cycle 'a' 'b' %};",
    )?;
    engine.add_template("strict-card", "{{ p.name }}\n{{ p.nope }}")?;
    engine.add_template(
        "base",
        "<{% block b %}base {% for x in xs %}{{ x }}{% endfor %}{% endblock %}>",
    )?;
    engine.compile_str("t.html", source)?.render(ctx)
}

/// The output of the program, checked equal to the tree walker's.
fn both(source: &str, ctx: &Value) -> String {
    let program = render(source, ctx, Settings::default()).unwrap();
    let tree = render(
        source,
        ctx,
        Settings {
            catch_template_errors: true,
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(program, tree, "{source}");
    program
}

/// The least fuel that renders `source`, under both.
fn fuel_needed(source: &str, ctx: &Value, catch: bool) -> u64 {
    (0..10_000)
        .find(|&fuel| {
            render(
                source,
                ctx,
                Settings {
                    fuel: Some(fuel),
                    catch_template_errors: catch,
                    ..Settings::default()
                },
            )
            .is_ok()
        })
        .unwrap()
}

const LOOPS: &[&str] = &[
    "{% for x in xs %}<{{ x }}>{% endfor %}",
    "{% for x in xs reversed %}{{ x }}{{ forloop.counter }}{{ forloop.revcounter0 }}{% endfor %}",
    "{% for x in xs %}{% for y in xs %}{{ x }}{{ y }}{{ forloop.parentloop.counter }}{% if forloop.last %};{% endif %}{% endfor %}{% endfor %}",
    "{% for x in xs %}{% for x in rows %}{{ x.0 }}{% endfor %}{{ x }}{% endfor %}",
    "{% for a, b in rows %}{{ a }}-{{ b }}{% empty %}none{% endfor %}",
    "{% for x in missing %}{{ x }}{% empty %}empty {{ name }}{% endfor %}",
    "{% for p in people %}{{ p.name|upper }} {{ p.tags|join:', ' }} {{ p.name|default:p.age }}{% endfor %}",
    "{% for p in people %}{% if p.age > 30 and p.name != 'Bo' %}{{ p.name }}{% elif p.age %}young{% else %}?{% endif %}{% endfor %}",
    "{% for k, v in pairs.items %}{{ k }}={{ v }}{% endfor %}",
    "{% for x in xs %}{{ x.missing }}{{ x|add:1 }}{% endfor %}",
    "{% if xs %}{% for x in xs %}{{ x }}{% endfor %}{% else %}no{% endif %}",
    "{% with forloop='w' %}{% for x in xs %}{{ forloop }}{{ forloop.counter }}{% endfor %}{% endwith %}",
    "{% for x in name %}{{ x }}|{% endfor %}",
    "{% for x in xs %}{% include 'other' %}{% endfor %}",
    "{% for block in xs %}{{ block }}{% endfor %}",
    // A loop variable printed and then text (one instruction), before the
    // ends of branches and loops, in `{% empty %}`, and text merged on.
    "{% for x in xs %}{% if x == 2 %}{{ x }}!{% else %}{{ x }}?{% endif %}{{ x }}<{{ x }}{% endfor %}.",
    "{% for r in rows %}{% for y in r %}{{ y }}a{% endfor %}{% endfor %}",
    "{% for x in missing %}{% empty %}{% for y in xs %}{{ y }};{% if y %}{{ y }}{% endif %}{% endfor %}{% endfor %}",
    // Tight loops (text and prints of the one variable only): reversed,
    // inside a stepped loop, over floats, text, keys and a string.
    "{% for x in xs reversed %}<i>{{ x }}</i>{{ x }}{% endfor %}",
    "{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{{ r.0 }}{% endfor %}",
    "{% for x in floats %}{{ x }};{% empty %}none{% endfor %}{% for x in missing %}{{ x }}{% empty %}none{% endfor %}",
    "{% for k in pairs %}{{ k }},{% endfor %}{% for c in name %}[{{ c }}]{% endfor %}",
    // Loops inside blocks run as the block's program.
    "{% extends 'base' %}{% block b %}{% for x in xs %}({{ x }}){% endfor %}|{{ block.super }}{% endblock %}",
    "{% extends 'base' %}{% block b %}{% for p in people %}{% if p.age > 30 %}{{ p.name }}{% endif %}{% for x in xs %}{{ block.super }}{% endfor %}{% endfor %}{% endblock %}",
    // Includes inside lowered loops: inline, in the tree walker, with
    // `only` and `with`, nested, and a name that is not a literal.
    "{% for p in people %}{% include 'card' %}{% endfor %}",
    "{% for x in xs %}{% for p in people %}{% include 'card' %}{% include 'card-with' %}{% endfor %}{% endfor %}",
    "{% for p in people %}{% include 'card' with x=p.age %}{% include 'other' only %}{% include 'other' with x=p.name only %}{% endfor %}",
    "{% for x in rows %}{% include x.5|default:'other' %}{% empty %}{% include 'card' %}{% endfor %}",
    "{% for x in missing %}{{ x }}{% empty %}{% include 'other' %}{% if name %}{% include 'card' %}{% endif %}{% endfor %}",
    // And inside `{% with %}`, reading the names it binds.
    "{% with n=name sep='; ' %}{% for x in xs %}{{ n }}{{ x }}{{ sep }}{% endfor %}{% endwith %}",
];

fn data() -> Value {
    json!({
        "xs": [1, 2, 3],
        "rows": [[1, "a"], [2, "<b>"]],
        "name": "Ann & Bo",
        "floats": [1.5, 2.0, -0.25],
        "pairs": {"a": 1, "b": 2},
        "people": [
            {"name": "Ann <x>", "age": 40, "tags": ["a", "<b>"]},
            {"name": "Bo", "age": 20, "tags": []},
            {"name": "", "age": 0, "tags": ["c"]},
        ],
    })
}

#[test]
fn loops_render_as_the_tree_walker_renders_them() {
    for source in LOOPS {
        both(source, &data());
    }
    // Runs of nodes for the tree walker inside lowered `if`s.
    let source = "a{% if no %}{% for x in xs %}{{ x }}{% endfor %}{% elif name %}b{% now 'Y' as y %}{% if xs %}c{% for x in xs %}{{ x }}{% endfor %}{% cycle 'd' 'e' %}{% endif %}{% else %}f{% endif %}g";
    assert_eq!(both(source, &data()), "abc123dg");
    let source = "{% if name %}{% cycle 'x' 'y' %}{% for x in missing %}{% empty %}{% if name %}e{% endif %}{% endfor %}{% firstof no name %}{% endif %}";
    assert_eq!(both(source, &data()), "xeAnn &amp; Bo");
    assert_eq!(both(LOOPS[0], &data()), "<1><2><3>");
    assert_eq!(both(LOOPS[1], &data()), "312221130");
    assert_eq!(both(LOOPS[4], &data()), "1-a2-&lt;b&gt;");
    assert_eq!(both(LOOPS[5], &data()), "empty Ann &amp; Bo");
    assert_eq!(both(LOOPS[15], &data()), "1?1<12!2<23?3<3.");
    assert_eq!(both(LOOPS[17], &data()), "1;12;23;3");
    assert_eq!(both(LOOPS[18], &data()), "<i>3</i>3<i>2</i>2<i>1</i>1");
    assert_eq!(
        both(LOOPS[19], &data()),
        "<tr><td>1</td><td>a</td></tr>1<tr><td>2</td><td>&lt;b&gt;</td></tr>2"
    );
    assert_eq!(both(LOOPS[20], &data()), "1.5;2.0;-0.25;none");
    assert_eq!(both(LOOPS[21], &data()), "a,b,[A][n][n][ ][&amp;][ ][B][o]");
    assert_eq!(both(LOOPS[22], &data()), "<(1)(2)(3)|base 123>");
    assert!(both(LOOPS[23], &data()).starts_with("<Ann &lt;x&gt;base 123base 123base 123base"));
    // An include in `{% empty %}` of an outermost loop (no loop variables).
    assert_eq!(both(LOOPS[28], &data()), "[]<|-Ann &amp; Bo[]>");
    assert_eq!(
        both(LOOPS[29], &data()),
        "Ann &amp; Bo1; Ann &amp; Bo2; Ann &amp; Bo3; "
    );
    assert_eq!(
        both(LOOPS[24], &data()),
        "<Ann &lt;x&gt;|1!41[a1][&lt;b&gt;1]Ann &amp; Bo[]><Bo|2-Ann &amp; Bo[]><|3[c3]Ann &amp; Bo[]>"
    );
    // Recorded from Django 6.1: each include has its own cycle state.
    assert!(both(LOOPS[25], &data()).ends_with("<|3[c3]Ann &amp; Bo[3]>33a;"));
    assert_eq!(
        both(LOOPS[26], &data()),
        "<Ann &lt;x&gt;|1!41[a1][&lt;b&gt;1]Ann &amp; Bo[40]>[][Ann &lt;x&gt;]<Bo|2-Ann &amp; Bo[20]>[][Bo]<|3[c3]Ann &amp; Bo[0]>[][]"
    );
    assert_eq!(
        both(LOOPS[27], &data()),
        "[[1, &#x27;a&#x27;]][[2, &#x27;&lt;b&gt;&#x27;]]"
    );
}

/// An include inside a lowered loop fails as the tree walker's does:
/// a missing template at the tag, an error inside at its own line with
/// the tag it was included from, and endless self-inclusion at the
/// depth limit, not by exhausting the stack.
#[test]
fn includes_inside_lowered_loops_fail_as_the_tree_walker() {
    let strict = |catch| Settings {
        undefined: djula::Undefined::Strict,
        catch_template_errors: catch,
        ..Settings::default()
    };
    let source = "{% for p in people %}\n {% include 'strict-card' %}{% endfor %}";
    let program = render(source, &data(), strict(false)).unwrap_err();
    assert!(
        program.to_string().starts_with("strict-card:2:"),
        "{program}"
    );
    assert!(
        format!("{program:#}").contains("included from"),
        "{program:#}"
    );
    let missing = "{% for p in people %}{% include 'nowhere' %}{% endfor %}";
    let err = render(missing, &data(), Settings::default()).unwrap_err();
    assert_eq!(err.kind(), djula::ErrorKind::TemplateNotFound);
    assert!(err.to_string().starts_with("t.html:1:33: "), "{err}");
    let mut engine = Engine::new();
    engine
        .add_template("self", "{% for x in xs %}{% include 'self' %}{% endfor %}")
        .unwrap();
    let err = engine
        .template("self")
        .unwrap()
        .render(&data())
        .unwrap_err();
    assert_eq!(err.kind(), djula::ErrorKind::Limit, "{err}");
}

#[test]
fn loops_burn_the_tree_walkers_fuel() {
    for source in LOOPS {
        assert_eq!(
            fuel_needed(source, &data(), false),
            fuel_needed(source, &data(), true),
            "{source}"
        );
    }
}

#[test]
fn tight_loops_stop_at_the_output_limit() {
    let source = "{% for x in xs %}<td>{{ x }}</td>{% endfor %}";
    let ctx = json!({"xs": (0..1000).collect::<Vec<_>>()});
    for catch in [false, true] {
        let err = render(
            source,
            &ctx,
            Settings {
                max_output: 100,
                catch_template_errors: catch,
                ..Settings::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("100"), "{err}");
    }
}

#[test]
fn errors_inside_lowered_loops_point_at_their_tag() {
    let strict = Settings {
        undefined: djula::Undefined::Strict,
        ..Settings::default()
    };
    let err = render(
        "{% for x in xs %}\n  {{ x.nope }}{% endfor %}",
        &data(),
        strict,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "t.html:2:3: 'x.nope' is not defined");
    let err = render(
        "{% for a, b in xs %}{{ a }}{% endfor %}",
        &data(),
        Settings::default(),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("t.html:1:1: "), "{err}");
}
