use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    // A template directory (your project's `templates/`), here with one page.
    let dir = std::env::temp_dir().join("djula-quickstart");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("page.html"), "<p>Hello, {{ user|shout }}</p>\n")?;

    let mut engine = djula::Engine::new();
    engine.add_template_directory(&dir)?; // the search path; set-up may come in any order
    engine.def_filter("shout", |s: &str| s.to_uppercase() + "!"); // typed arguments
    engine.check()?; // compiles every template now and lists every error

    let page = engine.template("page.html")?; // compiled once, cached
    let html = page.render(&serde_json::json!({"user": "Ann & Bo"}))?; // any serde::Serialize
    assert_eq!(html, "<p>Hello, ANN &amp; BO!</p>\n");
    page.write_to(&mut std::io::stdout(), &serde_json::json!({"user": "you"}))?; // streams
    Ok(())
}
