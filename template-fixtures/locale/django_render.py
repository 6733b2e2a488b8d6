#!/usr/bin/env python3
"""Renders template-fixtures/locale/cases.json with real Django and these
catalogs (LOCALE_PATHS = [this directory]), one JSON object per line:
{"name", "language", "output"} or {"name", "language", "error"}.

    /work/.venv-django/bin/python template-fixtures/locale/django_render.py

The outputs are the expected values in djula-rs/tests/translations.rs.
Compile the catalogs first: msgfmt -o LANG/LC_MESSAGES/django.mo LANG/LC_MESSAGES/django.po
"""

import json
import os

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))

settings.configure(
    INSTALLED_APPS=[],
    LANGUAGE_CODE="en",
    USE_I18N=True,
    LOCALE_PATHS=[HERE],
    TEMPLATES=[],
    SECRET_KEY="djula-translations",
)
django.setup()

from django.template import Context, Engine  # noqa: E402
from django.utils import translation  # noqa: E402

engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
    cases = json.load(f)
for case in cases:
    for language in case["languages"]:
        row = {"name": case["name"], "language": language}
        try:
            template = engine.from_string(case["template"])
            with translation.override(language):
                row["output"] = template.render(Context(case.get("context", {})))
        except Exception as e:  # noqa: BLE001
            row["error"] = f"{type(e).__name__}: {e}"
        print(json.dumps(row, ensure_ascii=False))
