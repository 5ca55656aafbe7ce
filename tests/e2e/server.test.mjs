// The demo server over plain HTTP (no browser): static files, the endpoint's checks, scenario
// choice, the chunked replay and the --upstream proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINT, DEMO_TOKEN, pickScenario, startServer } from '../../www/server.mjs';
import { fixturesDir, repoRoot } from './harness.mjs';

const json = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${DEMO_TOKEN}` };

let srv;
let logs;
before(async () => {
  logs = [];
  srv = await startServer({ port: 0, speed: 0.2, fixturesDir, log: (m) => logs.push(m) });
});
after(async () => {
  await srv?.close();
});

const url = (p) => new URL(p, srv.url).href;
const post = (body, headers = {}) =>
  fetch(url(ENDPOINT), { method: 'POST', headers: { ...json, ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('static files', () => {
  test('the page has an import map naming the browser export of pkg/package.json', async () => {
    const res = await fetch(srv.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(html)[1]);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'pkg', 'package.json'), 'utf8'));
    const entry = map.imports['prompt-assist'];
    assert.match(entry, /^\/pkg\/.+\.js$/);
    assert.ok(JSON.stringify(manifest.exports).includes(entry.slice('/pkg/'.length)), 'named in exports');
    const js = await fetch(url(entry));
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
  });

  test('wasm is served as application/wasm', async () => {
    const { readdirSync } = await import('node:fs');
    const find = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? find(join(dir, d.name)) : d.name.endsWith('.wasm') ? [join(dir, d.name)] : []);
    const wasm = find(join(repoRoot, 'pkg'));
    assert.ok(wasm.length > 0, 'pkg/ holds a .wasm file');
    const rel = wasm[0].slice(join(repoRoot, 'pkg').length).split('\\').join('/');
    const res = await fetch(url(`/pkg${rel}`));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/wasm');
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  });

  test('no directory traversal, no server source', async () => {
    for (const p of ['/../package.json', '/%2e%2e/Cargo.toml', '/pkg/%2e%2e/Cargo.toml', '/pkg/..%2fCargo.toml', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/server.mjs', '/mock.mjs', '/build.mjs', '/nope.html']) {
      const res = await fetch(url(p));
      assert.equal(res.status, 404, p);
      const body = await res.text();
      assert.ok(!body.includes('[package]') && !body.includes('root:'), p);
    }
  });

  test('static files answer only GET and HEAD', async () => {
    const res = await fetch(url('/app.js'), { method: 'POST', body: 'x' });
    assert.equal(res.status, 405);
    const head = await fetch(url('/app.js'), { method: 'HEAD' });
    assert.equal(head.status, 200);
  });
});

describe('the endpoint', () => {
  test('GET on the endpoint is 405 with Allow: POST; other /api paths are 404', async () => {
    const res = await fetch(url(ENDPOINT));
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    const other = await fetch(url('/api/ai/other'), { method: 'POST', headers: { ...json, ...auth }, body: '{}' });
    assert.equal(other.status, 404);
  });

  test('a missing or wrong token is 401', async () => {
    const none = await fetch(url(ENDPOINT), { method: 'POST', headers: json, body: JSON.stringify({ instruction: 'hi' }) });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /^Bearer/);
    assert.equal((await none.json()).error, 'unauthorized');
    const wrong = await post({ instruction: 'hi' }, { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    const basic = await post({ instruction: 'hi' }, { authorization: `Basic ${DEMO_TOKEN}` });
    assert.equal(basic.status, 401);
  });

  test('bodies over 1 MiB are 413; bad JSON and blank instructions are 400; non-JSON is 415', async () => {
    const big = await post({ instruction: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal(big.status, 413);
    assert.equal((await post('{nope')).status, 400);
    assert.equal((await post({ instruction: '   ' })).status, 400);
    assert.equal((await post({ currentPrompt: '<prompt/>' })).status, 400);
    assert.equal((await post({ instruction: 'hi' }, { 'content-type': 'text/plain' })).status, 415);
  });

  test('HTTP scenarios: 401, 429 with Retry-After, 500', async () => {
    const r401 = await post({ instruction: 'hi' }, { 'x-mock-scenario': 'http-401' });
    assert.equal(r401.status, 401);
    const r429 = await post({ instruction: 'hi' }, { 'x-mock-scenario': 'http-429' });
    assert.equal(r429.status, 429);
    assert.equal(r429.headers.get('retry-after'), '1');
    const r500 = await post({ instruction: 'hi' }, { 'x-mock-scenario': 'http-500' });
    assert.equal(r500.status, 500);
    assert.equal((await post({ instruction: 'hi' }, { 'x-mock-scenario': 'no-such' })).status, 400);
  });

  test('a stream scenario replays its fixture byte for byte, in several chunks', async () => {
    const res = await post({ instruction: 'hi' }, { 'x-mock-scenario': 'chat' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/x-ndjson/);
    let chunks = 0;
    const parts = [];
    for await (const c of res.body) {
      chunks++;
      parts.push(Buffer.from(c));
    }
    const want = readFileSync(join(fixturesDir, 'chat.ndjson'));
    assert.ok(Buffer.concat(parts).equals(want), 'same bytes as the fixture');
    assert.ok(chunks > want.toString().split('\n').length / 2, `cut into many chunks (${chunks})`);
  });

  test('a draft scenario is made from the request\'s prompt, and its reply says what it changed', async () => {
    const currentPrompt = '<prompt>\n  <goal>Tours for @propertyName.</goal>\n  <rules><rule>One.</rule></rules>\n</prompt>';
    const res = await post({ instruction: 'Add a tone section', currentPrompt }, { 'x-mock-scenario': 'draft' });
    assert.equal(res.status, 200);
    const events = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const draft = events.find((e) => e.type === 'draft-ready');
    assert.equal(draft.prompt, currentPrompt.replace('</goal>', '</goal>\n  <tone>Warm, brief, never pushy.</tone>'));
    const reply = events.filter((e) => e.type === 'assistant-delta').map((e) => e.delta).join('');
    assert.match(reply, /I added a \*\*tone\*\* section after the goal/);
    assert.equal(events.at(-1).type, 'done');
  });

  test('keywords pick scenarios; the header wins; chat is the fallback', () => {
    // "rewrite the goal" rewrites the role and the goal now (it used to add a tone section).
    assert.equal(pickScenario(undefined, 'Please rewrite the goal'), 'sharpen');
    assert.equal(pickScenario(undefined, 'Add a tone section'), 'draft');
    assert.equal(pickScenario(undefined, 'Simulate a 429'), 'http-429');
    assert.equal(pickScenario(undefined, 'This is MALFORMED'), 'malformed');
    assert.equal(pickScenario(undefined, 'Hello there'), 'chat');
    assert.equal(pickScenario('clarify', 'rewrite'), 'clarify');
    assert.equal(pickScenario('bogus', 'rewrite'), null);
  });

  test('every stream fixture the demo names has landed', async () => {
    const cfg = await (await fetch(url('/demo/config.json'))).json();
    const missing = cfg.scenarios.filter((s) => !s.available).map((s) => s.id);
    assert.deepEqual(missing, []);
  });
});

describe('--upstream proxy', () => {
  let upstream;
  let seen;
  before(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        seen.push({ url: req.url, auth: req.headers.authorization, body });
        if (req.headers.authorization !== 'Bearer real-secret-token') {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"error":"unauthorized"}');
        }
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"type":"mode","mode":"chat"}\n{"type":"assistant-delta",');
        setTimeout(() => res.end('"delta":"from upstream"}\n{"type":"done"}\n'), 30);
      });
    });
    await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  });
  after(() => new Promise((r) => upstream.close(r)));

  test('forwards the page token, streams the answer through, and never logs the token', async () => {
    const plogs = [];
    const proxy = await startServer({ port: 0, upstream: `http://127.0.0.1:${upstream.address().port}`, log: (m) => plogs.push(m) });
    try {
      const res = await fetch(new URL(ENDPOINT, proxy.url), {
        method: 'POST',
        headers: { ...json, authorization: 'Bearer real-secret-token' },
        body: JSON.stringify({ instruction: 'hi' }),
      });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), '{"type":"mode","mode":"chat"}\n{"type":"assistant-delta","delta":"from upstream"}\n{"type":"done"}\n');
      assert.equal(seen.at(-1).url, ENDPOINT);
      assert.equal(seen.at(-1).auth, 'Bearer real-secret-token');
      assert.deepEqual(JSON.parse(seen.at(-1).body), { instruction: 'hi' });
      const cfg = await (await fetch(new URL('/demo/config.json', proxy.url))).json();
      assert.equal(cfg.mock, false);
      assert.equal(cfg.demoToken, null);
      assert.ok(plogs.length > 0);
      assert.ok(!plogs.join('\n').includes('real-secret-token'));
    } finally {
      await proxy.close();
    }
  });

  test('uses the server token when the page sends none, and passes upstream errors on', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'www', 'server.mjs'), '--port', '0', '--upstream', `http://127.0.0.1:${upstream.address().port}`], {
      env: { ...process.env, PROMPT_ASSIST_TOKEN: 'real-secret-token', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    try {
      const base = await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 10_000);
        child.stdout.on('data', () => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
      });
      const ok = await fetch(new URL(ENDPOINT, base), { method: 'POST', headers: json, body: JSON.stringify({ instruction: 'hi' }) });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /from upstream/);
      assert.equal(seen.at(-1).auth, 'Bearer real-secret-token');
      const bad = await fetch(new URL(ENDPOINT, base), { method: 'POST', headers: { ...json, authorization: 'Bearer wrong' }, body: JSON.stringify({ instruction: 'hi' }) });
      assert.equal(bad.status, 401);
      await bad.text();
      child.kill('SIGINT');
      const code = await new Promise((r) => child.on('exit', r));
      assert.equal(code, 0, 'Ctrl-C stops it cleanly');
      assert.ok(!out.includes('real-secret-token'), 'the token is never printed');
    } finally {
      child.kill();
    }
  });
});
