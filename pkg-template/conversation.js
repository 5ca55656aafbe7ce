// Conversation (API.md §6): the turns an editor keeps across instructions.
//
// The rules are the wasm module's (src/conversation/): which earlier turns go into a request's
// conversationHistory and what each contributes, the request built for each turn, and what a
// running turn's session has learnt after each read (a patch: only what changed). This class
// holds the listeners and the snapshot objects: getSnapshot() returns the same object until
// something changes, a changed turn gets a new object, and unchanged turns keep theirs, so
// React's useSyncExternalStore and memoised components work.
import { ConversationCore } from './prompt_assist.js';
import { openTurn } from './stream.js';

const TURN_FIELDS = ['currentPrompt', 'variableContext', 'assistedMode', 'modelOverride'];

function freeze(snapshot) {
  Object.freeze(snapshot.turns);
  return Object.freeze(snapshot);
}

/** See `Conversation` in prompt-assist.d.ts. */
export class Conversation {
  #core;
  /** The stream options every turn is sent with (everything but the four turn settings). */
  #options;
  #snapshot;
  #listeners = new Set();
  /** The running turn: its id and stream. */
  #running = null;
  /** The overrides each turn was sent with, by id: retry() sends them again. */
  #overrides = new Map();

  constructor(options) {
    const given = options !== null && typeof options === 'object' ? options : {};
    const settings = {};
    const streamOptions = {};
    for (const [key, value] of Object.entries(given)) {
      if (TURN_FIELDS.includes(key)) settings[key] = value;
      else streamOptions[key] = value;
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError('"options" must be an object.');
    }
    this.#core = new ConversationCore(settings);
    this.#options = streamOptions;
    this.#snapshot = freeze({ turns: [], running: false, currentPrompt: this.#core.currentPrompt() });
    // Bound, so that they can be passed around as they are (useSyncExternalStore does).
    this.getSnapshot = this.getSnapshot.bind(this);
    this.subscribe = this.subscribe.bind(this);
  }

  /**
   * Starts a turn, stopping the running one first. Returns the turn's stream: iterating it is
   * optional, the conversation reads it either way.
   */
  send(instruction, overrides) {
    this.stop();
    const { id, request } = JSON.parse(this.#core.begin(instruction, overrides ?? {}));
    this.#overrides.set(id, overrides);
    const turn = Object.freeze({
      id,
      instruction,
      phase: 'waiting',
      assistantText: '',
      reasoningText: '',
      draft: null,
      error: null,
      setup: null,
    });
    this.#publish([...this.#snapshot.turns, turn], true);
    const running = { id, stream: null };
    this.#running = running;
    running.stream = openTurn(request, this.#options, (patch) => this.#apply(id, patch));
    return running.stream;
  }

  /** Aborts the running turn, if any. */
  stop() {
    this.#running?.stream?.abort();
  }

  /**
   * Resends the last turn's instruction, with the overrides it was sent with, as a new turn;
   * `null` when there is none yet.
   */
  retry() {
    const last = this.#snapshot.turns.at(-1);
    return last === undefined ? null : this.send(last.instruction, this.#overrides.get(last.id));
  }

  /** After the editor applied (part of) a draft: the next turns ground on `prompt`. */
  setCurrentPrompt(prompt) {
    this.#core.setCurrentPrompt(prompt);
    const { turns, running } = this.#snapshot;
    this.#snapshot = freeze({ turns, running, currentPrompt: prompt });
    this.#notify();
  }

  /** The same object until something changes. */
  getSnapshot() {
    return this.#snapshot;
  }

  /** Calls `listener` after each change (at most once per chunk read); returns the unsubscribe. */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One patch of turn `id` from its stream (see StreamDriver.patch). */
  #apply(id, json) {
    const patch = JSON.parse(json);
    const turns = this.#snapshot.turns;
    const index = turns.findIndex((t) => t.id === id);
    if (index === -1) return;
    const old = turns[index];
    const turn = { ...old };
    if (patch.phase !== undefined) turn.phase = patch.phase;
    if (patch.assistantText !== undefined) turn.assistantText = old.assistantText + patch.assistantText;
    if (patch.reasoningText !== undefined) turn.reasoningText = old.reasoningText + patch.reasoningText;
    if (patch.draft !== undefined) turn.draft = patch.draft;
    if (patch.error !== undefined) turn.error = patch.error;
    if (patch.setup !== undefined) turn.setup = patch.setup;
    const next = turns.slice();
    next[index] = Object.freeze(turn);
    let running = this.#snapshot.running;
    if (patch.finished) {
      this.#core.finish(id, turn.phase, patch.reply);
      if (this.#running?.id === id) {
        this.#running = null;
        running = false;
      }
    }
    this.#publish(next, running);
  }

  #publish(turns, running) {
    this.#snapshot = freeze({ turns, running, currentPrompt: this.#snapshot.currentPrompt });
    this.#notify();
  }

  #notify() {
    for (const listener of [...this.#listeners]) listener();
  }
}
