// Streaming benchmark: AssistantSession fed a ~16 MB mixed NDJSON stream in 4 KB Uint8Array
// chunks, against the plain-JS reader a user would otherwise write (streaming TextDecoder,
// split on \n, JSON.parse). Same input, same run; the outputs are checked equal first.
// Usage: node tests/js/bench.mjs [path/to/entry.js]   (default: pkg/node.js)
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = process.argv[2] ?? path.join(here, '..', '..', 'pkg', 'node.js');
const { default: init, AssistantSession } = await import(pathToFileURL(path.resolve(entry)).href);
await init();

const TARGET_BYTES = 16 * 1024 * 1024;
const CHUNK = 4096;
const ROUNDS = 5;

// A deterministic mixed stream: mostly deltas with unicode, some status, a few junk lines.
function makeStream() {
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const words = ['the', 'prompt', 'draft', 'café', 'naïve', 'über', '😀', '中文', 'règle', 'ok', '✓', 'Ω', '“quoted”', 'tab\t', 'line\\n'];
  const lines = [JSON.stringify({ type: 'mode', mode: 'chat', label: 'Chatting' })];
  let junk = 0;
  let size = 0;
  while (size < TARGET_BYTES) {
    const r = rand();
    let line;
    if (r < 0.001) {
      line = rand() < 0.5 ? 'not json at all' : '{"type":"assistant-delta","delta":5}';
      junk++;
    } else if (r < 0.03) {
      line = JSON.stringify({ type: 'status', label: 'Working', section: 'goal' });
    } else {
      const n = 1 + Math.floor(rand() * 12);
      let delta = '';
      for (let i = 0; i < n; i++) delta += words[Math.floor(rand() * words.length)] + ' ';
      line = JSON.stringify({ type: r < 0.3 ? 'reasoning-delta' : 'assistant-delta', delta });
    }
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  lines.push(JSON.stringify({ type: 'done' }));
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const chunks = [];
  for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));
  return { bytes, chunks, junk, lines: lines.length };
}

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

const { bytes, chunks, junk, lines } = makeStream();
const mb = bytes.length / (1024 * 1024);
console.log(`stream: ${mb.toFixed(1)} MiB, ${lines} lines (${junk} junk), ${chunks.length} chunks of ${CHUNK} bytes`);

// Identical output first: every line is the same event, and each junk line is a warning here
// where the plain reader could only drop it.
{
  const ours = viaPackage(chunks);
  const theirs = plainJs(chunks);
  assert.equal(ours.length, theirs.length);
  let warnings = 0;
  for (let i = 0; i < ours.length; i++) {
    if (ours[i].type === 'warning') {
      warnings++;
      assert.ok(theirs[i].type === 'junk' || theirs[i].delta === 5, `line ${i}`);
    } else {
      assert.deepEqual(ours[i], theirs[i], `event ${i}`);
    }
  }
  assert.equal(warnings, junk);
  console.log(`outputs equal: ${ours.length} events, ${warnings} warnings for the junk lines`);
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const out = fn(chunks);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (out.length < lines - junk) throw new Error('lost events');
  return ms;
}

const results = { package: [], plain: [] };
time(viaPackage);
time(plainJs); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  results.package.push(time(viaPackage));
  results.plain.push(time(plainJs));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pkgMs = median(results.package);
const plainMs = median(results.plain);
console.log(`prompt-assist AssistantSession: ${(mb / (pkgMs / 1000)).toFixed(1)} MB/s (median of ${ROUNDS}: ${pkgMs.toFixed(0)} ms)`);
console.log(`plain JS reader:                ${(mb / (plainMs / 1000)).toFixed(1)} MB/s (median of ${ROUNDS}: ${plainMs.toFixed(0)} ms)`);
console.log(`ratio (package / plain JS):     ${(plainMs / pkgMs).toFixed(2)}x`);
