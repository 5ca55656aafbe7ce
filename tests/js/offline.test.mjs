// The offline API (API.md §4) through the installed package: every export, the event shapes
// at the boundary (absent, never null), chunking by bytes and by strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  version,
} from 'prompt-assist';

await init();
await init(); // harmless

const enc = new TextEncoder();
const CONTEXT = { firstName: 'Alex', contact: { email: 'a@example.com' } };
const CURRENT = '<prompt><goal>Old goal</goal></prompt>';
const DRAFT = '<prompt><goal>Greet @firstName</goal><rule>Be brief</rule></prompt>';
const LINES = [
  '\uFEFF{"type":"mode","mode":"draft","label":"Drafting"}',
  '{"type":"status","label":null,"section":"goal","extra":1}',
  '',
  '   ',
  '{"type":"assistant-delta","delta":"Hé 😀 ✓"}',
  '{"type":"reasoning-delta","delta":"ü"}',
  'not json',
  '{"type":"assistant-delta","delta":5}',
  '{"type":"tool-call","name":"x","args":{"a":[1,2]}}',
  `{"type":"draft-ready","prompt":${JSON.stringify(DRAFT)}}`,
  '{"type":"mode","mode":"chat"}',
  '{"type":"done"}',
];
const STREAM = LINES.join('\r\n') + '\n';

const expectedTypes = [
  'mode',
  'status',
  'assistant-delta',
  'reasoning-delta',
  'warning',
  'warning',
  'unknown',
  'draft-ready',
  'warning',
  'done',
];

// Where the contract allows null: a missing side of a section change (its text and, 0.2, its
// range), `known` without a context.
const NULLABLE = new Set(['before', 'after', 'beforeRange', 'afterRange', 'known']);

function hasNull(value, path = '$') {
  if (value === null) return NULLABLE.has(path.split('.').pop()) ? undefined : path;
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = hasNull(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

test('version is the package version', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('./node_modules/prompt-assist/package.json', import.meta.url), 'utf8'));
  assert.equal(version(), pkg.version);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('AssistantSession: events and snapshot of a mixed stream', () => {
  const session = new AssistantSession({ currentPrompt: CURRENT, variableContext: CONTEXT });
  const events = [...session.push(enc.encode(STREAM)), ...session.finish()];
  assert.deepEqual(events.map((e) => e.type), expectedTypes);
  assert.deepEqual(events[0], { type: 'mode', mode: 'draft', label: 'Drafting' });
  // Optional fields absent, never null; unknown fields dropped.
  assert.deepEqual(events[1], { type: 'status', section: 'goal' });
  assert.ok(!('label' in events[1]));
  assert.deepEqual(events[2], { type: 'assistant-delta', delta: 'Hé 😀 ✓' });
  assert.equal(events[4].code, 'malformed-line');
  assert.equal(events[4].line, 7);
  assert.equal(events[5].code, 'invalid-event');
  assert.equal(events[5].line, 8);
  const unknown = events[6];
  assert.equal(unknown.rawType, 'tool-call');
  assert.deepEqual(unknown.data, { type: 'tool-call', name: 'x', args: { a: [1, 2] } });
  assert.equal(Object.getPrototypeOf(unknown.data), Object.prototype, 'data is a plain object');
  const draft = events[7];
  assert.equal(draft.prompt, DRAFT);
  assert.ok(!('section' in draft));
  assert.equal(events[8].code, 'unexpected-event');
  for (const e of events) assert.equal(hasNull(e), undefined, JSON.stringify(e));

  const snap = session.snapshot();
  assert.equal(snap.phase, 'done');
  assert.equal(snap.mode, 'draft');
  assert.deepEqual(snap.status, { section: 'goal' });
  assert.equal(snap.assistantText, 'Hé 😀 ✓');
  assert.equal(snap.reasoningText, 'ü');
  assert.equal(snap.draft.prompt, DRAFT);
  assert.deepEqual(snap.draft.validation, draft.validation);
  assert.deepEqual(snap.draft.diff, draft.diff);
  assert.equal(snap.error, null);
  assert.equal(snap.setup, null);
  assert.equal(snap.warnings.length, 3);
  assert.deepEqual(snap.warnings[0], events[4]);
  assert.equal(snap.events, events.length);
  assert.deepEqual(session.finish(), []);
  session.free();
});

test('a fresh snapshot has null for what is unset', () => {
  const session = new AssistantSession();
  assert.deepEqual(session.snapshot(), {
    phase: 'waiting',
    mode: null,
    status: null,
    assistantText: '',
    reasoningText: '',
    draft: null,
    error: null,
    setup: null,
    warnings: [],
    events: 0,
  });
  assert.deepEqual(session.finish().map((e) => [e.type, e.source, e.code]), [['error', 'protocol', 'incomplete-stream']]);
  assert.equal(session.snapshot().phase, 'error');
  assert.equal(session.snapshot().error.type, 'error');
});

test('draft-ready carries validateDraft and diffPrompts of the session inputs', () => {
  const { events } = replay(STREAM, { currentPrompt: CURRENT, variableContext: CONTEXT });
  const draft = events.find((e) => e.type === 'draft-ready');
  assert.deepEqual(draft.validation, validateDraft(DRAFT, CONTEXT));
  assert.deepEqual(draft.diff, diffPrompts(CURRENT, DRAFT));
});

test('events never depend on where byte chunks were cut (every split point, any view)', async () => {
  const bytes = enc.encode(STREAM);
  const whole = replay(bytes).events;
  for (let cut = 0; cut <= bytes.length; cut++) {
    // Offset views into a larger buffer: push must honour byteOffset and length.
    const backing = new Uint8Array(bytes.length + 20).fill(0x7b);
    backing.set(bytes, 10);
    const a = new Uint8Array(backing.buffer, 10, cut);
    const b = backing.subarray(10 + cut, 10 + bytes.length);
    const s = new AssistantSession();
    const events = [...s.push(a), ...s.push(b), ...s.finish()];
    assert.deepEqual(events, whole, `cut at ${cut}`);
  }
  // A Uint8Array from another realm (here a vm context) is accepted too.
  const { runInNewContext } = await import('node:vm');
  const foreign = runInNewContext('new Uint8Array(n)', { n: bytes.length });
  foreign.set(bytes);
  assert.ok(!(foreign instanceof Uint8Array));
  const f = new AssistantSession();
  assert.deepEqual([...f.push(foreign), ...f.finish()], whole);
  // A Node Buffer is a Uint8Array view too.
  const s = new AssistantSession();
  assert.deepEqual([...s.push(Buffer.from(STREAM)), ...s.finish()], whole);
});

test('string chunks may split a surrogate pair', () => {
  const text = '{"type":"assistant-delta","delta":"😀a😀"}\n{"type":"done"}\n';
  const whole = replay(text).events;
  assert.equal(whole[0].delta, '😀a😀');
  for (let cut = 0; cut <= text.length; cut++) {
    const s = new AssistantSession();
    const events = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut)), ...s.finish()];
    assert.deepEqual(events, whole, `cut at ${cut}`);
  }
  // One UTF-16 code unit per push.
  const s = new AssistantSession();
  const events = [];
  for (const unit of text.split('')) events.push(...s.push(unit));
  events.push(...s.finish());
  assert.deepEqual(events, whole);
});

test('a lone surrogate left at the end becomes U+FFFD', () => {
  const s = new AssistantSession();
  s.push('{"type":"assistant-delta","delta":"x"}\n{"type":"assistant-delta","delta":"');
  s.push('\uD83D');
  const events = s.finish();
  // The last line is cut: the held-back half is flushed as U+FFFD into it, which is not JSON.
  assert.deepEqual(events.map((e) => e.type), ['warning', 'error']);
  assert.equal(events[0].code, 'malformed-line');
});

test('push rejects what is not bytes or a string; options are type-checked', () => {
  const s = new AssistantSession();
  for (const bad of [5, null, undefined, {}, [1, 2], new ArrayBuffer(2), new Uint16Array(2), new DataView(new ArrayBuffer(2))]) {
    assert.throws(() => s.push(bad), TypeError);
  }
  assert.throws(() => new AssistantSession({ currentPrompt: 5 }), TypeError);
  assert.throws(() => new AssistantSession({ variableContext: 'x' }), TypeError);
  assert.throws(() => new AssistantSession({ maxLineBytes: 0 }), TypeError);
  assert.throws(() => new AssistantSession('x'), TypeError);
});

test('maxLineBytes is honoured', () => {
  const line = `{"type":"assistant-delta","delta":"${'x'.repeat(50)}"}`;
  const bytes = enc.encode(line).length;
  const at = (limit) => replay(line + '\n{"type":"done"}\n', { maxLineBytes: limit }).events.map((e) => e.code ?? e.type);
  assert.deepEqual(at(bytes), ['assistant-delta', 'done']);
  assert.deepEqual(at(bytes - 1), ['line-too-long', 'done']);
});

test('replay takes a string or bytes and returns events and snapshot', () => {
  const a = replay(STREAM, { currentPrompt: CURRENT });
  const b = replay(enc.encode(STREAM), { currentPrompt: CURRENT });
  assert.deepEqual(a, b);
  assert.deepEqual(Object.keys(a).sort(), ['events', 'snapshot']);
  assert.deepEqual(a.events.map((e) => e.type), expectedTypes);
  assert.equal(a.snapshot.phase, 'done');
  assert.equal(a.snapshot.events, expectedTypes.length);
  const invalid = replay(new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]));
  assert.deepEqual(invalid.events.map((e) => e.code), ['invalid-utf8', 'incomplete-stream']);
  assert.throws(() => replay(42), TypeError);
});

test('variableNames and findVariables: shapes and argument checks', () => {
  const names = variableNames(CONTEXT);
  assert.ok(Array.isArray(names));
  for (const n of names) assert.equal(typeof n, 'string');
  assert.deepEqual([...names].sort(), names, 'sorted');
  assert.deepEqual(names, ['contact.email', 'firstName']);
  assert.throws(() => variableNames('x'), TypeError);
  assert.throws(() => variableNames(undefined), TypeError);

  const text = 'Hi @firstName, mail @contact.email';
  for (const ctx of [undefined, CONTEXT]) {
    const refs = findVariables(text, ctx);
    assert.ok(Array.isArray(refs));
    for (const r of refs) {
      assert.deepEqual(Object.keys(r).sort(), ['column', 'end', 'known', 'line', 'name', 'start']);
      assert.equal(text.slice(r.start, r.end), '@' + r.name);
      if (ctx === undefined) assert.equal(r.known, null);
      else assert.equal(typeof r.known, 'boolean');
    }
  }
  // Positions are UTF-16 code units: the emoji counts 2.
  const emoji = '😀 @firstName @nope';
  assert.deepEqual(findVariables(emoji, CONTEXT), [
    { name: 'firstName', start: 3, end: 13, line: 1, column: 4, known: true },
    { name: 'nope', start: 14, end: 19, line: 1, column: 15, known: false },
  ]);
  assert.deepEqual(findVariables(emoji).map((r) => r.known), [null, null]);
  assert.throws(() => findVariables(5), TypeError);
  assert.throws(() => findVariables('x', 'ctx'), TypeError);
});

test('validateDraft: the DraftValidation shape', () => {
  for (const ctx of [undefined, CONTEXT]) {
    const v = validateDraft(DRAFT, ctx);
    assert.deepEqual(Object.keys(v).sort(), ['issues', 'ok', 'sections', 'variables', 'wellFormed']);
    assert.equal(typeof v.ok, 'boolean');
    assert.equal(typeof v.wellFormed, 'boolean');
    for (const issue of v.issues) {
      assert.ok(['error', 'warning'].includes(issue.severity));
      for (const k of ['start', 'end', 'line', 'column']) assert.equal(typeof issue[k], 'number');
      assert.equal(hasNull(issue), undefined);
    }
    assert.ok(Array.isArray(v.sections));
    assert.ok(Array.isArray(v.variables));
  }
  // The context reaches the validator: an unknown variable is an error only with one.
  const xml = '<prompt><goal>Hi @nope</goal></prompt>';
  const withContext = validateDraft(xml, CONTEXT);
  assert.equal(withContext.ok, false);
  assert.deepEqual(
    withContext.issues.map((i) => [i.code, i.variable, xml.slice(i.start, i.end)]),
    [['unknown-variable', 'nope', '@nope']],
  );
  assert.equal(validateDraft(xml).ok, true);
  assert.deepEqual(validateDraft(xml).sections, ['goal']);
  assert.throws(() => validateDraft(null), TypeError);
  assert.throws(() => validateDraft('<prompt/>', [1]), TypeError);
});

test('diffPrompts and renderDiffHtml: shapes, layouts, argument checks', () => {
  const d = diffPrompts(CURRENT, DRAFT);
  assert.deepEqual(Object.keys(d).sort(), ['granularity', 'ops', 'sections', 'stats', 'structural', 'unified']);
  assert.equal(d.granularity, 'word');
  assert.equal(d.structural, true);
  // The arguments reach the diff in order: equal+delete rebuilds before, equal+insert after.
  const side = (keep) => d.ops.filter((o) => o.op === 'equal' || o.op === keep).map((o) => o.text).join('');
  assert.equal(side('delete'), CURRENT);
  assert.equal(side('insert'), DRAFT);
  assert.deepEqual(
    d.sections.map((x) => [x.path, x.change]),
    [
      ['/prompt/goal', 'modified'],
      ['/prompt/rule', 'added'],
    ],
  );
  assert.equal(d.sections[1].before, null);
  assert.match(d.unified, /^--- before\n\+\+\+ after\n/);
  assert.deepEqual(Object.keys(d.stats).sort(), ['added', 'deleted', 'inserted', 'modified', 'moved', 'removed']);
  for (const op of d.ops) assert.ok(['equal', 'insert', 'delete'].includes(op.op));
  assert.equal(typeof d.unified, 'string');
  assert.throws(() => diffPrompts('a'), TypeError);

  const inline = renderDiffHtml(d);
  assert.equal(typeof inline, 'string');
  assert.equal(renderDiffHtml(d, {}), inline);
  assert.equal(renderDiffHtml(d, { layout: 'inline' }), inline);
  assert.equal(typeof renderDiffHtml(d, { layout: 'split' }), 'string');
  assert.throws(() => renderDiffHtml(d, { layout: 'sideways' }), TypeError);
  assert.throws(() => renderDiffHtml(d, 'split'), TypeError);
  assert.throws(() => renderDiffHtml({ nope: true }), TypeError);
  assert.notEqual(renderDiffHtml(d, { layout: 'split' }), inline);
  // The diff survives a JSON round trip (what an app that stores it would do).
  assert.equal(renderDiffHtml(JSON.parse(JSON.stringify(d))), inline);
  // Prompt text is escaped: it cannot open an element.
  const evil = diffPrompts('<prompt><goal>a</goal></prompt>', '<prompt><goal>a <img src=x onerror=alert(1)></goal></prompt>');
  for (const layout of ['inline', 'split']) {
    const html = renderDiffHtml(evil, { layout });
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('&lt;img'), html);
  }
});

test('no test-only export ships, and no panic machinery: a panic traps at once (the release build)', () => {
  const wasm = readFileSync(new URL('./node_modules/prompt-assist/prompt_assist_bg.wasm', import.meta.url));
  const module = new WebAssembly.Module(wasm);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(!exports.some((name) => /forcePanic/i.test(name)), 'the test-only export shipped');
  // scripts/build: -Cpanic=immediate-abort and no panic-hook feature, so no console.error import
  // (the hook's message path is tested in the debug test-hooks build, tests/js/panic_hook.mjs).
  const imports = WebAssembly.Module.imports(module).map((i) => i.name);
  assert.ok(!imports.some((name) => /^__wbg_error_/.test(name)), 'the panic hook shipped');
});

test('a lone surrogate in a structured argument reads as U+FFFD, as in text arguments', () => {
  const { snapshot } = replay('{"type":"draft-ready","prompt":"<prompt><goal>g</goal></prompt>"}\n{"type":"done"}\n', {
    currentPrompt: '<prompt><goal>a\uD83D</goal></prompt>',
    variableContext: { firstName: 'Alex', note: 'cut \uD83D' },
  });
  assert.equal(snapshot.phase, 'done');
  assert.ok(snapshot.draft.diff.ops.some((o) => o.text.includes('\uFFFD')));
  assert.deepEqual(variableNames({ firstName: 'x\uDE00', ['bad\uD83D']: 1 }), ['firstName']);
  assert.equal(validateDraft('<prompt><goal>@firstName</goal></prompt>', { firstName: '\uD83D' }).ok, true);
});
