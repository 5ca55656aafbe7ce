// Shared set-up for the end-to-end tests: the demo server in-process on a free port, and Debian's
// Chromium driven by playwright-core (no browser download: executablePath points at the system one).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../www/server.mjs';
import { buildDemo } from '../../www/build.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(repoRoot, 'test-artifacts');
export const fixturesDir = process.env.PROMPT_ASSIST_FIXTURES
  ? resolve(process.env.PROMPT_ASSIST_FIXTURES)
  : join(repoRoot, 'tests', 'fixtures', 'streams');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The expected snapshot of a stream fixture (its .expected.json), for what the page should show. */
export function expected(name) {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.expected.json`), 'utf8'));
}

/**
 * Starts the server and the browser. `speed` scales the mock's delays (the tests keep the realistic
 * chunking but run faster). Returns helpers; call `close()` in an `after` hook.
 */
export async function setUp({ speed = 0.3 } = {}) {
  if (!existsSync(join(repoRoot, 'pkg', 'package.json'))) {
    throw new Error('pkg/ is not built: run scripts/build first (scripts/test does)');
  }
  // The page's bundle (www/dist/app.js: the page's modules and CodeMirror), made fresh each run.
  await bundled();
  const logs = [];
  const requests = [];
  const server = await startServer({
    port: 0,
    speed,
    fixturesDir,
    log: (m) => logs.push(m),
    onRequest: (r) => requests.push(r),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(artifacts, { recursive: true });

  const pages = [];
  async function openPage({ path = '/', colorScheme = 'light', width = 1280, height = 900 } = {}) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    pages.push(context);
    await page.goto(new URL(path, server.url).href);
    if (path === '/') await ready(page);
    return page;
  }

  return {
    server,
    browser,
    logs,
    requests,
    openPage,
    async close() {
      for (const c of pages) await c.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

let bundling = null;
/** Bundles the page once per process. */
export function bundled() {
  bundling ??= buildDemo();
  return bundling;
}

/** Waits for the page to have loaded the package; fails with what the page says when it did not. */
export async function ready(page) {
  try {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  } catch (e) {
    const banner = await page.$eval('#load-error', (b) => b.textContent).catch(() => '');
    throw new Error(`the page did not get ready: ${banner || e.message}; page errors: ${JSON.stringify(page.errors)}`);
  }
}

/** Fills the instruction, picks a scenario (or none: keywords), sends, and waits for the end. */
export async function ask(page, instruction, { scenario = '', retries = '0', idle = null, wait = true } = {}) {
  await page.fill('#instruction', instruction);
  await page.selectOption('#scenario', scenario);
  await page.$eval('details.advanced', (d) => { d.open = true; });
  await page.fill('#max-retries', String(retries));
  if (idle != null) await page.fill('#idle-timeout', String(idle));
  await page.evaluate(() => delete document.body.dataset.lastPhase);
  await page.click('#send');
  if (wait) await finished(page);
}

/** Waits until the current request has ended; returns the final phase. */
export async function finished(page, timeout = 20_000) {
  await page.waitForSelector('body[data-busy="false"][data-last-phase]', { timeout });
  return page.getAttribute('body', 'data-last-phase');
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

export const text = (page, sel) => page.$eval(sel, (n) => n.textContent);

/** The prompt in the page's CodeMirror editor. */
export const promptText = (page) => page.evaluate(() => window.demo.prompt.text());

/** Replaces the prompt in the editor (one undoable step), as loading a file would. */
export const setPrompt = (page, value) => page.evaluate((v) => window.demo.prompt.setText(v), value);

/** The editor's selection: its text and whether the editor has focus. */
export const promptSelection = (page, which = 'prompt') => page.evaluate((w) => {
  const { view } = window.demo[w];
  const { from, to } = view.state.selection.main;
  return { text: view.state.sliceDoc(from, to), from, to, focused: view.hasFocus };
}, which);

/** Puts the cursor at `offset` in the prompt editor and focuses it. */
export const placeCursor = (page, offset) => page.evaluate((o) => {
  const { view } = window.demo.prompt;
  view.dispatch({ selection: { anchor: o } });
  view.focus();
}, offset);

/** The last turn's reply as a reader sees it (the markdown's text, blocks joined). */
export { parseMarkdown, plainText } from '../../www/markdown.js';
