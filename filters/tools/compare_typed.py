"""Compare number and date filters with real Django on generated inputs.

    cargo build -p djula-filters --example oracle
    ../.venv-django/bin/python filters/tools/compare_typed.py [N]
"""
import datetime
import json
import random
import subprocess
import sys

import django
from django.conf import settings

settings.configure(TIME_ZONE="America/Chicago", USE_TZ=False)
django.setup()
from django.template import defaultfilters as df  # noqa: E402
from django.utils import timezone  # noqa: E402

rng = random.Random(2)


def rnum():
    k = rng.randint(0, 9)
    if k == 0:
        return rng.randint(-10**6, 10**6)
    if k == 1:
        return rng.choice([0.5, 1.5, 2.5, -0.5, 1.005, 0.125, 1e16, 1e-7, 123456789.125, float("inf"), 1e300, -0.0])
    if k == 2:
        return str(rng.randint(-999, 999)) + "." + str(rng.randint(0, 99999)).zfill(rng.randint(1, 6))
    if k == 3:
        return rng.choice(["abc", "", " 1.5 ", "1e5", "-1E-3", "nan", "-inf", "1_000", "0.000", "12."])
    if k == 4:
        return rng.choice([True, False, None])
    return round(rng.uniform(-10000, 10000), rng.randint(0, 8))


def rarg():
    return rng.choice([None, "0", "1", "2", "3", "-1", "-2", "-3", "g", "u", "2g", "-2g", "2u", "gu", "3ug", "x", "10"])


def rdt():
    y = rng.randint(1, 9999) if rng.random() < 0.2 else rng.randint(1990, 2030)
    d = datetime.datetime(y, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                          rng.randint(0, 59), rng.choice([0, 0, 123, 999999]))
    k = rng.randint(0, 4)
    if k == 0:
        return d.date().isoformat(), d.date()
    if k == 1:
        return d.time().isoformat(), d.time()
    if k == 2:
        mins = rng.randint(-900, 900)
        text = d.isoformat() + ("+" if mins >= 0 else "-") + "%02d:%02d" % divmod(abs(mins), 60)
        return text, d.replace(tzinfo=timezone.get_fixed_timezone(mins))
    return d.isoformat(), d


CHARS = "dDjlNSwzWyYLomMbEFntaAfgGhHisueOPTcrIZ"


def rlist(depth=0):
    out = []
    for _ in range(rng.randint(0, 4)):
        if depth < 4 and rng.random() < 0.3:
            out.append(rlist(depth + 1))
        else:
            out.append(rng.choice(["a", "<b>", "x & y", "it's", ""]))
    return out


def rjson(depth=0):
    k = rng.randint(0, 9 if depth < 3 else 5)
    if k <= 1:
        return rng.choice([None, True, False, 0, -7, 12345678901, 1.5, 1e16, -0.0])
    if k <= 4:
        words = ["lorem", "ipsum", "it's", "\"q\"", "é", "x" * rng.randint(1, 60), "\n", "tab\t", " "]
        return " ".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
    if k <= 7:
        return [rjson(depth + 1) for _ in range(rng.randint(0, 6))]
    return {rng.choice(["a", "b", "key", "Z", "é", "long_key_" * 3, "1"]) + str(i): rjson(depth + 1) for i in range(rng.randint(0, 5))}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    cases = []
    for _ in range(n):
        cases.append(("floatformat", rnum(), rarg(), None))
        cases.append(("filesizeformat", rng.choice([rng.randint(-2**62, 2**62), rng.randint(0, 5000), 2**rng.randint(0, 62), "x", 1.7]), None, None))
        spec = rng.choice(["d", "05d", "+d", "x", "#X", "o", ".2f", "10.3f", "-8s|", "e", ".3E", "g", "G", ".10g", "s", "r", "c", "%", "5.1s", " d", "#o", "d items", ".0f"])
        cases.append(("stringformat", rnum(), spec, None))
        text, value = rdt()
        fmt = "".join(rng.choice(CHARS + " \\:-") for _ in range(rng.randint(1, 8)))
        cases.append((rng.choice(["date", "time"]), text, rng.choice([fmt, None, "SHORT_DATETIME_FORMAT"]), value))
        cases.append(("pprint", rjson(), None, None))
        cases.append(("unordered_list", rlist(), None, None))
        t1, v1 = rdt()
        t2, v2 = rdt()
        if isinstance(v1, datetime.datetime) and isinstance(v2, datetime.datetime):
            cases.append(("timesince", t1, t2, (v1, v2)))
    reqs = []
    for name, v, a, _ in cases:
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            v = repr(v)
        reqs.append(json.dumps({"f": name, "v": v, "a": a}))
    proc = subprocess.run(["target/debug/examples/oracle"], input="\n".join(reqs), capture_output=True, text=True, check=True)
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    bad = 0
    for (name, v, a, extra), rust, req in zip(cases, got, reqs):
        try:
            if name in ("date", "time"):
                r = getattr(df, name)(extra, a)
            elif name == "timesince":
                r = df.timesince_filter(extra[0], extra[1])
            elif name == "unordered_list":
                r = df.unordered_list(v)
            elif name == "pprint":
                r = df.pprint(v)
            elif name == "filesizeformat":
                r = df.filesizeformat(v)
            else:
                value = json.loads(req)["v"]
                r = getattr(df, name)(value, a) if a is not None else getattr(df, name)(value)
            want = {"ok": str(r)}
        except Exception as e:  # noqa: BLE001
            want = {"err": type(e).__name__}
        if not (want == rust or ("err" in want and "err" in rust)):
            bad += 1
            if bad <= 40:
                print(json.dumps({"case": req, "django": want, "rust": rust}, ensure_ascii=False))
    print(f"{len(cases) - bad}/{len(cases)} agree")


main()
