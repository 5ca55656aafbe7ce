// The .d.ts files the installed package ships, as its package.json names them: each `types`
// condition of `exports`, the top-level `types`, and any .d.ts listed in `files`. A new entry
// (say `prompt-assist/lite` with its own .d.ts) is picked up without a change here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The installed package's directory (tests/js/run.mjs installs the packed tarball). */
export const packageDir = path.join(here, 'node_modules', 'prompt-assist');

/** Absolute paths of every shipped .d.ts, sorted; throws when one named is missing. */
export function shippedDts(pkgDir = packageDir) {
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const found = new Set();
  const walk = (value, key) => {
    if (typeof value === 'string') {
      if (key === 'types' || value.endsWith('.d.ts')) found.add(path.normalize(value));
    } else if (value && typeof value === 'object') {
      for (const [k, inner] of Object.entries(value)) walk(inner, k);
    }
  };
  walk(pkg.exports, 'exports');
  if (pkg.types) found.add(path.normalize(pkg.types));
  if (pkg.typings) found.add(path.normalize(pkg.typings));
  for (const f of pkg.files ?? []) {
    if (f.endsWith('.d.ts') && !f.includes('*')) found.add(path.normalize(f));
  }
  const files = [...found].sort().map((f) => path.join(pkgDir, f));
  for (const f of files) {
    if (!existsSync(f)) throw new Error(`package.json names ${path.relative(pkgDir, f)}, which is not in the package`);
  }
  return files;
}
