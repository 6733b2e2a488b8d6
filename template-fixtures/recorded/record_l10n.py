#!/usr/bin/env python3
"""Writes l10n.json: templates rendered by Django 6.1 under
{% language %} for many languages (dates, times and numbers as {{ }} prints
them, the date/time filters' named formats and name letters, floatformat,
filesizeformat, timesince/timeuntil with plural counts, yesno, localize,
unlocalize, {% localize %}, and django.contrib.humanize). The cases are
built here (each template below, in each language listed) and their
outputs recorded from Django; djula-rs/tests/recorded.rs checks djula
against them. Same settings as django_cli.py, with contrib.humanize
installed (as record_humanize.py).

    /tmp/djenv/bin/python record_l10n.py
"""
import datetime
import json
import os

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.humanize"],
    USE_TZ=False,
    USE_I18N=True,
    TIME_ZONE="America/Chicago",
    LANGUAGE_CODE="en",
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()
from django.conf.locale import LANG_INFO  # noqa: E402
from django.template import engines  # noqa: E402
from django.utils.translation import to_language  # noqa: E402

BASE = datetime.datetime(2025, 6, 4, 15, 7)
CONTEXT = {
    "d": {"__datetime__": "2025-06-04T15:07:00"},
    "dd": {"__date__": "2025-06-04"},
    "t": {"__time__": "15:07:00"},
    "midnight": {"__time__": "00:00:00"},
    "noon": {"__time__": "12:00:00"},
    "morning": {"__datetime__": "2025-01-05T09:30:00"},
    "f": 1234.5,
    "bigf": 1234567.891,
    "tiny": 1.5e-05,
    "huge": 1e16,
    "negf": -9876543.21,
    "i": 1234567,
    "neg": -1234567,
    "months": [{"__date__": f"2025-{m:02d}-{d:02d}"} for m, d in zip(range(1, 13), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])],
    "sizes": [0, 1, 2, 3, 5, 22, 1023, 1024, 2048, 123456789, 10**10, 2 * 10**12, 10**16, 10**18, -2048, "abc"],
    "spans": [
        {"__datetime__": (BASE + delta).isoformat()}
        for delta in [
            datetime.timedelta(0),
            datetime.timedelta(minutes=1),
            datetime.timedelta(minutes=2),
            datetime.timedelta(minutes=5),
            datetime.timedelta(minutes=21),
            datetime.timedelta(hours=1),
            datetime.timedelta(hours=3),
            datetime.timedelta(hours=22, minutes=11),
            datetime.timedelta(days=1),
            datetime.timedelta(days=2),
            datetime.timedelta(days=5),
            datetime.timedelta(days=7),
            datetime.timedelta(days=15),
            datetime.timedelta(days=52),
            datetime.timedelta(days=65),
            datetime.timedelta(days=160),
            datetime.timedelta(days=366),
            datetime.timedelta(days=800),
            datetime.timedelta(days=1900),
            datetime.timedelta(days=365 * 21 + 40),
            datetime.timedelta(days=365 * 102 + 10),
        ]
    ],
    "ordinals": [0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1000, -3, "x"],
    "words": [999999, 1000000, 1200000, 1999999, 2000000, 3500000, 5000000, 21000000, 1000000000, 2200000000, 5 * 10**12, 1.5 * 10**15, 10**18, -2500000],
    "commas": [100, 1000, 1234567, -1234567, 1234567.25, "1234567.891", 1e16, "abc", "12345x"],
    "aps": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "old": {"__date__": "2001-02-03"},
}

# Each body goes inside {% language 'xx' %}…{% endlanguage %}.
CORE = (
    "{{ d }}|{{ dd }}|{{ t }}|{{ f }}|{{ bigf }}|{{ tiny }}|{{ huge }}|{{ i }}"
    "|{{ d|date:'l, j. F Y' }}|{{ f|floatformat:2 }}|{{ bigf|floatformat:'2g' }}"
    "|{{ 123456789|filesizeformat }}|{{ True|yesno }}"
)
BODIES = [
    CORE,
    "{{ d|date:'DATE_FORMAT' }}|{{ d|date:'DATETIME_FORMAT' }}|{{ d|date:'TIME_FORMAT' }}"
    "|{{ d|date:'YEAR_MONTH_FORMAT' }}|{{ d|date:'MONTH_DAY_FORMAT' }}"
    "|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ d|date:'SHORT_DATETIME_FORMAT' }}"
    "|{{ dd|date }}|{{ t|time }}|{{ d|time:'TIME_FORMAT' }}|{{ midnight|time }}|{{ noon }}"
    "|{{ d|date:'DECIMAL_SEPARATOR' }}|{{ d|date:'THOUSAND_SEPARATOR' }}",
    "{% for m in months %}{{ m|date:'F|E|N|b|M|l|D' }};{% endfor %}",
    "{{ d|date:'a A P f g' }}|{{ morning|date:'a A P f' }}|{{ midnight|time:'P a' }}|{{ noon|time:'P A' }}"
    "|{{ morning }}|{{ morning|date:'SHORT_DATETIME_FORMAT' }}",
    "{{ f|floatformat }}|{{ f|floatformat:'-3' }}|{{ f|floatformat:'2u' }}|{{ bigf|floatformat:'3g' }}"
    "|{{ bigf|floatformat:'gu' }}|{{ negf|floatformat:'2g' }}|{{ i|floatformat:'g' }}|{{ neg|floatformat:'-2g' }}"
    "|{{ huge|floatformat:'g' }}|{{ tiny|floatformat:6 }}|{{ negf }}",
    "{% for s in sizes %}{{ s|filesizeformat }};{% endfor %}",
    "{% for x in spans %}{{ d|timesince:x }};{{ x|timeuntil:d }};{% endfor %}",
    "{{ True|yesno }}|{{ False|yesno }}|{{ None|yesno }}|{{ True|yesno:'a,b' }}|{{ None|yesno:'a,b' }}",
    "{% load l10n %}{{ f|localize }}|{{ f|unlocalize }}|{{ d|localize }}|{{ d|unlocalize }}|{{ i|localize }}"
    "|{% localize off %}{{ f }} {{ d }} {{ dd }} {{ t }} {{ huge }} {{ d|date:'DATE_FORMAT' }} {{ f|floatformat:2 }}{% endlocalize %}"
    "|{% localize on %}{{ f }} {{ dd }}{% endlocalize %}|{% localize %}{{ f }}{% endlocalize %}",
    "{% load humanize %}{% for n in ordinals %}{{ n|ordinal }};{% endfor %}|{% for n in aps %}{{ n|apnumber }};{% endfor %}"
    "|{{ old|naturalday }}|{{ old|naturalday:'l j F Y' }}",
    "{% load humanize %}{% for n in words %}{{ n|intword }};{% endfor %}|{% for n in commas %}{{ n|intcomma }};{% endfor %}",
    # Tags that print values as {{ }} does (render_value_in_context).
    "{% cycle f d as c %}|{% cycle c %}|{% firstof None f %}"
    "|{% blocktranslate %}{{ f }} at {{ d }}{% endblocktranslate %}"
    "|{% blocktranslate count n=f %}{{ n }} one{% plural %}{{ n }} many{% endblocktranslate %}",
]
# The languages every body is recorded in; CORE is recorded in every
# language Django ships (and a few codes it has no catalog for).
MANY = ["en", "de", "de-ch", "fr", "ja", "ru", "ar", "pl", "pt-br", "es", "es-ar", "zh-hans",
        "zh-hant", "nl", "cs", "uk", "he", "hi", "it", "sv", "ko", "tr", "fa", "el", "lt",
        "sl", "ga", "cy", "en-gb", "sr-latn", "ro", "fi", "hu", "xx", "de-at", "ckb", "vi"]


# Templates of Django's own tests, rendered under translation.override(lang)
# (here {% language %}): tests/i18n/tests.py FormattingTests (the cases
# that go through templates, with USE_THOUSAND_SEPARATOR off, djula's
# setting; a Decimal becomes a float) and tests/humanize_tests/tests.py.
TESTS_CONTEXT = {
    "n": 66666.666,
    "f": 99999.999,
    "d": {"__date__": "2009-12-31"},
    "dt": {"__datetime__": "2009-12-31T20:50:00"},
    "t": {"__time__": "10:15:48"},
    "l": 10000,
    "int": 1455,
    "float": 3.14,
    "date": {"__date__": "2016-12-31"},
    "ordinals": ["1", "2", "3", "4", "11", "12", "13", "101", "102", "103", "111", "something else", None],
    "commas": [100, 1000, 10123, 10311, 1000000, 1234567.25, "100", "1000", "10123", "10311", "1000000",
               "1234567.1234567", None, "\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
               "\uff11\uff12\uff13\uff14\uff15\uff16\uff17.\uff11\uff12"],
    "words": ["100", "1000000", "1200000", "1290000", "1000000000", "2000000000", "6000000000000",
              "1300000000000000", "3500000000000000000000", "8100000000000000000000000000000000",
              "-100", "-1000000", "-1200000", "-1290000", "-1000000000", "-2000000000", "-6000000000000", None],
    "aps": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", None],
    "notdate": "I'm not a date value",
}
FORMATTING = (
    "{{ n }}|{{ f }}|{{ l }}|{{ d }}|{{ dt }}|{{ n|floatformat:2 }}|{{ f|floatformat }}"
    '|{{ t|time:"TIME_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ dt|date:"SHORT_DATETIME_FORMAT" }}'
    '|{{ d|date:"YEAR_MONTH_FORMAT" }}|{{ t }}'
)
LOCALIZE = [
    "{% load l10n %}{% localize %}{{ int }}/{{ float }}/{{ date }}{% endlocalize %}; "
    "{% localize on %}{{ int }}/{{ float }}/{{ date }}{% endlocalize %}",
    "{% load l10n %}{{ int }}/{{ float }}/{{ date }}; {% localize off %}{{ int }}/{{ float }}/{{ date }};"
    "{% endlocalize %} {{ int }}/{{ float }}/{{ date }}",
    "{% load l10n %}{{ int }}/{{ float }}/{{ date }}; {{ int|unlocalize }}/{{ float|unlocalize }}/{{ date|unlocalize }}",
    "{% load l10n %}{{ int }}/{{ float }}/{{ date }}; {{ int|localize }}/{{ float|localize }}/{{ date|localize }}",
    "{% load l10n %}{% localize off %}{{ int }}/{{ float }}/{{ n }}{% endlocalize %}",
]
HUMANIZE = [
    ("{% load humanize %}{% for v in ordinals %}{{ v|ordinal }};{% endfor %}", ["en", "fr-fr"]),
    ("{% load humanize %}{% for v in commas %}{{ v|intcomma }};{% endfor %}", ["en", "de", "ja"]),
    ("{% load humanize %}{% for v in words %}{{ v|intword }};{% endfor %}", ["en", "de"]),
    ("{% load humanize %}{% for v in aps %}{{ v|apnumber }};{% endfor %}", ["en", "de"]),
    ("{% load humanize %}{{ notdate|naturalday }}|{{ d|naturalday }}", ["en", "de"]),
]
TESTS = (
    [(FORMATTING, lang) for lang in ["ca", "en", "ru", "de", "de-at", "es-ar", "es-us", "fr", "nl", "pl"]]
    + [(t, lang) for t in LOCALIZE for lang in ["de", "en", "ca"]]
    + [(t, lang) for t, langs in HUMANIZE for lang in langs]
)


def python_value(v):
    if isinstance(v, list):
        return [python_value(x) for x in v]
    if isinstance(v, dict) and "__date__" in v:
        return datetime.date.fromisoformat(v["__date__"])
    if isinstance(v, dict) and "__datetime__" in v:
        return datetime.datetime.fromisoformat(v["__datetime__"])
    if isinstance(v, dict) and "__time__" in v:
        return datetime.time.fromisoformat(v["__time__"])
    return v


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    locale_dir = os.path.join(os.path.dirname(django.__file__), "conf", "locale")
    every = sorted(
        {to_language(d) for d in os.listdir(locale_dir) if not d.startswith("_")}
        | {c for c in LANG_INFO if "name" in LANG_INFO[c]}
    )
    templates = []
    for lang in MANY:
        for body in BODIES:
            templates.append("{% load i18n %}{% language '" + lang + "' %}" + body + "{% endlanguage %}")
    for lang in every:
        if lang not in MANY:
            templates.append("{% load i18n %}{% language '" + lang + "' %}" + CORE + "{% endlanguage %}")
    context = {k: python_value(v) for k, v in CONTEXT.items()}
    engine = engines["django"]
    cases = []
    for template in templates:
        case = {"template": template}
        try:
            case["output"] = engine.from_string(template).render(context)
        except Exception:
            case["error"] = True
        cases.append(case)
    write(here, "l10n.json", CONTEXT, cases)
    context = {k: python_value(v) for k, v in TESTS_CONTEXT.items()}
    cases = []
    for body, lang in TESTS:
        template = "{% load i18n %}{% language '" + lang + "' %}" + body + "{% endlanguage %}"
        case = {"template": template}
        try:
            case["output"] = engine.from_string(template).render(context)
        except Exception:
            case["error"] = True
        cases.append(case)
    write(here, "l10n-django-tests.json", TESTS_CONTEXT, cases)


def write(here, name, context, cases):
    out = {"recorder": "record_l10n.py", "context": context, "cases": cases}
    with open(os.path.join(here, name), "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    print(f"{name}: recorded {len(cases)} cases")


main()
