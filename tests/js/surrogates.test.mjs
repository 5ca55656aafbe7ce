// Issue 10, item 7 (API.md §4): a lone surrogate in any string argument of any export is read as
// U+FFFD, one UTF-16 unit, so positions are unchanged. Each row calls one export with strings that
// hold lone surrogates (high and low, at the start, in the middle, at the end, in keys and
// values of structured arguments) and with the same strings where each is U+FFFD: the results
// must be identical.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, * as pa from 'prompt-assist';

const HIGH = '\uD83D';
const LOW = '\uDE00';
const FFFD = '\uFFFD';

/** `text` with every lone surrogate replaced by U+FFFD (what the package must read). */
function replaced(text) {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, FFFD);
}

/** The same structure with every string (keys too) passed through `f`. */
function deepWith(value, f) {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => deepWith(v, f));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), deepWith(v, f)]));
  }
  return value;
}

const deep = (value) => deepWith(value, replaced);

const PROMPT = `${LOW}<prompt><goal>Greet @firstName ${HIGH} today</goal><rule name="a${LOW}">x ${HIGH}${HIGH}</rule></prompt>${HIGH}`;
const DRAFT = `<prompt><goal>Greet @firstName ${LOW}</goal><rule name="a${LOW}">x ${HIGH}</rule><tone>@frstName ${HIGH}</tone></prompt>`;
const CONTEXT = { firstName: `Alex ${HIGH}`, [`we${LOW}ird`]: 1, contact: { email: `${LOW}` } };

// One row per export that takes strings: a name and a call over (transformed) arguments.
const ROWS = [
  ['variableNames', (t) => pa.variableNames(t(CONTEXT))],
  ['findVariables', (t) => pa.findVariables(t(PROMPT), t(CONTEXT))],
  ['validateDraft', (t) => pa.validateDraft(t(PROMPT), t(CONTEXT))],
  ['diffPrompts', (t) => pa.diffPrompts(t(PROMPT), t(DRAFT))],
  [
    'mergeDraft',
    (t) => {
      // PROMPT is not well-formed (text before its root): a text diff, which takes only '*'.
      const diff = pa.diffPrompts(PROMPT, DRAFT);
      return pa.mergeDraft(t(diff), t({ '*': true }));
    },
  ],
  ['renderDiffHtml', (t) => pa.renderDiffHtml(t(pa.diffPrompts(PROMPT, DRAFT)), t({ labels: { added: `new ${HIGH}` } }))],
  [
    'AssistantSession',
    (t) => {
      const s = new pa.AssistantSession(t({ currentPrompt: PROMPT, variableContext: CONTEXT }));
      const line = JSON.stringify({ type: 'draft-ready', prompt: DRAFT });
      const events = [...s.push(t(line + '\n')), ...s.finish()];
      return { events, snapshot: s.snapshot() };
    },
  ],
  ['replay', (t) => pa.replay(t(JSON.stringify({ type: 'draft-ready', prompt: DRAFT }) + '\n'), t({ currentPrompt: PROMPT }))],
];

before(async () => {
  await init();
});

for (const [name, call] of ROWS) {
  test(`${name}: a lone surrogate in a string argument reads as U+FFFD`, () => {
    const withSurrogates = call((x) => x);
    const withReplacement = call(deep);
    assert.deepEqual(withSurrogates, withReplacement);
    // Not vacuous: the lone surrogates mattered (with them deleted instead, the result differs).
    const withoutThem = call((x) => deepWith(x, (text) => replaced(text).replaceAll(FFFD, '')));
    assert.notDeepEqual(withSurrogates, withoutThem, `${name}: the surrogates made no difference`);
  });
}

test('every export that takes a string has a row', () => {
  const covered = new Set(ROWS.map(([name]) => name));
  // Exports with no string argument, or covered by their own tests (the network stream and the
  // conversation send their arguments as JSON, which reads the same way: tests/js/network.test.mjs).
  const elsewhere = new Set(['default', 'version', 'streamPromptAssistant', 'Conversation']);
  const missing = Object.keys(pa).filter((n) => !covered.has(n) && !elsewhere.has(n));
  assert.deepEqual(missing, []);
});

test('positions are unchanged: a lone surrogate is one unit, as U+FFFD is', () => {
  const text = `${HIGH}${LOW}${LOW} @firstName`;
  const [ref] = pa.findVariables(text, { firstName: 'x' });
  assert.equal(text.slice(ref.start, ref.end), '@firstName');
});
