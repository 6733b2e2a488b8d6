#!/usr/bin/env python3
"""Build a reproducible corpus of real-world Django templates, reduced to
Django's built-in template language, for benchmarking djula.

Usage:  python3 benches/real_corpus.py OUTDIR [--wheel-dir DIR]

Then: cargo run --release -p benches --features peers --example template_memory OUTDIR
(the memory of compiled templates against their source, benches/RESULTS-djula.md).

Pinned packages (wheels from PyPI, fetched with
`pip download --no-deps --only-binary=:all: --python-version 3.12`, checked
against the SHA-256 digests below; all are pure-Python "py3-none-any"):

    django                 6.1.3     (admin, admindocs, auth, forms, gis, ...)
    wagtail                8.0.1
    django-allauth         65.22.1
    django-oscar           4.2.1
    djangorestframework    3.18.3
    django-debug-toolbar   8.0.0
    crispy-bootstrap5      2026.9    (django-crispy-forms 2.x ships no
                                      templates; its template packs do)
    django-filter          26.2
    django-cms             5.1.3
    mezzanine              6.1.1
    django-grappelli       5.0.1
    django-jazzmin         3.0.5
    django-unfold          0.110.1
    django-helpdesk        2.6.1
    django-machina         1.3.1
    wiki (django-wiki)     0.13.0
    django-filer           3.6.0
    django-tables2         3.0.1
    django-import-export   4.4.6
    django-formtools       2.7

What it does:

1. Downloads each wheel into the wheel directory (default OUTDIR.wheels;
   a wheel already there with the right digest is reused).
2. Extracts every *.html, *.txt and *.xml file below a `templates/`
   directory of the wheel into OUTDIR/<package>/<path below templates/>,
   i.e. under the name Django's app-directories loader would give it
   (django-machina: below machina/templates/machina/, the DIRS entry its
   settings add). Other files below templates/ that a template names in a
   literal extends/include (wagtail's .svg icons and .js snippets) are
   taken too. When two apps of one package ship the same name, the one
   outside test code with the shortest app path wins and the others go to
   OUTDIR/<package>/_shadowed/<app path>/<name>. Templates listed in
   EXCLUDE (invalid upstream) are left out.
   A package's templates may extend or include Django's (admin/base.html,
   django/forms/widgets/...): give OUTDIR/<package> then OUTDIR/django as
   the template search path.
3. Rewrites each template so that only Django's built-in template
   language is left. The rewriting works on the token stream of a lexer
   that follows Django's own (django.template.base.Lexer: `{% %}`,
   `{{ }}` and `{# #}` tokens that do not span lines, and verbatim blocks),
   never on whole-file regexes:
   * `{% load %}`: libraries other than i18n, l10n, static, tz and humanize
     are dropped from the list (also for `{% load a b from lib %}`); a load
     left with nothing is removed. Two third-party libraries re-register
     built-in library filters (wagtailadmin_tags: humanize's intcomma and
     naturaltime; django_tables2: l10n's localize and unlocalize); loading
     them becomes `{% load NAMES from LIB %}` so those filters stay. Three
     redefine a built-in tag (django_tables2 and wagtailadmin_tags:
     querystring; cms_static: csp_nonce_attr); after such a load that tag is
     treated as third-party.
   * A block tag that is neither a Django built-in nor a tag of a library
     loaded at that point (i18n, l10n, static, tz; `cache` and all
     third-party libraries count as not loaded) becomes plain text: `{%`/`%}`
     turn into `[%`/`%]`. When such a tag has an end tag later in the file
     (`{% endX %}`) it is a block tag: its end tag, and any `else`, `elif`,
     `empty` or `plural` directly inside it, become text as well.
   * Filters that are neither Django built-ins nor filters of a library
     loaded at that point are removed from every filter chain, in `{{ }}`
     and in the arguments of the tags that remain (`{{ x|markdown|safe }}`
     becomes `{{ x|safe }}`). A `{% filter %}` tag left with no filter is
     turned into text with its end tag.
   * Comment blocks, verbatim blocks and the body of blocktrans are
     copied unchanged.
4. Writes OUTDIR/.manifest.json: versions, digests, per-package file
   counts and bytes, and what the rewriting changed.

Running it again gives the same OUTDIR (each package directory is rebuilt
from scratch).
"""

import argparse
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile

# (distribution, version, wheel file name, sha256, directory under OUTDIR)
PACKAGES = [
    ("django", "6.1.3", "django-6.1.3-py3-none-any.whl",
     "a0530e3fdac55d34ccc5893c36f6c57d7a7083064f3d414537e51473648b3290", "django"),
    ("wagtail", "8.0.1", "wagtail-8.0.1-py3-none-any.whl",
     "1e6ad5c7891a54efce1400e168298b5a2cc343b642cee89c31bf5ec30c98b26c", "wagtail"),
    ("django-allauth", "65.22.1", "django_allauth-65.22.1-py3-none-any.whl",
     "08f7a3ddbd5ff7f1000d685dee9c0678d0da2057e18bed473a6eb2de18bd04e4", "django-allauth"),
    ("django-oscar", "4.2.1", "django_oscar-4.2.1-py3-none-any.whl",
     "adbb95ea0130859c204cc6fb221052d6d437ecbaa90800e8418a809f72645e9c", "django-oscar"),
    ("djangorestframework", "3.18.3", "djangorestframework-3.18.3-py3-none-any.whl",
     "8544bb674846731b1e3c9b309236ee1dc412905a0aa725be2ec193ca950a7d12", "djangorestframework"),
    ("django-debug-toolbar", "8.0.0", "django_debug_toolbar-8.0.0-py3-none-any.whl",
     "329dfd6e1c26d9b4501a5cc69294c8bb734206ccb1bd36e96afc4d14128b630a", "django-debug-toolbar"),
    ("crispy-bootstrap5", "2026.9", "crispy_bootstrap5-2026.9-py3-none-any.whl",
     "b65409c50f5b71383770075e6cbb8335405efa1487f874ff6be6f2f6953b041c", "crispy-bootstrap5"),
    ("django-filter", "26.2", "django_filter-26.2-py3-none-any.whl",
     "df8f737841d6359df00b84dda9b5ab59067fe60292091f1bdae1e3e6281cedb0", "django-filter"),
    ("django-cms", "5.1.3", "django_cms-5.1.3-py3-none-any.whl",
     "acf31919aab389d2bea253efa97a901bf55e96046a252f23a7a742e495848a5e", "django-cms"),
    ("mezzanine", "6.1.1", "mezzanine-6.1.1-py2.py3-none-any.whl",
     "abb8a3d7ee91b724d8aa89fa971bad1cf8e368c21055da4913e20e1418a96d1b", "mezzanine"),
    ("django-grappelli", "5.0.1", "django_grappelli-5.0.1-py3-none-any.whl",
     "299d301f109d2aec91027f9e40a0b254d2cfe9da0db18271a07a8c2e07173943", "django-grappelli"),
    ("django-jazzmin", "3.0.5", "django_jazzmin-3.0.5-py3-none-any.whl",
     "578fb1fc0a1b7e3b8472d2692ace60b1584ccd937c3828e2c9a89bdf94067f94", "django-jazzmin"),
    ("django-unfold", "0.110.1", "django_unfold-0.110.1-py3-none-any.whl",
     "92b1bb09e56fcbc8535cef53d19579bd417483fdb8981ceac00de409e8cc5a98", "django-unfold"),
    ("django-helpdesk", "2.6.1", "django_helpdesk-2.6.1-py3-none-any.whl",
     "f2167cd340577088be861fa5d25ca6f828226ac0d25db7e67b96a35a89ca4e44", "django-helpdesk"),
    ("django-machina", "1.3.1", "django_machina-1.3.1-py3-none-any.whl",
     "df1779b49480269e3fdcc888ac26a501ab4428fe4e62b0e40d63c7a91bb2a6e5", "django-machina"),
    ("wiki", "0.13.0", "wiki-0.13.0-py3-none-any.whl",
     "5075e640ef89283876a65a8088a17dd43038b64d5bee3a65c0af2424fe13ede9", "django-wiki"),
    ("django-filer", "3.6.0", "django_filer-3.6.0-py3-none-any.whl",
     "b441e081f0f5688d234815bd0421a1bafa10217eac31bdfe7c3ef3b092430bb3", "django-filer"),
    ("django-tables2", "3.0.1", "django_tables2-3.0.1-py3-none-any.whl",
     "cfabaeeb4b5c4df0844ab0b3f634263deeb131ba2f3174fa5d3e15975047e881", "django-tables2"),
    ("django-import-export", "4.4.6", "django_import_export-4.4.6-py3-none-any.whl",
     "cd847cb7db0cb76dcd5d129263b9a8630062c2f7d849183a7303ee1e1e0f9ab4", "django-import-export"),
    ("django-formtools", "2.7", "django_formtools-2.7-py3-none-any.whl",
     "06e4ab1f9c999f5b2ec6670cb2d51b77117599f4f17c5855f38de158b1c7f247", "django-formtools"),
]

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")

# Extra template roots: django-machina's settings put machina/templates/machina
# in DIRS, and its templates name each other relative to it.
TEMPLATE_ROOTS = {
    "django-machina": ("machina/templates/machina/",),
}

# Templates left out, by name under OUTDIR/<package>, with the reason.
EXCLUDE = {
    "django-cms": {
        # A deliberately broken test template ({% endspaceless %} first).
        "pluginapp/link/bugs.html": "invalid upstream",
    },
}

# ---------------------------------------------------------------------------
# What Django 6.1 has built in.

BUILTIN_TAGS = set("""
autoescape block comment csrf_token cycle debug extends filter firstof for
empty if elif else ifchanged include load lorem now partialdef partial
querystring regroup resetcycle spaceless templatetag url verbatim widthratio
with csp_nonce_attr
""".split())

# Built-in block tags and their end tags.
BUILTIN_BLOCK_TAGS = set("""
autoescape block comment filter for if ifchanged spaceless verbatim with
partialdef blocktrans blocktranslate language localize localtime timezone
""".split())
INTERMEDIATE_TAGS = {"else", "elif", "empty", "plural"}

LIBRARY_TAGS = {
    "i18n": set("""translate trans blocktranslate blocktrans plural
        get_current_language get_available_languages get_language_info
        get_language_info_list get_current_language_bidi language""".split()),
    "l10n": {"localize"},
    "static": {"static", "get_static_prefix", "get_media_prefix"},
    "tz": {"localtime", "timezone", "get_current_timezone"},
    "humanize": set(),
}
KEPT_LIBRARIES = set(LIBRARY_TAGS)

BUILTIN_FILTERS = set("""
add addslashes capfirst center cut date default default_if_none dictsort
dictsortreversed divisibleby escape escapejs escapeseq filesizeformat first
floatformat force_escape get_digit iriencode join json_script last length
linebreaks linebreaksbr linenumbers ljust lower make_list phone2numeric
pluralize pprint random rjust safe safeseq slice slugify stringformat
striptags time timesince timeuntil title truncatechars truncatechars_html
truncatewords truncatewords_html unordered_list upper urlencode urlize
urlizetrunc wordcount wordwrap yesno
""".split())

LIBRARY_FILTERS = {
    "i18n": {"language_name", "language_name_local", "language_bidi",
             "language_name_translated"},
    "l10n": {"localize", "unlocalize"},
    "tz": {"localtime", "utc", "timezone"},
    "humanize": {"apnumber", "intcomma", "intword", "naturalday",
                 "naturaltime", "ordinal"},
    "static": set(),
}

# Third-party libraries that define a tag under a built-in tag's name: once
# such a library is loaded, the tag is theirs (and is neutralized).
# django_tables2 < 3 had `querystring` with `"key"=value` pairs, which
# django-oscar's templates still use.
SHADOWING = {
    "django_tables2": {"querystring"},
    "wagtailadmin_tags": {"querystring"},
    "cms_static": {"csp_nonce_attr"},
}

# Third-party libraries that register filters of a kept library under the
# same names: loading one becomes `{% load NAMES from LIB %}`, so that the
# filters stay (and keep their meaning).
REEXPORTS = {
    "wagtailadmin_tags": ("humanize", ("intcomma", "naturaltime")),
    "django_tables2": ("l10n", ("localize", "unlocalize")),
}

# Tags whose arguments are not filter expressions (left alone).
NO_EXPRESSION_TAGS = {"load", "comment", "verbatim", "templatetag", "filter",
                      "csrf_token", "lorem", "block", "endblock", "now"}

# ---------------------------------------------------------------------------
# The lexer: django.template.base.Lexer, token for token.

TAG_RE = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")

TEXT, VAR, BLOCK, COMMENT = "text", "var", "block", "comment"


class Token:
    __slots__ = ("kind", "raw", "contents")

    def __init__(self, kind, raw, contents=None):
        self.kind = kind
        self.raw = raw
        self.contents = contents


def tokenize(source):
    tokens = []
    verbatim = False
    in_tag = False
    for bit in TAG_RE.split(source):
        if bit:
            if not in_tag:
                tokens.append(Token(TEXT, bit))
            else:
                start = bit[:2]
                if start == "{%":
                    content = bit[2:-2].strip()
                    if verbatim:
                        if content != verbatim:
                            tokens.append(Token(TEXT, bit))
                            in_tag = not in_tag
                            continue
                        verbatim = False
                    elif content[:9] in ("verbatim", "verbatim "):
                        verbatim = "end%s" % content
                    tokens.append(Token(BLOCK, bit, content))
                elif verbatim:
                    tokens.append(Token(TEXT, bit))
                elif start == "{{":
                    tokens.append(Token(VAR, bit, bit[2:-2].strip()))
                else:
                    tokens.append(Token(COMMENT, bit, bit[2:-2].strip()))
        in_tag = not in_tag
    return tokens


# ---------------------------------------------------------------------------
# Filter chains: drop the filters that are not available.

FILTER_START_RE = re.compile(r"\|\s*(\w+)")
ARG_RE = re.compile(r"[-+.]?\d[\d.e]*|[\w.]+")


def skip_string(s, i):
    """End of the quoted string starting at s[i] (Django's strdq/strsq)."""
    quote = s[i]
    j = i + 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == quote:
            return j + 1
        j += 1
    return len(s)


def skip_arg(s, j):
    """End of a filter argument starting at s[j] (after the colon)."""
    if j < len(s) and s[j] in "\"'":
        return skip_string(s, j)
    if s.startswith("_(", j) and j + 2 < len(s) and s[j + 2] in "\"'":
        k = skip_string(s, j + 2)
        if k < len(s) and s[k] == ")":
            k += 1
        return k
    m = ARG_RE.match(s, j)
    return m.end() if m else j


def strip_filters(s, available, removed):
    """s with every `|name[:arg]` whose name is not available removed."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in "\"'":
            j = skip_string(s, i)
            out.append(s[i:j])
            i = j
            continue
        if c == "|":
            m = FILTER_START_RE.match(s, i)
            if m:
                j = m.end()
                if j < n and s[j] == ":":
                    j = skip_arg(s, j + 1)
                if available(m.group(1)):
                    out.append(s[i:j])
                else:
                    removed.append(m.group(1))
                i = j
                continue
        out.append(c)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------
# The rewriter.


def neutral(raw):
    """A tag's text as plain text: `{% x %}` -> `[% x %]`, with no `{{`,
    `{%` or `{#` left inside that could start a new tag."""
    inner = raw[2:-2]
    inner = inner.replace("{", "(").replace("}", ")")
    return "[%" + inner + "%]"


class Rewriter:
    def __init__(self):
        self.stats = {"loads_removed": {}, "tags_neutralized": {},
                      "filters_removed": {}}

    def _count(self, key, name):
        d = self.stats[key]
        d[name] = d.get(name, 0) + 1

    def rewrite(self, source):
        tokens = tokenize(source)
        commands = {t.contents.split()[0] for t in tokens
                    if t.kind == BLOCK and t.contents.split()}
        libs = set()        # libraries loaded so far
        names = set()       # single names loaded with `load x from lib`
        shadowed = set()    # built-in tags a loaded third-party library redefines
        stack = []          # [command, neutralized]
        out = []

        def tag_ok(cmd):
            if cmd in shadowed:
                return False
            if cmd in BUILTIN_TAGS:
                return True
            for lib, tags in LIBRARY_TAGS.items():
                if cmd in tags:
                    return lib in libs or cmd in names
            return False

        def filter_ok(name):
            if name in BUILTIN_FILTERS:
                return True
            for lib, filters in LIBRARY_FILTERS.items():
                if name in filters and (lib in libs or name in names):
                    return True
            return False

        def filters(text):
            removed = []
            new = strip_filters(text, filter_ok, removed)
            for name in removed:
                self._count("filters_removed", name)
            return new

        i = 0
        n = len(tokens)
        while i < n:
            t = tokens[i]
            i += 1
            if t.kind in (TEXT, COMMENT):
                out.append(t.raw)
                continue
            if t.kind == VAR:
                out.append(filters(t.raw))
                continue
            bits = t.contents.split()
            if not bits:
                out.append(t.raw)
                continue
            cmd = bits[0]

            if cmd == "comment":
                # Django's parser skips everything up to `endcomment`.
                out.append(t.raw)
                while i < n:
                    u = tokens[i]
                    i += 1
                    out.append(u.raw)
                    if u.kind == BLOCK and u.contents == "endcomment":
                        break
                continue

            if cmd == "load":
                out.append(self._load(t, bits, libs, names, shadowed))
                continue

            if cmd in ("blocktrans", "blocktranslate") and tag_ok(cmd):
                # The body holds only text, variables and `plural`: copy it.
                out.append(filters(t.raw))
                while i < n:
                    u = tokens[i]
                    i += 1
                    out.append(u.raw)
                    if u.kind == BLOCK and u.contents.split()[:1] in (
                            ["endblocktrans"], ["endblocktranslate"]):
                        break
                    if u.kind in (BLOCK, COMMENT) and u.contents.split()[:1] != ["plural"]:
                        break  # Django's error; leave it to the checkers.
                continue

            if cmd.startswith("end") and len(cmd) > 3:
                opener = cmd[3:]
                found = None
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == opener:
                        found = k
                        break
                if found is not None:
                    neutralized = stack[found][1]
                    del stack[found:]
                    out.append(neutral(t.raw) if neutralized else t.raw)
                elif opener in BUILTIN_BLOCK_TAGS:
                    out.append(t.raw)
                else:
                    self._count("tags_neutralized", cmd)
                    out.append(neutral(t.raw))
                continue

            if cmd in INTERMEDIATE_TAGS:
                if stack and stack[-1][1]:
                    self._count("tags_neutralized", cmd)
                    out.append(neutral(t.raw))
                else:
                    out.append(filters(t.raw) if cmd == "elif" else t.raw)
                continue

            is_block = cmd in BUILTIN_BLOCK_TAGS or ("end" + cmd) in commands

            if cmd == "filter":
                body = t.contents[len("filter"):].strip()
                kept = strip_filters("x|" + body, filter_ok, [])[2:] if body else ""
                if kept:
                    raw = t.raw if kept == body else "{% filter " + kept + " %}"
                    stack.append([cmd, False])
                    out.append(raw)
                else:
                    self._count("tags_neutralized", cmd)
                    stack.append([cmd, True])
                    out.append(neutral(t.raw))
                continue

            if tag_ok(cmd):
                if is_block:
                    stack.append([cmd, False])
                out.append(t.raw if cmd in NO_EXPRESSION_TAGS else filters(t.raw))
            else:
                self._count("tags_neutralized", cmd)
                if is_block:
                    stack.append([cmd, True])
                out.append(neutral(t.raw))
        return "".join(out)

    def _load(self, t, bits, libs, names, shadowed):
        if len(bits) >= 4 and bits[-2] == "from":
            lib = bits[-1]
            shadowed.update(set(bits[1:-2]) & SHADOWING.get(lib, set()))
            if lib not in KEPT_LIBRARIES:
                self._count("loads_removed", lib)
                target, members = REEXPORTS.get(lib, (None, ()))
                keep = [b for b in bits[1:-2] if b in members]
                if not keep:
                    return ""
                names.update(keep)
                return "{%% load %s from %s %%}" % (" ".join(keep), target)
            members = LIBRARY_TAGS[lib] | LIBRARY_FILTERS[lib]
            keep = [b for b in bits[1:-2] if b in members]
            if not keep:
                return ""
            names.update(keep)
            if len(keep) == len(bits) - 3:
                return t.raw
            return "{%% load %s from %s %%}" % (" ".join(keep), lib)
        keep = []
        extra = {}                  # kept library -> re-exported names
        for lib in bits[1:]:
            shadowed.update(SHADOWING.get(lib, ()))
            if lib in KEPT_LIBRARIES:
                keep.append(lib)
            else:
                self._count("loads_removed", lib)
                if lib in REEXPORTS:
                    target, members = REEXPORTS[lib]
                    extra.setdefault(target, set()).update(members)
        libs.update(keep)
        if len(keep) == len(bits) - 1:
            return t.raw
        out = "{%% load %s %%}" % " ".join(keep) if keep else ""
        for target in sorted(extra):
            if target in libs:
                continue
            names.update(extra[target])
            out += "{%% load %s from %s %%}" % (" ".join(sorted(extra[target])), target)
        return out


# ---------------------------------------------------------------------------
# Download and extraction.


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(wheel_dir, dist, version, filename, digest):
    path = os.path.join(wheel_dir, filename)
    if os.path.exists(path) and sha256(path) == digest:
        return path
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
           "--only-binary=:all:", "--python-version", "3.12",
           "--disable-pip-version-check", "--quiet",
           "-d", wheel_dir, "%s==%s" % (dist, version)]
    subprocess.run(cmd, check=True)
    if not os.path.exists(path):
        sys.exit("pip did not produce %s" % filename)
    got = sha256(path)
    if got != digest:
        sys.exit("%s: sha256 %s, expected %s" % (filename, got, digest))
    return path


def app_priority(app_path):
    test = any(p in ("test", "tests", "test_utils", "testapp")
               for p in app_path.split("/"))
    return (test, app_path.count("/"), app_path)


def template_name(member, roots):
    """(app path, name) of a wheel member below a templates/ directory (or
    one of the package's extra template roots), or None."""
    for root in roots:
        if member.startswith(root):
            return root.rstrip("/"), member[len(root):]
    parts = member.split("/")
    if "templates" not in parts[:-1]:
        return None
    k = parts.index("templates")
    return "/".join(parts[:k]), "/".join(parts[k + 1:])


def literal_references(name, source):
    """Template names that the literal extends/include tags of a template
    refer to (relative names resolved as Django does)."""
    refs = set()
    for t in tokenize(source):
        if t.kind != BLOCK:
            continue
        bits = t.contents.split()
        if len(bits) < 2 or bits[0] not in ("extends", "include"):
            continue
        ref = bits[1]
        if len(ref) < 2 or ref[0] not in "\"'" or ref[-1] != ref[0]:
            continue
        ref = ref[1:-1]
        if ref.startswith(("./", "../")):
            ref = posixpath.normpath(posixpath.join(posixpath.dirname(name), ref))
        refs.add(ref)
    return refs


def extract(wheel, pkg_dir, rewriter, roots=(), exclude=()):
    """Writes the rewritten templates of one wheel into pkg_dir.

    Every *.html/*.txt/*.xml below templates/ is taken, and so is any other
    file below templates/ that a taken template names in a literal extends
    or include (wagtail's .svg icons and .js snippets). Returns a dict of
    counts."""
    with zipfile.ZipFile(wheel) as z:
        by_name = {}            # name -> [(priority, app, member)]
        for member in sorted(z.namelist()):
            if member.endswith("/"):
                continue
            found = template_name(member, roots)
            if found is None:
                continue
            app, name = found
            by_name.setdefault(name, []).append((app_priority(app), app, member))
        wanted = [n for n in sorted(by_name) if n.endswith(TEMPLATE_SUFFIXES)]
        done = set()
        stats = {"files": 0, "bytes": 0, "original_bytes": 0,
                 "referenced_extra_files": [], "excluded": [],
                 "skipped_not_utf8": [], "shadowed": []}
        while wanted:
            name = wanted.pop(0)
            if name in done:
                continue
            done.add(name)
            for rank, (_, app, member) in enumerate(sorted(by_name[name])):
                target = name if rank == 0 else "_shadowed/%s/%s" % (app, name)
                if target in exclude:
                    stats["excluded"].append(target)
                    continue
                data = z.read(member)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    stats["skipped_not_utf8"].append(member)
                    continue
                new = rewriter.rewrite(text)
                for ref in sorted(literal_references(target, new)):
                    if ref in by_name and ref not in done:
                        if not ref.endswith(TEMPLATE_SUFFIXES):
                            stats["referenced_extra_files"].append(ref)
                        wanted.append(ref)
                if rank:
                    stats["shadowed"].append(member)
                dest = os.path.join(pkg_dir, *target.split("/"))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                encoded = new.encode("utf-8")
                with open(dest, "wb") as f:
                    f.write(encoded)
                stats["files"] += 1
                stats["bytes"] += len(encoded)
                stats["original_bytes"] += len(data)
    stats["referenced_extra_files"].sort()
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--wheel-dir", help="where wheels are kept (default OUTDIR.wheels)")
    args = ap.parse_args()
    outdir = os.path.abspath(args.outdir)
    wheel_dir = os.path.abspath(args.wheel_dir or outdir.rstrip("/") + ".wheels")
    os.makedirs(outdir, exist_ok=True)
    os.makedirs(wheel_dir, exist_ok=True)
    manifest = {"packages": []}
    grand_files = grand_bytes = 0
    for dist, version, filename, digest, dirname in PACKAGES:
        wheel = fetch(wheel_dir, dist, version, filename, digest)
        pkg_dir = os.path.join(outdir, dirname)
        shutil.rmtree(pkg_dir, ignore_errors=True)
        rewriter = Rewriter()
        stats = extract(wheel, pkg_dir, rewriter, TEMPLATE_ROOTS.get(dist, ()),
                        EXCLUDE.get(dist, {}))
        grand_files += stats["files"]
        grand_bytes += stats["bytes"]
        entry = {"distribution": dist, "version": version, "wheel": filename,
                 "sha256": digest, "directory": dirname}
        entry.update(stats)
        entry["rewriting"] = {k: dict(sorted(v.items()))
                              for k, v in rewriter.stats.items()}
        manifest["packages"].append(entry)
        print("%-22s %-9s %5d files %9d bytes" % (dirname, version, stats["files"],
                                                   stats["bytes"]))
    manifest["files"] = grand_files
    manifest["bytes"] = grand_bytes
    with open(os.path.join(outdir, ".manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%-32s %5d files %9d bytes" % ("total", grand_files, grand_bytes))


if __name__ == "__main__":
    main()
