// The hand-written .d.ts against `tsc --strict`: a correct consumer compiles, and each misuse
// fails to compile, in its own file, with the expected diagnostic. Its lifecycle members match
// what wasm-bindgen itself declares (scripts/build writes wasm-bindgen's .d.ts to
// target/bindgen-dts/, PA_BINDGEN_DTS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedDts } from './package-dts.mjs';
import { compile as compileTs, DEV_TYPES } from './package-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const ts = createRequire(path.join(dev, 'noop.js'))('typescript');

const DOM = ['--lib', 'es2022,dom,dom.iterable', '--types', 'node'];
const NODE_ONLY = ['--lib', 'es2022', '--types', 'node'];
const DISPOSABLE = ['--lib', 'es2022,esnext.disposable,dom,dom.iterable', '--types', 'node'];
// No @types at all: an empty typeRoots.
const emptyTypes = path.join(here, 'no-types');
mkdirSync(emptyTypes, { recursive: true });
const BROWSER_ONLY = ['--lib', 'es2022,dom'];

function compile(file, env = DOM) {
  return compileTs(file, env, env === BROWSER_ONLY ? emptyTypes : DEV_TYPES);
}

// Exported types and classes of the package that tests/shapes_ts.rs does not sample, and why.
// Every other exported type must appear in tests/js/types/rust-samples.ts.
const NOT_FROM_RUST = new Map([
  ['WasmModule', 'loading: a WebAssembly.Module, JS only'],
  ['InitSource', 'loading: what init() accepts, JS only'],
  ['InitInput', 'loading: what init() accepts, JS only'],
  ['VariableContext', "free-form: the editor's own variables, any JSON object"],
  ['DiffLayout', 'renderDiffHtml input, read field by field in src/diff/html/options.rs; render.test.mjs'],
  ['RenderLabels', 'renderDiffHtml input, read field by field in src/diff/html/options.rs; render.test.mjs'],
  ['RenderOptions', 'renderDiffHtml input, read field by field in src/diff/html/options.rs; render.test.mjs'],
  ['RenderDiffOptions', 'the earlier name of RenderOptions'],
  ['AssistantSession', "a class: its members are checked against wasm-bindgen's .d.ts below"],
  ['PromptAssistantStream', "an async iterator written in JS (stream.js); its lifecycle members are checked below"],
  ['Conversation', 'a class written in JS (conversation.js); conversation.test.mjs'],
]);

// Names of the exported interfaces, type aliases and classes declared in a .d.ts.
function exportedTypes(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = [];
  for (const s of source.statements) {
    const exported = s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (
      exported &&
      (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s)) &&
      s.name
    ) {
      names.push(s.name.text);
    }
  }
  return names;
}

test('the Rust samples (tests/shapes_ts.rs) compile against the package types under --strict', () => {
  const { status, output } = compile('rust-samples.ts');
  assert.equal(status, 0, `the .d.ts disagrees with the Rust types:\n${output}`);
});

test('every exported type is sampled from Rust, or listed in NOT_FROM_RUST with a reason', () => {
  const samples = readFileSync(path.join(here, 'types', 'rust-samples.ts'), 'utf8');
  const files = shippedDts();
  assert.ok(files.some((f) => f.endsWith('prompt-assist.d.ts')), files.join(', '));
  const missing = [];
  const declared = new Set();
  for (const file of files) {
    for (const name of exportedTypes(file)) {
      declared.add(name);
      if (NOT_FROM_RUST.has(name)) continue;
      if (!new RegExp(`\\bPA\\.${name}\\b`).test(samples)) missing.push(`${name} (${path.basename(file)})`);
    }
  }
  assert.deepEqual(missing, [], 'exported types with no sample from Rust: add one to tests/shapes_ts.rs or to NOT_FROM_RUST');
  const stale = [...NOT_FROM_RUST.keys()].filter((n) => !declared.has(n));
  assert.deepEqual(stale, [], 'NOT_FROM_RUST names types the package no longer exports');
});

test('a correct consumer compiles under --strict', () => {
  const { status, output } = compile('consumer-ok.ts');
  assert.equal(status, 0, output);
});

test('a Node-only consumer (no DOM lib) compiles', () => {
  const { status, output } = compile('consumer-node.ts', NODE_ONLY);
  assert.equal(status, 0, output);
});

test('`using` on an AssistantSession and a stream compiles (esnext.disposable lib)', () => {
  const { status, output } = compile('consumer-dispose.ts', DISPOSABLE);
  assert.equal(status, 0, output);
});

test('a browser-only consumer (lib es2022 + DOM, no @types/node) compiles', () => {
  const { status, output } = compile('consumer-browser.ts', BROWSER_ONLY);
  assert.equal(status, 0, output);
});

// Members of a class or interface, as printed without comments, by name.
function members(file, name) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const printer = ts.createPrinter({ removeComments: true });
  const decl = source.statements.find(
    (s) => (ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name?.text === name,
  );
  assert.ok(decl, `${name} in ${file}`);
  return new Map(
    decl.members.map((m) => [
      m.name ? m.name.getText(source) : 'constructor',
      printer.printNode(ts.EmitHint.Unspecified, m, source).trim(),
    ]),
  );
}

test("free() and [Symbol.dispose]() are declared as wasm-bindgen declares them; every wasm-bindgen member is declared", () => {
  const generated = process.env.PA_BINDGEN_DTS;
  assert.ok(generated, 'PA_BINDGEN_DTS: run this through tests/js/run.mjs after scripts/build');
  const ours = path.join(here, 'node_modules', 'prompt-assist', 'prompt-assist.d.ts');
  // PromptAssistantStream is written in JS over the module (stream.js): its lifecycle members
  // are declared as wasm-bindgen declares its classes'.
  const stream = members(ours, 'PromptAssistantStream');
  assert.equal(stream.get('free'), 'free(): void;');
  assert.equal(stream.get('[Symbol.dispose]'), '[Symbol.dispose](): void;');
  for (const name of ['AssistantSession']) {
    const theirs = members(generated, name);
    const mine = members(ours, name);
    for (const lifecycle of ['free', '[Symbol.dispose]']) {
      assert.equal(theirs.get(lifecycle), `${lifecycle}(): void;`, `wasm-bindgen's ${name}.${lifecycle}`);
      assert.equal(mine.get(lifecycle), theirs.get(lifecycle), `${name}.${lifecycle}`);
    }
    for (const [member, text] of theirs) {
      if (text.startsWith('private ')) continue; // `private constructor();`: not constructible from JS
      assert.ok(mine.has(member), `${name}.${member} is not declared`);
    }
  }
});

for (const [file, code, needle, env = DOM] of [
  ['fail-delta-unnarrowed.ts', 'TS2339', "Property 'delta' does not exist"],
  ['fail-instruction-number.ts', 'TS2322', "Type 'number' is not assignable to type 'string'"],
  ['fail-misspelled-export.ts', 'TS2724', 'streamPromptAsistant'],
  ['fail-layout-sideways.ts', 'TS2322', '"sideways"'],
  ['fail-using-non-disposable.ts', 'TS2850', "'using' declaration", DISPOSABLE],
]) {
  test(`tsc rejects ${file}`, () => {
    const { status, output } = compile(file, env);
    assert.notEqual(status, 0, `${file} compiled`);
    assert.ok(output.includes(file), output);
    assert.ok(output.includes(code), `expected ${code}:\n${output}`);
    assert.ok(output.includes(needle), `expected ${needle}:\n${output}`);
    // Only the intended misuse fails: the declarations themselves are clean.
    assert.ok(!output.includes('prompt-assist.d.ts'), output);
  });
}
