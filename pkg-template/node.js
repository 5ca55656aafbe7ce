// The Node entry (the `node` export condition): the module is compiled and instantiated
// synchronously at import, from the .wasm file next to this one, so every export works at once
// and `init()` resolves at once. It never loads the inlined copy that browser.js uses.
//
// Side effects: yes, and package.json's `sideEffects` says so. Instantiating the module at import
// is what makes the exports usable, and the exports are re-exports: a bundler told that this
// file had no side effects could link them straight to api.js and skip this file.
import { readFileSync } from 'node:fs';
import * as glue from './prompt_assist.js';
import { bind } from './lifecycle.js';

export * from './api.js';

glue.initSync({ module: readFileSync(new URL('./prompt_assist_bg.wasm', import.meta.url)) });
bind(glue).markReady();

/** Resolves at once: the module was loaded at import. */
export default function init() {
  return bind(glue).init();
}
