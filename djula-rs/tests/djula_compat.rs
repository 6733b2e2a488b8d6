//! Djula's own syntax, tags, filters and settings (issue: djula speaks
//! Djula too). Django templates are unaffected: the conformance ratchet
//! guards that.

use djula::{Engine, Settings};
use serde_json::json;

fn render(source: &str, ctx: serde_json::Value) -> Result<String, djula::Error> {
    Engine::new().render_str(source, &ctx)
}

fn ok(source: &str, ctx: serde_json::Value) -> String {
    render(source, ctx).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn ifequal_and_ifnotequal() {
    let t = "{% ifequal foo bar %}yes{% else %}no{% endifequal %}";
    assert_eq!(ok(t, json!({"foo": 1, "bar": 1})), "yes");
    assert_eq!(ok(t, json!({"foo": 1, "bar": 2})), "no");
    assert_eq!(
        ok(
            "{% ifequal foo.x 22 %}yes{% endifequal %}",
            json!({"foo": {"x": 22}})
        ),
        "yes"
    );
    assert_eq!(
        ok(
            "{% ifnotequal a \"b\" %}diff{% endifnotequal %}",
            json!({"a": "c"})
        ),
        "diff"
    );
    assert!(render("{% ifequal a %}{% endifequal %}", json!({})).is_err());
}

#[test]
fn if_parentheses_and_literals() {
    let t = "{% if foo and (bar or not baz) %}true{% else %}false{% endif %}";
    assert_eq!(ok(t, json!({"foo": true, "baz": true})), "false");
    assert_eq!(ok(t, json!({"foo": true, "bar": 1})), "true");
    assert_eq!(
        ok(
            "{%if true %}T{% endif %}{%if FALSE %}F{% endif %}{% if nil %}N{% endif %}",
            json!({})
        ),
        "T"
    );
    assert!(render("{% if (a %}x{% endif %}", json!({}))
        .unwrap_err()
        .to_string()
        .contains("Unclosed '('"));
}

#[test]
fn inline_verbatim_and_autoescape_yes_no() {
    assert_eq!(
        ok("{$ this is {{verbatim}} $}", json!({})),
        " this is {{verbatim}} "
    );
    assert_eq!(ok("{$ {% if %}\n $}", json!({})), " {% if %}\n ");
    assert_eq!(ok("{% autoescape no %}{{ h }}{% endautoescape %}{% autoescape yes %}{{ h }}{% endautoescape %}", json!({"h": "<"})), "<&lt;");
}

#[test]
fn super_tag() {
    let mut e = Engine::new();
    e.add_template(
        "t1",
        "{% block all %}before{% block header %}Hello{% endblock %}after{% endblock %}",
    )
    .unwrap();
    e.add_template(
        "t4",
        "{% extends 't1' %}{% block header %}{% super header %}Bye{% endblock %}",
    )
    .unwrap();
    e.add_template(
        "t5",
        "{% extends 't1' %}{% block header %}{% super %}Bye{% endblock %}",
    )
    .unwrap();
    assert_eq!(
        e.template("t4").unwrap().render(&()).unwrap(),
        "beforeHelloByeafter"
    );
    assert_eq!(
        e.template("t5").unwrap().render(&()).unwrap(),
        "beforeHelloByeafter"
    );
    assert!(e
        .compile_str("x", "{% super %}")
        .unwrap_err()
        .to_string()
        .contains("No parent block"));
    assert!(e
        .compile_str("x", "{% super foo %}")
        .unwrap_err()
        .to_string()
        .contains("Parent block foo not found"));
    e.add_template(
        "t6",
        "{% extends 't1' %}{% block header %}{% super nosuch %}{% endblock %}",
    )
    .unwrap();
    assert!(e
        .template("t6")
        .unwrap()
        .render(&())
        .unwrap_err()
        .to_string()
        .contains("Parent block nosuch not found"));
}

#[test]
fn include_keyword_arguments_and_relative_names() {
    let mut e = Engine::new();
    e.add_template("dir/inc.html", "[{{ a }} {{ b }} {{ c }}]")
        .unwrap();
    e.add_template(
        "dir/page.html",
        "{% include \"./inc.html\" :a 1 :b \"two\" :c x %}{% include 'inc.html' :a :t %}",
    )
    .unwrap();
    e.add_template(
        "dir/sub/child.html",
        "{% extends '../base.html' %}{% block b %}child{% endblock %}",
    )
    .unwrap();
    e.add_template("dir/base.html", "<{% block b %}{% endblock %}>")
        .unwrap();
    let page = e
        .template("dir/page.html")
        .unwrap()
        .render(&json!({"x": "<x>"}))
        .unwrap();
    assert_eq!(page, "[1 two &lt;x&gt;][True  ]");
    // A template from a string has no place to be relative to (Django's
    // unknown origin); a name that climbs out of the root is refused.
    let unknown = e.render_str("{% include './inc.html' %}", &()).unwrap_err();
    assert!(
        unknown.to_string().contains("unknown template origin"),
        "{unknown}"
    );
    e.add_template("top.html", "{% include '../inc.html' %}")
        .unwrap();
    let outside = e.template("top.html").map(|_| ()).unwrap_err();
    assert!(
        outside
            .to_string()
            .contains("points outside the file hierarchy"),
        "{outside}"
    );
    assert_eq!(
        e.template("dir/sub/child.html")
            .unwrap()
            .render(&())
            .unwrap(),
        "<child>"
    );
}

#[test]
fn hyphenated_names_and_numeric_segments() {
    assert_eq!(
        ok(
            "{{ user.first-name }} {{ xs.1 }}",
            json!({"user": {"first-name": "Ann"}, "xs": [1, 2]})
        ),
        "Ann 2"
    );
}

#[test]
fn dotted_pair_loops() {
    let t = "{% for (k . v) in pairs %}{{ k }}={{ v }};{% endfor %}";
    assert_eq!(ok(t, json!({"pairs": {"a": 1, "b": 2}})), "a=1;b=2;");
    assert_eq!(ok(t, json!({"pairs": [["x", 1], ["y", 2]]})), "x=1;y=2;");
}

#[test]
fn djula_filters() {
    let ctx = json!({"s": "ab12cd345", "xs": [3, 1, 2], "n": 1234567, "h": "<b>"});
    assert_eq!(ok("{{ s|scan:\"[0-9]+\" }}", ctx.clone()), "12");
    assert_eq!(
        ok("{{ s|replace:\"[0-9]+\"|with:\"#\" }}", ctx.clone()),
        "ab#cd#"
    );
    // CL-PPCRE's Perl syntax (Djula's regex-filters test: look-behind)
    // and its replacement strings: registers, the match, before and after.
    let date = json!({"date": "2050-10-03", "t": "abc 2050-10-03 11"});
    assert_eq!(ok("{{ date|scan:\"(?<=-)[0-9]*\" }}", date.clone()), "10");
    assert_eq!(ok("{{ date|scan:\"(\\d)\\1\" }}", date.clone()), "");
    assert_eq!(
        ok(
            "{{ t|replace:\"(\\d+)-(\\d+)\"|with:\"\\2/\\1\" }}",
            date.clone()
        ),
        "abc 10/2050-03 11"
    );
    assert_eq!(
        ok("{{ t|replace:\"\\d+\"|with:\"<\\&>\" }}", date.clone()),
        "abc &lt;2050&gt;-&lt;10&gt;-&lt;03&gt; &lt;11&gt;"
    );
    assert_eq!(
        ok(
            "{{ t|replace:\"(c) \"|with:\"[\\`|\\{1}|\\'|\\\\]\" }}",
            date.clone()
        ),
        "ab[ab|c|2050-10-03 11|\\]2050-10-03 11"
    );
    for (template, error) in [
        (
            "{{ t|replace:\"a\"|with:\"\\1\" }}",
            "non-existent register 1",
        ),
        ("{{ t|replace:\"(a)\"|with:\"\\0\" }}", "illegal substring"),
        ("{{ t|scan:\"(a|a)*(?=c)\" }}", ""),
    ] {
        let result = render(template, date.clone());
        match error {
            "" => assert_eq!(result.unwrap(), ""),
            _ => assert!(
                result.unwrap_err().to_string().contains(error),
                "{template}"
            ),
        }
    }
    // Look-around on a long text: near the match is fine, past the
    // length a backtracking pattern runs on is an error that says so.
    let near = json!({"t": format!("{}xy", "a".repeat(9_000))});
    assert_eq!(ok("{{ t|scan:\"(?<=x)y\" }}", near), "y");
    let long = json!({"t": "a".repeat(200_000)});
    assert!(render("{{ t|scan:\"(?<=-)x\" }}", long)
        .unwrap_err()
        .to_string()
        .contains("at most 10000 bytes"));
    assert_eq!(
        ok(
            "{{ xs|sort }} {{ xs|sort:\">\" }} {{ xs|reverse }} {{ xs|rest }}",
            ctx.clone()
        ),
        "[1, 2, 3] [3, 2, 1] [2, 1, 3] [1, 2]"
    );
    assert_eq!(
        ok(
            "{{ n|format:\"~:d\" }} {{ n|format:\"~d items\" }}",
            ctx.clone()
        ),
        "1,234,567 1234567 items"
    );
    assert_eq!(
        ok(
            "{% autoescape off %}{{ h|force-escape }}{% endautoescape %}",
            ctx.clone()
        ),
        "&lt;b&gt;"
    );
    assert_eq!(ok("{{ xs|length_is:3 }}", ctx.clone()), "True");
    // Errors: a bad literal pattern at compile time, replace without with,
    // an unsupported format directive at render time.
    assert!(render("{{ s|scan:\"(\" }}", ctx.clone())
        .unwrap_err()
        .to_string()
        .contains("invalid regular expression"));
    assert!(render("{{ s|replace:\"a\" }}", ctx.clone())
        .unwrap_err()
        .to_string()
        .contains("followed by 'with'"));
    assert!(render("{{ n|format:\"~s\" }}", ctx)
        .unwrap_err()
        .to_string()
        .contains("not supported"));
}

#[test]
fn djula_tags() {
    let t = "{% js \"a.js\" %}{% js-script %}var x = 1;{% endjs-script %}[{% emit-js %}]{% set-language fr %}{% show-language %}";
    assert_eq!(
        ok(t, json!({})),
        "[\n<script type='text/javascript' src=\"a.js\"></script>\n<script type='text/javascript'>var x = 1;</script>]FR"
    );
    assert_eq!(
        ok("{% static \"js/app.js\" %}", json!({})),
        "/static/js/app.js"
    );
    for lisp in [
        "{% lisp (+ 1 2) %}",
        "{% set x = (+ 1 2) %}",
        "{% set-package foo %}",
    ] {
        let err = render(lisp, json!({})).unwrap_err();
        assert!(err.to_string().contains("not supported in Rust"), "{err}");
    }
}

#[test]
fn ssi_reads_only_allowed_roots() {
    let dir = std::env::temp_dir().join(format!("djula-ssi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("part.html"), "<i>{{ x }}</i>").unwrap();
    let path = dir.join("part.html").display().to_string();
    let settings = Settings {
        ssi_roots: vec![dir.clone()],
        ..Default::default()
    };
    let e = Engine::with_settings(settings);
    let ctx = json!({"p": path, "x": 1});
    assert_eq!(
        e.render_str("{% ssi p %}", &ctx).unwrap(),
        "&lt;i&gt;{{ x }}&lt;/i&gt;"
    );
    assert_eq!(e.render_str("{% ssi p parse %}", &ctx).unwrap(), "<i>1</i>");
    assert!(Engine::new()
        .render_str("{% ssi p %}", &ctx)
        .unwrap_err()
        .to_string()
        .contains("allowed root"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn translation_syntax() {
    assert_eq!(ok("{_ \"Hello\" _}", json!({})), "Hello");
    assert_eq!(
        ok("{_ greeting _}", json!({"greeting": "<hi>"})),
        "&lt;hi&gt;"
    );
    assert_eq!(
        ok(
            "{_ \"Hi :name!\" :name user.name _}",
            json!({"user": {"name": "<Ann>"}})
        ),
        "Hi &lt;Ann&gt;!"
    );
}

#[test]
fn djula_spellings_get_the_django_spelling() {
    let err = render("{{ s|truncatechars: 10 }}", json!({})).unwrap_err();
    assert_eq!(err.help(), Some("write 'truncatechars:10': no space after ':', and quote text arguments (Djula's spelling is not Django's)"));
}

#[test]
fn djula_settings() {
    let settings = Settings {
        case_insensitive_names: true,
        elision_string: "...".into(),
        catch_template_errors: true,
        ..Default::default()
    };
    let e = Engine::with_settings(settings);
    let ctx = json!({"foo": 1, "long": "abcdefghijkl", "x": 3});
    assert_eq!(
        e.render_str("{% IF foo %}{{ FOO }}{% ENDIF %}{{ long|UPPER }}", &ctx)
            .unwrap(),
        "1ABCDEFGHIJKL"
    );
    assert_eq!(
        e.render_str("{{ long|truncatechars:8 }}", &ctx).unwrap(),
        "abcde..."
    );
    // Djula's filters test: no room for the elision string is an error
    // (caught here, in place); a text that fits is not cut.
    assert_eq!(
        e.render_str("{{ long|truncatechars:2 }}", &ctx).unwrap(),
        "{# Error: truncatechars: the elision string is longer than the maximum length #}"
    );
    assert_eq!(
        e.render_str("{{ long|truncatechars:20 }}", &ctx).unwrap(),
        "abcdefghijkl"
    );
    assert_eq!(
        e.render_str("a{{ x|divisibleby:0 }}b", &ctx).unwrap(),
        "a{# Error: divisibleby: integer modulo by zero #}b"
    );
    // Djula's catch-errors-test: a tag or filter that fails to compile
    // (Djula's `{% lisp %}`, an unknown tag, bad arguments) is written in
    // place, and the rest renders; the whole block of a failing block tag
    // is replaced, as Djula's compile-token does.
    for (template, error) in [
        ("a{% lisp (throw-error) %}b", "the &#x27;lisp&#x27; tag"),
        (
            "a{% nosuch %}b",
            "Invalid block tag on line 1: &#x27;nosuch&#x27;",
        ),
        ("a{{ x|nosuch }}b", "Invalid filter: &#x27;nosuch&#x27;"),
        (
            "a{% if foo bar %}x{% endif %}b",
            "Unused &#x27;bar&#x27; at end of if expression.",
        ),
    ] {
        let page = e.render_str(template, &ctx).unwrap();
        assert!(
            page.starts_with(&format!("a{{# Error: {error}")) && page.ends_with(" #}b"),
            "{template}: {page}"
        );
    }
    // An unclosed block is the template's structure: still an error.
    assert!(e.render_str("a{% if x %}b", &ctx).is_err());
    let strict = Engine::with_settings(Settings {
        undefined: djula::Undefined::Strict,
        ..Default::default()
    });
    assert!(strict.render_str("{{ missing }}", &ctx).is_err());
    assert!(strict.render_str("{{ foo.missing }}", &ctx).is_err());
    // A method that needs arguments is no value either (Django's invalid
    // method call), in strict mode an error; in a condition, false.
    let text = json!({"s": "abc"});
    let error = strict.render_str("{{ s.count }}", &text).unwrap_err();
    assert!(
        error.to_string().contains("'s.count' is not defined"),
        "{error}"
    );
    assert_eq!(
        strict
            .render_str("{% if s.count %}y{% else %}n{% endif %}", &text)
            .unwrap(),
        "n"
    );
    assert_eq!(
        strict
            .render_str("{% if missing %}x{% endif %}ok", &ctx)
            .unwrap(),
        "ok"
    );
}
