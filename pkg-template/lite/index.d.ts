// Type declarations for prompt-assist/lite: the smaller module for pages that only validate and
// complete. Its functions behave exactly as the main package's; the data types are the main
// package's own, named here under the same names so that
// `import type { DraftValidation } from 'prompt-assist/lite'` works.

/** Where the lite .wasm file is, its bytes, or a compiled module: the same inputs as the main package's `init`. */
export type InitInput = import('../prompt-assist.js').InitInput;

/** Runtime variables and field scopes, as in the main package: names are keys with scalar values, the strings or `name`s of an array, and the names inside a nested object prefixed with its key (`contact.email`). */
export type VariableContext = import('../prompt-assist.js').VariableContext;

/** One `@name` reference in a text, positioned in UTF-16 code units (`text.slice(start, end) === '@' + name`). */
export type VariableRef = import('../prompt-assist.js').VariableRef;

/** How serious a validation issue is: `'error'` makes `DraftValidation.ok` false, `'warning'` does not. */
export type Severity = import('../prompt-assist.js').Severity;

/** What a validation issue is about, in kebab-case (`'xml-syntax'`, `'unknown-variable'`, …). */
export type IssueCode = import('../prompt-assist.js').IssueCode;

/** One finding of `validateDraft`, positioned in UTF-16 code units, with a plain-sentence `message`. */
export type ValidationIssue = import('../prompt-assist.js').ValidationIssue;

/** The result of `validateDraft`: whether the draft is usable, its issues sorted by `start`, its variables and its sections. */
export type DraftValidation = import('../prompt-assist.js').DraftValidation;

/** One option of a `VariableCompletion`: CodeMirror 6's `Completion` shape. */
export type VariableCompletionOption = import('../prompt-assist.js').VariableCompletionOption;

/** The result of `completeVariables`, in CodeMirror 6's `CompletionResult` shape: replace `[from, to)` with an option's `label`. */
export type VariableCompletion = import('../prompt-assist.js').VariableCompletion;

/**
 * Loads the lite WebAssembly module. Call it once before anything else: until its promise
 * resolves, every other export throws an `Error` that says to call `await init()` first. Calling
 * it again returns the same promise; after a failed load the next call tries again.
 *
 * With no argument it unpacks the copy of the module inlined in the package, which needs no
 * bundler setting. Pass a URL (or a `Response`, bytes or a compiled `WebAssembly.Module`) of
 * `prompt-assist/lite/prompt_assist_bg.wasm` to load a file you host instead. In Node the module
 * is loaded at import and this resolves at once. The lite module is separate from the main
 * one: each has its own `init`.
 *
 * @example
 * import init, { validateDraft } from 'prompt-assist/lite';
 * init().then(() => console.log(validateDraft('<prompt><goal>Hi</goal></prompt>').ok));
 */
export default function init(input?: InitInput): Promise<void>;

/** The package version, the same as the main module's `version()`. */
export function version(): string;

/**
 * The names a variable context makes available, sorted and de-duplicated, as the main package's
 * `variableNames`. Throws a `TypeError` when `variableContext` is not an object.
 *
 * @example
 * variableNames({ firstName: 'Alex', contact: { Fields: ['email'] } }); // ['contact.email', 'firstName']
 */
export function variableNames(variableContext: VariableContext): string[];

/**
 * Every `@name` reference in `text`, in order, as the main package's `findVariables`. `known` is
 * whether the context has the name, or `null` when no context was given. Throws a `TypeError`
 * when `text` is not a string or `variableContext` is not an object.
 *
 * @example
 * findVariables('Hi @firstName', { firstName: 'Alex' });
 * // [{ name: 'firstName', start: 3, end: 13, line: 1, column: 4, known: true }]
 */
export function findVariables(text: string, variableContext?: VariableContext): VariableRef[];

/**
 * Validates a draft prompt as the main package's `validateDraft` does: XML well-formedness, one
 * root element, the limits, the sections, and every `@name` against `variableContext` when one
 * is given (an unknown name is an `unknown-variable` error with a `suggestion` when a known name
 * is close). Findings are returned, never thrown; a `TypeError` only when `xml` is not a string
 * or `variableContext` is not an object.
 *
 * @example
 * validateDraft('<prompt><goal>Hi @frstName</goal></prompt>', { firstName: 'Alex' }).issues[0].suggestion; // 'firstName'
 */
export function validateDraft(xml: string, variableContext?: VariableContext): DraftValidation;

/**
 * `@variable` completion at `offset` (a UTF-16 position in `text`, such as a cursor), as the main
 * package's `completeVariables`: `null` unless the cursor is inside or right after a reference
 * position (not inside `leo@example.com`, not in an XML comment or tag markup). Throws a
 * `TypeError` when `offset` is not a non-negative integer or `variableContext` is not an object,
 * and a `RangeError` when `offset` is past `text.length`.
 *
 * @example
 * completeVariables('Hi @fi', 6, { firstName: 'Alex' });
 * // { from: 4, to: 6, filter: false, options: [{ label: 'firstName', type: 'variable', detail: 'Alex' }] }
 */
export function completeVariables(
  text: string,
  offset: number,
  variableContext: VariableContext,
): VariableCompletion | null;
