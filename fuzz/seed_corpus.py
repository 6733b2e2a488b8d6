#!/usr/bin/env python3
"""Seeds fuzz/corpus/TARGET/ from template-fixtures/ (run from anywhere).

parse, render_json: every template of the bench/example fixtures and of the
1,660 Django conformance cases (render_json: template NUL context JSON);
filters: each conformance filter case as pick, shape, value NUL argument;
escape: the fixture templates as text; spinneret: JSON trees built from the
same texts. Existing corpus files are kept (libFuzzer names new finds by hash).
"""

import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "template-fixtures")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def builtin_filters():
    """The names in filters::flags::BUILTIN_FILTERS, in order."""
    names = []
    with open(os.path.join(ROOT, "filters", "src", "flags.rs"), encoding="utf-8") as f:
        inside = False
        for line in f:
            if "BUILTIN_FILTERS" in line and "=" in line:
                inside = True
                continue
            if inside:
                line = line.strip()
                if line.startswith("];"):
                    break
                if line.startswith('("'):
                    names.append(line.split('"')[1])
    return names


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    names = builtin_filters()
    count = 0
    for sub in ("bench", "example"):
        directory = os.path.join(FIXTURES, sub)
        context = "{}"
        if os.path.exists(os.path.join(directory, "context.json")):
            with open(os.path.join(directory, "context.json"), encoding="utf-8") as f:
                context = f.read()
        for filename in sorted(os.listdir(directory)):
            if filename.endswith(".html"):
                with open(os.path.join(directory, filename), encoding="utf-8") as f:
                    text = f.read()
                write("parse", text)
                write("render_json", text + "\0" + context)
                write("escape", text)
                write("spinneret", json.dumps(["div", {"title": text[:200]}, text[:200]]))
                count += 1
    for kind in ("syntax_tests", "filter_tests"):
        directory = os.path.join(FIXTURES, "conformance", kind)
        for filename in sorted(os.listdir(directory)):
            if not filename.endswith(".json"):
                continue
            with open(os.path.join(directory, filename), encoding="utf-8") as f:
                cases = json.load(f)
            for case in cases:
                context = json.dumps(case.get("context", {}))
                for source in case["templates"].values():
                    write("parse", source)
                    write("render_json", source + "\0" + context)
                    count += 1
                if kind == "filter_tests":
                    filt = filename[len("test_"):-len(".json")]
                    if filt in names:
                        ctx = case.get("context", {})
                        values = [v for v in ctx.values() if isinstance(v, (str, int, float))]
                        value = str(values[0]) if values else ""
                        arg = str(values[1]) if len(values) > 1 else ""
                        pick = bytes([names.index(filt), 0])
                        write("filters", pick + (value + "\0" + arg).encode("utf-8"))
                        write("escape", value)
                        write("spinneret", json.dumps(["p", {"title": value}, value, ["b", arg]]))
    for tree in (
        ["ul", {"class": "menu"}, ["li", "One"], ["li", ["b", "Two"], "!"]],
        ["!doctype"], ["!comment", "a -- b"], ["!raw", "<i>x</i>"],
        ["input", {"checked": True, "value": "\"x\"", "disabled": False}],
        ["pre", "  a\n  b"], ["a.x#y", {"href": "javascript:alert(1)"}, "<script>"],
        ["section", ["h1", "T"], ["section", ["h1", "U"]]],
    ):
        write("spinneret", json.dumps(tree))
    print("seeded fuzz/corpus/ from %d fixture templates" % count, file=sys.stderr)


if __name__ == "__main__":
    main()
