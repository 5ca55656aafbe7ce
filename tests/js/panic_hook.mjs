// The panic hook (cargo feature `panic-hook`, on by default), against a build that also has the
// test-only export `__forcePanicForTests` (cargo feature `test-hooks`). scripts/test builds it
// and passes its directory in PA_TEST_HOOKS_PKG; the packaged tests (run.mjs) skip this file,
// as its name does not end in `.test.mjs`.
//
// Nothing in the crate should panic. If something does, the module traps (`panic = "abort"`):
// the caller must get a clear error, not silence, and the console must say what went wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.env.PA_TEST_HOOKS_PKG;

test('a forced internal panic: its message on console.error, a RuntimeError for the caller', async () => {
  assert.ok(dir, 'PA_TEST_HOOKS_PKG is not set: run this through scripts/test');
  const glue = await import(pathToFileURL(path.resolve(dir, 'prompt_assist.js')).href);
  glue.initSync({ module: readFileSync(path.resolve(dir, 'prompt_assist_bg.wasm')) });
  assert.equal(typeof glue.version(), 'string');
  assert.equal(typeof glue.__forcePanicForTests, 'function');

  const logged = [];
  const consoleError = console.error;
  console.error = (...args) => logged.push(args.map(String).join(' '));
  let thrown;
  try {
    glue.__forcePanicForTests('boom 1234');
  } catch (error) {
    thrown = error;
  } finally {
    console.error = consoleError;
  }
  assert.ok(thrown instanceof WebAssembly.RuntimeError, `expected a RuntimeError, got ${thrown}`);
  assert.equal(logged.length, 1, `console.error calls: ${JSON.stringify(logged)}`);
  assert.match(logged[0], /panicked at src[\\/]wasm[\\/]mod\.rs:\d+:\d+:\s+forced panic for tests: boom 1234/);
});
