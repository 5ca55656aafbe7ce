// The browser and bundler entry. `init()` fetches and instantiates prompt_assist_bg.wasm (Vite
// and other bundlers see the `new URL(..., import.meta.url)` in prompt_assist.js and ship the
// file). Calling it again returns the same promise.
import initWasm from './prompt_assist.js';

export {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  completeVariables,
  diffPrompts,
  renderDiffHtml,
  version,
  streamPromptAssistant,
} from './prompt_assist.js';

let ready;

export default function init(input) {
  if (ready === undefined) {
    // wasm-bindgen wants `{ module_or_path }`; accept the bare input too.
    const arg =
      input === undefined || (input !== null && Object.getPrototypeOf(input) === Object.prototype)
        ? input
        : { module_or_path: input };
    ready = initWasm(arg).then(
      () => undefined,
      (error) => {
        ready = undefined; // a failed load may be retried
        throw error;
      },
    );
  }
  return ready;
}
