// Loading: the package imports in Node ESM by name, its exports map is well-formed, its runtime
// exports are the ones the .d.ts declares, the tarball holds exactly the files it should (the
// licences included), and a Vite build of a one-file app bundles the glue and the inlined module.
// (tests/js/toolchains.test.mjs runs every supported toolchain in Chromium.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { declaredValues, runtimeExportKinds } from './package-checks.mjs';

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

test('the runtime exports are exactly the values the .d.ts declares, in Node and in the browser entry', () => {
  const { node, browser } = runtimeExportKinds('prompt-assist', './node_modules/prompt-assist/browser.js');
  const declared = declaredValues(path.join(installed, 'prompt-assist.d.ts'));
  assert.ok(declared.includes('default') && declared.includes('validateDraft'), declared.join());
  assert.deepEqual(Object.keys(node), declared, 'Node entry vs .d.ts');
  assert.deepEqual(Object.keys(browser), declared, 'browser entry vs .d.ts');
  for (const [name, kind] of Object.entries({ ...node, ...browser })) assert.equal(kind, 'function', name);
});

test('the tarball holds the entries, the glue, the wasm (file and inlined), types, styles, README, both licences, and the same for lite/', () => {
  const listed = execFileSync('tar', ['-tzf', process.env.PA_TARBALL], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort();
  assert.deepEqual(listed, [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'api.js',
    'api.js.map',
    'browser.js',
    'browser.js.map',
    'conversation.js',
    'conversation.js.map',
    'lifecycle.js',
    'lifecycle.js.map',
    'lite/api.js',
    'lite/api.js.map',
    'lite/browser.js',
    'lite/browser.js.map',
    'lite/index.d.ts',
    'lite/node.js',
    'lite/node.js.map',
    'lite/prompt_assist.js',
    'lite/prompt_assist.js.map',
    'lite/prompt_assist_bg.wasm',
    'lite/prompt_assist_inline.js',
    'node.js',
    'node.js.map',
    'package.json',
    'prompt-assist.css',
    'prompt-assist.d.ts',
    'prompt_assist.js',
    'prompt_assist.js.map',
    'prompt_assist_bg.wasm',
    'prompt_assist_inline.js',
    'react.d.ts',
    'react.js',
    'react.js.map',
    'session.js',
    'session.js.map',
    'stream.js',
    'stream.js.map',
  ]);
  assert.match(readFileSync(path.join(installed, 'LICENSE-MIT'), 'utf8'), /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
  assert.match(readFileSync(path.join(installed, 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
});

test('package.json metadata: licence files for each licence named, keywords, engines, sideEffects', () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  for (const id of pkg.license.split(' OR ')) {
    const file = { MIT: 'LICENSE-MIT', 'Apache-2.0': 'LICENSE-APACHE' }[id];
    assert.ok(file && pkg.files.includes(file) && existsSync(path.join(installed, file)), id);
  }
  assert.ok(pkg.keywords.includes('webassembly') && pkg.keywords.includes('prompt'), pkg.keywords.join());
  assert.match(pkg.engines.node, /^>=\d+/);
  // node.js and lite/node.js instantiate their module at import (a bundler must not skip them); the stylesheet is
  // imported for its effect; every other file only defines exports.
  assert.deepEqual(pkg.sideEffects, ['./node.js', './lite/node.js', '*.css']);
});

test('package.json: name, module type, exports with types first, files that exist', () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'prompt-assist');
  assert.equal(pkg.type, 'module');
  const root = pkg.exports['.'];
  assert.deepEqual(Object.keys(root), ['types', 'node', 'default']);
  for (const target of Object.values(root)) assert.ok(existsSync(path.join(installed, target)), target);
  for (const f of pkg.files.filter((f) => !f.includes('*'))) assert.ok(existsSync(path.join(installed, f)), f);
  // Each shipped module has its source map, with the readable source in it.
  for (const f of readdirSync(installed).filter((f) => f.endsWith('.js') && f !== 'prompt_assist_inline.js')) {
    const map = JSON.parse(readFileSync(path.join(installed, `${f}.map`), 'utf8'));
    assert.ok(map.sourcesContent?.[0]?.length > 0, `${f}.map holds the source`);
    assert.match(readFileSync(path.join(installed, f), 'utf8'), new RegExp(`sourceMappingURL=${f}\\.map`));
  }
  assert.ok(Array.isArray(pkg.sideEffects));
  assert.ok(pkg.files.includes('prompt-assist.css'), 'the diff stylesheet is shipped');
  const dts = readFileSync(path.join(installed, root.types), 'utf8');
  assert.ok(!/\bany\b/.test(dts.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')), 'no `any` in the .d.ts');
});

test('a Vite build of a one-file app bundles the package and its inlined wasm, and no .wasm file', () => {
  const app = path.join(here, 'vite-app');
  const r = spawnSync(process.execPath, [path.join(dev, 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: app,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const assets = readdirSync(path.join(app, 'dist', 'assets'));
  // The module travels inlined (zero configuration), so no .wasm asset is emitted.
  assert.ok(!assets.some((f) => f.endsWith('.wasm')), assets.join());
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.equal(js.length, 1, assets.join());
  const bundle = readFileSync(path.join(app, 'dist', 'assets', js[0]), 'utf8');
  // "H4sI": base64 of gzip's magic bytes and header (1f 8b 08).
  assert.match(bundle, /"H4sI[A-Za-z0-9+/]{100000,}={0,2}"/, 'the bundle holds the inlined module');
  assert.ok(!bundle.includes('node:fs'), 'the Node entry leaked into a browser bundle');
});
