// prompt-assist/lite (API.md §2) through the installed package: its exports map entry, its
// runtime exports are exactly the values lite/index.d.ts declares (in Node and in the browser
// entry), every function gives the main module's result (or throws the same error) on a table
// of cases, the browser entry unpacks its own inlined module, and before init() every export
// throws an Error that names "prompt-assist/lite" and says to call "await init()".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as main from 'prompt-assist';
import initLite, * as lite from 'prompt-assist/lite';
import { compile as compileTs, declaredValues, fresh as freshProcess, runtimeExportKinds } from './package-checks.mjs';

await initLite();

const here = path.dirname(fileURLToPath(import.meta.url));
const installed = path.join(here, 'node_modules', 'prompt-assist');

test('package.json: "./lite" has types first, then node and default, and every target exists', () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const entry = pkg.exports['./lite'];
  assert.deepEqual(entry, { types: './lite/index.d.ts', node: './lite/node.js', default: './lite/browser.js' });
  assert.deepEqual(Object.keys(entry), ['types', 'node', 'default']);
  for (const target of Object.values(entry)) assert.ok(existsSync(path.join(installed, target)), target);
  assert.ok(pkg.sideEffects.includes('./lite/node.js'), 'lite/node.js instantiates its module at import');
  for (const f of readdirSync(path.join(installed, 'lite')).filter((f) => f.endsWith('.js') && f !== 'prompt_assist_inline.js')) {
    const map = JSON.parse(readFileSync(path.join(installed, 'lite', `${f}.map`), 'utf8'));
    assert.ok(map.sourcesContent?.[0]?.length > 0, `lite/${f}.map holds the source`);
  }
});

test('the runtime exports are exactly the values lite/index.d.ts declares, in Node and in the browser entry', () => {
  const { node, browser } = runtimeExportKinds('prompt-assist/lite', './node_modules/prompt-assist/lite/browser.js');
  const declared = declaredValues(path.join(installed, 'lite', 'index.d.ts'));
  // API.md §2: exactly these.
  assert.deepEqual(declared, ['completeVariables', 'default', 'findVariables', 'validateDraft', 'variableNames', 'version']);
  assert.deepEqual(Object.keys(node), declared, 'Node entry vs .d.ts');
  assert.deepEqual(Object.keys(browser), declared, 'browser entry vs .d.ts');
  for (const [name, kind] of Object.entries({ ...node, ...browser })) assert.equal(kind, 'function', name);
});

// tsc --strict on a consumer of prompt-assist/lite (types/), with DOM and Node types.
const compile = (file) => compileTs(file, ['--lib', 'es2022,dom', '--types', 'node']);

test('lite/index.d.ts: a consumer compiles under tsc --strict, with the main package\'s types', () => {
  const { status, output } = compile('consumer-lite.ts');
  assert.equal(status, 0, output);
});

test('lite/index.d.ts: importing what lite leaves out fails to compile', () => {
  const { status, output } = compile('fail-lite-no-diff.ts');
  assert.notEqual(status, 0, output);
  assert.match(output, /TS(2305|2614).*no exported member 'diffPrompts'/, output);
});

const CONTEXT = {
  firstName: 'Alex',
  '@lastName': 'Doe',
  company: 7,
  'Lead fields': ['leadSource', { name: 'leadOwner' }],
  contact: { email: 'a@example.com', Fields: ['phone'], address: { city: 'Oslo' } },
  'first name': 'left out',
};

// [function, arguments]: each lite function against the main module's, results and errors.
const CASES = [
  ['version', []],
  ['variableNames', [CONTEXT]],
  ['variableNames', [{}]],
  ['variableNames', [[]]],
  ['variableNames', ['nope']],
  ['variableNames', [undefined]],
  ['findVariables', ['Hi @firstName and @contact.email.', CONTEXT]],
  ['findVariables', ['leo@example.com zoë@example.com zoe\u0308@x @ok', undefined]],
  ['findVariables', ['😀 @firstName\n\t@unknown @a.b.', CONTEXT]],
  ['findVariables', ['', null]],
  ['findVariables', [5]],
  ['findVariables', ['@a', 'not an object']],
  ['validateDraft', ['<prompt><goal>Hi @frstName</goal></prompt>', CONTEXT]],
  ['validateDraft', ['<prompt><goal>Hi @firstName</goal><goal/><rules></rules></prompt>', CONTEXT]],
  ['validateDraft', ['<prompt><goal>unclosed</prompt>', undefined]],
  ['validateDraft', ['<!DOCTYPE x><prompt/>', undefined]],
  ['validateDraft', ['', undefined]],
  ['validateDraft', ['   ', CONTEXT]],
  ['validateDraft', ['<a/><b/>', undefined]],
  ['validateDraft', ['<prompt a="@firstName" a="x"><![CDATA[@contact.phone {{name}} ${x}]]><!-- @nope --></prompt>', CONTEXT]],
  ['validateDraft', ['<prompt>&nbsp; &amp; &#xD800; \ud83d</prompt>', CONTEXT]],
  ['validateDraft', [`<prompt>${'<x>'.repeat(300)}${'</x>'.repeat(300)}</prompt>`, undefined]],
  ['validateDraft', [42]],
  ['validateDraft', ['<prompt/>', 42]],
  ['completeVariables', ['Hi @fi', 6, CONTEXT]],
  ['completeVariables', ['Hi @contact.', 12, CONTEXT]],
  ['completeVariables', ['Hi @contact.address.c', 21, CONTEXT]],
  ['completeVariables', ['Hi @frstNme', 11, CONTEXT]],
  ['completeVariables', ['leo@ex', 6, CONTEXT]],
  ['completeVariables', ['<!-- @fi', 8, CONTEXT]],
  ['completeVariables', ['😀 @', 4, CONTEXT]],
  ['completeVariables', ['@', 0, CONTEXT]],
  ['completeVariables', ['@fi', 4, CONTEXT]],
  ['completeVariables', ['@fi', 1.5, CONTEXT]],
  ['completeVariables', ['@fi', -1, CONTEXT]],
  ['completeVariables', ['@fi', 3, undefined]],
  ['completeVariables', [null, 0, CONTEXT]],
];

function outcome(fn, args) {
  try {
    return { value: fn(...args) };
  } catch (e) {
    return { thrown: e.constructor.name, message: e.message };
  }
}

test('every lite function gives the main module\'s result, or throws the same error, on a table of cases', () => {
  const seen = new Set();
  for (const [name, args] of CASES) {
    seen.add(name);
    const label = `${name}(${JSON.stringify(args).slice(0, 80)})`;
    assert.deepEqual(outcome(lite[name], args), outcome(main[name], args), label);
  }
  // Every export but init has rows, and the table reaches both outcomes.
  assert.deepEqual([...seen].sort(), Object.keys(lite).filter((n) => n !== 'default').sort());
  const outcomes = CASES.map(([name, args]) => outcome(lite[name], args));
  assert.ok(outcomes.some((o) => 'thrown' in o) && outcomes.some((o) => 'value' in o && o.value !== null));
});

test('the lite module is its own: not the main module\'s glue, and smaller', () => {
  const size = (f) => readFileSync(path.join(installed, f)).length;
  assert.ok(size('lite/prompt_assist_bg.wasm') < size('prompt_assist_bg.wasm') / 2, 'lite wasm is under half the main one');
  const glue = readFileSync(path.join(installed, 'lite', 'prompt_assist.js'), 'utf8');
  assert.ok(!/diffPrompts|AssistantSession/.test(glue), 'the lite glue has no full-module export');
});

// Runs `body` in a fresh Node process with `lite` (the lite browser entry's namespace) in scope;
// `body` ends with `return <JSON-able value>`.
const fresh = (body) => freshProcess(pathToFileURL(path.join(installed, 'lite', 'browser.js')).href, 'lite', body);

test('before init(): every lite export throws an Error that names "prompt-assist/lite" and says to call "await init()"', () => {
  const out = fresh(`
    const calls = {
      variableNames: () => lite.variableNames({ a: 1 }),
      findVariables: () => lite.findVariables('@a'),
      validateDraft: () => lite.validateDraft('<prompt/>'),
      completeVariables: () => lite.completeVariables('@fi', 3, { firstName: 'Alex' }),
      version: () => lite.version(),
    };
    const names = Object.keys(lite).filter((n) => n !== 'default').sort();
    const thrown = {};
    for (const name of names) {
      try {
        calls[name]();
        thrown[name] = 'no error';
      } catch (e) {
        thrown[name] = { type: e.constructor.name, message: e.message };
      }
    }
    const loading = lite.default();
    let during;
    try { lite.version(); during = 'no error'; } catch (e) { during = e.message; }
    await loading;
    const after = {};
    for (const [name, call] of Object.entries(calls)) after[name] = typeof call();
    return { names, missing: names.filter((n) => !calls[n]), thrown, during, after, same: lite.default() === loading };
  `);
  assert.deepEqual(out.missing, [], 'an export with no row in calls');
  assert.equal(out.names.length, 5, out.names.join());
  for (const name of out.names) {
    const t = out.thrown[name];
    assert.equal(t.type, 'Error', `${name}: ${JSON.stringify(t)}`);
    assert.match(t.message, /before prompt-assist\/lite finished loading: call "await init\(\)" first/, name);
    assert.match(t.message, /default export of "prompt-assist\/lite"/, name);
    assert.ok(t.message.startsWith(`${name}()`), `${name}: the message names the call: ${t.message}`);
  }
  assert.match(out.during, /"await init\(\)" first/);
  // init() with no argument unpacked the lite module's own inlined copy; every export then works.
  assert.deepEqual(out.after, { variableNames: 'object', findVariables: 'object', validateDraft: 'object', completeVariables: 'object', version: 'string' });
  assert.equal(out.same, true);
});

test('init(bytes) loads lite/prompt_assist_bg.wasm that the caller hosts', () => {
  const wasm = path.join(installed, 'lite', 'prompt_assist_bg.wasm');
  const out = fresh(`
    const { readFileSync } = await import('node:fs');
    await lite.default(readFileSync(${JSON.stringify(wasm)}));
    return lite.validateDraft('<prompt><goal>Hi</goal></prompt>').ok;
  `);
  assert.equal(out, true);
});

test('the lite module loads next to the main one, each with its own init', () => {
  const mainEntry = pathToFileURL(path.join(installed, 'browser.js')).href;
  const out = fresh(`
    const main = await import(${JSON.stringify(mainEntry)});
    await lite.default();
    let mainBefore;
    try { main.validateDraft('<prompt/>'); mainBefore = 'no error'; } catch (e) { mainBefore = e.message; }
    await main.default();
    return { mainBefore, same: main.version() === lite.version() };
  `);
  assert.match(out.mainBefore, /before prompt-assist finished loading/);
  assert.equal(out.same, true);
});
