#!/usr/bin/env python3
"""Records what Django 6.1 renders for each case of every *.json file here
(each case's "template", as t.html beside the case's other "files", rendered
with the file's "context" and the case's own), into the case's "output"
(or "error": true).

    PYENV_VERSION=3.12.1 python3 -m venv /tmp/djenv && /tmp/djenv/bin/pip install "django==6.1.*"
    /tmp/djenv/bin/python record.py path/to/django_cli.py [FILE.json ...]

django_cli.py is the conformance harness's Django renderer (the `djula
render` contract answered by Django). A case may set "string_if_invalid"
and "use_thousand_separator" (the other recorders' settings are theirs:
see "recorder"). Run it after adding cases;
djula-rs/tests/recorded.rs checks djula against the recorded outputs.
"""
import json
import os
import subprocess
import sys
import tempfile


# Runs django_cli.py (argv[1]) with USE_THOUSAND_SEPARATOR on.
THOUSANDS = (
    "import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1])));"
    "import django_cli; django_cli.SETTINGS['USE_THOUSAND_SEPARATOR'] = True;"
    "sys.exit(django_cli.main(sys.argv[2:]))"
)


def record(cli, path):
    cases = json.load(open(path, encoding="utf-8"))
    if cases.get("recorder", "record.py") != "record.py":
        print(f"{os.path.basename(path)}: recorded by {cases['recorder']}")
        return
    for case in cases["cases"]:
        with tempfile.TemporaryDirectory() as d:
            # newline="" keeps a template's \r as written.
            with open(os.path.join(d, "t.html"), "w", encoding="utf-8", newline="") as fh:
                fh.write(case["template"])
            # Other templates the case's template extends or includes.
            for name, text in case.get("files", {}).items():
                file = os.path.join(d, name)
                os.makedirs(os.path.dirname(file), exist_ok=True)
                with open(file, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            ctx = os.path.join(d, "ctx.json")
            with open(ctx, "w", encoding="utf-8") as fh:
                # A case's own "context" adds to (and overrides) the file's.
                json.dump({**cases["context"], **case.get("context", {})}, fh)
            args = ["render", "t.html", "--dir", d, "--context", ctx]
            if case.get("string_if_invalid"):
                args += ["--string-if-invalid", case["string_if_invalid"]]
            if case.get("use_thousand_separator"):
                # django_cli.py has no flag for it: set it, then run.
                command = [sys.executable, "-c", THOUSANDS, cli] + args
            else:
                command = [sys.executable, cli] + args
            p = subprocess.run(command, capture_output=True)
        case.pop("output", None)
        case.pop("error", None)
        if p.returncode == 0:
            case["output"] = p.stdout.decode("utf-8")
        else:
            case["error"] = True
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(cases, fh, ensure_ascii=False, indent=1)
    print(f"{os.path.basename(path)}: recorded {len(cases['cases'])} cases")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    # Only the files named after the harness, or every one.
    for name in sys.argv[2:] or sorted(os.listdir(here)):
        if name.endswith(".json"):
            record(sys.argv[1], os.path.join(here, name))
