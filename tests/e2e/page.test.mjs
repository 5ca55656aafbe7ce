// The demo editor in headless Chromium against the mock server: one test per scenario, each
// asserting what the page shows, plus applying, stopping, history, validation-as-you-type and XSS.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, expected, finished, ready, setUp, shot, text } from './harness.mjs';

let env;
let page;

before(async () => {
  env = await setUp();
  page = await env.openPage();
});
after(async () => {
  await env?.close();
});

// Every test ends with no uncaught error on the page (an unhandled rejection counts).
// ... and no `null` or `undefined` leaked into what the page says.
afterEach(async () => {
  await page.waitForTimeout(100);
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, [], 'no uncaught page errors');
  const said = await page.$$eval('#message, #status-label, #phase, #mode-badge, #draft-summary, #draft-issues, #prompt-issues, #history, #log',
    (els) => els.map((e) => e.textContent).join('\n'));
  assert.doesNotMatch(said, /\b(null|undefined|NaN)\b|\[object Object\]/);
});

async function fresh() {
  await page.reload();
  await ready(page);
}

async function bannerCode() {
  return page.getAttribute('#message', 'data-code');
}

describe('streamed answers', () => {
  test('chat: mode badge, reply, reasoning, status and event log', async () => {
    await fresh();
    const exp = expected('chat').snapshot;
    await ask(page, 'What is the goal section for?', { scenario: 'chat' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'done');
    assert.equal(await text(page, '#mode-badge'), 'chat');
    assert.equal(await text(page, '#reply'), exp.assistantText);
    assert.equal(await text(page, '#reasoning'), exp.reasoningText);
    assert.match(await text(page, '#status-label'), new RegExp(exp.status.label));
    assert.equal(await text(page, '#phase'), 'Done');
    assert.equal(await page.isHidden('#progress'), true, 'progress indicator hidden when done');
    assert.equal(Number(await text(page, '#log-count')), exp.events);
    assert.equal(await page.isHidden('#draft-panel'), true);
    await page.click('#reasoning-box summary');
    await shot(page, 'chat-light');
  });

  test('the mode badge, status and progress show while the answer streams', async () => {
    await fresh();
    await ask(page, 'drip', { scenario: 'drip', wait: false });
    await page.waitForSelector('#mode-badge[data-mode="draft"]', { timeout: 10_000 });
    assert.equal(await page.isVisible('#progress'), true, 'progress indicator visible while streaming');
    assert.equal(await page.isEnabled('#stop'), true);
    assert.equal(await page.isDisabled('#send'), true);
    await page.waitForFunction(() => document.querySelector('#status-label').textContent.length > 0);
    await shot(page, 'streaming-light');
    assert.equal(await finished(page), 'done');
    // Dripped one byte at a time, the draft still arrives whole.
    assert.equal(await page.isVisible('#draft-panel'), true);
    assert.equal(await text(page, '#reply'), expected('draft').snapshot.assistantText);
  });

  test('clarify: the question is shown in clarify mode', async () => {
    await fresh();
    await ask(page, 'Make it better, I am unsure how', { scenario: 'clarify' });
    assert.equal(await text(page, '#mode-badge'), 'clarify');
    assert.equal(await text(page, '#reply'), expected('clarify').snapshot.assistantText);
    assert.equal(await page.isHidden('#draft-panel'), true);
    await shot(page, 'clarify-light');
  });

  test('keywords in the instruction pick the scenario when none is chosen', async () => {
    await fresh();
    await ask(page, 'Please clarify the tone', { scenario: '' });
    assert.equal(await text(page, '#mode-badge'), 'clarify');
    assert.equal(env.requests.at(-1).scenario, 'clarify');
  });

  test('garbage lines are logged as warnings and the answer still completes', async () => {
    await fresh();
    await ask(page, 'garbage please', { scenario: 'garbage' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'done');
    const exp = expected('garbage_lines').snapshot;
    assert.equal(await text(page, '#reply'), exp.assistantText);
    const warnings = await page.$$eval('#log li.log-warning', (lis) => lis.map((li) => li.textContent));
    assert.equal(warnings.length, exp.warnings.length);
    assert.ok(warnings.some((w) => w.includes('invalid-utf8')), 'invalid-utf8 warning in the log');
    assert.ok(warnings.some((w) => w.includes('malformed-line')), 'malformed-line warning in the log');
    assert.equal(await text(page, '#phase'), `Done · ${exp.warnings.length} stream warnings (see the log)`);
    assert.equal(await page.isVisible('#draft-panel'), true);
  });
});

describe('drafts', () => {
  test('a valid draft: diff, section changes, layouts, and Apply changes the prompt', async () => {
    await fresh();
    const draft = expected('draft');
    const before = await page.inputValue('#prompt');
    await ask(page, 'Add a tone section', { scenario: 'draft' });
    assert.equal(await text(page, '#mode-badge'), 'draft');
    assert.equal(await page.isVisible('#draft-panel'), true);
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'true');
    assert.match(await text(page, '#draft-summary'), /valid/);
    assert.equal(await page.$$eval('#draft-issues li', (l) => l.length), 0);
    const diffText = await text(page, '#diff');
    assert.ok(diffText.includes('Warm, brief, never pushy.'), 'the diff shows the new text');
    assert.ok(await page.$('#section-changes [data-change="added"][data-path="/prompt/tone"]'), 'tone listed as added');
    assert.equal(await page.getAttribute('#diff', 'data-layout'), 'inline');
    await shot(page, 'draft-inline-light');
    const inlineHtml = await page.innerHTML('#diff');
    await page.check('input[name="layout"][value="split"]');
    assert.equal(await page.getAttribute('#diff', 'data-layout'), 'split');
    assert.notEqual(await page.innerHTML('#diff'), inlineHtml, 'split layout renders differently');
    await shot(page, 'draft-split-light');

    assert.equal(await page.isEnabled('#apply'), true);
    await page.click('#apply');
    const draftPrompt = draft.events.find((e) => e.type === 'draft-ready').prompt;
    assert.equal(await page.inputValue('#prompt'), draftPrompt);
    assert.notEqual(draftPrompt, before);
    await page.click('#undo-apply');
    assert.equal(await page.inputValue('#prompt'), before);
  });

  test('unknown variable and moved section: issues select their range, Apply needs confirming', async () => {
    await fresh();
    await page.selectOption('#scenario', 'unknown-variable');
    await page.click('#load-scenario');
    const opts = expected('draft_unknown_variable_moved_section').options;
    assert.equal(await page.inputValue('#prompt'), opts.currentPrompt);
    await ask(page, 'Move the rules first', { scenario: 'unknown-variable' });
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'false');
    const issue = page.locator('#draft-issues button[data-code="unknown-variable"]');
    assert.equal(await issue.count(), 1);
    assert.match(await issue.textContent(), /frstName/);
    assert.match(await issue.textContent(), /@firstName/, 'the suggestion is shown');
    assert.ok(await page.$('#section-changes [data-change="moved"]'), 'a moved section is listed');
    // Apply is disabled while the draft has errors, until the user confirms.
    assert.equal(await page.isDisabled('#apply'), true);
    await issue.click();
    const sel = await page.$eval('#draft-source', (t) => ({
      text: t.value.slice(t.selectionStart, t.selectionEnd),
      focused: document.activeElement === t,
    }));
    assert.deepEqual(sel, { text: '@frstName', focused: true });
    assert.equal(await page.$eval('#draft-editor .highlight mark.issue-error', (m) => m.textContent), '@frstName');
    await shot(page, 'draft-unknown-variable-light');
    await page.check('#force-apply');
    assert.equal(await page.isEnabled('#apply'), true);
    await page.click('#apply');
    assert.match(await page.inputValue('#prompt'), /@frstName/);
    // The editor's own validation now reports the same problem.
    await page.waitForSelector('#prompt-issues button[data-code="unknown-variable"]');
  });

  test('a malformed draft is reported as not well-formed and cannot be applied unconfirmed', async () => {
    await fresh();
    await ask(page, 'Tighten the goal (malformed)', { scenario: 'malformed' });
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'false');
    assert.match(await text(page, '#draft-summary'), /not well-formed/);
    assert.ok(await page.$('#draft-issues button[data-code="xml-syntax"]'), 'an xml-syntax issue is listed');
    assert.equal(await page.isDisabled('#apply'), true);
    assert.equal(await page.isVisible('#force-apply-label'), true);
    await shot(page, 'draft-malformed-light');
  });
});

describe('errors', () => {
  test('setup required is shown as a clear message', async () => {
    await fresh();
    const setup = expected('setup_required').snapshot.setup;
    await ask(page, 'hello', { scenario: 'setup' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'setup-required');
    assert.equal(await page.isVisible('#message'), true);
    const msg = await text(page, '#message');
    assert.ok(msg.includes('AI setup required'), msg);
    assert.ok(msg.includes(setup.message), msg);
    assert.ok(msg.includes(setup.provider), msg);
    assert.equal(await bannerCode(), setup.code);
    await shot(page, 'setup-required-light');
  });

  test('a server error event mid-stream keeps the partial reply and shows the error', async () => {
    await fresh();
    const exp = expected('server_error').snapshot;
    await ask(page, 'hello', { scenario: 'server-error' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'error');
    assert.equal(await bannerCode(), 'server-error');
    assert.ok((await text(page, '#message')).includes(exp.error.message));
    assert.equal(await text(page, '#reply'), exp.assistantText);
    await shot(page, 'server-error-light');
  });

  test('HTTP 401 from the server', async () => {
    await fresh();
    await ask(page, 'hello', { scenario: 'http-401' });
    assert.equal(await bannerCode(), 'unauthorized');
    assert.match(await text(page, '#message'), /HTTP 401/);
    assert.match(await text(page, '#message'), /token/);
  });

  test('a missing token is refused with 401', async () => {
    await fresh();
    await page.fill('#token', '');
    await ask(page, 'hello', { scenario: 'chat' });
    assert.equal(await bannerCode(), 'unauthorized');
    assert.match(await text(page, '#message'), /bearer token is required/);
    assert.equal(await text(page, '#reply'), '');
    assert.equal(await text(page, '#mode-badge'), 'no mode');
  });

  test('HTTP 429 shows a retry hint from Retry-After', async () => {
    await fresh();
    await ask(page, 'hello', { scenario: 'http-429' });
    assert.equal(await bannerCode(), 'rate-limited');
    assert.equal(await page.getAttribute('#message', 'data-retry-after-ms'), '1000');
    assert.match(await text(page, '#message'), /Try again in 1 s/);
    await shot(page, 'rate-limited-light');
  });

  test('HTTP 429 is retried before it is shown', async () => {
    await fresh();
    const n = env.requests.length;
    await ask(page, 'hello', { scenario: 'http-429', retries: '1' });
    assert.equal(await bannerCode(), 'rate-limited');
    assert.equal(env.requests.length - n, 2, 'one retry after the first 429');
  });

  test('HTTP 500', async () => {
    await fresh();
    await ask(page, 'hello', { scenario: 'http-500' });
    assert.equal(await bannerCode(), 'server-error');
    assert.match(await text(page, '#message'), /HTTP 500/);
  });

  test('a truncated stream ends with incomplete-stream', async () => {
    await fresh();
    await ask(page, 'hello', { scenario: 'truncated' });
    assert.equal(await bannerCode(), 'incomplete-stream');
    assert.equal(await text(page, '#reply'), expected('truncated').snapshot.assistantText);
    assert.match(await text(page, '#message'), /cut off/);
  });

  test('a stalled stream ends with idle-timeout', async () => {
    await fresh();
    await ask(page, 'stall', { scenario: 'stall', idle: '1' });
    assert.equal(await bannerCode(), 'idle-timeout');
    assert.equal(await text(page, '#reply'), 'Working on it');
  });
});

describe('controls', () => {
  test('Stop aborts the stream and the server sees the request cancelled', async () => {
    await fresh();
    await ask(page, 'stall', { scenario: 'stall', idle: '60', wait: false });
    await page.waitForFunction(() => document.querySelector('#reply').textContent === 'Working on it');
    const { n, scenario } = env.requests.at(-1);
    assert.equal(scenario, 'stall');
    assert.ok(!env.logs.some((l) => l.startsWith(`request ${n}:`) && l.includes('went away')), 'still open before Stop');
    await page.click('#stop');
    assert.equal(await finished(page, 5000), 'aborted');
    assert.equal(await text(page, '#phase'), 'Stopped');
    assert.equal(await text(page, '#message'), 'Stopped. The request was cancelled; nothing more will arrive.');
    assert.equal(await page.isDisabled('#stop'), true);
    assert.equal(await page.isEnabled('#send'), true);
    await waitFor(() => env.logs.some((l) => l.startsWith(`request ${n}:`) && l.includes('went away')), 'server saw the cancel');
    await shot(page, 'stopped-light');
  });

  test('Ctrl+Enter sends and Esc stops', async () => {
    await fresh();
    await page.fill('#instruction', 'stall');
    await page.selectOption('#scenario', 'stall');
    await page.focus('#instruction');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('#reply').textContent === 'Working on it');
    await page.keyboard.press('Escape');
    assert.equal(await finished(page, 5000), 'aborted');
  });

  test('the conversation history, context and options are carried into the next request', async () => {
    await fresh();
    await page.check('#assisted');
    await page.fill('#provider', 'openai');
    await page.fill('#model', 'gpt-test');
    await ask(page, 'What is the goal section for?', { scenario: 'chat' });
    const first = env.requests.at(-1).payload;
    assert.deepEqual(first.conversationHistory, []);
    assert.equal(first.assistedMode, true);
    assert.deepEqual(first.modelOverride, { provider: 'openai', model: 'gpt-test' });
    assert.equal(first.currentPrompt, await page.inputValue('#prompt'));
    assert.equal(first.variableContext.propertyName, 'Maple Court');
    assert.equal(await page.$$eval('#history li', (l) => l.length), 2);
    await ask(page, 'And the rules?', { scenario: 'chat' });
    const second = env.requests.at(-1).payload;
    assert.deepEqual(second.conversationHistory, [
      { role: 'user', content: 'What is the goal section for?' },
      { role: 'assistant', content: expected('chat').snapshot.assistantText },
    ]);
    assert.equal(await page.$$eval('#history li', (l) => l.length), 4);
    await page.click('#clear-history');
    assert.equal(await page.$$eval('#history li', (l) => l.length), 0);
  });

  test('validation as you type underlines issues and clicking one selects it in the editor', async () => {
    await fresh();
    assert.equal(await page.$$eval('#prompt-issues li', (l) => l.length), 0);
    const prompt = '<prompt>\n  <goal>Book a tour with @frstName — café ☕ {{name}}</goal>\n</prompt>';
    await page.fill('#prompt', prompt);
    await page.waitForSelector('#prompt-issues button[data-code="unknown-variable"]');
    assert.match(await text(page, '#prompt-issues-summary'), /1 error/);
    const marks = await page.$$eval('#prompt-editor .highlight mark', (ms) => ms.map((m) => [m.className, m.textContent]));
    assert.deepEqual(marks, [['issue-error', '@frstName'], ['issue-warning', '{{name}}']]);
    await page.click('#prompt-issues button[data-code="placeholder-syntax"]');
    const sel = await page.$eval('#prompt', (t) => [t.value.slice(t.selectionStart, t.selectionEnd), document.activeElement === t]);
    assert.deepEqual(sel, ['{{name}}', true], 'UTF-16 positions select exactly the placeholder after non-ASCII text');
    await shot(page, 'validate-as-you-type-light');
    // Fixing it clears the issue.
    await page.fill('#prompt', '<prompt>\n  <goal>Book a tour with @firstName</goal>\n</prompt>');
    await page.waitForFunction(() => document.querySelectorAll('#prompt-issues li').length === 0);
    assert.equal(await page.$$eval('#prompt-editor .highlight mark', (m) => m.length), 0);
  });

  test('the page documents the mock scenarios and their keywords', async () => {
    await fresh();
    const cfg = await (await fetch(new URL('/demo/config.json', env.server.url))).json();
    await page.click('#keywords summary');
    const rows = await page.$$eval('#keyword-rows tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(rows.length, cfg.scenarios.length);
    for (const s of cfg.scenarios) {
      const row = rows.find((r) => r[0] === s.id);
      assert.ok(row, `row for ${s.id}`);
      assert.equal(row[1], s.keywords.join(', '));
    }
    const options = await page.$$eval('#scenario option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(options, cfg.scenarios.map((s) => s.id));
    await shot(page, 'keywords-light');
  });

  test('controls are labelled', async () => {
    await fresh();
    const unlabelled = await page.$$eval('input, select, textarea, button', (els) => els
      .filter((e) => e.type !== 'hidden' && !e.closest('[hidden]'))
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
      .map((e) => e.id || e.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
  });
});

describe('safety', () => {
  test('an XSS payload in a draft shows as text and runs nothing', async () => {
    await fresh();
    await ask(page, 'xss', { scenario: 'xss' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'done');
    await page.check('input[name="layout"][value="split"]');
    await page.check('input[name="layout"][value="inline"]');
    await page.click('#draft-source-box summary');
    await page.click('#reasoning-box summary');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    const injected = await page.$$eval('img, svg, [onerror], [onload], [onmouseover]', (els) => els.map((e) => e.outerHTML));
    assert.deepEqual(injected, [], 'no element was created from prompt text');
    assert.equal(await page.$$eval('script', (s) => s.filter((x) => x.textContent.includes('__xss')).length), 0);
    assert.ok((await text(page, '#diff')).includes('onerror="window.__xss=\'element\'"'), 'the draft text shows as text');
    assert.ok((await text(page, '#reply')).includes('<img src=x onerror='), 'the reply shows as text');
    assert.ok((await text(page, '#reasoning')).includes('<script>'), 'the reasoning shows as text');
    assert.ok((await text(page, '#status-label')).includes('<img'), 'the status shows as text');
    await shot(page, 'xss-light');
  });
});

describe('dark mode', () => {
  test('the main states render in dark mode', async () => {
    const dark = await env.openPage({ colorScheme: 'dark' });
    const bg = await dark.$eval('body', (b) => getComputedStyle(b).backgroundColor);
    assert.equal(bg, 'rgb(20, 23, 28)', 'the dark palette is in use');
    await ask(dark, 'Move the rules first', { scenario: 'unknown-variable' });
    await shot(dark, 'draft-unknown-variable-dark');
    await ask(dark, 'Add a tone section', { scenario: 'draft' });
    await dark.check('input[name="layout"][value="split"]');
    await shot(dark, 'draft-split-dark');
    await ask(dark, 'hello', { scenario: 'http-429' });
    await shot(dark, 'rate-limited-dark');
    await ask(dark, 'What is the goal section for?', { scenario: 'chat' });
    await dark.click('#reasoning-box summary');
    await shot(dark, 'chat-dark');
    await ask(dark, 'hello', { scenario: 'setup' });
    await shot(dark, 'setup-required-dark');
    await dark.fill('#prompt', '<prompt>\n  <goal>Hi @frstName {{x}}</goal>\n</prompt>');
    await dark.waitForSelector('#prompt-issues li');
    await shot(dark, 'validate-as-you-type-dark');
    assert.deepEqual(dark.errors, []);
  });
});

async function waitFor(cond, what, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting: ${what}`);
}
