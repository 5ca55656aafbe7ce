// @ts-check
// The draft under review: the diff from `renderDiffHtml(diff, { layout, actions: true, issues })`
// and the reviewer's decision for each changed section. The renderer writes the Accept and
// Reject buttons (`data-path`, `data-action`) as markup only; this wires them, with one click
// listener on the container, and keeps the decisions across re-renders (a layout switch).
// `decisions()` is what `mergeDraft(diff, decisions)` takes.
//
// Not here: applying. The page calls mergeDraft and hands its edits to the editor.

import { renderDiffHtml } from 'prompt-assist';

/** @typedef {import('prompt-assist').PromptDiff} PromptDiff */
/** @typedef {import('prompt-assist').ValidationIssue} ValidationIssue */
/** @typedef {import('prompt-assist').DiffLayout} DiffLayout */
/** @typedef {'accept' | 'reject'} Decision */

export class DraftReview {
  /** @type {PromptDiff | null} */
  #diff = null;
  /** @type {ValidationIssue[]} */
  #issues = [];
  /** @type {Map<string, Decision>} */
  #decided = new Map();
  /** @type {DiffLayout} */
  #layout = 'inline';

  /**
   * @param {HTMLElement} host where the diff's HTML goes
   * @param {() => void} onChange called after a decision changes
   */
  constructor(host, onChange) {
    this.host = host;
    this.onChange = onChange;
    host.addEventListener('click', (e) => {
      const target = /** @type {Element | null} */ (e.target);
      const button = target?.closest('button[data-action][data-path]');
      if (!(button instanceof HTMLButtonElement) || !host.contains(button)) return;
      const path = button.dataset.path ?? '';
      const action = button.dataset.action;
      if (action !== 'accept' && action !== 'reject') return;
      // A second click on the pressed button takes the decision back.
      if (this.#decided.get(path) === action) this.#decided.delete(path);
      else this.#decided.set(path, action);
      this.#mark();
      this.onChange();
    });
  }

  /** Shows a new draft's diff; every changed section starts undecided. */
  show(/** @type {PromptDiff} */ diff, /** @type {ValidationIssue[]} */ issues) {
    this.#diff = diff;
    this.#issues = issues;
    this.#decided.clear();
    this.render();
  }

  clear() {
    this.#diff = null;
    this.#decided.clear();
    this.host.replaceChildren();
  }

  set layout(/** @type {DiffLayout} */ layout) {
    this.#layout = layout;
    this.render();
  }

  get layout() {
    return this.#layout;
  }

  render() {
    if (!this.#diff) return;
    // renderDiffHtml escapes every piece of prompt text, path, label and message: its output is
    // the one HTML string this page inserts as markup.
    this.host.innerHTML = renderDiffHtml(this.#diff, { layout: this.#layout, actions: true, issues: this.#issues });
    this.host.dataset.layout = this.#layout;
    this.#mark();
  }

  /** The paths that Accept/Reject act on: each changed section, or `*` for a text diff. */
  paths() {
    const d = this.#diff;
    if (!d) return [];
    if (!d.structural) return ['*'];
    return d.sections.filter((s) => s.change !== 'unchanged').map((s) => s.path);
  }

  /** The reviewer's decision for `path`, or undefined while undecided. */
  decision(/** @type {string} */ path) {
    return this.#decided.get(path);
  }

  /**
   * The decisions for mergeDraft: `true` takes the draft's version, `false` keeps the current
   * one; undecided sections take the draft's (mergeDraft's default).
   * @returns {Record<string, boolean>}
   */
  decisions() {
    /** @type {Record<string, boolean>} */
    const out = {};
    for (const [path, d] of this.#decided) out[path] = d === 'accept';
    return out;
  }

  /** How many sections Apply takes from the draft and how many it keeps as they are. */
  counts() {
    const paths = this.paths();
    const kept = paths.filter((p) => this.#decided.get(p) === 'reject').length;
    return { taken: paths.length - kept, kept, undecided: paths.filter((p) => !this.#decided.has(p)).length };
  }

  /** Puts the decisions on the rendered sections and buttons. */
  #mark() {
    for (const button of this.host.querySelectorAll('button[data-action][data-path]')) {
      if (!(button instanceof HTMLButtonElement)) continue;
      const decided = this.#decided.get(button.dataset.path ?? '');
      button.setAttribute('aria-pressed', String(decided === button.dataset.action));
    }
    for (const section of this.host.querySelectorAll('.pa-diff-section[data-path]')) {
      if (!(section instanceof HTMLElement)) continue;
      const decided = this.#decided.get(section.dataset.path ?? '');
      if (decided) section.dataset.decision = decided;
      else delete section.dataset.decision;
    }
    // A text diff's one pair of buttons sits on the whole diff.
    const root = this.host.querySelector('.pa-diff');
    if (root instanceof HTMLElement && this.#diff && !this.#diff.structural) {
      const decided = this.#decided.get('*');
      if (decided) root.dataset.decision = decided;
      else delete root.dataset.decision;
    }
  }
}
