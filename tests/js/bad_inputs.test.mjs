// The bad-input catalog (tests/fixtures/bad/, see its README) through the installed package: the
// same files `tests/bad_inputs.rs` runs natively, with the same expectations. Where JS differs by
// design, a case says so under `expect.js` (for example, a variable context that is not an object
// is a `TypeError` here, where the Rust API takes any JSON value). After every case the module
// must still work: a panic in wasm would trap and break every later call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import init, {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  streamPromptAssistant,
  version,
} from 'prompt-assist';

await init();

// The tests run from a consumer project at test-artifacts/consumer (see run.mjs).
const DIR = path.resolve(process.cwd(), '../../tests/fixtures/bad');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.slice(0, -5), ...JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) }));

/** `head` + `repeat` × `times` + `tail`, exactly as the Rust runner builds it. */
function generate(recipe) {
  const parts = [recipe.head ?? ''];
  for (let i = 0; i < recipe.times; i++) {
    parts.push(
      recipe.numbered
        ? recipe.repeat.replaceAll('>e<', `>e${i}<`).replaceAll('>r<', `>r${i}<`)
        : recipe.repeat,
    );
  }
  parts.push(recipe.tail ?? '');
  return parts.join('');
}

function bytesOf(input) {
  if ('text' in input) return new TextEncoder().encode(input.text);
  if ('hex' in input) return Uint8Array.from(input.hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return new TextEncoder().encode(generate(input.generate));
}

function nest({ outer, key, depth, leaf }) {
  let inner = leaf;
  for (let i = 1; i < depth; i++) inner = { [key]: inner };
  return { ...outer, [key]: inner };
}

function contextOf(input) {
  if ('json' in input) return input.json;
  if ('jsonText' in input) return JSON.parse(input.jsonText);
  if ('nest' in input) return nest(input.nest);
  const g = input.group;
  return { [g.label]: Array.from({ length: g.count }, (_, i) => `${g.prefix}${i}`) };
}

const tag = (ev) => (ev.type === 'warning' ? `warning:${ev.code}` : ev.type === 'error' ? `error:${ev.code}` : ev.type);

function runStream(c) {
  const options = c.options ?? {};
  const bytes = bytesOf(c.input);
  const { events, snapshot } = replay(bytes, options);
  // The same bytes in 4 KB views of one buffer: the events must not depend on the cuts.
  const session = new AssistantSession(options);
  const chunked = [];
  for (let at = 0; at < bytes.length; at += 4096) chunked.push(...session.push(bytes.subarray(at, at + 4096)));
  chunked.push(...session.finish());
  session.free();
  assert.deepEqual(chunked.map(tag), events.map(tag));
  const e = c.expect;
  if (e.events) assert.deepEqual(events.map(tag), e.events);
  if (e.eventCount !== undefined) assert.equal(events.length, e.eventCount);
  assert.equal(snapshot.phase, e.phase);
  assert.equal(snapshot.events, events.length);
  if (e.assistantText !== undefined) assert.equal(snapshot.assistantText, e.assistantText);
  if (e.assistantTextUnits !== undefined) {
    const text = snapshot.assistantText;
    const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    assert.deepEqual(units, e.assistantTextUnits, 'the UTF-16 code units of assistantText');
  }
  if (e.assistantTextLength !== undefined) assert.equal(snapshot.assistantText.length, e.assistantTextLength);
  if (e.warningLines) assert.deepEqual(snapshot.warnings.map((w) => w.line), e.warningLines);
  if (e.draftOk !== undefined) assert.equal(snapshot.draft.validation.ok, e.draftOk);
}

function runDraft(c) {
  const xml = new TextDecoder().decode(bytesOf(c.input));
  const v = validateDraft(xml, c.options?.variableContext);
  const e = c.expect;
  assert.equal(v.ok, e.ok);
  assert.equal(v.wellFormed, e.wellFormed);
  assert.deepEqual([...new Set(v.issues.map((i) => i.code))].sort(), e.codes);
  if (e.issueCount !== undefined) assert.equal(v.issues.length, e.issueCount);
  if (e.sectionCount !== undefined) assert.equal(v.sections.length, e.sectionCount);
  if (e.variables) assert.deepEqual(v.variables.map((r) => r.name), e.variables);
}

function runContext(c) {
  const context = contextOf(c.input);
  const e = { ...c.expect, ...c.expect.js };
  if (e.throws) {
    assert.throws(() => variableNames(context), (err) => err.constructor.name === e.throws && err.message.length > 0);
    assert.throws(() => findVariables('Hi @top', context), (err) => err.constructor.name === e.throws);
    return;
  }
  const names = variableNames(context);
  if (e.names) assert.deepEqual(names, e.names);
  if (e.nameCount !== undefined) assert.equal(names.length, e.nameCount);
  const refs = findVariables('Hi @top', context);
  assert.equal(refs.length, 1);
  assert.equal(refs[0].known, e.known);
}

function runDiff(c) {
  const input = c.input;
  const before = input.generateBefore ? generate(input.generateBefore) : input.before;
  let after = input.after;
  if (input.reverseAfter) {
    // The sections are the root's children, one per repeat: reverse them.
    const head = input.generateBefore.head;
    const tail = input.generateBefore.tail;
    const parts = before.slice(head.length, before.length - tail.length).match(/<example>[^<]*<\/example>/g);
    after = head + parts.reverse().join('') + tail;
  }
  const d = diffPrompts(before, after);
  const join = (skip) => d.ops.filter((o) => o.op !== skip).map((o) => o.text).join('');
  assert.ok(join('insert') === before, 'ops rebuild before');
  assert.ok(join('delete') === after, 'ops rebuild after');
  const e = c.expect;
  assert.equal(d.structural, e.structural);
  if (e.changes) assert.deepEqual(d.sections.map((s) => s.change), e.changes);
  if (e.sectionCount !== undefined) assert.equal(d.sections.length, e.sectionCount);
  if (e.noAddedOrRemoved) assert.deepEqual([d.stats.added, d.stats.removed], [0, 0]);
  for (const layout of ['inline', 'split']) assert.equal(typeof renderDiffHtml(d, { layout }), 'string');
}

/** A server that records each body and answers `done`. */
async function recorder() {
  const bodies = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const ch of req) chunks.push(ch);
    bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end('{"type":"done"}\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { bodies, baseUrl: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function runRequest(c, server) {
  const sent = server.bodies.length;
  const events = [];
  for await (const ev of streamPromptAssistant(c.input.request, { baseUrl: server.baseUrl, token: 'tok-SECRET' })) {
    events.push(ev);
  }
  assert.ok(!JSON.stringify(events).includes('tok-SECRET'));
  if (c.expect.error) {
    assert.deepEqual(events.map(tag), [`error:${c.expect.error}`]);
    assert.equal(events[0].source, 'request');
    assert.equal(server.bodies.length, sent, 'nothing was sent');
  } else {
    assert.deepEqual(events.map(tag), ['done']);
    assert.deepEqual(server.bodies.at(-1), c.expect.body);
  }
}

function stillWorks() {
  assert.equal(typeof version(), 'string');
  const v = validateDraft('<prompt><role>Hi @firstName</role></prompt>', { firstName: 'Alex' });
  assert.equal(v.ok, true);
  const { events } = replay('{"type":"assistant-delta","delta":"ok"}\n{"type":"done"}\n');
  assert.deepEqual(events.map((e) => e.type), ['assistant-delta', 'done']);
}

test('the bad-input catalog has at least 40 cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

test('every bad input gets its expected result, and the module still works after it', async (t) => {
  const server = await recorder();
  try {
    for (const c of cases) {
      await t.test(`${c.name}: ${c.about}`, async () => {
        switch (c.kind) {
          case 'stream':
            runStream(c);
            break;
          case 'draft':
            runDraft(c);
            break;
          case 'context':
            runContext(c);
            break;
          case 'diff':
            runDiff(c);
            break;
          case 'request':
            await runRequest(c, server);
            break;
          default:
            assert.fail(`unknown kind ${c.kind}`);
        }
        stillWorks();
      });
    }
  } finally {
    server.close();
  }
});

test('a cyclic variable context is a TypeError, and the module still works', () => {
  const context = { contact: { email: 'e' } };
  context.self = context;
  assert.throws(() => variableNames(context), TypeError);
  assert.throws(() => validateDraft('<prompt/>', context), TypeError);
  assert.throws(() => new AssistantSession({ variableContext: context }), TypeError);
  stillWorks();
});
