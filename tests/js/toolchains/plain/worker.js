// ...and the package's path in a worker, which import maps do not reach.
import init, { validateDraft } from '/node_modules/prompt-assist/browser.js';
import initLite, { validateDraft as validateDraftLite } from '/node_modules/prompt-assist/lite/browser.js';
import { checkBoth } from '/check.js';

checkBoth({ init, validateDraft }, { init: initLite, validateDraft: validateDraftLite }).then(
  (result) => postMessage(result),
  (error) => postMessage({ error: String(error?.stack ?? error) }),
);
