// Drives N distinct users through TokenGate via the trusted front-door identity headers, as fast as
// the host answers (bounded by N), and prints one JSON line.
// Usage: node users.mjs <baseUrl> <users> <principalId> [userPrefix]
import autocannon from 'autocannon';

const [base, usersArg, principal, prefixArg] = process.argv.slice(2);
const prefix = prefixArg ?? 'user';
const users = Number(usersArg);
let next = 0;
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 });
const result = await autocannon({
  url: base,
  connections: 32,
  amount: users,
  timeout: 10,
  requests: [{
    method: 'POST',
    path: '/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21',
    body,
    setupRequest: (req) => {
      const id = next++;
      req.headers = { ...req.headers, 'content-type': 'application/json', 'x-ms-client-principal-id': principal, 'x-tokengate-tenant': `tenant${id % 100}`, 'x-tokengate-user': `${prefix}${id}` };
      return req;
    },
  }],
});
console.log(JSON.stringify({ users, requests: result.requests.total, non2xx: result.non2xx ?? 0, errors: result.errors, seconds: result.duration }));
