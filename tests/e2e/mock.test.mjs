// The mock's draft answers (www/mock.mjs), no browser: for every recipe and a table of prompts,
// what the reply says is what the package's diff shows. The claims are read from the reply's own
// words ("I added a **tone** section", "I moved the **rules** to the top", ...), so a reply that
// drifts from its draft fails here whatever the prompt.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RECIPES, GARBAGE, answerStream, outline, applyEdits } from '../../www/mock.mjs';
import { DEFAULT_PROMPT } from '../../www/defaults.js';
import { SCENARIOS, pickScenario } from '../../www/server.mjs';
import { repoRoot } from './harness.mjs';

let pa;
before(async () => {
  pa = await import(pathToFileURL(join(repoRoot, 'pkg', 'node.js')).href);
  await pa.default();
});

// Prompts of different shapes: the editor's first prompt, one line, sections in another order, a
// rules section heavier than everything it is moved over, comments and attributes, CRLF, and
// non-ASCII text before the sections.
const PROMPTS = {
  default: DEFAULT_PROMPT,
  oneLine: '<prompt><role>Agent</role><goal>Tours.</goal><rules><rule>Be brief.</rule></rules></prompt>',
  reordered: '<prompt>\n  <goal>Convert leads.</goal>\n  <role>Agent for @propertyName</role>\n  <rules>\n    <rule>Offer two tour times.</rule>\n  </rules>\n</prompt>',
  heavyRules: `<prompt>\n  <role>Agent</role>\n  <goal>Tours.</goal>\n  <rules>\n${'    <rule>Offer two tour times, and say which one suits the lead best.</rule>\n'.repeat(6)}  </rules>\n</prompt>`,
  decorated: '<?xml version="1.0"?>\n<!-- café ☕ -->\n<prompt lang="en">\n  <role id="r">Agent &amp; friend</role>\n  <!-- the goal -->\n  <goal>Book <b>tours</b>.</goal>\n  <rules><![CDATA[a < b]]><rule>One.</rule></rules>\n</prompt>',
  crlf: DEFAULT_PROMPT.replace(/\n/g, '\r\n'),
  noRules: '<prompt>\n  <role>Agent</role>\n  <goal>Tours.</goal>\n</prompt>',
  rulesFirst: '<prompt>\n  <rules>\n    <rule>One.</rule>\n  </rules>\n  <role>Agent</role>\n  <goal>Tours.</goal>\n</prompt>',
  toneThere: '<prompt>\n  <goal>Tours.</goal>\n  <tone>Formal.</tone>\n</prompt>',
  notWellFormed: '<prompt>\n  <goal>Tours.\n</prompt>',
  empty: '',
};

/** What a reply claims about the sections, read from its words: tag -> change kinds. */
function claims(reply) {
  const out = new Map();
  const add = (tag, change) => out.set(tag, [...(out.get(tag) ?? []), change]);
  for (const m of reply.matchAll(/I added an? \*\*(\w+)\*\* section/g)) add(m[1], 'added');
  for (const m of reply.matchAll(/I removed the \*\*(\w+)\*\* section/g)) add(m[1], 'removed');
  for (const m of reply.matchAll(/I moved the \*\*(\w+)\*\* to the top/g)) add(m[1], 'moved');
  for (const m of reply.matchAll(/I moved ((?:the \*\*\w+\*\*(?:, | and )?)+) below the \*\*(\w+)\*\*/g)) {
    for (const t of m[1].matchAll(/\*\*(\w+)\*\*/g)) add(t[1], 'moved');
  }
  for (const m of reply.matchAll(/^- \*\*(\w+)\*\*:/gm)) add(m[1], 'modified');
  if (/rule at the start of the \*\*rules\*\*|added a greeting rule/.test(reply)) add('rules', 'modified');
  if (/tighter \*\*goal\*\*/.test(reply)) add('goal', 'modified');
  return out;
}

describe('every draft says what its diff shows', () => {
  for (const [recipe, make] of Object.entries(RECIPES)) {
    for (const [name, prompt] of Object.entries(PROMPTS)) {
      test(`${recipe} on the ${name} prompt`, () => {
        const answer = make(prompt);
        if (answer.mode === 'chat') {
          // A recipe that cannot apply says why, and drafts nothing.
          assert.ok(answer.reply.length > 10);
          assert.equal(Object.hasOwn(answer, 'draft'), false);
          return;
        }
        const said = claims(answer.reply);
        assert.ok(said.size > 0, `the reply names a change: ${answer.reply}`);
        const diff = pa.diffPrompts(prompt, answer.draft);
        if (recipe === 'malformed') {
          // The draft's XML is broken on purpose: a text diff, only the goal's text changed.
          assert.equal(diff.structural, false);
          assert.equal(pa.validateDraft(answer.draft).wellFormed, false);
          const changed = diff.ops.filter((o) => o.op !== 'equal').map((o) => o.text).join('');
          assert.match(changed, /goal|Book|tour|Tours|Convert/);
          return;
        }
        assert.equal(diff.structural, true, 'the draft is well-formed');
        assert.equal(pa.validateDraft(answer.draft).wellFormed, true);
        const shown = new Map();
        for (const s of diff.sections) {
          if (s.change !== 'unchanged') shown.set(s.tag, [...(shown.get(s.tag) ?? []), s.change]);
        }
        // What the reply names is what changed, and nothing else changed.
        const expected = new Map([...said].map(([tag, kinds]) => {
          // A section both moved and edited is reported as moved (its ops show the edit).
          const k = kinds.includes('moved') ? ['moved'] : [...new Set(kinds)];
          return [tag, k];
        }));
        assert.deepEqual(Object.fromEntries(shown), Object.fromEntries(expected), answer.reply);
      });
    }
  }

  test('the claims reader reads each phrasing (so the table above can fail)', () => {
    assert.deepEqual(Object.fromEntries(claims('I added a **tone** section after the goal')), { tone: ['added'] });
    assert.deepEqual(Object.fromEntries(claims('I moved the **role** and the **goal** below the **rules**')), { role: ['moved'], goal: ['moved'] });
    assert.deepEqual(Object.fromEntries(claims('I moved the **rules** to the top, above the **role**')), { rules: ['moved'] });
    assert.deepEqual(Object.fromEntries(claims('changed:\n\n- **role**: a;\n- **goal**: b.')), { role: ['modified'], goal: ['modified'] });
  });

  test('moving the rules names the section the diff reports as moved, both ways', () => {
    const light = RECIPES.moveRules(PROMPTS.default);
    const heavy = RECIPES.moveRules(PROMPTS.heavyRules);
    assert.match(light.reply, /I moved the \*\*rules\*\* to the top/);
    assert.match(heavy.reply, /I moved the \*\*role\*\* and the \*\*goal\*\* below the \*\*rules\*\*/);
  });
});

describe('the mock grounds on the prompt it is sent', () => {
  test('a second turn on the applied prompt changes only what it says', () => {
    const first = RECIPES.tone(DEFAULT_PROMPT);
    const second = RECIPES.moveRules(first.draft);
    const diff = pa.diffPrompts(first.draft, second.draft);
    assert.deepEqual(diff.sections.filter((s) => s.change !== 'unchanged').map((s) => [s.path, s.change]), [['/prompt/rules', 'moved']]);
    assert.ok(second.draft.includes('<tone>Warm, brief, never pushy.</tone>'), 'the applied tone stays');
  });

  test('asking again for what is already there answers in chat', () => {
    const once = RECIPES.tone(DEFAULT_PROMPT).draft;
    assert.equal(RECIPES.tone(once).mode, 'chat');
    const greeted = RECIPES.greet(DEFAULT_PROMPT).draft;
    assert.equal(RECIPES.greet(greeted).mode, 'chat');
    const sharp = RECIPES.sharpen(DEFAULT_PROMPT).draft;
    assert.equal(RECIPES.sharpen(sharp).mode, 'chat');
  });
});

describe('outline', () => {
  const rows = [
    ['<prompt><a>x</a><b/></prompt>', ['a', 'b']],
    ['<prompt>\n  <a k=">">x</a>\n  <!-- <c> -->\n  <b><i>y</i></b>\n</prompt>', ['a', 'b']],
    ['<?xml version="1.0"?><prompt><a><![CDATA[</a>]]></a></prompt>', ['a']],
    ['<prompt><a>x</prompt>', null],
    ['<prompt><a>x</a></prompt><junk/>', null],
    ['<!DOCTYPE x><prompt/>', null],
    ['<prompt/>', null],
    ['no markup', null],
    ['<prompt><a x="unclosed></a></prompt>', null],
  ];
  for (const [xml, tags] of rows) {
    test(JSON.stringify(xml), () => {
      const o = outline(xml);
      assert.deepEqual(o && o.sections.map((s) => s.tag), tags);
      for (const s of o?.sections ?? []) {
        assert.equal(xml.slice(s.start, s.start + 1 + s.tag.length), `<${s.tag}`);
        assert.ok(xml.slice(s.start, s.end).endsWith('>'));
      }
    });
  }

  test('applyEdits applies from the end', () => {
    assert.equal(applyEdits('abcdef', [{ from: 1, to: 2, insert: 'X' }, { from: 4, to: 4, insert: 'Y' }]), 'aXcdYef');
  });
});

describe('the stream the mock sends', () => {
  test('the garbage scenario: one warning per garbage line, and the draft still arrives whole', () => {
    const answer = RECIPES.tone(DEFAULT_PROMPT);
    const { snapshot } = pa.replay(answerStream(answer, { garbage: true }), { currentPrompt: DEFAULT_PROMPT });
    assert.equal(snapshot.phase, 'done');
    assert.deepEqual(snapshot.warnings.map((w) => w.code), GARBAGE.map((g) => g.warning).filter(Boolean));
    assert.equal(snapshot.assistantText, answer.reply);
    assert.equal(snapshot.draft.prompt, answer.draft);
  });

  test('every scenario names a recipe, a fixture, a local stream or an HTTP status', () => {
    for (const s of SCENARIOS) {
      assert.ok(s.recipe ? s.recipe in RECIPES : s.fixture || s.local || s.http, s.id);
    }
  });

  test('keywords pick the recipe whose answer fits the instruction', () => {
    const rows = [
      ['Add a tone section', 'draft'],
      ['Move the rules to the top', 'move-rules'],
      ['Sharpen the role and the goal', 'sharpen'],
      ['Please rewrite the goal', 'sharpen'],
      ['Add a greeting rule', 'greet'],
      ['Remove the rules', 'remove-rules'],
      ['Fix my typo', 'unknown-variable'],
      ['What is the goal for?', 'chat'],
    ];
    for (const [instruction, id] of rows) assert.equal(pickScenario(undefined, instruction), id, instruction);
  });
});
