// A module worker of a bundled app: the same import as the page.
import init, { validateDraft } from 'prompt-assist';
import initLite, { validateDraft as validateDraftLite } from 'prompt-assist/lite';
import { checkBoth } from './check.js';

checkBoth({ init, validateDraft }, { init: initLite, validateDraft: validateDraftLite }).then(
  (result) => postMessage(result),
  (error) => postMessage({ error: String(error?.stack ?? error) }),
);
