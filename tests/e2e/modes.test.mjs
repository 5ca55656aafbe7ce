// The page in the server's other set-ups: through the --upstream proxy (here in front of a second,
// mock, server standing in for a real instance), and with no package built.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, DEMO_TOKEN } from '../../www/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS, bundled, finished, fixturesDir, ready, shot, text } from './harness.mjs';

let browser;
const closers = [];
before(async () => {
  // The page's bundle (www/dist/), as the harness's setUp() makes it: on a fresh clone this file
  // may run before any other e2e file has made it.
  await bundled();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(async () => {
  for (const close of closers.reverse()) await close();
  await browser?.close();
});

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  closers.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  return page;
}

test('through the --upstream proxy: no scenario picker, the server token is used', async () => {
  const instance = await startServer({ port: 0, speed: 0.2, fixturesDir, log: () => {} });
  closers.push(instance.close);
  const logs = [];
  const proxy = await startServer({ port: 0, upstream: instance.url, token: DEMO_TOKEN, log: (m) => logs.push(m) });
  closers.push(proxy.close);

  const page = await open(proxy.url);
  await ready(page);
  assert.equal(await page.isHidden('#scenario-row'), true, 'no scenario picker in front of a real instance');
  assert.equal(await page.inputValue('#token'), '', 'no demo token prefilled');
  assert.match(await text(page, '#server-mode'), /proxy to http:\/\/127\.0\.0\.1:\d+/);
  await page.fill('#instruction', 'Please clarify the tone');
  await page.click('#send');
  assert.equal(await finished(page), 'done');
  assert.equal(await text(page, '#mode-badge'), 'clarify');
  assert.ok(logs.some((l) => l.includes('proxied')), 'the request went through the proxy');
  assert.ok(!logs.join('\n').includes(DEMO_TOKEN), 'the token is not logged');
  assert.deepEqual(page.errors, []);
  await shot(page, 'upstream-proxy-light');
});

test('with no package built, the page says so', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-pkg-'));
  closers.push(async () => rmSync(empty, { recursive: true, force: true }));
  const srv = await startServer({ port: 0, pkgDir: empty, fixturesDir, log: () => {} });
  closers.push(srv.close);
  const page = await open(srv.url);
  await page.waitForSelector('#load-error:not([hidden])');
  assert.match(await text(page, '#load-error'), /scripts\/build/);
  assert.equal(await page.getAttribute('body', 'data-ready'), null);
});
