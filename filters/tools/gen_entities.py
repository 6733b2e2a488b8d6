"""Regenerates filters/src/entities.rs from the running CPython's html module.

    ../.venv-django/bin/python filters/tools/gen_entities.py
"""
import html
import html.entities as E

src = open(html.__file__).read()
ns = {}
exec(src[src.index("_invalid_charrefs"):src.index("def _replace_charref")], ns)


def lit(s):
    return '"' + "".join(
        c if (c.isprintable() and c not in '"\\' and ord(c) < 0x7F) else "\\u{%x}" % ord(c) for c in s
    ) + '"'


out = [
    "//! Python's `html.unescape` tables (`html.entities.html5`, the invalid",
    "//! character references), generated from CPython 3.12.1 by",
    "//! `filters/tools/gen_entities.py`. Do not edit by hand.",
    "",
    "/// Named character references, with and without `;`, sorted by name.",
    "pub(crate) const HTML5: &[(&str, &str)] = &[",
]
out += ["    (%s, %s)," % (lit(k), lit(v)) for k, v in sorted(E.html5.items())]
out += ["];", "", "/// `_invalid_charrefs`: numeric references replaced by another character.",
        "pub(crate) const INVALID_CHARREFS: &[(u32, char)] = &["]
out += ["    (0x%x, '\\u{%x}')," % (k, ord(v)) for k, v in sorted(ns["_invalid_charrefs"].items())]
out += ["];", "", "/// `_invalid_codepoints`: numeric references that become nothing.",
        "pub(crate) const INVALID_CODEPOINTS: &[u32] = &[",
        "    " + ", ".join("0x%x" % c for c in sorted(ns["_invalid_codepoints"])) + ",", "];"]
open("filters/src/entities.rs", "w").write("\n".join(out) + "\n")
