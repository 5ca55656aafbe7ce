// The Node entry: the module is compiled and instantiated synchronously at import, from the
// .wasm file next to this one, so every export works at once and `init()` resolves at once.
import { readFileSync } from 'node:fs';
import { initSync } from './prompt_assist.js';

export {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  version,
  streamPromptAssistant,
} from './prompt_assist.js';

initSync({ module: readFileSync(new URL('./prompt_assist_bg.wasm', import.meta.url)) });

const ready = Promise.resolve();

// eslint-disable-next-line no-unused-vars
export default function init(_input) {
  return ready;
}
