// Type declarations for prompt-assist, written by hand to mirror the Rust shapes in
// src/protocol/ (events.rs, validation.rs, diff.rs, request.rs) and src/session/snapshot.rs.
// tests/js/types/ compiles a consumer against this file with `tsc --strict` and checks that
// misuses fail to compile.

// ---------------------------------------------------------------------------------------------
// Loading

/** A compiled `WebAssembly.Module`, where the environment's types declare one (DOM lib). */
export type WasmModule = typeof globalThis extends {
  WebAssembly: { Module: abstract new (...args: never[]) => infer M };
}
  ? M
  : never;
/** Where the .wasm file is, its bytes, or a compiled module. Only needs types Node has too. */
export type InitSource = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule;
/** What `init` accepts in a browser (in Node the module is already loaded and this is ignored). */
export type InitInput =
  | InitSource
  | Promise<InitSource>
  | { module_or_path: InitSource | Promise<InitSource> };

/**
 * Loads the WebAssembly module. Call it once before anything else: until its promise resolves,
 * every other export throws an `Error` that says to call `await init()` first. Calling it again
 * returns the same promise; after a failed load the next call tries again.
 *
 * With no argument it unpacks the copy of the module inlined in the package, which needs no
 * bundler setting. Pass a URL (or a `Response`, bytes or a compiled `WebAssembly.Module`) of
 * `prompt_assist_bg.wasm` to load a file you host instead. In Node the module is loaded at
 * import and this resolves at once.
 *
 * @example
 * import init, { validateDraft } from 'prompt-assist';
 * init().then(() => console.log(validateDraft('<prompt><goal>Hi</goal></prompt>').ok));
 */
export default function init(input?: InitInput): Promise<void>;

// `Symbol.dispose` (for `using`) is in TypeScript's lib from `esnext.disposable` on, and in
// @types/node; declared here too so that the `[Symbol.dispose]()` members below compile with an
// older `lib` (both declarations merge).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** The package version. */
export function version(): string;

// ---------------------------------------------------------------------------------------------
// Events (API.md §3)

export type Mode = 'chat' | 'clarify' | 'draft';
export type ErrorSource = 'server' | 'http' | 'network' | 'timeout' | 'protocol' | 'request';
export type WarningCode =
  | 'malformed-line'
  | 'invalid-event'
  | 'line-too-long'
  | 'invalid-utf8'
  | 'unexpected-event';
/** The codes this package produces itself; a server `error` line may carry any string. */
export type ErrorCode =
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'http-error'
  | 'network-error'
  | 'idle-timeout'
  | 'incomplete-stream';

export interface ModeEvent {
  type: 'mode';
  mode: Mode;
  label?: string;
}
export interface StatusEvent {
  type: 'status';
  label?: string;
  section?: string;
  message?: string;
}
export interface AssistantDeltaEvent {
  type: 'assistant-delta';
  delta: string;
}
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  delta: string;
}
export interface DraftReadyEvent {
  type: 'draft-ready';
  prompt: string;
  section?: string;
  validation: DraftValidation;
  diff: PromptDiff;
}
export interface SetupRequiredEvent {
  type: 'ai-setup-required';
  reason?: string;
  provider?: string;
  message?: string;
  code?: string;
}
export interface AssistantErrorEvent {
  type: 'error';
  source: ErrorSource;
  code: ErrorCode | (string & {});
  message: string;
  status?: number;
  retryAfterMs?: number;
}
export interface DoneEvent {
  type: 'done';
}
export interface WarningEvent {
  type: 'warning';
  code: WarningCode;
  message: string;
  line?: number;
}
export interface UnknownEvent {
  type: 'unknown';
  rawType: string;
  /** The whole line object. */
  data: Record<string, unknown>;
}
/** The network stream will try again after `delayMs` (0.2, network only). */
export interface RetryEvent {
  type: 'retry';
  /** 1 for the first retry. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** The error that would otherwise have ended the stream. */
  code: ErrorCode | (string & {});
  /** Its HTTP status, when it was one. */
  status?: number;
}

/** One event; narrow on `type`. */
export type AssistantEvent =
  | ModeEvent
  | StatusEvent
  | AssistantDeltaEvent
  | ReasoningDeltaEvent
  | DraftReadyEvent
  | SetupRequiredEvent
  | AssistantErrorEvent
  | DoneEvent
  | WarningEvent
  | UnknownEvent
  | RetryEvent;

export type Phase = 'waiting' | 'streaming' | 'done' | 'error' | 'setup-required' | 'aborted';

export interface SessionSnapshot {
  phase: Phase;
  mode: Mode | null;
  /** The latest status event's fields. */
  status: { label?: string; section?: string; message?: string } | null;
  /** All assistant deltas, in order. */
  assistantText: string;
  /** All reasoning deltas, in order. */
  reasoningText: string;
  /** The latest applied draft. */
  draft: { prompt: string; validation: DraftValidation; diff: PromptDiff } | null;
  error: AssistantErrorEvent | null;
  setup: SetupRequiredEvent | null;
  warnings: WarningEvent[];
  /** Events produced so far, warnings and `incomplete-stream` included. */
  events: number;
}

// ---------------------------------------------------------------------------------------------
// Offline API (API.md §4)

/** Runtime variables and field scopes; see API.md §4 *Variables*. */
export type VariableContext = Record<string, unknown>;

export interface SessionOptions {
  /** The prompt now in the editor: the `before` side of every draft's diff. */
  currentPrompt?: string;
  variableContext?: VariableContext;
  /** Default 8 MiB. */
  maxLineBytes?: number;
}

/** Reads one answer fed by hand. Free it with `free()` when done (or let the GC do it). */
export class AssistantSession {
  constructor(options?: SessionOptions);
  /** Events completed by this chunk. */
  push(chunk: Uint8Array | string): AssistantEvent[];
  /** End of input: flushes the last line, may add `incomplete-stream`. */
  finish(): AssistantEvent[];
  snapshot(): SessionSnapshot;
  /**
   * Releases the session's WebAssembly memory now, rather than when it is garbage collected.
   * Any later call on it throws an `Error` that says it was freed; calling `free()` again is
   * harmless.
   */
  free(): void;
  /** The same as `free()`, so that `using session = new AssistantSession()` frees it at the end of the block. */
  [Symbol.dispose](): void;
}

export interface ReplayResult {
  events: AssistantEvent[];
  snapshot: SessionSnapshot;
}
export function replay(ndjson: string | Uint8Array, options?: SessionOptions): ReplayResult;

export interface VariableRef {
  name: string;
  /** UTF-16 code units, inclusive. */
  start: number;
  /** UTF-16 code units, exclusive. */
  end: number;
  line: number;
  column: number;
  /** `null` when no variable context was given. */
  known: boolean | null;
}

export type Severity = 'error' | 'warning';
export type IssueCode =
  | 'xml-syntax'
  | 'unknown-variable'
  | 'placeholder-syntax'
  | 'dtd-not-allowed'
  | 'root-element'
  | 'empty-section'
  | 'duplicate-section'
  | 'too-deep'
  | 'too-large'
  | 'empty-prompt';

export interface ValidationIssue {
  severity: Severity;
  code: IssueCode;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  variable?: string;
  suggestion?: string;
}

export interface DraftValidation {
  ok: boolean;
  wellFormed: boolean;
  issues: ValidationIssue[];
  variables: VariableRef[];
  sections: string[];
}

export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type ChangeKind = 'added' | 'removed' | 'modified' | 'moved' | 'unchanged';

/**
 * Where a piece of text sits in a whole text, in UTF-16 code units (JS string positions):
 * `start` inclusive, `end` exclusive, so `whole.slice(start, end)` is the piece.
 */
export interface TextRange {
  start: number;
  end: number;
}

export interface SectionChange {
  path: string;
  tag: string;
  change: ChangeKind;
  before: string | null;
  after: string | null;
  ops: DiffOp[];
  /**
   * Where `before` sits in the before text, in UTF-16 code units:
   * `before === beforeText.slice(beforeRange.start, beforeRange.end)`. `null` when the section
   * is not in the before text (`added`).
   */
  beforeRange: TextRange | null;
  /**
   * Where `after` sits in the after text, in UTF-16 code units:
   * `after === afterText.slice(afterRange.start, afterRange.end)`. `null` when the section is
   * not in the after text (`removed`).
   */
  afterRange: TextRange | null;
}

export interface DiffStats {
  inserted: number;
  deleted: number;
  added: number;
  removed: number;
  modified: number;
  moved: number;
}

/** How fine the ops are: `'line'` when a very large, very different pair fell back to lines. */
export type Granularity = 'word' | 'line';
export interface PromptDiff {
  structural: boolean;
  ops: DiffOp[];
  sections: SectionChange[];
  stats: DiffStats;
  unified: string;
  /**
   * An addition to the contract: `'line'` when the word diff would cost too much. Always set on
   * a diff from this package; optional so that a `PromptDiff` built elsewhere can be rendered.
   */
  granularity?: Granularity;
}

/** `'inline'`: one column, deletions and insertions interleaved; `'split'`: before and after side by side. */
export type DiffLayout = 'inline' | 'split';

/**
 * The words `renderDiffHtml` writes, each replaceable (to translate the view, say). A word left
 * out keeps its English default. Every label is shown as text: it cannot create markup.
 */
export interface RenderLabels {
  /** Badge of an added section, and the count of added sections. Default `'added'`. */
  added?: string;
  /** Badge of a removed section, and its count. Default `'removed'`. */
  removed?: string;
  /** Badge of a modified section, and its count. Default `'modified'`. */
  modified?: string;
  /** Badge of a moved section, and its count. Default `'moved'`. */
  moved?: string;
  /** Badge of an unchanged section. Default `'unchanged'`. */
  unchanged?: string;
  /** The button that takes the draft's version of a section. Default `'Accept'`. */
  accept?: string;
  /** The button that keeps the current version of a section. Default `'Reject'`. */
  reject?: string;
  /** After the inserted and deleted word counts: `+4 −2 words`. Default `'words'`. */
  words?: string;
  /** After the number of lines a fold hides: `12 unchanged lines`. Default `'unchanged lines'`. */
  folded?: string;
  /** The note shown when the two prompts are equal. Default `'No changes.'`. */
  noChanges?: string;
  /**
   * The note shown when the diff compared whole lines (`granularity: 'line'`). Default
   * `'Compared line by line: the texts are large and very different.'`.
   */
  lineByLine?: string;
  /** Heading of the whole-text view of a structural diff. Default `'Whole text'`. */
  wholeText?: string;
  /** Heading of the text diff shown when a side is not well-formed XML. Default `'Text diff (not well-formed XML)'`. */
  textDiff?: string;
}

/**
 * Options of `renderDiffHtml`. Every option is optional; `null` is the same as leaving it out.
 * An option of the wrong type throws a `TypeError` that names it.
 */
export interface RenderOptions {
  /**
   * `'inline'` (default): one column, with deletions and insertions interleaved in each line.
   * `'split'`: before and after side by side, one table row per pair of lines, aligned as in a
   * code review: a changed line faces its counterpart on the same row, an added line faces an
   * empty cell (`td.pa-diff-empty`), and so does a removed one.
   */
  layout?: DiffLayout;
  /**
   * Default `true`: before and after line numbers (1-based, counted in the whole prompt) in a
   * gutter (`td.pa-diff-num`). `false` leaves the gutter out.
   */
  lineNumbers?: boolean;
  /**
   * Unchanged lines kept on each side of a change, inside a changed section and in the text
   * views. Default `3`; the rest are folded into one row (`tr.pa-diff-fold`, with
   * `data-lines`). `0` shows only changed lines; `Infinity` never folds. A whole number >= 0,
   * else a `TypeError`.
   */
  context?: number;
  /**
   * Default `false`. `true` adds an Accept and a Reject button to each changed section:
   * `<button type="button" data-action="accept" data-path="/prompt/goal">`. Markup only: wire
   * them to `mergeDraft`, e.g. with one click listener on the container. A text diff (a side
   * not well-formed) gets one pair with `data-path="*"`: all or nothing.
   */
  actions?: boolean;
  /**
   * Issues to mark on the after side, positioned in UTF-16 code units of the after text: the
   * draft's `validateDraft(draft).issues`, or a `draft-ready` event's `validation.issues`. Each
   * is underlined (`mark.pa-diff-issue`) and its message shown below its line
   * (`tr.pa-diff-annotation`, with `data-code`). Lines with an issue are never folded.
   */
  issues?: ValidationIssue[];
  /** The words the renderer writes; see `RenderLabels`. */
  labels?: RenderLabels;
}

/** The earlier name of `RenderOptions`. */
export type RenderDiffOptions = RenderOptions;

/** Sorted, de-duplicated. Throws a `TypeError` when the context is not an object. */
export function variableNames(variableContext: VariableContext): string[];
export function findVariables(text: string, variableContext?: VariableContext): VariableRef[];
export function validateDraft(xml: string, variableContext?: VariableContext): DraftValidation;
export function diffPrompts(before: string, after: string): PromptDiff;
/**
 * The diff as an HTML fragment, styled by `prompt-assist/prompt-assist.css` (light and dark;
 * `data-theme="light"` or `"dark"` on an ancestor overrides `prefers-color-scheme`). Every piece
 * of prompt text, every path, label and issue message is escaped: none can create an element or
 * an attribute, so the result can go to `innerHTML`. Throws a `TypeError` when `diff` is not a
 * `PromptDiff` or an option has the wrong type.
 *
 * @example
 * view.innerHTML = renderDiffHtml(ev.diff, { layout: 'split', actions: true, issues: ev.validation.issues });
 * view.addEventListener('click', (e) => {
 *   const button = (e.target as Element).closest('button[data-action]');
 *   if (button) decisions[button.getAttribute('data-path')!] = button.getAttribute('data-action') === 'accept';
 * });
 */
export function renderDiffHtml(diff: PromptDiff, options?: RenderOptions): string;

/**
 * One replacement in the before text, in UTF-16 code units (JS string positions): the units
 * `from..to` (`from` inclusive, `to` exclusive) become `insert`. `from === to` is a pure
 * insertion, `insert === ''` a pure deletion. The shape of a CodeMirror 6 change
 * (`{ from, to, insert }`).
 */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

/** What {@link mergeDraft} returns. */
export interface MergeResult {
  /** The merged prompt. */
  text: string;
  /**
   * The edits that turn the before text into `text`: sorted by position, not overlapping, word
   * by word (a one-word change is a one-word edit; an unchanged section is never inside one).
   * Positions are in the before text, so apply them last first, or all at once as one
   * CodeMirror transaction (`view.dispatch({ changes: edits })`), which keeps undo and the cursor.
   */
  edits: TextEdit[];
}

/**
 * Applies a diff's draft section by section. `decisions` maps a section `path` (from
 * `diff.sections`) to `true`, take the draft's version (an added section is inserted, a removed
 * one deleted, a modified one changed, a moved one moved), or `false`, keep the current one (a
 * moved section then stays where it was, unedited). The key `'*'` sets the default for the paths
 * not named; without it, or without `decisions`, the default is `true`.
 *
 * All `true` gives `diff`'s after text; all `false` gives its before text and no edits. In
 * between, each section is exactly its before or its after, and the text is well-formed when
 * both sides are. When `diff.structural` is false only `'*'` may be given: all or nothing.
 *
 * Throws a `RangeError` for a path that is not in `diff.sections` (or any key but `'*'` on a
 * non-structural diff), and a `TypeError` for a `diff` that is not a `PromptDiff` as
 * {@link diffPrompts} or a `draft-ready` event gave it, or a decision that is not a boolean.
 *
 * @example
 * const diff = diffPrompts(current, draft);
 * const { text, edits } = mergeDraft(diff, { '/prompt/rule[2]': false });
 * view.dispatch({ changes: edits }); // or: editor.value = text
 */
export function mergeDraft(diff: PromptDiff, decisions?: Record<string, boolean>): MergeResult;

// ---------------------------------------------------------------------------------------------
// Completion (API.md §4, 0.2)

/** One option of a {@link VariableCompletion}: CodeMirror 6's `Completion` shape. */
export interface VariableCompletionOption {
  /** The whole name to put after the `@` (`'contact.email'`), or a scope ending in `.` (`'contact.'`). */
  label: string;
  /** `'variable'` completes the reference; `'namespace'` is a scope that leads to the names inside it. */
  type: 'variable' | 'namespace';
  /**
   * A short preview of the variable's value in the context: a string's first 32 characters
   * (whitespace runs as one space, then `…`), or a number or boolean as JSON writes it. Absent for
   * `null`, for names from a group (an array), and for namespaces.
   */
  detail?: string;
}

/**
 * The `@variable` completion at a cursor, in CodeMirror 6's `CompletionResult` shape, so a
 * completion source can return it as it is: replace `[from, to)` with an option's `label`.
 */
export interface VariableCompletion {
  /** UTF-16 code units: right after the `@`. */
  from: number;
  /** UTF-16 code units: the cursor, or the end of the name the cursor is inside. */
  to: number;
  /**
   * Best first, at most 100: names (and scopes) starting with what was typed after the last `.`,
   * ignoring case; then names containing it; then close misspellings. After `@contact.` only the
   * names and scopes inside `contact`.
   */
  options: VariableCompletionOption[];
  /** Always `false`: the options are already filtered and ranked, so CodeMirror shows them as they are. */
  filter: false;
}

/**
 * `@variable` completion at `offset` (a UTF-16 position in `text`, such as a cursor).
 *
 * Returns `null` unless the cursor is inside or right after a reference position: an `@` that the
 * reference grammar accepts (not after a letter or digit, so not inside `leo@example.com`), then
 * an optional partial name; and not inside an XML comment, processing instruction or tag markup
 * (text, CDATA and attribute values are fine). Where completion applies but nothing matches,
 * `options` is empty.
 *
 * Throws a `TypeError` when `offset` is not a non-negative integer or `variableContext` is not an
 * object, and a `RangeError` when `offset` is past `text.length`.
 *
 * @example
 * completeVariables('Hi @fi', 6, { firstName: 'Alex', contact: { email: 'a@b.c' } });
 * // { from: 4, to: 6, filter: false, options: [{ label: 'firstName', type: 'variable', detail: 'Alex' }] }
 */
export function completeVariables(
  text: string,
  offset: number,
  variableContext: VariableContext,
): VariableCompletion | null;

// ---------------------------------------------------------------------------------------------
// Network API (API.md §5)

/** One earlier turn of `conversationHistory`. */
export interface HistoryEntry {
  role: 'user' | 'assistant';
  content: string;
}

export interface ModelOverride {
  provider: string;
  model: string;
}

export interface PromptAssistantRequest {
  /** Must be non-empty after trimming; sent as given. */
  instruction: string;
  currentPrompt?: string;
  conversationHistory?: HistoryEntry[];
  variableContext?: VariableContext;
  assistedMode?: boolean;
  modelOverride?: ModelOverride;
}

export interface StreamOptions {
  /** e.g. `'https://your-instance.example.com'`; the endpoint path is appended. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; with none, no `Authorization` header is sent. */
  token?: string;
  signal?: AbortSignal;
  /**
   * Extra request headers: an object, a `Headers` object or an array of `[name, value]` pairs.
   * `Content-Type`, `Accept` and (with a token) `Authorization` win; an `Authorization` given
   * here is dropped.
   */
  headers?: Record<string, string> | Headers | [string, string][];
  /** The `fetch` to send the request with. Default: the global `fetch`. (0.2) */
  fetch?: typeof fetch;
  /** The `credentials` of the request (cookies). Default `'same-origin'`. (0.2) */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** No new event for this long: error `idle-timeout`. Default 60000; 0 = never. */
  idleTimeoutMs?: number;
  /** Default 2, at most 10. */
  maxRetries?: number;
  maxLineBytes?: number;
}

/** The events of one answer. Iteration never throws: a failure is one `error` event. */
export interface PromptAssistantStream extends AsyncIterator<AssistantEvent, undefined, undefined> {
  [Symbol.asyncIterator](): PromptAssistantStream;
  next(): Promise<IteratorResult<AssistantEvent, undefined>>;
  /** Leaving a `for await` early calls this: aborts the request and finishes. */
  return(): Promise<IteratorReturnResult<undefined>>;
  snapshot(): SessionSnapshot;
  /** Cancels the request and the body; no error event; phase `aborted` unless already ended. */
  abort(): void;
  /**
   * Releases the stream's WebAssembly memory now, rather than when it is garbage collected.
   * Any later call on it throws an `Error` that says it was freed; calling `free()` again is
   * harmless. Abort the stream first if it is still running.
   */
  free(): void;
  /** The same as `free()`, so that `using stream = streamPromptAssistant(...)` frees it at the end of the block. */
  [Symbol.dispose](): void;
}

export function streamPromptAssistant(
  request: PromptAssistantRequest,
  options: StreamOptions,
): PromptAssistantStream;

// ---------------------------------------------------------------------------------------------
// Conversation (API.md §6)

/** Stream options for every turn, and the request fields a turn is sent with. */
export interface ConversationOptions extends Omit<StreamOptions, 'signal'> {
  currentPrompt?: string;
  variableContext?: VariableContext;
  assistedMode?: boolean;
  modelOverride?: ModelOverride;
}

/** One turn: an instruction and what the assistant did with it. */
export interface ConversationTurn {
  /** Stable across snapshots: `turn-1`, `turn-2`, … */
  id: string;
  instruction: string;
  phase: SessionSnapshot['phase'];
  assistantText: string;
  reasoningText: string;
  draft: SessionSnapshot['draft'];
  error: SessionSnapshot['error'];
  setup: SessionSnapshot['setup'];
}

export interface ConversationSnapshot {
  /** Oldest first; the last one may be running. */
  turns: readonly ConversationTurn[];
  running: boolean;
  currentPrompt: string;
}

/** The turns an editor keeps across instructions. */
export class Conversation {
  constructor(options: ConversationOptions);
  /** Starts a turn (stopping the running one first) and returns its stream; iterating it is optional. */
  send(
    instruction: string,
    overrides?: Partial<Pick<ConversationOptions, 'currentPrompt' | 'variableContext' | 'assistedMode' | 'modelOverride'>>,
  ): PromptAssistantStream;
  /** Aborts the running turn, if any. */
  stop(): void;
  /** Resends the last turn's instruction, with the overrides it was sent with, as a new turn; `null` when there is none. */
  retry(): PromptAssistantStream | null;
  /** After the editor applied (part of) a draft: the next turns ground on `prompt`. */
  setCurrentPrompt(prompt: string): void;
  /** The same object until something changes. */
  getSnapshot(): ConversationSnapshot;
  /** Calls `listener` after each change; returns the function that unsubscribes it. */
  subscribe(listener: () => void): () => void;
}
