// prompt-assist/react (API.md §6) with React 18 and React 19 in headless Chromium: a component
// that renders the turns with useConversation updates as the stream arrives, and a React.memo
// turn component re-renders only for its own turn's changes. Each app is bundled with esbuild,
// `react` and `react-dom` aliased to one version (the dev tools pin both as react18/react19).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ndjson, sleep } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const requireDev = createRequire(path.join(dev, 'noop.js'));
const { chromium } = requireDev('playwright-core');
const esbuild = requireDev('esbuild');

const DELTAS = ['Sure', ', here', ' is', ' the', ' shorter', ' prompt.'];

// The app: one list item per turn, each a memoised component that counts its renders.
const APP = `
import init, { Conversation } from 'prompt-assist';
import { useConversation } from 'prompt-assist/react';
import React from 'react';
import { createRoot } from 'react-dom/client';

const h = React.createElement;
window.__renders = {};
window.__texts = [];
const Turn = React.memo(function Turn({ turn }) {
  window.__renders[turn.id] = (window.__renders[turn.id] ?? 0) + 1;
  return h('li', { 'data-id': turn.id, 'data-phase': turn.phase }, turn.assistantText);
});
function App({ conversation }) {
  const { turns, running } = useConversation(conversation);
  return h('ul', { 'data-running': String(running) }, turns.map((t) => h(Turn, { key: t.id, turn: t })));
}
await init();
const conversation = new Conversation({ baseUrl: location.origin + '/slow' });
window.__send = (text) => void conversation.send(text);
new MutationObserver(() => {
  for (const li of document.querySelectorAll('li')) window.__texts.push(li.dataset.id + ':' + li.textContent);
}).observe(document.body, { subtree: true, childList: true, characterData: true });
createRoot(document.getElementById('root')).render(h(App, { conversation }));
window.__version = React.version;
window.__ready = true;
`;

let server;
let browser;
const bundles = {};

before(async () => {
  const dir = path.join(here, 'react-app');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'app.js'), APP);
  for (const version of ['18', '19']) {
    const result = await esbuild.build({
      entryPoints: [path.join(dir, 'app.js')],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      alias: { react: `react${version}`, 'react-dom': `react-dom${version}` },
      nodePaths: [path.join(here, 'node_modules'), dev],
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    bundles[version] = result.outputFiles[0].text;
  }
  server = await startServer({
    slow: async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjson({ type: 'mode', mode: 'chat' }));
      for (const delta of DELTAS) {
        await sleep(60);
        if (res.destroyed) return;
        res.write(ndjson({ type: 'assistant-delta', delta }));
      }
      await sleep(60);
      res.end(ndjson({ type: 'done' }));
    },
    'page.html': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
    },
    'app.js': (req, res) => {
      const version = new URL(req.url, 'http://x').searchParams.get('react') ?? '19';
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundles[version]);
    },
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const version of ['18', '19']) {
  test(`React ${version}: useConversation renders the turns as they stream, and only the changed turn re-renders`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/app.js', (route) => route.continue({ url: `${server.url}/app.js?react=${version}` }));
    await page.goto(`${server.url}/page.html`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 });
    assert.match(await page.evaluate(() => window.__version), new RegExp(`^${version}\\.`));

    await page.evaluate(() => window.__send('make it shorter'));
    await page.waitForSelector('li[data-id="turn-1"][data-phase="done"]', { timeout: 10_000 });
    const full = DELTAS.join('');
    assert.equal(await page.textContent('li[data-id="turn-1"]'), full);
    const texts = await page.evaluate(() => window.__texts.filter((t) => t.startsWith('turn-1:')));
    const distinct = [...new Set(texts)].map((t) => t.slice('turn-1:'.length));
    // Each delta arrived on its own (60 ms apart) and was rendered before the next.
    assert.ok(distinct.length >= DELTAS.length, `rendered texts: ${JSON.stringify(distinct)}`);
    for (const text of distinct) assert.ok(full.startsWith(text), text);
    const first = await page.evaluate(() => ({ ...window.__renders }));

    await page.evaluate(() => window.__send('now longer'));
    await page.waitForSelector('li[data-id="turn-2"][data-phase="done"]', { timeout: 10_000 });
    const second = await page.evaluate(() => ({ ...window.__renders }));
    assert.equal(second['turn-1'], first['turn-1'], 'turn 1 re-rendered while turn 2 streamed');
    assert.ok(second['turn-2'] >= DELTAS.length, `turn 2 rendered ${second['turn-2']} times`);
    assert.equal(await page.getAttribute('ul', 'data-running'), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });
}
