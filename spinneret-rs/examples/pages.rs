//! Writes the HTML of the example pages into a folder, for the Nu Html
//! Checker (`.ci/spinneret-vnu`): the Common Lisp web cookbook's `with-page`
//! home page, Spinneret's checkbox widget, and pages exercising the rest of
//! the DSL.
//!
//!     cargo run -p spinneret-html --example pages -- OUT_DIR

use std::path::PathBuf;

use spinneret::{html, tree::Node, with_page, Attrs, Markup, TagName};

/// The cookbook's `home-page`, written with `with_page!`.
fn home_page(user_name: &str, shopping_list: &[&str], last_login: &str) -> Markup {
    with_page! {
        title: "Home page";
        header { h1 { "Home page" } }
        section {
            ("{}, here is <em>your</em> shopping list: ", user_name)
            ol { for (i, item) in shopping_list.iter().enumerate() { li { (i + 1) (item) } } }
        }
        footer { ("Last login: {}", last_login) }
    }
}

struct Task {
    title: String,
    done: bool,
}

/// Spinneret's checkbox widget: `(:input :type "checkbox" :checked (done task))`
/// beside `(:span (if (done task) (:s (title task)) (title task)))`.
fn task_widget(task: &Task, id: usize) -> Markup {
    html! {
        li.task.done[task.done] {
            input type="checkbox" id=(format!("task-{id}")) checked=(task.done) name="done";
            label for=(format!("task-{id}")) {
                span { if task.done { s { (task.title) } } else { (task.title) } }
            }
        }
    }
}

fn tasks_page(tasks: &[Task]) -> Markup {
    with_page! {
        title: "Tasks";
        head { link rel="stylesheet" href="/tasks.css"; }
        main {
            h1 { "Tasks" }
            ul.tasks { for (i, task) in tasks.iter().enumerate() { (task_widget(task, i)) } }
        }
    }
}

/// A `deftag`-style component: declared `label`, everything else goes to the input.
fn field(label: &str, attrs: Attrs, children: Markup) -> Markup {
    html! {
        div.field {
            label { (label) input ..(attrs); }
            (children)
        }
    }
}

fn components_page() -> Markup {
    let user: Option<&str> = std::hint::black_box(Some("Ada <admin>"));
    let extra = vec![("data-track", "signup"), ("data-hx-post", "/signup")];
    // A tag name chosen at run time is checked where it is made.
    let note = TagName::parse(std::hint::black_box("aside.note"));
    with_page! {
        title: (format!("Sign up, {}", user.unwrap_or("guest")));
        lang: "en-GB";
        head { meta name="description" content="Every construct of the DSL"; }
        section {
            h* { "Sign up" }
            form.signup action="/signup" method="post" ..(extra) {
                @field("Name").wide name="name" required placeholder="Your name" {
                    small { "As it should appear on " ~ em { "your" } " badge." }
                }
                @field("Newsletter") type="checkbox" name="news" checked=(true);
                button type="submit" disabled[user.is_none()] { "Join" }
            }
            section {
                h* { "Details" }
                @comment("built -- by spinneret")
                p { "Inline" svg width="10" height="10" viewBox="0 0 10 10" role="img" aria-label="dot" { circle cx="5" cy="5" r="4"; } "icon." }
                table {
                    thead { tr { th scope="col" { "n" } th scope="col" { "square" } } }
                    tbody { for n in 1..=3 { tr { td { (n) } td { (n * n) } } } }
                }
                match user { Some(name) => p { "Signed in as" b { (name) } "." }, None => p { "Anonymous" } }
                @tag("my-widget").fancy data-size="3" { "custom" }
                match &note {
                    Ok(tag) => @tag(tag) #note { "Chosen at run time." },
                    Err(error) => p { (error.to_string()) },
                }
                svg width="60" height="10" viewBox="0 0 60 10" role="img" aria-label="1 < 2" {
                    text x="0" y="9" { @cdata("1 < 2 && 3 > 2") }
                }
                img src="/a.png" alt="A" width="10" height="10";
                pre { "  keep\n   this" }
            }
        }
        script { "const data = " @json(&["</script>", "x"]) ";" }
    }
}

fn tree_page() -> Markup {
    let json = serde_json::json!(["!raw", "<!DOCTYPE html>"]);
    let doctype = Node::from_json(&json)
        .and_then(|n| n.render())
        .unwrap_or_default();
    let tree = Node::from_json(&serde_json::json!([
        "html",
        ["head", ["title", "Tree"]],
        [
            "body",
            [
                "section.intro",
                ["h*", "From JSON"],
                ["p", "Hello", ["b", "world"], "!"]
            ]
        ]
    ]))
    .and_then(|n| n.render())
    .unwrap_or_default();
    html! { (doctype) (tree) }
}

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/spinneret-pages".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let tasks = [
        Task {
            title: "Buy milk".into(),
            done: true,
        },
        Task {
            title: "Write <tests>".into(),
            done: false,
        },
    ];
    let pages = [
        (
            "home.html",
            home_page("Ada", &["milk", "eggs & bread"], "2024-01-01 10:00"),
        ),
        ("tasks.html", tasks_page(&tasks)),
        ("components.html", components_page()),
        (
            "pretty.html",
            spinneret::Markup::from(spinneret::Safe::mark(components_page().to_pretty())),
        ),
        ("tree.html", tree_page()),
    ];
    for (name, page) in pages {
        std::fs::write(dir.join(name), page.as_str())?;
    }
    println!("wrote {} pages to {}", 5, dir.display());
    Ok(())
}
