//! One test per DSL rule: the exact HTML each construct produces.

use spinneret::{html, html_to, with_page, Attrs, Markup, TagName, TagNameError};

#[test]
fn elements_nest() {
    assert_eq!(html! { div { p { "a" } } }.as_str(), "<div><p>a</p></div>");
}

#[test]
fn void_elements_end_with_semicolon() {
    assert_eq!(html! { br; hr; }.as_str(), "<br><hr>");
}

#[test]
fn non_void_with_semicolon_is_empty() {
    assert_eq!(html! { span; }.as_str(), "<span></span>");
}

#[test]
fn text_literals_are_escaped() {
    assert_eq!(html! { "<&>\"'" }.as_str(), "&lt;&amp;&gt;&quot;&#x27;");
}

#[test]
fn number_literals_are_text() {
    assert_eq!(html! { p { 1 ~ 2.0 } }.as_str(), "<p>12.0</p>");
}

#[test]
fn spliced_text_is_escaped() {
    let s = String::from("<i>");
    assert_eq!(html! { (s) }.as_str(), "&lt;i&gt;");
}

#[test]
fn spliced_numbers_are_printed() {
    assert_eq!(html! { (7u8) ~ (0.1f64) }.as_str(), "70.1");
}

#[test]
fn spliced_none_prints_nothing() {
    let none: Option<&str> = None;
    assert_eq!(html! { p { (none) } }.as_str(), "<p></p>");
}

#[test]
fn markup_is_not_escaped_twice() {
    let inner = html! { b { "&" } };
    assert_eq!(html! { p { (inner) } }.as_str(), "<p><b>&amp;</b></p>");
}

#[test]
fn safe_values_are_copied() {
    let safe = spinneret::Safe::mark("<br>");
    assert_eq!(html! { (safe) }.as_str(), "<br>");
}

#[test]
fn format_string_escapes_positional_args() {
    let name = "<b>";
    assert_eq!(
        html! { ("{}, here is your list", name) }.as_str(),
        "&lt;b&gt;, here is your list"
    );
}

#[test]
fn format_string_escapes_captured_args() {
    let name = "a&b";
    assert_eq!(html! { ("Hi {name}") }.as_str(), "Hi a&amp;b");
}

#[test]
fn format_string_escapes_named_args() {
    assert_eq!(html! { ("{x}", x = "<") }.as_str(), "&lt;");
}

#[test]
fn format_string_keeps_precision() {
    assert_eq!(html! { ("{:.1}", 2.25f64) }.as_str(), "2.2");
}

#[test]
fn format_string_template_is_trusted() {
    assert_eq!(html! { ("<em>{}</em>", "<") }.as_str(), "<em>&lt;</em>");
}

#[test]
fn space_between_adjacent_items() {
    let name = "John";
    assert_eq!(html! { p { "Hello" (name) } }.as_str(), "<p>Hello John</p>");
}

#[test]
fn no_space_before_punctuation() {
    let name = "John";
    assert_eq!(
        html! { p { (name) "," "Hi" "!" } }.as_str(),
        "<p>John, Hi!</p>"
    );
}

#[test]
fn no_space_before_spliced_punctuation() {
    let dot = ".";
    assert_eq!(html! { p { "End" (dot) } }.as_str(), "<p>End.</p>");
}

#[test]
fn no_space_around_empty_values() {
    let none: Option<&str> = None;
    assert_eq!(html! { p { "a" (none) "b" } }.as_str(), "<p>a b</p>");
}

#[test]
fn no_space_inside_pre() {
    assert_eq!(html! { pre { "a" "b" } }.as_str(), "<pre>ab</pre>");
}

#[test]
fn no_space_next_to_block_elements() {
    assert_eq!(
        html! { div { "a" p { "b" } "c" } }.as_str(),
        "<div>a<p>b</p>c</div>"
    );
}

#[test]
fn space_after_inline_elements_but_not_before_them() {
    // Spinneret writes its pending space only before text.
    assert_eq!(
        html! { p { "a" b { "b" } "c" } }.as_str(),
        "<p>a<b>b</b> c</p>"
    );
    assert_eq!(
        html! { div { "hello" a href="#" { } "there world" } }.as_str(),
        r##"<div>hello<a href="#"></a> there world</div>"##
    );
    assert_eq!(
        html! { div { "hi" span { " there" } } }.as_str(),
        "<div>hi<span> there</span></div>"
    );
}

#[test]
fn tilde_joins_without_space() {
    let x = "y";
    assert_eq!(html! { p { "x" ~ (x) } }.as_str(), "<p>xy</p>");
}

#[test]
fn class_and_id_shorthand() {
    assert_eq!(
        html! { div.a.b #c { } }.as_str(),
        r#"<div class="a b" id="c"></div>"#
    );
}

#[test]
fn quoted_class_names() {
    assert_eq!(
        html! { div."2xl" { } }.as_str(),
        r#"<div class="2xl"></div>"#
    );
}

#[test]
fn literal_attribute() {
    assert_eq!(
        html! { a href="/x?a=1&b=2" { } }.as_str(),
        r#"<a href="/x?a=1&amp;b=2"></a>"#
    );
}

#[test]
fn expression_attribute_is_escaped() {
    let v = "\"><script>";
    assert_eq!(
        html! { a title=(v) { } }.as_str(),
        r#"<a title="&quot;&gt;&lt;script&gt;"></a>"#
    );
}

#[test]
fn hyphenated_attribute_names() {
    assert_eq!(
        html! { div data-user-id="1" aria-label="l" hx-get="/g" hx-on:click="f()" { } }.as_str(),
        r#"<div data-user-id="1" aria-label="l" hx-get="/g" hx-on:click="f()"></div>"#
    );
}

#[test]
fn keyword_attribute_names() {
    assert_eq!(
        html! { label for="x" { } }.as_str(),
        r#"<label for="x"></label>"#
    );
}

#[test]
fn bare_boolean_attribute() {
    assert_eq!(html! { input disabled; }.as_str(), "<input disabled>");
}

#[test]
fn bool_drives_boolean_attribute() {
    let (yes, no) = (true, false);
    assert_eq!(
        html! { input checked=(yes) required=(no); }.as_str(),
        "<input checked>"
    );
}

#[test]
fn bool_on_other_attribute_is_spinnerets_t_and_nil() {
    // `t` is the text `true`; `nil` drops the attribute (Spinneret's run.lisp).
    assert_eq!(
        html! { div aria-hidden=(true) data-x=(false) { } }.as_str(),
        r#"<div aria-hidden="true"></div>"#
    );
    // Where the attribute needs "false", it is written as text.
    let open = false;
    assert_eq!(
        html! { div aria-expanded=(if open { "true" } else { "false" }) { } }.as_str(),
        r#"<div aria-expanded="false"></div>"#
    );
}

#[test]
fn toggle_attribute() {
    let on = true;
    assert_eq!(
        html! { details open[on] { } }.as_str(),
        "<details open></details>"
    );
}

#[test]
fn option_attribute() {
    let (some, none) = (Some("a"), None::<&str>);
    assert_eq!(
        html! { a href=(some) title=(none) { } }.as_str(),
        r#"<a href="a"></a>"#
    );
}

#[test]
fn class_toggles() {
    let (on, off) = (true, false);
    assert_eq!(
        html! { p.a[on].b[off] { } }.as_str(),
        r#"<p class="a"></p>"#
    );
}

#[test]
fn class_toggles_all_off_drop_the_attribute() {
    let off = false;
    assert_eq!(html! { p.a[off] { } }.as_str(), "<p></p>");
}

#[test]
fn dynamic_class_merges_and_dedupes() {
    let c = "a c";
    assert_eq!(
        html! { p.a class=(c) { } }.as_str(),
        r#"<p class="a c"></p>"#
    );
}

#[test]
fn class_and_rel_merge() {
    assert_eq!(
        html! { a.x class="x y" rel="a" rel="b a" { } }.as_str(),
        r#"<a class="x y" rel="a b"></a>"#
    );
}

#[test]
fn leftmost_attribute_wins() {
    assert_eq!(
        html! { a href="/1" href="/2" { } }.as_str(),
        r#"<a href="/1"></a>"#
    );
}

#[test]
fn spread_from_list() {
    let extra = [("data-a", "1"), ("title", "t")];
    assert_eq!(
        html! { div ..(extra) { } }.as_str(),
        r#"<div data-a="1" title="t"></div>"#
    );
}

#[test]
fn spread_merges_class_and_keeps_leftmost() {
    let extra = vec![("class", "b"), ("id", "late")];
    assert_eq!(
        html! { div.a #early ..(extra) { } }.as_str(),
        r#"<div class="a b" id="early"></div>"#
    );
}

#[test]
fn spread_skips_invalid_names() {
    let extra = [("ok", "1"), ("no good", "2"), ("x\"y", "3")];
    assert_eq!(
        html! { div ..(extra) { } }.as_str(),
        r#"<div ok="1"></div>"#
    );
}

#[test]
fn if_else() {
    let x = 3;
    assert_eq!(
        html! { if x > 5 { "big" } else if x > 1 { "mid" } else { "small" } }.as_str(),
        "mid"
    );
}

#[test]
fn if_let() {
    let v = Some(2);
    assert_eq!(html! { if let Some(n) = v { (n) } }.as_str(), "2");
}

#[test]
fn for_loop() {
    assert_eq!(
        html! { ul { for i in 1..=2 { li { (i) } } } }.as_str(),
        "<ul><li>1</li><li>2</li></ul>"
    );
}

#[test]
fn match_arms() {
    let v = Some("x");
    assert_eq!(
        html! { match v { Some(s) => b { (s) }, None => "none" } }.as_str(),
        "<b>x</b>"
    );
}

#[test]
fn let_binding() {
    assert_eq!(html! { let n = 2 * 3; (n) }.as_str(), "6");
}

#[test]
fn let_inside_element_stays_inside() {
    let n = 1;
    assert_eq!(
        html! { div { let n = n + 1; (n) } (n) }.as_str(),
        "<div>2</div>1"
    );
}

#[test]
fn render_trait_components() {
    struct Star;
    impl spinneret::Render for Star {
        fn render_to(&self, out: &mut String) {
            out.push('*');
        }
    }
    assert_eq!(html! { p { (Star) } }.as_str(), "<p>*</p>");
}

fn field(label: &str, attrs: Attrs, children: Markup) -> Markup {
    html! { label { (label) input ..(attrs); } (children) }
}

#[test]
fn deftag_components_pass_attributes_through() {
    assert_eq!(
        html! { @field("Name").wide name="n" required { small { "hint" } } }.as_str(),
        r#"<label>Name<input class="wide" name="n" required></label><small>hint</small>"#
    );
}

fn panel(attrs: Attrs, children: Markup) -> Markup {
    html! { div.panel ..(attrs) { (children) } }
}

#[test]
fn deftag_components_merge_class() {
    assert_eq!(
        html! { @panel.panel.big { "x" } }.as_str(),
        r#"<div class="panel big">x</div>"#
    );
}

#[test]
fn deftag_component_without_children() {
    assert_eq!(html! { @panel; }.as_str(), r#"<div class="panel"></div>"#);
}

#[test]
fn headings_follow_section_depth() {
    assert_eq!(
        html! { h* { "1" } section { h* { "2" } } }.as_str(),
        "<h1>1</h1><section><h2>2</h2></section>"
    );
}

#[test]
fn headings_clamp_at_six() {
    let deep = spinneret::with_section_depth(9, || html! { h* { "x" } });
    assert_eq!(deep.as_str(), "<h6>x</h6>");
}

#[test]
fn headings_see_sections_of_callers() {
    fn title(attrs: Attrs, children: Markup) -> Markup {
        html! { h* ..(attrs) { (children) } }
    }
    assert_eq!(
        html! { section { @title { "t" } } }.as_str(),
        "<section><h2>t</h2></section>"
    );
}

#[test]
fn dynamic_tag_names() {
    let name = TagName::parse("article").unwrap();
    assert_eq!(
        html! { @tag(name).x { "a" } }.as_str(),
        r#"<article class="x">a</article>"#
    );
    // By reference too.
    let name = &name;
    assert_eq!(html! { @tag(name) { } }.as_str(), "<article></article>");
}

#[test]
fn dynamic_tag_names_are_checked_where_they_are_made() {
    assert_eq!(
        TagName::parse("scr<ipt"),
        Err(TagNameError::Unknown("scr<ipt".into()))
    );
    assert_eq!(
        TagName::parse("blink"),
        Err(TagNameError::Unknown("blink".into()))
    );
    assert_eq!(
        TagName::parse("style"),
        Err(TagNameError::RawText("style".into()))
    );
    assert_eq!(TagName::parse("img"), Err(TagNameError::Void("img".into())));
    for bad in [
        "", ".x", "#x", "div.", "div#", "div..x", "div.a b", "div#a b",
    ] {
        assert_eq!(
            TagName::parse(bad),
            Err(TagNameError::Shorthand(bad.into())),
            "{bad:?}"
        );
    }
    assert_eq!(
        TagName::parse("blink").unwrap_err().to_string(),
        "unknown element `blink`: HTML5 has no such element (custom element names need a hyphen)"
    );
}

#[test]
fn dynamic_tag_shorthand_merges_like_static_shorthand() {
    let tag = TagName::parse("div.a.b#main").unwrap();
    assert_eq!((tag.name(), tag.id()), ("div", Some("main")));
    assert_eq!(tag.classes().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(tag.to_string(), "div.a.b#main");
    let want = html! { div.a.b #main.c class="b d" #other data-x="1" { "x" } };
    assert_eq!(
        want.as_str(),
        r#"<div class="a b c d" id="main" data-x="1">x</div>"#
    );
    assert_eq!(
        html! { @tag(tag).c class="b d" #other data-x="1" { "x" } }.as_str(),
        want.as_str()
    );
    assert_eq!(
        html! { @tag("div.a.b#main").c class="b d" #other data-x="1" { "x" } }.as_str(),
        want.as_str()
    );
    // The first id wins.
    assert_eq!(TagName::parse("p#a#b").unwrap().id(), Some("a"));
}

#[test]
fn literal_dynamic_tags_are_static_elements() {
    assert_eq!(
        html! { @tag("my-widget").fancy data-size="3" { "custom" } }.as_str(),
        r#"<my-widget class="fancy" data-size="3">custom</my-widget>"#
    );
    // Spaced as the element they name.
    assert_eq!(
        html! { p { "a" @tag("b") { "b" } "c" } }.as_str(),
        "<p>a<b>b</b> c</p>"
    );
    assert_eq!(
        html! { @tag("section") { h* { "x" } } }.as_str(),
        "<section><h2>x</h2></section>"
    );
}

#[test]
fn dynamic_tags_always_close() {
    let tag = TagName::parse("span.x").unwrap();
    assert_eq!(html! { @tag(tag); }.as_str(), r#"<span class="x"></span>"#);
    assert_eq!(html! { @tag("span"); }.as_str(), "<span></span>");
}

#[test]
fn dynamic_sections_count_for_headings() {
    let tag = TagName::parse("section").unwrap();
    assert_eq!(
        html! { @tag(tag) { h* { "x" } } h* { "y" } }.as_str(),
        "<section><h2>x</h2></section><h1>y</h1>"
    );
}

#[test]
fn dynamic_tags_take_spreads_and_toggles() {
    let tag = TagName::parse("li.item").unwrap();
    let extra = vec![("class", "wide item"), ("data-x", "1")];
    let active = true;
    assert_eq!(
        html! { @tag(tag).active[active] hidden[false] ..(extra) { } }.as_str(),
        r#"<li class="item active wide" data-x="1"></li>"#
    );
}

#[test]
fn cdata_sections() {
    assert_eq!(
        html! { svg { @cdata("a < b && c") } }.as_str(),
        "<svg><![CDATA[a < b && c]]></svg>"
    );
    let text = String::from("x ]]> y");
    assert_eq!(
        html! { svg { @cdata(text) } }.as_str(),
        "<svg><![CDATA[x ]]]]>&gt;<![CDATA[ y]]></svg>"
    );
    assert_eq!(
        html! { math { @cdata("") } }.as_str(),
        "<math><![CDATA[]]></math>"
    );
}

#[test]
fn cdata_cannot_end_early_outside_foreign_content() {
    // HTML reads `<![CDATA[` as a bogus comment up to the first `>`: no `>`
    // of the text stays inside a section.
    let text = "--> <script>alert(1)</script>";
    assert_eq!(
        html! { div { @cdata(text) } }.as_str(),
        "<div><![CDATA[--]]>&gt;<![CDATA[ <script]]>&gt;<![CDATA[alert(1)</script]]>&gt;<![CDATA[]]></div>"
    );
}

#[test]
fn comments_are_made_safe() {
    let c = "x --> <script>";
    assert_eq!(html! { @comment(c) }.as_str(), "<!-- x > <script -->");
}

#[test]
fn doctype() {
    assert_eq!(html! { @doctype }.as_str(), "<!DOCTYPE html>");
}

#[test]
fn html_gets_lang() {
    assert_eq!(html! { html { } }.as_str(), r#"<html lang="en"></html>"#);
}

#[test]
fn explicit_lang_is_kept() {
    assert_eq!(
        html! { html lang="fr" { } }.as_str(),
        r#"<html lang="fr"></html>"#
    );
}

#[test]
fn head_gets_charset() {
    assert_eq!(
        html! { head { } }.as_str(),
        r#"<head><meta charset="UTF-8"></head>"#
    );
}

#[test]
fn explicit_charset_is_kept() {
    assert_eq!(
        html! { head { meta charset="latin1"; } }.as_str(),
        r#"<head><meta charset="latin1"></head>"#
    );
}

#[test]
fn raw_escape_hatch() {
    let trusted = "<i>ok</i>";
    assert_eq!(html! { @raw(trusted) }.as_str(), "<i>ok</i>");
}

#[test]
fn script_literals_are_verbatim() {
    assert_eq!(
        html! { script { "if (a < b && c) {}" } }.as_str(),
        "<script>if (a < b && c) {}</script>"
    );
}

#[test]
fn json_in_script_is_safe() {
    let v = "</script><!--";
    assert_eq!(
        html! { script { @json(v) } }.as_str(),
        r#"<script>"\u003C/script\u003E\u003C!--"</script>"#
    );
}

#[test]
fn with_page_writes_a_document() {
    let page = with_page! { title: "T"; p { "x" } };
    assert_eq!(
        page.as_str(),
        concat!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">"#,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            r#"<title>T</title></head><body><p>x</p></body></html>"#
        )
    );
}

#[test]
fn with_page_title_expression_is_escaped() {
    let t = "a<b";
    assert!(with_page! { title: (t); }
        .as_str()
        .contains("<title>a&lt;b</title>"));
}

#[test]
fn markup_is_display_and_into_string() {
    let m = html! { i { "x" } };
    assert_eq!(format!("{m}"), "<i>x</i>");
    let s: String = m.into();
    assert_eq!(s, "<i>x</i>");
}

#[test]
fn render_to_appends() {
    let mut out = String::from("a");
    spinneret::Render::render_to(&html! { b { } }, &mut out);
    assert_eq!(out, "a<b></b>");
}

#[test]
fn html_to_writes_in_place() {
    let mut out = String::from("<x>");
    html_to!(&mut out, "a"(1));
    assert_eq!(out, "<x>a 1");
}

#[test]
fn svg_and_custom_elements() {
    assert_eq!(
        html! { svg viewBox="0 0 2 2" { circle cx="1" r="1"; } my-widget size="3" { } }.as_str(),
        r#"<svg viewBox="0 0 2 2"><circle cx="1" r="1"></circle></svg><my-widget size="3"></my-widget>"#
    );
}

#[test]
fn unchecked_element() {
    assert_eq!(
        html! { #[unchecked] blink whatever="1" { } }.as_str(),
        r#"<blink whatever="1"></blink>"#
    );
}

#[test]
fn allow_prefix() {
    assert_eq!(
        html! { #![allow_prefix("ng-")] div ng-if="x" { } }.as_str(),
        r#"<div ng-if="x"></div>"#
    );
}

#[test]
fn pretty_mode() {
    let m = html! { ul { li { "a" } li { "b" } } };
    assert_eq!(m.to_pretty(), "<ul>\n <li>a\n <li>b\n</ul>");
}

#[test]
fn pretty_wraps_at_fill_column() {
    let long = "word ".repeat(30);
    let m = html! { div { p { (long) } } };
    let pretty = m.to_pretty();
    assert!(
        pretty.lines().all(|l| l.len() <= spinneret::FILL_COLUMN),
        "{pretty}"
    );
    assert!(pretty.lines().count() > 3);
}

#[test]
fn pretty_keeps_pre() {
    let m = html! { div { pre { "  a\n b" } } };
    assert_eq!(m.to_pretty(), "<div>\n <pre>  a\n b</pre>\n</div>");
}

#[test]
fn pretty_keeps_cdata_sections_whole() {
    let m = html! { svg { text { "a" @cdata("1  <  2 > 0") } } };
    assert_eq!(
        m.to_pretty(),
        "<svg>\n <text>\n  a<![CDATA[1  <  2 ]]>&gt;<![CDATA[ 0]]>\n </text>\n</svg>"
    );
}

#[test]
fn django_filters_inside() {
    use spinneret::filters::text::truncatechars;
    assert_eq!(
        html! { p { (truncatechars("abcdefgh", 4)) } }.as_str(),
        "<p>abc…</p>"
    );
}

#[test]
fn spliced_integers_match_display_at_every_digit_count() {
    // The splice writes numbers below 10,000 from a digit table and the rest
    // with itoa: check both sides of every boundary, signs and extremes.
    let mut values: Vec<i64> = vec![i64::MIN, i64::MAX, i64::MIN + 1];
    for edge in [
        0i64, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, 99_999, 100_000,
    ] {
        for v in [edge - 1, edge, edge + 1] {
            values.extend([v, -v]);
        }
    }
    values.extend(0..=10_001);
    for v in values {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
        let r = &v;
        assert_eq!(spinneret::html! { (r) }.into_string(), v.to_string());
        if let Ok(u) = u64::try_from(v) {
            assert_eq!(spinneret::html! { (u) }.into_string(), u.to_string());
        }
        if let Ok(s) = i16::try_from(v) {
            assert_eq!(spinneret::html! { (s) }.into_string(), s.to_string());
        }
        if let Ok(b) = u8::try_from(v) {
            assert_eq!(spinneret::html! { (b) }.into_string(), b.to_string());
        }
    }
    for v in [u64::MAX, u64::MAX - 1] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
    for v in [u128::MAX, 0, 7] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
    for v in [i128::MIN, -5, 12_345] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
    for v in [i8::MIN, i8::MAX, -1, 0] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
    for v in [usize::MAX, 42] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
    for v in [isize::MIN, -42] {
        assert_eq!(spinneret::html! { (v) }.into_string(), v.to_string());
    }
}

/// A spliced expression is evaluated once, as in Spinneret.
#[test]
fn splices_are_evaluated_once() {
    let mut calls = 0;
    let mut next = || {
        calls += 1;
        calls
    };
    let page = html! { p { (next()) } };
    assert_eq!(page.as_str(), "<p>1</p>");
    assert_eq!(calls, 1);
}

/// Raw content takes no automatic space and gives none: a space pending
/// before it goes after it, before the next text (Spinneret's `write-raw`
/// leaves the pending space as it is).
#[test]
fn raw_content_is_not_spaced() {
    assert_eq!(
        html! { p { @raw("&nbsp;") "text" } }.as_str(),
        "<p>&nbsp;text</p>"
    );
    assert_eq!(html! { p { "a" @raw("x") "c" } }.as_str(), "<p>ax c</p>");
    assert_eq!(
        html! { p { "a" @raw("<b>x</b>") } }.as_str(),
        "<p>a<b>x</b></p>"
    );
    let raw = |s: &str| spinneret::tree::Node::Raw(spinneret::Safe::mark(s.to_string()));
    let tree = spinneret::tree::Node::element("p")
        .child(spinneret::tree::Node::text("a"))
        .child(raw("x"))
        .child(spinneret::tree::Node::text("c"));
    assert_eq!(tree.render().unwrap().as_str(), "<p>ax c</p>");
}
