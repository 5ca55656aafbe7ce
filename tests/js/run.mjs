// Runs the JS tests as a user would: `npm pack` the built pkg/, install the tarball by name into
// a fresh consumer project, copy the tests there, and run them with `node --test`. The dev tools
// (TypeScript, playwright-core, and the bundlers of toolchains.test.mjs: Vite, webpack, esbuild)
// come from the repository's node_modules (PA_DEV_MODULES); toolchains.test.mjs installs the
// tarball (PA_TARBALL) into a fresh project per toolchain, under test-artifacts/toolchains/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const work = path.join(root, 'test-artifacts');
const consumer = path.join(work, 'consumer');

rmSync(work, { recursive: true, force: true });
mkdirSync(consumer, { recursive: true });
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: path.join(root, 'pkg'), encoding: 'utf8' }),
);
const tarball = path.join(work, packed[0].filename);
console.log(`packed ${packed[0].filename}: ${packed[0].files.map((f) => f.path).join(', ')}`);

writeFileSync(
  path.join(consumer, 'package.json'),
  JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
  cwd: consumer,
  stdio: 'inherit',
});

for (const entry of readdirSync(here)) {
  if (entry !== 'run.mjs') {
    cpSync(path.join(here, entry), path.join(consumer, entry), { recursive: true });
  }
}

const only = process.argv.slice(2);
const files = only.length ? only : readdirSync(consumer).filter((f) => f.endsWith('.test.mjs'));
// Each test has 10 minutes (the toolchain builds take about one): a hang fails, never waits.
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=600000', ...files], {
  cwd: consumer,
  stdio: 'inherit',
  env: {
    ...process.env,
    PA_DEV_MODULES: path.join(root, 'node_modules'),
    PA_TARBALL: tarball,
    PA_BINDGEN_DTS: path.join(root, 'target', 'bindgen-dts', 'prompt_assist.d.ts'),
  },
});
process.exit(run.status ?? 1);
