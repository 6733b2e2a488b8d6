#!/usr/bin/env bash
# Instructions per render under callgrind, for every engine and workload of
# benches/benches/spinneret.rs: the stable figure on a noisy shared machine.
#
#   benches/callgrind-spinneret.sh                   # the whole table (a minute)
#   benches/callgrind-spinneret.sh spinneret teams   # one cell; keeps its callgrind.out
#
# Needs valgrind (Debian: apt-get install -y valgrind). Counts only the N
# renders inside `measured_renders` of examples/one_render_spinneret.rs
# (after one warm-up render), divided by N. Engines ending in `-to` write
# into one reused buffer; the others return a fresh String per render.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is missing (apt-get install -y valgrind)" >&2; exit 1; }
out=${CALLGRIND_OUT:-target/callgrind}
mkdir -p "$out"
# A copy of the binary, taken right after the build: a target directory
# shared with other checkouts may relink the original meanwhile.
# CALLGRIND_BIN=path measures a binary built before instead.
bin=${CALLGRIND_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release -p benches --features peers --example one_render_spinneret >&2
    bin=$out/one_render_spinneret
    cp "${CARGO_TARGET_DIR:-target}/release/examples/one_render_spinneret" "$bin"
fi

engines=(spinneret spinneret-to sailfish sailfish-to maud markup hypertext floor floor-to)
workloads=(big-table teams)
if [ $# -ge 2 ]; then engines=("$1"); workloads=("$2"); fi

# Renders per measurement: enough to dwarf any per-call noise, few enough to be quick.
renders() { case $1 in big-table) echo 20 ;; *) echo 1000 ;; esac; }

count() { # engine workload -> instructions per render
    local file="$out/callgrind.out.spinneret.$1.$2" n
    n=$(renders "$2")
    valgrind --tool=callgrind --callgrind-out-file="$file" \
        --toggle-collect='*measured_renders*' "$bin" "$1" "$2" "$n" >/dev/null 2>&1
    awk -v n="$n" '/^(summary|totals):/ { printf "%.0f\n", $2 / n; exit }' "$file"
}

printf '| engine |'; for w in "${workloads[@]}"; do printf ' %s |' "$w"; done; echo
printf '|---|'; for _ in "${workloads[@]}"; do printf -- '---:|'; done; echo
for e in "${engines[@]}"; do
    printf '| %s |' "$e"
    for w in "${workloads[@]}"; do printf ' %s |' "$(count "$e" "$w")"; done
    echo
done
echo >&2 "callgrind files in $out (callgrind_annotate $out/callgrind.out.spinneret.ENGINE.WORKLOAD)"
