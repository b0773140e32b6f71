-- wrk script (overhead.sh, run.sh): one POST, from the environment.
--   BENCH_PATH, BENCH_BODY (JSON), BENCH_KEY (api-key header; empty: none), BENCH_HEADERS ("name: value|name: value").
--   BENCH_INTERVAL_MS > 0: each connection waits an exponentially distributed time of that mean before each request
--   (paced, open-ish load: C connections give about C * 1000 / interval requests/s, arrivals close to Poisson, no bursts).
-- Prints one "JSON {...}" line at the end; latencies in ms (wrk measures from sending the request to the end of the response).
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY") or ""
if key ~= "" then wrk.headers["api-key"] = key end
for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^:|]+):%s*([^|]+)") do
  wrk.headers[name] = value
end

local interval = tonumber(os.getenv("BENCH_INTERVAL_MS") or "0")
if interval > 0 then
  function delay()
    return -interval * math.log(1 - math.random())
  end
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("JSON {\"requests\":%d,\"achieved\":%.1f,\"non2xx\":%d,\"errors\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"mean\":%.3f}\n",
    summary.requests, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
