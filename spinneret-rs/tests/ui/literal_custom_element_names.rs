// Spinneret's `literal-custom-element-names`: `(:xy "Hello")` signals an
// error (no hyphen: not a custom element), `(:x-y "Hello")` does not.
fn main() {
    let _ = spinneret::html! { xy { "Hello" } };
    let _ = spinneret::html! { x-y { "Hello" } };
}
