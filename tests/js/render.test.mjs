// renderDiffHtml's options (API.md §4 "Render options") through the installed package: decoding
// and TypeErrors in Node, then the HTML with the shipped stylesheet in headless Chromium, where
// rows are real rows (the changed line and its counterpart share one), line numbers match the
// prompt's lines, issues are marked at their UTF-16 positions, buttons carry their paths, and
// data-theme beats prefers-color-scheme. Screenshots (light, dark) go to screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import init, { diffPrompts, renderDiffHtml, validateDraft } from 'prompt-assist';

await init();

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const CSS = readFileSync(path.join(here, 'node_modules', 'prompt-assist', 'prompt-assist.css'), 'utf8');

const CONTEXT = { firstName: 'Alex', propertyName: 'Maple Court' };
const CURRENT = `<prompt>
  <role>Leasing assistant</role>
  <goal>Convert leads into tours.</goal>
  <rules>
    Be brief.
    Never promise prices.
    Answer in the lead's language.
    Offer a tour time.
    Confirm the date.
    Thank them.
    Sign with the property name.
  </rules>
  <example>Q: Is there parking? A: Yes.</example>
</prompt>
`;
const DRAFT = `<prompt>
  <role>Leasing assistant</role>
  <example>Q: Is there parking? A: Yes.</example>
  <goal>Convert qualified leads into booked tours for 😀 @frstName.</goal>
  <rules>
    Be brief.
    Never promise prices.
    Answer in the lead's language.
    Offer a tour time.
    Ask for the move-in date.
    Confirm the date.
    Thank them.
    Sign with @propertyName.
  </rules>
</prompt>
`;
const diff = diffPrompts(CURRENT, DRAFT);
const validation = validateDraft(DRAFT, CONTEXT);

// ---- decoding, in Node ----

test('defaults: inline, line numbers, 3 lines of context, no buttons', () => {
  const html = renderDiffHtml(diff);
  assert.match(html, /pa-diff-table-inline/);
  assert.match(html, /class="pa-diff-num">\d+</);
  assert.match(html, /class="pa-diff-fold" data-lines="\d+"/);
  assert.doesNotMatch(html, /<button/);
  assert.doesNotMatch(html, /<mark/);
  // null is the same as leaving an option out.
  const nulls = { layout: null, lineNumbers: null, context: null, actions: null, issues: null, labels: null };
  assert.equal(renderDiffHtml(diff, nulls), html);
  assert.equal(renderDiffHtml(diff, { layout: 'inline', lineNumbers: true, context: 3, actions: false }), html);
  assert.equal(renderDiffHtml(diff, { unknownOption: 1 }), html);
});

test('each option changes what it says', () => {
  assert.match(renderDiffHtml(diff, { layout: 'split' }), /pa-diff-table-split/);
  assert.doesNotMatch(renderDiffHtml(diff, { lineNumbers: false }), /pa-diff-num/);
  assert.doesNotMatch(renderDiffHtml(diff, { context: Infinity }), /pa-diff-fold/);
  const folded = (context) => [...renderDiffHtml(diff, { context }).matchAll(/data-lines="(\d+)"/g)].map((m) => +m[1]);
  assert.ok(folded(0).reduce((a, b) => a + b, 0) > folded(3).reduce((a, b) => a + b, 0));
  const buttons = [...renderDiffHtml(diff, { actions: true }).matchAll(/<button type="button" class="[^"]*" data-action="(accept|reject)" data-path="([^"]*)">/g)];
  const changed = diff.sections.filter((s) => s.change !== 'unchanged').map((s) => s.path);
  assert.deepEqual(buttons.map((m) => [m[1], m[2]]), changed.flatMap((p) => [['accept', p], ['reject', p]]));
  const german = renderDiffHtml(diff, { actions: true, labels: { accept: 'Übernehmen', modified: 'geändert' } });
  assert.match(german, />Übernehmen</);
  assert.match(german, />geändert</);
  assert.match(german, />Reject</);
});

test('a wrong option is a TypeError that names it', () => {
  const cases = [
    ['layout', { layout: 'sideways' }],
    ['layout', { layout: 5 }],
    ['lineNumbers', { lineNumbers: 'yes' }],
    ['context', { context: -1 }],
    ['context', { context: 1.5 }],
    ['context', { context: '3' }],
    ['context', { context: NaN }],
    ['context', { context: -Infinity }],
    ['actions', { actions: 1 }],
    ['issues', { issues: 'none' }],
    ['issues', { issues: [{ start: 0 }] }],
    ['labels', { labels: 'de' }],
    ['labels', { labels: { accept: 5 } }],
  ];
  for (const [name, options] of cases) {
    assert.throws(() => renderDiffHtml(diff, options), (e) => e instanceof TypeError && e.message.includes(`options.${name}`), JSON.stringify(options));
  }
  assert.throws(() => renderDiffHtml(diff, 'split'), TypeError);
  assert.throws(() => renderDiffHtml(diff, [1]), TypeError);
});

test('issues are marked at their UTF-16 positions, with their messages', () => {
  const unknown = validation.issues.filter((i) => i.code === 'unknown-variable');
  assert.equal(unknown.length, 1);
  for (const layout of ['inline', 'split']) {
    const html = renderDiffHtml(diff, { layout, issues: validation.issues });
    const marks = [...html.matchAll(/<mark class="pa-diff-issue pa-diff-issue-error">([^<]*)<\/mark>/g)].map((m) => m[1]);
    // In the goal section and in the whole text; after the emoji, whose two UTF-16 units the
    // positions count.
    assert.ok(marks.length >= 1 && marks.every((m) => m === '@frstName'), marks.join());
    assert.ok(html.includes(escapeHtml(unknown[0].message)));
  }
});

test('labels, messages and paths are text, never markup', () => {
  const evil = '"><img src=x onerror=alert(1)>';
  const hostileDiff = diffPrompts(CURRENT, DRAFT.replace('<goal>', `<goal name="${evil.replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}">`));
  const labels = Object.fromEntries(
    ['added', 'removed', 'modified', 'moved', 'unchanged', 'accept', 'reject', 'words', 'folded', 'noChanges', 'lineByLine', 'wholeText', 'textDiff'].map((k) => [k, evil]),
  );
  const issues = validation.issues.map((i) => ({ ...i, message: evil }));
  for (const layout of ['inline', 'split']) {
    const html = renderDiffHtml(hostileDiff, { layout, actions: true, labels, issues, context: 0 });
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('&lt;img'));
  }
});

function escapeHtml(s) {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

// ---- in Chromium, with the stylesheet ----

let browser;

before(async () => {
  const { chromium } = createRequire(path.join(dev, 'noop.js'))('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
});

/** A page with the stylesheet and `body` as its body, in the given colour scheme. */
async function pageWith(body, colorScheme = 'light') {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 900 } });
  await page.setContent(`<!doctype html><meta charset="utf-8"><style>${CSS}</style>
    <style>body { margin: 16px; font-family: system-ui, sans-serif; }</style><body>${body}</body>`);
  return page;
}

test('Chromium: the changed line and its counterpart share a row; an added line faces an empty cell', async () => {
  const page = await pageWith(renderDiffHtml(diff, { layout: 'split', context: Infinity }));
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll('section.pa-diff-section tr.pa-diff-row')].map((tr) => {
      const [before, after] = tr.querySelectorAll('td.pa-diff-line');
      const box = (td) => td.getBoundingClientRect();
      return {
        section: tr.closest('section').dataset.path,
        before: before.classList.contains('pa-diff-empty') ? null : before.textContent,
        after: after.classList.contains('pa-diff-empty') ? null : after.textContent,
        sameRow: box(before).top === box(after).top && box(before).bottom === box(after).bottom,
        numbers: [...tr.querySelectorAll('td.pa-diff-num')].map((td) => td.textContent),
      };
    }),
  );
  assert.ok(rows.every((r) => r.sameRow));
  const goal = rows.find((r) => r.after?.includes('qualified'));
  assert.equal(goal.before, '<goal>Convert leads into tours.</goal>');
  const added = rows.find((r) => r.after?.includes('move-in'));
  assert.equal(added.before, null);
  const signed = rows.find((r) => r.after?.includes('Sign with'));
  assert.equal(signed.before, '    Sign with the property name.');
  // Line numbers are the prompts' own.
  const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.deepEqual(signed.numbers, [String(lineOf(CURRENT, 'Sign with')), String(lineOf(DRAFT, 'Sign with'))]);
  await page.close();
});

test('Chromium: buttons carry their action and path, and do not submit a form', async () => {
  const page = await pageWith(`<form action="/nowhere">${renderDiffHtml(diff, { actions: true })}</form>`);
  const clicked = await page.evaluate(() => {
    const seen = [];
    document.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-action]');
      if (b) seen.push([b.dataset.action, b.dataset.path]);
    });
    for (const b of document.querySelectorAll('button[data-action]')) b.click();
    return { seen, url: location.href };
  });
  const changed = diff.sections.filter((s) => s.change !== 'unchanged').map((s) => s.path);
  assert.deepEqual(clicked.seen, changed.flatMap((p) => [['accept', p], ['reject', p]]));
  assert.equal(page.url(), clicked.url);
  await page.close();
});

test('Chromium: data-theme on an ancestor wins over prefers-color-scheme; the nearest one decides', async () => {
  const html = renderDiffHtml(diff);
  const LIGHT = 'rgb(255, 255, 255)';
  const DARK = 'rgb(13, 17, 23)';
  const cases = [
    ['light', '', LIGHT],
    ['dark', '', DARK],
    ['dark', 'data-theme="light"', LIGHT],
    ['light', 'data-theme="dark"', DARK],
    ['light', 'data-theme="other"', LIGHT],
  ];
  for (const [scheme, attribute, expected] of cases) {
    const page = await pageWith(`<div ${attribute}><div>${html}</div></div>`, scheme);
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.pa-diff')).backgroundColor);
    assert.equal(bg, expected, `${scheme} ${attribute}`);
    await page.close();
  }
  // Nested: the nearest ancestor wins, and the diff's own attribute nearest of all.
  const page = await pageWith(
    `<div data-theme="dark"><div data-theme="light" id="a">${html}</div></div>
     <div data-theme="light"><div data-theme="dark" id="b">${html}</div></div>
     <div data-theme="light" id="c">${html.replace('<div class="pa-diff ', '<div data-theme="dark" class="pa-diff ')}</div>`,
    'dark',
  );
  const bgs = await page.evaluate(() =>
    ['a', 'b', 'c'].map((id) => getComputedStyle(document.querySelector(`#${id} .pa-diff`)).backgroundColor),
  );
  assert.deepEqual(bgs, [LIGHT, DARK, DARK]);
  await page.close();
});

test('Chromium: screenshots, light and dark', async () => {
  const dir = path.join(here, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const [theme, layout] of [['light', 'split'], ['dark', 'split'], ['light', 'inline'], ['dark', 'inline']]) {
    const html = renderDiffHtml(diff, { layout, actions: true, issues: validation.issues });
    const page = await pageWith(`<div data-theme="${theme}" style="background:${theme === 'dark' ? '#0d1117' : '#fff'};padding:8px">${html}</div>`);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const file = path.join(dir, `diff-${layout}-${theme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(readFileSync(file).length > 10_000, file);
    await page.close();
  }
});
