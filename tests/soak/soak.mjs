// The soak test (not part of CI; run it with `scripts/soak`): many sessions of a realistic stream
// through ONE loaded module, in Node and in headless Chromium. It reports the wasm memory at the
// start (after a warm-up) and at the end; a leak shows as growth, since wasm memory never
// shrinks. Every session is released the way an editor would: `free()` for AssistantSession, the
// iterator running to its end, `break` (which calls `return()`), `abort()`, or the caller's
// AbortSignal. Run with `--expose-gc` (scripts/soak does): garbage is collected every 50 sessions.
//
//   node tests/soak/soak.mjs [nodeSessions=1000] [browserSessions=200]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'pkg');
const NODE_SESSIONS = Number(process.argv[2] ?? 1000);
const BROWSER_SESSIONS = Number(process.argv[3] ?? 200);
const WARMUP = 20;
const PAGE = 64 * 1024;
const ALLOWED_GROWTH_PAGES = 4;

const fixture = path.join(root, 'tests/fixtures/streams/draft_unknown_variable_moved_section');
const STREAM = readFileSync(`${fixture}.ndjson`);
const OPTIONS = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')).options;

// The stream in chunks cut at odd places, a few ms apart, like a real server.
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/pkg/')) {
    const file = path.join(pkg, path.basename(req.url));
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'content-type': type });
    return res.end(readFileSync(file));
  }
  if (req.url === '/soak.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><title>soak</title>');
  }
  req.resume();
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  let at = 0;
  const step = () => {
    if (at >= STREAM.length) return res.end();
    const n = 700 + ((at * 7919) % 900);
    res.write(STREAM.subarray(at, at + n));
    at += n;
    setTimeout(step, 1);
  };
  step();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

/** One session, released in one of four ways; returns the number of events seen. */
async function oneSession(api, i, base, stream, options) {
  const request = { instruction: 'Tighten the goal', currentPrompt: options.currentPrompt, variableContext: options.variableContext };
  switch (i % 5) {
    case 0: {
      const session = new api.AssistantSession(options);
      let n = 0;
      for (let at = 0; at < stream.length; at += 4096) n += session.push(stream.subarray(at, at + 4096)).length;
      n += session.finish().length;
      session.snapshot();
      session.free();
      return n;
    }
    case 1: {
      let n = 0;
      const s = api.streamPromptAssistant(request, { baseUrl: base, token: 't' });
      for await (const ev of s) n += ev ? 1 : 0;
      s.snapshot();
      return n;
    }
    case 2: {
      let n = 0;
      for await (const ev of api.streamPromptAssistant(request, { baseUrl: base, token: 't' })) {
        n += 1;
        if (ev.type === 'assistant-delta') break;
      }
      return n;
    }
    case 4: {
      const controller = new AbortController();
      const s = api.streamPromptAssistant(request, { baseUrl: base, token: 't', signal: controller.signal });
      let n = 0;
      for await (const ev of s) {
        n += 1;
        if (n === 3) controller.abort();
        void ev;
      }
      return n;
    }
    default: {
      const s = api.streamPromptAssistant(request, { baseUrl: base, token: 't' });
      let n = 0;
      for await (const ev of s) {
        n += 1;
        if (n === 3) s.abort();
        void ev;
      }
      const offline = api.validateDraft(options.currentPrompt, options.variableContext);
      api.renderDiffHtml(api.diffPrompts(options.currentPrompt, offline.ok ? options.currentPrompt : ''));
      return n;
    }
  }
}

/**
 * Lets pending callbacks settle, then collects garbage: a stream's JS object, and with it the
 * little wasm state it keeps for `snapshot()`, is freed by the collector (a FinalizationRegistry),
 * so the soak measures the steady state rather than how lazily V8 happens to collect.
 */
async function collect() {
  await new Promise((r) => setTimeout(r, 10));
  globalThis.gc?.();
}

function report(where, start, end, sessions) {
  const growth = (end - start) / PAGE;
  console.log(
    `${where}: ${sessions} sessions; wasm memory ${start} B (${start / PAGE} pages) at the start, ` +
      `${end} B (${end / PAGE} pages) at the end: ${growth >= 0 ? '+' : ''}${growth} pages`,
  );
  return growth <= ALLOWED_GROWTH_PAGES;
}

async function soakNode() {
  const api = await import(pathToFileURL(path.join(pkg, 'node.js')).href);
  const { initSync } = await import(pathToFileURL(path.join(pkg, 'prompt_assist.js')).href);
  const memory = initSync({ module: readFileSync(path.join(pkg, 'prompt_assist_bg.wasm')) }).memory;
  for (let i = 0; i < WARMUP; i++) await oneSession(api, i, baseUrl, STREAM, OPTIONS);
  const start = memory.buffer.byteLength;
  let events = 0;
  for (let i = 0; i < NODE_SESSIONS; i++) {
    events += await oneSession(api, i, baseUrl, STREAM, OPTIONS);
    if (i % 50 === 49) await collect();
  }
  await collect();
  if (events === 0) throw new Error('no events: the soak did nothing');
  return report('node', start, memory.buffer.byteLength, NODE_SESSIONS);
}

async function soakChromium() {
  const { chromium } = await import(pathToFileURL(path.join(root, 'node_modules/playwright-core/index.mjs')).href);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/soak.html`);
    const result = await page.evaluate(
      async ({ sessions, warmup, streamText, options, source }) => {
        const api = await import('/pkg/browser.js');
        const raw = await import('/pkg/prompt_assist.js');
        await api.default();
        const memory = (await raw.default()).memory;
        const oneSession = new Function(`return (${source})`)();
        const stream = new TextEncoder().encode(streamText);
        for (let i = 0; i < warmup; i++) await oneSession(api, i, location.origin, stream, options);
        const start = memory.buffer.byteLength;
        let events = 0;
        for (let i = 0; i < sessions; i++) {
          events += await oneSession(api, i, location.origin, stream, options);
          if (i % 50 === 49) {
            await new Promise((r) => setTimeout(r, 10));
            globalThis.gc?.();
          }
        }
        return { start, end: memory.buffer.byteLength, events };
      },
      { sessions: BROWSER_SESSIONS, warmup: WARMUP, streamText: STREAM.toString('utf8'), options: OPTIONS, source: oneSession.toString() },
    );
    if (result.events === 0) throw new Error('no events: the soak did nothing');
    return report('chromium', result.start, result.end, BROWSER_SESSIONS);
  } finally {
    await browser.close();
  }
}

let ok = true;
try {
  ok = (await soakNode()) && ok;
  if (BROWSER_SESSIONS > 0) ok = (await soakChromium()) && ok;
} finally {
  server.close();
}
console.log(ok ? 'soak: memory came back to within a few pages' : `soak: memory grew by more than ${ALLOWED_GROWTH_PAGES} pages`);
process.exit(ok ? 0 : 1);
