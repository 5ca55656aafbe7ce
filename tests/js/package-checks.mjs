// Checks that several test files make of the installed package: the value exports a .d.ts
// declares, the kinds of a module's runtime exports in Node and in its browser entry, and
// `tsc --strict` over a consumer file in types/, and a script run in a fresh process. One copy each
// (import, lifecycle, lite and types tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const tsc = path.join(dev, 'typescript', 'bin', 'tsc');
const ts = createRequire(path.join(dev, 'noop.js'))('typescript');

/** The value exports a .d.ts declares (functions, classes, consts, the default), by name, sorted. */
export function declaredValues(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = [];
  for (const node of source.statements) {
    const modifiers = ts.getModifiers?.(node) ?? [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) names.push(isDefault ? 'default' : node.name.text);
    if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) names.push(d.name.text);
  }
  return [...new Set(names)].sort();
}

/**
 * `typeof` of every runtime export, by name, of `specifier` imported in Node and of the browser
 * entry at `browserPath` (relative to the consumer project), each in a fresh process.
 */
export function runtimeExportKinds(specifier, browserPath) {
  const script = `
    const node = await import(${JSON.stringify(specifier)});
    const browser = await import(new URL(${JSON.stringify(browserPath)}, 'file://' + process.cwd() + '/'));
    const kinds = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, typeof m[k]]));
    console.log(JSON.stringify({ node: kinds(node), browser: kinds(browser) }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** `--typeRoots` of the dev tools: @types/node and the rest. */
export const DEV_TYPES = path.join(dev, '@types');

/**
 * `tsc --strict --noEmit` (es2022, nodenext) over `types/<file>`, with `libArgs` (`--lib` and
 * `--types`) and `typeRoots`; returns the exit status and the diagnostics.
 */
export function compile(file, libArgs, typeRoots = DEV_TYPES) {
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      '--strict',
      '--noEmit',
      '--target', 'es2022',
      '--module', 'nodenext',
      '--moduleResolution', 'nodenext',
      '--typeRoots', typeRoots,
      ...libArgs,
      path.join(here, 'types', file),
    ],
    { cwd: here, encoding: 'utf8' },
  );
  return { status: r.status, output: r.stdout + r.stderr };
}

/**
 * Runs `body` in a fresh Node process, with the module at `entry` (a file URL) imported as
 * `name` in scope; `body` ends with `return <JSON-able value>`, which this returns.
 */
export function fresh(entry, name, body) {
  const script = `
    const ${name} = await import(${JSON.stringify(entry)});
    const out = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
