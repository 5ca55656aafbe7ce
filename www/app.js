// The demo editor. It uses the package exactly as an application would: the import below is
// resolved by the page's import map to the browser entry of pkg/package.json.
import init, { streamPromptAssistant, validateDraft, renderDiffHtml, version } from 'prompt-assist';
import { CodeEditor } from './editor.js';

const $ = (sel) => document.querySelector(sel);

// The same prompt and variables as the stream fixtures' `options`, so the mock's drafts diff
// against what a user sees first.
const DEFAULT_PROMPT = `<prompt>
  <role>Leasing assistant for @propertyName</role>
  <goal>Convert leads into tours for @propertyName.</goal>
  <rules>
    <rule>Offer two tour times.</rule>
  </rules>
</prompt>`;

const DEFAULT_VARIABLES = {
  firstName: 'Alex',
  propertyName: 'Maple Court',
  contact: { email: 'alex@example.com' },
  'Tour fields': ['tourDate', 'tourTime'],
};

const ui = {
  prompt: new CodeEditor($('#prompt-editor')),
  draftSource: new CodeEditor($('#draft-editor')),
  variables: $('#variables'),
  variablesError: $('#variables-error'),
  instruction: $('#instruction'),
  assisted: $('#assisted'),
  provider: $('#provider'),
  model: $('#model'),
  baseUrl: $('#base-url'),
  token: $('#token'),
  scenario: $('#scenario'),
  scenarioRow: $('#scenario-row'),
  loadScenario: $('#load-scenario'),
  maxRetries: $('#max-retries'),
  idleTimeout: $('#idle-timeout'),
  form: $('#ask-form'),
  send: $('#send'),
  stop: $('#stop'),
  modeBadge: $('#mode-badge'),
  phase: $('#phase'),
  progress: $('#progress'),
  statusLabel: $('#status-label'),
  message: $('#message'),
  reply: $('#reply'),
  reasoningBox: $('#reasoning-box'),
  reasoning: $('#reasoning'),
  draftPanel: $('#draft-panel'),
  draftSummary: $('#draft-summary'),
  draftIssues: $('#draft-issues'),
  diff: $('#diff'),
  sectionChanges: $('#section-changes'),
  apply: $('#apply'),
  forceApply: $('#force-apply'),
  forceApplyLabel: $('#force-apply-label'),
  undoApply: $('#undo-apply'),
  history: $('#history'),
  clearHistory: $('#clear-history'),
  log: $('#log'),
  logCount: $('#log-count'),
  promptIssues: $('#prompt-issues'),
  promptIssuesSummary: $('#prompt-issues-summary'),
};

const state = {
  ready: false,
  config: { mock: false, scenarios: [] },
  stream: null,
  draft: null, // { prompt, validation, diff }
  beforeApply: null,
  history: [], // { role, content }
  logged: 0,
};
// For tests and curious developers: the latest snapshot and a few facts, read-only.
window.demo = { state };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------- variable context and validation

function variableContext() {
  const text = ui.variables.value.trim();
  if (!text) {
    ui.variablesError.textContent = '';
    return undefined;
  }
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be a JSON object');
    ui.variablesError.textContent = '';
    return value;
  } catch (e) {
    ui.variablesError.textContent = `Variable context ignored: ${e.message}`;
    return undefined;
  }
}

function issueButton(issue, onPick) {
  // The package's message may already name the suggestion; say it only once.
  const extra = issue.suggestion && !issue.message.includes(issue.suggestion) ? ` (did you mean @${issue.suggestion}?)` : '';
  return el('li', { class: `issue issue-${issue.severity}` },
    el('button', { type: 'button', class: 'link', dataset: { code: issue.code, start: String(issue.start), end: String(issue.end) }, onclick: () => onPick(issue) },
      el('span', { class: 'sev' }, issue.severity), ' ',
      el('span', { class: 'where' }, `${issue.line}:${issue.column}`), ' ',
      el('span', { class: 'msg' }, issue.message + extra)),
  );
}

function summarise(validation) {
  const errors = validation.issues.filter((i) => i.severity === 'error').length;
  const warnings = validation.issues.length - errors;
  if (!validation.issues.length) return 'No problems found.';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
}

let validateTimer = 0;
function validatePromptSoon() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validatePrompt, 200);
}

function validatePrompt() {
  if (!state.ready) return;
  const validation = validateDraft(ui.prompt.value, variableContext());
  ui.prompt.setIssues(validation.issues);
  ui.promptIssuesSummary.textContent = summarise(validation);
  ui.promptIssuesSummary.dataset.ok = String(validation.ok);
  ui.promptIssues.replaceChildren(...validation.issues.map((i) => issueButton(i, (x) => ui.prompt.select(x.start, x.end))));
  state.promptValidation = validation;
}

// ------------------------------------------------------------------------------ live output

function logEvent(ev) {
  state.logged++;
  let detail = '';
  switch (ev.type) {
    case 'mode': detail = ev.mode + (ev.label ? ` — ${ev.label}` : ''); break;
    case 'status': detail = [ev.label, ev.section && `[${ev.section}]`, ev.message].filter(Boolean).join(' '); break;
    case 'assistant-delta':
    case 'reasoning-delta': detail = JSON.stringify(ev.delta); break;
    case 'draft-ready': detail = `${ev.prompt.length} chars, ${ev.validation.ok ? 'valid' : 'has errors'}`; break;
    case 'error': detail = `${ev.source}/${ev.code}${ev.status ? ` ${ev.status}` : ''}: ${ev.message}`; break;
    case 'warning': detail = `${ev.code}${ev.line ? ` (line ${ev.line})` : ''}: ${ev.message}`; break;
    case 'ai-setup-required': detail = [ev.provider, ev.reason, ev.message].filter(Boolean).join(' — '); break;
    case 'unknown': detail = ev.rawType; break;
    default: break;
  }
  const time = new Date().toISOString().slice(11, 23);
  ui.log.append(el('li', { class: `log-${ev.type}` },
    el('span', { class: 'time' }, time), ' ', el('b', {}, ev.type), detail ? ' ' : '', detail ? el('span', {}, detail) : null));
  if (ui.log.childElementCount > 500) ui.log.firstElementChild.remove();
  ui.logCount.textContent = String(state.logged);
}

function showMessage(kind, title, body, hint) {
  ui.message.hidden = false;
  ui.message.className = `banner ${kind}`;
  ui.message.replaceChildren(el('strong', {}, title), body ? ` ${body}` : '', hint ? el('div', { class: 'hint' }, hint) : '');
}

function clearMessage() {
  ui.message.hidden = true;
  ui.message.replaceChildren();
}

const PHASE_TEXT = {
  waiting: 'Waiting for the server…',
  streaming: 'Streaming',
  done: 'Done',
  error: 'Failed',
  'setup-required': 'Setup required',
  aborted: 'Stopped',
};

function showSnapshot(snap) {
  const busy = snap.phase === 'waiting' || snap.phase === 'streaming';
  ui.modeBadge.textContent = snap.mode ?? (busy ? 'waiting' : 'no mode');
  ui.modeBadge.dataset.mode = snap.mode ?? 'none';
  const warned = snap.warnings.length ? ` · ${plural(snap.warnings.length, 'stream warning')} (see the log)` : '';
  ui.phase.textContent = (PHASE_TEXT[snap.phase] ?? snap.phase) + warned;
  ui.phase.dataset.phase = snap.phase;
  ui.progress.hidden = !busy;
  ui.reply.setAttribute('aria-busy', String(busy));
  ui.reply.hidden = !busy && !snap.assistantText;
  const s = snap.status;
  ui.statusLabel.textContent = s ? [s.label, s.section && `(${s.section})`, s.message && `— ${s.message}`].filter(Boolean).join(' ') : '';
  ui.reply.textContent = snap.assistantText;
  ui.reasoning.textContent = snap.reasoningText;
  ui.reasoningBox.hidden = !snap.reasoningText;
  window.demo.snapshot = snap;
}

function showError(ev) {
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

function showSetup(ev) {
  const who = ev.provider ? ` for ${ev.provider}` : '';
  showMessage('warning', `AI setup required${who}:`, ev.message ?? 'The assistant is not configured yet.',
    ev.reason ? `Reason: ${ev.reason}` : 'Ask an administrator to connect an AI provider, then try again.');
  ui.message.dataset.code = ev.code ?? 'ai-setup-required';
}

function resetOutput() {
  clearMessage();
  delete ui.message.dataset.code;
  delete ui.message.dataset.retryAfterMs;
  ui.reply.textContent = '';
  ui.reasoning.textContent = '';
  ui.reasoningBox.hidden = true;
  ui.statusLabel.textContent = '';
  ui.draftPanel.hidden = true;
  state.draft = null;
  ui.log.replaceChildren();
  state.logged = 0;
  ui.logCount.textContent = '0';
}

// ------------------------------------------------------------------------------------ draft

function diffLayout() {
  return document.querySelector('input[name="layout"]:checked')?.value ?? 'inline';
}

function renderDiff() {
  if (!state.draft) return;
  // renderDiffHtml escapes every piece of prompt text: its output is the one HTML string this page
  // inserts as markup.
  ui.diff.innerHTML = renderDiffHtml(state.draft.diff, { layout: diffLayout() });
  ui.diff.dataset.layout = diffLayout();
}

function showDraft(draft) {
  state.draft = draft;
  const { validation, diff } = draft;
  ui.draftPanel.hidden = false;
  ui.draftPanel.dataset.ok = String(validation.ok);
  const sections = validation.sections.length ? ` Sections: ${validation.sections.join(', ')}.` : '';
  ui.draftSummary.textContent = `${validation.ok ? 'The draft is valid' : 'The draft has problems'}${validation.wellFormed ? '' : ' (not well-formed XML)'}: ${summarise(validation)}${sections}`;
  ui.draftSummary.className = validation.ok ? 'ok' : 'bad';
  ui.draftSource.value = draft.prompt;
  ui.draftSource.setIssues(validation.issues);
  ui.draftIssues.replaceChildren(...validation.issues.map((i) => issueButton(i, (x) => {
    $('#draft-source-box').open = true;
    ui.draftSource.select(x.start, x.end);
  })));
  ui.sectionChanges.replaceChildren(...diff.sections.filter((s) => s.change !== 'unchanged')
    .map((s) => el('li', { class: `change-${s.change}`, dataset: { change: s.change, path: s.path } },
      el('span', { class: 'chip' }, s.change), ' ', el('code', {}, s.path))));
  renderDiff();
  ui.forceApply.checked = false;
  ui.forceApplyLabel.hidden = validation.ok;
  ui.undoApply.hidden = true;
  updateApply();
}

function updateApply() {
  const d = state.draft;
  ui.apply.disabled = !d || (!d.validation.ok && !ui.forceApply.checked);
}

function applyDraft() {
  const d = state.draft;
  if (!d || ui.apply.disabled) return;
  state.beforeApply = ui.prompt.value;
  ui.prompt.value = d.prompt;
  validatePrompt();
  ui.apply.disabled = true;
  ui.undoApply.hidden = false;
  ui.phase.textContent = 'Draft applied';
}

function undoApply() {
  if (state.beforeApply == null) return;
  ui.prompt.value = state.beforeApply;
  state.beforeApply = null;
  validatePrompt();
  ui.undoApply.hidden = true;
  updateApply();
}

// ---------------------------------------------------------------------------------- history

function renderHistory() {
  ui.history.replaceChildren(...state.history.map((turn) => el('li', { class: `turn turn-${turn.role}` },
    el('span', { class: 'who' }, turn.role === 'user' ? 'You' : 'Assistant'), ' ', el('span', { class: 'said' }, turn.content))));
  ui.clearHistory.disabled = state.history.length === 0;
}

// ------------------------------------------------------------------------------------- send

function setBusy(busy) {
  ui.send.disabled = busy || !state.ready;
  ui.stop.disabled = !busy;
  document.body.dataset.busy = String(busy);
}

function baseUrl() {
  const typed = ui.baseUrl.value.trim();
  return typed || location.origin;
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

async function send() {
  if (state.stream || !state.ready) return;
  const instruction = ui.instruction.value;
  if (!instruction.trim()) {
    showMessage('warning', 'Type an instruction first.');
    ui.instruction.focus();
    return;
  }
  const request = {
    instruction,
    currentPrompt: ui.prompt.value,
    conversationHistory: state.history.slice(),
    assistedMode: ui.assisted.checked,
  };
  const ctx = variableContext();
  if (ctx) request.variableContext = ctx;
  const provider = ui.provider.value.trim();
  const model = ui.model.value.trim();
  if (provider && model) request.modelOverride = { provider, model };

  const headers = {};
  if (usingMock() && ui.scenario.value) headers['x-mock-scenario'] = ui.scenario.value;
  const token = ui.token.value.trim();
  const options = {
    baseUrl: baseUrl(),
    headers,
    maxRetries: Math.max(0, Number(ui.maxRetries.value) || 0),
    idleTimeoutMs: Math.max(0, Number(ui.idleTimeout.value) || 0) * 1000,
  };
  if (token) options.token = token;

  resetOutput();
  const stream = streamPromptAssistant(request, options);
  state.stream = stream;
  setBusy(true);
  showSnapshot(stream.snapshot());
  try {
    for await (const ev of stream) {
      logEvent(ev);
      if (ev.type === 'draft-ready') showDraft({ prompt: ev.prompt, validation: ev.validation, diff: ev.diff });
      else if (ev.type === 'error') showError(ev);
      else if (ev.type === 'ai-setup-required') showSetup(ev);
      showSnapshot(stream.snapshot());
    }
  } catch (e) {
    // The iterator promises not to throw; if it ever does, say so rather than fail silently.
    showMessage('error', 'Unexpected failure:', String(e?.message ?? e));
  } finally {
    const snap = stream.snapshot();
    showSnapshot(snap);
    if (snap.phase === 'aborted') showMessage('info', 'Stopped.', 'The request was cancelled; nothing more will arrive.');
    if (snap.phase === 'done') {
      state.history.push({ role: 'user', content: instruction });
      const reply = snap.assistantText.trim() || (snap.draft ? 'Proposed a draft.' : '');
      if (reply) state.history.push({ role: 'assistant', content: reply });
      renderHistory();
    }
    state.stream = null;
    setBusy(false);
    document.body.dataset.lastPhase = snap.phase;
  }
}

function stop() {
  if (state.stream) state.stream.abort();
}

// ------------------------------------------------------------------------------- scenarios

function renderScenarios() {
  const cfg = state.config;
  ui.scenarioRow.hidden = !usingMock();
  $('#keywords').hidden = !cfg.mock;
  const rows = [];
  for (const s of cfg.scenarios) {
    const opt = el('option', { value: s.id, disabled: !s.available }, `${s.id}${s.available ? '' : ' (not available)'}`);
    ui.scenario.append(opt);
    rows.push(el('tr', {},
      el('th', { scope: 'row' }, el('code', {}, s.id)),
      el('td', {}, s.keywords.join(', ')),
      el('td', {}, s.title + (s.available ? '' : ' (stream file missing)'))));
  }
  $('#keyword-rows').replaceChildren(...rows);
}

function scenarioOptions() {
  return state.config.scenarios.find((s) => s.id === ui.scenario.value)?.options ?? null;
}

// ---------------------------------------------------------------------------------- startup

async function loadConfig() {
  try {
    const res = await fetch('/demo/config.json', { cache: 'no-store' });
    if (res.ok) state.config = await res.json();
  } catch {
    // Served by something else than www/server.mjs: no mock, no scenarios.
  }
  const cfg = state.config;
  if (cfg.demoToken) ui.token.value = cfg.demoToken;
  $('#server-mode').textContent = cfg.mock ? 'mock server' : cfg.upstream ? `proxy to ${cfg.upstream}` : '';
  if (!cfg.mock && cfg.serverToken) ui.token.placeholder = 'server token';
  renderScenarios();
}

function wire() {
  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  ui.stop.addEventListener('click', stop);
  $('#connection-form').addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && state.stream) {
      e.preventDefault();
      stop();
    }
  });
  ui.prompt.textarea.addEventListener('input', validatePromptSoon);
  ui.variables.addEventListener('input', validatePromptSoon);
  for (const r of document.querySelectorAll('input[name="layout"]')) r.addEventListener('change', renderDiff);
  ui.apply.addEventListener('click', applyDraft);
  ui.forceApply.addEventListener('change', updateApply);
  ui.undoApply.addEventListener('click', undoApply);
  ui.clearHistory.addEventListener('click', () => {
    state.history = [];
    renderHistory();
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
    if (typeof o.currentPrompt === 'string') ui.prompt.value = o.currentPrompt;
    if (o.variableContext) ui.variables.value = JSON.stringify(o.variableContext, null, 2);
    validatePrompt();
  });
}

async function main() {
  ui.prompt.value = DEFAULT_PROMPT;
  ui.variables.value = JSON.stringify(DEFAULT_VARIABLES, null, 2);
  renderHistory();
  setBusy(false);
  wire();
  await loadConfig();
  try {
    await init();
  } catch (e) {
    const banner = $('#load-error');
    banner.hidden = false;
    banner.textContent = `The prompt-assist package failed to load: ${e?.message ?? e}. Build it with scripts/build.`;
    return;
  }
  state.ready = true;
  $('#pkg-version').textContent = `v${version()}`;
  setBusy(false);
  validatePrompt();
  document.body.dataset.ready = 'true';
}

main();
