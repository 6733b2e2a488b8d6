use spinneret::html;

fn main() {
    let user = "</script><script>alert(1)</script>";
    let _ = html! { script { "var u = '" (user) "';" } };
    let _ = html! { style { ("a {{ color: {} }}", user) } };
}
