#!/usr/bin/env node
// The demo's local server: serves the editor page (www/) and the built package (pkg/ at /pkg/),
// and answers POST /api/ai/prompt-assistant/stream either by replaying scenario streams (the mock,
// the default) or by proxying to a real instance (--upstream URL).
//
// The stream scenarios are the package's own test fixtures (tests/fixtures/streams/*.ndjson), so the
// demo and the tests show the same thing; the HTTP-behaviour scenarios (401, 429, 500, stall, drip)
// are made here. `startServer()` is exported so tests can run the server in-process on a free port.
//
// Usage: node www/server.mjs [--port N] [--host H] [--upstream URL] [--token T] [--fixtures DIR]
//   PORT, PROMPT_ASSIST_TOKEN and MOCK_SPEED (delay multiplier, 0 = no delays) are read from the env.

import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, createReadStream } from 'node:fs';
import { dirname, join, resolve, sep, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RECIPES, answerStream } from './mock.mjs';
import { DEFAULT_PROMPT, DEFAULT_VARIABLES } from './defaults.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');

export const ENDPOINT = '/api/ai/prompt-assistant/stream';
export const DEMO_TOKEN = 'demo-token';
export const MAX_BODY_BYTES = 1024 * 1024;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ndjson': 'application/x-ndjson',
};

// Every scenario the mock knows. `recipe` names a draft answer of www/mock.mjs: made from the
// request's currentPrompt, so that its reply says what its diff shows, whatever the editor held.
// `fixture` names a file in tests/fixtures/streams/ (the shared stream fixtures: chat, clarify and
// the failures), `local` one in www/scenarios/ (the XSS payloads and the stall). `keywords` are
// matched as whole words (case-insensitive) in the instruction when no x-mock-scenario header is
// sent; the first scenario in this order with a matching keyword wins; `chat` is the fallback.
export const SCENARIOS = [
  { id: 'xss', local: 'draft_xss', keywords: ['xss', 'inject'], title: 'Draft whose text tries to inject HTML/script' },
  { id: 'unknown-variable', recipe: 'unknownVariable', keywords: ['unknown', 'typo', 'misspell'], title: 'Draft with a misspelt variable (@frstName) and the rules moved to the top' },
  { id: 'malformed', recipe: 'malformed', keywords: ['malformed', 'broken'], title: 'Draft that is not well-formed XML (the goal loses its end tag)' },
  { id: 'setup', fixture: 'setup_required', keywords: ['setup', 'provider'], title: 'AI setup required' },
  { id: 'server-error', fixture: 'server_error', keywords: ['error', 'fail'], title: 'Server error event mid-stream' },
  { id: 'http-401', http: 401, keywords: ['401', 'unauthorized', 'logout'], title: 'HTTP 401 (token rejected)' },
  { id: 'http-429', http: 429, keywords: ['429', 'rate', 'busy'], title: 'HTTP 429 with Retry-After' },
  { id: 'http-500', http: 500, keywords: ['500', 'crash'], title: 'HTTP 500' },
  { id: 'truncated', fixture: 'truncated', keywords: ['truncated', 'truncate', 'cut'], title: 'Stream that ends without done' },
  { id: 'stall', local: 'stall', stall: true, keywords: ['stall', 'hang', 'freeze'], title: 'Stream that stalls (never finishes)' },
  { id: 'garbage', recipe: 'tone', garbage: true, keywords: ['garbage', 'junk'], title: 'The tone draft with garbage lines (non-JSON, invalid UTF-8, SSE leftovers) between its events' },
  { id: 'drip', recipe: 'tone', drip: true, keywords: ['drip', 'slow'], title: 'The tone draft, dripped one byte at a time' },
  { id: 'clarify', fixture: 'clarify', keywords: ['clarify', 'vague', 'unsure'], title: 'Assistant asks a clarifying question' },
  { id: 'move-rules', recipe: 'moveRules', keywords: ['move', 'reorder'], title: 'Draft that moves the rules section to the top' },
  { id: 'sharpen', recipe: 'sharpen', keywords: ['sharpen', 'tighten', 'concise', 'shorten', 'shorter', 'rewrite', 'improve'], title: 'Draft that changes two sections, the role and the goal' },
  { id: 'greet', recipe: 'greet', keywords: ['greet', 'greeting', 'welcome'], title: 'Draft that adds a greeting rule to the rules' },
  { id: 'remove-rules', recipe: 'removeRules', keywords: ['remove', 'delete', 'drop'], title: 'Draft that removes the rules section' },
  { id: 'draft', recipe: 'tone', keywords: ['tone', 'warm', 'friendly', 'draft', 'add'], title: 'Draft that adds a tone section after the goal' },
  { id: 'chat', fixture: 'chat', keywords: ['chat', 'explain', 'what', 'why', 'how'], title: 'Chat answer' },
];
export const DEFAULT_SCENARIO = 'chat';

/** Picks the scenario for a request: the header first, then keywords, then the default. */
export function pickScenario(headerValue, instruction) {
  if (headerValue) {
    const wanted = String(headerValue).trim().toLowerCase();
    return SCENARIOS.find((s) => s.id === wanted) ? wanted : null;
  }
  const words = new Set(String(instruction ?? '').toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const hit = SCENARIOS.find((s) => s.keywords.some((k) => words.has(k)));
  return hit ? hit.id : DEFAULT_SCENARIO;
}

function loadScenarios(fixturesDir, localDir, log) {
  const loaded = new Map();
  for (const s of SCENARIOS) {
    if (s.http) {
      loaded.set(s.id, { ...s });
      continue;
    }
    if (s.recipe) {
      // Made per request from its currentPrompt; shown with the page's first prompt and variables.
      loaded.set(s.id, { ...s, options: { currentPrompt: DEFAULT_PROMPT, variableContext: DEFAULT_VARIABLES } });
      continue;
    }
    const names = [].concat(s.fixture ?? s.local);
    const dir = s.fixture ? fixturesDir : localDir;
    const found = names.map((n) => join(dir, `${n}.ndjson`)).find((p) => existsSync(p));
    if (!found) {
      log(`scenario ${s.id}: ${names.map((n) => `${n}.ndjson`).join(' or ')} not found in ${dir}; skipped`);
      continue;
    }
    const base = found.slice(0, -'.ndjson'.length);
    let options;
    if (existsSync(`${base}.expected.json`)) {
      try {
        options = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')).options;
      } catch {
        options = undefined;
      }
    }
    loaded.set(s.id, { ...s, body: readFileSync(found), file: found, options });
  }
  return loaded;
}

/** Reads package.json's exports and returns the path (relative to pkg/) a browser would import. */
export function browserEntry(pkgDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) {
      for (const t of target) {
        const r = pick(t);
        if (r) return r;
      }
      return null;
    }
    if (target && typeof target === 'object') {
      for (const cond of ['browser', 'import', 'module', 'default']) {
        if (cond in target) {
          const r = pick(target[cond]);
          if (r && !r.endsWith('.d.ts')) return r;
        }
      }
    }
    return null;
  };
  const exp = manifest.exports;
  let entry = null;
  if (exp) entry = pick(typeof exp === 'object' && !Array.isArray(exp) && '.' in exp ? exp['.'] : exp);
  entry ??= manifest.browser ?? manifest.module ?? manifest.main ?? null;
  return typeof entry === 'string' ? entry.replace(/^\.\//, '') : null;
}

const sleep = (ms, signal) =>
  new Promise((res) => {
    if (signal?.aborted || ms <= 0) return res();
    const onAbort = () => {
      clearTimeout(t);
      res();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      res();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Splits a stream body into chunks cut at random byte positions (also inside UTF-8 characters). */
function randomChunks(buf, rnd) {
  const chunks = [];
  let i = 0;
  while (i < buf.length) {
    const nl = buf.indexOf(0x0a, i);
    const lineEnd = nl === -1 ? buf.length : nl + 1;
    // Usually cut the line once or twice at random, sometimes carry the cut past the newline.
    let end = lineEnd;
    const r = rnd();
    if (r < 0.45 && lineEnd - i > 2) end = i + 1 + Math.floor(rnd() * (lineEnd - i - 1));
    else if (r > 0.9 && lineEnd < buf.length) end = Math.min(buf.length, lineEnd + 1 + Math.floor(rnd() * 12));
    chunks.push({ bytes: buf.subarray(i, end), lineDone: buf[end - 1] === 0x0a });
    i = end;
  }
  return chunks;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { tooLarge: true };
  const parts = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return { tooLarge: true };
    parts.push(chunk);
  }
  return { body: Buffer.concat(parts) };
}

/**
 * Starts the demo server. Resolves to { server, url, port, close() }.
 * options: port (0 = a free port), host, upstream, token (for the upstream), speed (delay
 * multiplier; 0 = no delays), seed (chunking), log (function; default console.error),
 * wwwDir, pkgDir, fixturesDir.
 */
export async function startServer(options = {}) {
  const {
    port = 8080,
    host = '127.0.0.1',
    upstream = null,
    token = null,
    speed = 1,
    seed = null,
    log = (msg) => console.error(`[demo] ${msg}`),
    onRequest = null, // tests: called with { n, scenario, headers, payload } for each accepted request
    wwwDir = here,
    pkgDir = join(repoRoot, 'pkg'),
    fixturesDir = join(repoRoot, 'tests', 'fixtures', 'streams'),
  } = options;
  const scenarios = upstream ? new Map() : loadScenarios(fixturesDir, join(wwwDir, 'scenarios'), log);
  const upstreamUrl = upstream ? new URL(ENDPOINT, upstream.endsWith('/') ? upstream : `${upstream}/`).href : null;
  const open = new Set();
  let requestCount = 0;

  const config = () => ({
    mock: !upstream,
    upstream: upstream ? new URL(upstream).origin : null,
    serverToken: Boolean(token),
    demoToken: upstream ? null : DEMO_TOKEN,
    defaultScenario: DEFAULT_SCENARIO,
    scenarios: SCENARIOS.map((s) => ({
      id: s.id,
      title: s.title,
      keywords: s.keywords,
      available: scenarios.has(s.id),
      options: scenarios.get(s.id)?.options ?? null,
    })),
  });

  async function serveStatic(req, res, url) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      return res.end('method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end('bad path\n');
    }
    if (pathname === '/demo/config.json') return sendJson(res, 200, config());
    if (pathname.includes('\0') || pathname.split('/').includes('..')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    let base = wwwDir;
    let rel = pathname;
    if (pathname === '/pkg' || pathname.startsWith('/pkg/')) {
      base = pkgDir;
      rel = pathname.slice(4);
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(base, `.${rel}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    // The server's own modules (server.mjs, mock.mjs, build.mjs) are not for the browser.
    if (base === wwwDir && file.endsWith('.mjs')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      st = null;
    }
    if (!st || !st.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end(base === pkgDir && !existsSync(pkgDir) ? 'pkg/ is not built: run scripts/build\n' : 'not found\n');
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (file.endsWith('.html')) {
      // The page imports the package the way a user would: `import init from 'prompt-assist'`,
      // resolved by an import map to the file that pkg/package.json's browser export names.
      let html = readFileSync(file, 'utf8');
      const entry = browserEntry(pkgDir);
      const map = { imports: { 'prompt-assist': entry ? `/pkg/${entry}` : '/pkg/missing-build.js' } };
      const json = JSON.stringify(map).replace(/</g, '\\u003c');
      html = html.replace('<!--IMPORTMAP-->', () => `<script type="importmap">${json}</script>`);
      const buf = Buffer.from(html);
      headers['content-length'] = buf.length;
      res.writeHead(200, headers);
      return res.end(req.method === 'HEAD' ? undefined : buf);
    }
    headers['content-length'] = st.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function replay(req, res, scenario, signal, n, payload) {
    signal.addEventListener('abort', () => {
      if (!res.writableFinished) log(`request ${n}: the client went away; stream stopped`);
    }, { once: true });
    const factor = speed;
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'x-mock-scenario': scenario.id,
    });
    res.flushHeaders();
    const rnd = mulberry32(seed ?? (Date.now() ^ (requestCount * 2654435761)));
    const body = scenario.recipe
      ? answerStream(RECIPES[scenario.recipe](typeof payload.currentPrompt === 'string' ? payload.currentPrompt : ''), { garbage: scenario.garbage })
      : scenario.body;
    await sleep(factor * (80 + rnd() * 120), signal);
    if (scenario.drip) {
      for (let i = 0; i < body.length && !signal.aborted; i++) {
        res.write(body.subarray(i, i + 1));
        await sleep(factor * 4, signal);
      }
    } else {
      for (const chunk of randomChunks(body, rnd)) {
        if (signal.aborted) return;
        res.write(chunk.bytes);
        await sleep(factor * (chunk.lineDone ? 20 + rnd() * 50 : rnd() * 8), signal);
      }
    }
    if (signal.aborted) return;
    if (scenario.stall) {
      // Hold the connection open with nothing more to say, until the client gives up.
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      return;
    }
    res.end();
  }

  async function proxy(req, res, body, signal) {
    const headers = {
      'content-type': 'application/json',
      accept: req.headers.accept ?? 'application/x-ndjson',
    };
    const auth = req.headers.authorization;
    if (auth) headers.authorization = auth;
    else if (token) headers.authorization = `Bearer ${token}`;
    let upstreamRes;
    try {
      upstreamRes = await fetch(upstreamUrl, { method: 'POST', headers, body, signal });
    } catch (err) {
      if (signal.aborted) return;
      log(`upstream request failed: ${err?.cause?.code ?? err?.name ?? 'error'}`);
      return sendJson(res, 502, { error: 'bad-gateway', message: 'The upstream instance could not be reached.' });
    }
    const out = { 'cache-control': 'no-store' };
    for (const h of ['content-type', 'retry-after', 'www-authenticate']) {
      const v = upstreamRes.headers.get(h);
      if (v) out[h] = v;
    }
    log(`upstream answered ${upstreamRes.status}`);
    res.writeHead(upstreamRes.status, out);
    res.flushHeaders();
    if (!upstreamRes.body) return res.end();
    try {
      for await (const chunk of upstreamRes.body) {
        if (signal.aborted) break;
        res.write(chunk);
      }
    } catch {
      // The upstream body broke off: end ours the same way, so the client sees a cut stream.
      res.destroy();
      return;
    }
    res.end();
  }

  async function handleStream(req, res) {
    const n = ++requestCount;
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) {
      return sendJson(res, 415, { error: 'unsupported-media-type', message: 'Send the request as application/json.' });
    }
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(\S.*)$/i.exec(auth)?.[1]?.trim() ?? '';
    if (!upstream || !token) {
      if (!bearer) {
        return sendJson(res, 401, { error: 'unauthorized', message: 'A bearer token is required.' },
          { 'www-authenticate': 'Bearer' });
      }
      if (!upstream && bearer !== DEMO_TOKEN) {
        return sendJson(res, 401, { error: 'unauthorized', message: 'The token is not valid for this server.' },
          { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
    }
    const { body, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    if (tooLarge) {
      log(`request ${n}: body over ${MAX_BODY_BYTES} bytes: 413`);
      res.setHeader('connection', 'close');
      sendJson(res, 413, { error: 'payload-too-large', message: `The request body is over ${MAX_BODY_BYTES} bytes.` });
      req.resume();
      return;
    }
    let payload;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'bad-request', message: 'The body is not valid JSON.' });
    }
    if (!payload || typeof payload !== 'object' || typeof payload.instruction !== 'string' || !payload.instruction.trim()) {
      return sendJson(res, 400, { error: 'bad-request', message: '`instruction` must be a non-empty string.' });
    }
    if (upstream) {
      log(`request ${n}: proxied to ${new URL(upstream).origin}`);
      return proxy(req, res, body, ac.signal);
    }
    const id = pickScenario(req.headers['x-mock-scenario'], payload.instruction);
    onRequest?.({ n, scenario: id, payload, headers: { ...req.headers, authorization: undefined } });
    if (!id) {
      return sendJson(res, 400, { error: 'unknown-scenario', message: `No mock scenario named ${JSON.stringify(String(req.headers['x-mock-scenario']).slice(0, 40))}.` });
    }
    const scenario = scenarios.get(id);
    log(`request ${n}: scenario ${id}${scenario ? '' : ' (not available)'}`);
    if (!scenario) {
      return sendJson(res, 503, { error: 'scenario-unavailable', message: `The ${id} scenario's stream file has not landed yet.` });
    }
    if (scenario.http === 401) {
      return sendJson(res, 401, { error: 'unauthorized', message: 'Your session has expired. Sign in again.' },
        { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (scenario.http === 429) {
      return sendJson(res, 429, { error: 'rate-limited', message: 'Too many requests: slow down a little.' },
        { 'retry-after': '1' });
    }
    if (scenario.http === 500) {
      return sendJson(res, 500, { error: 'internal', message: 'The assistant crashed (mock).' });
    }
    await replay(req, res, scenario, ac.signal, n, payload);
  }

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      res.writeHead(400);
      return res.end();
    }
    const done = (err) => {
      log(`internal error: ${err?.message ?? err}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'internal error' });
      else res.destroy();
    };
    if (url.pathname === ENDPOINT) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' });
        return res.end('method not allowed\n');
      }
      return handleStream(req, res).catch(done);
    }
    if (url.pathname.startsWith('/api/')) {
      return sendJson(res, 404, { error: 'not-found', message: 'No such endpoint.' });
    }
    return serveStatic(req, res, url).catch(done);
  });
  server.requestTimeout = 0; // streams (the stall scenario, a real upstream) may run long
  server.headersTimeout = 30_000;

  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => {
      server.off('error', rej);
      res();
    });
  });
  const actual = server.address().port;
  const url = `http://${host}:${actual}/`;
  return {
    server,
    port: actual,
    url,
    close: () =>
      new Promise((res) => {
        for (const r of open) r.destroy();
        server.close(() => res());
        server.closeAllConnections?.();
      }),
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') out.port = Number(value());
    else if (flag === '--host') out.host = value();
    else if (flag === '--upstream') out.upstream = value();
    else if (flag === '--token') out.token = value();
    else if (flag === '--fixtures') out.fixturesDir = resolve(value());
    else if (flag === '--help' || flag === '-h') out.help = true;
    else throw new Error(`unknown argument ${flag}`);
  }
  return out;
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (args.help) {
    console.log('usage: node www/server.mjs [--port N] [--host H] [--upstream URL] [--token TOKEN] [--fixtures DIR]');
    process.exit(0);
  }
  if (args.upstream) {
    try {
      const u = new URL(args.upstream);
      if (!/^https?:$/.test(u.protocol)) throw new Error();
    } catch {
      console.error('--upstream needs an http(s) URL');
      process.exit(2);
    }
  }
  const port = args.port ?? (process.env.PORT ? Number(process.env.PORT) : 8080);
  const speed = process.env.MOCK_SPEED ? Number(process.env.MOCK_SPEED) : 1;
  const token = args.token ?? process.env.PROMPT_ASSIST_TOKEN ?? null;
  if (!existsSync(join(repoRoot, 'pkg', 'package.json'))) {
    console.error('[demo] pkg/ is not built yet: the page needs it (run scripts/build, or scripts/demo)');
  }
  if (!existsSync(join(here, 'dist', 'app.js'))) {
    console.error('[demo] www/dist/app.js is not bundled yet: run node www/build.mjs (scripts/demo does)');
  }
  const { url, close } = await startServer({
    port, host: args.host, upstream: args.upstream, token, speed, fixturesDir: args.fixturesDir,
  });
  const mode = args.upstream
    ? `proxying to ${new URL(args.upstream).origin}${token ? ' (server token set)' : ''}`
    : 'mock scenarios';
  console.log(`prompt-assist demo: ${url}  (${mode}; Ctrl-C to stop)`);
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nstopping');
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
