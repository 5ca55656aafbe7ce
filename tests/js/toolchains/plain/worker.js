// ...and the package's path in a worker, which import maps do not reach.
import init, { validateDraft } from '/node_modules/prompt-assist/browser.js';
import { check } from '/check.js';

check({ init, validateDraft }).then(
  (result) => postMessage(result),
  (error) => postMessage({ error: String(error?.stack ?? error) }),
);
