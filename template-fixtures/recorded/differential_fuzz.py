#!/usr/bin/env python3
"""Differential fuzzing of djula against Django 6.1: random small templates
and contexts, rendered by both, every difference printed (output, or error
against output). What it found is recorded as cases in differential.json
(record.py), which `cargo test` checks.

    PYENV_VERSION=3.12.1 python3 -m venv /tmp/djenv && /tmp/djenv/bin/pip install "django==6.1.*"
    cargo build --release -p djula-cli
    /tmp/djenv/bin/python template-fixtures/recorded/differential_fuzz.py SEED COUNT MODE [STRING_IF_INVALID]

MODE: filters, chain, chain3, if, bool, attr, print, tags, text, inherit,
syntax, l10n, or mix (all of them). THOUSANDS=1 in the environment turns
USE_THOUSAND_SEPARATOR on for both. DJULA (default target/release/djula)
and DJANGO_CLI (default ../shared/conformance/django_cli.py, beside the
repository) locate the two renderers. Random draws are Python's, so a seed
repeats a run. Known differences it still prints: `length_is` (Djula's,
removed from Django), mutating methods changing the list or dict (`l.pop`
then `l`: djula leaves context values as they were), and
`date:"U"` of a naive datetime (the harness runs Django without TZ set).
"""
import json, os, random, subprocess, sys, tempfile, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DJANGO_CLI = os.environ.get("DJANGO_CLI", os.path.join(ROOT, "..", "shared", "conformance", "django_cli.py"))
sys.path.insert(0, os.path.dirname(os.path.abspath(DJANGO_CLI)))
import django_cli as dj
THOUSANDS = os.environ.get("THOUSANDS") == "1"
if THOUSANDS:
    dj.SETTINGS["USE_THOUSAND_SEPARATOR"] = True
dj.setup_django()
SETTINGS_FILE = os.path.join(tempfile.gettempdir(), "djula-thousands.json")
open(SETTINGS_FILE, "w").write('{"use_thousand_separator": true}')

DJULA = os.environ.get("DJULA", os.path.join(ROOT, "target", "release", "djula"))
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 300
MODE = sys.argv[3] if len(sys.argv) > 3 else "filters"
SII = sys.argv[4] if len(sys.argv) > 4 else ""

VALUES = [
    0, 1, -1, 42, 7, 10**15, 2**53 + 1, -7, 1000, 1024, 123456789,
    0.0, 1.5, 2.675, 1e-7, 1e16, 123456789.123, 0.1, -2.5, 3.0, 1e21, 12.345,
    "", "abc", "Hello World", "<b>x</b>", "a&b", "ÄÖü ß", "1", "3.7", "  pad ", "a,b,c",
    "https://example.com/x?y=1&z=2", "line1\nline2\n\nline3", "O'Reilly", "ǅemal", "İstanbul",
    "straße", "ﬁne", "hello world foo bar baz", "x" * 30, "-5", "1e3", "Ǆ", "ΣΑΣ",
    "<p>Hi <b>there</b> friend</p>", "a\tb", "😀 smile", "www.example.org", "joe@example.com",
    True, False, None,
    [1, 2, 3], [], ["a", "b"], [[1, 2], [3]], [{"a": 1}, {"a": 0}], [1, "a", None, True, 1.5],
    ["<x>", "&"], [3, 1, 2], ["b", "A", "c"],
    {"a": 1, "b": [1, 2]}, {}, {"x": {"y": "z"}}, {"name": "Bob", "age": 3},
    {"__date__": "2008-01-02"}, {"__datetime__": "2008-01-02T12:30:05"},
    {"__time__": "12:30:00"}, {"__safe__": "<i>safe</i>"},
    {"__datetime__": "2008-01-02T12:30:05+02:00"},
]

ARGS = {
    "add": [1, -1, "x", "2", 1.5, [9], None],
    "center": [0, 5, 12, "x"], "ljust": [10, -3], "rjust": [10, 3],
    "cut": [" ", "a", "l"],
    "date": ["Y-m-d", "D d M Y", "jS F Y H:i", "N j, Y, P", "c", "r", "U", "l", "W", "e", "O", "T", "Z",
             "b", "E", "I", "L", "o", "t", "w", "y", "z", "\\Y", "G:i A", "g a", "u", "f", "DATE_FORMAT",
             "SHORT_DATETIME_FORMAT", "", "S", "h:i:s"],
    "time": ["H:i", "P", "g:i a", "TIME_FORMAT", "c", "u", "e", "O", "Y"],
    "default": ["dflt", 0, None], "default_if_none": ["dflt"],
    "dictsort": ["a", "name", "0", "age", "1"], "dictsortreversed": ["a", "0"],
    "divisibleby": [2, 3, "0", "x"],
    "floatformat": [None, 2, -2, "3g", "u", 0, "-0", "2g", "-3u", "x", 1.5, "10"],
    "get_digit": [1, 2, 9, "x", 0],
    "join": [", ", "-", ""],
    "pluralize": [None, "es", "y,ies", "a,b,c"],
    "slice": [":2", "1:", "::-1", "-1", "1", "a", "0:0", "-2:"],
    "stringformat": ["s", "d", "05d", ".2f", "x", "r", "E", "10s", "-10s|", "i", "o", "X", "g", ".3s", "c", "%", "e", "+d"],
    "truncatechars": [0, 1, 3, 5, 20, "x"], "truncatechars_html": [0, 3, 7],
    "truncatewords": [0, 1, 2, "x"], "truncatewords_html": [1, 2],
    "urlizetrunc": [5, 15], "wordwrap": [1, 5, 10],
    "yesno": [None, "ja,nein", "a,b,c", "x"],
    "make_list": [None], "length": [None], "first": [None], "last": [None],
    "escape": [None], "escapejs": [None], "filesizeformat": [None], "force_escape": [None],
    "iriencode": [None], "linebreaks": [None], "linebreaksbr": [None], "linenumbers": [None],
    "lower": [None], "upper": [None], "title": [None], "capfirst": [None], "addslashes": [None],
    "phone2numeric": [None], "pprint": [None], "safe": [None], "safeseq": [None], "slugify": [None],
    "striptags": [None], "unordered_list": [None], "urlencode": [None, ""], "urlize": [None],
    "wordcount": [None], "escapeseq": [None], "length_is": [None],
}

ATTRS = ["0", "1", "-1", "upper", "items", "keys", "values", "count", "real", "imag", "year", "month",
         "day", "isoformat", "strip", "split", "title", "capitalize", "isdigit", "a", "name", "x.y",
         "lower", "hour", "weekday", "isalpha", "__len__", "pop", "copy", "bit_length", "conjugate",
         "is_integer", "hex", "date", "time", "timestamp", "casefold", "swapcase", "splitlines",
         "isupper", "islower", "isspace", "isnumeric", "isdecimal", "lstrip", "rstrip", "zfill",
         "numerator", "denominator", "startswith", "minute", "second", "microsecond", "tzinfo",
         "isoweekday", "toordinal", "ctime", "utcoffset", "tzname", "dst", "sort", "reverse", "clear",
         "b", "age", "nonexistent", "__class__", "_private", "isocalendar", "timetuple", "as_integer_ratio",
         "is_integer", "encode", "isidentifier", "isprintable", "isalnum", "istitle", "isascii", "upper", "index",
         "partition", "find", "format", "join", "replace", "center", "__str__", "__doc__", "hour", "fold",
         "utctimetuple", "astimezone", "fromisoformat", "today", "now", "max", "min", "resolution", "imag",
         "items", "get", "setdefault", "popitem", "update", "fromkeys", "2", "10", "-2", "00", "01", "1.0", "True"]

OPS = ["==", "!=", "<", ">", "<=", ">=", "in", "not in", "is", "is not"]


def lit(a):
    if isinstance(a, str):
        return '"' + a.replace('"', '\\"') + '"'
    if a is None:
        return "None"
    if isinstance(a, bool):
        return "True" if a else "False"
    return json.dumps(a)


def gen_case():
    ctx = {}
    def var(name):
        ctx[name] = rng.choice(VALUES)
        return name
    kind = MODE if MODE != "mix" else rng.choice(["filters", "if", "attr", "chain", "print", "bool", "tags", "text", "inherit"])
    if kind == "filters" or kind == "chain":
        f = rng.choice(list(ARGS))
        a = rng.choice(ARGS[f])
        v = var("v")
        if a is None:
            t = "{{ %s|%s }}" % (v, f)
        elif isinstance(a, list) or rng.random() < 0.3:
            ctx["arg"] = a
            t = "{{ %s|%s:arg }}" % (v, f)
        else:
            t = "{{ %s|%s:%s }}" % (v, f, lit(a))
        if kind == "chain":
            g = rng.choice(["upper", "length", "first", "join:','", "escape", "safe", "title", "default:'z'", "add:1", "slice:':1'", "stringformat:'s'", "floatformat"])
            t = t.replace(" }}", "|%s }}" % g)
        if rng.random() < 0.2:
            t = "{% autoescape off %}" + t + "{% endautoescape %}"
        return t, ctx
    if kind == "if":
        op = rng.choice(OPS)
        a, b = var("a"), var("b")
        if rng.random() < 0.3:
            b = lit(rng.choice([1, "1", 1.0, None, True, "a", 0, ""]))
        return "{%% if %s %s %s %%}T{%% else %%}F{%% endif %%}" % (a, op, b), ctx
    if kind == "text":
        pool = ["<p>Hello <b>world</b> and <i>more</i> text here</p>", "<a href='x'>link</a> tail", "a <br/> b <br> c",
                "Visit www.example.com/path?q=1&r=2 now", "mail joe@example.com or (http://x.org/a_b).", "https://例え.jp/パス",
                "foo.com. bar.org, baz.net!", "<script>alert(1)</script>", "&amp; &lt; &#39; &nbsp;", "line1\r\nline2\rline3\n\n\npara",
                "   leading and trailing   ", "word " * 12, "a-very-long-word-without-spaces-that-goes-on-and-on", "tab\there",
                "Ünïcödé téxt wïth áccents", "emoji 😀 and 👍🏽 mixed", "x" * 50, "<p>unclosed <b>bold", "<!-- c --><div>d</div>",
                "http://a.b/c?d=e&f=g#h", "https://example.com/\"quoted\"", "user@@bad", "ftp://files.example.com/x",
                "example.com.", "(www.test.org)", "<b>a</b><b>b</b>", "café ﬁ ß İ", "1 < 2 > 0 & 3", "'quotes' \"double\""]
        ctx["v"] = rng.choice(pool)
        f = rng.choice(["truncatewords_html:3", "truncatewords_html:1", "truncatechars_html:10", "truncatechars_html:5",
                        "truncatewords:3", "truncatechars:12", "striptags", "urlize", "urlizetrunc:10", "urlizetrunc:3",
                        "linebreaks", "linebreaksbr", "wordwrap:10", "wordwrap:3", "wordcount", "iriencode", "urlencode",
                        "urlencode:''", "slugify", "escapejs", "addslashes", "title", "capfirst", "center:40", "linenumbers",
                        "cut:' '", "force_escape", "escape", "safe|truncatewords_html:2", "safe|urlize", "safe|striptags",
                        "make_list|join:'|'", "length", "wordcount", "upper", "lower", "phone2numeric", "safe|linebreaks",
                        "json_script:'x'", "pprint", "stringformat:'r'", "stringformat:'20s'", "slice:'3:10'"])
        t = "{{ v|%s }}" % f
        if rng.random() < 0.3:
            t = "{% autoescape off %}" + t + "{% endautoescape %}"
        return t, ctx
    if kind == "chain3":
        v = var("v")
        parts = []
        for _ in range(rng.randint(2, 4)):
            f = rng.choice([k for k in ARGS if k not in ("length_is",)])
            a = rng.choice(ARGS[f])
            if a is None:
                parts.append(f)
            elif isinstance(a, list):
                ctx["a%d" % len(parts)] = a
                parts.append("%s:a%d" % (f, len(parts)))
            else:
                parts.append("%s:%s" % (f, lit(a)))
        t = "{{ %s|%s }}" % (v, "|".join(parts))
        if rng.random() < 0.3:
            t = "{% autoescape off %}" + t + "{% endautoescape %}"
        if rng.random() < 0.2:
            t = "{%% if %s|%s %%}T{%% else %%}F{%% endif %%}" % (v, "|".join(parts))
        return t, ctx
    if kind == "l10n":
        lang = rng.choice(["de", "fr", "ru", "ja", "ar", "pl", "es", "pt-br", "zh-hans", "nl", "sv", "cs", "hu", "fa", "he", "tr", "uk", "it", "ko", "vi", "th", "hi", "bn", "el", "fi", "da", "nb", "ro", "sk", "sl", "en-gb", "es-ar", "de-ch", "xx", "sr-latn", "ka", "eu", "ca", "gl", "is", "lt", "lv", "et", "id", "ms", "ta"])
        ctx["v"] = rng.choice(VALUES)
        ctx["f"] = rng.choice([1234567.891, 0.5, -1234.5, 1e16, 3, 1000000, "1234.5", 12.0])
        ctx["d"] = rng.choice([{"__datetime__": "2008-01-02T12:30:05"}, {"__date__": "2024-12-31"}, {"__time__": "00:05:00"}])
        body = rng.choice(["{{ d }}", "{{ d|date }}", "{{ d|date:'DATETIME_FORMAT' }}", "{{ d|date:'SHORT_DATE_FORMAT' }}",
                           "{{ d|date:'l, F jS Y, N b E A a P' }}", "{{ d|time }}", "{{ f }}", "{{ f|floatformat:2 }}",
                           "{{ f|floatformat:'-3g' }}", "{{ f|floatformat:'2u' }}", "{{ f|localize }}", "{{ f|unlocalize }}",
                           "{% localize off %}{{ f }}{% endlocalize %}", "{{ f|filesizeformat }}", "{{ v|yesno }}",
                           "{{ f|pluralize }}", "{% get_current_language as L %}{{ L }}", "{% get_current_language_bidi as B %}{{ B }}",
                           "{% blocktranslate count n=f %}one{% plural %}{{ n }} many{% endblocktranslate %}",
                           "{{ d|date:'YEAR_MONTH_FORMAT' }}|{{ d|date:'MONTH_DAY_FORMAT' }}", "{{ v }}", "{{ d|timesince:d }}",
                           "{% get_language_info for 'de' as i %}{{ i.name_local }}"])
        return "{%% load i18n l10n %%}{%% language '%s' %%}%s{%% endlanguage %%}" % (lang, body), ctx
    if kind == "attr":
        v = var("v")
        if rng.random() < 0.5:
            return "{{ %s.%s.%s }}" % (v, rng.choice(ATTRS), rng.choice(ATTRS)), ctx
        if rng.random() < 0.3:
            return "{%% for x in %s.%s %%}[{{ x }}]{%% endfor %%}" % (v, rng.choice(ATTRS)), ctx
        return "{{ %s.%s }}" % (v, rng.choice(ATTRS)), ctx
    if kind == "print":
        v = var("v")
        return rng.choice(["{{ v }}", "{{ v.0 }}", "{{ v.1.0 }}", "{% autoescape off %}{{ v }}{% endautoescape %}",
                           "{{ v|first }}", "{{ v|last }}", "{{ v|length }}", "{{ v|make_list }}", "{{ v|pprint }}",
                           "{{ v|join:', ' }}", "{{ v|slice:':1' }}", "{{ v|dictsort:'a' }}",
                           "{{ v|unordered_list }}", "{{ v.items }}", "{{ v.keys }}", "{{ v.values }}",
                           "{% for x in v %}[{{ x }}]{% empty %}E{% endfor %}",
                           "{% for a, b in v %}[{{ a }}|{{ b }}]{% endfor %}",
                           "{% for x in v reversed %}{{ forloop.counter }}{{ forloop.revcounter0 }}{{ forloop.first }}{{ x }}{% endfor %}",
                           "{% for k, w in v.items %}{{ k }}={{ w }};{% endfor %}",
                           "{% if v %}T{% endif %}{% if not v %}N{% endif %}",
                           "{{ v|yesno }}", "{{ v|default:'d' }}", "{{ v|default_if_none:'d' }}",
                           "{% with w=v %}{{ w }}{% endwith %}", "{% firstof v 'x' %}", "{% cycle v 'b' as c %}{% cycle c %}",
                           "{{ v|floatformat:2 }}", "{{ v|floatformat:'-3' }}", "{{ v|stringformat:'r' }}", "{{ v|stringformat:'s' }}",
                           "{{ v|add:v }}", "{{ v|divisibleby:3 }}", "{{ v|filesizeformat }}", "{{ v|pluralize }}",
                           "{% widthratio v 10 100 %}", "{{ v|wordcount }}", "{{ v|center:9 }}", "{{ v|urlencode }}",
                           "{{ v|iriencode }}", "{{ v|escapejs }}", "{{ v|json_script:'i' }}", "{{ v|linebreaksbr }}",
                           "{{ v|striptags }}", "{{ v|truncatewords_html:1 }}", "{{ v|urlize }}", "{{ v|slugify }}",
                           "{{ v|title }}", "{{ v|capfirst }}", "{{ v|lower }}", "{{ v|upper }}", "{{ v|addslashes }}"]), ctx
    if kind == "bool":
        a, b, c = var("a"), var("b"), var("c")
        ops = ["and", "or"]
        un = lambda x: rng.choice([x, "not " + x])
        cmpop = rng.choice(OPS)
        e = "%s %s %s %s %s" % (un(a), rng.choice(ops), un(b), rng.choice(ops), un(c))
        if rng.random() < 0.5:
            e = "%s %s %s" % (un(a), cmpop, b) + " %s %s" % (rng.choice(ops), un(c))
        return "{%% if %s %%}T{%% elif %s %%}E{%% else %%}F{%% endif %%}" % (e, un(c)), ctx
    if kind == "tags":
        people = [{"n": rng.choice(["a", "B", "c", "<d>"]), "g": rng.choice([1, 2, "x", None, 1.0, True])} for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.2 and people:
            del people[rng.randrange(len(people))]["g"]
        ctx["people"] = people
        ctx["v"] = rng.choice(VALUES)
        ctx["w"] = rng.choice(VALUES)
        ctx["n"] = rng.choice([0, 1, 3, -2, "4", 2.5, None, "x", 10])
        snippets = [
            "{% regroup people by g as grouped %}{% for grp in grouped %}{{ grp.grouper }}:{% for p in grp.list %}{{ p.n }}{% endfor %};{% endfor %}",
            "{% for p in people %}{% ifchanged p.g %}[{{ p.g }}]{% endifchanged %}{{ p.n }}{% endfor %}",
            "{% for p in people %}{% ifchanged %}{{ p.g }}{% else %}-{% endifchanged %}{% endfor %}",
            "{% for p in people %}{% cycle 'a' 'b' 'c' %}{% endfor %}",
            "{% for p in people %}{% for q in people %}{{ forloop.parentloop.counter }}{{ forloop.counter }},{% endfor %}{% endfor %}",
            "{% with a=v|length b=v|first %}{{ a }}-{{ b }}{% endwith %}",
            "{% filter upper|escape %}{{ v }}{% endfilter %}",
            "{% filter force_escape %}<{{ v }}>{% endfilter %}",
            "{% spaceless %}<p> <b>{{ v }}</b> </p>\n <i> x </i>{% endspaceless %}",
            "{% widthratio v w n %}",
            "{% widthratio n 10 100 as r %}[{{ r }}]",
            "{% firstof v w n %}", "{% firstof v w 'lit<' %}",
            "{% lorem n w %}",
            "{% for p in people|dictsort:'n' %}{{ p.n }}{% endfor %}",
            "{% for p in people|dictsortreversed:'g' %}{{ p.n }}{% endfor %}",
            "{{ v|join:w }}",
            "{% autoescape off %}{{ v|escape }}{{ w }}{% endautoescape %}",
            "{% for x in v %}{{ forloop.last|yesno:'L,-' }}{% if forloop.first %}F{% endif %}{% endfor %}",
            "{% for x, y in people %}{{ x }}{{ y }}{% endfor %}",
            "{% for x in n %}{{ x }}{% empty %}E{% endfor %}",
            "{% if v in w %}I{% endif %}{% if v == w %}Q{% endif %}{% if v < w %}L{% endif %}",
            "{% with v as z %}{{ z|length }}{% endwith %}",
            "{% templatetag openblock %}{% templatetag closevariable %}{% templatetag opencomment %}",
            "{% verbatim %}{{ v }}{% endverbatim %}{{ v|length }}",
            "{% comment %}{{ v }}{% endcomment %}{# x #}{{ n }}",
            "{{ v|default:w|default:n }}",
            "{% if n|divisibleby:2 %}even{% elif n %}odd{% endif %}",
            "{{ people.0.n }}{{ people.1.g }}",

            "{{ n|get_digit:1 }}{{ n|add:w }}",
            "{% resetcycle %}{% for p in people %}{% cycle 'x' 'y' as c silent %}{{ c }}{% resetcycle c %}{% endfor %}",
        ]
        return rng.choice(snippets), ctx
    if kind == "syntax":
        ctx["a"] = rng.choice(VALUES)
        ctx["b"] = rng.choice(VALUES)
        frags = ["{{ a }}", "{{ b }}", "{{", "}}", "{%", "%}", "{#", "#}", "{% if a %}", "{% elif b %}", "{% else %}",
                 "{% endif %}", "{% for x in a %}", "{% endfor %}", "{% empty %}", "{{ x }}", "{% with c=a %}", "{% endwith %}",
                 "{{ a|default:\"x:y\" }}", "{{ 1. }}", "{{ .5 }}", "{{ 1e3 }}", "{{ -0 }}", "{{ +1 }}", "{{ \"a\\\"b\" }}",
                 "{{ 'sq' }}", "{{ _(\"tr\") }}", "{{ _a }}", "{{ a._b }}", "{{ a.0 }}", "{%if a%}y{%endif%}", "{{a}}",
                 "{{ a|upper|lower }}", "{{ a | upper }}", "{{ a|upper:}}", "{{ a|nofilter }}", "{% notag %}", "{{ }}",
                 "{# c #}", "{# multi\nline #}", "{% comment %}x{% endcomment %}", "{% comment %}", "{% endcomment %}",
                 "text", " ", "\n", "<b>", "&", "{% if a == %}", "{% if a and %}", "{% if not %}", "{% if a b %}",
                 "{% if (a) %}", "{{ a.b.c }}", "{{ a|add:b|add:1 }}", "{% cycle %}", "{% firstof %}", "{% with %}",
                 "{% for %}", "{% for x in %}", "{% for x y in a %}", "{% for x, in a %}", "{% verbatim %}", "{% endverbatim %}",
                 "{% filter %}", "{% filter escape %}", "{% endfilter %}", "{% spaceless %}", "{% endspaceless %}",
                 "{% autoescape %}", "{% autoescape maybe %}", "{% autoescape off %}", "{% endautoescape %}",
                 "{% block %}", "{% block a %}", "{% endblock %}", "{% endblock b %}", "{% extends %}", "{% include %}",
                 "{% load %}", "{% load nope %}", "{% load i18n %}", "{% trans 'x' %}", "{% translate \"y\" noop %}",
                 "{% templatetag %}", "{% templatetag nope %}", "{% widthratio a b %}", "{% now %}", "{% regroup a by b %}",
                 "{% ifchanged %}", "{% endifchanged %}", "{% resetcycle nope %}", "{{ a|date:}}", "{{ a:b }}", "{{ a||b }}",
                 "{{ a|default:'x'|default }}", "{{ 'x'|add:'y' }}", "{{ \"}}\" }}", "{% if '%}' %}q{% endif %}", "{{ a.__class__ }}",
                 "{% with a as %}", "{% with a=1 b %}", "{% csrf_token %}", "{% debug %}", "{% url %}", "{% url 'x' %}",
                 ]
        n = rng.randint(1, 9)
        return "".join(rng.choice(frags) for _ in range(n)), ctx
    if kind == "inherit":
        ctx["a"] = rng.choice(VALUES)
        ctx["b"] = rng.choice(VALUES)
        ctx["items"] = rng.choice([[1, 2], [], ["x"], [{"n": 1}, {"n": 2}]])
        bases = ["B[{% block t %}bt{% endblock %}|{% block c %}bc{{ a }}{% endblock %}]",
                 "{% block t %}{% block inner %}in{% endblock %}{% endblock %}",
                 "{% for i in items %}{% block c %}{{ i }}{% endblock %}{% endfor %}",
                 "{% extends 'mid.html' %}{% block t %}base-over{{ block.super }}{% endblock %}",
                 "{% with a=b %}{% block c %}{{ a }}{% endblock %}{% endwith %}",
                 "{% if a %}{% block t %}T{% endblock %}{% else %}{% block c %}C{% endblock %}{% endif %}"]
        mids = ["M{% block t %}mt{{ block.super }}{% endblock %}{% block c %}mc{% endblock %}",
                "{% block inner %}MI{% endblock %}"]
        incs = ["I({{ a }}|{{ b }}|{{ x|default:'nx' }})", "{% for i in items %}<{{ i }}{{ forloop.counter }}>{% endfor %}",
                "{% block t %}incblock{% endblock %}", "{{ a|length }}{% include 'inc2.html' %}", "{% include 'inc.html' %}"]
        childs = ["{% extends 'base.html' %}{% block t %}ct{{ block.super }}{% endblock %}",
                  "{% extends 'base.html' %}{% block c %}cc{{ a }}{{ block.super }}{% endblock %}outside",
                  "{% extends 'base.html' %}{% block inner %}ci{{ block.super }}{% endblock %}",
                  "{% extends 'base.html' %}{% block nope %}x{% endblock %}",
                  "{% include 'inc.html' %}", "{% include 'inc.html' with a=b %}", "{% include 'inc.html' with x=a only %}",
                  "{% for i in items %}{% include 'inc.html' with a=i %}{% endfor %}",
                  "{% include 'missing.html' %}", "{% include a %}", "{% extends 'base.html' %}{% block t %}{% include 'inc.html' %}{% endblock %}",
                  "{% extends b %}", "{% include 'inc.html' only %}", "{% with x='w' %}{% include 'inc.html' %}{% endwith %}",
                  "{% extends 'base.html' %}{% block t %}{% for i in items %}{{ block.super }}{% endfor %}{% endblock %}",
                  "{% block t %}{% endblock %}{% extends 'base.html' %}", "x{% extends 'base.html' %}",
                  "{% extends 'base.html' %}{% block t %}1{% endblock %}{% block t %}2{% endblock %}"]
        files = {"base.html": rng.choice(bases), "mid.html": rng.choice(mids), "inc.html": rng.choice(incs[:4]), "inc2.html": rng.choice(incs[:2])}
        return (rng.choice(childs), files), ctx
    raise SystemExit(kind)


def djula_render(d, ctxfile):
    extra = ["--string-if-invalid", SII] if SII else []
    if THOUSANDS:
        extra += ["--settings", SETTINGS_FILE]
    p = subprocess.run([DJULA, "render", "t.html", "--dir", d, "--context", ctxfile] + extra,
                       capture_output=True, timeout=20)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def django_render(d, ctx):
    r = dj.render(d, "t.html", dj.decode(json.loads(json.dumps(ctx))), string_if_invalid=SII)
    if r[0] == "output":
        return 0, r[1], ""
    return 1, "", " ".join(map(str, r[1:]))


seen = set()
fails = 0
base = tempfile.mkdtemp()
for i in range(N):
    t, ctx = gen_case()
    key = (json.dumps(t), json.dumps(ctx, sort_keys=True))
    if key in seen:
        continue
    seen.add(key)
    d = os.path.join(base, "c%d" % i)
    os.makedirs(d, exist_ok=True)
    if isinstance(t, tuple):
        t, files = t
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
    with open(os.path.join(d, "t.html"), "w") as f:
        f.write(t)
    cf = os.path.join(base, "ctx.json")
    with open(cf, "w") as f:
        json.dump(ctx, f)
    want = django_render(d, ctx)
    got = djula_render(d, cf)
    if want[0] != got[0] or (want[0] == 0 and want[1] != got[1]):
        fails += 1
        print("MISMATCH", json.dumps(t), json.dumps(ctx, ensure_ascii=False))
        print("   django:", want[0], repr(want[1])[:200], want[2][:150])
        print("   djula: ", got[0], repr(got[1])[:200], got[2][:150].replace("\n", " | "))
print("cases", len(seen), "fails", fails)
shutil.rmtree(base)
