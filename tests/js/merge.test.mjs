// mergeDraft and the section ranges (API.md §4, 0.2) through the installed package: all, none
// and some sections taken, edits in UTF-16 units that rebuild the text, the errors it throws,
// a diff from a draft-ready event, and the word diff's minimality cases of issue 10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import init, { diffPrompts, mergeDraft, replay } from 'prompt-assist';

await init();

// An astral character and CRLF before the sections, so UTF-16 units differ from bytes and
// from code points.
const BEFORE = [
  '<prompt>',
  '  <!-- 😀 leasing -->',
  '  <role>Leasing assistant</role>',
  '  <goal>Convert leads into tours.</goal>',
  '  <rule>Be brief.</rule>',
  '  <rule>Never promise prices.</rule>',
  '</prompt>',
  '',
].join('\r\n');
const AFTER = BEFORE.replace('Convert leads', 'Convert qualified leads')
  .replace('Be brief.', 'Be brief and kind.')
  .replace('  <rule>Never', '  <rule>Ask for the move-in date 🏠.</rule>\r\n  <rule>Never');

/** `text` with `edits` applied last first, after checking they are sorted and apart. */
function apply(text, edits) {
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].to < edits[i].from, JSON.stringify(edits));
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

test('section ranges slice each section out of its text, in UTF-16 units', () => {
  const diff = diffPrompts(BEFORE, AFTER);
  assert.ok(diff.sections.length > 0);
  for (const s of diff.sections) {
    assert.equal(s.beforeRange === null, s.before === null, s.path);
    assert.equal(s.afterRange === null, s.after === null, s.path);
    if (s.beforeRange) assert.equal(BEFORE.slice(s.beforeRange.start, s.beforeRange.end), s.before);
    if (s.afterRange) assert.equal(AFTER.slice(s.afterRange.start, s.afterRange.end), s.after);
  }
  const added = diff.sections.find((s) => s.change === 'added');
  assert.equal(added.beforeRange, null);
  assert.deepEqual(Object.keys(added).sort(), ['after', 'afterRange', 'before', 'beforeRange', 'change', 'ops', 'path', 'tag']);
});

test('all taken gives the draft, none taken gives the current prompt and no edits', () => {
  const diff = diffPrompts(BEFORE, AFTER);
  for (const decisions of [undefined, null, {}, { '*': true }]) {
    const all = mergeDraft(diff, decisions);
    assert.equal(all.text, AFTER);
    assert.equal(apply(BEFORE, all.edits), AFTER);
  }
  const none = mergeDraft(diff, { '*': false });
  assert.deepEqual(none, { text: BEFORE, edits: [] });
  const allNamed = Object.fromEntries(diff.sections.map((s) => [s.path, false]));
  assert.deepEqual(mergeDraft(diff, allNamed), { text: BEFORE, edits: [] });
});

test('some taken: each section is its before or its after, edits are word-level', () => {
  const diff = diffPrompts(BEFORE, AFTER);
  assert.deepEqual(
    diff.sections.map((s) => [s.path, s.change]),
    [
      ['/prompt/role', 'unchanged'],
      ['/prompt/goal', 'modified'],
      ['/prompt/rule[1]', 'modified'],
      ['/prompt/rule[2]', 'added'],
      ['/prompt/rule[3]', 'unchanged'],
    ],
  );
  const { text, edits } = mergeDraft(diff, { '/prompt/rule[1]': false, '/prompt/rule[2]': false });
  assert.equal(text, BEFORE.replace('Convert leads', 'Convert qualified leads'));
  // One one-word insertion, at its UTF-16 position (the emoji before it counts two units).
  const at = BEFORE.indexOf('leads into');
  assert.deepEqual(edits, [{ from: at, to: at, insert: 'qualified ' }]);
  assert.equal(apply(BEFORE, edits), text);

  const other = mergeDraft(diff, { '*': false, '/prompt/rule[2]': true });
  assert.equal(other.text, BEFORE.replace('  <rule>Never', '  <rule>Ask for the move-in date 🏠.</rule>\r\n  <rule>Never'));
  assert.equal(apply(BEFORE, other.edits), other.text);
  // The unchanged sections are never inside an edit.
  for (const s of diff.sections.filter((x) => x.change === 'unchanged')) {
    for (const e of [...edits, ...other.edits]) {
      assert.ok(e.to <= s.beforeRange.start || e.from >= s.beforeRange.end, `${JSON.stringify(e)} in ${s.path}`);
    }
  }
});

test('a moved section: taken it moves, rejected it stays as it was', () => {
  const before = '<prompt><role>A long role text</role><goal>Goal</goal><rule>one two three</rule></prompt>';
  const after = '<prompt><rule>one two four</rule><role>A long role text</role><goal>Goal!</goal></prompt>';
  const diff = diffPrompts(before, after);
  assert.equal(diff.sections.find((s) => s.path === '/prompt/rule').change, 'moved');
  assert.equal(mergeDraft(diff).text, after);
  assert.equal(
    mergeDraft(diff, { '/prompt/rule': false }).text,
    '<prompt><role>A long role text</role><goal>Goal!</goal><rule>one two three</rule></prompt>',
  );
  const taken = mergeDraft(diff, { '*': false, '/prompt/rule': true });
  assert.equal(taken.text, '<prompt><rule>one two four</rule><role>A long role text</role><goal>Goal</goal></prompt>');
  assert.equal(apply(before, taken.edits), taken.text);
});

test('a diff from a draft-ready event, and one that went through JSON, merge the same', () => {
  const line = JSON.stringify({ type: 'draft-ready', prompt: AFTER });
  const { events } = replay(`{"type":"mode","mode":"draft"}\n${line}\n{"type":"done"}\n`, { currentPrompt: BEFORE });
  const ready = events.find((e) => e.type === 'draft-ready');
  const decisions = { '/prompt/goal': false };
  const expected = mergeDraft(diffPrompts(BEFORE, AFTER), decisions);
  assert.deepEqual(mergeDraft(ready.diff, decisions), expected);
  assert.deepEqual(mergeDraft(JSON.parse(JSON.stringify(ready.diff)), decisions), expected);
  assert.deepEqual(mergeDraft(structuredClone(ready.diff), decisions), expected);
});

test('a non-structural diff is all or nothing', () => {
  const before = '<prompt><goal>Hi</goal>';
  const after = '<prompt><goal>Hi there</goal></prompt>';
  const diff = diffPrompts(before, after);
  assert.equal(diff.structural, false);
  assert.equal(mergeDraft(diff).text, after);
  assert.equal(apply(before, mergeDraft(diff).edits), after);
  assert.deepEqual(mergeDraft(diff, { '*': false }), { text: before, edits: [] });
  assert.throws(() => mergeDraft(diff, { '/prompt/goal': true }), RangeError);
});

test('errors: RangeError for a path not in the diff, TypeError for a bad argument', () => {
  const diff = diffPrompts(BEFORE, AFTER);
  for (const path of ['/prompt/nope', '/prompt/rule', '']) {
    assert.throws(() => mergeDraft(diff, { [path]: true }), RangeError, path);
  }
  assert.throws(() => mergeDraft(diff, { '/prompt/goal': 'yes' }), TypeError);
  assert.throws(() => mergeDraft(diff, 'all'), TypeError);
  assert.throws(() => mergeDraft(null), TypeError);
  assert.throws(() => mergeDraft({ structural: true }), TypeError);
  // A diff changed after the fact (a range moved) is refused, not merged into something broken.
  const tampered = structuredClone(diff);
  tampered.sections[1].beforeRange = { start: 0, end: 3 };
  assert.throws(() => mergeDraft(tampered), TypeError);
  const noRanges = structuredClone(diff);
  for (const s of noRanges.sections) delete s.beforeRange;
  assert.throws(() => mergeDraft(noRanges), TypeError);
});

test('the word diff keeps shared runs and the unchanged ends of a large change (issue 10)', () => {
  const d = diffPrompts('red green blue cyan plum gold', 'amber teal navy red green blue');
  assert.deepEqual(d.ops, [
    { op: 'insert', text: 'amber teal navy ' },
    { op: 'equal', text: 'red green blue' },
    { op: 'delete', text: ' cyan plum gold' },
  ]);
  assert.deepEqual([d.stats.inserted, d.stats.deleted], [3, 3]);
  const words = Array.from({ length: 10001 }, (_, i) => `w${i}`).join(' ');
  const big = diffPrompts('Start. End.', `Start. ${words} End.`);
  assert.deepEqual(big.ops.map((o) => o.op), ['equal', 'insert', 'equal']);
  assert.ok(big.ops[0].text.startsWith('Start.'));
  assert.ok(big.ops[2].text.endsWith('End.'));
  assert.deepEqual([big.stats.inserted, big.stats.deleted], [10001, 0]);
});
