// @ts-check
// The assistant's reply is markdown; the page shows it as text with a little structure: bold,
// emphasis, inline code, code blocks, lists and paragraphs. `parseMarkdown` makes a small tree and
// `renderMarkdown` builds elements from it with text nodes only: no reply text is ever parsed as
// HTML, so a reply cannot create an element or an attribute.
//
// What this is not: CommonMark. No links, images, tables, HTML or nesting beyond what is listed
// above. A marker with no partner (a lone `*`, or the first half of a `**` still streaming) is
// kept as text.

/**
 * @typedef {{ type: 'text', text: string }
 *   | { type: 'code', text: string }
 *   | { type: 'strong', children: Inline[] }
 *   | { type: 'em', children: Inline[] }} Inline
 * @typedef {{ type: 'p', children: Inline[] }
 *   | { type: 'heading', children: Inline[] }
 *   | { type: 'list', ordered: boolean, items: Inline[][] }
 *   | { type: 'pre', text: string }} Block
 */

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

/**
 * Splits markdown into blocks.
 * @param {string} source
 * @returns {Block[]}
 */
export function parseMarkdown(source) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  /** @type {Block[]} */
  const blocks = [];
  /** @type {string[]} */
  let para = [];
  const flush = () => {
    if (para.length) blocks.push({ type: 'p', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (fence) {
      flush();
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      blocks.push({ type: 'pre', text: body.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', children: parseInline(heading[1].replace(/\s#+\s*$/, '')) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const ordered = item[2] !== undefined;
      /** @type {string[]} */
      const items = [item[3]];
      // Following items of the same kind, and lines that continue an item (indented text).
      while (i + 1 < lines.length) {
        const next = LIST_ITEM.exec(lines[i + 1]);
        if (next && (next[2] !== undefined) === ordered) {
          items.push(next[3]);
          i++;
        } else if (!next && /^\s+\S/.test(lines[i + 1])) {
          items[items.length - 1] += `\n${lines[i + 1].trim()}`;
          i++;
        } else break;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/**
 * Inline markup: `code`, **strong** (or __strong__), *em* (or _em_). A delimiter opens only
 * before a non-space and closes only after one; `_` only at a word boundary (snake_case stays).
 * @param {string} text
 * @returns {Inline[]}
 */
export function parseInline(text) {
  /** @type {Inline[]} */
  const out = [];
  let plain = '';
  const push = (/** @type {Inline} */ node) => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = text.indexOf(run, i + run.length);
      if (close !== -1) {
        push({ type: 'code', text: text.slice(i + run.length, close).replace(/^ (.*) $/s, '$1') });
        i = close + run.length;
        continue;
      }
      plain += run;
      i += run.length;
      continue;
    }
    if (c === '*' || c === '_') {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      const after = text[i + marker.length];
      const before = i > 0 ? text[i - 1] : ' ';
      const opens = after !== undefined && !/\s/.test(after) && (c === '*' || !/[\p{L}\p{N}]/u.test(before));
      if (opens) {
        const close = findClose(text, i + marker.length, marker);
        if (close !== -1) {
          const children = parseInline(text.slice(i + marker.length, close));
          push(double ? { type: 'strong', children } : { type: 'em', children });
          i = close + marker.length;
          continue;
        }
      }
      plain += marker;
      i += marker.length;
      continue;
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ type: 'text', text: plain });
  return out;
}

/** Where `marker` closes a span opened before `from`, or -1: after a non-space, skipping code spans. */
function findClose(/** @type {string} */ text, /** @type {number} */ from, /** @type {string} */ marker) {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) return -1;
      i = end + 1;
      continue;
    }
    if (text.startsWith(marker, i) && i > from && !/\s/.test(text[i - 1])) {
      const next = text[i + marker.length];
      // `**` does not close a single `*`; `_` closes only at a word boundary.
      const doubled = marker.length === 1 && next === marker;
      const boundary = marker[0] !== '_' || next === undefined || !/[\p{L}\p{N}]/u.test(next);
      if (!doubled && boundary) return i;
      if (doubled) {
        i += 2;
        continue;
      }
    }
    i++;
  }
  return -1;
}

/**
 * Elements for the blocks, built with text nodes only.
 * @param {Block[]} blocks
 * @param {Document} [doc]
 * @returns {DocumentFragment}
 */
export function renderMarkdown(blocks, doc = document) {
  const frag = doc.createDocumentFragment();
  const inline = (/** @type {Inline[]} */ nodes, /** @type {HTMLElement} */ parent) => {
    for (const n of nodes) {
      if (n.type === 'text') parent.append(n.text);
      else if (n.type === 'code') {
        const code = doc.createElement('code');
        code.textContent = n.text;
        parent.append(code);
      } else {
        const el = doc.createElement(n.type);
        inline(n.children, el);
        parent.append(el);
      }
    }
  };
  for (const b of blocks) {
    if (b.type === 'pre') {
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      code.textContent = b.text;
      pre.append(code);
      frag.append(pre);
    } else if (b.type === 'list') {
      const list = doc.createElement(b.ordered ? 'ol' : 'ul');
      for (const item of b.items) {
        const li = doc.createElement('li');
        inline(item, li);
        list.append(li);
      }
      frag.append(list);
    } else {
      const el = doc.createElement(b.type === 'heading' ? 'h4' : 'p');
      inline(b.children, el);
      frag.append(el);
    }
  }
  return frag;
}

/** The text a reader sees: the blocks' text without markers, blocks (and list items) joined by `separator`. */
export function plainText(/** @type {Block[]} */ blocks, separator = '\n') {
  /** @type {(nodes: Inline[]) => string} */
  const inline = (nodes) => nodes.map((n) => ('children' in n ? inline(n.children) : n.text)).join('');
  return blocks
    .map((b) => (b.type === 'pre' ? b.text : b.type === 'list' ? b.items.map(inline).join(separator) : inline(b.children)))
    .join(separator);
}
