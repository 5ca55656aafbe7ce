// The exports of prompt-assist/lite (API.md §2): the ONE list, from the lite WebAssembly module
// (the crate built without its `full` feature). browser.js and node.js re-export it and add
// their own `init`; index.d.ts declares the same names, and tests/js/lite.test.mjs checks that
// they agree. Each export throws until the module is loaded (../lifecycle.js), with a message
// that names "prompt-assist/lite".
//
// Side effects: none that anything but these exports can observe (see ../lifecycle.js).
import * as glue from './prompt_assist.js';
import { bind, LITE } from '../lifecycle.js';

export const { variableNames, findVariables, validateDraft, completeVariables, version } = bind(glue, LITE).exports;
