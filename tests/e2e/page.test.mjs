// The demo editor in headless Chromium against the mock server: the CodeMirror editor (lint,
// completion), the draft review (Accept/Reject, Apply as one transaction, undo, split rows),
// the conversation across turns, every scenario, Stop, XSS, and light and dark screenshots.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask, expected, finished, ready, setUp, shot, text,
  promptText, setPrompt, promptSelection, placeCursor, parseMarkdown, plainText,
} from './harness.mjs';
import { RECIPES, GARBAGE } from '../../www/mock.mjs';
import { DEFAULT_PROMPT } from '../../www/defaults.js';

let env;
let page;

before(async () => {
  env = await setUp();
  page = await env.openPage();
});
after(async () => {
  await env?.close();
});

// Every test ends with no uncaught error on the page (an unhandled rejection counts), and no
// `null` or `undefined` leaked into what the page says.
afterEach(async () => {
  await page.waitForTimeout(100);
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, [], 'no uncaught page errors');
  const said = await page.$$eval('#message, #status-label, #phase, #mode-badge, #draft-summary, #draft-issues, #prompt-issues, #history, #log, #apply-summary',
    (els) => els.map((e) => e.textContent).join('\n'));
  assert.doesNotMatch(said, /\b(null|undefined|NaN)\b|\[object Object\]/);
});

async function fresh() {
  await page.reload();
  await ready(page);
}

const bannerCode = () => page.getAttribute('#message', 'data-code');
/** A reply as the page shows it: the markdown's text without its markers. */
const shown = (markdown) => plainText(parseMarkdown(markdown), '');
const draftOf = (recipe, prompt = DEFAULT_PROMPT) => RECIPES[recipe](prompt);
const changes = () => page.$$eval('#section-changes li', (lis) => lis.map((li) => [li.dataset.path, li.dataset.change]));

describe('streamed answers', () => {
  test('chat: mode badge, reply as markdown, reasoning, status and event log', async () => {
    await fresh();
    const exp = expected('chat').snapshot;
    await ask(page, 'What is the goal section for?', { scenario: 'chat' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'done');
    assert.equal(await text(page, '#mode-badge'), 'chat');
    assert.equal(await text(page, '#reply'), shown(exp.assistantText));
    // `<goal>` in backticks is a code element holding the text "<goal>", not markup.
    assert.deepEqual(await page.$$eval('#reply code', (cs) => cs.map((c) => c.textContent)), ['<goal>']);
    assert.doesNotMatch(await text(page, '#reply'), /`/);
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
    assert.equal(await text(page, '#reply'), shown(draftOf('tone').reply));
  });

  test('clarify: the question, its bold words as <strong>, never raw asterisks', async () => {
    await fresh();
    const exp = expected('clarify').snapshot.assistantText;
    await ask(page, 'Make it better, I am unsure how', { scenario: 'clarify' });
    assert.equal(await text(page, '#mode-badge'), 'clarify');
    assert.equal(await text(page, '#reply'), shown(exp));
    assert.deepEqual(await page.$$eval('#reply strong', (s) => s.map((x) => x.textContent)), ['formal', 'casual']);
    assert.doesNotMatch(await text(page, '#reply'), /\*/);
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
    assert.equal(await text(page, '#reply'), shown(draftOf('tone').reply));
    const warnings = await page.$$eval('#log li.log-warning', (lis) => lis.map((li) => li.textContent));
    const want = GARBAGE.map((g) => g.warning).filter(Boolean);
    assert.equal(warnings.length, want.length);
    want.forEach((code, i) => assert.ok(warnings[i].includes(code), `${warnings[i]} is ${code}`));
    assert.equal(await text(page, '#phase'), `Done · ${want.length} stream warnings (see the log)`);
    assert.equal(await page.isVisible('#draft-panel'), true);
  });
});

describe('the editor (CodeMirror 6)', () => {
  test('typing @fi offers firstName, and picking it writes @firstName', async () => {
    await fresh();
    const at = DEFAULT_PROMPT.indexOf('</goal>');
    await placeCursor(page, at);
    await page.keyboard.type(' Hi @fi');
    await page.waitForSelector('.cm-tooltip-autocomplete');
    const labels = await page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (ls) => ls.map((l) => l.textContent));
    assert.equal(labels[0], 'firstName', `first option: ${labels.join(', ')}`);
    await shot(page, 'completion-light');
    await page.waitForTimeout(150); // past CodeMirror's interactionDelay (75 ms)
    await page.keyboard.press('Enter');
    const now = await promptText(page);
    assert.equal(now.slice(at, at + ' Hi @firstName</goal>'.length), ' Hi @firstName</goal>');
  });

  test('a scope: picking contact. goes on to the names inside it, and only those', async () => {
    await fresh();
    const at = DEFAULT_PROMPT.indexOf('</goal>');
    await placeCursor(page, at);
    await page.keyboard.type(' @con');
    await page.waitForSelector('.cm-tooltip-autocomplete');
    const labels = () => page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (ls) => ls.map((l) => l.textContent));
    assert.equal((await labels())[0], 'contact.');
    await page.waitForTimeout(150); // past CodeMirror's interactionDelay (75 ms)
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete .cm-completionLabel')]
      .some((l) => l.textContent === 'contact.email'));
    assert.deepEqual(await labels(), ['contact.email'], 'after @contact. only the names in that scope');
    // CodeMirror ignores Enter for 75 ms after a completion list opens (interactionDelay), so
    // that a key meant for the text does not pick an option by accident.
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    assert.equal((await promptText(page)).slice(at, at + ' @contact.email</goal>'.length), ' @contact.email</goal>');
  });

  test('an unknown variable is underlined, its message shows on hover, and the quick fix writes the suggestion', async () => {
    await fresh();
    const at = DEFAULT_PROMPT.indexOf('</goal>');
    await placeCursor(page, at);
    await page.keyboard.type(' Hi @frstName');
    await page.keyboard.press('Escape'); // close the completion list
    await page.waitForSelector('.cm-lintRange-error');
    const underlined = await page.$$eval('.cm-lintRange-error', (ms) => ({
      text: ms.map((m) => m.textContent).join(''),
      drawn: ms.every((m) => getComputedStyle(m).backgroundImage !== 'none'),
    }));
    assert.deepEqual(underlined, { text: '@frstName', drawn: true });
    await page.hover('.cm-lintRange-error');
    await page.waitForSelector('.cm-tooltip-lint');
    assert.match(await text(page, '.cm-tooltip-lint'), /frstName/);
    await shot(page, 'lint-hover-light');
    await page.click('.cm-tooltip-lint .cm-diagnosticAction');
    assert.ok((await promptText(page)).includes(' Hi @firstName</goal>'));
    await page.waitForFunction(() => !document.querySelector('.cm-lintRange-error'));
  });

  test('validation as you type: the issue list, and clicking one selects it (UTF-16 positions)', async () => {
    await fresh();
    await page.waitForSelector('#prompt-issues-summary[data-ok="true"]');
    assert.equal(await page.$$eval('#prompt-issues li', (l) => l.length), 0);
    const prompt = '<prompt>\n  <goal>Book a tour with @frstName — café ☕ {{name}}</goal>\n</prompt>';
    await setPrompt(page, prompt);
    await page.waitForSelector('#prompt-issues button[data-code="unknown-variable"]');
    assert.match(await text(page, '#prompt-issues-summary'), /1 error/);
    const marks = await page.$$eval('.cm-lintRange-error, .cm-lintRange-warning',
      (ms) => ms.map((m) => [m.classList.contains('cm-lintRange-error') ? 'error' : 'warning', m.textContent]));
    assert.deepEqual(marks, [['error', '@frstName'], ['warning', '{{name}}']]);
    await page.click('#prompt-issues button[data-code="placeholder-syntax"]');
    const sel = await promptSelection(page);
    assert.deepEqual([sel.text, sel.focused], ['{{name}}', true], 'the placeholder, after non-ASCII text, is selected exactly');
    await shot(page, 'validate-as-you-type-light');
    await setPrompt(page, '<prompt>\n  <goal>Book a tour with @firstName</goal>\n</prompt>');
    await page.waitForFunction(() => document.querySelectorAll('#prompt-issues li').length === 0);
    assert.equal(await page.$$eval('.cm-lintRange-error', (m) => m.length), 0);
  });

  test('the variable context drives the lint: adding a name clears its issue', async () => {
    await fresh();
    await setPrompt(page, '<prompt>\n  <goal>Hi @nickname</goal>\n</prompt>');
    await page.waitForSelector('#prompt-issues button[data-code="unknown-variable"]');
    await page.fill('#variables', JSON.stringify({ nickname: 'Al' }));
    await page.waitForFunction(() => document.querySelectorAll('#prompt-issues li').length === 0);
  });
});

describe('reviewing a draft', () => {
  test('a valid draft: diff, section changes, layouts, and Apply changes the prompt', async () => {
    await fresh();
    const want = draftOf('tone');
    const before = await promptText(page);
    await ask(page, 'Add a tone section', { scenario: 'draft' });
    assert.equal(await text(page, '#mode-badge'), 'draft');
    assert.equal(await page.isVisible('#draft-panel'), true);
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'true');
    assert.match(await text(page, '#draft-summary'), /valid/);
    assert.equal(await page.$$eval('#draft-issues li', (l) => l.length), 0);
    assert.ok((await text(page, '#diff')).includes('Warm, brief, never pushy.'), 'the diff shows the new text');
    assert.deepEqual(await changes(), [['/prompt/tone', 'added']], 'the reply said it added a tone section, and only that');
    assert.equal(await page.getAttribute('#diff', 'data-layout'), 'inline');
    await shot(page, 'draft-inline-light');
    const inlineHtml = await page.innerHTML('#diff');
    await page.check('input[name="layout"][value="split"]');
    assert.equal(await page.getAttribute('#diff', 'data-layout'), 'split');
    assert.notEqual(await page.innerHTML('#diff'), inlineHtml, 'split layout renders differently');
    await shot(page, 'draft-split-light');

    assert.equal(await page.isEnabled('#apply'), true);
    await page.click('#apply');
    assert.equal(await promptText(page), want.draft);
    assert.notEqual(want.draft, before);
    assert.equal(await page.isDisabled('#apply'), true, 'applied once');
    await page.click('#undo-apply');
    assert.equal(await promptText(page), before);
    assert.equal(await page.isEnabled('#apply'), true, 'after the undo it can be applied again');
  });

  test('rejecting one of two modified sections and applying gives exactly the expected text; one undo restores it', async () => {
    await fresh();
    const before = await promptText(page);
    await ask(page, 'Sharpen the role and the goal', { scenario: '' });
    assert.deepEqual(await changes(), [['/prompt/role', 'modified'], ['/prompt/goal', 'modified']]);
    await page.click('#diff button[data-action="reject"][data-path="/prompt/goal"]');
    assert.equal(await page.getAttribute('#diff [data-path="/prompt/goal"].pa-diff-section', 'data-decision'), 'reject');
    assert.equal(await page.getAttribute('#diff button[data-action="reject"][data-path="/prompt/goal"]', 'aria-pressed'), 'true');
    assert.match(await text(page, '#apply-summary'), /takes 1 change from the draft and keeps 1 as it is/);
    await shot(page, 'review-reject-light');

    // The cursor sits in the rules, which neither edit touches.
    const cursorAt = before.indexOf('two tour times');
    await placeCursor(page, cursorAt);
    await page.click('#apply');
    const expectedText = before.replace('<role>Leasing assistant for @propertyName</role>',
      '<role>Leasing assistant for @propertyName, friendly and concise</role>');
    assert.notEqual(expectedText, before);
    assert.equal(await promptText(page), expectedText, 'the role taken from the draft, the goal kept');
    const after = await page.evaluate(() => {
      const { view } = window.demo.prompt;
      return { head: view.state.selection.main.head, text: view.state.doc.toString() };
    });
    assert.equal(after.text.slice(after.head, after.head + 14), 'two tour times', 'the cursor stayed in untouched text');
    assert.equal(await page.evaluate(() => window.demo.conversation.getSnapshot().currentPrompt), expectedText,
      'the next turn grounds on the applied prompt');

    // One undo, with the editor's own key, restores the prompt before.
    await page.focus('.cm-content');
    await page.keyboard.press('Control+z');
    assert.equal(await promptText(page), before);
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await promptText(page), expectedText, 'and redo puts it back');
  });

  test('the split view\'s rows line up: a changed line faces its counterpart, an added line an empty cell', async () => {
    await fresh();
    await ask(page, 'Sharpen the role and the goal', { scenario: 'sharpen' });
    await page.check('input[name="layout"][value="split"]');
    const rows = await page.$$eval('#diff section[data-path="/prompt/goal"] tr.pa-diff-row-changed', (trs) => trs.map((tr) => {
      const b = tr.querySelector('td.pa-diff-before');
      const a = tr.querySelector('td.pa-diff-after');
      const rb = b.getBoundingClientRect();
      const ra = a.getBoundingClientRect();
      return { before: b.textContent, after: a.textContent, top: [rb.top, ra.top], bottom: [rb.bottom, ra.bottom] };
    }));
    assert.equal(rows.length, 1);
    assert.match(rows[0].before, /Convert leads into tours/);
    assert.match(rows[0].after, /Book a tour/);
    assert.equal(rows[0].top[0], rows[0].top[1], 'same row top');
    assert.equal(rows[0].bottom[0], rows[0].bottom[1], 'same row bottom');
    await shot(page, 'split-rows-light');

    await ask(page, 'Add a tone section', { scenario: 'draft' });
    const added = await page.$$eval('#diff section[data-path="/prompt/tone"] tr', (trs) => trs.map((tr) => ({
      empty: tr.querySelector('td.pa-diff-before')?.classList.contains('pa-diff-empty') ?? false,
      after: tr.querySelector('td.pa-diff-after')?.textContent ?? '',
      tops: [...tr.querySelectorAll('td.pa-diff-line')].map((td) => td.getBoundingClientRect().top),
    })));
    assert.equal(added.length, 1);
    assert.equal(added[0].empty, true, 'the added line faces an empty cell');
    assert.match(added[0].after, /<tone>Warm, brief, never pushy.<\/tone>/);
    assert.equal(new Set(added[0].tops).size, 1);
  });

  test('a draft whose base changed cannot be applied until the prompt is back', async () => {
    await fresh();
    await ask(page, 'Add a tone section', { scenario: 'draft' });
    assert.equal(await page.isEnabled('#apply'), true);
    await placeCursor(page, 0);
    await page.keyboard.type('<!-- edited -->');
    assert.equal(await page.isDisabled('#apply'), true);
    assert.match(await text(page, '#apply-summary'), /changed since this draft was made/);
    await page.keyboard.press('Control+z');
    assert.equal(await page.isEnabled('#apply'), true);
  });

  test('unknown variable and moved section: issues select their range, Apply needs confirming', async () => {
    await fresh();
    await page.selectOption('#scenario', 'unknown-variable');
    await page.click('#load-scenario');
    assert.equal(await promptText(page), DEFAULT_PROMPT);
    await ask(page, 'Greet the lead, with a typo', { scenario: 'unknown-variable' });
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'false');
    const issue = page.locator('#draft-issues button[data-code="unknown-variable"]');
    assert.equal(await issue.count(), 1);
    assert.match(await issue.textContent(), /frstName/);
    assert.match(await issue.textContent(), /@firstName/, 'the suggestion is shown');
    assert.match(await text(page, '#reply'), /I moved the rules to the top/);
    assert.deepEqual(await changes(), [['/prompt/rules', 'moved']], 'the reply said the rules moved; the diff shows them moved');
    assert.ok(await page.$('#diff mark.pa-diff-issue'), 'the issue is marked in the diff');
    assert.equal(await page.isDisabled('#apply'), true, 'disabled while the draft has errors');
    await issue.click();
    assert.deepEqual(await promptSelection(page, 'draftSource').then((s) => [s.text, s.focused]), ['@frstName', true]);
    assert.equal(await page.$eval('#draft-source .cm-lintRange-error', (m) => m.textContent), '@frstName');
    await shot(page, 'draft-unknown-variable-light');
    await page.check('#force-apply');
    assert.equal(await page.isEnabled('#apply'), true);
    await page.click('#apply');
    assert.match(await promptText(page), /@frstName/);
    // The editor's own validation now reports the same problem.
    await page.waitForSelector('#prompt-issues button[data-code="unknown-variable"]');
  });

  test('a malformed draft is a text diff: all or nothing, and not applied unconfirmed', async () => {
    await fresh();
    await ask(page, 'Tighten the goal (malformed)', { scenario: 'malformed' });
    assert.equal(await page.getAttribute('#draft-panel', 'data-ok'), 'false');
    assert.match(await text(page, '#draft-summary'), /not well-formed/);
    assert.ok(await page.$('#draft-issues button[data-code="xml-syntax"]'), 'an xml-syntax issue is listed');
    assert.deepEqual(await page.$$eval('#diff button[data-action]', (bs) => bs.map((b) => b.dataset.path)), ['*', '*']);
    assert.equal(await page.isDisabled('#apply'), true);
    assert.equal(await page.isVisible('#force-apply-label'), true);
    await page.click('#diff button[data-action="reject"][data-path="*"]');
    await page.check('#force-apply');
    assert.equal(await page.isDisabled('#apply'), true, 'everything rejected: nothing to apply');
    assert.match(await text(page, '#apply-summary'), /nothing to apply/);
    await page.click('#diff button[data-action="accept"][data-path="*"]');
    assert.equal(await page.isEnabled('#apply'), true);
    await shot(page, 'draft-malformed-light');
  });
});

describe('the conversation', () => {
  test('two turns: the second carries the first as history and grounds on the applied prompt', async () => {
    await fresh();
    const n = env.requests.length;
    const tone = draftOf('tone');
    await ask(page, 'Add a tone section', { scenario: '' });
    const first = env.requests.at(-1).payload;
    assert.equal(first.currentPrompt, DEFAULT_PROMPT);
    assert.deepEqual(first.conversationHistory ?? [], []);
    await page.click('#apply');
    const applied = await promptText(page);
    assert.equal(applied, tone.draft);

    await ask(page, 'Move the rules to the top', { scenario: '' });
    assert.equal(env.requests.length - n, 2);
    const second = env.requests.at(-1);
    assert.equal(second.scenario, 'move-rules');
    assert.deepEqual(second.payload.conversationHistory, [
      { role: 'user', content: 'Add a tone section' },
      { role: 'assistant', content: tone.reply },
    ]);
    assert.equal(second.payload.currentPrompt, applied, 'the second turn grounds on the applied prompt');
    // Its draft is diffed against the applied prompt: only the move shows, the tone stays.
    assert.deepEqual(await changes(), [['/prompt/rules', 'moved']]);
    assert.match(await text(page, '#reply'), /I moved the rules to the top/);
    const thread = await page.$$eval('#history > li', (lis) => lis.map((li) => [li.dataset.phase, li.querySelector('.turn-user .said').textContent]));
    assert.deepEqual(thread, [['done', 'Add a tone section'], ['done', 'Move the rules to the top']]);
    assert.ok(await page.$('#history > li:first-child .turn-draft button'), 'the first turn\'s draft can be reviewed again');
    await shot(page, 'conversation-light');
    // Reviewing the first draft again: its base is not the prompt now, so Apply waits.
    await page.click('#history > li:first-child .turn-draft button');
    assert.match(await text(page, '#draft-turn'), /Add a tone section/);
    assert.equal(await page.isDisabled('#apply'), true);
  });

  test('history, context and options are carried into the next request; New conversation starts over', async () => {
    await fresh();
    await page.$eval('details.advanced', (d) => { d.open = true; });
    await page.check('#assisted');
    await page.fill('#provider', 'openai');
    await page.fill('#model', 'gpt-test');
    await ask(page, 'What is the goal section for?', { scenario: 'chat' });
    const first = env.requests.at(-1).payload;
    assert.deepEqual(first.conversationHistory ?? [], []);
    assert.equal(first.assistedMode, true);
    assert.deepEqual(first.modelOverride, { provider: 'openai', model: 'gpt-test' });
    assert.equal(first.currentPrompt, await promptText(page));
    assert.equal(first.variableContext.propertyName, 'Maple Court');
    assert.equal(await page.$$eval('#history > li', (l) => l.length), 1);
    await ask(page, 'And the rules?', { scenario: 'chat' });
    const second = env.requests.at(-1).payload;
    assert.deepEqual(second.conversationHistory, [
      { role: 'user', content: 'What is the goal section for?' },
      { role: 'assistant', content: expected('chat').snapshot.assistantText },
    ]);
    assert.equal(await page.$$eval('#history > li', (l) => l.length), 2);
    await page.click('#clear-history');
    assert.equal(await page.$$eval('#history > li', (l) => l.length), 0);
    await ask(page, 'Hello again', { scenario: 'chat' });
    assert.deepEqual(env.requests.at(-1).payload.conversationHistory ?? [], []);
  });

  test('a failed turn is shown but not sent as history; Retry sends the instruction again', async () => {
    await fresh();
    await ask(page, 'What is the goal for?', { scenario: 'http-500' });
    assert.equal(await page.getAttribute('#history > li', 'data-phase'), 'error');
    assert.match(await text(page, '#history > li .turn-note'), /not sent with the next request/);
    assert.equal(await page.isEnabled('#retry'), true);
    await page.selectOption('#scenario', 'chat');
    await page.click('#retry');
    assert.equal(await finished(page), 'done');
    const r = env.requests.at(-1).payload;
    assert.equal(r.instruction, 'What is the goal for?');
    assert.deepEqual(r.conversationHistory ?? [], [], 'the failed turn is not history');
    assert.equal(await page.$$eval('#history > li', (l) => l.length), 2);
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
    assert.equal(await text(page, '#reply'), shown(exp.assistantText));
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
    assert.ok(await page.$('#log li.log-retry'), 'the retry event is logged');
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
    assert.equal(await text(page, '#reply'), shown(expected('truncated').snapshot.assistantText));
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
    await page.waitForFunction(() => document.querySelector('#reply')?.textContent === 'Working on it');
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
    await page.waitForFunction(() => document.querySelector('#reply')?.textContent === 'Working on it');
    await page.keyboard.press('Escape');
    assert.equal(await finished(page, 5000), 'aborted');
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
    await ask(page, 'Sharpen the role and the goal', { scenario: 'sharpen' });
    const unlabelled = await page.$$eval('input, select, textarea, button, [contenteditable="true"]', (els) => els
      .filter((e) => e.type !== 'hidden' && !e.closest('[hidden]'))
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
      .map((e) => e.id || e.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
  });
});

describe('safety', () => {
  test('an XSS payload in a draft and a reply shows as text and runs nothing', async () => {
    await fresh();
    await ask(page, 'xss', { scenario: 'xss' });
    assert.equal(await page.getAttribute('body', 'data-last-phase'), 'done');
    await page.check('input[name="layout"][value="split"]');
    await page.check('input[name="layout"][value="inline"]');
    await page.click('#draft-source-box summary');
    await page.click('#reasoning-box summary');
    await page.click('#log-box summary');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    const injected = await page.$$eval('img, svg, [onerror], [onload], [onmouseover]', (els) => els.map((e) => e.outerHTML));
    assert.deepEqual(injected, [], 'no element was created from prompt or reply text');
    assert.equal(await page.$$eval('script', (s) => s.filter((x) => x.textContent.includes('__xss')).length), 0);
    assert.ok((await text(page, '#diff')).includes('onerror="window.__xss=\'element\'"'), 'the draft text shows as text');
    assert.ok((await text(page, '#draft-source')).includes('<script>window.__xss='), 'the draft source shows as text');
    assert.ok((await text(page, '#reply')).includes('<img src=x onerror='), 'the reply shows as text');
    assert.ok((await text(page, '#reasoning')).includes('<script>'), 'the reasoning shows as text');
    assert.ok((await text(page, '#status-label')).includes('<img'), 'the status shows as text');
    await shot(page, 'xss-light');
  });
});

describe('themes', () => {
  test('the theme switch sets data-theme, which wins over the system setting, for the page and the diff', async () => {
    const dark = await env.openPage({ colorScheme: 'dark' });
    const colours = () => dark.evaluate(() => ({
      page: getComputedStyle(document.body).backgroundColor,
      diff: document.querySelector('.pa-diff') ? getComputedStyle(document.querySelector('.pa-diff')).getPropertyValue('--pa-diff-bg').trim() : null,
      editor: getComputedStyle(document.querySelector('.cm-editor')).backgroundColor,
      theme: document.documentElement.dataset.theme ?? null,
    }));
    await ask(dark, 'Sharpen the role and the goal', { scenario: 'sharpen' });
    assert.deepEqual(await colours(), { page: 'rgb(20, 23, 28)', diff: '#0d1117', editor: 'rgb(22, 26, 33)', theme: null }, 'the system says dark');
    await shot(dark, 'review-dark');
    await dark.selectOption('#theme', 'light');
    assert.deepEqual(await colours(), { page: 'rgb(246, 247, 249)', diff: '#ffffff', editor: 'rgb(251, 251, 253)', theme: 'light' }, 'the switch says light');
    await shot(dark, 'review-light-over-dark-system');
    await dark.reload();
    await ready(dark);
    assert.equal(await dark.$eval('html', (h) => h.dataset.theme), 'light', 'the choice is kept');
    await dark.selectOption('#theme', 'dark');
    await ask(dark, 'Sharpen the role and the goal', { scenario: 'sharpen' });
    assert.equal((await colours()).diff, '#0d1117');
    await dark.selectOption('#theme', 'system');
    assert.equal(await dark.$eval('html', (h) => h.dataset.theme ?? null), null);
    assert.deepEqual(dark.errors, []);
  });

  test('the main states render in dark mode', async () => {
    const dark = await env.openPage({ colorScheme: 'dark' });
    await ask(dark, 'Greet the lead, with a typo', { scenario: 'unknown-variable' });
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
    await setPrompt(dark, '<prompt>\n  <goal>Hi @frstName {{x}}</goal>\n</prompt>');
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
