//! The generated code's fast paths (issue 17) write what the general rules
//! write: integers from digit tables, a splice deciding its automatic space
//! before writing, toggled classes and attributes joined with the static
//! text around them, `html_to!` through a moved buffer. Each case is
//! checked against the output the rulebook gives by the general path.

use spinneret::{html, html_to, Markup};

/// `n` spliced alone, after text (the spaced path) and through `Render`
/// (a `Markup` holding the same text: the general path).
fn spliced<T: std::fmt::Display + Copy>(n: T) -> (String, String, String) {
    let text = n.to_string();
    let markup: Markup = html! { (text) };
    let alone = html! { (text) }.into_string();
    (
        alone,
        html! { "n" (text) }.into_string(),
        html! { "n" (markup) }.into_string(),
    )
}

macro_rules! check_ints {
    ($($n:expr),* $(,)?) => {$(
        let n = $n;
        let text = n.to_string();
        assert_eq!(html! { (n) }.as_str(), text, "{}", stringify!($n));
        assert_eq!(html! { (&n) }.as_str(), text);
        // After text that takes a space: digits and `-` take one.
        assert_eq!(html! { "n" (n) }.as_str(), format!("n {text}"));
        assert_eq!(html! { "(" (n) }.as_str(), format!("({text}"));
        let (_, spaced, general) = spliced(n);
        assert_eq!(html! { "n" (n) }.into_string(), spaced);
        assert_eq!(spaced, general);
    )*};
}

#[test]
fn integers_of_every_width() {
    check_ints!(0u8, 7u8, 9u8, 10u8, 42u8, 99u8, 100u8, 255u8);
    check_ints!(0u16, 999u16, 1000u16, 2015u16, 9999u16, 10000u16, u16::MAX);
    check_ints!(0usize, 1usize, 12345usize, usize::MAX, u64::MAX, u32::MAX);
    check_ints!(-1i8, i8::MIN, i8::MAX, -10i16, -100i32, -9999i64, -10000i64);
    check_ints!(i64::MIN, i64::MAX, isize::MIN, u128::MAX, i128::MIN, -5i128);
    for n in 0..20_000u32 {
        assert_eq!(html! { (n) }.into_string(), n.to_string());
    }
}

#[test]
fn spliced_text_decides_its_space_as_the_general_path_does() {
    for text in [
        "word", ",", ". end", " lead", "", "(x", "<b>", "'q'", "&", "é", "…", ")",
    ] {
        let markup: Markup = html! { (text) };
        let spaced = html! { "a" (text) }.into_string();
        let general = html! { "a" (markup) }.into_string();
        assert_eq!(spaced, general, "{text:?}");
        let owned = text.to_string();
        assert_eq!(html! { "a" (owned) }.into_string(), general, "{text:?}");
    }
    // The rule, spelled out for three of them.
    assert_eq!(html! { "a" ("b") }.as_str(), "a b");
    assert_eq!(html! { "a" (",") }.as_str(), "a,");
    // An escaped first character is written as an entity: `&` takes a
    // space (a literal, folded into the static text, is decided on `'`).
    let quoted = "'q'";
    assert_eq!(html! { "a" (quoted) }.as_str(), "a &#x27;q&#x27;");
    let empty = "";
    assert_eq!(html! { p { "a" (empty) } }.as_str(), "<p>a</p>");
}

#[test]
fn other_values_take_the_space_back_when_unwanted() {
    let none: Option<&str> = None;
    let comma = Some(",");
    assert_eq!(html! { p { "a" (none) } }.as_str(), "<p>a</p>");
    assert_eq!(html! { p { "a" (comma) } }.as_str(), "<p>a,</p>");
    assert_eq!(html! { p { "a" (1.5) } }.as_str(), "<p>a 1.5</p>");
    let inner = html! { b { "x" } };
    assert_eq!(html! { p { "a" (inner) } }.as_str(), "<p>a<b>x</b></p>");
}

#[test]
fn toggled_class_joins_the_static_text_around_it() {
    for (i, expected) in [
        (0, r#"<li class="champion"><b>x</b></li>"#),
        (1, "<li><b>x</b></li>"),
    ] {
        assert_eq!(
            html! { li.champion[i == 0] { b { "x" } } }.as_str(),
            expected
        );
    }
    let (on, off) = (true, false);
    assert_eq!(
        html! { p.a.b[on].c[off] { } }.as_str(),
        r#"<p class="a b"></p>"#
    );
    assert_eq!(
        html! { p.a.b[off].c[on] { } }.as_str(),
        r#"<p class="a c"></p>"#
    );
    assert_eq!(
        html! { input type="checkbox" checked[on] disabled[off]; }.as_str(),
        r#"<input type="checkbox" checked>"#
    );
    assert_eq!(
        html! { input checked[off] disabled[on]; }.as_str(),
        "<input disabled>"
    );
}

#[test]
fn an_empty_toggled_class_adds_nothing() {
    // The rulebook adds no empty token (`token_is_new`): an empty toggled
    // class (possible only with the checks off) leaves no `class=""`
    // behind, alone or beside others.
    let on = true;
    assert_eq!(html! { #[unchecked] li.""[on] { } }.as_str(), "<li></li>");
    assert_eq!(
        html! { #[unchecked] li.a.""[on] { } }.as_str(),
        r#"<li class="a"></li>"#
    );
    assert_eq!(
        html! { #[unchecked] li.""[on].b[on] { } }.as_str(),
        r#"<li class="b"></li>"#
    );
    let mut attrs = spinneret::Attrs::new();
    attrs.class("");
    assert_eq!(
        html! { li ..(attrs) { } }.as_str(),
        "<li></li>",
        "as Attrs does"
    );
    // A toggled class already present is not repeated.
    assert_eq!(html! { li.a.a[on] { } }.as_str(), r#"<li class="a"></li>"#);
}

#[test]
fn html_to_appends_and_hands_the_buffer_back() {
    let mut out = String::from("<!-- before -->");
    let n = 3;
    html_to!(&mut out, p { "n" (n) });
    assert_eq!(out, "<!-- before --><p>n 3</p>");
    // Reused: cleared, written again, same capacity.
    let capacity = out.capacity();
    out.clear();
    html_to!(&mut out, p { "n" (n) });
    assert_eq!(out, "<p>n 3</p>");
    assert_eq!(out.capacity(), capacity);
    // A panic inside the template leaves the buffer with what was written.
    let mut out = String::from("kept");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        html_to!(&mut out, p { (if n == 3 { panic!("in the template") } else { 0 }) });
    }));
    assert!(result.is_err());
    assert_eq!(out, "kept<p>");
}

#[test]
fn short_text_of_every_length() {
    // Short clean text (at most 16 bytes) is tested and appended inline:
    // every length up to past that limit, ASCII and not, after other output.
    let sample = "abcdefghijklmnopqrstuvwxyz";
    for len in 0..=20 {
        let text = &sample[..len];
        assert_eq!(
            html! { b { (text) } }.into_string(),
            format!("<b>{text}</b>")
        );
    }
    for text in [
        "é",
        "ñandú",
        "日本語",
        "aé",
        "abcdefé",
        "αβγδεζηθ",
        "ab日本語cd",
        "éééééééé",
    ] {
        assert_eq!(
            html! { b { (text) } }.into_string(),
            format!("<b>{text}</b>"),
            "{text:?}"
        );
        let owned = text.to_string();
        assert_eq!(
            html! { i { "x" (owned) } }.into_string(),
            format!("<i>x {text}</i>")
        );
    }
}
