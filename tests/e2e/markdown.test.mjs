// The reply's markdown (www/markdown.js), no browser: a table of inputs and their trees, and
// properties over generated strings. The page's rendering (elements, never HTML) is checked in
// Chromium by page.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkdown, parseInline, plainText } from '../../www/markdown.js';

const t = (text) => ({ type: 'text', text });
const p = (...children) => ({ type: 'p', children });

describe('markdown: a table', () => {
  const rows = [
    ['plain text', [p(t('plain text'))]],
    ['**bold** and *em*', [p({ type: 'strong', children: [t('bold')] }, t(' and '), { type: 'em', children: [t('em')] })]],
    ['__bold__ and _em_', [p({ type: 'strong', children: [t('bold')] }, t(' and '), { type: 'em', children: [t('em')] })]],
    ['the `<goal>` section', [p(t('the '), { type: 'code', text: '<goal>' }, t(' section'))]],
    ['``a ` b``', [p({ type: 'code', text: 'a ` b' })]],
    ['**`code` in bold**', [p({ type: 'strong', children: [{ type: 'code', text: 'code' }, t(' in bold')] })]],
    ['`**not bold**`', [p({ type: 'code', text: '**not bold**' })]],
    ['5 * 3 * 2', [p(t('5 * 3 * 2'))]],
    ['snake_case_name', [p(t('snake_case_name'))]],
    ['**unclosed', [p(t('**unclosed'))]],
    ['** spaced **', [p(t('** spaced **'))]],
    ['\\*literal\\*', [p(t('*literal*'))]],
    ['one\ntwo', [p(t('one\ntwo'))]],
    ['one\n\ntwo', [p(t('one')), p(t('two'))]],
    ['- a\n- **b**', [{ type: 'list', ordered: false, items: [[t('a')], [{ type: 'strong', children: [t('b')] }]] }]],
    ['1. a\n2. b', [{ type: 'list', ordered: true, items: [[t('a')], [t('b')]] }]],
    ['- a\n  more', [{ type: 'list', ordered: false, items: [[t('a\nmore')]] }]],
    ['intro:\n- a', [p(t('intro:')), { type: 'list', ordered: false, items: [[t('a')]] }]],
    ['```\n<x> **y**\n```', [{ type: 'pre', text: '<x> **y**' }]],
    ['# Title', [{ type: 'heading', children: [t('Title')] }]],
    ['<img src=x onerror=alert(1)>', [p(t('<img src=x onerror=alert(1)>'))]],
  ];
  for (const [input, want] of rows) {
    test(JSON.stringify(input), () => assert.deepEqual(parseMarkdown(input), want));
  }
});

// A tiny seeded generator: strings made of markdown's characters, words and spaces.
function* strings(seed, count) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pieces = ['*', '**', '_', '__', '`', '``', ' ', '\n', '\n\n', '- ', '1. ', '\\', 'a', 'word', 'é', '☕', '<b>', '#', '```'];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = Math.floor(rnd() * 14);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(rnd() * pieces.length)];
    yield s;
  }
}

/** Is `sub` a subsequence of `s`? */
function subsequence(sub, s) {
  let i = 0;
  for (const c of s) if (i < sub.length && c === sub[i]) i++;
  return i === sub.length;
}

describe('markdown: properties', () => {
  test('the text shown is the input with markers taken out: never a character that was not there', () => {
    for (const s of strings(7, 3000)) {
      const shown = plainText(parseMarkdown(s), '');
      assert.ok(subsequence(shown.replace(/\n/g, ''), s.replace(/\n/g, '')), JSON.stringify(s));
    }
  });

  test('text with no markdown character comes back as it is', () => {
    for (const s of strings(11, 2000)) {
      const clean = s.replace(/[*_`\\#\-0-9.]/g, '').replace(/\n+/g, ' ').trim();
      if (!clean) continue;
      assert.deepEqual(parseInline(clean), [t(clean)], JSON.stringify(clean));
    }
  });

  test('a span closes only where its marker closes: every strong and em is non-empty', () => {
    const visit = (nodes) => {
      for (const n of nodes) {
        if (n.type === 'strong' || n.type === 'em') {
          assert.ok(n.children.length > 0);
          visit(n.children);
        }
      }
    };
    for (const s of strings(23, 3000)) {
      for (const b of parseMarkdown(s)) {
        if (b.type === 'p' || b.type === 'heading') visit(b.children);
        if (b.type === 'list') b.items.forEach(visit);
      }
    }
  });
});
