// The package's exports from the WebAssembly module: the ONE list. browser.js and node.js
// re-export it and add their own `init`; the .d.ts declares the same names, and
// tests/js/import.test.mjs checks that the three agree. Each export throws until the module is
// loaded (lifecycle.js).
//
// Side effects: none that anything but these exports can observe (see lifecycle.js).
import * as glue from './prompt_assist.js';
import { bind } from './lifecycle.js';

export const {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  version,
  streamPromptAssistant,
} = bind(glue).exports;
