#!/usr/bin/env bash
# Load test of the example web app (release build, fresh database):
#
#   1. DURATION seconds (default 30) of GET / (the member list, anonymous);
#   2. DURATION seconds of GET /tasks logged in as ada (session cookie);
#   3. twice, a flood of FLOOD (default 1000, within the app's connection
#      limit) connections that stop in their headers and stay open: the app
#      must close them by itself (header timeout, 10 s), and the second
#      flood must not raise its memory further (nothing kept per client).
#
# Prints requests/s, p50/p99 latency and errors per run (wrk, installed with
# apt-get when missing) and the app's resident memory (VmRSS) before and
# after each step. Usage: examples/webapp/loadtest.sh  (from anywhere;
# honours CARGO_TARGET_DIR, DURATION, CONNECTIONS, THREADS, FLOOD).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration="${DURATION:-30}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
flood="${FLOOD:-1000}"
target="${CARGO_TARGET_DIR:-target}"

if ! command -v wrk >/dev/null; then
    echo "installing wrk"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cargo build --release --quiet -p webapp
work=$(mktemp -d)
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

RUST_LOG="${RUST_LOG:-info}" "$target/release/webapp" --port 0 --db "$work/load.sqlite3" \
    >"$work/app.out" 2>"$work/app.log" &
app_pid=$!
url=""
for _ in $(seq 1 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/app.out" || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "the app did not start"; cat "$work/app.log"; exit 1; }

rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$app_pid/status"; }

# wrk's report as one line: requests/s, p50, p99, errors.
run() {
    local name=$1
    shift
    local before
    before=$(rss)
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" >"$work/wrk.out"
    local rps p50 p99 non2xx sockerr
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    non2xx=$(awk '/Non-2xx or 3xx/ {print $NF}' "$work/wrk.out")
    sockerr=$(grep -o 'Socket errors:.*' "$work/wrk.out" || true)
    echo "$name: ${rps} requests/s, p50 ${p50}, p99 ${p99}, non-2xx/3xx ${non2xx:-0}, ${sockerr:-socket errors: none}; RSS ${before} -> $(rss)"
}

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t$threads -c$connections -d${duration}s"
echo "app at $url, RSS at start $(rss)"
run "GET / (member list)" "$url/"

cookie=$(python3 - "$url" <<'PY'
import http.cookiejar, re, sys, urllib.parse, urllib.request
base = sys.argv[1]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(base + "/login").read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "ada", "password": "lovelace"}).encode()
page = opener.open(base + "/login", form).read().decode()
assert "Ada Lovelace, here is your list" in page, page[:300]
print("; ".join(f"{c.name}={c.value}" for c in jar))
PY
)
run "GET /tasks (logged in)" -H "Cookie: $cookie" "$url/tasks"
grep -c 'finished processing request' "$work/app.log" | sed 's/^/request log lines so far: /'

# Two floods: the first shows the stalled clients closed by the app, the
# second that the memory they took is reused, not leaked.
for round in 1 2; do
echo "== flood $round: $flood connections stopped in their headers"
python3 - "$url" "$flood" "$app_pid" <<'PY'
import socket, sys, time
base, n, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
host, port = base.removeprefix("http://").split(":")
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return line.split()[1] + " kB"
before = rss()
socks, started = [], time.time()
for _ in range(n):
    s = socket.create_connection((host, int(port)), timeout=30)
    s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
    s.setblocking(False)
    socks.append(s)
time.sleep(2)
during = rss()
open_socks, deadline = set(range(n)), time.time() + 120
while open_socks and time.time() < deadline:
    for i in list(open_socks):
        try:
            if socks[i].recv(1 << 16) == b"":
                open_socks.discard(i)
        except BlockingIOError:
            pass
        except ConnectionResetError:
            open_socks.discard(i)
    time.sleep(0.2)
took = time.time() - started
for s in socks:
    s.close()
time.sleep(1)
print(f"flood: {n - len(open_socks)} of {n} stalled connections closed by the app, "
      f"the last {took:.0f} s after the first opened; "
      f"RSS {before} before, {during} during, {rss()} after")
PY
done
# jemalloc gives freed memory back after its decay (10 s by default).
sleep 12
echo "12 s after the floods: RSS $(rss)"
run "GET / after the flood" "$url/"
