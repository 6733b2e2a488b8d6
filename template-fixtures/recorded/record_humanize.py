#!/usr/bin/env python3
"""Records what Django 6.1 renders for the cases of humanize.json, with
django.contrib.humanize installed (django_cli.py, which record.py uses,
registers only the standard libraries). Same format as record.py's files.

    /tmp/djenv/bin/python record_humanize.py
"""
import datetime
import json
import os

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.humanize"],
    USE_TZ=False,
    TIME_ZONE="America/Chicago",
    LANGUAGE_CODE="en",
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()
from django.template import engines  # noqa: E402


def python_value(v):
    if isinstance(v, dict) and "__date__" in v:
        return datetime.date.fromisoformat(v["__date__"])
    if isinstance(v, dict) and "__safe__" in v:
        from django.utils.safestring import mark_safe
        return mark_safe(v["__safe__"])
    return v


here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "humanize.json")
cases = json.load(open(path, encoding="utf-8"))
context = {k: python_value(v) for k, v in cases["context"].items()}
engine = engines["django"]
for case in cases["cases"]:
    case.pop("output", None)
    case.pop("error", None)
    try:
        case["output"] = engine.from_string(case["template"]).render(context)
    except Exception:
        case["error"] = True
with open(path, "w", encoding="utf-8") as fh:
    json.dump(cases, fh, ensure_ascii=False, indent=1)
print(f"humanize.json: recorded {len(cases['cases'])} cases")
