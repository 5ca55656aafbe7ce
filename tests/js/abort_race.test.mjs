// Issue 10, item 2, in Node: every way of ending races a pending next() 200 times at varied
// delays; none hangs, each settles at once, and the server sees every connection close.
// (browser.test.mjs runs the same loop in headless Chromium.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import init, { streamPromptAssistant } from 'prompt-assist';
import { startServer, ndjson, sleep } from './server.mjs';
import { raceLoop, raceScenarios, problems, served, WAYS } from './abort_race.mjs';

let server;

before(async () => {
  await init();
  server = await startServer(raceScenarios(ndjson));
});

after(() => server?.close());

test('ending a stream while next() is pending: 5 ways x 40 delays, no hang, connection closed', async () => {
  const records = await raceLoop(streamPromptAssistant, server.url, { runsPerWay: 40, parallel: 8 });
  assert.equal(records.length, WAYS.length * 40);
  assert.deepEqual(problems(records), []);
  const requests = [...server.of('race'), ...server.of('race-done')];
  // A run whose idle timer fired before the response headers (a loaded machine) still counts:
  // it must not hang either; most runs must reach the server, so that the reads are raced.
  assert.ok(served(records) >= records.length * 0.95, `only ${served(records)} runs reached the server`);
  assert.ok(requests.length >= served(records), 'one request per run that reached the server');
  const closed = await Promise.all(requests.map((r) => Promise.race([r.closed, sleep(2000).then(() => false)])));
  assert.equal(closed.filter((c) => c !== true).length, 0, 'connections left open');
  const slowest = Math.max(...records.map((r) => r.settleMs ?? 0));
  console.log(`${records.length} runs, slowest settle ${slowest.toFixed(1)} ms after the end`);
});
