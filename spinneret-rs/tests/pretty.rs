//! The pretty printer beyond Spinneret's own tests (those are in
//! tests/suite.rs): byte-level details, odd input, and that printing keeps
//! the page's DOM.

use spinneret::{html, render_pretty, EndTags, PrettyOptions};

const LOREM: &str = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

/// `*always-quote*` in the human style.
#[test]
fn always_quote_attributes() {
    let quoted = PrettyOptions {
        always_quote: true,
        ..PrettyOptions::default()
    };
    let out = quoted
        .render_pretty(|| html! { img alt="some alt text" src="https://test.com/image.png"; });
    assert_eq!(
        out,
        "<img alt=\"some alt text\"\n     src=\"https://test.com/image.png\">"
    );
}

/// `pre-no-spaces-format` expects `<pre>foo\nbar</pre>` by `visually-equal`,
/// which trims the space Lisp's `"foo ~A…"` leaves before the newline;
/// `pre` content is never touched, so the space stays.
#[test]
fn pre_no_spaces_format_keeps_its_space() {
    let out = render_pretty(|| html! { pre { ("foo {}{}{}{}", '\n', "b", "a", "r") } });
    assert_eq!(out, "<pre>foo \nbar</pre>");
}

/// Raw content in a block: Spinneret writes it past its stream, so that
/// it takes no pending newline and moves no column: glued to the open tag,
/// with the end tag on the next line. What follows on the same line starts
/// a new one when it is a block (`fresh-line` sees the open tag's `>`),
/// and text takes the still pending newline.
#[test]
fn raw_in_a_block_is_glued_to_the_open_tag() {
    let out = render_pretty(|| html! { div { @raw("<b>x   y</b>") } });
    assert_eq!(out, "<div><b>x   y</b>\n</div>");
    let out = render_pretty(|| html! { div { @raw("x") p { "y" } } });
    assert_eq!(out, "<div>x\n <p>y\n</div>");
    let out = render_pretty(|| html! { body { div { @raw("x") ~ "text" } } });
    assert_eq!(out, "<body>\n <div>x\n  text\n </div>\n</body>");
}

/// Raw marks never leak, wherever the raw content is.
#[test]
fn raw_in_preformatted_content() {
    let out = render_pretty(|| html! { pre { "a" @raw("<b>") "c" } });
    assert_eq!(out, "<pre>a<b>c</pre>");
}

/// `Markup::to_pretty` reads finished HTML: raw content there is re-flowed
/// like the rest (use `render_pretty`).
#[test]
fn to_pretty_cannot_see_raw() {
    let long = "word ".repeat(30);
    let m = html! { @raw(long.trim_end()) };
    assert_ne!(m.to_pretty(), long.trim_end());
    assert_eq!(
        render_pretty(|| html! { @raw(long.trim_end()) }),
        long.trim_end()
    );
}

/// Whatever the input, the printer returns (no panic, no stack overflow).
#[test]
fn odd_input_does_not_panic() {
    let deep = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
    let inputs = [
        deep.as_str(),
        "<div",
        "<div a=\"b>",
        "</p></div>x<",
        "<p>a<pre>unclosed",
        "<!-- open",
        "<![CDATA[ x",
        "\u{FDD0}<b>raw without end",
        "\u{FDD1}stray end\u{FDD0}\u{FDD0}nested\u{FDD1}",
        "<a x=y z=\"é\">é é</a>",
        "   \n\t ",
        "<textarea>a  b</textarea><script>if (a<b) {}</script>",
    ];
    for input in inputs {
        let _ = spinneret::pretty(input);
        let narrow = PrettyOptions {
            fill_column: 0,
            ..PrettyOptions::default()
        };
        let _ = narrow.pretty(input);
    }
}

/// Pretty printing changes whitespace only: the page reads back as the
/// same elements, attributes and words, end tags left out included.
#[test]
fn pretty_reads_back_as_the_same_tree() {
    let pages = [
        html! { div { p { "Hello" } a { "world" } } },
        html! { ul { li { "a" } li { b { "b" } } } "after" },
        html! { dl { dt { "t" } dd { "d" } dt { "u" } } },
        html! { table { tr { td { "1" } td { "2" } } tr { th { "3" } } } },
        html! { select { option { "a" } option { "b" } } },
        html! { div { p { "one" } p { "two" } section { p { "three" } } "tail" } },
        html! { p { (LOREM) a href="/x?y=1&z=2" title="a \"quoted\" 'title'" { "link" } (LOREM) } },
        html! { a href="#" { p { "inside a" } } },
    ];
    for page in pages {
        let pretty = render_pretty(|| page.clone());
        assert_eq!(dom_outline(page.as_str()), dom_outline(&pretty), "{pretty}");
    }
}

/// Comments go on a line of their own at the content's indentation, as
/// Spinneret's `comment` writes them (`~&~v,0T<!-- … -->~%`); a doctype
/// ends its line.
#[test]
fn comments_and_doctype() {
    let out = render_pretty(|| html! { div { @comment("x y") p { "a" } } });
    assert_eq!(out, "<div>\n <!-- x y -->\n <p>a\n</div>");
    assert_eq!(render_pretty(|| html! { @doctype }), "<!DOCTYPE html>\n");
}

/// Whole pages: block attributes wrap at half the fill column, aligned.
#[test]
fn with_page_prints() {
    let out = render_pretty(|| spinneret::with_page! { title: "Home"; h1 { "Welcome" } p { "x" } });
    assert_eq!(
        out,
        "\
<!DOCTYPE html>
<html lang=en>
 <head>
  <meta charset=UTF-8>
  <meta name=viewport
        content=\"width=device-width, initial-scale=1\">
  <title>Home</title>
 </head>
 <body>
  <h1>Welcome</h1>
  <p>x
 </body>
</html>"
    );
}

/// Spinneret's spelling: `'` as `&#39;` and U+00A0 as `&nbsp;` in text and
/// attribute values; attribute values escape only `& " '`, so `<` and `>`
/// come back and need quotes (`must-quote?`).
#[test]
fn spinneret_spelling() {
    let out = render_pretty(|| html! { p title="a<b" data-x="it's" { "it's\u{a0}<b>" } });
    assert_eq!(
        out,
        "<p title=\"a<b\" data-x=it&#39;s>it&#39;s&nbsp;&lt;b&gt;"
    );
    // Script code is copied as it is.
    let out = render_pretty(|| html! { script { "let a = 'x';" } });
    assert_eq!(out, "<script>let a = 'x';</script>");
}

/// Token lists (`class`, `rel`, …) come first, the last one written first,
/// as Spinneret's `simplify-tokenized-attributes` orders them.
#[test]
fn token_lists_first() {
    let out = render_pretty(|| html! { a href="/x" class="c" rel="r" { "x" } });
    assert_eq!(out, "<a rel=r class=c href=\"/x\">x</a>");
}

/// `*print-pretty*` nil: Spinneret's bytes with no line breaks, a doctype
/// excepted (`~%`); the page reads back as the page written.
#[test]
fn without_pretty_printing() {
    let plain = PrettyOptions {
        print_pretty: false,
        ..PrettyOptions::default()
    };
    let page = html! {
        @doctype
        html { head { title { "T" } } body { ul { li { "a" } li { "b" } } p { "x" } @comment("c") } }
    };
    let out = plain.pretty(page.as_str());
    assert_eq!(
        out,
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=UTF-8><title>T</title></head>\
         <body><ul><li>a<li>b</ul><p>x</p><!-- c --></body></html>"
    );
    assert_eq!(dom_outline(page.as_str()), dom_outline(&out));
    let all = PrettyOptions {
        end_tags: EndTags::All,
        ..plain
    };
    assert_eq!(all.pretty("<ul><li>a</li></ul>"), "<ul><li>a</li></ul>");
}
/// The elements a browser reads from `html`, with their attributes and
/// their text with whitespace runs collapsed: what pretty printing must
/// keep.
fn dom_outline(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        if let Some(el) = node.value().as_element() {
            let mut attrs: Vec<String> = el.attrs().map(|(k, v)| format!("{k}={v}")).collect();
            attrs.sort();
            let depth = node.ancestors().count();
            out.push(format!("{depth} <{}> {}", el.name(), attrs.join(" ")));
        } else if let Some(text) = node.value().as_text() {
            let words: Vec<&str> = text.split_whitespace().collect();
            if !words.is_empty() {
                out.push(format!(
                    "{} text {}",
                    node.ancestors().count(),
                    words.join(" ")
                ));
            }
        }
    }
    out
}

/// A format string starts a new line, as Spinneret's `format-text` does
/// (`(terpri)` before its text when pretty printing, outside `pre`); the
/// automatic spaces stay those of the compact output.
#[test]
fn format_strings_start_a_line() {
    let out = render_pretty(|| html! { p { "Hello" ("x {}", "y") "after" } });
    assert_eq!(out, "<p>Hello\n x y after");
    let out = render_pretty(|| html! { div { span { "a" } ("{}", ",b") } });
    assert_eq!(out, "<div>\n <span>a</span>\n ,b\n</div>");
    let page = html! { div { span { "a" } ("{}", ",b") } };
    assert_eq!(page.as_str(), "<div><span>a</span>,b</div>");
    let out = render_pretty(|| html! { pre { "a" ("{}", "b") } });
    assert_eq!(out, "<pre>ab</pre>");
    let out = render_pretty(|| html! { a title=(html! { ("{}", "t") }) { "x" } });
    assert_eq!(out, "<a title=t>x</a>");
}

/// The marks `render_pretty` writes do not change the automatic spaces:
/// no space before raw content starting with a tag, as in the compact
/// output.
#[test]
fn marks_do_not_change_spaces() {
    let page = || html! { p { "a" @raw("<b>x</b>") "c" } };
    assert_eq!(page().as_str(), "<p>a<b>x</b> c</p>");
    assert_eq!(render_pretty(page), "<p>a<b>x</b> c");
    let empty = "";
    let page = || html! { p { "a" @raw(empty) "c" } };
    assert_eq!(page().as_str(), "<p>a c</p>");
    assert_eq!(render_pretty(page), "<p>a c");
}

/// `lang` comes before the `html` element's own attributes, as Spinneret's
/// `make-html` writes it; token lists still come first.
#[test]
fn lang_default_first() {
    let page = html! { html.x xmlns="http://www.w3.org/1999/xhtml" { } };
    assert_eq!(
        page.as_str(),
        r#"<html lang="en" class="x" xmlns="http://www.w3.org/1999/xhtml"></html>"#
    );
    assert_eq!(
        render_pretty(|| page.clone()),
        // Block attributes wrap at half the fill column, lined up.
        "<html class=x lang=en\n      xmlns=\"http://www.w3.org/1999/xhtml\"></html>"
    );
    let tree = spinneret::tree::Node::element("html").attr("xmlns", "x");
    assert_eq!(
        tree.render().unwrap().as_str(),
        r#"<html lang="en" xmlns="x"></html>"#
    );
}
