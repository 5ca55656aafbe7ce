// Loading: the package imports in Node ESM by name, its exports map is well-formed, and a Vite
// build of a one-file app that imports it bundles the glue and the .wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const installed = path.join(here, 'node_modules', 'prompt-assist');

test('Node ESM: import by name, init resolves, all exports are there', () => {
  const script = `
    import init, * as pa from 'prompt-assist';
    const r = init();
    if (!(r instanceof Promise)) throw new Error('init must return a Promise');
    await r; await init();
    const names = ['AssistantSession','replay','variableNames','findVariables','validateDraft',
      'diffPrompts','renderDiffHtml','version','streamPromptAssistant'];
    for (const n of names) if (typeof pa[n] !== 'function') throw new Error('missing ' + n);
    const css = import.meta.resolve('prompt-assist/prompt-assist.css');
    if (!css.endsWith('/prompt-assist.css')) throw new Error('css export: ' + css);
    console.log(JSON.stringify({ version: pa.version(), done: pa.replay('{"type":"done"}').snapshot.phase }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.deepEqual(JSON.parse(r.stdout), { version: pkg.version, done: 'done' });
});

test('package.json: name, module type, exports with types first, files that exist', () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'prompt-assist');
  assert.equal(pkg.type, 'module');
  const root = pkg.exports['.'];
  assert.deepEqual(Object.keys(root), ['types', 'node', 'default']);
  for (const target of Object.values(root)) assert.ok(existsSync(path.join(installed, target)), target);
  for (const f of pkg.files) assert.ok(existsSync(path.join(installed, f)), f);
  assert.ok(Array.isArray(pkg.sideEffects));
  assert.ok(pkg.files.includes('prompt-assist.css'), 'the diff stylesheet is shipped');
  const dts = readFileSync(path.join(installed, root.types), 'utf8');
  assert.ok(!/\bany\b/.test(dts.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')), 'no `any` in the .d.ts');
});

test('a Vite build of a one-file app bundles the package and its wasm', () => {
  const app = path.join(here, 'vite-app');
  const r = spawnSync(process.execPath, [path.join(dev, 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: app,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const assets = readdirSync(path.join(app, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), assets.join());
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.equal(js.length, 1, assets.join());
  const bundle = readFileSync(path.join(app, 'dist', 'assets', js[0]), 'utf8');
  assert.ok(bundle.includes('.wasm'), 'the bundle does not reference the wasm asset');
  assert.ok(!bundle.includes('node:fs'), 'the Node entry leaked into a browser bundle');
});
