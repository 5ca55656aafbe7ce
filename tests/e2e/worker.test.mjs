// The package inside a module Web Worker (www/worker.html): offline replay and validation, and a
// network stream against the mock server, all without a DOM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, shot } from './harness.mjs';

let env;
before(async () => {
  env = await setUp({ speed: 0.2 });
});
after(async () => {
  await env?.close();
});

test('the package runs in a module Web Worker', async () => {
  const page = await env.openPage({ path: '/worker.html?scenario=draft' });
  await page.waitForFunction(() => window.workerResult !== undefined, null, { timeout: 20_000 });
  const r = await page.evaluate(() => window.workerResult);
  assert.equal(r.error, undefined, r.error);
  assert.equal(r.ok, true);
  assert.deepEqual(r.steps, ['init', 'replay', 'validateDraft', 'streamPromptAssistant']);
  assert.deepEqual(r.replay, {
    types: ['mode', 'assistant-delta', 'assistant-delta', 'done'],
    phase: 'done',
    assistantText: 'Hi @firstName',
  });
  assert.equal(r.validate.ok, false);
  assert.deepEqual(r.validate.codes, ['unknown-variable']);
  assert.equal(r.validate.suggestion, 'firstName');
  assert.equal(r.stream.phase, 'done');
  assert.equal(r.stream.mode, 'draft');
  assert.equal(r.stream.hasDraft, true);
  assert.equal(r.stream.types.at(-1), 'done');
  assert.ok(r.stream.types.includes('draft-ready'));
  assert.equal(env.requests.at(-1).scenario, 'draft');
  assert.deepEqual(page.errors, []);
  await shot(page, 'worker');
});
