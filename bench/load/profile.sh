#!/usr/bin/env bash
# Thread-time profile (sampled .NET stacks, ~100 Hz) of TokenGate Standalone (Release) under non-streaming chat at RATE req/s: dotnet-trace
# for 15 s in the middle of a 25 s autocannon run, then the top methods (exclusive and
# inclusive). Loopback only; stops by itself; kills what it started. Installs dotnet-trace into .tools.
#   bench/load/profile.sh            # RATE=500
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
RATE=${RATE:-500}
SIM_PORT=${SIM_PORT:-18380}; TG_PORT=${TG_PORT:-18381}
OUT=${OUT:-$(pwd)/results/profile-$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/tokengate-prof.XXXXXX)
mkdir -p "$OUT"
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
wait_http() { for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done; echo "timed out waiting for $1" >&2; return 1; }

[ -x .tools/dotnet-trace ] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path .tools >/dev/null
[ -d node_modules/autocannon ] || npm install --no-audit --no-fund >/dev/null
dotnet build "$ROOT/src/TokenGate.Simulator" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/src/TokenGate.Standalone" -c Release -nologo -v q >/dev/null

Logging__LogLevel__Default=Warning Simulator__DefaultCompletionTokens=16 \
  dotnet "$ROOT/src/TokenGate.Simulator/bin/Release/net10.0/TokenGate.Simulator.dll" --urls "http://127.0.0.1:$SIM_PORT" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SIM_PORT/_sim/stats" 60
(cd "$ROOT/src/TokenGate.Standalone/bin/Release/net10.0" && exec env ASPNETCORE_URLS="http://127.0.0.1:$TG_PORT" Logging__LogLevel__Default=Warning \
  TokenGate__Upstream__Endpoint="http://127.0.0.1:$SIM_PORT/" TokenGate__Upstream__ApiKey=sim \
  TokenGate__Plans__bench__RequestsPerMinute=100000000 TokenGate__Plans__bench__TokensPerMinute=100000000000 \
  TokenGate__Plans__bench__MaxConcurrentRequests=100000 TokenGate__Standalone__DemoPlan=bench \
  dotnet TokenGate.Standalone.dll >"$WORK/tg.log" 2>&1) &
TG_PID=$!
PIDS+=($TG_PID)
wait_http "http://127.0.0.1:$TG_PORT/healthz" 60
sleep 1
KEY=$(grep -oE 'tg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}' "$WORK/tg.log" | head -1)

BENCH_KEY="$KEY" node drive.mjs tokengate "http://127.0.0.1:$TG_PORT" azure chat 200 5 >/dev/null
BENCH_KEY="$KEY" timeout 60 node drive.mjs tokengate "http://127.0.0.1:$TG_PORT" azure chat "$RATE" 25 >"$OUT/drive.json" &
DRIVE=$!
sleep 5
timeout 60 .tools/dotnet-trace collect -p "$TG_PID" --profile dotnet-sampled-thread-time,dotnet-common --duration 00:00:00:15 -o "$OUT/tokengate.nettrace" >"$OUT/collect.log" 2>&1 || true
wait "$DRIVE" || true
cat "$OUT/drive.json"
{ echo "## exclusive"; .tools/dotnet-trace report "$OUT/tokengate.nettrace" topN -n 25 2>&1
  echo "## inclusive"; .tools/dotnet-trace report "$OUT/tokengate.nettrace" topN -n 40 --inclusive 2>&1; } | tee "$OUT/top.txt"
