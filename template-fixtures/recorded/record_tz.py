#!/usr/bin/env python3
"""Records what Django 6.1 renders for the cases of the files here whose
"recorder" is "record_tz.py" (time zones: tz.json), each case under its own
USE_TZ and TIME_ZONE ("use_tz", default false; "time_zone", default
"America/Chicago"). The other settings, the engine and the context's JSON
conventions are django_cli.py's (the conformance harness's renderer), which
this script imports; record.py's files have the same format.

    /tmp/djenv/bin/python record_tz.py path/to/django_cli.py

djula-rs/tests/recorded.rs renders each case with the same two settings
(`Settings::use_tz`, `Settings::time_zone`) and compares.
"""
import importlib.util
import json
import os
import sys
import tempfile


def load_cli(path):
    spec = importlib.util.spec_from_file_location("django_cli", path)
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    return cli


def record(cli, path):
    from django.test.utils import override_settings

    cases = json.load(open(path, encoding="utf-8"))
    if cases.get("recorder") != "record_tz.py":
        return
    context = cli.decode(cases["context"])
    for case in cases["cases"]:
        case.pop("output", None)
        case.pop("error", None)
        settings = {
            "USE_TZ": case.get("use_tz", False),
            "TIME_ZONE": case.get("time_zone", "America/Chicago"),
        }
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "t.html"), "w", encoding="utf-8", newline="") as fh:
                fh.write(case["template"])
            for name, text in case.get("files", {}).items():
                file = os.path.join(d, name)
                os.makedirs(os.path.dirname(file), exist_ok=True)
                with open(file, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            # override_settings sends setting_changed, which empties the
            # cached default time zone.
            with override_settings(**settings):
                result = cli.render(d, "t.html", context)
        if result[0] == "output":
            case["output"] = result[1]
        else:
            case["error"] = True
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(cases, fh, ensure_ascii=False, indent=1)
    print(f"{os.path.basename(path)}: recorded {len(cases['cases'])} cases")


if __name__ == "__main__":
    cli = load_cli(sys.argv[1])
    cli.setup_django()
    here = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(here)):
        if name.endswith(".json"):
            record(cli, os.path.join(here, name))
