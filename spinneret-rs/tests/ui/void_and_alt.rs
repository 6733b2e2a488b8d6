use spinneret::html;

fn main() {
    let _ = html! { br { "text" } };
    let _ = html! { img src="/cat.png"; };
}
