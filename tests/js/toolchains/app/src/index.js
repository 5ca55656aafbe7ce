// The page of a bundled app: checks the package here and in a module worker, then puts both
// results on window.__results for the test.
import init, { validateDraft } from 'prompt-assist';
import initLite, { validateDraft as validateDraftLite } from 'prompt-assist/lite';
import { checkBoth } from './check.js';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const fromWorker = new Promise((resolve) => {
  worker.onmessage = (event) => resolve(event.data);
  worker.onerror = (event) => resolve({ error: event.message || 'the worker failed to load' });
});
Promise.all([checkBoth({ init, validateDraft }, { init: initLite, validateDraft: validateDraftLite }), fromWorker]).then(
  ([page, worker]) => {
    window.__results = { page, worker };
  },
  (error) => {
    window.__results = { error: String(error?.stack ?? error) };
  },
);
