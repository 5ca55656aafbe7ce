// The hand-written .d.ts against `tsc --strict`: a correct consumer compiles, and each misuse
// fails to compile, in its own file, with the expected diagnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules'), 'typescript', 'bin', 'tsc');

const DOM = ['--lib', 'es2022,dom,dom.iterable', '--types', 'node'];
const NODE_ONLY = ['--lib', 'es2022', '--types', 'node'];

function compile(file, env = DOM) {
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      '--strict',
      '--noEmit',
      '--target', 'es2022',
      '--module', 'nodenext',
      '--moduleResolution', 'nodenext',
      '--typeRoots', path.join(path.dirname(tsc), '..', '..', '@types'),
      ...env,
      path.join(here, 'types', file),
    ],
    { cwd: here, encoding: 'utf8' },
  );
  return { status: r.status, output: r.stdout + r.stderr };
}

test('a correct consumer compiles under --strict', () => {
  const { status, output } = compile('consumer-ok.ts');
  assert.equal(status, 0, output);
});

test('a Node-only consumer (no DOM lib) compiles', () => {
  const { status, output } = compile('consumer-node.ts', NODE_ONLY);
  assert.equal(status, 0, output);
});

for (const [file, code, needle] of [
  ['fail-delta-unnarrowed.ts', 'TS2339', "Property 'delta' does not exist"],
  ['fail-instruction-number.ts', 'TS2322', "Type 'number' is not assignable to type 'string'"],
  ['fail-misspelled-export.ts', 'TS2724', 'streamPromptAsistant'],
  ['fail-layout-sideways.ts', 'TS2322', '"sideways"'],
]) {
  test(`tsc rejects ${file}`, () => {
    const { status, output } = compile(file);
    assert.notEqual(status, 0, `${file} compiled`);
    assert.ok(output.includes(file), output);
    assert.ok(output.includes(code), `expected ${code}:\n${output}`);
    assert.ok(output.includes(needle), `expected ${needle}:\n${output}`);
    // Only the intended misuse fails: the declarations themselves are clean.
    assert.ok(!output.includes('prompt-assist.d.ts'), output);
  });
}
