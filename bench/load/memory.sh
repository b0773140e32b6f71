#!/usr/bin/env bash
# Memory per active user: drives USERS distinct users (front-door identity headers) through a Release
# TokenGate Standalone in front of the simulator and compares the live GC heap (dotnet-gcdump, after
# a full GC) and the working set before and after. Loopback only; stops by itself; kills what it started.
#   bench/load/memory.sh            # 100,000 users
#   USERS=20000 bench/load/memory.sh
# Prerequisites: run.sh's (dotnet, node, bench/load/node_modules); installs dotnet-gcdump into bench/load/.tools.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
USERS=${USERS:-100000}
WARM_USERS=${WARM_USERS:-2000}
SIM_PORT=${SIM_PORT:-18180}; TG_PORT=${TG_PORT:-18181}
OUT=${OUT:-$(pwd)/results/memory-$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/tokengate-mem.XXXXXX)
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
wait_http() { for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done; log "timed out waiting for $1"; return 1; }

[ -x .tools/dotnet-gcdump ] || dotnet tool install dotnet-gcdump --version 10.0.750501 --tool-path .tools >/dev/null
[ -d node_modules/autocannon ] || npm install --no-audit --no-fund >/dev/null
[ -f "$ROOT/src/TokenGate.Standalone/bin/Release/net10.0/TokenGate.Standalone.dll" ] || dotnet build "$ROOT/src/TokenGate.Standalone" -c Release -nologo -v q >/dev/null
[ -f "$ROOT/src/TokenGate.Simulator/bin/Release/net10.0/TokenGate.Simulator.dll" ] || dotnet build "$ROOT/src/TokenGate.Simulator" -c Release -nologo -v q >/dev/null

Logging__LogLevel__Default=Warning Simulator__DefaultCompletionTokens=4 Simulator__EmbeddingDimensions=8 \
  dotnet "$ROOT/src/TokenGate.Simulator/bin/Release/net10.0/TokenGate.Simulator.dll" --urls "http://127.0.0.1:$SIM_PORT" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SIM_PORT/_sim/stats" 60

(cd "$ROOT/src/TokenGate.Standalone/bin/Release/net10.0" && exec env ASPNETCORE_URLS="http://127.0.0.1:$TG_PORT" Logging__LogLevel__Default=Warning \
  TokenGate__Upstream__Endpoint="http://127.0.0.1:$SIM_PORT/" TokenGate__Upstream__ApiKey=sim \
  TokenGate__Plans__bench__RequestsPerMinute=1000 TokenGate__Plans__bench__TokensPerMinute=1000000 \
  TokenGate__Plans__bench__MaxConcurrentRequests=10 TokenGate__Plans__bench__MonthlyTokenBudget=1000000 \
  TokenGate__Gateway__DefaultPlan=bench TokenGate__Standalone__DemoPlan=bench \
  TokenGate__Identity__FrontDoorPrincipalId=bench-front-door \
  dotnet TokenGate.Standalone.dll >"$WORK/tg.log" 2>&1) &
TG_PID=$!
PIDS+=($TG_PID)
wait_http "http://127.0.0.1:$TG_PORT/healthz" 60

heap() { # live GC heap bytes after a full GC
  .tools/dotnet-gcdump collect -p "$TG_PID" -o "$WORK/$1.gcdump" >/dev/null 2>&1
  .tools/dotnet-gcdump report "$WORK/$1.gcdump" 2>/dev/null | awk '/GC Heap bytes/ {gsub(",","",$1); print $1; exit}'
}
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$TG_PID/status"; }

log "warm-up: $WARM_USERS users"
timeout 300 node users.mjs "http://127.0.0.1:$TG_PORT" "$WARM_USERS" bench-front-door warm >/dev/null
HEAP_BEFORE=$(heap before); RSS_BEFORE=$(rss)
log "driving $USERS distinct users"
DRIVE=$(timeout 900 node users.mjs "http://127.0.0.1:$TG_PORT" "$USERS" bench-front-door user)
HEAP_AFTER=$(heap after); RSS_AFTER=$(rss)
echo "{\"users\":$USERS,\"heapBefore\":$HEAP_BEFORE,\"heapAfter\":$HEAP_AFTER,\"rssBefore\":$RSS_BEFORE,\"rssAfter\":$RSS_AFTER,\"drive\":$DRIVE}" | tee "$OUT/memory.json"
node -e '
const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const mib = (b) => (b / 1048576).toFixed(1);
console.log(`${m.users} distinct users (${m.drive.requests} requests, ${m.drive.non2xx} non-2xx, ${m.drive.seconds} s):`);
console.log(`live GC heap ${mib(m.heapBefore)} MiB -> ${mib(m.heapAfter)} MiB = ${((m.heapAfter - m.heapBefore) / m.users).toFixed(0)} bytes per user;`);
console.log(`working set ${mib(m.rssBefore)} MiB -> ${mib(m.rssAfter)} MiB = ${((m.rssAfter - m.rssBefore) / m.users).toFixed(0)} bytes per user.`);
' "$OUT/memory.json" | tee "$OUT/memory.md"
