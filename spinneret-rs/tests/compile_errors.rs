//! Every compile-time check, with its exact message (`tests/ui/*.stderr`).

#[test]
fn compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
