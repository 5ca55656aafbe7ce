// streamPromptAssistant (API.md §5): the I/O of the network stream.
//
// Every rule of the transport (what is sent, which failures retry and after how long, the idle
// timeout, when to stop reading, what each error says, scrubbing the token) is decided by the
// wasm module's StreamDriver (src/transport/driver.rs, tested natively). This file only performs
// what the driver asks for: fetch, read the body, wait, and run one idle timer. It feeds back
// what happened and hands out the events the driver produced.
//
// Each wait is raced against an interrupt that aborting and the idle timer resolve at once, so a
// pending next() settles the moment the stream is aborted (by options.signal, abort(), return())
// or times out, whatever the network does; the request and its body are cancelled as well.
import { StreamDriver } from './prompt_assist.js';

const END = Object.freeze({ value: undefined, done: true });
const TIMED_OUT = Symbol('timed out');
const DISPOSE = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('Symbol.dispose');
const ASYNC_DISPOSE =
  typeof Symbol.asyncDispose === 'symbol' ? Symbol.asyncDispose : Symbol.for('Symbol.asyncDispose');

// A stream dropped unfinished (its iterator abandoned and collected) must not keep a connection
// open. The held value is the stream's AbortController, never the stream itself.
const abandoned =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((controller) => controller.abort()) : null;

function isAbortSignal(value) {
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true;
  // One from another realm (an iframe, a vm context).
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function' &&
    typeof value.removeEventListener === 'function'
  );
}

function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** `headers` as JSON for the driver: a Headers object (or anything with `entries()`) as pairs. */
function plainHeaders(headers) {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return headers;
  if (typeof headers.entries === 'function' && typeof headers.get === 'function') {
    return Array.from(headers.entries());
  }
  return headers;
}

/** What a failed fetch or read says about its cause: a system error code, else its message. */
function causeOf(error) {
  const cause = error && typeof error === 'object' ? error.cause : undefined;
  if (cause && typeof cause === 'object') {
    if (typeof cause.code === 'string' && cause.code) return cause.code;
    if (typeof cause.message === 'string' && cause.message) return cause.message;
  }
  if (error && typeof error.message === 'string') return error.message;
  return String(error ?? '');
}

function freed(method) {
  return new Error(
    `PromptAssistantStream.${method}() was called after this PromptAssistantStream was freed ` +
      '(by free() or at the end of a "using" block): create a new one instead.',
  );
}

/**
 * Sends `request` to the assistant and returns the stream of its events. Never throws for bad
 * input: a bad request or bad options give one `invalid-request` event and nothing is sent.
 */
export function streamPromptAssistant(request, options) {
  return new PromptAssistantStream(request, options);
}

/**
 * For the package's Conversation: a stream that reads on its own (eagerly, whether or not
 * anyone iterates it) and calls `onPatch(json)` with the turn's changes after each read that
 * changed something (see `StreamDriver.patch`), the last time when it finishes.
 */
export function openTurn(request, options, onPatch) {
  return new PromptAssistantStream(request, options, onPatch);
}

/** What `streamPromptAssistant` returns (exported for tests; the package does not re-export it). */
export class PromptAssistantStream {
  /** @type {StreamDriver | null} null once finished: its wasm memory is freed at once. */
  #driver;
  #queue = [];
  #finished = false;
  #started = false;
  /** The last step the driver asked for. */
  #step = null;
  /** Calls to next() are served in order. */
  #tail = Promise.resolve();
  #controller = new AbortController();
  #fetch;
  #request = null;
  #response = null;
  #reader = null;
  #signal = null;
  #onAbort = null;
  /** Date.now() by which the idle timer fires, or null. */
  #deadline = null;
  #timedOut = false;
  /** Resolves (to null) when the stream is aborted or finishes: every pending wait ends then. */
  #wake = null;
  #interrupt = null;
  #snapshotJson = null;
  /** free() was called: the snapshot is gone too. */
  #freed = false;
  /** A conversation turn's listener (see openTurn): the stream then reads eagerly. */
  #onPatch = null;
  /** Resolvers of next() calls waiting for an eager stream's reads. */
  #waiting = [];

  constructor(request, options, onPatch = null) {
    const given = options !== null && typeof options === 'object' ? options : {};
    const { signal, fetch: fetchOption, headers, ...rest } = given;
    const json = options === null || typeof options !== 'object' ? options : { ...rest };
    if (json && typeof json === 'object') {
      if (headers !== undefined) json.headers = plainHeaders(headers);
      if (signal !== undefined && signal !== null) json.signal = isAbortSignal(signal) ? true : kindOf(signal);
      if (fetchOption !== undefined && fetchOption !== null) {
        json.fetch = typeof fetchOption === 'function' ? true : kindOf(fetchOption);
      }
    }
    this.#onPatch = onPatch;
    this.#driver = new StreamDriver(request, json, Math.floor(Math.random() * 2 ** 52), onPatch !== null);
    this.#fetch = typeof fetchOption === 'function' ? fetchOption : globalThis.fetch;
    this.#resetInterrupt();
    abandoned?.register(this, this.#controller, this);
    if (isAbortSignal(signal)) {
      if (signal.aborted) {
        this.abort();
      } else {
        this.#signal = signal;
        this.#onAbort = () => this.abort();
        signal.addEventListener('abort', this.#onAbort, { once: true });
      }
    }
    if (onPatch !== null) {
      this.#patch();
      void this.#readEagerly();
    }
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** The next event, `{ value, done }`. Never rejects; calls are served in order. */
  next() {
    if (this.#freed) throw freed('next');
    const result = this.#tail.then(() => this.#next());
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Leaving a `for await` early: aborts (unless already ended) and finishes the iterator. */
  return() {
    if (!this.#freed) this.abort();
    return Promise.resolve(END);
  }

  /** Cancels the request and the body. No `error` event; the phase becomes `aborted`. */
  abort() {
    if (this.#freed) throw freed('abort');
    if (this.#finished) return;
    this.#queue.length = 0;
    this.#apply(this.#driver.abort());
    this.#wake?.();
  }

  /** Everything learnt so far (API.md §3 `SessionSnapshot`). */
  snapshot() {
    if (this.#freed) throw freed('snapshot');
    return JSON.parse(this.#snapshotJson ?? this.#driver.snapshot());
  }

  /**
   * Aborts the stream if it is still running and frees its memory at once; the snapshot goes
   * too. Calling it again is harmless; next() then reports the end.
   */
  free() {
    if (this.#freed) return;
    this.abort();
    this.#freed = true;
    this.#snapshotJson = null;
  }

  [DISPOSE]() {
    this.free();
  }

  [ASYNC_DISPOSE]() {
    this.free();
    return Promise.resolve();
  }

  async #next() {
    for (;;) {
      if (this.#queue.length > 0) return { value: this.#queue.shift(), done: false };
      if (this.#finished) return END;
      if (this.#onPatch === null) await this.#advance();
      else await new Promise((resolve) => this.#waiting.push(resolve));
    }
  }

  /** A turn's stream reads to the end whether or not anyone iterates it. */
  async #readEagerly() {
    while (!this.#finished) await this.#advance();
  }

  /** Tells the turn's listener what changed, if anything did. */
  #patch() {
    const patch = this.#driver.patch();
    if (patch !== undefined) this.#onPatch(patch);
  }

  /** Performs the current step and feeds its outcome to the driver. */
  async #advance() {
    if (!this.#started) {
      this.#started = true;
      this.#apply(this.#driver.start());
      return;
    }
    const step = this.#step;
    if (step.step === 'connect') return this.#connect(step);
    if (step.step === 'read') return this.#read();
    if (step.step === 'read-text') return this.#readText();
  }

  async #connect({ delayMs, idleMs }) {
    if (delayMs > 0 && (await this.#race(new Promise((resolve) => setTimeout(resolve, delayMs)))) === null) {
      return this.#interrupted();
    }
    this.#deadline = idleMs === null ? null : Date.now() + idleMs;
    // A retry: let go of the previous attempt's response.
    this.#reader = null;
    this.#response = null;
    this.#request ??= JSON.parse(this.#driver.request());
    const { url, body, headers, credentials } = this.#request;
    let sent;
    try {
      sent = this.#fetch.call(globalThis, url, {
        method: 'POST',
        headers,
        body,
        credentials,
        signal: this.#controller.signal,
      });
    } catch (error) {
      sent = Promise.reject(error);
    }
    const outcome = await this.#race(sent);
    if (outcome === null) return this.#interrupted();
    if ('error' in outcome) return this.#apply(this.#driver.failed(causeOf(outcome.error)));
    const response = outcome.value;
    this.#response = response;
    this.#apply(this.#driver.response(response.status, response.headers.get('retry-after') ?? undefined));
    if (this.#step?.step === 'read') {
      if (response.body) {
        this.#reader = response.body.getReader();
      } else {
        this.#apply(this.#driver.end());
      }
    }
  }

  async #read() {
    const outcome = await this.#race(this.#reader.read());
    if (outcome === null) return this.#interrupted();
    if ('error' in outcome) return this.#apply(this.#driver.failed(causeOf(outcome.error)));
    const { done, value } = outcome.value;
    this.#apply(done ? this.#driver.end() : this.#driver.chunk(value));
  }

  async #readText() {
    const outcome = await this.#race(this.#response.text());
    if (outcome === null) return this.#interrupted();
    if ('error' in outcome) return this.#apply(this.#driver.failed(causeOf(outcome.error)));
    this.#apply(this.#driver.errorBody(outcome.value, Date.now()));
  }

  /** The race was won by an abort (already handled: the stream is finished) or by the idle timer. */
  #interrupted() {
    if (this.#finished) return;
    if (this.#timedOut) this.#apply(this.#driver.timeout());
  }

  /**
   * Waits for `promise`, the idle deadline, or an abort, whichever comes first: `{ value }` or
   * `{ error }` when the promise settled first, `null` when it was interrupted (then
   * `#timedOut` says whether by the idle timer).
   */
  async #race(promise) {
    const settled = Promise.resolve(promise).then(
      (value) => ({ value }),
      (error) => ({ error }),
    );
    const contenders = [settled, this.#interrupt];
    let timer;
    if (this.#deadline !== null) {
      const ms = Math.max(0, Math.min(this.#deadline - Date.now(), 2 ** 31 - 1));
      contenders.push(new Promise((resolve) => (timer = setTimeout(resolve, ms, TIMED_OUT))));
    }
    try {
      const winner = await Promise.race(contenders);
      if (winner === TIMED_OUT) {
        this.#timedOut = true;
        return null;
      }
      return winner;
    } finally {
      clearTimeout(timer);
    }
  }

  #resetInterrupt() {
    this.#interrupt = new Promise((resolve) => {
      this.#wake = () => resolve(null);
    });
  }

  /** Applies one output of the driver: its events, its timer, its next step. */
  #apply(json) {
    const output = JSON.parse(json);
    for (const event of output.events) this.#queue.push(event);
    if (output.timer === 'restart') this.#deadline = Date.now() + output.timerMs;
    else if (output.timer === 'clear') this.#deadline = null;
    this.#step = output;
    if (this.#onPatch !== null) this.#patch();
    if (output.step === 'finish') this.#close();
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  /** The driver is done: cancel whatever is open, keep the snapshot, free the wasm memory. */
  #close() {
    if (this.#finished) return;
    this.#finished = true;
    this.#deadline = null;
    const reader = this.#reader;
    this.#reader = null;
    if (reader) reader.cancel().catch(() => undefined);
    else if (this.#response?.body && !this.#response.bodyUsed) this.#response.body.cancel().catch(() => undefined);
    this.#controller.abort();
    abandoned?.unregister(this);
    this.#response = null;
    if (this.#signal) {
      this.#signal.removeEventListener('abort', this.#onAbort);
      this.#signal = null;
      this.#onAbort = null;
    }
    this.#snapshotJson = this.#driver.snapshot();
    this.#driver.free();
    this.#driver = null;
    this.#request = null;
    // Wake a pending wait: it must not outlive the stream.
    this.#wake?.();
  }
}
