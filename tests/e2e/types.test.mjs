// The demo's JS is type-checked (`// @ts-check`) against the package's own .d.ts (pkg/) and
// CodeMirror's: tsc over www/tsconfig.json (the page), www/tsconfig.worker.json (the Web Worker)
// and www/tsconfig.node.json (the mock's recipes, the bundler script). A second run over a file
// that misuses the package shows that the check fails when it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './harness.mjs';

const run = promisify(execFile);
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

async function check(project) {
  try {
    await run(process.execPath, [tsc, '-p', project], { cwd: repoRoot });
    return { ok: true, out: '' };
  } catch (e) {
    return { ok: false, out: `${e.stdout}${e.stderr}` };
  }
}

for (const config of ['tsconfig.json', 'tsconfig.worker.json', 'tsconfig.node.json']) {
  test(`tsc --noEmit over www/${config}`, async () => {
    const { ok, out } = await check(join(repoRoot, 'www', config));
    assert.ok(ok, out);
  });
}

test('every page script opens with // @ts-check and is in a checked project', () => {
  const listed = new Set();
  for (const config of ['tsconfig.json', 'tsconfig.worker.json', 'tsconfig.node.json']) {
    // The configs hold comments: drop them before reading the file list.
    const text = readFileSync(join(repoRoot, 'www', config), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    for (const f of JSON.parse(text).files ?? []) listed.add(f);
  }
  for (const f of ['app.js', 'editor.js', 'review.js', 'turns.js', 'markdown.js', 'defaults.js', 'boot.js', 'worker.js', 'worker-page.js', 'mock.mjs', 'build.mjs']) {
    assert.ok(listed.has(f), `${f} is checked`);
    assert.match(readFileSync(join(repoRoot, 'www', f), 'utf8'), /^(#!.*\n)?\/\/ @ts-check/, `${f} opens with // @ts-check`);
  }
});

test('the check fails on a misuse of the package', async () => {
  const dir = mkdtempSync(join(repoRoot, 'www', '.types-'));
  try {
    const rel = relative(dir, join(repoRoot, 'www')).split('\\').join('/');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: `${rel}/tsconfig.json`,
      compilerOptions: { paths: { 'prompt-assist': [`${rel}/../pkg/prompt-assist.d.ts`] } },
      files: ['misuse.js'],
    }));
    writeFileSync(join(dir, 'misuse.js'), [
      '// @ts-check',
      "import { mergeDraft, diffPrompts, Conversation } from 'prompt-assist';",
      "const diff = diffPrompts('a', 'b');",
      "mergeDraft(diff, { '/prompt/goal': 'yes' });",
      "const c = new Conversation({ baseUrl: 'x' });",
      "c.send('hi').snapshot().assistantTxt;",
      '',
    ].join('\n'));
    const { ok, out } = await check(join(dir, 'tsconfig.json'));
    assert.equal(ok, false, 'tsc rejects the misuse');
    assert.match(out, /misuse\.js\(4,.*TS2322/, 'a decision must be a boolean');
    assert.match(out, /misuse\.js\(6,.*TS2551|misuse\.js\(6,.*TS2339/, 'no such snapshot field');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
