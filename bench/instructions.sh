#!/usr/bin/env bash
# bench/instructions.sh CHECKOUT CONTENDER [WARMUP] [COUNT] [CONNECTIONS]: instructions per
# request (valgrind callgrind, Ir) of one contender served from CHECKOUT, per operation: warm
# up, zero the counters, send exactly COUNT requests (bench/lib/fixed-load.mjs, CONNECTIONS
# keep-alive connections, default 8; 50 as wrk sends, where a request always waits on every
# connection and costs shared per event-loop turn are spread over more requests), dump.
# Instruction counts do not move with the neighbours' load, unlike req/s
# on a shared machine. Node runs --single-threaded (no concurrent GC or compiler threads,
# whose timing made the counts jump between passes); passes 2 and 3 are the settled ones.
set -euo pipefail
checkout=$1 contender=$2 warmup=${3:-4000} count=${4:-2000} conns=${5:-8}
here=$(cd "$(dirname "$0")" && pwd)
port=$((40000 + RANDOM % 20000))
out=$(mktemp -d)
(cd "$checkout" && exec valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" node --single-threaded --conditions=macaron-source --import tsx bench/server.ts "$contender" "$port" > "$out/log" 2>&1) &
for _ in $(seq 600); do grep -q "^ready" "$out/log" 2>/dev/null && break; sleep 1; done
pid=$(pgrep -f "callgrind-out-file=$out/cg.out" | head -1)
body=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$here/post.lua")
path_of() { case $1 in get-one) echo /items/42 ;; get-list) echo '/items?limit=20&offset=40&status=active' ;; post) echo /items ;; esac; }
body_of() { [ "$1" = post ] && echo "$body" || true; }
# Every operation is warmed up before any is counted: the first requests of a process
# also compile the code the three share (Fastify, the HTTP parser, the hooks).
for op in get-one get-list post; do node "$here/lib/fixed-load.mjs" "http://127.0.0.1:$port$(path_of $op)" "$warmup" "$conns" "$(body_of $op)" > /dev/null; done
for pass in 1 2 3; do
  for op in get-one get-list post; do
    callgrind_control -z "$pid" > /dev/null
    node "$here/lib/fixed-load.mjs" "http://127.0.0.1:$port$(path_of $op)" "$count" "$conns" "$(body_of $op)" > /dev/null
    callgrind_control -d "$pid" > /dev/null
    file=$(ls -t "$out"/cg.out.* | head -1)
    echo "$contender $op pass $pass: $(awk '/^summary:/ {printf "%d", $2 / '"$count"'}' "$file") Ir/request, $conns connections ($checkout)"
  done
done
kill "$pid"
rm -rf "$out"
