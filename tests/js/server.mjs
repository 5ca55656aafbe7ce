// A local assistant server for the network tests: 127.0.0.1, a free port, one scenario per
// first path segment (`{url}/{scenario}/api/ai/prompt-assistant/stream`). Every request is
// recorded with its method, path, headers and body, and a promise that settles when the server
// sees the connection close.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const ENDPOINT = '/api/ai/prompt-assistant/stream';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {Record<string, (req, res, ctx) => unknown>} scenarios
 * @param {{ staticDir?: string, page?: string, extraStatic?: Record<string, string> }} [opts]
 *   files under `/pkg/` are served from `staticDir`, `/page.html` is `page`, and each
 *   `extraStatic` prefix from its directory
 */
export async function startServer(scenarios, opts = {}) {
  const requests = [];
  const counts = new Map();
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (opts.staticDir && url.pathname.startsWith('/pkg/')) {
      return serveStatic(opts.staticDir, url.pathname.slice(5), res);
    }
    for (const [prefix, dir] of Object.entries(opts.extraStatic ?? {})) {
      if (url.pathname.startsWith(prefix)) return serveStatic(dir, url.pathname.slice(prefix.length), res);
    }
    if (url.pathname === '/page.html' && opts.page) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(opts.page);
    }
    const [, scenario, ...rest] = url.pathname.split('/');
    const chunks = [];
    for await (const c of req) chunks.push(c);
    let closedResolve;
    const closed = new Promise((r) => (closedResolve = r));
    res.on('close', () => closedResolve(true));
    const body = Buffer.concat(chunks).toString('utf8');
    const n = (counts.get(scenario) ?? 0) + 1;
    counts.set(scenario, n);
    const record = {
      scenario,
      n,
      method: req.method,
      path: '/' + rest.join('/'),
      headers: req.headers,
      body,
      json: safeJson(body),
      closed,
    };
    requests.push(record);
    const handler = scenarios[scenario];
    if (!handler) {
      res.writeHead(599);
      return res.end();
    }
    res.socket.setNoDelay(true);
    try {
      await handler(req, res, record);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    of: (scenario) => requests.filter((r) => r.scenario === scenario),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
  '.css': 'text/css',
};

async function serveStatic(dir, rel, res) {
  const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
  try {
    const data = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  } catch {
    res.writeHead(404);
    res.end();
  }
}

/** Writes NDJSON lines as one stream, in the given pieces, with a pause between pieces. */
export async function writePieces(res, pieces, pauseMs = 10) {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const p of pieces) {
    if (res.destroyed) return;
    res.write(p);
    await sleep(pauseMs);
  }
}

export const ndjson = (...events) => events.map((e) => JSON.stringify(e) + '\n').join('');
