// Makes docs/demo.png, the README's picture of the demo: `node tests/e2e/demo-png.mjs`.
// (Not a test: node --test only runs *.test.mjs.) Needs pkg/ built.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ask, repoRoot, setUp } from './harness.mjs';

const env = await setUp({ speed: 0.2 });
try {
  const page = await env.openPage({ width: 1180, height: 800 });
  await page.fill('#instruction', 'Move the rules above the goal and greet the lead by name');
  await ask(page, 'Move the rules above the goal and greet the lead by name', { scenario: 'unknown-variable' });
  await page.$eval('details.advanced', (d) => { d.open = false; });
  await page.$eval('#log-box', (d) => { d.open = false; });
  await page.selectOption('#scenario', '');
  await page.click('#draft-issues button');
  await page.$eval('#draft-source-box', (d) => { d.open = false; });
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(join(repoRoot, 'docs'), { recursive: true });
  const out = join(repoRoot, 'docs', 'demo.png');
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1180, height: 800 } });
  console.log(`${out}: ${statSync(out).size} bytes`);
} finally {
  await env.close();
}
