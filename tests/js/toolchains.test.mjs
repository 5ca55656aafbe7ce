// Zero configuration: for each supported setup, a fresh project installs the packed tarball by
// file, builds it (or serves it) with the toolchain's defaults and no config file, and headless
// Chromium loads it. In each, the page and a module worker check a validateDraft result, that a
// call before init() says to call "await init()", and that the module was compiled with
// WebAssembly.instantiateStreaming, for the main module and then for prompt-assist/lite; no
// .wasm file is emitted or requested; the built apps run under a strict
// Content-Security-Policy. The toolchains are the repository's pinned dev dependencies
// (PA_DEV_MODULES); the app sources are in toolchains/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const tarball = process.env.PA_TARBALL;
const projects = path.join(here, '..', 'toolchains');
const { chromium } = createRequire(path.join(dev, 'noop.js'))('playwright-core');
const execFileAsync = promisify(execFile);
// Every command has a deadline: a toolchain that waits (for input, for the network) fails the test
// with its output instead of holding the run.
const run = (file, args, options) =>
  execFileAsync(file, args, { timeout: 300_000, killSignal: 'SIGKILL', ...options }).catch((error) => {
    if (error.killed) error.message = `${path.basename(file)} ${args.join(' ')} did not finish within 300 s\n${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw error;
  });

const VITE = path.join(dev, 'vite', 'bin', 'vite.js');
const WEBPACK = path.join(dev, 'webpack-cli', 'bin', 'cli.js');
const ESBUILD = path.join(dev, 'esbuild', 'bin', 'esbuild');

let browser;
const servers = [];
const children = [];

// A fresh project: package.json, the app's sources, and the tarball installed by file.
async function project(name, sources) {
  const dir = path.join(projects, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2));
  for (const [from, to] of sources) cpSync(path.join(here, 'toolchains', from), path.join(dir, to), { recursive: true });
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', tarball], { cwd: dir });
  return dir;
}

const appProject = (name) =>
  project(name, [
    ['app/src', 'src'],
    ['app/index.html', 'index.html'],
  ]);

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}

async function serve(dir) {
  const server = await startServer({}, { extraStatic: { '/': dir } });
  servers.push(server);
  return server.url;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A strict Content-Security-Policy for the built apps: no eval or new Function, no data: or
// blob: URL, only what WebAssembly itself needs ('wasm-unsafe-eval').
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

// Loads the page, waits for window.__results, and checks what every setup must show.
async function checkPage(url, t, { csp } = {}) {
  const page = await browser.newPage();
  if (csp) {
    await page.route(url, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    });
  }
  const errors = [];
  const wasmRequests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A failed request is reported with its URL below; the browser's own favicon request is not ours.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => new URL(r.url()).pathname.endsWith('.wasm') && wasmRequests.push(r.url()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__results);
    assert.equal(results.error, undefined, results.error);
    assert.deepEqual(errors, []);
    assert.deepEqual(wasmRequests, [], 'no .wasm is fetched: the module is inlined');
    for (const where of ['page', 'worker']) {
      const r = results[where];
      assert.equal(r.error, undefined, `${where}: ${r.error}`);
      assert.match(r.before, /^Error: validateDraft\(\) was called before .*"await init\(\)"/, where);
      assert.equal(r.streamed, true, `${where}: compiled with WebAssembly.instantiateStreaming`);
      assert.equal(r.ok, false, where);
      assert.deepEqual(r.issues, [['unknown-variable', 'frstName', 'firstName', 17, 26]], where);
      // prompt-assist/lite, in the same page or worker, with the same zero configuration.
      const lite = r.lite;
      assert.ok(lite, `${where}: no prompt-assist/lite result`);
      assert.match(lite.before, /^Error: validateDraft\(\) was called before prompt-assist\/lite .*"await init\(\)"/, `${where} (lite)`);
      assert.equal(lite.streamed, true, `${where} (lite): compiled with WebAssembly.instantiateStreaming`);
      assert.equal(lite.ok, false, `${where} (lite)`);
      assert.deepEqual(lite.issues, r.issues, `${where} (lite)`);
    }
    t.diagnostic(`init(): page ${results.page.initMs.toFixed(0)} ms, worker ${results.worker.initMs.toFixed(0)} ms`);
    t.diagnostic(`lite init(): page ${results.page.lite.initMs.toFixed(0)} ms, worker ${results.worker.lite.initMs.toFixed(0)} ms`);
  } finally {
    await page.close();
  }
}

function assertNoWasm(dist) {
  const files = filesUnder(dist);
  assert.ok(files.some((f) => f.endsWith('.js')), files.join());
  assert.deepEqual(
    files.filter((f) => f.endsWith('.wasm')),
    [],
    'the glue has no live reference to the .wasm file',
  );
}

before(async () => {
  assert.ok(tarball, 'PA_TARBALL: run this through tests/js/run.mjs');
  rmSync(projects, { recursive: true, force: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
});

after(async () => {
  for (const child of children) child.kill();
  await browser?.close();
  for (const server of servers) await server.close();
});

test('Vite dev server (pre-bundled dependency, module worker)', async (t) => {
  const dir = await appProject('vite-dev');
  const port = await freePort();
  // Vite colours its output when CI is set (picocolors), and the colour codes cut the URL it
  // prints ("127.0.0.1:\x1b[1m5173"): that made this wait forever in CI. No colour, and the
  // codes are stripped before matching anyway.
  const { FORCE_COLOR, ...env } = process.env;
  const child = spawn(process.execPath, [VITE, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, NO_COLOR: '1' },
  });
  children.push(child);
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite did not say it was listening within 120 s:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk;
      // eslint-disable-next-line no-control-regex
      if (output.replace(/\x1b\[[0-9;]*m/g, '').includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`vite exited with ${code}:\n${output}`)));
  });
  try {
    await checkPage(`http://127.0.0.1:${port}/`, t);
  } catch (error) {
    error.message += `\nvite output:\n${output}`;
    throw error;
  }
  // The package really went through the dependency pre-bundler.
  const deps = filesUnder(path.join(dir, 'node_modules', '.vite', 'deps'));
  assert.ok(deps.includes('prompt-assist.js'), deps.join());
});

test('vite build (default settings, module worker)', async (t) => {
  const dir = await appProject('vite-build');
  await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: dir });
  assertNoWasm(path.join(dir, 'dist'));
  await checkPage(`${await serve(path.join(dir, 'dist'))}/index.html`, t, { csp: CSP });
});

test('webpack 5 (no config file, module worker)', async (t) => {
  const dir = await appProject('webpack');
  // webpack's defaults: ./src/index.js -> ./dist/main.js, production mode. It warns about the
  // bundle's size (the inlined module), which is expected.
  await run(process.execPath, [WEBPACK], { cwd: dir });
  assertNoWasm(path.join(dir, 'dist'));
  writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><meta charset="utf-8"><script src="main.js"></script>\n');
  await checkPage(`${await serve(path.join(dir, 'dist'))}/index.html`, t, { csp: CSP });
});

test('esbuild (--bundle --format=esm, the worker as a second entry point)', async (t) => {
  const dir = await appProject('esbuild');
  await run(ESBUILD, ['src/index.js', 'src/worker.js', '--bundle', '--format=esm', '--outdir=dist', '--log-level=warning'], {
    cwd: dir,
  });
  assertNoWasm(path.join(dir, 'dist'));
  writeFileSync(
    path.join(dir, 'dist', 'index.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="index.js"></script>\n',
  );
  await checkPage(`${await serve(path.join(dir, 'dist'))}/index.html`, t, { csp: CSP });
});

test('no bundler: <script type="module"> with an import map, a worker importing by path', async (t) => {
  const dir = await project('plain', [
    ['plain/index.html', 'index.html'],
    ['plain/worker.js', 'worker.js'],
    ['app/src/check.js', 'check.js'],
  ]);
  await checkPage(`${await serve(dir)}/index.html`, t);
});
