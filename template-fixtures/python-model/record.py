#!/usr/bin/env python3
"""Records what Django 6.1 renders for each case of cases.json (the
"template" and "context" fields), into its "output" (or "error": true).

    PYENV_VERSION=3.12.1 python3 -m venv /tmp/djenv && /tmp/djenv/bin/pip install "django==6.1.*"
    /tmp/djenv/bin/python record.py path/to/django_cli.py

django_cli.py is the conformance harness's Django renderer (the `djula
render` contract answered by Django). Run it after editing the templates;
djula-rs/tests/python_model.rs checks djula against the recorded outputs.
"""
import json, os, subprocess, sys, tempfile

cli = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "cases.json")
cases = json.load(open(path, encoding="utf-8"))
for case in cases["cases"]:
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "t.html"), "w", encoding="utf-8").write(case["template"])
        ctx = os.path.join(d, "ctx.json")
        json.dump(cases["context"], open(ctx, "w", encoding="utf-8"))
        p = subprocess.run([sys.executable, cli, "render", "t.html", "--dir", d, "--context", ctx],
                           capture_output=True)
        case.pop("output", None); case.pop("error", None)
        if p.returncode == 0:
            case["output"] = p.stdout.decode("utf-8")
        else:
            case["error"] = True
json.dump(cases, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(f"recorded {len(cases['cases'])} cases")
