use spinneret::html;

fn main() {
    let _ = html! { buton { "Go" } };
    let _ = html! { a hreff="/" { "x" } };
    let _ = html! { div colspan="2" { } };
}
