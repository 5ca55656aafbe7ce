// @ts-check
// The mock's draft answers: each one changes the prompt the request carries (`currentPrompt`) in
// one known way, and its reply says exactly that. "Add a tone section" adds a <tone> after the
// goal and says so; "move the rules" moves the rules section and the reply names what the diff
// will show as moved. A draft is never canned text: made from the request's prompt, it grounds
// on whatever the editor had (after an Apply, the applied prompt), so a second turn's diff shows
// only the second change.
//
// What this is not: an XML parser. `outline` finds the root's child elements of a well-formed
// prompt (tags, comments, CDATA, processing instructions) and gives up (null) on anything else;
// the recipes then answer in chat that they need a well-formed prompt.
//
// Where to start: RECIPES, then `answerStream`, which turns an answer into the NDJSON a real
// server would send. Used by www/server.mjs; tested by tests/e2e/mock.test.mjs.

/** @typedef {{ tag: string, start: number, end: number, innerStart: number, innerEnd: number }} Section */
/** @typedef {{ innerStart: number, innerEnd: number, sections: Section[] }} Outline */
/**
 * What the assistant answers: a draft (with the reply that describes it) or a chat reply.
 * @typedef {{ mode: 'draft', reply: string, reasoning: string, section: string, draft: string, label?: string }
 *   | { mode: 'chat', reply: string, reasoning: string }} Answer
 */
/** @typedef {{ from: number, to: number, insert: string }} Edit */

/**
 * The root element's children of a well-formed prompt, with their source ranges (JS string
 * indices), or null when the text is not one element with properly nested tags.
 * @param {string} xml
 * @returns {Outline | null}
 */
export function outline(xml) {
  /** @type {{ name: string, start: number, end: number }[]} */
  const stack = [];
  /** @type {Section[]} */
  const sections = [];
  /** @type {Outline | null} */
  let root = null;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) break;
    if (root && stack.length === 0) return null; // markup after the root element
    const skip = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']].find(([open]) => xml.startsWith(open, lt));
    if (skip) {
      const end = xml.indexOf(skip[1], lt + skip[0].length);
      if (end === -1) return null;
      i = end + skip[1].length;
      continue;
    }
    if (xml.startsWith('<!', lt)) return null; // a DOCTYPE: not for the mock
    // The tag's end: the first `>` outside a quoted attribute value.
    let j = lt + 1;
    let quote = '';
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= xml.length) return null;
    const body = xml.slice(lt + 1, j);
    const m = /^(\/?)([A-Za-z_][\w.:-]*)/.exec(body);
    if (!m) return null;
    const tag = { name: m[2], start: lt, end: j + 1 };
    if (m[1]) {
      const open = stack.pop();
      if (!open || open.name !== tag.name) return null;
      if (stack.length === 0) root = { innerStart: open.end, innerEnd: tag.start, sections };
      else if (stack.length === 1) {
        sections.push({ tag: open.name, start: open.start, end: tag.end, innerStart: open.end, innerEnd: tag.start });
      }
    } else if (body.endsWith('/')) {
      if (stack.length === 0) return null; // an empty root has no room for sections
      if (stack.length === 1) sections.push({ tag: tag.name, start: tag.start, end: tag.end, innerStart: tag.end, innerEnd: tag.end });
    } else {
      stack.push(tag);
    }
    i = j + 1;
  }
  return stack.length === 0 ? root : null;
}

/**
 * Applies non-overlapping edits (positions in `text`).
 * @param {string} text
 * @param {Edit[]} edits
 */
export function applyEdits(text, edits) {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

/** The whitespace between a section and what precedes it (its sibling or the root's start tag), or ''. */
function gapBefore(/** @type {string} */ xml, /** @type {Outline} */ o, /** @type {Section} */ s) {
  const index = o.sections.indexOf(s);
  const prevEnd = index > 0 ? o.sections[index - 1].end : o.innerStart;
  const gap = xml.slice(prevEnd, s.start);
  return /^\s*$/.test(gap) ? gap : '';
}

/** The separator a new section gets: the gap before the first section, else a newline and two spaces. */
function separator(/** @type {string} */ xml, /** @type {Outline} */ o) {
  if (o.sections.length) return gapBefore(xml, o, o.sections[0]);
  return xml.slice(o.innerStart, o.innerEnd).includes('\n') ? '\n  ' : '';
}

/** Inserts `element` after `anchor` (or as the last section). */
function insertAfter(/** @type {string} */ xml, /** @type {Outline} */ o, /** @type {Section | null} */ anchor, /** @type {string} */ element) {
  const at = anchor ? anchor.end : (o.sections.at(-1)?.end ?? o.innerStart);
  return applyEdits(xml, [{ from: at, to: at, insert: separator(xml, o) + element }]);
}

/** Moves section `s` (with the gap before it) to the front of the root's children. */
function moveToTop(/** @type {string} */ xml, /** @type {Outline} */ o, /** @type {Section} */ s) {
  const text = xml.slice(s.start, s.end);
  const first = o.sections[0];
  const gap = gapBefore(xml, o, s);
  return applyEdits(xml, [
    { from: s.start - gap.length, to: s.end, insert: '' },
    { from: first.start, to: first.start, insert: text + gapBefore(xml, o, o.sections[1] ?? first) },
  ]);
}

/** Removes section `s` and the gap before it. */
function remove(/** @type {string} */ xml, /** @type {Outline} */ o, /** @type {Section} */ s) {
  return applyEdits(xml, [{ from: s.start - gapBefore(xml, o, s).length, to: s.end, insert: '' }]);
}

const find = (/** @type {Outline} */ o, /** @type {string} */ tag) => o.sections.find((s) => s.tag === tag) ?? null;
const inner = (/** @type {string} */ xml, /** @type {Section} */ s) => xml.slice(s.innerStart, s.innerEnd);
const bytes = (/** @type {string} */ s) => Buffer.byteLength(s, 'utf8');

/**
 * What the package's diff reports as moved when `s` goes to the top: it keeps the heaviest run
 * of sections in order (weight: UTF-8 length + 1), so `s` is the one that moved when it weighs
 * less than the sections it jumps over together, and those are the moved ones otherwise. The
 * reply names what the diff will show.
 * @returns {string} markdown naming the move
 */
function describeMoveToTop(/** @type {string} */ xml, /** @type {Outline} */ o, /** @type {Section} */ s) {
  const jumped = o.sections.slice(0, o.sections.indexOf(s));
  const weight = (/** @type {Section} */ x) => bytes(xml.slice(x.start, x.end)) + 1;
  const names = jumped.map((x) => `the **${x.tag}**`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  if (weight(s) < jumped.reduce((sum, x) => sum + weight(x), 0)) return `I moved the **${s.tag}** to the top, above ${list}`;
  return `I moved ${list} below the **${s.tag}**, so the ${s.tag} now come${s.tag.endsWith('s') ? '' : 's'} first`;
}

/** @returns {Answer} */
const chat = (/** @type {string} */ reply, /** @type {string} */ reasoning) => ({ mode: 'chat', reply, reasoning });

/** The answer when the prompt cannot be edited section by section. */
function notEditable(/** @type {string} */ prompt) {
  if (!prompt.trim()) {
    return chat('The prompt is empty. Write a `<prompt>` element first (the example has one), then ask again.', 'Nothing to edit yet.');
  }
  return chat('I can only change a prompt whose XML is well-formed. Fix the problems the editor underlines, then ask again.', 'The prompt is not well-formed.');
}

/**
 * Each recipe answers an instruction for the prompt it is given.
 * @type {Record<string, (prompt: string) => Answer>}
 */
export const RECIPES = {
  tone(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const tone = find(o, 'tone');
    if (tone) {
      return chat(`The prompt already has a **tone** section ("${inner(prompt, tone).trim()}"). Tell me how you want it changed.`, 'There is a tone section already.');
    }
    const anchor = find(o, 'goal') ?? find(o, 'role') ?? o.sections.at(-1) ?? null;
    return {
      mode: 'draft',
      draft: insertAfter(prompt, o, anchor, '<tone>Warm, brief, never pushy.</tone>'),
      reply: `I added a **tone** section${anchor ? ` after the ${anchor.tag}` : ''}: warm, brief, never pushy. Nothing else changed.`,
      reasoning: 'A tone section keeps the replies consistent.',
      section: 'tone',
    };
  },

  moveRules(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const rules = find(o, 'rules');
    if (!rules) return chat('There is no **rules** section to move.', 'No rules section.');
    if (o.sections[0] === rules) return chat('The **rules** already come first: there is nothing to move.', 'The rules are first already.');
    return {
      mode: 'draft',
      draft: moveToTop(prompt, o, rules),
      reply: `${describeMoveToTop(prompt, o, rules)}. Their text is unchanged.`,
      reasoning: 'Rules should be read before anything else.',
      section: 'rules',
    };
  },

  sharpen(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const role = find(o, 'role');
    const goal = find(o, 'goal');
    if (!role || !goal) return chat('I sharpen the **role** and the **goal** sections, and this prompt lacks one of them.', 'A role and a goal are needed.');
    const roleText = inner(prompt, role).trim().replace(/[.,;]+$/, '');
    const newGoal = 'Book a tour for @propertyName within two messages.';
    if (roleText.endsWith('friendly and concise') && inner(prompt, goal).trim() === newGoal) {
      return chat('The **role** and the **goal** are already as sharp as I can make them.', 'Already sharpened.');
    }
    return {
      mode: 'draft',
      draft: applyEdits(prompt, [
        { from: role.innerStart, to: role.innerEnd, insert: `${roleText}, friendly and concise` },
        { from: goal.innerStart, to: goal.innerEnd, insert: newGoal },
      ]),
      reply: 'I changed two sections:\n\n- **role**: the assistant is now *friendly and concise*;\n- **goal**: book a tour within two messages.\n\nThe other sections are unchanged.',
      reasoning: 'A sharper role and a measurable goal.',
      section: 'goal',
    };
  },

  greet(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const rule = '<rule>Greet @firstName by name.</rule>';
    const rules = find(o, 'rules');
    if (!rules) {
      const anchor = find(o, 'goal') ?? o.sections.at(-1) ?? null;
      const sep = separator(prompt, o);
      return {
        mode: 'draft',
        draft: insertAfter(prompt, o, anchor, `<rules>${sep}  ${rule}${sep}</rules>`),
        reply: 'I added a **rules** section with one rule: greet @firstName by name.',
        reasoning: 'There were no rules yet.',
        section: 'rules',
      };
    }
    if (inner(prompt, rules).includes(rule)) return chat('The rules already greet @firstName by name.', 'Already there.');
    return {
      mode: 'draft',
      draft: addFirstRule(prompt, rules, rule),
      reply: 'I added a rule at the start of the **rules**: greet @firstName by name.',
      reasoning: 'Greeting the lead by name comes first.',
      section: 'rules',
    };
  },

  removeRules(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const rules = find(o, 'rules');
    if (!rules) return chat('There is no **rules** section to remove.', 'No rules section.');
    return {
      mode: 'draft',
      draft: remove(prompt, o, rules),
      reply: 'I removed the **rules** section. Everything else is as it was.',
      reasoning: 'The rules go.',
      section: 'rules',
    };
  },

  // A draft with a misspelt variable (@frstName), for the page's unknown-variable flag.
  unknownVariable(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const rules = find(o, 'rules');
    if (!rules) return chat('There is no **rules** section to add a greeting to.', 'No rules section.');
    const withRule = addFirstRule(prompt, rules, '<rule>Greet @frstName by name.</rule>');
    if (o.sections[0] === rules) {
      return {
        mode: 'draft',
        draft: withRule,
        reply: 'I added a greeting rule at the start of the **rules**.',
        reasoning: 'Greet the lead.',
        section: 'rules',
      };
    }
    const o2 = /** @type {Outline} */ (outline(withRule));
    return {
      mode: 'draft',
      draft: moveToTop(withRule, o2, /** @type {Section} */ (find(o2, 'rules'))),
      reply: `${describeMoveToTop(prompt, o, rules)}, and added a greeting rule at the start of the rules.`,
      reasoning: 'Rules first, and greet the lead.',
      section: 'rules',
    };
  },

  // A draft whose XML is broken (the goal's end tag is missing), as a real model sometimes sends.
  malformed(prompt) {
    const o = outline(prompt);
    if (!o) return notEditable(prompt);
    const goal = find(o, 'goal');
    if (!goal) return chat('There is no **goal** section to tighten.', 'No goal.');
    return {
      mode: 'draft',
      draft: applyEdits(prompt, [{ from: goal.innerStart, to: goal.end, insert: 'Book a tour for @propertyName.' }]),
      reply: 'Here is a tighter **goal**.',
      reasoning: 'Tighten the goal.',
      section: 'goal',
    };
  },
};

/** Adds `rule` as the first child of the `rules` section, indented like its other children. */
function addFirstRule(/** @type {string} */ xml, /** @type {Section} */ rules, /** @type {string} */ rule) {
  const element = xml.slice(rules.start, rules.end);
  const own = outline(element);
  const first = own?.sections[0];
  const gap = own && first ? gapBefore(element, own, first) : '';
  return applyEdits(xml, [{ from: rules.innerStart, to: rules.innerStart, insert: gap + rule }]);
}

/** Splits `text` into pieces of a few words, as a model's deltas come. */
export function deltas(/** @type {string} */ text, words = 2) {
  const parts = text.match(/\S+\s*|\s+/g) ?? [];
  const out = [];
  for (let i = 0; i < parts.length; i += words) out.push(parts.slice(i, i + words).join(''));
  return out;
}

/**
 * The NDJSON events of an answer, as a server would stream them.
 * @param {Answer} answer
 * @returns {object[]}
 */
export function answerEvents(answer) {
  /** @type {object[]} */
  const events = [];
  if (answer.mode === 'draft') {
    events.push({ type: 'mode', mode: 'draft', label: answer.label ?? 'Drafting' });
    events.push({ type: 'status', label: 'Reading your prompt' });
    for (const d of deltas(answer.reasoning)) events.push({ type: 'reasoning-delta', delta: d });
    events.push({ type: 'status', label: 'Writing the draft', section: answer.section });
    for (const d of deltas(answer.reply)) events.push({ type: 'assistant-delta', delta: d });
    events.push({ type: 'draft-ready', prompt: answer.draft, section: answer.section });
  } else {
    events.push({ type: 'mode', mode: 'chat', label: 'Answering' });
    events.push({ type: 'status', label: 'Reading your prompt' });
    for (const d of deltas(answer.reasoning)) events.push({ type: 'reasoning-delta', delta: d });
    events.push({ type: 'status', label: 'Writing an answer' });
    for (const d of deltas(answer.reply)) events.push({ type: 'assistant-delta', delta: d });
  }
  events.push({ type: 'done' });
  return events;
}

/** Lines a broken proxy or server leaves in a stream, and the warning the package gives each. */
export const GARBAGE = [
  { line: Buffer.from(': keep-alive'), warning: 'malformed-line' },
  { line: Buffer.from('<html><body>502 Bad Gateway</body></html>'), warning: 'malformed-line' },
  // Invalid UTF-8 (a lone 0xff byte): the whole line is dropped, so the reply stays whole.
  { line: Buffer.concat([Buffer.from('{"type":"assistant-delta","delta":"caf'), Buffer.from([0xff]), Buffer.from('"}')]), warning: 'invalid-utf8' },
  { line: Buffer.from('data: {"type":"status","label":"SSE framing leaked"}'), warning: 'malformed-line' },
  { line: Buffer.from('   \t '), warning: null }, // blank: skipped without a warning
];

/**
 * An answer as the bytes of an NDJSON stream; with `garbage`, the GARBAGE lines are spread
 * between its events.
 * @param {Answer} answer
 */
export function answerStream(answer, { garbage = false } = {}) {
  const lines = answerEvents(answer).map((e) => Buffer.from(JSON.stringify(e)));
  if (garbage) {
    // One after the mode event, then every other event, and all before the last (done).
    GARBAGE.forEach((g, k) => lines.splice(Math.min(1 + k * 2, lines.length - 1), 0, g.line));
  }
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
}
