// completeVariables (API.md §4 Completion) through the installed package: the CodeMirror 6
// CompletionResult shape, UTF-16 positions (astral characters before the cursor, lone
// surrogates), where completion applies, scopes, ranking, previews, and argument checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import init, { completeVariables } from 'prompt-assist';

await init();

const CONTEXT = {
  firstName: 'Alex',
  lastName: 'Doe',
  company: 7,
  'Lead fields': ['leadSource'],
  contact: { email: 'a@example.com', address: { city: 'Oslo' } },
};

/** Completes at the `|` in `marked`, which is removed. */
function at(marked, context = CONTEXT) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, result: completeVariables(text, offset, context) };
}

const labels = (r) => r.options.map((o) => o.label);

test('the .d.ts example', () => {
  assert.deepEqual(completeVariables('Hi @fi', 6, { firstName: 'Alex', contact: { email: 'a@b.c' } }), {
    from: 4,
    to: 6,
    options: [{ label: 'firstName', type: 'variable', detail: 'Alex' }],
    filter: false,
  });
});

test('a CompletionResult: text.slice(from, to) is the name after the @, in UTF-16 units', () => {
  for (const [marked, name] of [
    ['Hi @fir|', 'fir'],
    ['Hi @fir|stName!', 'firstName'],
    ['@contact.|', 'contact.'],
    ['😀😀 @fi|', 'fi'],
    ['𝄞\r\n日本 @fir|st 😀', 'first'],
    ["<p a='😀'>😀@fi|</p>", 'fi'],
  ]) {
    const { text, result } = at(marked);
    assert.ok(result, marked);
    assert.equal(text.slice(result.from, result.to), name, marked);
    assert.equal(text[result.from - 1], '@', marked);
    assert.equal(result.filter, false);
    for (const o of result.options) {
      assert.deepEqual(Object.keys(o).filter((k) => !['label', 'type', 'detail'].includes(k)), []);
      assert.ok(o.type === 'variable' || o.type === 'namespace');
      assert.ok(!('detail' in o) || typeof o.detail === 'string', 'detail is absent, never null');
    }
  }
  // Two astral characters before the @: six units.
  const { result } = at('😀😀 @fi|');
  assert.deepEqual([result.from, result.to], [6, 8]);
});

test('a lone surrogate counts as one unit (read as U+FFFD)', () => {
  const { text, result } = at('\uD83D @fi|');
  assert.equal(text.slice(result.from, result.to), 'fi');
});

test('null where no completion applies', () => {
  for (const marked of [
    'Hi fir|',
    'leo@ex|ample.com',
    'leo@|',
    'zoe\u0308@ex|',
    '@1a|',
    '@a..b|',
    '<prompt><!-- @fi| --></prompt>',
    '<prompt><?pi @fi|?></prompt>',
    '<prompt><rule @fi|>x</rule></prompt>',
    '|',
  ]) {
    assert.equal(at(marked).result, null, marked);
  }
  for (const marked of [
    "<prompt><rule to='@fi|'>x</rule></prompt>",
    '<prompt><![CDATA[ @fi| ]]></prompt>',
    '<prompt><goal>Hi @fi|',
    '(@fi|',
  ]) {
    assert.ok(at(marked).result, marked);
  }
});

test('scopes: namespaces at the top, only the scope after its dot', () => {
  assert.deepEqual(labels(at('@|').result), ['company', 'contact.', 'firstName', 'lastName', 'leadSource']);
  const co = at('@co|').result;
  assert.deepEqual(labels(co), ['company', 'contact.']);
  assert.equal(co.options[1].type, 'namespace');
  assert.equal('detail' in co.options[1], false);
  assert.deepEqual(labels(at('@contact.|').result), ['contact.address.', 'contact.email']);
  assert.deepEqual(labels(at('@contact.address.|').result), ['contact.address.city']);
});

test('ranking: prefix ignoring case, then substring, then close misspellings', () => {
  const context = { lastName: 1, fxrst: 1, afirm: 1, FIRSTPLACE: 1, frisbee: 1, firstName: 1, zzz: 1 };
  assert.deepEqual(labels(at('@fir|', context).result), ['firstName', 'FIRSTPLACE', 'afirm', 'frisbee', 'fxrst']);
  assert.deepEqual(labels(at('@frist|Name').result), ['firstName']);
});

test('details preview the value', () => {
  const options = at('@|').result.options;
  const detail = (label) => options.find((o) => o.label === label).detail;
  assert.equal(detail('firstName'), 'Alex');
  assert.equal(detail('company'), '7');
  assert.equal(detail('leadSource'), undefined);
  const long = at('@|', { note: 'x'.repeat(50) }).result.options[0].detail;
  assert.equal(long, 'x'.repeat(32) + '…');
});

test('argument checks', () => {
  assert.throws(() => completeVariables('@a', -1, CONTEXT), TypeError);
  assert.throws(() => completeVariables('@a', 1.5, CONTEXT), TypeError);
  assert.throws(() => completeVariables('@a', Number.NaN, CONTEXT), TypeError);
  assert.throws(() => completeVariables('@a', '1', CONTEXT), TypeError);
  assert.throws(() => completeVariables('@a', 3, CONTEXT), RangeError);
  assert.throws(() => completeVariables('@a', 2, undefined), TypeError);
  assert.throws(() => completeVariables('@a', 2, 'x'), TypeError);
  assert.throws(() => completeVariables(5, 0, CONTEXT), TypeError);
  assert.ok(completeVariables('@a', 2, {}));
});
