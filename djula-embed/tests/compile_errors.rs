//! What a broken template or a wrong argument does to `cargo build`, with
//! the exact message (`tests/ui/*.stderr`).

#[test]
fn compile_errors() {
    // trybuild compiles each case in a crate of its own under target/:
    // directories are found from this crate's directory instead, and
    // cargo's progress lines are not shown.
    std::env::set_var("DJULA_EMBED_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    std::env::set_var("CARGO_TERM_QUIET", "true");
    std::env::set_var("NO_COLOR", "1");
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
