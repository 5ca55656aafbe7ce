// The Node entry of prompt-assist/lite (the `node` export condition). As ../node.js: the lite
// module is compiled and instantiated synchronously at import, from the .wasm file next to this
// one, so every export works at once and `init()` resolves at once.
//
// Side effects: yes, and package.json's `sideEffects` says so (see ../node.js for why).
import { readFileSync } from 'node:fs';
import * as glue from './prompt_assist.js';
import { bind, LITE } from '../lifecycle.js';

export * from './api.js';

glue.initSync({ module: readFileSync(new URL('./prompt_assist_bg.wasm', import.meta.url)) });
bind(glue, LITE).markReady();

/** Resolves at once: the module was loaded at import. */
export default function init() {
  return bind(glue, LITE).init();
}
