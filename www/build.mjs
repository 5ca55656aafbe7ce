#!/usr/bin/env node
// @ts-check
// Bundles the demo page: www/app.js and what it imports (CodeMirror 6 from node_modules, the
// page's own modules) into www/dist/app.js with esbuild. `prompt-assist` stays external: the page
// loads it through its import map from pkg/, as an application without a bundler would, so a
// rebuilt package needs no rebundling.
//
//   node www/build.mjs          (scripts/demo runs it; tests/e2e/harness.mjs calls buildDemo())
import { build } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** Writes www/dist/app.js (and its source map); resolves to the bundle's path and size. */
export async function buildDemo({ outdir = join(here, 'dist'), minify = true } = {}) {
  const result = await build({
    entryPoints: [join(here, 'app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    external: ['prompt-assist'],
    outdir,
    minify,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const out = join(outdir, 'app.js');
  const bytes = result.metafile.outputs[relative(process.cwd(), out)]?.bytes
    ?? Object.entries(result.metafile.outputs).find(([k]) => k.endsWith('app.js'))?.[1].bytes
    ?? 0;
  return { file: out, bytes };
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const { file, bytes } = await buildDemo();
  console.log(`[demo] bundled ${relative(process.cwd(), file)}: ${bytes} bytes`);
}
