// The package's exports: the ONE list, from the WebAssembly module and the JS written over it. browser.js and node.js
// re-export it and add their own `init`; the .d.ts declares the same names, and
// tests/js/import.test.mjs checks that the three agree. Each export throws until the module is
// loaded (lifecycle.js).
//
// Side effects: none that anything but these exports can observe (see lifecycle.js).
import * as glue from './prompt_assist.js';
import { bind } from './lifecycle.js';
import * as stream from './stream.js';
import * as conversation from './conversation.js';
import { definePush } from './session.js';

definePush(glue.AssistantSession);
const lifecycle = bind(glue);

export const {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  mergeDraft,
  completeVariables,
  version,
} = lifecycle.exports;

// Written in JS over the module's StreamDriver and ConversationCore (stream.js,
// conversation.js), guarded the same way.
export const streamPromptAssistant = lifecycle.guard('streamPromptAssistant', stream.streamPromptAssistant);
export const Conversation = lifecycle.guardNew('Conversation', conversation.Conversation);
