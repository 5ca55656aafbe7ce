// The stream figure: AssistantSession fed a ~16 MiB mixed NDJSON stream in 4 KB Uint8Array
// chunks, against the plain-JS reader a user would otherwise write (a streaming TextDecoder,
// split on \n, JSON.parse per line). Same input, same process; the events are checked identical
// first, then the two alternate for ROUNDS rounds after a warm-up, and the medians compare.
// Prints one JSON line (lib.mjs `emit`); run.mjs makes the row of it.
import assert from 'node:assert/strict';
import { ndjsonStream } from './inputs.mjs';
import { emit, loadPackage, median, timed } from './lib.mjs';

const { AssistantSession } = await loadPackage();
const CHUNK = 4096;
const ROUNDS = 9;

function viaPackage(chunks) {
  const session = new AssistantSession();
  const out = [];
  for (const c of chunks) {
    const batch = session.push(c);
    for (let i = 0; i < batch.length; i++) out.push(batch[i]);
  }
  const rest = session.finish();
  for (let i = 0; i < rest.length; i++) out.push(rest[i]);
  session.free();
  return out;
}

function plainJs(chunks) {
  const decoder = new TextDecoder();
  const out = [];
  let pending = '';
  const line = (text) => {
    if (text.trim() === '') return;
    try {
      out.push(JSON.parse(text));
    } catch {
      out.push({ type: 'junk' });
    }
  };
  for (const c of chunks) {
    pending += decoder.decode(c, { stream: true });
    const parts = pending.split('\n');
    pending = parts.pop();
    for (let i = 0; i < parts.length; i++) line(parts[i]);
  }
  pending += decoder.decode();
  line(pending);
  return out;
}

const { bytes, chunks, junk, lines } = ndjsonStream(16 * 1024 * 1024, CHUNK);

// Identical events first: every line is the same event, and each junk line is a warning here
// where the plain reader could only drop it (or pass on a delta that is a number).
const ours = viaPackage(chunks);
const theirs = plainJs(chunks);
assert.equal(ours.length, theirs.length, 'the package and the plain reader give different numbers of events');
let warnings = 0;
for (let i = 0; i < ours.length; i++) {
  if (ours[i].type === 'warning') {
    warnings++;
    assert.ok(theirs[i].type === 'junk' || theirs[i].delta === 5, `event ${i}: a warning for a good line`);
  } else {
    assert.deepEqual(ours[i], theirs[i], `event ${i} differs`);
  }
}
assert.equal(warnings, junk, 'one warning per junk line');

const run = (fn) => {
  const { ms, value } = timed(() => fn(chunks));
  assert.equal(value.length, ours.length, 'events lost');
  return ms;
};
const times = { package: [], plain: [] };
run(viaPackage);
run(plainJs);
for (let r = 0; r < ROUNDS; r++) {
  times.package.push(run(viaPackage));
  times.plain.push(run(plainJs));
}
const mib = bytes.length / (1024 * 1024);
const packageMs = median(times.package);
const plainMs = median(times.plain);
emit({
  mib,
  lines,
  events: ours.length,
  warnings,
  chunks: chunks.length,
  rounds: ROUNDS,
  packageMs,
  plainMs,
  packageMiBps: mib / (packageMs / 1000),
  plainMiBps: mib / (plainMs / 1000),
  ratio: plainMs / packageMs,
  times,
});
