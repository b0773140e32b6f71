-- wrk script: one POST body and headers from the environment (used by overhead.sh).
--   BENCH_PATH, BENCH_KEY, BENCH_BODY (JSON). Prints nothing; wrk --latency gives the percentiles.
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["api-key"] = os.getenv("BENCH_KEY")

done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\":%d,\"non2xx\":%d,\"errors\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"mean\":%.3f}\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
