// Every validation message, through the installed package, is a plain sentence for the editor's
// user (API.md §4): no backticks or markdown, literal text in double quotes, the fix where one is
// obvious. The rows are tests/fixtures/messages.json, the same ones tests/validate_messages.rs
// runs natively: one per issue code and per XML problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import init, { validateDraft } from 'prompt-assist';

await init();

const FIXTURE = path.resolve(process.cwd(), '../../tests/fixtures/messages.json');
const { rows } = JSON.parse(readFileSync(FIXTURE, 'utf8'));

function input(row) {
  if (!row.generate) return row.xml;
  const { head, repeat, times, tail } = row.generate;
  return head + repeat.repeat(times) + tail;
}

/** The style rules every message follows; the broken ones, in words (as in the native test). */
function styleProblems(message) {
  const problems = [];
  if (message.length === 0) problems.push('empty');
  if (/^\p{Lu}/u.test(message)) problems.push('starts upper-case');
  if (message.includes('\n')) problems.push('has a line break');
  if (message.includes('`')) problems.push('has a backtick');
  if ((message.match(/"/g) ?? []).length % 2 !== 0) problems.push('has an unbalanced double quote');
  const outside = message.split('"').filter((_, i) => i % 2 === 0).join(' ');
  for (const c of '*_#[]~|<>&@{}$=') {
    if (outside.includes(c)) problems.push(`has ${JSON.stringify(c)} outside double quotes`);
  }
  return problems;
}

test('the rows cover all ten issue codes', () => {
  assert.equal(new Set(rows.map((r) => r.code)).size, 10);
  assert.ok(rows.length >= 40, `${rows.length} rows`);
});

test('the style check catches what it should', () => {
  assert.deepEqual(styleProblems('unknown variable "@x"'), []);
  for (const bad of ['unknown variable `@x`', 'unknown variable @x', 'write &amp;', '**bold**', 'Capital', 'half "quoted', '']) {
    assert.notDeepEqual(styleProblems(bad), [], bad);
  }
});

for (const row of rows) {
  test(`${row.finding} (${row.code}): a plain sentence with its quotes and its fix`, () => {
    const v = validateDraft(input(row), row.context);
    const issue = v.issues.find((i) => i.code === row.code);
    assert.ok(issue, `no ${row.code} issue in ${JSON.stringify(v.issues)}`);
    const { message } = issue;
    assert.deepEqual(styleProblems(message), [], message);
    for (const literal of row.quoted) {
      assert.ok(message.includes(`"${literal}"`), `${JSON.stringify(literal)} not quoted: ${message}`);
    }
    if (row.hint) assert.ok(message.includes(row.hint), `no hint ${JSON.stringify(row.hint)}: ${message}`);
  });
}
