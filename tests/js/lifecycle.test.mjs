// Lifecycle in Node, through the browser entry (imported by its path, as a page without a
// bundler would): every export throws before init() has resolved, with a message that says to
// call "await init()"; init() with no argument unpacks the inlined module; a freed
// AssistantSession or stream throws an Error that says so; free() twice and Symbol.dispose are
// harmless. Each case runs in a fresh process, so the module is really not loaded yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fresh as freshProcess } from './package-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.join(here, 'node_modules', 'prompt-assist');
const browserEntry = pathToFileURL(path.join(pkg, 'browser.js')).href;
const wasmFile = path.join(pkg, 'prompt_assist_bg.wasm');

// Runs `body` in a fresh Node process with `pa` (the browser entry's namespace) in scope;
// `body` ends with `return <JSON-able value>`.
const fresh = (body) => freshProcess(browserEntry, 'pa', body);

// One call of every export, with valid arguments, by name: adding an export without a row here
// fails the first test.
const CALLS = `
  const calls = {
    AssistantSession: () => new pa.AssistantSession({}),
    replay: () => pa.replay('{"type":"done"}'),
    variableNames: () => pa.variableNames({ a: 1 }),
    findVariables: () => pa.findVariables('@a'),
    validateDraft: () => pa.validateDraft('<prompt/>'),
    diffPrompts: () => pa.diffPrompts('a', 'b'),
    renderDiffHtml: () => pa.renderDiffHtml({
      structural: false, ops: [{ op: 'equal', text: 'a' }], sections: [], unified: '',
      stats: { inserted: 0, deleted: 0, added: 0, removed: 0, modified: 0, moved: 0 },
    }),
    version: () => pa.version(),
    streamPromptAssistant: () => pa.streamPromptAssistant({ instruction: 'hi' }, { baseUrl: 'http://127.0.0.1:9' }),
    Conversation: () => new pa.Conversation({ baseUrl: 'http://127.0.0.1:9' }),
    completeVariables: () => pa.completeVariables('@fi', 3, { firstName: 'Alex' }),
    mergeDraft: () => pa.mergeDraft({
      structural: false, ops: [{ op: 'equal', text: 'a' }], sections: [], unified: '',
      stats: { inserted: 0, deleted: 0, added: 0, removed: 0, modified: 0, moved: 0 },
    }),
  };
`;

test('before init(): every export throws an Error that says to call "await init()"', () => {
  const out = fresh(`
    ${CALLS}
    const names = Object.keys(pa).filter((n) => n !== 'default').sort();
    const thrown = {};
    for (const name of names) {
      try {
        calls[name]();
        thrown[name] = 'no error';
      } catch (e) {
        thrown[name] = { type: e.constructor.name, message: e.message };
      }
    }
    // Also while init() is running, before its promise has resolved.
    const loading = pa.default();
    let during;
    try { pa.version(); during = 'no error'; } catch (e) { during = e.message; }
    await loading;
    return { names, missing: names.filter((n) => !calls[n]), thrown, during, after: pa.version() };
  `);
  assert.deepEqual(out.missing, [], 'an export with no row in CALLS');
  assert.ok(out.names.length >= 9, out.names.join());
  for (const name of out.names) {
    const t = out.thrown[name];
    assert.equal(t.type, 'Error', `${name}: ${JSON.stringify(t)}`);
    assert.match(t.message, /"await init\(\)" first/, name);
    assert.ok(t.message.includes(name), `${name}: the message names the call: ${t.message}`);
  }
  assert.match(out.during, /"await init\(\)" first/);
  assert.match(out.after, /^\d+\.\d+\.\d+/);
});

test('init(): no argument unpacks the inlined module; the same promise each time; every export then works', () => {
  const out = fresh(`
    ${CALLS}
    const a = pa.default();
    const b = pa.default();
    await Promise.all([a, b]);
    const results = {};
    for (const [name, call] of Object.entries(calls)) {
      const value = call();
      results[name] = value === null ? 'null' : typeof value;
      if (name === 'streamPromptAssistant') value.abort();
    }
    return { same: a === b, resolved: await a, results };
  `);
  assert.equal(out.same, true);
  assert.equal(out.resolved, undefined);
  for (const [name, type] of Object.entries(out.results)) assert.ok(type === 'object' || type === 'string', `${name}: ${type}`);
});

test('init(bytes) and init({ module_or_path }) load a .wasm the caller provides', () => {
  for (const arg of [
    `readFileSync(${JSON.stringify(wasmFile)})`,
    `{ module_or_path: readFileSync(${JSON.stringify(wasmFile)}) }`,
    `new WebAssembly.Module(readFileSync(${JSON.stringify(wasmFile)}))`,
  ]) {
    const out = fresh(`
      const { readFileSync } = await import('node:fs');
      await pa.default(${arg});
      return pa.validateDraft('<prompt><goal>x</goal></prompt>').ok;
    `);
    assert.equal(out, true, arg);
  }
});

test('a failed init() rejects, and the next call tries again', () => {
  const out = fresh(`
    let first;
    try { await pa.default(new Uint8Array([1, 2, 3])); first = 'resolved'; } catch (e) { first = e.constructor.name; }
    let between;
    try { pa.version(); between = 'no error'; } catch (e) { between = e.message; }
    await pa.default();
    return { first, between, after: pa.version() };
  `);
  assert.equal(out.first, 'CompileError');
  assert.match(out.between, /"await init\(\)" first/);
  assert.match(out.after, /^\d+\.\d+\.\d+/);
});

test('a freed AssistantSession or stream throws an Error that says it was freed', () => {
  const out = fresh(`
    await pa.default();
    const attempt = (f) => { try { f(); return 'no error'; } catch (e) { return { type: e.constructor.name, message: e.message }; } };
    const s = new pa.AssistantSession();
    const pushed = s.push('{"type":"done"}\\n');
    s.free();
    const session = {
      push: attempt(() => s.push('{}')),
      finish: attempt(() => s.finish()),
      snapshot: attempt(() => s.snapshot()),
      freeAgain: attempt(() => s.free()),
      disposeAfterFree: attempt(() => s[Symbol.dispose]()),
    };
    const d = new pa.AssistantSession();
    d[Symbol.dispose]();
    const disposed = attempt(() => d.snapshot());
    const st = pa.streamPromptAssistant({ instruction: ' ' }, { baseUrl: 'http://127.0.0.1:9' });
    const events = [];
    for await (const e of st) events.push(e.code);
    st.free();
    const stream = {
      snapshot: attempt(() => st.snapshot()),
      next: attempt(() => st.next()),
      abort: attempt(() => st.abort()),
      freeAgain: attempt(() => st.free()),
    };
    const st2 = pa.streamPromptAssistant({ instruction: ' ' }, { baseUrl: 'http://127.0.0.1:9' });
    st2[Symbol.dispose]();
    return { pushed, session, disposed, events, stream, stream2: attempt(() => st2.snapshot()), hasDispose: typeof Symbol.dispose };
  `);
  assert.deepEqual(out.pushed, [{ type: 'done' }]);
  assert.equal(out.hasDispose, 'symbol');
  const freed = (what, r, cls, method) => {
    assert.equal(r.type, 'Error', `${what}: ${JSON.stringify(r)}`);
    assert.ok(r.message.startsWith(`${cls}.${method}() was called after this ${cls} was freed`), `${what}: ${r.message}`);
  };
  for (const m of ['push', 'finish', 'snapshot']) freed(`session.${m}`, out.session[m], 'AssistantSession', m);
  assert.equal(out.session.freeAgain, 'no error');
  assert.equal(out.session.disposeAfterFree, 'no error');
  freed('disposed session', out.disposed, 'AssistantSession', 'snapshot');
  assert.deepEqual(out.events, ['invalid-request']);
  for (const m of ['snapshot', 'next', 'abort']) freed(`stream.${m}`, out.stream[m], 'PromptAssistantStream', m);
  assert.equal(out.stream.freeAgain, 'no error');
  freed('disposed stream', out.stream2, 'PromptAssistantStream', 'snapshot');
});

test('the Node entry is ready at import: no init() needed, init() resolves', () => {
  const script = `
    import init, { version, AssistantSession } from 'prompt-assist';
    const v = version();
    new AssistantSession().free();
    await init();
    process.stdout.write(v);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});
