#!/usr/bin/env bash
# Instructions per render under callgrind, for every engine and workload of
# benches/benches/djula.rs: the stable figure on a noisy shared machine.
#
#   benches/callgrind.sh                 # the whole table (a few minutes)
#   benches/callgrind.sh djula page      # one cell; keeps its callgrind.out
#   benches/callgrind.sh compile         # compile time: new engine + the five templates
#
# Needs valgrind (Debian: apt-get install -y valgrind). Not part of .ci/run:
# too slow. Counts only the N renders inside `measured_renders` of
# examples/one_render.rs (after one warm-up render), divided by N.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is missing (apt-get install -y valgrind)" >&2; exit 1; }
cargo build --release -p benches --features peers --example one_render >&2
bin=${CARGO_TARGET_DIR:-target}/release/examples/one_render
out=${CALLGRIND_OUT:-target/callgrind}
mkdir -p "$out"

engines=(djula djula-typed djula-value djula-json minijinja2 minijinja3 tera2 handlebars askama floor)
workloads=(big-table teams page)
if [ "${1:-}" = compile ]; then
    engines=(djula minijinja2 minijinja3 tera2 handlebars); workloads=(compile)
elif [ $# -ge 2 ]; then engines=("$1"); workloads=("$2"); fi

# Renders per measurement: enough to dwarf any per-call noise, few enough to be quick.
renders() { case $1 in big-table) echo 5 ;; compile) echo 20 ;; *) echo 50 ;; esac; }

count() { # engine workload -> instructions per render
    local file="$out/callgrind.out.$1.$2" n
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
echo >&2 "callgrind files in $out (callgrind_annotate $out/callgrind.out.ENGINE.WORKLOAD)"
