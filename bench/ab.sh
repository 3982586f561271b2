#!/usr/bin/env bash
# bench/ab.sh OLD NEW OPERATION [PAIRS] [CONTENDER]: one contender (default macaron) served
# from two checkouts side by side, both on core 0, wrk on core 1; 2-s windows alternate
# between them (the order flipping each pair) and each pair gives a ratio NEW/OLD; prints
# the pairs and their median. OPERATION is get-one, get-list or post. On a host whose
# neighbours move throughput by ±30% over tens of seconds, ratios of windows seconds
# apart are what a change can be judged by (docs/performance.md). Set NODE to the node
# binary to use (default: node on the PATH). CONTENDER may be OLD_ONE:NEW_ONE to serve two
# contenders (macaron:fastify-schemas, from one checkout or two) side by side the same way.
set -euo pipefail
old=$1 new=$2 op=$3 pairs=${4:-10} contenders=${5:-macaron}
contender_old=${contenders%%:*} contender_new=${contenders#*:}
here=$(cd "$(dirname "$0")" && pwd)
node=${NODE:-node}
# shellcheck source=lib/operation.sh
. "$here/lib/operation.sh"
logs=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$logs"' EXIT
start() { # checkout contender port log
  (cd "$1" && exec taskset -c 0 "$node" --conditions=macaron-source --import tsx bench/server.ts "$2" "$3" > "$4" 2>&1) &
  pids+=($!)
}
port_old=$((40000 + RANDOM % 10000)) port_new=$((50000 + RANDOM % 10000))
start "$old" "$contender_old" "$port_old" "$logs/old"
start "$new" "$contender_new" "$port_new" "$logs/new"
for _ in $(seq 200); do grep -q '^ready' "$logs/old" 2>/dev/null && grep -q '^ready' "$logs/new" 2>/dev/null && break; sleep 0.3; done
grep -q '^ready' "$logs/old" && grep -q '^ready' "$logs/new" || { cat "$logs/old" "$logs/new" >&2; exit 1; }
window() { taskset -c 1 wrk -t1 -c50 -d2s --latency "${script[@]}" "http://127.0.0.1:$1$path" | awk '/Requests\/sec/ {print $2}'; }
for port in $port_old $port_new $port_old $port_new; do window "$port" > /dev/null; done # warm-up
ratios=()
for i in $(seq "$pairs"); do
  if ((i % 2)); then b=$(window "$port_new"); a=$(window "$port_old"); else a=$(window "$port_old"); b=$(window "$port_new"); fi
  r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')
  ratios+=("$r")
  echo "pair $i: old $a req/s, new $b req/s, new/old $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median new/old %.3f over %d pairs\n", m, NR}'
