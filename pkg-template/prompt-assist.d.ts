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
 * Loads the WebAssembly module. Call once before anything else; calling again returns the same
 * promise. In Node the module is loaded at import and this resolves at once.
 */
export default function init(input?: InitInput): Promise<void>;

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
  | UnknownEvent;

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
  free(): void;
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

export interface SectionChange {
  path: string;
  tag: string;
  change: ChangeKind;
  before: string | null;
  after: string | null;
  ops: DiffOp[];
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

export type DiffLayout = 'inline' | 'split';
export interface RenderDiffOptions {
  /** Default `'inline'`. Any other value throws a `TypeError`. */
  layout?: DiffLayout;
}

/** Sorted, de-duplicated. Throws a `TypeError` when the context is not an object. */
export function variableNames(variableContext: VariableContext): string[];
export function findVariables(text: string, variableContext?: VariableContext): VariableRef[];
export function validateDraft(xml: string, variableContext?: VariableContext): DraftValidation;
export function diffPrompts(before: string, after: string): PromptDiff;
/** An HTML fragment in which every piece of prompt text is escaped. */
export function renderDiffHtml(diff: PromptDiff, options?: RenderDiffOptions): string;

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

export interface ConversationTurn {
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
  conversationHistory?: ConversationTurn[];
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
  /** Extra request headers. `Content-Type`, `Accept` and (with a token) `Authorization` win. */
  headers?: Record<string, string>;
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
}

export function streamPromptAssistant(
  request: PromptAssistantRequest,
  options: StreamOptions,
): PromptAssistantStream;
