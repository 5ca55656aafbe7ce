// The same package in headless Chromium (playwright-core driving Debian's chromium): a page
// loads it with a plain <script type="module"> and an import map, and streams from the local
// server (same origin), once to the end and once aborted. Then the Vite-built app runs, and a
// fresh page checks the lifecycle: every export before init(), init(url), `using`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, writePieces, ndjson, sleep } from './server.mjs';
import { raceScenarios, problems, served, WAYS } from './abort_race.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const { chromium } = createRequire(path.join(dev, 'noop.js'))('playwright-core');
const TOKEN = 'tok_BROWSER_s3cret';

const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "prompt-assist": "/pkg/browser.js" } }</script>
<script type="module">
  import init, { streamPromptAssistant } from 'prompt-assist';
  try {
    await Promise.all([init(), init()]);
    await init(); // harmless
    const base = location.origin;
    const happy = [];
    const s1 = streamPromptAssistant({ instruction: 'hi' }, { baseUrl: base + '/happy', token: '${TOKEN}' });
    for await (const e of s1) happy.push(e);
    const aborted = [];
    const s2 = streamPromptAssistant({ instruction: 'hi' }, { baseUrl: base + '/endless', token: '${TOKEN}' });
    for await (const e of s2) { aborted.push(e); if (aborted.length === 3) s2.abort(); }
    const broken = [];
    const s3 = streamPromptAssistant({ instruction: 'hi' }, { baseUrl: base + '/endless', token: '${TOKEN}' });
    for await (const e of s3) { broken.push(e); if (broken.length === 2) break; }
    window.__results = {
      happy, happySnapshot: s1.snapshot(),
      aborted, abortedSnapshot: s2.snapshot(),
      broken, brokenSnapshot: s3.snapshot(),
    };
  } catch (e) {
    window.__results = { thrown: String(e && e.stack || e) };
  }
</script>`;

// Lifecycle in a fresh page: every export before init(), then init() with the URL of a .wasm the
// page hosts (the caller-hosted path), then `using` on a session and on a stream.
const LIFECYCLE_PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "prompt-assist": "/pkg/browser.js" } }</script>
<script type="module">
  import init, * as pa from 'prompt-assist';
  const attempt = (f) => {
    try { f(); return 'no error'; } catch (e) { return { type: e.constructor.name, message: e.message }; }
  };
  try {
    const before = {};
    for (const name of Object.keys(pa).filter((n) => n !== 'default')) {
      before[name] = attempt(() => (/^[A-Z]/.test(name) ? new pa[name]() : pa[name]('<prompt/>', {})));
    }
    let streamed = false;
    const instantiateStreaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...args) => ((streamed = true), instantiateStreaming.apply(WebAssembly, args));
    await init(new URL('/pkg/prompt_assist_bg.wasm', location.href));
    let session, stream;
    const events = [];
    {
      using s = new pa.AssistantSession();
      session = s;
      events.push(...s.push('{"type":"done"}\\n').map((e) => e.type));
    }
    {
      using st = pa.streamPromptAssistant({ instruction: ' ' }, { baseUrl: location.origin });
      stream = st;
      for await (const e of st) events.push(e.type + ':' + e.code);
    }
    window.__results = {
      before,
      streamed,
      events,
      sessionAfter: attempt(() => session.push('{}')),
      streamAfter: attempt(() => stream.snapshot()),
    };
  } catch (e) {
    window.__results = { thrown: String(e && e.stack || e) };
  }
</script>`;

// Issue 10, item 2, in Chromium: the same race loop as abort_race.test.mjs, in a page.
const RACE_PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "prompt-assist": "/pkg/browser.js" } }</script>
<script type="module">
  import init, { streamPromptAssistant } from 'prompt-assist';
  import { raceLoop } from '/tests/abort_race.mjs';
  try {
    await init();
    window.__results = await raceLoop(streamPromptAssistant, location.origin, { runsPerWay: 40, parallel: 6 });
  } catch (e) {
    window.__results = { thrown: String(e && e.stack || e) };
  }
</script>`;

const HAPPY = [
  { type: 'mode', mode: 'chat' },
  { type: 'assistant-delta', delta: 'Bonjour 😀' },
  { type: 'done' },
];

let server;
let browser;

before(async () => {
  server = await startServer(
    {
      ...raceScenarios(ndjson),
      'race.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(RACE_PAGE);
      },
      happy: (req, res) => {
        const bytes = Buffer.from(ndjson(...HAPPY));
        return writePieces(res, [bytes.subarray(0, 20), bytes.subarray(20, 45), bytes.subarray(45)], 20);
      },
      endless: async (req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write(ndjson({ type: 'mode', mode: 'chat' }));
        for (let i = 0; !res.destroyed && i < 1000; i++) {
          res.write(ndjson({ type: 'assistant-delta', delta: `d${i}` }));
          await sleep(30);
        }
      },
    },
    {
      staticDir: path.join(here, 'node_modules', 'prompt-assist'),
      page: PAGE,
      extraStatic: { '/vite/': path.join(here, 'vite-app', 'dist-browser'), '/tests/': here },
    },
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function resultsOf(url, { html, requests } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (html) await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  if (requests) page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(url);
  await page.waitForFunction(() => window.__results !== undefined || window.__result !== undefined, null, {
    timeout: 60_000,
  });
  const results = await page.evaluate(() => window.__results ?? window.__result);
  await page.close();
  assert.deepEqual(errors, []);
  return results;
}

test('Chromium: a happy stream and two aborts, via <script type="module"> and an import map', async () => {
  const r = await resultsOf(`${server.url}/page.html`);
  assert.equal(r.thrown, undefined, r.thrown);
  assert.deepEqual(r.happy, HAPPY);
  assert.equal(r.happySnapshot.phase, 'done');
  assert.equal(r.happySnapshot.assistantText, 'Bonjour 😀');

  assert.ok(r.aborted.length <= 4, `events after abort: ${r.aborted.length}`);
  assert.ok(!r.aborted.some((e) => e.type === 'error'));
  assert.equal(r.abortedSnapshot.phase, 'aborted');
  assert.equal(r.broken.length, 2);
  assert.equal(r.brokenSnapshot.phase, 'aborted');
  assert.ok(!JSON.stringify(r).includes(TOKEN), 'the token leaked');

  const [req] = server.of('happy');
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers.accept, 'application/x-ndjson');
  assert.deepEqual(req.json, { instruction: 'hi' });
  const endless = server.of('endless');
  assert.equal(endless.length, 2);
  for (const rec of endless) {
    const closed = await Promise.race([rec.closed, sleep(2000).then(() => false)]);
    assert.equal(closed, true, 'the server did not see the aborted connection close');
  }
});

test('Chromium: ending a stream while next() is pending, 5 ways x 40 delays: no hang, connection closed', async () => {
  const records = await resultsOf(`${server.url}/race.html`);
  assert.equal(records.thrown, undefined, records.thrown);
  assert.equal(records.length, WAYS.length * 40);
  assert.deepEqual(problems(records), []);
  const requests = [...server.of('race'), ...server.of('race-done')];
  // A run whose idle timer fired before the response headers (a loaded machine) still counts:
  // it must not hang either; most runs must reach the server, so that the reads are raced.
  assert.ok(served(records) >= records.length * 0.95, `only ${served(records)} runs reached the server`);
  assert.ok(requests.length >= served(records), 'one request per run that reached the server');
  const closed = await Promise.all(requests.map((r) => Promise.race([r.closed, sleep(3000).then(() => false)])));
  assert.equal(closed.filter((c) => c !== true).length, 0, 'connections left open');
});

test('Chromium: the Vite-built app runs', async () => {
  const app = path.join(here, 'vite-app');
  const build = spawnSync(
    process.execPath,
    [path.join(dev, 'vite', 'bin', 'vite.js'), 'build', '--base', './', '--outDir', 'dist-browser', '--logLevel', 'warn'],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(build.status, 0, build.stdout + build.stderr);
  const result = JSON.parse(await resultsOf(`${server.url}/vite/index.html`));
  assert.deepEqual(result.types, ['mode', 'done']);
  assert.equal(result.html, 'string');
  assert.match(result.version, /^\d+\.\d+\.\d+/);
});

test('Chromium: every export throws before init(); init(url) of a hosted .wasm streams; `using` frees', async () => {
  const requests = [];
  const r = await resultsOf(`${server.url}/lifecycle.html`, { html: LIFECYCLE_PAGE, requests });
  assert.equal(r.thrown, undefined, r.thrown);
  const names = Object.keys(r.before);
  assert.ok(names.includes('validateDraft') && names.includes('AssistantSession'), names.join());
  for (const [name, t] of Object.entries(r.before)) {
    assert.equal(t.type, 'Error', `${name}: ${JSON.stringify(t)}`);
    assert.match(t.message, /"await init\(\)" first/, name);
  }
  assert.equal(r.streamed, true, 'init(url) compiles with WebAssembly.instantiateStreaming');
  assert.ok(requests.includes('/pkg/prompt_assist_bg.wasm'), requests.join());
  assert.deepEqual(r.events, ['done', 'error:invalid-request']);
  assert.equal(r.sessionAfter.type, 'Error');
  assert.match(r.sessionAfter.message, /^AssistantSession\.push\(\) was called after this AssistantSession was freed/);
  assert.equal(r.streamAfter.type, 'Error');
  assert.match(r.streamAfter.message, /^PromptAssistantStream\.snapshot\(\) was called after this PromptAssistantStream was freed/);
});
