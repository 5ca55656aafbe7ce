// @ts-check
// The conversation's turns on the page, rendered from the Conversation's snapshot. Each turn is
// keyed by its id and re-rendered only when its object changed: the package keeps unchanged
// turns' identity across snapshots, so a streaming turn does not touch the others.
// The reply is markdown, shown through markdown.js (elements and text nodes, never HTML).

import { parseMarkdown, renderMarkdown } from './markdown.js';

/** @typedef {import('prompt-assist').ConversationTurn} ConversationTurn */
/** @typedef {import('prompt-assist').ConversationSnapshot} ConversationSnapshot */

const PHASE = {
  waiting: 'waiting',
  streaming: 'streaming',
  done: 'done',
  error: 'failed',
  'setup-required': 'setup required',
  aborted: 'stopped',
};

const CHANGE_ORDER = /** @type {const} */ (['added', 'modified', 'moved', 'removed']);

/** "1 added, 2 modified" for a draft's diff. */
export function changeSummary(/** @type {import('prompt-assist').PromptDiff} */ diff) {
  if (!diff.structural) return 'a text change (the XML is not well-formed)';
  const parts = CHANGE_ORDER.filter((k) => diff.stats[k] > 0).map((k) => `${diff.stats[k]} ${k}`);
  return parts.length ? parts.join(', ') : 'no section changed';
}

function el(/** @type {string} */ tag, /** @type {string} */ className, /** @type {(string | Node)[]} */ ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

export class TurnList {
  /** @type {Map<string, { turn: ConversationTurn, li: HTMLLIElement, last: boolean, running: boolean, reviewing: boolean }>} */
  #items = new Map();

  /**
   * @param {HTMLOListElement} list
   * @param {(turn: ConversationTurn) => void} onReview "Review" on an earlier turn's draft
   */
  constructor(list, onReview) {
    this.list = list;
    this.onReview = onReview;
  }

  /**
   * @param {ConversationSnapshot} snapshot
   * @param {string | null} reviewing the id of the turn whose draft is under review
   */
  render(snapshot, reviewing) {
    const { turns, running } = snapshot;
    const seen = new Set();
    turns.forEach((turn, index) => {
      seen.add(turn.id);
      const last = index === turns.length - 1;
      const runningHere = last && running;
      const item = this.#items.get(turn.id);
      const isReviewed = reviewing === turn.id;
      if (item && item.turn === turn && item.last === last && item.running === runningHere && item.reviewing === isReviewed) return;
      const li = this.#build(turn, last, runningHere, isReviewed);
      // Keep the reader's open reasoning open while the turn streams on.
      const open = item?.li.querySelector('details.reasoning');
      const box = li.querySelector('details.reasoning');
      if (open instanceof HTMLDetailsElement && box instanceof HTMLDetailsElement) box.open = open.open;
      if (item) item.li.replaceWith(li);
      else this.list.append(li);
      this.#items.set(turn.id, { turn, li, last, running: runningHere, reviewing: isReviewed });
    });
    for (const [id, item] of this.#items) {
      if (!seen.has(id)) {
        item.li.remove();
        this.#items.delete(id);
      }
    }
  }

  clear() {
    this.#items.clear();
    this.list.replaceChildren();
  }

  /** One turn: the instruction, then what the assistant did with it. */
  #build(/** @type {ConversationTurn} */ turn, /** @type {boolean} */ last, /** @type {boolean} */ running, /** @type {boolean} */ reviewing) {
    const li = /** @type {HTMLLIElement} */ (el('li', 'turn'));
    li.dataset.turn = turn.id;
    li.dataset.phase = turn.phase;

    const you = el('div', 'turn-user', el('span', 'who', 'You'), ' ', el('span', 'said', turn.instruction));

    const chip = el('span', 'turn-phase', PHASE[turn.phase] ?? turn.phase);
    chip.dataset.phase = turn.phase;
    const head = el('div', 'turn-head', el('span', 'who', 'Assistant'), ' ', chip);
    if (!running && turn.phase !== 'done') {
      head.append(' ', el('span', 'turn-note', 'not sent with the next request'));
    }
    const reply = el('div', 'reply md');
    reply.append(renderMarkdown(parseMarkdown(turn.assistantText)));
    reply.setAttribute('aria-busy', String(running));
    if (last) {
      reply.id = 'reply';
      reply.setAttribute('aria-live', 'polite');
      reply.setAttribute('aria-label', 'Assistant reply');
    }
    const assistant = el('div', 'turn-assistant', head, reply);

    if (turn.reasoningText) {
      const pre = el('pre', '', turn.reasoningText);
      const box = el('details', 'reasoning', el('summary', '', 'Reasoning'), pre);
      if (last) {
        box.id = 'reasoning-box';
        pre.id = 'reasoning';
      }
      assistant.append(box);
    }
    if (turn.draft) {
      const line = el('div', 'turn-draft', el('span', 'chip', 'draft'), ` ${changeSummary(turn.draft.diff)}`);
      if (reviewing) line.append(' ', el('span', 'muted', '(under review)'));
      else {
        const b = /** @type {HTMLButtonElement} */ (el('button', 'small', 'Review'));
        b.type = 'button';
        b.setAttribute('aria-label', `Review the draft of "${turn.instruction}"`);
        b.addEventListener('click', () => this.onReview(turn));
        line.append(' ', b);
      }
      assistant.append(line);
    }
    if (turn.error) assistant.append(el('p', 'turn-error', turn.error.message));
    if (turn.setup) assistant.append(el('p', 'turn-error', turn.setup.message ?? 'AI setup required.'));
    li.append(you, assistant);
    return li;
  }
}
