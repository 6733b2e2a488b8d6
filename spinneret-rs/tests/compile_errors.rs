//! Every compile-time check, with its exact message (`tests/ui/*.stderr`).

#[test]
fn compile_errors() {
    // trybuild builds the cases with cargo on an inherited stderr and
    // colours its report unless NO_COLOR is set (termcolor does not ask
    // whether stderr is a terminal): keep `cargo test`'s output to one
    // plain line per case. Set before trybuild starts, on this test's
    // only thread.
    std::env::set_var("CARGO_TERM_QUIET", "true");
    std::env::set_var("NO_COLOR", "1");
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
