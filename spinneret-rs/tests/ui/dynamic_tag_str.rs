use spinneret::html;

fn main() {
    let name = "article";
    let _ = html! { @tag(name) { "x" } };
}
