// The inputs of the benchmark, generated: the NDJSON stream of the stream figure, the prompt
// pairs of the diff figure and the draft-ready line of the push and memory figures. Every
// generator is deterministic (a seeded generator, no Math.random), so two runs measure the same
// bytes. Plain JavaScript with no Node API: the Chromium figure imports this file in the page.
// Not the measuring itself (the figure files beside this one). Start at `draftInput`.

/** A small deterministic generator of floats in [0, 1) (a 32-bit LCG, as the old bench had). */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const utf8 = new TextEncoder();

/** The UTF-8 length of a string. */
export function byteLength(text) {
  return utf8.encode(text).length;
}

// The stream figure -------------------------------------------------------------------------

/**
 * A ~`targetBytes` mixed NDJSON stream cut into `chunkBytes` views of one buffer: mostly deltas
 * with non-ASCII text, some status lines, one line in a thousand junk (not JSON, or a delta that
 * is a number). `junk` counts those lines; `lines` counts every line.
 */
export function ndjsonStream(targetBytes = 16 * 1024 * 1024, chunkBytes = 4096) {
  const rand = seeded(42);
  const words = ['the', 'prompt', 'draft', 'café', 'naïve', 'über', '😀', '中文', 'règle', 'ok', '✓', 'Ω', '“quoted”', 'tab\t', 'line\\n'];
  const lines = [JSON.stringify({ type: 'mode', mode: 'chat', label: 'Chatting' })];
  let junk = 0;
  let size = 0;
  while (size < targetBytes) {
    const r = rand();
    let line;
    if (r < 0.001) {
      line = rand() < 0.5 ? 'not json at all' : '{"type":"assistant-delta","delta":5}';
      junk++;
    } else if (r < 0.03) {
      line = JSON.stringify({ type: 'status', label: 'Working', section: 'goal' });
    } else {
      const n = 1 + Math.floor(rand() * 12);
      let delta = '';
      for (let i = 0; i < n; i++) delta += words[Math.floor(rand() * words.length)] + ' ';
      line = JSON.stringify({ type: r < 0.3 ? 'reasoning-delta' : 'assistant-delta', delta });
    }
    lines.push(line);
    size += byteLength(line) + 1;
  }
  lines.push(JSON.stringify({ type: 'done' }));
  const bytes = utf8.encode(lines.join('\n') + '\n');
  const chunks = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) chunks.push(bytes.subarray(at, at + chunkBytes));
  return { bytes, chunks, junk, lines: lines.length };
}

// Prompts ----------------------------------------------------------------------------------

const WORDS = (
  'the a to of and for with when before after each every lead tour unit lease rent deposit ' +
  'application move-in date office hours resident pet parking amenity pool gym floor plan ' +
  'price special offer confirm schedule ask answer politely briefly never always only if ' +
  'follow-up email phone call text message reply question visit property manager agent ' +
  'available window time slot weekday weekend morning evening café naïve über règle 中文 ✓'
).split(' ');

/** The variables the generated prompts name, and a variableContext (API.md §4) that has them. */
export const VARIABLES = [
  'firstName',
  'lastName',
  'propertyName',
  'contact.email',
  'contact.phone',
  'tour.date',
  'tour.time',
  'unit.number',
  'unit.price',
  'agent.name',
  'agent.phone',
  'office.hours',
];

export function variableContext() {
  return {
    firstName: 'Alex',
    lastName: 'Rivera',
    propertyName: 'Maple Court',
    contact: { email: 'alex@example.com', phone: '+1 555 0100' },
    tour: { date: '2026-12-01', time: '10:30' },
    unit: { number: '4B', price: 1850 },
    agent: { name: 'Sam', phone: '+1 555 0199' },
    office: { hours: '9-5' },
  };
}

function sentence(rand, words, vars) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  // The variables go at distinct places inside the sentence, never first (so it reads as prose).
  for (let v = 0; v < vars; v++) {
    const at = 1 + Math.floor(rand() * (out.length - 1));
    out.splice(at, 0, '@' + VARIABLES[Math.floor(rand() * VARIABLES.length)]);
  }
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

// The root's children cycle through these tags. Keyed ones (a `name` attribute) match by key;
// the `<rule>`s have no key, so the diff matches them by aligning their contents (API.md §4).
const TAGS = [
  { tag: 'context', keyed: true },
  { tag: 'rule', keyed: false },
  { tag: 'example', keyed: true },
  { tag: 'step', keyed: true },
  { tag: 'rule', keyed: false },
  { tag: 'note', keyed: true },
];

// One section: `lines` sentences of `words` words (each naming `vars` variables); a one-line
// section sits on one line with its tags, a longer one has its tags and each sentence on lines
// of their own, as a prompt written in an editor would.
function section(rand, index, { lines, words, vars }) {
  const { tag, keyed } = TAGS[index % TAGS.length];
  const open = keyed ? `<${tag} name="${tag}-${index}">` : `<${tag}>`;
  const body = [];
  for (let l = 0; l < lines; l++) body.push(sentence(rand, words, vars));
  return lines === 1 ? `${open}${body[0]}</${tag}>` : `${open}\n  ${body.join('\n  ')}\n</${tag}>`;
}

// A realistic edit inside a section, as an assistant's draft rewrites one: one to three changes,
// each one or two words replaced, a few words inserted, a word or two deleted, or a sentence
// rewritten. Never touches the tags (the section keeps its identity), the first word of a
// sentence, its last (with the full stop) or a variable (the draft stays valid).
function edit(rand, text, shape) {
  const open = text.indexOf('>') + 1;
  const close = text.lastIndexOf('<');
  const lines = text.slice(open, close).split('\n');
  const sentences = [];
  lines.forEach((line, i) => line.trim() !== '' && sentences.push(i));
  const changes = 1 + Math.floor(rand() * 3);
  for (let c = 0; c < changes; c++) {
    const i = sentences[Math.floor(rand() * sentences.length)];
    const indent = lines[i].match(/^ */)[0];
    const words = lines[i].trim().split(' ');
    const kind = rand();
    if (kind < 0.2) {
      const vars = words.filter((w) => w.startsWith('@')).length;
      lines[i] = indent + sentence(rand, shape.words, vars);
      continue;
    }
    const plain = [];
    for (let w = 1; w < words.length - 1; w++) if (/^[^@.]+$/.test(words[w])) plain.push(w);
    if (plain.length < 2) continue;
    const at = plain[Math.floor(rand() * plain.length)];
    const two = plain.includes(at + 1) ? 2 : 1;
    const word = () => WORDS[Math.floor(rand() * WORDS.length)];
    if (kind < 0.5) {
      for (let w = at; w < at + two; w++) words[w] = word();
    } else if (kind < 0.8) {
      words.splice(at, 0, 'and', 'also', word());
    } else {
      words.splice(at, two);
    }
    lines[i] = indent + words.join(' ');
  }
  return text.slice(0, open) + lines.join('\n') + text.slice(close);
}

/**
 * A pair of prompts of about `targetBytes` each: `before` (the prompt in the editor) and `after`
 * (the draft). `after` is `before` with `editFraction` of the sections edited, one keyed section
 * moved from the first third to the last, and one keyed section added in the middle.
 * `shape` sets a section's sentences, their words and the variables each sentence names.
 */
export function promptPair(targetBytes, shape, { seed = 7, editFraction = 0.1 } = {}) {
  const rand = seeded(seed);
  const sections = [];
  let size = '<prompt>\n</prompt>'.length;
  while (size < targetBytes) {
    const s = section(rand, sections.length, shape);
    sections.push(s);
    size += byteLength(s) + 1;
  }
  const edited = sections.map((s) => (rand() < editFraction ? edit(rand, s, shape) : s));
  const n = sections.length;
  const keyed = (i) => TAGS[i % TAGS.length].keyed;
  let from = Math.floor(n / 6);
  while (!keyed(from)) from++;
  const [moved] = edited.splice(from, 1);
  edited.splice(Math.floor((n * 5) / 6), 0, moved);
  let added = Math.floor(n / 2);
  while (!keyed(added)) added++;
  edited.splice(Math.floor(n / 2), 0, section(rand, added, shape).replace(/name="[^"]*"/, 'name="added"'));
  const wrap = (list) => `<prompt>\n${list.join('\n')}\n</prompt>`;
  return { before: wrap(sections), after: wrap(edited), sections: n };
}

// Row 4's shape: short one-line sections of about 140 bytes, each naming two variables.
export const DRAFT_SHAPE = { lines: 1, words: 14, vars: 2 };
// The diff figure's shape: sections of four sentences, each on its own line (about 550 bytes).
export const DIFF_SHAPE = { lines: 4, words: 14, vars: 1 };

/**
 * The draft of the push and memory figures: a `draft-ready` line carrying a prompt of about
 * `targetBytes` of DRAFT_SHAPE, and the session options (the `currentPrompt` it is diffed against,
 * the `variableContext` that has every variable it names). `line` is the line's UTF-8 bytes with
 * its `\n`, ready for `push`.
 */
export function draftInput(targetBytes = 20_000) {
  const { before, after, sections } = promptPair(targetBytes, DRAFT_SHAPE, { seed: 11 });
  const text = JSON.stringify({ type: 'draft-ready', prompt: after }) + '\n';
  return {
    line: utf8.encode(text),
    prompt: after,
    sections,
    options: { currentPrompt: before, variableContext: variableContext() },
  };
}

/**
 * What is wrong with the events of one push of `draftInput`'s line (empty when nothing): a
 * benchmark of a push that failed, or that skipped the validation or the diff, would measure
 * nothing. Checks the draft-ready event, its validation (every variable known) and its diff
 * (structural, one section added, one moved, some modified, a word-level diff).
 */
export function draftProblems(events, input) {
  const draft = events.find((e) => e.type === 'draft-ready');
  if (!draft) return [`no draft-ready event, got: ${events.map((e) => e.type).join(', ') || 'none'}`];
  const problems = [];
  const { validation, diff } = draft;
  if (draft.prompt !== input.prompt) problems.push('the event does not carry the prompt sent');
  if (!validation.ok || validation.issues.length) {
    problems.push(`validation: ${validation.issues.map((i) => i.code).join(', ') || 'not ok'}`);
  }
  const expected = DRAFT_SHAPE.vars * (input.sections + 1);
  if (validation.variables.length !== expected) {
    problems.push(`validation found ${validation.variables.length} variables, the draft names ${expected}`);
  }
  const { stats } = diff;
  if (!diff.structural || stats.added !== 1 || stats.moved !== 1 || stats.modified < 1) {
    problems.push(`diff: structural ${diff.structural}, stats ${JSON.stringify(stats)}`);
  }
  if (diff.granularity !== undefined && diff.granularity !== 'word') {
    problems.push(`diff granularity ${diff.granularity}`);
  }
  return problems;
}
