// Time to first token for streaming chat: sends N requests at a fixed pace over keep-alive and
// measures request start → first SSE "data:" chunk carrying a content delta. Prints one JSON line.
// Usage: node ttft.mjs <name> <baseUrl> <azure|portkey> <count> <perSecond>
import http from 'node:http';

const [name, base, kind, countArg, rateArg] = process.argv.slice(2);
const count = Number(countArg);
const perSecond = Number(rateArg);
const key = process.env.BENCH_KEY ?? 'sim';
const sim = process.env.BENCH_SIM_URL ?? '';
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }], max_tokens: 16, stream: true, stream_options: { include_usage: true } });
const headers = kind === 'portkey'
  ? { 'content-type': 'application/json', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${sim}/openai/v1`, authorization: `Bearer ${key}` }
  : { 'content-type': 'application/json', 'api-key': key };
const path = kind === 'portkey' ? '/v1/chat/completions' : '/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21';

function one() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let first = null;
    let buffered = '';
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (first === null) {
          buffered += chunk;
          if (buffered.includes('"content"')) first = process.hrtime.bigint();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode, ttft: first === null ? null : Number(first - start) / 1e6, total: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ttft: null, total: null }));
    req.setTimeout(10000, () => req.destroy());
    req.end(body);
  });
}

const results = [];
const pending = [];
for (let i = 0; i < count; i++) {
  pending.push(one().then((r) => results.push(r)));
  await new Promise((r) => setTimeout(r, 1000 / perSecond));
}
await Promise.all(pending);
agent.destroy();
const ok = results.filter((r) => r.status === 200 && r.ttft !== null).map((r) => r.ttft).sort((a, b) => a - b);
const pct = (p) => (ok.length ? +ok[Math.min(ok.length - 1, Math.floor(p * ok.length))].toFixed(3) : null);
console.log(JSON.stringify({ name, count, ok: ok.length, ttftP50: pct(0.5), ttftP90: pct(0.9), ttftP99: pct(0.99) }));
