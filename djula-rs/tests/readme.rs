//! The README's djula Quickstart runs as written: it is
//! `examples/quickstart.rs`, word for word, and this test runs that file.

mod quickstart {
    include!("../examples/quickstart.rs");

    pub fn run() -> Result<(), Box<dyn Error>> {
        main()
    }
}

#[test]
fn the_quickstart_runs() {
    quickstart::run().unwrap();
}

#[test]
fn the_readme_shows_the_quickstart_word_for_word() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/quickstart.rs");
    let section = readme
        .split("## Quickstart: djula")
        .nth(1)
        .expect("the README has a djula Quickstart");
    let block = section
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the Quickstart has a rust block");
    assert_eq!(
        block, example,
        "README.md's djula Quickstart differs from examples/quickstart.rs"
    );
}
