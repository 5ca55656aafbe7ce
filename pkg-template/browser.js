// The browser and bundler entry, and the module that a page or worker without a bundler imports
// by path. `init()` unpacks the WebAssembly module inlined (gzip-compressed, base64) in
// prompt_assist_inline.js: there is no .wasm file to locate, so the same import works in Vite
// (dev and build), webpack, esbuild and a plain <script type="module"> with no setting.
// `init(url)` and the other inputs load a .wasm the caller hosts instead.
//
// Side effects: none; importing this file only defines its exports.
import * as glue from './prompt_assist.js';
import embedded from './prompt_assist_inline.js';
import { bind } from './lifecycle.js';

export * from './api.js';

/** Loads the WebAssembly module: see `init` in prompt-assist.d.ts. */
export default function init(input) {
  return bind(glue).init(input, embedded);
}
