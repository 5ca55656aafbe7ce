// What the figure scripts of the benchmark share: where the built package is, loading it as Node
// does, medians, and the one JSON line each script prints for run.mjs. Not the inputs
// (inputs.mjs) and not the table (run.mjs).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built package measured: pkg/, as scripts/build wrote it (scripts/bench builds it first). */
export const pkgDir = path.join(repoRoot, 'pkg');

/** The package as a Node user gets it: its `node` entry, initialised. */
export async function loadPackage() {
  const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
  await pkg.default();
  return pkg;
}

/**
 * The wasm-bindgen glue module instance that the package's Node entry loaded (the same file URL,
 * so the same module record) and its exports: in Node, `initSync()` with no argument returns the
 * exports of the module already instantiated. Checked with a session: a glue of another instance
 * would fail `instanceof`.
 */
export async function packageGlue(pkg) {
  const glue = await import(pathToFileURL(path.join(pkgDir, 'prompt_assist.js')).href);
  const probe = new pkg.AssistantSession();
  const same = probe instanceof glue.AssistantSession;
  probe.free();
  if (!same) throw new Error('the glue module reached is not the instance the package loaded');
  return { glue, exports: glue.initSync() };
}

export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds `fn()` takes, and what it returned. */
export function timed(fn) {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** Fails the figure (run.mjs shows the message in its row) unless `ok`. */
export function check(ok, message) {
  if (!ok) throw new Error(message);
}

/** The result of a figure script: one JSON line on stdout, which run.mjs reads. */
export function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}
