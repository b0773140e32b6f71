// Turns the JSON lines of one run.sh run into the markdown tables of docs/benchmarks.md.
// Usage: node summarize.mjs <resultsDir> <p99BoundMs>
import fs from 'node:fs';
import path from 'node:path';

const [dir, boundArg] = process.argv.slice(2);
const bound = Number(boundArg);
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const f = (v, d = 2) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(d));
const out = [];
const targets = ['direct', 'nginx', 'tokengate', 'portkey'];

const mix = read('mix.jsonl');
const rates = [...new Set(mix.map((r) => r.rate))];
out.push('### Mixed load (chat, streaming chat, embeddings in rotation), latency in ms', '');
out.push('| rate (req/s) | target | achieved req/s | p50 | p99 | added p50 | added p99 | non-2xx |', '|---|---|---|---|---|---|---|---|');
for (const rate of rates) {
  const direct = mix.find((r) => r.rate === rate && r.name === 'direct');
  for (const t of targets) {
    const r = mix.find((x) => x.rate === rate && x.name === t);
    if (!r) continue;
    const addP50 = t === 'direct' ? '—' : f(r.p50 - direct.p50);
    const addP99 = t === 'direct' ? '—' : f(r.p99 - direct.p99);
    out.push(`| ${rate} | ${t} | ${r.achieved} | ${f(r.p50)} | ${f(r.p99)} | ${addP50} | ${addP99} | ${r.non2xx + r.errors + r.timeouts} |`);
  }
}

out.push('', `### Highest tested rate sustained with p99 ≤ ${bound} ms (≥ 95 % of the rate achieved, no errors)`, '');
out.push('| target | highest rate | unthrottled ceiling (req/s, 64 connections) |', '|---|---|---|');
const max = read('max.jsonl');
for (const t of targets) {
  const ok = mix.filter((r) => r.name === t && r.p99 !== null && r.p99 <= bound && r.achieved >= 0.95 * r.rate && r.non2xx + r.errors + r.timeouts === 0).map((r) => r.rate);
  const m = max.find((r) => r.name === t);
  out.push(`| ${t} | ${ok.length ? Math.max(...ok) : 'none'} | ${m ? m.achieved : 'n/a'} |`);
}

const chat = read('chat500.jsonl');
if (chat.length) {
  const d = chat.find((r) => r.name === 'direct');
  const added = (t, k) => { const r = chat.find((x) => x.name === t); return r && d ? r[k] - d[k] : null; };
  out.push('', '### Non-streaming chat at 500 req/s (the issue-7 target), ms', '');
  out.push('| target | p50 | p99 | added p50 | added p99 |', '|---|---|---|---|---|');
  for (const t of targets) {
    const r = chat.find((x) => x.name === t);
    if (r) out.push(`| ${t} | ${f(r.p50)} | ${f(r.p99)} | ${t === 'direct' ? '—' : f(added(t, 'p50'))} | ${t === 'direct' ? '—' : f(added(t, 'p99'))} |`);
  }
  const tg50 = added('tokengate', 'p50'); const ng50 = added('nginx', 'p50'); const pk50 = added('portkey', 'p50');
  out.push('', `TokenGate added p50 / nginx added p50 = ${ng50 > 0 ? f(tg50 / ng50) : 'n/a (nginx adds ≤ 0)'}; TokenGate added p50 / Portkey added p50 = ${pk50 > 0 ? f(tg50 / pk50) : 'n/a'}.`);
  const tg99 = added('tokengate', 'p99'); const ng99 = added('nginx', 'p99'); const pk99 = added('portkey', 'p99');
  out.push(`TokenGate added p99 / nginx added p99 = ${ng99 > 0 ? f(tg99 / ng99) : 'n/a'}; TokenGate added p99 / Portkey added p99 = ${pk99 > 0 ? f(tg99 / pk99) : 'n/a'}.`);
}

const wrkTable = (file, title) => {
  const rows = read(file);
  if (!rows.length) return;
  const d = rows.find((r) => r.name === 'direct');
  const added = (r, k) => (d ? r[k] - d[k] : null);
  out.push('', title, '');
  out.push('| target | achieved req/s | p50 | p90 | p99 | added p50 | added p99 | non-2xx / errors | load avg |', '|---|---|---|---|---|---|---|---|---|');
  for (const t of targets) {
    const r = rows.find((x) => x.name === t);
    if (r) out.push(`| ${t} | ${r.achieved} | ${f(r.p50, 3)} | ${f(r.p90, 3)} | ${f(r.p99, 3)} | ${t === 'direct' ? '—' : f(added(r, 'p50'), 3)} | ${t === 'direct' ? '—' : f(added(r, 'p99'), 3)} | ${r.non2xx} / ${r.errors} | ${r.load} |`);
  }
  const tg = rows.find((x) => x.name === 'tokengate'); const ng = rows.find((x) => x.name === 'nginx'); const pk = rows.find((x) => x.name === 'portkey');
  if (tg && ng && d) {
    const ratio = (a, b) => (b > 0 ? f(a / b) : 'n/a');
    out.push('', `TokenGate added p50 / nginx added p50 = ${ratio(added(tg, 'p50'), added(ng, 'p50'))}${pk ? `; / Portkey added p50 = ${ratio(added(tg, 'p50'), added(pk, 'p50'))}` : ''}.`);
  }
};
wrkTable('paced.jsonl', '### Non-streaming chat, paced (wrk: 16 connections, exponential gaps, ≈ 500 req/s), ms');
wrkTable('seq.jsonl', '### Non-streaming chat, sequential (wrk: one connection, one request at a time), ms');

const ttft = read('ttft.jsonl');
if (ttft.length) {
  const d = ttft.find((r) => r.name === 'direct');
  out.push('', '### Time to first token, streaming chat (300 requests at 50/s), ms', '');
  out.push('| target | ok | TTFT p50 | TTFT p99 | added p50 | added p99 |', '|---|---|---|---|---|---|');
  for (const t of targets) {
    const r = ttft.find((x) => x.name === t);
    if (r) out.push(`| ${t} | ${r.ok}/${r.count} | ${f(r.ttftP50)} | ${f(r.ttftP99)} | ${t === 'direct' ? '—' : f(r.ttftP50 - d.ttftP50)} | ${t === 'direct' ? '—' : f(r.ttftP99 - d.ttftP99)} |`);
  }
}

const memFile = path.join(dir, 'memory.json');
if (fs.existsSync(memFile)) {
  const m = JSON.parse(fs.readFileSync(memFile, 'utf8'));
  const mib = (b) => f(b / 1048576, 1);
  out.push('', '### Memory per active user', '');
  out.push(`${m.users} distinct users driven through TokenGate (${m.drive.requests} requests, ${m.drive.non2xx} non-2xx, ${m.drive.seconds} s):`);
  if (m.heapBefore !== undefined) out.push(`live GC heap ${mib(m.heapBefore)} MiB → ${mib(m.heapAfter)} MiB = ${f((m.heapAfter - m.heapBefore) / m.users, 0)} bytes per user;`);
  const rb = m.rssBefore ?? m.rssBeforeKiB * 1024; const ra = m.rssAfter ?? m.rssAfterKiB * 1024;
  out.push(`working set ${mib(rb)} MiB → ${mib(ra)} MiB = ${f((ra - rb) / m.users, 0)} bytes per user (whole process: an upper bound).`);
}
console.log(out.join('\n'));
