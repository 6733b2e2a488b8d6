struct User {
    name: String,
}

fn main() {
    let user = User { name: "Ann".into() };
    let _ = spinneret::html! { p { (user) } };
    let _ = &user.name;
}
