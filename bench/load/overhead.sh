#!/usr/bin/env bash
# Per-request cost of one proxy hop, robust to a busy machine: for the simulator directly, nginx
# (plain proxy_pass) and TokenGate Standalone, all in front of the same simulator process:
#  1. sequential latency: one keep-alive connection, one request at a time (wrk -c1 -t1: no queueing),
#     non-streaming chat, p50/p90/p99;
#  2. CPU time per request of each process (utime+stime from /proc/<pid>/stat, summed over nginx's
#     workers) over that sequential run and over an open-loop run at RATE req/s (autocannon, drive.mjs).
# CPU per request does not depend on how busy the machine is nearly as much as latency does.
#   bench/load/overhead.sh                    # SECONDS_SEQ=10, RATE=500, SECONDS_RATE=10
#   TG_ENV="DOTNET_gcServer=0" bench/load/overhead.sh   # extra environment for TokenGate
#   TARGETS=tokengate MODES=seq ROUNDS=3 ...             # one target, sequential only, three rounds
#   MODES="paced seq" ROUNDS=3 ...                       # paced: wrk, PACED_CONNECTIONS (16) with exponential gaps ≈ RATE req/s
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
SECONDS_SEQ=${SECONDS_SEQ:-10}
SECONDS_RATE=${SECONDS_RATE:-10}
RATE=${RATE:-500}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"direct nginx tokengate"}
SIM_PORT=${SIM_PORT:-18480}; TG_PORT=${TG_PORT:-18481}; NGX_PORT=${NGX_PORT:-18482}
OUT=${OUT:-$HERE/results/overhead-$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/tokengate-ovh.XXXXXX)
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
wait_http() { for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done; log "timed out waiting for $1"; return 1; }

command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get install -y wrk nginx >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null; }; }
[ -d node_modules/autocannon ] || npm install --no-audit --no-fund >/dev/null
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$ROOT/src/TokenGate.Simulator" -c Release -nologo -v q >/dev/null
  dotnet build "$ROOT/src/TokenGate.Standalone" -c Release -nologo -v q >/dev/null
fi

Simulator__LatencyMs=0 Simulator__TimeToFirstTokenMs=0 Simulator__TokensPerSecond=0 Simulator__DefaultCompletionTokens=16 \
  Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/src/TokenGate.Simulator/bin/Release/net10.0/TokenGate.Simulator.dll" --urls "http://127.0.0.1:$SIM_PORT" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!; PIDS+=($SIM_PID)
wait_http "http://127.0.0.1:$SIM_PORT/_sim/stats" 60

# shellcheck disable=SC2086
(cd "$ROOT/src/TokenGate.Standalone/bin/Release/net10.0" && exec env ASPNETCORE_URLS="http://127.0.0.1:$TG_PORT" \
  Logging__LogLevel__Default=Warning \
  TokenGate__Upstream__Endpoint="http://127.0.0.1:$SIM_PORT/" TokenGate__Upstream__ApiKey=sim \
  TokenGate__Plans__bench__RequestsPerMinute=100000000 TokenGate__Plans__bench__TokensPerMinute=100000000000 \
  TokenGate__Plans__bench__MaxConcurrentRequests=100000 TokenGate__Plans__bench__MaxOutputTokens=4096 \
  AbuseDetection__BlockOnHighConfidence=false \
  TokenGate__Standalone__DemoPlan=bench TokenGate__Gateway__DefaultPlan=bench ${TG_ENV:-} \
  dotnet TokenGate.Standalone.dll >"$WORK/tg.log" 2>&1) &
TG_PID=$!; PIDS+=($TG_PID)
wait_http "http://127.0.0.1:$TG_PORT/healthz" 60
for _ in $(seq 1 50); do
  TG_KEY=$(grep -oE 'tg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}' "$WORK/tg.log" | head -1 || true)
  [ -n "$TG_KEY" ] && break; sleep 0.1
done
[ -n "$TG_KEY" ] || { log "no demo key printed"; cat "$WORK/tg.log" >&2; exit 1; }

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<NGX
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  upstream sim { server 127.0.0.1:$SIM_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGX_PORT;
    location / { proxy_pass http://sim; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
NGX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx.log" 2>&1 &
NGX_PID=$!; PIDS+=($NGX_PID)
wait_http "http://127.0.0.1:$NGX_PORT/_sim/stats" 30

declare -A URL=([direct]="http://127.0.0.1:$SIM_PORT" [tokengate]="http://127.0.0.1:$TG_PORT" [nginx]="http://127.0.0.1:$NGX_PORT")
declare -A KEY=([direct]=sim [tokengate]="$TG_KEY" [nginx]=sim)
export BENCH_PATH="/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"
export BENCH_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}'

ticks() { # pid... → utime+stime clock ticks summed over the processes and their children
  local total=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
HZ=$(getconf CLK_TCK)
us_per() { awk -v t="$1" -v n="$2" -v hz="$HZ" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }'; }

measure() { # target mode → one JSON line
  local t=$1 mode=$2 sim0 tg0 ngx0 line req
  sim0=$(ticks "$SIM_PID"); tg0=$(ticks "$TG_PID"); ngx0=$(ticks "$NGX_PID")
  local counters="" csv="$WORK/counters-$t-$mode.csv"
  if [ "$t" = tokengate ] && [ -x .tools/dotnet-counters ]; then
    rm -f "$csv"
    .tools/dotnet-counters collect -p "$TG_PID" --counters System.Runtime --refresh-interval 1 --format csv -o "$csv" >/dev/null 2>&1 &
    counters=$!
    # Attaching can take a few seconds (longer right after a previous session): start the load once it writes.
    for _ in $(seq 1 100); do [ -s "$csv" ] && break; sleep 0.1; done
    sleep 1
    sim0=$(ticks "$SIM_PID"); tg0=$(ticks "$TG_PID"); ngx0=$(ticks "$NGX_PID")
  fi
  if [ "$mode" = paced ]; then
    line=$(BENCH_KEY="${KEY[$t]}" BENCH_INTERVAL_MS=$(( ${PACED_CONNECTIONS:-16} * 1000 / RATE )) wrk -t1 -c"${PACED_CONNECTIONS:-16}" -d"${SECONDS_RATE}s" --timeout 10s -s post.lua "${URL[$t]}" | grep '^JSON ' | cut -c6-)
    req=$(echo "$line" | sed -E 's/.*"requests":([0-9]+).*/\1/')
  elif [ "$mode" = seq ]; then
    line=$(BENCH_KEY="${KEY[$t]}" wrk -t1 -c1 -d"${SECONDS_SEQ}s" --latency -s post.lua "${URL[$t]}" | grep '^JSON ' | cut -c6-)
    req=$(echo "$line" | sed -E 's/.*"requests":([0-9]+).*/\1/')
  else
    line=$(BENCH_KEY="${KEY[$t]}" BENCH_SIM_URL="http://127.0.0.1:$SIM_PORT" timeout $(( SECONDS_RATE + 30 )) node drive.mjs "$t" "${URL[$t]}" azure chat "$RATE" "$SECONDS_RATE" "${CONNECTIONS:-64}")
    req=$(echo "$line" | sed -E 's/.*"requests":([0-9]+).*/\1/')
  fi
  local dsim=$(( $(ticks "$SIM_PID") - sim0 )) dtg=$(( $(ticks "$TG_PID") - tg0 )) dngx=$(( $(ticks "$NGX_PID") - ngx0 ))
  local runtime=""
  if [ -n "$counters" ]; then
    sleep 1.5; kill "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true
  fi
  if [ -n "$counters" ] && [ -s "$csv" ]; then
    # Rates per 1 s interval, summed over the run: totals, then per request.
    runtime=$(awk -F, -v n="$req" '$4 == "Rate" { s[$3] += $5 }
      END {
        for (k in s) {
          if (k ~ /total_allocated/) a = s[k]; else if (k ~ /work_item.count/) w = s[k]; else if (k ~ /lock_contentions/) l = s[k];
          else if (k ~ /generation=gen0/) g0 = s[k]; else if (k ~ /generation=gen1/) g1 = s[k]; else if (k ~ /generation=gen2/) g2 = s[k];
          else if (k ~ /exceptions/) e += s[k];
        }
        printf ",\"tokengateRuntime\":{\"allocBytesPerReq\":%.0f,\"workItemsPerReq\":%.2f,\"lockContentionsPer1k\":%.2f,\"gcPer1k\":{\"gen0\":%.2f,\"gen1\":%.2f,\"gen2\":%.2f},\"exceptions\":%d}",
          a / n, w / n, l * 1000 / n, g0 * 1000 / n, g1 * 1000 / n, g2 * 1000 / n, e }' "$csv")
  fi
  echo "{\"target\":\"$t\",\"mode\":\"$mode\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"cpuUsPerReq\":{\"simulator\":$(us_per $dsim "$req"),\"nginx\":$(us_per $dngx "$req"),\"tokengate\":$(us_per $dtg "$req")}$runtime,\"latency\":{${line#\{}}"
}

log "warm-up (wrk -c1 5 s and autocannon 5 s at $RATE/s per target)"
for t in $TARGETS; do
  BENCH_KEY="${KEY[$t]}" wrk -t1 -c1 -d5s -s post.lua "${URL[$t]}" >/dev/null
  BENCH_KEY="${KEY[$t]}" timeout 40 node drive.mjs "$t" "${URL[$t]}" azure chat "$RATE" 5 >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for mode in ${MODES:-seq rate}; do
    for t in $TARGETS; do
      log "round $round: $t $mode (${SECONDS_SEQ}s sequential / ${SECONDS_RATE}s at $RATE/s)"
      measure "$t" "$mode" | tee -a "$OUT/overhead.jsonl"
    done
  done
done
[ -n "${KEEP_RUNNING:-}" ] && { log "TokenGate pid $TG_PID on $TG_PORT, key in $OUT/key; sleeping $KEEP_RUNNING s"; echo "$TG_KEY" >"$OUT/key"; echo "$TG_PID" >"$OUT/pid"; sleep "$KEEP_RUNNING" & wait $!; }
log "results in $OUT/overhead.jsonl"
