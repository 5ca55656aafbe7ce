// Makes docs/demo.png, the README's picture of the demo: the CodeMirror editor beside a draft
// under review (one section taken, one rejected). `node tests/e2e/demo-png.mjs`.
// (Not a test: node --test only runs *.test.mjs.) Needs pkg/ built.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ask, repoRoot, setUp } from './harness.mjs';

const env = await setUp({ speed: 0.2 });
try {
  const page = await env.openPage({ width: 1180, height: 800 });
  await ask(page, 'Sharpen the role and the goal', { scenario: '' });
  await page.$eval('details.advanced', (d) => { d.open = false; });
  await page.selectOption('#scenario', '');
  await page.check('input[name="layout"][value="split"]');
  await page.click('#diff button[data-action="accept"][data-path="/prompt/role"]');
  await page.click('#diff button[data-action="reject"][data-path="/prompt/goal"]');
  await page.evaluate(() => {
    const { view } = window.demo.prompt;
    view.dispatch({ selection: { anchor: view.state.doc.toString().indexOf('two tour') } });
    view.focus();
    window.scrollTo(0, 0);
  });
  mkdirSync(join(repoRoot, 'docs'), { recursive: true });
  const out = join(repoRoot, 'docs', 'demo.png');
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1180, height: 800 } });
  console.log(`${out}: ${statSync(out).size} bytes`);
} finally {
  await env.close();
}
