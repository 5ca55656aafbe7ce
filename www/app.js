// @ts-check
// The demo editor: a prompt editor on CodeMirror 6 and an assistant conversation, using the
// package exactly as an application would. `scripts/demo` bundles this file with esbuild
// (www/build.mjs) and leaves `prompt-assist` to the page's import map, which resolves it to the
// browser entry of pkg/package.json.
//
// How the page follows a turn (issue 11, item 8): the Conversation's snapshot drives the turns,
// the reply and the draft (subscribe + getSnapshot, rendered at most once a frame); each turn's
// events drive the live line (mode, status, warnings, errors) and the event log. The stream's
// snapshot() is read once, when the turn ends.
//
// Start at `send` (a turn), `showReview` (a draft under review) and `applyDraft` (mergeDraft's
// edits as one editor transaction, then setCurrentPrompt so the next turn grounds on it).

import init, { Conversation, mergeDraft, version } from 'prompt-assist';
import { undo } from '@codemirror/commands';
import { createPromptEditor, createSourceView } from './editor.js';
import { DraftReview } from './review.js';
import { TurnList, changeSummary } from './turns.js';
import { DEFAULT_PROMPT, DEFAULT_VARIABLES } from './defaults.js';

/** @typedef {import('prompt-assist').AssistantEvent} AssistantEvent */
/** @typedef {import('prompt-assist').ConversationTurn} ConversationTurn */
/** @typedef {import('prompt-assist').ConversationSnapshot} ConversationSnapshot */
/** @typedef {import('prompt-assist').ConversationOptions} ConversationOptions */
/** @typedef {import('prompt-assist').DraftValidation} DraftValidation */
/** @typedef {import('prompt-assist').ValidationIssue} ValidationIssue */
/** @typedef {import('prompt-assist').VariableContext} VariableContext */
/** @typedef {import('prompt-assist').PromptAssistantStream} PromptAssistantStream */
/** @typedef {Extract<AssistantEvent, { type: 'error' }>} ErrorEvent */
/** @typedef {Extract<AssistantEvent, { type: 'ai-setup-required' }>} SetupEvent */
/** @typedef {{ mock: boolean, upstream: string | null, serverToken: boolean, demoToken: string | null,
 *   scenarios: { id: string, title: string, keywords: string[], available: boolean,
 *   options: { currentPrompt?: string, variableContext?: VariableContext } | null }[] }} DemoConfig */

/**
 * The element with this id, of this type; throws when the page lacks it.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return node;
}

const ui = {
  theme: byId('theme', HTMLSelectElement),
  promptHost: byId('prompt-editor', HTMLDivElement),
  promptIssues: byId('prompt-issues', HTMLUListElement),
  promptIssuesSummary: byId('prompt-issues-summary', HTMLParagraphElement),
  variables: byId('variables', HTMLTextAreaElement),
  variablesError: byId('variables-error', HTMLParagraphElement),
  form: byId('ask-form', HTMLFormElement),
  instruction: byId('instruction', HTMLTextAreaElement),
  assisted: byId('assisted', HTMLInputElement),
  provider: byId('provider', HTMLInputElement),
  model: byId('model', HTMLInputElement),
  baseUrl: byId('base-url', HTMLInputElement),
  token: byId('token', HTMLInputElement),
  serverMode: byId('server-mode', HTMLSpanElement),
  scenario: byId('scenario', HTMLSelectElement),
  scenarioRow: byId('scenario-row', HTMLDivElement),
  loadScenario: byId('load-scenario', HTMLButtonElement),
  keywords: byId('keywords', HTMLDetailsElement),
  keywordRows: byId('keyword-rows', HTMLTableSectionElement),
  maxRetries: byId('max-retries', HTMLInputElement),
  idleTimeout: byId('idle-timeout', HTMLInputElement),
  send: byId('send', HTMLButtonElement),
  stop: byId('stop', HTMLButtonElement),
  retry: byId('retry', HTMLButtonElement),
  modeBadge: byId('mode-badge', HTMLSpanElement),
  phase: byId('phase', HTMLSpanElement),
  progress: byId('progress', HTMLProgressElement),
  statusLabel: byId('status-label', HTMLSpanElement),
  message: byId('message', HTMLDivElement),
  history: byId('history', HTMLOListElement),
  historyNote: byId('history-note', HTMLParagraphElement),
  clearHistory: byId('clear-history', HTMLButtonElement),
  draftPanel: byId('draft-panel', HTMLElement),
  draftTurn: byId('draft-turn', HTMLSpanElement),
  draftSummary: byId('draft-summary', HTMLParagraphElement),
  draftIssues: byId('draft-issues', HTMLUListElement),
  sectionChanges: byId('section-changes', HTMLUListElement),
  diff: byId('diff', HTMLDivElement),
  draftSourceBox: byId('draft-source-box', HTMLDetailsElement),
  draftSourceHost: byId('draft-source', HTMLDivElement),
  apply: byId('apply', HTMLButtonElement),
  applySummary: byId('apply-summary', HTMLSpanElement),
  forceApply: byId('force-apply', HTMLInputElement),
  forceApplyLabel: byId('force-apply-label', HTMLLabelElement),
  undoApply: byId('undo-apply', HTMLButtonElement),
  log: byId('log', HTMLOListElement),
  logCount: byId('log-count', HTMLSpanElement),
  loadError: byId('load-error', HTMLParagraphElement),
  version: byId('pkg-version', HTMLElement),
};

/**
 * @typedef {{ turnId: string, instruction: string, base: string, prompt: string,
 *   validation: DraftValidation, diff: import('prompt-assist').PromptDiff }} Review
 */
const state = {
  ready: false,
  /** @type {DemoConfig} */
  config: { mock: false, upstream: null, serverToken: false, demoToken: null, scenarios: [] },
  /** @type {Conversation | null} */
  conversation: null,
  /** The connection settings the conversation was made with (a change starts a new one). */
  connection: '',
  /** @type {(() => void) | null} */
  unsubscribe: null,
  /** The prompt each turn was sent with: its draft's diff is against it. */
  /** @type {Map<string, string>} */
  bases: new Map(),
  /** @type {Review | null} */
  review: null,
  /** The turns whose draft has been put under review. */
  /** @type {Set<string>} */
  reviewed: new Set(),
  /** After Apply: the turn applied and the text it gave. */
  /** @type {{ turnId: string, text: string } | null} */
  applied: null,
  /** @type {DraftValidation | null} */
  promptValidation: null,
  /** Events of the current turn, counted for the log. */
  logged: 0,
  warnings: 0,
  /** @type {string | null} */
  mode: null,
};

/** @type {ReturnType<typeof createPromptEditor> | null} */
let prompt = null;
/** @type {ReturnType<typeof createSourceView> | null} */
let draftSource = null;
const review = new DraftReview(ui.diff, () => updateApply());
const turns = new TurnList(ui.history, (turn) => showTurnDraft(turn));

// For tests and curious developers: read-only handles on what the page holds.
Object.assign(window, {
  demo: {
    state,
    get prompt() { return prompt; },
    get draftSource() { return draftSource; },
    get conversation() { return state.conversation; },
    review,
  },
});

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {(string | Node | null | undefined)[]} children
 */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = String(v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else Reflect.set(node, k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ------------------------------------------------------------------------------------ theme

const THEME_KEY = 'prompt-assist-demo-theme';

function applyTheme(/** @type {string} */ value) {
  const root = document.documentElement;
  if (value === 'light' || value === 'dark') root.dataset.theme = value;
  else delete root.dataset.theme;
  ui.theme.value = root.dataset.theme ?? 'system';
}

// ---------------------------------------------------------------- variable context and validation

/** @returns {VariableContext | undefined} */
function variableContext() {
  const text = ui.variables.value.trim();
  if (!text) {
    ui.variablesError.textContent = '';
    return undefined;
  }
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('it must be a JSON object');
    ui.variablesError.textContent = '';
    return value;
  } catch (e) {
    ui.variablesError.textContent = `Variable context ignored: ${e instanceof Error ? e.message : String(e)}`;
    return undefined;
  }
}

/**
 * @param {ValidationIssue} issue
 * @param {(issue: ValidationIssue) => void} onPick
 */
function issueItem(issue, onPick) {
  // The package's message may already name the suggestion; say it only once.
  const extra = issue.suggestion && !issue.message.includes(issue.suggestion) ? ` (did you mean @${issue.suggestion}?)` : '';
  return el('li', { class: `issue issue-${issue.severity}` },
    el('button', { type: 'button', class: 'link', dataset: { code: issue.code, start: String(issue.start), end: String(issue.end) }, onclick: () => onPick(issue) },
      el('span', { class: 'sev' }, issue.severity), ' ',
      el('span', { class: 'where' }, `${issue.line}:${issue.column}`), ' ',
      el('span', { class: 'msg' }, issue.message + extra)));
}

function summarise(/** @type {DraftValidation} */ validation) {
  const errors = validation.issues.filter((i) => i.severity === 'error').length;
  const warnings = validation.issues.length - errors;
  if (!validation.issues.length) return 'No problems found.';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
}

/** The editor's linter validated the prompt: list the issues under it. */
function showPromptValidation(/** @type {DraftValidation} */ validation) {
  state.promptValidation = validation;
  ui.promptIssuesSummary.textContent = summarise(validation);
  ui.promptIssuesSummary.dataset.ok = String(validation.ok);
  ui.promptIssues.replaceChildren(...validation.issues.map((i) => issueItem(i, (x) => prompt?.select(x.start, x.end))));
}

// ------------------------------------------------------------------------- the live line and log

function logEvent(/** @type {AssistantEvent} */ ev) {
  state.logged++;
  let detail = '';
  switch (ev.type) {
    case 'mode': detail = ev.mode + (ev.label ? ` — ${ev.label}` : ''); break;
    case 'status': detail = [ev.label, ev.section && `[${ev.section}]`, ev.message].filter(Boolean).join(' '); break;
    case 'assistant-delta':
    case 'reasoning-delta': detail = JSON.stringify(ev.delta); break;
    case 'draft-ready': detail = `${ev.prompt.length} chars, ${ev.validation.ok ? 'valid' : 'has errors'}, ${changeSummary(ev.diff)}`; break;
    case 'error': detail = `${ev.source}/${ev.code}${ev.status ? ` ${ev.status}` : ''}: ${ev.message}`; break;
    case 'warning': detail = `${ev.code}${ev.line ? ` (line ${ev.line})` : ''}: ${ev.message}`; break;
    case 'ai-setup-required': detail = [ev.provider, ev.reason, ev.message].filter(Boolean).join(' — '); break;
    case 'retry': detail = `attempt ${ev.attempt} in ${ev.delayMs} ms after ${ev.code}`; break;
    case 'unknown': detail = ev.rawType; break;
    default: break;
  }
  const time = new Date().toISOString().slice(11, 23);
  ui.log.append(el('li', { class: `log-${ev.type}` },
    el('span', { class: 'time' }, time), ' ', el('b', {}, ev.type), detail ? ' ' : '', detail ? el('span', {}, detail) : null));
  if (ui.log.childElementCount > 500) ui.log.firstElementChild?.remove();
  ui.logCount.textContent = String(state.logged);
}

/** What one event changes on the live line. */
function showEvent(/** @type {AssistantEvent} */ ev) {
  switch (ev.type) {
    case 'mode':
      state.mode = ev.mode;
      ui.modeBadge.textContent = ev.mode;
      ui.modeBadge.dataset.mode = ev.mode;
      break;
    case 'status':
      ui.statusLabel.textContent = [ev.label, ev.section && `(${ev.section})`, ev.message && `— ${ev.message}`].filter(Boolean).join(' ');
      break;
    case 'warning':
      state.warnings++;
      break;
    case 'retry':
      ui.statusLabel.textContent = `Retrying in ${Math.ceil(ev.delayMs / 1000)} s (${ev.code}, attempt ${ev.attempt})`;
      break;
    case 'error':
      showError(ev);
      break;
    case 'ai-setup-required':
      showSetup(ev);
      break;
    default:
      break;
  }
}

/**
 * @param {'error' | 'warning' | 'info'} kind
 * @param {string} title
 * @param {string} [body]
 * @param {string} [hint]
 */
function showMessage(kind, title, body, hint) {
  ui.message.hidden = false;
  ui.message.className = `banner ${kind}`;
  ui.message.replaceChildren(el('strong', {}, title), body ? ` ${body}` : '', hint ? el('div', { class: 'hint' }, hint) : '');
}

function clearMessage() {
  ui.message.hidden = true;
  ui.message.replaceChildren();
  delete ui.message.dataset.code;
  delete ui.message.dataset.retryAfterMs;
}

const PHASE_TEXT = /** @type {Record<string, string>} */ ({
  waiting: 'Waiting for the server…',
  streaming: 'Streaming',
  done: 'Done',
  error: 'Failed',
  'setup-required': 'Setup required',
  aborted: 'Stopped',
});

function showError(/** @type {ErrorEvent} */ ev) {
  const where = ev.status ? `HTTP ${ev.status}` : ev.source;
  let hint = '';
  if (ev.code === 'rate-limited') {
    hint = ev.retryAfterMs != null
      ? `The server is busy. Try again in ${Math.ceil(ev.retryAfterMs / 1000)} s.`
      : 'The server is busy. Try again in a moment.';
  } else if (ev.code === 'unauthorized' || ev.code === 'forbidden') {
    hint = 'Check the token field.';
  } else if (ev.code === 'idle-timeout') {
    hint = 'The server stopped sending events. Send again, or raise the idle timeout under Advanced.';
  } else if (ev.code === 'incomplete-stream') {
    hint = 'The answer was cut off before it finished. Send again.';
  } else if (ev.code === 'network-error') {
    hint = 'Check the base URL and that the server is running.';
  }
  showMessage('error', `Error (${ev.code}, ${where}):`, ev.message, hint);
  ui.message.dataset.code = ev.code;
  if (ev.retryAfterMs != null) ui.message.dataset.retryAfterMs = String(ev.retryAfterMs);
}

function showSetup(/** @type {SetupEvent} */ ev) {
  const who = ev.provider ? ` for ${ev.provider}` : '';
  showMessage('warning', `AI setup required${who}:`, ev.message ?? 'The assistant is not configured yet.',
    ev.reason ? `Reason: ${ev.reason}` : 'Ask an administrator to connect an AI provider, then try again.');
  ui.message.dataset.code = ev.code ?? 'ai-setup-required';
}

// ------------------------------------------------------------------------- the conversation

function baseUrl() {
  return ui.baseUrl.value.trim() || location.origin;
}

function usingMock() {
  const typed = ui.baseUrl.value.trim();
  if (!state.config.mock) return false;
  try {
    return !typed || new URL(typed, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/**
 * The page's fetch: the mock's scenario picker travels as a header, read when each request is
 * made (StreamOptions.fetch, so the conversation keeps one set of options).
 * @type {typeof fetch}
 */
const pageFetch = (input, init) => {
  const scenario = usingMock() ? ui.scenario.value : '';
  if (!scenario) return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set('x-mock-scenario', scenario);
  return fetch(input, { ...init, headers });
};

/** The stream options every turn is sent with. */
function connectionOptions() {
  /** @type {ConversationOptions} */
  const options = {
    baseUrl: baseUrl(),
    maxRetries: Math.max(0, Number(ui.maxRetries.value) || 0),
    idleTimeoutMs: Math.max(0, Number(ui.idleTimeout.value) || 0) * 1000,
  };
  const token = ui.token.value.trim();
  if (token) options.token = token;
  return options;
}

/**
 * The conversation, made on first use. Its stream options are fixed when it is made, so a change
 * to the connection (base URL, token, retries, idle timeout) starts a new conversation.
 */
function conversation() {
  const options = connectionOptions();
  const key = JSON.stringify(options);
  if (state.conversation && key === state.connection) return state.conversation;
  const hadTurns = (state.conversation?.getSnapshot().turns.length ?? 0) > 0;
  resetConversation();
  const c = new Conversation({ ...options, fetch: pageFetch, currentPrompt: prompt?.text() ?? '' });
  state.conversation = c;
  state.connection = key;
  state.unsubscribe = c.subscribe(scheduleRender);
  ui.historyNote.textContent = hadTurns ? 'The connection settings changed, so this is a new conversation.' : '';
  return c;
}

function resetConversation() {
  state.conversation?.stop();
  state.unsubscribe?.();
  state.unsubscribe = null;
  state.conversation = null;
  state.connection = '';
  state.bases.clear();
  state.reviewed.clear();
  turns.clear();
  ui.historyNote.textContent = '';
  ui.clearHistory.disabled = true;
  ui.retry.disabled = true;
}

let frame = 0;
function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderConversation();
  });
}

/** Brings the page up to the conversation's snapshot. */
function renderConversation() {
  if (frame) cancelAnimationFrame(frame);
  frame = 0;
  const c = state.conversation;
  if (!c) return;
  const snap = c.getSnapshot();
  turns.render(snap, state.review?.turnId ?? null);
  const last = snap.turns.at(-1);
  setBusy(snap.running);
  ui.clearHistory.disabled = snap.turns.length === 0;
  ui.retry.disabled = snap.running || !last;
  if (last) {
    const warned = state.warnings ? ` · ${plural(state.warnings, 'stream warning')} (see the log)` : '';
    ui.phase.textContent = (PHASE_TEXT[last.phase] ?? last.phase) + warned;
    ui.phase.dataset.phase = last.phase;
    // A new draft from the latest turn goes under review at once (once: the reader may go on to
    // review an earlier turn's draft).
    if (last.draft && !state.reviewed.has(last.id)) {
      state.reviewed.add(last.id);
      showTurnDraft(last);
    }
  }
}

function setBusy(/** @type {boolean} */ busy) {
  ui.send.disabled = busy || !state.ready;
  ui.stop.disabled = !busy;
  ui.progress.hidden = !busy;
  document.body.dataset.busy = String(busy);
}

/** What the next turn carries besides the conversation's own settings. */
function overrides() {
  /** @type {Parameters<Conversation['send']>[1] & {}} */
  const o = { assistedMode: ui.assisted.checked };
  const ctx = variableContext();
  if (ctx) o.variableContext = ctx;
  const provider = ui.provider.value.trim();
  const model = ui.model.value.trim();
  if (provider && model) o.modelOverride = { provider, model };
  return o;
}

/** Sends `instruction` as the next turn (the send button, Ctrl+Enter, Retry). */
function send(instruction = ui.instruction.value) {
  if (!state.ready || !prompt) return;
  if (state.conversation?.getSnapshot().running) return;
  if (!instruction.trim()) {
    showMessage('warning', 'Type an instruction first.');
    ui.instruction.focus();
    return;
  }
  const c = conversation();
  // The editor is the truth: a turn grounds on what it holds now (after an Apply, the applied
  // prompt, which setCurrentPrompt already gave the conversation).
  const text = prompt.text();
  if (c.getSnapshot().currentPrompt !== text) c.setCurrentPrompt(text);
  clearMessage();
  ui.log.replaceChildren();
  state.logged = 0;
  state.warnings = 0;
  state.mode = null;
  ui.logCount.textContent = '0';
  ui.statusLabel.textContent = '';
  ui.modeBadge.textContent = 'waiting';
  ui.modeBadge.dataset.mode = 'none';
  delete document.body.dataset.lastPhase;
  const stream = c.send(instruction, overrides());
  const turn = c.getSnapshot().turns.at(-1);
  if (turn) state.bases.set(turn.id, text);
  renderConversation();
  void follow(stream);
}

/** Reads the turn's events for the live line and the log; one snapshot at the end. */
async function follow(/** @type {PromptAssistantStream} */ stream) {
  try {
    for await (const ev of stream) {
      logEvent(ev);
      showEvent(ev);
    }
  } catch (e) {
    // The iterator promises not to throw; if it ever does, say so rather than fail silently.
    showMessage('error', 'Unexpected failure:', e instanceof Error ? e.message : String(e));
  }
  const snap = stream.snapshot();
  renderConversation();
  if (!state.mode) {
    ui.modeBadge.textContent = 'no mode';
    ui.modeBadge.dataset.mode = 'none';
  }
  if (snap.phase === 'aborted') showMessage('info', 'Stopped.', 'The request was cancelled; nothing more will arrive.');
  document.body.dataset.lastPhase = snap.phase;
  setBusy(false);
}

function stop() {
  state.conversation?.stop();
}

/**
 * Retry: the last turn's instruction again, as a new turn. (Conversation.retry() would resend it
 * with the settings the conversation was made with; the page sends the variables, assisted mode
 * and model of now, so it sends the instruction itself.)
 */
function retry() {
  const last = state.conversation?.getSnapshot().turns.at(-1);
  if (last) send(last.instruction);
}

// ------------------------------------------------------------------------------------ review

/** Puts a turn's draft under review. */
function showTurnDraft(/** @type {ConversationTurn} */ turn) {
  const draft = turn.draft;
  if (!draft) return;
  state.review = {
    turnId: turn.id,
    instruction: turn.instruction,
    base: state.bases.get(turn.id) ?? '',
    prompt: draft.prompt,
    validation: draft.validation,
    diff: draft.diff,
  };
  state.applied = null;
  const { validation, diff } = draft;
  ui.draftPanel.hidden = false;
  ui.draftPanel.dataset.ok = String(validation.ok);
  ui.draftPanel.dataset.turn = turn.id;
  ui.draftTurn.textContent = `for "${turn.instruction}"`;
  const sections = validation.sections.length ? ` Sections: ${validation.sections.join(', ')}.` : '';
  ui.draftSummary.textContent = `${validation.ok ? 'The draft is valid' : 'The draft has problems'}${validation.wellFormed ? '' : ' (not well-formed XML)'}: ${summarise(validation)}${sections}`;
  ui.draftSummary.className = validation.ok ? 'ok' : 'bad';
  draftSource?.show(draft.prompt, validation.issues);
  ui.draftIssues.replaceChildren(...validation.issues.map((i) => issueItem(i, (x) => {
    ui.draftSourceBox.open = true;
    draftSource?.select(x.start, x.end);
  })));
  ui.sectionChanges.replaceChildren(...diff.sections.filter((s) => s.change !== 'unchanged')
    .map((s) => el('li', { class: `change-${s.change}`, dataset: { change: s.change, path: s.path } },
      el('span', { class: 'chip' }, s.change), ' ', el('code', {}, s.path))));
  review.show(diff, validation.issues);
  ui.forceApply.checked = false;
  ui.forceApplyLabel.hidden = validation.ok;
  if (state.conversation) turns.render(state.conversation.getSnapshot(), turn.id);
  updateApply();
}

/** Whether Apply can run now, and what the line next to it says. */
function updateApply() {
  const r = state.review;
  const text = prompt?.text() ?? '';
  let enabled = false;
  let note = '';
  const applied = state.applied;
  if (!r) {
    note = '';
  } else if (applied && applied.turnId === r.turnId && text === applied.text) {
    note = 'Applied. One undo (Ctrl+Z in the editor) restores the prompt before.';
  } else if (text !== r.base) {
    note = 'The prompt has changed since this draft was made, so its changes no longer line up. Undo your edits, or send the instruction again.';
  } else {
    const { taken, kept } = review.counts();
    if (taken === 0) note = 'Every change is rejected: nothing to apply.';
    else if (!r.validation.ok && !ui.forceApply.checked) note = 'The draft has errors. Tick the box to apply it anyway.';
    else {
      enabled = true;
      note = `Apply takes ${plural(taken, 'change')} from the draft${kept ? ` and keeps ${kept} as ${kept === 1 ? 'it is' : 'they are'}` : ''}.`;
    }
  }
  ui.apply.disabled = !enabled;
  ui.applySummary.textContent = note;
  ui.undoApply.hidden = !(applied && r && applied.turnId === r.turnId && text === applied.text);
}

/**
 * Apply: mergeDraft gives the merged text and the word-level edits that make it; the edits go
 * to the editor as ONE transaction (one undo step, the cursor kept in untouched text), and the
 * conversation's next turn grounds on the result.
 */
function applyDraft() {
  const r = state.review;
  if (!r || !prompt || ui.apply.disabled) return;
  let result;
  try {
    result = mergeDraft(r.diff, review.decisions());
  } catch (e) {
    showMessage('error', 'The draft could not be applied:', e instanceof Error ? e.message : String(e));
    return;
  }
  prompt.applyEdits(result.edits);
  const text = prompt.text();
  if (text !== result.text) {
    showMessage('error', 'The editor does not hold the merged prompt after applying the edits.', 'Undo with Ctrl+Z; the package\'s merge and its edits disagree.');
  }
  state.applied = { turnId: r.turnId, text };
  state.conversation?.setCurrentPrompt(text);
  updateApply();
}

function undoApply() {
  if (prompt) undo(prompt.view);
  prompt?.view.focus();
}

// ------------------------------------------------------------------------------- scenarios

function renderScenarios() {
  const cfg = state.config;
  ui.scenarioRow.hidden = !usingMock();
  ui.keywords.hidden = !cfg.mock;
  const rows = [];
  for (const s of cfg.scenarios) {
    ui.scenario.append(el('option', { value: s.id, disabled: !s.available }, `${s.id}${s.available ? '' : ' (not available)'}`));
    rows.push(el('tr', {},
      el('th', { scope: 'row' }, el('code', {}, s.id)),
      el('td', {}, s.keywords.join(', ')),
      el('td', {}, s.title + (s.available ? '' : ' (stream file missing)'))));
  }
  ui.keywordRows.replaceChildren(...rows);
}

function scenarioOptions() {
  return state.config.scenarios.find((s) => s.id === ui.scenario.value)?.options ?? null;
}

async function loadConfig() {
  try {
    const res = await fetch('/demo/config.json', { cache: 'no-store' });
    if (res.ok) state.config = await res.json();
  } catch {
    // Served by something other than www/server.mjs: no mock, no scenarios.
  }
  const cfg = state.config;
  if (cfg.demoToken) ui.token.value = cfg.demoToken;
  ui.serverMode.textContent = cfg.mock ? 'mock server' : cfg.upstream ? `proxy to ${cfg.upstream}` : '';
  if (!cfg.mock && cfg.serverToken) ui.token.placeholder = 'server token';
  renderScenarios();
}

// ---------------------------------------------------------------------------------- startup

let relintTimer = 0;
function wire() {
  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  ui.stop.addEventListener('click', stop);
  ui.retry.addEventListener('click', retry);
  byId('connection-form', HTMLFormElement).addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && state.conversation?.getSnapshot().running) {
      e.preventDefault();
      stop();
    }
  });
  ui.variables.addEventListener('input', () => {
    clearTimeout(relintTimer);
    relintTimer = window.setTimeout(() => prompt?.relint(), 250);
  });
  for (const r of document.querySelectorAll('input[name="layout"]')) {
    r.addEventListener('change', (e) => {
      const value = /** @type {HTMLInputElement} */ (e.target).value;
      review.layout = value === 'split' ? 'split' : 'inline';
    });
  }
  ui.apply.addEventListener('click', applyDraft);
  ui.forceApply.addEventListener('change', updateApply);
  ui.undoApply.addEventListener('click', undoApply);
  ui.clearHistory.addEventListener('click', () => {
    resetConversation();
    state.review = null;
    state.applied = null;
    review.clear();
    ui.draftPanel.hidden = true;
    updateApply();
  });
  ui.baseUrl.addEventListener('input', () => {
    ui.scenarioRow.hidden = !usingMock();
  });
  ui.scenario.addEventListener('change', () => {
    ui.loadScenario.disabled = !scenarioOptions();
  });
  ui.loadScenario.addEventListener('click', () => {
    const o = scenarioOptions();
    if (!o) return;
    if (o.variableContext) ui.variables.value = JSON.stringify(o.variableContext, null, 2);
    if (typeof o.currentPrompt === 'string') prompt?.setText(o.currentPrompt);
    prompt?.relint();
  });
  ui.theme.addEventListener('change', () => {
    applyTheme(ui.theme.value);
    try {
      localStorage.setItem(THEME_KEY, ui.theme.value);
    } catch {
      // Storage may be off; the switch still works for this visit.
    }
  });
}

async function main() {
  let saved = null;
  try {
    saved = localStorage.getItem(THEME_KEY);
  } catch {
    saved = null;
  }
  applyTheme(saved ?? 'system');
  ui.variables.value = JSON.stringify(DEFAULT_VARIABLES, null, 2);
  setBusy(false);
  ui.retry.disabled = true;
  ui.clearHistory.disabled = true;
  wire();
  await loadConfig();
  try {
    await init();
  } catch (e) {
    ui.loadError.hidden = false;
    ui.loadError.textContent = `The prompt-assist package failed to load: ${e instanceof Error ? e.message : String(e)}. Build it with scripts/build.`;
    return;
  }
  prompt = createPromptEditor(ui.promptHost, {
    doc: DEFAULT_PROMPT,
    context: variableContext,
    onValidation: showPromptValidation,
    onChange: () => updateApply(),
  });
  draftSource = createSourceView(ui.draftSourceHost, 'Draft XML (read-only)');
  state.ready = true;
  ui.version.textContent = `v${version()}`;
  setBusy(false);
  document.body.dataset.ready = 'true';
}

main();
