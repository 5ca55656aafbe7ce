// Type declarations for prompt-assist: the browser side of the prompt assistant, in WebAssembly.
// Every position in these types is a JS string position (UTF-16 code units): `start` inclusive,
// `end` exclusive, `line` and `column` 1-based. Sizes are in bytes of UTF-8, times in
// milliseconds. The package's README has a guide to each export.

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * A compiled `WebAssembly.Module`, where the environment's types declare one (the DOM lib or
 * `@types/node`); `never` where none does.
 */
export type WasmModule = typeof globalThis extends {
  WebAssembly: { Module: abstract new (...args: never[]) => infer M };
}
  ? M
  : never;
/**
 * What `init` can load the module from: the URL of `prompt_assist_bg.wasm` (a `string`, `URL` or
 * `Request`; serve it as `application/wasm` so the browser compiles it while it downloads), a
 * `Response` for it, its bytes, or a compiled `WebAssembly.Module`.
 */
export type InitSource = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule;
/**
 * What `init` accepts in a browser: an {@link InitSource}, a promise of one, or an object
 * holding one. In Node the module is already loaded at import and this is ignored.
 */
export type InitInput =
  | InitSource
  | Promise<InitSource>
  | {
      /** The source to load, as in wasm-bindgen's own `init({ module_or_path })`. */
      module_or_path: InitSource | Promise<InitSource>;
    };

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
 * Rejects when the module cannot be loaded: a failed fetch, a file that is not WebAssembly, or a
 * browser without `DecompressionStream` (the message then says to pass the `.wasm` file's URL).
 *
 * @example
 * import init, { validateDraft } from 'prompt-assist';
 * init().then(() => console.log(validateDraft('<prompt><goal>Hi</goal></prompt>').ok));
 *
 * @example
 * // Hosting the .wasm file yourself (a CDN, say):
 * init(new URL('/assets/prompt_assist_bg.wasm', location.href));
 */
export default function init(input?: InitInput): Promise<void>;

/**
 * `Symbol.dispose` (for `using`) is in TypeScript's lib from `esnext.disposable` on, and in
 * `@types/node`; it is declared here too so that the `[Symbol.dispose]()` members compile with an
 * older `lib` (both declarations merge).
 */
declare global {
  /** The global `Symbol`, with `Symbol.dispose`. */
  interface SymbolConstructor {
    /** The method `using` calls at the end of its block. */
    readonly dispose: unique symbol;
  }
}

/**
 * The package version, such as `'0.1.0'`.
 *
 * @example
 * console.log(`prompt-assist ${version()}`);
 */
export function version(): string;

// ---------------------------------------------------------------------------------------------
// Events

/**
 * What the assistant is doing in this answer: `'chat'` (replying in words), `'clarify'` (asking
 * the user a question before it can draft) or `'draft'` (writing a new prompt, which arrives as
 * a `draft-ready` event).
 */
export type Mode = 'chat' | 'clarify' | 'draft';
/**
 * Where an `error` event comes from:
 * - `'server'`: an `error` line the server sent in its answer;
 * - `'http'`: the response had a non-2xx status (`status` says which);
 * - `'network'`: the request or the body failed below HTTP (refused, reset, offline, CORS);
 * - `'timeout'`: no event for `idleTimeoutMs`;
 * - `'protocol'`: the answer ended before `done` (`incomplete-stream`);
 * - `'request'`: the request or the options were refused before anything was sent.
 */
export type ErrorSource = 'server' | 'http' | 'network' | 'timeout' | 'protocol' | 'request';
/**
 * Why a `warning` event dropped a line or an event. Warnings never stop a stream.
 * - `'malformed-line'`: the line is not JSON, not a JSON object, or has no string `type`;
 * - `'invalid-event'`: a known event type lacks a required field or has one of the wrong type;
 * - `'line-too-long'`: the line is longer than `maxLineBytes`; reading resumes at the next line;
 * - `'invalid-utf8'`: the line is not valid UTF-8;
 * - `'unexpected-event'`: an event that cannot come at this point (anything after `done`, say)
 *   was ignored.
 */
export type WarningCode =
  | 'malformed-line'
  | 'invalid-event'
  | 'line-too-long'
  | 'invalid-utf8'
  | 'unexpected-event';
/**
 * The error codes this package produces itself; a server `error` line may carry any other
 * string, so `AssistantErrorEvent.code` is `ErrorCode | string`.
 * - `'invalid-request'`: the request or the options were refused; nothing was sent;
 * - `'unauthorized'`: HTTP 401 (a missing or wrong token);
 * - `'forbidden'`: HTTP 403;
 * - `'not-found'`: HTTP 404 (check `baseUrl`);
 * - `'rate-limited'`: HTTP 429; `retryAfterMs` says when to try again, when the server said;
 * - `'server-error'`: HTTP 5xx, or a server `error` line without a code;
 * - `'http-error'`: any other non-2xx status;
 * - `'network-error'`: the request or the body failed below HTTP; the message names the origin,
 *   the path and the cause (never the token);
 * - `'idle-timeout'`: no event for `idleTimeoutMs`;
 * - `'incomplete-stream'`: the answer ended without `done`, `error` or `ai-setup-required`.
 */
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

/** The assistant chose its mode for this answer. */
export interface ModeEvent {
  /** Always `'mode'`. */
  type: 'mode';
  /** What the assistant is doing: chatting, asking a question, or drafting. */
  mode: Mode;
  /** A label the server gives the mode, to show as it is. */
  label?: string;
}
/** Progress to show while the assistant works; the snapshot keeps the latest. */
export interface StatusEvent {
  /** Always `'status'`. */
  type: 'status';
  /** A short label, such as `'Thinking'`. */
  label?: string;
  /** The prompt section being worked on, such as `'goal'`. */
  section?: string;
  /** A longer message. */
  message?: string;
}
/** A piece of the assistant's reply text; append the deltas in order. */
export interface AssistantDeltaEvent {
  /** Always `'assistant-delta'`. */
  type: 'assistant-delta';
  /** The text to append (may end inside a surrogate pair; the next delta completes it). */
  delta: string;
}
/** A piece of the assistant's reasoning, for a "thinking" view; append the deltas in order. */
export interface ReasoningDeltaEvent {
  /** Always `'reasoning-delta'`. */
  type: 'reasoning-delta';
  /** The text to append. */
  delta: string;
}
/**
 * A draft prompt is ready, already validated against the variable context and diffed against
 * the current prompt (`currentPrompt` of the request or the session).
 */
export interface DraftReadyEvent {
  /** Always `'draft-ready'`. */
  type: 'draft-ready';
  /** The draft prompt, exactly as the server sent it. */
  prompt: string;
  /** The section the draft is about, when the server says. */
  section?: string;
  /** `validateDraft(prompt, variableContext)`. */
  validation: DraftValidation;
  /** `diffPrompts(currentPrompt, prompt)`: pass it to `renderDiffHtml` and `mergeDraft`. */
  diff: PromptDiff;
}
/** The server has no usable model for this user: show `message` and a way to set one up. Ends the answer. */
export interface SetupRequiredEvent {
  /** Always `'ai-setup-required'`. */
  type: 'ai-setup-required';
  /** Why, as a code from the server, such as `'no-model'`. */
  reason?: string;
  /** The provider that needs setting up. */
  provider?: string;
  /** A message for the user. */
  message?: string;
  /** The server's own code. */
  code?: string;
}
/** The answer failed. Every failure ends a stream with exactly one of these; nothing is thrown. */
export interface AssistantErrorEvent {
  /** Always `'error'`. */
  type: 'error';
  /** Where it failed. */
  source: ErrorSource;
  /** One of the package's {@link ErrorCode}s, or the code a server `error` line named. */
  code: ErrorCode | (string & {});
  /** A plain sentence for the user. Never contains the token. */
  message: string;
  /** The HTTP status, for `source: 'http'`. */
  status?: number;
  /** From the response's `Retry-After` header, in milliseconds: when to try again. */
  retryAfterMs?: number;
}
/** The answer is complete. */
export interface DoneEvent {
  /** Always `'done'`. */
  type: 'done';
}
/** A line or an event of the answer was dropped, and why. The stream goes on. */
export interface WarningEvent {
  /** Always `'warning'`. */
  type: 'warning';
  /** Why. */
  code: WarningCode;
  /** A plain sentence saying what was dropped. */
  message: string;
  /** The 1-based line of the answer (NDJSON) it is about. */
  line?: number;
}
/** An event type this package does not know, passed on as it came. */
export interface UnknownEvent {
  /** Always `'unknown'`. */
  type: 'unknown';
  /** The line's own `type`. */
  rawType: string;
  /** The whole line object. */
  data: Record<string, unknown>;
}
/**
 * The network stream will try again after `delayMs`, so the UI can say "retrying in 3 s". It does
 * not change the phase. Only from `streamPromptAssistant`.
 */
export interface RetryEvent {
  /** Always `'retry'`. */
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

/**
 * One event of an answer; narrow on `type`.
 *
 * @example
 * if (ev.type === 'assistant-delta') reply += ev.delta;
 */
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

/**
 * Where an answer is: `'waiting'` (no event yet), `'streaming'`, or one of the ends: `'done'`,
 * `'error'`, `'setup-required'` (an `ai-setup-required` event), `'aborted'` (cancelled by the
 * editor).
 */
export type Phase = 'waiting' | 'streaming' | 'done' | 'error' | 'setup-required' | 'aborted';

/** Everything learnt from an answer so far, as one value. */
export interface SessionSnapshot {
  /** Where the answer is. */
  phase: Phase;
  /** The latest `mode` event's mode; `null` before one. */
  mode: Mode | null;
  /** The latest status event's fields; `null` before one. */
  status: {
    /** A short label. */
    label?: string;
    /** The section being worked on. */
    section?: string;
    /** A longer message. */
    message?: string;
  } | null;
  /** All assistant deltas, in order. */
  assistantText: string;
  /** All reasoning deltas, in order. */
  reasoningText: string;
  /** The latest applied draft; `null` before one. */
  draft: {
    /** The draft prompt. */
    prompt: string;
    /** Its validation. */
    validation: DraftValidation;
    /** Its diff against the current prompt. */
    diff: PromptDiff;
  } | null;
  /** The `error` event that ended the answer, if one did. */
  error: AssistantErrorEvent | null;
  /** The `ai-setup-required` event that ended the answer, if one did. */
  setup: SetupRequiredEvent | null;
  /** Every `warning` event, in order. */
  warnings: WarningEvent[];
  /** Events produced so far, warnings and `incomplete-stream` included. */
  events: number;
}

// ---------------------------------------------------------------------------------------------
// Offline API

/**
 * The editor's variables, which `@name` references in a prompt are checked against. Any mix of:
 * - a key with a scalar value (string, number, boolean, null): that key is a name,
 *   `{ firstName: 'Alex' }` gives `@firstName`;
 * - a key with an array: a group; each string in it, or each object's `name`, is a name,
 *   `{ 'Contact fields': ['email'] }` gives `@email`;
 * - a key with a plain object: a scope; the names inside it are prefixed with its key,
 *   `{ contact: { email: 'a@b.c' } }` gives `@contact.email`.
 *
 * A leading `@` on a key or name is ignored; a name a reference cannot spell (`'first name'`) is
 * left out.
 */
export type VariableContext = Record<string, unknown>;

/** Options of an `AssistantSession` and of `replay`. Every field is optional. */
export interface SessionOptions {
  /** The prompt now in the editor: the `before` side of every draft's diff. Default `''`. */
  currentPrompt?: string;
  /** The editor's variables: each draft's `@name`s are checked against them. Default: none, and no `unknown-variable` issue. */
  variableContext?: VariableContext;
  /** The longest line read, in bytes; a longer one is dropped with a `line-too-long` warning. Default 8 MiB (8388608). */
  maxLineBytes?: number;
}

/**
 * Reads one answer fed by hand, chunk by chunk: for an answer you fetch yourself, or a test.
 * Free it with `free()` when done, or in a `using` block (else the garbage collector does).
 * The constructor throws a `TypeError` for an option of the wrong type (the message names it),
 * and an `Error` before `init()` has resolved.
 *
 * @example
 * const session = new AssistantSession({ currentPrompt: '<prompt><goal>Hi</goal></prompt>' });
 * for (const ev of session.push('{"type":"assistant-delta","delta":"Hello"}\n')) console.log(ev);
 * session.finish(); // the rest, and `incomplete-stream` when `done` never came
 * console.log(session.snapshot().assistantText); // 'Hello'
 * session.free();
 */
export class AssistantSession {
  /** A session reading a new answer. Throws a `TypeError` for an option of the wrong type. */
  constructor(options?: SessionOptions);
  /**
   * Reads a chunk of the answer (NDJSON, UTF-8 bytes or text, cut anywhere) and returns the
   * events it completed, in order. Throws a `TypeError` when `chunk` is neither.
   */
  push(chunk: Uint8Array | string): AssistantEvent[];
  /** End of input: reads the last line and returns its events, adding `incomplete-stream` when the answer never ended. */
  finish(): AssistantEvent[];
  /** Everything learnt so far. */
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

/** What `replay` returns. */
export interface ReplayResult {
  /** Every event of the answer, in order. */
  events: AssistantEvent[];
  /** The snapshot after the last one. */
  snapshot: SessionSnapshot;
}
/**
 * Reads a whole recorded answer at once: the same as a session's `push(ndjson)` then `finish()`.
 * Throws a `TypeError` when `ndjson` is neither a string nor a `Uint8Array` or an option has the
 * wrong type.
 *
 * @example
 * const { events, snapshot } = replay('{"type":"mode","mode":"chat"}\n{"type":"done"}\n');
 * console.log(events.length, snapshot.phase); // 2 'done'
 */
export function replay(ndjson: string | Uint8Array, options?: SessionOptions): ReplayResult;

/** One `@name` reference in a text: `text.slice(start, end) === '@' + name`. */
export interface VariableRef {
  /** The name without its `@`, such as `'contact.email'`. */
  name: string;
  /** Where the `@` is, in UTF-16 code units. */
  start: number;
  /** Where the name ends, in UTF-16 code units, exclusive. */
  end: number;
  /** The 1-based line of `start`. */
  line: number;
  /** The 1-based column of `start`, in UTF-16 code units. */
  column: number;
  /** Whether the variable context has the name; `null` when no context was given. */
  known: boolean | null;
}

/** How serious an issue is: `'error'` makes `DraftValidation.ok` false; `'warning'` does not. */
export type Severity = 'error' | 'warning';
/**
 * What a validation issue is about. Errors:
 * - `'xml-syntax'`: not well-formed XML: a mismatched or unclosed tag, text after the root, a
 *   bare `&` or `<` in text (write `&amp;`, `&lt;`), an unknown entity;
 * - `'unknown-variable'`: an `@name` the variable context does not have (only when one is
 *   given); `suggestion` holds a close known name when there is one;
 * - `'dtd-not-allowed'`: a `<!DOCTYPE`;
 * - `'too-deep'`: elements nested more than 64 deep (the root counts as 1);
 * - `'too-large'`: over 4 MiB (4194304 bytes of UTF-8);
 * - `'empty-prompt'`: nothing but whitespace.
 *
 * Warnings:
 * - `'placeholder-syntax'`: `{{name}}` or `${name}`, where the editor's syntax is `@name`;
 * - `'root-element'`: the root element is not `<prompt>`;
 * - `'empty-section'`: a section with no child elements and only whitespace;
 * - `'duplicate-section'`: a section that repeats an earlier one (same tag and `name` or `id`,
 *   or same tag and content); lists of `<rule>` or `<example>` are fine.
 */
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

/** One finding of `validateDraft`, positioned for an editor underline. */
export interface ValidationIssue {
  /** `'error'` or `'warning'`; each code always has the same severity. */
  severity: Severity;
  /** What it is about. */
  code: IssueCode;
  /** A plain sentence for the user: no markdown, literal text in double quotes, and the fix when one is obvious. */
  message: string;
  /** Where it starts, in UTF-16 code units. */
  start: number;
  /** Where it ends, in UTF-16 code units, exclusive. */
  end: number;
  /** The 1-based line of `start`. */
  line: number;
  /** The 1-based column of `start`, in UTF-16 code units. */
  column: number;
  /** For `unknown-variable`: the name, without its `@`. */
  variable?: string;
  /** For `unknown-variable`: a known name close to it (`'firstName'` for `@frstName` or `@firstname`). */
  suggestion?: string;
}

/** What `validateDraft` returns. */
export interface DraftValidation {
  /** No issue of severity `'error'`: the draft can be used. */
  ok: boolean;
  /** The draft is well-formed XML. */
  wellFormed: boolean;
  /** Every issue, sorted by `start`. */
  issues: ValidationIssue[];
  /** Every `@name` reference in text, CDATA and attribute values (not in comments), in order. */
  variables: VariableRef[];
  /** The tag names of the root's child elements, in order. */
  sections: string[];
}

/**
 * One run of a diff. Joining the `text` of the `'equal'` and `'delete'` ops gives the before
 * text; `'equal'` and `'insert'` give the after text.
 */
export interface DiffOp {
  /** `'equal'`: on both sides; `'insert'`: only in after; `'delete'`: only in before. */
  op: 'equal' | 'insert' | 'delete';
  /** The text of the run. */
  text: string;
}

/**
 * What happened to a section (a child element of the root): `'added'` (only in after),
 * `'removed'` (only in before), `'modified'` (its text changed), `'moved'` (its place among the
 * others changed; its `ops` show any edit too), `'unchanged'`.
 */
export type ChangeKind = 'added' | 'removed' | 'modified' | 'moved' | 'unchanged';

/**
 * Where a piece of text sits in a whole text, in UTF-16 code units (JS string positions):
 * `start` inclusive, `end` exclusive, so `whole.slice(start, end)` is the piece.
 */
export interface TextRange {
  /** The first unit, inclusive. */
  start: number;
  /** The end, exclusive. */
  end: number;
}

/** One section of a structural diff. */
export interface SectionChange {
  /**
   * The section's path, the key of `mergeDraft`'s decisions: `'/prompt/goal'`, `'/prompt/rule[2]'`
   * (the second `<rule>`, 1-based), or `'/prompt/example[@name="short"]'` (by `name` or `id`).
   */
  path: string;
  /** The section's tag name. */
  tag: string;
  /** What happened to it. */
  change: ChangeKind;
  /** Its source text in the before prompt; `null` when `added`. */
  before: string | null;
  /** Its source text in the after prompt; `null` when `removed`. */
  after: string | null;
  /** The word diff of `before` to `after` (a missing side counts as `''`). */
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

/** Counts of a diff. */
export interface DiffStats {
  /** Words (non-whitespace tokens) in the whole text's `insert` ops. */
  inserted: number;
  /** Words in the whole text's `delete` ops. */
  deleted: number;
  /** Sections `added`. */
  added: number;
  /** Sections `removed`. */
  removed: number;
  /** Sections `modified`. */
  modified: number;
  /** Sections `moved`. */
  moved: number;
}

/**
 * How fine the ops are: `'word'` normally; `'line'` when a very large, very different pair of
 * texts was compared line by line, because word by word would cost too much.
 */
export type Granularity = 'word' | 'line';
/** What `diffPrompts` returns, and a `draft-ready` event's `diff`. */
export interface PromptDiff {
  /** Both sides are well-formed XML, so `sections` compares them section by section; `false`: a plain text diff. */
  structural: boolean;
  /** The word diff of the whole text. */
  ops: DiffOp[];
  /** One per root child of either side; `[]` when not structural. */
  sections: SectionChange[];
  /** Counts of words and sections. */
  stats: DiffStats;
  /** A unified line diff (`--- before`, `+++ after`, 3 lines of context); `''` when equal. */
  unified: string;
  /**
   * An addition to the contract: `'line'` when the word diff would cost too much. Always set on
   * a diff from this package; optional so that a `PromptDiff` built elsewhere can be rendered.
   */
  granularity?: Granularity;
}

/** How `renderDiffHtml` lays out a diff: `'inline'`, one column with deletions and insertions interleaved, or `'split'`, before and after side by side. */
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

/**
 * The names a variable context makes available, sorted and de-duplicated. Throws a `TypeError`
 * when `variableContext` is not an object.
 *
 * @example
 * variableNames({ firstName: 'Alex', contact: { Fields: ['email'] } }); // ['contact.email', 'firstName']
 */
export function variableNames(variableContext: VariableContext): string[];
/**
 * Every `@name` reference in `text`, in order. `known` says whether the context has the name, or
 * is `null` when no context was given. An `@` right after a letter or digit (`leo@example.com`)
 * is not a reference. Throws a `TypeError` when `text` is not a string or `variableContext` is
 * not an object.
 *
 * @example
 * findVariables('Hi @firstName', { firstName: 'Alex' });
 * // [{ name: 'firstName', start: 3, end: 13, line: 1, column: 4, known: true }]
 */
export function findVariables(text: string, variableContext?: VariableContext): VariableRef[];
/**
 * Checks a draft prompt: XML well-formedness, one root element, the size and depth limits, the
 * sections, and each `@name` against `variableContext` when one is given. Problems are returned
 * as issues, never thrown; a `TypeError` only when `xml` is not a string or `variableContext` is
 * not an object.
 *
 * @example
 * const result = validateDraft('<prompt><goal>Hi @frstName</goal></prompt>', { firstName: 'Alex' });
 * result.ok; // false
 * result.issues[0].code; // 'unknown-variable'
 * result.issues[0].suggestion; // 'firstName'
 */
export function validateDraft(xml: string, variableContext?: VariableContext): DraftValidation;
/**
 * Compares two prompts: word by word, and, when both are well-formed XML, section by section
 * (sections are matched by tag and `name` or `id`, so a reordering is `moved`, not a deletion and
 * an insertion). Throws a `TypeError` when either argument is not a string.
 *
 * @example
 * const diff = diffPrompts('<prompt><goal>Hi</goal></prompt>', '<prompt><goal>Hello</goal><tone>Warm</tone></prompt>');
 * diff.sections.map((s) => `${s.path} ${s.change}`); // ['/prompt/goal modified', '/prompt/tone added']
 */
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
  /** Where the replaced units start. */
  from: number;
  /** Where they end, exclusive. */
  to: number;
  /** The text that replaces them. */
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
// Completion

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
// Network API

/** One earlier message of `conversationHistory`. */
export interface HistoryEntry {
  /** `'user'`: the user's instruction; `'assistant'`: the assistant's reply. */
  role: 'user' | 'assistant';
  /** The message; an entry whose content is empty or only whitespace is dropped. */
  content: string;
}

/** The model to use instead of the instance's default. */
export interface ModelOverride {
  /** The provider, such as `'openai'`. */
  provider: string;
  /** The model, such as `'gpt-4o'`. */
  model: string;
}

/**
 * What `streamPromptAssistant` sends (as the JSON body of
 * `POST {baseUrl}/api/ai/prompt-assistant/stream`). Only these fields are sent; `null` counts as
 * absent; a field of the wrong type is an `invalid-request`.
 */
export interface PromptAssistantRequest {
  /** What the assistant should do. Must be non-empty after trimming; sent as given. */
  instruction: string;
  /** The prompt now in the editor: what drafts build on and are diffed against. */
  currentPrompt?: string;
  /** Earlier messages, oldest first (a `Conversation` builds this for you). */
  conversationHistory?: HistoryEntry[];
  /** The editor's variables: each draft's `@name`s are checked against them. */
  variableContext?: VariableContext;
  /** Let the assistant ask a clarifying question before drafting. */
  assistedMode?: boolean;
  /** The model to use instead of the instance's default. */
  modelOverride?: ModelOverride;
}

/** How `streamPromptAssistant` sends the request and reads the answer. */
export interface StreamOptions {
  /**
   * The instance's address, such as `'https://your-instance.example.com'` (or `'/'` for the
   * page's own origin); the package appends `/api/ai/prompt-assistant/stream`. A `baseUrl` that
   * already ends in that path is an `invalid-request`.
   */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; with none (or `''`), no `Authorization` header is sent. Never appears in any event. */
  token?: string;
  /** Aborts the request and the answer: the stream ends with phase `'aborted'` and no error event. */
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
  /** Milliseconds with no new event (the response headers included) before the error `idle-timeout`. Default 60000; 0 = never. */
  idleTimeoutMs?: number;
  /**
   * How many times a network error or a 408, 429, 500, 502, 503 or 504 is retried, and only
   * before the answer has started. Default 2, at most 10. Each retry waits with exponential
   * backoff and jitter, at least the `Retry-After` delay, and is announced by a `retry` event.
   */
  maxRetries?: number;
  /** The longest line read, in bytes; a longer one is dropped with a `line-too-long` warning. Default 8 MiB (8388608). */
  maxLineBytes?: number;
}

/**
 * The events of one answer, as an async iterator. Iteration never throws: a failure is one
 * `error` event, then the iteration ends.
 */
export interface PromptAssistantStream extends AsyncIterator<AssistantEvent, undefined, undefined> {
  /** Returns the stream itself, so that `for await (const ev of stream)` works. */
  [Symbol.asyncIterator](): PromptAssistantStream;
  /** The next event, or `done: true` after the last. Never rejects. */
  next(): Promise<IteratorResult<AssistantEvent, undefined>>;
  /** Leaving a `for await` early calls this: aborts the request and finishes. */
  return(): Promise<IteratorReturnResult<undefined>>;
  /** Everything learnt so far; cheap enough to call at the end, not meant for every event. */
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

/**
 * Sends a request to the prompt assistant and returns its answer as a stream of events. It never
 * throws for a bad request or a failure (that is one `error` event, `invalid-request` when
 * nothing was sent), only an `Error` when called before `init()` has resolved.
 *
 * @example
 * async function ask(instruction: string) {
 *   const stream = streamPromptAssistant(
 *     { instruction, currentPrompt: '<prompt><goal>Hi</goal></prompt>' },
 *     { baseUrl: 'https://your-instance.example.com', token: 'your-token' },
 *   );
 *   for await (const ev of stream) {
 *     if (ev.type === 'assistant-delta') console.log(ev.delta);
 *     else if (ev.type === 'draft-ready') console.log(ev.diff.stats);
 *     else if (ev.type === 'error') console.error(ev.message);
 *   }
 * }
 */
export function streamPromptAssistant(
  request: PromptAssistantRequest,
  options: StreamOptions,
): PromptAssistantStream;

// ---------------------------------------------------------------------------------------------
// Conversation

/** Stream options for every turn, and the request fields a turn is sent with (each can be overridden per turn). */
export interface ConversationOptions extends Omit<StreamOptions, 'signal'> {
  /** The prompt now in the editor; `setCurrentPrompt` changes it. */
  currentPrompt?: string;
  /** The editor's variables. */
  variableContext?: VariableContext;
  /** Let the assistant ask a clarifying question before drafting. */
  assistedMode?: boolean;
  /** The model to use instead of the instance's default. */
  modelOverride?: ModelOverride;
}

/** One turn: an instruction and what the assistant did with it. */
export interface ConversationTurn {
  /** Stable across snapshots: `turn-1`, `turn-2`, … */
  id: string;
  /** The instruction as sent. */
  instruction: string;
  /** Where the turn's answer is. */
  phase: SessionSnapshot['phase'];
  /** The reply text so far. */
  assistantText: string;
  /** The reasoning text so far. */
  reasoningText: string;
  /** The turn's latest draft; `null` before one. */
  draft: SessionSnapshot['draft'];
  /** The error that ended the turn, if one did. */
  error: SessionSnapshot['error'];
  /** The `ai-setup-required` event that ended the turn, if one did. */
  setup: SessionSnapshot['setup'];
}

/** What `Conversation.getSnapshot()` returns: the same object until something changes. */
export interface ConversationSnapshot {
  /** Oldest first; the last one may be running. Unchanged turns keep their identity. */
  turns: readonly ConversationTurn[];
  /** A turn is running. */
  running: boolean;
  /** The prompt the next turn grounds on. */
  currentPrompt: string;
}

/**
 * The turns an editor keeps across instructions: each request carries the history of the earlier
 * turns (only turns that ended with `done`; see the README for the rules), one turn runs at a
 * time, and the snapshot suits React's `useSyncExternalStore` (or `prompt-assist/react`).
 *
 * @example
 * const conversation = new Conversation({ baseUrl: 'https://your-instance.example.com', currentPrompt: '' });
 * conversation.subscribe(() => console.log(conversation.getSnapshot().turns.length));
 * conversation.send('Write a prompt for a support bot');
 */
export class Conversation {
  /**
   * A conversation with no turns. Throws a `TypeError` when `options` is not an object or a
   * request field of it has the wrong type; stream options are checked by each turn's stream.
   */
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
