// The race between ending a stream and a pending next() (issue 10, item 2), as one loop that runs
// the same way in Node and in a browser page (no Node APIs here).
//
// The server (scenario `race`) sends two lines, a third 20 ms later, then keeps the connection
// open; `race-done` also sends `done` at a varied time. Each run takes the first event, then
// waits in next() while one of the five endings fires after a varied delay: options.signal,
// stream.abort(), stream.return(), the idle timeout, or the server's `done`. The pending next()
// must settle at once (no hang until some later timeout), and the run records what it saw.

export const WAYS = ['signal', 'abort', 'return', 'timeout', 'done'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delays tried: around the third line's 20 ms, and the 300 ms of the original report. */
export function delays(runsPerWay) {
  return Array.from({ length: runsPerWay }, (_, i) => (i % 10 === 9 ? 300 : (i * 7) % 45));
}

/**
 * Runs `runsPerWay` runs of each way, `parallel` at a time. Returns one record per run:
 * `{ way, delay, hung, settleMs, phase, types }`, where `settleMs` is the time from the ending
 * (abort call, or the idle deadline) to the pending next() settling.
 */
export async function raceLoop(streamPromptAssistant, baseUrl, { runsPerWay = 40, parallel = 8 } = {}) {
  const jobs = [];
  for (const way of WAYS) for (const delay of delays(runsPerWay)) jobs.push({ way, delay });
  const records = [];
  for (let i = 0; i < jobs.length; i += parallel) {
    records.push(...(await Promise.all(jobs.slice(i, i + parallel).map((job) => run(streamPromptAssistant, baseUrl, job)))));
  }
  return records;
}

async function run(streamPromptAssistant, baseUrl, { way, delay }) {
  const controller = new AbortController();
  const scenario = way === 'done' ? 'race-done' : 'race';
  const stream = streamPromptAssistant(
    { instruction: 'go' },
    {
      baseUrl: `${baseUrl}/${scenario}`,
      signal: controller.signal,
      // Past the response headers (localhost), so that the timer races the reads.
      idleTimeoutMs: way === 'timeout' ? 150 + delay : 60_000,
      maxRetries: 0,
    },
  );
  const seen = [];
  const first = await stream.next();
  if (!first.done) seen.push(first.value.type);
  let endedAt = null;
  const pending = (async () => {
    for (;;) {
      const r = await stream.next();
      if (r.done) return performance.now();
      seen.push(r.value.type);
      // The idle timer restarts at each event: the deadline is the last event plus the timeout.
      if (way === 'timeout') endedAt = performance.now() + 150 + delay;
    }
  })();
  if (way === 'timeout') endedAt = performance.now() + 150 + delay;
  if (way === 'signal' || way === 'abort' || way === 'return') {
    setTimeout(() => {
      endedAt = performance.now();
      if (way === 'signal') controller.abort();
      else if (way === 'abort') stream.abort();
      else stream.return();
    }, delay);
  }
  const settledAt = await Promise.race([pending, sleep(5000).then(() => null)]);
  const hung = settledAt === null;
  if (hung) stream.abort();
  return {
    way,
    delay,
    hung,
    settleMs: hung || endedAt === null ? null : Math.max(0, settledAt - endedAt),
    phase: stream.snapshot().phase,
    types: seen,
  };
}

/** The server side: two lines, a third 20 ms later, then open (and `done` at a varied time). */
export function raceScenarios(ndjson) {
  const open = async (res, doneAfter) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(ndjson({ type: 'mode', mode: 'chat' }, { type: 'assistant-delta', delta: 'a' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (!res.destroyed) res.write(ndjson({ type: 'assistant-delta', delta: 'b' }));
    if (doneAfter !== null) {
      await new Promise((resolve) => setTimeout(resolve, doneAfter));
      if (!res.destroyed) res.write(ndjson({ type: 'done' }));
    }
    return new Promise((resolve) => res.on('close', resolve));
  };
  return {
    race: (req, res) => open(res, null),
    'race-done': (req, res, ctx) => open(res, (ctx.n * 7) % 45),
  };
}

/** How many runs reached the server: those whose first event came from it. */
export function served(records) {
  return records.filter((r) => r.types[0] === 'mode').length;
}

/** What every run must show; returns the list of problems (empty when all is well). */
export function problems(records) {
  const out = [];
  for (const r of records) {
    const name = `${r.way} after ${r.delay} ms`;
    if (r.hung) {
      out.push(`${name}: the pending next() never settled`);
      continue;
    }
    if (r.settleMs !== null && r.settleMs > 250) out.push(`${name}: settled ${Math.round(r.settleMs)} ms after the end`);
    const want = { signal: 'aborted', abort: 'aborted', return: 'aborted', timeout: 'error', done: 'done' }[r.way];
    if (r.phase !== want) out.push(`${name}: phase ${r.phase}, expected ${want}`);
    if (r.types.includes('error') && r.way !== 'timeout') out.push(`${name}: an error event`);
  }
  return out;
}
