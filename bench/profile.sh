#!/usr/bin/env bash
# bench/profile.sh CHECKOUT OPERATION [SECONDS] [CONTENDER]: a CPU profile (--cpu-prof) of
# one contender (default macaron) served from CHECKOUT on core 0 under wrk -c50 on core 1,
# for 3 s of warm-up and SECONDS (default 8) more; prints the self time per request by
# library and by function (bench/lib/profile-summary.mjs; requests counted by wrk) and
# keeps the profile. Profiles of two contenders or checkouts taken one after the other see
# different minutes of the host: compare their rows against a row both share (Node's own
# code), not their absolute figures. Set NODE to the node binary to use.
set -euo pipefail
checkout=$1 op=$2 seconds=${3:-8} contender=${4:-macaron}
here=$(cd "$(dirname "$0")" && pwd)
node=${NODE:-node}
# shellcheck source=lib/operation.sh
. "$here/lib/operation.sh"
out=$(mktemp -d "${TMPDIR:-/tmp}/macaron-profile.XXXXXX")
port=$((40000 + RANDOM % 20000))
(cd "$checkout" && exec taskset -c 0 "$node" --cpu-prof --cpu-prof-dir="$out" --conditions=macaron-source --import tsx bench/server.ts "$contender" "$port" > "$out/server.log" 2>&1) &
pid=$!
for _ in $(seq 200); do grep -q '^ready' "$out/server.log" 2>/dev/null && break; sleep 0.3; done
requests() { taskset -c 1 wrk -t1 -c50 -d"$1"s "${script[@]}" "http://127.0.0.1:$port$path" | awk '/requests in/ {print $1}'; }
total=$(( $(requests 3) + $(requests "$seconds") ))
kill -TERM "$pid"
wait "$pid" || true
# Node 20 also profiles the module loader's worker thread (tsx's hooks): the main thread's is the largest.
profile=$(ls -S "$out"/*.cpuprofile | head -1)
node "$here/lib/profile-summary.mjs" "$profile" "$total"
echo "profile kept: $profile"
