use spinneret::html;

fn main() {
    let code = "a < b";
    let _ = html! { svg { script { @cdata(code) } } };
    let _ = html! { style { @cdata("a > b {}") } };
}
