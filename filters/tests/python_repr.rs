//! `python_repr` escapes what Python's `str.isprintable` rejects, as
//! `repr` does (found by the XSS corpus: `join` of a nested list with a
//! U+2028 differed from Django). Expected values printed by CPython 3.12.

use djula_filters::text::python_repr;

#[test]
fn non_printable_characters_are_escaped_as_python_does() {
    for (input, want) in [
        ("\u{2028}\u{2029}<s>", r"'\u2028\u2029<s>'"),
        ("\u{a0}\u{ad}", r"'\xa0\xad'"),
        ("\u{200b}\u{feff}", r"'\u200b\ufeff'"),
        ("\u{e000}", r"'\ue000'"),
        ("\u{10ffff}", r"'\U0010ffff'"),
        ("caf\u{e9} \u{263a}", "'caf\u{e9} \u{263a}'"),
        ("\u{e0001}", r"'\U000e0001'"),
    ] {
        assert_eq!(python_repr(input), want, "{input:?}");
    }
}
