// Preloaded into the Portkey gateway (node --import): on Node, fetch() responses have immutable
// headers and Portkey 1.15.2 appends its x-portkey-* headers to pass-through responses (embeddings,
// streams), failing with "TypeError: immutable" (Portkey-AI/gateway#1389, #1550). Re-wrapping the
// response makes its headers mutable; the body stream is handed over, not copied.
const originalFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await originalFetch(...args);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
