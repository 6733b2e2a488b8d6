#!/usr/bin/env python3
"""Generates filters/src/l10n_data.rs: Django 6.1's per-language formats
(django/conf/locale/*/formats.py, read through django.utils.formats.get_format
so the fallback chain de_CH -> de -> settings is Django's own) and Django's
translations of the words its date/number filters and contrib.humanize write
(read from the .mo catalogs Django itself would use, in its precedence:
contrib.humanize's catalog over Django's core one, a language's own catalog
over its base language's, else English).

    /tmp/djenv/bin/python filters/tools/gen_l10n.py > filters/src/l10n_data.rs

Each plural message keeps its forms and the Plural-Forms rule of the catalog
it came from; the generator checks, for n in 0..=300, that the rule picks
the form Django's ngettext picks.
"""
import gettext as gettext_module
import os
import sys
import unicodedata

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.humanize"],
    USE_I18N=True,
    LANGUAGE_CODE="en",
    USE_TZ=False,
)
django.setup()

from django.conf.locale import LANG_INFO  # noqa: E402
from django.utils import formats, translation  # noqa: E402
from django.utils.translation import trans_real  # noqa: E402

DJANGO = os.path.dirname(django.__file__)
CORE = os.path.join(DJANGO, "conf", "locale")
HUMANIZE = os.path.join(DJANGO, "contrib", "humanize", "locale")

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTHS_3 = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec"]
MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
             "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]
WEEKDAYS_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# (rust name, context, msgid, catalog) for the words with one form, in the
# order of the generated table. MONTHS_TITLE is Python's str.title() of the
# translated MONTHS_3 (the `M` format character), not a message.
SINGLE = (
    [(f"MONTH_{i}", None, m, "core") for i, m in enumerate(MONTHS)]
    + [(f"MONTH_3_{i}", None, m, "core") for i, m in enumerate(MONTHS_3)]
    + [(f"MONTH_AP_{i}", "abbrev. month", m, "core") for i, m in enumerate(MONTHS_AP)]
    + [(f"MONTH_ALT_{i}", "alt. month", m, "core") for i, m in enumerate(MONTHS)]
    + [(f"WEEKDAY_{i}", None, m, "core") for i, m in enumerate(WEEKDAYS)]
    + [(f"WEEKDAY_ABBR_{i}", None, m, "core") for i, m in enumerate(WEEKDAYS_ABBR)]
    + [
        ("AM", None, "a.m.", "core"),
        ("PM", None, "p.m.", "core"),
        ("AM_UPPER", None, "AM", "core"),
        ("PM_UPPER", None, "PM", "core"),
        ("MIDNIGHT", None, "midnight", "core"),
        ("NOON", None, "noon", "core"),
        ("COMMA", None, ", ", "core"),
        ("YES_NO_MAYBE", None, "yes,no,maybe", "core"),
        ("KB", None, "%s KB", "core"),
        ("MB", None, "%s MB", "core"),
        ("GB", None, "%s GB", "core"),
        ("TB", None, "%s TB", "core"),
        ("PB", None, "%s PB", "core"),
    ]
    + [(f"APNUMBER_{i}", None, w, "humanize") for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])]
    + [
        ("TODAY", None, "today", "humanize"),
        ("TOMORROW", None, "tomorrow", "humanize"),
        ("YESTERDAY", None, "yesterday", "humanize"),
        ("PAST_DAY", None, "%(delta)s ago", "humanize"),
        ("NOW", None, "now", "humanize"),
        ("FUTURE_DAY", None, "%(delta)s from now", "humanize"),
        ("ORDINAL_IS_1", "ordinal is 1", "{}st", "humanize"),
        ("ORDINAL_11_12_13", "ordinal 11, 12, 13", "{}th", "humanize"),
    ]
    + [(f"ORDINAL_{i}", f"ordinal {i}", s, "humanize") for i, s in enumerate(
        ["{}th", "{}st", "{}nd", "{}rd", "{}th", "{}th", "{}th", "{}th", "{}th", "{}th"])]
)

UNITS = ["year", "month", "week", "day", "hour", "minute"]
BIG = ["million", "billion", "trillion", "quadrillion", "quintillion",
       "sextillion", "septillion", "octillion", "nonillion", "decillion",
       "googol"]
# (rust name, context, singular, plural, catalog) for plural messages.
PLURAL = (
    [(f"TIME_{u.upper()}", None, f"%(num)d {u}", f"%(num)d {u}s", "core") for u in UNITS]
    + [("BYTES", None, "%(size)d byte", "%(size)d bytes", "core")]
    + [(f"INTWORD_{w.upper()}", None, f"%(value)s {w}", f"%(value)s {w}", "humanize")
       for w in BIG]
    + [
        ("PAST_HOUR", None, "an hour ago", "%(count)s\u00a0hours ago", "humanize"),
        ("PAST_MINUTE", None, "a minute ago", "%(count)s\u00a0minutes ago", "humanize"),
        ("PAST_SECOND", None, "a second ago", "%(count)s\u00a0seconds ago", "humanize"),
        ("FUTURE_SECOND", None, "a second from now", "%(count)s\u00a0seconds from now", "humanize"),
        ("FUTURE_MINUTE", None, "a minute from now", "%(count)s\u00a0minutes from now", "humanize"),
        ("FUTURE_HOUR", None, "an hour from now", "%(count)s\u00a0hours from now", "humanize"),
    ]
    + [(f"NT_PAST_{u.upper()}", "naturaltime-past", f"%(num)d {u}", f"%(num)d {u}s", "humanize")
       for u in UNITS]
    + [(f"NT_FUTURE_{u.upper()}", "naturaltime-future", f"%(num)d {u}", f"%(num)d {u}s", "humanize")
       for u in UNITS]
)

FORMATS = ["DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT",
           "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
           "DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR"]


def catalogs(locale, root):
    """The .mo files gettext reads for `locale` under `root`, first first."""
    found = gettext_module.find("django", root, [locale], all=True)
    out = []
    for path in found:
        with open(path, "rb") as fh:
            out.append(gettext_module.GNUTranslations(fh))
    return out


def plural_rule(trans):
    header = trans._info.get("plural-forms", "")
    for part in header.split(";"):
        key, _, value = part.partition("=")
        if key.strip() == "plural":
            return value.strip()
    return "(n != 1)"


def key(context, msgid):
    return msgid if context is None else f"{context}\x04{msgid}"


def rust(s):
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp", "Mn") and c != " ":
            out.append("\\u{%x}" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def language_data(code):
    """What Django uses under translation.override(code)."""
    locale = translation.to_locale(code)
    cats = {"core": catalogs(locale, CORE), "humanize": catalogs(locale, HUMANIZE)}
    with translation.override(code):
        words = []
        for name, ctx, msgid, cat in SINGLE:
            got = translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)
            words.append(got)
        titles = [translation.gettext(m).title() for m in MONTHS_3]
        plurals = []
        for name, ctx, s, p, cat in PLURAL:
            # Humanize's catalog is merged over the core one.
            order = cats["humanize"] + cats["core"] if cat == "humanize" else cats["core"]
            chosen = None
            # npgettext falls back to ngettext without the context.
            for msgid in [key(ctx, s)] + ([s] if ctx else []):
                for t in order:
                    if (msgid, 0) in t._catalog:
                        n = int(t._info.get("plural-forms", "nplurals=2").split("nplurals=")[1].split(";")[0])
                        forms = [t._catalog.get((msgid, i)) for i in range(n)]
                        chosen = (plural_rule(t), forms, t)
                        break
                if chosen:
                    break
            for n in range(0, 301):
                want = (translation.npgettext(ctx, s, p, n) if ctx else translation.ngettext(s, p, n))
                if chosen is None:
                    have = s if n == 1 else p
                else:
                    have = chosen[1][chosen[2].plural(n)]
                assert want == have, (code, s, n, want, have)
            plurals.append(None if chosen is None else (chosen[0], tuple(chosen[1])))
        fmts = [formats.get_format(f, lang=code) for f in FORMATS]
        grouping = formats.get_format("NUMBER_GROUPING", lang=code)
        first_day = formats.get_format("FIRST_DAY_OF_WEEK", lang=code)
    if isinstance(grouping, int):
        grouping = [grouping, 0] if grouping else []
    else:
        grouping = list(grouping)
    return (tuple(words), tuple(titles), tuple(plurals), tuple(fmts), tuple(grouping), first_day)


def main():
    dirs = sorted(d for d in os.listdir(CORE) if os.path.isdir(os.path.join(CORE, d)) and not d.startswith("_"))
    codes = sorted({translation.to_language(d) for d in dirs} | {c for c in LANG_INFO if "name" in LANG_INFO[c]})
    fallback = language_data("xx")
    data = {c: language_data(c) for c in codes}
    rules = sorted({p[0] for d in [fallback, *data.values()] for p in d[2] if p})
    w = sys.stdout.write
    w("// @generated by filters/tools/gen_l10n.py from Django 6.1; do not edit.\n")
    w("// Regenerate: /tmp/djenv/bin/python filters/tools/gen_l10n.py > filters/src/l10n_data.rs\n")
    w("#![cfg_attr(rustfmt, rustfmt::skip)]\n\n")
    w("use super::{Formats, Locale, Forms};\n\n")
    w("/// Index of each one-form word in `Locale::words` (and `MSGIDS`).\n")
    w("#[allow(dead_code)]\npub(crate) mod w {\n")
    for i, (name, *_rest) in enumerate(SINGLE):
        w(f"    pub(crate) const {name}: usize = {i};\n")
    w("}\n\n")
    w("/// Index of each plural message in `Locale::plurals` (and `PLURAL_MSGIDS`).\n")
    w("#[allow(dead_code)]\npub(crate) mod p {\n")
    for i, (name, *_rest) in enumerate(PLURAL):
        w(f"    pub(crate) const {name}: usize = {i};\n")
    w("}\n\n")
    w("/// `(context, msgid)` of each one-form word: Django's English.\n")
    w("pub(crate) static MSGIDS: [(Option<&str>, &str); %d] = [\n" % len(SINGLE))
    for name, ctx, msgid, cat in SINGLE:
        c = "None" if ctx is None else f"Some({rust(ctx)})"
        w(f"    ({c}, {rust(msgid)}),\n")
    w("];\n\n")
    w("/// `(context, singular, plural)` of each plural message.\n")
    w("pub(crate) static PLURAL_MSGIDS: [(Option<&str>, &str, &str); %d] = [\n" % len(PLURAL))
    for name, ctx, s, p, cat in PLURAL:
        c = "None" if ctx is None else f"Some({rust(ctx)})"
        w(f"    ({c}, {rust(s)}, {rust(p)}),\n")
    w("];\n\n")
    w("/// The distinct `plural=` rules of the catalogs used.\n")
    w("pub(crate) static RULES: [&str; %d] = [\n" % len(rules))
    for r in rules:
        w(f"    {rust(r)},\n")
    w("];\n\n")

    def emit(ident, code, d):
        words, titles, plurals, fmts, grouping, first_day = d
        w(f"static {ident}: Locale = Locale {{\n    code: {rust(code)},\n")
        w("    formats: Formats {\n")
        for f, v in zip(FORMATS, fmts):
            w(f"        {f.lower()}: {rust(str(v))},\n")
        w(f"        number_grouping: &{list(grouping)},\n")
        w(f"        first_day_of_week: {int(first_day)},\n    }},\n")
        w("    words: [" + ", ".join(rust(x) for x in words) + "],\n")
        w("    month_titles: [" + ", ".join(rust(x) for x in titles) + "],\n")
        w("    plurals: [\n")
        for p in plurals:
            if p is None:
                w("        None,\n")
            else:
                w(f"        Some(Forms {{ rule: {rules.index(p[0])}, forms: &[" + ", ".join(rust(x) for x in p[1]) + "] }),\n")
        w("    ],\n};\n\n")

    emit("FALLBACK_LOCALE", "", fallback)
    # Languages whose data equals another's point at it.
    idents = {}
    seen = {}
    for c in codes:
        if data[c] in seen:
            idents[c] = seen[data[c]]
            continue
        ident = "L_" + c.upper().replace("-", "_")
        seen[data[c]] = ident
        idents[c] = ident
        emit(ident, c, data[c])
    w("/// Django's locale data when no language of Django's applies (its\n")
    w("/// English words, the formats of `global_settings`).\n")
    w("pub(crate) static FALLBACK: &Locale = &FALLBACK_LOCALE;\n\n")
    w("/// Every language Django ships formats or translations for, by code.\n")
    w("pub(crate) static LOCALES: [(&str, &Locale); %d] = [\n" % len(codes))
    for c in codes:
        w(f"    ({rust(c)}, &{idents[c]}),\n")
    w("];\n")


main()
