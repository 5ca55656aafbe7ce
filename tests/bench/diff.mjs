// The diff figure: diffPrompts + renderDiffHtml against what a user would write to show a word
// diff with jsdiff (diffWords, then its parts HTML-escaped into <ins>/<del>), on generated prompt
// pairs of 10 KB, 100 KB and 1 MB (inputs.mjs `promptPair`). The package runs on this thread,
// jsdiff in a worker (the same file, below) so that a jsdiff run past its time limit can be
// stopped: it is then reported as a lower bound. Each round runs one after the other, the
// medians compare. Prints one JSON line (lib.mjs `emit`).
import { diffWords } from 'diff';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { DIFF_SHAPE, promptPair } from './inputs.mjs';
import { check, emit, loadPackage, median, timed } from './lib.mjs';

// Size, warm-up runs of each side, rounds, and how long one jsdiff run may take (ms).
const SIZES = [
  { bytes: 10_000, label: '10 KB', warmups: 5, rounds: 41, limit: 30_000 },
  { bytes: 100_000, label: '100 KB', warmups: 3, rounds: 31, limit: 30_000 },
  { bytes: 1_000_000, label: '1 MB', warmups: 0, rounds: 5, limit: 60_000 },
];
// jsdiff runs once at a size whose first run takes longer than this (ms), so the bench stays
// near 3 minutes; the package still runs every round.
const ONE_RUN_OVER = 10_000;

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The user's word diff: jsdiff's parts, escaped, the changes marked. */
function jsdiffHtml(before, after) {
  const parts = diffWords(before, after);
  let html = '';
  for (const part of parts) {
    const text = escapeHtml(part.value);
    html += part.added ? `<ins>${text}</ins>` : part.removed ? `<del>${text}</del>` : text;
  }
  return { parts, html };
}

const pairs = new Map();
const pairOf = (bytes) => {
  if (!pairs.has(bytes)) pairs.set(bytes, promptPair(bytes, DIFF_SHAPE));
  return pairs.get(bytes);
};

if (!isMainThread) {
  parentPort.on('message', (bytes) => {
    const { before, after } = pairOf(bytes);
    const { ms, value } = timed(() => jsdiffHtml(before, after));
    // The parts must give back both sides, or jsdiff did not diff these texts. diffWords ignores
    // whitespace and keeps the after side's in unchanged parts, so the before side is compared
    // without it.
    const side = (skip) => value.parts.filter((p) => !p[skip]).map((p) => p.value).join('');
    const bare = (text) => text.replace(/\s+/g, '');
    const ok = side('removed') === after && bare(side('added')) === bare(before);
    parentPort.postMessage({ ms, ok, parts: value.parts.length, html: value.html.length });
  });
} else {
  const { diffPrompts, renderDiffHtml } = await loadPackage();
  let worker = new Worker(new URL(import.meta.url));

  // One jsdiff run in the worker: its time, or `timedOut` after `limit` ms (the worker is then
  // terminated and a fresh one started for the next size).
  const jsdiffRun = (bytes, limit) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners();
        worker.terminate();
        worker = new Worker(new URL(import.meta.url));
        resolve({ timedOut: true, ms: limit });
      }, limit);
      worker.once('message', (m) => {
        clearTimeout(timer);
        worker.removeAllListeners('error');
        resolve(m);
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      worker.postMessage(bytes);
    });

  const packageRun = ({ before, after }) => timed(() => renderDiffHtml(diffPrompts(before, after)));

  const results = [];
  for (const { bytes, label, warmups, rounds, limit } of SIZES) {
    const pair = pairOf(bytes);
    const diff = diffPrompts(pair.before, pair.after);
    const { stats } = diff;
    check(
      diff.structural && stats.added === 1 && stats.moved === 1 && stats.modified >= 1,
      `${label}: the package's diff is not the generated one: ${JSON.stringify(stats)}`,
    );
    packageRun(pair);
    for (let w = 0; w < warmups; w++) {
      packageRun(pair);
      await jsdiffRun(bytes, limit);
    }
    const times = { package: [], jsdiff: [] };
    let timedOut = false;
    let jsdiffRuns = rounds;
    for (let r = 0; r < rounds; r++) {
      times.package.push(packageRun(pair).ms);
      if (r >= jsdiffRuns) continue;
      const j = await jsdiffRun(bytes, limit);
      if (j.timedOut) {
        timedOut = true;
        times.jsdiff.push(j.ms);
        jsdiffRuns = r + 1;
        continue;
      }
      check(j.ok, `${label}: jsdiff's parts do not give back the two prompts`);
      times.jsdiff.push(j.ms);
      if (r === 0 && j.ms > ONE_RUN_OVER) jsdiffRuns = 1;
    }
    const packageMs = median(times.package);
    const jsdiffMs = median(times.jsdiff);
    results.push({
      label,
      bytes: { before: pair.before.length, after: pair.after.length },
      sections: pair.sections,
      stats,
      granularity: diff.granularity ?? 'word',
      packageMs,
      jsdiffMs,
      jsdiffTimedOut: timedOut,
      ratio: jsdiffMs / packageMs,
      times,
    });
  }
  await worker.terminate();
  const at = (label) => results.find((r) => r.label === label);
  const exponent = Math.log(at('1 MB').packageMs / at('100 KB').packageMs) / Math.log(10);
  emit({ sizes: results, exponent });
}
