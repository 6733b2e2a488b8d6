use spinneret::{html, with_page, Attrs, Markup};

fn card(title: &str, attrs: Attrs, children: Markup) -> Markup {
    html! { div.card ..(attrs) { h2 { (title) } (children) } }
}

#[test]
fn scratch() {
    let name = "John <3";
    let items = vec!["a", "b&"];
    let done = true;
    let none: Option<&str> = None;
    let m = html! {
        @doctype
        div.card.wide #main data-id=(42) hx-get="/x" .active[done] {
            h1 { "Title" }
            p { "Hello" (name) "!" }
            p { ("{}, here is your list", name) }
            p { ("{name}!") }
            ul { for i in &items { li { (i) } } }
            if done { s { "done" } } else { "todo" }
            input type="checkbox" checked=(done) title=(none);
            let x = 3;
            (x)
            match x { 3 => "three", _ => { "other" } }
            @card("T").extra data-z="1" { p { "child" } }
            section { h* { "deep" } section { h* { "deeper" } } }
            h* { "top" }
            @comment("a -- b")
            @tag("my-el") { "dyn" }
            script { "var a = 1 < 2;" @json(&items) }
            "a" ~ "b"
            (none) "x"
        }
    };
    println!("{m}");
    let p = with_page! { title: "Home"; head { link rel="stylesheet" href="/a.css"; } header { h1 { "Home" } } };
    println!("{p}");
}
