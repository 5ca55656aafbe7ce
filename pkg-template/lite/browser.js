// The browser and bundler entry of prompt-assist/lite, and the module that a page or worker
// without a bundler imports by path. As ../browser.js: `init()` unpacks the lite WebAssembly
// module inlined (gzip-compressed, base64) in prompt_assist_inline.js, so no bundler setting is
// needed; `init(url)` and the other inputs load a lite/prompt_assist_bg.wasm the caller hosts.
//
// Side effects: none; importing this file only defines its exports.
import * as glue from './prompt_assist.js';
import embedded from './prompt_assist_inline.js';
import { bind, LITE } from '../lifecycle.js';

export * from './api.js';

/** Loads the lite WebAssembly module: see `init` in index.d.ts. */
export default function init(input) {
  return bind(glue, LITE).init(input, embedded);
}
