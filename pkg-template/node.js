// The Node entry: the module is compiled and instantiated synchronously at import, from the
// .wasm file next to this one, so every export works at once and `init()` resolves at once.
import { readFileSync } from 'node:fs';
import { initSync } from './prompt_assist.js';

// The same named exports as the browser entry (`export *` leaves its default `init` out).
export * from './browser.js';

initSync({ module: readFileSync(new URL('./prompt_assist_bg.wasm', import.meta.url)) });

const ready = Promise.resolve();

// eslint-disable-next-line no-unused-vars
export default function init(_input) {
  return ready;
}
