"""Regenerates filters/src/py_char_classes.rs: the character classes of
Python's `str.isalpha`, `str.isnumeric` and `str.isidentifier`, and the
title-case mappings that are not upper case then lower case, from the
running CPython (3.12.1: Unicode 15.0.0, the version Django 6.1 runs on).

    /tmp/djenv/bin/python filters/tools/gen_char_classes.py > filters/src/py_char_classes.rs
"""
import sys
import unicodedata


def ranges(pred):
    out, start = [], None
    for cp in range(0x110000):
        inside = not (0xD800 <= cp <= 0xDFFF) and pred(chr(cp))
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out


def table(name, doc, rs):
    lines = [f"/// {doc}", "#[rustfmt::skip]", f"pub(crate) const {name}: &[(u32, u32)] = &["]
    row = []
    for lo, hi in rs:
        row.append(f"(0x{lo:x}, 0x{hi:x}),")
        if len(row) == 6:
            lines.append("    " + " ".join(row))
            row = []
    if row:
        lines.append("    " + " ".join(row))
    lines.append("];")
    return "\n".join(lines)


print(f"""//! Python's character classes for `str.isalpha`, `str.isnumeric` and
//! `str.isidentifier`, generated from CPython {sys.version.split()[0]} (Unicode
//! {unicodedata.unidata_version}) by `filters/tools/gen_char_classes.py`. Do not edit by hand.
//!
//! Tables, not Rust's `char` methods: Rust's
//! `is_alphabetic` is Unicode's Alphabetic property (combining vowel
//! signs included), where Python's `isalpha` is the letter categories
//! only, and Rust's `is_numeric` misses the CJK numerals Python counts
//! (`一`, `万`); Rust's tables also follow a newer Unicode version.
""")
print(table("ALPHA", "`c.isalpha()`: categories Lu, Ll, Lt, Lm, Lo.", ranges(str.isalpha)))
print()
print(table("NUMERIC", "`c.isnumeric()`: Numeric_Type Decimal, Digit or Numeric.", ranges(str.isnumeric)))
print()
print(table("XID_START", "`c.isidentifier()`: XID_Start, and `_`.", ranges(str.isidentifier)))
print()
print(table("XID_CONTINUE", "`('a' + c).isidentifier()`: XID_Continue.", ranges(lambda c: ("a" + c).isidentifier())))


def approximate_title(c):
    """What filters/src/py.rs writes without the table: the first
    character of the upper case, then the rest lowered (Unicode's
    digraphs and U+0149 aside)."""
    if c in "\u01c4\u01c5\u01c6":
        return "\u01c5"
    if c in "\u01c7\u01c8\u01c9":
        return "\u01c8"
    if c in "\u01ca\u01cb\u01cc":
        return "\u01cb"
    if c in "\u01f1\u01f2\u01f3":
        return "\u01f2"
    up = c.upper()
    if len(up) <= 1 or c == "\u0149":
        return up
    return up[0] + up[1:].lower()


def rust_str(s):
    return '"' + "".join("\\u{%x}" % ord(ch) for ch in s) + '"'


exceptions = [
    (cp, chr(cp).title())
    for cp in range(0x110000)
    if not (0xD800 <= cp <= 0xDFFF) and chr(cp).title() != approximate_title(chr(cp))
]
print()
print("/// Title case where it is not the upper case's first character and the")
print("/// rest lowered: Georgian letters keep their case, Greek letters with")
print("/// a subscript iota take the capital with it (`ᾳ` → `ᾼ`).")
print("#[rustfmt::skip]")
print("pub(crate) const TITLE_EXCEPTIONS: &[(u32, &str)] = &[")
for cp, t in exceptions:
    print(f"    (0x{cp:x}, {rust_str(t)}),")
print("];")
