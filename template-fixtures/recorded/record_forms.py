#!/usr/bin/env python3
"""Records what Django 6.1 renders for its own form and widget templates
(template-fixtures/django-forms, a copy of django/forms/templates) into
forms.json, which djula-rs/tests/recorded.rs checks.

Widget cases take their context from the Django widget itself
(`Widget.get_context`), made JSON as django_cli.py reads it (dates as
{"__date__": …}, tuples as lists, lazy texts as text); the other form
templates take one form-shaped context. Rendering goes through
django_cli.py (the conformance harness's `render` contract).

    /tmp/djenv/bin/python record_forms.py path/to/django_cli.py
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.normpath(os.path.join(HERE, "..", "django-forms"))
CLI = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(CLI)))
import django_cli  # noqa: E402

django_cli.setup_django()
from django import forms  # noqa: E402


def as_json(value):
    """A widget context as JSON, in django_cli.py's conventions."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"__time__": value.isoformat()}
    return str(value)


CHOICES = [
    ("a", "Apple <&>"),
    ("b", "Banana"),
    ("Group", [("c", "Cherry"), ("d", "Date")]),
    ("", "---"),
]
WIDGETS = [
    (forms.TextInput(attrs={"class": 'x"y', "placeholder": "<p>"}), "t", "va'l<ue>"),
    (forms.TextInput(), "t", None),
    (forms.NumberInput(attrs={"step": 0.5, "min": 0}), "n", 3),
    (forms.EmailInput(), "e", "a@b.c"),
    (forms.URLInput(), "u", "http://x.y/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "p", 'sec"ret'),
    (forms.HiddenInput(), "h", 0),
    (forms.MultipleHiddenInput(), "mh", ["1", "2"]),
    (forms.Textarea(attrs={"rows": 3}), "ta", "line1\n<b>line2</b>"),
    (forms.Textarea(), "ta", ""),
    (forms.DateInput(), "d", datetime.date(2020, 1, 2)),
    (forms.DateTimeInput(), "dt", datetime.datetime(2020, 1, 2, 3, 4, 5)),
    (forms.TimeInput(), "tm", datetime.time(3, 4, 5)),
    (forms.CheckboxInput(), "cb", True),
    (forms.CheckboxInput(), "cb", False),
    (forms.CheckboxInput(attrs={"disabled": True}), "cb", "on"),
    (forms.Select(choices=CHOICES), "s", "b"),
    (forms.Select(choices=CHOICES), "s", None),
    (forms.Select(choices=CHOICES, attrs={"required": True}), "s", "c"),
    (forms.NullBooleanSelect(), "nb", True),
    (forms.SelectMultiple(choices=CHOICES), "sm", ["a", "d"]),
    (forms.RadioSelect(choices=CHOICES), "r", "a"),
    (forms.RadioSelect(choices=CHOICES, attrs={"id": "rid"}), "r", "d"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), "cm", ["b", "c"]),
    (forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"id": "cid"}), "cm", []),
    (forms.SplitDateTimeWidget(), "sdt", datetime.datetime(2020, 1, 2, 3, 4, 5)),
    (forms.SplitHiddenDateTimeWidget(), "sdt", datetime.datetime(2020, 1, 2, 3, 4, 5)),
    (forms.SelectDateWidget(years=[2019, 2020]), "sd", datetime.date(2020, 1, 2)),
    (forms.ClearableFileInput(), "f", None),
    (forms.FileInput(), "f", None),
]


def field(name, errors):
    return {
        "name": name,
        "label": "Your <b>" + name + "</b>",
        "label_tag": {"__safe__": '<label for="id_%s">%s:</label>' % (name, name)},
        "legend_tag": {"__safe__": "<legend>%s:</legend>" % name},
        "errors": errors,
        "help_text": "Help & <i>more</i>",
        "auto_id": "id_" + name,
        "id_for_label": "id_" + name,
        "is_hidden": False,
        "use_fieldset": name == "choice",
        "css_classes": "required",
        "as_field_group": {"__safe__": "<div>group</div>"},
        "widget": {"attrs": {"id": "id_" + name}},
        "field": {"required": True, "show_hidden_initial": False},
        "html_name": name,
        "value": "v<1>",
    }


FORM_CONTEXT = {
    "errors": ["Bad <value>", "Too long & wrong"],
    "error_class": "errorlist nonfield",
    "fields": [[field("name", ["Required."]), "Name <err>"], [field("choice", []), ""]],
    "form": {
        "non_field_errors": ["Form-wide <error>"],
        "hidden_fields": [{"__safe__": '<input type="hidden" name="h">'}],
        "errors": True,
    },
    "hidden_fields": [{"__safe__": '<input type="hidden" name="h">'}],
    "field": field("email", ["Enter a valid email."]),
    "label": "E-mail <addr>",
    "use_tag": True,
    "tag": "label",
    "attrs": {"for": "id_email", "class": "req"},
    "errors_on_separate_row": True,
}


def cases():
    for i, (widget, name, value) in enumerate(WIDGETS):
        attrs = {"id": "id_" + name} if i % 2 else None
        yield widget.template_name, as_json(widget.get_context(name, value, attrs))
    for root, _, files in sorted(os.walk(TEMPLATES)):
        for file in sorted(files):
            name = os.path.relpath(os.path.join(root, file), TEMPLATES)
            if file.endswith(".html") and "widgets" not in name:
                context = FORM_CONTEXT
                if "dict" in name:
                    # An ErrorDict's items: field names and their errors.
                    context = dict(FORM_CONTEXT, errors=[["name", ["Required."]], ["__all__", ["Bad <form>"]]])
                yield name.replace(os.sep, "/"), context


def main():
    recorded = []
    for name, context in cases():
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(context, fh)
        command = [sys.executable, CLI, "render", name, "--dir", TEMPLATES, "--context", fh.name]
        p = subprocess.run(command, capture_output=True)
        os.unlink(fh.name)
        case = {"template": name, "context": context}
        if p.returncode == 0:
            case["output"] = p.stdout.decode("utf-8")
        else:
            case["error"] = True
        recorded.append(case)
    out = {
        "recorder": "record_forms.py",
        "directory": "../django-forms",
        "cases": recorded,
    }
    with open(os.path.join(HERE, "forms.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    print(f"forms.json: recorded {len(recorded)} cases")


if __name__ == "__main__":
    main()
