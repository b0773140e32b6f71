#!/usr/bin/env bash
# Overhead comparison on this machine: the simulator directly, TokenGate Standalone, nginx (plain
# proxy_pass) and the Portkey gateway, all in front of the same simulator process, at fixed rates.
# Prerequisites: .NET 10 SDK, Node.js >= 18 with npm, apt-get (for wrk/nginx if missing), Linux /proc.
# Everything listens on 127.0.0.1 (Portkey's CLI binds all interfaces; see docs/benchmarks.md), is
# bounded in time, and is killed on exit.
#   bench/load/run.sh                      # full run (~9 min)
#   DURATION=10 RATES="100 500" bench/load/run.sh   # shorter
#   SKIP_MAX=1 SKIP_MEMORY=1 ...                     # without the ceiling runs / the 100k-user memory run
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
RATES=${RATES:-"100 500 1000"}
BOUND_MS=${BOUND_MS:-25}
USERS=${USERS:-100000}
SIM_PORT=${SIM_PORT:-18080}; TG_PORT=${TG_PORT:-18081}; NGX_PORT=${NGX_PORT:-18082}; PK_PORT=${PK_PORT:-18083}
OUT=${OUT:-$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/tokengate-bench.XXXXXX)
mkdir -p "$OUT"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

wait_http() { # url seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    if curl -s -o /dev/null --max-time 1 "$1"; then return 0; fi
    sleep 0.1
  done
  log "timed out waiting for $1"; return 1
}

# --- prerequisites -------------------------------------------------------------------------
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  log "installing wrk and nginx"
  apt-get install -y wrk nginx >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -d node_modules/autocannon ] || [ ! -d node_modules/@portkey-ai/gateway ]; then
  log "npm install (autocannon, @portkey-ai/gateway) into bench/load/node_modules"
  npm install --no-audit --no-fund >/dev/null
fi

log "building Release"
dotnet build "$ROOT/src/TokenGate.Simulator" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/src/TokenGate.Standalone" -c Release -nologo -v q >/dev/null
SIM_DLL=$ROOT/src/TokenGate.Simulator/bin/Release/net10.0/TokenGate.Simulator.dll
TG_DIR=$ROOT/src/TokenGate.Standalone/bin/Release/net10.0

for port in $SIM_PORT $TG_PORT $NGX_PORT $PK_PORT; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then log "port $port is already in use"; exit 1; fi
done

# --- processes -----------------------------------------------------------------------------
log "starting simulator on $SIM_PORT (zero latency)"
Simulator__LatencyMs=0 Simulator__TimeToFirstTokenMs=0 Simulator__TokensPerSecond=0 Simulator__DefaultCompletionTokens=16 \
  Logging__LogLevel__Default=Warning \
  dotnet "$SIM_DLL" --urls "http://127.0.0.1:$SIM_PORT" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SIM_PORT/_sim/stats" 60

start_tokengate() { # extra env assignments...
  log "starting TokenGate Standalone on $TG_PORT"
  # exec: the subshell becomes the dotnet process, so its PID is the one to kill and to measure.
  (cd "$TG_DIR" && exec env ASPNETCORE_URLS="http://127.0.0.1:$TG_PORT" \
    Logging__LogLevel__Default=Warning \
    TokenGate__Upstream__Endpoint="http://127.0.0.1:$SIM_PORT/" TokenGate__Upstream__ApiKey=sim \
    TokenGate__Plans__bench__RequestsPerMinute=100000000 TokenGate__Plans__bench__TokensPerMinute=100000000000 \
    TokenGate__Plans__bench__MaxConcurrentRequests=100000 TokenGate__Plans__bench__MaxOutputTokens=4096 \
    AbuseDetection__BlockOnHighConfidence=false \
    TokenGate__Standalone__DemoPlan=bench TokenGate__Gateway__DefaultPlan=bench "$@" \
    dotnet TokenGate.Standalone.dll >"$WORK/tg.log" 2>&1) &
  TG_PID=$!
  PIDS+=($TG_PID)
  wait_http "http://127.0.0.1:$TG_PORT/healthz" 60
  for _ in $(seq 1 50); do
    TG_KEY=$(grep -oE 'tg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}' "$WORK/tg.log" | head -1 || true)
    [ -n "$TG_KEY" ] && break; sleep 0.1
  done
  [ -n "$TG_KEY" ] || { log "no demo key printed"; cat "$WORK/tg.log" >&2; exit 1; }
}
start_tokengate

log "starting nginx on $NGX_PORT"
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
    location / {
      proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
NGX
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NGX_PORT/_sim/stats" 30

log "starting Portkey gateway on $PK_PORT"
NODE_ENV=production node --import ./portkey-shim.mjs node_modules/@portkey-ai/gateway/build/start-server.js --port="$PK_PORT" --headless >"$WORK/portkey.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PK_PORT/" 60

export BENCH_SIM_URL="http://127.0.0.1:$SIM_PORT"
declare -A URL=([direct]="http://127.0.0.1:$SIM_PORT" [tokengate]="http://127.0.0.1:$TG_PORT" [nginx]="http://127.0.0.1:$NGX_PORT" [portkey]="http://127.0.0.1:$PK_PORT")
declare -A KIND=([direct]=azure [tokengate]=azure [nginx]=azure [portkey]=portkey)
declare -A KEY=([direct]=sim [tokengate]="$TG_KEY" [nginx]=sim [portkey]=sim)
TARGETS=(direct nginx tokengate portkey)

drive() { # target mix rate seconds [connections]
  BENCH_KEY="${KEY[$1]}" timeout $(( $4 + 30 )) node drive.mjs "$1" "${URL[$1]}" "${KIND[$1]}" "$2" "$3" "$4" "${5:-64}"
}

# wrk (C, one thread): far lighter than Node's autocannon, and unlike autocannon's overallRate (a per-connection budget
# per second, spent in a burst at the start of each second) it paces requests: see post.lua and docs/benchmarks.md.
CHAT_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}'
wrk_chat() { # target connections seconds intervalMs → one JSON line
  local path="/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21" key="${KEY[$1]}" headers=""
  if [ "${KIND[$1]}" = portkey ]; then
    path="/v1/chat/completions"; key=""
    headers="x-portkey-provider: openai|x-portkey-custom-host: $BENCH_SIM_URL/openai/v1|authorization: Bearer sim"
  fi
  local line
  line=$(BENCH_PATH="$path" BENCH_BODY="$CHAT_BODY" BENCH_KEY="$key" BENCH_HEADERS="$headers" BENCH_INTERVAL_MS="$4" \
    timeout $(( $3 + 30 )) wrk -t1 -c"$2" -d"$3s" --timeout 10s -s post.lua "${URL[$1]}" | grep '^JSON ' | cut -c6-)
  echo "{\"name\":\"$1\",\"connections\":$2,\"intervalMs\":$4,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",${line#\{}"
}

# Sanity: every target answers all three request types with 200.
for t in "${TARGETS[@]}"; do
  line=$(drive "$t" mix 30 2 8)
  echo "$line" | grep -q '"non2xx":0' || { log "$t failed the sanity run: $line"; cat "$WORK"/*.log >&2; exit 1; }
done

log "warm-up ${WARMUP}s each"
for t in "${TARGETS[@]}"; do drive "$t" mix 200 "$WARMUP" >/dev/null; done

for rate in $RATES; do
  for t in "${TARGETS[@]}"; do
    log "mix $t @ $rate/s for ${DURATION}s"
    drive "$t" mix "$rate" "$DURATION" | tee -a "$OUT/mix.jsonl" >&2
  done
done

for t in "${TARGETS[@]}"; do
  log "non-streaming chat $t @ 500/s for ${DURATION}s"
  drive "$t" chat 500 "$DURATION" | tee -a "$OUT/chat500.jsonl" >&2
done

PACED_RATE=${PACED_RATE:-500}; PACED_CONNECTIONS=${PACED_CONNECTIONS:-16}
for t in "${TARGETS[@]}"; do
  log "paced non-streaming chat $t @ ${PACED_RATE}/s for ${DURATION}s (wrk, $PACED_CONNECTIONS connections, exponential gaps)"
  wrk_chat "$t" "$PACED_CONNECTIONS" "$DURATION" $(( PACED_CONNECTIONS * 1000 / PACED_RATE )) | tee -a "$OUT/paced.jsonl" >&2
done

SEQ_SECONDS=${SEQ_SECONDS:-10}
for t in "${TARGETS[@]}"; do
  log "sequential non-streaming chat $t for ${SEQ_SECONDS}s (wrk, one connection, no queueing)"
  wrk_chat "$t" 1 "$SEQ_SECONDS" 0 | tee -a "$OUT/seq.jsonl" >&2
done

if [ "${SKIP_MAX:-0}" != 1 ]; then
  for t in "${TARGETS[@]}"; do
    log "unthrottled mix $t for 10s (throughput ceiling)"
    drive "$t" mix 0 10 64 | tee -a "$OUT/max.jsonl" >&2
  done
fi

for t in "${TARGETS[@]}"; do
  log "time to first token $t"
  BENCH_KEY="${KEY[$t]}" timeout 60 node ttft.mjs "$t" "${URL[$t]}" "${KIND[$t]}" 300 50 | tee -a "$OUT/ttft.jsonl" >&2
done

# --- memory per active user (own processes and ports, see memory.sh) -------------------------
if [ "${SKIP_MEMORY:-0}" != 1 ]; then
  log "memory: $USERS distinct users (memory.sh)"
  kill "$TG_PID" 2>/dev/null || true
  OUT="$OUT" USERS="$USERS" ./memory.sh >&2
fi

node summarize.mjs "$OUT" "$BOUND_MS" | tee "$OUT/summary.md"
log "results in $OUT"
