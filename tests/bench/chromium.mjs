// The Chromium figure: the first draft in headless Chromium (Debian's, driven by playwright-core).
// A page generates the push figure's input (inputs.mjs `draftInput`), then, from a mark, imports
// the package's browser entry, awaits init() (the inlined module), makes a session and pushes the
// draft-ready line once. A PerformanceObserver of type longtask, registered first thing in the
// page, gives every task over 50 ms; the tasks that end after the mark are the ones of loading
// and the first draft. PAGES fresh browser contexts (no shared cache), one browser.
// Prints one JSON line (lib.mjs `emit`).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { check, emit, median, pkgDir, repoRoot } from './lib.mjs';

const PAGES = 9;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>prompt-assist: first draft</title>
<script type="module">
  const tasks = [];
  const supported = PerformanceObserver.supportedEntryTypes.includes('longtask');
  if (supported) {
    new PerformanceObserver((list) => tasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
  }
  const { draftInput, draftProblems } = await import('/bench/inputs.mjs');
  const input = draftInput();
  // The generation's task ends here; what follows is loading and the first draft.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const mark = performance.now();
  const pkg = await import('/pkg/browser.js');
  const imported = performance.now();
  await pkg.default();
  const ready = performance.now();
  const session = new pkg.AssistantSession(input.options);
  const made = performance.now();
  const events = session.push(input.line);
  const pushed = performance.now();
  session.free();
  // Long task entries are delivered after their task ends.
  await new Promise((resolve) => setTimeout(resolve, 500));
  window.result = {
    supported,
    importMs: imported - mark,
    initMs: ready - imported,
    sessionMs: made - ready,
    pushMs: pushed - made,
    tasks: tasks
      .filter((t) => t.startTime + t.duration > mark)
      .map((t) => ({ start: t.startTime - mark, duration: t.duration })),
    problems: draftProblems(events, input),
  };
</script>`;

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const ROOTS = { '/pkg/': pkgDir, '/bench/': path.join(repoRoot, 'tests', 'bench') };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return;
  }
  const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
  const file = prefix && path.join(ROOTS[prefix], path.normalize(url.pathname.slice(prefix.length)));
  try {
    check(file && file.startsWith(ROOTS[prefix]), 'outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const pages = [];
try {
  for (let i = 0; i < PAGES; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(origin + '/');
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 }).catch(() => {});
    const result = await page.evaluate(() => window.result);
    check(result !== undefined, `the page did not finish: ${errors.join('; ') || 'no error reported'}`);
    check(result.supported, 'this Chromium does not report long tasks');
    check(result.problems.length === 0, `the push did not give the expected draft: ${result.problems.join('; ')}`);
    pages.push(result);
    await context.close();
  }
  const longest = pages.map((p) => Math.max(0, ...p.tasks.map((t) => t.duration)));
  emit({
    chromium: browser.version(),
    pages: PAGES,
    longestMs: median(longest),
    worstMs: Math.max(...longest),
    pushMs: median(pages.map((p) => p.pushMs)),
    initMs: median(pages.map((p) => p.initMs)),
    importMs: median(pages.map((p) => p.importMs)),
    longTasks: pages.map((p) => p.tasks),
  });
} finally {
  await browser.close();
  server.close();
}
