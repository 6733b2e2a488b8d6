use spinneret::html;

fn main() {
    let _ = html! { @tag("artcle") { "x" } };
    let _ = html! { @tag("br"); };
    let _ = html! { @tag("img") { "x" } };
    let _ = html! { @tag("script") { "x" } };
    let _ = html! { @tag("div..x") { "x" } };
    let _ = html! { @tag("a.button") hreff="/" { "x" } };
}
