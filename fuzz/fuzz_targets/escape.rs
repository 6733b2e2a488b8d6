//! The escaper: its output has no raw `<`, `>`, `"`, `'`; every `&` starts
//! one of the five entities it writes; unescaping gives the input back.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#x27;", '\''),
];

fn unescape(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (entity, ch) = ENTITIES
            .iter()
            .find(|(e, _)| rest.starts_with(e))
            .unwrap_or_else(|| panic!("`&` that starts no entity in {escaped:?}"));
        out.push(*ch);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let escaped = filters::escape(text);
    for raw in ['<', '>', '"', '\''] {
        assert!(!escaped.contains(raw), "raw {raw:?} in {escaped:?}");
    }
    assert_eq!(unescape(&escaped), text);

    let mut into = String::from("prefix");
    filters::escape_into(&mut into, text);
    assert_eq!(into.strip_prefix("prefix"), Some(escaped.as_str()));

    let mut fmt = String::new();
    filters::escape_fmt(&mut fmt, text).unwrap();
    assert_eq!(fmt, escaped);

    // The `escape` and `force_escape` filters agree with the escaper.
    static ENGINE: OnceLock<djula::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(djula::Engine::new);
    let ctx = djula::Value::from(&serde_json::json!({"v": text}));
    for source in [
        "{{ v }}",
        "{{ v|escape }}",
        "{{ v|force_escape }}",
        "{% autoescape off %}{{ v|escape }}{% endautoescape %}",
    ] {
        let t = engine.compile_str("e", source).unwrap();
        assert_eq!(t.render_value(ctx.clone()).unwrap(), escaped, "{source}");
    }
});
