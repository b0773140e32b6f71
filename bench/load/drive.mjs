// Drives one target at a fixed overall rate with autocannon and prints one JSON line of results.
// Usage: node drive.mjs <name> <baseUrl> <kind> <mix|chat|stream|embed> <rate> <seconds> [connections]
//   kind: azure (api-key, /openai/deployments/...) | portkey (x-portkey-* headers, /v1/...)
import autocannon from 'autocannon';

const [name, base, kind, mix, rateArg, secondsArg, connArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const key = process.env.BENCH_KEY ?? 'sim';
const sim = process.env.BENCH_SIM_URL ?? '';
const apiVersion = '2024-10-21';

const bodies = {
  chat: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }], max_tokens: 16 },
  stream: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }], max_tokens: 16, stream: true, stream_options: { include_usage: true } },
  embed: { model: 'text-embedding-3-small', input: 'The quick brown fox jumps over the lazy dog.' },
};

function request(type) {
  const body = JSON.stringify(bodies[type]);
  if (kind === 'portkey') {
    return {
      method: 'POST',
      path: type === 'embed' ? '/v1/embeddings' : '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${sim}/openai/v1`,
        authorization: `Bearer ${key}`,
      },
      body,
    };
  }
  const deployment = type === 'embed' ? 'text-embedding-3-small' : 'gpt-4o-mini';
  const op = type === 'embed' ? 'embeddings' : 'chat/completions';
  return {
    method: 'POST',
    path: `/openai/deployments/${deployment}/${op}?api-version=${apiVersion}`,
    headers: { 'content-type': 'application/json', 'api-key': key },
    body,
  };
}

const types = mix === 'mix' ? ['chat', 'stream', 'embed'] : [mix];
// autocannon's own histogram has 1 ms resolution: keep every 2xx latency (float ms) ourselves.
const samples = [];
const result = await new Promise((resolve, reject) => {
  const instance = autocannon({
  url: base,
  connections: Number(connArg ?? 64),
  pipelining: 1,
  duration: seconds,
  overallRate: rate > 0 ? rate : undefined,
  requests: types.map(request),
  timeout: 10,
  }, (err, res) => (err ? reject(err) : resolve(res)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
  });
});
samples.sort((a, b) => a - b);
const pct = (p) => (samples.length ? +samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(3) : null);

const non2xx = result.non2xx ?? 0;
console.log(JSON.stringify({
  name, mix, rate, seconds,
  requests: result.requests.total,
  achieved: +(result.requests.total / (result.duration || seconds)).toFixed(1),
  p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1), mean: samples.length ? +(samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(3) : null,
  non2xx, errors: result.errors, timeouts: result.timeouts,
}));
